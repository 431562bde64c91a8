//! One open document: the editor's text and version, which the message loop updates in
//! microseconds, and the [`Linter`] that follows it, which lint workers bring up to date.
//!
//! The two sit behind separate locks so that typing never waits for a lint. Edits queue
//! between them; a worker takes the lint lock first and then drains the queue, so edits
//! reach the linter exactly once and in order. A generation number counts edits: a result
//! is current only while its generation is the document's.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp::lsp_types::{self as lsp, TextDocumentContentChangeEvent};

use super::convert;
use super::incremental::{Edit, Linter};
use crate::analysis::NameIndex;
use crate::diagnostic::Diagnostic;
use crate::document::positions::{self, byte_to_char, Encoding};
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
    /// The ranges last published, by byte span.
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

struct Published {
    enc: Encoding,
    ranges: HashMap<(usize, usize), lsp::Range>,
}

/// What `publishDiagnostics` sends for one lint.
pub struct Publication {
    pub generation: u64,
    pub version: i32,
    /// `false` when the document is too large to lint.
    pub linted: bool,
    pub diagnostics: Vec<lsp::Diagnostic>,
    /// The document's own names index, when it changed since the last publication.
    pub names: Option<Arc<NameIndex>>,
    /// The client already has exactly these findings (only the workspace changed, and it
    /// changed nothing here): no need to send them again.
    pub unchanged: bool,
}

/// Which earlier ranges still hold after a single edit that changed no line break: those
/// of spans ending before the edit, and of spans starting on a later line (found at their
/// old offsets).
struct Reuse {
    old: HashMap<(usize, usize), lsp::Range>,
    edit_start: usize,
    next_line: usize,
    delta: isize,
}

impl Reuse {
    fn new(
        old_rope: &Rope,
        rope: &Rope,
        edits: &[Edit],
        published: Option<Published>,
        enc: Encoding,
    ) -> Option<Reuse> {
        let published = published.filter(|p| p.enc == enc)?;
        let [edit] = edits else {
            return None;
        };
        let breaks = |s: &str| s.contains(['\n', '\r']);
        let removed = old_rope.get_byte_slice(edit.range.clone())?;
        if breaks(&edit.text)
            || removed.chars().any(|c| c == '\n' || c == '\r')
            || old_rope.len_lines() != rope.len_lines()
        {
            return None;
        }
        let end = edit.range.start + edit.text.len();
        let line = positions::byte_to_position(rope, end, Encoding::Utf8).line;
        let next_line = positions::position_to_byte(
            rope,
            positions::Position {
                line: line + 1,
                col: 0,
            },
            Encoding::Utf8,
        );
        Some(Reuse {
            old: published.ranges,
            edit_start: edit.range.start,
            next_line: if line + 1 < rope.len_lines() {
                next_line
            } else {
                usize::MAX
            },
            delta: edit.text.len() as isize - edit.range.len() as isize,
        })
    }

    fn range(&self, span: &Range<usize>) -> Option<lsp::Range> {
        let key = if span.end < self.edit_start {
            (span.start, span.end)
        } else if span.start >= self.next_line {
            let back = |o: usize| o.checked_add_signed(-self.delta);
            (back(span.start)?, back(span.end)?)
        } else {
            return None;
        };
        self.old.get(&key).copied()
    }
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

    /// Bring the linter up to date and convert its findings for `publishDiagnostics`.
    /// Ranges of findings on lines an edit did not touch are reused from the last
    /// publication when the edit added or removed no line break, so that a keystroke
    /// costs the same in a long article as in a short one.
    pub fn publish(&self, engine: &Arc<Engine>, enc: Encoding) -> Publication {
        let mut slot = self.slot();
        let old_rope = slot.rope.clone();
        let client_is_current = slot.sent == slot.generation;
        let refreshed = self.refresh(&mut slot, engine);
        let unchanged = client_is_current && !refreshed.changed;
        let names = slot.linter.as_ref().and_then(|l| {
            let own = &l.analysis().names.index;
            let same = slot.names.as_deref().is_some_and(|n| n == &**own);
            (!same).then(|| Arc::clone(own))
        });
        if names.is_some() {
            slot.names.clone_from(&names);
            self.text().names.clone_from(&names);
        }
        let published = slot.published.take();
        let reuse = Reuse::new(&old_rope, &slot.rope, &refreshed.edits, published, enc);
        let view = slot.view();
        let mut ranges = HashMap::with_capacity(view.diagnostics().len());
        let diagnostics = view
            .diagnostics()
            .iter()
            .map(|d| {
                let range = reuse
                    .as_ref()
                    .and_then(|r| r.range(&d.span))
                    .unwrap_or_else(|| convert::range(view.rope, &d.span, enc));
                ranges.insert((d.span.start, d.span.end), range);
                convert::diagnostic_at(d, range)
            })
            .collect();
        let publication = Publication {
            generation: view.generation,
            version: view.version,
            linted: view.linter.is_some(),
            diagnostics,
            names,
            unchanged,
        };
        slot.published = Some(Published { enc, ranges });
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

    fn published(ranges: &[((usize, usize), u32)]) -> Published {
        let at = |line| lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 7));
        Published {
            enc: Encoding::Utf16,
            ranges: ranges
                .iter()
                .map(|&(span, line)| (span, at(line)))
                .collect(),
        }
    }

    #[test]
    fn closing_makes_every_result_stale() {
        let doc = DocumentState::open("It was the the end.", DocKind::Text, 3);
        let publication = doc.publish(&Arc::new(Engine::default()), Encoding::Utf16);
        assert_eq!(publication.generation, doc.generation());
        assert_eq!(publication.diagnostics.len(), 1);
        doc.close();
        assert_ne!(publication.generation, doc.generation());
    }

    #[test]
    fn ranges_off_the_edited_line_are_reused() {
        let old = Rope::from_str("the the a.\n\nx\n\nthe the b.\n");
        let new = Rope::from_str("the the a.\n\nxy\n\nthe the b.\n");
        let edit = [Edit {
            range: 13..13,
            text: "y".to_string(),
        }];
        let prior = || Some(published(&[((0, 7), 0), ((15, 22), 4)]));
        let reuse = Reuse::new(&old, &new, &edit, prior(), Encoding::Utf16).unwrap();
        assert_eq!(reuse.range(&(0..7)).unwrap().start.line, 0);
        assert_eq!(reuse.range(&(16..23)).unwrap().start.line, 4);
        assert_eq!(reuse.range(&(12..14)), None);
        // Another encoding, a line break, or several edits: convert afresh.
        assert!(Reuse::new(&old, &new, &edit, prior(), Encoding::Utf8).is_none());
        let broken = Rope::from_str("the the a.\n\nx\n\n\nthe the b.\n");
        let newline = [Edit {
            range: 13..13,
            text: "\n".to_string(),
        }];
        assert!(Reuse::new(&old, &broken, &newline, prior(), Encoding::Utf16).is_none());
        let two = [edit[0].clone(), edit[0].clone()];
        assert!(Reuse::new(&old, &new, &two, prior(), Encoding::Utf16).is_none());
    }
}
