//! The tables [`super::variants`] recognises spun variants with, built from the lists of
//! rules/collocations.toml and the thesaurus: flat arrays and open-addressed tables, so that
//! `build.rs` (through `build/spun.rs`, which includes this file) builds the shipped lists'
//! tables with this same code and writes them as statics the binary reads in place. Start-up
//! builds nothing for them; lists the user edits are built here at run time. Std only, as
//! the build script has no other dependency.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::inflect::{inflect, Slot, VERB_SLOTS};
use super::table_hash;

/// Stands for the swapped word in a skeleton.
pub const SWAPPED: u32 = u32::MAX;
/// The id of a word that is only a form of listed ones.
pub const NOT_LISTED: u32 = u32::MAX - 1;
/// The thesaurus entry of a word that has none (or is frozen).
pub const NO_SYNONYMS: u32 = u32::MAX;
/// The [`Half::synonyms`] of a compound ("chart-topping"), whose parts are swapped.
pub const COMPOUND: u32 = u32::MAX - 1;

/// What a [`Table`] holds sequences of.
pub trait Item: Copy + Eq + 'static {
    fn hash(items: &[Self]) -> u64;
}

impl Item for u8 {
    fn hash(items: &[u8]) -> u64 {
        table_hash::hash_bytes(items)
    }
}

impl Item for u32 {
    fn hash(items: &[u32]) -> u64 {
        table_hash::hash_ids(items)
    }
}

/// Sequences end to end, numbered in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<T: Copy + 'static> {
    pub items: Cow<'static, [T]>,
    /// Where each sequence ends in `items`.
    pub ends: Cow<'static, [u32]>,
}

impl<T: Copy + Eq + 'static> List<T> {
    pub fn new<S: AsRef<[T]>>(sequences: &[S]) -> List<T> {
        let mut items = Vec::new();
        let mut ends = Vec::with_capacity(sequences.len());
        for s in sequences {
            items.extend_from_slice(s.as_ref());
            ends.push(u32::try_from(items.len()).expect("tables under 4 GB"));
        }
        List {
            items: Cow::Owned(items),
            ends: Cow::Owned(ends),
        }
    }

    pub fn get(&self, i: usize) -> &[T] {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        &self.items[start..self.ends[i] as usize]
    }
}

impl List<u8> {
    /// Sequence `i` of a list of strings.
    pub fn str(&self, i: usize) -> &str {
        // Built from strings only, so never empty for want of UTF-8.
        std::str::from_utf8(self.get(i)).unwrap_or_default()
    }
}

/// A [`List`] of distinct sequences and an open-addressed table of them, at most half
/// full, probed linearly from [`Item::hash`]. A slot holds a sequence's number plus one in
/// its low half and the hash's high half in its high half, so that a probe compares
/// sequences only when their hashes agree; an empty slot is 0, and ends every probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<T: Item> {
    pub list: List<T>,
    pub slots: Cow<'static, [u64]>,
}

