//! The house list (`rules/names.toml`): how well-known people, places and organisations
//! are spelt, which spellings the house avoids, and which listed names may drop their
//! accents. Looked up by folded key in tables compiled at build time ([`house_tables`]), or
//! at start-up from a list the user edited.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

use super::house_tables::{
    compile, slot_hash, Folding, Key, Lists, Span, Tables, AVOIDED, KNOWN, NONE, PLAIN_ALLOWED,
    SINGLE, SURNAME,
};
use crate::analysis::names::{fold, is_capitalised, is_common_word, one_edit, strip_possessive};
use crate::data::{DataError, DataSet};

include!(concat!(env!("OUT_DIR"), "/house.rs"));

const FOLDING: Folding = Folding {
    fold,
    is_common: is_common_word,
};

#[derive(Deserialize)]
struct Misspelling {
    wrong: String,
    right: String,
}

/// `rules/names.toml` as the user's config edited it.
#[derive(Deserialize)]
struct Data {
    people: Vec<String>,
    given_names: Vec<String>,
    places: Vec<String>,
    organisations: Vec<String>,
    plain_allowed: Vec<String>,
    misspellings: Vec<Misspelling>,
    house_style: Vec<Preference>,
    house_style_exceptions: Vec<String>,
}

/// A spelling the house avoids, with the one it wants (`{ avoid = "Kiev", use = "Kyiv" }`).
#[derive(Debug, Clone, Deserialize)]
pub struct Preference {
    pub avoid: String,
    #[serde(rename = "use")]
    pub prefer: String,
}

pub struct HouseList {
    /// Distinct per list built, so a document's memoised names judgement is only reused by
    /// rules that judged against this list.
    id: u64,
    tables: Tables,
    pub preferences: Vec<Preference>,
    pub exceptions: Vec<String>,
}

/// A listed name: its words as (house spelling, folded key).
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    text: &'a str,
    words: &'a [[Span; 2]],
}

impl<'a> Entry<'a> {
    pub fn words(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let text = self.text;
        (self.words.iter()).map(move |&[word, key]| (span(text, word), span(text, key)))
    }
}

/// What the list says of one folded word ([`HouseList::word`]).
#[derive(Clone, Copy)]
pub struct Word<'a> {
    house: &'a HouseList,
    key: Option<&'a Key>,
}

impl<'a> Word<'a> {
    fn flagged(&self, flag: u32) -> bool {
        self.key.is_some_and(|k| k.flags & flag != 0)
    }

    /// Whether it belongs to a listed name or is a common given name: a real name, never
    /// taken for a slip.
    pub fn knows(&self) -> bool {
        self.flagged(KNOWN)
    }

    /// Whether it is a spelling the house style avoids ("kiev").
    pub fn avoided(&self) -> bool {
        self.flagged(AVOIDED)
    }

    /// The house spelling of a word that is a name by itself ("zurich" → "Zürich").
    pub fn single_spelling(&self) -> Option<&'a str> {
        let k = self.key.filter(|k| k.flags & SINGLE != 0)?;
        self.house.text(k.spelling)
    }

    /// A listed misspelling's correction.
    pub fn misspelling(&self) -> Option<&'a str> {
        self.house.text(self.key?.misspelling)
    }
}

fn span(text: &str, [start, end]: Span) -> &str {
    &text[start as usize..end as usize]
}

