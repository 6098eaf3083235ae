//! The sample queue worker and `sim produce`: rate, credentials, denied
//! calls, a missing queue, redrive, CPU, and journal replay.

use super::produce::Produce;
use crate::command::Service;
use crate::config::SimConfig;
use crate::input::Input;
use crate::sim::Sim;
use crate::time::SimDuration;
use serde_json::{Value, json};

use crate::test_support::{ACCOUNT, allow, container_lines as lines, exec, run_fargate, task_role};

const URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";

fn sim_with_queue(attributes: Value) -> Sim {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    exec(
        &mut sim,
        Service::Sqs,
        "CreateQueue",
        json!({"QueueName": "jobs", "Attributes": attributes}),
    );
    sim
}

/// A role for tasks allowing `actions` on the queue `jobs`.
fn role(sim: &mut Sim, actions: &[&str]) -> String {
    let arn = task_role(sim, "worker");
    if !actions.is_empty() {
        allow(
            sim,
            "worker",
            "sqs",
            vec![
                json!({"Effect": "Allow", "Action": actions, "Resource": format!("arn:aws:sqs:us-east-1:{ACCOUNT}:jobs")}),
            ],
        );
    }
    arn
}

/// Runs `count` Fargate worker tasks with `env`; returns their ARNs.
fn workers(sim: &mut Sim, role: Option<&str>, env: Value, count: i64) -> Vec<String> {
    exec(
        sim,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    let mut td = json!({"family": "worker", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "worker", "image": "stevedore/sqs-worker:1.0", "environment": env}]});
    if let Some(r) = role {
        td["taskRoleArn"] = json!(r);
    }
    exec(sim, Service::Ecs, "RegisterTaskDefinition", td);
    run_fargate(sim, "c", "worker", json!({"count": count}))
}

fn adv(sim: &mut Sim, by: SimDuration) {
    sim.apply(Input::Advance(by));
}

fn produce(sim: &mut Sim, burst: u64) {
    sim.apply(Input::Produce(Produce {
        queue: "jobs".into(),
        rate: None,
        burst: Some(burst),
        off: false,
    }))
    .produce()
    .unwrap();
}

fn queue(sim: &Sim, name: &str) -> super::QueueCounts {
    sim.state.sqs.queues[name].counts(sim.now)
}

#[test]
fn a_worker_processes_its_rate_through_the_queue() {
    let mut sim = sim_with_queue(json!({}));
    let r = role(&mut sim, &["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
    produce(&mut sim, 2_000);
    let tasks = workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}, {"name": "MESSAGES_PER_SECOND", "value": "5"}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(1));
    assert_eq!(sim.state.tasks[&tasks[0]].life.last_status, "RUNNING");
    let started = sim.state.sqs.queues["jobs"].deleted_total;
    let at = sim.now;
    adv(&mut sim, SimDuration::minutes(5));
    // 5 a second for 5 minutes: 1,500 deleted, 50 (one step's) in flight.
    let deleted = sim.state.sqs.queues["jobs"].deleted_total - started;
    assert_eq!(deleted, 1_500, "from {at:?}");
    assert_eq!(queue(&sim, "jobs").in_flight, 50);
    let total = sim.state.sqs.queues["jobs"].deleted_total;
    assert_eq!(queue(&sim, "jobs").visible, 2_000 - total - 50);
    let log = lines(&sim, &tasks[0]);
    assert!(
        log.iter()
            .any(|l| l == "[sqs-worker] processed 300 messages from jobs in the last minute (up to 5/s per task)"),
        "{log:#?}"
    );
    // Sent, received and deleted reach CloudWatch through the queue's paths.
    let sum = |metric: &str| -> f64 {
        sim.state
            .cloudwatch
            .custom
            .iter()
            .filter(|(k, _)| k.name == metric)
            .flat_map(|(_, series)| series.points.values().map(|p| p.sum))
            .sum()
    };
    assert_eq!(sum("NumberOfMessagesSent"), 2_000.0);
    assert_eq!(sum("NumberOfMessagesDeleted"), total as f64);
    assert_eq!(sum("NumberOfMessagesReceived"), (total + 50) as f64);
    // A busy worker's service would show it: the task's share is full.
    let rec = sim.state.sqs.workers.values().next().unwrap();
    assert_eq!(rec.minute, (300, 300));
    // The worker's spent receipt handles are forgotten: only the 50 held.
    assert_eq!(sim.state.sqs.queues["jobs"].receipts.len(), 50);
    // The lab's goal reads the same counts.
    let goal = |v: Value| sim.check_goal(&crate::goals::Goal::from_json(&v).unwrap());
    assert!(goal(json!({"kind": "sqs_queue", "name": "jobs", "deleted_at_least": total})).met);
    let unmet = goal(json!({"kind": "sqs_queue", "name": "jobs", "visible_at_most": 0}));
    assert!(!unmet.met);
    assert!(
        unmet.detail.starts_with("too many waiting: "),
        "{}",
        unmet.detail
    );
    sim.check_invariants().unwrap();
}

