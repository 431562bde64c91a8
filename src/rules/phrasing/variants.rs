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
//! Only a swapped first or last word is lemmatised at run time ([`inflect::for_each_base`], the
//! exact inverse of [`inflect`]), once the rest of the phrase is known to be listed. The
//! tables ([`super::variant_tables`]) are as large as the lists; the shipped lists' are
//! built by `build.rs` and read in place, so start-up builds nothing for them.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::inflect::{self, inflect, plural, Slot, VERB_SLOTS};
use super::phrase_matcher::Text;
use super::pos;
use super::variant_tables::{
    first_part, is_among, position_bit, Half, Kind, Lexicon, Lists, Shape, Thesaurus, COMPOUND,
    NOT_LISTED, NO_SYNONYMS, SWAPPED,
};
use super::Lexed;
use crate::data::{DataError, DataSet};
use crate::segment::Paragraph;

// SYNONYM_LISTS: rules/synonyms.tsv as (word, substitutes, looser substitutes), by build.rs.
include!(concat!(env!("OUT_DIR"), "/synonyms.rs"));
// SYNONYM_WORDS, the table of SYNONYM_LISTS' words, SUBSTITUTES, their substitutes read
// backwards, and SHIPPED, the lexicon of the shipped rules/collocations.toml: `build/spun.rs`
// builds them with `Thesaurus::words`, `Substitutes::build` and `Lexicon::build`.
include!(concat!(env!("OUT_DIR"), "/spun.rs"));

/// rules/collocations.toml, as [`Lists`].
#[derive(Deserialize)]
struct Collocations {
    frozen: Vec<String>,
    verb_phrases: Vec<String>,
    noun_phrases: Vec<String>,
    verb_idioms: Vec<String>,
    fixed_phrases: Vec<String>,
    accepted: Vec<String>,
}

impl Collocations {
    fn load(data: &DataSet) -> Result<Lists, DataError> {
        let c: Collocations = data.load("collocations")?;
        Ok(Lists {
            frozen: c.frozen,
            verb_phrases: c.verb_phrases,
            noun_phrases: c.noun_phrases,
            verb_idioms: c.verb_idioms,
            fixed_phrases: c.fixed_phrases,
            accepted: c.accepted,
        })
    }
}

/// The tables of the listed expressions, which both halves read.
pub struct Expressions {
    lexicon: Arc<Lexicon>,
}

impl Expressions {
    /// The shipped tables as `build.rs` built them, or the user's edited lists built now.
    pub fn load(data: &DataSet) -> Result<Expressions, DataError> {
        let lexicon = if data.shipped("collocations") {
            SHIPPED.clone()
        } else {
            Lexicon::build(&Collocations::load(data)?, &thesaurus())
        };
        Ok(Expressions {
            lexicon: Arc::new(lexicon),
        })
    }
}

/// rules/synonyms.tsv: not user-editable, so always the build's.
fn thesaurus() -> Thesaurus<'static> {
    Thesaurus {
        lists: SYNONYM_LISTS,
        words: &SYNONYM_WORDS,
    }
}

/// Whether an expression of `kind` ending in `last` takes `shape`.
fn takes<'a>(shape: Shape, kind: Kind, last: impl FnOnce() -> &'a str) -> bool {
    match shape {
        Shape::Verb(Slot::Base) => true,
        Shape::Verb(_) => kind == Kind::Verb,
        Shape::Plural => kind == Kind::Noun && !last().ends_with('s'),
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
        let mut out = Vec::new();
        for &slot in &VERB_SLOTS[1..] {
            inflect::for_each_base(word, slot, |b| out.push((Shape::Verb(slot), b.to_string())));
        }
        out
    }

    fn of_last(word: &str) -> Vec<(Shape, String)> {
        let mut out = Vec::new();
        inflect::for_each_base(word, Slot::S, |b| out.push((Shape::Plural, b.to_string())));
        out
    }
}

/// An expression a variant may come from, and whether it is a past participle ("drawn"),
/// which only an auxiliary before it tells from the past tense ("drew").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Original {
    pub text: String,
    participle: bool,
}

/// A listed expression that can be spun, as its half's tables hold it.
struct Listed<'a> {
    /// Its words' ids.
    words: &'a [u32],
    kind: Kind,
    /// Whether it has two content words or more.
    rich: bool,
    /// Each word's thesaurus entry.
    synonyms: &'a [u32],
}

/// The recogniser of one half's variants (the idioms and fixed phrases, or the collocations).
pub struct Variants {
    lexicon: Arc<Lexicon>,
    /// Whether this half is the idioms', which take the looser synonyms.
    idioms: bool,
}

impl Variants {
    /// The recogniser of the variants of the idioms (`idioms`) or of the collocations.
    pub fn new(data: &Expressions, idioms: bool) -> Variants {
        Variants {
            lexicon: Arc::clone(&data.lexicon),
            idioms,
        }
    }

    fn half(&self) -> &Half {
        &self.lexicon.halves[usize::from(self.idioms)]
    }

