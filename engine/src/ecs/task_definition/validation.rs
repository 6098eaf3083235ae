//! The RegisterTaskDefinition rules for the task as a whole: names, cpu and
//! memory units, Fargate sizes and parameters, role ARNs, image references,
//! volumes; and what registration fills in (container defaults, required
//! attributes). The per-container rules are in `container_validation`.

use super::container_validation::check_containers;
use super::*;
use crate::ecs::tags;
use crate::error::{ApiError, ErrorCode};
use serde_json::Value;

pub(super) fn client(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ClientException, message)
}

pub(super) fn unsupported(what: &str) -> ApiError {
    ApiError::unsupported("RegisterTaskDefinition", what)
}

/// F4.2: `^[A-Za-z0-9_-]{1,255}$` for families and container names.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// F2.2: task cpu as CPU units (`"1024"`) or vCPU (`"1 vCPU"`, `".25 vcpu"`).
pub fn parse_cpu(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(num) = lower.strip_suffix("vcpu") {
        return scaled(num.trim(), 1024);
    }
    t.parse::<u32>().ok()
}

/// F2.2: task memory as MiB (`"2048"`) or GB (`"1 GB"`, `"0.5GB"`).
pub fn parse_memory(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(num) = lower.strip_suffix("gb") {
        return scaled(num.trim(), 1024);
    }
    t.parse::<u32>().ok()
}

/// `num × factor` for a decimal `num`, if it comes out whole and positive.
fn scaled(num: &str, factor: u64) -> Option<u32> {
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 6
        || whole.len() > 6
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let denom = 10u64.pow(frac.len() as u32);
    let total = whole * factor * denom + frac_value * factor;
    if !total.is_multiple_of(denom) {
        return None;
    }
    u32::try_from(total / denom).ok().filter(|v| *v > 0)
}

fn vcpu(units: u32) -> String {
    let v = f64::from(units) / 1024.0;
    format!("{v} vCPU")
}

/// F2.1/F2.2: the Fargate size check, with AWS's first sentence and a
/// follow-up that says what would be valid.
fn check_fargate_size(cpu: u32, memory: u32) -> Result<(), ApiError> {
    let Some(valid) = fargate_memory_values(cpu) else {
        let fitting: Vec<String> = FARGATE_CPUS
            .iter()
            .filter(|c| fargate_memory_values(**c).is_some_and(|m| m.contains(&memory)))
            .map(|c| format!("{c} ({})", vcpu(*c)))
            .collect();
        let hint = if fitting.is_empty() {
            String::new()
        } else {
            format!(
                " With memory {memory} MiB, use cpu {}.",
                fitting.join(" or ")
            )
        };
        return Err(client(format!(
            "Invalid 'cpu' setting for task. Fargate supports task cpu values {} (0.25 to 16 vCPU); {cpu} ({}) is not one of them.{hint}",
            FARGATE_CPUS
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            vcpu(cpu),
        )));
    };
    if !valid.contains(&memory) {
        return Err(client(format!(
            "No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. With cpu {cpu} ({}), memory must be one of {} MiB.",
            vcpu(cpu),
            valid
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

fn valid_role_arn(arn: &str) -> bool {
    arn.strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split_once(":role/"))
        .is_some_and(|(account, name)| {
            account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && !name.is_empty()
                && !name.ends_with('/')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b))
        })
}

/// F4.9: `[registry/]repository[:tag]` or `[registry/]repository@sha256:<hex>`;
/// botocore allows up to 255 letters, numbers, hyphens, underscores,
/// colons, periods, forward slashes and number signs (plus `@` for digests).
pub fn parse_image(image: &str) -> Result<ImageRef, String> {
    if image.is_empty() {
        return Err("the image is empty".to_owned());
    }
    if image.len() > 255 {
        return Err("an image reference is at most 255 characters".to_owned());
    }
    if let Some(bad) = image
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_:./#@".contains(*c)))
    {
        return Err(format!("'{bad}' is not allowed in an image reference"));
    }
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => {
            let ok = digest
                .strip_prefix("sha256:")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            if !ok {
                return Err(format!(
                    "the digest '{digest}' must be sha256: followed by 64 hex digits"
                ));
            }
            (name, Some(digest.to_owned()))
        }
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match name[last_slash..].rfind(':') {
        Some(i) => {
            let split = last_slash + i;
            (&name[..split], Some(name[split + 1..].to_owned()))
        }
        None => (name, None),
    };
    if let Some(t) = &tag
        && (t.is_empty() || t.len() > 128 || t.starts_with('.') || t.starts_with('-'))
    {
        return Err(format!("the tag '{t}' is not valid"));
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err("an image path has no empty parts (check the slashes)".to_owned());
    }
    let registry = if parts.len() > 1
        && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
    {
        Some(parts.remove(0).to_owned())
    } else {
        None
    };
    let repository = parts.join("/");
    if repository.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!("the repository '{repository}' must be lowercase"));
    }
    let ecr = registry.as_deref().and_then(|host| {
        let rest = host.strip_suffix(".amazonaws.com")?;
        let (account, rest) = rest.split_once(".dkr.ecr.")?;
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
            .then(|| (account.to_owned(), rest.to_owned()))
    });
    Ok(ImageRef {
        registry,
        repository,
        tag,
        digest,
        ecr,
    })
}

