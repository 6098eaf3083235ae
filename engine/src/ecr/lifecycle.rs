//! Lifecycle policies (F10.4): PutLifecyclePolicy, GetLifecyclePolicy,
//! DeleteLifecyclePolicy, StartLifecyclePolicyPreview,
//! GetLifecyclePolicyPreview, and their evaluation on a schedule.
//!
//! Evaluation, as ECR documents it (ECRUG:LifecyclePolicies and its
//! examples): rules are taken in rulePriority order, lowest first. Each rule
//! selects images (tagged with ALL of its tagPrefixList prefixes / matching
//! ALL of its tagPatternList patterns on some tag, untagged, or any), sorts
//! them by push time, and marks for expiry those beyond `countNumber` newest
//! (imageCountMoreThan) or pushed more than `countNumber` days ago
//! (sinceImagePushed). An image is expired by at most one rule, and an image
//! selected by a higher-priority rule is never expired by a lower one — lower
//! rules still count it ("see" it).
//!
//! Timing: "Expiration happens within 24 hours of policy application" (F10.4).
//! MODEL: the first evaluation runs [`FIRST_EVALUATION`] after
//! PutLifecyclePolicy, then every [`EVALUATION_INTERVAL`]. A preview is
//! evaluated at once (MODEL: AWS runs it asynchronously; StartLifecycle-
//! PolicyPreview still answers IN_PROGRESS as AWS does, and the next
//! GetLifecyclePolicyPreview finds it COMPLETE).

use super::{ImageRecord, TagStatus};
use crate::base::paginate::Limits;
use crate::ecr::repository::wildcard_match;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// MODEL: first evaluation after PutLifecyclePolicy (AWS: within 24 h).
pub const FIRST_EVALUATION: SimDuration = SimDuration::hours(1);
/// MODEL: later evaluations.
pub const EVALUATION_INTERVAL: SimDuration = SimDuration::hours(24);
/// F10.4 (BOTO-ECR:LifecyclePolicyText): 100 to 30,720 characters.
pub const MIN_POLICY_CHARS: usize = 100;
pub const MAX_POLICY_CHARS: usize = 30_720;
const DAY_MS: u64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountType {
    /// Keep the N most recently pushed.
    ImageCountMoreThan(u64),
    /// Expire those pushed more than N days ago.
    SinceImagePushedDays(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub priority: u64,
    pub tag_status: TagStatus,
    pub prefixes: Vec<String>,
    pub patterns: Vec<String>,
    pub count: CountType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecyclePolicy {
    /// Sorted by priority.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRecord {
    pub text: String,
    pub policy: LifecyclePolicy,
    pub serial: u64,
    pub last_evaluated_at: Option<SimTime>,
}

/// One image a policy expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub digest: String,
    pub tags: Vec<String>,
    pub pushed_at: SimTime,
    pub push_seq: u64,
    pub rule_priority: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreviewRecord {
    pub text: String,
    pub results: Vec<Expiry>,
}

// ------------------------------------------------------------ validation ---

fn invalid(detail: impl std::fmt::Display) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: {detail}'"
    ))
}

fn only_keys(
    obj: &serde_json::Map<String, Value>,
    allowed: &[&str],
    at: &str,
) -> Result<(), ApiError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(format!(
            "{at} has the unknown property \"{k}\" (allowed: {})",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

fn positive(v: Option<&Value>, what: &str) -> Result<u64, ApiError> {
    match v {
        None => Err(invalid(format!(
            "object has missing required properties ([\"{what}\"])"
        ))),
        Some(v) => match v.as_u64() {
            Some(n) if n >= 1 => Ok(n),
            _ => Err(invalid(format!(
                "{what} must be a positive integer; {v} was given"
            ))),
        },
    }
}

fn string_list(v: &Value, what: &str) -> Result<Vec<String>, ApiError> {
    let items = v
        .as_array()
        .ok_or_else(|| invalid(format!("{what} must be a list of strings")))?;
    items
        .iter()
        .map(|i| {
            i.as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("{what} must be a list of non-empty strings")))
        })
        .collect()
}

