//! `quotes/first-person-reported`: indirect speech that keeps the speaker's "I" or "we".

use std::hash::Hash;
use std::ops::Range;
use std::sync::Arc;

use crate::analysis::attribution::{speaker_of, Speaker, Words};
use crate::analysis::cues::{lower, Cues};
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

static META: RuleMeta = RuleMeta {
    id: "quotes/first-person-reported",
    scope: Scope::Context,
    severity: Severity::Warning,
    summary: "Reported speech keeps the speaker's first person: a quote that lost its marks?",
    explanation: "In reported speech the speaker's \"I\" and \"we\" become \"he\", \"she\" or \
\"they\": she said she would appeal, not she said we will appeal. A first person left after \"said\" \
or \"told\" nearly always means the words were a quotation whose marks were stripped. Restore the \
marks (check the source) or rewrite in the third person. A reporter's own \"I\" in a column and \
\"our reporter\" are not reported.",
    examples: &[
        Example::bad("The chairman said we will open two new stores next year."),
        Example::bad("Hana Novak told reporters she hoped it would help my family heal."),
        Example::bad("The club denied the report, adding that our players had done nothing wrong."),
        Example::good("The chairman said the company would open two new stores next year."),
        Example::good("I said I would call back on Monday."),
        Example::good("The chairman said the stores \u{2014} we counted six \u{2014} were full."),
        Example::good("I met the chairman at dawn. He said we could tour the site."),
        Example::good("The chairman said our reporter could visit the new stores."),
        Example::good("The chairman said: \"We will open two new stores.\""),
        Example::good("The chairman said 'we will open two new stores' and left."),
    ],
};

const FIRST_PERSON: &[&str] = &[
    "I", "I'm", "I’m", "I'll", "I’ll", "I've", "I’ve", "I'd", "I’d",
];
#[rustfmt::skip]
const FIRST_PERSON_LOWER: &[&str] = &[
    "we", "we're", "we’re", "we'll", "we’ll", "we've", "we’ve", "we'd", "we’d", "my", "our",
    "myself", "ourselves",
];
/// The listener after "told": the newspaper's own "us", or a possessive and its noun.
const LISTENER_POSSESSIVE: &[&str] = &["our", "my"];
const WE_FIRST: &[&str] = &["i", "we", "my", "our"];

pub struct FirstPersonReported {
    cues: Arc<Cues>,
}

impl FirstPersonReported {
    pub fn new(cues: Arc<Cues>) -> FirstPersonReported {
        FirstPersonReported { cues }
    }

    /// Skip the listener of "told": "told reporters", "told the BBC", "told our correspondent",
    /// up to the reported clause's subject or "that".
    fn after_listener(&self, w: &Words, mut k: usize, end: usize) -> usize {
        if w.word(k)
            .is_some_and(|x| LISTENER_POSSESSIVE.contains(&lower(x).as_ref()))
        {
            k += 2;
        }
        let limit = (k + 4).min(end);
        while k < limit
            && w.word(k).is_some_and(|x| {
                !self.cues.is_pronoun(x) && !is_first_person(x) && lower(x) != "that"
            })
        {
            k += 1;
        }
        k
    }
}

