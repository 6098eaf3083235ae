//! The scenario runner: a scenario is a text of steps, one per line; running
//! it on a fresh [`Sim`] gives a compact, deterministic trace. The checked-in
//! `engine/tests/scenarios/*.scn` → `*.trace` pairs are compared with it
//! natively (`engine/tests/scenarios.rs`) and in the browser
//! (`app/tests/determinism.rs`): same seed + same steps → same trace, byte
//! for byte, on every platform. Pure like the rest of the engine: no I/O.
//!
//! Step syntax (one per line; blank lines and lines starting with `#` are
//! skipped):
//! - `<service> <Operation> <json>`: run an API action, e.g.
//!   `ecs CreateCluster {"clusterName": "demo"}` (JSON optional);
//! - `advance <duration>`: move simulated time (`90s`, `15m`, `1h`);
//! - `view`: print the plain-data view;
//! - `docker build <tag> <base-image> <added-MB>`, `docker tag <src> <dst>`,
//!   `docker login` (GetAuthorizationToken, then `docker login` to this
//!   account's registry with its password), `docker push <ref>`,
//!   `docker pull <ref>`: the simulated Docker client ([`crate::images`]);
//! - `pull <image> [role=none|all|deny:<action>] [reach=no]`: the pull
//!   decision an ECS task makes ([`Sim::resolve_image_pull`]).
//! - `eventbridge`: print the EventBridge events published since the last
//!   `eventbridge` step, one compact line each
//!   ([`Sim::drain_eventbridge_events`]); `eventbridge json`: the same as
//!   AWS's JSON, one event per line.
//! - `fault <name> <args>`: inject a fault ([`crate::faults`]):
//!   `fault kill-task <task-id> [container] [exit-code]`,
//!   `fault oom <task-id> [container]`,
//!   `fault break-health <task-id|service> [container]`,
//!   `fault fix-health <task-id|service> [container]`,
//!   `fault terminate-instance <i-…>`, `fault remove-tag <image>`,
//!   `fault lose-az <az>`, `fault restore-az <az>`,
//!   `fault spot-interruption <task-id|all|->` (`-`: the first RUNNING
//!   FARGATE_SPOT task); `-` skips an optional
//!   argument. In fault steps and in JSON inputs (a whole string, or the
//!   end of a `/` path such as an awslogs stream name), `task#N` stands for the id
//!   of the N-th task (from 0) in the order the trace's events first named
//!   them (task ids are random).
//!
//! - `traffic <lb> <N>/s [path]`, `traffic <lb> off`: steady requests to
//!   a load balancer (name or DNS name, [`crate::elbv2::traffic`]);
//!   `traffic` alone prints the last minute's figures.
//! - `produce <queue> <N>/s`, `produce <queue> <N>`, `produce <queue> off`:
//!   messages put on a queue at a rate or at once (`sim produce`,
//!   [`crate::sqs::produce`]); `produce` alone prints the producers on.
//! - `probe <from> <to> <port> [path]`: a client's HTTP GET and the trail
//!   of hops that decided it ([`Sim::probe_http`], [`crate::reach`]).
//!   `<from>`: `internet` (the laptop at 203.0.113.10), `ip:A.B.C.D` (a
//!   host on the internet), `sg:<group-id>`, or `task#N` (an interface with
//!   that task's first security group). `<to>`: `A.B.C.D`, `task#N` (its
//!   public IP, else its private one), `task#N:private`, `i-…` (the
//!   instance's public IP, else its private one), `i-…:private`, or
//!   `lb:<name>` (a load balancer's first node; `lb:<name>:private`);
//!   after the path, `host=NAME` and `header=Name:value` add request
//!   headers (load balancer rules read them). Prints
//!   `  result …`, then `  hop <check> ok|FAIL: <detail>` per hop and the
//!   body as `  | <line>`. Does not move the clock.
//!
//! Trace format: each step is echoed as `> <step>`, followed by its output
//! (a response as one line of JSON, `! <error>` for a refusal, the view as
//! JSON, the docker client's lines), then `  event <event>` for every event
//! the step emitted. The invariants are checked after every step; a broken
//! invariant, an unknown step or a malformed step is a [`ScenarioError`]
//! naming the line and the seed.
//!
//! To add a step kind: one arm in [`Runner::step`]'s `match` calling a
//! function `fn x_step(sim: &mut Sim, line: &str, trace: &mut String) ->
//! Result<(), String>` that appends its output to `trace` and returns
//! `Err(message)` for a malformed step (never panics).

