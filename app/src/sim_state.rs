//! The one owner of the simulator. Every page reaches the [`Sim`] through
//! the [`SimHandle`] in context: commands and command lines go in through it,
//! and its [`View`] and activity log come out as signals.

use leptos::prelude::*;
use stevedore_cli::Outcome;
use stevedore_cli::meta::ClockControl;
use stevedore_engine::{
    ApiError, Command, Event, Input, Journal, Response, Sim, SimConfig, SimDuration, SimTime, View,
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

/// The `localStorage` key of the sandbox's account: its journal, in the
/// journal's text form (versioned: `stevedore_engine::journal`).
pub const SANDBOX_KEY: &str = "stevedore.sandbox";
/// The address fragment of a share link: `/sandbox#j=<share code>`.
pub const SHARE_FRAGMENT: &str = "#j=";
/// While the clock runs, the journal is saved at most this often (real ms);
/// every command saves at once.
const SAVE_EVERY_MS: f64 = 2_000.0;

/// Whether the account is saved in this browser as the learner works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saving {
    /// Saved as the learner works: a reload rebuilds it.
    On,
    /// Not saved; the sandbox works in memory. The reason says why (storage
    /// off or full, or a saved account that could not be restored and is
    /// kept untouched until the learner resets).
    Off(String),
    /// An account opened from a share link: not saved, and the learner's own
    /// saved account is untouched, until they keep it.
    Shared,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The address's share code, if it is a share link.
fn share_code_in_address() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(SHARE_FRAGMENT).map(str::to_owned)
}

/// Takes the share fragment off the address (the account is open now).
fn clear_address_fragment() {
    if let Some(window) = web_sys::window()
        && let (Ok(history), Ok(path)) = (window.history(), window.location().pathname())
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The account saved in this browser: `Ok(None)` when there is none,
/// `Err` with a sentence for the learner when it cannot be restored.
fn saved_account() -> Result<Option<Sim>, String> {
    let Some(store) = storage() else {
        return Err("This browser keeps no data for the page (storage is turned off): the sandbox works in memory, and a reload starts it afresh.".to_owned());
    };
    let Some(text) = store.get_item(SANDBOX_KEY).ok().flatten() else {
        return Ok(None);
    };
    Journal::parse(&text)
        .and_then(|journal| journal.replay())
        .map(Some)
        .map_err(|e| {
            format!("Your saved sandbox could not be restored ({e}). It is kept as it was, and the sandbox works in memory until you reset it.")
        })
}

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
    saving: RwSignal<Saving>,
    /// A message about the account for the sandbox page (a share link that
    /// could not be opened).
    notice: RwSignal<Option<String>>,
    /// `Date.now()` and the journal's (length, end time) at the last save.
    last_save: StoredValue<(f64, usize, SimTime)>,
}

impl SimHandle {
    pub fn new(config: SimConfig) -> Self {
        // The built-in configs are valid; an invalid one is a bug.
        let sim = Sim::new(config).expect("valid simulator config");
        SimHandle::with_sim(sim, Saving::Off("Not saved.".to_owned()))
    }

    fn with_sim(sim: Sim, saving: Saving) -> Self {
        let now = sim.now();
        SimHandle {
            saving: RwSignal::new(saving),
            notice: RwSignal::new(None),
            last_save: StoredValue::new((0.0, sim.journal().len(), sim.now())),
            view: RwSignal::new(sim.view()),
            sim: StoredValue::new(sim),
            shell: StoredValue::new(stevedore_cli::shell::Shell::new()),
            log: RwSignal::new(Vec::new()),
            events: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            clock: RwSignal::new(Clock::default()),
            now: RwSignal::new(now),
            last_tick: StoredValue::new(None),
        }
    }

