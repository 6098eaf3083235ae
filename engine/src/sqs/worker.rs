//! The simulator's own sample queue worker, `stevedore/sqs-worker` (NOT a
//! real Docker Hub image: it exists only in the simulator's catalogue,
//! engine/src/images/catalogue.rs), and `sim produce`, the learner's way
//! to put a backlog on a queue. Together they are lecture 206's "SQS
//! workers scaled on the backlog" (F11.9).
//!
//! ## The worker
//!
//! A container of `stevedore/sqs-worker` reads two variables from its
//! environment (the task definition's `environment`, then RunTask's
//! `containerOverrides`):
//! - `QUEUE_URL` (required): the queue it works on;
//! - `MESSAGES_PER_SECOND`: how many messages one task processes a second
//!   (MODEL: a whole number from [`MIN_MESSAGES_PER_SECOND`] to
//!   [`MAX_MESSAGES_PER_SECOND`], default [`DEFAULT_MESSAGES_PER_SECOND`]);
//! - `WAIT_TIME_SECONDS`: the `WaitTimeSeconds` its receives ask for (0–20,
//!   F19.3); unset, the queue's `ReceiveMessageWaitTimeSeconds` (F19.2,
//!   default 0) decides.
//!
//! Polling (F19.3, F16.1): with a wait of 0 the worker short-polls: when
//! a step finds nothing it asks again every [`SHORT_POLL_INTERVAL`]
//! (MODEL), so an idle short-polling worker makes
//! [`SHORT_POLLS_PER_STEP`] empty receives a step (60 a minute). With a
//! wait above 0 it long-polls: a poll returns as soon as messages are
//! visible, and an idle worker's poll comes back empty only once it has
//! waited the whole wait: one empty receive per wait period (3 a minute
//! at 20 s). Each empty answer counts one `NumberOfEmptyReceives`.
//!
//! While its task is RUNNING it works in steps of [`WORKER_TICK`] (one
//! account timer, `Timer::SqsWork`, every 10 simulated seconds while any
//! worker task runs or any producer is on; not one timer per message). At
//! each step, with the task role's credentials (F4.8, as
//! engine/src/ecs/aws_cli.rs finds them):
//! 1. it deletes (DeleteMessageBatch, `sqs:DeleteMessage`) the messages it
//!    received at the step before: MODEL, a message is processed for one
//!    step (10 s) and is *in flight* meanwhile (`…NotVisible`, F19.3); with
//!    a visibility timeout shorter than that it becomes visible again first,
//!    and another worker may take it (at-least-once: the old receipt
//!    handle's delete then deletes nothing);
//! 2. it receives (ReceiveMessage, `sqs:ReceiveMessage`, ten at a time)
//!    up to `MESSAGES_PER_SECOND` × 10 messages for the next step.
//!
//! Both calls go through the queue's own paths (`receive_message`,
//! `delete_message_batch`), so NumberOfMessagesReceived/Deleted, receive
//! counts, visibility and dead-letter redrive (F19.4) are what the API
//! gives any client. The worker never stops on an error: it logs the error
//! as a Python boto3 worker prints it and tries again at the next step,
//! consuming nothing:
//! - no credentials (Fargate without a task role):
//!   `botocore.exceptions.NoCredentialsError: Unable to locate credentials`;
//! - no route to the endpoint (the task's network, as the AWS CLI's):
//!   `botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint
//!   URL: "https://sqs.<region>.amazonaws.com/"`;
//! - a denied call: `botocore.exceptions.ClientError: An error occurred
//!   (AccessDenied) when calling the ReceiveMessage operation: User:
//!   <assumed-role ARN> is not authorized to perform: sqs:receivemessage on
//!   resource: <queue ARN> because no identity-based policy allows the
//!   sqs:receivemessage action` (UNCONFIRMED: SQS spells the action in
//!   lower case in this text, as widely reported). A worker allowed to
//!   receive but not to delete receives, fails to delete, and its messages
//!   come back after the visibility timeout until they are redriven;
//! - no such queue: `botocore.exceptions.ClientError: An error occurred
//!   (AWS.SimpleQueueService.NonExistentQueue) when calling the
//!   ReceiveMessage operation: The specified queue does not exist.`
//!   (F19.6);
//! - `QUEUE_URL` unset or `MESSAGES_PER_SECOND` not a whole number in
//!   bounds: a `[sqs-worker]` line saying so.
//!
//! Logs: a line a minute with what it processed (and each error, at most
//! once a minute while it repeats), into the container's log lines and,
//! with awslogs, CloudWatch Logs (bounded by `aws_cli::MAX_LOG_LINES`).
//! A task that stops while holding messages leaves them in flight until
//! their visibility timeout ends, as a killed worker does.
//!
//! CPU: a worker task's AWS/ECS CPUUtilization follows how busy it was in
//! the minute (`Sim::sqs_worker_busy`, read by `ecs_minute`): MODEL, the
//! messages it processed over what it could have, times
//! [`WORKER_BUSY_CPU_PERCENT`], on top of the idle CPU.

