//! Goals: parsing (unknown kinds and fields refused), and each kind's
//! check on a small account, met and unmet with what exists now. The labs
//! (cli/tests/labs.rs) exercise every kind end to end.
#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::input::Input;
use crate::time::SimDuration;
use serde_json::json;

fn goal(v: Value) -> Goal {
    Goal::from_json(&v).unwrap()
}

fn run(sim: &mut Sim, service: Service, op: &str, input: Value) {
    let command = Command::from_json(service, op, input).unwrap();
    let out = sim.apply(Input::Api(command));
    assert!(!matches!(out, crate::Output::Api(Err(_))), "{op}: {out:?}");
}

fn advance(sim: &mut Sim, seconds: u64) {
    sim.apply(Input::Advance(SimDuration::seconds(seconds)));
}

fn subnet(sim: &Sim) -> String {
    sim.view()
        .subnets
        .iter()
        .find(|s| s.default_for_az)
        .unwrap()
        .id
        .clone()
}

#[test]
fn unknown_kinds_and_fields_are_refused_with_what_is_known() {
    let e = Goal::from_json(&json!({"kind": "clustr", "name": "x"})).unwrap_err();
    assert!(
        e.starts_with("unknown goal kind `clustr` (known kinds: cluster, "),
        "{e}"
    );
    let e = Goal::from_json(&json!({"kind": "cluster", "nme": "x"})).unwrap_err();
    assert!(e.contains("goal `cluster`: unknown field `nme`"), "{e}");
    let e = Goal::from_json(&json!({"kind": "cluster"})).unwrap_err();
    assert!(e.contains("missing field `name`"), "{e}");
    let e = Goal::from_json(&json!({"name": "x"})).unwrap_err();
    assert!(e.starts_with("a goal needs a `kind`"), "{e}");
    let e = Goal::from_json(&json!({"kind": "tasks", "cluster": "c", "running": 1, "at_least": 1}))
        .unwrap_err();
    assert!(e.contains("not both"), "{e}");
    for kind in GOAL_KINDS {
        // Every listed kind parses (with its required fields).
        let v = match *kind {
            "cluster" | "repository" | "role" | "load_balancer" | "target_group" => {
                json!({"kind": kind, "name": "x"})
            }
            "auto_scaling_group" | "capacity_provider" => json!({"kind": kind}),
            "task_definition" => json!({"kind": kind, "family": "x"}),
            "tasks" | "http" => json!({"kind": kind, "cluster": "x"}),
            "service" => json!({"kind": kind, "cluster": "x", "name": "y"}),
            "security_group_ingress" => json!({"kind": kind, "group": "x", "port": 80}),
            "lifecycle_policy" => json!({"kind": kind, "repository": "x", "keeps_at_most": 3}),
            "task_exit" => json!({"kind": kind, "cluster": "x", "family": "y"}),
            "scaling_policy" | "scheduled_action" => {
                json!({"kind": kind, "cluster": "x", "service": "y"})
            }
            "scaling_activity" => {
                json!({"kind": kind, "cluster": "x", "service": "y", "direction": "out"})
            }
            "scheduled_task" => json!({"kind": kind, "cluster": "x", "family": "y"}),
            "task_started_by" => json!({"kind": kind, "cluster": "x"}),
            "email_received" => json!({"kind": kind, "to": "a@example.com"}),
            "sns_subscription" => {
                json!({"kind": kind, "topic": "t", "protocol": "email", "endpoint": "a@example.com"})
            }
            "sqs_queue" => json!({"kind": kind, "name": "jobs", "deleted_at_least": 5}),
            "s3_bucket" => json!({"kind": kind, "name": "b", "eventbridge": true}),
            "event_task" => json!({"kind": kind, "cluster": "c", "family": "f", "can_run": true}),
            "dynamodb_item" => {
                json!({"kind": kind, "table": "t", "attribute": "k", "value": "v"})
            }
            "efs_file_system" => {
                json!({"kind": kind, "name": "notes", "mount_targets": 2, "nfs_from": "tasks"})
            }
            "task_stopped" => {
                json!({"kind": kind, "cluster": "c", "family": "f", "reason_contains": "mount"})
            }
            other => panic!("no sample for {other}"),
        };
        let g = goal(v);
        assert_eq!(g.kind(), *kind);
        assert!(g.describe().ends_with('.'), "{}", g.describe());
    }
}

