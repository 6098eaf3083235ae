//! Amazon S3 buckets and objects (botocore `s3`, F21.1–F21.5, F11.6):
//! CreateBucket, ListBuckets, HeadBucket, DeleteBucket, PutObject,
//! GetObject, HeadObject, ListObjectsV2, ListObjects, DeleteObject,
//! DeleteObjects, CopyObject, GetBucketLocation, Put/Get/DeleteBucketPolicy,
//! Put/GetBucketNotificationConfiguration, Put/Get/DeleteBucketTagging.
//!
//! - **Bucket names** (F21.1): 3–63 characters of lowercase letters,
//!   digits, `.` and `-`, beginning and ending with a letter or digit; not
//!   an IP address; no `..`, no `xn--` prefix, no `-s3alias` / `--ol-s3`
//!   suffix: else `InvalidBucketName`. Names are global (F21.2): MODEL, the
//!   names in [`TAKEN_BY_OTHER_ACCOUNTS`] belong to other accounts
//!   (`BucketAlreadyExists`); creating one of the account's own buckets
//!   again answers 200 in us-east-1 and `BucketAlreadyOwnedByYou`
//!   elsewhere (F21.2). At most [`MAX_BUCKETS`] buckets (F21.1's quota,
//!   `TooManyBuckets`). Outside us-east-1 CreateBucket needs
//!   `CreateBucketConfiguration.LocationConstraint` = the account's region.
//! - **Objects** (F21.3): a body of UTF-8 text (MODEL: the learner's files
//!   are text, and so are the bodies the command line sends), at most
//!   [`MAX_OBJECT_BYTES`] (over it: `EntityTooLarge`, saying it is the
//!   simulator's limit), at most [`MAX_OBJECTS_PER_BUCKET`] per bucket. The
//!   ETag is the quoted hex MD5 of the body, as S3 computes it for a
//!   single-part upload; `ContentType` defaults to `binary/octet-stream`;
//!   every object is encrypted with SSE-S3 (`ServerSideEncryption:
//!   AES256`, S3's default since January 2023). No versioning: one object
//!   per key, a PutObject replaces it.
//! - **ListObjectsV2** (F21.3): keys in UTF-8 byte order after `StartAfter`
//!   or the `ContinuationToken`, `Prefix`, `Delimiter` (keys with the
//!   delimiter after the prefix roll up into `CommonPrefixes`, each counted
//!   once against `MaxKeys`, default and maximum 1,000), `KeyCount`,
//!   `IsTruncated`, `NextContinuationToken`.
//! - **DeleteObject** answers 204 for a missing key too (F21.3, MODEL);
//!   DeleteBucket needs an empty bucket (`BucketNotEmpty`, F21.2).
//! - **Head** requests have no body, so their errors are the HTTP status
//!   (`404`, `Not Found`), as the AWS CLI prints them.
//! - **Bucket policies**: kept and validated as JSON documents
//!   (`MalformedPolicy`: JSON, a `Statement` list or object, each with
//!   `Effect` Allow|Deny, an `Action`, a `Principal`, and `Resource`s of
//!   this bucket, `arn:aws:s3:::b` or `arn:aws:s3:::b/…`). MODEL: an
//!   Allow grants nothing beyond the caller's identity policies (the
//!   account's own roles, F21.5); a `Deny` without `Condition` whose
//!   principal is `*` or names the caller's role, session or account
//!   refuses the `amazon/aws-cli` container's calls
//!   ([`Sim::bucket_policy_denies`]); the learner's own calls are the
//!   account's administrator's and are not checked.
//! - **EventBridge notifications** (F21.4): PutBucketNotificationConfiguration
//!   replaces the whole configuration; only `EventBridgeConfiguration: {}`
//!   is modelled (topic, queue and Lambda configurations are refused as
//!   not modelled). With it on, PutObject and CopyObject publish `Object
//!   Created` and DeleteObject(s) `Object Deleted` (source `aws.s3`) on the
//!   default bus in F11.6's shape (`engine/src/eventbridge.rs`), where
//!   EventBridge rules match them (`engine/src/events`).
//! - **IAM** (F21.5): buckets are `arn:aws:s3:::b`, objects
//!   `arn:aws:s3:::b/k` ([`bucket_arn`], [`object_arn`]); the `amazon/aws-cli`
//!   container's calls are checked against its task role
//!   (`engine/src/ecs/aws_cli.rs`).
//! - Not modelled (refused): ACLs, object lock, versions, multipart
//!   uploads, checksums, SSE-KMS and customer keys, requester pays,
//!   `ExpectedBucketOwner`, ranges and conditional requests.

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

