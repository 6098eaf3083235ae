//! Amazon DynamoDB tables and items (botocore `dynamodb`, JSON 1.0,
//! `DynamoDB_20120810`; F22.1–F22.3): CreateTable, DescribeTable,
//! ListTables, DeleteTable, PutItem, GetItem, UpdateItem, DeleteItem,
//! BatchWriteItem, BatchGetItem, Query, Scan, TagResource, UntagResource,
//! ListTagsOfResource.
//!
//! - **Tables** (F22.1): a HASH key and an optional RANGE key, each an
//!   `S`, `N` or `B` attribute defined in `AttributeDefinitions`, which
//!   must name exactly the key attributes; `PAY_PER_REQUEST` (no
//!   `ProvisionedThroughput`) or `PROVISIONED` (with it, each 1 or more).
//!   A table is `CREATING` for [`TABLE_CREATE_DELAY`] (MODEL, §13) and then
//!   `ACTIVE`; DeleteTable makes it `DELETING` and it is gone
//!   [`TABLE_DELETE_DELAY`] later (MODEL). Status follows from simulated
//!   time alone (no timers): a gone table's record is dropped by the next
//!   CreateTable or DeleteTable. Data calls need an ACTIVE table, else
//!   `ResourceNotFoundException` `Requested resource not found` (F22.3);
//!   DescribeTable and DeleteTable of a missing table say `Requested
//!   resource not found: Table: <name> not found`, as DynamoDB does.
//!   `ItemCount` and `TableSizeBytes` are live (MODEL: DynamoDB refreshes
//!   them about every six hours).
//! - **Items** (F22.2, `value.rs`): typed values validated as DynamoDB
//!   validates them (key attributes present, of their defined type and not
//!   empty; numbers of up to 38 digits, kept in DynamoDB's plain form and
//!   compared as numbers; sets not empty and without duplicates; items up
//!   to [`MAX_ITEM_SIZE`]). PutItem replaces the whole item.
//! - **Expressions** (`expr.rs`): ConditionExpression on PutItem,
//!   UpdateItem and DeleteItem (`ConditionalCheckFailedException`, `The
//!   conditional request failed`), KeyConditionExpression (partition key
//!   `=`, then the sort key `=`, `<`, `<=`, `>`, `>=`, `BETWEEN`,
//!   `begins_with`), FilterExpression, ProjectionExpression and
//!   UpdateExpression, with `#name`/`:value` placeholders that must all be
//!   defined and used.
//! - **Order** (MODEL): items are kept by partition key, then sort key
//!   (numbers by value, strings and binaries by their bytes). Query returns
//!   one partition in sort-key order (as DynamoDB does; ScanIndexForward
//!   false reverses it). Scan walks the whole table in that order, where
//!   DynamoDB walks partitions in the order of their keys' hashes.
//! - **Pages**: `Limit` counts the items read before any filter; a page
//!   also ends after [`PAGE_BYTES`] of items read (F22.2); the last item's
//!   key comes back as `LastEvaluatedKey` whenever the page stopped early.
//! - Every read is strongly consistent (MODEL), so `ConsistentRead` changes
//!   nothing. Batches are checked whole before any write and never leave
//!   anything unprocessed (MODEL: no throttling). Not modelled (refused):
//!   secondary indexes, streams, TTL, transactions,
//!   `ReturnConsumedCapacity`, the legacy
//!   `Expected`/`AttributesToGet`/`KeyConditions` parameters.
//! - The table's ARN is `arn:aws:dynamodb:<region>:<account>:table/<name>`
//!   (what IAM policies name, engine/src/ecs/aws_cli.rs).

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

pub mod expr;
mod reserved;
pub mod value;

use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};
use expr::{Cmp, Cond, Operand, Path, Placeholders, Step};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use value::{AttributeValue, Item, KeyPart, parse_item, parse_value, validation};

