//! Application Auto Scaling scheduled actions (F8.6, F17.4, F17.5):
//! PutScheduledAction, DescribeScheduledActions, DeleteScheduledAction, and
//! what an action does when its schedule comes round.
//!
//! - A schedule is `at(…)`, `rate(…)` or `cron(…)` ([`crate::base::schedule`]),
//!   in UTC or the action's `Timezone` (a zone the simulator knows; any
//!   other is refused, naming it). `StartTime` and `EndTime` bound the
//!   firings; `at()` fires once, and an `at()` already past never fires
//!   (MODEL). A rate fires first at StartTime, or one interval after the
//!   action was put, then every interval (MODEL).
//! - Each action has one [`Timer::AasScheduledAction`] pending, carrying the
//!   action's generation: putting the action again or deleting it makes the
//!   pending timer stale, and a stale timer does nothing.
//! - When it fires it sets the target's minimum and/or maximum (an activity
//!   `Setting min capacity to 15 and max capacity to 20`, Cause `scheduled
//!   action name <n> was triggered`), then, if the desired count is outside
//!   the new bounds, sets it to the nearer bound through UpdateService's
//!   path (a second activity, Cause `minimum capacity was set to 15`).
//!   Cooldowns do not apply; a target with ScheduledScalingSuspended skips
//!   the firing. A minimum above the maximum the action leaves in place is
//!   a Failed activity that changes nothing (MODEL).
//! - Deregistering a target deletes its scheduled actions.

use super::{
    AasEmpty, ActivityRecord, DIMENSION, Limits, NAMESPACE, TARGETS, check_namespace, no_target,
    validation,
};
use crate::base::schedule::{self, Schedule, Zone};
use crate::error::{ApiError, ErrorCode};
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// F8.1: scheduled actions per scalable target.
pub const MAX_SCHEDULED_ACTIONS: usize = 200;