use crate::base::md5;
use crate::base::paginate::Tokens;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// F21.1: the 2021 quota of buckets per account.
pub const MAX_BUCKETS: usize = 100;
/// MODEL: the largest object body kept, in bytes (the learner's files are
/// at most this big too, `files::MAX_FILE_BYTES`).
pub const MAX_OBJECT_BYTES: usize = 256 * 1024;
/// MODEL: the most objects one bucket holds.
pub const MAX_OBJECTS_PER_BUCKET: usize = 1_000;
/// F21.3: keys per ListObjectsV2 page, default and most.
pub const MAX_KEYS: usize = 1_000;
/// S3: a key is at most 1,024 bytes of UTF-8.
pub const MAX_KEY_BYTES: usize = 1_024;
/// S3's content type when none is given.
pub const DEFAULT_CONTENT_TYPE: &str = "binary/octet-stream";
/// MODEL: bucket names other accounts own (F21.2: the namespace is
/// shared), so that `BucketAlreadyExists` can be met.
pub const TAKEN_BY_OTHER_ACCOUNTS: &[&str] = &[
    "aws",
    "amazon",
    "bucket",
    "example",
    "test",
    "test-bucket",
    "images",
    "uploads",
];
/// MODEL: the source address S3 events show for the learner's own calls
/// (an address of the documentation range, RFC 5737).
pub const LEARNER_SOURCE_IP: &str = "203.0.113.10";
/// ListObjectsV2's continuation tokens (the key to start after).
const TOKENS: Tokens = Tokens::new("stv1-s3-");
/// ListBuckets's continuation tokens.
const BUCKET_TOKENS: Tokens = Tokens::new("stv1-s3b-");

/// `arn:aws:s3:::<bucket>` (F21.5).
pub fn bucket_arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

/// `arn:aws:s3:::<bucket>/<key>` (F21.5).
pub fn object_arn(bucket: &str, key: &str) -> String {
    format!("arn:aws:s3:::{bucket}/{key}")
}

/// The ETag S3 gives a single-part upload: the hex MD5 of the body, quoted.
pub fn etag_of(body: impl AsRef<[u8]>) -> String {
    format!("\"{}\"", md5::hex(body.as_ref()))
}

