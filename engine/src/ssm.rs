//! AWS Systems Manager Parameter Store (`Service::Ssm`, `aws ssm …`), as
//! far as ECS tutorials use it: the AWS public parameters that name the
//! current Amazon ECS-optimized AMIs and Amazon Linux AMIs (ECSDG
//! retrieve-ecs-optimized_AMI), read with GetParameter, GetParameters and
//! GetParametersByPath. The account's own parameters are not simulated.
//!
//! The parameters (the AMIs are `engine::ec2::images`):
//! - `/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended` (a JSON
//!   document: `image_id`, `image_name`, `ecs_agent_version`, …) and its
//!   `…/recommended/image_id`; the same under `amazon-linux-2023/arm64/`
//!   and `amazon-linux-2/`;
//! - `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`
//!   (and `-arm64`, and `amzn2-ami-kernel-5.10-hvm-x86_64-gp2`): AMI ids.

use crate::ec2::images::{AMIS, Ami};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// SSM GetParametersByPath: MaxResults 1–10, default 10;
/// ValidationException for a bad limit, InvalidNextToken for a bad token.
pub(crate) const fn paging(operation: &'static str) -> crate::base::paginate::Limits {
    crate::base::paginate::Limits {
        operation,
        limit_member: "MaxResults",
        token_member: "NextToken",
        min: 1,
        max: 10,
        default: Some(10),
        limit_error: ErrorCode::ValidationException,
        token_error: ErrorCode::InvalidNextToken,
    }
}

/// MODEL: the version number the public parameters show.
pub const PUBLIC_PARAMETER_VERSION: i64 = 143;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetParameterRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParameterResponse {
    pub parameter: Parameter,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetParametersRequest {
    pub names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersResponse {
    pub parameters: Vec<Parameter>,
    pub invalid_parameters: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetParametersByPathRequest {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersByPathResponse {
    pub parameters: Vec<Parameter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    pub name: String,
    pub r#type: &'static str,
    pub value: String,
    pub version: i64,
    /// Epoch seconds.
    pub last_modified_date: f64,
    #[serde(rename = "ARN")]
    pub arn: String,
    pub data_type: &'static str,
}

fn parameter_not_found(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ParameterNotFound,
        format!(
            "Parameter {name} not found. The simulator has the AWS public parameters of the ECS-optimized and Amazon Linux AMIs (for example /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id); the account's own parameters are not simulated."
        ),
    )
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 2048 {
        return Err(ApiError::new(
            ErrorCode::ValidationException,
            format!(
                "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must have length between 1 and 2048"
            ),
        ));
    }
    Ok(())
}

impl Sim {
    /// Every public parameter, by name.
    fn public_parameters(&self) -> Vec<Parameter> {
        let region = &self.config.region;
        let mut out: Vec<Parameter> = AMIS
            .iter()
            .flat_map(|ami| ami.parameters.iter().map(move |p| (ami, *p)))
            .map(|(ami, name)| self.parameter(region, ami, name))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn parameter(&self, region: &str, ami: &Ami, name: &str) -> Parameter {
        let id = ami.id(region);
        let (value, data_type) = if name.ends_with("/recommended") {
            // The ECS metadata document.
            let version = ami
                .name
                .split('-')
                .find(|p| p.starts_with("2023.") || p.starts_with("2.0."))
                .unwrap_or_default();
            let os = if ami.name.starts_with("al2023") {
                "Amazon Linux 2023"
            } else {
                "Amazon Linux 2"
            };
            (
                serde_json::json!({
                    "ecs_agent_version": ami.ecs_agent.unwrap_or_default(),
                    "ecs_runtime_version": "Docker version 25.0.8",
                    "image_id": id,
                    "image_name": ami.name,
                    "image_version": version,
                    "os": os,
                    "schema_version": 1,
                })
                .to_string(),
                "text",
            )
        } else if name.starts_with("/aws/service/ami-amazon-linux-latest/") {
            (id, "aws:ec2:image")
        } else {
            (id, "text")
        };
        Parameter {
            name: name.to_owned(),
            r#type: "String",
            value,
            version: PUBLIC_PARAMETER_VERSION,
            last_modified_date: crate::ec2::images::creation_epoch_seconds(ami),
            arn: format!("arn:aws:ssm:{region}::parameter{name}"),
            data_type,
        }
    }

    pub(crate) fn get_parameter(
        &self,
        req: GetParameterRequest,
    ) -> Result<GetParameterResponse, ApiError> {
        check_name(&req.name)?;
        self.public_parameters()
            .into_iter()
            .find(|p| p.name == req.name)
            .map(|parameter| GetParameterResponse { parameter })
            .ok_or_else(|| parameter_not_found(&req.name))
    }

    pub(crate) fn get_parameters(
        &self,
        req: GetParametersRequest,
    ) -> Result<GetParametersResponse, ApiError> {
        if req.names.is_empty() || req.names.len() > 10 {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                format!(
                    "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1 (it has {})",
                    req.names.len()
                ),
            ));
        }
        for name in &req.names {
            check_name(name)?;
        }
        let all = self.public_parameters();
        let mut parameters = Vec::new();
        let mut invalid_parameters = Vec::new();
        for name in &req.names {
            match all.iter().find(|p| &p.name == name) {
                Some(p) if !parameters.contains(p) => parameters.push(p.clone()),
                Some(_) => {}
                None if !invalid_parameters.contains(name) => invalid_parameters.push(name.clone()),
                None => {}
            }
        }
        Ok(GetParametersResponse {
            parameters,
            invalid_parameters,
        })
    }

    pub(crate) fn get_parameters_by_path(
        &self,
        req: GetParametersByPathRequest,
    ) -> Result<GetParametersByPathResponse, ApiError> {
        check_name(&req.path)?;
        if !req.path.starts_with('/') {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".",
            ));
        }
        let page =
            paging("GetParametersByPath").request(req.max_results, req.next_token.as_deref())?;
        let prefix = format!("{}/", req.path.trim_end_matches('/'));
        let recursive = req.recursive.unwrap_or(false);
        let found = self
            .public_parameters()
            .into_iter()
            .filter(|p| {
                p.name
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| recursive || !rest.contains('/'))
            })
            .map(|p| (p.name.clone(), p));
        let (parameters, next_token) = page.page(found);
        Ok(GetParametersByPathResponse {
            parameters,
            next_token,
        })
    }
}
