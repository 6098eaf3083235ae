//! The AWS wire protocols `stevedore serve` speaks, one per kind of
//! service, as the pinned botocore's clients send them. Which service
//! speaks which, and every shape the query protocols need, is data:
//! `tables.json`, written by `cli/gen/protocols.py` from the botocore
//! models (`./dev gen`; `./dev test` checks it is current), so a service
//! added to the engine's `operations!` table is served once the tables are
//! regenerated, with no code here unless it brings a new protocol.
//!
//! | protocol | services (pinned botocore) | request | answer |
//! |---|---|---|---|
//! | JSON 1.1 | ecs, ecr, logs, ssm, events, application-autoscaling | `POST /`, `X-Amz-Target: <prefix>.<Action>`, JSON body | JSON; errors HTTP 400 `{"__type", "message"}` |
//! | JSON 1.0 | sqs, cloudwatch (both `awsQueryCompatible`) | the same, `application/x-amz-json-1.0` | the same, and errors carry `x-amzn-query-error: <query code>;Sender` |
//! | query | autoscaling, elb, elbv2, iam, sns | `POST /` form: `Action`, `Version`, `A.member.N`, `A.entry.N.key`, `A.B` | XML `<ActionResponse><ActionResult>…` ([`query`]); errors with the model's status and fault (IAM `NoSuchEntity` 404 Sender, `ServiceFailure` 500 Receiver), 400 Sender for codes the model does not list |
//! | ec2 | ec2 | the same form, lists as `A.N`, names from `queryName` | XML `<ActionResponse><requestId>…`, lists of `<item>` |
//! | REST-XML | s3 | method, path and query flags (`PUT /{Bucket}/{Key+}`, `GET /{Bucket}?list-type=2`), path-style or virtual-host, raw or aws-chunked bodies ([`s3`]) | S3's headers and XML; errors `<Error><Code>…` with S3's statuses |
//! | REST-JSON | scheduler | method and path (`POST /schedules/{Name}`), members in the path, query string, headers or JSON body ([`rest`]) | JSON with the operation's status; errors `x-amzn-ErrorType` and 404/409/400 |
//!
//! CloudWatch's model lists `smithy-rpc-v2-cbor` first, but botocore picks
//! the first protocol it supports in its own order (json before cbor and
//! query), so the AWS CLI and boto3 send it JSON 1.0 with target
//! `GraniteServiceVersion20100801`. SQS errors: the engine's codes are the
//! query codes (`AWS.SimpleQueueService.NonExistentQueue`, F19.6); the JSON
//! `__type` names the modelled shape (`QueueDoesNotExist`) and the
//! `x-amzn-query-error` header gives the query code, which botocore reports
//! as the error's code, as `stevedore run` does.
//!
//! Routing: the SigV4 `Authorization` header's credential scope names the
//! service (`Credential=AKID/20261207/us-east-1/<signing name>/aws4_request`;
//! elb and elbv2 share `elasticloadbalancing` and are told apart by the
//! form's `Version`), then `X-Amz-Target`'s prefix, then the `Host`'s first
//! label, then the form's `Version` alone (every query service has its own).
//!

pub mod query;
pub mod rest;
pub mod s3;

