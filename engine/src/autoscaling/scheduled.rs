//! EC2 Auto Scaling scheduled actions: PutScheduledUpdateGroupAction,
//! DescribeScheduledActions, DeleteScheduledAction, and what an action does
//! to its group when its time comes (ASUG ec2-auto-scaling-scheduled-scaling).
//!
//! - An action sets at least one of MinSize, MaxSize and DesiredCapacity,
//!   once at StartTime (no Recurrence; a StartTime in the past is refused)
//!   or on a Unix cron `Recurrence` (five fields, [`Cron::parse_unix`]) in
//!   UTC or its `TimeZone`, between StartTime and EndTime.
//! - Putting an action with a name the group already has replaces it.
//! - Each action has one [`Timer::AsgScheduledAction`] pending, named by the
//!   action's generation: a replaced or deleted action's timer does nothing.
//! - When it fires the group's bounds and desired capacity change as
//!   UpdateAutoScalingGroup's do (the desired capacity, given or not, is
//!   moved into the new bounds: MODEL), and the group reconciles; the launches and
//!   terminations are activities whose cause starts `At <time> a scheduled
//!   action update of AutoScalingGroup constraints to min: 2, max: 6,
//!   desired: 4 changing the desired capacity from 1 to 4.` An action whose
//!   bounds contradict the group's (a MinSize above its MaxSize) is skipped
//!   (MODEL).
//! - A one-time action is deleted after it runs; a recurring one once it
//!   has no firing left before its EndTime (MODEL).
//! - An action belongs to its group (by ARN): deleting the group deletes
//!   its actions, and a new group with the same name does not inherit them.
//!
//! DescribeScheduledActions shows a recurring action's StartTime (and the
//! deprecated Time) as its next firing.

use crate::base::schedule::{self, Cron, Zone};
use crate::base::time::Precision;
use crate::error::{ApiError, ErrorCode};
use crate::sim::{Sim, Timer};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// ASUG quotas: scheduled actions per Auto Scaling group.
pub const MAX_SCHEDULED_ACTIONS: usize = 125;

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScheduledUpdateGroupActionType {
    pub auto_scaling_group_name: String,
    pub scheduled_action_name: String,
    /// Timestamps: ISO 8601 (or epoch seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// PutScheduledUpdateGroupAction's and DeleteScheduledAction's empty result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduledActionEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScheduledActionsType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_action_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduledUpdateGroupAction {
    pub auto_scaling_group_name: String,
    pub scheduled_action_name: String,
    #[serde(rename = "ScheduledActionARN")]
    pub scheduled_action_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduledActionsType {
    pub scheduled_update_group_actions: Vec<ScheduledUpdateGroupAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteScheduledActionType {
    pub auto_scaling_group_name: String,
    pub scheduled_action_name: String,
}

// ----------------------------------------------------------- records ---

#[derive(Debug, Clone, PartialEq)]
pub struct GroupScheduledAction {
    pub group: String,
    /// The group's ARN when the action was put: the action is its.
    pub group_arn: String,
    pub name: String,
    pub arn: String,
    /// Epoch milliseconds.
    pub start: Option<u64>,
    pub end: Option<u64>,
    /// As given, and parsed.
    pub recurrence: Option<(String, Cron)>,
    pub time_zone: Option<String>,
    pub zone: Zone,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub desired: Option<u32>,
    pub generation: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduledState {
    /// By (group name, action name).
    pub actions: BTreeMap<(String, String), GroupScheduledAction>,
    pub next_generation: u64,
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationError, message)
}

fn group_not_found(name: &str) -> ApiError {
    validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup {name} not found"
    ))
}

fn timestamp(value: &Option<Value>, member: &str) -> Result<Option<u64>, ApiError> {
    value
        .as_ref()
        .map(|v| crate::cloudwatch::parse_timestamp(v, member).map_err(|e| validation(e.message)))
        .transpose()
}