/// MODEL (§13): CREATING → ACTIVE.
pub const TABLE_CREATE_DELAY: SimDuration = SimDuration::seconds(5);
/// MODEL: DELETING → gone.
pub const TABLE_DELETE_DELAY: SimDuration = SimDuration::seconds(5);
/// DynamoDB's item size limit (400 KB).
pub const MAX_ITEM_SIZE: u64 = 400 * 1024;
/// A Query or Scan page reads at most 1 MB (F22.2).
pub const PAGE_BYTES: u64 = 1024 * 1024;
/// BatchWriteItem: at most 25 requests; BatchGetItem: at most 100 keys.
pub const MAX_BATCH_WRITE: usize = 25;
pub const MAX_BATCH_GET: usize = 100;
/// ListTables: at most 100 names a page.
pub const MAX_LIST_TABLES: i64 = 100;

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeDefinition {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeySchemaElement {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ProvisionedThroughput {
    pub read_capacity_units: i64,
    pub write_capacity_units: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTableInput {
    #[serde(default)]
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub table_name: String,
    #[serde(default)]
    pub key_schema: Vec<KeySchemaElement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput: Option<ProvisionedThroughput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TableNameInput {
    pub table_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListTablesInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_start_table_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTablesOutput {
    pub table_names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_table_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProvisionedThroughputDescription {
    pub number_of_decreases_today: i64,
    pub read_capacity_units: i64,
    pub write_capacity_units: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BillingModeSummary {
    pub billing_mode: String,
    pub last_update_to_pay_per_request_date_time: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDescription {
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub table_name: String,
    pub key_schema: Vec<KeySchemaElement>,
    pub table_status: String,
    pub creation_date_time: f64,
    pub provisioned_throughput: ProvisionedThroughputDescription,
    pub table_size_bytes: u64,
    pub item_count: u64,
    pub table_arn: String,
    pub table_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_mode_summary: Option<BillingModeSummary>,
    pub deletion_protection_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDescriptionOutput {
    pub table_description: TableDescription,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTableOutput {
    pub table: TableDescription,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutItemInput {
    pub table_name: String,
    pub item: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteItemInput {
    pub table_name: String,
    pub key: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateItemInput {
    pub table_name: String,
    pub key: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
}

/// PutItem, UpdateItem, DeleteItem: the old or new attributes if asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetItemInput {
    pub table_name: String,
    pub key: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetItemOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
}

/// Query and Scan share their members (Scan has no key condition).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QueryInput {
    pub table_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_index_forward: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_start_key: Option<BTreeMap<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_condition_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScanInput {
    pub table_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_start_key: Option<BTreeMap<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueryOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    pub count: u64,
    pub scanned_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_key: Option<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagResourceInput {
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UntagResourceInput {
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListTagsOfResourceInput {
    pub resource_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsOfResourceOutput {
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DynamoDbEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutRequest {
    pub item: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRequest {
    pub key: BTreeMap<String, Value>,
}

/// One of PutRequest and DeleteRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WriteRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_request: Option<PutRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_request: Option<DeleteRequest>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BatchWriteItemInput {
    pub request_items: BTreeMap<String, Vec<WriteRequest>>,
}

/// MODEL: every request is processed, so `UnprocessedItems` is empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchWriteItemOutput {
    pub unprocessed_items: BTreeMap<String, Vec<WriteRequest>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeysAndAttributes {
    pub keys: Vec<BTreeMap<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BatchGetItemInput {
    pub request_items: BTreeMap<String, KeysAndAttributes>,
}

/// MODEL: every key is read, so `UnprocessedKeys` is empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetItemOutput {
    pub responses: BTreeMap<String, Vec<Item>>,
    pub unprocessed_keys: BTreeMap<String, KeysAndAttributes>,
}

// ------------------------------------------------------------ state ---

/// A table's primary key element: its attribute and type (`S`, `N`, `B`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttribute {
    pub name: String,
    pub kind: String,
}

/// An item's primary key, ordered as the table keeps its items.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemKey {
    pub partition: KeyPart,
    pub sort: Option<KeyPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub arn: String,
    pub id: String,
    pub created: SimTime,
    pub hash: KeyAttribute,
    pub range: Option<KeyAttribute>,
    pub attribute_definitions: Vec<AttributeDefinition>,
    /// `None`: PAY_PER_REQUEST; else (read, write) capacity units.
    pub provisioned: Option<(i64, i64)>,
    pub deletion_protection: bool,
    /// When DeleteTable was called.
    pub deleting: Option<SimTime>,
    pub items: BTreeMap<ItemKey, Item>,
    pub tags: BTreeMap<String, String>,
}

impl Table {
    /// CREATING, ACTIVE or DELETING at `now` (see the module docs).
    pub fn status(&self, now: SimTime) -> &'static str {
        if self.deleting.is_some() {
            "DELETING"
        } else if now < self.created.saturating_add(TABLE_CREATE_DELAY) {
            "CREATING"
        } else {
            "ACTIVE"
        }
    }

    /// Deleted and past its DELETING time.
    pub fn gone(&self, now: SimTime) -> bool {
        self.deleting
            .is_some_and(|d| now >= d.saturating_add(TABLE_DELETE_DELAY))
    }

    pub fn size_bytes(&self) -> u64 {
        self.items.values().map(value::item_size).sum()
    }

    fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash).chain(self.range.as_ref())
    }

    /// The key attributes of `item`, as a key.
    fn key_of(&self, item: &Item) -> Item {
        self.key_attributes()
            .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DynamoDbState {
    pub tables: BTreeMap<String, Table>,
}

// ----------------------------------------------------------- errors ---

fn no_table() -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        "Requested resource not found",
    )
}

fn no_table_named(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        format!("Requested resource not found: Table: {name} not found"),
    )
}

fn invalid(message: &str) -> ApiError {
    validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

fn constraint(value: &str, at: &str, rule: &str) -> ApiError {
    validation(format!(
        "1 validation error detected: Value '{value}' at '{at}' failed to satisfy constraint: {rule}"
    ))
}

fn check_table_name(name: &str, at: &str) -> Result<(), ApiError> {
    if name.len() < 3 {
        return Err(constraint(
            name,
            at,
            "Member must have length greater than or equal to 3",
        ));
    }
    if name.len() > 255 {
        return Err(constraint(
            name,
            at,
            "Member must have length less than or equal to 255",
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(constraint(
            name,
            at,
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ));
    }
    Ok(())
}

fn check_limit(limit: Option<i64>, max: Option<i64>) -> Result<Option<usize>, ApiError> {
    match limit {
        None => Ok(None),
        Some(n) if n < 1 => Err(constraint(
            &n.to_string(),
            "limit",
            "Member must have value greater than or equal to 1",
        )),
        Some(n) if max.is_some_and(|m| n > m) => Err(constraint(
            &n.to_string(),
            "limit",
            &format!(
                "Member must have value less than or equal to {}",
                max.unwrap_or_default()
            ),
        )),
        Some(n) => Ok(Some(n as usize)),
    }
}

/// The placeholders' values, parsed.
fn parse_values(
    values: &Option<BTreeMap<String, Value>>,
) -> Result<BTreeMap<String, AttributeValue>, ApiError> {
    let Some(values) = values else {
        return Ok(BTreeMap::new());
    };
    if values.is_empty() {
        return Err(validation("ExpressionAttributeValues must not be empty"));
    }
    values
        .iter()
        .map(|(k, v)| {
            if !k.starts_with(':') {
                return Err(validation(format!(
                    "ExpressionAttributeValues contains invalid key: Syntax error; key: \"{k}\""
                )));
            }
            let v = parse_value(v).map_err(|e| {
                ApiError::new(
                    e.code,
                    format!(
                        "ExpressionAttributeValues contains invalid value: {} for key {k}",
                        e.message
                    ),
                )
            })?;
            Ok((k.clone(), v))
        })
        .collect()
}

fn check_names(
    names: &Option<BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let Some(names) = names else {
        return Ok(BTreeMap::new());
    };
    if names.is_empty() {
        return Err(validation("ExpressionAttributeNames must not be empty"));
    }
    if let Some(k) = names.keys().find(|k| !k.starts_with('#')) {
        return Err(validation(format!(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"{k}\""
        )));
    }
    Ok(names.clone())
}

/// Placeholders given without any expression to use them.
fn placeholders_without_expression(
    names: &BTreeMap<String, String>,
    values: &BTreeMap<String, AttributeValue>,
    expression: &str,
) -> Result<(), ApiError> {
    if !values.is_empty() {
        return Err(validation(format!(
            "ExpressionAttributeValues can only be specified when using expressions: {expression} is null"
        )));
    }
    if !names.is_empty() {
        return Err(validation(
            "ExpressionAttributeNames can only be specified when using expressions",
        ));
    }
    Ok(())
}

fn return_values(given: &Option<String>, allowed: &[&str], rule: &str) -> Result<String, ApiError> {
    const ALL: &[&str] = &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];
    let v = given.clone().unwrap_or_else(|| "NONE".to_owned());
    if !ALL.contains(&v.as_str()) {
        return Err(constraint(
            &v,
            "returnValues",
            "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
        ));
    }
    if !allowed.contains(&v.as_str()) {
        return Err(validation(rule));
    }
    Ok(v)
}

impl Sim {
    pub(crate) fn dynamodb_table_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:dynamodb:{}:{}:table/{name}",
            self.config.region, self.config.account_id
        )
    }

    /// A table that exists now (CREATING, ACTIVE or DELETING).
    pub(crate) fn dynamodb_table(&self, name: &str) -> Option<&Table> {
        self.state
            .dynamodb
            .tables
            .get(name)
            .filter(|t| !t.gone(self.now))
    }

    /// The ACTIVE table data calls work on.
    fn active_table(&self, name: &str) -> Result<&Table, ApiError> {
        check_table_name(name, "tableName")?;
        self.dynamodb_table(name)
            .filter(|t| t.status(self.now) == "ACTIVE")
            .ok_or_else(no_table)
    }

    fn describe(&self, t: &Table) -> TableDescription {
        let secs = |at: SimTime| self.epoch_ms(at) as f64 / 1000.0;
        let (read, write) = t.provisioned.unwrap_or((0, 0));
        let mut definitions = t.attribute_definitions.clone();
        definitions.sort_by(|a, b| a.attribute_name.cmp(&b.attribute_name));
        TableDescription {
            attribute_definitions: definitions,
            table_name: t.name.clone(),
            key_schema: t
                .key_attributes()
                .zip(["HASH", "RANGE"])
                .map(|(k, kind)| KeySchemaElement {
                    attribute_name: k.name.clone(),
                    key_type: kind.to_owned(),
                })
                .collect(),
            table_status: t.status(self.now).to_owned(),
            creation_date_time: secs(t.created),
            provisioned_throughput: ProvisionedThroughputDescription {
                number_of_decreases_today: 0,
                read_capacity_units: read,
                write_capacity_units: write,
            },
            table_size_bytes: t.size_bytes(),
            item_count: t.items.len() as u64,
            table_arn: t.arn.clone(),
            table_id: t.id.clone(),
            billing_mode_summary: t.provisioned.is_none().then(|| BillingModeSummary {
                billing_mode: "PAY_PER_REQUEST".to_owned(),
                last_update_to_pay_per_request_date_time: secs(t.created),
            }),
            deletion_protection_enabled: t.deletion_protection,
        }
    }

    /// Drops the records of tables past their DELETING time.
    fn forget_gone_tables(&mut self) {
        let now = self.now;
        self.state.dynamodb.tables.retain(|_, t| !t.gone(now));
    }

    pub(crate) fn create_table(
        &mut self,
        req: CreateTableInput,
    ) -> Result<TableDescriptionOutput, ApiError> {
        check_table_name(&req.table_name, "tableName")?;
        // Key schema: HASH, then an optional RANGE (F22.1).
        if req.key_schema.is_empty() || req.key_schema.len() > 2 {
            let n = req.key_schema.len();
            return Err(constraint(
                &format!("{n} elements"),
                "keySchema",
                if n == 0 {
                    "Member must have length greater than or equal to 1"
                } else {
                    "Member must have length less than or equal to 2"
                },
            ));
        }
        for (i, k) in req.key_schema.iter().enumerate() {
            if !["HASH", "RANGE"].contains(&k.key_type.as_str()) {
                return Err(constraint(
                    &k.key_type,
                    &format!("keySchema.{}.member.keyType", i + 1),
                    "Member must satisfy enum value set: [HASH, RANGE]",
                ));
            }
        }
        if req.key_schema[0].key_type != "HASH" {
            return Err(validation(
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
            ));
        }
        if let Some(second) = req.key_schema.get(1) {
            if second.key_type != "RANGE" {
                return Err(validation(
                    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
                ));
            }
            if second.attribute_name == req.key_schema[0].attribute_name {
                return Err(validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name",
                ));
            }
        }
        for (i, d) in req.attribute_definitions.iter().enumerate() {
            if !["S", "N", "B"].contains(&d.attribute_type.as_str()) {
                return Err(constraint(
                    &d.attribute_type,
                    &format!("attributeDefinitions.{}.member.attributeType", i + 1),
                    "Member must satisfy enum value set: [B, N, S]",
                ));
            }
        }
        let defined: Vec<&str> = req
            .attribute_definitions
            .iter()
            .map(|d| d.attribute_name.as_str())
            .collect();
        if let Some(d) = defined
            .iter()
            .enumerate()
            .find(|(i, d)| defined[..*i].contains(d))
        {
            return Err(invalid(&format!(
                "Duplicate AttributeName in AttributeDefinitions: {}",
                d.1
            )));
        }
        let missing: Vec<&str> = req
            .key_schema
            .iter()
            .map(|k| k.attribute_name.as_str())
            .filter(|k| !defined.contains(k))
            .collect();
        if !missing.is_empty() {
            return Err(invalid(&format!(
                "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
                missing.join(", "),
                defined.join(", ")
            )));
        }
        if defined.len() != req.key_schema.len() {
            return Err(invalid(
                "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
            ));
        }
        // Billing (F22.1).
        let mode = req.billing_mode.as_deref().unwrap_or("PROVISIONED");
        let provisioned = match (mode, &req.provisioned_throughput) {
            ("PAY_PER_REQUEST", None) => None,
            ("PAY_PER_REQUEST", Some(_)) => {
                return Err(invalid(
                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                ));
            }
            ("PROVISIONED", None) => {
                return Err(validation(
                    "No provisioned throughput specified for the table",
                ));
            }
            ("PROVISIONED", Some(p)) => {
                for (v, at) in [
                    (
                        p.read_capacity_units,
                        "provisionedThroughput.readCapacityUnits",
                    ),
                    (
                        p.write_capacity_units,
                        "provisionedThroughput.writeCapacityUnits",
                    ),
                ] {
                    if v < 1 {
                        return Err(constraint(
                            &v.to_string(),
                            at,
                            "Member must have value greater than or equal to 1",
                        ));
                    }
                }
                Some((p.read_capacity_units, p.write_capacity_units))
            }
            (other, _) => {
                return Err(constraint(
                    other,
                    "billingMode",
                    "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
                ));
            }
        };
        if self.dynamodb_table(&req.table_name).is_some() {
            return Err(ApiError::new(
                ErrorCode::ResourceInUseException,
                format!("Table already exists: {}", req.table_name),
            ));
        }
        let kind_of = |name: &str| {
            req.attribute_definitions
                .iter()
                .find(|d| d.attribute_name == name)
                .map(|d| d.attribute_type.clone())
                .unwrap_or_default()
        };
        let key = |k: &KeySchemaElement| KeyAttribute {
            name: k.attribute_name.clone(),
            kind: kind_of(&k.attribute_name),
        };
        let table = Table {
            name: req.table_name.clone(),
            arn: self.dynamodb_table_arn(&req.table_name),
            id: self.new_uuid(),
            created: self.now,
            hash: key(&req.key_schema[0]),
            range: req.key_schema.get(1).map(key),
            attribute_definitions: req.attribute_definitions.clone(),
            provisioned,
            deletion_protection: req.deletion_protection_enabled.unwrap_or(false),
            deleting: None,
            items: BTreeMap::new(),
            tags: req.tags.into_iter().map(|t| (t.key, t.value)).collect(),
        };
        let table_description = self.describe(&table);
        self.forget_gone_tables();
        self.state.dynamodb.tables.insert(req.table_name, table);
        Ok(TableDescriptionOutput { table_description })
    }

    pub(crate) fn describe_table(
        &mut self,
        req: TableNameInput,
    ) -> Result<DescribeTableOutput, ApiError> {
        check_table_name(&req.table_name, "tableName")?;
        let t = self
            .dynamodb_table(&req.table_name)
            .ok_or_else(|| no_table_named(&req.table_name))?;
        Ok(DescribeTableOutput {
            table: self.describe(t),
        })
    }

    pub(crate) fn list_tables(
        &mut self,
        req: ListTablesInput,
    ) -> Result<ListTablesOutput, ApiError> {
        let limit = check_limit(req.limit, Some(MAX_LIST_TABLES))?.unwrap_or(100);
        if let Some(start) = &req.exclusive_start_table_name {
            check_table_name(start, "exclusiveStartTableName")?;
        }
        let now = self.now;
        let names: Vec<String> = self
            .state
            .dynamodb
            .tables
            .values()
            .filter(|t| !t.gone(now))
            .map(|t| t.name.clone())
            .filter(|n| {
                req.exclusive_start_table_name
                    .as_ref()
                    .is_none_or(|s| n > s)
            })
            .collect();
        let more = names.len() > limit;
        let table_names: Vec<String> = names.into_iter().take(limit).collect();
        Ok(ListTablesOutput {
            last_evaluated_table_name: if more {
                table_names.last().cloned()
            } else {
                None
            },
            table_names,
        })
    }

    pub(crate) fn delete_table(
        &mut self,
        req: TableNameInput,
    ) -> Result<TableDescriptionOutput, ApiError> {
        check_table_name(&req.table_name, "tableName")?;
        let now = self.now;
        let t = self
            .dynamodb_table(&req.table_name)
            .ok_or_else(|| no_table_named(&req.table_name))?;
        match t.status(now) {
            "CREATING" => {
                return Err(ApiError::new(
                    ErrorCode::ResourceInUseException,
                    format!(
                        "Attempt to change a resource which is still in use: Table is being created: {}",
                        t.name
                    ),
                ));
            }
            "DELETING" => {
                return Err(ApiError::new(
                    ErrorCode::ResourceInUseException,
                    format!(
                        "Attempt to change a resource which is still in use: Table is being deleted: {}",
                        t.name
                    ),
                ));
            }
            _ => {}
        }
        if t.deletion_protection {
            return Err(validation(format!(
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first. Table: {}",
                t.name
            )));
        }
        self.forget_gone_tables();
        let Some(t) = self.state.dynamodb.tables.get_mut(&req.table_name) else {
            return Err(no_table_named(&req.table_name));
        };
        t.deleting = Some(now);
        let t = t.clone();
        Ok(TableDescriptionOutput {
            table_description: self.describe(&t),
        })
    }

    // ------------------------------------------------------------ items ---

    /// The key of a full item (PutItem): every key attribute present, of
    /// its type, not empty.
    fn item_key(t: &Table, item: &Item) -> Result<ItemKey, ApiError> {
        let part = |k: &KeyAttribute| -> Result<KeyPart, ApiError> {
            let Some(v) = item.get(&k.name) else {
                return Err(invalid(&format!("Missing the key {} in the item", k.name)));
            };
            key_part(k, v, false)
        };
        Ok(ItemKey {
            partition: part(&t.hash)?,
            sort: t.range.as_ref().map(part).transpose()?,
        })
    }

    /// A `Key` parameter: exactly the key attributes.
    fn request_key(t: &Table, key: &Item, starting: bool) -> Result<ItemKey, ApiError> {
        let prefix = if starting {
            "The provided starting key is invalid: "
        } else {
            ""
        };
        let mismatch = || {
            validation(format!(
                "{prefix}The provided key element does not match the schema"
            ))
        };
        if key.len() != t.key_attributes().count()
            || t.key_attributes().any(|k| !key.contains_key(&k.name))
        {
            return Err(mismatch());
        }
        let part = |k: &KeyAttribute| -> Result<KeyPart, ApiError> {
            let v = &key[&k.name];
            if v.type_name() != k.kind {
                return Err(mismatch());
            }
            key_part(k, v, true)
        };
        Ok(ItemKey {
            partition: part(&t.hash)?,
            sort: t.range.as_ref().map(part).transpose()?,
        })
    }

    /// Parses the request's placeholders and its condition.
    fn condition(
        names: &BTreeMap<String, String>,
        values: &BTreeMap<String, AttributeValue>,
        text: &Option<String>,
    ) -> Result<Option<Cond>, ApiError> {
        let mut ph = Placeholders::new(names, values);
        let Some(text) = text else {
            placeholders_without_expression(names, values, "ConditionExpression")?;
            return Ok(None);
        };
        let c = expr::parse_condition("ConditionExpression", text, &mut ph)?;
        ph.check_all_used()?;
        Ok(Some(c))
    }

    pub(crate) fn put_item(&mut self, req: PutItemInput) -> Result<AttributesOutput, ApiError> {
        let rv = return_values(
            &req.return_values,
            &["NONE", "ALL_OLD"],
            "ReturnValues can only be ALL_OLD or NONE",
        )?;
        let t = self.active_table(&req.table_name)?;
        let item = parse_item(&req.item)?;
        let key = Self::item_key(t, &item)?;
        if value::item_size(&item) > MAX_ITEM_SIZE {
            return Err(validation(
                "Item size has exceeded the maximum allowed size",
            ));
        }
        let names = check_names(&req.expression_attribute_names)?;
        let values = parse_values(&req.expression_attribute_values)?;
        let cond = Self::condition(&names, &values, &req.condition_expression)?;
        let old = t.items.get(&key).cloned();
        if let Some(c) = &cond
            && !expr::eval(c, old.as_ref().unwrap_or(&Item::new()))
        {
            return Err(conditional_failed());
        }
        if let Some(t) = self.state.dynamodb.tables.get_mut(&req.table_name) {
            t.items.insert(key, item);
        }
        Ok(AttributesOutput {
            attributes: old.filter(|_| rv == "ALL_OLD"),
        })
    }

    pub(crate) fn get_item(&mut self, req: GetItemInput) -> Result<GetItemOutput, ApiError> {
        let t = self.active_table(&req.table_name)?;
        let key = Self::request_key(t, &parse_item(&req.key)?, false)?;
        let names = check_names(&req.expression_attribute_names)?;
        let values = BTreeMap::new();
        let projection = match &req.projection_expression {
            Some(p) => {
                let mut ph = Placeholders::new(&names, &values);
                let paths = expr::parse_projection(p, &mut ph)?;
                ph.check_all_used()?;
                Some(paths)
            }
            None => {
                placeholders_without_expression(&names, &values, "ProjectionExpression")?;
                None
            }
        };
        let item = t.items.get(&key).map(|i| match &projection {
            Some(paths) => expr::project(i, paths),
            None => i.clone(),
        });
        Ok(GetItemOutput { item })
    }

    pub(crate) fn delete_item(
        &mut self,
        req: DeleteItemInput,
    ) -> Result<AttributesOutput, ApiError> {
        let rv = return_values(
            &req.return_values,
            &["NONE", "ALL_OLD"],
            "ReturnValues can only be ALL_OLD or NONE",
        )?;
        let t = self.active_table(&req.table_name)?;
        let key = Self::request_key(t, &parse_item(&req.key)?, false)?;
        let names = check_names(&req.expression_attribute_names)?;
        let values = parse_values(&req.expression_attribute_values)?;
        let cond = Self::condition(&names, &values, &req.condition_expression)?;
        let old = t.items.get(&key).cloned();
        if let Some(c) = &cond
            && !expr::eval(c, old.as_ref().unwrap_or(&Item::new()))
        {
            return Err(conditional_failed());
        }
        if let Some(t) = self.state.dynamodb.tables.get_mut(&req.table_name) {
            t.items.remove(&key);
        }
        Ok(AttributesOutput {
            attributes: old.filter(|_| rv == "ALL_OLD"),
        })
    }

    pub(crate) fn update_item(
        &mut self,
        req: UpdateItemInput,
    ) -> Result<AttributesOutput, ApiError> {
        let rv = return_values(
            &req.return_values,
            &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
            "",
        )?;
        let t = self.active_table(&req.table_name)?;
        let key_item = parse_item(&req.key)?;
        let key = Self::request_key(t, &key_item, false)?;
        let names = check_names(&req.expression_attribute_names)?;
        let values = parse_values(&req.expression_attribute_values)?;
        let mut ph = Placeholders::new(&names, &values);
        let actions = match &req.update_expression {
            Some(u) => expr::parse_update(u, &mut ph)?,
            None => Vec::new(),
        };
        let cond = match &req.condition_expression {
            Some(c) => Some(expr::parse_condition("ConditionExpression", c, &mut ph)?),
            None => None,
        };
        if req.update_expression.is_none() && req.condition_expression.is_none() {
            placeholders_without_expression(&names, &values, "UpdateExpression")?;
        }
        ph.check_all_used()?;
        for a in &actions {
            let path = match a {
                expr::Action::Set(p, _)
                | expr::Action::Remove(p)
                | expr::Action::Add(p, _)
                | expr::Action::Delete(p, _) => p,
            };
            if let [Step::Name(n)] = path.as_slice()
                && t.key_attributes().any(|k| &k.name == n)
            {
                return Err(invalid(&format!(
                    "Cannot update attribute {n}. This attribute is part of the key"
                )));
            }
        }
        let old = t.items.get(&key).cloned();
        if let Some(c) = &cond
            && !expr::eval(c, old.as_ref().unwrap_or(&Item::new()))
        {
            return Err(conditional_failed());
        }
        let mut new = old.clone().unwrap_or_else(|| key_item.clone());
        expr::apply_update(&mut new, &actions)?;
        if value::item_size(&new) > MAX_ITEM_SIZE {
            return Err(validation(
                "Item size has exceeded the maximum allowed size",
            ));
        }
        let changed = |from: &Item, to: &Item| -> Item {
            from.iter()
                .filter(|(k, v)| {
                    to.get(*k) != Some(*v) && !t.key_attributes().any(|a| &a.name == *k)
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let empty = Item::new();
        let attributes = match rv.as_str() {
            "ALL_OLD" => old.clone(),
            "ALL_NEW" => Some(new.clone()),
            "UPDATED_OLD" => Some(changed(old.as_ref().unwrap_or(&empty), &new)),
            "UPDATED_NEW" => Some(changed(&new, old.as_ref().unwrap_or(&empty))),
            _ => None,
        }
        .filter(|a| !a.is_empty());
        if let Some(t) = self.state.dynamodb.tables.get_mut(&req.table_name) {
            t.items.insert(key, new);
        }
        Ok(AttributesOutput { attributes })
    }

    pub(crate) fn query(&mut self, req: QueryInput) -> Result<QueryOutput, ApiError> {
        let t = self.active_table(&req.table_name)?;
        let names = check_names(&req.expression_attribute_names)?;
        let values = parse_values(&req.expression_attribute_values)?;
        let mut ph = Placeholders::new(&names, &values);
        let Some(kce) = &req.key_condition_expression else {
            return Err(validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
            ));
        };
        let key_cond = expr::parse_condition("KeyConditionExpression", kce, &mut ph)?;
        let (partition, sort_cond) = key_condition(t, &key_cond)?;
        let read = Reading::new(
            &req.select,
            &req.projection_expression,
            &req.filter_expression,
            &mut ph,
        )?;
        ph.check_all_used()?;
        let limit = check_limit(req.limit, None)?;
        let start = match &req.exclusive_start_key {
            Some(k) => Some(Self::request_key(t, &parse_item(k)?, true)?),
            None => None,
        };
        let forward = req.scan_index_forward.unwrap_or(true);
        let in_partition = t
            .items
            .iter()
            .filter(|(k, _)| k.partition == partition)
            .filter(|(_, item)| sort_cond.as_ref().is_none_or(|c| expr::eval(c, item)));
        let ordered: Vec<(&ItemKey, &Item)> = if forward {
            in_partition
                .filter(|(k, _)| start.as_ref().is_none_or(|s| *k > s))
                .collect()
        } else {
            in_partition
                .rev()
                .filter(|(k, _)| start.as_ref().is_none_or(|s| *k < s))
                .collect()
        };
        Ok(read.page(t, ordered, limit))
    }

    pub(crate) fn scan(&mut self, req: ScanInput) -> Result<QueryOutput, ApiError> {
        let t = self.active_table(&req.table_name)?;
        let names = check_names(&req.expression_attribute_names)?;
        let values = parse_values(&req.expression_attribute_values)?;
        let mut ph = Placeholders::new(&names, &values);
        let read = Reading::new(
            &req.select,
            &req.projection_expression,
            &req.filter_expression,
            &mut ph,
        )?;
        if req.projection_expression.is_none() && req.filter_expression.is_none() {
            placeholders_without_expression(&names, &values, "FilterExpression")?;
        }
        ph.check_all_used()?;
        let limit = check_limit(req.limit, None)?;
        let start = match &req.exclusive_start_key {
            Some(k) => Some(Self::request_key(t, &parse_item(k)?, true)?),
            None => None,
        };
        let ordered: Vec<(&ItemKey, &Item)> = t
            .items
            .iter()
            .filter(|(k, _)| start.as_ref().is_none_or(|s| *k > s))
            .collect();
        Ok(read.page(t, ordered, limit))
    }

    /// Every request is checked before any is applied: a bad one refuses
    /// the whole batch, as DynamoDB does.
    pub(crate) fn batch_write_item(
        &mut self,
        req: BatchWriteItemInput,
    ) -> Result<BatchWriteItemOutput, ApiError> {
        let total: usize = req.request_items.values().map(Vec::len).sum();
        if req.request_items.is_empty() || total == 0 {
            return Err(constraint(
                "{}",
                "requestItems",
                "Member must have length greater than or equal to 1",
            ));
        }
        if total > MAX_BATCH_WRITE {
            return Err(validation(
                "Too many items requested for the BatchWriteItem call",
            ));
        }
        let mut writes: Vec<(String, ItemKey, Option<Item>)> = Vec::new();
        for (name, requests) in &req.request_items {
            let t = self.active_table(name)?;
            let mut seen = std::collections::BTreeSet::new();
            for r in requests {
                let (key, item) = match (&r.put_request, &r.delete_request) {
                    (Some(p), None) => {
                        let item = parse_item(&p.item)?;
                        let key = Self::item_key(t, &item)?;
                        if value::item_size(&item) > MAX_ITEM_SIZE {
                            return Err(validation(
                                "Item size has exceeded the maximum allowed size",
                            ));
                        }
                        (key, Some(item))
                    }
                    (None, Some(d)) => (Self::request_key(t, &parse_item(&d.key)?, false)?, None),
                    _ => {
                        return Err(invalid(
                            "A WriteRequest must have exactly one of PutRequest and DeleteRequest",
                        ));
                    }
                };
                if !seen.insert(key.clone()) {
                    return Err(validation("Provided list of item keys contains duplicates"));
                }
                writes.push((name.clone(), key, item));
            }
        }
        for (name, key, item) in writes {
            if let Some(t) = self.state.dynamodb.tables.get_mut(&name) {
                match item {
                    Some(item) => {
                        t.items.insert(key, item);
                    }
                    None => {
                        t.items.remove(&key);
                    }
                }
            }
        }
        Ok(BatchWriteItemOutput {
            unprocessed_items: BTreeMap::new(),
        })
    }

    pub(crate) fn batch_get_item(
        &mut self,
        req: BatchGetItemInput,
    ) -> Result<BatchGetItemOutput, ApiError> {
        let total: usize = req.request_items.values().map(|k| k.keys.len()).sum();
        if req.request_items.is_empty() || total == 0 {
            return Err(constraint(
                "{}",
                "requestItems",
                "Member must have length greater than or equal to 1",
            ));
        }
        if total > MAX_BATCH_GET {
            return Err(validation(
                "Too many items requested for the BatchGetItem call",
            ));
        }
        let mut responses = BTreeMap::new();
        for (name, wanted) in &req.request_items {
            let t = self.active_table(name)?;
            let names = check_names(&wanted.expression_attribute_names)?;
            let values = BTreeMap::new();
            let projection = match &wanted.projection_expression {
                Some(p) => {
                    let mut ph = Placeholders::new(&names, &values);
                    let paths = expr::parse_projection(p, &mut ph)?;
                    ph.check_all_used()?;
                    Some(paths)
                }
                None => {
                    placeholders_without_expression(&names, &values, "ProjectionExpression")?;
                    None
                }
            };
            let mut seen = std::collections::BTreeSet::new();
            let mut found = Vec::new();
            for k in &wanted.keys {
                let key = Self::request_key(t, &parse_item(k)?, false)?;
                if !seen.insert(key.clone()) {
                    return Err(validation("Provided list of item keys contains duplicates"));
                }
                if let Some(item) = t.items.get(&key) {
                    found.push(match &projection {
                        Some(p) => expr::project(item, p),
                        None => item.clone(),
                    });
                }
            }
            responses.insert(name.clone(), found);
        }
        Ok(BatchGetItemOutput {
            responses,
            unprocessed_keys: BTreeMap::new(),
        })
    }

    // ------------------------------------------------------------- tags ---

    fn table_by_arn(&self, arn: &str) -> Result<String, ApiError> {
        let name = arn
            .strip_prefix(&format!(
                "arn:aws:dynamodb:{}:{}:table/",
                self.config.region, self.config.account_id
            ))
            .ok_or_else(|| {
                validation(format!(
                    "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
                ))
            })?;
        self.dynamodb_table(name)
            .filter(|t| t.status(self.now) != "DELETING")
            .map(|t| t.name.clone())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ResourceNotFoundException,
                    format!("Requested resource not found: ResourcArn: {arn} not found"),
                )
            })
    }

    pub(crate) fn dynamodb_tag_resource(
        &mut self,
        req: TagResourceInput,
    ) -> Result<DynamoDbEmpty, ApiError> {
        let name = self.table_by_arn(&req.resource_arn)?;
        if req.tags.is_empty() {
            return Err(constraint(
                "[]",
                "tags",
                "Member must have length greater than or equal to 1",
            ));
        }
        if let Some(t) = self.state.dynamodb.tables.get_mut(&name) {
            for tag in req.tags {
                t.tags.insert(tag.key, tag.value);
            }
        }
        Ok(DynamoDbEmpty {})
    }

    pub(crate) fn dynamodb_untag_resource(
        &mut self,
        req: UntagResourceInput,
    ) -> Result<DynamoDbEmpty, ApiError> {
        let name = self.table_by_arn(&req.resource_arn)?;
        if let Some(t) = self.state.dynamodb.tables.get_mut(&name) {
            for k in &req.tag_keys {
                t.tags.remove(k);
            }
        }
        Ok(DynamoDbEmpty {})
    }

    pub(crate) fn list_tags_of_resource(
        &mut self,
        req: ListTagsOfResourceInput,
    ) -> Result<ListTagsOfResourceOutput, ApiError> {
        let name = self.table_by_arn(&req.resource_arn)?;
        let tags = self
            .dynamodb_table(&name)
            .map(|t| {
                t.tags
                    .iter()
                    .map(|(k, v)| Tag {
                        key: k.clone(),
                        value: v.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(ListTagsOfResourceOutput { tags })
    }

    pub(crate) fn check_dynamodb_invariants(&self) -> Result<(), String> {
        for (name, t) in &self.state.dynamodb.tables {
            if &t.name != name {
                return Err(format!("table stored under '{name}' is named '{}'", t.name));
            }
            for (key, item) in &t.items {
                if Self::item_key(t, item).as_ref() != Ok(key) {
                    return Err(format!("table '{name}' keeps an item under another key"));
                }
            }
        }
        Ok(())
    }
}

fn conditional_failed() -> ApiError {
    ApiError::new(
        ErrorCode::ConditionalCheckFailedException,
        "The conditional request failed",
    )
}

/// A key attribute's value checked against its definition.
fn key_part(k: &KeyAttribute, v: &AttributeValue, in_key: bool) -> Result<KeyPart, ApiError> {
    if v.type_name() != k.kind {
        if in_key {
            return Err(validation(
                "The provided key element does not match the schema",
            ));
        }
        return Err(invalid(&format!(
            "Type mismatch for key {} expected: {} actual: {}",
            k.name,
            k.kind,
            v.type_name()
        )));
    }
    let empty = match v {
        AttributeValue::S(s) => s.is_empty().then_some("string"),
        AttributeValue::B(b) => b.is_empty().then_some("binary"),
        _ => None,
    };
    if let Some(what) = empty {
        return Err(validation(format!(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {what} value. Key: {}",
            k.name
        )));
    }
    v.key_part()
        .ok_or_else(|| validation("The provided key element does not match the schema"))
}

/// Splits a KeyConditionExpression into the partition key's value and the
/// sort key's condition.
fn key_condition(t: &Table, cond: &Cond) -> Result<(KeyPart, Option<Cond>), ApiError> {
    let mut parts = Vec::new();
    fn flatten<'c>(c: &'c Cond, out: &mut Vec<&'c Cond>) -> Result<(), ApiError> {
        match c {
            Cond::And(a, b) => {
                flatten(a, out)?;
                flatten(b, out)
            }
            Cond::Or(..) => Err(validation(
                "Invalid operator used in KeyConditionExpression: OR",
            )),
            Cond::Not(..) => Err(validation(
                "Invalid operator used in KeyConditionExpression: NOT",
            )),
            other => {
                out.push(other);
                Ok(())
            }
        }
    }
    flatten(cond, &mut parts)?;
    let unsupported = || validation("Query key condition not supported");
    let attribute = |c: &Cond| -> Result<String, ApiError> {
        let path: &Path = match c {
            Cond::Compare(Operand::Path(p), _, Operand::Value(_))
            | Cond::Between(Operand::Path(p), Operand::Value(_), Operand::Value(_))
            | Cond::BeginsWith(p, Operand::Value(_)) => p,
            Cond::Compare(..) | Cond::Between(..) | Cond::BeginsWith(..) => {
                return Err(unsupported());
            }
            Cond::In(..) => {
                return Err(validation(
                    "Invalid operator used in KeyConditionExpression: IN",
                ));
            }
            Cond::Contains(..) => {
                return Err(validation(
                    "Invalid operator used in KeyConditionExpression: contains",
                ));
            }
            _ => {
                return Err(validation(
                    "Invalid operator used in KeyConditionExpression: attribute_exists",
                ));
            }
        };
        match path.as_slice() {
            [Step::Name(n)] => Ok(n.clone()),
            _ => Err(unsupported()),
        }
    };
    let mut partition = None;
    let mut sort = None;
    let mut other_attribute = false;
    for c in parts {
        let name = attribute(c)?;
        if name == t.hash.name {
            if partition.is_some() {
                return Err(validation(
                    "KeyConditionExpressions must only contain one condition per key",
                ));
            }
            let Cond::Compare(_, Cmp::Eq, Operand::Value(v)) = c else {
                return Err(unsupported());
            };
            partition = Some(v.clone());
        } else if t.range.as_ref().is_some_and(|r| r.name == name) {
            if sort.is_some() {
                return Err(validation(
                    "KeyConditionExpressions must only contain one condition per key",
                ));
            }
            if matches!(c, Cond::Compare(_, Cmp::Ne, _)) {
                return Err(unsupported());
            }
            sort = Some(c.clone());
        } else {
            other_attribute = true;
        }
    }
    let Some(partition) = partition else {
        return Err(validation(format!(
            "Query condition missed key schema element: {}",
            t.hash.name
        )));
    };
    if other_attribute {
        return Err(unsupported());
    }
    let type_mismatch = || invalid("Condition parameter type does not match schema type");
    if partition.type_name() != t.hash.kind {
        return Err(type_mismatch());
    }
    if let (Some(c), Some(range)) = (&sort, &t.range) {
        let values: Vec<&AttributeValue> = match c {
            Cond::Compare(_, _, Operand::Value(v)) | Cond::BeginsWith(_, Operand::Value(v)) => {
                vec![v]
            }
            Cond::Between(_, Operand::Value(a), Operand::Value(b)) => vec![a, b],
            _ => Vec::new(),
        };
        if values.iter().any(|v| v.type_name() != range.kind) {
            return Err(type_mismatch());
        }
        if matches!(c, Cond::BeginsWith(..)) && range.kind == "N" {
            return Err(validation(
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
            ));
        }
    }
    let partition = partition.key_part().ok_or_else(type_mismatch)?;
    Ok((partition, sort))
}

/// What a Query or Scan returns of the items it reads.
struct Reading {
    count_only: bool,
    projection: Option<Vec<Path>>,
    filter: Option<Cond>,
}

impl Reading {
    fn new(
        select: &Option<String>,
        projection: &Option<String>,
        filter: &Option<String>,
        ph: &mut Placeholders,
    ) -> Result<Reading, ApiError> {
        let projection = match projection {
            Some(p) => Some(expr::parse_projection(p, ph)?),
            None => None,
        };
        let filter = match filter {
            Some(f) => Some(expr::parse_condition("FilterExpression", f, ph)?),
            None => None,
        };
        let count_only = match select.as_deref() {
            None => false,
            Some("ALL_ATTRIBUTES") if projection.is_some() => {
                return Err(validation(
                    "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES",
                ));
            }
            Some("ALL_ATTRIBUTES") => false,
            Some("SPECIFIC_ATTRIBUTES") if projection.is_none() => {
                return Err(validation(
                    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
                ));
            }
            Some("SPECIFIC_ATTRIBUTES") => false,
            Some("COUNT") if projection.is_some() => {
                return Err(validation(
                    "Cannot specify the ProjectionExpression when choosing to get COUNT",
                ));
            }
            Some("COUNT") => true,
            Some("ALL_PROJECTED_ATTRIBUTES") => {
                return Err(validation(
                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                ));
            }
            Some(other) => {
                return Err(constraint(
                    other,
                    "select",
                    "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
                ));
            }
        };
        Ok(Reading {
            count_only,
            projection,
            filter,
        })
    }

    /// One page: up to `limit` items read (and [`PAGE_BYTES`]), filtered,
    /// projected.
    fn page(
        &self,
        t: &Table,
        ordered: Vec<(&ItemKey, &Item)>,
        limit: Option<usize>,
    ) -> QueryOutput {
        let mut items = Vec::new();
        let mut scanned = 0u64;
        let mut bytes = 0u64;
        let mut last = None;
        let total = ordered.len();
        for (i, (_, item)) in ordered.into_iter().enumerate() {
            scanned += 1;
            bytes += value::item_size(item);
            if self.filter.as_ref().is_none_or(|f| expr::eval(f, item)) {
                items.push(match &self.projection {
                    Some(p) => expr::project(item, p),
                    None => item.clone(),
                });
            }
            let stop = limit.is_some_and(|l| scanned as usize >= l) || bytes >= PAGE_BYTES;
            if stop {
                // DynamoDB returns the key whenever the page stopped early,
                // even when nothing follows.
                if limit.is_some_and(|l| scanned as usize >= l) || i + 1 < total {
                    last = Some(t.key_of(item));
                }
                break;
            }
        }
        QueryOutput {
            count: items.len() as u64,
            scanned_count: scanned,
            items: (!self.count_only).then_some(items),
            last_evaluated_key: last,
        }
    }
}
