//! The RegisterTaskDefinition rules for each container definition: names,
//! images, cpu and memory, port mappings, environment and secrets, mount
//! points, ulimits, log configuration, timeouts, health checks, and
//! dependencies and their cycles.

use super::validation::*;
use super::*;
use crate::error::ApiError;

pub(super) fn check_containers(
    req: &RegisterTaskDefinitionRequest,
    mode: Option<NetworkMode>,
    task_cpu: Option<u32>,
    task_memory: Option<u32>,
) -> Result<(), ApiError> {
    let containers = &req.container_definitions;
    if containers.is_empty() {
        return Err(client(
            "Container list cannot be empty. A task definition needs at least one container definition.",
        ));
    }
    // F4.4
    if containers.len() > MAX_CONTAINERS {
        return Err(client(format!(
            "Too many containers: {}. A task definition can have at most {MAX_CONTAINERS} containers.",
            containers.len()
        )));
    }
    // F1.9
    if !containers.iter().any(|c| c.essential != Some(false)) {
        return Err(client(
            "Task definition does not have any essential container. All tasks must have at least one essential container.",
        ));
    }
    let effective_mode = mode.unwrap_or(NetworkMode::Bridge);
    let mut used_ports: Vec<(i64, bool, &str)> = Vec::new();
    let mut memory_sum: i64 = 0;
    for (i, c) in containers.iter().enumerate() {
        if c.name.is_empty() {
            return Err(client("Container.name should not be null or empty."));
        }
        if !is_valid_name(&c.name) {
            return Err(client(format!(
                "Invalid container name '{}'. Up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens.",
                c.name
            )));
        }
        if containers[..i].iter().any(|o| o.name == c.name) {
            return Err(client(format!(
                "Duplicate container name '{}'. Container names must be unique within a task definition.",
                c.name
            )));
        }
        if c.image.is_empty() {
            return Err(client("Container.image should not be null or empty."));
        }
        parse_image(&c.image).map_err(|why| {
            client(format!(
                "Invalid 'image' setting for container '{}': {why}. Use repository-url/image:tag or repository-url/image@digest.",
                c.name
            ))
        })?;
        for (what, value) in [
            ("repositoryCredentials", &c.repository_credentials),
            ("restartPolicy", &c.restart_policy),
            ("environmentFiles", &c.environment_files),
            ("linuxParameters", &c.linux_parameters),
            ("resourceRequirements", &c.resource_requirements),
            ("firelensConfiguration", &c.firelens_configuration),
            ("credentialSpecs", &c.credential_specs),
        ] {
            if value.is_some() {
                return Err(unsupported(&format!("containerDefinitions[].{what}")));
            }
        }
        if let Some(cpu) = c.cpu
            && !(0..=262_144).contains(&cpu)
        {
            return Err(client(format!(
                "Invalid 'cpu' setting for container '{}': {cpu}. Container cpu is 0 to 262144 CPU units.",
                c.name
            )));
        }
        // F4.5
        if c.memory.is_none() && c.memory_reservation.is_none() && task_memory.is_none() {
            return Err(client(format!(
                "Invalid setting for container '{}'. At least one of 'memory' or 'memoryReservation' must be specified.",
                c.name
            )));
        }
        for (what, value) in [
            ("memory", c.memory),
            ("memoryReservation", c.memory_reservation),
        ] {
            if let Some(v) = value
                && v < MIN_CONTAINER_MEMORY_MIB
            {
                return Err(client(format!(
                    "Invalid '{what}' setting for container '{}': {v} MiB. Docker reserves at least {MIN_CONTAINER_MEMORY_MIB} MiB, so specify at least {MIN_CONTAINER_MEMORY_MIB}.",
                    c.name
                )));
            }
        }
        if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation)
            && hard <= soft
        {
            return Err(client(format!(
                "Invalid setting for container '{}'. 'memory' ({hard} MiB, the hard limit) must be greater than 'memoryReservation' ({soft} MiB, the soft limit).",
                c.name
            )));
        }
        memory_sum = memory_sum.saturating_add(c.memory.or(c.memory_reservation).unwrap_or(0));
        // F4.6, F3.6
        if !c.port_mappings.is_empty() && effective_mode == NetworkMode::None {
            return Err(client(format!(
                "Container '{}' has port mappings, but networkMode 'none' has no external connectivity: remove them or use another network mode.",
                c.name
            )));
        }
        for pm in &c.port_mappings {
            if pm.container_port_range.is_some() {
                return Err(unsupported("portMappings[].containerPortRange"));
            }
            let Some(port) = pm.container_port else {
                return Err(client(format!(
                    "Container '{}': a port mapping needs a containerPort.",
                    c.name
                )));
            };
            check_range("containerPort", port, (1, 65535))?;
            let udp = match pm.protocol.as_deref() {
                None | Some("tcp") => false,
                Some("udp") => true,
                Some(other) => {
                    return Err(client(format!(
                        "Invalid protocol '{other}' in a port mapping of container '{}'. Use tcp or udp.",
                        c.name
                    )));
                }
            };
            if let Some(ap) = &pm.app_protocol
                && !matches!(ap.as_str(), "http" | "http2" | "grpc")
            {
                return Err(client(format!(
                    "Invalid appProtocol '{ap}'. Use http, http2 or grpc."
                )));
            }
            let host = match effective_mode {
                NetworkMode::Awsvpc | NetworkMode::Host => {
                    if let Some(h) = pm.host_port
                        && h != port
                    {
                        return Err(client(format!(
                            "When networkMode={}, the host ports and container ports in port mappings must match.",
                            effective_mode.as_str()
                        )));
                    }
                    port
                }
                _ => {
                    let h = pm.host_port.unwrap_or(0);
                    if h != 0 {
                        check_range("hostPort", h, (1, 65535))?;
                    }
                    h
                }
            };
            if host != 0 {
                if let Some((_, _, other)) =
                    used_ports.iter().find(|(p, u, _)| *p == host && *u == udp)
                {
                    return Err(client(format!(
                        "Host port {host}/{} is mapped twice (containers '{other}' and '{}'). Each host port can be used once per task.",
                        if udp { "udp" } else { "tcp" },
                        c.name
                    )));
                }
                used_ports.push((host, udp, &c.name));
            }
        }
        if !c.links.is_empty() && effective_mode != NetworkMode::Bridge {
            return Err(client(format!(
                "Container '{}' uses links, which work only with networkMode bridge.",
                c.name
            )));
        }
        for env in &c.environment {
            if env.name.is_empty() {
                return Err(client(format!(
                    "Container '{}': every environment variable needs a name.",
                    c.name
                )));
            }
        }
        for s in c.secrets.iter().chain(
            c.log_configuration
                .iter()
                .flat_map(|l| l.secret_options.iter()),
        ) {
            if s.name.is_empty() || s.value_from.is_empty() {
                return Err(client(format!(
                    "Container '{}': a secret needs both a name and valueFrom (a Secrets Manager or SSM Parameter Store ARN or name).",
                    c.name
                )));
            }
        }
        for mp in &c.mount_points {
            let source = mp.source_volume.as_deref().unwrap_or("");
            if !req.volumes.iter().any(|v| v.name == source) {
                return Err(client(format!(
                    "Invalid 'mountPoints' setting for container '{}': sourceVolume '{source}' is not a volume of this task definition.",
                    c.name
                )));
            }
            if mp.container_path.as_deref().is_none_or(str::is_empty) {
                return Err(client(format!(
                    "Invalid 'mountPoints' setting for container '{}': containerPath is required.",
                    c.name
                )));
            }
        }
        for vf in &c.volumes_from {
            let source = vf.source_container.as_deref().unwrap_or("");
            if source == c.name || !containers.iter().any(|o| o.name == source) {
                return Err(client(format!(
                    "Invalid 'volumesFrom' setting for container '{}': '{source}' is not another container of this task definition.",
                    c.name
                )));
            }
        }
        // F1.5: timeouts are never negative; the 2-120 s bounds are Fargate's (check_fargate)
        for (what, value) in [
            ("startTimeout", c.start_timeout),
            ("stopTimeout", c.stop_timeout),
        ] {
            if let Some(v) = value
                && v < 0
            {
                return Err(client(format!(
                    "Invalid '{what}' for container '{}': {v}. Timeouts are seconds, not negative.",
                    c.name
                )));
            }
        }
        if let Some(vc) = &c.version_consistency
            && vc != "enabled"
            && vc != "disabled"
        {
            return Err(client(format!(
                "Invalid versionConsistency '{vc}'. Use enabled or disabled."
            )));
        }
        if let Some(log) = &c.log_configuration
            && !LOG_DRIVERS.contains(&log.log_driver.as_str())
        {
            return Err(client(format!(
                "Invalid logDriver '{}' for container '{}'. Use one of: {}.",
                log.log_driver,
                c.name,
                LOG_DRIVERS.join(", ")
            )));
        }
        for u in &c.ulimits {
            if u.soft_limit > u.hard_limit {
                return Err(client(format!(
                    "Invalid ulimit '{}' for container '{}': softLimit {} is above hardLimit {}.",
                    u.name, c.name, u.soft_limit, u.hard_limit
                )));
            }
        }
        if let Some(hc) = &c.health_check {
            check_health(&c.name, hc)?;
        }
        check_dependencies(c, containers)?;
    }
    // F4.5: the containers' memory must fit in the task's.
    if let Some(tm) = task_memory
        && memory_sum > i64::from(tm)
    {
        return Err(client(format!(
            "Invalid 'memory' setting for task. The containers' memory adds up to {memory_sum} MiB, more than the task's {tm} MiB."
        )));
    }
    // BOTO-ECS:ContainerDefinition.cpu: the containers' cpu must fit in the
    // task's cpu when that is given.
    let cpu_sum: i64 = containers
        .iter()
        .map(|c| c.cpu.unwrap_or(0))
        .fold(0i64, i64::saturating_add);
    if let Some(tc) = task_cpu
        && cpu_sum > i64::from(tc)
    {
        return Err(client(format!(
            "Invalid 'cpu' setting for task. The containers' cpu adds up to {cpu_sum} units, more than the task's {tc}."
        )));
    }
    check_dependency_cycles(containers)?;
    Ok(())
}