#[test]
fn without_credentials_the_worker_logs_and_consumes_nothing() {
    let mut sim = sim_with_queue(json!({}));
    produce(&mut sim, 100);
    let tasks = workers(
        &mut sim,
        None,
        json!([{"name": "QUEUE_URL", "value": URL}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(3));
    let log = lines(&sim, &tasks[0]);
    assert!(log.contains(
        &"botocore.exceptions.NoCredentialsError: Unable to locate credentials".to_owned()
    ));
    // Once a minute while it repeats, not every step.
    assert!(log.len() <= 3, "{log:#?}");
    assert_eq!(queue(&sim, "jobs").visible, 100);
}

#[test]
fn a_denied_receive_is_aws_text_and_consumes_nothing() {
    let mut sim = sim_with_queue(json!({}));
    let r = role(&mut sim, &[]);
    produce(&mut sim, 100);
    let tasks = workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(2));
    let task_id = tasks[0].rsplit('/').next().unwrap();
    let want = format!(
        "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the ReceiveMessage operation: User: arn:aws:sts::{ACCOUNT}:assumed-role/worker/{task_id} is not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:us-east-1:{ACCOUNT}:jobs because no identity-based policy allows the sqs:receivemessage action"
    );
    assert!(
        lines(&sim, &tasks[0]).contains(&want),
        "{:#?}",
        lines(&sim, &tasks[0])
    );
    assert_eq!(queue(&sim, "jobs").visible, 100);
}

#[test]
fn a_missing_queue_and_a_bad_rate_are_logged() {
    let mut sim = sim_with_queue(json!({}));
    let r = role(&mut sim, &["sqs:*"]);
    exec(
        &mut sim,
        Service::Sqs,
        "DeleteQueue",
        json!({"QueueUrl": URL}),
    );
    let tasks = workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(2));
    let log = lines(&sim, &tasks[0]);
    assert!(log.contains(&"botocore.exceptions.ClientError: An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the ReceiveMessage operation: The specified queue does not exist.".to_owned()), "{log:#?}");

    let mut sim = sim_with_queue(json!({}));
    let r = role(&mut sim, &["sqs:*"]);
    let tasks = workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}, {"name": "MESSAGES_PER_SECOND", "value": "500"}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(2));
    assert!(lines(&sim, &tasks[0]).contains(
        &"[sqs-worker] MESSAGES_PER_SECOND=500 is not a whole number from 1 to 50.".to_owned()
    ));
    // It still runs: a worker never stops on an error.
    assert_eq!(sim.state.tasks[&tasks[0]].life.last_status, "RUNNING");
}

#[test]
fn a_worker_that_may_not_delete_redrives_its_messages() {
    let mut sim = sim_with_queue(json!({}));
    exec(
        &mut sim,
        Service::Sqs,
        "CreateQueue",
        json!({"QueueName": "jobs-dlq"}),
    );
    exec(
        &mut sim,
        Service::Sqs,
        "SetQueueAttributes",
        json!({"QueueUrl": URL, "Attributes": {"VisibilityTimeout": "5",
            "RedrivePolicy": format!("{{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-dlq\",\"maxReceiveCount\":\"2\"}}")}}),
    );
    let r = role(&mut sim, &["sqs:ReceiveMessage"]);
    produce(&mut sim, 20);
    let tasks = workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}, {"name": "MESSAGES_PER_SECOND", "value": "2"}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(3));
    let log = lines(&sim, &tasks[0]);
    assert!(
        log.iter().any(|l| l
            .contains("(AccessDenied) when calling the DeleteMessageBatch operation")
            && l.contains("sqs:deletemessage")),
        "{log:#?}"
    );
    // Received twice each, never deleted: all 20 in the dead-letter queue.
    assert_eq!(sim.state.sqs.queues["jobs"].deleted_total, 0);
    assert_eq!(sim.state.sqs.queues["jobs-dlq"].messages.len(), 20);
    assert!(sim.state.sqs.queues["jobs"].messages.is_empty());
}

