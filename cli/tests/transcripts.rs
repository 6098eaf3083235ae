//! Transcript tests: each `tests/transcripts/*.txt` holds `$ aws …` lines,
//! each followed by exactly what the command line prints (stderr lines
//! prefixed `! `, a non-zero exit code as `[exit N]`). A line
//! `@ advance 90s` moves simulated time. The test replays the
//! commands on a fresh simulator and compares the whole file. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files, then review the diff.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::Path;
use stevedore_engine::{Docker, Input, Sim, SimConfig};

fn replay(source: &str) -> String {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let mut out = String::new();
    for line in source.lines() {
        if let Some(command) = line.strip_prefix("$ docker ") {
            out.push_str(line);
            out.push('\n');
            out.push_str(&docker(&mut sim, command));
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.push_str(line);
            out.push('\n');
            let outcome = stevedore_cli::run(&mut sim, command);
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
        } else if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `$ docker …` lines run the engine's simulated Docker client until the
/// command line wires `docker` itself. `docker login … <registry>` stands for
/// `aws ecr get-login-password | docker login --username AWS
/// --password-stdin <registry>`: it takes a fresh token from
/// GetAuthorizationToken.
fn docker(sim: &mut Sim, command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    let command = match words.as_slice() {
        ["build", "-t", tag, "--from", base, "--size-mb", mb] => Docker::Build {
            tag: (*tag).to_owned(),
            from: (*base).to_owned(),
            size_mb: mb.parse().unwrap(),
        },
        ["tag", source, target] => Docker::Tag {
            source: (*source).to_owned(),
            target: (*target).to_owned(),
        },
        ["push", image] => Docker::Push {
            image: (*image).to_owned(),
        },
        ["pull", image] => Docker::Pull {
            image: (*image).to_owned(),
        },
        ["login", "--username", user, "--password-stdin", registry] => {
            let outcome = stevedore_cli::run(sim, "aws ecr get-authorization-token");
            let response: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
            let token = response["authorizationData"][0]["authorizationToken"]
                .as_str()
                .unwrap();
            let (_, password) =
                stevedore_engine::ecr::auth::decode_authorization_token(token).unwrap();
            Docker::Login {
                registry: (*registry).to_owned(),
                username: (*user).to_owned(),
                password,
            }
        }
        _ => panic!("unknown docker line: {command}"),
    };
    match sim.apply(Input::Docker(command)).docker() {
        Ok(output) => output.lines.iter().map(|l| format!("{l}\n")).collect(),
        Err(error) => format!("! {}\n[exit 1]\n", error.message),
    }
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
