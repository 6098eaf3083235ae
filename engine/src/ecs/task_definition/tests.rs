//! Unit tests for the task definition rules; each cites its fact in
//! shared/aws-behaviour.md.

use super::*;
use crate::config::SimConfig;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::{Command, Response, Service};
use serde_json::{Value, json};

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

fn register(sim: &mut Sim, input: Value) -> Result<TaskDefinition, ApiError> {
    let cmd = Command::from_json(Service::Ecs, "RegisterTaskDefinition", input)?;
    match sim.execute(cmd)? {
        Response::RegisterTaskDefinition(out) => Ok(out.task_definition),
        other => panic!("unexpected {other:?}"),
    }
}

/// The course's Fargate task definition (nginxdemos/hello, 0.5 vCPU / 1 GB).
fn fargate(extra: Value) -> Value {
    let mut base = json!({
        "family": "nginxdemos-hello",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "512",
        "memory": "1024",
        "containerDefinitions": [{"name": "web", "image": "nginxdemos/hello", "portMappings": [{"containerPort": 80}]}]
    });
    merge(&mut base, extra);
    base
}

fn ec2(extra: Value) -> Value {
    let mut base = json!({
        "family": "web",
        "containerDefinitions": [{"name": "web", "image": "nginx:1.25", "memory": 256}]
    });
    merge(&mut base, extra);
    base
}

