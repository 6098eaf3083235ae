//! `sim produce`: the learner puts work on a queue, so a backlog builds up
//! for workers (engine/src/sqs/worker.rs) and their scaling to drain.
//!
//! - `sim produce <queue> N/s`: N messages a second from now on, sent at
//!   each work step (`Timer::SqsWork`, every [`WORKER_TICK`]: N × 10 at a
//!   time), replacing any rate the queue had;
//! - `sim produce <queue> N`: a burst of N messages now;
//! - `sim produce <queue> off`: stop the rate;
//! - `sim produce`: the producers on.
//!
//! The queue is named by its name or URL. Each message goes through the
//! queue's own send path (`enqueue`, the queue's delay), counted in
//! NumberOfMessagesSent (F16.1); its body is `{"job":<n>}`, n counting the
//! account's produced messages from 1. MODEL bounds (the simulator keeps
//! every message in memory): at most [`MAX_PRODUCE_RATE`] a second and
//! [`MAX_BURST`] at once, and a producer skips its step while the queue
//! already holds [`MAX_QUEUE_BACKLOG`] messages. A producer whose queue is
//! deleted stops.

use super::worker::WORKER_TICK;
use crate::error::ApiError;
use crate::sim::Sim;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// MODEL: the fastest `sim produce` rate (messages a second).
pub const MAX_PRODUCE_RATE: u64 = 100;
/// MODEL: the largest burst.
pub const MAX_BURST: u64 = 10_000;
/// MODEL: a producer waits while its queue holds this many messages.
pub const MAX_QUEUE_BACKLOG: usize = 50_000;

/// `sim produce` as an [`Input`](crate::Input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Produce {
    /// The queue's name or URL.
    pub queue: String,
    /// Messages a second from now on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<u64>,
    /// Messages sent at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<u64>,
    /// Stop the rate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
}

/// Producers on, by queue name: messages a second.
pub type Producers = BTreeMap<String, u64>;

impl Sim {
    /// Applies a `sim produce` (through [`Input::Produce`](crate::Input::Produce)).
    pub(crate) fn set_produce(&mut self, p: &Produce) -> Result<String, ApiError> {
        let bad = |m: String| ApiError::invalid_parameter(format!("sim produce: {m}"));
        let name = p
            .queue
            .strip_prefix(&self.sqs_queue_url(""))
            .unwrap_or(&p.queue)
            .to_owned();
        if !self.state.sqs.queues.contains_key(&name) {
            return Err(bad(format!(
                "there is no queue '{}' (give its name or URL: aws sqs list-queues).",
                p.queue
            )));
        }
        match (p.off, p.rate, p.burst) {
            (true, None, None) => {
                if self.state.sqs.producers.remove(&name).is_none() {
                    return Err(bad(format!("nothing is producing to {name}.")));
                }
                Ok(format!("Stopped producing to {name}."))
            }
            (false, Some(rate), None) => {
                if !(1..=MAX_PRODUCE_RATE).contains(&rate) {
                    return Err(bad(format!(
                        "{rate}/s is not a rate from 1/s to {MAX_PRODUCE_RATE}/s."
                    )));
                }
                self.state.sqs.producers.insert(name.clone(), rate);
                self.ensure_sqs_work_timer();
                Ok(format!(
                    "Producing {rate} message{} a second to {name} ({} every {} s); NumberOfMessagesSent counts them.",
                    if rate == 1 { "" } else { "s" },
                    rate * WORKER_TICK.0 / 1000,
                    WORKER_TICK.0 / 1000
                ))
            }
            (false, None, Some(n)) => {
                if !(1..=MAX_BURST).contains(&n) {
                    return Err(bad(format!(
                        "{n} is not a number of messages from 1 to {MAX_BURST}."
                    )));
                }
                let sent = self.produce_messages(&name, n);
                Ok(format!(
                    "Sent {sent} message{} to {name}.",
                    if sent == 1 { "" } else { "s" }
                ))
            }
            _ => Err(bad(
                "give a rate (N/s), a number of messages (N) or off.".to_owned()
            )),
        }
    }

    /// Sends up to `n` messages to queue `name` (fewer when it is full, see
    /// [`MAX_QUEUE_BACKLOG`]); returns how many.
    fn produce_messages(&mut self, name: &str, n: u64) -> u64 {
        let Some(q) = self.state.sqs.queues.get(name) else {
            return 0;
        };
        let room = MAX_QUEUE_BACKLOG.saturating_sub(q.messages.len()) as u64;
        let delay = q.settings.delay;
        let n = n.min(room);
        for _ in 0..n {
            self.state.sqs.produced += 1;
            let body = format!("{{\"job\":{}}}", self.state.sqs.produced);
            self.enqueue(name, body, delay, BTreeMap::new());
        }
        self.count_sqs_metric(name, "NumberOfMessagesSent", n as usize);
        n
    }

    /// One work step of every producer (`Sim::sqs_work`).
    pub(crate) fn produce_step(&mut self) {
        let producers: Vec<(String, u64)> = self
            .state
            .sqs
            .producers
            .iter()
            .map(|(q, r)| (q.clone(), *r))
            .collect();
        for (name, rate) in producers {
            if !self.state.sqs.queues.contains_key(&name) {
                self.state.sqs.producers.remove(&name);
                continue;
            }
            self.produce_messages(&name, rate * WORKER_TICK.0 / 1000);
        }
    }

    /// `sim produce` alone: the producers on and their queues' depth.
    pub fn produce_report(&self) -> String {
        let producers = &self.state.sqs.producers;
        let mut out = String::new();
        if producers.is_empty() {
            out.push_str("Nothing is producing. Start: sim produce QUEUE N/s (or a burst: sim produce QUEUE N)\n");
        }
        for (name, rate) in producers {
            let depth = self
                .state
                .sqs
                .queues
                .get(name)
                .map(|q| q.counts(self.now))
                .unwrap_or_default();
            out.push_str(&format!(
                "{name}: {rate}/s; now {} visible, {} in flight\n",
                depth.visible, depth.in_flight
            ));
        }
        out
    }
}