use super::ReceiveMessageRequest;
use crate::base::arn::LastSegment;
use crate::ecs::aws_cli::{Credentials, assumed_role_arn, push_log};
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};

/// The sample image's repository (the simulator's own, see the module docs).
pub const WORKER_REPOSITORY: &str = "stevedore/sqs-worker";
/// MODEL: messages a task processes a second when `MESSAGES_PER_SECOND`
/// is not set, and the bounds of the setting.
pub const DEFAULT_MESSAGES_PER_SECOND: u64 = 5;
pub const MIN_MESSAGES_PER_SECOND: u64 = 1;
pub const MAX_MESSAGES_PER_SECOND: u64 = 50;
/// MODEL: the workers' and producers' step (one account timer).
pub const WORKER_TICK: SimDuration = SimDuration::seconds(10);
/// MODEL: a short-polling worker that found nothing asks again after a
/// second (the usual `time.sleep(1)` loop): this many receives a step.
pub const SHORT_POLL_INTERVAL: SimDuration = SimDuration::seconds(1);
pub const SHORT_POLLS_PER_STEP: u64 = WORKER_TICK.0 / SHORT_POLL_INTERVAL.0;
/// MODEL: CPU a fully busy worker task uses above its idle CPU (percent of
/// its task CPU).
pub const WORKER_BUSY_CPU_PERCENT: f64 = 60.0;

/// One worker container's progress (kept while its task runs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerRecord {
    /// The queue its held messages came from, and their receipt handles.
    pub held_queue: String,
    pub held: Vec<String>,
    /// Messages deleted since its last progress line, and when that was.
    pub processed: u64,
    pub last_line: Option<SimTime>,
    /// The last error logged, and when.
    pub last_error: Option<(SimTime, String)>,
    /// When its current long poll began (it ends empty after the wait).
    pub long_poll_since: Option<SimTime>,
    /// The last full minute: (messages processed, what it could have).
    pub minute: (u64, u64),
    /// The minute being counted.
    pub counting: (u64, u64),
}

/// What a worker's environment asks of it.
struct WorkerConfig {
    queue_url: String,
    rate: u64,
    /// `WAIT_TIME_SECONDS`, sent as ReceiveMessage's `WaitTimeSeconds`;
    /// unset, the queue's `ReceiveMessageWaitTimeSeconds` applies.
    wait: Option<u64>,
}

