//! `phrasing/split-token`: a word broken in two by a lost apostrophe, dot or hyphen, as
//! scrapers and text conversions leave them: "1970 s", "didn t", "Spain s", "U. K.", "e book".
//!
//! A context rule, because the fix restores the apostrophe in the style the rest of the
//! document uses (curly ’ or straight '), which one paragraph alone may not show.

use std::collections::HashSet;
use std::hash::Hash;

use serde::Deserialize;

use crate::analysis::Analysis;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};
use crate::segment::{Paragraph, Token, TokenKind};

static META: RuleMeta = RuleMeta {
    id: "phrasing/split-token",
    scope: Scope::Context,
    severity: Severity::Warning,
    summary: "A word is split in two: \"1970 s\", \"didn t\", \"U. K.\".",
    explanation: "Scrapers and file conversions that lose an apostrophe or a hyphen leave a word in \
two pieces with a space between: \"the 1970 s\", \"they didn t\", \"Spain s coach\", \"the U. K.\", \
\"e book\". The fix joins the pieces, restoring the apostrophe in the style the article already \
uses.",
    examples: &[
        Example::fixed("Prices rose in the 1970 s and fell.", "Prices rose in the 1970s and fell."),
        Example::fixed("They didn t reply.", "They didn't reply."),
        Example::fixed("Spain s coach resigned.", "Spain's coach resigned."),
        Example::fixed("Talks with the U. K. stalled.", "Talks with the U.K. stalled."),
        Example::fixed("She read it as an e book.", "She read it as an ebook."),
        Example::good("The 100 m and the 1970s. Ulysses S. Grant won; U. S. Grant was a general."),
        Example::good("The word ends in a silent s, the plural s."),
    ],
};

#[derive(Deserialize)]
struct Data {
    contractions: Vec<String>,
    abbreviations: Vec<String>,
    compounds: Vec<String>,
    letter_s_after: Vec<String>,
}

pub struct SplitToken {
    /// Lower-case "left right" of contractions.
    contractions: HashSet<String>,
    /// The right pieces of `contractions` ("t", "ll"): a pair is built and looked up only
    /// when its second word is one of them.
    contraction_ends: Vec<String>,
    /// By the ASCII lower case of their first byte, the lengths of `contraction_ends`, as
    /// bits: [`SplitToken::may_start`] rules out most second pieces ("a", "of") by them.
    end_shapes: [u32; 256],
    /// "U.S.", as written.
    abbreviations: HashSet<String>,
    /// (left, right, joined).
    compounds: Vec<(String, String, String)>,
    /// The longest left piece of `compounds`: most first words are longer ("e book").
    longest_compound_left: usize,
    letter_s_after: HashSet<String>,
}

