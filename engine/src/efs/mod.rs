//! Amazon EFS (botocore `efs`, REST-JSON, F23.1–F23.3): CreateFileSystem,
//! DescribeFileSystems, DeleteFileSystem, CreateMountTarget,
//! DescribeMountTargets, DeleteMountTarget,
//! DescribeMountTargetSecurityGroups, ModifyMountTargetSecurityGroups,
//! CreateAccessPoint, DescribeAccessPoints, DeleteAccessPoint, TagResource,
//! UntagResource, ListTagsForResource.
//!
//! - **Lifecycles from time, not timers** (as DynamoDB's tables): a file
//!   system is `creating` for [`FILE_SYSTEM_CREATE_DELAY`] and a mount
//!   target for [`MOUNT_TARGET_CREATE_DELAY`] (MODEL, §13), then
//!   `available`; an access point is `available` at once. Deletes take
//!   effect at once (MODEL: AWS shows `deleting` for a while).
//! - **CreateFileSystem** (F23.1): `CreationToken` makes it idempotent: a
//!   token in use is `FileSystemAlreadyExists` (409) naming the existing id.
//!   `PerformanceMode` `generalPurpose` (default) | `maxIO`,
//!   `ThroughputMode` `bursting` (default) | `provisioned` (needs
//!   `ProvisionedThroughputInMibps`) | `elastic`; `Encrypted` defaults to
//!   false (MODEL) and uses the `aws/elasticfilesystem` key. Ids `fs-…`
//!   (17 hex digits from the account's seed, as EC2's). One Zone file
//!   systems (`AvailabilityZoneName`) and backups are refused as not
//!   modelled.
//! - **Mount targets** (F23.2): the file system must be `available`
//!   (`IncorrectFileSystemLifeCycleState`); one per Availability Zone and
//!   all in one VPC (`MountTargetConflict`); the subnet must exist
//!   (`SubnetNotFound`), the groups too, in the subnet's VPC
//!   (`SecurityGroupNotFound`), none given → the VPC's default group; an
//!   address of the subnet (the lowest free one, or `IpAddress`, which
//!   must be free: `IpAddressInUse`). The requester-managed ENI's id is
//!   shown; the ENI itself is not listed by `describe-network-interfaces`
//!   (MODEL). Security groups can be changed only while `available`
//!   (`IncorrectMountTargetState`), at most 5 (`SecurityGroupLimitExceeded`).
//! - **DeleteFileSystem** with mount targets is `FileSystemInUse` (F23.1);
//!   its access points go with it.
//! - **Access points** (F23.3): `PosixUser`, `RootDirectory` (`Path` up to
//!   4 levels, `/` by default, `CreationInfo`); `ClientToken` idempotent
//!   (`AccessPointAlreadyExists`); at most [`ACCESS_POINTS_PER_FS`].
//! - **Files**: what tasks write to a file system ([`crate::efs::files`]),
//!   kept in the account's state so every task that mounts it, in any AZ,
//!   sees the same files; ECS's side (volumes, mounting at task start,
//!   the mount failures of F23.6) is `crate::ecs::efs`.
//! - Errors as EFS's REST-JSON API names them (`FileSystemNotFound` 404,
//!   `BadRequest` 400, `…Conflict`/`…InUse`/`Incorrect…State` 409), with
//!   EFS's messages where known.

pub mod files;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// MODEL (§13): `creating` → `available`.
pub const FILE_SYSTEM_CREATE_DELAY: SimDuration = SimDuration::seconds(5);
/// MODEL (§13): a mount target's `creating` → `available`.
pub const MOUNT_TARGET_CREATE_DELAY: SimDuration = SimDuration::seconds(60);
/// F23.3 (EFSUG:limits): access points per file system.
pub const ACCESS_POINTS_PER_FS: usize = 120;
/// EFSUG:limits: security groups per mount target.
pub const MAX_MOUNT_TARGET_GROUPS: usize = 5;
/// MODEL: the key `Encrypted` uses when no `KmsKeyId` is given (the
/// account's `aws/elasticfilesystem` key; its id is the simulator's).
pub const DEFAULT_KMS_KEY_ID: &str = "00000000-0000-4000-8000-0000000e5e5e";

