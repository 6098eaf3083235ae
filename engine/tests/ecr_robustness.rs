//! ECR and the docker client on hostile input: nothing panics, a refused
//! request changes nothing, invariants hold, and pagination walks every
//! item exactly once.

#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};
use stevedore_engine::images::{DockerError, DockerOutput};
use stevedore_engine::rng::Pcg32;
use stevedore_engine::{Command, Docker, Input, Service, Sim, SimConfig, SimDuration};

const HOST: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

fn ecr(sim: &mut Sim, op: &str, input: Value) -> Result<Value, String> {
    Command::from_json(Service::Ecr, op, input)
        .and_then(|c| sim.apply(Input::Api(c)).api())
        .map(|r| r.to_json())
        .map_err(|e| e.to_string())
}

fn docker(sim: &mut Sim, command: Docker) -> Result<DockerOutput, DockerError> {
    sim.apply(Input::Docker(command)).docker()
}

fn seeded() -> Sim {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    ecr(
        &mut sim,
        "CreateRepository",
        json!({"repositoryName": "web"}),
    )
    .unwrap();
    let token = ecr(&mut sim, "GetAuthorizationToken", Value::Null).unwrap();
    let (user, password) = stevedore_engine::ecr::auth::decode_authorization_token(
        token["authorizationData"][0]["authorizationToken"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    sim.apply(Input::Docker(Docker::Login {
        registry: HOST.to_owned(),
        username: user,
        password,
    }))
    .docker()
    .unwrap();
    for (i, base) in ["nginx", "busybox", "nginx:alpine"].iter().enumerate() {
        docker(
            &mut sim,
            Docker::Build {
                tag: format!("{HOST}/web:v{i}"),
                from: (*base).to_owned(),
                size_mb: i as u64,
            },
        )
        .unwrap();
        docker(
            &mut sim,
            Docker::Push {
                image: format!("{HOST}/web:v{i}"),
            },
        )
        .unwrap();
    }
    sim
}

const WORDS: &[&str] = &[
    "",
    "web",
    "Web",
    "a",
    "nope",
    "v1",
    "v0",
    "latest",
    "sha256:zz",
    "*",
    "../x",
    "é",
    "0",
    "MUTABLE",
    "IMMUTABLE",
    "UNTAGGED",
    "tagged",
    "{",
    "[]",
    "null",
    "stv1-",
    "stv1-7a",
];

fn random_value(rng: &mut Pcg32, depth: u32) -> Value {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        0 => Value::String(WORDS[rng.below(WORDS.len() as u32) as usize].to_owned()),
        1 => json!(i64::from(rng.below(2000)) - 5),
        2 => Value::Bool(rng.below(2) == 0),
        3 => Value::Null,
        4 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let keys = [
                "imageTag",
                "imageDigest",
                "tagStatus",
                "scanOnPush",
                "Key",
                "Value",
                "filterType",
                "filter",
                "encryptionType",
                "rules",
            ];
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(3) {
                let k = keys[rng.below(keys.len() as u32) as usize];
                map.insert(k.to_owned(), random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

#[test]
fn random_requests_never_panic_and_failures_change_nothing() {
    let members = [
        "registryId",
        "repositoryName",
        "repositoryNames",
        "imageIds",
        "imageId",
        "filter",
        "maxResults",
        "nextToken",
        "force",
        "imageTagMutability",
        "imageScanningConfiguration",
        "lifecyclePolicyText",
        "policyText",
        "tags",
        "resourceArn",
        "tagKeys",
        "imageTag",
        "imageManifest",
        "encryptionConfiguration",
        "imageTagMutabilityExclusionFilters",
    ];
    let ops: Vec<&str> = stevedore_engine::OPERATIONS
        .iter()
        .filter(|(s, _)| *s == Service::Ecr)
        .map(|(_, op)| *op)
        .collect();
    let mut rng = Pcg32::from_seed(2026);
    let mut sim = seeded();
    for round in 0..4000 {
        let op = ops[rng.below(ops.len() as u32) as usize];
        let mut input = serde_json::Map::new();
        if rng.below(4) != 0 {
            input.insert("repositoryName".into(), json!("web"));
        }
        for _ in 0..rng.below(4) {
            let m = members[rng.below(members.len() as u32) as usize];
            input.insert(m.to_owned(), random_value(&mut rng, 0));
        }
        let before = sim.view();
        let result = ecr(&mut sim, op, Value::Object(input.clone()));
        if result.is_err() {
            assert_eq!(
                sim.view(),
                before,
                "{op} {input:?} failed but changed state"
            );
        }
        sim.check_invariants()
            .unwrap_or_else(|e| panic!("round {round}: {op} {input:?}: {e}"));
        if round % 500 == 0 {
            sim.apply(Input::Advance(SimDuration::hours(13)));
        }
    }
}

#[test]
fn random_image_references_never_panic() {
    let mut rng = Pcg32::from_seed(7);
    let alphabet: Vec<char> = "aZ09:/@._-é sha256:".chars().collect();
    let mut sim = seeded();
    let allow = |_: &str, _: &str| true;
    for _ in 0..3000 {
        let len = rng.below(40) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u32) as usize])
            .collect();
        let _ = sim.resolve_image_pull(
            &text,
            Some("arn:aws:iam::123456789012:role/x"),
            &allow,
            true,
        );
        let _ = docker(
            &mut sim,
            Docker::Pull {
                image: text.clone(),
            },
        );
        let _ = docker(
            &mut sim,
            Docker::Tag {
                source: "nginx".to_owned(),
                target: text.clone(),
            },
        );
        let _ = docker(
            &mut sim,
            Docker::Build {
                tag: text.clone(),
                from: text.clone(),
                size_mb: 1,
            },
        );
        let _ = docker(
            &mut sim,
            Docker::Push {
                image: text.clone(),
            },
        );
        let _ = stevedore_engine::ecr::lifecycle::parse_policy(&text);
        sim.check_invariants().unwrap();
    }
}

#[test]
fn pagination_walks_every_item_once() {
    let mut sim = seeded();
    for i in 0..7 {
        ecr(
            &mut sim,
            "CreateRepository",
            json!({"repositoryName": format!("r{i}")}),
        )
        .unwrap();
    }
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({"maxResults": 3});
        if let Some(t) = &token {
            input["nextToken"] = json!(t);
        }
        let page = ecr(&mut sim, "DescribeRepositories", input).unwrap();
        for r in page["repositories"].as_array().unwrap() {
            names.push(r["repositoryName"].as_str().unwrap().to_owned());
        }
        match page["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(names, ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "web"]);
    // ListImages: one entry per tag, paged one at a time.
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({"repositoryName": "web", "maxResults": 1});
        if let Some(t) = &token {
            input["nextToken"] = json!(t);
        }
        let page = ecr(&mut sim, "ListImages", input).unwrap();
        ids.extend(page["imageIds"].as_array().unwrap().iter().cloned());
        match page["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    let tags: Vec<&str> = ids
        .iter()
        .map(|i| i["imageTag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["v0", "v1", "v2"]);
}
