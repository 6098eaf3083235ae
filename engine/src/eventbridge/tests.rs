//! Scenario-level tests of the EventBridge events (F11.1–F11.5).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimDuration;
use serde_json::json;

fn run(sim: &mut Sim, service: Service, operation: &str, input: Value) -> Value {
    let command = Command::from_json(service, operation, input).unwrap();
    sim.execute(command)
        .unwrap_or_else(|e| panic!("{operation}: {e}"))
        .to_json()
}

fn default_subnets(sim: &mut Sim) -> Vec<String> {
    let out = run(sim, Service::Ec2, "DescribeSubnets", json!({}));
    out["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["SubnetId"].as_str().unwrap().to_owned())
        .collect()
}

fn fargate_cluster(sim: &mut Sim) {
    run(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "web"}),
    );
    run(
        sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "hello", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
               "cpu": "256", "memory": "512",
               "containerDefinitions": [{"name": "hello", "image": "nginxdemos/hello"}]}),
    );
}

fn network(sim: &mut Sim) -> Value {
    let subnets = default_subnets(sim);
    json!({"awsvpcConfiguration": {"subnets": [subnets[0]], "assignPublicIp": "ENABLED"}})
}

fn of_type<'a>(events: &'a [EventBridgeEvent], detail_type: &str) -> Vec<&'a EventBridgeEvent> {
    events
        .iter()
        .filter(|e| e.detail_type == detail_type)
        .collect()
}

/// The course's "intercept stopped tasks → SNS" rule (seed notes, section
/// 206 §4), for one cluster (F11.3).
fn stopped_tasks_of(cluster_arn: &str) -> Value {
    json!({"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
           "detail": {"lastStatus": ["STOPPED"], "clusterArn": [cluster_arn]}})
}