fn capitalised(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// "I", "we", "my", "our" and their contractions, capitalised or not; never "US": one of
/// [`FIRST_PERSON`], or of [`FIRST_PERSON_LOWER`] with at most its first letter capitalised
/// (every form starts with an ASCII letter, whose case is all `lower` could change).
/// Inlined for its first test: the rule asks about every word of the article.
#[inline]
fn is_first_person(word: &str) -> bool {
    may_start(word.as_bytes()) && is_first_person_form(word)
}

/// Whether a first person may start as the word of `bytes` does: most words are ruled
/// out by their first two bytes ("was", "more" and "of" by their second). Every form is
/// "I" alone or followed by an apostrophe (`'` or the first byte of `’`), or starts "we",
/// "my" or "ou" with its first letter in either case (`| 0x20` lower-cases an ASCII
/// letter, and makes no other byte one of those three).
#[inline]
fn may_start(bytes: &[u8]) -> bool {
    match *bytes {
        [b'I'] | [b'I', b'\'' | 0xE2, ..] => true,
        [first, second, ..] => matches!(
            (first | 0x20, second),
            (b'w', b'e') | (b'm', b'y') | (b'o', b'u')
        ),
        _ => false,
    }
}

/// [`is_first_person`] for a word whose first letter may start a form.
fn is_first_person_form(word: &str) -> bool {
    let Some((&first, rest)) = word.as_bytes().split_first() else {
        return false;
    };
    let first = first.to_ascii_lowercase();
    FIRST_PERSON.contains(&word)
        || FIRST_PERSON_LOWER
            .iter()
            .any(|form| form.as_bytes()[0] == first && form.as_bytes()[1..] == *rest)
}

/// Whether the writer speaks in the first person ("I asked her ...", "We met at dawn"): in a
/// column or a first-hand report, "I" and "we" after "said" may be the writer's own.
fn has_narrator(doc: &Analysis) -> bool {
    doc.memo(|doc| {
        Narrator(
            doc.paragraphs
                .iter()
                .any(|p| openings(p).any(|at| !quoted(doc, p.start + at))),
        )
    })
    .0
}

/// The article's [`has_narrator`], as the rule reads it: `doc.memo`, made by the server
/// from a [`NarratorTracker`].
pub struct Narrator(bool);

/// Where the sentences of paragraph `p` open with "I", "We", "My" or "Our", in local offsets:
/// the narrator's voice unless quoted. The sentence's very first token counts: a stray quote
/// mark before "We" means speech.
fn openings(p: &Paragraph) -> impl Iterator<Item = usize> + '_ {
    p.sentences.iter().filter_map(|r| {
        let from = p.tokens.partition_point(|t| t.start() < r.start);
        let t = p.tokens[from..].iter().find(|t| !t.is_space())?;
        (t.start() < r.end && t.is_word() && matches!(p.token_text(t), "I" | "We" | "My" | "Our"))
            .then(|| t.start())
    })
}

/// The first-person [`openings`] of a document whose paragraphs are replaced, so that the
/// [`Narrator`] of each analysis checks whether those few are quoted (quotations run over
/// paragraphs) instead of reading every sentence of the article.
pub struct NarratorTracker {
    /// (paragraph index, local offset), in order.
    openings: Vec<(usize, usize)>,
}

impl NarratorTracker {
    pub fn new(paragraphs: &[Paragraph]) -> NarratorTracker {
        let mut tracker = NarratorTracker {
            openings: Vec::new(),
        };
        tracker.splice(0..0, paragraphs);
        tracker
    }

    /// The paragraphs at `old` were replaced by `new`.
    pub fn splice(&mut self, old: Range<usize>, new: &[Paragraph]) {
        let from = self.openings.partition_point(|o| o.0 < old.start);
        let to = self.openings.partition_point(|o| o.0 < old.end);
        let added: Vec<_> = (old.start..)
            .zip(new)
            .flat_map(|(i, p)| openings(p).map(move |at| (i, at)))
            .collect();
        let tail = from + added.len();
        self.openings.splice(from..to, added);
        for o in &mut self.openings[tail..] {
            o.0 = o.0 - old.len() + new.len();
        }
    }

    /// The narrator fact of `doc`, whose paragraphs are the tracker's.
    pub fn fact(&self, doc: &Analysis) -> Narrator {
        Narrator((self.openings.iter()).any(|&(i, at)| !quoted(doc, doc.paragraphs[i].start + at)))
    }
}

/// Whether byte `at` lies inside a quotation (marks included), as [`Words`] counts it.
fn quoted(doc: &Analysis, at: usize) -> bool {
    doc.quote_containing(&(at..at + 1)).is_some()
}

