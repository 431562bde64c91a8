//! Counts of name spellings, mergeable across files: what `copydesk index` writes and
//! `--names-index` reads, so a name spelt one way in forty articles and another way in one
//! can be judged by the whole workspace.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Mention;

/// The three tables of a [`NameIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Table {
    Forms,
    Context,
    Titles,
}

/// Key → what was counted under it → occurrences, as one list of rows sorted by key and
/// then by what was counted. Most keys hold one or two counts, and a map per key (a tree
/// node of eleven slots for one entry) cost several times the counts themselves.
///
/// The list is cut into chunks of about [`CHUNK`] rows, each behind an `Arc` and never
/// cutting a key's rows: a copy shares the chunks, and a change copies only the chunk it
/// touches, so that a document's index changed on every keystroke (while the server still
/// holds the index before) costs a few rows, not the document's.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// In order, none empty.
    chunks: Vec<Arc<Vec<Row>>>,
}

/// Rows a chunk is cut to; one grown past twice as many is cut again. Two in unit tests,
/// so that their few rows cross chunks.
const CHUNK: usize = if cfg!(test) { 2 } else { 32 };

/// One count: the key and what is counted under it in one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// The key followed by the item.
    text: Box<str>,
    /// Where the item starts in `text`.
    split: u32,
    n: u32,
    /// The key's [`prefix`]: a key sought among the rows is compared by number first, and
    /// most comparisons end there, without comparing text.
    key_prefix: u64,
}

impl Row {
    fn new(key: &str, item: &str, n: u32) -> Row {
        Row::with_prefix(prefix(key), key, item, n)
    }

    /// [`Row::new`], given the key's [`prefix`].
    fn with_prefix(key_prefix: u64, key: &str, item: &str, n: u32) -> Row {
        let mut text = String::with_capacity(key.len() + item.len());
        text.push_str(key);
        text.push_str(item);
        Row {
            text: text.into_boxed_str(),
            split: u32::try_from(key.len()).expect("keys are short"),
            n,
            key_prefix,
        }
    }

    /// How the row's key compares with the key `sought` ([`Sought::of`]).
    fn cmp_key(&self, sought: &Sought) -> Ordering {
        (self.key_prefix, self.key()).cmp(sought)
    }

    fn key(&self) -> &str {
        &self.text[..self.split as usize]
    }

    fn item(&self) -> &str {
        &self.text[self.split as usize..]
    }

    fn pair(&self) -> (&str, &str) {
        (self.key(), self.item())
    }
}

/// A (key, item) pair behind the first eight bytes of each read as a number: tuples of
/// these sort as the pairs do, and most comparisons end at a number, without comparing
/// text.
type Prefixed<'a> = (u64, &'a str, u64, &'a str);

/// A key sought among rows, behind its [`prefix`].
type Sought<'a> = (u64, &'a str);

fn prefixed<'a>(key: &'a str, item: &'a str) -> Prefixed<'a> {
    (prefix(key), key, prefix(item), item)
}

/// The first eight bytes of `s` (zeros past its end) as a big-endian number: one string
/// coming before another has a prefix no greater, so ties alone compare the text.
pub(super) fn prefix(s: &str) -> u64 {
    let bytes = s.as_bytes();
    match bytes.first_chunk() {
        Some(&eight) => u64::from_be_bytes(eight),
        None => {
            let mut eight = [0; 8];
            eight[..bytes.len()].copy_from_slice(bytes);
            u64::from_be_bytes(eight)
        }
    }
}

/// The counts under one key.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a>(&'a [Row]);

impl<'a> Group<'a> {
    /// How many different things are counted (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never: a key without counts is not in the table.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What is counted and how often, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        self.0.iter().map(|r| (r.item(), r.n))
    }

    /// What is counted, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().map(Row::item)
    }

    pub fn get(&self, item: &str) -> Option<u32> {
        self.0
            .binary_search_by(|r| r.item().cmp(item))
            .ok()
            .map(|i| self.0[i].n)
    }

    pub fn contains_key(&self, item: &str) -> bool {
        self.get(item).is_some()
    }

    pub fn total(&self) -> u32 {
        self.0.iter().map(|r| r.n).sum()
    }
}

impl PartialEq for Group<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl PartialEq for Counts {
    fn eq(&self, other: &Self) -> bool {
        self.rows().eq(other.rows())
    }
}

impl Eq for Counts {}

impl Counts {
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    fn rows(&self) -> impl Iterator<Item = &Row> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The chunk holding `key`'s rows, or that would: the last not starting after it (the
    /// first if all do). Not to be asked of an empty table.
    fn chunk_of(&self, key: &Sought) -> usize {
        self.chunks
            .partition_point(|c| c[0].cmp_key(key).is_le())
            .saturating_sub(1)
    }

