//! Amazon S3's REST-XML protocol, as the pinned botocore (the AWS CLI's
//! `aws s3api` and `aws s3`, boto3) and the AWS SDK for JavaScript v3
//! speak it. Each operation is an HTTP method on a path
//! (`PUT /{Bucket}/{Key+}`), told apart by query-string flags
//! (`GET /{Bucket}?list-type=2`, `PUT /{Bucket}?tagging`) and, for
//! CopyObject, the `x-amz-copy-source` header; members are bound to the
//! path, the query string, headers (`x-amz-meta-*` for `Metadata`) or the
//! payload, as `tables.json` (`cli/gen/protocols.py`) gives them from the
//! botocore model.
//!
//! - **Addressing**: path style (`http://127.0.0.1:4566/bucket/key`, what
//!   the AWS CLI sends to an IP endpoint) and virtual-host style, the
//!   bucket in the `Host`: `bucket.localhost:4566`, `bucket.s3.<anything>`
//!   (boto3 with `s3={'addressing_style': 'virtual'}`).
//! - **Bodies**: raw, or `aws-chunked` (`Content-Encoding: aws-chunked`,
//!   `x-amz-content-sha256: STREAMING-…`: `size[;chunk-signature=…]` lines,
//!   trailers such as `x-amz-checksum-crc32`, checked against
//!   `x-amz-decoded-content-length`), decoded by [`decode_aws_chunked`];
//!   signatures are not checked (any keys work). `Content-MD5` and
//!   `x-amz-checksum-crc32` (header or trailer) are verified (`BadDigest`);
//!   the other flexible checksums are accepted unchecked. The engine keeps
//!   no checksums, so none is echoed (S3 echoes a PutObject's; botocore
//!   needs none, and `stevedore run` prints none). Payload structures
//!   (CreateBucketConfiguration, Delete, Tagging, NotificationConfiguration)
//!   are XML read by the member's shape; an element the shape does not
//!   have is `MalformedXML`.
//! - **Answers**: header members as headers (`ETag`, `Last-Modified` as an
//!   HTTP date, `x-amz-meta-*`, `Content-Type`), a blob or string payload
//!   as the body (GetObject's object, GetBucketPolicy's JSON), and the rest
//!   as XML in the `http://s3.amazonaws.com/doc/2006-03-01/` namespace
//!   under the root S3 names (`ListAllMyBucketsResult`, `ListBucketResult`,
//!   `DeleteResult`, `Tagging`, …). HeadObject answers the object's
//!   `Content-Length` with no body. ListObjectsV2 with `encoding-type=url`
//!   (the AWS CLI's `aws s3 ls`) percent-encodes the keys and prefixes it
//!   returns.
//! - **Errors**: `<Error><Code>…</Code><Message>…</Message>
//!   <BucketName>|<Key>…<RequestId>…</Error>` with S3's status: 404
//!   NoSuchBucket/NoSuchKey/NoSuchBucketPolicy/NoSuchTagSet, 409
//!   BucketAlreadyExists/BucketAlreadyOwnedByYou/BucketNotEmpty, 403
//!   AccessDenied, 501 NotImplemented (an operation of S3's model the
//!   simulator does not have, or a parameter it does not model), 405
//!   MethodNotAllowed (no S3 operation at all), 400 otherwise; HEAD errors
//!   have no body, as S3's do.
//!
//! Object bodies are any bytes: UTF-8 text goes to the engine as a string,
//! anything else as `{"Base64": …}` (the engine's `Blob`), and comes back
//! byte for byte.

use super::{OperationTable, ServiceTable, ShapeTable, query};
use crate::http::{Request, Response};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use stevedore_engine::base::{base64, md5, time};

/// S3's XML namespace.
pub const NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// Members the wire itself consumes (framing and integrity), never handed
/// to the engine.
const TRANSPORT: &[&str] = &[
    "ContentLength",
    "ContentMD5",
    "ChecksumAlgorithm",
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumSHA512",
    "ChecksumMD5",
    "ChecksumXXHASH64",
    "ChecksumXXHASH3",
    "ChecksumXXHASH128",
    "ChecksumMode",
    "EncodingType",
];

