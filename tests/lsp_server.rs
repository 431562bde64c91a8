//! End to end: the real binary as a language server over stdio.

mod support;

use serde_json::{json, Value};
use support::{apply_workspace_edit, range, rules, Client};

const URI: &str = "file:///tmp/copydesk-test/article.md";

const ARTICLE: &str = "# Council vote 😀\n\nThe council met on Monday. It must be an perfectly ordinary act.\n\nThe mayor said the plan would pass.\n";

fn start() -> Client {
    let mut client = Client::spawn();
    client.initialize(json!({}), Value::Null, None);
    client
}

fn find(text: &str, needle: &str) -> (usize, usize) {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    (start, start + needle.len())
}

fn change(client: &mut Client, version: i64, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
    );
}

#[test]
fn diagnostics_follow_incremental_edits() {
    let mut client = Client::spawn();
    let caps = client.initialize(json!({}), Value::Null, None);
    assert_eq!(caps["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(caps["capabilities"]["textDocumentSync"], 2);
    client.open(URI, "markdown", ARTICLE);
    let found = client.diagnostics(URI, 1);
    assert_eq!(rules(&found), vec!["phrasing/article-a-an"]);
    let (s, e) = find(ARTICLE, "an perfectly");
    assert_eq!(found[0]["range"], range(ARTICLE, s, e));
    assert_eq!(found[0]["source"], "copydesk");

    // Type a second "the " before "plan": a doubled word appears.
    let at = ARTICLE.find("plan").unwrap();
    change(
        &mut client,
        2,
        json!([{"range": range(ARTICLE, at, at), "text": "the "}]),
    );
    let edited = ARTICLE.replace("the plan", "the the plan");
    let found = client.diagnostics(URI, 2);
    assert_eq!(
        rules(&found),
        vec!["phrasing/article-a-an", "phrasing/doubled-word"]
    );
    let (s, e) = find(&edited, "the the");
    assert_eq!(found[1]["range"], range(&edited, s, e));

    // Delete it again.
    change(
        &mut client,
        3,
        json!([{"range": range(&edited, at, at + 4), "text": ""}]),
    );
    assert_eq!(
        rules(&client.diagnostics(URI, 3)),
        vec!["phrasing/article-a-an"]
    );
    assert!(client.shutdown().success());
}

#[test]
fn utf8_columns_when_the_client_offers_them() {
    let mut client = Client::spawn();
    let caps = client.initialize(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        Value::Null,
        None,
    );
    assert_eq!(caps["capabilities"]["positionEncoding"], "utf-8");
    let text = "Café 😀 e\u{301} said the the end.\n";
    client.open(URI, "plaintext", text);
    let found = client.diagnostics(URI, 1);
    let (s, _) = find(text, "the the");
    assert_eq!(
        found[0]["range"]["start"],
        json!({"line": 0, "character": s})
    );
    assert!(client.shutdown().success());
}

#[test]
fn code_actions_fix_ignore_and_fix_all() {
    let mut client = start();
    let text = "It was the the end. She waited a hour.\n\nThen the the rain came.\n";
    client.open(URI, "markdown", text);
    assert_eq!(client.diagnostics(URI, 1).len(), 3);

    let (s, e) = find(text, "the the");
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(text, s, e), "context": {"diagnostics": []}}),
    );
    let actions = response["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let preferred = actions.iter().find(|a| a["isPreferred"] == true).unwrap();
    assert_eq!(preferred["kind"], "quickfix");
    assert_eq!(
        apply_workspace_edit(text, &preferred["edit"], URI),
        "It was the end. She waited a hour.\n\nThen the the rain came.\n"
    );
    let every = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Change every"))
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert_eq!(
        apply_workspace_edit(text, &every["edit"], URI),
        "It was the end. She waited a hour.\n\nThen the rain came.\n"
    );

    // Ignore here: the comment goes above the line, and the finding is gone.
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore phrasing/doubled-word here")
        .unwrap_or_else(|| panic!("{titles:?}"));
    let ignored = apply_workspace_edit(text, &ignore["edit"], URI);
    assert!(
        ignored.starts_with("<!-- copydesk-disable-next-line phrasing/doubled-word -->\nIt was")
    );
    change(&mut client, 2, json!([{"text": ignored}]));
    assert_eq!(
        rules(&client.diagnostics(URI, 2)),
        vec!["phrasing/article-a-an", "phrasing/doubled-word"]
    );
    change(&mut client, 3, json!([{"text": text}]));
    client.diagnostics(URI, 3);

    // Fix all, asked for by kind.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(text, 0, 0),
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    assert_eq!(
        apply_workspace_edit(text, &actions[0]["edit"], URI),
        "It was the end. She waited an hour.\n\nThen the rain came.\n"
    );
    assert!(client.shutdown().success());
}

