//! Clean, original news copy: the phrasing rules that look for spun or broken wording must
//! stay silent on it (fewer than 0.3 warnings per 1,000 words, and here none).

use copydesk::document::DocKind;
use copydesk::engine::Engine;

const RULES: [&str; 3] = [
    "phrasing/spun-collocation",
    "phrasing/spun-phrase",
    "phrasing/word-salad",
];

#[test]
fn clean_news_is_silent() {
    let text = include_str!("fixtures/clean-news.txt");
    let found: Vec<String> = Engine::default()
        .lint(text, DocKind::Text)
        .into_iter()
        .filter(|d| RULES.contains(&d.rule))
        .map(|d| format!("{}: {:?} — {}", d.rule, &text[d.span], d.message))
        .collect();
    assert!(
        found.is_empty(),
        "false alarms on clean copy:\n{}",
        found.join("\n")
    );
}
