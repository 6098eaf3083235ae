//! EventBridge rules and targets, and Scheduler schedules: validation and
//! invocation (F11.7, F11.8, F24.1–F24.7).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::event::EventKind;
use crate::time::SimDuration;
use serde_json::json;

fn try_run(
    sim: &mut Sim,
    service: Service,
    operation: &str,
    input: Value,
) -> Result<Value, ApiError> {
    let command = Command::from_json(service, operation, input)?;
    sim.execute(command).map(|r| r.to_json())
}

fn run(sim: &mut Sim, service: Service, operation: &str, input: Value) -> Value {
    try_run(sim, service, operation, input).unwrap_or_else(|e| panic!("{operation}: {e}"))
}

fn refused(sim: &mut Sim, service: Service, operation: &str, input: Value) -> ApiError {
    let before = sim.state_fingerprint();
    let e = try_run(sim, service, operation, input).unwrap_err();
    assert_eq!(
        before,
        sim.state_fingerprint(),
        "{operation} refused but changed the account"
    );
    e
}

fn trust(principal: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}]}).to_string()
}

/// A cluster `jobs`, a Fargate task definition `report` with an execution
/// role, and the roles `events` (the managed events policy) and `bare`
/// (trusting EventBridge, no policy). Returns a default subnet.
fn setup(sim: &mut Sim) -> String {
    run(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "exec", "AssumeRolePolicyDocument": trust("ecs-tasks.amazonaws.com")}),
    );
    run(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "events", "AssumeRolePolicyDocument": trust("events.amazonaws.com")}),
    );
    run(
        sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "events", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole"}),
    );
    run(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "bare", "AssumeRolePolicyDocument": trust("events.amazonaws.com")}),
    );
    run(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "jobs"}),
    );
    run(
        sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "report", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
               "cpu": "256", "memory": "512",
               "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
               "containerDefinitions": [{"name": "report", "image": "nginxdemos/hello"}]}),
    );
    let out = run(sim, Service::Ec2, "DescribeSubnets", json!({}));
    out["Subnets"][0]["SubnetId"].as_str().unwrap().to_owned()
}

fn ecs_target(id: &str, role: &str, subnet: &str) -> Value {
    json!({"Id": id, "Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs",
           "RoleArn": format!("arn:aws:iam::123456789012:role/{role}"),
           "EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/report",
                             "LaunchType": "FARGATE",
                             "NetworkConfiguration": {"awsvpcConfiguration": {"Subnets": [subnet], "AssignPublicIp": "ENABLED"}}}})
}

fn invocations(sim: &mut Sim) -> Vec<(bool, String)> {
    sim.drain_events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::TargetInvoked {
                succeeded, detail, ..
            } => Some((succeeded, detail)),
            _ => None,
        })
        .collect()
}

#[test]
fn rule_schedules_are_validated_as_eventbridge_validates_them() {
    // F11.7.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    for bad in [
        "rate(1 hours)",
        "rate(5 hour)",
        "rate(0 minutes)",
        "rate(1 second)",
        "cron(0 * * * * *)",
        "cron(0 * * * ?)",
        "cron(61 * * * ? *)",
        "cron(0 0 ? * ? *)",
        "at(2026-01-01T00:00:00)",
        "every hour",
        "",
    ] {
        let e = refused(
            &mut sim,
            Service::Events,
            "PutRule",
            json!({"Name": "r", "ScheduleExpression": bad}),
        );
        assert_eq!(e.code, ErrorCode::ValidationException, "{bad}");
        assert!(
            e.message
                .starts_with("Parameter ScheduleExpression is not valid."),
            "{bad}: {e}"
        );
    }
    for good in [
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 day)",
        "cron(0 12 * * ? *)",
        "cron(0/15 * ? * MON-FRI *)",
        "cron(0 8 1 * ? 2026)",
    ] {
        run(
            &mut sim,
            Service::Events,
            "PutRule",
            json!({"Name": "r", "ScheduleExpression": good}),
        );
    }
}

