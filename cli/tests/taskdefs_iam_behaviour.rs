//! The task definition and IAM commands keep the command line's promises:
//! equivalent spellings give the same definition, bad input is refused
//! without changing anything, and mutated lines never panic.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::{exit, run};
use stevedore_engine::rng::Pcg32;
use stevedore_engine::{Sim, SimConfig};

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

const CONTAINERS: &str =
    r#"'[{"name":"web","image":"nginxdemos/hello","portMappings":[{"containerPort":80}]}]'"#;

#[test]
fn vcpu_gb_and_units_register_the_same_definition() {
    // F2.2: "0.5 vCPU" / "1 GB" are converted to 512 / 1024 at registration.
    let lines = [
        format!("aws ecs register-task-definition --family f --requires-compatibilities FARGATE --network-mode awsvpc --cpu '0.5 vCPU' --memory '1 GB' --container-definitions {CONTAINERS}"),
        format!("aws ecs register-task-definition --family f --requires-compatibilities FARGATE --network-mode awsvpc --cpu 512 --memory 1024 --container-definitions {CONTAINERS}"),
        r#"aws ecs register-task-definition --cli-input-json '{"family":"f","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":".5 vcpu","memory":"1GB","containerDefinitions":[{"name":"web","image":"nginxdemos/hello","portMappings":[{"containerPort":80}]}]}'"#.to_owned(),
    ];
    let mut s = sim();
    let mut defs = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let outcome = run(&mut s, line);
        assert!(outcome.is_ok(), "{line}\n{}", outcome.stderr);
        let mut def = outcome.response.unwrap()["taskDefinition"].clone();
        assert_eq!(def["revision"], i + 1);
        for varying in ["revision", "taskDefinitionArn"] {
            def.as_object_mut().unwrap().remove(varying);
        }
        defs.push(def);
    }
    assert_eq!(defs[0], defs[1]);
    assert_eq!(defs[1], defs[2]);
    assert_eq!(defs[0]["cpu"], "512");
}

#[test]
fn bad_task_definition_and_iam_input_changes_nothing() {
    let mut s = sim();
    let trust = r#"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#;
    assert!(
        run(
            &mut s,
            &format!("aws iam create-role --role-name keep --assume-role-policy-document {trust}")
        )
        .is_ok()
    );
    assert!(run(&mut s, &format!("aws ecs register-task-definition --family keep --network-mode awsvpc --cpu 256 --memory 512 --container-definitions {CONTAINERS}")).is_ok());
    let before = s.view();
    let corpus: Vec<(String, i32, &str)> = vec![
        ("aws ecs register-task-definition --family x".into(), exit::USAGE, "required: --container-definitions"),
        ("aws ecs register-task-definition --family x --container-definitions web".into(), exit::USAGE, "Error parsing parameter '--container-definitions': Expected: '='"),
        (format!("aws ecs register-task-definition --family x --requires-compatibilities FARGATE --network-mode awsvpc --cpu '5 vCPU' --memory '1 GB' --container-definitions {CONTAINERS}"), exit::SERVICE, "(ClientException) when calling the RegisterTaskDefinition operation: Invalid 'cpu' setting for task."),
        ("aws ecs register-task-definition --family x --container-definitions '[{\"name\":\"a\",\"image\":\"nginx\",\"memory\":\"lots\"}]'".into(), exit::SERVICE, "SerializationException"),
        ("aws ecs register-task-definition --family x --container-definitions '[{\"name\":\"a\",\"image\":\"nginx\",\"memory\":64,\"gpu\":1}]'".into(), exit::USAGE, "Error parsing parameter '--container-definitions': Unknown key 'gpu', must be one of: name, image,"),
        ("aws ecs register-task-definition --family x --proxy-configuration '{\"containerName\":\"envoy\"}' --container-definitions '[]'".into(), exit::USAGE, "does not model it yet"),
        ("aws ecs describe-task-definition --task-definition nope:1".into(), exit::SERVICE, "Unable to describe task definition."),
        ("aws ecs deregister-task-definition --task-definition keep".into(), exit::SERVICE, "revision"),
        ("aws ecs list-task-definitions --status GONE".into(), exit::SERVICE, "SerializationException"),
        ("aws ecs delete-task-definitions --task-definitions keep:1".into(), exit::OK, ""),
        ("aws iam create-role --role-name keep --assume-role-policy-document '{}'".into(), exit::SERVICE, "MalformedPolicyDocument"),
        (format!("aws iam create-role --role-name KEEP --assume-role-policy-document {trust}"), exit::SERVICE, "(EntityAlreadyExists)"),
        ("aws iam put-role-policy --role-name keep --policy-name p --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}'".into(), exit::SERVICE, "must contain resources"),
        ("aws iam attach-role-policy --role-name keep --policy-arn arn:aws:iam::aws:policy/Nope".into(), exit::SERVICE, "(NoSuchEntity)"),
        ("aws iam delete-role --role-name nobody".into(), exit::SERVICE, "The role with name nobody cannot be found."),
        ("aws iam get-role".into(), exit::USAGE, "required: --role-name"),
    ];
    for (line, code, expected) in &corpus {
        let outcome = run(&mut s, line);
        let shown: String = line.chars().take(100).collect();
        assert_eq!(outcome.exit_code, *code, "{shown}\n{}", outcome.stderr);
        assert!(
            outcome.stderr.contains(expected),
            "{shown}: stderr was\n{}",
            outcome.stderr
        );
        if *code != exit::OK {
            assert_eq!(s.view(), before, "{shown} changed the state");
        }
    }
}

/// Random mutations of valid task definition and IAM lines: never a panic,
/// invariants always hold.
#[test]
fn mutated_lines_never_panic() {
    let seeds = [
        format!("aws ecs register-task-definition --family demo --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions {CONTAINERS}"),
        r#"aws ecs register-task-definition --family demo --container-definitions '[{"name":"a","image":"nginx:1","memory":128,"memoryReservation":64,"healthCheck":{"command":["CMD","true"],"retries":3},"dependsOn":[{"containerName":"b","condition":"START"}]},{"name":"b","image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/b@sha256:0000000000000000000000000000000000000000000000000000000000000000","memory":64,"essential":false}]'"#.to_owned(),
        "aws ecs deregister-task-definition --task-definition demo:1".to_owned(),
        "aws ecs list-task-definitions --sort DESC --max-items 1".to_owned(),
        r#"aws iam create-role --role-name r --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#.to_owned(),
        r#"aws iam put-role-policy --role-name r --policy-name p --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:Get*","sqs:?end*"],"Resource":"arn:aws:s3:::b/*"}]}'"#.to_owned(),
        "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::123456789012:role/r --action-names s3:GetObject".to_owned(),
    ];
    let alphabet: Vec<char> = " -=,'\"[]{}\\aZ9_:*?/.é\u{0}\n".chars().collect();
    let mut rng = Pcg32::from_seed(404);
    let mut s = sim();
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
        let outcome = run(&mut s, &line);
        assert!(
            outcome.exit_code == 0 || !outcome.stderr.is_empty(),
            "silent failure for {line:?}"
        );
        s.check_invariants().unwrap();
    }
}
