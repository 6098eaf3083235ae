//! The fleet day in headless Chromium, plain and with target tracking on
//! every service (`--autoscale` natively, issue 16):
//! `CHROMEDRIVER=$(which chromedriver) cargo test -p stevedore-bench --release
//! --target wasm32-unknown-unknown -- --nocapture` (or `./dev bench`).
//! Prints the figures; asserts only that the workload ran (not its speed).
//!
//! It runs in a dedicated worker: the day takes tens of seconds of one
//! synchronous loop, and on the page's main thread that blocks the renderer
//! long enough for ChromeDriver to give up ("Timed out receiving message
//! from renderer: 30.000") while the runner polls the page for output.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_bench::{Workload, run};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The page's allocator (app/src/main.rs), so that the figures are the page's.
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The page's memcmp and bcmp too (app/src/main.rs).
use stevedore_wasm_mem as _;

/// What the page can tell about memory: the wasm linear memory (it only
/// grows, so its size now is its peak) and Chromium's JS heap, if exposed.
fn memory_lines() -> Vec<String> {
    let pages = core::arch::wasm32::memory_size::<0>();
    let mut out = vec![format!(
        "peak wasm linear memory {:.1} MiB ({pages} pages of 64 KiB)",
        (pages * 65_536) as f64 / (1024.0 * 1024.0)
    )];
    let used = performance()
        .and_then(|p| js_sys::Reflect::get(&p, &JsValue::from_str("memory")).ok())
        .filter(|m| !m.is_undefined())
        .and_then(|m| js_sys::Reflect::get(&m, &JsValue::from_str("usedJSHeapSize")).ok())
        .and_then(|v| v.as_f64());
    match used {
        Some(bytes) => out.push(format!(
            "JS heap in use {:.1} MiB (performance.memory.usedJSHeapSize)",
            bytes / (1024.0 * 1024.0)
        )),
        None => out.push("JS heap unknown (no performance.memory)".to_owned()),
    }
    out
}

/// The global scope's `performance` (the worker's own, like the page's).
fn performance() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| !p.is_undefined())
}

fn print_run(workload: &Workload) -> stevedore_bench::Report {
    let performance = performance().unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &JsValue::from_str("now"))
        .unwrap()
        .into();
    let mut clock = || now.call0(&performance).unwrap().as_f64().unwrap();
    let report = run(workload, &mut clock).unwrap();
    for line in report.lines("wasm32, headless Chromium", &memory_lines()) {
        console_log!("{line}");
    }
    report
}

#[wasm_bindgen_test]
fn fleet_day_in_the_browser() {
    let report = print_run(&Workload::fleet_day());
    assert_eq!(report.running_at_end, report.desired_tasks);
    assert_eq!(report.sim_seconds, 24 * 3600 + 60);
}

/// Issue 16's day: target tracking on every service under a daily demand
/// curve (CloudWatch metrics for 30 services every minute, their alarms
/// and scaling actions).
#[wasm_bindgen_test]
fn autoscaled_fleet_day_in_the_browser() {
    let mut workload = Workload::fleet_day();
    workload.autoscale = true;
    let report = print_run(&workload);
    assert_eq!(report.running_at_end, report.desired_tasks);
    // Its setup (scalable targets, policies) takes a few simulated minutes more.
    assert!(
        report.sim_seconds > 24 * 3600,
        "{} s simulated",
        report.sim_seconds
    );
}

/// What undo costs in the page's engine: a replay of a 200-entry sandbox
/// journal (bench/src/undo.rs).
#[wasm_bindgen_test]
fn undo_of_a_200_entry_journal_in_the_browser() {
    let performance = performance().unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &JsValue::from_str("now"))
        .unwrap()
        .into();
    let mut clock = || now.call0(&performance).unwrap().as_f64().unwrap();
    let report = stevedore_bench::undo::measure_undo(200, 10, &mut clock);
    for line in report.lines("wasm32, headless Chromium") {
        console_log!("{line}");
    }
    assert!(report.entries >= 200);
}
