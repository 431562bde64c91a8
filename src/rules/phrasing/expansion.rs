//! The expansion of listed expressions into the variants an article spinner makes: each
//! swappable word replaced by each synonym from rules/synonyms.tsv, in every inflection,
//! minus variants that are listed or accepted English. One automaton over the variants of
//! collocations serves `phrasing/spun-collocation`; one over the variants of idioms and
//! fixed phrases serves `phrasing/spun-phrase`. Each is built on first use and shared.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use serde::Deserialize;

use super::inflect::{inflect, plural, Slot, VERB_SLOTS};
use super::phrase_matcher::PhraseMatcher;
use super::pos;
use crate::data::{DataError, DataSet};
use crate::segment::Paragraph;

static SYNONYMS: &str = include_str!("../../../rules/synonyms.tsv");

/// A compiled automaton's lists (by fingerprint) and half (idioms or collocations).
type CacheKey = (u64, bool);

/// rules/collocations.toml, lower-cased.
#[derive(Deserialize)]
pub struct Expressions {
    frozen: Vec<String>,
    verb_phrases: Vec<String>,
    noun_phrases: Vec<String>,
    verb_idioms: Vec<String>,
    fixed_phrases: Vec<String>,
    accepted: Vec<String>,
}

impl Expressions {
    pub fn load(data: &DataSet) -> Result<Expressions, DataError> {
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        let e: Expressions = data.load("collocations")?;
        Ok(Expressions {
            frozen: lower(e.frozen),
            verb_phrases: lower(e.verb_phrases),
            noun_phrases: lower(e.noun_phrases),
            verb_idioms: lower(e.verb_idioms),
            fixed_phrases: lower(e.fixed_phrases),
            accepted: lower(e.accepted),
        })
    }

    fn fingerprint(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for list in [
            &self.frozen,
            &self.verb_phrases,
            &self.noun_phrases,
            &self.verb_idioms,
            &self.fixed_phrases,
            &self.accepted,
        ] {
            list.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Every listed expression with the way it inflects and whether it is an idiom.
    pub fn expressions(&self) -> impl Iterator<Item = (&String, Kind, bool)> + '_ {
        self.verb_phrases
            .iter()
            .map(|e| (e, Kind::Verb, false))
            .chain(self.noun_phrases.iter().map(|e| (e, Kind::Noun, false)))
            .chain(self.verb_idioms.iter().map(|e| (e, Kind::Verb, true)))
            .chain(self.fixed_phrases.iter().map(|e| (e, Kind::Fixed, true)))
    }

    /// The automaton over the variants of the idioms (`idioms`) or of the collocations,
    /// shared by every engine with the same lists (the language server rebuilds engines when
    /// the config changes; tests build many).
    pub fn compile(&self, idioms: bool) -> Arc<Compiled> {
        static SHARED: Mutex<Vec<(CacheKey, Arc<Compiled>)>> = Mutex::new(Vec::new());
        let key = (self.fingerprint(), idioms);
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, compiled)) = shared.iter().find(|(k, _)| *k == key) {
            return Arc::clone(compiled);
        }
        let compiled = Arc::new(Compiled::build(self, idioms));
        shared.push((key, Arc::clone(&compiled)));
        compiled
    }
}

/// How a listed expression inflects: by its first word as a verb, by its last word as a
/// noun, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Verb,
    Noun,
    Fixed,
}

/// The automaton over every spun variant, and per variant the expressions it may come from.
pub struct Compiled {
    matcher: PhraseMatcher,
    originals: Vec<Vec<Original>>,
}

/// An expression a variant may come from, and whether it is a past participle ("drawn"),
/// which only an auxiliary before it tells from the past tense ("drew").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Original {
    text: String,
    participle: bool,
}

#[derive(Clone, Copy)]
enum Shape {
    Verb(Slot),
    Plural,
}

fn shapes(words: &[&str], kinds: &[Kind]) -> Vec<Shape> {
    let mut out = vec![Shape::Verb(Slot::Base)];
    if kinds.contains(&Kind::Verb) {
        out.extend(VERB_SLOTS[1..].iter().map(|&s| Shape::Verb(s)));
    }
    if kinds.contains(&Kind::Noun) && !words[words.len() - 1].ends_with('s') {
        out.push(Shape::Plural);
    }
    out
}