#[test]
fn produce_rates_stop_and_replay() {
    let mut sim = sim_with_queue(json!({}));
    let p = |rate: Option<u64>, off: bool| {
        Input::Produce(Produce {
            queue: URL.into(),
            rate,
            burst: None,
            off,
        })
    };
    let out = sim.apply(p(Some(3), false)).produce().unwrap();
    assert!(
        out.starts_with("Producing 3 messages a second to jobs"),
        "{out}"
    );
    adv(&mut sim, SimDuration::minutes(2));
    assert_eq!(queue(&sim, "jobs").visible, 360);
    assert!(
        sim.produce_report()
            .starts_with("jobs: 3/s; now 360 visible")
    );
    sim.apply(p(None, true)).produce().unwrap();
    adv(&mut sim, SimDuration::minutes(1));
    assert_eq!(queue(&sim, "jobs").visible, 360);
    // Refusals change nothing.
    for bad in [p(Some(0), false), p(Some(101), false), p(None, true)] {
        assert!(sim.apply(bad).produce().is_err());
    }
    let err = sim
        .apply(Input::Produce(Produce {
            queue: "nope".into(),
            rate: Some(1),
            burst: None,
            off: false,
        }))
        .produce()
        .unwrap_err();
    assert_eq!(
        err.message,
        "sim produce: there is no queue 'nope' (give its name or URL: aws sqs list-queues)."
    );
    let replayed = crate::journal::Journal::parse(&sim.journal().to_text())
        .unwrap()
        .replay()
        .unwrap();
    assert!(replayed.state_fingerprint() == sim.state_fingerprint());
}

/// Empty receives an idle worker makes in one whole minute, with the
/// queue's `attributes` and the worker's extra `env`.
fn idle_empty_receives(attributes: Value, env: &[(&str, &str)]) -> (f64, Vec<String>) {
    let mut sim = sim_with_queue(attributes);
    let r = role(&mut sim, &["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
    let mut vars = vec![json!({"name": "QUEUE_URL", "value": URL})];
    vars.extend(env.iter().map(|(n, v)| json!({"name": n, "value": v})));
    let tasks = workers(&mut sim, Some(&r), Value::Array(vars), 1);
    adv(&mut sim, SimDuration::minutes(2));
    assert_eq!(sim.state.tasks[&tasks[0]].life.last_status, "RUNNING");
    // The whole minute that starts now.
    let from = sim.epoch_ms(sim.now).div_ceil(60_000) * 60_000;
    adv(&mut sim, SimDuration::minutes(2));
    let empty = sim
        .state
        .cloudwatch
        .custom
        .iter()
        .filter(|(k, _)| k.namespace == "AWS/SQS" && k.name == "NumberOfEmptyReceives")
        .flat_map(|(_, series)| series.points.iter())
        .filter(|(t, _)| **t == from)
        .map(|(_, p)| p.sum)
        .sum();
    (empty, lines(&sim, &tasks[0]))
}

#[test]
fn an_idle_long_polling_worker_makes_few_empty_receives() {
    // F19.3, F16.1: short polling (the default wait of 0) asks once a
    // second when there is nothing: 60 empty receives a minute.
    let (short, _) = idle_empty_receives(json!({}), &[]);
    assert_eq!(short, 60.0);
    // The queue's ReceiveMessageWaitTimeSeconds of 20 makes it long-poll:
    // one empty answer per 20 s wait.
    let (long, _) = idle_empty_receives(json!({"ReceiveMessageWaitTimeSeconds": "20"}), &[]);
    assert_eq!(long, 3.0);
    // WAIT_TIME_SECONDS overrides the queue's setting, both ways.
    let (env_long, _) = idle_empty_receives(json!({}), &[("WAIT_TIME_SECONDS", "5")]);
    assert_eq!(env_long, 12.0);
    let (env_short, _) = idle_empty_receives(
        json!({"ReceiveMessageWaitTimeSeconds": "20"}),
        &[("WAIT_TIME_SECONDS", "0")],
    );
    assert_eq!(env_short, 60.0);
    // A bad wait is logged and nothing is received.
    let (none, log) = idle_empty_receives(json!({}), &[("WAIT_TIME_SECONDS", "21")]);
    assert_eq!(none, 0.0);
    assert!(
        log.iter()
            .any(|l| l == "[sqs-worker] WAIT_TIME_SECONDS=21 is not a whole number from 0 to 20."),
        "{log:#?}"
    );
}

#[test]
fn a_long_polling_worker_takes_messages_as_soon_as_they_arrive() {
    let mut sim = sim_with_queue(json!({"ReceiveMessageWaitTimeSeconds": "20"}));
    let r = role(&mut sim, &["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
    workers(
        &mut sim,
        Some(&r),
        json!([{"name": "QUEUE_URL", "value": URL}]),
        1,
    );
    adv(&mut sim, SimDuration::minutes(2));
    produce(&mut sim, 30);
    // Within one step (not a 20 s wait) the messages are in flight.
    adv(&mut sim, SimDuration::seconds(10));
    assert_eq!(queue(&sim, "jobs").in_flight, 30);
    adv(&mut sim, SimDuration::seconds(20));
    assert_eq!(sim.state.sqs.queues["jobs"].deleted_total, 30);
    sim.check_invariants().unwrap();
}
