//! Listeners (CreateListener, DescribeListeners, ModifyListener,
//! DeleteListener) and ALB listener rules (CreateRule, DescribeRules,
//! ModifyRule, DeleteRule, SetRulePriorities), with their actions and
//! conditions checked as F7.7 says.

use super::*;
use crate::base::glob::wildcard_match;
use crate::base::ipv4::Cidr;
use crate::base::paginate::PageRequest;
use crate::sim::Sim;

/// F7.7: the condition fields, and those a rule may have only once.
const CONDITION_FIELDS: &[&str] = &[
    "host-header",
    "path-pattern",
    "http-header",
    "http-request-method",
    "query-string",
    "source-ip",
];
const ONCE_PER_RULE: &[&str] = &[
    "host-header",
    "path-pattern",
    "http-request-method",
    "source-ip",
];
/// F7.7: values per condition, evaluations and wildcards per rule.
const MAX_CONDITION_VALUES: usize = 3;
const MAX_RULE_EVALUATIONS: usize = 5;
const MAX_RULE_WILDCARDS: usize = 5;
/// F7.7: rule priorities.
const MAX_PRIORITY: i64 = 50_000;
/// ALBUG fixed-response: the content types allowed.
const FIXED_CONTENT_TYPES: &[&str] = &[
    "text/plain",
    "text/css",
    "text/html",
    "application/javascript",
    "application/json",
];

/// TLS settings (HTTPS and TLS listeners) are not modelled: refused by name.
fn refuse_tls(
    operation: &str,
    ssl_policy: bool,
    certificates: bool,
    alpn_policy: bool,
    mutual_authentication: bool,
) -> Result<(), ApiError> {
    for (given, what) in [
        (ssl_policy, "SslPolicy"),
        (certificates, "Certificates"),
        (alpn_policy, "AlpnPolicy"),
        (mutual_authentication, "MutualAuthentication"),
    ] {
        if given {
            return Err(ApiError::unsupported(operation, what));
        }
    }
    Ok(())
}