impl HouseList {
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn new(data: &DataSet) -> Result<HouseList, DataError> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        if data.shipped("names") {
            return Ok(HouseList {
                id,
                tables: SHIPPED.clone(),
                preferences: (SHIPPED_PREFERENCES.iter())
                    .map(|&(avoid, prefer)| Preference {
                        avoid: avoid.to_string(),
                        prefer: prefer.to_string(),
                    })
                    .collect(),
                exceptions: SHIPPED_EXCEPTIONS.iter().map(|e| e.to_string()).collect(),
            });
        }
        let data: Data = data.load("names")?;
        Ok(HouseList {
            id,
            tables: compile(&lists(&data), &FOLDING),
            preferences: data.house_style,
            exceptions: data.house_style_exceptions,
        })
    }

    /// What the list says of a folded word or name, if it knows it.
    fn key(&self, key: &str) -> Option<&Key> {
        let Tables {
            text, keys, slots, ..
        } = &self.tables;
        let mask = slots.len() - 1;
        let mut slot = slot_hash(key) as usize & mask;
        loop {
            let k = slots[slot].checked_sub(1)?;
            let found = &keys[k as usize];
            if span(text, found.key) == key {
                return Some(found);
            }
            slot = (slot + 1) & mask;
        }
    }

    fn flagged(&self, key: &str, flag: u32) -> bool {
        self.word(key).flagged(flag)
    }

    fn text(&self, s: Span) -> Option<&str> {
        (s[0] != NONE).then(|| span(&self.tables.text, s))
    }

    /// What the list says of a folded word, looked up once for the several questions a
    /// mention asks of it.
    pub fn word(&self, key: &str) -> Word<'_> {
        Word {
            house: self,
            key: self.key(key),
        }
    }

    fn entry(&self, id: u32) -> Entry<'_> {
        let Tables {
            text,
            entries,
            entry_words,
            ..
        } = &self.tables;
        let id = id as usize;
        Entry {
            text,
            words: &entry_words[entries[id] as usize..entries[id + 1] as usize],
        }
    }

    /// Whether `word` ("Russia", "Russia’s", "Zürich") is a listed name or part of one.
    pub fn is_known_name(&self, word: &str) -> bool {
        let stem = strip_possessive(word);
        is_capitalised(stem) && self.knows(&fold(stem))
    }

    /// Whether the folded word belongs to a listed name or is a common given name: a real
    /// name, never taken for a slip.
    pub fn knows(&self, key: &str) -> bool {
        self.word(key).knows()
    }

    /// Whether the folded word is a listed surname or one-word name ("carapaz", "zurich").
    pub fn lists_surname(&self, key: &str) -> bool {
        self.flagged(key, SURNAME)
    }

    /// The house spelling of a folded word, when every listed name spells it alike.
    pub fn word_spelling(&self, key: &str) -> Option<&str> {
        self.text(self.key(key)?.spelling)
    }

    /// Whether a listed spelling may lose its accents (reported as information only).
    pub fn plain_allowed(&self, name: &str) -> bool {
        self.flagged(&FOLDING.fold_name(name), PLAIN_ALLOWED)
    }

    /// The listed name spelt by these folded words, exactly or with one word one slip away
    /// (a letter dropped, added or two swapped, in a word of six letters or more); `joined`
    /// is room to join them in, reused by the caller.
    pub fn matching(&self, keys: &[&str], joined: &mut String) -> Option<Entry<'_>> {
        // Each word of a listed name holds the name among its entries: a run with a word
        // holding none is no listed name, and with two such words none a slip away. Most
        // runs are of that kind, and are settled without joining them and seeking that.
        let holding = (keys.iter())
            .filter(|k| self.key(k).is_some_and(|k| k.entries[0] < k.entries[1]))
            .count();
        if holding + 1 < keys.len() {
            return None;
        }
        if holding == keys.len() {
            joined.clear();
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(k);
            }
            if let Some(k) = self.key(joined).filter(|k| k.name != NONE) {
                return Some(self.entry(k.name));
            }
        }
        let key_entries = &self.tables.key_entries;
        let mut candidates: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.key(k))
            .flat_map(|k| &key_entries[k.entries[0] as usize..k.entries[1] as usize])
            .copied()
            .filter(|&id| self.entry(id).words.len() == keys.len())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|id| self.entry(id))
            .find(|entry| {
                let mut edited = 0;
                entry.words().zip(keys).all(|((_, w), k)| {
                    if w == *k {
                        return true;
                    }
                    edited += 1;
                    // A list name is evidence only against the slips of retyping, a letter
                    // dropped, doubled or two swapped, in a longer word: one letter changed
                    // is how real names differ ("Kevin Durand" is not "Kevin Durant").
                    w.len() >= 6 && !one_letter_changed(w, k) && one_edit_apart(w, k)
                }) && edited == 1
            })
    }
}

/// The lists of an edited `rules/names.toml`, as `build/names.rs` reads the shipped one.
fn lists(data: &Data) -> Lists<'_> {
    fn strs(list: &[String]) -> Vec<&str> {
        list.iter().map(String::as_str).collect()
    }
    let mut names = strs(&data.people);
    names.extend(strs(&data.places));
    names.extend(strs(&data.organisations));
    Lists {
        names,
        given_names: strs(&data.given_names),
        plain_allowed: strs(&data.plain_allowed),
        misspellings: (data.misspellings.iter())
            .map(|m| (m.wrong.as_str(), m.right.as_str()))
            .collect(),
        avoided: data.house_style.iter().map(|p| p.avoid.as_str()).collect(),
    }
}

