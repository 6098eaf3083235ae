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
//! - `docker build <tag> <base-image> <added-MB>`, `docker tag <src> <dst>`,
//!   `docker login` (GetAuthorizationToken, then `docker login` to this
//!   account's registry with its password), `docker push <ref>`,
//!   `docker pull <ref>`: the simulated Docker client (engine/src/images);
//! - `pull <image> [role=none|all|deny:<action>] [reach=no]`: the pull
//!   decision an ECS task makes (`Sim::resolve_image_pull`).
//! - `fault <name> <args>`: inject a fault (engine/src/faults.rs):
//!   `fault kill-task <task-id> [container] [exit-code]`,
//!   `fault oom <task-id> [container]`,
//!   `fault break-health <task-id|service> [container]`,
//!   `fault fix-health <task-id|service> [container]`,
//!   `fault terminate-instance <i-…>`, `fault remove-tag <image>`,
//!   `fault lose-az <az>`, `fault restore-az <az>`; `-` skips an optional
//!   argument. In fault steps and in JSON inputs, `task#N` stands for the id
//!   of the N-th task (from 0) in the order the trace's events first named
//!   them (task ids are random).
//!
//! The invariants are checked after every step.

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use std::fs;
use std::path::Path;
use stevedore_engine::{Command, Service, Sim, SimConfig, SimDuration};

fn run_scenario(source: &str) -> String {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let mut trace = String::new();
    let mut tasks: Vec<String> = Vec::new();
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
            "docker" => docker_step(&mut sim, line, &mut trace),
            "pull" => pull_step(&sim, line, &mut trace),
            "fault" => fault_step(&mut sim, &tasks, line, &mut trace),
            service => {
                let service = Service::from_cli_name(service)
                    .unwrap_or_else(|| panic!("line {}: unknown step '{service}'", number + 1));
                let operation = words.next().unwrap_or_default();
                let input = match words.next().map(|json| task_words(&tasks, json)) {
                    Some(json) => serde_json::from_str(&json)
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
            if let stevedore_engine::EventKind::TaskStateChanged { task_arn, .. } = &event.kind
                && !tasks.contains(task_arn)
            {
                tasks.push(task_arn.clone());
            }
            trace.push_str(&format!("  event {event}\n"));
        }
        if let Err(broken) = sim.check_invariants() {
            panic!("line {}: invariant broken: {broken}", number + 1);
        }
    }
    trace
}

/// `task#N` → the id of the N-th task the events named, else as is.
fn task_word(tasks: &[String], word: &str) -> String {
    match word.strip_prefix("task#") {
        Some(n) => {
            let n: usize = n.parse().unwrap();
            let arn = tasks
                .get(n)
                .unwrap_or_else(|| panic!("task#{n}: only {} tasks so far", tasks.len()));
            arn.rsplit('/').next().unwrap().to_owned()
        }
        None => word.to_owned(),
    }
}

/// Every `"task#N"` in a JSON input → the task's id.
fn task_words(tasks: &[String], json: &str) -> String {
    let mut out = json.to_owned();
    for n in (0..tasks.len()).rev() {
        out = out.replace(
            &format!("\"task#{n}\""),
            &format!("\"{}\"", task_word(tasks, &format!("task#{n}"))),
        );
    }
    out
}

fn fault_step(sim: &mut Sim, tasks: &[String], line: &str, trace: &mut String) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let opt = |i: usize| words.get(i).copied().filter(|w| *w != "-");
    let result = match words.as_slice() {
        ["fault", "kill-task", task, ..] => {
            let task = task_word(tasks, task);
            let code = opt(4).map_or(1, |c| c.parse().unwrap());
            sim.fault_kill_task(&task, opt(3), code)
        }
        ["fault", "oom", task, ..] => {
            let task = task_word(tasks, task);
            sim.fault_oom(&task, opt(3))
        }
        ["fault", "break-health", target, ..] => {
            let target = task_word(tasks, target);
            sim.fault_break_health_check(&target, opt(3))
        }
        ["fault", "fix-health", target, ..] => {
            let target = task_word(tasks, target);
            sim.fault_fix_health_check(&target, opt(3))
        }
        ["fault", "terminate-instance", id] => sim.fault_terminate_instance(id),
        ["fault", "remove-tag", image] => sim.fault_remove_image_tag(image),
        ["fault", "lose-az", az] => sim.fault_lose_az(az),
        ["fault", "restore-az", az] => sim.fault_restore_az(az),
        _ => panic!("unknown fault step: {line}"),
    };
    match result {
        Ok(what) => trace.push_str(&format!("= {what}\n")),
        Err(e) => trace.push_str(&format!("! {e}\n")),
    }
}

fn docker_step(sim: &mut Sim, line: &str, trace: &mut String) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let result = match words.as_slice() {
        ["docker", "build", tag, base, mb] => sim.docker_build(tag, base, mb.parse().unwrap()),
        ["docker", "tag", source, target] => sim.docker_tag(source, target),
        ["docker", "push", image] => sim.docker_push(image),
        ["docker", "pull", image] => sim.docker_pull(image),
        ["docker", "login"] => {
            let command = Command::from_json(
                Service::Ecr,
                "GetAuthorizationToken",
                serde_json::Value::Null,
            )
            .unwrap();
            let token = sim.execute(command).unwrap().to_json();
            let data = &token["authorizationData"][0];
            let (user, password) = stevedore_engine::ecr::auth::decode_authorization_token(
                data["authorizationToken"].as_str().unwrap(),
            )
            .unwrap();
            let host = data["proxyEndpoint"].as_str().unwrap();
            sim.docker_login(host, &user, &password)
        }
        _ => panic!("unknown docker step: {line}"),
    };
    match result {
        Ok(out) => {
            for l in out.lines {
                trace.push_str(&format!("{l}\n"));
            }
        }
        Err(e) => match e.code {
            Some(code) => trace.push_str(&format!("! {} [{code}]\n", e.message)),
            None => trace.push_str(&format!("! {}\n", e.message)),
        },
    }
}

fn pull_step(sim: &Sim, line: &str, trace: &mut String) {
    let mut words = line.split_whitespace().skip(1);
    let image = words.next().unwrap();
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
            _ => panic!("unknown pull option: {option}"),
        }
    }
    let can = |action: &str, _: &str| denied.as_deref() != Some(action);
    match sim.resolve_image_pull(image, role, &can, reach) {
        Ok(p) => trace.push_str(&format!(
            "pulled {} {} {} bytes from {:?} in {} ms\n",
            p.image,
            p.digest,
            p.size_bytes,
            p.registry,
            stevedore_engine::images::pull_duration(p.size_bytes).as_millis()
        )),
        Err(f) => trace.push_str(&format!("! {}\n", f.stopped_reason)),
    }
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
    // Health probes, exits and faults are deterministic too.
    let source = fs::read_to_string(dir.join("tasks_health_service.scn")).unwrap();
    assert_eq!(run_scenario(&source), run_scenario(&source));
}
