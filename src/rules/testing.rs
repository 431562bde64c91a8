//! Runs a rule's own examples: the bad ones must be flagged, the good ones must not.

use crate::diagnostic::Diagnostic;
use crate::document::DocKind;
use crate::engine::Engine;
use crate::fix::apply_fixes;

/// What rule `id` finds in `text`, with every rule at its default level.
pub(crate) fn findings(id: &str, text: &str, kind: DocKind) -> Vec<Diagnostic> {
    Engine::default()
        .lint(text, kind)
        .into_iter()
        .filter(|d| d.rule == id)
        .collect()
}

pub(crate) fn assert_examples(id: &str) {
    let engine = Engine::default();
    let rule = engine
        .rules()
        .find(|r| r.meta().id == id)
        .unwrap_or_else(|| panic!("no rule {id}"));
    let examples = rule.meta().examples;
    assert!(
        examples.iter().any(|e| e.bad) && examples.iter().any(|e| !e.bad),
        "{id} needs at least one bad and one good example"
    );
    for example in examples {
        let found: Vec<_> = engine
            .lint(example.text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == id)
            .collect();
        if example.bad {
            assert!(
                !found.is_empty(),
                "{id} missed its bad example {:?}",
                example.text
            );
        } else {
            assert!(
                found.is_empty(),
                "{id} flagged its good example {:?}: {found:?}",
                example.text
            );
        }
        if let Some(fixed) = example.fixed {
            let (text, _) = apply_fixes(example.text, &found);
            assert_eq!(text, fixed, "{id} fix of {:?}", example.text);
        }
    }
}
