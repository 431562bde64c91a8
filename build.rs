//! Parses the rule data at build time, so start-up does not. Each `rules/*.toml` is written
//! to `OUT_DIR` as JSON, which deserialises into the rules' types several times faster than
//! TOML parses, for `src/data.rs` to embed with the data's fingerprint; the lexicons
//! `rules/pos.tsv` and `rules/synonyms.tsv` become Rust statics.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

#[path = "build/names.rs"]
mod names;
#[path = "build/pos.rs"]
mod pos;
#[path = "build/spun.rs"]
mod spun;
#[path = "src/rules/phrasing/table_hash.rs"]
mod table_hash;

/// The embedded data files, by stem. A family that adds a file adds a line here; the order
/// is the fingerprint's.
const FILES: &[&str] = &[
    "articles",
    "collocations",
    "cue-verbs",
    "doubles",
    "nouns",
    "places",
    "possessives",
    "residue",
    "split-tokens",
    "spun-phrases",
    "names",
];

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");
    for shared in ["table_hash", "inflect", "variant_tables"] {
        println!("cargo:rerun-if-changed=src/rules/phrasing/{shared}.rs");
    }
    println!("cargo:rerun-if-changed=build/spun.rs");
    data(out);
    pos::generate(out);
    spun::generate(out, &synonyms(out));
    names::generate(out);
}

/// The TOML files as JSON, and `embedded.rs` listing them.
fn data(out: &Path) {
    for entry in fs::read_dir("rules").expect("rules/ is readable") {
        let path = entry.expect("rules/ is readable").path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if path.extension().is_some_and(|e| e == "toml") && !FILES.contains(&stem) {
            panic!("rules/{stem}.toml is not listed in build.rs's FILES");
        }
    }
    // FNV-1a over stems and texts: stable across builds of the same data.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut embedded = String::from("&[\n");
    for stem in FILES {
        let source = format!("rules/{stem}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        for b in stem.bytes().chain(text.bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
        check_representable(&source, &toml::Value::Table(table.clone()));
        let json = serde_json::to_string(&table).expect("TOML tables serialise as JSON");
        let target = out.join(format!("{stem}.json"));
        fs::write(&target, json).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        writeln!(
            embedded,
            "    ({stem:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{stem}.json\"))),"
        )
        .unwrap();
    }
    embedded.push(']');
    let generated = format!(
        "/// The embedded data files as JSON, by stem, in `build.rs`'s order.\n\
         const EMBEDDED: &[(&str, &str)] = {embedded};\n\
         /// The data's fingerprint, printed by `--version`.\n\
         const FINGERPRINT: &str = \"{:012x}\";\n",
        hash & 0xffff_ffff_ffff
    );
    write(out, "embedded.rs", &generated);
}

fn write(out: &Path, name: &str, text: &str) {
    let target = out.join(name);
    fs::write(&target, text).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}

/// The lines of a lexicon that are not comments.
fn lexicon_lines(source: &str) -> Vec<String> {
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// rules/synonyms.tsv (`word<TAB>substitutes<TAB>looser substitutes`, space-separated) as
/// a static list of (word, substitutes, looser substitutes); gives the list.
fn synonyms(out: &Path) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut code = String::from("static SYNONYM_LISTS: &[(&str, &[&str], &[&str])] = &[\n");
    let mut lists = Vec::new();
    for line in lexicon_lines("rules/synonyms.tsv") {
        let mut columns = line.split('\t');
        let word = columns.next().unwrap_or("").to_string();
        let mut list = || -> Vec<String> {
            let column = columns.next().unwrap_or("");
            column
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let strict = list();
        let loose = list();
        writeln!(code, "({word:?}, &{strict:?}, &{loose:?}),").unwrap();
        lists.push((word, strict, loose));
    }
    code.push_str("];\n");
    write(out, "synonyms.rs", &code);
    lists
}

/// JSON has no dates and no non-finite numbers; rule data has no use for them either.
fn check_representable(source: &str, value: &toml::Value) {
    match value {
        toml::Value::Datetime(_) => panic!("{source}: dates are not rule data"),
        toml::Value::Float(f) if !f.is_finite() => panic!("{source}: {f} is not rule data"),
        toml::Value::Array(items) => items.iter().for_each(|v| check_representable(source, v)),
        toml::Value::Table(table) => table.values().for_each(|v| check_representable(source, v)),
        _ => {}
    }
}
