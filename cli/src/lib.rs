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
//!   which API member each sets, its type, and whether it is required
//!   (generated from botocore's models), and whether the simulator models
//!   it, with our help texts (hand-written).
//! - [`shorthand`] reads option values: shorthand or JSON, typed by the
//!   model.
//! - [`run`] does the rest: global options, usage errors, `--cli-input-json`,
//!   the engine call, pagination and output (JSON with 4-space indent, as the
//!   AWS CLI prints it; errors as it prints them, with its exit codes).

pub mod complete;
pub mod curl;
pub mod customize;
pub mod docker;
pub mod jmespath;
pub mod labs;
pub mod meta;
pub mod model;
pub mod output;
pub mod s3;
pub mod script;
pub mod share;
pub mod shell;
pub mod shorthand;
pub mod timestamps;

use model::{Operation, Shape};
use serde_json::{Map, Value};
use stevedore_engine::base::base64;
use stevedore_engine::{Command, Input, Service, Sim};

/// Exit codes of AWS CLI v2.
pub mod exit {
    pub const OK: i32 = 0;
    /// Command syntax was invalid (unknown option, missing argument, …).
    pub const USAGE: i32 = 252;
    /// The service returned an error.
    pub const SERVICE: i32 = 254;
    /// botocore refused the input before sending it (ParamValidationError).
    pub const PARAM_VALIDATION: i32 = 255;
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
    /// For `sim pause|resume|speed`: what the caller's wall clock should do.
    pub clock: Option<meta::ClockControl>,
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

pub(crate) fn plain_error(message: &str, code: i32) -> Outcome {
    Outcome {
        stderr: format!("{message}\n"),
        exit_code: code,
        ..Outcome::default()
    }
}

pub(crate) fn printed(text: String) -> Outcome {
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

/// Runs one line (or several: a script's text) against `sim` in a fresh
/// shell: `aws …` (AWS CLI syntax), `docker …` (the simulated Docker
/// client), `curl …`, `sim …` (sandbox meta-commands) and the shell
/// features of [`shell`] (variables, `$(…)`, pipes, here-documents,
/// `file://`). Variables do not outlive the call: a program that runs
/// line after line keeps a [`shell::Shell`] instead.
pub fn run(sim: &mut Sim, line: &str) -> Outcome {
    shell::Shell::new().run(sim, line)
}

/// Runs one command whose words are already expanded; `stdin` is what a
/// pipe or here-document fed it. The shell's builtins are not here
/// ([`shell::Shell`] runs them).
pub(crate) fn run_command(sim: &mut Sim, words: &[String], stdin: Option<&str>) -> Outcome {
    let Some(first) = words.first() else {
        return Outcome::default();
    };
    if first == "sim" {
        return meta::run(sim, &words[1..]);
    }
    if first == "docker" {
        return docker::run(sim, &words[1..], stdin);
    }
    if first == "curl" {
        return curl::run(sim, &words[1..]);
    }
    if first != "aws" {
        return plain_error(
            &format!(
                "'{first}' is not a command here. AWS commands start with 'aws', for example: aws ecs list-clusters (try 'aws help'); docker commands with 'docker'; a client on the internet with 'curl http://IP[:PORT]'; sandbox commands with 'sim' (try 'sim help'); the shell also has {}.",
                shell::BUILTINS.join(", ")
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
        [service, rest @ ..] if service == "s3" => {
            if let Some(region) = &globals.region
                && region != &sim.config().region
            {
                return wrong_region(sim, region);
            }
            s3::run(sim, rest, stdin)
        }
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
                [operation, args @ ..]
                    if svc == Service::Ecr && operation == "get-login-password" =>
                {
                    if !args.is_empty() {
                        return usage_error(&format!("Unknown options: {}", args.join(", ")));
                    }
                    docker::get_login_password(sim)
                }
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
                    if op.api_name == "GetObject" {
                        return match outfile_option(op, args) {
                            Ok(args) => run_operation(sim, op, &args, &globals),
                            Err(outcome) => outcome,
                        };
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
            "json" | "text" | "table" => {}
            "yaml" | "yaml-stream" => {
                return Err(plain_error(
                    &format!(
                        "aws: error: --output {output} is not simulated yet; use --output json (the default), text or table."
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
    if let Some(query) = &globals.query
        && let Err(problem) = jmespath::compile(query)
    {
        return Err(usage_error(&format!(
            "argument --query: Bad value for --query {query}: {problem}"
        )));
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
        return wrong_region(sim, region);
    }
    let mut input = Map::new();
    let mut given: Vec<&'static str> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut paging = Paging::default();
    let mut cli_input: Option<Value> = None;
    let mut manual_paging = false;
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
        // The paginator's own token and page size members: awscli hides them
        // behind --starting-token and --page-size but still takes them
        // (undocumented), and then does not page (check_should_enable_pagination).
        if let Some(pager) = op.paginator
            && let Some(member) = [pager.input_token, pager.limit_key]
                .into_iter()
                .find(|m| !m.contains('.') && format!("--{}", model::xform_name(m)) == *word)
        {
            let [value] = values else {
                return usage_error(&format!("argument {word}: expected one argument"));
            };
            let value = if member == pager.limit_key {
                match value.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => {
                        return usage_error(&format!(
                            "argument {word}: invalid int value: '{value}'"
                        ));
                    }
                }
            } else {
                match serde_json::from_str::<Value>(value) {
                    Ok(v @ Value::Object(_)) => v,
                    _ => Value::String(value.clone()),
                }
            };
            input.insert(member.to_owned(), value);
            manual_paging = true;
            i = end;
            continue;
        }
        let negated = word.strip_prefix("--no-").map(|rest| format!("--{rest}"));
        let param = op.params.iter().find(|p| p.option == word).or_else(|| {
            negated.as_deref().and_then(|n| {
                op.params
                    .iter()
                    .find(|p| p.option == n && p.shape.is_boolean())
            })
        });
        let Some(param) = param else {
            unknown.push(word.clone());
            unknown.extend(values.iter().cloned());
            i = end;
            continue;
        };
        if !op.is_modelled(param) {
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
        let value = if param.shape.is_boolean() {
            if !values.is_empty() {
                unknown.extend(values.iter().cloned());
            }
            Value::Bool(negated.is_none())
        } else {
            match shorthand::value(param.shape, values) {
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
    // --cli-input-json first, options on the line override it. Its keys
    // are the operation's input members: botocore refuses any other before
    // sending (a ParamValidationError, the AWS CLI's exit code 252).
    if let Some(Value::Object(base)) = cli_input {
        let unknown: Vec<&String> = base
            .keys()
            .filter(|k| !op.params.iter().any(|p| p.member == k.as_str()))
            .collect();
        if !unknown.is_empty() {
            let members: Vec<&str> = op.params.iter().map(|p| p.member).collect();
            let lines: Vec<String> = unknown
                .iter()
                .map(|k| {
                    format!(
                        "Unknown parameter in input: \"{k}\", must be one of: {}",
                        members.join(", ")
                    )
                })
                .collect();
            return plain_error(
                &format!("\nParameter validation failed:\n{}", lines.join("\n")),
                exit::PARAM_VALIDATION,
            );
        }
        for (k, v) in base {
            input.entry(k).or_insert(v);
        }
    }
    let missing: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.required && !input.contains_key(p.member))
        // get-object's OUTFILE is positional: awscli names it without dashes.
        .map(|p| {
            if p.member == "Outfile" {
                "outfile"
            } else {
                p.option
            }
        })
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
    // s3api put-object --body FILE: the file's content (awscli opens it).
    if op.api_name == "PutObject"
        && let Some(Value::String(path)) = input.get("Body")
    {
        let Some(text) = sim.file(path).map(str::to_owned) else {
            return plain_error(
                "\nError parsing parameter '--body': Blob values must be a path to a file.",
                exit::USAGE,
            );
        };
        input.insert("Body".to_owned(), Value::String(text));
    }
    // s3api get-object … OUTFILE: the body goes to the file.
    let outfile = match input.remove("Outfile") {
        Some(Value::String(path)) => Some(path),
        _ => None,
    };
    // awscli does not page when the API's own paging members are given.
    let no_paginate = globals.no_paginate || manual_paging;
    let mut pages = Vec::new();
    let mut outcome = call(
        sim,
        op,
        Value::Object(input),
        paging,
        no_paginate,
        &mut pages,
    );
    if let (Some(path), Some(Value::Object(body))) = (outfile, outcome.response.as_mut()) {
        let contents = match body.remove("Body") {
            Some(Value::String(text)) => text,
            _ => String::new(),
        };
        if let Err(e) = sim
            .apply(Input::WriteFile {
                path: path.clone(),
                contents,
            })
            .file()
        {
            return plain_error(&format!("[Errno 2] {path}: {}", e.message), exit::USAGE);
        }
    }
    format_outcome(op, outcome, globals, no_paginate, &pages)
}

fn wrong_region(sim: &Sim, region: &str) -> Outcome {
    plain_error(
        &format!(
            "aws: error: this sandbox simulates one region, {}; --region {region} is not simulated.",
            sim.config().region
        ),
        exit::USAGE,
    )
}

/// `s3api get-object --bucket B --key K OUTFILE`: the positional OUTFILE
/// (awscli's StreamingOutputArgument) as `--outfile OUTFILE`, which the
/// option loop reads (every other option of the operation takes one word).
#[allow(clippy::result_large_err)]
fn outfile_option(op: &Operation, args: &[String]) -> Result<Vec<String>, Outcome> {
    if args
        .iter()
        .any(|a| a == "--outfile" || a == "--cli-input-json")
    {
        return Ok(args.to_vec());
    }
    let mut rest = Vec::with_capacity(args.len() + 1);
    let mut outfile = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        if word.starts_with("--") {
            rest.push(word.clone());
            let takes_value = op
                .params
                .iter()
                .find(|p| p.option == word)
                .is_some_and(|p| !p.shape.is_boolean())
                || word == "--cli-input-json";
            if takes_value && let Some(value) = args.get(i + 1) {
                rest.push(value.clone());
                i += 1;
            }
        } else {
            outfile.push(word.clone());
        }
        i += 1;
    }
    match outfile.as_slice() {
        // The required-arguments check names it (as `outfile`).
        [] => Ok(rest),
        [one] => {
            rest.push("--outfile".to_owned());
            rest.push(one.clone());
            Ok(rest)
        }
        [_, extra @ ..] => Err(usage_error(&format!(
            "Unknown options: {}",
            extra.join(", ")
        ))),
    }
}

/// Applies `--query`, then prints in the `--output` format (the AWS CLI's
/// order). `response` keeps the full, unqueried body for programs.
fn format_outcome(
    op: &'static Operation,
    mut outcome: Outcome,
    globals: &Globals,
    no_paginate: bool,
    pages: &[Page],
) -> Outcome {
    let Some(body) = outcome.response.as_ref() else {
        return outcome;
    };
    // The AWS CLI's view: timestamps as ISO 8601 strings, before --query.
    let body = &output::cli_view(body);
    let pages: Vec<Page> = pages
        .iter()
        .map(|(items, more)| (items.iter().map(output::cli_view).collect(), more.clone()))
        .collect();
    let query = |value: &Value| -> Result<Value, String> {
        match &globals.query {
            None => Ok(value.clone()),
            Some(q) => jmespath::search(q, value),
        }
    };
    let printed = match (globals.output.as_deref(), op.paginator) {
        // The AWS CLI's text output of a paginated call prints page by page,
        // only the result keys, then the resume token as `NEXTTOKEN\t…`, each
        // passed through --query on its own.
        (Some("text"), Some(pager)) if !no_paginate => {
            let mut text = String::new();
            pages
                .iter()
                .try_for_each(|(items, more)| {
                    let mut page = Map::new();
                    put_result(&mut page, pager.result_key, items.clone());
                    page.extend(more.clone());
                    text.push_str(&output::text(&query(&Value::Object(page))?));
                    Ok::<(), String>(())
                })
                .and_then(|()| {
                    if let Some(token) = body.get("NextToken") {
                        let wrapped = serde_json::json!({"NextToken": {"NextToken": token}});
                        text.push_str(&output::text(&query(&wrapped)?));
                    }
                    Ok(text)
                })
        }
        (format, _) => query(body).map(|shown| match format {
            Some("text") => output::text(&shown),
            Some("table") => output::table(op.api_name, &shown),
            _ if shown == Value::Object(Map::new()) => String::new(),
            _ => format!("{}\n", to_aws_json(&shown)),
        }),
    };
    match printed {
        Ok(text) => outcome.stdout = text,
        Err(problem) => {
            outcome.stdout = String::new();
            outcome.stderr = format!("\n{problem}\n");
            outcome.exit_code = exit::USAGE;
        }
    }
    outcome
}

/// Runs the operation, following pages as the AWS CLI does. A `--max-items`
/// cut inside a page gives a `NextToken` that, like botocore's, records the
/// page's own token and how many of its items were already shown.
/// `pages` receives the items of each page as shown (after --max-items and
/// --starting-token cuts) and its other result keys, for text output.
fn call(
    sim: &mut Sim,
    op: &'static Operation,
    input: Value,
    paging: Paging,
    no_paginate: bool,
    pages: &mut Vec<Page>,
) -> Outcome {
    let Some(pager) = op.paginator else {
        return finish(op, execute(sim, op, input));
    };
    if no_paginate {
        // awscli's ensure_paging_params_not_set, before any request.
        let used: Vec<&str> = [
            ("--starting-token", paging.starting_token.is_some()),
            ("--page-size", paging.page_size.is_some()),
            ("--max-items", paging.max_items.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if !used.is_empty() {
            return plain_error(
                &format!(
                    "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: {}",
                    used.join(", ")
                ),
                exit::PARAM_VALIDATION,
            );
        }
    }
    let mut input = input;
    let (mut page_token, mut skip) = match paging
        .starting_token
        .as_deref()
        .map(|t| decode_cli_token(pager.input_token, t))
    {
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
    let (summed_keys, non_aggregate_keys) = more_result_keys(op);
    let mut sums: Vec<i64> = vec![0; summed_keys.len()];
    let mut result_seen = false;
    let mut items: Vec<Value> = Vec::new();
    let mut last = Map::new();
    let mut next_token: Option<Value> = None;
    // A page cap keeps a broken token from looping forever.
    for _ in 0..10_000 {
        if let Value::Object(map) = &mut input {
            match &page_token {
                Some(token) => map.insert(pager.input_token.to_owned(), token.clone()),
                // Without paging, a token given by hand (see run_operation).
                None if no_paginate => None,
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
        result_seen |= page.contains_key(pager.result_key);
        let found = take_result(&mut page, pager.result_key);
        let next = next_page_token(&page, pager.output_token, pager.result_key, &found);
        if !no_paginate {
            // Paging, the AWS CLI prints its own NextToken, not the pages'.
            for alternative in pager.output_token.split(" || ") {
                page.remove(alternative);
            }
        }
        // The text output's first page also shows the non-aggregate keys
        // (botocore's `non_aggregate_part`), null when absent.
        let mut more = Map::new();
        if pages.is_empty() {
            for key in non_aggregate_keys {
                more.insert(
                    (*key).to_owned(),
                    page.get(*key).cloned().unwrap_or(Value::Null),
                );
            }
        }
        for (sum, key) in sums.iter_mut().zip(summed_keys) {
            if let Some(v) = page.get(*key) {
                *sum += v.as_i64().unwrap_or(0);
                more.insert((*key).to_owned(), v.clone());
            }
        }
        last = page;
        let mut shown = Vec::new();
        for (index, item) in found.into_iter().enumerate().skip(skip) {
            if paging.max_items.is_some_and(|max| items.len() >= max) {
                next_token = Some(Value::String(encode_cli_token(
                    pager.input_token,
                    page_token.as_ref(),
                    index,
                )));
                break;
            }
            items.push(item.clone());
            shown.push(item);
        }
        pages.push((shown, more));
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
            next_token = Some(Value::String(encode_cli_token(
                pager.input_token,
                Some(&token),
                0,
            )));
            break;
        }
        page_token = Some(token);
    }
    // IAM and S3 pages say whether more follow with `IsTruncated`,
    // botocore's `more_results` key: the AWS CLI does not print it when it
    // pages (with --no-paginate it prints the one response as it is).
    if !no_paginate {
        last.remove("IsTruncated");
    }
    let mut body = Map::new();
    if pager.result_key.contains('.') {
        body.extend(last);
        put_result(&mut body, pager.result_key, items);
    } else {
        put_result(&mut body, pager.result_key, items);
        body.extend(last);
    }
    if !summed_keys.is_empty() {
        // botocore's full result: the result keys each page had, in the
        // paginator's order (`Items` is left out when no page had it, as
        // with Select COUNT), then the non-aggregate keys.
        if !result_seen {
            body.shift_remove(pager.result_key);
        }
        for (sum, key) in sums.into_iter().zip(summed_keys) {
            body.shift_remove(*key);
            body.insert((*key).to_owned(), Value::from(sum));
        }
        for key in non_aggregate_keys {
            let value = body.shift_remove(*key).unwrap_or(Value::Null);
            body.insert((*key).to_owned(), value);
        }
    }
    if let Some(extra) = full_result_only(op).filter(|_| !no_paginate) {
        // botocore's full result: only the result keys the pages had and
        // the paginator's non-aggregate keys (null when absent).
        let mut kept = Map::new();
        for key in std::iter::once(&pager.result_key).chain(extra.result_keys) {
            if let Some(v) = body.shift_remove(*key) {
                kept.insert((*key).to_owned(), v);
            }
        }
        if !result_seen {
            kept.shift_remove(pager.result_key);
        }
        for key in extra.non_aggregate_keys {
            let value = body.shift_remove(*key).unwrap_or(Value::Null);
            kept.insert((*key).to_owned(), value);
        }
        body = kept;
    }
    if no_paginate {
        // The one response as it is: no empty result list it did not have.
        if !result_seen {
            body.shift_remove(pager.result_key);
        }
        auto_encoding_type(op, &mut body);
    }
    // With --no-paginate the page's own token is in the body already.
    if let Some(token) = next_token.filter(|_| !no_paginate) {
        body.insert("NextToken".to_owned(), token);
    }
    finish(op, Ok(Value::Object(body)))
}

/// botocore asks S3 listings for url-encoded keys itself (and decodes them),
/// so the response the AWS CLI prints whole (--no-paginate) has
/// `EncodingType: url`, in the output shape's member order (after
/// `CommonPrefixes`).
fn auto_encoding_type(op: &Operation, body: &mut Map<String, Value>) {
    if op.service != Service::S3 || !matches!(op.api_name, "ListObjects" | "ListObjectsV2") {
        return;
    }
    let before = [
        "KeyCount",
        "ContinuationToken",
        "NextContinuationToken",
        "StartAfter",
        "RequestCharged",
    ];
    let index = body
        .keys()
        .position(|k| before.contains(&k.as_str()))
        .unwrap_or(body.len());
    body.shift_insert(
        index,
        "EncodingType".to_owned(),
        Value::String("url".to_owned()),
    );
}

/// The token of the page after this one, as botocore finds it: the
/// paginator's `output_token` member (most tokens are strings; DynamoDB's
/// LastEvaluatedKey is a key), or the first of its `a || b` alternatives
/// that has a value, where `<result key>[-1].<member>` is a member of the
/// page's last item (S3 ListObjects: `NextMarker || Contents[-1].Key`).
/// None when the page says it is the last (`IsTruncated` false, botocore's
/// `more_results`).
fn next_page_token(
    page: &Map<String, Value>,
    output_token: &str,
    result_key: &str,
    items: &[Value],
) -> Option<Value> {
    if page.get("IsTruncated") == Some(&Value::Bool(false)) {
        return None;
    }
    for alternative in output_token.split(" || ") {
        let value = match alternative
            .strip_prefix(result_key)
            .and_then(|rest| rest.strip_prefix("[-1]."))
        {
            Some(member) => items.last().and_then(|item| item.get(member)).cloned(),
            None => page.get(alternative).cloned(),
        };
        if let Some(value) = value.filter(|v| !v.is_null()) {
            return Some(value);
        }
    }
    None
}

/// One page as the text output prints it: the result list's items as shown,
/// and the page's other result keys (see [`more_result_keys`]).
type Page = (Vec<Value>, Map<String, Value>);

/// botocore paginators whose `result_key` is a list keep its first member
/// in the generated tables; these are the others, which the AWS CLI adds up
/// page by page, and the paginator's `non_aggregate_keys`, which it prints
/// as null when the response has none (DynamoDB's paginators-1.json).
fn more_result_keys(op: &Operation) -> (&'static [&'static str], &'static [&'static str]) {
    match (op.service, op.api_name) {
        (Service::DynamoDb, "Query" | "Scan") => {
            (&["Count", "ScannedCount"], &["ConsumedCapacity"])
        }
        _ => (&[], &[]),
    }
}

/// A paginator whose other result keys and `non_aggregate_keys`
/// (botocore's `paginators-1.sdk-extras.json`) make the AWS CLI print only
/// those and the result keys, nothing else of the pages.
struct FullResult {
    result_keys: &'static [&'static str],
    non_aggregate_keys: &'static [&'static str],
}

fn full_result_only(op: &Operation) -> Option<FullResult> {
    match (op.service, op.api_name) {
        (Service::S3, "ListObjectsV2" | "ListObjects") => Some(FullResult {
            result_keys: &["CommonPrefixes"],
            non_aggregate_keys: &["RequestCharged", "Prefix"],
        }),
        (Service::S3, "ListBuckets") => Some(FullResult {
            result_keys: &[],
            non_aggregate_keys: &["Owner", "Prefix"],
        }),
        _ => None,
    }
}

/// Removes a page's result list at `key`: a member (`taskArns`) or, as
/// botocore writes some result keys, a member of a member
/// (`imageScanFindings.findings`).
fn take_result(page: &mut Map<String, Value>, key: &str) -> Vec<Value> {
    let found = match key.split_once('.') {
        None => page.remove(key),
        Some((outer, inner)) => page
            .get_mut(outer)
            .and_then(Value::as_object_mut)
            .and_then(|o| o.remove(inner)),
    };
    match found {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// Puts the merged result list at `key` (see [`take_result`]).
fn put_result(body: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    match key.split_once('.') {
        None => {
            body.insert(key.to_owned(), Value::Array(items));
        }
        Some((outer, inner)) => {
            let entry = body
                .entry(outer.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(o) = entry {
                o.insert(inner.to_owned(), Value::Array(items));
            }
        }
    }
}

/// The AWS CLI's resume token, exactly as botocore makes it: base64 of
/// Python's `json.dumps` of `{"<input token>": <page token or null>}`, plus
/// `"boto_truncate_amount": N` when the cut fell inside a page (N items of
/// that page already shown). Identical tokens mean a `NextToken` printed by
/// the real AWS CLI against `stevedore serve` works here too, and back.
fn encode_cli_token(input_token: &str, page_token: Option<&Value>, skip: usize) -> String {
    let key = Value::String(input_token.to_owned()).to_string();
    let value = page_token.cloned().unwrap_or(Value::Null);
    let json = if skip > 0 {
        format!(
            "{{{key}: {}, \"boto_truncate_amount\": {skip}}}",
            py_json(&value)
        )
    } else {
        format!("{{{key}: {}}}", py_json(&value))
    };
    base64::encode(json.as_bytes())
}

/// A value as Python's `json.dumps` writes it (ASCII only, `\uXXXX`;
/// `", "` and `": "` between members).
fn py_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_json(&Value::String(k.clone())), py_json(v)))
                .collect();
            return format!("{{{}}}", members.join(", "));
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(py_json).collect();
            return format!("[{}]", items.join(", "));
        }
        _ => {}
    }
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn decode_cli_token(input_token: &str, token: &str) -> Option<(Option<Value>, usize)> {
    let bytes = base64::decode(token)?;
    let Value::Object(map) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    let page = match map.get(input_token)? {
        Value::Null => None,
        token @ (Value::String(_) | Value::Object(_)) => Some(token.clone()),
        _ => return None,
    };
    let skip = match map.get("boto_truncate_amount") {
        None => 0,
        Some(n) => usize::try_from(n.as_u64()?).ok()?,
    };
    if map
        .keys()
        .any(|k| k != input_token && k != "boto_truncate_amount")
    {
        return None;
    }
    Some((page, skip))
}

#[allow(clippy::result_large_err)]
fn execute(sim: &mut Sim, op: &'static Operation, input: Value) -> Result<Value, Outcome> {
    let result = Command::from_json(op.service, op.api_name, input)
        .and_then(|command| sim.apply(Input::Api(command)).api());
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
        "AWS CLI (simulated by Stevedore)\n\nUsage: aws [options] <command> <subcommand> [parameters]\n\nServices:\n",
    );
    for service in Service::simulated() {
        let n = model::operations_of(service).count();
        text.push_str(&format!(
            "  {:<12} {n} operation(s) (aws {} help)\n",
            service.cli_name(),
            service.cli_name()
        ));
    }
    text.push_str(&format!(
        "  {:<12} mb, rb, ls, cp, rm: the high-level S3 commands, aws s3 help\n",
        "s3"
    ));
    text.push_str(
        "\nGlobal options:\n  --output json|text|table   how to print the result (default json)\n  --query EXPRESSION         a JMESPath expression applied to the result before printing\n  --region REGION            only the sandbox's region\n  --no-paginate              one page only, with the API's own token\n  --no-cli-pager             accepted (there is no pager)\n\nSandbox commands start with 'sim' (sim help).\n",
    );
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
        text.push_str(&format!("  {:<width$} {}\n", op.cli_name, op.summary()));
    }
    text.push_str(&format!(
        "\nMore: aws {} <operation> help\n",
        service.cli_name()
    ));
    text
}

/// How an option's type reads in help, from its botocore shape.
pub fn type_label(shape: &Shape) -> String {
    let fields = |shape: &Shape| {
        shape
            .members()
            .iter()
            .map(|m| format!("{}=...", m.name))
            .collect::<Vec<_>>()
            .join(",")
    };
    match shape {
        Shape::String { values, .. } if !values.is_empty() => {
            format!("string, one of: {}", values.join(" | "))
        }
        Shape::String { .. } => "string".to_owned(),
        Shape::Integer { .. } => "integer".to_owned(),
        Shape::Float => "number".to_owned(),
        Shape::Boolean => "boolean flag: --x or --no-x".to_owned(),
        Shape::Timestamp => "timestamp".to_owned(),
        Shape::Blob => "blob".to_owned(),
        Shape::Document => "JSON document".to_owned(),
        Shape::List { member, .. } => match member {
            Shape::String { values, .. } if !values.is_empty() => format!(
                "list of strings, each one of: {}; a b c, or a JSON list",
                values.join(" | ")
            ),
            Shape::String { .. } => "list of strings: a b c, or a JSON list".to_owned(),
            Shape::Integer { .. } => "list of integers: 1 2 3, or a JSON list".to_owned(),
            m if m.is_scalar() => "list: a b c, or a JSON list".to_owned(),
            m if m.is_flat_structure() => {
                format!("list of structures: {} ..., or JSON", fields(m))
            }
            Shape::Structure { .. } => "list of structures (JSON or shorthand)".to_owned(),
            _ => "list (JSON or shorthand)".to_owned(),
        },
        Shape::Map { .. } => "map: key=value,key=value, or JSON".to_owned(),
        s if s.is_flat_structure() => format!("structure: {}, or JSON", fields(s)),
        _ => "structure (JSON or shorthand)".to_owned(),
    }
}

fn operation_help(op: &Operation) -> String {
    let mut text = format!(
        "aws {} {}\n\n{}\nAPI action: {}\n\nOptions:\n",
        op.service.cli_name(),
        op.cli_name,
        op.summary(),
        op.api_name
    );
    for p in op.params {
        let help = op.help(p);
        let mark = match (p.required, help) {
            (_, None) => " [not simulated yet]",
            (true, _) => " [required]",
            _ => " [optional]",
        };
        text.push_str(&format!("  {} ({}){mark}\n", p.option, type_label(p.shape)));
        if let Some(help) = help {
            text.push_str(&format!("      {help}\n"));
        }
    }
    if op.paginator.is_some() {
        text.push_str("  --starting-token (string), --page-size (integer), --max-items (integer) [optional]\n      Pagination, as the AWS CLI does it.\n");
    }
    if op.params.is_empty() && op.paginator.is_none() {
        text.push_str("  (none)\n");
    }
    text.push_str(
        "  --cli-input-json (JSON) [optional]\n      The request as JSON; options on the line override it.\n\nGlobal options: --output json|text|table, --query EXPRESSION (see aws help).\n",
    );
    text
}
