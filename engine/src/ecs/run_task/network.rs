//! A task's network: the networkConfiguration resolved to subnets,
//! security groups and a public IP (F2.3, F3.5), and the private address a
//! task's ENI gets in its subnet.

use super::*;
use crate::error::ApiError;
use crate::sim::Sim;
use crate::state::LaunchType;

/// A task's network, resolved from its networkConfiguration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Network {
    pub(super) subnets: Vec<String>,
    pub(super) security_groups: Vec<String>,
    pub(super) assign_public_ip: bool,
}

/// F3.5: awsvpc tasks on EC2 get no public IP; asking for one is refused
/// (the wording AWS returns, quoted in hashicorp/waypoint#643 and
/// aws/containers-roadmap#450).
pub(super) fn refuse_public_ip_on_ec2(
    network: Option<&Network>,
    launch_type: LaunchType,
) -> Result<(), ApiError> {
    if launch_type == LaunchType::Ec2 && network.is_some_and(|n| n.assign_public_ip) {
        return Err(ApiError::invalid_parameter(PUBLIC_IP_ON_EC2));
    }
    Ok(())
}

/// F3.5: AWS's refusal of `assignPublicIp ENABLED` on the EC2 launch type
/// (RunTask, StartTask, CreateService).
pub(crate) const PUBLIC_IP_ON_EC2: &str = "Assign public IP is not supported for this launch type.";

/// Whether a networkConfiguration asks for a public IP.
pub(crate) fn asks_public_ip(config: &Option<NetworkConfiguration>) -> bool {
    config
        .as_ref()
        .and_then(|c| c.awsvpc_configuration.as_ref())
        .and_then(|v| v.assign_public_ip.as_deref())
        == Some("ENABLED")
}