#[test]
fn rule_names_patterns_buses_and_states_are_checked() {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let long = "x".repeat(65);
    for name in ["", "a b", "a/b", long.as_str()] {
        let e = refused(
            &mut sim,
            Service::Events,
            "PutRule",
            json!({"Name": name, "ScheduleExpression": "rate(1 hour)"}),
        );
        assert_eq!(e.code, ErrorCode::ValidationException, "{name}");
    }
    let e = refused(&mut sim, Service::Events, "PutRule", json!({"Name": "r"}));
    assert_eq!(
        e.message,
        "Parameter(s) EventPattern or ScheduleExpression must be specified."
    );
    for pattern in [
        "not json",
        "[]",
        "{\"source\": \"aws.ecs\"}",
        "{\"detail\": {\"x\": [{\"nope\": 1}]}}",
    ] {
        let e = refused(
            &mut sim,
            Service::Events,
            "PutRule",
            json!({"Name": "r", "EventPattern": pattern}),
        );
        assert_eq!(e.code, ErrorCode::InvalidEventPatternException, "{pattern}");
    }
    let e = refused(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 hour)", "EventBusName": "orders"}),
    );
    assert_eq!(e.code, ErrorCode::ResourceNotFoundException);
    let e = refused(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 hour)", "State": "ON"}),
    );
    assert_eq!(e.code, ErrorCode::ValidationException);
    // The default bus by name or ARN.
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 hour)", "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/default"}),
    );
    let e = refused(
        &mut sim,
        Service::Events,
        "EnableRule",
        json!({"Name": "nope"}),
    );
    assert_eq!(e.message, "Rule nope does not exist on EventBus default.");
}

#[test]
fn put_rule_replaces_the_rule_and_keeps_its_targets() {
    // F24.1.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 hour)", "Description": "d", "State": "DISABLED"}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [ecs_target("t", "events", &subnet)]}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "EventPattern": "{\"source\": [\"shop\"]}"}),
    );
    let d = run(
        &mut sim,
        Service::Events,
        "DescribeRule",
        json!({"Name": "r"}),
    );
    assert_eq!(d["State"], "ENABLED");
    assert!(
        d.get("Description").is_none() && d.get("ScheduleExpression").is_none(),
        "{d}"
    );
    let t = run(
        &mut sim,
        Service::Events,
        "ListTargetsByRule",
        json!({"Rule": "r"}),
    );
    assert_eq!(t["Targets"].as_array().unwrap().len(), 1);
    // The old schedule's timer is stale: nothing fires.
    sim.advance(SimDuration::seconds(7200));
    assert!(invocations(&mut sim).is_empty());
}

