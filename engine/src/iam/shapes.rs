//! The IAM API shapes (botocore `iam/2010-05-08`, PascalCase members) and
//! the role and instance profile records the engine stores.

use super::policy::PolicyDocument;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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
/// resources (the IAM policy simulator), backed by [`Sim::role_allows`](crate::Sim::role_allows).
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
/// case-insensitively, see [`Sim::find_role_name`](crate::Sim::find_role_name)).
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