#[test]
fn a_fargate_task_publishes_its_state_changes_with_increasing_versions() {
    let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
    fargate_cluster(&mut sim);
    let net = network(&mut sim);
    let out = run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "web", "taskDefinition": "hello", "launchType": "FARGATE",
               "networkConfiguration": net}),
    );
    let task_arn = out["tasks"][0]["taskArn"].as_str().unwrap().to_owned();
    sim.advance(SimDuration::minutes(1));
    run(
        &mut sim,
        Service::Ecs,
        "StopTask",
        json!({"cluster": "web", "task": task_arn, "reason": "done for today"}),
    );
    sim.advance(SimDuration::minutes(1));
    let events = sim.drain_eventbridge_events();
    assert!(sim.drain_eventbridge_events().is_empty(), "drained once");
    let tasks = of_type(&events, TASK_STATE_CHANGE);
    let statuses: Vec<&str> = tasks
        .iter()
        .map(|e| e.detail["lastStatus"].as_str().unwrap())
        .collect();
    // F1.1–F1.4: PROVISIONING → PENDING → RUNNING → STOPPING →
    // DEPROVISIONING (the task's ENI) → STOPPED.
    assert_eq!(
        statuses,
        [
            "PROVISIONING",
            "PENDING",
            "RUNNING",
            "STOPPING",
            "DEPROVISIONING",
            "STOPPED"
        ]
    );
    // F11.1: detail.version goes up by one per change of the task …
    let versions: Vec<u64> = tasks
        .iter()
        .map(|e| e.detail["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, [1, 2, 3, 4, 5, 6]);
    // … and equals what DescribeTasks shows at the end.
    let described = run(
        &mut sim,
        Service::Ecs,
        "DescribeTasks",
        json!({"cluster": "web", "tasks": [task_arn]}),
    );
    assert_eq!(described["tasks"][0]["version"], json!(6));
    for e in &tasks {
        // F11.2 envelope.
        let j = e.to_json();
        assert_eq!(j["version"], "0");
        assert_eq!(j["source"], "aws.ecs");
        assert_eq!(j["detail-type"], "ECS Task State Change");
        assert_eq!(j["account"], "123456789012");
        assert_eq!(j["region"], "us-east-1");
        assert_eq!(j["resources"], json!([task_arn]));
        assert_eq!(j["detail"]["taskArn"], json!(task_arn));
        assert_eq!(j["detail"]["launchType"], "FARGATE");
        assert_eq!(j["detail"]["group"], "family:hello");
        assert_eq!(j["detail"]["cpu"], "256");
        assert_eq!(j["detail"]["memory"], "512");
        assert!(j.get("at").is_none(), "simulated time is not in AWS's JSON");
        let time = j["time"].as_str().unwrap();
        assert!(time.starts_with("2026-01-01T00:0") && time.ends_with('Z') && time.len() == 20);
    }
    // Times follow simulated time: PROVISIONING at 0 s, PENDING at 10 s.
    assert_eq!(tasks[0].time, "2026-01-01T00:00:00Z");
    assert_eq!(tasks[1].time, "2026-01-01T00:00:10Z");
    assert_eq!(tasks[1].detail["updatedAt"], "2026-01-01T00:00:10.000Z");
    assert_eq!(tasks[0].detail["createdAt"], "2026-01-01T00:00:00.000Z");
    // The detail is the task as it was then: no startedAt before RUNNING,
    // no stop fields before the stop.
    assert!(tasks[1].detail.get("startedAt").is_none());
    assert!(tasks[2].detail.get("startedAt").is_some());
    assert_eq!(tasks[2].detail["containers"][0]["lastStatus"], "RUNNING");
    assert!(tasks[2].detail.get("stopCode").is_none());
    assert_eq!(tasks[3].detail["desiredStatus"], "STOPPED");
    assert_eq!(tasks[3].detail["lastStatus"], "STOPPING");
    // DEPROVISIONING: the containers have stopped, the ENI goes.
    assert_eq!(tasks[4].detail["lastStatus"], "DEPROVISIONING");
    assert_eq!(tasks[4].detail["containers"][0]["lastStatus"], "STOPPED");
    // F11.2: the stopped event carries stopCode, stoppedReason, stoppedAt.
    let stopped = &tasks[5].detail;
    assert_eq!(stopped["stopCode"], "UserInitiated");
    assert_eq!(stopped["stoppedReason"], "done for today");
    assert!(stopped.get("stoppedAt").is_some() && stopped.get("stoppingAt").is_some());
    assert_eq!(stopped["containers"][0]["lastStatus"], "STOPPED");
    // The course's stopped-task rule matches exactly the STOPPED event.
    let cluster_arn = tasks[0].detail["clusterArn"].as_str().unwrap();
    let rule = stopped_tasks_of(cluster_arn);
    let matched: Vec<u64> = events
        .iter()
        .filter(|e| matches(&rule, &e.to_json()).unwrap())
        .map(|e| e.detail["version"].as_u64().unwrap())
        .collect();
    assert_eq!(matched, [6]);
    // … and not for another cluster.
    let other = stopped_tasks_of("arn:aws:ecs:us-east-1:123456789012:cluster/other");
    assert!(!matches(&other, &tasks[5].to_json()).unwrap());
    // Ids are UUID-shaped and distinct.
    let mut ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    for id in &ids {
        let parts: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{id}");
        assert_eq!(&id[14..15], "4", "{id}");
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), events.len());
}

#[test]
fn a_failed_pull_publishes_a_stopped_event_with_task_failed_to_start() {
    let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
    fargate_cluster(&mut sim);
    let subnets = default_subnets(&mut sim);
    // F1.10: no public IP → the image cannot be pulled.
    run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "web", "taskDefinition": "hello", "launchType": "FARGATE",
               "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnets[0]]}}}),
    );
    sim.advance(SimDuration::minutes(1));
    let events = sim.drain_eventbridge_events();
    let tasks = of_type(&events, TASK_STATE_CHANGE);
    let statuses: Vec<&str> = tasks
        .iter()
        .map(|e| e.detail["lastStatus"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["PROVISIONING", "PENDING", "STOPPED"]);
    let last = &tasks[2].detail;
    assert_eq!(last["stopCode"], "TaskFailedToStart");
    assert!(
        last["stoppedReason"]
            .as_str()
            .unwrap()
            .starts_with("CannotPullContainerError"),
        "{last}"
    );
    assert_eq!(last["version"], json!(3));
}

