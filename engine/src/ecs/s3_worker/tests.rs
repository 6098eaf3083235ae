//! The sample worker stevedore/s3-to-dynamodb: the item it writes, and
//! boto3's errors with exit 1 (F21.2, F21.5, F22.2, F22.3, F4.8, F1.8).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::time::SimDuration;
use serde_json::{Value, json};

use crate::test_support::{
    ACCOUNT, allow, container_exit as exit_code, container_lines as lines, exec, run_fargate,
    task_role,
};

/// An account with bucket `orders-in` holding `in/o-1.txt`, the ACTIVE
/// table `Orders` (key `pk`), and the task role `recorder` allowed
/// `actions` (each on its own resource).
fn account(actions: &[(&str, &str)]) -> Sim {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    exec(
        &mut sim,
        Service::S3,
        "CreateBucket",
        json!({"Bucket": "orders-in"}),
    );
    exec(
        &mut sim,
        Service::S3,
        "PutObject",
        json!({"Bucket": "orders-in", "Key": "in/o-1.txt", "Body": "order 1\n3 boxes\nexpress\nnote: fragile\n"}),
    );
    exec(
        &mut sim,
        Service::DynamoDb,
        "CreateTable",
        json!({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    );
    sim.advance(crate::dynamodb::TABLE_CREATE_DELAY);
    task_role(&mut sim, "recorder");
    let statements: Vec<Value> = actions
        .iter()
        .map(|(a, r)| json!({"Effect": "Allow", "Action": a, "Resource": r}))
        .collect();
    if !statements.is_empty() {
        allow(&mut sim, "recorder", "p", statements);
    }
    exec(
        &mut sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    sim
}

const LEAST: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::orders-in/*"),
    (
        "dynamodb:PutItem",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
    ),
];

/// Runs the worker on Fargate with `env` in RunTask's containerOverrides
/// (as an EventBridge input transformer writes them, F24.3) and advances
/// until it exited; returns the task ARN.
fn run_worker(sim: &mut Sim, env: &[(&str, &str)]) -> String {
    run_worker_logging(sim, env, false)
}

/// [`run_worker`], with the awslogs driver writing to `/ecs/rec` (prefix
/// `ecs`) when `awslogs`.
fn run_worker_logging(sim: &mut Sim, env: &[(&str, &str)], awslogs: bool) -> String {
    let mut td = json!({"family": "rec", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
           "taskRoleArn": format!("arn:aws:iam::{ACCOUNT}:role/recorder"),
           "containerDefinitions": [{"name": "worker", "image": "stevedore/s3-to-dynamodb:1.0",
                                     "environment": [{"name": "TABLE", "value": "Orders"}]}]});
    if awslogs {
        task_role(sim, "exec");
        exec(
            sim,
            Service::Iam,
            "AttachRolePolicy",
            json!({"RoleName": "exec", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}),
        );
        exec(
            sim,
            Service::Logs,
            "CreateLogGroup",
            json!({"logGroupName": "/ecs/rec"}),
        );
        td["executionRoleArn"] = json!(format!("arn:aws:iam::{ACCOUNT}:role/exec"));
        td["containerDefinitions"][0]["logConfiguration"] = json!({"logDriver": "awslogs",
            "options": {"awslogs-group": "/ecs/rec", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}});
    }
    exec(sim, Service::Ecs, "RegisterTaskDefinition", td);
    let env: Vec<Value> = env
        .iter()
        .map(|(n, v)| json!({"name": n, "value": v}))
        .collect();
    let arn = run_fargate(
        sim,
        "c",
        "rec",
        json!({"overrides": {"containerOverrides": [{"name": "worker", "environment": env}]}}),
    )
    .remove(0);
    sim.advance(SimDuration::minutes(2));
    arn
}

fn get_item(sim: &mut Sim, attr: &str, key: &str) -> Value {
    let got = Command::from_json(
        Service::DynamoDb,
        "GetItem",
        json!({"TableName": "Orders", "Key": {attr: {"S": key}}}),
    )
    .unwrap();
    sim.execute(got).unwrap().to_json()
}

#[test]
fn it_writes_one_item_about_the_object_and_exits_zero() {
    let mut sim = account(LEAST);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in"), ("KEY", "in/o-1.txt")]);
    let etag = crate::s3::etag_of("order 1\n3 boxes\nexpress\nnote: fragile\n");
    assert_eq!(exit_code(&sim, &arn), Some(0), "{:?}", lines(&sim, &arn));
    assert_eq!(
        lines(&sim, &arn),
        [
            "[s3-to-dynamodb] reading s3://orders-in/in/o-1.txt".to_owned(),
            format!("[s3-to-dynamodb] read 38 bytes, ETag {etag}"),
            "[s3-to-dynamodb] wrote item pk=in/o-1.txt to table Orders".to_owned(),
        ]
    );
    let task = &sim.state.tasks[&arn];
    assert_eq!(task.life.last_status, "STOPPED");
    assert_eq!(task.stop_code, Some("EssentialContainerExited"));
    let item = get_item(&mut sim, "pk", "in/o-1.txt");
    assert_eq!(
        item["Item"],
        json!({"pk": {"S": "in/o-1.txt"}, "bucket": {"S": "orders-in"}, "size": {"N": "38"},
               "etag": {"S": etag}, "preview": {"S": "order 1\n3 boxes\nexpress"}})
    );
}

#[test]
fn key_attribute_names_the_items_key() {
    let mut sim = account(LEAST);
    exec(
        &mut sim,
        Service::DynamoDb,
        "CreateTable",
        json!({"TableName": "Files", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "key", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "key", "KeyType": "HASH"}]}),
    );
    sim.advance(crate::dynamodb::TABLE_CREATE_DELAY);
    exec(
        &mut sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": "recorder", "PolicyName": "files", "PolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Files"}]}"#}),
    );
    let arn = run_worker(
        &mut sim,
        &[
            ("BUCKET", "orders-in"),
            ("KEY", "in/o-1.txt"),
            ("TABLE", "Files"),
            ("KEY_ATTRIBUTE", "key"),
        ],
    );
    assert_eq!(exit_code(&sim, &arn), Some(0), "{:?}", lines(&sim, &arn));
    let got = Command::from_json(
        Service::DynamoDb,
        "GetItem",
        json!({"TableName": "Files", "Key": {"key": {"S": "in/o-1.txt"}}}),
    )
    .unwrap();
    let got = sim.execute(got).unwrap().to_json();
    assert_eq!(got["Item"]["size"], json!({"N": "38"}));
}

#[test]
fn a_role_without_get_object_reads_access_denied_and_exits_one() {
    let mut sim = account(&LEAST[1..]);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in"), ("KEY", "in/o-1.txt")]);
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    let session = arn.rsplit('/').next().unwrap();
    assert_eq!(
        lines(&sim, &arn)[1],
        format!(
            "botocore.errorfactory.AccessDenied: An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::{ACCOUNT}:assumed-role/recorder/{session} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::orders-in/in/o-1.txt\" because no identity-based policy allows the s3:GetObject action"
        )
    );
    let task = &sim.state.tasks[&arn];
    assert_eq!(task.stop_code, Some("EssentialContainerExited"));
    assert!(get_item(&mut sim, "pk", "in/o-1.txt").get("Item").is_none());
}

#[test]
fn a_missing_key_is_no_such_key_only_to_a_role_that_may_list() {
    // s3:GetObject alone: S3 hides whether the key exists (F21.2).
    let mut sim = account(LEAST);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in"), ("KEY", "in/nope")]);
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    assert_eq!(
        lines(&sim, &arn)[1],
        "botocore.errorfactory.AccessDenied: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied"
    );
    // With s3:ListBucket on the bucket: NoSuchKey, a modelled exception.
    let mut with_list = LEAST.to_vec();
    with_list.push(("s3:ListBucket", "arn:aws:s3:::orders-in"));
    let mut sim = account(&with_list);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in"), ("KEY", "in/nope")]);
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    assert_eq!(
        lines(&sim, &arn),
        [
            "[s3-to-dynamodb] reading s3://orders-in/in/nope",
            "botocore.errorfactory.NoSuchKey: An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
        ]
    );
}

#[test]
fn the_error_reaches_the_awslogs_stream() {
    let mut sim = account(&[
        ("s3:GetObject", "arn:aws:s3:::orders-in/*"),
        ("dynamodb:PutItem", "*"),
    ]);
    let arn = run_worker_logging(
        &mut sim,
        &[
            ("BUCKET", "orders-in"),
            ("KEY", "in/o-1.txt"),
            ("TABLE", "Ordrs"),
        ],
        true,
    );
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    let id = arn.rsplit('/').next().unwrap();
    let got = Command::from_json(
        Service::Logs,
        "GetLogEvents",
        json!({"logGroupName": "/ecs/rec", "logStreamName": format!("ecs/worker/{id}")}),
    )
    .unwrap();
    let events = sim.execute(got).unwrap().to_json();
    let messages: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(
        messages[2],
        "botocore.errorfactory.ResourceNotFoundException: An error occurred (ResourceNotFoundException) when calling the PutItem operation: Requested resource not found"
    );
}

#[test]
fn a_missing_table_is_resource_not_found_and_nothing_is_written() {
    let mut sim = account(&[
        ("s3:GetObject", "arn:aws:s3:::orders-in/*"),
        ("dynamodb:PutItem", "*"),
    ]);
    let arn = run_worker(
        &mut sim,
        &[
            ("BUCKET", "orders-in"),
            ("KEY", "in/o-1.txt"),
            ("TABLE", "Ordrs"),
        ],
    );
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    assert_eq!(
        lines(&sim, &arn).last().unwrap(),
        "botocore.errorfactory.ResourceNotFoundException: An error occurred (ResourceNotFoundException) when calling the PutItem operation: Requested resource not found"
    );
}

#[test]
fn a_role_without_put_item_reads_dynamodbs_access_denied() {
    let mut sim = account(&LEAST[..1]);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in"), ("KEY", "in/o-1.txt")]);
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    let last = lines(&sim, &arn).last().unwrap().clone();
    assert!(
        last.starts_with("botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the PutItem operation: User: arn:aws:sts::123456789012:assumed-role/recorder/"),
        "{last}"
    );
    assert!(get_item(&mut sim, "pk", "in/o-1.txt").get("Item").is_none());
}

#[test]
fn missing_variables_are_named_and_no_call_is_made() {
    let mut sim = account(LEAST);
    let arn = run_worker(&mut sim, &[("BUCKET", "orders-in")]);
    assert_eq!(exit_code(&sim, &arn), Some(RC_FAILED));
    assert_eq!(
        lines(&sim, &arn),
        [
            "[s3-to-dynamodb] KEY is not set: give the container KEY in its environment (or in RunTask's containerOverrides)."
        ]
    );
}

#[test]
fn boto3_exception_classes_follow_the_service_models() {
    assert_eq!(
        boto3_error(
            "Unable to locate credentials. You can configure credentials by running \"aws configure\".",
            "GetObject"
        ),
        "botocore.exceptions.NoCredentialsError: Unable to locate credentials"
    );
    assert_eq!(
        exception_class("NoSuchBucket", "GetObject"),
        "botocore.errorfactory.NoSuchBucket"
    );
    assert_eq!(
        exception_class("ResourceNotFoundException", "PutItem"),
        "botocore.errorfactory.ResourceNotFoundException"
    );
    assert_eq!(
        exception_class("AccessDeniedException", "PutItem"),
        "botocore.exceptions.ClientError"
    );
    assert_eq!(preview(&"x".repeat(500)).len(), PREVIEW_BYTES);
    assert_eq!(preview("é".repeat(150).as_str()).len(), PREVIEW_BYTES);
}
