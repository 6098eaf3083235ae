//! The AWS CLI container: command → IAM call, credentials, messages, exit
//! codes, and the task's end (F4.8, F1.8, F1.9).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use serde_json::{Value, json};

use crate::test_support::{
    ACCOUNT, container_exit as exit_code, container_lines as lines, exec, run_fargate,
};

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

fn task_role(sim: &mut Sim, name: &str, policy: Option<&str>) -> String {
    let arn = crate::test_support::task_role(sim, name);
    if let Some(p) = policy {
        exec(
            sim,
            Service::Iam,
            "AttachRolePolicy",
            json!({"RoleName": name, "PolicyArn": format!("arn:aws:iam::aws:policy/{p}")}),
        );
    }
    arn
}

/// A Fargate task of amazon/aws-cli running `command`, advanced until
/// its container exited; returns the task ARN.
fn fargate_cli(sim: &mut Sim, role: Option<&str>, command: &[&str], extra: Value) -> String {
    exec(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    let mut container = json!({"name": "cli", "image": "amazon/aws-cli", "command": command});
    if let (Some(obj), Value::Object(more)) = (container.as_object_mut(), extra) {
        obj.extend(more);
    }
    let mut td = json!({"family": "cli", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [container]});
    if let Some(r) = role {
        td["taskRoleArn"] = json!(r);
    }
    exec(sim, Service::Ecs, "RegisterTaskDefinition", td);
    let arn = run_fargate(sim, "c", "cli", json!({})).remove(0);
    sim.advance(SimDuration::minutes(2));
    arn
}

#[test]
fn each_command_maps_to_its_iam_action_and_resource() {
    let cases = [
        (
            "s3 ls s3://b",
            "ListObjectsV2",
            "s3:ListBucket",
            "arn:aws:s3:::b",
        ),
        (
            "s3 ls s3://b/logs/",
            "ListObjectsV2",
            "s3:ListBucket",
            "arn:aws:s3:::b",
        ),
        (
            "s3api get-object --bucket b --key a/k.txt out.txt",
            "GetObject",
            "s3:GetObject",
            "arn:aws:s3:::b/a/k.txt",
        ),
        (
            "s3api put-object --bucket b --key k",
            "PutObject",
            "s3:PutObject",
            "arn:aws:s3:::b/k",
        ),
        (
            r#"dynamodb get-item --table-name T --key {"id":{"S":"1"}}"#,
            "GetItem",
            "dynamodb:GetItem",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T",
        ),
        (
            r#"dynamodb put-item --table-name T --item {"id":{"S":"1"}}"#,
            "PutItem",
            "dynamodb:PutItem",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T",
        ),
        (
            "dynamodb scan --table-name T",
            "Scan",
            "dynamodb:Scan",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T",
        ),
        (
            "--region eu-west-1 dynamodb scan --table-name T",
            "Scan",
            "dynamodb:Scan",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/T",
        ),
        (
            "dynamodb list-tables",
            "ListTables",
            "dynamodb:ListTables",
            "arn:aws:dynamodb:us-east-1:123456789012:table/*",
        ),
    ];
    for (line, operation, action, resource) in cases {
        let call = parse(&words(line), ACCOUNT, "us-east-1").unwrap();
        assert_eq!(
            (call.operation, call.action, call.resource.as_str()),
            (operation, action, resource),
            "{line}"
        );
    }
}

#[test]
fn bad_and_unmodelled_commands_exit_with_the_cli_codes() {
    // No command: the image's `aws` with no arguments is a usage error (252).
    let none = parse(&[], ACCOUNT, "us-east-1").unwrap_err();
    assert_eq!(none.exit_code, RC_PARAM_VALIDATION);
    assert_eq!(
        none.lines.last().unwrap(),
        "aws: error: the following arguments are required: command"
    );
    let missing = parse(&words("dynamodb scan"), ACCOUNT, "us-east-1").unwrap_err();
    assert_eq!(missing.exit_code, RC_PARAM_VALIDATION);
    assert!(missing.lines.last().unwrap().contains("--table-name"));
    // Not modelled: said so, never a silent success.
    for line in [
        "ec2 describe-instances",
        "s3 ls s3://b s3://c",
        "s3 cp local.txt s3://b/k",
        "s3 cp s3://b/k s3://c/k",
        "s3api put-object --bucket b --key k --body f",
    ] {
        let out = parse(&words(line), ACCOUNT, "us-east-1").unwrap_err();
        assert_eq!(out.exit_code, RC_GENERAL_ERROR, "{line}");
        assert!(out.lines[0].contains("does not model"), "{line}");
    }
}

#[test]
fn assumed_role_arns_use_the_role_name_and_session() {
    assert_eq!(
        assumed_role_arn("arn:aws:iam::123456789012:role/app/reader", "abc"),
        "arn:aws:sts::123456789012:assumed-role/reader/abc"
    );
}

#[test]
fn fargate_without_a_task_role_finds_no_credentials() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let arn = fargate_cli(&mut sim, None, &["s3", "ls", "s3://my-bucket-1"], json!({}));
    assert_eq!(
        lines(&sim, &arn),
        [
            "Unable to locate credentials. You can configure credentials by running \"aws configure\"."
        ]
    );
    assert_eq!(exit_code(&sim, &arn), Some(RC_CONFIGURATION));
    // F1.8/F1.9: the essential container exited, so the task stopped.
    let t = &sim.state.tasks[&arn];
    assert_eq!(t.life.last_status, "STOPPED");
    assert_eq!(t.stop_code, Some("EssentialContainerExited"));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("Essential container in task exited")
    );
    // The container reason stays empty: an ordinary exit, not an agent error.
    assert_eq!(t.life.containers[0].reason, None);
}

