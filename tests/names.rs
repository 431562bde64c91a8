//! The names family on whole articles: silence on correctly spelt rare names, and every
//! planted variant, lost accent, garbled word and avoided spelling found and fixed.

use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::fix::apply_fixes;

fn names_findings(text: &str) -> Vec<(String, String, String)> {
    findings_in(text, DocKind::Text)
}

fn findings_in(text: &str, kind: DocKind) -> Vec<(String, String, String)> {
    Engine::default()
        .lint(text, kind)
        .into_iter()
        .filter(|d| d.family() == "names")
        .map(|d| {
            (
                d.rule.to_string(),
                text[d.span.clone()].to_string(),
                d.fixes
                    .first()
                    .map_or(String::new(), |f| f.replacement.clone()),
            )
        })
        .collect()
}

#[test]
fn clean_rare_names_are_silent() {
    let text = include_str!("fixtures/clean-names.txt");
    assert_eq!(names_findings(text), Vec::<(String, String, String)>::new());
}

#[test]
fn markdown_markup_code_and_front_matter_are_not_names() {
    let text = include_str!("fixtures/clean-names.md");
    assert_eq!(
        findings_in(text, DocKind::Markdown),
        Vec::<(String, String, String)>::new()
    );
}

#[test]
fn damaged_names_are_found_and_fixed() {
    let text = include_str!("fixtures/damaged-names.txt");
    let expected = [
        ("names/variant", "Vrhonvik", "Vrhovnik"),
        ("names/diacritics", "Penlope", "Penélope"),
        ("names/diacritics", "Penelope", "Penélope"),
        ("names/diacritics", "Simić", "Šimić"),
        ("names/variant", "Farowgate", "Farrowgate"),
        ("names/diacritics", "Hlne", "Hélène"),
        ("names/variant", "Macorn", "Macron"),
        ("names/diacritics", "Mbappe", "Mbappé"),
        ("names/variant", "Alen", "Allen"),
        ("names/house-style", "Kiev", "Kyiv"),
        ("names/house-style", "Belarussian", "Belarusian"),
        ("names/house-style", "Byelorussia", "Belarus"),
        ("names/mojibake", "PenÃ©lope", "Penélope"),
        ("names/mojibake", "didnâ€™t", "didn’t"),
    ];
    let found = names_findings(text);
    let found: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(r, t, f)| (r.as_str(), t.as_str(), f.as_str()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn fixes_restore_the_intended_text() {
    let damaged = include_str!("fixtures/damaged-names.txt");
    let engine = Engine::default();
    let diagnostics = engine.lint(damaged, DocKind::Text);
    let (fixed, _) = apply_fixes(damaged, &diagnostics);
    let intended = damaged
        .replace("Vrhonvik", "Vrhovnik")
        .replace("Penlope", "Penélope")
        .replace("Penelope", "Penélope")
        .replace("Simić", "Šimić")
        .replace("Farowgate", "Farrowgate")
        .replace("Hlne", "Hélène")
        .replace("Macorn", "Macron")
        .replace("Mbappe", "Mbappé")
        .replace("Alen ", "Allen ")
        .replace("Kiev", "Kyiv")
        .replace("Belarussian", "Belarusian")
        .replace("Byelorussia", "Belarus")
        .replace("PenÃ©lope", "Penélope")
        .replace("didnâ€™t", "didn’t");
    assert_eq!(fixed, intended);
    let again = engine.lint(&fixed, DocKind::Text);
    assert!(again.iter().all(|d| d.family() != "names"), "{again:?}");
}