/// F4.7
fn check_health(container: &str, hc: &HealthCheck) -> Result<(), ApiError> {
    match hc.command.first().map(String::as_str) {
        Some("CMD") | Some("CMD-SHELL") if hc.command.len() > 1 => {}
        _ => {
            return Err(client(format!(
                "Invalid healthCheck for container '{container}': the command must start with CMD or CMD-SHELL followed by the command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]."
            )));
        }
    }
    let bounds = [
        (
            "healthCheck.interval",
            hc.interval,
            (health::INTERVAL.1, health::INTERVAL.2),
        ),
        (
            "healthCheck.timeout",
            hc.timeout,
            (health::TIMEOUT.1, health::TIMEOUT.2),
        ),
        (
            "healthCheck.retries",
            hc.retries,
            (health::RETRIES.1, health::RETRIES.2),
        ),
        (
            "healthCheck.startPeriod",
            hc.start_period,
            health::START_PERIOD,
        ),
    ];
    for (what, value, range) in bounds {
        if let Some(v) = value {
            check_range(&format!("{what} for container '{container}'"), v, range)?;
        }
    }
    Ok(())
}

/// BOTO-ECS:ContainerDependency.condition: START | COMPLETE | SUCCESS |
/// HEALTHY; COMPLETE and SUCCESS "can't be set on an essential container";
/// HEALTHY needs a health check on the target.
fn check_dependencies(
    c: &ContainerDefinition,
    all: &[ContainerDefinition],
) -> Result<(), ApiError> {
    for dep in &c.depends_on {
        let Some(target) = all.iter().find(|o| o.name == dep.container_name) else {
            return Err(client(format!(
                "Container '{}' depends on '{}', which is not a container of this task definition.",
                c.name, dep.container_name
            )));
        };
        if target.name == c.name {
            return Err(client(format!(
                "Container '{}' cannot depend on itself.",
                c.name
            )));
        }
        match dep.condition.as_str() {
            "START" => {}
            "COMPLETE" | "SUCCESS" => {
                if target.essential != Some(false) {
                    return Err(client(format!(
                        "Container '{}' depends on '{}' with condition {}, which can't be set on an essential container: mark '{}' essential=false.",
                        c.name, target.name, dep.condition, target.name
                    )));
                }
            }
            "HEALTHY" => {
                if target.health_check.is_none() {
                    return Err(client(format!(
                        "Container '{}' depends on '{}' being HEALTHY, but '{}' has no healthCheck.",
                        c.name, target.name, target.name
                    )));
                }
            }
            other => {
                return Err(client(format!(
                    "Invalid dependsOn condition '{other}'. Use START, COMPLETE, SUCCESS or HEALTHY."
                )));
            }
        }
    }
    Ok(())
}

fn check_dependency_cycles(all: &[ContainerDefinition]) -> Result<(), ApiError> {
    // Depth-first search with colours; at most 10 containers (F4.4).
    fn visit(i: usize, all: &[ContainerDefinition], colour: &mut [u8]) -> Option<usize> {
        colour[i] = 1;
        for dep in &all[i].depends_on {
            let Some(j) = all.iter().position(|o| o.name == dep.container_name) else {
                continue;
            };
            if colour[j] == 1 {
                return Some(j);
            }
            if colour[j] == 0
                && let Some(found) = visit(j, all, colour)
            {
                return Some(found);
            }
        }
        colour[i] = 2;
        None
    }
    let mut colour = vec![0u8; all.len()];
    for i in 0..all.len() {
        if colour[i] == 0
            && let Some(j) = visit(i, all, &mut colour)
        {
            return Err(client(format!(
                "Container dependencies form a cycle through '{}'.",
                all[j].name
            )));
        }
    }
    Ok(())
}
