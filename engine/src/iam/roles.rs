//! Roles: CreateRole, GetRole, ListRoles, DeleteRole; their managed
//! (Attach/Detach/ListAttachedRolePolicies) and inline
//! (Put/Get/Delete/ListRolePolicies) policies; the roles part of the view
//! and the IAM invariants.

use super::policy::{Effect, PolicyKind, managed_policy, parse_policy};
use super::rules::*;
use super::*;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimTime;
use serde_json::Value;
use std::collections::BTreeMap;

impl Sim {
    pub(super) fn iam_arn(&self, kind: &str, path: &str, name: &str) -> String {
        self.arns.global("iam", &[kind, path, name].concat())
    }

    /// IAM-style unique ids: a 4-letter prefix and 17 base32 characters.
    pub(super) fn iam_id(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let tail: String = (0..17)
            .map(|_| char::from(ALPHABET[self.rng.below(32) as usize]))
            .collect();
        format!("{prefix}{tail}")
    }

    /// IAM timestamps: ISO 8601 to the second (`2026-01-01T00:00:00Z`).
    pub(super) fn iam_time(&self, t: SimTime) -> String {
        self.iso8601(t, crate::base::time::Precision::Seconds)
    }

    /// The stored name of a role, matched case-insensitively as IAM does.
    pub(crate) fn find_role_name(&self, name: &str) -> Option<String> {
        self.state
            .roles
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    pub(super) fn role_record(&self, name: &str) -> Result<&RoleRecord, ApiError> {
        self.find_role_name(name)
            .and_then(|n| self.state.roles.get(&n))
            .ok_or_else(|| no_such_role(name))
    }

    pub(super) fn role_shape(&self, r: &RoleRecord, with_last_used: bool) -> Role {
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
