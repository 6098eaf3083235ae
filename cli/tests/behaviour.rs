//! The command line's promises: equivalent spellings give the same request;
//! bad input gets an AWS-style error, never a panic, and changes nothing.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::{exit, run, shell};
use stevedore_engine::rng::Pcg32 as Pcg32Like;
use stevedore_engine::{Sim, SimConfig};

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

#[test]
fn shorthand_json_and_cli_input_json_are_the_same_request() {
    let spellings = [
        "aws ecs create-cluster --cluster-name web --tags key=team,value=web key=env,value=prod --settings name=containerInsights,value=enabled",
        r#"aws ecs create-cluster --cluster-name web --tags '[{"key":"team","value":"web"},{"key":"env","value":"prod"}]' --settings '[{"name":"containerInsights","value":"enabled"}]'"#,
        r#"aws ecs create-cluster --cli-input-json '{"clusterName":"web","tags":[{"key":"team","value":"web"},{"key":"env","value":"prod"}],"settings":[{"name":"containerInsights","value":"enabled"}]}'"#,
        r#"aws ecs create-cluster --cli-input-json '{"clusterName":"other","tags":[{"key":"team","value":"web"},{"key":"env","value":"prod"}]}' --cluster-name web --settings name=containerInsights,value=enabled"#,
    ];
    let outcomes: Vec<_> = spellings
        .iter()
        .map(|line| {
            let mut s = sim();
            let outcome = run(&mut s, line);
            assert!(outcome.is_ok(), "{line}\n{}", outcome.stderr);
            (outcome.stdout, s.view())
        })
        .collect();
    for other in &outcomes[1..] {
        assert_eq!(&outcomes[0], other);
    }
    assert!(outcomes[0].0.contains("\"value\": \"enabled\""));
}

