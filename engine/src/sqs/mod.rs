//! Amazon SQS standard queues (botocore `sqs`, F19.1–F19.6): CreateQueue,
//! GetQueueUrl, ListQueues, GetQueueAttributes, SetQueueAttributes,
//! DeleteQueue, SendMessage(Batch), ReceiveMessage, DeleteMessage(Batch),
//! ChangeMessageVisibility, PurgeQueue.
//!
//! - **Time, not timers**: a message's state follows from simulated time
//!   alone: it is *delayed* until its delay ends, *visible* when its
//!   visibility deadline has passed, *in flight* after a receive until the
//!   deadline; it is gone once its retention period has passed since it was
//!   first sent (F19.4: a redriven message keeps its first send time). So
//!   nothing needs a timer: every read and every action sees the messages as
//!   they stand at the current millisecond, however time got there.
//! - **Kept in step with time**: so that nothing walks every message (a
//!   queue may hold [`produce::MAX_QUEUE_BACKLOG`]), each queue keeps a
//!   [`MessageIndex`] (visible messages by send order, hidden ones by when
//!   they show, all by send time) that every step of simulated time brings
//!   to the new time ([`Queue::settle`]): messages past their retention go
//!   then, hidden ones whose time came become visible. Depth, oldest age and
//!   the next visible messages are read from it; the invariant check
//!   recounts it against the messages.
//! - **Receive** (F19.3): the oldest visible messages first (MODEL: a
//!   standard queue's order is best effort; the simulator's is send order),
//!   up to `MaxNumberOfMessages` (1–10, default 1). `WaitTimeSeconds`
//!   (0–20, else the queue's `ReceiveMessageWaitTimeSeconds`, F19.2) is
//!   checked but no time passes inside a command (MODEL: a long poll
//!   answers at once with what is visible, and an empty answer stands for
//!   the poll that waited its whole wait and found nothing). Every answer
//!   without messages counts one `NumberOfEmptyReceives` (F16.1), as AWS
//!   counts them; what long polling changes is how often a client asks:
//!   the sample worker ([`worker`]) makes at most one empty receive per
//!   wait period when it long-polls, one a second when it short-polls.
//!   Each receive makes a new
//!   receipt handle; only the latest deletes the message (an older one the
//!   queue gave out succeeds and deletes nothing, as AWS documents; one it
//!   never gave out is `ReceiptHandleIsInvalid`). MODEL: the handles kept
//!   are bounded: once a queue holds more than [`MAX_STALE_RECEIPTS`] beyond
//!   twice its messages, the handles that no longer delete anything (of
//!   deleted or re-received messages) are forgotten, and are then
//!   `ReceiptHandleIsInvalid` like a handle never given out.
//! - **Redrive** (F19.4): a visible message already received
//!   `maxReceiveCount` times moves to the dead-letter queue when a receive
//!   would take it (MODEL: its receive count starts again at 0 there; if the
//!   dead-letter queue is gone, the message stays).
//! - **Errors** as the AWS CLI prints them for the JSON protocol
//!   (F19.6): `AWS.SimpleQueueService.NonExistentQueue`,
//!   `QueueAlreadyExists`, `InvalidAttributeName`, `InvalidAttributeValue`,
//!   `ReceiptHandleIsInvalid`, `AWS.SimpleQueueService.*` batch codes.
//! - **Metrics** (F16.1), by `QueueName`: `NumberOfMessagesSent`,
//!   `NumberOfMessagesReceived`, `NumberOfEmptyReceives`,
//!   `NumberOfMessagesDeleted`, each minute's
//!   sum; and at the end of every minute while the queue exists (the
//!   account's minute timer, [`Sim::sqs_minute`]) its depth:
//!   `ApproximateNumberOfMessagesVisible`, `…NotVisible` (in flight),
//!   `…Delayed` (Count) and `ApproximateAgeOfOldestMessage` (Seconds, the
//!   oldest message not deleted, 0 when the queue is empty) — what a
//!   backlog alarm or a backlog-per-task scaling policy watches.
//! - Not modelled (refused): FIFO queues, KMS keys; tags are kept.
//! - Work done on queues: [`worker`] is the simulator's sample worker image
//!   `stevedore/sqs-worker` (containers that receive and delete messages
//!   at a set rate with their task role), [`produce`] is `sim produce`
//!   (messages put on a queue at a rate or at once).

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

pub mod produce;
pub mod worker;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod worker_tests;

pub use produce::Produce;

