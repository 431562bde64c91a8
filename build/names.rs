//! The shipped house list (`rules/names.toml`) compiled at build time into the tables
//! `src/rules/names/house.rs` looks names up in, written as statics to `OUT_DIR/house.rs`:
//! start-up builds nothing of it.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

#[path = "../src/rules/names/house_tables.rs"]
mod house_tables;
#[path = "../src/analysis/names/words.rs"]
mod words;

use super::table_hash;
use house_tables::{compile, Folding, Lists};

pub fn generate(out: &Path) {
    for source in [
        "build/names.rs",
        "src/rules/names/house_tables.rs",
        "src/analysis/names/words.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let text = std::fs::read_to_string("rules/names.toml").expect("rules/names.toml is readable");
    let table: toml::Table = text.parse().expect("rules/names.toml is valid TOML");
    let mut names = strings(&table, "people");
    names.extend(strings(&table, "places"));
    names.extend(strings(&table, "organisations"));
    let preferences = pairs(&table, "house_style", "avoid", "use");
    let lists = Lists {
        names,
        given_names: strings(&table, "given_names"),
        plain_allowed: strings(&table, "plain_allowed"),
        misspellings: pairs(&table, "misspellings", "wrong", "right"),
        avoided: preferences.iter().map(|(avoid, _)| *avoid).collect(),
    };
    let tables = compile(&lists, &FOLDING);

    let mut code = String::from("/// The shipped house list, compiled by `build/names.rs`.\n");
    code.push_str("static SHIPPED: Tables = Tables {\n");
    writeln!(code, "    text: Cow::Borrowed({:?}),", tables.text).unwrap();
    for (field, debug) in [
        ("keys", format!("{:?}", tables.keys)),
        ("slots", format!("{:?}", tables.slots)),
        ("entries", format!("{:?}", tables.entries)),
        ("entry_words", format!("{:?}", tables.entry_words)),
        ("key_entries", format!("{:?}", tables.key_entries)),
    ] {
        writeln!(code, "    {field}: Cow::Borrowed(&{debug}),").unwrap();
    }
    code.push_str("};\n");
    writeln!(
        code,
        "/// The shipped `house_style` as (avoid, use).\n\
         static SHIPPED_PREFERENCES: &[(&str, &str)] = &{preferences:?};\n\
         static SHIPPED_EXCEPTIONS: &[&str] = &{:?};",
        strings(&table, "house_style_exceptions")
    )
    .unwrap();
    let target = out.join("house.rs");
    std::fs::write(&target, code).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}

fn strings<'t>(table: &'t toml::Table, list: &str) -> Vec<&'t str> {
    let entries = table[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} is a list"));
    (entries.iter())
        .map(|e| e.as_str().unwrap_or_else(|| panic!("{list} holds strings")))
        .collect()
}

/// The fields `a` and `b` of each table in `list`.
fn pairs<'t>(table: &'t toml::Table, list: &str, a: &str, b: &str) -> Vec<(&'t str, &'t str)> {
    let entries = table[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} is a list"));
    let field = |e: &'t toml::Value, f: &str| -> &'t str {
        e.get(f)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{list} entries have {f}"))
    };
    entries.iter().map(|e| (field(e, a), field(e, b))).collect()
}

/// The crate's folding; its common words in a set of the standard library's.
const FOLDING: Folding = Folding {
    fold: words::fold,
    is_common: |word| {
        static SET: LazyLock<HashSet<&str>> =
            LazyLock::new(|| words::COMMON.split_whitespace().collect());
        SET.contains(word)
    },
};
