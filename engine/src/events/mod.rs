//! Amazon EventBridge rules and targets (botocore `events`, F11, F24):
//! PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule,
//! PutTargets, ListTargetsByRule, RemoveTargets, PutEvents.
//!
//! - **The default event bus only.** `EventBusName` may be omitted, `default`
//!   or the default bus's ARN; any other bus is a ResourceNotFoundException
//!   (`Event bus <name> does not exist.`), as for a bus never created.
//! - A rule has an event pattern ([`crate::eventbridge::pattern`], F11.4)
//!   and/or a schedule: `rate(value unit)` or six-field `cron(…)` in UTC
//!   (F11.7; [`crate::base::schedule`]); `at()` is Scheduler's, not a rule's.
//!   PutRule replaces the rule: what it omits becomes null, its targets stay
//!   (F24.1). DeleteRule is refused while the rule has targets (F24.1) and
//!   succeeds for a rule that does not exist.
//! - Targets (F24.2): at most five per rule, ten per request; the same Id
//!   replaces; a target the simulator refuses refuses the whole request
//!   (MODEL: AWS may instead list some entries in `FailedEntries`, which
//!   stays empty here). The simulator invokes **ECS RunTask targets** (`Arn` a
//!   cluster ARN, `RoleArn`, `EcsParameters`, F11.8, F24.3) and **SQS
//!   queues** and **SNS topics** of this account and Region (the event, or
//!   the target's input, as the message; the queue's or topic's policy must
//!   allow `events.amazonaws.com`); another kind of target (Lambda, …) is
//!   refused as not modelled yet, and so are dead-letter queues. `Input`, `InputPath` and `InputTransformer`
//!   (F24.4) give what the target receives: for ECS the RunTask `overrides`
//!   (a TaskOverride), and nothing from the event without one of them
//!   (F24.3).
//! - Events reach rules from two places: the engine's own ECS events
//!   (`crate::eventbridge`, F11.1) and PutEvents (F24.5; a source starting
//!   with `aws.` is refused per entry). A matched event is delivered to the
//!   rule's targets one second later (MODEL, §13); a schedule invokes the
//!   targets when it comes round (a rate one interval after PutRule, then
//!   every interval; cron at second 0 of its minute, MODEL). `deliver.rs`
//!   has the timers, the invocation and the metrics.

pub mod deliver;
pub mod transform;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

use crate::base::paginate::Limits;
use crate::base::schedule::Schedule;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub use deliver::{Delivery, EcsParameters, EcsTargetNetwork, PendingMatch};

/// The only event bus simulated.
pub const DEFAULT_BUS: &str = "default";
/// F24.2: targets per rule, and per PutTargets request.
pub const MAX_TARGETS_PER_RULE: usize = 5;
pub const MAX_TARGETS_PER_REQUEST: usize = 10;
/// AWS's default quota of rules per event bus.
pub const MAX_RULES: usize = 300;
/// F24.5: entries per PutEvents request.
pub const MAX_PUT_EVENTS_ENTRIES: usize = 10;

const RULES: Limits = Limits {
    operation: "ListRules",
    limit_member: "Limit",
    token_member: "NextToken",
    min: 1,
    max: 100,
    default: Some(100),
    limit_error: ErrorCode::ValidationException,
    token_error: ErrorCode::ValidationException,
};
const TARGETS: Limits = Limits {
    operation: "ListTargetsByRule",
    ..RULES
};

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsTag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutRuleRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<EventsTag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRuleResponse {
    pub rule_arn: String,
}

/// DescribeRule, EnableRule, DisableRule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleNameRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRuleRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventsEmpty {}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRuleResponse {
    pub name: String,
    pub arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    pub event_bus_name: &'static str,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListRulesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleShape {
    pub name: String,
    pub arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<String>,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    pub event_bus_name: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRulesResponse {
    pub rules: Vec<RuleShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InputTransformer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_paths_map: Option<BTreeMap<String, String>>,
    pub input_template: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RetryPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_event_age_in_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeadLetterConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// A rule's target (BOTO-EVENTS:Target), kept as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_transformer: Option<InputTransformer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs_parameters: Option<EcsParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_config: Option<DeadLetterConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<RetryPolicy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutTargetsRequest {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetResultEntry {
    pub target_id: String,
    pub error_code: String,
    pub error_message: String,
}

