//! How rules and schedules reach their targets: matching events against
//! rules, the delivery and schedule timers, invoking an ECS RunTask target
//! (shared with EventBridge Scheduler, `crate::scheduler`) and the
//! `AWS/Events` metrics.
//!
//! - **Matching.** Every event the engine publishes
//!   (`Sim::publish_eventbridge`) and every PutEvents entry is matched
//!   against the enabled rules with a pattern, in name order. A match is
//!   kept in [`EventsState::matched`](super::EventsState) with the number of
//!   the published event, so a refused request that takes its events back
//!   (`Sim::undo_events`) takes its matches back too; `Sim::run_scheduler`
//!   turns the matches into [`Timer::EventsDelivery`] timers one second
//!   later (MODEL, §13) and counts `TriggeredRules`.
//! - **Schedules.** A rule with a schedule has one
//!   [`Timer::EventsRuleSchedule`] pending, named by the rule's generation
//!   (PutRule again or DeleteRule makes it stale). When it fires, an
//!   enabled rule receives a `Scheduled Event` (source `aws.events`,
//!   resources the rule's ARN, detail `{}`) and its targets are invoked at
//!   once; a disabled rule skips the firing.
//! - **Invoking an ECS target** (F11.8, F24.3): the target's role must
//!   exist and trust the service's principal (`events.amazonaws.com`,
//!   `scheduler.amazonaws.com`), allow `ecs:RunTask` on the task
//!   definition and `iam:PassRole` on the task definition's task and
//!   execution roles (the engine's IAM evaluation; the managed policy
//!   `AmazonEC2ContainerServiceEventsRole` has both). Then RunTask runs with
//!   the EcsParameters, `startedBy` `events-rule/<rule>` (Scheduler:
//!   `chronos-schedule/<schedule>`; [3P] prefixes) and the target's input
//!   as `overrides` (F24.3: passed through 1-to-1). Any failure — the role,
//!   a refused RunTask, no task placed — is a FailedInvocation that changes
//!   nothing else (F24.6; MODEL: no retries, every failure is permanent).
//!   Each invocation is an [`EventKind::TargetInvoked`] event.
//! - **Throttling** (MODEL): a rule invokes at most
//!   [`MAX_INVOCATIONS_PER_MINUTE`] targets per simulated minute and at most
//!   [`MAX_PENDING_DELIVERIES`] deliveries wait; beyond either the
//!   invocation fails (a rule whose targets make the events it matches
//!   loops, as AWS warns; here it stops filling the account).
//! - **Metrics** (F24.6): `AWS/Events` `Invocations` (every attempt),
//!   `FailedInvocations` (only when one fails) and `TriggeredRules`, Sum per
//!   minute, dimension `RuleName`.

use super::{InputTransformer, RuleRecord, Target, validation};
use crate::cloudwatch::MetricKey;
use crate::ecs::capacity_provider::CapacityProviderStrategyItem;
use crate::ecs::run_task::{AwsVpcConfiguration, NetworkConfiguration, RunTaskRequest};
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// MODEL (§13): a matched event reaches the rule's targets 1 s later.
pub const DELIVERY_LATENCY_MS: u64 = 1_000;
/// MODEL: deliveries waiting at once; a rule whose targets make more
/// matching events (a task-state rule that starts tasks) stops here.
pub const MAX_PENDING_DELIVERIES: usize = 1_000;
/// MODEL: a rule's invocations per simulated minute; beyond it they fail
/// as throttled. AWS's limits are per account and far higher; here they
/// stop a rule whose targets make the events it matches (a loop AWS warns
/// about) before it fills the account.
pub const MAX_INVOCATIONS_PER_MINUTE: u32 = 60;
/// ECS RunTask's count bound, which EcsParameters.TaskCount follows.
pub const MAX_TASK_COUNT: i64 = 10;

/// `EcsParameters` (BOTO-EVENTS and BOTO-SCHED have the same members).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EcsParameters {
    pub task_definition_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<EcsTargetNetwork>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(
        default,
        rename = "EnableECSManagedTags",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_ecs_managed_tags: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
}

/// `NetworkConfiguration` of a target: `awsvpcConfiguration` with
/// PascalCase members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcsTargetNetwork {
    #[serde(
        default,
        rename = "awsvpcConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub awsvpc_configuration: Option<EcsTargetAwsVpc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EcsTargetAwsVpc {
    pub subnets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_public_ip: Option<String>,
}

