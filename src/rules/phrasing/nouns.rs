//! The noun lexicon (`rules/nouns.toml`) shared by `phrasing/agreement` and
//! `phrasing/possessive`: which words are surely singular or surely plural count nouns.

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

use crate::data::{DataError, DataSet};

#[derive(Clone, Deserialize)]
struct Data {
    count_nouns: Vec<String>,
    irregular: Vec<String>,
    invariant: Vec<String>,
    verb_homographs: Vec<String>,
    quantifiers: Vec<String>,
    measures: Vec<String>,
    collectives: Vec<String>,
    plural_suffixes: Vec<String>,
    singular_suffixes: Vec<String>,
    noun_only_suffixes: Vec<String>,
}

/// What the lists say of a lower-case form.
#[derive(Debug, Clone, Copy, Default)]
struct Known {
    /// Its number, when it is a listed count noun of sure number; forms that can be either
    /// have none.
    number: Option<Number>,
    invariant: bool,
    verb_homograph: bool,
}

/// Number of a word, when the lexicon is sure of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    Singular,
    Plural,
}

pub struct Nouns {
    /// Lower-case form → what the lists say of it: [`Nouns::guess_number`] asks all three at
    /// most words of an article, so one probe answers.
    words: FxHashMap<String, Known>,
    /// Plural → singular, for messages: "a new budgets" → "a new budget"?
    singular_of: FxHashMap<String, String>,
    /// Singular → plural, for messages: "these proposal" → "these proposals"?
    plural_of: FxHashMap<String, String>,
    quantifiers: FxHashSet<String>,
    measures: FxHashSet<String>,
    collectives: FxHashSet<String>,
    /// The guessing endings, (ending, number), longest first, by their last two bytes: a word
    /// is compared with the few that end as it does, not with every ending.
    suffixes: FxHashMap<[u8; 2], Vec<(String, Number)>>,
    /// The endings of fewer than two bytes, after every longer one.
    short_suffixes: Vec<(String, Number)>,
    /// Plural endings that no everyday verb shares: "-ists", "-ities".
    noun_only_suffixes: Vec<String>,
}