/// An EC2 cluster with an Auto Scaling group of `n` t2.micro instances
/// whose agent registers them (F3.2).
fn ec2_cluster(sim: &mut Sim, n: u32) {
    run(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "demo"}),
    );
    run(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "ecsInstanceRole", "AssumeRolePolicyDocument":
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}),
    );
    run(
        sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "ecsInstanceRole", "PolicyArn":
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"}),
    );
    run(
        sim,
        Service::Iam,
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "ecsInstanceRole"}),
    );
    run(
        sim,
        Service::Iam,
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "ecsInstanceRole", "RoleName": "ecsInstanceRole"}),
    );
    // User data: `echo ECS_CLUSTER=demo >> /etc/ecs/ecs.config`.
    run(
        sim,
        Service::Ec2,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "ecs-demo", "LaunchTemplateData": {
            "ImageId": "ami-079c74e08613d0498", "InstanceType": "t2.micro",
            "IamInstanceProfile": {"Name": "ecsInstanceRole"},
            "UserData": "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1kZW1vID4+IC9ldGMvZWNzL2Vjcy5jb25maWcK"}}),
    );
    let subnets = default_subnets(sim);
    run(
        sim,
        Service::AutoScaling,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "demo-asg", "LaunchTemplate": {"LaunchTemplateName": "ecs-demo"},
               "MinSize": n, "MaxSize": n, "VPCZoneIdentifier": subnets[..2].join(",")}),
    );
    sim.advance(SimDuration::minutes(1));
}

#[test]
fn container_instance_registration_and_draining_publish_their_state() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    ec2_cluster(&mut sim, 1);
    let events = sim.drain_eventbridge_events();
    // EC2 and Auto Scaling changes are not ECS events (module table).
    assert!(events.iter().all(|e| e.source == "aws.ecs"));
    let cis = of_type(&events, CONTAINER_INSTANCE_STATE_CHANGE);
    assert_eq!(cis.len(), 1, "{events:?}");
    let d = &cis[0].detail;
    assert_eq!(d["status"], "ACTIVE");
    assert_eq!(d["agentConnected"], json!(true));
    assert_eq!(d["version"], json!(1));
    assert_eq!(
        d["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/demo"
    );
    assert_eq!(
        cis[0].resources,
        [d["containerInstanceArn"].as_str().unwrap()]
    );
    // t2.micro: 1,024 CPU units (F3.1), 998 MiB (F3.3), reserved ports (F3.7);
    // events show only the value of each resource's type.
    assert_eq!(
        d["registeredResources"][0],
        json!({"name": "CPU", "type": "INTEGER", "integerValue": 1024})
    );
    assert_eq!(d["registeredResources"][1]["integerValue"], json!(998));
    assert_eq!(
        d["registeredResources"][2],
        json!({"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]})
    );
    assert_eq!(d["remainingResources"][0]["integerValue"], json!(1024));
    assert!(
        d["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "ecs.instance-type" && a["value"] == "t2.micro")
    );
    assert!(d["ec2InstanceId"].as_str().unwrap().starts_with("i-"));
    assert!(d.get("registeredAt").is_some() && d.get("updatedAt").is_some());
    // Draining is a change: version 2, same ARN (F11.1).
    let arn = d["containerInstanceArn"].as_str().unwrap().to_owned();
    run(
        &mut sim,
        Service::Ecs,
        "UpdateContainerInstancesState",
        json!({"cluster": "demo", "containerInstances": [arn], "status": "DRAINING"}),
    );
    let events = sim.drain_eventbridge_events();
    let cis = of_type(&events, CONTAINER_INSTANCE_STATE_CHANGE);
    assert_eq!(cis.len(), 1);
    assert_eq!(cis[0].detail["status"], "DRAINING");
    assert_eq!(cis[0].detail["version"], json!(2));
    let pattern = json!({"source": ["aws.ecs"], "detail-type": ["ECS Container Instance State Change"],
                         "detail": {"status": ["DRAINING"]}});
    assert!(matches(&pattern, &cis[0].to_json()).unwrap());
}

#[test]
fn a_service_reaching_steady_state_publishes_a_service_action() {
    let mut sim = Sim::new(SimConfig::with_seed(9)).unwrap();
    fargate_cluster(&mut sim);
    let net = network(&mut sim);
    let out = run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "web", "serviceName": "site", "taskDefinition": "hello", "desiredCount": 2,
               "launchType": "FARGATE", "networkConfiguration": net}),
    );
    let service_arn = out["service"]["serviceArn"].as_str().unwrap().to_owned();
    sim.advance(SimDuration::seconds(5));
    // Tasks still starting: no steady state yet.
    let early = sim.drain_eventbridge_events();
    assert!(of_type(&early, SERVICE_ACTION).is_empty());
    sim.advance(SimDuration::minutes(1));
    let events = sim.drain_eventbridge_events();
    let actions = of_type(&events, SERVICE_ACTION);
    assert_eq!(actions.len(), 1, "{actions:?}");
    let a = actions[0];
    assert_eq!(a.resources, [service_arn.as_str()]);
    assert_eq!(a.detail["eventType"], "INFO");
    assert_eq!(a.detail["eventName"], "SERVICE_STEADY_STATE");
    assert_eq!(
        a.detail["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    );
    // F11.1: service action events have no detail.version.
    assert!(a.detail.get("version").is_none());
    // It comes right after the service's first deployment completes, which
    // is when its tasks count as healthy (F6.2; MODEL: 40 s after RUNNING).
    let position = events.iter().position(|e| e.id == a.id).unwrap();
    let before = &events[position - 1];
    assert_eq!(before.detail_type, DEPLOYMENT_STATE_CHANGE);
    assert_eq!(before.detail["eventName"], "SERVICE_DEPLOYMENT_COMPLETED");
    let running = of_type(&events, TASK_STATE_CHANGE)
        .iter()
        .filter(|e| e.detail["lastStatus"] == "RUNNING")
        .count();
    assert_eq!(running, 2);
    let pattern = json!({"source": ["aws.ecs"], "detail-type": ["ECS Service Action"],
                         "detail": {"eventName": ["SERVICE_STEADY_STATE"]}});
    let matched = events
        .iter()
        .filter(|e| matches(&pattern, &e.to_json()).unwrap())
        .count();
    assert_eq!(matched, 1);
}

#[test]
fn an_unplaceable_service_task_publishes_a_placement_failure() {
    let mut sim = Sim::new(SimConfig::with_seed(11)).unwrap();
    ec2_cluster(&mut sim, 1);
    // t2.micro registers 998 MiB (F3.3): a 2,000 MiB task never fits.
    run(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "big", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 2000}]}),
    );
    sim.drain_eventbridge_events();
    run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "demo", "serviceName": "big", "taskDefinition": "big", "desiredCount": 1,
               "launchType": "EC2"}),
    );
    let events = sim.drain_eventbridge_events();
    let actions = of_type(&events, SERVICE_ACTION);
    assert_eq!(actions.len(), 1, "{events:?}");
    // F11.5: ERROR SERVICE_TASK_PLACEMENT_FAILURE with reason RESOURCE:MEMORY.
    assert_eq!(actions[0].detail["eventType"], "ERROR");
    assert_eq!(
        actions[0].detail["eventName"],
        "SERVICE_TASK_PLACEMENT_FAILURE"
    );
    assert_eq!(actions[0].detail["reason"], "RESOURCE:MEMORY");
}

