//! Sentence bounds by UAX #29, mended where a title or an initial ends in a full stop
//! ("Mr. Smith", "J. Edgar Hoover") or a quoted question runs on ("Why?" she asked),
//! which the Unicode rules take for sentence ends.
//!
//! News prose is ASCII, Latin letters with accents, curly quotes and dashes, whose
//! sentence-break classes are known here without the Unicode tables; the rules are
//! `unicode-segmentation`'s state machine, stepped only from a terminator or a line break
//! until it forgets it: nothing else can end a sentence, so the text between is skipped
//! and the few classes the rules remember are read back. A paragraph with other
//! characters is cut where a sentence surely ends ("x. T", after a line feed), since no
//! rule looks across such a break, and only the pieces holding them go to the tables (a
//! property test checks the result against `unicode-segmentation`).

use std::cell::Cell;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::first_non_ascii;

/// Words that, followed by a full stop, nearly always continue the sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "capt", "rep",
    "sen", "gov", "rev", "hon", "mt", "ft", "no", "vs", "messrs", "cpl", "maj", "adm", "supt",
    "insp", "det",
];

pub(super) fn split(text: &str) -> Vec<Range<usize>> {
    thread_local!(static OUT: Cell<Vec<Range<usize>>> = const { Cell::new(Vec::new()) });
    super::exact(&OUT, |out| {
        for_each_sentence_bound(text, |start, end| {
            if let Some(last) = out.last_mut() {
                if ends_with_title(&text[last.clone()]) || starts_lowercase(&text[start..end]) {
                    last.end = end;
                    return;
                }
            }
            out.push(start..end);
        });
    })
}

/// Calls `each(start, end)` for every segment of `text` between UAX #29 sentence
/// boundaries, in order: the same segments as `split_sentence_bound_indices`.
fn for_each_sentence_bound(text: &str, mut each: impl FnMut(usize, usize)) {
    if all_classed(text) {
        known_sentence_bounds(text, each);
        return;
    }
    let bytes = text.as_bytes();
    let mut piece = 0;
    let mut flush = |piece: usize, end: usize| {
        let part = &text[piece..end];
        if all_classed(part) {
            known_sentence_bounds(part, |s, e| each(piece + s, piece + e));
        } else {
            for (s, seg) in part.split_sentence_bound_indices() {
                each(piece + s, piece + s + seg.len());
            }
        }
    };
    for i in 1..bytes.len() {
        if surely_begins_sentence(bytes, i) {
            flush(piece, i);
            piece = i;
        }
    }
    flush(piece, bytes.len());
}

/// Whether every character of `text` has a [`class`] (every ASCII one has).
fn all_classed(text: &str) -> bool {
    let mut i = 0;
    while let Some(found) = first_non_ascii(&text.as_bytes()[i..]) {
        match text[i + found..].chars().next() {
            Some(c) if class(c).is_some() => i += found + c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// Whether a sentence begins at byte `i` whatever the text around: after a line break
/// (SB4), or at an ASCII capital after a full stop, question or exclamation mark, closing
/// marks and spaces, all ASCII (SB11; SB6 to SB10 need other text there). The rules look
/// back no further than such a mark and their look-ahead stops at it, so the text on
/// either side breaks as it would alone.
fn surely_begins_sentence(bytes: &[u8], i: usize) -> bool {
    match bytes[i - 1] {
        b'\n' => return true,
        b'\r' => return bytes[i] != b'\n',
        _ => {}
    }
    if !bytes[i].is_ascii_uppercase() {
        return false;
    }
    let ascii = |j: usize| class(char::from(bytes[j])).filter(|_| bytes[j].is_ascii());
    let mut j = i;
    while j > 0 && ascii(j - 1) == Some(Class::Sp) {
        j -= 1;
    }
    if j == i {
        return false;
    }
    while j > 0 && ascii(j - 1) == Some(Class::Close) {
        j -= 1;
    }
    j > 0 && matches!(ascii(j - 1), Some(Class::ATerm | Class::STerm))
}

/// Sentence-break classes (UAX #29, table 4).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    CR,
    LF,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// The class of an ASCII character, or of the others news copy is mostly made of: Latin
/// letters with accents, curly and angle quotes, dashes, the ellipsis, the pound and euro
/// signs, the no-break space. `None` for the rest, which the Unicode tables class.
fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(ASCII_CLASSES[c as usize]);
    }
    known_class(c)
}

/// [`class`] by ASCII byte, looked up rather than matched: it is asked for most bytes.
static ASCII_CLASSES: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match known_class(b as u8 as char) {
            Some(class) => class,
            None => Class::Other,
        };
        b += 1;
    }
    table
};