impl Nouns {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        Nouns::of(data.load("nouns")?)
    }

    fn of(data: Data) -> Result<Self, DataError> {
        let mut irregular: FxHashMap<String, String> = FxHashMap::default();
        for pair in &data.irregular {
            let mut words = pair.split_whitespace();
            let (Some(one), Some(many), None) = (words.next(), words.next(), words.next()) else {
                return Err(DataError(format!(
                    "rules/nouns.toml irregular: expected \"singular plural\", got {pair:?}"
                )));
            };
            irregular.insert(one.to_lowercase(), many.to_lowercase());
        }
        let invariant: FxHashSet<String> =
            data.invariant.iter().map(|s| s.to_lowercase()).collect();
        // Sized at once: grown step by step, each table was built again at every step.
        let nouns = data.count_nouns.len();
        let mut forms = FxHashMap::with_capacity_and_hasher(2 * nouns, Default::default());
        let mut singular_of: FxHashMap<String, String> =
            FxHashMap::with_capacity_and_hasher(nouns, Default::default());
        let mut plural_of: FxHashMap<String, String> =
            FxHashMap::with_capacity_and_hasher(nouns, Default::default());
        for noun in data.count_nouns.iter().map(|s| s.to_lowercase()) {
            let plural = irregular
                .get(&noun)
                .cloned()
                .unwrap_or_else(|| regular_plural(&noun));
            if plural == noun {
                continue;
            }
            forms.insert(noun.clone(), Number::Singular);
            forms.insert(plural.clone(), Number::Plural);
            singular_of.insert(plural.clone(), noun.clone());
            plural_of.insert(noun, plural);
        }
        // A form that is both ("means", "series") or declared invariant proves nothing.
        forms.retain(|form, number| {
            !(invariant.contains(form)
                || *number == Number::Plural && plural_of.contains_key(form.as_str()))
        });
        let mut suffixes: Vec<(String, Number)> = data
            .plural_suffixes
            .iter()
            .map(|s| (s.to_lowercase(), Number::Plural))
            .chain(
                data.singular_suffixes
                    .iter()
                    .map(|s| (s.to_lowercase(), Number::Singular)),
            )
            .collect();
        suffixes.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let mut grouped: FxHashMap<[u8; 2], Vec<(String, Number)>> = FxHashMap::default();
        let mut short_suffixes = Vec::new();
        for (suffix, number) in suffixes {
            match last_two(&suffix) {
                Some(end) => grouped.entry(end).or_default().push((suffix, number)),
                None => short_suffixes.push((suffix, number)),
            }
        }
        let mut words: FxHashMap<String, Known> = forms
            .into_iter()
            .map(|(form, number)| {
                let number = Some(number);
                (
                    form,
                    Known {
                        number,
                        ..Known::default()
                    },
                )
            })
            .collect();
        for form in invariant {
            words.entry(form).or_default().invariant = true;
        }
        for form in data.verb_homographs.iter().map(|s| s.to_lowercase()) {
            words.entry(form).or_default().verb_homograph = true;
        }
        Ok(Nouns {
            words,
            measures: data.measures.iter().map(|s| s.to_lowercase()).collect(),
            collectives: data.collectives.iter().map(|s| s.to_lowercase()).collect(),
            noun_only_suffixes: data.noun_only_suffixes,
            suffixes: grouped,
            short_suffixes,
            singular_of,
            plural_of,
            quantifiers: data.quantifiers.iter().map(|s| s.to_lowercase()).collect(),
        })
    }

    /// The number of a lower-case word, if it is a listed count noun of sure number.
    pub fn number(&self, lower: &str) -> Option<Number> {
        self.known(lower).number
    }

    fn known(&self, lower: &str) -> Known {
        self.words.get(lower).copied().unwrap_or_default()
    }

    /// The number of a lower-case word: listed, or guessed from a noun ending ("-ments",
    /// "-ship"). Not for words that may be verbs: "each enters" is no plural noun.
    pub fn guess_number(&self, lower: &str) -> Option<Number> {
        let known = self.known(lower);
        if known.number.is_some() || known.invariant || known.verb_homograph {
            return known.number;
        }
        let grouped = last_two(lower).and_then(|end| self.suffixes.get(&end));
        let (_, number) = grouped
            .into_iter()
            .flatten()
            .chain(&self.short_suffixes)
            .find(|(s, _)| lower.len() >= s.len() + 2 && ends_in(lower, s))?;
        // A singular whose plural is also a verb ("comment", "mention") may be that verb.
        if *number == Number::Singular && self.is_verb_too(&regular_plural(lower)) {
            return None;
        }
        Some(*number)
    }

    /// A plural that cannot be a verb: listed, or with an ending only nouns have ("each
    /// scientists"), as opposed to "-ers" ("one registers").
    pub fn surely_plural_noun(&self, lower: &str) -> bool {
        if self.is_verb_too(lower) {
            return false;
        }
        self.number(lower) == Some(Number::Plural)
            || self.guess_number(lower) == Some(Number::Plural)
                && self
                    .noun_only_suffixes
                    .iter()
                    .any(|s| lower.ends_with(s.as_str()))
    }

    pub fn is_noun(&self, lower: &str) -> bool {
        self.number(lower).is_some()
    }

    /// A plural that is also an everyday verb form: "plans", "costs".
    pub fn is_verb_too(&self, lower: &str) -> bool {
        self.known(lower).verb_homograph
    }

    /// "few", "dozen", "record": a word that lets a plural follow "a".
    pub fn is_quantifier(&self, lower: &str) -> bool {
        self.quantifiers.contains(lower)
    }

    /// Units of time, distance and money, which take a singular verb as an amount: "two
    /// years is a long time".
    pub fn is_measure(&self, lower: &str) -> bool {
        self.measures.contains(lower)
    }

    /// "news", "series": a form that is either number, or looks plural and is not.
    pub fn is_invariant(&self, lower: &str) -> bool {
        self.known(lower).invariant
    }

    /// A group that may take a plural verb: "the family, who were".
    pub fn is_collective(&self, lower: &str) -> bool {
        self.collectives.contains(lower)
    }

    pub fn singular_of(&self, plural: &str) -> Option<&str> {
        self.singular_of.get(plural).map(String::as_str)
    }

    pub fn plural_of(&self, singular: &str) -> Option<&str> {
        self.plural_of.get(singular).map(String::as_str)
    }
}

/// `word.ends_with(suffix)`, compared byte by byte from the end: most words differ from
/// most suffixes in their last byte or the one before, where `ends_with` called `memcmp`
/// for each suffix.
fn ends_in(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word
            .bytes()
            .rev()
            .zip(suffix.bytes().rev())
            .all(|(a, b)| a == b)
}

/// The last two bytes of `word`.
fn last_two(word: &str) -> Option<[u8; 2]> {
    let b = word.as_bytes();
    b.len().checked_sub(2).map(|n| [b[n], b[n + 1]])
}

