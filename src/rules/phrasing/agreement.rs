//! `phrasing/agreement`: number clashes in frames where the number is certain: a plural noun
//! with "who was", "a"/"each" with a plural, "these" with a singular, "this" with a plural.
//!
//! Nouns come from the shared lexicon, which lists only words of sure number ("series",
//! "news", "media" are left out). A noun that may be the first half of a compound ("a drugs
//! charge", "these climate talks") is skipped: the word after it must be punctuation or a
//! function word.

use std::sync::Arc;

use crate::analysis::cues::lower;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::{Paragraph, Token, TokenKind};

use super::nouns::{Nouns, Number};

static META: RuleMeta = RuleMeta {
    id: "phrasing/agreement",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "Singular and plural do not agree: \"the pilots who was\", \"a new budgets\".",
    explanation:
        "A plural noun takes a plural verb and a plural determiner; a singular noun takes \
singular ones. Spinners that swap a noun for a synonym, or turn a singular into a plural, leave \
the rest of the phrase behind: \"the coaches, who was\", \"the new figures shows\", \"the museum, \
which were\", \"a new reforms\", \"these proposal\", \"the three defendant\". Only clear-cut frames \
are reported, with nouns whose number is certain; groups (\"the family, who were\") and amounts \
(\"ten years is\") are left alone. The verb is fixed when the noun's number is beyond doubt; \
otherwise decide which word is wrong.",
    examples: &[
        Example::fixed(
            "The two pilots, who was on duty, were questioned.",
            "The two pilots, who were on duty, were questioned.",
        ),
        Example::fixed(
            "Bankers who has lost money rarely complain.",
            "Bankers who have lost money rarely complain.",
        ),
        Example::bad("The council approved a new budgets on Friday."),
        Example::bad("Each ministries will publish a plan."),
        Example::bad("Nobody expected these proposal to pass."),
        Example::bad("This reforms are overdue."),
        Example::good("A few days later, a dozen nurses and a series of strikes followed."),
        Example::good("One of the managers, who was new, spoke to a news crew."),
        Example::good("He fired three officials, which was unusual."),
        Example::good("Each plans to attend; this means a drugs charge for these climate talks."),
    ],
};

/// Words that can follow a whole noun phrase but never continue a compound noun.
const FOLLOWERS: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "to", "by", "from", "who", "which", "that", "was",
    "were", "is", "are", "has", "have", "had", "will", "would", "could", "should", "can", "may",
    "might", "must", "did", "do", "does", "been", "as", "after", "before", "since", "into", "over",
    "under", "than", "because", "while", "when", "where", "about", "against", "during", "without",
    "said", "says", "told", "added", "we", "they", "he", "she", "I", "you",
];

/// Verbs in the plain present, which follow a plural subject and are never nouns.
const PLAIN_VERBS: &[&str] = &[
    "say", "suggest", "remain", "seem", "appear", "mean", "worry", "include", "affect", "explain",
    "reflect", "threaten", "indicate", "require", "involve",
];

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "these", "those", "its", "their", "our", "his", "her", "my", "your", "both", "all",
    "many", "several", "such", "most", "few", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten",
];

/// Words after which a new clause, and so a new subject, begins.
const CLAUSE_STARTS: &[&str] = &[
    "and", "but", "that", "because", "while", "as", "when", "if", "since", "although", "though",
    "so", "where", "whether", "yet", "say", "says", "said", "believe", "believes", "think",
    "thinks", "argue", "argues", "argued", "claim", "claims", "claimed", "insist", "insists",
    "insisted", "warn", "warns", "warned", "admit", "admits", "admitted", "know", "knows",
];

const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "several", "many", "both",
];

/// Per first letter (case-blind), the lengths of the [`NUMBER_WORDS`] starting with it, as
/// bits: most words have another first letter or length, and then the list need not be
/// scanned ([`is_number_word`] runs at every word).
const NUMBER_SHAPES: [u32; 26] = {
    let mut shapes = [0; 26];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        let word = NUMBER_WORDS[i].as_bytes();
        shapes[(word[0] - b'a') as usize] |= 1 << word.len();
        i += 1;
    }
    shapes
};

/// One of [`NUMBER_WORDS`], in any case.
pub(super) fn is_number_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.first().is_some_and(|&b| {
        b.is_ascii_alphabetic()
            && bytes.len() < 32
            && NUMBER_SHAPES[(b.to_ascii_lowercase() - b'a') as usize] & 1 << bytes.len() != 0
    }) && NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// Punctuation that closes a noun phrase; a hyphen or apostrophe would make it a modifier.
