//! The variants an article spinner makes of listed expressions: one swappable word replaced
//! by a synonym from rules/synonyms.tsv, in any inflection, unless the result is listed or
//! accepted English. `phrasing/spun-collocation` reads the variants of the collocations,
//! `phrasing/spun-phrase` those of the idioms and fixed phrases.
//!
//! The variants are recognised, never enumerated. Enumerating them made some 225,000
//! strings and cost 0.7 s before the first file was linted. Instead a candidate phrase of
//! the text is lemmatised ([`inflect::bases`]: its first word as a verb, its last as a
//! noun), and each of its words in turn is taken for the swapped one: the other words, with
//! a wildcard there, are looked up in a table of "skeletons" of the listed expressions (a
//! few per expression), and the wildcard's word must be one of the listed word's synonyms.
//! The tables are as large as the lists and build in about a millisecond.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::inflect::{self, inflect, plural, Slot, VERB_SLOTS};
use super::phrase_matcher::{first_word, is_boundary, Normalized};
use super::pos;
use crate::data::{DataError, DataSet};
use crate::segment::Paragraph;

// SYNONYM_LISTS: rules/synonyms.tsv as (word, substitutes, looser substitutes), by build.rs.
include!(concat!(env!("OUT_DIR"), "/synonyms.rs"));

/// Stands for the swapped word in a skeleton; no word of the text is one.
const WILDCARD: &str = "\u{0}";

/// rules/collocations.toml, lower-cased.
#[derive(Deserialize)]
pub struct Expressions {
    frozen: Vec<String>,
    verb_phrases: Vec<String>,
    noun_phrases: Vec<String>,
    verb_idioms: Vec<String>,
    fixed_phrases: Vec<String>,
    accepted: Vec<String>,
    /// The listed expressions and accepted phrases, words joined by single spaces:
    /// English. Both halves read it.
    #[serde(skip)]
    ordinary: Arc<FxHashSet<String>>,
}

impl Expressions {
    pub fn load(data: &DataSet) -> Result<Expressions, DataError> {
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        let e: Expressions = data.load("collocations")?;
        let mut expressions = Expressions {
            frozen: lower(e.frozen),
            verb_phrases: lower(e.verb_phrases),
            noun_phrases: lower(e.noun_phrases),
            verb_idioms: lower(e.verb_idioms),
            fixed_phrases: lower(e.fixed_phrases),
            accepted: lower(e.accepted),
            ordinary: Arc::default(),
        };
        expressions.ordinary = Arc::new(
            expressions
                .expressions()
                .map(|(e, _, _)| e)
                .chain(&expressions.accepted)
                .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
        );
        Ok(expressions)
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
}

/// How a listed expression inflects: by its first word as a verb, by its last word as a
/// noun, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Verb,
    Noun,
    Fixed,
}

/// The form an expression is in: its first word in a verb slot (the base form for every
/// kind), or its last word in the plural. Declared in the order findings list originals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Verb(Slot),
    Plural,
}

/// Whether an expression of `kind` ending in `last` takes `shape`.
fn takes(shape: Shape, kind: Kind, last: &str) -> bool {
    match shape {
        Shape::Verb(Slot::Base) => true,
        Shape::Verb(_) => kind == Kind::Verb,
        Shape::Plural => kind == Kind::Noun && !last.ends_with('s'),
    }
}

/// The index of the word `shape` inflects in a phrase of `len` words.
fn inflected_at(shape: Shape, len: usize) -> usize {
    match shape {
        Shape::Verb(_) => 0,
        Shape::Plural => len - 1,
    }
}

/// `words` in `shape`, joined by single spaces.
fn render<S: AsRef<str>>(words: &[S], shape: Shape) -> String {
    let at = inflected_at(shape, words.len());
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.as_ref();
        if i > 0 {
            out.push(' ');
        }
        match shape {
            Shape::Verb(slot) if i == at => out.push_str(&inflect(word, slot)),
            Shape::Plural if i == at => out.push_str(&plural(word)),
            _ => out.push_str(word),
        }
    }
    out
}

/// A phrase of the text read as `shape`: its words with the inflected one lemmatised.
struct Reading<'a> {
    shape: Shape,
    words: Vec<&'a str>,
}

