//! Which name mentions are variants, and of what: the judgement `names/variant` and
//! `names/diacritics` share. Evidence, strongest first: the house list (a listed name
//! written with one word wrong), spellings of the same key in the text (an accent the text
//! has elsewhere), one-edit neighbours in the text (a rarer spelling beside a frequent one,
//! unless each has its own first name), and last the workspace's counts.

use std::any::Any;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::names::{
    accented_letters, fold, has_other_script, key_hash, umlaut_fold, Group, Mention, NameIndex,
    Names, Near, Neighbourhood,
};
use crate::analysis::Analysis;

use super::house::{one_edit_apart, one_letter_changed, HouseList, Word};
use crate::analysis::names::finding::{Before, Judgement, Respelling};
pub use crate::analysis::names::finding::{Finding, Kind};

/// Why a spelling is thought wrong, for the message.
#[derive(Debug, Clone)]
enum Evidence {
    House,
    /// Counts in this text of the flagged and the canonical spelling.
    Text(u32, u32),
    /// Counts in the workspace.
    Workspace(u32, u32),
}

/// Per mention at the head of a run of name words: the listed names found in the run, as
/// (position in the run, the list's spelling of the word and its key, the folded words of
/// the name), in the order found.
type Matches = Option<Box<[(usize, String, String, Arc<FxHashSet<String>>)]>>;

/// Per folded word, the list's spelling and the folded words of the listed name it was
/// first seen in, for bare mentions of the same word.
type Listed = FxHashMap<String, (String, Arc<FxHashSet<String>>)>;

/// Accented spellings by their key with every accented letter dropped, as (key, spelling).
type Stripped = FxHashMap<String, BTreeSet<(String, String)>>;

/// Spelling → keys of the name words written beside it → how often.
type BesideCounts = FxHashMap<Box<str>, FxHashMap<Box<str>, u32>>;

/// Folded word → (the list's spelling and the folded words of a listed name it is in, the
/// runs finding it so).
type Listings = FxHashMap<String, Vec<((String, Arc<FxHashSet<String>>), u32)>>;

/// Everything the judgement is made from besides the names themselves, kept between
/// judgements of a document being edited so that an edit is judged at the cost of the keys
/// it touched. A verdict depends on its mention, the counts of its key, of the keys one edit
/// from it and of the accented spellings that lose their accented letters to it, and the
/// listed names found in the text; so only mentions of keys near those whose counts an
/// edit changed are judged again (and those it replaced), and the findings of the others
/// are kept.
struct Memory {
    /// One per mention, in order.
    slots: Vec<Slot>,
    /// The mentions of each key, by the key's hash (empty unless the memory is kept): the
    /// mentions of the keys an edit affects are looked up there (a collision only judges
    /// one more mention again), not found by reading every mention's.
    at: Positions,
    listed: Listed,
    /// Per listed word, each spelling and name it is listed with and in how many runs:
    /// the first run has its way only among several, so a run coming or going reads the
    /// slots again only for a word listed two ways.
    listings: Listings,
    /// The keys by their one-letter deletions, kept up to date only in a document being
    /// edited; otherwise the judgement compares the keys ([`Near`]).
    own: Option<Neighbourhood>,
    stripped: Stripped,
    /// Kept up to date only in a document being edited; otherwise gathered when first
    /// needed, which only two rarer kinds of evidence do.
    beside: Option<BesideCounts>,
}

/// What is known of one mention.
#[derive(Default)]
struct Slot {
    /// At the head of a run of name words, the listed names found in the run.
    run: Matches,
    /// Inside a listed name, the list's spelling of the word.
    listed_as: Option<String>,
    /// The mention's title, counted under its key: what an edit replacing the mention
    /// takes away.
    title: Option<&'static str>,
    /// The mention is written garbled.
    garbled: bool,
}

impl Slot {
    /// Whether a mention with this slot is judged as one with `other` (their key,
    /// spelling and neighbours the same).
    fn is(&self, other: &Slot) -> bool {
        self.listed_as == other.listed_as
            && self.title == other.title
            && self.garbled == other.garbled
    }
}

/// Judge the names of `doc`, following the judgement `before` an edit when there is one
/// made against the same house list; a judgement made with something `before` (a document
/// being edited) keeps what it needs to follow the next edit.
pub fn judge(doc: &Analysis, house: &HouseList, before: Option<Before>) -> Judgement {
    let names = &doc.names;
    let follow = before.is_some();
    let kept = before.and_then(|b| {
        let judgement = b.judgement.filter(|j| j.house == house.id())?;
        let memory = judgement.memory?.downcast::<Memory>().ok()?;
        Some((memory, judgement.findings, b.respelling))
    });
    let (memory, findings) = match kept {
        Some((mut memory, mut findings, respelling)) => {
            let stale = memory.follow(names, house, &respelling, &mut findings);
            memory.judge(doc, house, Some(stale), &mut findings);
            (memory, findings)
        }
        None => {
            let memory = Box::new(Memory::new(names, house, follow));
            let mut findings = Vec::new();
            memory.judge(doc, house, None, &mut findings);
            (memory, findings)
        }
    };
    Judgement {
        house: house.id(),
        findings,
        memory: follow.then_some(memory as Box<dyn Any + Send + Sync>),
    }
}

