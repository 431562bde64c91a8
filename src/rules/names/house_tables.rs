//! The house list compiled into flat tables: every folded word or name it knows, in one
//! open-addressed table, with what the list says of it. `build/names.rs` compiles the
//! shipped list with this code and writes the tables as statics, so start-up builds
//! nothing; a list the user edits in their config is compiled by the same code at
//! start-up. Shared with the build script through `#[path]`: it uses no other module of
//! the crate but `table_hash` (which the build script includes too), and is given the
//! folding it needs.

use std::borrow::Cow;
use std::collections::HashMap;

/// A string in [`Tables::text`], as its start and end.
pub type Span = [u32; 2];

/// No span, no entry.
pub const NONE: u32 = u32::MAX;
const NO_SPAN: Span = [NONE, NONE];

/// A word of a listed name or a given name: a real name, never taken for a slip.
pub const KNOWN: u32 = 1;
/// A one-word listed name (a country, a city), whose spelling stands on its own.
pub const SINGLE: u32 = 2;
/// A word standing after the first word of a listed name, or alone: surnames and places,
/// whose spelling varies less than first names do.
pub const SURNAME: u32 = 4;
/// A one-word spelling the house style avoids.
pub const AVOIDED: u32 = 8;
/// A spelling (whole name or word) that may lose its accents.
pub const PLAIN_ALLOWED: u32 = 16;

/// What the list says of one folded word or name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The folded word ("zurich") or whole name ("agnes varda").
    pub key: Span,
    /// [`KNOWN`], [`SINGLE`], ...
    pub flags: u32,
    /// The first listed name spelt by these folded words, or [`NONE`].
    pub name: u32,
    /// The listed names holding the word, sorted: `Tables::key_entries[entries]`.
    pub entries: Span,
    /// The word's house spelling, when every listed name spells it alike.
    pub spelling: Span,
    /// The correction of a listed misspelling.
    pub misspelling: Span,
}

/// The compiled list; borrowed from statics when shipped, owned when the user edited it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// Every string the tables name, one after another.
    pub text: Cow<'static, str>,
    pub keys: Cow<'static, [Key]>,
    /// Open-addressed over `keys` by [`slot_hash`], at most half full: a key's position
    /// plus one, 0 for an empty slot.
    pub slots: Cow<'static, [u32]>,
    /// The words of listed name `i` are `entry_words[entries[i]..entries[i + 1]]`.
    pub entries: Cow<'static, [u32]>,
    /// Each word of a listed name: its house spelling and its folded key.
    pub entry_words: Cow<'static, [[Span; 2]]>,
    pub key_entries: Cow<'static, [u32]>,
}

/// The lists of `rules/names.toml` the tables are compiled from.
pub struct Lists<'a> {
    /// People, places and organisations, in that order.
    pub names: Vec<&'a str>,
    pub given_names: Vec<&'a str>,
    pub plain_allowed: Vec<&'a str>,
    /// (wrong, right)
    pub misspellings: Vec<(&'a str, &'a str)>,
    /// The spellings the house style avoids.
    pub avoided: Vec<&'a str>,
}

/// How words are folded and which are common words (`analysis/names/words.rs`).
pub struct Folding {
    pub fold: fn(&str) -> String,
    pub is_common: fn(&str) -> bool,
}

impl Folding {
    /// Words of a listed name as the text's names are cut: without lower-case particles
    /// ("Ursula von der Leyen") or common words ("The Hague").
    pub fn name_words<'a>(&self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let is_common = self.is_common;
        name.split([' ', '-']).filter(move |w| {
            w.chars().next().is_some_and(char::is_uppercase) && !is_common(&w.to_lowercase())
        })
    }

    /// The folded words of a name, joined by spaces ("agnes varda").
    pub fn fold_name(&self, name: &str) -> String {
        let words: Vec<String> = self.name_words(name).map(self.fold).collect();
        words.join(" ")
    }
}

/// The hash that places a key in [`Tables::slots`]: `table_hash::hash`, the one the
/// build script's other tables use, the same on every target.
pub fn slot_hash(key: &str) -> u64 {
    super::table_hash::hash(key)
}

/// A key being gathered.
#[derive(Default)]
struct Gathered {
    flags: u32,
    name: Option<u32>,
    entries: Vec<u32>,
    /// `None` inside: listed names spell it differently.
    spelling: Option<Option<String>>,
    misspelling: Option<String>,
}

