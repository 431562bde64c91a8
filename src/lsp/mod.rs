//! The language server: tower-lsp over stdio. The engine knows nothing of LSP; this module
//! keeps per-document state, re-lints incrementally off the message loop and turns
//! findings into diagnostics, code actions and hovers.

mod actions;
mod backend;
pub mod convert;
mod disable;
mod hover;
pub mod incremental;
mod settings;
pub mod state;

/// Serve LSP on stdin/stdout until the client says `exit`. Logs go to stderr and
/// `window/logMessage`, never stdout.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = tower_lsp::LspService::new(backend::Backend::new);
        tower_lsp::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
