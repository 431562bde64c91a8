//! The engine on arbitrary bytes, as Markdown and as text: no panic, every span on char
//! boundaries inside the text, and every fix applies cleanly.
#![no_main]

use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::fix::apply_fixes;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [DocKind::Markdown, DocKind::Text] {
        let found = engine().lint(text, kind);
        for d in &found {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            for f in &d.fixes {
                assert!(text.get(f.span.clone()).is_some(), "fix off a char boundary: {f:?}");
            }
        }
        let (fixed, _) = apply_fixes(text, &found);
        engine().lint(&fixed, kind);
    }
});
