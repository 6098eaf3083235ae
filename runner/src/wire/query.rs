//! The AWS query and ec2 protocols: form-encoded requests turned into the
//! engine's JSON input, and the engine's JSON output written as the XML
//! botocore parses, both walking the operation's shapes from
//! `tables.json`, as botocore's `QuerySerializer`/`EC2Serializer` and
//! `QueryParser`/`EC2QueryParser` do.
//!
//! Requests (`Action=…&Version=…&…`):
//! - a structure member is `Prefix.Name`, `Name` being its locationName or
//!   member name (ec2: its queryName, else its locationName capitalised,
//!   else its member name);
//! - a list is `Name.member.N` (`member` replaced by the list member's
//!   locationName when it has one), `Name.N` when flattened, always
//!   `Name.N` for ec2; an empty list is `Name=` (query);
//! - a map is `Name.entry.N.key` / `Name.entry.N.value` (`Name.N.key`
//!   flattened; key and value renamed by their locationNames);
//! - scalars are text: integers, floats, `true`/`false`, timestamps and
//!   blobs as sent (the engine reads ISO 8601 and base64).
//!
//! A parameter that names nothing in the operation's input is refused (as
//! AWS refuses unknown parameters), so a typo never passes silently.
//!
//! Responses: `<ActionResponse xmlns="…"><ActionResult>…</ActionResult>
//! <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
//! </ActionResponse>` (query) or `<ActionResponse xmlns="…"><requestId>…
//! </requestId>…</ActionResponse>` (ec2); members by locationName in
//! model order, lists as `<member>` (or the list member's locationName,
//! ec2's `item`) unless flattened, maps as `<entry><key/><value/></entry>`,
//! booleans lowercase, timestamps ISO 8601. Errors:
//! `<ErrorResponse><Error><Type>Sender</Type><Code>…` (query; the type and
//! HTTP status are the model's for the code, `tables.json` `errorStatus`) and
//! `<Response><Errors><Error><Code>…` (ec2).

use super::{OperationTable, ServiceTable, ShapeTable};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use stevedore_engine::base::time;

/// Percent-decodes one form component (`+` is a space).
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form body (or query string) as name → value; a repeated name keeps
/// its last value.
pub fn parse_form(text: &str) -> BTreeMap<String, String> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(name), unescape(value))
        })
        .collect()
}

