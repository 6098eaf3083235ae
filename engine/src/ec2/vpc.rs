//! VPCs and subnets: CreateVpc, DescribeVpcs, CreateSubnet, DescribeSubnets,
//! and the default VPC every new account has.
//!
//! The default VPC is `172.31.0.0/16` with one default subnet per
//! Availability Zone (`172.31.0.0/20`, `172.31.16.0/20`, … in AZ order),
//! each mapping public IPs on launch, and a `default` security group
//! (EC2UG default-vpc; see the report: not yet in aws-behaviour.md).
//! VPC blocks are /16 to /28; subnets /16 to /28 inside their VPC without
//! overlapping; AWS keeps 5 addresses of every subnet.

use super::{Ec2Tag, Filter, check_filters, filter_allows};
use crate::base::ipv4::Cidr;
use crate::config::availability_zones;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_VPC_CIDR: &str = "172.31.0.0/16";
/// Addresses AWS reserves in every subnet (first four and the last).
pub const RESERVED_IPS_PER_SUBNET: u64 = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct VpcRecord {
    pub id: String,
    pub cidr: Cidr,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubnetRecord {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Cidr,
    pub availability_zone: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateVpcRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_tenancy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_provided_ipv6_cidr_block: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub owner_id: String,
    pub instance_tenancy: String,
    pub is_default: bool,
    pub tags: Vec<Ec2Tag>,
    pub vpc_id: String,
    pub state: String,
    pub cidr_block: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcResponse {
    pub vpc: Vpc,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVpcsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_ids: Vec<String>,
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
pub struct DescribeVpcsResponse {
    pub vpcs: Vec<Vpc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSubnetRequest {
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub availability_zone: String,
    pub available_ip_address_count: u64,
    pub cidr_block: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    pub state: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub owner_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetResponse {
    pub subnet: Subnet,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSubnetsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
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
pub struct DescribeSubnetsResponse {
    pub subnets: Vec<Subnet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub(crate) fn vpc_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidVpcIdNotFound,
        format!("The vpc ID '{id}' does not exist"),
    )
}

pub(crate) fn subnet_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidSubnetIdNotFound,
        format!("The subnet ID '{id}' does not exist"),
    )
}

fn refuse_common(op: &str, tags: &Option<Value>, dry_run: Option<bool>) -> Result<(), ApiError> {
    if tags.is_some() {
        return Err(ApiError::unsupported(op, "TagSpecifications"));
    }
    if dry_run == Some(true) {
        return Err(ApiError::unsupported(op, "DryRun"));
    }
    Ok(())
}

impl Sim {
    /// Sets up the default VPC, its default subnets and its default security
    /// group, as in a new AWS account. Called once by `Sim::new`.
    pub(crate) fn create_default_vpc(&mut self) {
        let Some(cidr) = Cidr::parse(DEFAULT_VPC_CIDR) else {
            return;
        };
        let vpc_id = self.new_resource_id("vpc");
        self.state.vpcs.insert(
            vpc_id.clone(),
            VpcRecord {
                id: vpc_id.clone(),
                cidr,
                is_default: true,
            },
        );
        let zones = availability_zones(&self.config.region).unwrap_or_default();
        for (i, zone) in zones.into_iter().enumerate() {
            let id = self.new_resource_id("subnet");
            let base = cidr.base + ((i as u32) << 12); // /20 blocks: 4096 addresses
            self.state.subnets.insert(
                id.clone(),
                SubnetRecord {
                    id,
                    vpc_id: vpc_id.clone(),
                    cidr: Cidr { base, prefix: 20 },
                    availability_zone: zone,
                    default_for_az: true,
                    map_public_ip_on_launch: true,
                },
            );
        }
        self.create_default_security_group(&vpc_id);
    }

    pub(crate) fn default_vpc_id(&self) -> Option<String> {
        self.state
            .vpcs
            .values()
            .find(|v| v.is_default)
            .map(|v| v.id.clone())
    }

    fn vpc_shape(&self, v: &VpcRecord) -> Vpc {
        Vpc {
            owner_id: self.config.account_id.clone(),
            instance_tenancy: "default".into(),
            is_default: v.is_default,
            tags: Vec::new(),
            vpc_id: v.id.clone(),
            state: "available".into(),
            cidr_block: v.cidr.to_string(),
        }
    }

    pub(crate) fn subnet_shape(&self, s: &SubnetRecord) -> Subnet {
        let used = self.ips_in_use(&s.id);
        Subnet {
            availability_zone: s.availability_zone.clone(),
            available_ip_address_count: s
                .cidr
                .size()
                .saturating_sub(RESERVED_IPS_PER_SUBNET + used),
            cidr_block: s.cidr.to_string(),
            default_for_az: s.default_for_az,
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            state: "available".into(),
            subnet_id: s.id.clone(),
            vpc_id: s.vpc_id.clone(),
            owner_id: self.config.account_id.clone(),
        }
    }

    pub(crate) fn create_vpc(
        &mut self,
        req: CreateVpcRequest,
    ) -> Result<CreateVpcResponse, ApiError> {
        refuse_common("CreateVpc", &req.tag_specifications, req.dry_run)?;
        if req.amazon_provided_ipv6_cidr_block == Some(true) {
            return Err(ApiError::unsupported(
                "CreateVpc",
                "AmazonProvidedIpv6CidrBlock",
            ));
        }
        if req
            .instance_tenancy
            .as_deref()
            .is_some_and(|t| t != "default")
        {
            return Err(ApiError::unsupported(
                "CreateVpc",
                "InstanceTenancy other than default",
            ));
        }
        let Some(text) = req.cidr_block else {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            ));
        };
        let cidr = Cidr::parse(&text)
            .filter(|c| (16..=28).contains(&c.prefix))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidVpcRange,
                    format!("The CIDR '{text}' is invalid. A VPC block is between /16 and /28."),
                )
            })?;
        let cidr = Cidr {
            base: cidr.base & cidr.mask(),
            ..cidr
        };
        let id = self.new_resource_id("vpc");
        let record = VpcRecord {
            id: id.clone(),
            cidr,
            is_default: false,
        };
        let vpc = self.vpc_shape(&record);
        self.state.vpcs.insert(id, record);
        // Every VPC comes with its own `default` security group.
        self.create_default_security_group(&vpc.vpc_id);
        Ok(CreateVpcResponse { vpc })
    }

    pub(crate) fn describe_vpcs(
        &self,
        req: DescribeVpcsRequest,
    ) -> Result<DescribeVpcsResponse, ApiError> {
        super::no_ids_with_max_results(&req.vpc_ids, "VpcIds", req.max_results)?;
        let paging =
            super::paging("DescribeVpcs").request(req.max_results, req.next_token.as_deref())?;
        check_filters(
            &req.filters,
            &["vpc-id", "is-default", "cidr", "cidr-block"],
        )?;
        for id in &req.vpc_ids {
            if !self.state.vpcs.contains_key(id) {
                return Err(vpc_not_found(id));
            }
        }
        let vpcs: Vec<Vpc> = self
            .state
            .vpcs
            .values()
            .filter(|v| req.vpc_ids.is_empty() || req.vpc_ids.contains(&v.id))
            .filter(|v| filter_allows(&req.filters, "vpc-id", &v.id))
            .filter(|v| {
                filter_allows(
                    &req.filters,
                    "is-default",
                    if v.is_default { "true" } else { "false" },
                )
            })
            .filter(|v| filter_allows(&req.filters, "cidr", &v.cidr.to_string()))
            .filter(|v| filter_allows(&req.filters, "cidr-block", &v.cidr.to_string()))
            .map(|v| self.vpc_shape(v))
            .collect();
        let (vpcs, next_token) = paging.page(vpcs.into_iter().map(|x| (x.vpc_id.clone(), x)));
        Ok(DescribeVpcsResponse { vpcs, next_token })
    }

    pub(crate) fn create_subnet(
        &mut self,
        req: CreateSubnetRequest,
    ) -> Result<CreateSubnetResponse, ApiError> {
        refuse_common("CreateSubnet", &req.tag_specifications, req.dry_run)?;
        if req.ipv6_cidr_block.is_some() {
            return Err(ApiError::unsupported("CreateSubnet", "Ipv6CidrBlock"));
        }
        let Some(vpc) = self.state.vpcs.get(&req.vpc_id).cloned() else {
            return Err(vpc_not_found(&req.vpc_id));
        };
        let Some(text) = req.cidr_block else {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter cidrBlock",
            ));
        };
        let range_error = || {
            ApiError::new(
                ErrorCode::InvalidSubnetRange,
                format!(
                    "The CIDR '{text}' is invalid. A subnet block is between /16 and /28 and inside its VPC's {}.",
                    vpc.cidr
                ),
            )
        };
        let cidr = Cidr::parse(&text).ok_or_else(range_error)?;
        if !(16..=28).contains(&cidr.prefix) || !cidr.is_network() || !vpc.cidr.contains(cidr) {
            return Err(range_error());
        }
        if self
            .state
            .subnets
            .values()
            .any(|s| s.vpc_id == vpc.id && s.cidr.overlaps(cidr))
        {
            return Err(ApiError::new(
                ErrorCode::InvalidSubnetConflict,
                format!("The CIDR '{text}' conflicts with another subnet"),
            ));
        }
        let zones = availability_zones(&self.config.region).unwrap_or_default();
        let availability_zone = match req.availability_zone {
            Some(zone) if zones.contains(&zone) => zone,
            Some(zone) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidParameterValue,
                    format!(
                        "Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                        zones.join(", ")
                    ),
                ));
            }
            // MODEL: no zone given → the zone with the fewest subnets of this
            // VPC, ties by zone name (AWS picks one for you).
            None => zones
                .iter()
                .min_by_key(|z| {
                    let n = self
                        .state
                        .subnets
                        .values()
                        .filter(|s| s.vpc_id == vpc.id && &s.availability_zone == *z)
                        .count();
                    (n, (*z).clone())
                })
                .cloned()
                .unwrap_or_default(),
        };
        let id = self.new_resource_id("subnet");
        let record = SubnetRecord {
            id: id.clone(),
            vpc_id: vpc.id,
            cidr,
            availability_zone,
            default_for_az: false,
            map_public_ip_on_launch: false,
        };
        let subnet = self.subnet_shape(&record);
        self.state.subnets.insert(id, record);
        Ok(CreateSubnetResponse { subnet })
    }

    pub(crate) fn describe_subnets(
        &self,
        req: DescribeSubnetsRequest,
    ) -> Result<DescribeSubnetsResponse, ApiError> {
        super::no_ids_with_max_results(&req.subnet_ids, "SubnetIds", req.max_results)?;
        let paging =
            super::paging("DescribeSubnets").request(req.max_results, req.next_token.as_deref())?;
        check_filters(
            &req.filters,
            &["vpc-id", "subnet-id", "availability-zone", "default-for-az"],
        )?;
        for id in &req.subnet_ids {
            if !self.state.subnets.contains_key(id) {
                return Err(subnet_not_found(id));
            }
        }
        let subnets: Vec<Subnet> = self
            .state
            .subnets
            .values()
            .filter(|s| req.subnet_ids.is_empty() || req.subnet_ids.contains(&s.id))
            .filter(|s| filter_allows(&req.filters, "vpc-id", &s.vpc_id))
            .filter(|s| filter_allows(&req.filters, "subnet-id", &s.id))
            .filter(|s| filter_allows(&req.filters, "availability-zone", &s.availability_zone))
            .filter(|s| {
                filter_allows(
                    &req.filters,
                    "default-for-az",
                    if s.default_for_az { "true" } else { "false" },
                )
            })
            .map(|s| self.subnet_shape(s))
            .collect();
        let (subnets, next_token) =
            paging.page(subnets.into_iter().map(|x| (x.subnet_id.clone(), x)));
        Ok(DescribeSubnetsResponse {
            subnets,
            next_token,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use crate::config::SimConfig;
    use crate::sim::Sim;

    #[test]
    fn a_new_account_has_a_default_vpc_with_a_subnet_per_zone() {
        let sim = Sim::new(SimConfig::default()).unwrap();
        let vpc = sim.state.vpcs.values().find(|v| v.is_default).unwrap();
        assert_eq!(vpc.cidr.to_string(), "172.31.0.0/16");
        let subnets: Vec<_> = sim
            .state
            .subnets
            .values()
            .filter(|s| s.vpc_id == vpc.id)
            .collect();
        assert_eq!(subnets.len(), 6, "us-east-1 has six zones");
        let mut cidrs: Vec<String> = subnets.iter().map(|s| s.cidr.to_string()).collect();
        cidrs.sort();
        assert!(cidrs.contains(&"172.31.0.0/20".to_owned()));
        assert!(cidrs.contains(&"172.31.80.0/20".to_owned()));
        assert!(
            subnets
                .iter()
                .all(|s| s.default_for_az && s.map_public_ip_on_launch)
        );
        assert!(
            vpc.id.starts_with("vpc-0") && vpc.id.len() == 4 + 17,
            "{}",
            vpc.id
        );
        // Same seed, same ids; another seed, other ids.
        let again = Sim::new(SimConfig::default()).unwrap();
        assert_eq!(again.state.vpcs, sim.state.vpcs);
        let other = Sim::new(SimConfig::with_seed(9)).unwrap();
        assert_ne!(other.state.vpcs.keys().next(), sim.state.vpcs.keys().next());
    }
}
