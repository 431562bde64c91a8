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
use super::outbox::Piece;
use super::published::{self, Published};
use crate::analysis::names::incremental::Change;
use crate::analysis::NameIndex;
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
    /// Held from the check that a result is current until it is sent, and by `didClose`
    /// while it clears the diagnostics: a lint finishing as the document closes can then
    /// never publish after the clearing.
    publishing: tokio::sync::Mutex<()>,
}

struct Text {
    rope: Rope,
    version: i32,
    kind: DocKind,
    generation: u64,
    pending: Vec<Edit>,
    /// The names index of the open documents (and workspace folder) to judge names by.
    workspace: Option<Arc<NameIndex>>,
    /// This document's own names index as last reported (a copy of the lint slot's, to be
    /// read without waiting for a lint).
    names: Option<Arc<NameIndex>>,
}

struct LintSlot {
    linter: Option<Linter>,
    rope: Rope,
    version: i32,
    generation: u64,
    kind: DocKind,
    /// The findings last published, to copy what an edit left alone.
    published: Option<Published>,
    /// This document's own names index as last reported in a [`Publication`].
    names: Option<Arc<NameIndex>>,
    /// The generation whose findings the client was last sent.
    sent: u64,
}

impl LintSlot {
    fn view(&self) -> View<'_> {
        View {
            rope: &self.rope,
            version: self.version,
            generation: self.generation,
            kind: self.kind,
            linter: self.linter.as_ref(),
        }
    }
}

/// What `publishDiagnostics` sends for one lint.
pub struct Publication {
    pub generation: u64,
    pub version: i32,
    /// `false` when the document is too large to lint.
    pub linted: bool,
    /// The diagnostics as a JSON array, as the notification carries them, in pieces; none
    /// when `unchanged`.
    pub diagnostics: Vec<Piece>,
    /// How the document's own names index changed since the last publication, if it did.
    pub names: Option<Change>,
    /// The client already has exactly these findings (only the workspace changed, and it
    /// changed nothing here): no need to send them again.
    pub unchanged: bool,
}

