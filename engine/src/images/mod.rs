//! Container images outside the ECR API: references, digests, the public
//! image catalogue, the learner's simulated `docker` (build, tag, login,
//! push, pull), and the pull decision ECS tasks use.
//!
//! ## Docker actions (not AWS API actions; the CLI maps `docker …` lines here)
//! A [`Docker`] goes in through [`Sim::apply`] as
//! [`Input::Docker`](crate::Input::Docker):
//! - [`Docker::Build`]`{ tag, from, size_mb }` — `docker build -t tag`
//!   of a Dockerfile `FROM from` whose own layers add `size_mb` MB.
//! - [`Docker::Tag`]`{ source, target }` — `docker tag source target`.
//! - [`Docker::Login`]`{ registry, username, password }` —
//!   `aws ecr get-login-password | docker login --username AWS
//!   --password-stdin <registry>`: the password must be a live token from
//!   GetAuthorizationToken (valid 12 h, F10.9).
//! - [`Docker::Push`]`{ image }` — pushes to this account's ECR: needs
//!   a live login, an existing repository, and respects tag immutability
//!   (F10.3) and scan on push (F10.5).
//! - [`Docker::Pull`]`{ image }` — from Docker Hub or ECR Public (the
//!   catalogue) or this account's ECR (needs a login).
//! - [`Sim::docker_images`] (a read) — `docker images`.
//!
//! Each returns [`DockerOutput`] (the lines `docker` prints) or a
//! [`DockerError`] (what it prints on stderr, plus the ECR error code when
//! ECR refused, e.g. `ImageTagAlreadyExistsException`).
//!
//! ## The pull decision for ECS tasks (the contract with the task code)
//! [`Sim::resolve_image_pull`] says whether a task's container image can be
//! pulled, and if not gives the exact `stoppedReason` (F1.10);
//! [`pull_duration`] says how long the pull takes (MODEL).

pub mod catalogue;
pub mod digest;

use crate::base::arn::LastSegment;
use crate::error::ErrorCode;
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub use digest::{digest_of, is_sha256_digest};

// ------------------------------------------------------------ references ---

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reference {
    Tag(String),
    Digest(String),
}

/// Where an image reference points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RegistryHost {
    /// `docker.io` (also written `registry-1.docker.io`, `index.docker.io`,
    /// or left out).
    DockerHub,
    /// `public.ecr.aws` (F10.1).
    EcrPublic,
    /// `<account>.dkr.ecr.<region>.amazonaws.com` (F10.1).
    EcrPrivate {
        account: String,
        region: String,
    },
    Other(String),
}

/// A parsed image reference: `[registry/]repository[:tag|@digest]`
/// (F4.9, F10.1). A missing tag means `latest`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageRef {
    pub registry: RegistryHost,
    /// The repository path: `library/nginx`, `team-a/web-app`.
    pub repository: String,
    pub reference: Reference,
}

fn valid_path_component(part: &str) -> bool {
    // Docker's path-component rule, the same as ECR's (F10.2).
    crate::ecr::repository::is_valid_component(part)
}

