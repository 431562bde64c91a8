//! The server's quotations, kept current paragraph by paragraph, equal those found afresh
//! in the final text: the same marks and roles, quotations, attributions (with "he" and
//! "she" resolved over the whole text) and repeated quotations, and the same findings.

use std::sync::Arc;

use copydesk::analysis::quotes::repeats::Index;
use copydesk::analysis::Analysis;
use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::lsp::incremental::{Edit, Linter};
use proptest::prelude::*;

mod pieces;

/// Marks of both styles that open, close, reopen a paragraph or stand alone; speakers,
/// pronouns and cues, also in the paragraph before a quotation; a quotation repeated with a
/// word changed; sentence and paragraph breaks.
const PIECES: &[&str] = &[
    "\"",
    "\u{201C}",
    "\u{201D}",
    "\"We will rebuild every school by the autumn,\" ",
    "\u{201C}We will rebuild each school by the autumn\u{201D} ",
    "we will rebuild every school ",
    "by the autumn",
    "Mara Lindqvist ",
    "Lindqvist ",
    "Tomas Berg's ",
    "she ",
    "he ",
    "said ",
    "told reporters",
    "according to ",
    "The mayor ",
    "was described as ",
    "Nobody came",
    "Mara Lindqvist said:\n\n\"",
    "\" she said.\n\n",
    "x",
    ". ",
    ", ",
    ": ",
    " \u{2014} ",
    "\n",
    "\n\n",
    "\n\n\"",
    "# ",
];

fn assert_current(linter: &Linter) {
    let analysis = linter.analysis();
    let fresh = Analysis::new(analysis.text.clone(), analysis.kind);
    assert_eq!(
        analysis.quote_marks, fresh.quote_marks,
        "{:?}",
        analysis.text
    );
    assert_eq!(analysis.quotes, fresh.quotes, "{:?}", analysis.text);
    let repeats = analysis.memo(|_| -> Index { panic!("the server gives the repeats") });
    let fresh_repeats = Index::new(&fresh.text, &fresh.quotes);
    assert!(
        repeats.repeats().eq(fresh_repeats.repeats()),
        "{:?}",
        analysis.text
    );
    // The kept list of quotations that repeat is the walk over every quotation's entry.
    let walked: Vec<(usize, usize)> = (repeats.repeats().enumerate())
        .filter_map(|(at, earlier)| Some((at, earlier?)))
        .collect();
    assert_eq!(repeats.repeated(), walked, "{:?}", analysis.text);
    let lint = linter.engine().lint(&analysis.text, analysis.kind);
    assert_eq!(linter.diagnostics(), lint.as_slice(), "{:?}", analysis.text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn kept_quotations_equal_found_quotations(
        initial in pieces::text(PIECES, 48),
        batches in prop::collection::vec(prop::collection::vec(pieces::spot(PIECES, 16), 1..4), 1..8),
        markdown in any::<bool>(),
    ) {
        let kind = if markdown { DocKind::Markdown } else { DocKind::Text };
        let mut linter = Linter::new(Arc::new(Engine::default()), initial, kind);
        for batch in batches {
            linter.edit(&pieces::edits(linter.analysis().text.len(), batch));
            assert_current(&linter);
        }
    }
}

/// Whole paragraphs: people named, filler, quotations said by "she" or led in from the
/// paragraph before, so that an edit in one reaches quotations paragraphs away.
const PARAGRAPHS: &[&str] = &[
    "Mara Lindqvist opened the dam.",
    "Tomas Berg and Ines Okafor arrived. Lindqvist left.",
    "The water rose all night.",
    "\"We waited ten years for this,\" she said.",
    "\u{201C}Nobody will sail until the storm passes,\u{201D} he told reporters.",
    "The harbour master said:",
    "\"The bridge stays shut.\"",
    "\u{201C}It runs on.",
];

/// Replacements typed into a paragraph: letters, names, pronouns, cues, marks.
const TYPED: &[&str] = &[
    "x", "", "Mara ", "Berg", "she", " said", ":", "\"", "\u{201D}", ". ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_reaches_quotations_paragraphs_away(
        paragraphs in prop::collection::vec(prop::sample::select(PARAGRAPHS), 1..10),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..6, prop::sample::select(TYPED)),
            1..6,
        ),
    ) {
        let mut linter = Linter::new(Arc::new(Engine::default()), paragraphs.join("\n\n"), DocKind::Text);
        for (paragraph, at, n, typed) in edits {
            // within one paragraph, so that the others stay as they were
            let Some(span) = paragraph_span(&linter, paragraph) else { continue };
            let start = span.start + at.index(span.len() + 1);
            let end = (start + n).min(span.end);
            linter.edit(&[Edit { range: start..end.max(start), text: typed.to_string() }]);
            assert_current(&linter);
        }
    }
}