fn merge(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

fn container(extra: Value) -> Value {
    let mut c = json!({"name": "web", "image": "nginx", "memory": 256});
    merge(&mut c, extra);
    c
}

fn err(sim: &mut Sim, input: Value) -> ApiError {
    register(sim, input).unwrap_err()
}

fn assert_client(e: &ApiError, needle: &str) {
    assert_eq!(e.code, ErrorCode::ClientException, "{e}");
    assert!(
        e.message.contains(needle),
        "'{}' should contain '{needle}'",
        e.message
    );
}

#[test]
fn f2_1_fargate_sizes_table() {
    let counts: Vec<usize> = FARGATE_CPUS
        .iter()
        .map(|c| fargate_memory_values(*c).unwrap().len())
        .collect();
    assert_eq!(counts, vec![3, 4, 7, 13, 23, 12, 12]);
    assert_eq!(fargate_memory_values(8192).unwrap()[11], 61440);
    assert_eq!(fargate_memory_values(16384).unwrap()[11], 122_880);
    assert!(fargate_memory_values(5120).is_none());
    let mut s = sim();
    for (cpu, mem) in [
        ("256", "512"),
        ("256", "2048"),
        ("4096", "30720"),
        ("16384", "122880"),
    ] {
        register(&mut s, fargate(json!({"cpu": cpu, "memory": mem}))).unwrap();
    }
}

#[test]
fn f2_2_course_mistake_5_vcpu_1_gb() {
    let e = err(
        &mut sim(),
        fargate(json!({"cpu": "5 vCPU", "memory": "1 GB"})),
    );
    assert_client(&e, "Invalid 'cpu' setting for task.");
    // The follow-up says which cpu values fit 1 GB.
    assert!(
        e.message
            .contains("use cpu 256 (0.25 vCPU) or 512 (0.5 vCPU)"),
        "{e}"
    );
    let e = err(&mut sim(), fargate(json!({"cpu": "256", "memory": "4096"})));
    assert_client(&e, "No Fargate configuration exists for given values");
    assert!(e.message.contains("512, 1024, 2048"), "{e}");
}

#[test]
fn f2_2_units_are_normalised() {
    assert_eq!(parse_cpu("1 vCPU"), Some(1024));
    assert_eq!(parse_cpu(".25 vcpu"), Some(256));
    assert_eq!(parse_cpu("0.5vCPU"), Some(512));
    assert_eq!(parse_cpu("1024"), Some(1024));
    assert_eq!(parse_cpu("0.1 vCPU"), None); // 102.4 units is not whole
    assert_eq!(parse_cpu("lots"), None);
    assert_eq!(parse_memory("1 GB"), Some(1024));
    assert_eq!(parse_memory("0.5GB"), Some(512));
    assert_eq!(parse_memory("3072"), Some(3072));
    assert_eq!(parse_memory("-1"), None);
    assert_eq!(parse_memory("0 GB"), None);
    let td = register(
        &mut sim(),
        fargate(json!({"cpu": "1 vCPU", "memory": "2 GB"})),
    )
    .unwrap();
    assert_eq!(
        (td.cpu.as_deref(), td.memory.as_deref()),
        (Some("1024"), Some("2048"))
    );
}

#[test]
fn f2_2_f2_3_fargate_needs_awsvpc_and_task_size() {
    let mut s = sim();
    assert_client(
        &err(&mut s, fargate(json!({"networkMode": "bridge"}))),
        "Fargate only supports network mode 'awsvpc'.",
    );
    let mut no_cpu = fargate(json!({}));
    no_cpu.as_object_mut().unwrap().remove("cpu");
    assert_client(
        &err(&mut s, no_cpu),
        "Fargate requires that 'cpu' be defined at the task level.",
    );
    let mut no_mem = fargate(json!({}));
    no_mem.as_object_mut().unwrap().remove("memory");
    assert_client(
        &err(&mut s, no_mem),
        "'memory' be defined at the task level",
    );
    // F4.10: FARGATE is validated even when EC2 is listed too.
    assert_client(
        &err(
            &mut s,
            fargate(json!({"requiresCompatibilities": ["EC2", "FARGATE"], "networkMode": "host"})),
        ),
        "awsvpc",
    );
}

#[test]
fn f2_4_fargate_invalid_parameters() {
    let mut s = sim();
    for (field, value) in [
        ("privileged", json!(true)),
        ("links", json!(["db"])),
        ("dnsServers", json!(["10.0.0.2"])),
        ("dnsSearchDomains", json!(["corp"])),
        (
            "extraHosts",
            json!([{"hostname": "a", "ipAddress": "10.0.0.1"}]),
        ),
        ("dockerSecurityOptions", json!(["no-new-privileges"])),
        ("disableNetworking", json!(false)),
        (
            "systemControls",
            json!([{"namespace": "net.core.somaxconn", "value": "1024"}]),
        ),
    ] {
        let mut c = container(json!({}));
        c[field] = value;
        let e = err(&mut s, fargate(json!({"containerDefinitions": [c]})));
        assert_client(&e, field);
    }
    for (field, value) in [
        ("pidMode", json!("host")),
        ("ipcMode", json!("task")),
        (
            "placementConstraints",
            json!([{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}]),
        ),
    ] {
        let e = err(&mut s, fargate(json!({field: value})));
        assert_client(&e, field);
    }
    // Log drivers: awslogs, splunk, awsfirelens only.
    let c = container(json!({"logConfiguration": {"logDriver": "json-file"}}));
    assert_client(
        &err(&mut s, fargate(json!({"containerDefinitions": [c]}))),
        "not supported on Fargate",
    );
    // nofile ulimit up to 1048576.
    let c = container(
        json!({"ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2_000_000}]}),
    );
    assert_client(
        &err(&mut s, fargate(json!({"containerDefinitions": [c]}))),
        "1048576",
    );
    // The same settings are fine on EC2, which then is not Fargate-compatible.
    let c = container(json!({"privileged": true, "logConfiguration": {"logDriver": "json-file"}}));
    let td = register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
    assert_eq!(td.compatibilities, vec![Compatibility::Ec2]);
}

#[test]
fn f4_8_fargate_awslogs_and_ecr_need_an_execution_role() {
    let mut s = sim();
    let c = container(
        json!({"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}}),
    );
    assert_client(
        &err(
            &mut s,
            fargate(json!({"containerDefinitions": [c.clone()]})),
        ),
        "execution role ARN to support log driver awslogs",
    );
    let role = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    let td = register(
        &mut s,
        fargate(json!({"containerDefinitions": [c], "executionRoleArn": role})),
    )
    .unwrap();
    let names: Vec<&str> = td
        .requires_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(
        names.contains(&"ecs.capability.execution-role-awslogs"),
        "{names:?}"
    );
    assert!(names.contains(&"com.amazonaws.ecs.capability.logging-driver.awslogs"));
    assert!(names.contains(&"ecs.capability.task-eni"));
    let ecr = container(json!({"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1"}));
    assert_client(
        &err(
            &mut s,
            fargate(json!({"containerDefinitions": [ecr.clone()]})),
        ),
        "ECR images",
    );
    let td = register(
        &mut s,
        fargate(json!({"containerDefinitions": [ecr], "executionRoleArn": role})),
    )
    .unwrap();
    let names: Vec<&str> = td
        .requires_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"com.amazonaws.ecs.capability.ecr-auth"));
    assert!(names.contains(&"ecs.capability.execution-role-ecr-pull"));
}

#[test]
fn f4_8_role_arns_are_shape_checked_not_looked_up() {
    let mut s = sim();
    for bad in [
        "ecsTaskRole",
        "arn:aws:iam::123:role/x",
        "arn:aws:iam::123456789012:user/bob",
        "arn:aws:iam::123456789012:role/",
    ] {
        assert_client(
            &err(&mut s, ec2(json!({"taskRoleArn": bad}))),
            "is not an IAM role ARN",
        );
        assert_client(
            &err(&mut s, ec2(json!({"executionRoleArn": bad}))),
            "executionRoleArn",
        );
    }
    // A well-formed ARN of a role that does not exist is accepted (F4.8).
    let td = register(
        &mut s,
        ec2(json!({"taskRoleArn": "arn:aws:iam::123456789012:role/service-role/app"})),
    )
    .unwrap();
    assert_eq!(
        td.task_role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/service-role/app")
    );
    assert!(
        td.requires_attributes
            .iter()
            .any(|a| a.name == "com.amazonaws.ecs.capability.task-iam-role")
    );
}

#[test]
fn f2_1_ec2_cpu_range() {
    let mut s = sim();
    register(&mut s, ec2(json!({"cpu": "128"}))).unwrap();
    register(&mut s, ec2(json!({"cpu": "192 vCPU"}))).unwrap();
    // The course's 5 vCPU is fine on EC2 (any value in range).
    register(&mut s, ec2(json!({"cpu": "5 vCPU", "memory": "1 GB"}))).unwrap();
    assert_client(
        &err(&mut s, ec2(json!({"cpu": "127"}))),
        "between 128 and 196608",
    );
    assert_client(
        &err(&mut s, ec2(json!({"cpu": "196609"}))),
        "between 128 and 196608",
    );
}

#[test]
fn f4_1_f4_2_required_fields_and_names() {
    let mut s = sim();
    assert_client(&err(&mut s, ec2(json!({"family": ""}))), "Family");
    assert_client(
        &err(&mut s, ec2(json!({"family": "bad name"}))),
        "Invalid family",
    );
    assert_client(
        &err(&mut s, ec2(json!({"family": "x".repeat(256)}))),
        "Invalid family",
    );
    register(&mut s, ec2(json!({"family": "x".repeat(255)}))).unwrap();
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": []}))),
        "at least one container",
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [container(json!({"name": ""}))]})),
        ),
        "Container.name should not be null or empty.",
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [container(json!({"name": "a.b"}))]})),
        ),
        "Invalid container name",
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [container(json!({"image": ""}))]})),
        ),
        "Container.image should not be null or empty.",
    );
    let dup = [container(json!({})), container(json!({}))];
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": dup}))),
        "Duplicate container name 'web'",
    );
}

