//! The language server: tower-lsp over stdio. The engine knows nothing of LSP; this module
//! keeps per-document state, re-lints incrementally off the message loop and turns
//! findings into diagnostics, code actions and hovers.

mod actions;
mod backend;
mod commands;
mod configure;
pub mod convert;
mod disable;
mod exit;
mod hover;
pub mod incremental;
mod publish;
mod session;
mod settings;
pub mod state;
mod workspace_names;

pub use settings::{DEFAULT_DEBOUNCE, MAX_DEBOUNCE_MS};

/// Serve LSP on stdin/stdout until the client says `exit` (or closes stdin). Logs go to
/// stderr and `window/logMessage`, never stdout. Returns the exit code the protocol asks
/// for: 0 when `shutdown` came first, 1 otherwise.
pub fn run_stdio() -> std::io::Result<i32> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()?;
    let code = runtime.block_on(async {
        let (service, socket) = tower_lsp::LspService::new(backend::Backend::new);
        let (service, watch) = exit::ExitWatch::new(service);
        let server = tower_lsp::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket);
        // tower-lsp only notices `exit` when the next message arrives: stop on it ourselves.
        tokio::select! {
            () = server.serve(service) => {}
            () = watch.exited() => {}
        }
        watch.code()
    });
    // The thread blocked reading stdin must not hold the process, nor may a running lint.
    runtime.shutdown_background();
    Ok(code)
}