/// Compile `lists`: the lookups `HouseList` makes, as they were when it built hash maps
/// at start-up (a later misspelling of the same key wins; the first listed name of a key
/// does).
pub fn compile(lists: &Lists, folding: &Folding) -> Tables {
    let fold = folding.fold;
    let mut keys: HashMap<String, Gathered> = HashMap::new();
    // whole names and their words: a mention is judged one word at a time
    for s in &lists.plain_allowed {
        for key in folding
            .name_words(s)
            .map(fold)
            .chain([folding.fold_name(s)])
        {
            keys.entry(key).or_default().flags |= PLAIN_ALLOWED;
        }
    }
    for (wrong, right) in &lists.misspellings {
        keys.entry(fold(wrong)).or_default().misspelling = Some(right.to_string());
    }
    for avoid in lists.avoided.iter().filter(|a| !a.contains(' ')) {
        keys.entry(fold(avoid)).or_default().flags |= AVOIDED;
    }
    let mut entries: Vec<Vec<(String, String)>> = Vec::new();
    for name in &lists.names {
        let words: Vec<(String, String)> = folding
            .name_words(name)
            .map(|w| (w.to_string(), fold(w)))
            .collect();
        if words.is_empty() {
            continue;
        }
        let id = u32::try_from(entries.len()).expect("fewer than 2^32 listed names");
        let whole: Vec<&str> = words.iter().map(|(_, k)| k.as_str()).collect();
        let named = keys.entry(whole.join(" ")).or_default();
        named.name.get_or_insert(id);
        if words.len() == 1 {
            named.flags |= SINGLE;
        }
        for (_, key) in words.iter().skip(usize::from(words.len() > 1)) {
            keys.entry(key.clone()).or_default().flags |= SURNAME;
        }
        for (word, key) in &words {
            let gathered = keys.entry(key.clone()).or_default();
            gathered.flags |= KNOWN;
            gathered.entries.push(id);
            match &mut gathered.spelling {
                Some(spelling) if spelling.as_deref() != Some(word) => *spelling = None,
                Some(_) => {}
                None => gathered.spelling = Some(Some(word.clone())),
            }
        }
        entries.push(words);
    }
    // known words, so never taken for a slip, but no spelling to impose
    for name in &lists.given_names {
        keys.entry(fold(name)).or_default().flags |= KNOWN;
    }

    let mut text = String::new();
    let mut add = |s: &str| -> Span {
        let start = u32::try_from(text.len()).expect("a list under 4 GB");
        text.push_str(s);
        [start, u32::try_from(text.len()).expect("a list under 4 GB")]
    };
    let mut entry_ends = vec![0];
    let mut entry_words = Vec::new();
    for words in &entries {
        entry_words.extend(words.iter().map(|(w, k)| [add(w), add(k)]));
        entry_ends.push(u32::try_from(entry_words.len()).expect("fewer than 2^32 words"));
    }
    let mut sorted: Vec<(String, Gathered)> = keys.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut compiled = Vec::with_capacity(sorted.len());
    let mut key_entries = Vec::new();
    for (key, mut gathered) in sorted {
        gathered.entries.sort_unstable();
        gathered.entries.dedup();
        let from = u32::try_from(key_entries.len()).expect("fewer than 2^32 rows");
        key_entries.extend(&gathered.entries);
        let to = u32::try_from(key_entries.len()).expect("fewer than 2^32 rows");
        compiled.push(Key {
            key: add(&key),
            flags: gathered.flags,
            name: gathered.name.unwrap_or(NONE),
            entries: [from, to],
            spelling: gathered.spelling.flatten().map_or(NO_SPAN, |s| add(&s)),
            misspelling: gathered.misspelling.map_or(NO_SPAN, |s| add(&s)),
        });
    }
    let mut slots = vec![0u32; (compiled.len() * 2).next_power_of_two()];
    let mask = slots.len() - 1;
    for (i, key) in compiled.iter().enumerate() {
        let [start, end] = key.key;
        let mut slot = slot_hash(&text[start as usize..end as usize]) as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = u32::try_from(i + 1).expect("fewer than 2^32 keys");
    }
    Tables {
        text: Cow::Owned(text),
        keys: Cow::Owned(compiled),
        slots: Cow::Owned(slots),
        entries: Cow::Owned(entry_ends),
        entry_words: Cow::Owned(entry_words),
        key_entries: Cow::Owned(key_entries),
    }
}