/// Every way to read `words` as an expression in some shape: as they stand (the base
/// form), with the first word lemmatised as a verb, with the last as a plural noun.
fn readings<'a>(words: &[&'a str], lemmas: &'a Lemmas) -> Vec<Reading<'a>> {
    let mut out = vec![Reading {
        shape: Shape::Verb(Slot::Base),
        words: words.to_vec(),
    }];
    for (shape, base) in lemmas.first.iter().chain(&lemmas.last) {
        let mut words = words.to_vec();
        let at = inflected_at(*shape, words.len());
        words[at] = base;
        out.push(Reading {
            shape: *shape,
            words,
        });
    }
    out
}

/// The lemmas of a phrase's first word (as a verb) and last word (as a plural).
struct Lemmas {
    first: Vec<(Shape, String)>,
    last: Vec<(Shape, String)>,
}

impl Lemmas {
    fn of_first(word: &str) -> Vec<(Shape, String)> {
        VERB_SLOTS[1..]
            .iter()
            .flat_map(|&slot| {
                let lemmas = inflect::bases(word, slot).into_iter();
                lemmas.map(move |b| (Shape::Verb(slot), b))
            })
            .collect()
    }

    fn of_last(word: &str) -> Vec<(Shape, String)> {
        inflect::bases(word, Slot::S)
            .into_iter()
            .map(|b| (Shape::Plural, b))
            .collect()
    }
}

/// An expression a variant may come from, and whether it is a past participle ("drawn"),
/// which only an auxiliary before it tells from the past tense ("drew").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Original {
    pub text: String,
    participle: bool,
}

/// A listed expression that can be spun.
struct Listed {
    words: Vec<String>,
    kind: Kind,
}

/// A word's substitutes: those clearly rarer than it, and looser ones only idioms take.
struct Synonyms {
    strict: &'static [&'static str],
    loose: &'static [&'static str],
}

/// The recogniser of one half's variants (the idioms and fixed phrases, or the collocations).
pub struct Variants {
    listed: Vec<Listed>,
    /// A listed expression's words with one of them as [`WILDCARD`] → (expression, position).
    skeletons: FxHashMap<String, Vec<(usize, usize)>>,
    /// [`Expressions::ordinary`].
    ordinary: Arc<FxHashSet<String>>,
    thesaurus: &'static Thesaurus,
    /// Whether this half takes the looser synonyms.
    idioms: bool,
    frozen: FxHashSet<String>,
    /// The first word part (up to a boundary) of every word that may begin a variant,
    /// before inflection: most words of the text begin none, and one lookup says so. The
    /// listed first words and their compounds' substitutes here; the synonyms of plain
    /// first words, which the thesaurus holds, in `synonym_starts` (no copies).
    starts: FxHashSet<String>,
    synonym_starts: FxHashSet<&'static str>,
    /// Every word of the listed expressions, and the first inflected as a verb and the last
    /// as a plural → where it may stand in them ([`position_bit`]). As [`inflect::bases`]
    /// undoes [`inflect`] exactly, one lookup tells where a word of the text or any of its
    /// lemmas may stand.
    places: FxHashMap<String, u64>,
    /// No variant is longer, in bytes or in words.
    reach: usize,
    most_words: usize,
}

