//! The task definition actions on [`Sim`]: Register, Describe, List,
//! ListFamilies, Deregister and Delete; the lookups the task and service code
//! uses (`resolve_task_definition`, `task_definition_by_arn`); the view and
//! the invariants.

use super::validation::*;
use super::*;
use crate::base::paginate::{Order, STV1, page};
use crate::ecs::cluster::Failure;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::Sim;
use std::collections::BTreeMap;

/// The key a ListTaskDefinitions or ListTaskDefinitionFamilies token
/// continues after.
fn after(token: Option<&str>) -> Result<Option<String>, ApiError> {
    token
        .map(|t| STV1.decode(t).ok_or_else(crate::ecs::invalid_next_token))
        .transpose()
}

fn not_found() -> ApiError {
    client("Unable to describe task definition.")
}

impl Sim {
    fn task_definition_arn(&self, family: &str, revision: u32) -> String {
        self.arns
            .arn("ecs", &format!("task-definition/{family}:{revision}"))
    }

    /// `(family, Some(revision))` from `family`, `family:revision` or an ARN
    /// of this account and region.
    fn split_reference<'a>(&self, reference: &'a str) -> Option<(&'a str, Option<u32>)> {
        let body = if crate::base::arn::is_arn(reference) {
            self.arns
                .resource("ecs", reference)?
                .strip_prefix("task-definition/")?
        } else {
            reference
        };
        match body.split_once(':') {
            Some((family, rev)) => {
                let rev: u32 = rev.parse().ok().filter(|r| *r > 0)?;
                is_valid_name(family).then_some((family, Some(rev)))
            }
            None => is_valid_name(body).then_some((body, None)),
        }
    }

    /// Any revision by reference, whatever its status; a bare family means
    /// its latest ACTIVE revision.
    fn lookup_task_definition(
        &self,
        reference: &str,
    ) -> Option<&std::sync::Arc<TaskDefinitionRecord>> {
        let (family, revision) = self.split_reference(reference)?;
        let fam = self.state.task_definitions.get(family)?;
        match revision {
            Some(r) => fam.revisions.get(&r),
            None => fam
                .revisions
                .values()
                .rev()
                .find(|r| r.status() == TaskDefinitionStatus::Active),
        }
    }

    /// For RunTask / StartTask / CreateService / UpdateService: a task
    /// definition that may be used for NEW tasks. `family` → latest ACTIVE
    /// revision; `family:revision` or ARN → that revision, which must be
    /// ACTIVE (AWS refuses INACTIVE ones for new tasks and services, F4.3).
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn resolve_task_definition(
        &self,
        reference: &str,
    ) -> Result<&std::sync::Arc<TaskDefinitionRecord>, ApiError> {
        let record = self
            .lookup_task_definition(reference)
            .ok_or_else(|| client("Unable to find task definition."))?;
        if record.status() != TaskDefinitionStatus::Active {
            return Err(client("TaskDefinition is inactive"));
        }
        Ok(record)
    }

    /// A revision by its full ARN, whatever its status: for tasks and
    /// services that already use it (they keep running after deregistration).
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn task_definition_by_arn(&self, arn: &str) -> Option<&TaskDefinitionRecord> {
        // An ARN the engine made (a task's): no name checks, a name that
        // fails them is not stored anyway.
        let (family, revision) = self
            .arns
            .resource("ecs", arn)?
            .strip_prefix("task-definition/")?
            .split_once(':')?;
        self.state
            .task_definitions
            .get(family)?
            .revisions
            .get(&revision.parse().ok()?)
            .map(|r| &**r)
    }

    pub(crate) fn register_task_definition(
        &mut self,
        req: RegisterTaskDefinitionRequest,
    ) -> Result<RegisterTaskDefinitionResponse, ApiError> {
        let checked = check_common(&req)?;
        let fargate = check_fargate(&req, &checked);
        if checked.requires.contains(&Compatibility::Fargate) {
            fargate.clone()?;
        }
        let mode = checked.network_mode.unwrap_or(NetworkMode::Bridge);
        let mut compatibilities = vec![Compatibility::Ec2];
        if fargate.is_ok() {
            compatibilities.push(Compatibility::Fargate);
        }
        let family = req.family.clone();
        let revision = self
            .state
            .task_definitions
            .get(&family)
            .map_or(1, |f| f.last_revision + 1);
        let arn = self.task_definition_arn(&family, revision);
        let def = TaskDefinition {
            task_definition_arn: arn.clone(),
            requires_attributes: required_attributes(&req, mode),
            container_definitions: req
                .container_definitions
                .iter()
                .cloned()
                .map(|c| normalise(c, mode))
                .collect(),
            family: family.clone(),
            task_role_arn: req.task_role_arn.clone(),
            execution_role_arn: req.execution_role_arn.clone(),
            network_mode: checked.network_mode,
            revision,
            volumes: req.volumes.clone(),
            status: TaskDefinitionStatus::Active,
            placement_constraints: req.placement_constraints.clone(),
            compatibilities,
            runtime_platform: req.runtime_platform.clone(),
            requires_compatibilities: checked.requires.clone(),
            cpu: checked.cpu.map(|c| c.to_string()),
            memory: checked.memory.map(|m| m.to_string()),
            pid_mode: req.pid_mode.clone(),
            ipc_mode: req.ipc_mode.clone(),
            registered_at: self.now.epoch_seconds(self.config.start_epoch_ms),
            deregistered_at: None,
            registered_by: self.arns.global("iam", REGISTERED_BY),
            ephemeral_storage: req.ephemeral_storage.clone(),
        };
        let record = TaskDefinitionRecord {
            def: def.clone(),
            tags: req.tags.clone(),
            registered_at: self.now,
            deregistered_at: None,
        };
        let fam = self
            .state
            .task_definitions
            .entry(family.clone())
            .or_insert_with(|| FamilyRecord {
                name: family,
                last_revision: 0,
                revisions: BTreeMap::new(),
            });
        fam.last_revision = revision;
        fam.revisions.insert(revision, std::sync::Arc::new(record));
        self.emit(EventKind::TaskDefinitionRegistered {
            task_definition_arn: arn,
        });
        Ok(RegisterTaskDefinitionResponse {
            task_definition: def,
            tags: req.tags,
        })
    }

    pub(crate) fn describe_task_definition(
        &self,
        req: DescribeTaskDefinitionRequest,
    ) -> Result<DescribeTaskDefinitionResponse, ApiError> {
        if req.task_definition.is_empty() {
            return Err(client("TaskDefinition cannot be empty."));
        }
        let record = self
            .lookup_task_definition(&req.task_definition)
            .ok_or_else(not_found)?;
        Ok(DescribeTaskDefinitionResponse {
            task_definition: record.def.clone(),
            tags: req
                .include
                .contains(&TaskDefinitionField::Tags)
                .then(|| record.tags.clone()),
        })
    }

    pub(crate) fn list_task_definitions(
        &self,
        req: ListTaskDefinitionsRequest,
    ) -> Result<ListTaskDefinitionsResponse, ApiError> {
        let max = crate::ecs::paging("ListTaskDefinitions").limit(req.max_results)?;
        let status = req.status.unwrap_or(TaskDefinitionStatus::Active);
        let desc = req.sort == Some(SortOrder::Desc);
        // Sort key: family, then revision (zero-padded so text order is numeric).
        let mut keyed: Vec<(String, &str)> = self
            .state
            .task_definitions
            .values()
            // BOTO-ECS:ListTaskDefinitionsRequest.familyPrefix is "the full
            // family name" here (unlike ListTaskDefinitionFamilies, a prefix).
            .filter(|f| req.family_prefix.as_deref().is_none_or(|p| f.name == p))
            .flat_map(|f| f.revisions.values())
            .filter(|r| r.status() == status)
            .map(|r| (format!("{}:{:010}", r.def.family, r.def.revision), r.arn()))
            .collect();
        keyed.sort();
        if desc {
            keyed.reverse();
        }
        let after = after(req.next_token.as_deref())?;
        let order = if desc {
            Order::Descending
        } else {
            Order::Ascending
        };
        let (arns, last) = page(
            keyed.iter().map(|(k, arn)| (k, *arn)),
            after.as_deref(),
            max,
            order,
        );
        Ok(ListTaskDefinitionsResponse {
            task_definition_arns: arns.into_iter().map(str::to_owned).collect(),
            next_token: last.map(|k| STV1.encode(k)),
        })
    }

    pub(crate) fn list_task_definition_families(
        &self,
        req: ListTaskDefinitionFamiliesRequest,
    ) -> Result<ListTaskDefinitionFamiliesResponse, ApiError> {
        let max = crate::ecs::paging("ListTaskDefinitionFamilies").limit(req.max_results)?;
        let status = req.status.unwrap_or(FamilyStatus::Active);
        let after = after(req.next_token.as_deref())?;
        let names = self
            .state
            .task_definitions
            .values()
            .filter(|f| {
                req.family_prefix
                    .as_deref()
                    .is_none_or(|p| f.name.starts_with(p))
            })
            .filter(|f| {
                let active = f
                    .revisions
                    .values()
                    .any(|r| r.status() == TaskDefinitionStatus::Active);
                match status {
                    FamilyStatus::Active => active,
                    FamilyStatus::Inactive => !active,
                    FamilyStatus::All => true,
                }
            })
            .map(|f| (f.name.as_str(), f.name.as_str()));
        let (families, last) = page(names, after.as_deref(), max, Order::Ascending);
        Ok(ListTaskDefinitionFamiliesResponse {
            families: families.into_iter().map(str::to_owned).collect(),
            next_token: last.map(|n| STV1.encode(n)),
        })
    }

    pub(crate) fn deregister_task_definition(
        &mut self,
        req: DeregisterTaskDefinitionRequest,
    ) -> Result<DeregisterTaskDefinitionResponse, ApiError> {
        let Some((family, revision)) = self.split_reference(&req.task_definition) else {
            return Err(client(format!(
                "Invalid task definition '{}'. Use family:revision or the full ARN.",
                req.task_definition
            )));
        };
        let Some(revision) = revision else {
            return Err(client(
                "The task definition must be given as family:revision or a full ARN (a revision number is required to deregister).",
            ));
        };
        let now = self.now;
        let epoch = now.epoch_seconds(self.config.start_epoch_ms);
        let record = self
            .state
            .task_definitions
            .get_mut(family)
            .and_then(|f| f.revisions.get_mut(&revision))
            .map(std::sync::Arc::make_mut)
            .ok_or_else(|| client("The specified task definition does not exist."))?;
        if record.def.status != TaskDefinitionStatus::Active {
            // Deregistering again changes nothing.
            return Ok(DeregisterTaskDefinitionResponse {
                task_definition: record.def.clone(),
            });
        }
        record.def.status = TaskDefinitionStatus::Inactive;
        record.def.deregistered_at = Some(epoch);
        record.deregistered_at = Some(now);
        let def = record.def.clone();
        self.emit(EventKind::TaskDefinitionDeregistered {
            task_definition_arn: def.task_definition_arn.clone(),
        });
        Ok(DeregisterTaskDefinitionResponse {
            task_definition: def,
        })
    }

    /// Only INACTIVE revisions can be deleted; they become
    /// DELETE_IN_PROGRESS (BOTO-ECS:DeleteTaskDefinitions). MODEL: the
    /// record stays describable in that status (AWS removes it once no task
    /// or service uses it; the task code can do that).
    pub(crate) fn delete_task_definitions(
        &mut self,
        req: DeleteTaskDefinitionsRequest,
    ) -> Result<DeleteTaskDefinitionsResponse, ApiError> {
        if req.task_definitions.is_empty() || req.task_definitions.len() > 10 {
            return Err(ApiError::invalid_parameter(
                "taskDefinitions must list 1 to 10 task definitions (family:revision or ARN).",
            ));
        }
        let mut deleted = Vec::new();
        let mut failures = Vec::new();
        for reference in &req.task_definitions {
            let found = self
                .split_reference(reference)
                .and_then(|(f, r)| Some((f.to_owned(), r?)));
            let Some((family, revision)) = found else {
                failures.push(Failure {
                    arn: reference.clone(),
                    reason: "The specified task definition identifier is invalid. Specify a valid name or ARN and try again.".into(),
                });
                continue;
            };
            let Some(record) = self
                .state
                .task_definitions
                .get_mut(&family)
                .and_then(|f| f.revisions.get_mut(&revision))
                .map(std::sync::Arc::make_mut)
            else {
                failures.push(Failure {
                    arn: reference.clone(),
                    reason: "The specified task definition does not exist. Specify a valid account, family, revision and try again.".into(),
                });
                continue;
            };
            match record.def.status {
                TaskDefinitionStatus::Active => failures.push(Failure {
                    arn: record.def.task_definition_arn.clone(),
                    reason: "The specified task definition is still in ACTIVE status. Please deregister the target and try again.".into(),
                }),
                TaskDefinitionStatus::Inactive => {
                    record.def.status = TaskDefinitionStatus::DeleteInProgress;
                    deleted.push(record.def.clone());
                }
                TaskDefinitionStatus::DeleteInProgress => deleted.push(record.def.clone()),
            }
        }
        for def in &deleted {
            self.emit(EventKind::TaskDefinitionDeleted {
                task_definition_arn: def.task_definition_arn.clone(),
            });
        }
        Ok(DeleteTaskDefinitionsResponse {
            task_definitions: deleted,
            failures,
        })
    }

    /// The task definitions part of [`Sim::view`].
    pub(crate) fn task_definition_views(&self) -> Vec<crate::view::TaskDefinitionView> {
        self.state
            .task_definitions
            .values()
            .flat_map(|f| f.revisions.values())
            .map(|r| crate::view::TaskDefinitionView {
                arn: r.arn().to_owned(),
                family: r.def.family.clone(),
                revision: r.def.revision,
                status: match r.status() {
                    TaskDefinitionStatus::Active => "ACTIVE",
                    TaskDefinitionStatus::Inactive => "INACTIVE",
                    TaskDefinitionStatus::DeleteInProgress => "DELETE_IN_PROGRESS",
                }
                .to_owned(),
                network_mode: r.network_mode().as_str().to_owned(),
                cpu: r.task_cpu(),
                memory: r.task_memory(),
                fargate_compatible: r.is_fargate_compatible(),
                containers: r
                    .containers()
                    .iter()
                    .map(|c| (c.name.clone(), c.image.clone()))
                    .collect(),
                task_role_arn: r.def.task_role_arn.clone(),
                execution_role_arn: r.def.execution_role_arn.clone(),
            })
            .collect()
    }

    /// Task definition invariants, called from [`Sim::check_invariants`].
    pub(crate) fn check_task_definition_invariants(&self) -> Result<(), String> {
        for (name, fam) in &self.state.task_definitions {
            if name != &fam.name || fam.revisions.is_empty() {
                return Err(format!("family '{name}' is misfiled or empty"));
            }
            if fam.revisions.keys().next_back() > Some(&fam.last_revision) {
                return Err(format!("family '{name}' has a revision above its counter"));
            }
            for (rev, r) in &fam.revisions {
                if r.def.revision != *rev
                    || r.def.family != *name
                    || r.def.task_definition_arn != self.task_definition_arn(name, *rev)
                {
                    return Err(format!("revision {name}:{rev} is misfiled"));
                }
                let inactive = r.def.status != TaskDefinitionStatus::Active;
                if inactive != r.deregistered_at.is_some() {
                    return Err(format!(
                        "revision {name}:{rev} status/deregisteredAt disagree"
                    ));
                }
                if r.def
                    .requires_compatibilities
                    .contains(&Compatibility::Fargate)
                    && !r.is_fargate_compatible()
                {
                    return Err(format!(
                        "revision {name}:{rev} requires FARGATE but is not compatible"
                    ));
                }
            }
        }
        Ok(())
    }
}
