//! Keystroke → diagnostics latency through the server's document state, in process and
//! without debounce, on generated 1k, 5k and 20k-word Markdown articles. Prints p50/p99
//! per size and the time to first diagnostics, then runs criterion on the same keystroke.
//!
//! Last, the resident memory of the real server (`copydesk --stdio`, this build's profile)
//! with 100 open 2k-word articles, each with names of its own.
//!
//! Targets: p99 ≤ 5 ms at 20k words, 20k/1k ≤ 1.5, first diagnostics ≤ 50 ms, RSS ≤ 40 MB.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use copydesk::document::positions::Encoding;
use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::lsp::state::DocumentState;
use criterion::{BenchmarkId, Criterion};
use serde_json::{json, Value};
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const SIZES: [usize; 3] = [1_000, 5_000, 20_000];

const SENTENCES: &[&str] = &[
    "The council met on Monday to discuss the budget for the coming year.",
    "Officials said the new plan would cut waiting times at the hospital.",
    "\"We are not going to give up,\" said Maria Lopez, who chairs the committee.",
    "Critics argued that the scheme was an expensive gamble with public money.",
    "The minister declined to comment when asked about the report.",
    "Shares in the company rose by 4% after the announcement.",
    "A spokesman for the union said members would vote next week.",
];

const DAMAGED: &[&str] = &[
    "It must be an perfectly ordinary decision, he said.",
    "Residents said the the roads had not been repaired in years.",
];

/// An article of about `words` words of four-sentence paragraphs, with a heading every
/// eight paragraphs and one damaged sentence (a doubled word, a wrong article) in one
/// paragraph out of `damage_every`.
fn article(words: usize, damage_every: usize) -> String {
    let mut out = String::from("# A generated article\n\n");
    let mut count = 0;
    let mut i = 0;
    while count < words {
        if i % 8 == 7 {
            out.push_str(&format!("## Section {}\n\n", i / 8 + 1));
        }
        for k in 0..4 {
            let s = if k == 1 && i % damage_every == 0 {
                DAMAGED[(i / damage_every) % DAMAGED.len()]
            } else {
                SENTENCES[(i * 5 + k * 3) % SENTENCES.len()]
            };
            count += s.split_whitespace().count();
            out.push_str(s);
            out.push(if k == 3 { '\n' } else { ' ' });
        }
        out.push('\n');
        i += 1;
    }
    out
}

fn insert(at: Position, text: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(Range::new(at, at)),
        range_length: None,
        text: text.to_string(),
    }
}

fn delete(at: Position) -> TextDocumentContentChangeEvent {
    let end = Position::new(at.line, at.character + 1);
    TextDocumentContentChangeEvent {
        range: Some(Range::new(at, end)),
        range_length: None,
        text: String::new(),
    }
}

/// One keystroke in the middle of the article, then its diagnostics as the server
/// publishes them; alternately typing and deleting a letter keeps the text stable.
struct Typist {
    doc: DocumentState,
    engine: Arc<Engine>,
    at: Position,
    version: i32,
}

impl Typist {
    fn new(words: usize, damage_every: usize) -> Typist {
        let text = article(words, damage_every);
        let lines = text.lines().count() as u32;
        let mut line = lines / 2;
        while text.lines().nth(line as usize).unwrap_or("").len() < 20 {
            line += 1;
        }
        let engine = Arc::new(Engine::default());
        let doc = DocumentState::open(&text, DocKind::Markdown, 1);
        doc.publish(&engine, Encoding::Utf16);
        Typist {
            doc,
            engine,
            at: Position::new(line, 10),
            version: 1,
        }
    }

    fn keystroke(&mut self) -> usize {
        self.version += 1;
        let change = if self.version % 2 == 0 {
            insert(self.at, "x")
        } else {
            delete(self.at)
        };
        self.doc.change(self.version, &[change], Encoding::Utf16);
        let published = self.doc.publish(&self.engine, Encoding::Utf16);
        black_box(published.diagnostics).len()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One damaged paragraph in five is heavy damage for real copy; one in one is a stress test.
const DENSITIES: [usize; 2] = [5, 1];

fn latency_report() {
    for damage_every in DENSITIES {
        println!("damage in one paragraph out of {damage_every}:");
        let mut p99s = Vec::new();
        for words in SIZES {
            let text = article(words, damage_every);
            let engine = Arc::new(Engine::default());
            let started = Instant::now();
            let doc = DocumentState::open(&text, DocKind::Markdown, 1);
            doc.publish(&engine, Encoding::Utf16);
            let first = started.elapsed();
            let found = doc.with_fresh(&engine, |view| view.diagnostics().len());

            let mut typist = Typist::new(words, damage_every);
            for _ in 0..50 {
                typist.keystroke();
            }
            let mut times: Vec<Duration> = (0..1000)
                .map(|_| {
                    let t = Instant::now();
                    black_box(typist.keystroke());
                    t.elapsed()
                })
                .collect();
            times.sort();
            let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
            p99s.push(p99);
            println!(
                "  {words:>6} words ({} KB, {found} findings): first diagnostics {first:.2?}; keystroke p50 {p50:.2?}, p99 {p99:.2?}",
                text.len() / 1024
            );
        }
        println!(
            "  p99 ratio 20k/1k: {:.2}",
            p99s[2].as_secs_f64() / p99s[0].as_secs_f64()
        );
    }
}

fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for words in SIZES {
        let mut typist = Typist::new(words, DENSITIES[0]);
        group.bench_function(BenchmarkId::from_parameter(words), |b| {
            b.iter(|| black_box(typist.keystroke()))
        });
    }
    group.finish();
}

/// The test suite's LSP client: spawns the binary and frames JSON-RPC.
#[allow(dead_code)] // the tests use the rest of it
#[path = "../tests/support/mod.rs"]
mod support;

const OPEN_ARTICLES: usize = 100;

/// Resident memory of the server once it has published diagnostics for 100 open articles.
fn memory_report() {
    let mut client = support::Client::spawn();
    client.initialize(json!({}), Value::Null, None);
    let started = Instant::now();
    for i in 0..OPEN_ARTICLES {
        // Each article names its own people, so the names index grows with the documents.
        let text = article(2_000, 5).replace("Maria Lopez", &format!("Maria Lopez{i:03}"));
        let uri = format!("file:///bench/article{i:03}.md");
        client.open(&uri, "markdown", &text);
    }
    for i in 0..OPEN_ARTICLES {
        client.diagnostics(&format!("file:///bench/article{i:03}.md"), 1);
    }
    let published = started.elapsed();
    // Let the names index settle and the open documents be judged by it.
    std::thread::sleep(Duration::from_secs(2));
    let status = std::fs::read_to_string(format!("/proc/{}/status", client.id()));
    let rss = status
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l["VmRSS:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc)".to_string());
    println!("{OPEN_ARTICLES} open 2k-word articles: diagnostics for all in {published:.2?}; server RSS {rss}");
    assert!(client.shutdown().success());
}

fn main() {
    latency_report();
    memory_report();
    let mut c = Criterion::default().configure_from_args();
    keystroke(&mut c);
    c.final_summary();
}