/// Paragraphs naming people in full, by surname only (also one no full name bears, and one
/// two people share), or nobody, and quotations said by "he" or "she" after them.
const PEOPLE: &[&str] = &[
    "Mara Lindqvist opened the dam.",
    "Tomas Berg arrived. Berg waved.",
    "Ines Berg spoke first.",
    "Lindqvist left early.",
    "Officials met at noon.",
    "The water rose all night.",
    "\"We waited ten years,\" she said.",
    "\u{201C}It runs on,\u{201D} he told reporters. Berg nodded.",
    "Berg said: \"The bridge stays shut.\" Then she left.",
    "Lindqvist stayed. \"It held,\" she said.",
    "Berg stayed. \"It held,\" he said.",
];

/// Words typed in place of others: full names (new, or of somebody named elsewhere), a
/// surname alone, pronouns, nothing, and breaks that split a paragraph.
const RENAMES: &[&str] = &[
    "Mara Lindqvist",
    "Tomas Berg",
    "Ana Okafor",
    "Lindqvist",
    "Berg",
    "Okafor",
    "she",
    "He",
    "",
    "x",
    ".\n\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Names renamed, put in or taken out, paragraphs before a "he" or "she": each pronoun
    /// stands for the last person named before it in the final text.
    #[test]
    fn names_changed_before_pronouns_reach_them(
        paragraphs in prop::collection::vec(prop::sample::select(PEOPLE), 1..14),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..3, prop::sample::select(RENAMES)),
            1..8,
        ),
    ) {
        let mut linter = Linter::new(Arc::new(Engine::default()), paragraphs.join("\n\n"), DocKind::Text);
        for (paragraph, word, n, typed) in edits {
            // `n` whole words from a word's start, in one paragraph
            let text = &linter.analysis().text;
            let Some(span) = paragraph_span(&linter, paragraph) else { continue };
            let starts: Vec<usize> = std::iter::once(span.start)
                .chain(text[span.clone()].match_indices(' ').map(|(i, _)| span.start + i + 1))
                .collect();
            let start = starts[word.index(starts.len())];
            let end = text[start..span.end]
                .match_indices(' ')
                .nth(n)
                .map_or(span.end, |(i, _)| start + i);
            let end = if n == 0 { start } else { end };
            let typed = if n == 0 && !typed.is_empty() { format!("{typed} ") } else { typed.to_string() };
            linter.edit(&[Edit { range: start..end, text: typed }]);
            assert_current(&linter);
        }
    }
}

/// The span of the paragraph `index` picks, if the text has any.
fn paragraph_span(linter: &Linter, index: prop::sample::Index) -> Option<std::ops::Range<usize>> {
    let paragraphs = &linter.analysis().paragraphs;
    (!paragraphs.is_empty()).then(|| paragraphs[index.index(paragraphs.len())].span())
}

fn edit_at(linter: &mut Linter, find: &str, replace: &str) {
    let at = linter.analysis().text.find(find).unwrap();
    linter.edit(&[Edit {
        range: at..at + find.len(),
        text: replace.to_string(),
    }]);
    assert_current(linter);
}

#[test]
fn a_quotation_running_over_paragraphs_pairs_again_from_where_it_opens() {
    let text = "Intro line.\n\n\u{201C}The first part runs on.\n\n\u{201C}The second part too.\n\n\u{201C}The end,\u{201D} Mara Lindqvist said.\n\nAfter.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    assert_eq!(linter.analysis().quotes.len(), 1);
    // Closing the middle paragraph's quotation ends the run there.
    edit_at(&mut linter, "part too.", "part too.\u{201D}");
    assert_eq!(linter.analysis().quotes.len(), 2);
    edit_at(&mut linter, "part too.\u{201D}", "part too.");
    assert_eq!(linter.analysis().quotes.len(), 1);
    // An edit in the last paragraph of the run re-pairs the whole run.
    edit_at(&mut linter, "The end", "The very end");
    assert_eq!(
        linter.analysis().quotes[0]
            .attribution
            .as_ref()
            .unwrap()
            .speaker,
        "Mara Lindqvist"
    );
}

