//! Proper names in a document: every capitalised word that is not merely a sentence's
//! first word, with its folded key (accents and case removed) and the name words beside it,
//! counted into a [`NameIndex`] that can be merged across files.
//!
//! Extraction is one pass over the tokens after one pass collecting the lower-case words:
//! "Police" at the head of a sentence is no name when "police" occurs elsewhere.

mod candidates;
pub mod finding;
pub mod incremental;
pub mod index;
pub mod mojibake;
mod words;

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashSet;

pub use index::{key_hash, one_edit, Group, NameIndex, Near, Neighbourhood};
pub use words::fold;
use words::{fold_into, COMMON};

use crate::segment::Paragraph;
use candidates::{is_lower, Candidates};

/// One capitalised word of a name, as written (possessive removed).
#[derive(Clone)]
pub struct Mention {
    /// Document byte span of the word without its possessive ending, as it was when the
    /// mention was last placed: [`Names::span`] says where it is now.
    span: Range<usize>,
    /// The words of the candidates the mention was found among (a document's, or a
    /// paragraph's), shared: [`Mention::form`] and [`Mention::key`] lie end to end in it,
    /// from `at` to `split` and from `split` to `end`. No mention allocates.
    text: Arc<String>,
    at: u32,
    split: u32,
    end: u32,
    /// Index (in [`Names::mentions`]) of the name word just before this one in the same
    /// name ("Agnès" for "Varda" in "Agnès Varda").
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Capitalised by position alone, perhaps: the first word of a sentence, a line or a
    /// quotation, or a word of a headline.
    pub initial: bool,
    /// The title before the name this word belongs to ("Ms" in "Ms Ana Echeverría").
    pub title: Option<&'static str>,
    /// Written garbled ("GÃ©rard"): `form` is the repair, `span` the garbled word. It
    /// counts as evidence of the spelling; `names/mojibake` reports it.
    pub garbled: bool,
}

impl Mention {
    /// The word as written: "Agnès" for "Agnès’s".
    pub fn form(&self) -> &str {
        &self.text[self.at as usize..self.split as usize]
    }

    /// [`fold`]ed [`Mention::form`]: the key variants share.
    pub fn key(&self) -> &str {
        &self.text[self.split as usize..self.end as usize]
    }

    /// Whether the two are the same mention, perhaps at another place.
    pub fn same_but_moved(&self, other: &Mention) -> bool {
        let Mention {
            span: _,
            text: _,
            at: _,
            split: _,
            end: _,
            prev,
            next,
            initial,
            title,
            garbled,
        } = self;
        (self.form(), self.key(), prev, next, initial, title, garbled)
            == (
                other.form(),
                other.key(),
                &other.prev,
                &other.next,
                &other.initial,
                &other.title,
                &other.garbled,
            )
    }

    /// Keys of the name words beside this one.
    pub fn neighbours<'a>(&self, names: &'a Names) -> impl Iterator<Item = &'a str> + 'a {
        [self.prev, self.next]
            .into_iter()
            .flatten()
            .map(|i| names.mentions[i].key())
    }
}

/// Equal when written alike at the same place, whatever text they share.
impl PartialEq for Mention {
    fn eq(&self, other: &Mention) -> bool {
        self.span == other.span && self.same_but_moved(other)
    }
}

impl Eq for Mention {}

impl std::fmt::Debug for Mention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mention")
            .field("span", &self.span)
            .field("form", &self.form())
            .field("key", &self.key())
            .field("prev", &self.prev)
            .field("next", &self.next)
            .field("initial", &self.initial)
            .field("title", &self.title)
            .field("garbled", &self.garbled)
            .finish()
    }
}

/// The names of one document.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub mentions: Vec<Mention>,
    /// Shared, not copied, with the server's record of what each document counts.
    pub index: Arc<NameIndex>,
    /// The mentions from `.0` on lie `.1` bytes further than their `span` says. An edit
    /// moves every name after it: the server's tracker moves them all at once here, and
    /// places again only the mentions between the last edit and this one
    /// ([`incremental::Tracker`]).
    moved: (usize, isize),
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        self.index == other.index
            && self.mentions.len() == other.mentions.len()
            && (self.mentions.iter().enumerate())
                .zip(other.mentions.iter().enumerate())
                .all(|((i, a), (j, b))| a.same_but_moved(b) && self.span(i) == other.span(j))
    }
}