    /// The counts under `key`, if any.
    pub fn get(&self, key: &str) -> Option<Group<'_>> {
        let key = (prefix(key), key);
        let rows = self.chunks.get(self.chunk_of(&key))?;
        let from = rows.partition_point(|r| r.cmp_key(&key).is_lt());
        // a key holds a count or two
        let to = from
            + (rows[from..].iter())
                .take_while(|r| r.cmp_key(&key).is_eq())
                .count();
        (from < to).then(|| Group(&rows[from..to]))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Each key with its counts, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Group<'_>)> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| c.chunk_by(|a, b| a.key() == b.key()))
            .map(|rows| (rows[0].key(), Group(rows)))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(key, _)| key)
    }

    /// Change one count by `by`, dropping it when it reaches 0.
    fn bump(&mut self, key: &str, item: &str, by: i64) {
        if self.chunks.is_empty() {
            if by > 0 {
                let n = u32::try_from(by).expect("counts fit in u32");
                self.chunks.push(Arc::new(vec![Row::new(key, item, n)]));
            }
            return;
        }
        let c = self.chunk_of(&(prefix(key), key));
        // found before the chunk is made this table's own, so that no change copies nothing
        let found = self.chunks[c].binary_search_by(|r| r.pair().cmp(&(key, item)));
        if found.is_err() && by <= 0 {
            return;
        }
        let rows = Arc::make_mut(&mut self.chunks[c]);
        match found {
            Ok(i) if by > 0 => {
                rows[i].n += u32::try_from(by).expect("counts fit in u32");
            }
            Ok(i) => {
                let row = &mut rows[i];
                row.n = row
                    .n
                    .saturating_sub(u32::try_from(-by).expect("counts fit in u32"));
                if row.n == 0 {
                    rows.remove(i);
                }
            }
            Err(i) => {
                let n = u32::try_from(by).expect("counts fit in u32");
                rows.insert(i, Row::new(key, item, n));
            }
        }
        if rows.is_empty() || rows.len() > 2 * CHUNK {
            let rows = std::mem::take(rows);
            self.chunks.splice(c..=c, chunked(rows));
        }
    }

    /// Counts of (key, item) pairs in any order, each occurring once per pair: the pairs
    /// are sorted and added up as borrowed text, so that a row is made once for a name
    /// written ten times, not made ten times and nine dropped.
    fn from_pairs(mut pairs: Vec<Prefixed>) -> Counts {
        pairs.sort_unstable();
        let mut out = Chunker::default();
        for same in pairs.chunk_by(|a, b| a == b) {
            let n = u32::try_from(same.len()).expect("counts fit in u32");
            let (key_prefix, key, _, item) = same[0];
            out.push(Row::with_prefix(key_prefix, key, item, n));
        }
        Counts {
            chunks: out.finish(),
        }
    }

    /// The sum of `tables`, their rows read in place and a row made for each (key, item)
    /// once. The files of a workspace share most of their names: their rows are added up
    /// in a hash map (std's, keyed at random, as the text is the files'), and only the
    /// pairs it holds are sorted. Added in turn, a sum of many files moved each row once
    /// per level of a tree and copied each file's, shared with the file's names.
    fn sum(tables: &[&Counts]) -> Counts {
        // by a row's text and where its item starts: one string hashed, not two
        let mut counts: HashMap<(&str, u32), u32> = HashMap::new();
        for row in tables.iter().flat_map(|t| t.rows()) {
            *counts.entry((&row.text, row.split)).or_default() += row.n;
        }
        let mut rows: Vec<(Prefixed, u32)> = (counts.into_iter())
            .map(|((text, split), n)| {
                let (key, item) = text.split_at(split as usize);
                (prefixed(key, item), n)
            })
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut out = Chunker::default();
        for ((key_prefix, key, _, item), n) in rows {
            out.push(Row::with_prefix(key_prefix, key, item, n));
        }
        Counts {
            chunks: out.finish(),
        }
    }

    /// Counts built from rows in any order, adding up the same (key, item).
    fn from_rows(mut rows: Vec<Row>) -> Counts {
        rows.sort_unstable_by(|a, b| a.pair().cmp(&b.pair()));
        rows.dedup_by(|later, kept| {
            let same = later.pair() == kept.pair();
            if same {
                kept.n += later.n;
            }
            same
        });
        Counts {
            chunks: chunked(rows),
        }
    }

    /// Both tables' rows in order, merged by `f` (given this table's count, or `None`, and
    /// the other's), which says what count the row keeps (`None`: drop it). One pass over
    /// both, chunk by chunk: indexes are merged pairwise and summed over many documents. A
    /// chunk none of the other's rows fall in is kept as it is, so a document's few rows
    /// merge into a workspace's many at the cost of the chunks they fall in.
    fn combine(&mut self, other: &Counts, f: impl Fn(Option<u32>, u32) -> Option<u32>) {
        if other.is_empty() {
            return;
        }
        let mut theirs = Cursor {
            chunks: &other.chunks,
            at: 0,
        };
        let mut out = Chunker::default();
        let mut old = std::mem::take(&mut self.chunks).into_iter().peekable();
        while let Some(chunk) = old.next() {
            // the other's rows before the next chunk's first key fall in this one
            let bound = old.peek().map(|next| next[0].key());
            if theirs
                .peek()
                .is_none_or(|t| bound.is_some_and(|b| t.key() >= b))
            {
                out.keep(chunk);
                continue;
            }
            match Arc::try_unwrap(chunk) {
                Ok(mine) => merge_rows(mine.into_iter(), &mut theirs, bound, &f, &mut out),
                Err(shared) => merge_rows(shared.iter().cloned(), &mut theirs, bound, &f, &mut out),
            }
        }
        // an empty table takes all the other's rows
        merge_rows(std::iter::empty(), &mut theirs, None, &f, &mut out);
        self.chunks = out.finish();
    }
}

