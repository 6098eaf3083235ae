//! Seeded random command sequences across every operation in `OPERATIONS`:
//! no panic, no broken invariant, a refused command changes nothing, and
//! events come out numbered without gaps and in time order.
//!
//! Inputs come from a corpus, so a new operation or scenario is covered
//! without new code here: every request in `tests/scenarios/*.scn` (and `{}`
//! for an operation no scenario uses yet), plus the scenarios' other steps
//! (`docker …`, `pull …`, any newer step kind), mutated: fields dropped,
//! added (borrowed from other requests), swapped, values replaced by boundary
//! numbers, empty / huge / odd strings or names of resources that exist,
//! array elements duplicated, with `advance` of random durations interleaved.
//!
//! Sequence `i` is generated from seed `i` (which also seeds the Sim). A
//! failure prints its seed and the steps up to the failure, shrunk, as
//! scenario lines (paste them into a `.scn` to keep them as a test);
//! reproduce with
//!
//! ```sh
//! STEVEDORE_SEED=N cargo test -p stevedore-engine --test random_commands
//! ```
//!
//! `STEVEDORE_FUZZ_ITERATIONS=N` sets how many sequences run (default
//! [`DEFAULT_SEQUENCES`]).

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;
use stevedore_engine::rng::Pcg32;
use stevedore_engine::scenario::Runner;
use stevedore_engine::{
    Command, Event, EventKind, Input, Journal, OPERATIONS, Service, Sim, SimConfig, SimDuration,
    SimTime,
};

/// Sequences in a default run (about half a minute in a debug build on 2
/// idle cores, more on a busy machine: the MD5 of every message `produce`
/// sends to a queue, and the full invariant checks, take most of it).
const DEFAULT_SEQUENCES: u64 = 1_500;
/// Verbs of actions that make things.
const MAKERS: &[&str] = &["Create", "Register", "Run"];
/// Longest sequence, in steps.
const MAX_STEPS: u32 = 60;
/// Every how many steps the invariants are checked in full, walking every
/// message of every SQS queue; the other steps check them quickly (queues'
/// indexes, counts and receipts, not each message: `produce work 3000` and
/// schedules sending to queues fill them up to 50,000 messages). Every
/// sequence's last step is checked in full too.
const FULL_CHECK_EVERY: u64 = 8;

// ------------------------------------------------------------- corpus ---

struct Corpus {
    /// Per operation, the requests the scenarios send (`{}` if none does).
    requests: Vec<(Service, &'static str, Vec<Value>)>,
    /// Every (member, value) pair found at any depth of any request.
    fields: Vec<(String, Value)>,
    /// Every other step of the scenarios (`docker …`, `pull …`, and any
    /// step kind added to `engine::scenario` later), run through its runner.
    other_steps: Vec<String>,
}

fn corpus() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "scn"))
        .collect();
    files.sort();
    let mut by_op: BTreeMap<(Service, String), Vec<Value>> = BTreeMap::new();
    let mut other_steps = Vec::new();
    for file in files {
        for line in fs::read_to_string(&file).unwrap().lines() {
            let line = line.trim();
            let mut words = line.splitn(3, ' ');
            let first = words.next().unwrap_or_default();
            if let Some(service) = Service::from_cli_name(first) {
                let op = words.next().unwrap_or_default().to_owned();
                let input = words
                    .next()
                    .map(|j| serde_json::from_str(j).unwrap())
                    .unwrap_or_else(|| json!({}));
                by_op.entry((service, op)).or_default().push(input);
            } else if !line.is_empty()
                && !line.starts_with('#')
                && first != "advance"
                && first != "view"
            {
                // docker …, pull … and any step kind added later.
                other_steps.push(line.to_owned());
            }
        }
    }
    let requests: Vec<_> = OPERATIONS
        .iter()
        .map(|&(service, op)| {
            let found = by_op.remove(&(service, op.to_owned()));
            (service, op, found.unwrap_or_else(|| vec![json!({})]))
        })
        .collect();
    let mut fields = Vec::new();
    for (_, _, inputs) in &requests {
        for input in inputs {
            collect_fields(input, &mut fields);
        }
    }
    Corpus {
        requests,
        fields,
        other_steps,
    }
}

fn collect_fields(value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push((k.clone(), v.clone()));
                collect_fields(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_fields(v, out)),
        _ => {}
    }
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

// ---------------------------------------------------------- generator ---