    /// Listed expression `e` of this half.
    fn listed(&self, e: u32) -> Listed<'_> {
        let half = self.half();
        let e = e as usize;
        let start = e
            .checked_sub(1)
            .map_or(0, |d| half.expressions.ends[d] as usize);
        let words = half.expressions.get(e);
        Listed {
            words,
            kind: Kind::of(half.kinds[e]),
            rich: half.rich[e],
            synonyms: &half.synonyms[start..start + words.len()],
        }
    }

    /// Word `w` of the table of words.
    fn word(&self, w: u32) -> &str {
        self.lexicon.words.list.str(w as usize)
    }

    /// The words of listed expression `e`.
    fn words_of(&self, e: u32) -> Vec<&str> {
        self.listed(e).words.iter().map(|&w| self.word(w)).collect()
    }

    /// Where word `w` (its number in the table of words) may stand in this half.
    fn places(&self, w: Option<u32>) -> u64 {
        let at = |w: u32| w as usize * 2 + usize::from(self.idioms);
        w.and_then(|w| self.lexicon.places.get(at(w)).copied())
            .unwrap_or(0)
    }

    /// Whether word `w` may be word `j` of a listed `n`-word expression.
    fn may_stand(&self, w: Option<u32>, n: usize, j: usize) -> bool {
        position_bit(n, j).is_none_or(|bit| self.places(w) & bit != 0)
    }

    /// The [`Lexicon::words`] number of a word of the text.
    fn look_up(&self, word: &str) -> Option<u32> {
        self.lexicon.words.find(word.as_bytes())
    }

    /// Where word `w` may stand in either half.
    fn places_in_both(&self, w: Option<u32>) -> [u64; 2] {
        let at = |w: u32| w as usize * 2;
        w.and_then(|w| self.lexicon.places.get(at(w)..at(w) + 2))
            .map_or([0; 2], |p| [p[0], p[1]])
    }

    /// The words of `text` in the table of words, where each chunk's stand in either half,
    /// and whether a phrase of either may start with it, in one pass.
    fn look_up_text(&self, text: &Text) -> LookedUp {
        let lower = text.lower.as_bytes();
        let mut words = Vec::with_capacity(text.ends.len());
        let mut stands: Vec<[Stands; 2]> = Vec::with_capacity(text.chunks.len());
        for chunk in &text.chunks {
            let mut last = [0; 2];
            let mut places = [0; 2];
            for at in chunk.ends.clone() {
                let key = &lower[chunk.start..text.ends[at] as usize];
                let word = self.lexicon.words.find_hashed(key, text.hashes[at]);
                words.push(word);
                places = self.places_in_both(word);
                last = [last[0] | places[0], last[1] | places[1]];
            }
            // The chunk's last end closes the chunk itself, the middle word of the phrases
            // across it.
            stands.push([0, 1].map(|h| Stands {
                middle: places[h],
                last: last[h],
            }));
        }
        // A phrase of eight words or more has no places, so a half reaching that far opens
        // everywhere.
        let long = self.lexicon.halves.each_ref().map(|h| h.most_words >= 8);
        let mut opens = Vec::with_capacity(stands.len());
        let none = [Stands::NOWHERE; 2];
        for (k, s) in stands.iter().enumerate() {
            let next = stands.get(k + 1).unwrap_or(&none);
            let after = stands.get(k + 2).unwrap_or(&none);
            let opens_in = |h: usize| long[h] || may_open(s[h], next[h], after[h]);
            opens.push(u8::from(opens_in(0)) | u8::from(opens_in(1)) << 1);
        }
        LookedUp {
            words,
            stands,
            opens,
        }
    }

    /// Spun variants in the paragraph (`lexed` is its [`Lexed`]), each with the expressions
    /// it may stand for, those that fit the words before it first. Like
    /// [`super::phrase_matcher::PhraseMatcher`], whole words, longest first at each start,
    /// without overlaps. Both halves' are found in one scan of the paragraph, made once for
    /// both recognisers (they share the tables), or afresh for a recogniser with a table of
    /// its own.
    pub fn find(&self, p: &Paragraph, lexed: &Lexed) -> Vec<Found> {
        let table = Arc::as_ptr(&self.lexicon) as usize;
        let (made_for, found) = lexed
            .variants
            .get_or_init(|| (table, self.scan(p, &lexed.text)));
        if *made_for == table {
            found[usize::from(self.idioms)].clone()
        } else {
            let [collocations, idioms] = self.scan(p, &lexed.text);
            if self.idioms {
                idioms
            } else {
                collocations
            }
        }
    }

    /// Both halves' variants in the paragraph: its words looked up once, and each start
    /// tried for either half where that half's last variant does not cover it.
    fn scan(&self, p: &Paragraph, text: &Text) -> [Vec<Found>; 2] {
        let other = Variants {
            lexicon: Arc::clone(&self.lexicon),
            idioms: !self.idioms,
        };
        let halves = if self.idioms {
            [&other, self]
        } else {
            [self, &other]
        };
        let lower = text.lower.as_str();
        // The words of the text looked up once: the scan tries many phrases over the same
        // words.
        let looked = self.look_up_text(text);
        let mut room = Room::default();
        let mut found = [Vec::new(), Vec::new()];
        let mut taken_to = [0; 2];
        for (k, chunk) in text.chunks.iter().enumerate() {
            let starts = &text.starts[chunk.starts.clone()];
            // Most chunks start one word, the chunk's, which opens no phrase of either half.
            let opens = looked.opens[k];
            if opens == 0 && starts.iter().all(|&s| s as usize == chunk.start) {
                continue;
            }
            for &start in starts {
                let start = start as usize;
                // A word starting its chunk is the chunk's, whose places are known.
                let (word, places) = if start == chunk.start {
                    (looked.whole(text, k), looked.stands[k].map(|s| s.middle))
                } else {
                    let word = self.look_up(&lower[start..chunk.end]);
                    (word, self.places_in_both(word))
                };
                for (h, v) in halves.iter().enumerate() {
                    if start < taken_to[h] || start == chunk.start && opens >> h & 1 == 0 {
                        continue;
                    }
                    let first = (start, word, places[h]);
                    let Some((range, originals)) = v.variant_at(text, &looked, k, first, &mut room)
                    else {
                        continue;
                    };
                    taken_to[h] = range.end;
                    let source = text.norm.source(range);
                    let fitting = in_context(&originals, after_auxiliary(p, source.start));
                    found[h].push((source, fitting));
                }
            }
        }
        found
    }

    /// The longest variant of this half starting in chunk `k` at `first` (its offset, its
    /// first word's number and places), ending on a word boundary, with the expressions it
    /// may stand for.
    fn variant_at<'t>(
        &self,
        text: &'t Text,
        looked: &LookedUp,
        k: usize,
        (start, first_word, places): (usize, Option<u32>, u64),
        room: &mut Room<'t>,
    ) -> Option<(Range<usize>, Vec<Original>)> {
        let half = self.half();
        if half.kinds.is_empty() {
            return None;
        }
        let (reach, most_words) = (half.reach as usize, half.most_words as usize);
        let (lower, chunks) = (text.lower.as_str(), &text.chunks);
        let last = (k + most_words - 1).min(chunks.len() - 1);
        let lengths = Lengths::of(
            places,
            &looked.stands[k + 1..=last],
            usize::from(self.idioms),
        );
        if lengths.none() {
            return None;
        }
        let first = &lower[start..chunks[k].end];
        let mut starts = None;
        // The most words first.
        for m in (k + 1..=last).rev() {
            let n = m - k + 1;
            let Some(misses) = lengths.misses_before_last(n) else {
                continue;
            };
            for at in chunks[m].ends.clone().rev() {
                let end = text.ends[at] as usize;
                if end - start > reach
                    || misses + usize::from(!self.may_stand(looked.words[at], n, n - 1)) > 1
                {
                    continue;
                }
                if !*starts.get_or_insert_with(|| self.may_start(first)) {
                    return None;
                }
                let Room { pieces, words, key } = room;
                pieces.clear();
                words.clear();
                pieces.push(first);
                words.push(first_word);
                for c in k + 1..m {
                    pieces.push(&lower[chunks[c].start..chunks[c].end]);
                    words.push(looked.whole(text, c));
                }
                pieces.push(&lower[chunks[m].start..end]);
                words.push(looked.words[at]);
                let originals = self.recognise(&lower[start..end], pieces, words, key);
                if !originals.is_empty() {
                    return Some((start..end, originals));
                }
            }
        }
        None
    }

    /// Whether a phrase starting with `word` (lower case) may be a variant, cheaply: true
    /// for every variant, and for many other phrases, which the lookups then reject. A word
    /// with a boundary inside ("lion's") keeps its first part when inflected; a plain word
    /// may be inflected, so it is tried with each ending cut off (and a doubled letter:
    /// "banned") and as an irregular form. `starts` holds each base also without the final
    /// "e", "y" or "ie" inflection drops ("voic-ing", "deni-ed", "t-ying").
    fn may_start(&self, word: &str) -> bool {
        let part = first_part(word);
        let starts = |s: &str| self.half().starts.contains(s.as_bytes());
        if starts(part) {
            return true;
        }
        if part.len() != word.len() {
            return false;
        }
        if inflect::irregular_bases(word).any(starts) {
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
    /// lemmatised, if it is the first or the last: only then is [`inflect::for_each_base`]
    /// asked.
    fn recognise(
        &self,
        phrase: &str,
        pieces: &[&str],
        words: &[Option<u32>],
        key: &mut Vec<u32>,
    ) -> Vec<Original> {
        let n = pieces.len();
        if n < 2 || n > self.half().most_words as usize {
            return Vec::new();
        }
        let last = n - 1;
        let mut found: Vec<(u32, Shape)> = Vec::new();
        key.clear();
        let listed_words = self.lexicon.listed_words;
        let mut unlisted = 0;
        for w in words {
            let id = w.filter(|&w| w < listed_words).unwrap_or(NOT_LISTED);
            unlisted += usize::from(id == NOT_LISTED);
            key.push(id);
        }
        for i in swappable(key, 0..n, unlisted) {
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
            let kind = |e: &u32| Kind::of(self.half().kinds[*e as usize]);
            if i == 0 && entries.iter().any(|e| kind(e) == Kind::Verb) {
                for &slot in &VERB_SLOTS[1..] {
                    inflect::for_each_base(pieces[0], slot, |base| {
                        self.swaps(entries, Shape::Verb(slot), 0, base, phrase, &mut found);
                    });
                }
            }
            if i == last && entries.iter().any(|e| kind(e) == Kind::Noun) {
                inflect::for_each_base(pieces[last], Slot::S, |base| {
                    self.swaps(entries, Shape::Plural, last, base, phrase, &mut found);
                });
            }
        }
        for (at, others) in [(0, 1..n), (last, 0..last)] {
            let Some(word) = words[at] else {
                continue;
            };
            let lemmas = self.lexicon.lemmas.get(word as usize);
            // A listed lemma is put for the word at `at`: the others not listed are the rest.
            let unlisted = unlisted - usize::from(key[at] == NOT_LISTED);
            let swapped = swappable(key, others, unlisted);
            if lemmas.is_empty() || swapped.is_empty() {
                continue;
            }
            let kept = key[at];
            for &(shape, base) in lemmas {
                let shape = Shape::of(shape);
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
                text: render(&self.words_of(e), shape),
                participle: shape == Shape::Verb(Slot::Participle),
            };
            if !originals.contains(&original) {
                originals.push(original);
            }
        }
        originals
    }

    /// The expressions whose words are `key`'s with word `i` swapped; none when another
    /// word of `key` is not listed (no skeleton has [`NOT_LISTED`]).
    fn swapped_at(&self, key: &mut [u32], i: usize) -> &[u32] {
        let kept = std::mem::replace(&mut key[i], SWAPPED);
        let half = self.half();
        let entries = half.skeletons.find(key);
        key[i] = kept;
        entries.map_or(&[], |s| half.entries.get(s as usize))
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
        if entries.is_empty() {
            return;
        }
        let stands_for = SUBSTITUTES.of(sub);
        // A word that is no substitute may still be a compound with a part swapped.
        if stands_for.is_empty() && !sub.contains('-') {
            return;
        }
        for &e in entries {
            let listed = self.listed(e);
            let n = listed.words.len();
            let last = || self.word(listed.words[n - 1]);
            if takes(shape, listed.kind, last)
                && self.is_substitute(&listed, i, sub, stands_for)
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
                && self.lexicon.ordinary.contains(r.words.join(" ").as_bytes())
        })
    }

    /// Whether `sub` is one of the substitutes ([`Thesaurus::substitutes`]) of word `i`,
    /// without listing them; `stands_for` is what `sub` stands for
    /// ([`super::variant_tables::Substitutes::of`]).
    fn is_substitute(&self, listed: &Listed, i: usize, sub: &str, stands_for: &[u32]) -> bool {
        let loose = self.takes_loose(listed, i);
        let thesaurus = thesaurus();
        match listed.synonyms[i] {
            NO_SYNONYMS => false,
            COMPOUND => {
                let word = self.word(listed.words[i]);
                let parts: Vec<&str> = word.split('-').collect();
                (0..parts.len()).any(|j| {
                    let before: String = parts[..j].iter().map(|p| format!("{p}-")).collect();
                    let after: String = parts[j + 1..].iter().map(|p| format!("-{p}")).collect();
                    let entry = thesaurus.entry(&self.lexicon.frozen, parts[j]);
                    sub.strip_prefix(before.as_str())
                        .and_then(|s| s.strip_suffix(after.as_str()))
                        .is_some_and(|middle| thesaurus.of(entry, loose).any(|s| s == middle))
                })
            }
            entry => is_among(stands_for, entry, loose),
        }
    }

    /// Looser synonyms only for idioms, where the idiom keeps two content words and its
    /// verb: "contain the key" for "hold the key" is plain English.
    fn takes_loose(&self, listed: &Listed, i: usize) -> bool {
        self.idioms && listed.rich && !(listed.kind == Kind::Verb && i == 0)
    }
}

