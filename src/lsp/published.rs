//! The diagnostics of a document as the JSON array `publishDiagnostics` carries, written
//! straight from the findings, and what was last written, kept so that the next
//! publication sends again the JSON of every finding an edit did not touch.
//!
//! A keystroke changes a few findings of hundreds. Converting each to an
//! `lsp_types::Diagnostic`, then to a `serde_json::Value` tree, then to text cost more
//! than linting; here an unchanged finding on an unchanged line costs nothing but its
//! entry, and a comparison only if it was made again (the linter says which it moved with
//! their paragraphs; the document rules' are made again on every lint). The array is
//! kept in pieces shared with the messages that carried it: a stretch of findings that
//! lay side by side last time and still stand is sent as the same bytes, not copied, so
//! what a keystroke writes follows the findings it changed. The bytes are those tower-lsp
//! writes for the same diagnostics (its `Value` tree orders keys alphabetically); a test
//! holds them equal.

use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp::lsp_types as lsp;

use super::convert;
use super::incremental::{Edit, Moved};
use super::outbox::Piece;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::positions::{self, Encoding};

/// The findings as last written, in the order written (the engine's: span, then rule).
pub struct Published {
    enc: Encoding,
    /// The [`Moved::lint`] the findings came from (0 if unknown).
    lint: u64,
    /// Per finding, its entry (taken by the next publication as it reuses it).
    entries: Vec<Option<Entry>>,
    /// The array as written.
    json: Pieces,
}

/// A JSON array in pieces of shared buffers, each finding's JSON whole in one.
#[derive(Default)]
struct Pieces {
    pieces: Vec<(Arc<Vec<u8>>, Range<usize>)>,
    /// Where each piece starts in the array.
    starts: Vec<usize>,
}

/// Past this many pieces the array is written again whole, into one: a document typed
/// into at many places would otherwise send (and keep alive) ever more fragments.
const MAX_PIECES: usize = 64;

impl Pieces {
    /// The bytes at `at` in the array (which lie in one piece).
    fn get(&self, at: &Range<usize>) -> &[u8] {
        let k = self.starts.partition_point(|&s| s <= at.start) - 1;
        let (buffer, range) = &self.pieces[k];
        let from = range.start + at.start - self.starts[k];
        &buffer[from..from + at.len()]
    }
}

/// One finding: where its JSON lies in the array and what the JSON was made from. Holding
/// that lets a later finding at the same place be checked for equality rather than
/// trusted. What is read only to compare or to move lines is boxed: every unchanged
/// finding moves its entry from one publication's list to the next, which then costs a
/// few words, not the whole finding.
struct Entry {
    span: Range<usize>,
    at: Range<usize>,
    made: Box<Made>,
}

/// What an [`Entry`]'s JSON was made from.
struct Made {
    rule: &'static str,
    severity: Severity,
    message: String,
    note: Option<String>,
    range: lsp::Range,
    /// Where the line numbers of `range` are written within the finding's JSON, the end's
    /// first.
    lines_at: [Range<usize>; 2],
}

/// How the spans and ranges of the last publication map into the text after the edits
/// since: spans ending before the edit keep their place, spans starting on a line after
/// it move by the bytes and lines the edit added. Anything else is converted afresh.
pub struct Shift {
    edit_start: usize,
    /// The first byte of the line after the edit, in the new text.
    next_line: usize,
    bytes: isize,
    lines: i64,
}

impl Shift {
    /// Nothing moved (the findings were judged again, the text is the same).
    pub fn none() -> Shift {
        Shift {
            edit_start: usize::MAX,
            next_line: usize::MAX,
            bytes: 0,
            lines: 0,
        }
    }

    /// The shift from `old` to `new` made by `edits` (applied in order); several edits
    /// are taken as one replacing everything from the first byte any of them touched to
    /// the last.
    pub fn of(old: &Rope, new: &Rope, edits: &[Edit]) -> Shift {
        let Some((start, old_end, new_end)) = covering(edits) else {
            return Shift::none();
        };
        let line = positions::byte_to_position(new, new_end, Encoding::Utf8).line;
        let next_line = if line + 1 < new.len_lines() {
            new.line_to_byte(line + 1)
        } else {
            usize::MAX
        };
        Shift {
            edit_start: start,
            next_line,
            bytes: new_end as isize - old_end as isize,
            // Lines from `next_line` on are the old text's last lines, unchanged: they
            // are as many as before, so they moved by the change in the line count.
            lines: new.len_lines() as i64 - old.len_lines() as i64,
        }
    }

