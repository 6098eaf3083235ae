//! `aws s3 …`: the AWS CLI's high-level S3 commands
//! (awscli/customizations/s3), in their common forms, built on the
//! engine's S3 API as the AWS CLI builds them on botocore's, printing what
//! it prints:
//!
//! - `mb s3://b` (CreateBucket; `make_bucket: b`), `rb s3://b [--force]`
//!   (`--force` removes every object first; `remove_bucket: b`);
//! - `ls` (the buckets: `DATE TIME NAME`), `ls s3://b[/prefix]`
//!   (ListObjectsV2 with `Delimiter /`: `PRE name/` lines, then
//!   `DATE TIME SIZE NAME`; exit 1 when a prefix matched nothing),
//!   `ls s3://b[/prefix] --recursive` (every key in full), with
//!   `--human-readable` sizes and a `--summarize` total;
//! - `cp` local→s3 (PutObject, with the content type guessed from the
//!   extension, as Python's `mimetypes` does for the common ones), s3→local
//!   (HeadObject, then GetObject into the file), s3→s3 (CopyObject), `-`
//!   as the source (standard input) or the destination (standard output);
//!   a destination ending in `/` (or `.` for a local one) takes the
//!   source's file name;
//! - `rm s3://b/k` (DeleteObject; `delete: s3://b/k`), `rm s3://b/prefix
//!   --recursive`.
//!
//! Errors as the AWS CLI prints them: `make_bucket failed: s3://b An error
//! occurred (…)`, `upload failed: … to …`, `fatal error: …`, exit 1; a
//! local file that is not there: `The user-provided path … does not
//! exist.`, exit 255. Dates are the sandbox's clock, UTC. Other options
//! (`--exclude`, `--acl`, `--dryrun`, …) and commands (`sync`, `mv`,
//! `presign`, `website`) are said to be not simulated.

use crate::{Outcome, exit, plain_error, printed};
use serde_json::{Value, json};
use stevedore_engine::base::time::iso8601_python;
use stevedore_engine::{Command, Input, Service, Sim};

const USAGE_LS: &str = "usage: aws s3 ls [<S3Uri>] [--recursive]";
/// The AWS CLI's return code when a transfer or bucket command fails.
const FAILED: i32 = 1;
/// `ls` with a prefix that matched nothing.
const NOTHING_LISTED: i32 = 1;
/// A bad local path (the CLI's general error).
const GENERAL: i32 = 255;

/// A service error as botocore words it.
fn error_text(operation: &str, code: &str, message: &str) -> String {
    format!("An error occurred ({code}) when calling the {operation} operation: {message}")
}

/// The account, and the last API call that succeeded (the outcome's
/// `operation` and `response`: a command that changed the account says
/// which call did).
struct Client<'a> {
    sim: &'a mut Sim,
    last: Option<(&'static str, Value)>,
}

impl Client<'_> {
    fn file(&self, path: &str) -> Option<&str> {
        self.sim.file(path)
    }
}

/// Calls an S3 API operation; `Err` is botocore's error text.
fn api(c: &mut Client, operation: &str, input: Value) -> Result<Value, String> {
    let command = Command::from_json(Service::S3, operation, input)
        .map_err(|e| error_text(operation, e.code.as_str(), &e.message))?;
    let name = command.operation();
    let body = c
        .sim
        .apply(Input::Api(command))
        .api()
        .map(|r| r.to_json())
        .map_err(|e| error_text(operation, e.code.as_str(), &e.message))?;
    c.last = Some((name, body.clone()));
    Ok(body)
}

/// `s3://bucket/key` → (bucket, key); `None` if it is not an S3 URI.
fn split_uri(uri: &str) -> Option<(String, String)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    Some((bucket.to_owned(), key.to_owned()))
}

/// The AWS CLI's listing date, `2026-01-01 00:00:00`, from epoch seconds.
fn listing_date(value: &Value) -> String {
    let seconds = value.as_f64().unwrap_or(0.0);
    let iso = iso8601_python((seconds * 1_000_000.0) as i64);
    iso.get(..19).unwrap_or(&iso).replacen('T', " ", 1)
}