use crate::base::arn::LastSegment;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::event::Event;
use crate::faults::Fault;
use crate::images::Docker;
use crate::input::Input;
use crate::rng::Pcg32;
use crate::sim::Sim;
use crate::time::SimDuration;
use std::fmt::Write as _;

/// A scenario that could not run: a malformed step, or an engine invariant
/// broken after a step. `line` is 1-based (0: the config itself is invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: usize,
    pub message: String,
    /// The seed the scenario ran with, to reproduce it.
    pub seed: u64,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} (seed {}): {}",
            self.line, self.seed, self.message
        )
    }
}

/// What a whole run reports besides its trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub trace: String,
    /// The seed of the run ([`SimConfig::seed`]).
    pub seed: u64,
    /// Whether the run drew from a seeded generator at all (behaviour or
    /// resource ids). A run that did not gives the same trace for every seed.
    pub drew_randomness: bool,
}

/// Runs `source` on a new [`Sim`] made from `config` and returns its trace.
pub fn run(source: &str, config: SimConfig) -> Result<String, ScenarioError> {
    run_report(source, config).map(|report| report.trace)
}

/// [`run`], also reporting the seed and whether randomness was drawn.
pub fn run_report(source: &str, config: SimConfig) -> Result<Report, ScenarioError> {
    let mut runner = Runner::new(config)?;
    for (index, line) in source.lines().enumerate() {
        runner.step(index + 1, line)?;
    }
    Ok(Report {
        seed: runner.seed,
        drew_randomness: runner.drew_randomness(),
        trace: runner.trace,
    })
}

/// Runs `source` on a new [`Sim`], then checks the account's
/// [`Journal`](crate::Journal): written as text and read back it is the
/// same journal, and replayed on a fresh `Sim` it gives the same state
/// ([`Sim::state_fingerprint`]) and the same events, in order. Returns the
/// journal's text. The native and the browser tests run it on every
/// scenario.
pub fn replay_check(source: &str, config: SimConfig) -> Result<String, String> {
    let mut runner = Runner::new(config).map_err(|e| e.to_string())?;
    let mut events = Vec::new();
    for (index, line) in source.lines().enumerate() {
        events.extend(runner.step(index + 1, line).map_err(|e| e.to_string())?);
    }
    let journal = runner.sim().journal();
    let text = journal.to_text();
    let read = crate::Journal::parse(&text).map_err(|e| format!("does not read back: {e}"))?;
    if &read != journal {
        return Err("the journal read back differs from the one written".to_owned());
    }
    let mut replayed = read.replay().map_err(|e| format!("does not replay: {e}"))?;
    let again = replayed.drain_events();
    if again != events {
        let at = again
            .iter()
            .zip(&events)
            .position(|(a, b)| a != b)
            .unwrap_or(again.len().min(events.len()));
        return Err(format!(
            "the replay's events differ from event {} on ({} events, {} in the run): {:?} vs {:?}",
            at + 1,
            again.len(),
            events.len(),
            again.get(at),
            events.get(at)
        ));
    }
    if replayed.state_fingerprint() != runner.sim().state_fingerprint() {
        return Err(format!(
            "the journal ({} entries) replays to a different state",
            journal.len()
        ));
    }
    // What a page reads of the account (the view and the events a Web
    // Worker sends it as JSON) reads back as it was written.
    let view = replayed.view();
    let view_back: crate::View = serde_json::to_string(&view)
        .and_then(|json| serde_json::from_str(&json))
        .map_err(|e| format!("the view does not read back from JSON: {e}"))?;
    if view_back != view {
        return Err("the view read back from JSON differs".to_owned());
    }
    let events_back: Vec<crate::Event> = serde_json::to_string(&again)
        .and_then(|json| serde_json::from_str(&json))
        .map_err(|e| format!("the events do not read back from JSON: {e}"))?;
    if events_back != again {
        return Err("the events read back from JSON differ".to_owned());
    }
    Ok(text)
}