impl Rule for FirstPersonReported {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn document_context(&self, doc: &Analysis, key: &mut ContextKey) {
        has_narrator(doc).hash(key);
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let p = &doc.paragraphs[index];
        // A finding needs a first person outside quotations, which most paragraphs lack:
        // only those are read word by word, and only for those is the narrator asked.
        // A word's first bytes are read before its text is cut out.
        let bytes = p.text.as_bytes();
        let unquoted_first_person = p.words().any(|t| {
            may_start(&bytes[t.span()])
                && is_first_person_form(p.token_text(t))
                && !quoted(doc, p.start + t.start())
        });
        if !unquoted_first_person || has_narrator(doc) {
            return;
        }
        let w = Words::new(p, &doc.quotes);
        // A cue inside a clause already scanned ("said he hoped we ...") adds nothing.
        let mut scanned_to = 0;
        for cue in 0..w.len() {
            if cue < scanned_to {
                continue;
            }
            let Some(verb) = w.word(cue) else { continue };
            if !self.cues.is_reporting(verb) {
                continue;
            }
            let sentence = w.sentence_of(w.toks[cue].start());
            let speaker = match speaker_of(&self.cues, &w, cue, 1, sentence.start, sentence.end) {
                // "said Smith": the clause is before, in quotation marks or not ours.
                Speaker::Named(_, b) if b > cue => continue,
                // A first-person speaker ("I said", "my editor told me") is the writer's voice.
                Speaker::Named(a, b)
                    if (a..=b).any(|i| {
                        w.word(i)
                            .is_some_and(|x| WE_FIRST.contains(&lower(x).as_ref()))
                    }) =>
                {
                    continue
                }
                Speaker::Named(a, b) => &p.text[w.toks[a].start()..w.toks[b].end()],
                // "..., adding that we": the speaker is the sentence's subject.
                Speaker::Unknown
                    if verb.ends_with("ing") && cue > 0 && w.is_punct(cue - 1, ",") =>
                {
                    "the speaker"
                }
                _ => continue,
            };
            let mut k = cue + 1;
            // "told us": the writer is in the story, so "we" and "our" may be the writer's.
            if w.word(k).is_some_and(|x| matches!(x, "us" | "me")) {
                continue;
            }
            if self.cues.takes_listener(verb) {
                k = self.after_listener(&w, k, sentence.end);
            }
            // The reported clause runs to the end of the sentence or the next quotation.
            let mut end = k;
            // Single marks may be a quotation in the British style ('we will appeal'); a dash
            // or a bracket opens the writer's aside.
            while end < sentence.end
                && !w.quoted[end]
                && !matches!(
                    w.text(end),
                    ":" | ";" | "'" | "\u{2018}" | "(" | "\u{2014}" | "\u{2013}"
                )
            {
                end += 1;
            }
            scanned_to = end;
            if end == k || k < w.len() && w.is_punct(k, ":") {
                continue;
            }
            let Some(pronoun) = (k..end).find(|&i| {
                w.word(i).is_some_and(|x| {
                    is_first_person(x)
                        // "World War I", "Charles I": a numeral, not the speaker.
                        && !(x == "I" && i > 0 && w.word(i - 1).is_some_and(capitalised))
                        && !(lower(x) == "our"
                            && w.word(i + 1).is_some_and(|n| self.cues.is_newsroom(n)))
                })
            }) else {
                continue;
            };
            let clause_end = (pronoun..end)
                .rev()
                .find(|&i| {
                    w.word(i).is_some() || w.toks[i].kind == crate::segment::TokenKind::Number
                })
                .unwrap_or(pronoun);
            out.push(Diagnostic::new(
                META.id,
                META.severity,
                w.toks[pronoun].start()..w.toks[clause_end].end(),
                format!(
                    "Reported speech after \"{verb}\" keeps the speaker's \"{}\" ({speaker}): \
restore the quotation marks, or report it in the third person.",
                    w.text(pronoun)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::segment::segment;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "We met. ",
        "I left. ",
        "My word. ",
        "Our plan. ",
        "the ",
        "\"",
        "\u{201C}",
        "\u{201D} ",
        "\"We ran,\" she said. ",
        "she said we will appeal. ",
        "\n\n",
        "\n",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        /// Replacing a run of paragraphs gives the openings of the new text, and the narrator
        /// fact of an analysis afresh.
        #[test]
        fn the_tracker_follows_the_text(
            head in text(),
            before in text(),
            after in text(),
            tail in text(),
        ) {
            let (before, after) = (
                format!("{head}\n\n{before}\n\n{tail}"),
                format!("{head}\n\n{after}\n\n{tail}"),
            );
            let old = segment(&before, DocKind::Text).paragraphs;
            let new = segment(&after, DocKind::Text).paragraphs;
            // Paragraphs shared at either end stay out of the splice, as in the server.
            let same = |a: &super::Paragraph, b: &super::Paragraph| a.text == b.text;
            let keep = (0..old.len().min(new.len()))
                .take_while(|&i| same(&old[i], &new[i]))
                .count();
            let keep_end = (0..(old.len() - keep).min(new.len() - keep))
                .take_while(|&i| same(&old[old.len() - 1 - i], &new[new.len() - 1 - i]))
                .count();
            let mut tracker = super::NarratorTracker::new(&old);
            tracker.splice(keep..old.len() - keep_end, &new[keep..new.len() - keep_end]);
            prop_assert_eq!(&tracker.openings, &super::NarratorTracker::new(&new).openings);
            let doc = Engine::default().analyse(after, DocKind::Text);
            prop_assert_eq!(tracker.fact(&doc).0, super::has_narrator(&doc));
        }
    }

    /// The first person is told as it was by lower-casing each word.
    #[test]
    fn first_person_as_lower_case_tells_it() {
        use super::{is_first_person, FIRST_PERSON, FIRST_PERSON_LOWER};
        let lowered = |word: &str| {
            FIRST_PERSON.contains(&word)
                || FIRST_PERSON_LOWER.contains(&crate::analysis::cues::lower(word).as_ref())
                    && !word.chars().skip(1).any(char::is_uppercase)
        };
        let mut words: Vec<String> = ["", "i", "I", "US", "Us", "us", "WE", "wE", "me", "Mine"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for form in FIRST_PERSON.iter().chain(FIRST_PERSON_LOWER) {
            let mut capital = form.chars();
            let first = capital.next().unwrap().to_uppercase().to_string();
            words.extend([
                form.to_string(),
                form.to_uppercase(),
                form.to_lowercase(),
                first + capital.as_str(),
                format!("{form}s"),
                form[1..].to_string(),
                format!("\u{130}{}", &form[1..]),
                format!("\u{212a}{}", &form[1..]),
            ]);
        }
        for word in &words {
            assert_eq!(is_first_person(word), lowered(word), "{word:?}");
        }
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    fn flagged(text: &str) -> Vec<&str> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| &text[d.span])
            .collect()
    }

    #[test]
    fn flags_from_the_pronoun_to_the_clause_end() {
        assert_eq!(
            flagged("The union leader said on Friday that we will strike in May."),
            vec!["we will strike in May"]
        );
        assert_eq!(
            flagged("Officials told the BBC they feared for our safety at the border."),
            vec!["our safety at the border"]
        );
    }

    #[test]
    fn quoted_first_person_and_listeners_are_fine() {
        assert!(flagged("He told us the road would reopen.").is_empty());
        assert!(flagged("She told our correspondent the road would reopen.").is_empty());
        assert!(flagged("The mayor said \"we will rebuild\" twice.").is_empty());
        assert!(flagged("We said the road would reopen.").is_empty());
        assert!(flagged("The historian said World War I changed the town.").is_empty());
        assert!(flagged("I drove in at dawn.\n\nThe mayor said we could stay.").is_empty());
    }

    #[test]
    fn a_stray_mark_before_we_is_no_narrator() {
        let text = "\"We will fight on, the lawyer said.\n\nHe said he thanked our supporters.";
        assert_eq!(flagged(text), vec!["our supporters"]);
    }
}
