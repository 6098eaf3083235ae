//! `docker …` lines on the simulated Docker client (the engine's
//! `Input::Docker`). `docker login --password-stdin` reads what the shell
//! pipes in: `aws ecr get-login-password | docker login --username AWS
//! --password-stdin <registry>`.
//!
//! `docker build -t NAME .` reads `./Dockerfile` (or `-f FILE`) from the
//! account's files: its last `FROM` is the base image, and its `RUN`,
//! `COPY` and `ADD` instructions add [`RUN_LAYER_MB`] / [`COPY_LAYER_MB`]
//! MB (MODEL). `--from IMAGE` and `--size-mb N` stand for the `FROM` line
//! and that size without a Dockerfile.

use crate::{Outcome, exit};
use serde_json::Value;
use stevedore_engine::images::{DockerError, DockerOutput};
use stevedore_engine::{Command, Docker, Input, Service, Sim};

/// Exit code of the docker CLI on any failure.
pub const DOCKER_FAILED: i32 = 1;

const USAGE: &str = "\
Simulated docker commands:
  docker build -t NAME[:TAG] [-f Dockerfile] .     (reads the Dockerfile's FROM)
  docker build -t NAME[:TAG] --from BASE_IMAGE [--size-mb N]
  docker tag SOURCE TARGET
  docker push NAME[:TAG]
  docker pull NAME[:TAG]
  docker images
  docker login --username AWS --password-stdin REGISTRY   (after: aws ecr get-login-password |)
  docker login --username AWS --password PASSWORD REGISTRY
";

fn usage(message: &str) -> Outcome {
    Outcome {
        stderr: format!("docker: {message}\n\n{USAGE}"),
        exit_code: DOCKER_FAILED,
        error: Some(("DockerUsageError".to_owned(), message.to_owned())),
        ..Outcome::default()
    }
}

fn done(result: Result<DockerOutput, DockerError>) -> Outcome {
    match result {
        Ok(output) => Outcome {
            stdout: output.lines.iter().map(|l| format!("{l}\n")).collect(),
            ..Outcome::default()
        },
        Err(e) => Outcome {
            stderr: format!("{}\n", e.message),
            exit_code: DOCKER_FAILED,
            error: Some((
                e.code.map_or("DockerError", |c| c.as_str()).to_owned(),
                e.message,
            )),
            ..Outcome::default()
        },
    }
}

/// Runs a Docker command on the simulator and prints what `docker` prints.
fn apply(sim: &mut Sim, command: Docker) -> Outcome {
    done(sim.apply(Input::Docker(command)).docker())
}

/// Runs the words after `docker`; `stdin` is what a pipe fed it.
pub fn run(sim: &mut Sim, words: &[String], stdin: Option<&str>) -> Outcome {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["build", rest @ ..] => build(sim, rest),
        ["tag", source, target] => apply(
            sim,
            Docker::Tag {
                source: (*source).to_owned(),
                target: (*target).to_owned(),
            },
        ),
        ["push", image] => apply(
            sim,
            Docker::Push {
                image: (*image).to_owned(),
            },
        ),
        ["pull", image] => apply(
            sim,
            Docker::Pull {
                image: (*image).to_owned(),
            },
        ),
        ["images"] => {
            let mut text = format!("{:<60} {:<20} {}\n", "REPOSITORY:TAG", "IMAGE ID", "SIZE");
            for (name, digest, size) in sim.docker_images() {
                let id: String = digest
                    .trim_start_matches("sha256:")
                    .chars()
                    .take(12)
                    .collect();
                text.push_str(&format!(
                    "{name:<60} {id:<20} {:.1}MB\n",
                    size as f64 / 1_000_000.0
                ));
            }
            Outcome {
                stdout: text,
                ..Outcome::default()
            }
        }
        ["login", rest @ ..] => login(sim, rest, stdin),
        [] | ["help"] | ["--help"] => Outcome {
            stdout: USAGE.to_owned(),
            ..Outcome::default()
        },
        [other, ..] => usage(&format!(
            "'{other}' is not a docker command the simulator has (or has the wrong arguments)."
        )),
    }
}