/// Python's `mimetypes.guess_type` for the common extensions; `None`:
/// S3's default (`binary/octet-stream`).
fn guess_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" => "text/plain",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "csv" => "text/csv",
        "js" => "text/javascript",
        "xml" => "text/xml",
        "md" => "text/markdown",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "sh" => "application/x-sh",
        _ => return None,
    })
}

/// A local path as the AWS CLI prints it (awscli's `relative_path`: the
/// directory relative to the working one, joined to the name), so a file
/// of the working directory is `./name`.
fn shown_path(path: &str) -> String {
    if path.contains('/') {
        path.to_owned()
    } else {
        format!("./{path}")
    }
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn failure(text: String, code: i32) -> Outcome {
    Outcome {
        stderr: format!("{text}\n"),
        exit_code: code,
        ..Outcome::default()
    }
}

fn not_simulated(what: &str) -> Outcome {
    plain_error(
        &format!(
            "aws: error: `aws s3 {what}` is not simulated yet. The simulator has: aws s3 mb, rb [--force], ls [--recursive], cp (one object; - for standard input or output), rm [--recursive]; and every aws s3api command it models."
        ),
        exit::USAGE,
    )
}

/// Runs `aws s3 <words>`; `stdin` is what a pipe or here-document fed it.
pub fn run(sim: &mut Sim, words: &[String], stdin: Option<&str>) -> Outcome {
    let Some((command, args)) = words.split_first() else {
        return plain_error(
            "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: the following arguments are required: operation",
            exit::USAGE,
        );
    };
    let mut flags: Vec<&str> = Vec::new();
    let mut paths: Vec<&str> = Vec::new();
    for a in args {
        if a.starts_with("--") {
            flags.push(a);
        } else {
            paths.push(a);
        }
    }
    let allowed: &[&str] = match command.as_str() {
        "ls" => &["--recursive", "--human-readable", "--summarize"],
        "rm" => &["--recursive"],
        "rb" => &["--force"],
        "mb" | "cp" => &[],
        "help" => return printed(help()),
        other => return not_simulated(other),
    };
    if let Some(flag) = flags.iter().find(|f| !allowed.contains(f)) {
        return not_simulated(&format!("{command} {flag}"));
    }
    let has = |f: &str| flags.contains(&f);
    let mut c = Client { sim, last: None };
    let mut out = match command.as_str() {
        "mb" => make_bucket(&mut c, &paths),
        "rb" => remove_bucket(&mut c, &paths, has("--force")),
        "ls" => list(
            &mut c,
            &paths,
            Listing {
                recursive: has("--recursive"),
                human: has("--human-readable"),
                summarize: has("--summarize"),
            },
        ),
        "cp" => copy(&mut c, &paths, stdin),
        "rm" => remove(&mut c, &paths, has("--recursive")),
        _ => not_simulated(command),
    };
    if let Some((operation, body)) = c.last {
        out.operation = Some(operation);
        out.response = Some(body);
    }
    out
}

fn help() -> String {
    "aws s3 <command> [<args>]\n\nCommands (simulated):\n  mb s3://BUCKET                      make a bucket\n  rb s3://BUCKET [--force]            remove a bucket (--force: its objects first)\n  ls [s3://BUCKET[/PREFIX]] [--recursive]\n                                      list buckets, or a bucket's objects\n  cp SOURCE DEST                      copy one file or object (local, s3://, or - for standard input/output)\n  rm s3://BUCKET/KEY [--recursive]    delete an object (or every key under a prefix)\n\nThe API itself: aws s3api help\n".to_owned()
}

#[allow(clippy::result_large_err)] // the error is the outcome to print
fn one_path<'a>(paths: &[&'a str], usage: &str) -> Result<&'a str, Outcome> {
    match paths {
        [p] => Ok(p),
        [] => Err(plain_error(
            &format!("{usage}\naws: error: the following arguments are required: paths"),
            exit::USAGE,
        )),
        [_, extra @ ..] => Err(plain_error(
            &format!("{usage}\naws: error: Unknown options: {}", extra.join(", ")),
            exit::USAGE,
        )),
    }
}