const fn known_class(c: char) -> Option<Class> {
    Some(match c {
        '\r' => Class::CR,
        '\n' => Class::LF,
        '\t' | '\u{B}' | '\u{C}' | ' ' | '\u{A0}' => Class::Sp,
        'a'..='z' => Class::Lower,
        'A'..='Z' => Class::Upper,
        '0'..='9' => Class::Numeric,
        '.' => Class::ATerm,
        '!' | '?' => Class::STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' => Class::Close,
        '\u{AB}' | '\u{BB}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => Class::Close,
        ',' | '-' | ':' | ';' | '\u{2013}' | '\u{2014}' => Class::SContinue,
        '\0'..='\u{7F}' | '\u{A3}' | '\u{20AC}' | '\u{2026}' => Class::Other,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' if c.is_lowercase() => Class::Lower,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' if c.is_uppercase() => Class::Upper,
        _ => return None,
    })
}

/// What the rules remember of the text before a position: the classes of its last four
/// parts, a run of closing marks or of spaces counting as one part (as in
/// `unicode-segmentation`, whose rules this follows).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    CR,
    LF,
    ATerm,
    UpperLower,
    Close,
    Sp,
    STerm,
}

type State = [Part; 4];

fn part(c: Class) -> Part {
    match c {
        Class::CR => Part::CR,
        Class::LF => Part::LF,
        Class::ATerm => Part::ATerm,
        Class::Upper | Class::Lower => Part::UpperLower,
        Class::Close => Part::Close,
        Class::Sp => Part::Sp,
        Class::STerm => Part::STerm,
        Class::Numeric | Class::SContinue | Class::Other => Part::Other,
    }
}

fn advance(state: State, c: Class) -> State {
    let part = part(c);
    if part == state[3] && matches!(part, Part::Close | Part::Sp) {
        state
    } else {
        [state[1], state[2], state[3], part]
    }
}

/// What the rules remember at byte `end` of `text` (every character classed): the parts
/// of the characters before it, read backwards.
fn state_at(text: &str, end: usize) -> State {
    let mut state = [Part::Sot; 4];
    let mut found = 0;
    for c in text[..end].chars().rev() {
        let part = part(class(c).unwrap_or(Class::Other));
        if found > 0 && part == state[4 - found] && matches!(part, Part::Close | Part::Sp) {
            continue;
        }
        found += 1;
        state[4 - found] = part;
        if found == 4 {
            break;
        }
    }
    state
}

/// Whether the next character may begin a sentence: only a line break or a terminator in
/// what is remembered can lead to a break (SB4, SB11).
fn may_break(state: &State) -> bool {
    matches!(state[3], Part::CR | Part::LF) || state.iter().any(|&p| is_sa_term(p))
}

fn is_sa_term(part: Part) -> bool {
    matches!(part, Part::ATerm | Part::STerm)
}

/// The part before `SATerm Close* Sp*` would hold its terminator (SB8a, SB10).
fn after_term_spaces(state: &State) -> Part {
    let mut idx = if state[3] == Part::Sp { 2 } else { 3 };
    if state[idx] == Part::Close {
        idx -= 1;
    }
    state[idx]
}

/// SB8: `ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower`.
fn sb8(state: &State, ahead: &str) -> bool {
    after_term_spaces(state) == Part::ATerm
        && ahead.chars().filter_map(class).find(|c| {
            matches!(
                c,
                Class::Lower | Class::Upper | Class::CR | Class::LF | Class::ATerm | Class::STerm
            )
        }) == Some(Class::Lower)
}

/// SB9: `SATerm Close* × (Close | Sp | ParaSep)`.
fn sb9(state: &State) -> bool {
    is_sa_term(state[if state[3] == Part::Close { 2 } else { 3 }])
}

/// SB11: `SATerm Close* Sp* ParaSep? ÷`.
fn sb11(state: &State) -> bool {
    let mut idx = if matches!(state[3], Part::CR | Part::LF) {
        2
    } else {
        3
    };
    if state[idx] == Part::Sp {
        idx -= 1;
    }
    if state[idx] == Part::Close {
        idx -= 1;
    }
    is_sa_term(state[idx])
}