#[test]
fn targets_are_checked_and_limited() {
    // F24.2, F24.3.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 hour)"}),
    );
    let mut no_role = ecs_target("t", "events", &subnet);
    no_role.as_object_mut().unwrap().remove("RoleArn");
    let e = refused(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [no_role]}),
    );
    assert_eq!(
        e.message,
        "RoleArn is required for target arn:aws:ecs:us-east-1:123456789012:cluster/jobs."
    );
    let mut both = ecs_target("t", "events", &subnet);
    both["Input"] = json!("{}");
    both["InputPath"] = json!("$.detail");
    let e = refused(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [both]}),
    );
    assert!(
        e.message
            .contains("Only one of Input, InputPath, or InputTransformer"),
        "{e}"
    );
    let mut bad_input = ecs_target("t", "events", &subnet);
    bad_input["Input"] = json!("{not json");
    assert_eq!(
        refused(
            &mut sim,
            Service::Events,
            "PutTargets",
            json!({"Rule": "r", "Targets": [bad_input]})
        )
        .code,
        ErrorCode::ValidationException
    );
    let mut count = ecs_target("t", "events", &subnet);
    count["EcsParameters"]["TaskCount"] = json!(11);
    assert_eq!(
        refused(
            &mut sim,
            Service::Events,
            "PutTargets",
            json!({"Rule": "r", "Targets": [count]})
        )
        .code,
        ErrorCode::ValidationException
    );
    let mut dlq = ecs_target("t", "events", &subnet);
    dlq["DeadLetterConfig"] = json!({"Arn": "arn:aws:sqs:us-east-1:123456789012:dlq"});
    assert_eq!(
        refused(
            &mut sim,
            Service::Events,
            "PutTargets",
            json!({"Rule": "r", "Targets": [dlq]})
        )
        .code,
        ErrorCode::UnsupportedFeatureException
    );
    let mut kinesis = ecs_target("t", "events", &subnet);
    kinesis["KinesisParameters"] = json!({"PartitionKeyPath": "$.id"});
    assert_eq!(
        refused(
            &mut sim,
            Service::Events,
            "PutTargets",
            json!({"Rule": "r", "Targets": [kinesis]})
        )
        .code,
        ErrorCode::UnsupportedFeatureException
    );
    let dup = json!({"Rule": "r", "Targets": [ecs_target("t", "events", &subnet), ecs_target("t", "events", &subnet)]});
    assert_eq!(
        refused(&mut sim, Service::Events, "PutTargets", dup).code,
        ErrorCode::ValidationException
    );
    let five: Vec<Value> = (0..5)
        .map(|i| ecs_target(&format!("t{i}"), "events", &subnet))
        .collect();
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": five}),
    );
    let e = refused(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [ecs_target("t5", "events", &subnet)]}),
    );
    assert_eq!(e.code, ErrorCode::LimitExceededException);
    // The same Id replaces.
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [ecs_target("t0", "bare", &subnet)]}),
    );
    // F24.1: refused while targets remain; idempotent once gone.
    let e = refused(
        &mut sim,
        Service::Events,
        "DeleteRule",
        json!({"Name": "r"}),
    );
    assert_eq!(e.message, "Rule can't be deleted since it has targets.");
    run(
        &mut sim,
        Service::Events,
        "RemoveTargets",
        json!({"Rule": "r", "Ids": ["t0", "t1", "t2", "t3", "t4", "gone"]}),
    );
    run(
        &mut sim,
        Service::Events,
        "DeleteRule",
        json!({"Name": "r"}),
    );
    run(
        &mut sim,
        Service::Events,
        "DeleteRule",
        json!({"Name": "r"}),
    );
}

#[test]
fn a_target_that_cannot_be_invoked_fails_and_changes_nothing_else() {
    // F24.6: role without permissions, role not trusting events, unknown
    // role, a task definition gone: FailedInvocations, no task.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "wrong-trust", "AssumeRolePolicyDocument": trust("ecs-tasks.amazonaws.com")}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "r", "ScheduleExpression": "rate(1 minute)"}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [
        ecs_target("bare", "bare", &subnet), ecs_target("trust", "wrong-trust", &subnet), ecs_target("ghost", "ghost", &subnet)]}),
    );
    sim.drain_events();
    let tasks = sim.state.tasks.len();
    sim.advance(SimDuration::seconds(60));
    let got = invocations(&mut sim);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|(ok, _)| !ok), "{got:?}");
    assert!(
        got.iter()
            .any(|(_, d)| d.contains("not authorized to perform ecs:RunTask")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(_, d)| d.contains("does not allow events.amazonaws.com")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(_, d)| d.contains("does not exist")),
        "{got:?}"
    );
    assert_eq!(sim.state.tasks.len(), tasks);
    // ecs:RunTask without iam:PassRole for the execution role.
    run(
        &mut sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": "bare", "PolicyName": "run", "PolicyDocument": json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}]}).to_string()}),
    );
    run(
        &mut sim,
        Service::Events,
        "RemoveTargets",
        json!({"Rule": "r", "Ids": ["trust", "ghost"]}),
    );
    sim.drain_events();
    sim.advance(SimDuration::seconds(60));
    let got = invocations(&mut sim);
    assert!(got[0].1.contains("iam:PassRole"), "{got:?}");
    assert_eq!(sim.state.tasks.len(), tasks);
    // With the events policy the task starts, startedBy events-rule/r.
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "r", "Targets": [ecs_target("bare", "events", &subnet)]}),
    );
    sim.advance(SimDuration::seconds(60));
    let got = invocations(&mut sim);
    assert!(got[0].0, "{got:?}");
    let listed = run(
        &mut sim,
        Service::Ecs,
        "ListTasks",
        json!({"cluster": "jobs", "startedBy": "events-rule/r"}),
    );
    assert_eq!(listed["taskArns"].as_array().unwrap().len(), 1);
}