fn make_bucket(sim: &mut Client, paths: &[&str]) -> Outcome {
    let path = match one_path(paths, "usage: aws s3 mb <S3Uri>") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some((bucket, _)) = split_uri(path) else {
        return plain_error("<S3Uri>\nError: Invalid argument type", GENERAL);
    };
    let mut input = json!({"Bucket": bucket});
    let region = sim.sim.config().region.clone();
    if region != "us-east-1" {
        input["CreateBucketConfiguration"] = json!({"LocationConstraint": region});
    }
    match api(sim, "CreateBucket", input) {
        Ok(_) => printed(format!("make_bucket: {bucket}\n")),
        Err(e) => failure(format!("make_bucket failed: {path} {e}"), FAILED),
    }
}

fn remove_bucket(sim: &mut Client, paths: &[&str], force: bool) -> Outcome {
    let path = match one_path(paths, "usage: aws s3 rb <S3Uri> [--force]") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some((bucket, key)) = split_uri(path) else {
        return plain_error("<S3Uri>\nError: Invalid argument type", GENERAL);
    };
    if !key.is_empty() {
        return plain_error(
            &format!("\nPlease specify a valid bucket name only. E.g. s3://{bucket}"),
            GENERAL,
        );
    }
    let mut out = Outcome::default();
    if force {
        let removed = remove(sim, &[&format!("s3://{bucket}/")], true);
        out.stdout.push_str(&removed.stdout);
        if removed.exit_code != 0 {
            out.stderr.push_str(&removed.stderr);
            out.stderr.push_str(
                "remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.\n",
            );
            out.exit_code = FAILED;
            return out;
        }
    }
    match api(sim, "DeleteBucket", json!({"Bucket": bucket})) {
        Ok(_) => out.stdout.push_str(&format!("remove_bucket: {bucket}\n")),
        Err(e) => {
            out.stderr
                .push_str(&format!("remove_bucket failed: {path} {e}\n"));
            out.exit_code = FAILED;
        }
    }
    out
}

/// Every page of ListObjectsV2 for `bucket`/`prefix`.
fn list_pages(
    sim: &mut Client,
    bucket: &str,
    prefix: &str,
    delimiter: bool,
) -> Result<Vec<Value>, String> {
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({"Bucket": bucket, "Prefix": prefix});
        if delimiter {
            input["Delimiter"] = json!("/");
        }
        if let Some(t) = &token {
            input["ContinuationToken"] = json!(t);
        }
        let page = api(sim, "ListObjectsV2", input)?;
        token = page["NextContinuationToken"].as_str().map(str::to_owned);
        pages.push(page);
        if token.is_none() {
            return Ok(pages);
        }
    }
}

/// `ls`'s switches.
#[derive(Clone, Copy)]
struct Listing {
    recursive: bool,
    human: bool,
    summarize: bool,
}

/// awscli's `human_readable_size`: `1 Byte`, `N Bytes`, then `%.1f KiB`
/// and up.
pub fn human_size(bytes: u64) -> String {
    const SUFFIXES: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let value = bytes as f64;
    if bytes == 1 {
        return "1 Byte".to_owned();
    }
    if bytes < 1024 {
        return format!("{bytes} Bytes");
    }
    for (i, suffix) in SUFFIXES.iter().enumerate() {
        let unit = 1024f64.powi(i as i32 + 2);
        if ((value / unit) * 1024.0).round() < 1024.0 {
            return format!("{:.1} {suffix}", 1024.0 * value / unit);
        }
    }
    format!("{:.1} EiB", value / 1024f64.powi(6))
}

