//! Unit tests for capacity provider strategies and the Sim-level rules
//! (F9.6, F2.9).

use super::*;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde_json::Value;
use std::collections::BTreeMap;

fn item(p: &str, weight: i64, base: i64) -> CapacityProviderStrategyItem {
    CapacityProviderStrategyItem {
        capacity_provider: p.into(),
        weight,
        base,
    }
}

fn tally(v: &[String]) -> BTreeMap<String, u32> {
    let mut m = BTreeMap::new();
    for p in v {
        *m.entry(p.clone()).or_default() += 1;
    }
    m
}

#[test]
fn base_first_then_weights_as_the_brief_example() {
    // F9.6: FARGATE base 2 weight 1, FARGATE_SPOT weight 3, 10 tasks →
    // 2 (base) + 2 FARGATE, 6 FARGATE_SPOT.
    let s = [item(FARGATE, 1, 2), item(FARGATE_SPOT, 3, 0)];
    let out = assign(&s, &BTreeMap::new(), 10);
    assert_eq!(&out[..2], &[FARGATE.to_owned(), FARGATE.to_owned()]);
    let t = tally(&out);
    assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (4, 6));
}

#[test]
fn weight_zero_gets_nothing_beyond_its_base_and_ties_go_to_the_first() {
    let s = [item(FARGATE, 0, 1), item(FARGATE_SPOT, 1, 0)];
    let t = tally(&assign(&s, &BTreeMap::new(), 5));
    assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (1, 4));
    let s = [item("a", 1, 0), item("b", 1, 0)];
    assert_eq!(assign(&s, &BTreeMap::new(), 3), ["a", "b", "a"]);
}

#[test]
fn existing_tasks_count_toward_base_and_shares() {
    // 3 tasks of FARGATE base 1 + 1:1 weights: FARGATE (base), then a
    // tie to FARGATE, then FARGATE_SPOT.
    let s = [item(FARGATE, 1, 1), item(FARGATE_SPOT, 1, 0)];
    let t = tally(&assign(&s, &BTreeMap::new(), 3));
    assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (2, 1));
    // That service loses its Spot task: the replacement goes back to
    // FARGATE_SPOT; had it lost a FARGATE one, to FARGATE.
    let existing = BTreeMap::from([(FARGATE.to_owned(), 2)]);
    assert_eq!(assign(&s, &existing, 1), [FARGATE_SPOT]);
    let existing = BTreeMap::from([(FARGATE.to_owned(), 1), (FARGATE_SPOT.to_owned(), 1)]);
    assert_eq!(assign(&s, &existing, 1), [FARGATE]);
    // Below its base, the base provider comes first whatever the rest.
    let existing = BTreeMap::from([(FARGATE_SPOT.to_owned(), 5)]);
    assert_eq!(assign(&s, &existing, 2), [FARGATE, FARGATE]);
}

// Sim-level rules, through the API.
use crate::config::SimConfig;
use crate::time::SimDuration;
use crate::{Command, Service};
use serde_json::json;

fn ecs(sim: &mut Sim, op: &str, input: Value) -> Result<Value, ApiError> {
    let cmd = Command::from_json(Service::Ecs, op, input)?;
    sim.execute(cmd).map(|r| r.to_json())
}

const SUBNET: &str = "subnet-0e06dd043328bd285";

/// A cluster `c` with FARGATE and FARGATE_SPOT, default strategy
/// FARGATE_SPOT, and a Fargate task definition `app`.
fn spot_cluster() -> Sim {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    ecs(&mut sim, "CreateCluster", json!({"clusterName": "c", "capacityProviders": [FARGATE, FARGATE_SPOT], "defaultCapacityProviderStrategy": [{"capacityProvider": FARGATE_SPOT, "weight": 1}]})).unwrap();
    ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": "nginx"}]})).unwrap();
    sim
}

fn service_json(extra: Value) -> Value {
    let mut req = json!({"cluster": "c", "serviceName": "web", "taskDefinition": "app", "desiredCount": 2, "networkConfiguration": {"awsvpcConfiguration": {"subnets": [SUBNET], "assignPublicIp": "ENABLED"}}});
    if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    req
}

