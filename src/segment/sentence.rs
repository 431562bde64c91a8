//! Sentence bounds by UAX #29, mended where a title or an initial ends in a full stop
//! ("Mr. Smith", "J. Edgar Hoover") or a quoted question runs on ("Why?" she asked),
//! which the Unicode rules take for sentence ends.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Words that, followed by a full stop, nearly always continue the sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "capt", "rep",
    "sen", "gov", "rev", "hon", "mt", "ft", "no", "vs", "messrs", "cpl", "maj", "adm", "supt",
    "insp", "det",
];

pub(super) fn split(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (start, s) in text.split_sentence_bound_indices() {
        let end = start + s.len();
        if let Some(last) = out.last_mut() {
            if ends_with_title(&text[last.clone()]) || starts_lowercase(s) {
                last.end = end;
                continue;
            }
        }
        out.push(start..end);
    }
    out
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
    single_initial || TITLES.iter().any(|t| word.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::*;

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
