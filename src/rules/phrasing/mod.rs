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

use rayon::prelude::*;

use super::Rule;
use crate::data::{DataError, DataSet};

type Builder = fn(&DataSet) -> Result<Box<dyn Rule>, DataError>;

/// The rules in their order; they build independently, so at once where cores are free.
const BUILDERS: &[Builder] = &[
    |d| Ok(Box::new(doubled_word::DoubledWord::new(d)?)),
    |d| Ok(Box::new(article_a_an::ArticleAAn::new(d)?)),
    |d| Ok(Box::new(agreement::Agreement::new(d)?)),
    |d| Ok(Box::new(split_token::SplitToken::new(d)?)),
    |d| Ok(Box::new(possessive::Possessive::new(d)?)),
    |d| Ok(Box::new(residue::Residue::new(d)?)),
    |d| Ok(Box::new(spun_collocation::SpunCollocation::new(d)?)),
    |d| Ok(Box::new(spun_phrase::SpunPhrase::new(d)?)),
    |d| Ok(Box::new(word_salad::WordSalad::new(d)?)),
];

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    let built: Vec<_> = BUILDERS.par_iter().map(|build| build(data)).collect();
    // The first rule's error, as when they were built in turn.
    built.into_iter().collect()
}