/// Lower-case particles that may sit inside a name: "Ursula von der Leyen", "bin Salman".
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le",
    "van", "von", "ter", "ten", "y",
];

// The two word sets hash with Fx: their entries are fixed, so however a text's words are
// crafted, a lookup probes no more than the fixed table holds.

/// Whether a lower-cased word is a common English word ([`COMMON`]), never a name when
/// capitalised.
pub fn is_common_word(lowered: &str) -> bool {
    static SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| COMMON.split_whitespace().collect());
    SET.contains(lowered)
}

/// The title `word` is ("Mr", "President"), if it is one.
fn title(word: &str) -> Option<&'static str> {
    static SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| TITLES.split_whitespace().collect());
    SET.get(word).copied()
}

/// Marks after which a capitalised word may be capitalised for its position alone.
const OPENERS: &[&str] = &[
    ".", "!", "?", ":", "\"", "“", "‘", "'", "(", "[", "—", "–", "•", "*", "…",
];

/// Titles before a name: context, not part of it. After one, a capitalised word is a name
/// even when it is also a common word ("Mr Stone", "President Bush").
const TITLES: &str = "\
    Ambassador Archbishop Ayatollah Bishop Captain Cardinal Chancellor Chief Coach Colonel \
    Commissioner Congressman Congresswoman Dame Detective Dr Emir General Governor Inspector \
    Judge Justice King Lady Lord Madam Manager Mayor Minister Miss Mr Mrs Ms Premier \
    President Prime Prof Professor Queen Rabbi Rep Representative Secretary Sen Senator \
    Sergeant Sheikh Sir Speaker Superintendent";

/// Latin letters with accents: what transit loses. Apostrophes do not count, nor do other
/// scripts ("Руслан" is not an accented "Ruslan").
pub fn accented_letters(word: &str) -> usize {
    if word.is_ascii() {
        return 0; // most names
    }
    word.chars().filter(|&c| is_accented_latin(c)).count()
}

fn is_accented_latin(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c.is_alphabetic() && c != '×' && c != '÷'
}

/// Whether a word has letters of a script other than Latin.
pub fn has_other_script(word: &str) -> bool {
    word.chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii() && !is_accented_latin(c))
}

/// The German and Scandinavian conventions for umlauts, ø, æ, å and ß ("Müller" →
/// "mueller", "Søren" → "soeren"), under which two spellings are one name, not a slip.
pub fn umlaut_fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'å' | 'Å' => out.push_str("aa"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// "Smith’s" → "Smith", "Jones'" → "Jones".
pub fn strip_possessive(word: &str) -> &str {
    // most words end otherwise: no suffix to try ("’" ends in 0x99)
    if !matches!(word.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        return word;
    }
    for end in ["'s", "’s", "'S", "’S", "'", "’"] {
        if let Some(stem) = word.strip_suffix(end) {
            return stem;
        }
    }
    word
}

/// A word that looks like part of a name: an upper-case letter followed by at least one
/// lower-case one ("NATO" and "I" are not names here).
pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    // a capital then a small letter: "GUIEnter" and "PProvost" are identifiers
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some_and(|c| !c.is_uppercase())
        && chars.clone().any(char::is_lowercase)
        && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '’')
}

/// `word` lower-cased onto the end of `buf`, without allocating for ASCII words (most of
/// them).
fn lower_into(word: &str, buf: &mut String) {
    if word.is_ascii() {
        let from = buf.len();
        buf.push_str(word);
        buf[from..].make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows the word-final sigma that `char::to_lowercase` does not.
        buf.push_str(&word.to_lowercase());
    }
}

