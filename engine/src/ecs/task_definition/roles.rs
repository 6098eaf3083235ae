//! What a task of a definition needs from IAM when it starts (F4.8): the
//! roles are only shape-checked at registration; the task code calls these
//! when it launches a task.
//!
//! - [`Sim::check_task_roles`]: `taskRoleArn` and `executionRoleArn` must
//!   name existing roles that trust `ecs-tasks.amazonaws.com`; otherwise
//!   RunTask / CreateService fail with AWS's ClientException "ECS was unable
//!   to assume the role …".
//! - [`Sim::execution_permission_gap`]: the first permission the role that
//!   pulls images and sends logs lacks (the execution role; on EC2 without
//!   one, the container instance role), evaluated with [`Sim::role_allows`].

use super::TaskDefinitionRecord;
use crate::error::{ApiError, ErrorCode};
use crate::iam::Decision;
use crate::sim::Sim;

/// The service principal ECS tasks assume roles as (F4.8).
pub const ECS_TASKS_PRINCIPAL: &str = "ecs-tasks.amazonaws.com";

/// The ECR actions an image pull needs (F4.8, AmazonECSTaskExecutionRolePolicy).
pub const ECR_PULL_ACTIONS: &[&str] = &[
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
];
/// The CloudWatch Logs actions the awslogs driver needs (F4.8).
pub const AWSLOGS_ACTIONS: &[&str] = &["logs:CreateLogStream", "logs:PutLogEvents"];

/// A permission the pulling/logging role lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionGap {
    /// The container that needs it.
    pub container: String,
    pub action: String,
    pub resource: String,
    /// `None` when there is no role at all to ask.
    pub role_arn: Option<String>,
    pub decision: Decision,
}

impl PermissionGap {
    /// A sentence for the learner (the task code wraps it in the stopped
    /// reason it reports).
    pub fn explain(&self) -> String {
        match &self.role_arn {
            None => format!(
                "Container '{}' needs {} on {}, but the task has no execution role to call it with.",
                self.container, self.action, self.resource
            ),
            Some(role) => format!(
                "Container '{}': role {role}: {}",
                self.container,
                self.decision.explain(&self.action, &self.resource)
            ),
        }
    }
}

