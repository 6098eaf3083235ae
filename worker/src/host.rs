//! The worker's side: one [`Host`] owns the [`Sim`], the command line's
//! shell session and the wall clock that moves simulated time. It is plain
//! Rust (no web): the worker's glue (`main.rs`, `web.rs`) feeds it requests
//! and ticks with the wall-clock time, and posts what it returns. Tested
//! natively here; the page's browser tests run it in the page.

use crate::protocol::{Clock, Message, Ran, Reply, Request, Saved, Saving, Update};
use stevedore_cli::labs;
use stevedore_cli::shell::Shell;
use stevedore_engine::{Input, Journal, Sim, SimConfig, SimDuration, SimTime};
use stevedore_lessons::Lab;

/// How often the worker's wall clock ticks (real ms).
pub const TICK_MS: u32 = 250;
/// Most real time one tick makes up for (a worker in a background tab gets
/// few ticks; it catches up at most this much at once).
const MAX_CATCH_UP_MS: f64 = 10_000.0;
/// While the clock runs, the journal is sent for saving at most this often
/// (real ms); every command sends it at once.
pub const SAVE_EVERY_MS: f64 = 2_000.0;

/// The simulator behind the message protocol.
pub struct Host {
    sim: Sim,
    shell: Shell,
    clock: Clock,
    /// Wall-clock ms of the last tick (`None`: time resumes from the next).
    last_tick: Option<f64>,
    /// Wall-clock ms and the journal's (length, end) when it was last sent.
    last_sent: (f64, usize, SimTime),
    /// The lab open, if any.
    lab: Option<LabMode>,
}

/// A lab open in the host: its goals go with every view, and its start
/// state is where a reset goes and where undo stops.
#[derive(Debug, Clone)]
struct LabMode {
    lab: Box<Lab>,
    /// The journal of the lab's start state.
    start: Journal,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("now", &self.sim.now())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::new()
    }
}

impl Host {
    /// A fresh account (the worker answers [`Request::Open`] before anything
    /// else, which replaces it).
    pub fn new() -> Self {
        Host::with_sim(fresh_sim())
    }

    fn with_sim(sim: Sim) -> Self {
        Host {
            last_sent: (0.0, sim.journal().len(), sim.now()),
            sim,
            shell: Shell::new(),
            clock: Clock::default(),
            last_tick: None,
            lab: None,
        }
    }

