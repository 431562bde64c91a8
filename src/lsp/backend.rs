//! The tower-lsp `LanguageServer`: a thin layer that routes messages to the document
//! state, schedules lints off the message loop and publishes what is still current.
//!
//! Handlers that change a document do so before their first `.await`, so edits apply in
//! the order the client sent them. Nothing here panics on bad input: unknown documents,
//! positions past the end and out-of-order versions are logged and tolerated.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use dashmap::DashMap;
use serde_json::Value;
use tokio::task::AbortHandle;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use super::actions::{self, DISABLE_RULE_COMMAND};
use super::convert;
use super::disable;
use super::hover;
use super::settings::{self, EditorSettings};
use super::state::{DocumentState, View, MAX_LINT_BYTES};
use crate::config::FILE_NAME;
use crate::document::positions::Encoding;
use crate::document::DocKind;
use crate::engine::Engine;

pub struct Backend {
    client: Client,
    docs: DashMap<Url, Arc<DocumentState>>,
    /// The pending lint of each document; a newer edit aborts it.
    jobs: DashMap<Url, AbortHandle>,
    session: Arc<RwLock<Session>>,
}

/// What initialize negotiated and the configuration in force.
#[derive(Clone)]
struct Session {
    encoding: Encoding,
    root: Option<PathBuf>,
    engine: Arc<Engine>,
    settings: EditorSettings,
    document_changes: bool,
    watch_config: bool,
    pull_config: bool,
    /// Problems found before the client could be told (during initialize).
    startup_errors: Vec<String>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            docs: DashMap::new(),
            jobs: DashMap::new(),
            session: Arc::new(RwLock::new(Session {
                encoding: Encoding::Utf16,
                root: None,
                engine: Arc::new(Engine::default()),
                settings: EditorSettings::default(),
                document_changes: false,
                watch_config: false,
                pull_config: false,
                startup_errors: Vec::new(),
            })),
        }
    }

    fn session(&self) -> Session {
        read(&self.session).clone()
    }

    async fn log(&self, level: MessageType, message: impl Into<String>) {
        let message = message.into();
        eprintln!("copydesk: {message}");
        self.client.log_message(level, message).await;
    }

    /// Lint `uri` after `delay` unless a newer edit comes first; publish only a result
    /// that is still current (same generation, same engine, document still open).
    fn schedule(&self, uri: Url, doc: Arc<DocumentState>, delay: Duration) {
        let generation = doc.generation();
        let client = self.client.clone();
        let session = self.session.clone();
        let docs_uri = uri.clone();
        let (engine, enc) = {
            let s = read(&self.session);
            (s.engine.clone(), s.encoding)
        };
        let job = tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if doc.generation() != generation {
                return;
            }
            let worker_doc = doc.clone();
            let worker_engine = engine.clone();
            let linted =
                tokio::task::spawn_blocking(move || worker_doc.publish(&worker_engine, enc)).await;
            let publication = match linted {
                Ok(publication) => publication,
                Err(e) => {
                    let message = format!("lint of {uri} failed: {e}");
                    eprintln!("copydesk: {message}");
                    client.log_message(MessageType::ERROR, message).await;
                    return;
                }
            };
            let _publishing = doc.publishing().lock().await;
            let current = doc.generation() == publication.generation
                && Arc::ptr_eq(&read(&session).engine, &engine);
            if !current {
                return;
            }
            if !publication.linted {
                let message = format!(
                    "{uri} is larger than {} MB and is not linted",
                    MAX_LINT_BYTES >> 20
                );
                eprintln!("copydesk: {message}");
                client.log_message(MessageType::WARNING, message).await;
            }
            client
                .publish_diagnostics(uri, publication.diagnostics, Some(publication.version))
                .await;
        });
        if let Some(old) = self.jobs.insert(docs_uri, job.abort_handle()) {
            old.abort();
        }
    }

    fn relint_all(&self) {
        let open: Vec<(Url, Arc<DocumentState>)> = self
            .docs
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect();
        for (uri, doc) in open {
            self.schedule(uri, doc, Duration::ZERO);
        }
    }

    /// Run `f` on the up-to-date state of `uri` off the message loop.
    async fn with_view<R: Send + 'static>(
        &self,
        uri: &Url,
        f: impl FnOnce(&View<'_>, &Session) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        let Some(doc) = self.docs.get(uri).map(|d| d.clone()) else {
            self.log(
                MessageType::WARNING,
                format!("request for unopened document {uri}"),
            )
            .await;
            return Ok(None);
        };
        let session = self.session();
        tokio::task::spawn_blocking(move || {
            let engine = session.engine.clone();
            doc.with_fresh(&engine, |view| f(&view, &session))
        })
        .await
        .map(Some)
        .map_err(|e| {
            eprintln!("copydesk: request on {uri} failed: {e}");
            Error::internal_error()
        })
    }

    /// Re-read the workspace's `.copydesk.toml` and rebuild the engine under `settings`;
    /// on any error, say so and keep the engine in force.
    async fn reconfigure(&self, settings: EditorSettings) {
        let root = read(&self.session).root.clone();
        let built =
            tokio::task::spawn_blocking(move || build(root, &settings).map(|e| (e, settings)))
                .await
                .unwrap_or_else(|e| Err(format!("building the configuration failed: {e}")));
        match built {
            Ok((engine, settings)) => {
                {
                    let mut s = write(&self.session);
                    s.engine = Arc::new(engine);
                    s.settings = settings;
                }
                self.log(MessageType::INFO, "configuration reloaded").await;
                self.relint_all();
            }
            Err(message) => {
                eprintln!("copydesk: {message}");
                self.client.show_message(MessageType::ERROR, message).await;
            }
        }
    }

    /// Ask the client for the `copydesk` section (clients that pull configuration send
    /// an empty didChangeConfiguration).
    async fn pull_settings(&self) -> Option<Value> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) if !values.is_empty() => Some(values.swap_remove(0)),
            Ok(_) => None,
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await;
                None
            }
        }
    }

    async fn apply_settings(&self, value: &Value) {
        match EditorSettings::from_json(value) {
            Ok(settings) => self.reconfigure(settings).await,
            Err(message) => {
                eprintln!("copydesk: {message}");
                self.client.show_message(MessageType::ERROR, message).await;
            }
        }
    }

    async fn disable_rule(&self, rule: &str) -> Result<Option<Value>> {
        let session = self.session();
        let Some(root) = session.root.clone() else {
            return Err(Error::invalid_params(
                "no workspace folder to hold .copydesk.toml",
            ));
        };
        let path = root.join(FILE_NAME);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(Error::invalid_params(format!("{}: {e}", path.display()))),
        };
        let made = disable::disable_rule(&path, existing.as_deref(), rule, session.encoding)
            .map_err(Error::invalid_params)?;
        match self.client.apply_edit(made.edit).await {
            Ok(response) if response.applied => {
                // The edited file may sit unsaved in the editor: configure from the new text
                // now; the file watcher re-reads it once it is saved.
                let settings = session.settings.clone();
                let text = made.text;
                let built = tokio::task::spawn_blocking(move || {
                    settings::build_engine(Some((&path, &text)), &settings)
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
                match built {
                    Ok(engine) => {
                        write(&self.session).engine = Arc::new(engine);
                        self.relint_all();
                    }
                    Err(message) => self.client.show_message(MessageType::ERROR, message).await,
                }
                Ok(None)
            }
            Ok(response) => {
                let reason = response.failure_reason.unwrap_or_default();
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!("could not edit {FILE_NAME}: {reason}"),
                    )
                    .await;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

/// The engine for the workspace's config file (if any) under the editor's settings.
fn build(root: Option<PathBuf>, settings: &EditorSettings) -> std::result::Result<Engine, String> {
    let path = root.map(|r| r.join(FILE_NAME));
    let text = match &path {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{}: {e}", p.display())),
        },
        None => None,
    };
    let file = path.as_deref().zip(text.as_deref());
    settings::build_engine(file, settings)
}

fn read(lock: &RwLock<Session>) -> std::sync::RwLockReadGuard<'_, Session> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

fn write(lock: &RwLock<Session>) -> std::sync::RwLockWriteGuard<'_, Session> {
    lock.write().unwrap_or_else(|p| p.into_inner())
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    #[allow(deprecated)] // root_path is what old clients send
    folder
        .or(params.root_uri.as_ref())
        .and_then(|uri| uri.to_file_path().ok())
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let encoding = convert::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let workspace = caps.workspace.as_ref();
        let root = workspace_root(&params);
        let mut startup_errors = Vec::new();
        let settings = match params
            .initialization_options
            .as_ref()
            .map(EditorSettings::from_json)
        {
            Some(Ok(settings)) => settings,
            Some(Err(message)) => {
                startup_errors.push(message);
                EditorSettings::default()
            }
            None => EditorSettings::default(),
        };
        let engine = match build(root.clone(), &settings) {
            Ok(engine) => engine,
            Err(message) => {
                startup_errors.push(message);
                Engine::default()
            }
        };
        *write(&self.session) = Session {
            encoding,
            root,
            engine: Arc::new(engine),
            settings,
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            watch_config: workspace
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            pull_config: workspace.and_then(|w| w.configuration).unwrap_or(false),
            startup_errors,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            actions::fix_all_kind(),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![DISABLE_RULE_COMMAND.to_string()],
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let session = self.session();
        for message in &session.startup_errors {
            eprintln!("copydesk: {message}");
            self.client
                .show_message(MessageType::ERROR, message.clone())
                .await;
        }
        if session.watch_config {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{FILE_NAME}")),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "copydesk-config".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch {FILE_NAME}: {e}"),
                )
                .await;
            }
        }
        if session.pull_config {
            if let Some(value) = self.pull_settings().await {
                self.apply_settings(&value).await;
            }
        }
        self.log(
            MessageType::INFO,
            format!("copydesk {} ready", env!("CARGO_PKG_VERSION")),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        for job in self.jobs.iter() {
            job.value().abort();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let kind = DocKind::from_language_id(&item.language_id);
        let doc = Arc::new(DocumentState::open(&item.text, kind, item.version));
        self.docs.insert(item.uri.clone(), doc.clone());
        // First diagnostics as soon as possible: no debounce on open.
        self.schedule(item.uri, doc, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let Some(doc) = self.docs.get(&uri).map(|d| d.clone()) else {
            self.log(
                MessageType::WARNING,
                format!("change to unopened document {uri} ignored"),
            )
            .await;
            return;
        };
        let previous = doc.version();
        let enc = read(&self.session).encoding;
        doc.change(version, &params.content_changes, enc);
        self.schedule(uri.clone(), doc, read(&self.session).settings.debounce);
        if version <= previous {
            self.log(
                MessageType::WARNING,
                format!("{uri}: version {version} after {previous}; applied in arrival order"),
            )
            .await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some((_, job)) = self.jobs.remove(&uri) {
            job.abort();
        }
        let Some((_, doc)) = self.docs.remove(&uri) else {
            self.log(
                MessageType::WARNING,
                format!("close of unopened document {uri}"),
            )
            .await;
            return;
        };
        let _publishing = doc.publishing().lock().await;
        doc.close();
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let empty =
            params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty());
        if empty && read(&self.session).pull_config {
            if let Some(value) = self.pull_settings().await {
                self.apply_settings(&value).await;
            }
            return;
        }
        self.apply_settings(&params.settings).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let Some(ours) = read(&self.session).root.as_ref().map(|r| r.join(FILE_NAME)) else {
            return;
        };
        let touched = params
            .changes
            .iter()
            .any(|c| c.uri.to_file_path().is_ok_and(|p| p == ours));
        if touched {
            let settings = read(&self.session).settings.clone();
            self.reconfigure(settings).await;
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let only = params.context.only;
        let found = self
            .with_view(&uri.clone(), move |view, session| {
                let span = convert::span(view.rope, params.range, session.encoding);
                let request = actions::Request {
                    uri: &uri,
                    span,
                    only: only.as_deref(),
                    enc: session.encoding,
                    document_changes: session.document_changes,
                    workspace: session.root.is_some(),
                };
                actions::code_actions(view, &request)
            })
            .await?;
        Ok(found)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let position = at.position;
        let found = self
            .with_view(&at.text_document.uri, move |view, session| {
                let byte = convert::offset(view.rope, position, session.encoding);
                hover::hover(view, byte, session.encoding)
            })
            .await?;
        Ok(found.flatten())
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        match params.command.as_str() {
            DISABLE_RULE_COMMAND => {
                let rule = params
                    .arguments
                    .first()
                    .and_then(Value::as_str)
                    .ok_or_else(|| Error::invalid_params("expected a rule id"))?
                    .to_string();
                if read(&self.session).engine.rule(&rule).is_none() {
                    return Err(Error::invalid_params(format!("no such rule: {rule}")));
                }
                self.disable_rule(&rule).await
            }
            other => Err(Error::invalid_params(format!("unknown command: {other}"))),
        }
    }
}
