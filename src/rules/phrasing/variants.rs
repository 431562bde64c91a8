//! The variants an article spinner makes of listed expressions: one swappable word replaced
//! by a synonym from rules/synonyms.tsv, in any inflection, unless the result is listed or
//! accepted English. `phrasing/spun-collocation` reads the variants of the collocations,
//! `phrasing/spun-phrase` those of the idioms and fixed phrases.
//!
//! The variants are recognised, never enumerated. Enumerating them made some 225,000
//! strings and cost 0.7 s before the first file was linted. Instead each word of a candidate
//! phrase of the text is taken in turn for the swapped one: the other words, as numbers of
//! listed words with a wildcard there, are looked up in a table of "skeletons" of the listed
//! expressions (a few per expression), and the wildcard's word must be one of the listed
//! word's synonyms. A kept first word may be inflected as a verb, a kept last one as a
//! plural: the forms of the listed words are in the table of words, each with the listed
//! words it is a form of, so that one lookup per word of the paragraph tells all of that.
//! Only a swapped first or last word is lemmatised at run time ([`inflect::bases`], the
//! exact inverse of [`inflect`]), once the rest of the phrase is known to be listed. The
//! tables are as large as the lists and build in about a millisecond.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::inflect::{self, inflect, plural, Slot, VERB_SLOTS};
use super::phrase_matcher::{first_word, Text};
use super::pos;
use crate::data::{DataError, DataSet};
use crate::segment::Paragraph;

// SYNONYM_LISTS: rules/synonyms.tsv as (word, substitutes, looser substitutes), by build.rs.
include!(concat!(env!("OUT_DIR"), "/synonyms.rs"));

/// Stands for the swapped word in a skeleton.
const SWAPPED: u32 = u32::MAX;
/// The [`Word::id`] of a word that is only a form of listed ones.
const NOT_LISTED: u32 = u32::MAX - 1;

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

/// A word of the listed expressions, or a form of a listed first word in a verb slot or of
/// a listed last word in the plural: all one lookup tells of a word of the text.
struct Word {
    /// Its number among the listed words, or [`NOT_LISTED`].
    id: u32,
    /// Where it, or a listed word it is a form of, stands ([`position_bit`]).
    places: u64,
    /// The listed words it is a form of, each with the shape it has. As [`inflect::bases`]
    /// undoes [`inflect`] exactly, these are its lemmas that are listed first or last words.
    lemmas: Vec<(Shape, u32)>,
}

impl Default for Word {
    fn default() -> Word {
        Word {
            id: NOT_LISTED,
            places: 0,
            lemmas: Vec::new(),
        }
    }
}

impl Word {
    fn add_lemma(&mut self, shape: Shape, base: u32, places: u64) {
        self.places |= places;
        if !self.lemmas.contains(&(shape, base)) {
            self.lemmas.push((shape, base));
        }
    }
}

/// A listed expression that can be spun.
struct Listed {
    words: Vec<String>,
    kind: Kind,
    /// Whether it has two content words or more.
    rich: bool,
    /// Each word's synonyms, as [`Variants::of`] reads them.
    synonyms: Vec<Option<&'static Synonyms>>,
}

/// A word's substitutes: those clearly rarer than it, and looser ones only idioms take.
struct Synonyms {
    strict: &'static [&'static str],
    loose: &'static [&'static str],
}

