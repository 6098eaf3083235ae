//! The simulated account over HTTP: every request is decoded by [`wire`]
//! (which service, which operation, its input as the engine's JSON, in
//! the service's own protocol), applied to the [`Sim`] as one
//! `Input::Api`, and answered in the same protocol (the response, or the
//! engine's `ApiError` as that protocol frames errors), with an
//! `x-amzn-RequestId`.
//!
//! Control endpoints (not AWS): `POST /_stevedore/advance {"ms": N}` moves
//! simulated time; `GET /_stevedore/time` reads it; `POST /_stevedore/shell`
//! runs its body (one command line, here-documents included) through the
//! simulator's own shell on the served account, for what has no AWS API
//! (`sim …`, `docker …`, `curl` to a simulated address, files), answering
//! `{"stdout", "stderr", "exitCode"}`; `GET /_stevedore/lab` gives the
//! goals of the lab the account was started for (`serve --lab LAB`):
//! `{"lab", "passed", "steps": [{"step", "title", "met", "goals"}]}`.

use crate::http::{Handler, Request, Response};
use crate::wire;
use serde_json::{Value, json};
use std::time::Instant;
use stevedore_cli::labs;
use stevedore_cli::shell::Shell;
use stevedore_engine::base::time;
use stevedore_engine::{Command, Input, Service, Sim, SimDuration};
use stevedore_lessons::Lab;

const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// How simulated time moves between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    /// With the wall clock, `speed` simulated ms per real ms.
    Wall { speed: u32 },
    /// Only through `POST /_stevedore/advance`.
    Manual,
}

/// The simulated account behind the endpoint.
pub struct Endpoint {
    pub sim: Sim,
    /// The shell `POST /_stevedore/shell` runs lines in (its variables
    /// persist between requests).
    shell: Shell,
    /// The lab the account was started for.
    lab: Option<&'static Lab>,
    mode: ClockMode,
    last: Instant,
    /// Real nanoseconds not yet turned into simulated milliseconds.
    carry_ns: u128,
    requests: u64,
}

impl Endpoint {
    pub fn new(sim: Sim, mode: ClockMode) -> Endpoint {
        Endpoint {
            sim,
            shell: Shell::new(),
            lab: None,
            mode,
            last: Instant::now(),
            carry_ns: 0,
            requests: 0,
        }
    }

    /// An endpoint on a lab's account: its start state run (in the shell
    /// `POST /_stevedore/shell` then uses), its goals at `GET /_stevedore/lab`.
    pub fn for_lab(lab: &'static Lab, mode: ClockMode) -> Result<Endpoint, String> {
        let started = labs::start(lab)?;
        if let Some(bad) = started.lines.iter().find(|l| l.problem.is_some()) {
            return Err(format!(
                "the lab's start state failed at {}:{}: {}",
                lab.path,
                bad.file_line,
                bad.problem.as_deref().unwrap_or_default()
            ));
        }
        let mut endpoint = Endpoint::new(started.sim, mode);
        endpoint.shell = started.shell;
        endpoint.lab = Some(lab);
        Ok(endpoint)
    }

    /// Catches simulated time up with the wall clock.
    fn tick(&mut self) {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_nanos();
        self.last = now;
        if let ClockMode::Wall { speed } = self.mode {
            let total = self.carry_ns + elapsed * u128::from(speed);
            let ms = total / 1_000_000;
            self.carry_ns = total % 1_000_000;
            if ms > 0 {
                self.sim.apply(Input::Advance(SimDuration(
                    u64::try_from(ms).unwrap_or(u64::MAX),
                )));
            }
        }
    }