impl Variants {
    /// The recogniser of the variants of the idioms (`idioms`) or of the collocations.
    pub fn new(data: &Expressions, idioms: bool) -> Variants {
        let thesaurus = thesaurus();
        let mut variants = Variants {
            listed: Vec::new(),
            skeletons: FxHashMap::default(),
            ordinary: Arc::clone(&data.ordinary),
            thesaurus,
            idioms,
            frozen: data.frozen.iter().cloned().collect(),
            starts: FxHashSet::default(),
            synonym_starts: FxHashSet::default(),
            places: FxHashMap::default(),
            reach: 0,
            most_words: 0,
        };
        // Many expressions share a first word ("take", "draw"): its synonyms' starts once.
        let mut synonyms_started: FxHashSet<(&str, bool)> = FxHashSet::default();
        let mut verb_forms = FxHashMap::default();
        for (expression, kind, idiom) in data.expressions() {
            if idiom != idioms {
                continue;
            }
            let words: Vec<String> = expression.split_whitespace().map(String::from).collect();
            if !has_frame(&words, kind) {
                continue;
            }
            let e = variants.listed.len();
            for i in 0..words.len() {
                let mut skeleton = String::with_capacity(expression.len());
                write_skeleton(&mut skeleton, &words, i);
                variants.skeletons.entry(skeleton).or_default().push((e, i));
            }
            let listed = Listed { words, kind };
            let first = &listed.words[0];
            let compounds = if first.contains('-') {
                variants.substitutes(&listed, 0)
            } else {
                let loose = variants.takes_loose(&listed, 0);
                let first_word = expression.split_whitespace().next().unwrap_or_default();
                if synonyms_started.insert((first_word, loose)) {
                    let subs: Vec<&'static str> = variants.of(first, loose).collect();
                    for sub in subs {
                        insert_start(sub, |s| {
                            variants.synonym_starts.insert(s);
                        });
                    }
                }
                Vec::new()
            };
            for word in std::iter::once(first).chain(&compounds) {
                insert_start(word, |s| {
                    if !variants.starts.contains(s) {
                        variants.starts.insert(s.to_string());
                    }
                });
            }
            variants.add_places(&listed.words, &mut verb_forms);
            // A swap lengthens a word by at most the longest synonym; inflection, by "ing"
            // after a doubled letter.
            variants.reach = variants
                .reach
                .max(expression.len() + thesaurus.longest + "ging".len());
            variants.most_words = variants.most_words.max(listed.words.len());
            variants.listed.push(listed);
        }
        variants
    }

    /// Spun variants in the paragraph, each with the expressions it may stand for, those
    /// that fit the words before it first. Like [`super::phrase_matcher::PhraseMatcher`],
    /// whole words, longest first at each start, without overlaps.
    pub fn find(&self, p: &Paragraph) -> Vec<(Range<usize>, Vec<String>)> {
        if self.listed.is_empty() {
            return Vec::new();
        }
        let norm = Normalized::new(&p.text);
        let bytes = norm.text.as_bytes();
        // Every phrase tried is a slice of one lower-case copy.
        let lower = norm.text.to_ascii_lowercase();
        let mut places = Places::new(self, &lower);
        let mut out = Vec::new();
        let mut taken_to = 0;
        let mut spaces: Vec<usize> = Vec::with_capacity(self.most_words);
        for start in 0..bytes.len() {
            if start < taken_to
                || is_boundary(Some(bytes[start]))
                || !is_boundary(start.checked_sub(1).map(|i| bytes[i]))
            {
                continue;
            }
            let mut reach = bytes.len().min(start + self.reach);
            while !norm.text.is_char_boundary(reach) {
                reach -= 1;
            }
            let key = &lower[start..reach];
            // The first word is short: a plain scan beats setting up a searcher.
            let first = &key[..key.bytes().position(|b| b == b' ').unwrap_or(key.len())];
            if !self.may_start(first) {
                continue;
            }
            // Where the words of the key end: no variant has more words than the longest
            // listed expression, so no end lies past the space after that many.
            spaces.clear();
            spaces.extend(
                (0..key.len())
                    .filter(|&i| key.as_bytes()[i] == b' ')
                    .take(self.most_words),
            );
            let limit = spaces
                .get(self.most_words - 1)
                .map_or(reach, |&i| start + i);
            let mut first_lemmas = None;
            let first_places = self.places(first);
            // The longest variant ending on a word boundary wins.
            let mut hit = None;
            for end in (start + 1..=limit).rev() {
                if !is_boundary(bytes.get(end).copied()) {
                    continue;
                }
                let before = spaces.partition_point(|&i| i < end - start);
                if before == 0 {
                    break;
                }
                // A variant keeps every word of its expression in place but the swapped one
                // (the first maybe inflected as a verb, the last as a plural): a phrase with
                // two words where no listed expression of its length has them is none.
                let n = before + 1;
                let last_at = start + spaces[n - 2] + 1;
                let mut misses = usize::from(!may_stand(first_places, n, 0))
                    + usize::from(!may_stand(places.of_last(last_at, end), n, n - 1));
                for j in 1..n - 1 {
                    if misses > 1 {
                        break;
                    }
                    let word = &key[spaces[j - 1] + 1..spaces[j]];
                    let at = start + spaces[j - 1] + 1;
                    misses += usize::from(!may_stand(places.of_word(at, word), n, j));
                }
                if misses > 1 {
                    continue;
                }
                let lemmas = first_lemmas.get_or_insert_with(|| Lemmas::of_first(first));
                let originals = self.recognise(&key[..end - start], lemmas);
                if !originals.is_empty() {
                    hit = Some((start..end, originals));
                    break;
                }
            }
            if let Some((range, originals)) = hit {
                taken_to = range.end;
                let source = norm.source(range);
                let fitting = in_context(&originals, after_auxiliary(p, source.start));
                out.push((source, fitting));
            }
        }
        out
    }