#[test]
fn deployment_events_have_the_reference_shape() {
    // engine-deploy emits EventKind::DeploymentStateChanged; its EventBridge
    // form is fixed here (F11.5).
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let service_arn = "arn:aws:ecs:us-east-1:123456789012:service/web/site";
    sim.emit(EventKind::DeploymentStateChanged {
        service_arn: service_arn.into(),
        deployment_id: "ecs-svc/1234567890123456789".into(),
        event_name: "SERVICE_DEPLOYMENT_COMPLETED".into(),
        reason: "ECS deployment ecs-svc/1234567890123456789 completed.".into(),
    });
    sim.emit(EventKind::DeploymentStateChanged {
        service_arn: service_arn.into(),
        deployment_id: "ecs-svc/1".into(),
        event_name: "SERVICE_DEPLOYMENT_FAILED".into(),
        reason: "ECS deployment circuit breaker: task failed to start.".into(),
    });
    let events = sim.drain_eventbridge_events();
    assert_eq!(events.len(), 2);
    let j = events[0].to_json();
    assert_eq!(j["detail-type"], "ECS Deployment State Change");
    assert_eq!(j["resources"], json!([service_arn]));
    assert_eq!(
        j["detail"],
        json!({"eventType": "INFO", "eventName": "SERVICE_DEPLOYMENT_COMPLETED",
               "deploymentId": "ecs-svc/1234567890123456789",
               "updatedAt": "2026-01-01T00:00:00.000Z",
               "reason": "ECS deployment ecs-svc/1234567890123456789 completed."})
    );
    assert_eq!(events[1].detail["eventType"], "ERROR");
    // Service actions of a service the state does not know take the
    // cluster from the ARN.
    sim.emit(EventKind::ServiceAction {
        service_arn: service_arn.into(),
        event_name: "SERVICE_TASK_START_IMPAIRED".into(),
        reason: None,
    });
    let e = sim.drain_eventbridge_events();
    assert_eq!(e[0].detail["eventType"], "WARN");
    assert_eq!(
        e[0].detail["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    );
}

#[test]
fn events_without_an_eventbridge_form_publish_nothing() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    run(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "x"}),
    );
    run(
        &mut sim,
        Service::Ecr,
        "CreateRepository",
        json!({"repositoryName": "app"}),
    );
    assert!(!sim.drain_events().is_empty());
    assert!(sim.drain_eventbridge_events().is_empty());
}