/// Whether `sub` can stand in the inflected slot: a spinner's verb for a verb, noun for a
/// noun. In the base form anything goes, as spinners ignore parts of speech.
fn fits(shape: Shape, sub: &str) -> bool {
    match shape {
        Shape::Verb(Slot::Base) => true,
        Shape::Verb(_) => pos::tags(sub) & pos::VERB != 0,
        Shape::Plural => pos::tags(sub) & pos::NOUN != 0,
    }
}

/// The expression in `shape`, with word `swap.0` replaced by `swap.1`.
fn render(words: &[&str], shape: Shape, swap: Option<(usize, &str)>) -> String {
    let last = words.len() - 1;
    let mut out = String::new();
    for (i, &word) in words.iter().enumerate() {
        let word = match swap {
            Some((j, sub)) if i == j => sub,
            _ => word,
        };
        if i > 0 {
            out.push(' ');
        }
        match shape {
            Shape::Verb(slot) if i == 0 => out.push_str(&inflect(word, slot)),
            Shape::Plural if i == last => out.push_str(&plural(word)),
            _ => out.push_str(word),
        }
    }
    out
}

impl Compiled {
    fn build(data: &Expressions, idioms: bool) -> Compiled {
        // Columns: word, substitutes, looser substitutes that only idioms take.
        let synonyms: HashMap<&str, Synonyms> = SYNONYMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut columns = l.split('\t');
                let word = columns.next()?;
                let mut list = || {
                    let column = columns.next().unwrap_or("");
                    column.split(' ').filter(|s| !s.is_empty()).collect()
                };
                let strict = list();
                let loose = if idioms { list() } else { Vec::new() };
                Some((word, Synonyms { strict, loose }))
            })
            .collect();
        let frozen: HashSet<&str> = data.frozen.iter().map(String::as_str).collect();
        let all_forms = |e: &String| {
            let words: Vec<&str> = e.split_whitespace().collect();
            shapes(&words, &[Kind::Verb, Kind::Noun])
                .into_iter()
                .map(|s| render(&words, s, None))
                .collect::<Vec<_>>()
        };
        // Anything listed as an expression or accepted is English, whatever it resembles.
        let ordinary: HashSet<String> = data
            .expressions()
            .map(|(e, _, _)| e)
            .chain(&data.accepted)
            .flat_map(all_forms)
            .collect();
        let mut variants: HashMap<String, Vec<Original>> = HashMap::new();
        for (expression, kind, idiom) in data.expressions() {
            let words: Vec<&str> = expression.split_whitespace().collect();
            if idiom != idioms || !has_frame(&words, kind) {
                continue;
            }
            for shape in shapes(&words, &[kind]) {
                let original = Original {
                    text: render(&words, shape, None),
                    participle: matches!(shape, Shape::Verb(Slot::Participle)),
                };
                for (i, word) in words.iter().enumerate() {
                    let inflected = match shape {
                        Shape::Verb(_) => i == 0,
                        Shape::Plural => i == words.len() - 1,
                    };
                    // Looser synonyms only where the idiom keeps two content words and its
                    // verb: "contain the key" for "hold the key" is plain English.
                    let loose = content_words(&words) >= 2 && !(kind == Kind::Verb && i == 0);
                    for sub in substitutes(word, &synonyms, &frozen, loose) {
                        if inflected && !fits(shape, &sub) {
                            continue;
                        }
                        let variant = render(&words, shape, Some((i, &sub)));
                        if ordinary.contains(&variant)
                            || i > 0 && reads_as_adjective(&variant, shape)
                        {
                            continue;
                        }
                        let originals = variants.entry(variant).or_default();
                        if !originals.contains(&original) {
                            originals.push(original.clone());
                        }
                    }
                }
            }
        }
        let mut variants: Vec<(String, Vec<Original>)> = variants.into_iter().collect();
        variants.sort();
        let matcher = PhraseMatcher::new(variants.iter().map(|(v, _)| v));
        Compiled {
            matcher,
            originals: variants.into_iter().map(|(_, o)| o).collect(),
        }
    }

    #[cfg(test)]
    pub fn variant_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    /// Spun variants in the paragraph, each with the expressions it may stand for, those that
    /// fit the words before it first.
    pub fn find<'a>(&'a self, p: &Paragraph) -> Vec<(Range<usize>, Vec<&'a str>)> {
        self.matcher
            .find(p)
            .into_iter()
            .map(|(pattern, span)| {
                let fitting = in_context(&self.originals[pattern], after_auxiliary(p, span.start));
                (span, fitting.into_iter().map(|o| o.text.as_str()).collect())
            })
            .collect()
    }
}

