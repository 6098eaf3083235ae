//! The capacity, task and service commands under random mutation: never a
//! panic, never a silent failure, invariants hold after every line.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::run;
use stevedore_engine::{Input, Sim, SimConfig, SimDuration};

/// A small LCG for the test's own draws (not the engine's generator).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n.max(1))) as u32
    }
}

fn setup() -> Sim {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    for line in [
        "aws ecs create-cluster --cluster-name demo",
        r#"aws iam create-role --role-name ecsInstanceRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
        "aws iam attach-role-policy --role-name ecsInstanceRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        "aws iam create-instance-profile --instance-profile-name ecsInstanceRole",
        "aws iam add-role-to-instance-profile --instance-profile-name ecsInstanceRole --role-name ecsInstanceRole",
        r#"aws ec2 create-launch-template --launch-template-name ecs-lt --launch-template-data '{"ImageId": "ami-079c74e08613d0498", "InstanceType": "t3.small", "IamInstanceProfile": {"Name": "ecsInstanceRole"}, "UserData": "RUNTX0NMVVNURVI9ZGVtbw=="}'"#,
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name g --launch-template LaunchTemplateName=ecs-lt --min-size 1 --max-size 3 --availability-zones us-east-1a us-east-1b",
        r#"aws ecs register-task-definition --family web --container-definitions '[{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]'"#,
    ] {
        let outcome = run(&mut sim, line);
        assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.stderr);
    }
    sim.apply(Input::Advance(SimDuration::minutes(2)));
    assert_eq!(
        run(&mut sim, "aws ecs list-container-instances --cluster demo").exit_code,
        0
    );
    sim
}

#[test]
fn mutated_capacity_lines_never_panic() {
    let seeds = [
        "aws ec2 create-vpc --cidr-block 10.0.0.0/16",
        "aws ec2 describe-subnets --filters Name=default-for-az,Values=true",
        "aws ec2 create-security-group --group-name web --description web",
        "aws ec2 authorize-security-group-ingress --group-name web --protocol tcp --port 80-90 --cidr 0.0.0.0/0",
        "aws ec2 revoke-security-group-ingress --group-name web --protocol tcp --port 80-90 --cidr 0.0.0.0/0",
        "aws autoscaling set-desired-capacity --auto-scaling-group-name g --desired-capacity 2",
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name g --min-size 0 --max-size 2",
        "aws ecs run-task --cluster demo --task-definition web --count 2 --placement-strategy type=binpack,field=memory",
        r#"aws ecs run-task --cluster demo --task-definition web --placement-constraints '[{"type": "memberOf", "expression": "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"}]'"#,
        "aws ecs create-service --cluster demo --service-name s --task-definition web --desired-count 2",
        "aws ecs update-service --cluster demo --service s --desired-count 1",
        "aws ecs list-tasks --cluster demo --desired-status STOPPED",
        "aws ecs update-container-instances-state --cluster demo --container-instances x --status DRAINING",
        "aws ec2 describe-instances --filters Name=instance-state-name,Values=running",
    ];
    let alphabet: Vec<char> = " -=,'\"[]{}\\aZ9_:é\u{0}\n0".chars().collect();
    let mut rng = Lcg(2026);
    let mut sim = setup();
    // Unmutated, every seed line is valid.
    for line in seeds {
        let outcome = run(&mut sim, line);
        assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.stderr);
    }
    let mut succeeded = 0;
    for i in 0..4_000 {
        let mut line: Vec<char> = seeds[i % seeds.len()].chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(line.len() as u32 + 1) as usize;
            match rng.below(3) {
                0 if at < line.len() => {
                    line.remove(at);
                }
                _ => line.insert(
                    at.min(line.len()),
                    alphabet[rng.below(alphabet.len() as u32) as usize],
                ),
            }
        }
        let line: String = line.into_iter().collect();
        let outcome = run(&mut sim, &line);
        succeeded += usize::from(outcome.exit_code == 0);
        assert!(
            outcome.exit_code == 0 || !outcome.stderr.is_empty(),
            "silent failure for {line:?}"
        );
        sim.check_invariants()
            .unwrap_or_else(|e| panic!("{line:?}: {e}"));
        if i % 200 == 0 {
            sim.apply(Input::Advance(SimDuration::seconds(45)));
            sim.check_invariants().unwrap();
        }
    }
    // Some mutations stay valid: the engine really ran them.
    assert!(succeeded > 20, "only {succeeded} lines succeeded");
}
