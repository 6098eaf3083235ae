//! Amazon EventBridge Scheduler (botocore `scheduler`, F24.7):
//! CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule,
//! ListSchedules.
//!
//! - **The `default` schedule group only**: another GroupName is a
//!   ResourceNotFoundException (`Schedule group <g> does not exist.`), as
//!   for a group never created.
//! - A schedule is `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or
//!   six-field `cron(…)` ([`crate::base::schedule`]) in UTC or its
//!   `ScheduleExpressionTimezone` (a zone the simulator knows), bounded by
//!   StartDate and EndDate. A rate fires first at StartDate, or one interval
//!   after it was created or updated (MODEL), then every interval; `at()`
//!   fires once, and with `ActionAfterCompletion` `DELETE` the schedule is
//!   deleted after its last firing.
//! - `FlexibleTimeWindow` `OFF` fires at the schedule's time; `FLEXIBLE`
//!   fires `hash(name) mod MaximumWindowInMinutes` minutes after it (MODEL,
//!   §13).
//! - The target is an ECS cluster of this account and Region with
//!   `EcsParameters`, or an SQS queue or SNS topic ARN of this account and
//!   Region (another kind is refused as not modelled yet); its `RoleArn`
//!   (always required, F24.7) must trust `scheduler.amazonaws.com`. For
//!   ECS, `Input` is the RunTask `overrides`. For SQS, `Input` (any text)
//!   is the message body, sent with the role's `sqs:SendMessage`; for SNS
//!   it is published as the message (default subject, F20.3) with the
//!   role's `sns:Publish` — the role decides, not the queue's or topic's
//!   resource policy as for EventBridge rules. A queue or topic that does
//!   not exist, a denied role or an empty `Input` fail the invocation as an
//!   ECS target's failures do. `SqsParameters.MessageGroupId` is accepted
//!   and not kept: since SQS fair queues (July 2025) standard queues accept
//!   a message group id (MODEL: fair-queue ordering is not simulated; FIFO
//!   queues are refused by the SQS module). The invocation is the rules' one
//!   (`crate::events::deliver`): a failure changes nothing else and is a
//!   `TargetInvoked` event (AWS/Scheduler metrics are not simulated yet);
//!   `RetryPolicy` is kept and shown (MODEL: no retries), dead-letter queues
//!   are refused.
//! - UpdateSchedule replaces everything (its required members as
//!   CreateSchedule's); ListSchedules filters by NamePrefix and State.

use crate::base::hash::fnv1a64;
use crate::base::paginate::Limits;
use crate::base::schedule::{self, Schedule, Zone};
use crate::error::{ApiError, ErrorCode};
use crate::events::deliver::{EcsParameters, Invoker};
use crate::events::{DeadLetterConfig, RetryPolicy};
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The only schedule group simulated.
pub const DEFAULT_GROUP: &str = "default";

const SCHEDULES: Limits = Limits {
    operation: "ListSchedules",
    limit_member: "MaxResults",
    token_member: "NextToken",
    min: 1,
    max: 100,
    default: Some(100),
    limit_error: ErrorCode::ValidationException,
    token_error: ErrorCode::ValidationException,
};

/// The message targets a schedule can have besides ECS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MessageTarget {
    Sqs,
    Sns,
}

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FlexibleTimeWindow {
    pub mode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_window_in_minutes: Option<i64>,
}

/// BOTO-SCHED:SqsParameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SqsParameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<String>,
}

/// A schedule's target (BOTO-SCHED:Target), kept as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScheduleTarget {
    pub arn: String,
    pub role_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs_parameters: Option<EcsParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqs_parameters: Option<SqsParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<RetryPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_config: Option<DeadLetterConfig>,
}