/// The mentions to judge again after an edit: those of keys with these hashes, sorted,
/// and those replaced.
struct Stale {
    keys: Vec<u64>,
    replaced: Vec<Range<usize>>,
}

/// The numbers of the mentions of each key, in order, by the key's hash.
#[derive(Default)]
struct Positions(FxHashMap<u64, Vec<usize>>);

impl Positions {
    fn of(names: &Names) -> Positions {
        let mut at = Positions::default();
        for (i, m) in names.mentions.iter().enumerate() {
            at.0.entry(key_hash(m.key())).or_default().push(i);
        }
        at
    }

    /// The mentions of keys hashing to `hash`.
    fn get(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        self.0.get(&hash).into_iter().flatten().copied()
    }

    /// The mentions from `start` whose keys hash to `went` were replaced by mentions whose
    /// keys hash to `came`. The numbers after them are written again only when the two
    /// differ in number, which typing inside a name does not.
    fn splice(&mut self, start: usize, went: &[u64], came: &[u64]) {
        for (i, hash) in (start..).zip(went) {
            let at = self.0.get_mut(hash).expect("a mention that went was held");
            at.remove(at.binary_search(&i).expect("a mention that went was held"));
            if at.is_empty() {
                self.0.remove(hash);
            }
        }
        if went.len() != came.len() {
            let end = start + went.len();
            for at in self.0.values_mut() {
                let after = at.partition_point(|&i| i < end);
                for i in &mut at[after..] {
                    *i = *i + came.len() - went.len();
                }
            }
        }
        for (i, hash) in (start..).zip(came) {
            let at = self.0.entry(*hash).or_default();
            at.insert(at.partition_point(|&j| j < i), i);
        }
    }
}