#[test]
fn put_events_entries_fail_alone_and_matches_are_delivered_a_second_later() {
    // F24.5, MODEL §13.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "big", "EventPattern": "{\"source\": [\"shop\"], \"detail\": {\"total\": [{\"numeric\": [\">\", 100]}]}}"}),
    );
    let mut target = ecs_target("t", "events", &subnet);
    target["InputTransformer"] = json!({"InputPathsMap": {"total": "$.detail.total"},
        "InputTemplate": "{\"containerOverrides\": [{\"name\": \"report\", \"command\": [\"report\", \"<total>\"]}]}"});
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "big", "Targets": [target]}),
    );
    let out = run(
        &mut sim,
        Service::Events,
        "PutEvents",
        json!({"Entries": [
        {"Source": "shop", "DetailType": "Order", "Detail": "{\"total\": 250}"},
        {"Source": "shop", "DetailType": "Order", "Detail": "{\"total\": 5}"},
        {"Source": "aws.s3", "DetailType": "Order", "Detail": "{}"},
        {"Source": "shop", "DetailType": "Order", "Detail": "[1]"},
        {"Source": "shop", "Detail": "{}"},
        {"Source": "shop", "DetailType": "Order", "Detail": "{}", "EventBusName": "other"}]}),
    );
    assert_eq!(out["FailedEntryCount"], 4, "{out}");
    assert!(out["Entries"][0]["EventId"].is_string());
    assert_eq!(
        out["Entries"][2]["ErrorCode"],
        "NotAuthorizedForSourceException"
    );
    assert_eq!(out["Entries"][3]["ErrorCode"], "MalformedDetail");
    assert_eq!(out["Entries"][4]["ErrorCode"], "InvalidArgument");
    sim.drain_events();
    sim.advance(SimDuration::millis(999));
    assert!(invocations(&mut sim).is_empty());
    sim.advance(SimDuration::millis(1));
    let got = invocations(&mut sim);
    assert_eq!(got.len(), 1, "{got:?}");
    let task = sim
        .state
        .tasks
        .iter()
        .next()
        .map(|(_, t)| t.life.overrides.clone())
        .unwrap();
    assert_eq!(
        task.unwrap()["containerOverrides"][0]["command"],
        json!(["report", "250"])
    );
    let e = refused(
        &mut sim,
        Service::Events,
        "PutEvents",
        json!({"Entries": []}),
    );
    assert_eq!(e.code, ErrorCode::ValidationException);
}

#[test]
fn engine_events_match_rules_and_a_target_group_keeps_followers_out() {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "any-task", "EventPattern": "{\"source\": [\"aws.ecs\"], \"detail-type\": [\"ECS Task State Change\"], \"detail\": {\"lastStatus\": [\"PROVISIONING\"], \"group\": [\"family:report\"]}}"}),
    );
    let mut t = ecs_target("t", "events", &subnet);
    t["EcsParameters"]["Group"] = json!("followers");
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "any-task", "Targets": [t]}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "jobs", "taskDefinition": "report", "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}}),
    );
    sim.drain_events();
    sim.advance(SimDuration::seconds(2));
    let got = invocations(&mut sim);
    assert_eq!(got.len(), 1, "{got:?}");
    // The follower is in group `followers`: it does not match again.
    sim.advance(SimDuration::seconds(60));
    assert!(invocations(&mut sim).is_empty());
    assert!(sim.state.events.matched.is_empty() && sim.state.events.deliveries.is_empty());
}