/// Sorted `rows` cut into chunks of [`CHUNK`] rows or a little more, each ending with a
/// key's last row.
fn chunked(rows: Vec<Row>) -> Vec<Arc<Vec<Row>>> {
    let mut out = Chunker::default();
    rows.into_iter().for_each(|row| out.push(row));
    out.finish()
}

/// Chunks being made: rows given in order are cut as [`chunked`] cuts them, and a chunk
/// kept whole goes in as it is.
#[derive(Default)]
struct Chunker {
    chunks: Vec<Arc<Vec<Row>>>,
    open: Vec<Row>,
}

impl Chunker {
    fn push(&mut self, row: Row) {
        if self.open.len() >= CHUNK && self.open.last().is_some_and(|l| l.key() != row.key()) {
            self.close();
        }
        if self.open.capacity() == 0 {
            self.open.reserve_exact(CHUNK);
        }
        self.open.push(row);
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            self.chunks.push(Arc::new(std::mem::take(&mut self.open)));
        }
    }

    fn keep(&mut self, chunk: Arc<Vec<Row>>) {
        self.close();
        self.chunks.push(chunk);
    }

    fn finish(mut self) -> Vec<Arc<Vec<Row>>> {
        self.close();
        self.chunks
    }
}

/// A table's rows read in order across its chunks.
struct Cursor<'a> {
    /// The chunks not yet read through, the first from row `at`.
    chunks: &'a [Arc<Vec<Row>>],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a Row> {
        self.chunks.first().map(|c| &c[self.at])
    }

    /// The next row, if its key comes before `bound` (`None`: any key).
    fn next_before(&mut self, bound: Option<&str>) -> Option<&'a Row> {
        let row = self.peek().filter(|r| bound.is_none_or(|b| r.key() < b))?;
        self.at += 1;
        if self.at == self.chunks[0].len() {
            self.chunks = &self.chunks[1..];
            self.at = 0;
        }
        Some(row)
    }
}

/// `mine` and the rows of `theirs` before `bound`, both sorted, merged by `f` as
/// [`Counts::combine`] says, into `out`.
fn merge_rows(
    mine: impl Iterator<Item = Row>,
    theirs: &mut Cursor,
    bound: Option<&str>,
    f: impl Fn(Option<u32>, u32) -> Option<u32>,
    out: &mut Chunker,
) {
    let mut mine = mine.peekable();
    while let Some(t) = theirs.next_before(bound) {
        let mut same = None;
        while let Some(m) = mine.peek() {
            match m.pair().cmp(&t.pair()) {
                Ordering::Less => out.push(mine.next().expect("a row was peeked")),
                Ordering::Equal => {
                    same = mine.next();
                    break;
                }
                Ordering::Greater => break,
            }
        }
        match same {
            Some(row) => {
                if let Some(n) = f(Some(row.n), t.n) {
                    out.push(Row { n, ..row });
                }
            }
            None => {
                if let Some(n) = f(None, t.n) {
                    out.push(Row { n, ..t.clone() });
                }
            }
        }
    }
    mine.for_each(|row| out.push(row));
}

/// Written as `copydesk index` always wrote it: an object of keys, each an object of what
/// was counted under it.
impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Items<'a>(Group<'a>);
        impl Serialize for Items<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter())
            }
        }
        serializer.collect_map(self.iter().map(|(key, group)| (key, Items(group))))
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let nested = BTreeMap::<String, BTreeMap<String, u32>>::deserialize(deserializer)?;
        let rows = nested
            .iter()
            .flat_map(|(key, items)| items.iter().map(move |(item, &n)| Row::new(key, item, n)))
            .collect();
        Ok(Counts::from_rows(rows))
    }
}

/// Each count `mentions[which]` add to an index, as (table, key, what is counted under it):
/// each one's spelling, its title and the keys of the name words beside it.
pub(super) fn each_count<'a>(
    mentions: &'a [Mention],
    which: Range<usize>,
    mut f: impl FnMut(Table, &'a str, &'a str),
) {
    for m in &mentions[which] {
        f(Table::Forms, m.key(), m.form());
        if let Some(title) = m.title {
            f(Table::Titles, m.key(), title);
        }
        for i in [m.prev, m.next].into_iter().flatten() {
            f(Table::Context, m.key(), mentions[i].key());
        }
    }
}