const FILE_SYSTEMS: Limits = Limits {
    operation: "DescribeFileSystems",
    limit_member: "MaxItems",
    token_member: "Marker",
    min: 1,
    max: 100,
    default: Some(100),
    limit_error: ErrorCode::BadRequest,
    token_error: ErrorCode::BadRequest,
};
const MOUNT_TARGETS: Limits = Limits {
    operation: "DescribeMountTargets",
    ..FILE_SYSTEMS
};
const ACCESS_POINTS: Limits = Limits {
    operation: "DescribeAccessPoints",
    limit_member: "MaxResults",
    token_member: "NextToken",
    ..FILE_SYSTEMS
};

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateFileSystemRequest {
    /// An idempotency token: the AWS CLI makes one up when it is omitted
    /// (so does the simulator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput_in_mibps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystemSize {
    pub value: u64,
    pub value_in_i_a: u64,
    pub value_in_standard: u64,
    pub value_in_archive: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystemProtectionDescription {
    pub replication_overwrite_protection: String,
}

/// BOTO-EFS:FileSystemDescription.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystemDescription {
    pub owner_id: String,
    pub creation_token: String,
    pub file_system_id: String,
    pub file_system_arn: String,
    /// Epoch seconds.
    pub creation_time: f64,
    pub life_cycle_state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub number_of_mount_targets: u64,
    pub size_in_bytes: FileSystemSize,
    pub performance_mode: String,
    pub encrypted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    pub throughput_mode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput_in_mibps: Option<f64>,
    pub tags: Vec<Tag>,
    pub file_system_protection: FileSystemProtectionDescription,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeFileSystemsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFileSystemsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub file_systems: Vec<FileSystemDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FileSystemIdRequest {
    pub file_system_id: String,
}

/// The empty answer of the 204 operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EfsEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateMountTargetRequest {
    pub file_system_id: String,
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
}

