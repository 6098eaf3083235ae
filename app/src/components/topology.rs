//! The account as a diagram: region → VPC → Availability Zones (columns) →
//! subnets (public or private), with the EC2 instances in their subnets
//! (and, for container instances, their cluster, free CPU and memory and
//! their tasks) and the Fargate tasks in their Availability Zone; the
//! VPC's load balancers (spanning its zones) with their listeners' rules
//! and target groups, each target with its health; its Auto Scaling
//! groups with the capacity providers that scale them; and, in a lane
//! outside the VPCs, the account's EventBridge rules and schedules, SQS
//! queues, SNS topics, S3 buckets, DynamoDB tables and the inbox SNS
//! emails reach.
//!
//! [`project`] is a pure function of the [`View`] (tested natively); the
//! component draws it as nested lists styled as boxes, so the same
//! structure is the diagram and the list a screen reader reads. Every
//! status is written out, not only coloured. The order is the view's (by
//! id), so boxes stay put as things change.

use leptos::prelude::*;
use stevedore_engine::View;

/// A task, as a chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskChip {
    /// The task id (the ARN's last part).
    pub id: String,
    /// Its cluster's name.
    pub cluster: String,
    /// The task definition's family and revision (`web:3`).
    pub definition: String,
    pub last_status: String,
    pub health: Option<String>,
    pub public_ip: Option<String>,
}

/// An EC2 instance, with its container instance if it registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceCard {
    pub id: String,
    pub instance_type: String,
    pub state: String,
    pub public_ip: Option<String>,
    pub registered: Option<Registration>,
    pub tasks: Vec<TaskChip>,
}

