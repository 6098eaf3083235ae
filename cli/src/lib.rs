//! # stevedore-cli
//!
//! The `aws` command line of Stevedore, as pure code: a line of AWS CLI syntax
//! in, the engine command it means, and what the AWS CLI would print out.
//! It has no DOM and no I/O, so the sandbox, a native runner and tests share
//! it.
//!
//! ```text
//! aws ecs create-cluster --cluster-name demo --tags key=team,value=web
//! ```
//!
//! - [`shell`] splits the line into words like a shell.
//! - [`model`] says, per operation, which options exist (AWS CLI spelling),
//!   which API member each sets, its type, and whether it is required or
//!   modelled.
//! - [`shorthand`] reads option values: shorthand or JSON.
//! - [`run`] does the rest: global options, usage errors, `--cli-input-json`,
//!   the engine call, pagination and output (JSON with 4-space indent, as the
//!   AWS CLI prints it; errors as it prints them, with its exit codes).

pub mod customize;
pub mod model;
pub mod shell;
pub mod shorthand;
pub mod timestamps;

use model::{Operation, Ty};
use serde_json::{Map, Value};
use stevedore_engine::{Command, Service, Sim};

/// Exit codes of AWS CLI v2.
pub mod exit {
    pub const OK: i32 = 0;
    /// Command syntax was invalid (unknown option, missing argument, …).
    pub const USAGE: i32 = 252;
    /// The service returned an error.
    pub const SERVICE: i32 = 254;
    /// Not an `aws` command at all.
    pub const NOT_FOUND: i32 = 127;
}

/// What running one line gives: what the AWS CLI would print, its exit code,
/// and the structured result for programs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// The AWS action run, if the line got as far as the engine.
    pub operation: Option<&'static str>,
    /// The response body, on success.
    pub response: Option<Value>,
    /// The AWS error code and message, on a service error.
    pub error: Option<(String, String)>,
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        self.exit_code == exit::OK
    }
}

const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  aws help
  aws <command> help
  aws <command> <subcommand> help
";

fn usage_error(message: &str) -> Outcome {
    Outcome {
        stderr: format!("{USAGE}\naws: error: {message}\n"),
        exit_code: exit::USAGE,
        ..Outcome::default()
    }
}

fn plain_error(message: &str, code: i32) -> Outcome {
    Outcome {
        stderr: format!("{message}\n"),
        exit_code: code,
        ..Outcome::default()
    }
}

fn printed(text: String) -> Outcome {
    Outcome {
        stdout: text,
        ..Outcome::default()
    }
}

/// Options every command takes.
#[derive(Debug, Default)]
struct Globals {
    output: Option<String>,
    region: Option<String>,
    query: Option<String>,
    no_paginate: bool,
}

