//! Which name mentions are variants, and of what: the judgement `names/variant` and
//! `names/diacritics` share. Evidence, strongest first: the house list (a listed name
//! written with one word wrong), spellings of the same key in the text (an accent the text
//! has elsewhere), one-edit neighbours in the text (a rarer spelling beside a frequent one,
//! unless each has its own first name), and last the workspace's counts.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::analysis::names::{
    accented_letters, fold, has_other_script, umlaut_fold, Mention, NameIndex, Names, Neighbourhood,
};
use crate::analysis::Analysis;

use super::house::{one_edit_apart, one_letter_changed, HouseList};
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

pub fn resolve(doc: &Analysis, house: &HouseList) -> Vec<Finding> {
    let names = &doc.names;
    let mut targets: Vec<Option<(String, Evidence)>> = vec![None; names.mentions.len()];
    let mut settled = vec![false; names.mentions.len()];
    let listed = listed_names(names, house, &mut targets, &mut settled);
    let beside = Beside::new(names);
    // Accented spellings by their key with every accented letter dropped: "hlne" → "Hélène".
    let mut stripped: HashMap<String, &str> = HashMap::new();
    for (_, forms) in names.index.forms.iter() {
        for form in forms.keys().filter(|f| accented_letters(f) > 0) {
            let key = fold(&without_accented_letters(form));
            if key.len() >= 3 {
                stripped.entry(key).or_insert(form);
            }
        }
    }
    // Built per lint and dropped: kept with the document's index, it would outweigh it.
    let own = Neighbourhood::of(names.index.forms.keys());
    let mut nearest = Nearest::default();
    for (i, m) in names.mentions.iter().enumerate() {
        if settled[i] || house.avoided(&m.key) {
            continue;
        }
        targets[i] = house_word(m, names, house, &listed)
            .or_else(|| same_key(m, names, &beside))
            .or_else(|| lost_letters(m, names, &stripped, &beside))
            .or_else(|| {
                let workspace = doc.workspace().map(|w| &**w);
                near_key(m, names, &own, workspace, house, &listed, &mut nearest)
            });
    }
    targets
        .into_iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (canonical, evidence) = t?;
            let m = &names.mentions[i];
            if m.garbled {
                return None; // names/mojibake repairs it
            }
            // Accents are lost in transit, never added: "Mærsk" where the list has
            // "Maersk" is a choice of spelling, not damage.
            if m.form.to_lowercase() == canonical.to_lowercase()
                || fold(&canonical) == m.key
                    && accented_letters(&m.form) >= accented_letters(&canonical)
            {
                return None;
            }
            Some(finding(i, m, canonical, evidence, house))
        })
        .collect()
}

/// The keys of the name words written beside each spelling, gathered the first time one
/// is asked for: only two rarer kinds of evidence need them.
struct Beside<'a> {
    names: &'a Names,
    by_form: OnceCell<HashMap<&'a str, HashSet<&'a str>>>,
}

impl<'a> Beside<'a> {
    fn new(names: &'a Names) -> Beside<'a> {
        Beside {
            names,
            by_form: OnceCell::new(),
        }
    }

    /// The neighbours of `form`, a spelling the names hold.
    fn of(&self, form: &str) -> &HashSet<&'a str> {
        let by_form = self.by_form.get_or_init(|| {
            let mut by_form: HashMap<&str, HashSet<&str>> = HashMap::new();
            for m in &self.names.mentions {
                by_form
                    .entry(m.form.as_str())
                    .or_default()
                    .extend(m.neighbours(self.names));
            }
            by_form
        });
        &by_form[form]
    }
}

