//! `phrasing/article-a-an`: "a" or "an" chosen by the next word's first sound, not its letter.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use serde::Deserialize;

use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::{Paragraph, Token, TokenKind};

static META: RuleMeta = RuleMeta {
    id: "phrasing/article-a-an",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "\"a\" or \"an\" does not match the sound of the next word.",
    explanation: "English picks the article by sound: \"an\" before a vowel sound, \"a\" before a \
consonant sound. So \"an hour\", \"an MP\", \"an FBI agent\", \"an 18-year-old\", but \"a university\", \
\"a one-off\", \"a European\", \"a NATO summit\". Spinners and hasty edits that change the next word \
often leave the article behind (\"an perfectly\"). The fix swaps the article.",
    examples: &[
        Example::fixed("It must be an perfectly ordinary act.", "It must be a perfectly ordinary act."),
        Example::fixed("She waited a hour for the verdict.", "She waited an hour for the verdict."),
        Example::fixed("He is a MP for Leeds.", "He is an MP for Leeds."),
        Example::fixed("An university spokesman declined.", "A university spokesman declined."),
        Example::bad("It was a 18-year-old striker."),
        Example::good("An hour later, a European court and a one-off payment followed."),
        Example::good("An FBI agent, a NATO summit and an 11-year-old boy."),
        Example::good("A unanimous vote, an uninformed guess and a U-turn."),
        Example::good("Under Plan A it would work."),
    ],
};

#[derive(Deserialize)]
struct Data {
    consonant_sound: Vec<String>,
    vowel_sound: Vec<String>,
    either_sound: Vec<String>,
    word_acronyms: Vec<String>,
}

pub struct ArticleAAn {
    /// (beginning, starts with a vowel sound or `None` for either), longest first.
    prefixes: Vec<(String, Option<bool>)>,
    /// Indices into `prefixes` by their first byte, in their order: a word is compared
    /// only with the prefixes that open as it does.
    by_first: Vec<Vec<usize>>,
    word_acronyms: FxHashSet<String>,
}

impl ArticleAAn {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Data = data.load("articles")?;
        let mut prefixes: Vec<(String, Option<bool>)> = data
            .consonant_sound
            .iter()
            .map(|p| (p.to_lowercase(), Some(false)))
            .chain(
                data.vowel_sound
                    .iter()
                    .map(|p| (p.to_lowercase(), Some(true))),
            )
            .chain(data.either_sound.iter().map(|p| (p.to_lowercase(), None)))
            .collect();
        prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let mut by_first = vec![Vec::new(); 256];
        for (i, (prefix, _)) in prefixes.iter().enumerate() {
            match prefix.as_bytes().first() {
                Some(&first) => by_first[usize::from(first)].push(i),
                // An empty prefix (a user's edit) opens every word.
                None => by_first.iter_mut().for_each(|bucket| bucket.push(i)),
            }
        }
        Ok(ArticleAAn {
            prefixes,
            by_first,
            word_acronyms: data.word_acronyms.into_iter().collect(),
        })
    }

    /// Whether `word` begins with a vowel sound; `None` when it cannot be told.
    fn vowel_sound(&self, word: &str, kind: TokenKind) -> Option<bool> {
        if kind == TokenKind::Number {
            return Some(number_vowel_sound(word));
        }
        // The letters the word opens with, and its lower case, are borrowed from it where
        // they can be: an article's next word was copied twice.
        let letters = &word[..word
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(word.len(), |(i, _)| i)];
        let first = letters.chars().next()?;
        let all_caps = letters.chars().all(char::is_uppercase);
        let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
        let rest_after_letters = &word[letters.len()..];
        // A lone letter ("a U-turn", "an X-ray"), a spelled-out abbreviation ("an MP") or a
        // short one in mixed case ("an MoD", "a PhD", "an MPs'").
        let spelled = letters.chars().count() == 1
            && (first.is_uppercase()
                || rest_after_letters.is_empty()
                || rest_after_letters.starts_with('-'))
            || capitals >= 2 && !all_caps && letters.chars().count() <= 4
            || all_caps
                && letters.chars().count() <= 5
                && !self.word_acronyms.contains(letters)
                && (letters.chars().count() <= 3
                    || !has_vowel(letters)
                    || !pronounceable_start(letters));
        if spelled {
            // Foreign letters ("an ä", "a ß"): no safe guess.
            return first
                .is_ascii_alphabetic()
                .then(|| letter_vowel_sound(first));
        }
        let lower = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        };
        let first = lower.as_bytes().first().map_or(0, |&b| usize::from(b));
        if let Some((_, vowel)) = self.by_first[first]
            .iter()
            .map(|&i| &self.prefixes[i])
            .find(|(p, _)| lower.starts_with(p.as_str()))
        {
            return *vowel;
        }
        let first = lower.chars().next()?;
        if !first.is_ascii_alphabetic() {
            return None; // foreign letters: no safe guess
        }
        Some(matches!(first, 'a' | 'e' | 'i' | 'o' | 'u'))
    }
}

