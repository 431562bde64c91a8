//! `phrasing/word-salad`: syntax broken the way article spinners break it, in a few frames
//! that careful English never produces: a verb form used as a noun after a determiner ("the
//! starring became"), an article before a bare verb ("a accept the offer"), an adjective
//! after its noun ("of diplomacy traditional."), and a stray "the" between an adjective and
//! its noun ("normalisation of strained the relations"). Word classes come from the WordNet
//! lexicon in rules/pos.tsv; a frame fires only when every word in it is unambiguous.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

use serde::Deserialize;

use super::pos::{self, ADJ, NOUN, VERB};
use super::table_hash::hash_bytes;
use super::token_facts::{Fact, Tokens};
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
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
        Example::bad("The starring became the talk of the festival."),
        Example::bad("He refused a accept the offer from the club."),
        Example::bad("In a statement lengthy released on Friday, the envoy resigned."),
        Example::bad("She called it a plan ambitious hugely in its reach."),
        Example::bad("The court heard from the witness key on Tuesday."),
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

pub struct WordSalad {
    /// Listed adjective–noun phrases, reversed: noun → the adjectives that precede it.
    reversed: FxHashMap<String, Vec<String>>,
    /// The words of `reversed` with their [`List`] bits: the other lists are fixed, and
    /// `token_facts` finds them with each word's tags.
    reversed_words: Reversed,
}

/// Word → its [`List`] bits, open-addressed and probed from the `table_hash::hash_bytes` of
/// its lower case, which [`super::token_facts::Fact::hash`] keeps: a slot holding another word is passed over on
/// its hash alone.
struct Reversed {
    /// Index into `entries` plus one, 0 for empty.
    slots: Vec<u32>,
    /// The word, its hash and its list bits.
    entries: Vec<(Box<str>, u64, u16)>,
}