    /// Where `word` (lower case), or a lemma of it, may stand in the listed expressions.
    fn places(&self, word: &str) -> u64 {
        self.places.get(word).copied().unwrap_or(0)
    }

    /// Records the places of a listed expression's words, and of the forms of the words
    /// that inflect: a lemma of the text's word stands where its base does. Many
    /// expressions share a first word ("take", "draw"): `verb_forms` keeps its forms.
    fn add_places(&mut self, words: &[String], verb_forms: &mut FxHashMap<String, Vec<String>>) {
        let n = words.len();
        let mut add = |word: &str, j: usize| {
            let bit = position_bit(n, j).unwrap_or(0);
            match self.places.get_mut(word) {
                Some(places) => *places |= bit,
                None => {
                    self.places.insert(word.to_string(), bit);
                }
            }
        };
        for (j, word) in words.iter().enumerate() {
            add(word, j);
        }
        if !verb_forms.contains_key(&words[0]) {
            let forms = VERB_SLOTS[1..].iter().map(|&slot| inflect(&words[0], slot));
            verb_forms.insert(words[0].clone(), forms.collect());
        }
        for form in &verb_forms[&words[0]] {
            add(form, 0);
        }
        add(&inflect(&words[n - 1], Slot::S), n - 1);
    }

    /// Whether a phrase starting with `word` (lower case) may be a variant, cheaply: true
    /// for every variant, and for many other phrases, which the lookups then reject. A word
    /// with a boundary inside ("lion's") keeps its first part when inflected; a plain word
    /// may be inflected, so it is tried with each ending cut off (and a doubled letter:
    /// "banned") and as an irregular form. `starts` holds each base also without the final
    /// "e", "y" or "ie" inflection drops ("voic-ing", "deni-ed", "t-ying").
    fn may_start(&self, word: &str) -> bool {
        let part = first_part(word);
        let starts = |s: &str| self.starts.contains(s) || self.synonym_starts.contains(s);
        if starts(part) {
            return true;
        }
        if part.len() != word.len() {
            return false;
        }
        if inflect::irregular_bases(word).iter().copied().any(starts) {
            return true;
        }
        // Every ending below ends in one of these: most words have none to cut.
        if !matches!(word.as_bytes().last(), Some(b's' | b'd' | b'g')) {
            return false;
        }
        const ENDINGS: [&str; 8] = ["s", "es", "ies", "d", "ed", "ied", "ing", "ying"];
        let stems = ENDINGS.iter().filter_map(|e| word.strip_suffix(e));
        let undoubled = ["ed", "ing"]
            .iter()
            .filter_map(|e| word.strip_suffix(e).map(inflect::without_last_char));
        stems.chain(undoubled).any(starts)
    }

