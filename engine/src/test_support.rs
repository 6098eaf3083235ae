//! Set-up shared by the engine's unit tests of containers that call AWS
//! (the `amazon/aws-cli` container, the sample workers): API calls through
//! the one `Input` door, a task role, a default subnet, Fargate tasks, and
//! what their first container logged and exited with.

use crate::command::{Command, Service};
use crate::input::Input;
use crate::sim::Sim;
use serde_json::{Value, json};

pub const ACCOUNT: &str = "123456789012";

/// One API call that must succeed.
pub fn exec(sim: &mut Sim, service: Service, op: &str, input: Value) {
    let command = Command::from_json(service, op, input).unwrap();
    sim.apply(Input::Api(command)).api().unwrap();
}

/// A role tasks may assume (`ecs-tasks.amazonaws.com`); its ARN.
pub fn task_role(sim: &mut Sim, name: &str) -> String {
    exec(
        sim,
        Service::Iam,
        "CreateRole",
        json!({"RoleName": name, "AssumeRolePolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#}),
    );
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

/// An inline policy `policy` on `role` with these statements.
pub fn allow(sim: &mut Sim, role: &str, policy: &str, statements: Vec<Value>) {
    let doc = json!({"Version": "2012-10-17", "Statement": statements});
    exec(
        sim,
        Service::Iam,
        "PutRolePolicy",
        json!({"RoleName": role, "PolicyName": policy, "PolicyDocument": doc.to_string()}),
    );
}

/// The default VPC's subnets, one per AZ, as (AZ, subnet id) in AZ order.
pub fn default_subnets(sim: &Sim) -> Vec<(String, String)> {
    let mut subnets: Vec<(String, String)> = sim
        .state
        .subnets
        .values()
        .filter(|s| s.default_for_az)
        .map(|s| (s.availability_zone.clone(), s.id.clone()))
        .collect();
    subnets.sort();
    subnets
}

/// The default subnet of `zone`.
pub fn subnet_in(sim: &Sim, zone: &str) -> String {
    sim.state
        .subnets
        .values()
        .find(|s| s.availability_zone == zone)
        .unwrap()
        .id
        .clone()
}

/// RunTask on Fargate in us-east-1a's default subnet with a public address
/// (`extra`'s members added to the request, e.g. `count` or `overrides`);
/// the new tasks' ARNs.
pub fn run_fargate(sim: &mut Sim, cluster: &str, family: &str, extra: Value) -> Vec<String> {
    let subnet = subnet_in(sim, "us-east-1a");
    let mut request = json!({"cluster": cluster, "taskDefinition": family, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}});
    if let (Some(obj), Value::Object(more)) = (request.as_object_mut(), extra) {
        obj.extend(more);
    }
    let before: Vec<String> = sim.state.tasks.keys().cloned().collect();
    exec(sim, Service::Ecs, "RunTask", request);
    sim.state
        .tasks
        .keys()
        .filter(|k| !before.contains(k))
        .cloned()
        .collect()
}

/// What the task's first container logged, oldest first.
pub fn container_lines(sim: &Sim, task_arn: &str) -> Vec<String> {
    sim.state.tasks[task_arn].life.containers[0]
        .logs
        .iter()
        .map(|(_, l)| l.clone())
        .collect()
}

/// The task's first container's exit code, once it exited.
pub fn container_exit(sim: &Sim, task_arn: &str) -> Option<i64> {
    sim.state.tasks[task_arn].life.containers[0].exit_code
}
