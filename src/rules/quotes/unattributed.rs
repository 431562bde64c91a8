//! `quotes/unattributed`: a quotation nobody is said to have said.

use std::hash::Hash;
use std::sync::Arc;

use crate::analysis::attribution::Words;
use crate::analysis::cues::Cues;
use crate::analysis::{Analysis, Quote};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};
use crate::segment::{Block, Paragraph};

static META: RuleMeta = RuleMeta {
    id: "quotes/unattributed",
    scope: Scope::Context,
    severity: Severity::Warning,
    summary: "A quotation has no speaker.",
    explanation: "Readers must know who said the words in quotation marks. A quoted clause, or a \
quote of four words or more, needs a speaker and a verb such as \"said\" in its sentence or the \
sentence next to it. Passive frames hide the speaker (\"the plan, which was called \u{201C}...\u{201D}\" \
— called by whom?). Titles of films and books, nicknames and scare quotes of a few words are not \
reported, nor are quotes in headlines. Name the speaker, or check the source for who said it.",
    examples: &[
        Example::bad("The bypass, which was called \"a road to nowhere at any price\", opened on Monday."),
        Example::bad("The mural was branded \"deeply offensive\" and painted over."),
        Example::bad("The council met on Monday. \"We cannot pay for the bypass.\" The meeting ended at noon."),
        Example::good("\"We cannot pay for the bypass,\" the council leader said on Monday."),
        Example::good("She starred in \"The Long Road Home\" and in a \"tiny\" role later."),
        Example::good("\"A road to nowhere at any price\": the bypass nobody wanted"),
        Example::good("Critics called the bypass \"a road to nowhere at any price\"."),
        Example::good("The bypass, called \"Phoenix Road\", was once dubbed \"brave\"."),
        Example::good("Protesters carried a banner reading \"no more roads through our valley\"."),
        Example::good("The Welsh word \"hiraeth\", meaning \"a longing for a home you cannot return to\", fits."),
    ],
};

/// Words that open a clause: a subject pronoun, bare or contracted.
#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "i", "we", "you", "he", "she", "they", "it", "i'm", "i'll", "i've", "i'd", "we're", "we'll",
    "we've", "you're", "he's", "she's", "they're", "it's",
];

/// The most words a plain-text line may have to pass for a headline.
const HEADLINE_WORDS: usize = 16;

pub struct Unattributed {
    cues: Arc<Cues>,
}

impl Unattributed {
    pub fn new(cues: Arc<Cues>) -> Unattributed {
        Unattributed { cues }
    }

    /// `was called "..."`, `described as "..."`: the verb of judging right before the
    /// quotation (opening before word `j` of `w`), if any, so even two words are somebody's
    /// verdict, not a scare quote.
    fn describing_verb<'w>(&self, w: &Words<'w>, mut j: usize) -> Option<&'w str> {
        if j > 0 && w.word(j - 1) == Some("as") {
            j -= 1;
        }
        let verb = w.word(j.checked_sub(1)?)?;
        self.cues.is_describing(verb).then_some(verb)
    }

    /// `the word "hygge", meaning "..."`, `a banner reading "..."`: a gloss, a title or a sign
    /// announced in the two words before the quotation (opening before word `j` of `w`).
    fn announced_as_not_speech(&self, w: &Words, j: usize) -> bool {
        (j.saturating_sub(2)..j).any(|i| w.word(i).is_some_and(|x| self.cues.is_not_speech(x)))
    }
}

