//! The journal: an account's config (seed, account, region, start instant)
//! and every [`Input`] applied to it, each with the simulated time it was
//! applied at. [`Sim::apply`] records into the account's own journal
//! ([`Sim::journal`]); [`Journal::replay`] runs it on a fresh [`Sim`] and
//! gives the same state and the same events (the engine is deterministic:
//! same config + same inputs → same trace). The sandbox keeps it to survive
//! a reload and to share a link; undo ([`Sim::undo`]) replays all but the
//! last change.
//!
//! ## Text form (format version 1)
//! ```text
//! stevedore-journal 1
//! config {"seed":0,"accountId":"123456789012","region":"us-east-1","startEpochMs":1767225600000}
//! ecs CreateCluster {"clusterName":"demo"}
//! advance 90000
//! fault {"fault":"kill-task","task":"0a1b…","exitCode":1}
//! docker {"docker":"pull","image":"nginx:1.27"}
//! write ["task.json","{\"family\": \"web\"}\n"]
//! rm "task.json"
//! ```
//! One input per line after the header: an API action as `<service>
//! <Operation> <AWS JSON input>`, `advance <ms>`, a fault or Docker
//! command, a file written or removed, as compact JSON, so no value can
//! break a line. Each entry's
//! time is not written: it is the sum of the advances before it (a step to
//! the next timer is recorded as the advance it amounted to).
//! [`Journal::parse`] reads the whole text before anything is applied and
//! refuses, with the line and the reason, a text that is not a journal, a
//! format version other than [`FORMAT_VERSION`] (a newer one says so), or
//! any malformed line: a journal is never half-applied.

use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::input::Input;
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};
use std::fmt;

/// The journal format this engine writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The first word of a journal's text.
pub const MAGIC: &str = "stevedore-journal";

/// One input and when it was applied.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub at: SimTime,
    pub input: Input,
}

/// A config and the inputs applied to it, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    config: SimConfig,
    entries: Vec<JournalEntry>,
}

/// Why a journal could not be read or replayed. `line` is 1-based in the
/// text ([`Journal::parse`]); for a replay it is the entry's line in
/// [`Journal::to_text`] (entry `i` is on line `i + 3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "journal line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for JournalError {}

/// The line of entry `index` in the text form (after the two header lines).
const fn entry_line(index: usize) -> usize {
    index + 3
}

