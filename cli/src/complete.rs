//! Tab completion for the sandbox's command line: services, operations,
//! options and enum values, from the same tables the parser uses.

use crate::model;
use stevedore_engine::Service;

/// What can replace the word under the cursor (the end of the line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// Full words that fit, sorted.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line with the word completed as far as all candidates agree
    /// (plus a space when there is exactly one).
    pub fn apply(&self, line: &str) -> String {
        let Some(first) = self.candidates.first() else {
            return line.to_owned();
        };
        let mut common = first.clone();
        for c in &self.candidates[1..] {
            let n = common
                .chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum();
            common.truncate(n);
        }
        let head = line.get(..self.start).unwrap_or(line);
        let typed = line.get(self.start..).unwrap_or("");
        if common.len() < typed.len() {
            return line.to_owned();
        }
        let space = if self.candidates.len() == 1 { " " } else { "" };
        format!("{head}{common}{space}")
    }
}

const GLOBALS: &[&str] = &["--no-paginate", "--output", "--query", "--region"];
const SIM: &[&str] = &[
    "advance", "cost", "fault", "help", "pause", "reset", "resume", "seed", "speed", "step",
    "time", "undo",
];
/// `sim fault …` kinds ([`stevedore_engine::Fault::parse`]).
const FAULTS: &[&str] = stevedore_engine::Fault::NAMES;

/// The options of `op` not yet on the line: those the simulator models, the
/// paging options of a paginated operation, `--cli-input-json` and the
/// global options.
fn options(op: &model::Operation, rest: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = op
        .params
        .iter()
        .filter(|p| op.is_modelled(p))
        .map(|p| p.option.to_owned())
        .collect();
    if op.paginator.is_some() {
        v.extend(["--max-items", "--page-size", "--starting-token"].map(String::from));
    }
    v.push("--cli-input-json".into());
    v.extend(GLOBALS.iter().map(|g| (*g).to_owned()));
    // Options already on the line are not offered again.
    v.retain(|o| !rest.contains(&o.as_str()));
    v
}

