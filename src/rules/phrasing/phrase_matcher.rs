//! A lexicon of word sequences matched on whole words, ignoring ASCII case, across line
//! breaks and runs of spaces, with curly apostrophes read as straight ones. Shared by the
//! lexicon rules so each scans a paragraph once.
//!
//! The lexicon is a hash table of its phrases, probed at each word start with every word end
//! within the longest phrase's reach. An Aho–Corasick automaton did the same job, but
//! building one over ~200,000 expanded variants took seconds (its failure transitions), and
//! every `copydesk --check` run paid for it; the table builds in milliseconds and a probe
//! costs a few hashes per word.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

use super::table_hash;
use super::variant_tables::{first_word, Table};
use crate::diagnostic::{Diagnostic, Fix};
use crate::rules::RuleMeta;
use crate::segment::Paragraph;

pub struct PhraseMatcher {
    /// Lower-cased phrase → its index in the order given (the first, for a repeated phrase).
    phrases: FxHashMap<Box<[u8]>, usize>,
    /// The longest phrase in bytes: how far a probe looks from a word start.
    longest: usize,
    /// Every phrase's first word: most words start no phrase, and one probe says so (of the
    /// hash [`Text::hashes`] holds for a word starting its chunk).
    first_words: Table<u8>,
    /// Per first word, the lengths in bytes of the phrases it starts, a bit each (the
    /// last for any of 63 bytes or more): a start's ends are probed only at those.
    lengths: Vec<u64>,
}

impl PhraseMatcher {
    /// `patterns` are lower-case words separated by single spaces (none before or after).
    pub fn new<I, P>(patterns: I) -> PhraseMatcher
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let mut phrases: FxHashMap<Box<[u8]>, usize> = FxHashMap::default();
        let mut first_words: Vec<Box<[u8]>> = Vec::new();
        let mut numbers: FxHashMap<Box<[u8]>, usize> = FxHashMap::default();
        let mut lengths: Vec<u64> = Vec::new();
        let mut longest = 0;
        for (i, pattern) in patterns.into_iter().enumerate() {
            let key = pattern.as_ref().to_ascii_lowercase().into_boxed_slice();
            longest = longest.max(key.len());
            let first: Box<[u8]> = first_word(&key).into();
            let w = *numbers.entry(first).or_insert_with_key(|first| {
                first_words.push(first.clone());
                lengths.push(0);
                lengths.len() - 1
            });
            lengths[w] |= length_bit(key.len());
            phrases.entry(key).or_insert(i);
        }
        PhraseMatcher {
            phrases,
            longest,
            first_words: Table::new(&first_words),
            lengths,
        }
    }

    /// Non-overlapping whole-word matches, longest first at each start: `(pattern, span)`
    /// with spans in the paragraph's local bytes.
    pub fn find(&self, text: &Text) -> Vec<(usize, Range<usize>)> {
        let lower = text.lower.as_bytes();
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        let mut taken_to = 0;
        for chunk in &text.chunks {
            for &start in &text.starts[chunk.starts.clone()] {
                let start = start as usize;
                if start < taken_to {
                    continue;
                }
                // The ends after `start`: the first closes its first word, hashed already
                // for a word starting its chunk (a chunk's ends all lie after its start).
                let (from, hash) = if start == chunk.start {
                    (chunk.ends.start, text.hashes[chunk.ends.start])
                } else {
                    let own = &text.ends[chunk.ends.clone()];
                    let from = chunk.ends.start + own.partition_point(|&e| e as usize <= start);
                    let first_end = text.ends.get(from).map_or(lower.len(), |&e| e as usize);
                    (from, table_hash::hash_bytes(&lower[start..first_end]))
                };
                let ends = &text.ends[from..];
                let first_end = ends.first().map_or(lower.len(), |&e| e as usize);
                let first = self.first_words.find_hashed(&lower[start..first_end], hash);
                let Some(lengths) = first.map(|w| self.lengths[w as usize]) else {
                    continue;
                };
                // The longest phrase ending on a word boundary wins.
                let reach = lower.len().min(start + self.longest);
                let within = ends.partition_point(|&e| e as usize <= reach);
                let hit = ends[..within].iter().rev().find_map(|&end| {
                    let end = end as usize;
                    if lengths & length_bit(end - start) == 0 {
                        return None;
                    }
                    self.phrases
                        .get(&lower[start..end])
                        .map(|&i| (i, start..end))
                });
                if let Some((pattern, range)) = hit {
                    taken_to = range.end;
                    out.push((pattern, range));
                }
            }
        }
        out.into_iter()
            .map(|(pattern, r)| (pattern, text.norm.source(r)))
            .collect()
    }
}