/// Same length, one letter different: "durand"/"durant".
pub fn one_letter_changed(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

/// Two folded words one edit apart, keeping their first letter, in a word long enough for that to be a slip rather
/// than another name, and not merely a longer or shorter ending ("Kenya"/"Kenyan",
/// "Israel"/"Israeli", "Smith"/"Smiths").
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.len() >= 5
        && short.len() >= 4
        && !long.starts_with(short)
        // slips keep the first letter; "Pmenu"/"Menu", "Hanks"/"Banks" are other words
        && a.get(..1) == b.get(..1)
        && one_edit(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::DocKind;
    use crate::engine::Engine;

    /// What the build compiled is what the same code compiles from the embedded file, as
    /// it does for a list the user edited.
    #[test]
    fn the_shipped_tables_are_the_list_compiled() {
        let data: Data = DataSet::embedded().load("names").unwrap();
        assert_eq!(compile(&lists(&data), &FOLDING), SHIPPED);
        let shipped = HouseList::new(&DataSet::embedded()).unwrap();
        let pairs = |p: &[Preference]| -> Vec<(String, String)> {
            p.iter()
                .map(|p| (p.avoid.clone(), p.prefer.clone()))
                .collect()
        };
        assert_eq!(pairs(&shipped.preferences), pairs(&data.house_style));
        assert_eq!(shipped.exceptions, data.house_style_exceptions);
        assert!(shipped
            .matching(&["emmanuel", "macron"], &mut String::new())
            .is_some());
    }

    /// [`HouseList::matching`] as specified: the first listed name spelt by `keys`, or else
    /// the first with one word a slip away, every entry compared.
    fn matching_every_entry(house: &HouseList, keys: &[&str]) -> Option<Vec<String>> {
        let entries = (0..house.tables.entries.len() as u32 - 1).map(|id| house.entry(id));
        let keys_of =
            |e: &Entry| -> Vec<String> { e.words().map(|(_, k)| k.to_string()).collect() };
        let slipped = |e: &Entry| {
            let theirs = keys_of(e);
            let apart: Vec<(&String, &&str)> =
                theirs.iter().zip(keys).filter(|(w, k)| w != *k).collect();
            theirs.len() == keys.len()
                && keys.len() >= 2
                && apart.len() == 1
                && apart
                    .iter()
                    .all(|(w, k)| w.len() >= 6 && !one_letter_changed(w, k) && one_edit_apart(w, k))
        };
        (entries.clone().find(|e| keys_of(e) == keys))
            .or_else(|| entries.clone().find(slipped))
            .map(|e| e.words().map(|(w, _)| w.to_string()).collect())
    }

    proptest::proptest! {
        /// Runs of a listed name's words, some slipped (a letter dropped or two swapped),
        /// some unknown, some of other names: the list's words are found as every entry
        /// compared finds them, though most runs are settled without joining their words.
        #[test]
        fn matching_finds_what_every_entry_compared_finds(
            id in 0usize..1 << 16,
            edits in proptest::collection::vec((0u8..7, 0usize..16), 1..5),
        ) {
            let house = HouseList::new(&DataSet::embedded()).unwrap();
            let count = house.tables.entries.len() - 1;
            let listed: Vec<String> = (house.entry((id % count) as u32).words())
                .map(|(_, k)| k.to_string())
                .collect();
            let keys: Vec<String> = (edits.iter().enumerate())
                .map(|(i, &(kind, at))| {
                    let other = house.entry(((id * 7 + i) % count) as u32);
                    let word = listed.get(i).cloned().unwrap_or_else(|| {
                        other.words().next().map(|(_, k)| k.to_string()).unwrap_or_default()
                    });
                    let mut chars: Vec<char> = word.chars().collect();
                    let at = at % chars.len().max(1);
                    match kind {
                        3 if chars.len() > 1 => {
                            chars.remove(at);
                        }
                        4 if at + 1 < chars.len() => chars.swap(at, at + 1),
                        5 => chars = "qzxv".chars().collect(),
                        6 => return other.words().last().map(|(_, k)| k.to_string()).unwrap_or_default(),
                        _ => {}
                    }
                    chars.into_iter().collect()
                })
                .collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let found = (house.matching(&keys, &mut String::new()))
                .map(|e| e.words().map(|(w, _)| w.to_string()).collect());
            proptest::prop_assert_eq!(found, matching_every_entry(&house, &keys));
        }
    }

    #[test]
    fn known_names_for_other_rules() {
        let house = HouseList::new(&DataSet::embedded()).unwrap();
        for word in ["Russia", "Russia’s", "Zürich", "Mbappé", "Kyiv"] {
            assert!(house.is_known_name(word), "{word}");
        }
        for word in ["russia", "Russias", "Okerkee", "The"] {
            assert!(!house.is_known_name(word), "{word}");
        }
    }

    #[test]
    fn users_extend_the_list_in_their_config() {
        let config = Config::parse(
            "[data.names.people]\nadd = [\"Aurélie Dubois-Nkemelu\"]\n\
             [data.names.house_style]\nadd = [{ avoid = \"Bretagne\", use = \"Brittany\" }]\n",
            None,
        )
        .unwrap();
        let engine = Engine::new(&config).unwrap();
        let text = "Aurelie Dubois-Nkemelu toured Bretagne.";
        let found: Vec<(&str, String)> = engine
            .lint(text, DocKind::Text)
            .into_iter()
            .map(|d| (d.rule, d.fixes[0].replacement.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("names/diacritics", "Aurélie".to_string()),
                ("names/house-style", "Brittany".to_string())
            ]
        );
        assert!(Engine::default().lint(text, DocKind::Text).is_empty());
    }
}