/// Which of `candidates`, positions in `key`, may be the swapped word when `unlisted` of
/// them are not listed (the caller leaves out a word a listed lemma stands for): a word not
/// listed can only be the swapped one, so with one, only it is tried; with more, none is
/// (the skeletons are of listed words).
fn swappable(key: &[u32], candidates: Range<usize>, unlisted: usize) -> Range<usize> {
    match unlisted {
        0 => candidates,
        1 => (candidates.clone())
            .find(|&j| key[j] == NOT_LISTED)
            .map_or(0..0, |j| j..j + 1),
        _ => 0..0,
    }
}

/// A spun variant found: its span in the paragraph and the expressions it may stand for.
pub type Found = (Range<usize>, Vec<String>);

/// A paragraph's words in the table of words, for both halves ([`Variants::look_up_text`]).
struct LookedUp {
    /// The word ending at each of the text's ends.
    words: Vec<Option<u32>>,
    /// Per chunk, per half, where its word stands.
    stands: Vec<[Stands; 2]>,
    /// Per chunk, whether a phrase of each half (a bit each) may start with its word (by where
    /// it and the next two stand, [`may_open`]): [`Lengths::of`] rules out every other.
    opens: Vec<u8>,
}

impl LookedUp {
    /// The word of chunk `k` as a whole, which its last end closes.
    fn whole(&self, text: &Text, k: usize) -> Option<u32> {
        self.words[text.chunks[k].ends.end - 1]
    }
}

