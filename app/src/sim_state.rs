//! The one owner of the simulator. The simulator runs in a Web Worker
//! (`worker/`), started by the first page that needs it (the sandbox, a
//! lab) and kept for the rest of the visit; every page reaches it through
//! the [`SimHandle`] in context. Requests go out as messages
//! (`stevedore_worker::protocol`); the worker's view of the account, its
//! clock and its events come back and are kept here as signals.
//!
//! The worker has no `localStorage`: this module reads the saved journal
//! (and a share link's code from the address) when it opens the account,
//! and saves each journal the worker sends while saving is on.
//!
//! One account is open at a time ([`Account`]): the sandbox's, or a lab's
//! (each lab has its own, saved under its own key, with its goals checked
//! by the worker after every change: [`SimHandle::lab_status`]). A page
//! opens the one it shows; the other stays saved.

pub mod worker;

use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use stevedore_engine::{Event, SimTime, View};
pub use stevedore_worker::protocol::{Clock, GoalStatus, Saving, StepStatus};
use stevedore_worker::protocol::{
    Envelope, Message, Reply, Request, Saved, Update as WorkerUpdate, from_text, to_text,
};

/// How many of the latest engine events the handle keeps for the pages.
pub const KEPT_EVENTS: usize = 500;

/// The `localStorage` key of the sandbox's account: its journal, in the
/// journal's text form (versioned: `stevedore_engine::journal`).
pub const SANDBOX_KEY: &str = "stevedore.sandbox";
/// The `localStorage` key of a lab's account is this followed by the lab's
/// id (its journal, as for the sandbox).
pub const LAB_KEY_PREFIX: &str = "stevedore.lab.";
/// The address fragment of a share link: `/sandbox#j=<share code>`.
pub const SHARE_FRAGMENT: &str = "#j=";

/// Where a simulator takes requests (one JSON text each).
pub trait Backend {
    fn post(&self, text: String);
    /// Stops it for good (a crashed worker, a restart).
    fn terminate(&self) {}
}

/// Starts a simulator whose messages (one JSON text each, including the
/// report of a crash) go to the function given. The app starts a Web
/// Worker ([`worker::spawn`]); browser tests serve one in the page.
pub type Spawn = Rc<dyn Fn(Rc<dyn Fn(String)>) -> Result<Rc<dyn Backend>, String>>;

type Answer = Box<dyn FnOnce(SimHandle, Reply)>;

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

/// Which account is open in the simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// The sandbox's own account.
    Sandbox,
    /// A lab's account (the lab's id).
    Lab(String),
}

impl Account {
    /// Where this browser keeps the account's journal.
    pub fn storage_key(&self) -> String {
        match self {
            Account::Sandbox => SANDBOX_KEY.to_owned(),
            Account::Lab(id) => format!("{LAB_KEY_PREFIX}{id}"),
        }
    }
}

/// What this browser has saved for the sandbox.
fn saved_journal() -> Saved {
    saved_for(&Account::Sandbox)
}

