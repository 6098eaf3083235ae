//! ECS account settings: PutAccountSetting, PutAccountSettingDefault,
//! ListAccountSettings, DeleteAccountSetting (BOTO-ECS shapes `Setting
//! {name, value, principalArn, type}`, `SettingName`, `SettingType`).
//!
//! Who is who (ECSDG:ecs-account-settings): a setting is held per principal
//! (the root user, an IAM user or role). "If the account setting for the
//! root user is changed, it sets the default for all the users and roles
//! that no individual account setting was selected for."
//! PutAccountSettingDefault therefore sets the root user's setting (the AWS
//! CLI example prints `principalArn: arn:aws:iam::123456789012:root`), and
//! a principal's effective value is its own setting, else the root user's,
//! else AWS's default. The simulated caller is the account's root user, so
//! PutAccountSetting without `principalArn` also sets the root's (= the
//! default); with `principalArn` it sets that user's or role's own value.
//!
//! What each setting does in the simulator:
//! - `awsvpcTrunking` (F3.5): modelled. It is read when the ECS agent
//!   registers a container instance, for the instance's IAM role (its own
//!   setting, else the root's): "the awsvpcTrunking account setting needs to
//!   be enabled specifically for the container instance role"
//!   (aws/amazon-ecs-agent#2760, maintainer). Supported types then register
//!   with a trunk ENI (engine/src/ecs/container_instance.rs). Instances
//!   registered before keep their limit.
//! - `containerInsights`: the value a cluster created without the setting
//!   takes (engine/src/ecs/cluster.rs); clusters made before keep theirs.
//! - every other name of the `SettingName` enum is stored, validated and
//!   listed only: it has NO simulated effect (ARNs are always the long
//!   format; FIPS, tagging authorization, Fargate task
//!   retirement, GuardDuty, the log driver mode and Fargate event windows
//!   are not simulated). `guardDutyActivate` is `aws_managed` and read-only.
//!
//! Errors: a value a setting does not take → InvalidParameterException
//! "Invalid setting 'value'" (AWS's wording: aws/aws-cli#3785,
//! hashicorp/terraform-provider-aws#32114 CloudTrail `errorMessage`); an
//! unknown name → "Invalid setting 'name'" (UNCONFIRMED: by analogy).

use crate::base::paginate::{Limits, Tokens, page_at};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// BOTO-ECS `SettingName`, in the model's order.
pub const SETTING_NAMES: &[&str] = &[
    "serviceLongArnFormat",
    "taskLongArnFormat",
    "containerInstanceLongArnFormat",
    "awsvpcTrunking",
    "containerInsights",
    "fargateFIPSMode",
    "tagResourceAuthorization",
    "fargateTaskRetirementWaitPeriod",
    "guardDutyActivate",
    "defaultLogDriverMode",
    "fargateEventWindows",
];

pub const AWSVPC_TRUNKING: &str = "awsvpcTrunking";
const GUARD_DUTY_ACTIVATE: &str = "guardDutyActivate";

/// The values a setting takes (PutAccountSetting `value` doc: "enabled,
/// disabled, enhanced, on, and off"; fargateTaskRetirementWaitPeriod 0, 7,
/// 14; containerInsights adds `enhanced`; tagResourceAuthorization on/off;
/// defaultLogDriverMode blocking/non-blocking).
fn allowed_values(name: &str) -> &'static [&'static str] {
    match name {
        "containerInsights" => &["enabled", "disabled", "enhanced"],
        "tagResourceAuthorization" | GUARD_DUTY_ACTIVATE => &["on", "off"],
        "fargateTaskRetirementWaitPeriod" => &["0", "7", "14"],
        "defaultLogDriverMode" => &["blocking", "non-blocking"],
        _ => &["enabled", "disabled"],
    }
}