/// An S3 error before or after the engine: the code, message, status,
/// and the bucket or key it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Error {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl S3Error {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> S3Error {
        S3Error {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// A decoded S3 request.
#[derive(Debug)]
pub struct S3Call {
    pub action: String,
    pub op: &'static OperationTable,
    pub input: Value,
    pub bucket: Option<String>,
    pub key: Option<String>,
    pub head: bool,
    /// `encoding-type=url` on a listing.
    pub url_encoded: bool,
}

/// Whether a request is for S3: signed for `s3`, or (unsigned) a `Host`
/// that names S3 or a `bucket.localhost`.
pub fn is_s3(request: &Request, scope: Option<&str>) -> bool {
    match scope {
        Some(s) => s == "s3",
        None => request.header("host").is_some_and(|h| {
            let host = host_name(h);
            host.starts_with("s3.") || host.contains(".s3.") || host.ends_with(".localhost")
        }),
    }
}

fn host_name(host: &str) -> &str {
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

/// The bucket a virtual-host `Host` names: `b.localhost`, `b.s3.…`.
pub fn virtual_bucket(host: &str) -> Option<&str> {
    let host = host_name(host);
    if let Some(b) = host.strip_suffix(".localhost") {
        return Some(b).filter(|b| !b.is_empty());
    }
    host.find(".s3.")
        .or_else(|| host.find(".s3-"))
        .map(|i| &host[..i])
        .filter(|b| !b.is_empty())
}

fn percent_decode(text: &str) -> Result<String, S3Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => {
                    return Err(S3Error::new(
                        400,
                        "InvalidURI",
                        "Couldn't parse the specified URI.",
                    ));
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| S3Error::new(400, "InvalidURI", "Couldn't parse the specified URI."))
}

/// Percent-encodes as S3's `encoding-type=url` does (unreserved and `/`
/// kept).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The query string as name → value (`+` is a space, as botocore never
/// sends one for a space).
fn query_of(path: &str) -> Result<BTreeMap<String, String>, S3Error> {
    let Some((_, q)) = path.split_once('?') else {
        return Ok(BTreeMap::new());
    };
    let mut out = BTreeMap::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.insert(
            percent_decode(&k.replace('+', " "))?,
            percent_decode(&v.replace('+', " "))?,
        );
    }
    Ok(out)
}

/// What a `requestUri` asks for: bucket and key labels, required query
/// items (`?tagging`, `?list-type=2`).
struct UriPattern {
    bucket: bool,
    key: bool,
    query: Vec<(String, Option<String>)>,
}

fn pattern(uri: &str) -> UriPattern {
    let (path, q) = uri.split_once('?').unwrap_or((uri, ""));
    UriPattern {
        bucket: path.contains("{Bucket}"),
        key: path.contains("{Key+}"),
        query: q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (p.to_owned(), None),
            })
            .filter(|(k, _)| k != "x-id")
            .collect(),
    }
}

fn matches(
    uri: &str,
    method: &str,
    want: &str,
    bucket: bool,
    key: bool,
    query: &BTreeMap<String, String>,
) -> Option<usize> {
    if method != want {
        return None;
    }
    let p = pattern(uri);
    if p.bucket != bucket || p.key != key {
        return None;
    }
    p.query
        .iter()
        .all(|(k, v)| match (query.get(k), v) {
            (Some(_), None) => true,
            (Some(have), Some(v)) => have == v,
            (None, _) => false,
        })
        .then_some(p.query.len())
}

/// Which S3 operation a request is: the engine's (`Ok`), or the name of
/// one of S3's the simulator does not have (`Err(Some)`), or none
/// (`Err(None)`).
fn find_operation(
    table: &'static ServiceTable,
    request: &Request,
    bucket: bool,
    key: bool,
    query: &BTreeMap<String, String>,
) -> Result<(&'static str, &'static OperationTable), Option<&'static str>> {
    let method = request.method.as_str();
    let copy = request.header("x-amz-copy-source").is_some();
    let mut best: Option<(usize, &'static str, Option<&'static OperationTable>)> = None;
    let mut consider = |score: Option<usize>, name: &'static str, op| {
        if let Some(score) = score
            && best.as_ref().is_none_or(|(s, _, _)| score > *s)
        {
            best = Some((score, name, op));
        }
    };
    for (name, op) in &table.operations {
        let (Some(m), Some(uri)) = (op.method.as_deref(), op.uri.as_deref()) else {
            continue;
        };
        // PutObject and CopyObject share PUT /{Bucket}/{Key+}.
        if (name == "CopyObject") != copy && matches!(name.as_str(), "CopyObject" | "PutObject") {
            continue;
        }
        consider(
            matches(uri, method, m, bucket, key, query),
            name.as_str(),
            Some(op),
        );
    }
    for (name, m, uri) in &table.refused {
        if name == "UploadPartCopy" && !copy {
            continue;
        }
        consider(matches(uri, method, m, bucket, key, query), name, None);
    }
    match best {
        Some((_, name, Some(op))) => Ok((name, op)),
        Some((_, name, None)) => Err(Some(name)),
        None => Err(None),
    }
}

