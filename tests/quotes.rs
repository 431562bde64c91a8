//! The quote model and the quotes/* rules on a whole news story: clean copy with quotations
//! attributed in every common form stays silent; each kind of damage is found.

use copydesk::analysis::Analysis;
use copydesk::config::Config;
use copydesk::document::DocKind;
use copydesk::engine::Engine;

const CLEAN: &str = include_str!("fixtures/clean-quotes.txt");

fn quote_findings(text: &str) -> Vec<(&'static str, String)> {
    Engine::default()
        .lint(text, DocKind::Text)
        .into_iter()
        .filter(|d| d.family() == "quotes")
        .map(|d| (d.rule, text[d.span].to_string()))
        .collect()
}

#[test]
fn clean_story_is_silent_and_fully_attributed() {
    assert_eq!(quote_findings(CLEAN), vec![]);
    let doc = Analysis::new(CLEAN.to_string(), DocKind::Text);
    assert!(doc.quotes.len() >= 15, "{}", doc.quotes.len());
    for q in &doc.quotes {
        let speaker = q.attribution.as_ref().map(|a| a.speaker.as_str());
        assert!(
            speaker.is_some(),
            "no speaker for {:?}",
            &CLEAN[q.span.clone()]
        );
    }
}

#[test]
fn curly_markdown_story_and_first_person_column_are_silent() {
    let curly = include_str!("fixtures/clean-quotes-curly.md");
    let found: Vec<_> = Engine::default()
        .lint(curly, DocKind::Markdown)
        .into_iter()
        .filter(|d| d.family() == "quotes")
        .collect();
    assert!(found.is_empty(), "{found:?}");
    let column = include_str!("fixtures/clean-column.txt");
    assert_eq!(quote_findings(column), vec![]);
}

/// The clean story with one piece of damage: `from` replaced by `to`.
fn damaged(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from}");
    CLEAN.replacen(from, to, 1)
}

#[test]
fn a_dropped_speaker_is_unattributed() {
    let text = damaged(
        "Its leader, Tom Reyes, called the vote \"a blank cheque signed in a hurry\" and said",
        "The vote, which was called \"a blank cheque signed in a hurry\", was condemned, and the group said",
    );
    assert_eq!(
        quote_findings(&text),
        vec![(
            "quotes/unattributed",
            "\"a blank cheque signed in a hurry\"".to_string()
        )]
    );
}

#[test]
fn stripped_marks_after_a_colon() {
    let text = damaged(
        "She added: \"Nobody on this council wanted to raise rents, but nobody wanted to lose the harbour either.\"",
        "She added: I never wanted to raise rents.",
    );
    assert_eq!(
        quote_findings(&text),
        vec![(
            "quotes/stripped-marks",
            "I never wanted to raise rents".to_string()
        )]
    );
}

#[test]
fn first_person_in_reported_speech() {
    let text = damaged(
        "said she had asked the council for a yearly inspection",
        "said we had asked the council for a yearly inspection",
    );
    assert_eq!(
        quote_findings(&text),
        vec![(
            "quotes/first-person-reported",
            "we had asked the council for a yearly inspection".to_string()
        )]
    );
}

#[test]
fn a_lost_closing_mark_is_unbalanced() {
    let text = damaged("crew,\" said Daniel Price", "crew, said Daniel Price");
    let found = quote_findings(&text);
    assert!(
        found.contains(&("quotes/unbalanced", "\"We".to_string())),
        "{found:?}"
    );
}

#[test]
fn one_curly_quotation_among_straight_ones() {
    let text = damaged(
        "\"It is a good day for Port Ellery,\"",
        "\u{201C}It is a good day for Port Ellery,\u{201D}",
    );
    assert_eq!(
        quote_findings(&text),
        vec![
            ("quotes/mixed-style", "\u{201C}".to_string()),
            ("quotes/mixed-style", "\u{201D}".to_string())
        ]
    );
}

#[test]
fn cue_verbs_added_in_config_attribute_quotes() {
    // "intoned" is not shipped as a speech verb, so the quotation has no speaker...
    let text = "The minister left the podium early.\n\n\"We will not be rushed on this,\" intoned Halvorsen, before leaving.\n";
    let speaker = |engine: &Engine| {
        let doc = engine.analyse(text.to_string(), DocKind::Text);
        doc.quotes[0]
            .attribution
            .as_ref()
            .map(|a| a.speaker.clone())
    };
    let shipped = Engine::default();
    assert_eq!(speaker(&shipped), None);
    assert!(shipped
        .lint(text, DocKind::Text)
        .iter()
        .any(|d| d.rule == "quotes/unattributed"));
    // ...until the user adds it: then the model and the rules agree on who spoke.
    let config = Config::parse(
        "[data.cue-verbs.verbs]\nadd = [\"intone\", \"intoned\"]\n",
        None,
    )
    .unwrap();
    let edited = Engine::new(&config).unwrap();
    assert_eq!(speaker(&edited).as_deref(), Some("Halvorsen"));
    let quotes: Vec<_> = edited
        .lint(text, DocKind::Text)
        .into_iter()
        .filter(|d| d.family() == "quotes")
        .collect();
    assert!(quotes.is_empty(), "{quotes:?}");
}
