//! Unit tests of [`Sim::probe`]: addresses as AWS assigns them (F2.3,
//! F3.5, default subnets map public IPs), the hop that decides, and that a
//! probe is pure (no time, no events, no state change).

#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::base::ipv4::parse_ipv4;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::time::SimDuration;
use serde_json::{Value, json};

fn call(sim: &mut Sim, service: Service, op: &str, input: Value) -> Value {
    let command = Command::from_json(service, op, input).unwrap();
    sim.execute(command).unwrap().to_json()
}

fn default_subnet(sim: &Sim) -> String {
    sim.state
        .subnets
        .values()
        .find(|s| s.default_for_az && s.availability_zone == "us-east-1a")
        .unwrap()
        .id
        .clone()
}

fn default_vpc(sim: &Sim) -> String {
    sim.state
        .vpcs
        .values()
        .find(|v| v.is_default)
        .unwrap()
        .id
        .clone()
}

/// A security group in `vpc` allowing TCP `port` from `cidr`.
fn open_group(sim: &mut Sim, vpc: &str, name: &str, port: i64, cidr: &str) -> String {
    let out = call(
        sim,
        Service::Ec2,
        "CreateSecurityGroup",
        json!({"GroupName": name, "Description": name, "VpcId": vpc}),
    );
    let id = out["GroupId"].as_str().unwrap().to_owned();
    call(
        sim,
        Service::Ec2,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": id, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}]}),
    );
    id
}

/// Runs one Fargate task of `image` and returns its ARN.
fn fargate(sim: &mut Sim, image: &str, subnet: &str, groups: &[&str], public: bool) -> String {
    if sim.state.clusters.is_empty() {
        call(
            sim,
            Service::Ecs,
            "CreateCluster",
            json!({"clusterName": "c"}),
        );
    }
    call(
        sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": image}]}),
    );
    let out = call(
        sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "f", "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": groups, "assignPublicIp": if public { "ENABLED" } else { "DISABLED" }}}}),
    );
    out["tasks"][0]["taskArn"].as_str().unwrap().to_owned()
}

fn decided_by(outcome: &ProbeOutcome) -> &'static str {
    outcome
        .hops
        .iter()
        .find(|h| !h.passed)
        .map_or("none", |h| h.check)
}

#[test]
fn fargate_public_ip_only_with_assign_public_ip_enabled() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let subnet = default_subnet(&sim);
    let vpc = default_vpc(&sim);
    let web = open_group(&mut sim, &vpc, "web", 80, "0.0.0.0/0");
    let on = fargate(&mut sim, "nginx", &subnet, &[&web], true);
    let off = fargate(&mut sim, "nginx", &subnet, &[&web], false);
    let on_ip = sim.state.tasks[&on].life.public_ip.unwrap();
    assert!(sim.state.tasks[&off].life.public_ip.is_none());
    // MODEL pool 3.80.0.0/12.
    assert_eq!(on_ip >> 20, 0x035);
    assert_eq!(sim.state.tasks[&on].life.security_groups, vec![web]);
}

#[test]
fn no_security_groups_means_the_vpc_default_group() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let subnet = default_subnet(&sim);
    let arn = fargate(&mut sim, "nginx", &subnet, &[], true);
    let groups = &sim.state.tasks[&arn].life.security_groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(sim.state.security_groups[&groups[0]].name, "default");
}