impl Rule for Unattributed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The words of the quotations opening in the paragraph, which may run on past it (a
    /// run of paragraphs is paired again whole, so its first paragraph's key is hashed
    /// again whenever one of them changes). The quotations themselves, with their
    /// attributions, are in every context key.
    fn context(&self, doc: &Analysis, index: usize, key: &mut ContextKey) {
        for q in opening_in(doc, index) {
            doc.text[q.inner.clone()].hash(key);
        }
    }

    /// Each quotation is reported in the paragraph it opens in, from what it says, its
    /// attribution and the words of that paragraph.
    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let p = &doc.paragraphs[index];
        // The paragraph's words, made once a quotation needs them.
        let mut words = None;
        for q in opening_in(doc, index).filter(|q| q.attribution.is_none()) {
            if is_headline(p) || is_title(doc, q) {
                continue;
            }
            // The quotation's first word.
            let w = words.get_or_insert_with(|| Words::new(p, &doc.quotes));
            let j = w.index_at(q.span.start - p.start);
            if self.announced_as_not_speech(w, j) {
                continue;
            }
            let verb = self.describing_verb(w, j);
            let message = match verb {
                Some(verb) if word_count(doc, q) >= 2 => {
                    format!("This quotation has no speaker: {verb} by whom?")
                }
                _ if is_speech(doc, q) => "This quotation has no speaker: who said it?".into(),
                _ => continue,
            };
            out.push(Diagnostic::new(
                META.id,
                META.severity,
                q.span.start - p.start..q.span.end - p.start,
                message,
            ));
        }
    }
}

/// The quotations opening in paragraph `index`.
fn opening_in(doc: &Analysis, index: usize) -> impl Iterator<Item = &Quote> {
    let p = &doc.paragraphs[index];
    let first = doc.quotes.partition_point(|q| q.span.start < p.start);
    doc.quotes[first..]
        .iter()
        .take_while(move |q| q.span.start < p.span().end)
}

fn quoted_words<'d>(doc: &'d Analysis, q: &Quote) -> Vec<&'d str> {
    doc.text[q.inner.clone()]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect()
}

fn word_count(doc: &Analysis, q: &Quote) -> usize {
    quoted_words(doc, q).len()
}

/// Whether a quotation holds speech: four words or more, or a shorter clause ("We lost.",
/// "I'm done", "they lied").
fn is_speech(doc: &Analysis, q: &Quote) -> bool {
    let words = quoted_words(doc, q);
    if words.len() >= 4 {
        return true;
    }
    let ends_sentence = doc.text[q.inner.clone()]
        .trim_end()
        .ends_with(['.', '!', '?']);
    let first = words
        .first()
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"));
    words.len() >= 2 && (ends_sentence || first.is_some_and(|w| SUBJECTS.contains(&w.as_str())))
}

/// A Markdown heading, or a plain-text line that reads like one: short, alone, and with no
/// full stop. Headlines carry no attribution.
fn is_headline(p: &Paragraph) -> bool {
    let text = p.text.trim();
    let last = text
        .trim_end_matches(['"', '\u{201D}', '\u{2019}', '\''])
        .chars()
        .next_back();
    p.block == Block::Heading
        || !text.contains('\n')
            && p.words().count() <= HEADLINE_WORDS
            && !last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// "The Long Road Home": a title or a name, capitalised word by word (after the first word,
/// which a sentence capitalises too: "Help us!" is no title).
fn is_title(doc: &Analysis, q: &Quote) -> bool {
    let mut long = doc.text[q.inner.clone()]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().count() > 3)
        .peekable();
    long.peek().is_some() && long.all(|w| w.chars().next().is_some_and(char::is_uppercase))
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
    fn flags_the_quotation_with_its_marks() {
        let text = "Turnout was low. \u{201C}Nobody trusts the ballot any more.\u{201D}";
        let found = Engine::default().lint(text, DocKind::Text);
        let got: Vec<&str> = found
            .iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| &text[d.span.clone()])
            .collect();
        assert_eq!(
            got,
            vec!["\u{201C}Nobody trusts the ballot any more.\u{201D}"]
        );
    }

    #[test]
    fn short_clauses_count_scare_quotes_do_not() {
        let engine = Engine::default();
        let count = |t: &str| {
            engine
                .lint(t, DocKind::Text)
                .iter()
                .filter(|d| d.rule == super::META.id)
                .count()
        };
        assert_eq!(count("The door was shut. \"We're done.\" Rain fell."), 1);
        assert_eq!(count("The door was shut on the \"new era\" at last."), 0);
        assert_eq!(count("The door was shut. \"Help us!\" Rain fell."), 1);
        assert_eq!(count("She read \"The Salt Roads of Home\" twice."), 0);
    }
}