/// What a refresh applied.
struct Refreshed {
    edits: Vec<Edit>,
    /// The findings may differ from before.
    changed: bool,
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
                workspace: None,
                names: None,
            }),
            lint: Mutex::new(LintSlot {
                linter: None,
                rope: Rope::new(),
                version,
                generation: 0,
                kind,
                published: None,
                names: None,
                sent: 0,
            }),
            publishing: tokio::sync::Mutex::new(()),
        }
    }

    pub fn publishing(&self) -> &tokio::sync::Mutex<()> {
        &self.publishing
    }

    /// The document is closed: no lint result of it is current any more.
    pub fn close(&self) {
        self.text().generation += 1;
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

    /// Judge names by `workspace` from the next lint on; results from before are stale.
    pub fn judge_names_by(&self, workspace: Option<Arc<NameIndex>>) -> u64 {
        let mut text = self.text();
        text.workspace = workspace;
        text.generation += 1;
        text.generation
    }

    /// Take `workspace` for the next lint, which it cannot change by itself: the results
    /// in hand stay current.
    /// `judged` is the document's own index it was found not to affect: if the linter's
    /// names are still those, it takes `workspace` now, so that no document holds on to an
    /// index the others have moved on from. Blocks while the document is being linted.
    pub fn keep_names_by(
        &self,
        workspace: Option<Arc<NameIndex>>,
        judged: Option<&Arc<NameIndex>>,
    ) {
        // The slot before the text, in the order `publish` takes them.
        let mut slot = self.slot();
        let mut text = self.text();
        if let (Some(linter), Some(judged), true) =
            (slot.linter.as_mut(), judged, text.pending.is_empty())
        {
            if Arc::ptr_eq(&linter.analysis().names.index, judged) {
                linter.keep_workspace(workspace.clone());
            }
        }
        text.workspace = workspace;
    }

    /// The document's own names index as last reported in a [`Publication`].
    pub fn own_names(&self) -> Option<Arc<NameIndex>> {
        self.text().names.clone()
    }

    /// Record that the client was sent the findings of `generation`.
    pub fn sent(&self, generation: u64) {
        let mut slot = self.slot();
        slot.sent = slot.sent.max(generation);
    }

    /// Bring the linter up to date with the text and look at the result. Blocking: call
    /// it off the message loop. A linter built by another engine is rebuilt.
    pub fn with_fresh<R>(&self, engine: &Arc<Engine>, f: impl FnOnce(View<'_>) -> R) -> R {
        let mut slot = self.slot();
        if !self.refresh(&mut slot, engine).edits.is_empty() {
            // The last publication no longer matches the slot's text: nothing to reuse.
            slot.published = None;
        }
        f(slot.view())
    }

    /// Bring the linter up to date and write its findings for `publishDiagnostics`.
    /// The JSON of findings on lines an edit did not touch is copied from the last
    /// publication (with their lines moved if the edit added or removed line breaks), so
    /// that a keystroke costs little more in a long article than in a short one.
    pub fn publish(&self, engine: &Arc<Engine>, enc: Encoding) -> Publication {
        let mut slot = self.slot();
        let old_rope = slot.rope.clone();
        let client_is_current = slot.sent == slot.generation;
        let refreshed = self.refresh(&mut slot, engine);
        let unchanged = client_is_current && !refreshed.changed;
        // The linter keeps its index (the same `Arc`) while no count changes.
        let reported = slot.names.clone();
        let names = slot.linter.as_mut().and_then(|l| {
            let own = &l.analysis().names.index;
            let same = reported.as_ref().is_some_and(|n| Arc::ptr_eq(n, own));
            (!same).then(|| l.take_names_change())
        });
        if let Some(change) = &names {
            slot.names = Some(change.now.clone());
            self.text().names = Some(change.now.clone());
        }
        let previous = slot.published.take();
        let view = slot.view();
        let mut diagnostics = Vec::new();
        let now = if unchanged {
            // Nothing to send, and the last publication still describes the text.
            previous
        } else {
            let shift = published::Shift::of(&old_rope, view.rope, &refreshed.edits);
            let written;
            (diagnostics, written) = published::write(
                view.diagnostics(),
                view.rope,
                enc,
                previous,
                shift,
                view.linter.map(Linter::moved),
            );
            Some(written)
        };
        // A document only read keeps no JSON to copy: its first edit writes it afresh.
        let now = now.filter(|_| view.linter.is_some_and(Linter::edited));
        let publication = Publication {
            generation: view.generation,
            version: view.version,
            linted: view.linter.is_some(),
            diagnostics,
            names,
            unchanged,
        };
        slot.published = now;
        publication
    }

    /// Apply queued edits and the workspace to the linter (or rebuild it).
    fn refresh(&self, slot: &mut LintSlot, engine: &Arc<Engine>) -> Refreshed {
        let (edits, rope, version, generation, kind, workspace) = {
            let mut text = self.text();
            (
                std::mem::take(&mut text.pending),
                text.rope.clone(),
                text.version,
                text.generation,
                text.kind,
                text.workspace.clone(),
            )
        };
        let same_engine = slot
            .linter
            .as_ref()
            .is_some_and(|l| Arc::ptr_eq(l.engine(), engine));
        let changed = if rope.len_bytes() > MAX_LINT_BYTES {
            slot.linter.take().is_some() || slot.generation == 0
        } else if let (true, Some(linter)) = (same_engine, slot.linter.as_mut()) {
            linter.update(&edits, workspace)
        } else {
            // `String::from` sizes the copy exactly (`to_string` grows it by doubling).
            let mut linter = Linter::new(engine.clone(), String::from(&rope), kind);
            linter.update(&[], workspace);
            slot.linter = Some(linter);
            true
        };
        slot.rope = rope;
        slot.version = version;
        slot.generation = generation;
        slot.kind = kind;
        Refreshed { edits, changed }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_makes_every_result_stale() {
        let doc = DocumentState::open("It was the the end.", DocKind::Text, 3);
        let publication = doc.publish(&Arc::new(Engine::default()), Encoding::Utf16);
        assert_eq!(publication.generation, doc.generation());
        let sent: Vec<tower_lsp::lsp_types::Diagnostic> =
            serde_json::from_slice(&publication.diagnostics.concat()).unwrap();
        assert_eq!(sent.len(), 1);
        doc.close();
        assert_ne!(publication.generation, doc.generation());
    }
}