/// Runs steps one at a time (the random-command tests drive it this way).
#[derive(Debug, Clone)]
pub struct Runner {
    sim: Sim,
    trace: String,
    seed: u64,
    /// Task ARNs in the order the trace's events first named them, for
    /// `task#N` (task ids are random).
    tasks: Vec<String>,
}

impl Runner {
    pub fn new(config: SimConfig) -> Result<Runner, ScenarioError> {
        let seed = config.seed;
        let sim = Sim::new(config).map_err(|e| ScenarioError {
            line: 0,
            message: format!("invalid config: {e}"),
            seed,
        })?;
        Ok(Runner {
            sim,
            trace: String::new(),
            seed,
            tasks: Vec::new(),
        })
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    pub fn sim_mut(&mut self) -> &mut Sim {
        &mut self.sim
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The trace so far.
    pub fn trace(&self) -> &str {
        &self.trace
    }

    pub fn into_trace(self) -> String {
        self.trace
    }

    /// Whether anything has drawn from the seeded generator yet.
    pub fn drew_randomness(&self) -> bool {
        // Two seeded sources: behaviour draws from PCG32 (`Sim::rng`);
        // resource ids (`vpc-…`, `i-…`, task ids) come from SplitMix64 over
        // (seed, counter), so that creating a resource never shifts a
        // behavioural draw. Either one makes the trace depend on the seed.
        self.sim.rng != Pcg32::from_seed(self.seed) || self.sim.state.next_id != 0
    }

    /// Runs one line of a scenario (`number` is its 1-based line number, for
    /// errors), appends to the trace and returns the events the step emitted.
    /// Comment and blank lines do nothing.
    pub fn step(&mut self, number: usize, line: &str) -> Result<Vec<Event>, ScenarioError> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(Vec::new());
        }
        let error = |message: String| ScenarioError {
            line: number,
            message,
            seed: self.seed,
        };
        self.trace.push_str("> ");
        self.trace.push_str(line);
        self.trace.push('\n');
        let sim = &mut self.sim;
        let trace = &mut self.trace;
        let tasks = &self.tasks;
        let first = line.split(' ').next().unwrap_or_default();
        let result = match first {
            "advance" => advance_step(sim, line),
            "view" => json_line(trace, &sim.view()),
            "docker" => docker_step(sim, line, trace),
            "pull" => pull_step(sim, line, trace),
            "fault" => fault_step(sim, tasks, line, trace),
            "probe" => probe_step(sim, tasks, line, trace),
            "traffic" => traffic_step(sim, line, trace),
            "produce" => produce_step(sim, line, trace),
            "eventbridge" => {
                let json = line.split(' ').nth(1) == Some("json");
                for event in sim.drain_eventbridge_events() {
                    if json {
                        let _ = writeln!(trace, "  eb {}", event.to_json());
                    } else {
                        let _ = writeln!(trace, "  eb {event}");
                    }
                }
                Ok(())
            }
            // A `task#N` that names no task (yet) is part of the trace, like
            // a refused call: under another seed a scenario may start fewer.
            _ => match task_words(tasks, line) {
                Ok(line) => api_step(sim, &line, trace),
                Err(problem) => {
                    let _ = writeln!(trace, "! {problem}");
                    Ok(())
                }
            },
        };
        result.map_err(error)?;
        let events = self.sim.drain_events();
        for event in &events {
            if let crate::EventKind::TaskStateChanged { task_arn, .. } = &event.kind
                && !self.tasks.contains(task_arn)
            {
                self.tasks.push(task_arn.clone());
            }
            let _ = writeln!(self.trace, "  event {event}");
        }
        self.sim
            .check_invariants()
            .map_err(|broken| error(format!("invariant broken: {broken}")))?;
        Ok(events)
    }
}

fn json_line(trace: &mut String, value: &impl serde::Serialize) -> Result<(), String> {
    let json = serde_json::to_string(value).map_err(|e| format!("cannot serialize: {e}"))?;
    trace.push_str(&json);
    trace.push('\n');
    Ok(())
}