/// CreateSchedule and UpdateSchedule (the same members).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScheduleInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub schedule_expression: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<String>,
    /// Timestamps: epoch seconds or ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub flexible_time_window: FlexibleTimeWindow,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_after_completion: Option<String>,
    pub target: ScheduleTarget,
    /// An idempotency token (the simulator has no retries to dedupe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduleArnOutput {
    pub schedule_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetScheduleInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteScheduleInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchedulerEmpty {}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetScheduleOutput {
    pub action_after_completion: String,
    pub arn: String,
    pub creation_date: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<f64>,
    pub flexible_time_window: FlexibleTimeWindow,
    pub group_name: String,
    pub last_modification_date: f64,
    pub name: String,
    pub schedule_expression: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<f64>,
    pub state: String,
    pub target: ScheduleTarget,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListSchedulesInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetSummary {
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduleSummary {
    pub arn: String,
    pub creation_date: f64,
    pub group_name: String,
    pub last_modification_date: f64,
    pub name: String,
    pub state: String,
    pub target: TargetSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSchedulesOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub schedules: Vec<ScheduleSummary>,
}

// ----------------------------------------------------------- records ---

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRecord {
    pub name: String,
    pub group: String,
    pub arn: String,
    pub expression: String,
    pub schedule: Schedule,
    pub timezone: Option<String>,
    pub zone: Zone,
    /// Epoch milliseconds.
    pub start: Option<u64>,
    pub end: Option<u64>,
    pub enabled: bool,
    pub description: Option<String>,
    pub window: FlexibleTimeWindow,
    /// `NONE` or `DELETE`.
    pub action_after_completion: String,
    pub target: ScheduleTarget,
    pub created: SimTime,
    pub modified: SimTime,
    /// Names the pending timer: a stale one does nothing.
    pub generation: u64,
    /// What its invocations did (kept by UpdateSchedule).
    pub record: crate::events::InvocationRecord,
}

impl ScheduleRecord {
    pub fn state(&self) -> &'static str {
        if self.enabled { "ENABLED" } else { "DISABLED" }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchedulerState {
    /// By (group, name).
    pub schedules: BTreeMap<(String, String), ScheduleRecord>,
    pub next_generation: u64,
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationException, message)
}

fn not_found(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        format!("Schedule {name} does not exist."),
    )
}

fn group_of(group: Option<&str>) -> Result<String, ApiError> {
    match group {
        None | Some(DEFAULT_GROUP) => Ok(DEFAULT_GROUP.to_owned()),
        Some(g) => Err(ApiError::new(
            ErrorCode::ResourceNotFoundException,
            format!(
                "Schedule group {g} does not exist. (The simulator has the default schedule group only.)"
            ),
        )),
    }
}

fn check_schedule_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty()
        || name.chars().count() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(validation(format!(
            "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$ and have length between 1 and 64"
        )));
    }
    Ok(())
}

/// F11.7: the smallest rate Scheduler takes is one minute ([`Schedule`]
/// counts in whole minutes already); this only wraps the parse error.
fn parse_expression(text: &str) -> Result<Schedule, ApiError> {
    if text.chars().count() > 256 {
        return Err(validation(
            "1 validation error detected: Value at 'scheduleExpression' failed to satisfy constraint: Member must have length less than or equal to 256",
        ));
    }
    Schedule::parse(text.trim())
        .map_err(|e| validation(format!("Invalid Schedule Expression {text}. ({e})")))
}