pub(super) fn check_range(what: &str, value: i64, (lo, hi): (i64, i64)) -> Result<(), ApiError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(client(format!(
            "Invalid {what}: {value}. It must be between {lo} and {hi}."
        )))
    }
}

/// What registration decided about the launch-type rules.
pub(super) struct Checked {
    pub(super) network_mode: Option<NetworkMode>,
    pub(super) cpu: Option<u32>,
    pub(super) memory: Option<u32>,
    pub(super) requires: Vec<Compatibility>,
}

/// F2.2, F2.3, F2.1: the task-level Fargate requirements, checked before
/// the containers when FARGATE is required.
fn check_fargate_task(
    mode: Option<NetworkMode>,
    cpu: Option<u32>,
    memory: Option<u32>,
) -> Result<(), ApiError> {
    if mode != Some(NetworkMode::Awsvpc) {
        return Err(client("Fargate only supports network mode 'awsvpc'."));
    }
    let Some(cpu) = cpu else {
        return Err(client(
            "Fargate requires that 'cpu' be defined at the task level.",
        ));
    };
    let Some(memory) = memory else {
        return Err(client(
            "Fargate requires that 'memory' be defined at the task level.",
        ));
    };
    check_fargate_size(cpu, memory)
}

/// The rules that apply to every definition, whatever its launch type.
pub(super) fn check_common(req: &RegisterTaskDefinitionRequest) -> Result<Checked, ApiError> {
    // F4.1, F4.2
    if req.family.is_empty() {
        return Err(client("Family cannot be blank."));
    }
    if !is_valid_name(&req.family) {
        return Err(client(format!(
            "Invalid family '{}'. A family name can have up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens.",
            req.family
        )));
    }
    for (what, value) in [
        ("proxyConfiguration", &req.proxy_configuration),
        ("inferenceAccelerators", &req.inference_accelerators),
        ("enableFaultInjection", &req.enable_fault_injection),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false))
        {
            return Err(unsupported(what));
        }
    }
    tags::validate(&req.tags)?;
    let mut requires = Vec::new();
    for r in &req.requires_compatibilities {
        let c = match r.as_str() {
            "EC2" => Compatibility::Ec2,
            "FARGATE" => Compatibility::Fargate,
            "EXTERNAL" | "MANAGED_INSTANCES" => {
                return Err(unsupported(&format!("requiresCompatibilities {r}")));
            }
            other => {
                return Err(client(format!(
                    "Invalid requiresCompatibilities value '{other}'. Use EC2 or FARGATE."
                )));
            }
        };
        if !requires.contains(&c) {
            requires.push(c);
        }
    }
    let network_mode = match req.network_mode.as_deref() {
        None => None,
        Some("bridge") => Some(NetworkMode::Bridge),
        Some("host") => Some(NetworkMode::Host),
        Some("awsvpc") => Some(NetworkMode::Awsvpc),
        Some("none") => Some(NetworkMode::None),
        Some(other) => {
            return Err(client(format!(
                "Invalid networkMode '{other}'. Use one of: bridge, host, awsvpc, none."
            )));
        }
    };
    let cpu = match &req.cpu {
        None => None,
        Some(text) => Some(parse_cpu(text).ok_or_else(|| {
            client(format!(
                "Invalid 'cpu' setting for task. '{text}' is neither CPU units (\"1024\") nor vCPU (\"1 vCPU\")."
            ))
        })?),
    };
    let memory = match &req.memory {
        None => None,
        Some(text) => Some(parse_memory(text).ok_or_else(|| {
            client(format!(
                "Invalid 'memory' setting for task. '{text}' is neither MiB (\"2048\") nor GB (\"2 GB\")."
            ))
        })?),
    };
    // F2.1: EC2 task cpu range (Fargate sizes are checked separately).
    if let Some(c) = cpu
        && !requires.contains(&Compatibility::Fargate)
        && !(EC2_TASK_CPU_RANGE.0..=EC2_TASK_CPU_RANGE.1).contains(&c)
    {
        return Err(client(format!(
            "Invalid 'cpu' setting for task. Task cpu must be between {} and {} CPU units (0.125 to 192 vCPU); {c} was given.",
            EC2_TASK_CPU_RANGE.0, EC2_TASK_CPU_RANGE.1
        )));
    }
    // F4.8: roles must be role ARNs; their existence is checked at task start.
    for (what, arn) in [
        ("taskRoleArn", &req.task_role_arn),
        ("executionRoleArn", &req.execution_role_arn),
    ] {
        if let Some(arn) = arn
            && !valid_role_arn(arn)
        {
            return Err(client(format!(
                "Invalid '{what}': '{arn}' is not an IAM role ARN. Use arn:aws:iam::<account-id>:role/<role-name>."
            )));
        }
    }
    if let Some(es) = &req.ephemeral_storage {
        check_range(
            "ephemeralStorage.sizeInGiB",
            es.size_in_gi_b,
            EPHEMERAL_STORAGE_RANGE,
        )?;
    }
    if let Some(rp) = &req.runtime_platform {
        if let Some(a) = &rp.cpu_architecture
            && a != "X86_64"
            && a != "ARM64"
        {
            return Err(client(format!(
                "Invalid runtimePlatform.cpuArchitecture '{a}'. Use X86_64 or ARM64."
            )));
        }
        if let Some(os) = &rp.operating_system_family
            && os != "LINUX"
        {
            return Err(unsupported(&format!("operatingSystemFamily {os}")));
        }
    }
    for (what, value) in [("pidMode", &req.pid_mode), ("ipcMode", &req.ipc_mode)] {
        if let Some(v) = value
            && !matches!(v.as_str(), "host" | "task" | "none")
        {
            return Err(client(format!(
                "Invalid {what} '{v}'. Use host, task or none."
            )));
        }
    }
    for pc in &req.placement_constraints {
        if pc.kind != "memberOf" {
            return Err(client(format!(
                "Invalid placement constraint type '{}'. A task definition accepts only memberOf constraints.",
                pc.kind
            )));
        }
        if pc.expression.as_deref().is_none_or(str::is_empty) {
            return Err(client(
                "A memberOf placement constraint needs an expression.",
            ));
        }
    }
    if requires.contains(&Compatibility::Fargate) {
        check_fargate_task(network_mode, cpu, memory)?;
    }
    check_volumes(&req.volumes)?;
    check_containers(req, network_mode, cpu, memory)?;
    Ok(Checked {
        network_mode,
        cpu,
        memory,
        requires,
    })
}

