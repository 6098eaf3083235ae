//! Amazon EC2, as far as containers need it: the default VPC, VPCs, subnets,
//! security groups (with a reachability check), the instance-type catalogue
//! (F3.4), launch templates and instances.
//!
//! EC2 speaks the query protocol; requests and responses use botocore's
//! PascalCase member names. Ids are `vpc-`, `subnet-`, `sg-`, `lt-`, `i-`
//! followed by 17 hex digits, drawn from a per-account counter mixed with the
//! seed (not from `Sim::rng`, so capacity ids never shift other draws).

pub mod eni;
pub mod instance;
pub mod instance_types;
pub mod launch_template;
pub mod security_group;
pub mod vpc;

use crate::base::hash::{fnv1a64, splitmix64};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
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
/// names are ignored here).
pub(crate) fn filter_allows(filters: &[Filter], name: &str, value: &str) -> bool {
    filters
        .iter()
        .filter(|f| f.name == name)
        .all(|f| f.values.iter().any(|v| v == value))
}

pub(crate) fn unsupported(operation: &str, what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedFeatureException,
        format!("{operation}: the simulator does not model '{what}' yet."),
    )
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

/// `2026-01-01T00:01:30.000Z`: an AWS query-protocol timestamp.
pub fn iso8601(time: SimTime, start_epoch_ms: u64) -> String {
    crate::time::utc_iso8601(start_epoch_ms.saturating_add(time.0), true)
}

/// Standard base64 (RFC 4648, `=` padding, whitespace ignored), for EC2 user
/// data. `None` if the text is not valid base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4).count();
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

/// An IPv4 CIDR block, e.g. `172.31.0.0/16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cidr {
    pub base: u32,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (ip, prefix) = text.split_once('/')?;
        let prefix: u8 = prefix.parse().ok().filter(|p| *p <= 32)?;
        let base = parse_ipv4(ip)?;
        Some(Cidr { base, prefix })
    }
    pub fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix))
        }
    }
    /// The base address has no host bits set.
    pub fn is_network(self) -> bool {
        self.base & !self.mask() == 0
    }
    pub fn contains_ip(self, ip: u32) -> bool {
        ip & self.mask() == self.base & self.mask()
    }
    pub fn contains(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_ip(other.base)
    }
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", format_ipv4(self.base), self.prefix)
    }
}

pub fn parse_ipv4(text: &str) -> Option<u32> {
    let mut parts = text.split('.');
    let mut ip: u32 = 0;
    for _ in 0..4 {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        ip = (ip << 8) | part.parse::<u8>().ok()? as u32;
    }
    parts.next().is_none().then_some(ip)
}

pub fn format_ipv4(ip: u32) -> String {
    let mut buf = [0u8; 15];
    let mut n = 0;
    for (i, b) in ip.to_be_bytes().into_iter().enumerate() {
        if i > 0 {
            buf[n] = b'.';
            n += 1;
        }
        let digits = [b / 100, b / 10 % 10, b % 10];
        let first = match b {
            100.. => 0,
            10..=99 => 1,
            _ => 2,
        };
        for d in &digits[first..] {
            buf[n] = b'0' + d;
            n += 1;
        }
    }
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_addresses_print_as_format_would() {
        for ip in [
            0,
            1,
            9,
            10,
            99,
            100,
            255,
            0x0a00_0104,
            0xac1f_ff0a,
            u32::MAX,
        ] {
            let b = ip.to_be_bytes();
            assert_eq!(
                format_ipv4(ip),
                format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
            );
        }
    }

    #[test]
    fn base64_decodes_user_data_and_rejects_garbage() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(
            base64_decode(
                "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1kZW1vID4+IC9ldGMvZWNzL2Vjcy5jb25maWc="
            )
            .unwrap(),
            b"#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config"
        );
        for bad in ["Zg", "Zg=a", "Z===", "Zm9v!A==", "Zg==Zg=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn cidr_arithmetic() {
        let vpc = Cidr::parse("172.31.0.0/16").unwrap();
        let a = Cidr::parse("172.31.16.0/20").unwrap();
        assert!(vpc.contains(a) && !a.contains(vpc) && a.overlaps(vpc));
        assert!(!a.overlaps(Cidr::parse("172.31.32.0/20").unwrap()));
        assert!(!Cidr::parse("10.0.0.1/16").unwrap().is_network());
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap().mask(), 0);
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains_ip(parse_ipv4("8.8.8.8").unwrap())
        );
        for bad in [
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/16",
            "10.0.0.0/33",
            "a.b.c.d/1",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
        assert_eq!(a.to_string(), "172.31.16.0/20");
    }

    #[test]
    fn timestamps_are_iso8601() {
        assert_eq!(
            iso8601(SimTime(90_000), 1_767_225_600_000),
            "2026-01-01T00:01:30.000Z"
        );
        assert_eq!(
            iso8601(SimTime(0), 951_782_400_000),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
