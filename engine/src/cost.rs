//! What the account costs: us-east-1 list prices from
//! `shared/aws-behaviour.md` §25 (MODEL: no free tier), accrued per
//! simulated millisecond, as a cost meter shows them (`sim cost`).
//!
//! Costing resources, each from its own times:
//! - a Fargate task, from the start of its image pull until it stopped
//!   (vCPU-hours and GB-hours of its task size; x86, ARM or Spot), at least
//!   a minute (F2.8);
//! - an EC2 instance, from launch until it began shutting down, at least a
//!   minute (§25; ECS itself costs nothing, F3.9);
//! - a public IPv4 address of a Fargate task or an instance, for as long as
//!   its holder bills;
//! - a load balancer, from its creation (per millisecond: AWS counts
//!   partial hours as whole ones), with its internet-facing nodes' public
//!   addresses, and its traffic: LCUs for an ALB, NLCUs for an NLB, data
//!   for a Classic one ([`usage_of_minute`]).
//!
//! ECS keeps a stopped task for an hour and EC2 a terminated instance for a
//! while; when a record is forgotten its cost moves to the [`Ledger`], so
//! the total so far never goes down. Money is whole nano-dollars
//! (deterministic integers).

use crate::sim::Sim;
use crate::state::{LaunchType, TaskRecord};
use crate::time::SimTime;

/// Nano-dollars in a dollar.
pub const NANOS: u64 = 1_000_000_000;
const MS_PER_HOUR: u128 = 3_600_000;

/// Fargate Linux/x86, per vCPU-hour and per GB-hour (F2.8, §25), in
/// nano-dollars.
pub const FARGATE_X86_VCPU_HOUR: u64 = 40_480_000;
pub const FARGATE_X86_GB_HOUR: u64 = 4_445_000;
/// Fargate Linux/ARM (F2.8, §25).
pub const FARGATE_ARM_VCPU_HOUR: u64 = 32_380_000;
pub const FARGATE_ARM_GB_HOUR: u64 = 3_560_000;
/// Fargate Spot: MODEL exactly 70 % off x86 (§25; AWS says "up to 70%").
pub const FARGATE_SPOT_VCPU_HOUR: u64 = 12_144_000;
pub const FARGATE_SPOT_GB_HOUR: u64 = 1_333_500;
/// A public IPv4 address, in use or idle (§25).
pub const PUBLIC_IPV4_HOUR: u64 = 5_000_000;
/// An Application or Network Load Balancer per hour, a Classic one (§25).
pub const ALB_HOUR: u64 = 22_500_000;
pub const NLB_HOUR: u64 = 22_500_000;
pub const CLB_HOUR: u64 = 25_000_000;
/// An ALB's LCU-hour and an NLB's NLCU-hour (§25).
pub const ALB_LCU_HOUR: u64 = 8_000_000;
pub const NLB_NLCU_HOUR: u64 = 6_000_000;
/// A Classic load balancer's GB processed (§25).
pub const CLB_GB: u64 = 8_000_000;
/// §25: an LCU is 25 new connections a second (ALB), an NLCU 800 new flows
/// a second (NLB). MODEL: every `sim traffic` request is a new connection,
/// so that dimension is the highest for the simulated pages (the bytes
/// dimension, 1 GB an hour, is some 70 times smaller).
pub const ALB_NEW_CONNECTIONS_PER_LCU: u64 = 25;
pub const NLB_NEW_FLOWS_PER_NLCU: u64 = 800;
/// MODEL: the bytes a request and its answer move through a Classic load
/// balancer (the simulated pages are under 1 KB).
pub const CLB_BYTES_PER_REQUEST: u64 = 1_000;
/// Fargate and EC2 bill per second with a one-minute minimum (F2.8, §25).
pub const MINIMUM_BILLED_MS: u64 = 60_000;

/// The cost of records already forgotten.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    pub forgotten_nanos: u64,
}

/// One costing resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostLine {
    /// `Fargate task 1a2b…`, `EC2 instance i-…`, `public IPv4 3.1.2.4`.
    pub resource: String,
    /// What it is billed as (`0.25 vCPU, 0.5 GB, x86`; `t3.small`).
    pub billed_as: String,
    /// What it costs per hour now (0 once it stopped).
    pub per_hour_nanos: u64,
    /// What it cost so far.
    pub so_far_nanos: u64,
}

/// The account's cost now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CostReport {
    pub lines: Vec<CostLine>,
    pub per_hour_nanos: u64,
    /// Every line's so far, plus what forgotten records cost.
    pub so_far_nanos: u64,
    pub forgotten_nanos: u64,
}

/// `$0.0123` with `places` decimals (rounded down).
pub fn dollars(nanos: u64, places: u32) -> String {
    let scale = 10u64.pow(9 - places.min(9));
    let units = nanos / scale;
    let whole = units / 10u64.pow(places);
    let frac = units % 10u64.pow(places);
    format!("${whole}.{frac:0width$}", width = places as usize)
}

