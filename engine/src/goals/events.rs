//! Goals on EventBridge rules and Scheduler schedules that run ECS tasks
//! (`scheduled_task`, `task_started_by`). What a rule or schedule started
//! is read from its invocation record (`InvocationRecord`), which lasts as
//! long as the rule or schedule, not from the tasks (a stopped task is
//! forgotten after an hour).

use super::{GoalCheck, plural};
use crate::base::schedule::Schedule;
use crate::events::EcsParameters;
use crate::sim::Sim;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledTaskGoal {
    pub cluster: String,
    pub family: String,
    /// `rule` (an EventBridge scheduled rule) or `schedule` (EventBridge
    /// Scheduler); either when left out.
    #[serde(default)]
    pub via: Option<String>,
    /// The rule's or schedule's name.
    #[serde(default)]
    pub name: Option<String>,
    /// A `rate()` or `cron()` (true) or a one-time `at()` (false).
    #[serde(default)]
    pub recurring: Option<bool>,
    /// The target's role would let the invocation run the task now: it
    /// trusts the service and allows `ecs:RunTask` and the `iam:PassRole`s.
    #[serde(default)]
    pub can_run: Option<bool>,
    /// The rule or schedule is ENABLED (true) or DISABLED (false).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The `event_task` kind: a rule with an event pattern (not a
    /// schedule) runs the task when a matching event arrives.
    #[serde(skip)]
    pub on_event: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskStartedByGoal {
    pub cluster: String,
    /// `rule` (startedBy `events-rule/…`) or `schedule`
    /// (`chronos-schedule/…`); either when left out.
    #[serde(default)]
    pub via: Option<String>,
    /// The rule's or schedule's name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    /// At least this many such tasks (default 1), over the rule's or
    /// schedule's life.
    #[serde(default)]
    pub at_least: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailReceivedGoal {
    pub to: String,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub contains: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsSubscriptionGoal {
    pub topic: String,
    pub protocol: String,
    pub endpoint: String,
    /// Confirmed (default) or still PendingConfirmation.
    #[serde(default)]
    pub confirmed: Option<bool>,
}

impl SnsSubscriptionGoal {
    pub(crate) fn describe(&self) -> String {
        let state = if self.confirmed.unwrap_or(true) {
            "confirmed"
        } else {
            "pending confirmation"
        };
        format!(
            "Topic {} has a {} subscription for {}, {state}.",
            self.topic, self.protocol, self.endpoint
        )
    }
}

impl EmailReceivedGoal {
    pub(crate) fn describe(&self) -> String {
        let mut s = format!("An email reached {}", self.to);
        if let Some(subject) = &self.subject {
            s += &format!(" with the subject \"{subject}\"");
        }
        if let Some(c) = &self.contains {
            s += &format!(" saying \"{c}\"");
        }
        s + " (sim inbox)."
    }
}

fn via_text(via: Option<&str>) -> &'static str {
    match via {
        Some("rule") => "An EventBridge rule",
        Some("schedule") => "An EventBridge Scheduler schedule",
        _ => "An EventBridge rule or schedule",
    }
}

impl ScheduledTaskGoal {
    pub(crate) fn describe(&self) -> String {
        let mut s = via_text(self.via.as_deref()).to_owned();
        if let Some(n) = &self.name {
            s += &format!(" named {n}");
        }
        s += &format!(
            " runs task definition {} on cluster {} {}",
            self.family,
            self.cluster,
            match self.recurring {
                _ if self.on_event => "when an event matches its pattern",
                Some(true) => "on a recurring schedule",
                Some(false) => "once",
                None => "on a schedule",
            }
        );
        if self.enabled == Some(false) {
            s += " (disabled)";
        }
        if self.can_run == Some(true) {
            s += ", with a role that lets it run the task";
        }
        s + "."
    }
}

impl TaskStartedByGoal {
    pub(crate) fn describe(&self) -> String {
        let n = self.at_least.unwrap_or(1);
        let mut s = format!(
            "{} started at least {n} task{}",
            via_text(self.via.as_deref()),
            plural(n)
        );
        if let Some(f) = &self.family {
            s += &format!(" of {f}");
        }
        s += &format!(" on cluster {}", self.cluster);
        if let Some(name) = &self.name {
            s += &format!(" (the one named {name})");
        }
        s + "."
    }
}

use crate::events::family_of;

/// One rule's or schedule's ECS target, as the goal compares it.
struct Candidate<'a> {
    what: &'static str,
    name: &'a str,
    expression: &'a str,
    recurring: bool,
    enabled: bool,
    cluster_arn: &'a str,
    role: Option<&'a str>,
    ecs: Option<&'a EcsParameters>,
    principal: &'static str,
}

impl Sim {
    /// Rules and schedules with their targets; with `on_event`, the rules
    /// with an event pattern instead (what they match is the expression).
    fn scheduled_candidates(&self, on_event: bool) -> Vec<Candidate<'_>> {
        let mut out = Vec::new();
        for r in self.state.events.rules.values() {
            let (expression, recurring) = match (&r.schedule_text, &r.schedule, &r.event_pattern) {
                (Some(text), Some(schedule), _) if !on_event => {
                    (text.as_str(), !matches!(schedule, Schedule::At(_)))
                }
                (None, _, Some(pattern)) if on_event => (pattern.as_str(), true),
                _ => continue,
            };
            for t in r.targets.values() {
                out.push(Candidate {
                    what: "rule",
                    name: &r.name,
                    expression,
                    recurring,
                    enabled: r.enabled,
                    cluster_arn: &t.arn,
                    role: t.role_arn.as_deref(),
                    ecs: t.ecs_parameters.as_ref(),
                    principal: "events.amazonaws.com",
                });
            }
        }
        for s in self
            .state
            .scheduler
            .schedules
            .values()
            .filter(|_| !on_event)
        {
            out.push(Candidate {
                what: "schedule",
                name: &s.name,
                expression: &s.expression,
                recurring: !matches!(s.schedule, Schedule::At(_)),
                enabled: s.enabled,
                cluster_arn: &s.target.arn,
                role: Some(&s.target.role_arn),
                ecs: s.target.ecs_parameters.as_ref(),
                principal: "scheduler.amazonaws.com",
            });
        }
        out
    }

    /// Why the candidate's role could not run its task now, if it could not.
    fn cannot_run(&self, c: &Candidate<'_>) -> Option<String> {
        let Some(role) = c.role else {
            return Some("its target has no role".to_owned());
        };
        if self.role_by_arn(role).is_none() {
            return Some(format!("its role {role} does not exist"));
        }
        if !self.role_trusts(role, c.principal) {
            return Some(format!(
                "its role {} does not trust {}",
                role.rsplit('/').next().unwrap_or(role),
                c.principal
            ));
        }
        let ecs = c.ecs?;
        let Ok(def) = self.resolve_task_definition(&ecs.task_definition_arn) else {
            return Some(format!(
                "its task definition {} cannot be found",
                ecs.task_definition_arn
            ));
        };
        if !self
            .role_allows(role, "ecs:RunTask", def.arn())
            .is_allowed()
        {
            return Some(format!(
                "its role does not allow ecs:RunTask on {}",
                def.arn()
            ));
        }
        for passed in [def.task_role_arn(), def.execution_role_arn()]
            .into_iter()
            .flatten()
        {
            if !self.role_allows(role, "iam:PassRole", passed).is_allowed() {
                return Some(format!("its role does not allow iam:PassRole on {passed}"));
            }
        }
        None
    }

    pub(crate) fn check_scheduled_task(&self, g: &ScheduledTaskGoal) -> GoalCheck {
        let cluster_arn = self.cluster_arn(&g.cluster);
        let all = self.scheduled_candidates(g.on_event);
        let ecs_here: Vec<&Candidate<'_>> = all
            .iter()
            .filter(|c| g.via.as_deref().is_none_or(|v| v == c.what))
            .filter(|c| g.name.as_deref().is_none_or(|n| n == c.name))
            .filter(|c| c.cluster_arn == cluster_arn)
            .filter(|c| {
                c.ecs
                    .is_some_and(|e| family_of(&e.task_definition_arn) == g.family)
            })
            .collect();
        if ecs_here.is_empty() {
            let what = match g.via.as_deref() {
                _ if g.on_event => "no rule with an event pattern",
                Some("rule") => "no scheduled rule",
                Some("schedule") => "no schedule",
                _ => "no scheduled rule or schedule",
            };
            let others = all
                .iter()
                .map(|c| {
                    format!(
                        "{} {} targets {}",
                        c.what,
                        c.name,
                        c.ecs.map_or(c.cluster_arn.to_owned(), |e| format!(
                            "{} on {}",
                            e.task_definition_arn, c.cluster_arn
                        ))
                    )
                })
                .collect::<Vec<_>>();
            return GoalCheck::unmet(if others.is_empty() {
                format!(
                    "{what} runs {} on {} yet (aws events put-rule and put-targets, or aws scheduler create-schedule)",
                    g.family, g.cluster
                )
            } else {
                format!(
                    "{what} runs {} on {}: {}",
                    g.family,
                    g.cluster,
                    others.join("; ")
                )
            });
        }
        let mut problems = Vec::new();
        for c in &ecs_here {
            let mut wrong = Vec::new();
            if let Some(r) = g.recurring
                && r != c.recurring
            {
                wrong.push(if r {
                    format!("{} is one-time", c.expression)
                } else {
                    format!("{} recurs", c.expression)
                });
            }
            if let Some(e) = g.enabled
                && e != c.enabled
            {
                wrong.push(if e { "it is disabled" } else { "it is enabled" }.to_owned());
            }
            if g.can_run == Some(true)
                && let Some(why) = self.cannot_run(c)
            {
                wrong.push(why);
            }
            if wrong.is_empty() {
                return GoalCheck::met(format!(
                    "{} {} ({}{}) runs {} on {}",
                    c.what,
                    c.name,
                    c.expression,
                    if c.enabled { "" } else { ", disabled" },
                    g.family,
                    g.cluster
                ));
            }
            problems.push(format!("{} {}: {}", c.what, c.name, wrong.join(", ")));
        }
        GoalCheck::unmet(problems.join("; "))
    }

    pub(crate) fn check_sns_subscription(&self, g: &SnsSubscriptionGoal) -> GoalCheck {
        let Some(topic) = self.state.sns.topics.get(&g.topic) else {
            return GoalCheck::unmet(format!("no topic {}", g.topic));
        };
        let Some(s) = topic
            .subscriptions
            .values()
            .find(|s| s.protocol == g.protocol && s.endpoint == g.endpoint)
        else {
            return GoalCheck::unmet(format!(
                "topic {} has no {} subscription for {}",
                g.topic, g.protocol, g.endpoint
            ));
        };
        let state = if s.confirmed {
            "confirmed"
        } else {
            "PendingConfirmation"
        };
        if s.confirmed == g.confirmed.unwrap_or(true) {
            GoalCheck::met(format!("the subscription is {state}"))
        } else {
            GoalCheck::unmet(format!("the subscription is {state}"))
        }
    }

    pub(crate) fn check_email_received(&self, g: &EmailReceivedGoal) -> GoalCheck {
        let mine: Vec<_> = self.inbox().iter().filter(|m| m.to == g.to).collect();
        let found = mine.iter().any(|m| {
            g.subject.as_deref().is_none_or(|s| s == m.subject)
                && g.contains.as_deref().is_none_or(|c| m.body.contains(c))
        });
        if found {
            return GoalCheck::met(format!("{} has the email", g.to));
        }
        GoalCheck::unmet(match mine.last() {
            None => format!("no email has reached {}", g.to),
            Some(m) => format!(
                "{} has {} email(s), none that matches; the last: \"{}\"",
                g.to,
                mine.len(),
                m.subject
            ),
        })
    }

    pub(crate) fn check_task_started_by(&self, g: &TaskStartedByGoal) -> GoalCheck {
        let cluster_arn = self.cluster_arn(&g.cluster);
        let wanted = u64::from(g.at_least.unwrap_or(1));
        // (what, name, its record), for the rules and schedules the goal
        // names whose ECS targets are on the cluster.
        let mut sources: Vec<(&str, &str, &crate::events::InvocationRecord)> = Vec::new();
        if g.via.as_deref() != Some("schedule") {
            for r in self.state.events.rules.values() {
                if r.targets.values().any(|t| t.arn == cluster_arn) {
                    sources.push(("rule", &r.name, &r.record));
                }
            }
        }
        if g.via.as_deref() != Some("rule") {
            for s in self.state.scheduler.schedules.values() {
                if s.target.arn == cluster_arn {
                    sources.push(("schedule", &s.name, &s.record));
                }
            }
        }
        sources.retain(|(_, name, _)| g.name.as_deref().is_none_or(|n| n == *name));
        let count = |r: &crate::events::InvocationRecord| -> u64 {
            r.started
                .iter()
                .filter(|(f, _)| g.family.as_deref().is_none_or(|w| w == f.as_str()))
                .map(|(_, n)| n)
                .sum()
        };
        let total: u64 = sources.iter().map(|(_, _, r)| count(r)).sum();
        if total >= wanted {
            return GoalCheck::met(
                sources
                    .iter()
                    .filter(|(_, _, r)| count(r) > 0)
                    .map(|(what, name, r)| {
                        format!(
                            "{what} {name} started {} task{} on {}",
                            count(r),
                            plural(count(r) as u32),
                            g.cluster
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        if sources.is_empty() {
            return GoalCheck::unmet(format!(
                "no {} with a target on cluster {}",
                match g.via.as_deref() {
                    Some("rule") => "rule",
                    Some("schedule") => "schedule",
                    _ => "rule or schedule",
                },
                g.cluster
            ));
        }
        GoalCheck::unmet(
            sources
                .iter()
                .map(|(what, name, r)| {
                    let mut s = format!(
                        "{what} {name} started {} task{}",
                        count(r),
                        plural(count(r) as u32)
                    );
                    match &r.last_failure {
                        Some(why) => {
                            s += &format!(
                                "; {} invocation{} failed, the last one: {why}",
                                r.failed,
                                plural(r.failed as u32)
                            );
                        }
                        None => s += " (has it fired yet? sim advance past its next time)",
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}
