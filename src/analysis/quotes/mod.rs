//! Direct quotations: quote marks paired across a document, straight and curly, with the
//! newspaper convention for quotes that run over paragraphs (no closing mark at the end of a
//! paragraph when the next one opens with a mark). Single marks are left alone: "don't",
//! "Seagal’s" and "’90s" are apostrophes, and a nested ‘quote’ sits inside its double marks.
//! Marks that pair with nothing are kept as strays for `quotes/unbalanced`.

pub mod incremental;
pub mod repeats;

use std::ops::Range;

use super::attribution::{self, Attribution};
use super::cues::Cues;
use crate::segment::Paragraph;

/// One direct quotation, in document byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to the closing mark, both included.
    pub span: Range<usize>,
    /// The quoted words, without the outer marks.
    pub inner: Range<usize>,
    /// Who said it and the cue that says so; `None` when the text does not tell.
    pub attribution: Option<Attribution>,
}

/// What a double quote mark does in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRole {
    Open,
    Close,
    /// Opens a paragraph that continues the quotation of the previous one.
    Reopen,
    /// Opens a quotation that never closes.
    StrayOpen,
    /// Closes a quotation that never opened.
    StrayClose,
}

impl MarkRole {
    /// Whether the mark faces the words after it (an opening mark).
    pub fn opens(self) -> bool {
        matches!(
            self,
            MarkRole::Open | MarkRole::Reopen | MarkRole::StrayOpen
        )
    }
}

/// A double quote mark, in document byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMark {
    pub span: Range<usize>,
    /// `"` rather than a curly mark.
    pub straight: bool,
    pub role: MarkRole,
}

/// The quotations of a document and every double mark, both in document order.
#[derive(Debug, Default)]
pub struct QuoteModel {
    pub quotes: Vec<Quote>,
    pub marks: Vec<QuoteMark>,
    /// Which quotations repeat earlier ones with other words, when the server keeps them
    /// current ([`incremental::Tracker`]); `None` leaves them to be found on first use.
    pub repeats: Option<repeats::Index>,
}

const OPENING: [char; 2] = ['\u{201C}', '\u{201E}'];
const CLOSING: char = '\u{201D}';

/// The double marks of `text` and their offsets, found by their bytes: `"`, or the first
/// byte of the curly marks (all three are E2 80 9x) and the two after it.
fn double_marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    memchr::memchr2_iter(b'"', 0xE2, text.as_bytes()).filter_map(|i| {
        let c = if text.as_bytes()[i] == b'"' {
            '"'
        } else {
            text[i..].chars().next()?
        };
        (c == '"' || c == CLOSING || OPENING.contains(&c)).then_some((i, c))
    })
}

/// A mark with space (or an opening bracket or dash) before it and a word after it.
fn opening_shape(before: Option<char>, after: Option<char>) -> bool {
    before.is_none_or(|c| c.is_whitespace() || "([{—–-/‘'".contains(c))
        && after.is_some_and(|c| !c.is_whitespace())
}

/// A mark with a word or punctuation before it and space or punctuation after it.
fn closing_shape(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|c| !c.is_whitespace())
        && after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-’'…".contains(c))
}

/// Whether a paragraph's first visible character is an opening double mark.
fn starts_with_opening(p: &Paragraph) -> bool {
    let text = p.text.trim_start();
    let mut chars = text.chars();
    let first = chars.next();
    first.is_some_and(|c| c == '"' || OPENING.contains(&c))
        && chars.next().is_some_and(|c| !c.is_whitespace())
}

/// Pair the marks of every paragraph and attribute each quotation.
pub fn find(paragraphs: &[Paragraph], cues: &Cues) -> QuoteModel {
    let mut model = pair(paragraphs, cues);
    attribution::attribute(paragraphs, &mut model.quotes, cues);
    model
}

/// Whether the words after local byte `from` attribute speech (", said Price", "? she asked"):
/// then the quotation ended there and lost its closing mark, rather than running on.
fn attributed_after(p: &Paragraph, from: usize, cues: &Cues) -> bool {
    let toks: Vec<&crate::segment::Token> = p
        .tokens
        .iter()
        .filter(|t| t.start() >= from && !t.is_space())
        .collect();
    // After the punctuation: up to three words naming the speaker, then the verb, or the verb
    // first ("said Price"). "..., and he said no" is narrative inside the quote.
    let speakerish = |t: &&crate::segment::Token| {
        let w = p.token_text(t);
        t.is_word()
            && (w.starts_with(char::is_uppercase)
                || cues.is_pronoun(w)
                || cues.is_speaker_noun(w)
                || matches!(w, "the" | "a" | "an" | "his" | "her" | "their"))
    };
    toks.iter().enumerate().any(|(i, t)| {
        matches!(p.token_text(t), "," | "?" | "!")
            && toks[i + 1..].iter().take(4).enumerate().any(|(k, n)| {
                n.is_word()
                    && cues.is_verb(p.token_text(n))
                    && toks[i + 1..i + 1 + k].iter().all(speakerish)
            })
    })
}