/// MODEL (section 13 candidate): the value a principal has when neither it
/// nor the root user set one. Long ARN formats are on for every account
/// today; awsvpcTrunking is opt-in (F3.5); Container Insights, FIPS and
/// event windows are off; the Fargate retirement wait is 7 days; the
/// others are best guesses (UNCONFIRMED) and have no effect here.
fn aws_default(name: &str) -> &'static str {
    match name {
        "serviceLongArnFormat" | "taskLongArnFormat" | "containerInstanceLongArnFormat" => {
            "enabled"
        }
        "tagResourceAuthorization" => "on",
        GUARD_DUTY_ACTIVATE => "off",
        "fargateTaskRetirementWaitPeriod" => "7",
        "defaultLogDriverMode" => "non-blocking",
        _ => "disabled",
    }
}

/// Settings set explicitly, by (principal ARN, setting name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountSettings {
    pub explicit: BTreeMap<(String, String), String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub name: String,
    pub value: String,
    pub principal_arn: String,
    /// `user`, or `aws_managed` for guardDutyActivate (BOTO-ECS SettingType).
    pub r#type: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutAccountSettingRequest {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_arn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutAccountSettingDefaultRequest {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteAccountSettingRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_arn: Option<String>,
}

/// PutAccountSetting, PutAccountSettingDefault and DeleteAccountSetting
/// all answer `{ "setting": Setting }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingResponse {
    pub setting: Setting,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListAccountSettingsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_settings: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListAccountSettingsResponse {
    pub settings: Vec<Setting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// ListAccountSettings `maxResults`: "between 1 and 10 … returns up to 10
/// results" (API_ListAccountSettings).
const PAGING: Limits = Limits::max_results("ListAccountSettings", 10);
/// The settings are a fixed list: pages by offset (`stv1-settings-10`).
const TOKENS: Tokens = Tokens::new("stv1-settings-");

fn invalid_name() -> ApiError {
    ApiError::invalid_parameter("Invalid setting 'name'")
}

fn invalid_value() -> ApiError {
    ApiError::invalid_parameter("Invalid setting 'value'")
}

fn known_name(name: &str) -> Result<&'static str, ApiError> {
    SETTING_NAMES
        .iter()
        .copied()
        .find(|n| *n == name)
        .ok_or_else(invalid_name)
}

fn setting_type(name: &str) -> &'static str {
    if name == GUARD_DUTY_ACTIVATE {
        "aws_managed"
    } else {
        "user"
    }
}

impl Sim {
    /// `arn:aws:iam::<account>:root`: the simulated caller.
    pub(crate) fn root_principal_arn(&self) -> String {
        self.arns.global("iam", "root")
    }

    /// The principal a request names (default: the caller, the root user).
    /// Only IAM ARNs of this account: the root user, a user or a role.
    fn principal(&self, principal_arn: Option<&str>) -> Result<String, ApiError> {
        let Some(arn) = principal_arn else {
            return Ok(self.root_principal_arn());
        };
        let prefix = format!("arn:aws:iam::{}:", self.config.account_id);
        let ok = arn.strip_prefix(&prefix).is_some_and(|rest| {
            rest == "root"
                || ["user/", "role/"]
                    .iter()
                    .any(|k| rest.strip_prefix(k).is_some_and(|n| !n.is_empty()))
        });
        if ok {
            Ok(arn.to_owned())
        } else {
            Err(ApiError::invalid_parameter(format!(
                "principalArn '{arn}' is not the ARN of the root user, an IAM user or an IAM role of account {} (arn:aws:iam::{}:root, …:user/NAME, …:role/NAME).",
                self.config.account_id, self.config.account_id
            )))
        }
    }

    /// A principal's effective value of a setting: its own, else the root
    /// user's (the account default), else AWS's default (module docs).
    pub(crate) fn effective_account_setting(&self, principal_arn: &str, name: &str) -> String {
        let settings = &self.state.account_settings.explicit;
        settings
            .get(&(principal_arn.to_owned(), name.to_owned()))
            .or_else(|| settings.get(&(self.root_principal_arn(), name.to_owned())))
            .cloned()
            .unwrap_or_else(|| aws_default(name).to_owned())
    }

