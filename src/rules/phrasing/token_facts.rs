//! What the per-word paragraph rules read of each token, found once per paragraph
//! ([`crate::rules::PerParagraph::tokens`]). Word-salad and agreement each looked every
//! word up in tables of their own (and agreement collected the paragraph's other tokens
//! again): now a word is lower-cased and hashed once, and probed once in one table of the
//! words their lists hold, which keeps those words' part-of-speech tags, and only when it is
//! in none of them in the lexicon of rules/pos.tsv.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::agreement::{self, COMMA, NUMBER};
use super::pos;
use super::table_hash::hash_bytes;
use super::word_key::Key;
use super::word_salad;
use crate::segment::{Paragraph, Token, TokenKind};

/// A paragraph's tokens other than spaces, which the rules walk by index, and the
/// [`Fact`]s of each.
pub struct Tokens<'p> {
    pub solid: Vec<&'p Token>,
    pub facts: Vec<Fact>,
}

/// What the rules ask of one token. A word's lists and tags are those of its lower case;
/// its class is that of the word as written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fact {
    /// `table_hash::hash_bytes` of a word's lower case (0 for other tokens), for a rule
    /// that probes tables of its own.
    pub hash: u64,
    /// [`pos::tags`] of a word's lower case.
    pub tags: u8,
    /// Whether a word has a capital (its lower case then differs from it).
    pub upper: bool,
    /// Word-salad's lists holding a word's lower case, as bits (`word_salad::List`).
    pub lists: u16,
    /// The token's class in agreement's frames, as bits (`agreement::class_words`).
    pub class: u16,
}

impl<'p> Tokens<'p> {
    pub fn new(p: &'p Paragraph) -> Tokens<'p> {
        let listed = Listed::get();
        let mut solid: Vec<&Token> = Vec::with_capacity(p.tokens.len());
        solid.extend(p.tokens.iter().filter(|t| !t.is_space()));
        let mut facts = Vec::with_capacity(solid.len());
        facts.extend(solid.iter().map(|t| listed.fact(&p.text, t)));
        Tokens { solid, facts }
    }
}

/// The words of word-salad's lists and agreement's classes, open-addressed and probed
/// from the hash of a word's lower case, with their tags.
struct Listed {
    /// Index into `entries` plus one, 0 for empty.
    slots: Vec<u32>,
    entries: Vec<Entry>,
}

struct Entry {
    key: Key,
    tags: u8,
    lists: u16,
    /// The class of the word in lower case, and of it with a capital first letter alone
    /// ("Every", "A"): every class word is written one of those two ways.
    lower_class: u16,
    title_class: u16,
}

impl Listed {
    fn get() -> &'static Listed {
        static LISTED: OnceLock<Listed> = OnceLock::new();
        LISTED.get_or_init(|| {
            let mut words: FxHashMap<Box<str>, (u16, u16, u16)> = FxHashMap::default();
            for (k, list) in word_salad::LISTED.iter().enumerate() {
                for &word in *list {
                    words.entry(word.into()).or_default().0 |= 1 << k;
                }
            }
            for (word, class) in agreement::class_words() {
                let lower = word.to_ascii_lowercase();
                let entry = words.entry(lower.as_str().into()).or_default();
                if lower == word {
                    entry.1 |= class;
                } else {
                    debug_assert!(word[1..] == lower[1..], "{word}: a capital first alone");
                    entry.2 |= class;
                }
            }
            // A quarter full or less: most words are in no list, and their probe mostly ends at
            // the first slot.
            let mut slots = vec![0u32; (words.len() * 4).next_power_of_two()];
            let mask = slots.len() - 1;
            let mut entries = Vec::with_capacity(words.len());
            for (word, (lists, lower_class, title_class)) in words {
                let key = Key::of(word.as_bytes()).expect("listed words are short");
                let mut slot = key.hash() as usize & mask;
                while slots[slot] != 0 {
                    slot = (slot + 1) & mask;
                }
                entries.push(Entry {
                    key,
                    tags: pos::tags(&word),
                    lists,
                    lower_class,
                    title_class,
                });
                slots[slot] = entries.len() as u32;
            }
            Listed { slots, entries }
        })
    }