/// "policy" → "policies", "match" → "matches", "voter" → "voters".
fn regular_plural(noun: &str) -> String {
    let bytes = noun.as_bytes();
    let consonant_y = noun.ends_with('y')
        && bytes.len() >= 2
        && !matches!(bytes[bytes.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The same answer as `str::ends_with`, on suffixes of the word and others.
        #[test]
        fn ends_in_is_ends_with(word in "[a-eé]{0,8}", suffix in "[a-eé]{0,4}", cut in 0usize..9) {
            prop_assert_eq!(ends_in(&word, &suffix), word.ends_with(suffix.as_str()));
            let tail = word.char_indices().nth(cut).map_or("", |(i, _)| &word[i..]);
            prop_assert_eq!(ends_in(&word, tail), word.ends_with(tail));
        }
    }

    /// [`Nouns::guess_number`] as first written: the lists asked one by one, every ending
    /// tried, longest first.
    fn plain_guess(nouns: &Nouns, data: &Data, lower: &str) -> Option<Number> {
        let listed = |list: &[String], word: &str| list.iter().any(|s| s.to_lowercase() == word);
        if let Some(number) = nouns.number(lower) {
            return Some(number);
        }
        if listed(&data.invariant, lower) || listed(&data.verb_homographs, lower) {
            return None;
        }
        let plural = data.plural_suffixes.iter().map(|s| (s, Number::Plural));
        let singular = data.singular_suffixes.iter().map(|s| (s, Number::Singular));
        let mut suffixes: Vec<(String, Number)> = plural
            .chain(singular)
            .map(|(s, n)| (s.to_lowercase(), n))
            .collect();
        suffixes.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let (_, number) = suffixes
            .iter()
            .find(|(s, _)| lower.len() >= s.len() + 2 && lower.ends_with(s.as_str()))?;
        if *number == Number::Singular && listed(&data.verb_homographs, &regular_plural(lower)) {
            return None;
        }
        Some(*number)
    }

    /// The shipped lexicon with endings of one byte and none added, which come last.
    fn edited() -> Data {
        let mut data: Data = DataSet::embedded().load("nouns").unwrap();
        data.singular_suffixes
            .extend(["y".to_string(), "é".to_string()]);
        data.plural_suffixes
            .extend(["s".to_string(), String::new()]);
        data
    }

    /// Listed words, their plurals, and words with the guessing endings.
    fn words() -> Vec<String> {
        let data = edited();
        let lists = [
            &data.count_nouns,
            &data.invariant,
            &data.verb_homographs,
            &data.plural_suffixes,
            &data.singular_suffixes,
        ];
        let listed = lists.into_iter().flatten().map(|s| s.to_lowercase());
        listed.flat_map(|w| [regular_plural(&w), w]).collect()
    }

    proptest! {
        /// The guess is the one asking each list and trying every ending finds, with the
        /// shipped endings and with short ones added.
        #[test]
        fn guess_number_is_the_plain_guess(
            word in proptest::sample::select(words()),
            stem in "[a-zé]{0,4}",
        ) {
            static BUILT: std::sync::OnceLock<Vec<(Data, Nouns)>> = std::sync::OnceLock::new();
            let built = BUILT.get_or_init(|| {
                [DataSet::embedded().load("nouns").unwrap(), edited()]
                    .into_iter()
                    .map(|data| (data.clone(), Nouns::of(data).unwrap()))
                    .collect()
            });
            for (data, nouns) in built {
                for lower in [word.clone(), format!("{stem}{word}"), stem.clone()] {
                    prop_assert_eq!(
                        nouns.guess_number(&lower),
                        plain_guess(nouns, data, &lower),
                        "{}", lower
                    );
                }
            }
        }
    }

    #[test]
    fn plurals_and_traps() {
        let nouns = Nouns::new(&DataSet::embedded()).unwrap();
        assert_eq!(nouns.number("policies"), Some(Number::Plural));
        assert_eq!(nouns.number("policy"), Some(Number::Singular));
        assert_eq!(nouns.number("witnesses"), Some(Number::Plural));
        assert_eq!(nouns.number("children"), Some(Number::Plural));
        assert_eq!(nouns.number("crises"), Some(Number::Plural));
        for trap in [
            "series",
            "news",
            "species",
            "means",
            "headquarters",
            "data",
            "media",
        ] {
            assert_eq!(nouns.number(trap), None, "{trap}");
        }
        assert_eq!(nouns.number("aircraft"), None);
        assert_eq!(nouns.singular_of("wives"), Some("wife"));
        assert_eq!(nouns.plural_of("day"), Some("days"));
        assert_eq!(nouns.plural_of("survey"), Some("surveys"));
        assert_eq!(nouns.guess_number("contractors"), Some(Number::Plural));
        assert_eq!(nouns.guess_number("investment"), Some(Number::Singular));
        assert_eq!(nouns.guess_number("enters"), None);
        assert_eq!(nouns.guess_number("mention"), None);
        assert_eq!(nouns.guess_number("herpes"), None);
        assert_eq!(nouns.guess_number("images"), Some(Number::Plural));
        assert!(nouns.surely_plural_noun("scientists"));
        assert!(!nouns.surely_plural_noun("registers"));
        assert!(!nouns.surely_plural_noun("insists"));
    }
}
