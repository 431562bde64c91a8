//! Who said each quotation: a cue (a speech verb or phrase from `rules/cue-verbs.toml`) and
//! the speaker it names (a name, a title and name, a pronoun resolved to the last named
//! person, an organisation), looked for in the quotation's own sentence, then in the sentence
//! before or after. A passive frame with no agent ("was called ..." with no "by") is an answer
//! too: nobody.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::cues::{with_lower, Cues};
use super::quotes::Quote;
use crate::segment::{Paragraph, Token, TokenKind};

/// The speaker of a quotation and the words that attribute it, in document offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// As written, or for "he"/"she" the last named person before it.
    pub speaker: String,
    pub cue: String,
    pub speaker_span: Range<usize>,
    pub cue_span: Range<usize>,
}

const DETERMINERS: List = List::new(&[
    "the", "a", "an", "his", "her", "its", "their", "this", "that", "one", "another", "our",
]);
const BE: List = List::new(&["is", "are", "was", "were", "be", "been", "being"]);
/// Words that may sit between a speaker and the cue: "Smith also said", "she has told".
#[rustfmt::skip]
const BETWEEN: List = List::new(&[
    "also", "later", "then", "again", "once", "previously", "recently", "reportedly", "further",
    "earlier", "repeatedly", "subsequently", "simply", "only", "just", "even", "still", "often",
    "always", "never", "has", "have", "had", "will", "would", "could", "did", "does", "do", "may",
    "might", "now", "too", "herself", "himself", "themselves", "itself",
]);
/// Lower-case parts of names: "Ludwig van Beethoven", "Charles de Gaulle".
const PARTICLES: List = List::new(&[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "al", "bin", "ibn",
]);
/// Words that may follow an inverted speaker: "said the minister on Monday", "said Smith, who".
#[rustfmt::skip]
const AFTER_SPEAKER: List = List::new(&[
    "on", "in", "at", "after", "before", "during", "who", "when", "while", "as", "to", "from",
    "last", "this", "yesterday", "today", "tonight", "earlier", "later",
]);
/// Words before a capitalised run that make it a listener or a place rather than a person.
const NOT_PERSON_BEFORE: List = List::new(&[
    "told", "tells", "telling", "to", "on", "at", "in", "from", "by", "with", "for", "of", "into",
    "near", "across",
]);
#[rustfmt::skip]
const TIMES: List = List::new(&[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "yesterday", "today", "tonight", "week", "weekend", "morning", "evening", "night",
]);
#[rustfmt::skip]
const QUANTITIES: List = List::new(&[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many",
    "some", "most", "dozens", "hundreds",
]);
/// Words that cannot end a speaker's name or title.
const FUNCTION_WORDS: List = List::new(&[
    "as", "of", "to", "by", "for", "with", "from", "in", "on", "at", "and", "or", "but", "if",
    "than", "about", "into", "over", "after", "before", "not", "so",
]);
const RELATIVES: List = List::new(&["who", "which", "that"]);

/// A list of ASCII lower-case words, with a bit per length and, per first letter, a bit per
/// word starting with it: most words are in no list, and most of those are told so by two
/// bits; the others are compared only with the few words sharing their first letter.
struct List {
    words: &'static [&'static str],
    lengths: u64,
    /// Bits by the first byte's low five bits, the same for an ASCII letter in either case:
    /// bit `i` for `words[i]`.
    by_first: [u64; 32],
}

impl List {
    const fn new(words: &'static [&'static str]) -> List {
        let (mut lengths, mut by_first, mut i) = (0, [0u64; 32], 0);
        assert!(words.len() <= 64);
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty() && word.len() < 64);
            let mut b = 0;
            while b < word.len() {
                assert!(word[b].is_ascii() && !word[b].is_ascii_uppercase());
                b += 1;
            }
            lengths |= 1 << word.len();
            by_first[(word[0] & 31) as usize] |= 1 << i;
            i += 1;
        }
        List {
            words,
            lengths,
            by_first,
        }
    }
}

fn is_in(word: &str, list: &List) -> bool {
    // The lists are ASCII lower case, so an ASCII word is compared without copying it
    // lower-cased (only beyond ASCII may lower-casing change a word's length).
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        if bytes.len() >= 64 || list.lengths & (1 << bytes.len()) == 0 {
            return false;
        }
        let mut candidates = list.by_first[usize::from(first & 31)];
        while candidates != 0 {
            let listed = list.words[candidates.trailing_zeros() as usize];
            if listed.len() == bytes.len() && listed.eq_ignore_ascii_case(word) {
                return true;
            }
            candidates &= candidates - 1;
        }
        return false;
    }
    // Of the characters beyond ASCII only the Kelvin sign lower-cases to ASCII ("k"): a
    // word without one is in no list, and is not lower-cased to be told so.
    word.contains('\u{212A}') && with_lower(word, |w| list.words.contains(&w))
}

