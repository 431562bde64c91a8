//! `phrasing/word-salad`: syntax broken the way article spinners break it, in a few frames
//! that careful English never produces: a verb form used as a noun after a determiner ("the
//! starring became"), an article before a bare verb ("a accept the offer"), an adjective
//! after its noun ("of diplomacy traditional."), and a stray "the" between an adjective and
//! its noun ("normalisation of strained the relations"). Word classes come from the WordNet
//! lexicon in rules/pos.tsv; a frame fires only when every word in it is unambiguous.

use std::borrow::Cow;

use super::pos::{self, ADJ, NOUN, VERB};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};
use crate::segment::{Paragraph, TokenKind};

static META: RuleMeta = RuleMeta {
    id: "phrasing/word-salad",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "Garbled word order typical of machine-spun copy.",
    explanation: "When a spinner swaps words without regard to grammar, the sentence breaks in \
recognisable ways: a verb form stands where a noun should (\"the starring became\"), an article \
sits before a bare verb (\"a accept the offer\"), an adjective trails its noun (\"of diplomacy \
traditional.\"), or a stray \"the\" splits an adjective from its noun (\"normalisation of strained \
the relations\"). Only these frames are reported, and only when every word in them has a single \
word class. Rewrite the sentence from the source; for the stray \"the\" the fix deletes it.",
    examples: &[
        Example::bad("Her starring became the talk of the festival."),
        Example::bad("He refused a accept the offer from the club."),
        Example::bad("The envoy spoke of diplomacy traditional."),
        Example::fixed(
            "Talks on normalisation of strained the relations resumed.",
            "Talks on normalisation of strained relations resumed.",
        ),
        Example::good("Her starring role became the talk of the festival."),
        Example::good("The remaining were released, and the missing are still sought."),
        Example::good("The court found the defendant guilty; the people responsible fled."),
        Example::good("As expected the minister resigned, ending his meeting was a relief."),
    ],
};

pub struct WordSalad;

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "my", "your",
];

/// Finite verbs that show the word before them was meant as a subject noun.
const FINITE: &[&str] = &[
    "was", "were", "is", "are", "became", "becomes", "has", "had", "have", "will", "would",
    "could", "can", "should", "may", "might", "remains", "remained", "seemed", "seems",
    "proved", "made", "led", "drew", "brought", "won", "earned", "helped", "caused",
];

/// Prepositions after which an adjective-noun phrase must begin.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "for", "to", "by", "from", "about", "at", "into", "over", "under",
    "between", "among", "after", "before", "during", "against", "towards", "toward",
];

/// -ing words that English uses as nouns after "the" though WordNet lists no noun sense.
const NOMINAL_ING: &[&str] = &[
    "following", "remaining", "missing", "dying", "living", "starving", "ageing", "aging",
    "unemployed", "undersigned", "wounding", "outgoing", "incoming", "upcoming", "ongoing",
];

/// Adjectives English places after a noun: "the people responsible", "the costs involved".
const POSTPOSITIVE: &[&str] = &[
    "general", "elect", "apparent", "designate", "emeritus", "extraordinary", "proper",
    "galore", "aplenty", "incarnate", "alive", "available", "possible", "responsible",
    "present", "involved", "concerned", "alone", "aloft", "ablaze", "afloat", "asleep",
    "awake", "aware", "able", "unable", "free", "whole", "intact", "unchanged", "unclear",
    "unknown", "due", "eligible", "affected", "adjacent", "imaginable", "inclusive", "exclusive",
    "accused", "ago", "abroad", "overall", "notwithstanding", "ahead", "else", "enough",
];

/// One word token, lower-cased only when it has capitals.
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    lower: Cow<'a, str>,
    /// The previous token before any space is the previous word (no punctuation between).
    joined: bool,
    /// The first non-space character after the word, when it is punctuation.
    punct_after: Option<char>,
}

impl Word<'_> {
    fn is(&self, list: &[&str]) -> bool {
        list.contains(&self.lower.as_ref())
    }

    fn tags(&self) -> u8 {
        pos::tags(&self.lower)
    }

    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

fn words(p: &Paragraph) -> Vec<Word<'_>> {
    let mut out: Vec<Word<'_>> = Vec::new();
    let mut joined = false;
    for t in &p.tokens {
        match t.kind {
            TokenKind::Word => {
                let text = p.token_text(t);
                let lower = if text.chars().any(char::is_uppercase) {
                    Cow::Owned(text.to_lowercase())
                } else {
                    Cow::Borrowed(text)
                };
                out.push(Word {
                    start: t.start,
                    end: t.end,
                    text,
                    lower,
                    joined,
                    punct_after: None,
                });
                joined = true;
            }
            TokenKind::Space { .. } => {}
            TokenKind::Punct => {
                if joined {
                    if let Some(last) = out.last_mut() {
                        last.punct_after = p.token_text(t).chars().next();
                    }
                }
                joined = false;
            }
            TokenKind::Number | TokenKind::Opaque => joined = false,
        }
    }
    out
}