impl Reversed {
    fn new(words: FxHashMap<Box<str>, u16>) -> Reversed {
        // A quarter full or less: most words are in no pair, and their probe mostly ends at the
        // first slot.
        let mut slots = vec![0u32; (words.len() * 4).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        let mut entries = Vec::with_capacity(words.len());
        for (word, bits) in words {
            let hash = hash_bytes(word.as_bytes());
            let mut slot = hash as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            entries.push((word, hash, bits));
            slots[slot] = entries.len() as u32;
        }
        Reversed { slots, entries }
    }

    /// The list bits of the word whose lower case hashes to `hash`; `is_lower` tells whether a
    /// listed word of that hash is its lower case. Word-salad asks at nearly every word, and
    /// most words' first slot is empty: that test is inlined where it asks, the probe is not.
    #[inline(always)]
    fn bits(&self, hash: u64, is_lower: impl Fn(&str) -> bool) -> u16 {
        let mask = self.slots.len() - 1;
        let slot = hash as usize & mask;
        if self.slots[slot] == 0 {
            return 0;
        }
        self.probe(slot, hash, is_lower)
    }

    /// [`Reversed::bits`] from `slot` on.
    #[inline(never)]
    fn probe(&self, mut slot: usize, hash: u64, is_lower: impl Fn(&str) -> bool) -> u16 {
        let mask = self.slots.len() - 1;
        loop {
            let Some(entry) = self.slots[slot].checked_sub(1) else {
                return 0;
            };
            let (listed, h, bits) = &self.entries[entry as usize];
            if *h == hash && is_lower(listed) {
                return *bits;
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[derive(Deserialize)]
struct Collocations {
    noun_phrases: Vec<String>,
    accepted: Vec<String>,
}

impl WordSalad {
    /// The noun phrases of rules/collocations.toml give "public prosecutor", so "prosecutor
    /// public" is salad — unless the reversed pair is itself listed or accepted.
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Collocations = data.load("collocations")?;
        let listed: FxHashSet<String> = data
            .noun_phrases
            .iter()
            .chain(&data.accepted)
            .map(|s| s.to_lowercase())
            .collect();
        let mut reversed: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let mut lists: FxHashMap<Box<str>, u16> = FxHashMap::default();
        for phrase in data.noun_phrases.iter().map(|s| s.to_lowercase()) {
            let Some((adjective, noun)) = phrase.split_once(' ') else {
                continue;
            };
            let pair_ok = !noun.contains(' ')
                && !adjective.contains('-')
                && adjective.len() > 2
                && (pos::tags(adjective) & ADJ != 0 || comparative(adjective))
                && (pos::tags(noun) & NOUN != 0
                    || noun
                        .strip_suffix('s')
                        .is_some_and(|n| pos::tags(n) & NOUN != 0))
                && !listed.contains(&format!("{noun} {adjective}"));
            if pair_ok {
                *lists.entry(noun.into()).or_default() |= 1 << List::ReversedNoun as u16;
                *lists.entry(adjective.into()).or_default() |= 1 << List::ReversedAdjective as u16;
                reversed
                    .entry(noun.to_string())
                    .or_default()
                    .push(adjective.to_string());
            }
        }
        Ok(WordSalad {
            reversed,
            reversed_words: Reversed::new(lists),
        })
    }

    /// Whether `b c`, the words `j` and `j + 1` of `w`, are a listed adjective–noun phrase the
    /// wrong way round.
    fn is_reversed_phrase(&self, w: &Words, j: usize, b: &Word, c: &Word) -> bool {
        // Most words are in no reversed pair: only those are looked up further.
        w.reversed_bits(j) & 1 << List::ReversedNoun as u16 != 0
            && w.reversed_bits(j + 1) & 1 << List::ReversedAdjective as u16 != 0
            && c.joined
            && b.punct_after.is_none()
            && c.punct_after != Some('-')
            && !w
                .before(j, b)
                .is_some_and(|x| x.in_list(List::ObjectComplement) || x.in_list(List::ToOrModal))
            && self
                .reversed
                .get(b.lower().as_ref())
                .is_some_and(|adjectives| adjectives.iter().any(|a| *a == c.lower()))
    }
}

/// The lists the checks ask about, by [`List`]; `token_facts` finds the words of each.
pub(super) const LISTED: [&[&str]; 11] = [
    DETERMINERS,
    PREPOSITIONS,
    DEGREE,
    OBJECT_COMPLEMENT,
    FINITE,
    NOMINAL_ING,
    POSTPOSITIVE,
    QUANTIFIERS,
    IRREGULAR_PARTICIPLES,
    &["a", "an", "the"],
    &["to", "will", "would"],
];

#[derive(Clone, Copy)]
enum List {
    Determiners,
    Prepositions,
    Degree,
    ObjectComplement,
    Finite,
    NominalIng,
    Postpositive,
    Quantifiers,
    IrregularParticiples,
    Articles,
    /// Before which a noun and adjective are a verb and its complement: "to house lower".
    ToOrModal,
    /// The nouns of [`WordSalad::reversed`].
    ReversedNoun,
    /// The adjectives of [`WordSalad::reversed`].
    ReversedAdjective,
}

/// Determiners that cannot be pronouns ("that changed the way" is a relative clause).
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "their", "its", "our", "my", "your"];

/// Finite verbs that show the word before them was meant as a subject noun.
const FINITE: &[&str] = &[
    "was", "were", "is", "are", "became", "becomes", "has", "had", "have", "will", "would",
    "could", "can", "should", "may", "might", "remains", "remained", "seemed", "seems", "proved",
    "made", "led", "drew", "brought", "won", "earned", "helped", "caused",
];

/// Prepositions after which an adjective-noun phrase must begin.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "for", "to", "by", "from", "about", "at", "into", "over", "under", "between",
    "among", "after", "before", "during", "against", "towards", "toward",
];

/// -ing adjectives that English uses as nouns after "the": "the remaining were freed".
const NOMINAL_ING: &[&str] = &[
    "following",
    "remaining",
    "missing",
    "dying",
    "living",
    "starving",
    "ageing",
    "aging",
    "unemployed",
    "undersigned",
    "wounding",
    "outgoing",
    "incoming",
    "upcoming",
    "ongoing",
    "attacking",
    "defending",
    "accompanying",
    "foregoing",
    "preceding",
    "undying",
    "caring",
];

/// Adjectives English places after a noun: "the people responsible", "the costs involved".
const POSTPOSITIVE: &[&str] = &[
    "general",
    "elect",
    "apparent",
    "designate",
    "emeritus",
    "extraordinary",
    "proper",
    "galore",
    "aplenty",
    "incarnate",
    "alive",
    "available",
    "possible",
    "responsible",
    "present",
    "involved",
    "concerned",
    "alone",
    "aloft",
    "ablaze",
    "afloat",
    "asleep",
    "awake",
    "aware",
    "able",
    "unable",
    "free",
    "whole",
    "intact",
    "unchanged",
    "unclear",
    "unknown",
    "due",
    "eligible",
    "affected",
    "adjacent",
    "imaginable",
    "inclusive",
    "exclusive",
    "accused",
    "ago",
    "abroad",
    "overall",
    "notwithstanding",
    "ahead",
    "else",
    "enough",
    "necessary",
    "required",
    "needed",
    "sufficient",
    "ready",
    "worth",
    "alike",
    "apart",
    "aside",
    "away",
    "together",
    "naked",
    "unaware",
    "inside",
    "outside",
    "nearby",
];

/// Words WordNet calls adjectives that stand before "the": "both the", "all the".
const QUANTIFIERS: &[&str] = &[
    "both", "all", "half", "such", "only", "many", "few", "several", "enough", "whole", "just",
    "even", "quite", "rather", "twice", "double", "triple", "what", "which",
];

/// Past participles without "-ed" or "-en": "numbers made by", "a house built in 1900".
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "made", "held", "built", "sold", "told", "paid", "found", "left", "kept", "lost", "won",
    "sent", "spent", "bought", "brought", "taught", "caught", "thought", "shot", "set", "put",
    "cut", "hit", "shut", "run", "done", "gone", "led", "fed", "met", "read", "heard", "laid",
    "said", "struck", "hung", "dug", "spun", "stuck", "bound", "wound", "meant", "felt", "dealt",
];

/// Degree adverbs, which English puts before the adjective they grade.
const DEGREE: &[&str] = &[
    "hugely",
    "highly",
    "extremely",
    "deeply",
    "vastly",
    "utterly",
    "fiercely",
    "bitterly",
    "wildly",
    "incredibly",
    "remarkably",
    "immensely",
    "enormously",
    "intensely",
    "thoroughly",
    "exceedingly",
    "tremendously",
    "profoundly",
    "desperately",
];

/// Verbs that take an object and its complement: "found the staff unhappy".
const OBJECT_COMPLEMENT: &[&str] = &[
    "find",
    "finds",
    "found",
    "finding",
    "make",
    "makes",
    "made",
    "making",
    "keep",
    "keeps",
    "kept",
    "keeping",
    "leave",
    "leaves",
    "left",
    "leaving",
    "consider",
    "considers",
    "considered",
    "deem",
    "deems",
    "deemed",
    "declare",
    "declares",
    "declared",
    "rule",
    "rules",
    "ruled",
    "prove",
    "proves",
    "proved",
    "render",
    "renders",
    "rendered",
    "think",
    "thinks",
    "thought",
    "believe",
    "believed",
    "hold",
    "holds",
    "held",
    "judge",
    "judged",
    "pronounce",
    "pronounced",
    "get",
    "gets",
    "got",
    "want",
    "wants",
    "wanted",
    "like",
    "liked",
    "prefer",
    "preferred",
    "see",
    "saw",
    "seen",
    "set",
    "paint",
    "painted",
    "call",
    "calls",
    "called",
    "drive",
    "drove",
    "driven",
    "turn",
    "turned",
    "push",
    "pushed",
];

/// One word token. Its lower case is looked up as the word is read and made again only
/// where a check reads it: made for every capitalised word it was a tenth of the rule.
struct Word<'a> {
    start: usize,
    text: &'a str,
    /// Whether the lower case differs from `text`.
    upper: bool,
    /// [`pos::tags`] of the lower case, looked up once: the checks ask for them at every word.
    tags: u8,
    /// The [`List`]s holding the lower case, as bits.
    lists: u16,
    /// The previous token before any space is the previous word (no punctuation between).
    joined: bool,
    /// The first non-space character after the word, when it is punctuation.
    punct_after: Option<char>,
}