/// PutTargets and RemoveTargets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetsResponse {
    pub failed_entry_count: i64,
    pub failed_entries: Vec<TargetResultEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RemoveTargetsRequest {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListTargetsByRuleRequest {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTargetsByRuleResponse {
    pub targets: Vec<Target>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsTagResourceRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    pub tags: Vec<EventsTag>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsUntagResourceRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsListTagsRequest {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventsListTagsResponse {
    pub tags: Vec<EventsTag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutEventsRequestEntry {
    /// A timestamp: epoch seconds or ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutEventsRequest {
    pub entries: Vec<PutEventsRequestEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsResultEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsResponse {
    pub failed_entry_count: i64,
    pub entries: Vec<PutEventsResultEntry>,
}

// ----------------------------------------------------------- records ---

/// A rule as the engine keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRecord {
    pub name: String,
    pub arn: String,
    /// As given, and parsed.
    pub event_pattern: Option<String>,
    pub pattern: Option<Value>,
    pub schedule_text: Option<String>,
    pub schedule: Option<Schedule>,
    /// `ENABLED` or `DISABLED`.
    pub enabled: bool,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub tags: Vec<EventsTag>,
    /// By target Id.
    pub targets: BTreeMap<String, Target>,
    /// When PutRule last put it (a rate counts from here).
    pub put_at: SimTime,
    /// Names the pending schedule timer: a stale one does nothing.
    pub generation: u64,
    /// What its invocations did (kept when PutRule replaces the rule).
    pub record: InvocationRecord,
}

/// What a rule's or a schedule's invocations did so far: the tasks they
/// started by family, how many failed and the last failure's reason (what
/// the labs' goals read; AWS has the metrics and the tasks' `startedBy`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InvocationRecord {
    pub started: BTreeMap<String, u64>,
    pub failed: u64,
    pub last_failure: Option<String>,
    /// The current minute (epoch minutes) and the invocations in it
    /// ([`deliver::MAX_INVOCATIONS_PER_MINUTE`]).
    pub minute: (u64, u32),
}

impl InvocationRecord {
    pub(crate) fn add(&mut self, family: &str, outcome: &Result<Vec<String>, String>) {
        match outcome {
            Ok(tasks) => *self.started.entry(family.to_owned()).or_default() += tasks.len() as u64,
            Err(e) => {
                self.failed += 1;
                self.last_failure = Some(e.clone());
            }
        }
    }
}

/// The family a TaskDefinitionArn names (a full ARN, with or without its
/// revision, or `family[:revision]`).
pub fn family_of(task_definition: &str) -> &str {
    let tail = task_definition
        .rsplit_once("task-definition/")
        .map_or(task_definition, |(_, t)| t);
    tail.split(':').next().unwrap_or(tail)
}

impl RuleRecord {
    pub fn state(&self) -> &'static str {
        if self.enabled { "ENABLED" } else { "DISABLED" }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventsState {
    pub rules: BTreeMap<String, RuleRecord>,
    pub next_generation: u64,
    /// Events matched by a rule and not yet given a delivery timer
    /// (`deliver.rs`; empty between inputs).
    pub matched: Vec<PendingMatch>,
    /// Deliveries waiting for their timer, by serial.
    pub deliveries: BTreeMap<u64, Delivery>,
    pub next_delivery: u64,
}

// ----------------------------------------------------------- helpers ---

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationException, message)
}

fn no_rule(name: &str) -> ApiError {
    // F24.2 [CODE].
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        format!("Rule {name} does not exist on EventBus {DEFAULT_BUS}."),
    )
}

/// `[\.\-_A-Za-z0-9]+`, 1–64 characters (rule names and target ids).
pub(crate) fn check_name(value: &str, member: &str) -> Result<(), ApiError> {
    if value.is_empty() || value.chars().count() > 64 {
        return Err(validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to 64 and greater than or equal to 1"
        )));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"
        )));
    }
    Ok(())
}

