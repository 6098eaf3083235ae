//! Data-driven scenario tests: each `tests/scenarios/*.scn` is a list of
//! steps; running it gives a compact trace that must equal the checked-in
//! `*.trace` beside it. Run with `UPDATE_SNAPSHOTS=1` to rewrite the traces,
//! then review the diff.
//!
//! Step syntax (one per line, `#` starts a comment line):
//! - `<service> <Operation> <json>`: run an API action, e.g.
//!   `ecs CreateCluster {"clusterName": "demo"}` (JSON optional);
//! - `advance <duration>`: move simulated time (`90s`, `15m`, `1h`);
//! - `view`: print the plain-data view.
//!
//! The invariants are checked after every step.

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use std::fs;
use std::path::Path;
use stevedore_engine::{Command, Service, Sim, SimConfig, SimDuration};

fn run_scenario(source: &str) -> String {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let mut trace = String::new();
    for (number, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        trace.push_str(&format!("> {line}\n"));
        let mut words = line.splitn(3, ' ');
        let first = words.next().unwrap_or_default();
        match first {
            "advance" => {
                let d = words.next().and_then(SimDuration::parse);
                let d = d.unwrap_or_else(|| panic!("line {}: bad duration", number + 1));
                sim.advance(d);
            }
            "view" => {
                trace.push_str(&serde_json::to_string(&sim.view()).unwrap());
                trace.push('\n');
            }
            service => {
                let service = Service::from_cli_name(service)
                    .unwrap_or_else(|| panic!("line {}: unknown step '{service}'", number + 1));
                let operation = words.next().unwrap_or_default();
                let input = match words.next() {
                    Some(json) => serde_json::from_str(json)
                        .unwrap_or_else(|e| panic!("line {}: bad JSON: {e}", number + 1)),
                    None => serde_json::Value::Null,
                };
                let result = Command::from_json(service, operation, input)
                    .and_then(|command| sim.execute(command));
                match result {
                    Ok(response) => {
                        trace.push_str(&serde_json::to_string(&response.to_json()).unwrap());
                        trace.push('\n');
                    }
                    Err(error) => trace.push_str(&format!("! {error}\n")),
                }
            }
        }
        for event in sim.drain_events() {
            trace.push_str(&format!("  event {event}\n"));
        }
        if let Err(broken) = sim.check_invariants() {
            panic!("line {}: invariant broken: {broken}", number + 1);
        }
    }
    trace
}

#[test]
fn scenarios_match_their_traces() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "scn"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no scenarios in {}", dir.display());
    let mut failures = Vec::new();
    for path in entries {
        let source = fs::read_to_string(&path).unwrap();
        let actual = run_scenario(&source);
        let trace_path = path.with_extension("trace");
        if update {
            fs::write(&trace_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&trace_path).unwrap_or_default();
        if expected != actual {
            let first_diff = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            failures.push(format!(
                "{}: trace differs from line {}:\n  expected: {}\n  actual:   {}",
                path.display(),
                first_diff + 1,
                expected.lines().nth(first_diff).unwrap_or("<end>"),
                actual.lines().nth(first_diff).unwrap_or("<end>"),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with UPDATE_SNAPSHOTS=1 to accept, then review the diff)",
        failures.join("\n")
    );
}

#[test]
fn same_seed_and_commands_give_the_same_trace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let source = fs::read_to_string(dir.join("clusters.scn")).unwrap();
    assert_eq!(run_scenario(&source), run_scenario(&source));
}