fn valid_tag(tag: &str) -> bool {
    // `[\w][\w.-]{0,127}`
    let mut chars = tag.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    first_ok && tag.len() <= 128 && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

impl ImageRef {
    /// Parses what `docker` and a task definition's `image` accept.
    pub fn parse(text: &str) -> Option<ImageRef> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) {
            return None;
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                if !is_sha256_digest(digest) {
                    return None;
                }
                (rest, Some(digest.to_owned()))
            }
            None => (text, None),
        };
        let (host, path) = match rest.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first), path)
            }
            _ => (None, rest),
        };
        let (path, tag) = match path.rsplit_once(':') {
            Some((p, t)) if !t.contains('/') => (p, Some(t)),
            _ => (path, None),
        };
        if let Some(t) = tag
            && !valid_tag(t)
        {
            return None;
        }
        if !path.split('/').all(valid_path_component) {
            return None;
        }
        let registry = match host {
            None | Some("docker.io" | "registry-1.docker.io" | "index.docker.io") => {
                RegistryHost::DockerHub
            }
            Some("public.ecr.aws") => RegistryHost::EcrPublic,
            Some(h) => match parse_ecr_host(h) {
                Some((account, region)) => RegistryHost::EcrPrivate { account, region },
                None => RegistryHost::Other(h.to_owned()),
            },
        };
        let repository = if registry == RegistryHost::DockerHub && !path.contains('/') {
            ["library/", path].concat()
        } else {
            path.to_owned()
        };
        let reference = match (digest, tag) {
            (Some(d), _) => Reference::Digest(d),
            (None, Some(t)) => Reference::Tag(t.to_owned()),
            (None, None) => Reference::Tag("latest".to_owned()),
        };
        Some(ImageRef {
            registry,
            repository,
            reference,
        })
    }

    pub fn host(&self) -> String {
        self.host_name().into_owned()
    }

    fn host_name(&self) -> std::borrow::Cow<'_, str> {
        match &self.registry {
            RegistryHost::DockerHub => "docker.io".into(),
            RegistryHost::EcrPublic => "public.ecr.aws".into(),
            RegistryHost::EcrPrivate { account, region } => {
                format!("{account}.dkr.ecr.{region}.amazonaws.com").into()
            }
            RegistryHost::Other(h) => h.as_str().into(),
        }
    }

    /// `host/repository`.
    pub fn repository_uri(&self) -> String {
        [&self.host_name(), "/", self.repository.as_str()].concat()
    }

    /// The full canonical reference: `docker.io/library/nginx:latest`.
    pub fn canonical(&self) -> String {
        let (separator, reference) = match &self.reference {
            Reference::Tag(t) => (":", t),
            Reference::Digest(d) => ("@", d),
        };
        [
            &self.host_name(),
            "/",
            self.repository.as_str(),
            separator,
            reference,
        ]
        .concat()
    }

    /// As `docker` shows it: Docker Hub official images without
    /// `docker.io/library/`.
    pub fn familiar(&self) -> String {
        let canonical = self.canonical();
        canonical
            .strip_prefix("docker.io/library/")
            .or_else(|| canonical.strip_prefix("docker.io/"))
            .map(str::to_owned)
            .unwrap_or(canonical)
    }

    fn tag(&self) -> Option<&str> {
        match &self.reference {
            Reference::Tag(t) => Some(t),
            Reference::Digest(_) => None,
        }
    }
}

/// `<12 digits>.dkr.ecr.<region>.amazonaws.com` → (account, region).
fn parse_ecr_host(host: &str) -> Option<(String, String)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (account, region) = rest.split_once(".dkr.ecr.")?;
    let ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    (ok && !region.is_empty()).then(|| (account.to_owned(), region.to_owned()))
}

// ---------------------------------------------------------- local docker ---

/// An image in the learner's local Docker engine.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalImage {
    pub digest: String,
    pub size_bytes: u64,
    /// The catalogue image at the bottom of its layers (for scan findings).
    pub base: String,
    /// Canonical references pointing at it (`docker.io/library/web:latest`).
    pub tags: BTreeSet<String>,
}

/// The learner's Docker engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalDocker {
    /// By digest.
    pub images: BTreeMap<String, LocalImage>,
    /// Registry host → when the login's token expires.
    pub logins: BTreeMap<String, SimTime>,
    pub builds: u64,
}

impl LocalDocker {
    fn find(&self, canonical: &str) -> Option<&LocalImage> {
        self.images.values().find(|i| i.tags.contains(canonical))
    }

    /// Points `canonical` at `digest`, taking it off any other image.
    fn set_tag(&mut self, canonical: &str, digest: &str) {
        for image in self.images.values_mut() {
            image.tags.remove(canonical);
        }
        if let Some(image) = self.images.get_mut(digest) {
            image.tags.insert(canonical.to_owned());
        }
    }
}