/// A weekday, a month or a word like "tonight": a date, never a speaker.
pub fn is_time(word: &str) -> bool {
    is_in(word, &TIMES)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The non-space tokens of one paragraph, with whether each lies inside a quotation: the
/// paragraph's own (a rule's), or its stretch of the document's (see [`attribute`]).
pub struct Words<'a> {
    pub p: &'a Paragraph,
    pub toks: Cow<'a, [Token]>,
    pub quoted: Cow<'a, [bool]>,
}

impl<'a> Words<'a> {
    /// `quotes` in document order; tokens inside any of them (marks included) are quoted.
    pub fn new(p: &'a Paragraph, quotes: &[Quote]) -> Words<'a> {
        let mut toks = Vec::with_capacity(p.tokens.len());
        let mut quoted = Vec::with_capacity(p.tokens.len());
        push_words(p, quotes, &mut toks, &mut quoted);
        Words {
            p,
            toks: Cow::Owned(toks),
            quoted: Cow::Owned(quoted),
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.p.text[t.start()..t.end()]
    }

    /// The word at `i`, if it is a word outside quotations.
    pub fn word(&self, i: usize) -> Option<&'a str> {
        (i < self.toks.len() && self.toks[i].kind == TokenKind::Word && !self.quoted[i])
            .then(|| self.text(i))
    }

    /// The word at `i`, if it is a capitalised word outside quotations: most words are told
    /// apart by their first byte, without cutting out their text.
    fn capitalised_word(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        let first = self.p.text.as_bytes()[t.start()];
        if t.kind != TokenKind::Word || self.quoted[i] || first.is_ascii_lowercase() {
            return None;
        }
        Some(self.text(i)).filter(|x| capitalised(x))
    }

    /// Whether token `i` is the punctuation `mark`, outside quotations.
    pub fn is_punct(&self, i: usize, mark: &str) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == TokenKind::Punct
            && !self.quoted[i]
            && self.text(i) == mark
    }

    /// The index of the first token starting at or after local byte `offset`.
    pub fn index_at(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.start() < offset)
    }

    /// Token indices `lo..hi` of the sentence holding local byte `offset`.
    pub fn sentence_of(&self, offset: usize) -> Range<usize> {
        match self.p.sentence_at(offset) {
            Some(s) => self.sentence(s),
            None => 0..self.len(),
        }
    }

    pub fn sentence(&self, s: usize) -> Range<usize> {
        let r = &self.p.sentences[s];
        self.index_at(r.start)..self.index_at(r.end)
    }

    /// Local byte span of tokens `from..=to`.
    fn span(&self, from: usize, to: usize) -> Range<usize> {
        self.toks[from].start()..self.toks[to].end()
    }
}

/// Append the non-space tokens of `p` to `toks`, and to `quoted` whether each lies inside
/// one of `quotes` (in document order, not overlapping).
fn push_words(p: &Paragraph, quotes: &[Quote], toks: &mut Vec<Token>, quoted: &mut Vec<bool>) {
    let from = toks.len();
    toks.extend(p.tokens.iter().filter(|t| !t.is_space()));
    let first = quotes.partition_point(|q| q.span.end <= p.start);
    let mut spans = quotes[first..].iter().map(|q| &q.span).peekable();
    // Most paragraphs hold no quotation: none of their words is quoted.
    if spans.peek().is_none_or(|s| s.start >= p.span().end) {
        quoted.resize(toks.len(), false);
        return;
    }
    // One sweep: tokens and quotations are both in order.
    quoted.extend(toks[from..].iter().map(|t| {
        let at = p.start + t.start();
        while spans.peek().is_some_and(|s| s.end <= at) {
            spans.next();
        }
        spans.peek().is_some_and(|s| s.start <= at)
    }));
}

/// What a cue says about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// Tokens `from..=to` name the speaker.
    Named(usize, usize),
    /// A passive frame with no agent: "was described as".
    Nobody,
    /// The word is not working as a cue here.
    Unknown,
}

/// The most words a multi-word cue may have ("quoted by reporters as saying").
const MAX_PHRASE: usize = 6;

/// The number of tokens of the cue starting at token `i`, if one does.
pub fn cue_at(cues: &Cues, w: &Words, i: usize) -> Option<usize> {
    let first = w.word(i)?;
    let next = |k: usize| w.word(i + k).filter(|_| k < MAX_PHRASE);
    cues.cue_at(first, next)
}