impl EcsParameters {
    /// What PutTargets and CreateSchedule check before keeping them; what
    /// RunTask itself refuses shows as a FailedInvocation later.
    pub(crate) fn check(&self, id: &str) -> Result<(), ApiError> {
        if self.task_definition_arn.is_empty() {
            return Err(validation(format!(
                "Parameter EcsParameters.TaskDefinitionArn must be specified for target: {id}."
            )));
        }
        if let Some(n) = self.task_count
            && !(1..=MAX_TASK_COUNT).contains(&n)
        {
            return Err(validation(format!(
                "1 validation error detected: Value '{n}' at 'EcsParameters.TaskCount' failed to satisfy constraint: Member must have value between 1 and {MAX_TASK_COUNT}"
            )));
        }
        if let Some(l) = &self.launch_type
            && !matches!(l.as_str(), "EC2" | "FARGATE" | "EXTERNAL")
        {
            return Err(validation(format!(
                "1 validation error detected: Value '{l}' at 'EcsParameters.LaunchType' failed to satisfy constraint: Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL]"
            )));
        }
        if let Some(a) = self
            .network_configuration
            .as_ref()
            .and_then(|n| n.awsvpc_configuration.as_ref())
            && let Some(p) = &a.assign_public_ip
            && !matches!(p.as_str(), "ENABLED" | "DISABLED")
        {
            return Err(validation(format!(
                "1 validation error detected: Value '{p}' at 'EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"
            )));
        }
        for (given, what) in [
            (
                self.enable_ecs_managed_tags == Some(true),
                "EnableECSManagedTags",
            ),
            (
                self.enable_execute_command == Some(true),
                "EnableExecuteCommand",
            ),
        ] {
            if given {
                return Err(ApiError::unsupported("EcsParameters", what));
            }
        }
        Ok(())
    }

    /// The RunTask request the target makes.
    fn run_task_request(
        &self,
        cluster_arn: &str,
        started_by: String,
        overrides: Option<Value>,
    ) -> RunTaskRequest {
        RunTaskRequest {
            cluster: Some(cluster_arn.to_owned()),
            task_definition: self.task_definition_arn.clone(),
            count: Some(self.task_count.unwrap_or(1)),
            launch_type: self.launch_type.clone(),
            network_configuration: self.network_configuration.as_ref().map(|n| {
                NetworkConfiguration {
                    awsvpc_configuration: n.awsvpc_configuration.as_ref().map(|a| {
                        AwsVpcConfiguration {
                            subnets: a.subnets.clone(),
                            security_groups: a.security_groups.clone().unwrap_or_default(),
                            assign_public_ip: a.assign_public_ip.clone(),
                        }
                    }),
                }
            }),
            started_by: Some(started_by),
            group: self.group.clone(),
            platform_version: self.platform_version.clone(),
            overrides,
            capacity_provider_strategy: self.capacity_provider_strategy.clone(),
            ..RunTaskRequest::default()
        }
    }
}

/// An event matched by a rule, waiting for its delivery timer.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingMatch {
    /// The published event's number (`None`: a PutEvents entry).
    pub number: Option<u64>,
    pub rule: String,
    pub event: Value,
}

/// A delivery waiting for its [`Timer::EventsDelivery`].
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub rule: String,
    pub event: Value,
}

/// Who invokes a target: a rule or a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invoker<'a> {
    Rule(&'a str),
    Schedule(&'a str),
}

impl Invoker<'_> {
    fn principal(self) -> &'static str {
        match self {
            Invoker::Rule(_) => "events.amazonaws.com",
            Invoker::Schedule(_) => "scheduler.amazonaws.com",
        }
    }

    /// The task's `startedBy` ([3P]: `events-rule/`, `chronos-schedule/`).
    fn started_by(self) -> String {
        match self {
            Invoker::Rule(name) => format!("events-rule/{name}"),
            Invoker::Schedule(name) => format!("chronos-schedule/{name}"),
        }
    }
}

impl Sim {
    /// Matches an event against the enabled rules with a pattern; each
    /// match waits in `matched` for [`Sim::flush_event_matches`].
    pub(crate) fn match_event(&mut self, number: Option<u64>, event: &Value) {
        let matched: Vec<String> = self
            .state
            .events
            .rules
            .values()
            .filter(|r| r.enabled)
            .filter(|r| {
                r.pattern
                    .as_ref()
                    .is_some_and(|p| crate::eventbridge::matches(p, event).unwrap_or(false))
            })
            .map(|r| r.name.clone())
            .collect();
        for rule in matched {
            self.state.events.matched.push(PendingMatch {
                number,
                rule,
                event: event.clone(),
            });
        }
    }

