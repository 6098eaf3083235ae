//! CloudWatch Logs and the awslogs driver (F4.8, F1.8).

use crate::command::{Command, Response, Service};
use crate::config::SimConfig;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimDuration;
use serde_json::{Value, json};

fn exec(sim: &mut Sim, service: Service, op: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(service, op, input)?;
    sim.execute(command).map(|r: Response| r.to_json())
}

fn ok(sim: &mut Sim, service: Service, op: &str, input: Value) -> Value {
    exec(sim, service, op, input).unwrap()
}

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn setup(sim: &mut Sim, policy: Option<&str>) {
    ok(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "exec", "AssumeRolePolicyDocument": TRUST}),
    );
    if let Some(p) = policy {
        ok(
            sim,
            Service::Iam,
            "AttachRolePolicy",
            json!({"RoleName": "exec", "PolicyArn": p}),
        );
    }
    ok(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
}

/// Runs a Fargate aws-cli task logging to `options`; returns the task ARN
/// after two minutes.
fn run(sim: &mut Sim, options: Value) -> String {
    let subnet = sim
        .state
        .subnets
        .values()
        .find(|s| s.availability_zone == "us-east-1a")
        .unwrap()
        .id
        .clone();
    ok(
        sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "cli", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
            "containerDefinitions": [{"name": "cli", "image": "amazon/aws-cli", "command": ["s3", "ls", "s3://b"],
                "logConfiguration": {"logDriver": "awslogs", "options": options}}]}),
    );
    let out = ok(
        sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "cli", "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}}),
    );
    sim.advance(SimDuration::minutes(2));
    out["tasks"][0]["taskArn"].as_str().unwrap().to_owned()
}

const EXEC_POLICY: &str = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

#[test]
fn log_group_lifecycle_and_errors() {
    let mut sim = Sim::new(SimConfig::with_seed(2)).unwrap();
    ok(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "/ecs/web"}),
    );
    let again = exec(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "/ecs/web"}),
    )
    .unwrap_err();
    assert_eq!(again.code, ErrorCode::ResourceAlreadyExistsException);
    for bad in ["", "has space", "aws/ecs"] {
        let e = exec(
            &mut sim,
            Service::Logs,
            "CreateLogGroup",
            json!({"logGroupName": bad}),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterException, "{bad}");
    }
    let e = exec(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "x", "kmsKeyId": "k"}),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedFeatureException);
    ok(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "/other"}),
    );
    let groups = ok(
        &mut sim,
        Service::Logs,
        "DescribeLogGroups",
        json!({"logGroupNamePrefix": "/ecs"}),
    );
    assert_eq!(groups["logGroups"].as_array().unwrap().len(), 1);
    assert_eq!(
        groups["logGroups"][0]["arn"],
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"
    );
    ok(
        &mut sim,
        Service::Logs,
        "DeleteLogGroup",
        json!({"logGroupName": "/ecs/web"}),
    );
    let gone = exec(
        &mut sim,
        Service::Logs,
        "DeleteLogGroup",
        json!({"logGroupName": "/ecs/web"}),
    )
    .unwrap_err();
    assert_eq!(gone.code, ErrorCode::ResourceNotFoundException);
    assert_eq!(gone.message, "The specified log group does not exist.");
}

#[test]
fn awslogs_lines_reach_the_stream_named_prefix_container_task() {
    let mut sim = Sim::new(SimConfig::with_seed(2)).unwrap();
    setup(&mut sim, Some(EXEC_POLICY));
    ok(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "/ecs/cli"}),
    );
    let arn = run(
        &mut sim,
        json!({"awslogs-group": "/ecs/cli", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}),
    );
    let id = arn.rsplit('/').next().unwrap();
    let streams = ok(
        &mut sim,
        Service::Logs,
        "DescribeLogStreams",
        json!({"logGroupName": "/ecs/cli"}),
    );
    assert_eq!(
        streams["logStreams"][0]["logStreamName"],
        format!("ecs/cli/{id}")
    );
    let events = ok(
        &mut sim,
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "/ecs/cli", "logStreamName": format!("ecs/cli/{id}")}),
    );
    assert_eq!(
        events["events"][0]["message"],
        "Unable to locate credentials. You can configure credentials by running \"aws configure\"."
    );
    let missing = exec(
        &mut sim,
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "/ecs/cli", "logStreamName": "nope"}),
    )
    .unwrap_err();
    assert_eq!(missing.message, "The specified log stream does not exist.");
}

#[test]
fn a_missing_log_group_fails_the_task_unless_create_group_is_set() {
    let mut sim = Sim::new(SimConfig::with_seed(2)).unwrap();
    setup(&mut sim, Some(EXEC_POLICY));
    let arn = run(
        &mut sim,
        json!({"awslogs-group": "/ecs/missing", "awslogs-stream-prefix": "ecs"}),
    );
    let t = &sim.state.tasks[&arn];
    assert_eq!(t.stop_code, Some("TaskFailedToStart"));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some(
            "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1"
        )
    );
    assert!(t.life.started_at.is_none(), "never RUNNING (F1.4)");
    // awslogs-create-group needs logs:CreateLogGroup, which
    // AmazonECSTaskExecutionRolePolicy does not have.
    let arn = run(
        &mut sim,
        json!({"awslogs-group": "/ecs/new", "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}),
    );
    let reason = sim.state.tasks[&arn].stopped_reason.clone().unwrap();
    assert!(reason.contains("failed to create Cloudwatch log group: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/exec/"), "{reason}");
    assert!(
        reason.contains("is not authorized to perform: logs:CreateLogGroup"),
        "{reason}"
    );
    // With the permission, the driver creates the group and the task runs.
    ok(
        &mut sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": "exec", "PolicyName": "groups", "PolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"*"}]}"#}),
    );
    let arn = run(
        &mut sim,
        json!({"awslogs-group": "/ecs/new", "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}),
    );
    assert_eq!(
        sim.state.tasks[&arn].stop_code,
        Some("EssentialContainerExited")
    );
    assert!(sim.state.log_groups.contains_key("/ecs/new"));
}

#[test]
fn get_log_events_pages_from_the_tail_by_default() {
    let mut sim = Sim::new(SimConfig::with_seed(2)).unwrap();
    ok(
        &mut sim,
        Service::Logs,
        "CreateLogGroup",
        json!({"logGroupName": "g"}),
    );
    sim.add_log_stream("g", "s");
    for i in 0..5 {
        let at = sim.now;
        sim.put_log_line("g", "s", at, &format!("line {i}"));
    }
    let tail = ok(
        &mut sim,
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "g", "logStreamName": "s", "limit": 2}),
    );
    let messages: Vec<&str> = tail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["line 3", "line 4"]);
    let head = ok(
        &mut sim,
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "g", "logStreamName": "s", "limit": 2, "startFromHead": true}),
    );
    assert_eq!(head["events"][0]["message"], "line 0");
    let bad = exec(
        &mut sim,
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "g", "logStreamName": "s", "limit": 0}),
    )
    .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidParameterException);
}