#[test]
fn load_balancing_goals_say_what_is_missing() {
    let sim = Sim::new(SimConfig::default()).unwrap();
    let check = sim.check_goal(&goal(
        json!({"kind": "load_balancer", "name": "web", "http_status": 200}),
    ));
    assert!(!check.met);
    assert_eq!(
        check.detail,
        "there is no load balancer web (load balancers: none)"
    );
    let check = sim.check_goal(&goal(
        json!({"kind": "target_group", "name": "web-tg", "healthy": 1}),
    ));
    assert!(!check.met);
    assert_eq!(
        check.detail,
        "there is no target group web-tg (target groups: none)"
    );
    let e = Goal::from_json(&json!({"kind": "target_group", "name": "x", "healthy_targets": 2}))
        .unwrap_err();
    assert!(e.contains("healthy_targets"), "{e}");
}

#[test]
fn scaling_goals_follow_the_service() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let policy = goal(
        json!({"kind": "scaling_policy", "cluster": "c", "service": "web",
        "metric": "ECSServiceAverageCPUUtilization", "target_value": 50.0, "max_capacity": 3}),
    );
    let out = goal(
        json!({"kind": "scaling_activity", "cluster": "c", "service": "web", "direction": "out"}),
    );
    assert!(
        Goal::from_json(
            &json!({"kind": "scaling_activity", "cluster": "c", "service": "w", "direction": "up"})
        )
        .is_err()
    );
    let check = sim.check_goal(&policy);
    assert!(!check.met);
    assert!(
        check.detail.contains("is not a scalable target"),
        "{}",
        check.detail
    );
    let sub = subnet(&sim);
    run(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web",
        "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": "nginxdemos/hello"}]}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web",
        "taskDefinition": "web", "desiredCount": 1, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [sub], "assignPublicIp": "ENABLED"}}}),
    );
    let target = json!({"ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 1, "MaxCapacity": 3});
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "RegisterScalableTarget",
        target,
    );
    let check = sim.check_goal(&policy);
    assert!(
        check.detail.contains("without a scaling policy"),
        "{}",
        check.detail
    );
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "PutScalingPolicy",
        json!({
        "PolicyName": "cpu", "ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 50.0,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}),
    );
    // Another policy that sorts first does not hide the one asked for.
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "PutScalingPolicy",
        json!({
        "PolicyName": "a-steps", "ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "StepScaling",
        "StepScalingPolicyConfiguration": {"AdjustmentType": "ChangeInCapacity",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]}}),
    );
    assert!(sim.check_goal(&policy).met);
    // metric_math: the CPU policy is not; a policy on Metrics is.
    let math = |on: bool| {
        goal(
            json!({"kind": "scaling_policy", "cluster": "c", "service": "web",
            "policy_type": "TargetTrackingScaling", "metric_math": on}),
        )
    };
    assert!(!sim.check_goal(&math(true)).met);
    assert!(sim.check_goal(&math(false)).met);
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "PutScalingPolicy",
        json!({
        "PolicyName": "backlog", "ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 150.0,
            "CustomizedMetricSpecification": {"Metrics": [
                {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/SQS",
                    "MetricName": "ApproximateNumberOfMessagesVisible"}, "Stat": "Sum"},
                 "ReturnData": false},
                {"Id": "e1", "Expression": "m1 / 2"}]}}}),
    );
    assert!(sim.check_goal(&math(true)).met);
    let steps = goal(
        json!({"kind": "scaling_policy", "cluster": "c", "service": "web",
        "policy_type": "StepScaling", "name": "a-steps"}),
    );
    assert!(sim.check_goal(&steps).met);
    let wrong = goal(
        json!({"kind": "scaling_policy", "cluster": "c", "service": "web",
        "policy_type": "StepScaling", "name": "cpu"}),
    );
    assert!(!sim.check_goal(&wrong).met);
    assert!(!sim.check_goal(&out).met);
    advance(&mut sim, 120);
    sim.apply(Input::Load(crate::cloudwatch::Load {
        resource_id: "service/c/web".into(),
        cpu_percent: Some(200.0),
        memory_percent: None,
        profile: None,
        off: false,
    }))
    .load()
    .unwrap();
    advance(&mut sim, 300);
    let check = sim.check_goal(&out);
    assert!(check.met, "{}", check.detail);
    assert!(
        check.detail.contains("Setting desired count to"),
        "{}",
        check.detail
    );
}