    fn request_id(&mut self) -> String {
        self.requests += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.requests)
    }

    fn json(&mut self, status: u16, body: &Value) -> Response {
        let mut r = Response::new(status, AMZ_JSON, body.to_string());
        r.headers
            .push(("x-amzn-RequestId".to_owned(), self.request_id()));
        r
    }

    fn error(&mut self, status: u16, code: &str, message: &str) -> Response {
        self.json(status, &json!({"__type": code, "message": message}))
    }

    fn aws(&mut self, request: &Request) -> Response {
        let request_id = self.request_id();
        let scope = request
            .header("authorization")
            .and_then(wire::scope_service);
        if wire::s3::is_s3(request, scope) {
            return self.s3(request, &request_id);
        }
        let call = match wire::decode(request) {
            Ok(call) => call,
            Err(fault) => return wire::fault_response(&fault, &request_id),
        };
        let result = Command::from_json(call.service, &call.action, call.input.clone())
            .and_then(|command| self.sim.apply(Input::Api(command)).api());
        match result {
            Ok(response) => wire::answer(&call, &response.to_json(), &request_id),
            Err(e) => wire::engine_error(
                &call,
                e.code.as_str(),
                &format!("{:?}", e.code),
                &e.message,
                &request_id,
            ),
        }
    }

    /// S3 (REST-XML, [`wire::s3`]): the same one `Input` as every other
    /// protocol.
    fn s3(&mut self, request: &Request, request_id: &str) -> Response {
        let head = request.method == "HEAD";
        let Some(table) = wire::tables().services.get("s3api") else {
            return wire::s3::error(
                &wire::s3::S3Error::new(501, "NotImplemented", "S3 has no wire table."),
                None,
                None,
                head,
                request_id,
            );
        };
        let call = match wire::s3::decode(table, request) {
            Ok(call) => call,
            Err(e) => return wire::s3::error(&e, None, None, head, request_id),
        };
        let result = Command::from_json(Service::S3, &call.action, call.input.clone())
            .and_then(|command| self.sim.apply(Input::Api(command)).api());
        match result {
            Ok(response) => wire::s3::answer(table, &call, &response.to_json(), request_id),
            Err(e) => {
                let code = e.code.as_str();
                let err = wire::s3::S3Error::new(wire::s3::error_status(code), code, e.message);
                wire::s3::error(
                    &err,
                    call.bucket.as_deref(),
                    call.key.as_deref(),
                    call.head,
                    request_id,
                )
            }
        }
    }

    fn control(&mut self, request: &Request) -> Response {
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/_stevedore/advance") => {
                let ms = serde_json::from_slice::<Value>(&request.body)
                    .ok()
                    .and_then(|v| v.get("ms").and_then(Value::as_u64));
                match ms {
                    Some(ms) if SimDuration(ms) <= stevedore_cli::meta::MAX_ADVANCE => {
                        self.sim.apply(Input::Advance(SimDuration(ms)));
                        self.time()
                    }
                    _ => self.error(
                        400,
                        "InvalidParameterException",
                        "Send {\"ms\": N} with N a whole number of milliseconds, at most 365 days.",
                    ),
                }
            }
            ("GET", "/_stevedore/time") => self.time(),
            ("POST", "/_stevedore/shell") => {
                let Ok(text) = std::str::from_utf8(&request.body) else {
                    return self.error(
                        400,
                        "InvalidParameterException",
                        "Send the command line as UTF-8 text.",
                    );
                };
                let outcome = self.shell.run(&mut self.sim, text);
                let body = json!({
                    "stdout": outcome.stdout,
                    "stderr": outcome.stderr,
                    "exitCode": outcome.exit_code,
                });
                self.json(200, &body)
            }
            ("GET", "/_stevedore/lab") => match self.lab {
                Some(lab) => {
                    let steps = labs::status(&self.sim, lab);
                    let body = json!({
                        "lab": lab.id,
                        "passed": steps.iter().all(labs::StepStatus::met),
                        "steps": steps.iter().enumerate().map(|(i, s)| json!({
                            "step": i + 1,
                            "title": s.title,
                            "met": s.met(),
                            "goals": s.goals,
                        })).collect::<Vec<_>>(),
                    });
                    self.json(200, &body)
                }
                None => self.error(
                    404,
                    "NotFound",
                    "This account was not started for a lab (serve --lab LAB).",
                ),
            },
            _ => self.error(404, "NotFound", "Unknown control endpoint."),
        }
    }

    fn time(&mut self) -> Response {
        let now = self.sim.now();
        let body = json!({
            "ms": now.0,
            "time": time::elapsed(now.0, false),
            "timestamp": time::iso8601(now.epoch_ms(self.sim.config().start_epoch_ms), time::Precision::Seconds),
        });
        self.json(200, &body)
    }
}