fn advance_step(sim: &mut Sim, line: &str) -> Result<(), String> {
    let d = line
        .split(' ')
        .nth(1)
        .and_then(SimDuration::parse)
        .ok_or_else(|| "bad duration (write e.g. `advance 90s`, `15m`, `1h`)".to_owned())?;
    sim.apply(Input::Advance(d));
    Ok(())
}

/// `<service> <Operation> [<json>]`: an API action.
fn api_step(sim: &mut Sim, line: &str, trace: &mut String) -> Result<(), String> {
    let mut words = line.splitn(3, ' ');
    let service = words.next().unwrap_or_default();
    let service =
        Service::from_cli_name(service).ok_or_else(|| format!("unknown step '{service}'"))?;
    let operation = words.next().unwrap_or_default();
    let input = match words.next() {
        Some(json) => serde_json::from_str(json).map_err(|e| format!("bad JSON: {e}"))?,
        None => serde_json::Value::Null,
    };
    match Command::from_json(service, operation, input)
        .and_then(|command| sim.apply(Input::Api(command)).api())
    {
        Ok(response) => json_line(trace, &response.to_json())?,
        Err(error) => {
            let _ = writeln!(trace, "! {error}");
        }
    }
    Ok(())
}

/// `task#N` → the id of the N-th task the events named, else the word as is.
fn task_word(tasks: &[String], word: &str) -> Result<String, String> {
    match word.strip_prefix("task#") {
        Some(n) => {
            let n: usize = n
                .parse()
                .map_err(|_| format!("'{word}': task#N takes a number"))?;
            let arn = tasks
                .get(n)
                .ok_or_else(|| format!("task#{n}: only {} tasks so far", tasks.len()))?;
            Ok(arn.last_segment().to_owned())
        }
        None => Ok(word.to_owned()),
    }
}

/// Every `"task#N"` in a step's JSON → the task's id, also at the end of
/// a path (`"ecs/cli/task#N"`, an awslogs stream name).
fn task_words(tasks: &[String], line: &str) -> Result<String, String> {
    let mut out = line.to_owned();
    for n in (0..tasks.len()).rev() {
        let id = task_word(tasks, &format!("task#{n}"))?;
        out = out.replace(&format!("\"task#{n}\""), &format!("\"{id}\""));
        out = out.replace(&format!("/task#{n}\""), &format!("/{id}\""));
    }
    Ok(out)
}

/// `probe <from> <to> <port> [path]` (see the module docs).
fn traffic_step(sim: &mut Sim, line: &str, trace: &mut String) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let traffic = match words.as_slice() {
        ["traffic"] => {
            for l in sim.traffic_report().lines() {
                let _ = writeln!(trace, "  {l}");
            }
            return Ok(());
        }
        ["traffic", lb, "off"] => crate::elbv2::Traffic {
            load_balancer: (*lb).to_owned(),
            rate: None,
            path: None,
        },
        ["traffic", lb, rate, rest @ ..] if rest.len() <= 1 => crate::elbv2::Traffic {
            load_balancer: (*lb).to_owned(),
            rate: Some(
                rate.strip_suffix("/s")
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| format!("traffic: bad rate '{rate}' (N/s)"))?,
            ),
            path: rest.first().map(|p| (*p).to_owned()),
        },
        _ => {
            return Err(
                "traffic takes: traffic <lb> <N>/s [path] | traffic <lb> off | traffic".to_owned(),
            );
        }
    };
    match sim.apply(Input::Traffic(traffic)).traffic() {
        Ok(what) => {
            let _ = writeln!(trace, "= {what}");
        }
        Err(e) => {
            let _ = writeln!(trace, "! {}: {}", e.code, e.message);
        }
    }
    Ok(())
}