impl SplitToken {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Data = data.load("split-tokens")?;
        let mut compounds = Vec::new();
        for entry in &data.compounds {
            let parts = entry
                .split_once('|')
                .and_then(|(split, joined)| Some((split.split_once(' ')?, joined)));
            let Some(((left, right), joined)) = parts else {
                return Err(DataError(format!(
                    "rules/split-tokens.toml compounds: expected \"left right|joined\", got {entry:?}"
                )));
            };
            compounds.push((left.to_string(), right.to_string(), joined.to_string()));
        }
        let contractions: HashSet<String> =
            data.contractions.iter().map(|s| s.to_lowercase()).collect();
        let mut contraction_ends: Vec<String> = contractions
            .iter()
            .map(|pair| pair.rsplit(' ').next().unwrap_or(pair).to_string())
            .collect();
        contraction_ends.sort_unstable();
        contraction_ends.dedup();
        let mut end_shapes = [0u32; 256];
        for end in &contraction_ends {
            if let Some(&first) = end.as_bytes().first() {
                end_shapes[usize::from(first.to_ascii_lowercase())] |= 1 << end.len().min(31);
            }
        }
        Ok(SplitToken {
            end_shapes,
            longest_compound_left: compounds
                .iter()
                .map(|(left, _, _)| left.len())
                .max()
                .unwrap_or(0),
            contractions,
            contraction_ends,
            abbreviations: data.abbreviations.into_iter().collect(),
            compounds,
            letter_s_after: data
                .letter_s_after
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
        })
    }

    /// Whether a finding may start at token `i`, by its kind and the lengths of it and the
    /// tokens after it alone: a finding starts with one letter or a compound's first piece, or its
    /// second piece follows a single space and is "s" or may be a contraction's end (at
    /// most two bytes, not ASCII or shaped like a listed end: [`SplitToken::check_at`]).
    /// Most tokens are ruled out here, without a call.
    fn may_start(&self, p: &Paragraph, i: usize) -> bool {
        let len = |t: &Token| t.end() - t.start();
        // Every finding starts with a word, or a number for a decade: not with a mark.
        let first = &p.tokens[i];
        if !matches!(first.kind, TokenKind::Word | TokenKind::Number) {
            return false;
        }
        if len(first) <= self.longest_compound_left.max(1) {
            return true;
        }
        let short = |k: usize| {
            p.tokens.get(k).is_some_and(|t| {
                let b = p.token_text(t).as_bytes();
                t.is_space()
                    || b.len() <= 2
                        && (b == b"s"
                            || !b.is_ascii()
                            || self.end_shapes[usize::from(b[0].to_ascii_lowercase())]
                                & 1 << b.len()
                                != 0)
            })
        };
        match p.tokens.get(i + 1) {
            Some(gap) if gap.is_space() => len(gap) == 1 && short(i + 2),
            Some(_) => short(i + 1),
            None => false,
        }
    }

    /// A finding that starts at the non-space token `p.tokens[i]`, or `None`.
    /// `apostrophe` gives the document's, counted only when a fix needs it.
    fn check_at(&self, p: &Paragraph, i: usize, apostrophe: impl Fn() -> char) -> Option<Found> {
        let first = &p.tokens[i];
        let j = next(p, i)?;
        let second = &p.tokens[j];
        let len = |t: &Token| t.end() - t.start();
        let one_space = second.start() == first.end() + 1 && p.text.as_bytes()[first.end()] == b' ';
        if !one_space {
            // An abbreviation opens with a single letter.
            return (len(first) == 1).then(|| self.spaced_abbreviation(p, i))?;
        }
        // Every finding below has a short second piece or a compound's first: most pairs
        // are ruled out by their lengths, before their text is taken.
        if len(second) > 2 && len(first) > self.longest_compound_left {
            return None;
        }
        let a = p.token_text(first);
        let b = p.token_text(second);
        // "1970 s" → "1970s"; "the 70 s" → "the '70s".
        if first.kind == TokenKind::Number && b == "s" && self.is_decade(p, i) {
            let has_apostrophe = previous(p, i)
                .is_some_and(|k| matches!(p.token_text(&p.tokens[k]), "'" | "\u{2019}"));
            let replacement = if a.len() == 2 && !has_apostrophe {
                format!("{}{a}s", apostrophe())
            } else {
                format!("{a}s")
            };
            return Some(Found::new(first, second, j, replacement, "A decade"));
        }
        if first.kind != TokenKind::Word || second.kind != TokenKind::Word {
            return None;
        }
        if b.len() <= 2 && self.is_contraction(a, b) {
            return Some(Found::new(
                first,
                second,
                j,
                format!("{a}{}{b}", apostrophe()),
                "A contraction",
            ));
        }
        let compound = (a.len() <= self.longest_compound_left)
            .then(|| {
                self.compounds.iter().find(|(first, second, _)| {
                    first.eq_ignore_ascii_case(a) && second.eq_ignore_ascii_case(b)
                })
            })
            .flatten();
        if let Some((_, _, joined)) = compound {
            let joined = if a.starts_with(char::is_uppercase) {
                capitalise(joined)
            } else {
                joined.clone()
            };
            return Some(Found::new(first, second, j, joined, "A compound"));
        }
        // "Spain s coach": a possessive whose apostrophe became a space.
        let s_ends_word = || {
            next(p, j).map(|k| &p.tokens[k]).is_none_or(|t| {
                t.start() > second.end() || matches!(p.token_text(t), "," | ";" | ":" | ")")
            })
        };
        if b == "s"
            && s_ends_word()
            && a.chars().count() > 1
            && !self.letter_s_after.contains(&a.to_lowercase())
        {
            return Some(Found::new(
                first,
                second,
                j,
                format!("{a}{}s", apostrophe()),
                "A possessive",
            ));
        }
        None
    }

    /// Whether "a b" is a listed contraction. Its second word is the lower case of a listed
    /// one's right piece (no lower case makes or takes a space), so only those words build
    /// the pair: not "of" or "a".
    fn is_contraction(&self, a: &str, b: &str) -> bool {
        let listed_end = !b.is_ascii()
            || self
                .contraction_ends
                .iter()
                .any(|e| e.eq_ignore_ascii_case(b));
        listed_end
            && self
                .contractions
                .contains(&format!("{a} {b}").to_lowercase())
    }

    fn is_decade(&self, p: &Paragraph, i: usize) -> bool {
        let digits = p.token_text(&p.tokens[i]);
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !digits.ends_with('0') {
            return false;
        }
        match digits.len() {
            // Decades of the years news writes about; "1000 s" is a duration.
            4 => ("1500".."2100").contains(&digits),
            // "the 80 s" but not "run 80 s" (seconds).
            2 => previous(p, i).is_some_and(|k| {
                matches!(
                    p.token_text(&p.tokens[k]).to_lowercase().as_str(),
                    "the"
                        | "early"
                        | "late"
                        | "mid"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "'"
                        | "\u{2019}"
                )
            }),
            _ => false,
        }
    }

    /// "U. K." → "U.K." for listed abbreviations, unless it reads as a person's initials
    /// ("U. S. Grant": a capitalised name follows and no article or preposition precedes).
    fn spaced_abbreviation(&self, p: &Paragraph, i: usize) -> Option<Found> {
        let is_letter = |k: usize| {
            let t = &p.tokens[k];
            let s = p.token_text(t);
            t.kind == TokenKind::Word && s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase())
        };
        let dot_after = |k: usize| {
            next(p, k).filter(|&d| {
                let dot = &p.tokens[d];
                p.token_text(dot) == "." && dot.start() == p.tokens[k].end()
            })
        };
        let mut k = i;
        let mut joined = String::new();
        while let Some(d) = is_letter(k).then(|| dot_after(k)).flatten() {
            joined.push_str(p.token_text(&p.tokens[k]));
            joined.push('.');
            let dot = &p.tokens[d];
            match next(p, d) {
                Some(n) if is_letter(n) && &p.text[dot.end()..p.tokens[n].start()] == " " => k = n,
                _ => break,
            }
        }
        if k == i || !self.abbreviations.contains(&joined) {
            return None;
        }
        let last = next(p, k)?;
        let name_follows = next(p, last).is_some_and(|n| {
            let t = &p.tokens[n];
            t.kind == TokenKind::Word && p.token_text(t).starts_with(char::is_uppercase)
        });
        let preposition_before = previous(p, i).is_some_and(|b| {
            matches!(
                p.token_text(&p.tokens[b]).to_lowercase().as_str(),
                "the" | "of" | "in" | "to" | "for" | "from" | "by" | "on" | "at" | "with"
            )
        });
        if name_follows && !preposition_before {
            return None;
        }
        Some(Found {
            span: p.tokens[i].start()..p.tokens[last].end(),
            replacement: joined,
            what: "An abbreviation",
            last,
        })
    }
}

