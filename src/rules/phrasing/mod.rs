//! Spun paraphrases, garbled syntax and mechanical damage.

mod agreement;
mod article_a_an;
mod doubled_word;
mod inflect;
mod nouns;
mod phrase_matcher;
mod pos;
mod possessive;
mod residue;
mod split_token;
mod spun_collocation;
mod spun_phrase;
mod table_hash;
mod variants;
mod word_salad;

use super::Rule;
use crate::data::{DataError, DataSet};

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    Ok(vec![
        Box::new(doubled_word::DoubledWord::new(data)?),
        Box::new(article_a_an::ArticleAAn::new(data)?),
        Box::new(agreement::Agreement::new(data)?),
        Box::new(split_token::SplitToken::new(data)?),
        Box::new(possessive::Possessive::new(data)?),
        Box::new(residue::Residue::new(data)?),
        Box::new(spun_collocation::SpunCollocation::new(data)?),
        Box::new(spun_phrase::SpunPhrase::new(data)?),
        Box::new(word_salad::WordSalad::new(data)?),
    ])
}
