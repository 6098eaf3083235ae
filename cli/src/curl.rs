//! `curl …` from the learner's laptop on the internet (MODEL: 203.0.113.10,
//! `stevedore_engine::reach::LAPTOP_IP`) to an address in the simulated
//! account, through the engine's [`Sim::probe_http`]. Prints what curl 8.x
//! prints: the body on success; on failure curl's error line and exit code:
//!
//! - dropped by a security group, no route, unknown or private address:
//!   `curl: (28) Failed to connect to IP port P after N ms: Timeout was
//!   reached` with `-m`/`--connect-timeout` (curl/curl#18484 shows this
//!   line for `--connect-timeout 5`: "after 5006 ms"); without a timeout
//!   option the laptop's TCP stack gives up first (Linux: 6 SYN retries,
//!   MODEL 130 s) and curl says `… after 130000 ms: Couldn't connect to
//!   server`, still exit 28 (curl/curl#4462: ETIMEDOUT is
//!   CURLE_OPERATION_TIMEDOUT; spdk/spdk#3834 shows such a line);
//! - nothing listening: `curl: (7) Failed to connect to IP port P after N
//!   ms: Couldn't connect to server` (curl/curl#10863 trace, curl 8.x);
//! - accepted then reset: `curl: (56) Recv failure: Connection reset by
//!   peer`; closed without a reply: `curl: (52) Empty reply from server`.
//!
//! `-s` hides the error line (as curl does) unless `-S` is also given.
//! `-v` also prints the engine's hops as `* sim: …` lines. The probe is
//! instantaneous in simulated time: the clock does not move, whatever N
//! says.

use crate::Outcome;
use stevedore_engine::base::ipv4::{format_ipv4, parse_ipv4};
use stevedore_engine::reach::Probe;
use stevedore_engine::reach::{LAPTOP_IP, ProbeResult, ProbeSource, http_date};
use stevedore_engine::{Input, Sim};

/// curl's exit codes.
pub const CURLE_COULDNT_RESOLVE_HOST: i32 = 6;
pub const CURLE_COULDNT_CONNECT: i32 = 7;
pub const CURLE_HTTP_RETURNED_ERROR: i32 = 22;
pub const CURLE_OPERATION_TIMEDOUT: i32 = 28;
pub const CURLE_GOT_NOTHING: i32 = 52;
pub const CURLE_RECV_ERROR: i32 = 56;
/// curl's exit code for a bad command line.
pub const CURL_USAGE: i32 = 2;

/// MODEL: milliseconds the laptop's TCP stack waits for a SYN-ACK before it
/// gives up when curl has no timeout (Linux, tcp_syn_retries = 6: about
/// 127–134 s).
pub const KERNEL_CONNECT_TIMEOUT_MS: u64 = 130_000;
/// MODEL: a round trip from the laptop to us-east-1, the time a refused
/// connection takes.
pub const INTERNET_RTT_MS: u64 = 24;

const HELP: &str = "\
Simulated curl, from your laptop on the internet (203.0.113.10):
  curl [-s] [-S] [-f] [-i] [-I] [-v] [-H 'Name: value'] [-o FILE] [-w FORMAT] [-m SECONDS]
       [--connect-timeout SECONDS] http://HOST[:PORT][/PATH]
HOST is a load balancer's DNS name (aws elbv2 describe-load-balancers), or a public IP of a
task (Fargate with assignPublicIp ENABLED) or of an EC2 instance (aws ec2 describe-instances).
The request takes no simulated time.
";

fn usage(message: &str) -> Outcome {
    Outcome {
        stderr: format!(
            "curl: {message}\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
        ),
        exit_code: CURL_USAGE,
        error: Some(("CurlUsage".to_owned(), message.to_owned())),
        ..Outcome::default()
    }
}