#[test]
fn hover_explains_the_rule() {
    let mut client = start();
    client.open(URI, "markdown", ARTICLE);
    client.diagnostics(URI, 1);
    let (s, _) = find(ARTICLE, "an perfectly");
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": support::position(ARTICLE, s + 1)}),
    );
    let value = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("phrasing/article-a-an"), "{value}");
    assert!(
        value.contains("does not match the sound of the next word"),
        "{value}"
    );
    assert!(value.contains("✗ ") && value.contains("✓ "), "{value}");
    // Nothing to say away from a finding.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 2}}),
    );
    assert_eq!(response["result"], Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn hover_names_a_quotation_speaker() {
    let mut client = start();
    let text = "\"We will rebuild the bridge by spring,\" the mayor, Ana Lindqvist, told reporters.\n\nThe bridge closed in March after a storm surge cracked two piers.\n\n\"Nobody saw this coming and nobody will pay for it.\"\n";
    client.open(URI, "markdown", text);
    client.diagnostics(URI, 1);
    let hover_at = |client: &mut Client, needle: &str| {
        let (s, _) = find(text, needle);
        let response = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": support::position(text, s + 1)}),
        );
        response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let value = hover_at(&mut client, "rebuild");
    assert!(
        value.contains("Quotation attributed to **Ana Lindqvist** (told)"),
        "{value}"
    );
    let value = hover_at(&mut client, "coming");
    assert!(value.contains("no speaker found"), "{value}");
    assert!(client.shutdown().success());
}

#[test]
fn configuration_turns_rules_off_and_bad_config_keeps_the_engine() {
    let mut client = Client::spawn();
    client.initialize(
        json!({}),
        json!({"rules": {"phrasing/article-a-an": "off"}}),
        None,
    );
    let text = "It must be an perfectly fine day, the the mayor said.\n";
    client.open(URI, "markdown", text);
    assert_eq!(
        rules(&client.diagnostics(URI, 1)),
        vec!["phrasing/doubled-word"]
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"phrasing/doubled-word": "off"}}}}),
    );
    // The new settings replace the initial ones: article-a-an is back on.
    assert_eq!(
        rules(&client.diagnostics(URI, 1)),
        vec!["phrasing/article-a-an"]
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"phrasing/nope": "off"}}}}),
    );
    let shown = client.wait_for_message("window/showMessage", "no such rule");
    assert_eq!(shown["params"]["type"], 1);
    // The engine in force is kept: still no doubled word after an edit.
    change(&mut client, 2, json!([{"text": text}]));
    assert_eq!(
        rules(&client.diagnostics(URI, 2)),
        vec!["phrasing/article-a-an"]
    );
    assert!(client.shutdown().success());
}