use crate::cloudwatch::MetricKey;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// F19.2 defaults and bounds (seconds).
pub const DEFAULT_VISIBILITY_TIMEOUT: u64 = 30;
pub const MAX_VISIBILITY_TIMEOUT: u64 = 43_200;
pub const DEFAULT_RETENTION: u64 = 345_600;
pub const MAX_DELAY: u64 = 900;
pub const MAX_WAIT: u64 = 20;
/// F19.2: the simulator keeps the 256 KiB default (configurable).
pub const DEFAULT_MAXIMUM_MESSAGE_SIZE: u64 = 262_144;
/// F19.3: a deleted name is reusable after 60 s; one purge per 60 s.
pub const REUSE_AFTER_MS: u64 = 60_000;
pub const PURGE_EVERY_MS: u64 = 60_000;
/// Entries in one batch request.
pub const MAX_BATCH: usize = 10;
/// MODEL: stale receipt handles a queue may hold before they are
/// forgotten (see the module docs).
pub const MAX_STALE_RECEIPTS: usize = 10_000;

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateQueueRequest {
    pub queue_name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, rename = "tags", skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueUrlResponse {
    pub queue_url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetQueueUrlRequest {
    pub queue_name: String,
    #[serde(
        default,
        rename = "QueueOwnerAWSAccountId",
        skip_serializing_if = "Option::is_none"
    )]
    pub queue_owner_aws_account_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListQueuesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueuesResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub queue_urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetQueueAttributesRequest {
    pub queue_url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueAttributesResponse {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetQueueAttributesRequest {
    pub queue_url: String,
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QueueUrlRequest {
    pub queue_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqsEmpty {}

/// A message attribute (BOTO-SQS:MessageAttributeValue): kept and
/// returned as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MessageAttributeValue {
    pub data_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary_value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageRequest {
    pub queue_url: String,
    pub message_body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub message_attributes: BTreeMap<String, MessageAttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageResponse {
    #[serde(rename = "MD5OfMessageBody")]
    pub md5_of_message_body: String,
    pub message_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageBatchEntry {
    pub id: String,
    pub message_body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub message_attributes: BTreeMap<String, MessageAttributeValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageBatchRequest {
    pub queue_url: String,
    pub entries: Vec<SendMessageBatchEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageBatchResultEntry {
    pub id: String,
    pub message_id: String,
    #[serde(rename = "MD5OfMessageBody")]
    pub md5_of_message_body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchResultErrorEntry {
    pub id: String,
    pub sender_fault: bool,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageBatchResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successful: Vec<SendMessageBatchResultEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<BatchResultErrorEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReceiveMessageRequest {
    pub queue_url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_system_attribute_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_attribute_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_number_of_messages: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_request_attempt_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceivedMessage {
    pub message_id: String,
    pub receipt_handle: String,
    #[serde(rename = "MD5OfBody")]
    pub md5_of_body: String,
    pub body: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub message_attributes: BTreeMap<String, MessageAttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceiveMessageResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<ReceivedMessage>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageRequest {
    pub queue_url: String,
    pub receipt_handle: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageBatchEntry {
    pub id: String,
    pub receipt_handle: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageBatchRequest {
    pub queue_url: String,
    pub entries: Vec<DeleteMessageBatchEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchIdEntry {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMessageBatchResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successful: Vec<BatchIdEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<BatchResultErrorEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ChangeMessageVisibilityRequest {
    pub queue_url: String,
    pub receipt_handle: String,
    pub visibility_timeout: i64,
}

// ------------------------------------------------------------ state ---

/// A dead-letter queue setting (F19.2 `RedrivePolicy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redrive {
    pub dead_letter_target_arn: String,
    pub max_receive_count: u64,
}

/// The settable attributes of a queue (seconds, bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSettings {
    pub visibility_timeout: u64,
    pub retention: u64,
    pub delay: u64,
    pub wait: u64,
    pub maximum_message_size: u64,
    pub redrive: Option<Redrive>,
    pub policy: Option<String>,
    pub sse: bool,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            visibility_timeout: DEFAULT_VISIBILITY_TIMEOUT,
            retention: DEFAULT_RETENTION,
            delay: 0,
            wait: 0,
            maximum_message_size: DEFAULT_MAXIMUM_MESSAGE_SIZE,
            redrive: None,
            policy: None,
            sse: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub body: String,
    pub md5: String,
    pub attributes: BTreeMap<String, MessageAttributeValue>,
    /// When it was first sent (retention counts from here, F19.4).
    pub sent: SimTime,
    /// Hidden (delayed or in flight) until then.
    pub visible_at: SimTime,
    pub receive_count: u64,
    pub first_receive: Option<SimTime>,
    /// The latest receipt handle (the one that deletes it).
    pub receipt: Option<String>,
}

impl Message {
    fn expired(&self, now: SimTime, retention: u64) -> bool {
        expired(self.sent, now, retention)
    }
}

/// Whether a message sent at `sent` is past a retention of `retention`
/// seconds at `now` (F19.4).
fn expired(sent: SimTime, now: SimTime, retention: u64) -> bool {
    now.0 >= sent.0.saturating_add(retention.saturating_mul(1000))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    pub arn: String,
    pub url: String,
    pub created: SimTime,
    pub modified: SimTime,
    pub settings: QueueSettings,
    pub tags: BTreeMap<String, String>,
    /// Messages by send sequence (changed only through the methods that
    /// keep `index` with them).
    messages: BTreeMap<u64, Message>,
    /// Where the messages stand, kept with them (see [`MessageIndex`]).
    index: MessageIndex,
    /// Every receipt handle given out, with its message's sequence.
    pub receipts: BTreeMap<String, u64>,
    pub last_purge: Option<SimTime>,
    /// Messages deleted since it was created (for the labs' goals).
    pub deleted_total: u64,
}

/// How many messages a queue holds in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
}

/// How far [`Sim::check_sqs_invariants`] walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqsCheck {
    /// The queues and their indexes only (debug builds after every command
    /// and timer).
    Queues,
    /// And every receipt handle ([`Sim::check_invariants_quickly`]).
    Receipts,
    /// And every message ([`Sim::check_invariants`]).
    Messages,
}

/// Where a queue's messages stand, kept as messages come, change and go
/// and as time passes ([`Queue::settle`], at every step of simulated
/// time), so that a queue's depth, its oldest message and its next visible
/// messages are read without walking every message: a queue may hold
/// [`produce::MAX_QUEUE_BACKLOG`] of them, and its depth is read every
/// minute (`sqs_minute`), by every receive and by every view. Derived from
/// the messages alone; `check_sqs_invariants` recounts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageIndex {
    /// The time the queue was last settled at: then no message was past
    /// its retention (those go), `visible` held the messages visible and
    /// `hidden` the others.
    settled: SimTime,
    /// Visible messages, by send sequence (a receive takes the first).
    visible: BTreeSet<u64>,
    /// Delayed or in-flight messages, by (`visible_at`, sequence).
    hidden: BTreeSet<(SimTime, u64)>,
    /// How many of `hidden` have been received (in flight; the others are
    /// delayed).
    hidden_received: u64,
    /// Every message by (first send time, sequence): the oldest first,
    /// which is also the order they expire in.
    by_sent: BTreeSet<(SimTime, u64)>,
    /// How many messages have a receipt handle.
    with_receipt: u64,
}

impl MessageIndex {
    /// An empty index, settled at `now`.
    pub(crate) fn at(now: SimTime) -> MessageIndex {
        MessageIndex {
            settled: now,
            ..MessageIndex::default()
        }
    }

    fn add(&mut self, seq: u64, m: &Message) {
        self.by_sent.insert((m.sent, seq));
        if m.visible_at <= self.settled {
            self.visible.insert(seq);
        } else {
            self.hidden.insert((m.visible_at, seq));
            self.hidden_received += u64::from(m.receive_count > 0);
        }
        self.with_receipt += u64::from(m.receipt.is_some());
    }

    fn remove(&mut self, seq: u64, m: &Message) {
        self.by_sent.remove(&(m.sent, seq));
        if m.visible_at <= self.settled {
            self.visible.remove(&seq);
        } else {
            self.hidden.remove(&(m.visible_at, seq));
            self.hidden_received -= u64::from(m.receive_count > 0);
        }
        self.with_receipt -= u64::from(m.receipt.is_some());
    }
}

impl Queue {
    /// The queue's messages, by send sequence.
    pub fn messages(&self) -> &BTreeMap<u64, Message> {
        &self.messages
    }

    fn insert_message(&mut self, seq: u64, m: Message) {
        self.remove_message(seq);
        self.index.add(seq, &m);
        self.messages.insert(seq, m);
    }

    fn remove_message(&mut self, seq: u64) -> Option<Message> {
        let m = self.messages.remove(&seq)?;
        self.index.remove(seq, &m);
        Some(m)
    }

    /// Changes message `seq` with `change` (`None` when there is none).
    fn change_message<R>(&mut self, seq: u64, change: impl FnOnce(&mut Message) -> R) -> Option<R> {
        let m = self.messages.get_mut(&seq)?;
        self.index.remove(seq, m);
        let r = change(m);
        self.index.add(seq, m);
        Some(r)
    }

    fn clear_messages(&mut self) {
        self.messages.clear();
        self.index = MessageIndex::at(self.index.settled);
    }

    /// Brings the queue to `now` (never earlier than it was): messages past
    /// their retention are gone (F19.4), hidden ones whose time has come
    /// are visible. Costs the messages that changed, not the queue's size.
    pub(crate) fn settle(&mut self, now: SimTime) {
        let retention = self.settings.retention;
        while let Some(&(sent, seq)) = self.index.by_sent.first() {
            if !expired(sent, now, retention) {
                break;
            }
            self.remove_message(seq);
        }
        while let Some(&(at, seq)) = self.index.hidden.first() {
            if at > now {
                break;
            }
            self.index.hidden.pop_first();
            let received = self.messages.get(&seq).is_some_and(|m| m.receive_count > 0);
            self.index.hidden_received -= u64::from(received);
            self.index.visible.insert(seq);
        }
        self.index.settled = self.index.settled.max(now);
    }

    /// Whole seconds since the oldest message still kept was sent (0 when
    /// there is none).
    pub fn oldest_age_s(&self, now: SimTime) -> u64 {
        if now == self.index.settled {
            return self
                .index
                .by_sent
                .first()
                .map_or(0, |(sent, _)| now.0.saturating_sub(sent.0) / 1000);
        }
        self.messages
            .values()
            .filter(|m| !m.expired(now, self.settings.retention))
            .map(|m| now.0.saturating_sub(m.sent.0) / 1000)
            .max()
            .unwrap_or(0)
    }

    /// How many messages are visible, in flight and delayed at `now`: read
    /// from the index when the queue is settled at `now` (it is, after
    /// every step of time), else counted.
    pub fn counts(&self, now: SimTime) -> QueueCounts {
        if now == self.index.settled {
            let hidden = self.index.hidden.len() as u64;
            return QueueCounts {
                visible: self.index.visible.len() as u64,
                in_flight: self.index.hidden_received,
                delayed: hidden - self.index.hidden_received,
            };
        }
        self.recount(now)
    }

    /// [`Queue::counts`] by walking every message.
    fn recount(&self, now: SimTime) -> QueueCounts {
        let mut c = QueueCounts::default();
        for m in self.messages.values() {
            if m.expired(now, self.settings.retention) {
                continue;
            }
            if m.visible_at <= now {
                c.visible += 1;
            } else if m.receive_count > 0 {
                c.in_flight += 1;
            } else {
                c.delayed += 1;
            }
        }
        c
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqsState {
    pub queues: BTreeMap<String, Queue>,
    /// Names deleted, and when (F19.3 `QueueDeletedRecently`).
    pub deleted: BTreeMap<String, SimTime>,
    pub next_message: u64,
    /// Worker containers at work, by (task ARN, container index)
    /// (engine/src/sqs/worker.rs).
    pub workers: BTreeMap<(String, usize), worker::WorkerRecord>,
    /// `sim produce` rates on, by queue name (engine/src/sqs/produce.rs).
    pub producers: produce::Producers,
    /// Messages `sim produce` has sent (their bodies count them).
    pub produced: u64,
    /// Whether `Timer::SqsWork` is pending.
    pub work_pending: bool,
}

// ----------------------------------------------------------- errors ---

fn no_queue() -> ApiError {
    ApiError::new(
        ErrorCode::QueueDoesNotExist,
        "The specified queue does not exist.",
    )
}

fn invalid_value(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidAttributeValue,
        format!("Invalid value for the parameter {name}."),
    )
}

fn parameter(value: impl std::fmt::Display, name: &str, reason: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidParameterValue,
        format!("Value {value} for parameter {name} is invalid. Reason: {reason}"),
    )
}

/// The message sequence number a receipt handle was made for (`receive_message`
/// writes it inside the handle).
fn receipt_seq(handle: &str) -> Option<u64> {
    let inner = crate::base::base64::decode(handle.strip_prefix("AQEB")?)?;
    std::str::from_utf8(&inner)
        .ok()?
        .rsplit(':')
        .next()?
        .parse()
        .ok()
}

fn bad_receipt(handle: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ReceiptHandleIsInvalid,
        format!("The input receipt handle \"{handle}\" is not a valid receipt handle."),
    )
}

/// F19.1: 1–80 alphanumerics, `-`, `_`.
fn check_queue_name(name: &str) -> Result<(), ApiError> {
    let ok = (1..=80).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        return Ok(());
    }
    if name.ends_with(".fifo") {
        return Err(ApiError::unsupported("CreateQueue", "FIFO queues"));
    }
    Err(ApiError::new(
        ErrorCode::InvalidParameterValue,
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    ))
}

fn check_batch_ids<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Result<(), ApiError> {
    let count = ids.clone().count();
    if count == 0 {
        return Err(ApiError::new(
            ErrorCode::EmptyBatchRequest,
            format!("There should be at least one {kind} in the request."),
        ));
    }
    if count > MAX_BATCH {
        return Err(ApiError::new(
            ErrorCode::TooManyEntriesInBatchRequest,
            format!(
                "Maximum number of entries per request are {MAX_BATCH}. You have sent {count}."
            ),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        let ok = (1..=80).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(ApiError::new(
                ErrorCode::InvalidBatchEntryId,
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
            ));
        }
        if !seen.insert(id) {
            return Err(ApiError::new(
                ErrorCode::BatchEntryIdsNotDistinct,
                format!("Id {id} repeated."),
            ));
        }
    }
    Ok(())
}

/// The attributes GetQueueAttributes knows (F19.2; FIFO and KMS ones are
/// not modelled and never returned).
const READABLE: &[&str] = &[
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "DelaySeconds",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "Policy",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
];

fn bounded(name: &str, value: &str, min: u64, max: u64) -> Result<u64, ApiError> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| invalid_value(name))
}

/// Whether a resource policy (JSON text) has an `Allow` statement for the
/// service principal `service` and `action` (or `sqs:*`, `*`). MODEL: no
/// conditions, no `Deny`, any resource.
pub fn policy_allows_service(policy: Option<&str>, service: &str, action: &str) -> bool {
    let Some(doc) = policy.and_then(|p| serde_json::from_str::<Value>(p).ok()) else {
        return false;
    };
    let listed = |v: Option<&Value>, want: &dyn Fn(&str) -> bool| match v {
        Some(Value::String(s)) => want(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(want),
        _ => false,
    };
    let statements = match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    };
    let service_prefix = action.split(':').next().unwrap_or("");
    statements.iter().any(|st| {
        st.get("Effect").and_then(Value::as_str) == Some("Allow")
            && (st.get("Principal").and_then(Value::as_str) == Some("*")
                || listed(st.get("Principal").and_then(|p| p.get("Service")), &|s| {
                    s == service
                }))
            && listed(st.get("Action"), &|a| {
                a == "*" || a.eq_ignore_ascii_case(action) || a == format!("{service_prefix}:*")
            })
    })
}

impl Sim {
    pub(crate) fn sqs_queue_url(&self, name: &str) -> String {
        format!(
            "https://sqs.{}.amazonaws.com/{}/{name}",
            self.config.region, self.config.account_id
        )
    }

    pub(crate) fn sqs_queue_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:sqs:{}:{}:{name}",
            self.config.region, self.config.account_id
        )
    }

    /// The queue a URL names: `InvalidAddress` for a URL of another
    /// endpoint, `NonExistentQueue` for no such queue.
    fn queue_name_of(&self, url: &str) -> Result<String, ApiError> {
        let prefix = self.sqs_queue_url("");
        let Some(name) = url.strip_prefix(&prefix) else {
            if url.starts_with("https://") || url.starts_with("http://") {
                return Err(no_queue());
            }
            return Err(ApiError::new(
                ErrorCode::InvalidAddress,
                format!("The address {url} is not valid for this endpoint."),
            ));
        };
        if self.state.sqs.queues.contains_key(name) {
            Ok(name.to_owned())
        } else {
            Err(no_queue())
        }
    }

    /// The queue named by ARN, if it is one of this account's.
    pub(crate) fn sqs_queue_by_arn(&self, arn: &str) -> Option<String> {
        let name = arn.strip_prefix(&self.sqs_queue_arn(""))?;
        self.state
            .sqs
            .queues
            .contains_key(name)
            .then(|| name.to_owned())
    }

    /// Settings from attributes given to CreateQueue or SetQueueAttributes,
    /// over `base`.
    fn queue_settings(
        &self,
        base: &QueueSettings,
        attributes: &BTreeMap<String, String>,
        operation: &str,
    ) -> Result<QueueSettings, ApiError> {
        let mut s = base.clone();
        for (name, value) in attributes {
            match name.as_str() {
                "VisibilityTimeout" => {
                    s.visibility_timeout = bounded(name, value, 0, MAX_VISIBILITY_TIMEOUT)?
                }
                "MessageRetentionPeriod" => s.retention = bounded(name, value, 60, 1_209_600)?,
                "DelaySeconds" => s.delay = bounded(name, value, 0, MAX_DELAY)?,
                "ReceiveMessageWaitTimeSeconds" => s.wait = bounded(name, value, 0, MAX_WAIT)?,
                "MaximumMessageSize" => {
                    s.maximum_message_size = bounded(name, value, 1_024, 1_048_576)?
                }
                "SqsManagedSseEnabled" => {
                    s.sse = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(invalid_value(name)),
                    }
                }
                "Policy" => {
                    if value.is_empty() {
                        s.policy = None;
                    } else if serde_json::from_str::<Value>(value).is_ok_and(|v| v.is_object()) {
                        s.policy = Some(value.clone());
                    } else {
                        return Err(invalid_value(name));
                    }
                }
                "RedrivePolicy" => s.redrive = self.redrive_policy(value)?,
                "FifoQueue"
                | "ContentBasedDeduplication"
                | "DeduplicationScope"
                | "FifoThroughputLimit" => {
                    return Err(ApiError::unsupported(operation, "FIFO queues"));
                }
                "KmsMasterKeyId" | "KmsDataKeyReusePeriodSeconds" => {
                    return Err(ApiError::unsupported(operation, "KMS keys"));
                }
                "RedriveAllowPolicy" => {
                    return Err(ApiError::unsupported(operation, "RedriveAllowPolicy"));
                }
                _ => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidAttributeName,
                        format!("Unknown Attribute {name}."),
                    ));
                }
            }
        }
        Ok(s)
    }

    /// F19.2 `RedrivePolicy`: `{"deadLetterTargetArn", "maxReceiveCount"}`
    /// (a number or a string of one, 1–1000); the dead-letter queue must be
    /// one of this account's. Empty removes it.
    fn redrive_policy(&self, value: &str) -> Result<Option<Redrive>, ApiError> {
        if value.is_empty() {
            return Ok(None);
        }
        let bad = |reason: &str| parameter(value, "RedrivePolicy", reason);
        let Ok(Value::Object(policy)) = serde_json::from_str::<Value>(value) else {
            return Err(bad("Redrive policy is not a valid JSON map."));
        };
        let Some(arn) = policy.get("deadLetterTargetArn").and_then(Value::as_str) else {
            return Err(bad(
                "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.",
            ));
        };
        let count = match policy.get("maxReceiveCount") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.parse::<u64>().ok(),
            None => {
                return Err(bad(
                    "Redrive policy does not contain mandatory attribute: maxReceiveCount.",
                ));
            }
            _ => None,
        };
        let Some(count) = count.filter(|n| (1..=1000).contains(n)) else {
            return Err(bad(
                "Invalid value for maxReceiveCount: must be between 1 and 1000.",
            ));
        };
        if let Some(key) = policy
            .keys()
            .find(|k| *k != "deadLetterTargetArn" && *k != "maxReceiveCount")
        {
            return Err(bad(&format!(
                "Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount]; {key} is not."
            )));
        }
        if self.sqs_queue_by_arn(arn).is_none() {
            return Err(bad("Dead letter target does not exist."));
        }
        Ok(Some(Redrive {
            dead_letter_target_arn: arn.to_owned(),
            max_receive_count: count,
        }))
    }

    pub(crate) fn create_queue(
        &mut self,
        req: CreateQueueRequest,
    ) -> Result<QueueUrlResponse, ApiError> {
        check_queue_name(&req.queue_name)?;
        let settings =
            self.queue_settings(&QueueSettings::default(), &req.attributes, "CreateQueue")?;
        let url = self.sqs_queue_url(&req.queue_name);
        if let Some(existing) = self.state.sqs.queues.get(&req.queue_name) {
            // Same name, same attributes given: the existing queue's URL
            // (F19.6); a differing one is refused.
            let differs = req.attributes.keys().find(|name| {
                let one = BTreeMap::from([((*name).clone(), req.attributes[*name].clone())]);
                self.queue_settings(&existing.settings, &one, "CreateQueue")
                    .is_ok_and(|s| s != existing.settings)
            });
            if let Some(name) = differs {
                return Err(ApiError::new(
                    ErrorCode::QueueNameExists,
                    format!(
                        "A queue already exists with the same name and a different value for attribute {name}"
                    ),
                ));
            }
            return Ok(QueueUrlResponse { queue_url: url });
        }
        if let Some(at) = self.state.sqs.deleted.get(&req.queue_name)
            && self.now.0 < at.0 + REUSE_AFTER_MS
        {
            return Err(ApiError::new(
                ErrorCode::QueueDeletedRecently,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
            ));
        }
        let queue = Queue {
            name: req.queue_name.clone(),
            arn: self.sqs_queue_arn(&req.queue_name),
            url: url.clone(),
            created: self.now,
            modified: self.now,
            settings,
            tags: req.tags,
            messages: BTreeMap::new(),
            index: MessageIndex::at(self.now),
            receipts: BTreeMap::new(),
            last_purge: None,
            deleted_total: 0,
        };
        self.state.sqs.queues.insert(req.queue_name, queue);
        // The queue's depth is a metric every minute from now on.
        self.ensure_minute_timer();
        Ok(QueueUrlResponse { queue_url: url })
    }

    pub(crate) fn get_queue_url(
        &mut self,
        req: GetQueueUrlRequest,
    ) -> Result<QueueUrlResponse, ApiError> {
        if let Some(owner) = &req.queue_owner_aws_account_id
            && owner != &self.config.account_id
        {
            return Err(no_queue());
        }
        if self.state.sqs.queues.contains_key(&req.queue_name) {
            Ok(QueueUrlResponse {
                queue_url: self.sqs_queue_url(&req.queue_name),
            })
        } else {
            Err(no_queue())
        }
    }

    pub(crate) fn list_queues(
        &mut self,
        req: ListQueuesRequest,
    ) -> Result<ListQueuesResponse, ApiError> {
        let limits = crate::base::paginate::Limits {
            operation: "ListQueues",
            limit_member: "MaxResults",
            token_member: "NextToken",
            min: 1,
            max: 1000,
            default: Some(1000),
            limit_error: ErrorCode::InvalidParameterValue,
            token_error: ErrorCode::InvalidParameterValue,
        };
        if req.next_token.is_some() && req.max_results.is_none() {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                "MaxResults is a mandatory parameter when you provide a value for NextToken.",
            ));
        }
        let page = limits.request(req.max_results, req.next_token.as_deref())?;
        let prefix = req.queue_name_prefix.unwrap_or_default();
        let items = self
            .state
            .sqs
            .queues
            .values()
            .filter(|q| q.name.starts_with(&prefix))
            .map(|q| (q.name.clone(), q.url.clone()));
        let (queue_urls, next_token) = page.page_in_order(items);
        Ok(ListQueuesResponse {
            queue_urls,
            next_token: next_token.filter(|_| req.max_results.is_some()),
        })
    }

    pub(crate) fn get_queue_attributes(
        &mut self,
        req: GetQueueAttributesRequest,
    ) -> Result<GetQueueAttributesResponse, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        for a in &req.attribute_names {
            if a != "All" && !READABLE.contains(&a.as_str()) {
                return Err(ApiError::new(
                    ErrorCode::InvalidAttributeName,
                    format!("Unknown Attribute {a}."),
                ));
            }
        }
        let q = &self.state.sqs.queues[&name];
        let counts = q.counts(self.now);
        let seconds = |t: SimTime| (self.epoch_ms(t) / 1000).to_string();
        let s = &q.settings;
        let mut all: BTreeMap<&str, String> = BTreeMap::from([
            ("ApproximateNumberOfMessages", counts.visible.to_string()),
            (
                "ApproximateNumberOfMessagesDelayed",
                counts.delayed.to_string(),
            ),
            (
                "ApproximateNumberOfMessagesNotVisible",
                counts.in_flight.to_string(),
            ),
            ("CreatedTimestamp", seconds(q.created)),
            ("DelaySeconds", s.delay.to_string()),
            ("LastModifiedTimestamp", seconds(q.modified)),
            ("MaximumMessageSize", s.maximum_message_size.to_string()),
            ("MessageRetentionPeriod", s.retention.to_string()),
            ("QueueArn", q.arn.clone()),
            ("ReceiveMessageWaitTimeSeconds", s.wait.to_string()),
            ("SqsManagedSseEnabled", s.sse.to_string()),
            ("VisibilityTimeout", s.visibility_timeout.to_string()),
        ]);
        if let Some(r) = &s.redrive {
            all.insert(
                "RedrivePolicy",
                serde_json::json!({"deadLetterTargetArn": r.dead_letter_target_arn, "maxReceiveCount": r.max_receive_count}).to_string(),
            );
        }
        if let Some(p) = &s.policy {
            all.insert("Policy", p.clone());
        }
        let wants_all = req.attribute_names.iter().any(|a| a == "All");
        let attributes = all
            .into_iter()
            .filter(|(k, _)| wants_all || req.attribute_names.iter().any(|a| a == k))
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        Ok(GetQueueAttributesResponse { attributes })
    }

    pub(crate) fn set_queue_attributes(
        &mut self,
        req: SetQueueAttributesRequest,
    ) -> Result<SqsEmpty, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        let current = self.state.sqs.queues[&name].settings.clone();
        let settings = self.queue_settings(&current, &req.attributes, "SetQueueAttributes")?;
        let now = self.now;
        if let Some(q) = self.state.sqs.queues.get_mut(&name) {
            q.settings = settings;
            q.modified = now;
            // A shorter retention: the messages now past it are gone.
            q.settle(now);
        }
        Ok(SqsEmpty {})
    }

    pub(crate) fn delete_queue(&mut self, req: QueueUrlRequest) -> Result<SqsEmpty, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        self.state.sqs.queues.remove(&name);
        self.state.sqs.deleted.insert(name, self.now);
        Ok(SqsEmpty {})
    }

    pub(crate) fn purge_queue(&mut self, req: QueueUrlRequest) -> Result<SqsEmpty, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        let now = self.now;
        let Some(q) = self.state.sqs.queues.get_mut(&name) else {
            return Err(no_queue());
        };
        if let Some(at) = q.last_purge
            && now.0 < at.0 + PURGE_EVERY_MS
        {
            return Err(ApiError::new(
                ErrorCode::PurgeQueueInProgress,
                format!("Only one PurgeQueue operation on {name} is allowed every 60 seconds."),
            ));
        }
        q.clear_messages();
        q.last_purge = Some(now);
        Ok(SqsEmpty {})
    }

    /// Brings every queue to the current time ([`Queue::settle`]): at every
    /// step of simulated time, before anything reads or changes a queue.
    pub(crate) fn settle_queues(&mut self) {
        let now = self.now;
        for q in self.state.sqs.queues.values_mut() {
            q.settle(now);
        }
    }

    /// The minute that just ended, for each queue: its depth and the age
    /// of its oldest message, read at the minute's end.
    pub(crate) fn sqs_minute(&mut self) {
        let minute = self.epoch_ms(self.now).saturating_sub(60_000);
        let now = self.now;
        let figures: Vec<(String, QueueCounts, u64)> = self
            .state
            .sqs
            .queues
            .values()
            .map(|q| (q.name.clone(), q.counts(now), q.oldest_age_s(now)))
            .collect();
        for (name, counts, age) in figures {
            let dims = [("QueueName", name.as_str())];
            for (metric, value) in [
                ("ApproximateNumberOfMessagesVisible", counts.visible),
                ("ApproximateNumberOfMessagesNotVisible", counts.in_flight),
                ("ApproximateNumberOfMessagesDelayed", counts.delayed),
            ] {
                self.publish_point(
                    MetricKey::new("AWS/SQS", metric, &dims),
                    "Count",
                    minute,
                    value as f64,
                );
            }
            self.publish_point(
                MetricKey::new("AWS/SQS", "ApproximateAgeOfOldestMessage", &dims),
                "Seconds",
                minute,
                age as f64,
            );
        }
    }

    /// The wait a receive on `queue` asking for `requested` seconds gets
    /// (F19.2, F19.3): the request's `WaitTimeSeconds` when given, else the
    /// queue's `ReceiveMessageWaitTimeSeconds`; 0 is a short poll.
    pub(crate) fn sqs_receive_wait(&self, queue: &str, requested: Option<i64>) -> u64 {
        match requested {
            Some(w) => w.clamp(0, MAX_WAIT as i64) as u64,
            None => self
                .state
                .sqs
                .queues
                .get(queue)
                .map_or(0, |q| q.settings.wait),
        }
    }

    /// Visible messages on `queue` now (0 when it is gone).
    pub(crate) fn sqs_visible(&self, queue: &str) -> u64 {
        self.state
            .sqs
            .queues
            .get(queue)
            .map_or(0, |q| q.counts(self.now).visible)
    }

    fn count_sqs_metric(&mut self, queue: &str, metric: &str, n: usize) {
        if n == 0 {
            return;
        }
        let minute = self.epoch_ms(self.now);
        self.publish_point(
            MetricKey::new("AWS/SQS", metric, &[("QueueName", queue)]),
            "Count",
            minute,
            n as f64,
        );
    }

    /// Checks a message body and delay against the queue (F19.3).
    fn check_message(&self, queue: &str, body: &str, delay: Option<i64>) -> Result<u64, ApiError> {
        let q = &self.state.sqs.queues[queue];
        if body.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter MessageBody.",
            ));
        }
        let legal = body.chars().all(|c| {
            matches!(c, '\u{9}' | '\u{a}' | '\u{d}')
                || ('\u{20}'..='\u{d7ff}').contains(&c)
                || ('\u{e000}'..='\u{fffd}').contains(&c)
                || c >= '\u{10000}'
        });
        if !legal {
            return Err(ApiError::new(
                ErrorCode::InvalidMessageContents,
                "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
            ));
        }
        if body.len() as u64 > q.settings.maximum_message_size {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "One or more parameters are invalid. Reason: Message must be shorter than {} bytes.",
                    q.settings.maximum_message_size
                ),
            ));
        }
        match delay {
            None => Ok(q.settings.delay),
            Some(d) if (0..=MAX_DELAY as i64).contains(&d) => Ok(d as u64),
            Some(d) => Err(parameter(
                d,
                "DelaySeconds",
                "DelaySeconds must be >= 0 and <= 900.",
            )),
        }
    }

    /// Puts a checked message on the queue; returns its id and MD5.
    pub(crate) fn enqueue(
        &mut self,
        queue: &str,
        body: String,
        delay: u64,
        attributes: BTreeMap<String, MessageAttributeValue>,
    ) -> (String, String) {
        let id = self.new_uuid();
        let md5 = crate::base::md5::hex(body.as_bytes());
        let now = self.now;
        let seq = self.state.sqs.next_message;
        self.state.sqs.next_message += 1;
        if let Some(q) = self.state.sqs.queues.get_mut(queue) {
            q.insert_message(
                seq,
                Message {
                    id: id.clone(),
                    body,
                    md5: md5.clone(),
                    attributes,
                    sent: now,
                    visible_at: now.saturating_add(SimDuration::seconds(delay)),
                    receive_count: 0,
                    first_receive: None,
                    receipt: None,
                },
            );
        }
        (id, md5)
    }

    pub(crate) fn send_message(
        &mut self,
        req: SendMessageRequest,
    ) -> Result<SendMessageResponse, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        let delay = self.check_message(&name, &req.message_body, req.delay_seconds)?;
        let (message_id, md5_of_message_body) =
            self.enqueue(&name, req.message_body, delay, req.message_attributes);
        self.count_sqs_metric(&name, "NumberOfMessagesSent", 1);
        Ok(SendMessageResponse {
            md5_of_message_body,
            message_id,
        })
    }

    pub(crate) fn send_message_batch(
        &mut self,
        req: SendMessageBatchRequest,
    ) -> Result<SendMessageBatchResponse, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        check_batch_ids(
            "SendMessageBatchRequestEntry",
            req.entries.iter().map(|e| e.id.as_str()),
        )?;
        let mut out = SendMessageBatchResponse {
            successful: Vec::new(),
            failed: Vec::new(),
        };
        for e in req.entries {
            match self.check_message(&name, &e.message_body, e.delay_seconds) {
                Ok(delay) => {
                    let (message_id, md5) =
                        self.enqueue(&name, e.message_body, delay, e.message_attributes);
                    out.successful.push(SendMessageBatchResultEntry {
                        id: e.id,
                        message_id,
                        md5_of_message_body: md5,
                    });
                }
                Err(err) => out.failed.push(BatchResultErrorEntry {
                    id: e.id,
                    sender_fault: true,
                    code: err.code.as_str().to_owned(),
                    message: err.message,
                }),
            }
        }
        self.count_sqs_metric(&name, "NumberOfMessagesSent", out.successful.len());
        Ok(out)
    }

    pub(crate) fn receive_message(
        &mut self,
        req: ReceiveMessageRequest,
    ) -> Result<ReceiveMessageResponse, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        let max = match req.max_number_of_messages {
            None => 1,
            Some(n) if (1..=10).contains(&n) => n as usize,
            Some(n) => {
                return Err(parameter(
                    n,
                    "MaxNumberOfMessages",
                    "Must be between 1 and 10, if provided.",
                ));
            }
        };
        if let Some(w) = req.wait_time_seconds
            && !(0..=MAX_WAIT as i64).contains(&w)
        {
            return Err(parameter(
                w,
                "WaitTimeSeconds",
                "Must be >= 0 and <= 20, if provided.",
            ));
        }
        if let Some(v) = req.visibility_timeout
            && !(0..=MAX_VISIBILITY_TIMEOUT as i64).contains(&v)
        {
            return Err(parameter(
                v,
                "VisibilityTimeout",
                "Must be >= 0 and <= 43200, if provided.",
            ));
        }
        let now = self.now;
        let (redrive, default_timeout) = {
            let q = &self.state.sqs.queues[&name];
            (q.settings.redrive.clone(), q.settings.visibility_timeout)
        };
        let timeout = req.visibility_timeout.map_or(default_timeout, |v| v as u64);
        let dead_letter = redrive
            .as_ref()
            .and_then(|r| self.sqs_queue_by_arn(&r.dead_letter_target_arn))
            .filter(|d| *d != name);
        // Expired messages go; visible ones are taken oldest first.
        let mut taken = Vec::new();
        let mut moved = Vec::new();
        if let Some(q) = self.state.sqs.queues.get_mut(&name) {
            q.settle(now);
            for &seq in &q.index.visible {
                if taken.len() == max {
                    break;
                }
                let Some(m) = q.messages.get(&seq) else {
                    continue;
                };
                match (&redrive, &dead_letter) {
                    (Some(r), Some(_)) if m.receive_count >= r.max_receive_count => moved.push(seq),
                    _ => taken.push(seq),
                }
            }
        }
        for seq in moved {
            let Some(mut m) = self
                .state
                .sqs
                .queues
                .get_mut(&name)
                .and_then(|q| q.remove_message(seq))
            else {
                continue;
            };
            m.receive_count = 0;
            m.first_receive = None;
            m.receipt = None;
            m.visible_at = now;
            if let Some(d) = dead_letter.as_ref()
                && let Some(dq) = self.state.sqs.queues.get_mut(d)
            {
                let seq = self.state.sqs.next_message;
                self.state.sqs.next_message += 1;
                dq.insert_message(seq, m);
                // It keeps its first send time (F19.4), which may be past
                // the dead-letter queue's retention: then it is gone.
                dq.settle(now);
            }
        }
        let wanted = |name: &str| {
            req.attribute_names
                .iter()
                .chain(&req.message_system_attribute_names)
                .any(|a| a == "All" || a == name)
        };
        let all_attributes = req
            .message_attribute_names
            .iter()
            .any(|a| a == "All" || a == ".*");
        let mut messages = Vec::new();
        for seq in taken {
            let handle = {
                let (a, b) = (self.new_hex_id(), self.new_hex_id());
                format!(
                    "AQEB{}",
                    crate::base::base64::encode(format!("{a}{b}:{seq}").as_bytes())
                )
            };
            let account = self.config.account_id.clone();
            let start_epoch = self.config.start_epoch_ms;
            let Some(q) = self.state.sqs.queues.get_mut(&name) else {
                break;
            };
            let received = q.change_message(seq, |m| {
                m.receive_count += 1;
                m.first_receive.get_or_insert(now);
                m.visible_at = now.saturating_add(SimDuration::seconds(timeout));
                m.receipt = Some(handle.clone());
            });
            if received.is_none() {
                continue;
            }
            q.receipts.insert(handle.clone(), seq);
            if q.receipts.len() > MAX_STALE_RECEIPTS + 2 * q.messages.len() {
                // Keep only the handles that still delete their message.
                let messages = &q.messages;
                q.receipts.retain(|h, seq| {
                    messages
                        .get(seq)
                        .is_some_and(|m| m.receipt.as_deref() == Some(h.as_str()))
                });
            }
            let Some(m) = q.messages.get(&seq) else {
                continue;
            };
            let mut attributes = BTreeMap::new();
            let ms = |t: SimTime| t.epoch_ms(start_epoch).to_string();
            for (key, value) in [
                ("ApproximateFirstReceiveTimestamp", m.first_receive.map(ms)),
                ("ApproximateReceiveCount", Some(m.receive_count.to_string())),
                ("SenderId", Some(account)),
                ("SentTimestamp", Some(ms(m.sent))),
            ] {
                if let Some(v) = value
                    && wanted(key)
                {
                    attributes.insert(key.to_owned(), v);
                }
            }
            let message_attributes = m
                .attributes
                .iter()
                .filter(|(k, _)| {
                    all_attributes || req.message_attribute_names.iter().any(|a| a == *k)
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            messages.push(ReceivedMessage {
                message_id: m.id.clone(),
                receipt_handle: handle,
                md5_of_body: m.md5.clone(),
                body: m.body.clone(),
                attributes,
                message_attributes,
            });
        }
        self.count_sqs_metric(&name, "NumberOfMessagesReceived", messages.len());
        // F16.1: every response without messages is one empty receive,
        // short poll or long poll alike.
        if messages.is_empty() {
            self.count_sqs_metric(&name, "NumberOfEmptyReceives", 1);
        }
        Ok(ReceiveMessageResponse { messages })
    }

    /// Deletes the message whose latest receipt handle is `handle`: `Ok(true)`
    /// when deleted, `Ok(false)` for an older handle (AWS: success, nothing
    /// deleted).
    fn delete_by_receipt(&mut self, name: &str, handle: &str) -> Result<bool, ApiError> {
        let Some(q) = self.state.sqs.queues.get_mut(name) else {
            return Err(no_queue());
        };
        let Some(seq) = q.receipts.get(handle).copied() else {
            return Err(bad_receipt(handle));
        };
        let latest = q
            .messages
            .get(&seq)
            .is_some_and(|m| m.receipt.as_deref() == Some(handle));
        if latest {
            // Its handles stay known: deleting again succeeds.
            q.remove_message(seq);
            q.deleted_total += 1;
        }
        Ok(latest)
    }

    pub(crate) fn delete_message(
        &mut self,
        req: DeleteMessageRequest,
    ) -> Result<SqsEmpty, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        if self.delete_by_receipt(&name, &req.receipt_handle)? {
            self.count_sqs_metric(&name, "NumberOfMessagesDeleted", 1);
        }
        Ok(SqsEmpty {})
    }

    pub(crate) fn delete_message_batch(
        &mut self,
        req: DeleteMessageBatchRequest,
    ) -> Result<DeleteMessageBatchResponse, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        check_batch_ids(
            "DeleteMessageBatchRequestEntry",
            req.entries.iter().map(|e| e.id.as_str()),
        )?;
        let mut out = DeleteMessageBatchResponse {
            successful: Vec::new(),
            failed: Vec::new(),
        };
        let mut deleted = 0;
        for e in req.entries {
            match self.delete_by_receipt(&name, &e.receipt_handle) {
                Ok(done) => {
                    deleted += usize::from(done);
                    out.successful.push(BatchIdEntry { id: e.id });
                }
                Err(err) => out.failed.push(BatchResultErrorEntry {
                    id: e.id,
                    sender_fault: true,
                    code: err.code.as_str().to_owned(),
                    message: err.message,
                }),
            }
        }
        self.count_sqs_metric(&name, "NumberOfMessagesDeleted", deleted);
        Ok(out)
    }

    pub(crate) fn change_message_visibility(
        &mut self,
        req: ChangeMessageVisibilityRequest,
    ) -> Result<SqsEmpty, ApiError> {
        let name = self.queue_name_of(&req.queue_url)?;
        let now = self.now;
        let Some(q) = self.state.sqs.queues.get_mut(&name) else {
            return Err(no_queue());
        };
        let Some(seq) = q.receipts.get(&req.receipt_handle).copied() else {
            return Err(bad_receipt(&req.receipt_handle));
        };
        let timeout = req.visibility_timeout;
        if !(0..=MAX_VISIBILITY_TIMEOUT as i64).contains(&timeout) {
            return Err(parameter(
                timeout,
                "VisibilityTimeout",
                "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
            ));
        }
        let in_flight = q.messages.get(&seq).is_some_and(|m| {
            m.visible_at > now && m.receipt.as_deref() == Some(&req.receipt_handle)
        });
        if !in_flight {
            return Err(ApiError::new(
                ErrorCode::MessageNotInflight,
                "Message does not exist or is not available for visibility timeout change.",
            ));
        }
        q.change_message(seq, |m| {
            m.visible_at = now.saturating_add(SimDuration::seconds(timeout as u64));
        });
        Ok(SqsEmpty {})
    }

    /// The queues' invariants, as far as `walk` says. Always, at a cost of
    /// the queues (not their messages nor handles): the index agrees in size
    /// with the messages, holds none past its retention nor hidden past its
    /// time, and there are at least as many handles as messages with one.
    /// [`SqsCheck::Receipts`] walks the receipt handles: each points to the
    /// message it was given for (the sequence number inside the handle; a
    /// deleted or re-received message's handles stay, so the message may be
    /// gone), and those that are their message's latest are as many as the
    /// messages with a receipt, so a message whose receipt the queue does
    /// not know is caught. [`SqsCheck::Messages`] walks every message too:
    /// it is where the index says, not past its retention, its receipt maps
    /// to it, and the index's counts equal a count of the messages.
    pub(crate) fn check_sqs_invariants(&self, walk: SqsCheck) -> Result<(), String> {
        for (name, q) in &self.state.sqs.queues {
            if &q.name != name || q.url != self.sqs_queue_url(name) {
                return Err(format!("queue stored under '{name}' is {}", q.url));
            }
            let broken = |what: String| Err(format!("queue '{name}': {what}"));
            let ix = &q.index;
            let n = q.messages.len();
            if ix.settled > self.now {
                return broken(format!("settled at {} after now", ix.settled));
            }
            if ix.visible.len() + ix.hidden.len() != n || ix.by_sent.len() != n {
                return broken(format!(
                    "its index has {} visible, {} hidden and {} by send time for {n} messages",
                    ix.visible.len(),
                    ix.hidden.len(),
                    ix.by_sent.len()
                ));
            }
            if ix.hidden_received > ix.hidden.len() as u64 || ix.with_receipt > n as u64 {
                return broken(format!(
                    "its index counts {} in flight of {} hidden and {} with a receipt of {n}",
                    ix.hidden_received,
                    ix.hidden.len(),
                    ix.with_receipt
                ));
            }
            if let Some((at, seq)) = ix.hidden.first()
                && *at <= ix.settled
            {
                return broken(format!(
                    "message #{seq} is hidden though visible since {at}"
                ));
            }
            if let Some((sent, seq)) = ix.by_sent.first()
                && expired(*sent, ix.settled, q.settings.retention)
            {
                return broken(format!("message #{seq} is kept past its retention"));
            }
            if (q.receipts.len() as u64) < ix.with_receipt {
                return broken(format!(
                    "{} messages have a receipt handle, the queue knows {} handles: a message has an unknown receipt",
                    ix.with_receipt,
                    q.receipts.len()
                ));
            }
            if walk == SqsCheck::Queues {
                continue;
            }
            let mut latest = 0;
            for (handle, seq) in &q.receipts {
                if receipt_seq(handle) != Some(*seq) {
                    return broken(format!(
                        "receipt handle {handle} points to message #{seq}, not to the message it was given for"
                    ));
                }
                if q.messages
                    .get(seq)
                    .is_some_and(|m| m.receipt.as_deref() == Some(handle.as_str()))
                {
                    latest += 1;
                }
            }
            if latest != ix.with_receipt {
                return broken(format!(
                    "{} messages have a receipt handle, {latest} of the queue's handles are theirs: a message has an unknown receipt",
                    ix.with_receipt
                ));
            }
            if walk == SqsCheck::Messages {
                self.recount_sqs_queue(name, q)?;
            }
        }
        Ok(())
    }

    /// [`Sim::check_sqs_invariants`]'s walk over every message of a queue,
    /// in one pass in send order (the index's sets are compared in order,
    /// not looked up, but for the hidden messages).
    fn recount_sqs_queue(&self, name: &str, q: &Queue) -> Result<(), String> {
        let (ix, now, retention) = (&q.index, self.now, q.settings.retention);
        let broken = |what: String| Err(format!("queue '{name}': {what}"));
        let (mut hidden_received, mut with_receipt) = (0, 0);
        let mut counted = QueueCounts::default();
        let mut visible = ix.visible.iter();
        let mut by_sent = Vec::with_capacity(q.messages.len());
        for (seq, m) in &q.messages {
            if m.expired(ix.settled, retention) {
                return broken(format!("message {} is kept past its retention", m.id));
            }
            let indexed = if m.visible_at <= ix.settled {
                visible.next() == Some(seq)
            } else {
                hidden_received += u64::from(m.receive_count > 0);
                ix.hidden.contains(&(m.visible_at, *seq))
            };
            if !indexed {
                return broken(format!("message {} is not where its index says", m.id));
            }
            by_sent.push((m.sent, *seq));
            if let Some(handle) = &m.receipt {
                with_receipt += 1;
                if q.receipts.get(handle) != Some(seq) {
                    return broken(format!("message {} has an unknown receipt", m.id));
                }
            }
            // As `Queue::recount` counts.
            if !m.expired(now, retention) {
                if m.visible_at <= now {
                    counted.visible += 1;
                } else if m.receive_count > 0 {
                    counted.in_flight += 1;
                } else {
                    counted.delayed += 1;
                }
            }
        }
        // Mostly in order already (only redriven messages are not).
        by_sent.sort_unstable();
        if !by_sent.iter().eq(ix.by_sent.iter()) {
            return broken("its index by send time differs from its messages".to_owned());
        }
        if (hidden_received, with_receipt) != (ix.hidden_received, ix.with_receipt) {
            return broken(format!(
                "its index counts {} in flight and {} with a receipt, its messages {hidden_received} and {with_receipt}",
                ix.hidden_received, ix.with_receipt
            ));
        }
        let kept = q.counts(now);
        if kept != counted {
            return broken(format!(
                "its index counts {kept:?}, its messages {counted:?}"
            ));
        }
        Ok(())
    }
}
