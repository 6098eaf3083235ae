//! Amazon CloudWatch Logs, as far as ECS's `awslogs` log driver needs it
//! (F4.8: the execution role sends container logs with
//! `logs:CreateLogStream` / `logs:PutLogEvents`): log groups
//! (CreateLogGroup, DeleteLogGroup, DescribeLogGroups), the streams the
//! driver creates (DescribeLogStreams) and their events (GetLogEvents).
//!
//! The awslogs driver (ECSDG "Send Amazon ECS logs to CloudWatch"): a
//! container with `logConfiguration.logDriver: awslogs` writes to the group
//! `awslogs-group`, in the stream `<awslogs-stream-prefix>/<container
//! name>/<task id>` (Fargate requires the prefix; without one, on EC2, the
//! stream is named after the Docker container id — MODEL: a digest of the
//! task and container names). The stream is created when the container is
//! created, with the task's execution role (on EC2 without one, the
//! container instance's role). When the group does not exist and
//! `awslogs-create-group` is not `"true"`, the task fails to start
//! (stopCode TaskFailedToStart, F1.8) with, on Fargate,
//! `ResourceInitializationError: failed to validate logger args: create
//! stream has been retried 1 times: failed to create Cloudwatch log stream:
//! ResourceNotFoundException: The specified log group does not exist. :
//! exit status 1` and on EC2 `CannotStartContainerError: Error response from
//! daemon: failed to initialize logging driver: failed to create Cloudwatch
//! log stream: ResourceNotFoundException: The specified log group does not
//! exist` (both [3P] captures). With `awslogs-create-group: "true"` the role
//! also needs `logs:CreateLogGroup`. A missing permission fails the same way
//! with AWS's `AccessDeniedException: User: … is not authorized to perform:
//! … because no identity-based policy allows the … action` in place of
//! the ResourceNotFoundException (MODEL: the same wrapper).
//!
//! MODEL: lines reach CloudWatch Logs at once (ingestionTime = timestamp);
//! a stream keeps at most [`MAX_EVENTS_PER_STREAM`] events; GetLogEvents
//! returns up to `limit` (default and max 10,000) events and the
//! `f/`/`b/` tokens as AWS spells them; no paging beyond one page.