/// `produce <queue> <N>/s | <N> | off`, `produce` (see the module docs).
fn produce_step(sim: &mut Sim, line: &str, trace: &mut String) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (queue, what) = match words.as_slice() {
        ["produce"] => {
            for l in sim.produce_report().lines() {
                let _ = writeln!(trace, "  {l}");
            }
            return Ok(());
        }
        ["produce", queue, what] => (*queue, *what),
        _ => return Err("produce takes: produce <queue> <N>/s | <N> | off, or produce".to_owned()),
    };
    let mut p = crate::sqs::Produce {
        queue: queue.to_owned(),
        rate: None,
        burst: None,
        off: what == "off",
    };
    if !p.off {
        match what.strip_suffix("/s") {
            Some(n) => {
                p.rate = Some(
                    n.parse()
                        .map_err(|_| format!("produce: bad rate '{what}'"))?,
                )
            }
            None => {
                p.burst = Some(
                    what.parse()
                        .map_err(|_| format!("produce: bad count '{what}'"))?,
                )
            }
        }
    }
    match sim.apply(Input::Produce(p)).produce() {
        Ok(what) => {
            let _ = writeln!(trace, "= {what}");
        }
        Err(e) => {
            let _ = writeln!(trace, "! {}: {}", e.code, e.message);
        }
    }
    Ok(())
}

fn probe_step(
    sim: &mut Sim,
    tasks: &[String],
    line: &str,
    trace: &mut String,
) -> Result<(), String> {
    use crate::reach::{LAPTOP_IP, ProbeResult, ProbeSource};
    let words: Vec<&str> = line.split_whitespace().collect();
    let [_, from, to, port, rest @ ..] = words.as_slice() else {
        return Err("probe takes: probe <from> <to> <port> [path]".to_owned());
    };
    // `host=NAME` and `header=Name:value` words set request headers.
    let mut host = None;
    let mut headers = Vec::new();
    let mut plain = Vec::new();
    for w in rest {
        if let Some(h) = w.strip_prefix("host=") {
            host = Some(h.to_owned());
        } else if let Some((n, v)) = w.strip_prefix("header=").and_then(|h| h.split_once(':')) {
            headers.push((n.to_owned(), v.to_owned()));
        } else {
            plain.push(*w);
        }
    }
    let path = plain.first().copied().unwrap_or("/");
    let port: u16 = port
        .parse()
        .map_err(|_| format!("probe: bad port '{port}'"))?;
    let task = |word: &str| -> Option<&crate::state::TaskRecord> {
        let id = task_word(tasks, word).ok()?;
        sim.state
            .tasks
            .values()
            .find(|t| t.arn.ends_with(&format!("/{id}")))
    };
    let source = match *from {
        "internet" => ProbeSource::Internet(LAPTOP_IP),
        f if f.starts_with("ip:") => ProbeSource::Internet(
            crate::base::ipv4::parse_ipv4(&f[3..])
                .ok_or_else(|| format!("probe: bad address '{f}'"))?,
        ),
        f if f.starts_with("sg:") => ProbeSource::Group(f[3..].to_owned()),
        f if f.starts_with("task#") => match task(f).and_then(|t| t.life.security_groups.first()) {
            Some(g) => ProbeSource::Group(g.clone()),
            None => {
                let _ = writeln!(trace, "! {f}: no such task with a security group");
                return Ok(());
            }
        },
        f => return Err(format!("probe: unknown source '{f}'")),
    };
    let (name, private) = match to.strip_suffix(":private") {
        Some(n) => (n, true),
        None => (*to, false),
    };
    let dest = if let Some(ip) = crate::base::ipv4::parse_ipv4(name) {
        Some(ip)
    } else if name.starts_with("task#") {
        task(name).and_then(|t| {
            if private {
                t.life.private_ip
            } else {
                t.life.public_ip.or(t.life.private_ip)
            }
        })
    } else if let Some(lb) = name.strip_prefix("lb:") {
        // A load balancer by name: its first node (public, else private).
        sim.state
            .elb
            .load_balancers
            .values()
            .find(|l| l.name == lb)
            .and_then(|l| l.zones.first())
            .map(|z| {
                if private {
                    z.private_ip
                } else {
                    z.public_ip.unwrap_or(z.private_ip)
                }
            })
    } else if name.starts_with("i-") {
        sim.state.instances.get(name).map(|i| {
            if private {
                i.private_ip
            } else {
                i.public_ip.unwrap_or(i.private_ip)
            }
        })
    } else {
        return Err(format!("probe: unknown destination '{to}'"));
    };
    let Some(dest) = dest else {
        let _ = writeln!(
            trace,
            "! {to}: no such task or instance, or it has no address"
        );
        return Ok(());
    };
    let Some(outcome) = sim
        .apply(Input::Probe(crate::reach::Probe {
            source,
            destination: dest,
            port,
            path: path.to_owned(),
            host,
            headers,
        }))
        .probe()
    else {
        return Err("probe: the engine gave no probe outcome".to_owned());
    };
    let result = match &outcome.result {
        ProbeResult::Response(r) => format!(
            "{} {} from {} ({}, {} bytes)",
            r.status,
            r.reason,
            if r.server.is_empty() {
                "the load balancer"
            } else {
                r.server
            },
            r.content_type,
            r.body.len()
        ),
        ProbeResult::Timeout => "timeout (no answer)".to_owned(),
        ProbeResult::Refused => "connection refused".to_owned(),
        ProbeResult::Reset => "connection reset".to_owned(),
        ProbeResult::EmptyReply => "empty reply".to_owned(),
    };
    let _ = writeln!(
        trace,
        "  result {}:{} → {result}",
        outcome.destination, outcome.port
    );
    for hop in &outcome.hops {
        let _ = writeln!(
            trace,
            "  hop {} {}: {}",
            hop.check,
            if hop.passed { "ok" } else { "FAIL" },
            hop.detail
        );
    }
    if let ProbeResult::Response(r) = &outcome.result {
        for body_line in r.body.lines() {
            let _ = writeln!(trace, "  | {body_line}");
        }
    }
    Ok(())
}