struct Gen {
    rng: Pcg32,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n.max(1) as u32) as usize
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.rng.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A string from the account's current resources (names, ARNs, URIs,
    /// tags, digests: every string of the view and of the local docker
    /// images), or an odd one.
    fn string(&mut self, names: &[String]) -> String {
        if !names.is_empty() && self.chance(50) {
            return self.pick(names).clone();
        }
        match self.below(12) {
            0 => String::new(),
            1 => "a".repeat(256),
            2 => "x".repeat(5000),
            3 => "Ω-ünïcode".to_owned(),
            4 => "with space".to_owned(),
            5 => "\u{0}\n\t".to_owned(),
            6 => "../../etc".to_owned(),
            7 => "UPPER_case".to_owned(),
            8 => "*".to_owned(),
            9 => "arn:aws:ecs:us-east-1:123456789012:cluster/ghost".to_owned(),
            10 => "sha256:0000".to_owned(),
            _ => format!("n{}", self.below(4)),
        }
    }

    fn number(&mut self) -> Value {
        match self.below(10) {
            0 => json!(0),
            1 => json!(-1),
            2 => json!(1),
            3 => json!(100),
            4 => json!(1001),
            5 => json!(i64::MAX),
            6 => json!(u64::MAX),
            7 => json!(i64::MIN),
            8 => json!(1.5),
            _ => json!(1e300),
        }
    }

    fn scalar(&mut self, names: &[String]) -> Value {
        match self.below(8) {
            0..=2 => Value::String(self.string(names)),
            3..=4 => self.number(),
            5 => Value::Bool(self.chance(50)),
            6 => Value::Null,
            _ => {
                if self.chance(50) {
                    json!([])
                } else {
                    json!({})
                }
            }
        }
    }

    fn mutate(&mut self, request: &mut Value, corpus: &Corpus, names: &[String]) {
        let mut paths = Vec::new();
        node_paths(request, &mut Vec::new(), &mut paths);
        let path = self.pick(&paths).clone();
        let Some(node) = node_at(request, &path) else {
            return;
        };
        match self.below(7) {
            // Drop a member.
            0 => {
                if let Value::Object(map) = node
                    && !map.is_empty()
                {
                    let key = map.keys().nth(self.below(map.len())).cloned().unwrap();
                    map.remove(&key);
                }
            }
            // Add a member some request has (maybe one this shape lacks).
            1 => {
                if let Value::Object(map) = node
                    && !corpus.fields.is_empty()
                {
                    let (k, v) = self.pick(&corpus.fields).clone();
                    map.insert(k, v);
                }
            }
            // Swap the values of two members.
            2 => {
                if let Value::Object(map) = node
                    && map.len() >= 2
                {
                    let keys: Vec<String> = map.keys().cloned().collect();
                    let a = self.pick(&keys).clone();
                    let b = self.pick(&keys).clone();
                    let va = map[&a].clone();
                    let vb = std::mem::replace(map.get_mut(&b).unwrap(), va);
                    map.insert(a, vb);
                }
            }
            // Duplicate an array element, or wrap the value in an array.
            3 => match node {
                Value::Array(items) if !items.is_empty() => {
                    let i = self.below(items.len());
                    let item = items[i].clone();
                    items.insert(i, item);
                }
                other => *other = Value::Array(vec![other.clone(), other.clone()]),
            },
            // A name of something that exists.
            4 if !names.is_empty() => *node = Value::String(self.pick(names).clone()),
            // A boundary number.
            5 => *node = self.number(),
            // Anything.
            _ => *node = self.scalar(names),
        }
    }

    fn duration(&mut self) -> SimDuration {
        let ms = match self.below(10) {
            0 => 0,
            1 => 1,
            2 => 1_000,
            3 => 30_000,
            4 => 90_000,
            5 => 3_600_000,
            6 => 86_400_000,
            7 => 90_000_000,
            8 => 30 * 86_400_000,
            _ => u64::from(self.rng.next_u32() % 100_000_000),
        };
        SimDuration(ms)
    }

    /// One step, as a scenario line, chosen against the current state.
    fn step(&mut self, corpus: &Corpus, runner: &Runner) -> String {
        let roll = self.below(100);
        if roll < 12 {
            return format!("advance {}ms", self.duration().0);
        }
        let mut names = Vec::new();
        collect_strings(
            &serde_json::to_value(runner.sim().view()).unwrap(),
            &mut names,
        );
        for (reference, digest, _) in runner.sim().docker_images() {
            names.push(reference);
            names.push(digest);
        }
        names.retain(|n| !n.is_empty() && !n.contains(char::is_whitespace));
        if roll < 25 && !corpus.other_steps.is_empty() {
            let line = self.pick(&corpus.other_steps).clone();
            let words: Vec<String> = line
                .split(' ')
                .enumerate()
                .map(|(i, w)| {
                    if i >= 2 && self.chance(25) {
                        let s = self.string(&names);
                        if s.is_empty() || s.contains(char::is_whitespace) {
                            w.to_owned()
                        } else {
                            s
                        }
                    } else {
                        w.to_owned()
                    }
                })
                .collect();
            return words.join(" ");
        }
        // A quarter of the calls make something (by the action's verb, so
        // new operations count too): later calls then find things to act on.
        let makers: Vec<_> = corpus
            .requests
            .iter()
            .filter(|(_, op, _)| MAKERS.iter().any(|verb| op.starts_with(verb)))
            .collect();
        let (service, op, inputs) = if roll < 45 && !makers.is_empty() {
            *self.pick(&makers)
        } else {
            self.pick(&corpus.requests)
        };
        let mut request = self.pick(inputs).clone();
        let mutations = if self.chance(40) {
            0
        } else {
            1 + self.below(3)
        };
        for _ in 0..mutations {
            self.mutate(&mut request, corpus, &names);
        }
        format!(
            "{} {op} {}",
            service.cli_name(),
            serde_json::to_string(&request).unwrap()
        )
    }
}