/// What this browser has saved for an account.
fn saved_for(account: &Account) -> Saved {
    match storage() {
        None => Saved::NoStorage,
        Some(store) => match store.get_item(&account.storage_key()).ok().flatten() {
            Some(text) => Saved::Journal(text),
            None => Saved::Nothing,
        },
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

/// The link to the simulator: how to start it, the worker once started,
/// requests waiting for it to be ready and answers awaited.
struct Link {
    spawn: Spawn,
    backend: Option<Rc<dyn Backend>>,
    ready: bool,
    waiting: Vec<String>,
    answers: BTreeMap<u64, Answer>,
    next_request: u64,
}

#[derive(Clone, Copy)]
pub struct SimHandle {
    link: StoredValue<Rc<RefCell<Link>>, LocalStorage>,
    ready: RwSignal<bool>,
    view: RwSignal<View>,
    log: RwSignal<Vec<LogEntry>>,
    /// The latest [`KEPT_EVENTS`] engine events, oldest first.
    events: RwSignal<Vec<Event>>,
    next_id: StoredValue<u64>,
    clock: RwSignal<Clock>,
    now: RwSignal<SimTime>,
    saving: RwSignal<Saving>,
    /// A message about the account for the sandbox page (a share link that
    /// could not be opened).
    notice: RwSignal<Option<String>>,
    /// The worker stopped because of a bug: what it said.
    crashed: RwSignal<Option<String>>,
    /// The latest journal the worker sent (saved or not): a restart after
    /// a crash rebuilds the account from it.
    journal: StoredValue<Option<String>>,
    /// The account open in the simulator (set when the worker answers that
    /// it opened it: journals sent before that belong to the one before).
    account: RwSignal<Option<Account>>,
    /// The account asked for last (a page asks again when it mounts; the
    /// same one is not reopened).
    opening: StoredValue<Option<Account>>,
    /// In a lab: every step's goals, met or not, as of the latest change.
    lab_status: RwSignal<Option<Vec<StepStatus>>>,
}

impl SimHandle {
    /// Puts a handle in context for the app. Nothing starts until a page
    /// that needs the simulator calls [`SimHandle::start`].
    pub fn provide(spawn: Spawn) -> Self {
        let handle = SimHandle {
            link: StoredValue::new_local(Rc::new(RefCell::new(Link {
                spawn,
                backend: None,
                ready: false,
                waiting: Vec::new(),
                answers: BTreeMap::new(),
                next_request: 1,
            }))),
            ready: RwSignal::new(false),
            view: RwSignal::new(View::default()),
            log: RwSignal::new(Vec::new()),
            events: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            clock: RwSignal::new(Clock::default()),
            now: RwSignal::new(SimTime::default()),
            saving: RwSignal::new(Saving::On),
            notice: RwSignal::new(None),
            crashed: RwSignal::new(None),
            journal: StoredValue::new(None),
            account: RwSignal::new(None),
            opening: StoredValue::new(None),
            lab_status: RwSignal::new(None),
        };
        provide_context(handle);
        on_cleanup(move || handle.stop());
        handle
    }

    /// Starts the simulator if it is not running yet, and opens the
    /// account: the one of a share link in the address (not saved until
    /// kept), else the one saved in this browser (rebuilt from its
    /// journal), else a fresh one.
    pub fn start(&self) {
        let share = share_code_in_address();
        if !self.spawn_backend()
            && share.is_none()
            && self.opening.get_value() == Some(Account::Sandbox)
        {
            return;
        }
        if self.crashed.get_untracked().is_some() {
            return;
        }
        if share.is_some() {
            clear_address_fragment();
        }
        self.opening.set_value(Some(Account::Sandbox));
        self.request(
            Request::Open {
                saved: saved_journal(),
                share,
            },
            |handle, reply| handle.switched(Account::Sandbox, reply),
        );
    }

    /// Starts the simulator if it is not running yet, and opens a lab's
    /// account: the one saved in this browser for that lab, else the lab's
    /// start state. [`SimHandle::lab_status`] follows its goals.
    pub fn open_lab(&self, lab: &stevedore_lessons::Lab) {
        let id = lab.id.as_str();
        let account = Account::Lab(id.to_owned());
        if !self.spawn_backend() && self.opening.get_value().as_ref() == Some(&account) {
            return;
        }
        if self.crashed.get_untracked().is_some() {
            return;
        }
        self.opening.set_value(Some(account.clone()));
        self.lab_status.set(None);
        self.request(
            Request::OpenLab {
                lab: Box::new(lab.clone()),
                saved: saved_for(&account),
            },
            move |handle, reply| handle.switched(account, reply),
        );
    }

    /// The answer to opening `account`: it is the open one from now on.
    fn switched(&self, account: Account, reply: Reply) {
        if matches!(reply, Reply::Opened { .. }) {
            let other = self.account.get_untracked().as_ref() != Some(&account);
            if other {
                self.log.set(Vec::new());
            }
            self.journal.set_value(None);
            if account == Account::Sandbox {
                self.lab_status.set(None);
            }
            self.account.set(Some(account));
        }
        self.opened(reply);
    }

    /// Starts the backend; `false` when one is running already (or it
    /// could not start, which the page shows as a crash).
    fn spawn_backend(&self) -> bool {
        let Some(link) = self.link.try_get_value() else {
            return false;
        };
        if link.borrow().backend.is_some() {
            return false;
        }
        let spawn = link.borrow().spawn.clone();
        let handle = *self;
        let deliver: Rc<dyn Fn(String)> = Rc::new(move |text: String| handle.receive(&text));
        match spawn(deliver) {
            Ok(backend) => {
                link.borrow_mut().backend = Some(backend);
                self.crashed.set(None);
                true
            }
            Err(e) => {
                self.crashed
                    .set(Some(format!("The simulator could not start: {e}")));
                false
            }
        }
    }

    /// Stops the simulator (the app's owner is gone).
    fn stop(&self) {
        if let Some(link) = self.link.try_get_value() {
            let backend = {
                let mut link = link.borrow_mut();
                link.ready = false;
                link.answers.clear();
                link.backend.take()
            };
            if let Some(backend) = backend {
                backend.terminate();
            }
        }
    }

    /// After a crash: a new worker, rebuilt from the latest journal.
    pub fn restart(&self) {
        self.stop();
        if !self.spawn_backend() {
            return;
        }
        let journal = self.journal.get_value();
        let request = match (self.account.get_untracked(), journal) {
            // A new worker knows no lab: open it again, from the latest
            // journal.
            (Some(account @ Account::Lab(_)), journal) => {
                let lab = match &account {
                    Account::Lab(id) => crate::course::course().lab(id),
                    Account::Sandbox => None,
                };
                match lab {
                    Some(lab) => Request::OpenLab {
                        saved: journal.map_or_else(|| saved_for(&account), Saved::Journal),
                        lab: Box::new(lab.clone()),
                    },
                    None => Request::OpenSaved {
                        saved: saved_journal(),
                    },
                }
            }
            (_, Some(journal)) => Request::Restore { journal },
            (_, None) => Request::OpenSaved {
                saved: saved_journal(),
            },
        };
        self.request(request, |handle, reply| {
            if let Reply::Opened { notice, .. } = reply {
                handle.notice.set(notice);
                handle.push_log(
                    "# the simulator restarted".to_owned(),
                    "It was rebuilt from your account's journal.\n".to_owned(),
                    true,
                    false,
                );
            }
        });
    }

    /// Sends a request; `answer` gets its reply.
    fn request(&self, request: Request, answer: impl FnOnce(SimHandle, Reply) + 'static) {
        let Some(link) = self.link.try_get_value() else {
            return;
        };
        let (text, send_now) = {
            let mut link = link.borrow_mut();
            let id = link.next_request;
            link.next_request += 1;
            link.answers.insert(id, Box::new(answer));
            (to_text(&Envelope { id, request }), link.ready)
        };
        if send_now {
            let backend = link.borrow().backend.clone();
            if let Some(backend) = backend {
                backend.post(text);
            }
        } else {
            link.borrow_mut().waiting.push(text);
        }
    }

    /// One message from the worker.
    fn receive(&self, text: &str) {
        let Some(link) = self.link.try_get_value() else {
            return;
        };
        let message = match from_text::<Message>(text) {
            Ok(message) => message,
            Err(e) => {
                web_sys::console::error_1(
                    &format!("unreadable message from the simulator: {e}").into(),
                );
                return;
            }
        };
        if let Some(id) = message.re {
            let answer = link.borrow_mut().answers.remove(&id);
            if let Some(answer) = answer {
                answer(*self, message.reply);
            }
            return;
        }
        match message.reply {
            Reply::Ready => {
                let (backend, waiting) = {
                    let mut link = link.borrow_mut();
                    link.ready = true;
                    (link.backend.clone(), std::mem::take(&mut link.waiting))
                };
                if let Some(backend) = backend {
                    for text in waiting {
                        backend.post(text);
                    }
                }
                self.ready.set(true);
            }
            Reply::Update(update) => self.updated(*update),
            Reply::Journal(text) => {
                self.journal.set_value(Some(text));
                self.save();
            }
            Reply::Crashed(why) => {
                self.stop();
                self.ready.set(false);
                self.crashed.set(Some(why));
            }
            Reply::Refused(why) => {
                web_sys::console::error_1(
                    &format!("the simulator refused a request: {why}").into(),
                );
            }
            Reply::Opened { .. }
            | Reply::Ran(_)
            | Reply::Completed { .. }
            | Reply::ShareCode(_) => {}
        }
    }

    fn opened(&self, reply: Reply) {
        if let Reply::Opened {
            saving,
            notice,
            restored,
        } = reply
        {
            self.saving.set(saving);
            self.notice.set(notice);
            if let Some((command, output)) = restored {
                self.push_log(command, output, true, false);
            }
        }
    }

    fn updated(&self, update: WorkerUpdate) {
        self.now.set(update.now);
        if self.clock.get_untracked() != update.clock {
            self.clock.set(update.clock);
        }
        if let Some(view) = update.view {
            self.view.set(view);
        }
        if update.replaced {
            self.events.set(Vec::new());
        }
        if update.lab.is_some() {
            self.lab_status.set(update.lab);
        }
        if !update.events.is_empty() {
            self.events.update(|kept| {
                kept.extend(update.events);
                let over = kept.len().saturating_sub(KEPT_EVENTS);
                kept.drain(..over);
            });
        }
    }

    /// Saves the latest journal (when saving is on). A failure turns saving
    /// off with the reason; the sandbox goes on in memory.
    fn save(&self) {
        if self.saving.get_untracked() != Saving::On {
            return;
        }
        let Some(text) = self.journal.get_value() else {
            return;
        };
        let Some(account) = self.account.get_untracked() else {
            return;
        };
        if storage().is_none_or(|s| s.set_item(&account.storage_key(), &text).is_err()) {
            self.saving.set(Saving::Off("Your work could not be saved in this browser (storage is full or turned off): it goes on in memory, and a reload starts it afresh.".to_owned()));
        }
    }

    /// Whether the simulator has started and takes commands.
    pub fn ready(&self) -> ReadSignal<bool> {
        self.ready.read_only()
    }

    /// The simulator stopped because of a bug: what it said.
    pub fn crashed(&self) -> ReadSignal<Option<String>> {
        self.crashed.read_only()
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

    /// Starts a fresh, empty account (the learner confirmed) and saves it,
    /// replacing the saved one (even one that could not be restored). In a
    /// lab: the lab's start state again.
    pub fn reset_account(&self) {
        self.saving.set(Saving::On);
        let in_lab = matches!(self.account.get_untracked(), Some(Account::Lab(_)));
        self.request(Request::Reset, move |handle, reply| {
            handle.opened(reply);
            if in_lab {
                handle.push_log(
                    "# reset lab".to_owned(),
                    "The account is back at the lab's start state.\n".to_owned(),
                    true,
                    false,
                );
            }
        });
    }

    /// Undoes the account's last change (`sim undo`, logged like a typed
    /// one); in a lab it stops at the lab's start state.
    pub fn undo(&self) {
        self.run_line("sim undo");
    }

    /// The account open in the simulator, once the worker has opened it.
    pub fn account(&self) -> ReadSignal<Option<Account>> {
        self.account.read_only()
    }

    /// In a lab: every step's goals against the account as it is now.
    pub fn lab_status(&self) -> ReadSignal<Option<Vec<StepStatus>>> {
        self.lab_status.read_only()
    }

    /// Keeps the shared account as the learner's own sandbox (replacing
    /// the saved one).
    pub fn keep_shared_account(&self) {
        self.saving.set(Saving::On);
        self.save();
    }

    /// Leaves a shared account for the learner's own saved one.
    pub fn back_to_own_account(&self) {
        self.request(
            Request::OpenSaved {
                saved: saved_journal(),
            },
            |handle, reply| handle.switched(Account::Sandbox, reply),
        );
    }

    /// A link that opens this account in a fresh sandbox (the page's
    /// origin, `/sandbox` and the journal as a share code in the
    /// fragment), given to `done`.
    pub fn share_link(&self, done: impl FnOnce(Option<String>) + 'static) {
        self.request(Request::Share, move |_, reply| {
            let link = match reply {
                Reply::ShareCode(code) => web_sys::window()
                    .and_then(|w| w.location().origin().ok())
                    .map(|origin| format!("{origin}/sandbox{SHARE_FRAGMENT}{code}")),
                _ => None,
            };
            done(link);
        });
    }

    /// The simulated time, updated every tick of the worker's clock.
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

    /// Runs a line of AWS CLI syntax and logs it with its output.
    pub fn run_line(&self, line: &str) {
        let command = line.to_owned();
        self.request(
            Request::Run {
                line: line.to_owned(),
                form: false,
            },
            move |handle, reply| {
                if let Reply::Ran(ran) = reply {
                    handle.push_log(command, ran.output, ran.ok, false);
                }
            },
        );
    }

    /// Runs a command that only reads (an inspector's `describe-…`) and
    /// gives `done` what it printed and whether it succeeded, without
    /// adding it to the log.
    pub fn query(&self, line: &str, done: impl FnOnce(String, bool) + 'static) {
        self.request(
            Request::Run {
                line: line.to_owned(),
                form: true,
            },
            move |_, reply| {
                if let Reply::Ran(ran) = reply {
                    done(ran.output, ran.ok);
                }
            },
        );
    }

    /// Runs a form's command, given as its CLI equivalent (which the log
    /// shows), and tells `done` whether AWS accepted it (else its error
    /// code and message).
    pub fn run_form(
        &self,
        cli_equivalent: String,
        done: impl FnOnce(Result<(), (String, String)>) + 'static,
    ) {
        self.run_form_output(cli_equivalent, move |result| done(result.map(|_| ())));
    }

    /// [`SimHandle::run_form`], with what the command printed when AWS
    /// accepted it.
    pub fn run_form_output(
        &self,
        cli_equivalent: String,
        done: impl FnOnce(Result<String, (String, String)>) + 'static,
    ) {
        self.request(
            Request::Run {
                line: cli_equivalent.clone(),
                form: true,
            },
            move |handle, reply| {
                if let Reply::Ran(ran) = reply {
                    let result = match (&ran.error, ran.ok) {
                        (_, true) => Ok(ran.output.clone()),
                        (Some(error), false) => Err(error.clone()),
                        (None, false) => Err(("Error".to_owned(), ran.output.trim().to_owned())),
                    };
                    handle.push_log(cli_equivalent, ran.output, ran.ok, true);
                    done(result);
                }
            },
        );
    }

    /// Tab completion of `line`: `done` gets the completed line and, when
    /// several words fit, the choices.
    pub fn complete(&self, line: &str, done: impl FnOnce(String, Vec<String>) + 'static) {
        self.request(
            Request::Complete {
                line: line.to_owned(),
            },
            move |_, reply| {
                if let Reply::Completed { line, candidates } = reply {
                    done(line, candidates);
                }
            },
        );
    }

    /// The latest engine events (at most [`KEPT_EVENTS`]), oldest first.
    pub fn events(&self) -> ReadSignal<Vec<Event>> {
        self.events.read_only()
    }

    fn push_log(&self, command: String, output: String, ok: bool, from_form: bool) {
        let Some(id) = self.next_id.try_get_value() else {
            return;
        };
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
