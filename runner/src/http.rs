//! The HTTP/1.1 server of `stevedore serve`, on hyper and tokio (a
//! well-kept stack: request parsing, `Content-Length` and chunked bodies,
//! `Expect: 100-continue`, keep-alive and pipelining are hyper's). This
//! module only adapts hyper's requests to the plain [`Request`] the
//! endpoint reads, answers with its [`Response`], and bounds what a client
//! may take:
//!
//! - a request head of at most [`MAX_HEAD`] bytes and [`MAX_HEADERS`]
//!   headers, a body of at most [`MAX_BODY`] bytes (413, and the
//!   connection closed, without reading a larger body);
//! - [`IDLE_TIMEOUT`] to send a request head, counted also while a
//!   keep-alive connection waits for its next request, and as long to send
//!   its body (408);
//! - at most [`MAX_CONNECTIONS`] open at once; when every slot is taken,
//!   the connection that has waited longest for its next request is closed
//!   to make room (a keep-alive client reconnects), so idle connections can
//!   never shut other clients out.
//!
//! Requests are answered one at a time by the one
//! [`crate::endpoint::Endpoint`] (the simulator is one account), on
//! tokio's blocking pool so the sockets keep being served meanwhile.
//!
//! Measured with `cargo run -p stevedore-runner --example soak`; the
//! figures are in `runner/README.md`.

use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
pub use server::serve;

/// Largest request head (request line and headers). hyper's smallest
/// buffer is 8 KiB; it refuses a larger head with 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// Largest request body.
pub const MAX_BODY: usize = 1024 * 1024;
/// Most headers in one request.
pub const MAX_HEADERS: usize = 100;
/// Connections open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a client has to send a request head (also while a keep-alive
/// connection is idle), and then its body.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `false` when the client asked to close (or spoke HTTP/1.0 without
    /// keep-alive).
    pub keep_alive: bool,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The `Content-Length` to announce instead of the body's: the answer
    /// to a HEAD request, which has no body, says how long the GET's would
    /// be (RFC 9110 9.3.2).
    pub head_length: Option<u64>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type: content_type.to_owned(),
            headers: Vec::new(),
            body: body.into(),
            head_length: None,
        }
    }
}

/// Anything that answers requests.
pub trait Handler: Send + 'static {
    fn handle(&mut self, request: &Request) -> Response;
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn plain_error(status: u16, message: &str) -> Response {
    Response::new(
        status,
        "application/x-amz-json-1.1",
        serde_json::json!({"__type": "BadRequest", "message": message}).to_string(),
    )
}

