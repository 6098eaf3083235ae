//! Cluster auto scaling: capacity providers with managed scaling (F9.1–F9.5).
//!
//! - For each (cluster, provider) with managed scaling ENABLED, ECS owns a
//!   target tracking policy on the provider's Auto Scaling group,
//!   `ECSManagedAutoScalingPolicy-<uuid>`, on the metric
//!   `AWS/ECS/ManagedScaling` `CapacityProviderReservation`
//!   (`CapacityProviderName`, `ClusterName`) with `targetCapacity` as its
//!   target, and its two alarms: AlarmHigh, above the target for
//!   [`HIGH_DATAPOINTS`] minute (F9.4, 3P), and AlarmLow, below it for
//!   [`LOW_DATAPOINTS`] minutes (F9.4). `Sim::sync_managed_scaling` makes
//!   them (and removes them) whenever a cluster's providers, a provider's
//!   settings or a cluster change.
//! - A task whose provider has managed scaling and that finds no room
//!   waits in PROVISIONING (at most [`MAX_PROVISIONING`] per cluster)
//!   instead of failing (the "Deep dive on ECS cluster auto scaling" blog,
//!   quoted in aws/containers-roadmap#2381 and PRX/Infrastructure#402).
//!   Waiting tasks are placed, oldest first, when an instance registers and
//!   every minute; after [`CAPACITY_WAIT`] one still waiting stops.
//! - Every minute: the reservation (F9.2, [`Sim::reservation`]) is
//!   published. With waiting tasks M = N + the instances of the group's
//!   instance type they need (packed by CPU and memory; F9.3: tasks that fit
//!   no empty instance never wait); N = 0 gives 200. Without them M is the
//!   instances running a task other than a daemon one; the value is
//!   100 − the empty instances when the target is 100 (F9.2's scale-in
//!   form), else M / N × 100; no instance and nothing waiting gives 100.
//! - The policy, invoked every minute its alarm is in ALARM: scale-out to
//!   ceil(M × 100 / target) instances (MODEL: target tracking's
//!   proportional step), by at least minimumScalingStepSize and at most
//!   maximumScalingStepSize, not while an instance of the group is within
//!   its instanceWarmupPeriod (F9.3); scale-in to the same figure, by at
//!   most half the group (at least one) a minute (F9.4), never below the
//!   group's minimum. The group then launches or terminates as it does
//!   for any change of its desired capacity.
//! - Managed termination protection (F9.5): every minute, before the
//!   decisions, each instance of the group is protected from scale-in
//!   while it runs a task other than a daemon one and unprotected when
//!   empty, so a scale-in only ever takes empty instances.

use super::*;
use crate::autoscaling::policy::AsgPolicyRecord;
use crate::cloudwatch::{Dimension, MetricKey};
use crate::ecs::cluster::ClusterStatus;
use crate::ecs::placement::{Demand, PlacementConstraint, PlacementStrategy};
use crate::ecs::run_task::Network;
use crate::sim::{Sim, Timer};
use crate::state::TaskStatus;
use crate::time::SimTime;

/// The blog's limit (containers-roadmap#2381): tasks in PROVISIONING per
/// cluster.
pub const MAX_PROVISIONING: usize = 100;
/// MODEL: how long a task waits for capacity (the blog: "between 10 and 30
/// minutes"; the simulator takes the upper end).
pub const CAPACITY_WAIT: SimDuration = SimDuration::minutes(30);
/// MODEL (AWS's text is not documented): the stoppedReason of a task whose
/// wait for capacity ran out.
pub const CAPACITY_WAIT_EXPIRED: &str = "Capacity is unavailable at this time. The task waited 30 minutes in PROVISIONING for an instance of its capacity provider.";
/// F9.4: AlarmHigh's and AlarmLow's datapoints (one-minute periods).
pub const HIGH_DATAPOINTS: i64 = 1;
pub const LOW_DATAPOINTS: i64 = 15;
pub const NAMESPACE: &str = "AWS/ECS/ManagedScaling";
pub const METRIC: &str = "CapacityProviderReservation";

/// A task waiting in PROVISIONING for an instance.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityWait {
    pub task_arn: String,
    pub cluster_arn: String,
    pub provider: String,
    pub(crate) constraints: Vec<PlacementConstraint>,
    pub(crate) strategies: Vec<PlacementStrategy>,
    pub(crate) network: Option<Network>,
    pub since: SimTime,
}