/// Decodes an S3 request into the engine's operation and input.
pub fn decode(table: &'static ServiceTable, request: &Request) -> Result<S3Call, S3Error> {
    let head = request.method == "HEAD";
    let raw_path = request
        .path
        .split_once('?')
        .map_or(&*request.path, |(p, _)| p);
    let query = query_of(&request.path)?;
    let (bucket, key) = match request.header("host").and_then(virtual_bucket) {
        Some(b) => {
            let key = raw_path.strip_prefix('/').unwrap_or(raw_path);
            (Some(b.to_owned()), percent_decode(key)?)
        }
        None => {
            let rest = raw_path.strip_prefix('/').unwrap_or(raw_path);
            let (b, k) = rest.split_once('/').unwrap_or((rest, ""));
            let b = percent_decode(b)?;
            (Some(b).filter(|b| !b.is_empty()), percent_decode(k)?)
        }
    };
    let key = Some(key).filter(|k| !k.is_empty());
    let (action, op) = match find_operation(table, request, bucket.is_some(), key.is_some(), &query)
    {
        Ok(found) => found,
        Err(Some(name)) => {
            return Err(S3Error::new(
                501,
                "NotImplemented",
                format!(
                    "{name} is an S3 operation this simulator does not model; it serves CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, ListBuckets, PutObject, GetObject, HeadObject, CopyObject, DeleteObject, DeleteObjects, ListObjectsV2, ListObjects and the bucket policy, tagging and notification configuration operations."
                ),
            ));
        }
        Err(None) => {
            return Err(S3Error::new(
                405,
                "MethodNotAllowed",
                format!(
                    "The specified method is not allowed against this resource: no S3 operation is {} on {}.",
                    request.method, request.path
                ),
            ));
        }
    };
    let mut body = request.body.clone();
    let mut trailers: Vec<(String, String)> = Vec::new();
    if is_aws_chunked(request) {
        let decoded = decode_aws_chunked(&body)?;
        if let Some(n) = request.header("x-amz-decoded-content-length")
            && n.trim().parse::<usize>().ok() != Some(decoded.body.len())
        {
            return Err(S3Error::new(
                400,
                "IncompleteBody",
                "You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header.",
            ));
        }
        body = decoded.body;
        trailers = decoded.trailers;
    }
    let header = |name: &str| -> Option<String> {
        request.header(name).map(str::to_owned).or_else(|| {
            trailers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
    };
    // Integrity: Content-MD5 and CRC32, as S3 checks them.
    if let Some(md5_b64) = header("content-md5") {
        let ok = base64::decode(md5_b64.trim())
            .is_some_and(|d| d.as_slice() == md5::digest(&body).as_slice());
        if !ok {
            return Err(S3Error::new(
                400,
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
            ));
        }
    }
    let crc32 = header("x-amz-checksum-crc32");
    if let Some(sent) = &crc32 {
        let have = base64::encode(&crc32_of(&body).to_be_bytes());
        if sent.trim() != have {
            return Err(S3Error::new(
                400,
                "BadDigest",
                "The CRC32 you specified did not match the calculated checksum.",
            ));
        }
    }
    let url_encoded = query.get("encoding-type").map(String::as_str) == Some("url");
    if let Some(e) = query.get("encoding-type")
        && e != "url"
    {
        return Err(S3Error::new(
            400,
            "InvalidArgument",
            "Invalid Encoding Method specified in Request",
        ));
    }
    let mut input = Map::new();
    let shape = op.input.as_deref().and_then(|s| table.shapes.get(s));
    for member in shape.map(|s| s.members.as_slice()).unwrap_or_default() {
        let name = member.traits.name.as_deref().unwrap_or(&member.name);
        let kind = table
            .shapes
            .get(&member.shape)
            .map_or("string", |s| s.kind.as_str());
        let value = if op.payload.as_deref() == Some(member.name.as_str()) {
            payload_value(table, &member.shape, kind, &body)?
        } else {
            match member.traits.loc.as_deref() {
                Some("uri") if member.name == "Bucket" => bucket.clone().map(Value::String),
                Some("uri") if member.name == "Key" => key.clone().map(Value::String),
                Some("querystring") => {
                    query.get(name).map(|t| scalar(kind, name, t)).transpose()?
                }
                Some("header") => {
                    let text = header(&name.to_ascii_lowercase());
                    let text = match (member.name.as_str(), text) {
                        // aws-chunked is framing, not the object's encoding.
                        ("ContentEncoding", Some(t)) => {
                            let rest: Vec<&str> = t
                                .split(',')
                                .map(str::trim)
                                .filter(|e| !e.eq_ignore_ascii_case("aws-chunked") && !e.is_empty())
                                .collect();
                            Some(rest.join(",")).filter(|r| !r.is_empty())
                        }
                        ("CopySource", Some(t)) => Some(percent_decode(&t)?),
                        (_, t) => t,
                    };
                    text.map(|t| scalar(kind, name, &t)).transpose()?
                }
                Some("headers") => {
                    let prefix = name.to_ascii_lowercase();
                    let map: Map<String, Value> = request
                        .headers
                        .iter()
                        .filter_map(|(n, v)| {
                            n.strip_prefix(&prefix)
                                .map(|k| (k.to_owned(), Value::String(v.clone())))
                        })
                        .collect();
                    (!map.is_empty()).then_some(Value::Object(map))
                }
                _ => None,
            }
        };
        let Some(value) = value else { continue };
        if TRANSPORT.contains(&member.name.as_str()) {
            continue;
        }
        input.insert(member.name.clone(), value);
    }
    Ok(S3Call {
        action: action.to_owned(),
        op,
        input: Value::Object(input),
        bucket,
        key,
        head,
        url_encoded,
    })
}

fn scalar(kind: &str, name: &str, text: &str) -> Result<Value, S3Error> {
    let bad = |what: &str| {
        S3Error::new(
            400,
            "InvalidArgument",
            format!("{name} must be {what}, not '{text}'."),
        )
    };
    Ok(match kind {
        "integer" | "long" => {
            Value::from(text.trim().parse::<i64>().map_err(|_| bad("an integer"))?)
        }
        "boolean" => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        _ => Value::String(text.to_owned()),
    })
}

fn payload_value(
    table: &ServiceTable,
    shape: &str,
    kind: &str,
    body: &[u8],
) -> Result<Option<Value>, S3Error> {
    match kind {
        // A blob: text as a string, other bytes as the engine's
        // `{"Base64": …}` (engine/src/s3 `Blob`).
        "blob" => Ok(Some(match std::str::from_utf8(body) {
            Ok(text) => Value::String(text.to_owned()),
            Err(_) => serde_json::json!({"Base64": base64::encode(body)}),
        })),
        "string" => {
            let text = std::str::from_utf8(body).map_err(|_| {
                S3Error::new(
                    400,
                    "InvalidArgument",
                    "The request body must be UTF-8 text.",
                )
            })?;
            Ok(Some(Value::String(text.to_owned())))
        }
        "structure" => {
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(None);
            }
            let root = xml::parse(body).map_err(|why| malformed(&why))?;
            structure_from_xml(table, shape, &root).map(Some)
        }
        _ => Ok(None),
    }
}

fn malformed(why: &str) -> S3Error {
    S3Error::new(
        400,
        "MalformedXML",
        format!(
            "The XML you provided was not well-formed or did not validate against our published schema ({why})."
        ),
    )
}

fn structure_from_xml(
    table: &ServiceTable,
    shape_name: &str,
    element: &xml::Element,
) -> Result<Value, S3Error> {
    let shape = table
        .shapes
        .get(shape_name)
        .ok_or_else(|| malformed(&format!("no shape {shape_name}")))?;
    let mut out = Map::new();
    let names: Vec<(String, &super::MemberTable, &ShapeTable)> = shape
        .members
        .iter()
        .filter_map(|m| {
            let ms = table.shapes.get(&m.shape)?;
            let flat = m.traits.flat || ms.flat;
            let name = match (ms.kind.as_str(), flat, &ms.member_name) {
                ("list", true, Some(item)) => item.clone(),
                _ => m.traits.name.clone().unwrap_or_else(|| m.name.clone()),
            };
            Some((name, m, ms))
        })
        .collect();
    for child in &element.children {
        let Some((_, member, member_shape)) = names.iter().find(|(n, _, _)| *n == child.name)
        else {
            return Err(malformed(&format!(
                "<{}> has no element <{}>",
                element.name, child.name
            )));
        };
        let flat = member.traits.flat || member_shape.flat;
        let value = value_from_xml(table, &member.shape, member_shape, child)?;
        if member_shape.kind == "list" && flat {
            let list = out
                .entry(member.name.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let (Value::Array(items), Value::Array(mut more)) = (list, value) {
                items.append(&mut more);
            }
        } else {
            out.insert(member.name.clone(), value);
        }
    }
    Ok(Value::Object(out))
}

fn value_from_xml(
    table: &ServiceTable,
    shape_name: &str,
    shape: &ShapeTable,
    element: &xml::Element,
) -> Result<Value, S3Error> {
    match shape.kind.as_str() {
        "structure" => structure_from_xml(table, shape_name, element),
        "list" => {
            let member = shape.member.as_deref().unwrap_or_default();
            let member_shape = table
                .shapes
                .get(member)
                .ok_or_else(|| malformed(&format!("no shape {member}")))?;
            if shape.flat {
                return Ok(Value::Array(vec![value_from_xml(
                    table,
                    member,
                    member_shape,
                    element,
                )?]));
            }
            let item = shape.member_name.as_deref().unwrap_or("member");
            let mut items = Vec::new();
            for child in &element.children {
                if child.name != item {
                    return Err(malformed(&format!(
                        "<{}> holds <{item}> elements, not <{}>",
                        element.name, child.name
                    )));
                }
                items.push(value_from_xml(table, member, member_shape, child)?);
            }
            Ok(Value::Array(items))
        }
        kind => {
            if !element.children.is_empty() {
                return Err(malformed(&format!("<{}> holds text", element.name)));
            }
            scalar(kind, &element.name, element.text.trim()).map_err(|e| malformed(&e.message))
        }
    }
}

/// A decoded `aws-chunked` body and its trailers (lower-case names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunked {
    pub body: Vec<u8>,
    pub trailers: Vec<(String, String)>,
}

fn is_aws_chunked(request: &Request) -> bool {
    request.header("content-encoding").is_some_and(|e| {
        e.split(',')
            .any(|p| p.trim().eq_ignore_ascii_case("aws-chunked"))
    }) || request
        .header("x-amz-content-sha256")
        .is_some_and(|s| s.starts_with("STREAMING-"))
}

/// Decodes an `aws-chunked` body: `hex-size[;chunk-signature=…]\r\n`,
/// the bytes, `\r\n`, …, a zero-size chunk, then trailer lines
/// (`x-amz-checksum-crc32:…`, `x-amz-trailer-signature:…`) and a blank
/// line. A bad size, a chunk shorter than it says, or a missing CRLF is
/// `IncompleteBody`/`InvalidRequest`, never a panic.
pub fn decode_aws_chunked(raw: &[u8]) -> Result<Chunked, S3Error> {
    let incomplete = || {
        S3Error::new(
            400,
            "IncompleteBody",
            "The request body ended before the aws-chunked encoding said it would.",
        )
    };
    let bad = |why: &str| {
        S3Error::new(
            400,
            "InvalidRequest",
            format!("The aws-chunked body is malformed: {why}."),
        )
    };
    let mut body = Vec::new();
    let mut at = 0usize;
    let line = |at: &mut usize| -> Option<&[u8]> {
        let rest = raw.get(*at..)?;
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        let l = &rest[..end];
        *at += end + 2;
        Some(l)
    };
    loop {
        let size_line = line(&mut at).ok_or_else(incomplete)?;
        let size_text = std::str::from_utf8(size_line).map_err(|_| bad("a size is not text"))?;
        let size_hex = size_text.split(';').next().unwrap_or_default().trim();
        if size_hex.is_empty() || size_hex.len() > 8 {
            return Err(bad(&format!("bad chunk size '{size_hex}'")));
        }
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| bad(&format!("bad chunk size '{size_hex}'")))?;
        if size == 0 {
            break;
        }
        let end = at.checked_add(size).ok_or_else(incomplete)?;
        let chunk = raw.get(at..end).ok_or_else(incomplete)?;
        body.extend_from_slice(chunk);
        at = end;
        match raw.get(at..at + 2) {
            Some(b"\r\n") => at += 2,
            Some(_) => return Err(bad("a chunk is longer than its size")),
            None => return Err(incomplete()),
        }
    }
    let mut trailers = Vec::new();
    while at < raw.len() {
        let Some(l) = line(&mut at) else {
            // A last trailer without its CRLF.
            let l = &raw[at..];
            at = raw.len();
            push_trailer(&mut trailers, l).map_err(|w| bad(&w))?;
            continue;
        };
        if l.is_empty() {
            break;
        }
        push_trailer(&mut trailers, l).map_err(|w| bad(&w))?;
    }
    Ok(Chunked { body, trailers })
}

