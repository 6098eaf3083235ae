//! A request through a load balancer (`curl http://<dns-name>/path`), as
//! hops of the same trail `crate::reach` draws: the node's address, the
//! internet gateway, the load balancer's security groups, a listener on
//! the port, the rule that matches (ALB), a target group by weight and a
//! target by the group's algorithm, then the walk from the load balancer
//! to the target. The load balancer answers itself where F18.6 says: 503
//! with no registered targets, 502 when the target refuses or resets, 504
//! when it does not answer. With every target unhealthy an ALB fails open
//! (F7.3).
//!
//! MODEL (section 13): `round_robin` is one rotation over the healthy
//! targets in registration order (cross-zone); `least_outstanding_requests`
//! and `weighted_random` choose the same way, since a simulated client
//! sends one request at a time. Weights across target groups: request
//! number n (the groups' rotations added up) goes to the group whose
//! cumulative weight range holds n mod the total weight.

use super::listener::glob;
use super::*;
use crate::base::ipv4::{Cidr, format_ipv4};
use crate::ec2::security_group::Source;
use crate::reach::{HttpResponse, ProbeResult, ProbeSource, Trail};
use crate::sim::Sim;

/// What a request carries besides its path.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestInfo {
    /// The Host header (without a port).
    pub host: String,
    pub method: String,
    /// `(name, value)` headers the client added.
    pub headers: Vec<(String, String)>,
    /// The client's address, when it has one (internet clients).
    pub client_ip: Option<u32>,
}

/// F18.6's pages, with CRLF line ends (162 bytes for the 503).
fn elb_page(status: u16, reason: &'static str) -> HttpResponse {
    HttpResponse {
        status,
        reason,
        server: "awselb/2.0",
        content_type: "text/html",
        body: format!(
            "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n"
        ),
    }
}

