//! Reachability: can a client open a TCP connection to an address in the
//! account, and what does it get back? A [`Probe`] (through [`Sim::apply`]
//! as [`Input::Probe`](crate::Input::Probe)) walks the hops a packet takes and
//! returns a [`ProbeOutcome`]: the result ([`ProbeResult`]) and the trail of
//! [`Hop`]s that decided it, for the CLI's simulated `curl` and for the
//! sandbox to draw. Pure and instantaneous: a probe reads state, draws no
//! randomness and does not move the simulated clock.
//!
//! An address that is a load balancer's node takes the load balancer's
//! own path first (`crate::elbv2` `route`: listener, rules, a target), then
//! this walk from the load balancer to the target.
//!
//! The hops, in order:
//! 1. `address`: which network interface has the address — a task's ENI
//!    (awsvpc: its private IP, and on Fargate with `assignPublicIp
//!    ENABLED` its public IP, F2.3; awsvpc tasks on EC2 get none, F3.5) or
//!    an EC2 instance (private IP; public IP when its subnet maps public IPs
//!    on launch, as default subnets do). From the internet only public
//!    addresses are routable; unknown addresses go nowhere (timeout).
//! 2. `internet-gateway` (from the internet): the subnet's VPC must route
//!    to an internet gateway. MODEL: the default VPC has one (its subnets
//!    are public); VPCs created in the simulator have none.
//! 3. `instance` (EC2): the instance must be running.
//! 4. `security-group`: an inbound rule of one of the interface's groups
//!    must allow TCP on the port from the source ([`Sim::allows_ingress`]).
//!    Security groups drop silently, so a denied client times out.
//! 5. `task` / `listener`: something must listen on the port — in awsvpc
//!    and host mode the container's own server port (the image's, from
//!    [`catalogue::Repository::serves`]; portMappings do not move it), in bridge mode a
//!    host port mapped to a container port (F3.7: dynamic host ports come
//!    from the ephemeral range). Nothing listening → the host answers with
//!    a reset: connection refused. A bridge mapping to a container port
//!    where nothing listens: the connection is accepted and then reset.
//! 6. `health`: the container's health status, for information (a client
//!    does not look at health checks; a service replaces unhealthy tasks).
//! 7. `response`: the page the image serves.

use crate::base::arn::LastSegment;
use crate::base::ipv4::format_ipv4;
use crate::ec2::instance::{InstanceRecord, InstanceState};
use crate::ec2::security_group::{Source, Verdict};
use crate::ecs::run_task::TaskContainer;
use crate::ecs::task_definition::NetworkMode;
use crate::images::catalogue::{self, Page, Served};
use crate::images::{ImageRef, Registry};
use crate::sim::Sim;
use crate::state::TaskRecord;
use serde::{Deserialize, Serialize};

/// MODEL: the learner's laptop on the internet, 203.0.113.10 (TEST-NET-3,
/// RFC 5737: documentation addresses, never routed on the real internet).
pub const LAPTOP_IP: u32 = 0xCB00_710A;

/// An HTTP GET of `path` from `source` to `destination:port`: the probe
/// part of [`Input`](crate::Input) (the CLI's `curl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub source: ProbeSource,
    /// The destination IPv4 address.
    pub destination: u32,
    pub port: u16,
    pub path: String,
    /// The Host header, when it is not the destination's address (a load
    /// balancer's DNS name, or `curl -H 'Host: …'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Other request headers (`curl -H`), for load balancer rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
}

/// Where a probe comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeSource {
    /// A client on the internet with this public IPv4 address.
    Internet(u32),
    /// An interface inside the group's VPC that has this security group (a
    /// load balancer node, another task).
    Group(String),
    /// An interface inside a VPC with this private address and no security
    /// group (a Network Load Balancer node without one; or the client's
    /// address an NLB preserves).
    Node(u32),
    /// A client's packet that a Network Load Balancer in the target's VPC
    /// passed on keeping the client's address (`preserve_client_ip`):
    /// the target's security groups see the client.
    Forwarded(u32),
}

/// One check on the way, and whether it let the packet on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// `address`, `internet-gateway`, `instance`, `security-group`, `task`,
    /// `listener`, `health`, `response`.
    pub check: &'static str,
    pub passed: bool,
    pub detail: String,
}

/// An HTTP response as the server sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: &'static str,
    /// The `Server` header.
    pub server: &'static str,
    pub content_type: &'static str,
    pub body: String,
}

/// What the client sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ProbeResult {
    /// The server answered.
    Response(HttpResponse),
    /// Nothing ever answered the SYN (security group drop, no route, no
    /// such address): the client gives up after its timeout.
    Timeout,
    /// The host answered the SYN with a reset: nothing listens there.
    Refused,
    /// The connection opened and was reset before any reply (a bridge
    /// mapping to a container port where nothing listens).
    Reset,
    /// The connection opened and was closed without an HTTP reply (a
    /// server that does not speak HTTP).
    EmptyReply,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeOutcome {
    pub source: ProbeSource,
    /// Dotted-quad destination and port.
    pub destination: String,
    pub port: u16,
    pub result: ProbeResult,
    pub hops: Vec<Hop>,
}

/// Whose address a probe goes to, when the caller knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TargetHint<'a> {
    None,
    /// A task (ARN) whose private address it is.
    Task(&'a str),
    /// An instance (id) whose private address it is.
    Instance(&'a str),
}

/// The interface an address belongs to.
enum Target<'a> {
    Task {
        task: &'a TaskRecord,
        public: bool,
    },
    Instance {
        instance: &'a InstanceRecord,
        public: bool,
    },
}

/// Who is listening on a port, once the packet is at the interface.
enum Listener {
    Serves {
        served: Served,
        image: String,
        /// `Server address` and `Server name` as the image shows them.
        address: String,
        hostname: String,
        /// The task whose container it is (for its HTTP faults).
        task_arn: String,
    },
    Refused(String),
    Reset(String),
    Timeout(String),
}

pub(crate) struct Trail {
    pub(crate) hops: Vec<Hop>,
    /// The target group whose rotation a request through a load balancer
    /// used (the rotation moves on when the request is applied).
    pub(crate) chosen: Option<String>,
    /// Details are not written (see [`Trail::quiet`]).
    pub(crate) quiet: bool,
}