const CLOSERS: &[&str] = &[",", ".", ";", ":", "!", "?", ")"];

pub struct Agreement {
    nouns: Arc<Nouns>,
}

impl Agreement {
    pub fn new(nouns: Arc<Nouns>) -> Self {
        Agreement { nouns }
    }

    fn plural(&self, p: &Paragraph, t: &Token) -> bool {
        let text = p.token_text(t);
        is_lower(text) && self.nouns.guess_number(text) == Some(Number::Plural)
    }

    fn singular(&self, p: &Paragraph, t: &Token) -> bool {
        let text = p.token_text(t);
        is_lower(text) && self.nouns.guess_number(text) == Some(Number::Singular)
    }

    /// A plural noun heading a subject: lower case; capitalised at a sentence start
    /// ("Investors who has"); or a plural of nationality after "the" ("the young Spaniards,
    /// who was"). "Woods, who was" is a name.
    fn plural_subject(&self, p: &Paragraph, w: &[&Token], i: usize, guess_at_start: bool) -> bool {
        let text = p.token_text(w[i]);
        if is_lower(text) {
            // "the two blocs has": after a number any "-s" word is a plural.
            let counted = i
                .checked_sub(1)
                .is_some_and(|k| is_count(p.token_text(w[k])))
                && !self.nouns.is_invariant(text)
                && text.ends_with('s')
                && !text.ends_with("ss")
                && !text.ends_with("us")
                && !text.ends_with("is");
            return counted || self.plural(p, w[i]);
        }
        if !text.chars().skip(1).all(char::is_lowercase) {
            return false;
        }
        // A guess from the ending takes team names ("Rangers was"), but not before "who".
        if starts_sentence(p, w, i) {
            let lower = text.to_lowercase();
            let number = if guess_at_start {
                self.nouns.guess_number(&lower)
            } else {
                self.nouns.number(&lower)
            };
            return number == Some(Number::Plural);
        }
        let demonym = ["ians", "ans", "ards", "ons", "ites", "ists"]
            .iter()
            .any(|end| text.ends_with(end));
        demonym
            && w[i.saturating_sub(7)..i]
                .iter()
                .rev()
                .take_while(|t| t.kind != TokenKind::Punct || p.token_text(t) == "-")
                .any(|t| matches!(p.token_text(t), "the" | "The" | "these" | "those"))
    }

    /// "the prisoner, who have", "the library, which were": a singular noun, a relative and a
    /// plural verb. Groups ("the family, who were") and joined nouns ("his wife and son, who
    /// were") take a plural, so they are left alone.
    fn singular_relative(&self, p: &Paragraph, w: &[&Token], i: usize, out: &mut Vec<Diagnostic>) {
        let (Some(comma), Some(rel), Some(verb)) = (w.get(i + 1), w.get(i + 2), w.get(i + 3))
        else {
            return;
        };
        let Some(fixed) = singular_verb(p.token_text(verb)) else {
            return;
        };
        let noun = p.token_text(w[i]);
        if p.token_text(comma) != ","
            || !matches!(p.token_text(rel), "who" | "which")
            || !adjacent(p, &w[i..=i + 3])
            || !is_lower(noun)
            || self.nouns.guess_number(noun) != Some(Number::Singular)
            || self.nouns.is_collective(noun)
        {
            return;
        }
        let before = &w[i.saturating_sub(4)..i];
        let joined = before.iter().any(|t| {
            matches!(
                p.token_text(t),
                "and" | "or" | "nor" | "both" | "with" | "&" | "plus" | "of" | "," | "as"
            )
        });
        if joined {
            return;
        }
        let message = format!(
            "\"{noun}\" is singular, so the verb should be \"{fixed}\", not \"{}\".",
            p.token_text(verb)
        );
        let d = Diagnostic::new(META.id, META.severity, w[i].start()..verb.end(), message);
        // With "a", "one", "each" or "this" the noun is surely singular: the verb is wrong.
        let counted_one = before.iter().any(|t| {
            matches!(
                p.token_text(t),
                "a" | "an"
                    | "A"
                    | "An"
                    | "one"
                    | "One"
                    | "each"
                    | "Each"
                    | "every"
                    | "Every"
                    | "this"
                    | "This"
            )
        });
        out.push(if counted_one {
            d.with_fix(Fix::new(verb.span(), fixed))
        } else {
            d
        });
    }

