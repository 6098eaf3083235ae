//! `stevedore run FILE`: a script of command lines run one after another on
//! one simulated account.
//!
//! - Blank lines and lines starting with `#` are skipped.
//! - `aws …` and `sim …` lines run through `stevedore_cli::run`, exactly as
//!   the sandbox runs them.
//! - A line that is meant to fail ends with a marker:
//!   `aws ecs delete-cluster --cluster nope  # expect-error: ClusterNotFoundException`
//!   (the code is the AWS error code, or `UsageError` for a command-line
//!   mistake; `# expect-error` alone accepts any failure). A marked line
//!   that succeeds, or fails with another code, is a mismatch.
//! - A line ending in `\` continues on the next line; a command the
//!   shell reads as unfinished (a here-document, an open quote or `$(`)
//!   takes the lines that complete it.
//! - One shell runs the whole script (`stevedore_cli::shell::Shell`), so
//!   variables set on one line are there on the next.
//!
//! The run fails (exit status 1) if any line fails unexpectedly or
//! mismatches its marker.

use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use stevedore_cli::Outcome;
pub use stevedore_cli::script::{EXPECT_ERROR, Step, error_code, judge, parse};
use stevedore_cli::shell::Shell;
use stevedore_engine::Sim;

/// The message of a failed outcome (AWS's message, or the CLI's text).
fn error_message(outcome: &Outcome) -> String {
    match &outcome.error {
        Some((_, message)) => message.clone(),
        None => outcome.stderr.trim().to_owned(),
    }
}

/// What one step did.
#[derive(Debug, Clone)]
pub struct StepResult {
    pub step: Step,
    pub outcome: Outcome,
    /// Why the step counts as a failure of the script, if it does.
    pub problem: Option<String>,
}

impl StepResult {
    /// The `--json` line: `{"line", "command", "output"}` (the full
    /// response body, before `--query`) or
    /// `{"line", "command", "error": {"code", "message"}}`, then `stdout`
    /// (what the line printed), `expectedError` when the line had a marker
    /// and `mismatch` when the script fails because of this line.
    pub fn to_json(&self, sim_time_ms: u64) -> Value {
        let mut map = Map::new();
        map.insert("line".into(), json!(self.step.line));
        map.insert("command".into(), json!(self.step.command));
        match error_code(&self.outcome) {
            None => {
                let output = match &self.outcome.response {
                    Some(body) => body.clone(),
                    // `sim` lines and help: what they printed.
                    None => json!({"text": self.outcome.stdout, "simTimeMs": sim_time_ms}),
                };
                map.insert("output".into(), output);
            }
            Some(code) => {
                map.insert(
                    "error".into(),
                    json!({"code": code, "message": error_message(&self.outcome)}),
                );
            }
        }
        // Exactly what the line printed (after --query and --output).
        map.insert("stdout".into(), json!(self.outcome.stdout));
        if let Some(expected) = &self.step.expect_error {
            map.insert(
                "expectedError".into(),
                expected.as_ref().map_or(json!("any"), |c| json!(c)),
            );
        }
        if let Some(problem) = &self.problem {
            map.insert("mismatch".into(), json!(problem));
        }
        Value::Object(map)
    }
}

/// The events one step caused: the engine's events and the EventBridge
/// events, in order, drained from the account's outboxes, and the service
/// events (DescribeServices' `events`) it added.
#[derive(Debug, Clone, Default)]
pub struct Caused {
    pub events: Vec<stevedore_engine::Event>,
    pub eventbridge: Vec<stevedore_engine::EventBridgeEvent>,
    /// (service ARN, simulated time in ms, event id, message), oldest first.
    pub service_events: Vec<(String, u64, String, String)>,
}

/// The ids of the service events an account holds now (to tell, after a
/// step, which ones it added: [`Caused::drain`]).
pub fn service_event_ids(sim: &Sim) -> BTreeSet<String> {
    sim.service_events()
        .into_iter()
        .map(|(_, _, id, _)| id.to_owned())
        .collect()
}