/// What a minute of `requests` through a load balancer costs beyond its
/// hours: LCU-hours (ALB) or NLCU-hours (NLB) of its new connections for a
/// minute, or a Classic load balancer's data.
pub fn usage_of_minute(lb_type: crate::elbv2::LbType, requests: u64) -> u64 {
    use crate::elbv2::LbType;
    let r = u128::from(requests);
    let nanos = match lb_type {
        // (requests / 60 s) / 25 LCUs for 1/60 hour.
        LbType::Application => {
            r * u128::from(ALB_LCU_HOUR) / (60 * 60 * u128::from(ALB_NEW_CONNECTIONS_PER_LCU))
        }
        LbType::Network => {
            r * u128::from(NLB_NLCU_HOUR) / (60 * 60 * u128::from(NLB_NEW_FLOWS_PER_NLCU))
        }
        LbType::Classic => {
            r * u128::from(CLB_BYTES_PER_REQUEST) * u128::from(CLB_GB) / 1_000_000_000
        }
    };
    u64::try_from(nanos).unwrap_or(u64::MAX)
}

fn accrued(per_hour: u64, ms: u64) -> u64 {
    u64::try_from(u128::from(per_hour) * u128::from(ms) / MS_PER_HOUR).unwrap_or(u64::MAX)
}

/// Milliseconds billed for a period, with the one-minute minimum.
fn billed_ms(from: SimTime, to: SimTime, minimum: u64) -> u64 {
    to.0.saturating_sub(from.0).max(minimum)
}