struct Found {
    span: std::ops::Range<usize>,
    replacement: String,
    what: &'static str,
    /// The index of the last token consumed.
    last: usize,
}

impl Found {
    fn new(
        first: &Token,
        second: &Token,
        last: usize,
        replacement: String,
        what: &'static str,
    ) -> Found {
        Found {
            span: first.start()..second.end(),
            replacement,
            what,
            last,
        }
    }
}

/// The index of the token after `p.tokens[i]` other than spaces. The rule walks the
/// paragraph's tokens in place: collecting those other than spaces cost a fifth of it.
fn next(p: &Paragraph, i: usize) -> Option<usize> {
    let after = p.tokens.get(i + 1..)?;
    after.iter().position(|t| !t.is_space()).map(|d| i + 1 + d)
}

/// The index of the token before `p.tokens[i]` other than spaces.
fn previous(p: &Paragraph, i: usize) -> Option<usize> {
    p.tokens[..i].iter().rposition(|t| !t.is_space())
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Rule for SplitToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn document_context(&self, doc: &Analysis, key: &mut ContextKey) {
        doc.apostrophe().hash(key);
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let p = &doc.paragraphs[index];
        let mut i = 0;
        while i < p.tokens.len() {
            let found = if self.may_start(p, i) {
                self.check_at(p, i, || doc.apostrophe())
            } else {
                None
            };
            let Some(found) = found else {
                i += 1;
                continue;
            };
            let split = &p.text[found.span.clone()];
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    found.span.clone(),
                    format!(
                        "{} is split in two: \"{split}\" should be \"{}\".",
                        found.what, found.replacement
                    ),
                )
                .with_fix(Fix::new(found.span, found.replacement)),
            );
            i = found.last + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::fix::apply_fixes;

    fn fixed(text: &str) -> String {
        let found: Vec<_> = Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .collect();
        apply_fixes(text, &found).0
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    proptest::proptest! {
        /// [`super::SplitToken::may_start`] rules out no token where a finding starts.
        #[test]
        fn no_finding_starts_where_ruled_out(
            pieces in proptest::collection::vec(
                "(U|K|N|e|s|t|ll|didn|won|1970|80|Spain|book|mail|the|\\.|,|'|\u{2019})",
                0..16,
            ),
            gaps in proptest::collection::vec("( |  |\n|)", 16),
        ) {
            use crate::segment::{Block, Paragraph};
            let rule = super::SplitToken::new(&crate::data::DataSet::embedded()).unwrap();
            let text: String = pieces.iter().zip(&gaps).flat_map(|(p, g)| [p.as_str(), g]).collect();
            let p = Paragraph::new(0, text, Block::Text);
            for i in 0..p.tokens.len() {
                if !p.tokens[i].is_space() && rule.check_at(&p, i, || '\'').is_some() {
                    proptest::prop_assert!(rule.may_start(&p, i), "{:?} at {i}", p.text);
                }
            }
        }
    }

    #[test]
    fn generality() {
        assert_eq!(
            fixed("By the 2020 s we won t care."),
            "By the 2020s we won't care."
        );
        assert_eq!(fixed("It was the late 60 s."), "It was the late '60s.");
        assert_eq!(fixed("Back in the '80 s."), "Back in the '80s.");
        assert_eq!(
            fixed("Officials from the U. N. arrived."),
            "Officials from the U.N. arrived."
        );
        assert_eq!(
            fixed("The company s profits fell."),
            "The company's profits fell."
        );
        assert_eq!(fixed("E scooters are banned."), "E-scooters are banned.");
    }

    #[test]
    fn curly_documents_get_curly_apostrophes() {
        assert_eq!(
            fixed("She’s sure they’re right; it isn t over."),
            "She’s sure they’re right; it isn’t over."
        );
    }

    #[test]
    fn legitimate_spacing_stays_silent() {
        for text in [
            "He ran 100 m in 9.8 s on the 1980 track.",
            "The sample was exposed for 1000 s and then 2400 s.",
            "Ulysses S. Grant and U. S. Grant are one man.",
            "The letter s and an s are letters.",
            "Plan B. S. Smith replied.",
            "In 1990 she left.",
        ] {
            assert_eq!(fixed(text), text);
        }
    }
}
