//! The simulator's own sample worker `stevedore/s3-to-dynamodb` (NOT a
//! real Docker Hub image): the container of lecture 206's first
//! architecture (an S3 upload runs a task that writes to DynamoDB). A small
//! Python image with boto3; once the task is RUNNING it
//! - reads `BUCKET`, `KEY`, `TABLE` and `KEY_ATTRIBUTE` (default `pk`) from
//!   its environment (the definition's, then RunTask's
//!   `containerOverrides[].environment`, which an EventBridge target's
//!   input transformer can write, F24.3);
//! - calls GetObject on `s3://BUCKET/KEY` (`s3:GetObject` on
//!   `arn:aws:s3:::BUCKET/KEY`, F21.5);
//! - calls PutItem on `TABLE` (`dynamodb:PutItem` on the table, F22.2) with
//!   the item `{KEY_ATTRIBUTE: S key, "bucket": S, "size": N, "etag": S,
//!   "preview": S}` (`preview`: the object's first [`PREVIEW_LINES`] lines,
//!   at most [`PREVIEW_BYTES`] bytes; left out for an empty object);
//! - logs what it did and exits 0.
//!
//! Both calls go through the same paths as the `amazon/aws-cli` container
//! (engine/src/ecs/aws_cli.rs): the task role's credentials (F4.8), the
//! task's route to the public endpoints, the one IAM evaluator, the
//! bucket's policy, the account's real buckets and tables. A refused call
//! is logged as boto3 raises it (the last line of the traceback, the
//! exception's class and `str()`), and the process exits 1, so an
//! essential container stops the task with `EssentialContainerExited`
//! (F1.8, F1.9):
//! - `botocore.errorfactory.AccessDenied: An error occurred (AccessDenied) when
//!   calling the GetObject operation: User: … is not authorized to perform:
//!   s3:GetObject on resource: "arn:aws:s3:::b/k" because no
//!   identity-based policy allows the s3:GetObject action`;
//! - `botocore.errorfactory.NoSuchKey: An error occurred (NoSuchKey) when
//!   calling the GetObject operation: The specified key does not exist.`
//!   (only to a role that may `s3:ListBucket` the bucket; others read
//!   `AccessDenied`, `Access Denied`, as S3 answers, F21.2);
//! - `botocore.errorfactory.ResourceNotFoundException: An error occurred
//!   (ResourceNotFoundException) when calling the PutItem operation:
//!   Requested resource not found` (F22.3);
//! - DynamoDB's `AccessDeniedException` is not in its service model, so
//!   boto3 raises it as `botocore.exceptions.ClientError`;
//! - no credentials: `botocore.exceptions.NoCredentialsError: Unable to
//!   locate credentials`; no route: `botocore.exceptions.ConnectTimeoutError:
//!   Connect timeout on endpoint URL: "…"`.
//!
//! A missing `BUCKET`, `KEY` or `TABLE` is logged as
//! `[s3-to-dynamodb] <NAME> is not set: …` and exits 1 without a call.
//! MODEL: the two calls take [`super::aws_cli::AWS_CLI_CALL`] together, as
//! the AWS CLI's one call does.

use super::aws_cli::ProcessOutcome;
use crate::sim::Sim;
use serde_json::{Value, json};

/// The simulator's own sample image (engine/src/images/catalogue.rs).
pub const S3_WORKER_REPOSITORY: &str = "stevedore/s3-to-dynamodb";
/// The item's key attribute when `KEY_ATTRIBUTE` is not set.
pub const DEFAULT_KEY_ATTRIBUTE: &str = "pk";
/// MODEL: the object's content kept in the item's `preview`.
pub const PREVIEW_LINES: usize = 3;
pub const PREVIEW_BYTES: usize = 200;
/// The worker's exit code on any failure (`sys.exit(1)`).
pub const RC_FAILED: i64 = 1;

