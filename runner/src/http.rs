//! A small HTTP/1.1 server on `std::net`, enough for AWS SDKs and the AWS
//! CLI: `Content-Length` and `Transfer-Encoding: chunked` bodies,
//! keep-alive, bounded sizes. One thread per connection, at most
//! [`MAX_CONNECTIONS`] at once, all sharing one
//! [`crate::endpoint::Endpoint`]. When every slot is taken, the connection
//! that has waited longest for its next request is closed to make room (a
//! keep-alive client reconnects), so idle connections can never shut
//! other clients out; only when every connection is busy is a new one
//! answered 503.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Largest request head (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Largest request body.
pub const MAX_BODY: usize = 1024 * 1024;
/// Most headers in one request.
pub const MAX_HEADERS: usize = 100;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 64;
/// How long an idle keep-alive connection is kept.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names in lower case, in the order received.
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

/// Why a request could not be read; each maps to a status to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The client closed the connection before a request started.
    Closed,
    /// Not HTTP we accept: 400 with this message.
    Bad(String),
    /// Head too large: 431.
    HeadTooLarge,
    /// Body too large: 413.
    BodyTooLarge,
    /// A `Transfer-Encoding` other than chunked: 411 (send Content-Length).
    LengthRequired,
    /// The socket failed or timed out mid-request.
    Io,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        403 => "Forbidden",
        409 => "Conflict",
        501 => "Not Implemented",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Reads one line (up to `\n`) of at most `budget` bytes.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut usize) -> Result<Vec<u8>, ReadError> {
    let mut line = Vec::new();
    let limit = (*budget as u64).saturating_add(1);
    let n = reader
        .take(limit)
        .read_until(b'\n', &mut line)
        .map_err(|_| ReadError::Io)?;
    if n > *budget {
        return Err(ReadError::HeadTooLarge);
    }
    *budget -= n;
    Ok(line)
}

/// Reads one request. `Err(Closed)` when the connection ended cleanly
/// between requests.
pub fn read_request<R: BufRead>(reader: &mut R) -> Result<Request, ReadError> {
    read_request_with(reader, &mut || Ok(()))
}

/// Like [`read_request`], calling `send_continue` before reading the body
/// of a request that says `Expect: 100-continue` (curl does for bodies over
/// 1 KiB).
pub fn read_request_with<R: BufRead>(
    reader: &mut R,
    send_continue: &mut dyn FnMut() -> std::io::Result<()>,
) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD;
    let mut first = read_line(reader, &mut budget)?;
    // Tolerate blank lines before a request (RFC 9112 2.2).
    while first == b"\r\n" || first == b"\n" {
        first = read_line(reader, &mut budget)?;
    }
    if first.is_empty() {
        return Err(ReadError::Closed);
    }
    if !first.ends_with(b"\n") {
        return Err(ReadError::Io);
    }
    let first = String::from_utf8(first)
        .map_err(|_| ReadError::Bad("the request line is not UTF-8".into()))?;
    let mut parts = first.trim_end().split(' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad("malformed request line".into()));
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || method.is_empty() {
        return Err(ReadError::Bad("malformed method".into()));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadError::Bad(format!("unsupported version '{version}'"))),
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget)?;
        if !line.ends_with(b"\n") {
            return Err(ReadError::Io);
        }
        let line =
            String::from_utf8(line).map_err(|_| ReadError::Bad("a header is not UTF-8".into()))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(ReadError::HeadTooLarge);
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad(format!("malformed header '{line}'")));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Bad(format!("malformed header name '{name}'")));
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let find = |n: &str| {
        headers
            .iter()
            .find(|(h, _)| h == n)
            .map(|(_, v)| v.as_str())
    };
    let chunked = match find("transfer-encoding").map(str::to_ascii_lowercase) {
        None => false,
        Some(te) if te.trim() == "chunked" => true,
        Some(_) => return Err(ReadError::LengthRequired),
    };
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(h, _)| h == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    if chunked && !lengths.is_empty() {
        return Err(ReadError::Bad(
            "both Content-Length and Transfer-Encoding".into(),
        ));
    }
    let length = match lengths.as_slice() {
        [] => 0,
        [one] => one
            .parse::<usize>()
            .map_err(|_| ReadError::Bad(format!("bad Content-Length '{one}'")))?,
        _ => return Err(ReadError::Bad("more than one Content-Length".into())),
    };
    if length > MAX_BODY {
        return Err(ReadError::BodyTooLarge);
    }
    if (length > 0 || chunked)
        && find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        send_continue().map_err(|_| ReadError::Io)?;
    }
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body).map_err(|_| ReadError::Io)?;
        body
    };
    let connection = find("connection").map(str::to_ascii_lowercase);
    let keep_alive = match connection.as_deref() {
        Some("close") => false,
        Some("keep-alive") => true,
        _ => !http10,
    };
    Ok(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        headers,
        body,
        keep_alive,
    })
}