/// The speaker of the cue at tokens `i..i+len`, looking no further than tokens `lo..hi`.
pub fn speaker_of(cues: &Cues, w: &Words, i: usize, len: usize, lo: usize, hi: usize) -> Speaker {
    let first = w.text(i);
    // "according to police", "in the words of one critic": the speaker follows.
    if len > 1 && is_in(w.text(i + len - 1), const { &List::new(&["to", "of"]) }) {
        return speaker_after(cues, w, i + len, hi);
    }
    // Only speech verbs invert ("said Smith"); "told reporters" and "called it" name the listener
    // or the thing described after the verb.
    // A verb opening its sentence is an order or a label ("Read more:", "Tell us:").
    if len == 1 && i == lo {
        return Speaker::Unknown;
    }
    let inverts = !cues.takes_listener(first) && !cues.is_describing(first)
        || is_in(first, const { &List::new(&["said"]) });
    match speaker_before(cues, w, i, lo, hi) {
        Speaker::Unknown if inverts => speaker_after(cues, w, i + len, hi),
        found => found,
    }
}

fn speaker_before(cues: &Cues, w: &Words, cue: usize, lo: usize, hi: usize) -> Speaker {
    let cue_word = w.text(cue);
    if reduced_passive(cues, w, cue, lo) {
        return by_agent(cues, w, cue + 1, hi);
    }
    let mut j = cue;
    let mut relative_done = false;
    loop {
        if j <= lo {
            return Speaker::Unknown;
        }
        j -= 1;
        if w.is_punct(j, ",") {
            // An apposition ("Smith, the minister, said") or a relative ("Smith, who said").
            let Some(k) = (lo..j).rev().take(16).find(|&k| w.is_punct(k, ",")) else {
                return Speaker::Unknown;
            };
            if (k + 1..j).any(|m| w.quoted[m]) || k <= lo {
                return Speaker::Unknown;
            }
            // "Its leader, Tom Reyes, said": the name in the apposition is the speaker.
            if let Speaker::Named(a, b) = noun_phrase_ending(cues, w, j - 1, k + 1) {
                if a == k + 1
                    && w.word(a)
                        .is_some_and(|x| capitalised(x) && !is_in(x, &DETERMINERS))
                {
                    return Speaker::Named(a, b);
                }
            }
            j = k;
            continue;
        }
        let Some(word) = w.word(j) else {
            return Speaker::Unknown;
        };
        if is_in(word, &BE) {
            if cues.is_describing(cue_word) {
                return by_agent(cues, w, cue + 1, hi);
            }
            continue;
        }
        // "said in a statement": the verb belongs to the cue, the speaker is before it.
        // "Smith said on Monday in a statement": skip the date.
        if is_in(word, &TIMES)
            && j > lo
            && w.word(j - 1)
                .is_some_and(|x| is_in(x, const { &List::new(&["on", "last", "this"]) }))
        {
            j -= 1;
            continue;
        }
        if is_in(word, &BETWEEN) || is_adverb(cues, w, j) || j + 1 == cue && cues.is_verb(word) {
            continue;
        }
        if !relative_done && is_in(word, &RELATIVES) {
            relative_done = true;
            continue;
        }
        // "The judge thanked the jury and told them": the subject opens the sentence.
        if is_in(word, const { &List::new(&["and", "but"]) }) {
            return match subject_at(cues, w, lo, cue) {
                // Any "the + noun" subject will do: a verb of speech follows.
                Speaker::Unknown
                    if w.word(lo).is_some_and(|d| is_in(d, &DETERMINERS))
                        && w.word(lo + 1).is_some() =>
                {
                    Speaker::Named(lo, lo + 1)
                }
                found => found,
            };
        }
        return noun_phrase_ending(cues, w, j, lo);
    }
}

/// "The bill, dubbed \"...\"": a describing participle after a comma and straight before the
/// quotation (or "as" and the quotation) describes the noun; it names no speaker.
fn reduced_passive(cues: &Cues, w: &Words, cue: usize, lo: usize) -> bool {
    let word = w.text(cue);
    let mut next = cue + 1;
    if w.word(next).is_some_and(|x| x == "as") {
        next += 1;
    }
    cue > lo
        && cues.is_describing(word)
        && word.ends_with("ed")
        && w.is_punct(cue - 1, ",")
        && next < w.len()
        && w.quoted[next]
}

/// "openly", "briefly" — but not "the family", whose "-ly" word is a noun.
fn is_adverb(cues: &Cues, w: &Words, j: usize) -> bool {
    let Some(word) = w.word(j) else { return false };
    word.len() > 4
        && word.ends_with("ly")
        && !capitalised(word)
        && !cues.is_speaker_noun(word)
        && !(j > 0 && w.word(j - 1).is_some_and(|d| is_in(d, &DETERMINERS)))
}