impl Caused {
    /// Takes what the outboxes hold now, and the service events that are
    /// not among `before` ([`service_event_ids`] before the step).
    pub fn drain(sim: &mut Sim, before: &BTreeSet<String>) -> Caused {
        let service_events = sim
            .service_events()
            .into_iter()
            .filter(|(_, _, id, _)| !before.contains(*id))
            .map(|(arn, at, id, message)| (arn.to_owned(), at.0, id.to_owned(), message.to_owned()))
            .collect();
        Caused {
            events: sim.drain_events(),
            eventbridge: sim.drain_eventbridge_events(),
            service_events,
        }
    }

    /// Adds `events` (each `{"seq", "time", "type", …}` as the engine
    /// spells it), `serviceEvents` (`{"serviceArn", "time", "id",
    /// "message"}`) and `eventbridge` (AWS's event JSON) to a `--json`
    /// line.
    pub fn add_to(&self, line: &mut Value) {
        if let Value::Object(map) = line {
            map.insert(
                "events".into(),
                serde_json::to_value(&self.events).unwrap_or_default(),
            );
            map.insert(
                "serviceEvents".into(),
                Value::Array(
                    self.service_events
                        .iter()
                        .map(|(arn, at, id, message)| {
                            json!({"serviceArn": arn, "time": at, "id": id, "message": message})
                        })
                        .collect(),
                ),
            );
            map.insert(
                "eventbridge".into(),
                Value::Array(self.eventbridge.iter().map(|e| e.to_json()).collect()),
            );
        }
    }
}

/// Runs one step in `shell` (variables carry from step to step) and
/// judges it against its marker.
pub fn run_step(shell: &mut Shell, sim: &mut Sim, step: &Step) -> StepResult {
    let outcome = shell.run(sim, &step.command);
    let problem = judge(step, &outcome);
    StepResult {
        step: step.clone(),
        outcome,
        problem,
    }
}

/// Runs a whole script; the results in order.
pub fn run_all(sim: &mut Sim, steps: &[Step]) -> Vec<StepResult> {
    let mut shell = Shell::new();
    steps
        .iter()
        .map(|step| run_step(&mut shell, sim, step))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::SimConfig;

    #[test]
    fn parses_comments_markers_and_continuations() {
        let steps = parse(
            "# a comment\n\naws ecs create-cluster \\\n  --cluster-name demo\naws ecs delete-cluster --cluster x # expect-error: ClusterNotFoundException\naws nope # expect-error\n",
        )
        .unwrap();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[0].line, 3);
        assert_eq!(
            steps[0].command,
            "aws ecs create-cluster --cluster-name demo"
        );
        assert_eq!(steps[0].expect_error, None);
        assert_eq!(steps[1].command, "aws ecs delete-cluster --cluster x");
        assert_eq!(
            steps[1].expect_error,
            Some(Some("ClusterNotFoundException".into()))
        );
        assert_eq!(steps[2].expect_error, Some(None));
        assert!(parse("aws x # expect-error: not a code").is_err());
        assert!(parse("aws x # expect-errors").is_err());
        assert!(parse("aws x \\").is_err());
    }

    #[test]
    fn judges_each_line_against_its_marker() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let steps = parse(
            "aws ecs create-cluster --cluster-name demo\n\
             aws ecs delete-cluster --cluster nope # expect-error: ClusterNotFoundException\n\
             aws ecs delete-cluster --cluster nope # expect-error: InvalidParameterException\n\
             aws ecs list-clusters # expect-error\n\
             aws ecs nope-op # expect-error: UsageError\n\
             aws ecs delete-cluster --cluster nope\n",
        )
        .unwrap();
        let results = run_all(&mut sim, &steps);
        let problems: Vec<Option<&str>> = results.iter().map(|r| r.problem.as_deref()).collect();
        assert_eq!(
            problems,
            [
                None,
                None,
                Some("expected InvalidParameterException, got ClusterNotFoundException"),
                Some("expected an error, but it succeeded"),
                None,
                Some("failed unexpectedly with ClusterNotFoundException"),
            ]
        );
        let line = results[1].to_json(0);
        assert_eq!(line["error"]["code"], "ClusterNotFoundException");
        assert_eq!(line["expectedError"], "ClusterNotFoundException");
        assert!(line.get("mismatch").is_none());
        assert_eq!(
            results[0].to_json(0)["output"]["cluster"]["clusterName"],
            "demo"
        );
    }
}
