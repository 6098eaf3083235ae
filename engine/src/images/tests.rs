//! References, the docker actions and the pull decision.

#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::command::{Command, Response};
use crate::config::SimConfig;
use crate::ecr::auth::{GetAuthorizationTokenRequest, decode_authorization_token};
use crate::ecr::repository::{CreateRepositoryRequest, ImageTagMutability};

const HOST: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

fn create_repo(sim: &mut Sim, name: &str, mutability: ImageTagMutability) {
    sim.execute(Command::CreateRepository(CreateRepositoryRequest {
        repository_name: name.into(),
        image_tag_mutability: Some(mutability),
        ..Default::default()
    }))
    .unwrap();
}

fn login(sim: &mut Sim) {
    let Response::GetAuthorizationToken(out) = sim
        .execute(Command::GetAuthorizationToken(
            GetAuthorizationTokenRequest::default(),
        ))
        .unwrap()
    else {
        panic!("wrong response");
    };
    let (user, password) =
        decode_authorization_token(&out.authorization_data[0].authorization_token).unwrap();
    assert_eq!(user, "AWS");
    sim.docker_login(HOST, &user, &password).unwrap();
}

#[test]
fn parses_references_as_docker_does() {
    let r = ImageRef::parse("nginx").unwrap();
    assert_eq!(r.canonical(), "docker.io/library/nginx:latest");
    assert_eq!(r.familiar(), "nginx:latest");
    let r = ImageRef::parse("nginxdemos/hello:plain-text").unwrap();
    assert_eq!(r.canonical(), "docker.io/nginxdemos/hello:plain-text");
    let r = ImageRef::parse("public.ecr.aws/nginx/nginx:1.27").unwrap();
    assert_eq!(r.registry, RegistryHost::EcrPublic);
    assert_eq!(r.repository, "nginx/nginx");
    let r = ImageRef::parse(&format!("{HOST}/team-a/web-app:v1")).unwrap();
    assert_eq!(
        r.registry,
        RegistryHost::EcrPrivate {
            account: "123456789012".into(),
            region: "us-east-1".into()
        }
    );
    assert_eq!(r.repository, "team-a/web-app");
    let digest = digest_of("x");
    let r = ImageRef::parse(&format!("{HOST}/web@{digest}")).unwrap();
    assert_eq!(r.reference, Reference::Digest(digest));
    for bad in [
        "",
        "Nginx",
        "nginx:",
        "nginx:bad tag",
        "web@sha256:123",
        "a//b",
        "-x",
    ] {
        assert_eq!(ImageRef::parse(bad), None, "{bad}");
    }
}

#[test]
fn pull_duration_grows_with_size_around_the_model_baseline() {
    // MODEL (section 13): PENDING→RUNNING 20 s including the pull.
    assert_eq!(
        pull_duration(TYPICAL_IMAGE_BYTES).as_millis() + CONTAINER_START.as_millis(),
        20_000
    );
    assert!(pull_duration(2_200_000) < pull_duration(TYPICAL_IMAGE_BYTES));
    assert!(pull_duration(150_000_000) > pull_duration(TYPICAL_IMAGE_BYTES));
    assert_eq!(pull_duration(0), PULL_FIXED);
}

