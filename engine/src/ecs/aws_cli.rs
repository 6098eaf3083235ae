//! What a container of the public `amazon/aws-cli` image does (F4.8: the
//! task role is the identity the containers' AWS calls use), and the
//! container logs it writes.
//!
//! The image's entrypoint is `aws` (as on Docker Hub), so a container
//! definition with `"command": ["s3", "ls", "s3://my-bucket"]` runs
//! `aws s3 ls s3://my-bucket` once the task is RUNNING; the process makes
//! one AWS call and exits, and its exit code is the container's (an
//! essential container's exit stops the task: stopCode
//! `EssentialContainerExited`, `Essential container in task exited`, F1.8,
//! F1.9). What it printed is kept as the container's log lines
//! (`TaskContainer::logs`, in the View's `TaskView::container_logs`).
//!
//! Credentials, as the AWS CLI's default chain finds them inside a task:
//! - the task has a `taskRoleArn`: the ECS credential endpoint
//!   (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) hands out that role's
//!   session, named after the task id (F4.8);
//! - no task role, EC2 launch type: the chain falls through to the
//!   instance metadata service and gets the container instance's role
//!   (the instance profile, usually `ecsInstanceRole`, whose
//!   AmazonEC2ContainerServiceforEC2Role policy has no S3 or DynamoDB
//!   actions), session named after the instance id. MODEL: IMDS is
//!   reachable from tasks (the ECS agent's default,
//!   `ECS_AWSVPC_BLOCK_IMDS=false`, and no iptables rule blocking it);
//! - no task role on Fargate (no instance metadata for tasks): AWS CLI v2
//!   prints `Unable to locate credentials. You can configure credentials by
//!   running "aws configure".` and exits with 253 (the CLI's
//!   CONFIGURATION_ERROR_RC; newer releases say `"aws login"`).
//!
//! The call's IAM action and resource are evaluated with
//! [`Sim::role_allows`] (the one evaluator). A denied call prints AWS's
//! message, `An error occurred (AccessDenied) when calling the
//! ListObjectsV2 operation: User: arn:aws:sts::<account>:assumed-role/<role>/<session>
//! is not authorized to perform: s3:ListBucket on resource:
//! "arn:aws:s3:::<bucket>" because no identity-based policy allows the
//! s3:ListBucket action` (S3 quotes the resource; DynamoDB's code is
//! `AccessDeniedException` and its resource is not quoted; an explicit
//! Deny reads `with an explicit deny in an identity-based policy`), exit
//! 254 (CLIENT_ERROR_RC).
//!
//! Commands modelled (anything else is said to be not modelled, exit 255):
//!
//! | command | API call | IAM action on resource |
//! |---|---|---|
//! | `s3 ls` | ListBuckets | `s3:ListAllMyBuckets` on `*` |
//! | `s3 ls s3://b[/prefix] [--recursive]` | ListObjectsV2 | `s3:ListBucket` on `arn:aws:s3:::b` |
//! | `s3 cp s3://b/k -` or `s3 cp s3://b/k PATH` | HeadObject, GetObject | `s3:GetObject` on `arn:aws:s3:::b/k` |
//! | `s3api get-object --bucket b --key k OUTFILE` | GetObject | `s3:GetObject` on `arn:aws:s3:::b/k` |
//! | `s3api put-object --bucket b --key k` | PutObject | `s3:PutObject` on `arn:aws:s3:::b/k` |
//! | `dynamodb get-item --table-name t --key JSON` | GetItem | `dynamodb:GetItem` on `arn:aws:dynamodb:<region>:<account>:table/t` |
//! | `dynamodb put-item --table-name t --item JSON` | PutItem | `dynamodb:PutItem` on the table |
//! | `dynamodb scan --table-name t` | Scan | `dynamodb:Scan` on the table |
//! | `dynamodb query --table-name t --key-condition-expression E` | Query | `dynamodb:Query` on the table |
//! | `dynamodb list-tables` | ListTables | `dynamodb:ListTables` on `…:table/*` |
//!
//! Network: the call leaves through the task's network (F3.5, F1.10). A
//! Fargate task reaches the public S3/DynamoDB endpoints through its ENI
//! only with a public IP in a default-VPC subnet (MODEL: no NAT gateways
//! or VPC endpoints yet); an EC2 bridge/host task through its instance;
//! an awsvpc task on EC2 never (its ENI has no public IP, F3.5). With no
//! route the CLI prints botocore's `Connect timeout on endpoint URL:
//! "<url>"` after [`AWS_CLI_CONNECT_GIVE_UP`] and exits 255 (credentials
//! are looked up first: the ECS credential endpoint and IMDS are local).
//!
//! S3 calls read and write the account's buckets (engine/src/s3), as the
//! learner's own `aws s3` commands do: `s3 ls` prints the AWS CLI's
//! listing (`PRE` lines, then `DATE TIME SIZE NAME`; exit 1 when a key
//! prefix matched nothing); `s3 cp s3://b/k -` writes the object's lines to
//! the container's log (to a PATH, the download line: the file stays in
//! the container); `get-object` prints the object's metadata JSON;
//! `put-object` stores an EMPTY object (MODEL: the simulator knows no files
//! inside containers, so `--body` is not modelled) and, if the bucket sends
//! events to EventBridge, publishes `Object Created` with the task's
//! private IP as `source-ip-address`. A missing key reads `NoSuchKey` (for
//! `s3 cp`: HeadObject's `404`, `Key "k" does not exist`) only to callers
//! that may `s3:ListBucket` the bucket, else `AccessDenied` (`403`,
//! `Forbidden`), as S3 answers; a missing bucket is `NoSuchBucket`. A
//! `Deny` in the bucket's policy naming `*`, the role, its session or the
//! account refuses the call after the role allowed it: `… with an explicit
//! deny in a resource-based policy` (`Sim::bucket_policy_denies`). `s3 cp`
//! asks HeadObject first, whose refusals have no body: any denial reads
//! `fatal error: An error occurred (403) when calling the HeadObject
//! operation: Forbidden`, exit 1.
//!
//! DynamoDB calls are real (engine/src/dynamodb): an allowed call runs
//! against the account's tables in the task's region's account, so a
//! container's `put-item` writes an item a later `aws dynamodb get-item`
//! reads, and a missing or not yet ACTIVE table is DynamoDB's
//! `ResourceNotFoundException`. The options each command takes are the
//! AWS CLI's (`--key`, `--item` and the expression maps as JSON; others
//! are said to be not modelled); what it prints is the AWS CLI's JSON
//! (`scan`, `query` and `list-tables` follow every page, as the CLI does,
//! with `Count` and `ScannedCount` added up and `"ConsumedCapacity":
//! null`); a refusal is `An error occurred (<Code>) when calling the <Op>
//! operation: <message>`, exit 254.
//!
//! MODEL: the call takes [`AWS_CLI_CALL`] after RUNNING. A
//! container of this image whose definition sets another `entryPoint`
//! does not run `aws` and is not simulated (it runs like any other image).