/// A chunked body (RFC 9112 7.1): hexadecimal sizes (extensions ignored),
/// each chunk followed by CRLF, ended by a zero size and optional
/// trailers; at most [`MAX_BODY`] bytes in all.
fn read_chunked<R: BufRead>(reader: &mut R) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    // Size lines and trailers share the head's budget.
    let mut budget = MAX_HEAD;
    loop {
        let line = read_line(reader, &mut budget)?;
        if !line.ends_with(b"\n") {
            return Err(ReadError::Io);
        }
        let text = String::from_utf8_lossy(&line);
        let size = text.trim_end().split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| ReadError::Bad(format!("bad chunk size '{size}'")))?;
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                let line = read_line(reader, &mut budget)?;
                if !line.ends_with(b"\n") {
                    return Err(ReadError::Io);
                }
                if line == b"\r\n" || line == b"\n" {
                    return Ok(body);
                }
            }
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(ReadError::BodyTooLarge);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|_| ReadError::Io)?;
        let end = read_line(reader, &mut budget)?;
        if end != b"\r\n" && end != b"\n" {
            return Err(ReadError::Bad("a chunk does not end with CRLF".into()));
        }
    }
}

/// Writes `response`; `keep_alive` decides the `Connection` header.
pub fn write_response<W: Write>(
    out: &mut W,
    response: &Response,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.head_length.unwrap_or(response.body.len() as u64),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(&response.body)?;
    out.flush()
}

/// Anything that answers requests.
pub trait Handler: Send + 'static {
    fn handle(&mut self, request: &Request) -> Response;
}

fn plain_error(status: u16, message: &str) -> Response {
    Response::new(
        status,
        "application/x-amz-json-1.1",
        serde_json::json!({"__type": "BadRequest", "message": message}).to_string(),
    )
}

/// The open connections: each one's socket (to close it) and since when
/// it has been waiting for its next request (`None` while it is busy).
#[derive(Default)]
struct Registry {
    next: u64,
    open: std::collections::BTreeMap<u64, (TcpStream, Option<Instant>)>,
}

fn set_idle(registry: &Mutex<Registry>, id: u64, idle: bool) {
    if let Ok(mut r) = registry.lock()
        && let Some(entry) = r.open.get_mut(&id)
    {
        entry.1 = idle.then(Instant::now);
    }
}

fn serve_connection<H: Handler>(
    stream: TcpStream,
    handler: &Arc<Mutex<H>>,
    registry: &Mutex<Registry>,
    id: u64,
) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut send_continue = || {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            writer.flush()
        };
        set_idle(registry, id, true);
        let read = read_request_with(&mut reader, &mut send_continue);
        set_idle(registry, id, false);
        let request = match read {
            Ok(r) => r,
            Err(ReadError::Closed | ReadError::Io) => return,
            Err(e) => {
                let response = match e {
                    ReadError::Bad(message) => plain_error(400, &message),
                    ReadError::HeadTooLarge => plain_error(431, "request head too large"),
                    ReadError::BodyTooLarge => {
                        plain_error(413, &format!("request body larger than {MAX_BODY} bytes"))
                    }
                    _ => plain_error(411, "send the body with a Content-Length"),
                };
                let _ = write_response(&mut writer, &response, false);
                return;
            }
        };
        let response = match handler.lock() {
            Ok(mut h) => h.handle(&request),
            Err(_) => plain_error(500, "the simulator stopped after an internal error"),
        };
        if write_response(&mut writer, &response, request.keep_alive).is_err()
            || !request.keep_alive
        {
            return;
        }
    }
}

