//! Load: the real server over stdio takes many documents and a storm of edits. Every open
//! document's last diagnostics must be those of a full lint of its final text, and the
//! server's memory must come back down once the documents close (a per-document cache,
//! job or names entry left behind on close would keep it up, and grow with each round).
//!
//! `many_documents_and_edits` is the size CI runs (100 documents, 2,000 edits, two
//! rounds); `five_hundred_documents_ten_thousand_edits` is the full size, `--ignored`.

#[allow(dead_code)] // each test crate uses its own part of the client
mod support;

use copydesk::document::DocKind;
use copydesk::engine::Engine;
use serde_json::{json, Value};
use support::{position, range, Client};

/// A deterministic generator (xorshift), so that a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// About 8 KB: long enough that what the server keeps per document (rope, paragraphs,
/// tokens, findings) dwarfs the allocator's noise, so a leak of it shows.
fn article(i: usize) -> String {
    // Names are judged across the open documents: each story names its own people,
    // spellings two letters or more apart from every other story's.
    let name: String = format!("{i:03}")
        .bytes()
        .map(|d| ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu"][(d - b'0') as usize])
        .collect();
    let marchetti = format!("Mar{name}");
    let marchett = &marchetti[..marchetti.len() - 1];
    let mut text = format!(
        "# Story {i}\n\nThe council met on Monday at the café, said an university spokesman.\n\n\
         It was the the end of an era for Helena {marchetti}, who chaired it for {i} years.\n\n\
         \"We will appeal,\" she said. Helena {marchett} told reporters she was proud.\n"
    );
    for p in 0..40 {
        text.push_str(&format!(
            "\nParagraph {p} of story {i}: the committee heard from residents and traders, \
             and the vote was put off until the spring.\n"
        ));
    }
    text
}

const INSERTS: &[&str] = &["the ", "an ", "\n\n", "council ", "é", "\"", "said "];

/// A memory figure of `pid` from /proc in KiB: `VmRSS` (resident now) or `VmHWM` (peak).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// One round: open `docs` documents, make `edits` random edits, check the final
/// diagnostics of each against a full lint, close them all and wait for the clearing.
fn round(client: &mut Client, round: usize, docs: usize, edits: usize, rng: &mut Rng) {
    let uri = |i: usize| format!("file:///load/{round}/{i}.md");
    let mut texts: Vec<String> = (0..docs).map(article).collect();
    let mut versions = vec![1i64; docs];
    for (i, text) in texts.iter().enumerate() {
        client.open(&uri(i), "markdown", text);
    }
    for n in 0..edits {
        let i = n % docs;
        let text = &mut texts[i];
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let start = boundaries[rng.below(boundaries.len())];
        let (end, insert) = if rng.below(3) == 0 {
            let end = boundaries
                .iter()
                .copied()
                .filter(|&b| b >= start)
                .nth(rng.below(6))
                .unwrap_or(start);
            (end, "")
        } else {
            (start, INSERTS[rng.below(INSERTS.len())])
        };
        let change = json!([{"range": range(text, start, end), "text": insert}]);
        text.replace_range(start..end, insert);
        versions[i] += 1;
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(i), "version": versions[i]}, "contentChanges": change}),
        );
    }
    let engine = Engine::default();
    for (i, text) in texts.iter().enumerate() {
        let got: Vec<(Value, Value)> = client
            .diagnostics(&uri(i), versions[i])
            .iter()
            .map(|d| (d["code"].clone(), d["range"].clone()))
            .collect();
        let expected: Vec<(Value, Value)> = engine
            .lint(text, DocKind::Markdown)
            .iter()
            .map(|d| {
                let range = json!({"start": position(text, d.span.start), "end": position(text, d.span.end)});
                (json!(d.rule), range)
            })
            .collect();
        assert_eq!(got, expected, "document {i}:\n{text}");
    }
    for i in 0..docs {
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(i)}}),
        );
    }
    for i in 0..docs {
        let uri = uri(i);
        client.wait(&format!("diagnostics cleared for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].is_null()
        });
    }
}

fn load(docs: usize, edits: usize) {
    let mut client = Client::spawn();
    client.initialize(json!({}), Value::Null, None);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // The first lint compiles the rules' data: the baseline is taken after it.
    round(&mut client, 0, 1, 1, &mut rng);
    let pid = client.id();
    let baseline = memory_kib(pid, "VmRSS");
    let start = std::time::Instant::now();
    round(&mut client, 1, docs, edits, &mut rng);
    let first = memory_kib(pid, "VmRSS");
    round(&mut client, 2, docs, edits, &mut rng);
    let second = memory_kib(pid, "VmRSS");
    eprintln!(
        "{docs} documents, {edits} edits, two rounds in {:?}: RSS baseline {baseline} KiB, \
         after the first round {first} KiB, after the second {second} KiB, peak {} KiB",
        start.elapsed(),
        memory_kib(pid, "VmHWM")
    );
    // The allocator may keep freed pages, so the first round may leave some behind (the
    // server holds many times a document's text while it is open); a second round
    // of the same size must reuse them: a leak of per-document state would add as much
    // again.
    let text_kib = (docs * article(0).len()) as u64 / 1024;
    assert!(
        first < baseline + 64 * 1024 + 40 * text_kib,
        "RSS {first} KiB after closing every document, baseline {baseline} KiB"
    );
    assert!(
        second < first + 8 * 1024 + 2 * text_kib,
        "RSS grew from {first} KiB to {second} KiB over a second identical round \
         ({text_kib} KiB of text)"
    );
    assert_eq!(client.shutdown().code(), Some(0));
}

#[cfg(target_os = "linux")]
#[test]
fn many_documents_and_edits() {
    load(100, 2_000);
}

#[cfg(target_os = "linux")]
#[test]
#[ignore = "the full size: run with --ignored"]
fn five_hundred_documents_ten_thousand_edits() {
    load(500, 10_000);
}