/// The speaker whose last word is token `j`.
fn noun_phrase_ending(cues: &Cues, w: &Words, j: usize, lo: usize) -> Speaker {
    let Some(word) = w.word(j) else {
        return Speaker::Unknown;
    };
    if cues.is_pronoun(word) {
        return Speaker::Named(j, j);
    }
    // "Speaking to reporters, ...", "on Monday": a participle or a date is nobody.
    let participle = j == lo && word.ends_with("ing");
    if is_in(word, &FUNCTION_WORDS) || cues.is_verb(word) || participle || is_in(word, &TIMES) {
        return Speaker::Unknown;
    }
    if capitalised(word) && !is_in(word, &DETERMINERS) {
        let mut k = j;
        while k > lo
            && w.word(k - 1).is_some_and(|p| {
                (capitalised(p) && !is_in(p, &BE)) || is_in(p, &PARTICLES) || is_in(p, &DETERMINERS)
            })
        {
            k -= 1;
            if w.word(k).is_some_and(|d| is_in(d, &DETERMINERS)) {
                break;
            }
        }
        return Speaker::Named(k, j);
    }
    // "the ministry", "a spokeswoman for the council", "the company's chief executive".
    let start = (lo..j)
        .rev()
        .take(5)
        .take_while(|&k| w.word(k).is_some_and(|x| !is_in(x, &BE)) || w.is_punct(k, "'"))
        .find(|&k| w.word(k).is_some_and(|d| is_in(d, &DETERMINERS)));
    match start {
        Some(k) => Speaker::Named(k, j),
        None if cues.is_speaker_noun(word) => Speaker::Named(j, j),
        None => Speaker::Unknown,
    }
}

/// A speaker starting at token `k`: "said Smith", "said the minister", "according to police".
fn speaker_after(cues: &Cues, w: &Words, mut k: usize, hi: usize) -> Speaker {
    if w.is_punct(k, ",") {
        k += 1;
    }
    if k >= hi {
        return Speaker::Unknown;
    }
    // "according to two guests", "said several witnesses": a count and who.
    let counted = w.toks[k].kind == TokenKind::Number && !w.quoted[k]
        || w.word(k).is_some_and(|x| is_in(x, &QUANTITIES));
    if counted && k + 1 < hi && w.word(k + 1).is_some_and(|n| !capitalised(n)) {
        return Speaker::Named(k, k + 1);
    }
    let Some(word) = w.word(k) else {
        return Speaker::Unknown;
    };
    if cues.is_pronoun(word) && !is_in(word, const { &List::new(&["it", "i"]) }) {
        return Speaker::Named(k, k);
    }
    // "said that ...", "said this week": a clause or a time, not a speaker.
    if is_in(word, const { &List::new(&["that", "this"]) }) {
        return Speaker::Unknown;
    }
    let determiner = is_in(word, &DETERMINERS);
    if !(capitalised(word) || determiner || is_in(word, &BE)) {
        // "says festival director": a bare title, up to its noun.
        return match (k..hi.min(k + 3))
            .find(|&e| w.word(e).is_some_and(|n| cues.is_speaker_noun(n)))
        {
            Some(e) if (k..=e).all(|m| w.word(m).is_some()) => Speaker::Named(k, e),
            _ => Speaker::Unknown,
        };
    }
    if is_in(word, &BE) {
        return Speaker::Unknown;
    }
    let mut end = k;
    while end + 1 < hi
        && end - k < 5
        && w.word(end + 1).is_some_and(|n| {
            capitalised(n)
                || determiner
                    && !cues.is_verb(n)
                    && !is_in(n, const { &List::new(&["in", "on", "at", "to"]) })
        })
    {
        end += 1;
    }
    // "said his members would ...": a clause's subject, not the speaker.
    if w.word(end + 1).is_some_and(|n| !is_in(n, &AFTER_SPEAKER)) {
        return Speaker::Unknown;
    }
    Speaker::Named(k, end)
}

/// The agent of a passive cue: "was described as ... by critics".
fn by_agent(cues: &Cues, w: &Words, from: usize, hi: usize) -> Speaker {
    match (from..hi).find(|&k| w.word(k).is_some_and(|b| b == "by")) {
        Some(k) => match speaker_after(cues, w, k + 1, hi) {
            Speaker::Unknown => Speaker::Nobody,
            named => named,
        },
        None => Speaker::Nobody,
    }
}

/// The subject that opens tokens `lo..`: "The minister was blunt:", "She added:".
pub fn subject_at(cues: &Cues, w: &Words, lo: usize, hi: usize) -> Speaker {
    let Some(word) = w.word(lo) else {
        return Speaker::Unknown;
    };
    if cues.is_verb(word) || is_in(word, &FUNCTION_WORDS) {
        // "Asked about the fire, the owner was calm:": the subject follows the first comma.
        return match (lo..hi).find(|&k| w.is_punct(k, ",")) {
            Some(k) if w.word(k + 1).is_some_and(|x| !cues.is_verb(x)) => {
                subject_at(cues, w, k + 1, hi)
            }
            _ => Speaker::Unknown,
        };
    }
    if cues.is_pronoun(word) || capitalised(word) && !is_in(word, &DETERMINERS) {
        let mut end = lo;
        while end + 1 < hi && w.word(end + 1).is_some_and(capitalised) {
            end += 1;
        }
        return Speaker::Named(lo, end);
    }
    if is_in(word, &DETERMINERS) {
        if let Some(end) =
            (lo + 1..hi.min(lo + 5)).find(|&k| w.word(k).is_some_and(|n| cues.is_speaker_noun(n)))
        {
            return Speaker::Named(lo, end);
        }
    }
    Speaker::Unknown
}

