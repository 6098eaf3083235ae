//! AWS IAM: roles (trust policy, managed and inline permissions), instance
//! profiles, and the pure evaluator other modules call:
//! [`Sim::role_allows`] and [`Sim::role_trusts`].
//!
//! Shapes follow botocore `iam/2010-05-08` (PascalCase members). IAM is a
//! global service: ARNs have no region (`arn:aws:iam::<account>:role/<name>`).
//! Error codes are IAM's wire codes (`NoSuchEntity`, `EntityAlreadyExists`,
//! `DeleteConflict`, `MalformedPolicyDocument`, `InvalidInput`,
//! `LimitExceeded`, `ValidationError`), as the AWS CLI prints them.
//!
//! Role existence for task definitions is not checked at registration (F4.8:
//! the ARNs are only shape-checked); the task code checks roles when a task
//! starts, with [`Sim::role_trusts`] and [`Sim::role_allows`].

use crate::config::LastSegment;

pub mod policy;

use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimTime;
use policy::{Effect, PolicyDocument, PolicyKind, managed_policy, parse_policy};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Managed policies attached per role (IAM default quota).
pub const MAX_MANAGED_POLICIES_PER_ROLE: usize = 10;
/// Roles per instance profile (fixed at one by IAM).
pub const MAX_ROLES_PER_INSTANCE_PROFILE: usize = 1;
pub const DEFAULT_MAX_SESSION_DURATION: i64 = 3600;

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IamTag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The `Role` shape, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    pub path: String,
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub create_date: String,
    /// Printed as JSON, as the AWS CLI decodes it.
    pub assume_role_policy_document: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub max_session_duration: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<IamTag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_last_used: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRoleRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub role_name: String,
    pub assume_role_policy_document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<IamTag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRoleResponse {
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RoleNameRequest {
    pub role_name: String,
}

pub type GetRoleRequest = RoleNameRequest;
pub type DeleteRoleRequest = RoleNameRequest;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRoleResponse {
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Empty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListRolesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolesResponse {
    pub roles: Vec<Role>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RolePolicyArnRequest {
    pub role_name: String,
    pub policy_arn: String,
}

pub type AttachRolePolicyRequest = RolePolicyArnRequest;
pub type DetachRolePolicyRequest = RolePolicyArnRequest;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListAttachedRolePoliciesRequest {
    pub role_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAttachedRolePoliciesResponse {
    pub attached_policies: Vec<AttachedPolicy>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutRolePolicyRequest {
    pub role_name: String,
    pub policy_name: String,
    pub policy_document: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RolePolicyNameRequest {
    pub role_name: String,
    pub policy_name: String,
}

pub type GetRolePolicyRequest = RolePolicyNameRequest;
pub type DeleteRolePolicyRequest = RolePolicyNameRequest;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRolePolicyResponse {
    pub role_name: String,
    pub policy_name: String,
    pub policy_document: Value,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListRolePoliciesRequest {
    pub role_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolePoliciesResponse {
    pub policy_names: Vec<String>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfile {
    pub path: String,
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub arn: String,
    pub create_date: String,
    pub roles: Vec<Role>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<IamTag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateInstanceProfileRequest {
    pub instance_profile_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<IamTag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceProfileNameRequest {
    pub instance_profile_name: String,
}

pub type GetInstanceProfileRequest = InstanceProfileNameRequest;
pub type DeleteInstanceProfileRequest = InstanceProfileNameRequest;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileResponse {
    pub instance_profile: InstanceProfile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RoleInstanceProfileRequest {
    pub instance_profile_name: String,
    pub role_name: String,
}

pub type AddRoleToInstanceProfileRequest = RoleInstanceProfileRequest;
pub type RemoveRoleFromInstanceProfileRequest = RoleInstanceProfileRequest;

/// SimulatePrincipalPolicy: what a role's policies decide for actions on
/// resources (the IAM policy simulator), backed by [`Sim::role_allows`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SimulatePrincipalPolicyRequest {
    pub policy_source_arn: String,
    pub action_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_input_list: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary_policy_input_list: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_owner: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_arn: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_entries: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_handling_option: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatchedStatement {
    pub source_policy_id: String,
    /// `role` for inline policies, `aws-managed` for AWS managed ones.
    pub source_policy_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    pub eval_action_name: String,
    pub eval_resource_name: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub eval_decision: String,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulatePrincipalPolicyResponse {
    pub evaluation_results: Vec<EvaluationResult>,
    pub is_truncated: bool,
}

// ----------------------------------------------------------------- state ---

/// A role as the engine stores it (keyed by name; IAM names are unique
/// case-insensitively, see [`Sim::find_role_name`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRecord {
    pub name: String,
    pub path: String,
    pub role_id: String,
    pub arn: String,
    pub created_at: SimTime,
    pub trust: PolicyDocument,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub tags: Vec<IamTag>,
    /// Attached managed policy ARNs, in attachment order.
    pub attached: Vec<String>,
    /// Inline policies by name.
    pub inline: BTreeMap<String, PolicyDocument>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceProfileRecord {
    pub name: String,
    pub path: String,
    pub id: String,
    pub arn: String,
    pub created_at: SimTime,
    pub tags: Vec<IamTag>,
    /// Role names (at most one).
    pub roles: Vec<String>,
}

/// The outcome of evaluating a role's permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// An Allow statement matched and no Deny did.
    Allowed(DecidingStatement),
    /// A Deny statement matched (it wins over any Allow).
    ExplicitDeny(DecidingStatement),
    /// Nothing matched (or the role does not exist).
    ImplicitDeny,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed(_))
    }

    /// IAM's `EvalDecision` spelling.
    pub fn eval_decision(&self) -> &'static str {
        match self {
            Decision::Allowed(_) => "allowed",
            Decision::ExplicitDeny(_) => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }

    /// One sentence for a learner: what decided, and where.
    pub fn explain(&self, action: &str, resource: &str) -> String {
        match self {
            Decision::Allowed(by) => {
                format!("{action} on {resource} is allowed by {}.", by.describe())
            }
            Decision::ExplicitDeny(by) => format!(
                "{action} on {resource} is explicitly denied by {}; an explicit Deny overrides any Allow.",
                by.describe()
            ),
            Decision::ImplicitDeny => format!(
                "{action} on {resource} is implicitly denied: no statement in the role's policies allows it."
            ),
        }
    }
}

impl DecidingStatement {
    fn describe(&self) -> String {
        let sid = self
            .sid
            .as_deref()
            .map(|s| format!(" (Sid {s})"))
            .unwrap_or_default();
        let kind = if self.inline {
            "inline policy"
        } else {
            "managed policy"
        };
        format!(
            "statement {}{sid} of the {kind} {}",
            self.index + 1,
            self.policy
        )
    }
}

/// Which statement decided, for explanations ("denied by statement 2 of the
/// inline policy 'no-delete'").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidingStatement {
    /// A managed policy ARN, or the name of an inline policy.
    pub policy: String,
    pub inline: bool,
    /// 0-based index in the policy's Statement list.
    pub index: usize,
    pub sid: Option<String>,
}

// ----------------------------------------------------------------- rules ---

fn validation(member: &str, value: &str, constraint: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationError,
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ),
    )
}

/// IAM names for roles and instance profiles: `[\w+=,.@-]+`.
fn check_name(member: &str, name: &str, max: usize) -> Result<(), ApiError> {
    if name.is_empty() || name.chars().count() > max {
        return Err(validation(
            member,
            name,
            &format!(
                "Member must have length less than or equal to {max} and greater than or equal to 1"
            ),
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
    {
        return Err(validation(
            member,
            name,
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    Ok(())
}

fn check_path(path: &str) -> Result<(), ApiError> {
    let ok = path.len() <= 512
        && path.starts_with('/')
        && path.ends_with('/')
        && path.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(validation(
            "path",
            path,
            "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
        ))
    }
}

fn check_tags(tags: &[IamTag]) -> Result<(), ApiError> {
    if tags.len() > 50 {
        return Err(ApiError::new(
            ErrorCode::IamLimitExceeded,
            "Cannot exceed quota for TagsPerRole: 50.",
        ));
    }
    for (i, t) in tags.iter().enumerate() {
        if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
            return Err(validation(
                "tags.member.key",
                &t.key,
                "Member must have length less than or equal to 128 and greater than or equal to 1 (values up to 256)",
            ));
        }
        if tags[..i].iter().any(|o| o.key.eq_ignore_ascii_case(&t.key)) {
            return Err(ApiError::new(
                ErrorCode::InvalidInputException,
                format!(
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive. ('{}')",
                    t.key
                ),
            ));
        }
    }
    Ok(())
}

fn no_such_role(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("The role with name {name} cannot be found."),
    )
}

fn no_such_profile(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("Instance Profile {name} cannot be found."),
    )
}

/// IAM timestamps as ISO 8601 (`2026-01-01T00:00:00Z`).
pub(crate) fn iso8601(epoch_ms: u64) -> String {
    crate::time::utc_iso8601(epoch_ms, false)
}

impl Sim {
    fn iam_arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:aws:iam::{}:{kind}{path}{name}", self.config.account_id)
    }

    /// IAM-style unique ids: a 4-letter prefix and 17 base32 characters.
    fn iam_id(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let tail: String = (0..17)
            .map(|_| char::from(ALPHABET[self.rng.below(32) as usize]))
            .collect();
        format!("{prefix}{tail}")
    }

    fn iam_time(&self, t: SimTime) -> String {
        iso8601((t.epoch_seconds(self.config.start_epoch_ms) * 1000.0).round() as u64)
    }

    /// The stored name of a role, matched case-insensitively as IAM does.
    pub(crate) fn find_role_name(&self, name: &str) -> Option<String> {
        self.state
            .roles
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    fn role_record(&self, name: &str) -> Result<&RoleRecord, ApiError> {
        self.find_role_name(name)
            .and_then(|n| self.state.roles.get(&n))
            .ok_or_else(|| no_such_role(name))
    }

    fn role_shape(&self, r: &RoleRecord, with_last_used: bool) -> Role {
        Role {
            path: r.path.clone(),
            role_name: r.name.clone(),
            role_id: r.role_id.clone(),
            arn: r.arn.clone(),
            create_date: self.iam_time(r.created_at),
            assume_role_policy_document: r.trust.json.clone(),
            description: r.description.clone(),
            max_session_duration: r.max_session_duration,
            tags: r.tags.clone(),
            role_last_used: with_last_used.then(|| Value::Object(Default::default())),
        }
    }

    /// The role an ARN of this account names (`arn:aws:iam::<acct>:role/<path/>name`).
    pub(crate) fn role_by_arn(&self, role_arn: &str) -> Option<&RoleRecord> {
        self.state.roles.values().find(|r| r.arn == role_arn)
    }

    /// Evaluates whether `role_arn`'s permissions (attached AWS managed
    /// policies and inline policies) allow `action` on `resource`: an
    /// explicit Deny wins, then an Allow, else implicit deny. An unknown role
    /// is an implicit deny.
    pub(crate) fn role_allows(&self, role_arn: &str, action: &str, resource: &str) -> Decision {
        let Some(role) = self.role_by_arn(role_arn) else {
            return Decision::ImplicitDeny;
        };
        let mut allowed: Option<DecidingStatement> = None;
        let managed = role.attached.iter().filter_map(|arn| {
            let p = managed_policy(arn)?;
            let doc = parse_policy(p.document, PolicyKind::Identity).ok()?;
            Some((arn.clone(), false, doc))
        });
        let inline = role
            .inline
            .iter()
            .map(|(name, doc)| (name.clone(), true, doc.clone()));
        for (policy, is_inline, doc) in managed.chain(inline) {
            for (index, s) in doc.statements.iter().enumerate() {
                if !(s.matches_action(action) && s.matches_resource(resource)) {
                    continue;
                }
                let deciding = DecidingStatement {
                    policy: policy.clone(),
                    inline: is_inline,
                    index,
                    sid: s.sid.clone(),
                };
                match s.effect {
                    Effect::Deny => return Decision::ExplicitDeny(deciding),
                    Effect::Allow => {
                        if allowed.is_none() {
                            allowed = Some(deciding);
                        }
                    }
                }
            }
        }
        allowed.map_or(Decision::ImplicitDeny, Decision::Allowed)
    }

    /// Whether `role_arn`'s trust policy lets `service_principal` (e.g.
    /// `ecs-tasks.amazonaws.com`) assume it with `sts:AssumeRole`.
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn role_trusts(&self, role_arn: &str, service_principal: &str) -> bool {
        let Some(role) = self.role_by_arn(role_arn) else {
            return false;
        };
        let applies = |s: &policy::Statement| {
            s.matches_action("sts:AssumeRole")
                && (s.service_principals.iter().any(|p| p == service_principal)
                    || s.aws_principals.iter().any(|p| p == "*"))
        };
        let statements = &role.trust.statements;
        !statements
            .iter()
            .any(|s| s.effect == Effect::Deny && applies(s))
            && statements
                .iter()
                .any(|s| s.effect == Effect::Allow && applies(s))
    }

    /// The role an instance profile (name or ARN) carries, if any: for the
    /// EC2 launch type's container instances.
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn instance_profile_role(&self, name_or_arn: &str) -> Option<&RoleRecord> {
        let profile = self
            .state
            .instance_profiles
            .values()
            .find(|p| p.arn == name_or_arn || p.name.eq_ignore_ascii_case(name_or_arn))?;
        let role = profile.roles.first()?;
        self.state.roles.get(role)
    }

    // ------------------------------------------------------------ roles ---

    pub(crate) fn create_role(
        &mut self,
        req: CreateRoleRequest,
    ) -> Result<CreateRoleResponse, ApiError> {
        check_name("roleName", &req.role_name, 64)?;
        let path = req.path.clone().unwrap_or_else(|| "/".to_owned());
        check_path(&path)?;
        if req.permissions_boundary.is_some() {
            return Err(ApiError::new(
                ErrorCode::UnsupportedFeatureException,
                "CreateRole: the simulator does not model 'PermissionsBoundary' yet.",
            ));
        }
        let max_session = req
            .max_session_duration
            .unwrap_or(DEFAULT_MAX_SESSION_DURATION);
        if !(3600..=43200).contains(&max_session) {
            return Err(validation(
                "maxSessionDuration",
                &max_session.to_string(),
                "Member must have value greater than or equal to 3600 and less than or equal to 43200",
            ));
        }
        if let Some(d) = &req.description
            && d.chars().count() > 1000
        {
            return Err(validation(
                "description",
                d,
                "Member must have length less than or equal to 1000",
            ));
        }
        check_tags(&req.tags)?;
        let trust = parse_policy(&req.assume_role_policy_document, PolicyKind::Trust)?;
        if let Some(existing) = self.find_role_name(&req.role_name) {
            return Err(ApiError::new(
                ErrorCode::EntityAlreadyExistsException,
                format!("Role with name {existing} already exists."),
            ));
        }
        let role_id = self.iam_id("AROA");
        let record = RoleRecord {
            name: req.role_name.clone(),
            arn: self.iam_arn("role", &path, &req.role_name),
            path,
            role_id,
            created_at: self.now,
            trust,
            description: req.description,
            max_session_duration: max_session,
            tags: req.tags,
            attached: Vec::new(),
            inline: BTreeMap::new(),
        };
        let role = self.role_shape(&record, false);
        self.emit(EventKind::RoleCreated {
            role_arn: record.arn.clone(),
        });
        self.state.roles.insert(req.role_name, record);
        Ok(CreateRoleResponse { role })
    }

    pub(crate) fn get_role(&self, req: GetRoleRequest) -> Result<GetRoleResponse, ApiError> {
        let r = self.role_record(&req.role_name)?;
        Ok(GetRoleResponse {
            role: self.role_shape(r, true),
        })
    }

    pub(crate) fn list_roles(&self, req: ListRolesRequest) -> Result<ListRolesResponse, ApiError> {
        let prefix = req.path_prefix.unwrap_or_else(|| "/".to_owned());
        let max = page_size(req.max_items)?;
        let mut roles: Vec<&RoleRecord> = self
            .state
            .roles
            .values()
            .filter(|r| r.path.starts_with(&prefix))
            .collect();
        roles.sort_by_key(|r| r.name.to_ascii_lowercase());
        let page = paginate(
            &roles,
            |r| r.name.to_ascii_lowercase(),
            req.marker.as_deref(),
            max,
        )?;
        Ok(ListRolesResponse {
            roles: page
                .items
                .iter()
                .map(|r| self.role_shape(r, false))
                .collect(),
            is_truncated: page.marker.is_some(),
            marker: page.marker,
        })
    }

    pub(crate) fn delete_role(&mut self, req: DeleteRoleRequest) -> Result<Empty, ApiError> {
        let r = self.role_record(&req.role_name)?;
        let name = r.name.clone();
        if !r.attached.is_empty() || !r.inline.is_empty() {
            return Err(ApiError::new(
                ErrorCode::DeleteConflictException,
                "Cannot delete entity, must detach all policies first.",
            ));
        }
        if self
            .state
            .instance_profiles
            .values()
            .any(|p| p.roles.contains(&name))
        {
            return Err(ApiError::new(
                ErrorCode::DeleteConflictException,
                "Cannot delete entity, must remove roles from instance profile first.",
            ));
        }
        if let Some(record) = self.state.roles.remove(&name) {
            self.emit(EventKind::RoleDeleted {
                role_arn: record.arn,
            });
        }
        Ok(Empty {})
    }

    // ------------------------------------------------- managed policies ---

    pub(crate) fn attach_role_policy(
        &mut self,
        req: AttachRolePolicyRequest,
    ) -> Result<Empty, ApiError> {
        check_policy_arn(&req.policy_arn)?;
        let name = self.role_record(&req.role_name)?.name.clone();
        if managed_policy(&req.policy_arn).is_none() {
            return Err(ApiError::new(
                ErrorCode::NoSuchEntityException,
                format!(
                    "Policy {} does not exist or is not attachable. (The simulator knows these AWS managed policies: {}.)",
                    req.policy_arn,
                    policy::MANAGED_POLICIES
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let Some(role) = self.state.roles.get_mut(&name) else {
            return Err(no_such_role(&req.role_name));
        };
        if role.attached.contains(&req.policy_arn) {
            return Ok(Empty {}); // idempotent, as IAM is
        }
        if role.attached.len() >= MAX_MANAGED_POLICIES_PER_ROLE {
            return Err(ApiError::new(
                ErrorCode::IamLimitExceeded,
                format!("Cannot exceed quota for PoliciesPerRole: {MAX_MANAGED_POLICIES_PER_ROLE}"),
            ));
        }
        role.attached.push(req.policy_arn.clone());
        let role_arn = role.arn.clone();
        self.emit(EventKind::RolePolicyChanged { role_arn });
        Ok(Empty {})
    }

    pub(crate) fn detach_role_policy(
        &mut self,
        req: DetachRolePolicyRequest,
    ) -> Result<Empty, ApiError> {
        check_policy_arn(&req.policy_arn)?;
        let name = self.role_record(&req.role_name)?.name.clone();
        let Some(role) = self.state.roles.get_mut(&name) else {
            return Err(no_such_role(&req.role_name));
        };
        let Some(pos) = role.attached.iter().position(|a| a == &req.policy_arn) else {
            return Err(ApiError::new(
                ErrorCode::NoSuchEntityException,
                format!("Policy {} was not found.", req.policy_arn),
            ));
        };
        role.attached.remove(pos);
        let role_arn = role.arn.clone();
        self.emit(EventKind::RolePolicyChanged { role_arn });
        Ok(Empty {})
    }

    pub(crate) fn list_attached_role_policies(
        &self,
        req: ListAttachedRolePoliciesRequest,
    ) -> Result<ListAttachedRolePoliciesResponse, ApiError> {
        let max = page_size(req.max_items)?;
        let role = self.role_record(&req.role_name)?;
        let prefix = req.path_prefix.unwrap_or_else(|| "/".to_owned());
        let mut policies: Vec<&policy::ManagedPolicy> = role
            .attached
            .iter()
            .filter_map(|arn| managed_policy(arn))
            .filter(|p| p.path.starts_with(&prefix))
            .collect();
        policies.sort_by_key(|p| p.name);
        let page = paginate(&policies, |p| p.name.to_owned(), req.marker.as_deref(), max)?;
        Ok(ListAttachedRolePoliciesResponse {
            attached_policies: page
                .items
                .iter()
                .map(|p| AttachedPolicy {
                    policy_name: p.name.to_owned(),
                    policy_arn: p.arn(),
                })
                .collect(),
            is_truncated: page.marker.is_some(),
            marker: page.marker,
        })
    }

    // -------------------------------------------------- inline policies ---

    pub(crate) fn put_role_policy(&mut self, req: PutRolePolicyRequest) -> Result<Empty, ApiError> {
        check_name("policyName", &req.policy_name, 128)?;
        let name = self.role_record(&req.role_name)?.name.clone();
        let doc = parse_policy(&req.policy_document, PolicyKind::Identity)?;
        let Some(role) = self.state.roles.get_mut(&name) else {
            return Err(no_such_role(&req.role_name));
        };
        role.inline.insert(req.policy_name, doc);
        let role_arn = role.arn.clone();
        self.emit(EventKind::RolePolicyChanged { role_arn });
        Ok(Empty {})
    }

    pub(crate) fn get_role_policy(
        &self,
        req: GetRolePolicyRequest,
    ) -> Result<GetRolePolicyResponse, ApiError> {
        let role = self.role_record(&req.role_name)?;
        let doc = role
            .inline
            .get(&req.policy_name)
            .ok_or_else(|| no_such_inline(&req.role_name, &req.policy_name))?;
        Ok(GetRolePolicyResponse {
            role_name: role.name.clone(),
            policy_name: req.policy_name,
            policy_document: doc.json.clone(),
        })
    }

    pub(crate) fn delete_role_policy(
        &mut self,
        req: DeleteRolePolicyRequest,
    ) -> Result<Empty, ApiError> {
        let name = self.role_record(&req.role_name)?.name.clone();
        let Some(role) = self.state.roles.get_mut(&name) else {
            return Err(no_such_role(&req.role_name));
        };
        if role.inline.remove(&req.policy_name).is_none() {
            return Err(no_such_inline(&req.role_name, &req.policy_name));
        }
        let role_arn = role.arn.clone();
        self.emit(EventKind::RolePolicyChanged { role_arn });
        Ok(Empty {})
    }

    pub(crate) fn list_role_policies(
        &self,
        req: ListRolePoliciesRequest,
    ) -> Result<ListRolePoliciesResponse, ApiError> {
        let max = page_size(req.max_items)?;
        let role = self.role_record(&req.role_name)?;
        let names: Vec<&String> = role.inline.keys().collect();
        let page = paginate(&names, |n| (*n).clone(), req.marker.as_deref(), max)?;
        Ok(ListRolePoliciesResponse {
            policy_names: page.items.iter().map(|n| (**n).clone()).collect(),
            is_truncated: page.marker.is_some(),
            marker: page.marker,
        })
    }

    // ------------------------------------------------ instance profiles ---

    fn profile_name(&self, name: &str) -> Option<String> {
        self.state
            .instance_profiles
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    fn profile_shape(&self, p: &InstanceProfileRecord) -> InstanceProfile {
        InstanceProfile {
            path: p.path.clone(),
            instance_profile_name: p.name.clone(),
            instance_profile_id: p.id.clone(),
            arn: p.arn.clone(),
            create_date: self.iam_time(p.created_at),
            roles: p
                .roles
                .iter()
                .filter_map(|r| self.state.roles.get(r))
                .map(|r| self.role_shape(r, false))
                .collect(),
            tags: p.tags.clone(),
        }
    }

    pub(crate) fn create_instance_profile(
        &mut self,
        req: CreateInstanceProfileRequest,
    ) -> Result<InstanceProfileResponse, ApiError> {
        check_name("instanceProfileName", &req.instance_profile_name, 128)?;
        let path = req.path.clone().unwrap_or_else(|| "/".to_owned());
        check_path(&path)?;
        check_tags(&req.tags)?;
        if let Some(existing) = self.profile_name(&req.instance_profile_name) {
            return Err(ApiError::new(
                ErrorCode::EntityAlreadyExistsException,
                format!("Instance Profile {existing} already exists."),
            ));
        }
        let id = self.iam_id("AIPA");
        let record = InstanceProfileRecord {
            arn: self.iam_arn("instance-profile", &path, &req.instance_profile_name),
            name: req.instance_profile_name.clone(),
            path,
            id,
            created_at: self.now,
            tags: req.tags,
            roles: Vec::new(),
        };
        let shape = self.profile_shape(&record);
        self.state
            .instance_profiles
            .insert(req.instance_profile_name, record);
        Ok(InstanceProfileResponse {
            instance_profile: shape,
        })
    }

    pub(crate) fn get_instance_profile(
        &self,
        req: GetInstanceProfileRequest,
    ) -> Result<InstanceProfileResponse, ApiError> {
        let p = self
            .profile_name(&req.instance_profile_name)
            .and_then(|n| self.state.instance_profiles.get(&n))
            .ok_or_else(|| no_such_profile(&req.instance_profile_name))?;
        Ok(InstanceProfileResponse {
            instance_profile: self.profile_shape(p),
        })
    }

    pub(crate) fn add_role_to_instance_profile(
        &mut self,
        req: AddRoleToInstanceProfileRequest,
    ) -> Result<Empty, ApiError> {
        let profile = self
            .profile_name(&req.instance_profile_name)
            .ok_or_else(|| no_such_profile(&req.instance_profile_name))?;
        let role = self.role_record(&req.role_name)?.name.clone();
        let Some(p) = self.state.instance_profiles.get_mut(&profile) else {
            return Err(no_such_profile(&req.instance_profile_name));
        };
        if p.roles.contains(&role) {
            return Err(ApiError::new(
                ErrorCode::EntityAlreadyExistsException,
                format!("Role {role} is already in instance profile {profile}."),
            ));
        }
        if p.roles.len() >= MAX_ROLES_PER_INSTANCE_PROFILE {
            return Err(ApiError::new(
                ErrorCode::IamLimitExceeded,
                "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
            ));
        }
        p.roles.push(role);
        Ok(Empty {})
    }

    pub(crate) fn remove_role_from_instance_profile(
        &mut self,
        req: RemoveRoleFromInstanceProfileRequest,
    ) -> Result<Empty, ApiError> {
        let profile = self
            .profile_name(&req.instance_profile_name)
            .ok_or_else(|| no_such_profile(&req.instance_profile_name))?;
        let role = self.role_record(&req.role_name)?.name.clone();
        let Some(p) = self.state.instance_profiles.get_mut(&profile) else {
            return Err(no_such_profile(&req.instance_profile_name));
        };
        let Some(pos) = p.roles.iter().position(|r| r == &role) else {
            return Err(ApiError::new(
                ErrorCode::NoSuchEntityException,
                format!("The role with name {role} cannot be found in instance profile {profile}."),
            ));
        };
        p.roles.remove(pos);
        Ok(Empty {})
    }

    pub(crate) fn delete_instance_profile(
        &mut self,
        req: DeleteInstanceProfileRequest,
    ) -> Result<Empty, ApiError> {
        let profile = self
            .profile_name(&req.instance_profile_name)
            .ok_or_else(|| no_such_profile(&req.instance_profile_name))?;
        if self
            .state
            .instance_profiles
            .get(&profile)
            .is_some_and(|p| !p.roles.is_empty())
        {
            return Err(ApiError::new(
                ErrorCode::DeleteConflictException,
                "Cannot delete entity, must remove roles from instance profile first.",
            ));
        }
        self.state.instance_profiles.remove(&profile);
        Ok(Empty {})
    }

    pub(crate) fn simulate_principal_policy(
        &self,
        req: SimulatePrincipalPolicyRequest,
    ) -> Result<SimulatePrincipalPolicyResponse, ApiError> {
        for (what, value) in [
            ("PolicyInputList", &req.policy_input_list),
            (
                "PermissionsBoundaryPolicyInputList",
                &req.permissions_boundary_policy_input_list,
            ),
            ("ResourcePolicy", &req.resource_policy),
            ("ResourceOwner", &req.resource_owner),
            ("CallerArn", &req.caller_arn),
            ("ContextEntries", &req.context_entries),
            ("ResourceHandlingOption", &req.resource_handling_option),
        ] {
            if value.is_some() {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedFeatureException,
                    format!("SimulatePrincipalPolicy: the simulator does not model '{what}' yet."),
                ));
            }
        }
        if req.marker.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidInputException,
                "Invalid Marker.",
            ));
        }
        let max = page_size(req.max_items)?;
        if !req.policy_source_arn.contains(":role/") {
            return Err(ApiError::new(
                ErrorCode::InvalidInputException,
                format!(
                    "PolicySourceArn {} is not a role ARN: the simulator models roles only.",
                    req.policy_source_arn
                ),
            ));
        }
        if self.role_by_arn(&req.policy_source_arn).is_none() {
            return Err(ApiError::new(
                ErrorCode::NoSuchEntityException,
                format!("Role {} cannot be found.", req.policy_source_arn),
            ));
        }
        if req.action_names.is_empty() {
            return Err(validation(
                "actionNames",
                "[]",
                "Member must have length greater than or equal to 1",
            ));
        }
        let resources = if req.resource_arns.is_empty() {
            vec!["*".to_owned()]
        } else {
            req.resource_arns.clone()
        };
        let mut results = Vec::new();
        for action in &req.action_names {
            for resource in &resources {
                let decision = self.role_allows(&req.policy_source_arn, action, resource);
                let matched = match &decision {
                    Decision::Allowed(by) | Decision::ExplicitDeny(by) => vec![MatchedStatement {
                        source_policy_id: by.policy.last_segment().to_owned(),
                        source_policy_type: if by.inline { "role" } else { "aws-managed" }
                            .to_owned(),
                    }],
                    Decision::ImplicitDeny => Vec::new(),
                };
                results.push(EvaluationResult {
                    eval_action_name: action.clone(),
                    eval_resource_name: resource.clone(),
                    eval_decision: decision.eval_decision().to_owned(),
                    matched_statements: matched,
                    missing_context_values: Vec::new(),
                });
            }
        }
        let is_truncated = results.len() > max;
        if is_truncated {
            return Err(ApiError::new(
                ErrorCode::UnsupportedFeatureException,
                format!(
                    "SimulatePrincipalPolicy: {} results do not fit in MaxItems {max}, and the simulator does not page them yet.",
                    results.len()
                ),
            ));
        }
        Ok(SimulatePrincipalPolicyResponse {
            evaluation_results: results,
            is_truncated: false,
        })
    }

    /// The roles part of [`Sim::view`].
    pub(crate) fn role_views(&self) -> Vec<crate::view::RoleView> {
        self.state
            .roles
            .values()
            .map(|r| crate::view::RoleView {
                name: r.name.clone(),
                arn: r.arn.clone(),
                trusted_services: r
                    .trust
                    .statements
                    .iter()
                    .filter(|s| s.effect == Effect::Allow)
                    .flat_map(|s| s.service_principals.iter().cloned())
                    .collect(),
                managed_policies: r.attached.clone(),
                inline_policies: r.inline.keys().cloned().collect(),
            })
            .collect()
    }

    /// IAM invariants, called from [`Sim::check_invariants`].
    pub(crate) fn check_iam_invariants(&self) -> Result<(), String> {
        for (name, role) in &self.state.roles {
            if name != &role.name || role.arn != self.iam_arn("role", &role.path, name) {
                return Err(format!(
                    "role '{name}' is stored with name {} / ARN {}",
                    role.name, role.arn
                ));
            }
            if let Some(bad) = role.attached.iter().find(|a| managed_policy(a).is_none()) {
                return Err(format!("role '{name}' has unknown policy {bad} attached"));
            }
        }
        for (name, profile) in &self.state.instance_profiles {
            if profile.roles.len() > MAX_ROLES_PER_INSTANCE_PROFILE {
                return Err(format!("instance profile '{name}' holds several roles"));
            }
            if let Some(missing) = profile
                .roles
                .iter()
                .find(|r| !self.state.roles.contains_key(*r))
            {
                return Err(format!(
                    "instance profile '{name}' holds deleted role {missing}"
                ));
            }
        }
        Ok(())
    }
}

fn no_such_inline(role: &str, policy: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("The role policy with name {policy} cannot be found. (role {role})"),
    )
}

fn check_policy_arn(arn: &str) -> Result<(), ApiError> {
    let ok = arn
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split_once(":policy/"))
        .is_some_and(|(account, name)| {
            (account == "aws"
                || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())))
                && !name.is_empty()
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidInputException,
            format!("ARN {arn} is not valid."),
        ))
    }
}

fn page_size(max_items: Option<i64>) -> Result<usize, ApiError> {
    match max_items {
        None => Ok(100),
        Some(n) if (1..=1000).contains(&n) => Ok(n as usize),
        Some(n) => Err(validation(
            "maxItems",
            &n.to_string(),
            "Member must have value greater than or equal to 1 and less than or equal to 1000",
        )),
    }
}

struct Page<'a, T> {
    items: Vec<&'a T>,
    marker: Option<String>,
}

/// Marker = hex of the last key shown.
fn paginate<'a, T>(
    sorted: &[&'a T],
    key: impl Fn(&T) -> String,
    marker: Option<&str>,
    max: usize,
) -> Result<Page<'a, T>, ApiError> {
    let after =
        match marker {
            None => None,
            Some(m) => Some(decode_marker(m).ok_or_else(|| {
                ApiError::new(ErrorCode::InvalidInputException, "Invalid Marker.")
            })?),
        };
    let rest: Vec<&'a T> = sorted
        .iter()
        .copied()
        .filter(|item| after.as_ref().is_none_or(|a| key(item) > *a))
        .collect();
    let truncated = rest.len() > max;
    let items: Vec<&'a T> = rest.into_iter().take(max).collect();
    let marker = if truncated {
        items.last().map(|last| {
            key(last)
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })
    } else {
        None
    };
    Ok(Page { items, marker })
}

fn decode_marker(m: &str) -> Option<String> {
    if m.is_empty() || !m.len().is_multiple_of(2) || !m.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..m.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&m[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::{Command, Response};

    const ECS_TASKS_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    fn sim_with_role(name: &str) -> (Sim, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let Response::CreateRole(out) = sim
            .execute(Command::CreateRole(CreateRoleRequest {
                role_name: name.into(),
                assume_role_policy_document: ECS_TASKS_TRUST.into(),
                ..Default::default()
            }))
            .unwrap()
        else {
            panic!("wrong response");
        };
        (sim, out.role.arn)
    }

    fn put(sim: &mut Sim, role: &str, name: &str, doc: &str) {
        sim.execute(Command::PutRolePolicy(PutRolePolicyRequest {
            role_name: role.into(),
            policy_name: name.into(),
            policy_document: doc.into(),
        }))
        .unwrap();
    }

    fn attach(sim: &mut Sim, role: &str, arn: &str) -> Result<Response, ApiError> {
        sim.execute(Command::AttachRolePolicy(RolePolicyArnRequest {
            role_name: role.into(),
            policy_arn: arn.into(),
        }))
    }

    #[test]
    fn arn_and_iso_dates() {
        let (_, arn) = sim_with_role("taskRole");
        assert_eq!(arn, "arn:aws:iam::123456789012:role/taskRole");
        assert_eq!(iso8601(1_767_225_600_000), "2026-01-01T00:00:00Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400_000 + 3_661_000), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn unknown_role_is_an_implicit_deny_and_not_trusted() {
        let (sim, _) = sim_with_role("r");
        let ghost = "arn:aws:iam::123456789012:role/ghost";
        assert_eq!(
            sim.role_allows(ghost, "s3:GetObject", "*"),
            Decision::ImplicitDeny
        );
        assert!(!sim.role_trusts(ghost, "ecs-tasks.amazonaws.com"));
    }

    #[test]
    fn managed_policy_grants_with_wildcards() {
        let (mut sim, arn) = sim_with_role("exec");
        assert_eq!(
            sim.role_allows(&arn, "ecr:BatchGetImage", "*"),
            Decision::ImplicitDeny
        );
        attach(
            &mut sim,
            "exec",
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        )
        .unwrap();
        let d = sim.role_allows(
            &arn,
            "ecr:BatchGetImage",
            "arn:aws:ecr:us-east-1:123456789012:repository/web",
        );
        assert!(d.is_allowed(), "{d:?}");
        // Actions are case-insensitive.
        assert!(sim.role_allows(&arn, "ECR:batchgetimage", "*").is_allowed());
        assert_eq!(
            sim.role_allows(&arn, "ecr:PutImage", "*"),
            Decision::ImplicitDeny
        );
        attach(
            &mut sim,
            "exec",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        )
        .unwrap();
        assert!(
            sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::b/k")
                .is_allowed()
        );
        assert!(
            sim.role_allows(&arn, "s3:ListBucket", "arn:aws:s3:::b")
                .is_allowed()
        );
        assert_eq!(
            sim.role_allows(&arn, "s3:PutObject", "arn:aws:s3:::b/k"),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn explicit_deny_wins_over_any_allow_and_names_its_statement() {
        let (mut sim, arn) = sim_with_role("app");
        attach(
            &mut sim,
            "app",
            "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        )
        .unwrap();
        put(
            &mut sim,
            "app",
            "no-secret-bucket",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secret*"}]}"#,
        );
        assert!(
            sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/x")
                .is_allowed()
        );
        match sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::secret-data/x") {
            Decision::ExplicitDeny(by) => {
                assert_eq!(by.policy, "no-secret-bucket");
                assert!(by.inline);
                assert_eq!((by.index, by.sid.as_deref()), (1, Some("NoSecrets")));
            }
            other => panic!("expected deny, got {other:?}"),
        }
        match sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/x") {
            Decision::Allowed(by) => {
                assert_eq!(by.policy, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
                assert!(!by.inline);
            }
            other => panic!("expected allow, got {other:?}"),
        }
        // Resource ARNs match case-sensitively.
        assert!(
            sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::SECRET/x")
                .is_allowed()
        );
    }

    #[test]
    fn decisions_explain_themselves() {
        let (mut sim, arn) = sim_with_role("e");
        put(
            &mut sim,
            "e",
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::private/*"}]}"#,
        );
        let allowed = sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/a");
        assert_eq!(allowed.eval_decision(), "allowed");
        assert_eq!(
            allowed.explain("s3:GetObject", "arn:aws:s3:::public/a"),
            "s3:GetObject on arn:aws:s3:::public/a is allowed by statement 1 (Sid Read) of the inline policy p."
        );
        let denied = sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::private/a");
        assert_eq!(denied.eval_decision(), "explicitDeny");
        assert!(
            denied
                .explain("x", "y")
                .contains("statement 2 of the inline policy p")
        );
        let none = sim.role_allows(&arn, "s3:PutObject", "arn:aws:s3:::public/a");
        assert_eq!(none.eval_decision(), "implicitDeny");
        assert!(none.explain("s3:PutObject", "r").contains("no statement"));
    }

    #[test]
    fn trust_follows_principals_and_deny() {
        let (mut sim, arn) = sim_with_role("t");
        assert!(sim.role_trusts(&arn, "ecs-tasks.amazonaws.com"));
        assert!(!sim.role_trusts(&arn, "ec2.amazonaws.com"));
        let role = sim.state.roles.get_mut("t").unwrap();
        role.trust = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":"sts:*"},{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            PolicyKind::Trust,
        )
        .unwrap();
        assert!(sim.role_trusts(&arn, "ecs-tasks.amazonaws.com"));
        assert!(!sim.role_trusts(&arn, "ec2.amazonaws.com"));
    }

    #[test]
    fn delete_conflicts_until_detached() {
        let (mut sim, _) = sim_with_role("busy");
        attach(
            &mut sim,
            "busy",
            "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
        )
        .unwrap();
        let del = |sim: &mut Sim| {
            sim.execute(Command::DeleteRole(RoleNameRequest {
                role_name: "busy".into(),
            }))
        };
        assert_eq!(
            del(&mut sim).unwrap_err().code,
            ErrorCode::DeleteConflictException
        );
        sim.execute(Command::DetachRolePolicy(RolePolicyArnRequest {
            role_name: "busy".into(),
            policy_arn: "arn:aws:iam::aws:policy/AmazonSQSFullAccess".into(),
        }))
        .unwrap();
        assert!(del(&mut sim).is_ok());
        assert_eq!(
            del(&mut sim).unwrap_err().code,
            ErrorCode::NoSuchEntityException
        );
    }

    #[test]
    fn names_are_unique_case_insensitively_and_checked() {
        let (mut sim, _) = sim_with_role("Web");
        let err = sim
            .execute(Command::CreateRole(CreateRoleRequest {
                role_name: "web".into(),
                assume_role_policy_document: ECS_TASKS_TRUST.into(),
                ..Default::default()
            }))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::EntityAlreadyExistsException);
        assert_eq!(err.message, "Role with name Web already exists.");
        for bad in ["", "has space", &"x".repeat(65)] {
            let err = sim
                .execute(Command::CreateRole(CreateRoleRequest {
                    role_name: bad.into(),
                    assume_role_policy_document: ECS_TASKS_TRUST.into(),
                    ..Default::default()
                }))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::ValidationError, "{bad}");
        }
    }

    #[test]
    fn markers_page_through_roles() {
        let (mut sim, _) = sim_with_role("a");
        for n in ["b", "c"] {
            sim.execute(Command::CreateRole(CreateRoleRequest {
                role_name: n.into(),
                assume_role_policy_document: ECS_TASKS_TRUST.into(),
                ..Default::default()
            }))
            .unwrap();
        }
        let first = sim
            .list_roles(ListRolesRequest {
                max_items: Some(2),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(first.roles.len(), 2);
        assert!(first.is_truncated);
        let second = sim
            .list_roles(ListRolesRequest {
                max_items: Some(2),
                marker: first.marker,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(second.roles[0].role_name, "c");
        assert!(!second.is_truncated);
    }
}