impl Handler for Endpoint {
    fn handle(&mut self, request: &Request) -> Response {
        self.tick();
        if request.path.starts_with("/_stevedore/") {
            return self.control(request);
        }
        self.aws(request)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::SimConfig;

    fn post(target: Option<&str>, body: &str) -> Request {
        let mut headers = vec![("content-type".to_owned(), AMZ_JSON.to_owned())];
        if let Some(t) = target {
            headers.push(("x-amz-target".to_owned(), t.to_owned()));
        }
        Request {
            method: "POST".into(),
            path: "/".into(),
            headers,
            body: body.as_bytes().to_vec(),
            keep_alive: true,
        }
    }

    fn body(r: &Response) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn routes_targets_and_shapes_errors() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let ecs = "AmazonEC2ContainerServiceV20141113";
        let r = e.handle(&post(
            Some(&format!("{ecs}.CreateCluster")),
            r#"{"clusterName":"demo"}"#,
        ));
        assert_eq!(r.status, 200);
        assert_eq!(body(&r)["cluster"]["clusterName"], "demo");
        let r = e.handle(&post(
            Some(&format!("{ecs}.DeleteCluster")),
            r#"{"cluster":"nope"}"#,
        ));
        assert_eq!(r.status, 400);
        assert_eq!(body(&r)["__type"], "ClusterNotFoundException");
        let r = e.handle(&post(Some(&format!("{ecs}.ListClusters")), ""));
        assert_eq!(body(&r)["clusterArns"].as_array().unwrap().len(), 1);
        for (target, text, code) in [
            (
                Some("Nope.CreateCluster"),
                "{}",
                "UnknownOperationException",
            ),
            (Some("NoDot"), "{}", "UnknownOperationException"),
            (None, "{}", "UnknownOperationException"),
            (
                Some(&*format!("{ecs}.LaunchRocket")),
                "{}",
                "UnknownOperationException",
            ),
            (
                Some(&*format!("{ecs}.CreateCluster")),
                "{",
                "SerializationException",
            ),
            (
                Some(&*format!("{ecs}.CreateCluster")),
                "[1]",
                "SerializationException",
            ),
            (
                Some(&*format!("{ecs}.CreateCluster")),
                r#"{"clusterName":1}"#,
                "SerializationException",
            ),
        ] {
            let r = e.handle(&post(target, text));
            assert_eq!(r.status, 400, "{target:?} {text}");
            assert_eq!(body(&r)["__type"], code, "{target:?} {text}");
            assert!(body(&r)["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        // Nothing above changed the account beyond the one cluster.
        assert_eq!(e.sim.view().clusters.len(), 1);
    }

    fn signed(service: &str, headers: &[(&str, &str)], body: &str) -> Request {
        let mut request = post(None, body);
        request.headers = vec![(
            "authorization".to_owned(),
            format!(
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"
            ),
        )];
        for (name, value) in headers {
            request
                .headers
                .push(((*name).to_owned(), (*value).to_owned()));
        }
        request
    }

    fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    const FORM: (&str, &str) = (
        "content-type",
        "application/x-www-form-urlencoded; charset=utf-8",
    );

    #[test]
    fn query_protocol_requests_and_errors() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let r = e.handle(&signed(
            "iam",
            &[FORM],
            "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
        ));
        let text = String::from_utf8(r.body.clone()).unwrap();
        assert_eq!(r.status, 200, "{text}");
        assert_eq!(r.content_type, "text/xml");
        assert!(text.contains("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateRoleResult><Role>"), "{text}");
        assert!(text.contains("<RoleName>r</RoleName>"), "{text}");
        let r = e.handle(&signed(
            "iam",
            &[FORM],
            "Action=GetRole&Version=2010-05-08&RoleName=nope",
        ));
        let text = String::from_utf8(r.body.clone()).unwrap();
        // The model's status for NoSuchEntity (botocore's error trait).
        assert_eq!(r.status, 404);
        assert!(text.contains("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"), "{text}");
        // A code the model gives 409 (EntityAlreadyExists).
        let again = e.handle(&signed(
            "iam",
            &[FORM],
            "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
        ));
        assert_eq!(
            again.status,
            409,
            "{}",
            String::from_utf8_lossy(&again.body)
        );
        assert!(String::from_utf8_lossy(&again.body).contains("<Code>EntityAlreadyExists</Code>"));
        // Bad input: an error in the protocol's shape, and nothing changes.
        for body in [
            "Version=2010-05-08&RoleName=a",
            "Action=LaunchRocket&Version=2010-05-08",
            "Action=GetRole&Version=2010-05-08&RoleName=a&Extra=1",
        ] {
            let r = e.handle(&signed("iam", &[FORM], body));
            let text = String::from_utf8(r.body.clone()).unwrap();
            assert_eq!(r.status, 400, "{body}");
            assert!(
                text.starts_with("<?xml") && text.contains("<ErrorResponse"),
                "{text}"
            );
        }
        assert_eq!(e.sim.view().roles.len(), 1);
    }

    #[test]
    fn elb_and_elbv2_share_a_signing_name_and_differ_in_version() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let v2 = e.handle(&signed(
            "elasticloadbalancing",
            &[FORM],
            "Action=DescribeLoadBalancers&Version=2015-12-01",
        ));
        assert!(
            String::from_utf8(v2.body)
                .unwrap()
                .contains("<DescribeLoadBalancersResult><LoadBalancers></LoadBalancers>")
        );
        let classic = e.handle(&signed(
            "elasticloadbalancing",
            &[FORM],
            "Action=DescribeLoadBalancers&Version=2012-06-01",
        ));
        assert!(
            String::from_utf8(classic.body)
                .unwrap()
                .contains("<LoadBalancerDescriptions></LoadBalancerDescriptions>")
        );
        // Unsigned: the Host names the service, or else the Version does.
        let mut unsigned = post(None, "Action=DescribeVpcs&Version=2016-11-15");
        unsigned.headers = vec![(FORM.0.to_owned(), FORM.1.to_owned())];
        let r = e.handle(&unsigned);
        assert!(
            String::from_utf8(r.body)
                .unwrap()
                .contains("<DescribeVpcsResponse")
        );
        unsigned
            .headers
            .push(("host".into(), "ec2.us-east-1.amazonaws.com".into()));
        unsigned.body = b"Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1".to_vec();
        let r = e.handle(&unsigned);
        let text = String::from_utf8(r.body).unwrap();
        assert_eq!(r.status, 400);
        assert!(
            text.contains("<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>"),
            "{text}"
        );
        // GET /?Action=… works as a form does.
        let mut get = signed("ec2", &[], "");
        get.method = "GET".into();
        get.path = "/?Action=DescribeVpcs&Version=2016-11-15".into();
        assert_eq!(e.handle(&get).status, 200);
    }

    #[test]
    fn json_1_0_and_query_compatible_errors() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let target = ("x-amz-target", "AmazonSQS.GetQueueUrl");
        let r = e.handle(&signed("sqs", &[target], r#"{"QueueName":"nope"}"#));
        assert_eq!(r.status, 400);
        assert_eq!(r.content_type, "application/x-amz-json-1.0");
        assert_eq!(body(&r)["__type"], "QueueDoesNotExist");
        assert_eq!(
            header(&r, "x-amzn-query-error"),
            Some("AWS.SimpleQueueService.NonExistentQueue;Sender")
        );
        let r = e.handle(&signed(
            "monitoring",
            &[("x-amz-target", "GraniteServiceVersion20100801.ListMetrics")],
            "{}",
        ));
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type, "application/x-amz-json-1.0");
        assert_eq!(body(&r), json!({"Metrics": []}));
        // A JSON 1.1 service signed but sent another service's target.
        let r = e.handle(&signed(
            "logs",
            &[("x-amz-target", "AmazonSQS.ListQueues")],
            "{}",
        ));
        assert_eq!(r.status, 400);
        assert_eq!(body(&r)["__type"], "UnknownOperationException");
        // Scheduler: REST-JSON, by method and path.
        let mut create = signed(
            "scheduler",
            &[],
            r#"{"ScheduleExpression":"rate(5 minutes)","FlexibleTimeWindow":{"Mode":"OFF"},"Target":{"Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/jobs","RoleArn":"arn:aws:iam::123456789012:role/r","EcsParameters":{"TaskDefinitionArn":"report"}}}"#,
        );
        create.path = "/schedules/every%20five".into();
        let r = e.handle(&create);
        assert_eq!(r.status, 400, "a name with a space is refused");
        create.path = "/schedules/every-five".into();
        let r = e.handle(&create);
        assert_eq!(r.status, 200, "{}", body(&r));
        assert_eq!(r.content_type, "application/json");
        let mut get = signed("scheduler", &[], "");
        get.method = "GET".into();
        get.path = "/schedules/every-five?groupName=default".into();
        let r = e.handle(&get);
        assert_eq!(body(&r)["Name"], "every-five");
        get.path = "/schedules/nope".into();
        let r = e.handle(&get);
        assert_eq!(r.status, 404);
        assert_eq!(
            header(&r, "x-amzn-ErrorType"),
            Some("ResourceNotFoundException")
        );
        get.path = "/schedules?NamePrefix=every".into();
        assert_eq!(
            body(&e.handle(&get))["Schedules"].as_array().unwrap().len(),
            1
        );
        get.method = "PATCH".into();
        assert_eq!(e.handle(&get).status, 404);
    }

    fn s3(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Request {
        let mut request = signed("s3", headers, "");
        request.method = method.into();
        request.path = path.into();
        request.body = body.to_vec();
        request
    }

    fn text(r: &Response) -> String {
        String::from_utf8(r.body.clone()).unwrap()
    }

    #[test]
    fn s3_rest_xml_path_and_virtual_host_addressing() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let r = e.handle(&s3("PUT", "/notes", &[], b""));
        assert_eq!(r.status, 200, "{}", text(&r));
        assert_eq!(header(&r, "Location"), Some("/notes"));
        assert!(header(&r, "x-amz-request-id").is_some());
        // An aws-chunked upload with a CRC32 trailer, path style.
        let chunked = b"6;chunk-signature=a\r\nhello \r\n5;chunk-signature=b\r\nworld\r\n0;chunk-signature=c\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        let put = [
            ("content-encoding", "aws-chunked"),
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("x-amz-decoded-content-length", "11"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
            ("content-type", "text/plain"),
            ("x-amz-meta-team", "web"),
        ];
        let r = e.handle(&s3("PUT", "/notes/docs/a%20b.txt", &put, chunked));
        assert_eq!(r.status, 200, "{}", text(&r));
        assert_eq!(
            header(&r, "ETag"),
            Some(format!("\"{}\"", stevedore_engine::base::md5::hex(b"hello world")).as_str())
        );
        // Read back, virtual-host style.
        let mut get = s3(
            "GET",
            "/docs/a%20b.txt",
            &[("host", "notes.localhost:4566")],
            b"",
        );
        get.headers.retain(|(n, _)| n != "authorization");
        let r = e.handle(&get);
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"hello world");
        assert_eq!(r.content_type, "text/plain");
        assert_eq!(header(&r, "x-amz-meta-team"), Some("web"));
        assert_eq!(
            header(&r, "Last-Modified"),
            Some("Thu, 01 Jan 2026 00:00:00 GMT")
        );
        // HEAD: the length, no body.
        let r = e.handle(&s3("HEAD", "/notes/docs/a%20b.txt", &[], b""));
        assert_eq!((r.status, r.head_length, r.body.len()), (200, Some(11), 0));
        // Listing: XML in S3's namespace, keys url-encoded when asked.
        let r = e.handle(&s3(
            "GET",
            "/notes?list-type=2&prefix=docs%2F&encoding-type=url",
            &[],
            b"",
        ));
        let xml = text(&r);
        assert!(
            xml.contains("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
            "{xml}"
        );
        assert!(xml.contains("<Key>docs/a%20b.txt</Key>"), "{xml}");
        assert!(xml.contains("<EncodingType>url</EncodingType>"), "{xml}");
        let r = e.handle(&s3("GET", "/", &[], b""));
        assert!(text(&r).contains("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Buckets><Bucket><Name>notes</Name>"), "{}", text(&r));
        // Payloads: tagging in, tagging out; DeleteObjects.
        let r = e.handle(&s3("PUT", "/notes?tagging", &[], b"<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>"));
        assert_eq!(r.status, 200, "{}", text(&r));
        let r = e.handle(&s3("GET", "/notes?tagging", &[], b""));
        assert!(text(&r).contains("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>"), "{}", text(&r));
        let r = e.handle(&s3("DELETE", "/notes", &[], b""));
        assert_eq!(r.status, 409);
        assert!(text(&r).contains("<Code>BucketNotEmpty</Code>"));
        assert!(text(&r).contains("<BucketName>notes</BucketName>"));
        let r = e.handle(&s3(
            "POST",
            "/notes?delete",
            &[],
            b"<Delete><Object><Key>docs/a b.txt</Key></Object></Delete>",
        ));
        assert!(text(&r).contains("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Deleted><Key>docs/a b.txt</Key></Deleted></DeleteResult>"), "{}", text(&r));
        let r = e.handle(&s3("DELETE", "/notes", &[], b""));
        assert_eq!(r.status, 204);
        assert!(e.sim.view().buckets.is_empty());
    }

    #[test]
    fn s3_errors_are_shaped_as_s3_shapes_them() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        let r = e.handle(&s3("GET", "/nope/key", &[], b""));
        assert_eq!(r.status, 404);
        let xml = text(&r);
        assert!(xml.contains("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope</BucketName><RequestId>"), "{xml}");
        // HEAD errors have no body.
        let r = e.handle(&s3("HEAD", "/nope", &[], b""));
        assert_eq!((r.status, r.body.len()), (404, 0));
        assert_eq!(e.handle(&s3("PUT", "/Bad_Name", &[], b"")).status, 400);
        assert_eq!(e.handle(&s3("PUT", "/test", &[], b"")).status, 409);
        e.handle(&s3("PUT", "/notes", &[], b""));
        let r = e.handle(&s3("GET", "/notes/missing", &[], b""));
        assert!(
            text(&r).contains("<Code>NoSuchKey</Code>") && text(&r).contains("<Key>missing</Key>")
        );
        // S3 operations the simulator does not have: named, 501.
        let r = e.handle(&s3("GET", "/notes?versioning", &[], b""));
        assert_eq!(r.status, 501);
        assert!(
            text(&r).contains(
                "<Code>NotImplemented</Code><Message>GetBucketVersioning is an S3 operation"
            ),
            "{}",
            text(&r)
        );
        // A parameter the engine does not model: 501 too.
        let r = e.handle(&s3(
            "PUT",
            "/notes/k",
            &[("x-amz-acl", "public-read")],
            b"x",
        ));
        assert_eq!(r.status, 501, "{}", text(&r));
        assert_eq!(e.handle(&s3("PATCH", "/notes", &[], b"")).status, 405);
        // Bad bodies change nothing.
        for (headers, body, code) in [
            (
                vec![("content-md5", "AAAAAAAAAAAAAAAAAAAAAA==")],
                &b"x"[..],
                "BadDigest",
            ),
            (
                vec![("x-amz-checksum-crc32", "AAAAAA==")],
                b"x",
                "BadDigest",
            ),
            (
                vec![("content-encoding", "aws-chunked")],
                b"5\r\nab",
                "IncompleteBody",
            ),
            (
                vec![
                    ("content-encoding", "aws-chunked"),
                    ("x-amz-decoded-content-length", "9"),
                ],
                b"1\r\na\r\n0\r\n\r\n",
                "IncompleteBody",
            ),
        ] {
            let r = e.handle(&s3("PUT", "/notes/k", &headers, body));
            assert_eq!(r.status, 400, "{code}");
            assert!(
                text(&r).contains(&format!("<Code>{code}</Code>")),
                "{}",
                text(&r)
            );
        }
        assert!(e.sim.view().buckets.iter().all(|b| b.objects == 0));
        // Binary bodies round-trip byte for byte.
        let bytes: Vec<u8> = (0..=255u8).rev().collect();
        let r = e.handle(&s3("PUT", "/notes/bin", &[], &bytes));
        assert_eq!(r.status, 200, "{}", text(&r));
        let r = e.handle(&s3("GET", "/notes/bin", &[], b""));
        assert_eq!(r.body, bytes);
        assert_eq!(r.content_type, "binary/octet-stream");
        let r = e.handle(&s3(
            "PUT",
            "/notes?tagging",
            &[],
            b"<Tagging><Nope/></Tagging>",
        ));
        assert!(
            text(&r).contains("<Code>MalformedXML</Code>"),
            "{}",
            text(&r)
        );
        let r = e.handle(&s3("PUT", "/other", &[], b"<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"));
        assert!(
            text(&r).contains("<Code>InvalidLocationConstraint</Code>"),
            "{}",
            text(&r)
        );
        let r = e.handle(&s3("GET", "/notes?list-type=2", &[], b""));
        assert!(!text(&r).contains("<Key>k</Key>"), "{}", text(&r));
    }

