//! Random incremental edits through the server's document state give exactly what a full
//! lint of the final text gives: same paragraphs, same directives, same diagnostics.

use std::sync::Arc;

use copydesk::analysis::Analysis;
use copydesk::document::positions::Encoding;
use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::lsp::convert;
use copydesk::lsp::state::DocumentState;
use copydesk::segment::segment;
use proptest::prelude::*;

// Its texts only: the changes here are LSP ranges, not byte edits.
#[allow(dead_code)]
mod pieces;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const PIECES: &[&str] = &[
    "the ",
    "the the ",
    "It was an perfectly fine day. ",
    "She waited a hour. ",
    "word ",
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\r",
    "é",
    "e\u{301}",
    "😀",
    "中文 ",
    "# ",
    "- ",
    "> ",
    "```\n",
    "    ",
    "`the the` ",
    "*the* the ",
    "[a link](http://x.y/the) ",
    "<!-- copydesk-disable-next-line phrasing/doubled-word -->\n",
    "\"it was the the end\" ",
    "[x]: http://y\n",
    "---\n",
    "Sirhan Sirhan ",
    "THE THE ",
    "1. ",
    // What the context rules read beyond a paragraph: the article's apostrophe and quote
    // marks, a first-person narrator, names and words elsewhere, blank lines and tables.
    "Advertisement\n\n",
    "Read more: the the\n",
    "Jacksons lawyer left. ",
    "Jackson ",
    "the mayors office ",
    "the mayor ",
    "1980 s ",
    "didn t ",
    "\u{2019}",
    "'",
    "We met. ",
    "she said we will appeal. ",
    "He said: I am not resigning. ",
    "\u{201C}no\u{201D} ",
    "| Share |\n",
];

#[derive(Debug, Clone)]
struct Change {
    start: (u32, u32),
    end: (u32, u32),
    insert: String,
}

fn change() -> impl Strategy<Value = Change> {
    let pos = (0u32..12, 0u32..30);
    let insert = pieces::text(PIECES, 3);
    (pos.clone(), pos, insert).prop_map(|(start, end, insert)| Change { start, end, insert })
}

fn to_lsp(c: &Change) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(c.start.0, c.start.1),
            Position::new(c.end.0, c.end.1),
        )),
        range_length: None,
        text: c.insert.clone(),
    }
}

