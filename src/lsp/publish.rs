//! Scheduling lints off the message loop and publishing what is still current: a newer
//! edit aborts a pending lint, a result is sent only while its generation, engine and
//! document are still those in force, and a change to the names index re-judges every
//! open document once typing pauses.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use dashmap::DashMap;
use serde_json::Value;
use tokio::task::AbortHandle;
use tower_lsp::lsp_types::notification::{Notification, PublishDiagnostics};
use tower_lsp::lsp_types::{MessageType, Url};
use tower_lsp::Client;

use super::outbox::{Outbox, Piece};
use super::published;
use super::session::{read, Session};
use super::state::{DocumentState, MAX_LINT_BYTES};
use super::workspace_names::NameCounts;
use crate::analysis::names::incremental::Change;

/// How long the names index waits for typing to pause before other documents are judged
/// again: a name is typed a letter at a time, and each letter is a new spelling.
pub const NAMES_SETTLE: Duration = Duration::from_millis(300);

/// `publishDiagnostics` with its parameters already JSON, for a server without an
/// [`Outbox`].
enum PublishDiagnosticsJson {}

impl Notification for PublishDiagnosticsJson {
    type Params = Value;
    const METHOD: &'static str = PublishDiagnostics::METHOD;
}

/// Everything a lint task needs, cheap to clone into it.
#[derive(Clone)]
pub struct Publisher {
    pub client: Client,
    pub docs: Arc<DashMap<Url, Arc<DocumentState>>>,
    /// The pending lint of each document; a newer edit aborts it.
    pub jobs: Arc<DashMap<Url, AbortHandle>>,
    pub session: Arc<RwLock<Session>>,
    pub names: Arc<Mutex<NameCounts>>,
    /// Where diagnostics are written when the server owns stdout; `None` in process,
    /// where they go through `client`.
    outbox: Option<Arc<Outbox>>,
    /// Counts requests to settle the names index; only the latest one runs.
    settle_requests: Arc<AtomicU64>,
    /// The file watchers registered with the client: id → glob.
    watched: Arc<Mutex<HashMap<&'static str, String>>>,
}

impl Publisher {
    pub fn new(client: Client, outbox: Option<Arc<Outbox>>) -> Publisher {
        Publisher {
            client,
            outbox,
            docs: Arc::default(),
            jobs: Arc::default(),
            session: Arc::default(),
            names: Arc::default(),
            settle_requests: Arc::default(),
            watched: Arc::default(),
        }
    }

    pub fn watched(&self) -> MutexGuard<'_, HashMap<&'static str, String>> {
        self.watched.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn log(&self, level: MessageType, message: impl Into<String>) {
        let message = message.into();
        eprintln!("copydesk: {message}");
        self.client.log_message(level, message).await;
    }

    pub fn names(&self) -> MutexGuard<'_, NameCounts> {
        self.names.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Lint `uri` after `delay` unless a newer edit comes first; publish only a result
    /// that is still current (same generation, same engine, document still open).
    pub fn schedule(&self, uri: Url, doc: Arc<DocumentState>, delay: Duration) {
        let generation = doc.generation();
        let (engine, enc) = {
            let s = read(&self.session);
            (s.configured_for(&uri).engine.clone(), s.encoding)
        };
        let me = self.clone();
        let job_uri = uri.clone();
        let job = tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if doc.generation() != generation {
                return;
            }
            let (worker, worker_uri, worker_doc) = (me.clone(), uri.clone(), doc.clone());
            let linted = tokio::task::spawn_blocking(move || {
                let mut publication = worker_doc.publish(&engine, enc);
                // The document's own names count whether or not this result is still
                // current (the next lint reports them only if they change again), so they
                // are counted here, where aborting the task cannot drop them.
                if let Some(names) = publication.names.take() {
                    worker.count_names(&worker_uri, &worker_doc, names);
                }
                (publication, engine)
            })
            .await;
            let (publication, engine) = match linted {
                Ok(linted) => linted,
                Err(e) => {
                    me.log(MessageType::ERROR, format!("lint of {uri} failed: {e}"))
                        .await;
                    return;
                }
            };
            let _publishing = doc.publishing().lock().await;
            let current = doc.generation() == publication.generation
                && Arc::ptr_eq(&read(&me.session).configured_for(&uri).engine, &engine);
            if !current {
                return;
            }
            if !publication.linted && !publication.unchanged {
                me.log(
                    MessageType::WARNING,
                    format!(
                        "{uri} is larger than {} MB and is not linted",
                        MAX_LINT_BYTES >> 20
                    ),
                )
                .await;
            }
            if !publication.unchanged {
                me.send_diagnostics(uri, Some(publication.version), publication.diagnostics)
                    .await;
            }
            doc.sent(publication.generation);
        });
        if let Some(old) = self.jobs.insert(job_uri, job.abort_handle()) {
            old.abort();
        }
    }

    /// Send `publishDiagnostics` for `uri` with `diagnostics` written as a JSON array.
    pub async fn send_diagnostics(&self, uri: Url, version: Option<i32>, diagnostics: Vec<Piece>) {
        let message = published::notification(&uri, version, diagnostics);
        match &self.outbox {
            Some(outbox) => outbox.diagnostics(uri, message),
            None => {
                let mut message: Value =
                    serde_json::from_slice(&message.concat()).expect("the notification is JSON");
                let params = message["params"].take();
                self.client
                    .send_notification::<PublishDiagnosticsJson>(params)
                    .await;
            }
        }
    }

    pub fn relint_all(&self) {
        for (uri, doc) in self.open_documents() {
            self.schedule(uri, doc, Duration::ZERO);
        }
    }

    fn open_documents(&self) -> Vec<(Url, Arc<DocumentState>)> {
        self.docs
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect()
    }

    /// An open document's names changed: count them, unless it has been closed meanwhile.
    fn count_names(&self, uri: &Url, doc: &Arc<DocumentState>, change: Change) {
        let counted = {
            let mut names = self.names();
            // Under the names lock, so that a close (which takes it after removing the
            // document) cannot fall between the check and the count.
            let open = self.docs.get(uri).is_some_and(|d| Arc::ptr_eq(&d, doc));
            if open {
                names.change_open(uri, change);
            }
            open
        };
        if counted {
            self.settle_names();
        }
    }

    /// Once the names index has been quiet for [`NAMES_SETTLE`], judge again the open
    /// documents whose names it changed (each publishes only if its findings changed); the
    /// others take the new index for their next edit.
    pub fn settle_names(&self) {
        let request = self.settle_requests.fetch_add(1, Ordering::SeqCst) + 1;
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(NAMES_SETTLE).await;
            if me.settle_requests.load(Ordering::SeqCst) != request {
                return;
            }
            let worker = me.clone();
            // Settling copies the index: off the message loop. Documents learn the new
            // index in the same step, so an abort cannot leave them with an old one.
            let settled = tokio::task::spawn_blocking(move || {
                let settled = worker.names().settle()?;
                let mut affected = worker.open_documents();
                affected.retain(|(_, doc)| {
                    let own = doc.own_names();
                    if settled.affects(own.as_deref()) {
                        doc.judge_names_by(settled.index.clone());
                        true
                    } else {
                        doc.keep_names_by(settled.index.clone(), own.as_ref());
                        false
                    }
                });
                Some(affected)
            })
            .await;
            for (uri, doc) in settled.ok().flatten().unwrap_or_default() {
                me.schedule(uri, doc, Duration::ZERO);
            }
        });
    }
}
