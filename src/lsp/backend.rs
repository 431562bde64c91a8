//! The tower-lsp `LanguageServer`: a thin layer that routes each message to the document
//! state, the [`Publisher`] (scheduling, configuration, names index) or a request handler.
//!
//! Handlers that change a document do so before their first `.await`, so edits apply in
//! the order the client sent them. Nothing here panics on bad input: unknown documents,
//! positions past the end and out-of-order versions are logged and tolerated.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use super::actions::{self, DISABLE_RULE_COMMAND};
use super::convert;
use super::hover;
use super::outbox::{Outbox, Piece};
use super::publish::Publisher;
use super::session::{self, read, write, Session};
use super::settings::EditorSettings;
use super::state::{DocumentState, View};
use crate::document::DocKind;

pub struct Backend {
    publisher: Publisher,
}

impl Backend {
    /// Diagnostics go to `outbox` when the server owns stdout, else through `client`.
    pub fn new(client: Client, outbox: Option<Arc<Outbox>>) -> Backend {
        Backend {
            publisher: Publisher::new(client, outbox),
        }
    }

    /// Run `f` on the up-to-date state of `uri` off the message loop.
    async fn with_view<R: Send + 'static>(
        &self,
        uri: &Url,
        f: impl FnOnce(&View<'_>, &Session) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        let p = &self.publisher;
        let Some(doc) = p.docs.get(uri).map(|d| d.clone()) else {
            p.log(
                MessageType::WARNING,
                format!("request for unopened document {uri}"),
            )
            .await;
            return Ok(None);
        };
        let session = read(&p.session).clone();
        let engine = session.configured_for(uri).engine.clone();
        tokio::task::spawn_blocking(move || doc.with_fresh(&engine, |view| f(&view, &session)))
            .await
            .map(Some)
            .map_err(|e| {
                eprintln!("copydesk: request on {uri} failed: {e}");
                Error::internal_error()
            })
    }
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
        let roots = session::workspace_roots(&params);
        let (folders, loose) = match session::configure_all(&roots, &settings, &[]) {
            Ok((folders, loose, errors)) => {
                startup_errors.extend(errors);
                (folders, loose)
            }
            // The editor's settings were checked above; only a folder can fail here.
            Err(message) => {
                startup_errors.push(message);
                session::configure_all(&roots, &EditorSettings::default(), &[])
                    .map(|(f, l, _)| (f, l))
                    .unwrap_or_default()
            }
        };
        *write(&self.publisher.session) = Session {
            encoding,
            settings,
            folders,
            loose,
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            pull_config: workspace.and_then(|w| w.configuration).unwrap_or(false),
            startup_errors,
        };
        // While the client reads the reply and opens its first document.
        self.publisher.warm_up();
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
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
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
        let p = &self.publisher;
        let session = read(&p.session).clone();
        for message in session.startup_errors {
            p.show_error(message).await;
        }
        p.watch_files().await;
        if session.pull_config {
            if let Some(value) = p.pull_settings().await {
                p.apply_settings(&value).await;
            }
        }
        p.index_folders().await;
        p.log(
            MessageType::INFO,
            format!("copydesk {} ready", env!("CARGO_PKG_VERSION")),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        for job in self.publisher.jobs.iter() {
            job.value().abort();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let p = &self.publisher;
        let item = params.text_document;
        let kind = DocKind::from_language_id(&item.language_id);
        let doc = Arc::new(DocumentState::open(&item.text, kind, item.version));
        {
            // Under the names lock, so that a settling index reaches this document too.
            let names = p.names();
            doc.judge_names_by(names.shared());
            p.docs.insert(item.uri.clone(), doc.clone());
        }
        // First diagnostics as soon as possible: no debounce on open.
        p.schedule(item.uri, doc, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let p = &self.publisher;
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let Some(doc) = p.docs.get(&uri).map(|d| d.clone()) else {
            p.log(
                MessageType::WARNING,
                format!("change to unopened document {uri} ignored"),
            )
            .await;
            return;
        };
        let previous = doc.version();
        let (enc, debounce) = {
            let s = read(&p.session);
            (s.encoding, s.settings.debounce)
        };
        doc.change(version, &params.content_changes, enc);
        p.schedule(uri.clone(), doc, debounce);
        if version <= previous {
            p.log(
                MessageType::WARNING,
                format!("{uri}: version {version} after {previous}; applied in arrival order"),
            )
            .await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let p = &self.publisher;
        let uri = params.text_document.uri;
        if let Some((_, job)) = p.jobs.remove(&uri) {
            job.abort();
        }
        let Some((_, doc)) = p.docs.remove(&uri) else {
            p.log(
                MessageType::WARNING,
                format!("close of unopened document {uri}"),
            )
            .await;
            return;
        };
        p.names().close(&uri);
        p.settle_names();
        {
            let _publishing = doc.publishing().lock().await;
            doc.close();
            let none = vec![Piece::Own(b"[]".to_vec())];
            p.send_diagnostics(uri.clone(), None, none).await;
        }
        // Saved or not, the file on disk counts again where its folder is counted.
        p.articles_changed(vec![uri]).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let p = &self.publisher;
        let empty =
            params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty());
        if empty && read(&p.session).pull_config {
            if let Some(value) = p.pull_settings().await {
                p.apply_settings(&value).await;
            }
            return;
        }
        p.apply_settings(&params.settings).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let p = &self.publisher;
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().ok())
                .collect()
        };
        let removed = paths(&params.event.removed);
        let (mut roots, settings): (Vec<PathBuf>, _) = {
            let s = read(&p.session);
            let roots = s.folders.iter().map(|f| f.root.clone());
            (roots.collect(), s.settings.clone())
        };
        roots.retain(|r| !removed.contains(r));
        for added in paths(&params.event.added) {
            if !roots.contains(&added) {
                roots.push(added);
            }
        }
        p.reconfigure(roots, settings).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let p = &self.publisher;
        let (config, articles): (Vec<_>, Vec<_>) = {
            let s = read(&p.session);
            params
                .changes
                .into_iter()
                .map(|c| c.uri)
                .partition(|uri| uri.to_file_path().is_ok_and(|path| s.is_config_file(&path)))
        };
        if !config.is_empty() {
            p.reload().await;
        }
        let closed: Vec<Url> = articles
            .into_iter()
            .filter(|uri| !p.docs.contains_key(uri))
            .collect();
        p.articles_changed(closed).await;
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
                    workspace: !session.folders.is_empty(),
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
        self.publisher
            .execute(&params.command, &params.arguments)
            .await
    }
}