    /// "the judges was", "the new figures shows": a plural subject and a singular verb. The
    /// noun phrase must start a clause, so "the cost of the repairs was" and "among the
    /// guests was" (where the verb belongs to another noun) stay silent.
    fn subject_verb(&self, p: &Paragraph, w: &[&Token], i: usize, out: &mut Vec<Diagnostic>) {
        let noun_text = p.token_text(w[i]);
        let Some(verb) = w.get(i + 1) else { return };
        let Some(fixed) = plural_verb(p.token_text(verb)) else {
            return;
        };
        if !adjacent(p, &w[i..=i + 1])
            || self.nouns.is_measure(&lower(noun_text))
            || !self.plural_subject(p, w, i, false)
            || !self.starts_clause(p, w, i)
        {
            return;
        }
        out.push(verb_clash(p, w, i, verb, fixed));
    }

    /// Whether the noun phrase ending at `i` begins a clause: walk back over modifiers to a
    /// determiner, then look at what comes before it.
    fn starts_clause(&self, p: &Paragraph, w: &[&Token], i: usize) -> bool {
        let mut k = i;
        let mut determiner = false;
        while k > 0 && i - k < 7 {
            let t = w[k - 1];
            let text = p.token_text(t);
            let lower = lower(text);
            if DETERMINERS.contains(&lower.as_ref()) {
                determiner = true;
                k -= 1;
                // "the band's three members": a number may follow another determiner.
                if NUMBER_WORDS.contains(&lower.as_ref()) {
                    continue;
                }
                break;
            }
            let modifier = t.kind == TokenKind::Number
                || text == "-"
                || t.kind == TokenKind::Word
                    && !FOLLOWERS.contains(&lower.as_ref())
                    && !CLAUSE_STARTS.contains(&lower.as_ref())
                    && (is_lower(text) || text.ends_with("'s") || text.ends_with("\u{2019}s"));
            if !modifier {
                break;
            }
            k -= 1;
        }
        if !determiner && k != i {
            return false;
        }
        let Some(before) = k.checked_sub(1).map(|b| w[b]) else {
            return true;
        };
        let text = p.token_text(before);
        if matches!(text, "." | "!" | "?" | ";" | ":" | ",") || starts_sentence(p, w, k) {
            return true;
        }
        let lower = lower(text);
        if CLAUSE_STARTS.contains(&lower.as_ref()) {
            return true;
        }
        // "both of the markets was": a quantifier that makes the whole phrase plural.
        lower == "of"
            && k >= 2
            && matches!(
                p.token_text(w[k - 2]).to_lowercase().as_str(),
                "both"
                    | "all"
                    | "many"
                    | "several"
                    | "few"
                    | "most"
                    | "two"
                    | "three"
                    | "four"
                    | "dozens"
                    | "hundreds"
                    | "thousands"
                    | "millions"
                    | "tens"
                    | "scores"
                    | "lots"
            )
    }

    /// "the three defendant received": a number word with a singular noun.
    fn number_noun(&self, p: &Paragraph, w: &[&Token], i: usize, out: &mut Vec<Diagnostic>) {
        let number = p.token_text(w[i]);
        if !is_number_word(number) {
            return;
        }
        let Some(noun) = w.get(i + 1) else { return };
        let noun_text = p.token_text(noun);
        let singular =
            self.nouns.number(noun_text) == Some(Number::Singular) || is_agent_noun(noun_text);
        if !is_lower(noun_text)
            || !singular
            || self.nouns.is_measure(noun_text)
            || !adjacent(p, &w[i..=i + 1])
            || !ends_phrase(p, w, i + 1, true)
        {
            return;
        }
        let message = match self.nouns.plural_of(noun_text) {
            Some(plural) => format!("\"{number}\" needs a plural: \"{number} {plural}\"?"),
            None => format!("\"{number}\" needs a plural noun, but \"{noun_text}\" is singular."),
        };
        out.push(Diagnostic::new(
            META.id,
            META.severity,
            w[i].start()..noun.end(),
            message,
        ));
    }

