//! Counts of name spellings, mergeable across files: what `copydesk index` writes and
//! `--names-index` reads, so a name spelt one way in forty articles and another way in one
//! can be judged by the whole workspace.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Mention;

/// The three tables of a [`NameIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Table {
    Forms,
    Context,
    Titles,
}

/// Key → what was counted under it → occurrences.
type Counts = BTreeMap<String, BTreeMap<String, u32>>;

/// Each count `mentions[which]` add to an index, as (table, key, what is counted under it):
/// each one's spelling, its title and the keys of the name words beside it.
pub(super) fn each_count(
    mentions: &[Mention],
    which: Range<usize>,
    mut f: impl FnMut(Table, &str, &str),
) {
    for m in &mentions[which] {
        f(Table::Forms, &m.key, &m.form);
        if let Some(title) = m.title {
            f(Table::Titles, &m.key, title);
        }
        for i in [m.prev, m.next].into_iter().flatten() {
            f(Table::Context, &m.key, &mentions[i].key);
        }
    }
}

/// Spellings and neighbours of every name key. Counts add up, so indexes built per file
/// (or per shard, in parallel) merge into the index of the whole set.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct NameIndex {
    /// Folded key → spelling as written → occurrences.
    pub forms: BTreeMap<String, BTreeMap<String, u32>>,
    /// Folded key → key of a name word beside it → occurrences ("gerard" → "depardieu").
    pub context: BTreeMap<String, BTreeMap<String, u32>>,
    /// Folded key → title written before it → occurrences ("echeverria" → "Ms").
    #[serde(default)]
    pub titles: BTreeMap<String, BTreeMap<String, u32>>,
    /// One-deletion neighbourhood of the keys, built on first use (see [`NameIndex::near`]).
    #[serde(skip)]
    deletions: OnceLock<Neighbourhood>,
}

/// A copy starts without the neighbourhood: copies are made to be merged into or
/// shared as a document's own counts, and a neighbourhood several times the size of the
/// counts is rebuilt only by the copy that is asked for it.
impl Clone for NameIndex {
    fn clone(&self) -> Self {
        NameIndex {
            forms: self.forms.clone(),
            context: self.context.clone(),
            titles: self.titles.clone(),
            deletions: OnceLock::new(),
        }
    }
}

impl PartialEq for NameIndex {
    fn eq(&self, other: &Self) -> bool {
        self.forms == other.forms && self.context == other.context && self.titles == other.titles
    }
}

impl NameIndex {
    /// Change the count of `item` under `key` in `table` by `by`, dropping what reaches 0.
    pub(super) fn bump(&mut self, table: Table, key: &str, item: &str, by: i64) {
        let counts = match table {
            Table::Forms => &mut self.forms,
            Table::Context => &mut self.context,
            Table::Titles => &mut self.titles,
        };
        if by > 0 {
            let n = counts
                .entry(key.to_string())
                .or_default()
                .entry(item.to_string())
                .or_default();
            *n += u32::try_from(by).expect("counts fit in u32");
        } else if let Some(items) = counts.get_mut(key) {
            if let Some(n) = items.get_mut(item) {
                *n = n.saturating_sub(u32::try_from(-by).expect("counts fit in u32"));
                if *n == 0 {
                    items.remove(item);
                }
            }
            if items.is_empty() {
                counts.remove(key);
            }
        }
        self.deletions = OnceLock::new();
    }

    /// Each table of counts beside the same table of `other`.
    fn tables_with<'a>(&'a mut self, other: &'a NameIndex) -> [(&'a mut Counts, &'a Counts); 3] {
        [
            (&mut self.forms, &other.forms),
            (&mut self.context, &other.context),
            (&mut self.titles, &other.titles),
        ]
    }

    /// Add another index's counts to this one.
    pub fn merge(&mut self, other: &NameIndex) {
        for (target, source) in self.tables_with(other) {
            for (key, counts) in source {
                let into = target.entry(key.clone()).or_default();
                for (k, n) in counts {
                    *into.entry(k.clone()).or_default() += n;
                }
            }
        }
        self.deletions = OnceLock::new();
    }

    /// Take away counts [`merge`](Self::merge) added, dropping spellings and keys left with
    /// none, so that merging `other` and subtracting it again gives back the same index: a
    /// server replaces one document's contribution without re-merging every other.
    pub fn subtract(&mut self, other: &NameIndex) {
        for (target, source) in self.tables_with(other) {
            for (key, counts) in source {
                let Some(from) = target.get_mut(key) else {
                    continue;
                };
                for (k, n) in counts {
                    if let Some(have) = from.get_mut(k) {
                        *have = have.saturating_sub(*n);
                        if *have == 0 {
                            from.remove(k);
                        }
                    }
                }
                if from.is_empty() {
                    target.remove(key);
                }
            }
        }
        self.deletions = OnceLock::new();
    }

    /// Occurrences of every spelling under `key`.
    pub fn count(&self, key: &str) -> u32 {
        self.forms.get(key).map_or(0, |f| f.values().sum())
    }

    /// The keys of names written beside `key`.
    pub fn neighbours(&self, key: &str) -> impl Iterator<Item = &str> + '_ {
        self.context
            .get(key)
            .into_iter()
            .flat_map(|c| c.keys().map(String::as_str))
    }

    /// The titles written before `key` ("Mr", "President").
    pub fn titles(&self, key: &str) -> impl Iterator<Item = &str> + '_ {
        self.titles
            .get(key)
            .into_iter()
            .flat_map(|c| c.keys().map(String::as_str))
    }

    /// The most frequent spelling under `key` (ties: the one with more non-ASCII letters,
    /// since accents are lost in transit, never added).
    pub fn majority_form(&self, key: &str) -> Option<&str> {
        self.forms.get(key).and_then(|forms| {
            forms
                .iter()
                .max_by_key(|(form, n)| (**n, super::accented_letters(form)))
                .map(|(form, _)| form.as_str())
        })
    }

    /// Keys one edit (a letter dropped, added, changed or two swapped) from `key`. The
    /// neighbourhood is built on first use and kept with the index: for an index consulted
    /// many times (the workspace's). One consulted briefly should build a
    /// [`Neighbourhood`] and drop it.
    pub fn near<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.deletions
            .get_or_init(|| Neighbourhood::of(self.forms.keys()))
            .near(key)
    }
}