fn check_volumes(volumes: &[Volume]) -> Result<(), ApiError> {
    for (i, v) in volumes.iter().enumerate() {
        if !is_valid_name(&v.name) {
            return Err(client(format!(
                "Invalid volume name '{}'. Up to 255 letters, numbers, hyphens and underscores.",
                v.name
            )));
        }
        if volumes[..i].iter().any(|o| o.name == v.name) {
            return Err(client(format!("Duplicate volume name '{}'.", v.name)));
        }
        if v.s3files_volume_configuration.is_some() {
            return Err(client(format!(
                "Volume '{}': an S3 bucket cannot be mounted as a task volume (F23.7). The volume types are host, dockerVolumeConfiguration, efsVolumeConfiguration and fsxWindowsFileServerVolumeConfiguration (S3 Files volumes are not simulated): share files through an EFS file system, or read and write the bucket with the AWS SDK or CLI in the container.",
                v.name
            )));
        }
        if let Some(efs) = &v.efs_volume_configuration {
            check_efs_volume(&v.name, efs)?;
            if v.host.is_some() || v.docker_volume_configuration.is_some() {
                return Err(client(format!(
                    "Volume '{}': give one volume type; efsVolumeConfiguration cannot be combined with host or dockerVolumeConfiguration.",
                    v.name
                )));
            }
        }
        for (what, value) in [
            ("dockerVolumeConfiguration", &v.docker_volume_configuration),
            (
                "fsxWindowsFileServerVolumeConfiguration",
                &v.fsx_windows_file_server_volume_configuration,
            ),
        ] {
            if value.is_some() {
                return Err(unsupported(&format!("volumes[].{what}")));
            }
        }
        if v.configured_at_launch == Some(true) {
            return Err(unsupported("volumes[].configuredAtLaunch"));
        }
    }
    Ok(())
}

