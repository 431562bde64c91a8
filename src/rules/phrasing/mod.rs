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
pub(super) mod table_hash;
mod token_facts;
mod variant_tables;
mod variants;
mod word_key;
mod word_salad;

use std::sync::Arc;

use rayon::prelude::*;

use super::Rule;
use crate::data::{DataError, DataSet};

pub use token_facts::Tokens;

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

/// A paragraph as the phrase lexicons read it (its [`phrase_matcher::Text`]), with the spun
/// variants found in it: spun-phrase and spun-collocation each scanned the same words of the
/// same text, so the text is made once per paragraph ([`super::PerParagraph`]) and both
/// halves' variants are found in one scan. The variants hold for one table, the one whose
/// address they are kept with.
pub struct Lexed<'p> {
    text: phrase_matcher::Text<'p>,
    variants: std::cell::OnceCell<(usize, [Vec<variants::Found>; 2])>,
}

impl<'p> Lexed<'p> {
    pub fn new(source: &'p str) -> Lexed<'p> {
        Lexed {
            text: phrase_matcher::Text::new(source),
            variants: std::cell::OnceCell::new(),
        }
    }
}

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

/// `text.to_lowercase()`, with ASCII mapped byte by byte: prose is mostly ASCII but for
/// its curly quotes and dashes, and after the first of those `to_lowercase` decodes the
/// rest char by char. A capital sigma, whose lower case depends on its neighbours, is left
/// to `to_lowercase`.
fn lower_case(text: &str) -> String {
    if text.contains('\u{3a3}') {
        return text.to_lowercase();
    }
    let mut lower = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = lower.len();
        lower.push_str(&rest[..ascii]);
        lower[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            lower.extend(c.to_lowercase());
            rest = chars.as_str();
        }
    }
    lower
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same lower case as the standard library's, on any text.
        #[test]
        fn lower_case_is_to_lowercase(text in "(?s)[A-Za-z ’“”\u{2014}\u{3a3}\u{3c3}\u{130}\u{212a}\u{1c5}ÄÉéΑΒ.]{0,40}") {
            prop_assert_eq!(super::lower_case(&text), text.to_lowercase());
        }
    }
}