    /// After a word that can be a pronoun ("each", "this"), a plural must be a listed noun
    /// that is no verb, unless a verb follows: "each costs" but "this reforms are".
    fn surely_noun(&self, p: &Paragraph, w: &[&Token], i: usize) -> bool {
        let text = p.token_text(w[i]);
        self.nouns.surely_plural_noun(text) || verb_follows(p, w, i)
    }

    /// "the pilots, who was": a plural noun, then "who"/"which", then a singular verb.
    fn relative_clause(&self, p: &Paragraph, w: &[&Token], i: usize, out: &mut Vec<Diagnostic>) {
        let mut j = i + 1;
        let comma = w.get(j).is_some_and(|t| p.token_text(t) == ",");
        if comma {
            j += 1;
        }
        let (Some(rel), Some(verb)) = (w.get(j), w.get(j + 1)) else {
            return;
        };
        let rel_ok = match p.token_text(rel) {
            "who" => true,
            // ", which was" often refers to the whole clause before it.
            "which" => !comma,
            _ => false,
        };
        if !rel_ok || !adjacent(p, &w[i..=j + 1]) || !self.plural_subject(p, w, i, true) {
            return;
        }
        let verb_text = p.token_text(verb);
        let Some(fixed) = plural_verb(verb_text) else {
            return;
        };
        // "the mother of two sons, who was": the clause may belong to the earlier noun.
        let before = w[i.saturating_sub(3)..i]
            .iter()
            .any(|t| matches!(p.token_text(t), "of" | "Of" | "among" | "with"));
        if before {
            return;
        }
        out.push(verb_clash(p, w, i, verb, fixed));
    }

    /// "a new budgets", "each ministries": a singular determiner, one modifier at most, a plural.
    fn singular_determiner(
        &self,
        p: &Paragraph,
        w: &[&Token],
        i: usize,
        class: u16,
        out: &mut Vec<Diagnostic>,
    ) {
        let det = p.token_text(w[i]);
        if class & ONE == 0 || class & CAPITAL_A != 0 && !starts_sentence(p, w, i) {
            return;
        }
        let pronoun_too = class & ONE_PRONOUN != 0;
        let Some(next) = w.get(i + 1) else { return };
        let next_text = p.token_text(next);
        let noun_at = if self.plural(p, next) {
            i + 1
        } else if next.kind == TokenKind::Word
            // "a paragraph's findings": the plural belongs to the possessive.
            && !next_text.contains(['\'', '\u{2019}'])
            && {
                let next_lower = lower(next_text);
                self.nouns.guess_number(&next_lower).is_none()
                    && !self.nouns.is_quantifier(&next_lower)
            }
            && w.get(i + 2).is_some_and(|t| self.plural(p, t))
        {
            i + 2
        } else {
            return;
        };
        let noun = w[noun_at];
        let noun_text = p.token_text(noun);
        // "a seafaring people", "one people": a nation, singular.
        if noun_text == "people" {
            return;
        }
        if pronoun_too && !self.surely_noun(p, w, noun_at)
            || !adjacent(p, &w[i..=noun_at])
            || !ends_phrase(p, w, noun_at, false)
        {
            return;
        }
        let message = match self.nouns.singular_of(noun_text) {
            Some(singular) => format!(
                "\"{det}\" needs a singular noun: \"{}{singular}\", or the plural without \"{det}\"?",
                &p.text[w[i].start()..noun.start()]
            ),
            None => format!("\"{det}\" needs a singular noun, but \"{noun_text}\" is plural."),
        };
        out.push(Diagnostic::new(
            META.id,
            META.severity,
            w[i].start()..noun.end(),
            message,
        ));
    }

    /// "these proposal" and "this reforms".
    fn demonstrative(
        &self,
        p: &Paragraph,
        w: &[&Token],
        i: usize,
        class: u16,
        out: &mut Vec<Diagnostic>,
    ) {
        let det = p.token_text(w[i]);
        let Some(noun) = w.get(i + 1) else { return };
        let noun_text = p.token_text(noun);
        let suggestion = if class & THESE != 0 {
            if !self.singular(p, noun) || matches!(noun_text, "kind" | "sort" | "type") {
                return;
            }
            self.nouns.plural_of(noun_text)
        } else if class & THIS != 0 {
            if !self.plural(p, noun) || !self.surely_noun(p, w, i + 1) {
                return;
            }
            self.nouns.singular_of(noun_text)
        } else {
            return;
        };
        // "these trend worry": a plural verb after the noun ends the phrase too.
        let plural_verb_follows = w
            .get(i + 2)
            .is_some_and(|t| PLAIN_VERBS.contains(&p.token_text(t)));
        if !adjacent(p, &w[i..=i + 1]) || !ends_phrase(p, w, i + 1, true) && !plural_verb_follows {
            return;
        }
        let Some(suggestion) = suggestion else { return };
        out.push(Diagnostic::new(
            META.id,
            META.severity,
            w[i].start()..noun.end(),
            format!("\"{det}\" does not agree with \"{noun_text}\": \"{det} {suggestion}\"?"),
        ));
    }
}