impl<'a> Word<'a> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    fn lower(&self) -> Cow<'a, str> {
        if self.upper {
            Cow::Owned(self.text.to_lowercase())
        } else {
            Cow::Borrowed(self.text)
        }
    }

    fn is(&self, list: &[&str]) -> bool {
        list.contains(&self.lower().as_ref())
    }

    fn tags(&self) -> u8 {
        self.tags
    }

    fn in_list(&self, list: List) -> bool {
        self.lists & (1 << list as u16) != 0
    }

    fn capitalised(&self) -> bool {
        self.upper && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A paragraph's words read from its [`Tokens`] where a check asks for them: a frame opens at
/// few words, and a `Vec` of every word was made per paragraph to walk it.
struct Words<'p, 'a> {
    p: &'p Paragraph,
    tokens: &'a Tokens<'p>,
    reversed: &'a Reversed,
}

impl<'p> Words<'p, '_> {
    fn is_word(&self, j: usize) -> bool {
        self.tokens
            .solid
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// The [`List::ReversedNoun`] and [`List::ReversedAdjective`] bits of the word at `j`.
    fn reversed_bits(&self, j: usize) -> u16 {
        let fact = &self.tokens.facts[j];
        // Listed words are common ("public", "house"): only a capitalised one is lower-cased.
        self.reversed.bits(fact.hash, |listed| {
            let text = self.p.token_text(self.tokens.solid[j]);
            if fact.upper {
                text.to_lowercase() == listed
            } else {
                text == listed
            }
        })
    }

    /// The word at `j` of the paragraph's tokens other than spaces, if that token is one.
    fn get(&self, j: usize) -> Option<Word<'p>> {
        if !self.is_word(j) {
            return None;
        }
        let (t, fact) = (self.tokens.solid[j], &self.tokens.facts[j]);
        let punct_after = match self.tokens.solid.get(j + 1) {
            Some(next) if next.kind == TokenKind::Punct => self.p.token_text(next).chars().next(),
            _ => None,
        };
        Some(Word {
            start: t.start(),
            text: self.p.token_text(t),
            upper: fact.upper,
            tags: fact.tags,
            lists: fact.lists,
            joined: j > 0 && self.is_word(j - 1),
            punct_after,
        })
    }

    /// The word joined to `word`, the word at `j`, before it.
    fn before(&self, j: usize, word: &Word) -> Option<Word<'p>> {
        if word.joined {
            self.get(j - 1)
        } else {
            None
        }
    }

    /// Whether a frame may open at `j`: what each frame asks first of its words, from their
    /// facts' bits, so most words cost a bit test. Every frame needs the word after `j` joined
    /// to it.
    fn may_open(&self, j: usize) -> bool {
        if !self.is_word(j) || !self.is_word(j + 1) {
            return false;
        }
        let (a, b) = (&self.tokens.facts[j], &self.tokens.facts[j + 1]);
        let held = |fact: &Fact, list: List| fact.lists & 1 << list as u16 != 0;
        held(a, List::Determiners) && (b.tags == ADJ || b.tags == VERB)
            || held(a, List::Prepositions)
                && self.is_word(j + 2)
                && self.is_word(j + 3)
                && held(&self.tokens.facts[j + 2], List::Articles)
            || a.tags == ADJ && held(b, List::Degree)
            || b.tags & NOUN != 0
                && !held(b, List::Determiners)
                && self.is_word(j + 2)
                && (held(a, List::Determiners)
                    || a.tags & (NOUN | ADJ) != 0
                        && (!self.is_word(j.wrapping_sub(1))
                            || held(&self.tokens.facts[j - 1], List::Determiners)))
            || self.reversed_bits(j) & 1 << List::ReversedNoun as u16 != 0
                && self.reversed_bits(j + 1) & 1 << List::ReversedAdjective as u16 != 0
    }
}