/// A vCPU count from CPU units: `0.25`, `1`, `16`.
fn trim(units: u32) -> String {
    let s = format!("{:.2}", f64::from(units) / 1024.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Sim {
    /// A Fargate task's rate per hour and what it is billed as (`x86`,
    /// `ARM`, `Spot`), if it bills (its pull started).
    fn fargate_rate(&self, task: &TaskRecord) -> Option<(u64, &'static str)> {
        if task.launch_type != LaunchType::Fargate {
            return None;
        }
        task.life.pull_started_at?;
        let arm = self
            .task_definition_by_arn(&task.life.task_definition_arn)
            .and_then(|d| d.def.runtime_platform.as_ref())
            .and_then(|p| p.cpu_architecture.as_deref())
            == Some("ARM64");
        let spot = task.life.capacity_provider_name.as_deref() == Some("FARGATE_SPOT");
        let (vcpu, gb, kind) = match (spot, arm) {
            (true, _) => (FARGATE_SPOT_VCPU_HOUR, FARGATE_SPOT_GB_HOUR, "Spot"),
            (false, true) => (FARGATE_ARM_VCPU_HOUR, FARGATE_ARM_GB_HOUR, "ARM"),
            (false, false) => (FARGATE_X86_VCPU_HOUR, FARGATE_X86_GB_HOUR, "x86"),
        };
        let rate = u64::try_from(
            (u128::from(task.cpu) * u128::from(vcpu) + u128::from(task.memory) * u128::from(gb))
                / 1024,
        )
        .unwrap_or(u64::MAX);
        Some((rate, kind))
    }

    /// A Fargate task's rate, what it is billed as and what it cost so far
    /// (from its image pull until it stopped, at least a minute).
    fn fargate_bill(&self, task: &TaskRecord) -> Option<(u64, &'static str, u64)> {
        let (rate, kind) = self.fargate_rate(task)?;
        let from = task.life.pull_started_at?;
        let to = task.stopped_at.unwrap_or(self.now);
        Some((
            rate,
            kind,
            accrued(rate, billed_ms(from, to, MINIMUM_BILLED_MS)),
        ))
    }

    /// What a task's public IPv4 address cost so far, if it has one.
    fn task_ip_bill(&self, task: &TaskRecord) -> Option<(u32, u64)> {
        let ip = task.life.public_ip?;
        let from = task.life.pull_started_at.unwrap_or(task.life.created_at);
        let to = task.stopped_at.unwrap_or(self.now);
        Some((ip, accrued(PUBLIC_IPV4_HOUR, billed_ms(from, to, 0))))
    }

    /// What a task cost so far (its Fargate time and its public address):
    /// the sum of its lines, without writing them.
    fn task_cost(&self, task: &TaskRecord) -> u64 {
        self.fargate_bill(task).map_or(0, |(_, _, so_far)| so_far)
            + self.task_ip_bill(task).map_or(0, |(_, so_far)| so_far)
    }

    /// A task's lines: its Fargate time, and its public IPv4 address.
    fn task_lines(&self, task: &TaskRecord) -> Vec<CostLine> {
        let id = task.arn.rsplit('/').next().unwrap_or_default();
        let live = task.stopped_at.is_none();
        let mut lines = Vec::new();
        if let Some((rate, kind, so_far)) = self.fargate_bill(task) {
            lines.push(CostLine {
                resource: format!("Fargate task {id}"),
                billed_as: format!("{} vCPU, {} GB, {kind}", trim(task.cpu), trim(task.memory)),
                per_hour_nanos: if live { rate } else { 0 },
                so_far_nanos: so_far,
            });
        }
        if let Some((ip, so_far)) = self.task_ip_bill(task) {
            lines.push(CostLine {
                resource: format!("public IPv4 {}", crate::base::ipv4::format_ipv4(ip)),
                billed_as: format!("of task {id}"),
                per_hour_nanos: if live { PUBLIC_IPV4_HOUR } else { 0 },
                so_far_nanos: so_far,
            });
        }
        lines
    }

    /// An instance's lines: itself, and its public IPv4 address.
    fn instance_lines(&self, i: &crate::ec2::instance::InstanceRecord) -> Vec<CostLine> {
        let rate = crate::ec2::instance_types::instance_type(&i.instance_type)
            .map_or(0, |t| u64::from(t.price_per_hour_e4) * 100_000);
        let to = i.billing_ended_at.unwrap_or(self.now);
        let live = i.billing_ended_at.is_none();
        let mut lines = vec![CostLine {
            resource: format!("EC2 instance {}", i.id),
            billed_as: i.instance_type.clone(),
            per_hour_nanos: if live { rate } else { 0 },
            so_far_nanos: accrued(rate, billed_ms(i.launched_at, to, MINIMUM_BILLED_MS)),
        }];
        if let Some(ip) = i.billed_public_ip {
            lines.push(CostLine {
                resource: format!("public IPv4 {}", crate::base::ipv4::format_ipv4(ip)),
                billed_as: format!("of instance {}", i.id),
                per_hour_nanos: if live { PUBLIC_IPV4_HOUR } else { 0 },
                so_far_nanos: accrued(PUBLIC_IPV4_HOUR, billed_ms(i.launched_at, to, 0)),
            });
        }
        lines
    }

    /// A load balancer's lines: its hours, its nodes' public addresses
    /// (internet-facing, one a zone), and its traffic.
    fn load_balancer_lines(&self, lb: &crate::elbv2::LoadBalancerRecord) -> Vec<CostLine> {
        use crate::elbv2::LbType;
        let (rate, kind, usage) = match lb.lb_type {
            LbType::Application => (ALB_HOUR, "ALB", "LCUs"),
            LbType::Network => (NLB_HOUR, "NLB", "NLCUs"),
            LbType::Classic => (CLB_HOUR, "Classic", "data processed"),
        };
        let ms = billed_ms(lb.created_at, self.now, 0);
        let mut lines = vec![CostLine {
            resource: format!("{} {}", lb.lb_type.title(), lb.name),
            billed_as: format!("{kind} hours"),
            per_hour_nanos: rate,
            so_far_nanos: accrued(rate, ms),
        }];
        for z in &lb.zones {
            if let Some(ip) = z.public_ip {
                lines.push(CostLine {
                    resource: format!("public IPv4 {}", crate::base::ipv4::format_ipv4(ip)),
                    billed_as: format!("of load balancer {} in {}", lb.name, z.zone),
                    per_hour_nanos: PUBLIC_IPV4_HOUR,
                    so_far_nanos: accrued(PUBLIC_IPV4_HOUR, ms),
                });
            }
        }
        if lb.usage_nanos > 0 {
            lines.push(CostLine {
                resource: format!("traffic through {}", lb.name),
                billed_as: usage.to_owned(),
                per_hour_nanos: if self.state.elb.traffic.contains_key(&lb.arn) {
                    lb.usage_per_hour_nanos
                } else {
                    0
                },
                so_far_nanos: lb.usage_nanos,
            });
        }
        lines
    }

    /// Before a load balancer is deleted: its cost stays counted.
    pub(crate) fn retire_load_balancer_cost(&mut self, arn: &str) {
        let Some(lb) = self.state.elb.load_balancers.get(arn) else {
            return;
        };
        let nanos: u64 = self
            .load_balancer_lines(lb)
            .iter()
            .map(|l| l.so_far_nanos)
            .sum();
        self.state.cost.forgotten_nanos += nanos;
    }

    /// What the account costs now and what it cost so far.
    pub fn cost(&self) -> CostReport {
        let mut lines: Vec<CostLine> = self
            .state
            .tasks
            .values()
            .flat_map(|t| self.task_lines(t))
            .collect();
        for i in self.state.instances.values() {
            lines.extend(self.instance_lines(i));
        }
        for lb in self.state.elb.load_balancers.values() {
            lines.extend(self.load_balancer_lines(lb));
        }
        let forgotten = self.state.cost.forgotten_nanos;
        CostReport {
            per_hour_nanos: lines.iter().map(|l| l.per_hour_nanos).sum(),
            so_far_nanos: forgotten + lines.iter().map(|l| l.so_far_nanos).sum::<u64>(),
            forgotten_nanos: forgotten,
            lines,
        }
    }

    /// Before a stopped task's record is forgotten: its cost stays counted.
    pub(crate) fn retire_task_cost(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        let nanos = self.task_cost(task);
        self.state.cost.forgotten_nanos += nanos;
    }

    /// Before a terminated instance's record is forgotten.
    pub(crate) fn retire_instance_cost(&mut self, id: &str) {
        let Some(i) = self.state.instances.get(id) else {
            return;
        };
        let nanos: u64 = self.instance_lines(i).iter().map(|l| l.so_far_nanos).sum();
        self.state.cost.forgotten_nanos += nanos;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
