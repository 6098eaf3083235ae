//! DescribeNetworkInterfaces: the ENIs of awsvpc tasks (F2.3, F3.5), where
//! a learner finds a Fargate task's public IP (`Association.PublicIp`) —
//! DescribeTasks shows only the ENI id and private address. An ENI exists
//! from the task's creation until it stops (its attachment then reads
//! DELETED). Instances' primary interfaces are not listed yet (their
//! addresses are in DescribeInstances).

use super::{Filter, check_filters, filter_allows};
use crate::base::ipv4::format_ipv4;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeNetworkInterfacesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterfaceAssociation {
    pub ip_owner_id: &'static str,
    pub public_ip: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EniGroup {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterface {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<NetworkInterfaceAssociation>,
    pub availability_zone: String,
    pub description: String,
    pub groups: Vec<EniGroup>,
    pub interface_type: &'static str,
    pub network_interface_id: String,
    pub owner_id: String,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub requester_managed: bool,
    pub status: &'static str,
    pub subnet_id: String,
    pub vpc_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResponse {
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Sim {
    pub(crate) fn describe_network_interfaces(
        &self,
        req: DescribeNetworkInterfacesRequest,
    ) -> Result<DescribeNetworkInterfacesResponse, ApiError> {
        super::no_ids_with_max_results(
            &req.network_interface_ids,
            "NetworkInterfaceIds",
            req.max_results,
        )?;
        let paging = super::paging("DescribeNetworkInterfaces")
            .request(req.max_results, req.next_token.as_deref())?;
        check_filters(
            &req.filters,
            &[
                "network-interface-id",
                "subnet-id",
                "vpc-id",
                "group-id",
                "addresses.private-ip-address",
                "association.public-ip",
            ],
        )?;
        let mut interfaces = Vec::new();
        for task in self.state.tasks.values() {
            let l = &task.life;
            let (Some(eni), Some(subnet_id), Some(private_ip)) =
                (&l.eni_id, &l.subnet_id, l.private_ip)
            else {
                continue;
            };
            if !task.holds_resources() {
                continue;
            }
            let vpc_id = self
                .state
                .subnets
                .get(subnet_id)
                .map(|s| s.vpc_id.clone())
                .unwrap_or_default();
            let private = format_ipv4(private_ip);
            let public = l.public_ip.map(format_ipv4);
            let f = &req.filters;
            if !(filter_allows(f, "network-interface-id", eni)
                && filter_allows(f, "subnet-id", subnet_id)
                && filter_allows(f, "vpc-id", &vpc_id)
                && filter_allows(f, "addresses.private-ip-address", &private)
                && (f
                    .iter()
                    .filter(|x| x.name == "group-id")
                    .all(|x| x.values.iter().any(|g| l.security_groups.contains(g))))
                && (f
                    .iter()
                    .filter(|x| x.name == "association.public-ip")
                    .all(|x| public.as_ref().is_some_and(|p| x.values.contains(p)))))
            {
                continue;
            }
            if !req.network_interface_ids.is_empty() && !req.network_interface_ids.contains(eni) {
                continue;
            }
            interfaces.push(NetworkInterface {
                association: public.map(|public_ip| NetworkInterfaceAssociation {
                    ip_owner_id: "amazon",
                    public_ip,
                }),
                availability_zone: l.availability_zone.clone(),
                description: format!(
                    "arn:aws:ecs:{}:{}:attachment/{}",
                    self.config.region,
                    self.config.account_id,
                    eni.trim_start_matches("eni-")
                ),
                groups: l
                    .security_groups
                    .iter()
                    .map(|g| EniGroup {
                        group_id: g.clone(),
                        group_name: self
                            .state
                            .security_groups
                            .get(g)
                            .map(|s| s.name.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
                interface_type: "interface",
                network_interface_id: eni.clone(),
                owner_id: self.config.account_id.clone(),
                private_dns_name: if self.config.region == "us-east-1" {
                    format!("ip-{}.ec2.internal", private.replace('.', "-"))
                } else {
                    format!(
                        "ip-{}.{}.compute.internal",
                        private.replace('.', "-"),
                        self.config.region
                    )
                },
                private_ip_address: private,
                requester_managed: true,
                status: if l.last_status == "PROVISIONING" {
                    "available"
                } else {
                    "in-use"
                },
                subnet_id: subnet_id.clone(),
                vpc_id,
            });
        }
        for id in &req.network_interface_ids {
            if !interfaces.iter().any(|i| &i.network_interface_id == id) {
                return Err(ApiError::new(
                    ErrorCode::InvalidNetworkInterfaceIdNotFound,
                    format!("The networkInterface ID '{id}' does not exist"),
                ));
            }
        }
        let (network_interfaces, next_token) = paging.page(
            interfaces
                .into_iter()
                .map(|i| (i.network_interface_id.clone(), i)),
        );
        Ok(DescribeNetworkInterfacesResponse {
            network_interfaces,
            next_token,
        })
    }
}
