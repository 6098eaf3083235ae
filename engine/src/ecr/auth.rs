//! Access to a registry: GetAuthorizationToken (F10.9: a token valid 12
//! hours, used by `docker login`), and repository policies
//! (SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy) that
//! grant other accounts pull access, with a small evaluator.

use crate::base::base64;
use crate::base::sha256::sha256_hex;
use crate::ecr::repository::wildcard_match;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// F10.9: "get-login-password token valid 12 hours".
pub const TOKEN_VALIDITY: SimDuration = SimDuration::hours(12);
/// BOTO-ECR:RepositoryPolicyText: up to 10,240 characters.
pub const MAX_POLICY_CHARS: usize = 10_240;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetAuthorizationTokenRequest {
    /// Deprecated in AWS; the token works for every registry the caller can
    /// reach.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationData {
    pub authorization_token: String,
    pub expires_at: f64,
    pub proxy_endpoint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAuthorizationTokenResponse {
    pub authorization_data: Vec<AuthorizationData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetRepositoryPolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
    pub policy_text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryPolicyResponse {
    pub registry_id: String,
    pub repository_name: String,
    pub policy_text: String,
}

pub type SetRepositoryPolicyResponse = RepositoryPolicyResponse;
pub type GetRepositoryPolicyResponse = RepositoryPolicyResponse;
pub type DeleteRepositoryPolicyResponse = RepositoryPolicyResponse;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetRepositoryPolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    pub repository_name: String,
}

pub type DeleteRepositoryPolicyRequest = GetRepositoryPolicyRequest;

/// The user name and password inside an `authorizationToken` (what
/// `aws ecr get-login-password` prints is the password; the user is `AWS`).
pub fn decode_authorization_token(token: &str) -> Option<(String, String)> {
    let text = String::from_utf8(base64::decode(token)?).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

// ----------------------------------------------------- repository policy ---

#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    allow: bool,
    principals: Vec<String>,
    actions: Vec<String>,
}

fn invalid_policy(detail: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': {detail}"
    ))
}

fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

fn parse_repository_policy(text: &str) -> Result<Vec<Statement>, ApiError> {
    if text.is_empty() || text.chars().count() > MAX_POLICY_CHARS {
        return Err(invalid_policy("the policy must be 1 to 10,240 characters"));
    }
    let json: Value =
        serde_json::from_str(text).map_err(|e| invalid_policy(&format!("not valid JSON ({e})")))?;
    let statements = match json.get("Statement") {
        Some(Value::Array(s)) if !s.is_empty() => s.clone(),
        Some(s @ Value::Object(_)) => vec![s.clone()],
        _ => return Err(invalid_policy("the policy needs a \"Statement\" list")),
    };
    let mut out = Vec::new();
    for s in &statements {
        let Some(obj) = s.as_object() else {
            return Err(invalid_policy("each statement must be a JSON object"));
        };
        if obj.contains_key("Condition")
            || obj.contains_key("NotAction")
            || obj.contains_key("NotPrincipal")
        {
            return Err(ApiError::unsupported(
                "SetRepositoryPolicy",
                "Condition, NotAction and NotPrincipal in repository policies",
            ));
        }
        let allow = match obj.get("Effect").and_then(Value::as_str) {
            Some("Allow") => true,
            Some("Deny") => false,
            _ => {
                return Err(invalid_policy(
                    "each statement needs \"Effect\": \"Allow\" or \"Deny\"",
                ));
            }
        };
        let principals = match obj.get("Principal") {
            Some(Value::String(s)) if s == "*" => vec!["*".to_owned()],
            Some(Value::Object(p)) => {
                let mut all = Vec::new();
                for (kind, v) in p {
                    let list = strings(v).ok_or_else(|| {
                        invalid_policy("a Principal value must be a string or a list of strings")
                    })?;
                    match kind.as_str() {
                        "AWS" => all.extend(list),
                        "Service" => all.extend(list.into_iter().map(|s| format!("service:{s}"))),
                        _ => return Err(invalid_policy("Principal keys are AWS or Service")),
                    }
                }
                all
            }
            _ => return Err(invalid_policy("each statement needs a \"Principal\"")),
        };
        let actions = obj
            .get("Action")
            .and_then(strings)
            .filter(|a| !a.is_empty())
            .ok_or_else(|| invalid_policy("each statement needs an \"Action\""))?;
        if let Some(bad) = actions.iter().find(|a| {
            let lower = a.to_ascii_lowercase();
            lower != "*" && !lower.starts_with("ecr:")
        }) {
            return Err(invalid_policy(&format!(
                "the action '{bad}' is not an ECR action (ecr:…)"
            )));
        }
        out.push(Statement {
            allow,
            principals,
            actions,
        });
    }
    Ok(out)
}

