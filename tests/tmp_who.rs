use copydesk::analysis::Analysis;
use copydesk::document::DocKind;
#[test]
fn who() {
    let path = std::env::var("WHO").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let kind = if path.ends_with(".md") { DocKind::Markdown } else { DocKind::Text };
    let doc = Analysis::new(text.clone(), kind);
    for q in &doc.quotes {
        eprintln!("{:?} <- {:?}", &text[q.inner.clone()], q.attribution.as_ref().map(|a| (&a.speaker, &a.cue)));
    }
}