/// What an edit changed a count of, under a key: a spelling, a title, or a key written
/// beside a spelling (the counts of keys beside a key are their sum).
#[derive(PartialEq, Eq, Hash)]
enum Counted<'a> {
    Form(&'a str),
    Title(&'a str),
    Beside(&'a str, &'a str),
}

impl Memory {
    /// Everything judged afresh; `beside` and `listings` gathered now only when the
    /// memory is kept.
    fn new(names: &Names, house: &HouseList, keep: bool) -> Memory {
        let mut slots: Vec<Slot> = Vec::with_capacity(names.mentions.len());
        slots.resize_with(names.mentions.len(), Slot::default);
        fill(&mut slots, names, house, 0..names.mentions.len());
        let mut stripped = Stripped::default();
        for (key, forms) in names.index.forms.iter() {
            for form in forms.keys() {
                if let Some(plain) = stripped_key(form) {
                    stripped
                        .entry(plain)
                        .or_default()
                        .insert((key.to_string(), form.to_string()));
                }
            }
        }
        let mut listings = Listings::default();
        if keep {
            for run in slots.iter().filter_map(|s| s.run.as_deref()) {
                list(&mut listings, run, true, &mut Vec::new());
            }
        }
        Memory {
            listed: listed(&slots),
            listings,
            slots,
            at: if keep {
                Positions::of(names)
            } else {
                Positions::default()
            },
            own: keep.then(|| Neighbourhood::of(names.index.forms.keys())),
            stripped,
            beside: keep.then(|| beside_counts(names)),
        }
    }

    /// Carry what holds over `respelling` (the `findings` too) and bring the rest up to
    /// date; returns the mentions to judge again.
    fn follow(
        &mut self,
        names: &Names,
        house: &HouseList,
        respelling: &Respelling,
        findings: &mut Vec<Finding>,
    ) -> Stale {
        // What the mentions that went counted, and the listed words of the runs that went
        // or came: the slots of the mentions replaced are replaced in turn, the others
        // carried.
        let mut counts: FxHashMap<(&str, Counted), i64> = FxHashMap::default();
        let mut count = |key, counted, by| *counts.entry((key, counted)).or_default() += by;
        let mut gone = respelling.gone.as_slice();
        let mut words: Vec<String> = Vec::new();
        // Per splice, how many mentions at its start and at its end were read again as
        // they were: their verdicts hold unless their keys are affected.
        let mut same = Vec::with_capacity(respelling.spliced.len());
        for (was, now) in &respelling.spliced {
            let replaced = now.start..now.start + was.len();
            let new = std::iter::repeat_with(Slot::default).take(now.len());
            let old: Vec<Slot> = self.slots.splice(replaced.clone(), new).collect();
            let went;
            (went, gone) = gone.split_at(was.len());
            for (g, slot) in went.iter().zip(&old) {
                count(&g.key, Counted::Form(&g.form), -1);
                if let Some(title) = slot.title {
                    count(&g.key, Counted::Title(title), -1);
                }
                for n in &g.neighbours {
                    count(&g.key, Counted::Beside(&g.form, n), -1);
                }
                if let Some(run) = &slot.run {
                    list(&mut self.listings, run, false, &mut words);
                }
            }
            let came = &names.mentions[now.clone()];
            self.at.splice(
                replaced.start,
                &went.iter().map(|g| key_hash(&g.key)).collect::<Vec<_>>(),
                &came.iter().map(|m| key_hash(m.key())).collect::<Vec<_>>(),
            );
            fill(&mut self.slots, names, house, now.clone());
            let new = &self.slots[now.clone()];
            for (m, slot) in came.iter().zip(new) {
                count(m.key(), Counted::Form(m.form()), 1);
                if let Some(title) = slot.title {
                    count(m.key(), Counted::Title(title), 1);
                }
                for n in m.neighbours(names) {
                    count(m.key(), Counted::Beside(m.form(), n), 1);
                }
                if let Some(run) = &slot.run {
                    list(&mut self.listings, run, true, &mut words);
                }
            }
            let unchanged = |a: usize, b: usize| {
                let (g, m) = (&went[a], &came[b]);
                (g.key == m.key() && g.form == m.form() && old[a].is(&new[b]))
                    && g.neighbours
                        .iter()
                        .map(String::as_str)
                        .eq(m.neighbours(names))
            };
            let both = was.len().min(now.len());
            let start = (0..both).take_while(|&k| unchanged(k, k)).count();
            let end = (0..both - start)
                .take_while(|&k| unchanged(was.len() - 1 - k, now.len() - 1 - k))
                .count();
            same.push((start, end));
        }
        debug_assert_eq!(self.slots.len(), names.mentions.len());
        debug_assert!(gone.is_empty());
        // The findings of the mentions replaced go (those read again as they were move);
        // the others move by the splices before them.
        let mut splices = respelling.spliced.iter().zip(&same).peekable();
        let mut shift = 0isize;
        findings.retain_mut(|f| {
            while let Some(((was, now), _)) = splices.next_if(|((was, _), _)| was.end <= f.mention)
            {
                shift = now.end as isize - was.end as isize;
            }
            match splices.peek() {
                Some(((was, now), &(start, end))) if was.start <= f.mention => {
                    let k = f.mention - was.start;
                    f.mention = match k {
                        k if k < start => now.start + k,
                        k if k >= was.len() - end => now.end - (was.len() - k),
                        _ => return false,
                    };
                }
                _ => f.mention = f.mention.saturating_add_signed(shift),
            }
            true
        });

        // The keys whose counts changed: a mention read again as it was changes none.
        let index = &names.index;
        let mut changed: FxHashSet<&str> = FxHashSet::default();
        let mut forms: Vec<(&str, &str)> = Vec::new();
        for ((key, counted), by) in counts.into_iter().filter(|(_, by)| *by != 0) {
            changed.insert(key);
            match counted {
                Counted::Form(form) => forms.push((key, form)),
                Counted::Beside(form, n) => {
                    if let Some(beside) = &mut self.beside {
                        count_beside(beside, form, n, by);
                    }
                }
                Counted::Title(_) => {}
            }
        }
        for (key, form) in &forms {
            let Some(plain) = stripped_key(form) else {
                continue;
            };
            let present = index.forms.get(key).is_some_and(|f| f.contains_key(form));
            let spellings = self.stripped.entry(plain.clone()).or_default();
            let pair = (key.to_string(), form.to_string());
            if present {
                spellings.insert(pair);
            } else {
                spellings.remove(&pair);
                if spellings.is_empty() {
                    self.stripped.remove(&plain);
                }
            }
        }
        let own = self.own.as_mut().expect("a memory followed is kept");
        for key in &changed {
            own.hold(key, index.forms.contains_key(key));
        }
        // listed words whose spelling or name changed
        let mut changed: FxHashSet<String> = changed.into_iter().map(str::to_string).collect();
        words.sort_unstable();
        words.dedup();
        for word in words {
            let now = self.listed_as(&word);
            if self.listed.get(&word) != now.as_ref() {
                match now {
                    Some(now) => self.listed.insert(word.clone(), now),
                    None => self.listed.remove(&word),
                };
                changed.insert(word);
            }
        }

        let mut affected: Vec<u64> = changed.iter().map(|k| key_hash(k)).collect();
        let own = self.own.as_ref().expect("a memory followed is kept");
        for key in &changed {
            affected.extend(own.near(key).map(key_hash));
            let forms = index.forms.get(key).into_iter().flat_map(|f| f.keys());
            affected.extend(forms.filter_map(stripped_key).map(|k| key_hash(&k)));
        }
        affected.extend(
            forms
                .iter()
                .filter_map(|(_, form)| stripped_key(form))
                .map(|k| key_hash(&k)),
        );
        affected.sort_unstable();
        affected.dedup();
        Stale {
            keys: affected,
            replaced: (respelling.spliced.iter().zip(same))
                .map(|((_, now), (start, end))| now.start + start..now.end - end)
                .collect(),
        }
    }

    /// The list's spelling and name of `word` in the first run (in the text's order)
    /// listing it.
    fn listed_as(&self, word: &str) -> Option<(String, Arc<FxHashSet<String>>)> {
        match self.listings.get(word).map(Vec::as_slice)? {
            [(only, _)] => Some(only.clone()),
            _ => {
                let runs = self.slots.iter().filter_map(|s| s.run.as_deref());
                let mut words = runs.flatten();
                let (_, spelling, _, name) = words.find(|(_, _, key, _)| key == word)?;
                Some((spelling.clone(), name.clone()))
            }
        }
    }

    /// Bring `findings` up to date, judging again the `stale` mentions (`None`: every
    /// mention).
    fn judge(
        &self,
        doc: &Analysis,
        house: &HouseList,
        stale: Option<Stale>,
        findings: &mut Vec<Finding>,
    ) {
        let names = &doc.names;
        let Memory {
            slots,
            at,
            listed,
            own,
            stripped,
            beside,
            ..
        } = self;
        let beside = match beside {
            Some(counts) => Beside::Kept(counts),
            None => Beside::Read(names),
        };
        let own = match own {
            Some(own) => Near::Kept(own),
            None => Near::of(names.index.forms.keys()),
        };
        let workspace = doc.workspace().map(|w| &**w);
        // a key's facts once asked; every key's, read in one pass over the spellings, when
        // every mention is judged (rather than each key sought there)
        let mut facts: FxHashMap<&str, KeyFacts> = FxHashMap::with_capacity_and_hasher(
            stale.as_ref().map_or(names.mentions.len(), |_| 0),
            Default::default(),
        );
        let stale: Vec<usize> = match stale {
            None => {
                facts.extend(
                    (names.index.forms.iter())
                        .map(|(key, forms)| (key, KeyFacts::new(key, house, Some(forms)))),
                );
                (0..slots.len()).collect()
            }
            Some(Stale {
                keys: affected,
                replaced,
            }) => {
                let mut stale: Vec<usize> = affected.iter().flat_map(|h| at.get(*h)).collect();
                stale.extend(replaced.into_iter().flatten());
                stale.sort_unstable();
                stale.dedup();
                stale
            }
        };
        findings.retain(|f| stale.binary_search(&f.mention).is_err());
        for &i in &stale {
            let (m, slot) = (&names.mentions[i], &slots[i]);
            let target = match &slot.listed_as {
                Some(word) => Some((word.clone(), Evidence::House)),
                None => {
                    let key = facts
                        .entry(m.key())
                        .or_insert_with(|| KeyFacts::of(m.key(), house, &names.index));
                    let (word, forms) = (key.word, key.forms);
                    if word.avoided() {
                        None
                    } else {
                        house_word(m, names, &word, listed)
                            .or_else(|| same_key(m, names, forms, &beside))
                            .or_else(|| lost_letters(m, names, stripped, &beside))
                            // a real name is never taken for a slip
                            .or_else(|| match word.knows() {
                                true => None,
                                false => near_key(m, names, &own, workspace, house, listed, key),
                            })
                    }
                }
            };
            findings.extend(target.and_then(|(c, e)| reported(i, m, c, e, house)));
        }
        findings.sort_by_key(|f| f.mention);
    }
}

/// The finding for mention `i` spelt as `canonical`, unless that is no finding.
fn reported(
    i: usize,
    m: &Mention,
    canonical: String,
    evidence: Evidence,
    house: &HouseList,
) -> Option<Finding> {
    if m.garbled {
        return None; // names/mojibake repairs it
    }
    // Accents are lost in transit, never added: "Mærsk" where the list has "Maersk" is a
    // choice of spelling, not damage.
    if same_but_case(m.form(), &canonical)
        || fold(&canonical) == m.key() && accented_letters(m.form()) >= accented_letters(&canonical)
    {
        return None;
    }
    Some(finding(i, m, canonical, evidence, house))
}

/// Whether the two are the same lower-cased (without lower-casing them when ASCII).
fn same_but_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Make the slots of mentions `which` (whole runs): their titles and the listed names in
/// their runs.
fn fill(slots: &mut [Slot], names: &Names, house: &HouseList, which: Range<usize>) {
    let mut scratch = Scratch::default();
    for i in which {
        slots[i].title = names.mentions[i].title;
        slots[i].garbled = names.mentions[i].garbled;
        let Some(run) = listed_in_run(names, i, house, &mut scratch) else {
            continue;
        };
        for (at, word, _, _) in run.iter() {
            slots[i + at].listed_as = Some(word.clone());
        }
        slots[i].run = Some(run);
    }
}

/// The key of an accented spelling with every accented letter dropped, when long enough
/// to judge by: "Hélène" → "hlne".
fn stripped_key(form: &str) -> Option<String> {
    if accented_letters(form) == 0 {
        return None;
    }
    let key = fold(&without_accented_letters(form));
    (key.len() >= 3).then_some(key)
}

/// The keys of the name words written beside each spelling of `names`.
fn beside_counts(names: &Names) -> BesideCounts {
    let mut counts = BesideCounts::default();
    for m in &names.mentions {
        for n in m.neighbours(names) {
            count_beside(&mut counts, m.form(), n, 1);
        }
    }
    counts
}

/// Change by `by` how often `neighbour` is written beside `form`.
fn count_beside(counts: &mut BesideCounts, form: &str, neighbour: &str, by: i64) {
    let keys = counts.entry(form.into()).or_default();
    let n = keys.entry(neighbour.into()).or_default();
    *n = u32::try_from(i64::from(*n) + by).expect("counts taken away were added");
    if *n == 0 {
        keys.remove(neighbour);
        if keys.is_empty() {
            counts.remove(form);
        }
    }
}

/// Count (`add`) or take away the listed words of a run in `listings`, noting them in
/// `words`.
fn list(
    listings: &mut Listings,
    run: &[(usize, String, String, Arc<FxHashSet<String>>)],
    add: bool,
    words: &mut Vec<String>,
) {
    for (_, spelling, key, name) in run {
        words.push(key.clone());
        let values = listings.entry(key.clone()).or_default();
        let at = values
            .iter()
            .position(|((s, n), _)| s == spelling && n == name);
        match (at, add) {
            (Some(at), true) => values[at].1 += 1,
            (None, true) => values.push(((spelling.clone(), name.clone()), 1)),
            (Some(at), false) => {
                values[at].1 -= 1;
                if values[at].1 == 0 {
                    values.remove(at);
                }
            }
            (None, false) => unreachable!("a run taken away was counted"),
        }
        if values.is_empty() {
            listings.remove(key);
        }
    }
}

/// The keys of the name words written beside each spelling.
enum Beside<'a> {
    /// Kept up to date with the memory.
    Kept(&'a BesideCounts),
    /// Read from the names when asked: few mentions ask, and a map of every spelling's
    /// neighbours cost more than reading the mentions of a document judged once.
    Read(&'a Names),
}

impl Beside<'_> {
    /// Whether `neighbour` (`None`: any key) is written beside `form`.
    fn has(&self, form: &str, neighbour: Option<&str>) -> bool {
        match self {
            Beside::Kept(counts) => counts
                .get(form)
                .is_some_and(|keys| neighbour.map_or(!keys.is_empty(), |n| keys.contains_key(n))),
            Beside::Read(names) => (names.mentions.iter())
                .filter(|m| m.form() == form)
                .any(|m| {
                    let mut keys = m.neighbours(names);
                    match neighbour {
                        Some(n) => keys.any(|k| k == n),
                        None => keys.next().is_some(),
                    }
                }),
        }
    }
}

/// The listed names in the run of name words `head` begins, if it begins one: mentions
/// inside a listed name ("Penlope Cruz" for "Penélope Cruz") get the list's spelling.
fn listed_in_run<'n>(
    names: &'n Names,
    head: usize,
    house: &HouseList,
    scratch: &mut Scratch<'n>,
) -> Matches {
    let m = &names.mentions[head];
    if m.prev.is_some() || m.next.is_none() {
        return None;
    }
    let Scratch {
        keys,
        settled,
        joined,
    } = scratch;
    // the words of a name are mentions in a row
    keys.clear();
    keys.push(m.key());
    let mut at = m;
    while let Some(next) = at.next {
        debug_assert_eq!(next, head + keys.len());
        at = &names.mentions[next];
        keys.push(at.key());
    }
    settled.clear();
    settled.resize(keys.len(), false);
    let mut found = Vec::new();
    for size in (2..=keys.len().min(4)).rev() {
        for start in 0..=keys.len() - size {
            if settled[start..start + size].iter().any(|&s| s) {
                continue;
            }
            let Some(entry) = house.matching(&keys[start..start + size], joined) else {
                continue;
            };
            let folded: Arc<FxHashSet<String>> =
                Arc::new(entry.words().map(|(_, key)| key.to_string()).collect());
            for (k, (word, key)) in (start..start + size).zip(entry.words()) {
                settled[k] = true;
                found.push((k, word.to_string(), key.to_string(), folded.clone()));
            }
        }
    }
    (!found.is_empty()).then(|| found.into_boxed_slice())
}