fn node_paths(value: &Value, at: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(PathStep::Key(k.clone()));
                node_paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(PathStep::Index(i));
                node_paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn node_at<'a>(value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut node = value;
    for step in path {
        node = match step {
            PathStep::Key(k) => node.as_object_mut()?.get_mut(k)?,
            PathStep::Index(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(node)
}

// ----------------------------------------------------------- executor ---

#[derive(Default)]
struct Stats {
    steps: u64,
    accepted: BTreeMap<&'static str, u64>,
    refused: BTreeMap<&'static str, u64>,
    events: u64,
}

/// Checks events as they come out: `seq` 1, 2, 3, … and times that never
/// decrease nor run ahead of the clock.
struct EventCheck {
    next_seq: u64,
    last_time: SimTime,
}

impl EventCheck {
    fn new() -> Self {
        EventCheck {
            next_seq: 1,
            last_time: SimTime::ZERO,
        }
    }

    fn check(&mut self, events: &[Event], now: SimTime) -> Result<(), String> {
        for e in events {
            if e.seq != self.next_seq {
                return Err(format!(
                    "event #{} came where #{} was due: {e}",
                    e.seq, self.next_seq
                ));
            }
            if e.time < self.last_time || e.time > now {
                return Err(format!(
                    "event time {} out of order (previous {}, now {now}): {e}",
                    e.time, self.last_time
                ));
            }
            self.next_seq += 1;
            self.last_time = e.time;
        }
        Ok(())
    }
}

/// Runs one generated step and checks everything; `Err` is a failure.
fn execute(
    runner: &mut Runner,
    line: &str,
    events: &mut EventCheck,
    stats: &mut Stats,
) -> Result<(), String> {
    stats.steps += 1;
    let mut words = line.splitn(3, ' ');
    let first = words.next().unwrap_or_default();
    let emitted = if let Some(service) = Service::from_cli_name(first) {
        let op = words.next().unwrap_or_default();
        let input: Value = serde_json::from_str(words.next().unwrap_or("{}")).unwrap();
        let name = OPERATIONS
            .iter()
            .find(|(s, o)| *s == service && *o == op)
            .map(|(_, o)| *o)
            .unwrap();
        let before = runner.sim().view();
        let result = Command::from_json(service, op, input)
            .and_then(|command| runner.sim_mut().apply(Input::Api(command)).api());
        let emitted = runner.sim_mut().drain_events();
        match result {
            Ok(_) => *stats.accepted.entry(name).or_default() += 1,
            Err(error) => {
                *stats.refused.entry(name).or_default() += 1;
                if !emitted.is_empty() {
                    return Err(format!("refused ({error}) yet emitted {:?}", emitted));
                }
                if runner.sim().view() != before {
                    return Err(format!("refused ({error}) yet the view changed"));
                }
            }
        }
        emitted
    } else if first == "advance" {
        let d = SimDuration::parse(words.next().unwrap_or_default()).unwrap();
        runner.sim_mut().apply(Input::Advance(d));
        runner.sim_mut().drain_events()
    } else {
        // docker, pull and newer steps, through the scenario runner: a malformed
        // (mutated) step is its error, not a failure; a broken invariant is.
        match runner.step(0, line) {
            Ok(emitted) => emitted,
            Err(e) if e.message.starts_with("invariant broken") => return Err(e.to_string()),
            Err(_) => runner.sim_mut().drain_events(),
        }
    };
    stats.events += emitted.len() as u64;
    events.check(&emitted, runner.sim().now())?;
    if stats.steps.is_multiple_of(FULL_CHECK_EVERY) {
        runner.sim().check_invariants()?;
    } else {
        runner.sim().check_invariants_quickly()?;
    }
    Ok(())
}

/// The account's journal, written as text and read back, is the same
/// journal, and replays to the very same state (mutated inputs, refusals,
/// faults, docker and time included).
fn journal_replays(sim: &Sim) -> Result<(), String> {
    let journal = sim.journal();
    let text = journal.to_text();
    let read = Journal::parse(&text).map_err(|e| format!("journal does not read back: {e}"))?;
    if &read != journal {
        return Err("the journal read back differs from the one written".to_owned());
    }
    let replayed = read
        .replay()
        .map_err(|e| format!("journal does not replay: {e}"))?;
    if replayed.state_fingerprint() != sim.state_fingerprint() {
        return Err(format!(
            "the journal ({} entries) replays to a different state",
            journal.len()
        ));
    }
    Ok(())
}

/// A failure: the index of the failing step and what went wrong.
type Failure = (usize, String);

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".to_owned())
}

/// Generates and runs sequence `seed`; returns its steps (up to a failure)
/// and the failure, if any.
fn generate_and_run(
    seed: u64,
    corpus: &Corpus,
    stats: &mut Stats,
) -> (Vec<String>, Option<Failure>) {
    let mut lines = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut g = Gen {
            rng: Pcg32::new(seed, 0x5a17),
        };
        let mut runner = Runner::new(SimConfig::with_seed(seed)).unwrap();
        let mut events = EventCheck::new();
        let len = 1 + g.rng.below(MAX_STEPS);
        for i in 0..len as usize {
            let line = g.step(corpus, &runner);
            lines.push(line.clone());
            if let Err(message) = execute(&mut runner, &line, &mut events, stats) {
                return Some((i, message));
            }
        }
        let rest = runner.sim_mut().drain_events();
        if !rest.is_empty() {
            return Some((lines.len(), format!("events left undrained: {rest:?}")));
        }
        if let Err(broken) = runner.sim().check_invariants() {
            return Some((lines.len().saturating_sub(1), broken));
        }
        journal_replays(runner.sim())
            .err()
            .map(|e| (lines.len(), e))
    }));
    let failure =
        outcome.unwrap_or_else(|p| Some((lines.len().saturating_sub(1), panic_message(&*p))));
    (lines, failure)
}

