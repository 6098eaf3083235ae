//! Classic Load Balancers (botocore `elb`, F7.1, F7.5): what ECS uses of
//! them — create with listeners, configure the health check, register and
//! deregister instances, describe instance health — and their attributes
//! (connection draining, cross-zone load balancing, idle timeout).
//!
//! A Classic load balancer lives in the same state as ELBv2's
//! (`crate::elbv2::ElbState`), so requests, health checks, `sim traffic`
//! and the `View` treat it as they treat the others:
//! - a [`LoadBalancerRecord`] of type [`LbType::Classic`] (its ARN
//!   `…:loadbalancer/<name>`, no `app/`);
//! - one hidden `instance` target group with the same ARN and name
//!   (`classic: true`) holding the registered instances, its health check
//!   the load balancer's, its deregistration delay the connection-draining
//!   timeout (0 while draining is off);
//! - a listener per LoadBalancerPort forwarding to that group, with the
//!   back end's InstanceProtocol and InstancePort.
//!
//! The ELBv2 API does not see any of them, and this API sees only them.
//! Unlike ALBs and NLBs, a Classic load balancer does not fail open: with
//! no instance InService it answers 503 (`crate::elbv2::route`).

pub mod shapes;

pub use shapes::*;

use crate::base::paginate::{Limits, PageRequest};
use crate::base::time::Precision;
use crate::elbv2::{
    ActionRecord, HealthCheck, LbType, ListenerRecord, LoadBalancerRecord, PROVISIONING,
    TargetGroupRecord, TargetState, check_tags,
};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use std::collections::BTreeMap;

/// MODEL (Classic Load Balancer quotas, ELB service quotas page): 20 per
/// Region.
pub const MAX_CLASSIC_LOAD_BALANCERS: usize = 20;
/// MODEL (the same page): 100 listeners per Classic load balancer.
pub const MAX_CLASSIC_LISTENERS: usize = 100;
/// F7.5: connection draining's timeout when it is turned on without one,
/// and its bounds.
pub const DEFAULT_DRAINING_TIMEOUT: i64 = 300;

/// DescribeLoadBalancers paging: `PageSize` 1–400, `Marker`.
const PAGING: Limits = Limits {
    operation: "DescribeLoadBalancers",
    limit_member: "PageSize",
    token_member: "Marker",
    min: 1,
    max: 400,
    default: None,
    limit_error: ErrorCode::ValidationError,
    token_error: ErrorCode::ValidationError,
};

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationError, message)
}

fn invalid_config(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidConfigurationRequestException, message)
}

/// AccessPointNotFound: AWS's own wording.
fn not_found(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::LoadBalancerNotFoundException,
        format!("There is no ACTIVE Load Balancer named '{name}'"),
    )
}

fn invalid_instance(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidEndPointException, message)
}

/// F7.5: the health check a Classic load balancer created through the API
/// starts with.
fn default_health_check() -> HealthCheck {
    HealthCheck {
        enabled: true,
        protocol: "TCP".to_owned(),
        port: "80".to_owned(),
        path: None,
        interval_seconds: 30,
        timeout_seconds: 5,
        healthy_threshold: 10,
        unhealthy_threshold: 2,
        matcher: None,
    }
}

/// `HTTP:80/index.html`, `TCP:80`: the health check's target.
fn health_target(h: &HealthCheck) -> String {
    match &h.path {
        Some(p) => format!("{}:{}{p}", h.protocol, h.port),
        None => format!("{}:{}", h.protocol, h.port),
    }
}

fn health_shape(h: &HealthCheck) -> ClassicHealthCheck {
    ClassicHealthCheck {
        target: health_target(h),
        interval: i64::from(h.interval_seconds),
        timeout: i64::from(h.timeout_seconds),
        unhealthy_threshold: i64::from(h.unhealthy_threshold),
        healthy_threshold: i64::from(h.healthy_threshold),
    }
}