    /// The expressions `phrase` (lower case) is a spun variant of, in list order; none when
    /// it is not one. `first` holds the lemmas of its first word.
    fn recognise(&self, phrase: &str, first: &[(Shape, String)]) -> Vec<Original> {
        let spaces = phrase.bytes().filter(|&b| b == b' ').count();
        if spaces == 0 || spaces >= self.most_words {
            return Vec::new();
        }
        let words: Vec<&str> = phrase.split(' ').collect();
        let lemmas = Lemmas {
            first: first.to_vec(),
            last: Lemmas::of_last(words[words.len() - 1]),
        };
        let mut found: Vec<(usize, Shape, Original)> = Vec::new();
        let mut ordinary = None;
        // One buffer for every skeleton tried: the words joined by spaces, one a wildcard.
        let mut skeleton = String::with_capacity(phrase.len() + WILDCARD.len());
        for reading in readings(&words, &lemmas) {
            for i in 0..words.len() {
                skeleton.clear();
                write_skeleton(&mut skeleton, &reading.words, i);
                let Some(entries) = self.skeletons.get(&skeleton) else {
                    continue;
                };
                for &(e, at) in entries {
                    let listed = &self.listed[e];
                    let shape = reading.shape;
                    let sub = reading.words[i];
                    if at != i
                        || !takes(shape, listed.kind, listed.words.last().map_or("", |w| w))
                        || !self.is_substitute(listed, i, sub)
                        || i == inflected_at(shape, words.len()) && !fits(shape, sub)
                        || i > 0 && reads_as_adjective(phrase, shape)
                        || *ordinary.get_or_insert_with(|| self.is_ordinary(&words, &lemmas))
                    {
                        continue;
                    }
                    let original = Original {
                        text: render(&listed.words, shape),
                        participle: shape == Shape::Verb(Slot::Participle),
                    };
                    found.push((e, shape, original));
                }
            }
        }
        found.sort_by_key(|(e, shape, _)| (*e, *shape));
        let mut originals: Vec<Original> = Vec::new();
        for (_, _, original) in found {
            if !originals.contains(&original) {
                originals.push(original);
            }
        }
        originals
    }

    /// Whether `words` are a listed expression or an accepted phrase in some form.
    fn is_ordinary(&self, words: &[&str], lemmas: &Lemmas) -> bool {
        readings(words, lemmas).iter().any(|r| {
            let last = r.words[r.words.len() - 1];
            (r.shape != Shape::Plural || !last.ends_with('s'))
                && self.ordinary.contains(&r.words.join(" "))
        })
    }

    /// What a spinner may put for word `i` of an expression: its synonyms, or for a compound
    /// ("chart-topping") the compound with one part swapped ("graph-topping"). Looser
    /// synonyms only where the idiom keeps two content words and its verb: "contain the key"
    /// for "hold the key" is plain English.
    fn substitutes(&self, listed: &Listed, i: usize) -> Vec<String> {
        let word = listed.words[i].as_str();
        let loose = self.takes_loose(listed, i);
        if !word.contains('-') {
            return self.of(word, loose).map(str::to_string).collect();
        }
        let parts: Vec<&str> = word.split('-').collect();
        let mut out = Vec::new();
        for (j, part) in parts.iter().enumerate() {
            for sub in self.of(part, loose) {
                let mut swapped = parts.clone();
                swapped[j] = sub;
                out.push(swapped.join("-"));
            }
        }
        out
    }

    /// Whether `sub` is one of [`Self::substitutes`] of word `i`, without listing them.
    fn is_substitute(&self, listed: &Listed, i: usize, sub: &str) -> bool {
        let word = listed.words[i].as_str();
        let loose = self.takes_loose(listed, i);
        if !word.contains('-') {
            return self.of(word, loose).any(|s| s == sub);
        }
        let parts: Vec<&str> = word.split('-').collect();
        (0..parts.len()).any(|j| {
            let before: String = parts[..j].iter().map(|p| format!("{p}-")).collect();
            let after: String = parts[j + 1..].iter().map(|p| format!("-{p}")).collect();
            sub.strip_prefix(before.as_str())
                .and_then(|s| s.strip_suffix(after.as_str()))
                .is_some_and(|middle| self.of(parts[j], loose).any(|s| s == middle))
        })
    }

    /// Looser synonyms only for idioms, where the idiom keeps two content words and its verb.
    fn takes_loose(&self, listed: &Listed, i: usize) -> bool {
        self.idioms && content_words(&listed.words) >= 2 && !(listed.kind == Kind::Verb && i == 0)
    }

    /// The synonyms a spinner may put for `word`; none for a frozen word.
    fn of<'a>(&'a self, word: &str, loose: bool) -> impl Iterator<Item = &'static str> + 'a {
        let synonyms = (!self.frozen.contains(word))
            .then(|| self.thesaurus.synonyms.get(word))
            .flatten();
        synonyms.into_iter().flat_map(move |s| {
            let loose = if loose { s.loose } else { &[] };
            s.strict.iter().chain(loose).copied()
        })
    }
}

