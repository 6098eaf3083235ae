//! The one owner of the simulator. Every page reaches the [`Sim`] through
//! the [`SimHandle`] in context: commands and command lines go in through it,
//! and its [`View`] and activity log come out as signals.

use leptos::prelude::*;
use stevedore_cli::Outcome;
use stevedore_cli::meta::ClockControl;
use stevedore_engine::{
    ApiError, Command, Event, Input, Response, Sim, SimConfig, SimDuration, SimTime, View,
};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// Wall-clock milliseconds (`Date.now()`), for the ticker only: the
    /// engine never reads a clock.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// How many of the latest engine events the handle keeps for the pages.
pub const KEPT_EVENTS: usize = 500;

/// How often the wall-clock ticker moves simulated time.
pub const TICK: std::time::Duration = std::time::Duration::from_millis(250);
/// Most real time one tick makes up for (a tab in the background gets few
/// ticks; it catches up at most this much at once).
const MAX_CATCH_UP_MS: f64 = 10_000.0;

/// The wall clock that drives simulated time in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub paused: bool,
    /// Simulated seconds per real second.
    pub speed: u32,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            paused: false,
            speed: 1,
        }
    }
}

impl Clock {
    /// `T+00:01:30 · ×10` or `… · paused`, for the status line.
    pub fn label(self, now: SimTime) -> String {
        let state = if self.paused {
            "paused".to_owned()
        } else {
            format!("×{}", self.speed)
        };
        format!(
            "{} · {state}",
            stevedore_engine::base::time::elapsed(now.0, false)
        )
    }

    pub fn apply(&mut self, control: ClockControl) {
        match control {
            ClockControl::Pause => self.paused = true,
            ClockControl::Resume => self.paused = false,
            ClockControl::Speed(n) => self.speed = n,
        }
    }
}

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
    /// The command line's shell session (its variables).
    shell: StoredValue<stevedore_cli::shell::Shell>,
    view: RwSignal<View>,
    log: RwSignal<Vec<LogEntry>>,
    /// The latest [`KEPT_EVENTS`] engine events, oldest first.
    events: RwSignal<Vec<Event>>,
    next_id: StoredValue<u64>,
    clock: RwSignal<Clock>,
    now: RwSignal<SimTime>,
    /// `Date.now()` at the last tick.
    last_tick: StoredValue<Option<f64>>,
}

impl SimHandle {
    pub fn new(config: SimConfig) -> Self {
        // The built-in configs are valid; an invalid one is a bug.
        let sim = Sim::new(config).expect("valid simulator config");
        SimHandle {
            view: RwSignal::new(sim.view()),
            sim: StoredValue::new(sim),
            shell: StoredValue::new(stevedore_cli::shell::Shell::new()),
            log: RwSignal::new(Vec::new()),
            events: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            clock: RwSignal::new(Clock::default()),
            now: RwSignal::new(SimTime::ZERO),
            last_tick: StoredValue::new(None),
        }
    }

    /// Creates the simulator and puts its handle in context for the app.
    pub fn provide() -> Self {
        let handle = SimHandle::new(SimConfig::default());
        provide_context(handle);
        handle.start_ticker();
        handle
    }

    /// Moves simulated time with the wall clock every [`TICK`], unless
    /// paused, `speed` times as fast. Stops when the owner is cleaned up.
    fn start_ticker(self) {
        if let Ok(interval) = set_interval_with_handle(move || self.tick(date_now()), TICK) {
            on_cleanup(move || interval.clear());
        }
    }

    /// One tick of the wall clock at `now_ms` (real milliseconds).
    pub fn tick(&self, now_ms: f64) {
        let Some(last) = self.last_tick.try_get_value() else {
            return;
        };
        let _ = self.last_tick.try_set_value(Some(now_ms));
        let Some(clock) = self.clock.try_get_untracked() else {
            return;
        };
        let (Some(last), false) = (last, clock.paused) else {
            return;
        };
        let real = (now_ms - last).clamp(0.0, MAX_CATCH_UP_MS);
        let simulated = (real * f64::from(clock.speed)).round() as u64;
        if simulated > 0 {
            self.advance(SimDuration(simulated));
        }
    }

    /// Moves simulated time (the ticker and `sim advance` both end here).
    pub fn advance(&self, by: SimDuration) {
        let fired = self.sim.try_update_value(|sim| {
            sim.apply(Input::Advance(by))
                .time()
                .is_some_and(|moved| moved.timers_fired > 0)
        });
        match fired {
            // Something happened: redraw the account.
            Some(true) => self.refresh(),
            Some(false) => {
                if let Some(now) = self.sim.try_with_value(Sim::now) {
                    self.now.set(now);
                }
            }
            None => {}
        }
    }

    /// The simulated time, updated every tick.
    pub fn now(&self) -> ReadSignal<SimTime> {
        self.now.read_only()
    }

    /// Paused or running, and how fast.
    pub fn clock(&self) -> ReadSignal<Clock> {
        self.clock.read_only()
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
        let mut shell = self.shell.get_value();
        let (outcome, replaced) = self
            .sim
            .try_update_value(|sim| {
                let before = (sim.journal().len(), sim.config().seed);
                let outcome = shell.run(sim, line);
                // `sim reset`, `sim seed` and `sim undo` put another Sim in
                // its place: a fresh one, or a replay of the journal whose
                // outbox holds the events of its whole history.
                let replaced = sim.journal().len() < before.0 || sim.config().seed != before.1;
                (outcome, replaced)
            })
            .unwrap_or_default();
        self.shell.set_value(shell);
        if replaced {
            self.events.set(Vec::new());
        }
        if let Some(control) = outcome.clock {
            self.clock.update(|c| c.apply(control));
            // Time resumes from now, not from when it was paused.
            self.last_tick.set_value(None);
        }
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
            .try_update_value(|sim| sim.apply(Input::Api(command)).api())
            .unwrap_or_else(|| {
                Err(ApiError::new(
                    stevedore_engine::ErrorCode::ClientException,
                    "The simulator is gone.",
                ))
            });
        self.refresh();
        let (output, ok) = match &result {
            Ok(response) => (
                format!(
                    "{}\n",
                    stevedore_cli::to_aws_json(&stevedore_cli::output::cli_view(
                        &response.to_json()
                    ))
                ),
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

    /// The latest engine events (at most [`KEPT_EVENTS`]), oldest first.
    pub fn events(&self) -> ReadSignal<Vec<Event>> {
        self.events.read_only()
    }

    fn refresh(&self) {
        if let Some(view) = self.sim.try_with_value(Sim::view) {
            self.now.set(view.now);
            self.view.set(view);
        }
        let fresh = self
            .sim
            .try_update_value(|sim| sim.drain_events())
            .unwrap_or_default();
        if !fresh.is_empty() {
            self.events.update(|kept| {
                kept.extend(fresh);
                let over = kept.len().saturating_sub(KEPT_EVENTS);
                kept.drain(..over);
            });
        }
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
    use super::{Clock, shell_quote};
    use stevedore_cli::meta::ClockControl;
    use stevedore_engine::SimTime;

    #[test]
    fn clock_follows_sim_commands() {
        let mut clock = Clock::default();
        assert_eq!(clock.label(SimTime(90_000)), "T+00:01:30 · ×1");
        clock.apply(ClockControl::Speed(10));
        clock.apply(ClockControl::Pause);
        assert_eq!(clock.label(SimTime(3_600_000)), "T+01:00:00 · paused");
        clock.apply(ClockControl::Resume);
        assert_eq!(
            clock,
            Clock {
                paused: false,
                speed: 10
            }
        );
    }

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