/// What [`listed_in_run`] reuses from one run to the next, rather than allocating it per run.
#[derive(Default)]
struct Scratch<'n> {
    keys: Vec<&'n str>,
    settled: Vec<bool>,
    joined: String,
}

/// Each listed word's spelling and name, from the first run (in the text's order) that has it.
fn listed(slots: &[Slot]) -> Listed {
    let mut listed = Listed::default();
    let runs = slots.iter().filter_map(|s| s.run.as_deref());
    for (_, word, key, entry) in runs.flatten() {
        if !listed.contains_key(key) {
            listed.insert(key.clone(), (word.clone(), entry.clone()));
        }
    }
    listed
}

/// A listed misspelling, a one-word listed name ("Zurich" for "Zürich"), or a word of a
/// listed name the text also writes in full (bare "Mbappe" beside "Kylian Mbappé").
fn house_word(
    m: &Mention,
    names: &Names,
    word: &Word,
    listed: &Listed,
) -> Option<(String, Evidence)> {
    if let Some(right) = word.misspelling() {
        return Some((right.to_string(), Evidence::House));
    }
    if let Some((spelling, entry)) = listed.get(m.key()) {
        if m.neighbours(names).all(|n| entry.contains(n)) {
            return Some((spelling.clone(), Evidence::House));
        }
    }
    // A one-word listed name counts only standing alone: "Rosalia Jones" is someone else.
    if m.prev.is_some() || m.next.is_some() {
        return None;
    }
    word.single_spelling()
        .map(|s| (s.to_string(), Evidence::House))
}

