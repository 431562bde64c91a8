//! The language server's message handling, in-process, on arbitrary sequences of
//! open/change/close/codeAction/hover/executeCommand/didChangeConfiguration: no panic (in
//! a handler, a lint job or a worker), no request failing with an internal error, and
//! after the sequence each open document's published diagnostics equal a full lint of its
//! final text under the configuration in force.
//!
//! One server per position encoding lives for the whole run (building engines dominates a
//! fresh server); each input uses its own document URIs and closes them at the end, and
//! the configuration is reset before an input when the previous one changed it.
#![no_main]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use arbitrary::Arbitrary;
use copydesk::config::Config;
use copydesk::document::positions::Encoding;
use copydesk::document::DocKind;
use copydesk::engine::Engine;
use copydesk::lsp::convert;
use futures::StreamExt;
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::lsp_types as lsp;
use tower_service::Service;

/// Words and marks the rules react to, so that inputs reach them quickly.
const WORDS: &[&str] = &[
    "the",
    "The",
    "a",
    "an",
    "university",
    "hour",
    "said",
    "told",
    "reporters",
    "Helena",
    "Marchetti",
    "Marchett",
    "Marchettis",
    "Marchetti's",
    "Bjørn",
    "BjÃ¸rn",
    "Bjorn",
    "1990",
    "s",
    "Read more:",
    "we",
    "will",
    "appeal",
    "was",
    "were",
    "who",
    "\"",
    "“",
    "”",
    "'",
    "«",
    "»",
    ":",
    ",",
    ".",
    "!",
    "?",
    "—",
    "😀",
    "e\u{301}",
    "ß",
    "\u{feff}",
    "\t",
    "\u{2028}",
    "\u{85}",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "<!-- copydesk-disable -->",
    "<!--",
    "-->",
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Word(u8),
    Space,
    Newline,
    Crlf,
    Cr,
    Blank,
    Heading,
    Quote,
    Item,
    Fence,
    FrontMatter,
    LinkDefinition,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Text(Vec<Piece>);

impl Text {
    fn render(&self) -> String {
        let mut s = String::new();
        for piece in self.0.iter().take(96) {
            s.push_str(match piece {
                Piece::Word(i) => WORDS[*i as usize % WORDS.len()],
                Piece::Space => " ",
                Piece::Newline => "\n",
                Piece::Crlf => "\r\n",
                Piece::Cr => "\r",
                Piece::Blank => "\n\n",
                Piece::Heading => "\n# ",
                Piece::Quote => "\n> ",
                Piece::Item => "\n- ",
                Piece::Fence => "\n```\n",
                Piece::FrontMatter => "---\n",
                Piece::LinkDefinition => "\n[x]: /y\n",
                Piece::Raw(raw) => raw.get(..raw.len().min(16)).unwrap_or(raw),
            });
        }
        s
    }
}

/// A position: near the text (scaled into its lines and columns) or anywhere at all.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pos {
    Near { line: u8, character: u8 },
    Raw { line: u32, character: u32 },
}

