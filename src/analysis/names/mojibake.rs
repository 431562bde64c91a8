//! Mojibake: UTF-8 bytes that were read as Windows-1252 (or Latin-1) and written back as
//! UTF-8, so "é" became "Ã©" and "’" became "â€™". Each garbled character stands for one
//! byte; re-encoding a run of them and decoding it as UTF-8 gives the text back.

use std::ops::Range;

/// Windows-1252's printable characters at bytes 0x80–0x9F (`None`: undefined there, and
/// Latin-1 readers turn those bytes into the C1 controls U+0080–U+009F instead).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The byte a garbled character stands for, when it is one of the high half.
fn byte_of(c: char) -> Option<u8> {
    let code = c as u32;
    match code {
        // Latin-1 readers: C1 controls and the upper half map to their own byte
        0x80..=0xFF => Some(code as u8),
        // from "Œ" to "™": Windows-1252's characters outside Latin-1
        0x152..=0x2122 => CP1252_HIGH
            .iter()
            .position(|&x| x == Some(c))
            .map(|i| 0x80 + i as u8),
        _ => None,
    }
}

/// Characters a real repair produces: Latin letters and symbols, general punctuation,
/// Greek and Cyrillic. Anything else (IPA, CJK) means two genuine accented characters
/// happened to sit together, as in "JOSÉ’S".
fn plausible(c: char) -> bool {
    matches!(c as u32, 0xA0..=0x17F | 0x370..=0x4FF | 0x2010..=0x2044 | 0x20AC | 0x2122)
}

/// One garbled stretch: its byte span in the text and the characters it stood for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Garbled {
    pub span: Range<usize>,
    pub repaired: String,
}

/// Every garbled stretch in `text`, in order. Text that was garbled twice ("Ã¢â‚¬â„¢") is
/// repaired in full.
pub fn find(text: &str) -> Vec<Garbled> {
    let mut out = find_once(text);
    for g in &mut out {
        // garbled twice: the first repair is itself mojibake
        for _ in 0..2 {
            match repair(&g.repaired) {
                Some(again) => g.repaired = again,
                None => break,
            }
        }
    }
    out
}

/// A word with garbled stretches in it, and the word repaired: "cafÃ©" → "café".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GarbledWord {
    pub span: Range<usize>,
    pub repaired: String,
}

/// Every word of `text` with garbled stretches in it, in order.
pub fn garbled_words(text: &str) -> Vec<GarbledWord> {
    let mut out: Vec<GarbledWord> = Vec::new();
    let mut garbled = find(text).into_iter().peekable();
    while let Some(first) = garbled.next() {
        let word = word_around(text, first.span.clone());
        let mut repaired = String::new();
        let mut pos = word.start;
        let inside = std::iter::from_fn(|| garbled.next_if(|g| g.span.start < word.end));
        for g in std::iter::once(first).chain(inside) {
            repaired.push_str(&text[pos..g.span.start]);
            repaired.push_str(&g.repaired);
            pos = g.span.end;
        }
        repaired.push_str(&text[pos..word.end]);
        out.push(GarbledWord {
            span: word,
            repaired,
        });
    }
    out
}

/// `span` widened to the word around it: letters, digits and garbled characters.
fn word_around(text: &str, span: Range<usize>) -> Range<usize> {
    let part = |c: char| c.is_alphanumeric() || !c.is_ascii() && !c.is_whitespace();
    let start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .find(|&(_, c)| !part(c))
        .map_or(text.len(), |(i, _)| span.end + i);
    start..end
}

/// `text` with every garbled stretch repaired, or `None` when nothing is garbled.
pub fn repair(text: &str) -> Option<String> {
    let found = find_once(text);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for g in found {
        out.push_str(&text[pos..g.span.start]);
        out.push_str(&g.repaired);
        pos = g.span.end;
    }
    out.push_str(&text[pos..]);
    Some(out)
}

/// The byte UTF-8 writes "À"–"ÿ" with, and so every garbled lead byte (0xC2–0xF4, read as
/// "Â"–"ô"): a repair can start only at one. Text without it (ASCII, curly quotes, most
/// scripts) is passed over at the speed of `memchr`, and a run of garbled characters is
/// read from its first such character on, since none before it can start a repair.
const LEAD_CHARS_BYTE: u8 = 0xC3;

