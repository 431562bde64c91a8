//! Parses the rule data in `rules/*.toml` at build time, so start-up does not: each file is
//! written to `OUT_DIR` as JSON, which deserialises into the rules' types several times
//! faster than TOML parses, and `src/data.rs` embeds it with the data's fingerprint.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

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
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");
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
        let target = Path::new(&out).join(format!("{stem}.json"));
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
    let target = Path::new(&out).join("embedded.rs");
    fs::write(&target, generated).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
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