const SCHEDULED: Limits = Limits {
    operation: "DescribeScheduledActions",
    ..TARGETS
};

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScalableTargetAction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScheduledActionRequest {
    pub service_namespace: String,
    #[serde(default)]
    pub schedule: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    pub scheduled_action_name: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    /// A timestamp: epoch seconds or ISO 8601.
    #[serde(default)]
    pub start_time: Option<Value>,
    #[serde(default)]
    pub end_time: Option<Value>,
    #[serde(default)]
    pub scalable_target_action: Option<ScalableTargetAction>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScheduledActionsRequest {
    #[serde(default)]
    pub scheduled_action_names: Option<Vec<String>>,
    pub service_namespace: String,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub scalable_dimension: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduledAction {
    pub scheduled_action_name: String,
    #[serde(rename = "ScheduledActionARN")]
    pub scheduled_action_arn: String,
    pub service_namespace: String,
    pub schedule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub resource_id: String,
    pub scalable_dimension: String,
    /// Epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<f64>,
    pub scalable_target_action: ScalableTargetAction,
    pub creation_time: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScheduledActionsResponse {
    pub scheduled_actions: Vec<ScheduledAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteScheduledActionRequest {
    pub service_namespace: String,
    pub scheduled_action_name: String,
    pub resource_id: String,
    pub scalable_dimension: String,
}

// ----------------------------------------------------------- record ---

/// A scheduled action as the engine keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledActionRecord {
    pub name: String,
    pub arn: String,
    pub resource_id: String,
    /// As given (`cron(0 9 ? * MON-FRI *)`), and parsed.
    pub schedule_text: String,
    pub schedule: Schedule,
    pub timezone: Option<String>,
    pub zone: Zone,
    /// Epoch milliseconds.
    pub start: Option<u64>,
    pub end: Option<u64>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub created: SimTime,
    /// Names the pending timer (module docs).
    pub generation: u64,
}

/// A timestamp member as the CLI sends it, or a ValidationException.
fn timestamp(value: &Option<Value>, member: &str) -> Result<Option<u64>, ApiError> {
    value
        .as_ref()
        .map(|v| {
            crate::cloudwatch::parse_timestamp(v, member)
                .map_err(|e| ApiError::new(ErrorCode::ValidationException, e.message))
        })
        .transpose()
}

/// The zone of a Timezone member, or a ValidationException naming it.
pub(crate) fn known_zone(name: &str) -> Result<Zone, String> {
    schedule::zone(name).ok_or_else(|| {
        format!(
            "Unsupported time zone '{name}': the simulator knows these IANA zones: {}, and Etc/GMT+N / Etc/GMT-N",
            schedule::zone_names().collect::<Vec<_>>().join(", ")
        )
    })
}

impl Sim {
    pub(crate) fn put_scheduled_action(
        &mut self,
        req: PutScheduledActionRequest,
    ) -> Result<AasEmpty, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        let name = req.scheduled_action_name.clone();
        if name.is_empty()
            || name.chars().count() > 256
            || name.contains([':', '/', '|'])
            || name.chars().any(char::is_control)
            || name.starts_with(' ')
            || name.ends_with(' ')
        {
            return Err(validation(format!(
                "ScheduledActionName '{name}' is not valid: use 1 to 256 characters without ':', '/', '|' or control characters, not starting or ending with a space"
            )));
        }
        if !self.state.aas.targets.contains_key(&req.resource_id) {
            return Err(no_target(&req.resource_id));
        }
        let key = (req.resource_id.clone(), name.clone());
        let existing = self.state.aas.scheduled.get(&key).cloned();
        // F17.4: on an update, what is not given stays as it was.
        let schedule_text = match (&req.schedule, &existing) {
            (Some(s), _) => s.trim().to_owned(),
            (None, Some(e)) => e.schedule_text.clone(),
            (None, None) => {
                return Err(validation(
                    "Schedule is required for a new scheduled action: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)",
                ));
            }
        };
        let parsed = Schedule::parse(&schedule_text).map_err(validation)?;
        let timezone = req
            .timezone
            .clone()
            .or_else(|| existing.as_ref().and_then(|e| e.timezone.clone()));
        let zone = match &timezone {
            Some(tz) => known_zone(tz).map_err(validation)?,
            None => schedule::UTC,
        };
        let start = match timestamp(&req.start_time, "StartTime")? {
            Some(t) => Some(t),
            None => existing.as_ref().and_then(|e| e.start),
        };
        let end = match timestamp(&req.end_time, "EndTime")? {
            Some(t) => Some(t),
            None => existing.as_ref().and_then(|e| e.end),
        };
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            return Err(validation("EndTime must be later than StartTime"));
        }
        let capacity = |v: Option<i64>, what: &str| -> Result<Option<u32>, ApiError> {
            match v {
                None => Ok(None),
                Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
                Some(n) => Err(validation(format!("{what} must be 0 or more (got {n})"))),
            }
        };
        let action = req.scalable_target_action.clone().unwrap_or_default();
        let min =
            capacity(action.min_capacity, "MinCapacity")?.or(existing.as_ref().and_then(|e| e.min));
        let max =
            capacity(action.max_capacity, "MaxCapacity")?.or(existing.as_ref().and_then(|e| e.max));
        if min.is_none() && max.is_none() {
            return Err(validation(
                "ScalableTargetAction needs MinCapacity, MaxCapacity or both",
            ));
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(validation(format!(
                "Minimum capacity ({lo}) cannot be greater than maximum capacity ({hi})"
            )));
        }
        if existing.is_none()
            && self
                .state
                .aas
                .scheduled
                .keys()
                .filter(|(r, _)| *r == req.resource_id)
                .count()
                >= MAX_SCHEDULED_ACTIONS
        {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "A scalable target can have at most {MAX_SCHEDULED_ACTIONS} scheduled actions"
                ),
            ));
        }
        let arn = match &existing {
            Some(e) => e.arn.clone(),
            None => {
                let uuid = self.new_uuid();
                self.arns.arn(
                    "autoscaling",
                    &format!(
                        "scheduledAction:{uuid}:resource/ecs/{}:scheduledActionName/{name}",
                        req.resource_id
                    ),
                )
            }
        };
        self.state.aas.next_generation += 1;
        let generation = self.state.aas.next_generation;
        self.state.aas.scheduled.insert(
            key.clone(),
            ScheduledActionRecord {
                name,
                arn,
                resource_id: req.resource_id.clone(),
                schedule_text,
                schedule: parsed,
                timezone,
                zone,
                start,
                end,
                min,
                max,
                created: existing.as_ref().map_or(self.now, |e| e.created),
                generation,
            },
        );
        self.arm_scheduled_action(&key);
        Ok(AasEmpty {})
    }

    pub(crate) fn aas_describe_scheduled_actions(
        &self,
        req: DescribeScheduledActionsRequest,
    ) -> Result<DescribeScheduledActionsResponse, ApiError> {
        check_namespace(&req.service_namespace, req.scalable_dimension.as_deref())?;
        let actions: Vec<&ScheduledActionRecord> = self
            .state
            .aas
            .scheduled
            .values()
            .filter(|a| req.resource_id.as_ref().is_none_or(|r| *r == a.resource_id))
            .filter(|a| {
                req.scheduled_action_names
                    .as_ref()
                    .is_none_or(|n| n.is_empty() || n.contains(&a.name))
            })
            .collect();
        let (page, next_token) = SCHEDULED
            .request(req.max_results, req.next_token.as_deref())?
            .page_in_order(
                actions
                    .into_iter()
                    .map(|a| (format!("{}\u{1}{}", a.resource_id, a.name), a)),
            );
        let secs = |ms: u64| ms as f64 / 1000.0;
        Ok(DescribeScheduledActionsResponse {
            scheduled_actions: page
                .iter()
                .map(|a| ScheduledAction {
                    scheduled_action_name: a.name.clone(),
                    scheduled_action_arn: a.arn.clone(),
                    service_namespace: NAMESPACE.to_owned(),
                    schedule: a.schedule_text.clone(),
                    timezone: a.timezone.clone(),
                    resource_id: a.resource_id.clone(),
                    scalable_dimension: DIMENSION.to_owned(),
                    start_time: a.start.map(secs),
                    end_time: a.end.map(secs),
                    scalable_target_action: ScalableTargetAction {
                        min_capacity: a.min.map(i64::from),
                        max_capacity: a.max.map(i64::from),
                    },
                    creation_time: secs(self.epoch_ms(a.created)),
                })
                .collect(),
            next_token,
        })
    }

    pub(crate) fn aas_delete_scheduled_action(
        &mut self,
        req: DeleteScheduledActionRequest,
    ) -> Result<AasEmpty, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        let key = (req.resource_id.clone(), req.scheduled_action_name.clone());
        if self.state.aas.scheduled.remove(&key).is_none() {
            return Err(ApiError::new(
                ErrorCode::ObjectNotFoundException,
                format!(
                    "No scheduled action found for service namespace: ecs, resource ID: {}, scalable dimension: ecs:service:DesiredCount, scheduled action name: {}",
                    req.resource_id, req.scheduled_action_name
                ),
            ));
        }
        Ok(AasEmpty {})
    }

    /// When the action fires next (epoch seconds) after the current
    /// simulated time, within its StartTime and EndTime.
    pub(crate) fn next_scheduled_firing(&self, a: &ScheduledActionRecord) -> Option<i64> {
        let now_s = (self.epoch_ms(self.now) / 1000) as i64;
        // Firings at or after StartTime: strictly after one second before.
        let start_s = a.start.map(|ms| (ms as i64 + 999) / 1000);
        let after = start_s.map_or(now_s, |s| now_s.max(s - 1));
        // A rate fires first at StartTime, or one interval after the
        // action was put (MODEL).
        let created = (self.epoch_ms(a.created) / 1000) as i64;
        let anchor = start_s.unwrap_or(match a.schedule {
            Schedule::Rate(every) => created + every,
            _ => created,
        });
        let next = a.schedule.next_after(after, &a.zone, anchor)?;
        match a.end {
            Some(end) if next * 1000 > end as i64 => None,
            _ => Some(next),
        }
    }

    /// Schedules the action's next firing, if it has one.
    fn arm_scheduled_action(&mut self, key: &(String, String)) {
        let Some(a) = self.state.aas.scheduled.get(key) else {
            return;
        };
        let Some(next) = self.next_scheduled_firing(a) else {
            return;
        };
        let generation = a.generation;
        let now_ms = self.epoch_ms(self.now);
        let delay = (next as u64 * 1000).saturating_sub(now_ms);
        self.schedule(
            SimDuration::millis(delay),
            Timer::AasScheduledAction {
                resource_id: key.0.clone(),
                name: key.1.clone(),
                generation,
            },
        );
    }

    /// [`Timer::AasScheduledAction`]: the action runs (unless the timer is
    /// stale or scheduled scaling is suspended) and is armed again.
    pub(crate) fn aas_scheduled_action_due(
        &mut self,
        resource_id: &str,
        name: &str,
        generation: u64,
    ) {
        let key = (resource_id.to_owned(), name.to_owned());
        let Some(action) = self.state.aas.scheduled.get(&key).cloned() else {
            return;
        };
        if action.generation != generation {
            return;
        }
        if let Some(target) = self.state.aas.targets.get(resource_id).cloned()
            && target.suspended.scheduled_scaling_suspended != Some(true)
        {
            self.run_scheduled_action(&action, target.min, target.max);
        }
        self.arm_scheduled_action(&key);
    }

    /// F8.6, F17.5: the new bounds, then the desired count into them.
    fn run_scheduled_action(&mut self, a: &ScheduledActionRecord, min: u32, max: u32) {
        let what = match (a.min, a.max) {
            (Some(lo), Some(hi)) => format!("min capacity to {lo} and max capacity to {hi}"),
            (Some(lo), None) => format!("min capacity to {lo}"),
            (None, Some(hi)) => format!("max capacity to {hi}"),
            (None, None) => return,
        };
        let (new_min, new_max) = (a.min.unwrap_or(min), a.max.unwrap_or(max));
        let now = self.now;
        let cause = format!("scheduled action name {} was triggered", a.name);
        if new_min > new_max {
            self.record_activity(ActivityRecord {
                id: String::new(),
                resource_id: a.resource_id.clone(),
                description: format!("Setting {what}"),
                cause,
                at: now,
                status_code: "Failed",
                status_message: format!(
                    "Failed to set {what}: the minimum capacity ({new_min}) cannot be greater than the maximum capacity ({new_max})"
                ),
                not_scaled: Vec::new(),
                from: None,
                to: None,
            });
            return;
        }
        if let Some(t) = self.state.aas.targets.get_mut(&a.resource_id) {
            t.min = new_min;
            t.max = new_max;
        }
        self.record_activity(ActivityRecord {
            id: String::new(),
            resource_id: a.resource_id.clone(),
            description: format!("Setting {what}"),
            cause,
            at: now,
            status_code: "Successful",
            status_message: format!("Successfully set {what}"),
            not_scaled: Vec::new(),
            from: None,
            to: None,
        });
        // The service may be gone: the bounds are set all the same.
        let _ = self.clamp_desired(&a.resource_id, new_min, new_max);
    }
}