/// What a spinner may put for `word`: its synonyms, or for a compound ("chart-topping",
/// "best-seller") the compound with one part swapped ("graph-topping").
fn substitutes(
    word: &str,
    synonyms: &HashMap<&str, Synonyms>,
    frozen: &HashSet<&str>,
    loose: bool,
) -> Vec<String> {
    let swappable = |w: &str| !frozen.contains(w);
    let of = |w: &str| -> Vec<&str> {
        match synonyms.get(w) {
            Some(s) if swappable(w) => {
                let loose = if loose { &s.loose[..] } else { &[] };
                s.strict.iter().chain(loose).copied().collect()
            }
            _ => Vec::new(),
        }
    };
    if !word.contains('-') {
        return of(word).into_iter().map(str::to_string).collect();
    }
    let parts: Vec<&str> = word.split('-').collect();
    let mut out = Vec::new();
    for (j, part) in parts.iter().enumerate() {
        if !swappable(part) {
            continue;
        }
        for sub in of(part) {
            let mut swapped = parts.clone();
            swapped[j] = sub;
            out.push(swapped.join("-"));
        }
    }
    out
}

/// A word's substitutes: those clearly rarer than it, and looser ones only idioms take.
struct Synonyms<'a> {
    strict: Vec<&'a str>,
    loose: Vec<&'a str>,
}

fn content_words(words: &[&str]) -> usize {
    words.iter().filter(|w| !FRAME_WORDS.contains(w)).count()
}

/// A past form that is also an adjective, kept while its object is swapped, reads as one:
/// "broken link", "given type" are plain English, whatever "break cover" and "give way" became.
fn reads_as_adjective(variant: &str, shape: Shape) -> bool {
    matches!(shape, Shape::Verb(Slot::Past | Slot::Participle))
        && variant
            .split(' ')
            .next()
            .is_some_and(|first| pos::tags(first) & pos::ADJ != 0)
}

/// Whether an expression keeps enough of itself after a swap to be evidence. With one
/// content word, any swap is ordinary English: "on the run" → "on the trial", "step down" →
/// "weigh down". A fixed frame around it is enough: "in the light of" → "in the idle of".
fn has_frame(words: &[&str], kind: Kind) -> bool {
    let content = content_words(words);
    content >= 2
        || kind == Kind::Fixed
            && content == 1
            && words.len() >= 3
            && words.last().is_some_and(|w| FRAME_WORDS.contains(w))
}

/// Prepositions, articles and pronouns: the frame of a fixed phrase.
const FRAME_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "to", "with", "into", "onto",
    "over", "under", "about", "after", "before", "upon", "out", "off", "up", "down", "as", "and",
    "or", "his", "her", "its", "their", "our", "my", "your", "that", "this", "one's", "back",
    "away", "through", "around", "along", "across",
];

/// The originals that fit the words before: a participle after "has", "was"; else not.
fn in_context(originals: &[Original], after_auxiliary: bool) -> Vec<&Original> {
    let fitting: Vec<&Original> = originals
        .iter()
        .filter(|o| o.participle == after_auxiliary)
        .collect();
    if fitting.is_empty() {
        originals.iter().collect()
    } else {
        let mut texts: Vec<&Original> = fitting;
        texts.dedup_by(|a, b| a.text == b.text);
        texts
    }
}

/// Whether the word before `start` is an auxiliary that takes a past participle.
fn after_auxiliary(p: &Paragraph, start: usize) -> bool {
    let before = p.text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "has"
            | "have"
            | "had"
            | "having"
            | "been"
            | "be"
            | "being"
            | "is"
            | "are"
            | "was"
            | "were"
            | "ve"
            | "get"
            | "got"
            | "gets"
            | "getting"
    )
}