/// `fault <name> <args>`: a fault injection (engine/src/faults.rs), in
/// the words of `sim fault` ([`Fault::parse`]).
fn fault_step(
    sim: &mut Sim,
    tasks: &[String],
    line: &str,
    trace: &mut String,
) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().skip(1).collect();
    // A `task#N` that names no task (yet) is recorded like a refused fault.
    let mut resolved = Vec::with_capacity(words.len());
    for word in &words {
        match task_word(tasks, word) {
            Ok(w) => resolved.push(w),
            Err(problem) => {
                let _ = writeln!(trace, "! {problem}");
                return Ok(());
            }
        }
    }
    let resolved: Vec<&str> = resolved.iter().map(String::as_str).collect();
    let fault = Fault::parse(&resolved)?;
    match sim.apply(Input::Fault(fault)).fault() {
        Ok(what) => {
            let _ = writeln!(trace, "= {what}");
        }
        Err(e) => {
            let _ = writeln!(trace, "! {e}");
        }
    }
    Ok(())
}

fn docker_step(sim: &mut Sim, line: &str, trace: &mut String) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let docker = match words.as_slice() {
        ["docker", "build", tag, base, mb] => {
            let size_mb = mb
                .parse()
                .map_err(|_| format!("docker build: '{mb}' is not a number of MB"))?;
            Docker::Build {
                tag: (*tag).to_owned(),
                from: (*base).to_owned(),
                size_mb,
            }
        }
        ["docker", "tag", source, target] => Docker::Tag {
            source: (*source).to_owned(),
            target: (*target).to_owned(),
        },
        ["docker", "push", image] => Docker::Push {
            image: (*image).to_owned(),
        },
        ["docker", "pull", image] => Docker::Pull {
            image: (*image).to_owned(),
        },
        ["docker", "login"] => {
            let command = Command::from_json(
                Service::Ecr,
                "GetAuthorizationToken",
                serde_json::Value::Null,
            )
            .map_err(|e| format!("docker login: {e}"))?;
            let token = match sim.apply(Input::Api(command)).api() {
                Ok(response) => response.to_json(),
                Err(error) => {
                    let _ = writeln!(trace, "! {error}");
                    return Ok(());
                }
            };
            let data = &token["authorizationData"][0];
            let (user, password) = data["authorizationToken"]
                .as_str()
                .and_then(crate::ecr::auth::decode_authorization_token)
                .ok_or_else(|| "docker login: no usable authorization token".to_owned())?;
            let host = data["proxyEndpoint"]
                .as_str()
                .ok_or_else(|| "docker login: no proxy endpoint".to_owned())?;
            Docker::Login {
                registry: host.to_owned(),
                username: user,
                password,
            }
        }
        _ => return Err(format!("unknown docker step: {line}")),
    };
    match sim.apply(Input::Docker(docker)).docker() {
        Ok(out) => {
            for l in out.lines {
                trace.push_str(&l);
                trace.push('\n');
            }
        }
        Err(e) => match e.code {
            Some(code) => {
                let _ = writeln!(trace, "! {} [{code}]", e.message);
            }
            None => {
                let _ = writeln!(trace, "! {}", e.message);
            }
        },
    }
    Ok(())
}