use crate::base::arn::LastSegment;
use crate::command::{Command, Service};
use crate::error::ErrorCode;
use crate::iam::Decision;
use crate::sim::{Sim, Timer};
use crate::state::LaunchType;
use crate::time::{SimDuration, SimTime};
use serde_json::Value;

/// The Docker Hub repository of the AWS CLI v2 image.
pub const AWS_CLI_REPOSITORY: &str = "amazon/aws-cli";
/// MODEL: the AWS CLI process makes its call and exits 1 s after the task
/// is RUNNING (interpreter start, credential lookup, one request).
pub const AWS_CLI_CALL: SimDuration = SimDuration::seconds(1);
/// MODEL: how long the AWS CLI tries before it gives up on an endpoint it
/// cannot connect to: botocore's 60 s connect timeout × the 3 attempts of
/// the CLI v2 default ("standard") retry mode.
pub const AWS_CLI_CONNECT_GIVE_UP: SimDuration = SimDuration::seconds(180);
/// MODEL: at most this many log lines are kept per container (the oldest
/// go first).
pub const MAX_LOG_LINES: usize = 100;

/// AWS CLI v2 return codes (`awscli/constants.py`, "AWS CLI Return Codes").
pub const RC_SUCCESS: i64 = 0;
/// `s3 ls` with a key prefix that matched nothing.
pub const RC_S3_NOTHING_LISTED: i64 = 1;
pub const RC_PARAM_VALIDATION: i64 = 252;
pub const RC_CONFIGURATION: i64 = 253;
pub const RC_CLIENT_ERROR: i64 = 254;
pub const RC_GENERAL_ERROR: i64 = 255;

/// The credentials the AWS CLI's chain finds inside a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A role session: the role's ARN and the session name.
    Role { role_arn: String, session: String },
    /// Nothing in the chain (Fargate without a task role).
    None,
}

/// What the simulated process did: lines written and its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessOutcome {
    pub lines: Vec<String>,
    pub exit_code: i64,
}

/// One AWS API call the command makes.
#[derive(Debug, Clone, PartialEq)]
struct Call {
    /// The API operation (`ListObjectsV2`), as in AWS's error text.
    operation: &'static str,
    action: &'static str,
    resource: String,
    s3: bool,
    /// What the call does when allowed.
    effect: Effect,
    /// GetObject: an absent key reads NoSuchKey only to callers that may
    /// list the bucket.
    bucket_for_list: Option<String>,
}

