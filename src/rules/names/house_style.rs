//! `names/house-style`: a spelling the house list marks as not preferred ("Kiev" → "Kyiv").

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::data::DataError;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};
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
}

impl HouseStyle {
    pub fn new(house: &HouseList) -> Result<Self, DataError> {
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA searches faster but costs more to build than it saves on a typical run
            // (break-even near 210 KB of text per process); every run pays the build.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(house.preferences.iter().map(|p| &p.avoid))
            .map_err(|e| DataError(format!("rules/names.toml house_style: {e}")))?;
        Ok(HouseStyle {
            preferences: house.preferences.clone(),
            exceptions: house.exceptions.iter().map(|e| e.to_lowercase()).collect(),
            matcher,
        })
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

    fn check_paragraph(&self, p: &Paragraph, out: &mut Vec<Diagnostic>) {
        let text = &p.text;
        for m in self.matcher.find_iter(text) {
            let bounded = !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if !bounded || self.excepted(text, m.start(), m.end()) {
                continue;
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
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

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