/// Runs recorded steps again (for shrinking); `Some` if they fail.
fn replay(seed: u64, lines: &[String]) -> Option<Failure> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut runner = Runner::new(SimConfig::with_seed(seed)).unwrap();
        let mut events = EventCheck::new();
        let mut stats = Stats::default();
        for (i, line) in lines.iter().enumerate() {
            if let Err(message) = execute(&mut runner, line, &mut events, &mut stats) {
                return Some((i, message));
            }
        }
        runner
            .sim()
            .check_invariants()
            .err()
            .map(|broken| (lines.len().saturating_sub(1), broken))
    }))
    .unwrap_or_else(|p| Some((lines.len().saturating_sub(1), panic_message(&*p))))
}

/// Drops steps one at a time while the sequence still fails.
fn shrink(seed: u64, mut lines: Vec<String>) -> Vec<String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut i = lines.len();
    while i > 0 {
        i -= 1;
        if lines.len() == 1 {
            break;
        }
        let mut shorter = lines.clone();
        shorter.remove(i);
        if let Some((at, _)) = replay(seed, &shorter) {
            shorter.truncate(at + 1);
            lines = shorter;
            i = i.min(lines.len());
        }
    }
    std::panic::set_hook(hook);
    lines
}

fn report(seed: u64, lines: Vec<String>, (at, message): Failure) -> String {
    let up_to = lines[..=at.min(lines.len().saturating_sub(1))].to_vec();
    let shrunk = shrink(seed, up_to.clone());
    format!(
        "sequence seed {seed} failed at step {} of {}: {message}\n\
         reproduce: STEVEDORE_SEED={seed} cargo test -p stevedore-engine --test random_commands\n\
         steps up to the failure, shrunk to {} (scenario lines; the Sim seed is {seed}):\n{}\n",
        at + 1,
        lines.len(),
        shrunk.len(),
        shrunk.join("\n"),
    )
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
    })
}

