//! rules/pos.tsv (`word<TAB>tag letters`) as an open-addressed table, at most half full,
//! probed linearly from `table_hash::hash_bytes`; a word listed twice keeps its last tags.
//! Each slot holds the word's index plus one in its low 24 bits and the top byte of its hash
//! above them, so a probe rejects another word without comparing text (`pos::tags`).

use std::fmt::Write as _;
use std::path::Path;

use super::table_hash;

/// Bits of a slot holding the word's index plus one; the rest hold its hash's top byte.
const INDEX_BITS: u32 = 24;

pub fn generate(out: &Path) {
    println!("cargo:rerun-if-changed=build/pos.rs");
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for line in super::lexicon_lines("rules/pos.tsv") {
        let Some((word, letters)) = line.split_once('\t') else {
            continue;
        };
        let bits = format!("bits({letters:?})");
        match index.get(word) {
            Some(&i) => tags[i] = bits,
            None => {
                index.insert(word.to_string(), words.len());
                words.push(word.to_string());
                tags.push(bits);
            }
        }
    }
    assert!(
        words.len() < 1 << INDEX_BITS,
        "a slot holds the index in 24 bits"
    );
    let mut slots = vec![0u32; (words.len() * 2).next_power_of_two()];
    let mask = slots.len() - 1;
    for (i, word) in words.iter().enumerate() {
        let hash = table_hash::hash_bytes(word.as_bytes());
        let mut slot = hash as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        let check = (hash >> 56) as u32;
        slots[slot] = check << INDEX_BITS | u32::try_from(i + 1).expect("checked above");
    }
    // The words as one string and their end offsets, not an array of `&str`: a static of
    // 25,000 pointers is 25,000 load-time relocations and 1 MB of pages every process keeps.
    let mut text = String::new();
    let mut ends = Vec::with_capacity(words.len());
    for word in &words {
        text.push_str(word);
        ends.push(u32::try_from(text.len()).expect("a lexicon under 4 GB"));
    }
    let mut code = format!("static POS_TEXT: &str = {text:?};\n");
    writeln!(code, "static POS_ENDS: [u32; {}] = {ends:?};", ends.len()).unwrap();
    writeln!(
        code,
        "static POS_TAGS: [u8; {}] = [{}];",
        tags.len(),
        tags.join(", ")
    )
    .unwrap();
    writeln!(
        code,
        "static POS_SLOTS: [u32; {}] = {slots:?};",
        slots.len()
    )
    .unwrap();
    super::write(out, "pos.rs", &code);
}
