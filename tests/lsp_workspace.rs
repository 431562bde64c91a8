//! End to end: the server judges names across open documents and counted workspace
//! folders, and configures each document by the folder that holds it.

#[allow(dead_code)] // shared with tests/lsp_server.rs, which uses every helper
mod support;

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use support::{rules, Client};
use tower_lsp::lsp_types::Url;

/// One article spells the name the same way again and again, with its first name.
const CONSISTENT: &str = "Dario Castellanos won the count in Ferrol. Castellanos thanked his \
    staff, and Dario Castellanos said the result was fair. Castellanos left at midnight.\n";

/// Another slips once; on its own it cannot tell the slip from a second person.
const SLIPPED: &str = "The vote was close, and Dario Castellnaos conceded before dawn.\n";

/// The next diagnostics published for `uri` whose rules satisfy `wanted`.
fn published_until(
    client: &mut Client,
    uri: &str,
    wanted: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let message = client.wait(&format!("diagnostics for {uri}"), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| wanted(&rules(d)))
    });
    rules(message["params"]["diagnostics"].as_array().unwrap())
}

fn has_variant(found: &[String]) -> bool {
    found.iter().any(|r| r == "names/variant")
}

fn folder_uri(dir: &Path) -> Url {
    Url::from_directory_path(dir).unwrap()
}

#[test]
fn a_slip_is_judged_by_the_other_open_documents_until_they_close() {
    let mut client = Client::spawn();
    client.initialize(json!({}), Value::Null, None);
    let (a, b) = ("file:///tmp/desk/count.md", "file:///tmp/desk/later.md");
    client.open(b, "markdown", SLIPPED);
    assert!(client.diagnostics(b, 1).is_empty(), "alone it cannot tell");
    client.open(a, "markdown", CONSISTENT);
    assert!(client.diagnostics(a, 1).is_empty());
    published_until(&mut client, b, has_variant);

    client.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    published_until(&mut client, b, |found| !has_variant(found));
    assert!(client.shutdown().success());
}

#[test]
fn a_counted_folder_judges_open_documents_and_follows_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(".copydesk.toml"),
        "workspace_names = true\n",
    )
    .unwrap();
    fs::write(dir.path().join("count.md"), CONSISTENT).unwrap();
    // Ignored files do not count: this one spells the slip five times.
    fs::write(dir.path().join(".gitignore"), "drafts/\n").unwrap();
    fs::create_dir(dir.path().join("drafts")).unwrap();
    fs::write(
        dir.path().join("drafts/notes.md"),
        "Dario Castellnaos. ".repeat(5),
    )
    .unwrap();
    let root = folder_uri(dir.path());
    let later = root.join("later.md").unwrap().to_string();
    let mut client = Client::spawn();
    client.initialize(json!({}), Value::Null, Some(root.as_str()));
    client.wait_for_message("window/logMessage", "counted names in 1 articles");
    client.open(&later, "markdown", SLIPPED);
    published_until(&mut client, &later, has_variant);

    // The article leaves the folder: the slip can no longer be told.
    fs::remove_file(dir.path().join("count.md")).unwrap();
    let gone = root.join("count.md").unwrap().to_string();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": gone, "type": 3}]}),
    );
    published_until(&mut client, &later, |found| !has_variant(found));
    assert!(client.shutdown().success());
}

#[test]
fn each_folder_configures_its_own_documents() {
    let quiet = tempfile::tempdir().unwrap();
    let loud = tempfile::tempdir().unwrap();
    fs::write(
        quiet.path().join(".copydesk.toml"),
        "[rules]\nphrasing = \"off\"\n",
    )
    .unwrap();
    let (quiet_root, loud_root) = (folder_uri(quiet.path()), folder_uri(loud.path()));
    let mut client = Client::spawn();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "capabilities": {},
            "workspaceFolders": [
                {"uri": quiet_root, "name": "quiet"},
                {"uri": loud_root, "name": "loud"},
            ],
        }),
    );
    client.notify("initialized", json!({}));
    let text = "It was the the end.\n";
    let in_quiet = quiet_root.join("a.md").unwrap().to_string();
    let in_loud = loud_root.join("a.md").unwrap().to_string();
    client.open(&in_quiet, "markdown", text);
    client.open(&in_loud, "markdown", text);
    assert!(client.diagnostics(&in_quiet, 1).is_empty());
    assert_eq!(
        rules(&client.diagnostics(&in_loud, 1)),
        vec!["phrasing/doubled-word"]
    );

    // The quiet folder leaves the workspace: its document takes the editor's settings.
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": quiet_root, "name": "quiet"}]}}),
    );
    assert_eq!(
        rules(&client.diagnostics(&in_quiet, 1)),
        vec!["phrasing/doubled-word"]
    );
    // A new folder brings its own file.
    let added = tempfile::tempdir().unwrap();
    fs::write(
        added.path().join(".copydesk.toml"),
        "[rules]\n\"phrasing/doubled-word\" = \"error\"\n",
    )
    .unwrap();
    let added_root = folder_uri(added.path());
    let in_added = added_root.join("b.md").unwrap().to_string();
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": added_root, "name": "added"}], "removed": []}}),
    );
    client.open(&in_added, "markdown", text);
    // (a lint that began before the folder was configured may publish first)
    client.wait("the added folder's level", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == in_added.as_str()
            && m["params"]["diagnostics"][0]["severity"] == 1
    });
    assert!(client.shutdown().success());
}