impl Sim {
    /// Everything CreateSchedule and UpdateSchedule check: the record to
    /// keep (without its ARN, dates and generation).
    fn schedule_record(&self, req: &ScheduleInput) -> Result<ScheduleRecord, ApiError> {
        check_schedule_name(&req.name)?;
        let group = group_of(req.group_name.as_deref())?;
        let parsed = parse_expression(&req.schedule_expression)?;
        let zone = match &req.schedule_expression_timezone {
            Some(tz) => {
                crate::applicationautoscaling::scheduled::known_zone(tz).map_err(validation)?
            }
            None => schedule::UTC,
        };
        let timestamp = |v: &Option<Value>, member: &str| -> Result<Option<u64>, ApiError> {
            v.as_ref()
                .map(|v| {
                    crate::cloudwatch::parse_timestamp(v, member).map_err(|e| validation(e.message))
                })
                .transpose()
        };
        let start = timestamp(&req.start_date, "StartDate")?;
        let end = timestamp(&req.end_date, "EndDate")?;
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            return Err(validation("The EndDate must be after the StartDate."));
        }
        let enabled = match req.state.as_deref() {
            None | Some("ENABLED") => true,
            Some("DISABLED") => false,
            Some(other) => {
                return Err(validation(format!(
                    "1 validation error detected: Value '{other}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"
                )));
            }
        };
        let w = &req.flexible_time_window;
        match (w.mode.as_str(), w.maximum_window_in_minutes) {
            ("OFF", None) => {}
            ("OFF", Some(_)) => {
                return Err(validation(
                    "MaximumWindowInMinutes is only allowed when the FlexibleTimeWindow Mode is FLEXIBLE.",
                ));
            }
            ("FLEXIBLE", Some(m)) if (1..=1440).contains(&m) => {}
            ("FLEXIBLE", Some(m)) => {
                return Err(validation(format!(
                    "1 validation error detected: Value '{m}' at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value between 1 and 1440"
                )));
            }
            ("FLEXIBLE", None) => {
                return Err(validation(
                    "MaximumWindowInMinutes is required when the FlexibleTimeWindow Mode is FLEXIBLE.",
                ));
            }
            (other, _) => {
                return Err(validation(format!(
                    "1 validation error detected: Value '{other}' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]"
                )));
            }
        }
        let after = req.action_after_completion.as_deref().unwrap_or("NONE");
        if !matches!(after, "NONE" | "DELETE") {
            return Err(validation(format!(
                "1 validation error detected: Value '{after}' at 'actionAfterCompletion' failed to satisfy constraint: Member must satisfy enum value set: [NONE, DELETE]"
            )));
        }
        if let Some(d) = &req.description
            && d.chars().count() > 512
        {
            return Err(validation(
                "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512",
            ));
        }
        let t = &req.target;
        if t.dead_letter_config.is_some() {
            return Err(ApiError::unsupported(
                "CreateSchedule",
                "Target.DeadLetterConfig (failed invocations are not retried or sent to a dead-letter queue)",
            ));
        }
        let message_target = self.message_target(&t.arn);
        if let Some(input) = &t.input
            && message_target.is_none()
            && serde_json::from_str::<Value>(input).is_err()
        {
            return Err(validation(
                "Target.Input is not valid JSON (for an ECS target it is the RunTask overrides).",
            ));
        }
        if let Some(r) = &t.retry_policy {
            if let Some(n) = r.maximum_retry_attempts
                && !(0..=185).contains(&n)
            {
                return Err(validation(format!(
                    "1 validation error detected: Value '{n}' at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value between 0 and 185"
                )));
            }
            if let Some(n) = r.maximum_event_age_in_seconds
                && !(60..=86_400).contains(&n)
            {
                return Err(validation(format!(
                    "1 validation error detected: Value '{n}' at 'target.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value between 60 and 86400"
                )));
            }
        }
        if message_target.is_none() {
            self.check_target_arn(
                "CreateSchedule",
                &t.arn,
                &req.name,
                Some(t.role_arn.as_str()),
                t.ecs_parameters.as_ref(),
            )?;
        }
        Ok(ScheduleRecord {
            name: req.name.clone(),
            group,
            arn: String::new(),
            expression: req.schedule_expression.clone(),
            schedule: parsed,
            timezone: req.schedule_expression_timezone.clone(),
            zone,
            start,
            end,
            enabled,
            description: req.description.clone(),
            window: w.clone(),
            action_after_completion: after.to_owned(),
            target: t.clone(),
            created: self.now,
            modified: self.now,
            generation: 0,
            record: Default::default(),
        })
    }

    pub(crate) fn create_schedule(
        &mut self,
        req: ScheduleInput,
    ) -> Result<ScheduleArnOutput, ApiError> {
        let mut record = self.schedule_record(&req)?;
        let key = (record.group.clone(), record.name.clone());
        if self.state.scheduler.schedules.contains_key(&key) {
            return Err(ApiError::new(
                ErrorCode::ConflictException,
                format!("Schedule {} already exists.", record.name),
            ));
        }
        record.arn = self
            .arns
            .arn("scheduler", &format!("schedule/{}/{}", key.0, key.1));
        self.put_schedule(key, record)
    }

    pub(crate) fn update_schedule(
        &mut self,
        req: ScheduleInput,
    ) -> Result<ScheduleArnOutput, ApiError> {
        let mut record = self.schedule_record(&req)?;
        let key = (record.group.clone(), record.name.clone());
        let Some(existing) = self.state.scheduler.schedules.get(&key) else {
            return Err(not_found(&record.name));
        };
        record.arn = existing.arn.clone();
        record.created = existing.created;
        record.record = existing.record.clone();
        self.put_schedule(key, record)
    }

    fn put_schedule(
        &mut self,
        key: (String, String),
        mut record: ScheduleRecord,
    ) -> Result<ScheduleArnOutput, ApiError> {
        self.state.scheduler.next_generation += 1;
        record.generation = self.state.scheduler.next_generation;
        let arn = record.arn.clone();
        self.state.scheduler.schedules.insert(key.clone(), record);
        self.arm_schedule(&key, None);
        Ok(ScheduleArnOutput { schedule_arn: arn })
    }

    pub(crate) fn get_schedule(
        &self,
        req: GetScheduleInput,
    ) -> Result<GetScheduleOutput, ApiError> {
        let group = group_of(req.group_name.as_deref())?;
        let s = self
            .state
            .scheduler
            .schedules
            .get(&(group, req.name.clone()))
            .ok_or_else(|| not_found(&req.name))?;
        let secs = |ms: u64| ms as f64 / 1000.0;
        Ok(GetScheduleOutput {
            action_after_completion: s.action_after_completion.clone(),
            arn: s.arn.clone(),
            creation_date: secs(self.epoch_ms(s.created)),
            description: s.description.clone(),
            end_date: s.end.map(secs),
            flexible_time_window: s.window.clone(),
            group_name: s.group.clone(),
            last_modification_date: secs(self.epoch_ms(s.modified)),
            name: s.name.clone(),
            schedule_expression: s.expression.clone(),
            schedule_expression_timezone: s.timezone.clone(),
            start_date: s.start.map(secs),
            state: s.state().to_owned(),
            target: s.target.clone(),
        })
    }

    pub(crate) fn delete_schedule(
        &mut self,
        req: DeleteScheduleInput,
    ) -> Result<SchedulerEmpty, ApiError> {
        let group = group_of(req.group_name.as_deref())?;
        self.state
            .scheduler
            .schedules
            .remove(&(group, req.name.clone()))
            .ok_or_else(|| not_found(&req.name))?;
        Ok(SchedulerEmpty {})
    }

    pub(crate) fn list_schedules(
        &self,
        req: ListSchedulesInput,
    ) -> Result<ListSchedulesOutput, ApiError> {
        if let Some(g) = &req.group_name {
            group_of(Some(g))?;
        }
        if let Some(s) = &req.state
            && !matches!(s.as_str(), "ENABLED" | "DISABLED")
        {
            return Err(validation(format!(
                "1 validation error detected: Value '{s}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"
            )));
        }
        let prefix = req.name_prefix.as_deref().unwrap_or("");
        let (page, next_token) = SCHEDULES
            .request(req.max_results, req.next_token.as_deref())?
            .page_in_order(
                self.state
                    .scheduler
                    .schedules
                    .values()
                    .filter(|s| s.name.starts_with(prefix))
                    .filter(|s| req.state.as_deref().is_none_or(|st| st == s.state()))
                    .map(|s| (format!("{}\u{1}{}", s.group, s.name), s)),
            );
        let secs = |t: SimTime| self.epoch_ms(t) as f64 / 1000.0;
        Ok(ListSchedulesOutput {
            next_token,
            schedules: page
                .into_iter()
                .map(|s| ScheduleSummary {
                    arn: s.arn.clone(),
                    creation_date: secs(s.created),
                    group_name: s.group.clone(),
                    last_modification_date: secs(s.modified),
                    name: s.name.clone(),
                    state: s.state().to_owned(),
                    target: TargetSummary {
                        arn: s.target.arn.clone(),
                    },
                })
                .collect(),
        })
    }

    /// The schedule's next time (epoch seconds) strictly after `after`,
    /// within its StartDate and EndDate.
    fn next_schedule_time(&self, s: &ScheduleRecord, after: i64) -> Option<i64> {
        let start_s = s.start.map(|ms| (ms as i64 + 999) / 1000);
        let after = start_s.map_or(after, |st| after.max(st - 1));
        let modified = (self.epoch_ms(s.modified) / 1000) as i64;
        let anchor = start_s.unwrap_or(match s.schedule {
            Schedule::Rate(every) => modified + every,
            _ => modified,
        });
        let next = s.schedule.next_after(after, &s.zone, anchor)?;
        match s.end {
            Some(end) if next * 1000 > end as i64 => None,
            _ => Some(next),
        }
    }

    /// MODEL (§13): a FLEXIBLE window's offset, in seconds.
    fn flexible_offset(s: &ScheduleRecord) -> i64 {
        match (s.window.mode.as_str(), s.window.maximum_window_in_minutes) {
            ("FLEXIBLE", Some(m)) if m > 0 => (fnv1a64(s.name.as_bytes()) % m as u64) as i64 * 60,
            _ => 0,
        }
    }

    /// Arms the schedule's next firing after `previous` (its last nominal
    /// time) or now; with none left, an `ActionAfterCompletion` DELETE
    /// schedule that has fired is deleted.
    /// Whether `arn` names an SQS queue or SNS topic of this account and
    /// Region (existing or not: a missing one fails when the schedule fires).
    fn message_target(&self, arn: &str) -> Option<MessageTarget> {
        if arn.starts_with(&self.sqs_queue_arn("")) {
            Some(MessageTarget::Sqs)
        } else if arn.starts_with(&self.sns_topic_arn("")) {
            Some(MessageTarget::Sns)
        } else {
            None
        }
    }

    /// Delivers a schedule's `Input` to its queue or topic (module docs):
    /// the role must exist, trust `scheduler.amazonaws.com` and allow
    /// `sqs:SendMessage` / `sns:Publish` on the target; then SendMessage or
    /// Publish as any client's. `Err` says why (nothing changed then).
    fn invoke_message_target(
        &mut self,
        s: &ScheduleRecord,
        kind: MessageTarget,
    ) -> Result<Vec<String>, String> {
        let role = s.target.role_arn.as_str();
        let principal = "scheduler.amazonaws.com";
        if self.role_by_arn(role).is_none() {
            return Err(format!("could not assume role {role}: it does not exist"));
        }
        if !self.role_trusts(role, principal) {
            return Err(format!(
                "could not assume role {role}: its trust policy does not allow {principal}"
            ));
        }
        let arn = s.target.arn.as_str();
        let action = match kind {
            MessageTarget::Sqs => "sqs:SendMessage",
            MessageTarget::Sns => "sns:Publish",
        };
        let decision = self.role_allows(role, action, arn);
        if !decision.is_allowed() {
            return Err(format!(
                "{role} is not authorized to perform {action}: {}",
                decision.explain(action, arn)
            ));
        }
        let input = s.target.input.clone().unwrap_or_default();
        let name = arn.rsplit(':').next().unwrap_or_default().to_owned();
        match kind {
            MessageTarget::Sqs => {
                let resp = self
                    .send_message(crate::sqs::SendMessageRequest {
                        queue_url: self.sqs_queue_url(&name),
                        message_body: input,
                        ..Default::default()
                    })
                    .map_err(|e| {
                        format!("SendMessage failed: {}: {}", e.code.as_str(), e.message)
                    })?;
                Ok(vec![format!("SendMessage {} to {name}", resp.message_id)])
            }
            MessageTarget::Sns => {
                let resp = self
                    .publish(crate::sns::PublishInput {
                        topic_arn: Some(arn.to_owned()),
                        message: input,
                        ..Default::default()
                    })
                    .map_err(|e| format!("Publish failed: {}: {}", e.code.as_str(), e.message))?;
                Ok(vec![format!("Publish {} to {name}", resp.message_id)])
            }
        }
    }

    fn arm_schedule(&mut self, key: &(String, String), previous: Option<i64>) {
        let Some(s) = self.state.scheduler.schedules.get(key) else {
            return;
        };
        let now_ms = self.epoch_ms(self.now);
        let now_s = (now_ms / 1000) as i64;
        let after = previous.unwrap_or(now_s);
        let Some(nominal) = self.next_schedule_time(s, after) else {
            if previous.is_some() && s.action_after_completion == "DELETE" {
                self.state.scheduler.schedules.remove(key);
            }
            return;
        };
        let due_ms = ((nominal + Sim::flexible_offset(s)) as u64) * 1000;
        let generation = s.generation;
        self.schedule(
            SimDuration::millis(due_ms.saturating_sub(now_ms)),
            Timer::SchedulerSchedule {
                group: key.0.clone(),
                name: key.1.clone(),
                generation,
                nominal,
            },
        );
    }

    /// [`Timer::SchedulerSchedule`]: an enabled schedule invokes its
    /// target; then the next firing.
    pub(crate) fn scheduler_schedule_due(
        &mut self,
        group: &str,
        name: &str,
        generation: u64,
        nominal: i64,
    ) {
        let key = (group.to_owned(), name.to_owned());
        let Some(s) = self.state.scheduler.schedules.get(&key).cloned() else {
            return;
        };
        if s.generation != generation {
            return;
        }
        if s.enabled
            && let Some(kind) = self.message_target(&s.target.arn)
        {
            let outcome = self.invoke_message_target(&s, kind);
            if let Some(r) = self.state.scheduler.schedules.get_mut(&key) {
                r.record.add("", &outcome);
            }
            self.emit_invocation(&s.arn, &s.name, outcome);
        } else if s.enabled {
            let input = s
                .target
                .input
                .as_deref()
                .and_then(|t| serde_json::from_str::<Value>(t).ok());
            let outcome = self.invoke_ecs_target(
                Invoker::Schedule(&s.name),
                &s.target.arn,
                Some(&s.target.role_arn),
                s.target.ecs_parameters.as_ref(),
                input,
            );
            let family = s
                .target
                .ecs_parameters
                .as_ref()
                .map_or("", |e| crate::events::family_of(&e.task_definition_arn));
            if let Some(r) = self.state.scheduler.schedules.get_mut(&key) {
                r.record.add(family, &outcome);
            }
            self.emit_invocation(&s.arn, &s.name, outcome);
        }
        self.arm_schedule(&key, Some(nominal));
    }
}