/// Completions for the last word of `line`: commands, services, operations,
/// the options of the operation being typed, and the enum values (from the
/// botocore model) of the option before the cursor.
pub fn complete(line: &str) -> Completion {
    let start = line.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    let current = &line[start..];
    let before: Vec<&str> = line[..start].split_whitespace().collect();
    let mut options: Vec<String> = match before.as_slice() {
        [] => vec!["aws".into(), "curl".into(), "docker".into(), "sim".into()],
        ["curl", ..] => [
            "--connect-timeout",
            "--fail",
            "--head",
            "--help",
            "--include",
            "--max-time",
            "--output",
            "--show-error",
            "--silent",
            "--verbose",
            "--write-out",
        ]
        .map(String::from)
        .to_vec(),
        ["sim"] => SIM.iter().map(|s| (*s).to_owned()).collect(),
        ["sim", "fault"] => FAULTS.iter().map(|s| (*s).to_owned()).collect(),
        ["docker"] => ["build", "images", "login", "pull", "push", "tag"]
            .map(String::from)
            .to_vec(),
        ["aws"] => {
            let mut v: Vec<String> = Service::simulated()
                .map(|s| s.cli_name().to_owned())
                .collect();
            v.push("help".into());
            v
        }
        ["aws", service] => match Service::from_cli_name(service) {
            Some(svc) => {
                let mut v: Vec<String> = model::operations_of(svc)
                    .map(|o| o.cli_name.to_owned())
                    .collect();
                v.push("help".into());
                v
            }
            None => Vec::new(),
        },
        [.., "--output"] => vec!["json".into(), "table".into(), "text".into()],
        ["aws", service, operation, rest @ ..] => {
            let op = Service::from_cli_name(service).and_then(|s| model::find(s, operation));
            match op {
                Some(op) => {
                    // The option the word under the cursor is a value of:
                    // the last one on the line, if the word is right after
                    // it or the option takes a list.
                    let last = rest.iter().rev().find(|w| w.starts_with("--")).copied();
                    let param = last
                        .and_then(|o| op.param(o))
                        .filter(|p| !p.shape.is_boolean());
                    let right_after = last.is_some() && rest.last().copied() == last;
                    let mut v: Vec<String> = Vec::new();
                    if let Some(p) = param
                        && !current.starts_with('-')
                        && (right_after || matches!(p.shape, model::Shape::List { .. }))
                    {
                        v.extend(p.shape.enum_values().iter().map(|s| (*s).to_owned()));
                    }
                    let value_expected = param.is_some() && right_after;
                    if current.starts_with('-') || (current.is_empty() && !value_expected) {
                        v.extend(options(op, rest));
                    }
                    v
                }
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    options.retain(|o| o.starts_with(current));
    options.sort();
    options.dedup();
    Completion {
        start,
        candidates: options,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn completes_commands_services_operations_and_options() {
        assert_eq!(complete("").candidates, ["aws", "curl", "docker", "sim"]);
        assert_eq!(complete("curl --m").candidates, ["--max-time"]);
        assert_eq!(complete("cu").apply("cu"), "curl ");
        assert_eq!(complete("docker pu").candidates, ["pull", "push"]);
        assert_eq!(complete("a").apply("a"), "aws ");
        assert_eq!(complete("aws ec").candidates, ["ec2", "ecr", "ecs"]);
        assert_eq!(complete("aws ecs").candidates, ["ecs"]);
        assert_eq!(
            complete("aws ecs ").candidates.first().unwrap(),
            "create-capacity-provider"
        );
        // Several fit: the line grows only as far as they agree.
        let de = complete("aws ecs de").candidates;
        assert!(
            de.contains(&"delete-cluster".to_owned())
                && de.contains(&"describe-clusters".to_owned())
        );
        assert!(de.iter().all(|c| c.starts_with("de")));
        assert_eq!(complete("aws ecs de").apply("aws ecs de"), "aws ecs de");
        assert_eq!(
            complete("aws ecs describe-cl").apply("aws ecs describe-cl"),
            "aws ecs describe-clusters "
        );
        assert_eq!(
            complete("aws ecs delete-cl").apply("aws ecs delete-cl"),
            "aws ecs delete-cluster "
        );
        let c = complete("aws ecs create-cluster --cluster-name x --");
        assert!(c.candidates.contains(&"--tags".to_owned()));
        assert!(!c.candidates.contains(&"--cluster-name".to_owned()));
        // Options the simulator refuses are not offered.
        assert!(!c.candidates.contains(&"--configuration".to_owned()));
        assert!(c.candidates.contains(&"--capacity-providers".to_owned()));
        assert_eq!(
            complete("aws ecs list-clusters --p").candidates,
            ["--page-size"]
        );
        assert_eq!(
            complete("aws ecs list-clusters --output t").candidates,
            ["table", "text"]
        );
        assert_eq!(complete("sim ad").apply("sim ad"), "sim advance ");
        assert_eq!(
            complete("sim fault ki").apply("sim fault ki"),
            "sim fault kill-task "
        );
        assert_eq!(complete("sim fault lo").candidates, ["lose-az"]);
        assert!(complete("aws nope ").candidates.is_empty());
        assert!(complete("aws ecs nope --").candidates.is_empty());
        assert!(complete("ls ").candidates.is_empty());
    }

    #[test]
    fn completes_option_names_and_enum_values_from_the_model() {
        assert_eq!(
            complete("aws ecs create-service --de").candidates,
            ["--deployment-configuration", "--desired-count"]
        );
        assert_eq!(
            complete("aws ecs create-service --launch-type F").candidates,
            ["FARGATE"]
        );
        assert_eq!(
            complete("aws ecs create-service --launch-type F")
                .apply("aws ecs create-service --launch-type F"),
            "aws ecs create-service --launch-type FARGATE "
        );
        // Right after the option: every value, and no option names.
        let c = complete("aws ecs run-task --launch-type ").candidates;
        assert!(
            c.contains(&"EC2".to_owned()) && c.contains(&"FARGATE".to_owned()),
            "{c:?}"
        );
        assert!(c.iter().all(|v| !v.starts_with('-')), "{c:?}");
        // After the value, options again.
        let c = complete("aws ecs run-task --launch-type FARGATE ").candidates;
        assert!(c.contains(&"--cluster".to_owned()), "{c:?}");
        assert!(!c.contains(&"--launch-type".to_owned()), "{c:?}");
        // Lists of enum strings take several.
        assert_eq!(
            complete("aws ecs describe-clusters --include TAGS S").candidates,
            ["SETTINGS", "STATISTICS"]
        );
        // A string without an enum has nothing to offer; neither has a flag.
        assert!(
            complete("aws ecs create-cluster --cluster-name d")
                .candidates
                .is_empty()
        );
        assert_eq!(
            complete("aws ecs update-service --force-new-deployment --s").candidates,
            ["--service"]
        );
        assert_eq!(
            complete("aws ecs list-tasks --desired-status ST").candidates,
            ["STOPPED"]
        );
    }

    #[test]
    fn never_panics_on_odd_lines() {
        for line in [
            "   ",
            "aws  ",
            "é",
            "aws ecs \u{e9}",
            "aws\t",
            "sim  x y z",
            "--",
        ] {
            let c = complete(line);
            let _ = c.apply(line);
        }
    }
}