/// F23.4: an EFS volume's settings, as ECS checks them when the task
/// definition is registered.
fn check_efs_volume(
    name: &str,
    efs: &crate::ecs::task_definition::shapes::EfsVolumeConfiguration,
) -> Result<(), ApiError> {
    if efs.file_system_id.is_empty() {
        return Err(client(format!(
            "Volume '{name}': efsVolumeConfiguration.fileSystemId is required."
        )));
    }
    for (what, value) in [
        ("transitEncryption", efs.transit_encryption.as_deref()),
        (
            "authorizationConfig.iam",
            efs.authorization_config
                .as_ref()
                .and_then(|a| a.iam.as_deref()),
        ),
    ] {
        if let Some(value) = value
            && value != "ENABLED"
            && value != "DISABLED"
        {
            return Err(client(format!(
                "Volume '{name}': {what} must be ENABLED or DISABLED; '{value}' was given."
            )));
        }
    }
    if let Some(port) = efs.transit_encryption_port
        && !(1..=65535).contains(&port)
    {
        return Err(client(format!(
            "Volume '{name}': transitEncryptionPort must be between 1 and 65535."
        )));
    }
    if let Some(root) = efs.root_directory.as_deref()
        && !root.starts_with('/')
    {
        return Err(client(format!(
            "Volume '{name}': rootDirectory must be an absolute path, such as / or /data; '{root}' was given."
        )));
    }
    if efs.access_point_id().is_some() {
        if efs.root_directory.as_deref().is_some_and(|r| r != "/") {
            return Err(client(format!(
                "Volume '{name}': the root directory parameter must either be omitted or set to / when an EFS access point is specified (the access point's path is the root)."
            )));
        }
        if !efs.transit_encrypted() {
            return Err(client(format!(
                "Volume '{name}': transit encryption must be enabled when an EFS access point is specified. Set transitEncryption to ENABLED."
            )));
        }
    }
    if efs.iam_enabled() && !efs.transit_encrypted() {
        return Err(client(format!(
            "Volume '{name}': transit encryption must be enabled when EFS IAM authorization is used. Set transitEncryption to ENABLED."
        )));
    }
    Ok(())
}

/// The Fargate rules (F2.1–F2.4, F1.5), applied when FARGATE is required
/// (F4.10: "even if EC2 is also specified") and, to fill `compatibilities`,
/// to every definition.
pub(super) fn check_fargate(
    req: &RegisterTaskDefinitionRequest,
    checked: &Checked,
) -> Result<(), ApiError> {
    check_fargate_task(checked.network_mode, checked.cpu, checked.memory)?;
    let fargate_only = |what: &str| {
        client(format!(
            "The '{what}' parameter is not supported for tasks using the Fargate launch type. Remove it, or register for EC2 only."
        ))
    };
    if req.pid_mode.is_some() {
        return Err(fargate_only("pidMode"));
    }
    if req.ipc_mode.is_some() {
        return Err(fargate_only("ipcMode"));
    }
    if !req.placement_constraints.is_empty() {
        return Err(fargate_only("placementConstraints"));
    }
    for v in &req.volumes {
        if v.host.as_ref().is_some_and(|h| h.source_path.is_some()) {
            return Err(client(format!(
                "Volume '{}' sets host.sourcePath: Fargate supports only bind mounts without a host path.",
                v.name
            )));
        }
    }
    let uses_ecr = req
        .container_definitions
        .iter()
        .any(|c| parse_image(&c.image).is_ok_and(|i| i.ecr.is_some()));
    let uses_awslogs = req.container_definitions.iter().any(|c| {
        c.log_configuration
            .as_ref()
            .is_some_and(|l| l.log_driver == "awslogs")
    });
    if req.execution_role_arn.is_none() {
        // F4.8: the execution role pulls private ECR images and sends awslogs
        // logs. The messages are the ECS API's own, as captured in public
        // issues (virtual-kubelet#193, terraform-provider-aws#3051) [3P].
        if uses_awslogs {
            return Err(client(
                "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
            ));
        }
        if uses_ecr {
            return Err(client(
                "Fargate requires task definition to have execution role ARN to support ECR images.",
            ));
        }
    }
    for c in &req.container_definitions {
        let flags: [(&str, bool); 8] = [
            ("disableNetworking", c.disable_networking.is_some()),
            ("dnsSearchDomains", !c.dns_search_domains.is_empty()),
            ("dnsServers", !c.dns_servers.is_empty()),
            (
                "dockerSecurityOptions",
                !c.docker_security_options.is_empty(),
            ),
            ("extraHosts", !c.extra_hosts.is_empty()),
            ("links", !c.links.is_empty()),
            ("privileged", c.privileged == Some(true)),
            ("systemControls", !c.system_controls.is_empty()),
        ];
        if let Some((what, _)) = flags.iter().find(|(_, set)| *set) {
            return Err(client(format!(
                "The '{what}' parameter is not supported for tasks using the Fargate launch type (container '{}'). Remove it, or register for EC2 only.",
                c.name
            )));
        }
        if let Some(log) = &c.log_configuration
            && !FARGATE_LOG_DRIVERS.contains(&log.log_driver.as_str())
        {
            return Err(client(format!(
                "Log driver '{}' (container '{}') is not supported on Fargate. Fargate supports awslogs, splunk and awsfirelens.",
                log.log_driver, c.name
            )));
        }
        for (what, value) in [
            ("startTimeout", c.start_timeout),
            ("stopTimeout", c.stop_timeout),
        ] {
            if let Some(v) = value {
                check_range(
                    &format!("'{what}' for container '{}'", c.name),
                    v,
                    TIMEOUT_RANGE,
                )?;
            }
        }
        for u in &c.ulimits {
            if u.name == "nofile" && u.hard_limit > FARGATE_MAX_NOFILE {
                return Err(client(format!(
                    "The nofile ulimit of container '{}' can be at most {FARGATE_MAX_NOFILE} on Fargate.",
                    c.name
                )));
            }
        }
    }
    Ok(())
}