struct Decoder<'a> {
    table: &'a ServiceTable,
    form: &'a BTreeMap<String, String>,
    ec2: bool,
    used: BTreeSet<&'a str>,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl<'a> Decoder<'a> {
    fn shape(&self, name: &str) -> Result<&'a ShapeTable, String> {
        self.table
            .shapes
            .get(name)
            .ok_or_else(|| format!("the wire tables have no shape {name}"))
    }

    /// Form keys under `prefix.` (sorted).
    fn keys_under(&self, prefix: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        let start = format!("{prefix}.");
        self.form
            .range(start.clone()..)
            .map(|(k, _)| k.as_str())
            .take_while(move |k| k.starts_with(&start))
    }

    fn present(&self, prefix: &str) -> bool {
        self.form.contains_key(prefix) || self.keys_under(prefix).next().is_some()
    }

    /// The list indices used under `prefix.` (`prefix.3…` → 3), in order.
    fn indices(&self, prefix: &str) -> Result<BTreeSet<usize>, String> {
        let mut out = BTreeSet::new();
        for key in self.keys_under(prefix) {
            let rest = &key[prefix.len() + 1..];
            let index = rest.split('.').next().unwrap_or_default();
            match index.parse::<usize>() {
                Ok(n) if n >= 1 => {
                    out.insert(n);
                }
                _ => return Err(format!("{key}: expected {prefix}.N with N from 1")),
            }
        }
        Ok(out)
    }

    fn value(&mut self, shape_name: &str, prefix: &str) -> Result<Option<Value>, String> {
        let shape = self.shape(shape_name)?;
        match shape.kind.as_str() {
            "structure" => {
                let mut object = Map::new();
                for member in &shape.members {
                    let name = if self.ec2 {
                        member
                            .traits
                            .query
                            .clone()
                            .or_else(|| member.traits.name.as_deref().map(capitalised))
                            .unwrap_or_else(|| member.name.clone())
                    } else {
                        member
                            .traits
                            .name
                            .clone()
                            .unwrap_or_else(|| member.name.clone())
                    };
                    let key = join(prefix, &name);
                    let flat = member.traits.flat;
                    if let Some(v) = self.member_value(&member.shape, &key, flat)? {
                        object.insert(member.name.clone(), v);
                    }
                }
                if object.is_empty() && !prefix.is_empty() && !self.present(prefix) {
                    return Ok(None);
                }
                Ok(Some(Value::Object(object)))
            }
            _ => self.member_value(shape_name, prefix, false),
        }
    }

    fn member_value(
        &mut self,
        shape_name: &str,
        key: &str,
        flat_member: bool,
    ) -> Result<Option<Value>, String> {
        let shape = self.shape(shape_name)?;
        match shape.kind.as_str() {
            // Only where the form has keys: recursive shapes end here.
            "structure" if !self.present(key) => Ok(None),
            "structure" => self.value(shape_name, key),
            "list" => {
                let member = shape.member.as_deref().unwrap_or_default();
                if let Some((k, v)) = self.form.get_key_value(key) {
                    // `Name=` is how the query serializer sends an empty list.
                    if v.is_empty() && !self.ec2 {
                        self.used.insert(k.as_str());
                        return Ok(Some(Value::Array(Vec::new())));
                    }
                }
                let items = if self.ec2 {
                    key.to_owned()
                } else if flat_member || shape.flat {
                    match &shape.member_name {
                        Some(name) => match key.rsplit_once('.') {
                            Some((parent, _)) => format!("{parent}.{name}"),
                            None => name.clone(),
                        },
                        None => key.to_owned(),
                    }
                } else {
                    join(key, shape.member_name.as_deref().unwrap_or("member"))
                };
                let indices = self.indices(&items)?;
                if indices.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::new();
                for i in indices {
                    let element = format!("{items}.{i}");
                    let value = self.member_value(member, &element, false)?;
                    out.push(value.unwrap_or(Value::Object(Map::new())));
                }
                Ok(Some(Value::Array(out)))
            }
            "map" => {
                let entries = if flat_member || shape.flat {
                    key.to_owned()
                } else {
                    join(key, "entry")
                };
                let indices = self.indices(&entries)?;
                if indices.is_empty() {
                    return Ok(None);
                }
                let key_name = shape.key_name.as_deref().unwrap_or("key");
                let value_name = shape.value_name.as_deref().unwrap_or("value");
                let (key_shape, value_shape) = (
                    shape.key.as_deref().unwrap_or_default(),
                    shape.value.as_deref().unwrap_or_default(),
                );
                let mut out = Map::new();
                for i in indices {
                    let k =
                        self.member_value(key_shape, &format!("{entries}.{i}.{key_name}"), false)?;
                    let Some(Value::String(k)) = k else {
                        return Err(format!("{entries}.{i}.{key_name} is missing"));
                    };
                    let v = self
                        .member_value(value_shape, &format!("{entries}.{i}.{value_name}"), false)?
                        .unwrap_or(Value::Null);
                    out.insert(k, v);
                }
                Ok(Some(Value::Object(out)))
            }
            kind => {
                let Some((k, text)) = self.form.get_key_value(key) else {
                    return Ok(None);
                };
                self.used.insert(k.as_str());
                scalar(kind, key, text).map(Some)
            }
        }
    }
}

fn scalar(kind: &str, key: &str, text: &str) -> Result<Value, String> {
    let bad =
        |what: &str| format!("Value ({text}) for parameter {key} is invalid: expected {what}.");
    Ok(match kind {
        "integer" | "long" => {
            Value::from(text.trim().parse::<i64>().map_err(|_| bad("an integer"))?)
        }
        "float" | "double" => {
            let f = text.trim().parse::<f64>().map_err(|_| bad("a number"))?;
            serde_json::Number::from_f64(f)
                .map(Value::Number)
                .ok_or_else(|| bad("a finite number"))?
        }
        "boolean" => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        _ => Value::String(text.to_owned()),
    })
}

