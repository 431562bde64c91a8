//! `phrasing/article-a-an`: "a" or "an" chosen by the next word's first sound, not its letter.

use std::collections::HashSet;

use serde::Deserialize;

use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};
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
    word_acronyms: Vec<String>,
}

pub struct ArticleAAn {
    /// (beginning, starts with a vowel sound), longest first.
    prefixes: Vec<(String, bool)>,
    word_acronyms: HashSet<String>,
}

impl ArticleAAn {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Data = data.load("articles")?;
        let mut prefixes: Vec<(String, bool)> = data
            .consonant_sound
            .iter()
            .map(|p| (p.to_lowercase(), false))
            .chain(data.vowel_sound.iter().map(|p| (p.to_lowercase(), true)))
            .collect();
        prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Ok(ArticleAAn {
            prefixes,
            word_acronyms: data.word_acronyms.into_iter().collect(),
        })
    }

    /// Whether `word` begins with a vowel sound; `None` when it cannot be told.
    fn vowel_sound(&self, word: &str, kind: TokenKind) -> Option<bool> {
        if kind == TokenKind::Number {
            return Some(number_vowel_sound(word));
        }
        let letters: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
        let first = letters.chars().next()?;
        let all_caps = letters.chars().all(char::is_uppercase);
        let rest_after_letters = &word[letters.len()..];
        // A lone letter ("a U-turn", "an X-ray") or a spelled-out abbreviation ("an MP").
        let spelled = letters.chars().count() == 1
            && (first.is_uppercase() || rest_after_letters.starts_with('-'))
            || all_caps
                && letters.chars().count() <= 5
                && !self.word_acronyms.contains(&letters)
                && (letters.chars().count() <= 3 || !has_vowel(&letters));
        if spelled {
            return Some(letter_vowel_sound(first));
        }
        let lower = word.to_lowercase();
        if let Some((_, vowel)) = self
            .prefixes
            .iter()
            .find(|(p, _)| lower.starts_with(p.as_str()))
        {
            return Some(*vowel);
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

    fn check_paragraph(&self, p: &Paragraph, out: &mut Vec<Diagnostic>) {
        let tokens = &p.tokens;
        for (i, article) in tokens.iter().enumerate() {
            if article.kind != TokenKind::Word {
                continue;
            }
            let text = p.token_text(article);
            let is_an = match text {
                "a" | "A" => false,
                "an" | "An" | "AN" => true,
                _ => continue,
            };
            // A capital "A" inside a sentence is a letter ("Plan A"), not an article.
            if text.starts_with('A') && text != "AN" && !starts_sentence(p, tokens, i) {
                continue;
            }
            let (Some(gap), Some(next)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
                continue;
            };
            if gap.kind != (TokenKind::Space { newline: false }) || gap.end - gap.start != 1 {
                continue;
            }
            if !matches!(next.kind, TokenKind::Word | TokenKind::Number) {
                continue;
            }
            let next_word = word_with_hyphen(p, tokens, i + 2);
            let Some(vowel) = self.vowel_sound(next_word, next.kind) else {
                continue;
            };
            if vowel == is_an {
                continue;
            }
            let replacement = match (text, vowel) {
                ("a", true) => "an",
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
                    article.start..next.end,
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
        Some(t) if p.token_text(t) == "-" => t.end,
        _ => tokens[i].end,
    };
    &p.text[tokens[i].start..end]
}

fn starts_sentence(p: &Paragraph, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].start;
    let prev_text = tokens[..i]
        .iter()
        .rev()
        .find(|t| !(t.is_space() || t.kind == TokenKind::Punct && is_opening(p.token_text(t))));
    match prev_text {
        None => true,
        Some(t) => {
            p.sentences
                .iter()
                .any(|s| s.start <= start && t.end <= s.start)
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
    }
}