#[test]
fn a_task_role_without_the_permission_is_denied_by_name() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let role = task_role(&mut sim, "app", Some("AmazonDynamoDBFullAccess"));
    let arn = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "ls", "s3://my-bucket-1"],
        json!({}),
    );
    let task_id = arn.rsplit('/').next().unwrap();
    assert_eq!(
        lines(&sim, &arn),
        [format!(
            "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:sts::123456789012:assumed-role/app/{task_id} is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::my-bucket-1\" because no identity-based policy allows the s3:ListBucket action"
        )]
    );
    assert_eq!(exit_code(&sim, &arn), Some(RC_CLIENT_ERROR));
    assert_eq!(
        sim.state.tasks[&arn].stop_code,
        Some("EssentialContainerExited")
    );
}

#[test]
fn dynamodb_denials_are_access_denied_exceptions_with_a_bare_resource() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let role = task_role(&mut sim, "app", Some("AmazonS3ReadOnlyAccess"));
    let arn = fargate_cli(
        &mut sim,
        Some(&role),
        &["dynamodb", "scan", "--table-name", "Orders"],
        json!({}),
    );
    let line = &lines(&sim, &arn)[0];
    assert!(line.starts_with("An error occurred (AccessDeniedException) when calling the Scan operation: User: arn:aws:sts::123456789012:assumed-role/app/"), "{line}");
    assert!(line.ends_with("is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders because no identity-based policy allows the dynamodb:Scan action"), "{line}");
}

#[test]
fn an_explicit_deny_is_named_as_such() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let role = task_role(&mut sim, "app", Some("AmazonS3FullAccess"));
    exec(
        &mut sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "no-secrets", "PolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secrets*"}]}"#}),
    );
    let arn = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "ls", "s3://secrets"],
        json!({}),
    );
    assert!(lines(&sim, &arn)[0].ends_with(
        "on resource: \"arn:aws:s3:::secrets\" with an explicit deny in an identity-based policy"
    ));
    assert_eq!(exit_code(&sim, &arn), Some(RC_CLIENT_ERROR));
}