#[test]
fn cluster_goal_says_what_is_missing() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let g = goal(
        json!({"kind": "cluster", "name": "DemoCluster", "capacity_providers": ["FARGATE", "FARGATE_SPOT"], "registered_instances": 1}),
    );
    let check = sim.check_goal(&g);
    assert!(!check.met);
    assert_eq!(
        check.detail,
        "there is no cluster named DemoCluster (clusters: none)"
    );
    run(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "DemoCluster", "capacityProviders": ["FARGATE"]}),
    );
    let check = sim.check_goal(&g);
    assert_eq!(
        check.detail,
        "cluster DemoCluster exists, but its capacity providers are FARGATE: FARGATE_SPOT is missing"
    );
    run(
        &mut sim,
        Service::Ecs,
        "PutClusterCapacityProviders",
        json!({"cluster": "DemoCluster", "capacityProviders": ["FARGATE", "FARGATE_SPOT"], "defaultCapacityProviderStrategy": []}),
    );
    let check = sim.check_goal(&g);
    assert!(!check.met);
    assert!(
        check.detail.starts_with("cluster DemoCluster has 0 ACTIVE container instances (at least 1 wanted): no EC2 instance or Auto Scaling group is set to join DemoCluster"),
        "{}",
        check.detail
    );
    let g =
        goal(json!({"kind": "cluster", "name": "DemoCluster", "capacity_providers": ["FARGATE"]}));
    let check = sim.check_goal(&g);
    assert!(check.met);
    assert_eq!(
        check.detail,
        "cluster DemoCluster is ACTIVE with the capacity providers FARGATE, FARGATE_SPOT"
    );
    // Container Insights: off by default, on after UpdateClusterSettings.
    let g = goal(json!({"kind": "cluster", "name": "DemoCluster", "container_insights": true}));
    assert_eq!(
        g.describe(),
        "A cluster named DemoCluster exists, with Container Insights on."
    );
    let check = sim.check_goal(&g);
    assert!(!check.met);
    assert!(
        check
            .detail
            .starts_with("cluster DemoCluster has containerInsights disabled: turn it on with `aws ecs update-cluster-settings --cluster DemoCluster"),
        "{}",
        check.detail
    );
    run(
        &mut sim,
        Service::Ecs,
        "UpdateClusterSettings",
        json!({"cluster": "DemoCluster", "settings": [{"name": "containerInsights", "value": "enhanced"}]}),
    );
    let check = sim.check_goal(&g);
    assert!(check.met, "{}", check.detail);
    assert_eq!(
        check.detail,
        "cluster DemoCluster is ACTIVE, containerInsights enhanced"
    );
    let off = goal(json!({"kind": "cluster", "name": "DemoCluster", "container_insights": false}));
    assert!(!sim.check_goal(&off).met);
}

fn fargate_task(sim: &mut Sim, image: &str) {
    run(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    run(
        sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({
            "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "web", "image": image, "portMappings": [{"containerPort": 80}]}]
        }),
    );
    let subnet = subnet(sim);
    run(
        sim,
        Service::Ecs,
        "RunTask",
        json!({
            "cluster": "c", "taskDefinition": "web", "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}
        }),
    );
}

#[test]
fn tasks_goal_explains_a_failed_pull() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    fargate_task(&mut sim, "nginxdemos/helo");
    advance(&mut sim, 120);
    let check = sim.check_goal(&goal(
        json!({"kind": "tasks", "cluster": "c", "family": "web"}),
    ));
    assert!(!check.met);
    assert!(
        check.detail.starts_with(
            "cluster c has 0 RUNNING tasks of family web (at least 1 wanted); the latest task "
        ),
        "{}",
        check.detail
    );
    assert!(
        check.detail.contains(
            "stopped: CannotPullContainerError: pull access denied for docker.io/nginxdemos/helo"
        ),
        "{}",
        check.detail
    );
}

#[test]
fn http_goal_follows_the_request_hop_by_hop() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    fargate_task(&mut sim, "nginxdemos/hello");
    advance(&mut sim, 60);
    let http = goal(json!({"kind": "http", "cluster": "c", "family": "web"}));
    let tasks = goal(
        json!({"kind": "tasks", "cluster": "c", "family": "web", "public_ip": true, "running": 1}),
    );
    assert!(sim.check_goal(&tasks).met, "{:?}", sim.check_goal(&tasks));
    let check = sim.check_goal(&http);
    assert!(!check.met);
    // The default security group lets nothing in from the internet.
    assert!(check.detail.contains("times out"), "{}", check.detail);
    let sg = sim
        .view()
        .security_groups
        .iter()
        .find(|g| g.name == "default")
        .unwrap()
        .id
        .clone();
    let ingress = goal(json!({"kind": "security_group_ingress", "group": "default", "port": 80}));
    assert!(!sim.check_goal(&ingress).met);
    run(
        &mut sim,
        Service::Ec2,
        "AuthorizeSecurityGroupIngress",
        json!({
            "GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
        }),
    );
    let check = sim.check_goal(&ingress);
    assert!(check.met, "{}", check.detail);
    let check = sim.check_goal(&http);
    assert!(check.met, "{}", check.detail);
    assert!(check.detail.ends_with("answers 200 OK"), "{}", check.detail);
}