impl Sim {
    /// F4.8: both roles of `td`, when given, must exist and trust
    /// `ecs-tasks.amazonaws.com`. Checked when a task starts, not at
    /// registration.
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn check_task_roles(&self, td: &TaskDefinitionRecord) -> Result<(), ApiError> {
        for arn in [td.task_role_arn(), td.execution_role_arn()]
            .into_iter()
            .flatten()
        {
            if !self.role_trusts(arn, ECS_TASKS_PRINCIPAL) {
                return Err(ApiError::new(
                    ErrorCode::ClientException,
                    format!(
                        "ECS was unable to assume the role '{arn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The first permission `role_arn` (the execution role, or on EC2 the
    /// container instance role when the definition has none) lacks to start
    /// a task of `td`: pulling each private ECR image of this account and
    /// sending logs with awslogs. `None` when nothing is missing. Images
    /// outside ECR (Docker Hub, public registries) need no permission.
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn execution_permission_gap(
        &self,
        td: &TaskDefinitionRecord,
        role_arn: Option<&str>,
    ) -> Option<PermissionGap> {
        let account = &self.config.account_id;
        let region = &self.config.region;
        for c in td.containers() {
            let mut needs: Vec<(&str, String)> = Vec::new();
            if let Ok(image) = super::parse_image(&c.image)
                && let Some((repo_account, repo_region)) = &image.ecr
            {
                let repo = format!(
                    "arn:aws:ecr:{repo_region}:{repo_account}:repository/{}",
                    image.repository
                );
                for action in ECR_PULL_ACTIONS {
                    let resource = if *action == "ecr:GetAuthorizationToken" {
                        "*".to_owned()
                    } else {
                        repo.clone()
                    };
                    needs.push((action, resource));
                }
            }
            if let Some(log) = &c.log_configuration
                && log.log_driver == "awslogs"
            {
                let group = log
                    .options
                    .as_ref()
                    .and_then(|o| o.get("awslogs-group"))
                    .cloned()
                    .unwrap_or_default();
                let resource = format!("arn:aws:logs:{region}:{account}:log-group:{group}:*");
                for action in AWSLOGS_ACTIONS {
                    needs.push((action, resource.clone()));
                }
            }
            for (action, resource) in needs {
                let decision = match role_arn {
                    Some(arn) => self.role_allows(arn, action, &resource),
                    None => Decision::ImplicitDeny,
                };
                if !decision.is_allowed() {
                    return Some(PermissionGap {
                        container: c.name.clone(),
                        action: action.to_owned(),
                        resource,
                        role_arn: role_arn.map(str::to_owned),
                        decision,
                    });
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::{Command, Service};
    use serde_json::{Value, json};

    fn exec(sim: &mut Sim, service: Service, op: &str, input: Value) {
        let cmd = Command::from_json(service, op, input).unwrap();
        sim.execute(cmd).unwrap();
    }

    fn role(sim: &mut Sim, name: &str, principal: &str) -> String {
        let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}]});
        exec(
            sim,
            Service::Iam,
            "CreateRole",
            json!({"RoleName": name, "AssumeRolePolicyDocument": trust.to_string()}),
        );
        format!("arn:aws:iam::123456789012:role/{name}")
    }

    fn register(sim: &mut Sim, extra: Value) -> String {
        let mut input = json!({
            "family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1",
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app"}}}]
        });
        if let (Value::Object(i), Value::Object(e)) = (&mut input, extra) {
            i.extend(e);
        }
        exec(sim, Service::Ecs, "RegisterTaskDefinition", input);
        "app".to_owned()
    }

    #[test]
    fn roles_must_exist_and_trust_ecs_tasks() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let wrong = role(&mut sim, "ec2only", "ec2.amazonaws.com");
        let good = role(&mut sim, "exec", ECS_TASKS_PRINCIPAL);
        register(
            &mut sim,
            json!({"executionRoleArn": good, "taskRoleArn": "arn:aws:iam::123456789012:role/missing"}),
        );
        let td = sim.resolve_task_definition("app").unwrap();
        let err = sim.check_task_roles(td).unwrap_err();
        assert_eq!(err.code, ErrorCode::ClientException);
        assert!(
            err.message.contains(
                "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/missing'"
            ),
            "{err}"
        );
        register(
            &mut sim,
            json!({"executionRoleArn": good, "taskRoleArn": wrong}),
        );
        let td = sim.resolve_task_definition("app").unwrap();
        assert!(
            sim.check_task_roles(td)
                .unwrap_err()
                .message
                .contains("ec2only")
        );
        register(&mut sim, json!({"executionRoleArn": good}));
        let td = sim.resolve_task_definition("app").unwrap();
        assert!(sim.check_task_roles(td).is_ok());
    }

    #[test]
    fn execution_role_needs_pull_and_log_permissions() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let arn = role(&mut sim, "exec", ECS_TASKS_PRINCIPAL);
        register(&mut sim, json!({"executionRoleArn": arn}));
        let td = sim.resolve_task_definition("app").unwrap().clone();
        let gap = sim.execution_permission_gap(&td, Some(&arn)).unwrap();
        assert_eq!(
            (gap.action.as_str(), gap.resource.as_str()),
            ("ecr:GetAuthorizationToken", "*")
        );
        assert!(
            gap.explain().contains("implicitly denied"),
            "{}",
            gap.explain()
        );
        // Pull rights but no log rights: the log stream is the gap.
        exec(
            &mut sim,
            Service::Iam,
            "PutRolePolicy",
            json!({"RoleName": "exec", "PolicyName": "pull", "PolicyDocument":
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:Batch*","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}"#}),
        );
        let gap = sim.execution_permission_gap(&td, Some(&arn)).unwrap();
        assert_eq!(gap.action, "logs:CreateLogStream");
        assert_eq!(
            gap.resource,
            "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:*"
        );
        // The managed policy covers everything (F4.8)...
        exec(
            &mut sim,
            Service::Iam,
            "AttachRolePolicy",
            json!({"RoleName": "exec", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}),
        );
        assert_eq!(sim.execution_permission_gap(&td, Some(&arn)), None);
        // ... unless a Deny on the repository wins.
        exec(
            &mut sim,
            Service::Iam,
            "PutRolePolicy",
            json!({"RoleName": "exec", "PolicyName": "no-team", "PolicyDocument":
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ecr:BatchGetImage","Resource":"arn:aws:ecr:*:*:repository/team/*"}]}"#}),
        );
        let gap = sim.execution_permission_gap(&td, Some(&arn)).unwrap();
        assert_eq!(
            gap.resource,
            "arn:aws:ecr:us-east-1:123456789012:repository/team/app"
        );
        assert!(matches!(gap.decision, Decision::ExplicitDeny(_)));
        // No role at all.
        let gap = sim.execution_permission_gap(&td, None).unwrap();
        assert!(gap.explain().contains("no execution role"));
    }

    #[test]
    fn public_images_without_awslogs_need_nothing() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        exec(
            &mut sim,
            Service::Ecs,
            "RegisterTaskDefinition",
            json!({"family": "hello", "containerDefinitions": [{"name": "web", "image": "nginxdemos/hello", "memory": 128}]}),
        );
        let td = sim.resolve_task_definition("hello").unwrap();
        assert_eq!(sim.execution_permission_gap(td, None), None);
        assert!(sim.check_task_roles(td).is_ok());
    }
}