    /// Whether any enabled rule has a pattern (published events are built
    /// as JSON for matching only then).
    pub(crate) fn any_pattern_rule(&self) -> bool {
        self.state
            .events
            .rules
            .values()
            .any(|r| r.enabled && r.pattern.is_some())
    }

    /// Takes back the matches of events published after `published`.
    pub(crate) fn unmatch_events_after(&mut self, published: u64) {
        self.state
            .events
            .matched
            .retain(|m| m.number.is_none_or(|n| n <= published));
    }

    /// The waiting matches become delivery timers (called by
    /// `Sim::run_scheduler`, before and after every input).
    pub(crate) fn flush_event_matches(&mut self) {
        if self.state.events.matched.is_empty() {
            return;
        }
        let matched = std::mem::take(&mut self.state.events.matched);
        for m in matched {
            self.count_rule_metric(&m.rule, "TriggeredRules");
            if self.state.events.deliveries.len() >= MAX_PENDING_DELIVERIES {
                // MODEL: a runaway rule (its targets make more of the events
                // it matches) is throttled: the delivery fails.
                self.count_rule_metric(&m.rule, "Invocations");
                self.count_rule_metric(&m.rule, "FailedInvocations");
                continue;
            }
            self.state.events.next_delivery += 1;
            let serial = self.state.events.next_delivery;
            self.state.events.deliveries.insert(
                serial,
                Delivery {
                    rule: m.rule,
                    event: m.event,
                },
            );
            self.schedule(
                SimDuration::millis(DELIVERY_LATENCY_MS),
                Timer::EventsDelivery { serial },
            );
        }
    }

    /// [`Timer::EventsDelivery`]: the event reaches the rule's targets
    /// (those it has now; a deleted or disabled rule's delivery is dropped).
    pub(crate) fn events_delivery_due(&mut self, serial: u64) {
        let Some(d) = self.state.events.deliveries.remove(&serial) else {
            return;
        };
        let Some(rule) = self.state.events.rules.get(&d.rule).cloned() else {
            return;
        };
        if !rule.enabled {
            return;
        }
        self.invoke_rule_targets(&rule, &d.event);
    }

    /// Counts one invocation of the rule in this minute: false once the
    /// rule is over [`MAX_INVOCATIONS_PER_MINUTE`].
    fn rule_may_invoke(&mut self, name: &str) -> bool {
        let minute = self.epoch_ms(self.now) / 60_000;
        let Some(r) = self.state.events.rules.get_mut(name) else {
            return false;
        };
        if r.record.minute.0 != minute {
            r.record.minute = (minute, 0);
        }
        r.record.minute.1 += 1;
        r.record.minute.1 <= MAX_INVOCATIONS_PER_MINUTE
    }

    fn invoke_rule_targets(&mut self, rule: &RuleRecord, event: &Value) {
        for target in rule.targets.values() {
            let input = target_input(target, event);
            let outcome = match input {
                _ if !self.rule_may_invoke(&rule.name) => Err(format!(
                    "throttled: rule {} was invoked more than {MAX_INVOCATIONS_PER_MINUTE} times this minute (a simulator limit: does the target make the events the rule matches?)",
                    rule.name
                )),
                Ok(_) if target.arn.starts_with(&self.sns_topic_arn("")) => {
                    self.invoke_sns_target(&target.arn, &target_text(target, event))
                }
                Ok(_) if target.arn.starts_with(&self.sqs_queue_arn("")) => {
                    self.invoke_sqs_target(&target.arn, target_text(target, event))
                }
                Ok(input) => self.invoke_ecs_target(
                    Invoker::Rule(&rule.name),
                    &target.arn,
                    target.role_arn.as_deref(),
                    target.ecs_parameters.as_ref(),
                    input,
                ),
                Err(e) => Err(e),
            };
            self.count_rule_metric(&rule.name, "Invocations");
            if outcome.is_err() {
                self.count_rule_metric(&rule.name, "FailedInvocations");
            }
            let family = target
                .ecs_parameters
                .as_ref()
                .map_or("", |e| super::family_of(&e.task_definition_arn));
            if let Some(r) = self.state.events.rules.get_mut(&rule.name) {
                r.record.add(family, &outcome);
            }
            self.emit_invocation(&rule.arn, &target.id, outcome);
        }
    }

