//! Amazon ECR (botocore `ecr/2015-09-21`): private repositories, the images
//! pushed to them, lifecycle policies, basic scanning, authorization tokens
//! and repository policies. Facts: section 10 of `shared/aws-behaviour.md`
//! (F10.1–F10.9). The `docker` side (build, tag, push, pull) is in
//! [`crate::images`].

pub mod auth;
pub mod images;
pub mod lifecycle;
pub mod repository;
pub mod scan;

use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub use repository::{EncryptionConfiguration, ImageScanningConfiguration, ImageTagMutability};

/// Everything ECR holds for the account, plus the learner's local Docker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EcrState {
    /// By repository name.
    pub repositories: BTreeMap<String, RepositoryRecord>,
    /// Increases with every repository created and every lifecycle policy
    /// put, so a timer scheduled for an older one is recognised as stale.
    pub next_serial: u64,
    /// Authorization tokens handed out by GetAuthorizationToken: the
    /// password → when it expires (F10.9: 12 hours).
    pub tokens: BTreeMap<String, SimTime>,
    /// The learner's Docker engine (images built or pulled, registry logins).
    pub docker: crate::images::LocalDocker,
}

/// ECR's `Tag` shape: `Key`/`Value`, capitalised as ECR spells them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepositoryRecord {
    pub name: String,
    pub arn: String,
    pub uri: String,
    pub created_at: SimTime,
    pub serial: u64,
    pub tag_mutability: ImageTagMutability,
    pub exclusion_filters: Vec<repository::ImageTagMutabilityExclusionFilter>,
    pub scan_on_push: bool,
    pub encryption: EncryptionConfiguration,
    pub tags: Vec<Tag>,
    /// By digest.
    pub images: BTreeMap<String, ImageRecord>,
    pub lifecycle: Option<lifecycle::PolicyRecord>,
    pub preview: Option<lifecycle::PreviewRecord>,
    /// The repository policy (JSON text), if one is set.
    pub policy: Option<String>,
}

/// An image in a repository: a manifest (its digest) and the tags on it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRecord {
    pub digest: String,
    pub tags: BTreeSet<String>,
    pub size_bytes: u64,
    pub pushed_at: SimTime,
    /// Orders pushes made at the same simulated millisecond.
    pub push_seq: u64,
    /// The catalogue image it was built from (for scan findings).
    pub base: String,
    pub scan: Option<scan::ScanRecord>,
    /// The last pull (`lastRecordedPullTime`).
    pub last_pulled_at: Option<SimTime>,
}

/// `ImageIdentifier`: a tag, a digest or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageIdentifier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tag: Option<String>,
}

/// The `filter` of ListImages and DescribeImages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TagStatus {
    Tagged,
    Untagged,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_status: Option<TagStatus>,
}

impl TagStatus {
    pub(crate) fn admits(self, image: &ImageRecord) -> bool {
        match self {
            TagStatus::Tagged => !image.tags.is_empty(),
            TagStatus::Untagged => image.tags.is_empty(),
            TagStatus::Any => true,
        }
    }
}

/// A repository as the sandbox draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryView {
    pub name: String,
    pub uri: String,
    pub tag_mutability: ImageTagMutability,
    pub scan_on_push: bool,
    pub has_lifecycle_policy: bool,
    pub has_repository_policy: bool,
    /// Oldest push first.
    pub images: Vec<ImageView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageView {
    pub digest: String,
    pub tags: Vec<String>,
    pub size_bytes: u64,
    pub pushed_at: SimTime,
    /// `None` (never scanned), `IN_PROGRESS` or `COMPLETE`.
    #[serde(default, deserialize_with = "crate::base::intern::optional_word")]
    pub scan_status: Option<crate::base::intern::Word>,
}

/// MODEL: images per repository (F10.6: 100,000, adjustable).
pub const MAX_IMAGES_PER_REPOSITORY: usize = 100_000;

/// Accepts a JSON boolean or the strings `"true"`/`"false"` (what AWS CLI
/// shorthand such as `scanOnPush=true` yields).
pub(crate) fn bool_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Text(String),
    }
    match B::deserialize(d)? {
        B::Bool(b) => Ok(b),
        B::Text(t) if t.eq_ignore_ascii_case("true") => Ok(true),
        B::Text(t) if t.eq_ignore_ascii_case("false") => Ok(false),
        B::Text(t) => Err(serde::de::Error::custom(format!(
            "expected true or false, got '{t}'"
        ))),
    }
}