fn list(sim: &mut Client, paths: &[&str], how: Listing) -> Outcome {
    let recursive = how.recursive;
    let path = match paths {
        [] => "s3://",
        [p] => p,
        [_, extra @ ..] => {
            return plain_error(
                &format!(
                    "{USAGE_LS}\naws: error: Unknown options: {}",
                    extra.join(", ")
                ),
                exit::USAGE,
            );
        }
    };
    let path = path.strip_prefix("s3://").unwrap_or(path);
    let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
    let mut text = String::new();
    if bucket.is_empty() {
        return match api(sim, "ListBuckets", json!({})) {
            Ok(body) => {
                for b in body["Buckets"].as_array().into_iter().flatten() {
                    text.push_str(&format!(
                        "{} {}\n",
                        listing_date(&b["CreationDate"]),
                        b["Name"].as_str().unwrap_or_default()
                    ));
                }
                printed(text)
            }
            Err(e) => failure(format!("\n{e}"), exit::SERVICE),
        };
    }
    let pages = match list_pages(sim, bucket, key, !recursive) {
        Ok(p) => p,
        Err(e) => return failure(format!("\n{e}"), exit::SERVICE),
    };
    let mut listed = false;
    let (mut objects, mut bytes) = (0u64, 0u64);
    for page in &pages {
        for p in page["CommonPrefixes"].as_array().into_iter().flatten() {
            let prefix = p["Prefix"].as_str().unwrap_or_default();
            let parts: Vec<&str> = prefix.split('/').collect();
            let name = parts
                .get(parts.len().saturating_sub(2))
                .copied()
                .unwrap_or("");
            text.push_str(&format!("{:>30} {name}/\n", "PRE"));
            listed = true;
        }
        for o in page["Contents"].as_array().into_iter().flatten() {
            let key = o["Key"].as_str().unwrap_or_default();
            let name = if recursive { key } else { base_name(key) };
            let size = o["Size"].as_u64().unwrap_or(0);
            let shown = if how.human {
                human_size(size)
            } else {
                size.to_string()
            };
            text.push_str(&format!(
                "{:<19} {:>10} {name}\n",
                listing_date(&o["LastModified"]),
                shown
            ));
            objects += 1;
            bytes += size;
            listed = true;
        }
    }
    if how.summarize {
        let total = if how.human {
            human_size(bytes)
        } else {
            bytes.to_string()
        };
        text.push_str(&format!(
            "\nTotal Objects: {objects}\n{:>15}{total}\n",
            "Total Size: "
        ));
    }
    let mut out = printed(text);
    if !key.is_empty() && !listed {
        out.exit_code = NOTHING_LISTED;
    }
    out
}

/// One end of a copy.
enum End {
    Local(String),
    S3(String, String),
    Stream,
}

fn end_of(path: &str) -> End {
    if path == "-" {
        End::Stream
    } else if let Some((b, k)) = split_uri(path) {
        End::S3(b, k)
    } else {
        End::Local(path.to_owned())
    }
}