pub(crate) fn reason_of(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl Sim {
    /// The request's walk once its destination is a load balancer node.
    /// `trail.chosen` names the target group whose rotation it used.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn walk_load_balancer(
        &self,
        source: &ProbeSource,
        lb: &LoadBalancerRecord,
        zone: &LbZone,
        dest: u32,
        port: u16,
        path_and_query: &str,
        request: &RequestInfo,
        trail: &mut Trail,
    ) -> ProbeResult {
        let dest_text = format_ipv4(dest);
        let what = format!(
            "the {} {}'s node in {} (subnet {})",
            lb.lb_type.title(),
            lb.name,
            zone.zone,
            zone.subnet_id
        );
        let public = zone.public_ip == Some(dest);
        // 1. address
        match source {
            ProbeSource::Internet(_) if !public => {
                trail.fail(
                    "address",
                    || format!(
                        "{dest_text} is the private address of {what}: an internal load balancer is not reachable from the internet. Make it internet-facing, or call it from inside its VPC."
                    ),
                );
                return ProbeResult::Timeout;
            }
            ProbeSource::Internet(_) => trail.pass("address", || {
                format!("{dest_text} is the public address of {what}.")
            }),
            ProbeSource::Group(_) | ProbeSource::Node(_) | ProbeSource::Forwarded(_) if public => {
                trail.fail(
                    "address",
                    || format!(
                        "{dest_text} is the public address of {what}. From inside the VPC use an internal load balancer or the node's private address {}.",
                        format_ipv4(zone.private_ip)
                    ),
                );
                return ProbeResult::Timeout;
            }
            ProbeSource::Group(g) => {
                let vpc = self.state.security_groups.get(g).map(|s| s.vpc_id.clone());
                if vpc.as_deref() != Some(lb.vpc_id.as_str()) {
                    trail.fail(
                        "address",
                        || format!(
                            "{dest_text} is a private address of {what} in {}, and the source is not in that VPC.",
                            lb.vpc_id
                        ),
                    );
                    return ProbeResult::Timeout;
                }
                trail.pass("address", || {
                    format!("{dest_text} is the private address of {what}.")
                });
            }
            ProbeSource::Node(_) | ProbeSource::Forwarded(_) => {
                trail.pass("address", || {
                    format!("{dest_text} is the private address of {what}.")
                });
            }
        }
        if !lb.is_active(self.now) {
            trail.fail(
                "load-balancer",
                || format!(
                    "Load balancer {} is still provisioning (it becomes active {} after it was created): nothing answers yet.",
                    lb.name,
                    PROVISIONING.label()
                ),
            );
            return ProbeResult::Timeout;
        }
        // 2. internet gateway
        if let ProbeSource::Internet(_) = source {
            let is_default = self
                .state
                .vpcs
                .get(&lb.vpc_id)
                .is_some_and(|v| v.is_default);
            if !is_default {
                trail.fail(
                    "internet-gateway",
                    || format!(
                        "VPC {} has no internet gateway (MODEL: only the default VPC has one), so the load balancer's subnets are private and nothing from the internet reaches it.",
                        lb.vpc_id
                    ),
                );
                return ProbeResult::Timeout;
            }
            trail.pass("internet-gateway", || {
                format!(
                    "Subnet {} is in the default VPC {}, which routes to its internet gateway.",
                    zone.subnet_id, lb.vpc_id
                )
            });
        }
        // 3. the load balancer's security groups
        let from = match source {
            ProbeSource::Internet(ip) | ProbeSource::Node(ip) | ProbeSource::Forwarded(ip) => {
                Source::Cidr(*ip)
            }
            ProbeSource::Group(g) => Source::Group(g.clone()),
        };
        if lb.security_groups.is_empty() {
            trail.pass(
                "security-group",
                || format!("Load balancer {} has no security groups: its listeners take traffic from anywhere.", lb.name),
            );
        } else {
            let verdict = self.allows_ingress(&lb.security_groups, &from, "tcp", port);
            match &verdict.by_rule {
                Some(rule) if verdict.allowed => trail.pass("security-group", || {
                    format!(
                        "Inbound rule {} of the load balancer's group {} allows it ({}).",
                        rule.rule_id, rule.group_id, rule.summary
                    )
                }),
                _ => {
                    trail.fail(
                        "security-group",
                        || format!(
                            "No inbound rule of the load balancer's security groups ({}) allows TCP port {port} from the client: the packets are dropped and the client times out.",
                            lb.security_groups.join(", ")
                        ),
                    );
                    return ProbeResult::Timeout;
                }
            }
        }
        // 4. listener
        let Some(listener) = self
            .state
            .elb
            .listeners
            .values()
            .find(|l| l.load_balancer_arn == lb.arn && l.port == port)
        else {
            let ports: Vec<String> = self
                .state
                .elb
                .listeners
                .values()
                .filter(|l| l.load_balancer_arn == lb.arn)
                .map(|l| format!("{} {}", l.protocol, l.port))
                .collect();
            trail.fail(
                "listener",
                || format!(
                    "Load balancer {} has no listener on port {port} (listeners: {}): nothing accepts the connection.",
                    lb.name,
                    if ports.is_empty() { "none".to_owned() } else { ports.join(", ") }
                ),
            );
            return ProbeResult::Timeout;
        };
        trail.pass("listener", || {
            format!(
                "Listener {} {} accepts the connection.",
                listener.protocol, listener.port
            )
        });
        // 5. rules (ALB)
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let action = if lb.lb_type == LbType::Application {
            let mut rules: Vec<&RuleRecord> = self
                .state
                .elb
                .rules
                .values()
                .filter(|r| r.listener_arn == listener.arn)
                .collect();
            rules.sort_by_key(|r| r.priority);
            match rules.iter().find(|r| {
                r.conditions
                    .iter()
                    .all(|c| condition_matches(c, path, query, request))
            }) {
                Some(r) => {
                    trail.pass("rule", || {
                        format!(
                            "Rule priority {} matches ({}).",
                            r.priority,
                            r.conditions
                                .iter()
                                .map(|c| format!("{} {}", c.field, c.values.join(" or ")))
                                .collect::<Vec<_>>()
                                .join(" and ")
                        )
                    });
                    &r.action
                }
                None => {
                    trail.pass(
                        "rule",
                        || if rules.is_empty() {
                            "The listener's default action applies (it has no other rules).".to_owned()
                        } else {
                            format!("None of the listener's {} rules match: its default action applies.", rules.len())
                        },
                    );
                    &listener.default_action
                }
            }
        } else {
            &listener.default_action
        };
        // 6. action
        let groups = match action {
            ActionRecord::FixedResponse {
                status_code,
                content_type,
                message_body,
            } => {
                trail.pass("response", || {
                    format!("The load balancer answers {status_code} itself (fixed-response).")
                });
                return ProbeResult::Response(HttpResponse {
                    status: *status_code,
                    reason: reason_of(*status_code),
                    server: "awselb/2.0",
                    content_type: match content_type.as_deref() {
                        Some("text/css") => "text/css",
                        Some("text/html") => "text/html",
                        Some("application/javascript") => "application/javascript",
                        Some("application/json") => "application/json",
                        _ => "text/plain; charset=utf-8",
                    },
                    body: message_body.clone().unwrap_or_default(),
                });
            }
            ActionRecord::Redirect(cfg) => {
                let code = if cfg.status_code == "HTTP_301" {
                    301
                } else {
                    302
                };
                let subst = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_owned());
                let location = format!(
                    "{}://{}:{}{}{}",
                    subst(&cfg.protocol, "#{protocol}")
                        .replace("#{protocol}", &listener.protocol)
                        .to_ascii_lowercase(),
                    subst(&cfg.host, "#{host}").replace("#{host}", &request.host),
                    subst(&cfg.port, "#{port}").replace("#{port}", &port.to_string()),
                    subst(&cfg.path, "/#{path}").replace("#{path}", path.trim_start_matches('/')),
                    {
                        let q = subst(&cfg.query, "#{query}").replace("#{query}", query);
                        if q.is_empty() {
                            String::new()
                        } else {
                            format!("?{q}")
                        }
                    }
                );
                trail.pass("response", || {
                    format!("The load balancer redirects ({code}) to {location}.")
                });
                return ProbeResult::Response(HttpResponse {
                    status: code,
                    reason: reason_of(code),
                    server: "awselb/2.0",
                    content_type: "text/html",
                    body: format!(
                        "<html>\r\n<head><title>{code} {}</title></head>\r\n<body>\r\n<center><h1>{code} {}</h1></center>\r\n</body>\r\n</html>\r\n<!-- Location: {location} -->\r\n",
                        reason_of(code),
                        reason_of(code)
                    ),
                });
            }
            ActionRecord::Forward(groups) => groups,
        };
        // 7. target group by weight
        let total: u64 = groups.iter().map(|(_, w)| u64::from(*w)).sum();
        let n: u64 = groups
            .iter()
            .filter_map(|(g, _)| self.state.elb.target_groups.get(g))
            .map(|tg| tg.rotation)
            .sum();
        let chosen_group = if total == 0 {
            None
        } else {
            let mut slot = n % total;
            groups.iter().find(|(_, w)| {
                if slot < u64::from(*w) {
                    true
                } else {
                    slot -= u64::from(*w);
                    false
                }
            })
        };
        // An HTTP listener's load balancer answers errors itself; a TCP
        // one resets the connection.
        let http = listener.protocol == "HTTP" || listener.protocol == "HTTPS";
        let Some(tg) = chosen_group.and_then(|(g, _)| self.state.elb.target_groups.get(g)) else {
            trail.fail("target-group", || {
                "Every target group of the forward action has weight 0.".to_owned()
            });
            return self.elb_answers(lb, http, 503, trail);
        };
        if groups.len() > 1 {
            trail.pass("target-group", || {
                format!(
                    "Target group {} (weight {} of {total}).",
                    tg.name,
                    chosen_group.map_or(0, |(_, w)| *w)
                )
            });
        }
        // 8. target
        // Targets the node may send to: registered, not draining, in a zone
        // the load balancer has enabled (else `unused`); an NLB without
        // cross-zone load balancing (its default, F7.1) only in the
        // node's own zone.
        let cross_zone = lb.lb_type == LbType::Application
            || lb
                .attributes
                .get("load_balancing.cross_zone.enabled")
                .map(String::as_str)
                == Some("true");
        let registered: Vec<&TargetRecord> = tg
            .targets
            .iter()
            .filter(|t| t.state != TargetState::Draining)
            .filter(|t| self.target_health_of(tg, t).0 != "unused")
            .filter(|t| cross_zone || self.target_zone(tg, &t.id).is_none_or(|z| z == zone.zone))
            .collect();
        if registered.is_empty() {
            trail.fail("target", || {
                if tg.classic {
                    format!(
                        "Load balancer {} has no registered instances in service.",
                        tg.name
                    )
                } else {
                    format!("Target group {} has no registered targets.", tg.name)
                }
            });
            return self.elb_answers(lb, http, 503, trail);
        }
        let healthy: Vec<&TargetRecord> = registered
            .iter()
            .copied()
            .filter(|t| self.target_health_of(tg, t).0 == "healthy")
            .collect();
        // F7.3: ALBs and NLBs fail open; a Classic load balancer sends
        // only to InService instances (CLBUG:elb-healthchecks).
        if healthy.is_empty() && lb.lb_type == LbType::Classic {
            trail.fail("target", || {
                format!(
                    "None of load balancer {}'s {} registered instances is InService: it has nowhere to send the request.",
                    tg.name,
                    registered.len()
                )
            });
            return self.elb_answers(lb, http, 503, trail);
        }
        let (pool, open) = if healthy.is_empty() {
            (registered.clone(), true)
        } else {
            (healthy, false)
        };

        // The group's algorithm (F7.6; MODEL, section 13):
        // - least outstanding requests: a target that holds requests it
        //   never answers (http-hang) has requests outstanding, so the
        //   others go first; among equals, the rotation;
        // - source-IP stickiness (NLB): the client's address picks the
        //   target, so one client always lands on the same one;
        // - round robin (and weighted random, whose shares are even): the
        //   rotation. lb_cookie and app_cookie stickiness need a client
        //   that keeps cookies; curl does not, so they change nothing.
        let attribute = |k: &str| tg.attributes.get(k).map(String::as_str);
        let algorithm = attribute("load_balancing.algorithm.type").unwrap_or("round_robin");
        let pool: Vec<&TargetRecord> = if algorithm == "least_outstanding_requests" {
            let idle: Vec<&TargetRecord> = pool
                .iter()
                .copied()
                .filter(|t| !self.target_hangs(t))
                .collect();
            if idle.is_empty() { pool } else { idle }
        } else {
            pool
        };
        let sticky_ip = (attribute("stickiness.enabled") == Some("true")
            && attribute("stickiness.type") == Some("source_ip"))
        .then_some(request.client_ip)
        .flatten();
        let slot = match sticky_ip {
            Some(ip) => u64::from(ip).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32,
            None => tg.rotation,
        } % pool.len() as u64;
        let target = pool[slot as usize];
        // A Classic listener names the instance port it sends to.
        let target_port = listener.instance.as_ref().map_or(target.port, |i| i.1);
        trail.chosen = Some(tg.arn.clone());
        trail.pass(
            "target",
            || format!(
                "{} {}: {} {}:{} ({}), {} of {} by {}.{}",
                if tg.classic { "Load balancer" } else { "Target group" },
                tg.name,
                if tg.classic { "instance" } else { "target" },
                target.id,
                target_port,
                match (tg.classic, self.target_health_of(tg, target).0) {
                    (true, "healthy") => "InService",
                    (_, state) => state,
                },
                slot + 1,
                pool.len(),
                match (sticky_ip, algorithm) {
                    (Some(_), _) => "source IP stickiness",
                    (None, "least_outstanding_requests") => "least outstanding requests",
                    (None, "weighted_random") => "weighted random",
                    _ => "round robin",
                },
                if open {
                    " No target is healthy, so the load balancer fails open and sends requests to all of them."
                } else {
                    ""
                }
            ),
        );
        let Some(ip) = self.target_ip(tg, &target.id) else {
            trail.fail("target", || {
                format!("Target {} no longer exists.", target.id)
            });
            return self.elb_answers(lb, http, 502, trail);
        };
        // 9. the load balancer to the target (an NLB keeps the client's
        // address when it preserves it).
        let outcome = match (lb.lb_type, source, request.client_ip) {
            (LbType::Network, ProbeSource::Internet(_), Some(client))
                if tg
                    .attributes
                    .get("preserve_client_ip.enabled")
                    .map(String::as_str)
                    == Some("true") =>
            {
                self.probe_hinted(
                    &ProbeSource::Forwarded(client),
                    Self::target_hint(tg, target),
                    ip,
                    target_port,
                    path_and_query,
                    false,
                )
            }
            _ => self.lb_probe(
                lb,
                Self::target_hint(tg, target),
                ip,
                target_port,
                path_and_query,
                false,
            ),
        };
        for mut hop in outcome.hops {
            hop.detail = format!("(load balancer → target) {}", hop.detail);
            trail.hops.push(hop);
        }
        match (http, outcome.result) {
            (_, ProbeResult::Response(r)) => ProbeResult::Response(r),
            (false, other) => other,
            (true, ProbeResult::Timeout) => self.elb_answers(lb, true, 504, trail),
            (true, _) => self.elb_answers(lb, true, 502, trail),
        }
    }

    /// Whether a target's task holds the requests it gets (the http-hang
    /// fault): least outstanding requests sends elsewhere first.
    pub(crate) fn target_hangs(&self, t: &TargetRecord) -> bool {
        t.task
            .as_deref()
            .and_then(|a| self.state.tasks.get(a))
            .and_then(|task| self.http_fault_of(task))
            .is_some_and(|f| matches!(f, crate::faults::HttpFault::Hang))
    }

    fn elb_answers(
        &self,
        lb: &LoadBalancerRecord,
        http: bool,
        status: u16,
        trail: &mut Trail,
    ) -> ProbeResult {
        if !http {
            trail.fail("response", || {
                format!(
                    "The {} has no target to pass the connection to: it resets it.",
                    lb.lb_type.title()
                )
            });
            return ProbeResult::Reset;
        }
        if lb.lb_type == LbType::Classic {
            // MODEL: a Classic load balancer's own errors carry no page and
            // no Server header; 503 is its "back-end at capacity".
            let reason = match status {
                503 => "Service Unavailable: Back-end server is at capacity",
                504 => "Gateway Timeout",
                _ => "Bad Gateway",
            };
            trail.fail("response", || {
                format!("The load balancer answers {status} {reason} itself.")
            });
            return ProbeResult::Response(HttpResponse {
                status,
                reason,
                server: "",
                content_type: "text/plain",
                body: String::new(),
            });
        }
        let reason = match status {
            503 => "Service Temporarily Unavailable",
            504 => "Gateway Time-out",
            _ => "Bad Gateway",
        };
        trail.fail("response", || {
            format!("The load balancer answers {status} {reason} itself (awselb/2.0, F18.6).")
        });
        ProbeResult::Response(elb_page(status, reason))
    }
}

pub(crate) fn condition_matches(
    c: &ConditionRecord,
    path: &str,
    query: &str,
    request: &RequestInfo,
) -> bool {
    match c.field.as_str() {
        "path-pattern" => c.values.iter().any(|v| glob(v, path, false)),
        "host-header" => c.values.iter().any(|v| glob(v, &request.host, true)),
        "http-request-method" => c.values.contains(&request.method),
        "http-header" => {
            let name = c.header_name.as_deref().unwrap_or("");
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .any(|(_, value)| c.values.iter().any(|v| glob(v, value, true)))
        }
        "query-string" => {
            let pairs: Vec<(&str, &str)> = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| p.split_once('=').unwrap_or((p, "")))
                .collect();
            c.query.iter().any(|(k, v)| {
                pairs.iter().any(|(pk, pv)| {
                    k.as_deref().is_none_or(|k| glob(k, pk, true)) && glob(v, pv, true)
                })
            })
        }
        "source-ip" => request.client_ip.is_some_and(|ip| {
            c.values
                .iter()
                .filter_map(|v| Cidr::parse(v))
                .any(|cidr| cidr.contains_ip(ip))
        }),
        _ => false,
    }
}