/// F9.2's figures for one (cluster, provider).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reservation {
    /// Instances of the group (pending or running).
    pub n: u32,
    /// Instances needed.
    pub m: u32,
    /// Tasks waiting for capacity.
    pub waiting: u32,
    /// CapacityProviderReservation, percent.
    pub value: f64,
}

impl Sim {
    /// A provider's managed scaling settings when it is ENABLED.
    pub(crate) fn managed_scaling_of(&self, provider: &str) -> Option<&ManagedScaling> {
        self.state
            .capacity_providers
            .get(provider)
            .filter(|p| p.active && p.managed_scaling.enabled())
            .map(|p| &p.managed_scaling)
    }

    /// Whether the group protects its new instances from scale-in.
    pub(crate) fn group_protects_new_instances(&self, group: &str) -> bool {
        self.state
            .auto_scaling_groups
            .get(group)
            .is_some_and(|g| g.new_instances_protected_from_scale_in)
    }

    /// The CPU units and MiB an empty instance of the provider's group
    /// registers (its launch template's instance type).
    fn provider_instance_size(&self, provider: &str) -> Option<(u32, u32)> {
        let p = self.state.capacity_providers.get(provider)?;
        let g = self.state.auto_scaling_groups.get(&p.asg_name)?;
        let t = self.state.launch_templates.get(&g.launch_template_id)?;
        let it = crate::ec2::instance_types::instance_type(t.instance_type())?;
        Some((it.ecs_cpu_units(), it.ecs_registered_memory_mib()))
    }

    /// Whether a task that found no room may wait for the provider's group
    /// to grow: managed scaling is on, the cluster has fewer than
    /// [`MAX_PROVISIONING`] waiting, and the task fits an empty instance of
    /// the group (F9.3).
    pub(crate) fn can_wait_for_capacity(
        &self,
        cluster_arn: &str,
        provider: &str,
        demand: &Demand,
    ) -> bool {
        if self.managed_scaling_of(provider).is_none() {
            return false;
        }
        let waiting = self
            .state
            .capacity_waits
            .iter()
            .filter(|w| w.cluster_arn == cluster_arn)
            .count();
        waiting < MAX_PROVISIONING
            && self
                .provider_instance_size(provider)
                .is_some_and(|(cpu, mib)| demand.cpu <= cpu && demand.memory <= mib)
    }

    pub(crate) fn wait_for_capacity(
        &mut self,
        task_arn: &str,
        provider: &str,
        constraints: &[PlacementConstraint],
        strategies: &[PlacementStrategy],
        network: Option<&Network>,
    ) {
        let Some(cluster_arn) = self
            .state
            .tasks
            .get(task_arn)
            .map(|t| t.cluster_arn.clone())
        else {
            return;
        };
        self.state.capacity_waits.push(CapacityWait {
            task_arn: task_arn.to_owned(),
            cluster_arn,
            provider: provider.to_owned(),
            constraints: constraints.to_vec(),
            strategies: strategies.to_vec(),
            network: network.cloned(),
            since: self.now,
        });
        self.schedule(
            CAPACITY_WAIT,
            Timer::CapacityWaitExpired {
                task_arn: task_arn.to_owned(),
            },
        );
        self.ensure_minute_timer();
    }

    /// Whether a task is still waiting (PROVISIONING, on no instance).
    fn still_waiting(&self, task_arn: &str) -> bool {
        self.state.tasks.get(task_arn).is_some_and(|t| {
            t.status == TaskStatus::Pending
                && t.container_instance_arn.is_none()
                && t.life.last_status == "PROVISIONING"
                && t.life.desired_status == "RUNNING"
                && t.life.eni_id.is_none()
        })
    }

    /// An EC2 task on no instance: it waits for capacity (listed in
    /// `capacity_waits`), or it was stopped while it waited and never ran
    /// (invariants allow both).
    pub(crate) fn never_placed(&self, task: &crate::state::TaskRecord) -> bool {
        task.container_instance_arn.is_none()
            && task.life.eni_id.is_none()
            && task.life.started_at.is_none()
            && (task.life.desired_status == "STOPPED"
                || self
                    .state
                    .capacity_waits
                    .iter()
                    .any(|w| w.task_arn == task.arn))
    }