/// Runs one line of AWS CLI syntax against `sim`.
pub fn run(sim: &mut Sim, line: &str) -> Outcome {
    let words = match shell::split(line) {
        Ok(words) => words,
        Err(problem) => return plain_error(&format!("aws: error: {problem}"), exit::USAGE),
    };
    let Some(first) = words.first() else {
        return Outcome::default();
    };
    if first != "aws" {
        return plain_error(
            &format!(
                "'{first}' is not a command here. AWS commands start with 'aws', for example: aws ecs list-clusters (try 'aws help')."
            ),
            exit::NOT_FOUND,
        );
    }
    let (globals, rest) = match take_globals(&words[1..]) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    match rest.as_slice() {
        [] => usage_error("the following arguments are required: command"),
        [help] if help == "help" => printed(top_help()),
        [service, rest @ ..] => {
            let Some(svc) =
                Service::from_cli_name(service).filter(|s| Service::simulated().any(|x| x == *s))
            else {
                return usage_error(&format!(
                    "argument command: Invalid choice, valid choices are:\n\n{}\n\n(The simulator supports these services so far.)",
                    Service::ALL
                        .iter()
                        .map(|s| s.cli_name())
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            };
            match rest {
                [] => usage_error("the following arguments are required: operation"),
                [help] if help == "help" => printed(service_help(svc)),
                [operation, args @ ..] => {
                    let Some(op) = model::find(svc, operation) else {
                        return usage_error(&format!(
                            "argument operation: Invalid choice, valid choices are:\n\n{}",
                            model::operations_of(svc)
                                .map(|o| o.cli_name)
                                .collect::<Vec<_>>()
                                .join("\n")
                        ));
                    };
                    if args.len() == 1 && args[0] == "help" {
                        return printed(operation_help(op));
                    }
                    run_operation(sim, op, args, &globals)
                }
            }
        }
    }
}

/// Pulls the global options out of the words (the AWS CLI accepts them
/// anywhere on the line).
#[allow(clippy::result_large_err)] // the error is the outcome to print, built once
fn take_globals(words: &[String]) -> Result<(Globals, Vec<String>), Outcome> {
    let mut globals = Globals::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        let takes_value = matches!(
            word,
            "--output" | "--region" | "--query" | "--profile" | "--endpoint-url"
        );
        if takes_value {
            let Some(value) = words.get(i + 1) else {
                return Err(usage_error(&format!(
                    "argument {word}: expected one argument"
                )));
            };
            match word {
                "--output" => globals.output = Some(value.clone()),
                "--region" => globals.region = Some(value.clone()),
                "--query" => globals.query = Some(value.clone()),
                "--endpoint-url" => {
                    return Err(plain_error(
                        "aws: error: --endpoint-url does not apply here: this command line already talks to the simulator.",
                        exit::USAGE,
                    ));
                }
                _ => {} // --profile: one simulated account, every profile is it.
            }
            i += 2;
            continue;
        }
        match word {
            "--no-cli-pager" | "--no-verify-ssl" | "--no-sign-request" => {}
            "--no-paginate" => globals.no_paginate = true,
            _ => rest.push(words[i].clone()),
        }
        i += 1;
    }
    if let Some(output) = &globals.output {
        match output.as_str() {
            "json" => {}
            "text" | "table" | "yaml" | "yaml-stream" => {
                return Err(plain_error(
                    &format!(
                        "aws: error: --output {output} is not simulated yet; use --output json (the default)."
                    ),
                    exit::USAGE,
                ));
            }
            other => {
                return Err(usage_error(&format!(
                    "argument --output: Invalid choice, valid choices are:\n\njson | text\ntable | yaml\nyaml-stream\n\n(got '{other}')"
                )));
            }
        }
    }
    if globals.query.is_some() {
        return Err(plain_error(
            "aws: error: --query (JMESPath) is not simulated yet; the full JSON output is printed without it.",
            exit::USAGE,
        ));
    }
    Ok((globals, rest))
}

/// CLI-level paging options of a paginated operation.
#[derive(Debug, Default)]
struct Paging {
    starting_token: Option<String>,
    page_size: Option<i64>,
    max_items: Option<usize>,
}

fn run_operation(
    sim: &mut Sim,
    op: &'static Operation,
    args: &[String],
    globals: &Globals,
) -> Outcome {
    if let Some(region) = &globals.region
        && region != &sim.config().region
    {
        return plain_error(
            &format!(
                "aws: error: this sandbox simulates one region, {}; --region {region} is not simulated.",
                sim.config().region
            ),
            exit::USAGE,
        );
    }
    let mut input = Map::new();
    let mut given: Vec<&'static str> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut paging = Paging::default();
    let mut cli_input: Option<Value> = None;
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        // The words up to the next `--option` are this option's values.
        let end = args[i + 1..]
            .iter()
            .position(|w| w.starts_with("--"))
            .map_or(args.len(), |p| i + 1 + p);
        let values = &args[i + 1..end];
        if !word.starts_with("--") {
            unknown.push(word.clone());
            i += 1;
            continue;
        }
        let paging_option = op.paginator.is_some()
            && matches!(
                word.as_str(),
                "--starting-token" | "--page-size" | "--max-items"
            );
        if paging_option || word == "--cli-input-json" {
            let [value] = values else {
                return usage_error(&format!("argument {word}: expected one argument"));
            };
            match word.as_str() {
                "--starting-token" => paging.starting_token = Some(value.clone()),
                "--cli-input-json" => match serde_json::from_str::<Value>(value) {
                    Ok(v @ Value::Object(_)) => cli_input = Some(v),
                    Ok(_) => {
                        return plain_error(
                            "\nError parsing parameter '--cli-input-json': the JSON must be an object.",
                            exit::USAGE,
                        );
                    }
                    Err(e) => {
                        return plain_error(
                            &format!(
                                "\nError parsing parameter '--cli-input-json': Invalid JSON: {e}\nJSON received: {value}"
                            ),
                            exit::USAGE,
                        );
                    }
                },
                other => {
                    let Ok(n) = value.parse::<i64>() else {
                        return usage_error(&format!(
                            "argument {other}: invalid int value: '{value}'"
                        ));
                    };
                    if n < 1 {
                        return usage_error(&format!(
                            "argument {other}: must be a positive integer, got {n}"
                        ));
                    }
                    if other == "--page-size" {
                        paging.page_size = Some(n);
                    } else {
                        paging.max_items = usize::try_from(n).ok();
                    }
                }
            }
            i = end;
            continue;
        }
        let negated = word.strip_prefix("--no-").map(|rest| format!("--{rest}"));
        let param = op.params.iter().find(|p| p.option == word).or_else(|| {
            negated.as_deref().and_then(|n| {
                op.params
                    .iter()
                    .find(|p| p.option == n && p.ty == Ty::Boolean)
            })
        });
        let Some(param) = param else {
            unknown.push(word.clone());
            unknown.extend(values.iter().cloned());
            i = end;
            continue;
        };
        if !param.modelled {
            return plain_error(
                &format!(
                    "aws: error: {} is a real option of '{} {}', but the simulator does not model it yet. Leave it out to continue.",
                    param.option,
                    op.service.cli_name(),
                    op.cli_name
                ),
                exit::USAGE,
            );
        }
        let value = if param.ty == Ty::Boolean {
            if !values.is_empty() {
                unknown.extend(values.iter().cloned());
            }
            Value::Bool(negated.is_none())
        } else {
            match shorthand::value(param.ty, values) {
                Ok(v) => v,
                Err(problem)
                    if values.is_empty()
                        || problem.starts_with("expected one argument")
                        || problem.starts_with("invalid int") =>
                {
                    return usage_error(&format!("argument {}: {problem}", param.option));
                }
                Err(problem) => {
                    return plain_error(
                        &format!("\nError parsing parameter '{}': {problem}", param.option),
                        exit::USAGE,
                    );
                }
            }
        };
        input.insert(param.member.to_owned(), value);
        given.push(param.option);
        i = end;
    }
    if !unknown.is_empty() {
        return Outcome {
            stderr: format!("{USAGE}\nUnknown options: {}\n", unknown.join(", ")),
            exit_code: exit::USAGE,
            ..Outcome::default()
        };
    }
    // --cli-input-json first, options on the line override it.
    if let Some(Value::Object(base)) = cli_input {
        for (k, v) in base {
            input.entry(k).or_insert(v);
        }
    }
    let missing: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.required && !input.contains_key(p.member))
        .map(|p| p.option)
        .collect();
    if !missing.is_empty() {
        return usage_error(&format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ));
    }
    if let Err(problem) = customize::apply(op, &mut input) {
        return plain_error(&format!("aws: error: {problem}"), exit::USAGE);
    }
    call(sim, op, Value::Object(input), paging, globals.no_paginate)
}

