//! `stevedore`: see the crate documentation and runner/README.md.

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use stevedore_engine::{Sim, SimConfig};
use stevedore_runner::endpoint::{ClockMode, Endpoint};
use stevedore_runner::{http, lab, script};

const USAGE: &str = "\
usage:
  stevedore run [--json [--events]] [--seed N] FILE
      Run a script of `aws …`, `docker …`, `sim …` and shell lines (variables,
      $(…), here-documents; # comments; a line meant to fail ends with
      `# expect-error: CODE`). Exit status 1 if a line fails
      unexpectedly or does not fail as marked. --json prints one JSON object
      per line; with --events each also lists the engine events, the
      service events and the EventBridge events the line caused.
  stevedore lab list [--json]
      The course's labs: id, title, lesson, steps.
  stevedore lab check LAB FILE [--json]
      Run a script on the lab's start state, then print every goal of every
      step, met or unmet, with what exists now. Exit status 0 only when
      every goal is met.
  stevedore lab solution LAB
      Print the lab's reference solution (a script for `lab check`).
  stevedore prerender DIST
      Write every lesson as a static page of a release build
      (DIST/lessons/<id>/index.html, from DIST/index.html) that loads no
      wasm: the app boots, and takes the page over, when its quiz is used.
  stevedore serve [--port 4566] [--speed N | --manual-clock] [--seed N | --lab LAB]
      Answer the AWS CLI and SDKs on http://127.0.0.1:PORT: every simulated
      service in the protocol the AWS CLI speaks to it (AWS JSON 1.0/1.1,
      query, ec2), routed by the SigV4 credential scope.
      Simulated time follows the wall clock times N (default 1), or with
      --manual-clock moves only on POST /_stevedore/advance {\"ms\": N}.
      --lab LAB starts from the lab's account; GET /_stevedore/lab checks
      its goals.
";

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "stevedore: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn number<T: std::str::FromStr>(flag: &str, value: Option<&String>) -> Result<T, String> {
    value
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{flag} needs a whole number"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => match run(&args[1..]) {
            Ok(code) => code,
            Err(message) => fail(&message),
        },
        Some("lab") => match lab_command(&args[1..]) {
            Ok(code) => code,
            Err(message) => fail(&message),
        },
        Some("prerender") => match args.get(1..) {
            Some([dist]) => match stevedore_runner::prerender::write_all(
                stevedore_lessons::course(),
                std::path::Path::new(dist),
            ) {
                Ok(n) => {
                    let _ = writeln!(std::io::stdout(), "{n} lesson pages in {dist}/lessons/");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    let _ = writeln!(std::io::stderr(), "stevedore prerender: {message}");
                    ExitCode::FAILURE
                }
            },
            _ => fail("prerender takes one argument: the build's directory"),
        },
        Some("serve") => match serve(&args[1..]) {
            Ok(code) => code,
            Err(message) => fail(&message),
        },
        Some("help" | "--help" | "-h") => {
            let _ = write!(std::io::stdout(), "{USAGE}");
            ExitCode::SUCCESS
        }
        _ => fail("say what to do: run, lab, prerender or serve"),
    }
}

