//! The server's side of stdout. tower-lsp writes its framed messages (`Content-Length:
//! N\r\n\r\n{json}`) into a [`Framer`], which cuts them at their boundaries; diagnostics,
//! written as JSON by [`super::published`], skip tower-lsp's `serde_json::Value` round trip
//! and join the same queue whole. One task, [`Outbox::pump`], writes the queue out, so no
//! message is ever split by another.
//!
//! A client that reads slowly makes diagnostics wait, not pile up: a document has at
//! most one `publishDiagnostics` waiting, and a newer one takes its place in the queue.
//! The newer one is thus sent no later than the one it replaces, so a document's
//! diagnostics are never overtaken by older ones.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::io::{self, IoSlice, Write};
use std::ops::{Deref, Range};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;
use tokio::sync::Notify;
use tower_lsp::lsp_types::Url;

#[derive(Default)]
pub struct Outbox {
    queue: Mutex<Queue>,
    /// Something was queued.
    ready: Notify,
    /// A batch was written (or the output closed).
    idle: Notify,
}

/// A framed message in pieces, written one after the other: the pieces of a long one
/// are never copied together.
type Message = Vec<Piece>;

/// Some bytes of a message: its own, or a stretch of a buffer it shares with others (a
/// publication's JSON that the next publication sends again in part, see
/// [`super::published`]).
#[derive(Clone)]
pub enum Piece {
    Own(Vec<u8>),
    Shared(Arc<Vec<u8>>, Range<usize>),
}

impl Deref for Piece {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Piece::Own(bytes) => bytes,
            Piece::Shared(buffer, range) => &buffer[range.clone()],
        }
    }
}

impl Borrow<[u8]> for Piece {
    fn borrow(&self) -> &[u8] {
        self
    }
}

#[derive(Default)]
struct Queue {
    items: VecDeque<Item>,
    /// The framed `publishDiagnostics` of each document with an [`Item::Diagnostics`]
    /// in `items`.
    diagnostics: HashMap<Url, Message>,
    /// The output is gone (the client closed it): drop what comes.
    closed: bool,
    /// The pump took a batch and is writing it.
    writing: bool,
}

enum Item {
    Message(Message),
    Diagnostics(Url),
}

impl Outbox {
    /// Queue a framed message.
    fn message(&self, message: Message) {
        let mut queue = self.queue();
        if !queue.closed {
            queue.items.push_back(Item::Message(message));
            drop(queue);
            self.ready.notify_one();
        }
    }

    /// Queue the `publishDiagnostics` notification of `uri`, whose JSON is the
    /// concatenation of `body`, replacing one of the same document still waiting.
    pub fn diagnostics(&self, uri: Url, body: impl IntoIterator<Item = Piece>) {
        let mut message = vec![Piece::Own(Vec::new())];
        message.extend(body);
        let length = message.iter().map(|piece| piece.len()).sum();
        message[0] = Piece::Own(header(length));
        let mut queue = self.queue();
        if queue.closed {
            return;
        }
        let waiting = queue.diagnostics.insert(uri.clone(), message);
        if waiting.is_none() {
            queue.items.push_back(Item::Diagnostics(uri));
            drop(queue);
            self.ready.notify_one();
        }
    }

    /// Everything queued, in order, once there is something.
    async fn take(&self) -> Vec<Message> {
        loop {
            {
                let mut queue = self.queue();
                if !queue.items.is_empty() {
                    queue.writing = true;
                    let Queue {
                        items, diagnostics, ..
                    } = &mut *queue;
                    return items
                        .drain(..)
                        .filter_map(|item| match item {
                            Item::Message(message) => Some(message),
                            Item::Diagnostics(uri) => diagnostics.remove(&uri),
                        })
                        .collect();
                }
            }
            self.ready.notified().await;
        }
    }