/// An accent the text has on the same name elsewhere ("Muller" beside "Müller"), unless the
/// two are written with different first names or surnames.
fn same_key(
    m: &Mention,
    names: &Names,
    forms: Option<Group>,
    beside: &Beside,
) -> Option<(String, Evidence)> {
    let forms = forms?;
    if forms.len() < 2 {
        return None;
    }
    let (best, count) = forms
        .iter()
        .filter(|(f, _)| !has_other_script(f))
        .filter(|(f, _)| accented_letters(f) > accented_letters(m.form()))
        .max_by_key(|(f, n)| (*n, accented_letters(f)))?;
    if someone_else(m, names, beside, best) {
        return None;
    }
    let mine = forms
        .get(m.form())
        .expect("a mention's spelling is counted");
    Some((best.to_string(), Evidence::Text(mine, count)))
}

/// Whether the mention and the other spelling (`theirs`) each come with their own first
/// name or surname, none in common: two people ("José Mourinho", "Jose Altuve").
fn someone_else(m: &Mention, names: &Names, beside: &Beside, theirs: &str) -> bool {
    let mut mine = m.neighbours(names).peekable();
    mine.peek().is_some() && beside.has(theirs, None) && !mine.any(|n| beside.has(theirs, Some(n)))
}

/// A name whose accented letters all fell out ("Hlne" beside "Hélène"): no real name is
/// another with exactly its accented letters deleted, so one use beside one is enough,
/// unless the two come with different first names or surnames.
fn lost_letters(
    m: &Mention,
    names: &Names,
    stripped: &Stripped,
    beside: &Beside,
) -> Option<(String, Evidence)> {
    let (_, accented) = stripped.get(m.key())?.first()?;
    let accented = accented.as_str();
    let key = fold(accented);
    // A final accented letter dropped leaves another name ("Bergé" → "Berg"); and a plain
    // spelling more frequent than the accented one is not the damaged one.
    let ends_accented = accented
        .chars()
        .next_back()
        .is_some_and(|c| accented_letters(&c.to_string()) > 0);
    let index = &names.index;
    if key == m.key()
        || accented_letters(m.form()) > 0
        || ends_accented
        || form_count(index, m.key(), m.form()) > form_count(index, &key, accented)
    {
        return None;
    }
    if someone_else(m, names, beside, accented) {
        return None;
    }
    Some((
        accented.to_string(),
        Evidence::Text(
            form_count(index, m.key(), m.form()),
            form_count(index, &key, accented),
        ),
    ))
}