/// What an allowed call does.
#[derive(Debug, Clone, PartialEq)]
enum Effect {
    /// Runs this DynamoDB command against the account (engine/src/dynamodb).
    DynamoDb(Box<Command>),
    /// Reads or writes the account's S3 buckets (engine/src/s3).
    S3(S3Op),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum S3Op {
    ListBuckets,
    List {
        bucket: String,
        prefix: String,
        recursive: bool,
    },
    Get {
        bucket: String,
        key: String,
    },
    Put {
        bucket: String,
        key: String,
    },
    /// `s3 cp s3://b/k DEST`: `None` is `-` (standard output).
    Download {
        bucket: String,
        key: String,
        dest: Option<String>,
    },
}

/// The endpoint a call goes to, from its resource ARN (MODEL: without the
/// query string botocore would show): S3's virtual-hosted bucket host,
/// DynamoDB's regional endpoint.
fn endpoint_url(resource: &str) -> String {
    if let Some(path) = resource.strip_prefix("arn:aws:s3:::") {
        let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
        return format!("https://{bucket}.s3.amazonaws.com/{key}");
    }
    let region = resource.split(':').nth(3).unwrap_or("us-east-1");
    format!("https://dynamodb.{region}.amazonaws.com/")
}

fn outcome(lines: &[&str], exit_code: i64) -> ProcessOutcome {
    ProcessOutcome {
        lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        exit_code,
    }
}

fn not_modelled(what: &str) -> ProcessOutcome {
    ProcessOutcome {
        lines: vec![format!(
            "[stevedore] the simulator does not model `aws {what}` inside containers yet (modelled: s3 ls, s3 cp s3://…, s3api get-object/put-object, dynamodb get-item/put-item/scan/query/list-tables); the process exits with 255."
        )],
        exit_code: RC_GENERAL_ERROR,
    }
}

fn usage_error(message: &str) -> ProcessOutcome {
    ProcessOutcome {
        lines: vec![
            "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]"
                .to_owned(),
            "To see help text, you can run:".to_owned(),
            "  aws help".to_owned(),
            "  aws <command> help".to_owned(),
            "  aws <command> <subcommand> help".to_owned(),
            format!("aws: error: {message}"),
        ],
        exit_code: RC_PARAM_VALIDATION,
    }
}

/// AWS CLI switches of the modelled commands that take no value.
const FLAGS: &[&str] = &[
    "recursive",
    "human-readable",
    "summarize",
    "consistent-read",
    "no-consistent-read",
    "scan-index-forward",
    "no-scan-index-forward",
    "no-paginate",
    "debug",
    "no-sign-request",
];

/// `(--name, value)` options and positional words.
type Parsed = (Vec<(String, String)>, Vec<String>);

/// `--name value` options after the subcommand, and the positional words.
fn options(words: &[String]) -> Result<Parsed, ProcessOutcome> {
    let mut opts = Vec::new();
    let mut positional = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if let Some(name) = w.strip_prefix("--") {
            // Switches that take no value (none of them is modelled; the
            // caller says so).
            if FLAGS.contains(&name) {
                opts.push((name.to_owned(), String::new()));
                i += 1;
                continue;
            }
            let Some(value) = words.get(i + 1) else {
                return Err(usage_error(&format!(
                    "argument --{name}: expected one argument"
                )));
            };
            opts.push((name.to_owned(), value.clone()));
            i += 2;
        } else {
            positional.push(w.clone());
            i += 1;
        }
    }
    Ok((opts, positional))
}

fn required<'a>(opts: &'a [(String, String)], name: &str) -> Result<&'a str, ProcessOutcome> {
    opts.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| usage_error(&format!("the following arguments are required: --{name}")))
}

fn only_known(opts: &[(String, String)], known: &[&str], what: &str) -> Result<(), ProcessOutcome> {
    match opts.iter().find(|(n, _)| !known.contains(&n.as_str())) {
        Some((n, _)) => Err(not_modelled(&format!("{what} --{n}"))),
        None => Ok(()),
    }
}