    fn put_setting(
        &mut self,
        name: &str,
        value: &str,
        principal_arn: String,
    ) -> Result<SettingResponse, ApiError> {
        let name = known_name(name)?;
        if !allowed_values(name).contains(&value) {
            return Err(invalid_value());
        }
        if name == GUARD_DUTY_ACTIVATE {
            return Err(ApiError::invalid_parameter(
                "guardDutyActivate is managed by AWS (type aws_managed) and is read-only: it follows Runtime Monitoring in your Amazon GuardDuty account.",
            ));
        }
        self.state
            .account_settings
            .explicit
            .insert((principal_arn.clone(), name.to_owned()), value.to_owned());
        self.emit(crate::event::EventKind::AccountSettingChanged {
            name: name.to_owned(),
            principal_arn: principal_arn.clone(),
            value: Some(value.to_owned()),
        });
        Ok(SettingResponse {
            setting: Setting {
                name: name.to_owned(),
                value: value.to_owned(),
                principal_arn,
                r#type: setting_type(name),
            },
        })
    }

    pub(crate) fn put_account_setting(
        &mut self,
        req: PutAccountSettingRequest,
    ) -> Result<SettingResponse, ApiError> {
        let principal = self.principal(req.principal_arn.as_deref())?;
        self.put_setting(&req.name, &req.value, principal)
    }

    pub(crate) fn put_account_setting_default(
        &mut self,
        req: PutAccountSettingDefaultRequest,
    ) -> Result<SettingResponse, ApiError> {
        let root = self.root_principal_arn();
        self.put_setting(&req.name, &req.value, root)
    }