/// Where a chunk's word may stand ([`position_bit`]s): as a middle word of a phrase (the
/// whole chunk) and as its last word (any of the chunk's ends).
#[derive(Clone, Copy)]
struct Stands {
    middle: u64,
    last: u64,
}

impl Stands {
    /// Past the paragraph's last chunk.
    const NOWHERE: Stands = Stands { middle: 0, last: 0 };
}

/// Whether a phrase of fewer than eight words may start with a chunk's word, by where it and
/// the next two chunks' stand (a middle word being the whole chunk, a last word any end in
/// it), as [`Lengths::of`] would tell from all of a phrase's words: a variant has one word
/// swapped at most, so of a phrase of two words one stands in place, of a longer phrase two
/// of the first three. Most words stand somewhere ("the", "of", "in" in many expressions),
/// but seldom so with the next.
fn may_open(first: Stands, second: Stands, third: Stands) -> bool {
    const TWO_WORDS: u64 = 0xff << 16;
    const THREE_WORDS: u64 = 0xff << 24;
    const LONGER: u64 = !0 << 24;
    let a = first.middle & FIRST;
    let b = second.middle >> 1 & FIRST;
    let c = (third.middle & !THREE_WORDS | third.last & THREE_WORDS) >> 2 & FIRST;
    let two = (a | second.last >> 1 & FIRST) & TWO_WORDS;
    let longer = (a & b | a & c | b & c) & LONGER;
    two | longer != 0
}