/// What a container instance registered, and what is free of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub cluster: String,
    pub status: String,
    /// (free, registered) CPU units.
    pub cpu: (u32, u32),
    /// (free, registered) MiB.
    pub memory: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetBox {
    pub id: String,
    pub cidr: String,
    pub public: bool,
    pub instances: Vec<InstanceCard>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzColumn {
    pub name: String,
    pub subnets: Vec<SubnetBox>,
    /// Live Fargate tasks in this Availability Zone.
    pub fargate: Vec<TaskChip>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcBox {
    pub id: String,
    pub cidr: String,
    pub is_default: bool,
    pub internet_gateway: bool,
    pub azs: Vec<AzColumn>,
    pub load_balancers: Vec<LbCard>,
    pub groups: Vec<AsgCard>,
}

/// An Auto Scaling group in the VPC (its subnets'), with its sizes and the
/// capacity providers that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsgCard {
    pub name: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    /// Pending or running instances.
    pub instances: usize,
    pub deleting: bool,
    /// `capacity provider cp (managed scaling, target 100%) of cluster a`.
    pub providers: Vec<String>,
}

/// The Auto Scaling groups whose subnets are in `vpc_id`.
fn asg_cards(view: &View, vpc_id: &str) -> Vec<AsgCard> {
    view.auto_scaling_groups
        .iter()
        .filter(|g| {
            g.subnet_ids.iter().any(|id| {
                view.subnets
                    .iter()
                    .any(|s| s.id == *id && s.vpc_id == vpc_id)
            })
        })
        .map(|g| AsgCard {
            name: g.name.clone(),
            min: g.min_size,
            desired: g.desired_capacity,
            max: g.max_size,
            instances: g.instance_ids.len(),
            deleting: g.deleting,
            providers: view
                .capacity_providers
                .iter()
                .filter(|p| p.auto_scaling_group_arn == g.arn && p.status == "ACTIVE")
                .map(|p| {
                    let scaling = p.managed_scaling_target.map_or_else(
                        || "managed scaling off".to_owned(),
                        |t| format!("managed scaling, target {t}%"),
                    );
                    let clusters = if p.clusters.is_empty() {
                        "no cluster yet".to_owned()
                    } else {
                        format!("cluster {}", p.clusters.join(", "))
                    };
                    format!("Capacity provider {} ({scaling}) of {clusters}", p.name)
                })
                .collect(),
        })
        .collect()
}

/// A load balancer: what it is, its listeners' rules in words, and the
/// target groups they forward to with their targets' health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LbCard {
    pub name: String,
    /// `ALB` or `NLB`.
    pub kind: &'static str,
    pub scheme: String,
    pub state: String,
    pub dns_name: String,
    /// The zones it has nodes in.
    pub zones: Vec<String>,
    /// `HTTP 80: /api/* → api-tg`, one line per rule, default last.
    pub rules: Vec<String>,
    pub target_groups: Vec<TgCard>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TgCard {
    pub name: String,
    pub arn: String,
    pub health_check: String,
    /// (`id:port`, state, reason description).
    pub targets: Vec<(String, String, Option<String>)>,
}

/// The load balancers of a VPC, with the target groups they use.
fn lb_cards(view: &View, vpc_id: &str) -> Vec<LbCard> {
    view.load_balancers
        .iter()
        .filter(|lb| lb.vpc_id == vpc_id)
        .map(|lb| LbCard {
            name: lb.name.clone(),
            kind: match lb.lb_type.as_str() {
                "network" => "NLB",
                "classic" => "CLB",
                _ => "ALB",
            },
            scheme: lb.scheme.clone(),
            state: lb.state.clone(),
            dns_name: lb.dns_name.clone(),
            zones: lb.zones.iter().map(|z| z.0.clone()).collect(),
            rules: lb
                .listeners
                .iter()
                .flat_map(|l| {
                    l.rules.iter().map(move |(priority, conditions, action)| {
                        if priority == "default" {
                            format!("{} {}: default → {action}", l.protocol, l.port)
                        } else {
                            format!(
                                "{} {}: {priority}. {conditions} → {action}",
                                l.protocol, l.port
                            )
                        }
                    })
                })
                .collect(),
            target_groups: view
                .target_groups
                .iter()
                .filter(|tg| tg.load_balancer_arns.contains(&lb.arn))
                .map(|tg| TgCard {
                    name: tg.name.clone(),
                    arn: tg.arn.clone(),
                    health_check: tg.health_check.clone(),
                    targets: tg
                        .targets
                        .iter()
                        .map(|t| {
                            (
                                format!("{}:{}", t.id, t.port),
                                t.state.clone(),
                                t.description.clone(),
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn last_part(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

fn chip(task: &stevedore_engine::view::TaskView) -> TaskChip {
    TaskChip {
        id: last_part(&task.arn),
        cluster: last_part(&task.cluster_arn),
        definition: task
            .task_definition_arn
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        last_status: task.last_status.clone(),
        health: task.health_status.clone(),
        public_ip: task.public_ip.clone(),
    }
}

/// The diagram of `view`: its VPCs with their Availability Zones, subnets,
/// instances and live tasks (stopped ones are left out).
pub fn project(view: &View) -> Vec<VpcBox> {
    let live = |t: &&stevedore_engine::view::TaskView| t.last_status != "STOPPED";
    view.vpcs
        .iter()
        .map(|vpc| {
            let subnets: Vec<_> = view.subnets.iter().filter(|s| s.vpc_id == vpc.id).collect();
            let mut az_names: Vec<&str> = subnets
                .iter()
                .map(|s| s.availability_zone.as_str())
                .collect();
            az_names.sort_unstable();
            az_names.dedup();
            let azs = az_names
                .into_iter()
                .map(|az| AzColumn {
                    name: az.to_owned(),
                    subnets: subnets
                        .iter()
                        .filter(|s| s.availability_zone == az)
                        .map(|s| SubnetBox {
                            id: s.id.clone(),
                            cidr: s.cidr_block.clone(),
                            public: s.public,
                            instances: view
                                .instances
                                .iter()
                                .filter(|i| i.subnet_id == s.id && i.state != "terminated")
                                .map(|i| {
                                    let ci = view.container_instances.iter().find(|ci| {
                                        ci.ec2_instance_id == i.id && ci.status != "INACTIVE"
                                    });
                                    InstanceCard {
                                        id: i.id.clone(),
                                        instance_type: i.instance_type.clone(),
                                        state: i.state.clone(),
                                        public_ip: i.public_ip.clone(),
                                        registered: ci.map(|ci| {
                                            let cluster = view
                                                .clusters
                                                .iter()
                                                .find(|c| c.arn == ci.cluster_arn)
                                                .map_or_else(
                                                    || last_part(&ci.cluster_arn),
                                                    |c| c.name.clone(),
                                                );
                                            Registration {
                                                cluster,
                                                status: ci.status.clone(),
                                                cpu: (ci.remaining_cpu, ci.registered_cpu),
                                                memory: (ci.remaining_memory, ci.registered_memory),
                                            }
                                        }),
                                        tasks: ci
                                            .map(|ci| {
                                                view.tasks
                                                    .iter()
                                                    .filter(live)
                                                    .filter(|t| {
                                                        t.container_instance_arn.as_deref()
                                                            == Some(ci.arn.as_str())
                                                    })
                                                    .map(chip)
                                                    .collect()
                                            })
                                            .unwrap_or_default(),
                                    }
                                })
                                .collect(),
                        })
                        .collect(),
                    fargate: view
                        .tasks
                        .iter()
                        .filter(live)
                        .filter(|t| t.launch_type == "FARGATE" && t.availability_zone == az)
                        .map(chip)
                        .collect(),
                })
                .collect();
            VpcBox {
                id: vpc.id.clone(),
                cidr: vpc.cidr_block.clone(),
                is_default: vpc.is_default,
                internet_gateway: vpc.internet_gateway,
                azs,
                load_balancers: lb_cards(view, &vpc.id),
                groups: asg_cards(view, &vpc.id),
            }
        })
        .collect()
}

/// Live tasks not placed anywhere yet: EC2 tasks of a capacity provider
/// waiting in PROVISIONING for an instance (cluster auto scaling, F9.3),
/// which the diagram cannot put in a subnet.
pub fn waiting(view: &View) -> Vec<TaskChip> {
    view.tasks
        .iter()
        .filter(|t| {
            t.last_status != "STOPPED"
                && t.launch_type != "FARGATE"
                && t.container_instance_arn.is_none()
        })
        .map(chip)
        .collect()
}

/// Something outside any VPC (the lane beside the diagram): an EventBridge
/// rule or Scheduler schedule (what triggers it, what it runs), an SQS
/// queue (its messages by state), an SNS topic (its subscriptions) or the
/// inbox, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideCard {
    /// `EventBridge rule`, `EventBridge Scheduler schedule`, `SQS queue`,
    /// `SNS topic` or `Inbox`.
    pub kind: &'static str,
    pub name: String,
    /// ENABLED or DISABLED; `3 visible` for a queue; the subscription
    /// count for a topic; the email count for the inbox.
    pub state: String,
    /// `schedule rate(1 hour)` or `pattern {…}`, a queue's in-flight and
    /// delayed counts, a topic's ARN, the inbox's latest subject.
    pub trigger: String,
    /// `runs 1 × nightly:3 on cluster jobs` per target; a topic's
    /// subscriptions; a queue's dead-letter queue.
    pub targets: Vec<String>,
    /// What the inspector shows for it.
    pub pick: Inspect,
}

fn target_words(t: &stevedore_engine::view::EventTargetView) -> String {
    let what = last_part(&t.arn);
    match &t.task_definition {
        Some(def) => format!(
            "runs {} × {} on cluster {what}",
            t.task_count.max(1),
            def.rsplit('/').next().unwrap_or(def)
        ),
        None => format!("sends to {}", t.arn),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The lane outside the VPCs: rules, schedules, queues, topics (each as
/// the view orders them), then the inbox once an email arrived.
pub fn outside(view: &View) -> Vec<OutsideCard> {
    let rules = view.rules.iter().map(|r| OutsideCard {
        pick: Inspect::Rule {
            name: r.name.clone(),
            enabled: r.state == "ENABLED",
        },
        kind: "EventBridge rule",
        name: r.name.clone(),
        state: r.state.clone(),
        trigger: match (&r.schedule_expression, &r.event_pattern) {
            (Some(s), _) => format!("schedule {s}"),
            (None, Some(p)) => format!("pattern {p}"),
            (None, None) => "no trigger".to_owned(),
        },
        targets: if r.targets.is_empty() {
            vec!["no targets".to_owned()]
        } else {
            r.targets.iter().map(target_words).collect()
        },
    });
    let schedules = view.schedules.iter().map(|s| OutsideCard {
        pick: Inspect::Schedule {
            group: s.group.clone(),
            name: s.name.clone(),
        },
        kind: "EventBridge Scheduler schedule",
        name: if s.group == "default" {
            s.name.clone()
        } else {
            format!("{}/{}", s.group, s.name)
        },
        state: s.state.clone(),
        trigger: match &s.timezone {
            Some(tz) => format!("schedule {} ({tz})", s.schedule_expression),
            None => format!("schedule {}", s.schedule_expression),
        },
        targets: vec![target_words(&s.target)],
    });
    let queues = view.queues.iter().map(|q| OutsideCard {
        kind: "SQS queue",
        name: q.name.clone(),
        state: format!("{} visible", q.visible),
        trigger: format!("{} in flight · {} delayed", q.in_flight, q.delayed),
        targets: q
            .dead_letter
            .iter()
            .map(|(arn, max)| {
                format!(
                    "dead-letter queue {} after {}",
                    arn.rsplit(':').next().unwrap_or(arn),
                    plural(*max as usize, "receive")
                )
            })
            .collect(),
        pick: Inspect::Queue {
            name: q.name.clone(),
            url: q.url.clone(),
        },
    });
    let topics = view.topics.iter().map(|t| OutsideCard {
        kind: "SNS topic",
        name: t.name.clone(),
        state: plural(t.subscriptions.len(), "subscription"),
        trigger: t.arn.clone(),
        targets: t
            .subscriptions
            .iter()
            .map(|(protocol, endpoint, status)| format!("{protocol} {endpoint} · {status}"))
            .collect(),
        pick: Inspect::Topic {
            name: t.name.clone(),
            arn: t.arn.clone(),
        },
    });
    let buckets = view.buckets.iter().map(|b| OutsideCard {
        kind: "S3 bucket",
        name: b.name.clone(),
        state: plural(b.objects as usize, "object"),
        trigger: format!("{} bytes", b.bytes),
        targets: vec![if b.eventbridge {
            "sends Object Created and Object Deleted events to EventBridge".to_owned()
        } else {
            "no EventBridge notifications".to_owned()
        }],
        pick: Inspect::Bucket {
            name: b.name.clone(),
        },
    });
    let tables = view.tables.iter().map(|t| OutsideCard {
        kind: "DynamoDB table",
        name: t.name.clone(),
        state: t.status.clone(),
        trigger: format!(
            "{} · {} · {} bytes",
            plural(t.item_count as usize, "item"),
            t.billing_mode,
            t.size_bytes
        ),
        targets: vec![match &t.range_key {
            Some((range, kind)) => format!(
                "partition key {} ({}) · sort key {range} ({kind})",
                t.hash_key.0, t.hash_key.1
            ),
            None => format!("partition key {} ({})", t.hash_key.0, t.hash_key.1),
        }],
        pick: Inspect::Table {
            name: t.name.clone(),
        },
    });
    let file_systems = view.file_systems.iter().map(|f| OutsideCard {
        kind: "EFS file system",
        name: match &f.name {
            Some(name) => format!("{name} ({})", f.id),
            None => f.id.clone(),
        },
        state: f.state.clone(),
        trigger: format!(
            "{} · {} · {} · {} bytes",
            f.performance_mode,
            f.throughput_mode,
            plural(f.files as usize, "file"),
            f.size_bytes
        ),
        targets: {
            let mut lines: Vec<String> = f
                .mount_targets
                .iter()
                .map(|m| {
                    format!(
                        "mount target {} · {} · {} · {} · {}",
                        m.availability_zone,
                        m.subnet_id,
                        m.ip_address,
                        m.state,
                        m.security_groups.join(", ")
                    )
                })
                .collect();
            // Without a mount target no task can mount it, access points or not.
            if lines.is_empty() {
                lines.push("no mount targets: no task can mount it".to_owned());
            }
            lines.extend(f.access_points.iter().map(|a| match &a.posix_user {
                Some(user) => format!("access point {} · {} · user {user}", a.id, a.path),
                None => format!("access point {} · {}", a.id, a.path),
            }));
            lines
        },
        pick: Inspect::FileSystem { id: f.id.clone() },
    });
    let inbox = view.inbox.last().map(|latest| OutsideCard {
        kind: "Inbox",
        name: "(SNS email)".to_owned(),
        state: plural(view.inbox.len(), "email"),
        trigger: format!("latest: {} (to {})", latest.subject, latest.to),
        targets: Vec::new(),
        pick: Inspect::Inbox,
    });
    rules
        .chain(schedules)
        .chain(queues)
        .chain(topics)
        .chain(buckets)
        .chain(tables)
        .chain(file_systems)
        .chain(inbox)
        .collect()
}

/// A resource picked in the diagram, for the inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspect {
    Task { cluster: String, id: String },
    Instance { id: String },
    LoadBalancer { name: String, dns_name: String },
    TargetGroup { name: String, arn: String },
    AutoScalingGroup { name: String },
    Rule { name: String, enabled: bool },
    Schedule { group: String, name: String },
    Queue { name: String, url: String },
    Topic { name: String, arn: String },
    Bucket { name: String },
    Table { name: String },
    FileSystem { id: String },
    Inbox,
    Service { cluster: String, name: String },
    Cluster { name: String },
    Alarm { name: String },
}

/// The resource the inspector shows, shared by the diagram and the
/// timeline (whose rows open their resource in it). A page that draws both
/// provides one ([`Selection::provide`]); a diagram alone keeps its own.
#[derive(Debug, Clone, Copy)]
pub struct Selection(pub RwSignal<Option<Inspect>>);

impl Selection {
    pub fn provide() {
        provide_context(Selection(RwSignal::new(None)));
    }

    /// The page's selection, else a new one.
    pub fn get_or_new() -> RwSignal<Option<Inspect>> {
        use_context::<Selection>().map_or_else(|| RwSignal::new(None), |s| s.0)
    }
}

/// `arn:…:task/<cluster>/<id>` → (cluster, id); the same for services.
fn cluster_and_name(arn: &str) -> Option<(String, String)> {
    let mut parts = arn.rsplit('/');
    let name = parts.next()?;
    let cluster = parts.next()?;
    parts.next()?;
    Some((cluster.to_owned(), name.to_owned()))
}

impl Inspect {
    /// The resource an event is about, when the inspector can show it.
    pub fn about(kind: &stevedore_engine::EventKind) -> Option<Inspect> {
        use stevedore_engine::EventKind as K;
        let task =
            |arn: &str| cluster_and_name(arn).map(|(cluster, id)| Inspect::Task { cluster, id });
        let service = |arn: &str| {
            cluster_and_name(arn).map(|(cluster, name)| Inspect::Service { cluster, name })
        };
        match kind {
            K::TaskStateChanged { task_arn, .. }
            | K::ContainerHealthChanged { task_arn, .. }
            | K::ContainerExited { task_arn, .. } => task(task_arn),
            K::ServiceAction { service_arn, .. }
            | K::DeploymentStateChanged { service_arn, .. } => service(service_arn),
            K::ServiceScalingActivity { resource_id, .. } => {
                let mut parts = resource_id.strip_prefix("service/")?.split('/');
                Some(Inspect::Service {
                    cluster: parts.next()?.to_owned(),
                    name: parts.next()?.to_owned(),
                })
            }
            K::InstanceStateChanged { instance_id, .. } => Some(Inspect::Instance {
                id: instance_id.clone(),
            }),
            K::ScalingActivity { group, .. } => Some(Inspect::AutoScalingGroup {
                name: group.clone(),
            }),
            K::TargetHealthChanged {
                target_group_arn, ..
            } => Some(Inspect::TargetGroup {
                name: target_group_arn.split('/').nth(1)?.to_owned(),
                arn: target_group_arn.clone(),
            }),
            K::AlarmStateChanged { alarm_name, .. } => Some(Inspect::Alarm {
                name: alarm_name.clone(),
            }),
            K::ClusterCreated { cluster_arn } | K::ClusterDeleted { cluster_arn } => {
                Some(Inspect::Cluster {
                    name: last_part(cluster_arn),
                })
            }
            K::TargetInvoked { source_arn, .. } => {
                let (kind, path) = source_arn.split_once(':')?.1.rsplit_once(':')?;
                if let Some(name) = path.strip_prefix("rule/") {
                    // `rule/<name>`, or `rule/<bus>/<name>` on a custom bus.
                    Some(Inspect::Rule {
                        name: name.rsplit('/').next()?.to_owned(),
                        enabled: true,
                    })
                } else {
                    let (group, name) = path.strip_prefix("schedule/")?.split_once('/')?;
                    kind.contains("scheduler").then(|| Inspect::Schedule {
                        group: group.to_owned(),
                        name: name.to_owned(),
                    })
                }
            }
            _ => None,
        }
    }
}

impl Inspect {
    /// What the inspector runs: the AWS CLI's describe of the resource.
    pub fn command(&self) -> String {
        match self {
            Inspect::Task { cluster, id } => {
                format!("aws ecs describe-tasks --cluster {cluster} --tasks {id}")
            }
            Inspect::Instance { id } => format!("aws ec2 describe-instances --instance-ids {id}"),
            Inspect::LoadBalancer { name, .. } => {
                format!("aws elbv2 describe-load-balancers --names {name}")
            }
            Inspect::TargetGroup { arn, .. } => {
                format!("aws elbv2 describe-target-health --target-group-arn {arn}")
            }
            Inspect::AutoScalingGroup { name } => {
                format!(
                    "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {name}"
                )
            }
            Inspect::Rule { name, .. } => format!("aws events describe-rule --name {name}"),
            Inspect::Schedule { group, name } => {
                format!("aws scheduler get-schedule --group-name {group} --name {name}")
            }
            Inspect::Queue { url, .. } => {
                format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All")
            }
            Inspect::Topic { arn, .. } => {
                format!("aws sns list-subscriptions-by-topic --topic-arn {arn}")
            }
            Inspect::Bucket { name } => format!("aws s3 ls s3://{name} --recursive"),
            Inspect::Table { name } => {
                format!("aws dynamodb scan --table-name {name} --max-items 20")
            }
            Inspect::FileSystem { id } => {
                format!("aws efs describe-mount-targets --file-system-id {id}")
            }
            Inspect::Inbox => "sim inbox".to_owned(),
            Inspect::Service { cluster, name } => {
                format!("aws ecs describe-services --cluster {cluster} --services {name}")
            }
            Inspect::Cluster { name } => format!("aws ecs describe-clusters --clusters {name}"),
            Inspect::Alarm { name } => {
                format!("aws cloudwatch describe-alarms --alarm-names {name}")
            }
        }
    }

    /// What can go wrong with it, on demand, and doing it by hand: (button
    /// label, the command the button runs through the command line).
    pub fn actions(&self) -> Vec<(&'static str, String)> {
        match self {
            Inspect::Task { cluster, id } => vec![
                ("Kill its container", format!("sim fault kill-task {id}")),
                ("Out of memory", format!("sim fault oom {id}")),
                (
                    "Break its health checks",
                    format!("sim fault break-health {id}"),
                ),
                (
                    "Stop the task",
                    format!("aws ecs stop-task --cluster {cluster} --task {id}"),
                ),
            ],
            Inspect::Instance { id } => vec![(
                "Terminate the instance",
                format!("sim fault terminate-instance {id}"),
            )],
            Inspect::LoadBalancer { dns_name, .. } => vec![(
                "Send a request",
                format!("curl -s -o /dev/null -w 'HTTP %{{http_code}}' http://{dns_name}/"),
            )],
            Inspect::Rule { name, enabled } => vec![if *enabled {
                (
                    "Disable the rule",
                    format!("aws events disable-rule --name {name}"),
                )
            } else {
                (
                    "Enable the rule",
                    format!("aws events enable-rule --name {name}"),
                )
            }],
            Inspect::Queue { url, .. } => vec![
                (
                    "Send a message",
                    format!(
                        "aws sqs send-message --queue-url {url} --message-body 'Hello from the console'"
                    ),
                ),
                (
                    "Receive a message",
                    format!("aws sqs receive-message --queue-url {url}"),
                ),
            ],
            Inspect::Bucket { name } => vec![(
                "Upload a file",
                format!("echo 'Hello from the console' | aws s3 cp - s3://{name}/hello.txt"),
            )],
            Inspect::Topic { arn, .. } => vec![(
                "Publish a message",
                format!(
                    "aws sns publish --topic-arn {arn} --subject Hello --message 'Hello from the console'"
                ),
            )],
            Inspect::TargetGroup { .. }
            | Inspect::AutoScalingGroup { .. }
            | Inspect::Schedule { .. }
            | Inspect::Table { .. }
            | Inspect::FileSystem { .. }
            | Inspect::Inbox
            | Inspect::Service { .. }
            | Inspect::Cluster { .. }
            | Inspect::Alarm { .. } => Vec::new(),
        }
    }

    /// What the events about it mention.
    fn id(&self) -> &str {
        match self {
            Inspect::Task { id, .. } | Inspect::Instance { id } | Inspect::FileSystem { id } => id,
            Inspect::LoadBalancer { name, .. }
            | Inspect::TargetGroup { name, .. }
            | Inspect::AutoScalingGroup { name }
            | Inspect::Rule { name, .. }
            | Inspect::Schedule { name, .. }
            | Inspect::Queue { name, .. }
            | Inspect::Topic { name, .. }
            | Inspect::Bucket { name }
            | Inspect::Table { name }
            | Inspect::Service { name, .. }
            | Inspect::Cluster { name }
            | Inspect::Alarm { name } => name,
            Inspect::Inbox => "inbox",
        }
    }

    pub fn label(&self) -> String {
        match self {
            Inspect::Task { id, .. } => format!("task {id}"),
            Inspect::Instance { id } => format!("instance {id}"),
            Inspect::LoadBalancer { name, .. } => format!("load balancer {name}"),
            Inspect::TargetGroup { name, .. } => format!("target group {name}"),
            Inspect::AutoScalingGroup { name } => format!("Auto Scaling group {name}"),
            Inspect::Rule { name, .. } => format!("rule {name}"),
            Inspect::Schedule { name, .. } => format!("schedule {name}"),
            Inspect::Queue { name, .. } => format!("queue {name}"),
            Inspect::Topic { name, .. } => format!("topic {name}"),
            Inspect::Bucket { name } => format!("bucket {name}"),
            Inspect::Table { name } => format!("table {name}"),
            Inspect::FileSystem { id } => format!("file system {id}"),
            Inspect::Inbox => "the inbox".to_owned(),
            Inspect::Service { name, .. } => format!("service {name}"),
            Inspect::Cluster { name } => format!("cluster {name}"),
            Inspect::Alarm { name } => format!("alarm {name}"),
        }
    }
}

fn chips(tasks: Vec<TaskChip>, selected: RwSignal<Option<Inspect>>) -> impl IntoView {
    (!tasks.is_empty()).then(|| {
        view! {
            <ul class="task-chips">
                {tasks
                    .into_iter()
                    .map(|t| {
                        let status = t.last_status.to_lowercase();
                        let health = t.health.map(|h| format!(" · {h}")).unwrap_or_default();
                        let ip = t.public_ip.map(|ip| format!(" · {ip}")).unwrap_or_default();
                        let pick = Inspect::Task {
                            cluster: t.cluster.clone(),
                            id: t.id.clone(),
                        };
                        view! {
                            <li class=format!("task-chip {status}") data-testid="topology-task">
                                <button type="button" title=format!("Inspect task {}", t.id) on:click=move |_| selected.set(Some(pick.clone()))>
                                    {format!("{} {}{health}{ip}", t.definition, t.last_status)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The load balancers of a VPC, above its zones (a load balancer spans
/// them): listeners' rules in words, target groups and their targets, each
/// state written out.
fn lb_list(lbs: Vec<LbCard>, selected: RwSignal<Option<Inspect>>) -> impl IntoView {
    (!lbs.is_empty()).then(|| {
        view! {
            <ul class="load-balancers">
                {lbs
                    .into_iter()
                    .map(|lb| {
                        let pick = Inspect::LoadBalancer { name: lb.name.clone(), dns_name: lb.dns_name.clone() };
                        let title = format!("{} {} · {} · {} · zones {}", lb.kind, lb.name, lb.scheme, lb.state, lb.zones.join(", "));
                        view! {
                            <li class=format!("load-balancer {}", lb.state) data-testid="topology-lb">
                                <p class="card-title">
                                    <button type="button" class="link" title=format!("Inspect load balancer {}", lb.name) on:click=move |_| selected.set(Some(pick.clone()))>
                                        {title}
                                    </button>
                                </p>
                                <p class="card-detail">{lb.dns_name.clone()}</p>
                                <ul class="lb-rules">
                                    {lb.rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                </ul>
                                <ul class="target-groups">
                                    {lb.target_groups.into_iter().map(|tg| {
                                        let pick = Inspect::TargetGroup { name: tg.name.clone(), arn: tg.arn.clone() };
                                        let name = tg.name.clone();
                                        view! {
                                            <li class="target-group" data-testid="topology-tg">
                                                <p class="card-title">
                                                    <button type="button" class="link" title=format!("Inspect target group {name}") on:click=move |_| selected.set(Some(pick.clone()))>
                                                        {format!("Target group {} · health check {}", tg.name, tg.health_check)}
                                                    </button>
                                                </p>
                                                {if tg.targets.is_empty() {
                                                    view! { <p class="card-detail">"No registered targets"</p> }.into_any()
                                                } else {
                                                    view! {
                                                        <ul class="targets">
                                                            {tg.targets.into_iter().map(|(id, state, why)| {
                                                                let why = why.map(|w| format!(" ({w})")).unwrap_or_default();
                                                                view! { <li class=format!("target {state}") data-testid="topology-target">{format!("{id} {state}{why}")}</li> }
                                                            }).collect_view()}
                                                        </ul>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The Auto Scaling groups of a VPC (their instances are drawn in their
/// subnets): sizes and the capacity providers that scale them.
fn asg_list(groups: Vec<AsgCard>, selected: RwSignal<Option<Inspect>>) -> impl IntoView {
    (!groups.is_empty()).then(|| {
        view! {
            <ul class="asgs">
                {groups
                    .into_iter()
                    .map(|g| {
                        let pick = Inspect::AutoScalingGroup { name: g.name.clone() };
                        let title = format!(
                            "Auto Scaling group {} · min {} · desired {} · max {} · {}{}",
                            g.name,
                            g.min,
                            g.desired,
                            g.max,
                            plural(g.instances, "instance"),
                            if g.deleting { " · deleting" } else { "" }
                        );
                        view! {
                            <li class="asg" data-testid="topology-asg">
                                <p class="card-title">
                                    <button type="button" class="link" title=format!("Inspect Auto Scaling group {}", g.name) on:click=move |_| selected.set(Some(pick.clone()))>
                                        {title}
                                    </button>
                                </p>
                                {if g.providers.is_empty() {
                                    view! { <p class="card-detail">"No capacity provider: scaled only by its own policies"</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="lb-rules">
                                            {g.providers.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn Topology() -> impl IntoView {
    let sim = crate::sim_state::SimHandle::expect();
    let view_signal = sim.view();
    let region = move || view_signal.with(|v| v.region.clone());
    let boxes = Memo::new(move |_| view_signal.with(project));
    let unplaced = Memo::new(move |_| view_signal.with(waiting));
    let lane = Memo::new(move |_| view_signal.with(outside));
    let selected = Selection::get_or_new();
    view! {
        <div class="topology" data-testid="topology">
            <p class="region">{move || format!("Region {}", region())}</p>
            {move || {
                let tasks = unplaced.get();
                (!tasks.is_empty()).then(|| view! {
                    <div class="waiting" data-testid="topology-waiting">
                        <p class="box-title">{format!("Waiting for capacity: {} task{} (no instance has room; the capacity provider's Auto Scaling group grows)", tasks.len(), if tasks.len() == 1 { "" } else { "s" })}</p>
                        {chips(tasks, selected)}
                    </div>
                })
            }}
            <ul class="vpcs">
                {move || {
                    boxes
                        .get()
                        .into_iter()
                        .map(|vpc| {
                            let label = format!(
                                "VPC {} {}{}{}",
                                vpc.id,
                                vpc.cidr,
                                if vpc.is_default { " (default)" } else { "" },
                                if vpc.internet_gateway { " · internet gateway" } else { " · no internet gateway" }
                            );
                            let lbs = vpc.load_balancers;
                            let groups = vpc.groups;
                            view! {
                                <li class="vpc" data-testid="topology-vpc">
                                    <p class="box-title">{label}</p>
                                    {lb_list(lbs, selected)}
                                    {asg_list(groups, selected)}
                                    <ul class="azs">
                                        {vpc
                                            .azs
                                            .into_iter()
                                            .map(|az| view! {
                                                <li class="az">
                                                    <p class="box-title">{format!("Availability Zone {}", az.name)}</p>
                                                    <ul class="subnets">
                                                        {az
                                                            .subnets
                                                            .into_iter()
                                                            .map(|s| {
                                                                let kind = if s.public { "public" } else { "private" };
                                                                view! {
                                                                    <li class=format!("subnet {kind}")>
                                                                        <p class="box-title">{format!("{} subnet {} {}", if s.public { "Public" } else { "Private" }, s.id, s.cidr)}</p>
                                                                        {(!s.instances.is_empty()).then(|| view! {
                                                                            <ul class="instances">
                                                                                {s.instances.into_iter().map(|i| {
                                                                                    let registered = i.registered.map(|r| {
                                                                                        format!("{} ({}) · CPU {} of {} free · memory {} of {} MiB free", r.cluster, r.status, r.cpu.0, r.cpu.1, r.memory.0, r.memory.1)
                                                                                    }).unwrap_or_else(|| "not a container instance".to_owned());
                                                                                    let ip = i.public_ip.map(|ip| format!(" · {ip}")).unwrap_or_default();
                                                                                    let pick = Inspect::Instance { id: i.id.clone() };
                                                                                    view! {
                                                                                        <li class=format!("instance {}", i.state) data-testid="topology-instance">
                                                                                            <p class="card-title">
                                                                                                <button type="button" class="link" title=format!("Inspect instance {}", i.id) on:click=move |_| selected.set(Some(pick.clone()))>
                                                                                                    {format!("{} {} {}{ip}", i.id, i.instance_type, i.state)}
                                                                                                </button>
                                                                                            </p>
                                                                                            <p class="card-detail">{registered}</p>
                                                                                            {chips(i.tasks, selected)}
                                                                                        </li>
                                                                                    }
                                                                                }).collect_view()}
                                                                            </ul>
                                                                        })}
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ul>
                                                    {(!az.fargate.is_empty()).then(|| view! {
                                                        <div class="fargate">
                                                            <p class="box-title">{format!("Fargate tasks in {}", az.name)}</p>
                                                            {chips(az.fargate, selected)}
                                                        </div>
                                                    })}
                                                </li>
                                            })
                                            .collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || {
                let cards = lane.get();
                (!cards.is_empty()).then(|| view! {
                    <div class="outside" data-testid="topology-outside">
                        <p class="box-title">"Outside the VPC"</p>
                        <ul class="outside-cards">
                            {cards.into_iter().map(|c| {
                                let pick = c.pick.clone();
                                let label = pick.label();
                                let state = if c.state.contains(' ') { String::new() } else { c.state.to_lowercase() };
                                view! {
                                <li class=format!("outside-card {state}") data-testid="topology-outside-card">
                                    <p class="card-title">
                                        <button type="button" class="link" title=format!("Inspect {label}") on:click=move |_| selected.set(Some(pick.clone()))>
                                            {format!("{} {} · {}", c.kind, c.name, c.state)}
                                        </button>
                                    </p>
                                    <p class="card-detail">{c.trigger}</p>
                                    <ul class="lb-rules">{c.targets.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                                </li>
                            }}).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <Inspector selected=selected />
        </div>
    }
}

/// The resource picked in the diagram: its describe output (as the AWS CLI
/// prints it, run without entering the log), the events about it and, for
/// a task, what its containers wrote.
#[component]
fn Inspector(selected: RwSignal<Option<Inspect>>) -> impl IntoView {
    let sim = crate::sim_state::SimHandle::expect();
    let output = RwSignal::new(String::new());
    let events = sim.events();
    let view_signal = sim.view();
    // Describe again when the pick changes and whenever something happens
    // in the account (a new event: not on every view update, which each
    // describe itself causes).
    let last_event = Memo::new(move |_| events.with(|e| e.last().map(|e| e.seq)));
    Effect::new(move |_| {
        // Read, not only tracked (a memo never read never recomputes).
        let _ = last_event.get();
        if let Some(pick) = selected.get() {
            sim.query(&pick.command(), move |out, _| output.set(out));
        }
    });
    let about = move || {
        let id = selected.get()?.id().to_owned();
        Some(events.with(|events| {
            events
                .iter()
                .rev()
                .filter_map(|e| {
                    let (name, detail) = e.kind.parts();
                    detail.contains(&id).then(|| {
                        format!(
                            "{} {name} {detail}",
                            stevedore_engine::base::time::elapsed(e.time.0, false)
                        )
                    })
                })
                .take(20)
                .collect::<Vec<_>>()
        }))
    };
    let logs = move || {
        let Some(Inspect::Task { id, .. }) = selected.get() else {
            return Vec::new();
        };
        view_signal.with(|v| {
            v.tasks
                .iter()
                .filter(|t| t.arn.ends_with(&format!("/{id}")))
                .flat_map(|t| &t.container_logs)
                .flat_map(|c| {
                    c.lines
                        .iter()
                        .map(move |(_, line)| format!("{}: {line}", c.container))
                })
                .collect()
        })
    };
    view! {
        <Show when=move || selected.with(Option::is_some)>
            <section class="inspector" aria-labelledby="inspector-title" data-testid="inspector">
                <h3 id="inspector-title" tabindex="-1">
                    {move || selected.get().map(|s| format!("Inspecting {}", s.label())).unwrap_or_default()}
                    " "
                    <button type="button" class="secondary" on:click=move |_| selected.set(None)>"Close"</button>
                </h3>
                <p><code>{move || selected.get().map(|s| format!("$ {}", s.command())).unwrap_or_default()}</code></p>
                <p class="inspector-actions" role="group" aria-label="Make something happen">
                    {move || {
                        selected
                            .get()
                            .map(|s| s.actions())
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(label, command)| {
                                let title = format!("Runs: {command}");
                                view! {
                                    <button type="button" class="secondary" title=title on:click=move |_| sim.run_line(&command)>{label}</button>
                                    " "
                                }
                            })
                            .collect_view()
                    }}
                </p>
                <pre tabindex="0" data-testid="inspector-output">{move || output.get()}</pre>
                <h4>"Events about it"</h4>
                {move || match about() {
                    Some(lines) if !lines.is_empty() => view! {
                        <ul class="inspector-events">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    }.into_any(),
                    _ => view! { <p class="empty">"None kept."</p> }.into_any(),
                }}
                {move || {
                    let lines = logs();
                    (!lines.is_empty()).then(|| view! {
                        <h4>"What its containers wrote"</h4>
                        <pre tabindex="0">{lines.join("\n")}</pre>
                    })
                }}
            </section>
        </Show>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::{Sim, SimConfig};

    fn run(sim: &mut Sim, shell: &mut stevedore_cli::shell::Shell, line: &str) {
        let out = shell.run(sim, line);
        assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    }

    /// Lab `id`'s account after every step's reference solution.
    fn solved(id: &str) -> (Sim, stevedore_cli::shell::Shell) {
        let lab = stevedore_lessons::course()
            .labs
            .iter()
            .find(|l| l.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("lab {id}"));
        let started = stevedore_cli::labs::start(&lab).unwrap();
        let (mut sim, mut shell) = (started.sim, started.shell);
        for step in &lab.steps {
            for line in step.solution.text.lines().filter(|l| !l.trim().is_empty()) {
                run(&mut sim, &mut shell, line);
            }
        }
        (sim, shell)
    }

    #[test]
    fn the_default_vpc_its_zones_an_instance_and_fargate_tasks() {
        let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
        let empty = project(&sim.view());
        assert_eq!(empty.len(), 1, "the default VPC");
        assert!(empty[0].is_default && empty[0].internet_gateway);
        assert!(empty[0].azs.len() >= 2, "{:?}", empty[0].azs);
        assert!(
            empty[0]
                .azs
                .iter()
                .all(|az| az.subnets.iter().all(|s| s.public))
        );
        assert!(
            empty[0].azs.windows(2).all(|w| w[0].name < w[1].name),
            "AZs in order"
        );

        let mut shell = stevedore_cli::shell::Shell::new();
        for line in [
            "aws ecs create-cluster --cluster-name web",
            r#"aws ecs register-task-definition --family hello --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginxdemos/hello","essential":true}]'"#,
            "SUBNET=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b --query 'Subnets[0].SubnetId' --output text)",
            r#"aws ecs run-task --cluster web --task-definition hello --count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
            "sim advance 2m",
        ] {
            run(&mut sim, &mut shell, line);
        }
        let vpcs = project(&sim.view());
        let zone = |name: &str| vpcs[0].azs.iter().find(|az| az.name == name).unwrap();
        assert_eq!(zone("us-east-1b").fargate.len(), 2);
        assert!(zone("us-east-1a").fargate.is_empty());
        let task = &zone("us-east-1b").fargate[0];
        assert_eq!(task.definition, "hello:1");
        assert_eq!(task.last_status, "RUNNING");
        assert!(task.public_ip.is_some());

        run(
            &mut sim,
            &mut shell,
            "aws ecs stop-task --cluster web --task $(aws ecs list-tasks --cluster web --query 'taskArns[0]' --output text)",
        );
        run(&mut sim, &mut shell, "sim advance 2m");
        assert_eq!(
            project(&sim.view())[0]
                .azs
                .iter()
                .map(|az| az.fargate.len())
                .sum::<usize>(),
            1,
            "a stopped task leaves the diagram"
        );
    }

    #[test]
    fn tasks_waiting_for_capacity_are_listed_until_placed() {
        let lab = stevedore_lessons::course()
            .labs
            .iter()
            .find(|l| l.id == "cluster-auto-scaling")
            .cloned()
            .unwrap();
        let started = stevedore_cli::labs::start(&lab).unwrap();
        let (mut sim, mut shell) = (started.sim, started.shell);
        assert!(waiting(&sim.view()).is_empty());
        for line in lab.steps[0]
            .solution
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            run(&mut sim, &mut shell, line);
        }
        run(
            &mut sim,
            &mut shell,
            "aws ecs create-service --cluster DemoCluster --service-name api --task-definition api --desired-count 3",
        );
        let view = sim.view();
        let placed: usize = project(&view)
            .iter()
            .flat_map(|v| &v.azs)
            .flat_map(|az| &az.subnets)
            .flat_map(|s| &s.instances)
            .map(|i| i.tasks.len())
            .sum();
        let waiting_now = waiting(&view);
        assert!(!waiting_now.is_empty(), "some tasks do not fit");
        assert!(waiting_now.iter().all(|t| t.last_status == "PROVISIONING"));
        assert_eq!(placed + waiting_now.len(), 3, "every task drawn once");
        // The group is drawn in its VPC with the capacity provider that
        // scales it.
        let groups = |view: &View| -> Vec<AsgCard> {
            project(view).into_iter().flat_map(|v| v.groups).collect()
        };
        let before = groups(&view);
        assert_eq!(before.len(), 1, "{before:?}");
        assert_eq!(before[0].providers.len(), 1, "{before:?}");
        assert!(
            before[0].providers[0].contains("managed scaling, target 100%")
                && before[0].providers[0].ends_with("of cluster DemoCluster"),
            "{before:?}"
        );
        run(&mut sim, &mut shell, "sim advance 10m");
        let view = sim.view();
        assert!(
            waiting(&view).is_empty(),
            "the group grew and they were placed"
        );
        let after = groups(&view);
        assert!(after[0].desired > before[0].desired, "{before:?} {after:?}");
        assert_eq!(after[0].instances as u32, after[0].desired);
        assert_eq!(
            Inspect::AutoScalingGroup {
                name: after[0].name.clone()
            }
            .command(),
            format!(
                "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {}",
                after[0].name
            )
        );
    }

    /// Every event the inspector can show opens a resource whose describe
    /// runs (the timeline's "Inspect"), over labs that make tasks,
    /// services, alarms, scaling, target health, rules and emails.
    #[test]
    fn events_open_their_resource_in_the_inspector() {
        let mut kinds_opened = std::collections::BTreeSet::new();
        for id in [
            "alb-request-scaling",
            "cluster-auto-scaling",
            "scheduled-task",
            "stopped-task-email",
        ] {
            let (mut sim, mut shell) = solved(id);
            run(&mut sim, &mut shell, "sim advance 5m");
            for event in sim.drain_events() {
                let Some(pick) = Inspect::about(&event.kind) else {
                    continue;
                };
                let out = shell.run(&mut sim, &pick.command());
                assert!(out.is_ok(), "{event}: {}: {}", pick.command(), out.stderr);
                kinds_opened.insert(event.kind.parts().0);
            }
        }
        for kind in [
            "TaskStateChanged",
            "ServiceAction",
            "InstanceStateChanged",
            "ScalingActivity",
            "AlarmStateChanged",
            "ServiceScalingActivity",
            "TargetHealthChanged",
            "TargetInvoked",
        ] {
            assert!(
                kinds_opened.contains(kind),
                "{kind} not opened: {kinds_opened:?}"
            );
        }
    }

    #[test]
    fn queues_topics_and_the_inbox_are_in_the_lane() {
        let (mut sim, mut shell) = solved("stopped-task-email");
        for line in [
            "DLQ=$(aws sqs create-queue --queue-name jobs-dlq --query QueueUrl --output text)",
            "aws sqs create-queue --queue-name jobs --attributes '{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"arn:aws:sqs:us-east-1:123456789012:jobs-dlq\\\",\\\"maxReceiveCount\\\":\\\"3\\\"}\"}'",
            "Q=$(aws sqs get-queue-url --queue-name jobs --query QueueUrl --output text)",
            "aws sqs send-message --queue-url $Q --message-body one",
            "aws sqs send-message --queue-url $Q --message-body two",
            "aws sqs receive-message --queue-url $Q",
            "aws s3 mb s3://uploads-demo",
            "aws dynamodb create-table --table-name Orders --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH --billing-mode PAY_PER_REQUEST",
            "sim advance 10s",
            "aws dynamodb put-item --table-name Orders --item '{\"pk\":{\"S\":\"o-1\"}}'",
        ] {
            run(&mut sim, &mut shell, line);
        }
        let view = sim.view();
        let cards = outside(&view);
        let kinds: Vec<&str> = cards.iter().map(|c| c.kind).collect();
        // Rules first, then the queues by name, the topic, the inbox last.
        let at = |kind: &str| kinds.iter().position(|k| *k == kind).unwrap();
        assert!(at("EventBridge rule") < at("SQS queue"), "{kinds:?}");
        assert!(at("SQS queue") < at("SNS topic"), "{kinds:?}");
        assert!(at("SNS topic") < at("S3 bucket"), "{kinds:?}");
        assert!(at("S3 bucket") < at("DynamoDB table"), "{kinds:?}");
        let table = cards.iter().find(|c| c.kind == "DynamoDB table").unwrap();
        assert_eq!(table.state, "ACTIVE");
        assert!(
            table.trigger.starts_with("1 item · PAY_PER_REQUEST"),
            "{table:?}"
        );
        assert_eq!(table.targets, ["partition key pk (S)"]);
        assert_eq!(kinds.last(), Some(&"Inbox"), "{kinds:?}");
        let jobs = cards.iter().find(|c| c.name == "jobs").unwrap();
        assert_eq!(jobs.state, "1 visible");
        assert_eq!(jobs.trigger, "1 in flight · 0 delayed");
        assert_eq!(
            jobs.targets,
            ["dead-letter queue jobs-dlq after 3 receives"]
        );
        let url = match &jobs.pick {
            Inspect::Queue { url, .. } => url.clone(),
            other => panic!("{other:?}"),
        };
        assert!(
            jobs.pick
                .actions()
                .iter()
                .any(|(_, c)| *c == format!("aws sqs receive-message --queue-url {url}"))
        );
        let topic = cards.iter().find(|c| c.kind == "SNS topic").unwrap();
        assert!(
            topic
                .targets
                .iter()
                .any(|t| t.starts_with("email ") && t.ends_with(" · Confirmed")),
            "{topic:?}"
        );
        let bucket = cards.iter().find(|c| c.kind == "S3 bucket").unwrap();
        assert_eq!(
            (bucket.name.as_str(), bucket.state.as_str()),
            ("uploads-demo", "0 objects")
        );
        let inbox = cards.last().unwrap();
        assert_eq!(
            inbox.state,
            format!(
                "{} email{}",
                view.inbox.len(),
                if view.inbox.len() == 1 { "" } else { "s" }
            )
        );
        assert!(inbox.trigger.contains(&view.inbox.last().unwrap().subject));
        // Every card's describe runs on the account, and only reads.
        for card in &cards {
            let before = sim.state_fingerprint();
            let out = shell.run(&mut sim, &card.pick.command());
            assert!(out.is_ok(), "{}: {}", card.pick.command(), out.stderr);
            assert_eq!(before, sim.state_fingerprint(), "{}", card.pick.command());
        }
        for card in cards.iter().filter(|c| c.kind != "Inbox") {
            for (label, command) in card.pick.actions() {
                let out = shell.run(&mut sim, &command);
                assert!(out.is_ok(), "{label}: {command}: {}", out.stderr);
            }
        }
        // The upload landed.
        let view = sim.view();
        let bucket = outside(&view)
            .into_iter()
            .find(|c| c.kind == "S3 bucket")
            .unwrap();
        assert_eq!(bucket.state, "1 object");
    }

    #[test]
    fn rules_and_schedules_are_in_the_lane_outside_the_vpc() {
        let lab = stevedore_lessons::course()
            .labs
            .iter()
            .find(|l| {
                l.steps
                    .iter()
                    .any(|s| s.solution.text.contains("aws scheduler create-schedule"))
            })
            .cloned()
            .expect("a lab with a schedule");
        let started = stevedore_cli::labs::start(&lab).unwrap();
        let (mut sim, mut shell) = (started.sim, started.shell);
        // The lab's account starts with the bucket its task lists, no more.
        assert!(
            outside(&sim.view()).iter().all(|c| c.kind == "S3 bucket"),
            "{:?}",
            outside(&sim.view())
        );
        for step in &lab.steps {
            for line in step.solution.text.lines().filter(|l| !l.trim().is_empty()) {
                run(&mut sim, &mut shell, line);
            }
        }
        let view = sim.view();
        let cards = outside(&view);
        assert_eq!(
            cards.len(),
            view.rules.len() + view.schedules.len() + view.buckets.len()
        );
        let rule = cards.iter().find(|c| c.kind == "EventBridge rule").unwrap();
        assert!(
            rule.trigger.starts_with("schedule rate(")
                || rule.trigger.starts_with("schedule cron("),
            "{rule:?}"
        );
        let schedule = cards
            .iter()
            .find(|c| c.kind == "EventBridge Scheduler schedule")
            .unwrap();
        assert!(schedule.targets[0].starts_with("runs 1 × "), "{schedule:?}");
        assert!(schedule.targets[0].contains(" on cluster "), "{schedule:?}");
    }

    #[test]
    fn load_balancers_their_rules_and_target_health() {
        let (mut sim, mut shell) = solved("alb-service");
        let vpcs = project(&sim.view());
        let lbs = &vpcs[0].load_balancers;
        assert_eq!(lbs.len(), 1);
        let lb = &lbs[0];
        assert_eq!(
            (lb.name.as_str(), lb.kind, lb.state.as_str()),
            ("DemoALBForECS", "ALB", "active")
        );
        assert_eq!(lb.zones, ["us-east-1a", "us-east-1b"]);
        assert_eq!(lb.rules, ["HTTP 80: default → forward to nginx-ecs"]);
        let tg = &lb.target_groups[0];
        assert_eq!(tg.name, "nginx-ecs");
        assert_eq!(tg.targets.len(), 3);
        assert!(
            tg.targets
                .iter()
                .all(|(_, state, why)| state == "healthy" && why.is_none()),
            "{:?}",
            tg.targets
        );

        // A target group no listener uses is not drawn under the load
        // balancer; a scaled-in task drains.
        run(
            &mut sim,
            &mut shell,
            "aws ecs update-service --cluster DemoCluster --service nginxdemos --desired-count 2",
        );
        run(&mut sim, &mut shell, "sim advance 1s");
        let vpcs = project(&sim.view());
        let states: Vec<&str> = vpcs[0].load_balancers[0].target_groups[0]
            .targets
            .iter()
            .map(|(_, s, _)| s.as_str())
            .collect();
        assert_eq!(
            states.iter().filter(|s| **s == "draining").count(),
            1,
            "{states:?}"
        );
    }

    #[test]
    fn file_systems_are_outside_cards_with_their_mount_targets() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        for line in [
            "FS=$(aws efs create-file-system --creation-token notes --tags Key=Name,Value=notes --query FileSystemId --output text)",
            "sim advance 5s",
            "A=$(aws ec2 describe-subnets --query \"Subnets[?AvailabilityZone=='us-east-1a'].SubnetId\" --output text)",
            "aws efs create-mount-target --file-system-id $FS --subnet-id $A",
            "aws efs create-access-point --file-system-id $FS --root-directory Path=/notes",
        ] {
            run(&mut sim, &mut shell, line);
        }
        let cards = outside(&sim.view());
        let card = cards.iter().find(|c| c.kind == "EFS file system").unwrap();
        assert!(card.name.starts_with("notes (fs-"), "{card:?}");
        assert_eq!(card.state, "available");
        assert_eq!(card.targets.len(), 2, "{card:?}");
        assert!(
            card.targets[0].starts_with("mount target us-east-1a · subnet-")
                && card.targets[0].contains(" · creating · sg-"),
            "{card:?}"
        );
        assert!(card.targets[1].ends_with(" · /notes"), "{card:?}");
        let Inspect::FileSystem { id } = &card.pick else {
            panic!("{card:?}");
        };
        assert_eq!(
            card.pick.command(),
            format!("aws efs describe-mount-targets --file-system-id {id}")
        );
    }
}
