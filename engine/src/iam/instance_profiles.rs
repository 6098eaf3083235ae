//! Instance profiles: CreateInstanceProfile, GetInstanceProfile,
//! AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
//! DeleteInstanceProfile.

use super::rules::*;
use super::*;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;

impl Sim {
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
}
