//! `sim cost`: what the account costs per hour and so far (§25 prices),
//! from the resources' own times; the total never goes down when ECS and
//! EC2 forget stopped tasks and terminated instances.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::shell::Shell;
use stevedore_engine::{Sim, SimConfig};

fn run(sim: &mut Sim, shell: &mut Shell, line: &str) -> String {
    let out = shell.run(sim, line);
    assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    out.stdout
}

fn total(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("Total: "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_fargate_task_costs_by_its_size_and_time_and_stays_counted() {
    let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
    let mut shell = Shell::new();
    let empty = run(&mut sim, &mut shell, "sim cost");
    assert!(
        empty.contains("Nothing in the account costs anything yet"),
        "{empty}"
    );
    assert_eq!(total(&empty), "Total: $0.0000 per hour, $0.00 so far");

    for line in [
        "aws ecs create-cluster --cluster-name web",
        r#"aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 1024 --memory 2048 --container-definitions '[{"name":"web","image":"nginx:1.27","essential":true}]'"#,
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs run-task --cluster web --task-definition web --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        "sim advance 10h",
    ] {
        run(&mut sim, &mut shell, line);
    }
    // 1 vCPU × $0.04048 + 2 GB × $0.004445 = $0.04937 per hour, plus the
    // public IPv4 address at $0.005.
    let running = run(&mut sim, &mut shell, "sim cost");
    assert!(running.contains("1 vCPU, 2 GB, x86"), "{running}");
    assert!(running.contains("$0.0493/h"), "{running}");
    assert!(running.contains("public IPv4"), "{running}");
    assert!(
        total(&running).starts_with("Total: $0.0543 per hour, $0.5"),
        "{running}"
    );

    let task = run(
        &mut sim,
        &mut shell,
        "aws ecs list-tasks --cluster web --query 'taskArns[0]' --output text",
    );
    run(
        &mut sim,
        &mut shell,
        &format!("aws ecs stop-task --cluster web --task {}", task.trim()),
    );
    run(&mut sim, &mut shell, "sim advance 5m");
    let stopped = run(&mut sim, &mut shell, "sim cost");
    assert!(
        total(&stopped).starts_with("Total: $0.0000 per hour"),
        "{stopped}"
    );
    let so_far = total(&stopped).split(", ").nth(1).unwrap().to_owned();

    // ECS forgets the stopped task after an hour; its cost stays.
    run(&mut sim, &mut shell, "sim advance 2h");
    let later = run(&mut sim, &mut shell, "sim cost");
    assert!(!later.contains("Fargate task"), "{later}");
    assert!(later.contains("no longer listed"), "{later}");
    assert_eq!(total(&later).split(", ").nth(1).unwrap(), so_far, "{later}");
}

#[test]
fn spot_and_arm_are_cheaper_than_x86() {
    let per_hour = |extra_td: &str, run_args: &str| {
        let mut sim = Sim::new(SimConfig::with_seed(5)).unwrap();
        let mut shell = Shell::new();
        for line in [
            "aws ecs create-cluster --cluster-name c --capacity-providers FARGATE FARGATE_SPOT"
                .to_owned(),
            format!(
                r#"aws ecs register-task-definition --family t --requires-compatibilities FARGATE --network-mode awsvpc --cpu 1024 --memory 2048 {extra_td} --container-definitions '[{{"name":"w","image":"nginx:1.27","essential":true}}]'"#
            ),
            "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)"
                .to_owned(),
            format!(
                r#"aws ecs run-task --cluster c --task-definition t {run_args} --network-configuration "awsvpcConfiguration={{subnets=[$SUBNET],assignPublicIp=ENABLED}}""#
            ),
            "sim advance 5m".to_owned(),
        ] {
            run(&mut sim, &mut shell, &line);
        }
        let report = sim.cost();
        assert_eq!(report.lines.len(), 2, "{report:?}");
        report.lines[0].per_hour_nanos
    };
    let x86 = per_hour("", "--launch-type FARGATE");
    let arm = per_hour(
        "--runtime-platform cpuArchitecture=ARM64,operatingSystemFamily=LINUX",
        "--launch-type FARGATE",
    );
    let spot = per_hour(
        "",
        "--capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1",
    );
    assert_eq!(x86, 49_370_000);
    assert_eq!(arm, 32_380_000 + 2 * 3_560_000);
    assert_eq!(spot * 10, x86 * 3);
}

#[test]
fn an_instance_bills_until_it_shuts_down() {
    // Lab 1's solution leaves one t2.micro running in DemoCluster-asg.
    let lab = stevedore_lessons::course().lab("create-cluster").unwrap();
    let script: String = lab
        .steps
        .iter()
        .map(|s| s.solution.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let checked = stevedore_cli::labs::check(lab, &script).unwrap();
    let mut sim = checked.sim;
    let report = sim.cost();
    let instance = report
        .lines
        .iter()
        .find(|l| l.resource.starts_with("EC2 instance"))
        .unwrap();
    assert_eq!(instance.billed_as, "t2.micro");
    assert_eq!(instance.per_hour_nanos, 11_600_000);
    assert!(
        report
            .lines
            .iter()
            .any(|l| l.resource.starts_with("public IPv4"))
    );

    let mut shell = Shell::new();
    run(
        &mut sim,
        &mut shell,
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name DemoCluster-asg --min-size 0 --desired-capacity 0",
    );
    run(&mut sim, &mut shell, "sim advance 10m");
    let after = sim.cost();
    assert_eq!(after.per_hour_nanos, 0, "{after:?}");
    assert!(after.so_far_nanos >= report.so_far_nanos);
    run(&mut sim, &mut shell, "sim advance 3h");
    let later = sim.cost();
    assert_eq!(
        later.so_far_nanos, after.so_far_nanos,
        "forgotten, still counted"
    );
}

#[test]
fn the_lines_add_up_to_what_a_forgotten_task_leaves() {
    // What `retire_task_cost` adds equals the task's lines just before.
    let mut sim = Sim::new(SimConfig::with_seed(9)).unwrap();
    let mut shell = Shell::new();
    for line in [
        "aws ecs create-cluster --cluster-name c",
        r#"aws ecs register-task-definition --family t --requires-compatibilities FARGATE --network-mode awsvpc --cpu 512 --memory 1024 --container-definitions '[{"name":"w","image":"nginx:1.27","essential":true}]'"#,
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs run-task --cluster c --task-definition t --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        "sim advance 37m",
    ] {
        run(&mut sim, &mut shell, line);
    }
    let task = run(
        &mut sim,
        &mut shell,
        "aws ecs list-tasks --cluster c --query 'taskArns[0]' --output text",
    );
    run(
        &mut sim,
        &mut shell,
        &format!("aws ecs stop-task --cluster c --task {}", task.trim()),
    );
    run(&mut sim, &mut shell, "sim advance 1m");
    let before = sim.cost();
    assert_eq!(before.lines.len(), 2);
    run(&mut sim, &mut shell, "sim advance 2h");
    let after = sim.cost();
    assert!(after.lines.is_empty(), "{after:?}");
    assert_eq!(after.forgotten_nanos, before.so_far_nanos);
}

#[test]
fn a_load_balancer_costs_its_hours_addresses_and_traffic_and_stays_counted() {
    let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
    let mut shell = Shell::new();
    for line in [
        "SUBNETS=$(aws ec2 describe-subnets --query 'Subnets[?AvailabilityZone==`us-east-1a`||AvailabilityZone==`us-east-1b`].SubnetId' --output text)",
        "aws elbv2 create-load-balancer --name web --subnets $SUBNETS",
        "aws elb create-load-balancer --load-balancer-name old --listeners Protocol=HTTP,LoadBalancerPort=80,InstancePort=80 --availability-zones us-east-1a",
        "sim advance 1h",
    ] {
        run(&mut sim, &mut shell, line);
    }
    // §25: an ALB $0.0225 and a Classic one $0.025 an hour, and each
    // internet-facing node's public IPv4 address (two zones, one zone).
    let report = sim.cost();
    let line = |name: &str| {
        report
            .lines
            .iter()
            .find(|l| l.resource == name)
            .unwrap_or_else(|| panic!("{name}: {report:?}"))
            .clone()
    };
    assert_eq!(
        line("Application Load Balancer web").so_far_nanos,
        22_500_000
    );
    assert_eq!(line("Classic Load Balancer old").so_far_nanos, 25_000_000);
    let addresses = report
        .lines
        .iter()
        .filter(|l| l.billed_as.starts_with("of load balancer"))
        .count();
    assert_eq!(addresses, 3, "{report:?}");
    assert_eq!(
        report.per_hour_nanos,
        22_500_000 + 25_000_000 + 3 * 5_000_000
    );

    // Traffic: 25 new connections a second are one LCU ($0.008 an hour).
    run(
        &mut sim,
        &mut shell,
        r#"aws elbv2 create-listener --load-balancer-arn $(aws elbv2 describe-load-balancers --names web --query 'LoadBalancers[0].LoadBalancerArn' --output text) --protocol HTTP --port 80 --default-actions '[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"200"}}]'"#,
    );
    run(&mut sim, &mut shell, "sim traffic web 25/s");
    run(&mut sim, &mut shell, "sim advance 1h");
    let busy = sim.cost();
    let traffic = busy
        .lines
        .iter()
        .find(|l| l.resource == "traffic through web")
        .unwrap();
    assert_eq!(traffic.billed_as, "LCUs");
    assert_eq!(traffic.per_hour_nanos, 8_000_000);
    // Sixty minutes, each rounded down to a whole nano-dollar.
    assert!(
        (8_000_000 - 60..=8_000_000).contains(&traffic.so_far_nanos),
        "{busy:?}"
    );
    let text = run(&mut sim, &mut shell, "sim cost");
    assert!(text.contains("traffic through web"), "{text}");

    // Deleted, still counted.
    let before = sim.cost().so_far_nanos;
    run(
        &mut sim,
        &mut shell,
        "aws elbv2 delete-load-balancer --load-balancer-arn $(aws elbv2 describe-load-balancers --names web --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
    );
    run(
        &mut sim,
        &mut shell,
        "aws elb delete-load-balancer --load-balancer-name old",
    );
    let after = sim.cost();
    assert!(after.lines.is_empty(), "{after:?}");
    assert_eq!(after.so_far_nanos, before);
}