impl Sim {
    /// The worker containers of `task_arn`, with their config or why it is
    /// wrong.
    fn worker_containers(&self, task_arn: &str) -> Vec<(usize, Result<WorkerConfig, String>)> {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, c) in task.life.containers.iter().enumerate() {
            if !c.image.contains(WORKER_REPOSITORY) {
                continue;
            }
            let Ok(image) = crate::ecs::task_definition::parse_image(&c.image) else {
                continue;
            };
            if image.registry.is_some() || image.repository != WORKER_REPOSITORY {
                continue;
            }
            let mut env: Vec<(String, String)> = self
                .task_definition_by_arn(&task.life.task_definition_arn)
                .and_then(|td| td.containers().iter().find(|d| d.name == c.name))
                .map(|d| {
                    d.environment
                        .iter()
                        .map(|kv| (kv.name.clone(), kv.value.clone()))
                        .collect()
                })
                .unwrap_or_default();
            // RunTask's containerOverrides come after (they win).
            if let Some(items) = task
                .life
                .overrides
                .as_ref()
                .and_then(|o| o.get("containerOverrides"))
                .and_then(|o| o.as_array())
            {
                for item in items
                    .iter()
                    .filter(|i| i.get("name").and_then(|n| n.as_str()) == Some(&c.name))
                {
                    for kv in item
                        .get("environment")
                        .and_then(|e| e.as_array())
                        .into_iter()
                        .flatten()
                    {
                        if let (Some(n), Some(v)) = (
                            kv.get("name").and_then(|n| n.as_str()),
                            kv.get("value").and_then(|v| v.as_str()),
                        ) {
                            env.push((n.to_owned(), v.to_owned()));
                        }
                    }
                }
            }
            let var = |name: &str| {
                env.iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            let wait =
                match var("WAIT_TIME_SECONDS").map(|w| w.trim().parse::<u64>().map_err(|_| w)) {
                    None => Ok(None),
                    Some(Ok(w)) if w <= super::MAX_WAIT => Ok(Some(w)),
                    Some(Ok(w)) => Err(w.to_string()),
                    Some(Err(w)) => Err(w),
                };
            let config = match (var("QUEUE_URL"), var("MESSAGES_PER_SECOND")) {
                (None, _) => Err(
                    "[sqs-worker] QUEUE_URL is not set: give the container the queue's URL in its environment."
                        .to_owned(),
                ),
                (Some(url), rate) => match rate.map(|r| r.trim().parse::<u64>().map_err(|_| r)) {
                    None => Ok(WorkerConfig {
                        queue_url: url,
                        rate: DEFAULT_MESSAGES_PER_SECOND,
                        wait: None,
                    }),
                    Some(Ok(r))
                        if (MIN_MESSAGES_PER_SECOND..=MAX_MESSAGES_PER_SECOND).contains(&r) =>
                    {
                        Ok(WorkerConfig {
                            queue_url: url,
                            rate: r,
                            wait: None,
                        })
                    }
                    Some(Ok(r)) => Err(format!(
                        "[sqs-worker] MESSAGES_PER_SECOND={r} is not a whole number from {MIN_MESSAGES_PER_SECOND} to {MAX_MESSAGES_PER_SECOND}."
                    )),
                    Some(Err(r)) => Err(format!(
                        "[sqs-worker] MESSAGES_PER_SECOND={r} is not a whole number from {MIN_MESSAGES_PER_SECOND} to {MAX_MESSAGES_PER_SECOND}."
                    )),
                },
            };
            let config = match (config, wait) {
                (Ok(c), Ok(w)) => Ok(WorkerConfig { wait: w, ..c }),
                (Err(e), _) => Err(e),
                (Ok(_), Err(w)) => Err(format!(
                    "[sqs-worker] WAIT_TIME_SECONDS={w} is not a whole number from 0 to {}.",
                    super::MAX_WAIT
                )),
            };
            out.push((index, config));
        }
        out
    }

    /// At RUNNING (engine/src/ecs/run_task/lifecycle.rs): a task with a
    /// worker container starts the account's work timer if it is not on.
    pub(crate) fn start_sqs_workers(&mut self, task_arn: &str) {
        let has_worker = self.state.tasks.get(task_arn).is_some_and(|t| {
            t.life
                .containers
                .iter()
                .any(|c| c.image.contains(WORKER_REPOSITORY))
        });
        if has_worker && !self.worker_containers(task_arn).is_empty() {
            self.ensure_sqs_work_timer();
        }
    }