/// The lower-cased words a document's candidates ask about, a few per paragraph, and
/// whether the document writes each in lower case. They are sorted and found by binary
/// search: a hash set of every lower-case word of the text cost more to fill, and one
/// hashing with Fx could be filled with crafted colliding words.
struct Asked<'a> {
    /// Sorted by the first eight bytes read as a number ([`index::prefix`]) and then by the
    /// word: most comparisons end at the number.
    words: Vec<(u64, &'a str, bool)>,
    /// By first byte, a bit for each length (63: longer) and one for each last byte (modulo
    /// 64) of a word asked: most words of the text are no candidate's without a search.
    lengths: [u64; 256],
    lasts: [u64; 256],
}

impl<'a> Asked<'a> {
    fn new(words: impl Iterator<Item = &'a str>) -> Asked<'a> {
        let mut words: Vec<(u64, &str, bool)> =
            words.map(|w| (index::prefix(w), w, false)).collect();
        words.sort_unstable();
        words.dedup();
        let (mut lengths, mut lasts) = ([0; 256], [0; 256]);
        for (_, w, _) in &words {
            let first = usize::from(w.as_bytes()[0]);
            lengths[first] |= length_bit(w);
            lasts[first] |= last_bit(w);
        }
        Asked {
            words,
            lengths,
            lasts,
        }
    }

    // inlined into the pass over every lower-case word: most are dropped by the filters,
    // and only the others pay for a call
    #[inline(always)]
    fn find(&self, word: &str) -> Option<usize> {
        let first = usize::from(*word.as_bytes().first()?);
        if self.lengths[first] & length_bit(word) == 0 || self.lasts[first] & last_bit(word) == 0 {
            return None;
        }
        self.search(word)
    }

    #[inline(never)]
    fn search(&self, word: &str) -> Option<usize> {
        let sought = (index::prefix(word), word);
        self.words
            .binary_search_by(|&(p, w, _)| (p, w).cmp(&sought))
            .ok()
    }

    /// The document writes `word`: it counts if in lower case, which is asked last, as
    /// the filters drop most words before any is decoded.
    fn written(&mut self, word: &str) {
        if let Some(i) = self.find(word).filter(|_| is_lower(word)) {
            self.words[i].2 = true;
        }
    }

    fn is_written(&self, word: &str) -> bool {
        self.find(word).is_some_and(|i| self.words[i].2)
    }
}

fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

fn last_bit(word: &str) -> u64 {
    word.as_bytes().last().map_or(0, |b| 1 << (b % 64))
}

impl Names {
    /// Extract the names of `paragraphs`.
    pub fn extract(paragraphs: &[Paragraph]) -> Names {
        let mut scan = Candidates::default();
        for p in paragraphs {
            scan.add(p, p.start);
        }
        scan.shrink_to_fit();
        let mut asked = Asked::new(scan.judged_by());
        if !asked.words.is_empty() {
            for p in paragraphs {
                for t in p.words() {
                    asked.written(p.token_text(t));
                }
            }
        }
        // most candidates are names
        let mut mentions = Vec::with_capacity(scan.len());
        scan.mentions(0, |w| asked.is_written(w), &mut mentions);
        // kept as long as the document is open, so without the room left over
        mentions.shrink_to_fit();
        Names::from_mentions(mentions)
    }

    fn from_mentions(mentions: Vec<Mention>) -> Names {
        Names {
            index: Arc::new(NameIndex::of(&mentions)),
            mentions,
            moved: (0, 0),
        }
    }

    /// The document byte span of mention `i`, without its possessive ending.
    pub fn span(&self, i: usize) -> Range<usize> {
        let span = self.mentions[i].span.clone();
        let (from, by) = self.moved;
        if i < from || by == 0 {
            return span;
        }
        span.start.wrapping_add_signed(by)..span.end.wrapping_add_signed(by)
    }