    /// The span `span` had in the old text and how many lines it moved, if its range
    /// is the old one moved by whole lines.
    fn old_span(&self, span: &Range<usize>) -> Option<(Range<usize>, i64)> {
        if span.end < self.edit_start {
            Some((span.clone(), 0))
        } else if span.start >= self.next_line {
            let back = |o: usize| o.checked_add_signed(-self.bytes);
            Some((back(span.start)?..back(span.end)?, self.lines))
        } else {
            None
        }
    }
}

/// `edits` as one: the old text's `start..old_end` became the new text's `start..new_end`.
fn covering(edits: &[Edit]) -> Option<(usize, usize, usize)> {
    let (first, rest) = edits.split_first()?;
    let start = first.range.start;
    let covered = (start, first.range.end, start + first.text.len());
    Some(rest.iter().fold(covered, |(start, old_end, new_end), e| {
        // Before `e`, the text differs from the old one only within `start..new_end`;
        // past it, it is the old text moved by `new_end - old_end`.
        let end = new_end.max(e.range.end);
        (
            start.min(e.range.start),
            old_end + (end - new_end),
            end - e.range.len() + e.text.len(),
        )
    }))
}

/// Write `diagnostics` (of the text `rope`) as a JSON array, reusing what `previous`
/// holds for findings `shift` carries over unchanged; returns the array in pieces and what
/// to reuse next time. `moved` says which findings the linter moved unchanged from its
/// last lint: if `previous` was written from that lint, theirs are taken without
/// comparing, and the head and tail it kept (as far as their JSON stands) are taken
/// whole, their entries left in place.
pub fn write(
    diagnostics: &[Diagnostic],
    rope: &Rope,
    enc: Encoding,
    previous: Option<Published>,
    shift: Shift,
    moved: Option<&Moved>,
) -> (Vec<Piece>, Published) {
    let (mut old, last, lint) = match previous.filter(|p| p.enc == enc) {
        Some(p) => (p.entries, p.json, p.lint),
        None => (Vec::new(), Pieces::default(), 0),
    };
    let lint_now = moved.map_or(0, |m| m.lint);
    let moved = moved.filter(|m| lint != 0 && m.from == lint && m.known);
    let n = diagnostics.len();
    let (head, tail) = moved.map_or((0, 0), |m| (m.head, m.tail_len(n)));
    // The head's entries are where they were; the tail's moved by the edit's bytes and
    // lines. Their JSON stands while their spans map back onto their entries'.
    let stands = |e: &Option<Entry>, d: &Diagnostic| {
        let back = shift.old_span(&d.span);
        e.as_ref()
            .is_some_and(|e| back.is_some_and(|(span, _)| span == e.span))
    };
    let head = (old.iter().zip(diagnostics).take(head))
        .take_while(|(e, d)| stands(e, d))
        .count();
    let tail = (old.iter().rev().zip(diagnostics.iter().rev()).take(tail))
        .take_while(|(e, d)| stands(e, d))
        .count()
        .min(n - head)
        .min(old.len() - head);
    let old_middle = head..old.len() - tail;
    let mut array = Array::new(&last);
    match head.checked_sub(1) {
        Some(k) => array.take(0..old[k].as_ref().expect("it stands").at.end),
        None => array.own(b"["),
    }
    let mut walk = head;
    let mut middle = Vec::with_capacity(n - head - tail);
    for (i, d) in diagnostics.iter().enumerate().take(n - tail).skip(head) {
        let comma = i > 0;
        let reused = shift.old_span(&d.span).and_then(|(key, lines)| {
            // The entry the finding was moved from, if still at the same place...
            let carried = (moved.and_then(|m| m.at(i)))
                .filter(|at| old_middle.contains(at))
                .and_then(|at| old[at].take_if(|e| e.span == key));
            // ... or one equal to it.
            let e = carried.or_else(|| same(&mut old[..old_middle.end], &mut walk, &key, d))?;
            Some((e, lines))
        });
        let entry = match reused {
            Some((e, lines)) => array.again(e, d.span.clone(), lines, comma),
            None => array.fresh(d, convert::range(rope, &d.span, enc), comma),
        };
        middle.push(Some(entry));
    }
    let tail_at = n - tail;
    old.splice(old_middle, middle);
    let tail = &mut old[tail_at..];
    if let (Some(Some(first)), Some(Some(last)), 0) = (tail.first(), tail.last(), shift.lines) {
        // On their lines still: their JSON taken whole, their entries moved alike.
        let (from, to) = (first.at.start, last.at.end);
        array.separated(from..to, tail_at > 0);
        let delta = (array.len() - (to - from)).wrapping_sub(from);
        let spans = diagnostics[tail_at..].iter().map(|d| d.span.clone());
        for (e, span) in tail.iter_mut().flatten().zip(spans) {
            e.at = e.at.start.wrapping_add(delta)..e.at.end.wrapping_add(delta);
            e.span = span;
        }
    } else {
        for (k, e) in tail.iter_mut().enumerate() {
            let d = &diagnostics[tail_at + k];
            let lines = shift.old_span(&d.span).map_or(0, |(_, lines)| lines);
            let taken = e.take().expect("it stands");
            *e = Some(array.again(taken, d.span.clone(), lines, tail_at + k > 0));
        }
    }
    array.own(b"]");
    let (pieces, json) = array.finish();
    let published = Published {
        enc,
        lint: lint_now,
        entries: old,
        json,
    };
    (pieces, published)
}

