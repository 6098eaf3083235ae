//! S3 buckets and objects: names, errors, ETags, listing with prefixes and
//! delimiters, policies, tags and the EventBridge events (F21.1–F21.5,
//! F11.6).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use serde_json::json;

fn try_run(sim: &mut Sim, operation: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(Service::S3, operation, input)?;
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

fn put(sim: &mut Sim, bucket: &str, key: &str, body: &str) -> Value {
    run(
        sim,
        "PutObject",
        json!({"Bucket": bucket, "Key": key, "Body": body}),
    )
}

#[test]
fn bucket_names_are_checked_as_s3_checks_them() {
    for bad in [
        "ab",
        &"a".repeat(64),
        "My-Bucket",
        "-bucket",
        "bucket-",
        "my..bucket",
        "my_bucket",
        "192.168.5.4",
        "xn--bucket",
        "bucket-s3alias",
        "my.-bucket",
    ] {
        assert!(!valid_bucket_name(bad), "{bad}");
        let mut s = sim();
        let e = refused(&mut s, "CreateBucket", json!({"Bucket": bad}));
        assert_eq!(e.code, ErrorCode::InvalidBucketName, "{bad}");
        assert_eq!(e.message, "The specified bucket is not valid.");
    }
    for good in [
        "abc",
        "my-bucket-1",
        "logs.example.com",
        &"a".repeat(63),
        "1-2",
    ] {
        assert!(valid_bucket_name(good), "{good}");
    }
}

#[test]
fn bucket_names_are_global_and_us_east_1_answers_200_for_your_own() {
    let mut s = sim();
    assert_eq!(
        run(&mut s, "CreateBucket", json!({"Bucket": "uploads-1"}))["Location"],
        "/uploads-1"
    );
    // F21.2: us-east-1 returns 200 for a bucket you own.
    let before = s.state_fingerprint();
    run(&mut s, "CreateBucket", json!({"Bucket": "uploads-1"}));
    assert_eq!(before, s.state_fingerprint());
    let e = refused(&mut s, "CreateBucket", json!({"Bucket": "test-bucket"}));
    assert_eq!(e.code, ErrorCode::BucketAlreadyExists);
    assert!(
        e.message
            .starts_with("The requested bucket name is not available.")
    );
    let e = refused(
        &mut s,
        "CreateBucket",
        json!({"Bucket": "x-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidLocationConstraint);

    // Elsewhere: BucketAlreadyOwnedByYou, and a location constraint needed.
    let mut eu = Sim::new(SimConfig {
        region: "eu-west-1".into(),
        ..SimConfig::default()
    })
    .unwrap();
    let e = refused(&mut eu, "CreateBucket", json!({"Bucket": "data-eu"}));
    assert_eq!(e.code, ErrorCode::IllegalLocationConstraintException);
    let cfg = json!({"Bucket": "data-eu", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}});
    assert_eq!(
        run(&mut eu, "CreateBucket", cfg.clone())["Location"],
        "http://data-eu.s3.amazonaws.com/"
    );
    assert_eq!(
        refused(&mut eu, "CreateBucket", cfg).code,
        ErrorCode::BucketAlreadyOwnedByYou
    );
}

#[test]
fn objects_keep_their_body_etag_and_type_and_errors_name_what_is_missing() {
    let mut s = sim();
    let e = refused(
        &mut s,
        "PutObject",
        json!({"Bucket": "nope-1", "Key": "k", "Body": "x"}),
    );
    assert_eq!(e.code, ErrorCode::NoSuchBucket);
    assert_eq!(e.message, "The specified bucket does not exist");
    run(&mut s, "CreateBucket", json!({"Bucket": "data-1"}));
    let out = put(&mut s, "data-1", "hello.txt", "hello");
    // The MD5 of "hello", quoted: S3's ETag of a single-part upload.
    assert_eq!(out["ETag"], "\"5d41402abc4b2a76b9719d911017c592\"");
    assert_eq!(out["ServerSideEncryption"], "AES256");
    s.advance(crate::time::SimDuration::seconds(5));
    let got = run(
        &mut s,
        "GetObject",
        json!({"Bucket": "data-1", "Key": "hello.txt"}),
    );
    assert_eq!(got["Body"], "hello");
    assert_eq!(got["ContentLength"], 5);
    assert_eq!(got["ContentType"], DEFAULT_CONTENT_TYPE);
    assert_eq!(got["LastModified"], 1_767_225_600.0);
    let head = run(
        &mut s,
        "HeadObject",
        json!({"Bucket": "data-1", "Key": "hello.txt"}),
    );
    assert!(head.get("Body").is_none());
    let e = refused(
        &mut s,
        "GetObject",
        json!({"Bucket": "data-1", "Key": "no"}),
    );
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::NoSuchKey, "The specified key does not exist.")
    );
    let e = refused(
        &mut s,
        "HeadObject",
        json!({"Bucket": "data-1", "Key": "no"}),
    );
    assert_eq!((e.code.as_str(), e.message.as_str()), ("404", "Not Found"));
    assert_eq!(
        refused(&mut s, "HeadBucket", json!({"Bucket": "nope-1"})).code,
        ErrorCode::HttpNotFound
    );
    // Too big: the simulator's cap, said plainly.
    let big = "x".repeat(MAX_OBJECT_BYTES + 1);
    let e = refused(
        &mut s,
        "PutObject",
        json!({"Bucket": "data-1", "Key": "big", "Body": big}),
    );
    assert_eq!(e.code, ErrorCode::EntityTooLarge);
    assert!(e.message.contains("the simulator keeps objects of at most"));
    // Not modelled options are refused, not ignored.
    let e = refused(
        &mut s,
        "PutObject",
        json!({"Bucket": "data-1", "Key": "k", "ACL": "public-read"}),
    );
    assert_eq!(e.code, ErrorCode::UnsupportedFeatureException);
    // Delete: a missing key is fine (204); a bucket with objects is not
    // deleted.
    run(
        &mut s,
        "DeleteObject",
        json!({"Bucket": "data-1", "Key": "no"}),
    );
    let e = refused(&mut s, "DeleteBucket", json!({"Bucket": "data-1"}));
    assert_eq!(e.code, ErrorCode::BucketNotEmpty);
    run(
        &mut s,
        "DeleteObject",
        json!({"Bucket": "data-1", "Key": "hello.txt"}),
    );
    run(&mut s, "DeleteBucket", json!({"Bucket": "data-1"}));
    assert!(s.state.s3.buckets.is_empty());
}

#[test]
fn list_objects_v2_rolls_keys_up_under_the_delimiter_and_pages() {
    let mut s = sim();
    run(&mut s, "CreateBucket", json!({"Bucket": "photos-1"}));
    for k in [
        "2026/01/a.jpg",
        "2026/01/b.jpg",
        "2026/02/c.jpg",
        "2027/d.jpg",
        "index.html",
        "readme.txt",
    ] {
        put(&mut s, "photos-1", k, k);
    }
    let all = run(&mut s, "ListObjectsV2", json!({"Bucket": "photos-1"}));
    assert_eq!(all["KeyCount"], 6);
    assert_eq!(all["IsTruncated"], false);
    let top = run(
        &mut s,
        "ListObjectsV2",
        json!({"Bucket": "photos-1", "Delimiter": "/"}),
    );
    assert_eq!(
        top["CommonPrefixes"],
        json!([{"Prefix": "2026/"}, {"Prefix": "2027/"}])
    );
    let keys: Vec<&str> = top["Contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["Key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["index.html", "readme.txt"]);
    assert_eq!(top["KeyCount"], 4);
    let under = run(
        &mut s,
        "ListObjectsV2",
        json!({"Bucket": "photos-1", "Prefix": "2026/", "Delimiter": "/"}),
    );
    assert_eq!(
        under["CommonPrefixes"],
        json!([{"Prefix": "2026/01/"}, {"Prefix": "2026/02/"}])
    );
    assert!(under.get("Contents").is_none());
    // Pages of 2, each prefix counted once.
    let mut token: Option<String> = None;
    let mut seen = Vec::new();
    loop {
        let mut input = json!({"Bucket": "photos-1", "Delimiter": "/", "MaxKeys": 2});
        if let Some(t) = &token {
            input["ContinuationToken"] = json!(t);
        }
        let page = run(&mut s, "ListObjectsV2", input);
        for p in page["CommonPrefixes"].as_array().into_iter().flatten() {
            seen.push(p["Prefix"].as_str().unwrap().to_owned());
        }
        for o in page["Contents"].as_array().into_iter().flatten() {
            seen.push(o["Key"].as_str().unwrap().to_owned());
        }
        match page["NextContinuationToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["2026/", "2027/", "index.html", "readme.txt"]);
    let after = run(
        &mut s,
        "ListObjectsV2",
        json!({"Bucket": "photos-1", "StartAfter": "2027/d.jpg"}),
    );
    assert_eq!(after["KeyCount"], 2);
    let e = refused(
        &mut s,
        "ListObjectsV2",
        json!({"Bucket": "photos-1", "ContinuationToken": "junk"}),
    );
    assert_eq!(e.code, ErrorCode::InvalidArgument);
}

#[test]
fn copy_delete_objects_policies_and_tags() {
    let mut s = sim();
    run(&mut s, "CreateBucket", json!({"Bucket": "src-1"}));
    run(&mut s, "CreateBucket", json!({"Bucket": "dst-1"}));
    put(&mut s, "src-1", "a.txt", "alpha");
    let out = run(
        &mut s,
        "CopyObject",
        json!({"Bucket": "dst-1", "Key": "b.txt", "CopySource": "src-1/a.txt"}),
    );
    assert_eq!(out["CopyObjectResult"]["ETag"], etag_of("alpha"));
    assert_eq!(
        refused(
            &mut s,
            "CopyObject",
            json!({"Bucket": "dst-1", "Key": "b.txt", "CopySource": "src-1/none"})
        )
        .code,
        ErrorCode::NoSuchKey
    );
    assert_eq!(
        refused(
            &mut s,
            "CopyObject",
            json!({"Bucket": "src-1", "Key": "a.txt", "CopySource": "src-1/a.txt"})
        )
        .code,
        ErrorCode::InvalidRequest
    );
    let out = run(
        &mut s,
        "DeleteObjects",
        json!({"Bucket": "dst-1", "Delete": {"Objects": [{"Key": "b.txt"}, {"Key": "gone"}]}}),
    );
    assert_eq!(out["Deleted"], json!([{"Key": "b.txt"}, {"Key": "gone"}]));
    assert!(s.state.s3.buckets["dst-1"].objects.is_empty());

    // Policies: JSON, statements, this bucket's resources.
    assert_eq!(
        refused(&mut s, "GetBucketPolicy", json!({"Bucket": "src-1"})).code,
        ErrorCode::NoSuchBucketPolicy
    );
    for bad in [
        "not json",
        r#"{"Statement": []}"#,
        r#"{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::src-1/*"}]}"#,
        r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}]}"#,
    ] {
        let e = refused(
            &mut s,
            "PutBucketPolicy",
            json!({"Bucket": "src-1", "Policy": bad}),
        );
        assert_eq!(e.code, ErrorCode::MalformedPolicy, "{bad}");
    }
    let good = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::src-1/*"}]}"#;
    run(
        &mut s,
        "PutBucketPolicy",
        json!({"Bucket": "src-1", "Policy": good}),
    );
    assert_eq!(
        run(&mut s, "GetBucketPolicy", json!({"Bucket": "src-1"}))["Policy"],
        good
    );
    run(&mut s, "DeleteBucketPolicy", json!({"Bucket": "src-1"}));

    assert_eq!(
        refused(&mut s, "GetBucketTagging", json!({"Bucket": "src-1"})).code,
        ErrorCode::NoSuchTagSet
    );
    let e = refused(
        &mut s,
        "PutBucketTagging",
        json!({"Bucket": "src-1", "Tagging": {"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidTag);
    run(
        &mut s,
        "PutBucketTagging",
        json!({"Bucket": "src-1", "Tagging": {"TagSet": [{"Key": "team", "Value": "web"}]}}),
    );
    assert_eq!(
        run(&mut s, "GetBucketTagging", json!({"Bucket": "src-1"}))["TagSet"],
        json!([{"Key": "team", "Value": "web"}])
    );
}

#[test]
fn objects_publish_eventbridge_events_only_when_the_bucket_says_so() {
    let mut s = sim();
    run(&mut s, "CreateBucket", json!({"Bucket": "inbox-1"}));
    put(&mut s, "inbox-1", "quiet.txt", "q");
    assert!(s.drain_eventbridge_events().is_empty());
    assert_eq!(
        run(
            &mut s,
            "GetBucketNotificationConfiguration",
            json!({"Bucket": "inbox-1"})
        ),
        json!({})
    );
    let e = refused(
        &mut s,
        "PutBucketNotificationConfiguration",
        json!({"Bucket": "inbox-1", "NotificationConfiguration": {"QueueConfigurations": [{"QueueArn": "arn:aws:sqs:us-east-1:123456789012:q", "Events": ["s3:ObjectCreated:*"]}]}}),
    );
    assert_eq!(e.code, ErrorCode::UnsupportedFeatureException);
    run(
        &mut s,
        "PutBucketNotificationConfiguration",
        json!({"Bucket": "inbox-1", "NotificationConfiguration": {"EventBridgeConfiguration": {}}}),
    );
    assert_eq!(
        run(
            &mut s,
            "GetBucketNotificationConfiguration",
            json!({"Bucket": "inbox-1"})
        ),
        json!({"EventBridgeConfiguration": {}})
    );
    put(&mut s, "inbox-1", "report.csv", "a,b\n1,2\n");
    run(
        &mut s,
        "DeleteObject",
        json!({"Bucket": "inbox-1", "Key": "quiet.txt"}),
    );
    // A key that is not there deletes nothing and publishes nothing.
    run(
        &mut s,
        "DeleteObject",
        json!({"Bucket": "inbox-1", "Key": "never"}),
    );
    let events: Vec<Value> = s
        .drain_eventbridge_events()
        .iter()
        .map(|e| e.to_json())
        .collect();
    assert_eq!(events.len(), 2);
    let created = &events[0];
    assert_eq!(created["source"], "aws.s3");
    assert_eq!(created["detail-type"], "Object Created");
    assert_eq!(created["resources"], json!(["arn:aws:s3:::inbox-1"]));
    let d = &created["detail"];
    assert_eq!(d["version"], "0");
    assert_eq!(d["bucket"], json!({"name": "inbox-1"}));
    assert_eq!(d["object"]["key"], "report.csv");
    assert_eq!(d["object"]["size"], 8);
    assert_eq!(d["object"]["etag"], md5::hex(b"a,b\n1,2\n"));
    assert_eq!(d["reason"], "PutObject");
    assert_eq!(d["requester"], "123456789012");
    assert_eq!(d["source-ip-address"], LEARNER_SOURCE_IP);
    assert_eq!(d["request-id"].as_str().unwrap().len(), 16);
    let deleted = &events[1];
    assert_eq!(deleted["detail-type"], "Object Deleted");
    assert_eq!(deleted["detail"]["reason"], "DeleteObject");
    assert_eq!(deleted["detail"]["deletion-type"], "Permanently Deleted");
    assert!(deleted["detail"]["object"].get("size").is_none());
    // Replacing the configuration with `{}` turns the events off (F21.4).
    run(
        &mut s,
        "PutBucketNotificationConfiguration",
        json!({"Bucket": "inbox-1", "NotificationConfiguration": {}}),
    );
    put(&mut s, "inbox-1", "later.txt", "x");
    assert!(s.drain_eventbridge_events().is_empty());
    let view = s.view();
    assert_eq!(view.buckets.len(), 1);
    assert_eq!(view.buckets[0].objects, 2);
    assert_eq!(view.buckets[0].bytes, 9);
    assert!(!view.buckets[0].eventbridge);
}

#[test]
fn blobs_are_text_or_base64_in_json_and_round_trip() {
    let text: Blob = serde_json::from_value(json!("héllo")).unwrap();
    assert_eq!(text, "héllo");
    assert_eq!(serde_json::to_value(&text).unwrap(), json!("héllo"));
    let bytes = Blob(vec![0, 0xff, 0xfe, 10]);
    let v = serde_json::to_value(&bytes).unwrap();
    assert_eq!(v, json!({"Base64": "AP/+Cg=="}));
    assert_eq!(serde_json::from_value::<Blob>(v).unwrap(), bytes);
    assert!(serde_json::from_value::<Blob>(json!({"Base64": "not base64!"})).is_err());
    assert!(serde_json::from_value::<Blob>(json!(12)).is_err());
    assert_eq!(
        etag_of(&bytes),
        format!("\"{}\"", crate::base::md5::hex(&[0, 0xff, 0xfe, 10]))
    );
}