/// The bit of [`PhraseMatcher::lengths`] for a phrase of `len` bytes.
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// What each byte of normalized text is: a space, a byte of a word (not a boundary by
/// [`super::variant_tables::is_boundary`]), or another boundary. The end of the text reads
/// as a space.
const SPACE: u8 = 0;
const WORD: u8 = 1;
const BOUNDARY: u8 = 2;
static CLASSES: [u8; 256] = {
    let mut classes = [BOUNDARY; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte == b' ' {
            classes[b] = SPACE;
        } else if byte.is_ascii_alphanumeric() || byte == b'-' || byte >= 0x80 {
            classes[b] = WORD;
        }
        b += 1;
    }
    classes
};

/// The paragraph with whitespace runs as one space and ’ as ', and where each byte came from.
pub(super) struct Normalized<'a> {
    pub text: Cow<'a, str>,
    /// Where a rewrite changed the length: from each `(offset, shift)` on, an offset of
    /// `text` is `shift` bytes earlier than in the source. None when `text` is the source
    /// itself, as for most paragraphs (one line, no ’, single spaces); few otherwise (a
    /// line break is one space, the same length).
    shifts: Vec<(usize, usize)>,
}

impl<'a> Normalized<'a> {
    pub fn new(source: &'a str) -> Normalized<'a> {
        if is_normal(source) {
            Normalized {
                text: Cow::Borrowed(source),
                shifts: Vec::new(),
            }
        } else {
            Normalized::mapped(source)
        }
    }

    /// The general path: every whitespace run and ’ rewritten, the text between copied.
    fn mapped(source: &str) -> Normalized<'a> {
        let bytes = source.as_bytes();
        let mut text = String::with_capacity(source.len());
        let mut shifts = Vec::new();
        let (mut i, mut copied) = (0, 0);
        while i < bytes.len() {
            if bytes[i] > b' ' && bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            // `i` is a character boundary: characters are stepped over whole.
            let c = source[i..].chars().next().unwrap_or(' ');
            let mut end = i + c.len_utf8();
            let rewritten = if c.is_whitespace() {
                while let Some(d) = source[end..].chars().next().filter(|d| d.is_whitespace()) {
                    end += d.len_utf8();
                }
                if c == ' ' && end == i + 1 {
                    i = end;
                    continue;
                }
                ' '
            } else if c == '\u{2019}' {
                '\''
            } else {
                i = end;
                continue;
            };
            text.push_str(&source[copied..i]);
            text.push(rewritten);
            if end - i != 1 {
                shifts.push((text.len(), end - text.len()));
            }
            (i, copied) = (end, end);
        }
        text.push_str(&source[copied..]);
        Normalized {
            text: Cow::Owned(text),
            shifts,
        }
    }

    /// The source range of `r`, whose bounds lie on character boundaries of `text`: from
    /// where the character at its start came from to where the one at its end did.
    pub fn source(&self, r: Range<usize>) -> Range<usize> {
        let at = |offset: usize| {
            let before = self.shifts.partition_point(|&(from, _)| from <= offset);
            offset + before.checked_sub(1).map_or(0, |k| self.shifts[k].1)
        };
        at(r.start)..at(r.end)
    }
}

/// A paragraph as the phrase lexicons read it, made once per paragraph and shared by every
/// lexicon a rule probes: the [`Normalized`] text in ASCII lower case, its runs between
/// spaces, where words start and where a phrase may end, found in one pass.
pub(super) struct Text<'a> {
    pub norm: Normalized<'a>,
    pub lower: String,
    /// The runs of the text between single spaces, in order.
    pub chunks: Vec<Chunk>,
    /// Every offset a word starts at (after a boundary, not on one), ascending.
    pub starts: Vec<u32>,
    /// Every offset a phrase may end at, ascending: inside a chunk or at its end, before a
    /// word boundary. A phrase ending just after a space has a space at its end, as no
    /// listed phrase has, so none ends there.
    pub ends: Vec<u32>,
    /// Per end, the [`table_hash::hash_bytes`] of its chunk up to it: the key of the word
    /// there in every table of words (the first of a chunk's is its first word's), hashed
    /// once for the lexicons of both spun rules.
    pub hashes: Vec<u64>,
}

/// A run of [`Text`] between spaces, and its shares of [`Text::starts`] and [`Text::ends`].
pub(super) struct Chunk {
    pub start: usize,
    pub end: usize,
    pub starts: Range<usize>,
    pub ends: Range<usize>,
}