fn find_once(text: &str) -> Vec<Garbled> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, usize, u8)> = Vec::new();
    let mut from = 0;
    // 0xC3 never continues a character, so each hit starts one
    while let Some(at) = memchr::memchr(LEAD_CHARS_BYTE, &text.as_bytes()[from..]) {
        let start = from + at;
        from = text.len();
        for (i, c) in text[start..].char_indices() {
            match byte_of(c) {
                Some(b) => run.push((start + i, start + i + c.len_utf8(), b)),
                None => {
                    from = start + i;
                    break;
                }
            }
        }
        decode_run(&run, &mut out);
        run.clear();
    }
    out
}

/// Decode the valid UTF-8 sequences inside one run; adjacent ones join into one stretch.
fn decode_run(run: &[(usize, usize, u8)], out: &mut Vec<Garbled>) {
    let mut i = 0;
    let mut stretch: Option<Garbled> = None;
    while i < run.len() {
        let lead = run[i].2;
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        let decoded = (len > 0 && i + len <= run.len())
            .then(|| {
                let bytes: Vec<u8> = run[i..i + len].iter().map(|r| r.2).collect();
                std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|s| s.chars().next())
            })
            .flatten()
            .filter(|&c| plausible(c))
            .or_else(|| closing_quote_without_last_byte(&run[i..]));
        // the lost byte of "”" is not counted in `len`
        let len = len.min(run.len() - i);
        match decoded {
            Some(c) => {
                let (start, end) = (run[i].0, run[i + len - 1].1);
                match stretch.as_mut() {
                    Some(s) if s.span.end == start => {
                        s.span.end = end;
                        s.repaired.push(c);
                    }
                    _ => {
                        out.extend(stretch.take());
                        stretch = Some(Garbled {
                            span: start..end,
                            repaired: c.to_string(),
                        });
                    }
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out.extend(stretch);
}

/// "â€" at the end of a run: "”" (E2 80 9D) whose last byte, undefined in Windows-1252,
/// was dropped on the way.
fn closing_quote_without_last_byte(rest: &[(usize, usize, u8)]) -> Option<char> {
    match rest {
        [(_, _, 0xE2), (_, _, 0x80)] => Some('”'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> String {
        repair(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn repairs_latin_letters_and_punctuation() {
        assert_eq!(repaired("Ã‰lodie MÃ¼nster"), "Élodie Münster");
        assert_eq!(repaired("it wasnâ€™t â€œfineâ€\u{9d}"), "it wasn’t “fine”");
        assert_eq!(repaired("costs Â£40"), "costs £40");
        assert_eq!(repaired("â€œfineâ€ he said"), "“fine” he said");
    }

    #[test]
    fn twice_garbled_is_repaired_in_full() {
        let found = find("donÃ¢â‚¬â„¢t");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].repaired, "’");
    }

    #[test]
    fn whole_words_are_repaired() {
        let words: Vec<(std::ops::Range<usize>, String)> = garbled_words("the cafÃ© wasnâ€™t open")
            .into_iter()
            .map(|w| (w.span, w.repaired))
            .collect();
        assert_eq!(
            words,
            vec![(4..11, "café".to_string()), (12..25, "wasn’t".to_string())]
        );
    }

    /// The scan over every character, as it was before it skipped to lead characters.
    fn find_once_everywhere(text: &str) -> Vec<Garbled> {
        let mut out = Vec::new();
        let mut run = Vec::new();
        for (i, c) in text.char_indices() {
            match byte_of(c) {
                Some(b) => run.push((i, i + c.len_utf8(), b)),
                None => {
                    decode_run(&run, &mut out);
                    run.clear();
                }
            }
        }
        decode_run(&run, &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn skipping_to_lead_characters_misses_nothing(
            text in "[a éÃ©â€™„¢Â£ôŒ\u{9d}\u{80}Łœ]{0,24}"
        ) {
            proptest::prop_assert_eq!(find_once(&text), find_once_everywhere(&text));
        }
    }

    #[test]
    fn genuine_accents_are_left_alone() {
        for text in [
            "São Paulo, Ñuñoa, Ångström, café’s, JOSÉ’S, Zürich – Genève, naïve «oui»",
            "Łódź, Dvořák, Øresund, Ærø, señora’s",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }
}