/// rules/synonyms.tsv, indexed once: it is not user-editable, and both halves read it.
struct Thesaurus {
    synonyms: FxHashMap<&'static str, Synonyms>,
    /// The length of the longest synonym.
    longest: usize,
}

fn thesaurus() -> &'static Thesaurus {
    static THESAURUS: OnceLock<Thesaurus> = OnceLock::new();
    THESAURUS.get_or_init(|| {
        let synonyms: FxHashMap<&'static str, Synonyms> = SYNONYM_LISTS
            .iter()
            .map(|&(word, strict, loose)| (word, Synonyms { strict, loose }))
            .collect();
        let all = synonyms
            .values()
            .flat_map(|s| s.strict.iter().chain(s.loose));
        Thesaurus {
            longest: all.map(|s| s.len()).max().unwrap_or(0),
            synonyms,
        }
    })
}

/// The bit of [`Variants::vocabulary`] for word `j` of an `n`-word expression; none for
/// expressions too long to have bits, where any word may stand anywhere.
fn position_bit(n: usize, j: usize) -> Option<u64> {
    (n < 8 && j < 8).then(|| 1 << (n * 8 + j))
}

/// Whether a word found at `places` may be word `j` of a listed `n`-word expression.
fn may_stand(places: u64, n: usize, j: usize) -> bool {
    position_bit(n, j).is_none_or(|bit| places & bit != 0)
}

/// The places of a paragraph's words, looked up once each: the scan tries many phrases over
/// the same words. A word inside a phrase is known by where it starts, the last word of a
/// phrase (cut at any boundary) by where it ends, as the space before it is the same for
/// every phrase ending there.
struct Places<'a> {
    variants: &'a Variants,
    lower: &'a str,
    words: Vec<u64>,
    lasts: Vec<u64>,
}

/// Not looked up yet: no word stands in every place (word 0 of a 0-word expression, say).
const UNKNOWN: u64 = u64::MAX;

impl<'a> Places<'a> {
    fn new(variants: &'a Variants, lower: &'a str) -> Places<'a> {
        Places {
            variants,
            lower,
            words: vec![UNKNOWN; lower.len()],
            lasts: vec![UNKNOWN; lower.len() + 1],
        }
    }

    /// The places of `word`, which starts at `start`.
    fn of_word(&mut self, start: usize, word: &str) -> u64 {
        if self.words[start] == UNKNOWN {
            self.words[start] = self.variants.places(word);
        }
        self.words[start]
    }

    /// The places of the last word of a phrase, from `start` to `end`.
    fn of_last(&mut self, start: usize, end: usize) -> u64 {
        if self.lasts[end] == UNKNOWN {
            self.lasts[end] = self.variants.places(&self.lower[start..end]);
        }
        self.lasts[end]
    }
}

/// Writes `words` joined by single spaces, word `i` as the [`WILDCARD`].
fn write_skeleton<S: AsRef<str>>(out: &mut String, words: &[S], i: usize) {
    for (j, word) in words.iter().enumerate() {
        if j > 0 {
            out.push(' ');
        }
        out.push_str(if j == i { WILDCARD } else { word.as_ref() });
    }
}

/// Gives what may start a phrase beginning with `word`, inflected or not: its first part,
/// and, for a plain word, the word without the final "e", "y" or "ie" inflection drops.
fn insert_start<'w>(word: &'w str, mut insert: impl FnMut(&'w str)) {
    let part = first_part(word);
    if part.len() == word.len() {
        for stem in ["e", "y", "ie"].iter().filter_map(|e| word.strip_suffix(e)) {
            insert(stem);
        }
    }
    insert(part);
}

