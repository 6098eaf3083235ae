//! ECR repositories: CreateRepository, DescribeRepositories, DeleteRepository,
//! PutImageTagMutability, PutImageScanningConfiguration.
//!
//! - Names follow F10.2 (2–256 characters, the regex below, namespaces with
//!   `/`); URIs `<account>.dkr.ecr.<region>.amazonaws.com/<name>` (F10.1);
//!   ARNs `arn:aws:ecr:<region>:<account>:repository/<name>`.
//! - Tag mutability defaults to MUTABLE; IMMUTABLE refuses re-pushing a tag
//!   (F10.3), and the `*_WITH_EXCLUSION` variants make the tags matching their
//!   wildcard filters the exception (BOTO-ECR:ImageTagMutability).
//! - `scanOnPush` defaults to false (F10.5); encryption defaults to AES256.
//! - DeleteRepository refuses a repository with images unless `force`.

use super::Tag;
use crate::base::describe::{check_count, describe};
use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// F10.2, as botocore gives it.
pub const REPOSITORY_NAME_REGEX: &str =
    r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*";
/// MODEL: repositories per region (ECR quota 100,000, adjustable).
pub const MAX_REPOSITORIES: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImageTagMutability {
    #[default]
    Mutable,
    Immutable,
    ImmutableWithExclusion,
    MutableWithExclusion,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageTagMutabilityExclusionFilter {
    /// Only `WILDCARD`.
    pub filter_type: String,
    pub filter: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageScanningConfiguration {
    #[serde(default, deserialize_with = "super::bool_or_string")]
    pub scan_on_push: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EncryptionType {
    #[default]
    #[serde(rename = "AES256")]
    Aes256,
    #[serde(rename = "KMS")]
    Kms,
    #[serde(rename = "KMS_DSSE")]
    KmsDsse,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EncryptionConfiguration {
    pub encryption_type: EncryptionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
}

/// The `Repository` shape, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub repository_arn: String,
    pub registry_id: String,
    pub repository_name: String,
    pub repository_uri: String,
    pub created_at: f64,
    pub image_tag_mutability: ImageTagMutability,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_tag_mutability_exclusion_filters: Vec<ImageTagMutabilityExclusionFilter>,
    pub image_scanning_configuration: ImageScanningConfiguration,
    pub encryption_configuration: EncryptionConfiguration,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRepositoryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tag_mutability: Option<ImageTagMutability>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_tag_mutability_exclusion_filters: Vec<ImageTagMutabilityExclusionFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_scanning_configuration: Option<ImageScanningConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateRepositoryResponse {
    pub repository: Repository,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeRepositoriesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repository_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeRepositoriesResponse {
    pub repositories: Vec<Repository>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteRepositoryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeleteRepositoryResponse {
    pub repository: Repository,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutImageTagMutabilityRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_tag_mutability: ImageTagMutability,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_tag_mutability_exclusion_filters: Vec<ImageTagMutabilityExclusionFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutImageTagMutabilityResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub image_tag_mutability: ImageTagMutability,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_tag_mutability_exclusion_filters: Vec<ImageTagMutabilityExclusionFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutImageScanningConfigurationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_scanning_configuration: ImageScanningConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutImageScanningConfigurationResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub image_scanning_configuration: ImageScanningConfiguration,
}

// ----------------------------------------------------------------- rules ---

/// One path component of F10.2's regex:
/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
pub(crate) fn is_valid_component(part: &str) -> bool {
    let bytes = part.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && alnum(bytes[i]) {
            i += 1;
        }
        if i == start {
            return false; // empty run: leading, trailing or doubled separator
        }
        if i == bytes.len() {
            return true;
        }
        let sep_start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &part[sep_start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
}

/// F10.2: 2–256 characters matching [`REPOSITORY_NAME_REGEX`].
pub fn is_valid_repository_name(name: &str) -> bool {
    (2..=256).contains(&name.len()) && name.split('/').all(is_valid_component)
}

pub(crate) fn check_repository_name(name: &str) -> Result<(), ApiError> {
    if name.len() < 2 || name.len() > 256 {
        let bound = if name.len() < 2 {
            "greater than or equal to 2"
        } else {
            "less than or equal to 256"
        };
        return Err(ApiError::invalid_parameter(format!(
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length {bound}'"
        )));
    }
    if !is_valid_repository_name(name) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '{REPOSITORY_NAME_REGEX}''"
        )));
    }
    Ok(())
}

/// `*` matches any run of characters (ECR's WILDCARD filters and
/// `tagPatternList`).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn check_exclusions(
    mutability: ImageTagMutability,
    filters: &[ImageTagMutabilityExclusionFilter],
) -> Result<(), ApiError> {
    let with_exclusion = matches!(
        mutability,
        ImageTagMutability::ImmutableWithExclusion | ImageTagMutability::MutableWithExclusion
    );
    if with_exclusion && filters.is_empty() {
        return Err(ApiError::invalid_parameter(
            "imageTagMutabilityExclusionFilters are required when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION.",
        ));
    }
    if !with_exclusion && !filters.is_empty() {
        return Err(ApiError::invalid_parameter(
            "imageTagMutabilityExclusionFilters can only be used with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION.",
        ));
    }
    if filters.len() > 5 {
        return Err(ApiError::invalid_parameter(
            "At most 5 imageTagMutabilityExclusionFilters can be given.",
        ));
    }
    for f in filters {
        if f.filter_type != "WILDCARD" {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid filterType '{}': the only filter type is WILDCARD.",
                f.filter_type
            )));
        }
        let ok = (1..=128).contains(&f.filter.len())
            && f.filter
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._*-".contains(&b));
        if !ok {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid filter '{}': 1 to 128 letters, digits, '.', '_', '-' and '*' wildcards.",
                f.filter
            )));
        }
    }
    Ok(())
}