/// Every paragraph's [`Words`], in two arrays for the whole document rather than two per
/// paragraph.
struct DocumentWords {
    toks: Vec<Token>,
    quoted: Vec<bool>,
    /// Where each paragraph's words end.
    ends: Vec<usize>,
}

impl DocumentWords {
    fn new(paragraphs: &[Paragraph], quotes: &[Quote]) -> DocumentWords {
        let total = paragraphs.iter().map(|p| p.tokens.len()).sum();
        let mut all = DocumentWords {
            toks: Vec::with_capacity(total),
            quoted: Vec::with_capacity(total),
            ends: Vec::with_capacity(paragraphs.len()),
        };
        for p in paragraphs {
            push_words(p, quotes, &mut all.toks, &mut all.quoted);
            all.ends.push(all.toks.len());
        }
        all
    }

    /// The words of `paragraphs`, those it was made from.
    fn words<'a>(&'a self, paragraphs: &'a [Paragraph]) -> Vec<Words<'a>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        paragraphs
            .iter()
            .zip(starts.zip(self.ends.iter().copied()))
            .map(|(p, (start, end))| Words {
                p,
                toks: Cow::Borrowed(&self.toks[start..end]),
                quoted: Cow::Borrowed(&self.quoted[start..end]),
            })
            .collect()
    }
}

/// Attribute every quotation, in place.
pub fn attribute(paragraphs: &[Paragraph], quotes: &mut [Quote], cues: &Cues) {
    // Each paragraph's words once, shared by every quotation's search.
    let all = DocumentWords::new(paragraphs, quotes);
    let words = all.words(paragraphs);
    let mut names = NameTrail::default();
    for w in &words {
        trail_items(w, |item| names.push(w.p, &item));
    }
    for q in quotes.iter_mut() {
        q.attribution = attribute_one(paragraphs, &words, &q.span, cues, &names);
    }
}

/// The attribution of the quotation at `span` among `quotes` (all of the document's, in
/// order), reading only the paragraphs it lies in and the one before: what
/// [`attribute`] finds for it.
pub(crate) fn attribute_span(
    paragraphs: &[Paragraph],
    quotes: &[Quote],
    span: &Range<usize>,
    cues: &Cues,
    names: &NameTrail,
) -> Option<Attribution> {
    let first = paragraph_index(paragraphs, span.start).saturating_sub(1);
    let last = paragraph_index(paragraphs, span.end - 1);
    let window = &paragraphs[first..=last];
    let words: Vec<Words> = window.iter().map(|p| Words::new(p, quotes)).collect();
    attribute_one(window, &words, span, cues, names)
}

fn paragraph_index(paragraphs: &[Paragraph], offset: usize) -> usize {
    paragraphs
        .partition_point(|p| p.span().end <= offset)
        .min(paragraphs.len().saturating_sub(1))
}

/// For a speaker written "he" or "she", the person it stands for: the last named before it
/// (which `before` looks up), or the pronoun itself when nobody was.
pub(crate) fn resolved<'a>(
    written: &'a str,
    before: impl FnOnce() -> Option<&'a str>,
) -> Option<&'a str> {
    // No letter beyond ASCII lower-cases to one of these, so ASCII case is all there is.
    let pronoun = written.eq_ignore_ascii_case("he") || written.eq_ignore_ascii_case("she");
    pronoun.then(|| before().unwrap_or(written))
}