/// What the judgement asks about a mention's key, looked up once per key however often the
/// key occurs: the house list's word, the key's spellings in the text, and (once asked) the
/// likeliest original of the key in the text and in the workspace.
struct KeyFacts<'a> {
    word: Word<'a>,
    forms: Option<Group<'a>>,
    text: Option<Option<&'a str>>,
    workspace: Option<Option<&'a str>>,
}

impl<'a> KeyFacts<'a> {
    fn of(key: &str, house: &'a HouseList, index: &'a NameIndex) -> KeyFacts<'a> {
        KeyFacts::new(key, house, index.forms.get(key))
    }

    /// The facts of `key`, whose spellings are `forms`.
    fn new(key: &str, house: &'a HouseList, forms: Option<Group<'a>>) -> KeyFacts<'a> {
        KeyFacts {
            word: house.word(key),
            forms,
            text: None,
            workspace: None,
        }
    }
}

/// A spelling one edit from a more frequent one in the text, or failing that the workspace
/// (of a word the house list does not know).
fn near_key<'a>(
    m: &'a Mention,
    names: &'a Names,
    own: &'a Near<'a>,
    workspace: Option<&'a NameIndex>,
    house: &'a HouseList,
    listed: &'a Listed,
    facts: &mut KeyFacts<'a>,
) -> Option<(String, Evidence)> {
    let text = &names.index;
    let in_text = *facts.text.get_or_insert_with(|| {
        own.near(m.key())
            .filter(|other| likely_variant(m.key(), other, text, text, house, false))
            .max_by_key(|other| text.count(other))
    });
    if let Some(other) = in_text {
        let canonical = listed
            .get(other)
            .map(|(s, _)| s.as_str())
            .or_else(|| house.word_spelling(other))
            .or_else(|| text.majority_form(other))
            .unwrap_or(other);
        return Some((
            canonical.to_string(),
            Evidence::Text(
                form_count(text, m.key(), m.form()),
                form_count(text, other, canonical),
            ),
        ));
    }
    // The workspace is weaker evidence: only for a mention written with a first name or
    // surname that the workspace has seen with the other spelling.
    let ws = workspace.filter(|_| m.prev.is_some() || m.next.is_some())?;
    let other = (*facts.workspace.get_or_insert_with(|| {
        ws.near(m.key())
            .filter(|other| likely_variant(m.key(), other, ws, text, house, true))
            .max_by_key(|other| ws.count(other))
    }))?;
    // and this very mention carries the first name or surname the workspace has with it
    if !m
        .neighbours(names)
        .any(|n| ws.neighbours(other).any(|o| o == n))
    {
        return None;
    }
    let canonical = house
        .word_spelling(other)
        .or_else(|| ws.majority_form(other))?;
    Some((
        canonical.to_string(),
        Evidence::Workspace(
            form_count(ws, m.key(), m.form()),
            form_count(ws, other, canonical),
        ),
    ))
}