/// Spellings and neighbours of every name key. Counts add up, so indexes built per file
/// (or per shard, in parallel) merge into the index of the whole set.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct NameIndex {
    /// Folded key → spelling as written → occurrences.
    pub forms: Counts,
    /// Folded key → key of a name word beside it → occurrences ("gerard" → "depardieu").
    pub context: Counts,
    /// Folded key → title written before it → occurrences ("echeverria" → "Ms").
    #[serde(default)]
    pub titles: Counts,
    /// One-deletion neighbourhood of the keys, built on first use (see [`NameIndex::near`]).
    #[serde(skip)]
    deletions: OnceLock<Settled>,
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
    /// The index of `mentions`.
    pub(super) fn of(mentions: &[Mention]) -> NameIndex {
        // a spelling per mention, a neighbour or two for most, a title for few
        let mut counted: [Vec<Prefixed>; 3] = [
            Vec::with_capacity(mentions.len()),
            Vec::with_capacity(2 * mentions.len()),
            Vec::new(),
        ];
        each_count(mentions, 0..mentions.len(), |table, key, item| {
            counted[table as usize].push(prefixed(key, item));
        });
        let [forms, context, titles] = counted.map(Counts::from_pairs);
        NameIndex {
            forms,
            context,
            titles,
            deletions: OnceLock::new(),
        }
    }

    /// Change the count of `item` under `key` in `table` by `by`, dropping what reaches 0.
    pub(super) fn bump(&mut self, table: Table, key: &str, item: &str, by: i64) {
        let counts = match table {
            Table::Forms => &mut self.forms,
            Table::Context => &mut self.context,
            Table::Titles => &mut self.titles,
        };
        counts.bump(key, item, by);
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
            target.combine(source, |have, n| Some(have.unwrap_or(0) + n));
        }
        self.deletions = OnceLock::new();
    }

    /// The sum of `indexes`, read in place: for many indexes of like size (a run's files),
    /// which merging in turn would read again and again.
    pub fn sum(indexes: &[&NameIndex]) -> NameIndex {
        let table = |which: fn(&NameIndex) -> &Counts| {
            Counts::sum(&indexes.iter().map(|i| which(i)).collect::<Vec<_>>())
        };
        NameIndex {
            forms: table(|i| &i.forms),
            context: table(|i| &i.context),
            titles: table(|i| &i.titles),
            deletions: OnceLock::new(),
        }
    }

    /// Take away counts [`merge`](Self::merge) added, dropping spellings and keys left with
    /// none, so that merging `other` and subtracting it again gives back the same index: a
    /// server replaces one document's contribution without re-merging every other.
    pub fn subtract(&mut self, other: &NameIndex) {
        for (target, source) in self.tables_with(other) {
            target.combine(source, |have, n| {
                have.map(|have| have.saturating_sub(n)).filter(|&n| n > 0)
            });
        }
        self.deletions = OnceLock::new();
    }

    /// Occurrences of every spelling under `key`.
    pub fn count(&self, key: &str) -> u32 {
        self.forms.get(key).map_or(0, |f| f.total())
    }

    /// The keys of names written beside `key`.
    pub fn neighbours(&self, key: &str) -> impl Iterator<Item = &str> + '_ {
        self.context.get(key).into_iter().flat_map(|c| c.keys())
    }

    /// The titles written before `key` ("Mr", "President").
    pub fn titles(&self, key: &str) -> impl Iterator<Item = &str> + '_ {
        self.titles.get(key).into_iter().flat_map(|c| c.keys())
    }

    /// The most frequent spelling under `key` (ties: the one with more non-ASCII letters,
    /// since accents are lost in transit, never added).
    pub fn majority_form(&self, key: &str) -> Option<&str> {
        self.forms.get(key).and_then(|forms| {
            forms
                .iter()
                .max_by_key(|(form, n)| (*n, super::accented_letters(form)))
                .map(|(form, _)| form)
        })
    }

    /// Keys one edit (a letter dropped, added, changed or two swapped) from `key`. The
    /// neighbourhood is built on first use and kept with the index, with what was found
    /// for each of its keys: for an index consulted many times (the workspace's, asked
    /// about the same keys by every file). One consulted briefly should use [`Near`].
    pub fn near<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let settled = self.deletions.get_or_init(|| {
            let hood = Neighbourhood::of(self.forms.keys());
            let found = std::iter::repeat_with(OnceLock::new)
                .take(hood.keys.len())
                .collect();
            Settled { hood, found }
        });
        settled.near(key)
    }
}

/// The neighbourhood of an index's keys, which no longer change, with the keys found near
/// each of them (by position, in order) once asked for.
#[derive(Debug)]
struct Settled {
    /// Its keys are the index's, in order.
    hood: Neighbourhood,
    found: Vec<OnceLock<Box<[u32]>>>,
}