    /// Write the queue to `out` as it fills (off the async threads: `out` blocks), until
    /// writing fails; return why.
    pub async fn pump(self: Arc<Self>, mut out: impl Write + Send + 'static) -> io::Error {
        let error = loop {
            let batch = self.take().await;
            let written = tokio::task::spawn_blocking(move || {
                let mut pieces: Vec<IoSlice<'_>> = batch
                    .iter()
                    .flatten()
                    .map(|piece| IoSlice::new(piece))
                    .collect();
                let result = write_all(&mut out, &mut pieces).and_then(|()| out.flush());
                (out, result)
            })
            .await;
            match written {
                Ok((kept, Ok(()))) => out = kept,
                Ok((_, Err(e))) => break e,
                Err(e) => break io::Error::other(e),
            }
            self.queue().writing = false;
            self.idle.notify_waiters();
        };
        {
            let mut queue = self.queue();
            queue.closed = true;
            queue.writing = false;
            queue.items.clear();
            queue.diagnostics.clear();
        }
        self.idle.notify_waiters();
        error
    }

    /// Once everything queued so far has been written (or can no longer be).
    pub async fn drained(&self) {
        loop {
            let mut idle = std::pin::pin!(self.idle.notified());
            // Registered before looking, so that a batch finishing in between still wakes us.
            idle.as_mut().enable();
            {
                let queue = self.queue();
                if queue.closed || (queue.items.is_empty() && !queue.writing) {
                    return;
                }
            }
            idle.await;
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding the lock; a queue is whole between statements.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Write all of `pieces`, as many at a time as `out` takes: a buffered file passes a
/// publication's pieces to one system call rather than one each.
fn write_all(out: &mut impl Write, mut pieces: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut pieces, 0);
    while !pieces.is_empty() {
        match out.write_vectored(pieces) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut pieces, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The header the base protocol puts before a body of `length` bytes.
fn header(length: usize) -> Vec<u8> {
    let mut digits = itoa::Buffer::new();
    [
        b"Content-Length: ",
        digits.format(length).as_bytes(),
        b"\r\n\r\n",
    ]
    .concat()
}

/// The writer tower-lsp is given: it queues each complete message on the [`Outbox`].
pub struct Framer {
    outbox: Arc<Outbox>,
    partial: Vec<u8>,
}

impl Framer {
    pub fn new(outbox: Arc<Outbox>) -> Framer {
        Framer {
            outbox,
            partial: Vec::new(),
        }
    }

    /// The length of the first complete message in `partial`, header included.
    fn complete(&self) -> io::Result<Option<usize>> {
        let Some(end) = self.partial.windows(4).position(|w| w == b"\r\n\r\n") else {
            return Ok(None);
        };
        let header = std::str::from_utf8(&self.partial[..end]).map_err(invalid)?;
        let length = header
            .split("\r\n")
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>())
            })
            .ok_or_else(|| invalid("a message without Content-Length"))?
            .map_err(invalid)?;
        let total = end + 4 + length;
        Ok((self.partial.len() >= total).then_some(total))
    }
}

fn invalid(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

impl AsyncWrite for Framer {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.partial.extend_from_slice(buf);
        loop {
            match this.complete() {
                Ok(Some(total)) if total == this.partial.len() => {
                    let message = std::mem::take(&mut this.partial);
                    this.outbox.message(vec![Piece::Own(message)]);
                }
                Ok(Some(total)) => {
                    let rest = this.partial.split_off(total);
                    let message = std::mem::replace(&mut this.partial, rest);
                    this.outbox.message(vec![Piece::Own(message)]);
                }
                Ok(None) => return Poll::Ready(Ok(buf.len())),
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    fn uri(name: &str) -> Url {
        Url::parse(&format!("file:///tmp/{name}.md")).unwrap()
    }

    fn frame(body: &[u8]) -> Vec<u8> {
        [header(body.len()), body.to_vec()].concat()
    }

    /// `body` as diagnostics, cut in two as the server's are.
    fn diagnostics(outbox: &Outbox, name: &str, body: &[u8]) {
        let (a, b) = body.split_at(body.len() / 2);
        let shared = Arc::new(b.to_vec());
        let b = Piece::Shared(shared.clone(), 0..shared.len());
        outbox.diagnostics(uri(name), [Piece::Own(a.to_vec()), b]);
    }

    async fn written(outbox: &Arc<Outbox>) -> Vec<u8> {
        outbox.take().await.concat().concat()
    }

    #[tokio::test]
    async fn messages_cut_anywhere_come_out_whole_and_in_order() {
        let outbox = Arc::new(Outbox::default());
        let mut framer = Framer::new(outbox.clone());
        let messages = [
            frame(b"{\"id\":1}"),
            frame(b"{\"id\":22}"),
            frame("{\"é\":3}".as_bytes()),
        ];
        let stream = messages.concat();
        // Byte by byte, then in uneven pieces, then all at once.
        for piece in stream.chunks(1) {
            framer.write_all(piece).await.unwrap();
            if piece == b"}" {
                diagnostics(&outbox, "a", b"{}");
            }
        }
        // The diagnostics queued after the first message took the later ones' place.
        let [first, second, third] = &messages;
        let expected = [&first[..], &frame(b"{}"), second, third].concat();
        assert_eq!(written(&outbox).await, expected);
        for piece in stream.chunks(7) {
            framer.write_all(piece).await.unwrap();
        }
        assert_eq!(written(&outbox).await, stream);
        framer.write_all(&stream).await.unwrap();
        assert_eq!(written(&outbox).await, stream);
    }

    #[tokio::test]
    async fn a_waiting_publication_is_replaced_in_its_place() {
        let outbox = Arc::new(Outbox::default());
        let mut framer = Framer::new(outbox.clone());
        diagnostics(&outbox, "a", b"\"a1\"");
        diagnostics(&outbox, "b", b"\"b1\"");
        framer.write_all(&frame(b"\"log\"")).await.unwrap();
        diagnostics(&outbox, "a", b"\"a2\"");
        let expected = [frame(b"\"a2\""), frame(b"\"b1\""), frame(b"\"log\"")].concat();
        assert_eq!(written(&outbox).await, expected);
        // Once written, the next one queues behind what came meanwhile.
        framer.write_all(&frame(b"\"log\"")).await.unwrap();
        diagnostics(&outbox, "a", b"\"a3\"");
        let expected = [frame(b"\"log\""), frame(b"\"a3\"")].concat();
        assert_eq!(written(&outbox).await, expected);
    }

    /// Keeps what is written until `closed`, then fails.
    #[derive(Clone, Default)]
    struct Pipe {
        bytes: Arc<Mutex<Vec<u8>>>,
        closed: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.bytes.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn the_pump_writes_until_the_output_closes() {
        let outbox = Arc::new(Outbox::default());
        let pipe = Pipe::default();
        let pump = tokio::spawn(outbox.clone().pump(pipe.clone()));
        let body = vec![b'x'; 1000];
        diagnostics(&outbox, "a", &body);
        outbox.drained().await;
        assert_eq!(*pipe.bytes.lock().unwrap(), frame(&body));
        diagnostics(&outbox, "b", b"[]");
        outbox.drained().await;
        assert_eq!(
            *pipe.bytes.lock().unwrap(),
            [frame(&body), frame(b"[]")].concat()
        );
        pipe.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        diagnostics(&outbox, "a", &body);
        assert_eq!(pump.await.unwrap().kind(), io::ErrorKind::BrokenPipe);
        diagnostics(&outbox, "b", &body);
        assert!(
            outbox.queue().items.is_empty(),
            "nothing queues for a closed output"
        );
    }

    #[test]
    fn a_header_without_length_is_an_error() {
        let mut framer = Framer::new(Arc::new(Outbox::default()));
        framer.partial = b"Content-Type: x\r\n\r\n{}".to_vec();
        assert!(framer.complete().is_err());
        framer.partial = b"content-length: 2\r\n\r\n{}".to_vec();
        assert_eq!(framer.complete().unwrap(), Some(23));
    }
}