#[test]
fn the_lab_works_and_a_probe_takes_no_time_and_changes_nothing() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let subnet = default_subnet(&sim);
    let vpc = default_vpc(&sim);
    let web = open_group(&mut sim, &vpc, "web", 80, "0.0.0.0/0");
    let arn = fargate(
        &mut sim,
        "nginxdemos/hello:plain-text",
        &subnet,
        &[&web],
        true,
    );
    sim.advance(SimDuration::seconds(60));
    sim.drain_events();
    let ip = sim.state.tasks[&arn].life.public_ip.unwrap();
    let private = format_ipv4(sim.state.tasks[&arn].life.private_ip.unwrap());
    let before = (sim.now(), sim.view(), sim.rng.clone());
    let outcome = sim.probe_http(&ProbeSource::Internet(LAPTOP_IP), ip, 80, "/x");
    assert_eq!(before, (sim.now(), sim.view(), sim.rng.clone()));
    assert!(sim.drain_events().is_empty());
    let ProbeResult::Response(r) = &outcome.result else {
        panic!("{outcome:?}");
    };
    assert_eq!(r.status, 200);
    assert!(r.body.contains(&format!("Server address: {private}:80")));
    assert!(r.body.contains("URI: /x"));
    assert_eq!(decided_by(&outcome), "none");
    // The wrong port: dropped by the group.
    let o = sim.probe(&ProbeSource::Internet(LAPTOP_IP), ip, 8080);
    assert_eq!(o.result, ProbeResult::Timeout);
    assert_eq!(decided_by(&o), "security-group");
    // A client outside the allowed block.
    let narrow = open_group(&mut sim, &vpc, "narrow", 80, "198.51.100.0/24");
    let arn2 = fargate(&mut sim, "nginx", &subnet, &[&narrow], true);
    sim.advance(SimDuration::seconds(60));
    let ip2 = sim.state.tasks[&arn2].life.public_ip.unwrap();
    let inside = parse_ipv4("198.51.100.9").unwrap();
    assert!(matches!(
        sim.probe(&ProbeSource::Internet(inside), ip2, 80).result,
        ProbeResult::Response(_)
    ));
    assert_eq!(
        sim.probe(&ProbeSource::Internet(LAPTOP_IP), ip2, 80).result,
        ProbeResult::Timeout
    );
}

#[test]
fn a_vpc_without_an_internet_gateway_is_unreachable_from_the_internet() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let out = call(
        &mut sim,
        Service::Ec2,
        "CreateVpc",
        json!({"CidrBlock": "10.0.0.0/16"}),
    );
    let vpc = out["Vpc"]["VpcId"].as_str().unwrap().to_owned();
    let out = call(
        &mut sim,
        Service::Ec2,
        "CreateSubnet",
        json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}),
    );
    let subnet = out["Subnet"]["SubnetId"].as_str().unwrap().to_owned();
    let web = open_group(&mut sim, &vpc, "web", 80, "0.0.0.0/0");
    let arn = fargate(&mut sim, "nginx", &subnet, &[&web], true);
    // The ENI gets a public IP (assignPublicIp ENABLED) but the VPC has no route out.
    let ip = sim.state.tasks[&arn].life.public_ip.unwrap();
    let o = sim.probe(&ProbeSource::Internet(LAPTOP_IP), ip, 80);
    assert_eq!(o.result, ProbeResult::Timeout);
    assert_eq!(decided_by(&o), "internet-gateway");
}

#[test]
fn a_server_that_does_not_speak_http_closes_the_connection() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let subnet = default_subnet(&sim);
    let vpc = default_vpc(&sim);
    let db = open_group(&mut sim, &vpc, "redis", 6379, "0.0.0.0/0");
    let arn = fargate(&mut sim, "redis", &subnet, &[&db], true);
    sim.advance(SimDuration::seconds(90));
    let ip = sim.state.tasks[&arn].life.public_ip.unwrap();
    assert_eq!(
        sim.probe(&ProbeSource::Internet(LAPTOP_IP), ip, 6379)
            .result,
        ProbeResult::EmptyReply
    );
}

#[test]
fn an_unknown_source_group_or_address_times_out() {
    let sim = Sim::new(SimConfig::default()).unwrap();
    let o = sim.probe(
        &ProbeSource::Group("sg-nope".into()),
        parse_ipv4("172.31.0.4").unwrap(),
        80,
    );
    assert_eq!(o.result, ProbeResult::Timeout);
    assert_eq!(decided_by(&o), "address");
}

#[test]
fn http_dates() {
    let sim = Sim::new(SimConfig::default()).unwrap();
    // 2026-01-01 is a Thursday.
    assert_eq!(http_date(&sim), "Thu, 01 Jan 2026 00:00:00 GMT");
}

#[test]
fn the_invariants_catch_a_shared_public_ip_and_an_ec2_task_with_one() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let subnet = default_subnet(&sim);
    let a = fargate(&mut sim, "nginx", &subnet, &[], true);
    let b = fargate(&mut sim, "nginx", &subnet, &[], true);
    assert!(sim.check_invariants().is_ok());
    let ip = sim.state.tasks[&a].life.public_ip;
    sim.state.tasks.get_mut(&b).unwrap().life.public_ip = ip;
    assert!(sim.check_invariants().unwrap_err().contains("public IPv4"));
    sim.state.tasks.get_mut(&b).unwrap().life.public_ip = None;
    sim.state.tasks.get_mut(&a).unwrap().launch_type = crate::state::LaunchType::Ec2;
    assert!(sim.check_reach_invariants().unwrap_err().contains("F3.5"));
}
