//! `quotes/stripped-marks`: speech after "said:" whose quotation marks were removed.

use std::hash::Hash;
use std::sync::Arc;

use super::Marks;
use crate::analysis::attribution::{cue_at, is_time, speaker_of, subject_at, Speaker, Words};
use crate::analysis::cues::{lower, Cues};
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::fix::QUOTE_NOTE;
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};
use crate::segment::TokenKind;

static META: RuleMeta = RuleMeta {
    id: "quotes/stripped-marks",
    scope: Scope::Context,
    severity: Severity::Warning,
    summary: "Speech after a colon has lost its quotation marks.",
    explanation: "After \"she said:\" or \"in a statement:\", words in the first person (\"I\", \
\"we\", \"my\") or an order (\"Go home\") can only be the speaker's own, so they need quotation \
marks; so does a whole sentence straight after \"said:\" or \"told reporters:\". Scrapers \
and spinners often strip the marks and leave the colon. The fix puts the marks \
back around the clause; check the words against the source before accepting it.",
    examples: &[
        Example::fixed(
            "The coach told the club website: I am proud of these players.",
            "The coach told the club website: \"I am proud of these players.\"",
        ),
        Example::bad("The mayor said in a statement: Stay indoors until the water recedes."),
        Example::bad("The striker, in Portuguese: We played for the fans tonight."),
        Example::bad("The striker said \u{2014} we played for the fans tonight."),
        Example::good("The coach told the club website: \"I am proud of these players.\""),
        Example::good("The striker said the fans \u{2014} we counted them \u{2014} were loud."),
        Example::bad("The coach said on Friday: The players gave everything they had."),
        Example::good("The coach told the club website: the players had done well."),
        Example::bad("Ms Hale put it plainly: I was told the school would stay open."),
        Example::good("The report listed three causes: we found no others."),
        Example::good("The council had a plan: build first, pay later."),
        Example::good("Last Tuesday the rule was simple: we all stayed home."),
        Example::good("Read more: We tested six kettles and one was perfect."),
    ],
};

/// Words a cue may be away from its colon: "said in a statement on Tuesday:".
const LEAD_IN: usize = 8;
/// Words a sentence after "said:" needs to count as speech rather than a label.
const MIN_SENTENCE_WORDS: usize = 4;
const FIRST_PERSON: &[&str] = &[
    "I", "I'm", "I’m", "I've", "I’ve", "I'll", "I’ll", "I'd", "I’d",
];
/// First and second person: "you" is the speaker addressing someone.
#[rustfmt::skip]
const FIRST_PERSON_LOWER: &[&str] = &[
    "me", "my", "mine", "myself", "we", "we're", "we’re", "we've", "we’ve", "we'll", "we’ll",
    "us", "our", "ours", "ourselves", "you", "your",
];

pub struct StrippedMarks {
    cues: Arc<Cues>,
}

impl StrippedMarks {
    pub fn new(cues: Arc<Cues>) -> StrippedMarks {
        StrippedMarks { cues }
    }
}

impl Rule for StrippedMarks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn document_context(&self, doc: &Analysis, key: &mut ContextKey) {
        prefers_curly(doc).hash(key);
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let (open, close) = if prefers_curly(doc) {
            ("\u{201C}", "\u{201D}")
        } else {
            ("\"", "\"")
        };
        let p = &doc.paragraphs[index];
        // Most paragraphs hold neither a colon nor a dash: no need to read their words.
        if !has_colon_or_dash(&p.text) {
            return;
        }
        let w = Words::new(p, &doc.quotes);
        for colon in 0..w.len() {
            // A colon, or a dash straight after the cue ("he said — we will win").
            let dash = w.is_punct(colon, "\u{2014}") || w.is_punct(colon, "\u{2013}");
            if !(w.is_punct(colon, ":") || dash) || w.word(colon + 1).is_none() {
                continue;
            }
            let sentence = w.sentence_of(w.toks[colon].start());
            let reach = if dash { 1 } else { LEAD_IN };
            let lead_in = sentence.start.max(colon.saturating_sub(reach))..colon;
            // A phrase ("in Russian") or a verb that names its speaker: "the report listed"
            // is no speech verb.
            let cue = lead_in.rev().find_map(|i| {
                let len = cue_at(&self.cues, &w, i)?;
                let speaker = speaker_of(&self.cues, &w, i, len, sentence.start, colon);
                (len > 1 || matches!(speaker, Speaker::Named(..))).then(|| {
                    (
                        &p.text[w.toks[i].start()..w.toks[i + len - 1].end()],
                        i + len,
                    )
                })
            });
            // With no speech verb, a person opening the sentence ("Ms Hale put it
            // plainly: I was lied to") will do for a clause in the first person.
            let person = cue.is_none()
                && !dash
                && matches!(
                    subject_at(&self.cues, &w, sentence.start, colon),
                    Speaker::Named(a, b) if is_person(&w, a, b)
                );
            let (cue, cue_end) = match cue {
                Some(found) => found,
                None if person => ("", 0),
                None => continue,
            };
            let mark = w.text(colon);
            // The clause: from the word after the colon to the end of the sentence.
            let start = colon + 1;
            let mut end = start;
            while end + 1 < sentence.end
                && !w.quoted[end + 1]
                && !matches!(w.text(end + 1), "." | "!" | "?" | ";")
            {
                end += 1;
            }
            // A whole sentence straight after "said:" ("said on Monday:", "told
            // reporters:") can only be the speaker's words, whatever its person.
            let adjacent = colon <= cue_end + 2;
            let whole_sentence = w
                .word(start)
                .is_some_and(|x| x.starts_with(char::is_uppercase))
                && (start..=end).filter(|&i| w.word(i).is_some()).count() >= MIN_SENTENCE_WORDS
                && end + 1 < w.len()
                && matches!(w.text(end + 1), "." | "!" | "?");
            let speech = if person {
                self.speaks_for_self(&w, start, end)
            } else {
                self.is_speech(&w, start, end) || adjacent && whole_sentence
            };
            if !speech {
                continue;
            }
            let words = w.toks[start].start()..w.toks[end].end();
            let stop = w.toks.get(end + 1).filter(|t| {
                t.kind == TokenKind::Punct && matches!(&p.text[t.start()..t.end()], "." | "!" | "?")
            });
            let fix_end = stop.map_or(words.end, |t| t.end());
            let replacement = format!("{open}{}{close}", &p.text[words.start..fix_end]);
            let d = Diagnostic::new(
                META.id,
                META.severity,
                words.clone(),
                if cue.is_empty() {
                    "These words after the colon read as the speaker's own: put them in \
quotation marks."
                        .to_string()
                } else {
                    format!(
                        "These words after \"{cue}{mark}\" read as the speaker's own: put \
them in quotation marks."
                    )
                },
            )
            .with_fix(Fix::new(words.start..fix_end, replacement))
            .with_note(QUOTE_NOTE);
            out.push(d);
        }
    }
}

