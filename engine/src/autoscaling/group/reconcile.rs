//! How a group reaches its desired capacity: the launches and terminations
//! of a reconcile (zone balancing, oldest first), their scaling activities,
//! and what the group does when one of its instances comes into service,
//! terminates or is lost.

use super::*;
use crate::ec2::instance::{InstanceState, TerminationCause};
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimTime;

impl Sim {
    pub(super) fn live_group_instances(&self, name: &str) -> Vec<(String, String, SimTime)> {
        self.state
            .instances
            .values()
            .filter(|i| i.auto_scaling_group.as_deref() == Some(name) && i.is_live())
            .map(|i| (i.id.clone(), i.subnet_id.clone(), i.launched_at))
            .collect()
    }

    /// Launches or terminates instances until the group's live instances
    /// equal its desired capacity.
    pub(crate) fn reconcile_group(&mut self, name: &str, trigger: &str) {
        let Some(group) = self.state.auto_scaling_groups.get(name).cloned() else {
            return;
        };
        let desired = if group.deleting {
            0
        } else {
            group.desired_capacity
        };
        loop {
            let live = self.live_group_instances(name);
            let current = live.len() as u32;
            let count_in = |subnet: &String| live.iter().filter(|(_, s, _)| s == subnet).count();
            let zone_of = |subnet: &String| {
                self.state
                    .subnets
                    .get(subnet)
                    .map(|s| s.availability_zone.clone())
                    .unwrap_or_default()
            };
            let in_zone =
                |zone: &String| live.iter().filter(|(_, s, _)| &zone_of(s) == zone).count();
            if current < desired {
                let Some(subnet) = group
                    .subnets
                    .iter()
                    // Not in a zone a fault took down (engine/src/faults.rs).
                    .filter(|s| !self.subnet_in_lost_az(s))
                    .min_by_key(|s| (in_zone(&zone_of(s)), count_in(s)))
                    .cloned()
                else {
                    return;
                };
                let activity_id = self.new_activity_id();
                match self.launch_instance(&group.launch_template_id, &subnet, Some(name)) {
                    Ok(instance_id) => {
                        let cause = format!(
                            "{trigger}  At {} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {current} to {}.",
                            self.at(),
                            current + 1
                        );
                        self.add_activity(
                            name,
                            ActivityRecord {
                                id: activity_id,
                                description: format!("Launching a new EC2 instance: {instance_id}"),
                                cause,
                                start_time: self.now,
                                end_time: None,
                                status_code: "InProgress",
                                instance_id,
                            },
                        );
                    }
                    Err(error) => {
                        self.add_activity(
                            name,
                            ActivityRecord {
                                id: activity_id,
                                description: "Launching a new EC2 instance.  Status Reason: "
                                    .to_owned()
                                    + &error.message,
                                cause: trigger.to_owned(),
                                start_time: self.now,
                                end_time: Some(self.now),
                                status_code: "Failed",
                                instance_id: String::new(),
                            },
                        );
                        return;
                    }
                }
            } else if current > desired {
                // Instances protected from scale-in are never chosen (ASUG
                // ec2-auto-scaling-instance-protection); when every one is,
                // the group stays above its desired capacity. Deleting the
                // group (ForceDelete) takes them all.
                let protected = |id: &String| {
                    !group.deleting
                        && self
                            .state
                            .instances
                            .get(id)
                            .is_some_and(|i| i.protected_from_scale_in)
                };
                let candidates: Vec<&(String, String, SimTime)> =
                    live.iter().filter(|(id, _, _)| !protected(id)).collect();
                let in_zone = |zone: &String| {
                    candidates
                        .iter()
                        .filter(|(_, s, _)| &zone_of(s) == zone)
                        .count()
                };
                // Zone with the most instances; ties: the one listed last.
                let mut best: Option<(usize, usize, String)> = None;
                for (i, s) in group.subnets.iter().enumerate() {
                    let n = in_zone(&zone_of(s));
                    if n > 0 && best.as_ref().is_none_or(|(bn, _, _)| n >= *bn) {
                        best = Some((n, i, zone_of(s)));
                    }
                }
                let Some((_, _, zone)) = best else {
                    return;
                };
                let Some((victim, _, _)) = candidates
                    .iter()
                    .filter(|(_, s, _)| zone_of(s) == zone)
                    .min_by_key(|(id, _, at)| (*at, id.clone()))
                    .map(|c| (*c).clone())
                else {
                    return;
                };
                let activity_id = self.new_activity_id();
                let at = self.at();
                let cause = format!(
                    "{trigger}  At {at} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {current} to {}.  At {at} instance {victim} was selected for termination.",
                    current - 1
                );
                self.add_activity(
                    name,
                    ActivityRecord {
                        id: activity_id,
                        description: format!("Terminating EC2 instance: {victim}"),
                        cause,
                        start_time: self.now,
                        end_time: None,
                        status_code: "InProgress",
                        instance_id: victim.clone(),
                    },
                );
                self.begin_termination(&victim, TerminationCause::AutoScaling);
            } else {
                return;
            }
        }
    }