/// Makes room for one more connection: `true` when there is a free slot
/// or the longest-idle connection was closed for it.
fn make_room(registry: &Mutex<Registry>) -> bool {
    let Ok(mut r) = registry.lock() else {
        return false;
    };
    if r.open.len() < MAX_CONNECTIONS {
        return true;
    }
    let oldest = r
        .open
        .iter()
        .filter_map(|(id, (_, idle))| idle.map(|since| (since, *id)))
        .min();
    match oldest {
        Some((_, id)) => {
            if let Some((stream, _)) = r.open.remove(&id) {
                // Its thread sees the connection end and exits.
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
            true
        }
        None => false,
    }
}

/// Accepts connections forever, one thread each.
pub fn serve<H: Handler>(listener: TcpListener, handler: H) {
    let handler = Arc::new(Mutex::new(handler));
    let registry = Arc::new(Mutex::new(Registry::default()));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if !make_room(&registry) {
            let _ = write_response(
                &mut stream,
                &plain_error(503, "every connection is busy"),
                false,
            );
            continue;
        }
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = match registry.lock() {
            Ok(mut r) => {
                r.next += 1;
                let id = r.next;
                r.open.insert(id, (handle, None));
                id
            }
            Err(_) => continue,
        };
        let handler = Arc::clone(&handler);
        let registry = Arc::clone(&registry);
        std::thread::spawn(move || {
            serve_connection(stream, &handler, &registry, id);
            if let Ok(mut r) = registry.lock() {
                r.open.remove(&id);
            }
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn parse(raw: &[u8]) -> Result<Request, ReadError> {
        read_request(&mut BufReader::new(raw))
    }

    #[test]
    fn reads_requests_with_bodies_and_keep_alive() {
        let raw = b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: A.B\r\nContent-Length: 2\r\n\r\n{}GET /next HTTP/1.1\r\nConnection: close\r\n\r\n";
        let mut reader = BufReader::new(&raw[..]);
        let first = read_request(&mut reader).unwrap();
        assert_eq!(first.method, "POST");
        assert_eq!(first.path, "/");
        assert_eq!(first.header("x-amz-target"), Some("A.B"));
        assert_eq!(first.body, b"{}");
        assert!(first.keep_alive);
        let second = read_request(&mut reader).unwrap();
        assert_eq!(second.path, "/next");
        assert!(second.body.is_empty());
        assert!(!second.keep_alive);
        assert_eq!(read_request(&mut reader), Err(ReadError::Closed));
        assert!(!parse(b"GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive);
    }

    #[test]
    fn refuses_what_it_does_not_accept() {
        assert!(matches!(parse(b"GARBAGE\r\n\r\n"), Err(ReadError::Bad(_))));
        assert!(matches!(
            parse(b"get / HTTP/1.1\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"GET / HTTP/2\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"GET / HTTP/1.1\r\nNoColon\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx"),
            Err(ReadError::Bad(_))
        ));
        assert_eq!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
            Err(ReadError::LengthRequired)
        );
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n0\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            Err(ReadError::Bad(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        let huge = format!(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n",
            MAX_BODY + 1
        );
        assert_eq!(parse(huge.as_bytes()), Err(ReadError::BodyTooLarge));
        assert_eq!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
            Err(ReadError::Io)
        );
        let big = format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY + 1
        );
        assert_eq!(parse(big.as_bytes()), Err(ReadError::BodyTooLarge));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(parse(long.as_bytes()), Err(ReadError::HeadTooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("h{i}: v\r\n")).collect();
        assert_eq!(
            parse(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()),
            Err(ReadError::HeadTooLarge)
        );
        // Truncated body or head: an I/O problem, never a panic.
        assert_eq!(
            parse(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"),
            Err(ReadError::Io)
        );
        assert_eq!(parse(b"GET / HTTP/1.1\r\nHost: x"), Err(ReadError::Io));
        assert_eq!(parse(b""), Err(ReadError::Closed));
    }

    #[test]
    fn reads_chunked_bodies() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n3;ext=1\r\n{\"a\r\n5\r\n\":1}\n\r\n0\r\nX-Trailer: t\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
        let mut reader = BufReader::new(&raw[..]);
        let first = read_request(&mut reader).unwrap();
        assert_eq!(first.body, b"{\"a\":1}\n");
        assert_eq!(read_request(&mut reader).unwrap().path, "/next");
    }

    #[test]
    fn answers_expect_100_continue_before_the_body() {
        let raw = b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}";
        let mut sent = 0;
        let request = read_request_with(&mut BufReader::new(&raw[..]), &mut || {
            sent += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(request.body, b"{}");
        assert_eq!(sent, 1);
    }

    #[test]
    fn writes_responses() {
        let mut out = Vec::new();
        let mut r = Response::new(400, "application/x-amz-json-1.1", "{}");
        r.headers.push(("x-amzn-RequestId".into(), "id".into()));
        write_response(&mut out, &r, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: keep-alive\r\nx-amzn-RequestId: id\r\n\r\n{}"
        );
    }
}