    /// Timer: a task's wait for capacity ran out.
    pub(crate) fn capacity_wait_expired(&mut self, task_arn: &str) {
        let Some(k) = self
            .state
            .capacity_waits
            .iter()
            .position(|w| w.task_arn == task_arn)
        else {
            return;
        };
        self.state.capacity_waits.remove(k);
        if self.still_waiting(task_arn) {
            self.stop_task_now(task_arn, Some("TaskFailedToStart"), CAPACITY_WAIT_EXPIRED);
        }
    }

    /// Places waiting tasks, oldest first, where they fit now.
    pub(crate) fn place_waiting_tasks(&mut self) {
        if self.state.capacity_waits.is_empty() {
            return;
        }
        let waits = std::mem::take(&mut self.state.capacity_waits);
        let mut kept = Vec::with_capacity(waits.len());
        for w in waits {
            if !self.still_waiting(&w.task_arn) {
                continue; // stopped meanwhile
            }
            let Some((def, group)) = self.state.tasks.get(&w.task_arn).and_then(|t| {
                let def = self.task_definition_by_arn(&t.life.task_definition_arn)?;
                Some((def.clone(), t.group.clone()))
            }) else {
                continue;
            };
            let demand = self.demand(&def, &group, w.network.as_ref());
            let pool = self.placement_pool(&w.cluster_arn, &demand, &w.strategies);
            let parsed =
                crate::ecs::placement::validate(&w.strategies, &w.constraints).unwrap_or_default();
            let only = self.provider_container_instances(&w.cluster_arn, &w.provider);
            let placed =
                self.place_from_pool(&pool, &w.constraints, &parsed, Some(&only), 0, false);
            match placed.explanation.chosen {
                Some(ci) => {
                    self.settle_task(&w.task_arn, &def, Some(&ci), w.network.as_ref(), false);
                }
                None => kept.push(w),
            }
        }
        // Waits added while placing (none today) stay behind the old ones.
        kept.append(&mut self.state.capacity_waits);
        self.state.capacity_waits = kept;
    }

    /// Whether a task on an instance counts for cluster auto scaling (a
    /// DAEMON service's task does not, F9.2).
    fn counts_for_scaling(&self, task: &crate::state::TaskRecord) -> bool {
        let Some(name) = task.group.strip_prefix("service:") else {
            return true;
        };
        let arn = self.service_arn(&task.cluster_arn, name);
        self.state.services.get(&arn).is_none_or(|s| {
            s.detail.scheduling_strategy != crate::ecs::service::SchedulingStrategy::Daemon
        })
    }

    /// The group's live instances: (id, whether it runs a task that counts,
    /// launched at).
    fn group_instances_busy(&self, group: &str) -> Vec<(String, bool, SimTime)> {
        self.state
            .instances
            .values()
            .filter(|i| i.auto_scaling_group.as_deref() == Some(group) && i.is_live())
            .map(|i| {
                let busy = self.state.container_instances_on(&i.id).any(|ci| {
                    self.state
                        .tasks_on_instance(&ci.arn)
                        .any(|t| self.counts_for_scaling(t))
                });
                (i.id.clone(), busy, i.launched_at)
            })
            .collect()
    }

    /// F9.2 for a provider in a cluster (see the module doc).
    pub fn reservation(&self, cluster_arn: &str, provider: &str) -> Option<Reservation> {
        let scaling = self.managed_scaling_of(provider)?;
        let p = self.state.capacity_providers.get(provider)?;
        let instances = self.group_instances_busy(&p.asg_name);
        let n = instances.len() as u32;
        let busy = instances.iter().filter(|(_, b, _)| *b).count() as u32;
        let waiting: Vec<(u32, u32)> = self
            .state
            .capacity_waits
            .iter()
            .filter(|w| w.cluster_arn == cluster_arn && w.provider == provider)
            .filter_map(|w| self.state.tasks.get(&w.task_arn))
            .map(|t| (t.cpu, t.memory))
            .collect();
        let target = scaling.target_capacity.unwrap_or(100) as f64;
        if !waiting.is_empty() {
            let (cpu, mib) = self.provider_instance_size(provider).unwrap_or((1, 1));
            let m = n + pack(&waiting, cpu, mib);
            let value = if n == 0 {
                200.0
            } else {
                f64::from(m) / f64::from(n) * 100.0
            };
            return Some(Reservation {
                n,
                m,
                waiting: waiting.len() as u32,
                value,
            });
        }
        let value = if n == 0 {
            100.0
        } else if target >= 100.0 {
            100.0 - f64::from(n - busy)
        } else {
            f64::from(busy) / f64::from(n) * 100.0
        };
        Some(Reservation {
            n,
            m: busy,
            waiting: 0,
            value,
        })
    }