#[test]
fn lifecycle_goal_judges_the_policy_not_its_wording() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    run(
        &mut sim,
        Service::Ecr,
        "CreateRepository",
        json!({"repositoryName": "app"}),
    );
    let g = goal(json!({"kind": "lifecycle_policy", "repository": "app", "keeps_at_most": 3}));
    assert!(
        sim.check_goal(&g)
            .detail
            .contains("has no lifecycle policy")
    );
    let policy = |status: &str, n: u32| {
        json!({"rules": [{"rulePriority": 1, "description": "keep the newest", "selection": {"tagStatus": status, "countType": "imageCountMoreThan", "countNumber": n}, "action": {"type": "expire"}}]}).to_string()
    };
    run(
        &mut sim,
        Service::Ecr,
        "PutLifecyclePolicy",
        json!({"repositoryName": "app", "lifecyclePolicyText": policy("any", 5)}),
    );
    let check = sim.check_goal(&g);
    assert!(!check.met);
    assert!(check.detail.contains("it would keep 5"), "{}", check.detail);
    run(
        &mut sim,
        Service::Ecr,
        "PutLifecyclePolicy",
        json!({"repositoryName": "app", "lifecyclePolicyText": policy("untagged", 1)}),
    );
    assert!(!sim.check_goal(&g).met);
    run(
        &mut sim,
        Service::Ecr,
        "PutLifecyclePolicy",
        json!({"repositoryName": "app", "lifecyclePolicyText": policy("any", 3)}),
    );
    let check = sim.check_goal(&g);
    assert!(check.met, "{}", check.detail);
    assert!(check.detail.contains("keeps 3 of 10"), "{}", check.detail);
}

#[test]
fn role_goal_evaluates_policies() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let g = goal(
        json!({"kind": "role", "name": "exec", "trusts": "ecs-tasks.amazonaws.com", "allows": ["ecr:BatchGetImage"]}),
    );
    assert_eq!(
        sim.check_goal(&g).detail,
        "there is no IAM role named exec (roles: none)"
    );
    run(
        &mut sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "exec", "AssumeRolePolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#}),
    );
    let check = sim.check_goal(&g);
    assert_eq!(
        check.detail,
        "role exec exists, but no policy allows ecr:BatchGetImage on * (its policies: none)"
    );
    run(
        &mut sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "exec", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}),
    );
    let check = sim.check_goal(&g);
    assert!(check.met, "{}", check.detail);
}

#[test]
fn image_names_match_with_and_without_tags() {
    assert!(image_matches("nginxdemos/hello", "nginxdemos/hello:0.4"));
    assert!(image_matches(
        "nginxdemos/hello",
        "docker.io/nginxdemos/hello"
    ));
    assert!(image_matches("nginx", "docker.io/library/nginx:latest"));
    assert!(!image_matches(
        "nginxdemos/hello:0.4",
        "nginxdemos/hello:latest"
    ));
    assert!(!image_matches("nginx", "httpd"));
}