#[derive(Debug, Default)]
struct Options {
    silent: bool,
    show_error: bool,
    head: bool,
    include: bool,
    verbose: bool,
    /// `-f`/`--fail`: HTTP errors (≥ 400) exit 22 without the body.
    fail: bool,
    /// `-o FILE`: the body goes to a file (the sandbox has none: dropped).
    output_file: bool,
    /// `-w FORMAT`: `%{http_code}`, `%{remote_ip}`, `%{remote_port}`, `\n`.
    write_out: Option<String>,
    /// Seconds, from `-m`/`--max-time` or `--connect-timeout`.
    timeout: Option<f64>,
    /// `-H 'Name: value'`: request headers (`Host` among them).
    headers: Vec<(String, String)>,
    url: Option<String>,
}

fn parse(words: &[String]) -> Result<Options, Box<Outcome>> {
    let mut o = Options::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let take_value = |i: &mut usize| -> Result<f64, Box<Outcome>> {
            *i += 1;
            let v = words
                .get(*i)
                .ok_or_else(|| Box::new(usage(&format!("option {w}: requires parameter"))))?;
            v.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| {
                    Box::new(usage(&format!(
                        "option {w}: expected a proper numerical parameter"
                    )))
                })
        };
        let take_text = |i: &mut usize| -> Result<String, Box<Outcome>> {
            *i += 1;
            words
                .get(*i)
                .cloned()
                .ok_or_else(|| Box::new(usage(&format!("option {w}: requires parameter"))))
        };
        match w {
            "--fail" => o.fail = true,
            "-H" | "--header" => {
                let h = take_text(&mut i)?;
                let Some((name, value)) = h.split_once(':') else {
                    return Err(Box::new(usage(&format!(
                        "option {w}: '{h}' is not a header (Name: value)"
                    ))));
                };
                o.headers
                    .push((name.trim().to_owned(), value.trim().to_owned()));
            }
            "-o" | "--output" => {
                take_text(&mut i)?;
                o.output_file = true;
            }
            "-w" | "--write-out" => o.write_out = Some(take_text(&mut i)?),
            "--silent" => o.silent = true,
            "--show-error" => o.show_error = true,
            "--head" => o.head = true,
            "--include" => o.include = true,
            "--verbose" => o.verbose = true,
            "-m" | "--max-time" | "--connect-timeout" => {
                let s = take_value(&mut i)?;
                o.timeout = Some(o.timeout.map_or(s, |t: f64| t.min(s)));
            }
            "--help" | "-h" => {
                return Err(Box::new(Outcome {
                    stdout: HELP.to_owned(),
                    ..Outcome::default()
                }));
            }
            _ if w.starts_with("--") => {
                return Err(Box::new(usage(&format!("option {w}: is unknown"))));
            }
            _ if w.starts_with('-') && w.len() > 1 => {
                let flags = &w[1..];
                for (n, f) in flags.chars().enumerate() {
                    match f {
                        's' => o.silent = true,
                        'S' => o.show_error = true,
                        'I' => o.head = true,
                        'i' => o.include = true,
                        'v' => o.verbose = true,
                        'f' => o.fail = true,
                        'o' if n + 1 == flags.len() => {
                            take_text(&mut i)?;
                            o.output_file = true;
                        }
                        'w' if n + 1 == flags.len() => o.write_out = Some(take_text(&mut i)?),
                        'm' if n + 1 == flags.len() => {
                            let s = take_value(&mut i)?;
                            o.timeout = Some(s);
                        }
                        _ => return Err(Box::new(usage(&format!("option -{f}: is unknown")))),
                    }
                }
            }
            _ => {
                if o.url.is_some() {
                    return Err(Box::new(usage(
                        "the simulator takes one URL per curl command",
                    )));
                }
                o.url = Some(w.to_owned());
            }
        }
        i += 1;
    }
    Ok(o)
}