/// The web build has no sockets: `serve` says so.
#[cfg(target_arch = "wasm32")]
pub fn serve<H: Handler>(_listener: std::net::TcpListener, _handler: H) {}

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use super::*;
    use bytes::Bytes;
    use http_body_util::{BodyExt, Full, Limited};
    use hyper::body::Incoming;
    use hyper::server::conn::http1;
    use hyper::service::service_fn;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use std::collections::BTreeMap;
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;
    use tokio::sync::Notify;

    /// The open connections: since when each has waited for its next request
    /// (`None` while one is being answered), and how to tell it to close.
    #[derive(Default)]
    struct Registry {
        next: u64,
        open: BTreeMap<u64, (Option<Instant>, Arc<Notify>)>,
    }

    type Shared<T> = Arc<Mutex<T>>;

    fn set_idle(registry: &Mutex<Registry>, id: u64, idle: bool) {
        if let Ok(mut r) = registry.lock()
            && let Some(entry) = r.open.get_mut(&id)
        {
            entry.0 = idle.then(Instant::now);
        }
    }

    /// Registers a new connection, closing the longest-idle one when every
    /// slot is taken; `None` when every connection is busy.
    fn admit(registry: &Mutex<Registry>) -> Option<(u64, Arc<Notify>)> {
        let mut r = registry.lock().ok()?;
        if r.open.len() >= MAX_CONNECTIONS {
            let oldest = r
                .open
                .iter()
                .filter_map(|(id, (idle, _))| idle.map(|since| (since, *id)))
                .min()?;
            if let Some((_, close)) = r.open.remove(&oldest.1) {
                // Its task shuts it down gracefully: an idle connection at once.
                close.notify_one();
            }
        }
        r.next += 1;
        let id = r.next;
        let close = Arc::new(Notify::new());
        r.open
            .insert(id, (Some(Instant::now()), Arc::clone(&close)));
        Some((id, close))
    }

    /// The plain request the endpoint reads, or the response that refuses it.
    async fn read(request: hyper::Request<Incoming>) -> Result<Request, Response> {
        let (parts, body) = request.into_parts();
        let declared = parts
            .headers
            .get(hyper::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            return Err(plain_error(
                413,
                &format!("request body larger than {MAX_BODY} bytes"),
            ));
        }
        let collected =
            tokio::time::timeout(IDLE_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await;
        let body = match collected {
            Ok(Ok(b)) => b.to_bytes().to_vec(),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                return Err(plain_error(
                    413,
                    &format!("request body larger than {MAX_BODY} bytes"),
                ));
            }
            Ok(Err(_)) => return Err(plain_error(400, "the request body could not be read")),
            Err(_) => return Err(plain_error(408, "the request body was not sent in time")),
        };
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).trim().to_owned(),
                )
            })
            .collect::<Vec<_>>();
        let connection = parts
            .headers
            .get(hyper::header::CONNECTION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        let keep_alive = match connection.as_deref() {
            Some("close") => false,
            Some("keep-alive") => true,
            _ => parts.version != hyper::Version::HTTP_10,
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        Ok(Request {
            method: parts.method.as_str().to_owned(),
            path,
            headers,
            body,
            keep_alive,
        })
    }

    /// hyper's response for ours; `close` asks the client to close.
    fn write(response: Response, close: bool) -> hyper::Response<Full<Bytes>> {
        let mut out = hyper::Response::new(Full::new(Bytes::from(response.body)));
        *out.status_mut() = hyper::StatusCode::from_u16(response.status)
            .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = out.headers_mut();
        if let Ok(v) = hyper::header::HeaderValue::from_str(&response.content_type) {
            headers.insert(hyper::header::CONTENT_TYPE, v);
        }
        if let Some(n) = response.head_length {
            headers.insert(
                hyper::header::CONTENT_LENGTH,
                hyper::header::HeaderValue::from(n),
            );
        }
        for (name, value) in response.headers {
            if let (Ok(n), Ok(v)) = (
                hyper::header::HeaderName::from_bytes(name.as_bytes()),
                hyper::header::HeaderValue::from_str(&value),
            ) {
                headers.append(n, v);
            }
        }
        if close {
            headers.insert(
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            );
        }
        out
    }

    /// Answers one request: reads it, hands it to the endpoint on the blocking
    /// pool, writes the answer.
    async fn answer<H: Handler>(
        request: hyper::Request<Incoming>,
        handler: Shared<H>,
    ) -> hyper::Response<Full<Bytes>> {
        let request = match read(request).await {
            Ok(r) => r,
            Err(refusal) => return write(refusal, true),
        };
        let keep_alive = request.keep_alive;
        let response = tokio::task::spawn_blocking(move || match handler.lock() {
            Ok(mut h) => h.handle(&request),
            Err(_) => plain_error(500, "the simulator stopped after an internal error"),
        })
        .await
        .unwrap_or_else(|_| plain_error(500, "the simulator stopped after an internal error"));
        write(response, !keep_alive)
    }

    /// Accepts connections on `listener` until the process ends.
    pub fn serve<H: Handler>(listener: TcpListener, handler: H) {
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => {
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    format!("stevedore: cannot start the HTTP server: {e}\n").as_bytes(),
                );
                return;
            }
        };
        runtime.block_on(accept_forever(listener, handler));
    }

    async fn accept_forever<H: Handler>(listener: TcpListener, handler: H) {
        let listener = match listener
            .set_nonblocking(true)
            .and_then(|()| tokio::net::TcpListener::from_std(listener))
        {
            Ok(l) => l,
            Err(_) => return,
        };
        let handler: Shared<H> = Arc::new(Mutex::new(handler));
        let registry: Shared<Registry> = Arc::new(Mutex::new(Registry::default()));
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(IDLE_TIMEOUT)
            .max_buf_size(MAX_HEAD)
            .max_headers(MAX_HEADERS)
            .keep_alive(true);
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let Some((id, close)) = admit(&registry) else {
                tokio::spawn(busy(stream));
                continue;
            };
            let handler = Arc::clone(&handler);
            let registry = Arc::clone(&registry);
            let builder = builder.clone();
            tokio::spawn(async move {
                let service = {
                    let registry = Arc::clone(&registry);
                    service_fn(move |request| {
                        let handler = Arc::clone(&handler);
                        let registry = Arc::clone(&registry);
                        async move {
                            set_idle(&registry, id, false);
                            let response = answer(request, handler).await;
                            set_idle(&registry, id, true);
                            Ok::<_, std::convert::Infallible>(response)
                        }
                    })
                };
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                tokio::pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    () = close.notified() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
                if let Ok(mut r) = registry.lock() {
                    r.open.remove(&id);
                }
            });
        }
    }

    /// Every slot is answering a request: 503, and close.
    async fn busy(mut stream: tokio::net::TcpStream) {
        use tokio::io::AsyncWriteExt;
        let body =
            serde_json::json!({"__type": "BadRequest", "message": "every connection is busy"})
                .to_string();
        let raw = format!(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = tokio::time::timeout(IDLE_TIMEOUT, stream.write_all(raw.as_bytes())).await;
    }
}
