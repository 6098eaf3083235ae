//! What undo costs: [`Sim::undo`] replays the journal up to the last
//! change, so its cost grows with the journal. [`sandbox_session`] builds a
//! sandbox-like account of a given number of journal entries (a learner's
//! clusters, task definitions, Fargate services scaled up and down, tasks
//! run and stopped, a fault, time passing between commands);
//! [`measure_undo`] times undos of it with the caller's clock. `cargo run
//! -p stevedore-bench --release -- --undo` prints it natively,
//! `tests/browser.rs` in headless Chromium.

use serde_json::{Value, json};
use stevedore_engine::{Command, Fault, Input, Service, Sim, SimConfig, SimDuration};

/// A sandbox account whose journal has at least `entries` entries.
pub fn sandbox_session(entries: usize) -> Sim {
    let mut sim = Sim::new(SimConfig::with_seed(11)).unwrap_or_else(|e| {
        // The default config is valid; this is a bug, not a user error.
        unreachable!("default config refused: {e}")
    });
    let subnet = {
        let out = api(&mut sim, Service::Ec2, "DescribeSubnets", json!({}));
        out["Subnets"][0]["SubnetId"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let network =
        json!({"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}});
    let mut round = 0u32;
    while sim.journal().len() < entries {
        let cluster = format!("lab{}", round % 3);
        let family = format!("web{}", round % 7);
        let step = round % 6;
        match step {
            0 => {
                api(
                    &mut sim,
                    Service::Ecs,
                    "CreateCluster",
                    json!({"clusterName": cluster}),
                );
            }
            1 => {
                api(
                    &mut sim,
                    Service::Ecs,
                    "RegisterTaskDefinition",
                    json!({
                        "family": family,
                        "requiresCompatibilities": ["FARGATE"],
                        "networkMode": "awsvpc",
                        "cpu": "256",
                        "memory": "512",
                        "containerDefinitions": [{"name": "web", "image": "nginx",
                            "portMappings": [{"containerPort": 80}]}]
                    }),
                );
            }
            2 => {
                api(
                    &mut sim,
                    Service::Ecs,
                    "CreateService",
                    json!({"cluster": cluster, "serviceName": format!("svc{round}"),
                        "taskDefinition": family, "desiredCount": 2, "launchType": "FARGATE",
                        "networkConfiguration": network}),
                );
            }
            3 => {
                api(
                    &mut sim,
                    Service::Ecs,
                    "RunTask",
                    json!({"cluster": cluster, "taskDefinition": family, "count": 2,
                        "launchType": "FARGATE", "networkConfiguration": network}),
                );
            }
            4 => {
                api(
                    &mut sim,
                    Service::Ecs,
                    "UpdateService",
                    json!({"cluster": cluster, "service": format!("svc{}", round - 2),
                        "desiredCount": 1 + round % 4}),
                );
            }
            _ => {
                let _ = sim.apply(Input::Fault(Fault::SpotInterruption { task: None }));
            }
        }
        sim.apply(Input::Advance(SimDuration::seconds(20)));
        round += 1;
    }
    sim
}

fn api(sim: &mut Sim, service: Service, op: &str, input: Value) -> Value {
    Command::from_json(service, op, input)
        .and_then(|c| sim.apply(Input::Api(c)).api())
        .map(|r| r.to_json())
        .unwrap_or(Value::Null)
}

/// Figures of [`measure_undo`].
#[derive(Debug, Clone, PartialEq)]
pub struct UndoReport {
    pub entries: usize,
    pub tasks: usize,
    pub undos: usize,
    /// Milliseconds per undo, each measured alone.
    pub ms: Vec<f64>,
}

impl UndoReport {
    pub fn lines(&self, platform: &str) -> Vec<String> {
        let mut sorted = self.ms.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
        vec![format!(
            "undo ({platform}): a {}-entry journal ({} tasks), {} undos: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
            self.entries,
            self.tasks,
            self.undos,
            sorted.first().copied().unwrap_or_default(),
            sorted.last().copied().unwrap_or_default()
        )]
    }
}

/// Undoes the last change of a [`sandbox_session`] of `entries` entries
/// `undos` times (each from the full session), timing each with `clock`
/// (milliseconds).
pub fn measure_undo(entries: usize, undos: usize, clock: &mut dyn FnMut() -> f64) -> UndoReport {
    let sim = sandbox_session(entries);
    let mut ms = Vec::with_capacity(undos);
    for _ in 0..undos {
        let start = clock();
        let undone = sim.undo();
        ms.push(clock() - start);
        assert!(matches!(undone, Some(Ok(_))), "undo failed: {undone:?}");
    }
    UndoReport {
        entries: sim.journal().len(),
        tasks: sim.view().tasks.len(),
        undos,
        ms,
    }
}
