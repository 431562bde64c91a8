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
mod outbox;
mod publish;
mod published;
mod session;
mod settings;
pub mod state;
mod workspace_names;

pub use settings::{DEFAULT_DEBOUNCE, MAX_DEBOUNCE_MS};

/// The server without a transport: requests go in through `tower_service::Service`, and
/// what the server sends (diagnostics, logs, its own requests) comes out of the socket.
/// `run_stdio` wires it to stdio; the `server` fuzz target drives it in-process.
pub fn service() -> (
    tower_lsp::LspService<impl tower_lsp::LanguageServer>,
    tower_lsp::ClientSocket,
) {
    tower_lsp::LspService::new(|client| backend::Backend::new(client, None))
}

/// How long the output may take to drain when the server stops.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(1);

/// Serve LSP on stdin/stdout until the client says `exit` (or closes stdin). Logs go to
/// stderr and `window/logMessage`, never stdout. Returns the exit code the protocol asks
/// for: 0 when `shutdown` came first, 1 otherwise.
pub fn run_stdio() -> std::io::Result<i32> {
    limit_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()?;
    let code = runtime.block_on(async {
        // Diagnostics are written to stdout by the outbox, not through tower-lsp.
        let outbox = std::sync::Arc::new(outbox::Outbox::default());
        let sink = outbox.clone();
        let (service, socket) =
            tower_lsp::LspService::new(move |client| backend::Backend::new(client, Some(sink)));
        let (service, watch) = exit::ExitWatch::new(service);
        tokio::spawn(outbox.clone().pump(unbuffered_stdout()));
        let stdout = outbox::Framer::new(outbox.clone());
        let server = tower_lsp::Server::new(tokio::io::stdin(), stdout, socket);
        // tower-lsp only notices `exit` when the next message arrives: stop on it ourselves.
        tokio::select! {
            () = server.serve(service) => {}
            () = watch.exited() => {}
        }
        // What the server said before stdin closed (the reply to a last request) still
        // goes out; a client that stopped reading holds the exit only briefly.
        let _ = tokio::time::timeout(DRAIN, outbox.drained()).await;
        watch.code()
    });
    // The thread blocked reading stdin must not hold the process, nor may a running lint.
    runtime.shutdown_background();
    Ok(code)
}

/// Standard output without `std::io::Stdout`'s line buffering, which searches every
/// write for its last newline: a publication of a long article is 150 KB of JSON without
/// one, searched on each keystroke. The outbox writes whole messages, so a buffer that
/// gathers a message's small pieces and passes a large one straight through is enough.
fn unbuffered_stdout() -> Box<dyn std::io::Write + Send> {
    #[cfg(unix)]
    let own = std::os::fd::AsFd::as_fd(&std::io::stdout()).try_clone_to_owned();
    #[cfg(windows)]
    let own = std::os::windows::io::AsHandle::as_handle(&std::io::stdout()).try_clone_to_owned();
    #[cfg(any(unix, windows))]
    if let Ok(own) = own {
        let file = std::fs::File::from(own);
        return Box::new(std::io::BufWriter::with_capacity(16 << 10, file));
    }
    Box::new(std::io::stdout())
}

/// glibc gives each thread that allocates its own malloc arena and keeps the free space of
/// every arena. Open documents are built on whichever lint thread was free, so with four
/// of them each holding a share of the documents plus its own slack, that slack was 6 to
/// 14 MB of 70 with 100 open articles. Two arenas are enough for two cores.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: `mallopt` only sets a tunable (under glibc's own lock); it touches no memory
    // of ours. A refusal (return value 0) leaves the default, which is merely larger.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