impl Settled {
    fn near<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        // found by its hash in the table, not by comparing it with the keys
        let found = match self.hood.position(key) {
            Some(i) => Cow::Borrowed(
                &**self.found[i as usize].get_or_init(|| self.hood.near_positions(key).into()),
            ),
            None => Cow::Owned(self.hood.near_positions(key)),
        };
        (0..found.len()).map(move |j| &*self.hood.keys[found[j] as usize])
    }
}

/// The keys one edit from a key among a set of keys that does not change, for a judgement
/// made once: an article's few keys are compared directly (those a letter longer or
/// shorter), which costs less than building a [`Neighbourhood`] for them; more are found
/// through one, built here or kept by the caller.
pub enum Near<'a> {
    /// ASCII keys sorted by length, with their [`letters`].
    Few(Vec<(&'a str, u64)>),
    Built(Neighbourhood),
    Kept(&'a Neighbourhood),
}

/// Keys compared directly, at most (past that, their pairs cost more than a neighbourhood).
const FEW: usize = 128;

impl<'a> Near<'a> {
    /// The keys one edit from each other among `keys`, given in order, each once.
    pub fn of(keys: impl IntoIterator<Item = &'a str>) -> Near<'a> {
        let keys: Vec<&str> = keys.into_iter().collect();
        // a letter is a byte only in ASCII keys (folded keys are)
        if keys.len() > FEW || !keys.iter().all(|k| k.is_ascii()) {
            return Near::Built(Neighbourhood::of(keys));
        }
        let mut few: Vec<(&str, u64)> = keys.into_iter().map(|k| (k, letters(k))).collect();
        // by length alone: what is found near a key is sorted (Near::near), so the order
        // within a length does not matter, and an unstable sort needs no room of its own
        few.sort_unstable_by_key(|(k, _)| k.len());
        Near::Few(few)
    }

    /// Keys one edit from `key`, in order.
    pub fn near<'b>(&'b self, key: &'b str) -> std::vec::IntoIter<&'b str> {
        let hood = match self {
            Near::Few(keys) if key.is_ascii() => {
                let from = keys.partition_point(|(k, _)| k.len() + 1 < key.len());
                let to = keys.partition_point(|(k, _)| k.len() <= key.len() + 1);
                let mine = letters(key);
                let mut found: Vec<&str> = (keys[from..to].iter())
                    .filter(|&&(k, theirs)| {
                        (mine ^ theirs).count_ones() <= 2
                            && one_edit_in(k.as_bytes(), key.as_bytes())
                    })
                    .map(|&(k, _)| k)
                    .collect();
                found.sort_unstable();
                return found.into_iter();
            }
            Near::Few(keys) => {
                let mut found: Vec<&str> = (keys.iter().map(|&(k, _)| k))
                    .filter(|k| one_edit(k, key))
                    .collect();
                found.sort_unstable();
                return found.into_iter();
            }
            Near::Built(hood) => hood,
            Near::Kept(hood) => *hood,
        };
        let found: Vec<&str> = hood.near(key).collect();
        found.into_iter()
    }
}

/// Keys by their one-letter deletions, so that keys one edit apart are found through a
/// shared deletion rather than by comparing every pair. Deletions are kept as 64-bit
/// hashes beside the key's position: a collision only adds a candidate, which the exact
/// edit distance then rejects, and the table is a few bytes per deletion rather than a
/// string and a list each.
///
/// A document being edited keeps its neighbourhood as keys come and go, at the cost of
/// the key rather than of the table: a key taken away leaves its rows (pointing at a
/// position left empty, or holding a key come since, which the exact comparison tells
/// apart) until such rows are half the table, and a key added goes into a short list of
/// recent rows, sorted into the table once it grows.
#[derive(Debug, Default)]
pub struct Neighbourhood {
    keys: Vec<Box<str>>,
    /// (hash of a deletion or of a whole key, position in `keys`), sorted.
    table: Vec<(u64, u32)>,
    /// Rows added since `table` was last sorted, sorted.
    recent: Vec<(u64, u32)>,
    /// Positions in `keys` of keys taken away (left empty).
    free: Vec<u32>,
    /// Rows of keys taken away still in `table` or `recent`.
    stale: usize,
}

/// Recent rows sorted into the table at once (few in unit tests, so that they do).
const RECENT: usize = if cfg!(test) { 4 } else { 256 };

impl Neighbourhood {
    pub fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> Neighbourhood {
        let keys: Vec<Box<str>> = keys.into_iter().map(Box::from).collect();
        let mut table = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 name keys");
            table.extend(deletion_hashes(k).map(|h| (h, i)));
        }
        table.sort_unstable();
        table.dedup();
        Neighbourhood {
            keys,
            table,
            ..Neighbourhood::default()
        }
    }

    /// The positions of the keys with a row for hash `h` (of keys taken away too).
    fn rows(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        with_hash(&self.table, h).chain(with_hash(&self.recent, h))
    }

    /// The position of `key` in `keys`, if it is there.
    fn position(&self, key: &str) -> Option<u32> {
        self.rows(fnv1a(FNV_OFFSET, key))
            .find(|&i| &*self.keys[i as usize] == key)
    }

    /// Make the neighbourhood hold `key` exactly when `present`, at the cost of one key: a
    /// document being edited keeps its neighbourhood as its keys come and go.
    pub fn hold(&mut self, key: &str, present: bool) {
        match (self.position(key), present) {
            (None, true) => {
                let i = match self.free.pop() {
                    Some(i) => {
                        self.keys[i as usize] = key.into();
                        i
                    }
                    None => {
                        self.keys.push(key.into());
                        u32::try_from(self.keys.len() - 1).expect("fewer than 2^32 name keys")
                    }
                };
                for h in deletion_hashes(key) {
                    if self.table.binary_search(&(h, i)).is_err() {
                        if let Err(at) = self.recent.binary_search(&(h, i)) {
                            self.recent.insert(at, (h, i));
                        }
                    }
                }
                if self.recent.len() > RECENT {
                    self.table.append(&mut self.recent);
                    // two sorted runs: the stable sort merges them in one pass
                    self.table.sort();
                }
            }
            (Some(i), false) => {
                self.keys[i as usize] = Box::default();
                self.free.push(i);
                self.stale += deletion_hashes(key).count();
                if 2 * self.stale > self.table.len() + self.recent.len() {
                    *self =
                        Neighbourhood::of(self.keys.iter().map(|k| &**k).filter(|k| !k.is_empty()));
                }
            }
            _ => {}
        }
    }

    /// Keys one edit (a letter dropped, added, changed or two swapped) from `key`.
    pub fn near<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let found = self.near_positions(key);
        found.into_iter().map(|i| &*self.keys[i as usize])
    }

    /// The positions in `keys` of the keys one edit from `key`, in the keys' order.
    fn near_positions(&self, key: &str) -> Vec<u32> {
        let mut found: Vec<u32> = deletion_hashes(key).flat_map(|h| self.rows(h)).collect();
        // a key shares several deletions with its neighbours (and all with itself)
        found.sort_unstable();
        found.dedup();
        found.retain(|&i| {
            let k = &*self.keys[i as usize];
            !k.is_empty() && one_edit(k, key)
        });
        found.sort_unstable_by(|&a, &b| self.keys[a as usize].cmp(&self.keys[b as usize]));
        found
    }
}

/// The bytes of an ASCII word, a bit each (modulo 64): one edit takes away at most one
/// and brings at most one, so words whose sets differ by more are not one edit apart.
fn letters(word: &str) -> u64 {
    word.bytes().fold(0, |set, b| set | 1 << (b % 64))
}

/// Whether two words are one edit apart (a letter dropped, added or changed, or two
/// adjacent letters swapped): a Damerau-Levenshtein distance of 1, told without the
/// table (and the map of letters) that computing the distance takes.
pub fn one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        one_edit_in(a.as_bytes(), b.as_bytes())
    } else {
        let chars = |s: &str| -> Vec<char> { s.chars().collect() };
        one_edit_in(&chars(a), &chars(b))
    }
}