    /// Schedules `Timer::SqsWork` at the next multiple of [`WORKER_TICK`]
    /// unless it is pending.
    pub(crate) fn ensure_sqs_work_timer(&mut self) {
        if self.state.sqs.work_pending {
            return;
        }
        self.state.sqs.work_pending = true;
        let tick = WORKER_TICK.0;
        let after = tick - self.now.0 % tick;
        self.schedule(SimDuration(after), Timer::SqsWork);
    }

    /// Timer: one step of every producer, then of every worker container
    /// of a RUNNING task; again in [`WORKER_TICK`] while there are any.
    pub(crate) fn sqs_work(&mut self) {
        self.state.sqs.work_pending = false;
        self.produce_step();
        let tasks: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.life.last_status == "RUNNING"
                    && t.life
                        .containers
                        .iter()
                        .any(|c| c.image.contains(WORKER_REPOSITORY))
            })
            .map(|t| t.arn.clone())
            .collect();
        let mut alive = std::collections::BTreeSet::new();
        for task in &tasks {
            for (index, config) in self.worker_containers(task) {
                let running = self.state.tasks.get(task).is_some_and(|t| {
                    t.life
                        .containers
                        .get(index)
                        .is_some_and(|c| c.last_status == "RUNNING")
                });
                if !running {
                    continue;
                }
                alive.insert((task.clone(), index));
                self.worker_step(task, index, config);
            }
        }
        // Stopped workers' records go (their held messages stay in flight
        // until their visibility timeout ends).
        self.state.sqs.workers.retain(|k, _| alive.contains(k));
        if !alive.is_empty() || !self.state.sqs.producers.is_empty() {
            self.ensure_sqs_work_timer();
        }
    }

    fn worker_step(&mut self, task: &str, index: usize, config: Result<WorkerConfig, String>) {
        let key = (task.to_owned(), index);
        let mut rec = self.state.sqs.workers.remove(&key).unwrap_or_default();
        let mut lines = Vec::new();
        let mut error = None;
        match config {
            Err(e) => error = Some(e),
            Ok(cfg) => {
                let want = cfg.rate * WORKER_TICK.0 / 1000;
                rec.counting.1 += want;
                match self.worker_calls(task, &cfg, &mut rec, want) {
                    Ok(deleted) => {
                        rec.processed += deleted;
                        rec.counting.0 += deleted;
                    }
                    Err(e) => error = Some(e),
                }
                let due = rec.last_line.is_none_or(|t| self.now.since(t).0 >= 60_000);
                if due && error.is_none() {
                    if rec.last_line.is_some() || rec.processed > 0 {
                        lines.push(format!(
                            "[sqs-worker] processed {} message{} from {} in the last minute (up to {}/s per task)",
                            rec.processed,
                            if rec.processed == 1 { "" } else { "s" },
                            cfg.queue_url.last_segment(),
                            cfg.rate
                        ));
                    } else {
                        lines.push(format!(
                            "[sqs-worker] polling {} for up to {}/s",
                            cfg.queue_url, cfg.rate
                        ));
                    }
                    rec.processed = 0;
                    rec.last_line = Some(self.now);
                    rec.minute = rec.counting;
                    rec.counting = (0, 0);
                }
            }
        }
        if let Some(e) = error {
            let repeat = rec
                .last_error
                .as_ref()
                .is_some_and(|(at, last)| *last == e && self.now.since(*at).0 < 60_000);
            if !repeat {
                rec.last_error = Some((self.now, e.clone()));
                lines.push(e);
            }
            if rec.last_line.is_none_or(|t| self.now.since(t).0 >= 60_000) {
                rec.minute = rec.counting;
                rec.counting = (0, 0);
                rec.last_line = Some(self.now);
            }
        }
        self.state.sqs.workers.insert(key, rec);
        self.worker_log(task, index, &lines);
    }

    /// The step's two calls; the messages deleted, or the error printed.
    fn worker_calls(
        &mut self,
        task: &str,
        cfg: &WorkerConfig,
        rec: &mut WorkerRecord,
        want: u64,
    ) -> Result<u64, String> {
        let (role_arn, session) = match self.container_credentials(task) {
            Credentials::Role { role_arn, session } => (role_arn, session),
            Credentials::None => {
                return Err(
                    "botocore.exceptions.NoCredentialsError: Unable to locate credentials"
                        .to_owned(),
                );
            }
        };
        if !self.task_reaches_aws_endpoints(task) {
            return Err(format!(
                "botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: \"https://sqs.{}.amazonaws.com/\"",
                self.config.region
            ));
        }
        let caller = assumed_role_arn(&role_arn, &session);
        let queue_arn = self.sqs_queue_arn(cfg.queue_url.last_segment());
        let client_error = |code: &str, op: &str, message: &str| {
            format!(
                "botocore.exceptions.ClientError: An error occurred ({code}) when calling the {op} operation: {message}"
            )
        };
        let denied = |this: &Sim, action: &str, op: &str| -> Option<String> {
            let decision = this.role_allows(&role_arn, action, &queue_arn);
            if decision.is_allowed() {
                return None;
            }
            let lower = action.to_ascii_lowercase();
            let why = match decision {
                crate::iam::Decision::ExplicitDeny(_) => {
                    "with an explicit deny in an identity-based policy".to_owned()
                }
                _ => format!("because no identity-based policy allows the {lower} action"),
            };
            Some(client_error(
                "AccessDenied",
                op,
                &format!(
                    "User: {caller} is not authorized to perform: {lower} on resource: {queue_arn} {why}"
                ),
            ))
        };
        let mut deleted = 0;
        // 1. The last step's messages are processed: delete them.
        if !rec.held.is_empty() {
            let held = std::mem::take(&mut rec.held);
            let url = self.sqs_queue_url(&rec.held_queue);
            if let Some(e) = denied(self, "sqs:DeleteMessage", "DeleteMessageBatch") {
                return Err(e);
            }
            for chunk in held.chunks(super::MAX_BATCH) {
                let req = super::DeleteMessageBatchRequest {
                    queue_url: url.clone(),
                    entries: chunk
                        .iter()
                        .enumerate()
                        .map(|(i, h)| super::DeleteMessageBatchEntry {
                            id: i.to_string(),
                            receipt_handle: h.clone(),
                        })
                        .collect(),
                };
                let before = self.deleted_total(&rec.held_queue);
                match self.delete_message_batch(req) {
                    Ok(_) => {
                        deleted += self.deleted_total(&rec.held_queue) - before;
                        self.forget_worker_receipts(&rec.held_queue, chunk);
                    }
                    Err(e) => {
                        return Err(client_error(
                            e.code.as_str(),
                            "DeleteMessageBatch",
                            &e.message,
                        ));
                    }
                }
            }
        }
        // 2. The next step's messages.
        if let Some(e) = denied(self, "sqs:ReceiveMessage", "ReceiveMessage") {
            return Err(e);
        }
        let name = cfg.queue_url.last_segment().to_owned();
        let wait = self.sqs_receive_wait(&name, cfg.wait.map(|w| w as i64));
        let receive = |this: &mut Sim, n: u64| {
            let req = ReceiveMessageRequest {
                queue_url: cfg.queue_url.clone(),
                max_number_of_messages: Some(n as i64),
                wait_time_seconds: cfg.wait.map(|w| w as i64),
                ..ReceiveMessageRequest::default()
            };
            this.receive_message(req)
                .map(|r| r.messages)
                .map_err(|e| client_error(e.code.as_str(), "ReceiveMessage", &e.message))
        };
        let mut received = Vec::new();
        if wait == 0 {
            // Short polling: ask until an answer comes back empty; a worker
            // that found nothing asks again every SHORT_POLL_INTERVAL for
            // the rest of the step, each time an empty receive.
            rec.long_poll_since = None;
            while (received.len() as u64) < want {
                let n = (want - received.len() as u64).min(super::MAX_BATCH as u64);
                let messages = receive(self, n)?;
                if messages.is_empty() {
                    break;
                }
                received.extend(messages.into_iter().map(|m| m.receipt_handle));
            }
            if received.is_empty() {
                for _ in 1..SHORT_POLLS_PER_STEP {
                    receive(self, want.min(super::MAX_BATCH as u64))?;
                }
            }
        } else {
            // Long polling: a poll returns as soon as messages are visible,
            // or empty once it has waited `wait` seconds; meanwhile the
            // worker makes no other call.
            while (received.len() as u64) < want && self.sqs_visible(&name) > 0 {
                let n = (want - received.len() as u64).min(super::MAX_BATCH as u64);
                let messages = receive(self, n)?;
                if messages.is_empty() {
                    break;
                }
                received.extend(messages.into_iter().map(|m| m.receipt_handle));
            }
            if received.is_empty() {
                let period = wait * 1000;
                let mut since = rec.long_poll_since.unwrap_or(self.now);
                while self.now.since(since).0 >= period {
                    receive(self, want.min(super::MAX_BATCH as u64))?;
                    since = SimTime(since.0 + period);
                }
                rec.long_poll_since = Some(since);
            } else {
                rec.long_poll_since = None;
            }
        }
        rec.held_queue = name;
        rec.held = received;
        Ok(deleted)
    }

    /// The queue keeps every receipt handle it gave out (deleting again
    /// with one succeeds); a worker's handles are seen by no other client,
    /// so once the worker has deleted with them they are forgotten, which
    /// keeps a queue's memory bounded by its messages while workers run.
    /// A handle that is still a message's latest receipt is kept.
    fn forget_worker_receipts(&mut self, queue: &str, handles: &[String]) {
        let Some(q) = self.state.sqs.queues.get_mut(queue) else {
            return;
        };
        for h in handles {
            let current = q
                .receipts
                .get(h)
                .and_then(|seq| q.messages.get(seq))
                .is_some_and(|m| m.receipt.as_deref() == Some(h.as_str()));
            if !current {
                q.receipts.remove(h);
            }
        }
    }

    fn deleted_total(&self, name: &str) -> u64 {
        self.state
            .sqs
            .queues
            .get(name)
            .map_or(0, |q| q.deleted_total)
    }

    /// Writes a worker container's lines (and to CloudWatch Logs with awslogs).
    fn worker_log(&mut self, task: &str, index: usize, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        let now = self.now;
        let mut stream = None;
        if let Some(c) = self
            .state
            .tasks
            .get_mut(task)
            .and_then(|t| t.life.containers.get_mut(index))
        {
            stream = c.log_stream.clone();
            for line in lines {
                push_log(&mut c.logs, now, line.clone());
            }
        }
        if let Some((group, stream)) = stream {
            for line in lines {
                self.put_log_line(&group, &stream, now, line);
            }
        }
    }

    /// How busy a service's RUNNING worker tasks were in their last full
    /// minute, 0 to 1 on average (for `ecs_minute`'s CPU); `None` when none
    /// of its tasks is a worker.
    pub(crate) fn sqs_service_busy(&self, group: &str, cluster_arn: &str) -> Option<f64> {
        let workers = &self.state.sqs.workers;
        if workers.is_empty() {
            return None;
        }
        let (mut sum, mut n) = (0.0, 0u32);
        for t in self.state.tasks_in_group(group) {
            if t.status != crate::state::TaskStatus::Running || t.cluster_arn != cluster_arn {
                continue;
            }
            let share = workers
                .range((t.arn.clone(), 0)..)
                .take_while(|((a, _), _)| *a == t.arn)
                .map(|(_, rec)| {
                    if rec.minute.1 == 0 {
                        0.0
                    } else {
                        rec.minute.0 as f64 / rec.minute.1 as f64
                    }
                })
                .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))));
            if let Some(s) = share {
                sum += s;
                n += 1;
            }
        }
        (n > 0).then(|| sum / f64::from(n))
    }
}
