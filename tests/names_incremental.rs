//! The server's names, kept current paragraph by paragraph, equal those extracted afresh
//! from the final text: the same mentions (spans, links, titles) and the same index.

use std::sync::Arc;

use copydesk::analysis::{Analysis, NameIndex};
use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::lsp::incremental::{Edit, Linter};
use proptest::prelude::*;

mod pieces;

/// Name words and the lower-case words that unmake them, titles, particles, hyphens,
/// possessives, garbled words, sentence and paragraph breaks.
const PIECES: &[&str] = &[
    "Ilse ",
    "ilse ",
    "Brandt",
    "brandt ",
    "Police ",
    "police ",
    "The ",
    "Stone ",
    "stone ",
    "Mr ",
    "Mr. ",
    "President ",
    "van der ",
    "-",
    "Okereke’s ",
    "Okerkee ",
    "GÃ©rard ",
    "Gérard ",
    "O'Neill ",
    "Agnès ",
    "x",
    ". ",
    ", ",
    ": \"",
    "\n",
    "\n\n",
    "# ",
    "- ",
];

/// The names, and what the names rules make of them (judged again or carried over from
/// before the edit), are those of the text linted afresh.
fn assert_current(linter: &Linter) {
    let analysis = linter.analysis();
    let fresh = Analysis::new(analysis.text.clone(), analysis.kind);
    assert_eq!(analysis.names, fresh.names, "{:?}", analysis.text);
    let lint = linter.engine().lint(&analysis.text, analysis.kind);
    assert_eq!(linter.diagnostics(), lint.as_slice(), "{:?}", analysis.text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn kept_names_equal_extracted_names(
        initial in pieces::text(PIECES, 40),
        batches in prop::collection::vec(prop::collection::vec(pieces::spot(PIECES, 12), 1..4), 1..8),
        markdown in any::<bool>(),
    ) {
        let kind = if markdown { DocKind::Markdown } else { DocKind::Text };
        let mut linter = Linter::new(Arc::new(Engine::default()), initial, kind);
        assert_current(&linter);
        // An index followed by the changes reported, as the server's workspace sum is.
        let mut followed: NameIndex = (*linter.analysis().names.index).clone();
        for (i, batch) in batches.into_iter().enumerate() {
            linter.edit(&pieces::edits(linter.analysis().text.len(), batch));
            assert_current(&linter);
            if i % 2 == 0 {
                let change = linter.take_names_change();
                let since = change.since.as_deref().cloned().unwrap_or_default();
                prop_assert_eq!(&since, &followed);
                prop_assert_eq!(change.is_empty(), since == *change.now);
                change.apply(&mut followed);
                prop_assert_eq!(&followed, &*change.now);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// In a text of many paragraphs an edit re-reads a few, and the names after them move
    /// all at once: edits here and there, one after another, place again the names between
    /// one edit and the next.
    #[test]
    fn names_moved_past_an_edit_are_where_extracted_names_are(
        paragraphs in prop::collection::vec(pieces::text(PIECES, 8), 4..24),
        batches in prop::collection::vec(prop::collection::vec(pieces::spot(PIECES, 6), 1..3), 1..12),
    ) {
        let initial = paragraphs.join("\n\n");
        let mut linter = Linter::new(Arc::new(Engine::default()), initial, DocKind::Text);
        for batch in batches {
            linter.edit(&pieces::edits(linter.analysis().text.len(), batch));
            assert_current(&linter);
        }
    }
}

#[test]
fn a_word_written_in_lower_case_elsewhere_unmakes_a_name_anywhere() {
    let text = "Police said Ilse Brandt left.\n\nThen it rained.\n\nThen it rained.\n\nNothing more.\n\nThen it rained.\n\nThen it rained.\n\nBrandt-Okereke spoke.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let forms = |l: &Linter| -> Vec<String> {
        let names = &l.analysis().names;
        names
            .mentions
            .iter()
            .map(|m| m.form().to_string())
            .collect()
    };
    assert_eq!(
        forms(&linter),
        ["Police", "Ilse", "Brandt", "Brandt", "Okereke"]
    );
    // Once names are followed (from the first edit), an edit that changes no name keeps
    // the very same index.
    let at = text.find("more").unwrap();
    let and = || Edit {
        range: at..at,
        text: "and ".to_string(),
    };
    linter.edit(&[and()]);
    let index = linter.analysis().names.index.clone();
    linter.edit(&[and()]);
    assert!(Arc::ptr_eq(&index, &linter.analysis().names.index));
    // "police" and "brandt" in lower case in the middle paragraph unmake both in paragraphs
    // far from the edit.
    let at = text.find("Nothing").unwrap();
    linter.edit(&[Edit {
        range: at..at,
        text: "The police and brandt: ".to_string(),
    }]);
    assert_eq!(forms(&linter), ["Ilse", "Okereke"]);
    assert_current(&linter);
    // and taking them away again restores them
    linter.edit(&[Edit {
        range: at..at + 23,
        text: String::new(),
    }]);
    assert_eq!(
        forms(&linter),
        ["Police", "Ilse", "Brandt", "Brandt", "Okereke"]
    );
    assert_current(&linter);
}

/// Names that the names rules judge: slips beside the usual spelling, lost accents and
/// accented letters, listed names and their words (a first name listed names spell two
/// ways, the first written deciding a bare one), titles, first names that link or part
/// two spellings, and lower-case words that unmake a name.
const JUDGED: &[&str] = &[
    "Talia Okereke ",
    "Okereke ",
    "Okerkee ",
    "Okerekke ",
    "Hélène Carrère ",
    "Hlne ",
    "Helene ",
    "Carrre ",
    "Ivo Dvořáček ",
    "Dvoracek ",
    "Penélope Cruz ",
    "Penlope Cruz ",
    "Andre Agassi ",
    "André Onana ",
    "Andre ",
    "Pedro Sánchez ",
    "Pedro Almodovar ",
    "Kylian Mbappé ",
    "Mbappe ",
    "Zurich ",
    "Ms ",
    "Mr ",
    "Dario ",
    "Castellanos ",
    "Castellnaos ",
    "Tim Allen ",
    "Ray Allan ",
    "Müller ",
    "Mueller ",
    "Muller ",
    "allen ",
    "said ",
    "It rained.\n\n",
    "It rained.\n\n",
    ". ",
    ", ",
    "\n\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The names judgement followed edit by edit (only the mentions of keys near those an
    /// edit touched judged again) equals the judgement of the text linted afresh.
    #[test]
    fn followed_judgement_equals_a_fresh_one(
        initial in pieces::text(JUDGED, 60),
        batches in prop::collection::vec(prop::collection::vec(pieces::spot(JUDGED, 8), 1..3), 1..10),
    ) {
        let mut linter = Linter::new(Arc::new(Engine::default()), initial, DocKind::Text);
        for batch in batches {
            linter.edit(&pieces::edits(linter.analysis().text.len(), batch));
            assert_current(&linter);
        }
    }
}

/// A spelling that lost every accented letter is two edits or more from the original, so
/// the judge follows the accented spelling to it by the key it strips to.
#[test]
fn an_accented_spelling_coming_and_going_judges_its_stripped_form_again() {
    let text = "Hlne Okafor spoke.\n\nOne.\n\nTwo.\n\nThen it rained.\n\nThree.\n\nFour.\n\nHlne Okafor left.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    let at = text.find("Then it rained").unwrap();
    let replace = |linter: &mut Linter, len: usize, by: &str| {
        linter.edit(&[Edit {
            range: at..at + len,
            text: by.to_string(),
        }]);
        assert_current(linter);
        let rules: Vec<&str> = linter.diagnostics().iter().map(|d| d.rule).collect();
        rules
    };
    assert!(replace(&mut linter, 0, "").is_empty());
    let written = "Hélène Okafor smiled, Hélène Okafor said. ";
    let rules = replace(&mut linter, 0, written);
    assert_eq!(rules, ["names/diacritics", "names/diacritics"]);
    assert!(replace(&mut linter, written.len(), "").is_empty());
}

/// A mention read again with its key, spelling and neighbours keeps its verdict, but not
/// one that is no longer garbled: a garbled word is `names/mojibake`'s to report, the same
/// spelling written cleanly the judgement's.
#[test]
fn a_mention_repaired_in_place_is_judged_again() {
    let text = "Ilse Brandt spoke. Emmanuel MacÃ³rn left.\n";
    let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
    // (the judgement is followed from the first edit that changes a name)
    let at = text.find("spoke").unwrap();
    linter.edit(&[Edit {
        range: at..at,
        text: "to Ray Allan and ".to_string(),
    }]);
    assert_current(&linter);
    let at = linter.analysis().text.find('Ã').unwrap();
    linter.edit(&[Edit {
        range: at..at + "Ã³".len(),
        text: "ó".to_string(),
    }]);
    assert_current(&linter);
    let rules: Vec<&str> = linter.diagnostics().iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["names/variant"]);
}