/// F7.5: checks a health check as ConfigureHealthCheck gets it.
fn checked_health(h: &ClassicHealthCheck) -> Result<HealthCheck, ApiError> {
    let bounded = |value: i64, what: &str, min: i64, max: i64| {
        if (min..=max).contains(&value) {
            Ok(value as u32)
        } else {
            Err(validation(format!(
                "{what} '{value}' must be between '{min}' and '{max}' inclusive"
            )))
        }
    };
    let interval = bounded(h.interval, "Interval", 5, 300)?;
    let timeout = bounded(h.timeout, "Timeout", 2, 60)?;
    let unhealthy = bounded(h.unhealthy_threshold, "UnhealthyThreshold", 2, 10)?;
    let healthy = bounded(h.healthy_threshold, "HealthyThreshold", 2, 10)?;
    if timeout >= interval {
        return Err(validation(format!(
            "Health check timeout '{timeout}' must be smaller than the interval '{interval}'"
        )));
    }
    let bad_target = || {
        validation(format!(
            "Health check target '{}' is not valid: use PROTOCOL:PORT, or PROTOCOL:PORT/PATH for HTTP and HTTPS (for example TCP:80 or HTTP:80/index.html)",
            h.target
        ))
    };
    let (protocol, rest) = h.target.split_once(':').ok_or_else(bad_target)?;
    let protocol = protocol.to_ascii_uppercase();
    let (port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(rest[i..].to_owned())),
        None => (rest, None),
    };
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(bad_target)?;
    match (protocol.as_str(), &path) {
        ("TCP", None) => {}
        ("HTTP", Some(_)) => {}
        ("TCP", Some(_)) | ("HTTP", None) => return Err(bad_target()),
        ("HTTPS" | "SSL", _) => {
            return Err(ApiError::unsupported(
                "ConfigureHealthCheck",
                &format!("{protocol} health checks"),
            ));
        }
        _ => return Err(bad_target()),
    }
    Ok(HealthCheck {
        enabled: true,
        protocol,
        port: port.to_string(),
        path,
        interval_seconds: interval,
        timeout_seconds: timeout,
        healthy_threshold: healthy,
        unhealthy_threshold: unhealthy,
        // F7.5: only "200 OK" passes.
        matcher: Some("200".to_owned()),
    })
}

/// A listener's (protocol, port, instance protocol, instance port).
type Settings = (String, u16, String, u16);

/// The listeners `given` adds to `have`, checked together: the same
/// listener again adds nothing; another on a port in use, or two given
/// for one port, is a DuplicateListener; past the limit,
/// TooManyListeners.
fn new_listeners(
    have: &[Settings],
    given: &[ClassicListener],
    name: &str,
) -> Result<Vec<Settings>, ApiError> {
    let mut new: Vec<Settings> = Vec::new();
    for l in given {
        let checked = checked_listener(l)?;
        match have.iter().chain(&new).find(|e| e.1 == checked.1) {
            Some(e) if *e == checked => {}
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::DuplicateListenerException,
                    format!(
                        "A listener already exists for {name} with LoadBalancerPort {}, but with a different InstancePort, Protocol, or SSLCertificateId",
                        checked.1
                    ),
                ));
            }
            None => new.push(checked),
        }
    }
    if have.len() + new.len() > MAX_CLASSIC_LISTENERS {
        return Err(ApiError::new(
            ErrorCode::TooManyListenersException,
            format!("A Classic Load Balancer can have at most {MAX_CLASSIC_LISTENERS} listeners"),
        ));
    }
    Ok(new)
}

/// A listener as given.
fn checked_listener(l: &ClassicListener) -> Result<Settings, ApiError> {
    let protocol = l.protocol.to_ascii_uppercase();
    let instance_protocol = l
        .instance_protocol
        .as_deref()
        .map_or_else(|| protocol.clone(), str::to_ascii_uppercase);
    for p in [&protocol, &instance_protocol] {
        match p.as_str() {
            "HTTP" | "TCP" => {}
            "HTTPS" | "SSL" => {
                return Err(ApiError::unsupported(
                    "CreateLoadBalancerListeners",
                    &format!("{p} listeners (certificates)"),
                ));
            }
            other => {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedProtocolException,
                    format!("Protocol '{other}' is not valid: use HTTP, HTTPS, TCP or SSL"),
                ));
            }
        }
    }
    if protocol != instance_protocol {
        // CLBUG:elb-listener-config: an HTTP front end needs an HTTP(S) back
        // end, a TCP one a TCP (SSL) back end.
        return Err(invalid_config(format!(
            "Listener protocol '{protocol}' cannot be used with instance protocol '{instance_protocol}'"
        )));
    }
    if l.ssl_certificate_id.is_some() {
        return Err(invalid_config(
            "SSLCertificateId can only be given for an HTTPS or SSL listener",
        ));
    }
    let port = |value: i64, what: &str| {
        u16::try_from(value)
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| {
                validation(format!(
                    "{what} '{value}' must be between '1' and '65535' inclusive"
                ))
            })
    };
    Ok((
        protocol,
        port(l.load_balancer_port, "LoadBalancerPort")?,
        instance_protocol,
        port(l.instance_port, "InstancePort")?,
    ))
}