impl Pos {
    fn resolve(self, rope: &Rope) -> lsp::Position {
        match self {
            Pos::Near { line, character } => {
                let line = line as usize % (rope.len_lines() + 1);
                let width = rope.get_line(line).map_or(0, |l| l.len_chars());
                lsp::Position::new(line as u32, (character as usize % (width + 3)) as u32)
            }
            Pos::Raw { line, character } => lsp::Position::new(line, character),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Change {
    /// `None`: the whole text.
    range: Option<(Pos, Pos)>,
    text: Text,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open {
        doc: u8,
        markdown: bool,
        text: Text,
    },
    Change {
        doc: u8,
        backwards: bool,
        changes: Vec<Change>,
    },
    Close {
        doc: u8,
    },
    CodeAction {
        doc: u8,
        start: Pos,
        end: Pos,
        quickfix_only: bool,
    },
    Hover {
        doc: u8,
        at: Pos,
    },
    /// Applied when `gate % 8 == 0`: each rebuilds the engine, which costs a hundred
    /// edits, so they come rarer than document operations.
    DisableRule {
        gate: u8,
        rule: u8,
    },
    Configure {
        gate: u8,
        settings: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    utf8: bool,
    ops: Vec<Op>,
}

const DOCS: u8 = 4;

/// Rule ids for `copydesk.disableRule` (the last is unknown).
const RULES: &[&str] = &[
    "phrasing/doubled-word",
    "phrasing/article-a-an",
    "quotes/unattributed",
    "quotes/unbalanced",
    "names/variant",
    "phrasing/no-such-rule",
];

/// Editor settings and, for the valid ones, the `.copydesk.toml` table they stand for.
fn settings(i: usize) -> (Value, Option<&'static str>) {
    match i % 7 {
        0 => (json!({"debounceMs": 0}), Some("")),
        1 => (
            json!({"debounceMs": 0, "rules": {"phrasing/doubled-word": "off"}}),
            Some("[rules]\n\"phrasing/doubled-word\" = \"off\"\n"),
        ),
        2 => (
            json!({"copydesk": {"debounceMs": 0, "ignore_words": ["Marchett", null]}}),
            Some("ignore_words = [\"Marchett\"]\n"),
        ),
        3 => (
            json!({"debounceMs": 0, "rules": {"quotes": "error", "names": "hint"}}),
            Some("[rules]\nquotes = \"error\"\nnames = \"hint\"\n"),
        ),
        4 => (json!({"rules": {"phrasing/nope": "off"}}), None),
        5 => (json!({"debounceMs": "soon"}), None),
        _ => (json!([1, 2]), None),
    }
}

/// The configuration in force: the last valid settings, and a rule disabled since.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
struct Model {
    settings: usize,
    disabled: Option<usize>,
}

impl Model {
    fn engine(self) -> Arc<Engine> {
        static ENGINES: OnceLock<Mutex<HashMap<Model, Arc<Engine>>>> = OnceLock::new();
        let mut engines = ENGINES.get_or_init(Default::default).lock().unwrap();
        engines
            .entry(self)
            .or_insert_with(|| {
                let mut table: toml::Table = settings(self.settings).1.unwrap().parse().unwrap();
                if let Some(rule) = self.disabled {
                    let rules = table
                        .entry("rules")
                        .or_insert_with(|| toml::Value::Table(Default::default()));
                    // The editor's settings win over the file's.
                    rules
                        .as_table_mut()
                        .unwrap()
                        .entry(RULES[rule])
                        .or_insert_with(|| "off".into());
                }
                let config = Config::parse(&toml::to_string(&table).unwrap(), None).unwrap();
                Arc::new(Engine::new(&config).unwrap())
            })
            .clone()
    }
}

/// What the server sent that the harness waits on.
#[derive(Default)]
struct Outbox {
    /// The last diagnostics published per (uri, version).
    published: HashMap<(String, Option<i32>), Vec<lsp::Diagnostic>>,
    failures: Vec<String>,
}

struct Server {
    service: Mutex<Option<Box<dyn ServiceDyn>>>,
    outbox: Arc<Mutex<Outbox>>,
    published: Mutex<mpsc::UnboundedReceiver<()>>,
    enc: Encoding,
    model: Mutex<Model>,
}

/// The service behind a box: `copydesk::lsp::service` returns an opaque type.
trait ServiceDyn: Send {
    fn send(
        &mut self,
        request: Request,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Response>> + Send + '_>>;
}

impl<S> ServiceDyn for S
where
    S: Service<Request, Response = Option<Response>> + Send,
    S::Future: Send,
    S::Error: std::fmt::Debug,
{
    fn send(
        &mut self,
        request: Request,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Response>> + Send + '_>> {
        Box::pin(async move {
            futures::future::poll_fn(|cx| self.poll_ready(cx))
                .await
                .unwrap();
            self.call(request).await.unwrap()
        })
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

fn root() -> &'static lsp::Url {
    static ROOT: OnceLock<(tempfile::TempDir, lsp::Url)> = OnceLock::new();
    &ROOT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let url = lsp::Url::from_directory_path(dir.path()).unwrap();
            (dir, url)
        })
        .1
}

impl Server {
    fn get(utf8: bool) -> &'static Server {
        static SERVERS: OnceLock<[Server; 2]> = OnceLock::new();
        &SERVERS.get_or_init(|| [Server::start(false), Server::start(true)])[utf8 as usize]
    }

    fn start(utf8: bool) -> Server {
        let (service, socket) = copydesk::lsp::service();
        let outbox = Arc::new(Mutex::new(Outbox::default()));
        let (tx, rx) = mpsc::unbounded_channel();
        let sink = outbox.clone();
        runtime().spawn(async move {
            let (mut requests, mut responses) = socket.split();
            use futures::SinkExt;
            while let Some(request) = requests.next().await {
                let (method, id, params) = request.into_parts();
                let params = params.unwrap_or(Value::Null);
                if let Some(id) = id {
                    let result = match method.as_ref() {
                        "workspace/applyEdit" => json!({"applied": true}),
                        _ => Value::Null,
                    };
                    responses.send(Response::from_ok(id, result)).await.unwrap();
                    continue;
                }
                let mut outbox = sink.lock().unwrap();
                match method.as_ref() {
                    "textDocument/publishDiagnostics" => {
                        let p: lsp::PublishDiagnosticsParams =
                            serde_json::from_value(params).unwrap();
                        outbox
                            .published
                            .insert((p.uri.to_string(), p.version), p.diagnostics);
                        let _ = tx.send(());
                    }
                    "window/logMessage" | "window/showMessage" => {
                        let text = params["message"].as_str().unwrap_or_default().to_string();
                        if text.contains("failed") {
                            outbox.failures.push(text);
                        }
                    }
                    _ => {}
                }
            }
        });
        let server = Server {
            service: Mutex::new(Some(Box::new(service))),
            outbox,
            published: Mutex::new(rx),
            enc: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            model: Mutex::new(Model::default()),
        };
        let encodings = if utf8 {
            vec!["utf-8", "utf-16"]
        } else {
            vec!["utf-16"]
        };
        let response = server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root(),
                "capabilities": {"general": {"positionEncodings": encodings}},
                "initializationOptions": {"debounceMs": 0},
            }),
        );
        assert!(!response.is_error(), "{response:?}");
        server.notify("initialized", json!({}));
        server
    }

