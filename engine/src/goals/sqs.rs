//! The `sqs_queue` goal (see the module docs of `goals`).

use super::GoalCheck;
use crate::sim::Sim;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqsQueueGoal {
    pub name: String,
    /// Messages deleted from it since it was created, at least.
    #[serde(default)]
    pub deleted_at_least: Option<u64>,
    /// Messages visible now, at most.
    #[serde(default)]
    pub visible_at_most: Option<u64>,
    /// Messages in flight now, at most.
    #[serde(default)]
    pub in_flight_at_most: Option<u64>,
    /// Its RedrivePolicy names this queue (by name).
    #[serde(default)]
    pub dead_letter_queue: Option<String>,
}

impl SqsQueueGoal {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.deleted_at_least {
            parts.push(format!("at least {n} messages processed (deleted)"));
        }
        if let Some(n) = self.visible_at_most {
            parts.push(format!("at most {n} waiting"));
        }
        if let Some(n) = self.in_flight_at_most {
            parts.push(format!("at most {n} in flight"));
        }
        if let Some(d) = &self.dead_letter_queue {
            parts.push(format!("dead-letter queue {d}"));
        }
        if parts.is_empty() {
            format!("SQS queue {} exists.", self.name)
        } else {
            format!("SQS queue {} has {}.", self.name, parts.join(", "))
        }
    }
}

impl Sim {
    pub(crate) fn check_sqs_queue(&self, g: &SqsQueueGoal) -> GoalCheck {
        let Some(q) = self.state.sqs.queues.get(&g.name) else {
            return GoalCheck::unmet(format!("no queue {}", g.name));
        };
        let c = q.counts(self.now);
        let now = format!(
            "{} visible, {} in flight, {} deleted so far",
            c.visible, c.in_flight, q.deleted_total
        );
        let mut wrong = Vec::new();
        if g.deleted_at_least.is_some_and(|n| q.deleted_total < n) {
            wrong.push("too few deleted");
        }
        if g.visible_at_most.is_some_and(|n| c.visible > n) {
            wrong.push("too many waiting");
        }
        if g.in_flight_at_most.is_some_and(|n| c.in_flight > n) {
            wrong.push("too many in flight");
        }
        if let Some(d) = &g.dead_letter_queue {
            let arn = self.sqs_queue_arn(d);
            if q.settings
                .redrive
                .as_ref()
                .is_none_or(|r| r.dead_letter_target_arn != arn)
            {
                wrong.push("no RedrivePolicy to that dead-letter queue");
            }
        }
        if wrong.is_empty() {
            GoalCheck::met(now)
        } else {
            GoalCheck::unmet(format!("{}: {now}", wrong.join(", ")))
        }
    }
}
