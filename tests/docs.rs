//! Generated documentation stays in step with the code.

use copydesk::engine::Engine;
use copydesk::reference;

#[test]
fn rule_reference_is_current() {
    let expected = reference::list_markdown(&Engine::default());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is stale: run `cargo run -- --list-rules --format markdown > docs/rules.md`"
    );
}
