//! Launch templates: CreateLaunchTemplate, DescribeLaunchTemplates (one
//! version per template; CreateLaunchTemplateVersion is not modelled yet).
//!
//! The data the simulator uses: ImageId, InstanceType (a type of the F3.4
//! catalogue), IamInstanceProfile, SecurityGroupIds and UserData (base64;
//! the ECS agent reads `ECS_CLUSTER=name` from it, F3.2). Any other
//! LaunchTemplateData member is refused as not modelled.
//!
//! ClientToken (which the AWS CLI and SDKs fill in with a fresh UUID when
//! the caller gives none) makes the call idempotent, as EC2's idempotency
//! tokens do: a second CreateLaunchTemplate with a token already used
//! returns the template the first one created, and changes nothing.

use super::instance_types::{instance_type, known_names};
use crate::base::time::Precision;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IamInstanceProfileSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchTemplateData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<IamInstanceProfileSpecification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchTemplateRequest {
    pub launch_template_name: String,
    pub launch_template_data: LaunchTemplateData,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplate {
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub create_time: String,
    pub created_by: String,
    pub default_version_number: u32,
    pub latest_version_number: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateResponse {
    pub launch_template: LaunchTemplate,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLaunchTemplatesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_template_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_template_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesResponse {
    pub launch_templates: Vec<LaunchTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LaunchTemplateRecord {
    pub id: String,
    pub name: String,
    pub created_at: SimTime,
    pub data: LaunchTemplateData,
    /// The decoded user data script, if any.
    pub user_data_script: Option<String>,
    /// The ClientToken it was created with.
    pub client_token: Option<String>,
}

impl LaunchTemplateRecord {
    pub fn instance_type(&self) -> &str {
        self.data.instance_type.as_deref().unwrap_or_default()
    }
}

/// The cluster an ECS agent joins: the last `ECS_CLUSTER=` assignment in the
/// user data script (as written to /etc/ecs/ecs.config), quotes removed.
pub fn ecs_cluster_from_user_data(script: &str) -> Option<String> {
    let mut found = None;
    for line in script.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("ECS_CLUSTER=") {
            let value: String = rest[at + "ECS_CLUSTER=".len()..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !value.is_empty() {
                found = Some(value);
            }
            rest = &rest[at + 1..];
        }
    }
    found
}

pub(crate) fn template_name_ok(name: &str) -> bool {
    (3..=128).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"()./-_".contains(&b))
}

impl Sim {
    fn launch_template_shape(&self, t: &LaunchTemplateRecord) -> LaunchTemplate {
        LaunchTemplate {
            launch_template_id: t.id.clone(),
            launch_template_name: t.name.clone(),
            create_time: self.iso8601(t.created_at, Precision::Millis),
            created_by: self.root_principal_arn(),
            default_version_number: 1,
            latest_version_number: 1,
        }
    }

    pub(crate) fn create_launch_template(
        &mut self,
        req: CreateLaunchTemplateRequest,
    ) -> Result<CreateLaunchTemplateResponse, ApiError> {
        const OP: &str = "CreateLaunchTemplate";
        if req.tag_specifications.is_some() {
            return Err(ApiError::unsupported(OP, "TagSpecifications"));
        }
        if req.dry_run == Some(true) {
            return Err(ApiError::unsupported(OP, "DryRun"));
        }
        if let Some(token) = &req.client_token
            && let Some(existing) = self
                .state
                .launch_templates
                .values()
                .find(|t| t.client_token.as_ref() == Some(token))
        {
            let launch_template = self.launch_template_shape(existing);
            return Ok(CreateLaunchTemplateResponse { launch_template });
        }
        let name = req.launch_template_name;
        if !template_name_ok(&name) {
            return Err(ApiError::new(
                ErrorCode::InvalidLaunchTemplateNameMalformedException,
                "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.",
            ));
        }
        if self.state.launch_templates.values().any(|t| t.name == name) {
            return Err(ApiError::new(
                ErrorCode::InvalidLaunchTemplateNameAlreadyExistsException,
                format!("Launch template name already in use: '{name}'."),
            ));
        }
        let data = req.launch_template_data;
        if let Some(t) = &data.instance_type
            && instance_type(t).is_none()
        {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Invalid value '{t}' for InstanceType. The simulator models: {}.",
                    known_names()
                ),
            ));
        }
        // A malformed id is refused now; an AMI that does not exist only
        // when an instance launches (EC2UG: template parameters are not
        // fully validated at creation).
        if let Some(image) = &data.image_id
            && !image.starts_with("resolve:ssm:")
        {
            super::images::check_ami_id_format(image)?;
        }
        if let Some(profile) = &data.iam_instance_profile
            && profile.arn.is_none() == profile.name.is_none()
        {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterCombination,
                "IamInstanceProfile takes either an Arn or a Name.",
            ));
        }
        let user_data_script = match &data.user_data {
            None => None,
            Some(text) => {
                // Standard base64; white space (line breaks of a wrapped
                // encoding) is ignored.
                let compact: String = text.split_ascii_whitespace().collect();
                let bytes = crate::base::base64::decode(&compact).ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidUserDataMalformed,
                        "Invalid BASE64 encoding of user data.",
                    )
                })?;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        let id = self.new_resource_id("lt");
        let record = LaunchTemplateRecord {
            id: id.clone(),
            name,
            created_at: self.now,
            data,
            user_data_script,
            client_token: req.client_token,
        };
        let launch_template = self.launch_template_shape(&record);
        self.state.launch_templates.insert(id, record);
        Ok(CreateLaunchTemplateResponse { launch_template })
    }

    pub(crate) fn describe_launch_templates(
        &self,
        req: DescribeLaunchTemplatesRequest,
    ) -> Result<DescribeLaunchTemplatesResponse, ApiError> {
        super::no_ids_with_max_results(
            &req.launch_template_ids,
            "LaunchTemplateIds",
            req.max_results,
        )?;
        let paging = super::paging_range("DescribeLaunchTemplates", 1, 200)
            .request(req.max_results, req.next_token.as_deref())?;
        let mut wanted = Vec::new();
        for id in &req.launch_template_ids {
            wanted.push(self.find_launch_template(Some(id), None)?.id.clone());
        }
        for name in &req.launch_template_names {
            wanted.push(self.find_launch_template(None, Some(name))?.id.clone());
        }
        let launch_templates: Vec<LaunchTemplate> = self
            .state
            .launch_templates
            .values()
            .filter(|t| wanted.is_empty() || wanted.contains(&t.id))
            .map(|t| self.launch_template_shape(t))
            .collect();
        let (launch_templates, next_token) = paging.page(
            launch_templates
                .into_iter()
                .map(|x| (x.launch_template_id.clone(), x)),
        );
        Ok(DescribeLaunchTemplatesResponse {
            launch_templates,
            next_token,
        })
    }

    pub(crate) fn find_launch_template(
        &self,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Result<&LaunchTemplateRecord, ApiError> {
        let found = match (id, name) {
            (Some(id), _) => self.state.launch_templates.get(id),
            (None, Some(name)) => self
                .state
                .launch_templates
                .values()
                .find(|t| t.name == name),
            (None, None) => None,
        };
        found.ok_or_else(|| match id {
            Some(id) => ApiError::new(
                ErrorCode::InvalidLaunchTemplateIdNotFound,
                format!("The specified launch template, with template ID {id}, does not exist."),
            ),
            None => ApiError::new(
                ErrorCode::InvalidLaunchTemplateNameNotFoundException,
                "At least one of the launch templates specified in the request does not exist.",
            ),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cluster_in_user_data() {
        let script = "#!/bin/bash\necho ECS_CLUSTER=demo-1 >> /etc/ecs/ecs.config\n";
        assert_eq!(
            ecs_cluster_from_user_data(script).as_deref(),
            Some("demo-1")
        );
        let quoted = "#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=\"first\"\nECS_ENABLE_TASK_IAM_ROLE=true\nECS_CLUSTER=second\nEOF";
        assert_eq!(
            ecs_cluster_from_user_data(quoted).as_deref(),
            Some("second")
        );
        assert_eq!(
            ecs_cluster_from_user_data("#!/bin/bash\nyum update -y"),
            None
        );
        assert_eq!(ecs_cluster_from_user_data("ECS_CLUSTER="), None);
    }

    #[test]
    fn a_client_token_makes_creation_idempotent() {
        let mut sim = Sim::new(crate::SimConfig::default()).unwrap();
        let req = |name: &str, token: Option<&str>| CreateLaunchTemplateRequest {
            launch_template_name: name.into(),
            launch_template_data: LaunchTemplateData {
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            },
            client_token: token.map(str::to_owned),
            ..Default::default()
        };
        let first = sim.create_launch_template(req("web", Some("t-1"))).unwrap();
        // The same token again: the same template, nothing new.
        let again = sim.create_launch_template(req("web", Some("t-1"))).unwrap();
        assert_eq!(first, again);
        assert_eq!(sim.state.launch_templates.len(), 1);
        // Another token (or none) for the same name: the name is taken.
        for token in [Some("t-2"), None] {
            let e = sim.create_launch_template(req("web", token)).unwrap_err();
            assert_eq!(
                e.code,
                ErrorCode::InvalidLaunchTemplateNameAlreadyExistsException
            );
        }
    }

    #[test]
    fn template_names() {
        assert!(template_name_ok("ecs-t2.micro_(v1)/a"));
        assert!(!template_name_ok("ab"));
        assert!(!template_name_ok("has space"));
    }
}