/// MODEL: what a Dockerfile's own instructions add to its base image: a
/// `RUN` this many MB…
pub const RUN_LAYER_MB: u64 = 10;
/// …and a `COPY` or `ADD` this many (a small application).
pub const COPY_LAYER_MB: u64 = 1;

/// What `docker build` needs from a Dockerfile: the base image (the last
/// stage's `FROM`) and the MB its instructions add ([`RUN_LAYER_MB`],
/// [`COPY_LAYER_MB`]).
pub fn read_dockerfile(text: &str) -> Result<(String, u64), String> {
    let mut from = None;
    let mut size_mb = 0;
    // Instructions can continue on the next line with a trailing `\`.
    let mut logical = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if current.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(start) => {
                current.push_str(start);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                logical.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        logical.push(current);
    }
    for line in &logical {
        let mut words = line.split_whitespace();
        let instruction = words.next().unwrap_or_default().to_ascii_uppercase();
        match instruction.as_str() {
            "FROM" => {
                let image = words.find(|w| !w.starts_with("--")).ok_or_else(|| {
                    "Dockerfile parse error: FROM requires the name of a base image".to_owned()
                })?;
                if image.contains('$') {
                    return Err(format!(
                        "Dockerfile: FROM {image}: build arguments (ARG) are not simulated; write the image name"
                    ));
                }
                from = Some(image.to_owned());
                size_mb = 0;
            }
            "RUN" => size_mb += RUN_LAYER_MB,
            "COPY" | "ADD" => size_mb += COPY_LAYER_MB,
            _ => {}
        }
    }
    let from = from.ok_or_else(|| {
        "Dockerfile parse error: no FROM instruction (a Dockerfile starts with FROM <image>)"
            .to_owned()
    })?;
    Ok((from, size_mb.max(1)))
}

fn build(sim: &mut Sim, args: &[&str]) -> Outcome {
    let mut tag = None;
    let mut from = None;
    let mut size_mb: Option<u64> = None;
    let mut file = None;
    let mut context = None;
    let mut i = 0;
    while i < args.len() {
        match (args[i], args.get(i + 1)) {
            ("-t" | "--tag", Some(v)) => tag = Some(*v),
            ("-f" | "--file", Some(v)) => file = Some(*v),
            ("--from", Some(v)) => from = Some(*v),
            ("--size-mb", Some(v)) => match v.parse() {
                Ok(n) if n <= 100_000 => size_mb = Some(n),
                _ => return usage(&format!("--size-mb takes a whole number of MB, got '{v}'")),
            },
            (other, _) if !other.starts_with('-') && context.is_none() => {
                context = Some(other);
                i += 1;
                continue;
            }
            (other, _) => return usage(&format!("docker build: unexpected '{other}'")),
        }
        i += 2;
    }
    let Some(tag) = tag else {
        return usage("docker build needs -t NAME[:TAG]");
    };
    let (from, size_mb) = match from {
        // `--from` stands for the Dockerfile's FROM line.
        Some(from) => (from.to_owned(), size_mb.unwrap_or(1)),
        None => {
            let Some(context) = context else {
                return usage(
                    "docker build needs a build context (usually .) with a Dockerfile, or --from BASE_IMAGE",
                );
            };
            let path = match file {
                Some(f) => f.to_owned(),
                None => format!("{}/Dockerfile", context.trim_end_matches('/')),
            };
            let Some(text) = sim.file(&path) else {
                return usage(&format!(
                    "unable to prepare context: no Dockerfile at {path} (write one: cat > Dockerfile <<'EOF' … EOF, or give --from BASE_IMAGE)"
                ));
            };
            match read_dockerfile(text) {
                Ok((from, mb)) => (from, size_mb.unwrap_or(mb)),
                Err(problem) => return usage(&problem),
            }
        }
    };
    apply(
        sim,
        Docker::Build {
            tag: tag.to_owned(),
            from,
            size_mb,
        },
    )
}