#[test]
fn push_needs_login_repository_and_respects_immutability() {
    let mut sim = sim();
    let uri = format!("{HOST}/web");
    sim.docker_build("web:1", "nginx:alpine", 5).unwrap();
    sim.docker_tag("web:1", &format!("{uri}:latest")).unwrap();
    // Not logged in.
    let err = sim.docker_push(&format!("{uri}:latest")).unwrap_err();
    assert_eq!(err.message, "no basic auth credentials");
    login(&mut sim);
    // No repository (F10.8).
    let err = sim.docker_push(&format!("{uri}:latest")).unwrap_err();
    assert_eq!(err.code, Some(ErrorCode::RepositoryNotFoundException));
    assert!(
        err.message.contains(
            "The repository with name 'web' does not exist in the registry with id '123456789012'"
        ),
        "{}",
        err.message
    );
    create_repo(&mut sim, "web", ImageTagMutability::Immutable);
    let first = sim.docker_push(&format!("{uri}:latest")).unwrap();
    // Same image again: nothing changes.
    let again = sim.docker_push(&format!("{uri}:latest")).unwrap();
    assert_eq!(again.digest, first.digest);
    assert!(again.lines.contains(&"Layer already exists".to_owned()));
    // A new build under the same tag: refused (F10.3).
    sim.docker_build(&format!("{uri}:latest"), "nginx:alpine", 6)
        .unwrap();
    let err = sim.docker_push(&format!("{uri}:latest")).unwrap_err();
    assert_eq!(err.code, Some(ErrorCode::ImageTagAlreadyExistsException));
    assert_eq!(sim.state.ecr.repositories["web"].images.len(), 1);
    // The token expires after 12 hours (F10.9).
    sim.advance(SimDuration::hours(12));
    sim.docker_build(&format!("{uri}:v2"), "nginx:alpine", 6)
        .unwrap();
    let err = sim.docker_push(&format!("{uri}:v2")).unwrap_err();
    assert!(
        err.message.contains("authorization token has expired"),
        "{}",
        err.message
    );
}

#[test]
fn mutable_repush_moves_the_tag_and_leaves_the_old_image_untagged() {
    let mut sim = sim();
    let uri = format!("{HOST}/web");
    login(&mut sim);
    create_repo(&mut sim, "web", ImageTagMutability::Mutable);
    let a = sim
        .docker_build(&format!("{uri}:latest"), "nginx", 1)
        .unwrap();
    sim.docker_push(&format!("{uri}:latest")).unwrap();
    let b = sim
        .docker_build(&format!("{uri}:latest"), "nginx", 2)
        .unwrap();
    assert_ne!(a.digest, b.digest);
    sim.docker_push(&format!("{uri}:latest")).unwrap();
    let repo = &sim.state.ecr.repositories["web"];
    assert!(repo.images[&a.digest].tags.is_empty());
    assert!(repo.images[&b.digest].tags.contains("latest"));
    assert_eq!(
        repo.images[&b.digest].size_bytes,
        72_000_000 + 2_000_000,
        "nginx:latest plus 2 MB of layers"
    );
    sim.check_invariants().unwrap();
}

#[test]
fn pull_decisions_give_the_f1_10_reasons() {
    let mut sim = sim();
    let allow = |_: &str, _: &str| true;
    let deny_batch = |action: &str, _: &str| action != "ecr:BatchGetImage";
    let role = Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
    // Public images need no role.
    let p = sim
        .resolve_image_pull("nginx:alpine", None, &allow, true)
        .unwrap();
    assert_eq!(p.registry, Registry::DockerHub);
    let p = sim
        .resolve_image_pull(
            "public.ecr.aws/docker/library/httpd:2.4",
            None,
            &allow,
            true,
        )
        .unwrap();
    assert_eq!(p.registry, Registry::EcrPublic);
    assert_eq!(
        p.digest,
        sim.resolve_image_pull("httpd:latest", None, &allow, true)
            .unwrap()
            .digest,
        "the mirror serves the same image, and httpd:latest is httpd:2.4"
    );
    let reason = |r: Result<PulledImage, PullFailure>| r.unwrap_err().stopped_reason;
    // No route (F1.10).
    assert_eq!(
        reason(sim.resolve_image_pull(&format!("{HOST}/web:latest"), role, &allow, false)),
        format!(
            "CannotPullContainerError: API error (500): Get https://{HOST}/v2/: net/http: request canceled while waiting for connection"
        )
    );
    // Repository missing (F1.10).
    assert_eq!(
        reason(sim.resolve_image_pull(&format!("{HOST}/web:latest"), role, &allow, true)),
        format!("CannotPullContainerError: API error (404): repository {HOST}/web not found")
    );
    create_repo(&mut sim, "web", ImageTagMutability::Mutable);
    login(&mut sim);
    let built = sim
        .docker_build(&format!("{HOST}/web:v1"), "nginx", 3)
        .unwrap();
    sim.docker_push(&format!("{HOST}/web:v1")).unwrap();
    // Tag missing (F1.10, containerd form).
    let r = reason(sim.resolve_image_pull(&format!("{HOST}/web:v9"), role, &allow, true));
    assert!(r.starts_with("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref"), "{r}");
    assert!(r.ends_with(&format!("{HOST}/web:v9: not found")), "{r}");
    // Role without ecr:BatchGetImage.
    let r = reason(sim.resolve_image_pull(&format!("{HOST}/web:v1"), role, &deny_batch, true));
    assert!(r.contains("is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:123456789012:repository/web"), "{r}");
    // No role at all.
    let r = reason(sim.resolve_image_pull(&format!("{HOST}/web:v1"), None, &allow, true));
    assert!(r.contains("no basic auth credentials"), "{r}");
    // Success, by tag and by digest.
    let ok = sim
        .resolve_image_pull(&format!("{HOST}/web:v1"), role, &allow, true)
        .unwrap();
    assert_eq!(ok.digest, built.digest);
    assert_eq!(
        ok.registry,
        Registry::EcrPrivate {
            account: "123456789012".into(),
            repo: "web".into()
        }
    );
    let by_digest = sim
        .resolve_image_pull(&format!("{HOST}/web@{}", built.digest), role, &allow, true)
        .unwrap();
    assert_eq!(by_digest.size_bytes, ok.size_bytes);
    // Unknown public images.
    let r = reason(sim.resolve_image_pull("nosuchimage/really", None, &allow, true));
    assert!(r.contains("repository does not exist"), "{r}");
    let r = reason(sim.resolve_image_pull("nginx:0.1", None, &allow, true));
    assert!(r.contains("docker.io/library/nginx:0.1: not found"), "{r}");
}

