//! Capacity provider invariants, checked with the rest of the state's.

use super::*;
use crate::sim::Sim;
use crate::state::{ServiceStatus, TaskStatus};

impl Sim {
    pub(crate) fn check_capacity_provider_invariants(&self) -> Result<(), String> {
        for (name, p) in &self.state.capacity_providers {
            if name != &p.name || is_fargate(name) {
                return Err(format!(
                    "capacity provider stored under '{name}' is {}",
                    p.name
                ));
            }
        }
        // ACTIVE clusters only: a deleted (INACTIVE) cluster's list is
        // history, and its providers may be deleted since.
        for c in self.state.clusters.values() {
            if c.status != crate::ecs::cluster::ClusterStatus::Active {
                continue;
            }
            if c.capacity_providers.len() > MAX_PER_CLUSTER {
                return Err(format!(
                    "cluster {} has more than {MAX_PER_CLUSTER} capacity providers",
                    c.name
                ));
            }
            for p in &c.capacity_providers {
                if !self.capacity_provider_usable(p) {
                    return Err(format!(
                        "cluster {} is associated with capacity provider {p}, which is not ACTIVE",
                        c.name
                    ));
                }
            }
            for i in &c.default_capacity_provider_strategy {
                if !c.capacity_providers.contains(&i.capacity_provider) {
                    return Err(format!(
                        "the default strategy of cluster {} names {}, which is not associated",
                        c.name, i.capacity_provider
                    ));
                }
            }
        }
        for t in self.state.tasks.values() {
            let Some(p) = &t.life.capacity_provider_name else {
                continue;
            };
            if t.status == TaskStatus::Stopped {
                continue;
            }
            let associated = self
                .state
                .clusters
                .values()
                .any(|c| c.arn == t.cluster_arn && c.capacity_providers.contains(p));
            if !associated {
                return Err(format!(
                    "task {} runs on capacity provider {p}, which its cluster does not have",
                    t.arn
                ));
            }
            if Kind::of(p).launch_type() != t.launch_type {
                return Err(format!(
                    "task {} on capacity provider {p} has launch type {:?}",
                    t.arn, t.launch_type
                ));
            }
            if !is_fargate(p) {
                let group = self.state.capacity_providers.get(p).map(|r| &r.asg_name);
                let on_group = t
                    .container_instance_arn
                    .as_ref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .and_then(|ci| self.state.instances.get(&ci.ec2_instance_id))
                    .and_then(|i| i.auto_scaling_group.as_ref());
                let waits = self.never_placed(t);
                if !waits && (group.is_none() || on_group != group) {
                    return Err(format!(
                        "task {} of capacity provider {p} is not on an instance of its Auto Scaling group",
                        t.arn
                    ));
                }
            }
        }
        for s in self.state.services.values() {
            if s.status != ServiceStatus::Active {
                continue;
            }
            for i in &s.detail.capacity_provider_strategy {
                let associated = self.state.clusters.values().any(|c| {
                    c.arn == s.cluster_arn && c.capacity_providers.contains(&i.capacity_provider)
                });
                if !associated {
                    return Err(format!(
                        "service {} uses capacity provider {}, which its cluster does not have",
                        s.arn, i.capacity_provider
                    ));
                }
            }
        }
        Ok(())
    }
}