impl Rule for Agreement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, shared: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        let tokens = shared.tokens();
        let w = &tokens.solid;
        let at = |k: usize| tokens.facts.get(k).map_or(0, |f| f.class);
        for i in 0..w.len() {
            if w[i].kind != TokenKind::Word {
                continue;
            }
            // Each check runs only where the words its frame needs stand: every frame has
            // a class word here or next, and most words have neither.
            let (this, next) = (at(i), at(i + 1));
            if this | next == 0 {
                continue;
            }
            let then = at(i + 2);
            if next & (WHO | WHICH) != 0 && then & SINGULAR_VERB != 0
                || next & COMMA != 0 && then & WHO != 0 && at(i + 3) & SINGULAR_VERB != 0
            {
                self.relative_clause(p, w, i, out);
            }
            if next & COMMA != 0 && then & (WHO | WHICH) != 0 && at(i + 3) & PLURAL_VERB != 0 {
                self.singular_relative(p, w, i, out);
            }
            if this & ONE != 0 {
                self.singular_determiner(p, w, i, this, out);
            }
            if this & (THESE | THIS) != 0 {
                self.demonstrative(p, w, i, this, out);
            }
            if next & SINGULAR_VERB != 0 {
                self.subject_verb(p, w, i, out);
            }
            if this & NUMBER != 0 {
                self.number_noun(p, w, i, out);
            }
        }
    }
}

// What a token can be in the checks' frames, as bits (`token_facts::Fact::class`): each
// token's text is matched once, not by six checks at every word (which cost more than the
// rest of the rule).
pub(super) const COMMA: u16 = 1;
const WHO: u16 = 1 << 1;
const WHICH: u16 = 1 << 2;
/// A verb for a singular subject that has a plural: "was", "shows".
const SINGULAR_VERB: u16 = 1 << 3;
/// An auxiliary for a plural subject that has a singular: "were", "have".
const PLURAL_VERB: u16 = 1 << 4;
/// A determiner of one thing: "a", "every", "each".
const ONE: u16 = 1 << 5;
/// One of those that can stand alone as a pronoun: "one", "each", "another".
const ONE_PRONOUN: u16 = 1 << 6;
/// "A" or "An", the article only at a sentence start.
const CAPITAL_A: u16 = 1 << 7;
const THESE: u16 = 1 << 8;
const THIS: u16 = 1 << 9;
/// One of [`NUMBER_WORDS`].
pub(super) const NUMBER: u16 = 1 << 10;

/// The words of each class but [`NUMBER`], which is case-blind ([`is_number_word`]) and
/// [`class_words`] gives in lower case.
const CLASS_WORDS: [(&[&str], u16); 8] = [
    (&[","], COMMA),
    (&["who"], WHO),
    (&["which"], WHICH),
    (&["a", "an", "every", "Every"], ONE),
    (&["A", "An"], ONE | CAPITAL_A),
    (
        &["one", "each", "another", "One", "Each", "Another"],
        ONE | ONE_PRONOUN,
    ),
    (&["these", "These", "those", "Those"], THESE),
    (&["this", "This"], THIS),
];

/// Every class word as written, with its class: the words of [`CLASS_WORDS`], the verbs
/// with their other number, and the number words in lower case (their class is case-blind:
/// [`is_number_word`]). `token_facts` finds each token's class in a table of them.
pub(super) fn class_words() -> impl Iterator<Item = (&'static str, u16)> {
    let verbs: [(&[(&str, &str)], u16); 2] =
        [(&PLURAL_OF, SINGULAR_VERB), (&SINGULAR_OF, PLURAL_VERB)];
    let verbs = verbs
        .into_iter()
        .flat_map(|(pairs, class)| pairs.iter().map(move |&(verb, _)| (verb, class)));
    let words = CLASS_WORDS
        .iter()
        .flat_map(|&(words, class)| words.iter().map(move |&word| (word, class)));
    let numbers = NUMBER_WORDS.iter().map(|&word| (word, NUMBER));
    words.chain(verbs).chain(numbers)
}

