//! `names/house-style`: a spelling the house list marks as not preferred ("Kiev" → "Kyiv").

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, Match, MatchKind, StartKind};

use crate::data::DataError;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

use super::house::{HouseList, Preference};

static META: RuleMeta = RuleMeta {
    id: "names/house-style",
    scope: Scope::Paragraph,
    severity: Severity::Info,
    summary: "A name spelt in a way the house style avoids.",
    explanation: "Some names have an older or foreign spelling the house no longer uses: \"Kyiv\" \
not \"Kiev\", \"Belarusian\" not \"Belarussian\". The house list in rules/names.toml says which; \
set phrases where the old form stays (\"chicken Kiev\") are left alone. Extend the list with \
`[data.names.house_style] add = [{ avoid = \"...\", use = \"...\" }]` in .copydesk.toml.",
    examples: &[
        Example::fixed(
            "Talks in Kiev with Byelorussian envoys.",
            "Talks in Kyiv with Belarusian envoys.",
        ),
        Example::good("Talks in Kyiv over a plate of chicken Kiev."),
        Example::good("Belarusian troops left Kyiv."),
    ],
};

pub struct HouseStyle {
    preferences: Vec<Preference>,
    exceptions: Vec<String>,
    matcher: AhoCorasick,
    /// The bytes an avoided spelling starts with, and by first byte the bytes that follow
    /// it in one (all of them after a spelling of one byte): the automaton runs only from
    /// two bytes that begin an avoided spelling, or a start byte ending the text.
    starts: [bool; 256],
    seconds: Box<[[u64; 4]; 256]>,
    /// Finds those bytes eight at a time, when the list allows (see [`Sieve`]).
    sieve: Option<Sieve>,
}

/// Flags, in eight bytes of text at once, every upper-case ASCII letter and every pair of
/// bytes that begins an avoided spelling starting otherwise: most spellings are names, and
/// a word at a time reads each byte of the text for a few instructions less than one.
struct Sieve {
    /// The other pairs, each byte repeated in the eight lanes of a word, the last repeated
    /// to fill the array (a count the compiler unrolls).
    pairs: [(u64, u64); 2],
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const LANES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is zero (exactly: no lane carries into another).
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

impl Sieve {
    /// A sieve for the spellings of `avoid`, or none if more than two pairs of bytes not
    /// led by a capital begin them, or such a spelling is one byte long.
    fn new<'a>(avoid: impl Iterator<Item = &'a str>) -> Option<Sieve> {
        let mut pairs = Vec::new();
        for a in avoid {
            match a.as_bytes() {
                [first, ..] if first.is_ascii_uppercase() => {}
                [first, second, ..] => {
                    let pair = (LANES * u64::from(*first), LANES * u64::from(*second));
                    if !pairs.contains(&pair) {
                        pairs.push(pair);
                    }
                }
                _ => return None,
            }
        }
        // With no pair, "AA" (flagged as capitals anyway).
        let last = pairs
            .last()
            .copied()
            .unwrap_or((LANES * 0x41, LANES * 0x41));
        pairs.resize(2, last);
        Some(Sieve {
            pairs: pairs.try_into().ok()?,
        })
    }

    /// The high bit of each byte of `word` (eight bytes of text, the first lowest) that is
    /// an upper-case ASCII letter or, with the byte after it (the same lane of `next`),
    /// one of the pairs.
    fn flags(&self, word: u64, next: u64) -> u64 {
        let low = word & LOW7;
        let from_a = low + LANES * u64::from(0x80 - b'A');
        let past_z = low + LANES * u64::from(0x80 - b'Z' - 1);
        let upper = from_a & !past_z & !word & !LOW7;
        // A lane of the `or` is zero where both bytes of a pair are.
        self.pairs.iter().fold(upper, |flags, &(first, second)| {
            flags | zero_bytes((word ^ first) | (next ^ second))
        })
    }
}