    /// Whether `word` is used as a name in this document.
    pub fn contains(&self, word: &str) -> bool {
        self.index.forms.contains_key(&fold(strip_possessive(word)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::segment::segment;

    fn names(text: &str) -> Names {
        let seg = segment(text, DocKind::Text);
        Names::extract(&seg.paragraphs)
    }

    fn forms(n: &Names) -> Vec<&str> {
        n.mentions.iter().map(Mention::form).collect()
    }

    #[test]
    fn capitalised_words_possessives_and_context() {
        let n = names("Police said Ilse Vandermeer’s car was found. The police in Tromsø agreed.");
        assert_eq!(forms(&n), vec!["Ilse", "Vandermeer", "Tromsø"]);
        assert_eq!(n.mentions[0].next, Some(1));
        assert_eq!(n.mentions[1].prev, Some(0));
        assert_eq!(n.mentions[2].prev, None);
        assert_eq!(n.mentions[2].key(), "tromso");
        assert_eq!(
            n.index.forms.get("vandermeer").unwrap().get("Vandermeer"),
            Some(1)
        );
        assert!(n
            .index
            .context
            .get("ilse")
            .unwrap()
            .contains_key("vandermeer"));
        assert!(n.contains("Vandermeer’s") && n.contains("Tromso"));
        assert!(!n.contains("Police") && !n.contains("car"));
    }

    #[test]
    fn particles_hyphens_and_line_wraps_keep_a_name_together() {
        let n = names("However, Anouk van der\nBerg-Oyelaran spoke. NATO did not.\n- Ilse Brandt");
        assert_eq!(
            forms(&n),
            vec!["Anouk", "Berg", "Oyelaran", "Ilse", "Brandt"]
        );
        assert_eq!(n.mentions[3].prev, None);
        assert_eq!(n.mentions[1].prev, Some(0));
        assert_eq!(n.mentions[2].prev, Some(1));
    }

    #[test]
    fn position_capitals_are_marked_initial() {
        let n = names("Kowalczyk spoke. Then Nowak said: \"Kowalczyk lied.\"\n(Ilse Brandt)");
        let initial: Vec<(&str, bool)> = n.mentions.iter().map(|m| (m.form(), m.initial)).collect();
        assert_eq!(
            initial,
            vec![
                ("Kowalczyk", true),
                ("Nowak", false),
                ("Kowalczyk", true),
                ("Ilse", true),
                ("Brandt", false)
            ]
        );
        assert!(!is_capitalised("GUIEnter") && !is_capitalised("PProvost"));
        assert!(is_capitalised("McDonald") && is_capitalised("O’Neill"));
        assert!(!is_capitalised("Utils.pm"));
    }

    #[test]
    fn titles_are_context_not_names() {
        let n = names("The stone fell. President Obiang met Mr. Stone and Prime Minister Rutte.");
        assert_eq!(forms(&n), vec!["Obiang", "Stone", "Rutte"]);
        assert!(n.mentions.iter().all(|m| m.prev.is_none()));
        let titles: Vec<_> = n.mentions.iter().map(|m| m.title).collect();
        assert_eq!(
            titles,
            vec![Some("President"), Some("Mr"), Some("Minister")]
        );
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Agnès"), "agnes");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("O’Neill"), "oneill");
        assert_eq!(fold("O'Neill"), "oneill");
        assert_eq!(accented_letters("O’Néill"), 1);
        assert_eq!(accented_letters("Руслан"), 0);
        assert!(has_other_script("Руслан") && !has_other_script("Łódź"));
        assert_eq!(umlaut_fold("Dönni"), umlaut_fold("Doenni"));
        assert_eq!(strip_possessive("Smith’s"), "Smith");
    }

    proptest::proptest! {
        /// The filters by first byte, length and last byte pass every word asked (never empty).
        #[test]
        fn asked_words_are_found_past_the_filters(
            asked in proptest::collection::vec("[aé]{0,2}[bcß]{1,70}[dḗ]?", 0..8),
            word in "[aé]{0,2}[bcß]{1,70}[dḗ]?",
        ) {
            let set = Asked::new(asked.iter().map(String::as_str));
            for w in asked.iter().chain([&word]) {
                proptest::prop_assert_eq!(set.find(w).is_some(), asked.contains(w));
            }
        }
    }

    #[test]
    fn garbled_words_count_repaired() {
        let n = names("Ms GÃ©rardine Okafor spoke.");
        assert_eq!(forms(&n), vec!["Gérardine", "Okafor"]);
        assert!(n.mentions[0].garbled && !n.mentions[1].garbled);
        assert_eq!(n.span(0), 3..15);
        assert_eq!(n.mentions[1].prev, Some(0));
    }
}