/// [`for_each_sentence_bound`] for text whose every character has a [`class`].
fn known_sentence_bounds(text: &str, mut each: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut state: State = [Part::Sot; 4];
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !may_break(&state) {
            // No break before the next terminator or line break: go there.
            let Some(next) = next_stop(&bytes[i..]) else {
                break;
            };
            if next > 0 {
                i += next;
                state = state_at(text, i);
            }
        }
        let ch = if bytes[i].is_ascii() {
            char::from(bytes[i])
        } else {
            text[i..].chars().next().unwrap_or_default()
        };
        let before = state;
        let c = class(ch).unwrap_or(Class::Other);
        state = advance(state, c);
        let breaks = may_break(&before)
            && match c {
                _ if before[3] == Part::Sot => false,
                Class::LF if before[3] == Part::CR => false,
                _ if matches!(before[3], Part::CR | Part::LF) => true,
                Class::Numeric if before[3] == Part::ATerm => false,
                Class::Upper if before[2] == Part::UpperLower && before[3] == Part::ATerm => false,
                _ if sb8(&before, &text[i..]) => false,
                Class::SContinue | Class::STerm | Class::ATerm
                    if is_sa_term(after_term_spaces(&before)) =>
                {
                    false
                }
                Class::Close | Class::Sp | Class::CR | Class::LF if sb9(&before) => false,
                Class::Sp | Class::CR | Class::LF if is_sa_term(after_term_spaces(&before)) => {
                    false
                }
                _ => sb11(&before),
            };
        if breaks {
            each(start, i);
            start = i;
        }
        i += ch.len_utf8();
    }
    if !text.is_empty() {
        each(start, text.len());
    }
}

/// The index of the first terminator or line break in `bytes`, eight bytes at a time: the
/// text between them, nearly all of it, is skipped.
fn next_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    // The top bit of each byte of `x` below `n` (exactly where none is: a borrow flags a
    // byte only past one that is).
    let below = |x: u64, n: u8| x.wrapping_sub(u64::from(n) * ONES) & !x;
    let byte = |x: u64, b: u8| below(x ^ (u64::from(b) * ONES), 1);
    let stop = |b: &u8| matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r');
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Line breaks among the control characters: a tab flags its chunk for nothing.
        if (below(w, 0x20) | byte(w, b'.') | byte(w, b'!') | byte(w, b'?')) & TOPS != 0 {
            if let Some(i) = chunk.iter().position(stop) {
                return Some(at + i);
            }
        }
        at += 8;
    }
    bytes[at..].iter().position(stop).map(|i| at + i)
}

/// "\"Why?\" she asked." is one sentence: a lower-case start continues the previous one.
fn starts_lowercase(sentence: &str) -> bool {
    sentence
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

fn ends_with_title(sentence: &str) -> bool {
    let Some(before_dot) = sentence.trim_end().strip_suffix('.') else {
        return false;
    };
    let word = before_dot
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial
        || TITLES
            .iter()
            .any(|t| t.len() == word.len() && word.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn bounds(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_sentence_bound(text, |s, e| out.push((s, e)));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Prose with every ASCII sentence-break class (terminators, closing marks, spaces,
        /// continuations, line breaks) and the non-ASCII characters that take part in the
        /// rules: extenders and format characters, curly quotes, dashes, separators,
        /// non-ASCII letters and terminators.
        #[test]
        fn sentence_bounds_are_unicode_segmentations(
            text in "([aAbZ09]{1,3}|[\u{C0}-\u{24F}]|[.!?]|[ \t\x0B\u{A0}]|[\"'()\u{AB}\u{BB}\u{2018}-\u{201D}]|[,:;\u{2013}\u{2014}-]|[\x00-\x1F\x7F]|[ -~]|[\u{1E00}-\u{1EFF}\u{A3}\u{20AC}\u{2026}]|[\u{301}\u{AD}\u{85}\u{2028}\u{5D0}\u{3002}\u{FF01}\u{2024}\u{1C5}\u{2E}\u{D7}\u{1F00}]){0,40}"
        ) {
            let expected: Vec<(usize, usize)> = text
                .split_sentence_bound_indices()
                .map(|(s, seg)| (s, s + seg.len()))
                .collect();
            prop_assert_eq!(bounds(&text), expected);
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split(text)
            .into_iter()
            .map(|r| text[r].trim_end())
            .collect()
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Smith met Dr. Jones. J. Edgar Hoover was there. It rained."),
            vec![
                "Mr. Smith met Dr. Jones.",
                "J. Edgar Hoover was there.",
                "It rained."
            ]
        );
    }

    #[test]
    fn question_and_quote() {
        assert_eq!(
            sentences("\"Why?\" she asked. Nobody knew."),
            vec!["\"Why?\" she asked.", "Nobody knew."]
        );
    }
}