fn has_vowel(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
}

/// Whether a capitalised abbreviation opens like a word ("NATO", "FIFA", "BREXIT") rather
/// than with a cluster no English word starts with ("RNLI", "NSPCC"), which is spelled out.
fn pronounceable_start(letters: &str) -> bool {
    const ONSETS: &[&str] = &[
        "BL", "BR", "CH", "CL", "CR", "DR", "FL", "FR", "GL", "GR", "KN", "PH", "PL", "PR", "SC",
        "SH", "SK", "SL", "SM", "SN", "SP", "ST", "SW", "TH", "TR", "TW", "WH", "WR",
    ];
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    match letters.as_bytes() {
        [a, b, ..] if !vowel(*a) && !vowel(*b) => {
            letters.get(..2).is_some_and(|s| ONSETS.contains(&s))
        }
        _ => true,
    }
}

/// Letters whose names start with a vowel sound: "an F", "an S", "a U".
fn letter_vowel_sound(letter: char) -> bool {
    matches!(
        letter.to_ascii_uppercase(),
        'A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X'
    )
}

/// "an 8", "an 11", "an 18-year-old", "an 1800s house", "an 80,000 crowd", "an 11,000".
fn number_vowel_sound(number: &str) -> bool {
    let digits: String = number
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    if digits.starts_with('8') {
        return true;
    }
    (digits.starts_with("11") || digits.starts_with("18"))
        && (digits.len() % 3 == 2 || digits.len() == 4)
}

impl Rule for ArticleAAn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, _: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        let tokens = &p.tokens;
        for (i, article) in tokens.iter().enumerate() {
            // "a", "an" in any case: other words end here, before their text is taken.
            if article.kind != TokenKind::Word
                || article.end() - article.start() > 2
                || !p.text.as_bytes()[article.start()].eq_ignore_ascii_case(&b'a')
            {
                continue;
            }
            let text = p.token_text(article);
            let is_an = match text {
                "a" | "A" => false,
                "an" | "An" | "AN" => true,
                _ => continue,
            };
            // Any run of spaces: Markdown emphasis markers are blanked to spaces.
            let gap = tokens.get(i + 1).map_or("", |t| p.token_text(t));
            if gap.is_empty() || gap.bytes().any(|b| b != b' ') {
                continue;
            }
            // Look through an opening quote, bracket or emphasis mark: a "unique" offer.
            let mut n = i + 2;
            if tokens
                .get(n)
                .is_some_and(|t| t.kind == TokenKind::Punct && is_opening(p.token_text(t)))
            {
                n += 1;
            }
            let Some(next) = tokens.get(n) else { continue };
            if !matches!(next.kind, TokenKind::Word | TokenKind::Number)
                || n > i + 2 && next.start() != tokens[n - 1].end()
            {
                continue;
            }
            let headline = is_caps(p.token_text(next))
                && tokens[..i]
                    .iter()
                    .rev()
                    .find(|t| t.kind == TokenKind::Word)
                    .is_some_and(|t| is_caps(p.token_text(t)));
            // A capital "A" inside a sentence is a letter ("Plan A"), not an article, except in
            // a headline set in capitals.
            if text.starts_with('A') && text != "AN" && !headline && !starts_sentence(p, tokens, i)
            {
                continue;
            }
            let next_word = word_with_hyphen(p, tokens, n);
            // "a a", "an a": a doubled article, which phrasing/doubled-word reports.
            if next_word.eq_ignore_ascii_case("a") || next_word.eq_ignore_ascii_case("an") {
                continue;
            }
            let Some(vowel) = self.vowel_sound(next_word, next.kind) else {
                continue;
            };
            if vowel == is_an {
                continue;
            }
            let replacement = match (text, vowel) {
                ("a", true) => "an",
                ("A", true) if headline => "AN",
                ("A", true) => "An",
                ("an", false) => "a",
                ("An", false) => "A",
                ("AN", false) => "A",
                _ => continue,
            };
            let sound = if vowel { "a vowel" } else { "a consonant" };
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    article.start()..next.end(),
                    format!(
                        "Use \"{replacement}\" before \"{}\": it begins with {sound} sound.",
                        p.token_text(next)
                    ),
                )
                .with_fix(Fix::new(article.span(), replacement)),
            );
        }
    }
}

