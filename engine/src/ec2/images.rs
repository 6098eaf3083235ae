//! Amazon Machine Images: the public AMIs a region offers (the ones the
//! course and AWS's ECS tutorials launch), `DescribeImages`, and the
//! lookup an instance launch makes.
//!
//! MODEL: each region has the same few AWS-owned AMIs — the Amazon
//! ECS-optimized Amazon Linux 2023 and Amazon Linux 2 AMIs (x86_64 and
//! arm64; the ECS container agent preinstalled), and plain Amazon Linux
//! 2023 and 2 (no agent) — each in its current and previous monthly
//! release. Their ids are derived from the region and the AMI's name (so
//! they differ between regions and are the same in every account and
//! run), as real AMI ids are per region. The SSM public parameters under
//! `/aws/service/ecs/optimized-ami/…` and `/aws/service/ami-amazon-linux-latest/…`
//! (`engine::ssm`) name the current ones.
//!
//! What a launch checks (EC2UG launch-template restrictions: a template's
//! parameters are not fully validated when it is created): a malformed
//! image id is refused when the template is created
//! (`InvalidAMIID.Malformed`); an id no AMI has fails the launch
//! (`InvalidAMIID.NotFound`, an Auto Scaling group's failed activity). An
//! `ImageId` of `resolve:ssm:<parameter>` is resolved at launch. Only an
//! ECS-optimized AMI has the ECS container agent: an instance of another
//! AMI never registers into a cluster.

use super::{Filter, check_filters};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// The owner id of the ECS-optimized AMIs (AWS's ECS account).
pub const ECS_AMI_OWNER: &str = "591542846629";
/// The owner id of the Amazon Linux AMIs.
pub const AMAZON_LINUX_OWNER: &str = "137112412989";

/// One public AMI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ami {
    pub name: &'static str,
    pub description: &'static str,
    pub architecture: &'static str,
    pub owner: &'static str,
    /// ISO 8601, as DescribeImages prints it.
    pub creation_date: &'static str,
    /// The ECS container agent version, for an ECS-optimized AMI.
    pub ecs_agent: Option<&'static str>,
    /// The SSM parameter paths that name this AMI (current releases only).
    pub parameters: &'static [&'static str],
}

/// Every public AMI the simulated regions offer (current release first).
pub const AMIS: &[Ami] = &[
    Ami {
        name: "al2023-ami-ecs-hvm-2023.0.20251120-kernel-6.1-x86_64",
        description: "Amazon Linux AMI 2023.0.20251120 x86_64 ECS HVM EBS",
        architecture: "x86_64",
        owner: ECS_AMI_OWNER,
        creation_date: "2025-11-21T18:41:09.000Z",
        ecs_agent: Some("1.99.1"),
        parameters: &[
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
        ],
    },
    Ami {
        name: "al2023-ami-ecs-hvm-2023.0.20251120-kernel-6.1-arm64",
        description: "Amazon Linux AMI 2023.0.20251120 arm64 ECS HVM EBS",
        architecture: "arm64",
        owner: ECS_AMI_OWNER,
        creation_date: "2025-11-21T18:40:51.000Z",
        ecs_agent: Some("1.99.1"),
        parameters: &[
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
        ],
    },
    Ami {
        name: "amzn2-ami-ecs-hvm-2.0.20251120-x86_64-ebs",
        description: "Amazon Linux AMI 2.0.20251120 x86_64 ECS HVM GP2",
        architecture: "x86_64",
        owner: ECS_AMI_OWNER,
        creation_date: "2025-11-21T18:39:27.000Z",
        ecs_agent: Some("1.99.1"),
        parameters: &[
            "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
            "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
        ],
    },
    Ami {
        name: "al2023-ami-ecs-hvm-2023.0.20251020-kernel-6.1-x86_64",
        description: "Amazon Linux AMI 2023.0.20251020 x86_64 ECS HVM EBS",
        architecture: "x86_64",
        owner: ECS_AMI_OWNER,
        creation_date: "2025-10-21T17:12:44.000Z",
        ecs_agent: Some("1.98.0"),
        parameters: &[],
    },
    Ami {
        name: "al2023-ami-2023.9.20251117.1-kernel-6.1-x86_64",
        description: "Amazon Linux 2023 AMI 2023.9.20251117.1 x86_64 HVM kernel-6.1",
        architecture: "x86_64",
        owner: AMAZON_LINUX_OWNER,
        creation_date: "2025-11-18T20:03:31.000Z",
        ecs_agent: None,
        parameters: &["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"],
    },
    Ami {
        name: "al2023-ami-2023.9.20251117.1-kernel-6.1-arm64",
        description: "Amazon Linux 2023 AMI 2023.9.20251117.1 arm64 HVM kernel-6.1",
        architecture: "arm64",
        owner: AMAZON_LINUX_OWNER,
        creation_date: "2025-11-18T20:03:12.000Z",
        ecs_agent: None,
        parameters: &["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"],
    },
    Ami {
        name: "amzn2-ami-kernel-5.10-hvm-2.0.20251110.1-x86_64-gp2",
        description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20251110.1 x86_64 HVM gp2",
        architecture: "x86_64",
        owner: AMAZON_LINUX_OWNER,
        creation_date: "2025-11-11T01:54:36.000Z",
        ecs_agent: None,
        parameters: &["/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2"],
    },
];

