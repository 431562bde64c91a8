//! The house list (`rules/names.toml`): how well-known people, places and organisations
//! are spelt, which spellings the house avoids, and which listed names may drop their
//! accents. Compiled once per engine into lookups by folded key.

use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::analysis::names::{fold, is_capitalised, is_common_word, strip_possessive};
use crate::data::{DataError, DataSet};

#[derive(Deserialize)]
struct Misspelling {
    wrong: String,
    right: String,
}

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
    /// Every listed name, as words in their house spelling.
    entries: Vec<Vec<String>>,
    /// Folded whole name ("agnes varda") → entry.
    by_name: FxHashMap<String, usize>,
    /// Folded word → entries holding it, to find a listed name with one word misspelt.
    by_word: FxHashMap<String, Vec<usize>>,
    /// Folded word → its house spelling, for words every entry spells alike.
    word_spelling: FxHashMap<String, Option<String>>,
    /// Folded one-word names (countries, cities, organisations): their spelling stands on
    /// its own, without a first name to confirm who is meant.
    single: FxHashSet<String>,
    /// Folded words that stand after the first word of a listed name, or alone: surnames
    /// and places, whose spelling varies less than first names do.
    surnames: FxHashSet<String>,
    plain_allowed: FxHashSet<String>,
    misspellings: FxHashMap<String, String>,
    pub preferences: Vec<Preference>,
    pub exceptions: Vec<String>,
    /// Folded one-word spellings the house style avoids: `names/house-style` reports them,
    /// so the variant rules leave them alone.
    avoided: FxHashSet<String>,
}

impl HouseList {
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn new(data: &DataSet) -> Result<HouseList, DataError> {
        let data: Data = data.load("names")?;
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let mut list = HouseList {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            entries: Vec::new(),
            by_name: FxHashMap::default(),
            by_word: FxHashMap::default(),
            word_spelling: FxHashMap::default(),
            single: FxHashSet::default(),
            surnames: FxHashSet::default(),
            // whole names and their words: a mention is judged one word at a time
            plain_allowed: data
                .plain_allowed
                .iter()
                .flat_map(|s| name_words(s).map(fold).chain([fold_name(s)]))
                .collect(),
            misspellings: data
                .misspellings
                .into_iter()
                .map(|m| (fold(&m.wrong), m.right))
                .collect(),
            preferences: data.house_style,
            exceptions: data.house_style_exceptions,
            avoided: FxHashSet::default(),
        };
        list.avoided = list
            .preferences
            .iter()
            .filter(|p| !p.avoid.contains(' '))
            .map(|p| fold(&p.avoid))
            .collect();
        for name in data
            .people
            .iter()
            .chain(&data.places)
            .chain(&data.organisations)
        {
            list.add(name);
        }
        // known words, so never taken for a slip, but no spelling to impose
        for name in &data.given_names {
            list.by_word.entry(fold(name)).or_default();
        }
        Ok(list)
    }

    fn add(&mut self, name: &str) {
        let words: Vec<String> = name_words(name).map(str::to_string).collect();
        if words.is_empty() {
            return;
        }
        let id = self.entries.len();
        let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
        self.by_name.entry(folded.join(" ")).or_insert(id);
        if folded.len() == 1 {
            self.single.insert(folded[0].clone());
        }
        for key in folded.iter().skip(usize::from(folded.len() > 1)) {
            if !self.surnames.contains(key) {
                self.surnames.insert(key.clone());
            }
        }
        // A key is copied only when it is new: first names recur in many names.
        for (word, key) in words.iter().zip(&folded) {
            match self.by_word.get_mut(key) {
                Some(ids) => ids.push(id),
                None => {
                    self.by_word.insert(key.clone(), vec![id]);
                }
            }
            match self.word_spelling.get_mut(key) {
                Some(spelling) => {
                    if spelling.as_deref() != Some(word) {
                        *spelling = None;
                    }
                }
                None => {
                    self.word_spelling.insert(key.clone(), Some(word.clone()));
                }
            }
        }
        self.entries.push(words);
    }

    /// Whether `word` ("Russia", "Russia’s", "Zürich") is a listed name or part of one.
    pub fn is_known_name(&self, word: &str) -> bool {
        let stem = strip_possessive(word);
        is_capitalised(stem) && self.by_word.contains_key(&fold(stem))
    }

    /// Whether the folded word belongs to a listed name or is a common given name: a real
    /// name, never taken for a slip.
    pub fn knows(&self, key: &str) -> bool {
        self.by_word.contains_key(key)
    }

    /// Whether the folded word is a listed surname or one-word name ("carapaz", "zurich").
    pub fn lists_surname(&self, key: &str) -> bool {
        self.surnames.contains(key)
    }

    /// The house spelling of a folded word that is a name by itself ("zurich" → "Zürich").
    pub fn single_spelling(&self, key: &str) -> Option<&str> {
        if !self.single.contains(key) {
            return None;
        }
        self.word_spelling.get(key)?.as_deref()
    }

    /// The house spelling of a folded word, when every listed name spells it alike.
    pub fn word_spelling(&self, key: &str) -> Option<&str> {
        self.word_spelling.get(key)?.as_deref()
    }

    /// Whether the folded word is a spelling the house style avoids ("kiev").
    pub fn avoided(&self, key: &str) -> bool {
        self.avoided.contains(key)
    }

    /// A listed misspelling's correction.
    pub fn misspelling(&self, key: &str) -> Option<&str> {
        self.misspellings.get(key).map(String::as_str)
    }

    /// Whether a listed spelling may lose its accents (reported as information only).
    pub fn plain_allowed(&self, name: &str) -> bool {
        self.plain_allowed.contains(&fold_name(name))
    }

    /// The listed name spelt by these folded words, exactly or with one word one slip away
    /// (a letter dropped, added or two swapped, in a word of six letters or more).
    pub fn matching(&self, keys: &[&str]) -> Option<&[String]> {
        if let Some(&id) = self.by_name.get(&keys.join(" ")) {
            return Some(&self.entries[id]);
        }
        let mut candidates: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.by_word.get(*k))
            .flatten()
            .copied()
            .filter(|&id| self.entries[id].len() == keys.len())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|id| &self.entries[id][..])
            .find(|words| {
                let mut edited = 0;
                words.iter().zip(keys).all(|(w, k)| {
                    let w = fold(w);
                    if w == *k {
                        return true;
                    }
                    edited += 1;
                    // A list name is evidence only against the slips of retyping, a letter
                    // dropped, doubled or two swapped, in a longer word: one letter changed
                    // is how real names differ ("Kevin Durand" is not "Kevin Durant").
                    w.len() >= 6 && !one_letter_changed(&w, k) && one_edit_apart(&w, k)
                }) && edited == 1
            })
    }
}

/// Words of a listed name as the text's names are cut: without lower-case particles
/// ("Ursula von der Leyen") or common words ("The Hague").
fn name_words(name: &str) -> impl Iterator<Item = &str> {
    name.split([' ', '-']).filter(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && !is_common_word(&w.to_lowercase())
    })
}

fn fold_name(name: &str) -> String {
    name_words(name).map(fold).collect::<Vec<_>>().join(" ")
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
        && strsim::damerau_levenshtein(a, b) == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::DocKind;
    use crate::engine::Engine;

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