/// `a` a determiner (or a modifier after one, `before`), `b` a noun, `c` an adjective-only
/// word or a superlative, and then (`d`) a word that cannot continue an adjective phrase
/// ("released", "since", "by", a full stop): "a statement lengthy released".
fn reversed_adjective(w: &Words, j: usize, a: &Word, b: &Word, c: &Word) -> bool {
    // The cheapest tests first: most words are no noun before an unpunctuated word.
    if b.tags() & NOUN == 0
        || b.punct_after.is_some()
        || !(b.joined && c.joined)
        || b.capitalised()
        || c.capitalised()
        || b.in_list(List::Determiners)
    {
        return false;
    }
    let before = w.before(j, a);
    let after_determiner = before
        .as_ref()
        .is_some_and(|x| x.in_list(List::Determiners));
    let opens = a.in_list(List::Determiners)
        || a.tags() & (NOUN | ADJ) != 0 && (!a.joined || after_determiner);
    if !opens
        || before.is_some_and(|x| x.in_list(List::ObjectComplement))
        || a.in_list(List::ObjectComplement)
    {
        return false;
    }
    // Participles follow nouns in good English ("a ceremony attended by"), so not those.
    let c_lower = c.lower();
    let participle =
        c_lower.ends_with("ed") || c_lower.ends_with("en") || c.in_list(List::IrregularParticiples);
    let adjective =
        c.tags() == ADJ && !c.in_list(List::Postpositive) && !participle || superlative(&c_lower);
    if !adjective {
        return false;
    }
    match (c.punct_after, w.get(j + 3).filter(|d| d.joined)) {
        (Some(ch), _) => matches!(ch, '.' | ';') && superlative(&c_lower),
        (None, Some(d)) => {
            d.is(&["since", "by", "released", "published", "issued"])
                || d.lower().ends_with("ed") && d.tags() & VERB != 0 && d.tags() & ADJ == 0
        }
        (None, None) => false,
    }
}