#[test]
fn f4_4_at_most_ten_containers() {
    let mut s = sim();
    let many = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| container(json!({"name": format!("c{i}")})))
            .collect()
    };
    register(&mut s, ec2(json!({"containerDefinitions": many(10)}))).unwrap();
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": many(11)}))),
        "at most 10 containers",
    );
}

#[test]
fn f1_9_essential_default_and_at_least_one() {
    let mut s = sim();
    let td = register(&mut s, ec2(json!({}))).unwrap();
    assert_eq!(td.container_definitions[0].essential, Some(true));
    let c = container(json!({"essential": false}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "essential container",
    );
}

#[test]
fn f4_5_memory_rules() {
    let mut s = sim();
    let c = json!({"name": "web", "image": "nginx"});
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c.clone()]}))),
        "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified.",
    );
    // Task-level memory (here on Fargate) makes container memory optional.
    register(&mut s, fargate(json!({"containerDefinitions": [c]}))).unwrap();
    let c = container(json!({"memory": 256, "memoryReservation": 256}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "must be greater than 'memoryReservation'",
    );
    let c = container(json!({"memory": 512, "memoryReservation": 128}));
    register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
    let c = container(json!({"memory": 5}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "at least 6",
    );
    let c = json!({"name": "web", "image": "nginx", "memoryReservation": 4});
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "at least 6",
    );
    let c = container(json!({"memory": 2048}));
    assert_client(
        &err(&mut s, fargate(json!({"containerDefinitions": [c]}))),
        "more than the task's 1024 MiB",
    );
}