#[test]
fn random_command_sequences_keep_the_engine_sound() {
    let corpus = corpus();
    let seeds: Vec<u64> = match env_u64("STEVEDORE_SEED") {
        Some(seed) => vec![seed],
        None => (0..env_u64("STEVEDORE_FUZZ_ITERATIONS").unwrap_or(DEFAULT_SEQUENCES)).collect(),
    };
    let single = seeds.len() == 1;
    let started = Instant::now();
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    let mut sequences = 0;
    for &seed in &seeds {
        sequences += 1;
        let (lines, failure) = generate_and_run(seed, &corpus, &mut stats);
        if single {
            println!("sequence seed {seed}:\n{}", lines.join("\n"));
        }
        if let Some(failure) = failure {
            let text = report(seed, lines, failure);
            println!("{text}");
            failures.push(text);
            if failures.len() >= 3 {
                break;
            }
        }
    }
    let elapsed = started.elapsed();
    let accepted: u64 = stats.accepted.values().sum();
    let refused: u64 = stats.refused.values().sum();
    println!(
        "random commands: {} sequences, {} steps ({accepted} accepted and {refused} refused API calls, {} events) in {:.2?} ({:.0} steps/s)",
        sequences,
        stats.steps,
        stats.events,
        elapsed,
        stats.steps as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if !single {
        // Not vacuous: every operation was tried, most were accepted at
        // least once, and refusals were exercised.
        for (_, op) in OPERATIONS {
            let tried = stats.accepted.get(op).copied().unwrap_or(0)
                + stats.refused.get(op).copied().unwrap_or(0);
            assert!(tried > 0, "{op} was never tried");
        }
        assert!(refused > 0 && accepted > 0);
        assert!(stats.events > 0, "no events in {} steps", stats.steps);
    }
}

/// Events are ordered and complete: over long random runs, `seq` goes 1, 2,
/// 3, … with no gap and times never decrease (checked as they are drained,
/// by `EventCheck`), and at the end every event has been drained.
#[test]
fn events_are_numbered_without_gaps_and_never_go_back_in_time() {
    let corpus = corpus();
    let mut total = 0;
    for seed in 10_000..10_020 {
        let mut g = Gen {
            rng: Pcg32::new(seed, 0xe7),
        };
        let mut runner = Runner::new(SimConfig::with_seed(seed)).unwrap();
        let mut events = EventCheck::new();
        let mut stats = Stats::default();
        for _ in 0..150 {
            let line = g.step(&corpus, &runner);
            if let Err(message) = execute(&mut runner, &line, &mut events, &mut stats) {
                panic!("seed {seed}: {line}: {message}");
            }
        }
        if let Err(broken) = runner.sim().check_invariants() {
            panic!("seed {seed}: {broken}");
        }
        // Complete: the numbers handed out are exactly the ones seen.
        assert_eq!(events.next_seq - 1, stats.events, "seed {seed}");
        total += stats.events;
    }
    assert!(
        total > 50,
        "only {total} events: the test would prove little"
    );
}

/// The checker itself catches gaps, repeats, time going back and events
/// ahead of the clock.
#[test]
fn the_event_check_catches_gaps_and_time_going_back() {
    let e = |seq, ms| Event {
        seq,
        time: SimTime(ms),
        kind: EventKind::ClusterCreated {
            cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/x".into(),
        },
    };
    let now = SimTime(1_000);
    let check = |events: &[Event]| EventCheck::new().check(events, now);
    assert!(check(&[e(1, 0), e(2, 5), e(3, 5), e(4, 1_000)]).is_ok());
    assert!(check(&[e(2, 0)]).is_err(), "starts at 2");
    assert!(check(&[e(1, 0), e(3, 0)]).is_err(), "gap");
    assert!(check(&[e(1, 0), e(1, 0)]).is_err(), "repeat");
    assert!(check(&[e(1, 10), e(2, 9)]).is_err(), "back in time");
    assert!(check(&[e(1, 1_001)]).is_err(), "ahead of the clock");
}
