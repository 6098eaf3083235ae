//! SQS queues and messages: validation, visibility, delays, retention and
//! redrive as simulated time passes (F19.1–F19.6).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use serde_json::json;

fn try_run(sim: &mut Sim, operation: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(Service::Sqs, operation, input)?;
    sim.execute(command).map(|r| r.to_json())
}

fn run(sim: &mut Sim, operation: &str, input: Value) -> Value {
    try_run(sim, operation, input).unwrap_or_else(|e| panic!("{operation}: {e}"))
}

fn refused(sim: &mut Sim, operation: &str, input: Value) -> ApiError {
    let before = sim.state_fingerprint();
    let e = try_run(sim, operation, input).unwrap_err();
    assert_eq!(
        before,
        sim.state_fingerprint(),
        "{operation} refused but changed the account"
    );
    e
}

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

fn url(sim: &mut Sim, name: &str, attributes: Value) -> String {
    run(
        sim,
        "CreateQueue",
        json!({"QueueName": name, "Attributes": attributes}),
    )["QueueUrl"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn counts(sim: &mut Sim, url: &str) -> (String, String, String) {
    let a = run(
        sim,
        "GetQueueAttributes",
        json!({"QueueUrl": url, "AttributeNames": ["All"]}),
    );
    let get = |k: &str| a["Attributes"][k].as_str().unwrap().to_owned();
    (
        get("ApproximateNumberOfMessages"),
        get("ApproximateNumberOfMessagesNotVisible"),
        get("ApproximateNumberOfMessagesDelayed"),
    )
}

fn n(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn f19_1_names_urls_and_idempotent_create() {
    let mut sim = sim();
    let u = url(&mut sim, "jobs", json!({"VisibilityTimeout": "60"}));
    assert_eq!(u, "https://sqs.us-east-1.amazonaws.com/123456789012/jobs");
    // Same attributes: the same URL; a different value is refused.
    assert_eq!(url(&mut sim, "jobs", json!({"VisibilityTimeout": "60"})), u);
    let e = refused(
        &mut sim,
        "CreateQueue",
        json!({"QueueName": "jobs", "Attributes": {"VisibilityTimeout": "10"}}),
    );
    assert_eq!(e.code.as_str(), "QueueAlreadyExists");
    assert!(e.message.ends_with("attribute VisibilityTimeout"), "{e}");
    for bad in ["", "has space", &"x".repeat(81)] {
        let e = refused(&mut sim, "CreateQueue", json!({"QueueName": bad}));
        assert_eq!(e.code, ErrorCode::InvalidParameterValue, "{bad}");
    }
    let e = refused(&mut sim, "GetQueueUrl", json!({"QueueName": "nope"}));
    assert_eq!(e.code.as_str(), "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(e.message, "The specified queue does not exist.");
    let e = refused(
        &mut sim,
        "GetQueueAttributes",
        json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/nope"}),
    );
    assert_eq!(e.code, ErrorCode::QueueDoesNotExist);
    let e = refused(&mut sim, "DeleteQueue", json!({"QueueUrl": "jobs"}));
    assert_eq!(e.code, ErrorCode::InvalidAddress);
    // A deleted name is reusable only after 60 s (F19.3).
    run(&mut sim, "DeleteQueue", json!({"QueueUrl": u}));
    let e = refused(&mut sim, "CreateQueue", json!({"QueueName": "jobs"}));
    assert_eq!(e.code, ErrorCode::QueueDeletedRecently);
    sim.advance(SimDuration::seconds(60));
    url(&mut sim, "jobs", json!({}));
}

#[test]
fn f19_2_attribute_defaults_bounds_and_names() {
    let mut sim = sim();
    let u = url(&mut sim, "q", json!({}));
    let a = run(
        &mut sim,
        "GetQueueAttributes",
        json!({"QueueUrl": u, "AttributeNames": ["All"]}),
    );
    let attrs = &a["Attributes"];
    assert_eq!(attrs["VisibilityTimeout"], "30");
    assert_eq!(attrs["MessageRetentionPeriod"], "345600");
    assert_eq!(attrs["DelaySeconds"], "0");
    assert_eq!(attrs["ReceiveMessageWaitTimeSeconds"], "0");
    assert_eq!(attrs["MaximumMessageSize"], "262144");
    assert_eq!(attrs["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:q");
    // Without names, no attributes.
    let a = run(&mut sim, "GetQueueAttributes", json!({"QueueUrl": u}));
    assert_eq!(a, json!({}));
    for (name, value) in [
        ("VisibilityTimeout", "43201"),
        ("MessageRetentionPeriod", "59"),
        ("DelaySeconds", "901"),
        ("ReceiveMessageWaitTimeSeconds", "21"),
        ("VisibilityTimeout", "ten"),
    ] {
        let e = refused(
            &mut sim,
            "SetQueueAttributes",
            json!({"QueueUrl": u, "Attributes": {name: value}}),
        );
        assert_eq!(e.code, ErrorCode::InvalidAttributeValue, "{name}={value}");
        assert_eq!(
            e.message,
            format!("Invalid value for the parameter {name}.")
        );
    }
    let e = refused(
        &mut sim,
        "SetQueueAttributes",
        json!({"QueueUrl": u, "Attributes": {"Colour": "red"}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidAttributeName);
    let e = refused(
        &mut sim,
        "SetQueueAttributes",
        json!({"QueueUrl": u, "Attributes": {"RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:none\",\"maxReceiveCount\":3}"}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    assert!(
        e.message.contains("Dead letter target does not exist"),
        "{e}"
    );
    run(
        &mut sim,
        "SetQueueAttributes",
        json!({"QueueUrl": u, "Attributes": {"DelaySeconds": "5"}}),
    );
}

#[test]
fn f19_3_visibility_timeout_receipts_and_delete() {
    let mut sim = sim();
    let u = url(&mut sim, "work", json!({"VisibilityTimeout": "30"}));
    let sent = run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": "hello"}),
    );
    assert_eq!(sent["MD5OfMessageBody"], "5d41402abc4b2a76b9719d911017c592");
    assert_eq!(counts(&mut sim, &u), n("1", "0", "0"));
    let r = run(
        &mut sim,
        "ReceiveMessage",
        json!({"QueueUrl": u, "AttributeNames": ["All"]}),
    );
    let m = &r["Messages"][0];
    assert_eq!(m["Body"], "hello");
    assert_eq!(m["MessageId"], sent["MessageId"]);
    assert_eq!(m["Attributes"]["ApproximateReceiveCount"], "1");
    let first = m["ReceiptHandle"].as_str().unwrap().to_owned();
    assert_eq!(counts(&mut sim, &u), n("0", "1", "0"));
    // In flight: nothing to receive.
    let r = run(&mut sim, "ReceiveMessage", json!({"QueueUrl": u}));
    assert_eq!(r, json!({}));
    // After the visibility timeout it is back, received a second time.
    sim.advance(SimDuration::seconds(30));
    assert_eq!(counts(&mut sim, &u), n("1", "0", "0"));
    let r = run(
        &mut sim,
        "ReceiveMessage",
        json!({"QueueUrl": u, "AttributeNames": ["ApproximateReceiveCount"]}),
    );
    assert_eq!(
        r["Messages"][0]["Attributes"]["ApproximateReceiveCount"],
        "2"
    );
    let latest = r["Messages"][0]["ReceiptHandle"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(first, latest);
    // The older handle succeeds and deletes nothing; the latest deletes.
    run(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": first}),
    );
    assert_eq!(counts(&mut sim, &u), n("0", "1", "0"));
    let e = refused(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": "made-up"}),
    );
    assert_eq!(e.code, ErrorCode::ReceiptHandleIsInvalid);
    run(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": latest}),
    );
    assert_eq!(counts(&mut sim, &u), n("0", "0", "0"));
    // ChangeMessageVisibility needs a message in flight.
    let e = refused(
        &mut sim,
        "ChangeMessageVisibility",
        json!({"QueueUrl": u, "ReceiptHandle": latest, "VisibilityTimeout": 10}),
    );
    assert_eq!(e.code, ErrorCode::MessageNotInflight);
}

#[test]
fn f19_3_delays_batches_receive_bounds_retention_and_purge() {
    let mut sim = sim();
    let u = url(&mut sim, "q", json!({"MessageRetentionPeriod": "120"}));
    let r = run(
        &mut sim,
        "SendMessageBatch",
        json!({"QueueUrl": u, "Entries": [
            {"Id": "a", "MessageBody": "one"},
            {"Id": "b", "MessageBody": "two", "DelaySeconds": 10},
            {"Id": "c", "MessageBody": "three", "DelaySeconds": 901},
        ]}),
    );
    assert_eq!(r["Successful"].as_array().unwrap().len(), 2);
    assert_eq!(r["Failed"][0]["Id"], "c");
    assert_eq!(r["Failed"][0]["SenderFault"], true);
    assert_eq!(counts(&mut sim, &u), n("1", "0", "1"));
    sim.advance(SimDuration::seconds(10));
    assert_eq!(counts(&mut sim, &u), n("2", "0", "0"));
    let e = refused(
        &mut sim,
        "SendMessageBatch",
        json!({"QueueUrl": u, "Entries": []}),
    );
    assert_eq!(e.code.as_str(), "AWS.SimpleQueueService.EmptyBatchRequest");
    let e = refused(
        &mut sim,
        "SendMessageBatch",
        json!({"QueueUrl": u, "Entries": [{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}]}),
    );
    assert_eq!(e.code, ErrorCode::BatchEntryIdsNotDistinct);
    for (k, v) in [
        ("MaxNumberOfMessages", 11),
        ("MaxNumberOfMessages", 0),
        ("WaitTimeSeconds", 21),
        ("WaitTimeSeconds", -1),
    ] {
        let e = refused(&mut sim, "ReceiveMessage", json!({"QueueUrl": u, k: v}));
        assert_eq!(e.code, ErrorCode::InvalidParameterValue, "{k}");
        if k == "WaitTimeSeconds" {
            assert_eq!(
                e.message,
                format!(
                    "Value {v} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."
                )
            );
        }
    }
    let r = run(
        &mut sim,
        "ReceiveMessage",
        json!({"QueueUrl": u, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 20}),
    );
    let bodies: Vec<&str> = r["Messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["Body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["one", "two"]);
    // Retention (120 s from sending) removes them, in flight or not.
    sim.advance(SimDuration::seconds(110));
    assert_eq!(counts(&mut sim, &u), n("0", "0", "0"));
    run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": "x"}),
    );
    run(&mut sim, "PurgeQueue", json!({"QueueUrl": u}));
    assert_eq!(counts(&mut sim, &u), n("0", "0", "0"));
    let e = refused(&mut sim, "PurgeQueue", json!({"QueueUrl": u}));
    assert_eq!(
        e.code.as_str(),
        "AWS.SimpleQueueService.PurgeQueueInProgress"
    );
    let e = refused(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": ""}),
    );
    assert_eq!(e.code, ErrorCode::MissingParameter);
}

#[test]
fn f19_4_redrive_moves_a_message_after_max_receive_count() {
    let mut sim = sim();
    let dlq = url(&mut sim, "jobs-dlq", json!({}));
    let policy = json!({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:jobs-dlq", "maxReceiveCount": "2"}).to_string();
    let u = url(
        &mut sim,
        "jobs",
        json!({"VisibilityTimeout": "5", "RedrivePolicy": policy}),
    );
    let a = run(
        &mut sim,
        "GetQueueAttributes",
        json!({"QueueUrl": u, "AttributeNames": ["RedrivePolicy"]}),
    );
    assert_eq!(
        a["Attributes"]["RedrivePolicy"],
        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:jobs-dlq\",\"maxReceiveCount\":2}"
    );
    run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": "poison"}),
    );
    for _ in 0..2 {
        let r = run(&mut sim, "ReceiveMessage", json!({"QueueUrl": u}));
        assert_eq!(r["Messages"][0]["Body"], "poison");
        sim.advance(SimDuration::seconds(5));
    }
    // The third receive finds it past maxReceiveCount: moved, not given.
    let r = run(&mut sim, "ReceiveMessage", json!({"QueueUrl": u}));
    assert_eq!(r, json!({}));
    assert_eq!(counts(&mut sim, &u), n("0", "0", "0"));
    assert_eq!(counts(&mut sim, &dlq), n("1", "0", "0"));
    let r = run(
        &mut sim,
        "ReceiveMessage",
        json!({"QueueUrl": dlq, "AttributeNames": ["All"]}),
    );
    assert_eq!(r["Messages"][0]["Body"], "poison");
    assert_eq!(
        r["Messages"][0]["Attributes"]["ApproximateReceiveCount"],
        "1"
    );
}

#[test]
fn list_queues_by_prefix_and_pages() {
    let mut sim = sim();
    for name in ["a1", "a2", "b1"] {
        url(&mut sim, name, json!({}));
    }
    let r = run(&mut sim, "ListQueues", json!({"QueueNamePrefix": "a"}));
    assert_eq!(r["QueueUrls"].as_array().unwrap().len(), 2);
    assert!(r.get("NextToken").is_none());
    let r = run(&mut sim, "ListQueues", json!({"MaxResults": 2}));
    let token = r["NextToken"].as_str().unwrap().to_owned();
    let r = run(
        &mut sim,
        "ListQueues",
        json!({"MaxResults": 2, "NextToken": token}),
    );
    assert_eq!(
        r["QueueUrls"][0],
        "https://sqs.us-east-1.amazonaws.com/123456789012/b1"
    );
    let e = refused(&mut sim, "ListQueues", json!({"NextToken": "x"}));
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
}

/// F16.1: the queue's depth is a CloudWatch metric every minute (what a
/// backlog alarm watches), read at the end of the minute.
#[test]
fn f16_1_depth_and_oldest_age_every_minute() {
    let mut sim = sim();
    let q = url(&mut sim, "jobs", json!({"DelaySeconds": "0"}));
    for body in ["a", "b", "c"] {
        run(
            &mut sim,
            "SendMessage",
            json!({"QueueUrl": q, "MessageBody": body}),
        );
    }
    run(
        &mut sim,
        "ReceiveMessage",
        json!({"QueueUrl": q, "MaxNumberOfMessages": 1}),
    );
    sim.advance(SimDuration::seconds(125));
    let start = sim.epoch_ms(SimTime(0)) / 1000;
    let stat = |sim: &mut Sim, metric: &str| {
        let out = sim
            .execute(
                Command::from_json(
                    Service::Cloudwatch,
                    "GetMetricStatistics",
                    json!({
                        "Namespace": "AWS/SQS", "MetricName": metric,
                        "Dimensions": [{"Name": "QueueName", "Value": "jobs"}],
                        "StartTime": start, "EndTime": start + 3600,
                        "Period": 60, "Statistics": ["Maximum"]
                    }),
                )
                .unwrap(),
            )
            .unwrap()
            .to_json();
        let mut points: Vec<(String, f64)> = out["Datapoints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["Timestamp"].to_string(), p["Maximum"].as_f64().unwrap()))
            .collect();
        points.sort_by(|a, b| a.0.cmp(&b.0));
        points.into_iter().map(|p| p.1).collect::<Vec<_>>()
    };
    // Two whole minutes have ended: the received message is back in view
    // after its 30 s visibility timeout, so both minutes end with 3.
    assert_eq!(
        stat(&mut sim, "ApproximateNumberOfMessagesVisible"),
        [3.0, 3.0]
    );
    assert_eq!(
        stat(&mut sim, "ApproximateNumberOfMessagesNotVisible"),
        [0.0, 0.0]
    );
    let ages = stat(&mut sim, "ApproximateAgeOfOldestMessage");
    assert_eq!(ages.len(), 2);
    assert!(ages[0] < ages[1], "the oldest message ages: {ages:?}");
    // An empty, deleted queue stops reporting.
    run(&mut sim, "PurgeQueue", json!({"QueueUrl": q}));
    sim.advance(SimDuration::seconds(60));
    assert_eq!(
        stat(&mut sim, "ApproximateNumberOfMessagesVisible"),
        [3.0, 3.0, 0.0]
    );
    run(&mut sim, "DeleteQueue", json!({"QueueUrl": q}));
    sim.advance(SimDuration::seconds(120));
    assert_eq!(
        stat(&mut sim, "ApproximateNumberOfMessagesVisible").len(),
        3
    );
}

#[test]
fn stale_receipt_handles_are_bounded() {
    let mut sim = sim();
    let u = url(&mut sim, "work", json!({"VisibilityTimeout": "0"}));
    run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": "again and again"}),
    );
    // Visibility 0: every receive takes the same message with a new handle.
    let receive = |sim: &mut Sim| {
        let r = run(sim, "ReceiveMessage", json!({"QueueUrl": u}));
        r["Messages"][0]["ReceiptHandle"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let first = receive(&mut sim);
    // The bound: MAX_STALE_RECEIPTS beyond twice the one message.
    for _ in 0..=MAX_STALE_RECEIPTS {
        receive(&mut sim);
    }
    assert_eq!(
        sim.state.sqs.queues["work"].receipts.len(),
        MAX_STALE_RECEIPTS + 2
    );
    // One more goes beyond the bound: only the latest handle is kept.
    let latest = receive(&mut sim);
    assert_eq!(sim.state.sqs.queues["work"].receipts.len(), 1);
    let e = refused(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": first}),
    );
    assert_eq!(e.code, ErrorCode::ReceiptHandleIsInvalid);
    run(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": latest}),
    );
    assert!(sim.state.sqs.queues["work"].messages.is_empty());
}

#[test]
fn f16_1_every_empty_answer_is_one_empty_receive() {
    let mut sim = sim();
    let q = url(
        &mut sim,
        "jobs",
        json!({"ReceiveMessageWaitTimeSeconds": "20"}),
    );
    // The queue's wait applies when the request gives none; the request's
    // wins when it does (F19.2, F19.3).
    assert_eq!(sim.sqs_receive_wait("jobs", None), 20);
    assert_eq!(sim.sqs_receive_wait("jobs", Some(0)), 0);
    assert_eq!(sim.sqs_receive_wait("gone", None), 0);
    for wait in [0, 5, 20] {
        let r = run(
            &mut sim,
            "ReceiveMessage",
            json!({"QueueUrl": q, "WaitTimeSeconds": wait}),
        );
        assert!(
            r.get("Messages")
                .is_none_or(|m| m.as_array().unwrap().is_empty())
        );
    }
    run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": q, "MessageBody": "a"}),
    );
    run(&mut sim, "ReceiveMessage", json!({"QueueUrl": q}));
    let sum = |metric: &str| -> f64 {
        sim.state
            .cloudwatch
            .custom
            .iter()
            .filter(|(k, _)| k.namespace == "AWS/SQS" && k.name == metric)
            .flat_map(|(_, series)| series.points.values().map(|p| p.sum))
            .sum()
    };
    assert_eq!(sum("NumberOfEmptyReceives"), 3.0);
    assert_eq!(sum("NumberOfMessagesReceived"), 1.0);
}

fn try_receipt(sim: &mut Sim, u: &str, visibility: u64) -> Option<String> {
    let r = run(
        sim,
        "ReceiveMessage",
        json!({"QueueUrl": u, "VisibilityTimeout": visibility}),
    );
    r["Messages"][0]["ReceiptHandle"]
        .as_str()
        .map(str::to_owned)
}

fn receipt(sim: &mut Sim, u: &str, visibility: u64) -> String {
    try_receipt(sim, u, visibility).unwrap()
}

#[test]
fn f19_4_a_message_past_its_retention_is_gone_when_its_time_comes() {
    let mut sim = sim();
    let u = url(&mut sim, "q", json!({"MessageRetentionPeriod": "60"}));
    for body in ["a", "b", "c"] {
        run(
            &mut sim,
            "SendMessage",
            json!({"QueueUrl": u, "MessageBody": body}),
        );
    }
    let handle = receipt(&mut sim, &u, 600);
    sim.advance(SimDuration::seconds(30));
    run(
        &mut sim,
        "SendMessage",
        json!({"QueueUrl": u, "MessageBody": "d"}),
    );
    assert_eq!(counts(&mut sim, &u), n("3", "1", "0"));
    // At 60 s the first three go, the one in flight too, without a receive.
    sim.advance(SimDuration::seconds(30));
    assert_eq!(sim.state.sqs.queues["q"].messages().len(), 1);
    assert_eq!(counts(&mut sim, &u), n("1", "0", "0"));
    assert_eq!(sim.state.sqs.queues["q"].oldest_age_s(sim.now), 30);
    // Its receipt is a handle the queue gave out: deleting succeeds and
    // deletes nothing.
    run(
        &mut sim,
        "DeleteMessage",
        json!({"QueueUrl": u, "ReceiptHandle": handle}),
    );
    assert_eq!(sim.state.sqs.queues["q"].deleted_total, 0);
    // A shorter retention takes the messages past it at once.
    let retention = |sim: &mut Sim, seconds: &str| {
        run(
            sim,
            "SetQueueAttributes",
            json!({"QueueUrl": u, "Attributes": {"MessageRetentionPeriod": seconds}}),
        );
    };
    retention(&mut sim, "600");
    sim.advance(SimDuration::seconds(40));
    assert_eq!(counts(&mut sim, &u), n("1", "0", "0"));
    retention(&mut sim, "60");
    assert_eq!(counts(&mut sim, &u), n("0", "0", "0"));
    assert!(sim.state.sqs.queues["q"].messages().is_empty());
    sim.check_invariants().unwrap();
}

#[test]
fn the_index_counts_as_a_walk_over_every_message_would() {
    let mut sim = sim();
    let u = url(&mut sim, "q", json!({"DelaySeconds": "5"}));
    let mut handles = Vec::new();
    for i in 0..40u64 {
        run(
            &mut sim,
            "SendMessage",
            json!({"QueueUrl": u, "MessageBody": format!("m{i}"), "DelaySeconds": i % 7}),
        );
        if i % 3 == 0 {
            sim.advance(SimDuration(1_500));
            handles.extend(try_receipt(&mut sim, &u, i % 4 * 2));
        }
        if i % 5 == 0
            && let Some(h) = handles.pop()
        {
            let _ = try_run(
                &mut sim,
                "ChangeMessageVisibility",
                json!({"QueueUrl": u, "ReceiptHandle": h, "VisibilityTimeout": 3}),
            );
        }
        if i % 11 == 0
            && let Some(h) = handles.first().cloned()
        {
            run(
                &mut sim,
                "DeleteMessage",
                json!({"QueueUrl": u, "ReceiptHandle": h}),
            );
        }
        let q = &sim.state.sqs.queues["q"];
        assert_eq!(q.counts(sim.now), q.recount(sim.now), "after message {i}");
        sim.check_invariants().unwrap();
    }
    for _ in 0..12 {
        sim.advance(SimDuration(700));
        let q = &sim.state.sqs.queues["q"];
        assert_eq!(q.counts(sim.now), q.recount(sim.now));
        // A queue not yet brought to a later time counts by walking.
        let later = SimTime(sim.now.0 + 2_000);
        assert_eq!(q.counts(later), q.recount(later));
    }
    sim.check_invariants().unwrap();
}

#[test]
fn the_invariants_catch_unknown_and_misdirected_receipts_and_a_stale_index() {
    let mut sim = sim();
    let u = url(&mut sim, "q", json!({}));
    for body in ["a", "b"] {
        run(
            &mut sim,
            "SendMessage",
            json!({"QueueUrl": u, "MessageBody": body}),
        );
    }
    let handle = receipt(&mut sim, &u, 30);
    sim.check_invariants_quickly().unwrap();
    sim.check_invariants().unwrap();

    // A message whose receipt the queue does not know: caught by the quick
    // check (through the receipt map and the index's count), and the full one.
    let mut broken = sim.clone();
    broken
        .state
        .sqs
        .queues
        .get_mut("q")
        .unwrap()
        .receipts
        .clear();
    let e = broken.check_invariants_quickly().unwrap_err();
    assert!(e.contains("a message has an unknown receipt"), "{e}");
    assert!(broken.check_invariants().is_err());

    // A receipt pointing to another message than the one it was given for.
    let mut broken = sim.clone();
    let q = broken.state.sqs.queues.get_mut("q").unwrap();
    let seq = q.receipts[&handle];
    q.receipts.insert(handle.clone(), seq + 1);
    let e = broken.check_invariants_quickly().unwrap_err();
    assert!(e.contains("not to the message it was given for"), "{e}");

    // A message changed behind the index's back: the quick check sees the
    // sizes agree; the full one walks the messages and catches it.
    let mut broken = sim.clone();
    let q = broken.state.sqs.queues.get_mut("q").unwrap();
    let seq = q.receipts[&handle];
    q.messages.get_mut(&seq).unwrap().visible_at = SimTime::ZERO;
    broken.check_invariants_quickly().unwrap();
    let e = broken.check_invariants().unwrap_err();
    assert!(e.contains("is not where its index says"), "{e}");

    // A message past its retention still kept.
    let mut broken = sim.clone();
    let q = broken.state.sqs.queues.get_mut("q").unwrap();
    q.settings.retention = 0;
    let e = broken.check_invariants_quickly().unwrap_err();
    assert!(e.contains("kept past its retention"), "{e}");
}