/// The word up to its first boundary ("lion" of "lion's").
fn first_part(word: &str) -> &str {
    // A boundary is an ASCII byte, so the cut is on a character boundary.
    &word[..first_word(word.as_bytes()).len()]
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

fn content_words<S: AsRef<str>>(words: &[S]) -> usize {
    words
        .iter()
        .filter(|w| !FRAME_WORDS.contains(&w.as_ref()))
        .count()
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
fn has_frame(words: &[String], kind: Kind) -> bool {
    let content = content_words(words);
    content >= 2
        || kind == Kind::Fixed
            && content == 1
            && words.len() >= 3
            && words
                .last()
                .is_some_and(|w| FRAME_WORDS.contains(&w.as_str()))
}

/// Prepositions, articles and pronouns: the frame of a fixed phrase.
const FRAME_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "to", "with", "into", "onto",
    "over", "under", "about", "after", "before", "upon", "out", "off", "up", "down", "as", "and",
    "or", "his", "her", "its", "their", "our", "my", "your", "that", "this", "one's", "back",
    "away", "through", "around", "along", "across",
];

/// The originals that fit the words before: a participle after "has", "was"; else not.
fn in_context(originals: &[Original], after_auxiliary: bool) -> Vec<String> {
    let fitting: Vec<String> = originals
        .iter()
        .filter(|o| o.participle == after_auxiliary)
        .map(|o| o.text.clone())
        .collect();
    if fitting.is_empty() {
        originals.iter().map(|o| o.text.clone()).collect()
    } else {
        let mut texts = fitting;
        texts.dedup();
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::*;

    const SHAPES: [Shape; 6] = [
        Shape::Verb(Slot::Base),
        Shape::Verb(Slot::S),
        Shape::Verb(Slot::Past),
        Shape::Verb(Slot::Participle),
        Shape::Verb(Slot::Ing),
        Shape::Plural,
    ];

    /// The reference: every variant written out, each with its originals in list order.
    fn enumerate(v: &Variants, data: &Expressions) -> BTreeMap<String, Vec<Original>> {
        let mut ordinary = HashSet::new();
        for e in data.expressions().map(|(e, _, _)| e).chain(&data.accepted) {
            let words: Vec<&str> = e.split_whitespace().collect();
            for shape in SHAPES {
                if shape != Shape::Plural || !words[words.len() - 1].ends_with('s') {
                    ordinary.insert(render(&words, shape));
                }
            }
        }
        let mut out: BTreeMap<String, Vec<Original>> = BTreeMap::new();
        for listed in &v.listed {
            let n = listed.words.len();
            for shape in SHAPES {
                if !takes(shape, listed.kind, &listed.words[n - 1]) {
                    continue;
                }
                let original = Original {
                    text: render(&listed.words, shape),
                    participle: shape == Shape::Verb(Slot::Participle),
                };
                for i in 0..n {
                    for sub in v.substitutes(listed, i) {
                        if i == inflected_at(shape, n) && !fits(shape, &sub) {
                            continue;
                        }
                        let mut words = listed.words.clone();
                        words[i] = sub;
                        let variant = render(&words, shape);
                        if ordinary.contains(&variant)
                            || i > 0 && reads_as_adjective(&variant, shape)
                        {
                            continue;
                        }
                        let originals = out.entry(variant).or_default();
                        if !originals.contains(&original) {
                            originals.push(original.clone());
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn recognises_exactly_the_enumerated_variants() {
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        for idioms in [false, true] {
            let v = Variants::new(&data, idioms);
            let expected = enumerate(&v, &data);
            assert!(expected.len() > 50_000, "{}", expected.len());
            for (variant, originals) in &expected {
                let first = variant.split(' ').next().unwrap();
                let lemmas = Lemmas::of_first(first);
                assert!(v.may_start(first), "{variant}");
                assert!(variant.len() <= v.reach, "{variant}");
                assert_eq!(&v.recognise(variant, &lemmas), originals, "{variant}");
            }
            // And the scan of a paragraph finds them (a sample: a scan is slower).
            for variant in expected.keys().step_by(37) {
                let text = format!("Yesterday {variant}; then");
                let p = Paragraph::new(0, text, crate::segment::Block::Text);
                let spans: Vec<_> = v.find(&p).into_iter().map(|(s, _)| s).collect();
                assert_eq!(spans, vec![10..10 + variant.len()], "{variant}");
            }
            // Listed and accepted English in every form is never a variant.
            for listed in &v.listed {
                for shape in SHAPES {
                    let form = render(&listed.words, shape);
                    if !expected.contains_key(&form) {
                        let first = form.split(' ').next().unwrap();
                        let found = v.recognise(&form, &Lemmas::of_first(first));
                        assert!(found.is_empty(), "{form}: {found:?}");
                    }
                }
            }
        }
    }
}
