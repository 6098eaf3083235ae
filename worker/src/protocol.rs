//! What crosses between the study shell and the simulator's Web Worker.
//!
//! Every message is one JSON text (`postMessage` of a string). The shell
//! sends [`Request`]s, each with an id; the worker answers with
//! [`Message`]s: the answer to a request carries its id in `re`, and the
//! worker also sends messages of its own ([`Reply::Ready`] once it can take
//! requests, [`Reply::Update`] when the account or its clock changed,
//! [`Reply::Journal`] when there is something new to save,
//! [`Reply::Crashed`] if it panicked).
//!
//! The worker never touches the page's storage (a worker has no
//! `localStorage`): the shell reads the saved journal and hands it over in
//! [`Request::Open`], and writes what [`Reply::Journal`] gives it.

use serde::{Deserialize, Serialize};
pub use stevedore_cli::labs::{GoalStatus, StepStatus};
use stevedore_engine::{Event, SimTime, View};
use stevedore_lessons::Lab;

/// A request from the shell, with the id its answer will carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: u64,
    pub request: Request,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Request {
    /// Opens the account: a share link's code if the address had one
    /// (not saved until kept), else the journal saved in this browser, else
    /// a fresh account. Answered by [`Reply::Opened`].
    Open { saved: Saved, share: Option<String> },
    /// Opens the learner's own saved account again (leaving a shared one,
    /// or after a reset). Answered by [`Reply::Opened`].
    OpenSaved { saved: Saved },
    /// Rebuilds the account from a journal the shell kept (a restart after
    /// the worker crashed). Answered by [`Reply::Opened`].
    Restore { journal: String },
    /// A fresh, empty account; in a lab, the lab's start state again.
    /// Answered by [`Reply::Opened`].
    Reset,
    /// Opens a lab: the saved journal of this lab if it still replays onto
    /// the lab's start state, else the start state. From then on every
    /// [`Update`] with a view carries the lab's goals ([`Update::lab`]).
    /// The shell sends the lab itself (it has the course; the worker then
    /// needs none of it). Answered by [`Reply::Opened`].
    OpenLab { lab: Box<Lab>, saved: Saved },
    /// Runs a command line (`aws …`, `docker …`, `sim …`, the shell's
    /// own words). `form`: a form ran it (its CLI equivalent). Answered by
    /// [`Reply::Ran`].
    Run { line: String, form: bool },
    /// Tab completion of a command line. Answered by [`Reply::Completed`].
    Complete { line: String },
    /// The account as a share code. Answered by [`Reply::ShareCode`].
    Share,
}

/// What the browser has saved for the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "text", rename_all = "camelCase")]
pub enum Saved {
    /// Nothing saved yet.
    Nothing,
    /// The journal's text.
    Journal(String),
    /// The page cannot keep data (storage turned off).
    NoStorage,
}

/// One message from the worker: an answer (`re` = the request's id) or
/// news of its own (`re` = `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub re: Option<u64>,
    pub reply: Reply,
}

/// Read by a hand-written [`Deserialize`] (below) that takes the JSON
/// [`to_text`] writes, `{"type": …, "data": …}` with the tag first: the
/// derived one would also compile a second, buffered reader of every
/// variant (for `data` before `type`), which for [`Update`]'s [`View`] was
/// about a tenth of the study shell's wasm.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    content = "data",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Reply {
    /// The worker has loaded and takes requests.
    Ready,
    /// The account is open (or reopened).
    Opened {
        saving: Saving,
        /// A message for the learner (a share link that could not be opened).
        notice: Option<String>,
        /// For the activity log, when the account came back with changes:
        /// (what it came from, what it says).
        restored: Option<(String, String)>,
    },
    /// A command line ran.
    Ran(Ran),
    Completed {
        /// The line with the word under the cursor completed as far as
        /// every candidate agrees.
        line: String,
        /// More than one candidate: what the learner can choose from.
        candidates: Vec<String>,
    },
    ShareCode(String),
    Update(Box<Update>),
    /// The account's journal, to save (sent after every change a command
    /// made, and every couple of seconds while the clock moves it).
    Journal(String),
    /// The worker panicked (a bug): it takes no more requests.
    Crashed(String),
    /// A request the worker could not read (a bug in the shell).
    Refused(String),
}