impl Ami {
    /// Its id in `region`: `ami-0` and 16 hex digits from a hash of the
    /// region and the name.
    pub fn id(&self, region: &str) -> String {
        let h = crate::base::hash::fnv1a64(format!("{region}/{}", self.name).as_bytes());
        format!("ami-0{:016x}", crate::base::hash::splitmix64(h))
    }

    /// Whether the ECS container agent comes installed (ECS-optimized).
    pub fn has_ecs_agent(&self) -> bool {
        self.ecs_agent.is_some()
    }
}

/// When the AMI was created, in seconds since the Unix epoch.
pub fn creation_epoch_seconds(ami: &Ami) -> f64 {
    let d = ami.creation_date;
    let num = |range: std::ops::Range<usize>| {
        d.get(range)
            .and_then(|x| x.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let days = crate::base::time::days_from_civil(num(0..4), num(5..7), num(8..10));
    (days * 86_400 + num(11..13) * 3600 + num(14..16) * 60 + num(17..19)) as f64
}

/// The AMI with this id in `region`.
pub fn ami_by_id(region: &str, id: &str) -> Option<&'static Ami> {
    AMIS.iter().find(|a| a.id(region) == id)
}

/// The AMI an SSM public parameter names.
pub fn ami_by_parameter(path: &str) -> Option<&'static Ami> {
    AMIS.iter().find(|a| a.parameters.contains(&path))
}

/// `Invalid id: "x" (expecting "ami-...")`, unless `id` looks like an AMI id.
pub(crate) fn check_ami_id_format(id: &str) -> Result<(), ApiError> {
    let hex = id.strip_prefix("ami-").unwrap_or_default();
    if (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidAmiIdMalformed,
            format!("Invalid id: \"{id}\" (expecting \"ami-...\")"),
        ))
    }
}

pub(crate) fn ami_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidAmiIdNotFound,
        format!("The image id '[{id}]' does not exist"),
    )
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeImagesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub executable_users: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_deprecated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_disabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImagesResponse {
    pub images: Vec<Image>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    pub architecture: &'static str,
    pub creation_date: &'static str,
    pub image_id: String,
    pub image_location: String,
    pub image_type: &'static str,
    pub public: bool,
    pub owner_id: &'static str,
    pub platform_details: &'static str,
    pub usage_operation: &'static str,
    pub state: &'static str,
    pub block_device_mappings: Vec<serde_json::Value>,
    pub description: &'static str,
    pub ena_support: bool,
    pub hypervisor: &'static str,
    pub image_owner_alias: &'static str,
    pub name: &'static str,
    pub root_device_name: &'static str,
    pub root_device_type: &'static str,
    pub sriov_net_support: &'static str,
    pub virtualization_type: &'static str,
    pub boot_mode: &'static str,
    pub deprecation_time: String,
}

const FILTERS: &[&str] = &[
    "architecture",
    "image-id",
    "name",
    "owner-alias",
    "owner-id",
    "state",
    "description",
];