fn check_tags(tags: &[Tag]) -> Result<(), ApiError> {
    let as_ecs: Vec<crate::ecs::tags::Tag> = tags
        .iter()
        .map(|t| crate::ecs::tags::Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect();
    crate::ecs::tags::validate(&as_ecs)
}

impl super::RepositoryRecord {
    /// Whether a push may move `tag` off the image that has it (F10.3).
    pub fn tag_is_immutable(&self, tag: &str) -> bool {
        let excluded = self
            .exclusion_filters
            .iter()
            .any(|f| wildcard_match(&f.filter, tag));
        match self.tag_mutability {
            ImageTagMutability::Mutable => false,
            ImageTagMutability::Immutable => true,
            ImageTagMutability::ImmutableWithExclusion => !excluded,
            ImageTagMutability::MutableWithExclusion => excluded,
        }
    }
}

impl Sim {
    pub(crate) fn repository_shape(&self, r: &super::RepositoryRecord) -> Repository {
        Repository {
            repository_arn: r.arn.clone(),
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: r.name.clone(),
            repository_uri: r.uri.clone(),
            created_at: self.epoch(r.created_at),
            image_tag_mutability: r.tag_mutability,
            image_tag_mutability_exclusion_filters: r.exclusion_filters.clone(),
            image_scanning_configuration: ImageScanningConfiguration {
                scan_on_push: r.scan_on_push,
            },
            encryption_configuration: r.encryption.clone(),
        }
    }

    pub(crate) fn create_repository(
        &mut self,
        req: CreateRepositoryRequest,
    ) -> Result<CreateRepositoryResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        check_repository_name(&req.repository_name)?;
        check_tags(&req.tags)?;
        let mutability = req.image_tag_mutability.unwrap_or_default();
        check_exclusions(mutability, &req.image_tag_mutability_exclusion_filters)?;
        let mut encryption = req.encryption_configuration.unwrap_or_default();
        match encryption.encryption_type {
            EncryptionType::Aes256 if encryption.kms_key.is_some() => {
                return Err(ApiError::invalid_parameter(
                    "kmsKey can only be given with encryptionType KMS or KMS_DSSE.",
                ));
            }
            EncryptionType::Kms | EncryptionType::KmsDsse if encryption.kms_key.is_none() => {
                // Without a key, ECR uses the AWS managed key aws/ecr.
                encryption.kms_key = Some(self.arns.arn("kms", "alias/aws/ecr"));
            }
            _ => {}
        }
        let name = req.repository_name;
        if self.state.ecr.repositories.contains_key(&name) {
            return Err(ApiError::new(
                ErrorCode::RepositoryAlreadyExistsException,
                format!(
                    "The repository with name '{name}' already exists in the registry with id '{}'",
                    self.config.account_id
                ),
            ));
        }
        if self.state.ecr.repositories.len() >= MAX_REPOSITORIES {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "The limit of {MAX_REPOSITORIES} repositories per region has been reached."
                ),
            ));
        }
        self.state.ecr.next_serial += 1;
        let record = super::RepositoryRecord {
            arn: self.arns.arn("ecr", &format!("repository/{name}")),
            uri: format!("{}/{name}", self.ecr_registry_host()),
            name: name.clone(),
            created_at: self.now,
            serial: self.state.ecr.next_serial,
            tag_mutability: mutability,
            exclusion_filters: req.image_tag_mutability_exclusion_filters,
            scan_on_push: req
                .image_scanning_configuration
                .is_some_and(|c| c.scan_on_push),
            encryption,
            tags: req.tags,
            images: Default::default(),
            lifecycle: None,
            preview: None,
            policy: None,
        };
        let repository = self.repository_shape(&record);
        self.emit(EventKind::EcrRepositoryCreated {
            repository_arn: record.arn.clone(),
        });
        self.state.ecr.repositories.insert(name, record);
        Ok(CreateRepositoryResponse { repository })
    }

    pub(crate) fn describe_repositories(
        &self,
        req: DescribeRepositoriesRequest,
    ) -> Result<DescribeRepositoriesResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        if !req.repository_names.is_empty() {
            if req.next_token.is_some() || req.max_results.is_some() {
                return Err(ApiError::invalid_parameter(
                    "Pagination (nextToken, maxResults) cannot be used together with repositoryNames.",
                ));
            }
            check_count(req.repository_names.len(), 1..=100, |_| {
                ApiError::invalid_parameter("repositoryNames accepts at most 100 names.")
            })?;
            // A name that names nothing refuses the whole call
            // (RepositoryNotFoundException), not a failure entry.
            let repositories = describe(
                &req.repository_names,
                |name| {
                    self.state
                        .ecr
                        .repositories
                        .get(name)
                        .map(|r| self.repository_shape(r))
                        .ok_or(())
                },
                |name, ()| self.repository_not_found(name),
            )
            .or_first_failure()?;
            return Ok(DescribeRepositoriesResponse {
                repositories,
                next_token: None,
            });
        }
        let (page, next_token) = Limits::max_results("DescribeRepositories", 1000)
            .request(req.max_results, req.next_token.as_deref())?
            .page_in_order(
                self.state
                    .ecr
                    .repositories
                    .values()
                    .map(|r| (r.name.as_str(), r)),
            );
        Ok(DescribeRepositoriesResponse {
            repositories: page.into_iter().map(|r| self.repository_shape(r)).collect(),
            next_token,
        })
    }

    pub(crate) fn delete_repository(
        &mut self,
        req: DeleteRepositoryRequest,
    ) -> Result<DeleteRepositoryResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        if !repo.images.is_empty() && !req.force {
            return Err(ApiError::new(
                ErrorCode::RepositoryNotEmptyException,
                format!(
                    "The repository with name '{}' in registry with id '{}' cannot be deleted because it still contains images",
                    repo.name, self.config.account_id
                ),
            ));
        }
        let repository = self.repository_shape(repo);
        let images_deleted = repo.images.len() as u64;
        self.state.ecr.repositories.remove(&req.repository_name);
        self.emit(EventKind::EcrRepositoryDeleted {
            repository_arn: repository.repository_arn.clone(),
            images_deleted,
        });
        Ok(DeleteRepositoryResponse { repository })
    }

    pub(crate) fn put_image_tag_mutability(
        &mut self,
        req: PutImageTagMutabilityRequest,
    ) -> Result<PutImageTagMutabilityResponse, ApiError> {
        check_exclusions(
            req.image_tag_mutability,
            &req.image_tag_mutability_exclusion_filters,
        )?;
        let repo = self.repository_mut(req.registry_id.as_deref(), &req.repository_name)?;
        repo.tag_mutability = req.image_tag_mutability;
        repo.exclusion_filters
            .clone_from(&req.image_tag_mutability_exclusion_filters);
        Ok(PutImageTagMutabilityResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            image_tag_mutability: req.image_tag_mutability,
            image_tag_mutability_exclusion_filters: req.image_tag_mutability_exclusion_filters,
        })
    }

    pub(crate) fn put_image_scanning_configuration(
        &mut self,
        req: PutImageScanningConfigurationRequest,
    ) -> Result<PutImageScanningConfigurationResponse, ApiError> {
        let repo = self.repository_mut(req.registry_id.as_deref(), &req.repository_name)?;
        repo.scan_on_push = req.image_scanning_configuration.scan_on_push;
        Ok(PutImageScanningConfigurationResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            image_scanning_configuration: req.image_scanning_configuration,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn repository_name_rule_is_f10_2() {
        for good in [
            "web",
            "ab",
            "team-a/web-app",
            "a.b_c__d---e",
            "1abc",
            "x/y/z",
        ] {
            assert!(is_valid_repository_name(good), "{good}");
        }
        for bad in [
            "a", "Web", "web/", "/web", "a//b", "a..b", "a___b", "a-.b", "-web", "web-", "we b",
            "café",
        ] {
            assert!(!is_valid_repository_name(bad), "{bad}");
        }
        assert!(is_valid_repository_name(&"a".repeat(256)));
        assert!(!is_valid_repository_name(&"a".repeat(257)));
        let err = check_repository_name("Web").unwrap_err();
        assert!(err.message.contains(REPOSITORY_NAME_REGEX), "{err}");
        let err = check_repository_name("a").unwrap_err();
        assert!(err.message.contains("greater than or equal to 2"), "{err}");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("prod*", "prod-1"));
        assert!(wildcard_match("*-rc*", "v1-rc2"));
        assert!(wildcard_match("latest", "latest"));
        assert!(!wildcard_match("latest", "latest2"));
        assert!(!wildcard_match("prod*", "staging-prod"));
        assert!(wildcard_match("*", ""));
    }
}