impl Sim {
    /// The Classic load balancer of this name.
    pub(crate) fn classic_by_name(&self, name: &str) -> Option<&LoadBalancerRecord> {
        self.state
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.lb_type == LbType::Classic && lb.name == name)
    }

    fn classic_checked(&self, name: &str) -> Result<(String, &TargetGroupRecord), ApiError> {
        let lb = self.classic_by_name(name).ok_or_else(|| not_found(name))?;
        let tg = self
            .state
            .elb
            .target_groups
            .get(&lb.arn)
            .ok_or_else(|| not_found(name))?;
        Ok((lb.arn.clone(), tg))
    }

    fn classic_listeners(&self, arn: &str) -> Vec<&ListenerRecord> {
        let mut out: Vec<&ListenerRecord> = self
            .state
            .elb
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == arn)
            .collect();
        out.sort_by_key(|l| l.port);
        out
    }

    /// A Classic load balancer's listeners as (protocol, port, instance
    /// protocol, instance port).
    fn classic_listener_settings(&self, arn: &str) -> Vec<Settings> {
        self.classic_listeners(arn)
            .into_iter()
            .map(|l| {
                let (ip, iport) = l.instance.clone().unwrap_or_default();
                (l.protocol.clone(), l.port, ip, iport)
            })
            .collect()
    }

    /// Adds listeners (checked together first, [`new_listeners`]).
    fn add_classic_listeners(
        &mut self,
        arn: &str,
        name: &str,
        listeners: &[ClassicListener],
    ) -> Result<(), ApiError> {
        let new = new_listeners(&self.classic_listener_settings(arn), listeners, name)?;
        for (protocol, port, instance_protocol, instance_port) in new {
            let listener_arn = format!("{arn}#listener/{port}");
            self.state.elb.listeners.insert(
                listener_arn.clone(),
                ListenerRecord {
                    arn: listener_arn.clone(),
                    load_balancer_arn: arn.to_owned(),
                    port,
                    protocol,
                    default_action: ActionRecord::Forward(vec![(arn.to_owned(), 1)]),
                    default_rule_arn: format!("{listener_arn}#default"),
                    instance: Some((instance_protocol, instance_port)),
                },
            );
        }
        self.elb_usage_changed();
        Ok(())
    }

    pub(crate) fn classic_create_load_balancer(
        &mut self,
        req: CreateAccessPointInput,
    ) -> Result<CreateAccessPointOutput, ApiError> {
        crate::elbv2::check_name(&req.load_balancer_name, "Load balancer")?;
        let name = req.load_balancer_name.clone();
        if req.listeners.is_empty() {
            return Err(validation("At least one listener must be specified"));
        }
        // Listeners that contradict each other are refused before anything
        // else is looked at or created.
        let given = new_listeners(&[], &req.listeners, &name)?;
        let scheme: &'static str = match req.scheme.as_deref() {
            None | Some("internet-facing") => "internet-facing",
            Some("internal") => "internal",
            Some(other) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidSchemeException,
                    format!("Scheme '{other}' is not valid: use internet-facing or internal"),
                ));
            }
        };
        // Subnets, or Availability Zones (then the default VPC's default
        // subnet in each).
        let subnets: Vec<String> = match (&req.subnets, &req.availability_zones) {
            (Some(_), Some(_)) => {
                return Err(validation(
                    "You can specify Subnets or AvailabilityZones, not both",
                ));
            }
            (Some(s), None) if !s.is_empty() => s.clone(),
            (None, Some(zones)) if !zones.is_empty() => {
                let mut out = Vec::new();
                for z in zones {
                    let subnet = self
                        .state
                        .subnets
                        .values()
                        .find(|s| {
                            s.default_for_az
                                && s.availability_zone == *z
                                && self.state.vpcs.get(&s.vpc_id).is_some_and(|v| v.is_default)
                        })
                        .ok_or_else(|| {
                            ApiError::new(
                                ErrorCode::InvalidConfigurationRequestException,
                                format!(
                                    "Availability Zone '{z}' has no default subnet in the default VPC: give Subnets instead"
                                ),
                            )
                        })?;
                    out.push(subnet.id.clone());
                }
                out
            }
            _ => {
                return Err(validation(
                    "Either AvailabilityZones or SubnetIds must be specified",
                ));
            }
        };
        if subnets.iter().any(|s| !self.state.subnets.contains_key(s)) {
            let bad = subnets
                .iter()
                .find(|s| !self.state.subnets.contains_key(*s))
                .cloned()
                .unwrap_or_default();
            return Err(ApiError::new(
                ErrorCode::SubnetNotFoundException,
                format!("The subnet ID '{bad}' is not valid"),
            ));
        }
        let (vpc_id, zones) = self.lb_subnets(&subnets)?;
        let security_groups = match &req.security_groups {
            Some(groups) if !groups.is_empty() => {
                self.check_lb_security_groups(groups, &vpc_id)?;
                groups.clone()
            }
            _ => self.vpc_default_groups(&vpc_id),
        };
        if let Some(tags) = &req.tags {
            check_tags(tags)?;
        }
        if let Some(existing) = self.classic_by_name(&name) {
            // Idempotent for the same listeners, as AWS is; a listener on a
            // port in use is a DuplicateListener; other listeners are
            // another load balancer's settings. Nothing changes.
            let arn = existing.arn.clone();
            let dns = existing.dns_name.clone();
            let new = new_listeners(&self.classic_listener_settings(&arn), &req.listeners, &name)?;
            if let Some(extra) = new.first() {
                return Err(ApiError::new(
                    ErrorCode::DuplicateLoadBalancerNameException,
                    format!(
                        "A load balancer named '{name}' already exists without a listener on port {} (add it with create-load-balancer-listeners)",
                        extra.1
                    ),
                ));
            }
            return Ok(CreateAccessPointOutput { dns_name: dns });
        }
        let classic_count = self
            .state
            .elb
            .load_balancers
            .values()
            .filter(|lb| lb.lb_type == LbType::Classic)
            .count();
        if classic_count >= MAX_CLASSIC_LOAD_BALANCERS {
            return Err(ApiError::new(
                ErrorCode::TooManyLoadBalancersException,
                format!(
                    "The maximum number of Classic Load Balancers ({MAX_CLASSIC_LOAD_BALANCERS}) has been reached"
                ),
            ));
        }
        let id_bits = self.new_hex_id();
        let arn = self
            .arns
            .arn("elasticloadbalancing", &format!("loadbalancer/{name}"));
        let nodes = self.lb_nodes(&zones, &arn, scheme)?;
        let dns_name = self.lb_dns_name(LbType::Classic, scheme, &name, &id_bits);
        let attributes: BTreeMap<String, String> = [
            // F7.5: cross-zone load balancing and connection draining are
            // off for a load balancer created through the API.
            ("load_balancing.cross_zone.enabled", "false"),
            ("idle_timeout.timeout_seconds", "60"),
            ("access_logs.s3.enabled", "false"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let first_port = given.first().map_or(80, |l| l.3);
        self.state.elb.load_balancers.insert(
            arn.clone(),
            LoadBalancerRecord {
                arn: arn.clone(),
                name: name.clone(),
                lb_type: LbType::Classic,
                scheme,
                vpc_id: vpc_id.clone(),
                zones: nodes,
                security_groups,
                dns_name: dns_name.clone(),
                created_at: self.now,
                active_at: self.now.saturating_add(PROVISIONING),
                attributes,
                usage_nanos: 0,
                usage_per_hour_nanos: 0,
            },
        );
        let tg_attributes: BTreeMap<String, String> = [
            ("deregistration_delay.timeout_seconds", "0".to_owned()),
            ("connection_draining.enabled", "false".to_owned()),
            (
                "connection_draining.timeout_seconds",
                DEFAULT_DRAINING_TIMEOUT.to_string(),
            ),
            ("load_balancing.algorithm.type", "round_robin".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        self.state.elb.target_groups.insert(
            arn.clone(),
            TargetGroupRecord {
                arn: arn.clone(),
                name: name.clone(),
                protocol: "TCP".to_owned(),
                port: first_port,
                vpc_id,
                target_type: "instance",
                health: default_health_check(),
                attributes: tg_attributes,
                targets: Vec::new(),
                rotation: 0,
                created_at: self.now,
                classic: true,
            },
        );
        if let Err(e) = self.add_classic_listeners(&arn, &name, &req.listeners) {
            // Checked above; never leave half a load balancer.
            self.remove_classic(&arn);
            return Err(e);
        }
        self.elb_set_tags(&arn, req.tags);
        Ok(CreateAccessPointOutput { dns_name })
    }

    fn remove_classic(&mut self, arn: &str) {
        let listeners: Vec<String> = self
            .classic_listeners(arn)
            .iter()
            .map(|l| l.arn.clone())
            .collect();
        for l in listeners {
            self.state.elb.listeners.remove(&l);
        }
        self.state.elb.target_groups.remove(arn);
        self.retire_load_balancer_cost(arn);
        self.state.elb.load_balancers.remove(arn);
        self.state.elb.tags.remove(arn);
        self.state.elb.traffic.remove(arn);
        self.elb_usage_changed();
    }

    fn classic_description(&self, lb: &LoadBalancerRecord) -> LoadBalancerDescription {
        let tg = self.state.elb.target_groups.get(&lb.arn);
        let health = tg.map_or_else(default_health_check, |t| t.health.clone());
        let mut instances: Vec<Instance> = tg
            .map(|t| {
                t.targets
                    .iter()
                    .filter(|t| t.state != TargetState::Draining)
                    .map(|t| Instance {
                        instance_id: t.id.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        instances.dedup();
        let group_name = lb
            .security_groups
            .first()
            .and_then(|g| self.state.security_groups.get(g))
            .map(|g| g.name.clone());
        LoadBalancerDescription {
            load_balancer_name: lb.name.clone(),
            dns_name: lb.dns_name.clone(),
            canonical_hosted_zone_name: lb.dns_name.clone(),
            canonical_hosted_zone_name_id: crate::elbv2::ALB_HOSTED_ZONE.to_owned(),
            listener_descriptions: self
                .classic_listeners(&lb.arn)
                .into_iter()
                .map(|l| {
                    let (ip, iport) = l.instance.clone().unwrap_or_default();
                    ListenerDescription {
                        listener: ClassicListener {
                            protocol: l.protocol.clone(),
                            load_balancer_port: i64::from(l.port),
                            instance_protocol: Some(ip),
                            instance_port: i64::from(iport),
                            ssl_certificate_id: None,
                        },
                        policy_names: Vec::new(),
                    }
                })
                .collect(),
            policies: Policies {
                app_cookie_stickiness_policies: Vec::new(),
                lb_cookie_stickiness_policies: Vec::new(),
                other_policies: Vec::new(),
            },
            backend_server_descriptions: Vec::new(),
            availability_zones: lb.zones.iter().map(|z| z.zone.clone()).collect(),
            subnets: lb.zones.iter().map(|z| z.subnet_id.clone()).collect(),
            vpc_id: lb.vpc_id.clone(),
            instances,
            health_check: health_shape(&health),
            source_security_group: group_name.map(|g| SourceSecurityGroup {
                owner_alias: self.config.account_id.clone(),
                group_name: g,
            }),
            security_groups: lb.security_groups.clone(),
            created_time: self.iso8601(lb.created_at, Precision::Millis),
            scheme: lb.scheme.to_owned(),
        }
    }

    pub(crate) fn classic_describe_load_balancers(
        &self,
        req: DescribeAccessPointsInput,
    ) -> Result<DescribeAccessPointsOutput, ApiError> {
        let page: PageRequest = PAGING.request(req.page_size, req.marker.as_deref())?;
        let chosen: Vec<&LoadBalancerRecord> = match &req.load_balancer_names {
            Some(names) if !names.is_empty() => {
                let mut out = Vec::new();
                for n in names {
                    out.push(self.classic_by_name(n).ok_or_else(|| not_found(n))?);
                }
                out
            }
            _ => self
                .state
                .elb
                .load_balancers
                .values()
                .filter(|lb| lb.lb_type == LbType::Classic)
                .collect(),
        };
        let (items, next_marker) = page.page(
            chosen
                .into_iter()
                .map(|lb| (lb.name.clone(), self.classic_description(lb))),
        );
        Ok(DescribeAccessPointsOutput {
            load_balancer_descriptions: items,
            next_marker,
        })
    }

    /// Deleting one that does not exist succeeds, as AWS's does. Its
    /// instances stay as they are (ECS tasks keep running).
    pub(crate) fn classic_delete_load_balancer(
        &mut self,
        req: AccessPointNameInput,
    ) -> Result<ClassicEmpty, ApiError> {
        if let Some(arn) = self
            .classic_by_name(&req.load_balancer_name)
            .map(|lb| lb.arn.clone())
        {
            self.remove_classic(&arn);
        }
        Ok(ClassicEmpty {})
    }

    pub(crate) fn configure_health_check(
        &mut self,
        req: ConfigureHealthCheckInput,
    ) -> Result<ConfigureHealthCheckOutput, ApiError> {
        let (arn, _) = self.classic_checked(&req.load_balancer_name)?;
        let health = checked_health(&req.health_check)?;
        if let Some(tg) = self.state.elb.target_groups.get_mut(&arn) {
            tg.health = health.clone();
        }
        self.rearm_targets(Some(&arn));
        Ok(ConfigureHealthCheckOutput {
            health_check: health_shape(&health),
        })
    }

    /// The instances as given: they exist and are in the load balancer's
    /// VPC.
    fn checked_instances(&self, vpc_id: &str, instances: &[Instance]) -> Result<(), ApiError> {
        if instances.is_empty() {
            return Err(validation("At least one instance must be specified"));
        }
        for i in instances {
            let Some(rec) = self.state.instances.get(&i.instance_id) else {
                return Err(invalid_instance(format!(
                    "The requested instance '{}' does not exist",
                    i.instance_id
                )));
            };
            let vpc = self
                .state
                .subnets
                .get(&rec.subnet_id)
                .map(|s| s.vpc_id.as_str());
            if vpc != Some(vpc_id) {
                return Err(invalid_instance(format!(
                    "Instance '{}' is not in the load balancer's VPC '{vpc_id}'",
                    i.instance_id
                )));
            }
            if rec.state != crate::ec2::instance::InstanceState::Running {
                return Err(invalid_instance(format!(
                    "EC2 instance {} is not in running state.",
                    i.instance_id
                )));
            }
        }
        Ok(())
    }

    fn registered_instances(&self, arn: &str) -> Vec<Instance> {
        self.state
            .elb
            .target_groups
            .get(arn)
            .map(|tg| {
                tg.targets
                    .iter()
                    .filter(|t| t.state != TargetState::Draining)
                    .map(|t| Instance {
                        instance_id: t.id.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn register_instances_with_load_balancer(
        &mut self,
        req: EndPointsInput,
    ) -> Result<EndPointsOutput, ApiError> {
        let (arn, tg) = self.classic_checked(&req.load_balancer_name)?;
        self.checked_instances(&tg.vpc_id.clone(), &req.instances)?;
        let port = tg.port;
        for i in &req.instances {
            self.register_target(&arn, &i.instance_id, port, None);
        }
        Ok(EndPointsOutput {
            instances: self.registered_instances(&arn),
        })
    }

    pub(crate) fn deregister_instances_from_load_balancer(
        &mut self,
        req: EndPointsInput,
    ) -> Result<EndPointsOutput, ApiError> {
        let (arn, tg) = self.classic_checked(&req.load_balancer_name)?;
        if req.instances.is_empty() {
            return Err(validation("At least one instance must be specified"));
        }
        let port = tg.port;
        for i in &req.instances {
            let registered = tg
                .targets
                .iter()
                .any(|t| t.id == i.instance_id && t.state != TargetState::Draining);
            if !registered {
                return Err(invalid_instance(format!(
                    "Instance '{}' is not registered with load balancer '{}'",
                    i.instance_id, req.load_balancer_name
                )));
            }
        }
        for i in &req.instances {
            self.deregister_target(&arn, &i.instance_id, port);
        }
        Ok(EndPointsOutput {
            instances: self.registered_instances(&arn),
        })
    }

    /// An instance's state as DescribeInstanceHealth gives it (the
    /// descriptions are the model's list, BOTO-ELB:InstanceState).
    fn classic_instance_state(
        &self,
        tg: &TargetGroupRecord,
        id: &str,
    ) -> (&'static str, &'static str, &'static str) {
        use crate::ec2::instance::InstanceState as Ec2;
        let Some(t) = tg.targets.iter().find(|t| t.id == id) else {
            return (
                "OutOfService",
                "ELB",
                "Instance is not currently registered with the LoadBalancer.",
            );
        };
        match self.state.instances.get(id).map(|i| i.state) {
            Some(Ec2::Terminated) | None => {
                return (
                    "OutOfService",
                    "Instance",
                    "Instance is in terminated state.",
                );
            }
            Some(Ec2::ShuttingDown) => {
                return ("OutOfService", "Instance", "Instance is in stopped state.");
            }
            Some(Ec2::Pending) => {
                return ("OutOfService", "Instance", "Instance is in pending state.");
            }
            Some(Ec2::Running) => {}
        }
        match self.target_health_of(tg, t).0 {
            "healthy" => ("InService", "N/A", "N/A"),
            "draining" => (
                "OutOfService",
                "ELB",
                "Instance deregistration currently in progress.",
            ),
            "unused" => (
                "OutOfService",
                "ELB",
                "Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.",
            ),
            "unhealthy" if t.passes > 0 => (
                "OutOfService",
                "Instance",
                "Instance has not passed the configured HealthyThreshold number of health checks consecutively.",
            ),
            "unhealthy" => (
                "OutOfService",
                "Instance",
                "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
            ),
            _ => (
                "OutOfService",
                "ELB",
                "Instance registration is still in progress.",
            ),
        }
    }

    pub(crate) fn describe_instance_health(
        &self,
        req: DescribeEndPointStateInput,
    ) -> Result<DescribeEndPointStateOutput, ApiError> {
        let (_, tg) = self.classic_checked(&req.load_balancer_name)?;
        let ids: Vec<String> = match &req.instances {
            Some(asked) if !asked.is_empty() => {
                let mut out = Vec::new();
                for i in asked {
                    if !self.state.instances.contains_key(&i.instance_id) {
                        return Err(invalid_instance(format!(
                            "Could not find EC2 instance {}.",
                            i.instance_id
                        )));
                    }
                    out.push(i.instance_id.clone());
                }
                out
            }
            _ => tg
                .targets
                .iter()
                .filter(|t| t.state != TargetState::Draining)
                .map(|t| t.id.clone())
                .collect(),
        };
        let instance_states = ids
            .into_iter()
            .map(|id| {
                let (state, reason_code, description) = self.classic_instance_state(tg, &id);
                InstanceState {
                    instance_id: id,
                    state,
                    reason_code,
                    description,
                }
            })
            .collect();
        Ok(DescribeEndPointStateOutput { instance_states })
    }

    pub(crate) fn create_load_balancer_listeners(
        &mut self,
        req: CreateLoadBalancerListenerInput,
    ) -> Result<ClassicEmpty, ApiError> {
        let (arn, _) = self.classic_checked(&req.load_balancer_name)?;
        if req.listeners.is_empty() {
            return Err(validation("At least one listener must be specified"));
        }
        self.add_classic_listeners(&arn, &req.load_balancer_name, &req.listeners)?;
        Ok(ClassicEmpty {})
    }

    /// Ports without a listener are ignored, as AWS does.
    pub(crate) fn delete_load_balancer_listeners(
        &mut self,
        req: DeleteLoadBalancerListenerInput,
    ) -> Result<ClassicEmpty, ApiError> {
        let (arn, _) = self.classic_checked(&req.load_balancer_name)?;
        let gone: Vec<String> = self
            .classic_listeners(&arn)
            .into_iter()
            .filter(|l| req.load_balancer_ports.contains(&i64::from(l.port)))
            .map(|l| l.arn.clone())
            .collect();
        for l in gone {
            self.state.elb.listeners.remove(&l);
        }
        self.elb_usage_changed();
        Ok(ClassicEmpty {})
    }

    pub(crate) fn apply_security_groups_to_load_balancer(
        &mut self,
        req: ApplySecurityGroupsInput,
    ) -> Result<ApplySecurityGroupsOutput, ApiError> {
        let (arn, tg) = self.classic_checked(&req.load_balancer_name)?;
        let vpc = tg.vpc_id.clone();
        if req.security_groups.is_empty() {
            return Err(validation("At least one security group must be specified"));
        }
        self.check_lb_security_groups(&req.security_groups, &vpc)?;
        if let Some(lb) = self.state.elb.load_balancers.get_mut(&arn) {
            lb.security_groups = req.security_groups.clone();
        }
        self.rearm_targets(None);
        Ok(ApplySecurityGroupsOutput {
            security_groups: req.security_groups,
        })
    }

    fn classic_attributes(&self, arn: &str) -> LoadBalancerAttributes {
        let lb = self.state.elb.load_balancers.get(arn);
        let tg = self.state.elb.target_groups.get(arn);
        let lb_attr = |k: &str| lb.and_then(|l| l.attributes.get(k)).cloned();
        let tg_attr = |k: &str| tg.and_then(|t| t.attributes.get(k)).cloned();
        LoadBalancerAttributes {
            cross_zone_load_balancing: Some(CrossZoneLoadBalancing {
                enabled: lb_attr("load_balancing.cross_zone.enabled").as_deref() == Some("true"),
            }),
            access_log: Some(AccessLog {
                enabled: false,
                ..AccessLog::default()
            }),
            connection_draining: Some(ConnectionDraining {
                enabled: tg_attr("connection_draining.enabled").as_deref() == Some("true"),
                timeout: tg_attr("connection_draining.timeout_seconds")
                    .and_then(|v| v.parse().ok()),
            }),
            connection_settings: Some(ConnectionSettings {
                idle_timeout: lb_attr("idle_timeout.timeout_seconds")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(60),
            }),
            additional_attributes: None,
        }
    }

    pub(crate) fn classic_describe_load_balancer_attributes(
        &self,
        req: AccessPointNameInput,
    ) -> Result<DescribeLoadBalancerAttributesOutput, ApiError> {
        let (arn, _) = self.classic_checked(&req.load_balancer_name)?;
        Ok(DescribeLoadBalancerAttributesOutput {
            load_balancer_attributes: self.classic_attributes(&arn),
        })
    }

    /// Connection draining (F7.5: timeout 1–3600 s, 300 by default),
    /// cross-zone load balancing, idle timeout; access logs are refused.
    pub(crate) fn classic_modify_load_balancer_attributes(
        &mut self,
        req: ModifyLoadBalancerAttributesInput,
    ) -> Result<ModifyLoadBalancerAttributesOutput, ApiError> {
        let (arn, _) = self.classic_checked(&req.load_balancer_name)?;
        let a = &req.load_balancer_attributes;
        if a.access_log.as_ref().is_some_and(|l| l.enabled) {
            return Err(ApiError::unsupported(
                "ModifyLoadBalancerAttributes",
                "AccessLog (S3 buckets)",
            ));
        }
        if a.additional_attributes
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            return Err(ApiError::new(
                ErrorCode::LoadBalancerAttributeNotFoundException,
                "AdditionalAttributes are not modelled: use ConnectionDraining, CrossZoneLoadBalancing or ConnectionSettings",
            ));
        }
        if let Some(d) = &a.connection_draining
            && let Some(t) = d.timeout
            && !(1..=3600).contains(&t)
        {
            return Err(validation(format!(
                "ConnectionDraining Timeout '{t}' must be between '1' and '3600' inclusive"
            )));
        }
        if let Some(s) = &a.connection_settings
            && !(1..=3600).contains(&s.idle_timeout)
        {
            return Err(validation(format!(
                "IdleTimeout '{}' must be between '1' and '3600' inclusive",
                s.idle_timeout
            )));
        }
        if let Some(lb) = self.state.elb.load_balancers.get_mut(&arn) {
            if let Some(c) = &a.cross_zone_load_balancing {
                lb.attributes.insert(
                    "load_balancing.cross_zone.enabled".into(),
                    c.enabled.to_string(),
                );
            }
            if let Some(s) = &a.connection_settings {
                lb.attributes.insert(
                    "idle_timeout.timeout_seconds".into(),
                    s.idle_timeout.to_string(),
                );
            }
        }
        if let Some(d) = &a.connection_draining
            && let Some(tg) = self.state.elb.target_groups.get_mut(&arn)
        {
            let timeout = d.timeout.unwrap_or_else(|| {
                tg.attributes
                    .get("connection_draining.timeout_seconds")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(DEFAULT_DRAINING_TIMEOUT)
            });
            tg.attributes
                .insert("connection_draining.enabled".into(), d.enabled.to_string());
            tg.attributes.insert(
                "connection_draining.timeout_seconds".into(),
                timeout.to_string(),
            );
            tg.attributes.insert(
                "deregistration_delay.timeout_seconds".into(),
                if d.enabled { timeout } else { 0 }.to_string(),
            );
        }
        Ok(ModifyLoadBalancerAttributesOutput {
            load_balancer_name: req.load_balancer_name,
            load_balancer_attributes: self.classic_attributes(&arn),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn hc(target: &str, interval: i64, timeout: i64) -> ClassicHealthCheck {
        ClassicHealthCheck {
            target: target.to_owned(),
            interval,
            timeout,
            unhealthy_threshold: 2,
            healthy_threshold: 3,
        }
    }

    #[test]
    fn health_check_targets_follow_f7_5() {
        let h = checked_health(&hc("HTTP:8080/health", 10, 5)).unwrap();
        assert_eq!(
            (h.protocol.as_str(), h.port.as_str(), h.path.as_deref()),
            ("HTTP", "8080", Some("/health"))
        );
        assert_eq!(health_target(&h), "HTTP:8080/health");
        assert_eq!(h.matcher.as_deref(), Some("200"));
        let t = checked_health(&hc("tcp:80", 30, 5)).unwrap();
        assert_eq!(health_target(&t), "TCP:80");
        for bad in [
            "HTTP:80",
            "TCP:80/x",
            "UDP:80",
            "HTTP:0/",
            "80",
            "HTTP:abc/",
        ] {
            assert_eq!(
                checked_health(&hc(bad, 30, 5)).unwrap_err().code,
                ErrorCode::ValidationError,
                "{bad}"
            );
        }
        // Timeout under the interval; bounds.
        assert!(checked_health(&hc("TCP:80", 5, 5)).is_err());
        assert!(checked_health(&hc("TCP:80", 301, 5)).is_err());
        assert!(checked_health(&hc("TCP:80", 30, 1)).is_err());
    }

    #[test]
    fn listeners_pair_like_protocols() {
        let l = |p: &str, ip: Option<&str>, port: i64| ClassicListener {
            protocol: p.to_owned(),
            load_balancer_port: port,
            instance_protocol: ip.map(str::to_owned),
            instance_port: 8080,
            ssl_certificate_id: None,
        };
        assert_eq!(
            checked_listener(&l("http", None, 80)).unwrap(),
            ("HTTP".into(), 80, "HTTP".into(), 8080)
        );
        assert_eq!(
            checked_listener(&l("HTTP", Some("TCP"), 80))
                .unwrap_err()
                .code,
            ErrorCode::InvalidConfigurationRequestException
        );
        assert_eq!(
            checked_listener(&l("UDP", None, 80)).unwrap_err().code,
            ErrorCode::UnsupportedProtocolException
        );
        assert_eq!(
            checked_listener(&l("TCP", None, 0)).unwrap_err().code,
            ErrorCode::ValidationError
        );
    }
}