#[test]
fn scheduled_action_goal_sees_the_action_and_its_runs() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let g = goal(
        json!({"kind": "scheduled_action", "cluster": "c", "service": "web",
        "min_capacity": 3, "timezone": "Europe/Paris", "recurring": true, "triggered": true}),
    );
    assert!(
        Goal::from_json(
            &json!({"kind": "scheduled_action", "cluster": "c", "service": "web", "when": "now"})
        )
        .is_err()
    );
    let check = sim.check_goal(&g);
    assert!(
        check.detail.contains("no scheduled action"),
        "{}",
        check.detail
    );
    let sub = subnet(&sim);
    run(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web",
        "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": "nginxdemos/hello"}]}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web",
        "taskDefinition": "web", "desiredCount": 1, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [sub], "assignPublicIp": "ENABLED"}}}),
    );
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "RegisterScalableTarget",
        json!({"ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 1, "MaxCapacity": 4}),
    );
    run(
        &mut sim,
        Service::ApplicationAutoScaling,
        "PutScheduledAction",
        json!({"ServiceNamespace": "ecs", "ResourceId": "service/c/web",
        "ScalableDimension": "ecs:service:DesiredCount", "ScheduledActionName": "morning",
        "Schedule": "cron(0 9 ? * MON-FRI *)", "Timezone": "Europe/Paris",
        "ScalableTargetAction": {"MinCapacity": 3, "MaxCapacity": 6}}),
    );
    let check = sim.check_goal(&g);
    assert!(!check.met);
    assert!(check.detail.contains("has not run yet"), "{}", check.detail);
    // 2026-01-01 is a Thursday: 09:00 in Paris is 08:00 UTC.
    advance(&mut sim, 8 * 3600);
    let check = sim.check_goal(&g);
    assert!(check.met, "{}", check.detail);
    let out = goal(
        json!({"kind": "scaling_activity", "cluster": "c", "service": "web", "direction": "out"}),
    );
    assert!(sim.check_goal(&out).met);
    // Replayed from its journal, the account is the same.
    let replayed = sim.journal.replay().unwrap();
    assert_eq!(replayed.state_fingerprint(), sim.state_fingerprint());
}

#[test]
fn scheduled_task_goals_read_the_rule_its_role_and_what_it_started() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let sub = subnet(&sim);
    let g = goal(
        json!({"kind": "scheduled_task", "cluster": "c", "family": "job", "via": "rule", "recurring": true, "can_run": true}),
    );
    let started =
        goal(json!({"kind": "task_started_by", "cluster": "c", "via": "rule", "family": "job"}));
    assert!(
        Goal::from_json(
            &json!({"kind": "scheduled_task", "cluster": "c", "family": "j", "via": "cron"})
        )
        .is_err()
    );
    run(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    run(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "job", "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "job", "image": "nginxdemos/hello"}]}),
    );
    let check = sim.check_goal(&g);
    assert!(
        !check.met && check.detail.contains("no scheduled rule runs job on c yet"),
        "{}",
        check.detail
    );
    let check = sim.check_goal(&started);
    assert!(
        !check.met && check.detail.contains("no rule with a target on cluster c"),
        "{}",
        check.detail
    );
    run(
        &mut sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": "ev", "AssumeRolePolicyDocument":
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutRule",
        json!({"Name": "hourly", "ScheduleExpression": "rate(1 hour)"}),
    );
    run(
        &mut sim,
        Service::Events,
        "PutTargets",
        json!({"Rule": "hourly", "Targets": [{"Id": "t",
        "Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/c", "RoleArn": "arn:aws:iam::123456789012:role/ev",
        "EcsParameters": {"TaskDefinitionArn": "job", "LaunchType": "FARGATE",
            "NetworkConfiguration": {"awsvpcConfiguration": {"Subnets": [sub], "AssignPublicIp": "ENABLED"}}}}]}),
    );
    let check = sim.check_goal(&g);
    assert!(
        !check.met && check.detail.contains("does not allow ecs:RunTask"),
        "{}",
        check.detail
    );
    // The first firing fails: the goal says why.
    advance(&mut sim, 3600);
    let check = sim.check_goal(&started);
    assert!(
        !check.met && check.detail.contains("1 invocation failed"),
        "{}",
        check.detail
    );
    run(
        &mut sim,
        Service::Iam,
        "AttachRolePolicy",
        json!({"RoleName": "ev",
        "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole"}),
    );
    assert!(sim.check_goal(&g).met);
    advance(&mut sim, 3600);
    let check = sim.check_goal(&started);
    assert!(check.met, "{}", check.detail);
    // Counted over the rule's life: still met once the task is forgotten.
    run(
        &mut sim,
        Service::Events,
        "DisableRule",
        json!({"Name": "hourly"}),
    );
    advance(&mut sim, 5 * 3600);
    assert!(sim.check_goal(&started).met);
    assert!(
        sim.check_goal(&goal(
            json!({"kind": "scheduled_task", "cluster": "c", "family": "job", "enabled": false})
        ))
        .met
    );
    assert!(
        !sim.check_goal(&goal(
            json!({"kind": "scheduled_task", "cluster": "c", "family": "job", "via": "schedule"})
        ))
        .met
    );
    let replayed = sim.journal.replay().unwrap();
    assert_eq!(replayed.state_fingerprint(), sim.state_fingerprint());
}