#[test]
fn the_outbox_keeps_the_newest_events_when_nobody_drains_it() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    for i in 0..OUTBOX_LIMIT + 3 {
        sim.emit(EventKind::ServiceAction {
            service_arn: format!("arn:aws:ecs:us-east-1:123456789012:service/c/s{i}"),
            event_name: "SERVICE_STEADY_STATE".into(),
            reason: None,
        });
    }
    assert_eq!(sim.eventbridge_events_dropped(), 3);
    let events = sim.drain_eventbridge_events();
    assert_eq!(events.len(), OUTBOX_LIMIT);
    assert!(events[0].resources[0].ends_with("/s3"));
}

#[test]
fn ids_are_deterministic_per_seed() {
    assert_eq!(uuid_shaped(1, 1), uuid_shaped(1, 1));
    assert_ne!(uuid_shaped(1, 1), uuid_shaped(1, 2));
    assert_ne!(uuid_shaped(1, 1), uuid_shaped(2, 1));
    let id = uuid_shaped(0, 42);
    assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
}

#[test]
fn envelope_time_has_whole_seconds() {
    assert_eq!(
        iso8601(
            SimTime(90_250).epoch_ms(1_767_225_600_000),
            Precision::Seconds
        ),
        "2026-01-01T00:01:30Z"
    );
}

#[test]
fn placing_and_stopping_a_task_changes_its_container_instance() {
    // ECSDG:ecs_container_instance_events: placing or stopping a task changes
    // the instance's remaining resources, a container instance state change.
    let mut sim = Sim::new(SimConfig::with_seed(13)).unwrap();
    ec2_cluster(&mut sim, 1);
    run(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 300,
                "portMappings": [{"containerPort": 80}]}]}),
    );
    sim.drain_eventbridge_events();
    let out = run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "web"}),
    );
    let task_arn = out["tasks"][0]["taskArn"].as_str().unwrap().to_owned();
    // RunTask answers with the task at version 1 (PENDING, not awsvpc).
    assert_eq!(out["tasks"][0]["version"], json!(1));
    let events = sim.drain_eventbridge_events();
    let kinds: Vec<(&str, &Value)> = events
        .iter()
        .map(|e| (e.detail_type, &e.detail["version"]))
        .collect();
    assert_eq!(
        kinds,
        [
            (TASK_STATE_CHANGE, &json!(1)),
            (CONTAINER_INSTANCE_STATE_CHANGE, &json!(2))
        ]
    );
    // Bridge mode: the container's dynamic host port (F3.7) is in the event.
    let binding = &events[0].detail["containers"][0]["networkBindings"][0];
    assert_eq!(binding["containerPort"], json!(80));
    assert_eq!(binding["hostPort"], json!(32768));
    let placed = &events[1].detail;
    assert_eq!(
        placed["remainingResources"][1]["integerValue"],
        json!(998 - 300)
    );
    assert_eq!(placed["pendingTasksCount"], json!(1));
    sim.advance(SimDuration::minutes(1));
    run(
        &mut sim,
        Service::Ecs,
        "StopTask",
        json!({"cluster": "demo", "task": task_arn}),
    );
    sim.advance(SimDuration::seconds(10));
    let events = sim.drain_eventbridge_events();
    let cis = of_type(&events, CONTAINER_INSTANCE_STATE_CHANGE);
    // Only the release (STOPPED) changes the instance; RUNNING and STOPPING do not.
    assert_eq!(cis.len(), 1, "{events:?}");
    assert_eq!(cis[0].detail["version"], json!(3));
    assert_eq!(
        cis[0].detail["remainingResources"][1]["integerValue"],
        json!(998)
    );
    let arn = cis[0].resources[0].clone();
    let described = run(
        &mut sim,
        Service::Ecs,
        "DescribeContainerInstances",
        json!({"cluster": "demo", "containerInstances": [arn]}),
    );
    assert_eq!(described["containerInstances"][0]["version"], json!(3));
}