/// A command to the learner's simulated Docker client: the Docker part of
/// [`Input`](crate::Input).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "docker",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Docker {
    /// `docker build -t TAG .` of a Dockerfile `FROM from` whose own
    /// layers add `size_mb` MB.
    Build {
        tag: String,
        from: String,
        size_mb: u64,
    },
    /// `docker tag SOURCE TARGET`.
    Tag { source: String, target: String },
    /// `docker login --username USER --password-stdin REGISTRY`.
    Login {
        registry: String,
        username: String,
        password: String,
    },
    /// `docker push IMAGE`.
    Push { image: String },
    /// `docker pull IMAGE`.
    Pull { image: String },
}

impl Docker {
    /// The `docker` words this stands for (the password is not shown).
    pub fn describe(&self) -> String {
        match self {
            Docker::Build { tag, from, size_mb } => {
                format!("docker build -t {tag} . (FROM {from}, +{size_mb} MB)")
            }
            Docker::Tag { source, target } => format!("docker tag {source} {target}"),
            Docker::Login {
                registry, username, ..
            } => {
                format!("docker login --username {username} --password-stdin {registry}")
            }
            Docker::Push { image } => format!("docker push {image}"),
            Docker::Pull { image } => format!("docker pull {image}"),
        }
    }
}

impl Sim {
    /// Runs a [`Docker`] command (called by [`Sim::apply`]).
    pub(crate) fn run_docker(&mut self, docker: &Docker) -> Result<DockerOutput, DockerError> {
        match docker {
            Docker::Build { tag, from, size_mb } => self.docker_build(tag, from, *size_mb),
            Docker::Tag { source, target } => self.docker_tag(source, target),
            Docker::Login {
                registry,
                username,
                password,
            } => self.docker_login(registry, username, password),
            Docker::Push { image } => self.docker_push(image),
            Docker::Pull { image } => self.docker_pull(image),
        }
    }
}

/// What a `docker` command prints on success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerOutput {
    pub lines: Vec<String>,
    /// The digest of the image built, pushed or pulled.
    pub digest: String,
}

/// What a `docker` command prints on failure, and the ECR error behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerError {
    pub message: String,
    pub code: Option<ErrorCode>,
}

fn docker_error(message: impl Into<String>) -> DockerError {
    DockerError {
        message: message.into(),
        code: None,
    }
}

fn invalid_reference(text: &str) -> DockerError {
    docker_error(format!(
        "invalid reference format: '{text}' is not an image reference ([registry/]repository[:tag|@sha256:digest], lowercase)"
    ))
}

// -------------------------------------------------------------- pulling ---

/// Where a pulled image came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registry {
    DockerHub,
    EcrPrivate { account: String, repo: String },
    EcrPublic,
}

/// A successful pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledImage {
    pub digest: String,
    pub size_bytes: u64,
    pub registry: Registry,
    /// The canonical reference pulled (`docker.io/library/nginx:latest`).
    pub image: String,
    /// The catalogue image a public pull resolved to (Docker Hub, ECR
    /// Public; the one with `digest`), for what it serves.
    pub catalogue: Option<&'static catalogue::CatalogueImage>,
}

/// A failed pull: the task's `stoppedReason` (F1.10; stopCode
/// `TaskFailedToStart`, F1.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullFailure {
    pub stopped_reason: String,
}

/// MODEL: fixed part of a pull (registry auth, manifest) …
pub const PULL_FIXED: SimDuration = SimDuration::seconds(7);
/// MODEL: … plus download at this rate (bytes per second).
pub const PULL_BYTES_PER_SECOND: u64 = 8_000_000;
/// MODEL: a typical web image (nginx-sized, compressed).
pub const TYPICAL_IMAGE_BYTES: u64 = 64_000_000;
/// MODEL: container creation and start after the pull. With a typical image,
/// `pull_duration(TYPICAL_IMAGE_BYTES) + CONTAINER_START` is 20 s, the MODEL
/// row "PENDING→RUNNING 20 s incl. pull" (section 13).
pub const CONTAINER_START: SimDuration = SimDuration::seconds(5);

