//! IAM policy documents: parsing (with AWS's MalformedPolicyDocument
//! messages), the AWS managed policies the course uses, and a pure evaluator.
//!
//! Evaluation follows the IAM policy evaluation logic for a single
//! identity-based set of policies: an explicit `Deny` in any statement wins,
//! otherwise an `Allow` that matches grants, otherwise the request is
//! implicitly denied. `Action` matching is case-insensitive, `Resource`
//! matching case-sensitive; both accept the `*` and `?` wildcards.
//! `Condition` blocks are not modelled (refused at parse time, not ignored).

use crate::error::{ApiError, ErrorCode};
use serde_json::Value;

/// The two policy language versions IAM accepts.
pub const POLICY_VERSIONS: &[&str] = &["2012-10-17", "2008-10-17"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement, normalised (single strings become one-element lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Action` (or `NotAction` when `not_action` is true).
    pub actions: Vec<String>,
    pub not_action: bool,
    /// `Resource` (or `NotResource`); empty for trust policies.
    pub resources: Vec<String>,
    pub not_resource: bool,
    /// `Principal` `Service` entries (trust policies).
    pub service_principals: Vec<String>,
    /// `Principal` `AWS` entries (account or role ARNs, or `*`).
    pub aws_principals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub version: String,
    pub statements: Vec<Statement>,
    /// The document as given (the AWS CLI prints it back as JSON).
    pub json: Value,
}

/// What kind of document is being parsed: the rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A role's `AssumeRolePolicyDocument`: needs `Principal`, no `Resource`.
    Trust,
    /// An identity policy (inline or managed): needs `Resource`, no `Principal`.
    Identity,
}

fn malformed(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::MalformedPolicyDocumentException, message)
}

/// A string or a list of strings, as IAM allows for Action, Resource, …
fn string_or_list(value: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    malformed(format!(
                        "Syntax errors in policy: '{field}' must hold strings."
                    ))
                })
            })
            .collect(),
        _ => Err(malformed(format!(
            "Syntax errors in policy: '{field}' must be a string or a list of strings."
        ))),
    }
}

/// `service:Action` with wildcards, or `*`.
fn valid_action(action: &str) -> bool {
    if action == "*" {
        return true;
    }
    let Some((vendor, name)) = action.split_once(':') else {
        return false;
    };
    !vendor.is_empty()
        && !name.is_empty()
        && vendor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?' || b == b'-' || b == b'_')
}

/// `*` or an ARN (`arn:partition:service:region:account:resource`, wildcards allowed).
fn valid_resource(resource: &str) -> bool {
    resource == "*" || (resource.starts_with("arn:") && resource.split(':').count() >= 6)
}

/// A service principal such as `ecs-tasks.amazonaws.com`.
fn valid_service_principal(principal: &str) -> bool {
    principal
        .strip_suffix(".amazonaws.com")
        .is_some_and(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
}

fn valid_aws_principal(principal: &str) -> bool {
    principal == "*"
        || (principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()))
        || principal.starts_with("arn:aws:iam::")
}

/// Parses a policy document given as a JSON string (as the IAM API and the
/// AWS CLI carry it), with IAM's `MalformedPolicyDocument` messages.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<PolicyDocument, ApiError> {
    let json: Value =
        serde_json::from_str(text).map_err(|_| malformed("This policy contains invalid Json"))?;
    parse_policy_value(json, kind)
}

pub fn parse_policy_value(json: Value, kind: PolicyKind) -> Result<PolicyDocument, ApiError> {
    let Value::Object(map) = &json else {
        return Err(malformed("Syntax errors in policy."));
    };
    for key in map.keys() {
        if !matches!(key.as_str(), "Version" | "Statement" | "Id") {
            return Err(malformed(format!(
                "Syntax errors in policy: unknown field '{key}'."
            )));
        }
    }
    let version = match map.get("Version") {
        Some(Value::String(v)) if POLICY_VERSIONS.contains(&v.as_str()) => v.clone(),
        Some(Value::String(v)) => {
            return Err(malformed(format!(
                "The policy failed legacy parsing: Version '{v}' is not valid. Use \"2012-10-17\"."
            )));
        }
        Some(_) => {
            return Err(malformed(
                "Syntax errors in policy: 'Version' must be a string.",
            ));
        }
        // The simulator requires Version (AWS would default to 2008-10-17,
        // which lacks policy variables): the course always writes it.
        None => {
            return Err(malformed(
                "Missing required field Version: write \"Version\": \"2012-10-17\".",
            ));
        }
    };
    let raw_statements = match map.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        Some(_) => {
            return Err(malformed(
                "Syntax errors in policy: 'Statement' must be an object or a list of objects.",
            ));
        }
        None => return Err(malformed("Missing required field Statement")),
    };
    if raw_statements.is_empty() {
        return Err(malformed("Missing required field Statement"));
    }
    let mut statements = Vec::new();
    for raw in &raw_statements {
        statements.push(parse_statement(raw, kind)?);
    }
    Ok(PolicyDocument {
        version,
        statements,
        json,
    })
}

fn parse_statement(raw: &Value, kind: PolicyKind) -> Result<Statement, ApiError> {
    let Value::Object(map) = raw else {
        return Err(malformed(
            "Syntax errors in policy: each statement must be an object.",
        ));
    };
    for key in map.keys() {
        match key.as_str() {
            "Sid" | "Effect" | "Action" | "NotAction" | "Resource" | "NotResource"
            | "Principal" | "NotPrincipal" => {}
            "Condition" => {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedFeatureException,
                    "The simulator does not model policy 'Condition' blocks yet.",
                ));
            }
            other => {
                return Err(malformed(format!(
                    "Syntax errors in policy: unknown statement field '{other}'."
                )));
            }
        }
    }
    let sid = match map.get("Sid") {
        None => None,
        Some(Value::String(s)) if s.bytes().all(|b| b.is_ascii_alphanumeric()) => Some(s.clone()),
        Some(_) => {
            return Err(malformed(
                "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
            ));
        }
    };
    let effect = match map.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => {
            return Err(malformed(format!(
                "Invalid effect: {other}. Effect must be \"Allow\" or \"Deny\"."
            )));
        }
        None => return Err(malformed("Missing required field Effect")),
    };
    let (actions, not_action) = match (map.get("Action"), map.get("NotAction")) {
        (Some(a), None) => (string_or_list(a, "Action")?, false),
        (None, Some(a)) => (string_or_list(a, "NotAction")?, true),
        (Some(_), Some(_)) => {
            return Err(malformed(
                "Syntax errors in policy: a statement has either Action or NotAction, not both.",
            ));
        }
        (None, None) => return Err(malformed("Policy statement must contain actions.")),
    };
    if actions.is_empty() {
        return Err(malformed("Policy statement must contain actions."));
    }
    if let Some(bad) = actions.iter().find(|a| !valid_action(a)) {
        return Err(malformed(format!(
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. ('{bad}' is not of the form service:Action)"
        )));
    }
    let has_resource = map.contains_key("Resource") || map.contains_key("NotResource");
    let has_principal = map.contains_key("Principal") || map.contains_key("NotPrincipal");
    let mut statement = Statement {
        sid,
        effect,
        actions,
        not_action,
        resources: Vec::new(),
        not_resource: false,
        service_principals: Vec::new(),
        aws_principals: Vec::new(),
    };
    match kind {
        PolicyKind::Trust => {
            if has_resource {
                return Err(malformed("Has prohibited field Resource"));
            }
            if map.contains_key("NotPrincipal") {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedFeatureException,
                    "The simulator does not model 'NotPrincipal' yet.",
                ));
            }
            let Some(principal) = map.get("Principal") else {
                return Err(malformed("Missing required field Principal"));
            };
            parse_principal(principal, &mut statement)?;
        }
        PolicyKind::Identity => {
            if has_principal {
                return Err(malformed("Policy document should not specify a principal."));
            }
            let (resources, not_resource) = match (map.get("Resource"), map.get("NotResource")) {
                (Some(r), None) => (string_or_list(r, "Resource")?, false),
                (None, Some(r)) => (string_or_list(r, "NotResource")?, true),
                (Some(_), Some(_)) => {
                    return Err(malformed(
                        "Syntax errors in policy: a statement has either Resource or NotResource, not both.",
                    ));
                }
                (None, None) => return Err(malformed("Policy statement must contain resources.")),
            };
            if resources.is_empty() {
                return Err(malformed("Policy statement must contain resources."));
            }
            if let Some(bad) = resources.iter().find(|r| !valid_resource(r)) {
                return Err(malformed(format!(
                    "Resource {bad} must be in ARN format or \"*\"."
                )));
            }
            statement.resources = resources;
            statement.not_resource = not_resource;
        }
    }
    Ok(statement)
}

fn parse_principal(principal: &Value, statement: &mut Statement) -> Result<(), ApiError> {
    match principal {
        Value::String(s) if s == "*" => {
            statement.aws_principals.push("*".to_owned());
            Ok(())
        }
        Value::Object(map) => {
            if map.is_empty() {
                return Err(malformed("Missing required field Principal"));
            }
            for (key, value) in map {
                let entries = string_or_list(value, "Principal")?;
                match key.as_str() {
                    "Service" => {
                        if let Some(bad) = entries.iter().find(|e| !valid_service_principal(e)) {
                            return Err(malformed(format!(
                                "Invalid principal in policy: \"SERVICE\":\"{bad}\""
                            )));
                        }
                        statement.service_principals.extend(entries);
                    }
                    "AWS" => {
                        if let Some(bad) = entries.iter().find(|e| !valid_aws_principal(e)) {
                            return Err(malformed(format!(
                                "Invalid principal in policy: \"AWS\":\"{bad}\""
                            )));
                        }
                        statement.aws_principals.extend(entries);
                    }
                    "Federated" | "CanonicalUser" => {
                        return Err(ApiError::new(
                            ErrorCode::UnsupportedFeatureException,
                            format!("The simulator does not model '{key}' principals yet."),
                        ));
                    }
                    other => {
                        return Err(malformed(format!(
                            "Invalid principal in policy: unknown principal type \"{other}\"."
                        )));
                    }
                }
            }
            Ok(())
        }
        _ => Err(malformed(
            "Invalid principal in policy: use {\"Service\": \"ecs-tasks.amazonaws.com\"} or {\"AWS\": \"arn:aws:iam::…\"}.",
        )),
    }
}

pub use crate::base::glob::wildcard_match;

impl Statement {
    /// Does this statement apply to `action` (case-insensitive)?
    pub fn matches_action(&self, action: &str) -> bool {
        let action = action.to_ascii_lowercase();
        let hit = self
            .actions
            .iter()
            .any(|a| wildcard_match(&a.to_ascii_lowercase(), &action));
        hit != self.not_action
    }

    /// Does this statement apply to `resource` (case-sensitive)?
    pub fn matches_resource(&self, resource: &str) -> bool {
        let hit = self.resources.iter().any(|r| wildcard_match(r, resource));
        hit != self.not_resource
    }
}

// ------------------------------------------------- AWS managed policies ---

/// An AWS managed policy as the simulator knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub name: &'static str,
    /// `/` or `/service-role/`, as AWS files the policy.
    pub path: &'static str,
    pub description: &'static str,
    /// The policy's statements as JSON text.
    pub document: &'static str,
}

impl ManagedPolicy {
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path, self.name)
    }
}

/// The AWS managed policies this course uses, with their real names and
/// paths. Documents: AmazonECSTaskExecutionRolePolicy is exact (F4.8); the
/// others carry the actions the course relies on (the S3/DynamoDB/SQS/SNS
/// ones are abridged to their service's wildcard: AWS's versions add a few
/// related read actions, e.g. CloudWatch, that this simulator does not use).
pub const MANAGED_POLICIES: &[ManagedPolicy] = &[
    ManagedPolicy {
        name: "AmazonECSTaskExecutionRolePolicy",
        path: "/service-role/",
        description: "Provides access to other AWS service resources that are required to run Amazon ECS tasks",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonEC2ContainerServiceforEC2Role",
        path: "/service-role/",
        description: "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeTags","ecs:CreateCluster","ecs:DeregisterContainerInstance","ecs:DiscoverPollEndpoint","ecs:Poll","ecs:RegisterContainerInstance","ecs:StartTelemetrySession","ecs:UpdateContainerInstancesState","ecs:Submit*","ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
    // F11.8: the ecsEventsRole's policy. AWS's document conditions the
    // PassRole on `iam:PassedToService` = ecs-tasks.amazonaws.com and the
    // TagResource on `ecs:CreateAction` = RunTask; the simulator does not
    // evaluate conditions, and the only roles its EventBridge targets pass
    // are ECS tasks' (MODEL: the statements without their conditions).
    ManagedPolicy {
        name: "AmazonEC2ContainerServiceEventsRole",
        path: "/service-role/",
        description: "Policy to enable CloudWatch Events for EC2 Container Service",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:RunTask"],"Resource":["*"]},{"Effect":"Allow","Action":"iam:PassRole","Resource":["*"]},{"Effect":"Allow","Action":"ecs:TagResource","Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonS3ReadOnlyAccess",
        path: "/",
        description: "Provides read only access to all buckets via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonS3FullAccess",
        path: "/",
        description: "Provides full access to all buckets via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonDynamoDBReadOnlyAccess",
        path: "/",
        description: "Provides read only access to Amazon DynamoDB via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetAbacStatus","dynamodb:GetItem","dynamodb:GetResourcePolicy","dynamodb:Query","dynamodb:Scan","dynamodb:PartiQLSelect"],"Effect":"Allow","Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonDynamoDBFullAccess",
        path: "/",
        description: "Provides full access to Amazon DynamoDB via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonSQSFullAccess",
        path: "/",
        description: "Provides full access to Amazon SQS via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":"*"}]}"#,
    },
    ManagedPolicy {
        name: "AmazonSNSFullAccess",
        path: "/",
        description: "Provides full access to Amazon SNS via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:*"],"Resource":"*"}]}"#,
    },
];

pub fn managed_policy(arn: &str) -> Option<&'static ManagedPolicy> {
    MANAGED_POLICIES.iter().find(|p| p.arn() == arn)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("s3:Get*", "s3:GetObject"));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject"));
        assert!(wildcard_match("ecr:Batch*Image", "ecr:BatchGetImage"));
        assert!(wildcard_match(
            "arn:aws:s3:::bucket-?/*",
            "arn:aws:s3:::bucket-a/x/y"
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::bucket-?/*",
            "arn:aws:s3:::bucket-ab/x"
        ));
        assert!(wildcard_match("a*b*c", "aXXbYYc"));
        assert!(!wildcard_match("a*b*c", "aXXbYY"));
    }

    #[test]
    fn every_managed_policy_parses_as_an_identity_policy() {
        for policy in MANAGED_POLICIES {
            let doc = parse_policy(policy.document, PolicyKind::Identity).unwrap();
            assert!(!doc.statements.is_empty(), "{}", policy.name);
        }
        // F4.8: the execution role policy's six actions, under service-role/.
        let exec =
            managed_policy("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
                .unwrap();
        let doc = parse_policy(exec.document, PolicyKind::Identity).unwrap();
        assert_eq!(doc.statements[0].actions.len(), 6);
        assert!(managed_policy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").is_some());
        assert!(
            managed_policy("arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy").is_none()
        );
    }

    #[test]
    fn malformed_documents_are_named() {
        let cases = [
            ("not json", PolicyKind::Trust, "invalid Json"),
            ("[]", PolicyKind::Trust, "Syntax errors"),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks.amazonaws.com"}}]}"#,
                PolicyKind::Trust,
                "Version",
            ),
            (
                r#"{"Version":"2012-10-17"}"#,
                PolicyKind::Trust,
                "Statement",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#,
                PolicyKind::Trust,
                "Principal",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks"}}]}"#,
                PolicyKind::Trust,
                "Invalid principal",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Principal":{"Service":"ecs-tasks.amazonaws.com"}}]}"#,
                PolicyKind::Trust,
                "prohibited field Resource",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}"#,
                PolicyKind::Identity,
                "must contain resources",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}"#,
                PolicyKind::Identity,
                "prefaced by a vendor",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]}"#,
                PolicyKind::Identity,
                "Invalid effect",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket"}]}"#,
                PolicyKind::Identity,
                "ARN format",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}]}"#,
                PolicyKind::Identity,
                "should not specify a principal",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"no spaces","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
                PolicyKind::Identity,
                "alpha-numeric",
            ),
            (
                r#"{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
                PolicyKind::Identity,
                "Version",
            ),
        ];
        for (text, kind, expected) in cases {
            let err = parse_policy(text, kind).unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::MalformedPolicyDocumentException,
                "{text}"
            );
            assert!(err.message.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn conditions_are_refused_not_ignored() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
        let err = parse_policy(text, PolicyKind::Identity).unwrap_err();
        assert_eq!(err.code, ErrorCode::UnsupportedFeatureException);
    }

    #[test]
    fn statement_matching_honours_not_action_and_case() {
        let doc = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::b/*"}}"#,
            PolicyKind::Identity,
        )
        .unwrap();
        let s = &doc.statements[0];
        assert!(s.matches_action("s3:GetObject"));
        assert!(!s.matches_action("IAM:CreateRole"));
        assert!(s.matches_resource("arn:aws:s3:::b/k"));
        assert!(!s.matches_resource("arn:aws:s3:::B/k"));
    }
}