impl HouseStyle {
    pub fn new(house: &HouseList) -> Result<Self, DataError> {
        let mut starts = [false; 256];
        let mut seconds = Box::new([[0; 4]; 256]);
        for p in &house.preferences {
            let (first, second) = match p.avoid.as_bytes() {
                [] => {
                    let empty = "rules/names.toml house_style: an empty avoid";
                    return Err(DataError(empty.into()));
                }
                [first] => (first, None),
                [first, second, ..] => (first, Some(second)),
            };
            starts[usize::from(*first)] = true;
            let follow = &mut seconds[usize::from(*first)];
            match second {
                Some(&b) => follow[usize::from(b / 64)] |= 1 << (b % 64),
                None => *follow = [u64::MAX; 4],
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA searches faster but costs more to build than it saves on a typical run
            // (break-even near 210 KB of text per process); every run pays the build.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .start_kind(StartKind::Anchored)
            .build(house.preferences.iter().map(|p| &p.avoid))
            .map_err(|e| DataError(format!("rules/names.toml house_style: {e}")))?;
        Ok(HouseStyle {
            preferences: house.preferences.clone(),
            exceptions: house.exceptions.iter().map(|e| e.to_lowercase()).collect(),
            matcher,
            starts,
            seconds,
            sieve: Sieve::new(house.preferences.iter().map(|p| p.avoid.as_str())),
        })
    }

    /// The matches of an unanchored `find_iter` (leftmost-longest, not overlapping), found
    /// by running the automaton anchored where two bytes begin an avoided spelling: a
    /// match starts nowhere else, and most paragraphs have no avoided spelling, whose
    /// every byte the unanchored automaton read (more than the rest of the rule cost).
    fn find_each(&self, text: &str, mut found: impl FnMut(Match)) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(start) = self.next_start(bytes, at) {
            at = start + 1;
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.matcher.find(input) {
                at = m.end();
                found(m);
            }
        }
    }

    /// The first place from `at` where two bytes begin an avoided spelling, or a byte that
    /// begins one ends the text.
    fn next_start(&self, bytes: &[u8], mut at: usize) -> Option<usize> {
        if let Some(sieve) = &self.sieve {
            while let Some((eight, &[ninth])) = bytes
                .get(at..at + 9)
                .and_then(<[u8]>::split_first_chunk::<8>)
            {
                let word = u64::from_le_bytes(*eight);
                let next = word >> 8 | u64::from(ninth) << 56;
                let mut flags = sieve.flags(word, next);
                while flags != 0 {
                    let i = at + flags.trailing_zeros() as usize / 8;
                    if self.begins(bytes, i) {
                        return Some(i);
                    }
                    flags &= flags - 1;
                }
                at += 8;
            }
        }
        (at..bytes.len()).find(|&i| self.begins(bytes, i))
    }

    /// Whether byte `i` of `bytes` begins an avoided spelling, with the byte after it if any.
    fn begins(&self, bytes: &[u8], i: usize) -> bool {
        let first = usize::from(bytes[i]);
        self.starts[first]
            && bytes
                .get(i + 1)
                .is_none_or(|&b| self.seconds[first][usize::from(b / 64)] & 1 << (b % 64) != 0)
    }

    /// Whether the match at `start..end` of `text` is part of a set phrase that keeps it.
    fn excepted(&self, text: &str, start: usize, end: usize) -> bool {
        let avoid = text[start..end].to_lowercase();
        self.exceptions.iter().any(|e| {
            e.match_indices(&avoid).any(|(at, _)| {
                start.checked_sub(at).is_some_and(|from| {
                    text.get(from..from + e.len())
                        .is_some_and(|w| w.to_lowercase() == *e)
                })
            })
        })
    }
}

impl Rule for HouseStyle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, _: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        let text = &p.text;
        self.find_each(text, |m| {
            let bounded = !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if !bounded || self.excepted(text, m.start(), m.end()) {
                return;
            }
            let pref = &self.preferences[m.pattern().as_usize()];
            let span = m.start()..m.end();
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    span.clone(),
                    format!(
                        "House style is \"{}\", not \"{}\".",
                        pref.prefer, pref.avoid
                    ),
                )
                .with_fix(Fix::new(span, pref.prefer.clone())),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::{AhoCorasick, MatchKind};

    use super::HouseStyle;
    use crate::data::DataSet;
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::rules::names::house::{HouseList, Preference};

    /// Whether `find_each`, by the sieve or not as `sieved` says, finds in `text` what one
    /// unanchored run of the automaton finds, with `avoid` added to the house list.
    fn finds_what_the_unanchored_run_finds(avoid: &[&str], sieved: bool, text: &str) -> bool {
        let mut house = HouseList::new(&DataSet::embedded()).unwrap();
        for avoid in avoid {
            house.preferences.push(Preference {
                avoid: (*avoid).into(),
                prefer: "X".into(),
            });
        }
        let style = HouseStyle::new(&house).unwrap();
        assert_eq!(style.sieve.is_some(), sieved);
        let unanchored = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(house.preferences.iter().map(|p| &p.avoid))
            .unwrap();
        let mut found = Vec::new();
        style.find_each(text, |m| found.push(m));
        found == unanchored.find_iter(text).collect::<Vec<_>>()
    }

    proptest::proptest! {
        /// Anchored runs from the bytes spellings start with find what one unanchored run
        /// finds, overlapping spellings ("Kiev", "Kiev Rus", "ev Ru") and one-byte ones included.
        #[test]
        fn anchored_runs_find_what_the_unanchored_run_finds(
            text in "(Kiev|Kie|ev|Rus|Ky| |é|x){0,16}"
        ) {
            let avoid = ["Kiev Rus", "ev Ru", "Kie", "é", "x"];
            proptest::prop_assert!(finds_what_the_unanchored_run_finds(&avoid, false, &text));
        }

        /// The sieve, eight bytes at a time, finds what the anchored runs from each byte find
        /// (upper-case starts, starts of other pairs, a multi-byte character among them).
        #[test]
        fn the_sieve_finds_what_the_unanchored_run_finds(
            text in "(Kiev|Kie|ev|Rus|Ky| |é|al|al-Qaida|Al-Qaida|a|l|Z|zz|\\x7f|\\.|ÿ){0,24}"
        ) {
            // With "al-Qaida", the list's one pair not led by a capital, one more.
            for other in ["ev Ru", "é", "\x7f."] {
                let avoid = ["Kiev Rus", "Kie", other];
                proptest::prop_assert!(finds_what_the_unanchored_run_finds(&avoid, true, &text));
            }
        }
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn only_house_style_reports_an_avoided_spelling() {
        let text = "Belarusian envoys, Belarusian troops and one Belarussian general.";
        let found = Engine::default().lint(text, DocKind::Text);
        let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
        assert_eq!(rules, vec![super::META.id]);
    }
}