/// "Doenni" beside "Dönni": one name in the German convention for umlauts.
fn same_by_umlaut_convention(index: &NameIndex, key: &str, other: &str) -> bool {
    let (Some(mine), Some(theirs)) = (index.forms.get(key), index.forms.get(other)) else {
        return false;
    };
    // ASCII spellings (most) fold to themselves lower-cased: compared in place, not copied
    if mine.keys().chain(theirs.keys()).all(str::is_ascii) {
        return mine
            .keys()
            .any(|a| theirs.keys().any(|b| a.eq_ignore_ascii_case(b)));
    }
    let theirs: Vec<String> = theirs.keys().map(umlaut_fold).collect();
    mine.keys().any(|a| theirs.contains(&umlaut_fold(a)))
}

/// Uses of one spelling, or of its key when the spelling comes from the house list.
fn form_count(index: &NameIndex, key: &str, form: &str) -> u32 {
    index
        .forms
        .get(key)
        .and_then(|forms| forms.get(form))
        .unwrap_or_else(|| index.count(key))
}

/// Whether `key` is a slip for `other` by the counts and neighbours in `index` (the
/// article's own `text`, or the workspace when `wide`): `other` is more frequent, and they
/// share a neighbouring name (the same surname after both first names) or `key` has too
/// few uses to be a second person. Two spellings each with their own first names and
/// repeated use ("Tim Allen", "Ray Allan") are two people.
fn likely_variant(
    key: &str,
    other: &str,
    index: &NameIndex,
    text: &NameIndex,
    house: &HouseList,
    wide: bool,
) -> bool {
    if !one_edit_apart(key, other) || same_by_umlaut_convention(index, key, other) {
        return false;
    }
    // The article's own neighbours count even when a saved workspace index lacks it. An
    // index lists what it counts under a key in order, so theirs are searched, not hashed.
    let mut mine = index.neighbours(key).chain(text.neighbours(key)).peekable();
    let has_mine = mine.peek().is_some();
    let theirs: Vec<&str> = index.neighbours(other).collect();
    let shared = mine.any(|n| theirs.binary_search(&n).is_ok());
    if !shared && has_mine && !theirs.is_empty() {
        return false;
    }
    // "Ms Echevarría" beside "Ms Echeverría": the same title is weaker evidence than the
    // same first name, but "Mr" and "Ms" are two people.
    let my_titles: Vec<&str> = index.titles(key).collect();
    let their_titles: Vec<&str> = index.titles(other).collect();
    if sexes(&my_titles).is_some_and(|a| sexes(&their_titles).is_some_and(|b| a != b)) {
        return false;
    }
    let titled = my_titles
        .iter()
        .any(|t| their_titles.binary_search(t).is_ok());
    // One letter changed is also how real names differ ("Biden"/"Baden"): that needs the
    // same neighbours; a letter dropped, added or swapped is a slip.
    let changed = one_letter_changed(key, other);
    let (a, b) = (index.count(key), index.count(other));
    if wide {
        // The workspace decides only for a rare slip (not a changed letter) with the same
        // first name or surname, by a clear majority: across many files, a lone "Johnston"
        // beside many "Johnson"s is as likely a second person, and a spelling used again
        // and again ("Licence") is a choice.
        return a <= 2 && !changed && shared && b >= 3 * a && b >= a + 2;
    }
    if a > b {
        return false;
    }
    if a == b {
        // A tie: the list decides a slip (not a changed letter) in a longer word, and an
        // accented letter lost decides between two spellings of one person.
        let listed = house.lists_surname(other) && !changed && other.len() >= 6;
        let lost = shared
            && index
                .majority_form(other)
                .is_some_and(|f| lost_accented_letter(key, f));
        return listed || lost;
    }
    // A slip is rare: a spelling used nearly as often as the other is a second name that
    // happens to be close ("Quidor" 22×, "Quigor" 25×), however their neighbours overlap.
    let evidence = if changed {
        shared || titled
    } else {
        shared || a == 1 || b >= 3 * a || house.knows(other)
    };
    b >= 2 * a && evidence
}

