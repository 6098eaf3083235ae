//! Unit tests for IAM: ARNs and dates, the evaluator's decisions and
//! explanations, trust, delete conflicts, names and paging.

use super::policy::{PolicyKind, parse_policy};
use super::*;
use crate::config::SimConfig;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::{Command, Response};

const ECS_TASKS_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn sim_with_role(name: &str) -> (Sim, String) {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let Response::CreateRole(out) = sim
        .execute(Command::CreateRole(CreateRoleRequest {
            role_name: name.into(),
            assume_role_policy_document: ECS_TASKS_TRUST.into(),
            ..Default::default()
        }))
        .unwrap()
    else {
        panic!("wrong response");
    };
    (sim, out.role.arn)
}

fn put(sim: &mut Sim, role: &str, name: &str, doc: &str) {
    sim.execute(Command::PutRolePolicy(PutRolePolicyRequest {
        role_name: role.into(),
        policy_name: name.into(),
        policy_document: doc.into(),
    }))
    .unwrap();
}

fn attach(sim: &mut Sim, role: &str, arn: &str) -> Result<Response, ApiError> {
    sim.execute(Command::AttachRolePolicy(RolePolicyArnRequest {
        role_name: role.into(),
        policy_arn: arn.into(),
    }))
}

#[test]
fn role_arns() {
    let (_, arn) = sim_with_role("taskRole");
    assert_eq!(arn, "arn:aws:iam::123456789012:role/taskRole");
}

#[test]
fn unknown_role_is_an_implicit_deny_and_not_trusted() {
    let (sim, _) = sim_with_role("r");
    let ghost = "arn:aws:iam::123456789012:role/ghost";
    assert_eq!(
        sim.role_allows(ghost, "s3:GetObject", "*"),
        Decision::ImplicitDeny
    );
    assert!(!sim.role_trusts(ghost, "ecs-tasks.amazonaws.com"));
}

#[test]
fn managed_policy_grants_with_wildcards() {
    let (mut sim, arn) = sim_with_role("exec");
    assert_eq!(
        sim.role_allows(&arn, "ecr:BatchGetImage", "*"),
        Decision::ImplicitDeny
    );
    attach(
        &mut sim,
        "exec",
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    )
    .unwrap();
    let d = sim.role_allows(
        &arn,
        "ecr:BatchGetImage",
        "arn:aws:ecr:us-east-1:123456789012:repository/web",
    );
    assert!(d.is_allowed(), "{d:?}");
    // Actions are case-insensitive.
    assert!(sim.role_allows(&arn, "ECR:batchgetimage", "*").is_allowed());
    assert_eq!(
        sim.role_allows(&arn, "ecr:PutImage", "*"),
        Decision::ImplicitDeny
    );
    attach(
        &mut sim,
        "exec",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    )
    .unwrap();
    assert!(
        sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::b/k")
            .is_allowed()
    );
    assert!(
        sim.role_allows(&arn, "s3:ListBucket", "arn:aws:s3:::b")
            .is_allowed()
    );
    assert_eq!(
        sim.role_allows(&arn, "s3:PutObject", "arn:aws:s3:::b/k"),
        Decision::ImplicitDeny
    );
}

#[test]
fn explicit_deny_wins_over_any_allow_and_names_its_statement() {
    let (mut sim, arn) = sim_with_role("app");
    attach(
        &mut sim,
        "app",
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    )
    .unwrap();
    put(
        &mut sim,
        "app",
        "no-secret-bucket",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secret*"}]}"#,
    );
    assert!(
        sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/x")
            .is_allowed()
    );
    match sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::secret-data/x") {
        Decision::ExplicitDeny(by) => {
            assert_eq!(by.policy, "no-secret-bucket");
            assert!(by.inline);
            assert_eq!((by.index, by.sid.as_deref()), (1, Some("NoSecrets")));
        }
        other => panic!("expected deny, got {other:?}"),
    }
    match sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/x") {
        Decision::Allowed(by) => {
            assert_eq!(by.policy, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
            assert!(!by.inline);
        }
        other => panic!("expected allow, got {other:?}"),
    }
    // Resource ARNs match case-sensitively.
    assert!(
        sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::SECRET/x")
            .is_allowed()
    );
}