    fn call(&self, request: Request) -> Option<Response> {
        let mut service = self.service.lock().unwrap();
        let service = service.as_mut().unwrap();
        runtime().block_on(service.send(request))
    }

    fn request(&self, method: &'static str, params: Value) -> Response {
        let request = Request::build(method).id(1).params(params).finish();
        self.call(request).expect("a request has a response")
    }

    fn notify(&self, method: &'static str, params: Value) {
        self.call(Request::build(method).params(params).finish());
    }

    /// The diagnostics published for `uri` at `version`, waiting for them.
    fn diagnostics(&self, uri: &str, version: i32) -> Vec<lsp::Diagnostic> {
        let key = (uri.to_string(), Some(version));
        let mut rx = self.published.lock().unwrap();
        runtime().block_on(async {
            let waited = tokio::time::timeout(Duration::from_secs(20), async {
                loop {
                    if let Some(found) = self.outbox.lock().unwrap().published.remove(&key) {
                        return found;
                    }
                    rx.recv().await.unwrap();
                }
            });
            waited
                .await
                .unwrap_or_else(|_| panic!("no diagnostics for {uri} v{version}"))
        })
    }
}

/// The harness's copy of one open document.
struct Doc {
    uri: String,
    kind: DocKind,
    rope: Rope,
    version: i32,
    /// The highest version sent, so the final one is new.
    max_version: i32,
}

fn uri(doc: u8) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("file:///fuzz/{n}-{doc}.md")
}

fn position_json(p: lsp::Position) -> Value {
    json!({"line": p.line, "character": p.character})
}