impl Sim {
    /// EventBridge's and Scheduler's invariants: records stored under their
    /// names with their own ARNs, at most [`MAX_TARGETS_PER_RULE`] targets
    /// per rule, at most [`deliver::MAX_PENDING_DELIVERIES`] deliveries
    /// waiting.
    pub(crate) fn check_events_invariants(&self) -> Result<(), String> {
        let ev = &self.state.events;
        if ev.rules.len() > MAX_RULES {
            return Err(format!("{} rules", ev.rules.len()));
        }
        for (name, r) in &ev.rules {
            if *name != r.name || r.arn != self.arns.arn("events", &format!("rule/{name}")) {
                return Err(format!(
                    "rule stored under '{name}' is {} ({})",
                    r.name, r.arn
                ));
            }
            if r.targets.len() > MAX_TARGETS_PER_RULE {
                return Err(format!("rule {name} has {} targets", r.targets.len()));
            }
            if r.pattern.is_none() && r.schedule.is_none() {
                return Err(format!("rule {name} has neither pattern nor schedule"));
            }
            if r.generation > ev.next_generation {
                return Err(format!("rule {name} has generation {}", r.generation));
            }
        }
        if ev.deliveries.len() > deliver::MAX_PENDING_DELIVERIES {
            return Err(format!("{} deliveries wait", ev.deliveries.len()));
        }
        if let Some((serial, _)) = ev.deliveries.last_key_value()
            && *serial > ev.next_delivery
        {
            return Err(format!("delivery {serial} after {}", ev.next_delivery));
        }
        for ((group, name), s) in &self.state.scheduler.schedules {
            if *group != s.group
                || *name != s.name
                || s.arn
                    != self
                        .arns
                        .arn("scheduler", &format!("schedule/{group}/{name}"))
            {
                return Err(format!("schedule stored under {group}/{name} is {}", s.arn));
            }
        }
        Ok(())
    }

    /// The bus a request names: the default bus (by name or ARN) only.
    fn check_bus(&self, bus: Option<&str>) -> Result<(), ApiError> {
        match bus {
            None => Ok(()),
            Some(b) if b == DEFAULT_BUS || b == self.default_bus_arn() => Ok(()),
            Some(b) => Err(ApiError::new(
                ErrorCode::ResourceNotFoundException,
                format!(
                    "Event bus {b} does not exist. (The simulator has the default event bus only.)"
                ),
            )),
        }
    }

    pub(crate) fn default_bus_arn(&self) -> String {
        self.arns.arn("events", "event-bus/default")
    }

    fn rule_mut(&mut self, name: &str) -> Result<&mut RuleRecord, ApiError> {
        self.state
            .events
            .rules
            .get_mut(name)
            .ok_or_else(|| no_rule(name))
    }