/// Parses the AWS CLI words (the container's `command`) into the one call
/// it makes, or the outcome when it makes none.
fn parse(words: &[String], account: &str, default_region: &str) -> Result<Call, ProcessOutcome> {
    // Global option: --region (the others are not modelled).
    let mut region = default_region.to_owned();
    let mut rest: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "--region" {
            let Some(r) = words.get(i + 1) else {
                return Err(usage_error("argument --region: expected one argument"));
            };
            region = r.clone();
            i += 2;
        } else {
            rest.push(words[i].clone());
            i += 1;
        }
    }
    let Some(service) = rest.first() else {
        return Err(usage_error("the following arguments are required: command"));
    };
    if service.starts_with("--") {
        return Err(not_modelled(&rest.join(" ")));
    }
    let Some(sub) = rest.get(1) else {
        return Err(usage_error(
            "the following arguments are required: operation",
        ));
    };
    let what = format!("{service} {sub}");
    let (opts, positional) = options(&rest[2..])?;
    let table_arn = |table: &str| format!("arn:aws:dynamodb:{region}:{account}:table/{table}");
    let call = match (service.as_str(), sub.as_str()) {
        ("s3", "ls") => {
            only_known(&opts, &["recursive"], &what)?;
            let recursive = opts.iter().any(|(n, _)| n == "recursive");
            match positional.as_slice() {
                [] => Call {
                    operation: "ListBuckets",
                    action: "s3:ListAllMyBuckets",
                    resource: "*".to_owned(),
                    s3: true,
                    effect: Effect::S3(S3Op::ListBuckets),
                    bucket_for_list: None,
                },
                [path] => {
                    let Some(path) = path.strip_prefix("s3://").filter(|p| !p.is_empty()) else {
                        return Err(not_modelled("s3 ls (with a path that is not s3://…)"));
                    };
                    let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
                    Call {
                        operation: "ListObjectsV2",
                        action: "s3:ListBucket",
                        resource: crate::s3::bucket_arn(bucket),
                        s3: true,
                        effect: Effect::S3(S3Op::List {
                            bucket: bucket.to_owned(),
                            prefix: prefix.to_owned(),
                            recursive,
                        }),
                        bucket_for_list: None,
                    }
                }
                _ => return Err(not_modelled("s3 ls (with more than one path)")),
            }
        }
        ("s3", "cp") => {
            only_known(&opts, &[], &what)?;
            let [src, dest] = positional.as_slice() else {
                return Err(usage_error("the following arguments are required: paths"));
            };
            let Some((bucket, key)) = src
                .strip_prefix("s3://")
                .and_then(|p| p.split_once('/'))
                .filter(|(b, k)| !b.is_empty() && !k.is_empty() && !k.ends_with('/'))
            else {
                return Err(not_modelled(
                    "s3 cp from a container's own files (modelled: s3 cp s3://BUCKET/KEY - or a local path)",
                ));
            };
            if dest.starts_with("s3://") {
                return Err(not_modelled("s3 cp s3://… s3://…"));
            }
            Call {
                operation: "HeadObject",
                action: "s3:GetObject",
                resource: crate::s3::object_arn(bucket, key),
                s3: true,
                effect: Effect::S3(S3Op::Download {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                    dest: (dest != "-").then(|| dest.clone()),
                }),
                bucket_for_list: Some(crate::s3::bucket_arn(bucket)),
            }
        }
        ("s3api", "get-object") => {
            only_known(&opts, &["bucket", "key"], &what)?;
            let bucket = required(&opts, "bucket")?;
            let key = required(&opts, "key")?;
            if positional.len() != 1 {
                return Err(usage_error("the following arguments are required: outfile"));
            }
            Call {
                operation: "GetObject",
                action: "s3:GetObject",
                resource: crate::s3::object_arn(bucket, key),
                s3: true,
                effect: Effect::S3(S3Op::Get {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                }),
                bucket_for_list: Some(crate::s3::bucket_arn(bucket)),
            }
        }
        ("s3api", "put-object") => {
            // MODEL: the simulator knows no files inside containers, so
            // `--body` is not modelled: the object is empty.
            only_known(&opts, &["bucket", "key"], &what)?;
            let bucket = required(&opts, "bucket")?;
            let key = required(&opts, "key")?;
            if !positional.is_empty() {
                return Err(not_modelled(&format!("{what} {}", positional.join(" "))));
            }
            Call {
                operation: "PutObject",
                action: "s3:PutObject",
                resource: crate::s3::object_arn(bucket, key),
                s3: true,
                effect: Effect::S3(S3Op::Put {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                }),
                bucket_for_list: None,
            }
        }
        ("dynamodb", sub @ ("get-item" | "put-item" | "scan" | "query" | "list-tables")) => {
            let (operation, action, known): (&'static str, &'static str, &[&str]) = match sub {
                "get-item" => (
                    "GetItem",
                    "dynamodb:GetItem",
                    &[
                        "table-name",
                        "key",
                        "consistent-read",
                        "no-consistent-read",
                        "projection-expression",
                        "expression-attribute-names",
                    ],
                ),
                "put-item" => (
                    "PutItem",
                    "dynamodb:PutItem",
                    &[
                        "table-name",
                        "item",
                        "condition-expression",
                        "expression-attribute-names",
                        "expression-attribute-values",
                        "return-values",
                    ],
                ),
                "scan" => (
                    "Scan",
                    "dynamodb:Scan",
                    &[
                        "table-name",
                        "filter-expression",
                        "projection-expression",
                        "expression-attribute-names",
                        "expression-attribute-values",
                        "select",
                        "consistent-read",
                        "no-consistent-read",
                    ],
                ),
                "query" => (
                    "Query",
                    "dynamodb:Query",
                    &[
                        "table-name",
                        "key-condition-expression",
                        "filter-expression",
                        "projection-expression",
                        "expression-attribute-names",
                        "expression-attribute-values",
                        "select",
                        "consistent-read",
                        "no-consistent-read",
                        "scan-index-forward",
                        "no-scan-index-forward",
                    ],
                ),
                _ => ("ListTables", "dynamodb:ListTables", &[]),
            };
            only_known(&opts, known, &what)?;
            let resource = if operation == "ListTables" {
                table_arn("*")
            } else {
                table_arn(required(&opts, "table-name")?)
            };
            match operation {
                "GetItem" => drop(required(&opts, "key")?),
                "PutItem" => drop(required(&opts, "item")?),
                _ => {}
            }
            let input = dynamodb_input(&opts)?;
            let command = Command::from_json(Service::DynamoDb, operation, input).map_err(|e| {
                outcome(
                    &["", "Parameter validation failed:", &e.message],
                    RC_PARAM_VALIDATION,
                )
            })?;
            Call {
                operation,
                action,
                resource,
                s3: false,
                effect: Effect::DynamoDb(Box::new(command)),
                bucket_for_list: None,
            }
        }
        _ => return Err(not_modelled(&what)),
    };
    if !positional.is_empty() && !call.s3 {
        return Err(not_modelled(&format!("{what} {}", positional.join(" "))));
    }
    Ok(call)
}

/// The DynamoDB options given, as the API's input: the AWS CLI's option
/// names, `--key`, `--item` and the expression maps as JSON.
fn dynamodb_input(opts: &[(String, String)]) -> Result<serde_json::Value, ProcessOutcome> {
    use serde_json::Value;
    let mut input = serde_json::Map::new();
    for (name, value) in opts {
        let (member, v) = match name.as_str() {
            "consistent-read" => ("ConsistentRead", Value::Bool(true)),
            "no-consistent-read" => ("ConsistentRead", Value::Bool(false)),
            "scan-index-forward" => ("ScanIndexForward", Value::Bool(true)),
            "no-scan-index-forward" => ("ScanIndexForward", Value::Bool(false)),
            "key" | "item" | "expression-attribute-names" | "expression-attribute-values" => {
                let member = match name.as_str() {
                    "key" => "Key",
                    "item" => "Item",
                    "expression-attribute-names" => "ExpressionAttributeNames",
                    _ => "ExpressionAttributeValues",
                };
                let parsed = serde_json::from_str::<Value>(value).map_err(|e| {
                    outcome(
                        &[
                            "",
                            &format!("Error parsing parameter '--{name}': Invalid JSON: {e}"),
                            &format!("JSON received: {value}"),
                        ],
                        RC_PARAM_VALIDATION,
                    )
                })?;
                (member, parsed)
            }
            other => {
                // table-name → TableName, key-condition-expression → …
                let member: String = other
                    .split('-')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                            .unwrap_or_default()
                    })
                    .collect();
                input.insert(member, Value::String(value.clone()));
                continue;
            }
        };
        input.insert(member.to_owned(), v);
    }
    Ok(Value::Object(input))
}

