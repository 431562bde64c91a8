//! One open document: the editor's text and version, which the message loop updates in
//! microseconds, and the [`Linter`] that follows it, which lint workers bring up to date.
//!
//! The two sit behind separate locks so that typing never waits for a lint. Edits queue
//! between them; a worker takes the lint lock first and then drains the queue, so edits
//! reach the linter exactly once and in order. A generation number counts edits: a result
//! is current only while its generation is the document's.

use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp::lsp_types::TextDocumentContentChangeEvent;

use super::convert;
use super::incremental::{Edit, Linter};
use crate::diagnostic::Diagnostic;
use crate::document::positions::{byte_to_char, Encoding};
use crate::document::DocKind;
use crate::engine::Engine;

/// Documents larger than this are kept (edits still apply) but not linted: no article is
/// this long, and segmenting a data dump would hold a worker and memory for nothing.
pub const MAX_LINT_BYTES: usize = 4 << 20;

pub struct DocumentState {
    text: Mutex<Text>,
    lint: Mutex<LintSlot>,
}

struct Text {
    rope: Rope,
    version: i32,
    kind: DocKind,
    generation: u64,
    pending: Vec<Edit>,
}

#[derive(Default)]
struct LintSlot {
    linter: Option<Linter>,
    rope: Rope,
    version: i32,
    generation: u64,
}

/// A document as last linted: the text, its version and what was found in it.
pub struct View<'a> {
    pub rope: &'a Rope,
    pub version: i32,
    pub generation: u64,
    pub kind: DocKind,
    /// `None` when the document is too large to lint.
    pub linter: Option<&'a Linter>,
}

impl View<'_> {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.linter.map_or(&[], |l| l.diagnostics())
    }
}

impl DocumentState {
    pub fn open(text: &str, kind: DocKind, version: i32) -> DocumentState {
        DocumentState {
            text: Mutex::new(Text {
                rope: Rope::from_str(text),
                version,
                kind,
                generation: 1,
                pending: Vec::new(),
            }),
            lint: Mutex::new(LintSlot::default()),
        }
    }

    pub fn version(&self) -> i32 {
        self.text().version
    }

    pub fn generation(&self) -> u64 {
        self.text().generation
    }

    pub fn len_bytes(&self) -> usize {
        self.text().rope.len_bytes()
    }

    /// Apply an editor's changes in order (positions past the end are clamped) and return
    /// the new generation.
    pub fn change(
        &self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> u64 {
        let mut text = self.text();
        for change in changes {
            let range = match change.range {
                Some(range) => convert::span(&text.rope, range, enc),
                None => 0..text.rope.len_bytes(),
            };
            let rope = &mut text.rope;
            let start = byte_to_char(rope, range.start);
            rope.remove(start..byte_to_char(rope, range.end));
            rope.insert(start, &change.text);
            text.pending.push(Edit {
                range,
                text: change.text.clone(),
            });
        }
        text.version = version;
        text.generation += 1;
        text.generation
    }

    /// Bring the linter up to date with the text and look at the result. Blocking: call
    /// it off the message loop. A linter built by another engine is rebuilt.
    pub fn with_fresh<R>(&self, engine: &Arc<Engine>, f: impl FnOnce(View<'_>) -> R) -> R {
        let mut slot = self.slot();
        let (edits, rope, version, generation, kind) = {
            let mut text = self.text();
            (
                std::mem::take(&mut text.pending),
                text.rope.clone(),
                text.version,
                text.generation,
                text.kind,
            )
        };
        let same_engine = slot
            .linter
            .as_ref()
            .is_some_and(|l| Arc::ptr_eq(l.engine(), engine));
        if rope.len_bytes() > MAX_LINT_BYTES {
            slot.linter = None;
        } else if let (true, Some(linter)) = (same_engine, slot.linter.as_mut()) {
            linter.edit(&edits);
        } else {
            slot.linter = Some(Linter::new(engine.clone(), rope.to_string(), kind));
        }
        slot.rope = rope;
        slot.version = version;
        slot.generation = generation;
        f(View {
            rope: &slot.rope,
            version,
            generation,
            kind,
            linter: slot.linter.as_ref(),
        })
    }

    fn text(&self) -> MutexGuard<'_, Text> {
        // Nothing panics while holding this lock; if something ever did, the rope is
        // still whole (ropey edits are atomic), so carry on with it.
        self.text
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The lint slot; if a lint panicked half-way the linter may be inconsistent, so it
    /// is dropped and rebuilt from the text.
    fn slot(&self) -> MutexGuard<'_, LintSlot> {
        self.lint.lock().unwrap_or_else(|poisoned| {
            let mut slot = poisoned.into_inner();
            slot.linter = None;
            self.lint.clear_poison();
            slot
        })
    }
}