/// An array being written: stretches of the last one taken as they lie in its buffers,
/// and new bytes between them.
struct Array<'a> {
    last: &'a Pieces,
    /// Whether stretches of the last array are shared rather than copied.
    share: bool,
    pieces: Vec<(Arc<Vec<u8>>, Range<usize>)>,
    /// The length of `pieces`.
    written: usize,
    /// New bytes after them (empty while `run` is open).
    own: Vec<u8>,
    /// The stretch of a piece of the last array being taken after them: the piece and
    /// the range in its buffer.
    run: Option<(usize, Range<usize>)>,
}

impl<'a> Array<'a> {
    fn new(last: &'a Pieces) -> Array<'a> {
        let share = last.pieces.len() <= MAX_PIECES;
        let mut own = Vec::new();
        if !share {
            own.reserve(last.starts.last().map_or(0, |s| s + 64));
        }
        Array {
            last,
            share,
            pieces: Vec::new(),
            written: 0,
            own,
            run: None,
        }
    }

    fn len(&self) -> usize {
        let run = self.run.as_ref().map_or(0, |(_, range)| range.len());
        self.written + self.own.len() + run
    }

    /// Write `bytes` anew.
    fn own(&mut self, bytes: &[u8]) {
        self.end_run();
        self.own.extend_from_slice(bytes);
    }

    fn end_run(&mut self) {
        if let Some((k, range)) = self.run.take() {
            self.written += range.len();
            self.pieces.push((self.last.pieces[k].0.clone(), range));
        }
    }

    /// Close the new bytes written so far into a piece.
    fn end_own(&mut self) {
        if !self.own.is_empty() {
            let own = std::mem::take(&mut self.own);
            self.written += own.len();
            let range = 0..own.len();
            self.pieces.push((Arc::new(own), range));
        }
    }

    /// Take the bytes at `at` in the last array: the stretch being taken grows when they
    /// follow it in its piece.
    fn take(&mut self, at: Range<usize>) {
        let starts = &self.last.starts;
        let mut k = starts.partition_point(|&s| s <= at.start).saturating_sub(1);
        let mut from = at.start;
        while from < at.end {
            let (buffer, range) = &self.last.pieces[k];
            let to = at.end.min(starts[k] + range.len());
            let bytes = range.start + from - starts[k]..range.start + to - starts[k];
            if !self.share {
                self.own.extend_from_slice(&buffer[bytes]);
            } else if let Some((_, run)) =
                (self.run.as_mut()).filter(|(r, run)| *r == k && run.end == bytes.start)
            {
                run.end = bytes.end;
            } else {
                self.end_run();
                self.end_own();
                self.run = Some((k, bytes));
            }
            (from, k) = (to, k + 1);
        }
    }

    /// Take findings' JSON at `at` in the last array, after a comma if `comma`: the last
    /// array's, if the first of them was not its first.
    fn separated(&mut self, at: Range<usize>, comma: bool) {
        match (comma, at.start > 1) {
            (true, true) => self.take(at.start - 1..at.end),
            (true, false) => {
                self.own(b",");
                self.take(at);
            }
            (false, _) => self.take(at),
        }
    }

    /// A finding new or changed, at `range`.
    fn fresh(&mut self, d: &Diagnostic, range: lsp::Range, comma: bool) -> Entry {
        if comma {
            self.own(b",");
        }
        self.end_run();
        let start = self.len();
        let made = write_entry(&mut self.own, d, range);
        Entry {
            span: d.span.clone(),
            at: start..self.len(),
            made: Box::new(made),
        }
    }

    /// The finding of entry `e` of the last array, now at `span`, `lines` further down.
    fn again(&mut self, mut e: Entry, span: Range<usize>, lines: i64, comma: bool) -> Entry {
        e.span = span;
        if lines != 0 {
            if comma {
                self.own(b",");
            }
            self.end_run();
            let start = self.len();
            let json = self.last.get(&e.at);
            move_down(&mut self.own, json, &mut e.made, lines);
            e.at = start..self.len();
        } else {
            let len = e.at.len();
            self.separated(e.at, comma);
            e.at = self.len() - len..self.len();
        }
        e
    }

    /// The array in pieces to send, and as kept.
    fn finish(mut self) -> (Vec<Piece>, Pieces) {
        self.end_run();
        self.end_own();
        let pieces = (self.pieces.iter())
            .map(|(buffer, range)| Piece::Shared(buffer.clone(), range.clone()))
            .collect();
        let mut start = 0;
        let starts = (self.pieces.iter())
            .map(|(_, range)| {
                start += range.len();
                start - range.len()
            })
            .collect();
        let kept = Pieces {
            pieces: self.pieces,
            starts,
        };
        (pieces, kept)
    }
}

/// Take from `old` the entry of a finding equal to `d` with the span `key` there, if any.
/// Both lists are in (span, rule) order, and the shift keeps that order: `walk` only moves
/// forward over it.
fn same(
    old: &mut [Option<Entry>],
    walk: &mut usize,
    key: &Range<usize>,
    d: &Diagnostic,
) -> Option<Entry> {
    let before = |e: &Entry| {
        (e.span.start, e.span.end) < (key.start, key.end)
            || e.span == *key && !same_rule(e.made.rule, d.rule) && e.made.rule < d.rule
    };
    while old
        .get(*walk)
        .is_some_and(|e| e.as_ref().is_none_or(before))
    {
        *walk += 1;
    }
    old.get_mut(*walk)?.take_if(|e| {
        e.span == *key
            && same_rule(e.made.rule, d.rule)
            && e.made.severity == d.severity
            && e.made.message == d.message
            && e.made.note == d.note
    })
}

/// Rule ids are `'static` strings from the rules' metadata: the same rule's are the same
/// string, told without reading it.
fn same_rule(a: &'static str, b: &'static str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// Write `json`, the JSON of a finding made from `made`, with its two line numbers moved
/// `lines` down.
fn move_down(out: &mut Vec<u8>, json: &[u8], made: &mut Made, lines: i64) {
    let shift = |line: u32| (i64::from(line) + lines).clamp(0, i64::from(u32::MAX)) as u32;
    made.range.end.line = shift(made.range.end.line);
    made.range.start.line = shift(made.range.start.line);
    // Only the two line numbers change: the bytes around them are copied.
    let base = out.len();
    let mut copied = 0;
    let mut digits = itoa::Buffer::new();
    let now = [made.range.end.line, made.range.start.line];
    for (at, line) in made.lines_at.iter_mut().zip(now) {
        out.extend_from_slice(&json[copied..at.start]);
        copied = at.end;
        let start = out.len() - base;
        out.extend_from_slice(digits.format(line).as_bytes());
        *at = start..out.len() - base;
    }
    out.extend_from_slice(&json[copied..]);
}

/// Write the JSON of `d` at `range`; returns what it was made from.
fn write_entry(json: &mut Vec<u8>, d: &Diagnostic, range: lsp::Range) -> Made {
    let base = json.len();
    json.extend_from_slice(b"{\"code\":");
    string(json, d.rule);
    json.extend_from_slice(b",\"message\":");
    string(json, &convert::message(d));
    json.extend_from_slice(b",\"range\":");
    let lines_at = write_range(json, range).map(|at| at.start - base..at.end - base);
    json.extend_from_slice(b",\"severity\":");
    serde_json::to_writer(&mut *json, &convert::severity(d.severity))
        .expect("a severity serialises");
    json.extend_from_slice(b",\"source\":");
    string(json, convert::SOURCE);
    json.push(b'}');
    Made {
        rule: d.rule,
        severity: d.severity,
        message: d.message.clone(),
        note: d.note.clone(),
        range,
        lines_at,
    }
}

/// A JSON string, escaped as serde_json escapes it.
pub fn string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("writing to a Vec cannot fail");
}

/// Write `range`; returns where its end's and its start's line numbers are written.
fn write_range(out: &mut Vec<u8>, range: lsp::Range) -> [Range<usize>; 2] {
    out.extend_from_slice(b"{\"end\":");
    let end = write_position(out, range.end);
    out.extend_from_slice(b",\"start\":");
    let start = write_position(out, range.start);
    out.push(b'}');
    [end, start]
}

/// Write `pos`; returns where its line number is written.
fn write_position(out: &mut Vec<u8>, pos: lsp::Position) -> Range<usize> {
    let mut digits = itoa::Buffer::new();
    out.extend_from_slice(b"{\"character\":");
    out.extend_from_slice(digits.format(pos.character).as_bytes());
    out.extend_from_slice(b",\"line\":");
    let line = out.len();
    out.extend_from_slice(digits.format(pos.line).as_bytes());
    let line = line..out.len();
    out.push(b'}');
    line
}

/// The `publishDiagnostics` notification for `uri`, as tower-lsp would write it (its keys
/// in alphabetical order), in pieces so that `diagnostics`, already written as a JSON
/// array, is not copied: what comes before it, its pieces, and what comes after.
pub fn notification(uri: &lsp::Url, version: Option<i32>, diagnostics: Vec<Piece>) -> Vec<Piece> {
    let head = b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"diagnostics\":".to_vec();
    let mut tail = Vec::with_capacity(uri.as_str().len() + 32);
    tail.extend_from_slice(b",\"uri\":");
    string(&mut tail, uri.as_str());
    if let Some(version) = version {
        tail.extend_from_slice(b",\"version\":");
        tail.extend_from_slice(itoa::Buffer::new().format(version).as_bytes());
    }
    tail.extend_from_slice(b"}}");
    let mut pieces = Vec::with_capacity(diagnostics.len() + 2);
    pieces.push(Piece::Own(head));
    pieces.extend(diagnostics);
    pieces.push(Piece::Own(tail));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::engine::Engine;
    use tower_lsp::jsonrpc::Request;

    /// What tower-lsp writes for `params`: `Client::publish_diagnostics` goes through a
    /// `Value` and `serde_json::to_string`.
    fn by_tower_lsp(params: lsp::PublishDiagnosticsParams) -> String {
        let request = Request::build("textDocument/publishDiagnostics")
            .params(serde_json::to_value(params).unwrap())
            .finish();
        serde_json::to_string(&request).unwrap()
    }

    /// The array `write` gives, whole, and what it keeps.
    fn written(
        diagnostics: &[Diagnostic],
        rope: &Rope,
        enc: Encoding,
        previous: Option<Published>,
        shift: Shift,
    ) -> (String, Published) {
        let (pieces, published) = write(diagnostics, rope, enc, previous, shift, None);
        (String::from_utf8(pieces.concat()).unwrap(), published)
    }

    #[test]
    fn the_notification_is_what_tower_lsp_writes() {
        let text = "He said \"the the end\".\n\nIt was an perfectly \u{1F600} \\ normal day.\r\nA \"Nobody\n";
        let rope = Rope::from_str(text);
        let found = Engine::default().lint(text, DocKind::Markdown);
        assert!(found.len() >= 2, "{found:?}");
        assert!(found.iter().any(|d| d.note.is_some()), "{found:?}");
        let uri = lsp::Url::parse("file:///tmp/a%20b/\u{e9}t\u{e9}.md").unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let (array, _) = write(&found, &rope, enc, None, Shift::none(), None);
            let converted: Vec<_> = found
                .iter()
                .map(|d| convert::diagnostic(&rope, d, enc))
                .collect();
            for version in [Some(7), None] {
                let ours = notification(&uri, version, array.clone()).concat();
                let params =
                    lsp::PublishDiagnosticsParams::new(uri.clone(), converted.clone(), version);
                assert_eq!(String::from_utf8(ours).unwrap(), by_tower_lsp(params));
            }
        }
        let (empty, _) = write(&[], &rope, Encoding::Utf16, None, Shift::none(), None);
        let params = lsp::PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None);
        assert_eq!(
            String::from_utf8(notification(&uri, None, empty).concat()).unwrap(),
            by_tower_lsp(params)
        );
    }

    #[test]
    fn an_unchanged_finding_is_copied_and_a_changed_one_written_again() {
        let rope = Rope::from_str("the the a.\n\nx\n\nthe the b.\n");
        let d = |span: Range<usize>, message: &str| {
            Diagnostic::new("phrasing/doubled-word", Severity::Warning, span, message)
        };
        let old = [d(0..7, "one"), d(15..22, "two")];
        let (json, mut published) = written(&old, &rope, Encoding::Utf16, None, Shift::none());
        // Mark the JSON on record, to see which of it is sent again.
        let marked = json
            .replace("\"one\"", "\"ONE\"")
            .replace("\"two\"", "\"TWO\"");
        let range = 0..marked.len();
        published.json = Pieces {
            pieces: vec![(Arc::new(marked.into_bytes()), range)],
            starts: vec![0],
        };
        let new = [d(0..7, "one"), d(15..22, "two, changed")];
        let shift = Shift::none();
        let (out, _) = written(&new, &rope, Encoding::Utf16, Some(published), shift);
        assert!(
            out.contains("\"ONE\"") && out.contains("\"two, changed\""),
            "{out}"
        );
        assert!(!out.contains("TWO"), "{out}");
    }

    /// Written with the shift from `old` to the text `edits` make of it, `old`'s findings
    /// give what a fresh conversion gives.
    fn shifted_equals_fresh(old: &str, edits: &[Edit]) -> Shift {
        let mut text = old.to_string();
        for e in edits {
            text.replace_range(e.range.clone(), &e.text);
        }
        let (old, new) = (Rope::from_str(old), Rope::from_str(&text));
        let engine = Engine::default();
        let found = |rope: &Rope| engine.lint(&rope.to_string(), DocKind::Text);
        let (before, after) = (found(&old), found(&new));
        let enc = Encoding::Utf16;
        let (_, published) = written(&before, &old, enc, None, Shift::none());
        let shift = Shift::of(&old, &new, edits);
        let (shifted, _) = written(&after, &new, enc, Some(published), shift);
        assert_eq!(shifted, written(&after, &new, enc, None, Shift::none()).0);
        Shift::of(&old, &new, edits)
    }

    fn insert(at: usize, text: &str) -> Edit {
        Edit {
            range: at..at,
            text: text.to_string(),
        }
    }

    #[test]
    fn shifts_map_spans_off_the_edited_lines() {
        let old = "the the a.\n\nx\n\nthe the b.\n";
        let shift = shifted_equals_fresh(old, &[insert(13, "\ny")]);
        assert_eq!(shift.old_span(&(0..7)), Some((0..7, 0)));
        assert_eq!(shift.old_span(&(17..24)), Some((15..22, 1)));
        assert_eq!(shift.old_span(&(12..14)), None);
        let none = Shift::none();
        assert_eq!(none.old_span(&(12..14)), Some((12..14, 0)));
    }

    #[test]
    fn lines_moved_again_and_again_are_written_right() {
        // Findings pushed down a line at a time, across 9 -> 10 and on: each move patches
        // the numbers where the last one wrote them, whatever their length.
        let engine = Engine::default();
        let enc = Encoding::Utf8;
        let mut text = "x\n\nthe the a.\n\nb the the.\n\n".repeat(3);
        let mut rope = Rope::from_str(&text);
        let write_from = |text: &str, rope: &Rope, previous, shift| {
            written(
                &engine.lint(text, DocKind::Text),
                rope,
                enc,
                previous,
                shift,
            )
        };
        let (_, mut published) = write_from(&text, &rope, None, Shift::none());
        for _ in 0..12 {
            let old = rope;
            text.insert(1, '\n');
            rope = Rope::from_str(&text);
            let shift = Shift::of(&old, &rope, &[insert(1, "\n")]);
            let shifted;
            (shifted, published) = write_from(&text, &rope, Some(published), shift);
            assert_eq!(shifted, write_from(&text, &rope, None, Shift::none()).0);
        }
    }

    #[test]
    fn several_edits_shift_as_one() {
        let old = "the the a.\n\nx\n\nthe the b.\n\nz\n\nthe the c.\n";
        let z = old.find('z').unwrap();
        // A line added after "x", then "z" replaced (offsets in the text as it is then),
        // then a letter typed and deleted at the start: all between the first byte touched
        // and the last.
        let edits = [
            insert(13, "\ny"),
            Edit {
                range: z + 2..z + 3,
                text: "zz\n\n".to_string(),
            },
            insert(0, "q"),
            Edit {
                range: 0..1,
                text: String::new(),
            },
        ];
        let shift = shifted_equals_fresh(old, &edits);
        let c = old.rfind("the the").unwrap();
        let moved = 2 + 4 - 1;
        assert_eq!(
            shift.old_span(&(c + moved..c + moved + 7)),
            Some((c..c + 7, 3))
        );
        assert_eq!(shift.old_span(&(15..22)), None, "between the edits");
        assert_eq!(
            shift.old_span(&(0..7)),
            None,
            "after the first byte touched"
        );
    }

    #[test]
    fn typing_in_many_places_shares_stretches_and_writes_them_whole_again() {
        // A letter typed and deleted at places spread over many findings: each array is
        // the stretches of the last one either side and the finding changed, until the
        // pieces are too many and it is written whole again, always as a fresh one is.
        let engine = Engine::default();
        let enc = Encoding::Utf16;
        let mut text = "the the a.\n\nb the the.\n\n".repeat(40);
        let mut rope = Rope::from_str(&text);
        let found = |text: &str| engine.lint(text, DocKind::Text);
        let (_, mut published) = written(&found(&text), &rope, enc, None, Shift::none());
        let (mut most, mut whole_again) = (0, false);
        for k in 0..160 {
            let at = (k / 2 * 37 % 80) * 12 + 2;
            let edit = if k % 2 == 0 {
                insert(at, "x")
            } else {
                Edit {
                    range: at..at + 1,
                    text: String::new(),
                }
            };
            let old = rope;
            text.replace_range(edit.range.clone(), &edit.text);
            rope = Rope::from_str(&text);
            let shift = Shift::of(&old, &rope, &[edit]);
            let pieces = published.json.pieces.len();
            let shifted;
            (shifted, published) = written(&found(&text), &rope, enc, Some(published), shift);
            assert_eq!(
                shifted,
                written(&found(&text), &rope, enc, None, Shift::none()).0
            );
            let now = published.json.pieces.len();
            whole_again |= pieces > MAX_PIECES && now == 1;
            most = most.max(now);
        }
        assert!(most > 8, "stretches are shared: {most} pieces at most");
        assert!(
            whole_again && most <= MAX_PIECES + 4,
            "{most} pieces at most"
        );
    }

    #[test]
    fn a_kept_head_is_taken_only_as_far_as_its_json_stands() {
        // The linter keeps the head's two findings in place, but the second reaches past
        // the edit: its range ends elsewhere now, and is written again.
        let d = |span: Range<usize>| {
            Diagnostic::new("phrasing/doubled-word", Severity::Warning, span, "m")
        };
        let enc = Encoding::Utf16;
        let old_rope = Rope::from_str("the the a.\nthe the b.\n");
        let kept = |lint, from| Moved {
            lint,
            from,
            known: true,
            head: 2,
            middle: Vec::new(),
            tail: 2,
        };
        let before = [d(0..7), d(4..15)];
        let first = kept(1, 0);
        let (_, published) = write(&before, &old_rope, enc, None, Shift::none(), Some(&first));
        let edit = insert(13, "\u{e9}");
        let rope = Rope::from_str("the the a.\nth\u{e9}e the b.\n");
        let shift = Shift::of(&old_rope, &rope, std::slice::from_ref(&edit));
        let after = [d(0..7), d(4..15)];
        let again = kept(2, 1);
        let (pieces, _) = write(&after, &rope, enc, Some(published), shift, Some(&again));
        let fresh = written(&after, &rope, enc, None, Shift::none()).0;
        assert_eq!(String::from_utf8(pieces.concat()).unwrap(), fresh);
    }
}