/// A found speaker as an [`Attribution`].
fn found(
    w: &Words,
    names: &NameTrail,
    cue: Range<usize>,
    (from, to): (usize, usize),
) -> Attribution {
    let base = w.p.start;
    let span = w.span(from, to);
    let written = &w.p.text[span.clone()];
    let speaker = match resolved(written, || names.before(base + span.start)) {
        Some(name) => name.to_string(),
        // Blanked markup ("*Councillor* Ruth") leaves runs of spaces.
        None => written.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let cue_span = w.span(cue.start, cue.end - 1);
    Attribution {
        speaker,
        cue: w.p.text[cue_span.clone()].to_string(),
        speaker_span: base + span.start..base + span.end,
        cue_span: base + cue_span.start..base + cue_span.end,
    }
}

/// The speaker named in token range `sentence` of `w`, by the first cue that names one; a
/// passive frame with no agent ends the search with nobody.
fn search_sentence(
    cues: &Cues,
    w: &Words,
    names: &NameTrail,
    sentence: Range<usize>,
) -> Option<Attribution> {
    for i in sentence.clone() {
        let Some(len) = cue_at(cues, w, i) else {
            continue;
        };
        match speaker_of(cues, w, i, len, sentence.start, sentence.end) {
            Speaker::Named(a, b) => return Some(found(w, names, i..i + len, (a, b))),
            Speaker::Nobody => return None,
            Speaker::Unknown => {}
        }
    }
    None
}

fn attribute_one(
    paragraphs: &[Paragraph],
    words: &[Words],
    span: &Range<usize>,
    cues: &Cues,
    names: &NameTrail,
) -> Option<Attribution> {
    let (ps, pe) = (
        paragraph_index(paragraphs, span.start),
        paragraph_index(paragraphs, span.end - 1),
    );
    let (first, last) = (&words[ps], &words[pe]);
    let open_at = first.index_at(span.start - first.p.start);
    let close_after = last.index_at(span.end - last.p.start);
    let before = first.sentence_of(span.start - first.p.start);
    let after = last.sentence_of(span.end - 1 - last.p.start);

    // The quotation's own sentence, nearest words first, alternating after and before it.
    let (mut a, mut b) = (close_after..after.end, (before.start..open_at).rev());
    let mut pending = None;
    let interleaved = std::iter::from_fn(|| {
        if let Some(i) = pending.take() {
            return Some((false, i));
        }
        match (a.next(), b.next()) {
            (Some(x), y) => {
                pending = y;
                Some((true, x))
            }
            (None, y) => y.map(|i| (false, i)),
        }
    });
    for (is_after, i) in interleaved {
        let (w, sentence) = if is_after {
            (last, after.clone())
        } else {
            (first, before.clone())
        };
        let Some(len) = cue_at(cues, w, i) else {
            continue;
        };
        match speaker_of(cues, w, i, len, sentence.start, sentence.end) {
            Speaker::Named(x, y) => return Some(found(w, names, i..i + len, (x, y))),
            Speaker::Nobody => return None,
            Speaker::Unknown => {}
        }
    }

    // Introduced by a colon or a dash: `The minister was blunt: "..."`.
    if open_at > before.start
        && [":", "—", "–"]
            .iter()
            .any(|m| first.is_punct(open_at - 1, m))
    {
        if let Speaker::Named(x, y) = subject_at(cues, first, before.start, open_at) {
            let cue = open_at - 1..open_at;
            return Some(found(first, names, cue, (x, y)));
        }
    }

    // Signed with a dash, as pull quotes and epigraphs are: `"..." — Jane Okoro`.
    let dash_after = ["—", "–", "-"]
        .iter()
        .any(|m| last.is_punct(close_after, m));
    if dash_after && last.word(close_after + 1).is_some_and(capitalised) {
        let mut end = close_after + 1;
        while last.word(end + 1).is_some_and(capitalised) {
            end += 1;
        }
        let cue = close_after..close_after + 1;
        return Some(found(last, names, cue, (close_after + 1, end)));
    }

    // The sentence before, then the sentence after. Across a paragraph break only the
    // sentence before counts, and only when it introduces the quote ("... said:") or is itself
    // an attributed quotation the speaker goes on from: a paragraph of reported speech does
    // not vouch for a quotation standing alone after it.
    let neighbours = [
        neighbour(words, ps, before.start, -1),
        neighbour(words, pe, after.end, 1),
    ];
    for (dir, found_sentence) in neighbours.into_iter().enumerate() {
        let Some((w, s)) = found_sentence else {
            continue;
        };
        let elsewhere = !std::ptr::eq(w.p, if dir == 0 { first.p } else { last.p });
        // `... said:`, `"...," she said.` or `She said: "..."`, not reported speech that
        // merely quotes a phrase.
        let leads_in = s.end > s.start
            && (w.is_punct(s.end - 1, ":")
                || w.quoted[s.start]
                || (s.start + 1..s.end).any(|i| w.quoted[i] && w.is_punct(i - 1, ":")));
        if elsewhere && (dir == 1 || !leads_in) {
            continue;
        }
        if let Some(a) = search_sentence(cues, w, names, s) {
            return Some(a);
        }
    }
    None
}

/// The sentence next to the one bounded at token `edge` of paragraph `pi`: the previous one
/// (`dir` -1, ending at `edge`) or the next (`dir` 1, starting at `edge`), over paragraph breaks.
/// The next paragraph's sentence is never searched, so `words` may end at `pi`.
fn neighbour<'w, 'a>(
    words: &'w [Words<'a>],
    pi: usize,
    edge: usize,
    dir: i8,
) -> Option<(&'w Words<'a>, Range<usize>)> {
    let w = &words[pi];
    if dir < 0 {
        if edge > 0 {
            return Some((w, w.sentence_of(w.toks[edge - 1].start())));
        }
        let prev = words.get(pi.checked_sub(1)?)?;
        Some((prev, prev.sentence_of(prev.toks.last()?.start())))
    } else {
        if edge < w.len() {
            return Some((w, w.sentence_of(w.toks[edge].start())));
        }
        let next = words.get(pi + 1)?;
        Some((next, next.sentence_of(next.toks.first()?.start())))
    }
}