    /// The (cluster name, provider) pairs whose managed scaling is on.
    fn managed_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for c in self.state.clusters.values() {
            if c.status != ClusterStatus::Active {
                continue;
            }
            for p in &c.capacity_providers {
                if self.managed_scaling_of(p).is_some() {
                    out.push((c.name.clone(), p.clone()));
                }
            }
        }
        out
    }

    /// Makes ECS's policies and alarms match the managed pairs: new ones
    /// created, gone ones removed with their alarms, a changed target
    /// carried to the alarms.
    pub(crate) fn sync_managed_scaling(&mut self) {
        let wanted = self.managed_pairs();
        let existing: Vec<((String, String), AsgPolicyRecord)> = self
            .state
            .asg_policies
            .iter()
            .filter(|(_, p)| p.managed_by.is_some())
            .map(|(k, p)| (k.clone(), p.clone()))
            .collect();
        for (key, p) in &existing {
            let keep = p.managed_by.as_ref().is_some_and(|pair| {
                wanted.contains(pair)
                    && self
                        .state
                        .capacity_providers
                        .get(&pair.1)
                        .is_some_and(|cp| cp.asg_name == p.group)
            });
            if !keep {
                self.state.asg_policies.remove(key);
                for (alarm, _) in &p.alarms {
                    self.state.cloudwatch.alarms.remove(alarm);
                }
            }
        }
        for (cluster, provider) in wanted {
            let Some(cp) = self.state.capacity_providers.get(&provider).cloned() else {
                continue;
            };
            let target = cp.managed_scaling.target_capacity.unwrap_or(100) as f64;
            let found = self
                .state
                .asg_policies
                .values()
                .find(|p| p.managed_by.as_ref() == Some(&(cluster.clone(), provider.clone())))
                .map(|p| (p.group.clone(), p.name.clone(), p.alarms.clone()));
            match found {
                Some((group, name, alarms)) => {
                    for (alarm, _) in &alarms {
                        if let Some(a) = self.state.cloudwatch.alarms.get_mut(alarm) {
                            a.threshold = target;
                        }
                    }
                    if let Some(p) = self.state.asg_policies.get_mut(&(group, name)) {
                        p.target_value = target;
                    }
                }
                None => self.create_managed_policy(&cluster, &provider, &cp.asg_name, target),
            }
        }
    }

    fn create_managed_policy(&mut self, cluster: &str, provider: &str, group: &str, target: f64) {
        let uuid = self.new_uuid();
        let name = format!("ECSManagedAutoScalingPolicy-{uuid}");
        let policy_uuid = self.new_uuid();
        let arn = self.arns.arn(
            "autoscaling",
            &format!("scalingPolicy:{policy_uuid}:autoScalingGroupName/{group}:policyName/{name}"),
        );
        let dimensions = vec![
            Dimension {
                name: "CapacityProviderName".into(),
                value: provider.into(),
            },
            Dimension {
                name: "ClusterName".into(),
                value: cluster.into(),
            },
        ];
        let alarms = self
            .put_tracking_alarms(&crate::cloudwatch::TrackingAlarms {
                stem: &format!("TargetTracking-{group}"),
                action: &arn,
                namespace: NAMESPACE,
                metric: METRIC,
                statistic: "Average",
                dimensions: &dimensions,
                target,
                high_points: HIGH_DATAPOINTS,
                low_points: LOW_DATAPOINTS,
                low_factor: 1.0,
                scale_in: true,
                metrics: None,
            })
            .unwrap_or_default();
        self.state.asg_policies.insert(
            (group.to_owned(), name.clone()),
            AsgPolicyRecord {
                group: group.to_owned(),
                name,
                arn,
                kind: crate::autoscaling::policy::AsgPolicyKind::TargetTracking {
                    predefined: None,
                    disable_scale_in: false,
                },
                last_scaled: None,
                estimated_instance_warmup: None,
                namespace: NAMESPACE.into(),
                metric_name: METRIC.into(),
                dimensions,
                target_value: target,
                alarms,
                managed_by: Some((cluster.to_owned(), provider.to_owned())),
            },
        );
    }

    /// Every minute (before the alarms): managed termination protection,
    /// waiting tasks placed, and each managed pair's reservation published
    /// for the minute that ended.
    pub(crate) fn managed_scaling_minute(&mut self) {
        let policies: Vec<AsgPolicyRecord> = self
            .state
            .asg_policies
            .values()
            .filter(|p| p.managed_by.is_some())
            .cloned()
            .collect();
        if policies.is_empty() && self.state.capacity_waits.is_empty() {
            return;
        }
        for p in &policies {
            let Some((_, provider)) = &p.managed_by else {
                continue;
            };
            let protects = self
                .state
                .capacity_providers
                .get(provider)
                .is_some_and(|cp| cp.managed_termination_protection == "ENABLED");
            if protects {
                for (id, busy, _) in self.group_instances_busy(&p.group) {
                    if let Some(i) = self.state.instances.get_mut(&id) {
                        i.protected_from_scale_in = busy;
                    }
                }
            }
        }
        self.place_waiting_tasks();
        let minute = self.epoch_ms(self.now).saturating_sub(60_000);
        for p in &policies {
            let Some((cluster, provider)) = &p.managed_by else {
                continue;
            };
            let cluster_arn = self.cluster_arn(cluster);
            if let Some(r) = self.reservation(&cluster_arn, provider) {
                let dims = [
                    ("CapacityProviderName", provider.as_str()),
                    ("ClusterName", cluster.as_str()),
                ];
                let key = MetricKey::new(NAMESPACE, METRIC, &dims);
                self.publish_point(key, "Percent", minute, r.value);
            }
        }
    }

    /// ECS's policy invoked by one of its alarms in ALARM (see the module
    /// doc): the group's new desired capacity, or none.
    pub(crate) fn managed_policy_decision(
        &self,
        policy: &AsgPolicyRecord,
        high: bool,
    ) -> Option<u32> {
        let (cluster, provider) = policy.managed_by.as_ref()?;
        let scaling = self.managed_scaling_of(provider)?;
        let group = self.state.auto_scaling_groups.get(&policy.group)?;
        let r = self.reservation(&self.cluster_arn(cluster), provider)?;
        let target = scaling.target_capacity.unwrap_or(100).max(1) as u64;
        let wanted = (u64::from(r.m) * 100).div_ceil(target) as u32;
        let current = group.desired_capacity;
        if high {
            let warmup = scaling.instance_warmup_period.unwrap_or(300).max(0) as u64 * 1000;
            let warming = self
                .group_instances_busy(&policy.group)
                .iter()
                .any(|(_, _, at)| self.now.0 < at.0 + warmup);
            if warming || wanted <= current {
                return None;
            }
            let min_step = scaling.minimum_scaling_step_size.unwrap_or(1).max(1) as u32;
            let max_step = scaling.maximum_scaling_step_size.unwrap_or(10_000).max(1) as u32;
            let step = (wanted - current).clamp(min_step, max_step.max(min_step));
            let new = (current + step).min(group.max_size);
            (new > current).then_some(new)
        } else {
            let floor = wanted.max(group.min_size);
            if floor >= current {
                return None;
            }
            let most = (current / 2).max(1);
            Some(floor.max(current - most))
        }
    }
}

/// Instances of (cpu, mib) needed for the tasks' (cpu, memory), first fit
/// in the order given (MODEL for F9.3's estimate on one instance type).
fn pack(tasks: &[(u32, u32)], cpu: u32, mib: u32) -> u32 {
    let mut bins: Vec<(u32, u32)> = Vec::new();
    for &(c, m) in tasks {
        match bins
            .iter_mut()
            .find(|(bc, bm)| bc + c <= cpu && bm + m <= mib)
        {
            Some(b) => {
                b.0 += c;
                b.1 += m;
            }
            None => bins.push((c, m)),
        }
    }
    bins.len() as u32
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn waiting_tasks_pack_first_fit() {
        // t3.medium-like: 2048 units, 3993 MiB.
        assert_eq!(pack(&[], 2048, 3993), 0);
        // Memory decides: two of 2048 MiB do not share 3993 MiB.
        assert_eq!(pack(&[(1024, 2048); 3], 2048, 3993), 3);
        assert_eq!(pack(&[(1024, 1024); 3], 2048, 3993), 2);
        assert_eq!(pack(&[(512, 512); 4], 2048, 3993), 1);
        assert_eq!(pack(&[(256, 3000), (256, 3000)], 2048, 3993), 2);
    }
}