/// BOTO-EFS:MountTargetDescription.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MountTargetDescription {
    pub owner_id: String,
    pub mount_target_id: String,
    pub file_system_id: String,
    pub subnet_id: String,
    pub life_cycle_state: String,
    pub ip_address: String,
    pub network_interface_id: String,
    pub availability_zone_id: String,
    pub availability_zone_name: String,
    pub vpc_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeMountTargetsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_target_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeMountTargetsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub mount_targets: Vec<MountTargetDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MountTargetIdRequest {
    pub mount_target_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyMountTargetSecurityGroupsRequest {
    pub mount_target_id: String,
    #[serde(default)]
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeMountTargetSecurityGroupsResponse {
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PosixUser {
    pub uid: i64,
    pub gid: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary_gids: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreationInfo {
    pub owner_uid: i64,
    pub owner_gid: i64,
    pub permissions: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RootDirectory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_info: Option<CreationInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateAccessPointRequest {
    /// An idempotency token, made up when omitted (as the AWS CLI does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub file_system_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posix_user: Option<PosixUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_directory: Option<RootDirectory>,
}

/// BOTO-EFS:AccessPointDescription.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPointDescription {
    pub client_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub tags: Vec<Tag>,
    pub access_point_id: String,
    pub access_point_arn: String,
    pub file_system_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posix_user: Option<PosixUser>,
    pub root_directory: RootDirectory,
    pub owner_id: String,
    pub life_cycle_state: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAccessPointsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAccessPointsResponse {
    pub access_points: Vec<AccessPointDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccessPointIdRequest {
    pub access_point_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EfsTagResourceRequest {
    pub resource_id: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EfsUntagResourceRequest {
    pub resource_id: String,
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EfsListTagsForResourceRequest {
    pub resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EfsListTagsForResourceResponse {
    pub tags: Vec<Tag>,
}

// ------------------------------------------------------------ state ---

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSystem {
    pub id: String,
    pub arn: String,
    pub creation_token: String,
    pub created: SimTime,
    pub performance_mode: String,
    pub throughput_mode: String,
    /// `ProvisionedThroughputInMibps` as `f64::to_bits` (state is `Eq`).
    pub provisioned_mibps: Option<u64>,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub tags: Vec<Tag>,
    /// What tasks wrote, by absolute path in the file system
    /// ([`files`]).
    pub files: BTreeMap<String, String>,
}

impl FileSystem {
    pub fn life_cycle_state(&self, now: SimTime) -> &'static str {
        if now < self.created.saturating_add(FILE_SYSTEM_CREATE_DELAY) {
            "creating"
        } else {
            "available"
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| t.key == "Name")
            .map(|t| t.value.as_str())
    }

    /// Metered size (MODEL): 6 KiB of metadata plus what the files hold.
    pub fn size_bytes(&self) -> u64 {
        6144 + self.files.values().map(|f| f.len() as u64).sum::<u64>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountTarget {
    pub id: String,
    pub file_system_id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub ip: u32,
    pub eni_id: String,
    pub security_groups: Vec<String>,
    pub created: SimTime,
}

impl MountTarget {
    pub fn life_cycle_state(&self, now: SimTime) -> &'static str {
        if now < self.created.saturating_add(MOUNT_TARGET_CREATE_DELAY) {
            "creating"
        } else {
            "available"
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPoint {
    pub id: String,
    pub arn: String,
    pub file_system_id: String,
    pub client_token: String,
    pub posix_user: Option<PosixUser>,
    /// The root directory's path (`/` when none was given).
    pub path: String,
    pub creation_info: Option<CreationInfo>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EfsState {
    pub file_systems: BTreeMap<String, FileSystem>,
    pub mount_targets: BTreeMap<String, MountTarget>,
    pub access_points: BTreeMap<String, AccessPoint>,
}

impl EfsState {
    /// The addresses mount targets hold in a subnet (for free_ip).
    pub fn ips_in_subnet<'a>(&'a self, subnet_id: &'a str) -> impl Iterator<Item = u32> + 'a {
        self.mount_targets
            .values()
            .filter(move |m| m.subnet_id == subnet_id)
            .map(|m| m.ip)
    }
}

/// MODEL: an Availability Zone's id (`us-east-1a` → `use1-az1`): the
/// simulator maps zone letters to ids in order (AWS maps them per account).
pub fn zone_id(zone: &str) -> String {
    let Some(letter) = zone.chars().last().filter(char::is_ascii_lowercase) else {
        return zone.to_owned();
    };
    let region = &zone[..zone.len() - 1];
    let short: String = region
        .split('-')
        .map(|part| {
            if part.len() <= 2 || part.chars().all(|c| c.is_ascii_digit()) {
                part.to_owned()
            } else {
                part.chars().next().map(String::from).unwrap_or_default()
            }
        })
        .collect();
    format!("{short}-az{}", u32::from(letter) - u32::from('a') + 1)
}

// ----------------------------------------------------------- errors ---

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, message)
}

fn fs_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::FileSystemNotFound,
        format!("File system '{id}' does not exist."),
    )
}

fn mt_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::MountTargetNotFound,
        format!("Mount target '{id}' does not exist."),
    )
}

fn ap_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::AccessPointNotFound,
        format!("Access point '{id}' does not exist."),
    )
}

fn check_tags(tags: &[Tag]) -> Result<(), ApiError> {
    for t in tags {
        if t.key.is_empty() || t.key.len() > 128 || t.value.len() > 256 {
            return Err(bad_request(
                "Tag keys must be 1 to 128 characters and values at most 256.",
            ));
        }
        if t.key.starts_with("aws:") {
            return Err(bad_request("Tag keys may not begin with 'aws:'."));
        }
    }
    Ok(())
}

fn merge_tags(into: &mut Vec<Tag>, tags: &[Tag]) {
    for t in tags {
        match into.iter_mut().find(|o| o.key == t.key) {
            Some(o) => o.value = t.value.clone(),
            None => into.push(t.clone()),
        }
    }
}

/// F23.3: `/` or up to 4 levels of names without the characters EFS
/// refuses (BOTO-EFS:Path).
pub fn valid_root_path(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    if path.is_empty() || path.len() > 100 || !path.starts_with('/') {
        return false;
    }
    let parts: Vec<&str> = path[1..].split('/').collect();
    parts.len() <= 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && !p.starts_with('.')
                && !p.chars().any(|c| "$#<>;`|&?{}^*\n".contains(c))
        })
}

// --------------------------------------------------------- handlers ---

impl Sim {
    fn efs_arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:aws:elasticfilesystem:{}:{}:{kind}/{id}",
            self.config.region, self.config.account_id
        )
    }

    pub(crate) fn efs_file_system(&self, id: &str) -> Option<&FileSystem> {
        self.state.efs.file_systems.get(id)
    }

    fn describe_fs(&self, fs: &FileSystem) -> FileSystemDescription {
        let size = fs.size_bytes();
        FileSystemDescription {
            owner_id: self.config.account_id.clone(),
            creation_token: fs.creation_token.clone(),
            file_system_id: fs.id.clone(),
            file_system_arn: fs.arn.clone(),
            creation_time: self.epoch_ms(fs.created) as f64 / 1000.0,
            life_cycle_state: fs.life_cycle_state(self.now).to_owned(),
            name: fs.name().map(str::to_owned),
            number_of_mount_targets: self
                .state
                .efs
                .mount_targets
                .values()
                .filter(|m| m.file_system_id == fs.id)
                .count() as u64,
            size_in_bytes: FileSystemSize {
                value: size,
                value_in_i_a: 0,
                value_in_standard: size,
                value_in_archive: 0,
            },
            performance_mode: fs.performance_mode.clone(),
            encrypted: fs.encrypted,
            kms_key_id: fs.kms_key_id.clone(),
            throughput_mode: fs.throughput_mode.clone(),
            provisioned_throughput_in_mibps: fs.provisioned_mibps.map(f64::from_bits),
            tags: fs.tags.clone(),
            file_system_protection: FileSystemProtectionDescription {
                replication_overwrite_protection: "ENABLED".to_owned(),
            },
        }
    }

    fn describe_mt(&self, m: &MountTarget) -> MountTargetDescription {
        MountTargetDescription {
            owner_id: self.config.account_id.clone(),
            mount_target_id: m.id.clone(),
            file_system_id: m.file_system_id.clone(),
            subnet_id: m.subnet_id.clone(),
            life_cycle_state: m.life_cycle_state(self.now).to_owned(),
            ip_address: crate::base::ipv4::format_ipv4(m.ip),
            network_interface_id: m.eni_id.clone(),
            availability_zone_id: zone_id(&m.availability_zone),
            availability_zone_name: m.availability_zone.clone(),
            vpc_id: m.vpc_id.clone(),
        }
    }

    fn describe_ap(&self, a: &AccessPoint) -> AccessPointDescription {
        AccessPointDescription {
            client_token: a.client_token.clone(),
            name: a
                .tags
                .iter()
                .find(|t| t.key == "Name")
                .map(|t| t.value.clone()),
            tags: a.tags.clone(),
            access_point_id: a.id.clone(),
            access_point_arn: a.arn.clone(),
            file_system_id: a.file_system_id.clone(),
            posix_user: a.posix_user.clone(),
            root_directory: RootDirectory {
                path: Some(a.path.clone()),
                creation_info: a.creation_info.clone(),
            },
            owner_id: self.config.account_id.clone(),
            life_cycle_state: "available".to_owned(),
        }
    }

    pub(crate) fn create_file_system(
        &mut self,
        req: CreateFileSystemRequest,
    ) -> Result<FileSystemDescription, ApiError> {
        let mut req = req;
        let creation_token = match req.creation_token.take() {
            Some(t) => t,
            None => self.new_uuid(),
        };
        if creation_token.is_empty() || creation_token.len() > 64 {
            return Err(bad_request(
                "CreationToken must be between 1 and 64 characters long.",
            ));
        }
        let performance_mode = req
            .performance_mode
            .unwrap_or_else(|| "generalPurpose".to_owned());
        if !["generalPurpose", "maxIO"].contains(&performance_mode.as_str()) {
            return Err(bad_request(format!(
                "Invalid PerformanceMode '{performance_mode}': generalPurpose or maxIO."
            )));
        }
        let throughput_mode = req.throughput_mode.unwrap_or_else(|| "bursting".to_owned());
        if !["bursting", "provisioned", "elastic"].contains(&throughput_mode.as_str()) {
            return Err(bad_request(format!(
                "Invalid ThroughputMode '{throughput_mode}': bursting, provisioned or elastic."
            )));
        }
        match (
            throughput_mode.as_str(),
            req.provisioned_throughput_in_mibps,
        ) {
            ("provisioned", None) => {
                return Err(bad_request(
                    "ProvisionedThroughputInMibps is required when ThroughputMode is provisioned.",
                ));
            }
            ("provisioned", Some(m)) if !(1.0..=10240.0).contains(&m) => {
                return Err(bad_request(
                    "ProvisionedThroughputInMibps must be between 1 and 10240.",
                ));
            }
            ("provisioned", _) => {}
            (_, Some(_)) => {
                return Err(bad_request(
                    "ProvisionedThroughputInMibps can only be set when ThroughputMode is provisioned.",
                ));
            }
            _ => {}
        }
        if performance_mode == "maxIO" && throughput_mode == "elastic" {
            return Err(bad_request(
                "Elastic throughput is not supported with the maxIO performance mode.",
            ));
        }
        if req.availability_zone_name.is_some() {
            return Err(ApiError::unsupported(
                "CreateFileSystem",
                "AvailabilityZoneName (One Zone file systems)",
            ));
        }
        if req.kms_key_id.is_some() && req.encrypted != Some(true) {
            return Err(bad_request(
                "KmsKeyId can only be specified when Encrypted is true.",
            ));
        }
        check_tags(&req.tags)?;
        if let Some(existing) = self
            .state
            .efs
            .file_systems
            .values()
            .find(|f| f.creation_token == creation_token)
        {
            return Err(ApiError::new(
                ErrorCode::FileSystemAlreadyExists,
                format!(
                    "File system '{}' already exists with creation token '{}'",
                    existing.id, creation_token
                ),
            ));
        }
        let encrypted = req.encrypted.unwrap_or(false);
        let id = self.new_resource_id("fs");
        let kms_key_id = encrypted.then(|| {
            req.kms_key_id.clone().unwrap_or_else(|| {
                format!(
                    "arn:aws:kms:{}:{}:key/{DEFAULT_KMS_KEY_ID}",
                    self.config.region, self.config.account_id
                )
            })
        });
        let fs = FileSystem {
            arn: self.efs_arn("file-system", &id),
            id: id.clone(),
            creation_token,
            created: self.now,
            performance_mode,
            throughput_mode,
            provisioned_mibps: req.provisioned_throughput_in_mibps.map(f64::to_bits),
            encrypted,
            kms_key_id,
            tags: req.tags,
            files: BTreeMap::new(),
        };
        let out = self.describe_fs(&fs);
        self.state.efs.file_systems.insert(id, fs);
        Ok(out)
    }

    pub(crate) fn describe_file_systems(
        &mut self,
        req: DescribeFileSystemsRequest,
    ) -> Result<DescribeFileSystemsResponse, ApiError> {
        if req.file_system_id.is_some() && req.creation_token.is_some() {
            return Err(bad_request(
                "Specify at most one of FileSystemId and CreationToken.",
            ));
        }
        let page = FILE_SYSTEMS.request(req.max_items, req.marker.as_deref())?;
        if let Some(id) = &req.file_system_id {
            let fs = self.efs_file_system(id).ok_or_else(|| fs_not_found(id))?;
            return Ok(DescribeFileSystemsResponse {
                marker: req.marker,
                file_systems: vec![self.describe_fs(fs)],
                next_marker: None,
            });
        }
        let items: Vec<(String, FileSystemDescription)> = self
            .state
            .efs
            .file_systems
            .values()
            .filter(|f| {
                req.creation_token
                    .as_ref()
                    .is_none_or(|t| &f.creation_token == t)
            })
            .map(|f| (f.id.clone(), self.describe_fs(f)))
            .collect();
        let (file_systems, next_marker) = page.page(items);
        Ok(DescribeFileSystemsResponse {
            marker: req.marker,
            file_systems,
            next_marker,
        })
    }

    pub(crate) fn delete_file_system(
        &mut self,
        req: FileSystemIdRequest,
    ) -> Result<EfsEmpty, ApiError> {
        let id = req.file_system_id;
        if self.efs_file_system(&id).is_none() {
            return Err(fs_not_found(&id));
        }
        if self
            .state
            .efs
            .mount_targets
            .values()
            .any(|m| m.file_system_id == id)
        {
            return Err(ApiError::new(
                ErrorCode::FileSystemInUse,
                format!("File system '{id}' has mount targets; delete them first."),
            ));
        }
        self.state.efs.file_systems.remove(&id);
        self.state
            .efs
            .access_points
            .retain(|_, a| a.file_system_id != id);
        Ok(EfsEmpty {})
    }

    /// The security groups given for a mount target in `vpc_id`, checked;
    /// none → the VPC's default group (F23.2).
    fn mount_target_groups(
        &self,
        groups: Option<Vec<String>>,
        vpc_id: &str,
    ) -> Result<Vec<String>, ApiError> {
        let groups = match groups {
            Some(g) if !g.is_empty() => g,
            _ => return Ok(self.vpc_default_groups(vpc_id)),
        };
        if groups.len() > MAX_MOUNT_TARGET_GROUPS {
            return Err(ApiError::new(
                ErrorCode::SecurityGroupLimitExceeded,
                format!(
                    "A mount target can have at most {MAX_MOUNT_TARGET_GROUPS} security groups."
                ),
            ));
        }
        let mut out: Vec<String> = Vec::new();
        for g in groups {
            match self.state.security_groups.get(&g) {
                Some(record) if record.vpc_id == vpc_id => {}
                Some(_) => {
                    return Err(ApiError::new(
                        ErrorCode::SecurityGroupNotFound,
                        format!("Security group '{g}' is not in the mount target's VPC {vpc_id}."),
                    ));
                }
                None => {
                    return Err(ApiError::new(
                        ErrorCode::SecurityGroupNotFound,
                        format!("Security group '{g}' does not exist."),
                    ));
                }
            }
            if !out.contains(&g) {
                out.push(g);
            }
        }
        Ok(out)
    }

    pub(crate) fn create_mount_target(
        &mut self,
        req: CreateMountTargetRequest,
    ) -> Result<MountTargetDescription, ApiError> {
        let fs = self
            .efs_file_system(&req.file_system_id)
            .ok_or_else(|| fs_not_found(&req.file_system_id))?;
        if fs.life_cycle_state(self.now) != "available" {
            return Err(ApiError::new(
                ErrorCode::IncorrectFileSystemLifeCycleState,
                format!(
                    "File system '{}' is in the '{}' state; it must be 'available'.",
                    fs.id,
                    fs.life_cycle_state(self.now)
                ),
            ));
        }
        if req.ipv6_address.is_some()
            || req
                .ip_address_type
                .as_deref()
                .is_some_and(|t| t != "IPV4_ONLY")
        {
            return Err(ApiError::unsupported(
                "CreateMountTarget",
                "IPv6 mount targets",
            ));
        }
        let subnet = self
            .state
            .subnets
            .get(&req.subnet_id)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::SubnetNotFound,
                    format!("The subnet ID '{}' does not exist", req.subnet_id),
                )
            })?;
        let siblings: Vec<&MountTarget> = self
            .state
            .efs
            .mount_targets
            .values()
            .filter(|m| m.file_system_id == req.file_system_id)
            .collect();
        if let Some(other) = siblings.iter().find(|m| m.vpc_id != subnet.vpc_id) {
            return Err(ApiError::new(
                ErrorCode::MountTargetConflict,
                format!(
                    "File system '{}' has mount targets in VPC {}; all its mount targets must be in one VPC.",
                    req.file_system_id, other.vpc_id
                ),
            ));
        }
        if siblings
            .iter()
            .any(|m| m.availability_zone == subnet.availability_zone)
        {
            return Err(ApiError::new(
                ErrorCode::MountTargetConflict,
                "mount target already exists in this AZ",
            ));
        }
        let groups = self.mount_target_groups(req.security_groups, &subnet.vpc_id)?;
        let ip = match req.ip_address.as_deref() {
            Some(text) => {
                let ip = crate::base::ipv4::parse_ipv4(text)
                    .filter(|ip| {
                        let first = subnet.cidr.base + 4;
                        let last = subnet.cidr.base + (subnet.cidr.size() as u32).saturating_sub(2);
                        (first..=last).contains(ip)
                    })
                    .ok_or_else(|| {
                        bad_request(format!(
                            "IP address {text} is not a usable address of subnet {}.",
                            subnet.id
                        ))
                    })?;
                if self.ip_taken(&subnet.id, ip) {
                    return Err(ApiError::new(
                        ErrorCode::IpAddressInUse,
                        format!(
                            "IP address {text} is already in use in subnet {}.",
                            subnet.id
                        ),
                    ));
                }
                ip
            }
            None => self.free_ip(&subnet.id).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NoFreeAddressesInSubnet,
                    format!("Subnet {} has no free addresses.", subnet.id),
                )
            })?,
        };
        let id = self.new_resource_id("fsmt");
        let eni_id = self.new_resource_id("eni");
        let mt = MountTarget {
            id: id.clone(),
            file_system_id: req.file_system_id,
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            availability_zone: subnet.availability_zone.clone(),
            ip,
            eni_id,
            security_groups: groups,
            created: self.now,
        };
        let out = self.describe_mt(&mt);
        self.state.efs.mount_targets.insert(id, mt);
        Ok(out)
    }

    /// Whether the address is held in the subnet (what free_ip would skip).
    fn ip_taken(&self, subnet_id: &str, ip: u32) -> bool {
        self.state.instances.values().any(|i| {
            crate::base::id::same_id(&i.subnet_id, subnet_id)
                && i.state != crate::ec2::instance::InstanceState::Terminated
                && i.private_ip == ip
        }) || self.state.task_ips_in_subnet(subnet_id).any(|t| t == ip)
            || self
                .state
                .elb
                .node_ips_in_subnet(subnet_id)
                .any(|t| t == ip)
            || self.state.efs.ips_in_subnet(subnet_id).any(|t| t == ip)
    }

    pub(crate) fn describe_mount_targets(
        &mut self,
        req: DescribeMountTargetsRequest,
    ) -> Result<DescribeMountTargetsResponse, ApiError> {
        let given = [
            req.file_system_id.is_some(),
            req.mount_target_id.is_some(),
            req.access_point_id.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if given != 1 {
            return Err(bad_request(
                "Specify exactly one of FileSystemId, MountTargetId or AccessPointId.",
            ));
        }
        let page = MOUNT_TARGETS.request(req.max_items, req.marker.as_deref())?;
        let fs_id = if let Some(id) = &req.mount_target_id {
            let mt = self
                .state
                .efs
                .mount_targets
                .get(id)
                .ok_or_else(|| mt_not_found(id))?;
            return Ok(DescribeMountTargetsResponse {
                marker: req.marker,
                mount_targets: vec![self.describe_mt(mt)],
                next_marker: None,
            });
        } else if let Some(ap) = &req.access_point_id {
            self.state
                .efs
                .access_points
                .get(ap)
                .ok_or_else(|| ap_not_found(ap))?
                .file_system_id
                .clone()
        } else {
            let id = req.file_system_id.clone().unwrap_or_default();
            if self.efs_file_system(&id).is_none() {
                return Err(fs_not_found(&id));
            }
            id
        };
        let items: Vec<(String, MountTargetDescription)> = self
            .state
            .efs
            .mount_targets
            .values()
            .filter(|m| m.file_system_id == fs_id)
            .map(|m| (m.id.clone(), self.describe_mt(m)))
            .collect();
        let (mount_targets, next_marker) = page.page(items);
        Ok(DescribeMountTargetsResponse {
            marker: req.marker,
            mount_targets,
            next_marker,
        })
    }

    pub(crate) fn delete_mount_target(
        &mut self,
        req: MountTargetIdRequest,
    ) -> Result<EfsEmpty, ApiError> {
        self.state
            .efs
            .mount_targets
            .remove(&req.mount_target_id)
            .ok_or_else(|| mt_not_found(&req.mount_target_id))?;
        Ok(EfsEmpty {})
    }

    pub(crate) fn describe_mount_target_security_groups(
        &mut self,
        req: MountTargetIdRequest,
    ) -> Result<DescribeMountTargetSecurityGroupsResponse, ApiError> {
        let mt = self
            .state
            .efs
            .mount_targets
            .get(&req.mount_target_id)
            .ok_or_else(|| mt_not_found(&req.mount_target_id))?;
        Ok(DescribeMountTargetSecurityGroupsResponse {
            security_groups: mt.security_groups.clone(),
        })
    }

    pub(crate) fn modify_mount_target_security_groups(
        &mut self,
        req: ModifyMountTargetSecurityGroupsRequest,
    ) -> Result<EfsEmpty, ApiError> {
        let mt = self
            .state
            .efs
            .mount_targets
            .get(&req.mount_target_id)
            .ok_or_else(|| mt_not_found(&req.mount_target_id))?;
        let state = mt.life_cycle_state(self.now);
        if state != "available" {
            return Err(ApiError::new(
                ErrorCode::IncorrectMountTargetState,
                format!(
                    "Mount target '{}' is in the '{state}' state; it must be 'available'.",
                    mt.id
                ),
            ));
        }
        let vpc_id = mt.vpc_id.clone();
        let groups = self.mount_target_groups(Some(req.security_groups), &vpc_id)?;
        if let Some(mt) = self.state.efs.mount_targets.get_mut(&req.mount_target_id) {
            mt.security_groups = groups;
        }
        Ok(EfsEmpty {})
    }

    pub(crate) fn create_access_point(
        &mut self,
        req: CreateAccessPointRequest,
    ) -> Result<AccessPointDescription, ApiError> {
        let client_token = match req.client_token.clone() {
            Some(t) => t,
            None => self.new_uuid(),
        };
        if client_token.is_empty() || client_token.len() > 64 {
            return Err(bad_request(
                "ClientToken must be between 1 and 64 characters long.",
            ));
        }
        check_tags(&req.tags)?;
        let fs = self
            .efs_file_system(&req.file_system_id)
            .ok_or_else(|| fs_not_found(&req.file_system_id))?;
        if fs.life_cycle_state(self.now) != "available" {
            return Err(ApiError::new(
                ErrorCode::IncorrectFileSystemLifeCycleState,
                format!(
                    "File system '{}' is in the '{}' state; it must be 'available'.",
                    fs.id,
                    fs.life_cycle_state(self.now)
                ),
            ));
        }
        if let Some(existing) = self
            .state
            .efs
            .access_points
            .values()
            .find(|a| a.client_token == client_token)
        {
            return Err(ApiError::new(
                ErrorCode::AccessPointAlreadyExists,
                format!(
                    "Access point '{}' already exists with client token '{}'",
                    existing.id, client_token
                ),
            ));
        }
        if self
            .state
            .efs
            .access_points
            .values()
            .filter(|a| a.file_system_id == req.file_system_id)
            .count()
            >= ACCESS_POINTS_PER_FS
        {
            return Err(ApiError::new(
                ErrorCode::AccessPointLimitExceeded,
                format!(
                    "File system '{}' already has {ACCESS_POINTS_PER_FS} access points.",
                    req.file_system_id
                ),
            ));
        }
        if let Some(p) = &req.posix_user
            && (p.uid < 0 || p.gid < 0 || p.secondary_gids.iter().any(|g| *g < 0))
        {
            return Err(bad_request(
                "PosixUser ids must be between 0 and 4294967295.",
            ));
        }
        let root = req.root_directory.unwrap_or_default();
        let path = root.path.unwrap_or_else(|| "/".to_owned());
        if !valid_root_path(&path) {
            return Err(bad_request(format!(
                "RootDirectory.Path '{path}' is not valid: '/' or up to 4 levels of names, such as /app/data."
            )));
        }
        if let Some(info) = &root.creation_info
            && !(info.permissions.len() >= 3
                && info.permissions.len() <= 4
                && info.permissions.chars().all(|c| ('0'..='7').contains(&c)))
        {
            return Err(bad_request(format!(
                "CreationInfo.Permissions '{}' must be octal, such as 755.",
                info.permissions
            )));
        }
        let id = self.new_resource_id("fsap");
        let ap = AccessPoint {
            arn: self.efs_arn("access-point", &id),
            id: id.clone(),
            file_system_id: req.file_system_id,
            client_token,
            posix_user: req.posix_user,
            path,
            creation_info: root.creation_info,
            tags: req.tags,
        };
        let out = self.describe_ap(&ap);
        self.state.efs.access_points.insert(id, ap);
        Ok(out)
    }

    pub(crate) fn describe_access_points(
        &mut self,
        req: DescribeAccessPointsRequest,
    ) -> Result<DescribeAccessPointsResponse, ApiError> {
        if req.access_point_id.is_some() && req.file_system_id.is_some() {
            return Err(bad_request(
                "Specify at most one of AccessPointId and FileSystemId.",
            ));
        }
        let page = ACCESS_POINTS.request(req.max_results, req.next_token.as_deref())?;
        if let Some(id) = &req.access_point_id {
            let ap = self
                .state
                .efs
                .access_points
                .get(id)
                .ok_or_else(|| ap_not_found(id))?;
            return Ok(DescribeAccessPointsResponse {
                access_points: vec![self.describe_ap(ap)],
                next_token: None,
            });
        }
        if let Some(id) = &req.file_system_id
            && self.efs_file_system(id).is_none()
        {
            return Err(fs_not_found(id));
        }
        let items: Vec<(String, AccessPointDescription)> = self
            .state
            .efs
            .access_points
            .values()
            .filter(|a| {
                req.file_system_id
                    .as_ref()
                    .is_none_or(|f| &a.file_system_id == f)
            })
            .map(|a| (a.id.clone(), self.describe_ap(a)))
            .collect();
        let (access_points, next_token) = page.page(items);
        Ok(DescribeAccessPointsResponse {
            access_points,
            next_token,
        })
    }

    pub(crate) fn delete_access_point(
        &mut self,
        req: AccessPointIdRequest,
    ) -> Result<EfsEmpty, ApiError> {
        self.state
            .efs
            .access_points
            .remove(&req.access_point_id)
            .ok_or_else(|| ap_not_found(&req.access_point_id))?;
        Ok(EfsEmpty {})
    }

    /// The tags of a file system or access point, by id.
    fn efs_tags_mut(&mut self, id: &str) -> Result<&mut Vec<Tag>, ApiError> {
        if id.starts_with("fsap-") {
            return self
                .state
                .efs
                .access_points
                .get_mut(id)
                .map(|a| &mut a.tags)
                .ok_or_else(|| ap_not_found(id));
        }
        self.state
            .efs
            .file_systems
            .get_mut(id)
            .map(|f| &mut f.tags)
            .ok_or_else(|| fs_not_found(id))
    }

    pub(crate) fn efs_tag_resource(
        &mut self,
        req: EfsTagResourceRequest,
    ) -> Result<EfsEmpty, ApiError> {
        check_tags(&req.tags)?;
        let tags = self.efs_tags_mut(&req.resource_id)?;
        merge_tags(tags, &req.tags);
        Ok(EfsEmpty {})
    }

    pub(crate) fn efs_untag_resource(
        &mut self,
        req: EfsUntagResourceRequest,
    ) -> Result<EfsEmpty, ApiError> {
        let tags = self.efs_tags_mut(&req.resource_id)?;
        tags.retain(|t| !req.tag_keys.contains(&t.key));
        Ok(EfsEmpty {})
    }

    pub(crate) fn efs_list_tags_for_resource(
        &mut self,
        req: EfsListTagsForResourceRequest,
    ) -> Result<EfsListTagsForResourceResponse, ApiError> {
        if req.next_token.is_some() {
            return Err(bad_request(
                "The NextToken is not valid: every tag fits in one page.",
            ));
        }
        let tags = self.efs_tags_mut(&req.resource_id)?.clone();
        Ok(EfsListTagsForResourceResponse { tags })
    }

    /// Mount targets are in their subnet's VPC and AZ, one per AZ per file
    /// system; access points and mount targets belong to a file system.
    pub(crate) fn check_efs_invariants(&self) -> Result<(), String> {
        let efs = &self.state.efs;
        for m in efs.mount_targets.values() {
            if !efs.file_systems.contains_key(&m.file_system_id) {
                return Err(format!("mount target {} outlives its file system", m.id));
            }
            if efs.mount_targets.values().any(|o| {
                o.id != m.id
                    && o.file_system_id == m.file_system_id
                    && o.availability_zone == m.availability_zone
            }) {
                return Err(format!("two mount targets share {}'s AZ", m.id));
            }
        }
        for a in efs.access_points.values() {
            if !efs.file_systems.contains_key(&a.file_system_id) {
                return Err(format!("access point {} outlives its file system", a.id));
            }
        }
        for f in efs.file_systems.values() {
            if f.files.len() > files::MAX_FILES
                || f.files.values().any(|c| c.len() > files::MAX_FILE_BYTES)
            {
                return Err(format!(
                    "file system {} holds more than its MODEL cap",
                    f.id
                ));
            }
        }
        Ok(())
    }
}
