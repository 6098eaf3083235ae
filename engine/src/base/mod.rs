//! The base layer: helpers every service uses, in one place that knows no
//! service. No code here uses a service's module or types (only
//! `crate::error` for the errors pagination gives); what differs between
//! services (error codes, member names, token prefixes, how a resource is
//! looked up and how a failure is shown) is passed in as values or
//! closures. (The docs say where AWS prints each form.)
//!
//! - [`arn`]: building and reading ARNs, the last segment of a path.
//! - [`id`]: resource ids and UUIDs from well-mixed bits.
//! - [`hash`]: SplitMix64, FNV-1a and Fx (stable, seedable, not for security).
//! - [`sha256`]: SHA-256 for content digests; [`md5`]: MD5 for SQS message digests.
//! - [`hex`]: lowercase hex of bytes and numbers.
//! - [`base64`]: RFC 4648 base64, standard and URL-safe.
//! - [`glob`]: `*` and `?` wildcard patterns.
//! - [`ipv4`]: dotted-quad addresses and CIDR blocks.
//! - [`time`]: ISO 8601 and the other timestamp forms AWS and its tools print.
//! - [`schedule`]: `at`, `rate` and cron schedules, time zones, next firings.
//! - [`paginate`]: one token scheme and one page helper for List/Describe.
//! - [`describe`]: "describe these identifiers, collect failures".
//! - [`intern`]: reading `&'static str` fields back (the page's copy of a view).
//! - [`json`]: reading inputs from JSON values with one reader per shape.

pub mod arn;
pub mod base64;
pub mod describe;
pub mod glob;
pub mod hash;
pub mod hex;
pub mod id;
pub mod intern;
pub mod ipv4;
pub mod json;
pub mod md5;
pub mod paginate;
pub mod schedule;
pub mod sha256;
pub mod time;