/// `http://host[:port][/path]` → (host, port, path).
fn split_url(url: &str) -> Result<(String, u16, String), String> {
    let (rest, default_port) = if let Some(r) = url.strip_prefix("http://") {
        (r, 80)
    } else if let Some(r) = url.strip_prefix("https://") {
        (r, 443)
    } else if url.contains("://") {
        let scheme = url.split("://").next().unwrap_or_default();
        return Err(format!("Protocol \"{scheme}\" not supported"));
    } else {
        (url, 80)
    };
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_owned()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_owned()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>().map_err(|_| {
                "URL rejected: Port number was not a decimal number between 0 and 65535".to_owned()
            })?,
        ),
        None => (authority, default_port),
    };
    if host.is_empty() {
        return Err("URL rejected: No host part in the URL".to_owned());
    }
    Ok((host.to_owned(), port, path))
}

fn failure(o: &Options, code: i32, name: &str, message: String) -> Outcome {
    let stderr = if o.silent && !o.show_error {
        String::new()
    } else {
        format!("curl: ({code}) {message}\n")
    };
    Outcome {
        stderr,
        exit_code: code,
        error: Some((name.to_owned(), message)),
        ..Outcome::default()
    }
}

/// Runs the words after `curl`.
pub fn run(sim: &mut Sim, words: &[String]) -> Outcome {
    let o = match parse(words) {
        Ok(o) => o,
        Err(outcome) => return *outcome,
    };
    let Some(url) = o.url.clone() else {
        return usage("no URL specified");
    };
    let (host, port, path) = match split_url(&url) {
        Ok(x) => x,
        Err(message) => return failure(&o, 3, "CURLE_URL_MALFORMAT", message),
    };
    // DNS: a load balancer's name resolves once it is active (MODEL: to
    // its first zone's node; nothing else has a name in the simulator).
    let ip = match parse_ipv4(&host) {
        Some(ip) => ip,
        None => match sim.resolve_host(&host).and_then(|ips| ips.first().copied()) {
            Some(ip) => ip,
            None => {
                let why = match sim.resolve_host(&host) {
                    Some(_) => {
                        "the load balancer is still provisioning: its name resolves once it is active"
                    }
                    None => {
                        "the only names the simulator resolves are load balancers' DNS names: use one, or an IP address"
                    }
                };
                return failure(
                    &o,
                    CURLE_COULDNT_RESOLVE_HOST,
                    "CURLE_COULDNT_RESOLVE_HOST",
                    format!("Could not resolve host: {host} ({why})"),
                );
            }
        },
    };
    let host_header = o
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| host.clone());
    let host_header = host_header
        .rsplit_once(':')
        .filter(|(_, p)| p.parse::<u16>().is_ok())
        .map_or(host_header.clone(), |(h, _)| h.to_owned());
    let Some(outcome) = sim
        .apply(Input::Probe(Probe {
            source: ProbeSource::Internet(LAPTOP_IP),
            destination: ip,
            port,
            path: path.clone(),
            host: Some(host_header).filter(|h| parse_ipv4(h) != Some(ip)),
            headers: o
                .headers
                .iter()
                .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
                .cloned()
                .collect(),
        }))
        .probe()
    else {
        return failure(
            &o,
            7,
            "CURLE_COULDNT_CONNECT",
            "the simulator gave no answer".to_owned(),
        );
    };
    let dest = format_ipv4(ip);
    let mut verbose = String::new();
    if o.verbose {
        verbose.push_str(&format!("*   Trying {dest}:{port}...\n"));
        for hop in &outcome.hops {
            verbose.push_str(&format!(
                "* sim: {} {}: {}\n",
                hop.check,
                if hop.passed { "ok" } else { "FAIL" },
                hop.detail
            ));
        }
    }
    let mut out = match outcome.result {
        ProbeResult::Response(r) => {
            let server = if r.server.is_empty() {
                String::new()
            } else {
                format!("Server: {}\r\n", r.server)
            };
            let headers = format!(
                "HTTP/1.1 {} {}\r\n{server}Date: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n",
                r.status,
                r.reason,
                http_date(sim),
                r.content_type,
                r.body.len()
            );
            if o.fail && r.status >= 400 {
                let mut out = failure(
                    &o,
                    CURLE_HTTP_RETURNED_ERROR,
                    "CURLE_HTTP_RETURNED_ERROR",
                    format!("The requested URL returned error: {}", r.status),
                );
                out.stdout = write_out(&o, r.status, &dest, port);
                return out;
            }
            let mut stdout = if o.output_file {
                String::new()
            } else if o.head {
                headers
            } else if o.include {
                format!("{headers}{}", r.body)
            } else {
                r.body
            };
            stdout.push_str(&write_out(&o, r.status, &dest, port));
            if o.verbose {
                verbose.push_str(&format!(
                    "* Connected to {dest} ({dest}) port {port}\n> {} {path} HTTP/1.1\n> Host: {host}{}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n",
                    if o.head { "HEAD" } else { "GET" },
                    if port == 80 { String::new() } else { format!(":{port}") }
                ));
            }
            Outcome {
                stdout,
                ..Outcome::default()
            }
        }
        ProbeResult::Timeout => match o.timeout {
            Some(s) => failure(
                &o,
                CURLE_OPERATION_TIMEDOUT,
                "CURLE_OPERATION_TIMEDOUT",
                format!(
                    "Failed to connect to {dest} port {port} after {} ms: Timeout was reached",
                    (s * 1000.0) as u64 + 1
                ),
            ),
            None => failure(
                &o,
                CURLE_OPERATION_TIMEDOUT,
                "CURLE_OPERATION_TIMEDOUT",
                format!(
                    "Failed to connect to {dest} port {port} after {KERNEL_CONNECT_TIMEOUT_MS} ms: Couldn't connect to server"
                ),
            ),
        },
        ProbeResult::Refused => failure(
            &o,
            CURLE_COULDNT_CONNECT,
            "CURLE_COULDNT_CONNECT",
            format!(
                "Failed to connect to {dest} port {port} after {INTERNET_RTT_MS} ms: Couldn't connect to server"
            ),
        ),
        ProbeResult::Reset => failure(
            &o,
            CURLE_RECV_ERROR,
            "CURLE_RECV_ERROR",
            "Recv failure: Connection reset by peer".to_owned(),
        ),
        ProbeResult::EmptyReply => failure(
            &o,
            CURLE_GOT_NOTHING,
            "CURLE_GOT_NOTHING",
            "Empty reply from server".to_owned(),
        ),
    };
    if o.verbose {
        out.stderr = format!("{verbose}{}", out.stderr);
    }
    if out.exit_code != 0 {
        // curl prints --write-out even when the transfer failed (code 000).
        out.stdout = write_out(&o, 0, &dest, port);
    }
    out
}