/// The error shapes S3's and DynamoDB's service models declare as
/// exceptions (botocore 1.43's `service-2.json`); boto3 raises those codes
/// as `botocore.errorfactory.<Code>` whichever operation returned them
/// (the client's exceptions are looked up by code across the service).
const S3_EXCEPTIONS: &[&str] = &[
    "AccessDenied",
    "AnnotationLimitExceeded",
    "AnnotationNameTooLong",
    "BucketAlreadyExists",
    "BucketAlreadyOwnedByYou",
    "EncryptionTypeMismatch",
    "IdempotencyParameterMismatch",
    "InvalidAnnotationName",
    "InvalidObjectState",
    "InvalidPrefix",
    "InvalidRequest",
    "InvalidWriteOffset",
    "NoSuchAnnotation",
    "NoSuchBucket",
    "NoSuchKey",
    "NoSuchUpload",
    "ObjectAlreadyInActiveTierError",
    "ObjectNotInActiveTierError",
    "TooManyParts",
    "UnsupportedMediaType",
];
const DYNAMODB_EXCEPTIONS: &[&str] = &[
    "ConditionalCheckFailedException",
    "InternalServerError",
    "ItemCollectionSizeLimitExceededException",
    "LimitExceededException",
    "ProvisionedThroughputExceededException",
    "ReplicatedWriteConflictException",
    "RequestLimitExceeded",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "TransactionConflictException",
];

/// The exception class boto3 raises for an `An error occurred (<Code>) …`
/// error of `operation`: a code its service's model declares is
/// `botocore.errorfactory.<Code>`, any other `ClientError`.
fn exception_class(code: &str, operation: &str) -> String {
    let declared = if operation == "GetObject" {
        S3_EXCEPTIONS
    } else {
        DYNAMODB_EXCEPTIONS
    };
    if declared.contains(&code) {
        format!("botocore.errorfactory.{code}")
    } else {
        "botocore.exceptions.ClientError".to_owned()
    }
}

/// The line boto3's traceback ends with for what the AWS CLI path printed.
fn boto3_error(cli_line: &str, operation: &str) -> String {
    if let Some(rest) = cli_line.strip_prefix("An error occurred (") {
        let code = rest.split(')').next().unwrap_or("");
        return format!("{}: {cli_line}", exception_class(code, operation));
    }
    if cli_line.starts_with("Unable to locate credentials") {
        return "botocore.exceptions.NoCredentialsError: Unable to locate credentials".to_owned();
    }
    if cli_line.starts_with("Connect timeout on endpoint URL") {
        return format!("botocore.exceptions.ConnectTimeoutError: {cli_line}");
    }
    format!("botocore.exceptions.ClientError: {cli_line}")
}

