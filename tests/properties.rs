//! Properties every rule must keep, whatever the input: no panic, spans on char boundaries
//! inside the text, fixes that apply cleanly, and fixing converges (a second pass finds
//! nothing more to fix automatically).

use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::fix::{apply_fixes, is_automatic};
use proptest::prelude::*;

/// Pieces of news copy, damaged and clean, with the characters that break naive code.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("The the minister".to_string()),
        Just(" said: ".to_string()),
        Just("\"We will appeal,\" she said. ".to_string()),
        Just("\u{201C}Nobody knew".to_string()),
        Just("\u{201D} ".to_string()),
        Just("an university ".to_string()),
        Just("a hour ".to_string()),
        Just("Gérard Dépardieu and Gerard Depardieu ".to_string()),
        Just("GÃ©rard ".to_string()),
        Just("in the 1980 s ".to_string()),
        Just("Russias economy ".to_string()),
        Just("Read more:\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("😀 e\u{301} ".to_string()),
        Just("`code the the` ".to_string()),
        Just("*emphasis* ".to_string()),
        Just("> quoted block\n".to_string()),
        Just("- item\n".to_string()),
        Just("# Heading\n".to_string()),
        Just("<!-- copydesk-disable-next-line -->\n".to_string()),
        Just("[link](http://x.y) ".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zA-Z ,.;:'\"!?-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

fn article() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

fn check_invariants(engine: &Engine, text: &str, kind: DocKind) -> Result<(), TestCaseError> {
    let found = engine.lint(text, kind);
    for d in &found {
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        for f in &d.fixes {
            prop_assert!(
                f.span.end <= text.len()
                    && text.is_char_boundary(f.span.start)
                    && text.is_char_boundary(f.span.end)
            );
        }
    }
    // Fixing converges: after at most a few passes nothing automatic is left.
    let mut current = text.to_string();
    for _ in 0..10 {
        let automatic: Vec<_> = engine
            .lint(&current, kind)
            .into_iter()
            .filter(is_automatic)
            .collect();
        if automatic.is_empty() {
            return Ok(());
        }
        let (next, applied) = apply_fixes(&current, &automatic);
        prop_assert!(!applied.is_empty());
        current = next;
    }
    let left: Vec<_> = engine
        .lint(&current, kind)
        .into_iter()
        .filter(is_automatic)
        .collect();
    prop_assert!(
        left.is_empty(),
        "fixes do not converge on {current:?}: {left:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn text_articles_keep_the_invariants(text in article()) {
        check_invariants(&Engine::default(), &text, DocKind::Text)?;
    }

    #[test]
    fn markdown_articles_keep_the_invariants(text in article()) {
        check_invariants(&Engine::default(), &text, DocKind::Markdown)?;
    }
}
