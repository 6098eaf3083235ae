//! A plain-data picture of the simulated account, for reading: the sandbox
//! draws it, tests compare it. Built fresh by [`crate::Sim::view`]; holds no
//! references into the engine.

use crate::ecs::cluster::ClusterStatus;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// (`Default`: an empty picture, for a page whose simulator has not
/// answered yet.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub now: SimTime,
    pub account_id: String,
    pub region: String,
    /// Every cluster the account can still describe (ACTIVE and INACTIVE),
    /// sorted by name.
    pub clusters: Vec<ClusterView>,
    /// Every describable task definition revision, by family then revision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task_definitions: Vec<TaskDefinitionView>,
    /// IAM roles, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleView>,
    /// ECR repositories, sorted by name (omitted from JSON when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<crate::ecr::RepositoryView>,
    /// EC2 instances (not yet forgotten), by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<InstanceView>,
    /// Container instances (ACTIVE, DRAINING, INACTIVE), by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_instances: Vec<ContainerInstanceView>,
    /// Tasks (stopped ones until they are forgotten), by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskView>,
    /// Faults in force (engine/src/faults.rs), one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<String>,
    /// Services and their deployments (PRIMARY first), by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<crate::ecs::deployment::ServiceView>,
    /// ECS account settings set explicitly, by principal then name (the
    /// rest are the root user's, else AWS's defaults).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub account_settings: Vec<AccountSettingView>,
    /// VPCs, by id (the default VPC is always there).
    pub vpcs: Vec<VpcView>,
    /// Subnets, by id.
    pub subnets: Vec<SubnetView>,
    /// Security groups and their rules, by id.
    pub security_groups: Vec<SecurityGroupView>,
    /// EC2 launch templates, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_templates: Vec<LaunchTemplateView>,
    /// Auto Scaling groups, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auto_scaling_groups: Vec<AutoScalingGroupView>,
    /// Auto Scaling group capacity providers, by name (FARGATE and
    /// FARGATE_SPOT are built in and always there: see the clusters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_providers: Vec<CapacityProviderView>,
    /// IAM instance profiles, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_profiles: Vec<InstanceProfileView>,
    /// CloudWatch Logs log groups, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_groups: Vec<LogGroupView>,
    /// The learner's files (engine::files): (path as shown, size in
    /// bytes), by absolute path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<(String, usize)>,
    /// Application and Network Load Balancers with their listeners, by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancerView>,
    /// Target groups with their targets' health, by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_groups: Vec<TargetGroupView>,
    /// CloudWatch's last hour for the charts: series, alarms, scaling
    /// activities, services' task counts (`cloudwatch::view`).
    #[serde(
        default,
        skip_serializing_if = "crate::cloudwatch::view::MetricsView::is_empty"
    )]
    pub metrics: crate::cloudwatch::view::MetricsView,
    /// EventBridge rules of the default bus, by name (engine/src/events).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<EventRuleView>,
    /// EventBridge Scheduler schedules, by group then name
    /// (engine/src/scheduler.rs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<ScheduleView>,
    /// SQS queues by name, with their messages counted now (engine/src/sqs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<QueueView>,
    /// SNS topics by name, with their subscriptions (engine/src/sns).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicView>,
    /// The emails SNS delivered to the account's addresses, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inbox: Vec<crate::sns::Email>,
    /// S3 buckets by name, with their objects counted (engine/src/s3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<BucketView>,
    /// DynamoDB tables by name (engine/src/dynamodb).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableView>,
    /// EFS file systems by id, with their mount targets and access points
    /// (engine/src/efs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_systems: Vec<FileSystemView>,
}

/// An EFS file system as `describe-file-systems` shows it now, with its
/// mount targets (one per AZ) and access points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSystemView {
    pub id: String,
    pub arn: String,
    /// The `Name` tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `creating` or `available`.
    pub state: String,
    pub performance_mode: String,
    pub throughput_mode: String,
    pub encrypted: bool,
    pub size_bytes: u64,
    /// Files the tasks wrote (engine/src/efs/files.rs).
    pub files: u64,
    pub mount_targets: Vec<MountTargetView>,
    pub access_points: Vec<AccessPointView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MountTargetView {
    pub id: String,
    pub availability_zone: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub ip_address: String,
    /// `creating` or `available`.
    pub state: String,
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessPointView {
    pub id: String,
    /// The root directory's path.
    pub path: String,
    /// `uid:gid` of the POSIX user, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posix_user: Option<String>,
}

/// An S3 bucket: its objects counted and whether EventBridge gets its
/// events (F21.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketView {
    pub name: String,
    pub arn: String,
    pub created: SimTime,
    pub objects: u64,
    pub bytes: u64,
    /// `EventBridgeConfiguration` on: objects created and deleted are
    /// published to the default bus.
    pub eventbridge: bool,
}

