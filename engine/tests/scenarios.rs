//! Data-driven scenario tests: each `tests/scenarios/*.scn` is a list of
//! steps; running it with `stevedore_engine::scenario::run` (seed 1) gives a
//! compact trace that must equal the checked-in `*.trace` beside it. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the traces, then review the diff. The step
//! syntax and the trace format are documented in `engine/src/scenario.rs`;
//! `app/tests/determinism.rs` runs the same files in headless Chromium.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use stevedore_engine::SimConfig;
use stevedore_engine::scenario::{self, run_report};

/// The seed the checked-in traces were made with.
const SEED: u64 = 1;

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "scn"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no scenarios in {}", dir.display());
    entries
}

fn run(path: &Path, seed: u64) -> String {
    let source = fs::read_to_string(path).unwrap();
    scenario::run(&source, SimConfig::with_seed(seed))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn scenarios_match_their_traces() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for path in scenario_files() {
        let actual = run(&path, SEED);
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

/// Same seed + same steps → the same trace, for every scenario.
#[test]
fn every_scenario_gives_the_same_trace_twice() {
    for path in scenario_files() {
        for seed in [SEED, 0xdead_beef] {
            assert_eq!(
                run(&path, seed),
                run(&path, seed),
                "{} is not deterministic with seed {seed}",
                path.display()
            );
        }
    }
}

/// Another seed runs the same steps. Only what is drawn from the seeded
/// generator may differ: a scenario that drew nothing gives the very same
/// trace, and the runner reports the seed each run used.
#[test]
fn another_seed_differs_only_where_randomness_is_drawn() {
    for path in scenario_files() {
        let source = fs::read_to_string(&path).unwrap();
        let one = run_report(&source, SimConfig::with_seed(SEED)).unwrap();
        let other = run_report(&source, SimConfig::with_seed(SEED + 1)).unwrap();
        assert_eq!((one.seed, other.seed), (SEED, SEED + 1));
        assert_eq!(
            one.drew_randomness,
            other.drew_randomness,
            "{}",
            path.display()
        );
        let steps = |trace: &str| -> Vec<String> {
            trace
                .lines()
                .filter(|l| l.starts_with("> "))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(steps(&one.trace), steps(&other.trace), "{}", path.display());
        if !one.drew_randomness {
            assert_eq!(
                one.trace,
                other.trace,
                "{} drew no randomness, yet seeds {} and {} gave different traces",
                path.display(),
                one.seed,
                other.seed
            );
        }
    }
}

/// Every scenario's journal reads back from its text and replays on a
/// fresh account to the same state and the same events
/// (`scenario::replay_check`; `app/tests/determinism.rs` does the same in
/// headless Chromium).
#[test]
fn every_scenario_journal_replays_to_the_same_account() {
    let mut failures = Vec::new();
    for path in scenario_files() {
        let source = fs::read_to_string(&path).unwrap();
        if let Err(e) = scenario::replay_check(&source, SimConfig::with_seed(SEED)) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