    pub(crate) fn put_rule(&mut self, req: PutRuleRequest) -> Result<PutRuleResponse, ApiError> {
        check_name(&req.name, "name")?;
        self.check_bus(req.event_bus_name.as_deref())?;
        if req.event_pattern.is_none() && req.schedule_expression.is_none() {
            return Err(validation(
                "Parameter(s) EventPattern or ScheduleExpression must be specified.",
            ));
        }
        let schedule = match req.schedule_expression.as_deref() {
            None => None,
            Some(text) => Some(parse_rule_schedule(text)?),
        };
        let pattern = match req.event_pattern.as_deref() {
            None => None,
            Some(text) => Some(parse_pattern(text)?),
        };
        let enabled = match req.state.as_deref() {
            None | Some("ENABLED") => true,
            Some("DISABLED") => false,
            Some("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") => {
                return Err(ApiError::unsupported(
                    "PutRule",
                    "State ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (no CloudTrail events are simulated)",
                ));
            }
            Some(other) => {
                return Err(validation(format!(
                    "1 validation error detected: Value '{other}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"
                )));
            }
        };
        if let Some(d) = &req.description
            && d.chars().count() > 512
        {
            return Err(validation(
                "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512",
            ));
        }
        let tags = req.tags.clone().unwrap_or_default();
        check_tags(&tags)?;
        let existing = self.state.events.rules.get(&req.name).cloned();
        if existing.is_none() && self.state.events.rules.len() >= MAX_RULES {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "The requested resource exceeds the maximum number allowed. (An event bus has at most {MAX_RULES} rules.)"
                ),
            ));
        }
        let arn = self.arns.arn("events", &format!("rule/{}", req.name));
        self.state.events.next_generation += 1;
        let generation = self.state.events.next_generation;
        let record = RuleRecord {
            name: req.name.clone(),
            arn: arn.clone(),
            event_pattern: req.event_pattern.clone(),
            pattern,
            schedule_text: req.schedule_expression.clone(),
            schedule,
            enabled,
            description: req.description.clone(),
            role_arn: req.role_arn.clone(),
            // F24.1: PutRule replaces the rule but keeps its targets; tags
            // given on an update are ignored by AWS (TagResource changes them).
            tags: existing.as_ref().map_or(tags, |e| e.tags.clone()),
            put_at: self.now,
            generation,
            record: existing
                .as_ref()
                .map(|e| e.record.clone())
                .unwrap_or_default(),
            targets: existing.map(|e| e.targets).unwrap_or_default(),
        };
        self.state.events.rules.insert(req.name.clone(), record);
        self.arm_rule_schedule(&req.name);
        Ok(PutRuleResponse { rule_arn: arn })
    }

    fn events_rule_shape(r: &RuleRecord) -> RuleShape {
        RuleShape {
            name: r.name.clone(),
            arn: r.arn.clone(),
            event_pattern: r.event_pattern.clone(),
            state: r.state().to_owned(),
            description: r.description.clone(),
            schedule_expression: r.schedule_text.clone(),
            role_arn: r.role_arn.clone(),
            event_bus_name: DEFAULT_BUS,
        }
    }

    pub(crate) fn describe_rule(
        &self,
        req: RuleNameRequest,
    ) -> Result<DescribeRuleResponse, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        let r = self
            .state
            .events
            .rules
            .get(&req.name)
            .ok_or_else(|| no_rule(&req.name))?;
        Ok(DescribeRuleResponse {
            name: r.name.clone(),
            arn: r.arn.clone(),
            event_pattern: r.event_pattern.clone(),
            schedule_expression: r.schedule_text.clone(),
            state: r.state().to_owned(),
            description: r.description.clone(),
            role_arn: r.role_arn.clone(),
            event_bus_name: DEFAULT_BUS,
            created_by: self.config.account_id.clone(),
        })
    }

    pub(crate) fn list_rules(&self, req: ListRulesRequest) -> Result<ListRulesResponse, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        let prefix = req.name_prefix.as_deref().unwrap_or("");
        let (page, next_token) = RULES
            .request(req.limit, req.next_token.as_deref())?
            .page_in_order(
                self.state
                    .events
                    .rules
                    .values()
                    .filter(|r| r.name.starts_with(prefix))
                    .map(|r| (r.name.as_str(), r)),
            );
        Ok(ListRulesResponse {
            rules: page.into_iter().map(Sim::events_rule_shape).collect(),
            next_token,
        })
    }

    pub(crate) fn enable_rule(&mut self, req: RuleNameRequest) -> Result<EventsEmpty, ApiError> {
        self.set_rule_enabled(req, true)
    }

    pub(crate) fn disable_rule(&mut self, req: RuleNameRequest) -> Result<EventsEmpty, ApiError> {
        self.set_rule_enabled(req, false)
    }

    fn set_rule_enabled(
        &mut self,
        req: RuleNameRequest,
        enabled: bool,
    ) -> Result<EventsEmpty, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        self.rule_mut(&req.name)?.enabled = enabled;
        Ok(EventsEmpty {})
    }

    pub(crate) fn delete_events_rule(
        &mut self,
        req: DeleteRuleRequest,
    ) -> Result<EventsEmpty, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        let Some(rule) = self.state.events.rules.get(&req.name) else {
            // DeleteRule of a rule that does not exist succeeds.
            return Ok(EventsEmpty {});
        };
        if !rule.targets.is_empty() {
            // F24.1.
            return Err(validation("Rule can't be deleted since it has targets."));
        }
        self.state.events.rules.remove(&req.name);
        Ok(EventsEmpty {})
    }

    pub(crate) fn put_targets(
        &mut self,
        req: PutTargetsRequest,
    ) -> Result<TargetsResponse, ApiError> {
        check_name(&req.rule, "rule")?;
        self.check_bus(req.event_bus_name.as_deref())?;
        if req.targets.is_empty() || req.targets.len() > MAX_TARGETS_PER_REQUEST {
            return Err(validation(format!(
                "1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to {MAX_TARGETS_PER_REQUEST} and greater than or equal to 1"
            )));
        }
        let rule = self
            .state
            .events
            .rules
            .get(&req.rule)
            .ok_or_else(|| no_rule(&req.rule))?;
        let mut ids = std::collections::BTreeSet::new();
        for t in &req.targets {
            self.check_events_target(t)?;
            if !ids.insert(t.id.as_str()) {
                return Err(validation(format!(
                    "The target id {} appears more than once in the request.",
                    t.id
                )));
            }
        }
        let after = rule
            .targets
            .keys()
            .map(String::as_str)
            .chain(ids.iter().copied())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if after > MAX_TARGETS_PER_RULE {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "The requested resource exceeds the maximum number allowed. (A rule has at most {MAX_TARGETS_PER_RULE} targets.)"
                ),
            ));
        }
        let rule = self.rule_mut(&req.rule)?;
        for t in req.targets {
            rule.targets.insert(t.id.clone(), t);
        }
        Ok(TargetsResponse {
            failed_entry_count: 0,
            failed_entries: Vec::new(),
        })
    }

    /// One target of PutTargets (F24.2, F24.3, F24.4).
    fn check_events_target(&self, t: &Target) -> Result<(), ApiError> {
        check_name(&t.id, "targets.member.id")?;
        if t.dead_letter_config.is_some() {
            return Err(ApiError::unsupported(
                "PutTargets",
                "DeadLetterConfig (no SQS queues are simulated yet)",
            ));
        }
        if let Some(r) = &t.retry_policy {
            if let Some(n) = r.maximum_retry_attempts
                && !(0..=185).contains(&n)
            {
                return Err(validation(format!(
                    "1 validation error detected: Value '{n}' at 'targets.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185 and greater than or equal to 0"
                )));
            }
            if let Some(n) = r.maximum_event_age_in_seconds
                && !(60..=86_400).contains(&n)
            {
                return Err(validation(format!(
                    "1 validation error detected: Value '{n}' at 'targets.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 86400 and greater than or equal to 60"
                )));
            }
        }
        let given = [
            t.input.is_some(),
            t.input_path.is_some(),
            t.input_transformer.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given > 1 {
            return Err(validation(format!(
                "Only one of Input, InputPath, or InputTransformer must be provided for target {}.",
                t.id
            )));
        }
        if let Some(input) = &t.input
            && serde_json::from_str::<Value>(input).is_err()
        {
            return Err(validation(format!(
                "Target {}'s Input is not valid JSON text.",
                t.id
            )));
        }
        if let Some(path) = &t.input_path {
            transform::check_path(path).map_err(|e| {
                validation(format!("Target {}'s InputPath is not valid: {e}", t.id))
            })?;
        }
        if let Some(x) = &t.input_transformer {
            transform::check_transformer(x)
                .map_err(|e| validation(format!("Target {}'s InputTransformer: {e}", t.id)))?;
        }
        self.check_target_arn(
            "PutTargets",
            &t.arn,
            &t.id,
            t.role_arn.as_deref(),
            t.ecs_parameters.as_ref(),
        )
    }

    /// The target's ARN: an ECS cluster of this account and Region (with a
    /// role and EcsParameters); any other kind is not simulated yet.
    pub(crate) fn check_target_arn(
        &self,
        operation: &str,
        arn: &str,
        id: &str,
        role_arn: Option<&str>,
        ecs: Option<&EcsParameters>,
    ) -> Result<(), ApiError> {
        let ecs_prefix = self.arns.arn("ecs", "cluster/");
        if arn.starts_with(&self.sqs_queue_arn("")) || arn.starts_with(&self.sns_topic_arn("")) {
            // An SQS queue of this account and Region (F24.2): no role; the
            // queue's policy decides at delivery (F20.6's rule, for SQS).
            return Ok(());
        }
        if !arn.starts_with(&ecs_prefix) {
            let service = arn.split(':').nth(2).unwrap_or("");
            if !arn.starts_with("arn:") || service.is_empty() {
                return Err(validation(format!(
                    "Parameter {arn} is not valid. Reason: Provided Arn is not in correct format."
                )));
            }
            return Err(ApiError::new(
                ErrorCode::UnsupportedFeatureException,
                format!(
                    "{operation}: the simulator does not invoke {service} targets yet; it invokes ECS clusters ({ecs_prefix}<name>), SQS queues and SNS topics of this account and Region."
                ),
            ));
        }
        if role_arn.is_none() {
            // [3P] AWS's wording, naming the target's ARN.
            return Err(validation(format!("RoleArn is required for target {arn}.")));
        }
        let Some(ecs) = ecs else {
            return Err(validation(format!(
                "Parameter(s) EcsParameters must be specified for target: {id}."
            )));
        };
        ecs.check(id)
    }

    pub(crate) fn remove_targets(
        &mut self,
        req: RemoveTargetsRequest,
    ) -> Result<TargetsResponse, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        if req.ids.is_empty() || req.ids.len() > 100 {
            return Err(validation(
                "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length less than or equal to 100 and greater than or equal to 1",
            ));
        }
        let rule = self.rule_mut(&req.rule)?;
        // Ids the rule does not have are not errors (AWS removes what it has).
        for id in &req.ids {
            rule.targets.remove(id);
        }
        Ok(TargetsResponse {
            failed_entry_count: 0,
            failed_entries: Vec::new(),
        })
    }

    pub(crate) fn list_targets_by_rule(
        &self,
        req: ListTargetsByRuleRequest,
    ) -> Result<ListTargetsByRuleResponse, ApiError> {
        self.check_bus(req.event_bus_name.as_deref())?;
        let rule = self
            .state
            .events
            .rules
            .get(&req.rule)
            .ok_or_else(|| no_rule(&req.rule))?;
        let (page, next_token) = TARGETS
            .request(req.limit, req.next_token.as_deref())?
            .page_in_order(rule.targets.iter().map(|(id, t)| (id.as_str(), t.clone())));
        Ok(ListTargetsByRuleResponse {
            targets: page,
            next_token,
        })
    }

    pub(crate) fn put_events(
        &mut self,
        req: PutEventsRequest,
    ) -> Result<PutEventsResponse, ApiError> {
        if req.entries.is_empty() || req.entries.len() > MAX_PUT_EVENTS_ENTRIES {
            return Err(validation(format!(
                "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to {MAX_PUT_EVENTS_ENTRIES} and greater than or equal to 1"
            )));
        }
        let mut entries = Vec::with_capacity(req.entries.len());
        for entry in &req.entries {
            entries.push(match self.put_event(entry) {
                Ok(id) => PutEventsResultEntry {
                    event_id: Some(id),
                    error_code: None,
                    error_message: None,
                },
                Err((code, message)) => PutEventsResultEntry {
                    event_id: None,
                    error_code: Some(code.to_owned()),
                    error_message: Some(message),
                },
            });
        }
        Ok(PutEventsResponse {
            failed_entry_count: entries.iter().filter(|e| e.error_code.is_some()).count() as i64,
            entries,
        })
    }

    /// One PutEvents entry (F24.5): its event id, or its error code and
    /// message (a bad entry fails alone).
    fn put_event(&mut self, e: &PutEventsRequestEntry) -> Result<String, (&'static str, String)> {
        let required = |v: &Option<String>, member: &str| match v {
            Some(s) if !s.is_empty() => Ok(s.clone()),
            _ => Err((
                "InvalidArgument",
                format!(
                    "Parameter {member} is not valid. Reason: {member} is a required argument."
                ),
            )),
        };
        if let Some(bus) = &e.event_bus_name
            && self.check_bus(Some(bus)).is_err()
        {
            return Err((
                "InvalidArgument",
                format!("Event bus {bus} does not exist."),
            ));
        }
        let source = required(&e.source, "Source")?;
        let detail_type = required(&e.detail_type, "DetailType")?;
        let detail_text = required(&e.detail, "Detail")?;
        if detail_type.chars().count() > 128 {
            return Err((
                "InvalidArgument",
                "Parameter DetailType is not valid. Reason: DetailType is longer than 128 characters."
                    .to_owned(),
            ));
        }
        let detail: Value = match serde_json::from_str(&detail_text) {
            Ok(v @ Value::Object(_)) => v,
            _ => return Err(("MalformedDetail", "Detail is malformed.".to_owned())),
        };
        if source.starts_with("aws.") {
            return Err((
                "NotAuthorizedForSourceException",
                "Not authorized for the source.".to_owned(),
            ));
        }
        let time_ms = match &e.time {
            Some(v) => crate::cloudwatch::parse_timestamp(v, "Time").map_err(|err| {
                (
                    "InvalidArgument",
                    format!("Parameter Time is not valid. Reason: {}", err.message),
                )
            })?,
            None => self.epoch_ms(self.now),
        };
        let id = self.new_uuid();
        let event = serde_json::json!({
            "version": "0",
            "id": id,
            "detail-type": detail_type,
            "source": source,
            "account": self.config.account_id,
            "time": crate::base::time::iso8601(time_ms, crate::base::time::Precision::Seconds),
            "region": self.config.region,
            "resources": e.resources.clone().unwrap_or_default(),
            "detail": detail,
        });
        self.match_event(None, &event);
        Ok(id)
    }
}