fn run(input: &Input) {
    let server = Server::get(input.utf8);
    let enc = server.enc;
    {
        let mut model = server.model.lock().unwrap();
        if *model != Model::default() {
            server.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": settings(0).0}),
            );
            *model = Model::default();
        }
    }
    server.outbox.lock().unwrap().published.clear();
    let mut docs: BTreeMap<u8, Doc> = BTreeMap::new();
    for op in input.ops.iter().take(48) {
        match op {
            Op::Open {
                doc,
                markdown,
                text,
            } => {
                let doc = doc % DOCS;
                let text = text.render();
                let uri = docs.get(&doc).map_or_else(|| uri(doc), |d| d.uri.clone());
                let language = if *markdown { "markdown" } else { "plaintext" };
                server.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
                );
                let max_version = docs.get(&doc).map_or(1, |d| d.max_version.max(1));
                docs.insert(
                    doc,
                    Doc {
                        uri,
                        kind: DocKind::from_language_id(language),
                        rope: Rope::from_str(&text),
                        version: 1,
                        max_version,
                    },
                );
            }
            Op::Change {
                doc,
                backwards,
                changes,
            } => {
                let Some(d) = docs.get_mut(&(doc % DOCS)) else {
                    continue;
                };
                let mut sent = Vec::new();
                for change in changes.iter().take(8) {
                    let text = change.text.render();
                    let range = change
                        .range
                        .map(|(a, b)| lsp::Range::new(a.resolve(&d.rope), b.resolve(&d.rope)));
                    let span = match range {
                        Some(r) => convert::span(&d.rope, r, enc),
                        None => 0..d.rope.len_bytes(),
                    };
                    let start = d.rope.byte_to_char(span.start);
                    let end = d.rope.byte_to_char(span.end);
                    d.rope.remove(start..end);
                    d.rope.insert(start, &text);
                    sent.push(match range {
                        Some(r) => json!({"range": {"start": position_json(r.start), "end": position_json(r.end)}, "text": text}),
                        None => json!({"text": text}),
                    });
                }
                d.version = if *backwards {
                    d.version - 1
                } else {
                    d.max_version + 1
                };
                d.max_version = d.max_version.max(d.version);
                server.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": d.uri, "version": d.version}, "contentChanges": sent}),
                );
            }
            Op::Close { doc } => {
                if let Some(d) = docs.remove(&(doc % DOCS)) {
                    server.notify(
                        "textDocument/didClose",
                        json!({"textDocument": {"uri": d.uri}}),
                    );
                }
            }
            Op::CodeAction {
                doc,
                start,
                end,
                quickfix_only,
            } => {
                let Some(d) = docs.get(&(doc % DOCS)) else {
                    continue;
                };
                let only = quickfix_only.then(|| vec!["quickfix"]);
                let response = server.request(
                    "textDocument/codeAction",
                    json!({
                        "textDocument": {"uri": d.uri},
                        "range": {"start": position_json(start.resolve(&d.rope)), "end": position_json(end.resolve(&d.rope))},
                        "context": {"diagnostics": [], "only": only},
                    }),
                );
                assert!(!response.is_error(), "codeAction: {response:?}");
            }
            Op::Hover { doc, at } => {
                let Some(d) = docs.get(&(doc % DOCS)) else {
                    continue;
                };
                let response = server.request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": d.uri}, "position": position_json(at.resolve(&d.rope))}),
                );
                assert!(!response.is_error(), "hover: {response:?}");
            }
            Op::DisableRule { gate, rule } => {
                if gate % 8 != 0 {
                    continue;
                }
                let rule = *rule as usize % RULES.len();
                let response = server.request(
                    "workspace/executeCommand",
                    json!({"command": "copydesk.disableRule", "arguments": [RULES[rule]]}),
                );
                let mut model = server.model.lock().unwrap();
                if rule + 1 == RULES.len() {
                    assert!(response.is_error(), "unknown rule accepted");
                } else {
                    assert!(!response.is_error(), "disableRule: {response:?}");
                    model.disabled = Some(rule);
                }
            }
            Op::Configure {
                gate,
                settings: which,
            } => {
                if gate % 8 != 0 {
                    continue;
                }
                let (value, valid) = settings(*which as usize);
                server.notify(
                    "workspace/didChangeConfiguration",
                    json!({"settings": value}),
                );
                if valid.is_some() {
                    *server.model.lock().unwrap() = Model {
                        settings: *which as usize % 7,
                        disabled: None,
                    };
                }
            }
        }
    }
    // A last empty edit gives every document a version no earlier lint published, and the
    // lint it triggers runs under the configuration now in force.
    let engine = server.model.lock().unwrap().engine();
    for d in docs.values_mut() {
        d.version = d.max_version + 1;
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": d.uri, "version": d.version}, "contentChanges": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}
            ]}),
        );
    }
    for d in docs.values() {
        let got = server.diagnostics(&d.uri, d.version);
        let text = d.rope.to_string();
        let expected: Vec<lsp::Diagnostic> = engine
            .lint(&text, d.kind)
            .iter()
            .map(|x| convert::diagnostic(&d.rope, x, enc))
            .collect();
        assert_eq!(got, expected, "diagnostics of {text:?}");
        server.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": d.uri}}),
        );
    }
    let failures = &server.outbox.lock().unwrap().failures;
    assert!(failures.is_empty(), "{failures:?}");
}

fuzz_target!(|input: Input| run(&input));