/// Whether `mark` opens a quotation of whole sentences, the only kind that may run on into
/// the next paragraph: at the start of a paragraph or a sentence, or after a colon, comma or
/// dash, and starting with a capital. `was "innocent and ...` is a partial quote that should
/// have closed in its sentence.
fn opens_full_quote(mark: &QuoteMark, paragraphs: &[Paragraph], pi: usize) -> bool {
    let Some(p) = paragraphs[..=pi]
        .iter()
        .rev()
        .find(|p| p.start <= mark.span.start)
    else {
        return false;
    };
    let local = mark.span.start - p.start;
    let before = p.text[..local].trim_end().chars().next_back();
    let after = p.text[local + mark.span.len()..].chars().next();
    before.is_none_or(|c| ".!?:,;—–-".contains(c) || c == '\u{201D}' || c == '"')
        && after.is_some_and(|c| !c.is_lowercase())
}

fn pair(paragraphs: &[Paragraph], cues: &Cues) -> QuoteModel {
    pair_from(paragraphs, 0, cues, |_| false).0
}

/// Whether paragraph `p` continues a quotation opened before it, by `marks` (the roles of
/// that document's marks): its first mark then reopens it.
fn continues(marks: &[QuoteMark], start: usize, end: usize) -> bool {
    let i = marks.partition_point(|m| m.span.start < start);
    marks
        .get(i)
        .is_some_and(|m| m.span.start < end && m.role == MarkRole::Reopen)
}