    /// Removes a principal's own setting; it falls back to the root's (or,
    /// for the root, to AWS's default). MODEL: deleting a setting that was
    /// never set is refused (AWS's answer is not documented).
    pub(crate) fn delete_account_setting(
        &mut self,
        req: DeleteAccountSettingRequest,
    ) -> Result<SettingResponse, ApiError> {
        let name = known_name(&req.name)?;
        let principal = self.principal(req.principal_arn.as_deref())?;
        let key = (principal.clone(), name.to_owned());
        let Some(value) = self.state.account_settings.explicit.remove(&key) else {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterException,
                format!(
                    "No account setting '{name}' is set for {principal}: there is nothing to delete (its effective value comes from the account default)."
                ),
            ));
        };
        self.emit(crate::event::EventKind::AccountSettingChanged {
            name: name.to_owned(),
            principal_arn: principal.clone(),
            value: None,
        });
        Ok(SettingResponse {
            setting: Setting {
                name: name.to_owned(),
                value,
                principal_arn: principal,
                r#type: setting_type(name),
            },
        })
    }

    /// effectiveSettings=false: the principal's own settings only;
    /// true: every setting's effective value for the principal (its own,
    /// else the root's, else AWS's default). Sorted by name, as the AWS CLI
    /// example lists them.
    pub(crate) fn list_account_settings(
        &self,
        req: ListAccountSettingsRequest,
    ) -> Result<ListAccountSettingsResponse, ApiError> {
        let name = req.name.as_deref().map(known_name).transpose()?;
        if req.value.is_some() && name.is_none() {
            return Err(ApiError::invalid_parameter(
                "value filters one setting: give the setting's name too (--name).",
            ));
        }
        let principal = self.principal(req.principal_arn.as_deref())?;
        let max = PAGING.limit(req.max_results)?;
        let start = match &req.next_token {
            None => 0,
            Some(t) => TOKENS
                .decode_offset(t)
                .ok_or_else(crate::ecs::invalid_next_token)?,
        };
        let mut names: Vec<&str> = SETTING_NAMES
            .iter()
            .copied()
            .filter(|n| name.is_none_or(|m| m == *n))
            .collect();
        names.sort_unstable();
        let effective = req.effective_settings == Some(true);
        let all: Vec<Setting> = names
            .into_iter()
            .filter_map(|n| {
                let value = if effective {
                    Some(self.effective_account_setting(&principal, n))
                } else {
                    self.state
                        .account_settings
                        .explicit
                        .get(&(principal.clone(), n.to_owned()))
                        .cloned()
                }?;
                Some(Setting {
                    name: n.to_owned(),
                    value,
                    principal_arn: principal.clone(),
                    r#type: setting_type(n),
                })
            })
            .filter(|s| req.value.as_deref().is_none_or(|v| v == s.value))
            .collect();
        let (settings, next) = page_at(all, start, max);
        Ok(ListAccountSettingsResponse {
            settings,
            next_token: next.map(|n| TOKENS.encode_offset(n)),
        })
    }

    /// View: the settings set explicitly, per principal (a principal's
    /// other settings are the root user's, else AWS's default: see
    /// `effective_account_setting`). `simulated` says whether the setting
    /// has an effect in the simulator (only awsvpcTrunking).
    pub(crate) fn account_setting_views(&self) -> Vec<crate::view::AccountSettingView> {
        self.state
            .account_settings
            .explicit
            .iter()
            .map(
                |((principal, name), value)| crate::view::AccountSettingView {
                    name: name.clone(),
                    principal_arn: principal.clone(),
                    value: value.clone(),
                    simulated: name == AWSVPC_TRUNKING,
                },
            )
            .collect()
    }

    /// Invariants: only known names with allowed values are stored, and
    /// never the read-only guardDutyActivate.
    pub(crate) fn check_account_setting_invariants(&self) -> Result<(), String> {
        for ((principal, name), value) in &self.state.account_settings.explicit {
            if known_name(name).is_err()
                || name == GUARD_DUTY_ACTIVATE
                || !allowed_values(name).contains(&value.as_str())
            {
                return Err(format!(
                    "account setting {name}={value} stored for {principal}"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;

    fn sim() -> Sim {
        Sim::new(SimConfig::default()).unwrap()
    }

    fn put(
        sim: &mut Sim,
        name: &str,
        value: &str,
        principal: Option<&str>,
    ) -> Result<Setting, ApiError> {
        sim.put_account_setting(PutAccountSettingRequest {
            name: name.into(),
            value: value.into(),
            principal_arn: principal.map(str::to_owned),
        })
        .map(|r| r.setting)
    }

    #[test]
    fn default_then_principal_override_then_delete() {
        let mut sim = sim();
        let root = sim.root_principal_arn();
        let role = format!(
            "arn:aws:iam::{}:role/ecsInstanceRole",
            sim.config.account_id
        );
        // F3.5: opt-in, so disabled until someone enables it.
        assert_eq!(
            sim.effective_account_setting(&role, AWSVPC_TRUNKING),
            "disabled"
        );
        let s = sim
            .put_account_setting_default(PutAccountSettingDefaultRequest {
                name: AWSVPC_TRUNKING.into(),
                value: "enabled".into(),
            })
            .unwrap()
            .setting;
        // The AWS CLI example: the default is the root user's setting.
        assert_eq!(
            (s.principal_arn.as_str(), s.r#type),
            (root.as_str(), "user")
        );
        assert_eq!(
            sim.effective_account_setting(&role, AWSVPC_TRUNKING),
            "enabled"
        );
        // The role's own setting wins over the default.
        put(&mut sim, AWSVPC_TRUNKING, "disabled", Some(&role)).unwrap();
        assert_eq!(
            sim.effective_account_setting(&role, AWSVPC_TRUNKING),
            "disabled"
        );
        assert_eq!(
            sim.effective_account_setting(&root, AWSVPC_TRUNKING),
            "enabled"
        );
        // Deleting it falls back to the default.
        let gone = sim
            .delete_account_setting(DeleteAccountSettingRequest {
                name: AWSVPC_TRUNKING.into(),
                principal_arn: Some(role.clone()),
            })
            .unwrap();
        assert_eq!(gone.setting.value, "disabled");
        assert_eq!(
            sim.effective_account_setting(&role, AWSVPC_TRUNKING),
            "enabled"
        );
        assert!(
            sim.delete_account_setting(DeleteAccountSettingRequest {
                name: AWSVPC_TRUNKING.into(),
                principal_arn: Some(role),
            })
            .is_err()
        );
        assert!(sim.check_account_setting_invariants().is_ok());
    }

    #[test]
    fn refuses_bad_names_values_and_principals_with_aws_wording() {
        let mut sim = sim();
        let e = put(&mut sim, "awsvpcTrunking", "ENABLED", None).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                ErrorCode::InvalidParameterException,
                "Invalid setting 'value'"
            )
        );
        let e = put(&mut sim, "awsVpcTrunking", "enabled", None).unwrap_err();
        assert_eq!(e.message, "Invalid setting 'name'");
        assert!(put(&mut sim, "containerInsights", "enhanced", None).is_ok());
        assert!(put(&mut sim, "awsvpcTrunking", "enhanced", None).is_err());
        assert!(put(&mut sim, "fargateTaskRetirementWaitPeriod", "14", None).is_ok());
        assert!(put(&mut sim, "fargateTaskRetirementWaitPeriod", "30", None).is_err());
        assert!(put(&mut sim, "tagResourceAuthorization", "off", None).is_ok());
        assert!(put(&mut sim, "guardDutyActivate", "on", None).is_err());
        assert!(
            put(
                &mut sim,
                "awsvpcTrunking",
                "enabled",
                Some("arn:aws:iam::999999999999:root")
            )
            .is_err()
        );
        assert!(put(&mut sim, "awsvpcTrunking", "enabled", Some("role/x")).is_err());
        assert!(sim.check_account_setting_invariants().is_ok());
    }

    #[test]
    fn lists_own_or_effective_settings_sorted_and_paged() {
        let mut sim = sim();
        let list =
            |sim: &Sim, req: ListAccountSettingsRequest| sim.list_account_settings(req).unwrap();
        assert!(
            list(&sim, ListAccountSettingsRequest::default())
                .settings
                .is_empty()
        );
        put(&mut sim, "taskLongArnFormat", "enabled", None).unwrap();
        put(&mut sim, "awsvpcTrunking", "enabled", None).unwrap();
        let own = list(&sim, ListAccountSettingsRequest::default());
        let names: Vec<_> = own.settings.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["awsvpcTrunking", "taskLongArnFormat"]);
        // Effective: every name, 10 a page (11 names → a second page of 1).
        let page = list(
            &sim,
            ListAccountSettingsRequest {
                effective_settings: Some(true),
                ..Default::default()
            },
        );
        assert_eq!(page.settings.len(), 10);
        let rest = list(
            &sim,
            ListAccountSettingsRequest {
                effective_settings: Some(true),
                next_token: page.next_token.clone(),
                ..Default::default()
            },
        );
        assert_eq!((rest.settings.len(), rest.next_token), (1, None));
        let guard = page
            .settings
            .iter()
            .chain(&rest.settings)
            .find(|s| s.name == "guardDutyActivate")
            .unwrap();
        assert_eq!((guard.value.as_str(), guard.r#type), ("off", "aws_managed"));
        // A role inherits the root's value, shown under the role's ARN.
        let role = format!("arn:aws:iam::{}:role/r", sim.config.account_id);
        let eff = list(
            &sim,
            ListAccountSettingsRequest {
                name: Some("awsvpcTrunking".into()),
                principal_arn: Some(role.clone()),
                effective_settings: Some(true),
                ..Default::default()
            },
        );
        assert_eq!(eff.settings[0].value, "enabled");
        assert_eq!(eff.settings[0].principal_arn, role);
        // value needs name; maxResults 1..10; tokens must be ours.
        assert!(
            sim.list_account_settings(ListAccountSettingsRequest {
                value: Some("enabled".into()),
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            sim.list_account_settings(ListAccountSettingsRequest {
                max_results: Some(11),
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            sim.list_account_settings(ListAccountSettingsRequest {
                next_token: Some("x".into()),
                ..Default::default()
            })
            .is_err()
        );
    }
}