#[test]
fn docker_pull_messages() {
    let mut sim = sim();
    let out = sim.docker_pull("nginxdemos/hello:plain-text").unwrap();
    assert!(out.lines.iter().any(|l| l.starts_with("Digest: sha256:")));
    assert!(
        sim.docker_images()
            .iter()
            .any(|(n, _, _)| n == "nginxdemos/hello:plain-text")
    );
    let err = sim.docker_pull(&format!("{HOST}/web:latest")).unwrap_err();
    assert!(
        err.message.contains("no basic auth credentials"),
        "{}",
        err.message
    );
    login(&mut sim);
    let err = sim.docker_pull(&format!("{HOST}/web:latest")).unwrap_err();
    // F10.8 (ECRUG:common-errors-docker).
    assert_eq!(
        err.message,
        format!(
            "Error response from daemon: repository {HOST}/web not found: name unknown: The repository with name 'web' does not exist in the registry with id '123456789012'"
        )
    );
    create_repo(&mut sim, "web", ImageTagMutability::Mutable);
    let err = sim.docker_pull(&format!("{HOST}/web:latest")).unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "Error response from daemon: manifest for {HOST}/web:latest not found: manifest unknown: Requested image not found"
        )
    );
    let err = sim.docker_login(HOST, "AWS", "wrong").unwrap_err();
    assert!(err.message.contains("400 Bad Request"), "{}", err.message);
}