/// Room for the phrases [`Variants::recognise`] reads: their words and numbers, and the
/// skeletons tried, made once per scan.
#[derive(Default)]
struct Room<'t> {
    pieces: Vec<&'t str>,
    words: Vec<Option<u32>>,
    key: Vec<u32>,
}

/// Every [`position_bit`] of a first word.
const FIRST: u64 = 0x0101_0101_0101_0101;

/// The phrases of each length from one start worth reading word by word: those whose words,
/// but one at most, may stand where a listed expression of that length has them. All lengths
/// at once, bit `n * 8` standing for `n` words (as [`position_bit`] of a first word), so
/// that a start costs a few operations per word rather than one test per word and length.
struct Lengths {
    /// The lengths worth reading.
    worth: u64,
    /// The lengths whose words before the last miss once (the last must then stand).
    once: u64,
    /// Whether the phrases reach eight words, where expressions have no places and every
    /// length is worth reading.
    long: bool,
}

impl Lengths {
    /// From the places of a start's first word and the [`Stands`] of the chunks after it.
    fn of(first: u64, next: &[[Stands; 2]], half: usize) -> Lengths {
        let long = next.len() + 1 >= 8;
        // Most starts are ruled out by their first two words: the first stands first in no
        // expression, nor the second second.
        let second = next.first().map_or(0, |stands| stands[half].last);
        if first & FIRST == 0 && second & FIRST << 1 == 0 && !long {
            return Lengths {
                worth: 0,
                once: 0,
                long,
            };
        }
        let mut once = !first & FIRST;
        let (mut twice, mut last, mut within) = (0, 0, 0);
        for (i, stands) in next.iter().enumerate() {
            let stands = stands[half];
            // Word `j` is the last of a phrase of `j + 1` words, a middle one of longer ones.
            let j = i + 1;
            let Some(own) = position_bit(j + 1, 0) else {
                break;
            };
            within |= own;
            last |= stands.last >> j & own;
            let longer = FIRST & !((own << 1) - 1);
            let misses = !(stands.middle >> j) & longer;
            twice |= once & misses;
            once |= misses;
        }
        Lengths {
            worth: within & !twice & (!once | last),
            once,
            long,
        }
    }

    fn none(&self) -> bool {
        self.worth == 0 && !self.long
    }