use crate::http::{Request, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use stevedore_engine::Service;

/// The generated tables (`cli/gen/protocols.py`).
const TABLES: &str = include_str!("tables.json");

#[derive(Debug, Deserialize)]
pub struct Tables {
    #[serde(rename = "generatedFrom")]
    pub generated_from: String,
    pub services: BTreeMap<String, ServiceTable>,
}

/// One service, as the pinned botocore speaks to it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceTable {
    /// `json`, `query`, `ec2` or `rest-json`.
    pub protocol: String,
    /// The service name in the SigV4 credential scope.
    pub signing_name: String,
    pub api_version: String,
    #[serde(default)]
    pub target_prefix: Option<String>,
    /// `1.0` or `1.1`.
    #[serde(default)]
    pub json_version: Option<String>,
    #[serde(default)]
    pub xml_namespace: Option<String>,
    /// Present when the model is `awsQueryCompatible`: query code →
    /// (error shape, `Sender` or `Receiver`).
    #[serde(default)]
    pub query_errors: Option<BTreeMap<String, (String, String)>>,
    /// The model's error shapes (query-compatible services).
    #[serde(default)]
    pub exceptions: Vec<String>,
    #[serde(default)]
    pub operations: BTreeMap<String, OperationTable>,
    #[serde(default)]
    pub shapes: BTreeMap<String, ShapeTable>,
    /// REST-XML: the model's operations the engine does not have, as
    /// (name, method, requestUri), so they are refused by name.
    #[serde(default)]
    pub refused: Vec<(String, String, String)>,
    /// query and ec2: each modelled error's HTTP status and fault
    /// (`Sender` or `Receiver`), by code (botocore's `error` trait).
    #[serde(default)]
    pub error_status: BTreeMap<String, (u16, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationTable {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub result_wrapper: Option<String>,
    /// REST: the HTTP method, the path pattern and the success status.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    /// REST: the input member that is the whole body.
    #[serde(default)]
    pub payload: Option<String>,
    /// REST: the output member that is the whole body.
    #[serde(default)]
    pub output_payload: Option<String>,
}

/// A botocore shape, with what serialization needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeTable {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: Vec<MemberTable>,
    /// A list's member shape.
    #[serde(default)]
    pub member: Option<String>,
    /// A list member's locationName.
    #[serde(default)]
    pub member_name: Option<String>,
    #[serde(default)]
    pub flat: bool,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub key_name: Option<String>,
    #[serde(default)]
    pub value_name: Option<String>,
}

/// A structure member: `[name, shape]` or `[name, shape, traits]`.
#[derive(Debug, Deserialize)]
#[serde(from = "MemberRaw")]
pub struct MemberTable {
    pub name: String,
    pub shape: String,
    pub traits: Traits,
}

#[derive(Debug, Default, Deserialize)]
pub struct Traits {
    /// locationName.
    #[serde(default)]
    pub name: Option<String>,
    /// ec2's queryName.
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub flat: bool,
    /// REST bindings: `uri`, `querystring`, `header`.
    #[serde(default)]
    pub loc: Option<String>,
    #[serde(default)]
    pub attr: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MemberRaw {
    Plain(String, String),
    WithTraits(String, String, Traits),
}

impl From<MemberRaw> for MemberTable {
    fn from(raw: MemberRaw) -> MemberTable {
        let (name, shape, traits) = match raw {
            MemberRaw::Plain(n, s) => (n, s, Traits::default()),
            MemberRaw::WithTraits(n, s, t) => (n, s, t),
        };
        MemberTable {
            name,
            shape,
            traits,
        }
    }
}

/// The tables, read once.
pub fn tables() -> &'static Tables {
    static CELL: OnceLock<Tables> = OnceLock::new();
    CELL.get_or_init(|| {
        // Checked by the tests below: a broken table is a build bug.
        #[allow(clippy::expect_used)]
        serde_json::from_str(TABLES).expect("runner/src/wire/tables.json is valid")
    })
}

/// The services `serve` answers (by their CLI names), for its banner.
pub fn served() -> Vec<&'static str> {
    tables()
        .services
        .iter()
        .filter(|(_, t)| {
            matches!(
                t.protocol.as_str(),
                "json" | "query" | "ec2" | "rest-json" | "rest-xml"
            )
        })
        .map(|(n, _)| n.as_str())
        .collect()
}

/// How a request was framed, so its answer (or error) is framed alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// AWS JSON: `1.0` or `1.1`; `query_compatible` adds the
    /// `x-amzn-query-error` header to errors.
    Json {
        version: &'static str,
        query_compatible: bool,
    },
    Query,
    Ec2,
    /// REST-JSON: the answer's status on success.
    RestJson {
        status: u16,
    },
}

impl Style {
    fn content_type(self) -> &'static str {
        match self {
            Style::Json { version: "1.0", .. } => "application/x-amz-json-1.0",
            Style::Json { .. } => "application/x-amz-json-1.1",
            Style::Query | Style::Ec2 => "text/xml",
            Style::RestJson { .. } => "application/json",
        }
    }
}

/// A request decoded into the engine's terms.
#[derive(Debug)]
pub struct Call {
    pub service: Service,
    pub table: &'static ServiceTable,
    pub style: Style,
    pub action: String,
    /// The operation's input as the engine's (botocore-shaped) JSON.
    pub input: Value,
}

/// A request that could not be decoded: answered as `style` frames errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub style: Style,
    pub status: u16,
    pub code: String,
    pub message: String,
    /// The service's XML namespace, for query-style errors.
    pub namespace: Option<&'static str>,
    /// The service's fault, not the caller's (`<Type>Receiver</Type>`).
    pub receiver: bool,
}