impl Sim {
    /// Checks a listener's or rule's actions for `lb` and keeps the one
    /// that decides (forward, redirect or fixed-response).
    fn checked_action(
        &self,
        lb: &LoadBalancerRecord,
        actions: &[Action],
        operation: &str,
    ) -> Result<ActionRecord, ApiError> {
        if actions.is_empty() {
            return Err(validation("At least one action must be specified"));
        }
        for a in actions {
            match a.r#type.as_str() {
                "authenticate-oidc" | "authenticate-cognito" => {
                    return Err(ApiError::unsupported(
                        operation,
                        &format!("{} actions (they need an HTTPS listener)", a.r#type),
                    ));
                }
                "jwt-validation" => {
                    return Err(ApiError::unsupported(operation, "jwt-validation actions"));
                }
                "forward" | "redirect" | "fixed-response" => {}
                other => {
                    return Err(validation(format!(
                        "Action type '{other}' is not valid: use forward, redirect or fixed-response"
                    )));
                }
            }
        }
        if actions.len() > 1 {
            return Err(ApiError::new(
                ErrorCode::TooManyActionsException,
                "Only one forward, redirect or fixed-response action can be specified (it must be the last action)",
            ));
        }
        let a = &actions[0];
        match a.r#type.as_str() {
            "forward" => {
                let mut groups: Vec<(String, u32)> = Vec::new();
                if let Some(cfg) = &a.forward_config {
                    if cfg
                        .target_group_stickiness_config
                        .as_ref()
                        .is_some_and(|s| s.enabled == Some(true))
                    {
                        return Err(ApiError::unsupported(
                            operation,
                            "target group stickiness (the simulated clients keep no cookies)",
                        ));
                    }
                    for t in cfg.target_groups.iter().flatten() {
                        let Some(arn) = &t.target_group_arn else {
                            return Err(validation(
                                "Each target group of a forward action needs a TargetGroupArn",
                            ));
                        };
                        let weight = t.weight.unwrap_or(1);
                        if !(0..=999).contains(&weight) {
                            return Err(validation(format!(
                                "Target group weight '{weight}' must be between '0' and '999' inclusive"
                            )));
                        }
                        if groups.iter().any(|(g, _)| g == arn) {
                            return Err(validation(format!(
                                "Target group '{arn}' is listed more than once in the forward action"
                            )));
                        }
                        groups.push((arn.clone(), weight as u32));
                    }
                }
                if let Some(arn) = &a.target_group_arn {
                    if groups.is_empty() {
                        groups.push((arn.clone(), 1));
                    } else if groups.len() != 1 || groups[0].0 != *arn {
                        return Err(validation(
                            "You cannot specify both a TargetGroupArn and a ForwardConfig with other target groups",
                        ));
                    }
                }
                if groups.is_empty() {
                    return Err(validation(
                        "A forward action needs a TargetGroupArn or ForwardConfig.TargetGroups",
                    ));
                }
                if groups.len() > MAX_FORWARD_GROUPS {
                    return Err(ApiError::new(
                        ErrorCode::TooManyTargetGroupsException,
                        format!(
                            "A forward action can have at most {MAX_FORWARD_GROUPS} target groups"
                        ),
                    ));
                }
                if lb.lb_type == LbType::Network && groups.len() > 1 {
                    return Err(validation(
                        "A Network Load Balancer listener forwards to exactly one target group",
                    ));
                }
                for (arn, _) in &groups {
                    let tg = self.target_group_checked(arn)?;
                    let compatible = match lb.lb_type {
                        LbType::Application => tg.protocol == "HTTP" || tg.protocol == "HTTPS",
                        LbType::Network => tg.protocol == "TCP",
                        LbType::Classic => false,
                    };
                    if !compatible {
                        return Err(ApiError::new(
                            ErrorCode::IncompatibleProtocolsException,
                            format!(
                                "The target group protocol '{}' is not compatible with a load balancer of type '{}'",
                                tg.protocol,
                                lb.lb_type.as_str()
                            ),
                        ));
                    }
                    if tg.vpc_id != lb.vpc_id {
                        return Err(invalid_config(format!(
                            "The target group '{}' is in VPC '{}', the load balancer in '{}': they must be in the same VPC",
                            tg.name, tg.vpc_id, lb.vpc_id
                        )));
                    }
                    // F7.7: one load balancer per target group.
                    let others: Vec<String> = self
                        .state
                        .elb
                        .load_balancers_of(arn)
                        .into_iter()
                        .filter(|l| *l != lb.arn)
                        .collect();
                    if !others.is_empty() {
                        return Err(ApiError::new(
                            ErrorCode::TargetGroupAssociationLimitException,
                            format!(
                                "The following target groups cannot be associated with more than one load balancer: {arn}"
                            ),
                        ));
                    }
                }
                Ok(ActionRecord::Forward(groups))
            }
            "fixed-response" => {
                if lb.lb_type == LbType::Network {
                    return Err(ApiError::new(
                        ErrorCode::InvalidLoadBalancerActionException,
                        "fixed-response actions are only supported by Application Load Balancers",
                    ));
                }
                let Some(cfg) = &a.fixed_response_config else {
                    return Err(validation(
                        "A fixed-response action needs a FixedResponseConfig",
                    ));
                };
                let code = cfg.status_code.as_str();
                let status = code
                    .parse::<u16>()
                    .ok()
                    .filter(|c| code.len() == 3 && matches!(c / 100, 2 | 4 | 5))
                    .ok_or_else(|| {
                        validation(format!(
                            "Fixed-response status code '{code}' must be a 2XX, 4XX or 5XX code"
                        ))
                    })?;
                if let Some(t) = &cfg.content_type
                    && !FIXED_CONTENT_TYPES.contains(&t.as_str())
                {
                    return Err(validation(format!(
                        "Content type '{t}' is not valid: use {}",
                        FIXED_CONTENT_TYPES.join(", ")
                    )));
                }
                if cfg.message_body.as_ref().is_some_and(|b| b.len() > 1024) {
                    return Err(validation(
                        "A fixed-response message body can be at most 1024 characters long",
                    ));
                }
                Ok(ActionRecord::FixedResponse {
                    status_code: status,
                    content_type: cfg.content_type.clone(),
                    message_body: cfg.message_body.clone(),
                })
            }
            _ => {
                if lb.lb_type == LbType::Network {
                    return Err(ApiError::new(
                        ErrorCode::InvalidLoadBalancerActionException,
                        "redirect actions are only supported by Application Load Balancers",
                    ));
                }
                let Some(cfg) = &a.redirect_config else {
                    return Err(validation("A redirect action needs a RedirectConfig"));
                };
                if cfg.status_code != "HTTP_301" && cfg.status_code != "HTTP_302" {
                    return Err(validation(format!(
                        "Redirect status code '{}' is not valid: use HTTP_301 or HTTP_302",
                        cfg.status_code
                    )));
                }
                if let Some(p) = &cfg.protocol
                    && !["HTTP", "HTTPS", "#{protocol}"].contains(&p.as_str())
                {
                    return Err(validation(format!(
                        "Redirect protocol '{p}' is not valid: use HTTP, HTTPS or #{{protocol}}"
                    )));
                }
                let unchanged =
                    |v: &Option<String>, keep: &str| v.as_deref().is_none_or(|v| v == keep);
                if unchanged(&cfg.protocol, "#{protocol}")
                    && unchanged(&cfg.port, "#{port}")
                    && unchanged(&cfg.host, "#{host}")
                    && unchanged(&cfg.path, "/#{path}")
                    && unchanged(&cfg.query, "#{query}")
                {
                    return Err(invalid_config(
                        "A redirect must change at least one of protocol, port, host, path or query, or it would loop",
                    ));
                }
                Ok(ActionRecord::Redirect(cfg.clone()))
            }
        }
    }

    pub(crate) fn action_shapes(&self, action: &ActionRecord) -> Vec<Action> {
        let mut a = Action::default();
        match action {
            ActionRecord::Forward(groups) => {
                a.r#type = "forward".into();
                if groups.len() == 1 {
                    a.target_group_arn = Some(groups[0].0.clone());
                }
                a.forward_config = Some(ForwardActionConfig {
                    target_groups: Some(
                        groups
                            .iter()
                            .map(|(arn, w)| TargetGroupTuple {
                                target_group_arn: Some(arn.clone()),
                                weight: Some(i64::from(*w)),
                            })
                            .collect(),
                    ),
                    target_group_stickiness_config: Some(TargetGroupStickinessConfig {
                        enabled: Some(false),
                        duration_seconds: None,
                    }),
                });
            }
            ActionRecord::FixedResponse {
                status_code,
                content_type,
                message_body,
            } => {
                a.r#type = "fixed-response".into();
                a.fixed_response_config = Some(FixedResponseActionConfig {
                    message_body: message_body.clone(),
                    status_code: status_code.to_string(),
                    content_type: content_type.clone(),
                });
            }
            ActionRecord::Redirect(cfg) => {
                a.r#type = "redirect".into();
                let keep =
                    |v: &Option<String>, d: &str| Some(v.clone().unwrap_or_else(|| d.to_owned()));
                a.redirect_config = Some(RedirectActionConfig {
                    protocol: keep(&cfg.protocol, "#{protocol}"),
                    port: keep(&cfg.port, "#{port}"),
                    host: keep(&cfg.host, "#{host}"),
                    path: keep(&cfg.path, "/#{path}"),
                    query: keep(&cfg.query, "#{query}"),
                    status_code: cfg.status_code.clone(),
                });
            }
        }
        vec![a]
    }

    fn checked_listener_protocol(
        &self,
        lb: &LoadBalancerRecord,
        protocol: Option<&str>,
        operation: &str,
    ) -> Result<String, ApiError> {
        let Some(p) = protocol else {
            return Err(validation("A listener protocol must be specified"));
        };
        match (lb.lb_type, p) {
            (LbType::Application, "HTTP") | (LbType::Network, "TCP") => Ok(p.to_owned()),
            (LbType::Application, "HTTPS") | (LbType::Network, "TLS" | "UDP" | "TCP_UDP") => {
                Err(ApiError::unsupported(
                    operation,
                    &format!("{p} listeners (the simulator has no certificates or UDP)"),
                ))
            }
            _ => Err(ApiError::new(
                ErrorCode::UnsupportedProtocolException,
                format!(
                    "Protocol '{p}' is not supported for load balancers of type '{}'",
                    lb.lb_type.as_str()
                ),
            )),
        }
    }

    pub(crate) fn create_listener(
        &mut self,
        req: CreateListenerRequest,
    ) -> Result<ListenersResponse, ApiError> {
        const OP: &str = "CreateListener";
        refuse_tls(
            OP,
            req.ssl_policy.is_some(),
            req.certificates.is_some(),
            req.alpn_policy.is_some(),
            req.mutual_authentication.is_some(),
        )?;
        let lb = self
            .load_balancer_arn_checked(&req.load_balancer_arn)?
            .clone();
        let protocol = self.checked_listener_protocol(&lb, req.protocol.as_deref(), OP)?;
        let Some(port) = req.port else {
            return Err(validation("A listener port must be specified"));
        };
        let port = super::port(port, "Listener port")?;
        let action = self.checked_action(&lb, &req.default_actions, OP)?;
        if let Some(tags) = &req.tags {
            check_tags(tags)?;
        }
        let listeners: Vec<&ListenerRecord> = self
            .state
            .elb
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb.arn)
            .collect();
        if let Some(existing) = listeners.iter().find(|l| l.port == port) {
            // Idempotent for the same settings, as the other Create calls.
            if existing.protocol == protocol && existing.default_action == action {
                return Ok(ListenersResponse {
                    listeners: vec![self.listener_shape(existing)],
                    next_marker: None,
                });
            }
            return Err(ApiError::new(
                ErrorCode::DuplicateListenerException,
                format!(
                    "A listener already exists on port {port} for load balancer '{}'",
                    lb.arn
                ),
            ));
        }
        if listeners.len() >= MAX_LISTENERS {
            return Err(ApiError::new(
                ErrorCode::TooManyListenersException,
                format!("A load balancer can have at most {MAX_LISTENERS} listeners"),
            ));
        }
        let lb_path = lb
            .arn
            .split_once(":loadbalancer/")
            .map_or("", |(_, p)| p)
            .to_owned();
        let id = self.new_hex_id();
        let arn = self.arns.arn(
            "elasticloadbalancing",
            &format!("listener/{lb_path}/{}", &id[..16]),
        );
        let default_rule_arn = self.arns.arn(
            "elasticloadbalancing",
            &format!("listener-rule/{lb_path}/{}/{}", &id[..16], &id[16..32]),
        );
        self.state.elb.listeners.insert(
            arn.clone(),
            ListenerRecord {
                arn: arn.clone(),
                load_balancer_arn: lb.arn.clone(),
                port,
                protocol,
                default_action: action,
                default_rule_arn,
                instance: None,
            },
        );
        self.elb_set_tags(&arn, req.tags);
        self.elb_usage_changed();
        Ok(ListenersResponse {
            listeners: vec![self.listener_shape(&self.state.elb.listeners[&arn])],
            next_marker: None,
        })
    }

    fn listener_shape(&self, l: &ListenerRecord) -> Listener {
        Listener {
            listener_arn: l.arn.clone(),
            load_balancer_arn: l.load_balancer_arn.clone(),
            port: l.port,
            protocol: l.protocol.clone(),
            default_actions: self.action_shapes(&l.default_action),
        }
    }

    fn listener_checked(&self, arn: &str) -> Result<&ListenerRecord, ApiError> {
        self.state
            .elb
            .listeners
            .get(arn)
            .filter(|l| l.instance.is_none())
            .ok_or_else(listener_not_found)
    }

    pub(crate) fn describe_listeners(
        &self,
        req: DescribeListenersRequest,
    ) -> Result<ListenersResponse, ApiError> {
        let page: PageRequest =
            paging("DescribeListeners").request(req.page_size, req.marker.as_deref())?;
        let chosen: Vec<&ListenerRecord> = match (&req.load_balancer_arn, &req.listener_arns) {
            (Some(_), Some(_)) => {
                return Err(validation(
                    "Listener ARNs and a load balancer ARN cannot be specified at the same time",
                ));
            }
            (Some(lb), None) => {
                self.load_balancer_arn_checked(lb)?;
                self.state
                    .elb
                    .listeners
                    .values()
                    .filter(|l| l.load_balancer_arn == *lb)
                    .collect()
            }
            (None, Some(arns)) => {
                let mut out = Vec::new();
                for a in arns {
                    out.push(self.listener_checked(a)?);
                }
                out
            }
            (None, None) => {
                return Err(validation(
                    "You must specify either listener ARNs or a load balancer ARN",
                ));
            }
        };
        let (items, next_marker) = page.page(
            chosen
                .into_iter()
                .map(|l| (format!("{:05}{}", l.port, l.arn), self.listener_shape(l))),
        );
        Ok(ListenersResponse {
            listeners: items,
            next_marker,
        })
    }

    pub(crate) fn modify_listener(
        &mut self,
        req: ModifyListenerRequest,
    ) -> Result<ListenersResponse, ApiError> {
        const OP: &str = "ModifyListener";
        refuse_tls(
            OP,
            req.ssl_policy.is_some(),
            req.certificates.is_some(),
            req.alpn_policy.is_some(),
            req.mutual_authentication.is_some(),
        )?;
        let l = self.listener_checked(&req.listener_arn)?.clone();
        let lb = self
            .load_balancer_arn_checked(&l.load_balancer_arn)?
            .clone();
        let protocol = match &req.protocol {
            Some(p) => self.checked_listener_protocol(&lb, Some(p), OP)?,
            None => l.protocol.clone(),
        };
        let port = match req.port {
            Some(p) => super::port(p, "Listener port")?,
            None => l.port,
        };
        if port != l.port
            && self
                .state
                .elb
                .listeners
                .values()
                .any(|o| o.load_balancer_arn == lb.arn && o.port == port)
        {
            return Err(ApiError::new(
                ErrorCode::DuplicateListenerException,
                format!(
                    "A listener already exists on port {port} for load balancer '{}'",
                    lb.arn
                ),
            ));
        }
        let action = match &req.default_actions {
            Some(actions) => self.checked_action(&lb, actions, OP)?,
            None => l.default_action.clone(),
        };
        if let Some(rec) = self.state.elb.listeners.get_mut(&req.listener_arn) {
            rec.port = port;
            rec.protocol = protocol;
            rec.default_action = action;
        }
        self.elb_usage_changed();
        Ok(ListenersResponse {
            listeners: vec![self.listener_shape(&self.state.elb.listeners[&req.listener_arn])],
            next_marker: None,
        })
    }

    pub(crate) fn delete_listener(
        &mut self,
        req: ListenerArnRequest,
    ) -> Result<ElbEmpty, ApiError> {
        self.listener_checked(&req.listener_arn)?;
        self.remove_listener(&req.listener_arn);
        self.elb_usage_changed();
        Ok(ElbEmpty {})
    }

    /// Removes a listener, its rules and their tags.
    pub(super) fn remove_listener(&mut self, arn: &str) {
        let rules: Vec<String> = self
            .state
            .elb
            .rules
            .values()
            .filter(|r| r.listener_arn == arn)
            .map(|r| r.arn.clone())
            .collect();
        for r in rules {
            self.state.elb.rules.remove(&r);
            self.state.elb.tags.remove(&r);
        }
        if let Some(l) = self.state.elb.listeners.remove(arn) {
            self.state.elb.tags.remove(&l.default_rule_arn);
        }
        self.state.elb.tags.remove(arn);
    }

    fn checked_conditions(
        &self,
        conditions: &[RuleCondition],
    ) -> Result<Vec<ConditionRecord>, ApiError> {
        if conditions.is_empty() {
            return Err(validation("A rule must have at least one condition"));
        }
        let mut out: Vec<ConditionRecord> = Vec::new();
        for c in conditions {
            let configured = [
                c.host_header_config.is_some().then_some("host-header"),
                c.path_pattern_config.is_some().then_some("path-pattern"),
                c.http_header_config.is_some().then_some("http-header"),
                c.query_string_config.is_some().then_some("query-string"),
                c.http_request_method_config
                    .is_some()
                    .then_some("http-request-method"),
                c.source_ip_config.is_some().then_some("source-ip"),
            ];
            let configs: Vec<&str> = configured.into_iter().flatten().collect();
            if configs.len() > 1 {
                return Err(validation("A condition can have only one configuration"));
            }
            let field = match (&c.field, configs.first()) {
                (Some(f), Some(k)) if f != k => {
                    return Err(validation(format!(
                        "Condition field '{f}' does not match its configuration ({k})"
                    )));
                }
                (Some(f), _) => f.clone(),
                (None, Some(k)) => (*k).to_owned(),
                (None, None) => return Err(validation("A condition needs a Field")),
            };
            if !CONDITION_FIELDS.contains(&field.as_str()) {
                return Err(validation(format!(
                    "Condition field '{field}' is not valid: use {}",
                    CONDITION_FIELDS.join(", ")
                )));
            }
            if c.regex_values.is_some()
                || c.host_header_config
                    .as_ref()
                    .is_some_and(|v| v.regex_values.is_some())
                || c.path_pattern_config
                    .as_ref()
                    .is_some_and(|v| v.regex_values.is_some())
                || c.http_header_config
                    .as_ref()
                    .is_some_and(|v| v.regex_values.is_some())
            {
                return Err(ApiError::unsupported("CreateRule", "RegexValues"));
            }
            if ONCE_PER_RULE.contains(&field.as_str()) && out.iter().any(|o| o.field == field) {
                return Err(validation(format!(
                    "A rule can have at most one '{field}' condition"
                )));
            }
            let config_values = match field.as_str() {
                "host-header" => c.host_header_config.as_ref().and_then(|v| v.values.clone()),
                "path-pattern" => c
                    .path_pattern_config
                    .as_ref()
                    .and_then(|v| v.values.clone()),
                "http-header" => c.http_header_config.as_ref().and_then(|v| v.values.clone()),
                "http-request-method" => c
                    .http_request_method_config
                    .as_ref()
                    .and_then(|v| v.values.clone()),
                "source-ip" => c.source_ip_config.as_ref().and_then(|v| v.values.clone()),
                _ => None,
            };
            if c.values.is_some() && config_values.is_some() {
                return Err(validation(format!(
                    "Condition '{field}': give Values or its configuration's Values, not both"
                )));
            }
            let values = c.values.clone().or(config_values).unwrap_or_default();
            let mut rec = ConditionRecord {
                field: field.clone(),
                values: values.clone(),
                header_name: None,
                query: Vec::new(),
            };
            match field.as_str() {
                "http-header" => {
                    let Some(name) = c
                        .http_header_config
                        .as_ref()
                        .and_then(|h| h.http_header_name.clone())
                    else {
                        return Err(validation(
                            "An http-header condition needs HttpHeaderConfig.HttpHeaderName",
                        ));
                    };
                    if name.is_empty() || name.len() > 40 {
                        return Err(validation(
                            "An HTTP header name must be 1 to 40 characters long",
                        ));
                    }
                    rec.header_name = Some(name);
                }
                "query-string" => {
                    let pairs = c
                        .query_string_config
                        .as_ref()
                        .and_then(|q| q.values.clone())
                        .unwrap_or_default();
                    for p in &pairs {
                        let Some(v) = &p.value else {
                            return Err(validation("Each query-string pair needs a Value"));
                        };
                        rec.query.push((p.key.clone(), v.clone()));
                    }
                    if rec.query.is_empty() {
                        return Err(validation(
                            "A query-string condition needs at least one key/value pair",
                        ));
                    }
                }
                _ => {}
            }
            let count = if field == "query-string" {
                rec.query.len()
            } else {
                values.len()
            };
            if count == 0 {
                return Err(validation(format!(
                    "Condition '{field}' needs at least one value"
                )));
            }
            if count > MAX_CONDITION_VALUES {
                return Err(validation(format!(
                    "A condition can have at most {MAX_CONDITION_VALUES} values ('{field}' has {count})"
                )));
            }
            for v in &values {
                if v.is_empty() || v.len() > 128 {
                    return Err(validation(format!(
                        "Condition value '{v}' must be 1 to 128 characters long"
                    )));
                }
                match field.as_str() {
                    "http-request-method"
                        if !v
                            .chars()
                            .all(|ch| ch.is_ascii_uppercase() || ch == '_' || ch == '-') =>
                    {
                        return Err(validation(format!(
                            "HTTP request method '{v}' may contain only A-Z, hyphens and underscores (no wildcards)"
                        )));
                    }
                    "source-ip" if Cidr::parse(v).is_none() => {
                        return Err(validation(format!(
                            "Source IP '{v}' must be a CIDR block such as 203.0.113.0/24"
                        )));
                    }
                    "path-pattern" if !v.starts_with('/') && !v.starts_with('*') => {
                        return Err(validation(format!(
                            "Path pattern '{v}' must begin with '/' or '*'"
                        )));
                    }
                    _ => {}
                }
            }
            out.push(rec);
        }
        let evaluations: usize = out
            .iter()
            .map(|c| {
                if c.field == "query-string" {
                    c.query.len()
                } else {
                    c.values.len()
                }
            })
            .sum();
        if evaluations > MAX_RULE_EVALUATIONS {
            return Err(validation(format!(
                "A rule can have at most {MAX_RULE_EVALUATIONS} condition values in all; this one has {evaluations}"
            )));
        }
        let wildcards: usize = out
            .iter()
            .flat_map(|c| c.values.iter().chain(c.query.iter().map(|(_, v)| v)))
            .map(|v| v.chars().filter(|ch| *ch == '*' || *ch == '?').count())
            .sum();
        if wildcards > MAX_RULE_WILDCARDS {
            return Err(validation(format!(
                "A rule can have at most {MAX_RULE_WILDCARDS} wildcards; this one has {wildcards}"
            )));
        }
        Ok(out)
    }

    fn condition_shapes(conditions: &[ConditionRecord]) -> Vec<RuleCondition> {
        conditions
            .iter()
            .map(|c| {
                let mut r = RuleCondition {
                    field: Some(c.field.clone()),
                    ..RuleCondition::default()
                };
                let values = Some(c.values.clone());
                let cfg = ValuesConfig {
                    values: values.clone(),
                    regex_values: None,
                };
                match c.field.as_str() {
                    "host-header" => {
                        r.values = values;
                        r.host_header_config = Some(cfg);
                    }
                    "path-pattern" => {
                        r.values = values;
                        r.path_pattern_config = Some(cfg);
                    }
                    "http-request-method" => r.http_request_method_config = Some(cfg),
                    "source-ip" => {
                        r.source_ip_config = Some(SourceIpConditionConfig {
                            values,
                            ip_address_type: None,
                        });
                    }
                    "http-header" => {
                        r.http_header_config = Some(HttpHeaderConditionConfig {
                            http_header_name: c.header_name.clone(),
                            values,
                            regex_values: None,
                        });
                    }
                    _ => {
                        r.query_string_config = Some(QueryStringConditionConfig {
                            values: Some(
                                c.query
                                    .iter()
                                    .map(|(k, v)| QueryStringKeyValuePair {
                                        key: k.clone(),
                                        value: Some(v.clone()),
                                    })
                                    .collect(),
                            ),
                        });
                    }
                }
                r
            })
            .collect()
    }

    fn rule_shape(&self, r: &RuleRecord) -> Rule {
        Rule {
            rule_arn: r.arn.clone(),
            priority: r.priority.to_string(),
            conditions: Self::condition_shapes(&r.conditions),
            actions: self.action_shapes(&r.action),
            is_default: false,
        }
    }

    fn default_rule_shape(&self, l: &ListenerRecord) -> Rule {
        Rule {
            rule_arn: l.default_rule_arn.clone(),
            priority: "default".into(),
            conditions: Vec::new(),
            actions: self.action_shapes(&l.default_action),
            is_default: true,
        }
    }

    fn checked_priority(
        &self,
        listener_arn: &str,
        priority: i64,
        except: Option<&str>,
    ) -> Result<u32, ApiError> {
        if !(1..=MAX_PRIORITY).contains(&priority) {
            return Err(validation(format!(
                "Priority '{priority}' must be between '1' and '{MAX_PRIORITY}' inclusive"
            )));
        }
        let p = priority as u32;
        if self.state.elb.rules.values().any(|r| {
            r.listener_arn == listener_arn && r.priority == p && Some(r.arn.as_str()) != except
        }) {
            return Err(ApiError::new(
                ErrorCode::PriorityInUseException,
                format!("Priority '{priority}' is currently in use"),
            ));
        }
        Ok(p)
    }

    pub(crate) fn create_rule(
        &mut self,
        req: CreateRuleRequest,
    ) -> Result<RulesResponse, ApiError> {
        const OP: &str = "CreateRule";
        if req.transforms.is_some() {
            return Err(ApiError::unsupported(OP, "Transforms"));
        }
        let l = self.listener_checked(&req.listener_arn)?.clone();
        let lb = self
            .load_balancer_arn_checked(&l.load_balancer_arn)?
            .clone();
        if lb.lb_type == LbType::Network {
            return Err(invalid_config(
                "Network Load Balancer listeners have no rules: they forward to their default action's target group",
            ));
        }
        let priority = self.checked_priority(&l.arn, req.priority, None)?;
        let conditions = self.checked_conditions(&req.conditions)?;
        let action = self.checked_action(&lb, &req.actions, OP)?;
        if let Some(tags) = &req.tags {
            check_tags(tags)?;
        }
        let rules_of_lb = self
            .state
            .elb
            .rules
            .values()
            .filter(|r| {
                self.state
                    .elb
                    .listeners
                    .get(&r.listener_arn)
                    .is_some_and(|o| o.load_balancer_arn == lb.arn)
            })
            .count();
        if rules_of_lb >= MAX_RULES {
            return Err(ApiError::new(
                ErrorCode::TooManyRulesException,
                format!(
                    "A load balancer can have at most {MAX_RULES} rules (not counting default rules)"
                ),
            ));
        }
        let listener_path = l
            .arn
            .split_once(":listener/")
            .map_or("", |(_, p)| p)
            .to_owned();
        let id = self.new_hex_id();
        let arn = self.arns.arn(
            "elasticloadbalancing",
            &format!("listener-rule/{listener_path}/{}", &id[..16]),
        );
        self.state.elb.rules.insert(
            arn.clone(),
            RuleRecord {
                arn: arn.clone(),
                listener_arn: l.arn.clone(),
                priority,
                conditions,
                action,
            },
        );
        self.elb_set_tags(&arn, req.tags);
        self.elb_usage_changed();
        Ok(RulesResponse {
            rules: vec![self.rule_shape(&self.state.elb.rules[&arn])],
            next_marker: None,
        })
    }

    pub(crate) fn describe_rules(
        &self,
        req: DescribeRulesRequest,
    ) -> Result<RulesResponse, ApiError> {
        let page = paging("DescribeRules").request(req.page_size, req.marker.as_deref())?;
        let key = |r: &Rule| {
            if r.is_default {
                format!("99999{}", r.rule_arn)
            } else {
                format!("{:0>5}{}", r.priority, r.rule_arn)
            }
        };
        let rules: Vec<Rule> = match (&req.listener_arn, &req.rule_arns) {
            (Some(_), Some(_)) => {
                return Err(validation(
                    "Rule ARNs and a listener ARN cannot be specified at the same time",
                ));
            }
            (Some(l), None) => {
                let listener = self.listener_checked(l)?;
                let mut out: Vec<Rule> = self
                    .state
                    .elb
                    .rules
                    .values()
                    .filter(|r| r.listener_arn == *l)
                    .map(|r| self.rule_shape(r))
                    .collect();
                out.push(self.default_rule_shape(listener));
                out
            }
            (None, Some(arns)) => {
                let mut out = Vec::new();
                for a in arns {
                    if let Some(r) = self.state.elb.rules.get(a) {
                        out.push(self.rule_shape(r));
                    } else if let Some(l) = self
                        .state
                        .elb
                        .listeners
                        .values()
                        .find(|l| l.default_rule_arn == *a)
                    {
                        out.push(self.default_rule_shape(l));
                    } else {
                        return Err(rule_not_found());
                    }
                }
                out
            }
            (None, None) => {
                return Err(validation(
                    "You must specify either listener ARN or rule ARNs",
                ));
            }
        };
        let (items, next_marker) = page.page(rules.into_iter().map(|r| (key(&r), r)));
        Ok(RulesResponse {
            rules: items,
            next_marker,
        })
    }

    pub(crate) fn modify_rule(
        &mut self,
        req: ModifyRuleRequest,
    ) -> Result<RulesResponse, ApiError> {
        const OP: &str = "ModifyRule";
        if req.transforms.is_some() || req.reset_transforms.is_some() {
            return Err(ApiError::unsupported(OP, "Transforms"));
        }
        if let Some(l) = self
            .state
            .elb
            .listeners
            .values()
            .find(|l| l.default_rule_arn == req.rule_arn)
            .cloned()
        {
            if req.conditions.is_some() {
                return Err(ApiError::new(
                    ErrorCode::OperationNotPermittedException,
                    "A default rule cannot have conditions",
                ));
            }
            if let Some(actions) = &req.actions {
                let lb = self
                    .load_balancer_arn_checked(&l.load_balancer_arn)?
                    .clone();
                let action = self.checked_action(&lb, actions, OP)?;
                if let Some(rec) = self.state.elb.listeners.get_mut(&l.arn) {
                    rec.default_action = action;
                }
                self.elb_usage_changed();
            }
            let l = &self.state.elb.listeners[&l.arn];
            return Ok(RulesResponse {
                rules: vec![self.default_rule_shape(l)],
                next_marker: None,
            });
        }
        let rule = self
            .state
            .elb
            .rules
            .get(&req.rule_arn)
            .cloned()
            .ok_or_else(rule_not_found)?;
        let l = self.listener_checked(&rule.listener_arn)?.clone();
        let lb = self
            .load_balancer_arn_checked(&l.load_balancer_arn)?
            .clone();
        let conditions = match &req.conditions {
            Some(c) => self.checked_conditions(c)?,
            None => rule.conditions.clone(),
        };
        let action = match &req.actions {
            Some(a) => self.checked_action(&lb, a, OP)?,
            None => rule.action.clone(),
        };
        if let Some(r) = self.state.elb.rules.get_mut(&req.rule_arn) {
            r.conditions = conditions;
            r.action = action;
        }
        self.elb_usage_changed();
        Ok(RulesResponse {
            rules: vec![self.rule_shape(&self.state.elb.rules[&req.rule_arn])],
            next_marker: None,
        })
    }

    pub(crate) fn delete_rule(&mut self, req: RuleArnRequest) -> Result<ElbEmpty, ApiError> {
        if self
            .state
            .elb
            .listeners
            .values()
            .any(|l| l.default_rule_arn == req.rule_arn)
        {
            return Err(ApiError::new(
                ErrorCode::OperationNotPermittedException,
                format!("Default rule '{}' cannot be deleted", req.rule_arn),
            ));
        }
        if self.state.elb.rules.remove(&req.rule_arn).is_none() {
            return Err(rule_not_found());
        }
        self.state.elb.tags.remove(&req.rule_arn);
        self.elb_usage_changed();
        Ok(ElbEmpty {})
    }

    pub(crate) fn set_rule_priorities(
        &mut self,
        req: SetRulePrioritiesRequest,
    ) -> Result<RulesResponse, ApiError> {
        if req.rule_priorities.is_empty() {
            return Err(validation("At least one rule priority must be specified"));
        }
        let mut changes: Vec<(String, u32)> = Vec::new();
        for p in &req.rule_priorities {
            let (Some(arn), Some(priority)) = (&p.rule_arn, p.priority) else {
                return Err(validation(
                    "Each rule priority needs a RuleArn and a Priority",
                ));
            };
            if self
                .state
                .elb
                .listeners
                .values()
                .any(|l| l.default_rule_arn == *arn)
            {
                return Err(ApiError::new(
                    ErrorCode::OperationNotPermittedException,
                    format!("The priority of default rule '{arn}' cannot be changed"),
                ));
            }
            if !self.state.elb.rules.contains_key(arn) {
                return Err(rule_not_found());
            }
            if !(1..=MAX_PRIORITY).contains(&priority) {
                return Err(validation(format!(
                    "Priority '{priority}' must be between '1' and '{MAX_PRIORITY}' inclusive"
                )));
            }
            changes.push((arn.clone(), priority as u32));
        }
        // The new priorities, with the rules not moved, must be unique per
        // listener.
        let mut after: Vec<(String, u32)> = self
            .state
            .elb
            .rules
            .values()
            .map(|r| {
                let p = changes
                    .iter()
                    .find(|(a, _)| *a == r.arn)
                    .map_or(r.priority, |(_, p)| *p);
                (r.listener_arn.clone(), p)
            })
            .collect();
        after.sort();
        if let Some(w) = after.windows(2).find(|w| w[0] == w[1]) {
            return Err(ApiError::new(
                ErrorCode::PriorityInUseException,
                format!("Priority '{}' is currently in use", w[0].1),
            ));
        }
        for (arn, p) in &changes {
            if let Some(r) = self.state.elb.rules.get_mut(arn) {
                r.priority = *p;
            }
        }
        Ok(RulesResponse {
            rules: changes
                .iter()
                .filter_map(|(a, _)| self.state.elb.rules.get(a))
                .map(|r| self.rule_shape(r))
                .collect(),
            next_marker: None,
        })
    }
}