#[test]
fn list_clusters_pages_and_resumes_like_the_aws_cli() {
    let mut s = sim();
    for name in ["a", "b", "c", "d", "e"] {
        assert!(
            run(
                &mut s,
                &format!("aws ecs create-cluster --cluster-name {name}")
            )
            .is_ok()
        );
    }
    let names = |outcome: &stevedore_cli::Outcome| -> Vec<String> {
        outcome.response.as_ref().unwrap()["clusterArns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().rsplit('/').next().unwrap().to_owned())
            .collect()
    };
    // Small pages are followed automatically.
    let all = run(&mut s, "aws ecs list-clusters --page-size 2");
    assert_eq!(names(&all), ["a", "b", "c", "d", "e"]);
    assert!(all.response.as_ref().unwrap().get("NextToken").is_none());
    // --max-items cuts inside a page; NextToken resumes exactly there.
    let first = run(&mut s, "aws ecs list-clusters --page-size 2 --max-items 3");
    assert_eq!(names(&first), ["a", "b", "c"]);
    let token = first.response.as_ref().unwrap()["NextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let rest = run(
        &mut s,
        &format!("aws ecs list-clusters --page-size 2 --starting-token {token}"),
    );
    assert_eq!(names(&rest), ["d", "e"]);
    // --no-paginate makes one call (here one page holds all) and refuses
    // the paging options, as awscli does before sending anything.
    let one = run(&mut s, "aws ecs list-clusters --no-paginate");
    assert_eq!(names(&one), ["a", "b", "c", "d", "e"]);
    assert!(one.response.as_ref().unwrap().get("nextToken").is_none());
    let both = run(
        &mut s,
        "aws ecs list-clusters --page-size 2 --max-items 3 --no-paginate",
    );
    assert_eq!(both.exit_code, exit::PARAM_VALIDATION);
    assert!(
        both.stderr.contains(
            "Error during pagination: Cannot specify --no-paginate along with pagination arguments: --page-size, --max-items"
        ),
        "{}",
        both.stderr
    );
    let bad = run(&mut s, "aws ecs list-clusters --starting-token zz");
    assert_eq!(bad.exit_code, exit::USAGE);
}

/// Bad input of every kind: a clear error, no panic, and the account exactly
/// as it was.
#[test]
fn bad_input_is_refused_without_changing_anything() {
    let mut s = sim();
    assert!(run(&mut s, "aws ecs create-cluster --cluster-name keep").is_ok());
    let before = s.view();
    let long = "x".repeat(100_000);
    let corpus: Vec<(String, i32, &str)> = vec![
        (
            "aws ecs delete-cluster".into(),
            exit::USAGE,
            "the following arguments are required: --cluster",
        ),
        (
            "aws ecs create-cluster --colour red".into(),
            exit::USAGE,
            "Unknown options: --colour, red",
        ),
        (
            "aws ecs create-cluster stray".into(),
            exit::USAGE,
            "Unknown options: stray",
        ),
        (
            "aws ecs create-cluster --cluster-name".into(),
            exit::USAGE,
            "argument --cluster-name: expected one argument",
        ),
        (
            "aws ecs create-cluster --cluster-name a b".into(),
            exit::USAGE,
            "expected one argument, got 2",
        ),
        (
            "aws ecs create-cluster --cluster-name 'bad name!'".into(),
            exit::SERVICE,
            "(InvalidParameterException) when calling the CreateCluster operation",
        ),
        (
            format!("aws ecs create-cluster --cluster-name {long}"),
            exit::SERVICE,
            "InvalidParameterException",
        ),
        (
            "aws ecs create-cluster --tags key".into(),
            exit::USAGE,
            "Error parsing parameter '--tags': Expected: '='",
        ),
        (
            "aws ecs create-cluster --tags '[{\"key\": '".into(),
            exit::USAGE,
            "Invalid JSON",
        ),
        (
            "aws ecs create-cluster --tags colour=red".into(),
            exit::USAGE,
            "Unknown key 'colour'",
        ),
        (
            "aws ecs create-cluster --cli-input-json '{\"clusterName\": 7}'".into(),
            exit::SERVICE,
            "SerializationException",
        ),
        (
            "aws ecs create-cluster --cli-input-json '[1]'".into(),
            exit::USAGE,
            "must be an object",
        ),
        (
            "aws ecs create-cluster --cli-input-json '{'".into(),
            exit::USAGE,
            "Invalid JSON",
        ),
        (
            "aws ecs create-cluster --service-connect-defaults namespace=x".into(),
            exit::USAGE,
            "does not model it yet",
        ),
        (
            "aws ecs create-cluster --capacity-providers FARGATE nope".into(),
            exit::SERVICE,
            "The specified capacity provider was not found.",
        ),
        (
            "aws ecs create-cluster --tags key=aws:x,value=y".into(),
            exit::SERVICE,
            "reserved for AWS use",
        ),
        (
            "aws ecs delete-cluster --cluster nope".into(),
            exit::SERVICE,
            "(ClusterNotFoundException) when calling the DeleteCluster operation: Cluster not found.",
        ),
        (
            "aws ecs describe-clusters --include NOPE".into(),
            exit::SERVICE,
            "SerializationException",
        ),
        (
            "aws ecs list-clusters --page-size ten".into(),
            exit::USAGE,
            "invalid int value: 'ten'",
        ),
        (
            "aws ecs list-clusters --page-size 0".into(),
            exit::USAGE,
            "positive integer",
        ),
        (
            "aws ecs launch-rocket".into(),
            exit::USAGE,
            "argument operation: Invalid choice",
        ),
        (
            "aws s4 ls".into(),
            exit::USAGE,
            "argument command: Invalid choice",
        ),
        ("aws".into(), exit::USAGE, "required: command"),
        ("aws ecs".into(), exit::USAGE, "required: operation"),
        (
            "aws ecs list-clusters --output yaml".into(),
            exit::USAGE,
            "not simulated yet",
        ),
        (
            "aws ecs list-clusters --output xml".into(),
            exit::USAGE,
            "Invalid choice",
        ),
        (
            "aws ecs list-clusters --query 'clusterArns[?'".into(),
            exit::USAGE,
            "Bad value for --query",
        ),
        (
            "aws ecs list-clusters --query".into(),
            exit::USAGE,
            "expected one argument",
        ),
        (
            "aws ecs list-clusters --query 'length(`1`)'".into(),
            exit::USAGE,
            "invalid type for value",
        ),
        (
            "aws ecs list-clusters --query 'nope(@)'".into(),
            exit::USAGE,
            "Unknown function",
        ),
        (
            "aws ecs list-clusters --query 'sort_by(clusterArns, @)'".into(),
            exit::USAGE,
            "expression reference",
        ),
        (
            "aws ecs list-clusters --query '&x'".into(),
            exit::USAGE,
            "expression reference",
        ),
        (
            format!("aws ecs list-clusters --query '{}'", "(".repeat(300)),
            exit::USAGE,
            "Bad value for --query",
        ),
        ("sim advance".into(), exit::USAGE, "how long"),
        ("sim advance soon".into(), exit::USAGE, "not a duration"),
        ("sim advance 9999d".into(), exit::USAGE, "at most 365d"),
        ("sim speed 0".into(), exit::USAGE, "from 1 to 1000"),
        ("sim seed x".into(), exit::USAGE, "not a whole number"),
        ("sim teleport".into(), exit::USAGE, "sim help"),
        (
            "sim fault kill-task".into(),
            exit::USAGE,
            "what should it act on",
        ),
        (
            "sim fault kill-task nosuch --exit-code 3".into(),
            exit::SERVICE,
            "no task 'nosuch'",
        ),
        (
            "sim fault lose-az mars-1a".into(),
            exit::SERVICE,
            "not an Availability Zone",
        ),
        (
            "sim fault remove-tag nginx@sha256:00".into(),
            exit::SERVICE,
            "not an image reference",
        ),
        (
            "aws ecs list-clusters --region eu-west-1".into(),
            exit::USAGE,
            "simulates one region, us-east-1",
        ),
        (
            "aws ecs list-clusters --region".into(),
            exit::USAGE,
            "expected one argument",
        ),
        (
            "aws ecs list-clusters --endpoint-url http://x".into(),
            exit::USAGE,
            "does not apply",
        ),
        (
            "aws ecs create-cluster --cluster-name 'open".into(),
            shell::SYNTAX_ERROR,
            "single-quoted",
        ),
        // The shell's own refusals: nothing runs.
        ("echo $NOPE".into(), shell::FAILED, "$NOPE is not set"),
        (
            "aws ecs create-cluster --cluster-name $NAME".into(),
            shell::FAILED,
            "$NAME is not set",
        ),
        (
            "aws ecs create-cluster --cluster-name $(aws ecs describe-clusters --nope)".into(),
            exit::USAGE,
            "so this command did not run",
        ),
        (
            "cat > td.json <<EOF\n{}".into(),
            shell::SYNTAX_ERROR,
            "here-document <<EOF is not closed",
        ),
        (
            "aws ecs register-task-definition --cli-input-json file://nope.json".into(),
            exit::USAGE,
            "Unable to load paramfile file://nope.json",
        ),
        (
            "aws ecs list-clusters |".into(),
            shell::SYNTAX_ERROR,
            "a command must follow '|'",
        ),
        (
            "NAME=x aws ecs create-cluster --cluster-name $NAME".into(),
            shell::FAILED,
            "before a command is not supported",
        ),
        ("cat nope.json".into(), shell::FAILED, "No such file"),
        ("echo `date`".into(), shell::SYNTAX_ERROR, "$(…)"),
        ("base64 -d <<<x".into(), shell::SYNTAX_ERROR, "here-strings"),
        (
            "kubectl get pods".into(),
            exit::NOT_FOUND,
            "AWS commands start with 'aws'",
        ),
        (
            "docker ps".into(),
            stevedore_cli::docker::DOCKER_FAILED,
            "not a docker command the simulator has",
        ),
        (
            "docker build -t app:1".into(),
            stevedore_cli::docker::DOCKER_FAILED,
            "--from BASE_IMAGE",
        ),
        (
            "docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/nope:1".into(),
            stevedore_cli::docker::DOCKER_FAILED,
            "",
        ),
        (
            "docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com".into(),
            stevedore_cli::docker::DOCKER_FAILED,
            "reads the password from a pipe",
        ),
        (
            "aws ecs list-clusters | grep demo".into(),
            exit::NOT_FOUND,
            "'grep' is not a command here",
        ),
        (
            "aws ecs list-clusters --output text | jq .".into(),
            exit::NOT_FOUND,
            "'jq' is not a command here",
        ),
        (
            "aws ecr get-login-password --bogus".into(),
            exit::USAGE,
            "Unknown options",
        ),
        (
            "aws ecs delete-cluster --cluster keep --cluster".into(),
            exit::USAGE,
            "expected one argument",
        ),
        (
            "aws ecs create-cluster --cluster-name ünïcödé".into(),
            exit::SERVICE,
            "InvalidParameterException",
        ),
        (
            "aws ecs describe-clusters --clusters \u{0}".into(),
            exit::OK,
            "",
        ),
    ];
    for (line, code, expected) in &corpus {
        let outcome = run(&mut s, line);
        let shown: String = line.chars().take(80).collect();
        assert_eq!(outcome.exit_code, *code, "{shown}\n{}", outcome.stderr);
        assert!(
            outcome.stderr.contains(expected),
            "{shown}: stderr was\n{}",
            outcome.stderr
        );
        assert_eq!(s.view(), before, "{shown} changed the state");
    }
}

/// Thousands of random mutations of valid lines: never a panic.
#[test]
fn random_lines_never_panic() {
    let seeds = [
        "aws ecs create-cluster --cluster-name demo --tags key=a,value=b",
        "aws ecs describe-clusters --clusters demo --include TAGS",
        "aws ecs list-clusters --page-size 2 --max-items 1",
        "aws ecs delete-cluster --cluster demo",
        r#"aws ecs create-cluster --cli-input-json '{"clusterName":"x"}'"#,
        "aws ecs describe-clusters --clusters demo --query 'clusters[?status==`ACTIVE`].{n: clusterName, t: tags[0].key}' --output table",
        "aws ecs list-clusters --query 'sort_by(clusterArns, &@)[-1:] | length(@)' --output text",
        "sim advance 90s",
    ];
    let alphabet: Vec<char> = " -=,'\"[]{}\\aZ9_:é\u{0}\n".chars().collect();
    let mut rng = Pcg32Like::from_seed(2026);
    let mut s = sim();
    for i in 0..5_000 {
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

/// Every operation in the table: help lists each option with its type and
/// whether it is required; leaving out required options is a usage error
/// naming them; and the same request spelled as options or as
/// --cli-input-json gives the same outcome.
#[test]
fn every_operation_has_help_required_checks_and_equivalent_spellings() {
    use serde_json::{Map, Value, json};
    use stevedore_cli::model::Shape;
    for op in stevedore_cli::model::operations() {
        let svc = op.service.cli_name();
        let help = run(&mut sim(), &format!("aws {svc} {} help", op.cli_name));
        assert!(help.is_ok(), "{}", op.cli_name);
        for p in op.params {
            let line = help
                .stdout
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{} (", p.option)))
                .unwrap_or_else(|| panic!("{} help lacks {}", op.cli_name, p.option));
            let mark = if !op.is_modelled(p) {
                "[not simulated yet]"
            } else if p.required {
                "[required]"
            } else {
                "[optional]"
            };
            assert!(line.ends_with(mark), "{line}");
            assert!(line.contains(&stevedore_cli::type_label(p.shape)), "{line}");
        }
        let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
        if !required.is_empty() {
            let bare = run(&mut sim(), &format!("aws {svc} {}", op.cli_name));
            assert_eq!(bare.exit_code, exit::USAGE, "{}", op.cli_name);
            for p in &required {
                // awscli's own positional arguments (get-object's outfile)
                // are named without dashes.
                let name = if stevedore_cli::customize::is_customisation(op, p) {
                    p.option.trim_start_matches("--")
                } else {
                    p.option
                };
                assert!(
                    bare.stderr.contains(name),
                    "{}: {}",
                    op.cli_name,
                    bare.stderr
                );
            }
        }
        // One value per modelled option, in both spellings.
        let mut words = Vec::new();
        let mut input = Map::new();
        for p in op.params.iter().filter(|p| op.is_modelled(p)) {
            let (cli, value): (String, Value) = match p.shape {
                Shape::String { values, .. } => match values.first() {
                    Some(v) => ((*v).to_owned(), json!(v)),
                    None => ("demo".into(), json!("demo")),
                },
                Shape::Integer { .. } => ("5".into(), json!(5)),
                Shape::List { member, .. } if matches!(member, Shape::String { .. }) => {
                    match member.enum_values().first() {
                        Some(v) => ((*v).to_owned(), json!([v])),
                        None => ("a b".into(), json!(["a", "b"])),
                    }
                }
                // A flat structure: its string members as shorthand.
                s if s.is_flat_structure()
                    || matches!(s, Shape::List { member, .. } if member.is_flat_structure()) =>
                {
                    let members = match s {
                        Shape::List { member, .. } => member.members(),
                        _ => s.members(),
                    };
                    let strings: Map<String, Value> = members
                        .iter()
                        .filter(|m| matches!(m.shape, Shape::String { values, .. } if values.is_empty()))
                        .map(|m| (m.name.to_owned(), json!("a")))
                        .collect();
                    if strings.is_empty() {
                        continue;
                    }
                    let cli = strings
                        .keys()
                        .map(|k| format!("{k}=a"))
                        .collect::<Vec<_>>()
                        .join(",");
                    let object = Value::Object(strings);
                    match s {
                        Shape::List { .. } => (cli, json!([object])),
                        _ => (cli, object),
                    }
                }
                _ => continue,
            };
            words.push(format!("{} {cli}", p.option));
            input.insert(p.member.to_owned(), value);
        }
        let spelled = format!("aws {svc} {} {}", op.cli_name, words.join(" "));
        let as_json = format!(
            "aws {svc} {} --cli-input-json '{}'",
            op.cli_name,
            Value::Object(input)
        );
        let (mut a, mut b) = (sim(), sim());
        let one = run(&mut a, &spelled);
        let two = run(&mut b, &as_json);
        assert_eq!(
            (one.exit_code, &one.stdout, &one.stderr),
            (two.exit_code, &two.stdout, &two.stderr),
            "{spelled}\n{as_json}"
        );
        assert_eq!(a.view(), b.view(), "{spelled}");
    }
}

/// The AWS CLI's auto-pagination on the other paginated operations (ECS
/// ListTasks/ListServices, EC2 Describe*, Auto Scaling Describe*): every
/// item once across small pages, and `--max-items` / `--starting-token`.
#[test]
fn auto_pagination_follows_tokens_on_every_paginated_operation() {
    let mut s = Sim::new(SimConfig::default()).unwrap();
    let subnet = run(
        &mut s,
        "aws ec2 describe-subnets --query Subnets[0].SubnetId --output text",
    )
    .stdout
    .trim()
    .to_owned();
    for line in [
        "aws ecs create-cluster --cluster-name c".to_owned(),
        r#"aws ecs register-task-definition --family f --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginx"}]'"#.to_owned(),
        format!("aws ecs run-task --cluster c --task-definition f --count 5 --launch-type FARGATE --network-configuration awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}"),
    ] {
        let o = run(&mut s, &line);
        assert!(o.is_ok(), "{line}: {}", o.stderr);
    }
    let count = |o: &stevedore_cli::Outcome, key: &str| -> usize {
        o.response.as_ref().unwrap()[key].as_array().unwrap().len()
    };
    let all = run(&mut s, "aws ecs list-tasks --cluster c --page-size 2");
    assert_eq!(count(&all, "taskArns"), 5);
    let first = run(
        &mut s,
        "aws ecs list-tasks --cluster c --page-size 2 --max-items 3",
    );
    assert_eq!(count(&first, "taskArns"), 3);
    let token = first.response.as_ref().unwrap()["NextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let rest = run(
        &mut s,
        &format!("aws ecs list-tasks --cluster c --page-size 2 --starting-token {token}"),
    );
    assert_eq!(count(&rest, "taskArns"), 2);
    let mut seen: Vec<serde_json::Value> = first.response.as_ref().unwrap()["taskArns"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            rest.response.as_ref().unwrap()["taskArns"]
                .as_array()
                .unwrap(),
        )
        .cloned()
        .collect();
    seen.dedup();
    assert_eq!(
        seen,
        *all.response.as_ref().unwrap()["taskArns"]
            .as_array()
            .unwrap()
    );
    // EC2: six default subnets in pages of 5 (EC2's minimum page).
    let subnets = run(&mut s, "aws ec2 describe-subnets --page-size 5");
    assert_eq!(count(&subnets, "Subnets"), 6);
    let two = run(
        &mut s,
        "aws ec2 describe-subnets --page-size 5 --max-items 2",
    );
    assert_eq!(count(&two, "Subnets"), 2);
    let token = two.response.as_ref().unwrap()["NextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let more = run(
        &mut s,
        &format!("aws ec2 describe-subnets --page-size 5 --starting-token {token}"),
    );
    assert_eq!(count(&more, "Subnets"), 4);
    // EC2 refuses pages under 5, as AWS does.
    let small = run(&mut s, "aws ec2 describe-subnets --page-size 2");
    assert_eq!(small.exit_code, exit::SERVICE);
    assert!(
        small.stderr.contains("InvalidParameterValue"),
        "{}",
        small.stderr
    );
    let enis = run(&mut s, "aws ec2 describe-network-interfaces --page-size 5");
    assert_eq!(count(&enis, "NetworkInterfaces"), 5);
    let groups = run(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --page-size 1",
    );
    assert_eq!(count(&groups, "AutoScalingGroups"), 0);
}

/// DescribeImageScanFindings pages on a nested result key
/// (`imageScanFindings.findings`, as botocore's paginator names it).
#[test]
fn scan_findings_page_through_a_nested_result_key() {
    let mut s = Sim::new(SimConfig::default()).unwrap();
    let registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    for line in [
        "aws ecr create-repository --repository-name app --image-scanning-configuration scanOnPush=true".to_owned(),
        format!("docker build -t {registry}/app:v1 --from nginx --size-mb 3"),
        format!("aws ecr get-login-password | docker login --username AWS --password-stdin {registry}"),
        format!("docker push {registry}/app:v1"),
    ] {
        let o = run(&mut s, &line);
        assert!(o.is_ok(), "{line}: {}", o.stderr);
    }
    s.apply(stevedore_engine::Input::Advance(
        stevedore_engine::SimDuration::seconds(600),
    ));
    let findings = |o: &stevedore_cli::Outcome| -> usize {
        o.response.as_ref().unwrap()["imageScanFindings"]["findings"]
            .as_array()
            .unwrap()
            .len()
    };
    let base = "aws ecr describe-image-scan-findings --repository-name app --image-id imageTag=v1";
    let all = run(&mut s, base);
    assert!(all.is_ok(), "{}", all.stderr);
    let total = findings(&all);
    assert!(total >= 2, "the nginx base has simulated findings");
    let paged = run(&mut s, &format!("{base} --page-size 1"));
    assert_eq!(findings(&paged), total);
    assert_eq!(
        paged.response.as_ref().unwrap()["imageScanStatus"]["status"],
        "COMPLETE"
    );
    let first = run(&mut s, &format!("{base} --page-size 1 --max-items 1"));
    assert_eq!(findings(&first), 1);
    let token = first.response.as_ref().unwrap()["NextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let rest = run(
        &mut s,
        &format!("{base} --page-size 1 --starting-token {token}"),
    );
    assert_eq!(findings(&rest), total - 1);
}