impl Trail {
    /// A trail that keeps only whether each check passed (a load
    /// balancer's health checks and `sim traffic` read no details).
    pub(crate) fn quiet() -> Trail {
        Trail {
            hops: Vec::new(),
            chosen: None,
            quiet: true,
        }
    }

    pub(crate) fn pass(&mut self, check: &'static str, detail: impl FnOnce() -> String) {
        self.hops.push(Hop {
            check,
            passed: true,
            detail: if self.quiet { String::new() } else { detail() },
        });
    }
    pub(crate) fn fail(&mut self, check: &'static str, detail: impl FnOnce() -> String) {
        self.hops.push(Hop {
            check,
            passed: false,
            detail: if self.quiet { String::new() } else { detail() },
        });
    }
}

fn source_text(source: &ProbeSource) -> String {
    match source {
        ProbeSource::Internet(ip) => format!("{} (internet)", format_ipv4(*ip)),
        ProbeSource::Group(g) => format!("an interface with security group {g}"),
        ProbeSource::Node(ip) => format!("{} (inside the VPC)", format_ipv4(*ip)),
        ProbeSource::Forwarded(ip) => {
            format!(
                "{} (through a load balancer that keeps it)",
                format_ipv4(*ip)
            )
        }
    }
}

impl Sim {
    /// `GET /` from `source` to `dest_ip:port` (see the module docs).
    #[cfg(test)]
    pub(crate) fn probe(&self, source: &ProbeSource, dest_ip: u32, port: u16) -> ProbeOutcome {
        self.probe_http(source, dest_ip, port, "/")
    }

    /// `GET path` from `source` to `dest_ip:port`.
    pub(crate) fn probe_http(
        &self,
        source: &ProbeSource,
        dest_ip: u32,
        port: u16,
        path: &str,
    ) -> ProbeOutcome {
        self.probe_request(&Probe {
            source: source.clone(),
            destination: dest_ip,
            port,
            path: path.to_owned(),
            host: None,
            headers: Vec::new(),
        })
        .0
    }

    /// A probe with its headers, and the target group whose rotation it
    /// used when it went through a load balancer.
    pub(crate) fn probe_request(&self, probe: &Probe) -> (ProbeOutcome, Option<String>) {
        let mut trail = Trail {
            hops: Vec::new(),
            chosen: None,
            quiet: false,
        };
        let result = match self.state.elb.node(probe.destination) {
            Some((lb, zone)) => {
                let request = crate::elbv2::RequestInfo {
                    host: probe
                        .host
                        .clone()
                        .unwrap_or_else(|| format_ipv4(probe.destination)),
                    method: "GET".to_owned(),
                    headers: probe.headers.clone(),
                    client_ip: match probe.source {
                        ProbeSource::Internet(ip)
                        | ProbeSource::Node(ip)
                        | ProbeSource::Forwarded(ip) => Some(ip),
                        ProbeSource::Group(_) => None,
                    },
                };
                self.walk_load_balancer(
                    &probe.source,
                    lb,
                    zone,
                    probe.destination,
                    probe.port,
                    &probe.path,
                    &request,
                    &mut trail,
                )
            }
            None => self.walk(
                &probe.source,
                probe.destination,
                probe.port,
                &probe.path,
                &mut trail,
            ),
        };
        (
            ProbeOutcome {
                source: probe.source.clone(),
                destination: format_ipv4(probe.destination),
                port: probe.port,
                result,
                hops: trail.hops,
            },
            trail.chosen,
        )
    }