/// Whether a policy principal entry names `principal` (an account id, or an
/// IAM ARN of a role or user).
fn principal_matches(entry: &str, principal: &str) -> bool {
    if entry == "*" || entry == principal {
        return true;
    }
    let account_of = |arn: &str| -> Option<String> {
        let rest = arn.strip_prefix("arn:aws:iam::")?;
        Some(rest.split(':').next()?.to_owned())
    };
    let principal_account =
        if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
            Some(principal.to_owned())
        } else {
            account_of(principal)
        };
    // An account id, or `arn:aws:iam::<account>:root`, means the whole
    // account (its admins then delegate with IAM).
    let entry_account = if entry.len() == 12 && entry.bytes().all(|b| b.is_ascii_digit()) {
        Some(entry.to_owned())
    } else if entry.ends_with(":root") {
        account_of(entry)
    } else {
        None
    };
    entry_account.is_some() && entry_account == principal_account
}

impl Sim {
    pub(crate) fn get_authorization_token(
        &mut self,
        req: GetAuthorizationTokenRequest,
    ) -> Result<GetAuthorizationTokenResponse, ApiError> {
        for id in &req.registry_ids {
            self.check_registry_id(Some(id))?;
        }
        let expires = self.now.saturating_add(TOKEN_VALIDITY);
        let n = self.state.ecr.tokens.len();
        let payload = sha256_hex(
            format!(
                "ecr token {n} for {} in {} at {}",
                self.config.account_id, self.config.region, self.now.0
            )
            .as_bytes(),
        );
        let password = base64::encode(
            format!(
                "{{\"payload\":\"{payload}\",\"version\":\"2\",\"type\":\"DATA_KEY\",\"expiration\":{}}}",
                self.epoch(expires) as u64
            )
            .as_bytes(),
        );
        self.state.ecr.tokens.insert(password.clone(), expires);
        Ok(GetAuthorizationTokenResponse {
            authorization_data: vec![AuthorizationData {
                authorization_token: base64::encode(format!("AWS:{password}").as_bytes()),
                expires_at: self.epoch(expires),
                proxy_endpoint: format!("https://{}", self.ecr_registry_host()),
            }],
        })
    }

    /// Whether the repository's policy lets `principal` (an account id or an
    /// IAM ARN) perform `action` (e.g. `ecr:BatchGetImage`): an explicit
    /// Deny wins, then any Allow; no policy allows nobody from outside
    /// (same-account access is decided by IAM, not here).
    pub fn repository_policy_allows(
        &self,
        repository: &str,
        principal: &str,
        action: &str,
    ) -> bool {
        let Some(text) = self
            .state
            .ecr
            .repositories
            .get(repository)
            .and_then(|r| r.policy.as_deref())
        else {
            return false;
        };
        let Ok(statements) = parse_repository_policy(text) else {
            return false;
        };
        let action = action.to_ascii_lowercase();
        let applies = |s: &Statement| {
            s.principals.iter().any(|p| principal_matches(p, principal))
                && s.actions
                    .iter()
                    .any(|a| wildcard_match(&a.to_ascii_lowercase(), &action))
        };
        if statements.iter().any(|s| !s.allow && applies(s)) {
            return false;
        }
        statements.iter().any(|s| s.allow && applies(s))
    }