#[test]
fn allowed_calls_see_the_account_and_the_cli_exit_codes() {
    let cases: [(&[&str], Option<&str>, i64, usize); 6] = [
        (
            &["s3", "ls", "s3://my-bucket-1"],
            Some("AmazonS3ReadOnlyAccess"),
            0,
            0,
        ),
        // A prefix that matches nothing: the AWS CLI's rc 1.
        (
            &["s3", "ls", "s3://my-bucket-1/logs/"],
            Some("AmazonS3ReadOnlyAccess"),
            1,
            0,
        ),
        // No such table: DynamoDB's ResourceNotFoundException (F22.3).
        (
            &["dynamodb", "scan", "--table-name", "T"],
            Some("AmazonDynamoDBReadOnlyAccess"),
            254,
            1,
        ),
        (
            &["dynamodb", "list-tables"],
            Some("AmazonDynamoDBReadOnlyAccess"),
            0,
            3,
        ),
        // Read-only cannot write.
        (
            &["dynamodb", "put-item", "--table-name", "T", "--item", "{}"],
            Some("AmazonDynamoDBReadOnlyAccess"),
            254,
            1,
        ),
        (
            &["s3api", "put-object", "--bucket", "b-1", "--key", "k"],
            Some("AmazonS3FullAccess"),
            0,
            4,
        ),
    ];
    for (command, policy, code, count) in cases {
        let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
        for b in ["my-bucket-1", "b-1"] {
            exec(&mut sim, Service::S3, "CreateBucket", json!({"Bucket": b}));
        }
        let role = task_role(&mut sim, "app", policy);
        let arn = fargate_cli(&mut sim, Some(&role), command, json!({}));
        assert_eq!(exit_code(&sim, &arn), Some(code), "{command:?}");
        assert_eq!(lines(&sim, &arn).len(), count, "{command:?}");
    }
}

#[test]
fn get_object_reads_no_such_key_only_to_callers_that_may_list() {
    let get = [
        "s3api",
        "get-object",
        "--bucket",
        "b-1",
        "--key",
        "k",
        "out",
    ];
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    exec(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "b-1"}),
    );
    let role = task_role(&mut sim, "app", Some("AmazonS3ReadOnlyAccess"));
    let arn = fargate_cli(&mut sim, Some(&role), &get, json!({}));
    assert_eq!(
        lines(&sim, &arn),
        [
            "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
        ]
    );
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    exec(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "b-1"}),
    );
    task_role(&mut sim, "app", None);
    exec(
        &mut sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "get", "PolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b-1/*"}]}"#}),
    );
    let role = format!("arn:aws:iam::{ACCOUNT}:role/app");
    let arn = fargate_cli(&mut sim, Some(&role), &get, json!({}));
    assert_eq!(
        lines(&sim, &arn),
        ["An error occurred (AccessDenied) when calling the GetObject operation: Access Denied"]
    );
    assert_eq!(exit_code(&sim, &arn), Some(RC_CLIENT_ERROR));
}

#[test]
fn the_call_happens_one_second_after_running_and_logs_carry_its_time() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let arn = fargate_cli(&mut sim, None, &["s3", "ls", "s3://b"], json!({}));
    let t = &sim.state.tasks[&arn];
    let started = t.life.started_at.unwrap();
    assert_eq!(
        t.life.containers[0].logs[0].0,
        started.saturating_add(AWS_CLI_CALL)
    );
}

#[test]
fn another_entrypoint_is_not_the_aws_cli() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let arn = fargate_cli(
        &mut sim,
        None,
        &["-c", "sleep 3600"],
        json!({"entryPoint": ["sh"]}),
    );
    let t = &sim.state.tasks[&arn];
    assert_eq!(t.life.last_status, "RUNNING");
    assert!(t.life.containers[0].logs.is_empty());
}

#[test]
fn a_non_essential_cli_container_exits_alone() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    // The CLI container is the only one here, so make a second, essential one.
    let subnet = sim
        .state
        .subnets
        .values()
        .find(|s| s.availability_zone == "us-east-1a")
        .unwrap()
        .id
        .clone();
    exec(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    exec(
        &mut sim,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "two", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [
            {"name": "web", "image": "nginx"},
            {"name": "cli", "image": "amazon/aws-cli", "essential": false, "command": ["s3", "ls", "s3://b"]}
        ]}),
    );
    exec(
        &mut sim,
        Service::Ecs,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "two", "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}}),
    );
    sim.advance(SimDuration::minutes(2));
    let t = sim.state.tasks.values().next().unwrap();
    assert_eq!(t.life.last_status, "RUNNING");
    assert_eq!(t.life.containers[1].exit_code, Some(RC_CONFIGURATION));
    let view = sim.view();
    let logs = &view.tasks[0].container_logs;
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].container, "cli");
    assert_eq!(logs[0].exit_code, Some(RC_CONFIGURATION));
}