/// A possible person in a paragraph's words, for [`NameTrail`]: two or more capitalised
/// words, or one that stands for a full name given earlier ("Voss" after "Clara Voss").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrailItem {
    /// Local bytes of the words, without a possessive ending.
    pub name: Range<usize>,
    /// Two words or more: a full name, whose last word (from this local byte) stands for
    /// it from then on.
    pub full: Option<usize>,
}

impl TrailItem {
    /// What the trail knows the item by in paragraph text `text`: a full name's last word,
    /// or the word of one that is not full (looked up among those last words).
    pub fn key<'a>(&self, text: &'a str) -> &'a str {
        &text[self.full.unwrap_or(self.name.start)..self.name.end]
    }
}

fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("\u{2019}s"))
        .unwrap_or(name)
}

/// The [`TrailItem`]s of one paragraph's words (outside quotations), in order.
pub(crate) fn trail_items(w: &Words, mut each: impl FnMut(TrailItem)) {
    let p = w.p;
    let mut i = 0;
    while i < w.len() {
        let starts = w
            .capitalised_word(i)
            .is_some_and(|x| !is_in(x, &DETERMINERS));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        while w.capitalised_word(end + 1).is_some() {
            end += 1;
        }
        // "told Sky News", "in New York": a listener or a place, not the person "he" means.
        let object = i > 0 && w.word(i - 1).is_some_and(|x| is_in(x, &NOT_PERSON_BEFORE));
        if !object {
            let span = w.span(i, end);
            let name = strip_possessive(&p.text[span.clone()]);
            let surname = name.rsplit(' ').next().unwrap_or(name);
            let end_of_name = span.start + name.len();
            each(TrailItem {
                name: span.start..end_of_name,
                full: (end > i).then_some(end_of_name - surname.len()),
            });
        }
        i = end + 1;
    }
}

/// Full names (two or more capitalised words outside quotations) in document order, to resolve
/// "he" and "she" to the last person named.
#[derive(Default)]
pub(crate) struct NameTrail<'a> {
    names: Vec<(usize, &'a str)>,
    /// Each full name by its last word.
    full: FxHashMap<&'a str, &'a str>,
}

impl<'a> NameTrail<'a> {
    /// Add `item` of paragraph `p`; items come in document order.
    pub fn push(&mut self, p: &'a Paragraph, item: &TrailItem) {
        let name = &p.text[item.name.clone()];
        let at = p.start + item.name.start;
        if item.full.is_some() {
            self.full.insert(item.key(&p.text), name);
            self.names.push((at, name));
        } else if let Some(&full) = self.full.get(name) {
            self.names.push((at, full));
        }
    }

    /// The name the last item before document offset `offset` gives.
    pub fn before(&self, offset: usize) -> Option<&'a str> {
        let i = self.names.partition_point(|(at, _)| *at < offset);
        i.checked_sub(1).map(|i| self.names[i].1)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{is_in, DocumentWords, List, Words, BETWEEN, DETERMINERS, TIMES};
    use crate::analysis::Analysis;
    use crate::document::DocKind;

    proptest! {
        /// A word is in a list exactly when its lower case is one of the list's words:
        /// listed words in any case, words a letter off, and words beyond ASCII.
        #[test]
        fn a_word_is_in_a_list_by_its_lower_case(
            pick in 0..usize::MAX,
            edit in "[a-zA-Z\u{e9}\u{130}\u{212A}]{0,2}",
            upper in any::<bool>(),
            other in "[a-zA-Z\u{e9}\u{c9}\u{130}\u{212A}]{0,12}",
        ) {
            for list in [&DETERMINERS, &TIMES, &BETWEEN, const { &List::new(&["on", "last"]) }] {
                let listed = list.words[pick % list.words.len()];
                let cut = pick % (listed.len() + 1);
                let mut near = format!("{}{edit}{}", &listed[..cut], &listed[cut..]);
                if upper {
                    near = near.to_uppercase();
                }
                for word in [listed, &listed.to_uppercase(), &near, &other] {
                    let lower = word.to_lowercase();
                    prop_assert_eq!(is_in(word, list), list.words.contains(&lower.as_str()), "{:?}", word);
                }
            }
        }
    }

    /// The Kelvin sign lower-cases to "k": the one letter beyond ASCII a listed word may hold.
    #[test]
    fn a_kelvin_sign_is_a_k() {
        assert!(is_in("WEE\u{212A}", &TIMES));
        assert!(!is_in("wee\u{212B}", &TIMES));
    }