    /// Creates the simulator and puts its handle in context for the app:
    /// the account of a share link in the address (not saved until kept),
    /// else the account saved in this browser (rebuilt from its journal),
    /// else a fresh one; then it is saved as the learner works.
    pub fn provide() -> Self {
        let mut notice = None;
        let shared = share_code_in_address().and_then(|code| {
            match stevedore_cli::share::decode(&code).and_then(|j| j.replay().map_err(|e| e.to_string())) {
                Ok(sim) => Some(sim),
                Err(e) => {
                    notice = Some(format!("The shared link could not be opened: {e} Your own sandbox is as you left it."));
                    None
                }
            }
        });
        let (sim, saving) = match shared {
            Some(sim) => (sim, Saving::Shared),
            None => match saved_account() {
                Ok(Some(sim)) => (sim, Saving::On),
                Ok(None) => (fresh_sim(), Saving::On),
                Err(why) => (fresh_sim(), Saving::Off(why)),
            },
        };
        if shared_fragment_present() {
            clear_address_fragment();
        }
        // A restored or shared account says so in the log.
        let restored = Some((sim.journal().len(), sim.now())).filter(|(changes, _)| *changes > 0);
        let shared_open = saving == Saving::Shared;
        let handle = SimHandle::with_sim(sim, saving);
        handle.notice.set(notice);
        if let Some((changes, at)) = restored {
            handle.push_log(
                if shared_open {
                    "# opened from a share link".to_owned()
                } else {
                    "# restored from this browser".to_owned()
                },
                format!(
                    "The account is back as it was: {changes} change(s), time {}.\n",
                    stevedore_engine::base::time::elapsed(at.0, false)
                ),
                true,
                false,
            );
        }
        provide_context(handle);
        handle.start_ticker();
        handle
    }

    /// Whether the account is being saved, and why not.
    pub fn saving(&self) -> ReadSignal<Saving> {
        self.saving.read_only()
    }

    /// A message about the account (a share link that could not be opened).
    pub fn notice(&self) -> ReadSignal<Option<String>> {
        self.notice.read_only()
    }

    pub fn dismiss_notice(&self) {
        self.notice.set(None);
    }

    /// Saves the journal now (when saving is on). A failure turns saving
    /// off with the reason; the sandbox goes on in memory.
    fn save(&self) {
        if self.saving.get_untracked() != Saving::On {
            return;
        }
        let Some((text, len, end)) = self
            .sim
            .try_with_value(|sim| (sim.journal().to_text(), sim.journal().len(), sim.now()))
        else {
            return;
        };
        let ok = storage().is_some_and(|s| s.set_item(SANDBOX_KEY, &text).is_ok());
        if ok {
            self.last_save.set_value((date_now(), len, end));
        } else {
            self.saving.set(Saving::Off("Your sandbox could not be saved in this browser (storage is full or turned off): it works in memory, and a reload starts it afresh.".to_owned()));
        }
    }

    /// Saves when the clock has moved the account since the last save and
    /// [`SAVE_EVERY_MS`] have passed.
    fn save_now_and_then(&self) {
        let Some((at, len, end)) = self.last_save.try_get_value() else {
            return;
        };
        let now = self
            .sim
            .try_with_value(|sim| (sim.journal().len(), sim.now()));
        if now != Some((len, end)) && date_now() - at >= SAVE_EVERY_MS {
            self.save();
        }
    }

    /// Starts a fresh, empty account (the learner confirmed) and saves it,
    /// replacing the saved one (even one that could not be restored).
    pub fn reset_account(&self) {
        self.replace_account(fresh_sim());
        self.saving.set(Saving::On);
        self.save();
    }

    /// Keeps the shared account as the learner's own sandbox (replacing
    /// the saved one).
    pub fn keep_shared_account(&self) {
        self.saving.set(Saving::On);
        self.save();
    }

    /// Leaves a shared account for the learner's own saved one.
    pub fn back_to_own_account(&self) {
        let (sim, saving) = match saved_account() {
            Ok(Some(sim)) => (sim, Saving::On),
            Ok(None) => (fresh_sim(), Saving::On),
            Err(why) => (fresh_sim(), Saving::Off(why)),
        };
        self.replace_account(sim);
        self.saving.set(saving);
    }

    fn replace_account(&self, sim: Sim) {
        self.sim.set_value(sim);
        self.events.set(Vec::new());
        self.last_tick.set_value(None);
        self.refresh();
    }

    /// A link that opens this account in a fresh sandbox: the page's origin,
    /// `/sandbox` and the journal as a share code in the fragment.
    pub fn share_link(&self) -> Option<String> {
        let code = self.sim.try_with_value(stevedore_cli::share::encode_sim)?;
        let origin = web_sys::window()?.location().origin().ok()?;
        Some(format!("{origin}/sandbox{SHARE_FRAGMENT}{code}"))
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
            self.save_now_and_then();
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
        self.save();
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
        self.save();
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

/// A new, empty account with the default config.
fn fresh_sim() -> Sim {
    // The default config is valid; an invalid one is a bug.
    Sim::new(SimConfig::default()).expect("valid simulator config")
}

fn shared_fragment_present() -> bool {
    share_code_in_address().is_some()
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