impl<T: Item> Table<T> {
    /// `sequences` numbered in order; each must be distinct.
    pub fn new<S: AsRef<[T]>>(sequences: &[S]) -> Table<T> {
        let mut slots = vec![0u64; (sequences.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for (i, s) in sequences.iter().enumerate() {
            let hash = T::hash(s.as_ref());
            let mut slot = hash as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            let number = u32::try_from(i + 1).expect("tables under 4 GB");
            slots[slot] = hash & !0xffff_ffff | u64::from(number);
        }
        Table {
            list: List::new(sequences),
            slots: Cow::Owned(slots),
        }
    }

    /// The number of `key`.
    pub fn find(&self, key: &[T]) -> Option<u32> {
        self.find_hashed(key, T::hash(key))
    }

    /// The number of `key`, whose [`Item::hash`] is `hash`: a paragraph's words are hashed
    /// once ([`super::phrase_matcher::Text::hashes`]) for every table they are looked up in.
    pub fn find_hashed(&self, key: &[T], hash: u64) -> Option<u32> {
        let (slots, items, ends) = (&*self.slots, &*self.list.items, &*self.list.ends);
        let mask = slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let entry = slots[slot];
            if entry == 0 {
                return None;
            }
            if (entry ^ hash) >> 32 == 0 {
                let number = entry as u32 - 1;
                let end = ends[number as usize] as usize;
                let start = (number as usize)
                    .checked_sub(1)
                    .map_or(0, |j| ends[j] as usize);
                if items.get(start..end) == Some(key) {
                    return Some(number);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    pub fn contains(&self, key: &[T]) -> bool {
        self.find(key).is_some()
    }
}

/// Distinct keys in the order first given, for a [`Table`].
struct Numbering<K> {
    keys: Vec<K>,
    numbers: HashMap<K, u32>,
}

impl<K: Clone + Eq + std::hash::Hash> Numbering<K> {
    fn new() -> Numbering<K> {
        Numbering {
            keys: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    fn number(&mut self, key: K) -> u32 {
        let next = self.keys.len() as u32;
        *self.numbers.entry(key).or_insert_with_key(|k| {
            self.keys.push(k.clone());
            next
        })
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

impl Kind {
    const ALL: [Kind; 3] = [Kind::Verb, Kind::Noun, Kind::Fixed];

    pub fn code(self) -> u8 {
        Kind::ALL.iter().position(|&k| k == self).unwrap_or(0) as u8
    }

    pub fn of(code: u8) -> Kind {
        Kind::ALL[usize::from(code)]
    }
}

/// The form an expression is in: its first word in a verb slot (the base form for every
/// kind), or its last word in the plural. Declared in the order findings list originals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    Verb(Slot),
    Plural,
}

impl Shape {
    /// As the tables hold it: the verb slot's number, or 5.
    pub fn code(self) -> u8 {
        match self {
            Shape::Verb(slot) => VERB_SLOTS.iter().position(|&s| s == slot).unwrap_or(0) as u8,
            Shape::Plural => VERB_SLOTS.len() as u8,
        }
    }

    pub fn of(code: u8) -> Shape {
        VERB_SLOTS
            .get(usize::from(code))
            .map_or(Shape::Plural, |&slot| Shape::Verb(slot))
    }
}

/// rules/collocations.toml.
pub struct Lists {
    pub frozen: Vec<String>,
    pub verb_phrases: Vec<String>,
    pub noun_phrases: Vec<String>,
    pub verb_idioms: Vec<String>,
    pub fixed_phrases: Vec<String>,
    pub accepted: Vec<String>,
}

impl Lists {
    /// Every listed expression, lower case, with the way it inflects and whether it is an
    /// idiom.
    pub fn expressions(&self) -> impl Iterator<Item = (String, Kind, bool)> + '_ {
        self.verb_phrases
            .iter()
            .map(|e| (e, Kind::Verb, false))
            .chain(self.noun_phrases.iter().map(|e| (e, Kind::Noun, false)))
            .chain(self.verb_idioms.iter().map(|e| (e, Kind::Verb, true)))
            .chain(self.fixed_phrases.iter().map(|e| (e, Kind::Fixed, true)))
            .map(|(e, kind, idiom)| (e.to_lowercase(), kind, idiom))
    }
}

/// rules/synonyms.tsv: (word, substitutes, looser substitutes), and a table of its words,
/// numbered alike.
pub struct Thesaurus<'t> {
    pub lists: &'t [(&'t str, &'t [&'t str], &'t [&'t str])],
    pub words: &'t Table<u8>,
}

impl<'t> Thesaurus<'t> {
    /// The table of the words of `lists` (which `build.rs` writes for the shipped lists).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn words(lists: &[(&str, &[&str], &[&str])]) -> Table<u8> {
        let words: Vec<&[u8]> = lists.iter().map(|l| l.0.as_bytes()).collect();
        Table::new(&words)
    }

    /// The entry of `word`, or [`NO_SYNONYMS`]; none for a word in `frozen`.
    pub fn entry(&self, frozen: &Table<u8>, word: &str) -> u32 {
        if frozen.contains(word.as_bytes()) {
            return NO_SYNONYMS;
        }
        self.words.find(word.as_bytes()).unwrap_or(NO_SYNONYMS)
    }

    /// The substitutes of entry `entry`, and the looser ones with `loose`.
    pub fn of(&self, entry: u32, loose: bool) -> impl Iterator<Item = &'t str> + 't {
        let lists: &'t [&'t str] = &[];
        let (strict, looser) = self
            .lists
            .get(entry as usize)
            .map_or((lists, lists), |&(_, s, l)| (s, l));
        let looser = if loose { looser } else { lists };
        strict.iter().chain(looser).copied()
    }

