//! The AWS CLI's own options that are not API members
//! (awscli/customizations): they are turned into the members the API takes
//! before the request is sent.
//!
//! - ec2 authorize/revoke-security-group-ingress: `--protocol`, `--port`,
//!   `--cidr`, `--source-group` become one `IpPermissions` entry
//!   (secgroupsimplify.py). `--port` is `N`, `N-M`, or `-1`/`all`;
//!   `--protocol all` is `-1`; `--source-group` is a group id (`sg-…`) or a
//!   name.
//! - cloudwatch put-metric-data: `--metric-name`, `--value`, `--unit`,
//!   `--timestamp`, `--dimensions` (`Name=Value,Name=Value`),
//!   `--statistic-values` (`Sum=1,Minimum=1,Maximum=1,SampleCount=1`) and
//!   `--storage-resolution` become one `MetricData` entry
//!   (putmetricdata.py).

use crate::model::{Operation, Param};
use serde_json::{Map, Value, json};

const SIMPLIFIED: &[&str] = &["Protocol", "Port", "Cidr", "SourceGroup"];
const METRIC_DATUM: &[&str] = &[
    "MetricName",
    "Value",
    "Unit",
    "Timestamp",
    "Dimensions",
    "StatisticValues",
    "StorageResolution",
];

/// Whether `param` is one of awscli's own options rather than an API member
/// (the generator names its member after the option: `--port` → `Port`).
pub fn is_customisation(op: &Operation, param: &Param) -> bool {
    if op.api_name == "GetObject" && param.member == "Outfile" {
        return true;
    }
    if op.api_name == "PutMetricData" {
        return METRIC_DATUM.contains(&param.member);
    }
    matches!(
        op.api_name,
        "AuthorizeSecurityGroupIngress" | "RevokeSecurityGroupIngress"
    ) && (SIMPLIFIED.contains(&param.member) || param.member == "GroupOwner")
}

/// Rewrites `input` for `op`; `Err` is a message for the user.
pub fn apply(op: &Operation, input: &mut Map<String, Value>) -> Result<(), String> {
    if op.api_name == "PutMetricData" {
        return metric_datum(input);
    }
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

/// putmetricdata.py: the single-metric options make one `MetricData`.
fn metric_datum(input: &mut Map<String, Value>) -> Result<(), String> {
    if !METRIC_DATUM.iter().any(|k| input.contains_key(*k)) {
        return Ok(());
    }
    if input.contains_key("MetricData") {
        return Err(
            "The --metric-data option cannot be combined with --metric-name, --value, --unit, --timestamp, --dimensions, --statistic-values or --storage-resolution."
                .into(),
        );
    }
    let text = |k: &str| input.get(k).and_then(Value::as_str).map(str::to_owned);
    let Some(name) = text("MetricName") else {
        return Err("--metric-name is required with --value or --statistic-values.".into());
    };
    let pairs = |option: &str, value: &str| -> Result<Vec<(String, String)>, String> {
        value
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.split_once('=')
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .ok_or_else(|| {
                        format!(
                            "Invalid value for {option}: '{value}' (use Name=Value,Name=Value)."
                        )
                    })
            })
            .collect()
    };
    let number = |option: &str, v: &str| {
        v.parse::<f64>()
            .map_err(|_| format!("Invalid value for {option}: '{v}' is not a number."))
    };
    let mut datum = Map::new();
    datum.insert("MetricName".into(), json!(name));
    if let Some(v) = text("Value") {
        datum.insert("Value".into(), json!(number("--value", &v)?));
    }
    if let Some(u) = text("Unit") {
        datum.insert("Unit".into(), json!(u));
    }
    if let Some(t) = text("Timestamp") {
        datum.insert("Timestamp".into(), json!(t));
    }
    if let Some(r) = text("StorageResolution") {
        let r: i64 = r
            .parse()
            .map_err(|_| format!("Invalid value for --storage-resolution: '{r}' (use 1 or 60)."))?;
        datum.insert("StorageResolution".into(), json!(r));
    }
    if let Some(d) = text("Dimensions") {
        let dims: Vec<Value> = pairs("--dimensions", &d)?
            .into_iter()
            .map(|(k, v)| json!({"Name": k, "Value": v}))
            .collect();
        datum.insert("Dimensions".into(), Value::Array(dims));
    }
    if let Some(s) = text("StatisticValues") {
        let mut set = Map::new();
        for (k, v) in pairs("--statistic-values", &s)? {
            set.insert(k, json!(number("--statistic-values", &v)?));
        }
        datum.insert("StatisticValues".into(), Value::Object(set));
    }
    for k in METRIC_DATUM {
        input.remove(*k);
    }
    input.insert("MetricData".into(), json!([Value::Object(datum)]));
    Ok(())
}