impl<'de> Deserialize<'de> for Reply {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ReplyVisitor)
    }
}

/// [`Reply::Opened`]'s fields, as the derived reader names them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenedData {
    saving: Saving,
    notice: Option<String>,
    restored: Option<(String, String)>,
}

/// [`Reply::Completed`]'s fields.
#[derive(Deserialize)]
struct CompletedData {
    line: String,
    candidates: Vec<String>,
}

struct ReplyVisitor;

impl<'de> serde::de::Visitor<'de> for ReplyVisitor {
    type Value = Reply;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a reply: {\"type\": …, \"data\": …}, the type first")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Reply, A::Error> {
        use serde::de::{Error, IgnoredAny};
        if map.next_key::<String>()?.as_deref() != Some("type") {
            return Err(A::Error::custom("a reply must start with its \"type\""));
        }
        let tag: String = map.next_value()?;
        let reply = if tag == "ready" {
            Reply::Ready
        } else {
            if map.next_key::<String>()?.as_deref() != Some("data") {
                return Err(A::Error::custom(format!(
                    "a reply of type {tag:?} needs its \"data\" after the type"
                )));
            }
            match tag.as_str() {
                "opened" => {
                    let d: OpenedData = map.next_value()?;
                    Reply::Opened {
                        saving: d.saving,
                        notice: d.notice,
                        restored: d.restored,
                    }
                }
                "ran" => Reply::Ran(map.next_value()?),
                "completed" => {
                    let d: CompletedData = map.next_value()?;
                    Reply::Completed {
                        line: d.line,
                        candidates: d.candidates,
                    }
                }
                "shareCode" => Reply::ShareCode(map.next_value()?),
                "update" => Reply::Update(map.next_value()?),
                "journal" => Reply::Journal(map.next_value()?),
                "crashed" => Reply::Crashed(map.next_value()?),
                "refused" => Reply::Refused(map.next_value()?),
                other => {
                    return Err(A::Error::unknown_variant(
                        other,
                        &[
                            "ready",
                            "opened",
                            "ran",
                            "completed",
                            "shareCode",
                            "update",
                            "journal",
                            "crashed",
                            "refused",
                        ],
                    ));
                }
            }
        };
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(reply)
    }
}

/// The outcome of a command line, as the terminal shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Ran {
    /// What the AWS CLI would print: stdout, then stderr.
    pub output: String,
    pub ok: bool,
    /// The AWS error code and message, on a service error.
    pub error: Option<(String, String)>,
}

/// What changed: the clock always, the account when something happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub now: SimTime,
    pub clock: Clock,
    /// The whole account, when anything in it may have changed.
    pub view: Option<View>,
    /// The account was replaced (`sim reset`, `sim undo`, a reset or a
    /// reopened account): the events kept so far belong to another history.
    pub replaced: bool,
    /// Engine events since the last update, oldest first.
    pub events: Vec<Event>,
    /// In a lab, with the view: every step's goals against the account now
    /// (`stevedore_cli::labs::status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<Vec<StepStatus>>,
}

/// Whether the account is saved in this browser as the learner works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "reason", rename_all = "camelCase")]
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

/// The wall clock that drives simulated time in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

    pub fn apply(&mut self, control: stevedore_cli::meta::ClockControl) {
        use stevedore_cli::meta::ClockControl;
        match control {
            ClockControl::Pause => self.paused = true,
            ClockControl::Resume => self.paused = false,
            ClockControl::Speed(n) => self.speed = n,
        }
    }
}