#[test]
fn schedules_are_validated() {
    // F24.7.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    let base = |expr: &str, window: Value| {
        let mut target = ecs_target("x", "events", &subnet);
        let t = target.as_object_mut().unwrap();
        t.remove("Id");
        json!({"Name": "s", "ScheduleExpression": expr, "FlexibleTimeWindow": window, "Target": target})
    };
    for (input, code) in [
        (
            base("rate(1 hours)", json!({"Mode": "OFF"})),
            ErrorCode::ValidationException,
        ),
        (
            base("at(2026-02-30T00:00:00)", json!({"Mode": "OFF"})),
            ErrorCode::ValidationException,
        ),
        (
            base(
                "rate(1 hour)",
                json!({"Mode": "OFF", "MaximumWindowInMinutes": 5}),
            ),
            ErrorCode::ValidationException,
        ),
        (
            base(
                "rate(1 hour)",
                json!({"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 1441}),
            ),
            ErrorCode::ValidationException,
        ),
        (
            base("rate(1 hour)", json!({"Mode": "SOMETIMES"})),
            ErrorCode::ValidationException,
        ),
    ] {
        assert_eq!(
            refused(
                &mut sim,
                Service::Scheduler,
                "CreateSchedule",
                input.clone()
            )
            .code,
            code,
            "{input}"
        );
    }
    let mut tz = base("cron(0 9 * * ? *)", json!({"Mode": "OFF"}));
    tz["ScheduleExpressionTimezone"] = json!("Nowhere/Land");
    assert_eq!(
        refused(&mut sim, Service::Scheduler, "CreateSchedule", tz).code,
        ErrorCode::ValidationException
    );
    let mut group = base("rate(1 hour)", json!({"Mode": "OFF"}));
    group["GroupName"] = json!("other");
    assert_eq!(
        refused(&mut sim, Service::Scheduler, "CreateSchedule", group).code,
        ErrorCode::ResourceNotFoundException
    );
    let mut dates = base("rate(1 hour)", json!({"Mode": "OFF"}));
    dates["StartDate"] = json!("2026-01-02T00:00:00Z");
    dates["EndDate"] = json!("2026-01-01T00:00:00Z");
    assert_eq!(
        refused(&mut sim, Service::Scheduler, "CreateSchedule", dates).code,
        ErrorCode::ValidationException
    );
    run(
        &mut sim,
        Service::Scheduler,
        "CreateSchedule",
        base("rate(1 hour)", json!({"Mode": "OFF"})),
    );
    let e = refused(
        &mut sim,
        Service::Scheduler,
        "CreateSchedule",
        base("rate(1 hour)", json!({"Mode": "OFF"})),
    );
    assert_eq!(e.code, ErrorCode::ConflictException);
    let mut missing = base("rate(1 hour)", json!({"Mode": "OFF"}));
    missing["Name"] = json!("nope");
    assert_eq!(
        refused(&mut sim, Service::Scheduler, "UpdateSchedule", missing).code,
        ErrorCode::ResourceNotFoundException
    );
}

#[test]
fn a_flexible_one_time_schedule_fires_within_its_window_and_deletes_itself() {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "sched", "AssumeRolePolicyDocument": trust("scheduler.amazonaws.com")}),
    );
    run(
        &mut sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "sched", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole"}),
    );
    let mut target = ecs_target("x", "sched", &subnet);
    target.as_object_mut().unwrap().remove("Id");
    target["Input"] = json!(
        "{\"containerOverrides\": [{\"name\": \"report\", \"environment\": [{\"name\": \"ONCE\", \"value\": \"1\"}]}]}"
    );
    run(
        &mut sim,
        Service::Scheduler,
        "CreateSchedule",
        json!({"Name": "once", "ScheduleExpression": "at(2026-01-01T01:00:00)",
        "ScheduleExpressionTimezone": "Europe/Paris", "ActionAfterCompletion": "DELETE",
        "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 30}, "Target": target}),
    );
    sim.drain_events();
    // 01:00 in Paris is 00:00 UTC: already past at creation, so it never fires.
    sim.advance(SimDuration::seconds(3 * 3600));
    assert!(invocations(&mut sim).is_empty());
    let e = refused(
        &mut sim,
        Service::Scheduler,
        "GetSchedule",
        json!({"Name": "nope"}),
    );
    assert_eq!(e.code, ErrorCode::ResourceNotFoundException);
    let mut target = ecs_target("x", "sched", &subnet);
    target.as_object_mut().unwrap().remove("Id");
    run(
        &mut sim,
        Service::Scheduler,
        "UpdateSchedule",
        json!({"Name": "once", "ScheduleExpression": "at(2026-01-01T05:00:00)",
        "ScheduleExpressionTimezone": "Europe/Paris", "ActionAfterCompletion": "DELETE",
        "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 30}, "Target": target}),
    );
    // 05:00 Paris = 04:00 UTC = T+4h; within 30 minutes of it.
    sim.advance(SimDuration::seconds(3600 - 1));
    assert!(invocations(&mut sim).is_empty());
    sim.advance(SimDuration::seconds(30 * 60 + 1));
    let got = invocations(&mut sim);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].0, "{got:?}");
    assert!(sim.state.scheduler.schedules.is_empty());
    let listed = run(
        &mut sim,
        Service::Ecs,
        "ListTasks",
        json!({"cluster": "jobs", "startedBy": "chronos-schedule/once"}),
    );
    assert_eq!(listed["taskArns"].as_array().unwrap().len(), 1);
}

#[test]
fn a_rule_whose_targets_make_its_own_events_is_throttled() {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    // Every task state change starts another task: a loop.
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "loop", "EventPattern": "{\"source\": [\"aws.ecs\"]}"}),
    );
    let mut t = ecs_target("t", "events", &subnet);
    t["EcsParameters"]["TaskCount"] = json!(2);
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "loop", "Targets": [t]}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "jobs", "taskDefinition": "report", "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}}),
    );
    for _ in 0..2 {
        sim.advance(SimDuration::seconds(60));
        sim.drain_events();
        sim.drain_eventbridge_events();
    }
    let r = &sim.state.events.rules["loop"];
    let started: u64 = r.record.started.values().sum();
    assert!(
        started <= 10 * 10 * u64::from(deliver::MAX_INVOCATIONS_PER_MINUTE) + 1,
        "{started}"
    );
    assert!(r.record.failed > 0);
    assert!(
        r.record
            .last_failure
            .as_deref()
            .unwrap()
            .starts_with("throttled"),
        "{:?}",
        r.record.last_failure
    );
    sim.check_invariants().unwrap();
}