impl Sim {
    pub(crate) fn network(
        &self,
        config: &Option<NetworkConfiguration>,
        awsvpc: bool,
    ) -> Result<Option<Network>, ApiError> {
        let vpc = config.as_ref().and_then(|c| c.awsvpc_configuration.clone());
        if !awsvpc {
            if vpc.is_some() {
                return Err(ApiError::invalid_parameter(
                    "Network Configuration is not valid for the given networkMode of this task definition.",
                ));
            }
            return Ok(None);
        }
        let Some(vpc) = vpc else {
            return Err(ApiError::invalid_parameter(
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            ));
        };
        if vpc.subnets.is_empty() || vpc.subnets.len() > 16 {
            return Err(ApiError::invalid_parameter(
                "subnets can not be empty (at most 16).",
            ));
        }
        let mut vpc_id: Option<String> = None;
        for s in &vpc.subnets {
            let Some(subnet) = self.state.subnets.get(s) else {
                return Err(ApiError::invalid_parameter(format!(
                    "Error retrieving subnet information for [{s}]: The subnet ID '{s}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound)"
                )));
            };
            if vpc_id.as_ref().is_some_and(|v| v != &subnet.vpc_id) {
                return Err(ApiError::invalid_parameter(
                    "The subnets of a task must all belong to the same VPC.",
                ));
            }
            vpc_id = Some(subnet.vpc_id.clone());
        }
        for g in &vpc.security_groups {
            match self.state.security_groups.get(g) {
                Some(sg) if Some(&sg.vpc_id) == vpc_id.as_ref() => {}
                Some(_) => {
                    return Err(ApiError::invalid_parameter(format!(
                        "Security group {g} is in another VPC than the subnets."
                    )));
                }
                None => {
                    return Err(ApiError::invalid_parameter(format!(
                        "Error retrieving security group information for [{g}]: The security group '{g}' does not exist"
                    )));
                }
            }
        }
        let assign_public_ip = match vpc.assign_public_ip.as_deref() {
            None | Some("DISABLED") => false,
            Some("ENABLED") => true,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "assignPublicIp must be ENABLED or DISABLED; '{other}' was given."
                )));
            }
        };
        // F2.3: no security groups given → the VPC's default group.
        let security_groups = if vpc.security_groups.is_empty() {
            self.state
                .security_groups
                .values()
                .filter(|g| {
                    Some(&g.vpc_id) == vpc_id.as_ref()
                        && g.name == crate::ec2::security_group::DEFAULT_GROUP_NAME
                })
                .map(|g| g.id.clone())
                .collect()
        } else {
            vpc.security_groups.clone()
        };
        Ok(Some(Network {
            subnets: vpc.subnets,
            security_groups,
            assign_public_ip,
        }))
    }

    /// Lowest free address of a subnet (after the 4 AWS reserves).
    pub(crate) fn free_ip(&self, subnet_id: &str) -> Option<u32> {
        let subnet = self.state.subnets.get(subnet_id)?;
        let first = subnet.cidr.base + 4;
        let last = subnet.cidr.base + (subnet.cidr.size() as u32).saturating_sub(2);
        if last < first {
            return None;
        }
        // One bit per address, 64 to a word, word `ip >> 6` (as the task
        // index keeps its tasks' addresses, so they are taken a word at a
        // time); the addresses below `first` and above `last` in the end
        // words count as taken. The lowest clear bit is the answer.
        let (lo, hi) = (first >> 6, last >> 6);
        let mut taken = vec![0u64; (hi - lo) as usize + 1];
        let mut mark = |ip: u32| {
            if (first..=last).contains(&ip)
                && let Some(word) = taken.get_mut(((ip >> 6) - lo) as usize)
            {
                *word |= 1 << (ip & 63);
            }
        };
        self.state
            .instances
            .values()
            .filter(|i| {
                crate::base::id::same_id(&i.subnet_id, subnet_id)
                    && i.state != crate::ec2::instance::InstanceState::Terminated
            })
            .for_each(|i| mark(i.private_ip));
        self.state
            .elb
            .node_ips_in_subnet(subnet_id)
            .for_each(&mut mark);
        self.state.efs.ips_in_subnet(subnet_id).for_each(mark);
        if let Some(words) = self.state.task_ip_words(subnet_id) {
            for (w, bits) in words.range(lo..=hi) {
                if let Some(word) = taken.get_mut((w - lo) as usize) {
                    *word |= bits;
                }
            }
        }
        if let Some(w) = taken.first_mut() {
            *w |= (1u64 << (first & 63)) - 1;
        }
        if let Some(w) = taken.last_mut() {
            *w |= u64::MAX.checked_shl((last & 63) + 1).unwrap_or(0);
        }
        let free = taken
            .iter()
            .zip(lo..)
            .find(|(w, _)| **w != u64::MAX)
            .map(|(w, n)| (n << 6) + w.trailing_ones());
        debug_assert_eq!(
            free,
            self.free_ip_by_marks(subnet_id),
            "free_ip differs from marking every address"
        );
        free
    }

    /// [`Sim::free_ip`] by marking every taken address (debug builds
    /// compare the two).
    fn free_ip_by_marks(&self, subnet_id: &str) -> Option<u32> {
        let subnet = self.state.subnets.get(subnet_id)?;
        let first = subnet.cidr.base + 4;
        let last = subnet.cidr.base + (subnet.cidr.size() as u32).saturating_sub(2);
        let span = last.checked_sub(first)? as usize + 1;
        let mut taken = vec![0u64; span.div_ceil(64)];
        let mut mark = |ip: u32| {
            if let Some(i) = ip.checked_sub(first).map(|i| i as usize)
                && let Some(word) = taken.get_mut(i / 64)
            {
                *word |= 1 << (i % 64);
            }
        };
        self.state
            .instances
            .values()
            .filter(|i| {
                crate::base::id::same_id(&i.subnet_id, subnet_id)
                    && i.state != crate::ec2::instance::InstanceState::Terminated
            })
            .for_each(|i| mark(i.private_ip));
        self.state.task_ips_in_subnet(subnet_id).for_each(&mut mark);
        self.state
            .elb
            .node_ips_in_subnet(subnet_id)
            .for_each(&mut mark);
        self.state.efs.ips_in_subnet(subnet_id).for_each(mark);
        taken
            .iter()
            .enumerate()
            .find(|(_, w)| **w != u64::MAX)
            .map(|(n, w)| n * 64 + w.trailing_ones() as usize)
            .filter(|i| *i < span)
            .map(|i| first + i as u32)
    }
}