/// Parses and validates a lifecycle policy text (F10.4).
pub fn parse_policy(text: &str) -> Result<LifecyclePolicy, ApiError> {
    let chars = text.chars().count();
    if !(MIN_POLICY_CHARS..=MAX_POLICY_CHARS).contains(&chars) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Member must have length between {MIN_POLICY_CHARS} and {MAX_POLICY_CHARS}' ({chars} characters were given)"
        )));
    }
    let json: Value = serde_json::from_str(text)
        .map_err(|e| invalid(format!("the text is not valid JSON: {e}")))?;
    let top = json
        .as_object()
        .ok_or_else(|| invalid("the policy must be a JSON object with \"rules\""))?;
    only_keys(top, &["rules"], "the policy")?;
    let rules_json = top
        .get("rules")
        .and_then(Value::as_array)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| invalid("\"rules\" must be a non-empty list"))?;
    let mut rules = Vec::new();
    for rule in rules_json {
        let rule = rule
            .as_object()
            .ok_or_else(|| invalid("each rule must be a JSON object"))?;
        only_keys(
            rule,
            &["rulePriority", "description", "selection", "action"],
            "a rule",
        )?;
        let priority = positive(rule.get("rulePriority"), "rulePriority")?;
        let at = format!("rule {priority}");
        if let Some(d) = rule.get("description")
            && !d.is_string()
        {
            return Err(invalid(format!("{at}: description must be a string")));
        }
        let action = rule
            .get("action")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                invalid(format!(
                    "{at}: object has missing required properties ([\"action\"])"
                ))
            })?;
        only_keys(action, &["type"], &format!("{at} action"))?;
        match action.get("type").and_then(Value::as_str) {
            Some("expire") => {}
            Some("transition") => {
                return Err(ApiError::unsupported(
                    "PutLifecyclePolicy",
                    "action type transition (archive)",
                ));
            }
            other => {
                return Err(invalid(format!(
                    "{at}: action type must be \"expire\"; {} was given",
                    other.unwrap_or("nothing")
                )));
            }
        }
        let sel = rule
            .get("selection")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                invalid(format!(
                    "{at}: object has missing required properties ([\"selection\"])"
                ))
            })?;
        only_keys(
            sel,
            &[
                "tagStatus",
                "tagPrefixList",
                "tagPatternList",
                "countType",
                "countUnit",
                "countNumber",
            ],
            &format!("{at} selection"),
        )?;
        let tag_status = match sel.get("tagStatus").and_then(Value::as_str) {
            Some("tagged") => TagStatus::Tagged,
            Some("untagged") => TagStatus::Untagged,
            Some("any") => TagStatus::Any,
            _ => {
                return Err(invalid(format!(
                    "{at}: tagStatus must be tagged, untagged or any"
                )));
            }
        };
        let prefixes = match sel.get("tagPrefixList") {
            Some(v) => string_list(v, "tagPrefixList")?,
            None => Vec::new(),
        };
        let patterns = match sel.get("tagPatternList") {
            Some(v) => string_list(v, "tagPatternList")?,
            None => Vec::new(),
        };
        if let Some(p) = patterns.iter().find(|p| p.matches('*').count() > 4) {
            return Err(invalid(format!(
                "{at}: tag pattern '{p}' has more than 4 wildcards"
            )));
        }
        match tag_status {
            TagStatus::Tagged if prefixes.is_empty() == patterns.is_empty() => {
                return Err(invalid(format!(
                    "{at}: a rule with tagStatus tagged needs exactly one of tagPrefixList or tagPatternList"
                )));
            }
            TagStatus::Untagged | TagStatus::Any
                if !prefixes.is_empty() || !patterns.is_empty() =>
            {
                return Err(invalid(format!(
                    "{at}: tagPrefixList and tagPatternList are only allowed with tagStatus tagged"
                )));
            }
            _ => {}
        }
        let number = positive(sel.get("countNumber"), "countNumber")?;
        let unit = sel.get("countUnit");
        let count = match sel.get("countType").and_then(Value::as_str) {
            Some("imageCountMoreThan") => {
                if unit.is_some() {
                    return Err(invalid(format!(
                        "{at}: countUnit is only allowed with countType sinceImagePushed"
                    )));
                }
                CountType::ImageCountMoreThan(number)
            }
            Some("sinceImagePushed") => {
                if unit.and_then(Value::as_str) != Some("days") {
                    return Err(invalid(format!(
                        "{at}: countType sinceImagePushed needs countUnit \"days\""
                    )));
                }
                CountType::SinceImagePushedDays(number)
            }
            Some(other @ ("sinceImagePulled" | "sinceImageTransitioned")) => {
                return Err(ApiError::unsupported(
                    "PutLifecyclePolicy",
                    &format!("countType {other}"),
                ));
            }
            _ => {
                return Err(invalid(format!(
                    "{at}: countType must be imageCountMoreThan or sinceImagePushed"
                )));
            }
        };
        rules.push(Rule {
            priority,
            tag_status,
            prefixes,
            patterns,
            count,
        });
    }
    rules.sort_by_key(|r| r.priority);
    if rules.windows(2).any(|w| w[0].priority == w[1].priority) {
        return Err(invalid("rulePriority values must be unique"));
    }
    let mut prefixes = BTreeSet::new();
    for p in rules.iter().flat_map(|r| &r.prefixes) {
        if !prefixes.insert(p) {
            return Err(invalid(format!(
                "the tag prefix '{p}' is used by more than one rule"
            )));
        }
    }
    if rules
        .iter()
        .filter(|r| r.tag_status == TagStatus::Untagged)
        .count()
        > 1
    {
        return Err(invalid("only one rule may select untagged images"));
    }
    let last = rules.len() - 1;
    if let Some(i) = rules.iter().position(|r| r.tag_status == TagStatus::Any)
        && i != last
    {
        return Err(invalid(format!(
            "the rule with tagStatus any (rulePriority {}) must have the highest rulePriority",
            rules[i].priority
        )));
    }
    Ok(LifecyclePolicy { rules })
}