fn copy(sim: &mut Client, paths: &[&str], stdin: Option<&str>) -> Outcome {
    let [src, dest] = paths else {
        return plain_error(
            "usage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\naws: error: the following arguments are required: paths",
            exit::USAGE,
        );
    };
    let (from, to) = (end_of(src), end_of(dest));
    // A destination ending in `/` (or a local `.`) takes the source's name.
    let named = |dest_key: &str, src_name: &str| -> String {
        if dest_key.is_empty() || dest_key.ends_with('/') {
            format!("{dest_key}{src_name}")
        } else {
            dest_key.to_owned()
        }
    };
    match (from, to) {
        (End::Local(path), End::S3(bucket, key)) => {
            let Some(body) = sim.file(&path).map(str::to_owned) else {
                return failure(
                    format!("The user-provided path {path} does not exist."),
                    GENERAL,
                );
            };
            let key = named(&key, base_name(&path));
            let mut input = json!({"Bucket": bucket, "Key": key, "Body": body});
            if let Some(t) = guess_type(&path) {
                input["ContentType"] = json!(t);
            }
            match api(sim, "PutObject", input) {
                Ok(_) => printed(format!(
                    "upload: {} to s3://{bucket}/{key}\n",
                    shown_path(&path)
                )),
                Err(e) => failure(
                    format!("upload failed: {path} to s3://{bucket}/{key} {e}"),
                    FAILED,
                ),
            }
        }
        (End::Stream, End::S3(bucket, key)) => {
            if key.is_empty() || key.ends_with('/') {
                return failure(
                    "fatal error: Streaming currently is only compatible with single file uploads and downloads (the destination needs a key)".to_owned(),
                    FAILED,
                );
            }
            let body = stdin.unwrap_or_default().to_owned();
            match api(
                sim,
                "PutObject",
                json!({"Bucket": bucket, "Key": key, "Body": body}),
            ) {
                Ok(_) => Outcome::default(),
                Err(e) => failure(
                    format!("upload failed: - to s3://{bucket}/{key} {e}"),
                    FAILED,
                ),
            }
        }
        (End::S3(bucket, key), to @ (End::Local(_) | End::Stream)) => {
            if key.is_empty() || key.ends_with('/') {
                return failure(
                    format!(
                        "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist"
                    ),
                    FAILED,
                );
            }
            let head = api(sim, "HeadObject", json!({"Bucket": bucket, "Key": key}));
            if let Err(e) = head {
                let e = if e.contains("(404)") {
                    format!(
                        "An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist"
                    )
                } else {
                    e
                };
                return failure(format!("fatal error: {e}"), FAILED);
            }
            let got = match api(sim, "GetObject", json!({"Bucket": bucket, "Key": key})) {
                Ok(v) => v,
                Err(e) => return failure(format!("fatal error: {e}"), FAILED),
            };
            let body = got["Body"].as_str().unwrap_or_default().to_owned();
            let End::Local(path) = to else {
                return printed(body);
            };
            let path = if path == "." || path.ends_with('/') {
                format!("{}{}", path.trim_end_matches('.'), base_name(&key))
            } else {
                path
            };
            match sim
                .sim
                .apply(Input::WriteFile {
                    path: path.clone(),
                    contents: body,
                })
                .file()
            {
                Ok(_) => printed(format!(
                    "download: s3://{bucket}/{key} to {}\n",
                    shown_path(&path)
                )),
                Err(e) => failure(
                    format!(
                        "download failed: s3://{bucket}/{key} to {path} {}",
                        e.message
                    ),
                    FAILED,
                ),
            }
        }
        (End::S3(sb, sk), End::S3(db, dk)) => {
            let dk = named(&dk, base_name(&sk));
            match api(
                sim,
                "CopyObject",
                json!({"Bucket": db, "Key": dk, "CopySource": format!("{sb}/{sk}")}),
            ) {
                Ok(_) => printed(format!("copy: s3://{sb}/{sk} to s3://{db}/{dk}\n")),
                Err(e) => failure(
                    format!("copy failed: s3://{sb}/{sk} to s3://{db}/{dk} {e}"),
                    FAILED,
                ),
            }
        }
        _ => plain_error(
            &format!(
                "usage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\nError: Invalid argument type: cp {src} {dest} (one side must be an s3:// URI; local copies are the shell's)"
            ),
            exit::USAGE,
        ),
    }
}

fn remove(sim: &mut Client, paths: &[&str], recursive: bool) -> Outcome {
    let path = match one_path(paths, "usage: aws s3 rm <S3Uri> [--recursive]") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some((bucket, key)) = split_uri(path) else {
        return plain_error("<S3Uri>\nError: Invalid argument type", GENERAL);
    };
    if !recursive {
        return match api(sim, "DeleteObject", json!({"Bucket": bucket, "Key": key})) {
            Ok(_) => printed(format!("delete: s3://{bucket}/{key}\n")),
            Err(e) => failure(format!("delete failed: s3://{bucket}/{key} {e}"), FAILED),
        };
    }
    let pages = match list_pages(sim, &bucket, &key, false) {
        Ok(p) => p,
        Err(e) => return failure(format!("fatal error: {e}"), FAILED),
    };
    let mut out = Outcome::default();
    for page in pages {
        for o in page["Contents"].as_array().into_iter().flatten() {
            let k = o["Key"].as_str().unwrap_or_default();
            match api(sim, "DeleteObject", json!({"Bucket": bucket, "Key": k})) {
                Ok(_) => out.stdout.push_str(&format!("delete: s3://{bucket}/{k}\n")),
                Err(e) => {
                    out.stderr
                        .push_str(&format!("delete failed: s3://{bucket}/{k} {e}\n"));
                    out.exit_code = FAILED;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_awscli_writes_them() {
        assert_eq!(human_size(0), "0 Bytes");
        assert_eq!(human_size(1), "1 Byte");
        assert_eq!(human_size(1023), "1023 Bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(1_048_576), "1.0 MiB");
        assert_eq!(human_size(262_144), "256.0 KiB");
    }
}
