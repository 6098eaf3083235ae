//! How the engine stores task definitions: the family and revision records,
//! and what the task and placement code reads off a revision (cpu, memory,
//! network mode, host ports, images, roles).

use super::*;
use crate::ecs::tags::Tag;
use crate::time::SimTime;
use std::collections::BTreeMap;

/// A task definition family: its revisions and the last number handed out
/// (F4.3: numbers are never reused, even after deregistration/deletion).
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyRecord {
    pub name: String,
    pub last_revision: u32,
    /// Shared: RunTask keeps the revision it runs while it changes the
    /// state (a count, not a copy of the definition).
    pub revisions: BTreeMap<u32, std::sync::Arc<TaskDefinitionRecord>>,
}

/// One registered revision, as the engine stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDefinitionRecord {
    /// The normalised definition (defaults filled as AWS fills them).
    pub def: TaskDefinition,
    pub tags: Vec<Tag>,
    pub registered_at: SimTime,
    pub deregistered_at: Option<SimTime>,
}

/// A host port a task needs on an EC2 container instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HostPort {
    /// `None`: a dynamic port from the ephemeral range (bridge, hostPort 0
    /// or omitted, F3.7).
    pub port: Option<u16>,
    pub udp: bool,
}

/// Where an image comes from (F4.9, F10.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host, `None` for Docker Hub (`nginxdemos/hello`).
    pub registry: Option<String>,
    /// The repository path inside the registry (`nginxdemos/hello`).
    pub repository: String,
    /// `latest` when neither a tag nor a digest is given.
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// `(account, region)` for a private ECR registry
    /// (`<account>.dkr.ecr.<region>.amazonaws.com`).
    pub ecr: Option<(String, String)>,
}

impl ImageRef {
    /// The tag to pull: the given one, or `latest` when there is no digest.
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(t), _) => Some(t),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }
}

impl TaskDefinitionRecord {
    pub fn arn(&self) -> &str {
        &self.def.task_definition_arn
    }
    pub fn status(&self) -> TaskDefinitionStatus {
        self.def.status
    }
    pub fn containers(&self) -> &[ContainerDefinition] {
        &self.def.container_definitions
    }
    /// F3.6: the network mode in effect (`bridge` when not given).
    pub fn network_mode(&self) -> NetworkMode {
        self.def.network_mode.unwrap_or(NetworkMode::Bridge)
    }
    /// Task-level cpu (CPU units), if given.
    pub fn task_cpu(&self) -> Option<u32> {
        self.def.cpu.as_deref().and_then(|c| c.parse().ok())
    }
    /// Task-level memory (MiB), if given.
    pub fn task_memory(&self) -> Option<u32> {
        self.def.memory.as_deref().and_then(|m| m.parse().ok())
    }
    /// CPU units placement reserves on an EC2 container instance: the
    /// task-level cpu if given, else the sum of the containers' cpu (F3.1).
    pub fn ec2_cpu(&self) -> u32 {
        self.task_cpu().unwrap_or_else(|| {
            self.containers()
                .iter()
                .map(|c| clamp_u32(c.cpu.unwrap_or(0)))
                .fold(0u32, u32::saturating_add)
        })
    }
    /// MiB placement reserves on an EC2 container instance: the task-level
    /// memory if given, else per container its memoryReservation if set,
    /// else its memory (F4.5).
    pub fn ec2_memory(&self) -> u32 {
        self.task_memory().unwrap_or_else(|| {
            self.containers()
                .iter()
                .map(|c| clamp_u32(c.memory_reservation.or(c.memory).unwrap_or(0)))
                .fold(0u32, u32::saturating_add)
        })
    }
    /// `(cpu, memory)` of a Fargate task (F2.1), when the definition is
    /// Fargate-compatible.
    pub fn fargate_size(&self) -> Option<(u32, u32)> {
        if !self.is_fargate_compatible() {
            return None;
        }
        Some((self.task_cpu()?, self.task_memory()?))
    }
    /// Whether the definition passed the Fargate checks (its
    /// `compatibilities` include FARGATE).
    pub fn is_fargate_compatible(&self) -> bool {
        self.def.compatibilities.contains(&Compatibility::Fargate)
    }
    /// The host ports one task of this definition occupies on an EC2
    /// instance: awsvpc uses the task's own ENI (none on the host); host
    /// mode takes each containerPort; bridge takes fixed hostPorts and asks
    /// for a dynamic port where hostPort is 0 or omitted (F3.6, F3.7).
    pub fn host_ports(&self) -> Vec<HostPort> {
        let mode = self.network_mode();
        if matches!(mode, NetworkMode::Awsvpc | NetworkMode::None) {
            return Vec::new();
        }
        let mut ports = Vec::new();
        for c in self.containers() {
            for pm in &c.port_mappings {
                let udp = pm.protocol.as_deref() == Some("udp");
                let port = match mode {
                    NetworkMode::Host => pm.container_port,
                    _ => pm.host_port.filter(|p| *p != 0),
                };
                ports.push(HostPort {
                    port: port.and_then(|p| u16::try_from(p).ok()),
                    udp,
                });
            }
        }
        ports
    }
    /// Each container's name and parsed image.
    pub fn images(&self) -> Vec<(&str, ImageRef)> {
        self.containers()
            .iter()
            .filter_map(|c| Some((c.name.as_str(), parse_image(&c.image).ok()?)))
            .collect()
    }
    pub fn task_role_arn(&self) -> Option<&str> {
        self.def.task_role_arn.as_deref()
    }
    pub fn execution_role_arn(&self) -> Option<&str> {
        self.def.execution_role_arn.as_deref()
    }
}

/// A container's cpu or memory as placement counts it: negative as 0, huge
/// values capped rather than wrapped.
fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}