impl Fault {
    fn new(style: Style, code: &str, message: impl Into<String>) -> Fault {
        Fault {
            style,
            status: 400,
            code: code.to_owned(),
            message: message.into(),
            namespace: None,
            receiver: false,
        }
    }
}

const JSON_11: Style = Style::Json {
    version: "1.1",
    query_compatible: false,
};

fn style_of(table: &'static ServiceTable) -> Style {
    match table.protocol.as_str() {
        "query" => Style::Query,
        "ec2" => Style::Ec2,
        "rest-json" => Style::RestJson { status: 200 },
        _ => Style::Json {
            version: if table.json_version.as_deref() == Some("1.0") {
                "1.0"
            } else {
                "1.1"
            },
            query_compatible: table.query_errors.is_some(),
        },
    }
}

/// The service name in a SigV4 `Authorization` header's credential scope.
pub fn scope_service(authorization: &str) -> Option<&str> {
    let credential = authorization
        .split([',', ' '])
        .find_map(|part| part.trim().strip_prefix("Credential="))?;
    let mut parts = credential.split('/');
    // AKID / date / region / service / aws4_request
    let service = parts.nth(3)?;
    (parts.next() == Some("aws4_request")).then_some(service)
}

fn is_form(request: &Request) -> bool {
    request
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
        || (request.method == "GET" && request.path.contains('?'))
}

/// The query string of a GET or the body of a form POST.
fn form_text(request: &Request) -> String {
    if request.method == "GET" {
        return request
            .path
            .split_once('?')
            .map(|(_, q)| q.to_owned())
            .unwrap_or_default();
    }
    String::from_utf8_lossy(&request.body).into_owned()
}

/// Decodes one request: which service and operation, and its input.
pub fn decode(request: &Request) -> Result<Call, Fault> {
    let services = &tables().services;
    let form = if is_form(request) {
        Some(query::parse_form(&form_text(request)))
    } else {
        None
    };
    let version = form
        .as_ref()
        .and_then(|f| f.get("Version").map(String::as_str));
    // Every service that could be meant, by the first clue that names one.
    let mut candidates: Vec<(&'static str, &'static ServiceTable)> = Vec::new();
    if let Some(scope) = request.header("authorization").and_then(scope_service) {
        candidates = services
            .iter()
            .filter(|(_, t)| t.signing_name == scope)
            .map(|(n, t)| (n.as_str(), t))
            .collect();
    }
    let target = request.header("x-amz-target");
    if candidates.is_empty()
        && let Some((prefix, _)) = target.and_then(|t| t.rsplit_once('.'))
    {
        candidates = services
            .iter()
            .filter(|(_, t)| t.target_prefix.as_deref() == Some(prefix))
            .map(|(n, t)| (n.as_str(), t))
            .collect();
    }
    if candidates.is_empty()
        && let Some(label) = request
            .header("host")
            .and_then(|h| h.split(['.', ':']).next())
    {
        candidates = services
            .iter()
            .filter(|(n, t)| t.signing_name == label || n.as_str() == label)
            .map(|(n, t)| (n.as_str(), t))
            .collect();
    }
    if candidates.is_empty()
        && let Some(v) = version
    {
        candidates = services
            .iter()
            .filter(|(_, t)| t.api_version == v && matches!(t.protocol.as_str(), "query" | "ec2"))
            .map(|(n, t)| (n.as_str(), t))
            .collect();
    }
    // Services that share a signing name (elb, elbv2): the form's Version.
    if candidates.len() > 1
        && let Some(v) = version
    {
        candidates.retain(|(_, t)| t.api_version == v);
    }
    let fallback = if form.is_some() {
        Style::Query
    } else {
        JSON_11
    };
    let (name, table) = match candidates.as_slice() {
        [one] => *one,
        [] => {
            return Err(Fault::new(
                fallback,
                "UnknownOperationException",
                "This request names no service this endpoint simulates: sign it with SigV4 \
                 (the credential scope names the service), or send X-Amz-Target (AWS JSON) \
                 or a form with Action and Version (AWS query).",
            ));
        }
        _ => {
            return Err(Fault::new(
                fallback,
                "UnknownOperationException",
                "More than one service matches this request: send the form's Version.",
            ));
        }
    };
    let Some(service) = Service::from_cli_name(name) else {
        return Err(Fault::new(
            fallback,
            "UnknownOperationException",
            format!("'{name}' is not a service this simulator has."),
        ));
    };
    let style = style_of(table);
    match table.protocol.as_str() {
        "json" => decode_json(request, service, table, style, target),
        "query" | "ec2" => {
            let namespace = table.xml_namespace.as_deref();
            let fault = |code: &str, message: String| Fault {
                namespace,
                ..Fault::new(style, code, message)
            };
            let Some(form) = form else {
                return Err(fault(
                    "MissingAction",
                    format!(
                        "{name} speaks the AWS query protocol: POST a form \
                         (application/x-www-form-urlencoded) with Action and Version."
                    ),
                ));
            };
            let Some(action) = form.get("Action").cloned() else {
                return Err(fault(
                    "MissingAction",
                    "The request must contain the parameter Action.".into(),
                ));
            };
            let Some(op) = table.operations.get(&action) else {
                return Err(fault(
                    "InvalidAction",
                    format!(
                        "The action {action} is not valid for this web service, or this simulator does not model it."
                    ),
                ));
            };
            let input =
                query::decode_input(table, op, &form, style == Style::Ec2).map_err(|m| {
                    fault(
                        if style == Style::Ec2 {
                            "InvalidParameterValue"
                        } else {
                            "ValidationError"
                        },
                        m,
                    )
                })?;
            Ok(Call {
                service,
                table,
                style,
                action,
                input,
            })
        }
        "rest-json" => {
            let Some((action, op, labels)) = rest::find_operation(table, request) else {
                return Err(Fault {
                    status: 404,
                    ..Fault::new(
                        style,
                        "UnknownOperationException",
                        format!(
                            "{} {} is no {name} operation this simulator has.",
                            request.method,
                            request
                                .path
                                .split_once('?')
                                .map_or(&*request.path, |(p, _)| p)
                        ),
                    )
                });
            };
            let input = rest::decode_input(table, op, request, &labels)
                .map_err(|m| Fault::new(style, "ValidationException", m))?;
            Ok(Call {
                service,
                table,
                style: Style::RestJson {
                    status: op.status.unwrap_or(200),
                },
                action: action.to_owned(),
                input,
            })
        }
        other => Err(Fault::new(
            JSON_11,
            "UnknownOperationException",
            format!("{name} speaks the {other} protocol, which this endpoint does not serve yet."),
        )),
    }
}