#[test]
fn disable_rule_writes_the_workspace_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = tower_lsp::lsp_types::Url::from_directory_path(dir.path()).unwrap();
    let doc = root.join("story.md").unwrap().to_string();
    let mut client = Client::spawn();
    client.initialize(json!({}), Value::Null, Some(root.as_str()));
    let text = "The the council met. It was a hour late.\n";
    client.open(&doc, "markdown", text);
    assert_eq!(client.diagnostics(&doc, 1).len(), 2);

    let (s, e) = find(text, "The the");
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": range(text, s, e), "context": {"diagnostics": []}}),
    );
    let disable = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable phrasing/doubled-word for this workspace")
        .cloned()
        .unwrap();
    let response = client.request("workspace/executeCommand", disable["command"].clone());
    assert!(response.get("error").is_none(), "{response}");
    let edit = &client.applied_edits[0]["edit"];
    let ops = edit["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    let config_uri = ops[0]["uri"].as_str().unwrap().to_string();
    let written = apply_workspace_edit("", edit, &config_uri);
    assert_eq!(written, "[rules]\n\"phrasing/doubled-word\" = \"off\"\n");
    assert_eq!(
        rules(&client.diagnostics(&doc, 1)),
        vec!["phrasing/article-a-an"]
    );

    // The file changes on disk: the watcher notification reloads it.
    let path = dir.path().join(".copydesk.toml");
    std::fs::write(&path, "[rules]\nphrasing = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    assert!(client.diagnostics(&doc, 1).is_empty());
    // A broken file is reported and the engine kept.
    std::fs::write(&path, "[rules]\nphrasing = \"loud\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let shown = client.wait_for_message("window/showMessage", ".copydesk.toml:2:");
    assert_eq!(shown["params"]["type"], 1);
    assert!(client.shutdown().success());
}

#[test]
fn bad_traffic_leaves_the_server_serving() {
    let mut client = start();
    // An edit to a document never opened.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.md", "version": 2},
               "contentChanges": [{"range": range("", 0, 0), "text": "x"}]}),
    );
    client.wait_for_message("window/logMessage", "unopened document file:///nowhere.md");
    // An unknown request gets "method not found"; an unknown notification is dropped.
    let response = client.request("copydesk/nonsense", json!({"x": 1}));
    assert_eq!(response["error"]["code"], -32601);
    client.notify("copydesk/garbage", json!([1, 2, 3]));
    // Malformed params get an error reply.
    let response = client.request("textDocument/hover", json!({"nonsense": true}));
    assert!(response.get("error").is_some(), "{response}");
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": "copydesk.nope", "arguments": []}),
    );
    assert!(response.get("error").is_some(), "{response}");

    let text = "It was the end.\n";
    client.open(URI, "markdown", text);
    assert!(client.diagnostics(URI, 1).is_empty());
    // A range far past the end is clamped to the end.
    change(
        &mut client,
        2,
        json!([{"range": {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}},
                "text": "And the the rest."}]),
    );
    let found = client.diagnostics(URI, 2);
    assert_eq!(rules(&found), vec!["phrasing/doubled-word"]);
    assert_eq!(found[0]["range"]["start"]["line"], 1);
    // A version older than the last is applied and logged.
    change(&mut client, 1, json!([{"text": "It was the the end.\n"}]));
    client.wait_for_message("window/logMessage", "version 1 after 2");
    assert_eq!(
        rules(&client.diagnostics(URI, 1)),
        vec!["phrasing/doubled-word"]
    );

    // A 50 MB document is kept but not linted, and the server still answers.
    let huge = "the the word ".repeat(50 * 1024 * 1024 / 13);
    client.open("file:///tmp/huge.md", "markdown", &huge);
    client.wait_for_message("window/logMessage", "is not linted");
    assert!(client.diagnostics("file:///tmp/huge.md", 1).is_empty());
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 8}}),
    );
    assert!(response["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("phrasing/doubled-word"));
    assert!(client.shutdown().success());
}

#[test]
fn no_arguments_also_start_the_server() {
    let mut client = Client::spawn_with(&[]);
    let caps = client.initialize(json!({}), Value::Null, None);
    assert_eq!(caps["serverInfo"]["name"], "copydesk");
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_code_one() {
    let client = start();
    assert_eq!(client.exit().code(), Some(1));
}

/// A client that sends its request and closes stdin (a probe, a script) still gets the
/// reply: the server writes out what it queued before it stops. Losing it is a race, so
/// the probe runs a few times.
#[test]
fn a_reply_goes_out_after_stdin_closes() {
    use std::io::{Read, Write};
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    for _ in 0..5 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("--stdio")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        drop(stdin);
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        child.wait().unwrap();
        let (header, reply) = out.split_once("\r\n\r\n").expect("a reply");
        assert_eq!(header, format!("Content-Length: {}", reply.len()));
        let reply: Value = serde_json::from_str(reply).unwrap();
        assert_eq!(reply["id"], 1);
        assert!(reply["result"]["capabilities"].is_object(), "{reply}");
    }
}

#[test]
fn settings_are_pulled_from_clients_that_offer_them() {
    let mut client = Client::spawn();
    client.settings = json!({"rules": {"phrasing/doubled-word": "off"}});
    client.initialize(
        json!({"workspace": {"configuration": true}}),
        Value::Null,
        None,
    );
    let text = "It was the the end of a hour.\n";
    client.open(URI, "markdown", text);
    // The pull may land before or after the first lint: wait for a publication without it.
    while rules(&client.diagnostics(URI, 1)) != vec!["phrasing/article-a-an"] {}
    // An empty didChangeConfiguration means "ask again".
    client.settings = json!({"copydesk": {"rules": {"phrasing": "off"}}});
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    assert!(client.diagnostics(URI, 1).is_empty());
    assert!(client.shutdown().success());
}