fn pull_step(sim: &Sim, line: &str, trace: &mut String) -> Result<(), String> {
    let mut words = line.split_whitespace().skip(1);
    let image = words
        .next()
        .ok_or_else(|| "pull: which image? (`pull <image> [role=…] [reach=no]`)".to_owned())?;
    let mut role = Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
    let mut denied: Option<String> = None;
    let mut reach = true;
    for option in words {
        match option.split_once('=') {
            Some(("role", "none")) => role = None,
            Some(("role", "all")) => {}
            Some(("role", deny)) if deny.starts_with("deny:") => {
                denied = Some(deny["deny:".len()..].to_owned());
            }
            Some(("reach", "no")) => reach = false,
            _ => return Err(format!("unknown pull option: {option}")),
        }
    }
    let can = |action: &str, _: &str| denied.as_deref() != Some(action);
    match sim.resolve_image_pull(image, role, &can, reach) {
        Ok(p) => {
            let _ = writeln!(
                trace,
                "pulled {} {} {} bytes from {:?} in {} ms",
                p.image,
                p.digest,
                p.size_bytes,
                p.registry,
                crate::images::pull_duration(p.size_bytes).as_millis()
            );
        }
        Err(f) => {
            let _ = writeln!(trace, "! {}", f.stopped_reason);
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn malformed_steps_are_errors_with_line_and_seed() {
        let cases = [
            ("advance soon", "bad duration"),
            ("launch rockets", "unknown step 'launch'"),
            ("ecs CreateCluster {not json", "bad JSON"),
            ("docker build a:1 busybox lots", "not a number"),
            ("docker fly", "unknown docker step"),
            ("pull", "which image"),
            ("pull nginx:latest colour=red", "unknown pull option"),
        ];
        for (step, want) in cases {
            let source = format!("# a comment\n\n{step}\n");
            let err = run(&source, SimConfig::with_seed(42)).unwrap_err();
            assert_eq!(err.line, 3, "{step}");
            assert_eq!(err.seed, 42);
            assert!(err.message.contains(want), "{step}: {err}");
            assert!(err.to_string().starts_with("line 3 (seed 42): "), "{err}");
        }
    }

    #[test]
    fn refusals_are_traced_not_errors() {
        let trace = run(
            "ecs DescribeClusters {\"clusters\": 7}\necs LaunchRocket",
            SimConfig::default(),
        )
        .unwrap();
        let lines: Vec<&str> = trace.lines().collect();
        assert_eq!(lines.len(), 4, "{trace}");
        assert!(lines[1].starts_with("! SerializationException"), "{trace}");
        assert!(
            lines[3].starts_with("! UnknownOperationException"),
            "{trace}"
        );
    }

    #[test]
    fn an_invalid_config_is_reported_at_line_zero() {
        let config = SimConfig {
            region: "mars-north-1".into(),
            ..SimConfig::with_seed(9)
        };
        let err = run("view", config).unwrap_err();
        assert_eq!((err.line, err.seed), (0, 9));
    }

    #[test]
    fn the_report_names_the_seed_and_whether_randomness_was_drawn() {
        let report =
            run_report("ecs CreateCluster {}\nadvance 1h", SimConfig::with_seed(77)).unwrap();
        assert_eq!(report.seed, 77);
        // Every account's default VPC gets seeded ids at creation, so even a
        // run of cluster actions (which draw nothing from `rng`) depends on
        // the seed.
        assert!(report.drew_randomness);
        let mut runner = Runner::new(SimConfig::with_seed(77)).unwrap();
        runner.sim_mut().rng.next_u32();
        assert!(runner.drew_randomness());
    }
}