/// Mentions inside a listed name ("Penlope Cruz" for "Penélope Cruz") get the list's
/// spelling and are settled; returns, per folded word, the list's spelling and the keys of
/// the listed name it was seen in, for bare mentions of the same word later.
fn listed_names(
    names: &Names,
    house: &HouseList,
    targets: &mut [Option<(String, Evidence)>],
    settled: &mut [bool],
) -> HashMap<String, (String, HashSet<String>)> {
    let mut listed: HashMap<String, (String, HashSet<String>)> = HashMap::new();
    for run in runs(names) {
        let keys: Vec<&str> = run
            .iter()
            .map(|&i| names.mentions[i].key.as_str())
            .collect();
        for size in (2..=run.len().min(4)).rev() {
            for start in 0..=run.len() - size {
                if run[start..start + size].iter().any(|&i| settled[i]) {
                    continue;
                }
                let Some(words) = house.matching(&keys[start..start + size]) else {
                    continue;
                };
                let entry: HashSet<String> = words.iter().map(|w| fold(w)).collect();
                for (&i, word) in run[start..start + size].iter().zip(words) {
                    settled[i] = true;
                    targets[i] = Some((word.clone(), Evidence::House));
                    listed
                        .entry(fold(word))
                        .or_insert_with(|| (word.clone(), entry.clone()));
                }
            }
        }
    }
    listed
}

/// Maximal runs of adjacent name words, as mention indices.
fn runs(names: &Names) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for (i, m) in names.mentions.iter().enumerate() {
        if m.prev.is_some() {
            continue;
        }
        let mut run = vec![i];
        let mut at = m;
        while let Some(next) = at.next {
            run.push(next);
            at = &names.mentions[next];
        }
        out.push(run);
    }
    out
}

/// A listed misspelling, a one-word listed name ("Zurich" for "Zürich"), or a word of a
/// listed name the text also writes in full (bare "Mbappe" beside "Kylian Mbappé").
fn house_word(
    m: &Mention,
    names: &Names,
    house: &HouseList,
    listed: &HashMap<String, (String, HashSet<String>)>,
) -> Option<(String, Evidence)> {
    if let Some(right) = house.misspelling(&m.key) {
        return Some((right.to_string(), Evidence::House));
    }
    if let Some((spelling, entry)) = listed.get(&m.key) {
        if m.neighbours(names).all(|n| entry.contains(n)) {
            return Some((spelling.clone(), Evidence::House));
        }
    }
    // A one-word listed name counts only standing alone: "Rosalia Jones" is someone else.
    if m.prev.is_some() || m.next.is_some() {
        return None;
    }
    house
        .single_spelling(&m.key)
        .map(|s| (s.to_string(), Evidence::House))
}

/// An accent the text has on the same name elsewhere ("Muller" beside "Müller"), unless the
/// two are written with different first names or surnames.
fn same_key(m: &Mention, names: &Names, beside: &Beside) -> Option<(String, Evidence)> {
    let forms = names.index.forms.get(&m.key)?;
    if forms.len() < 2 {
        return None;
    }
    let (best, count) = forms
        .iter()
        .filter(|(f, _)| !has_other_script(f))
        .filter(|(f, _)| accented_letters(f) > accented_letters(&m.form))
        .max_by_key(|(f, n)| (*n, accented_letters(f)))?;
    if someone_else(m, names, beside.of(best)) {
        return None;
    }
    let mine = forms.get(&m.form).expect("a mention's spelling is counted");
    Some((best.to_string(), Evidence::Text(mine, count)))
}

/// Whether the mention and the other spelling each come with their own first name or
/// surname, none in common: two people ("José Mourinho", "Jose Altuve").
fn someone_else(m: &Mention, names: &Names, theirs: &HashSet<&str>) -> bool {
    let mut mine = m.neighbours(names).peekable();
    mine.peek().is_some() && !theirs.is_empty() && !mine.any(|n| theirs.contains(n))
}

