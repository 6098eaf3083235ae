//! DynamoDB tables and items: validation texts, status over time, keys,
//! conditions, queries and pages (F22.1–F22.3).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use serde_json::json;

fn try_run(sim: &mut Sim, operation: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(Service::DynamoDb, operation, input)?;
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

/// A table `music` (Artist S, SongTitle S), ACTIVE.
fn music(sim: &mut Sim) {
    run(
        sim,
        "CreateTable",
        json!({
            "TableName": "music",
            "AttributeDefinitions": [
                {"AttributeName": "Artist", "AttributeType": "S"},
                {"AttributeName": "Year", "AttributeType": "N"}
            ],
            "KeySchema": [
                {"AttributeName": "Artist", "KeyType": "HASH"},
                {"AttributeName": "Year", "KeyType": "RANGE"}
            ],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    sim.advance(TABLE_CREATE_DELAY);
}

fn put(sim: &mut Sim, artist: &str, year: &str, extra: Value) {
    let mut item = json!({"Artist": {"S": artist}, "Year": {"N": year}});
    if let (Some(i), Some(e)) = (item.as_object_mut(), extra.as_object()) {
        i.extend(e.clone());
    }
    run(sim, "PutItem", json!({"TableName": "music", "Item": item}));
}

#[test]
fn a_table_is_creating_then_active_then_deleting_then_gone() {
    let mut sim = sim();
    let out = run(
        &mut sim,
        "CreateTable",
        json!({
            "TableName": "orders",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    let d = &out["TableDescription"];
    assert_eq!(d["TableStatus"], "CREATING");
    assert_eq!(
        d["TableArn"],
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    );
    assert_eq!(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(d["ItemCount"], 0);
    // F22.1: data calls only on ACTIVE tables.
    let e = refused(
        &mut sim,
        "PutItem",
        json!({"TableName": "orders", "Item": {"id": {"S": "1"}}}),
    );
    assert_eq!(e.code, ErrorCode::ResourceNotFoundException);
    assert_eq!(e.message, "Requested resource not found");
    let e = refused(&mut sim, "DeleteTable", json!({"TableName": "orders"}));
    assert_eq!(e.code, ErrorCode::ResourceInUseException);
    sim.advance(TABLE_CREATE_DELAY);
    let t = run(&mut sim, "DescribeTable", json!({"TableName": "orders"}));
    assert_eq!(t["Table"]["TableStatus"], "ACTIVE");
    run(
        &mut sim,
        "PutItem",
        json!({"TableName": "orders", "Item": {"id": {"S": "1"}, "n": {"N": "5"}}}),
    );
    let t = run(&mut sim, "DescribeTable", json!({"TableName": "orders"}));
    assert_eq!(t["Table"]["ItemCount"], 1);
    // "id" + "1", "n" + the number 5 (one digit: 2 bytes).
    assert_eq!(t["Table"]["TableSizeBytes"], 2 + 1 + 1 + 2);
    let e = refused(
        &mut sim,
        "CreateTable",
        json!({
            "TableName": "orders",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    assert_eq!(e.message, "Table already exists: orders");
    let out = run(&mut sim, "DeleteTable", json!({"TableName": "orders"}));
    assert_eq!(out["TableDescription"]["TableStatus"], "DELETING");
    assert_eq!(
        run(&mut sim, "ListTables", json!({}))["TableNames"],
        json!(["orders"])
    );
    sim.advance(TABLE_DELETE_DELAY);
    let e = refused(&mut sim, "DescribeTable", json!({"TableName": "orders"}));
    assert_eq!(
        e.message,
        "Requested resource not found: Table: orders not found"
    );
    assert_eq!(
        run(&mut sim, "ListTables", json!({}))["TableNames"],
        json!([])
    );
}

#[test]
fn create_table_is_validated_as_dynamodb_validates() {
    let mut sim = sim();
    let base = |defs: Value, keys: Value, extra: Value| {
        let mut v = json!({"TableName": "t01", "AttributeDefinitions": defs, "KeySchema": keys});
        if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        v
    };
    let id = json!([{"AttributeName": "id", "AttributeType": "S"}]);
    let hash = json!([{"AttributeName": "id", "KeyType": "HASH"}]);
    let ppr = json!({"BillingMode": "PAY_PER_REQUEST"});
    let cases = [
        (
            base(
                json!([{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}]),
                hash.clone(),
                ppr.clone(),
            ),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ),
        (
            base(
                id.clone(),
                json!([{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]),
                ppr.clone(),
            ),
            "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [sk], AttributeDefinitions: [id]",
        ),
        (
            base(
                id.clone(),
                json!([{"AttributeName": "id", "KeyType": "RANGE"}]),
                ppr.clone(),
            ),
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ),
        (
            base(
                json!([{"AttributeName": "id", "AttributeType": "BOOL"}]),
                hash.clone(),
                ppr.clone(),
            ),
            "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
        ),
        (
            base(id.clone(), hash.clone(), json!({})),
            "No provisioned throughput specified for the table",
        ),
        (
            base(
                id.clone(),
                hash.clone(),
                json!({"BillingMode": "PAY_PER_REQUEST", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}),
            ),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        ),
        (
            base(
                id.clone(),
                hash.clone(),
                json!({"BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}}),
            ),
            "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
    ];
    for (input, message) in cases {
        let e = refused(&mut sim, "CreateTable", input);
        assert_eq!(e.code, ErrorCode::ValidationException);
        assert_eq!(e.message, message);
    }
    let e = refused(
        &mut sim,
        "CreateTable",
        json!({"TableName": "ab", "AttributeDefinitions": id, "KeySchema": hash, "BillingMode": "PAY_PER_REQUEST"}),
    );
    assert!(e.message.contains("at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"));
    let e = refused(
        &mut sim,
        "CreateTable",
        json!({"TableName": "t01", "AttributeDefinitions": id, "KeySchema": hash, "StreamSpecification": {}}),
    );
    assert_eq!(e.code, ErrorCode::UnsupportedFeatureException);
    // PROVISIONED with its throughput is accepted and described.
    let out = run(
        &mut sim,
        "CreateTable",
        json!({"TableName": "t01", "AttributeDefinitions": id, "KeySchema": hash,
               "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2}}),
    );
    assert_eq!(
        out["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"],
        5
    );
    assert!(out["TableDescription"].get("BillingModeSummary").is_none());
}

#[test]
fn items_are_put_got_replaced_and_deleted_with_their_keys_checked() {
    let mut sim = sim();
    music(&mut sim);
    put(&mut sim, "Acme", "1999", json!({"Title": {"S": "One"}}));
    let key = json!({"Artist": {"S": "Acme"}, "Year": {"N": "1999.0"}});
    let got = run(
        &mut sim,
        "GetItem",
        json!({"TableName": "music", "Key": key}),
    );
    assert_eq!(got["Item"]["Title"], json!({"S": "One"}));
    assert_eq!(got["Item"]["Year"], json!({"N": "1999"}));
    // PutItem replaces the item; ALL_OLD returns what was there.
    let out = run(
        &mut sim,
        "PutItem",
        json!({"TableName": "music", "Item": {"Artist": {"S": "Acme"}, "Year": {"N": "1999"}},
               "ReturnValues": "ALL_OLD"}),
    );
    assert_eq!(out["Attributes"]["Title"], json!({"S": "One"}));
    let got = run(
        &mut sim,
        "GetItem",
        json!({"TableName": "music", "Key": key}),
    );
    assert!(got["Item"].get("Title").is_none());
    let e = refused(
        &mut sim,
        "PutItem",
        json!({"TableName": "music", "Item": {"Artist": {"S": "Acme"}}}),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Missing the key Year in the item"
    );
    let e = refused(
        &mut sim,
        "PutItem",
        json!({"TableName": "music", "Item": {"Artist": {"N": "1"}, "Year": {"N": "1"}}}),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Type mismatch for key Artist expected: S actual: N"
    );
    let e = refused(
        &mut sim,
        "PutItem",
        json!({"TableName": "music", "Item": {"Artist": {"S": ""}, "Year": {"N": "1"}}}),
    );
    assert_eq!(
        e.message,
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: Artist"
    );
    let e = refused(
        &mut sim,
        "PutItem",
        json!({"TableName": "music", "Item": {"Artist": {"S": "a"}, "Year": {"N": "1"}, "big": {"S": "x".repeat(410_000)}}}),
    );
    assert_eq!(e.message, "Item size has exceeded the maximum allowed size");
    let e = refused(
        &mut sim,
        "GetItem",
        json!({"TableName": "music", "Key": {"Artist": {"S": "Acme"}}}),
    );
    assert_eq!(
        e.message,
        "The provided key element does not match the schema"
    );
    let e = refused(
        &mut sim,
        "GetItem",
        json!({"TableName": "nope", "Key": {"Artist": {"S": "Acme"}}}),
    );
    assert_eq!(e.code, ErrorCode::ResourceNotFoundException);
    let gone = run(
        &mut sim,
        "GetItem",
        json!({"TableName": "music", "Key": {"Artist": {"S": "X"}, "Year": {"N": "1"}}}),
    );
    assert_eq!(gone, json!({}));
    let out = run(
        &mut sim,
        "DeleteItem",
        json!({"TableName": "music", "Key": key, "ReturnValues": "ALL_OLD"}),
    );
    assert_eq!(out["Attributes"]["Artist"], json!({"S": "Acme"}));
    let got = run(
        &mut sim,
        "GetItem",
        json!({"TableName": "music", "Key": key}),
    );
    assert_eq!(got, json!({}));
}

#[test]
fn conditions_guard_writes() {
    let mut sim = sim();
    music(&mut sim);
    let new_only = json!({
        "TableName": "music",
        "Item": {"Artist": {"S": "Acme"}, "Year": {"N": "2000"}, "Plays": {"N": "3"}},
        "ConditionExpression": "attribute_not_exists(Artist)"
    });
    run(&mut sim, "PutItem", new_only.clone());
    let e = refused(&mut sim, "PutItem", new_only);
    assert_eq!(e.code, ErrorCode::ConditionalCheckFailedException);
    assert_eq!(e.message, "The conditional request failed");
    let key = json!({"Artist": {"S": "Acme"}, "Year": {"N": "2000"}});
    let e = refused(
        &mut sim,
        "DeleteItem",
        json!({"TableName": "music", "Key": key, "ConditionExpression": "#p > :n",
               "ExpressionAttributeNames": {"#p": "Plays"},
               "ExpressionAttributeValues": {":n": {"N": "10"}}}),
    );
    assert_eq!(e.code, ErrorCode::ConditionalCheckFailedException);
    let e = refused(
        &mut sim,
        "DeleteItem",
        json!({"TableName": "music", "Key": key, "ConditionExpression": "Plays > :n",
               "ExpressionAttributeValues": {":n": {"N": "1"}, ":unused": {"S": "x"}}}),
    );
    assert_eq!(
        e.message,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
    );
    run(
        &mut sim,
        "DeleteItem",
        json!({"TableName": "music", "Key": key, "ConditionExpression": "Plays > :n",
               "ExpressionAttributeValues": {":n": {"N": "2.5"}}}),
    );
}

#[test]
fn update_item_sets_adds_and_removes() {
    let mut sim = sim();
    music(&mut sim);
    let key = json!({"Artist": {"S": "Acme"}, "Year": {"N": "2001"}});
    let out = run(
        &mut sim,
        "UpdateItem",
        json!({"TableName": "music", "Key": key, "UpdateExpression": "ADD Plays :one SET Title = :t",
               "ExpressionAttributeValues": {":one": {"N": "1"}, ":t": {"S": "Two"}},
               "ReturnValues": "ALL_NEW"}),
    );
    assert_eq!(out["Attributes"]["Plays"], json!({"N": "1"}));
    let out = run(
        &mut sim,
        "UpdateItem",
        json!({"TableName": "music", "Key": key, "UpdateExpression": "SET Plays = Plays + :one REMOVE Title",
               "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"}),
    );
    assert_eq!(out["Attributes"], json!({"Plays": {"N": "2"}}));
    let e = refused(
        &mut sim,
        "UpdateItem",
        json!({"TableName": "music", "Key": key, "UpdateExpression": "SET Artist = :t",
               "ExpressionAttributeValues": {":t": {"S": "x"}}}),
    );
    assert!(
        e.message.contains("This attribute is part of the key"),
        "{e}"
    );
}

#[test]
fn query_reads_one_partition_in_sort_key_order_with_pages() {
    let mut sim = sim();
    music(&mut sim);
    for year in ["1990", "2000", "985", "2010"] {
        put(&mut sim, "Acme", year, json!({}));
    }
    put(&mut sim, "Zed", "2000", json!({}));
    let years = |out: &Value| -> Vec<String> {
        out["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["Year"]["N"].as_str().unwrap().to_owned())
            .collect()
    };
    let q = |extra: Value| {
        let mut v = json!({"TableName": "music", "KeyConditionExpression": "Artist = :a AND #y >= :y",
                           "ExpressionAttributeNames": {"#y": "Year"},
                           "ExpressionAttributeValues": {":a": {"S": "Acme"}, ":y": {"N": "1000"}}});
        if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        v
    };
    let out = run(&mut sim, "Query", q(json!({})));
    assert_eq!(years(&out), ["1990", "2000", "2010"]);
    assert_eq!(out["Count"], 3);
    assert!(out.get("LastEvaluatedKey").is_none());
    let out = run(
        &mut sim,
        "Query",
        q(json!({"ScanIndexForward": false, "Limit": 2})),
    );
    assert_eq!(years(&out), ["2010", "2000"]);
    let start = out["LastEvaluatedKey"].clone();
    assert_eq!(
        start,
        json!({"Artist": {"S": "Acme"}, "Year": {"N": "2000"}})
    );
    let out = run(
        &mut sim,
        "Query",
        q(json!({"ScanIndexForward": false, "Limit": 2, "ExclusiveStartKey": start})),
    );
    assert_eq!(years(&out), ["1990"]);
    let out = run(&mut sim, "Query", q(json!({"Select": "COUNT"})));
    assert_eq!(out, json!({"Count": 3, "ScannedCount": 3}));
    let e = refused(
        &mut sim,
        "Query",
        json!({"TableName": "music", "KeyConditionExpression": "#y = :y",
               "ExpressionAttributeNames": {"#y": "Year"},
               "ExpressionAttributeValues": {":y": {"N": "1"}}}),
    );
    assert_eq!(
        e.message,
        "Query condition missed key schema element: Artist"
    );
    let e = refused(
        &mut sim,
        "Query",
        json!({"TableName": "music", "KeyConditionExpression": "Artist = :a",
               "ExpressionAttributeValues": {":a": {"N": "1"}}}),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Condition parameter type does not match schema type"
    );
}

#[test]
fn scan_filters_after_the_limit_and_counts_what_it_read() {
    let mut sim = sim();
    music(&mut sim);
    for (artist, plays) in [("A", "1"), ("B", "5"), ("C", "9")] {
        put(&mut sim, artist, "2000", json!({"Plays": {"N": plays}}));
    }
    let out = run(
        &mut sim,
        "Scan",
        json!({"TableName": "music", "FilterExpression": "Plays >= :n", "Limit": 2,
               "ExpressionAttributeValues": {":n": {"N": "5"}}, "ProjectionExpression": "Artist"}),
    );
    assert_eq!(out["Items"], json!([{"Artist": {"S": "B"}}]));
    assert_eq!(out["Count"], 1);
    assert_eq!(out["ScannedCount"], 2);
    assert_eq!(out["LastEvaluatedKey"]["Artist"], json!({"S": "B"}));
    let all = run(&mut sim, "Scan", json!({"TableName": "music"}));
    assert_eq!(all["Count"], 3);
}

#[test]
fn list_tables_pages_by_name_and_tags_are_kept() {
    let mut sim = sim();
    for name in ["ccc", "aaa", "bbb"] {
        run(
            &mut sim,
            "CreateTable",
            json!({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                   "Tags": [{"Key": "team", "Value": "web"}]}),
        );
    }
    let out = run(&mut sim, "ListTables", json!({"Limit": 2}));
    assert_eq!(
        out,
        json!({"TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb"})
    );
    let out = run(
        &mut sim,
        "ListTables",
        json!({"ExclusiveStartTableName": "bbb"}),
    );
    assert_eq!(out, json!({"TableNames": ["ccc"]}));
    let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/aaa";
    run(
        &mut sim,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "env", "Value": "dev"}]}),
    );
    let tags = run(&mut sim, "ListTagsOfResource", json!({"ResourceArn": arn}));
    assert_eq!(
        tags["Tags"],
        json!([{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "web"}])
    );
}

#[test]
fn the_view_lists_tables_by_name_with_status_keys_and_counts() {
    let mut sim = sim();
    music(&mut sim);
    put(&mut sim, "Acme", "1999", json!({}));
    run(
        &mut sim,
        "CreateTable",
        json!({"TableName": "aaa", "BillingMode": "PROVISIONED",
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "B"}],
               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
    );
    let v = sim.view();
    let names: Vec<&str> = v.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["aaa", "music"]);
    assert_eq!(v.tables[0].status, "CREATING");
    assert_eq!(v.tables[0].billing_mode, "PROVISIONED");
    assert_eq!(v.tables[1].status, "ACTIVE");
    assert_eq!(v.tables[1].hash_key, ("Artist".to_owned(), "S".to_owned()));
    assert_eq!(
        v.tables[1].range_key,
        Some(("Year".to_owned(), "N".to_owned()))
    );
    assert_eq!(v.tables[1].item_count, 1);
    run(&mut sim, "DeleteTable", json!({"TableName": "music"}));
    assert_eq!(sim.view().tables[1].status, "DELETING");
    sim.advance(TABLE_DELETE_DELAY);
    assert_eq!(sim.view().tables.len(), 1);
}

#[test]
fn batches_write_and_read_whole_or_not_at_all() {
    let mut sim = sim();
    music(&mut sim);
    put(&mut sim, "Old", "1", json!({}));
    let out = run(
        &mut sim,
        "BatchWriteItem",
        json!({"RequestItems": {"music": [
            {"PutRequest": {"Item": {"Artist": {"S": "A"}, "Year": {"N": "1"}}}},
            {"PutRequest": {"Item": {"Artist": {"S": "B"}, "Year": {"N": "2"}}}},
            {"DeleteRequest": {"Key": {"Artist": {"S": "Old"}, "Year": {"N": "1"}}}}
        ]}}),
    );
    assert_eq!(out, json!({"UnprocessedItems": {}}));
    // One bad request refuses the whole batch.
    let e = refused(
        &mut sim,
        "BatchWriteItem",
        json!({"RequestItems": {"music": [
            {"PutRequest": {"Item": {"Artist": {"S": "C"}, "Year": {"N": "3"}}}},
            {"PutRequest": {"Item": {"Artist": {"S": "C"}, "Year": {"N": "3.0"}}}}
        ]}}),
    );
    assert_eq!(e.message, "Provided list of item keys contains duplicates");
    let many: Vec<Value> = (0..26)
        .map(|i| json!({"PutRequest": {"Item": {"Artist": {"S": "x"}, "Year": {"N": i.to_string()}}}}))
        .collect();
    let e = refused(
        &mut sim,
        "BatchWriteItem",
        json!({"RequestItems": {"music": many}}),
    );
    assert_eq!(
        e.message,
        "Too many items requested for the BatchWriteItem call"
    );
    let out = run(
        &mut sim,
        "BatchGetItem",
        json!({"RequestItems": {"music": {"Keys": [
            {"Artist": {"S": "B"}, "Year": {"N": "2"}},
            {"Artist": {"S": "Old"}, "Year": {"N": "1"}},
            {"Artist": {"S": "A"}, "Year": {"N": "1"}}
        ], "ProjectionExpression": "Artist"}}}),
    );
    assert_eq!(
        out,
        json!({"Responses": {"music": [{"Artist": {"S": "B"}}, {"Artist": {"S": "A"}}]}, "UnprocessedKeys": {}})
    );
}