    #[test]
    fn lab_accounts_and_the_shell_endpoint() {
        let lab = crate::lab::find("create-cluster").unwrap();
        let mut e = Endpoint::for_lab(lab, ClockMode::Manual).unwrap();
        let mut get = post(None, "");
        get.method = "GET".into();
        get.path = "/_stevedore/lab".into();
        let r = e.handle(&get);
        assert_eq!(body(&r)["lab"], "create-cluster");
        assert_eq!(body(&r)["passed"], false);
        assert_eq!(body(&r)["steps"][0]["met"], false);
        let mut shell = post(None, "sim advance 90s");
        shell.path = "/_stevedore/shell".into();
        let r = e.handle(&shell);
        assert_eq!(body(&r)["exitCode"], 0);
        assert_eq!(e.sim.now().0, 90_000);
        // Variables persist between lines, as in one shell session.
        shell.body = b"NAME=DemoCluster".to_vec();
        e.handle(&shell);
        shell.body = b"aws ecs create-cluster --cluster-name $NAME --query cluster.clusterName --output text".to_vec();
        assert_eq!(body(&e.handle(&shell))["stdout"], "DemoCluster\n");
        shell.body = b"docker nonsense".to_vec();
        let r = e.handle(&shell);
        assert_ne!(body(&r)["exitCode"], 0);
        assert!(body(&r)["stderr"].as_str().is_some_and(|s| !s.is_empty()));
        // Without a lab, /_stevedore/lab is a 404.
        let mut plain = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        assert_eq!(plain.handle(&get).status, 404);
    }

    #[test]
    fn manual_clock_moves_only_when_asked() {
        let mut e = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
        std::thread::sleep(std::time::Duration::from_millis(5));
        let mut advance = post(None, r#"{"ms": 90000}"#);
        advance.path = "/_stevedore/advance".into();
        let r = e.handle(&advance);
        assert_eq!(body(&r)["ms"], 90_000);
        assert_eq!(body(&r)["time"], "T+00:01:30");
        advance.body = b"{\"ms\": -1}".to_vec();
        assert_eq!(e.handle(&advance).status, 400);
        assert_eq!(e.sim.now().0, 90_000);
    }

    #[test]
    fn wall_clock_moves_with_speed() {
        let mut e = Endpoint::new(
            Sim::new(SimConfig::default()).unwrap(),
            ClockMode::Wall { speed: 100 },
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut time = post(None, "");
        time.method = "GET".into();
        time.path = "/_stevedore/time".into();
        let ms = body(&e.handle(&time))["ms"].as_u64().unwrap();
        assert!(ms >= 2_000, "{ms}");
    }
}