#[test]
fn logs_keep_the_newest_lines_and_skip_empty_ones() {
    let mut logs = Vec::new();
    push_log(&mut logs, SimTime::ZERO, String::new());
    assert!(logs.is_empty());
    for i in 0..(MAX_LOG_LINES + 5) {
        push_log(&mut logs, SimTime::ZERO, format!("line {i}"));
    }
    assert_eq!(logs.len(), MAX_LOG_LINES);
    assert_eq!(logs[0].1, "line 5");
}

#[test]
fn on_ec2_without_a_task_role_the_instance_role_answers() {
    let scenario = r#"
ecs CreateCluster {"clusterName": "demo"}
iam CreateRole {"RoleName": "ecsInstanceRole", "AssumeRolePolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}
iam AttachRolePolicy {"RoleName": "ecsInstanceRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"}
iam CreateInstanceProfile {"InstanceProfileName": "ecsInstanceRole"}
iam AddRoleToInstanceProfile {"InstanceProfileName": "ecsInstanceRole", "RoleName": "ecsInstanceRole"}
ec2 CreateLaunchTemplate {"LaunchTemplateName": "ecs-demo", "LaunchTemplateData": {"ImageId": "ami-079c74e08613d0498", "InstanceType": "t3.small", "IamInstanceProfile": {"Name": "ecsInstanceRole"}, "UserData": "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1kZW1vID4+IC9ldGMvZWNzL2Vjcy5jb25maWcK"}}
autoscaling CreateAutoScalingGroup {"AutoScalingGroupName": "demo-asg", "LaunchTemplate": {"LaunchTemplateName": "ecs-demo"}, "MinSize": 1, "MaxSize": 1, "VPCZoneIdentifier": "subnet-0e06dd043328bd285"}
ecs RegisterTaskDefinition {"family": "cli", "containerDefinitions": [{"name": "cli", "image": "amazon/aws-cli", "memory": 256, "command": ["s3", "ls", "s3://my-bucket"]}]}
advance 2m
ecs RunTask {"cluster": "demo", "taskDefinition": "cli"}
advance 2m
view
"#;
    // Seed 1: the scenarios' default VPC subnet ids.
    let mut runner = crate::scenario::Runner::new(SimConfig::with_seed(1)).unwrap();
    for (i, line) in scenario.lines().enumerate() {
        runner.step(i + 1, line).unwrap();
    }
    let sim = runner.sim();
    let instance = sim.state.instances.keys().next().unwrap().clone();
    let task = sim.state.tasks.values().next().unwrap();
    assert_eq!(task.stop_code, Some("EssentialContainerExited"));
    assert_eq!(task.life.containers[0].exit_code, Some(RC_CLIENT_ERROR));
    let trace = runner.trace();
    assert!(trace.contains(&format!(
        "User: arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/{instance} is not authorized to perform: s3:ListBucket on resource: \\\"arn:aws:s3:::my-bucket\\\" because no identity-based policy allows the s3:ListBucket action"
    )), "{trace}");
}

/// An on-demand table `Orders` (id S), ACTIVE.
fn orders_table(sim: &mut Sim) {
    exec(
        sim,
        Service::DynamoDb,
        "CreateTable",
        json!({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
    );
    sim.advance(crate::dynamodb::TABLE_CREATE_DELAY);
}

#[test]
fn a_container_writes_an_item_that_get_item_then_reads() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    orders_table(&mut sim);
    let role = task_role(&mut sim, "app", Some("AmazonDynamoDBFullAccess"));
    let put = [
        "dynamodb",
        "put-item",
        "--table-name",
        "Orders",
        "--item",
        r#"{"id": {"S": "o-1"}, "total": {"N": "42.50"}}"#,
    ];
    let arn = fargate_cli(&mut sim, Some(&role), &put, json!({}));
    assert_eq!(exit_code(&sim, &arn), Some(0), "{:?}", lines(&sim, &arn));
    assert!(lines(&sim, &arn).is_empty());
    // The account's table has the item (what `aws dynamodb get-item` reads).
    let got = Command::from_json(
        Service::DynamoDb,
        "GetItem",
        json!({"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}),
    )
    .unwrap();
    let got = sim.execute(got).unwrap().to_json();
    assert_eq!(got["Item"]["total"], json!({"N": "42.5"}));
}

#[test]
fn container_reads_print_what_the_aws_cli_prints() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    orders_table(&mut sim);
    for id in ["a", "b"] {
        exec(
            &mut sim,
            Service::DynamoDb,
            "PutItem",
            json!({"TableName": "Orders", "Item": {"id": {"S": id}}}),
        );
    }
    let role = task_role(&mut sim, "app", Some("AmazonDynamoDBReadOnlyAccess"));
    let get = [
        "dynamodb",
        "get-item",
        "--table-name",
        "Orders",
        "--key",
        r#"{"id":{"S":"a"}}"#,
    ];
    // Each command in its own copy of the account (one task each).
    let base = sim.clone();
    let arn = fargate_cli(&mut sim, Some(&role), &get, json!({}));
    assert_eq!(
        lines(&sim, &arn),
        [
            "{",
            "    \"Item\": {",
            "        \"id\": {",
            "            \"S\": \"a\"",
            "        }",
            "    }",
            "}"
        ]
    );
    let mut sim2 = base.clone();
    let scan = ["dynamodb", "scan", "--table-name", "Orders"];
    let arn = fargate_cli(&mut sim2, Some(&role), &scan, json!({}));
    let text = lines(&sim2, &arn).join("\n");
    assert!(
        text.contains("\"Count\": 2,\n    \"ScannedCount\": 2,\n    \"ConsumedCapacity\": null"),
        "{text}"
    );
    let query = [
        "dynamodb",
        "query",
        "--table-name",
        "Orders",
        "--key-condition-expression",
        "id = :id",
        "--expression-attribute-values",
        r#"{":id":{"S":"b"}}"#,
    ];
    let mut sim3 = base.clone();
    let arn = fargate_cli(&mut sim3, Some(&role), &query, json!({}));
    let text = lines(&sim3, &arn).join("\n");
    assert!(
        text.contains("\"S\": \"b\"") && text.contains("\"Count\": 1"),
        "{text}"
    );
    // Bad JSON is the CLI's parameter error (252); a missing table is DynamoDB's.
    let bad = [
        "dynamodb",
        "get-item",
        "--table-name",
        "Orders",
        "--key",
        "{id}",
    ];
    let out = parse(&words(&bad.join(" ")), ACCOUNT, "us-east-1").unwrap_err();
    assert_eq!(out.exit_code, RC_PARAM_VALIDATION);
    assert!(out.lines[1].starts_with("Error parsing parameter '--key': Invalid JSON:"));
}

#[test]
fn a_read_only_container_cannot_write_and_the_table_is_unchanged() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    orders_table(&mut sim);
    let role = task_role(&mut sim, "app", Some("AmazonDynamoDBReadOnlyAccess"));
    let put = [
        "dynamodb",
        "put-item",
        "--table-name",
        "Orders",
        "--item",
        r#"{"id":{"S":"x"}}"#,
    ];
    let arn = fargate_cli(&mut sim, Some(&role), &put, json!({}));
    assert_eq!(exit_code(&sim, &arn), Some(254));
    assert!(lines(&sim, &arn)[0].starts_with(
        "An error occurred (AccessDeniedException) when calling the PutItem operation"
    ));
    assert!(sim.state.dynamodb.tables["Orders"].items.is_empty());
}

#[test]
fn s3_commands_read_and_write_the_accounts_buckets() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    exec(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "data-1"}),
    );
    exec(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "data-1", "Key": "in/order.txt", "Body": "one\ntwo\n"}),
    );
    exec(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "data-1", "Key": "top.txt", "Body": "x"}),
    );
    let role = task_role(&mut sim, "app", Some("AmazonS3FullAccess"));
    let ls = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "ls", "s3://data-1"],
        json!({}),
    );
    assert_eq!(
        lines(&sim, &ls),
        [
            "                           PRE in/",
            "2026-01-01 00:00:00          1 top.txt"
        ]
    );
    let cat = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "cp", "s3://data-1/in/order.txt", "-"],
        json!({}),
    );
    assert_eq!(lines(&sim, &cat), ["one", "two"]);
    assert_eq!(exit_code(&sim, &cat), Some(RC_SUCCESS));
    let get = fargate_cli(
        &mut sim,
        Some(&role),
        &[
            "s3api",
            "get-object",
            "--bucket",
            "data-1",
            "--key",
            "top.txt",
            "/tmp/t",
        ],
        json!({}),
    );
    let got = lines(&sim, &get);
    assert_eq!(got[0], "{");
    assert!(
        got.contains(&"    \"ContentLength\": 1,".to_owned()),
        "{got:?}"
    );
    assert!(
        got.contains(&format!(
            "    \"ETag\": \"\\\"{}\\\"\",",
            crate::base::md5::hex(b"x")
        )),
        "{got:?}"
    );
    // A write is kept, and a missing bucket is S3's NoSuchBucket.
    exec(
        &mut sim,
        Service::S3,
        "PutBucketNotificationConfiguration",
        json!({"Bucket": "data-1", "NotificationConfiguration": {"EventBridgeConfiguration": {}}}),
    );
    sim.drain_eventbridge_events();
    let put = fargate_cli(
        &mut sim,
        Some(&role),
        &[
            "s3api",
            "put-object",
            "--bucket",
            "data-1",
            "--key",
            "out/done",
        ],
        json!({}),
    );
    assert_eq!(exit_code(&sim, &put), Some(RC_SUCCESS));
    assert_eq!(sim.state.s3.buckets["data-1"].objects["out/done"].body, "");
    let events = sim.drain_eventbridge_events();
    let created: Vec<_> = events.iter().filter(|e| e.source == "aws.s3").collect();
    assert_eq!(created.len(), 1);
    let ip = created[0].detail["source-ip-address"].as_str().unwrap();
    assert!(ip.starts_with("172.31."), "the task's private IP: {ip}");
    let none = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "ls", "s3://gone-1"],
        json!({}),
    );
    assert_eq!(
        lines(&sim, &none),
        [
            "An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist"
        ]
    );
    assert_eq!(exit_code(&sim, &none), Some(RC_CLIENT_ERROR));
    let missing = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "cp", "s3://data-1/nope", "-"],
        json!({}),
    );
    assert_eq!(
        lines(&sim, &missing),
        [
            "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"nope\" does not exist"
        ]
    );
    let buckets = fargate_cli(&mut sim, Some(&role), &["s3", "ls"], json!({}));
    assert_eq!(lines(&sim, &buckets), ["2026-01-01 00:00:00 data-1"]);
}