#[test]
fn a_service_without_strategy_or_launch_type_takes_the_cluster_default() {
    let mut sim = spot_cluster();
    let out = ecs(&mut sim, "CreateService", service_json(json!({}))).unwrap();
    assert_eq!(out["service"].get("launchType"), None);
    assert_eq!(
        out["service"]["capacityProviderStrategy"],
        json!([{"capacityProvider": FARGATE_SPOT, "weight": 1, "base": 0}])
    );
    sim.advance(SimDuration::minutes(1));
    let tasks: Vec<_> = sim.view().tasks;
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(
        |t| t.capacity_provider.as_deref() == Some(FARGATE_SPOT) && t.launch_type == "FARGATE"
    ));
    // Back to the cluster's default is refused; a new strategy deploys.
    let err = ecs(
        &mut sim,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "capacityProviderStrategy": []}),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterException);
    let out = ecs(&mut sim, "UpdateService", json!({"cluster": "c", "service": "web", "capacityProviderStrategy": [{"capacityProvider": FARGATE, "weight": 1}]})).unwrap();
    assert_eq!(out["service"]["deployments"].as_array().unwrap().len(), 2);
}

#[test]
fn a_spot_notice_keeps_the_task_running_for_two_minutes() {
    let mut sim = spot_cluster();
    ecs(
        &mut sim,
        "CreateService",
        service_json(json!({"desiredCount": 1})),
    )
    .unwrap();
    sim.advance(SimDuration::minutes(1));
    assert!(sim.fault(&["spot-interruption", "nope"]).is_err());
    sim.fault(&["spot-interruption"]).unwrap();
    let noticed = |sim: &Sim| {
        sim.view()
            .tasks
            .into_iter()
            .find(|t| t.stop_code.as_deref() == Some(SPOT_STOP_CODE))
            .unwrap()
    };
    let t = noticed(&sim);
    assert_eq!(
        (t.last_status.as_str(), t.desired_status.as_str()),
        ("RUNNING", "STOPPED")
    );
    assert_eq!(t.stopped_reason.as_deref(), Some(SPOT_INTERRUPTED));
    // The replacement starts at the notice.
    assert_eq!(sim.view().tasks.len(), 2);
    sim.advance(SimDuration::seconds(119));
    assert_eq!(noticed(&sim).last_status, "RUNNING");
    sim.advance(SimDuration::seconds(10));
    // STOPPING (5 s), then DEPROVISIONING its ENI (10 s), then STOPPED.
    assert_eq!(noticed(&sim).last_status, "DEPROVISIONING");
    sim.advance(SimDuration::seconds(10));
    assert_eq!(noticed(&sim).last_status, "STOPPED");
    // The service runs its one task again: the replacement.
    let running_spot = sim
        .view()
        .tasks
        .iter()
        .filter(|t| t.last_status == "RUNNING" && t.desired_status == "RUNNING")
        .count();
    assert_eq!(running_spot, 1);
}

#[test]
fn invariants_catch_a_task_outside_its_providers_cluster() {
    let mut sim = spot_cluster();
    ecs(&mut sim, "RunTask", json!({"cluster": "c", "taskDefinition": "app", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [SUBNET]}}})).unwrap();
    assert!(sim.check_invariants().is_ok());
    if let Some(c) = sim.state.clusters.get_mut("c") {
        c.capacity_providers = vec![FARGATE.into()];
        c.default_capacity_provider_strategy.clear();
    }
    let broken = sim.check_invariants().unwrap_err();
    assert!(broken.contains("does not have"), "{broken}");
}

#[test]
fn strategy_rules() {
    let assoc = vec![FARGATE.to_owned(), FARGATE_SPOT.to_owned(), "asg".into()];
    let err = |s: &[CapacityProviderStrategyItem]| {
        validate_strategy(s, &assoc, false).unwrap_err().message
    };
    assert!(err(&[item("other", 1, 0)]).contains("not associated with the cluster"));
    assert!(err(&[item(FARGATE, 1, 0), item("asg", 1, 0)]).contains("cannot contain a mix"));
    assert!(
        err(&[item(FARGATE, 0, 0), item(FARGATE_SPOT, 0, 0)])
            .contains("weight value greater than zero")
    );
    assert!(err(&[item(FARGATE, 1, 1), item(FARGATE_SPOT, 1, 1)]).contains("Only one"));
    assert!(err(&[item(FARGATE, 1001, 0)]).contains("between 0 and 1000"));
    assert!(err(&[item(FARGATE, 1, 100_001)]).contains("between 0 and 100000"));
    assert!(err(&[item(FARGATE, 1, 0), item(FARGATE, 1, 0)]).contains("more than once"));
    // The default strategy may have all weights 0 when it is set.
    assert_eq!(
        validate_strategy(&[item(FARGATE, 0, 0)], &assoc, true).unwrap(),
        Some(Kind::Fargate)
    );
    let many: Vec<_> = (0..21).map(|i| item(&format!("p{i}"), 1, 0)).collect();
    let all: Vec<String> = many.iter().map(|i| i.capacity_provider.clone()).collect();
    assert!(
        validate_strategy(&many, &all, false)
            .unwrap_err()
            .message
            .contains("at most 20")
    );
}