#[test]
fn decisions_explain_themselves() {
    let (mut sim, arn) = sim_with_role("e");
    put(
        &mut sim,
        "e",
        "p",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::private/*"}]}"#,
    );
    let allowed = sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::public/a");
    assert_eq!(allowed.eval_decision(), "allowed");
    assert_eq!(
        allowed.explain("s3:GetObject", "arn:aws:s3:::public/a"),
        "s3:GetObject on arn:aws:s3:::public/a is allowed by statement 1 (Sid Read) of the inline policy p."
    );
    let denied = sim.role_allows(&arn, "s3:GetObject", "arn:aws:s3:::private/a");
    assert_eq!(denied.eval_decision(), "explicitDeny");
    assert!(
        denied
            .explain("x", "y")
            .contains("statement 2 of the inline policy p")
    );
    let none = sim.role_allows(&arn, "s3:PutObject", "arn:aws:s3:::public/a");
    assert_eq!(none.eval_decision(), "implicitDeny");
    assert!(none.explain("s3:PutObject", "r").contains("no statement"));
}

#[test]
fn trust_follows_principals_and_deny() {
    let (mut sim, arn) = sim_with_role("t");
    assert!(sim.role_trusts(&arn, "ecs-tasks.amazonaws.com"));
    assert!(!sim.role_trusts(&arn, "ec2.amazonaws.com"));
    let role = sim.state.roles.get_mut("t").unwrap();
    role.trust = parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":"sts:*"},{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        PolicyKind::Trust,
    )
    .unwrap();
    assert!(sim.role_trusts(&arn, "ecs-tasks.amazonaws.com"));
    assert!(!sim.role_trusts(&arn, "ec2.amazonaws.com"));
}

#[test]
fn delete_conflicts_until_detached() {
    let (mut sim, _) = sim_with_role("busy");
    attach(
        &mut sim,
        "busy",
        "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
    )
    .unwrap();
    let del = |sim: &mut Sim| {
        sim.execute(Command::DeleteRole(RoleNameRequest {
            role_name: "busy".into(),
        }))
    };
    assert_eq!(
        del(&mut sim).unwrap_err().code,
        ErrorCode::DeleteConflictException
    );
    sim.execute(Command::DetachRolePolicy(RolePolicyArnRequest {
        role_name: "busy".into(),
        policy_arn: "arn:aws:iam::aws:policy/AmazonSQSFullAccess".into(),
    }))
    .unwrap();
    assert!(del(&mut sim).is_ok());
    assert_eq!(
        del(&mut sim).unwrap_err().code,
        ErrorCode::NoSuchEntityException
    );
}

#[test]
fn names_are_unique_case_insensitively_and_checked() {
    let (mut sim, _) = sim_with_role("Web");
    let err = sim
        .execute(Command::CreateRole(CreateRoleRequest {
            role_name: "web".into(),
            assume_role_policy_document: ECS_TASKS_TRUST.into(),
            ..Default::default()
        }))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::EntityAlreadyExistsException);
    assert_eq!(err.message, "Role with name Web already exists.");
    for bad in ["", "has space", &"x".repeat(65)] {
        let err = sim
            .execute(Command::CreateRole(CreateRoleRequest {
                role_name: bad.into(),
                assume_role_policy_document: ECS_TASKS_TRUST.into(),
                ..Default::default()
            }))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationError, "{bad}");
    }
}

#[test]
fn markers_page_through_roles() {
    let (mut sim, _) = sim_with_role("a");
    for n in ["b", "c"] {
        sim.execute(Command::CreateRole(CreateRoleRequest {
            role_name: n.into(),
            assume_role_policy_document: ECS_TASKS_TRUST.into(),
            ..Default::default()
        }))
        .unwrap();
    }
    let first = sim
        .list_roles(ListRolesRequest {
            max_items: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(first.roles.len(), 2);
    assert!(first.is_truncated);
    let second = sim
        .list_roles(ListRolesRequest {
            max_items: Some(2),
            marker: first.marker,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(second.roles[0].role_name, "c");
    assert!(!second.is_truncated);
}
