//! Service auto scaling goals: `scaling_policy`, `scaling_activity` and
//! `scheduled_action` (see the vocabulary in the parent module).

use super::GoalCheck;
use crate::applicationautoscaling::PolicyKind;
use crate::base::schedule::Schedule;
use crate::sim::Sim;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingPolicyGoal {
    pub cluster: String,
    pub service: String,
    /// `TargetTrackingScaling` or `StepScaling`.
    #[serde(default)]
    pub policy_type: Option<String>,
    /// A target tracking policy's predefined metric type.
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub target_value: Option<f64>,
    /// A target tracking policy's customized metric is metric math
    /// (`CustomizedMetricSpecification.Metrics`): true, or not: false.
    #[serde(default)]
    pub metric_math: Option<bool>,
    /// The scalable target's bounds.
    #[serde(default)]
    pub min_capacity: Option<u32>,
    #[serde(default)]
    pub max_capacity: Option<u32>,
    /// The policy's name.
    #[serde(default)]
    pub name: Option<String>,
    /// A CloudWatch alarm of this name invokes the policy (step scaling:
    /// the learner's own alarm).
    #[serde(default)]
    pub alarm: Option<String>,
}

/// Whether a target tracking policy's customized metric is metric math.
fn uses_math(c: &crate::applicationautoscaling::TargetTrackingScalingPolicyConfiguration) -> bool {
    c.customized_metric_specification
        .as_ref()
        .is_some_and(|m| m.metrics.is_some())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingActivityGoal {
    pub cluster: String,
    pub service: String,
    /// `out` (a successful activity raised the desired count) or `in`.
    pub direction: String,
    /// The desired count the activity set.
    #[serde(default)]
    pub to: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledActionGoal {
    pub cluster: String,
    pub service: String,
    /// What the action sets.
    #[serde(default)]
    pub min_capacity: Option<u32>,
    #[serde(default)]
    pub max_capacity: Option<u32>,
    /// Its Timezone (IANA name).
    #[serde(default)]
    pub timezone: Option<String>,
    /// A cron or rate schedule (true) or a one-time `at` (false).
    #[serde(default)]
    pub recurring: Option<bool>,
    /// It has run: a successful activity it triggered.
    #[serde(default)]
    pub triggered: Option<bool>,
}

impl ScheduledActionGoal {
    pub(crate) fn describe(&self) -> String {
        let mut s = format!(
            "Service {} of {} has a {}scheduled action",
            self.service,
            self.cluster,
            match self.recurring {
                Some(true) => "recurring ",
                Some(false) => "one-time ",
                None => "",
            }
        );
        match (self.min_capacity, self.max_capacity) {
            (Some(lo), Some(hi)) => s += &format!(" setting min {lo} and max {hi}"),
            (Some(lo), None) => s += &format!(" setting min {lo}"),
            (None, Some(hi)) => s += &format!(" setting max {hi}"),
            (None, None) => {}
        }
        if let Some(tz) = &self.timezone {
            s += &format!(" in {tz}");
        }
        if self.triggered == Some(true) {
            s += " that has run";
        }
        s + "."
    }
}

impl ScalingPolicyGoal {
    pub(crate) fn describe(&self) -> String {
        let mut s = format!(
            "Service {} of {} scales with a {} policy{}",
            self.service,
            self.cluster,
            match self.policy_type.as_deref() {
                Some("StepScaling") => "step scaling",
                Some(_) => "target tracking",
                None => "scaling",
            },
            self.name
                .as_ref()
                .map_or(String::new(), |n| format!(" named {n}"))
        );
        if let Some(m) = &self.metric {
            s += &format!(" on {m}");
        }
        match self.metric_math {
            Some(true) => s += " on metric math (CustomizedMetricSpecification.Metrics)",
            Some(false) => s += " not on metric math",
            None => {}
        }
        if let Some(t) = self.target_value {
            s += &format!(" at {t}");
        }
        if let (Some(lo), Some(hi)) = (self.min_capacity, self.max_capacity) {
            s += &format!(", between {lo} and {hi} tasks");
        }
        if let Some(a) = &self.alarm {
            s += &format!(", invoked by the alarm {a}");
        }
        s + "."
    }
}

impl ScalingActivityGoal {
    pub(crate) fn describe(&self) -> String {
        format!(
            "Application Auto Scaling has scaled service {} of {} {}{}.",
            self.service,
            self.cluster,
            self.direction,
            self.to.map_or(String::new(), |n| format!(" to {n} tasks"))
        )
    }
}

impl Sim {
    pub(crate) fn check_scaling_policy(&self, g: &ScalingPolicyGoal) -> GoalCheck {
        let resource = format!("service/{}/{}", g.cluster, g.service);
        let Some(target) = self.state.aas.targets.get(&resource) else {
            return GoalCheck::unmet(format!(
                "{resource} is not a scalable target yet (aws application-autoscaling register-scalable-target)"
            ));
        };
        if let Some(lo) = g.min_capacity
            && target.min != lo
        {
            return GoalCheck::unmet(format!("its minimum capacity is {}, not {lo}", target.min));
        }
        if let Some(hi) = g.max_capacity
            && target.max != hi
        {
            return GoalCheck::unmet(format!("its maximum capacity is {}, not {hi}", target.max));
        }
        let policies: Vec<_> = self
            .state
            .aas
            .policies
            .values()
            .filter(|p| p.resource_id == resource)
            .collect();
        if policies.is_empty() {
            return GoalCheck::unmet(format!(
                "{resource} is a scalable target ({} to {}) without a scaling policy (aws application-autoscaling put-scaling-policy)",
                target.min, target.max
            ));
        }
        let invoked_by = |p: &crate::applicationautoscaling::PolicyRecord, alarm: &str| {
            self.state.cloudwatch.alarms.get(alarm).is_some_and(|a| {
                a.alarm_actions
                    .iter()
                    .any(|action| action.split(":createdBy/").next() == Some(p.arn.as_str()))
            })
        };
        // One policy that matches every field given.
        let matching = policies.iter().find(|p| {
            g.name.as_ref().is_none_or(|n| *n == p.name)
                && g.alarm.as_ref().is_none_or(|a| invoked_by(p, a))
                && match &p.kind {
                    PolicyKind::TargetTracking(c) => {
                        g.policy_type
                            .as_deref()
                            .is_none_or(|t| t == "TargetTrackingScaling")
                            && g.metric.as_ref().is_none_or(|m| {
                                c.predefined_metric_specification
                                    .as_ref()
                                    .is_some_and(|p| p.predefined_metric_type == *m)
                            })
                            && g.target_value
                                .is_none_or(|t| (c.target_value - t).abs() < 1e-9)
                            && g.metric_math.is_none_or(|m| m == uses_math(c))
                    }
                    PolicyKind::Step(_) => {
                        g.policy_type.as_deref() == Some("StepScaling")
                            && g.metric.is_none()
                            && g.target_value.is_none()
                            && g.metric_math.is_none()
                    }
                }
        });
        match matching {
            Some(p) => GoalCheck::met(format!(
                "policy {} scales {resource} between {} and {} tasks",
                p.name, target.min, target.max
            )),
            None => GoalCheck::unmet(format!(
                "{resource} has {} but none is the one asked for{}",
                policies
                    .iter()
                    .map(|p| match &p.kind {
                        PolicyKind::TargetTracking(c) => format!(
                            "target tracking policy {} ({} at {})",
                            p.name,
                            c.predefined_metric_specification.as_ref().map_or(
                                if uses_math(c) {
                                    "metric math"
                                } else {
                                    "a custom metric"
                                },
                                |s| s.predefined_metric_type.as_str()
                            ),
                            c.target_value
                        ),
                        PolicyKind::Step(_) => format!("step scaling policy {}", p.name),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                g.alarm.as_ref().map_or(String::new(), |a| format!(
                    " (is the alarm {a} there, with the policy's ARN in its --alarm-actions?)"
                ))
            )),
        }
    }

    pub(crate) fn check_scaling_activity(&self, g: &ScalingActivityGoal) -> GoalCheck {
        let resource = format!("service/{}/{}", g.cluster, g.service);
        let out = g.direction == "out";
        let done = self.state.aas.activities.iter().rev().find(|a| {
            a.resource_id == resource
                && a.status_code == "Successful"
                && a.from
                    .zip(a.to)
                    .is_some_and(|(f, t)| if out { t > f } else { t < f })
                && g.to.is_none_or(|n| a.to == Some(n))
        });
        match done {
            Some(a) => GoalCheck::met(format!("{}: {} ({})", resource, a.description, a.cause)),
            None => {
                let desired = self
                    .state
                    .services
                    .values()
                    .find(|s| {
                        s.detail.name == g.service
                            && s.cluster_arn.ends_with(&format!("/{}", g.cluster))
                    })
                    .map(|s| s.detail.desired_count);
                GoalCheck::unmet(format!(
                    "no activity has scaled {resource} {}{} yet (its desired count is {}); aws application-autoscaling describe-scaling-activities --service-namespace ecs shows what happened",
                    g.direction,
                    g.to.map_or(String::new(), |n| format!(" to {n}")),
                    desired.map_or("unknown".to_owned(), |d| d.to_string())
                ))
            }
        }
    }
}

impl Sim {
    pub(crate) fn check_scheduled_action(&self, g: &ScheduledActionGoal) -> GoalCheck {
        let resource = format!("service/{}/{}", g.cluster, g.service);
        let actions: Vec<_> = self
            .state
            .aas
            .scheduled
            .values()
            .filter(|a| a.resource_id == resource)
            .collect();
        if actions.is_empty() {
            return GoalCheck::unmet(format!(
                "{resource} has no scheduled action (aws application-autoscaling put-scheduled-action)"
            ));
        }
        let triggered = |name: &str| {
            let cause = format!("scheduled action name {name} was triggered");
            self.state.aas.activities.iter().any(|a| {
                a.resource_id == resource && a.status_code == "Successful" && a.cause == cause
            })
        };
        let matching = actions.iter().find(|a| {
            g.min_capacity.is_none_or(|m| a.min == Some(m))
                && g.max_capacity.is_none_or(|m| a.max == Some(m))
                && g.timezone
                    .as_ref()
                    .is_none_or(|tz| a.timezone.as_deref() == Some(tz.as_str()))
                && g.recurring
                    .is_none_or(|r| r == !matches!(a.schedule, Schedule::At(_)))
                && g.triggered.is_none_or(|t| t == triggered(&a.name))
        });
        match matching {
            Some(a) => GoalCheck::met(format!(
                "{} on {resource}: {}{}",
                a.name,
                a.schedule_text,
                a.timezone
                    .as_ref()
                    .map_or(String::new(), |tz| format!(" in {tz}"))
            )),
            None => GoalCheck::unmet(format!(
                "{resource} has {} but none is the one asked for",
                actions
                    .iter()
                    .map(|a| format!(
                        "{} ({}{}, min {}, max {}{})",
                        a.name,
                        a.schedule_text,
                        a.timezone
                            .as_ref()
                            .map_or(String::new(), |tz| format!(" in {tz}")),
                        a.min.map_or("unchanged".to_owned(), |v| v.to_string()),
                        a.max.map_or("unchanged".to_owned(), |v| v.to_string()),
                        if triggered(&a.name) {
                            ", has run"
                        } else {
                            ", has not run yet"
                        }
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}
