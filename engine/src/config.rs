//! What a simulated account is: its id, its region, its seed.

use crate::error::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

/// Regions the simulator knows, with their Availability Zone suffixes.
/// (Only the AZ letters matter to the engine: subnets and placement use them.)
pub const REGIONS: &[(&str, &[&str])] = &[
    ("us-east-1", &["a", "b", "c", "d", "e", "f"]),
    ("us-east-2", &["a", "b", "c"]),
    ("us-west-1", &["a", "c"]),
    ("us-west-2", &["a", "b", "c", "d"]),
    ("eu-west-1", &["a", "b", "c"]),
    ("eu-west-2", &["a", "b", "c"]),
    ("eu-central-1", &["a", "b", "c"]),
    ("ap-southeast-1", &["a", "b", "c"]),
    ("ap-southeast-2", &["a", "b", "c"]),
    ("ap-northeast-1", &["a", "c", "d"]),
    ("sa-east-1", &["a", "b", "c"]),
    ("ca-central-1", &["a", "b", "d"]),
];

pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
pub const DEFAULT_REGION: &str = "us-east-1";

/// How a [`crate::Sim`] is set up. Everything that makes two runs differ is
/// here: the same config and the same commands give the same trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimConfig {
    pub seed: u64,
    pub account_id: String,
    pub region: String,
    /// Wall-clock instant (ms since the Unix epoch) that simulated time 0
    /// stands for, used only to print AWS timestamps.
    pub start_epoch_ms: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 0,
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            region: DEFAULT_REGION.to_owned(),
            // 2026-01-01T00:00:00Z
            start_epoch_ms: 1_767_225_600_000,
        }
    }
}

impl SimConfig {
    pub fn with_seed(seed: u64) -> Self {
        SimConfig {
            seed,
            ..SimConfig::default()
        }
    }

    pub fn validate(&self) -> Result<(), ApiError> {
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterException,
                format!(
                    "Account id '{}' is not valid: an AWS account id is exactly 12 digits.",
                    self.account_id
                ),
            ));
        }
        if availability_zones(&self.region).is_none() {
            let known: Vec<&str> = REGIONS.iter().map(|(r, _)| *r).collect();
            return Err(ApiError::new(
                ErrorCode::InvalidParameterException,
                format!(
                    "Region '{}' is not simulated. Known regions: {}.",
                    self.region,
                    known.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

/// The Availability Zone names of a region (`us-east-1a`, …), if it is known.
pub fn availability_zones(region: &str) -> Option<Vec<String>> {
    REGIONS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(r, azs)| azs.iter().map(|s| format!("{r}{s}")).collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn validates_account_and_region() {
        assert!(SimConfig::default().validate().is_ok());
        let bad_account = SimConfig {
            account_id: "12345".into(),
            ..SimConfig::default()
        };
        assert!(bad_account.validate().is_err());
        let bad_region = SimConfig {
            region: "mars-north-1".into(),
            ..SimConfig::default()
        };
        let err = bad_region.validate().unwrap_err();
        assert!(err.message.contains("mars-north-1"), "{err}");
        assert_eq!(
            availability_zones("us-west-1"),
            Some(vec!["us-west-1a".to_owned(), "us-west-1c".to_owned()])
        );
    }
}
