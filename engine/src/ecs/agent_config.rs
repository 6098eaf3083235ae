//! The ECS container agent's configuration, as an instance's user data
//! writes it to `/etc/ecs/ecs.config` (`echo ECS_CLUSTER=demo >>
//! /etc/ecs/ecs.config`, or a here-document of several lines). The agent
//! reads these settings when it starts (AGENT; ECSDG ecs-agent-config):
//!
//! | setting | default | effect in the simulator |
//! |---|---|---|
//! | `ECS_CLUSTER` | `default` | the cluster it registers into (F3.2) |
//! | `ECS_RESERVED_MEMORY` | 0 | MiB taken off the registered memory (F3.3) |
//! | `ECS_RESERVED_PORTS` | `[22, 2375, 2376, 51678, 51679]` | the TCP ports tasks cannot take (F3.7; at most 100) |
//! | `ECS_ENABLE_TASK_IAM_ROLE` | `true` on the ECS-optimized AMI | without it the instance lacks `com.amazonaws.ecs.capability.task-iam-role`: tasks with a task role cannot be placed there |
//! | `ECS_AVAILABLE_LOGGING_DRIVERS` | MODEL: `["json-file","syslog","awslogs","fluentd","none"]` (what the ECS-optimized AMI enables) | a task whose log driver is not listed cannot be placed there (`…logging-driver.<name>` capability) |
//! | `ECS_CONTAINER_STOP_TIMEOUT` | `30s` | how long the agent waits after SIGTERM before killing a container: the simulated containers exit on SIGTERM within the MODEL 5 s, so only a shorter timeout shortens STOPPING |
//!
//! Other `ECS_…` settings are read and ignored (they change nothing the
//! simulator models). A value the agent cannot parse stops it from
//! starting: the instance never registers, and the reason names the
//! setting.

use crate::time::SimDuration;
use std::collections::BTreeMap;

/// F3.7 / AGENT `ECS_RESERVED_PORTS` default.
pub const DEFAULT_RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];
/// MODEL: the log drivers the ECS-optimized AMI enables.
pub const DEFAULT_LOGGING_DRIVERS: [&str; 5] =
    ["json-file", "syslog", "awslogs", "fluentd", "none"];
/// AGENT: `ECS_CONTAINER_STOP_TIMEOUT` default.
pub const DEFAULT_STOP_TIMEOUT: SimDuration = SimDuration::seconds(30);
/// F3.7: at most 100 reserved ports.
pub const MAX_RESERVED_PORTS: usize = 100;

/// What the agent was configured with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentConfig {
    pub cluster: String,
    pub reserved_memory_mib: u32,
    pub reserved_ports: Vec<u16>,
    pub task_iam_role: bool,
    pub logging_drivers: Vec<String>,
    pub stop_timeout: SimDuration,
}

impl Default for AgentConfig {
    fn default() -> Self {
        AgentConfig {
            cluster: "default".to_owned(),
            reserved_memory_mib: 0,
            reserved_ports: DEFAULT_RESERVED_PORTS.to_vec(),
            task_iam_role: true,
            logging_drivers: DEFAULT_LOGGING_DRIVERS
                .iter()
                .map(|d| (*d).to_owned())
                .collect(),
            stop_timeout: DEFAULT_STOP_TIMEOUT,
        }
    }
}

/// Every `ECS_NAME=value` the user data script writes, the last one of a
/// name winning (as lines appended to ecs.config do). A value runs to the
/// end of the word: quotes around it are removed, and a JSON array may
/// hold spaces.
pub fn settings(script: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in script.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("ECS_") {
            let tail = &rest[at..];
            let name_len = tail
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(tail.len());
            let (name, after) = tail.split_at(name_len);
            let Some(value) = after.strip_prefix('=') else {
                rest = &rest[at + name_len.max(1)..];
                continue;
            };
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
            let value = quote.map_or(value, |q| value.trim_start_matches(q));
            let end = if value.starts_with('[') {
                value.find(']').map_or(value.len(), |i| i + 1)
            } else {
                value
                    .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '>')
                    .unwrap_or(value.len())
            };
            out.insert(name.to_owned(), value[..end].to_owned());
            rest = &value[end..];
        }
    }
    out
}