fn new_sim(seed: u64) -> Result<Sim, String> {
    Sim::new(SimConfig::with_seed(seed)).map_err(|e| e.message)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut json = false;
    let mut events = false;
    let mut seed = 0;
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => json = true,
            "--events" => events = true,
            "--seed" => {
                seed = number("--seed", args.get(i + 1))?;
                i += 1;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
        i += 1;
    }
    let file = file.ok_or("run needs a script FILE")?;
    if events && !json {
        return Err("--events goes with --json".to_owned());
    }
    let source = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let steps = script::parse(&source).map_err(|e| format!("{file}: {e}"))?;
    let mut sim = new_sim(seed)?;
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    let mut failed = 0;
    let mut shell = stevedore_cli::shell::Shell::new();
    for step in &steps {
        let before = if events {
            script::service_event_ids(&sim)
        } else {
            Default::default()
        };
        let result = script::run_step(&mut shell, &mut sim, step);
        // What the line caused (the outboxes are drained either way, so
        // they do not grow over a long script).
        let caused = script::Caused::drain(&mut sim, &before);
        if json {
            let mut line = result.to_json(sim.now().0);
            if events {
                caused.add_to(&mut line);
            }
            let _ = writeln!(stdout, "{line}");
        } else {
            let _ = write!(stdout, "{}", result.outcome.stdout);
            let _ = stdout.flush();
            let _ = write!(stderr, "{}", result.outcome.stderr);
        }
        if result.outcome.clock.is_some() && !json {
            let _ = writeln!(
                stderr,
                "stevedore: {file}:{}: a script has no wall clock; simulated time moves only with 'sim advance'",
                step.line
            );
        }
        if let Some(problem) = &result.problem {
            failed += 1;
            let _ = writeln!(
                stderr,
                "stevedore: {file}:{}: {problem}: {}",
                step.line, step.command
            );
        }
    }
    if failed > 0 {
        let _ = writeln!(
            stderr,
            "stevedore: {failed} line(s) of {file} did not go as expected"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn lab_command(args: &[String]) -> Result<ExitCode, String> {
    let json = args.iter().any(|a| a == "--json");
    if let Some(flag) = args.iter().find(|a| a.starts_with("--") && *a != "--json") {
        return Err(format!("unknown option {flag}"));
    }
    let words: Vec<&str> = args
        .iter()
        .filter(|a| *a != "--json")
        .map(String::as_str)
        .collect();
    match words.as_slice() {
        ["list"] => {
            let _ = write!(std::io::stdout(), "{}", lab::list(json)?);
            Ok(ExitCode::SUCCESS)
        }
        ["check", id, file] => {
            let found = lab::find(id)?;
            let source =
                std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let (out, err, passed) = lab::check(found, file, &source, json)?;
            let _ = write!(std::io::stderr(), "{err}");
            let _ = write!(std::io::stdout(), "{out}");
            Ok(if passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        ["solution", id] if !json => {
            let found = lab::find(id)?;
            let _ = write!(
                std::io::stdout(),
                "{}",
                stevedore_cli::labs::solution_script(found)
            );
            Ok(ExitCode::SUCCESS)
        }
        ["check", ..] => Err("lab check needs a LAB and a script FILE".to_owned()),
        ["solution", ..] => Err("lab solution needs a LAB (and no --json)".to_owned()),
        _ => Err("say what to do with labs: list, check or solution".to_owned()),
    }
}

fn serve(args: &[String]) -> Result<ExitCode, String> {
    let mut port: u16 = 4566;
    let mut speed: u32 = 1;
    let mut manual = false;
    let mut seed = 0;
    let mut lab_id = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lab" => {
                lab_id = Some(args.get(i + 1).ok_or("--lab needs a LAB id")?.clone());
                i += 1;
            }
            "--port" => {
                port = number("--port", args.get(i + 1))?;
                i += 1;
            }
            "--speed" => {
                speed = number("--speed", args.get(i + 1))?;
                if !(1..=stevedore_cli::meta::MAX_SPEED).contains(&speed) {
                    return Err(format!(
                        "--speed must be 1 to {}",
                        stevedore_cli::meta::MAX_SPEED
                    ));
                }
                i += 1;
            }
            "--seed" => {
                seed = number("--seed", args.get(i + 1))?;
                i += 1;
            }
            "--manual-clock" => manual = true,
            other => return Err(format!("unknown option {other}")),
        }
        i += 1;
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mode = if manual {
        ClockMode::Manual
    } else {
        ClockMode::Wall { speed }
    };
    let clock = match mode {
        ClockMode::Manual => "manual clock (POST /_stevedore/advance)".to_owned(),
        ClockMode::Wall { speed } => format!("wall clock x{speed}"),
    };
    let _ = writeln!(
        std::io::stdout(),
        "stevedore: serving the AWS APIs ({}) on http://{addr} ({clock}); try: aws --endpoint-url http://{addr} ecs list-clusters",
        stevedore_runner::wire::served().join(", ")
    );
    let _ = std::io::stdout().flush();
    let endpoint = match &lab_id {
        Some(id) => Endpoint::for_lab(lab::find(id)?, mode)?,
        None => Endpoint::new(new_sim(seed)?, mode),
    };
    http::serve(listener, endpoint);
    Ok(ExitCode::SUCCESS)
}
