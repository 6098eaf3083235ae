//! The base layer: helpers every service uses, in one place that knows no
//! service. Nothing here names ECS, EC2, ECR, IAM, Auto Scaling or
//! EventBridge; what differs between services (error codes, member names,
//! how a resource is looked up) is passed in as values or closures.
//!
//! - [`arn`]: building and reading ARNs, the last segment of a path.
//! - [`id`]: resource ids and UUIDs from well-mixed bits.
//! - [`hash`]: SplitMix64, FNV-1a and Fx (stable, seedable, not for security).
//! - [`sha256`]: SHA-256 for content digests.
//! - [`hex`]: lowercase hex of bytes and numbers.
//! - [`base64`]: RFC 4648 base64, standard and URL-safe.
//! - [`ipv4`]: dotted-quad addresses and CIDR blocks.
//! - [`time`]: ISO 8601 and the other timestamp forms AWS and its tools print.
//! - [`paginate`]: one token scheme and one page helper for List/Describe.
//! - [`describe`]: "describe these identifiers, collect failures".

pub mod arn;
pub mod base64;
pub mod describe;
pub mod hash;
pub mod hex;
pub mod id;
pub mod ipv4;
pub mod paginate;
pub mod sha256;
pub mod time;