impl Journal {
    /// An empty journal of an account made from `config`.
    pub fn new(config: SimConfig) -> Journal {
        Journal {
            config,
            entries: Vec::new(),
        }
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records an input applied at `at`. An [`Input::Advance`] right after
    /// another is merged into it: advancing by `a` then `b` is advancing by
    /// `a + b` (timers fire in the same order either way), so a sandbox's
    /// wall-clock ticks make one entry between two commands.
    pub(crate) fn record(&mut self, at: SimTime, input: Input) {
        if let Input::Advance(more) = input
            && let Some(JournalEntry {
                input: Input::Advance(by),
                ..
            }) = self.entries.last_mut()
        {
            *by = SimDuration(by.0.saturating_add(more.0));
            return;
        }
        self.entries.push(JournalEntry { at, input });
    }

    /// The first `n` entries (all of them when `n` is larger).
    pub fn truncated(&self, n: usize) -> Journal {
        Journal {
            config: self.config.clone(),
            entries: self.entries[..n.min(self.entries.len())].to_vec(),
        }
    }

    /// The index of the last entry that can change the account and is not
    /// only time ([`Input::changes_account`], [`Input::is_time`]): what an
    /// undo takes back.
    pub fn last_change(&self) -> Option<usize> {
        self.entries
            .iter()
            .rposition(|e| e.input.changes_account() && !e.input.is_time())
    }

    /// Runs every entry on a fresh [`Sim`] made from the config. Each entry
    /// must come at the simulated time it was recorded at (the time the
    /// entries before it lead to); a journal edited by hand that does not
    /// is refused at the first entry that is off, naming it.
    pub fn replay(&self) -> Result<Sim, JournalError> {
        let mut sim = Sim::new(self.config.clone()).map_err(|e| JournalError {
            line: 2,
            message: format!("the journal's config is not valid: {}", e.message),
        })?;
        for (i, entry) in self.entries.iter().enumerate() {
            if sim.now() != entry.at {
                return Err(JournalError {
                    line: entry_line(i),
                    message: format!(
                        "this input was recorded at {} ms but the inputs before it lead to {} ms; the journal has been changed.",
                        entry.at.0,
                        sim.now().0
                    ),
                });
            }
            sim.apply(entry.input.clone());
        }
        Ok(sim)
    }

    /// The text form (see the module docs).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{MAGIC} {FORMAT_VERSION}\nconfig {}\n",
            serde_json::to_string(&self.config).unwrap_or_default()
        );
        for entry in &self.entries {
            write_input(&mut out, &entry.input);
            out.push('\n');
        }
        out
    }

    /// Reads the text form, all of it, before anything is applied.
    pub fn parse(text: &str) -> Result<Journal, JournalError> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default().trim();
        let version = header
            .strip_prefix(MAGIC)
            .map(str::trim)
            .ok_or_else(|| JournalError {
                line: 1,
                message: format!(
                    "this is not a Stevedore journal (it should start with '{MAGIC} {FORMAT_VERSION}')."
                ),
            })?;
        match version.parse::<u32>() {
            Ok(FORMAT_VERSION) => {}
            Ok(v) if v > FORMAT_VERSION => {
                return Err(JournalError {
                    line: 1,
                    message: format!(
                        "this journal was written by a newer Stevedore (format {v}); this one reads format {FORMAT_VERSION}. Open it with the newer version, or start a fresh account."
                    ),
                });
            }
            _ => {
                return Err(JournalError {
                    line: 1,
                    message: format!(
                        "unknown journal format '{version}'; this Stevedore reads format {FORMAT_VERSION}."
                    ),
                });
            }
        }
        let config_line = lines.next().unwrap_or_default();
        let config: SimConfig = config_line
            .strip_prefix("config ")
            .ok_or_else(|| "the second line should be 'config {…}'".to_owned())
            .and_then(|json| {
                serde_json::from_str(json).map_err(|e| format!("the config is not valid: {e}"))
            })
            .and_then(|c: SimConfig| {
                c.validate()
                    .map(|()| c)
                    .map_err(|e| format!("the config is not valid: {}", e.message))
            })
            .map_err(|message| JournalError { line: 2, message })?;
        let mut entries = Vec::new();
        let mut at = SimTime::ZERO;
        for (i, line) in lines.enumerate() {
            let number = i + 3;
            if line.trim().is_empty() {
                continue;
            }
            let input = read_input(line).map_err(|message| JournalError {
                line: number,
                message,
            })?;
            let next = match &input {
                Input::Advance(by) => at.0.checked_add(by.0).map(SimTime),
                _ => Some(at),
            };
            entries.push(JournalEntry { at, input });
            at = next.ok_or_else(|| JournalError {
                line: number,
                message: "simulated time would pass the end of time.".to_owned(),
            })?;
        }
        Ok(Journal { config, entries })
    }
}

fn write_input(out: &mut String, input: &Input) {
    match input {
        Input::Api(command) => {
            out.push_str(command.service().cli_name());
            out.push(' ');
            out.push_str(command.operation());
            out.push(' ');
            out.push_str(&command.input_json().to_string());
        }
        Input::Advance(d) => {
            out.push_str("advance ");
            out.push_str(&d.0.to_string());
        }
        Input::StepToNextTimer => out.push_str("step"),
        Input::Fault(fault) => {
            out.push_str("fault ");
            out.push_str(&json(fault));
        }
        Input::Docker(docker) => {
            out.push_str("docker ");
            out.push_str(&json(docker));
        }
        Input::Probe(probe) => {
            out.push_str("probe ");
            out.push_str(&json(probe));
        }
        Input::WriteFile { path, contents } => {
            out.push_str("write ");
            out.push_str(&json(&(path, contents)));
        }
        Input::RemoveFile { path } => {
            out.push_str("rm ");
            out.push_str(&json(path));
        }
        Input::Traffic(t) => {
            out.push_str("traffic ");
            out.push_str(&json(t));
        }
        Input::Load(l) => {
            out.push_str("load ");
            out.push_str(&json(l));
        }
        Input::Produce(p) => {
            out.push_str("produce ");
            out.push_str(&json(p));
        }
    }
}