/// `*` (any run) and `?` (one character) wildcards, as ALB conditions
/// match them (host names and header values regardless of case).
pub(crate) fn glob(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if case_insensitive {
        wildcard_match(&pattern.to_ascii_lowercase(), &text.to_ascii_lowercase())
    } else {
        wildcard_match(pattern, text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::glob;
    use crate::elbv2::target_group::matcher_matches;

    #[test]
    fn path_and_host_patterns_match_as_alb_conditions_do() {
        // F7.7: `*` any run, `?` one character; paths case-sensitive,
        // hosts not; `*.example.com` does not match `example.com`.
        assert!(glob("/api/*", "/api/orders", false));
        assert!(glob("/api/*", "/api/", false));
        assert!(!glob("/api/*", "/api", false));
        assert!(!glob("/API/*", "/api/x", false));
        assert!(glob("/img/?.png", "/img/a.png", false));
        assert!(!glob("/img/?.png", "/img/ab.png", false));
        assert!(glob("*.example.com", "Test.Example.com", true));
        assert!(!glob("*.example.com", "example.com", true));
        assert!(glob("*", "", false));
        assert!(glob("a*b*c", "axxbyyc", false));
        assert!(!glob("a*b*c", "axxbyy", false));
    }

    #[test]
    fn matchers_take_codes_lists_and_ranges() {
        assert!(matcher_matches("200", 200));
        assert!(!matcher_matches("200", 404));
        assert!(matcher_matches("200,202", 202));
        assert!(matcher_matches("200-299", 204));
        assert!(!matcher_matches("200-299", 301));
        assert!(matcher_matches("200-399,404", 404));
    }
}