#[test]
fn a_deny_in_the_bucket_policy_wins_over_the_roles_allow() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    exec(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "vault-1"}),
    );
    exec(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "vault-1", "Key": "secret.txt", "Body": "s"}),
    );
    let role = task_role(&mut sim, "app", Some("AmazonS3FullAccess"));
    // A Deny with a Condition is not evaluated (MODEL) and refuses nothing.
    exec(
        &mut sim,
        Service::S3,
        "PutBucketPolicy",
        json!({"Bucket": "vault-1", "Policy": r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::vault-1/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#}),
    );
    let cat = ["s3", "cp", "s3://vault-1/secret.txt", "-"];
    let ok = fargate_cli(&mut sim, Some(&role), &cat, json!({}));
    assert_eq!(lines(&sim, &ok), ["s"]);
    let get = [
        "s3api",
        "get-object",
        "--bucket",
        "vault-1",
        "--key",
        "secret.txt",
        "out",
    ];
    exec(
        &mut sim,
        Service::S3,
        "PutBucketPolicy",
        json!({"Bucket": "vault-1", "Policy": format!(r#"{{"Statement":[{{"Effect":"Deny","Principal":{{"AWS":"{role}"}},"Action":"s3:Get*","Resource":"arn:aws:s3:::vault-1/*"}}]}}"#)}),
    );
    // s3 cp's HeadObject can only say 403; get-object says why.
    let no_cp = fargate_cli(&mut sim, Some(&role), &cat, json!({}));
    assert_eq!(
        lines(&sim, &no_cp),
        ["fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden"]
    );
    let no = fargate_cli(&mut sim, Some(&role), &get, json!({}));
    let said = lines(&sim, &no);
    assert_eq!(said.len(), 1);
    assert!(
        said[0].ends_with(
            "is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::vault-1/secret.txt\" with an explicit deny in a resource-based policy"
        ),
        "{said:?}"
    );
    assert_eq!(exit_code(&sim, &no), Some(RC_CLIENT_ERROR));
    // Listing is another action: still allowed.
    let ls = fargate_cli(
        &mut sim,
        Some(&role),
        &["s3", "ls", "s3://vault-1"],
        json!({}),
    );
    assert_eq!(exit_code(&sim, &ls), Some(RC_SUCCESS));
}