impl AgentConfig {
    /// The configuration a user data script gives, or why the agent would
    /// not start.
    pub fn from_user_data(script: Option<&str>) -> Result<AgentConfig, String> {
        let mut config = AgentConfig::default();
        let Some(script) = script else {
            return Ok(config);
        };
        for (name, value) in settings(script) {
            let bad = |why: &str| format!("the ECS agent could not start: {name}={value} {why}");
            match name.as_str() {
                "ECS_CLUSTER" if !value.is_empty() => config.cluster = value,
                "ECS_RESERVED_MEMORY" => {
                    config.reserved_memory_mib = value
                        .parse()
                        .map_err(|_| bad("is not a whole number of MiB"))?;
                }
                "ECS_RESERVED_PORTS" => {
                    let ports: Vec<u16> = serde_json::from_str(&value)
                        .map_err(|_| bad("is not a JSON list of port numbers, as in [22, 80]"))?;
                    if ports.len() > MAX_RESERVED_PORTS {
                        return Err(bad(
                            "reserves more than 100 ports (the agent allows at most 100)",
                        ));
                    }
                    let mut ports = ports;
                    ports.sort_unstable();
                    ports.dedup();
                    config.reserved_ports = ports;
                }
                "ECS_ENABLE_TASK_IAM_ROLE" => {
                    config.task_iam_role = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(bad("is not true or false")),
                    };
                }
                "ECS_AVAILABLE_LOGGING_DRIVERS" => {
                    config.logging_drivers = serde_json::from_str(&value).map_err(|_| {
                        bad("is not a JSON list of log driver names, as in [\"json-file\",\"awslogs\"]")
                    })?;
                }
                "ECS_CONTAINER_STOP_TIMEOUT" => {
                    config.stop_timeout = SimDuration::parse(&value)
                        .filter(|d| d.as_millis() > 0)
                        .ok_or_else(|| bad("is not a duration, as in 30s or 2m"))?;
                }
                _ => {}
            }
        }
        Ok(config)
    }

    /// The capability attributes the agent registers that task
    /// definitions can require (`requiresAttributes`, computed at
    /// registration by `ecs::task_definition`), sorted.
    pub fn capabilities(&self) -> Vec<String> {
        let mut out: Vec<String> = [
            "com.amazonaws.ecs.capability.ecr-auth",
            "ecs.capability.container-health-check",
            "ecs.capability.container-ordering",
            "ecs.capability.execution-role-awslogs",
            "ecs.capability.execution-role-ecr-pull",
            "ecs.capability.task-eni",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
        if self.task_iam_role {
            out.push("com.amazonaws.ecs.capability.task-iam-role".to_owned());
        }
        out.extend(
            self.logging_drivers
                .iter()
                .map(|d| format!("com.amazonaws.ecs.capability.logging-driver.{d}")),
        );
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_settings_user_data_writes() {
        let script = "#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_RESERVED_MEMORY=256\nECS_RESERVED_PORTS=[22, 8080]\nECS_ENABLE_TASK_IAM_ROLE=false\nECS_AVAILABLE_LOGGING_DRIVERS=[\"json-file\",\"awslogs\"]\nECS_CONTAINER_STOP_TIMEOUT=2s\nECS_ENABLE_CONTAINER_METADATA=true\nEOF\necho 'ECS_CLUSTER=prod' >> /etc/ecs/ecs.config\n";
        let c = AgentConfig::from_user_data(Some(script)).unwrap();
        assert_eq!(c.cluster, "prod");
        assert_eq!(c.reserved_memory_mib, 256);
        assert_eq!(c.reserved_ports, [22, 8080]);
        assert!(!c.task_iam_role);
        assert_eq!(c.logging_drivers, ["json-file", "awslogs"]);
        assert_eq!(c.stop_timeout, SimDuration::seconds(2));
        assert!(
            !c.capabilities()
                .iter()
                .any(|a| a.ends_with("task-iam-role"))
        );
        assert!(
            c.capabilities()
                .iter()
                .any(|a| a.ends_with("logging-driver.awslogs"))
        );
        assert!(
            !c.capabilities()
                .iter()
                .any(|a| a.ends_with("logging-driver.syslog"))
        );
        assert_eq!(
            AgentConfig::from_user_data(None).unwrap(),
            AgentConfig::default()
        );
    }

    #[test]
    fn a_bad_value_stops_the_agent_with_the_setting_named() {
        for (line, want) in [
            (
                "ECS_RESERVED_MEMORY=lots",
                "ECS_RESERVED_MEMORY=lots is not a whole number",
            ),
            ("ECS_RESERVED_PORTS=22,80", "JSON list of port numbers"),
            ("ECS_ENABLE_TASK_IAM_ROLE=yes", "is not true or false"),
            (
                "ECS_AVAILABLE_LOGGING_DRIVERS=awslogs",
                "JSON list of log driver names",
            ),
            ("ECS_CONTAINER_STOP_TIMEOUT=soon", "is not a duration"),
        ] {
            let err =
                AgentConfig::from_user_data(Some(&format!("echo {line} >> /etc/ecs/ecs.config")))
                    .unwrap_err();
            assert!(err.contains(want), "{line}: {err}");
        }
        let many: Vec<String> = (1000..1101).map(|p| p.to_string()).collect();
        let err =
            AgentConfig::from_user_data(Some(&format!("ECS_RESERVED_PORTS=[{}]", many.join(","))))
                .unwrap_err();
        assert!(err.contains("more than 100"), "{err}");
    }
}