/// The recogniser of one half's variants (the idioms and fixed phrases, or the collocations).
pub struct Variants {
    listed: Vec<Listed>,
    /// A listed expression's words by [`Word::id`], one of them [`SWAPPED`] → the
    /// expressions with their other words, the swapped one there.
    skeletons: FxHashMap<Box<[u32]>, Vec<u32>>,
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
    /// as a plural: what one lookup tells of a word of the text ([`Word`]).
    words: FxHashMap<Box<str>, Word>,
    /// The number of listed words, which are [`Word::id`] `0..`.
    listed_words: u32,
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
            words: FxHashMap::default(),
            listed_words: 0,
            reach: 0,
            most_words: 0,
        };
        // Many expressions share a first word ("take", "draw"): its synonyms' starts once.
        let mut synonyms_started: FxHashSet<(&str, bool)> = FxHashSet::default();
        let mut verb_forms: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for (expression, kind, idiom) in data.expressions() {
            if idiom != idioms {
                continue;
            }
            let words: Vec<String> = expression.split_whitespace().map(String::from).collect();
            if !has_frame(&words, kind) {
                continue;
            }
            let e = variants.listed.len() as u32;
            let ids = variants.add_places(&words, &mut verb_forms);
            for i in 0..ids.len() {
                let mut skeleton = ids.clone();
                skeleton[i] = SWAPPED;
                let entries = variants.skeletons.entry(skeleton.into()).or_default();
                entries.push(e);
            }
            let listed = Listed {
                rich: content_words(&words) >= 2,
                synonyms: words.iter().map(|w| variants.synonyms(w)).collect(),
                words,
                kind,
            };
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

    /// Spun variants in the paragraph (`text` is its [`Text`]), each with the expressions it
    /// may stand for, those that fit the words before it first. Like
    /// [`super::phrase_matcher::PhraseMatcher`], whole words, longest first at each start,
    /// without overlaps.
    pub fn find(&self, p: &Paragraph, text: &Text) -> Vec<(Range<usize>, Vec<String>)> {
        if self.listed.is_empty() {
            return Vec::new();
        }
        let lower = text.lower.as_str();
        let chunks = &text.chunks;
        // The word of the text ending at each of its ends, looked up once: the scan tries
        // many phrases over the same words. A chunk's last end closes the chunk itself, the
        // middle word of the phrases across it.
        let mut looked_up = Vec::with_capacity(text.ends.len());
        // Per chunk, where the words ending in it stand: a start where neither its own word
        // may be the first of an expression nor the next chunk's the second begins none.
        let mut stands = Vec::with_capacity(chunks.len());
        for chunk in chunks {
            let mut places = 0;
            for &end in &text.ends[chunk.ends.clone()] {
                let word = self.words.get(&lower[chunk.start..end as usize]);
                places |= word.map_or(0, |w| w.places);
                looked_up.push(word);
            }
            stands.push(places);
        }
        let whole = |k: usize| looked_up[chunks[k].ends.end - 1];
        // With eight words or more an expression has no places, and any word may stand.
        let prune = self.most_words < 8;
        let mut pieces: Vec<&str> = Vec::with_capacity(self.most_words);
        let mut words: Vec<Option<&Word>> = Vec::with_capacity(self.most_words);
        let mut key: Vec<u32> = Vec::with_capacity(self.most_words);
        let mut out = Vec::new();
        let mut taken_to = 0;
        for (k, chunk) in chunks.iter().enumerate() {
            for &start in &text.starts[chunk.starts.clone()] {
                let start = start as usize;
                if start < taken_to {
                    continue;
                }
                let first = &lower[start..chunk.end];
                let first_word = if start == chunk.start {
                    whole(k)
                } else {
                    self.words.get(first)
                };
                if prune
                    && first_word.is_none_or(|w| w.places & FIRST == 0)
                    && stands.get(k + 1).is_none_or(|&p| p & SECOND == 0)
                {
                    continue;
                }
                let mut starts = None;
                let mut hit = None;
                // The longest variant ending on a word boundary wins: the most words first.
                let last = (k + self.most_words - 1).min(chunks.len() - 1);
                'phrases: for m in (k + 1..=last).rev() {
                    // A variant keeps every word of its expression in place but the swapped
                    // one (the first maybe inflected as a verb, the last as a plural): a
                    // phrase with two words where no listed expression of its length has
                    // them is none.
                    let n = m - k + 1;
                    let mut misses = usize::from(!may_stand(first_word, n, 0));
                    for j in 1..n - 1 {
                        misses += usize::from(!may_stand(whole(k + j), n, j));
                    }
                    if misses > 1 {
                        continue;
                    }
                    for at in chunks[m].ends.clone().rev() {
                        let end = text.ends[at] as usize;
                        if end - start > self.reach
                            || misses + usize::from(!may_stand(looked_up[at], n, n - 1)) > 1
                        {
                            continue;
                        }
                        if !*starts.get_or_insert_with(|| self.may_start(first)) {
                            break 'phrases;
                        }
                        pieces.clear();
                        words.clear();
                        pieces.push(first);
                        words.push(first_word);
                        for c in k + 1..m {
                            pieces.push(&lower[chunks[c].start..chunks[c].end]);
                            words.push(whole(c));
                        }
                        pieces.push(&lower[chunks[m].start..end]);
                        words.push(looked_up[at]);
                        let phrase = &lower[start..end];
                        let originals = self.recognise(phrase, &pieces, &words, &mut key);
                        if !originals.is_empty() {
                            hit = Some((start..end, originals));
                            break 'phrases;
                        }
                    }
                }
                if let Some((range, originals)) = hit {
                    taken_to = range.end;
                    let source = text.norm.source(range);
                    let fitting = in_context(&originals, after_auxiliary(p, source.start));
                    out.push((source, fitting));
                }
            }
        }
        out
    }

    /// Records that listed `word` stands at `places`; gives its [`Word::id`], which it gets
    /// if it has none yet.
    fn add_listed(&mut self, word: &str, places: u64) -> u32 {
        let next = self.listed_words;
        let entry = self.word_mut(word);
        entry.places |= places;
        if entry.id == NOT_LISTED {
            entry.id = next;
        }
        let id = entry.id;
        if id == next {
            self.listed_words += 1;
        }
        id
    }

    fn word_mut(&mut self, word: &str) -> &mut Word {
        if !self.words.contains_key(word) {
            self.words.insert(word.into(), Word::default());
        }
        self.words.get_mut(word).expect("just inserted")
    }

    /// Records the places of a listed expression's words, and the forms of the words that
    /// inflect, with the listed word each is a form of; gives the words' [`Word::id`]s. Many
    /// expressions share a first word ("take", "draw"): `verb_forms` keeps its forms.
    fn add_places(
        &mut self,
        words: &[String],
        verb_forms: &mut FxHashMap<String, Vec<String>>,
    ) -> Vec<u32> {
        let n = words.len();
        let bit = |j: usize| position_bit(n, j).unwrap_or(0);
        let ids: Vec<u32> = (0..n).map(|j| self.add_listed(&words[j], bit(j))).collect();
        if !verb_forms.contains_key(&words[0]) {
            let forms = VERB_SLOTS[1..].iter().map(|&slot| inflect(&words[0], slot));
            verb_forms.insert(words[0].clone(), forms.collect());
        }
        for (&slot, form) in VERB_SLOTS[1..].iter().zip(&verb_forms[&words[0]]) {
            self.word_mut(form)
                .add_lemma(Shape::Verb(slot), ids[0], bit(0));
        }
        let plural = inflect(&words[n - 1], Slot::S);
        self.word_mut(&plural)
            .add_lemma(Shape::Plural, ids[n - 1], bit(n - 1));
        ids
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

    /// The expressions `phrase` (lower case, its `pieces` between spaces, each looked up in
    /// `words`) is a spun variant of, in list order; none when it is not one. `key` is room
    /// for the skeletons tried.
    ///
    /// Each word in turn is taken for the swapped one, the others as they stand; or with a
    /// kept first word lemmatised as a verb, or a kept last one as a plural, whose lemma is
    /// then a listed word and known from the table; or with the swapped word itself
    /// lemmatised, if it is the first or the last: only then is [`inflect::bases`] asked.
    fn recognise(
        &self,
        phrase: &str,
        pieces: &[&str],
        words: &[Option<&Word>],
        key: &mut Vec<u32>,
    ) -> Vec<Original> {
        let n = pieces.len();
        if n < 2 || n > self.most_words {
            return Vec::new();
        }
        let last = n - 1;
        let mut found: Vec<(u32, Shape)> = Vec::new();
        key.clear();
        key.extend(words.iter().map(|w| w.map_or(NOT_LISTED, |w| w.id)));
        for i in 0..n {
            let entries = self.swapped_at(key, i);
            if entries.is_empty() {
                continue;
            }
            self.swaps(
                entries,
                Shape::Verb(Slot::Base),
                i,
                pieces[i],
                phrase,
                &mut found,
            );
            let listed = |e: &u32| &self.listed[*e as usize];
            if i == 0 && entries.iter().any(|e| listed(e).kind == Kind::Verb) {
                for &slot in &VERB_SLOTS[1..] {
                    for base in inflect::bases(pieces[0], slot) {
                        self.swaps(entries, Shape::Verb(slot), 0, &base, phrase, &mut found);
                    }
                }
            }
            if i == last && entries.iter().any(|e| listed(e).kind == Kind::Noun) {
                for base in inflect::bases(pieces[last], Slot::S) {
                    self.swaps(entries, Shape::Plural, last, &base, phrase, &mut found);
                }
            }
        }
        for (at, swapped) in [(0, 1..n), (last, 0..last)] {
            let Some(word) = words[at] else {
                continue;
            };
            let kept = key[at];
            for &(shape, base) in &word.lemmas {
                if inflected_at(shape, n) != at {
                    continue;
                }
                key[at] = base;
                for i in swapped.clone() {
                    let entries = self.swapped_at(key, i);
                    self.swaps(entries, shape, i, pieces[i], phrase, &mut found);
                }
            }
            key[at] = kept;
        }
        if found.is_empty() {
            return Vec::new();
        }
        let lemmas = Lemmas {
            first: Lemmas::of_first(pieces[0]),
            last: Lemmas::of_last(pieces[last]),
        };
        if self.is_ordinary(pieces, &lemmas) {
            return Vec::new();
        }
        found.sort_unstable();
        let mut originals: Vec<Original> = Vec::new();
        for (e, shape) in found {
            let original = Original {
                text: render(&self.listed[e as usize].words, shape),
                participle: shape == Shape::Verb(Slot::Participle),
            };
            if !originals.contains(&original) {
                originals.push(original);
            }
        }
        originals
    }

    /// The expressions whose words are `key`'s with word `i` swapped; none when another
    /// word of `key` is not listed.
    fn swapped_at(&self, key: &mut [u32], i: usize) -> &[u32] {
        let kept = std::mem::replace(&mut key[i], SWAPPED);
        let entries = if key.contains(&NOT_LISTED) {
            None
        } else {
            self.skeletons.get(&*key)
        };
        key[i] = kept;
        entries.map_or(&[], Vec::as_slice)
    }

    /// Adds those of `entries` that `sub`, put for their word `i`, spins in `shape`.
    fn swaps(
        &self,
        entries: &[u32],
        shape: Shape,
        i: usize,
        sub: &str,
        phrase: &str,
        found: &mut Vec<(u32, Shape)>,
    ) {
        for &e in entries {
            let listed = &self.listed[e as usize];
            let n = listed.words.len();
            if takes(shape, listed.kind, &listed.words[n - 1])
                && self.is_substitute(listed, i, sub)
                && (i != inflected_at(shape, n) || fits(shape, sub))
                && !(i > 0 && reads_as_adjective(phrase, shape))
            {
                found.push((e, shape));
            }
        }
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
            return listed.synonyms[i]
                .is_some_and(|s| s.strict.contains(&sub) || loose && s.loose.contains(&sub));
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
        self.idioms && listed.rich && !(listed.kind == Kind::Verb && i == 0)
    }

    /// The synonyms of `word` in the thesaurus; none for a frozen word.
    fn synonyms(&self, word: &str) -> Option<&'static Synonyms> {
        (!self.frozen.contains(word))
            .then(|| self.thesaurus.synonyms.get(word))
            .flatten()
    }

    /// The synonyms a spinner may put for `word`; none for a frozen word.
    fn of<'a>(&'a self, word: &str, loose: bool) -> impl Iterator<Item = &'static str> + 'a {
        self.synonyms(word).into_iter().flat_map(move |s| {
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

/// The bit of [`Word::places`] for word `j` of an `n`-word expression; none for
/// expressions too long to have bits, where any word may stand anywhere.
fn position_bit(n: usize, j: usize) -> Option<u64> {
    (n < 8 && j < 8).then(|| 1 << (n * 8 + j))
}

/// Every [`position_bit`] of a first word, and of a second.
const FIRST: u64 = 0x0101_0101_0101_0101;
const SECOND: u64 = FIRST << 1;

/// Whether `word` may be word `j` of a listed `n`-word expression.
fn may_stand(word: Option<&Word>, n: usize, j: usize) -> bool {
    position_bit(n, j).is_none_or(|bit| word.is_some_and(|w| w.places & bit != 0))
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

    /// [`Variants::recognise`] of a phrase on its own.
    fn recognise(v: &Variants, phrase: &str) -> Vec<Original> {
        let pieces: Vec<&str> = phrase.split(' ').collect();
        let words: Vec<Option<&Word>> = pieces.iter().map(|w| v.words.get(*w)).collect();
        v.recognise(phrase, &pieces, &words, &mut Vec::new())
    }

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

    /// The lemmas [`Word`] keeps of the forms of listed words are those `inflect::bases`
    /// gives: each listed first word is a lemma of its verb forms, each last one of its plural.
    #[test]
    fn bases_find_every_listed_word_again() {
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        for idioms in [false, true] {
            let v = Variants::new(&data, idioms);
            for listed in &v.listed {
                let (first, last) = (&listed.words[0], &listed.words[listed.words.len() - 1]);
                for slot in &VERB_SLOTS[1..] {
                    let form = inflect(first, *slot);
                    assert!(
                        inflect::bases(&form, *slot).contains(first),
                        "{first} {form}"
                    );
                }
                let form = inflect(last, Slot::S);
                assert!(
                    inflect::bases(&form, Slot::S).contains(last),
                    "{last} {form}"
                );
            }
        }
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
                assert!(v.may_start(first), "{variant}");
                assert!(variant.len() <= v.reach, "{variant}");
                assert_eq!(&recognise(&v, variant), originals, "{variant}");
            }
            // And the scan of a paragraph finds them (a sample: a scan is slower).
            for variant in expected.keys().step_by(37) {
                let text = format!("Yesterday {variant}; then");
                let p = Paragraph::new(0, text, crate::segment::Block::Text);
                let text = Text::new(&p.text);
                let spans: Vec<_> = v.find(&p, &text).into_iter().map(|(s, _)| s).collect();
                assert_eq!(spans, vec![10..10 + variant.len()], "{variant}");
            }
            // Listed and accepted English in every form is never a variant.
            for listed in &v.listed {
                for shape in SHAPES {
                    let form = render(&listed.words, shape);
                    if !expected.contains_key(&form) {
                        let found = recognise(&v, &form);
                        assert!(found.is_empty(), "{form}: {found:?}");
                    }
                }
            }
        }
    }
}