impl<'a> Text<'a> {
    pub fn new(source: &'a str) -> Text<'a> {
        let norm = Normalized::new(source);
        let lower = norm.text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        // Words are some five bytes and a space: room enough to grow seldom.
        let mut chunks = Vec::with_capacity(bytes.len() / 5 + 1);
        let mut starts = Vec::with_capacity(bytes.len() / 4 + 1);
        let mut ends = Vec::with_capacity(bytes.len() / 4 + 1);
        let mut hashes = Vec::with_capacity(bytes.len() / 4 + 1);
        let at = |i: usize| bytes.get(i).map_or(SPACE, |&b| CLASSES[usize::from(b)]);
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let (start, first_start, first_end) = (i, starts.len(), ends.len());
            // Runs of word bytes and of boundaries alternate up to the next space.
            loop {
                match at(i) {
                    WORD => {
                        starts.push(i as u32);
                        let run = bytes[i + 1..].iter();
                        i += 1 + run
                            .take_while(|&&b| CLASSES[usize::from(b)] == WORD)
                            .count();
                    }
                    SPACE => break,
                    _ => {
                        if i > start {
                            ends.push(i as u32);
                        }
                        i += 1;
                        while at(i) == BOUNDARY {
                            ends.push(i as u32);
                            i += 1;
                        }
                    }
                }
            }
            ends.push(i as u32);
            for &end in &ends[first_end..] {
                hashes.push(table_hash::hash_within(bytes, start..end as usize));
            }
            chunks.push(Chunk {
                start,
                end: i,
                starts: first_start..starts.len(),
                ends: first_end..ends.len(),
            });
        }
        Text {
            norm,
            lower,
            chunks,
            starts,
            ends,
            hashes,
        }
    }
}

/// Whether normalizing leaves `source` as it is: no whitespace but single spaces, no ’.
fn is_normal(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most text is printable ASCII, which only a double space changes: told a block at a
        // time, with no branch per byte (a space ending the block is paired with the next).
        let block = &bytes[i..bytes.len().min(i + 32)];
        if block
            .iter()
            .fold(true, |ok, &b| ok & matches!(b, b' '..=b'~'))
        {
            let pairs = block.iter().zip(&bytes[i + 1..]);
            if pairs.fold(false, |double, (&a, &b)| double | (a == b' ') & (b == b' ')) {
                return false;
            }
            i += block.len();
            continue;
        }
        let end = i + block.len();
        while i < end {
            let b = bytes[i];
            i += 1;
            match b {
                b'!'..=b'~' => {}
                // Any other whitespace after it fails on its own byte.
                b' ' if bytes.get(i) == Some(&b' ') => return false,
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return false,
                // A lead byte: only a non-ASCII space or ’ changes.
                0xC2..=0xF4 => {
                    let c = source[i - 1..].chars().next().unwrap_or(' ');
                    if c == '\u{2019}' || c.is_whitespace() {
                        return false;
                    }
                }
                _ => {}
            }
        }
    }
    true
}

