//! The one owner of the simulator. Every page reaches the [`Sim`] through
//! the [`SimHandle`] in context: commands and command lines go in through it,
//! and its [`View`] and activity log come out as signals.

use leptos::prelude::*;
use stevedore_cli::Outcome;
use stevedore_engine::{ApiError, Command, Response, Sim, SimConfig, View};

/// One line of the sandbox's activity log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub id: u64,
    /// What was run, as a command line (forms log their CLI equivalent).
    pub command: String,
    /// What the AWS CLI would print: stdout, then stderr.
    pub output: String,
    pub ok: bool,
    /// `true` when a form ran the command.
    pub from_form: bool,
}

#[derive(Clone, Copy)]
pub struct SimHandle {
    sim: StoredValue<Sim>,
    view: RwSignal<View>,
    log: RwSignal<Vec<LogEntry>>,
    next_id: StoredValue<u64>,
}

impl SimHandle {
    pub fn new(config: SimConfig) -> Self {
        // The built-in configs are valid; an invalid one is a bug.
        let sim = Sim::new(config).expect("valid simulator config");
        SimHandle {
            view: RwSignal::new(sim.view()),
            sim: StoredValue::new(sim),
            log: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }

    /// Creates the simulator and puts its handle in context for the app.
    pub fn provide() -> Self {
        let handle = SimHandle::new(SimConfig::default());
        provide_context(handle);
        handle
    }

    /// The handle provided by [`SimHandle::provide`].
    pub fn expect() -> Self {
        expect_context::<SimHandle>()
    }

    /// The account as it is now.
    pub fn view(&self) -> ReadSignal<View> {
        self.view.read_only()
    }

    pub fn log(&self) -> ReadSignal<Vec<LogEntry>> {
        self.log.read_only()
    }

    /// Runs a line of AWS CLI syntax and logs it.
    pub fn run_line(&self, line: &str) -> Outcome {
        let outcome = self
            .sim
            .try_update_value(|sim| stevedore_cli::run(sim, line))
            .unwrap_or_default();
        self.refresh();
        self.push_log(
            line.to_owned(),
            format!("{}{}", outcome.stdout, outcome.stderr),
            outcome.is_ok(),
            false,
        );
        outcome
    }

    /// Runs an engine command from a form, logging `cli_equivalent` with the
    /// output the AWS CLI would print for it.
    pub fn execute(&self, command: Command, cli_equivalent: String) -> Result<Response, ApiError> {
        let operation = command.operation();
        let result = self
            .sim
            .try_update_value(|sim| sim.execute(command))
            .unwrap_or_else(|| {
                Err(ApiError::new(
                    stevedore_engine::ErrorCode::ClientException,
                    "The simulator is gone.",
                ))
            });
        self.refresh();
        let (output, ok) = match &result {
            Ok(response) => (
                format!("{}\n", stevedore_cli::to_aws_json(&response.to_json())),
                true,
            ),
            Err(e) => (
                format!(
                    "\nAn error occurred ({}) when calling the {operation} operation: {}\n",
                    e.code, e.message
                ),
                false,
            ),
        };
        self.push_log(cli_equivalent, output, ok, true);
        result
    }

    fn refresh(&self) {
        if let Some(view) = self.sim.try_with_value(Sim::view) {
            self.view.set(view);
        }
        // Events feed the sandbox's event list in a later slice; drain them
        // so they do not pile up.
        self.sim.update_value(|sim| {
            sim.drain_events();
        });
    }

    fn push_log(&self, command: String, output: String, ok: bool, from_form: bool) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.log.update(|log| {
            log.push(LogEntry {
                id,
                command,
                output,
                ok,
                from_form,
            });
            // Keep the log bounded: the sandbox shows recent work.
            if log.len() > 200 {
                log.remove(0);
            }
        });
    }
}

/// Quotes a word for a POSIX-like command line, only when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(shell_quote("demo-1"), "demo-1");
        assert_eq!(shell_quote("bad name!"), "'bad name!'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        // What it quotes, the command line reads back as one word.
        for word in ["bad name!", "it's", "", "a\"b"] {
            assert_eq!(
                stevedore_cli::shell::split(&shell_quote(word)),
                Ok(vec![word.to_owned()])
            );
        }
    }
}