/// Fills what AWS fills in the stored definition: `essential` true, `cpu`
/// 0, port mapping protocol tcp (and hostPort = containerPort in awsvpc and
/// host modes), health check interval/timeout/retries defaults (F4.7).
pub(super) fn normalise(mut c: ContainerDefinition, mode: NetworkMode) -> ContainerDefinition {
    c.essential = Some(c.essential.unwrap_or(true));
    c.cpu = Some(c.cpu.unwrap_or(0));
    for pm in &mut c.port_mappings {
        if pm.protocol.is_none() {
            pm.protocol = Some("tcp".to_owned());
        }
        if matches!(mode, NetworkMode::Awsvpc | NetworkMode::Host) {
            pm.host_port = pm.container_port;
        }
    }
    if let Some(hc) = &mut c.health_check {
        hc.interval.get_or_insert(health::INTERVAL.0);
        hc.timeout.get_or_insert(health::TIMEOUT.0);
        hc.retries.get_or_insert(health::RETRIES.0);
    }
    c
}

/// Container-instance attributes a definition requires (the documented
/// `requiresAttributes` names, ECSDG:task-placement-constraints /
/// container-instance attributes). Only those the simulator can justify.
pub(super) fn required_attributes(
    req: &RegisterTaskDefinitionRequest,
    mode: NetworkMode,
) -> Vec<Attribute> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |n: String| {
        if !names.contains(&n) {
            names.push(n);
        }
    };
    let ecr = req
        .container_definitions
        .iter()
        .any(|c| parse_image(&c.image).is_ok_and(|i| i.ecr.is_some()));
    if ecr {
        add("com.amazonaws.ecs.capability.ecr-auth".into());
    }
    if req.task_role_arn.is_some() {
        add("com.amazonaws.ecs.capability.task-iam-role".into());
    }
    if req.execution_role_arn.is_some() && ecr {
        add("ecs.capability.execution-role-ecr-pull".into());
    }
    for c in &req.container_definitions {
        if let Some(log) = &c.log_configuration {
            add(format!(
                "com.amazonaws.ecs.capability.logging-driver.{}",
                log.log_driver
            ));
            if log.log_driver == "awslogs" && req.execution_role_arn.is_some() {
                add("ecs.capability.execution-role-awslogs".into());
            }
        }
        if c.health_check.is_some() {
            add("ecs.capability.container-health-check".into());
        }
        if !c.depends_on.is_empty() {
            add("ecs.capability.container-ordering".into());
        }
    }
    if mode == NetworkMode::Awsvpc {
        add("ecs.capability.task-eni".into());
    }
    names.into_iter().map(|name| Attribute { name }).collect()
}