/// "starring" → its verb "star"; "resigning" → "resign"; "making" → "make".
fn ing_verb(word: &str) -> bool {
    let Some(stem) = word.strip_suffix("ing") else {
        return false;
    };
    if stem.len() < 2 {
        return false;
    }
    let undoubled = {
        let b = stem.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2]).then(|| &stem[..stem.len() - 1])
    };
    let is_verb = |s: &str| pos::tags(s) & VERB != 0;
    is_verb(stem) || undoubled.is_some_and(is_verb) || is_verb(&format!("{stem}e"))
}

impl Rule for WordSalad {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, out: &mut Vec<Diagnostic>) {
        let w = words(p);
        let flag = |out: &mut Vec<Diagnostic>, from: &Word, to: &Word, why: &str| {
            let text = &p.text[from.start..to.end];
            out.push(Diagnostic::new(
                META.id,
                META.severity,
                from.start..to.end,
                format!("\"{text}\" looks machine-spun: {why}."),
            ));
        };
        for i in 0..w.len() {
            let at = |k: usize| w.get(i + k).filter(|x| k == 0 || x.joined);
            let (Some(a), Some(b)) = (at(0), at(1)) else {
                continue;
            };
            let c = at(2);
            // The starring became: a verb's -ing form as the subject noun.
            if a.is(DETERMINERS)
                && !b.capitalised()
                && b.tags() & NOUN == 0
                && !b.is(NOMINAL_ING)
                && b.punct_after.is_none()
                && ing_verb(&b.lower)
                && c.is_some_and(|c| c.is(FINITE))
            {
                let c = c.unwrap_or(b);
                let why = format!("\"{}\" is a verb form standing where a noun should", b.text);
                flag(out, a, c, &why);
                continue;
            }
            // A accept the offer: an article before a bare verb that then takes an object.
            if matches!(a.lower.as_ref(), "a" | "an" | "the")
                && !b.capitalised()
                && b.tags() == VERB
                && b.punct_after.is_none()
                && c.is_some_and(|c| c.is(DETERMINERS) || c.is(&["him", "them", "it", "us"]))
            {
                let why = format!("an article stands before the verb \"{}\"", b.text);
                flag(out, a, b, &why);
                continue;
            }
            // Of diplomacy traditional.: an adjective after its noun, closing the phrase.
            let opens_phrase = a.is(PREPOSITIONS) || a.is(DETERMINERS) && i > 0 && {
                let before = &w[i - 1];
                a.joined && before.is(PREPOSITIONS)
            };
            if opens_phrase && !a.is(&["with"]) {
                if let Some(c) = c {
                    let ends_phrase = c.punct_after.is_some_and(|ch| matches!(ch, '.' | ',' | ';'))
                        || w.get(i + 3).is_some_and(|d| d.joined && d.is(FINITE));
                    if !b.is(DETERMINERS)
                        && !b.capitalised()
                        && !c.capitalised()
                        && b.tags() == NOUN
                        && c.tags() == ADJ
                        && !c.is(POSTPOSITIVE)
                        && ends_phrase
                    {
                        let why = format!(
                            "the adjective \"{}\" follows its noun; English says \"{} {}\"",
                            c.text, c.lower, b.lower
                        );
                        flag(out, b, c, &why);
                        continue;
                    }
                }
            }
            // Of strained the relations: a stray "the" between an adjective and its noun.
            if (a.is(PREPOSITIONS) || a.is(DETERMINERS)) && !a.is(&["as", "than"]) {
                if let (Some(the), Some(noun)) = (c, at(3)) {
                    let adjective = b.tags() == ADJ
                        || b.lower.ends_with("ed") && b.tags() & (NOUN | VERB) != NOUN;
                    if the.lower == "the"
                        && adjective
                        && !b.capitalised()
                        && b.punct_after.is_none()
                        && noun.tags() & NOUN != 0
                        && !noun.capitalised()
                    {
                        let text = &p.text[b.start..noun.end];
                        out.push(
                            Diagnostic::new(
                                META.id,
                                META.severity,
                                b.start..noun.end,
                                format!(
                                    "\"{text}\" looks machine-spun: a stray \"the\" splits \
                                     \"{}\" from its noun.",
                                    b.text
                                ),
                            )
                            .with_fix(Fix::new(the.start..noun.start, "")),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn flagged(text: &str) -> Vec<String> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| text[d.span].to_string())
            .collect()
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn each_frame_on_new_words() {
        assert_eq!(
            flagged("His resigning was sudden. The board voted a dismiss the coach."),
            vec!["His resigning was", "a dismiss"]
        );
        assert_eq!(
            flagged("They argued about policy fiscal. Ties of damaged the trust broke."),
            vec!["policy fiscal", "damaged the trust"]
        );
    }

    #[test]
    fn ordinary_grammar_is_silent() {
        let text = "The meeting was short. His leaving was a shock to the staff. \
                    A building has collapsed. With the door open, she spoke of matters unknown. \
                    The attorney general spoke in terms plain enough. Of all the options, \
                    this was best. In recent years the town grew. As expected the vote passed.";
        assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    }
}