/// The first lines of `body`, at most [`PREVIEW_BYTES`] bytes (cut at a
/// character boundary).
fn preview(body: &str) -> String {
    let mut text = body
        .lines()
        .take(PREVIEW_LINES)
        .collect::<Vec<_>>()
        .join("\n");
    if text.len() > PREVIEW_BYTES {
        let mut end = PREVIEW_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

fn failed(lines: Vec<String>) -> ProcessOutcome {
    ProcessOutcome {
        lines,
        exit_code: RC_FAILED,
    }
}

impl Sim {
    /// Whether container `index` of `task_arn` runs the sample worker.
    pub(crate) fn runs_s3_worker(&self, task_arn: &str, index: usize) -> bool {
        let Some(c) = self
            .state
            .tasks
            .get(task_arn)
            .and_then(|t| t.life.containers.get(index))
        else {
            return false;
        };
        if !c.image.contains(S3_WORKER_REPOSITORY) {
            return false;
        }
        crate::ecs::task_definition::parse_image(&c.image)
            .is_ok_and(|i| i.registry.is_none() && i.repository == S3_WORKER_REPOSITORY)
    }

    /// Container `index`'s environment: the definition's, then RunTask's
    /// `containerOverrides[].environment` (the later value of a name wins).
    pub(crate) fn container_environment(
        &self,
        task_arn: &str,
        index: usize,
    ) -> Vec<(String, String)> {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return Vec::new();
        };
        let Some(c) = task.life.containers.get(index) else {
            return Vec::new();
        };
        let mut env: Vec<(String, String)> = self
            .task_definition_by_arn(&task.life.task_definition_arn)
            .and_then(|td| td.containers().iter().find(|d| d.name == c.name))
            .map(|d| {
                d.environment
                    .iter()
                    .map(|kv| (kv.name.clone(), kv.value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let items = task
            .life
            .overrides
            .as_ref()
            .and_then(|o| o.get("containerOverrides"))
            .and_then(Value::as_array);
        for item in items
            .into_iter()
            .flatten()
            .filter(|i| i.get("name").and_then(Value::as_str) == Some(c.name.as_str()))
        {
            for kv in item
                .get("environment")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let (Some(n), Some(v)) = (
                    kv.get("name").and_then(Value::as_str),
                    kv.get("value").and_then(Value::as_str),
                ) {
                    env.push((n.to_owned(), v.to_owned()));
                }
            }
        }
        env
    }

    /// What the worker in container `index` of `task_arn` does now.
    pub(crate) fn run_s3_worker(&mut self, task_arn: &str, index: usize) -> ProcessOutcome {
        let env = self.container_environment(task_arn, index);
        let var = |name: &str| {
            env.iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let mut missing = Vec::new();
        for name in ["BUCKET", "KEY", "TABLE"] {
            if var(name).is_none() {
                missing.push(format!(
                    "[s3-to-dynamodb] {name} is not set: give the container {name} in its environment (or in RunTask's containerOverrides)."
                ));
            }
        }
        let (Some(bucket), Some(key), Some(table)) = (var("BUCKET"), var("KEY"), var("TABLE"))
        else {
            return failed(missing);
        };
        let key_attribute =
            var("KEY_ATTRIBUTE").unwrap_or_else(|| DEFAULT_KEY_ATTRIBUTE.to_owned());
        let mut lines = vec![format!("[s3-to-dynamodb] reading s3://{bucket}/{key}")];
        // GetObject, through the AWS CLI container's path (credentials,
        // route, IAM, bucket policy, NoSuchKey only to listers).
        let get: Vec<String> = [
            "s3api",
            "get-object",
            "--bucket",
            &bucket,
            "--key",
            &key,
            "/tmp/object",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let got = self.run_aws_cli(task_arn, &get);
        if got.exit_code != 0 {
            let first = got.lines.first().cloned().unwrap_or_default();
            lines.push(boto3_error(&first, "GetObject"));
            return failed(lines);
        }
        let Ok(object) = self.s3_get(&bucket, &key, true) else {
            lines.push("botocore.errorfactory.NoSuchKey: An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.".to_owned());
            return failed(lines);
        };
        let body = object.body.map(|b| b.text_lossy()).unwrap_or_default();
        let mut item = json!({
            "bucket": {"S": bucket},
            "size": {"N": object.content_length.to_string()},
            "etag": {"S": object.etag},
        });
        item[key_attribute.as_str()] = json!({"S": key});
        let shown = preview(&body);
        if !shown.is_empty() {
            item["preview"] = json!({"S": shown});
        }
        lines.push(format!(
            "[s3-to-dynamodb] read {} bytes, ETag {}",
            object.content_length, object.etag
        ));
        let put: Vec<String> = vec![
            "dynamodb".to_owned(),
            "put-item".to_owned(),
            "--table-name".to_owned(),
            table.clone(),
            "--item".to_owned(),
            item.to_string(),
        ];
        let put_done = self.run_aws_cli(task_arn, &put);
        if put_done.exit_code != 0 {
            let first = put_done.lines.first().cloned().unwrap_or_default();
            lines.push(boto3_error(&first, "PutItem"));
            return failed(lines);
        }
        lines.push(format!(
            "[s3-to-dynamodb] wrote item {key_attribute}={key} to table {table}"
        ));
        ProcessOutcome {
            lines,
            exit_code: 0,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
