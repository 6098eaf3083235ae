//! Basic image scanning (F10.5): StartImageScan, DescribeImageScanFindings,
//! scan on push. Findings come from the simulated catalogue image an image
//! was built on (simulated ids `SIM-…`, not real CVEs). "Each container
//! image may be scanned once per 24 hours" (F10.5).

use super::ImageIdentifier;
use crate::base::paginate::{Limits, PageRequest};
use crate::ecr::images::{ImageScanFindingsSummary, ImageScanStatus};
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::images::catalogue;
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// MODEL: how long a basic scan takes (AWS gives no duration).
pub const SCAN_DURATION: SimDuration = SimDuration::seconds(30);
/// F10.5: one scan per image per 24 hours.
pub const SCAN_INTERVAL: SimDuration = SimDuration::hours(24);

#[derive(Debug, Clone, PartialEq)]
pub struct ScanRecord {
    pub started_at: SimTime,
    pub completed_at: Option<SimTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartImageScanRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_id: ImageIdentifier,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartImageScanResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub image_id: ImageIdentifier,
    pub image_scan_status: ImageScanStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeImageScanFindingsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub image_id: ImageIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageScanFinding {
    pub name: String,
    pub description: String,
    pub severity: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageScanFindings {
    pub image_scan_completed_at: f64,
    pub vulnerability_source_updated_at: f64,
    pub finding_severity_counts: BTreeMap<String, u32>,
    pub findings: Vec<ImageScanFinding>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImageScanFindingsResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub image_id: ImageIdentifier,
    pub image_scan_status: ImageScanStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_scan_findings: Option<ImageScanFindings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

fn in_progress() -> ImageScanStatus {
    ImageScanStatus {
        status: "IN_PROGRESS".to_owned(),
        description: "The scan is in progress.".to_owned(),
    }
}

fn complete() -> ImageScanStatus {
    ImageScanStatus {
        status: "COMPLETE".to_owned(),
        description: "The scan was completed successfully.".to_owned(),
    }
}

fn severity_counts(base: &str) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for f in catalogue::findings_for_digest(base) {
        *counts.entry(f.severity.to_owned()).or_insert(0) += 1;
    }
    counts
}

impl Sim {
    /// Starts a basic scan of `digest` (scan on push or StartImageScan).
    pub(crate) fn start_scan(&mut self, repository: &str, digest: &str) {
        let now = self.now;
        let Some(repo) = self.state.ecr.repositories.get_mut(repository) else {
            return;
        };
        let serial = repo.serial;
        if let Some(image) = repo.images.get_mut(digest) {
            image.scan = Some(ScanRecord {
                started_at: now,
                completed_at: None,
            });
            self.schedule(
                SCAN_DURATION,
                Timer::EcrScanComplete {
                    repository: repository.to_owned(),
                    serial,
                    digest: digest.to_owned(),
                    started_at: now,
                },
            );
        }
    }

    pub(crate) fn complete_scan(
        &mut self,
        repository: &str,
        serial: u64,
        digest: &str,
        started_at: SimTime,
    ) {
        let now = self.now;
        let Some(repo) = self.state.ecr.repositories.get_mut(repository) else {
            return;
        };
        if repo.serial != serial {
            return;
        }
        let arn = repo.arn.clone();
        let uri = repo.uri.clone();
        let Some(image) = repo.images.get_mut(digest) else {
            return;
        };
        match &mut image.scan {
            Some(scan) if scan.started_at == started_at && scan.completed_at.is_none() => {
                scan.completed_at = Some(now);
            }
            _ => return,
        }
        let findings = catalogue::findings_for_digest(&image.base).len() as u32;
        self.emit(EventKind::EcrImageScanCompleted {
            repository_arn: arn,
            image: format!("{uri}@{digest} ({findings} findings)"),
        });
    }

    pub(crate) fn scan_status_and_summary(
        &self,
        image: &super::ImageRecord,
    ) -> (Option<ImageScanStatus>, Option<ImageScanFindingsSummary>) {
        match &image.scan {
            None => (None, None),
            Some(ScanRecord {
                completed_at: None, ..
            }) => (Some(in_progress()), None),
            Some(ScanRecord {
                completed_at: Some(done),
                ..
            }) => (
                Some(complete()),
                Some(ImageScanFindingsSummary {
                    image_scan_completed_at: self.epoch(*done),
                    vulnerability_source_updated_at: self.epoch(*done),
                    finding_severity_counts: severity_counts(&image.base),
                }),
            ),
        }
    }

    fn resolve_image_id(
        &self,
        repo: &super::RepositoryRecord,
        id: &ImageIdentifier,
    ) -> Result<String, ApiError> {
        let found = repo.images.values().find(|i| {
            id.image_digest.as_ref().is_none_or(|d| &i.digest == d)
                && id.image_tag.as_ref().is_none_or(|t| i.tags.contains(t))
        });
        match found {
            Some(i) if id.image_digest.is_some() || id.image_tag.is_some() => Ok(i.digest.clone()),
            _ => Err(ApiError::new(
                ErrorCode::ImageNotFoundException,
                format!(
                    "The image with imageId {{imageDigest:'{}', imageTag:'{}'}} does not exist within the repository with name '{}' in the registry with id '{}'",
                    id.image_digest.as_deref().unwrap_or("null"),
                    id.image_tag.as_deref().unwrap_or("null"),
                    repo.name,
                    self.config.account_id
                ),
            )),
        }
    }

    pub(crate) fn start_image_scan(
        &mut self,
        req: StartImageScanRequest,
    ) -> Result<StartImageScanResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        let digest = self.resolve_image_id(repo, &req.image_id)?;
        if let Some(scan) = repo.images.get(&digest).and_then(|i| i.scan.as_ref())
            && self.now < scan.started_at.saturating_add(SCAN_INTERVAL)
        {
            // F10.5: once per 24 hours.
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                "The scan quota per image has been exceeded. Wait and try again (basic scanning allows one scan per image every 24 hours).",
            ));
        }
        self.start_scan(&req.repository_name, &digest);
        Ok(StartImageScanResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            image_id: ImageIdentifier {
                image_digest: Some(digest),
                image_tag: req.image_id.image_tag,
            },
            image_scan_status: in_progress(),
        })
    }

    pub(crate) fn describe_image_scan_findings(
        &self,
        req: DescribeImageScanFindingsRequest,
    ) -> Result<DescribeImageScanFindingsResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        let digest = self.resolve_image_id(repo, &req.image_id)?;
        // The limit is checked first, the token only once the findings
        // are there to page.
        let paging = Limits::max_results("DescribeImageScanFindings", 1000);
        let limit = paging.limit(req.max_results)?;
        let image_id = ImageIdentifier {
            image_digest: Some(digest.clone()),
            image_tag: req.image_id.image_tag.clone(),
        };
        let Some(image) = repo.images.get(&digest) else {
            return Err(self.repository_not_found(&repo.name));
        };
        let Some(scan) = &image.scan else {
            return Err(ApiError::new(
                ErrorCode::ScanNotFoundException,
                format!(
                    "Image scan does not exist for the image with '{{imageDigest:'{digest}', imageTag:'{}'}}' in the repository with name '{}' in the registry with id '{}'",
                    req.image_id.image_tag.as_deref().unwrap_or("null"),
                    repo.name,
                    self.config.account_id
                ),
            ));
        };
        let base = self.repository_shape(repo);
        let Some(done) = scan.completed_at else {
            return Ok(DescribeImageScanFindingsResponse {
                registry_id: base.registry_id,
                repository_name: base.repository_name,
                image_id,
                image_scan_status: in_progress(),
                image_scan_findings: None,
                next_token: None,
            });
        };
        let after = paging.after(req.next_token.as_deref())?;
        let all = catalogue::findings_for_digest(&image.base);
        let (page, next_token) =
            PageRequest { limit, after }.page_in_order(all.iter().map(|f| (f.name, f)));
        let findings = page
            .into_iter()
            .map(|f| ImageScanFinding {
                name: f.name.to_owned(),
                description: f.description.to_owned(),
                severity: f.severity.to_owned(),
                attributes: vec![
                    Attribute {
                        key: "package_name".to_owned(),
                        value: f.package.to_owned(),
                    },
                    Attribute {
                        key: "package_version".to_owned(),
                        value: f.version.to_owned(),
                    },
                ],
            })
            .collect();
        Ok(DescribeImageScanFindingsResponse {
            registry_id: base.registry_id,
            repository_name: base.repository_name,
            image_id,
            image_scan_status: complete(),
            image_scan_findings: Some(ImageScanFindings {
                image_scan_completed_at: self.epoch(done),
                vulnerability_source_updated_at: self.epoch(done),
                finding_severity_counts: severity_counts(&image.base),
                findings,
            }),
            next_token,
        })
    }
}
