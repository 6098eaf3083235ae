//! Transcript tests: each `tests/transcripts/*.txt` holds `$ aws …` lines,
//! each followed by exactly what the command line prints (stderr lines
//! prefixed `! `, a non-zero exit code as `[exit N]`); `> ` lines right
//! after a `$ ` line continue its command (here-documents), and one shell
//! runs the whole file, so variables carry from line to line. A line
//! `@ advance 90s` moves simulated time. The test replays the
//! commands on a fresh simulator and compares the whole file. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files, then review the diff.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::Path;
use stevedore_engine::{Input, Sim, SimConfig};

fn replay(source: &str) -> String {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    // One shell per transcript: variables set on one line are there on the next.
    let mut shell = stevedore_cli::shell::Shell::new();
    let mut out = String::new();
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if let Some(first) = line.strip_prefix("$ ") {
            // `> ` lines after a `$ ` line continue its command, as a
            // shell's second prompt shows them (here-documents).
            let mut command = first.to_owned();
            out.push_str(line);
            out.push('\n');
            while let Some(more) = lines.get(i).and_then(|l| l.strip_prefix("> ")) {
                command.push('\n');
                command.push_str(more);
                out.push_str(lines[i]);
                out.push('\n');
                i += 1;
            }
            let outcome = shell.run(&mut sim, &command);
            out.push_str(&outcome.stdout);
            for err_line in outcome.stderr.lines() {
                out.push_str(&format!("! {err_line}\n"));
            }
            if outcome.exit_code != 0 {
                out.push_str(&format!("[exit {}]\n", outcome.exit_code));
            }
        } else if let Some(duration) = line.strip_prefix("@ advance ") {
            // Simulated time passes (the sandbox's clock control).
            let d = stevedore_engine::SimDuration::parse(duration).unwrap();
            sim.apply(Input::Advance(d));
            out.push_str(line);
            out.push('\n');
        } else if line == "#" || line.starts_with("# ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn transcripts_match() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let expected = fs::read_to_string(path).unwrap();
        let actual = replay(&expected);
        if update {
            fs::write(path, &actual).unwrap();
        } else if actual != expected {
            let n = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            failures.push(format!(
                "{}:{}:\n  expected: {}\n  actual:   {}",
                path.display(),
                n + 1,
                expected.lines().nth(n).unwrap_or("<end>"),
                actual.lines().nth(n).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_SNAPSHOTS=1 to accept)",
        failures.join("\n")
    );
}