/// Tags: keys 1–128 characters, values at most 256 (BOTO-EVENTS:Tag).
fn check_tags(tags: &[EventsTag]) -> Result<(), ApiError> {
    for t in tags {
        if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
            return Err(validation(format!(
                "Tag key '{}' must be 1 to 128 characters and its value at most 256.",
                t.key
            )));
        }
    }
    Ok(())
}

impl Sim {
    /// The name of the rule a ResourceARN names
    /// (`arn:aws:events:<r>:<acct>:rule/<name>`).
    fn tagged_rule_name(&self, operation: &str, arn: &str) -> Result<String, ApiError> {
        let prefix = self.arns.arn("events", "rule/");
        let Some(name) = arn.strip_prefix(&prefix) else {
            return Err(ApiError::unsupported(
                operation,
                &format!(
                    "tags on {arn} (the simulator tags rules of the default bus: {prefix}<name>)"
                ),
            ));
        };
        if !self.state.events.rules.contains_key(name) {
            return Err(no_rule(name));
        }
        Ok(name.to_owned())
    }

    fn tagged_rule(&mut self, operation: &str, arn: &str) -> Result<&mut RuleRecord, ApiError> {
        let name = self.tagged_rule_name(operation, arn)?;
        self.rule_mut(&name)
    }