/// One JSON text (what goes into `postMessage`).
pub fn to_text<T: Serialize>(value: &T) -> String {
    // Plain data with string keys: serializing it cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// `Message { re: None, reply: Reply::Crashed(what) }` as [`to_text`]
/// writes it, for the study shell to deliver to itself when the worker dies:
/// serializing a [`Reply`] there would compile the writer of every reply,
/// [`View`] included, into the shell's wasm for this one message.
pub fn crashed_text(what: String) -> String {
    #[derive(Serialize)]
    struct Crashed {
        #[serde(rename = "type")]
        kind: &'static str,
        data: String,
    }
    #[derive(Serialize)]
    struct CrashMessage {
        re: Option<u64>,
        reply: Crashed,
    }
    to_text(&CrashMessage {
        re: None,
        reply: Crashed {
            kind: "crashed",
            data: what,
        },
    })
}

/// Reads a message or request back.
pub fn from_text<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_cli::meta::ClockControl;

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
    fn requests_and_replies_read_back() {
        let requests = [
            Request::Open {
                saved: Saved::Journal("stevedore-journal 1\n".to_owned()),
                share: Some("1abc".to_owned()),
            },
            Request::OpenSaved {
                saved: Saved::NoStorage,
            },
            Request::Run {
                line: "aws ecs list-clusters".to_owned(),
                form: false,
            },
            Request::Share,
            Request::OpenLab {
                lab: Box::new(stevedore_lessons::course().labs[0].clone()),
                saved: Saved::Nothing,
            },
        ];
        for request in requests {
            let envelope = Envelope { id: 7, request };
            assert_eq!(from_text::<Envelope>(&to_text(&envelope)), Ok(envelope));
        }
        let replies = [
            Reply::Ready,
            Reply::Opened {
                saving: Saving::Off("storage is full".to_owned()),
                notice: None,
                restored: Some(("a".to_owned(), "b".to_owned())),
            },
            Reply::Ran(Ran {
                output: "{}\n".to_owned(),
                ok: false,
                error: Some((
                    "ClusterNotFoundException".to_owned(),
                    "Cluster not found.".to_owned(),
                )),
            }),
            Reply::Completed {
                line: "aws ecs ".to_owned(),
                candidates: vec!["a".to_owned(), "b".to_owned()],
            },
            Reply::ShareCode("1abc".to_owned()),
            Reply::Update(Box::new(Update {
                now: SimTime(5),
                clock: Clock::default(),
                view: Some(View::default()),
                replaced: true,
                events: Vec::new(),
                lab: Some(vec![StepStatus {
                    title: "Create the cluster".to_owned(),
                    goals: vec![GoalStatus {
                        kind: "cluster".to_owned(),
                        description: "a cluster named demo".to_owned(),
                        met: false,
                        detail: "no cluster named demo yet".to_owned(),
                        line: 12,
                    }],
                }]),
            })),
            Reply::Journal("stevedore-journal 1\n".to_owned()),
            Reply::Crashed("panicked at x".to_owned()),
            Reply::Refused("no".to_owned()),
        ];
        for reply in replies {
            let message = Message { re: Some(3), reply };
            let text = to_text(&message);
            assert_eq!(from_text::<Message>(&text), Ok(message), "{text}");
        }
        assert!(from_text::<Envelope>("{\"id\": 1}").is_err());
        // The reader takes what `to_text` writes (the type first) and says
        // so when a text has it otherwise.
        assert_eq!(
            from_text::<Message>(r#"{"re":null,"reply":{"type":"journal","data":"j"}}"#),
            Ok(Message {
                re: None,
                reply: Reply::Journal("j".to_owned())
            })
        );
        let refused = from_text::<Message>(r#"{"re":1,"reply":{"data":"j","type":"journal"}}"#);
        assert!(refused.is_err_and(|e| e.contains("start with its \"type\"")));
        assert!(from_text::<Message>(r#"{"re":1,"reply":{"type":"nope","data":1}}"#).is_err());
        assert!(from_text::<Message>(r#"{"re":1,"reply":{"type":"ran"}}"#).is_err());
        assert_eq!(
            crashed_text("the \"worker\" stopped".to_owned()),
            to_text(&Message {
                re: None,
                reply: Reply::Crashed("the \"worker\" stopped".to_owned())
            })
        );
    }
}
