//! Spun paraphrases, garbled syntax and mechanical damage.

mod article_a_an;
mod doubled_word;
mod expansion;
mod inflect;
mod phrase_matcher;
mod pos;
mod spun_collocation;
mod spun_phrase;
mod word_salad;

use super::Rule;
use crate::data::{DataError, DataSet};

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    Ok(vec![
        Box::new(doubled_word::DoubledWord::new(data)?),
        Box::new(article_a_an::ArticleAAn::new(data)?),
        Box::new(spun_collocation::SpunCollocation::new(data)?),
        Box::new(spun_phrase::SpunPhrase::new(data)?),
        Box::new(word_salad::WordSalad::new(data)?),
    ])
}