/// The operation's input as the engine's JSON.
pub fn decode_input(
    table: &ServiceTable,
    op: &OperationTable,
    form: &BTreeMap<String, String>,
    ec2: bool,
) -> Result<Value, String> {
    let mut decoder = Decoder {
        table,
        form,
        ec2,
        used: BTreeSet::new(),
    };
    let input = match &op.input {
        Some(shape) => decoder.value(shape, "")?.unwrap_or_default(),
        None => Value::Object(Map::new()),
    };
    if let Some(unknown) = form
        .keys()
        .find(|k| !matches!(k.as_str(), "Action" | "Version") && !decoder.used.contains(k.as_str()))
    {
        return Err(format!(
            "The parameter {unknown} is not recognized for this action (or this simulator does not model it)."
        ));
    }
    Ok(input)
}

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {
                out.push_str(&format!("&#{};", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

struct Encoder<'a> {
    table: &'a ServiceTable,
    out: String,
}

impl Encoder<'_> {
    fn members(&mut self, shape: &ShapeTable, value: &Value) {
        let Some(object) = value.as_object() else {
            return;
        };
        for member in &shape.members {
            let Some(v) = object.get(&member.name).filter(|v| !v.is_null()) else {
                continue;
            };
            let Some(member_shape) = self.table.shapes.get(&member.shape) else {
                continue;
            };
            let flat = member.traits.flat || member_shape.flat;
            let name = match (&member_shape.kind[..], flat, &member_shape.member_name) {
                ("list", true, Some(item)) => item.clone(),
                _ => member
                    .traits
                    .name
                    .clone()
                    .unwrap_or_else(|| member.name.clone()),
            };
            self.element(&member.shape, &name, v, flat);
        }
    }

    fn element(&mut self, shape_name: &str, name: &str, value: &Value, flat: bool) {
        let Some(shape) = self.table.shapes.get(shape_name) else {
            return;
        };
        match shape.kind.as_str() {
            "structure" => {
                self.out.push_str(&format!("<{name}>"));
                self.members(shape, value);
                self.out.push_str(&format!("</{name}>"));
            }
            "list" => {
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                let member = shape.member.as_deref().unwrap_or_default();
                if flat {
                    for item in items {
                        self.element(member, name, item, false);
                    }
                } else {
                    let item_name = shape.member_name.as_deref().unwrap_or("member");
                    self.out.push_str(&format!("<{name}>"));
                    for item in items {
                        self.element(member, item_name, item, false);
                    }
                    self.out.push_str(&format!("</{name}>"));
                }
            }
            "map" => {
                let Some(entries) = value.as_object() else {
                    return;
                };
                let key_name = shape.key_name.as_deref().unwrap_or("key");
                let value_name = shape.value_name.as_deref().unwrap_or("value");
                let value_shape = shape.value.as_deref().unwrap_or_default();
                if !flat {
                    self.out.push_str(&format!("<{name}>"));
                }
                for (k, v) in entries {
                    self.out.push_str(if flat { "" } else { "<entry>" });
                    if flat {
                        self.out.push_str(&format!("<{name}>"));
                    }
                    self.out
                        .push_str(&format!("<{key_name}>{}</{key_name}>", escape(k)));
                    self.element(value_shape, value_name, v, false);
                    self.out.push_str(if flat { "" } else { "</entry>" });
                    if flat {
                        self.out.push_str(&format!("</{name}>"));
                    }
                }
                if !flat {
                    self.out.push_str(&format!("</{name}>"));
                }
            }
            kind => {
                let text = match (kind, value) {
                    ("timestamp", Value::Number(n)) => n
                        .as_f64()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .map(|s| {
                            time::iso8601((s * 1000.0).round() as u64, time::Precision::Millis)
                        })
                        .unwrap_or_else(|| n.to_string()),
                    (_, Value::String(s)) => s.clone(),
                    (_, Value::Bool(b)) => b.to_string(),
                    (_, Value::Number(n)) => n.to_string(),
                    (_, other) => other.to_string(),
                };
                self.out
                    .push_str(&format!("<{name}>{}</{name}>", escape(&text)));
            }
        }
    }
}

/// The members of `value` (a `shape_name` structure) as XML elements, as
/// the query encoder writes them (REST-XML bodies share its rules).
pub fn encode_members(table: &ServiceTable, shape_name: &str, value: &Value) -> String {
    let mut e = Encoder {
        table,
        out: String::new(),
    };
    if let Some(shape) = table.shapes.get(shape_name) {
        e.members(shape, value);
    }
    e.out
}

/// The XML answer to `action` with the engine's `output`.
pub fn encode_output(
    table: &ServiceTable,
    action: &str,
    op: Option<&OperationTable>,
    output: &Value,
    ec2: bool,
    request_id: &str,
) -> String {
    let mut e = Encoder {
        table,
        out: String::new(),
    };
    let xmlns = table
        .xml_namespace
        .as_deref()
        .map(|ns| format!(" xmlns=\"{}\"", escape(ns)))
        .unwrap_or_default();
    e.out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response{xmlns}>"
    ));
    let shape = op
        .and_then(|op| op.output.as_deref())
        .and_then(|s| table.shapes.get(s));
    if ec2 {
        e.out
            .push_str(&format!("<requestId>{}</requestId>", escape(request_id)));
        if let Some(shape) = shape {
            e.members(shape, output);
        }
    } else {
        if let Some(shape) = shape {
            let wrapper = op.and_then(|op| op.result_wrapper.as_deref());
            if let Some(w) = wrapper {
                e.out.push_str(&format!("<{w}>"));
            }
            e.members(shape, output);
            if let Some(w) = wrapper {
                e.out.push_str(&format!("</{w}>"));
            }
        }
        e.out.push_str(&format!(
            "<ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata>",
            escape(request_id)
        ));
    }
    e.out.push_str(&format!("</{action}Response>"));
    e.out
}