/// A DynamoDB table: what `describe-table` shows of it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableView {
    pub name: String,
    pub arn: String,
    /// CREATING, ACTIVE or DELETING.
    pub status: String,
    /// The partition key attribute and its type (`S`, `N`, `B`).
    pub hash_key: (String, String),
    /// The sort key attribute and its type, if the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_key: Option<(String, String)>,
    /// PAY_PER_REQUEST or PROVISIONED.
    pub billing_mode: String,
    pub item_count: u64,
    pub size_bytes: u64,
}

/// An EventBridge rule: what it reacts to, and its targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRuleView {
    pub name: String,
    pub arn: String,
    /// `ENABLED` or `DISABLED`.
    pub state: String,
    /// The pattern's JSON text, if the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<String>,
    /// `rate(…)` or `cron(…)`, if the rule has a schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// By Id.
    pub targets: Vec<EventTargetView>,
}

/// A rule's or a schedule's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventTargetView {
    pub id: String,
    /// The target's ARN (an ECS cluster's).
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// ECS targets: the task definition they run, and how many tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(default)]
    pub task_count: i64,
}

/// An SQS queue: what `get-queue-attributes` counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueView {
    pub name: String,
    pub url: String,
    pub arn: String,
    /// ApproximateNumberOfMessages: visible now.
    pub visible: u64,
    /// ApproximateNumberOfMessagesNotVisible: received, in flight.
    pub in_flight: u64,
    /// ApproximateNumberOfMessagesDelayed.
    pub delayed: u64,
    /// The dead-letter queue's name, and after how many receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<(String, u64)>,
}

/// An SNS topic and its subscriptions: (protocol, endpoint, status
/// `Confirmed` or `PendingConfirmation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TopicView {
    pub name: String,
    pub arn: String,
    pub subscriptions: Vec<(String, String, String)>,
}

