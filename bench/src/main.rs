//! `cargo run -p stevedore-bench --release`: the fleet day, natively
//! (`-- --undo`: what undo costs on a 200-entry sandbox journal;
//! `-- --fingerprint`: a hash of the account at the end instead of times).
//! Prints wall time, simulated seconds per wall second, events and peak
//! memory (VmHWM from /proc/self/status, Linux only).

#![allow(clippy::print_stdout)]

use std::time::Instant;
use stevedore_bench::{Workload, run};

/// Peak resident set size in KiB, where the OS tells it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> std::process::ExitCode {
    if std::env::args().any(|a| a == "--undo") {
        // What undo costs on a 200-entry sandbox journal (bench/src/undo.rs).
        let start = Instant::now();
        let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
        let report = stevedore_bench::undo::measure_undo(200, 20, &mut clock);
        for line in report.lines("native") {
            println!("{line}");
        }
        return std::process::ExitCode::SUCCESS;
    }
    let smoke = std::env::args().any(|a| a == "--smoke");
    let mut workload = if smoke {
        Workload::smoke()
    } else {
        Workload::fleet_day()
    };
    // `--hours N`: a shorter (or longer) day, for profiling.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--hours") {
        match args.get(i + 1).and_then(|h| h.parse().ok()) {
            Some(hours) => workload.hours = hours,
            None => {
                eprintln!("--hours needs a whole number of hours");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    // `--rps N`: `sim traffic` rate per service (0: no load balancers),
    // to compare.
    if let Some(i) = args.iter().position(|a| a == "--rps") {
        match args.get(i + 1).and_then(|n| n.parse().ok()) {
            Some(rps) => workload.requests_per_second = rps,
            None => {
                eprintln!("--rps needs a whole number of requests per second");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    // `--autoscale`: issue 16's day (target tracking on every service
    // under a daily demand curve).
    workload.autoscale = args.iter().any(|a| a == "--autoscale");
    // `--fingerprint`: no timing; a hash of the account at the end of the
    // day (`Sim::state_fingerprint`), to tell that a change to the engine
    // kept its behaviour.
    if args.iter().any(|a| a == "--fingerprint") {
        return match stevedore_bench::run_with_sim(&workload) {
            Ok((report, sim)) => {
                // FNV-1a, 64 bits.
                let hash = sim
                    .state_fingerprint()
                    .bytes()
                    .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                    });
                println!(
                    "fingerprint {hash:016x}: {} events, {} timers fired, {} tasks started",
                    report.events, report.timers_fired, report.tasks_started
                );
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("fleet day failed: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let start = Instant::now();
    let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
    match run(&workload, &mut clock) {
        Ok(report) => {
            let memory = match peak_rss_kib() {
                Some(kib) => vec![format!(
                    "peak RSS {:.1} MiB (VmHWM, whole process)",
                    kib as f64 / 1024.0
                )],
                None => vec!["peak RSS unknown (no /proc/self/status)".to_owned()],
            };
            for line in report.lines("native", &memory) {
                println!("{line}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fleet day failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