    /// (speaker, cue) of each quotation, or None.
    fn who(text: &str) -> Vec<Option<(String, String)>> {
        Analysis::new(text.to_string(), DocKind::Text)
            .quotes
            .into_iter()
            .map(|q| q.attribution.map(|a| (a.speaker, a.cue)))
            .collect()
    }

    fn one(text: &str) -> Option<(String, String)> {
        let got = who(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        got.into_iter().next().unwrap()
    }

    fn pair(s: &str, c: &str) -> Option<(String, String)> {
        Some((s.to_string(), c.to_string()))
    }

    /// The document's words in two arrays are each paragraph's words.
    #[test]
    fn document_words_are_each_paragraphs_words() {
        let text = "\"One,\" said Ann Lee.\n\nA \"partial\" quote and \"another\n\n\"Runs on,\" she said. Then \"x\".";
        let doc = Analysis::new(text.to_string(), DocKind::Text);
        let all = DocumentWords::new(&doc.paragraphs, &doc.quotes);
        let words = all.words(&doc.paragraphs);
        assert_eq!(words.len(), doc.paragraphs.len());
        for (w, p) in words.iter().zip(&doc.paragraphs) {
            let own = Words::new(p, &doc.quotes);
            assert_eq!((&w.toks, &w.quoted), (&own.toks, &own.quoted));
            assert!(w.quoted.contains(&true) && w.quoted.contains(&false));
        }
    }

    #[test]
    fn speaker_after_or_before_the_quotation() {
        assert_eq!(
            one("\"The bridge stays shut,\" Anna Berg said."),
            pair("Anna Berg", "said")
        );
        assert_eq!(
            one("\"The bridge stays shut,\" said Anna Berg."),
            pair("Anna Berg", "said")
        );
        assert_eq!(
            one("The harbour master told the Gazette: \"The bridge stays shut.\""),
            pair("The harbour master", "told")
        );
        assert_eq!(
            one("\"It is over,\" the council said in a statement on Friday."),
            pair("the council", "said")
        );
        assert_eq!(
            one("According to the port authority, \"nothing can sail before noon\"."),
            pair("the port authority", "According to")
        );
    }

    #[test]
    fn pronouns_resolve_to_the_last_name() {
        let text = "Mayor Olga Petrova opened the dam.\n\n\"We waited ten years,\" she said.";
        assert_eq!(one(text), pair("Mayor Olga Petrova", "said"));
    }

    #[test]
    fn apposition_and_colon() {
        assert_eq!(
            one("Ravi Mehta, the ferry's captain, added: \"Nobody was hurt today.\""),
            pair("Ravi Mehta", "added")
        );
        assert_eq!(
            one("The captain was blunt: \"Nobody will sail until the storm passes.\""),
            pair("The captain", ":")
        );
    }

    #[test]
    fn passive_frame_without_agent_is_nobody() {
        assert_eq!(
            one("The opera, which was described as \"a long evening of shouting\", closed early."),
            None
        );
        assert_eq!(
            one("The opera was described as \"a long evening of shouting\" by critics."),
            pair("critics", "described")
        );
    }

    #[test]
    fn coordinated_verbs_counts_and_the_words_of() {
        assert_eq!(
            one("The umpire waved play on and told the crowd it had been \"a clean catch by any standard\"."),
            pair("The umpire", "told")
        );
        assert_eq!(
            one("The pier was, according to three fishermen, \"the best spot on the coast\"."),
            pair("three fishermen", "according to")
        );
        assert_eq!(
            one("The choir sang, in the words of one listener, \"like a storm coming in\"."),
            pair("one listener", "in the words of")
        );
        assert_eq!(
            one("Speaking on Sunday, Rosa Klee said: \"The pier stays open.\""),
            pair("Rosa Klee", "said")
        );
    }

    #[test]
    fn signed_with_a_dash() {
        assert_eq!(
            one("\u{201C}Every flood teaches us something we forgot.\u{201D} \u{2014} Mira Santos"),
            pair("Mira Santos", "\u{2014}")
        );
    }

    #[test]
    fn reported_speech_in_the_paragraph_before_does_not_vouch() {
        let text = "Ines Alvarez said the vote had been lost.\n\n\"The whole town will pay for this mistake.\"";
        assert_eq!(who(text), vec![None]);
    }

    #[test]
    fn a_quoted_phrase_in_reported_speech_does_not_vouch() {
        let text = "The court said the evidence was \"clear and consistent\".\n\n\"The whole town will pay for this mistake.\"";
        assert_eq!(who(text)[1], None);
    }

    #[test]
    fn the_sentence_before_carries_the_speaker() {
        let text = "\"We lost the vote,\" Ines Alvarez said.\n\n\"But we will come back stronger next spring.\"";
        assert_eq!(who(text)[1], pair("Ines Alvarez", "said"));
    }
}
