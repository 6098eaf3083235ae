//! SNS topics, subscriptions and deliveries (F20.1–F20.6).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::time::SimDuration;

fn try_run(sim: &mut Sim, service: Service, op: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(service, op, input)?;
    sim.execute(command).map(|r| r.to_json())
}

fn run(sim: &mut Sim, op: &str, input: Value) -> Value {
    try_run(sim, Service::Sns, op, input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn refused(sim: &mut Sim, op: &str, input: Value) -> ApiError {
    let before = sim.state_fingerprint();
    let e = try_run(sim, Service::Sns, op, input).unwrap_err();
    assert_eq!(
        before,
        sim.state_fingerprint(),
        "{op} refused but changed the account"
    );
    e
}

const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:alerts";

#[test]
fn f20_2_email_subscriptions_wait_for_the_token_from_the_inbox() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let t = run(&mut sim, "CreateTopic", json!({"Name": "alerts"}));
    assert_eq!(t["TopicArn"], TOPIC);
    // F20.1: idempotent by name.
    assert_eq!(
        run(&mut sim, "CreateTopic", json!({"Name": "alerts"}))["TopicArn"],
        TOPIC
    );
    assert_eq!(
        refused(&mut sim, "CreateTopic", json!({"Name": "a b"})).code,
        ErrorCode::InvalidParameter
    );
    let e = refused(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "email", "Endpoint": "nobody"}),
    );
    assert_eq!(e.message, "Invalid parameter: Email address");
    let e = refused(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "pigeon", "Endpoint": "x"}),
    );
    assert_eq!(e.code.as_str(), "InvalidParameter");
    let e = refused(
        &mut sim,
        "Publish",
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:nope", "Message": "x"}),
    );
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NotFound", "Topic does not exist")
    );
    let s = run(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "email", "Endpoint": "ops@example.com"}),
    );
    assert_eq!(s["SubscriptionArn"], "pending confirmation");
    let listed = run(
        &mut sim,
        "ListSubscriptionsByTopic",
        json!({"TopicArn": TOPIC}),
    );
    assert_eq!(
        listed["Subscriptions"][0]["SubscriptionArn"],
        "PendingConfirmation"
    );
    // Not confirmed: a publish reaches nobody.
    run(
        &mut sim,
        "Publish",
        json!({"TopicArn": TOPIC, "Message": "early"}),
    );
    assert_eq!(sim.inbox().len(), 1);
    let mail = &sim.inbox()[0];
    assert_eq!(mail.subject, CONFIRMATION_SUBJECT);
    assert_eq!(mail.to, "ops@example.com");
    assert!(
        mail.body.starts_with(
            "You have chosen to subscribe to the topic:\narn:aws:sns:us-east-1:123456789012:alerts"
        ),
        "{}",
        mail.body
    );
    let token = mail
        .body
        .split("Token=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        refused(
            &mut sim,
            "ConfirmSubscription",
            json!({"TopicArn": TOPIC, "Token": "bad"})
        )
        .message,
        "Invalid parameter: Token"
    );
    let c = run(
        &mut sim,
        "ConfirmSubscription",
        json!({"TopicArn": TOPIC, "Token": token}),
    );
    let sub = c["SubscriptionArn"].as_str().unwrap().to_owned();
    assert!(
        sub.starts_with("arn:aws:sns:us-east-1:123456789012:alerts:"),
        "{sub}"
    );
    run(
        &mut sim,
        "Publish",
        json!({"TopicArn": TOPIC, "Message": "disk full", "Subject": "Alarm"}),
    );
    let mail = sim.inbox().last().unwrap().clone();
    assert_eq!(mail.subject, "Alarm");
    assert_eq!(mail.from, "AWS Notifications <no-reply@sns.amazonaws.com>");
    assert!(
        mail.body
            .starts_with("disk full\n\n--\nIf you wish to stop receiving notifications"),
        "{}",
        mail.body
    );
    let attrs = run(&mut sim, "GetTopicAttributes", json!({"TopicArn": TOPIC}));
    assert_eq!(attrs["Attributes"]["SubscriptionsConfirmed"], "1");
    run(&mut sim, "Unsubscribe", json!({"SubscriptionArn": sub}));
    assert_eq!(
        refused(&mut sim, "Unsubscribe", json!({"SubscriptionArn": sub})).code,
        ErrorCode::NotFoundException
    );
    assert!(sim.inbox_report().contains("Subject: Alarm"));
    let view = sim.view();
    assert_eq!(view.topics[0].subscriptions, []);
    assert_eq!(view.inbox.len(), 2);
}