    /// What a spinner may put for `word`: its synonyms, or for a compound ("chart-topping")
    /// the compound with one part swapped ("graph-topping").
    pub fn substitutes(&self, frozen: &Table<u8>, word: &str, loose: bool) -> Vec<String> {
        if !word.contains('-') {
            let entry = self.entry(frozen, word);
            return self.of(entry, loose).map(str::to_string).collect();
        }
        let parts: Vec<&str> = word.split('-').collect();
        let mut out = Vec::new();
        for (j, part) in parts.iter().enumerate() {
            for sub in self.of(self.entry(frozen, part), loose) {
                let mut swapped = parts.clone();
                swapped[j] = sub;
                out.push(swapped.join("-"));
            }
        }
        out
    }

    fn longest(&self) -> usize {
        let all = self.lists.iter().flat_map(|l| l.1.iter().chain(l.2));
        all.map(|s| s.len()).max().unwrap_or(0)
    }
}

/// The thesaurus read backwards: every substitute of its entries ([`Thesaurus::of`]) and,
/// per substitute, the entries it stands for, each as its number twice, plus one for a
/// looser substitute. Whether a word of the text is a substitute of a listed word is then one
/// lookup of the word and a scan of a few numbers, not of the listed word's substitutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitutes {
    pub words: Table<u8>,
    pub entries: List<u32>,
}

impl Substitutes {
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn build(lists: &[(&str, &[&str], &[&str])]) -> Substitutes {
        let mut words: Numbering<&str> = Numbering::new();
        let mut entries: Vec<Vec<u32>> = Vec::new();
        for (entry, &(_, strict, looser)) in lists.iter().enumerate() {
            for (loose, subs) in [(0, strict), (1, looser)] {
                for sub in subs {
                    let w = words.number(sub) as usize;
                    if entries.len() <= w {
                        entries.push(Vec::new());
                    }
                    entries[w].push(entry as u32 * 2 + loose);
                }
            }
        }
        let keys: Vec<&[u8]> = words.keys.iter().map(|w| w.as_bytes()).collect();
        Substitutes {
            words: Table::new(&keys),
            entries: List::new(&entries),
        }
    }

    /// The entries `sub` stands for, as [`Substitutes::entries`] holds them.
    pub fn of(&self, sub: &str) -> &[u32] {
        let w = self.words.find(sub.as_bytes());
        w.map_or(&[], |w| self.entries.get(w as usize))
    }
}

/// Whether a word standing for `entries` ([`Substitutes::of`]) is a substitute of entry
/// `entry`, counting the looser substitutes with `loose`.
pub fn is_among(entries: &[u32], entry: u32, loose: bool) -> bool {
    entries
        .iter()
        .any(|&e| e >> 1 == entry && (loose || e & 1 == 0))
}

/// Both halves' tables (the collocations', then the idioms and fixed phrases'), with one
/// table of words, so that a word of the text is looked up once for both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexicon {
    /// The words of the listed expressions (their ids are their numbers, below
    /// `listed_words`), then the forms of their first words in a verb slot and of their
    /// last words in the plural that are not listed words themselves.
    pub words: Table<u8>,
    pub listed_words: u32,
    /// Per word, per half: where it, or a listed word it is a form of, stands
    /// ([`position_bit`]).
    pub places: Cow<'static, [u64]>,
    /// Per word, the listed words it is a form of: ([`Shape::code`], id). As
    /// [`super::inflect::for_each_base`] undoes [`inflect`] exactly, these are its lemmas that are
    /// listed first or last words.
    pub lemmas: List<(u8, u32)>,
    pub halves: [Half; 2],
    /// The listed expressions and accepted phrases, words joined by single spaces: English.
    pub ordinary: Table<u8>,
    /// Words never swapped.
    pub frozen: Table<u8>,
}