fn one_edit_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // the first letter that differs
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 if p == a.len() => false,
        0 => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len()
                    && a[p] == b[p + 1]
                    && a[p + 1] == b[p]
                    && a[p + 2..] == b[p + 2..])
        }
        1 => short[p..] == long[p + 1..],
        _ => false,
    }
}

/// The positions in the sorted `rows` with hash `h`.
fn with_hash(rows: &[(u64, u32)], h: u64) -> impl Iterator<Item = u32> + '_ {
    let from = rows.partition_point(|&(t, _)| t < h);
    rows[from..]
        .iter()
        .take_while(move |&&(t, _)| t == h)
        .map(|&(_, i)| i)
}

/// Hashes of `key` with each one of its letters removed, and of `key` itself.
fn deletion_hashes(key: &str) -> impl Iterator<Item = u64> + '_ {
    // the hash of the letters before the one removed, carried from one to the next
    let mut before = FNV_OFFSET;
    key.char_indices()
        .map(move |(i, c)| {
            let letter = &key[i..i + c.len_utf8()];
            let hash = fnv1a(before, &key[i + letter.len()..]);
            before = fnv1a(before, letter);
            hash
        })
        .chain(std::iter::once(fnv1a(FNV_OFFSET, key)))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// A 64-bit hash of a key, for finding the mentions of a few keys among many.