    pub(super) fn add_activity(&mut self, group: &str, activity: ActivityRecord) {
        self.emit(EventKind::ScalingActivity {
            group: group.to_owned(),
            description: activity.description.clone(),
            status: activity.status_code.to_owned(),
        });
        if let Some(g) = self.state.auto_scaling_groups.get_mut(group) {
            g.activities.push(activity);
        }
    }

    fn finish_activity(&mut self, group: &str, instance_id: &str, prefix: &str) {
        let now = self.now;
        let mut done = None;
        if let Some(g) = self.state.auto_scaling_groups.get_mut(group)
            && let Some(a) = g.activities.iter_mut().rev().find(|a| {
                a.instance_id == instance_id
                    && a.description.starts_with(prefix)
                    && a.end_time.is_none()
            })
        {
            a.status_code = "Successful";
            a.end_time = Some(now);
            done = Some(a.description.clone());
        }
        if let Some(description) = done {
            self.emit(EventKind::ScalingActivity {
                group: group.to_owned(),
                description,
                status: "Successful".into(),
            });
        }
    }

    /// An instance of the group reached running: it is InService.
    /// Its warm-up starts: the group's DefaultInstanceWarmup, else the
    /// EstimatedInstanceWarmup of the policy that scaled the group out,
    /// else the default cooldown (ASUG ec2-auto-scaling-default-instance-warmup).
    pub(crate) fn asg_instance_in_service(&mut self, group: &str, instance_id: &str) {
        self.finish_activity(group, instance_id, "Launching");
        let now = self.now;
        if let Some(g) = self.state.auto_scaling_groups.get_mut(group) {
            let seconds = g
                .default_instance_warmup
                .or(g.policy_warmup)
                .unwrap_or(super::DEFAULT_COOLDOWN_SECONDS);
            g.warm_until.insert(
                instance_id.to_owned(),
                crate::time::SimTime(now.0 + u64::from(seconds) * 1000),
            );
        }
    }

    /// An instance of the group is terminated.
    pub(crate) fn asg_instance_terminated(&mut self, group: &str, instance_id: &str) {
        self.finish_activity(group, instance_id, "Terminating");
        if let Some(g) = self.state.auto_scaling_groups.get_mut(group) {
            g.warm_until.remove(instance_id);
        }
        let Some(record) = self.state.auto_scaling_groups.get(group) else {
            return;
        };
        if record.deleting
            && !self.state.instances.values().any(|i| {
                i.auto_scaling_group.as_deref() == Some(group)
                    && i.state != InstanceState::Terminated
            })
        {
            self.state.auto_scaling_groups.remove(group);
            self.policies_of_deleted_group(group);
            self.emit(EventKind::AutoScalingGroupDeleted {
                group: group.to_owned(),
            });
        }
    }

    /// An instance was terminated outside the group (TerminateInstances):
    /// the group's health check takes it out of service and replaces it.
    pub(crate) fn asg_instance_lost(&mut self, group: &str, instance_id: &str) {
        if let Some(g) = self.state.auto_scaling_groups.get_mut(group) {
            g.warm_until.remove(instance_id);
        }
        let at = self.at();
        let activity_id = self.new_activity_id();
        let live = self.live_group_instances(group).len() as u32;
        self.add_activity(group, ActivityRecord {
            id: activity_id,
            description: format!("Terminating EC2 instance: {instance_id}"),
            cause: format!(
                "At {at} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."
            ),
            start_time: self.now,
            end_time: None,
            status_code: "InProgress",
            instance_id: instance_id.to_owned(),
        });
        let desired = self
            .state
            .auto_scaling_groups
            .get(group)
            .map_or(0, |g| g.desired_capacity);
        let trigger = format!(
            "At {at} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped, leaving {live} of {desired} instances."
        );
        self.reconcile_group(group, &trigger);
    }
}