fn push_trailer(trailers: &mut Vec<(String, String)>, line: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(line).map_err(|_| "a trailer is not text".to_owned())?;
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("malformed trailer '{text}'"))?;
    trailers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    Ok(())
}

/// CRC-32 (IEEE, as `x-amz-checksum-crc32`).
pub fn crc32_of(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The root element S3 gives an operation's XML answer.
fn root_name(action: &str, shape: &str) -> String {
    match action {
        "ListBuckets" => "ListAllMyBucketsResult".into(),
        "ListObjectsV2" | "ListObjects" => "ListBucketResult".into(),
        "DeleteObjects" => "DeleteResult".into(),
        "GetBucketTagging" => "Tagging".into(),
        "GetBucketNotificationConfiguration" => "NotificationConfiguration".into(),
        _ => shape.strip_suffix("Output").unwrap_or(shape).to_owned(),
    }
}

fn epoch_ms(value: &Value) -> Option<u64> {
    value
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s * 1000.0).round() as u64)
}

/// The answer to a call the engine carried out.
pub fn answer(table: &ServiceTable, call: &S3Call, output: &Value, request_id: &str) -> Response {
    let mut output = output.clone();
    if call.url_encoded && (call.action == "ListObjectsV2" || call.action == "ListObjects") {
        url_encode_listing(&mut output);
    }
    let shape_name = call.op.output.as_deref().unwrap_or_default();
    let shape = table.shapes.get(shape_name);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut content_type = "application/xml".to_owned();
    let mut length = None;
    let mut body: Vec<u8> = Vec::new();
    let mut xml_members = Map::new();
    for member in shape.map(|s| s.members.as_slice()).unwrap_or_default() {
        let Some(v) = output.get(&member.name).filter(|v| !v.is_null()) else {
            continue;
        };
        let name = member.traits.name.as_deref().unwrap_or(&member.name);
        let kind = table
            .shapes
            .get(&member.shape)
            .map_or("string", |s| s.kind.as_str());
        if call.op.output_payload.as_deref() == Some(member.name.as_str()) {
            match (kind, v) {
                ("structure", _) => {
                    body = xml_document(
                        &member.traits.name.clone().unwrap_or(member.name.clone()),
                        &query::encode_members(table, &member.shape, v),
                    );
                }
                ("blob", Value::Object(o)) => {
                    body = o
                        .get("Base64")
                        .and_then(Value::as_str)
                        .and_then(base64::decode)
                        .unwrap_or_default();
                }
                (_, Value::String(s)) => {
                    body = s.clone().into_bytes();
                    if call.action == "GetBucketPolicy" {
                        content_type = "application/json".into();
                    }
                }
                _ => {}
            }
            continue;
        }
        match member.traits.loc.as_deref() {
            Some("header") => {
                let text = match (kind, v) {
                    ("timestamp", v) => epoch_ms(v).map(time::http_date),
                    (_, Value::String(s)) => Some(s.clone()),
                    (_, Value::Bool(b)) => Some(b.to_string()),
                    (_, Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                let Some(text) = text else { continue };
                match member.name.as_str() {
                    "ContentType" => content_type = text,
                    "ContentLength" => length = text.parse::<u64>().ok(),
                    _ => headers.push((name.to_owned(), text)),
                }
            }
            Some("headers") => {
                if let Some(map) = v.as_object() {
                    for (k, v) in map {
                        if let Some(s) = v.as_str() {
                            headers.push((format!("{name}{k}"), s.to_owned()));
                        }
                    }
                }
            }
            Some(_) => {}
            None => {
                xml_members.insert(member.name.clone(), v.clone());
            }
        }
    }
    if call.action == "GetBucketLocation" {
        // The Region is the root element's text, empty for us-east-1 (S3
        // API reference; botocore reads the root's text).
        let region = output
            .get("LocationConstraint")
            .and_then(Value::as_str)
            .unwrap_or_default();
        body = xml_document("LocationConstraint", &query::escape(region));
    } else if body.is_empty() && !xml_members.is_empty() {
        body = xml_document(
            &root_name(&call.action, shape_name),
            &query::encode_members(table, shape_name, &Value::Object(xml_members)),
        );
    }
    let status = call.op.status.unwrap_or(200);
    let mut r = Response::new(status, &content_type, Vec::new());
    if call.head {
        r.head_length = Some(length.unwrap_or(0));
    } else {
        r.body = body;
    }
    r.headers = headers;
    push_ids(&mut r, request_id);
    r
}

fn url_encode_listing(output: &mut Value) {
    for field in ["Prefix", "Delimiter", "StartAfter", "Marker", "NextMarker"] {
        if let Some(Value::String(s)) = output.get_mut(field) {
            *s = percent_encode(s);
        }
    }
    for (list, field) in [("Contents", "Key"), ("CommonPrefixes", "Prefix")] {
        if let Some(Value::Array(items)) = output.get_mut(list) {
            for item in items {
                if let Some(Value::String(s)) = item.get_mut(field) {
                    *s = percent_encode(s);
                }
            }
        }
    }
    if let Some(o) = output.as_object_mut() {
        o.insert("EncodingType".into(), Value::String("url".into()));
    }
}

fn xml_document(root: &str, inner: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"{NAMESPACE}\">{inner}</{root}>"
    )
    .into_bytes()
}

fn push_ids(r: &mut Response, request_id: &str) {
    r.headers
        .push(("x-amz-request-id".into(), request_id.to_owned()));
    r.headers
        .push(("x-amz-id-2".into(), base64::encode(request_id.as_bytes())));
}

/// S3's HTTP status for an error code.
pub fn error_status(code: &str) -> u16 {
    match code {
        "NoSuchBucket" | "NoSuchKey" | "NoSuchBucketPolicy" | "NoSuchTagSet" | "404" => 404,
        "BucketAlreadyExists" | "BucketAlreadyOwnedByYou" | "BucketNotEmpty" => 409,
        "AccessDenied" => 403,
        "UnsupportedFeatureException" | "NotImplemented" => 501,
        "MethodNotAllowed" => 405,
        _ => 400,
    }
}

/// An S3 error: XML with the bucket or key it is about; a HEAD request's
/// has no body.
pub fn error(
    err: &S3Error,
    bucket: Option<&str>,
    key: Option<&str>,
    head: bool,
    request_id: &str,
) -> Response {
    let code = match err.code.as_str() {
        // The engine's name for a parameter or feature it does not model.
        "UnsupportedFeatureException" => "NotImplemented",
        c => c,
    };
    let mut r = Response::new(err.status, "application/xml", Vec::new());
    if !head {
        let about = match code {
            "NoSuchKey" => key.map(|k| format!("<Key>{}</Key>", query::escape(k))),
            "NoSuchBucket"
            | "BucketAlreadyExists"
            | "BucketAlreadyOwnedByYou"
            | "BucketNotEmpty"
            | "NoSuchBucketPolicy"
            | "NoSuchTagSet"
            | "InvalidBucketName" => {
                bucket.map(|b| format!("<BucketName>{}</BucketName>", query::escape(b)))
            }
            _ => None,
        }
        .unwrap_or_default();
        r.body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>{about}<RequestId>{}</RequestId><HostId>{}</HostId></Error>",
            query::escape(code),
            query::escape(&err.message),
            query::escape(request_id),
            base64::encode(request_id.as_bytes()),
        )
        .into_bytes();
    } else {
        r.head_length = Some(0);
    }
    push_ids(&mut r, request_id);
    r
}