#[test]
fn f20_4_sqs_subscriptions_get_the_envelope_or_the_raw_message() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    run(&mut sim, "CreateTopic", json!({"Name": "alerts"}));
    let queue = |sim: &mut Sim, name: &str| {
        let policy = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*"}]});
        try_run(
            sim,
            Service::Sqs,
            "CreateQueue",
            json!({"QueueName": name, "Attributes": {"Policy": policy.to_string()}}),
        )
        .unwrap()["QueueUrl"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let wrapped = queue(&mut sim, "wrapped");
    let raw = queue(&mut sim, "raw");
    let s = run(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "sqs", "Endpoint": "arn:aws:sqs:us-east-1:123456789012:wrapped"}),
    );
    assert!(s["SubscriptionArn"].as_str().unwrap().starts_with(TOPIC));
    run(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "sqs", "Endpoint": "arn:aws:sqs:us-east-1:123456789012:raw", "Attributes": {"RawMessageDelivery": "true"}}),
    );
    run(
        &mut sim,
        "Publish",
        json!({"TopicArn": TOPIC, "Message": "hello"}),
    );
    let got = |sim: &mut Sim, url: &str| {
        try_run(
            sim,
            Service::Sqs,
            "ReceiveMessage",
            json!({"QueueUrl": url}),
        )
        .unwrap()["Messages"][0]["Body"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let envelope: Value = serde_json::from_str(&got(&mut sim, &wrapped)).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["TopicArn"], TOPIC);
    assert_eq!(envelope["Message"], "hello");
    assert!(envelope.get("Subject").is_none());
    assert_eq!(got(&mut sim, &raw), "hello");
}

#[test]
fn f20_6_eventbridge_publishes_only_when_the_topic_policy_allows_it() {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    run(&mut sim, "CreateTopic", json!({"Name": "alerts"}));
    run(
        &mut sim,
        "Subscribe",
        json!({"TopicArn": TOPIC, "Protocol": "email", "Endpoint": "ops@example.com"}),
    );
    let token = sim.inbox()[0]
        .body
        .split("Token=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    run(
        &mut sim,
        "ConfirmSubscription",
        json!({"TopicArn": TOPIC, "Token": token}),
    );
    let events =
        |sim: &mut Sim, op: &str, input: Value| try_run(sim, Service::Events, op, input).unwrap();
    events(
        &mut sim,
        "PutRule",
        json!({"Name": "shop", "EventPattern": "{\"source\": [\"shop\"]}"}),
    );
    events(
        &mut sim,
        "PutTargets",
        json!({"Rule": "shop", "Targets": [{"Id": "mail", "Arn": TOPIC}]}),
    );
    let put = json!({"Entries": [{"Source": "shop", "DetailType": "Order", "Detail": "{}"}]});
    events(&mut sim, "PutEvents", put.clone());
    sim.advance(SimDuration::seconds(1));
    assert_eq!(
        sim.inbox().len(),
        1,
        "the default policy keeps EventBridge out"
    );
    let policy = json!({"Statement": [{"Sid": "PublishEventsToMyTopic", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": TOPIC}]});
    run(
        &mut sim,
        "SetTopicAttributes",
        json!({"TopicArn": TOPIC, "AttributeName": "Policy", "AttributeValue": policy.to_string()}),
    );
    events(&mut sim, "PutEvents", put);
    sim.advance(SimDuration::seconds(1));
    let mail = sim.inbox().last().unwrap();
    assert_eq!(mail.subject, DEFAULT_SUBJECT);
    assert!(mail.body.starts_with("{\""), "{}", mail.body);
    assert!(mail.body.contains("\"source\":\"shop\""), "{}", mail.body);
}