// ------------------------------------------------------------ evaluation ---

impl Rule {
    fn selects(&self, image: &ImageRecord) -> bool {
        match self.tag_status {
            TagStatus::Untagged => image.tags.is_empty(),
            TagStatus::Any => true,
            TagStatus::Tagged => {
                !image.tags.is_empty()
                    && self
                        .prefixes
                        .iter()
                        .all(|p| image.tags.iter().any(|t| t.starts_with(p.as_str())))
                    && self
                        .patterns
                        .iter()
                        .all(|p| image.tags.iter().any(|t| wildcard_match(p, t)))
            }
        }
    }
}

/// The images `policy` expires at `now`, oldest push first (F10.4).
pub fn evaluate<'a>(
    policy: &LifecyclePolicy,
    images: impl IntoIterator<Item = &'a ImageRecord>,
    now: SimTime,
) -> Vec<Expiry> {
    let mut images: Vec<&ImageRecord> = images.into_iter().collect();
    // Newest first (pushes in the same millisecond in push order).
    images.sort_by_key(|i| std::cmp::Reverse((i.pushed_at, i.push_seq)));
    let mut expired: BTreeMap<&str, u64> = BTreeMap::new();
    let mut seen_by_higher: BTreeSet<&str> = BTreeSet::new();
    for rule in &policy.rules {
        let selected: Vec<&ImageRecord> =
            images.iter().copied().filter(|i| rule.selects(i)).collect();
        let marked: Vec<&ImageRecord> = match rule.count {
            CountType::ImageCountMoreThan(n) => selected
                .iter()
                .copied()
                .skip(usize::try_from(n).unwrap_or(usize::MAX))
                .collect(),
            CountType::SinceImagePushedDays(days) => selected
                .iter()
                .copied()
                .filter(|i| now.since(i.pushed_at).as_millis() > days.saturating_mul(DAY_MS))
                .collect(),
        };
        for image in marked {
            let d = image.digest.as_str();
            if !expired.contains_key(d) && !seen_by_higher.contains(d) {
                expired.insert(d, rule.priority);
            }
        }
        seen_by_higher.extend(selected.iter().map(|i| i.digest.as_str()));
    }
    let mut out: Vec<Expiry> = images
        .iter()
        .filter_map(|i| {
            expired.get(i.digest.as_str()).map(|p| Expiry {
                digest: i.digest.clone(),
                tags: i.tags.iter().cloned().collect(),
                pushed_at: i.pushed_at,
                push_seq: i.push_seq,
                rule_priority: *p,
            })
        })
        .collect();
    out.reverse();
    out
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutLifecyclePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub lifecycle_policy_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutLifecyclePolicyResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub lifecycle_policy_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetLifecyclePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetLifecyclePolicyResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub lifecycle_policy_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_at: Option<f64>,
}