#[test]
fn a_refused_request_takes_back_the_matches_of_its_events() {
    // CreateService validates its network by reconciling once; a refusal
    // takes back the events (and with them the rules' matches).
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "all", "EventPattern": "{\"source\": [\"aws.ecs\"]}"}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "all", "Targets": [ecs_target("t", "events", &subnet)]}),
    );
    sim.drain_events();
    let published = sim.eventbridge.published;
    let e = try_run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "jobs", "serviceName": "web",
        "taskDefinition": "report", "desiredCount": 1, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}}),
    );
    assert!(e.is_err(), "{e:?}");
    assert_eq!(sim.eventbridge.published, published);
    assert!(sim.state.events.matched.is_empty() && sim.state.events.deliveries.is_empty());
    sim.advance(SimDuration::seconds(5));
    assert!(invocations(&mut sim).is_empty());
    // Unit: matches of events after a mark go, the others stay.
    sim.state.events.matched.push(deliver::PendingMatch {
        number: Some(published + 1),
        rule: "all".into(),
        event: json!({}),
    });
    sim.state.events.matched.push(deliver::PendingMatch {
        number: Some(published),
        rule: "all".into(),
        event: json!({}),
    });
    sim.state.events.matched.push(deliver::PendingMatch {
        number: None,
        rule: "all".into(),
        event: json!({}),
    });
    sim.unmatch_events_after(published);
    assert_eq!(sim.state.events.matched.len(), 2);
    sim.state.events.matched.clear();
}

