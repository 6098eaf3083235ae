//! Container instance draining and REPLICA services (ECSDG
//! container-instance-draining; F6.2 bounds), through the API.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::config::SimConfig;
use crate::ecs::container_instance::insert_public_registered_instances;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::Sim;
use crate::state::TaskStatus;
use crate::time::{SimDuration, SimTime};
use crate::{Command, Service};
use serde_json::{Value, json};

fn ecs(sim: &mut Sim, op: &str, input: Value) -> Result<Value, ApiError> {
    let cmd = Command::from_json(Service::Ecs, op, input)?;
    sim.execute(cmd).map(|r| r.to_json())
}

/// Cluster `c` with t2.micro instances a, b, c and a settled service `web`
/// of 4 × 300 MiB tasks spread by instance (2, 1, 1) with `config`.
fn cluster(config: Value) -> (Sim, Vec<String>) {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let out = ecs(&mut sim, "CreateCluster", json!({"clusterName": "c"})).unwrap();
    let arn = out["cluster"]["clusterArn"].as_str().unwrap().to_owned();
    let cis = insert_public_registered_instances(&mut sim, &arn, &["a", "b", "c"]);
    ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 300}]})).unwrap();
    ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "batch", "containerDefinitions": [{"name": "batch", "image": "busybox", "memory": 100}]})).unwrap();
    ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4, "placementStrategy": [{"type": "spread", "field": "instanceId"}], "deploymentConfiguration": config})).unwrap();
    sim.advance(SimDuration::minutes(2));
    (sim, cis)
}

/// The service's live tasks (desiredStatus RUNNING) on an instance.
fn service_tasks_on(sim: &Sim, ci: &str) -> Vec<String> {
    sim.state
        .tasks_on_instance(ci)
        .filter(|t| {
            t.group == "service:web"
                && t.life.desired_status == "RUNNING"
                && t.status != TaskStatus::Stopped
        })
        .map(|t| t.arn.clone())
        .collect()
}

/// The instance holding the most service tasks.
fn busiest(sim: &Sim, cis: &[String]) -> String {
    cis.iter()
        .max_by_key(|ci| {
            (
                service_tasks_on(sim, ci).len(),
                std::cmp::Reverse((*ci).clone()),
            )
        })
        .unwrap()
        .clone()
}

fn drain(sim: &mut Sim, ci: &str, status: &str) {
    ecs(
        sim,
        "UpdateContainerInstancesState",
        json!({"cluster": "c", "containerInstances": [ci], "status": status}),
    )
    .unwrap();
}

fn live_total(sim: &Sim, cis: &[String]) -> usize {
    cis.iter().map(|ci| service_tasks_on(sim, ci).len()).sum()
}

#[test]
fn min_100_starts_replacements_first_and_spares_standalone_tasks() {
    let (mut sim, cis) = cluster(json!({}));
    let a = busiest(&sim, &cis);
    let drained = service_tasks_on(&sim, &a);
    assert_eq!(drained.len(), 2);
    let out = ecs(
        &mut sim,
        "StartTask",
        json!({"cluster": "c", "taskDefinition": "batch", "containerInstances": [a]}),
    )
    .unwrap();
    let standalone = out["tasks"][0]["taskArn"].as_str().unwrap().to_owned();
    sim.advance(SimDuration::seconds(30));
    drain(&mut sim, &a, "DRAINING");
    // 100 %: nothing stops yet; 2 replacements start (6 ≤ 8), not on `a`.
    assert_eq!(service_tasks_on(&sim, &a), drained);
    assert_eq!(live_total(&sim, &cis), 6);
    sim.drain_events();
    sim.advance(SimDuration::minutes(2));
    // Steady again (F11.5 SERVICE_STEADY_STATE) once the last drained task
    // is STOPPED.
    let events = sim.drain_events();
    let last_stop = events
        .iter()
        .rposition(|e| matches!(&e.kind, EventKind::TaskStateChanged { task_arn, last_status, .. } if drained.contains(task_arn) && *last_status == "STOPPED"))
        .unwrap();
    assert!(events[last_stop..].iter().any(|e| matches!(&e.kind, EventKind::ServiceAction { event_name, .. } if event_name == "SERVICE_STEADY_STATE")));
    assert!(service_tasks_on(&sim, &a).is_empty());
    assert_eq!(live_total(&sim, &cis), 4);
    for arn in &drained {
        let t = &sim.state.tasks[arn];
        assert_eq!(t.status, TaskStatus::Stopped);
        assert_eq!(t.stop_code, Some("ServiceSchedulerInitiated"));
        assert!(
            t.stopped_reason
                .as_deref()
                .unwrap()
                .starts_with("Scaling activity initiated by (deployment ecs-svc/")
        );
    }
    // RunTask/StartTask tasks are not the scheduler's: still running.
    assert_eq!(sim.state.tasks[&standalone].status, TaskStatus::Running);
    sim.check_invariants().unwrap();
}

#[test]
fn min_50_max_100_stops_first() {
    let (mut sim, cis) = cluster(json!({"minimumHealthyPercent": 50, "maximumPercent": 100}));
    let a = busiest(&sim, &cis);
    let drained = service_tasks_on(&sim, &a);
    drain(&mut sim, &a, "DRAINING");
    // floor(4 × 100 %) = 4 leaves no room to start; ceil(4 × 50 %) = 2 may stop.
    assert_eq!(live_total(&sim, &cis), 2);
    for arn in &drained {
        assert_eq!(sim.state.tasks[arn].status, TaskStatus::Stopping);
    }
    sim.advance(SimDuration::minutes(2));
    assert_eq!(live_total(&sim, &cis), 4);
    assert!(service_tasks_on(&sim, &a).is_empty());
    sim.check_invariants().unwrap();
}

#[test]
fn terminating_a_draining_instance_stops_each_task_once() {
    let (mut sim, cis) = cluster(json!({"minimumHealthyPercent": 50}));
    let a = busiest(&sim, &cis);
    let drained = service_tasks_on(&sim, &a);
    sim.drain_events();
    drain(&mut sim, &a, "DRAINING");
    let instance = sim.state.container_instances[&a].ec2_instance_id.clone();
    sim.fault(&["terminate-instance", &instance]).unwrap();
    sim.advance(SimDuration::minutes(3));
    let events = sim.drain_events();
    for arn in &drained {
        let stopped = events
            .iter()
            .filter(|e| {
                matches!(&e.kind, EventKind::TaskStateChanged { task_arn, last_status, .. }
                    if task_arn == arn && *last_status == "STOPPED")
            })
            .count();
        assert_eq!(stopped, 1, "{arn}");
    }
    assert_eq!(live_total(&sim, &cis), 4);
    sim.check_invariants().unwrap();
}

#[test]
fn a_task_placed_on_a_draining_instance_breaks_the_invariant() {
    let (mut sim, cis) = cluster(json!({}));
    let a = busiest(&sim, &cis);
    // A standalone task created at 2 min, then the instance drains.
    ecs(
        &mut sim,
        "StartTask",
        json!({"cluster": "c", "taskDefinition": "batch", "containerInstances": [a]}),
    )
    .unwrap();
    drain(&mut sim, &a, "DRAINING");
    sim.check_invariants().unwrap();
    // Pretend it had been DRAINING since time 0: that task came later.
    sim.state
        .container_instances
        .get_mut(&a)
        .unwrap()
        .draining_since = Some(SimTime::ZERO);
    assert!(
        sim.check_invariants()
            .unwrap_err()
            .contains("after it became DRAINING")
    );
}