fn login(sim: &mut Sim, args: &[&str], stdin: Option<&str>) -> Outcome {
    let mut user = None;
    let mut password = None;
    let mut registry = None;
    let mut from_stdin = false;
    let mut i = 0;
    while i < args.len() {
        match (args[i], args.get(i + 1)) {
            ("-u" | "--username", Some(v)) => {
                user = Some(*v);
                i += 1;
            }
            ("-p" | "--password", Some(v)) => {
                password = Some((*v).to_owned());
                i += 1;
            }
            ("--password-stdin", _) => from_stdin = true,
            (other, _) if !other.starts_with('-') && registry.is_none() => registry = Some(other),
            (other, _) => return usage(&format!("docker login: unexpected '{other}'")),
        }
        i += 1;
    }
    if from_stdin {
        match stdin {
            Some(text) => password = Some(text.trim_end_matches(['\n', '\r']).to_owned()),
            None => {
                return usage(
                    "--password-stdin reads the password from a pipe: aws ecr get-login-password | docker login --username AWS --password-stdin REGISTRY",
                );
            }
        }
    }
    let (Some(user), Some(password), Some(registry)) = (user, password, registry) else {
        return usage("docker login needs --username, a password and the registry");
    };
    apply(
        sim,
        Docker::Login {
            registry: registry.to_owned(),
            username: user.to_owned(),
            password,
        },
    )
}

/// `aws ecr get-login-password`: an AWS CLI command (not an API action)
/// that calls GetAuthorizationToken and prints the password inside.
pub fn get_login_password(sim: &mut Sim) -> Outcome {
    let result = Command::from_json(Service::Ecr, "GetAuthorizationToken", Value::Null)
        .and_then(|command| sim.apply(Input::Api(command)).api());
    match result {
        Ok(response) => {
            let body = response.to_json();
            let password = body["authorizationData"][0]["authorizationToken"]
                .as_str()
                .and_then(stevedore_engine::ecr::auth::decode_authorization_token)
                .map(|(_, password)| password);
            match password {
                Some(password) => Outcome {
                    stdout: format!("{password}\n"),
                    operation: Some("GetAuthorizationToken"),
                    ..Outcome::default()
                },
                None => Outcome {
                    stderr: "aws: error: the authorization token could not be decoded\n".to_owned(),
                    exit_code: exit::SERVICE,
                    ..Outcome::default()
                },
            }
        }
        Err(error) => Outcome {
            stderr: format!(
                "\nAn error occurred ({}) when calling the GetAuthorizationToken operation: {}\n",
                error.code, error.message
            ),
            exit_code: exit::SERVICE,
            operation: Some("GetAuthorizationToken"),
            error: Some((error.code.to_string(), error.message)),
            ..Outcome::default()
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::SimConfig;

    #[test]
    fn login_build_tag_push_pull() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let w = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
        assert!(crate::run(&mut sim, "aws ecr create-repository --repository-name app").is_ok());
        let out = run(
            &mut sim,
            &w("build -t app:1 --from nginx:alpine --size-mb 3 ."),
            None,
        );
        assert!(out.is_ok(), "{}", out.stderr);
        let out = run(&mut sim, &w(&format!("tag app:1 {registry}/app:1")), None);
        assert!(out.is_ok(), "{}", out.stderr);
        // Not logged in yet: docker's own refusal.
        let out = run(&mut sim, &w(&format!("push {registry}/app:1")), None);
        assert_eq!(out.exit_code, DOCKER_FAILED);
        let password = get_login_password(&mut sim).stdout;
        let out = run(
            &mut sim,
            &w(&format!("login --username AWS --password-stdin {registry}")),
            Some(&password),
        );
        assert_eq!(out.stdout, "Login Succeeded\n");
        let out = run(&mut sim, &w(&format!("push {registry}/app:1")), None);
        assert!(out.is_ok(), "{}", out.stderr);
        let out = run(&mut sim, &w("images"), None);
        assert!(out.stdout.contains("app:1"), "{}", out.stdout);
        for bad in [
            "build -t app:2",
            "build --from nginx:alpine",
            "build -t app:2 --from nginx:alpine --size-mb lots",
            "login --username AWS --password-stdin r",
            "login --username AWS",
            "launch",
            "push",
        ] {
            let out = run(&mut sim, &w(bad), None);
            assert_eq!(out.exit_code, DOCKER_FAILED, "{bad}");
            assert!(!out.stderr.is_empty(), "{bad}");
        }
    }
}