    fn find_target(&self, ip: u32) -> Option<Target<'_>> {
        for task in self.state.tasks.values() {
            if !task.uses_eni || !task.holds_resources() {
                continue;
            }
            if task.life.private_ip == Some(ip) {
                return Some(Target::Task {
                    task,
                    public: false,
                });
            }
            if task.life.public_ip == Some(ip) {
                return Some(Target::Task { task, public: true });
            }
        }
        for instance in self.state.instances.values() {
            if instance.state == InstanceState::Terminated {
                continue;
            }
            // Test-only instances have no subnet and address 0.
            if instance.subnet_id.is_empty() {
                continue;
            }
            if instance.private_ip == ip {
                return Some(Target::Instance {
                    instance,
                    public: false,
                });
            }
            if instance.public_ip == Some(ip) {
                return Some(Target::Instance {
                    instance,
                    public: true,
                });
            }
        }
        None
    }

    /// A GET from `source` to `ip:port` when the caller knows whose address
    /// it is (a load balancer's target): the same walk without the search
    /// of every interface for the address.
    pub(crate) fn probe_hinted(
        &self,
        source: &ProbeSource,
        hint: TargetHint<'_>,
        ip: u32,
        port: u16,
        path: &str,
        quiet: bool,
    ) -> ProbeOutcome {
        let mut trail = Trail::quiet();
        trail.quiet = quiet;
        let target = match hint {
            TargetHint::Task(arn) => self
                .state
                .tasks
                .get(arn)
                .filter(|t| t.uses_eni && t.holds_resources() && t.life.private_ip == Some(ip))
                .map(|task| Target::Task {
                    task,
                    public: false,
                }),
            TargetHint::Instance(id) => self
                .state
                .instances
                .get(id)
                .filter(|i| i.state != InstanceState::Terminated && i.private_ip == ip)
                .map(|instance| Target::Instance {
                    instance,
                    public: false,
                }),
            TargetHint::None => None,
        };
        if quiet && let Some(target) = target {
            // Only the answer is read: the status-only walk.
            let result = self.walk_status(source, &target, port, path);
            #[cfg(debug_assertions)]
            {
                let mut full = Trail::quiet();
                let known = self.walk_from(source, Some(target), ip, port, path, &mut full);
                debug_assert!(
                    same_answer(&result, &known),
                    "status-only walk {result:?} differs from the walk {known:?}"
                );
            }
            return ProbeOutcome {
                source: source.clone(),
                destination: String::new(),
                port,
                result,
                hops: Vec::new(),
            };
        }
        let result = self.walk_from(source, target, ip, port, path, &mut trail);
        ProbeOutcome {
            source: source.clone(),
            destination: format_ipv4(ip),
            port,
            result,
            hops: trail.hops,
        }
    }

    /// [`Sim::walk_from`] to a known interface, deciding only the answer:
    /// no texts, no page (a response carries only its status). The same
    /// checks in the same order; debug builds compare the two.
    fn walk_status(
        &self,
        source: &ProbeSource,
        target: &Target<'_>,
        port: u16,
        path: &str,
    ) -> ProbeResult {
        // 1. address
        let (subnet_id, groups, public) = match target {
            Target::Task { task, public } => (
                task.life.subnet_id.as_deref().unwrap_or_default(),
                task.life.security_groups.as_slice(),
                *public,
            ),
            Target::Instance { instance, public } => (
                instance.subnet_id.as_str(),
                instance.security_groups.as_slice(),
                *public,
            ),
        };
        let vpc_id = self
            .state
            .subnets
            .get(subnet_id)
            .map_or("", |s| s.vpc_id.as_str());
        match source {
            ProbeSource::Internet(_) if !public => return ProbeResult::Timeout,
            ProbeSource::Internet(_) => {}
            ProbeSource::Forwarded(_) if public => return ProbeResult::Timeout,
            ProbeSource::Forwarded(_) => {}
            ProbeSource::Node(from) => {
                let from_vpc = self
                    .state
                    .subnets
                    .values()
                    .find(|s| s.cidr.contains_ip(*from))
                    .map(|s| s.vpc_id.as_str());
                if public || from_vpc != Some(vpc_id) {
                    return ProbeResult::Timeout;
                }
            }
            ProbeSource::Group(g) => match self.state.security_groups.get(g) {
                Some(group) if !public && group.vpc_id == vpc_id => {}
                _ => return ProbeResult::Timeout,
            },
        }
        // 2. internet gateway
        if let ProbeSource::Internet(_) = source
            && !self.state.vpcs.get(vpc_id).is_some_and(|v| v.is_default)
        {
            return ProbeResult::Timeout;
        }
        // 3. instance state
        if let Target::Instance { instance, .. } = target
            && instance.state != InstanceState::Running
        {
            return ProbeResult::Timeout;
        }
        // 4. security groups
        let from = match source {
            ProbeSource::Internet(ip) | ProbeSource::Node(ip) | ProbeSource::Forwarded(ip) => {
                Source::Cidr(*ip)
            }
            ProbeSource::Group(g) => Source::Group(g.clone()),
        };
        let allowed = self.admits_ingress(groups, &from, "tcp", port)
            || matches!(source, ProbeSource::Group(_))
                && self.state.vpcs.get(vpc_id).is_some_and(|vpc| {
                    self.admits_ingress(groups, &Source::Block(vpc.cidr), "tcp", port)
                });
        if !allowed {
            return ProbeResult::Timeout;
        }
        // 5. task / listener
        let served = match target {
            Target::Task { task, .. } => Self::task_status(task)
                .and_then(|()| self.task_serves(task, port).ok_or(ProbeResult::Refused)),
            Target::Instance { instance, .. } => self.instance_serves(instance, port),
        };
        let (served, task) = match served {
            Ok(found) => found,
            Err(result) => return result,
        };
        // A simulated fault of the web server (faults.rs).
        match self.http_fault_of(task) {
            Some(crate::faults::HttpFault::Hang) => return ProbeResult::Timeout,
            Some(crate::faults::HttpFault::Status { code, path: at })
                if at
                    .as_deref()
                    .is_none_or(|p| p == path.split('?').next().unwrap_or(path)) =>
            {
                return status_only(*code);
            }
            _ => {}
        }
        match page_status(served.page, path) {
            Some(status) => status_only(status),
            None => ProbeResult::EmptyReply,
        }
    }

    /// [`Sim::task_gate`]'s answer without its text.
    fn task_status(task: &TaskRecord) -> Result<(), ProbeResult> {
        match task.life.last_status {
            "RUNNING" => Ok(()),
            "PROVISIONING" => Err(ProbeResult::Timeout),
            _ => Err(ProbeResult::Refused),
        }
    }

    /// What an awsvpc task serves on `port` ([`Sim::task_listener`]'s find).
    fn task_serves<'a>(&self, task: &'a TaskRecord, port: u16) -> Option<(Served, &'a TaskRecord)> {
        task.life
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.last_status == "RUNNING")
            .filter_map(|(i, _)| self.container_served(task, i))
            .find(|served| served.port == port)
            .map(|served| (served, task))
    }

    /// What container `index` of a task serves: [`Sim::container_serves`]
    /// without parsing its image reference or reading the whole
    /// catalogue by digest. Its pull is its own entry in the task's pulls
    /// (one per container whose pull succeeded, in container order: those
    /// with a digest); a pull of the same reference resolves alike.
    pub(crate) fn container_served(&self, task: &TaskRecord, index: usize) -> Option<Served> {
        let containers = &task.life.containers;
        let served = containers.get(index).and_then(|c| {
            c.image_digest.as_ref()?;
            let k = containers
                .iter()
                .take(index)
                .filter(|x| x.image_digest.is_some())
                .count();
            let pulled = task.life.pulled.get(k)?;
            match &pulled.registry {
                Registry::EcrPrivate { repo, .. } => {
                    let base = &self
                        .state
                        .ecr
                        .repositories
                        .get(repo)?
                        .images
                        .get(&pulled.digest)?
                        .base;
                    catalogue::served_by(catalogue::by_digest(base)?)
                }
                _ => catalogue::served_by(pulled.catalogue?),
            }
        });
        debug_assert_eq!(
            served,
            containers
                .get(index)
                .and_then(|c| self.container_serves(task, &c.image))
                .map(|(s, _)| s),
            "container_served differs from container_serves"
        );
        served
    }

    /// What serves host port `port` of an instance
    /// ([`Sim::instance_listener`]'s find), or the answer when nothing does.
    fn instance_serves<'a>(
        &'a self,
        instance: &InstanceRecord,
        port: u16,
    ) -> Result<(Served, &'a TaskRecord), ProbeResult> {
        // A container instance's tasks come in ARN order, so its first
        // mapping is its least; the least of those is `mapping_in`'s.
        let mut found: Option<(&TaskRecord, &TaskContainer, i64)> = None;
        for ci in self.state.container_instances_on(&instance.id) {
            let first = self
                .state
                .tasks_on_instance(&ci.arn)
                .filter(|t| !t.uses_eni && t.holds_resources())
                .find_map(|t| task_mapping(t, port));
            if let Some(m) = first
                && found.is_none_or(|f| m.0.arn < f.0.arn)
            {
                found = Some(m);
            }
        }
        let Some((task, c, container_port)) = found else {
            return Err(ProbeResult::Refused);
        };
        Self::task_status(task)?;
        if c.last_status != "RUNNING" {
            return Err(ProbeResult::Refused);
        }
        let index = task
            .life
            .containers
            .iter()
            .position(|x| std::ptr::eq(x, c))
            .unwrap_or(usize::MAX);
        match self.container_served(task, index) {
            Some(served) if i64::from(served.port) == container_port => Ok((served, task)),
            _ => Err(ProbeResult::Reset),
        }
    }

    fn walk(
        &self,
        source: &ProbeSource,
        ip: u32,
        port: u16,
        path: &str,
        trail: &mut Trail,
    ) -> ProbeResult {
        self.walk_from(source, None, ip, port, path, trail)
    }

    fn walk_from<'a>(
        &'a self,
        source: &ProbeSource,
        known: Option<Target<'a>>,
        ip: u32,
        port: u16,
        path: &str,
        trail: &mut Trail,
    ) -> ProbeResult {
        let dest = format_ipv4(ip);
        let Some(target) = known.or_else(|| self.find_target(ip)) else {
            let former = self
                .state
                .tasks
                .values()
                .find(|t| t.life.private_ip == Some(ip) || t.life.public_ip == Some(ip))
                .map(|t| {
                    format!(
                        " It was the address of task {}, which is {}: its ENI was deleted with it.",
                        t.arn.last_segment(),
                        t.life.last_status
                    )
                })
                .unwrap_or_default();
            trail.fail(
                "address",
                || format!(
                    "No network interface in this account has the address {dest}: the packets go nowhere and nothing answers.{former}"
                ),
            );
            return ProbeResult::Timeout;
        };
        // 1. address
        let (subnet_id, groups, public, what) = match &target {
            Target::Task { task, public } => (
                task.life.subnet_id.clone().unwrap_or_default(),
                task.life.security_groups.clone(),
                *public,
                format!(
                    "the ENI {} of task {}",
                    task.life.eni_id.as_deref().unwrap_or("?"),
                    task.arn.last_segment()
                ),
            ),
            Target::Instance { instance, public } => (
                instance.subnet_id.clone(),
                instance.security_groups.clone(),
                *public,
                format!("EC2 instance {}", instance.id),
            ),
        };
        let kind = if public { "public" } else { "private" };
        let vpc_id = self
            .state
            .subnets
            .get(&subnet_id)
            .map(|s| s.vpc_id.clone())
            .unwrap_or_default();
        match source {
            ProbeSource::Internet(_) if !public => {
                let mut detail = format!(
                    "{dest} is the private address of {what} (subnet {subnet_id}): private addresses are not routable from the internet, so the packets never reach the VPC."
                );
                detail.push_str(&match &target {
                    Target::Task { task, .. } => match task.life.public_ip {
                        Some(p) => format!(" Use its public IP {}.", format_ipv4(p)),
                        None if task.launch_type == crate::state::LaunchType::Fargate => {
                            " The task has no public IP: its awsvpcConfiguration has assignPublicIp DISABLED. Run it with assignPublicIp ENABLED, or reach it through a load balancer.".to_owned()
                        }
                        None => " awsvpc tasks on EC2 never get a public IP: reach them through a load balancer, or use bridge or host mode and the instance's public IP.".to_owned(),
                    },
                    Target::Instance { instance, .. } => match instance.public_ip {
                        Some(p) => format!(" Use its public IP {}.", format_ipv4(p)),
                        None => " The instance has no public IP (its subnet does not map public IPs on launch).".to_owned(),
                    },
                });
                trail.fail("address", || detail);
                return ProbeResult::Timeout;
            }
            ProbeSource::Internet(_) => {
                trail.pass("address", || {
                    format!("{dest} is the {kind} address of {what}.")
                });
            }
            ProbeSource::Forwarded(client) => {
                if public {
                    trail.fail("address", || {
                        format!(
                            "{dest} is a public address: a load balancer forwards to private ones."
                        )
                    });
                    return ProbeResult::Timeout;
                }
                trail.pass("address", || {
                    format!(
                        "{dest} is the private address of {what}; the packet keeps the client's address {}.",
                        format_ipv4(*client)
                    )
                });
            }
            ProbeSource::Node(from) => {
                let from_vpc = self
                    .state
                    .subnets
                    .values()
                    .find(|s| s.cidr.contains_ip(*from))
                    .map(|s| s.vpc_id.clone());
                if public || from_vpc.as_deref() != Some(vpc_id.as_str()) {
                    trail.fail(
                        "address",
                        || format!(
                            "{dest} is not a private address in the source's VPC: the packets go nowhere."
                        ),
                    );
                    return ProbeResult::Timeout;
                }
                trail.pass("address", || {
                    format!("{dest} is the private address of {what}, in the same VPC {vpc_id}.")
                });
            }
            ProbeSource::Group(g) => {
                let Some(group) = self.state.security_groups.get(g) else {
                    trail.fail("address", || {
                        format!("The source security group {g} does not exist.")
                    });
                    return ProbeResult::Timeout;
                };
                if public {
                    trail.fail(
                        "address",
                        || format!(
                            "{dest} is the public address of {what}. Inside a VPC, connect to the private address: traffic to a public address leaves through the internet gateway and comes back from the source's public address, which a security-group reference does not match (the simulator does not model that path)."
                        ),
                    );
                    return ProbeResult::Timeout;
                }
                if group.vpc_id != vpc_id {
                    trail.fail(
                        "address",
                        || format!(
                            "{dest} is the private address of {what} in {vpc_id}, but the source is in {}: VPCs do not route to each other (no peering is modelled).",
                            group.vpc_id
                        ),
                    );
                    return ProbeResult::Timeout;
                }
                trail.pass("address", || {
                    format!("{dest} is the private address of {what}, in the same VPC {vpc_id}.")
                });
            }
        }
        // 2. internet gateway
        if let ProbeSource::Internet(_) = source {
            let is_default = self.state.vpcs.get(&vpc_id).is_some_and(|v| v.is_default);
            if is_default {
                trail.pass(
                    "internet-gateway",
                    || format!(
                        "Subnet {subnet_id} is in the default VPC {vpc_id}, whose route table sends 0.0.0.0/0 to its internet gateway (a public subnet)."
                    ),
                );
            } else {
                trail.fail(
                    "internet-gateway",
                    || format!(
                        "VPC {vpc_id} has no internet gateway (MODEL: the simulator gives one only to the default VPC), so subnet {subnet_id} is private: nothing from the internet reaches it."
                    ),
                );
                return ProbeResult::Timeout;
            }
        }
        // 3. instance state
        if let Target::Instance { instance, .. } = &target {
            if instance.state != InstanceState::Running {
                trail.fail("instance", || {
                    format!(
                        "Instance {} is {}: nothing answers yet.",
                        instance.id,
                        instance.state.name()
                    )
                });
                return ProbeResult::Timeout;
            }
            trail.pass("instance", || {
                format!("Instance {} is running.", instance.id)
            });
        }
        // 4. security groups
        let from = match source {
            ProbeSource::Internet(ip) | ProbeSource::Node(ip) | ProbeSource::Forwarded(ip) => {
                Source::Cidr(*ip)
            }
            ProbeSource::Group(g) => Source::Group(g.clone()),
        };
        let mut verdict: Verdict = self.allows_ingress(&groups, &from, "tcp", port);
        if !verdict.allowed
            && let ProbeSource::Group(_) = source
            && let Some(vpc) = self.state.vpcs.get(&vpc_id)
        {
            // The source's private address is somewhere in the VPC: a CIDR
            // rule covering the whole VPC block matches it too.
            verdict = self.allows_ingress(&groups, &Source::Block(vpc.cidr), "tcp", port);
        }
        match &verdict.by_rule {
            Some(rule) if verdict.allowed => trail.pass("security-group", || {
                format!(
                    "Inbound rule {} of {} allows it ({}).",
                    rule.rule_id, rule.group_id, rule.summary
                )
            }),
            _ => {
                trail.fail(
                    "security-group",
                    || format!(
                        "No inbound rule of {} allows TCP port {port} from {}. Security groups drop such packets without an answer, so the client waits until it times out. Inbound rules: {}.",
                        if groups.is_empty() {
                            "its security groups (none)".to_owned()
                        } else {
                            groups.join(", ")
                        },
                        source_text(source),
                        self.inbound_rules_text(&groups)
                    ),
                );
                return ProbeResult::Timeout;
            }
        }
        // 5. task / listener
        let listener = match &target {
            Target::Task { task, .. } => self.task_listener(task, port, trail),
            Target::Instance { instance, .. } => self.instance_listener(instance, port, trail),
        };
        match listener {
            Listener::Timeout(detail) => {
                trail.fail("task", || detail);
                ProbeResult::Timeout
            }
            Listener::Refused(detail) => {
                trail.fail("listener", || detail);
                ProbeResult::Refused
            }
            Listener::Reset(detail) => {
                trail.fail("listener", || detail);
                ProbeResult::Reset
            }
            Listener::Serves {
                served,
                image,
                address,
                hostname,
                task_arn,
            } => {
                trail.pass("listener", || {
                    format!("{image} listens on port {} and accepts.", served.port)
                });
                // A simulated fault of the web server (faults.rs).
                let fault = self
                    .state
                    .tasks
                    .get(&task_arn)
                    .and_then(|t| self.http_fault_of(t));
                match fault {
                    Some(crate::faults::HttpFault::Hang) => {
                        trail.fail(
                            "response",
                            || format!("{image} accepts the connection but never answers (simulated fault http-hang): the client waits until it times out."),
                        );
                        return ProbeResult::Timeout;
                    }
                    Some(crate::faults::HttpFault::Status { code, path: at })
                        if at
                            .as_deref()
                            .is_none_or(|p| p == path.split('?').next().unwrap_or(path)) =>
                    {
                        let code = *code;
                        let reason = crate::elbv2::reason_of(code);
                        trail.fail("response", || {
                            format!(
                                "{image} answers {code} {reason} (simulated fault http-status)."
                            )
                        });
                        return ProbeResult::Response(HttpResponse {
                            status: code,
                            reason,
                            server: "nginx/1.27.4",
                            content_type: "text/html",
                            body: format!(
                                "<html>\n<head><title>{code} {reason}</title></head>\n<body>\n<center><h1>{code} {reason}</h1></center>\n</body>\n</html>\n"
                            ),
                        });
                    }
                    _ => {}
                }
                let Some(mut response) = self.render_page(served.page, &address, &hostname, path)
                else {
                    trail.fail("response", || {
                        format!(
                            "{image} does not speak HTTP: it closes the connection without a reply."
                        )
                    });
                    return ProbeResult::EmptyReply;
                };
                if served.page == Page::EfsNotes
                    && let Some(task) = self.state.tasks.get(&task_arn)
                    && let Some(index) = task
                        .life
                        .containers
                        .iter()
                        .position(|c| crate::ecs::efs::is_notes_image(&c.image))
                {
                    response.body = self.efs_notes_body(task, index);
                }
                trail.pass("response", || {
                    format!(
                        "{image} answers {} {} ({}).",
                        response.status, response.reason, response.server
                    )
                });
                ProbeResult::Response(response)
            }
        }
    }

    fn inbound_rules_text(&self, groups: &[String]) -> String {
        let mut parts = Vec::new();
        for g in groups {
            if let Some(group) = self.state.security_groups.get(g) {
                if group.ingress.is_empty() {
                    parts.push(format!("{g}: none"));
                }
                for rule in &group.ingress {
                    parts.push(format!("{g}: {}", rule.summary()));
                }
            }
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join("; ")
        }
    }

    /// What the image of a task container serves (its catalogue image, or
    /// the catalogue image it was built from).
    pub(crate) fn container_serves(
        &self,
        task: &TaskRecord,
        image: &str,
    ) -> Option<(Served, &'static catalogue::CatalogueImage)> {
        let canonical = ImageRef::parse(image)?.canonical();
        let pulled = task.life.pulled.iter().find(|p| p.image == canonical)?;
        let base = match &pulled.registry {
            Registry::EcrPrivate { repo, .. } => self
                .state
                .ecr
                .repositories
                .get(repo)
                .and_then(|r| r.images.get(&pulled.digest))
                .map(|i| i.base.clone())?,
            _ => pulled.digest.clone(),
        };
        let cat = catalogue::by_digest(&base)?;
        Some((catalogue::served_by(cat)?, cat))
    }

    fn task_gate(&self, task: &TaskRecord) -> Result<(), Listener> {
        let id = task.arn.last_segment();
        match task.life.last_status {
            "RUNNING" => Ok(()),
            "PROVISIONING" => Err(Listener::Timeout(format!(
                "Task {id} is PROVISIONING: its ENI is still being attached, nothing answers yet."
            ))),
            status => Err(Listener::Refused(format!(
                "Task {id} is {status}: its containers are not running, so nothing listens."
            ))),
        }
    }

    fn task_listener(&self, task: &TaskRecord, port: u16, trail: &mut Trail) -> Listener {
        if let Err(l) = self.task_gate(task) {
            return l;
        }
        let id = task.arn.last_segment();
        trail.pass("task", || format!("Task {id} is RUNNING."));
        let def = self.task_definition_by_arn(&task.life.task_definition_arn);
        let mut listening = Vec::new();
        for c in &task.life.containers {
            if c.last_status != "RUNNING" {
                continue;
            }
            let Some((served, cat)) = self.container_serves(task, &c.image) else {
                continue;
            };
            if served.port == port {
                self.health_hop(c, trail);
                let ip = task.life.private_ip.map(format_ipv4).unwrap_or_default();
                return Listener::Serves {
                    served,
                    image: format!("Container {} ({})", c.name, cat.display_name()),
                    address: format!("{ip}:{port}"),
                    hostname: self.eni_hostname(task.life.private_ip.unwrap_or(0)),
                    task_arn: task.arn.clone(),
                };
            }
            listening.push(format!("{} → {}", c.name, served.port));
        }
        let declared: Vec<String> = def
            .map(|d| {
                d.containers()
                    .iter()
                    .flat_map(|c| c.port_mappings.iter())
                    .filter_map(|pm| pm.container_port)
                    .map(|p| p.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut detail = format!("Nothing in task {id} listens on port {port}");
        if listening.is_empty() {
            detail.push_str(" (no container of it runs a server the simulator knows)");
        } else {
            detail.push_str(&format!(
                "; its containers listen on: {}",
                listening.join(", ")
            ));
        }
        detail.push_str(": the ENI answers with a reset (connection refused).");
        if declared.iter().any(|p| p == &port.to_string()) {
            detail.push_str(&format!(
                " The task definition declares containerPort {port}, but in awsvpc mode a port mapping does not move the server: it still listens on its own port."
            ));
        }
        Listener::Refused(detail)
    }

    fn instance_listener(
        &self,
        instance: &InstanceRecord,
        port: u16,
        trail: &mut Trail,
    ) -> Listener {
        let tasks: Vec<&TaskRecord> = self.instance_tasks(instance).collect();
        let mode_of = |task: &TaskRecord| {
            if task.host_mode {
                NetworkMode::Host
            } else {
                NetworkMode::Bridge
            }
        };
        if let Some((task, c, container_port)) = mapping_in(tasks.iter().copied(), port) {
            let mode = mode_of(task);
            // Docker's bridge network gives containers 172.17.0.2, .3, …
            // (MODEL: in task order, ARN by ARN).
            let bridge_index: u32 = tasks
                .iter()
                .filter(|t| t.arn < task.arn && mode_of(t) == NetworkMode::Bridge)
                .map(|t| t.life.containers.len() as u32)
                .sum::<u32>()
                + if mode == NetworkMode::Bridge {
                    task.life
                        .containers
                        .iter()
                        .position(|x| std::ptr::eq(x, c))
                        .map_or(1, |i| i as u32 + 1)
                } else {
                    0
                };
            let id = task.arn.last_segment();
            if let Err(l) = self.task_gate(task) {
                return l;
            }
            trail.pass(
                "task",
                || format!(
                    "Task {id} is RUNNING ({} mode); host port {port} maps to container {} port {container_port}.",
                    if mode == NetworkMode::Host {
                        "host"
                    } else {
                        "bridge"
                    },
                    c.name
                ),
            );
            if c.last_status != "RUNNING" {
                return Listener::Refused(format!(
                    "Container {} is {}: nothing listens.",
                    c.name, c.last_status
                ));
            }
            let serves = self.container_serves(task, &c.image);
            return match serves {
                Some((served, cat)) if i64::from(served.port) == container_port => {
                    self.health_hop(c, trail);
                    let (address, hostname) = if mode == NetworkMode::Host {
                        (
                            format!("{}:{port}", format_ipv4(instance.private_ip)),
                            self.eni_hostname(instance.private_ip),
                        )
                    } else {
                        (
                            format!("172.17.0.{}:{container_port}", bridge_index + 1),
                            container_hostname(&task.arn, &c.name),
                        )
                    };
                    Listener::Serves {
                        served,
                        image: format!("Container {} ({})", c.name, cat.display_name()),
                        address,
                        hostname,
                        task_arn: task.arn.clone(),
                    }
                }
                other => {
                    let what = match other {
                        Some((served, cat)) => format!(
                            "{} listens on port {}, not {container_port}",
                            cat.display_name(),
                            served.port
                        ),
                        None => "the container runs no server the simulator knows".to_owned(),
                    };
                    Listener::Reset(format!(
                        "Docker accepts on host port {port} and forwards to container port {container_port}, but {what}: the connection is reset."
                    ))
                }
            };
        }
        let mut sorted = tasks.clone();
        sorted.sort_by(|a, b| a.arn.cmp(&b.arn));
        let mapped: Vec<String> = sorted
            .iter()
            .flat_map(|task| {
                task.life.containers.iter().flat_map(|c| {
                    c.bindings
                        .iter()
                        .map(move |(container_port, host_port, _)| {
                            format!("{host_port}→{}:{container_port}", c.name)
                        })
                })
            })
            .collect();
        let mut detail = format!(
            "Nothing on instance {} listens on port {port}: it answers with a reset (connection refused).",
            instance.id
        );
        if mapped.is_empty() {
            detail.push_str(" No task on it maps a host port.");
        } else {
            detail.push_str(&format!(
                " Host ports in use (host→container:port): {}.",
                mapped.join(", ")
            ));
        }
        Listener::Refused(detail)
    }

    /// The bridge and host mode tasks on an instance that hold resources
    /// (from the indexes, not a walk of every task).
    fn instance_tasks<'a, 'b>(
        &'a self,
        instance: &'b InstanceRecord,
    ) -> impl Iterator<Item = &'a TaskRecord> + 'b
    where
        'a: 'b,
    {
        self.state
            .container_instances_on(&instance.id)
            .flat_map(|ci| self.state.tasks_on_instance(&ci.arn))
            .filter(|t| !t.uses_eni && t.holds_resources())
    }

    fn health_hop(&self, c: &crate::ecs::run_task::TaskContainer, trail: &mut Trail) {
        if let Some(h) = &c.health {
            trail.pass(
                "health",
                || format!(
                    "Container {} health: {} (a client does not look at health checks; a service replaces UNHEALTHY tasks).",
                    c.name,
                    h.status.as_str()
                ),
            );
        }
    }

    /// `ip-172-31-0-4.ec2.internal` (us-east-1) or
    /// `ip-….<region>.compute.internal`: the private DNS name an awsvpc
    /// task or an instance shows as its hostname.
    fn eni_hostname(&self, ip: u32) -> String {
        let dashed = format_ipv4(ip).replace('.', "-");
        if self.config.region == "us-east-1" {
            format!("ip-{dashed}.ec2.internal")
        } else {
            format!("ip-{dashed}.{}.compute.internal", self.config.region)
        }
    }

    /// The reply of `page`; `None` for a server that does not speak HTTP.
    pub(crate) fn render_page(
        &self,
        page: Page,
        address: &str,
        hostname: &str,
        path: &str,
    ) -> Option<HttpResponse> {
        let local = crate::base::time::common_log(self.epoch_ms(self.now));
        let bare = path.split('?').next().unwrap_or(path);
        let root = bare == "/" || bare == "/index.html";
        Some(match page {
            Page::NotHttp => return None,
            // Its nginx serves the page as /index.html (root + index): any
            // other path is a 404.
            Page::NginxDemosHello if !root => HttpResponse {
                status: 404,
                reason: "Not Found",
                server: "nginx/1.27.4",
                content_type: "text/html",
                body: "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/1.27.4</center>\n</body>\n</html>\n".to_owned(),
            },
            Page::NginxDemosHello => HttpResponse {
                status: 200,
                reason: "OK",
                server: "nginx/1.27.4",
                content_type: "text/html",
                body: format!(
                    "<!DOCTYPE html>\n<html>\n<head>\n<title>Hello World</title>\n<!-- simulated: abridged (styles, logo and auto-refresh script left out) -->\n</head>\n<body>\n<p><span>Server&nbsp;address:</span> <span>{address}</span></p>\n<p><span>Server&nbsp;name:</span> <span>{hostname}</span></p>\n<p class=\"smaller\"><span>Date:</span> <span>{local}</span></p>\n<p class=\"smaller\"><span>URI:</span> <span>{path}</span></p>\n</body>\n</html>\n"
                ),
            },
            Page::NginxDemosHelloPlain => HttpResponse {
                status: 200,
                reason: "OK",
                server: "nginx/1.27.4",
                content_type: "text/plain",
                body: format!(
                    "Server address: {address}\nServer name: {hostname}\nDate: {local}\nURI: {path}\n"
                ),
            },
            Page::NginxWelcome if root => HttpResponse {
                status: 200,
                reason: "OK",
                server: "nginx/1.27.4",
                content_type: "text/html",
                body: "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n".to_owned(),
            },
            Page::NginxWelcome => HttpResponse {
                status: 404,
                reason: "Not Found",
                server: "nginx/1.27.4",
                content_type: "text/html",
                body: "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/1.27.4</center>\n</body>\n</html>\n".to_owned(),
            },
            Page::HttpdItWorks if root => HttpResponse {
                status: 200,
                reason: "OK",
                server: "Apache/2.4.62 (Unix)",
                content_type: "text/html",
                body: "<html><body><h1>It works!</h1></body></html>\n".to_owned(),
            },
            Page::HttpdItWorks => HttpResponse {
                status: 404,
                reason: "Not Found",
                server: "Apache/2.4.62 (Unix)",
                content_type: "text/html; charset=iso-8859-1",
                body: "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".to_owned(),
            },
            Page::TomcatNotFound => HttpResponse {
                status: 404,
                reason: "",
                server: "",
                content_type: "text/html;charset=utf-8",
                body: format!(
                    "<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class=\"line\" /><h3>Apache Tomcat/11.0.10</h3></body></html>\n<!-- simulated: the image has no ROOT application; the request was {path} -->\n"
                ),
            },
            Page::WordPressInstall => HttpResponse {
                status: 302,
                reason: "Found",
                server: "Apache/2.4.62 (Debian)",
                content_type: "text/html; charset=UTF-8",
                body: "<!-- simulated: WordPress is not set up yet; Location: /wp-admin/setup-config.php -->\n".to_owned(),
            },
            Page::Whoami => HttpResponse {
                status: 200,
                reason: "OK",
                server: "",
                content_type: "text/plain; charset=utf-8",
                body: format!(
                    "Hostname: {hostname}\nIP: 127.0.0.1\nIP: {address}\nRemoteAddr: (the client)\nGET {path} HTTP/1.1\nHost: {address}\nUser-Agent: curl/8.5.0\nAccept: */*\n"
                ),
            },
            // The caller fills in the notes (Sim::efs_notes_body).
            Page::EfsNotes => HttpResponse {
                status: 200,
                reason: "OK",
                server: "",
                content_type: "text/plain; charset=utf-8",
                body: String::new(),
            },
            Page::EcsSample => HttpResponse {
                status: 200,
                reason: "OK",
                server: "Apache/2.4.7 (Ubuntu)",
                content_type: "text/html",
                body: "<html>\n<head>\n<title>Amazon ECS Sample App</title>\n<!-- simulated: abridged (styles left out) -->\n</head>\n<body>\n<div style=\"color:white;text-align:center\">\n<h1>Amazon ECS Sample App</h1>\n<h2>Congratulations!</h2>\n<p>Your application is now running on a container in Amazon ECS.</p>\n</div>\n</body>\n</html>\n".to_owned(),
            },
        })
    }
}

impl Sim {
    /// Reachability invariants: public IPv4 addresses are unique among the
    /// interfaces that hold one; only Fargate ENIs have a public IP among
    /// tasks (F3.5); an awsvpc task that holds resources has security
    /// groups that exist, in its subnet's VPC.
    pub(crate) fn check_reach_invariants(&self) -> Result<(), String> {
        let mut public: Vec<u32> = self
            .state
            .instances
            .values()
            .filter_map(|i| i.public_ip)
            .chain(
                self.state
                    .tasks
                    .values()
                    .filter(|t| t.holds_resources())
                    .filter_map(|t| t.life.public_ip),
            )
            .collect();
        let n = public.len();
        public.sort_unstable();
        public.dedup();
        if public.len() != n {
            return Err("two interfaces share a public IPv4 address".to_owned());
        }
        for t in self.state.tasks.values().filter(|t| t.holds_resources()) {
            if t.life.public_ip.is_some() && t.launch_type != crate::state::LaunchType::Fargate {
                return Err(format!("EC2 task {} has a public IP (F3.5)", t.arn));
            }
            let vpc = t
                .life
                .subnet_id
                .as_ref()
                .and_then(|s| self.state.subnets.get(s))
                .map(|s| &s.vpc_id);
            for g in &t.life.security_groups {
                match self.state.security_groups.get(g) {
                    Some(group) if Some(&group.vpc_id) == vpc => {}
                    _ => {
                        return Err(format!(
                            "task {} has security group {g}, missing or in another VPC",
                            t.arn
                        ));
                    }
                }
            }
            if t.uses_eni && t.life.security_groups.is_empty() {
                return Err(format!("awsvpc task {} has no security group", t.arn));
            }
        }
        for i in self.state.instances.values() {
            if i.public_ip.is_some() && !i.is_live() {
                return Err(format!(
                    "instance {} kept its public IP after shutdown",
                    i.id
                ));
            }
        }
        Ok(())
    }
}

/// The task and container of `tasks` that map host port `port` (ties: the
/// first in ARN order), found without building anything.
fn mapping_in<'a>(
    tasks: impl Iterator<Item = &'a TaskRecord>,
    port: u16,
) -> Option<(&'a TaskRecord, &'a TaskContainer, i64)> {
    let mut found: Option<(&TaskRecord, &TaskContainer, i64)> = None;
    for task in tasks {
        if found.is_some_and(|(f, _, _)| f.arn <= task.arn) {
            continue;
        }
        if let Some(m) = task_mapping(task, port) {
            found = Some(m);
        }
    }
    found
}

/// The first container of a task with a TCP binding of host port `port`.
fn task_mapping(task: &TaskRecord, port: u16) -> Option<(&TaskRecord, &TaskContainer, i64)> {
    task.life.containers.iter().find_map(|c| {
        c.bindings
            .iter()
            .find(|(_, host_port, protocol)| *host_port == port && *protocol == "tcp")
            .map(|(container_port, _, _)| (task, c, *container_port))
    })
}

/// A response that carries only its status (the status-only walk's).
fn status_only(status: u16) -> ProbeResult {
    ProbeResult::Response(HttpResponse {
        status,
        reason: "",
        server: "",
        content_type: "",
        body: String::new(),
    })
}

/// The status of [`Sim::render_page`]'s reply of `page` at `path`; `None`
/// for a server that does not speak HTTP.
fn page_status(page: Page, path: &str) -> Option<u16> {
    let bare = path.split('?').next().unwrap_or(path);
    let root = bare == "/" || bare == "/index.html";
    Some(match page {
        Page::NotHttp => return None,
        Page::NginxDemosHello | Page::NginxWelcome | Page::HttpdItWorks if !root => 404,
        Page::NginxDemosHello
        | Page::NginxDemosHelloPlain
        | Page::NginxWelcome
        | Page::HttpdItWorks
        | Page::EcsSample
        | Page::EfsNotes
        | Page::Whoami => 200,
        Page::TomcatNotFound => 404,
        Page::WordPressInstall => 302,
    })
}

/// Whether two walks gave the same answer (a response: the same status).
#[cfg(debug_assertions)]
fn same_answer(a: &ProbeResult, b: &ProbeResult) -> bool {
    match (a, b) {
        (ProbeResult::Response(x), ProbeResult::Response(y)) => x.status == y.status,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A bridge-mode container's hostname: Docker's 12-hex container id
/// (MODEL: derived from the task and container name).
fn container_hostname(task_arn: &str, container: &str) -> String {
    use crate::base::hash::{fnv1a64, splitmix64};
    let hash = fnv1a64(format!("{task_arn}/{container}").as_bytes());
    format!("{:012x}", splitmix64(hash) >> 16)
}

/// `Thu, 01 Jan 2026 00:01:30 GMT`: an HTTP `Date` header for the sim's
/// current time.
pub fn http_date(sim: &Sim) -> String {
    crate::base::time::http_date(sim.epoch_ms(sim.now()))
}

#[cfg(test)]
#[path = "reach_tests.rs"]
mod tests;