/// A plural noun at `w[i]` with a singular `verb`. The verb is fixed unless the noun may be
/// the damaged word: a single person's age ("the 24-year-old Spaniards, who was") or a
/// capitalised group name.
fn verb_clash(p: &Paragraph, w: &[&Token], i: usize, verb: &Token, fixed: &str) -> Diagnostic {
    let noun = p.token_text(w[i]);
    let aged = w[i.saturating_sub(3)..i]
        .iter()
        .any(|t| p.token_text(t) == "old");
    let message = format!(
        "\"{noun}\" is plural, so the verb should be \"{fixed}\", not \"{}\".",
        p.token_text(verb)
    );
    let d = Diagnostic::new(META.id, META.severity, w[i].start()..verb.end(), message);
    if aged || !is_lower(noun) && !starts_sentence(p, w, i) {
        d
    } else {
        d.with_fix(Fix::new(verb.span(), fixed))
    }
}

/// Plural auxiliaries after "who" and their singulars: "have" → "has".
const SINGULAR_OF: [(&str, &str); 9] = [
    ("were", "was"),
    ("are", "is"),
    ("have", "has"),
    ("weren't", "wasn't"),
    ("weren\u{2019}t", "wasn't"),
    ("aren't", "isn't"),
    ("aren\u{2019}t", "isn't"),
    ("haven't", "hasn't"),
    ("haven\u{2019}t", "hasn't"),
];

fn singular_verb(verb: &str) -> Option<&'static str> {
    SINGULAR_OF
        .iter()
        .find(|(v, _)| *v == verb)
        .map(|&(_, s)| s)
}

/// A word for a person by its ending ("radiographer", "lobbyist", "librarian"), which a
/// number before it must make plural. Common words with those endings are not persons.
fn is_agent_noun(word: &str) -> bool {
    const NOT_AGENTS: &[&str] = &[
        "other", "former", "latter", "together", "either", "neither", "whether", "rather", "after",
        "later", "earlier", "further", "never", "ever", "over", "under", "per", "major", "minor",
        "senior", "junior", "prior", "inner", "outer", "upper", "lower", "another", "daughter",
        "quarter", "whatever", "however", "wider", "longer", "greater", "higher", "bigger",
        "smaller", "larger", "better", "faster", "stronger", "fewer", "lesser", "clever",
    ];
    word.len() >= 6
        && ["er", "or", "ist", "ian"].iter().any(|e| word.ends_with(e))
        && !NOT_AGENTS.contains(&word)
}

/// A count above one: "two", "12", "1,000"; not a year ("in 2019 news was").
fn is_count(word: &str) -> bool {
    let digits = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit() || b == b',');
    let year = word.len() == 4 && (word.starts_with('1') || word.starts_with('2'));
    is_number_word(word) || digits && word != "1" && !year
}

/// Verbs for a singular subject and their plurals: auxiliaries ("was" → "were") and common
/// verbs in the third person ("shows" → "show").
const PLURAL_OF: [(&str, &str); 28] = [
    ("was", "were"),
    ("is", "are"),
    ("has", "have"),
    ("does", "do"),
    ("wasn't", "weren't"),
    ("wasn\u{2019}t", "weren't"),
    ("isn't", "aren't"),
    ("isn\u{2019}t", "aren't"),
    ("hasn't", "haven't"),
    ("hasn\u{2019}t", "haven't"),
    ("shows", "show"),
    ("suggests", "suggest"),
    ("remains", "remain"),
    ("seems", "seem"),
    ("appears", "appear"),
    ("indicates", "indicate"),
    ("continues", "continue"),
    ("says", "say"),
    ("wants", "want"),
    ("believes", "believe"),
    ("thinks", "think"),
    ("lives", "live"),
    ("works", "work"),
    ("knows", "know"),
    ("claims", "claim"),
    ("warns", "warn"),
    ("doesn't", "don't"),
    ("doesn\u{2019}t", "don't"),
];

fn plural_verb(verb: &str) -> Option<&'static str> {
    PLURAL_OF.iter().find(|(v, _)| *v == verb).map(|&(_, p)| p)
}

