//! Same seed + same steps → same trace, in the browser too: every
//! `engine/tests/scenarios/*.scn` runs through
//! `stevedore_engine::scenario::run` in headless Chromium (wasm32) and must
//! give its checked-in `.trace` byte for byte, exactly as the native
//! `engine/tests/scenarios.rs` does. The files are embedded by `app/build.rs`,
//! so a new scenario is covered without editing this file.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stevedore_engine::SimConfig;
use stevedore_engine::scenario;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

/// The seed the checked-in traces were made with (engine/tests/scenarios.rs).
const SEED: u64 = 1;

#[wasm_bindgen_test]
fn every_scenario_gives_its_checked_in_trace_in_wasm() {
    assert!(!SCENARIOS.is_empty(), "no scenarios embedded");
    let mut failures = Vec::new();
    for (name, source, expected) in SCENARIOS {
        let Some(expected) = expected else {
            failures.push(format!("{name}.scn has no .trace"));
            continue;
        };
        let actual = match scenario::run(source, SimConfig::with_seed(SEED)) {
            Ok(trace) => trace,
            Err(e) => {
                failures.push(format!("{name}.scn: {e}"));
                continue;
            }
        };
        if actual != *expected {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            failures.push(format!(
                "{name}: wasm trace differs from the checked-in trace at line {}:\n  expected: {}\n  actual:   {}",
                line + 1,
                expected.lines().nth(line).unwrap_or("<end>"),
                actual.lines().nth(line).unwrap_or("<end>"),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn the_same_seed_twice_gives_the_same_trace_in_wasm() {
    for (name, source, _) in SCENARIOS {
        let seed = 0x5eed_u64;
        let a = scenario::run(source, SimConfig::with_seed(seed)).unwrap();
        let b = scenario::run(source, SimConfig::with_seed(seed)).unwrap();
        assert_eq!(a, b, "{name} with seed {seed}");
    }
}

/// The journal of every scenario replays in wasm to the same state and
/// events, as natively (engine/tests/scenarios.rs).
#[wasm_bindgen_test]
fn every_scenario_journal_replays_in_wasm() {
    let mut failures = Vec::new();
    for (name, source, _) in SCENARIOS {
        if let Err(e) = scenario::replay_check(source, SimConfig::with_seed(SEED)) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every lab is playable in the browser's simulator: its full reference
/// solution, run through `cli::labs::check` in wasm, meets every goal of
/// every step, as `cli/tests/labs.rs` checks natively.
#[wasm_bindgen_test]
fn every_lab_solution_meets_its_goals_in_wasm() {
    let labs = &stevedore_lessons::course().labs;
    assert!(labs.len() >= 8, "{} labs", labs.len());
    let mut failures = Vec::new();
    for lab in labs {
        let script: String = lab
            .steps
            .iter()
            .map(|s| s.solution.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        match stevedore_cli::labs::check(lab, &script) {
            Ok(checked) if checked.passed() => {}
            Ok(checked) => failures.push(format!(
                "{}: unmet {:?}",
                lab.id,
                checked
                    .steps
                    .iter()
                    .flat_map(|s| &s.goals)
                    .filter(|g| !g.met)
                    .map(|g| &g.detail)
                    .collect::<Vec<_>>()
            )),
            Err(e) => failures.push(format!("{}: {e}", lab.id)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
