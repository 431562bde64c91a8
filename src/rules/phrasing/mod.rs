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
mod variant_tables;
mod variants;
mod word_salad;

use std::sync::Arc;

use rayon::prelude::*;

use super::Rule;
use crate::data::{DataError, DataSet};

/// What several rules read, built once per engine: the noun lexicon (agreement and
/// possessive) and the listed expressions (the two halves of the spun variants). A rule
/// whose part failed to load reports the error in its turn.
struct Shared {
    nouns: Result<Arc<nouns::Nouns>, DataError>,
    expressions: Result<variants::Expressions, DataError>,
}

impl Shared {
    fn nouns(&self) -> Result<Arc<nouns::Nouns>, DataError> {
        self.nouns.clone()
    }

    fn expressions(&self) -> Result<&variants::Expressions, DataError> {
        self.expressions.as_ref().map_err(Clone::clone)
    }
}

type Builder = fn(&DataSet, &Shared) -> Result<Box<dyn Rule>, DataError>;

/// The rules in their order; they build independently, so at once where cores are free.
const BUILDERS: &[Builder] = &[
    |d, _| Ok(Box::new(doubled_word::DoubledWord::new(d)?)),
    |d, _| Ok(Box::new(article_a_an::ArticleAAn::new(d)?)),
    |_, s| Ok(Box::new(agreement::Agreement::new(s.nouns()?))),
    |d, _| Ok(Box::new(split_token::SplitToken::new(d)?)),
    |d, s| Ok(Box::new(possessive::Possessive::new(d, s.nouns()?)?)),
    |d, _| Ok(Box::new(residue::Residue::new(d)?)),
    |_, s| {
        Ok(Box::new(spun_collocation::SpunCollocation::new(
            s.expressions()?,
        )))
    },
    |d, s| Ok(Box::new(spun_phrase::SpunPhrase::new(d, s.expressions()?)?)),
    |d, _| Ok(Box::new(word_salad::WordSalad::new(d)?)),
];

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    let (nouns, expressions) = rayon::join(
        || nouns::Nouns::new(data).map(Arc::new),
        || variants::Expressions::load(data),
    );
    let shared = Shared { nouns, expressions };
    let built: Vec<_> = BUILDERS
        .par_iter()
        .map(|build| build(data, &shared))
        .collect();
    // The first rule's error, as when they were built in turn.
    built.into_iter().collect()
}