impl Sim {
    fn image_shape(&self, ami: &Ami) -> Image {
        let id = ami.id(&self.config.region);
        // AWS deprecates public AMIs two years after creation.
        let year: u32 = ami.creation_date[..4].parse().unwrap_or(2025);
        Image {
            architecture: ami.architecture,
            creation_date: ami.creation_date,
            image_location: format!("amazon/{}", ami.name),
            image_type: "machine",
            public: true,
            owner_id: ami.owner,
            platform_details: "Linux/UNIX",
            usage_operation: "RunInstances",
            state: "available",
            block_device_mappings: vec![serde_json::json!({
                "DeviceName": "/dev/xvda",
                "Ebs": {
                    "DeleteOnTermination": true,
                    "SnapshotId": format!("snap-{}", &id[4..]),
                    "VolumeSize": 30,
                    "VolumeType": "gp3",
                    "Encrypted": false
                }
            })],
            description: ami.description,
            ena_support: true,
            hypervisor: "xen",
            image_owner_alias: "amazon",
            name: ami.name,
            root_device_name: "/dev/xvda",
            root_device_type: "ebs",
            sriov_net_support: "simple",
            virtualization_type: "hvm",
            boot_mode: "uefi-preferred",
            deprecation_time: format!("{}{}", year + 2, &ami.creation_date[4..]),
            image_id: id,
        }
    }

    /// DescribeImages: the public AMIs (the account owns none).
    pub(crate) fn describe_amis(
        &self,
        req: DescribeImagesRequest,
    ) -> Result<DescribeImagesResponse, ApiError> {
        check_filters(&req.filters, FILTERS)?;
        let paging =
            super::paging("DescribeImages").request(req.max_results, req.next_token.as_deref())?;
        for id in &req.image_ids {
            check_ami_id_format(id)?;
            if ami_by_id(&self.config.region, id).is_none() {
                return Err(ami_not_found(id));
            }
        }
        let owner_ok = |ami: &Ami| {
            req.owners.is_empty()
                || req.owners.iter().any(|o| match o.as_str() {
                    "amazon" => true,
                    "self" => false,
                    other => other == ami.owner,
                })
        };
        let images: Vec<Image> = AMIS
            .iter()
            .filter(|a| owner_ok(a))
            .map(|a| self.image_shape(a))
            .filter(|i| req.image_ids.is_empty() || req.image_ids.contains(&i.image_id))
            .filter(|i| super::filter_allows(&req.filters, "architecture", i.architecture))
            .filter(|i| super::filter_allows(&req.filters, "image-id", &i.image_id))
            .filter(|i| super::filter_allows(&req.filters, "name", i.name))
            .filter(|i| super::filter_allows(&req.filters, "owner-alias", i.image_owner_alias))
            .filter(|i| super::filter_allows(&req.filters, "owner-id", i.owner_id))
            .filter(|i| super::filter_allows(&req.filters, "state", i.state))
            .filter(|i| super::filter_allows(&req.filters, "description", i.description))
            .collect();
        let (images, next_token) = paging.page(images.into_iter().map(|i| (i.image_id.clone(), i)));
        Ok(DescribeImagesResponse { images, next_token })
    }

    /// The AMI an instance launches from: an id, or `resolve:ssm:<path>`.
    pub(crate) fn launch_ami(&self, image_id: &str) -> Result<(String, &'static Ami), ApiError> {
        if let Some(path) = image_id.strip_prefix("resolve:ssm:") {
            let ami = ami_by_parameter(path.trim_end_matches("/image_id"))
                .or_else(|| ami_by_parameter(path))
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidParameterValue,
                        format!(
                            "The parameter '{path}' does not exist or does not name an AMI (resolve:ssm:)."
                        ),
                    )
                })?;
            return Ok((ami.id(&self.config.region), ami));
        }
        check_ami_id_format(image_id)?;
        let ami =
            ami_by_id(&self.config.region, image_id).ok_or_else(|| ami_not_found(image_id))?;
        Ok((image_id.to_owned(), ami))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_per_region_and_well_formed() {
        let ami = &AMIS[0];
        let east = ami.id("us-east-1");
        assert_ne!(east, ami.id("eu-west-1"));
        assert!(check_ami_id_format(&east).is_ok(), "{east}");
        assert_eq!(east.len(), 21);
        assert_eq!(ami_by_id("us-east-1", &east), Some(ami));
        let mut all: Vec<String> = AMIS.iter().map(|a| a.id("us-east-1")).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), AMIS.len());
        assert!(check_ami_id_format("ami-12345678").is_ok());
        // 2025-11-21T18:41:09Z
        assert_eq!(creation_epoch_seconds(&AMIS[0]), 1_763_750_469.0);
        for bad in [
            "ami-",
            "ami-xyz",
            "i-0123456789abcdef0",
            "ami-0123",
            "ami-0c55b159cbfafe1f0z",
        ] {
            assert!(check_ami_id_format(bad).is_err(), "{bad}");
        }
    }
}