pub fn key_hash(key: &str) -> u64 {
    fnv1a(FNV_OFFSET, key)
}

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

    /// The nested maps the tables were before they became flat lists, as the model.
    type Model = BTreeMap<String, BTreeMap<String, u32>>;

    fn model_bump(model: &mut Model, key: &str, item: &str, by: i64) {
        let items = model.entry(key.to_string()).or_default();
        let n = items.entry(item.to_string()).or_default();
        *n = (i64::from(*n) + by).max(0) as u32;
        if *n == 0 {
            items.remove(item);
        }
        if items.is_empty() {
            model.remove(key);
        }
    }

    proptest::proptest! {
        /// Changed count by count, merged and subtracted, a table holds what the nested
        /// maps held and is written to JSON exactly as they were.
        #[test]
        fn flat_counts_behave_as_nested_maps(
            steps in proptest::collection::vec(
                // keys past eight bytes share their prefixes
                (0usize..3, "[a-c]{0,2}|abcabcab[a-c]{0,2}", "[A-C]{1,2}", -2i64..3), 0..40),
            other in proptest::collection::vec(("[a-c]{0,2}", "[A-C]{1,2}", 1u32..3), 0..10),
        ) {
            let mut index = NameIndex::default();
            let mut models: [Model; 3] = Default::default();
            let tables = [Table::Forms, Table::Context, Table::Titles];
            for (t, key, item, by) in &steps {
                if *by != 0 {
                    index.bump(tables[*t], key, item, *by);
                    model_bump(&mut models[*t], key, item, *by);
                }
            }
            // each key is found (by its prefix, then its text) as the maps hold it
            for (t, key, _, _) in &steps {
                let table = [&index.forms, &index.context, &index.titles][*t];
                let found: Option<Vec<(&str, u32)>> = table.get(key).map(|g| g.iter().collect());
                let expected: Option<Vec<(&str, u32)>> = (models[*t].get(key.as_str()))
                    .map(|items| items.iter().map(|(k, n)| (k.as_str(), *n)).collect());
                proptest::prop_assert_eq!(found, expected);
            }
            let mut added = NameIndex::default();
            for (key, item, n) in &other {
                added.bump(Table::Context, key, item, i64::from(*n));
            }
            let json = |m: &[Model; 3]| {
                let [forms, context, titles] = m.each_ref().map(|t| serde_json::to_string(t).unwrap());
                format!("{{\"forms\":{forms},\"context\":{context},\"titles\":{titles}}}")
            };
            let before = index.clone();
            proptest::prop_assert_eq!(serde_json::to_string(&index).unwrap(), json(&models));
            // summed with the other, either way round and with an empty one, as merged
            let summed = NameIndex::sum(&[&before, &added]);
            let other_way = NameIndex::sum(&[&NameIndex::default(), &added, &before]);
            index.merge(&added);
            proptest::prop_assert_eq!(&summed, &index);
            proptest::prop_assert_eq!(&other_way, &index);
            for (key, item, n) in &other {
                model_bump(&mut models[1], key, item, i64::from(*n));
            }
            let written = serde_json::to_string(&index).unwrap();
            proptest::prop_assert_eq!(&written, &json(&models));
            let read: NameIndex = serde_json::from_str(&written).unwrap();
            proptest::prop_assert_eq!(&read, &index);
            for (key, group) in index.context.iter() {
                let expected: Vec<(&str, u32)> =
                    models[1][key].iter().map(|(k, n)| (k.as_str(), *n)).collect();
                proptest::prop_assert_eq!(group.iter().collect::<Vec<_>>(), expected);
            }
            // more than two, each read in place
            let mut thrice = index.clone();
            thrice.merge(&before);
            proptest::prop_assert_eq!(&NameIndex::sum(&[&before, &added, &before]), &thrice);
            index.subtract(&added);
            proptest::prop_assert_eq!(index, before);
        }
    }

    proptest::proptest! {
        /// Strings sort as their prefixes and then themselves do: short ones, zero bytes
        /// and letters past the first eight included.
        #[test]
        fn prefixed_strings_sort_as_strings(a in "[a\\x00é]{0,10}", b in "[a\\x00é]{0,10}") {
            proptest::prop_assert_eq!((prefix(&a), &a).cmp(&(prefix(&b), &b)), a.cmp(&b));
        }
    }

    #[test]
    fn a_changed_copy_shares_all_chunks_but_one() {
        let text = "Talia Okereke met Rui Quaresma, Ines Faro and Bruno Lage in Faro.";
        let index = index(text);
        let mut copy = index.clone();
        copy.bump(Table::Forms, "okereke", "Okereke", 1);
        copy.bump(Table::Forms, "okereke", "OKEREKE", 1);
        let shared = |a: &Counts, b: &Counts| {
            a.chunks
                .iter()
                .filter(|c| b.chunks.iter().any(|d| Arc::ptr_eq(c, d)))
                .count()
        };
        assert!(index.forms.chunks.len() > 2);
        assert_eq!(
            shared(&copy.forms, &index.forms),
            index.forms.chunks.len() - 1
        );
        assert_eq!(
            shared(&copy.context, &index.context),
            index.context.chunks.len()
        );
        assert_eq!(copy.forms.get("okereke").unwrap().total(), 3);
        assert_eq!(index.count("okereke"), 1);
    }

    #[test]
    fn a_neighbourhood_follows_keys_coming_and_going() {
        let all = [
            "okereke", "okerkee", "okerekke", "okerek", "okxreke", "okonkwo",
        ];
        let mut kept = Neighbourhood::of(all[..3].iter().copied());
        kept.hold("okerkee", false);
        kept.hold("okerek", true);
        kept.hold("okxreke", true);
        kept.hold("okerkee", true);
        kept.hold("okerek", true);
        kept.hold("okonkwo", false);
        let fresh = Neighbourhood::of(all[..5].iter().copied());
        for key in all {
            assert_eq!(
                kept.near(key).collect::<Vec<_>>(),
                fresh.near(key).collect::<Vec<_>>()
            );
        }
        assert_eq!(kept.near("okereke").count(), 4);
    }

    proptest::proptest! {
        /// A neighbourhood whose keys come and go finds what one built afresh finds.
        #[test]
        fn a_held_neighbourhood_is_a_fresh_one(
            first in proptest::collection::btree_set("[ab]{1,3}", 0..6),
            steps in proptest::collection::vec(("[ab]{1,3}", proptest::bool::ANY), 0..40),
        ) {
            let mut kept = Neighbourhood::of(first.iter().map(|k| k.as_str()));
            let mut present = first.clone();
            for (key, hold) in &steps {
                kept.hold(key, *hold);
                if *hold {
                    present.insert(key.clone());
                } else {
                    present.remove(key);
                }
                let fresh = Neighbourhood::of(present.iter().map(|k| k.as_str()));
                for probe in ["a", "b", "ab", "ba", "aab", "bbb", "", "abab"] {
                    proptest::prop_assert_eq!(
                        kept.near(probe).collect::<Vec<_>>(),
                        fresh.near(probe).collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// One edit apart exactly when the Damerau-Levenshtein distance is 1.
        #[test]
        fn one_edit_is_distance_one(a in "[abé]{0,5}", b in "[abé]{0,5}") {
            let expected = strsim::damerau_levenshtein(&a, &b) == 1;
            proptest::prop_assert_eq!(one_edit(&a, &b), expected);
            let (a, b) = (a.replace('é', "c"), b.replace('é', "c"));
            proptest::prop_assert_eq!(one_edit(&a, &b), strsim::damerau_levenshtein(&a, &b) == 1);
        }
    }

    proptest::proptest! {
        /// Keys compared directly, and the workspace's neighbourhood kept with what it
        /// found, find what a neighbourhood built afresh finds.
        #[test]
        fn near_keys_are_found_alike_every_way(
            keys in proptest::collection::btree_set("[abé]{1,4}", 0..12),
            probe in "[abé]{0,5}",
        ) {
            let fresh = Neighbourhood::of(keys.iter().map(|k| k.as_str()));
            let expected: Vec<&str> = fresh.near(&probe).collect();
            let direct = Near::of(keys.iter().map(|k| k.as_str()));
            proptest::prop_assert_eq!(direct.near(&probe).collect::<Vec<_>>(), expected);
            let ascii: Vec<String> = keys.iter().map(|k| k.replace('é', "c")).collect();
            let ascii_probe = probe.replace('é', "c");
            let fresh = Neighbourhood::of(ascii.iter().map(|k| k.as_str()));
            let direct = Near::of(ascii.iter().map(|k| k.as_str()));
            proptest::prop_assert!(matches!(direct, Near::Few(_)));
            proptest::prop_assert_eq!(
                direct.near(&ascii_probe).collect::<Vec<_>>(),
                fresh.near(&ascii_probe).collect::<Vec<_>>()
            );
            let mut index = NameIndex::default();
            for k in &keys {
                index.bump(Table::Forms, k, "X", 1);
            }
            // asked twice: found, then kept
            for k in keys.iter().chain([&probe]).chain(keys.iter()) {
                let fresh = Neighbourhood::of(keys.iter().map(|k| k.as_str()));
                proptest::prop_assert_eq!(
                    index.near(k).collect::<Vec<_>>(),
                    fresh.near(k).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn a_deletion_hashes_as_the_word_it_leaves() {
        let left = [
            "élène", "hlène", "héène", "hélne", "hélèe", "hélèn", "hélène",
        ];
        let expected: Vec<u64> = left.iter().map(|w| key_hash(w)).collect();
        assert_eq!(deletion_hashes("hélène").collect::<Vec<_>>(), expected);
    }

    #[test]
    fn near_keys_are_one_edit_away() {
        let idx = index("Okereke, Okerkee, Okerekke, Okerek, Okxreke, Okonkwo met.");
        let near: Vec<&str> = idx.near("okereke").collect();
        assert_eq!(near, vec!["okerek", "okerekke", "okerkee", "okxreke"]);
    }
}