/// Runs the operation, following pages as the AWS CLI does. A `--max-items`
/// cut inside a page gives a `NextToken` that, like botocore's, records the
/// page's own token and how many of its items were already shown.
fn call(
    sim: &mut Sim,
    op: &'static Operation,
    input: Value,
    paging: Paging,
    no_paginate: bool,
) -> Outcome {
    let Some(pager) = op.paginator else {
        return finish(op, execute(sim, op, input));
    };
    let mut input = input;
    let (mut page_token, mut skip) = match paging.starting_token.as_deref().map(decode_cli_token) {
        None => (None, 0),
        Some(Some(resume)) => resume,
        Some(None) => {
            return plain_error(
                "aws: error: --starting-token is not valid: pass back exactly the NextToken a previous command printed.",
                exit::USAGE,
            );
        }
    };
    if let (Value::Object(map), Some(size)) = (&mut input, paging.page_size) {
        map.insert(pager.limit_key.to_owned(), Value::from(size));
    }
    let mut items: Vec<Value> = Vec::new();
    let mut last = Map::new();
    let mut next_token = None;
    // A page cap keeps a broken token from looping forever.
    for _ in 0..10_000 {
        if let Value::Object(map) = &mut input {
            match &page_token {
                Some(token) => {
                    map.insert(pager.input_token.to_owned(), Value::String(token.clone()))
                }
                None => map.remove(pager.input_token),
            };
        }
        let response = match execute(sim, op, input.clone()) {
            Ok(v) => v,
            Err(outcome) => return outcome,
        };
        let Value::Object(mut page) = response else {
            break;
        };
        let found = match page.remove(pager.result_key) {
            Some(Value::Array(found)) => found,
            _ => Vec::new(),
        };
        let next = page
            .remove(pager.output_token)
            .and_then(|t| t.as_str().map(str::to_owned));
        last = page;
        for (index, item) in found.into_iter().enumerate().skip(skip) {
            if paging.max_items.is_some_and(|max| items.len() >= max) {
                next_token = Some(encode_cli_token(page_token.as_deref(), index));
                break;
            }
            items.push(item);
        }
        skip = 0;
        if next_token.is_some() {
            break;
        }
        let Some(token) = next else { break };
        if no_paginate {
            next_token = Some(token);
            break;
        }
        if paging.max_items.is_some_and(|max| items.len() >= max) {
            next_token = Some(encode_cli_token(Some(&token), 0));
            break;
        }
        page_token = Some(token);
    }
    // IAM pages say whether more follow with `IsTruncated`, botocore's
    // `more_results` key: the AWS CLI does not print it.
    last.remove("IsTruncated");
    let mut body = Map::new();
    body.insert(pager.result_key.to_owned(), Value::Array(items));
    body.extend(last);
    if let Some(token) = next_token {
        let key = if no_paginate {
            pager.output_token
        } else {
            "NextToken"
        };
        body.insert(key.to_owned(), Value::String(token));
    }
    finish(op, Ok(Value::Object(body)))
}