/// `-w FORMAT` expanded (empty without `-w`).
fn write_out(o: &Options, status: u16, dest: &str, port: u16) -> String {
    let Some(format) = &o.write_out else {
        return String::new();
    };
    format
        .replace("%{http_code}", &format!("{status:03}"))
        .replace("%{response_code}", &format!("{status:03}"))
        .replace("%{remote_ip}", if status == 0 { "" } else { dest })
        .replace(
            "%{remote_port}",
            &if status == 0 {
                String::new()
            } else {
                port.to_string()
            },
        )
        .replace("\\n", "\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// A Fargate httpd task with port 80 open; returns its public IP.
    fn httpd_task(sim: &mut Sim) -> String {
        let run = |sim: &mut Sim, line: &str| {
            let o = crate::run(sim, line);
            assert_eq!(o.exit_code, 0, "{line}: {}", o.stderr);
            o.stdout.trim().to_owned()
        };
        let subnet = run(
            sim,
            "aws ec2 describe-subnets --query Subnets[0].SubnetId --output text",
        );
        let sg = run(
            sim,
            "aws ec2 create-security-group --group-name web --description web --query GroupId --output text",
        );
        run(
            sim,
            &format!(
                "aws ec2 authorize-security-group-ingress --group-id {sg} --protocol tcp --port 80 --cidr 0.0.0.0/0"
            ),
        );
        run(sim, "aws ecs create-cluster --cluster-name c");
        run(
            sim,
            r#"aws ecs register-task-definition --family h --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"site","image":"httpd"}]'"#,
        );
        run(
            sim,
            &format!(
                "aws ecs run-task --cluster c --task-definition h --launch-type FARGATE --network-configuration awsvpcConfiguration={{subnets=[{subnet}],securityGroups=[{sg}],assignPublicIp=ENABLED}}"
            ),
        );
        sim.apply(stevedore_engine::Input::Advance(
            stevedore_engine::SimDuration::seconds(60),
        ));
        run(
            sim,
            "aws ec2 describe-network-interfaces --query NetworkInterfaces[0].Association.PublicIp --output text",
        )
    }

    #[test]
    fn fail_write_out_and_output_behave_like_curl() {
        let mut sim = Sim::new(stevedore_engine::SimConfig::default()).unwrap();
        let ip = httpd_task(&mut sim);
        let ok = crate::run(&mut sim, &format!("curl http://{ip}/"));
        assert_eq!(ok.stdout, "<html><body><h1>It works!</h1></body></html>\n");
        // Without -f a 404 is a successful transfer; with -f, exit 22 and no body.
        let missing = crate::run(&mut sim, &format!("curl http://{ip}/nope"));
        assert_eq!(missing.exit_code, 0);
        assert!(missing.stdout.contains("404 Not Found"));
        let failed = crate::run(&mut sim, &format!("curl -f http://{ip}/nope"));
        assert_eq!(failed.exit_code, CURLE_HTTP_RETURNED_ERROR);
        assert_eq!(failed.stdout, "");
        assert_eq!(
            failed.stderr,
            "curl: (22) The requested URL returned error: 404\n"
        );
        let code = crate::run(
            &mut sim,
            &format!("curl -s -o /dev/null -w '%{{http_code}}' http://{ip}/nope"),
        );
        assert_eq!((code.stdout.as_str(), code.exit_code), ("404", 0));
        // Port 8080 is not in the group: timeout, and -s hides the message.
        let t = crate::run(&mut sim, &format!("curl -s -m 2 http://{ip}:8080"));
        assert_eq!(
            (t.exit_code, t.stderr.as_str()),
            (CURLE_OPERATION_TIMEDOUT, "")
        );
        assert_eq!(
            sim.now(),
            stevedore_engine::SimTime(60_000),
            "curl takes no time"
        );
    }

    #[test]
    fn urls_split_like_curl() {
        assert_eq!(
            split_url("http://3.80.1.2").unwrap(),
            ("3.80.1.2".into(), 80, "/".into())
        );
        assert_eq!(
            split_url("3.80.1.2:32768/a/b").unwrap(),
            ("3.80.1.2".into(), 32768, "/a/b".into())
        );
        assert_eq!(
            split_url("https://3.80.1.2").unwrap(),
            ("3.80.1.2".into(), 443, "/".into())
        );
        assert_eq!(
            split_url("http://3.80.1.2?x=1").unwrap(),
            ("3.80.1.2".into(), 80, "/?x=1".into())
        );
        assert!(split_url("ftp://x").unwrap_err().contains("not supported"));
        assert!(split_url("http://1.2.3.4:99999").is_err());
        assert!(split_url("http://:80").is_err());
    }

    #[test]
    fn options_parse_and_unknown_ones_are_refused() {
        let w = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let o = parse(&w("-sS -m 5 http://1.2.3.4")).unwrap();
        assert!(o.silent && o.show_error && o.timeout == Some(5.0));
        let o = parse(&w("--max-time 2 -I 1.2.3.4")).unwrap();
        assert!(o.head && o.timeout == Some(2.0));
        assert_eq!(parse(&w("-x 1.2.3.4")).unwrap_err().exit_code, CURL_USAGE);
        assert_eq!(parse(&w("-m")).unwrap_err().exit_code, CURL_USAGE);
        assert_eq!(parse(&w("-m abc x")).unwrap_err().exit_code, CURL_USAGE);
    }
}
