//! `workspace/executeCommand`: "Disable RULE for this workspace" writes the `.copydesk.toml`
//! of the folder holding the document through `workspace/applyEdit`.

use std::io::ErrorKind;

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{MessageType, Url};

use super::actions::DISABLE_RULE_COMMAND;
use super::disable;
use super::publish::Publisher;
use super::session::{read, write};
use super::settings;
use crate::config::FILE_NAME;

impl Publisher {
    pub async fn execute(&self, command: &str, arguments: &[Value]) -> Result<Option<Value>> {
        if command != DISABLE_RULE_COMMAND {
            return Err(Error::invalid_params(format!("unknown command: {command}")));
        }
        let rule = arguments
            .first()
            .and_then(Value::as_str)
            .ok_or_else(|| Error::invalid_params("expected a rule id"))?;
        // The document the action was offered on picks the folder (older clients' actions
        // name only the rule: the first folder).
        let uri = arguments
            .get(1)
            .and_then(Value::as_str)
            .and_then(|u| Url::parse(u).ok());
        if read(&self.session).loose.engine.rule(rule).is_none() {
            return Err(Error::invalid_params(format!("no such rule: {rule}")));
        }
        self.disable_rule(rule, uri.as_ref()).await
    }

    async fn disable_rule(&self, rule: &str, uri: Option<&Url>) -> Result<Option<Value>> {
        let (root, settings, encoding) = {
            let s = read(&self.session);
            let folder = uri.and_then(|u| s.folder_of(u)).or(s.folders.first());
            let Some(folder) = folder else {
                return Err(Error::invalid_params(
                    "no workspace folder to hold .copydesk.toml",
                ));
            };
            (folder.root.clone(), s.settings.clone(), s.encoding)
        };
        let path = root.join(FILE_NAME);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(Error::invalid_params(format!("{}: {e}", path.display()))),
        };
        let made = disable::disable_rule(&path, existing.as_deref(), rule, encoding)
            .map_err(Error::invalid_params)?;
        let response = self.client.apply_edit(made.edit).await?;
        if !response.applied {
            let reason = response.failure_reason.unwrap_or_default();
            self.client
                .show_message(
                    MessageType::ERROR,
                    format!("could not edit {FILE_NAME}: {reason}"),
                )
                .await;
            return Ok(None);
        }
        // The edited file may sit unsaved in the editor: configure from the new text now;
        // the file watcher re-reads it once it is saved.
        let text = made.text;
        let built = tokio::task::spawn_blocking(move || {
            settings::configure(Some((&path, &text)), &settings)
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        match built {
            Ok(configured) => {
                {
                    let mut s = write(&self.session);
                    if let Some(folder) = s.folders.iter_mut().find(|f| f.root == root) {
                        folder.configured = configured;
                    }
                }
                self.relint_all();
            }
            Err(message) => self.show_error(message).await,
        }
        Ok(None)
    }
}