/// Whether `text` holds a colon, an em dash or an en dash, found in one pass: by the colon
/// or the dashes' last bytes (E2 80 94, E2 80 93), which no other character ends with.
fn has_colon_or_dash(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b':', 0x94, 0x93, bytes)
        .any(|i| bytes[i] == b':' || bytes[..i].ends_with(&[0xE2, 0x80]))
}

/// Whether the article mostly uses curly quotation marks, which the fix then uses too.
fn prefers_curly(doc: &Analysis) -> bool {
    let Marks { straight, curly } = Marks::of(doc);
    curly > straight
}

/// A full name ("Ms Hale", "Jane Doe") or "he"/"she" in tokens `a..=b`: not "The report",
/// "It" or "Yesterday".
fn is_person(w: &Words, a: usize, b: usize) -> bool {
    let first = w.word(a).unwrap_or_default();
    let capitalised = |i: usize| w.word(i).is_some_and(|x| x.starts_with(char::is_uppercase));
    matches!(first, "He" | "She")
        || b > a
            && (a..=b).all(capitalised)
            && !(a..=b).any(|i| w.word(i).is_some_and(|x| is_time(x) || x == "Last"))
            && !matches!(
                lower(first).as_ref(),
                "the" | "a" | "an" | "this" | "its" | "their" | "our"
            )
}

impl StrippedMarks {
    /// "I", "we", "my" or "our" in the clause: the speaker talking about themselves.
    fn speaks_for_self(&self, w: &Words, start: usize, end: usize) -> bool {
        (start..=end).any(|i| {
            w.word(i).is_some_and(|x| {
                FIRST_PERSON.contains(&x) || matches!(lower(x).as_ref(), "we" | "my" | "our")
            })
        })
    }

    /// A first-person clause ("I am", "we will") or one that opens with an order ("Go home").
    fn is_speech(&self, w: &Words, start: usize, end: usize) -> bool {
        let Some(first) = w.word(start) else {
            return false;
        };
        if self.cues.is_imperative(first) && end > start {
            return true;
        }
        (start..=end).any(|i| {
            w.word(i).is_some_and(|x| {
                FIRST_PERSON.contains(&x)
                    || FIRST_PERSON_LOWER.contains(&lower(x).as_ref()) && x != "US"
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::document::DocKind;
    use crate::engine::Engine;

    proptest! {
        /// Dashes, a colon, and characters sharing bytes with the dashes (other marks of
        /// E2 80 xx, characters holding 93 or 94).
        #[test]
        fn a_colon_or_dash_is_found_by_its_bytes(
            text in "[a :\u{2014}\u{2013}\u{2012}\u{201C}\u{201D}\u{2019}\u{13}\u{514}\u{c13}\u{1013}]{0,12}"
        ) {
            let any = [':', '\u{2014}', '\u{2013}'].iter().any(|&m| text.contains(m));
            prop_assert_eq!(super::has_colon_or_dash(&text), any);
        }
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn spans_the_clause_and_notes_the_source() {
        let text = "Asked about the fire, the owner added briefly: we will rebuild by spring.";
        let found = Engine::default().lint(text, DocKind::Text);
        let d = found.iter().find(|d| d.rule == super::META.id).unwrap();
        assert_eq!(&text[d.span.clone()], "we will rebuild by spring");
        assert!(d
            .note
            .as_deref()
            .unwrap()
            .contains("verify against the source"));
    }

    #[test]
    fn times_and_lists_are_not_speech() {
        let engine = Engine::default();
        for text in [
            "She said the train left at 10:30 and arrived late.",
            "He told the inquiry: the pumps failed, the alarms did not sound.",
        ] {
            assert!(
                engine
                    .lint(text, DocKind::Text)
                    .iter()
                    .all(|d| d.rule != super::META.id),
                "{text}"
            );
        }
    }
}