    pub(crate) fn set_repository_policy(
        &mut self,
        req: SetRepositoryPolicyRequest,
    ) -> Result<SetRepositoryPolicyResponse, ApiError> {
        self.repository(req.registry_id.as_deref(), &req.repository_name)?;
        parse_repository_policy(&req.policy_text)?;
        let repo = self.repository_mut(None, &req.repository_name)?;
        repo.policy = Some(req.policy_text.clone());
        Ok(RepositoryPolicyResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: req.repository_name,
            policy_text: req.policy_text,
        })
    }

    fn policy_shape(&self, repository: &str) -> Result<RepositoryPolicyResponse, ApiError> {
        let repo = self.repository(None, repository)?;
        let text = repo.policy.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::RepositoryPolicyNotFoundException,
                format!(
                    "Repository policy does not exist for the repository with name '{repository}' in the registry with id '{}'",
                    self.config.account_id
                ),
            )
        })?;
        Ok(RepositoryPolicyResponse {
            registry_id: self.ecr_registry_id().to_owned(),
            repository_name: repository.to_owned(),
            policy_text: text,
        })
    }

    pub(crate) fn get_repository_policy(
        &self,
        req: GetRepositoryPolicyRequest,
    ) -> Result<GetRepositoryPolicyResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        self.policy_shape(&req.repository_name)
    }

    pub(crate) fn delete_repository_policy(
        &mut self,
        req: DeleteRepositoryPolicyRequest,
    ) -> Result<DeleteRepositoryPolicyResponse, ApiError> {
        self.check_registry_id(req.registry_id.as_deref())?;
        let out = self.policy_shape(&req.repository_name)?;
        if let Some(repo) = self.state.ecr.repositories.get_mut(&req.repository_name) {
            repo.policy = None;
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn repository_policy_grants_cross_account_pull() {
        use crate::command::Command;
        use crate::ecr::repository::CreateRepositoryRequest;
        let mut sim = Sim::new(crate::SimConfig::default()).unwrap();
        sim.execute(Command::CreateRepository(CreateRepositoryRequest {
            repository_name: "shared".into(),
            ..Default::default()
        }))
        .unwrap();
        assert!(!sim.repository_policy_allows("shared", "111122223333", "ecr:BatchGetImage"));
        let policy = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ci"},"Action":"ecr:*"},
            {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::444455556666:role/ci"},"Action":"ecr:BatchDeleteImage"}]}"#;
        sim.execute(Command::SetRepositoryPolicy(SetRepositoryPolicyRequest {
            registry_id: None,
            repository_name: "shared".into(),
            policy_text: policy.into(),
            force: false,
        }))
        .unwrap();
        let can = |who: &str, action: &str| sim.repository_policy_allows("shared", who, action);
        assert!(can("111122223333", "ecr:BatchGetImage"));
        assert!(can(
            "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
            "ecr:BatchGetImage"
        ));
        assert!(!can("111122223333", "ecr:PutImage"));
        assert!(can("arn:aws:iam::444455556666:role/ci", "ecr:PutImage"));
        assert!(!can(
            "arn:aws:iam::444455556666:role/ci",
            "ecr:BatchDeleteImage"
        ));
        assert!(!can("arn:aws:iam::444455556666:role/other", "ecr:PutImage"));
        assert!(!can("777788889999", "ecr:BatchGetImage"));
    }

    #[test]
    fn principals() {
        assert!(principal_matches("*", "111122223333"));
        assert!(principal_matches(
            "111122223333",
            "arn:aws:iam::111122223333:role/ci"
        ));
        assert!(principal_matches(
            "arn:aws:iam::111122223333:root",
            "111122223333"
        ));
        assert!(principal_matches(
            "arn:aws:iam::111122223333:role/ci",
            "arn:aws:iam::111122223333:role/ci"
        ));
        assert!(!principal_matches(
            "arn:aws:iam::111122223333:role/ci",
            "arn:aws:iam::111122223333:role/other"
        ));
        assert!(!principal_matches("444455556666", "111122223333"));
    }
}
