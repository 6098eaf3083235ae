//! The `stevedore` binary end to end: `run` (text and --json, markers, exit
//! status) and `serve` over a raw TcpStream on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_stevedore");

fn script(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stevedore-runner-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SCRIPT: &str = "\
# A small script.
aws ecs create-cluster --cluster-name demo --query cluster.status --output text
aws ecs describe-clusters --clusters demo nope \\
    --query 'failures[].arn' --output text
aws ecs delete-cluster --cluster nope  # expect-error: ClusterNotFoundException
sim advance 90s
aws ecs list-clusters --output text
";

#[test]
fn run_prints_what_the_aws_cli_prints() {
    let path = script("ok.sh", SCRIPT);
    let (code, stdout, stderr) = run(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "ACTIVE\narn:aws:ecs:us-east-1:123456789012:cluster/nope\nT+00:01:30 (2026-01-01T00:01:30Z)\nCLUSTERARNS\tarn:aws:ecs:us-east-1:123456789012:cluster/demo\n"
    );
    // The expected failure still shows AWS's error text.
    assert!(
        stderr.contains(
            "An error occurred (ClusterNotFoundException) when calling the DeleteCluster operation"
        ),
        "{stderr}"
    );
}

#[test]
fn run_json_gives_one_object_per_command() {
    let path = script("json.sh", SCRIPT);
    let (code, stdout, _) = run(&["run", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[0]["output"]["cluster"]["clusterName"], "demo");
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(
        lines[1]["command"],
        "aws ecs describe-clusters --clusters demo nope --query 'failures[].arn' --output text"
    );
    assert_eq!(lines[2]["error"]["code"], "ClusterNotFoundException");
    assert_eq!(lines[2]["error"]["message"], "Cluster not found.");
    assert_eq!(lines[2]["expectedError"], "ClusterNotFoundException");
    assert_eq!(lines[3]["output"]["simTimeMs"], 90_000);
    assert!(lines.iter().all(|l| l.get("mismatch").is_none()));
}

#[test]
fn run_json_events_lists_what_each_line_caused() {
    let path = script(
        "events.sh",
        "\
aws ecs create-cluster --cluster-name demo
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\"}]'
SUBNET=x
aws ecs list-clusters
sim advance 1m
",
    );
    // Line 3 sets a shell variable: it causes nothing.
    let (_, stdout, _) = run(&["run", "--json", "--events", path.to_str().unwrap()]);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types = |l: &Value| -> Vec<String> {
        l["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(types(&lines[0]), ["clusterCreated"]);
    assert_eq!(types(&lines[1]), ["taskDefinitionRegistered"]);
    assert!(types(&lines[3]).is_empty(), "a read causes nothing");
    assert_eq!(lines[0]["events"][0]["seq"], 1);
    assert_eq!(lines[1]["events"][0]["seq"], 2);
    // Without --events, no such members.
    let (_, plain, _) = run(&["run", "--json", path.to_str().unwrap()]);
    let first: Value = serde_json::from_str(plain.lines().next().unwrap()).unwrap();
    assert!(first.get("events").is_none() && first.get("eventbridge").is_none());
    // --events needs --json.
    let (code, _, stderr) = run(&["run", "--events", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--events goes with --json"), "{stderr}");
}

#[test]
fn run_json_events_include_eventbridge_task_changes() {
    let path = script(
        "eb.sh",
        "\
aws ecs create-cluster --cluster-name demo
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\"}]'
aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text
",
    );
    let (code, stdout, stderr) = run(&["run", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let subnet: Value = serde_json::from_str(stdout.lines().nth(2).unwrap()).unwrap();
    let subnet = subnet["stdout"].as_str().unwrap().trim().to_owned();
    let path = script(
        "eb2.sh",
        &format!(
            "\
aws ecs create-cluster --cluster-name demo
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{{\"name\":\"web\",\"image\":\"nginx\"}}]'
aws ecs run-task --cluster demo --task-definition web --launch-type FARGATE --network-configuration awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}
sim advance 1m
"
        ),
    );
    let (code, stdout, stderr) = run(&["run", "--json", "--events", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let statuses = |l: &Value| -> Vec<String> {
        l["eventbridge"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["detail-type"] == "ECS Task State Change")
            .map(|e| e["detail"]["lastStatus"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(statuses(&lines[2]), ["PROVISIONING"]);
    assert_eq!(statuses(&lines[3]), ["PENDING", "RUNNING"]);
    // A service's events: the line that creates it says it started tasks.
    let path = script(
        "svc.sh",
        &format!(
            "\
aws ecs create-cluster --cluster-name demo
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{{\"name\":\"web\",\"image\":\"nginx\"}}]'
aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}
aws ecs list-services --cluster demo
sim advance 5m
"
        ),
    );
    let (code, stdout, stderr) = run(&["run", "--json", "--events", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let svc: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let messages = |l: &Value| -> Vec<String> {
        l["serviceEvents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        messages(&svc[2])[0].starts_with("(service web) has started 2 tasks: (task "),
        "{:?}",
        messages(&svc[2])
    );
    assert!(messages(&svc[3]).is_empty(), "a read adds none");
    let later = messages(&svc[4]);
    assert!(later[0].ends_with("deployment completed."), "{later:?}");
    assert_eq!(later[1], "(service web) has reached a steady state.");
    let engine: Vec<&str> = lines[3]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["lastStatus"].as_str())
        .collect();
    assert_eq!(engine, ["PENDING", "RUNNING"]);
}

#[test]
fn scripts_have_variables_here_documents_and_file_values() {
    let path = script(
        "shell.sh",
        "\
CLUSTER=demo
aws ecs create-cluster --cluster-name $CLUSTER --query cluster.clusterName --output text
cat > td.json <<'EOF'
{\"family\": \"web\",
 \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128}]}
EOF
aws ecs register-task-definition --cli-input-json file://td.json \\
    --query taskDefinition.revision
aws ecs describe-clusters --clusters '$CLUSTER' --query 'failures[0].reason' --output text
echo $NOPE  # expect-error
",
    );
    let (code, stdout, stderr) = run(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "demo\n1\nMISSING\n");
    assert!(stderr.contains("$NOPE is not set"), "{stderr}");
    let (_, json, _) = run(&["run", "--json", path.to_str().unwrap()]);
    let lines: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The here-document is one step that starts on line 3.
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["command"].as_str().unwrap().ends_with("\nEOF"));
    assert_eq!(lines[3]["line"], 7);
}

#[test]
fn unexpected_failures_and_mismatches_fail_the_run() {
    let path = script(
        "bad.sh",
        "aws ecs delete-cluster --cluster nope\naws ecs list-clusters # expect-error: ClusterNotFoundException\naws ecs create-cluster --cluster-name ok\n",
    );
    let (code, stdout, stderr) = run(&["run", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":1: failed unexpectedly with ClusterNotFoundException"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":2: expected ClusterNotFoundException, but it succeeded"),
        "{stderr}"
    );
    assert!(stderr.contains("2 line(s)"), "{stderr}");
    // Every line still ran.
    assert_eq!(stdout.lines().count(), 3);
    let first: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert!(first["mismatch"].as_str().unwrap().contains("unexpectedly"));
    let (code, _, stderr) = run(&["run", "/nonexistent/script"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"));
    let bad_marker = script(
        "marker.sh",
        "aws ecs list-clusters # expect-error: two words\n",
    );
    let (code, _, stderr) = run(&["run", bad_marker.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("line 1"), "{stderr}");
    let (code, _, _) = run(&["launch"]);
    assert_eq!(code, 2);
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    Server { child, addr }
}

/// Sends raw bytes, reads one response: (status, head in lower case, body).
fn exchange(stream: &mut TcpStream, raw: &[u8]) -> (u16, String, Vec<u8>) {
    stream.write_all(raw).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        // Header names are case-insensitive: compare them in lower case.
        head.push_str(&line.to_ascii_lowercase());
    }
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, head, body)
}

fn post(target: &str, body: &str) -> Vec<u8> {
    format!(
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

const ECS: &str = "AmazonEC2ContainerServiceV20141113";

#[test]
fn serve_answers_the_aws_json_protocol() {
    let server = start(&["--manual-clock"]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // Several requests on one keep-alive connection.
    let (status, head, body) = exchange(
        &mut s,
        &post(&format!("{ECS}.CreateCluster"), r#"{"clusterName":"demo"}"#),
    );
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: application/x-amz-json-1.1"),
        "{head}"
    );
    assert!(head.contains("x-amzn-requestid: "), "{head}");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        v["cluster"]["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/demo"
    );
    let (status, _, body) = exchange(
        &mut s,
        &post(
            &format!("{ECS}.DescribeClusters"),
            r#"{"clusters":["demo","gone"]}"#,
        ),
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["failures"][0]["reason"], "MISSING");
    // AWS's error shape.
    let (status, _, body) = exchange(
        &mut s,
        &post(&format!("{ECS}.DeleteCluster"), r#"{"cluster":"gone"}"#),
    );
    assert_eq!(status, 400);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["__type"], "ClusterNotFoundException");
    assert_eq!(v["message"], "Cluster not found.");
    for (target, body, code) in [
        (
            format!("{ECS}.LaunchRocket"),
            "{}",
            "UnknownOperationException",
        ),
        (
            "AWSCognitoIdentityService.ListPools".to_owned(),
            "{}",
            "UnknownOperationException",
        ),
        (
            format!("{ECS}.CreateCluster"),
            "{not json",
            "SerializationException",
        ),
    ] {
        let (status, _, reply) = exchange(&mut s, &post(&target, body));
        assert_eq!(status, 400, "{target}");
        let v: Value = serde_json::from_slice(&reply).unwrap();
        assert_eq!(v["__type"], code, "{target}");
    }
    // The clock moves only when told to.
    let (status, _, body) = exchange(
        &mut s,
        b"POST /_stevedore/advance HTTP/1.1\r\nContent-Length: 12\r\n\r\n{\"ms\": 1500}",
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["ms"], 1500);
    let (_, _, body) = exchange(&mut s, b"GET /_stevedore/time HTTP/1.1\r\n\r\n");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["ms"], 1500);
    // State survived: the cluster is still listed on a new connection.
    let mut t = TcpStream::connect(&server.addr).unwrap();
    let (_, _, body) = exchange(&mut t, &post(&format!("{ECS}.ListClusters"), "{}"));
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["clusterArns"].as_array().unwrap().len(), 1);
}

#[test]
fn serve_refuses_oversized_and_malformed_requests() {
    let server = start(&["--manual-clock"]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let big = format!(
        "POST / HTTP/1.1\r\nX-Amz-Target: {ECS}.ListClusters\r\nContent-Length: {}\r\n\r\n",
        2 * 1024 * 1024
    );
    let (status, head, _) = exchange(&mut s, big.as_bytes());
    assert_eq!(status, 413);
    assert!(head.contains("connection: close"));
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let (status, _, _) = exchange(&mut s, b"NOT HTTP AT ALL\r\n\r\n");
    assert_eq!(status, 400);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let (status, _, _) = exchange(
        &mut s,
        format!(
            "POST / HTTP/1.1\r\nX-Amz-Target: {ECS}.ListClusters\r\nTransfer-Encoding: gzip\r\n\r\n"
        )
        .as_bytes(),
    );
    // A transfer coding other than chunked last: 400 (RFC 9112 6.3).
    assert_eq!(status, 400);
    // Chunked bodies are read.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let (status, _, body) = exchange(
        &mut s,
        format!("POST / HTTP/1.1\r\nX-Amz-Target: {ECS}.ListClusters\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{{\r\n1\r\n}}\r\n0\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let mut s = TcpStream::connect(&server.addr).unwrap();
    // GET is a method REST services use, but this one names no service.
    let (status, _, body) = exchange(&mut s, b"GET / HTTP/1.1\r\n\r\n");
    assert_eq!(status, 400);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["__type"], "UnknownOperationException");
    // The server is still up after all that.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let (status, _, _) = exchange(&mut s, &post(&format!("{ECS}.ListClusters"), ""));
    assert_eq!(status, 200);
}

#[test]
fn idle_connections_never_shut_other_clients_out() {
    let server = start(&["--manual-clock"]);
    // More idle keep-alive connections than the server has slots
    // (`http::MAX_CONNECTIONS`).
    let idle: Vec<TcpStream> = (0..stevedore_runner::http::MAX_CONNECTIONS + 40)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let (status, _, _) = exchange(&mut s, &post(&format!("{ECS}.ListClusters"), "{}"));
        assert_eq!(status, 200);
    }
    // The oldest idle ones were closed to make room: they read end of file.
    let mut first = idle.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 1];
    assert!(matches!(first.read(&mut buf), Ok(0) | Err(_)));
}

/// Mutated requests sent over TCP to a running server: each is answered
/// with a status that refuses it (or the connection is closed), and the
/// server answers a good request after all of them.
#[test]
fn serve_survives_mutated_requests_over_tcp() {
    use std::net::Shutdown;
    use stevedore_engine::rng::Pcg32;
    let server = start(&["--manual-clock"]);
    let seed = post(&format!("{ECS}.CreateCluster"), r#"{"clusterName":"demo"}"#);
    let alphabet = b" :\r\n{}\"0-9aZ\x00\xff";
    let mut rng = Pcg32::from_seed(11);
    for _ in 0..300 {
        let mut bytes = seed.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() as u32) as usize;
            if rng.below(2) == 0 {
                bytes.remove(at);
            } else {
                bytes.insert(at, alphabet[rng.below(alphabet.len() as u32) as usize]);
            }
        }
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
        s.write_all(&bytes).unwrap();
        let _ = s.shutdown(Shutdown::Write);
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        if reply.is_empty() {
            continue;
        }
        let text = String::from_utf8_lossy(&reply);
        let status: u16 = text
            .strip_prefix("HTTP/1.1 ")
            .and_then(|r| r.get(..3))
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP response: {text}"));
        assert!(
            matches!(
                status,
                200 | 400 | 404 | 405 | 408 | 411 | 413 | 431 | 501 | 505
            ),
            "{status} for {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (status, _, _) = exchange(&mut s, &post(&format!("{ECS}.ListClusters"), "{}"));
    assert_eq!(status, 200);
}

#[test]
fn serve_clock_follows_the_wall_clock_times_speed() {
    let server = start(&["--speed", "1000"]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let (_, _, body) = exchange(&mut s, b"GET /_stevedore/time HTTP/1.1\r\n\r\n");
    let first = serde_json::from_slice::<Value>(&body).unwrap()["ms"]
        .as_u64()
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let (_, _, body) = exchange(&mut s, b"GET /_stevedore/time HTTP/1.1\r\n\r\n");
    let second = serde_json::from_slice::<Value>(&body).unwrap()["ms"]
        .as_u64()
        .unwrap();
    assert!(second >= first + 50_000, "{first} -> {second}");
}

#[test]
fn run_drives_docker_and_the_login_pipe() {
    let path = script(
        "docker.sh",
        "\
aws ecr create-repository --repository-name app --query repository.repositoryUri --output text
docker build -t app:1 --from nginx:alpine --size-mb 3 .
docker tag app:1 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1  # expect-error
aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com
docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
aws ecr describe-images --repository-name app --query 'imageDetails[0].imageTags' --output text
",
    );
    let (code, stdout, stderr) = run(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("123456789012.dkr.ecr.us-east-1.amazonaws.com/app\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Login Succeeded\n"), "{stdout}");
    assert!(stdout.ends_with("1\n"), "{stdout}");
}

/// Random mutations of valid requests and scripts: the parsers and the
/// endpoint answer, never panic.
#[test]
fn mutated_requests_and_scripts_never_panic() {
    use stevedore_engine::rng::Pcg32;
    use stevedore_engine::{Sim, SimConfig};
    use stevedore_runner::endpoint::{ClockMode, Endpoint};
    use stevedore_runner::http::{Handler, Request};
    // hyper's own request parser (httparse), then the body as the declared
    // length says; what it refuses never reaches the endpoint.
    let read_request = |bytes: &[u8]| -> Option<Request> {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut parsed = httparse::Request::new(&mut headers);
        let httparse::Status::Complete(head) = parsed.parse(bytes).ok()? else {
            return None;
        };
        let headers: Vec<(String, String)> = parsed
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_ascii_lowercase(),
                    String::from_utf8_lossy(h.value).trim().to_owned(),
                )
            })
            .collect();
        let length: usize = match headers.iter().find(|(n, _)| n == "content-length") {
            Some((_, v)) => v.parse().ok()?,
            None => 0,
        };
        let body = bytes.get(head..head + length)?.to_vec();
        Some(Request {
            method: parsed.method?.to_owned(),
            path: parsed.path?.to_owned(),
            headers,
            body,
            keep_alive: true,
        })
    };
    let seeds: [&[u8]; 3] = [
        b"POST / HTTP/1.1\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateCluster\r\nContent-Length: 22\r\n\r\n{\"clusterName\":\"demo\"}",
        b"POST /_stevedore/advance HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"ms\": 100}",
        b"POST / HTTP/1.1\r\nX-Amz-Target: AmazonEC2ContainerRegistry_V20150921.DescribeRepositories\r\nContent-Length: 2\r\n\r\n{}",
    ];
    let alphabet = b" :\r\n{}\"[]0-9aZ.\x00\xff";
    let mut rng = Pcg32::from_seed(7);
    let mut endpoint = Endpoint::new(Sim::new(SimConfig::default()).unwrap(), ClockMode::Manual);
    for i in 0..3_000 {
        let mut bytes = seeds[i % seeds.len()].to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() as u32 + 1) as usize;
            if rng.below(2) == 0 && at < bytes.len() {
                bytes.remove(at);
            } else {
                bytes.insert(
                    at.min(bytes.len()),
                    alphabet[rng.below(alphabet.len() as u32) as usize],
                );
            }
        }
        if let Some(request) = read_request(&bytes) {
            let response = endpoint.handle(&request);
            assert!(
                matches!(response.status, 200 | 400 | 404 | 405),
                "{}",
                response.status
            );
        }
        endpoint.sim.check_invariants().unwrap();
    }
    let script_seed = "aws ecs create-cluster --cluster-name a \\\n  --tags key=k,value=v # expect-error: X\nsim advance 1s\n";
    let chars: Vec<char> = "#\\:\n -expect-error".chars().collect();
    for _ in 0..2_000 {
        let mut text: Vec<char> = script_seed.chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(text.len() as u32 + 1) as usize;
            text.insert(
                at.min(text.len()),
                chars[rng.below(chars.len() as u32) as usize],
            );
        }
        let text: String = text.into_iter().collect();
        if let Ok(steps) = stevedore_runner::script::parse(&text) {
            let mut sim = Sim::new(SimConfig::default()).unwrap();
            for result in stevedore_runner::script::run_all(&mut sim, &steps) {
                let _ = result.to_json(0);
            }
        }
    }
}

#[test]
fn the_example_script_runs_clean() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/getting-started.sh");
    let (code, stdout, stderr) = run(&["run", path]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("|  DescribeClusters  |") || stdout.contains("DescribeClusters"),
        "{stdout}"
    );
    assert!(stdout.contains("Login Succeeded"), "{stdout}");
    assert!(
        stdout.contains("T+00:15:00 (2026-01-01T00:15:00Z)"),
        "{stdout}"
    );
    assert!(stdout.ends_with("INACTIVE\n"), "{stdout}");
    let (code, stdout, _) = run(&["run", "--json", path]);
    assert_eq!(code, 0);
    assert!(
        stdout
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
    );
}

#[test]
fn lab_list_names_every_lab() {
    let (code, stdout, stderr) = run(&["lab", "list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("create-cluster "), "{stdout}");
    let (code, stdout, _) = run(&["lab", "list", "--json"]);
    assert_eq!(code, 0);
    let labs: Value = serde_json::from_str(&stdout).unwrap();
    let first = &labs[0];
    assert_eq!(first["id"], "create-cluster");
    assert_eq!(first["lessons"][0], "hands-on-create-cluster");
    assert_eq!(first["steps"], 4);
    assert!(first["title"].as_str().unwrap().starts_with("DemoCluster"));
}

#[test]
fn lab_check_prints_every_goal_and_passes_only_when_all_are_met() {
    let partial = script(
        "partial.sh",
        "aws ecs create-cluster --cluster-name DemoCluster --capacity-providers FARGATE FARGATE_SPOT\naws ecs nope  # a mistake\n",
    );
    let (code, stdout, stderr) =
        run(&["lab", "check", "create-cluster", partial.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("Step 1: Create the cluster with the Fargate capacity providers\n  [met] A cluster named DemoCluster exists with the capacity providers FARGATE, FARGATE_SPOT.\n"), "{stdout}");
    assert!(stdout.contains("  [unmet] A cluster named DemoCluster exists with at least 1 registered container instance.\n        cluster DemoCluster has 0 ACTIVE container instances (at least 1 wanted): "), "{stdout}");
    assert!(stdout.ends_with("\n1 of 6 goals met.\n"), "{stdout}");
    assert!(
        stderr.contains("partial.sh:2: failed unexpectedly with UsageError: aws ecs nope"),
        "{stderr}"
    );

    let (code, json_out, _) = run(&[
        "lab",
        "check",
        "create-cluster",
        partial.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["steps"][0]["met"], true);
    assert_eq!(report["steps"][0]["goals"][0]["kind"], "cluster");
    assert_eq!(report["steps"][3]["goals"][1]["met"], false);
    assert_eq!(report["lines"][1]["line"], 2);
    assert!(report["lines"][1]["problem"].is_string());

    let (code, solution, _) = run(&["lab", "solution", "create-cluster"]);
    assert_eq!(code, 0);
    let whole = script("solution.sh", &solution);
    let (code, stdout, stderr) = run(&["lab", "check", "create-cluster", whole.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("\n6 of 6 goals met: the lab is done.\n"),
        "{stdout}"
    );

    let (code, _, stderr) = run(&["lab", "check", "nope", whole.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no lab named nope (labs: create-cluster"),
        "{stderr}"
    );
}