#[test]
fn container_cpu_fits_in_task_cpu() {
    // BOTO-ECS:ContainerDefinition.cpu
    let mut s = sim();
    let c = container(json!({"cpu": 256}));
    register(
        &mut s,
        fargate(json!({"cpu": "256", "memory": "512", "containerDefinitions": [c]})),
    )
    .unwrap();
    let a = container(json!({"name": "a", "cpu": 200}));
    let b = container(json!({"name": "b", "cpu": 100}));
    assert_client(
        &err(
            &mut s,
            fargate(json!({"cpu": "256", "memory": "512", "containerDefinitions": [a, b]})),
        ),
        "adds up to 300 units, more than the task's 256",
    );
}

#[test]
fn f4_6_f3_6_port_mappings() {
    let mut s = sim();
    // awsvpc: hostPort must equal containerPort; filled in when omitted.
    let td = register(&mut s, fargate(json!({}))).unwrap();
    let pm = &td.container_definitions[0].port_mappings[0];
    assert_eq!(
        (pm.container_port, pm.host_port, pm.protocol.as_deref()),
        (Some(80), Some(80), Some("tcp"))
    );
    let c = container(json!({"portMappings": [{"containerPort": 80, "hostPort": 8080}]}));
    assert_client(
        &err(
            &mut s,
            fargate(json!({"containerDefinitions": [c.clone()]})),
        ),
        "When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"networkMode": "host", "containerDefinitions": [c.clone()]})),
        ),
        "networkMode=host",
    );
    // bridge: any host port, or 0 / omitted for a dynamic one.
    register(
        &mut s,
        ec2(json!({"networkMode": "bridge", "containerDefinitions": [c]})),
    )
    .unwrap();
    let c = container(
        json!({"portMappings": [{"containerPort": 80, "hostPort": 0}, {"containerPort": 81}]}),
    );
    let td = register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
    assert_eq!(td.network_mode, None); // bridge by default, not echoed
    let c = container(json!({"portMappings": [{"containerPort": 80, "protocol": "sctp"}]}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "tcp or udp",
    );
    let c = container(json!({"portMappings": [{"containerPort": 70000}]}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "containerPort",
    );
    let c = container(json!({"portMappings": [{"containerPort": 80}]}));
    assert_client(
        &err(
            &mut s,
            ec2(json!({"networkMode": "none", "containerDefinitions": [c]})),
        ),
        "'none'",
    );
    // Duplicate host ports: same port and protocol twice in one task.
    let a = container(json!({"name": "a", "portMappings": [{"containerPort": 80}]}));
    let b = container(json!({"name": "b", "portMappings": [{"containerPort": 80}]}));
    assert_client(
        &err(
            &mut s,
            fargate(json!({"containerDefinitions": [a.clone(), b]})),
        ),
        "mapped twice",
    );
    let b_udp =
        container(json!({"name": "b", "portMappings": [{"containerPort": 80, "protocol": "udp"}]}));
    register(&mut s, fargate(json!({"containerDefinitions": [a, b_udp]}))).unwrap();
    // Two dynamic bridge ports never clash.
    let a = container(json!({"name": "a", "portMappings": [{"containerPort": 80, "hostPort": 0}]}));
    let b = container(json!({"name": "b", "portMappings": [{"containerPort": 80}]}));
    register(&mut s, ec2(json!({"containerDefinitions": [a, b]}))).unwrap();
    assert_client(
        &err(&mut s, ec2(json!({"networkMode": "overlay"}))),
        "Invalid networkMode",
    );
}

#[test]
fn f4_7_health_checks_defaults_and_bounds() {
    let mut s = sim();
    let c = container(
        json!({"healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}}),
    );
    let td = register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
    let hc = td.container_definitions[0].health_check.clone().unwrap();
    assert_eq!(
        (hc.interval, hc.timeout, hc.retries, hc.start_period),
        (Some(30), Some(5), Some(3), None)
    );
    assert!(
        td.requires_attributes
            .iter()
            .any(|a| a.name == "ecs.capability.container-health-check")
    );
    for (hc, needle) in [
        (
            json!({"command": ["curl", "-f", "http://localhost/"]}),
            "CMD or CMD-SHELL",
        ),
        (json!({"command": ["CMD"]}), "CMD or CMD-SHELL"),
        (json!({"command": []}), "CMD or CMD-SHELL"),
        (
            json!({"command": ["CMD", "true"], "interval": 4}),
            "interval",
        ),
        (
            json!({"command": ["CMD", "true"], "interval": 301}),
            "interval",
        ),
        (json!({"command": ["CMD", "true"], "timeout": 1}), "timeout"),
        (
            json!({"command": ["CMD", "true"], "timeout": 61}),
            "timeout",
        ),
        (json!({"command": ["CMD", "true"], "retries": 0}), "retries"),
        (
            json!({"command": ["CMD", "true"], "retries": 11}),
            "retries",
        ),
        (
            json!({"command": ["CMD", "true"], "startPeriod": 301}),
            "startPeriod",
        ),
    ] {
        let c = container(json!({"healthCheck": hc}));
        assert_client(
            &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
            needle,
        );
    }
    let c = container(
        json!({"healthCheck": {"command": ["CMD", "true"], "interval": 5, "timeout": 60, "retries": 10, "startPeriod": 300}}),
    );
    register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
}

#[test]
fn f4_9_image_references() {
    let ok = parse_image("nginxdemos/hello").unwrap();
    assert_eq!(
        (
            ok.registry.as_deref(),
            ok.repository.as_str(),
            ok.effective_tag()
        ),
        (None, "nginxdemos/hello", Some("latest"))
    );
    let ecr = parse_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/team-a/web:v1.2").unwrap();
    assert_eq!(ecr.ecr, Some(("123456789012".into(), "us-east-1".into())));
    assert_eq!(
        (ecr.repository.as_str(), ecr.tag.as_deref()),
        ("team-a/web", Some("v1.2"))
    );
    let digest = format!("public.ecr.aws/nginx/nginx@sha256:{}", "a".repeat(64));
    let d = parse_image(&digest).unwrap();
    assert_eq!((d.effective_tag(), d.ecr.is_none()), (None, true));
    let local = parse_image("localhost:5000/app:1").unwrap();
    assert_eq!(
        (local.registry.as_deref(), local.tag.as_deref()),
        (Some("localhost:5000"), Some("1"))
    );
    for bad in [
        "",
        "nginx:",
        "nginx@sha256:abc",
        "Nginx",
        "a//b",
        "nginx latest",
        "nginx:-x",
    ] {
        assert!(parse_image(bad).is_err(), "{bad}");
    }
    let mut s = sim();
    let c = container(json!({"image": "nginx latest"}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "Invalid 'image' setting for container 'web'",
    );
}

#[test]
fn f1_5_timeouts() {
    let mut s = sim();
    for field in ["startTimeout", "stopTimeout"] {
        for bad in [1, 121] {
            let c = container(json!({field: bad}));
            assert_client(
                &err(&mut s, fargate(json!({"containerDefinitions": [c]}))),
                field,
            );
        }
        let c = container(json!({field: 120}));
        register(&mut s, fargate(json!({"containerDefinitions": [c]}))).unwrap();
        let c = container(json!({field: -1}));
        assert_client(
            &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
            field,
        );
    }
}

#[test]
fn depends_on_conditions_and_cycles() {
    let mut s = sim();
    let init = container(json!({"name": "init", "essential": false}));
    let app = container(
        json!({"name": "app", "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]}),
    );
    let td = register(&mut s, ec2(json!({"containerDefinitions": [init, app]}))).unwrap();
    assert!(
        td.requires_attributes
            .iter()
            .any(|a| a.name == "ecs.capability.container-ordering")
    );
    let essential_init = container(json!({"name": "init"}));
    let app = container(
        json!({"name": "app", "dependsOn": [{"containerName": "init", "condition": "COMPLETE"}]}),
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [essential_init.clone(), app]})),
        ),
        "can't be set on an essential container",
    );
    let app = container(
        json!({"name": "app", "dependsOn": [{"containerName": "init", "condition": "HEALTHY"}]}),
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [essential_init.clone(), app]})),
        ),
        "no healthCheck",
    );
    let app = container(
        json!({"name": "app", "dependsOn": [{"containerName": "ghost", "condition": "START"}]}),
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [essential_init.clone(), app]})),
        ),
        "not a container",
    );
    let app = container(
        json!({"name": "app", "dependsOn": [{"containerName": "init", "condition": "READY"}]}),
    );
    assert_client(
        &err(
            &mut s,
            ec2(json!({"containerDefinitions": [essential_init, app]})),
        ),
        "Invalid dependsOn condition",
    );
    let a = container(
        json!({"name": "a", "dependsOn": [{"containerName": "b", "condition": "START"}]}),
    );
    let b = container(
        json!({"name": "b", "dependsOn": [{"containerName": "a", "condition": "START"}]}),
    );
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [a, b]}))),
        "cycle",
    );
}

