//! The spun variants' tables for the shipped rules/collocations.toml and rules/synonyms.tsv,
//! built by the recogniser's own builder (`variant_tables.rs`, included here) and written as
//! statics, so that start-up builds nothing for them.

use std::fmt::Debug;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

// The builder and what it reads; the rest of them is the lookups' and unused here.
#[allow(dead_code)]
#[path = "../src/rules/phrasing/inflect.rs"]
mod inflect;
use super::table_hash;
#[allow(dead_code)]
#[path = "../src/rules/phrasing/variant_tables.rs"]
mod variant_tables;

use variant_tables::{Half, Item, Lexicon, List, Lists, Substitutes, Table, Thesaurus};

/// Writes `spun.rs`: `SYNONYM_WORDS`, the table of the words of `synonyms` (rules/synonyms.tsv
/// as (word, substitutes, looser substitutes)), `SUBSTITUTES`, the substitutes read backwards,
/// and `SHIPPED`, the lexicon of the lists.
pub fn generate(out: &Path, synonyms: &[(String, Vec<String>, Vec<String>)]) {
    let source = "rules/collocations.toml";
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
    let named = |name: &str| -> Vec<String> {
        let items = table.get(name).and_then(|v| v.as_array());
        let items = items.unwrap_or_else(|| panic!("{source}: no list {name}"));
        let text = |v: &toml::Value| v.as_str().map(String::from);
        let strings = items
            .iter()
            .map(|v| text(v).unwrap_or_else(|| panic!("{source}: {v}")));
        strings.collect()
    };
    let lists = Lists {
        frozen: named("frozen"),
        verb_phrases: named("verb_phrases"),
        noun_phrases: named("noun_phrases"),
        verb_idioms: named("verb_idioms"),
        fixed_phrases: named("fixed_phrases"),
        accepted: named("accepted"),
    };
    let columns: Vec<(Vec<&str>, Vec<&str>)> = synonyms
        .iter()
        .map(|(_, s, l)| {
            (
                s.iter().map(String::as_str).collect(),
                l.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let entries: Vec<(&str, &[&str], &[&str])> = synonyms
        .iter()
        .zip(&columns)
        .map(|((word, _, _), (s, l))| (word.as_str(), s.as_slice(), l.as_slice()))
        .collect();
    let words = Thesaurus::words(&entries);
    let thesaurus = Thesaurus {
        lists: &entries,
        words: &words,
    };
    let lexicon = Lexicon::build(&lists, &thesaurus);
    let substitutes = Substitutes::build(&entries);
    let mut code = String::new();
    writeln!(
        code,
        "static SYNONYM_WORDS: super::variant_tables::Table<u8> = {};",
        bytes_table(&words)
    )
    .unwrap();
    writeln!(
        code,
        "static SUBSTITUTES: super::variant_tables::Substitutes = \
         super::variant_tables::Substitutes {{ words: {}, entries: {} }};",
        bytes_table(&substitutes.words),
        list(&substitutes.entries),
    )
    .unwrap();
    writeln!(
        code,
        "static SHIPPED: super::variant_tables::Lexicon = super::variant_tables::Lexicon {{ \
         words: {}, listed_words: {}, places: {}, lemmas: {}, halves: [{}, {}], ordinary: {}, \
         frozen: {} }};",
        bytes_table(&lexicon.words),
        lexicon.listed_words,
        slice(&lexicon.places),
        list(&lexicon.lemmas),
        half(&lexicon.halves[0]),
        half(&lexicon.halves[1]),
        bytes_table(&lexicon.ordinary),
        bytes_table(&lexicon.frozen),
    )
    .unwrap();
    let target = out.join("spun.rs");
    fs::write(&target, code).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}

fn half(h: &Half) -> String {
    format!(
        "super::variant_tables::Half {{ expressions: {}, kinds: {}, rich: {}, synonyms: {}, \
         skeletons: {}, entries: {}, starts: {}, reach: {}, most_words: {} }}",
        list(&h.expressions),
        slice(&h.kinds),
        slice(&h.rich),
        slice(&h.synonyms),
        table(&h.skeletons, list(&h.skeletons.list)),
        list(&h.entries),
        bytes_table(&h.starts),
        h.reach,
        h.most_words,
    )
}

/// A borrowed slice of a static.
fn slice<T: Debug>(items: &[T]) -> String {
    format!("std::borrow::Cow::Borrowed(&{items:?})")
}

fn list<T: Copy + Eq + Debug>(l: &List<T>) -> String {
    format!(
        "super::variant_tables::List {{ items: {}, ends: {} }}",
        slice(&l.items),
        slice(&l.ends)
    )
}

/// A table of strings, its text as a string literal (a tenth of the size of its bytes').
fn bytes_table(t: &Table<u8>) -> String {
    let text = std::str::from_utf8(&t.list.items).expect("tables of strings");
    let list = format!(
        "super::variant_tables::List {{ items: std::borrow::Cow::Borrowed({text:?}.as_bytes()), \
         ends: {} }}",
        slice(&t.list.ends)
    );
    table(t, list)
}

fn table<T: Item>(t: &Table<T>, list: String) -> String {
    format!(
        "super::variant_tables::Table {{ list: {list}, slots: {} }}",
        slice(&t.slots)
    )
}