/// MODEL: how long pulling an image of `size_bytes` takes: [`PULL_FIXED`] +
/// size / [`PULL_BYTES_PER_SECOND`] (15 s for a typical 64 MB image; 7.3 s
/// for busybox; 25.75 s for postgres). The task code adds
/// [`CONTAINER_START`]. Images are pulled at every task start (F4.9).
pub fn pull_duration(size_bytes: u64) -> SimDuration {
    let download_ms = size_bytes.saturating_mul(1000) / PULL_BYTES_PER_SECOND;
    SimDuration::millis(PULL_FIXED.as_millis().saturating_add(download_ms))
}

impl PullFailure {
    /// F1.10: the container instance's Docker volume is full (EC2).
    pub fn no_space_left() -> PullFailure {
        cannot_pull("write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device")
    }

    /// F1.10: Docker Hub's pull rate limit.
    pub fn docker_hub_rate_limited() -> PullFailure {
        PullFailure {
            stopped_reason: "CannotPullContainerError: ERROR: toomanyrequests: Too Many Requests."
                .to_owned(),
        }
    }
}

fn cannot_pull(detail: impl std::fmt::Display) -> PullFailure {
    PullFailure {
        stopped_reason: format!("CannotPullContainerError: {detail}"),
    }
}

fn role_name(role_arn: &str) -> &str {
    role_arn.last_segment()
}