/// Whether titles say a man ("Mr") or a woman ("Ms", "Mrs", "Miss"), when they agree.
fn sexes(titles: &[&str]) -> Option<bool> {
    let man = titles.contains(&"Mr");
    let woman = ["Ms", "Mrs", "Miss"].iter().any(|t| titles.contains(t));
    (man != woman).then_some(man)
}

fn without_accented_letters(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_ascii() || !c.is_alphabetic())
        .collect()
}

/// Whether `plain` (folded) is `accented` with one, or every, non-ASCII letter dropped:
/// "penlope"/"Penélope", "hlne"/"Hélène".
fn lost_accented_letter(plain: &str, accented: &str) -> bool {
    let all_dropped = without_accented_letters(accented);
    (all_dropped.len() < accented.len() && fold(&all_dropped) == plain)
        || accented.char_indices().any(|(i, c)| {
            !c.is_ascii() && c.is_alphabetic() && {
                let mut without = String::with_capacity(accented.len());
                without.push_str(&accented[..i]);
                without.push_str(&accented[i + c.len_utf8()..]);
                fold(&without) == plain
            }
        })
}

fn finding(
    i: usize,
    m: &Mention,
    canonical: String,
    evidence: Evidence,
    house: &HouseList,
) -> Finding {
    let accents_only = fold(&canonical) == m.key();
    let kind = if accents_only || lost_accented_letter(m.key(), &canonical) {
        Kind::Diacritics
    } else {
        Kind::Variant
    };
    let form = m.form();
    let message = match (kind, &evidence) {
        (Kind::Diacritics, Evidence::House) if accents_only => {
            format!("\"{form}\" is missing its accent: the house list spells it \"{canonical}\".")
        }
        (Kind::Diacritics, Evidence::House) => format!(
            "\"{form}\" has lost an accented letter: the house list spells it \"{canonical}\"."
        ),
        (Kind::Variant, Evidence::House) => {
            format!("\"{form}\" looks like a misspelling of \"{canonical}\" (house list).")
        }
        (Kind::Diacritics, Evidence::Text(a, b)) if accents_only => format!(
            "\"{form}\" ({a}×) is missing the accent of \"{canonical}\" ({b}×) in this article."
        ),
        (Kind::Diacritics, Evidence::Text(a, b)) => format!(
            "\"{form}\" ({a}×) has lost an accented letter of \"{canonical}\" ({b}×) in this article."
        ),
        (_, Evidence::Text(a, b)) => format!(
            "\"{form}\" ({a}×) looks like a variant of \"{canonical}\" ({b}×) in this article."
        ),
        (_, Evidence::Workspace(a, b)) => format!(
            "\"{form}\" ({a}×) looks like a variant of \"{canonical}\" ({b}×) across the files checked."
        ),
    };
    Finding {
        mention: i,
        kind,
        plain_allowed: accents_only && house.plain_allowed(&canonical),
        canonical,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// ASCII spellings compared in place meet as the spellings folded by the umlaut
        /// convention do.
        #[test]
        fn umlaut_convention_read_in_place_as_folded(
            mine in proptest::collection::btree_set("[aAeE.]{1,2}|[äÄø]{1,2}", 0..3),
            theirs in proptest::collection::btree_set("[aAeE.]{1,2}|[äÄø]{1,2}", 0..3),
        ) {
            let json = |forms: &std::collections::BTreeSet<String>| -> String {
                let forms: Vec<String> = forms.iter().map(|f| format!("{f:?}: 1")).collect();
                format!("{{{}}}", forms.join(", "))
            };
            let index: NameIndex = serde_json::from_str(&format!(
                r#"{{"forms": {{"k": {}, "l": {}}}, "context": {{}}}}"#,
                json(&mine),
                json(&theirs)
            ))
            .unwrap();
            let folded = |forms: &std::collections::BTreeSet<String>| -> Vec<String> {
                forms.iter().map(|f| umlaut_fold(f)).collect()
            };
            let expected = folded(&mine).iter().any(|s| folded(&theirs).contains(s));
            proptest::prop_assert_eq!(same_by_umlaut_convention(&index, "k", "l"), expected);
        }
    }
}