/// The finding for spun wording at `span`, naming the phrases it may stand for; with a fix
/// only when there is exactly one.
pub fn spun_finding(
    meta: &RuleMeta,
    p: &Paragraph,
    span: Range<usize>,
    originals: &[&str],
) -> Diagnostic {
    let found = p.text[span.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let usual = originals
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let hedge = if originals.len() == 1 {
        ""
    } else {
        "probably "
    };
    let message = format!("\"{found}\" looks machine-spun; the usual phrase is {hedge}{usual}.");
    let diagnostic = Diagnostic::new(meta.id, meta.severity, span.clone(), message);
    match originals {
        [original] => diagnostic.with_fix(Fix::new(span, match_case(&found, original))),
        _ => diagnostic,
    }
}

/// `replacement` with its first letter capitalised when `found` starts with a capital.
pub fn match_case(found: &str, replacement: &str) -> String {
    if found.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::variant_tables::is_boundary;
    use super::*;
    use crate::segment::Block;

    proptest! {
        /// Both paths agree with the plain definition: each whitespace run one space, each
        /// ’ a ', and every range between character boundaries traced to the source range
        /// of the characters it came from.
        #[test]
        fn normalizing_maps_back_to_the_source(
            text in "([a-z .,'\t\r\n\x0B\x0C-]|[\u{85}\u{A0}\u{2009}\u{2019}\u{2018}\u{E9}\u{3000}\u{1F44D}]){0,24}"
        ) {
            let (expected, origin) = reference(&text);
            let norm = Normalized::new(&text);
            prop_assert_eq!(&norm.text, &expected);
            let bounds: Vec<usize> = (0..=expected.len())
                .filter(|&i| expected.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k + 1..] {
                    prop_assert_eq!(norm.source(start..end), origin[start].start..origin[end - 1].end);
                }
            }
        }

        /// Long texts of printable ASCII are told normal a block at a time: normal where
        /// normalizing changes nothing, whether what changes is in the first blocks, straddles
        /// one's end or comes after them.
        #[test]
        fn normal_where_normalizing_changes_nothing(
            text in "([a-z .,'-]{0,40}([\t\n\u{2019}\u{A0}\u{E9}\u{7F}]|  )?){0,5}",
        ) {
            prop_assert_eq!(is_normal(&text), Normalized::mapped(&text).text == text);
        }

        /// The one pass over the text finds every word start and phrase end by their
        /// definition: a start after a boundary, not on one; an end before a boundary, not
        /// after a space.
        #[test]
        fn text_finds_starts_and_ends(text in "([a-z .,'\n-]|[A-Z\u{E9}\u{2019}\u{A0}]){0,24}") {
            let t = Text::new(&text);
            let b = t.lower.as_bytes();
            let boundary = |i: usize| is_boundary(b.get(i).copied());
            let starts: Vec<u32> = (0..b.len())
                .filter(|&i| !boundary(i) && (i == 0 || boundary(i - 1)))
                .map(|i| i as u32)
                .collect();
            let ends: Vec<u32> = (1..=b.len())
                .filter(|&e| boundary(e) && b[e - 1] != b' ')
                .map(|e| e as u32)
                .collect();
            prop_assert_eq!(&t.starts, &starts);
            prop_assert_eq!(&t.ends, &ends);
            for c in &t.chunks {
                prop_assert!(!t.lower[c.start..c.end].contains(' '));
                prop_assert!(t.starts[c.starts.clone()].iter().all(|&s| (c.start..c.end).contains(&(s as usize))));
                prop_assert_eq!(t.ends[c.ends.end - 1] as usize, c.end);
                for at in c.ends.clone() {
                    let word = &b[c.start..t.ends[at] as usize];
                    prop_assert_eq!(t.hashes[at], table_hash::hash_bytes(word));
                }
            }
        }
    }

    /// Normalizing by definition: per byte of the result, the source range of the character
    /// it came from.
    fn reference(source: &str) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut origin = Vec::new();
        let mut chars = source.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut end = i + c.len_utf8();
            if c.is_whitespace() {
                while let Some((j, d)) = chars.next_if(|(_, d)| d.is_whitespace()) {
                    end = j + d.len_utf8();
                }
                text.push(' ');
                origin.push(i..end);
                continue;
            }
            let c = if c == '\u{2019}' { '\'' } else { c };
            text.push(c);
            origin.extend(std::iter::repeat_n(i..end, c.len_utf8()));
        }
        (text, origin)
    }

    /// A double space or a character normalizing changes is found at every offset, within
    /// the first blocks, across their ends and after them.
    #[test]
    fn not_normal_wherever_the_change_is() {
        for at in 0..100 {
            for change in ["  ", "\n", "\u{2019}", "\u{A0}"] {
                let text = format!("{}{change}\u{E9}", "a".repeat(at));
                assert!(!is_normal(&text), "{text:?}");
            }
            assert!(is_normal(&format!("{} \u{E9}", "a".repeat(at))));
        }
    }

    fn para(text: &str) -> Paragraph {
        Paragraph::new(0, text.to_string(), Block::Text)
    }

    #[test]
    fn whole_words_across_line_breaks_and_case() {
        let m = PhraseMatcher::new(["gold watch", "watch"]);
        let p = para("A Gold\n  watch, a goldwatch and a stopwatch.");
        let found = m.find(&Text::new(&p.text));
        assert_eq!(found.len(), 1);
        assert_eq!(&p.text[found[0].1.clone()], "Gold\n  watch");
    }

    /// Starts inside a chunk and after it, phrases sharing a first word, and one longer
    /// than the lengths a bit each stands for.
    #[test]
    fn every_length_of_phrase_from_every_start() {
        let long = "a very long phrase indeed that runs on for more than sixty-three bytes";
        let m = PhraseMatcher::new(["gold watch", "gold", "gold watch chain", long]);
        let text = format!("(gold watch) gold, gold watch chain; {long}.");
        let found: Vec<(usize, &str)> = m
            .find(&Text::new(&text))
            .into_iter()
            .map(|(i, r)| (i, &text[r]))
            .collect();
        assert_eq!(
            found,
            [
                (0, "gold watch"),
                (1, "gold"),
                (2, "gold watch chain"),
                (3, long)
            ]
        );
    }

    #[test]
    fn curly_apostrophes_and_hyphens() {
        let m = PhraseMatcher::new(["the lion's share"]);
        assert_eq!(m.find(&Text::new("took the lion’s share")).len(), 1);
        let m = PhraseMatcher::new(["tax exile"]);
        assert!(m.find(&Text::new("an anti-tax exile")).is_empty());
    }

    #[test]
    fn capitalisation_follows_the_text() {
        assert_eq!(match_case("Taxation exile", "tax exile"), "Tax exile");
        assert_eq!(match_case("taxation exile", "tax exile"), "tax exile");
    }
}