// ------------------------------------------------------------------ tags ---

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TagResourceRequest {
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagResourceResponse {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UntagResourceRequest {
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntagResourceResponse {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTagsForResourceRequest {
    pub resource_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListTagsForResourceResponse {
    pub tags: Vec<Tag>,
}

impl Sim {
    /// The repository a `resourceArn` names.
    fn repository_by_arn(&self, arn: &str) -> Result<String, ApiError> {
        let Some(name) = self
            .arns
            .resource("ecr", arn)
            .and_then(|r| r.strip_prefix("repository/"))
        else {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid parameter at 'resourceArn': '{arn}' is not the ARN of a repository in this account and region (arn:aws:ecr:{}:{}:repository/<name>).",
                self.config.region, self.config.account_id
            )));
        };
        self.repository(None, name).map(|r| r.name.clone())
    }

    pub(crate) fn tag_resource(
        &mut self,
        req: TagResourceRequest,
    ) -> Result<TagResourceResponse, ApiError> {
        let name = self.repository_by_arn(&req.resource_arn)?;
        let repo = self.repository_mut(None, &name)?;
        let mut merged = repo.tags.clone();
        for tag in req.tags {
            match merged.iter_mut().find(|t| t.key == tag.key) {
                Some(existing) => existing.value = tag.value,
                None => merged.push(tag),
            }
        }
        check_tags(&merged)?;
        repo.tags = merged;
        Ok(TagResourceResponse {})
    }

    pub(crate) fn untag_resource(
        &mut self,
        req: UntagResourceRequest,
    ) -> Result<UntagResourceResponse, ApiError> {
        let name = self.repository_by_arn(&req.resource_arn)?;
        let repo = self.repository_mut(None, &name)?;
        repo.tags.retain(|t| !req.tag_keys.contains(&t.key));
        Ok(UntagResourceResponse {})
    }

    pub(crate) fn list_tags_for_resource(
        &self,
        req: ListTagsForResourceRequest,
    ) -> Result<ListTagsForResourceResponse, ApiError> {
        let name = self.repository_by_arn(&req.resource_arn)?;
        let repo = self.repository(None, &name)?;
        Ok(ListTagsForResourceResponse {
            tags: repo.tags.clone(),
        })
    }
}