/// A query-protocol error.
pub fn error_xml(
    namespace: Option<&str>,
    fault: &str,
    code: &str,
    message: &str,
    request_id: &str,
) -> String {
    let xmlns = namespace
        .map(|ns| format!(" xmlns=\"{}\"", escape(ns)))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse{xmlns}><Error><Type>{}</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
        escape(fault),
        escape(code),
        escape(message),
        escape(request_id)
    )
}

/// An ec2-protocol error.
pub fn ec2_error_xml(code: &str, message: &str, request_id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code><Message>{}</Message></Error></Errors><RequestID>{}</RequestID></Response>",
        escape(code),
        escape(message),
        escape(request_id)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::wire::tables;
    use serde_json::json;

    fn decode(service: &str, form: &str) -> Result<Value, String> {
        let table = &tables().services[service];
        let form = parse_form(form);
        let op = &table.operations[&form["Action"]];
        decode_input(table, op, &form, table.protocol == "ec2")
    }

    #[test]
    fn reads_forms() {
        let form = parse_form("Action=A&Name=a+b%2Fc&Odd=%zz&Empty=&Flag");
        assert_eq!(form["Name"], "a b/c");
        assert_eq!(form["Odd"], "%zz");
        assert_eq!(form["Empty"], "");
        assert_eq!(form["Flag"], "");
    }

    #[test]
    fn decodes_query_lists_maps_and_structures() {
        // Lists as Name.member.N, structures in lists, integers.
        let input = decode(
            "elbv2",
            "Action=CreateLoadBalancer&Version=2015-12-01&Name=web&Subnets.member.2=subnet-b\
             &Subnets.member.1=subnet-a&Tags.member.1.Key=team&Tags.member.1.Value=web",
        )
        .unwrap();
        assert_eq!(
            input,
            json!({"Name": "web", "Subnets": ["subnet-a", "subnet-b"],
                   "Tags": [{"Key": "team", "Value": "web"}]})
        );
        // Maps as Name.entry.N.key/value.
        let input = decode(
            "sns",
            "Action=CreateTopic&Version=2010-03-31&Name=t&Attributes.entry.1.key=DisplayName\
             &Attributes.entry.1.value=Alerts",
        )
        .unwrap();
        assert_eq!(
            input,
            json!({"Name": "t", "Attributes": {"DisplayName": "Alerts"}})
        );
        // Integers and an empty list (`Name=`).
        let input = decode(
            "autoscaling",
            "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=a&DesiredCapacity=3&HonorCooldown=true",
        )
        .unwrap();
        assert_eq!(
            input,
            json!({"AutoScalingGroupName": "a", "DesiredCapacity": 3, "HonorCooldown": true})
        );
        let input = decode(
            "elbv2",
            "Action=SetSecurityGroups&Version=2015-12-01&LoadBalancerArn=x&SecurityGroups=",
        )
        .unwrap();
        assert_eq!(input, json!({"LoadBalancerArn": "x", "SecurityGroups": []}));
    }

    #[test]
    fn decodes_ec2_names() {
        // ec2: Name.N lists, names from locationName capitalised (Filter,
        // Value, SubnetId).
        let input = decode(
            "ec2",
            "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1\
             &Filter.1.Value.2=vpc-2&SubnetId.1=subnet-a",
        )
        .unwrap();
        assert_eq!(
            input,
            json!({"Filters": [{"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]}],
                   "SubnetIds": ["subnet-a"]})
        );
    }

    #[test]
    fn refuses_what_names_nothing() {
        let e = decode(
            "iam",
            "Action=GetRole&Version=2010-05-08&RoleName=a&RoleNmae=b",
        )
        .unwrap_err();
        assert!(e.contains("RoleNmae"), "{e}");
        let e = decode(
            "autoscaling",
            "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=a&DesiredCapacity=lots",
        )
        .unwrap_err();
        assert!(e.contains("DesiredCapacity"), "{e}");
        let e = decode(
            "elbv2",
            "Action=CreateLoadBalancer&Version=2015-12-01&Name=w&Subnets.member.x=a",
        )
        .unwrap_err();
        assert!(e.contains("Subnets.member.x"), "{e}");
        let e = decode(
            "elbv2",
            "Action=CreateLoadBalancer&Version=2015-12-01&Name=w&Subnets.member.0=a",
        )
        .unwrap_err();
        assert!(e.contains("N from 1"), "{e}");
    }

    #[test]
    fn encodes_query_and_ec2_answers() {
        let table = &tables().services["iam"];
        let xml = encode_output(
            table,
            "ListAttachedRolePolicies",
            table.operations.get("ListAttachedRolePolicies"),
            &json!({"AttachedPolicies": [{"PolicyName": "a<b", "PolicyArn": "arn"}], "IsTruncated": false}),
            false,
            "rid",
        );
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAttachedRolePoliciesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <ListAttachedRolePoliciesResult><AttachedPolicies><member><PolicyName>a&lt;b</PolicyName><PolicyArn>arn</PolicyArn></member></AttachedPolicies>\
             <IsTruncated>false</IsTruncated></ListAttachedRolePoliciesResult>\
             <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ListAttachedRolePoliciesResponse>"
        );
        // Maps as entries.
        let table = &tables().services["sns"];
        let xml = encode_output(
            table,
            "GetTopicAttributes",
            table.operations.get("GetTopicAttributes"),
            &json!({"Attributes": {"DisplayName": "A"}}),
            false,
            "rid",
        );
        assert!(xml.contains("<GetTopicAttributesResult><Attributes><entry><key>DisplayName</key><value>A</value></entry></Attributes></GetTopicAttributesResult>"), "{xml}");
        // ec2: requestId first, locationName casing, lists of <item>.
        let table = &tables().services["ec2"];
        let xml = encode_output(
            table,
            "DescribeVpcs",
            table.operations.get("DescribeVpcs"),
            &json!({"Vpcs": [{"VpcId": "vpc-1", "IsDefault": true, "Tags": []}]}),
            true,
            "rid",
        );
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">\
             <requestId>rid</requestId><vpcSet><item><isDefault>true</isDefault><tagSet></tagSet><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>"
        );
        // Timestamps sent as epoch seconds become ISO 8601.
        let table = &tables().services["iam"];
        let xml = encode_output(
            table,
            "GetRole",
            table.operations.get("GetRole"),
            &json!({"Role": {"RoleName": "r", "CreateDate": 1.5}}),
            false,
            "rid",
        );
        assert!(
            xml.contains("<CreateDate>1970-01-01T00:00:01.500Z</CreateDate>"),
            "{xml}"
        );
    }

    #[test]
    fn random_forms_never_panic() {
        // Every operation of every query and ec2 service, with forms made
        // of its own member names, indices and junk: an input or an error.
        let mut seed: u64 = 0x5eed;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let words = [
            "member", "entry", "key", "value", "1", "2", "0", "x", "", "Name", "Filter", "Value",
        ];
        for (name, table) in &tables().services {
            if !matches!(table.protocol.as_str(), "query" | "ec2") {
                continue;
            }
            let mut names: Vec<&str> = table
                .shapes
                .values()
                .flat_map(|s| s.members.iter())
                .flat_map(|m| {
                    [m.name.as_str()]
                        .into_iter()
                        .chain(m.traits.name.as_deref())
                })
                .collect();
            names.extend(words);
            for (action, op) in &table.operations {
                for _ in 0..20 {
                    let mut form = BTreeMap::new();
                    form.insert("Action".to_owned(), action.clone());
                    for _ in 0..next(6) {
                        let parts: Vec<&str> =
                            (0..1 + next(5)).map(|_| names[next(names.len())]).collect();
                        let value =
                            ["1", "true", "x", "", "-5", "1.5e3", "2026-01-01T00:00:00Z"][next(7)];
                        form.insert(parts.join("."), value.to_owned());
                    }
                    let _ = decode_input(table, op, &form, table.protocol == "ec2");
                }
            }
            assert!(!table.operations.is_empty(), "{name}");
        }
    }

    #[test]
    fn writes_errors() {
        assert_eq!(
            error_xml(Some("ns"), "Sender", "NoSuchEntity", "no & such", "rid"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"ns\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>no &amp; such</Message></Error><RequestId>rid</RequestId></ErrorResponse>"
        );
        assert_eq!(
            ec2_error_xml("InvalidVpcID.NotFound", "gone", "rid"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>gone</Message></Error></Errors><RequestID>rid</RequestID></Response>"
        );
        assert!(
            error_xml(None, "Receiver", "ServiceFailure", "x", "rid")
                .contains("<Error><Type>Receiver</Type><Code>ServiceFailure</Code>")
        );
        assert_eq!(escape("a\u{1}b'\"\r"), "a&#1;b&apos;&quot;&#13;");
    }
}