fn size(name: &str, n: Option<i64>) -> Result<Option<u32>, ApiError> {
    n.map(|n| {
        u32::try_from(n).map_err(|_| {
            validation(format!(
                "{name} must be a non-negative integer; {n} was given."
            ))
        })
    })
    .transpose()
}

impl Sim {
    /// Whether the action's group is still the one it was put on.
    fn scheduled_group_live(&self, a: &GroupScheduledAction) -> bool {
        self.state
            .auto_scaling_groups
            .get(&a.group)
            .is_some_and(|g| g.arn == a.group_arn)
    }

    pub(crate) fn put_scheduled_update_group_action(
        &mut self,
        req: PutScheduledUpdateGroupActionType,
    ) -> Result<ScheduledActionEmpty, ApiError> {
        let name = req.scheduled_action_name.clone();
        if name.is_empty() || name.chars().count() > 255 {
            return Err(validation(
                "ScheduledActionName must be 1 to 255 characters long.",
            ));
        }
        let group = req.auto_scaling_group_name.clone();
        let Some(group_arn) = self
            .state
            .auto_scaling_groups
            .get(&group)
            .map(|g| g.arn.clone())
        else {
            return Err(group_not_found(&group));
        };
        let min = size("MinSize", req.min_size)?;
        let max = size("MaxSize", req.max_size)?;
        let desired = size("DesiredCapacity", req.desired_capacity)?;
        if min.is_none() && max.is_none() && desired.is_none() {
            return Err(validation(
                "At least one of MinSize, MaxSize or DesiredCapacity must be specified.",
            ));
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(validation(format!(
                "Max bound, {hi}, must be greater than or equal to min bound, {lo}"
            )));
        }
        if let Some(d) = desired
            && (min.is_some_and(|lo| d < lo) || max.is_some_and(|hi| d > hi))
        {
            return Err(validation(format!(
                "Desired capacity:{d} must be between the specified min size:{} and max size:{}",
                min.map_or("(the group's)".to_owned(), |v| v.to_string()),
                max.map_or("(the group's)".to_owned(), |v| v.to_string()),
            )));
        }
        if req.time.is_some() && req.start_time.is_some() {
            return Err(validation(
                "Time and StartTime cannot both be specified (Time is the deprecated name of StartTime).",
            ));
        }
        let start = match timestamp(&req.start_time, "StartTime")? {
            Some(t) => Some(t),
            None => timestamp(&req.time, "Time")?,
        };
        let end = timestamp(&req.end_time, "EndTime")?;
        let recurrence = match &req.recurrence {
            Some(text) => Some((
                text.trim().to_owned(),
                Cron::parse_unix(text).map_err(|e| {
                    validation(format!(
                        "Invalid recurrence '{text}': {e} (a Unix cron expression, such as \"0 9 * * 1-5\")."
                    ))
                })?,
            )),
            None => None,
        };
        let zone = match &req.time_zone {
            Some(tz) => crate::applicationautoscaling::known_zone(tz).map_err(validation)?,
            None => schedule::UTC,
        };
        let now_ms = self.epoch_ms(self.now);
        match (&recurrence, start) {
            (None, None) => {
                return Err(validation(
                    "A scheduled action needs a StartTime (once), a Recurrence, or both.",
                ));
            }
            (None, Some(s)) if s < now_ms => {
                return Err(validation("Given start time is in the past"));
            }
            _ => {}
        }
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            return Err(validation("The end time must be after the start time."));
        }
        if end.is_some() && recurrence.is_none() {
            return Err(validation(
                "EndTime is only valid with a Recurrence (a one-time action runs at its StartTime).",
            ));
        }
        // Actions of a group that was deleted are forgotten now.
        let stale: Vec<(String, String)> = self
            .state
            .asg_scheduled
            .actions
            .iter()
            .filter(|((g, _), a)| *g == group && a.group_arn != group_arn)
            .map(|(k, _)| k.clone())
            .collect();
        let key = (group.clone(), name.clone());
        let existing = self
            .state
            .asg_scheduled
            .actions
            .get(&key)
            .filter(|a| a.group_arn == group_arn)
            .cloned();
        let count = self
            .state
            .asg_scheduled
            .actions
            .iter()
            .filter(|((g, _), a)| *g == group && a.group_arn == group_arn)
            .count();
        if existing.is_none() && count >= MAX_SCHEDULED_ACTIONS {
            return Err(ApiError::new(
                ErrorCode::AutoScalingLimitExceeded,
                format!(
                    "The group {group} already has {MAX_SCHEDULED_ACTIONS} scheduled actions, the most it can have."
                ),
            ));
        }
        for k in stale {
            self.state.asg_scheduled.actions.remove(&k);
        }
        let arn = match &existing {
            Some(a) => a.arn.clone(),
            None => {
                let uuid = self.new_uuid();
                self.arns.arn(
                    "autoscaling",
                    &format!(
                        "scheduledUpdateGroupAction:{uuid}:autoScalingGroupName/{group}:scheduledActionName/{name}"
                    ),
                )
            }
        };
        self.state.asg_scheduled.next_generation += 1;
        let generation = self.state.asg_scheduled.next_generation;
        self.state.asg_scheduled.actions.insert(
            key.clone(),
            GroupScheduledAction {
                group,
                group_arn,
                name,
                arn,
                start,
                end,
                recurrence,
                time_zone: req.time_zone.clone(),
                zone,
                min,
                max,
                desired,
                generation,
            },
        );
        self.arm_group_scheduled_action(&key);
        Ok(ScheduledActionEmpty {})
    }

    /// The action's next firing (epoch milliseconds) after now.
    fn next_group_firing(&self, a: &GroupScheduledAction) -> Option<u64> {
        let now_ms = self.epoch_ms(self.now);
        let Some((_, cron)) = &a.recurrence else {
            return a.start.filter(|s| *s > now_ms);
        };
        let now_s = (now_ms / 1000) as i64;
        let after = a
            .start
            .map_or(now_s, |s| now_s.max((s as i64 + 999) / 1000 - 1));
        let next = cron.next_after(after, &a.zone)? as u64 * 1000;
        match a.end {
            Some(end) if next > end => None,
            _ => Some(next),
        }
    }

    fn arm_group_scheduled_action(&mut self, key: &(String, String)) {
        let Some(a) = self.state.asg_scheduled.actions.get(key) else {
            return;
        };
        let Some(next) = self.next_group_firing(a) else {
            return;
        };
        let generation = a.generation;
        let delay = next.saturating_sub(self.epoch_ms(self.now));
        self.schedule(
            SimDuration::millis(delay),
            Timer::AsgScheduledAction {
                group: key.0.clone(),
                name: key.1.clone(),
                generation,
            },
        );
    }

    /// [`Timer::AsgScheduledAction`]: the action updates its group (unless
    /// the timer is stale or the group is gone) and is armed again.
    pub(crate) fn asg_scheduled_action_due(&mut self, group: &str, name: &str, generation: u64) {
        let key = (group.to_owned(), name.to_owned());
        let Some(a) = self.state.asg_scheduled.actions.get(&key).cloned() else {
            return;
        };
        if a.generation != generation {
            return;
        }
        if !self.scheduled_group_live(&a) {
            self.state.asg_scheduled.actions.remove(&key);
            return;
        }
        self.run_group_scheduled_action(&a);
        // An action that will not run again is deleted (a one-time action
        // after it runs, as AWS does; a recurring one past its EndTime,
        // MODEL).
        if self.next_group_firing(&a).is_none() {
            self.state.asg_scheduled.actions.remove(&key);
            return;
        }
        self.arm_group_scheduled_action(&key);
    }

    fn run_group_scheduled_action(&mut self, a: &GroupScheduledAction) {
        let Some(g) = self.state.auto_scaling_groups.get(&a.group).cloned() else {
            return;
        };
        if g.deleting {
            return;
        }
        let min = a.min.unwrap_or(g.min_size);
        let max = a.max.unwrap_or(g.max_size);
        if min > max || max > super::group::MAX_GROUP_SIZE {
            return;
        }
        let desired = a.desired.unwrap_or(g.desired_capacity).clamp(min, max);
        if let Some(rec) = self.state.auto_scaling_groups.get_mut(&a.group) {
            rec.min_size = min;
            rec.max_size = max;
            rec.desired_capacity = desired;
        }
        // The form of the group handlers' capacity causes.
        let cause = format!(
            "At {} a scheduled action update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired} changing the desired capacity from {} to {desired}.",
            self.iso8601(self.now, Precision::Seconds),
            g.desired_capacity
        );
        self.reconcile_group(&a.group, &cause);
    }

    pub(crate) fn describe_scheduled_actions(
        &self,
        req: DescribeScheduledActionsType,
    ) -> Result<ScheduledActionsType, ApiError> {
        let paging = super::paging("DescribeScheduledActions", 50)
            .request(req.max_records, req.next_token.as_deref())?;
        let from = timestamp(&req.start_time, "StartTime")?;
        let to = timestamp(&req.end_time, "EndTime")?;
        let names = req.scheduled_action_names.clone().unwrap_or_default();
        let iso = |ms: u64| crate::base::time::iso8601(ms, Precision::Seconds);
        let actions = self
            .state
            .asg_scheduled
            .actions
            .values()
            .filter(|a| self.scheduled_group_live(a))
            .filter(|a| {
                req.auto_scaling_group_name
                    .as_ref()
                    .is_none_or(|g| *g == a.group)
            })
            .filter(|a| names.is_empty() || names.contains(&a.name))
            .filter_map(|a| {
                let next = self.next_group_firing(a);
                // Names given: the times are ignored (as AWS does).
                if names.is_empty() {
                    let when = next.unwrap_or(0);
                    if from.is_some_and(|f| when < f) || to.is_some_and(|t| when > t) {
                        return None;
                    }
                }
                let start = next.or(a.start).map(iso);
                Some((
                    format!("{}\u{1}{}", a.group, a.name),
                    ScheduledUpdateGroupAction {
                        auto_scaling_group_name: a.group.clone(),
                        scheduled_action_name: a.name.clone(),
                        scheduled_action_arn: a.arn.clone(),
                        time: start.clone(),
                        start_time: start,
                        end_time: a.end.map(iso),
                        recurrence: a.recurrence.as_ref().map(|(t, _)| t.clone()),
                        min_size: a.min,
                        max_size: a.max,
                        desired_capacity: a.desired,
                        time_zone: a.time_zone.clone(),
                    },
                ))
            });
        let (scheduled_update_group_actions, next_token) = paging.page(actions);
        Ok(ScheduledActionsType {
            scheduled_update_group_actions,
            next_token,
        })
    }

    pub(crate) fn delete_scheduled_action(
        &mut self,
        req: DeleteScheduledActionType,
    ) -> Result<ScheduledActionEmpty, ApiError> {
        let group = req.auto_scaling_group_name;
        if !self.state.auto_scaling_groups.contains_key(&group) {
            return Err(group_not_found(&group));
        }
        let key = (group, req.scheduled_action_name);
        let live = self
            .state
            .asg_scheduled
            .actions
            .get(&key)
            .is_some_and(|a| self.scheduled_group_live(a));
        if !live {
            return Err(validation(format!(
                "Scheduled action name not found - Scheduled action {} not found for AutoScalingGroup {}",
                key.1, key.0
            )));
        }
        self.state.asg_scheduled.actions.remove(&key);
        Ok(ScheduledActionEmpty {})
    }
}
