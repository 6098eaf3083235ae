//! Images in ECR repositories: ListImages, DescribeImages, BatchDeleteImage,
//! BatchGetImage, and how a `docker push` lands in a repository.
//!
//! - A push of a tag that another image has moves the tag in a MUTABLE
//!   repository (the old image keeps its digest and is left untagged if it
//!   has no other tag) and is refused in an IMMUTABLE one with
//!   `ImageTagAlreadyExistsException` (F10.3).
//! - ListImages lists one `imageId` per tag, and untagged images by digest.
//! - BatchDeleteImage by tag removes the tag (the image goes when its last
//!   tag does); by digest removes the image; problems are per-image
//!   `failures` with ECR's failure codes.

use super::{
    ImageFilter, ImageIdentifier, ImageRecord, MAX_IMAGES_PER_REPOSITORY, RepositoryRecord,
    TagStatus,
};
use crate::base::describe::{check_count, describe};
use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::images::{LocalImage, is_sha256_digest};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const ARTIFACT_MEDIA_TYPE: &str = "application/vnd.docker.container.image.v1+json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListImagesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<ImageFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListImagesResponse {
    pub image_ids: Vec<ImageIdentifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeImagesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_ids: Vec<ImageIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<ImageFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageScanStatus {
    pub status: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageScanFindingsSummary {
    pub image_scan_completed_at: f64,
    pub vulnerability_source_updated_at: f64,
    pub finding_severity_counts: std::collections::BTreeMap<String, u32>,
}

/// The `ImageDetail` shape, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageDetail {
    pub registry_id: String,
    pub repository_name: String,
    pub image_digest: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_tags: Vec<String>,
    pub image_size_in_bytes: u64,
    pub image_pushed_at: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_scan_status: Option<ImageScanStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_scan_findings_summary: Option<ImageScanFindingsSummary>,
    pub image_manifest_media_type: String,
    pub artifact_media_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_recorded_pull_time: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesResponse {
    pub image_details: Vec<ImageDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchDeleteImageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_ids: Vec<ImageIdentifier>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageFailure {
    pub image_id: ImageIdentifier,
    pub failure_code: String,
    pub failure_reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchDeleteImageResponse {
    pub image_ids: Vec<ImageIdentifier>,
    pub failures: Vec<ImageFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchGetImageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_ids: Vec<ImageIdentifier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_media_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub registry_id: String,
    pub repository_name: String,
    pub image_id: ImageIdentifier,
    pub image_manifest: String,
    pub image_manifest_media_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetImageResponse {
    pub images: Vec<Image>,
    pub failures: Vec<ImageFailure>,
}

/// How an `ImageIdentifier` resolves in a repository.
enum Lookup<'a> {
    Found(&'a ImageRecord),
    Failure(&'static str, &'static str),
}

fn lookup<'a>(repo: &'a RepositoryRecord, id: &ImageIdentifier) -> Lookup<'a> {
    if let Some(d) = &id.image_digest
        && !(d.contains(':') && is_sha256_digest(d))
    {
        return Lookup::Failure(
            "InvalidImageDigest",
            "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
        );
    }
    if let Some(t) = &id.image_tag
        && (t.is_empty() || t.len() > 300)
    {
        // F10.2: tags are 1–300 characters.
        return Lookup::Failure(
            "InvalidImageTag",
            "Invalid request parameters: image tag must be 1 to 300 characters",
        );
    }
    let by_tag = id
        .image_tag
        .as_ref()
        .map(|t| repo.images.values().find(|i| i.tags.contains(t)));
    let by_digest = id.image_digest.as_ref().map(|d| repo.images.get(d));
    match (by_digest, by_tag) {
        (None, None) => Lookup::Failure(
            "MissingDigestAndTag",
            "Invalid request parameters: both tag and digest cannot be null",
        ),
        (Some(Some(a)), Some(Some(b))) if a.digest != b.digest => Lookup::Failure(
            "ImageTagDoesNotMatchDigest",
            "Invalid request parameters: given tag does not map to given digest",
        ),
        (Some(Some(image)), None | Some(Some(_))) | (None, Some(Some(image))) => {
            Lookup::Found(image)
        }
        _ => Lookup::Failure("ImageNotFound", "Requested image not found"),
    }
}

fn id_text(id: &ImageIdentifier) -> String {
    let q = |v: &Option<String>| match v {
        Some(s) => format!("'{s}'"),
        None => "'null'".to_owned(),
    };
    format!(
        "{{imageDigest:{}, imageTag:{}}}",
        q(&id.image_digest),
        q(&id.image_tag)
    )
}

/// Images newest-last by push time (then digest), the order of listings.
fn ordered(repo: &RepositoryRecord) -> Vec<&ImageRecord> {
    let mut images: Vec<&ImageRecord> = repo.images.values().collect();
    images.sort_by_key(|i| (i.pushed_at, i.push_seq));
    images
}

fn image_key(image: &ImageRecord) -> String {
    format!(
        "{:020}|{:020}|{}",
        image.pushed_at.0, image.push_seq, image.digest
    )
}

impl Sim {
    pub(crate) fn image_detail(&self, repo: &RepositoryRecord, image: &ImageRecord) -> ImageDetail {
        let (status, summary) = self.scan_status_and_summary(image);
        ImageDetail {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: repo.name.clone(),
            image_digest: image.digest.clone(),
            image_tags: image.tags.iter().cloned().collect(),
            image_size_in_bytes: image.size_bytes,
            image_pushed_at: self.epoch(image.pushed_at),
            image_scan_status: status,
            image_scan_findings_summary: summary,
            image_manifest_media_type: MANIFEST_MEDIA_TYPE.to_owned(),
            artifact_media_type: ARTIFACT_MEDIA_TYPE.to_owned(),
            last_recorded_pull_time: image.last_pulled_at.map(|t| self.epoch(t)),
        }
    }

    /// Records `local` pushed to `repository:tag`. `Ok(true)` when the
    /// repository changed, `Ok(false)` when it already had exactly this.
    pub(crate) fn ecr_accept_push(
        &mut self,
        repository: &str,
        tag: &str,
        local: &LocalImage,
    ) -> Result<bool, ApiError> {
        let now = self.now;
        let repo = self.repository(None, repository)?;
        let holder = repo
            .images
            .values()
            .find(|i| i.tags.contains(tag))
            .map(|i| i.digest.clone());
        if holder.as_deref() == Some(local.digest.as_str()) {
            return Ok(false);
        }
        if holder.is_some() && repo.tag_is_immutable(tag) {
            // F10.3. (The Docker client shows ECR's reason as below.)
            return Err(ApiError::new(
                ErrorCode::ImageTagAlreadyExistsException,
                format!(
                    "tag invalid: The image tag '{tag}' already exists in the '{repository}' repository and cannot be overwritten because the repository is immutable."
                ),
            ));
        }
        let is_new = !repo.images.contains_key(&local.digest);
        if is_new && repo.images.len() >= MAX_IMAGES_PER_REPOSITORY {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "The repository '{repository}' has reached the limit of {MAX_IMAGES_PER_REPOSITORY} images."
                ),
            ));
        }
        let scan_on_push = repo.scan_on_push;
        let arn = repo.arn.clone();
        let uri = repo.uri.clone();
        self.state.ecr.next_serial += 1;
        let push_seq = self.state.ecr.next_serial;
        let mut untagged = None;
        if let Some(repo) = self.state.ecr.repositories.get_mut(repository) {
            if let Some(old) = holder.as_ref().and_then(|d| repo.images.get_mut(d)) {
                old.tags.remove(tag);
                if old.tags.is_empty() {
                    untagged = Some(old.digest.clone());
                }
            }
            let image = repo
                .images
                .entry(local.digest.clone())
                .or_insert_with(|| ImageRecord {
                    digest: local.digest.clone(),
                    tags: BTreeSet::new(),
                    size_bytes: local.size_bytes,
                    pushed_at: now,
                    push_seq,
                    base: local.base.clone(),
                    scan: None,
                    last_pulled_at: None,
                });
            image.tags.insert(tag.to_owned());
        }
        self.emit(EventKind::EcrImagePushed {
            repository_arn: arn.clone(),
            image: format!("{uri}:{tag}@{}", local.digest),
        });
        if let Some(digest) = untagged {
            self.emit(EventKind::EcrImageUntagged {
                repository_arn: arn,
                image: format!("{uri}@{digest}"),
            });
        }
        if is_new && scan_on_push {
            self.start_scan(repository, &local.digest);
        }
        Ok(true)
    }

    pub(crate) fn list_images(
        &self,
        req: ListImagesRequest,
    ) -> Result<ListImagesResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        let paging = Limits::max_results("ListImages", 1000)
            .request(req.max_results, req.next_token.as_deref())?;
        let status = req
            .filter
            .and_then(|f| f.tag_status)
            .unwrap_or(TagStatus::Any);
        let mut entries = Vec::new();
        for image in ordered(repo).into_iter().filter(|i| status.admits(i)) {
            if image.tags.is_empty() {
                entries.push((
                    format!("{}|", image_key(image)),
                    ImageIdentifier {
                        image_digest: Some(image.digest.clone()),
                        image_tag: None,
                    },
                ));
            }
            for tag in &image.tags {
                entries.push((
                    format!("{}|{tag}", image_key(image)),
                    ImageIdentifier {
                        image_digest: Some(image.digest.clone()),
                        image_tag: Some(tag.clone()),
                    },
                ));
            }
        }
        let (image_ids, next_token) = paging.page_in_order(entries);
        Ok(ListImagesResponse {
            image_ids,
            next_token,
        })
    }

    pub(crate) fn describe_images(
        &self,
        req: DescribeImagesRequest,
    ) -> Result<DescribeImagesResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        if !req.image_ids.is_empty() {
            if req.next_token.is_some() || req.max_results.is_some() || req.filter.is_some() {
                return Err(ApiError::invalid_parameter(
                    "imageIds cannot be used together with nextToken, maxResults or filter.",
                ));
            }
            if req.image_ids.len() > 100 {
                return Err(ApiError::invalid_parameter(
                    "imageIds accepts at most 100 images.",
                ));
            }
            let mut seen = BTreeSet::new();
            let mut image_details = Vec::new();
            for id in &req.image_ids {
                match lookup(repo, id) {
                    Lookup::Found(image) => {
                        if seen.insert(image.digest.clone()) {
                            image_details.push(self.image_detail(repo, image));
                        }
                    }
                    Lookup::Failure("ImageNotFound" | "ImageTagDoesNotMatchDigest", _) => {
                        return Err(ApiError::new(
                            ErrorCode::ImageNotFoundException,
                            format!(
                                "The image with imageId {} does not exist within the repository with name '{}' in the registry with id '{}'",
                                id_text(id),
                                repo.name,
                                self.config.account_id
                            ),
                        ));
                    }
                    Lookup::Failure(_, reason) => {
                        return Err(ApiError::invalid_parameter(reason));
                    }
                }
            }
            return Ok(DescribeImagesResponse {
                image_details,
                next_token: None,
            });
        }
        let paging = Limits::max_results("DescribeImages", 1000)
            .request(req.max_results, req.next_token.as_deref())?;
        let status = req
            .filter
            .and_then(|f| f.tag_status)
            .unwrap_or(TagStatus::Any);
        let (page, next_token) = paging.page_in_order(
            ordered(repo)
                .into_iter()
                .filter(|i| status.admits(i))
                .map(|i| (image_key(i), i)),
        );
        Ok(DescribeImagesResponse {
            image_details: page
                .into_iter()
                .map(|i| self.image_detail(repo, i))
                .collect(),
            next_token,
        })
    }

    pub(crate) fn batch_delete_image(
        &mut self,
        req: BatchDeleteImageRequest,
    ) -> Result<BatchDeleteImageResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        if req.image_ids.is_empty() || req.image_ids.len() > 100 {
            return Err(ApiError::invalid_parameter(
                "imageIds must list 1 to 100 images.",
            ));
        }
        let arn = repo.arn.clone();
        let uri = repo.uri.clone();
        let mut out = BatchDeleteImageResponse {
            image_ids: Vec::new(),
            failures: Vec::new(),
        };
        let mut removed_images = Vec::new();
        for id in &req.image_ids {
            let Some(repo) = self.state.ecr.repositories.get_mut(&req.repository_name) else {
                break;
            };
            let digest = match lookup(repo, id) {
                Lookup::Found(image) => image.digest.clone(),
                Lookup::Failure(code, reason) => {
                    out.failures.push(ImageFailure {
                        image_id: id.clone(),
                        failure_code: code.to_owned(),
                        failure_reason: reason.to_owned(),
                    });
                    continue;
                }
            };
            let Some(image) = repo.images.get_mut(&digest) else {
                continue;
            };
            match (&id.image_tag, &id.image_digest) {
                (Some(tag), None) => {
                    image.tags.remove(tag);
                    out.image_ids.push(ImageIdentifier {
                        image_digest: Some(digest.clone()),
                        image_tag: Some(tag.clone()),
                    });
                    if image.tags.is_empty() {
                        repo.images.remove(&digest);
                        removed_images.push(digest);
                    }
                }
                _ => {
                    if image.tags.is_empty() {
                        out.image_ids.push(ImageIdentifier {
                            image_digest: Some(digest.clone()),
                            image_tag: None,
                        });
                    }
                    for tag in &image.tags {
                        out.image_ids.push(ImageIdentifier {
                            image_digest: Some(digest.clone()),
                            image_tag: Some(tag.clone()),
                        });
                    }
                    repo.images.remove(&digest);
                    removed_images.push(digest);
                }
            }
        }
        for digest in removed_images {
            self.emit(EventKind::EcrImageDeleted {
                repository_arn: arn.clone(),
                image: format!("{uri}@{digest}"),
            });
        }
        Ok(out)
    }

    pub(crate) fn batch_get_image(
        &self,
        req: BatchGetImageRequest,
    ) -> Result<BatchGetImageResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        check_count(req.image_ids.len(), 1..=100, |_| {
            ApiError::invalid_parameter("imageIds must list 1 to 100 images.")
        })?;
        if let Some(other) = req
            .accepted_media_types
            .iter()
            .find(|m| m.as_str() != MANIFEST_MEDIA_TYPE)
        {
            return Err(ApiError::unsupported(
                "BatchGetImage",
                &format!("acceptedMediaTypes {other}"),
            ));
        }
        let out = describe(
            &req.image_ids,
            |id| match lookup(repo, id) {
                Lookup::Found(image) => Ok(Image {
                    registry_id: self.ecr_registry_id().to_owned(),
                    repository_name: repo.name.clone(),
                    image_id: ImageIdentifier {
                        image_digest: Some(image.digest.clone()),
                        image_tag: id.image_tag.clone(),
                    },
                    image_manifest: manifest(image),
                    image_manifest_media_type: MANIFEST_MEDIA_TYPE.to_owned(),
                }),
                Lookup::Failure(code, reason) => Err((code, reason)),
            },
            |id, (code, reason)| ImageFailure {
                image_id: id.clone(),
                failure_code: code.to_owned(),
                failure_reason: reason.to_owned(),
            },
        );
        Ok(BatchGetImageResponse {
            images: out.found,
            failures: out.failures,
        })
    }
}