/// A small XML reader for request payloads: elements, text, entities,
/// attributes and namespaces skipped, the declaration and comments
/// ignored.
pub mod xml {
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Element {
        /// The local name (any `prefix:` dropped).
        pub name: String,
        pub children: Vec<Element>,
        pub text: String,
    }

    /// Most nesting accepted.
    const MAX_DEPTH: usize = 32;

    pub fn parse(bytes: &[u8]) -> Result<Element, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
        let mut p = Parser { s: text, at: 0 };
        p.skip_prolog()?;
        let root = p.element(0)?;
        p.skip_misc()?;
        if p.at != p.s.len() {
            return Err("text after the root element".into());
        }
        Ok(root)
    }

    struct Parser<'a> {
        s: &'a str,
        at: usize,
    }

    impl Parser<'_> {
        fn rest(&self) -> &str {
            &self.s[self.at..]
        }

        fn skip_ws(&mut self) {
            let n = self.rest().len() - self.rest().trim_start().len();
            self.at += n;
        }

        fn skip_until(&mut self, end: &str) -> Result<(), String> {
            let i = self
                .rest()
                .find(end)
                .ok_or_else(|| format!("no closing '{end}'"))?;
            self.at += i + end.len();
            Ok(())
        }

        fn skip_misc(&mut self) -> Result<(), String> {
            loop {
                self.skip_ws();
                if self.rest().starts_with("<?") {
                    self.skip_until("?>")?;
                } else if self.rest().starts_with("<!--") {
                    self.skip_until("-->")?;
                } else {
                    return Ok(());
                }
            }
        }

        fn skip_prolog(&mut self) -> Result<(), String> {
            self.at += self.rest().len() - self.rest().trim_start_matches('\u{feff}').len();
            self.skip_misc()?;
            if self.rest().starts_with("<!") {
                return Err("a DOCTYPE is not accepted".into());
            }
            Ok(())
        }

        fn element(&mut self, depth: usize) -> Result<Element, String> {
            if depth > MAX_DEPTH {
                return Err("nested too deeply".into());
            }
            if !self.rest().starts_with('<') {
                return Err("expected an element".into());
            }
            self.at += 1;
            let end = self
                .rest()
                .find(['>', ' ', '\t', '\n', '\r', '/'])
                .ok_or("an unclosed tag")?;
            let qname = self.rest()[..end].to_owned();
            if qname.is_empty() {
                return Err("an element without a name".into());
            }
            self.at += end;
            // Attributes (xmlns and the like) are skipped.
            let close = self.rest().find('>').ok_or("an unclosed tag")?;
            let self_closing = self.rest()[..close].ends_with('/');
            self.at += close + 1;
            let name = qname.rsplit(':').next().unwrap_or(&qname).to_owned();
            let mut el = Element {
                name,
                ..Element::default()
            };
            if self_closing {
                return Ok(el);
            }
            loop {
                let lt = self.rest().find('<').ok_or("an unclosed element")?;
                el.text.push_str(&unescape(&self.rest()[..lt])?);
                self.at += lt;
                if self.rest().starts_with("</") {
                    self.at += 2;
                    let gt = self.rest().find('>').ok_or("an unclosed end tag")?;
                    if self.rest()[..gt].trim() != qname {
                        return Err(format!("</{}> closes <{qname}>", self.rest()[..gt].trim()));
                    }
                    self.at += gt + 1;
                    return Ok(el);
                }
                if self.rest().starts_with("<!--") {
                    self.skip_until("-->")?;
                    continue;
                }
                if self.rest().starts_with("<![CDATA[") {
                    self.at += 9;
                    let i = self.rest().find("]]>").ok_or("an unclosed CDATA")?;
                    el.text.push_str(&self.rest()[..i]);
                    self.at += i + 3;
                    continue;
                }
                if self.rest().starts_with("<?") || self.rest().starts_with("<!") {
                    return Err("unexpected markup".into());
                }
                let child = self.element(depth + 1)?;
                el.children.push(child);
            }
        }
    }

    fn unescape(text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            rest = &rest[i + 1..];
            let semi = rest.find(';').ok_or("an unterminated entity")?;
            let entity = &rest[..semi];
            let c = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                e => {
                    let n = if let Some(h) = e.strip_prefix("#x") {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = e.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    n.and_then(char::from_u32)
                        .ok_or_else(|| format!("unknown entity &{e};"))?
                }
            };
            out.push(c);
            rest = &rest[semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bucket_in_virtual_hosts() {
        assert_eq!(virtual_bucket("notes.localhost:4566"), Some("notes"));
        assert_eq!(virtual_bucket("a.b.localhost"), Some("a.b"));
        assert_eq!(virtual_bucket("notes.s3.amazonaws.com"), Some("notes"));
        assert_eq!(
            virtual_bucket("notes.s3.us-east-1.amazonaws.com"),
            Some("notes")
        );
        assert_eq!(virtual_bucket("s3.amazonaws.com"), None);
        assert_eq!(virtual_bucket("127.0.0.1:4566"), None);
        assert_eq!(virtual_bucket("localhost:4566"), None);
        assert_eq!(virtual_bucket(".localhost"), None);
    }

    #[test]
    fn decodes_aws_chunked_bodies_with_trailers() {
        let raw = b"5;chunk-signature=abc\r\nhello\r\n3;chunk-signature=def\r\n\x00\xff!\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:sig\r\n\r\n";
        let c = decode_aws_chunked(raw).unwrap();
        assert_eq!(c.body, b"hello\x00\xff!");
        assert_eq!(
            c.trailers,
            vec![
                ("x-amz-checksum-crc32".to_owned(), "AAAAAA==".to_owned()),
                ("x-amz-trailer-signature".to_owned(), "sig".to_owned())
            ]
        );
        // Unsigned (STREAMING-UNSIGNED-PAYLOAD-TRAILER): sizes alone, a
        // last trailer without its CRLF.
        let c = decode_aws_chunked(b"2\r\nhi\r\n0\r\nx-amz-checksum-crc32:x").unwrap();
        assert_eq!(c.body, b"hi");
        assert_eq!(c.trailers.len(), 1);
        assert_eq!(decode_aws_chunked(b"0\r\n").unwrap().body, b"");
    }

    #[test]
    fn malformed_aws_chunked_bodies_are_s3_errors() {
        for (raw, code) in [
            (&b""[..], "IncompleteBody"),
            (b"zz\r\nhello\r\n0\r\n\r\n", "InvalidRequest"),
            (b";sig=1\r\n0\r\n", "InvalidRequest"),
            (b"123456789\r\n", "InvalidRequest"),
            (b"5\r\nhel", "IncompleteBody"),
            (b"ffffffff\r\nhello\r\n", "IncompleteBody"),
            (b"2\r\nhello\r\n0\r\n\r\n", "InvalidRequest"),
            (b"5\r\nhello", "IncompleteBody"),
            (b"5\r\nhello\r\n", "IncompleteBody"),
            (b"0\r\nno colon\r\n\r\n", "InvalidRequest"),
            (b"\xff\xfe\r\n", "InvalidRequest"),
        ] {
            let e = decode_aws_chunked(raw).unwrap_err();
            assert_eq!(e.code, code, "{raw:?}");
            assert_eq!(e.status, 400);
        }
        // Nothing panics on arbitrary bytes.
        let mut seed = 7u64;
        for _ in 0..2_000 {
            let len = (seed % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let alphabet = b"0123456789abcdef;=\r\n:<>/";
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let _ = decode_aws_chunked(&bytes);
            let _ = xml::parse(&bytes);
        }
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32_of(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32_of(b""), 0);
    }

    #[test]
    fn reads_xml_payloads() {
        let root = xml::parse(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a &amp; b</Key></Object><!-- c --><Object><Key><![CDATA[<c>]]></Key></Object><Quiet>true</Quiet></Delete>",
        )
        .unwrap();
        assert_eq!(root.name, "Delete");
        assert_eq!(root.children.len(), 3);
        assert_eq!(root.children[0].children[0].text, "a & b");
        assert_eq!(root.children[1].children[0].text, "<c>");
        assert_eq!(xml::parse(b"<a:B xmlns:a=\"x\"/>").unwrap().name, "B");
        for bad in [
            &b"<a><b></a>"[..],
            b"<a>",
            b"<a></a><b/>",
            b"text",
            b"<a>&bogus;</a>",
            b"<!DOCTYPE a><a/>",
            b"<>",
            b"",
        ] {
            assert!(xml::parse(bad).is_err(), "{bad:?}");
        }
        let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert!(xml::parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn url_encodes_listings_as_s3_does() {
        assert_eq!(percent_encode("docs/a b+c.txt"), "docs/a%20b%2Bc.txt");
        assert_eq!(percent_encode("é"), "%C3%A9");
        let mut out = serde_json::json!({"Prefix": "a b/", "Contents": [{"Key": "a b/c"}],
            "CommonPrefixes": [{"Prefix": "a b/d/"}]});
        url_encode_listing(&mut out);
        assert_eq!(out["Contents"][0]["Key"], "a%20b/c");
        assert_eq!(out["CommonPrefixes"][0]["Prefix"], "a%20b/d/");
        assert_eq!(out["EncodingType"], "url");
    }
}