use crate::base::arn::LastSegment;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// MODEL: events kept per stream (the oldest go first).
pub const MAX_EVENTS_PER_STREAM: usize = 10_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogGroupRecord {
    pub name: String,
    pub created_at: SimTime,
    /// Streams by name.
    pub streams: BTreeMap<String, LogStreamRecord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogStreamRecord {
    pub created_at: SimTime,
    /// (timestamp, message), oldest first.
    pub events: Vec<(SimTime, String)>,
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLogGroupRequest {
    pub log_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_class: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteLogGroupRequest {
    pub log_group_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogsEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeLogGroupsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_identifiers: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_name_pattern: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_linked_accounts: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_class: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogGroup {
    pub log_group_name: String,
    pub creation_time: u64,
    pub metric_filter_count: u32,
    pub arn: String,
    pub stored_bytes: u64,
    pub log_group_class: String,
    pub log_group_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeLogGroupsResponse {
    pub log_groups: Vec<LogGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeLogStreamsRequest {
    pub log_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_stream_name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descending: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_identifier: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogStream {
    pub log_stream_name: String,
    pub creation_time: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_event_timestamp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_event_timestamp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ingestion_time: Option<u64>,
    pub arn: String,
    pub stored_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeLogStreamsResponse {
    pub log_streams: Vec<LogStream>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetLogEventsRequest {
    #[serde(default)]
    pub log_group_name: String,
    pub log_stream_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_from_head: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_identifier: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmask: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputLogEvent {
    pub timestamp: u64,
    pub message: String,
    pub ingestion_time: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetLogEventsResponse {
    pub events: Vec<OutputLogEvent>,
    pub next_forward_token: String,
    pub next_backward_token: String,
}

fn refuse(operation: &str, fields: &[(bool, &str)]) -> Result<(), ApiError> {
    match fields.iter().find(|(given, _)| *given) {
        Some((_, name)) => Err(ApiError::unsupported(operation, name)),
        None => Ok(()),
    }
}

fn group_missing() -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        "The specified log group does not exist.",
    )
}

/// CloudWatch Logs' log group name rule: 1–512 of `a-zA-Z0-9_-/.#`.
pub fn valid_group_name(name: &str) -> bool {
    (1..=512).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.#".contains(c))
}

fn limit(value: Option<i64>, max: i64) -> Result<usize, ApiError> {
    match value {
        None => Ok(max as usize),
        Some(n) if (1..=max).contains(&n) => Ok(n as usize),
        Some(n) => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{n}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {max}"
        ))),
    }
}

impl Sim {
    pub(crate) fn log_group_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:logs:{}:{}:log-group:{name}",
            self.config.region, self.config.account_id
        )
    }

    pub(crate) fn create_log_group(
        &mut self,
        req: CreateLogGroupRequest,
    ) -> Result<LogsEmpty, ApiError> {
        refuse(
            "CreateLogGroup",
            &[
                (req.kms_key_id.is_some(), "kmsKeyId"),
                (req.tags.is_some(), "tags"),
                (req.log_group_class.is_some(), "logGroupClass"),
            ],
        )?;
        let name = req.log_group_name;
        if !valid_group_name(&name) || name.starts_with("aws/") {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ (1 to 512 characters, not starting with aws/)"
            )));
        }
        if self.state.log_groups.contains_key(&name) {
            return Err(ApiError::new(
                ErrorCode::ResourceAlreadyExistsException,
                "The specified log group already exists",
            ));
        }
        self.add_log_group(&name);
        Ok(LogsEmpty {})
    }

    pub(crate) fn add_log_group(&mut self, name: &str) {
        let now = self.now;
        self.state.log_groups.insert(
            name.to_owned(),
            LogGroupRecord {
                name: name.to_owned(),
                created_at: now,
                streams: BTreeMap::new(),
            },
        );
        let log_group_arn = self.log_group_arn(name);
        self.emit(crate::event::EventKind::LogGroupCreated { log_group_arn });
    }

    /// The awslogs driver's stream (kept if it exists already).
    pub(crate) fn add_log_stream(&mut self, group: &str, stream: &str) {
        let now = self.now;
        let Some(g) = self.state.log_groups.get_mut(group) else {
            return;
        };
        if g.streams.contains_key(stream) {
            return;
        }
        g.streams.insert(
            stream.to_owned(),
            LogStreamRecord {
                created_at: now,
                events: Vec::new(),
            },
        );
        let log_stream_arn = format!("{}:log-stream:{stream}", self.log_group_arn(group));
        self.emit(crate::event::EventKind::LogStreamCreated { log_stream_arn });
    }

    pub(crate) fn delete_log_group(
        &mut self,
        req: DeleteLogGroupRequest,
    ) -> Result<LogsEmpty, ApiError> {
        self.state
            .log_groups
            .remove(&req.log_group_name)
            .ok_or_else(group_missing)?;
        let log_group_arn = self.log_group_arn(&req.log_group_name);
        self.emit(crate::event::EventKind::LogGroupDeleted { log_group_arn });
        Ok(LogsEmpty {})
    }

    pub(crate) fn describe_log_groups(
        &self,
        req: DescribeLogGroupsRequest,
    ) -> Result<DescribeLogGroupsResponse, ApiError> {
        refuse(
            "DescribeLogGroups",
            &[
                (req.next_token.is_some(), "nextToken"),
                (req.account_identifiers.is_some(), "accountIdentifiers"),
                (req.log_group_name_pattern.is_some(), "logGroupNamePattern"),
                (
                    req.include_linked_accounts.is_some(),
                    "includeLinkedAccounts",
                ),
                (req.log_group_class.is_some(), "logGroupClass"),
            ],
        )?;
        let max = limit(req.limit, 50)?;
        let prefix = req.log_group_name_prefix.unwrap_or_default();
        let log_groups = self
            .state
            .log_groups
            .values()
            .filter(|g| g.name.starts_with(&prefix))
            .take(max)
            .map(|g| LogGroup {
                log_group_name: g.name.clone(),
                creation_time: self.epoch_ms(g.created_at),
                metric_filter_count: 0,
                arn: format!("{}:*", self.log_group_arn(&g.name)),
                stored_bytes: 0,
                log_group_class: "STANDARD".to_owned(),
                log_group_arn: self.log_group_arn(&g.name),
            })
            .collect();
        Ok(DescribeLogGroupsResponse { log_groups })
    }

    pub(crate) fn describe_log_streams(
        &self,
        req: DescribeLogStreamsRequest,
    ) -> Result<DescribeLogStreamsResponse, ApiError> {
        refuse(
            "DescribeLogStreams",
            &[
                (req.next_token.is_some(), "nextToken"),
                (req.log_group_identifier.is_some(), "logGroupIdentifier"),
            ],
        )?;
        let group = self
            .state
            .log_groups
            .get(&req.log_group_name)
            .ok_or_else(group_missing)?;
        let by_time = match req.order_by.as_deref() {
            None | Some("LogStreamName") => false,
            Some("LastEventTime") => true,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value '{other}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]"
                )));
            }
        };
        if by_time && req.log_stream_name_prefix.is_some() {
            return Err(ApiError::invalid_parameter(
                "Cannot order by LastEventTime with a logStreamNamePrefix.",
            ));
        }
        let max = limit(req.limit, 50)?;
        let prefix = req.log_stream_name_prefix.unwrap_or_default();
        let mut streams: Vec<(&String, &LogStreamRecord)> = group
            .streams
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .collect();
        if by_time {
            // Stable: ties keep name order.
            streams.sort_by_key(|(_, s)| s.events.last().map(|e| e.0));
        }
        if req.descending == Some(true) {
            streams.reverse();
        }
        let arn = self.log_group_arn(&group.name);
        let log_streams = streams
            .into_iter()
            .take(max)
            .map(|(name, s)| LogStream {
                log_stream_name: name.clone(),
                creation_time: self.epoch_ms(s.created_at),
                first_event_timestamp: s.events.first().map(|e| self.epoch_ms(e.0)),
                last_event_timestamp: s.events.last().map(|e| self.epoch_ms(e.0)),
                last_ingestion_time: s.events.last().map(|e| self.epoch_ms(e.0)),
                arn: format!("{arn}:log-stream:{name}"),
                stored_bytes: 0,
            })
            .collect();
        Ok(DescribeLogStreamsResponse { log_streams })
    }

    pub(crate) fn get_log_events(
        &self,
        req: GetLogEventsRequest,
    ) -> Result<GetLogEventsResponse, ApiError> {
        refuse(
            "GetLogEvents",
            &[
                (req.next_token.is_some(), "nextToken"),
                (req.log_group_identifier.is_some(), "logGroupIdentifier"),
                (req.unmask.is_some(), "unmask"),
            ],
        )?;
        let group = self
            .state
            .log_groups
            .get(&req.log_group_name)
            .ok_or_else(group_missing)?;
        let stream = group.streams.get(&req.log_stream_name).ok_or_else(|| {
            ApiError::new(
                ErrorCode::ResourceNotFoundException,
                "The specified log stream does not exist.",
            )
        })?;
        let max = limit(req.limit, 10_000)?;
        let start = req.start_time.unwrap_or(0);
        let end = req.end_time.unwrap_or(i64::MAX);
        let in_range: Vec<&(SimTime, String)> = stream
            .events
            .iter()
            .filter(|(at, _)| {
                let ms = i64::try_from(self.epoch_ms(*at)).unwrap_or(i64::MAX);
                ms >= start && ms < end
            })
            .collect();
        // Without startFromHead the newest events come back (AWS's default).
        let skip = if req.start_from_head == Some(true) {
            0
        } else {
            in_range.len().saturating_sub(max)
        };
        let events: Vec<OutputLogEvent> = in_range
            .into_iter()
            .skip(skip)
            .take(max)
            .map(|(at, message)| OutputLogEvent {
                timestamp: self.epoch_ms(*at),
                message: message.clone(),
                ingestion_time: self.epoch_ms(*at),
            })
            .collect();
        let position = skip + events.len();
        Ok(GetLogEventsResponse {
            events,
            next_forward_token: format!("f/{position:056}"),
            next_backward_token: format!("b/{skip:056}"),
        })
    }

    /// The awslogs driver, when the task's containers are created (end of
    /// PENDING): each awslogs container gets its stream (creating the group
    /// first with `awslogs-create-group: "true"`), with the execution role's
    /// permissions. `Err(stopped reason)` when a container cannot log; the
    /// caller stops the task (TaskFailedToStart, F1.8).
    pub(crate) fn start_awslogs(&mut self, task_arn: &str) -> Result<(), String> {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return Ok(());
        };
        let task_id = task_arn.last_segment().to_owned();
        let fargate = task.launch_type == crate::state::LaunchType::Fargate;
        let role = task.life.execution_role.clone();
        let Some(td) = self.task_definition_by_arn(&task.life.task_definition_arn) else {
            return Ok(());
        };
        // (container index, group, stream, create group)
        let mut wanted = Vec::new();
        for (index, c) in task.life.containers.iter().enumerate() {
            let Some(log) = td
                .containers()
                .iter()
                .find(|d| d.name == c.name)
                .and_then(|d| d.log_configuration.as_ref())
                .filter(|l| l.log_driver == "awslogs")
            else {
                continue;
            };
            let option = |k: &str| log.options.as_ref().and_then(|o| o.get(k)).cloned();
            let group = option("awslogs-group").unwrap_or_default();
            let stream = match option("awslogs-stream-prefix") {
                Some(prefix) => format!("{prefix}/{}/{task_id}", c.name),
                // MODEL: the Docker container id, a digest of task and name.
                None => crate::images::digest_of(&format!("{task_arn}/{}", c.name))
                    .trim_start_matches("sha256:")
                    .to_owned(),
            };
            let create = option("awslogs-create-group").as_deref() == Some("true");
            wanted.push((index, group, stream, create));
        }
        let fail = |what: &str, cause: &str| {
            if fargate {
                format!(
                    "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch {what}: {cause} : exit status 1"
                )
            } else {
                format!(
                    "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch {what}: {cause}"
                )
            }
        };
        let mut streams = Vec::new();
        for (index, group, stream, create) in wanted {
            let group_arn = self.log_group_arn(&group);
            let denied = |sim: &Sim, action: &str, resource: &str| -> Option<String> {
                let Some(role) = role.as_deref() else {
                    return Some(
                        "NoCredentialProviders: no valid providers in chain. Deprecated."
                            .to_owned(),
                    );
                };
                let decision = sim.role_allows(role, action, resource);
                if decision.is_allowed() {
                    return None;
                }
                let why = match decision {
                    crate::iam::Decision::ExplicitDeny(_) => {
                        "with an explicit deny in an identity-based policy".to_owned()
                    }
                    _ => format!("because no identity-based policy allows the {action} action"),
                };
                // MODEL: the execution role's session is named after the task id.
                let caller = crate::ecs::aws_cli::assumed_role_arn(role, &task_id);
                Some(format!(
                    "AccessDeniedException: User: {caller} is not authorized to perform: {action} on resource: {resource} {why}"
                ))
            };
            if !self.state.log_groups.contains_key(&group) {
                if !create {
                    return Err(fail(
                        "log stream",
                        "ResourceNotFoundException: The specified log group does not exist.",
                    ));
                }
                if let Some(cause) = denied(self, "logs:CreateLogGroup", &format!("{group_arn}:*"))
                {
                    return Err(fail("log group", &cause));
                }
                if !valid_group_name(&group) {
                    return Err(fail(
                        "log group",
                        "InvalidParameterException: 1 validation error detected: Value at 'logGroupName' failed to satisfy constraint",
                    ));
                }
                self.add_log_group(&group);
            }
            let stream_arn = format!("{group_arn}:log-stream:{stream}");
            if let Some(cause) = denied(self, "logs:CreateLogStream", &stream_arn) {
                return Err(fail("log stream", &cause));
            }
            self.add_log_stream(&group, &stream);
            streams.push((index, group, stream));
        }
        if let Some(t) = self.state.tasks.get_mut(task_arn) {
            for (index, group, stream) in streams {
                if let Some(c) = t.life.containers.get_mut(index) {
                    c.log_stream = Some((group, stream));
                }
            }
        }
        Ok(())
    }

    /// Appends a line to `group`/`stream` (the awslogs driver), if both
    /// still exist.
    pub(crate) fn put_log_line(&mut self, group: &str, stream: &str, at: SimTime, line: &str) {
        if let Some(s) = self
            .state
            .log_groups
            .get_mut(group)
            .and_then(|g| g.streams.get_mut(stream))
        {
            s.events.push((at, line.to_owned()));
            if s.events.len() > MAX_EVENTS_PER_STREAM {
                let excess = s.events.len() - MAX_EVENTS_PER_STREAM;
                s.events.drain(..excess);
            }
        }
    }

    /// Log groups are stored under their names; events are bounded and in
    /// time order, none from the future.
    pub(crate) fn check_logs_invariants(&self) -> Result<(), String> {
        for (name, g) in &self.state.log_groups {
            if name != &g.name || !valid_group_name(name) {
                return Err(format!("log group stored under '{name}' is '{}'", g.name));
            }
            for (stream, s) in &g.streams {
                if s.events.len() > MAX_EVENTS_PER_STREAM
                    || s.events.windows(2).any(|w| w[0].0 > w[1].0)
                    || s.events
                        .iter()
                        .any(|(at, _)| *at > self.now || *at < s.created_at)
                {
                    return Err(format!(
                        "log stream {name}/{stream} has events out of order or bounds"
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