    /// The simulator (tests, and the worker's own checks).
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Answers one request at wall-clock `now_ms`: the answer first, then
    /// an update and the journal when they changed.
    pub fn handle(&mut self, id: u64, request: Request, now_ms: f64) -> Vec<Message> {
        let mut out = Vec::new();
        let answer = |reply| Message {
            re: Some(id),
            reply,
        };
        match request {
            Request::Open { saved, share } => {
                let mut notice = None;
                let shared = share.and_then(|code| {
                    match stevedore_cli::share::decode(&code)
                        .and_then(|j| j.replay().map_err(|e| e.to_string()))
                    {
                        Ok(sim) => Some(sim),
                        Err(e) => {
                            notice = Some(format!("The shared link could not be opened: {e} Your own sandbox is as you left it."));
                            None
                        }
                    }
                });
                let (sim, saving) = match shared {
                    Some(sim) => (sim, Saving::Shared),
                    None => saved_account(saved),
                };
                let restored = restored_line(&sim, saving == Saving::Shared);
                self.lab = None;
                self.replace(sim);
                out.push(answer(Reply::Opened {
                    saving,
                    notice,
                    restored,
                }));
                out.push(self.update(true, true));
            }
            Request::OpenSaved { saved } => {
                let (sim, saving) = saved_account(saved);
                let restored = restored_line(&sim, false);
                self.lab = None;
                self.replace(sim);
                out.push(answer(Reply::Opened {
                    saving,
                    notice: None,
                    restored,
                }));
                out.push(self.update(true, true));
            }
            Request::Restore { journal } => {
                // A restart keeps the lab open, if one was.
                let (sim, notice) = match Journal::parse(&journal).and_then(|j| j.replay()) {
                    Ok(sim) => (sim, None),
                    Err(e) => (
                        self.lab
                            .as_ref()
                            .map_or_else(fresh_sim, |mode| started(&mode.lab).0),
                        Some(format!(
                            "The account could not be rebuilt ({e}); this is a fresh one."
                        )),
                    ),
                };
                let restored = restored_line(&sim, false);
                self.replace(sim);
                out.push(answer(Reply::Opened {
                    // The shell keeps its own saving state across a restart.
                    saving: Saving::On,
                    notice,
                    restored,
                }));
                out.push(self.update(true, true));
            }
            Request::Reset => {
                let sim = match &self.lab {
                    Some(mode) => {
                        let (sim, shell) = started(&mode.lab);
                        self.shell = shell;
                        sim
                    }
                    None => fresh_sim(),
                };
                self.replace(sim);
                out.push(answer(Reply::Opened {
                    saving: Saving::On,
                    notice: None,
                    restored: None,
                }));
                out.push(self.update(true, true));
                out.push(self.journal(now_ms));
            }
            Request::OpenLab { lab, saved } => {
                let (start, shell) = started(&lab);
                let start_journal = start.journal().clone();
                let (sim, saving, notice) = match saved {
                    Saved::Nothing => (start, Saving::On, None),
                    Saved::NoStorage => (start, Saving::Off("This browser keeps no data for the page (storage is turned off): the lab works in memory, and a reload starts it afresh.".to_owned()), None),
                    Saved::Journal(text) => match Journal::parse(&text).and_then(|j| j.replay()) {
                        Ok(sim) if begins_with(sim.journal(), &start_journal) => (sim, Saving::On, None),
                        // The lab's start state changed since it was saved
                        // (a new version of the course), or it cannot be read.
                        Ok(_) => (start, Saving::On, Some("This lab changed since you worked on it here: it starts again from its start state.".to_owned())),
                        Err(e) => (start, Saving::On, Some(format!("Your saved work on this lab could not be restored ({e}): it starts again from its start state."))),
                    },
                };
                let restored = (sim.journal().len() > start_journal.len())
                    .then(|| restored_line(&sim, false))
                    .flatten();
                self.shell = shell;
                self.lab = Some(LabMode {
                    lab,
                    start: start_journal,
                });
                self.replace(sim);
                out.push(answer(Reply::Opened {
                    saving,
                    notice,
                    restored,
                }));
                out.push(self.update(true, true));
                out.push(self.journal(now_ms));
            }
            Request::Run { line, form: _ } => {
                if let Some(refusal) = self.lab_refusal(&line) {
                    out.push(answer(Reply::Ran(Ran {
                        ok: false,
                        output: refusal,
                        error: None,
                    })));
                    return out;
                }
                let before = (self.sim.journal().len(), self.sim.config().seed);
                let outcome = self.shell.run(&mut self.sim, &line);
                // `sim reset`, `sim seed` and `sim undo` put another Sim in
                // its place: a fresh one, or a replay of the journal whose
                // outbox holds the events of its whole history.
                let replaced =
                    self.sim.journal().len() < before.0 || self.sim.config().seed != before.1;
                if replaced {
                    let _ = self.sim.drain_events();
                }
                if let Some(control) = outcome.clock {
                    self.clock.apply(control);
                    // Time resumes from now, not from when it was paused.
                    self.last_tick = None;
                }
                out.push(answer(Reply::Ran(Ran {
                    ok: outcome.is_ok(),
                    output: format!("{}{}", outcome.stdout, outcome.stderr),
                    error: outcome.error.clone(),
                })));
                out.push(self.update(true, replaced));
                if self.journal_changed() {
                    out.push(self.journal(now_ms));
                }
            }
            Request::Complete { line } => {
                let completion = stevedore_cli::complete::complete(&line);
                let candidates = if completion.candidates.len() > 1 {
                    completion.candidates.clone()
                } else {
                    Vec::new()
                };
                out.push(answer(Reply::Completed {
                    line: completion.apply(&line),
                    candidates,
                }));
            }
            Request::Share => {
                out.push(answer(Reply::ShareCode(stevedore_cli::share::encode_sim(
                    &self.sim,
                ))));
            }
        }
        out
    }

    /// One tick of the wall clock at `now_ms` (real milliseconds): moves
    /// simulated time `speed` times as fast unless paused. Returns the
    /// update (the account only when timers fired) and, every
    /// [`SAVE_EVERY_MS`], the journal.
    pub fn tick(&mut self, now_ms: f64) -> Vec<Message> {
        let last = self.last_tick.replace(now_ms);
        let (Some(last), false) = (last, self.clock.paused) else {
            return Vec::new();
        };
        let real = (now_ms - last).clamp(0.0, MAX_CATCH_UP_MS);
        let simulated = (real * f64::from(self.clock.speed)).round() as u64;
        if simulated == 0 {
            return Vec::new();
        }
        let fired = self
            .sim
            .apply(Input::Advance(SimDuration(simulated)))
            .time()
            .is_some_and(|moved| moved.timers_fired > 0);
        let mut out = vec![self.update(fired, false)];
        if self.journal_changed() && now_ms - self.last_sent.0 >= SAVE_EVERY_MS {
            out.push(self.journal(now_ms));
        }
        out
    }

