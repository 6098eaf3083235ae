//! Amazon EC2, as far as containers need it: the default VPC, VPCs, subnets,
//! security groups (with a reachability check), the instance-type catalogue
//! (F3.4), launch templates and instances.
//!
//! EC2 speaks the query protocol; requests and responses use botocore's
//! PascalCase member names. Ids are `vpc-`, `subnet-`, `sg-`, `lt-`, `i-`
//! followed by 17 hex digits, drawn from a per-account counter mixed with the
//! seed (not from `Sim::rng`, so capacity ids never shift other draws).

pub mod eni;
pub mod images;
pub mod instance;
pub mod instance_types;
pub mod launch_template;
pub mod security_group;
pub mod vpc;

use crate::base::hash::{fnv1a64, splitmix64};
use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// An EC2 filter (`Name=vpc-id,Values=vpc-1,vpc-2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Filter {
    pub name: String,
    /// A list; one string is accepted too (the CLI's shorthand
    /// `Name=x,Values=y` gives one).
    #[serde(default, deserialize_with = "one_or_many")]
    pub values: Vec<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// An EC2 tag (`Key`/`Value`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Ec2Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// Checks `filters` against the names an operation supports and returns the
/// values asked for each name; an unknown filter name is refused (EC2 says
/// `InvalidParameterValue`).
pub(crate) fn check_filters(filters: &[Filter], known: &[&str]) -> Result<(), ApiError> {
    for filter in filters {
        if !known.contains(&filter.name.as_str()) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "The filter '{}' is invalid. The simulator supports: {}.",
                    filter.name,
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// True when every filter naming `name` lists `value` (filters on other
/// names are ignored here). Filter values may use the wildcards `*` (any
/// characters) and `?` (one character), as EC2's do.
pub(crate) fn filter_allows(filters: &[Filter], name: &str, value: &str) -> bool {
    filters
        .iter()
        .filter(|f| f.name == name)
        .all(|f| f.values.iter().any(|v| glob_matches(v, value)))
}

/// `*` and `?` wildcard matching (no escapes), as EC2 filters match.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// EC2 Describe* paging (NextToken / MaxResults): 5–1000
/// (DescribeSecurityGroups, DescribeSubnets, DescribeVpcs,
/// DescribeInstances, DescribeNetworkInterfaces: "This value can be between
/// 5 and 1000. If this parameter is not specified, then all items are
/// returned"), everything when omitted.
pub(crate) const fn paging(operation: &'static str) -> Limits {
    paging_range(operation, 5, 1000)
}

/// EC2 paging with its own bounds (DescribeLaunchTemplates: 1–200);
/// InvalidParameterValue for a bad limit, InvalidPaginationToken for a bad
/// token.
pub(crate) const fn paging_range(operation: &'static str, min: i64, max: i64) -> Limits {
    Limits {
        operation,
        limit_member: "MaxResults",
        token_member: "NextToken",
        min,
        max,
        default: None,
        limit_error: ErrorCode::InvalidParameterValue,
        token_error: ErrorCode::InvalidPaginationToken,
    }
}

/// EC2: `MaxResults` cannot be combined with a list of ids.
pub(crate) fn no_ids_with_max_results(
    ids: &[String],
    ids_member: &str,
    max: Option<i64>,
) -> Result<(), ApiError> {
    if !ids.is_empty() && max.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidParameterCombination,
            format!("The parameter {ids_member} cannot be used with the parameter MaxResults"),
        ));
    }
    Ok(())
}

impl Sim {
    /// A public IPv4 address for the instance or ENI `owner` (MODEL: drawn
    /// from 3.80.0.0/12, one of Amazon's us-east-1 EC2 ranges, by hashing
    /// the owner's id — not from `Sim::rng` and not from the id counter, so
    /// giving out an address never shifts other draws or ids). Unique among
    /// the addresses in use.
    pub(crate) fn new_public_ip(&self, owner: &str) -> u32 {
        const POOL_BASE: u32 = 0x0350_0000; // 3.80.0.0
        const POOL_SIZE: u32 = 1 << 20; // /12
        let in_use = |ip: u32| {
            self.state.tasks.public_ip_in_use(ip)
                || self.state.elb.public_ip_in_use(ip)
                || self
                    .state
                    .instances
                    .values()
                    .any(|i| i.public_ip == Some(ip))
        };
        let hash = fnv1a64(owner.as_bytes());
        let start = (splitmix64(hash ^ self.config.seed) % u64::from(POOL_SIZE)) as u32;
        (0..POOL_SIZE)
            .map(|i| POOL_BASE + (start + i) % POOL_SIZE)
            // Skip network (.0) and broadcast-looking (.255) addresses.
            .find(|ip| ip & 0xff != 0 && ip & 0xff != 255 && !in_use(*ip))
            .unwrap_or(POOL_BASE + 1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn paging_bounds_and_errors() {
        let e = paging("DescribeVpcs").request(Some(4), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert_eq!(
            e.message,
            "MaxResults must be between 5 and 1000; 4 was given."
        );
        assert!(paging("DescribeVpcs").request(Some(1000), None).is_ok());
        assert!(
            paging_range("DescribeLaunchTemplates", 1, 200)
                .request(Some(1), None)
                .is_ok()
        );
        let e = paging("DescribeVpcs")
            .request(None, Some("garbage"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidPaginationToken);
        // Without MaxResults: everything.
        let items: Vec<(String, usize)> = (0..7).map(|i| (format!("k{i}"), i)).collect();
        let (page, next) = paging("DescribeVpcs")
            .request(None, None)
            .unwrap()
            .page(items);
        assert_eq!((page.len(), next), (7, None));
        assert!(no_ids_with_max_results(&["vpc-1".into()], "VpcIds", Some(5)).is_err());
        assert!(no_ids_with_max_results(&[], "VpcIds", Some(5)).is_ok());
    }
}
