//! The outbox: publishing an internal event (through `Sim::eventbridge_of`),
//! draining the published events as [`EventBridgeEvent`]s, the limit on
//! waiting events, and the EventBridge invariants.

use super::*;
use crate::event::EventKind;
use crate::sim::Sim;

impl Sim {
    /// The EventBridge events published since the last call, oldest first
    /// (F11.2 shape; `to_json()` gives AWS's JSON).
    pub fn drain_eventbridge_events(&mut self) -> Vec<EventBridgeEvent> {
        let config = &self.config;
        self.eventbridge
            .outbox
            .drain(..)
            .map(|p| p.into_event(config))
            .collect()
    }

    /// Events dropped because nobody drained the outbox ([`OUTBOX_LIMIT`]).
    pub fn eventbridge_events_dropped(&self) -> u64 {
        self.eventbridge.dropped
    }

    /// EventBridge invariants: at most [`OUTBOX_LIMIT`] events wait; their
    /// numbers (the `id`'s input) strictly increase, so ids are distinct;
    /// each resource's `detail.version` strictly increases from one published
    /// event to the next (F11.1).
    pub(crate) fn check_eventbridge_invariants(&self) -> Result<(), String> {
        let outbox = &self.eventbridge.outbox;
        if outbox.len() > OUTBOX_LIMIT {
            return Err(format!("{} EventBridge events wait", outbox.len()));
        }
        let mut last: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
        let mut number = 0;
        for e in outbox {
            if e.number <= number || e.number > self.eventbridge.published {
                return Err(format!(
                    "EventBridge event number {} after {number} (published {})",
                    e.number, self.eventbridge.published
                ));
            }
            number = e.number;
            let Some(version) = e.detail.version() else {
                continue;
            };
            let resource = e.resource();
            if let Some(previous) = last.insert(resource, version)
                && version <= previous
            {
                return Err(format!(
                    "{} of {resource} published version {version} after {previous}",
                    e.detail.detail_type()
                ));
            }
        }
        Ok(())
    }

    /// Called by `emit` for every internal event, after the state change:
    /// publishes its EventBridge event, if AWS has one.
    /// Takes back the EventBridge events published after the `published`
    /// count (a refused request's, [`Sim::undo_events`]).
    pub(crate) fn unpublish_eventbridge_after(&mut self, published: u64) {
        let eb = &mut self.eventbridge;
        while eb.outbox.back().is_some_and(|e| e.number > published) {
            eb.outbox.pop_back();
        }
        eb.published = eb.published.min(published);
        self.unmatch_events_after(published);
    }

    pub(crate) fn publish_eventbridge(&mut self, kind: &EventKind) {
        let Some((resource, detail)) = self.eventbridge_of(kind) else {
            return;
        };
        self.eventbridge.published += 1;
        let event = Published {
            number: self.eventbridge.published,
            at: self.now,
            resource,
            detail,
        };
        // EventBridge rules (engine/src/events/deliver.rs).
        if self.any_pattern_rule() {
            let json = event.clone().into_event(&self.config).to_json();
            self.match_event(Some(event.number), &json);
        }
        if self.eventbridge.outbox.len() >= OUTBOX_LIMIT {
            self.eventbridge.outbox.pop_front();
            self.eventbridge.dropped += 1;
        }
        self.eventbridge.outbox.push_back(event);
    }
}

/// The EventBridge side of a [`Sim`]: its outbox and counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventBridgeState {
    /// Published and not yet drained, oldest first (typed; JSON on reading).
    pub outbox: std::collections::VecDeque<Published>,
    /// Events published so far (the `id` counter).
    pub published: u64,
    pub dropped: u64,
}
