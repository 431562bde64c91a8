//! Clean news copy must not trip the mechanical phrasing rules: a few hundred lines of
//! undamaged articles (names ending in "s", decades, contractions, agency names, "video"
//! and "advertisement" in sentences, "an historic", plural relative clauses) stay silent.

use copydesk::document::DocKind;
use copydesk::engine::Engine;

const MECHANICAL: [&str; 6] = [
    "phrasing/doubled-word",
    "phrasing/article-a-an",
    "phrasing/agreement",
    "phrasing/possessive",
    "phrasing/split-token",
    "phrasing/residue",
];

#[test]
fn clean_copy_is_silent() {
    let text = include_str!("fixtures/clean-mech.txt");
    assert!(text.split_whitespace().count() > 2500);
    for kind in [DocKind::Text, DocKind::Markdown] {
        let found: Vec<String> = Engine::default()
            .lint(text, kind)
            .into_iter()
            .filter(|d| MECHANICAL.contains(&d.rule))
            .map(|d| format!("{}: {} ({:?})", d.rule, &text[d.span.clone()], d.message))
            .collect();
        assert!(found.is_empty(), "{kind:?}: {found:#?}");
    }
}