pub type DeleteLifecyclePolicyRequest = GetLifecyclePolicyRequest;
pub type DeleteLifecyclePolicyResponse = GetLifecyclePolicyResponse;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartLifecyclePolicyPreviewRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_policy_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartLifecyclePolicyPreviewResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub lifecycle_policy_text: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetLifecyclePolicyPreviewRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<super::ImageFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewAction {
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecyclePolicyPreviewResult {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_tags: Vec<String>,
    pub image_digest: String,
    pub image_pushed_at: f64,
    pub action: PreviewAction,
    pub applied_rule_priority: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewSummary {
    pub expiring_image_total_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetLifecyclePolicyPreviewResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub lifecycle_policy_text: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub preview_results: Vec<LifecyclePolicyPreviewResult>,
    pub summary: PreviewSummary,
}

// -------------------------------------------------------------- handlers ---

impl Sim {
    fn lifecycle_not_found(&self, repository: &str) -> ApiError {
        ApiError::new(
            ErrorCode::LifecyclePolicyNotFoundException,
            format!(
                "Lifecycle policy does not exist for the repository with name '{repository}' in the registry with id '{}'",
                self.config.account_id
            ),
        )
    }

    pub(crate) fn put_lifecycle_policy(
        &mut self,
        req: PutLifecyclePolicyRequest,
    ) -> Result<PutLifecyclePolicyResponse, ApiError> {
        self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        let policy = parse_policy(&req.lifecycle_policy_text)?;
        self.state.ecr.next_serial += 1;
        let serial = self.state.ecr.next_serial;
        if let Some(repo) = self.state.ecr.repositories.get_mut(&req.repository_name) {
            repo.lifecycle = Some(PolicyRecord {
                text: req.lifecycle_policy_text.clone(),
                policy,
                serial,
                last_evaluated_at: None,
            });
        }
        self.schedule(
            FIRST_EVALUATION,
            Timer::EcrLifecycleEvaluation {
                repository: req.repository_name.clone(),
                serial,
            },
        );
        Ok(PutLifecyclePolicyResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            lifecycle_policy_text: req.lifecycle_policy_text,
        })
    }

    fn lifecycle_shape(&self, repository: &str) -> Result<GetLifecyclePolicyResponse, ApiError> {
        let repo = self.repository(None, repository)?;
        let record = repo
            .lifecycle
            .as_ref()
            .ok_or_else(|| self.lifecycle_not_found(repository))?;
        Ok(GetLifecyclePolicyResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: repository.to_owned(),
            lifecycle_policy_text: record.text.clone(),
            last_evaluated_at: record.last_evaluated_at.map(|t| self.epoch(t)),
        })
    }

    pub(crate) fn get_lifecycle_policy(
        &self,
        req: GetLifecyclePolicyRequest,
    ) -> Result<GetLifecyclePolicyResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        self.lifecycle_shape(&req.repository_name)
    }

    pub(crate) fn delete_lifecycle_policy(
        &mut self,
        req: DeleteLifecyclePolicyRequest,
    ) -> Result<DeleteLifecyclePolicyResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        let out = self.lifecycle_shape(&req.repository_name)?;
        if let Some(repo) = self.state.ecr.repositories.get_mut(&req.repository_name) {
            // The pending evaluation timer finds no policy with its serial.
            repo.lifecycle = None;
        }
        Ok(out)
    }

    pub(crate) fn start_lifecycle_policy_preview(
        &mut self,
        req: StartLifecyclePolicyPreviewRequest,
    ) -> Result<StartLifecyclePolicyPreviewResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        let text = match (&req.lifecycle_policy_text, &repo.lifecycle) {
            (Some(text), _) => text.clone(),
            (None, Some(record)) => record.text.clone(),
            (None, None) => return Err(self.lifecycle_not_found(&req.repository_name)),
        };
        let policy = parse_policy(&text)?;
        let results = evaluate(&policy, repo.images.values(), self.now);
        if let Some(repo) = self.state.ecr.repositories.get_mut(&req.repository_name) {
            repo.preview = Some(PreviewRecord {
                text: text.clone(),
                results,
            });
        }
        Ok(StartLifecyclePolicyPreviewResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            lifecycle_policy_text: text,
            status: "IN_PROGRESS".to_owned(),
        })
    }

    pub(crate) fn get_lifecycle_policy_preview(
        &self,
        req: GetLifecyclePolicyPreviewRequest,
    ) -> Result<GetLifecyclePolicyPreviewResponse, ApiError> {
        let repo = self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        if req.image_ids.as_ref().is_some_and(|v| !v.is_null()) {
            return Err(ApiError::unsupported(
                "GetLifecyclePolicyPreview",
                "imageIds",
            ));
        }
        let preview = repo.preview.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::LifecyclePolicyPreviewNotFoundException,
                format!(
                    "Lifecycle policy preview does not exist for the repository with name '{}' in the registry with id '{}'",
                    repo.name, self.config.account_id
                ),
            )
        })?;
        let paging = Limits::max_results("GetLifecyclePolicyPreview", 100)
            .request(req.max_results, req.next_token.as_deref())?;
        let status = req
            .filter
            .and_then(|f| f.tag_status)
            .unwrap_or(TagStatus::Any);
        let key = |e: &Expiry| format!("{:020}|{:020}|{}", e.pushed_at.0, e.push_seq, e.digest);
        let admitted = preview.results.iter().filter(|e| match status {
            TagStatus::Tagged => !e.tags.is_empty(),
            TagStatus::Untagged => e.tags.is_empty(),
            TagStatus::Any => true,
        });
        let (page, next_token) = paging.page_in_order(admitted.clone().map(|e| (key(e), e)));
        Ok(GetLifecyclePolicyPreviewResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: repo.name.clone(),
            lifecycle_policy_text: preview.text.clone(),
            status: "COMPLETE".to_owned(),
            next_token,
            preview_results: page
                .into_iter()
                .map(|e| LifecyclePolicyPreviewResult {
                    image_tags: e.tags.clone(),
                    image_digest: e.digest.clone(),
                    image_pushed_at: self.epoch(e.pushed_at),
                    action: PreviewAction {
                        kind: "EXPIRE".to_owned(),
                    },
                    applied_rule_priority: e.rule_priority,
                })
                .collect(),
            summary: PreviewSummary {
                expiring_image_total_count: admitted.count() as u64,
            },
        })
    }

    /// The scheduled evaluation (Timer::EcrLifecycleEvaluation): expires
    /// what the policy says, then schedules the next evaluation.
    pub(crate) fn run_lifecycle_evaluation(&mut self, repository: &str, serial: u64) {
        let now = self.now;
        let Some(repo) = self.state.ecr.repositories.get(repository) else {
            return;
        };
        let Some(record) = repo.lifecycle.as_ref().filter(|r| r.serial == serial) else {
            return;
        };
        let expired = evaluate(&record.policy, repo.images.values(), now);
        let arn = repo.arn.clone();
        let uri = repo.uri.clone();
        if let Some(repo) = self.state.ecr.repositories.get_mut(repository) {
            for e in &expired {
                repo.images.remove(&e.digest);
            }
            if let Some(record) = repo.lifecycle.as_mut() {
                record.last_evaluated_at = Some(now);
            }
        }
        for e in expired {
            self.emit(EventKind::EcrImageExpired {
                repository_arn: arn.clone(),
                image: format!("{uri}@{} (rule {})", e.digest, e.rule_priority),
            });
        }
        self.schedule(
            EVALUATION_INTERVAL,
            Timer::EcrLifecycleEvaluation {
                repository: repository.to_owned(),
                serial,
            },
        );
    }
}

#[cfg(test)]
mod tests;