/// The next word with a following hyphen kept, so "U-turn" reads as a letter.
fn word_with_hyphen<'a>(p: &'a Paragraph, tokens: &[Token], i: usize) -> &'a str {
    let end = match tokens.get(i + 1) {
        Some(t) if p.token_text(t) == "-" => t.end(),
        _ => tokens[i].end(),
    };
    &p.text[tokens[i].start()..end]
}

/// A word in capitals, two letters or more: "HOUR", "NHS".
fn is_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

fn starts_sentence(p: &Paragraph, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].start();
    let prev_text = tokens[..i]
        .iter()
        .rev()
        .find(|t| !(t.is_space() || t.kind == TokenKind::Punct && is_opening(p.token_text(t))));
    match prev_text {
        None => true,
        Some(t) => {
            p.sentences
                .iter()
                .any(|s| s.start <= start && t.end() <= s.start)
                || matches!(p.token_text(t), "." | "!" | "?" | ":")
        }
    }
}

fn is_opening(s: &str) -> bool {
    matches!(
        s,
        "\"" | "\u{201C}" | "'" | "\u{2018}" | "(" | "[" | "*" | "_"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::engine::Engine;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
    }

    #[test]
    fn numbers_by_sound() {
        for (n, vowel) in [
            ("8", true),
            ("11", true),
            ("18", true),
            ("1800s", true),
            ("80,000", true),
            ("11,000", true),
            ("1", false),
            ("100", false),
            ("110", false),
            ("181", false),
            ("1,100", true),
        ] {
            assert_eq!(number_vowel_sound(n), vowel, "{n}");
        }
    }

    #[test]
    fn acronyms_and_headlines() {
        let engine = Engine::default();
        let lint = |t: &str| engine.lint(t, DocKind::Text);
        assert_eq!(lint("He met an NHS manager and a FBI agent.").len(), 1);
        assert!(lint("A UEFA official met an NUJ rep and a UN envoy.").is_empty());
        assert_eq!(lint("AN UNIVERSITY PLAN").len(), 1);
        assert!(lint("An ice storm hit a town.").is_empty());
        assert!(
            lint("an SNP MP, a URL, an LLM, a UKIP donor, a UNESCO site, an MoD plan, a PhD")
                .is_empty()
        );
        assert_eq!(lint("a RNLI crew and an UFO").len(), 2);
    }

    #[test]
    fn edge_cases_stay_silent() {
        let engine = Engine::default();
        for text in [
            "She got an A in history and a B in French; an A-level course.",
            "It was a one-off, an 8-0 win, a eulogy, an hourly rate and a horse.",
            "It was a historic day; an historic day to some.",
            "Grade A students and Category A prisoners.",
            "A 1-0 defeat and a 180 break, an 11th-hour deal.",
            "She wore a Uighur hat in a Ukrainian town.",
            "a\nhour",
            "He expected a a weaker result and an an odd one.",
            "Type an ä or an é, then a ß.",
        ] {
            let found: Vec<_> = engine
                .lint(text, DocKind::Text)
                .into_iter()
                .filter(|d| d.rule == META.id)
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn through_quotes_emphasis_and_headlines() {
        let engine = Engine::default();
        let fixed = |text: &str, kind| {
            let found = engine.lint(text, kind);
            crate::fix::apply_fixes(text, &found).0
        };
        assert_eq!(
            fixed("It was a \"honest\" mistake.", DocKind::Text),
            "It was an \"honest\" mistake."
        );
        assert_eq!(
            fixed("It was a (honest) slip.", DocKind::Text),
            "It was an (honest) slip."
        );
        assert_eq!(
            fixed("It was a *honest* mistake.\n", DocKind::Markdown),
            "It was an *honest* mistake.\n"
        );
        assert_eq!(
            fixed("VOTERS WAIT A HOUR", DocKind::Text),
            "VOTERS WAIT AN HOUR"
        );
    }
}