/// An object's bytes (botocore's `Body` blob). As JSON (commands, the
/// journal, `stevedore run --json`) UTF-8 text is a plain string, as the
/// command line sends it, and any other bytes are `{"Base64": "…"}`, so
/// binary objects that `stevedore serve` receives round-trip exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes as text, invalid UTF-8 replaced (the simulated command
    /// line's files and containers read text).
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Blob {
        Blob(text.into_bytes())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Blob {
        Blob(text.as_bytes().to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl PartialEq<&str> for Blob {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match std::str::from_utf8(&self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Base64", &crate::base::base64::encode(&self.0))?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Bytes {
                #[serde(rename = "Base64")]
                base64: String,
            },
        }
        match Repr::deserialize(deserializer)? {
            Repr::Text(text) => Ok(Blob(text.into_bytes())),
            Repr::Bytes { base64 } => crate::base::base64::decode(&base64)
                .map(Blob)
                .ok_or_else(|| serde::de::Error::custom("Body.Base64 is not valid base64")),
        }
    }
}

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateBucketConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_constraint: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateBucketRequest {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_bucket_configuration: Option<CreateBucketConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketOutput {
    pub location: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListBucketsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_buckets: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketEntry {
    pub name: String,
    /// Epoch seconds (the CLI prints ISO 8601).
    pub creation_date: f64,
    /// Only when the request had a parameter (S3 API reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owner {
    #[serde(rename = "ID")]
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsOutput {
    pub buckets: Vec<BucketEntry>,
    pub owner: Owner,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// The input of the operations that name only a bucket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BucketRequest {
    pub bucket: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketOutput {
    pub bucket_region: String,
    pub access_point_alias: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct S3Empty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutObjectRequest {
    pub bucket: String,
    pub key: String,
    /// The object's content (see [`Blob`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Blob>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectOutput {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub server_side_encryption: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ObjectRequest {
    pub bucket: String,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectOutput {
    pub accept_ranges: &'static str,
    /// Epoch seconds.
    pub last_modified: f64,
    pub content_length: u64,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub content_type: String,
    pub server_side_encryption: &'static str,
    pub metadata: BTreeMap<String, String>,
    /// The content (the AWS CLI writes it to its outfile; HeadObject has
    /// none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Blob>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListObjectsV2Request {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_keys: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectEntry {
    pub key: String,
    pub last_modified: f64,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: u64,
    pub storage_class: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsV2Output {
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ObjectEntry>,
    pub name: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
    pub key_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
}

/// ListObjects (version 1): a `Marker` to start after instead of a
/// continuation token.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListObjectsRequest {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_keys: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectEntryV1 {
    pub key: String,
    pub last_modified: f64,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: u64,
    pub storage_class: &'static str,
    pub owner: Owner,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsOutput {
    pub is_truncated: bool,
    pub marker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ObjectEntryV1>,
    pub name: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
}

/// GetBucketLocation: `null` for us-east-1 (S3 API reference: "Buckets in
/// Region us-east-1 have a LocationConstraint of null").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocationOutput {
    pub location_constraint: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ObjectIdentifier {
    pub key: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Delete {
    pub objects: Vec<ObjectIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteObjectsRequest {
    pub bucket: String,
    pub delete: Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletedObject {
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectsOutput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<DeletedObject>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopyObjectRequest {
    pub bucket: String,
    pub key: String,
    /// `source-bucket/source-key` (a leading `/` is allowed).
    pub copy_source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_directive: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub last_modified: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectOutput {
    pub server_side_encryption: &'static str,
    pub copy_object_result: CopyObjectResult,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutBucketPolicyRequest {
    pub bucket: String,
    pub policy: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyOutput {
    pub policy: String,
}

/// BOTO-S3 NotificationConfiguration: only the EventBridge part is
/// modelled; the others are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NotificationConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bridge_configuration: Option<EventBridgeConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_configurations: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_configurations: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_function_configurations: Option<Vec<Value>>,
}

/// `{}`: EventBridge gets all of the bucket's events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBridgeConfiguration {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutBucketNotificationConfigurationRequest {
    pub bucket: String,
    pub notification_configuration: NotificationConfiguration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_destination_validation: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NotificationConfigurationOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_bridge_configuration: Option<EventBridgeConfiguration>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tagging {
    pub tag_set: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutBucketTaggingRequest {
    pub bucket: String,
    pub tagging: Tagging,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketTaggingOutput {
    pub tag_set: Vec<Tag>,
}

// ------------------------------------------------------------ state ---

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub body: Blob,
    /// Quoted hex MD5 of the body.
    pub etag: String,
    pub content_type: String,
    pub metadata: BTreeMap<String, String>,
    pub last_modified: SimTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub created: SimTime,
    pub objects: BTreeMap<String, Object>,
    pub policy: Option<String>,
    /// `EventBridgeConfiguration` on (F21.4).
    pub eventbridge: bool,
    pub tags: Vec<Tag>,
}

impl Bucket {
    /// Bytes of all its objects.
    pub fn bytes(&self) -> u64 {
        self.objects.values().map(|o| o.body.len() as u64).sum()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3State {
    pub buckets: BTreeMap<String, Bucket>,
    /// Object events published (the `sequencer`'s and `request-id`'s
    /// input).
    pub events: u64,
}

/// Who made a request, for the events it publishes (F11.6 `requester`,
/// `source-ip-address`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    pub account: String,
    pub source_ip: String,
}

// ----------------------------------------------------------- errors ---

pub(crate) fn no_bucket() -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchBucket,
        "The specified bucket does not exist",
    )
}

pub(crate) fn no_key() -> ApiError {
    ApiError::new(ErrorCode::NoSuchKey, "The specified key does not exist.")
}

fn not_found_head() -> ApiError {
    ApiError::new(ErrorCode::HttpNotFound, "Not Found")
}

fn malformed_policy(why: &str) -> ApiError {
    ApiError::new(ErrorCode::MalformedPolicy, why)
}

/// F21.1: whether `name` is a valid bucket name.
pub fn valid_bucket_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ip = name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()));
    (3..=63).contains(&bytes.len())
        && bytes.iter().all(|&c| edge(c) || c == b'.' || c == b'-')
        && edge(bytes[0])
        && edge(bytes[bytes.len() - 1])
        && !name.contains("..")
        && !name.contains(".-")
        && !name.contains("-.")
        && !ip
        && !name.starts_with("xn--")
        && !name.starts_with("sthree-")
        && !name.ends_with("-s3alias")
        && !name.ends_with("--ol-s3")
}

fn check_bucket_name(name: &str) -> Result<(), ApiError> {
    if valid_bucket_name(name) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidBucketName,
            "The specified bucket is not valid.",
        ))
    }
}

fn check_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidArgument,
            "A key must be at least one character long.",
        ));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(ApiError::new(
            ErrorCode::KeyTooLongError,
            "Your key is too long",
        ));
    }
    Ok(())
}

fn check_body(body: &Blob) -> Result<(), ApiError> {
    if body.len() > MAX_OBJECT_BYTES {
        return Err(ApiError::new(
            ErrorCode::EntityTooLarge,
            format!(
                "Your proposed upload exceeds the maximum allowed size (the simulator keeps objects of at most {MAX_OBJECT_BYTES} bytes; this one has {}).",
                body.len()
            ),
        ));
    }
    Ok(())
}

/// Checks a bucket policy document (see the module docs).
fn check_policy(bucket: &str, text: &str) -> Result<(), ApiError> {
    let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(text) else {
        return Err(malformed_policy(
            "Policies must be valid JSON and the first byte must be '{'",
        ));
    };
    if let Some(v) = doc.get("Version")
        && !matches!(v.as_str(), Some("2012-10-17" | "2008-10-17"))
    {
        return Err(malformed_policy(
            "The policy must contain a valid version string",
        ));
    }
    let statements = match doc.get("Statement") {
        Some(Value::Array(a)) if !a.is_empty() => a.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => return Err(malformed_policy("Missing required field Statement")),
    };
    for st in &statements {
        match st.get("Effect").and_then(Value::as_str) {
            Some("Allow" | "Deny") => {}
            _ => return Err(malformed_policy("Invalid effect")),
        }
        if st.get("Principal").is_none() && st.get("NotPrincipal").is_none() {
            return Err(malformed_policy("Missing required field Principal"));
        }
        if st.get("Action").is_none() && st.get("NotAction").is_none() {
            return Err(malformed_policy("Missing required field Action"));
        }
        let resources: Vec<&str> = match st.get("Resource") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => return Err(malformed_policy("Missing required field Resource")),
        };
        let own = bucket_arn(bucket);
        if resources
            .iter()
            .any(|r| *r != own && !r.starts_with(&format!("{own}/")))
        {
            return Err(malformed_policy("Policy has invalid resource"));
        }
    }
    Ok(())
}

// --------------------------------------------------------- handlers ---

impl Sim {
    fn bucket(&self, name: &str) -> Result<&Bucket, ApiError> {
        self.state.s3.buckets.get(name).ok_or_else(no_bucket)
    }

    fn bucket_mut(&mut self, name: &str) -> Result<&mut Bucket, ApiError> {
        self.state.s3.buckets.get_mut(name).ok_or_else(no_bucket)
    }

    fn epoch_seconds(&self, t: SimTime) -> f64 {
        self.epoch_ms(t) as f64 / 1000.0
    }

    /// The requester of the learner's own calls.
    fn learner(&self) -> Requester {
        Requester {
            account: self.config.account_id.clone(),
            source_ip: LEARNER_SOURCE_IP.to_owned(),
        }
    }

    pub(crate) fn create_bucket(
        &mut self,
        req: CreateBucketRequest,
    ) -> Result<CreateBucketOutput, ApiError> {
        check_bucket_name(&req.bucket)?;
        let region = self.config.region.clone();
        let constraint = req
            .create_bucket_configuration
            .as_ref()
            .and_then(|c| c.location_constraint.clone());
        match (region.as_str(), constraint.as_deref()) {
            ("us-east-1", None) => {}
            ("us-east-1", Some(_)) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidLocationConstraint,
                    "The specified location-constraint is not valid",
                ));
            }
            (_, None) => {
                return Err(ApiError::new(
                    ErrorCode::IllegalLocationConstraintException,
                    "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
                ));
            }
            (r, Some(c)) if r != c => {
                return Err(ApiError::new(
                    ErrorCode::IllegalLocationConstraintException,
                    format!(
                        "The {c} location constraint is incompatible for the region specific endpoint this request was sent to."
                    ),
                ));
            }
            _ => {}
        }
        if self.state.s3.buckets.contains_key(&req.bucket) {
            // F21.2: us-east-1 answers 200 for a bucket you already own.
            if region == "us-east-1" {
                return Ok(CreateBucketOutput {
                    location: format!("/{}", req.bucket),
                });
            }
            return Err(ApiError::new(
                ErrorCode::BucketAlreadyOwnedByYou,
                "Your previous request to create the named bucket succeeded and you already own it.",
            ));
        }
        if TAKEN_BY_OTHER_ACCOUNTS.contains(&req.bucket.as_str()) {
            return Err(ApiError::new(
                ErrorCode::BucketAlreadyExists,
                "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
            ));
        }
        if self.state.s3.buckets.len() >= MAX_BUCKETS {
            return Err(ApiError::new(
                ErrorCode::TooManyBuckets,
                "You have attempted to create more buckets than allowed",
            ));
        }
        let location = if region == "us-east-1" {
            format!("/{}", req.bucket)
        } else {
            format!("http://{}.s3.amazonaws.com/", req.bucket)
        };
        self.state.s3.buckets.insert(
            req.bucket.clone(),
            Bucket {
                name: req.bucket,
                created: self.now,
                objects: BTreeMap::new(),
                policy: None,
                eventbridge: false,
                tags: Vec::new(),
            },
        );
        Ok(CreateBucketOutput { location })
    }

    pub(crate) fn list_buckets(
        &mut self,
        req: ListBucketsRequest,
    ) -> Result<ListBucketsOutput, ApiError> {
        let limit = match req.max_buckets {
            None => usize::MAX,
            Some(n) if (1..=10_000).contains(&n) => n as usize,
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidArgument,
                    "Argument max-buckets must be an integer between 1 and 10000.",
                ));
            }
        };
        if let Some(r) = &req.bucket_region
            && r != &self.config.region
        {
            return Ok(ListBucketsOutput {
                buckets: Vec::new(),
                owner: self.s3_owner(),
                continuation_token: None,
                prefix: req.prefix,
            });
        }
        let after = match &req.continuation_token {
            None => None,
            Some(t) => Some(BUCKET_TOKENS.decode(t).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidArgument,
                    "The continuation token provided is incorrect",
                )
            })?),
        };
        let prefix = req.prefix.clone().unwrap_or_default();
        let any_parameter = req.max_buckets.is_some()
            || req.continuation_token.is_some()
            || req.prefix.is_some()
            || req.bucket_region.is_some();
        let mut matching = self.state.s3.buckets.values().filter(|b| {
            b.name.starts_with(&prefix)
                && after.as_ref().is_none_or(|a| b.name.as_str() > a.as_str())
        });
        let mut buckets = Vec::new();
        let mut next = None;
        for b in matching.by_ref() {
            if buckets.len() == limit {
                break;
            }
            buckets.push(BucketEntry {
                name: b.name.clone(),
                creation_date: self.epoch_seconds(b.created),
                bucket_region: any_parameter.then(|| self.config.region.clone()),
            });
        }
        if buckets.len() == limit
            && let Some(last) = buckets.last()
            && self
                .state
                .s3
                .buckets
                .keys()
                .any(|k| k.starts_with(&prefix) && k.as_str() > last.name.as_str())
        {
            next = Some(BUCKET_TOKENS.encode(&last.name));
        }
        Ok(ListBucketsOutput {
            buckets,
            owner: self.s3_owner(),
            continuation_token: next,
            prefix: req.prefix,
        })
    }

    /// The account's canonical user id (MODEL: 64 hex digits from the
    /// account id).
    fn s3_owner(&self) -> Owner {
        let a = md5::hex(self.config.account_id.as_bytes());
        let b = md5::hex(format!("{}-s3", self.config.account_id).as_bytes());
        Owner {
            id: format!("{a}{b}"),
        }
    }

    pub(crate) fn head_bucket(&mut self, req: BucketRequest) -> Result<HeadBucketOutput, ApiError> {
        if !self.state.s3.buckets.contains_key(&req.bucket) {
            return Err(not_found_head());
        }
        Ok(HeadBucketOutput {
            bucket_region: self.config.region.clone(),
            access_point_alias: false,
        })
    }

    pub(crate) fn delete_bucket(&mut self, req: BucketRequest) -> Result<S3Empty, ApiError> {
        let bucket = self.bucket(&req.bucket)?;
        if !bucket.objects.is_empty() {
            return Err(ApiError::new(
                ErrorCode::BucketNotEmpty,
                "The bucket you tried to delete is not empty",
            ));
        }
        self.state.s3.buckets.remove(&req.bucket);
        Ok(S3Empty {})
    }

    pub(crate) fn put_object(
        &mut self,
        req: PutObjectRequest,
    ) -> Result<PutObjectOutput, ApiError> {
        let requester = self.learner();
        self.s3_put(req, &requester)
    }

    /// PutObject for `requester` (the learner, or a container's role).
    pub(crate) fn s3_put(
        &mut self,
        req: PutObjectRequest,
        requester: &Requester,
    ) -> Result<PutObjectOutput, ApiError> {
        check_key(&req.key)?;
        let body = req.body.unwrap_or_default();
        check_body(&body)?;
        let bucket = self.bucket(&req.bucket)?;
        if !bucket.objects.contains_key(&req.key) && bucket.objects.len() >= MAX_OBJECTS_PER_BUCKET
        {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!(
                    "The simulator keeps at most {MAX_OBJECTS_PER_BUCKET} objects per bucket; delete some first."
                ),
            ));
        }
        let etag = etag_of(&body);
        let object = Object {
            body,
            etag: etag.clone(),
            content_type: req
                .content_type
                .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned()),
            metadata: req.metadata,
            last_modified: self.now,
        };
        self.store_object(&req.bucket, &req.key, object, "PutObject", requester)?;
        Ok(PutObjectOutput {
            etag,
            server_side_encryption: "AES256",
        })
    }

    /// Stores an object and publishes `Object Created` if the bucket sends
    /// events to EventBridge.
    fn store_object(
        &mut self,
        bucket: &str,
        key: &str,
        object: Object,
        reason: &'static str,
        requester: &Requester,
    ) -> Result<(), ApiError> {
        let size = object.body.len() as u64;
        let etag = object.etag.trim_matches('"').to_owned();
        let b = self.bucket_mut(bucket)?;
        b.objects.insert(key.to_owned(), object);
        let notify = b.eventbridge;
        if notify {
            self.emit_object_event(bucket, key, Some((size, etag)), reason, requester);
        }
        Ok(())
    }

    fn emit_object_event(
        &mut self,
        bucket: &str,
        key: &str,
        created: Option<(u64, String)>,
        reason: &'static str,
        requester: &Requester,
    ) {
        self.state.s3.events += 1;
        let n = self.state.s3.events;
        // F11.6: `sequencer` orders the events of one key (hex, growing
        // with time); `request-id` is 16 uppercase letters and digits.
        let sequencer = format!("{:012x}{:04x}", self.epoch_ms(self.now), n & 0xffff);
        let mut h = crate::base::hash::splitmix64(self.config.seed ^ n.wrapping_mul(0x9e37));
        let mut request_id = String::with_capacity(16);
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for _ in 0..16 {
            request_id.push(ALPHABET[(h % 36) as usize] as char);
            h /= 36;
            if h == 0 {
                h = crate::base::hash::splitmix64(n ^ 0x5eed);
            }
        }
        let (size, etag) = match created {
            Some((s, e)) => (Some(s), Some(e)),
            None => (None, None),
        };
        self.emit(EventKind::S3ObjectChanged {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            created: size.is_some(),
            size,
            etag,
            sequencer,
            request_id,
            requester: requester.account.clone(),
            source_ip: requester.source_ip.clone(),
            reason: reason.to_owned(),
        });
    }

    pub(crate) fn get_object(&mut self, req: ObjectRequest) -> Result<GetObjectOutput, ApiError> {
        self.s3_get(&req.bucket, &req.key, true)
    }

    pub(crate) fn head_object(&mut self, req: ObjectRequest) -> Result<GetObjectOutput, ApiError> {
        if !self.state.s3.buckets.contains_key(&req.bucket) {
            return Err(not_found_head());
        }
        self.s3_get(&req.bucket, &req.key, false)
            .map_err(|_| not_found_head())
    }

    /// An object's metadata, and its body if `with_body`.
    pub(crate) fn s3_get(
        &self,
        bucket: &str,
        key: &str,
        with_body: bool,
    ) -> Result<GetObjectOutput, ApiError> {
        let o = self.bucket(bucket)?.objects.get(key).ok_or_else(no_key)?;
        Ok(GetObjectOutput {
            accept_ranges: "bytes",
            last_modified: self.epoch_seconds(o.last_modified),
            content_length: o.body.len() as u64,
            etag: o.etag.clone(),
            content_type: o.content_type.clone(),
            server_side_encryption: "AES256",
            metadata: o.metadata.clone(),
            body: with_body.then(|| o.body.clone()),
        })
    }

    pub(crate) fn list_objects_v2(
        &mut self,
        req: ListObjectsV2Request,
    ) -> Result<ListObjectsV2Output, ApiError> {
        self.s3_list(req).map(|(page, _)| page)
    }

    /// ListObjectsV2 (see the module docs), and the key the next page
    /// starts after when this one is truncated (ListObjects' NextMarker).
    pub(crate) fn s3_list(
        &self,
        req: ListObjectsV2Request,
    ) -> Result<(ListObjectsV2Output, Option<String>), ApiError> {
        let max = match req.max_keys {
            None => MAX_KEYS,
            Some(n) if n >= 0 => (n as usize).min(MAX_KEYS),
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidArgument,
                    "Provided max-keys not an integer or within integer range",
                ));
            }
        };
        let bucket = self.bucket(&req.bucket)?;
        let after = match &req.continuation_token {
            Some(t) => Some(TOKENS.decode(t).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidArgument,
                    "The continuation token provided is incorrect",
                )
            })?),
            None => req.start_after.clone(),
        };
        let prefix = req.prefix.clone().unwrap_or_default();
        let delimiter = req.delimiter.clone().filter(|d| !d.is_empty());
        let mut contents = Vec::new();
        let mut prefixes: Vec<CommonPrefix> = Vec::new();
        let mut last_key: Option<String> = None;
        let mut truncated = false;
        let start = after.clone().unwrap_or_default();
        let range = bucket
            .objects
            .range::<String, _>((std::ops::Bound::Excluded(start), std::ops::Bound::Unbounded))
            .filter(|(k, _)| k.starts_with(&prefix));
        for (key, o) in range {
            // A key under a common prefix already listed is part of it.
            let rolled = delimiter.as_ref().and_then(|d| {
                key[prefix.len()..]
                    .find(d.as_str())
                    .map(|i| key[..prefix.len() + i + d.len()].to_owned())
            });
            if let Some(p) = &rolled
                && prefixes.last().is_some_and(|last| &last.prefix == p)
            {
                last_key = Some(key.clone());
                continue;
            }
            if contents.len() + prefixes.len() == max {
                truncated = true;
                break;
            }
            match rolled {
                Some(p) => prefixes.push(CommonPrefix { prefix: p }),
                None => contents.push(ObjectEntry {
                    key: key.clone(),
                    last_modified: self.epoch_seconds(o.last_modified),
                    etag: o.etag.clone(),
                    size: o.body.len() as u64,
                    storage_class: "STANDARD",
                }),
            }
            last_key = Some(key.clone());
        }
        let key_count = (contents.len() + prefixes.len()) as u64;
        let resume_after = last_key.filter(|_| truncated);
        let page = ListObjectsV2Output {
            is_truncated: truncated,
            contents,
            name: req.bucket,
            prefix,
            delimiter,
            max_keys: max as u64,
            common_prefixes: prefixes,
            key_count,
            continuation_token: req.continuation_token,
            next_continuation_token: resume_after.as_deref().map(|k| TOKENS.encode(k)),
            start_after: req.start_after,
        };
        Ok((page, resume_after))
    }

    /// ListObjects, version 1 (module docs): the same listing as
    /// ListObjectsV2, from `Marker`; each entry with its `Owner`. S3 gives
    /// `NextMarker` only with a `Delimiter` (else the last key is the next
    /// marker, S3 API reference); it is the last key read, so a common
    /// prefix is not listed again on the next page.
    pub(crate) fn list_objects(
        &mut self,
        req: ListObjectsRequest,
    ) -> Result<ListObjectsOutput, ApiError> {
        let (page, resume_after) = self.s3_list(ListObjectsV2Request {
            bucket: req.bucket.clone(),
            prefix: req.prefix.clone(),
            delimiter: req.delimiter.clone(),
            max_keys: req.max_keys,
            continuation_token: None,
            start_after: req.marker.clone(),
        })?;
        let owner = self.s3_owner();
        let next_marker = resume_after.filter(|_| page.delimiter.is_some());
        Ok(ListObjectsOutput {
            is_truncated: page.is_truncated,
            marker: req.marker.unwrap_or_default(),
            next_marker,
            contents: page
                .contents
                .into_iter()
                .map(|o| ObjectEntryV1 {
                    key: o.key,
                    last_modified: o.last_modified,
                    etag: o.etag,
                    size: o.size,
                    storage_class: o.storage_class,
                    owner: owner.clone(),
                })
                .collect(),
            name: page.name,
            prefix: page.prefix,
            delimiter: page.delimiter,
            max_keys: page.max_keys,
            common_prefixes: page.common_prefixes,
        })
    }

    /// GetBucketLocation: the bucket's Region, `null` for us-east-1.
    pub(crate) fn get_bucket_location(
        &mut self,
        req: BucketRequest,
    ) -> Result<GetBucketLocationOutput, ApiError> {
        self.bucket(&req.bucket)?;
        let region = &self.config.region;
        Ok(GetBucketLocationOutput {
            location_constraint: (region != "us-east-1").then(|| region.clone()),
        })
    }

    pub(crate) fn delete_object(&mut self, req: ObjectRequest) -> Result<S3Empty, ApiError> {
        let requester = self.learner();
        self.s3_delete(&req.bucket, &req.key, "DeleteObject", &requester)?;
        Ok(S3Empty {})
    }

    /// Deletes a key (nothing for a missing one, F21.3) and publishes
    /// `Object Deleted` when there was one and the bucket sends events.
    pub(crate) fn s3_delete(
        &mut self,
        bucket: &str,
        key: &str,
        reason: &'static str,
        requester: &Requester,
    ) -> Result<(), ApiError> {
        check_key(key)?;
        let b = self.bucket_mut(bucket)?;
        let existed = b.objects.remove(key).is_some();
        if existed && b.eventbridge {
            self.emit_object_event(bucket, key, None, reason, requester);
        }
        Ok(())
    }

    pub(crate) fn delete_objects(
        &mut self,
        req: DeleteObjectsRequest,
    ) -> Result<DeleteObjectsOutput, ApiError> {
        self.bucket(&req.bucket)?;
        if req.delete.objects.is_empty() || req.delete.objects.len() > 1000 {
            return Err(ApiError::new(
                ErrorCode::MalformedXML,
                "The XML you provided was not well-formed or did not validate against our published schema",
            ));
        }
        for o in &req.delete.objects {
            check_key(&o.key)?;
        }
        let requester = self.learner();
        let mut deleted = Vec::new();
        for o in req.delete.objects {
            // F21.4: each key deleted is its own `Object Deleted` event
            // (reason DeleteObjects).
            self.s3_delete(&req.bucket, &o.key, "DeleteObjects", &requester)?;
            deleted.push(DeletedObject { key: o.key });
        }
        if req.delete.quiet == Some(true) {
            deleted.clear();
        }
        Ok(DeleteObjectsOutput { deleted })
    }

    pub(crate) fn copy_object(
        &mut self,
        req: CopyObjectRequest,
    ) -> Result<CopyObjectOutput, ApiError> {
        check_key(&req.key)?;
        let source = req.copy_source.trim_start_matches('/');
        let Some((src_bucket, src_key)) = source
            .split_once('/')
            .filter(|(b, k)| !b.is_empty() && !k.is_empty())
        else {
            return Err(ApiError::new(
                ErrorCode::InvalidArgument,
                "Invalid copy source object key",
            ));
        };
        if src_key.contains("?versionId=") {
            return Err(ApiError::unsupported("CopyObject", "object versions"));
        }
        let replace = match req.metadata_directive.as_deref() {
            None | Some("COPY") => false,
            Some("REPLACE") => true,
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidArgument,
                    "Unknown metadata directive.",
                ));
            }
        };
        let mut object = self
            .bucket(src_bucket)?
            .objects
            .get(src_key)
            .cloned()
            .ok_or_else(no_key)?;
        self.bucket(&req.bucket)?;
        if !replace && src_bucket == req.bucket && src_key == req.key {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
            ));
        }
        if replace {
            object.metadata = req.metadata;
            object.content_type = req
                .content_type
                .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
        }
        object.last_modified = self.now;
        let result = CopyObjectResult {
            etag: object.etag.clone(),
            last_modified: self.epoch_seconds(self.now),
        };
        let requester = self.learner();
        self.store_object(&req.bucket, &req.key, object, "CopyObject", &requester)?;
        Ok(CopyObjectOutput {
            server_side_encryption: "AES256",
            copy_object_result: result,
        })
    }

    pub(crate) fn put_bucket_policy(
        &mut self,
        req: PutBucketPolicyRequest,
    ) -> Result<S3Empty, ApiError> {
        self.bucket(&req.bucket)?;
        check_policy(&req.bucket, &req.policy)?;
        self.bucket_mut(&req.bucket)?.policy = Some(req.policy);
        Ok(S3Empty {})
    }

    pub(crate) fn get_bucket_policy(
        &mut self,
        req: BucketRequest,
    ) -> Result<GetBucketPolicyOutput, ApiError> {
        let policy = self.bucket(&req.bucket)?.policy.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::NoSuchBucketPolicy,
                "The bucket policy does not exist",
            )
        })?;
        Ok(GetBucketPolicyOutput { policy })
    }

    pub(crate) fn delete_bucket_policy(&mut self, req: BucketRequest) -> Result<S3Empty, ApiError> {
        self.bucket_mut(&req.bucket)?.policy = None;
        Ok(S3Empty {})
    }

    pub(crate) fn put_bucket_notification_configuration(
        &mut self,
        req: PutBucketNotificationConfigurationRequest,
    ) -> Result<S3Empty, ApiError> {
        self.bucket(&req.bucket)?;
        let c = &req.notification_configuration;
        let op = "PutBucketNotificationConfiguration";
        if c.topic_configurations
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            return Err(ApiError::unsupported(op, "TopicConfigurations"));
        }
        if c.queue_configurations
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            return Err(ApiError::unsupported(op, "QueueConfigurations"));
        }
        if c.lambda_function_configurations
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            return Err(ApiError::unsupported(op, "LambdaFunctionConfigurations"));
        }
        // F21.4: the whole configuration is replaced.
        self.bucket_mut(&req.bucket)?.eventbridge = c.event_bridge_configuration.is_some();
        Ok(S3Empty {})
    }

    pub(crate) fn get_bucket_notification_configuration(
        &mut self,
        req: BucketRequest,
    ) -> Result<NotificationConfigurationOutput, ApiError> {
        let on = self.bucket(&req.bucket)?.eventbridge;
        Ok(NotificationConfigurationOutput {
            event_bridge_configuration: on.then(EventBridgeConfiguration::default),
        })
    }

    pub(crate) fn put_bucket_tagging(
        &mut self,
        req: PutBucketTaggingRequest,
    ) -> Result<S3Empty, ApiError> {
        self.bucket(&req.bucket)?;
        let tags = req.tagging.tag_set;
        if tags.len() > 50 {
            return Err(ApiError::new(
                ErrorCode::InvalidTag,
                "Object tags cannot be greater than 50",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &tags {
            if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
                return Err(ApiError::new(
                    ErrorCode::InvalidTag,
                    "The TagKey you have provided is invalid",
                ));
            }
            if t.key.starts_with("aws:") {
                return Err(ApiError::new(
                    ErrorCode::InvalidTag,
                    "Your TagKey cannot be prefixed with aws:",
                ));
            }
            if !seen.insert(t.key.clone()) {
                return Err(ApiError::new(
                    ErrorCode::InvalidTag,
                    "Cannot provide multiple Tags with the same key",
                ));
            }
        }
        self.bucket_mut(&req.bucket)?.tags = tags;
        Ok(S3Empty {})
    }

    pub(crate) fn get_bucket_tagging(
        &mut self,
        req: BucketRequest,
    ) -> Result<GetBucketTaggingOutput, ApiError> {
        let b = self.bucket(&req.bucket)?;
        if b.tags.is_empty() {
            return Err(ApiError::new(
                ErrorCode::NoSuchTagSet,
                "The TagSet does not exist",
            ));
        }
        Ok(GetBucketTaggingOutput {
            tag_set: b.tags.clone(),
        })
    }

    pub(crate) fn delete_bucket_tagging(
        &mut self,
        req: BucketRequest,
    ) -> Result<S3Empty, ApiError> {
        self.bucket_mut(&req.bucket)?.tags.clear();
        Ok(S3Empty {})
    }

    /// Whether `bucket`'s policy has a `Deny` statement (without
    /// `Condition`, which is not evaluated) for `action` on `resource` whose
    /// principal is `*` or one of `principals` (the role, its session, the
    /// account).
    pub(crate) fn bucket_policy_denies(
        &self,
        bucket: &str,
        principals: &[&str],
        action: &str,
        resource: &str,
    ) -> bool {
        use crate::base::glob::wildcard_match;
        let Some(policy) = self
            .state
            .s3
            .buckets
            .get(bucket)
            .and_then(|b| b.policy.as_deref())
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
        else {
            return false;
        };
        let texts = |v: Option<&Value>| -> Vec<String> {
            match v {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let statements = match policy.get("Statement") {
            Some(Value::Array(a)) => a.clone(),
            Some(one @ Value::Object(_)) => vec![one.clone()],
            _ => Vec::new(),
        };
        statements.iter().any(|st| {
            if st.get("Effect").and_then(Value::as_str) != Some("Deny")
                || st.get("Condition").is_some()
            {
                return false;
            }
            let principal = match st.get("Principal") {
                Some(Value::String(s)) => s == "*",
                Some(p @ Value::Object(_)) => texts(p.get("AWS"))
                    .iter()
                    .any(|a| a == "*" || principals.contains(&a.as_str())),
                _ => false,
            };
            principal
                && texts(st.get("Action"))
                    .iter()
                    .any(|a| wildcard_match(&a.to_ascii_lowercase(), &action.to_ascii_lowercase()))
                && texts(st.get("Resource"))
                    .iter()
                    .any(|r| wildcard_match(r, resource))
        })
    }

    /// S3 invariants: every bucket name is valid; every object's ETag is
    /// its body's MD5 and its body within the MODEL cap.
    pub(crate) fn check_s3_invariants(&self) -> Result<(), String> {
        if self.state.s3.buckets.len() > MAX_BUCKETS {
            return Err(format!("{} buckets", self.state.s3.buckets.len()));
        }
        for (name, b) in &self.state.s3.buckets {
            if name != &b.name || !valid_bucket_name(name) {
                return Err(format!("bucket {name} is not a valid name"));
            }
            if b.objects.len() > MAX_OBJECTS_PER_BUCKET {
                return Err(format!("bucket {name} holds {} objects", b.objects.len()));
            }
            for (key, o) in &b.objects {
                if o.etag != etag_of(&o.body) || o.body.len() > MAX_OBJECT_BYTES {
                    return Err(format!("object {name}/{key} has a wrong ETag or size"));
                }
            }
        }
        Ok(())
    }
}