    pub(crate) fn emit_invocation(
        &mut self,
        source_arn: &str,
        target_id: &str,
        outcome: Result<Vec<String>, String>,
    ) {
        let (succeeded, detail) = match outcome {
            Ok(sent)
                if sent.first().is_some_and(|s| {
                    s.starts_with("SendMessage ") || s.starts_with("Publish ")
                }) =>
            {
                (true, sent.join(", "))
            }
            Ok(tasks) => (true, format!("RunTask started {}", tasks.join(", "))),
            Err(e) => (false, e),
        };
        self.emit(EventKind::TargetInvoked {
            source_arn: source_arn.to_owned(),
            target_id: target_id.to_owned(),
            succeeded,
            detail,
        });
    }

    /// Sends `body` to an SQS target: the queue must exist and its policy
    /// must allow `sqs:SendMessage` to `events.amazonaws.com` (the console
    /// adds that statement; API users write it). `Ok` names the message.
    pub(crate) fn invoke_sqs_target(
        &mut self,
        arn: &str,
        body: String,
    ) -> Result<Vec<String>, String> {
        let Some(name) = self.sqs_queue_by_arn(arn) else {
            return Err(format!("SQS queue {arn} does not exist"));
        };
        let policy = self.state.sqs.queues[&name].settings.policy.clone();
        if !crate::sqs::policy_allows_service(
            policy.as_deref(),
            "events.amazonaws.com",
            "sqs:SendMessage",
        ) {
            return Err(format!(
                "the policy of SQS queue {name} does not allow sqs:SendMessage to events.amazonaws.com"
            ));
        }
        let id = self
            .send_message(crate::sqs::SendMessageRequest {
                queue_url: self.sqs_queue_url(&name),
                message_body: body,
                ..Default::default()
            })
            .map_err(|e| e.message)?
            .message_id;
        Ok(vec![format!("SendMessage {id} to {name}")])
    }

    /// Publishes `message` to an SNS target: the topic must exist and its
    /// policy allow `sns:Publish` to `events.amazonaws.com` (F20.6; the
    /// default policy does not). The subject is SNS's default (F20.3).
    pub(crate) fn invoke_sns_target(
        &mut self,
        arn: &str,
        message: &str,
    ) -> Result<Vec<String>, String> {
        let Some(name) = self.sns_topic_by_arn(arn) else {
            return Err(format!("SNS topic {arn} does not exist"));
        };
        let policy = self.state.sns.topics[&name].policy.clone();
        if !crate::sqs::policy_allows_service(Some(&policy), "events.amazonaws.com", "sns:Publish")
        {
            return Err(format!(
                "the policy of SNS topic {name} does not allow sns:Publish to events.amazonaws.com"
            ));
        }
        let id = self.publish_to_topic(&name, message, None);
        Ok(vec![format!("Publish {id} to {name}")])
    }

    /// One `AWS/Events` datapoint of 1 for the current minute.
    fn count_rule_metric(&mut self, rule: &str, metric: &str) {
        let minute = self.epoch_ms(self.now);
        self.publish_point(
            MetricKey::new("AWS/Events", metric, &[("RuleName", rule)]),
            "Count",
            minute,
            1.0,
        );
    }

    /// Schedules the rule's next firing, if it has a schedule.
    pub(crate) fn arm_rule_schedule(&mut self, name: &str) {
        let Some(r) = self.state.events.rules.get(name) else {
            return;
        };
        let Some(schedule) = &r.schedule else {
            return;
        };
        let now_ms = self.epoch_ms(self.now);
        let now_s = (now_ms / 1000) as i64;
        let put_s = (self.epoch_ms(r.put_at) / 1000) as i64;
        let anchor = match schedule {
            crate::base::schedule::Schedule::Rate(every) => put_s + every,
            _ => put_s,
        };
        let Some(next) = schedule.next_after(now_s, &crate::base::schedule::UTC, anchor) else {
            return;
        };
        let generation = r.generation;
        let delay = (next as u64 * 1000).saturating_sub(now_ms);
        self.schedule(
            SimDuration::millis(delay),
            Timer::EventsRuleSchedule {
                rule: name.to_owned(),
                generation,
            },
        );
    }

    /// [`Timer::EventsRuleSchedule`]: a `Scheduled Event` for the rule's
    /// targets, then the next firing.
    pub(crate) fn events_rule_schedule_due(&mut self, name: &str, generation: u64) {
        let Some(rule) = self.state.events.rules.get(name).cloned() else {
            return;
        };
        if rule.generation != generation {
            return;
        }
        if rule.enabled {
            let id = self.new_uuid();
            let event = serde_json::json!({
                "version": "0",
                "id": id,
                "detail-type": "Scheduled Event",
                "source": "aws.events",
                "account": self.config.account_id,
                "time": self.iso8601(self.now, crate::base::time::Precision::Seconds),
                "region": self.config.region,
                "resources": [rule.arn],
                "detail": {},
            });
            self.count_rule_metric(&rule.name, "TriggeredRules");
            self.invoke_rule_targets(&rule, &event);
        }
        self.arm_rule_schedule(name);
    }

