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
        })
    }

    /// The matches of an unanchored `find_iter` (leftmost-longest, not overlapping), found
    /// by running the automaton anchored where two bytes begin an avoided spelling: a
    /// match starts nowhere else, and most paragraphs have no avoided spelling, whose
    /// every byte the unanchored automaton read (more than the rest of the rule cost).
    fn find_each(&self, text: &str, mut found: impl FnMut(Match)) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(i) = bytes[at..]
            .iter()
            .position(|&b| self.starts[usize::from(b)])
        {
            let start = at + i;
            at = start + 1;
            if let Some(&b) = bytes.get(at) {
                let follow = self.seconds[usize::from(bytes[start])][usize::from(b / 64)];
                if follow & 1 << (b % 64) == 0 {
                    continue;
                }
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.matcher.find(input) {
                at = m.end();
                found(m);
            }
        }
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

    proptest::proptest! {
        /// Anchored runs from the bytes spellings start with find what one unanchored run
        /// finds, overlapping spellings ("Kiev", "Kiev Rus", "ev Ru") and one-byte ones included.
        #[test]
        fn anchored_runs_find_what_the_unanchored_run_finds(
            text in "(Kiev|Kie|ev|Rus|Ky| |é|x){0,16}"
        ) {
            let mut house = HouseList::new(&DataSet::embedded()).unwrap();
            for avoid in ["Kiev Rus", "ev Ru", "Kie", "é", "x"] {
                house.preferences.push(Preference { avoid: avoid.into(), prefer: "X".into() });
            }
            let style = HouseStyle::new(&house).unwrap();
            let unanchored = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(house.preferences.iter().map(|p| &p.avoid))
                .unwrap();
            let mut found = Vec::new();
            style.find_each(&text, |m| found.push(m));
            let expected: Vec<_> = unanchored.find_iter(&text).collect();
            proptest::prop_assert_eq!(found, expected);
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
