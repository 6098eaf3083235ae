//! The AWS CLI's own options that are not API members
//! (awscli/customizations): they are turned into the members the API takes
//! before the request is sent.
//!
//! - ec2 authorize/revoke-security-group-ingress: `--protocol`, `--port`,
//!   `--cidr`, `--source-group` become one `IpPermissions` entry
//!   (secgroupsimplify.py). `--port` is `N`, `N-M`, or `-1`/`all`;
//!   `--protocol all` is `-1`; `--source-group` is a group id (`sg-…`) or a
//!   name.

use crate::model::{Operation, Param};
use serde_json::{Map, Value, json};

const SIMPLIFIED: &[&str] = &["Protocol", "Port", "Cidr", "SourceGroup"];

/// Whether `param` is one of awscli's own options rather than an API member
/// (the generator names its member after the option: `--port` → `Port`).
pub fn is_customisation(op: &Operation, param: &Param) -> bool {
    matches!(
        op.api_name,
        "AuthorizeSecurityGroupIngress" | "RevokeSecurityGroupIngress"
    ) && (SIMPLIFIED.contains(&param.member) || param.member == "GroupOwner")
}

/// Rewrites `input` for `op`; `Err` is a message for the user.
pub fn apply(op: &Operation, input: &mut Map<String, Value>) -> Result<(), String> {
    if !matches!(
        op.api_name,
        "AuthorizeSecurityGroupIngress" | "RevokeSecurityGroupIngress"
    ) {
        return Ok(());
    }
    if !SIMPLIFIED.iter().any(|k| input.contains_key(*k)) {
        return Ok(());
    }
    if input.contains_key("IpPermissions") {
        return Err(
            "The --ip-permissions option cannot be combined with --protocol, --port, --cidr or --source-group."
                .into(),
        );
    }
    let text = |k: &str| input.get(k).and_then(Value::as_str).map(str::to_owned);
    let Some(protocol) = text("Protocol") else {
        return Err("--protocol is required with --port, --cidr or --source-group.".into());
    };
    let protocol = if protocol == "all" {
        "-1".to_owned()
    } else {
        protocol
    };
    let mut permission = Map::new();
    permission.insert("IpProtocol".into(), json!(protocol));
    if let Some(port) = text("Port") {
        let (from, to) = match port.as_str() {
            "-1" | "all" => (-1, -1),
            _ => {
                let parse = |p: &str| {
                    p.trim().parse::<i64>().map_err(|_| {
                        format!("Invalid value for --port: '{port}' (use 80, 8000-8080 or -1).")
                    })
                };
                match port.split_once('-') {
                    Some((a, b)) => (parse(a)?, parse(b)?),
                    None => {
                        let p = parse(&port)?;
                        (p, p)
                    }
                }
            }
        };
        permission.insert("FromPort".into(), json!(from));
        permission.insert("ToPort".into(), json!(to));
    }
    if let Some(cidr) = text("Cidr") {
        permission.insert("IpRanges".into(), json!([{ "CidrIp": cidr }]));
    }
    if let Some(group) = text("SourceGroup") {
        let pair = if group.starts_with("sg-") {
            json!({ "GroupId": group })
        } else {
            json!({ "GroupName": group })
        };
        permission.insert("UserIdGroupPairs".into(), json!([pair]));
    }
    for k in SIMPLIFIED {
        input.remove(*k);
    }
    input.insert("IpPermissions".into(), json!([Value::Object(permission)]));
    Ok(())
}