/// A Docker image manifest (schema 2) for a simulated image: one config
/// blob and one layer holding the whole compressed size. The image digest is
/// not the hash of this text (the simulator derives digests from how an
/// image was made).
fn manifest(image: &ImageRecord) -> String {
    let config = crate::images::digest_of(&format!("config of {}", image.digest));
    let layer = crate::images::digest_of(&format!("layer of {}", image.digest));
    serde_json::json!({
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": {"mediaType": ARTIFACT_MEDIA_TYPE, "size": 1_470, "digest": config},
        "layers": [{
            "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "size": image.size_bytes,
            "digest": layer,
        }],
    })
    .to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutImageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_manifest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_manifest_media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_digest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PutImageResponse {
    pub image: Image,
}

impl Sim {
    /// PutImage, as used to re-tag an image without pulling it: the
    /// manifest of an image already in the repository (from BatchGetImage)
    /// with a new tag. Pushing new content is `docker push`'s job
    /// ([`Sim::docker_push`]); an unknown manifest is refused plainly.
    /// F10.3: an identical manifest and tag → ImageAlreadyExistsException; a
    /// tag held by another image in an IMMUTABLE repository →
    /// ImageTagAlreadyExistsException.
    pub(crate) fn put_image(&mut self, req: PutImageRequest) -> Result<PutImageResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        if let Some(t) = &req.image_manifest_media_type
            && t != MANIFEST_MEDIA_TYPE
        {
            return Err(ApiError::unsupported(
                "PutImage",
                &format!("imageManifestMediaType {t}"),
            ));
        }
        let Some(image) = repo
            .images
            .values()
            .find(|i| manifest(i) == req.image_manifest)
        else {
            return Err(ApiError::unsupported(
                "PutImage",
                "manifests of images not already in the repository (push new images with docker push)",
            ));
        };
        if let Some(d) = &req.image_digest
            && d != &image.digest
        {
            return Err(ApiError::invalid_parameter(format!(
                "The imageDigest {d} does not match the manifest's digest {}.",
                image.digest
            )));
        }
        let Some(tag) = req.image_tag.clone() else {
            return Err(ApiError::new(
                ErrorCode::ImageAlreadyExistsException,
                format!(
                    "Image with digest '{}' already exists in the repository with name '{}' in the registry with id '{}'",
                    image.digest, repo.name, self.config.account_id
                ),
            ));
        };
        if tag.is_empty() || tag.len() > 300 {
            return Err(ApiError::invalid_parameter(
                "imageTag must be 1 to 300 characters.",
            ));
        }
        let digest = image.digest.clone();
        let holder = repo
            .images
            .values()
            .find(|i| i.tags.contains(&tag))
            .map(|i| i.digest.clone());
        if holder.as_deref() == Some(digest.as_str()) {
            return Err(ApiError::new(
                ErrorCode::ImageAlreadyExistsException,
                format!(
                    "Image with digest '{digest}' and tag '{tag}' already exists in the repository with name '{}' in the registry with id '{}'",
                    repo.name, self.config.account_id
                ),
            ));
        }
        if holder.is_some() && repo.tag_is_immutable(&tag) {
            // F10.3, AWS's API wording.
            return Err(ApiError::new(
                ErrorCode::ImageTagAlreadyExistsException,
                "The specified image is tagged with a tag that already exists. The repository is configured for tag immutability.",
            ));
        }
        let local = LocalImage {
            digest: digest.clone(),
            size_bytes: image.size_bytes,
            base: image.base.clone(),
            tags: BTreeSet::new(),
        };
        self.ecr_accept_push(&req.repository_name, &tag, &local)?;
        Ok(PutImageResponse {
            image: Image {
                registry_id: self.ecr_registry_id().to_owned(),
                repository_name: req.repository_name,
                image_id: ImageIdentifier {
                    image_digest: Some(digest),
                    image_tag: Some(tag),
                },
                image_manifest: req.image_manifest,
                image_manifest_media_type: MANIFEST_MEDIA_TYPE.to_owned(),
            },
        })
    }
}
