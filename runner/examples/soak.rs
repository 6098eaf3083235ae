//! A soak of `stevedore serve` on 127.0.0.1 (not a timed test): one
//! in-process server, client threads sending a mix of well-formed AWS JSON,
//! query and ec2 requests, errors, malformed and oversized requests,
//! slowly dribbled requests, and idle connections; then it prints the
//! requests handled, the errors, latency percentiles and the process's
//! peak memory, and checks every request was answered with the status its
//! kind calls for and the server still answers after.
//!
//!     cargo run -p stevedore-runner --example soak [CLIENTS [REQUESTS]]
//!
//! Bounded in count and time: CLIENTS threads (default 16) of REQUESTS
//! requests each (default 300), every socket with a 10 s timeout.

// A report on the terminal is what this program is for.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use stevedore_engine::{Sim, SimConfig};
use stevedore_runner::endpoint::{ClockMode, Endpoint};
use stevedore_runner::http;

const ECS: &str = "AmazonEC2ContainerServiceV20141113";

/// What one request was: sent text, and whether a 2xx is expected.
fn request(client: usize, i: usize) -> (Vec<u8>, bool) {
    let json = |target: &str, body: &str| {
        format!(
            "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let form = |service: &str, body: &str| {
        format!(
            "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/{service}/aws4_request, Signature=0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    match i % 8 {
        0 => (
            json(
                &format!("{ECS}.CreateCluster"),
                &format!("{{\"clusterName\":\"c{client}-{i}\"}}"),
            ),
            true,
        ),
        1 => (json(&format!("{ECS}.ListClusters"), "{}"), true),
        2 => (
            form(
                "ec2",
                "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true",
            ),
            true,
        ),
        3 => (
            form(
                "iam",
                &format!("Action=GetRole&Version=2010-05-08&RoleName=nope{i}"),
            ),
            false,
        ),
        4 => (json(&format!("{ECS}.CreateCluster"), "{not json"), false),
        5 => (
            form(
                "sns",
                &format!("Action=CreateTopic&Version=2010-03-31&Name=t{client}-{i}"),
            ),
            true,
        ),
        6 => (b"GARBAGE\r\n\r\n".to_vec(), false),
        _ => (
            format!(
                "POST / HTTP/1.1\r\nX-Amz-Target: {ECS}.ListClusters\r\nContent-Length: {}\r\n\r\n",
                4 * 1024 * 1024
            )
            .into_bytes(),
            false,
        ),
    }
}

/// Sends one request on a new connection (slowly, a few bytes at a time,
/// when `slow`), returns the status.
fn send(addr: &str, raw: &[u8], slow: bool) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(10))).ok()?;
    if slow {
        for chunk in raw.chunks(16) {
            s.write_all(chunk).ok()?;
            std::thread::sleep(Duration::from_millis(2));
        }
    } else {
        s.write_all(raw).ok()?;
    }
    let mut reader = BufReader::new(s);
    let mut status = String::new();
    reader.read_line(&mut status).ok()?;
    let code = status.split(' ').nth(1)?.parse().ok()?;
    // The head, then exactly the body (the connection stays open).
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length: ") {
            length = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(code)
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let clients = args.first().copied().unwrap_or(16).clamp(1, 64);
    let per_client = args.get(1).copied().unwrap_or(300).clamp(1, 10_000);
    let Ok(listener) = TcpListener::bind("127.0.0.1:0") else {
        eprintln!("soak: cannot listen on 127.0.0.1");
        std::process::exit(1);
    };
    let Ok(addr) = listener.local_addr().map(|a| a.to_string()) else {
        std::process::exit(1);
    };
    let Ok(sim) = Sim::new(SimConfig::default()) else {
        std::process::exit(1);
    };
    std::thread::spawn(move || http::serve(listener, Endpoint::new(sim, ClockMode::Manual)));
    // Idle connections held through the whole soak.
    let idle: Vec<TcpStream> = (0..100)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut out = Vec::with_capacity(per_client);
                for i in 0..per_client {
                    let (raw, ok) = request(client, i);
                    let slow = i % 50 == 49;
                    let t = Instant::now();
                    let status = send(&addr, &raw, slow);
                    out.push((t.elapsed(), status, ok));
                }
                out
            })
        })
        .collect();
    let mut results = Vec::new();
    for w in workers {
        if let Ok(r) = w.join() {
            results.extend(r);
        }
    }
    let wall = start.elapsed();
    drop(idle);
    let mut latencies: Vec<Duration> = results.iter().map(|r| r.0).collect();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let answered = results.iter().filter(|r| r.1.is_some()).count();
    let unanswered = results.len() - answered;
    let aws_errors = results
        .iter()
        .filter(|r| r.1.is_some_and(|s| s >= 400))
        .count();
    let wrong = results
        .iter()
        .filter(|(_, status, ok)| status.is_some_and(|s| (s < 300) != *ok))
        .count();
    let created = results
        .iter()
        .enumerate()
        .filter(|(n, r)| (n % per_client) % 8 == 0 && r.1 == Some(200))
        .count();
    let list = send(
        &addr,
        format!("POST / HTTP/1.1\r\nX-Amz-Target: {ECS}.DescribeClusters\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes(),
        false,
    );
    println!(
        "soak: {clients} clients x {per_client} requests, 100 idle connections held, on {addr}"
    );
    println!(
        "  requests: {} in {:.1} s ({:.0}/s); answered {answered}, unanswered {unanswered}",
        results.len(),
        wall.as_secs_f64(),
        results.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "  errors: {aws_errors} answered 4xx/5xx on purpose (bad input, unknown names), {wrong} with an unexpected status"
    );
    println!(
        "  latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms (every 50th request dribbled 16 bytes per 2 ms)",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!(
        "  peak memory (VmHWM, server and clients in one process): {} KiB; clusters created: {created}; server still answers: {}",
        peak_memory_kib().unwrap_or(0),
        list == Some(200)
    );
    if unanswered > 0 || wrong > 0 || list != Some(200) {
        std::process::exit(1);
    }
}