/// Publish (which reuses earlier ranges where it can), then compare everything with a
/// full lint and a fresh conversion of the final text.
fn check(
    doc: &DocumentState,
    engine: &Arc<Engine>,
    kind: DocKind,
    enc: Encoding,
) -> Result<(), TestCaseError> {
    let published = doc.publish(engine, enc);
    doc.with_fresh(engine, |view| {
        let direct: Vec<_> = view
            .diagnostics()
            .iter()
            .map(|d| convert::diagnostic(view.rope, d, enc))
            .collect();
        // Byte for byte what tower-lsp writes (through a `Value`, keys in order).
        let direct = serde_json::to_string(&serde_json::to_value(&direct).unwrap()).unwrap();
        prop_assert_eq!(
            String::from_utf8(published.diagnostics.concat()).unwrap(),
            direct
        );
        let text = view.rope.to_string();
        let linter = view.linter.expect("small documents are linted");
        let analysis = linter.analysis();
        prop_assert_eq!(&analysis.text, &text);
        let full = segment(&text, kind);
        prop_assert_eq!(&analysis.paragraphs, &full.paragraphs);
        prop_assert_eq!(&analysis.directives, &full.directives);
        let fresh = Analysis::new(text.clone(), kind);
        prop_assert_eq!(&analysis.quotes, &fresh.quotes);
        prop_assert_eq!(&analysis.names, &fresh.names);
        let expected = engine.lint(&text, kind);
        prop_assert_eq!(linter.diagnostics(), expected.as_slice());
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn incremental_matches_full(
        initial in pieces::text(PIECES, 30),
        batches in prop::collection::vec(
            (prop::collection::vec(change(), 1..4), any::<bool>(), change()),
            1..6,
        ),
        markdown in any::<bool>(),
        utf8 in any::<bool>(),
    ) {
        let engine = Arc::new(Engine::default());
        let kind = if markdown { DocKind::Markdown } else { DocKind::Text };
        let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let doc = DocumentState::open(&initial, kind, 1);
        check(&doc, &engine, kind, enc)?;
        for (i, (batch, peek, after_peek)) in batches.iter().enumerate() {
            let changes: Vec<_> = batch.iter().map(to_lsp).collect();
            doc.change(i as i32 + 2, &changes, enc);
            if *peek {
                // A hover or code action brings the linter up to date without publishing;
                // the next publication must not reuse ranges from before it.
                doc.with_fresh(&engine, |view| view.diagnostics().len());
                doc.change(i as i32 + 2, &[to_lsp(after_peek)], enc);
            }
            check(&doc, &engine, kind, enc)?;
        }
    }
}

/// Makes `changes` (a place, how many characters it replaces, what it types there) to
/// Markdown `article` one by one, checking each lint against a fresh one.
fn type_in(
    article: &str,
    changes: &[((u32, u32), u32, &str)],
    utf8: bool,
) -> Result<(), TestCaseError> {
    let engine = Arc::new(Engine::default());
    let enc = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let doc = DocumentState::open(article, DocKind::Markdown, 1);
    check(&doc, &engine, DocKind::Markdown, enc)?;
    for (i, ((line, column), length, insert)) in changes.iter().enumerate() {
        let change = Change {
            start: (*line, *column),
            end: (*line, column + length),
            insert: insert.to_string(),
        };
        doc.change(i as i32 + 2, &[to_lsp(&change)], enc);
        check(&doc, &engine, DocKind::Markdown, enc)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Edits among paragraphs that each have findings: the publication copies those the
    /// linter moved (on their lines or lines further down) and writes what a fresh
    /// conversion writes.
    #[test]
    fn edits_among_findings_publish_as_fresh(
        changes in prop::collection::vec(
            ((0u32..26, 0u32..50), 0u32..3, prop::sample::select(
                &["x", "", "\n", "\n\n", "the the ", "\"", "We met. "][..],
            )),
            1..10,
        ),
        utf8 in any::<bool>(),
    ) {
        let para = "She said the the plan was dead, and a aide agreed to wait a hour.\n\n";
        let article = format!("# Headline\n\n{}", para.repeat(12));
        type_in(&article, &changes, utf8)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Typing among the document rules' findings (a variant and a lost accent of names, a
    /// quotation repeated with different words) and the paragraphs between them: an edit
    /// that changes nothing those rules read keeps their findings, moved, and any other
    /// (in a name, a quotation, a paragraph holding one) finds them again.
    #[test]
    fn typing_among_document_findings_matches_full(
        changes in prop::collection::vec(
            ((0u32..24, 0u32..70), 0u32..3, prop::sample::select(
                &["x", "", " ", "e", "\n\n", "Okerkee ", "Agns ", "\"", ". "][..],
            )),
            1..12,
        ),
        utf8 in any::<bool>(),
    ) {
        let paragraphs = [
            "Talia Okereke won the seat, and Okereke thanked voters.",
            "The count went on through the night in the town hall.",
            "Later Okerkee's rival conceded the race to her.",
            "Agnès Varda's films were shown; Agns Varda died in 2019.",
            "\"We will rebuild every school by the autumn,\" the mayor said.",
            "Plain words follow here, and nothing else of note.",
            "She repeated that \"we will rebuild each school by the autumn\" at the rally.",
            "The vote was close, and Okereke kept her seat in the end.",
        ];
        let article = format!("# Headline\n\n{}\n", paragraphs.repeat(3).join("\n\n"));
        type_in(&article, &changes, utf8)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The document rules found by place (as the server finds those among the paragraphs
    /// it lints again) are those of the whole document starting there.
    #[test]
    fn document_findings_within_a_range_are_those_starting_there(
        picks in prop::collection::vec(0usize..8, 1..12),
        from in 0usize..2000,
        len in 0usize..2000,
    ) {
        let paragraphs = [
            "Talia Okereke won the seat, and Okereke thanked voters.",
            "Later Okerkee's rival conceded the race to her.",
            "Agnès Varda's films were shown; Agns Varda died in 2019.",
            "\"We will rebuild every school by the autumn,\" the mayor said.",
            "She repeated that \"we will rebuild each school by the autumn\" at the rally.",
            "Plain words follow here, and nothing else of note.",
            "Flights to Zurich resumed, Okerkee said.",
            "\"We will rebuild every school by the spring,\" she said.",
        ];
        let text: Vec<&str> = picks.iter().map(|&i| paragraphs[i]).collect();
        let doc = Analysis::new(text.join("\n\n"), DocKind::Markdown);
        let engine = Engine::default();
        let all = engine.lint_document(&doc);
        // Ranges ending and starting at each finding, and one at random.
        let edges = all.iter().flat_map(|d| {
            let at = d.span.start;
            [0..at, at..at + 1, at + 1..usize::MAX]
        });
        for within in edges.chain(std::iter::once(from..from + len)) {
            let starting = all.iter().filter(|d| within.contains(&d.span.start));
            let expected: Vec<_> = starting.cloned().collect();
            prop_assert_eq!(engine.lint_document_within(&doc, within), expected);
        }
    }
}

#[test]
fn typing_inside_a_long_article_matches_full() {
    let engine = Arc::new(Engine::default());
    let para = "The minister said the plan was dead, and an aide agreed.\n\n";
    let article = format!("# Headline\n\n{}", para.repeat(50));
    let doc = DocumentState::open(&article, DocKind::Markdown, 1);
    // Type "the " before "plan" in paragraph 20, then "```" opening a fence in paragraph 30.
    let line = 2 + 2 * 20;
    for (i, ch) in "the ".chars().enumerate() {
        let at = Position::new(line, 18 + i as u32);
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(at, at)),
            range_length: None,
            text: ch.to_string(),
        };
        doc.change(i as i32 + 2, &[change], Encoding::Utf16);
        check(&doc, &engine, DocKind::Markdown, Encoding::Utf16).unwrap();
    }
    let fence = Position::new(2 + 2 * 30, 0);
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(fence, fence)),
        range_length: None,
        text: "```\n".to_string(),
    };
    doc.change(10, &[change], Encoding::Utf16);
    check(&doc, &engine, DocKind::Markdown, Encoding::Utf16).unwrap();
    doc.with_fresh(&engine, |view| {
        let doubled = view
            .diagnostics()
            .iter()
            .filter(|d| d.rule == "phrasing/doubled-word")
            .count();
        assert_eq!(doubled, 1);
    });
}

/// Context rules read facts about the rest of the article; an edit elsewhere that changes
/// such a fact must change the findings in a paragraph the edit did not touch. Each case:
/// the rule, the article, the text replaced in its last paragraph, and its replacement.
#[test]
fn a_fact_changed_elsewhere_reaches_unchanged_paragraphs() {
    let cases = [
        // The apostrophe the fix restores follows the article's majority.
        (
            "phrasing/split-token",
            "It didn t work.\n\nPlain words here.\n",
            "Plain words here.",
            "The mayor\u{2019}s aide\u{2019}s car.",
        ),
        // "Jacksons" is a damaged possessive once Jackson is a name in the article.
        (
            "phrasing/possessive",
            "Jacksons lawyer left the court.\n\nNothing else.\n",
            "Nothing else.",
            "Jackson spoke.",
        ),
        // ... and stops being one when the article writes the word in lower case.
        (
            "phrasing/possessive",
            "Velindas lawyer left.\n\nVelinda spoke.\n\nNothing else.\n",
            "Nothing else.",
            "The velinda grew.",
        ),
        // A first-person narrator makes "we" after "said" the writer's own.
        (
            "quotes/first-person-reported",
            "The mayor said we will appeal the ruling.\n\nNothing else.\n",
            "Nothing else.",
            "We met him later.",
        ),
        // The marks the fix adds are the article's usual ones.
        (
            "quotes/stripped-marks",
            "The mayor told reporters: I am not resigning today.\n\nNothing else.\n",
            "Nothing else.",
            "\u{201C}Yes,\u{201D} she said. \u{201C}No,\u{201D} he said.",
        ),
        // A quotation running over paragraphs is paired again from where it opens, three
        // paragraphs above the edit: its first paragraph is no longer quoted.
        (
            "quotes/first-person-reported",
            "\u{201C}The mayor said we will appeal.\n\n\u{201C}It runs on.\n\n\u{201C}And on.\n\n\u{201C}The end,\u{201D} she said.\n",
            "The end,\u{201D}",
            "The end,",
        ),
    ];
    let engine = Arc::new(Engine::default());
    for (rule, text, old, new) in cases {
        // Paragraphs between keep the first out of the edit's window: only the fact can
        // reach it.
        let text = &if text.starts_with('\u{201C}') {
            text.to_string()
        } else {
            text.replacen("\n\n", "\n\nSpacer one.\n\nSpacer two.\n\n", 1)
        };
        let in_first = |doc: &DocumentState| {
            doc.with_fresh(&engine, |view| {
                let first_end = view.linter.unwrap().analysis().paragraphs[0].span().end;
                view.diagnostics()
                    .iter()
                    .filter(|d| d.rule == rule && d.span.end <= first_end)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        };
        let doc = DocumentState::open(text, DocKind::Markdown, 1);
        check(&doc, &engine, DocKind::Markdown, Encoding::Utf8).unwrap();
        let before = in_first(&doc);
        doc.change(2, &[replace(text, old, new)], Encoding::Utf8);
        check(&doc, &engine, DocKind::Markdown, Encoding::Utf8).unwrap();
        assert_ne!(before, in_first(&doc), "{rule}: the case changes nothing");
    }
}

/// The change replacing the first `old` in `text` with `new` (UTF-8 positions).
fn replace(text: &str, old: &str, new: &str) -> TextDocumentContentChangeEvent {
    let at = text.find(old).unwrap();
    let rope = ropey::Rope::from_str(text);
    let range = Range::new(
        convert::position(&rope, at, Encoding::Utf8),
        convert::position(&rope, at + old.len(), Encoding::Utf8),
    );
    TextDocumentContentChangeEvent {
        range: Some(range),
        range_length: None,
        text: new.to_string(),
    }
}

/// Opens `text`, applies each (old, new) replacement in turn and tells, after each, whether
/// the findings of `rule` (messages and spans) changed; every lint is checked against a
/// fresh one.
fn changed_after_each(rule: &str, text: &str, steps: &[(&str, &str)]) -> Vec<bool> {
    let engine = Arc::new(Engine::default());
    let doc = DocumentState::open(text, DocKind::Markdown, 1);
    check(&doc, &engine, DocKind::Markdown, Encoding::Utf8).unwrap();
    let found = |doc: &DocumentState| {
        doc.with_fresh(&engine, |view| {
            (view.diagnostics().iter())
                .filter(|d| d.rule == rule)
                .map(|d| (d.message.clone(), d.span.clone()))
                .collect::<Vec<_>>()
        })
    };
    let mut text = text.to_string();
    let mut before = found(&doc);
    let mut changed = Vec::new();
    for (version, (old, new)) in (2..).zip(steps) {
        doc.change(version, &[replace(&text, old, new)], Encoding::Utf8);
        text = text.replacen(old, new, 1);
        check(&doc, &engine, DocKind::Markdown, Encoding::Utf8).unwrap();
        let now = found(&doc);
        changed.push(now != before);
        before = now;
    }
    changed
}

/// A document finding in paragraphs an edit left alone, above it, still follows the edit:
/// the lint keeps the head of its last list only while the document findings there are
/// found again as they were ("Bozena" is counted against every "Bożena" in the article).
/// The first edit finishes every paragraph; the next ones keep those above them, while the
/// finding appears, then changes its count.
#[test]
fn a_document_finding_above_an_edit_follows_it() {
    let text = "Bozena Nowak spoke first.\n\nIt was the the end.\n\nSpacer one.\n\nSpacer two.\n\n\
                Nothing else.\n";
    let steps = [
        ("Nothing else.", "Nothing more."),
        ("Nothing more.", "Bożena Nowak agreed."),
        ("agreed.", "agreed. Bożena left."),
    ];
    let changed = changed_after_each("names/diacritics", text, &steps);
    assert_eq!(changed, [false, true, true]);
}

/// The same below an edit: the lint keeps the tail of its last list, shifted, only while
/// the document findings there are found again as they were, moved alike. The edits add
/// and remove lines and findings above the tail, which moves by bytes, lines and places.
#[test]
fn a_document_finding_below_an_edit_follows_it() {
    let text = "Nothing else.\n\nSpacer one.\n\nSpacer two.\n\nIt was the the end.\n\n\
                Bozena Nowak spoke last. She waited a hour.\n";
    let steps = [
        ("Nothing else.", "Nothing\n\nmore."),
        ("more.", "Bożena Nowak agreed."),
        ("agreed.", "agreed. Bożena left.\n\nThe the end."),
        ("\n\nThe the end.", ""),
        ("Spacer one.", "Spacer one, a hour."),
    ];
    let changed = changed_after_each("names/diacritics", text, &steps);
    assert_eq!(changed, [false, true, true, true, true]);
}

/// The repeat of a quotation reports the words of the first: typing in the first changes
/// the finding of the repeat, paragraphs away, and typing between them keeps it, moved.
#[test]
fn a_repeated_quotation_follows_edits_to_the_first() {
    let text = "\"We will rebuild every school by the autumn,\" the mayor said.\n\n\
                Spacer one.\n\nSpacer two.\n\nSpacer three.\n\n\
                She repeated that \"we will rebuild each school by the autumn\" at the rally.\n";
    let steps = [
        ("Spacer two.", "Spacer  two."),
        ("every school", "every  school"),
        ("every  school", "Every school"),
        ("Spacer three.", "Spacer 3."),
    ];
    let changed = changed_after_each("quotes/altered", text, &steps);
    assert_eq!(changed, [true, true, true, true]);
}