impl Sim {
    /// Can a task pull `image` (its container definition's `image`, F4.9)?
    ///
    /// - `execution_role_arn`: the task's execution role (or, on EC2 without
    ///   one, the container instance's role) — needed for this account's
    ///   private ECR (F4.8);
    /// - `role_can(action, resource)`: whether that role's policies allow
    ///   the IAM action on the resource (the IAM module answers; tests pass a
    ///   closure). Checked: `ecr:GetAuthorizationToken` on `*`, then
    ///   `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on the
    ///   repository ARN (the actions of AmazonECSTaskExecutionRolePolicy,
    ///   F4.8);
    /// - `can_reach_registry`: whether the task's network reaches the
    ///   registry (public IP or NAT, or VPC endpoints) — F1.10 "no route".
    ///
    /// Failures give the `stoppedReason` texts of F1.10: no route (API error
    /// 500 … request canceled while waiting for connection), repository not
    /// found (API error 404), tag not found (the containerd "failed to
    /// resolve ref" form) and access denied.
    ///
    /// A tag is resolved to a digest at pull time: the task should keep
    /// `PulledImage::digest`; pushing the tag again later does not change
    /// running tasks (F4.9) — only new tasks (e.g. after
    /// forceNewDeployment) pull the new image. Pure: call
    /// [`Sim::record_image_pull`] when the pull completes.
    pub fn resolve_image_pull(
        &self,
        image: &str,
        execution_role_arn: Option<&str>,
        role_can: &dyn Fn(&str, &str) -> bool,
        can_reach_registry: bool,
    ) -> Result<PulledImage, PullFailure> {
        let Some(r) = ImageRef::parse(image) else {
            return Err(cannot_pull(format!("invalid reference format: '{image}'")));
        };
        if !can_reach_registry {
            let endpoint = match &r.registry {
                RegistryHost::DockerHub => "https://registry-1.docker.io/v2/".to_owned(),
                _ => format!("https://{}/v2/", r.host()),
            };
            return Err(cannot_pull(format!(
                "API error (500): Get {endpoint}: net/http: request canceled while waiting for connection"
            )));
        }
        let not_resolved = |r: &ImageRef| {
            let reference = r.canonical();
            cannot_pull(format!(
                "pull image manifest has been retried 5 time(s): failed to resolve ref \"{reference}\": {reference}: not found"
            ))
        };
        match &r.registry {
            RegistryHost::DockerHub | RegistryHost::EcrPublic => {
                let hub_path = if r.registry == RegistryHost::EcrPublic {
                    catalogue::public_ecr_mirror(&r.repository)
                } else {
                    catalogue::repository_exists(&r.repository).then(|| r.repository.clone())
                };
                let Some(hub_path) = hub_path else {
                    return Err(cannot_pull(format!(
                        "pull access denied for {}, repository does not exist or may require 'docker login'",
                        r.repository_uri()
                    )));
                };
                // A tag removed by a fault (engine/src/faults.rs) is gone.
                let removed = &self.state.faults.removed_public_tags;
                if !removed.is_empty() && removed.contains(&r.canonical()) {
                    return Err(not_resolved(&r));
                }
                let found =
                    catalogue::find(&hub_path, &r.reference).ok_or_else(|| not_resolved(&r))?;
                Ok(PulledImage {
                    digest: found.digest.clone(),
                    size_bytes: found.size_bytes,
                    registry: if r.registry == RegistryHost::EcrPublic {
                        Registry::EcrPublic
                    } else {
                        Registry::DockerHub
                    },
                    image: r.canonical(),
                    catalogue: Some(found),
                })
            }
            RegistryHost::Other(host) => Err(cannot_pull(format!(
                "API error (500): Get https://{host}/v2/: dial tcp: lookup {host}: no such host (the simulator knows Docker Hub, ECR Public and this account's ECR)"
            ))),
            RegistryHost::EcrPrivate { account, region } => {
                let repo_missing = || {
                    cannot_pull(format!(
                        "API error (404): repository {} not found",
                        r.repository_uri()
                    ))
                };
                if account != &self.config.account_id || region != &self.config.region {
                    // One account and region are simulated: other registries
                    // hold nothing.
                    return Err(repo_missing());
                }
                let Some(role) = execution_role_arn else {
                    return Err(cannot_pull(format!(
                        "Error response from daemon: Head \"https://{}/v2/{}/manifests/{}\": no basic auth credentials (the task has no execution role to authenticate to Amazon ECR)",
                        r.host(),
                        r.repository,
                        r.tag().unwrap_or("latest")
                    )));
                };
                let repo_arn = self
                    .arns
                    .arn("ecr", &format!("repository/{}", r.repository));
                let denied = |action: &str, resource: &str| {
                    // Wording UNCONFIRMED (not in aws-behaviour.md): the IAM
                    // AccessDeniedException form.
                    cannot_pull(format!(
                        "AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{}/ecs-task is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action",
                        self.config.account_id,
                        role_name(role)
                    ))
                };
                if !role_can("ecr:GetAuthorizationToken", "*") {
                    return Err(denied("ecr:GetAuthorizationToken", "*"));
                }
                let Some(repo) = self.state.ecr.repositories.get(&r.repository) else {
                    return Err(repo_missing());
                };
                for action in ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] {
                    if !role_can(action, &repo_arn) {
                        return Err(denied(action, &repo_arn));
                    }
                }
                let found = repo.images.values().find(|i| match &r.reference {
                    Reference::Tag(t) => i.tags.contains(t),
                    Reference::Digest(d) => &i.digest == d,
                });
                let found = found.ok_or_else(|| not_resolved(&r))?;
                Ok(PulledImage {
                    digest: found.digest.clone(),
                    size_bytes: found.size_bytes,
                    registry: Registry::EcrPrivate {
                        account: account.clone(),
                        repo: r.repository.clone(),
                    },
                    image: r.canonical(),
                    catalogue: None,
                })
            }
        }
    }

    /// Records a successful pull from this account's ECR as the image's
    /// `lastRecordedPullTime` (DescribeImages). The task code calls it when
    /// a task's pull completes; `docker pull` calls it too.
    pub(crate) fn record_image_pull(&mut self, pulled: &PulledImage) {
        let now = self.now;
        if let Registry::EcrPrivate { repo, .. } = &pulled.registry
            && let Some(image) = self
                .state
                .ecr
                .repositories
                .get_mut(repo)
                .and_then(|r| r.images.get_mut(&pulled.digest))
        {
            image.last_pulled_at = Some(now);
        }
    }

    // --------------------------------------------------------- docker ---

    /// `docker build -t <tag> .` with a Dockerfile `FROM <base_image>` whose
    /// own instructions add `size_mb` MB of layers. The base is taken from
    /// the local images or pulled from the public catalogue. Every build
    /// gives a new digest (an image's config records when it was built).
    pub(crate) fn docker_build(
        &mut self,
        tag: &str,
        base_image: &str,
        size_mb: u64,
    ) -> Result<DockerOutput, DockerError> {
        let target = ImageRef::parse(tag).ok_or_else(|| invalid_reference(tag))?;
        if matches!(target.reference, Reference::Digest(_)) {
            return Err(docker_error(format!(
                "invalid tag \"{tag}\": a build is tagged with a name and tag, not a digest"
            )));
        }
        let base = ImageRef::parse(base_image).ok_or_else(|| invalid_reference(base_image))?;
        let (base_digest, base_size, base_root) = match self
            .state
            .ecr
            .docker
            .find(&base.canonical())
        {
            Some(local) => (local.digest.clone(), local.size_bytes, local.base.clone()),
            None => match self.resolve_image_pull(base_image, None, &|_, _| false, true) {
                Ok(pulled) => (pulled.digest.clone(), pulled.size_bytes, pulled.digest),
                Err(_) => {
                    let c = base.canonical();
                    return Err(docker_error(format!(
                        "ERROR: failed to solve: {}: failed to resolve source metadata for {c}: {c}: not found",
                        base.familiar()
                    )));
                }
            },
        };
        let added = size_mb.saturating_mul(1_000_000);
        self.state.ecr.docker.builds += 1;
        let digest = digest_of(&format!(
            "build #{} at {} FROM {base_digest} adding {added} bytes as {}",
            self.state.ecr.docker.builds,
            self.now.0,
            target.canonical()
        ));
        let image = LocalImage {
            digest: digest.clone(),
            size_bytes: base_size.saturating_add(added),
            base: base_root,
            tags: BTreeSet::new(),
        };
        self.state.ecr.docker.images.insert(digest.clone(), image);
        self.state.ecr.docker.set_tag(&target.canonical(), &digest);
        Ok(DockerOutput {
            lines: vec![
                format!(" => [1/2] FROM {}", base.canonical()),
                format!(" => [2/2] adding {size_mb} MB of layers"),
                format!(" => => writing image {digest}"),
                format!(" => => naming to {}", target.canonical()),
            ],
            digest,
        })
    }

    /// `docker tag <source> <target>`.
    pub(crate) fn docker_tag(
        &mut self,
        source: &str,
        target: &str,
    ) -> Result<DockerOutput, DockerError> {
        let s = ImageRef::parse(source).ok_or_else(|| invalid_reference(source))?;
        let t = ImageRef::parse(target).ok_or_else(|| invalid_reference(target))?;
        if matches!(t.reference, Reference::Digest(_)) {
            return Err(invalid_reference(target));
        }
        let digest = match &s.reference {
            Reference::Digest(d) if self.state.ecr.docker.images.contains_key(d) => d.clone(),
            _ => self
                .state
                .ecr
                .docker
                .find(&s.canonical())
                .map(|i| i.digest.clone())
                .ok_or_else(|| {
                    docker_error(format!(
                        "Error response from daemon: No such image: {}",
                        s.familiar()
                    ))
                })?,
        };
        self.state.ecr.docker.set_tag(&t.canonical(), &digest);
        Ok(DockerOutput {
            lines: Vec::new(),
            digest,
        })
    }

    /// `aws ecr get-login-password | docker login --username AWS
    /// --password-stdin <registry>`.
    pub(crate) fn docker_login(
        &mut self,
        registry: &str,
        username: &str,
        password: &str,
    ) -> Result<DockerOutput, DockerError> {
        let host = registry
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_owned();
        if host == "public.ecr.aws" {
            return Err(docker_error(
                "Pulls from public.ecr.aws need no login in the simulator; `aws ecr-public get-login-password` is not simulated.",
            ));
        }
        if host != self.ecr_registry_host() {
            return Err(docker_error(format!(
                "Error response from daemon: Get \"https://{host}/v2/\": the simulator can log in only to this account's registry, {}",
                self.ecr_registry_host()
            )));
        }
        let expires = self.state.ecr.tokens.get(password).copied();
        match expires {
            Some(expires) if username == "AWS" && expires > self.now => {
                self.state.ecr.docker.logins.insert(host, expires);
                Ok(DockerOutput {
                    lines: vec!["Login Succeeded".to_owned()],
                    digest: String::new(),
                })
            }
            _ => Err(docker_error(format!(
                "Error response from daemon: login attempt to https://{host}/v2/ failed with status: 400 Bad Request"
            ))),
        }
    }

    /// `docker push <local_ref>` to this account's ECR.
    pub(crate) fn docker_push(&mut self, local_ref: &str) -> Result<DockerOutput, DockerError> {
        let r = ImageRef::parse(local_ref).ok_or_else(|| invalid_reference(local_ref))?;
        let Some(tag) = r.tag().map(str::to_owned) else {
            return Err(invalid_reference(local_ref));
        };
        let Some(local) = self.state.ecr.docker.find(&r.canonical()).cloned() else {
            return Err(docker_error(format!(
                "An image does not exist locally with the tag: {}",
                r.familiar().trim_end_matches(":latest")
            )));
        };
        let mut lines = vec![format!(
            "The push refers to repository [{}]",
            r.repository_uri()
        )];
        match &r.registry {
            RegistryHost::EcrPrivate { .. } if r.host() == self.ecr_registry_host() => {}
            RegistryHost::DockerHub => {
                return Err(docker_error(
                    "denied: requested access to the resource is denied",
                ));
            }
            _ => {
                return Err(docker_error(format!(
                    "the simulator pushes only to this account's registry, {}",
                    self.ecr_registry_host()
                )));
            }
        }
        match self.state.ecr.docker.logins.get(&r.host()) {
            None => return Err(docker_error("no basic auth credentials")),
            Some(expires) if *expires <= self.now => {
                // F10.9: tokens last 12 hours.
                return Err(docker_error(
                    "denied: Your authorization token has expired. Reauthenticate and try again.",
                ));
            }
            Some(_) => {}
        }
        let pushed = self
            .ecr_accept_push(&r.repository, &tag, &local)
            .map_err(|e| DockerError {
                message: if e.code == ErrorCode::RepositoryNotFoundException {
                    format!("name unknown: {}", e.message)
                } else {
                    e.message
                },
                code: Some(e.code),
            })?;
        lines.push(if pushed {
            "Pushed".to_owned()
        } else {
            "Layer already exists".to_owned()
        });
        lines.push(format!("{tag}: digest: {}", local.digest));
        Ok(DockerOutput {
            lines,
            digest: local.digest,
        })
    }

    /// `docker pull <image>`.
    pub(crate) fn docker_pull(&mut self, image: &str) -> Result<DockerOutput, DockerError> {
        let r = ImageRef::parse(image).ok_or_else(|| invalid_reference(image))?;
        let private = matches!(r.registry, RegistryHost::EcrPrivate { .. });
        if private && r.host() == self.ecr_registry_host() {
            match self.state.ecr.docker.logins.get(&r.host()) {
                None => {
                    return Err(docker_error(format!(
                        "Error response from daemon: Head \"https://{}/v2/{}/manifests/{}\": no basic auth credentials",
                        r.host(),
                        r.repository,
                        r.tag().unwrap_or("latest")
                    )));
                }
                Some(expires) if *expires <= self.now => {
                    return Err(docker_error(
                        "Error response from daemon: denied: Your authorization token has expired. Reauthenticate and try again.",
                    ));
                }
                Some(_) => {}
            }
        }
        let pulled = match self.resolve_image_pull(image, Some("docker-login"), &|_, _| true, true)
        {
            Ok(p) => p,
            Err(_) => return Err(self.docker_pull_error(&r)),
        };
        let base = match &pulled.registry {
            Registry::EcrPrivate { repo, .. } => self
                .state
                .ecr
                .repositories
                .get(repo)
                .and_then(|rec| rec.images.get(&pulled.digest))
                .map(|i| i.base.clone())
                .unwrap_or_default(),
            _ => pulled.digest.clone(),
        };
        self.record_image_pull(&pulled);
        let docker = &mut self.state.ecr.docker;
        docker
            .images
            .entry(pulled.digest.clone())
            .or_insert_with(|| LocalImage {
                digest: pulled.digest.clone(),
                size_bytes: pulled.size_bytes,
                base,
                tags: BTreeSet::new(),
            });
        if r.tag().is_some() {
            docker.set_tag(&r.canonical(), &pulled.digest);
        }
        let reference = match &r.reference {
            Reference::Tag(t) => t.clone(),
            Reference::Digest(d) => d.clone(),
        };
        Ok(DockerOutput {
            lines: vec![
                format!("{reference}: Pulling from {}", r.repository),
                format!("Digest: {}", pulled.digest),
                format!("Status: Downloaded newer image for {}", r.familiar()),
                r.canonical(),
            ],
            digest: pulled.digest,
        })
    }

    fn docker_pull_error(&self, r: &ImageRef) -> DockerError {
        match &r.registry {
            RegistryHost::EcrPrivate { .. }
                if !self.state.ecr.repositories.contains_key(&r.repository)
                    || r.host() != self.ecr_registry_host() =>
            {
                // F10.8 (ECRUG:common-errors-docker).
                docker_error(format!(
                    "Error response from daemon: repository {} not found: name unknown: The repository with name '{}' does not exist in the registry with id '{}'",
                    r.repository_uri(),
                    r.repository,
                    match &r.registry {
                        RegistryHost::EcrPrivate { account, .. } => account.as_str(),
                        _ => "",
                    }
                ))
            }
            RegistryHost::EcrPrivate { .. } => docker_error(format!(
                // F10.8 (ECRUG:common-errors-docker).
                "Error response from daemon: manifest for {} not found: manifest unknown: Requested image not found",
                r.canonical()
            )),
            RegistryHost::DockerHub | RegistryHost::EcrPublic
                if (r.registry == RegistryHost::DockerHub
                    && catalogue::repository_exists(&r.repository))
                    || (r.registry == RegistryHost::EcrPublic
                        && catalogue::public_ecr_mirror(&r.repository).is_some()) =>
            {
                docker_error(format!(
                    "Error response from daemon: manifest for {} not found: manifest unknown: manifest unknown",
                    r.familiar()
                ))
            }
            RegistryHost::Other(host) => docker_error(format!(
                "Error response from daemon: Get \"https://{host}/v2/\": dial tcp: lookup {host}: no such host"
            )),
            _ => docker_error(format!(
                "Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
                r.familiar().split([':', '@']).next().unwrap_or_default()
            )),
        }
    }

    /// `docker images`: (repository:tag or `<none>`, digest, size) sorted.
    pub fn docker_images(&self) -> Vec<(String, String, u64)> {
        let mut out = Vec::new();
        for image in self.state.ecr.docker.images.values() {
            if image.tags.is_empty() {
                out.push(("<none>".to_owned(), image.digest.clone(), image.size_bytes));
            }
            for tag in &image.tags {
                let shown = ImageRef::parse(tag)
                    .map(|r| r.familiar())
                    .unwrap_or_else(|| tag.clone());
                out.push((shown, image.digest.clone(), image.size_bytes));
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests;