    /// How many of the words but the last of a phrase of `n` words miss their places, if
    /// the phrase is worth reading (none miss in a phrase too long to have places).
    fn misses_before_last(&self, n: usize) -> Option<usize> {
        match position_bit(n, 0) {
            None => Some(0),
            Some(bit) => (self.worth & bit != 0).then_some(usize::from(self.once & bit != 0)),
        }
    }
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

/// A past form that is also an adjective, kept while its object is swapped, reads as one:
/// "broken link", "given type" are plain English, whatever "break cover" and "give way" became.
fn reads_as_adjective(variant: &str, shape: Shape) -> bool {
    matches!(shape, Shape::Verb(Slot::Past | Slot::Participle))
        && variant
            .split(' ')
            .next()
            .is_some_and(|first| pos::tags(first) & pos::ADJ != 0)
}

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
    use std::collections::{BTreeMap, HashMap, HashSet};

    use proptest::prelude::*;

    use super::super::variant_tables::{Substitutes, Table};
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
        let words: Vec<Option<u32>> = pieces.iter().map(|w| v.look_up(w)).collect();
        v.recognise(phrase, &pieces, &words, &mut Vec::new())
    }

    /// The reference: every variant written out, each with its originals in list order.
    fn enumerate(v: &Variants, data: &Lists) -> BTreeMap<String, Vec<Original>> {
        let mut ordinary = HashSet::new();
        let accepted = data.accepted.iter().map(|a| a.to_lowercase());
        for e in data.expressions().map(|(e, _, _)| e).chain(accepted) {
            let words: Vec<&str> = e.split_whitespace().collect();
            for shape in SHAPES {
                if shape != Shape::Plural || !words[words.len() - 1].ends_with('s') {
                    ordinary.insert(render(&words, shape));
                }
            }
        }
        let mut out: BTreeMap<String, Vec<Original>> = BTreeMap::new();
        for e in 0..v.half().kinds.len() as u32 {
            let listed = v.listed(e);
            let words = v.words_of(e);
            let n = words.len();
            for shape in SHAPES {
                if !takes(shape, listed.kind, || words[n - 1]) {
                    continue;
                }
                let original = Original {
                    text: render(&words, shape),
                    participle: shape == Shape::Verb(Slot::Participle),
                };
                for i in 0..n {
                    let loose = v.takes_loose(&listed, i);
                    let frozen = &v.lexicon.frozen;
                    for sub in thesaurus().substitutes(frozen, words[i], loose) {
                        if i == inflected_at(shape, n) && !fits(shape, &sub) {
                            continue;
                        }
                        let mut words: Vec<&str> = words.clone();
                        words[i] = &sub;
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

    /// The lemmas the table of words keeps of the forms of listed words are those
    /// `inflect::for_each_base` gives: each listed first word is a lemma of its verb forms, each
    /// last one of its plural.
    #[test]
    fn bases_find_every_listed_word_again() {
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        for idioms in [false, true] {
            let v = Variants::new(&data, idioms);
            for e in 0..v.half().kinds.len() as u32 {
                let words = v.words_of(e);
                let (first, last) = (words[0], words[words.len() - 1]);
                for slot in &VERB_SLOTS[1..] {
                    let form = inflect(first, *slot);
                    let mut found = false;
                    inflect::for_each_base(&form, *slot, |b| found |= b == first);
                    assert!(found, "{first} {form}");
                }
                let form = inflect(last, Slot::S);
                let mut found = false;
                inflect::for_each_base(&form, Slot::S, |b| found |= b == last);
                assert!(found, "{last} {form}");
            }
        }
    }

    #[test]
    fn recognises_exactly_the_enumerated_variants() {
        let lists = Collocations::load(&DataSet::embedded()).unwrap();
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        for idioms in [false, true] {
            let v = Variants::new(&data, idioms);
            let expected = enumerate(&v, &lists);
            assert!(expected.len() > 50_000, "{}", expected.len());
            for (variant, originals) in &expected {
                let first = variant.split(' ').next().unwrap();
                assert!(v.may_start(first), "{variant}");
                assert!(variant.len() <= v.half().reach as usize, "{variant}");
                assert_eq!(&recognise(&v, variant), originals, "{variant}");
            }
            // And the scan of a paragraph finds them (a sample: a scan is slower).
            for variant in expected.keys().step_by(37) {
                let text = format!("Yesterday {variant}; then");
                let p = Paragraph::new(0, text, crate::segment::Block::Text);
                let lexed = Lexed::new(&p.text);
                let spans: Vec<_> = v.find(&p, &lexed).into_iter().map(|(s, _)| s).collect();
                assert_eq!(spans, vec![10..10 + variant.len()], "{variant}");
            }
            // Listed and accepted English in every form is never a variant.
            for e in 0..v.half().kinds.len() as u32 {
                for shape in SHAPES {
                    let form = render(&v.words_of(e), shape);
                    if !expected.contains_key(&form) {
                        let found = recognise(&v, &form);
                        assert!(found.is_empty(), "{form}: {found:?}");
                    }
                }
            }
        }
    }

    /// The tables `build.rs` wrote for the shipped lists are those the same lists build at
    /// run time, as the user's edited lists are built.
    #[test]
    fn shipped_tables_are_the_lists_built() {
        let lists = Collocations::load(&DataSet::embedded()).unwrap();
        assert_eq!(SYNONYM_WORDS, Thesaurus::words(SYNONYM_LISTS));
        assert_eq!(SUBSTITUTES, Substitutes::build(SYNONYM_LISTS));
        assert!(SHIPPED == Lexicon::build(&lists, &thesaurus()));
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        assert!(matches!(
            data.lexicon.words.list.items,
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// The lists with the collocation "Zebra Crossing" added, and a variant of it.
    fn with_zebra_crossing() -> (Expressions, String) {
        let edits: crate::data::DataEdits = toml::from_str(
            r#"[collocations.noun_phrases]
               add = ["Zebra Crossing"]"#,
        )
        .unwrap();
        let data = Expressions::load(&DataSet::with_edits(&edits).unwrap()).unwrap();
        let lists = Collocations::load(&DataSet::embedded()).unwrap();
        let synonyms = thesaurus().substitutes(
            &Lexicon::build(&lists, &thesaurus()).frozen,
            "crossing",
            false,
        );
        let sub = synonyms.first().expect("\"crossing\" has synonyms");
        (data, format!("zebra {sub}"))
    }

    /// Edited lists are built anew: an added collocation's variants are found.
    #[test]
    fn edited_lists_are_built_at_run_time() {
        let (data, phrase) = with_zebra_crossing();
        assert!(data.lexicon.words.find(b"zebra").is_some());
        let v = Variants::new(&data, false);
        let found = recognise(&v, &phrase);
        assert_eq!(
            found.first().map(|o| o.text.as_str()),
            Some("zebra crossing"),
            "{phrase}"
        );
    }

    /// One paragraph's looked-up words serve every recogniser of the same table; a
    /// recogniser with a table of its own (an edited list) looks the words up again, so that
    /// whichever reads the paragraph first, each finds what it finds on its own.
    #[test]
    fn a_paragraph_looked_up_for_one_table_is_looked_up_again_for_another() {
        let (edited, zebra) = with_zebra_crossing();
        let shipped = Expressions::load(&DataSet::embedded()).unwrap();
        let recognisers = [
            Variants::new(&shipped, false),
            Variants::new(&shipped, true),
            Variants::new(&edited, false),
            Variants::new(&edited, true),
        ];
        let text =
            format!("They called it a tax haven and paid a custom fine; the {zebra} was new.");
        let p = Paragraph::new(0, text, crate::segment::Block::Text);
        let alone: Vec<_> = recognisers
            .iter()
            .map(|v| v.find(&p, &Lexed::new(&p.text)))
            .collect();
        for order in [[0, 1, 2, 3], [2, 3, 0, 1], [3, 0, 2, 1]] {
            let lexed = Lexed::new(&p.text);
            for i in order {
                assert_eq!(recognisers[i].find(&p, &lexed), alone[i], "recogniser {i}");
            }
        }
        assert_ne!(
            alone[0], alone[2],
            "the edited table must find something else"
        );
    }

    /// Every word of the shipped table of words is found under its number.
    #[test]
    fn words_are_found_under_their_numbers() {
        let data = Expressions::load(&DataSet::embedded()).unwrap();
        let words = &data.lexicon.words;
        for w in 0..words.list.ends.len() {
            assert_eq!(words.find(words.list.get(w)), Some(w as u32));
        }
        assert_eq!(words.find(b"zzzz-not-a-word"), None);
    }

    /// The scan by definition: at each start the last variant found does not cover, the
    /// longest phrase of whole words [`Variants::recognise`] takes, none ruled out by a
    /// cheaper test first.
    fn scan_by_definition(v: &Variants, p: &Paragraph) -> Vec<Found> {
        let text = Text::new(&p.text);
        let (lower, chunks) = (text.lower.as_str(), &text.chunks);
        let most_words = v.half().most_words as usize;
        let mut out = Vec::new();
        let mut taken_to = 0;
        for (k, chunk) in chunks.iter().enumerate() {
            for &start in &text.starts[chunk.starts.clone()] {
                let start = start as usize;
                if start < taken_to || most_words == 0 {
                    continue;
                }
                let last = (k + most_words - 1).min(chunks.len() - 1);
                let ends: Vec<(usize, usize)> = (k + 1..=last)
                    .flat_map(|m| chunks[m].ends.clone().map(move |at| (m, at)))
                    .collect();
                for &(m, at) in ends.iter().rev() {
                    let end = text.ends[at] as usize;
                    let mut pieces = vec![&lower[start..chunk.end]];
                    pieces.extend((k + 1..m).map(|c| &lower[chunks[c].start..chunks[c].end]));
                    pieces.push(&lower[chunks[m].start..end]);
                    let words: Vec<Option<u32>> = pieces.iter().map(|w| v.look_up(w)).collect();
                    let phrase = &lower[start..end];
                    let originals = v.recognise(phrase, &pieces, &words, &mut Vec::new());
                    if !originals.is_empty() {
                        taken_to = end;
                        let source = text.norm.source(start..end);
                        let fitting = in_context(&originals, after_auxiliary(p, source.start));
                        out.push((source, fitting));
                        break;
                    }
                }
            }
        }
        out
    }

    /// Words to write texts of for [`scan_by_definition`]: every listed expression with one
    /// word swapped for a substitute (or none) in every shape, and words around them.
    fn spun_texts() -> impl Strategy<Value = String> {
        static PHRASES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let phrases = PHRASES.get_or_init(|| {
            let data = Expressions::load(&DataSet::embedded()).unwrap();
            let mut phrases = Vec::new();
            for idioms in [false, true] {
                let v = Variants::new(&data, idioms);
                for e in 0..v.half().kinds.len() as u32 {
                    let words = v.words_of(e);
                    let i = e as usize % words.len();
                    let subs = thesaurus().substitutes(&v.lexicon.frozen, words[i], idioms);
                    let mut swapped = words.clone();
                    if let Some(sub) = subs.get(e as usize / 3 % subs.len().max(1)) {
                        swapped[i] = sub;
                    }
                    phrases.push(render(&swapped, SHAPES[e as usize % SHAPES.len()]));
                    phrases.push(words[e as usize % words.len()].to_string());
                }
            }
            phrases.extend(
                [
                    "has", "was", "the", "of", "a", "in", "its", "Mr", "anti-war",
                ]
                .map(String::from),
            );
            phrases
        });
        let separators = [
            " ",
            " ",
            " ",
            ", ",
            ". ",
            "'s ",
            "\n",
            " \u{2019}",
            "-",
            "  ",
        ];
        proptest::collection::vec((0..phrases.len(), 0..separators.len()), 0..24).prop_map(
            move |parts| {
                let mut text = String::new();
                for (phrase, separator) in parts {
                    text.push_str(&phrases[phrase]);
                    text.push_str(separators[separator]);
                }
                text
            },
        )
    }

    /// Where words stand, as [`position_bit`]s: a few places each in phrases of a few words,
    /// so that neighbours often stand together.
    fn places() -> impl Strategy<Value = u64> {
        proptest::collection::vec((2usize..5, 0usize..5), 0..6).prop_map(|places| {
            places
                .into_iter()
                .filter_map(|(n, j)| position_bit(n, j))
                .fold(0, |bits, bit| bits | bit)
        })
    }

    proptest! {
        /// A chunk's word opens no phrase only where [`Lengths::of`] finds no length worth
        /// reading from it.
        #[test]
        fn a_word_that_may_not_open_has_no_lengths(
            first in places(),
            next in proptest::collection::vec((places(), places()), 0..6),
        ) {
            let next: Vec<[Stands; 2]> = next
                .into_iter()
                .map(|(middle, last)| [Stands { middle, last: last | middle }; 2])
                .collect();
            let stands = |k: usize| next.get(k).map_or(Stands::NOWHERE, |s| s[0]);
            let first_stands = Stands { middle: first, last: first };
            if !may_open(first_stands, stands(0), stands(1)) {
                prop_assert!(Lengths::of(first, &next, 0).none());
            }
        }

        /// The scan, with its tests of where words stand, finds what trying every phrase
        /// finds, in both halves, whichever asks first.
        #[test]
        fn the_scan_finds_what_every_phrase_tried_finds(text in spun_texts(), idioms_first: bool) {
            let data = Expressions::load(&DataSet::embedded()).unwrap();
            let p = Paragraph::new(0, text, crate::segment::Block::Text);
            let lexed = Lexed::new(&p.text);
            for idioms in [idioms_first, !idioms_first] {
                let v = Variants::new(&data, idioms);
                prop_assert_eq!(v.find(&p, &lexed), scan_by_definition(&v, &p), "idioms {}", idioms);
            }
        }

        /// A table finds each of its distinct sequences under its number, and nothing else,
        /// as a map of them does.
        #[test]
        fn tables_find_what_a_map_finds(
            words in proptest::collection::vec("[a-d]{0,3}", 0..40),
            probes in proptest::collection::vec("[a-d]{0,3}", 0..20),
        ) {
            let mut distinct: Vec<&[u8]> = Vec::new();
            for w in &words {
                if !distinct.contains(&w.as_bytes()) {
                    distinct.push(w.as_bytes());
                }
            }
            let table = Table::new(&distinct);
            let map: HashMap<&[u8], u32> =
                distinct.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
            for p in words.iter().chain(&probes) {
                prop_assert_eq!(table.find(p.as_bytes()), map.get(p.as_bytes()).copied());
            }
            let ids: Vec<Vec<u32>> = distinct
                .iter()
                .map(|w| w.iter().map(|&b| u32::from(b)).collect())
                .collect();
            let table = Table::new(&ids);
            for (i, key) in ids.iter().enumerate() {
                prop_assert_eq!(table.find(key), Some(i as u32));
            }
        }
    }
}