/// An EventBridge Scheduler schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleView {
    pub name: String,
    pub group: String,
    pub arn: String,
    pub state: String,
    pub schedule_expression: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    pub target: EventTargetView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerView {
    pub arn: String,
    pub name: String,
    /// `application` or `network`.
    pub lb_type: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// `provisioning` or `active`.
    pub state: String,
    pub dns_name: String,
    pub vpc_id: String,
    /// (zone, subnet id, node address as dotted quad).
    pub zones: Vec<(String, String, String)>,
    pub security_groups: Vec<String>,
    /// By port.
    pub listeners: Vec<ListenerView>,
    /// `sim traffic` in force: (requests per second, path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<(u32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerView {
    pub arn: String,
    pub protocol: String,
    pub port: u16,
    /// The rules by priority, the default last: (priority or `default`,
    /// conditions in words, what it does in words).
    pub rules: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupView {
    pub arn: String,
    pub name: String,
    pub protocol: String,
    pub port: u16,
    /// `instance` or `ip`.
    pub target_type: String,
    pub vpc_id: String,
    /// The health check as a URL-ish summary: `HTTP traffic-port /`.
    pub health_check: String,
    pub load_balancer_arns: Vec<String>,
    /// In registration order.
    pub targets: Vec<TargetView>,
    /// Requests in the last whole minute of `sim traffic`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_last_minute: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetView {
    pub id: String,
    pub port: u16,
    /// `initial`, `healthy`, `unhealthy`, `draining`, `unused`,
    /// `unavailable`.
    pub state: String,
    /// The reason code and its description, when there is one.
    pub reason: Option<String>,
    pub description: Option<String>,
}

// Each kind of resource is a list of plain structs sorted by the key it is
// found by (an id, a name or an ARN, the first field); a new service adds
// its lists at the end of `View` and builds them in `Sim::view`.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpcView {
    pub id: String,
    pub cidr_block: String,
    pub is_default: bool,
    /// Whether it routes to an internet gateway (MODEL: only the default
    /// VPC has one; engine::reach).
    pub internet_gateway: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetView {
    pub id: String,
    pub vpc_id: String,
    pub cidr_block: String,
    pub availability_zone: String,
    /// A public subnet: its VPC routes to an internet gateway.
    pub public: bool,
    /// Instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: bool,
    pub default_for_az: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<RuleView>,
    pub egress: Vec<RuleView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// The rule's id (`sgr-…`).
    pub id: String,
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    /// -1 for all.
    pub from_port: i32,
    pub to_port: i32,
    /// A CIDR block or a security group id.
    pub peer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchTemplateView {
    pub id: String,
    pub name: String,
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    /// The instance profile's name or ARN, as given.
    pub instance_profile: Option<String>,
    pub security_group_ids: Vec<String>,
    /// The cluster the ECS agent joins (`ECS_CLUSTER=` in the user data).
    pub ecs_cluster: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingGroupView {
    pub name: String,
    pub arn: String,
    pub launch_template_id: String,
    pub launch_template_version: String,
    pub min_size: u32,
    pub max_size: u32,
    pub desired_capacity: u32,
    pub subnet_ids: Vec<String>,
    /// Its instances that are pending or running, by id.
    pub instance_ids: Vec<String>,
    /// Being deleted (DeleteAutoScalingGroup with instances to terminate).
    pub deleting: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderView {
    pub name: String,
    pub arn: String,
    /// ACTIVE or INACTIVE.
    #[serde(deserialize_with = "crate::base::intern::word")]
    pub status: crate::base::intern::Word,
    pub auto_scaling_group_arn: String,
    pub managed_termination_protection: String,
    /// Cluster auto scaling (F9.3): `Some(target capacity %)` when managed
    /// scaling is ENABLED.
    #[serde(default)]
    pub managed_scaling_target: Option<i64>,
    /// Clusters it is associated with, by name.
    pub clusters: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceProfileView {
    pub name: String,
    pub arn: String,
    /// Role names (at most one).
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogGroupView {
    pub name: String,
    pub arn: String,
    /// (stream name, number of events), by name.
    pub streams: Vec<(String, usize)>,
}

impl crate::Sim {
    pub(crate) fn rule_views(&self) -> Vec<EventRuleView> {
        self.state
            .events
            .rules
            .values()
            .map(|r| EventRuleView {
                name: r.name.clone(),
                arn: r.arn.clone(),
                state: r.state().to_owned(),
                event_pattern: r.event_pattern.clone(),
                schedule_expression: r.schedule_text.clone(),
                targets: r
                    .targets
                    .values()
                    .map(|t| {
                        target_view(
                            &t.id,
                            &t.arn,
                            t.role_arn.as_deref(),
                            t.ecs_parameters.as_ref(),
                        )
                    })
                    .collect(),
            })
            .collect()
    }

    pub(crate) fn table_views(&self) -> Vec<TableView> {
        self.state
            .dynamodb
            .tables
            .values()
            .filter(|t| !t.gone(self.now))
            .map(|t| TableView {
                name: t.name.clone(),
                arn: t.arn.clone(),
                status: t.status(self.now).to_owned(),
                hash_key: (t.hash.name.clone(), t.hash.kind.clone()),
                range_key: t.range.as_ref().map(|r| (r.name.clone(), r.kind.clone())),
                billing_mode: if t.provisioned.is_some() {
                    "PROVISIONED"
                } else {
                    "PAY_PER_REQUEST"
                }
                .to_owned(),
                item_count: t.items.len() as u64,
                size_bytes: t.size_bytes(),
            })
            .collect()
    }

    pub(crate) fn queue_views(&self) -> Vec<QueueView> {
        self.state
            .sqs
            .queues
            .values()
            .map(|q| {
                let c = q.counts(self.now);
                QueueView {
                    name: q.name.clone(),
                    url: q.url.clone(),
                    arn: q.arn.clone(),
                    visible: c.visible,
                    in_flight: c.in_flight,
                    delayed: c.delayed,
                    dead_letter: q.settings.redrive.as_ref().map(|r| {
                        (
                            r.dead_letter_target_arn
                                .rsplit(':')
                                .next()
                                .unwrap_or_default()
                                .to_owned(),
                            r.max_receive_count,
                        )
                    }),
                }
            })
            .collect()
    }

    pub(crate) fn file_system_views(&self) -> Vec<FileSystemView> {
        let efs = &self.state.efs;
        efs.file_systems
            .values()
            .map(|f| FileSystemView {
                id: f.id.clone(),
                arn: f.arn.clone(),
                name: f.name().map(str::to_owned),
                state: f.life_cycle_state(self.now).to_owned(),
                performance_mode: f.performance_mode.clone(),
                throughput_mode: f.throughput_mode.clone(),
                encrypted: f.encrypted,
                size_bytes: f.size_bytes(),
                files: f.files.len() as u64,
                mount_targets: efs
                    .mount_targets
                    .values()
                    .filter(|m| m.file_system_id == f.id)
                    .map(|m| MountTargetView {
                        id: m.id.clone(),
                        availability_zone: m.availability_zone.clone(),
                        subnet_id: m.subnet_id.clone(),
                        vpc_id: m.vpc_id.clone(),
                        ip_address: crate::base::ipv4::format_ipv4(m.ip),
                        state: m.life_cycle_state(self.now).to_owned(),
                        security_groups: m.security_groups.clone(),
                    })
                    .collect(),
                access_points: efs
                    .access_points
                    .values()
                    .filter(|a| a.file_system_id == f.id)
                    .map(|a| AccessPointView {
                        id: a.id.clone(),
                        path: a.path.clone(),
                        posix_user: a
                            .posix_user
                            .as_ref()
                            .map(|p| format!("{}:{}", p.uid, p.gid)),
                    })
                    .collect(),
            })
            .collect()
    }

    pub(crate) fn bucket_views(&self) -> Vec<BucketView> {
        self.state
            .s3
            .buckets
            .values()
            .map(|b| BucketView {
                name: b.name.clone(),
                arn: crate::s3::bucket_arn(&b.name),
                created: b.created,
                objects: b.objects.len() as u64,
                bytes: b.bytes(),
                eventbridge: b.eventbridge,
            })
            .collect()
    }

    pub(crate) fn topic_views(&self) -> Vec<TopicView> {
        self.state
            .sns
            .topics
            .values()
            .map(|t| TopicView {
                name: t.name.clone(),
                arn: t.arn.clone(),
                subscriptions: t
                    .subscriptions
                    .values()
                    .map(|s| {
                        let status = if s.confirmed {
                            "Confirmed"
                        } else {
                            "PendingConfirmation"
                        };
                        (s.protocol.clone(), s.endpoint.clone(), status.to_owned())
                    })
                    .collect(),
            })
            .collect()
    }

    pub(crate) fn schedule_views(&self) -> Vec<ScheduleView> {
        self.state
            .scheduler
            .schedules
            .values()
            .map(|s| ScheduleView {
                name: s.name.clone(),
                group: s.group.clone(),
                arn: s.arn.clone(),
                state: s.state().to_owned(),
                schedule_expression: s.expression.clone(),
                timezone: s.timezone.clone(),
                target: target_view(
                    &s.name,
                    &s.target.arn,
                    Some(&s.target.role_arn),
                    s.target.ecs_parameters.as_ref(),
                ),
            })
            .collect()
    }

    pub(crate) fn vpc_views(&self) -> Vec<VpcView> {
        self.state
            .vpcs
            .values()
            .map(|v| VpcView {
                id: v.id.clone(),
                cidr_block: v.cidr.to_string(),
                is_default: v.is_default,
                internet_gateway: v.is_default,
            })
            .collect()
    }

    pub(crate) fn subnet_views(&self) -> Vec<SubnetView> {
        self.state
            .subnets
            .values()
            .map(|s| SubnetView {
                id: s.id.clone(),
                vpc_id: s.vpc_id.clone(),
                cidr_block: s.cidr.to_string(),
                availability_zone: s.availability_zone.clone(),
                public: self.state.vpcs.get(&s.vpc_id).is_some_and(|v| v.is_default),
                map_public_ip_on_launch: s.map_public_ip_on_launch,
                default_for_az: s.default_for_az,
            })
            .collect()
    }

    pub(crate) fn security_group_views(&self) -> Vec<SecurityGroupView> {
        use crate::ec2::security_group::{Peer, Rule};
        let rule = |r: &Rule| RuleView {
            id: r.id.clone(),
            protocol: r.protocol.clone(),
            from_port: r.from_port,
            to_port: r.to_port,
            peer: match &r.peer {
                Peer::Cidr4(c) | Peer::Cidr6(c) | Peer::Group(c) => c.clone(),
            },
            description: r.description.clone(),
        };
        self.state
            .security_groups
            .values()
            .map(|g| SecurityGroupView {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                vpc_id: g.vpc_id.clone(),
                ingress: g.ingress.iter().map(rule).collect(),
                egress: g.egress.iter().map(rule).collect(),
            })
            .collect()
    }

    pub(crate) fn launch_template_views(&self) -> Vec<LaunchTemplateView> {
        self.state
            .launch_templates
            .values()
            .map(|t| LaunchTemplateView {
                id: t.id.clone(),
                name: t.name.clone(),
                image_id: t.data.image_id.clone(),
                instance_type: t.data.instance_type.clone(),
                instance_profile: t
                    .data
                    .iam_instance_profile
                    .as_ref()
                    .and_then(|p| p.name.clone().or_else(|| p.arn.clone())),
                security_group_ids: t.data.security_group_ids.clone(),
                ecs_cluster: t
                    .user_data_script
                    .as_deref()
                    .and_then(crate::ec2::launch_template::ecs_cluster_from_user_data),
            })
            .collect()
    }

    pub(crate) fn auto_scaling_group_views(&self) -> Vec<AutoScalingGroupView> {
        self.state
            .auto_scaling_groups
            .values()
            .map(|g| AutoScalingGroupView {
                name: g.name.clone(),
                arn: g.arn.clone(),
                launch_template_id: g.launch_template_id.clone(),
                launch_template_version: g.launch_template_version.clone(),
                min_size: g.min_size,
                max_size: g.max_size,
                desired_capacity: g.desired_capacity,
                subnet_ids: g.subnets.clone(),
                instance_ids: self
                    .state
                    .instances
                    .values()
                    .filter(|i| i.is_live() && i.auto_scaling_group.as_deref() == Some(&g.name))
                    .map(|i| i.id.clone())
                    .collect(),
                deleting: g.deleting,
            })
            .collect()
    }

    pub(crate) fn capacity_provider_views(&self) -> Vec<CapacityProviderView> {
        self.state
            .capacity_providers
            .values()
            .map(|p| CapacityProviderView {
                name: p.name.clone(),
                arn: p.arn.clone(),
                status: if p.active { "ACTIVE" } else { "INACTIVE" },
                auto_scaling_group_arn: p.asg_arn.clone(),
                managed_termination_protection: p.managed_termination_protection.clone(),
                managed_scaling_target: (p.managed_scaling.status.as_deref() == Some("ENABLED"))
                    .then(|| p.managed_scaling.target_capacity.unwrap_or(100)),
                clusters: self
                    .state
                    .clusters
                    .values()
                    .filter(|c| c.capacity_providers.contains(&p.name))
                    .map(|c| c.name.clone())
                    .collect(),
            })
            .collect()
    }

    pub(crate) fn instance_profile_views(&self) -> Vec<InstanceProfileView> {
        self.state
            .instance_profiles
            .values()
            .map(|p| InstanceProfileView {
                name: p.name.clone(),
                arn: p.arn.clone(),
                roles: p.roles.clone(),
            })
            .collect()
    }

    pub(crate) fn log_group_views(&self) -> Vec<LogGroupView> {
        self.state
            .log_groups
            .values()
            .map(|g| LogGroupView {
                name: g.name.clone(),
                arn: self.log_group_arn(&g.name),
                streams: g
                    .streams
                    .iter()
                    .map(|(name, s)| (name.clone(), s.events.len()))
                    .collect(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSettingView {
    pub name: String,
    /// `arn:aws:iam::<account>:root` for the account default.
    pub principal_arn: String,
    pub value: String,
    /// Whether the simulator models the setting's effect (awsvpcTrunking);
    /// the others are only stored and listed.
    pub simulated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionView {
    pub arn: String,
    pub family: String,
    pub revision: u32,
    /// ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
    pub status: String,
    pub network_mode: String,
    /// Task-level cpu units and MiB, if given.
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub fargate_compatible: bool,
    /// (container name, image) pairs.
    pub containers: Vec<(String, String)>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    pub name: String,
    pub arn: String,
    /// Service principals the trust policy names (`ecs-tasks.amazonaws.com`).
    pub trusted_services: Vec<String>,
    pub managed_policies: Vec<String>,
    pub inline_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterView {
    pub name: String,
    pub arn: String,
    pub status: ClusterStatus,
    pub registered_container_instances: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
    pub active_services: u32,
    pub tags: Vec<(String, String)>,
    pub created_at: SimTime,
    /// Capacity providers associated with the cluster (F9.6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_providers: Vec<String>,
    /// The default strategy: (capacity provider, weight, base).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_capacity_provider_strategy: Vec<(String, i64, i64)>,
    /// The `containerInsights` setting: `disabled`, `enabled` or
    /// `enhanced`.
    #[serde(default = "insights_disabled", skip_serializing_if = "is_disabled")]
    pub container_insights: String,
}

fn insights_disabled() -> String {
    "disabled".to_owned()
}

fn is_disabled(value: &String) -> bool {
    value == "disabled"
}

impl View {
    pub fn active_clusters(&self) -> impl Iterator<Item = &ClusterView> {
        self.clusters
            .iter()
            .filter(|c| c.status == ClusterStatus::Active)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    pub id: String,
    pub instance_type: String,
    pub state: String,
    pub availability_zone: String,
    pub subnet_id: String,
    pub auto_scaling_group: Option<String>,
    /// Its public IPv4 address (default subnets map one on launch; released
    /// at shutdown): what `curl` from the internet reaches (engine::reach).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstanceView {
    pub arn: String,
    pub cluster_arn: String,
    pub ec2_instance_id: String,
    pub status: String,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub remaining_cpu: u32,
    pub remaining_memory: u32,
    /// awsvpc task ENIs the instance can hold (F3.5: ENIs − 1, or the trunk
    /// limit when trunked) and holds now.
    pub eni_slots: u32,
    pub enis_used: u32,
    /// The trunk ENI's attachment id (`ecs.awsvpc-trunk-id`) when the
    /// instance registered with ENI trunking (F3.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trunk_id: Option<String>,
    pub running_tasks: u32,
    pub pending_tasks: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    pub arn: String,
    pub cluster_arn: String,
    pub task_definition_arn: String,
    pub launch_type: String,
    pub last_status: String,
    pub desired_status: String,
    pub container_instance_arn: Option<String>,
    pub availability_zone: String,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    /// The capacity provider the task runs on (FARGATE, FARGATE_SPOT or an
    /// Auto Scaling group provider), if it was started with a strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider: Option<String>,
    /// F1.11: HEALTHY, UNHEALTHY or UNKNOWN, for tasks with a container
    /// health check (engine/src/ecs/health.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_status: Option<String>,
    /// Containers of a live task that exited (non-essential, F1.9).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stopped_containers: Vec<String>,
    /// What each container's process wrote (engine/src/ecs/aws_cli.rs),
    /// for containers that wrote anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_logs: Vec<ContainerLogView>,
    /// A live Fargate task's public IPv4 address (assignPublicIp ENABLED,
    /// F2.3): what `curl` from the internet reaches (engine::reach).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

/// One container's log lines, and where AWS would keep them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerLogView {
    pub container: String,
    /// The definition's `logConfiguration.logDriver` (`awslogs` sends the
    /// lines to CloudWatch Logs; without a log driver AWS keeps them only
    /// on the host), `None` when not set.
    pub log_driver: Option<String>,
    /// `awslogs-group` when the driver is awslogs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
    /// `(time, line)`, oldest first.
    pub lines: Vec<(SimTime, String)>,
    /// The container's exit code once it exited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
}

fn target_view(
    id: &str,
    arn: &str,
    role_arn: Option<&str>,
    ecs: Option<&crate::events::EcsParameters>,
) -> EventTargetView {
    EventTargetView {
        id: id.to_owned(),
        arn: arn.to_owned(),
        role_arn: role_arn.map(str::to_owned),
        task_definition: ecs.map(|e| e.task_definition_arn.clone()),
        task_count: ecs.map_or(0, |e| e.task_count.unwrap_or(1)),
    }
}