    pub(crate) fn events_tag_resource(
        &mut self,
        req: EventsTagResourceRequest,
    ) -> Result<EventsEmpty, ApiError> {
        check_tags(&req.tags)?;
        let rule = self.tagged_rule("TagResource", &req.resource_arn)?;
        for tag in req.tags {
            match rule.tags.iter_mut().find(|t| t.key == tag.key) {
                Some(t) => t.value = tag.value,
                None => rule.tags.push(tag),
            }
        }
        Ok(EventsEmpty {})
    }

    pub(crate) fn events_untag_resource(
        &mut self,
        req: EventsUntagResourceRequest,
    ) -> Result<EventsEmpty, ApiError> {
        let rule = self.tagged_rule("UntagResource", &req.resource_arn)?;
        rule.tags.retain(|t| !req.tag_keys.contains(&t.key));
        Ok(EventsEmpty {})
    }

    pub(crate) fn events_list_tags_for_resource(
        &self,
        req: EventsListTagsRequest,
    ) -> Result<EventsListTagsResponse, ApiError> {
        let name = self.tagged_rule_name("ListTagsForResource", &req.resource_arn)?;
        Ok(EventsListTagsResponse {
            tags: self.state.events.rules[&name].tags.clone(),
        })
    }
}

/// F11.7: a rule's `rate()` or `cron()`, or AWS's ValidationException.
pub fn parse_rule_schedule(text: &str) -> Result<Schedule, ApiError> {
    if text.chars().count() > 256 {
        return Err(validation(
            "1 validation error detected: Value at 'scheduleExpression' failed to satisfy constraint: Member must have length less than or equal to 256",
        ));
    }
    let trimmed = text.trim();
    let bad = |why: &str| {
        validation(format!(
            "Parameter ScheduleExpression is not valid. ({why})"
        ))
    };
    if trimmed.starts_with("at(") {
        return Err(bad(
            "a rule takes rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year); one-time at() schedules are EventBridge Scheduler's",
        ));
    }
    Schedule::parse(trimmed).map_err(|e| bad(&e))
}

/// An EventPattern's text: JSON, and a pattern EventBridge accepts (F11.4).
pub fn parse_pattern(text: &str) -> Result<Value, ApiError> {
    let invalid = |why: String| {
        ApiError::new(
            ErrorCode::InvalidEventPatternException,
            format!("Event pattern is not valid. Reason: {why}"),
        )
    };
    if text.chars().count() > 4096 {
        return Err(invalid("the pattern is longer than 4096 characters".into()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    crate::eventbridge::validate_pattern(&value).map_err(|e| invalid(e.message))?;
    Ok(value)
}