#[test]
fn the_invariants_catch_a_version_that_does_not_increase() {
    let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
    fargate_cluster(&mut sim);
    let net = network(&mut sim);
    let out = run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "web", "taskDefinition": "hello", "launchType": "FARGATE",
               "networkConfiguration": net}),
    );
    let task_arn = out["tasks"][0]["taskArn"].as_str().unwrap().to_owned();
    assert_eq!(sim.check_invariants(), Ok(()));
    // A change published without a new version (a bug) is caught.
    sim.emit(EventKind::TaskStateChanged {
        task_arn,
        last_status: "PROVISIONING",
        stopped_reason: None,
    });
    let err = sim.check_invariants().unwrap_err();
    assert!(err.contains("published version 1 after 1"), "{err}");
}

#[test]
fn a_refused_create_service_publishes_nothing() {
    // CreateService starts its first deployment, then finds the network
    // configuration wrong: the request fails and takes back what it had
    // published (no deployment event for a service that does not exist).
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    fargate_cluster(&mut sim);
    sim.drain_eventbridge_events();
    let command = Command::from_json(
        Service::Ecs,
        "CreateService",
        json!({"cluster": "web", "serviceName": "hello", "taskDefinition": "hello",
               "desiredCount": 1, "launchType": "FARGATE",
               "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}}),
    )
    .unwrap();
    assert!(sim.execute(command).is_err());
    assert_eq!(sim.drain_eventbridge_events(), Vec::new());
    // The next event's id is the one the refused request would have used.
    let net = network(&mut sim);
    run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "web", "serviceName": "hello", "taskDefinition": "hello",
               "desiredCount": 1, "launchType": "FARGATE", "networkConfiguration": net}),
    );
    let events = sim.drain_eventbridge_events();
    assert_eq!(of_type(&events, DEPLOYMENT_STATE_CHANGE).len(), 1);
    assert!(sim.check_invariants().is_ok());
}

#[test]
fn events_waiting_in_the_outbox_keep_what_was_true_when_they_were_published() {
    // The outbox shares the parts of a detail that rarely change; a change
    // to them must not reach events already published.
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    ec2_cluster(&mut sim, 1);
    let arn = sim.state.container_instances.keys().next().unwrap().clone();
    for status in ["DRAINING", "ACTIVE"] {
        if status == "ACTIVE" {
            // (No API changes attributes after registration; the record
            // does, and drops the shared part as the engine's changes do.)
            let ci = sim.state.container_instances.get_mut(&arn).unwrap();
            ci.attributes
                .push(("stevedore.test".into(), "changed".into()));
            ci.eventbridge = None;
        }
        run(
            &mut sim,
            Service::Ecs,
            "UpdateContainerInstancesState",
            json!({"cluster": "demo", "containerInstances": [arn], "status": status}),
        );
    }
    let events = sim.drain_eventbridge_events();
    let cis = of_type(&events, CONTAINER_INSTANCE_STATE_CHANGE);
    let has_test_attribute = |e: &EventBridgeEvent| {
        e.detail["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "stevedore.test")
    };
    let seen: Vec<(bool, &str)> = cis
        .iter()
        .map(|e| (has_test_attribute(e), e.detail["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [(false, "ACTIVE"), (false, "DRAINING"), (true, "ACTIVE")]
    );
    // A task's events: each shows its own lastStatus and version, though
    // they share the parts that never change.
    fargate_cluster(&mut sim);
    let net = network(&mut sim);
    run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "web", "taskDefinition": "hello", "launchType": "FARGATE",
               "networkConfiguration": net}),
    );
    sim.advance(SimDuration::minutes(2));
    let events = sim.drain_eventbridge_events();
    let tasks: Vec<(String, u64, String)> = of_type(&events, TASK_STATE_CHANGE)
        .iter()
        .map(|e| {
            (
                e.detail["lastStatus"].as_str().unwrap().to_owned(),
                e.detail["version"].as_u64().unwrap(),
                e.detail["attachments"][0]["status"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [
            ("PROVISIONING".to_owned(), 1, "PRECREATED".to_owned()),
            ("PENDING".to_owned(), 2, "ATTACHED".to_owned()),
            ("RUNNING".to_owned(), 3, "ATTACHED".to_owned()),
        ]
    );
}