/// One half's expressions that can be spun, and what finds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Half {
    /// Each expression's words as ids.
    pub expressions: List<u32>,
    /// Per expression, its [`Kind`] (by number) and whether it has two content words or
    /// more.
    pub kinds: Cow<'static, [u8]>,
    pub rich: Cow<'static, [bool]>,
    /// Per word of `expressions`, its thesaurus entry ([`Thesaurus::entry`]), or
    /// [`COMPOUND`].
    pub synonyms: Cow<'static, [u32]>,
    /// An expression's ids with one of them [`SWAPPED`]; per skeleton in `entries`, the
    /// expressions that have it, in order.
    pub skeletons: Table<u32>,
    pub entries: List<u32>,
    /// The first word part (up to a boundary) of every word that may begin a variant,
    /// before inflection: the listed first words, their synonyms and their compounds'
    /// substitutes, each also without the final "e", "y" or "ie" inflection drops.
    pub starts: Table<u8>,
    /// No variant is longer, in bytes or in words.
    pub reach: u32,
    pub most_words: u32,
}

/// An expression of a half as the builder reads it.
struct Kept {
    expression: String,
    words: Vec<String>,
    kind: Kind,
}

impl Lexicon {
    pub fn build(lists: &Lists, thesaurus: &Thesaurus) -> Lexicon {
        let lower = |l: &[String]| -> Vec<String> { l.iter().map(|s| s.to_lowercase()).collect() };
        let frozen = lower(&lists.frozen);
        let frozen = Table::new(&distinct(frozen.iter().map(String::as_str)));
        let mut ordinary: Vec<String> = Vec::new();
        let mut halves: [Vec<Kept>; 2] = [Vec::new(), Vec::new()];
        for (expression, kind, idiom) in lists.expressions() {
            let words: Vec<String> = expression.split_whitespace().map(String::from).collect();
            ordinary.push(words.join(" "));
            if has_frame(&words, kind) {
                halves[usize::from(idiom)].push(Kept {
                    expression,
                    words,
                    kind,
                });
            }
        }
        for accepted in lower(&lists.accepted) {
            ordinary.push(accepted.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        let ordinary = Table::new(&distinct(ordinary.iter().map(String::as_str)));

        let mut words: Numbering<String> = Numbering::new();
        for kept in halves.iter().flatten() {
            for word in &kept.words {
                words.number(word.clone());
            }
        }
        let listed_words = words.keys.len() as u32;
        let mut places: Vec<[u64; 2]> = Vec::new();
        let mut lemmas: Vec<Vec<(u8, u32)>> = Vec::new();
        for (h, half) in halves.iter().enumerate() {
            for kept in half {
                let n = kept.words.len();
                let bit = |j: usize| position_bit(n, j).unwrap_or(0);
                let mut place = |id: u32, bit: u64, lemma: Option<(Shape, u32)>| {
                    let id = id as usize;
                    if places.len() <= id {
                        places.resize(id + 1, [0; 2]);
                        lemmas.resize(id + 1, Vec::new());
                    }
                    places[id][h] |= bit;
                    if let Some((shape, base)) = lemma {
                        let lemma = (shape.code(), base);
                        if !lemmas[id].contains(&lemma) {
                            lemmas[id].push(lemma);
                        }
                    }
                };
                let ids: Vec<u32> = kept.words.iter().map(|w| words.numbers[w]).collect();
                for (j, &id) in ids.iter().enumerate() {
                    place(id, bit(j), None);
                }
                for &slot in &VERB_SLOTS[1..] {
                    let form = words.number(inflect(&kept.words[0], slot));
                    place(form, bit(0), Some((Shape::Verb(slot), ids[0])));
                }
                let plural = words.number(inflect(&kept.words[n - 1], Slot::S));
                place(plural, bit(n - 1), Some((Shape::Plural, ids[n - 1])));
            }
        }
        let halves = [0, 1].map(|h| Half::build(&halves[h], h == 1, &words, thesaurus, &frozen));
        let places: Vec<u64> = places.concat();
        Lexicon {
            words: Table::new(&words.keys.iter().map(String::as_bytes).collect::<Vec<_>>()),
            listed_words,
            places: Cow::Owned(places),
            lemmas: List::new(&lemmas),
            halves,
            ordinary,
            frozen,
        }
    }
}

impl Half {
    fn build(
        kept: &[Kept],
        idioms: bool,
        words: &Numbering<String>,
        thesaurus: &Thesaurus,
        frozen: &Table<u8>,
    ) -> Half {
        let mut expressions: Vec<Vec<u32>> = Vec::new();
        let mut kinds = Vec::new();
        let mut rich = Vec::new();
        let mut synonyms = Vec::new();
        let mut skeletons: Numbering<Vec<u32>> = Numbering::new();
        let mut entries: Vec<Vec<u32>> = Vec::new();
        let mut starts: Numbering<String> = Numbering::new();
        // Many expressions share a first word ("take", "draw"): its synonyms' starts once.
        let mut synonyms_started: HashSet<(&str, bool)> = HashSet::new();
        let (mut reach, mut most_words) = (0, 0);
        for (e, kept) in kept.iter().enumerate() {
            let ids: Vec<u32> = kept.words.iter().map(|w| words.numbers[w]).collect();
            for i in 0..ids.len() {
                let mut skeleton = ids.clone();
                skeleton[i] = SWAPPED;
                let s = skeletons.number(skeleton) as usize;
                if entries.len() <= s {
                    entries.push(Vec::new());
                }
                entries[s].push(e as u32);
            }
            let is_rich = content_words(&kept.words) >= 2;
            let takes_loose = idioms && is_rich && kept.kind != Kind::Verb;
            let first = kept.words[0].as_str();
            let mut add = |s: &str| {
                starts.number(s.to_string());
            };
            if first.contains('-') {
                for sub in thesaurus.substitutes(frozen, first, takes_loose) {
                    insert_start(&sub, &mut add);
                }
            } else if synonyms_started.insert((first, takes_loose)) {
                for sub in thesaurus.of(thesaurus.entry(frozen, first), takes_loose) {
                    insert_start(sub, &mut add);
                }
            }
            insert_start(first, &mut add);
            synonyms.extend(kept.words.iter().map(|w| match w.contains('-') {
                true => COMPOUND,
                false => thesaurus.entry(frozen, w),
            }));
            kinds.push(kept.kind.code());
            rich.push(is_rich);
            expressions.push(ids);
            // A swap lengthens a word by at most the longest synonym; inflection, by "ing"
            // after a doubled letter.
            reach = reach.max(kept.expression.len() + thesaurus.longest() + "ging".len());
            most_words = most_words.max(kept.words.len());
        }
        let starts: Vec<&[u8]> = starts.keys.iter().map(String::as_bytes).collect();
        Half {
            expressions: List::new(&expressions),
            kinds: Cow::Owned(kinds),
            rich: Cow::Owned(rich),
            synonyms: Cow::Owned(synonyms),
            skeletons: Table::new(&skeletons.keys),
            entries: List::new(&entries),
            starts: Table::new(&starts),
            reach: reach as u32,
            most_words: most_words as u32,
        }
    }
}

/// The strings in the order first given, each once.
fn distinct<'s>(strings: impl Iterator<Item = &'s str>) -> Vec<&'s [u8]> {
    let mut seen = HashSet::new();
    strings
        .filter(|s| seen.insert(*s))
        .map(str::as_bytes)
        .collect()
}

/// The bit of [`Lexicon::places`] for word `j` of an `n`-word expression; none for
/// expressions too long to have bits, where any word may stand anywhere.
pub fn position_bit(n: usize, j: usize) -> Option<u64> {
    (n < 8 && j < 8).then(|| 1 << (n * 8 + j))
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
pub fn first_part(word: &str) -> &str {
    // A boundary is an ASCII byte, so the cut is on a character boundary.
    &word[..first_word(word.as_bytes()).len()]
}

/// The bytes before the first word boundary (the whole slice when there is none).
pub fn first_word(phrase: &[u8]) -> &[u8] {
    let end = phrase
        .iter()
        .position(|&b| is_boundary(Some(b)))
        .unwrap_or(phrase.len());
    &phrase[..end]
}

/// A byte outside a word. Hyphens count as inside, so "anti-tax exile" is not "tax exile".
pub fn is_boundary(byte: Option<u8>) -> bool {
    !matches!(byte, Some(b) if b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80)
}

fn content_words<S: AsRef<str>>(words: &[S]) -> usize {
    words
        .iter()
        .filter(|w| !FRAME_WORDS.contains(&w.as_ref()))
        .count()
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