/// Compact JSON of the serializable parts of an input.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn read_input(line: &str) -> Result<Input, String> {
    let rest = line.trim_end();
    let (kind, data) = rest.split_once(' ').unwrap_or((rest, ""));
    let parse = |what: &str| -> Result<serde_json::Value, String> {
        serde_json::from_str(data).map_err(|e| format!("the {what} is not valid JSON: {e}"))
    };
    let input = match kind {
        "advance" => Input::Advance(SimDuration(
            data.parse()
                .map_err(|_| format!("'{data}' is not a duration in milliseconds."))?,
        )),
        "fault" => Input::Fault(
            crate::base::json::from_value(parse("fault")?)
                .map_err(|e| format!("not a fault: {e}"))?,
        ),
        "docker" => Input::Docker(
            crate::base::json::from_value(parse("docker command")?)
                .map_err(|e| format!("not a docker command: {e}"))?,
        ),
        "probe" => Input::Probe(
            crate::base::json::from_value(parse("probe")?)
                .map_err(|e| format!("not a probe: {e}"))?,
        ),
        "write" => {
            let (path, contents): (String, String) = crate::base::json::from_value(parse("file")?)
                .map_err(|e| format!("not a file write: {e}"))?;
            Input::WriteFile { path, contents }
        }
        "traffic" => Input::Traffic(
            crate::base::json::from_value(parse("traffic")?)
                .map_err(|e| format!("not traffic: {e}"))?,
        ),
        "load" => Input::Load(
            crate::base::json::from_value(parse("load")?)
                .map_err(|e| format!("not a load: {e}"))?,
        ),
        "produce" => Input::Produce(
            crate::base::json::from_value(parse("produce")?)
                .map_err(|e| format!("not a produce: {e}"))?,
        ),
        "rm" => Input::RemoveFile {
            path: crate::base::json::from_value(parse("path")?)
                .map_err(|e| format!("not a path: {e}"))?,
        },
        "step" => {
            return Err("a journal records steps as the advance they amounted to.".to_owned());
        }
        service => {
            let service = Service::from_cli_name(service)
                .ok_or_else(|| format!("'{service}' is not an input this journal format knows."))?;
            let (operation, json) = data.split_once(' ').unwrap_or((data, "null"));
            let input = serde_json::from_str(json)
                .map_err(|e| format!("the {operation} input is not valid JSON: {e}"))?;
            Input::Api(Command::from_json(service, operation, input).map_err(|e| e.to_string())?)
        }
    };
    Ok(input)
}