    /// Invokes an ECS RunTask target (module docs): the new tasks' ARNs, or
    /// why the invocation failed (nothing changed then).
    pub(crate) fn invoke_ecs_target(
        &mut self,
        invoker: Invoker<'_>,
        cluster_arn: &str,
        role_arn: Option<&str>,
        ecs: Option<&EcsParameters>,
        input: Option<Value>,
    ) -> Result<Vec<String>, String> {
        let Some(ecs) = ecs else {
            return Err("the target has no EcsParameters".to_owned());
        };
        let Some(role) = role_arn else {
            return Err("the target has no RoleArn".to_owned());
        };
        let principal = invoker.principal();
        if self.role_by_arn(role).is_none() {
            return Err(format!("could not assume role {role}: it does not exist"));
        }
        if !self.role_trusts(role, principal) {
            return Err(format!(
                "could not assume role {role}: its trust policy does not allow {principal}"
            ));
        }
        let def = self
            .resolve_task_definition(&ecs.task_definition_arn)
            .map_err(|e| {
                format!(
                    "RunTask failed: {}: {} ({})",
                    e.code.as_str(),
                    e.message,
                    ecs.task_definition_arn
                )
            })?
            .clone();
        let decision = self.role_allows(role, "ecs:RunTask", def.arn());
        if !decision.is_allowed() {
            return Err(format!(
                "{role} is not authorized to perform ecs:RunTask: {}",
                decision.explain("ecs:RunTask", def.arn())
            ));
        }
        for passed in [def.task_role_arn(), def.execution_role_arn()]
            .into_iter()
            .flatten()
        {
            let decision = self.role_allows(role, "iam:PassRole", passed);
            if !decision.is_allowed() {
                return Err(format!(
                    "{role} is not authorized to perform iam:PassRole: {}",
                    decision.explain("iam:PassRole", passed)
                ));
            }
        }
        let overrides = match input {
            None => None,
            Some(v @ Value::Object(_)) => Some(v),
            Some(other) => {
                return Err(format!(
                    "the input {other} is not a TaskOverride object, so RunTask cannot take it as overrides"
                ));
            }
        };
        let req = ecs.run_task_request(cluster_arn, invoker.started_by(), overrides);
        match self.run_task(req) {
            Err(e) => Err(format!(
                "RunTask failed: {}: {}",
                e.code.as_str(),
                e.message
            )),
            Ok(resp) if resp.tasks.is_empty() => Err(format!(
                "RunTask placed no task: {}",
                resp.failures
                    .iter()
                    .map(|f| f.reason.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            Ok(resp) => Ok(resp.tasks.into_iter().map(|t| t.task_arn).collect()),
        }
    }
}

/// What a rule's target receives for `event` (F24.3, F24.4): `Input` as
/// given, the part at `InputPath`, the transformer's output, or — for the
/// ECS targets the simulator has — nothing.
/// What an SQS target receives as the message body: the target's
/// `Input` as given, the `InputPath`'s selection as JSON, the
/// `InputTransformer`'s rendered template (text, JSON or not), or else the
/// whole event as JSON.
pub fn target_text(target: &Target, event: &Value) -> String {
    if let Some(text) = &target.input {
        return text.clone();
    }
    if let Some(path) = &target.input_path {
        return super::transform::select(event, path)
            .unwrap_or(Value::Null)
            .to_string();
    }
    if let Some(InputTransformer {
        input_paths_map,
        input_template,
    }) = &target.input_transformer
    {
        return super::transform::render(input_template, input_paths_map.as_ref(), event);
    }
    event.to_string()
}

pub fn target_input(target: &Target, event: &Value) -> Result<Option<Value>, String> {
    if let Some(text) = &target.input {
        return serde_json::from_str(text)
            .map(Some)
            .map_err(|e| format!("the target's Input is not JSON: {e}"));
    }
    if let Some(path) = &target.input_path {
        return Ok(Some(
            super::transform::select(event, path).unwrap_or(Value::Null),
        ));
    }
    if let Some(InputTransformer {
        input_paths_map,
        input_template,
    }) = &target.input_transformer
    {
        let text = super::transform::render(input_template, input_paths_map.as_ref(), event);
        return serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("the transformed input is not JSON ({e}): {text}"));
    }
    Ok(None)
}