/// "lower", "higher": a comparative of an adjective WordNet knows (it lists only lemmas).
fn comparative(word: &str) -> bool {
    word.strip_suffix("er")
        .is_some_and(|stem| stem.len() >= 2 && pos::tags(stem) & ADJ != 0)
}

/// "biggest", "fastest", "finest": a superlative of an adjective WordNet knows.
fn superlative(word: &str) -> bool {
    let Some(stem) = word.strip_suffix("est") else {
        return false;
    };
    let is_adj = |s: &str| pos::tags(s) & ADJ != 0;
    let undoubled =
        stem.len() >= 3 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
    stem.len() >= 2
        && (is_adj(stem)
            || is_adj(&format!("{stem}e"))
            || undoubled && is_adj(&stem[..stem.len() - 1])
            || stem
                .strip_suffix('i')
                .is_some_and(|s| is_adj(&format!("{s}y"))))
        && !matches!(
            word,
            "honest" | "modest" | "earnest" | "interest" | "protest" | "forest"
        )
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

    fn check_paragraph(&self, p: &Paragraph, shared: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        let w = Words {
            p,
            tokens: shared.tokens(),
            reversed: &self.reversed_words,
        };
        for j in 0..w.tokens.solid.len() {
            if w.may_open(j) {
                self.check_at(&w, j, out);
            }
        }
    }
}

