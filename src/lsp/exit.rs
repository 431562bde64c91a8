//! Watching the message stream for `shutdown` and `exit`, which tower-lsp handles itself
//! without telling the server: the process must end on `exit` even while the client keeps
//! stdin open, with code 0 only if `shutdown` came first.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::sync::Notify;
use tower_lsp::jsonrpc::Request;
use tower_service::Service;

/// The tower-lsp service, passing every message through unchanged.
pub struct ExitWatch<S> {
    inner: S,
    watch: Watch,
}

#[derive(Clone, Default)]
pub struct Watch {
    shut_down: Arc<AtomicBool>,
    exited: Arc<Notify>,
}

impl Watch {
    pub async fn exited(&self) {
        self.exited.notified().await;
    }

    pub fn code(&self) -> i32 {
        if self.shut_down.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    }
}

impl<S> ExitWatch<S> {
    pub fn new(inner: S) -> (ExitWatch<S>, Watch) {
        let watch = Watch::default();
        (
            ExitWatch {
                inner,
                watch: watch.clone(),
            },
            watch,
        )
    }
}

impl<S: Service<Request>> Service<Request> for ExitWatch<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match request.method() {
            "shutdown" => self.watch.shut_down.store(true, Ordering::SeqCst),
            // `notify_one` keeps the wake-up if nobody is waiting yet.
            "exit" => self.watch.exited.notify_one(),
            _ => {}
        }
        self.inner.call(request)
    }
}