fn decode_json(
    request: &Request,
    service: Service,
    table: &'static ServiceTable,
    style: Style,
    target: Option<&str>,
) -> Result<Call, Fault> {
    let prefix = table.target_prefix.as_deref().unwrap_or_default();
    let Some(target) = target else {
        return Err(Fault::new(
            style,
            "UnknownOperationException",
            format!(
                "The request has no X-Amz-Target header; {} speaks the AWS JSON protocol.",
                service.cli_name()
            ),
        ));
    };
    let action = match target.rsplit_once('.') {
        Some((p, action)) if p == prefix => action,
        _ => {
            return Err(Fault::new(
                style,
                "UnknownOperationException",
                format!("X-Amz-Target '{target}' is not {prefix}.<Action>."),
            ));
        }
    };
    let input = if request.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => {
                return Err(Fault::new(
                    style,
                    "SerializationException",
                    "The request body must be a JSON object.",
                ));
            }
            Err(e) => {
                return Err(Fault::new(
                    style,
                    "SerializationException",
                    format!("The request body is not valid JSON: {e}."),
                ));
            }
        }
    };
    Ok(Call {
        service,
        table,
        style,
        action: action.to_owned(),
        input,
    })
}

/// The answer to a call the engine carried out.
pub fn answer(call: &Call, output: &Value, request_id: &str) -> Response {
    match call.style {
        Style::Json { .. } => json_response(call.style, 200, output.to_string(), request_id),
        Style::RestJson { status } => {
            json_response(call.style, status, output.to_string(), request_id)
        }
        Style::Query | Style::Ec2 => {
            let op = call.table.operations.get(&call.action);
            let body = query::encode_output(
                call.table,
                &call.action,
                op,
                output,
                call.style == Style::Ec2,
                request_id,
            );
            xml_response(200, body, request_id)
        }
    }
}