impl WordSalad {
    /// The frames opening at the word `j` of `w`: at most one finding.
    fn check_at(&self, w: &Words, j: usize, out: &mut Vec<Diagnostic>) {
        let p = w.p;
        let flag = |out: &mut Vec<Diagnostic>, from: &Word, to: &Word, why: &str| {
            let text = &p.text[from.start..to.end()];
            out.push(Diagnostic::new(
                META.id,
                META.severity,
                from.start..to.end(),
                format!("\"{text}\" looks machine-spun: {why}."),
            ));
        };
        let at = |k: usize| w.get(j + k).filter(|x| k == 0 || x.joined);
        let (Some(a), Some(b)) = (at(0), at(1)) else {
            return;
        };
        let (a, b, c) = (&a, &b, at(2));
        let c = c.as_ref();
        // The starring became: a verb's -ing form as the subject noun.
        if a.in_list(List::Determiners)
            && !b.capitalised()
            && b.tags() == ADJ
            && !b.in_list(List::NominalIng)
            && b.punct_after.is_none()
            && ing_verb(&b.lower())
            && c.is_some_and(|c| c.in_list(List::Finite))
        {
            let c = c.unwrap_or(b);
            let why = format!("\"{}\" is a verb form standing where a noun should", b.text);
            flag(out, a, c, &why);
            return;
        }
        // A accept the offer: an article before a bare verb that then takes an object.
        if a.in_list(List::Articles)
            && !b.capitalised()
            && b.tags() == VERB
            && b.punct_after.is_none()
            && c.is_some_and(|c| c.in_list(List::Determiners) || c.is(&["him", "them", "it", "us"]))
        {
            let why = format!("an article stands before the verb \"{}\"", b.text);
            flag(out, a, b, &why);
            return;
        }
        // The prosecutor public: a listed phrase the wrong way round.
        if self.is_reversed_phrase(w, j, a, b) {
            let why = format!("English says \"{} {}\"", b.lower(), a.lower());
            flag(out, a, b, &why);
            return;
        }
        // A statement lengthy released: an adjective after its noun.
        if let Some(c) = c {
            if reversed_adjective(w, j, a, b, c) {
                let why = format!(
                    "the adjective \"{}\" follows its noun; English says \"{} {}\"",
                    c.text,
                    c.lower(),
                    b.lower()
                );
                flag(out, b, c, &why);
                return;
            }
        }
        // Ambitious hugely in: a degree adverb after the adjective it grades.
        if a.tags() == ADJ
            && b.in_list(List::Degree)
            && !a.capitalised()
            && a.punct_after.is_none()
            && (b
                .punct_after
                .is_some_and(|ch| matches!(ch, '.' | ',' | ';'))
                || c.is_some_and(|c| c.in_list(List::Prepositions)))
        {
            let why = format!("\"{}\" belongs before \"{}\"", b.text, a.text);
            flag(out, a, b, &why);
            return;
        }
        // Of strained the relations: a stray "the" between an adjective and its noun.
        if a.in_list(List::Prepositions) {
            if let (Some(the), Some(noun)) = (c, at(3).as_ref()) {
                // Not a gerund ("for changing the time") nor a quantifier ("both the").
                let b_lower = b.lower();
                let adjective = !b_lower.ends_with("ing")
                    && !b.in_list(List::Quantifiers)
                    && (b.tags() == ADJ
                        || b_lower.ends_with("ed") && b.tags() & (NOUN | VERB) != NOUN);
                if the.lower() == "the"
                    && adjective
                    && !b.capitalised()
                    && b.punct_after.is_none()
                    && noun.tags() & NOUN != 0
                    && !noun.capitalised()
                {
                    let text = &p.text[b.start..noun.end()];
                    out.push(
                        Diagnostic::new(
                            META.id,
                            META.severity,
                            b.start..noun.end(),
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

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::segment::{Block, Paragraph};

    #[test]
    fn a_word_is_in_a_list_when_the_list_holds_it() {
        use super::{List, WordSalad};
        let lists = [
            List::Determiners,
            List::Prepositions,
            List::Degree,
            List::ObjectComplement,
            List::Finite,
            List::NominalIng,
            List::Postpositive,
            List::Quantifiers,
            List::IrregularParticiples,
            List::Articles,
            List::ToOrModal,
        ];
        let rule = WordSalad::new(&crate::data::DataSet::embedded()).unwrap();
        let all: Vec<&str> = super::LISTED
            .iter()
            .flat_map(|l| l.iter().copied())
            .collect();
        let text = format!(
            "{} The Hugely Found Made word ofs Prosecutor public house Lower",
            all.join(" ")
        );
        let p = Paragraph::new(0, text, Block::Text);
        let tokens = super::super::Tokens::new(&p);
        let w = super::Words {
            p: &p,
            tokens: &tokens,
            reversed: &rule.reversed_words,
        };
        for (j, word) in (0..tokens.solid.len()).filter_map(|j| Some((j, w.get(j)?))) {
            let lower = word.lower();
            assert_eq!(word.tags, super::pos::tags(&lower), "{}", word.text);
            for (k, &list) in lists.iter().enumerate() {
                let held = super::LISTED[k].contains(&lower.as_ref());
                assert_eq!(word.in_list(list), held, "{} in list {k}", word.text);
            }
            let noun = rule.reversed.contains_key(lower.as_ref());
            let adjective = rule.reversed.values().flatten().any(|a| *a == lower);
            let held = |list: List| w.reversed_bits(j) & 1 << list as u16 != 0;
            assert_eq!(held(List::ReversedNoun), noun, "{}", word.text);
            assert_eq!(held(List::ReversedAdjective), adjective, "{}", word.text);
        }
    }

    proptest::proptest! {
        /// [`super::Words::may_open`] rules out no word where a frame finds something.
        #[test]
        fn no_finding_opens_where_ruled_out(
            // Each frame's words in order, and single words to break and join them.
            words in proptest::collection::vec(
                "(the starring became|a accept the|The accusing was|a dismiss him|\
                  a statement lengthy released|loss largest since|its quarterly loss largest since|its loss largest\\.|\
                  plan ambitious hugely in|witness key on|of strained the relations|\
                  in damaged the trust|of both the|house lower|prosecutor public|\
                  Prosecutor public|hours opening|to|found|made|remaining|responsible|\
                  Strained|Key|2009|\\.|,|;|-)",
                0..24,
            ),
        ) {
            use crate::segment::{Block, Paragraph};
            let rule = super::WordSalad::new(&crate::data::DataSet::embedded()).unwrap();
            let p = Paragraph::new(0, words.join(" "), Block::Text);
            let tokens = super::super::Tokens::new(&p);
            let w = super::Words { p: &p, tokens: &tokens, reversed: &rule.reversed_words };
            for j in 0..tokens.solid.len() {
                let mut out = Vec::new();
                rule.check_at(&w, j, &mut out);
                if !out.is_empty() {
                    proptest::prop_assert!(w.may_open(j), "{:?} at {j}", p.text);
                }
            }
        }
    }

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
            flagged("The accusing was sudden. The board voted a dismiss the coach."),
            vec!["The accusing was", "a dismiss"]
        );
        assert_eq!(
            flagged("Its quarterly loss largest since 2009 hurt. Ties of damaged the trust broke."),
            vec!["loss largest", "damaged the trust"]
        );
    }

    #[test]
    fn reversed_listed_phrases_with_plurals_and_comparatives() {
        assert_eq!(
            flagged("Members of the house lower objected. Museums trimmed their hours opening."),
            vec!["house lower", "hours opening"]
        );
        assert!(flagged("To house lower earners, the council cut hours, opening late.").is_empty());
    }

    #[test]
    fn ordinary_grammar_is_silent() {
        let text = "The meeting was short. His leaving was a shock to the staff. \
                    A building has collapsed. With the door open, she spoke of matters unknown. \
                    The attorney general spoke in terms plain enough. Of all the options, \
                    this was best. In recent years the town grew. As expected the vote passed. \
                    They found the staff unhappy. The restructuring is needed. The player \
                    closest to the ball scored, and the one fastest to react won. It was a \
                    plan ambitious enough, highly praised in its time. That changed the way \
                    he cooked. A service attended by many; the shop saved by locals. A statement released on Friday, a decision deeply felt.";
        assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    }
}