#[test]
fn environment_secrets_volumes_shapes() {
    let mut s = sim();
    let c = container(json!({"environment": [{"value": "x"}]}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "needs a name",
    );
    let c = container(json!({"secrets": [{"name": "DB_PASSWORD"}]}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c]}))),
        "valueFrom",
    );
    let c = container(
        json!({"secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db"}], "environment": [{"name": "MODE", "value": "prod"}]}),
    );
    register(&mut s, ec2(json!({"containerDefinitions": [c]}))).unwrap();
    let c = container(json!({"mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]}));
    assert_client(
        &err(&mut s, ec2(json!({"containerDefinitions": [c.clone()]}))),
        "sourceVolume 'data'",
    );
    register(&mut s, ec2(json!({"containerDefinitions": [c.clone()], "volumes": [{"name": "data", "host": {"sourcePath": "/srv"}}]}))).unwrap();
    // F2.4: Fargate bind mounts have no host path.
    assert_client(
        &err(
            &mut s,
            fargate(
                json!({"containerDefinitions": [c.clone()], "volumes": [{"name": "data", "host": {"sourcePath": "/srv"}}]}),
            ),
        ),
        "sourcePath",
    );
    register(
        &mut s,
        fargate(json!({"containerDefinitions": [c], "volumes": [{"name": "data"}]})),
    )
    .unwrap();
    // F23.4: an EFS volume registers (the file system is looked up when a
    // task starts, not here); its rules are checked.
    register(
        &mut s,
        ec2(
            json!({"volumes": [{"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}]}),
        ),
    )
    .unwrap();
    for (bad, says) in [
        (
            json!({"fileSystemId": "fs-1", "authorizationConfig": {"accessPointId": "fsap-1"}}),
            "transit encryption must be enabled",
        ),
        (
            json!({"fileSystemId": "fs-1", "transitEncryption": "ENABLED", "rootDirectory": "/data", "authorizationConfig": {"accessPointId": "fsap-1"}}),
            "omitted or set to /",
        ),
        (
            json!({"fileSystemId": "fs-1", "authorizationConfig": {"iam": "ENABLED"}}),
            "IAM authorization",
        ),
        (
            json!({"fileSystemId": "fs-1", "transitEncryption": "ON"}),
            "ENABLED or DISABLED",
        ),
    ] {
        assert_client(
            &err(
                &mut s,
                fargate(json!({"volumes": [{"name": "efs", "efsVolumeConfiguration": bad}]})),
            ),
            says,
        );
    }
    register(
        &mut s,
        fargate(
            json!({"volumes": [{"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED", "rootDirectory": "/", "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}}]}),
        ),
    )
    .unwrap();
    // F23.7: S3 is not a task volume.
    assert_client(
        &err(
            &mut s,
            fargate(
                json!({"volumes": [{"name": "bucket", "s3filesVolumeConfiguration": {"fileSystemArn": "arn:aws:s3files:us-east-1:123456789012:file-system/fs-1"}}]}),
            ),
        ),
        "an S3 bucket cannot be mounted",
    );
    let e = err(
        &mut s,
        ec2(json!({"proxyConfiguration": {"containerName": "envoy"}})),
    );
    assert_eq!(e.code, ErrorCode::UnsupportedFeatureException);
}

#[test]
fn f2_6_ephemeral_storage() {
    let mut s = sim();
    register(
        &mut s,
        fargate(json!({"ephemeralStorage": {"sizeInGiB": 21}})),
    )
    .unwrap();
    assert_client(
        &err(
            &mut s,
            fargate(json!({"ephemeralStorage": {"sizeInGiB": 20}})),
        ),
        "21 and 200",
    );
    assert_client(
        &err(
            &mut s,
            fargate(json!({"ephemeralStorage": {"sizeInGiB": 201}})),
        ),
        "21 and 200",
    );
}

#[test]
fn f4_3_revisions_are_never_reused() {
    let mut s = sim();
    let a = register(&mut s, ec2(json!({}))).unwrap();
    let b = register(&mut s, ec2(json!({}))).unwrap();
    assert_eq!((a.revision, b.revision), (1, 2));
    assert_eq!(
        b.task_definition_arn,
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"
    );
    s.deregister_task_definition(DeregisterTaskDefinitionRequest {
        task_definition: "web:2".into(),
    })
    .unwrap();
    s.delete_task_definitions(DeleteTaskDefinitionsRequest {
        task_definitions: vec!["web:2".into()],
    })
    .unwrap();
    let c = register(&mut s, ec2(json!({}))).unwrap();
    assert_eq!(c.revision, 3);
    // A bare family is the latest ACTIVE revision.
    assert_eq!(s.resolve_task_definition("web").unwrap().def.revision, 3);
    s.deregister_task_definition(DeregisterTaskDefinitionRequest {
        task_definition: "web:3".into(),
    })
    .unwrap();
    assert_eq!(s.resolve_task_definition("web").unwrap().def.revision, 1);
}

#[test]
fn resolve_refuses_inactive_for_new_tasks_but_arn_lookup_finds_it() {
    let mut s = sim();
    let td = register(&mut s, fargate(json!({}))).unwrap();
    s.deregister_task_definition(DeregisterTaskDefinitionRequest {
        task_definition: td.task_definition_arn.clone(),
    })
    .unwrap();
    let e = s.resolve_task_definition("nginxdemos-hello:1").unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::ClientException, "TaskDefinition is inactive")
    );
    assert_eq!(
        s.resolve_task_definition("nginxdemos-hello")
            .unwrap_err()
            .message,
        "Unable to find task definition."
    );
    let r = s.task_definition_by_arn(&td.task_definition_arn).unwrap();
    assert_eq!(r.status(), TaskDefinitionStatus::Inactive);
    // ... and it is still describable.
    let out = s
        .describe_task_definition(DescribeTaskDefinitionRequest {
            task_definition: "nginxdemos-hello:1".into(),
            include: vec![],
        })
        .unwrap();
    assert_eq!(out.task_definition.status, TaskDefinitionStatus::Inactive);
    assert!(out.task_definition.deregistered_at.is_some());
    assert!(
        s.resolve_task_definition(
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/nginxdemos-hello:1"
        )
        .is_err()
    );
}

#[test]
fn record_api_for_placement() {
    let mut s = sim();
    // EC2 bridge: container sums (memoryReservation before memory), ports.
    let a = container(
        json!({"name": "a", "cpu": 256, "memory": 512, "memoryReservation": 128, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}),
    );
    let b = container(
        json!({"name": "b", "cpu": 128, "memory": 256, "portMappings": [{"containerPort": 53, "protocol": "udp"}], "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/dns:1"}),
    );
    register(&mut s, ec2(json!({"containerDefinitions": [a, b], "taskRoleArn": "arn:aws:iam::123456789012:role/app"}))).unwrap();
    let r = s.resolve_task_definition("web").unwrap();
    assert_eq!((r.ec2_cpu(), r.ec2_memory()), (384, 384));
    assert_eq!(r.network_mode(), NetworkMode::Bridge);
    assert_eq!(
        r.host_ports(),
        vec![
            HostPort {
                port: Some(8080),
                udp: false
            },
            HostPort {
                port: None,
                udp: true
            }
        ]
    );
    assert!(!r.is_fargate_compatible());
    assert_eq!(r.fargate_size(), None);
    assert_eq!(
        r.images()[1].1.ecr,
        Some(("123456789012".into(), "us-east-1".into()))
    );
    assert_eq!(
        r.task_role_arn(),
        Some("arn:aws:iam::123456789012:role/app")
    );
    assert_eq!(r.execution_role_arn(), None);
    // Task-level sizes win; awsvpc needs no host ports.
    register(&mut s, fargate(json!({}))).unwrap();
    let r = s.resolve_task_definition("nginxdemos-hello").unwrap();
    assert_eq!(
        (r.ec2_cpu(), r.ec2_memory(), r.fargate_size()),
        (512, 1024, Some((512, 1024)))
    );
    assert!(r.host_ports().is_empty());
    assert_eq!(
        r.def.compatibilities,
        vec![Compatibility::Ec2, Compatibility::Fargate]
    );
    // Host mode takes the container ports.
    let c = container(json!({"portMappings": [{"containerPort": 80}]}));
    register(
        &mut s,
        ec2(json!({"family": "hostmode", "networkMode": "host", "containerDefinitions": [c]})),
    )
    .unwrap();
    let r = s.resolve_task_definition("hostmode:1").unwrap();
    assert_eq!(
        r.host_ports(),
        vec![HostPort {
            port: Some(80),
            udp: false
        }]
    );
}

#[test]
fn listing_sorts_filters_and_pages() {
    let mut s = sim();
    for fam in ["web", "api", "web", "worker"] {
        register(&mut s, ec2(json!({"family": fam}))).unwrap();
    }
    s.deregister_task_definition(DeregisterTaskDefinitionRequest {
        task_definition: "api:1".into(),
    })
    .unwrap();
    let arns = |r: ListTaskDefinitionsResponse| -> Vec<String> {
        r.task_definition_arns
            .iter()
            .map(|a| a.rsplit('/').next().unwrap().to_owned())
            .collect()
    };
    let all = s
        .list_task_definitions(ListTaskDefinitionsRequest::default())
        .unwrap();
    assert_eq!(arns(all), vec!["web:1", "web:2", "worker:1"]);
    let desc = s
        .list_task_definitions(ListTaskDefinitionsRequest {
            sort: Some(SortOrder::Desc),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(arns(desc), vec!["worker:1", "web:2", "web:1"]);
    let inactive = s
        .list_task_definitions(ListTaskDefinitionsRequest {
            status: Some(TaskDefinitionStatus::Inactive),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(arns(inactive), vec!["api:1"]);
    // familyPrefix is the full family name for ListTaskDefinitions...
    let exact = |p: &str| {
        s.list_task_definitions(ListTaskDefinitionsRequest {
            family_prefix: Some(p.into()),
            ..Default::default()
        })
        .unwrap()
    };
    assert_eq!(arns(exact("worker")), vec!["worker:1"]);
    assert!(exact("wo").task_definition_arns.is_empty());
    // ... and a prefix for ListTaskDefinitionFamilies.
    let fams = s
        .list_task_definition_families(ListTaskDefinitionFamiliesRequest {
            family_prefix: Some("w".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(fams.families, vec!["web", "worker"]);
    let p1 = s
        .list_task_definitions(ListTaskDefinitionsRequest {
            max_results: Some(2),
            sort: Some(SortOrder::Desc),
            ..Default::default()
        })
        .unwrap();
    let token = p1.next_token.clone();
    assert_eq!(arns(p1), vec!["worker:1", "web:2"]);
    let p2 = s
        .list_task_definitions(ListTaskDefinitionsRequest {
            max_results: Some(2),
            sort: Some(SortOrder::Desc),
            next_token: token,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p2.next_token, None);
    assert_eq!(arns(p2), vec!["web:1"]);
    assert!(
        s.list_task_definitions(ListTaskDefinitionsRequest {
            next_token: Some("junk".into()),
            ..Default::default()
        })
        .is_err()
    );
    assert!(
        s.list_task_definitions(ListTaskDefinitionsRequest {
            max_results: Some(0),
            ..Default::default()
        })
        .is_err()
    );
    let fams = |st| {
        s.list_task_definition_families(ListTaskDefinitionFamiliesRequest {
            status: st,
            ..Default::default()
        })
        .unwrap()
        .families
    };
    assert_eq!(fams(None), vec!["web", "worker"]);
    assert_eq!(fams(Some(FamilyStatus::Inactive)), vec!["api"]);
    assert_eq!(fams(Some(FamilyStatus::All)), vec!["api", "web", "worker"]);
}

#[test]
fn delete_only_inactive_revisions() {
    let mut s = sim();
    register(&mut s, ec2(json!({}))).unwrap();
    let out = s
        .delete_task_definitions(DeleteTaskDefinitionsRequest {
            task_definitions: vec!["web:1".into(), "web:9".into(), "web".into()],
        })
        .unwrap();
    assert!(out.task_definitions.is_empty());
    assert_eq!(out.failures.len(), 3);
    assert!(out.failures[0].reason.contains("still in ACTIVE status"));
    s.deregister_task_definition(DeregisterTaskDefinitionRequest {
        task_definition: "web:1".into(),
    })
    .unwrap();
    let out = s
        .delete_task_definitions(DeleteTaskDefinitionsRequest {
            task_definitions: vec!["web:1".into()],
        })
        .unwrap();
    assert_eq!(
        out.task_definitions[0].status,
        TaskDefinitionStatus::DeleteInProgress
    );
    assert!(s.resolve_task_definition("web:1").is_err());
}

#[test]
fn deregister_needs_a_revision() {
    let mut s = sim();
    register(&mut s, ec2(json!({}))).unwrap();
    let e = s
        .deregister_task_definition(DeregisterTaskDefinitionRequest {
            task_definition: "web".into(),
        })
        .unwrap_err();
    assert_client(&e, "revision");
    let e = s
        .deregister_task_definition(DeregisterTaskDefinitionRequest {
            task_definition: "web:7".into(),
        })
        .unwrap_err();
    assert_client(&e, "does not exist");
}