#[test]
fn storage_goals_read_buckets_and_items() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let bucket = goal(
        json!({"kind": "s3_bucket", "name": "stevedore-uploads", "eventbridge": true,
        "objects_at_least": 1, "prefix": "incoming/"}),
    );
    let item = goal(
        json!({"kind": "dynamodb_item", "table": "Orders", "attribute": "key",
        "value": "incoming/", "prefix": true}),
    );
    assert_eq!(
        sim.check_goal(&bucket).detail,
        "no bucket stevedore-uploads"
    );
    assert_eq!(sim.check_goal(&item).detail, "no table Orders");
    run(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "stevedore-uploads"}),
    );
    run(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "stevedore-uploads", "Key": "other/a"}),
    );
    let check = sim.check_goal(&bucket);
    assert!(!check.met);
    assert_eq!(
        check.detail,
        "EventBridge notifications off, 0 object(s) under incoming/ (EventBridge notifications, too few objects)"
    );
    run(
        &mut sim,
        Service::S3,
        "PutBucketNotificationConfiguration",
        json!({"Bucket": "stevedore-uploads", "NotificationConfiguration": {"EventBridgeConfiguration": {}}}),
    );
    run(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "stevedore-uploads", "Key": "incoming/b"}),
    );
    assert!(sim.check_goal(&bucket).met, "{:?}", sim.check_goal(&bucket));
    run(
        &mut sim,
        Service::DynamoDb,
        "CreateTable",
        json!({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "key", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "key", "KeyType": "HASH"}]}),
    );
    sim.apply(Input::Advance(SimDuration::seconds(10)));
    run(
        &mut sim,
        Service::DynamoDb,
        "PutItem",
        json!({"TableName": "Orders", "Item": {"key": {"S": "elsewhere/b"}}}),
    );
    assert_eq!(
        sim.check_goal(&item).detail,
        "1 item(s), none with that key"
    );
    run(
        &mut sim,
        Service::DynamoDb,
        "PutItem",
        json!({"TableName": "Orders", "Item": {"key": {"S": "incoming/b"}}}),
    );
    assert!(sim.check_goal(&item).met);
    let exact = goal(
        json!({"kind": "dynamodb_item", "table": "Orders", "attribute": "key",
        "value": "incoming/"}),
    );
    assert!(
        !sim.check_goal(&exact).met,
        "an exact value is not a prefix"
    );
}

#[test]
fn efs_goals_say_what_is_missing() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let fs_goal = goal(
        json!({"kind": "efs_file_system", "name": "notes", "mount_targets": 1, "nfs_from": "tasks"}),
    );
    let check = sim.check_goal(&fs_goal);
    assert!(!check.met);
    assert_eq!(check.detail, "no EFS file system named notes");
    let vpc = sim.view().vpcs[0].id.clone();
    run(
        &mut sim,
        Service::Ec2,
        "CreateSecurityGroup",
        json!({"GroupName": "tasks", "Description": "t", "VpcId": vpc}),
    );
    run(
        &mut sim,
        Service::Efs,
        "CreateFileSystem",
        json!({"CreationToken": "n", "Tags": [{"Key": "Name", "Value": "notes"}]}),
    );
    advance(&mut sim, 5);
    let fs = sim.state.efs.file_systems.keys().next().unwrap().clone();
    let subnet_id = subnet(&sim);
    run(
        &mut sim,
        Service::Efs,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnet_id}),
    );
    advance(&mut sim, 60);
    // The default group does not let NFS in from `tasks`.
    let check = sim.check_goal(&fs_goal);
    assert!(!check.met, "{}", check.detail);
    assert!(
        check
            .detail
            .contains("no NFS (TCP 2049) from tasks at the mount targets in us-east-1"),
        "{}",
        check.detail
    );
    let tasks = sim
        .state
        .security_groups
        .values()
        .find(|g| g.name == "tasks")
        .unwrap()
        .id
        .clone();
    let default = sim.vpc_default_groups(&vpc)[0].clone();
    run(
        &mut sim,
        Service::Ec2,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": default, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049, "UserIdGroupPairs": [{"GroupId": tasks}]}]}),
    );
    let check = sim.check_goal(&fs_goal);
    assert!(check.met, "{}", check.detail);
    let stopped = sim.check_goal(&goal(
        json!({"kind": "task_stopped", "cluster": "nope", "family": "f", "reason_contains": "x"}),
    ));
    assert!(!stopped.met);
}