    fn entry(&self, key: &Key) -> Option<&Entry> {
        let mask = self.slots.len() - 1;
        let mut slot = key.hash() as usize & mask;
        loop {
            let entry = &self.entries[self.slots[slot].checked_sub(1)? as usize];
            if entry.key == *key {
                return Some(entry);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The facts of the token `t` of a paragraph reading `text`. Only a comma of the other
    /// tokens has a class (a number starts with a digit, a mark is one character, inline code
    /// is opaque). Inlined in the paragraph's loop: called from it, the call and the key
    /// passed through memory cost a tenth more.
    #[inline]
    fn fact(&self, text: &str, t: &Token) -> Fact {
        if t.kind != TokenKind::Word {
            let class = if text.as_bytes()[t.span()] == *b"," {
                COMMA
            } else {
                0
            };
            return Fact {
                class,
                ..Fact::default()
            };
        }
        // Most words are short and ASCII: lower-cased, hashed and compared eight bytes at a
        // time; the rest are lower-cased as text.
        let Some((key, capitals)) = Key::ascii_lower(text.as_bytes(), t.span()) else {
            return self.other_fact(&text[t.span()]);
        };
        let upper = capitals.first || capitals.later;
        let (tags, lists, class) = match self.entry(&key) {
            Some(e) => {
                let class = match (capitals.first, capitals.later) {
                    (false, false) => e.lower_class,
                    (true, false) => e.title_class,
                    _ => 0,
                };
                // The number words are classed in any case.
                (e.tags, e.lists, class | e.lower_class & NUMBER)
            }
            None => (pos::tags_of(&key), 0, 0),
        };
        Fact {
            hash: key.hash(),
            tags,
            upper,
            lists,
            class,
        }
    }

    /// [`Listed::fact`] of a word that is not ASCII or is long.
    fn other_fact(&self, text: &str) -> Fact {
        let upper = text.chars().any(char::is_uppercase);
        let owned;
        let lower = if upper {
            owned = text.to_lowercase();
            owned.as_str()
        } else {
            text
        };
        let (hash, tags, lists, class) = match Key::of(lower.as_bytes()) {
            Some(key) => match self.entry(&key) {
                // A capital other than an ASCII one makes no class word.
                Some(e) => (
                    key.hash(),
                    e.tags,
                    e.lists,
                    if upper { 0 } else { e.lower_class },
                ),
                None => (key.hash(), pos::tags_of(&key), 0, 0),
            },
            None => {
                let hash = hash_bytes(lower.as_bytes());
                (hash, pos::tags_hashed(lower.as_bytes(), hash), 0, 0)
            }
        };
        // The number words are classed in any case.
        let class = if class & NUMBER == 0 && upper && agreement::is_number_word(text) {
            class | NUMBER
        } else {
            class
        };
        Fact {
            hash,
            tags,
            upper,
            lists,
            class,
        }
    }
}

/// [`Fact`]s of a token of `kind` reading `text`, as the paragraph's are found.
#[cfg(test)]
pub(super) fn fact(text: &str, kind: TokenKind) -> Fact {
    Listed::get().fact(text, &Token::new(0, text.len(), kind))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::segment::Block;

    /// The facts as each rule found them before they were shared: the tags and lists of the
    /// lower case matched word by word, the class by comparing the text as written with
    /// every class word (and the number words in any case).
    fn plain(text: &str, kind: TokenKind) -> Fact {
        if kind != TokenKind::Word {
            let class = agreement::class_words()
                .filter(|&(word, _)| word == text)
                .fold(0, |c, (_, class)| c | class);
            return Fact {
                class,
                ..Fact::default()
            };
        }
        let upper = if text.is_ascii() {
            text.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            text.chars().any(char::is_uppercase)
        };
        let lower = text.to_lowercase();
        let lists = word_salad::LISTED
            .iter()
            .enumerate()
            .filter(|(_, list)| list.contains(&lower.as_str()))
            .fold(0, |bits, (k, _)| bits | 1 << k);
        let mut class = agreement::class_words()
            .filter(|&(word, _)| word == text)
            .fold(0, |c, (_, class)| c | class);
        if agreement::is_number_word(text) {
            class |= NUMBER;
        }
        Fact {
            hash: hash_bytes(lower.as_bytes()),
            tags: pos::tags(&lower),
            upper,
            lists,
            class,
        }
    }

    /// Every listed word and class word, as written, in lower and upper case and with a
    /// capital first letter.
    fn listed_words() -> Vec<String> {
        let listed = word_salad::LISTED.iter().flat_map(|l| l.iter().copied());
        let classed = agreement::class_words().map(|(word, _)| word);
        let mut words = Vec::new();
        for word in listed.chain(classed) {
            let mut title: Vec<char> = word.chars().collect();
            title[0] = title[0].to_ascii_uppercase();
            words.extend([
                word.to_string(),
                word.to_uppercase(),
                title.into_iter().collect(),
            ]);
        }
        words
    }

    #[test]
    fn listed_words_have_the_plain_facts() {
        for word in listed_words() {
            let p = Paragraph::new(0, format!("{word} ,"), Block::Text);
            let tokens = Tokens::new(&p);
            for (t, fact) in tokens.solid.iter().zip(&tokens.facts) {
                let text = p.token_text(t);
                assert_eq!(*fact, plain(text, t.kind), "{text:?} in {word:?}");
            }
        }
    }

    proptest! {
        /// Every token of any text, listed words among others, has the facts each rule found
        /// for itself.
        #[test]
        fn facts_are_the_plain_ones(
            words in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(listed_words()),
                    "[A-Za-z’'éÉ]{1,12}",
                    // Across the eight-byte rounds and past the longest key.
                    "[A-Za-z]{7,40}",
                    "[,.;\"“”0-9\u{2014}]{1,3}",
                ],
                0..24,
            ),
        ) {
            let text = words.join(" ");
            let p = Paragraph::new(0, text, Block::Text);
            let tokens = Tokens::new(&p);
            let solid: Vec<&Token> = p.tokens.iter().filter(|t| !t.is_space()).collect();
            prop_assert_eq!(&tokens.solid, &solid);
            for (t, fact) in solid.iter().zip(&tokens.facts) {
                prop_assert_eq!(*fact, plain(p.token_text(t), t.kind), "{:?}", p.token_text(t));
            }
        }
    }
}