impl Sim {
    pub(crate) fn ecr_registry_id(&self) -> &str {
        &self.config.account_id
    }

    /// `<account>.dkr.ecr.<region>.amazonaws.com` (F10.1).
    pub(crate) fn ecr_registry_host(&self) -> String {
        format!(
            "{}.dkr.ecr.{}.amazonaws.com",
            self.config.account_id, self.config.region
        )
    }

    pub(crate) fn epoch(&self, t: SimTime) -> f64 {
        t.epoch_seconds(self.config.start_epoch_ms)
    }

    /// Checks `registryId` (this simulator has one registry: the account's).
    pub(crate) fn check_registry_id(&self, registry_id: Option<&str>) -> Result<(), ApiError> {
        match registry_id {
            Some(id) if id != self.config.account_id => Err(ApiError::new(
                ErrorCode::InvalidParameterException,
                format!(
                    "Invalid parameter at 'registryId': this sandbox has one registry, '{}'; registry '{id}' belongs to another account.",
                    self.config.account_id
                ),
            )),
            _ => Ok(()),
        }
    }

    pub(crate) fn repository_not_found(&self, name: &str) -> ApiError {
        // F10.8: the text ECR (and the Docker client) shows.
        ApiError::new(
            ErrorCode::RepositoryNotFoundException,
            format!(
                "The repository with name '{name}' does not exist in the registry with id '{}'",
                self.config.account_id
            ),
        )
    }

    pub(crate) fn repository(
        &self,
        registry_id: Option<&str>,
        name: &str,
    ) -> Result<&RepositoryRecord, ApiError> {
        self.check_registry_id(registry_id)?;
        self.state
            .ecr
            .repositories
            .get(name)
            .ok_or_else(|| self.repository_not_found(name))
    }

    pub(crate) fn repository_mut(
        &mut self,
        registry_id: Option<&str>,
        name: &str,
    ) -> Result<&mut RepositoryRecord, ApiError> {
        self.check_registry_id(registry_id)?;
        let missing = self.repository_not_found(name);
        self.state.ecr.repositories.get_mut(name).ok_or(missing)
    }

    pub(crate) fn ecr_view(&self) -> Vec<RepositoryView> {
        self.state
            .ecr
            .repositories
            .values()
            .map(|r| {
                let mut images: Vec<&ImageRecord> = r.images.values().collect();
                images.sort_by_key(|i| (i.pushed_at, i.push_seq));
                RepositoryView {
                    name: r.name.clone(),
                    uri: r.uri.clone(),
                    tag_mutability: r.tag_mutability,
                    scan_on_push: r.scan_on_push,
                    has_lifecycle_policy: r.lifecycle.is_some(),
                    has_repository_policy: r.policy.is_some(),
                    images: images
                        .into_iter()
                        .map(|i| ImageView {
                            digest: i.digest.clone(),
                            tags: i.tags.iter().cloned().collect(),
                            size_bytes: i.size_bytes,
                            pushed_at: i.pushed_at,
                            scan_status: i.scan.as_ref().map(|s| {
                                if s.completed_at.is_some() {
                                    "COMPLETE"
                                } else {
                                    "IN_PROGRESS"
                                }
                            }),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// ECR's invariants: names, ARNs and URIs agree; every tag is on one
    /// image only; digests are well-formed.
    pub(crate) fn check_ecr_invariants(&self) -> Result<(), String> {
        for (name, repo) in &self.state.ecr.repositories {
            if name != &repo.name || repo.arn != self.arns.arn("ecr", &format!("repository/{name}"))
            {
                return Err(format!("repository '{name}' has name/ARN {}", repo.arn));
            }
            if repo.uri != format!("{}/{name}", self.ecr_registry_host()) {
                return Err(format!("repository '{name}' has URI {}", repo.uri));
            }
            let seqs: BTreeSet<u64> = repo.images.values().map(|i| i.push_seq).collect();
            if seqs.len() != repo.images.len() {
                return Err(format!(
                    "two images of '{name}' share a push sequence number"
                ));
            }
            let mut seen = BTreeSet::new();
            for (digest, image) in &repo.images {
                if digest != &image.digest || !crate::images::is_sha256_digest(digest) {
                    return Err(format!("repository '{name}' holds bad digest {digest}"));
                }
                for tag in &image.tags {
                    if !seen.insert(tag) {
                        return Err(format!("tag '{tag}' is on two images in '{name}'"));
                    }
                }
            }
        }
        Ok(())
    }
}