/// An error the engine returned for a call (`code` as AWS spells it,
/// `name` the engine's name for it, which is the error shape's name).
pub fn engine_error(
    call: &Call,
    code: &str,
    name: &str,
    message: &str,
    request_id: &str,
) -> Response {
    // query: the model's HTTP status and fault for this code (botocore's
    // `error: {code, httpStatusCode, senderFault}`), else 400 Sender.
    let (status, receiver) = match call.style {
        Style::Query => call
            .table
            .error_status
            .get(code)
            .map_or((400, false), |(status, fault)| {
                (*status, fault == "Receiver")
            }),
        // Query-compatible JSON: the fault its query code has.
        Style::Json {
            query_compatible: true,
            ..
        } => (
            400,
            call.table
                .query_errors
                .as_ref()
                .and_then(|errors| errors.get(code))
                .is_some_and(|(_, fault)| fault == "Receiver"),
        ),
        _ => (400, false),
    };
    let fault = Fault {
        namespace: call.table.xml_namespace.as_deref(),
        status,
        receiver,
        ..Fault::new(call.style, code, message)
    };
    // The shape a query-compatible JSON error's `__type` names.
    let shape = call.table.query_errors.as_ref().map(|errors| {
        errors
            .get(code)
            .map(|(shape, _)| shape.as_str())
            .or_else(|| {
                call.table
                    .exceptions
                    .iter()
                    .find(|e| e.as_str() == name)
                    .map(String::as_str)
            })
            .unwrap_or(code)
    });
    error_response(&fault, shape, request_id)
}

/// A fault answered in its style.
pub fn fault_response(fault: &Fault, request_id: &str) -> Response {
    error_response(fault, None, request_id)
}

fn error_response(fault: &Fault, shape: Option<&str>, request_id: &str) -> Response {
    match fault.style {
        Style::Json {
            query_compatible, ..
        } => {
            let body = json!({"__type": shape.unwrap_or(&fault.code), "message": fault.message});
            let mut r = json_response(fault.style, fault.status, body.to_string(), request_id);
            if query_compatible {
                r.headers.push((
                    "x-amzn-query-error".to_owned(),
                    format!(
                        "{};{}",
                        fault.code,
                        if fault.receiver { "Receiver" } else { "Sender" }
                    ),
                ));
            }
            r
        }
        Style::RestJson { .. } => {
            let status = if fault.status == 400 {
                rest::error_status(&fault.code)
            } else {
                fault.status
            };
            let body = json!({"__type": fault.code, "Message": fault.message});
            let mut r = json_response(fault.style, status, body.to_string(), request_id);
            r.headers
                .push(("x-amzn-ErrorType".to_owned(), fault.code.clone()));
            r
        }
        Style::Query => xml_response(
            fault.status,
            query::error_xml(
                fault.namespace,
                if fault.receiver { "Receiver" } else { "Sender" },
                &fault.code,
                &fault.message,
                request_id,
            ),
            request_id,
        ),
        Style::Ec2 => xml_response(
            fault.status,
            query::ec2_error_xml(&fault.code, &fault.message, request_id),
            request_id,
        ),
    }
}

fn json_response(style: Style, status: u16, body: String, request_id: &str) -> Response {
    let mut r = Response::new(status, style.content_type(), body);
    r.headers
        .push(("x-amzn-RequestId".to_owned(), request_id.to_owned()));
    r
}

fn xml_response(status: u16, body: String, request_id: &str) -> Response {
    let mut r = Response::new(status, Style::Query.content_type(), body);
    r.headers
        .push(("x-amzn-RequestId".to_owned(), request_id.to_owned()));
    r
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_cover_every_simulated_service() {
        let t = tables();
        assert!(t.generated_from.starts_with("awscli "));
        for service in Service::simulated() {
            let table = t
                .services
                .get(service.cli_name())
                .unwrap_or_else(|| panic!("{} has no wire table", service.cli_name()));
            if matches!(table.protocol.as_str(), "query" | "ec2") {
                for (action, op) in &table.operations {
                    for shape in op.input.iter().chain(op.output.iter()) {
                        assert!(table.shapes.contains_key(shape), "{action}: {shape}");
                    }
                }
            }
        }
        assert_eq!(t.services["cloudwatch"].protocol, "json");
        assert_eq!(t.services["sqs"].json_version.as_deref(), Some("1.0"));
        assert_eq!(t.services["elb"].signing_name, "elasticloadbalancing");
    }

    #[test]
    fn reads_the_credential_scope() {
        let auth = "AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
        assert_eq!(scope_service(auth), Some("elasticloadbalancing"));
        assert_eq!(scope_service("Bearer x"), None);
        assert_eq!(scope_service("Credential=a/b/c"), None);
    }
}