#[test]
fn put_image_retags_by_manifest_with_f10_3_errors() {
    use crate::ecr::ImageIdentifier;
    use crate::ecr::images::{BatchGetImageRequest, PutImageRequest};
    use crate::ecr::repository::PutImageTagMutabilityRequest;
    let mut sim = sim();
    login(&mut sim);
    create_repo(&mut sim, "web", ImageTagMutability::Mutable);
    let v1 = sim
        .docker_build(&format!("{HOST}/web:v1"), "busybox", 1)
        .unwrap();
    sim.docker_push(&format!("{HOST}/web:v1")).unwrap();
    sim.docker_build(&format!("{HOST}/web:stable"), "busybox", 2)
        .unwrap();
    sim.docker_push(&format!("{HOST}/web:stable")).unwrap();
    let Response::BatchGetImage(got) = sim
        .execute(Command::BatchGetImage(BatchGetImageRequest {
            registry_id: None,
            repository_name: "web".into(),
            image_ids: vec![ImageIdentifier {
                image_digest: None,
                image_tag: Some("v1".into()),
            }],
            accepted_media_types: vec![],
        }))
        .unwrap()
    else {
        panic!("wrong response");
    };
    let manifest = got.images[0].image_manifest.clone();
    let put = |sim: &mut Sim, tag: &str, manifest: &str| {
        sim.execute(Command::PutImage(PutImageRequest {
            registry_id: None,
            repository_name: "web".into(),
            image_manifest: manifest.into(),
            image_manifest_media_type: None,
            image_tag: Some(tag.into()),
            image_digest: None,
        }))
    };
    put(&mut sim, "prod", &manifest).unwrap();
    let tags = &sim.state.ecr.repositories["web"].images[&v1.digest].tags;
    assert_eq!(
        tags.iter().map(String::as_str).collect::<Vec<_>>(),
        ["prod", "v1"]
    );
    let err = put(&mut sim, "prod", &manifest).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImageAlreadyExistsException);
    sim.execute(Command::PutImageTagMutability(
        PutImageTagMutabilityRequest {
            registry_id: None,
            repository_name: "web".into(),
            image_tag_mutability: ImageTagMutability::Immutable,
            image_tag_mutability_exclusion_filters: vec![],
        },
    ))
    .unwrap();
    let err = put(&mut sim, "stable", &manifest).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImageTagAlreadyExistsException);
    assert_eq!(
        err.message,
        "The specified image is tagged with a tag that already exists. The repository is configured for tag immutability."
    );
    let err = put(&mut sim, "new", "{\"schemaVersion\":2}").unwrap_err();
    assert_eq!(err.code, ErrorCode::UnsupportedFeatureException);
    sim.check_invariants().unwrap();
}

#[test]
fn exclusion_filters_make_matching_tags_the_exception() {
    use crate::ecr::repository::{ImageTagMutabilityExclusionFilter, PutImageTagMutabilityRequest};
    let mut sim = sim();
    login(&mut sim);
    create_repo(&mut sim, "web", ImageTagMutability::Mutable);
    let set = |sim: &mut Sim, m: ImageTagMutability, filter: &str| {
        sim.execute(Command::PutImageTagMutability(
            PutImageTagMutabilityRequest {
                registry_id: None,
                repository_name: "web".into(),
                image_tag_mutability: m,
                image_tag_mutability_exclusion_filters: vec![ImageTagMutabilityExclusionFilter {
                    filter_type: "WILDCARD".into(),
                    filter: filter.into(),
                }],
            },
        ))
        .unwrap();
    };
    let push_new = |sim: &mut Sim, tag: &str, mb: u64| {
        sim.docker_build(&format!("{HOST}/web:{tag}"), "busybox", mb)
            .unwrap();
        sim.docker_push(&format!("{HOST}/web:{tag}"))
    };
    // IMMUTABLE except `latest*`.
    set(
        &mut sim,
        ImageTagMutability::ImmutableWithExclusion,
        "latest*",
    );
    push_new(&mut sim, "latest", 1).unwrap();
    push_new(&mut sim, "latest", 2).unwrap();
    push_new(&mut sim, "v1", 3).unwrap();
    let err = push_new(&mut sim, "v1", 4).unwrap_err();
    assert_eq!(err.code, Some(ErrorCode::ImageTagAlreadyExistsException));
    // MUTABLE except `release-*`.
    set(
        &mut sim,
        ImageTagMutability::MutableWithExclusion,
        "release-*",
    );
    push_new(&mut sim, "v1", 5).unwrap();
    push_new(&mut sim, "release-1", 6).unwrap();
    let err = push_new(&mut sim, "release-1", 7).unwrap_err();
    assert_eq!(err.code, Some(ErrorCode::ImageTagAlreadyExistsException));
}

#[test]
fn f1_10_texts_for_failures_the_task_code_decides() {
    assert_eq!(
        PullFailure::no_space_left().stopped_reason,
        "CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device"
    );
    assert!(
        PullFailure::docker_hub_rate_limited()
            .stopped_reason
            .ends_with("ERROR: toomanyrequests: Too Many Requests.")
    );
}