/// A name whose accented letters all fell out ("Hlne" beside "Hélène"): no real name is
/// another with exactly its accented letters deleted, so one use beside one is enough,
/// unless the two come with different first names or surnames.
fn lost_letters(
    m: &Mention,
    names: &Names,
    stripped: &HashMap<String, &str>,
    beside: &Beside,
) -> Option<(String, Evidence)> {
    let accented = *stripped.get(&m.key)?;
    let key = fold(accented);
    // A final accented letter dropped leaves another name ("Bergé" → "Berg"); and a plain
    // spelling more frequent than the accented one is not the damaged one.
    let ends_accented = accented
        .chars()
        .next_back()
        .is_some_and(|c| accented_letters(&c.to_string()) > 0);
    let index = &names.index;
    if key == m.key
        || accented_letters(&m.form) > 0
        || ends_accented
        || form_count(index, &m.key, &m.form) > form_count(index, &key, accented)
    {
        return None;
    }
    if someone_else(m, names, beside.of(accented)) {
        return None;
    }
    Some((
        accented.to_string(),
        Evidence::Text(
            form_count(index, &m.key, &m.form),
            form_count(index, &key, accented),
        ),
    ))
}

/// The likeliest original of each key, in the text and in the workspace, judged once per
/// key however often the key occurs.
#[derive(Default)]
struct Nearest<'a> {
    text: HashMap<&'a str, Option<&'a str>>,
    workspace: HashMap<&'a str, Option<&'a str>>,
}

/// A spelling one edit from a more frequent one in the text, or failing that the workspace.
fn near_key<'a>(
    m: &'a Mention,
    names: &'a Names,
    own: &'a Neighbourhood,
    workspace: Option<&'a NameIndex>,
    house: &'a HouseList,
    listed: &'a HashMap<String, (String, HashSet<String>)>,
    nearest: &mut Nearest<'a>,
) -> Option<(String, Evidence)> {
    if house.knows(&m.key) {
        return None;
    }
    let text = &names.index;
    let in_text = *nearest.text.entry(&m.key).or_insert_with(|| {
        own.near(&m.key)
            .filter(|other| likely_variant(&m.key, other, text, text, house, false))
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
                form_count(text, &m.key, &m.form),
                form_count(text, other, canonical),
            ),
        ));
    }
    // The workspace is weaker evidence: only for a mention written with a first name or
    // surname that the workspace has seen with the other spelling.
    let ws = workspace.filter(|_| m.prev.is_some() || m.next.is_some())?;
    let other = (*nearest.workspace.entry(&m.key).or_insert_with(|| {
        ws.near(&m.key)
            .filter(|other| likely_variant(&m.key, other, ws, text, house, true))
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
            form_count(ws, &m.key, &m.form),
            form_count(ws, other, canonical),
        ),
    ))
}

/// "Doenni" beside "Dönni": one name in the German convention for umlauts.
fn same_by_umlaut_convention(index: &NameIndex, key: &str, other: &str) -> bool {
    let spellings = |k: &str| -> Vec<String> {
        index
            .forms
            .get(k)
            .into_iter()
            .flat_map(|f| f.keys().map(umlaut_fold))
            .collect()
    };
    let theirs = spellings(other);
    spellings(key).iter().any(|s| theirs.contains(s))
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
    // the article's own neighbours count even when a saved workspace index lacks it
    let mine: HashSet<&str> = index.neighbours(key).chain(text.neighbours(key)).collect();
    let theirs: HashSet<&str> = index.neighbours(other).collect();
    let shared = mine.iter().any(|n| theirs.contains(n));
    if !shared && !mine.is_empty() && !theirs.is_empty() {
        return false;
    }
    // "Ms Echevarría" beside "Ms Echeverría": the same title is weaker evidence than the
    // same first name, but "Mr" and "Ms" are two people.
    let my_titles: HashSet<&str> = index.titles(key).collect();
    let their_titles: HashSet<&str> = index.titles(other).collect();
    if sexes(&my_titles).is_some_and(|a| sexes(&their_titles).is_some_and(|b| a != b)) {
        return false;
    }
    let titled = my_titles.iter().any(|t| their_titles.contains(t));
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
fn sexes(titles: &HashSet<&str>) -> Option<bool> {
    let man = titles.contains("Mr");
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
    let accents_only = fold(&canonical) == m.key;
    let kind = if accents_only || lost_accented_letter(&m.key, &canonical) {
        Kind::Diacritics
    } else {
        Kind::Variant
    };
    let form = &m.form;
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