fn is_lower(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// Consecutive tokens separated by nothing but plain spaces (a comma touches its word).
fn adjacent(p: &Paragraph, w: &[&Token]) -> bool {
    w.windows(2).all(|pair| {
        let gap = &p.text[pair[0].end()..pair[1].start()];
        gap.chars().all(|c| c == ' ') && gap.len() <= 1
    })
}

/// Whether the noun at `i` ends its phrase: punctuation, a function word, or the end.
fn ends_phrase(p: &Paragraph, w: &[&Token], i: usize, and_or: bool) -> bool {
    let Some(next) = w.get(i + 1) else {
        return true;
    };
    if next.start() != w[i].end() && p.text[w[i].end()..next.start()].contains(['\n', '\r']) {
        return true;
    }
    let text = p.token_text(next);
    match next.kind {
        TokenKind::Punct => next.start() == w[i].end() && CLOSERS.contains(&text),
        // A past participle closes the phrase too: "each economists surveyed".
        TokenKind::Word => {
            FOLLOWERS.contains(&text)
                || and_or && matches!(text, "and" | "or" | "but")
                // "a new passports and a visa": "and" then a determiner joins two phrases,
                // where "a drugs and alcohol problem" joins two modifiers.
                || matches!(text, "and" | "or")
                    && w.get(i + 2).is_some_and(|t| {
                        matches!(
                            p.token_text(t),
                            "a" | "an" | "the" | "his" | "her" | "their" | "its" | "our" | "this"
                        )
                    })
                || text.len() > 4 && text.ends_with("ed") && is_lower(text)
        }
        _ => false,
    }
}

/// "this reforms are": a verb after the word shows that it is a noun, not a verb.
fn verb_follows(p: &Paragraph, w: &[&Token], i: usize) -> bool {
    w.get(i + 1).is_some_and(|t| {
        matches!(
            p.token_text(t),
            "was"
                | "were"
                | "is"
                | "are"
                | "has"
                | "have"
                | "will"
                | "would"
                | "must"
                | "can"
                | "could"
                | "should"
                | "may"
                | "might"
        )
    })
}

/// A capital "A" mid-sentence is a letter ("Category A prisoners"), not the article.
fn starts_sentence(p: &Paragraph, w: &[&Token], i: usize) -> bool {
    let start = w[i].start();
    match i.checked_sub(1).map(|k| w[k]) {
        None => true,
        Some(prev) => {
            p.sentences.iter().any(|s| s.start == start)
                || matches!(
                    p.token_text(prev),
                    "." | "!" | "?" | ":" | "\"" | "\u{201C}"
                )
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

    /// A token's class is what matching it against every class's words says: the listed
    /// words in their own case, the number words in any case.
    #[test]
    fn classes_are_the_listed_words() {
        use super::*;
        let verbs = PLURAL_OF.iter().chain(&SINGULAR_OF).map(|&(verb, _)| verb);
        let listed = CLASS_WORDS
            .iter()
            .flat_map(|&(words, _)| words.iter().copied());
        let mut tokens: Vec<String> = listed.chain(verbs).map(String::from).collect();
        for word in NUMBER_WORDS {
            tokens.extend([word.to_string(), word.to_uppercase(), format!("{word}s")]);
            let mut odd: Vec<char> = word.chars().collect();
            odd[1] = odd[1].to_ascii_uppercase();
            tokens.push(odd.into_iter().collect());
        }
        tokens.extend(["the", "The", "tea", "Whose", "", ".", "\u{e9}t\u{e9}"].map(String::from));
        for token in &tokens {
            let mut expected = 0;
            for &(words, class) in &CLASS_WORDS {
                if words.contains(&token.as_str()) {
                    expected |= class;
                }
            }
            for (pairs, class) in [
                (&PLURAL_OF[..], SINGULAR_VERB),
                (&SINGULAR_OF[..], PLURAL_VERB),
            ] {
                if pairs.iter().any(|&(verb, _)| verb == token) {
                    expected |= class;
                }
            }
            if is_number_word(token) {
                expected |= NUMBER;
            }
            let kind = if token.starts_with(char::is_alphabetic) {
                TokenKind::Word
            } else {
                TokenKind::Punct
            };
            assert_eq!(
                super::super::token_facts::fact(token, kind).class,
                expected,
                "{token}"
            );
        }
    }

    fn agreement(text: &str) -> usize {
        Engine::default()
            .lint(text, DocKind::Text)
            .iter()
            .filter(|d| d.rule == super::META.id)
            .count()
    }

    /// The first-letter and length prefilter lets every listed number word through, in any case.
    #[test]
    fn number_words_pass_the_first_letter_filter() {
        use super::{is_number_word, NUMBER_WORDS};
        for word in NUMBER_WORDS {
            assert!(is_number_word(word), "{word}");
            assert!(is_number_word(&word.to_uppercase()), "{word}");
        }
        for word in ["the", "", "1", "twos", "\u{e9}t\u{e9}"] {
            assert!(!is_number_word(word), "{word}");
        }
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn generality() {
        assert_eq!(
            agreement("The striking nurses, who is demanding more pay, marched."),
            1
        );
        assert_eq!(agreement("Every inquiries must be answered."), 1);
        assert_eq!(agreement("She signed an annual contracts, then left."), 1);
        assert_eq!(agreement("Those witness were never called."), 1);
        assert_eq!(agreement("Investors who has sold shares lost out."), 1);
        assert_eq!(agreement("The choir's four singers has left."), 1);
        assert_eq!(agreement("In March, the latest surveys shows a dip."), 1);
        assert_eq!(agreement("She said both of the nurses was tired."), 1);
        assert_eq!(agreement("Police said the five robber escaped."), 1);
        assert_eq!(agreement("The young Canadians, who was unbeaten, lost."), 1);
        // The noun may be the damaged word: reported, but the verb is not changed.
        let found = Engine::default().lint(
            "The 30-year-old singers, who was born here, wept.",
            DocKind::Text,
        );
        assert!(found
            .iter()
            .any(|d| d.rule == super::META.id && d.fixes.is_empty()));
        assert_eq!(agreement("Critics say the proposals is unworkable."), 1);
        assert_eq!(agreement("The three cantons has agreed."), 1);
        assert_eq!(agreement("Every nurses they asked agreed."), 1);
        assert_eq!(
            agreement("Dozens of nurses was hurt; these finding worry doctors."),
            2
        );
        assert_eq!(
            agreement("Volunteers, who says the sea is rough, closed it."),
            1
        );
        assert_eq!(agreement("They hired five plumber from Poland."), 1);
        assert_eq!(agreement("She signed a new contracts and a waiver."), 1);
        assert_eq!(agreement("It was a drugs and weapons case."), 0);
        assert_eq!(agreement("A local farmer, who have lost cattle, spoke."), 1);
        assert_eq!(
            agreement("The museum, which were opened in 1880, is closed."),
            1
        );
        assert_eq!(agreement("Each economists surveyed expected a cut."), 1);
        assert_eq!(
            agreement("One registers at the desk; each consists of two parts."),
            0
        );
    }

    #[test]
    fn invariant_and_compound_nouns_stay_silent() {
        for text in [
            "A species of frog and a means of escape were found at the headquarters.",
            "The media, which was slow to react, and the data, which is public.",
            "It was a sports car, a savings account and a customs officer.",
            "A Category A prisoners unit opened.",
            "A years-long inquiry and a teachers' union and a women's shelter.",
            "These data show rises; those police who were there.",
            "One of the nurses who was present said so.",
            "Each costs five pounds; one says little.",
            "He told reporters that was a mistake.",
            "These kind of mistakes, this week and those days.",
            "Mr Woods, who was there, and Ms Jones, who is not.",
            "The cost of the repairs was high; among the guests was a judge.",
            "Two years is a long time, and the last three months has been hard.",
            "One of the workers was hurt; each of the players is fit; none of the banks is safe.",
            "He is six foot tall and the two sides, which is rare, agreed.",
            "The Evans family and the Williams sisters, who were there.",
            "A usage error stops a reader's findings and a city’s streets.",
            "They are a proud people, one people under one flag.",
            "The family, who were asleep, escaped; his wife and son, who were out, did not.",
            "The mother of the victim, who were both at home, spoke. Both the coach and manager, who are new, agreed.",
            "The bus was late; two of us were cold; the crisis, as it were, passed.",
            "The two former were close; both together in Rome; twelve under par and the three other men.",
            "In 2019 news was scarce, and by 2021 sales is what mattered; the two series is odd.",
            "Rangers was fined. Chelsea is top. Athens is near; the Netherlands is flat.",
            "Among the victims was a girl, and behind the protests is anger.",
        ] {
            assert_eq!(agreement(text), 0, "{text}");
        }
    }
}