/// `<page token>|<items of that page already shown>`, hex-encoded so it reads
/// as one opaque word.
fn encode_cli_token(page_token: Option<&str>, skip: usize) -> String {
    let raw = format!("{}|{skip}", page_token.unwrap_or(""));
    raw.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cli_token(token: &str) -> Option<(Option<String>, usize)> {
    if !token.len().is_multiple_of(2) || !token.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
        .collect();
    let raw = String::from_utf8(bytes?).ok()?;
    let (page, skip) = raw.rsplit_once('|')?;
    let skip = skip.parse().ok()?;
    Some(((!page.is_empty()).then(|| page.to_owned()), skip))
}

#[allow(clippy::result_large_err)]
fn execute(sim: &mut Sim, op: &'static Operation, input: Value) -> Result<Value, Outcome> {
    let result =
        Command::from_json(op.service, op.api_name, input).and_then(|command| sim.execute(command));
    match result {
        Ok(response) => Ok(response.to_json()),
        Err(error) => Err(Outcome {
            stderr: format!(
                "\nAn error occurred ({}) when calling the {} operation: {}\n",
                error.code, op.api_name, error.message
            ),
            exit_code: exit::SERVICE,
            operation: Some(op.api_name),
            error: Some((error.code.to_string(), error.message)),
            ..Outcome::default()
        }),
    }
}

fn finish(op: &'static Operation, result: Result<Value, Outcome>) -> Outcome {
    match result {
        Ok(body) => {
            // The AWS CLI prints nothing for an empty response (IAM's
            // AttachRolePolicy, DeleteRole, …) and timestamps as ISO 8601;
            // `response` keeps the API's own values.
            let stdout = if body.as_object().is_some_and(|m| m.is_empty()) {
                String::new()
            } else {
                let mut printed = body.clone();
                timestamps::format_timestamps(&mut printed);
                format!("{}\n", to_aws_json(&printed))
            };
            Outcome {
                stdout,
                operation: Some(op.api_name),
                response: Some(body),
                ..Outcome::default()
            }
        }
        Err(outcome) => outcome,
    }
}

/// JSON as the AWS CLI prints it: Python's `json.dumps(indent=4,
/// ensure_ascii=False)`.
pub fn to_aws_json(value: &Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn top_help() -> String {
    let mut text = String::from(
        "AWS CLI (simulated by Stevedore)\n\nUsage: aws <command> <subcommand> [parameters]\n\nServices:\n",
    );
    for service in Service::simulated() {
        let n = model::operations_of(service).count();
        text.push_str(&format!(
            "  {:<10} {n} operations (aws {} help)\n",
            service.cli_name(),
            service.cli_name()
        ));
    }
    text.push_str("\nGlobal options: --output json, --region <the sandbox's region>, --no-paginate, --no-cli-pager\n");
    text
}

fn service_help(service: Service) -> String {
    let mut text = format!(
        "aws {} <operation> [parameters]\n\nOperations:\n",
        service.cli_name()
    );
    let width = model::operations_of(service)
        .map(|op| op.cli_name.len())
        .max()
        .unwrap_or(0)
        .max(20);
    for op in model::operations_of(service) {
        text.push_str(&format!("  {:<width$} {}\n", op.cli_name, op.summary));
    }
    text
}

fn operation_help(op: &Operation) -> String {
    let mut text = format!(
        "aws {} {}\n\n{}\n\nOptions:\n",
        op.service.cli_name(),
        op.cli_name,
        op.summary
    );
    for p in op.params {
        let mark = match (p.required, p.modelled) {
            (_, false) => " (not simulated yet)",
            (true, _) => " (required)",
            _ => "",
        };
        text.push_str(&format!("  {}{mark}\n      {}\n", p.option, p.help));
    }
    if op.paginator.is_some() {
        text.push_str("  --starting-token, --page-size, --max-items\n      Pagination, as the AWS CLI does it.\n");
    }
    if op.params.is_empty() && op.paginator.is_none() {
        text.push_str("  (none)\n");
    }
    text.push_str(
        "  --cli-input-json\n      The request as JSON; options on the line override it.\n",
    );
    text
}