/// The AWS CLI's JSON: `json.dumps(indent=4)`, one line per entry; an
/// empty response prints nothing.
fn cli_json_lines(value: &serde_json::Value) -> Vec<String> {
    use serde::Serialize;
    if value.as_object().is_some_and(|m| m.is_empty()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut serializer).is_err() {
        return Vec::new();
    }
    String::from_utf8(out)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// `arn:aws:sts::<account>:assumed-role/<role name>/<session>`.
pub fn assumed_role_arn(role_arn: &str, session: &str) -> String {
    let account = role_arn.split(':').nth(4).unwrap_or_default();
    let name = role_arn.last_segment();
    format!("arn:aws:sts::{account}:assumed-role/{name}/{session}")
}

/// AWS's denial message for `caller` (an assumed-role ARN).
fn denied(call: &Call, caller: &str, decision: &Decision) -> ProcessOutcome {
    let resource = if call.s3 {
        format!("\"{}\"", call.resource)
    } else {
        call.resource.clone()
    };
    let why = match decision {
        Decision::ExplicitDeny(_) => "with an explicit deny in an identity-based policy".to_owned(),
        _ => format!(
            "because no identity-based policy allows the {} action",
            call.action
        ),
    };
    let code = if call.s3 {
        "AccessDenied"
    } else {
        "AccessDeniedException"
    };
    ProcessOutcome {
        lines: vec![format!(
            "An error occurred ({code}) when calling the {} operation: User: {caller} is not authorized to perform: {} on resource: {resource} {why}",
            call.operation, call.action
        )],
        exit_code: RC_CLIENT_ERROR,
    }
}

impl Sim {
    /// Whether container `index` of `task_arn` runs the AWS CLI: its image
    /// is `amazon/aws-cli` from Docker Hub and its definition keeps the
    /// image's `aws` entrypoint. Returns the command words (RunTask's
    /// `containerOverrides` command if it has one, else the definition's).
    fn aws_cli_command(&self, task_arn: &str, index: usize) -> Option<Vec<String>> {
        let task = self.state.tasks.get(task_arn)?;
        let container = task.life.containers.get(index)?;
        // Most containers run something else: no parse for those.
        if !container.image.contains(AWS_CLI_REPOSITORY) {
            return None;
        }
        let image = crate::ecs::task_definition::parse_image(&container.image).ok()?;
        if image.registry.is_some() || image.repository != AWS_CLI_REPOSITORY {
            return None;
        }
        let td = self.task_definition_by_arn(&task.life.task_definition_arn)?;
        let def = td.containers().iter().find(|c| c.name == container.name)?;
        let keeps_entrypoint = def.entry_point.is_empty()
            || def.entry_point == ["aws"]
            || def.entry_point == ["/usr/local/bin/aws"];
        if !keeps_entrypoint {
            return None;
        }
        // RunTask's containerOverrides[].command replaces the definition's
        // (an EventBridge target's input transformer makes one, F24.3).
        let overridden = task
            .life
            .overrides
            .as_ref()
            .and_then(|o| o.get("containerOverrides")?.as_array())
            .and_then(|items| {
                items.iter().find(|i| {
                    i.get("name").and_then(Value::as_str) == Some(container.name.as_str())
                })
            })
            .and_then(|i| i.get("command")?.as_array())
            .map(|words| {
                words
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect::<Vec<String>>()
            });
        Some(overridden.unwrap_or_else(|| def.command.clone()))
    }

    /// At RUNNING: schedule the AWS CLI process of each container that runs
    /// one ([`AWS_CLI_CALL`] later).
    pub(crate) fn start_container_processes(&mut self, task_arn: &str) {
        let count = self
            .state
            .tasks
            .get(task_arn)
            .map_or(0, |t| t.life.containers.len());
        let runs_cli: Vec<usize> = (0..count)
            .filter(|i| {
                self.aws_cli_command(task_arn, *i).is_some() || self.runs_s3_worker(task_arn, *i)
            })
            .collect();
        if runs_cli.is_empty() {
            return;
        }
        let after = if self.task_reaches_aws_endpoints(task_arn) {
            AWS_CLI_CALL
        } else {
            AWS_CLI_CONNECT_GIVE_UP
        };
        for index in runs_cli {
            self.schedule(
                after,
                Timer::ContainerProcessExit {
                    task_arn: task_arn.to_owned(),
                    container: index,
                },
            );
        }
    }

    /// Whether `task_arn`'s own traffic reaches the public AWS endpoints
    /// (see the module docs): the pull route of the task (its ENI on
    /// Fargate, its instance on EC2), except awsvpc tasks on EC2, whose ENI
    /// has no public IP (F3.5).
    pub(crate) fn task_reaches_aws_endpoints(&self, task_arn: &str) -> bool {
        self.state.tasks.get(task_arn).is_some_and(|t| {
            t.life.registry_reachable && !(t.launch_type == LaunchType::Ec2 && t.uses_eni)
        })
    }

    /// The credentials the AWS CLI finds in `task_arn`'s containers (F4.8).
    pub(crate) fn container_credentials(&self, task_arn: &str) -> Credentials {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return Credentials::None;
        };
        let task_id = task_arn.last_segment().to_owned();
        if let Some(role) = self
            .task_definition_by_arn(&task.life.task_definition_arn)
            .and_then(|td| td.task_role_arn())
        {
            return Credentials::Role {
                role_arn: role.to_owned(),
                session: task_id,
            };
        }
        if task.launch_type != LaunchType::Ec2 {
            return Credentials::None;
        }
        // MODEL: IMDS reachable from the task (see the module docs).
        let instance = task
            .container_instance_arn
            .as_ref()
            .and_then(|ci| self.state.container_instances.get(ci))
            .and_then(|ci| self.state.instances.get(&ci.ec2_instance_id));
        let role = instance.and_then(|i| {
            let profile = i.iam_instance_profile.as_deref()?;
            self.instance_profile_role(profile).map(|r| r.arn.clone())
        });
        match (instance, role) {
            (Some(i), Some(role_arn)) => Credentials::Role {
                role_arn,
                session: i.id.clone(),
            },
            _ => Credentials::None,
        }
    }

    /// Runs an allowed DynamoDB call against the account and prints what
    /// the AWS CLI prints; Scan, Query and ListTables follow every page.
    fn run_dynamodb_call(&mut self, command: Command) -> ProcessOutcome {
        use serde_json::Value;
        let operation = command.operation();
        let (input_token, output_token, result_key) = match operation {
            "Scan" | "Query" => ("ExclusiveStartKey", "LastEvaluatedKey", "Items"),
            "ListTables" => (
                "ExclusiveStartTableName",
                "LastEvaluatedTableName",
                "TableNames",
            ),
            _ => ("", "", ""),
        };
        let mut command = command;
        let mut merged: Option<serde_json::Map<String, Value>> = None;
        // A page cap keeps a broken token from looping forever.
        for _ in 0..10_000 {
            let page = match command.clone().dispatch(self) {
                Ok(r) => r.to_json(),
                Err(e) => {
                    return outcome(
                        &[&format!(
                            "An error occurred ({}) when calling the {operation} operation: {}",
                            e.code, e.message
                        )],
                        RC_CLIENT_ERROR,
                    );
                }
            };
            if result_key.is_empty() {
                return ProcessOutcome {
                    lines: cli_json_lines(&page),
                    exit_code: RC_SUCCESS,
                };
            }
            let Value::Object(mut page) = page else {
                break;
            };
            let next = page.shift_remove(output_token);
            let all = merged.get_or_insert_with(serde_json::Map::new);
            for (key, value) in page {
                match (all.get_mut(&key), value) {
                    (Some(Value::Array(items)), Value::Array(more)) => items.extend(more),
                    (Some(Value::Number(n)), Value::Number(m)) => {
                        *n = (n.as_i64().unwrap_or(0) + m.as_i64().unwrap_or(0)).into();
                    }
                    (_, value) => {
                        all.insert(key, value);
                    }
                }
            }
            let Some(next) = next else { break };
            let mut input = command.input_json();
            input[input_token] = next;
            match Command::from_json(Service::DynamoDb, operation, input) {
                Ok(c) => command = c,
                Err(_) => break,
            }
        }
        let mut all = merged.unwrap_or_default();
        if operation != "ListTables" {
            all.insert("ConsumedCapacity".to_owned(), Value::Null);
        }
        ProcessOutcome {
            lines: cli_json_lines(&Value::Object(all)),
            exit_code: RC_SUCCESS,
        }
    }

    /// What `aws <words>` does in `task_arn` now.
    pub(crate) fn run_aws_cli(&mut self, task_arn: &str, words: &[String]) -> ProcessOutcome {
        let call = match parse(words, &self.config.account_id, &self.config.region) {
            Ok(call) => call,
            Err(outcome) => return outcome,
        };
        let (role_arn, session) = match self.container_credentials(task_arn) {
            Credentials::Role { role_arn, session } => (role_arn, session),
            Credentials::None => {
                return outcome(
                    &[
                        "Unable to locate credentials. You can configure credentials by running \"aws configure\".",
                    ],
                    RC_CONFIGURATION,
                );
            }
        };
        if !self.task_reaches_aws_endpoints(task_arn) {
            let url = endpoint_url(&call.resource);
            return outcome(
                &[&format!("Connect timeout on endpoint URL: \"{url}\"")],
                RC_GENERAL_ERROR,
            );
        }
        let caller = assumed_role_arn(&role_arn, &session);
        let decision = self.role_allows(&role_arn, call.action, &call.resource);
        // `s3 cp` asks HeadObject first, whose refusals have no body: the
        // AWS CLI can only say 403.
        let head_forbidden = || {
            outcome(
                &[
                    "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden",
                ],
                RC_S3_NOTHING_LISTED,
            )
        };
        if !decision.is_allowed() {
            if call.operation == "HeadObject" {
                return head_forbidden();
            }
            return denied(&call, &caller, &decision);
        }
        // A Deny in the bucket's policy (engine/src/s3) wins over the
        // role's Allow.
        if call.s3
            && let Some(bucket) = call
                .resource
                .strip_prefix("arn:aws:s3:::")
                .map(|p| p.split('/').next().unwrap_or(p))
        {
            let account_root = format!("arn:aws:iam::{}:root", self.config.account_id);
            let principals = [
                role_arn.as_str(),
                caller.as_str(),
                account_root.as_str(),
                self.config.account_id.as_str(),
            ];
            if self.bucket_policy_denies(bucket, &principals, call.action, &call.resource) {
                if call.operation == "HeadObject" {
                    return head_forbidden();
                }
                return ProcessOutcome {
                    lines: vec![format!(
                        "An error occurred (AccessDenied) when calling the {} operation: User: {caller} is not authorized to perform: {} on resource: \"{}\" with an explicit deny in a resource-based policy",
                        call.operation, call.action, call.resource
                    )],
                    exit_code: RC_CLIENT_ERROR,
                };
            }
        }
        let may_list = call.bucket_for_list.as_ref().is_none_or(|bucket| {
            self.role_allows(&role_arn, "s3:ListBucket", bucket)
                .is_allowed()
        });
        match call.effect {
            Effect::DynamoDb(command) => self.run_dynamodb_call(*command),
            Effect::S3(op) => self.aws_cli_s3(task_arn, op, may_list),
        }
    }

    /// An allowed S3 call of the AWS CLI in `task_arn`, on the account's
    /// buckets (engine/src/s3), printed as the AWS CLI prints it.
    fn aws_cli_s3(&mut self, task_arn: &str, op: S3Op, may_list: bool) -> ProcessOutcome {
        let failed = |operation: &str, e: &crate::error::ApiError| ProcessOutcome {
            lines: vec![format!(
                "An error occurred ({}) when calling the {operation} operation: {}",
                e.code, e.message
            )],
            exit_code: RC_CLIENT_ERROR,
        };
        let date = |sim: &Sim, t: SimTime| {
            let iso = crate::base::time::iso8601_python((sim.epoch_ms(t) * 1000) as i64);
            iso.get(..19).unwrap_or(&iso).replacen('T', " ", 1)
        };
        match op {
            S3Op::ListBuckets => ProcessOutcome {
                lines: self
                    .state
                    .s3
                    .buckets
                    .values()
                    .map(|b| format!("{} {}", date(self, b.created), b.name))
                    .collect(),
                exit_code: RC_SUCCESS,
            },
            S3Op::List {
                bucket,
                prefix,
                recursive,
            } => {
                let Some(b) = self.state.s3.buckets.get(&bucket) else {
                    return failed("ListObjectsV2", &crate::s3::no_bucket());
                };
                let mut lines = Vec::new();
                let mut rolled: Vec<String> = Vec::new();
                for (key, o) in b.objects.range(prefix.clone()..) {
                    if !key.starts_with(&prefix) {
                        break;
                    }
                    let rest = &key[prefix.len()..];
                    if !recursive && let Some(i) = rest.find('/') {
                        let name = format!("{}/", &rest[..i]);
                        if rolled.last() != Some(&name) {
                            rolled.push(name);
                        }
                        continue;
                    }
                    let name = if recursive {
                        key.as_str()
                    } else {
                        key.rsplit('/').next().unwrap_or(key)
                    };
                    lines.push(format!(
                        "{:<19} {:>10} {name}",
                        date(self, o.last_modified),
                        o.body.len()
                    ));
                }
                // `PRE` lines first (the AWS CLI prints a page's prefixes
                // before its objects); a key prefix is shown by its last part.
                let mut all: Vec<String> = rolled
                    .iter()
                    .map(|p| {
                        let whole = format!("{prefix}{p}");
                        let parts: Vec<&str> = whole.split('/').collect();
                        let last = parts
                            .get(parts.len().saturating_sub(2))
                            .copied()
                            .unwrap_or("");
                        format!("{:>30} {last}/", "PRE")
                    })
                    .collect();
                all.extend(lines);
                let exit_code = if !prefix.is_empty() && all.is_empty() {
                    RC_S3_NOTHING_LISTED
                } else {
                    RC_SUCCESS
                };
                ProcessOutcome {
                    lines: all,
                    exit_code,
                }
            }
            S3Op::Get { bucket, key } => match self.s3_get(&bucket, &key, false) {
                Ok(o) => {
                    let meta = if o.metadata.is_empty() {
                        "    \"Metadata\": {}".to_owned()
                    } else {
                        let pairs: Vec<String> = o
                            .metadata
                            .iter()
                            .map(|(k, v)| {
                                format!(
                                    "        {}: {}",
                                    Value::from(k.as_str()),
                                    Value::from(v.as_str())
                                )
                            })
                            .collect();
                        format!("    \"Metadata\": {{\n{}\n    }}", pairs.join(",\n"))
                    };
                    let last =
                        crate::base::time::iso8601_python((o.last_modified * 1_000_000.0) as i64);
                    let text = format!(
                        "{{\n    \"AcceptRanges\": \"bytes\",\n    \"LastModified\": \"{last}\",\n    \"ContentLength\": {},\n    \"ETag\": {},\n    \"ContentType\": {},\n    \"ServerSideEncryption\": \"AES256\",\n{meta}\n}}",
                        o.content_length,
                        Value::from(o.etag),
                        Value::from(o.content_type),
                    );
                    ProcessOutcome {
                        lines: text.lines().map(str::to_owned).collect(),
                        exit_code: RC_SUCCESS,
                    }
                }
                Err(e) if e.code == ErrorCode::NoSuchKey && !may_list => outcome(
                    &[
                        "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
                    ],
                    RC_CLIENT_ERROR,
                ),
                Err(e) => failed("GetObject", &e),
            },
            S3Op::Download { bucket, key, dest } => {
                let body = match self.s3_get(&bucket, &key, true) {
                    Ok(o) => o.body.unwrap_or_default().text_lossy(),
                    // HeadObject first: its errors have no body (F21.2).
                    Err(_) if !may_list => {
                        return outcome(
                            &[
                                "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden",
                            ],
                            RC_S3_NOTHING_LISTED,
                        );
                    }
                    Err(_) => {
                        return ProcessOutcome {
                            lines: vec![format!(
                                "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist"
                            )],
                            exit_code: RC_S3_NOTHING_LISTED,
                        };
                    }
                };
                let lines = match dest {
                    None => body.lines().map(str::to_owned).collect(),
                    Some(path) => vec![format!("download: s3://{bucket}/{key} to {path}")],
                };
                ProcessOutcome {
                    lines,
                    exit_code: RC_SUCCESS,
                }
            }
            S3Op::Put { bucket, key } => {
                let requester = crate::s3::Requester {
                    account: self.config.account_id.clone(),
                    source_ip: self
                        .state
                        .tasks
                        .get(task_arn)
                        .and_then(|t| t.life.private_ip)
                        .map_or_else(
                            || crate::s3::LEARNER_SOURCE_IP.to_owned(),
                            crate::base::ipv4::format_ipv4,
                        ),
                };
                let req = crate::s3::PutObjectRequest {
                    bucket,
                    key,
                    ..Default::default()
                };
                match self.s3_put(req, &requester) {
                    Ok(out) => {
                        let text = format!(
                            "{{\n    \"ETag\": {},\n    \"ServerSideEncryption\": \"AES256\"\n}}",
                            Value::from(out.etag)
                        );
                        ProcessOutcome {
                            lines: text.lines().map(str::to_owned).collect(),
                            exit_code: RC_SUCCESS,
                        }
                    }
                    Err(e) => failed("PutObject", &e),
                }
            }
        }
    }

    /// Timer: container `index`'s AWS CLI process made its call; it writes
    /// its lines and exits.
    pub(crate) fn container_process_exit(&mut self, task_arn: &str, index: usize) {
        let running = self.state.tasks.get(task_arn).is_some_and(|t| {
            t.life.last_status == "RUNNING"
                && t.life
                    .containers
                    .get(index)
                    .is_some_and(|c| c.last_status == "RUNNING")
        });
        if !running {
            return;
        }
        // The AWS CLI, or the sample worker stevedore/s3-to-dynamodb
        // (engine/src/ecs/s3_worker.rs).
        let done = if let Some(words) = self.aws_cli_command(task_arn, index) {
            self.run_aws_cli(task_arn, &words)
        } else if self.runs_s3_worker(task_arn, index) {
            self.run_s3_worker(task_arn, index)
        } else {
            return;
        };
        let now = self.now;
        let mut stream = None;
        if let Some(c) = self
            .state
            .tasks
            .get_mut(task_arn)
            .and_then(|t| t.life.containers.get_mut(index))
        {
            stream = c.log_stream.clone();
            for line in &done.lines {
                push_log(&mut c.logs, now, line.clone());
            }
        }
        // awslogs: the same lines in CloudWatch Logs (engine/src/logs.rs).
        if let Some((group, stream)) = stream {
            for line in done.lines.iter().filter(|l| !l.is_empty()) {
                self.put_log_line(&group, &stream, now, line);
            }
        }
        self.container_exited(task_arn, index, done.exit_code, None);
    }

    /// The View's log lines of `task`'s containers that wrote any.
    pub(crate) fn container_log_views(
        &self,
        task: &crate::state::TaskRecord,
    ) -> Vec<crate::view::ContainerLogView> {
        let td = self.task_definition_by_arn(&task.life.task_definition_arn);
        task.life
            .containers
            .iter()
            .filter(|c| !c.logs.is_empty())
            .map(|c| {
                let log = td
                    .and_then(|td| td.containers().iter().find(|d| d.name == c.name))
                    .and_then(|d| d.log_configuration.as_ref());
                crate::view::ContainerLogView {
                    container: c.name.clone(),
                    log_driver: log.map(|l| l.log_driver.clone()),
                    log_group: log
                        .filter(|l| l.log_driver == "awslogs")
                        .and_then(|l| l.options.as_ref()?.get("awslogs-group").cloned()),
                    lines: c.logs.clone(),
                    exit_code: c.exit_code,
                }
            })
            .collect()
    }

    /// Container logs: bounded, in time order, none from the future.
    pub(crate) fn check_container_log_invariants(&self) -> Result<(), String> {
        for t in self.state.tasks.values() {
            for c in &t.life.containers {
                if c.logs.len() > MAX_LOG_LINES {
                    return Err(format!(
                        "container {} of {} keeps {} log lines (max {MAX_LOG_LINES})",
                        c.name,
                        t.arn,
                        c.logs.len()
                    ));
                }
                if c.logs.windows(2).any(|w| w[0].0 > w[1].0)
                    || c.logs.iter().any(|(at, _)| *at > self.now)
                {
                    return Err(format!(
                        "container {} of {} has log lines out of time order",
                        c.name, t.arn
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Appends a log line, dropping the oldest beyond [`MAX_LOG_LINES`]. Empty
/// lines are not kept (the awslogs driver skips them).
pub fn push_log(logs: &mut Vec<(SimTime, String)>, at: SimTime, line: String) {
    if line.is_empty() {
        return;
    }
    logs.push((at, line));
    if logs.len() > MAX_LOG_LINES {
        let excess = logs.len() - MAX_LOG_LINES;
        logs.drain(..excess);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
