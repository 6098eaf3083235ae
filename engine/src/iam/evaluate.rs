//! The pure permission evaluator other modules call ([`Sim::role_allows`],
//! [`Sim::role_trusts`]), the [`Decision`] it returns and explains, and
//! SimulatePrincipalPolicy, which shows it.

use super::policy::{Effect, PolicyKind, managed_policy, parse_policy};
use super::rules::*;
use super::*;
use crate::base::arn::LastSegment;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;

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

impl Sim {
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
                return Err(ApiError::unsupported("SimulatePrincipalPolicy", what));
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
}