    /// In a lab, `sim undo` stops at the lab's start state and `sim reset`
    /// / `sim seed` are the page's reset: what they would do instead.
    fn lab_refusal(&self, line: &str) -> Option<String> {
        let mode = self.lab.as_ref()?;
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["sim", "undo"] if self.sim.journal().len() <= mode.start.len() => Some(
                "sim undo: nothing to undo: the lab is at its start state.\n".to_owned(),
            ),
            ["sim", "reset" | "seed", ..] => Some(
                "sim: in a lab, use the page's \"Reset lab\" button: it puts the account back to the lab's start state.\n"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    fn replace(&mut self, sim: Sim) {
        self.sim = sim;
        // The replay's outbox holds the events of its whole history.
        let _ = self.sim.drain_events();
        self.last_tick = None;
        self.last_sent = (0.0, self.sim.journal().len(), self.sim.now());
    }

    fn update(&mut self, with_view: bool, replaced: bool) -> Message {
        let events = self.sim.drain_events();
        let view = (with_view || !events.is_empty()).then(|| self.sim.view());
        let lab = match (&view, &self.lab) {
            (Some(_), Some(mode)) => Some(labs::status(&self.sim, &mode.lab)),
            _ => None,
        };
        Message {
            re: None,
            reply: Reply::Update(Box::new(Update {
                now: self.sim.now(),
                clock: self.clock,
                view,
                replaced,
                events,
                lab,
            })),
        }
    }

    fn journal_changed(&self) -> bool {
        (self.sim.journal().len(), self.sim.now()) != (self.last_sent.1, self.last_sent.2)
    }

    fn journal(&mut self, now_ms: f64) -> Message {
        self.last_sent = (now_ms, self.sim.journal().len(), self.sim.now());
        Message {
            re: None,
            reply: Reply::Journal(self.sim.journal().to_text()),
        }
    }
}

/// The account saved in this browser, and whether it is being saved.
fn saved_account(saved: Saved) -> (Sim, Saving) {
    match saved {
        Saved::Nothing => (fresh_sim(), Saving::On),
        Saved::NoStorage => (
            fresh_sim(),
            Saving::Off("This browser keeps no data for the page (storage is turned off): the sandbox works in memory, and a reload starts it afresh.".to_owned()),
        ),
        Saved::Journal(text) => match Journal::parse(&text).and_then(|j| j.replay()) {
            Ok(sim) => (sim, Saving::On),
            Err(e) => (
                fresh_sim(),
                Saving::Off(format!("Your saved sandbox could not be restored ({e}). It is kept as it was, and the sandbox works in memory until you reset it.")),
            ),
        },
    }
}

/// What the activity log says of an account that came back with changes.
fn restored_line(sim: &Sim, shared: bool) -> Option<(String, String)> {
    let changes = sim.journal().len();
    (changes > 0).then(|| {
        (
            if shared {
                "# opened from a share link".to_owned()
            } else {
                "# restored from this browser".to_owned()
            },
            format!(
                "The account is back as it was: {changes} change(s), time {}.\n",
                stevedore_engine::base::time::elapsed(sim.now().0, false)
            ),
        )
    })
}

/// A lab's account after its start state, and the shell that ran it. A
/// lab whose start state does not run is a bug the content tests catch
/// (`cli::labs::validate`); it opens on a fresh account.
fn started(lab: &Lab) -> (Sim, Shell) {
    match labs::start(lab) {
        Ok(started) => (started.sim, started.shell),
        Err(_) => (labs::new_sim(), Shell::new()),
    }
}

/// Whether `journal` starts with every entry of `prefix`, with its config.
fn begins_with(journal: &Journal, prefix: &Journal) -> bool {
    journal.config() == prefix.config()
        && journal.entries().len() >= prefix.entries().len()
        && journal.entries()[..prefix.entries().len()] == *prefix.entries()
}

/// A new, empty account with the default config.
fn fresh_sim() -> Sim {
    // The default config is valid; an invalid one is a bug.
    Sim::new(SimConfig::default()).expect("valid simulator config")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