impl Sim {
    /// Every input applied to this account so far.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The account as it was just before its last change
    /// ([`Journal::last_change`]), rebuilt by replaying the journal up to
    /// it, and the input taken back; `None` when nothing has changed it.
    /// Time goes back too, to when that input was applied. Costs a replay
    /// of the entries before it (see `bench` for figures).
    pub fn undo(&self) -> Option<Result<(Sim, Input), JournalError>> {
        let index = self.journal.last_change()?;
        let input = self.journal.entries[index].input.clone();
        Some(
            self.journal
                .truncated(index)
                .replay()
                .map(|sim| (sim, input)),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::faults::Fault;
    use serde_json::json;

    fn api(op: &str, input: serde_json::Value) -> Input {
        let service = if op.contains("Vpc") {
            Service::Ec2
        } else {
            Service::Ecs
        };
        Input::Api(Command::from_json(service, op, input).unwrap())
    }

    fn sample() -> Sim {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        sim.apply(api("CreateCluster", json!({"clusterName": "a"})));
        sim.apply(api("ListClusters", json!({})));
        sim.apply(Input::Advance(SimDuration(1000)));
        sim.apply(Input::Advance(SimDuration(500)));
        sim.apply(api("CreateCluster", json!({"clusterName": "a b"})));
        sim.apply(Input::Fault(Fault::LoseAz {
            az: "us-east-1b".into(),
        }));
        sim.apply(Input::StepToNextTimer);
        sim
    }

    #[test]
    fn records_changes_merges_advances_and_skips_reads() {
        let sim = sample();
        let kinds: Vec<String> = sim
            .journal()
            .entries()
            .iter()
            .map(|e| format!("{} {}", e.at.0, e.input.describe()))
            .collect();
        assert_eq!(
            kinds,
            [
                "0 ecs CreateCluster {\"clusterName\":\"a\"}",
                "0 advance 1s500ms",
                // Refused (a space in the name), but applied: recorded.
                "1500 ecs CreateCluster {\"clusterName\":\"a b\"}",
                "1500 fault lose-az us-east-1b",
                // Nothing was due: a step of nothing.
                "1500 advance 0s",
            ]
        );
    }

    #[test]
    fn text_round_trips_and_replays() {
        let sim = sample();
        let text = sim.journal().to_text();
        assert!(
            text.starts_with("stevedore-journal 1\nconfig {\"seed\":3,"),
            "{text}"
        );
        let back = Journal::parse(&text).unwrap();
        assert_eq!(&back, sim.journal());
        assert_eq!(
            back.replay().unwrap().state_fingerprint(),
            sim.state_fingerprint()
        );
    }

    #[test]
    fn bad_texts_are_refused_whole_with_the_line() {
        let good = sample().journal().to_text();
        let with_line = |n: usize, line: &str| -> String {
            let mut lines: Vec<&str> = good.lines().collect();
            lines.insert(n, line);
            lines.join("\n")
        };
        let cases: Vec<(String, usize, &str)> = vec![
            ("hello".into(), 1, "not a Stevedore journal"),
            (String::new(), 1, "not a Stevedore journal"),
            (
                good.replacen(" 1\n", " 2\n", 1),
                1,
                "newer Stevedore (format 2)",
            ),
            (
                good.replacen(" 1\n", " one\n", 1),
                1,
                "unknown journal format 'one'",
            ),
            (
                good.replacen(" 1\n", " 0\n", 1),
                1,
                "unknown journal format '0'",
            ),
            (good.replacen("config ", "konfig ", 1), 2, "second line"),
            (
                good.replacen("\"seed\":3", "\"seed\":-3", 1),
                2,
                "config is not valid",
            ),
            (
                good.replacen("123456789012", "12", 1),
                2,
                "exactly 12 digits",
            ),
            (with_line(3, "advance soon"), 4, "not a duration"),
            (with_line(3, "step"), 4, "advance they amounted to"),
            (
                with_line(3, "rocket Launch {}"),
                4,
                "'rocket' is not an input",
            ),
            (with_line(3, "ecs LaunchRocket {}"), 4, "no operation named"),
            (with_line(3, "ecs CreateCluster {nope"), 4, "not valid JSON"),
            (
                with_line(3, "fault {\"fault\":\"explode\"}"),
                4,
                "not a fault",
            ),
            (
                with_line(3, "docker {\"docker\":\"fly\"}"),
                4,
                "not a docker command",
            ),
            (
                with_line(3, &format!("advance {}", u64::MAX)),
                // The sample's own advance after it overflows.
                5,
                "end of time",
            ),
        ];
        for (text, line, want) in cases {
            let err = Journal::parse(&text).unwrap_err();
            assert_eq!(err.line, line, "{want}: {err}");
            assert!(err.message.contains(want), "{want}: {err}");
        }
    }

    #[test]
    fn undo_goes_back_to_before_the_last_change() {
        let mut sim = sample();
        sim.apply(api("ListClusters", json!({})));
        sim.apply(Input::Advance(SimDuration(60_000)));
        let (before, undone) = sim.undo().unwrap().unwrap();
        assert_eq!(undone.describe(), "fault lose-az us-east-1b");
        assert_eq!(before.now(), SimTime(1500));
        assert!(before.state.faults.lost_azs.is_empty());
        assert_eq!(before.journal().len(), 3);
        // Then the refused CreateCluster, then the first one, then nothing.
        let (before, undone) = before.undo().unwrap().unwrap();
        assert!(undone.describe().contains("a b"), "{}", undone.describe());
        let (before, _) = before.undo().unwrap().unwrap();
        assert!(before.state.clusters.is_empty());
        assert!(before.undo().is_none());
    }
}