/// Keys by their one-letter deletions, so that keys one edit apart are found through a
/// shared deletion rather than by comparing every pair. Deletions are kept as 64-bit
/// hashes beside the key's position: a collision only adds a candidate, which the exact
/// edit distance then rejects, and the table is a few bytes per deletion rather than a
/// string and a list each.
#[derive(Debug, Default)]
pub struct Neighbourhood {
    keys: Vec<Box<str>>,
    /// (hash of a deletion or of a whole key, position in `keys`), sorted.
    table: Vec<(u64, u32)>,
}

impl Neighbourhood {
    pub fn of<'k>(keys: impl IntoIterator<Item = &'k String>) -> Neighbourhood {
        let keys: Vec<Box<str>> = keys.into_iter().map(|k| k.as_str().into()).collect();
        let mut table = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 name keys");
            table.extend(deletion_hashes(k).map(|h| (h, i)));
        }
        table.sort_unstable();
        table.dedup();
        Neighbourhood { keys, table }
    }

    /// Keys one edit (a letter dropped, added, changed or two swapped) from `key`.
    pub fn near<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut found: Vec<&str> = deletion_hashes(key)
            .flat_map(|h| {
                let from = self.table.partition_point(|&(t, _)| t < h);
                self.table[from..].iter().take_while(move |&&(t, _)| t == h)
            })
            .map(|&(_, i)| &*self.keys[i as usize])
            .filter(|k| *k != key && strsim::damerau_levenshtein(k, key) == 1)
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter()
    }
}

/// Hashes of `key` with each one of its letters removed, and of `key` itself.
fn deletion_hashes(key: &str) -> impl Iterator<Item = u64> + '_ {
    key.char_indices()
        .map(move |(i, c)| fnv1a(fnv1a(FNV_OFFSET, &key[..i]), &key[i + c.len_utf8()..]))
        .chain(std::iter::once(fnv1a(FNV_OFFSET, key)))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `s`, continuing from `hash`: hashing two pieces in turn equals hashing
/// them joined, so a deletion hashes alike whichever key it was cut from.
fn fnv1a(hash: u64, s: &str) -> u64 {
    s.bytes().fold(hash, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Names;
    use crate::document::DocKind;
    use crate::segment::segment;
    use std::sync::Arc;

    fn index(text: &str) -> NameIndex {
        let seg = segment(text, DocKind::Text);
        Arc::unwrap_or_clone(Names::extract(&seg.paragraphs).index)
    }

    #[test]
    fn merged_shards_equal_the_whole() {
        let a = "Talia Okereke met Rui Quaresma in Faro.";
        let b = "Okereke later thanked Quaresma and Okerkee.";
        let mut merged = index(a);
        merged.merge(&index(b));
        assert_eq!(merged, index(&format!("{a}\n\n{b}")));
        assert_eq!(merged.count("okereke"), 2);
        let json = serde_json::to_string(&merged).unwrap();
        let back: NameIndex = serde_json::from_str(&json).unwrap();
        assert_eq!(back, merged);
        merged.subtract(&index(b));
        assert_eq!(merged, index(a));
        merged.subtract(&index(a));
        assert!(merged.forms.is_empty() && merged.context.is_empty());
    }

    #[test]
    fn near_keys_are_one_edit_away() {
        let idx = index("Okereke, Okerkee, Okerekke, Okerek, Okxreke, Okonkwo met.");
        let near: Vec<&str> = idx.near("okereke").collect();
        assert_eq!(near, vec!["okerek", "okerekke", "okerkee", "okxreke"]);
    }
}