#[test]
fn schedules_keep_within_their_start_and_end_dates_and_rules_fire_on_their_cron() {
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let subnet = setup(&mut sim);
    run(
        &mut sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "sched", "AssumeRolePolicyDocument": trust("scheduler.amazonaws.com")}),
    );
    run(
        &mut sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "sched", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole"}),
    );
    let mut target = ecs_target("x", "sched", &subnet);
    target.as_object_mut().unwrap().remove("Id");
    // Every 30 minutes from 01:00 to 02:00: 01:00, 01:30, 02:00.
    run(
        &mut sim,
        Service::Scheduler,
        "CreateSchedule",
        json!({"Name": "window", "ScheduleExpression": "rate(30 minutes)",
        "StartDate": "2026-01-01T01:00:00Z", "EndDate": "2026-01-01T02:00:00Z",
        "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": target}),
    );
    // A rule at minute 15 of every hour, UTC.
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "quarter", "ScheduleExpression": "cron(15 * * * ? *)"}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "quarter", "Targets": [ecs_target("t", "events", &subnet)]}),
    );
    sim.drain_events();
    let mut times = Vec::new();
    for _ in 0..(4 * 60) {
        sim.advance(SimDuration::seconds(60));
        for e in sim.drain_events() {
            if let EventKind::TargetInvoked {
                source_arn,
                succeeded,
                ..
            } = e.kind
            {
                assert!(succeeded);
                times.push((
                    source_arn.rsplit('/').next().unwrap().to_owned(),
                    e.time.to_string(),
                ));
            }
        }
    }
    let got: Vec<String> = times.iter().map(|(n, t)| format!("{n} {t}")).collect();
    assert_eq!(
        got,
        [
            "quarter T+00:15:00.000",
            "window T+01:00:00.000",
            "quarter T+01:15:00.000",
            "window T+01:30:00.000",
            "window T+02:00:00.000",
            "quarter T+02:15:00.000",
            "quarter T+03:15:00.000",
        ]
    );
}

#[test]
fn sqs_targets_receive_the_event_when_the_queue_policy_allows_eventbridge() {
    // F24.2, F20.6 (the same rule for SQS): a queue target needs no role;
    // the queue's policy must allow events.amazonaws.com to send.
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    let url = run(
        &mut sim,
        Service::Sqs,
        "CreateQueue",
        json!({"QueueName": "orders"}),
    )["QueueUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "shop", "EventPattern": "{\"source\": [\"shop\"]}"}),
    );
    let queue_arn = "arn:aws:sqs:us-east-1:123456789012:orders";
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "shop", "Targets": [
            {"Id": "q", "Arn": queue_arn},
            {"Id": "gone", "Arn": "arn:aws:sqs:us-east-1:123456789012:nope",
             "InputTransformer": {"InputPathsMap": {"t": "$.detail.total"}, "InputTemplate": "\"Total <t>\""}},
        ]}),
    );
    let put =
        json!({"Entries": [{"Source": "shop", "DetailType": "Order", "Detail": "{\"total\": 7}"}]});
    run(&mut sim, Service::Events, "PutEvents", put.clone());
    sim.drain_events();
    sim.advance(SimDuration::seconds(1));
    // No policy: a failed invocation; the missing queue fails too.
    let got = invocations(&mut sim);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(ok, _)| !ok), "{got:?}");
    assert!(
        got[1].1.contains("does not allow sqs:SendMessage"),
        "{got:?}"
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": queue_arn}]});
    run(
        &mut sim,
        Service::Sqs,
        "SetQueueAttributes",
        json!({"QueueUrl": url, "Attributes": {"Policy": policy.to_string()}}),
    );
    run(&mut sim, Service::Events, "PutEvents", put);
    sim.advance(SimDuration::seconds(1));
    let got = invocations(&mut sim);
    assert_eq!(
        got.iter().map(|(ok, _)| *ok).collect::<Vec<_>>(),
        [false, true],
        "{got:?}"
    );
    let r = run(
        &mut sim,
        Service::Sqs,
        "ReceiveMessage",
        json!({"QueueUrl": url}),
    );
    let body: Value = serde_json::from_str(r["Messages"][0]["Body"].as_str().unwrap()).unwrap();
    assert_eq!(body["source"], "shop");
    assert_eq!(body["detail-type"], "Order");
    assert_eq!(body["detail"]["total"], 7);
    // A Scheduler target uses its role, not the queue policy (F24.7): a
    // role that does not exist fails the invocation and sends nothing.
    let name = sim.sqs_queue_by_arn(queue_arn).unwrap();
    let before = sim.state.sqs.queues[&name].messages().len();
    run(
        &mut sim,
        Service::Scheduler,
        "CreateSchedule",
        json!({"Name": "s", "ScheduleExpression": "rate(1 hour)", "FlexibleTimeWindow": {"Mode": "OFF"},
            "Target": {"Arn": queue_arn, "RoleArn": "arn:aws:iam::123456789012:role/x", "Input": "plain text"}}),
    );
    sim.advance(crate::time::SimDuration::minutes(61));
    assert_eq!(sim.state.sqs.queues[&name].messages().len(), before);
}