/// Pair the marks of paragraphs `from..`, where no quotation is open, up to the first
/// paragraph `pi` reached with none open for which `stop(pi)`; returns the model of the
/// paragraphs paired and where it stopped. Nothing before `from` or after the stop is read
/// but the next paragraph's first mark, so a run that stops where the old pairing had no
/// quotation open either pairs the rest as it was.
fn pair_from(
    paragraphs: &[Paragraph],
    from: usize,
    cues: &Cues,
    mut stop: impl FnMut(usize) -> bool,
) -> (QuoteModel, usize) {
    let mut model = QuoteModel::default();
    // Index into `model.marks` of the mark that opened the current quotation.
    let mut open: Option<usize> = None;
    for (pi, p) in paragraphs.iter().enumerate().skip(from) {
        if open.is_none() && stop(pi) {
            return (model, pi);
        }
        let mut continuing = open.is_some();
        for (i, c) in double_marks(&p.text) {
            let before = p.text[..i].chars().next_back();
            let after = p.text[i + c.len_utf8()..].chars().next();
            let span = p.start + i..p.start + i + c.len_utf8();
            let straight = c == '"';
            // 6" and 12": inches and seconds, not quotation.
            if straight && open.is_none() && before.is_some_and(|b| b.is_ascii_digit()) {
                continue;
            }
            if continuing {
                // `starts_with_opening` vouched for this mark when the last paragraph ended.
                continuing = false;
                model.marks.push(QuoteMark {
                    span,
                    straight,
                    role: MarkRole::Reopen,
                });
                continue;
            }
            let opens = opening_shape(before, after);
            let closes = closing_shape(before, after);
            let role = match (open, c) {
                (None, CLOSING) if !opens || closes => MarkRole::StrayClose,
                (None, '"') if closes && !opens => MarkRole::StrayClose,
                (None, _) => MarkRole::Open,
                (Some(_), c) if OPENING.contains(&c) && (opens || !closes) => MarkRole::Open,
                (Some(_), '"') if opens && !closes => MarkRole::Open,
                (Some(_), _) => MarkRole::Close,
            };
            match role {
                MarkRole::Open => {
                    if let Some(prev) = open.replace(model.marks.len()) {
                        model.marks[prev].role = MarkRole::StrayOpen;
                    }
                }
                MarkRole::Close => {
                    let opened = open.take().map(|o| model.marks[o].span.clone());
                    if let Some(o) = opened {
                        model.quotes.push(Quote {
                            span: o.start..span.end,
                            inner: o.end..span.start,
                            attribution: None,
                        });
                    }
                }
                _ => {}
            }
            model.marks.push(QuoteMark {
                span,
                straight,
                role,
            });
        }
        if let Some(o) = open {
            // The words after the opening mark, or the whole paragraph when the quote began
            // in an earlier one.
            let from = model.marks[o].span.end.saturating_sub(p.start);
            let carries = paragraphs.get(pi + 1).is_some_and(starts_with_opening)
                && opens_full_quote(&model.marks[o], paragraphs, pi)
                && !attributed_after(p, from, cues);
            if !carries {
                model.marks[o].role = MarkRole::StrayOpen;
                open = None;
            }
        }
    }
    (model, paragraphs.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::segment::segment;

    fn model(text: &str) -> QuoteModel {
        find(&segment(text, DocKind::Text).paragraphs, Cues::shipped())
    }

    fn inners(text: &str) -> Vec<&str> {
        model(text)
            .quotes
            .iter()
            .map(|q| &text[q.inner.clone()])
            .collect()
    }

    fn strays(text: &str) -> Vec<(&str, MarkRole)> {
        model(text)
            .marks
            .into_iter()
            .filter(|m| matches!(m.role, MarkRole::StrayOpen | MarkRole::StrayClose))
            .map(|m| (&text[m.span.start..], m.role))
            .collect()
    }

    #[test]
    fn straight_and_curly() {
        let text = "He said \"yes\" and \u{201C}no\u{201D}.";
        assert_eq!(inners(text), vec!["yes", "no"]);
    }

    #[test]
    fn apostrophes_and_nested_single_quotes_are_not_marks() {
        let text = "\u{201C}Don\u{2019}t call it \u{2018}the Bishop\u{2019}s plan\u{2019} in the \u{2019}90s,\u{201D} she said.";
        assert_eq!(
            inners(text),
            vec![
                "Don\u{2019}t call it \u{2018}the Bishop\u{2019}s plan\u{2019} in the \u{2019}90s,"
            ]
        );
        assert!(strays(text).is_empty());
    }

    #[test]
    fn inch_marks_are_not_quotation() {
        let text = "A 27\" screen and a \"real\" quote.";
        assert_eq!(inners(text), vec!["real"]);
        assert!(strays(text).is_empty());
    }

    #[test]
    fn marks_spaced_off_their_words_still_pair() {
        assert_eq!(
            inners("He said \" we will win \" twice."),
            vec![" we will win "]
        );
    }

    #[test]
    fn quotation_over_paragraphs() {
        let text = "\u{201C}The first part runs on.\n\n\u{201C}The second closes,\u{201D} he said.";
        let m = model(text);
        assert_eq!(m.quotes.len(), 1);
        assert_eq!(m.quotes[0].span, 0..text.len() - " he said.".len());
        assert!(m.marks.iter().any(|k| k.role == MarkRole::Reopen));
        assert!(strays(text).is_empty());
    }

    #[test]
    fn quote_containing_finds_a_quotation_over_paragraphs() {
        let text = "\u{201C}The first part runs on.\n\n\u{201C}The second closes,\u{201D} he said.";
        let doc = crate::analysis::Analysis::new(text.to_string(), DocKind::Text);
        let second = text.find("second").unwrap();
        let q = doc.quote_containing(&(second..second + 6)).unwrap();
        assert_eq!(q.span.start, 0);
        assert!(doc
            .quote_containing(&(text.len() - 4..text.len()))
            .is_none());
    }

    #[test]
    fn unclosed_and_unopened_marks_are_strays() {
        let text = "\"Nobody came, she said. \"It was empty.\"\n\nThen it rained.\" Later.";
        let got = strays(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].0.starts_with("\"Nobody") && got[0].1 == MarkRole::StrayOpen);
        assert!(got[1].0.starts_with("\" Later") && got[1].1 == MarkRole::StrayClose);
        let text = "\u{201C}It ends here.\n\nA new paragraph.";
        assert_eq!(strays(text).len(), 1);
        let never_closes = "\"One.\n\n\"Two, three.\n\n\"Four.";
        assert_eq!(strays(never_closes).len(), 1);
        let partial = "He called it \"a farce and left.\n\n\"We go on,\" she said.";
        assert_eq!(strays(partial).len(), 1);
        let runs_on = "\"I asked him, and he said no.\n\n\"Then I left,\" she said.";
        assert!(strays(runs_on).is_empty());
    }
}