#[test]
fn a_name_changed_far_above_reaches_he_and_she_below() {
    let text = "Mara Lindqvist opened the dam.\n\nThe water rose.\n\nThe water fell.\n\n\"We waited ten years,\" she said.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let speaker = |l: &Linter| l.analysis().quotes[0].attribution.clone().unwrap().speaker;
    assert_eq!(speaker(&linter), "Mara Lindqvist");
    edit_at(&mut linter, "Lindqvist", "Berg");
    assert_eq!(speaker(&linter), "Mara Berg");
}

/// Each pronoun is looked up on its own: "she" after a surname alone stands for that
/// surname's full name, which a rename above it changes though a full name lies between.
#[test]
fn a_surname_alone_reaches_past_a_full_name_to_its_own() {
    let text = "Mara Lindqvist opened the dam.\n\nThe water rose.\n\nThe water fell.\n\nTomas Berg arrived.\n\n\"We waited,\" she said.\n\nLindqvist stayed.\n\n\"It held,\" she said.\n\n\"It rose,\" he said.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let speakers = |l: &Linter| {
        (l.analysis().quotes.iter())
            .map(|q| q.attribution.clone().unwrap().speaker)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        speakers(&linter),
        ["Tomas Berg", "Mara Lindqvist", "Mara Lindqvist"]
    );
    edit_at(&mut linter, "Mara Lindqvist", "Mara Lindqvista");
    assert_eq!(
        speakers(&linter),
        ["Tomas Berg", "Tomas Berg", "Tomas Berg"]
    );
    edit_at(&mut linter, "Tomas Berg", "Tomas Lindqvist");
    assert_eq!(
        speakers(&linter),
        ["Tomas Lindqvist", "Tomas Lindqvist", "Tomas Lindqvist"]
    );
    edit_at(&mut linter, "Lindqvist stayed", "Officials stayed");
    assert_eq!(
        speakers(&linter),
        ["Tomas Lindqvist", "Tomas Lindqvist", "Tomas Lindqvist"]
    );
}

#[test]
fn a_repeat_changed_elsewhere_is_judged_again() {
    let text = "\"We will rebuild every school by the autumn,\" the mayor said.\n\nThe rain came.\n\nShe repeated that \"we will rebuild every school by the autumn\" at the rally.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let altered = |l: &Linter| {
        l.diagnostics()
            .iter()
            .filter(|d| d.rule == "quotes/altered")
            .count()
    };
    assert_eq!(altered(&linter), 0);
    edit_at(
        &mut linter,
        "every school by the autumn,",
        "each school by the autumn,",
    );
    assert_eq!(altered(&linter), 1);
    edit_at(&mut linter, "The rain", "More rain");
    assert_eq!(altered(&linter), 1);
    edit_at(&mut linter, "each school", "every school");
    assert_eq!(altered(&linter), 0);
}

#[test]
fn pairing_goes_on_past_the_edit_while_the_old_run_went_on() {
    // The edit closes the first paragraph's quotation; the second's (lower case: a partial
    // quote) no longer runs on, but the old pairing entered the third with one open.
    let text = "\u{201C}A one.\n\n\u{201C}b two.\n\n\u{201C}C three,\u{201D} she said.\n\nAfter.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    assert_eq!(linter.analysis().quotes.len(), 1);
    edit_at(&mut linter, "A one.", "A one.\u{201D}");
    assert_eq!(linter.analysis().quotes.len(), 2);
}

#[test]
fn a_quotation_reported_where_it_opens_follows_its_words_paragraphs_on() {
    // One quotation over two paragraphs, all capitalised: a title, not speech. Lower-casing
    // a word in the second paragraph (the same length) makes it speech nobody said, found
    // in the first.
    let text = "Intro line.\n\n\u{201C}Ocean Harbour Bridge Works.\n\n\u{201C}Railway Station Tunnel Works.\u{201D}\n\nAfter.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let unattributed = |l: &Linter| {
        l.diagnostics()
            .iter()
            .filter(|d| d.rule == "quotes/unattributed")
            .count()
    };
    assert_eq!(linter.analysis().quotes.len(), 1);
    assert_eq!(unattributed(&linter), 0);
    edit_at(&mut linter, "Tunnel", "tunnel");
    assert_eq!(unattributed(&linter), 1);
}
