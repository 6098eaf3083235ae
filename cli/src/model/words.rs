//! Our own words for the `aws` command line, kept apart from the facts
//! generated from botocore (the sibling files): per operation, in the order
//! `aws <service> help` lists them, a one-line summary and the options the
//! simulator models, one a line: the option, spaces, its help text.
//!
//! An option the AWS CLI has but this table does not list is refused with a
//! plain "not simulated yet" message (never ignored): list it here once the
//! engine takes its member (a unit test checks both ways).

use super::Words;
use stevedore_engine::Service::*;

pub(super) static WORDS: &[Words] = &[
    Words {
        service: Ecs,
        api: "CreateCluster",
        summary: "Creates a new Amazon ECS cluster (named `default` if no name is given).",
        options: r#"
            --cluster-name                        Up to 255 letters, numbers, hyphens and underscores.
            --tags                                key=string,value=string ...
            --settings                            name=containerInsights,value=enabled|disabled|enhanced
            --capacity-providers                  Capacity provider names: FARGATE, FARGATE_SPOT, or ones from create-capacity-provider (at most 20).
            --default-capacity-provider-strategy  capacityProvider=string,weight=integer,base=integer ...
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeClusters",
        summary: "Describes one or more clusters; unknown ones are listed under failures.",
        options: r#"
            --clusters  Up to 100 cluster names or ARNs (default: default).
            --include   ATTACHMENTS | CONFIGURATIONS | SETTINGS | STATISTICS | TAGS
        "#,
    },
    Words {
        service: Ecs,
        api: "ListClusters",
        summary: "Lists the ARNs of your ACTIVE clusters.",
        options: "",
    },
    Words {
        service: Ecs,
        api: "DeleteCluster",
        summary: "Deletes an empty cluster (it becomes INACTIVE).",
        options: r#"
            --cluster  The short name or full ARN of the cluster.
        "#,
    },
    Words {
        service: Ecs,
        api: "CreateCapacityProvider",
        summary: "Creates an Auto Scaling group capacity provider (managed scaling is not simulated yet).",
        options: r#"
            --name                         Up to 255 letters, numbers, hyphens and underscores; not starting with aws, ecs or fargate.
            --auto-scaling-group-provider  autoScalingGroupArn=arn,managedScaling={status=DISABLED},managedTerminationProtection=DISABLED
            --tags                         key=string,value=string ...
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeCapacityProviders",
        summary: "Describes capacity providers (all of them, FARGATE and FARGATE_SPOT included, if none is named).",
        options: r#"
            --capacity-providers  Names or ARNs.
            --include             TAGS
            --max-results         1 to 10.
        "#,
    },
    Words {
        service: Ecs,
        api: "UpdateCapacityProvider",
        summary: "Changes an Auto Scaling group capacity provider's managed settings.",
        options: r#"
            --name                         Name or ARN.
            --auto-scaling-group-provider  managedScaling={status=DISABLED},managedTerminationProtection=DISABLED,managedDraining=DISABLED
        "#,
    },
    Words {
        service: Ecs,
        api: "DeleteCapacityProvider",
        summary: "Deletes a capacity provider no cluster uses (DELETE_FAILED while one does).",
        options: r#"
            --capacity-provider  Name or ARN.
        "#,
    },
    Words {
        service: Ecs,
        api: "PutClusterCapacityProviders",
        summary: "Replaces a cluster's capacity providers and default capacity provider strategy.",
        options: r#"
            --cluster                             Cluster name or ARN.
            --capacity-providers                  Every provider the cluster should have (omitted ones are removed).
            --default-capacity-provider-strategy  capacityProvider=string,weight=integer,base=integer ... ('[]' for none)
        "#,
    },
    Words {
        service: Ecs,
        api: "UpdateClusterSettings",
        summary: "Changes a cluster's settings: containerInsights (CloudWatch Container Insights).",
        options: r#"
            --cluster   Cluster name or ARN.
            --settings  name=containerInsights,value=enabled|enhanced|disabled
        "#,
    },
    Words {
        service: Ecs,
        api: "RegisterTaskDefinition",
        summary: "Registers a new revision of a task definition family.",
        options: r#"
            --family                    Up to 255 letters, numbers, hyphens and underscores.
            --task-role-arn             The IAM role the containers use for AWS API calls.
            --execution-role-arn        The IAM role ECS uses to pull images and send logs.
            --network-mode              bridge | host | awsvpc | none (Fargate: awsvpc).
            --container-definitions     JSON list of container definitions (name, image, memory, portMappings, ...).
            --volumes                   JSON list of volumes: [{"name": "data", "host": {"sourcePath": "/srv"}}].
            --placement-constraints     type=memberOf,expression=string ...
            --requires-compatibilities  EC2 | FARGATE
            --cpu                       Task CPU units ("256") or vCPU ("0.25 vCPU").
            --memory                    Task memory in MiB ("512") or GB ("0.5 GB").
            --tags                      key=string,value=string ...
            --pid-mode                  host | task
            --ipc-mode                  host | task | none
            --ephemeral-storage         {"sizeInGiB": 21..200} (Fargate).
            --runtime-platform          cpuArchitecture=X86_64|ARM64,operatingSystemFamily=LINUX
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeTaskDefinition",
        summary: "Describes a task definition: family (latest ACTIVE), family:revision or ARN.",
        options: r#"
            --task-definition  family, family:revision or full ARN.
            --include          TAGS
        "#,
    },
    Words {
        service: Ecs,
        api: "ListTaskDefinitions",
        summary: "Lists task definition ARNs (ACTIVE by default).",
        options: r#"
            --family-prefix  The full family name (only its revisions are listed).
            --status         ACTIVE | INACTIVE | DELETE_IN_PROGRESS
            --sort           ASC | DESC
        "#,
    },
    Words {
        service: Ecs,
        api: "ListTaskDefinitionFamilies",
        summary: "Lists task definition family names.",
        options: r#"
            --family-prefix  The full family name (only its revisions are listed).
            --status         ACTIVE | INACTIVE | ALL
        "#,
    },
    Words {
        service: Ecs,
        api: "DeregisterTaskDefinition",
        summary: "Marks a task definition revision INACTIVE.",
        options: r#"
            --task-definition  family:revision or full ARN.
        "#,
    },
    Words {
        service: Ecs,
        api: "DeleteTaskDefinitions",
        summary: "Deletes INACTIVE task definition revisions (they become DELETE_IN_PROGRESS).",
        options: r#"
            --task-definitions  Up to 10 family:revision or ARNs.
        "#,
    },
    Words {
        service: Ecs,
        api: "PutAccountSetting",
        summary: "Sets an account setting for you (the root user: the account default) or for --principal-arn. Only awsvpcTrunking has an effect in the simulator.",
        options: r#"
            --name           awsvpcTrunking (simulated) | serviceLongArnFormat | taskLongArnFormat | containerInstanceLongArnFormat | containerInsights | fargateFIPSMode | tagResourceAuthorization | fargateTaskRetirementWaitPeriod | guardDutyActivate | defaultLogDriverMode | fargateEventWindows
            --value          enabled | disabled (containerInsights: also enhanced; tagResourceAuthorization: on | off; fargateTaskRetirementWaitPeriod: 0 | 7 | 14; defaultLogDriverMode: blocking | non-blocking)
            --principal-arn  arn:aws:iam::ACCOUNT:root, …:user/NAME or …:role/NAME (default: you).
        "#,
    },
    Words {
        service: Ecs,
        api: "PutAccountSettingDefault",
        summary: "Sets an account setting for every user and role that has no setting of its own.",
        options: r#"
            --name   The setting name (see put-account-setting).
            --value  The value (see put-account-setting).
        "#,
    },
    Words {
        service: Ecs,
        api: "ListAccountSettings",
        summary: "Lists account settings set for a principal, or with --effective-settings the values in force.",
        options: r#"
            --name                Only this setting.
            --value               Only settings with this value (needs --name).
            --principal-arn       The user or role to list for (default: you).
            --effective-settings  Show the value in force for every setting (own, else the account default, else AWS's).
        "#,
    },
    Words {
        service: Ecs,
        api: "DeleteAccountSetting",
        summary: "Deletes a principal's own account setting (it falls back to the account default).",
        options: r#"
            --name           The setting name.
            --principal-arn  The user or role (default: you).
        "#,
    },
    Words {
        service: Iam,
        api: "CreateRole",
        summary: "Creates a role with a trust policy saying who may assume it.",
        options: r#"
            --path                         / by default.
            --role-name                    Up to 64 letters, numbers and +=,.@_-
            --assume-role-policy-document  The trust policy, as JSON text.
            --description                  Up to 1000 characters.
            --max-session-duration         3600..43200 seconds.
            --tags                         Key=string,Value=string ...
        "#,
    },
    Words {
        service: Iam,
        api: "GetRole",
        summary: "Describes a role.",
        options: r#"
            --role-name  The role's name.
        "#,
    },
    Words {
        service: Iam,
        api: "ListRoles",
        summary: "Lists the account's roles.",
        options: r#"
            --path-prefix  / by default.
        "#,
    },
    Words {
        service: Iam,
        api: "DeleteRole",
        summary: "Deletes a role with no policies and no instance profile.",
        options: r#"
            --role-name  The role's name.
        "#,
    },
    Words {
        service: Iam,
        api: "AttachRolePolicy",
        summary: "Attaches an AWS managed policy to a role.",
        options: r#"
            --role-name   The role's name.
            --policy-arn  e.g. arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
        "#,
    },
    Words {
        service: Iam,
        api: "DetachRolePolicy",
        summary: "Detaches a managed policy from a role.",
        options: r#"
            --role-name   The role's name.
            --policy-arn  The policy ARN.
        "#,
    },
    Words {
        service: Iam,
        api: "ListAttachedRolePolicies",
        summary: "Lists the managed policies attached to a role.",
        options: r#"
            --role-name    The role's name.
            --path-prefix  / by default.
        "#,
    },
    Words {
        service: Iam,
        api: "PutRolePolicy",
        summary: "Adds or replaces an inline policy of a role.",
        options: r#"
            --role-name        The role's name.
            --policy-name      The inline policy's name.
            --policy-document  The policy, as JSON text.
        "#,
    },
    Words {
        service: Iam,
        api: "GetRolePolicy",
        summary: "Shows an inline policy of a role.",
        options: r#"
            --role-name    The role's name.
            --policy-name  The inline policy's name.
        "#,
    },
    Words {
        service: Iam,
        api: "DeleteRolePolicy",
        summary: "Deletes an inline policy of a role.",
        options: r#"
            --role-name    The role's name.
            --policy-name  The inline policy's name.
        "#,
    },
    Words {
        service: Iam,
        api: "ListRolePolicies",
        summary: "Lists the names of a role's inline policies.",
        options: r#"
            --role-name  The role's name.
        "#,
    },
    Words {
        service: Iam,
        api: "CreateInstanceProfile",
        summary: "Creates an instance profile (a container for one role, for EC2 instances).",
        options: r#"
            --instance-profile-name  Up to 128 letters, numbers and +=,.@_-
            --path                   / by default.
            --tags                   Key=string,Value=string ...
        "#,
    },
    Words {
        service: Iam,
        api: "GetInstanceProfile",
        summary: "Describes an instance profile and its role.",
        options: r#"
            --instance-profile-name  The instance profile's name.
        "#,
    },
    Words {
        service: Iam,
        api: "AddRoleToInstanceProfile",
        summary: "Puts a role in an instance profile (one role per profile).",
        options: r#"
            --instance-profile-name  The instance profile's name.
            --role-name              The role's name.
        "#,
    },
    Words {
        service: Iam,
        api: "RemoveRoleFromInstanceProfile",
        summary: "Takes a role out of an instance profile.",
        options: r#"
            --instance-profile-name  The instance profile's name.
            --role-name              The role's name.
        "#,
    },
    Words {
        service: Iam,
        api: "DeleteInstanceProfile",
        summary: "Deletes an instance profile that holds no role.",
        options: r#"
            --instance-profile-name  The instance profile's name.
        "#,
    },
    Words {
        service: Ecs,
        api: "ListContainerInstances",
        summary: "Lists the container instances of a cluster (every status but INACTIVE unless --status says otherwise).",
        options: r#"
            --cluster  Cluster name or ARN (default: default).
            --filter   A cluster query language expression, e.g. "attribute:ecs.instance-type == t2.micro".
            --status   ACTIVE | DRAINING | REGISTERING | DEREGISTERING | REGISTRATION_FAILED
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeContainerInstances",
        summary: "Describes container instances: registered and remaining CPU, memory and ports, status, attributes.",
        options: r#"
            --cluster              Cluster name or ARN (default: default).
            --container-instances  Container instance ids or ARNs.
        "#,
    },
    Words {
        service: Ecs,
        api: "DeregisterContainerInstance",
        summary: "Removes a container instance from its cluster (--force stops its tasks).",
        options: r#"
            --cluster             Cluster name or ARN (default: default).
            --container-instance  Container instance id or ARN.
            --force               Deregister even if tasks are running (--no-force).
        "#,
    },
    Words {
        service: Ecs,
        api: "UpdateContainerInstancesState",
        summary: "Sets container instances to DRAINING or back to ACTIVE.",
        options: r#"
            --cluster              Cluster name or ARN (default: default).
            --container-instances  Container instance ids or ARNs.
            --status               ACTIVE | DRAINING
        "#,
    },
    Words {
        service: Ecs,
        api: "RunTask",
        summary: "Starts tasks from a task definition on EC2 container instances (placed by strategy and constraints) or on Fargate.",
        options: r#"
            --cluster                     Cluster name or ARN (default: default).
            --task-definition             family, family:revision or ARN.
            --count                       1 to 10 tasks.
            --launch-type                 EC2 | FARGATE
            --network-configuration       awsvpcConfiguration={subnets=[subnet-…],securityGroups=[sg-…],assignPublicIp=ENABLED} (JSON)
            --placement-strategy          type=binpack,field=memory type=spread,field=attribute:ecs.availability-zone ...
            --placement-constraints       type=distinctInstance | type=memberOf,expression="…"
            --started-by                  A label for ListTasks --started-by.
            --group                       Task group (default family:<family>).
            --platform-version            Fargate: LATEST (1.4.0).
            --capacity-provider-strategy  capacityProvider=string,weight=integer,base=integer ... (not with --launch-type)
        "#,
    },
    Words {
        service: Ecs,
        api: "StartTask",
        summary: "Starts a task on each named container instance.",
        options: r#"
            --cluster                Cluster name or ARN (default: default).
            --task-definition        family, family:revision or ARN.
            --container-instances    Up to 10 container instance ids or ARNs.
            --network-configuration  awsvpcConfiguration (JSON)
            --started-by             A label.
            --group                  Task group.
        "#,
    },
    Words {
        service: Ecs,
        api: "StopTask",
        summary: "Stops a task (stopCode UserInitiated).",
        options: r#"
            --cluster  Cluster name or ARN (default: default).
            --task     Task id or ARN.
            --reason   Shown as stoppedReason (default: Task stopped by user).
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeTasks",
        summary: "Describes tasks: lastStatus, desiredStatus, containers, stopCode and stoppedReason.",
        options: r#"
            --cluster  Cluster name or ARN (default: default).
            --tasks    Up to 100 task ids or ARNs.
        "#,
    },
    Words {
        service: Ecs,
        api: "ListTasks",
        summary: "Lists task ARNs (desired status RUNNING unless --desired-status says otherwise).",
        options: r#"
            --cluster             Cluster name or ARN (default: default).
            --container-instance  Only tasks on this instance.
            --family              Only tasks of this family.
            --started-by          Only tasks with this startedBy.
            --service-name        Only tasks of this service.
            --desired-status      RUNNING | PENDING | STOPPED
            --launch-type         EC2 | FARGATE
        "#,
    },
    Words {
        service: Ecs,
        api: "CreateService",
        summary: "Creates a service: REPLICA keeps desiredCount tasks running, DAEMON one task per container instance.",
        options: r#"
            --cluster                            Cluster name or ARN (default: default).
            --service-name                       The service name.
            --task-definition                    family, family:revision or ARN.
            --desired-count                      Tasks to keep running (REPLICA only).
            --launch-type                        EC2 | FARGATE
            --network-configuration              awsvpcConfiguration (JSON)
            --placement-strategy                 type=spread,field=attribute:ecs.availability-zone ...
            --placement-constraints              type=distinctInstance ...
            --load-balancers                     targetGroupArn=arn,containerName=web,containerPort=80 ... (at most 5; an ip target group for awsvpc tasks)
            --scheduling-strategy                REPLICA (default) | DAEMON (one task per container instance; no --desired-count or --placement-strategy; not on Fargate)
            --deployment-configuration           Rolling update settings as JSON (nested, so not shorthand): {"maximumPercent":200,"minimumHealthyPercent":100,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}
            --capacity-provider-strategy         capacityProvider=string,weight=integer,base=integer ... (not with --launch-type)
            --health-check-grace-period-seconds  Seconds after a task starts during which the scheduler ignores its health checks (default 0).
        "#,
    },
    Words {
        service: Ecs,
        api: "DescribeServices",
        summary: "Describes services: desired, running and pending counts, events.",
        options: r#"
            --cluster   Cluster name or ARN (default: default).
            --services  Up to 10 service names or ARNs.
        "#,
    },
    Words {
        service: Ecs,
        api: "ListServices",
        summary: "Lists the ARNs of a cluster's services.",
        options: r#"
            --cluster              Cluster name or ARN (default: default).
            --launch-type          EC2 | FARGATE
            --scheduling-strategy  REPLICA | DAEMON
        "#,
    },
    Words {
        service: Ecs,
        api: "UpdateService",
        summary: "Changes a service's desired count, task definition (rolling deployment) or deployment configuration.",
        options: r#"
            --cluster                            Cluster name or ARN (default: default).
            --service                            Service name or ARN.
            --desired-count                      Tasks to keep running.
            --task-definition                    A new revision: starts a rolling deployment.
            --force-new-deployment               Redeploy the same revision (--no-force-new-deployment).
            --deployment-configuration           Rolling update settings as JSON (nested, so not shorthand): {"maximumPercent":200,"minimumHealthyPercent":100,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}
            --health-check-grace-period-seconds  Seconds after a task starts during which the scheduler ignores its health checks.
            --capacity-provider-strategy         A new strategy: starts a rolling deployment.
            --load-balancers                     New target groups (targetGroupArn=…,containerName=…,containerPort=…; [] removes them): starts a rolling deployment whose tasks register in them.
        "#,
    },
    Words {
        service: Ecs,
        api: "DeleteService",
        summary: "Deletes a service scaled to 0 (or with --force).",
        options: r#"
            --cluster  Cluster name or ARN (default: default).
            --service  Service name or ARN.
            --force    Delete even if scaled above 0.
        "#,
    },
    Words {
        service: Ec2,
        api: "CreateVpc",
        summary: "Creates a VPC with an IPv4 block between /16 and /28.",
        options: r#"
            --cidr-block        e.g. 10.0.0.0/16
            --instance-tenancy  default
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeVpcs",
        summary: "Describes VPCs (filters: vpc-id, is-default, cidr, cidr-block).",
        options: r#"
            --vpc-ids  VPC ids.
            --filters  Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "CreateSubnet",
        summary: "Creates a subnet inside a VPC's block in one Availability Zone.",
        options: r#"
            --vpc-id             The VPC.
            --cidr-block         e.g. 10.0.1.0/24 (inside the VPC, not overlapping).
            --availability-zone  e.g. us-east-1a
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeSubnets",
        summary: "Describes subnets (filters: vpc-id, subnet-id, availability-zone, default-for-az).",
        options: r#"
            --subnet-ids  Subnet ids.
            --filters     Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeNetworkInterfaces",
        summary: "Describes the ENIs of awsvpc tasks (Association.PublicIp: a Fargate task's public IP).",
        options: r#"
            --network-interface-ids  ENI ids.
            --filters                Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "CreateSecurityGroup",
        summary: "Creates a security group: no inbound rules, all outbound traffic allowed.",
        options: r#"
            --description  What the group is for.
            --group-name   Unique in its VPC; not sg-*.
            --vpc-id       The VPC (default: the default VPC).
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeSecurityGroups",
        summary: "Describes security groups and their rules (filters: vpc-id, group-name, group-id).",
        options: r#"
            --group-ids    Group ids.
            --group-names  Group names (default VPC).
            --filters      Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "AuthorizeSecurityGroupIngress",
        summary: "Adds inbound rules: --ip-permissions, or --protocol/--port with --cidr or --source-group.",
        options: r#"
            --group-id        The group to change.
            --group-name      The group to change, by name (default VPC).
            --ip-permissions  JSON: [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
            --protocol        tcp | udp | icmp | all (or a number)
            --port            A port (80) or range (8000-8080); -1 for all.
            --cidr            Source IPv4 CIDR, e.g. 0.0.0.0/0
            --source-group    Source security group id (sg-…) or name.
        "#,
    },
    Words {
        service: Ec2,
        api: "RevokeSecurityGroupIngress",
        summary: "Removes inbound rules (named exactly as they were added).",
        options: r#"
            --group-id        The group to change.
            --group-name      The group to change, by name (default VPC).
            --ip-permissions  JSON: [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
            --protocol        tcp | udp | icmp | all (or a number)
            --port            A port (80) or range (8000-8080); -1 for all.
            --cidr            Source IPv4 CIDR, e.g. 0.0.0.0/0
            --source-group    Source security group id (sg-…) or name.
        "#,
    },
    Words {
        service: Ec2,
        api: "DeleteSecurityGroup",
        summary: "Deletes a security group no instance uses and no other group references.",
        options: r#"
            --group-id    The group id.
            --group-name  The group name (default VPC).
        "#,
    },
    Words {
        service: Ec2,
        api: "CreateLaunchTemplate",
        summary: "Creates a launch template (ImageId, InstanceType, IamInstanceProfile, SecurityGroupIds, UserData).",
        options: r#"
            --launch-template-name  3-128 characters.
            --launch-template-data  JSON: {"ImageId": "ami-…", "InstanceType": "t2.micro", "UserData": "<base64>", …}
            --version-description   A description of version 1.
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeLaunchTemplates",
        summary: "Describes launch templates.",
        options: r#"
            --launch-template-ids    Template ids.
            --launch-template-names  Template names.
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeInstances",
        summary: "Describes EC2 instances (filters: instance-id, instance-state-name, instance-type, subnet-id, vpc-id, availability-zone, tag:aws:autoscaling:groupName).",
        options: r#"
            --instance-ids  Instance ids.
            --filters       Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "DescribeImages",
        summary: "Describes the public AMIs the simulator has: the Amazon ECS-optimized and Amazon Linux AMIs (filters: name, architecture, image-id, owner-alias, owner-id, state, description; * and ? wildcards).",
        options: r#"
            --image-ids  AMI ids.
            --owners     amazon, self, or account ids.
            --filters    Name=string,Values=string,string ...
        "#,
    },
    Words {
        service: Ec2,
        api: "TerminateInstances",
        summary: "Terminates instances (an Auto Scaling group replaces its own).",
        options: r#"
            --instance-ids  Instance ids.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "CreateAutoScalingGroup",
        summary: "Creates an Auto Scaling group that keeps DesiredCapacity instances of a launch template across its subnets.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --launch-template          LaunchTemplateName=string,Version=$Latest
            --min-size                 Minimum instances.
            --max-size                 Maximum instances.
            --desired-capacity         Instances to keep (default: min size).
            --vpc-zone-identifier      "subnet-a,subnet-b"
            --availability-zones       Zones (their default subnets).
            --health-check-type        EC2
            --new-instances-protected-from-scale-in  New instances start protected from scale-in.
            --default-instance-warmup  Seconds a new instance warms up after InService before its metrics count.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "UpdateAutoScalingGroup",
        summary: "Changes a group's sizes, launch template or subnets; it then launches or terminates instances.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --launch-template          LaunchTemplateName=string,Version=$Latest
            --min-size                 Minimum instances.
            --max-size                 Maximum instances.
            --desired-capacity         Instances to keep.
            --vpc-zone-identifier      "subnet-a,subnet-b"
            --health-check-type        EC2
            --new-instances-protected-from-scale-in  Instances launched from now on start protected (--no-… to stop).
            --default-instance-warmup  Seconds of warm-up for new instances (-1 removes it).
        "#,
    },
    Words {
        service: AutoScaling,
        api: "SetDesiredCapacity",
        summary: "Sets how many instances the group keeps (between min and max).",
        options: r#"
            --auto-scaling-group-name  The group name.
            --desired-capacity         Instances to keep.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "SetInstanceProtection",
        summary: "Protects instances of a group from scale-in (a scale-in never terminates them), or lifts it.",
        options: r#"
            --instance-ids             Instances of the group (1 to 50).
            --auto-scaling-group-name  The group name.
            --protected-from-scale-in  Protect (--no-protected-from-scale-in lifts it).
        "#,
    },
    Words {
        service: AutoScaling,
        api: "PutScalingPolicy",
        summary: "Creates or replaces a scaling policy of a group: target tracking (with its two alarms), step or simple scaling (invoked by your CloudWatch alarm or ExecutePolicy).",
        options: r#"
            --auto-scaling-group-name        The group name.
            --policy-name                    The policy name.
            --policy-type                    SimpleScaling (default), StepScaling or TargetTrackingScaling.
            --adjustment-type                ChangeInCapacity, ExactCapacity or PercentChangeInCapacity.
            --scaling-adjustment             Simple scaling: the adjustment.
            --cooldown                       Simple scaling: seconds before it acts again (default: 300).
            --min-adjustment-magnitude       PercentChangeInCapacity: at least this many instances.
            --metric-aggregation-type        Step scaling: Average, Minimum or Maximum.
            --step-adjustments               MetricIntervalLowerBound=0,MetricIntervalUpperBound=10,ScalingAdjustment=1 ...
            --estimated-instance-warmup      Seconds a new instance warms up.
            --target-tracking-configuration  {"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":50}
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DeletePolicy",
        summary: "Deletes a scaling policy (a target tracking policy's alarms go with it; your alarms stay).",
        options: r#"
            --auto-scaling-group-name  The group name.
            --policy-name              Name or ARN.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "ExecutePolicy",
        summary: "Runs a simple or step scaling policy now, as its alarm would.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --policy-name              Name or ARN.
            --honor-cooldown           Simple scaling: do nothing within its cooldown.
            --metric-value             Step scaling: the metric's value.
            --breach-threshold         Step scaling: the threshold it is compared with.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DescribePolicies",
        summary: "Describes scaling policies: the target tracking policy ECS cluster auto scaling keeps on a capacity provider's group, with its alarms.",
        options: r#"
            --auto-scaling-group-name  Only this group's policies.
            --policy-names             Names or ARNs.
            --policy-types             SimpleScaling, StepScaling, TargetTrackingScaling, PredictiveScaling.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DescribeAutoScalingGroups",
        summary: "Describes Auto Scaling groups and their instances.",
        options: r#"
            --auto-scaling-group-names  Group names (default: all).
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DeleteAutoScalingGroup",
        summary: "Deletes an empty group; --force-delete terminates its instances first.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --force-delete             Terminate the instances too (--no-force-delete).
        "#,
    },
    Words {
        service: AutoScaling,
        api: "TerminateInstanceInAutoScalingGroup",
        summary: "Terminates one instance of a group, lowering the desired capacity or replacing it.",
        options: r#"
            --instance-id                        The instance.
            --should-decrement-desired-capacity  --should-decrement-desired-capacity | --no-should-decrement-desired-capacity
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DescribeScalingActivities",
        summary: "Lists a group's launches and terminations, newest first.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --activity-ids             Activity ids.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "PutScheduledUpdateGroupAction",
        summary: "Creates or replaces a scheduled action: new bounds and/or desired capacity, once at a start time or on a cron recurrence.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --scheduled-action-name    Up to 255 characters (the same name replaces the action).
            --time                     Deprecated name of --start-time.
            --start-time               2026-01-05T09:00:00Z: a one-time action runs then; a recurring one starts then.
            --end-time                 A recurring action stops after it.
            --recurrence               A Unix cron expression in quotes: "0 9 * * 1-5" (minute hour day month weekday).
            --min-size                 The new minimum.
            --max-size                 The new maximum.
            --desired-capacity         The new desired capacity.
            --time-zone                An IANA time zone for the recurrence (default UTC), such as Europe/Paris.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DescribeScheduledActions",
        summary: "Lists the scheduled actions that have not run out, with their next start time.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --scheduled-action-names   Names (the times below are then ignored).
            --start-time               Only actions starting at or after this time.
            --end-time                 Only actions starting at or before this time.
        "#,
    },
    Words {
        service: AutoScaling,
        api: "DeleteScheduledAction",
        summary: "Deletes a scheduled action.",
        options: r#"
            --auto-scaling-group-name  The group name.
            --scheduled-action-name    The action.
        "#,
    },
    Words {
        service: Ecr,
        api: "CreateRepository",
        summary: "Creates a private repository (a lowercase name; MUTABLE tags and AES256 encryption by default).",
        options: r#"
            --registry-id                             The AWS account ID of the registry (default: yours).
            --repository-name                         2-256 characters: lowercase letters, numbers, . _ - and / for namespaces.
            --tags                                    Key=string,Value=string ...
            --image-tag-mutability                    MUTABLE | IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION
            --image-tag-mutability-exclusion-filters  filterType=WILDCARD,filter=string ...
            --image-scanning-configuration            scanOnPush=true|false
            --encryption-configuration                encryptionType=AES256|KMS|KMS_DSSE,kmsKey=string
        "#,
    },
    Words {
        service: Ecr,
        api: "DescribeRepositories",
        summary: "Describes repositories (all of them, or the ones named).",
        options: r#"
            --registry-id       The AWS account ID of the registry (default: yours).
            --repository-names  Up to 100 repository names.
        "#,
    },
    Words {
        service: Ecr,
        api: "DeleteRepository",
        summary: "Deletes a repository; with --force also the images in it.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --force            Delete the repository even if it contains images.
        "#,
    },
    Words {
        service: Ecr,
        api: "PutImageTagMutability",
        summary: "Sets whether image tags can be overwritten.",
        options: r#"
            --registry-id                             The AWS account ID of the registry (default: yours).
            --repository-name                         The repository name, e.g. team-a/web-app.
            --image-tag-mutability                    MUTABLE | IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION
            --image-tag-mutability-exclusion-filters  filterType=WILDCARD,filter=string ...
        "#,
    },
    Words {
        service: Ecr,
        api: "PutImageScanningConfiguration",
        summary: "Turns scan on push on or off for a repository.",
        options: r#"
            --registry-id                   The AWS account ID of the registry (default: yours).
            --repository-name               The repository name, e.g. team-a/web-app.
            --image-scanning-configuration  scanOnPush=true|false
        "#,
    },
    Words {
        service: Ecr,
        api: "ListImages",
        summary: "Lists the image IDs in a repository (one entry per tag; untagged images by digest).",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --filter           tagStatus=TAGGED|UNTAGGED|ANY
        "#,
    },
    Words {
        service: Ecr,
        api: "DescribeImages",
        summary: "Describes images: digest, tags, size, push time, scan status.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --image-ids        imageDigest=string,imageTag=string ...
            --filter           tagStatus=TAGGED|UNTAGGED|ANY
        "#,
    },
    Words {
        service: Ecr,
        api: "BatchDeleteImage",
        summary: "Deletes images by digest, or removes tags (an image goes with its last tag).",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --image-ids        imageDigest=string,imageTag=string ...
        "#,
    },
    Words {
        service: Ecr,
        api: "BatchGetImage",
        summary: "Gets image manifests.",
        options: r#"
            --registry-id           The AWS account ID of the registry (default: yours).
            --repository-name       The repository name, e.g. team-a/web-app.
            --image-ids             imageDigest=string,imageTag=string ...
            --accepted-media-types  Manifest media types (only the Docker v2 manifest is simulated).
        "#,
    },
    Words {
        service: Ecr,
        api: "PutLifecyclePolicy",
        summary: "Sets a repository's lifecycle policy (evaluated within 24 hours, then daily).",
        options: r#"
            --registry-id            The AWS account ID of the registry (default: yours).
            --repository-name        The repository name, e.g. team-a/web-app.
            --lifecycle-policy-text  The policy JSON: {"rules":[...]}
        "#,
    },
    Words {
        service: Ecr,
        api: "GetLifecyclePolicy",
        summary: "Shows a repository's lifecycle policy.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
        "#,
    },
    Words {
        service: Ecr,
        api: "DeleteLifecyclePolicy",
        summary: "Deletes a repository's lifecycle policy.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
        "#,
    },
    Words {
        service: Ecr,
        api: "StartLifecyclePolicyPreview",
        summary: "Previews what a lifecycle policy would expire now.",
        options: r#"
            --registry-id            The AWS account ID of the registry (default: yours).
            --repository-name        The repository name, e.g. team-a/web-app.
            --lifecycle-policy-text  The policy to preview (default: the repository's).
        "#,
    },
    Words {
        service: Ecr,
        api: "GetLifecyclePolicyPreview",
        summary: "Shows the result of a lifecycle policy preview.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --filter           tagStatus=TAGGED|UNTAGGED|ANY
        "#,
    },
    Words {
        service: Ecr,
        api: "GetAuthorizationToken",
        summary: "Gets a registry token for docker login (valid 12 hours).",
        options: r#"
            --registry-ids  Deprecated: the token covers every registry you can access.
        "#,
    },
    Words {
        service: Ecr,
        api: "StartImageScan",
        summary: "Starts a basic scan of an image (once per image per 24 hours).",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --image-id         imageDigest=string,imageTag=string
        "#,
    },
    Words {
        service: Ecr,
        api: "DescribeImageScanFindings",
        summary: "Shows the findings of an image's scan.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --image-id         imageDigest=string,imageTag=string
        "#,
    },
    Words {
        service: Ecr,
        api: "SetRepositoryPolicy",
        summary: "Sets a repository policy (e.g. to let another account pull).",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
            --policy-text      The policy JSON (Statement with Effect, Principal, Action).
            --force            Set the policy even if it could lock you out.
        "#,
    },
    Words {
        service: Ecr,
        api: "GetRepositoryPolicy",
        summary: "Shows a repository policy.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
        "#,
    },
    Words {
        service: Ecr,
        api: "DeleteRepositoryPolicy",
        summary: "Deletes a repository policy.",
        options: r#"
            --registry-id      The AWS account ID of the registry (default: yours).
            --repository-name  The repository name, e.g. team-a/web-app.
        "#,
    },
    Words {
        service: Iam,
        api: "SimulatePrincipalPolicy",
        summary: "Evaluates a role's policies for actions on resources (allowed, explicitDeny, implicitDeny).",
        options: r#"
            --policy-source-arn  The role's ARN.
            --action-names       service:Action ...
            --resource-arns      Resource ARNs (default *).
        "#,
    },
    Words {
        service: Ecr,
        api: "PutImage",
        summary: "Adds a tag to an image by its manifest (from batch-get-image); new images come with docker push.",
        options: r#"
            --registry-id                The AWS account ID of the registry (default: yours).
            --repository-name            The repository name, e.g. team-a/web-app.
            --image-manifest             The image manifest JSON (from batch-get-image).
            --image-manifest-media-type  application/vnd.docker.distribution.manifest.v2+json
            --image-tag                  The tag to put on the image (1-300 characters).
            --image-digest               The image digest, sha256:<64 hex>.
        "#,
    },
    Words {
        service: Ecr,
        api: "TagResource",
        summary: "Adds or changes tags on a repository.",
        options: r#"
            --resource-arn  The repository ARN.
            --tags          Key=string,Value=string ...
        "#,
    },
    Words {
        service: Ecr,
        api: "UntagResource",
        summary: "Removes tags from a repository.",
        options: r#"
            --resource-arn  The repository ARN.
            --tag-keys      The keys of the tags to remove.
        "#,
    },
    Words {
        service: Ecr,
        api: "ListTagsForResource",
        summary: "Lists the tags of a repository.",
        options: r#"
            --resource-arn  The repository ARN.
        "#,
    },
    Words {
        service: Logs,
        api: "CreateLogGroup",
        summary: "Creates a log group (awslogs containers write streams into it).",
        options: r#"
            --log-group-name  1-512 of a-z A-Z 0-9 _ - / . #, e.g. /ecs/web.
        "#,
    },
    Words {
        service: Logs,
        api: "DeleteLogGroup",
        summary: "Deletes a log group and its streams.",
        options: r#"
            --log-group-name  The log group.
        "#,
    },
    Words {
        service: Logs,
        api: "DescribeLogGroups",
        summary: "Lists log groups, by name.",
        options: r#"
            --log-group-name-prefix  Only groups whose names start with this.
        "#,
    },
    Words {
        service: Logs,
        api: "DescribeLogStreams",
        summary: "Lists a log group's streams (awslogs: prefix/container/task-id).",
        options: r#"
            --log-group-name          The log group.
            --log-stream-name-prefix  Only streams whose names start with this.
            --order-by                LogStreamName (default) | LastEventTime
            --descending              Newest / last name first.
        "#,
    },
    Words {
        service: Logs,
        api: "GetLogEvents",
        summary: "Reads a log stream's events (the lines a container wrote).",
        options: r#"
            --log-group-name   The log group.
            --log-stream-name  The stream, e.g. ecs/cli/<task-id>.
            --start-time       Epoch milliseconds (inclusive).
            --end-time         Epoch milliseconds (exclusive).
            --limit            1..10000 events.
            --start-from-head  Oldest events first (default: the newest page).
        "#,
    },
    Words {
        service: Ssm,
        api: "GetParameter",
        summary: "Gets a parameter: the simulator has AWS's public parameters that name the current ECS-optimized and Amazon Linux AMIs.",
        options: r#"
            --name             e.g. /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id
            --with-decryption  Decrypt SecureString values (the public parameters are plain Strings).
        "#,
    },
    Words {
        service: Ssm,
        api: "GetParameters",
        summary: "Gets up to 10 parameters; names that do not exist come back in InvalidParameters.",
        options: r#"
            --names            Parameter names.
            --with-decryption  Decrypt SecureString values.
        "#,
    },
    Words {
        service: Ssm,
        api: "GetParametersByPath",
        summary: "Gets the parameters under a path (one level, or every level with --recursive).",
        options: r#"
            --path             e.g. /aws/service/ecs/optimized-ami/amazon-linux-2023
            --recursive        Every level below the path.
            --with-decryption  Decrypt SecureString values.
        "#,
    },
    Words {
        service: Elbv2,
        api: "CreateLoadBalancer",
        summary: "Creates an Application (default) or Network Load Balancer; an ALB needs subnets in at least two Availability Zones. It is provisioning for a minute, then active.",
        options: r#"
            --name             1-32 letters, digits and hyphens; unique per Region; not starting with internal-.
            --subnets          One subnet per Availability Zone, all in one VPC (an ALB: at least two zones).
            --subnet-mappings  SubnetId=string ... (chosen addresses and Elastic IPs are not simulated).
            --security-groups  Up to 5 groups of the VPC (an ALB without any gets the VPC's default group).
            --scheme           internet-facing (default) | internal
            --tags             Key=string,Value=string ...
            --type             application (default) | network
            --ip-address-type  ipv4 (dual-stack is not simulated).
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeLoadBalancers",
        summary: "Describes load balancers: their DNS names, state, zones and security groups.",
        options: r#"
            --load-balancer-arns  Load balancer ARNs (not with --names).
            --names               Load balancer names (not with --load-balancer-arns).
        "#,
    },
    Words {
        service: Elbv2,
        api: "DeleteLoadBalancer",
        summary: "Deletes a load balancer and its listeners and rules (its target groups stay).",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "SetSecurityGroups",
        summary: "Replaces the security groups of a load balancer.",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
            --security-groups    Up to 5 groups of the load balancer's VPC.
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeLoadBalancerAttributes",
        summary: "Lists a load balancer's attributes (idle timeout, deletion protection, cross-zone, ...).",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "ModifyLoadBalancerAttributes",
        summary: "Changes a load balancer's attributes.",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
            --attributes         Key=idle_timeout.timeout_seconds,Value=60 Key=deletion_protection.enabled,Value=true ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "CreateTargetGroup",
        summary: "Creates a target group (HTTP for an ALB, TCP for an NLB) with its health check; target type instance (default) or ip (awsvpc tasks, Fargate).",
        options: r#"
            --name                           1-32 letters, digits and hyphens; unique per Region.
            --protocol                       HTTP | TCP
            --protocol-version               HTTP1
            --port                           The port targets receive traffic on (1-65535).
            --vpc-id                         The VPC of the targets.
            --health-check-protocol          HTTP | TCP (an ALB's groups: HTTP).
            --health-check-port              traffic-port (default) or a port.
            --health-check-enabled           Health checks on (default) or off (--no-health-check-enabled).
            --health-check-path              The path checked (default /).
            --health-check-interval-seconds  5-300 (default 30).
            --health-check-timeout-seconds   2-120 (ALB default 5; NLB 10 for TCP, 6 for HTTP); less than the interval.
            --healthy-threshold-count        2-10 (default 5).
            --unhealthy-threshold-count      2-10 (default 2).
            --matcher                        HttpCode=200 (a code, a list 200,202 or a range 200-299).
            --target-type                    instance (default) | ip
            --tags                           Key=string,Value=string ...
            --ip-address-type                ipv4
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeTargetGroups",
        summary: "Describes target groups: protocol, port, health check and the load balancers that use them.",
        options: r#"
            --load-balancer-arn  Only the groups this load balancer uses.
            --target-group-arns  Target group ARNs.
            --names              Target group names.
        "#,
    },
    Words {
        service: Elbv2,
        api: "ModifyTargetGroup",
        summary: "Changes a target group's health check.",
        options: r#"
            --target-group-arn               The target group's ARN.
            --health-check-protocol          HTTP | TCP
            --health-check-port              traffic-port or a port.
            --health-check-path              The path checked.
            --health-check-enabled           On or off.
            --health-check-interval-seconds  5-300.
            --health-check-timeout-seconds   2-120, less than the interval.
            --healthy-threshold-count        2-10.
            --unhealthy-threshold-count      2-10.
            --matcher                        HttpCode=200
        "#,
    },
    Words {
        service: Elbv2,
        api: "DeleteTargetGroup",
        summary: "Deletes a target group that no listener or rule uses.",
        options: r#"
            --target-group-arn  The target group's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeTargetGroupAttributes",
        summary: "Lists a target group's attributes (deregistration delay, algorithm, slow start, stickiness).",
        options: r#"
            --target-group-arn  The target group's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "ModifyTargetGroupAttributes",
        summary: "Changes a target group's attributes.",
        options: r#"
            --target-group-arn  The target group's ARN.
            --attributes        Key=deregistration_delay.timeout_seconds,Value=30 Key=load_balancing.algorithm.type,Value=round_robin ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "RegisterTargets",
        summary: "Registers targets (instance ids, or IP addresses for ip groups); each starts initial and is health-checked at once.",
        options: r#"
            --target-group-arn  The target group's ARN.
            --targets           Id=string,Port=integer ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "DeregisterTargets",
        summary: "Deregisters targets: they drain for the group's deregistration delay, then are gone.",
        options: r#"
            --target-group-arn  The target group's ARN.
            --targets           Id=string,Port=integer ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeTargetHealth",
        summary: "Shows each target's health: initial, healthy, unhealthy, draining, unused or unavailable, with the reason.",
        options: r#"
            --target-group-arn  The target group's ARN.
            --targets           Id=string,Port=integer ... (default: every registered target).
        "#,
    },
    Words {
        service: Elbv2,
        api: "CreateListener",
        summary: "Creates a listener (HTTP on an ALB, TCP on an NLB) with its default action: forward, fixed-response or redirect.",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
            --protocol           HTTP (ALB) | TCP (NLB)
            --port               1-65535, one listener per port.
            --default-actions    Type=forward,TargetGroupArn=arn | Type=fixed-response,FixedResponseConfig={StatusCode=404} | Type=redirect,RedirectConfig={...}
            --tags               Key=string,Value=string ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeListeners",
        summary: "Describes the listeners of a load balancer.",
        options: r#"
            --load-balancer-arn  The load balancer's ARN.
            --listener-arns      Listener ARNs.
        "#,
    },
    Words {
        service: Elbv2,
        api: "ModifyListener",
        summary: "Changes a listener's port, protocol or default action.",
        options: r#"
            --listener-arn     The listener's ARN.
            --port             1-65535.
            --protocol         HTTP (ALB) | TCP (NLB)
            --default-actions  As create-listener.
        "#,
    },
    Words {
        service: Elbv2,
        api: "DeleteListener",
        summary: "Deletes a listener and its rules.",
        options: r#"
            --listener-arn  The listener's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "CreateRule",
        summary: "Adds a rule to an ALB listener: conditions (path-pattern, host-header, http-header, http-request-method, query-string, source-ip) and an action, at a priority 1-50000.",
        options: r#"
            --listener-arn  The listener's ARN.
            --conditions    Field=path-pattern,Values=/api/* ... (at most 3 values a condition, 5 in a rule).
            --priority      1-50000, unique in the listener; lower is evaluated first.
            --actions       Type=forward,TargetGroupArn=arn ...
            --tags          Key=string,Value=string ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeRules",
        summary: "Lists a listener's rules by priority, its default rule last.",
        options: r#"
            --listener-arn  The listener's ARN.
            --rule-arns     Rule ARNs.
        "#,
    },
    Words {
        service: Elbv2,
        api: "ModifyRule",
        summary: "Changes a rule's conditions or actions (a default rule: its actions only).",
        options: r#"
            --rule-arn    The rule's ARN.
            --conditions  As create-rule.
            --actions     As create-rule.
        "#,
    },
    Words {
        service: Elbv2,
        api: "DeleteRule",
        summary: "Deletes a rule (not a default rule).",
        options: r#"
            --rule-arn  The rule's ARN.
        "#,
    },
    Words {
        service: Elbv2,
        api: "SetRulePriorities",
        summary: "Changes the priorities of rules (not default rules).",
        options: r#"
            --rule-priorities  RuleArn=arn,Priority=integer ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "AddTags",
        summary: "Adds or replaces tags on load balancers, target groups, listeners or rules.",
        options: r#"
            --resource-arns  Up to 20 ARNs.
            --tags           Key=string,Value=string ...
        "#,
    },
    Words {
        service: Elbv2,
        api: "RemoveTags",
        summary: "Removes tags by key.",
        options: r#"
            --resource-arns  ARNs.
            --tag-keys       Tag keys.
        "#,
    },
    Words {
        service: Elbv2,
        api: "DescribeTags",
        summary: "Lists the tags of load balancers, target groups, listeners or rules.",
        options: r#"
            --resource-arns  Up to 20 ARNs.
        "#,
    },
    Words {
        service: Elb,
        api: "CreateLoadBalancer",
        summary: "Creates a Classic Load Balancer with its listeners; its health check starts as TCP:80 every 30 s (configure-health-check changes it).",
        options: r#"
            --load-balancer-name  Up to 32 letters, digits and hyphens.
            --listeners           Protocol=HTTP|TCP,LoadBalancerPort=integer,InstanceProtocol=HTTP|TCP,InstancePort=integer ...
            --availability-zones  Zones of the default VPC (their default subnets), instead of --subnets.
            --subnets             One subnet per Availability Zone, all in one VPC.
            --security-groups     The load balancer's groups (default: the VPC's default group).
            --scheme              internet-facing (default) or internal.
            --tags                Key=string,Value=string ...
        "#,
    },
    Words {
        service: Elb,
        api: "DescribeLoadBalancers",
        summary: "Describes Classic Load Balancers: listeners, health check, registered instances, zones, DNS name.",
        options: r#"
            --load-balancer-names  Names (default: all).
        "#,
    },
    Words {
        service: Elb,
        api: "DeleteLoadBalancer",
        summary: "Deletes a Classic Load Balancer (its instances keep running); deleting one that does not exist succeeds.",
        options: r#"
            --load-balancer-name  The name.
        "#,
    },
    Words {
        service: Elb,
        api: "ConfigureHealthCheck",
        summary: "Sets the health check: TCP:PORT or HTTP:PORT/PATH (only 200 passes), interval, timeout and thresholds.",
        options: r#"
            --load-balancer-name  The name.
            --health-check        Target=HTTP:80/,Interval=integer,Timeout=integer,UnhealthyThreshold=integer,HealthyThreshold=integer
        "#,
    },
    Words {
        service: Elb,
        api: "RegisterInstancesWithLoadBalancer",
        summary: "Registers running instances of the load balancer's VPC; each is OutOfService until it passes a check.",
        options: r#"
            --load-balancer-name  The name.
            --instances           InstanceId=string ... (or instance ids)
        "#,
    },
    Words {
        service: Elb,
        api: "DeregisterInstancesFromLoadBalancer",
        summary: "Deregisters instances; with connection draining on they drain for its timeout first.",
        options: r#"
            --load-balancer-name  The name.
            --instances           InstanceId=string ... (or instance ids)
        "#,
    },
    Words {
        service: Elb,
        api: "DescribeInstanceHealth",
        summary: "Shows each registered instance: InService or OutOfService, with the reason.",
        options: r#"
            --load-balancer-name  The name.
            --instances           Only these instances.
        "#,
    },
    Words {
        service: Elb,
        api: "CreateLoadBalancerListeners",
        summary: "Adds listeners (the same listener again changes nothing; another on a port in use is refused).",
        options: r#"
            --load-balancer-name  The name.
            --listeners           Protocol=HTTP|TCP,LoadBalancerPort=integer,InstanceProtocol=HTTP|TCP,InstancePort=integer ...
        "#,
    },
    Words {
        service: Elb,
        api: "DeleteLoadBalancerListeners",
        summary: "Deletes the listeners on these ports.",
        options: r#"
            --load-balancer-name   The name.
            --load-balancer-ports  Ports.
        "#,
    },
    Words {
        service: Elb,
        api: "ApplySecurityGroupsToLoadBalancer",
        summary: "Replaces the load balancer's security groups.",
        options: r#"
            --load-balancer-name  The name.
            --security-groups     Group ids of its VPC (at most 5).
        "#,
    },
    Words {
        service: Elb,
        api: "DescribeLoadBalancerAttributes",
        summary: "Shows cross-zone load balancing, connection draining, idle timeout and access logs.",
        options: r#"
            --load-balancer-name  The name.
        "#,
    },
    Words {
        service: Elb,
        api: "ModifyLoadBalancerAttributes",
        summary: "Changes cross-zone load balancing, connection draining (timeout 1-3600 s) or the idle timeout.",
        options: r#"
            --load-balancer-name        The name.
            --load-balancer-attributes  CrossZoneLoadBalancing={Enabled=boolean},ConnectionDraining={Enabled=boolean,Timeout=integer},ConnectionSettings={IdleTimeout=integer}
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "PutMetricData",
        summary: "Publishes datapoints to a metric of your own namespace (not AWS/...); they are kept per minute for 3 hours.",
        options: r#"
            --namespace           Your namespace, for example MyApp.
            --metric-data         MetricName=string,Value=double,Unit=string,Dimensions=[{Name=string,Value=string}] ...
            --metric-name         One metric's name (instead of --metric-data).
            --value               Its value.
            --unit                Seconds | Percent | Count | Bytes | ... | None
            --timestamp           When (default now): 2026-01-01T00:05:00Z; at most two weeks ago.
            --dimensions          Name=Value,Name=Value
            --statistic-values    Sum=double,Minimum=double,Maximum=double,SampleCount=double
            --storage-resolution  60 (standard) or 1 (high resolution).
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "ListMetrics",
        summary: "Lists the metrics that have data: AWS/ECS per service, load balancer metrics while traffic flows, and your own.",
        options: r#"
            --namespace        AWS/ECS, AWS/ApplicationELB, AWS/NetworkELB, AWS/ELB or your own.
            --metric-name      For example CPUUtilization.
            --dimensions       Name=string,Value=string ... (Value optional)
            --recently-active  PT3H
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "GetMetricStatistics",
        summary: "A metric's statistics per period between two times (dimensions must match the metric's exactly).",
        options: r#"
            --namespace    AWS/ECS, AWS/ApplicationELB, ...
            --metric-name  For example CPUUtilization or RequestCountPerTarget.
            --dimensions   Name=ClusterName,Value=demo Name=ServiceName,Value=web
            --start-time   2026-01-01T00:00:00Z (inclusive; the sandbox starts at 2026-01-01T00:00:00Z)
            --end-time     2026-01-01T01:00:00Z (exclusive)
            --period       Seconds: 60 or a multiple of 60.
            --statistics   Average | Sum | Minimum | Maximum | SampleCount ...
            --unit         Only datapoints in this unit.
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "GetMetricData",
        summary: "Several metrics' values at once (MetricStat queries, and Expression queries of metric math: + - * / ^, FILL, IF, METRICS, SUM, AVG, MIN, MAX), newest first.",
        options: r#"
            --metric-data-queries  [{"Id":"m1","MetricStat":{"Metric":{"Namespace":"AWS/SQS","MetricName":"ApproximateNumberOfMessagesVisible","Dimensions":[...]},"Period":60,"Stat":"Sum"},"ReturnData":false},{"Id":"e1","Expression":"m1 / 3"}]
            --start-time           2026-01-01T00:00:00Z
            --end-time             2026-01-01T01:00:00Z
            --scan-by              TimestampDescending (default) | TimestampAscending
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "PutMetricAlarm",
        summary: "Creates or replaces a metric alarm (its state is kept); it is evaluated every minute over EvaluationPeriods periods.",
        options: r#"
            --alarm-name                 Unique in the Region.
            --alarm-description          Up to 1024 characters.
            --actions-enabled            Whether actions run on state changes (default true).
            --ok-actions                 ARNs (at most 5).
            --alarm-actions              ARNs (at most 5): SNS topics or scaling policies.
            --insufficient-data-actions  ARNs (at most 5).
            --metric-name                For example CPUUtilization.
            --namespace                  For example AWS/ECS.
            --statistic                  Average | Sum | Minimum | Maximum | SampleCount
            --dimensions                 Name=ClusterName,Value=demo Name=ServiceName,Value=web
            --period                     Seconds: 60 or a multiple of 60.
            --unit                       Only datapoints in this unit.
            --evaluation-periods         N: the periods evaluated (Period x N at most a day).
            --datapoints-to-alarm        M of the N that must breach (default N).
            --threshold                  The value compared with.
            --comparison-operator        GreaterThanOrEqualToThreshold | GreaterThanThreshold | LessThanThreshold | LessThanOrEqualToThreshold
            --treat-missing-data         missing (default) | ignore | breaching | notBreaching
            --metrics                    Metric math instead of --metric-name ... --period: [{"Id":"m1","MetricStat":{...,"Period":60,"Stat":"Sum"},"ReturnData":false},{"Id":"e1","Expression":"m1 / m2"}]; exactly one returns data.
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "DescribeAlarms",
        summary: "Describes metric alarms: configuration, state, and the reason for it.",
        options: r#"
            --alarm-names        Names (at most 100).
            --alarm-name-prefix  Names starting with this.
            --alarm-types        MetricAlarm
            --state-value        OK | ALARM | INSUFFICIENT_DATA
            --action-prefix      Alarms with an action starting with this.
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "DescribeAlarmsForMetric",
        summary: "The alarms that watch one metric (dimensions must match exactly).",
        options: r#"
            --metric-name  For example CPUUtilization.
            --namespace    For example AWS/ECS.
            --statistic    Only alarms on this statistic.
            --dimensions   Name=string,Value=string ...
            --period       Only alarms with this period.
            --unit         Only alarms with this unit.
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "DeleteAlarms",
        summary: "Deletes alarms (all named ones must exist); their history stays.",
        options: r#"
            --alarm-names  Names (at most 100).
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "SetAlarmState",
        summary: "Sets an alarm's state until its next evaluation (to test its actions).",
        options: r#"
            --alarm-name         The alarm.
            --state-value        OK | ALARM | INSUFFICIENT_DATA
            --state-reason       Why (text).
            --state-reason-data  Why (JSON).
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "DescribeAlarmHistory",
        summary: "What happened to alarms: configuration updates and state changes, newest first.",
        options: r#"
            --alarm-name         One alarm (default all).
            --history-item-type  ConfigurationUpdate | StateUpdate | Action
            --start-date         2026-01-01T00:00:00Z
            --end-date           2026-01-01T01:00:00Z
            --scan-by            TimestampDescending (default) | TimestampAscending
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "EnableAlarmActions",
        summary: "Turns alarms' actions on.",
        options: r#"
            --alarm-names  Names (at most 100).
        "#,
    },
    Words {
        service: Cloudwatch,
        api: "DisableAlarmActions",
        summary: "Turns alarms' actions off (the alarms are still evaluated).",
        options: r#"
            --alarm-names  Names (at most 100).
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "RegisterScalableTarget",
        summary: "Makes a service's desired count scalable between a minimum and a maximum (re-registering changes only what is given).",
        options: r#"
            --service-namespace   ecs
            --resource-id         service/<cluster>/<service>
            --scalable-dimension  ecs:service:DesiredCount
            --min-capacity        The smallest desired count (0 or more).
            --max-capacity        The largest desired count.
            --role-arn            Default: the ECS service-linked role of Application Auto Scaling.
            --suspended-state     DynamicScalingInSuspended=boolean,DynamicScalingOutSuspended=boolean,ScheduledScalingSuspended=boolean
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DescribeScalableTargets",
        summary: "Lists the scalable targets: resource, minimum, maximum, suspended state.",
        options: r#"
            --service-namespace   ecs
            --resource-ids        service/<cluster>/<service> ...
            --scalable-dimension  ecs:service:DesiredCount
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DeregisterScalableTarget",
        summary: "Stops scaling a service: its policies (and their alarms) are deleted; the desired count stays.",
        options: r#"
            --service-namespace   ecs
            --resource-id         service/<cluster>/<service>
            --scalable-dimension  ecs:service:DesiredCount
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "PutScalingPolicy",
        summary: "Creates or replaces a target tracking policy (it creates its AlarmHigh and AlarmLow alarms) or a step scaling policy (your alarm invokes it).",
        options: r#"
            --policy-name                                The policy's name (the same name replaces it).
            --service-namespace                          ecs
            --resource-id                                service/<cluster>/<service>
            --scalable-dimension                         ecs:service:DesiredCount
            --policy-type                                TargetTrackingScaling | StepScaling (default)
            --target-tracking-scaling-policy-configuration  {"TargetValue":60,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"},"ScaleOutCooldown":60,"ScaleInCooldown":300}
            --step-scaling-policy-configuration          {"AdjustmentType":"ChangeInCapacity","StepAdjustments":[{"MetricIntervalLowerBound":0,"ScalingAdjustment":1}],"Cooldown":60}
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DescribeScalingPolicies",
        summary: "Lists the scaling policies with their configuration and alarms.",
        options: r#"
            --service-namespace   ecs
            --policy-names        Names.
            --resource-id         service/<cluster>/<service>
            --scalable-dimension  ecs:service:DesiredCount
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DeleteScalingPolicy",
        summary: "Deletes a scaling policy (a target tracking policy's alarms go with it; a step policy's alarm stays).",
        options: r#"
            --policy-name         The policy.
            --service-namespace   ecs
            --resource-id         service/<cluster>/<service>
            --scalable-dimension  ecs:service:DesiredCount
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DescribeScalingActivities",
        summary: "What scaling did and why, newest first.",
        options: r#"
            --service-namespace              ecs
            --resource-id                    service/<cluster>/<service>
            --scalable-dimension             ecs:service:DesiredCount
            --include-not-scaled-activities  Also the times it could not scale (at a bound, suspended).
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "PutScheduledAction",
        summary: "Creates or updates a scheduled action that sets the target's minimum and/or maximum on a schedule (what is not given on an update stays).",
        options: r#"
            --service-namespace       ecs
            --schedule                at(2026-01-05T09:00:00) | rate(6 hours) | cron(0 9 ? * MON-FRI *) (Minutes Hours Day-of-month Month Day-of-week Year)
            --timezone                An IANA time zone for at and cron (default UTC), such as Europe/Paris or America/New_York.
            --scheduled-action-name   The action's name (no ':', '/' or '|'); the same name updates it.
            --resource-id             service/<cluster>/<service>
            --scalable-dimension      ecs:service:DesiredCount
            --start-time              No firing before it (2026-01-05T00:00:00Z).
            --end-time                No firing after it.
            --scalable-target-action  MinCapacity=integer,MaxCapacity=integer
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DescribeScheduledActions",
        summary: "Lists the scheduled actions with their schedules and capacities.",
        options: r#"
            --scheduled-action-names  Names.
            --service-namespace       ecs
            --resource-id             service/<cluster>/<service>
            --scalable-dimension      ecs:service:DesiredCount
        "#,
    },
    Words {
        service: ApplicationAutoScaling,
        api: "DeleteScheduledAction",
        summary: "Deletes a scheduled action (the bounds it set stay).",
        options: r#"
            --service-namespace       ecs
            --scheduled-action-name   The action.
            --resource-id             service/<cluster>/<service>
            --scalable-dimension      ecs:service:DesiredCount
        "#,
    },
    Words {
        service: Events,
        api: "PutRule",
        summary: "Creates or replaces a rule on the default event bus: an event pattern and/or a schedule (what is not given becomes empty; its targets stay).",
        options: r#"
            --name                 Up to 64 letters, digits, '.', '-' and '_'.
            --schedule-expression  rate(1 hour) | rate(5 minutes) | cron(0 * * * ? *) (Minutes Hours Day-of-month Month Day-of-week Year, UTC)
            --event-pattern        JSON, e.g. {"source":["aws.ecs"],"detail-type":["ECS Task State Change"],"detail":{"lastStatus":["STOPPED"]}}
            --state                ENABLED (default) | DISABLED
            --description          Up to 512 characters.
            --role-arn             A role for the rule itself (kept; targets have their own roles).
            --tags                 Key=string,Value=string ...
            --event-bus-name       default (the only bus simulated)
        "#,
    },
    Words {
        service: Events,
        api: "DescribeRule",
        summary: "Describes a rule: its pattern or schedule, state and description.",
        options: r#"
            --name            The rule.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "ListRules",
        summary: "Lists the rules of the default event bus, by name.",
        options: r#"
            --name-prefix     Only rules whose names start with it.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "EnableRule",
        summary: "Enables a rule: it matches events and its schedule fires again.",
        options: r#"
            --name            The rule.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "DisableRule",
        summary: "Disables a rule: it matches nothing and its schedule's firings are skipped.",
        options: r#"
            --name            The rule.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "DeleteRule",
        summary: "Deletes a rule (refused while it has targets: remove them first).",
        options: r#"
            --name            The rule.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "PutTargets",
        summary: "Adds or updates up to 10 targets of a rule (5 at most per rule); the simulator invokes ECS RunTask targets.",
        options: r#"
            --rule            The rule.
            --event-bus-name  default
            --targets         Id=string,Arn=<cluster ARN>,RoleArn=<role ARN>,EcsParameters={TaskDefinitionArn=string,TaskCount=integer,LaunchType=FARGATE|EC2,NetworkConfiguration={awsvpcConfiguration={Subnets=[string],SecurityGroups=[string],AssignPublicIp=ENABLED|DISABLED}},PlatformVersion=string,Group=string},Input=string,InputPath=string,InputTransformer={InputPathsMap={name=$.path},InputTemplate=string} ... (or file://targets.json)
        "#,
    },
    Words {
        service: Events,
        api: "ListTargetsByRule",
        summary: "Lists a rule's targets as they were put.",
        options: r#"
            --rule            The rule.
            --event-bus-name  default
        "#,
    },
    Words {
        service: Events,
        api: "RemoveTargets",
        summary: "Removes targets from a rule, by Id.",
        options: r#"
            --rule            The rule.
            --event-bus-name  default
            --ids             Target Ids.
        "#,
    },
    Words {
        service: Events,
        api: "PutEvents",
        summary: "Sends up to 10 custom events to the default bus; the rules that match them invoke their targets a second later.",
        options: r#"
            --entries  Source=string,DetailType=string,Detail=string(JSON),Resources=string,string,Time=timestamp ... (a source may not start with aws.)
        "#,
    },
    Words {
        service: Events,
        api: "TagResource",
        summary: "Adds or changes tags on a rule.",
        options: r#"
            --resource-arn  The rule's ARN (arn:aws:events:<region>:<account>:rule/<name>).
            --tags          Key=string,Value=string ...
        "#,
    },
    Words {
        service: Events,
        api: "UntagResource",
        summary: "Removes tags from a rule.",
        options: r#"
            --resource-arn  The rule's ARN.
            --tag-keys      Keys.
        "#,
    },
    Words {
        service: Events,
        api: "ListTagsForResource",
        summary: "Lists a rule's tags.",
        options: r#"
            --resource-arn  The rule's ARN.
        "#,
    },
    Words {
        service: Scheduler,
        api: "CreateSchedule",
        summary: "Creates a schedule in the default group that runs an ECS task: once with at(), or on a rate() or cron() in a time zone.",
        options: r#"
            --name                          Up to 64 letters, digits, '.', '-' and '_'.
            --group-name                    default (the only group simulated)
            --schedule-expression           at(2026-01-05T09:00:00) | rate(1 hour) | cron(0 * * * ? *)
            --schedule-expression-timezone  An IANA time zone for at and cron (default UTC), such as Europe/Paris.
            --start-date                    No firing before it.
            --end-date                      No firing after it.
            --state                         ENABLED (default) | DISABLED
            --description                   Up to 512 characters.
            --flexible-time-window          Mode=OFF | Mode=FLEXIBLE,MaximumWindowInMinutes=integer
            --action-after-completion       NONE | DELETE (an at() schedule deletes itself after it ran)
            --target                        Arn=<cluster ARN>,RoleArn=<role ARN>,EcsParameters={TaskDefinitionArn=string,LaunchType=FARGATE,NetworkConfiguration={awsvpcConfiguration={Subnets=[string],AssignPublicIp=ENABLED}}},Input=string (or file://target.json)
            --client-token                  An idempotency token.
        "#,
    },
    Words {
        service: Scheduler,
        api: "GetSchedule",
        summary: "Describes a schedule: its expression, window, state and target.",
        options: r#"
            --name        The schedule.
            --group-name  default
        "#,
    },
    Words {
        service: Scheduler,
        api: "UpdateSchedule",
        summary: "Replaces a schedule (give every member again, as for create-schedule).",
        options: r#"
            --name                          The schedule.
            --group-name                    default
            --schedule-expression           at(…) | rate(…) | cron(…)
            --schedule-expression-timezone  An IANA time zone (default UTC).
            --start-date                    No firing before it.
            --end-date                      No firing after it.
            --state                         ENABLED | DISABLED
            --description                   Up to 512 characters.
            --flexible-time-window          Mode=OFF | Mode=FLEXIBLE,MaximumWindowInMinutes=integer
            --action-after-completion       NONE | DELETE
            --target                        Arn=<cluster ARN>,RoleArn=<role ARN>,EcsParameters={…},Input=string
            --client-token                  An idempotency token.
        "#,
    },
    Words {
        service: Scheduler,
        api: "DeleteSchedule",
        summary: "Deletes a schedule.",
        options: r#"
            --name          The schedule.
            --group-name    default
            --client-token  An idempotency token.
        "#,
    },
    Words {
        service: Scheduler,
        api: "ListSchedules",
        summary: "Lists the schedules, by group and name.",
        options: r#"
            --group-name   default
            --name-prefix  Only schedules whose names start with it.
            --state        ENABLED | DISABLED
        "#,
    },
    Words {
        service: Sqs,
        api: "CreateQueue",
        summary: "Creates a standard queue, or returns the URL of an existing one with the same attributes.",
        options: r#"
            --queue-name  Up to 80 letters, digits, '-' and '_' (FIFO queues are not simulated).
            --attributes  VisibilityTimeout=30,MessageRetentionPeriod=345600,DelaySeconds=0,ReceiveMessageWaitTimeSeconds=0,MaximumMessageSize=262144,RedrivePolicy=string,Policy=string,SqsManagedSseEnabled=true
            --tags        key=value ...
        "#,
    },
    Words {
        service: Sqs,
        api: "GetQueueUrl",
        summary: "Returns a queue's URL from its name.",
        options: r#"
            --queue-name                  The queue.
            --queue-owner-aws-account-id  This account (other accounts are not simulated).
        "#,
    },
    Words {
        service: Sqs,
        api: "ListQueues",
        summary: "Lists the URLs of your queues.",
        options: r#"
            --queue-name-prefix  Only queues whose name starts with it.
        "#,
    },
    Words {
        service: Sqs,
        api: "GetQueueAttributes",
        summary: "Shows a queue's attributes, including how many messages are visible, in flight and delayed.",
        options: r#"
            --queue-url        The queue's URL.
            --attribute-names  All | ApproximateNumberOfMessages | ApproximateNumberOfMessagesNotVisible | ApproximateNumberOfMessagesDelayed | VisibilityTimeout | RedrivePolicy | QueueArn ...
        "#,
    },
    Words {
        service: Sqs,
        api: "SetQueueAttributes",
        summary: "Changes a queue's attributes.",
        options: r#"
            --queue-url   The queue's URL.
            --attributes  VisibilityTimeout=60,RedrivePolicy=string,... (as create-queue; RedrivePolicy='' removes it)
        "#,
    },
    Words {
        service: Sqs,
        api: "DeleteQueue",
        summary: "Deletes a queue and its messages; its name is reusable after 60 seconds.",
        options: r#"
            --queue-url  The queue's URL.
        "#,
    },
    Words {
        service: Sqs,
        api: "SendMessage",
        summary: "Sends a message to a queue.",
        options: r#"
            --queue-url           The queue's URL.
            --message-body        The text of the message.
            --delay-seconds       0 to 900: hidden that long (default: the queue's DelaySeconds).
            --message-attributes  Name={DataType=String,StringValue=string} ...
        "#,
    },
    Words {
        service: Sqs,
        api: "SendMessageBatch",
        summary: "Sends up to 10 messages; each entry succeeds or fails on its own.",
        options: r#"
            --queue-url  The queue's URL.
            --entries    Id=string,MessageBody=string,DelaySeconds=integer ...
        "#,
    },
    Words {
        service: Sqs,
        api: "ReceiveMessage",
        summary: "Receives up to 10 visible messages, each hidden for the visibility timeout with a new receipt handle.",
        options: r#"
            --queue-url                       The queue's URL.
            --attribute-names                 All | ApproximateReceiveCount | SentTimestamp | ApproximateFirstReceiveTimestamp | SenderId
            --message-system-attribute-names  All | ApproximateReceiveCount | SentTimestamp | ApproximateFirstReceiveTimestamp | SenderId
            --message-attribute-names         All | attribute names
            --max-number-of-messages          1 to 10 (default 1).
            --visibility-timeout              0 to 43200 seconds (default: the queue's).
            --wait-time-seconds               0 to 20 (no time passes: the answer is what is visible now).
            --receive-request-attempt-id      For FIFO queues (ignored).
        "#,
    },
    Words {
        service: Sqs,
        api: "DeleteMessage",
        summary: "Deletes a received message by its latest receipt handle.",
        options: r#"
            --queue-url       The queue's URL.
            --receipt-handle  From receive-message.
        "#,
    },
    Words {
        service: Sqs,
        api: "DeleteMessageBatch",
        summary: "Deletes up to 10 received messages.",
        options: r#"
            --queue-url  The queue's URL.
            --entries    Id=string,ReceiptHandle=string ...
        "#,
    },
    Words {
        service: Sqs,
        api: "ChangeMessageVisibility",
        summary: "Hides a message in flight for a new number of seconds from now (0 makes it visible).",
        options: r#"
            --queue-url           The queue's URL.
            --receipt-handle      From receive-message.
            --visibility-timeout  0 to 43200.
        "#,
    },
    Words {
        service: Sqs,
        api: "PurgeQueue",
        summary: "Deletes every message in a queue (once per 60 seconds).",
        options: r#"
            --queue-url  The queue's URL.
        "#,
    },
    Words {
        service: Sns,
        api: "CreateTopic",
        summary: "Creates a standard topic, or returns the ARN of the one with that name.",
        options: r#"
            --name        Up to 256 letters, digits, '-' and '_' (FIFO topics are not simulated).
            --attributes  DisplayName=string,Policy=string
        "#,
    },
    Words {
        service: Sns,
        api: "ListTopics",
        summary: "Lists your topics' ARNs.",
        options: "",
    },
    Words {
        service: Sns,
        api: "DeleteTopic",
        summary: "Deletes a topic and its subscriptions.",
        options: r#"
            --topic-arn  The topic's ARN.
        "#,
    },
    Words {
        service: Sns,
        api: "GetTopicAttributes",
        summary: "Shows a topic's attributes: its policy and how many subscriptions are confirmed and pending.",
        options: r#"
            --topic-arn  The topic's ARN.
        "#,
    },
    Words {
        service: Sns,
        api: "SetTopicAttributes",
        summary: "Changes a topic's DisplayName or Policy (EventBridge needs sns:Publish in it).",
        options: r#"
            --topic-arn        The topic's ARN.
            --attribute-name   DisplayName | Policy
            --attribute-value  The new value ('' for Policy restores the default).
        "#,
    },
    Words {
        service: Sns,
        api: "Subscribe",
        summary: "Subscribes an email address (confirmed from the email in `sim inbox`) or an SQS queue (confirmed at once).",
        options: r#"
            --topic-arn                The topic's ARN.
            --protocol                 email | email-json | sqs
            --notification-endpoint    An email address, or a queue's ARN.
            --attributes               RawMessageDelivery=true (sqs)
            --return-subscription-arn  Return the ARN even while pending.
        "#,
    },
    Words {
        service: Sns,
        api: "ConfirmSubscription",
        summary: "Confirms a pending subscription with the token from its confirmation email.",
        options: r#"
            --topic-arn                    The topic's ARN.
            --token                        The Token= of the email's link.
            --authenticate-on-unsubscribe  true | false
        "#,
    },
    Words {
        service: Sns,
        api: "ListSubscriptions",
        summary: "Lists every subscription (PendingConfirmation until confirmed).",
        options: "",
    },
    Words {
        service: Sns,
        api: "ListSubscriptionsByTopic",
        summary: "Lists a topic's subscriptions.",
        options: r#"
            --topic-arn  The topic's ARN.
        "#,
    },
    Words {
        service: Sns,
        api: "Unsubscribe",
        summary: "Deletes a confirmed subscription.",
        options: r#"
            --subscription-arn  From subscribe, confirm-subscription or list-subscriptions.
        "#,
    },
    Words {
        service: Sns,
        api: "Publish",
        summary: "Sends a message to every confirmed subscription of a topic (email arrives in `sim inbox`).",
        options: r#"
            --topic-arn           The topic's ARN.
            --target-arn          The same, as TargetArn.
            --message             The text.
            --subject             Under 100 characters, one line (email subject; default "AWS Notification Message").
            --message-attributes  Name={DataType=String,StringValue=string} ...
        "#,
    },
    Words {
        service: DynamoDb,
        api: "CreateTable",
        summary: "Creates a table: CREATING for 5 seconds, then ACTIVE.",
        options: r##"
            --table-name                   3 to 255 letters, digits, '_', '-' and '.'.
            --attribute-definitions        AttributeName=string,AttributeType=S|N|B ... (exactly the key attributes)
            --key-schema                   AttributeName=string,KeyType=HASH [AttributeName=string,KeyType=RANGE]
            --billing-mode                 PAY_PER_REQUEST | PROVISIONED (the default, which needs --provisioned-throughput)
            --provisioned-throughput       ReadCapacityUnits=integer,WriteCapacityUnits=integer
            --tags                         Key=string,Value=string ...
            --deletion-protection-enabled  DeleteTable is refused until it is turned off (not modelled: UpdateTable).
        "##,
    },
    Words {
        service: DynamoDb,
        api: "DescribeTable",
        summary: "Shows a table: its status, keys, item count and size.",
        options: r##"
            --table-name  The table.
        "##,
    },
    Words {
        service: DynamoDb,
        api: "ListTables",
        summary: "Lists your tables' names in alphabetical order.",
        options: "",
    },
    Words {
        service: DynamoDb,
        api: "DeleteTable",
        summary: "Deletes a table and its items: DELETING for 5 seconds, then gone.",
        options: r##"
            --table-name  The table.
        "##,
    },
    Words {
        service: DynamoDb,
        api: "PutItem",
        summary: "Writes an item, replacing any item with the same key.",
        options: r##"
            --table-name                   The table (ACTIVE).
            --item                         JSON: {"id": {"S": "1"}, "count": {"N": "2"}, ...} with every key attribute.
            --return-values                NONE | ALL_OLD (the item replaced).
            --condition-expression         Written only if it holds, e.g. attribute_not_exists(id).
            --expression-attribute-names   {"#n": "name", ...}
            --expression-attribute-values  {":v": {"S": "x"}, ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "GetItem",
        summary: "Reads the item with a key; prints nothing when there is none.",
        options: r##"
            --table-name                  The table (ACTIVE).
            --key                         JSON: the key attributes, {"id": {"S": "1"}}.
            --consistent-read             Every read is consistent here.
            --projection-expression       Only these attributes: "id, #n, address.city".
            --expression-attribute-names  {"#n": "name", ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "UpdateItem",
        summary: "Changes attributes of an item, creating it if needed.",
        options: r##"
            --table-name                   The table (ACTIVE).
            --key                          JSON: the key attributes.
            --update-expression            SET a = :v, n = n + :one REMOVE b ADD c :one DELETE s :set
            --condition-expression         Updated only if it holds.
            --return-values                NONE | ALL_OLD | UPDATED_OLD | ALL_NEW | UPDATED_NEW
            --expression-attribute-names   {"#n": "name", ...}
            --expression-attribute-values  {":v": {"S": "x"}, ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "DeleteItem",
        summary: "Deletes the item with a key (nothing to delete is no error).",
        options: r##"
            --table-name                   The table (ACTIVE).
            --key                          JSON: the key attributes.
            --condition-expression         Deleted only if it holds.
            --return-values                NONE | ALL_OLD (the item deleted).
            --expression-attribute-names   {"#n": "name", ...}
            --expression-attribute-values  {":v": {"S": "x"}, ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "BatchWriteItem",
        summary: "Puts and deletes up to 25 items in one call (all checked before any is written).",
        options: r##"
            --request-items  JSON: {"table": [{"PutRequest": {"Item": {...}}}, {"DeleteRequest": {"Key": {...}}}], ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "BatchGetItem",
        summary: "Reads up to 100 items by key, from one or more tables.",
        options: r##"
            --request-items  JSON: {"table": {"Keys": [{...}, ...], "ProjectionExpression": "...", "ExpressionAttributeNames": {...}}}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "Query",
        summary: "Reads the items of one partition key, in sort key order.",
        options: r##"
            --table-name                   The table (ACTIVE).
            --key-condition-expression     pk = :p [AND sk = | < | <= | > | >= :v | sk BETWEEN :a AND :b | begins_with(sk, :v)]
            --filter-expression            Drops items after they are read (they still count as scanned).
            --projection-expression        Only these attributes.
            --select                       ALL_ATTRIBUTES | SPECIFIC_ATTRIBUTES | COUNT
            --scan-index-forward           --no-scan-index-forward reads in descending sort key order.
            --consistent-read              Every read is consistent here.
            --expression-attribute-names   {"#n": "name", ...}
            --expression-attribute-values  {":p": {"S": "x"}, ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "Scan",
        summary: "Reads every item of a table (here in key order).",
        options: r##"
            --table-name                   The table (ACTIVE).
            --filter-expression            Drops items after they are read (they still count as scanned).
            --projection-expression        Only these attributes.
            --select                       ALL_ATTRIBUTES | SPECIFIC_ATTRIBUTES | COUNT
            --consistent-read              Every read is consistent here.
            --expression-attribute-names   {"#n": "name", ...}
            --expression-attribute-values  {":v": {"S": "x"}, ...}
        "##,
    },
    Words {
        service: DynamoDb,
        api: "TagResource",
        summary: "Adds tags to a table.",
        options: r##"
            --resource-arn  The table's ARN.
            --tags          Key=string,Value=string ...
        "##,
    },
    Words {
        service: DynamoDb,
        api: "UntagResource",
        summary: "Removes tags from a table.",
        options: r##"
            --resource-arn  The table's ARN.
            --tag-keys      key ...
        "##,
    },
    Words {
        service: DynamoDb,
        api: "ListTagsOfResource",
        summary: "Lists a table's tags.",
        options: r##"
            --resource-arn  The table's ARN.
        "##,
    },
    Words {
        service: S3,
        api: "CreateBucket",
        summary: "Creates a bucket (names are global: 3-63 lowercase letters, digits, '.' and '-').",
        options: r#"
            --bucket                       The bucket's name.
            --create-bucket-configuration  LocationConstraint=REGION (not in us-east-1; required in other regions)
        "#,
    },
    Words {
        service: S3,
        api: "ListBuckets",
        summary: "Lists your buckets, by name.",
        options: r#"
            --prefix         Only buckets whose name starts with it.
            --bucket-region  Only buckets in this region.
        "#,
    },
    Words {
        service: S3,
        api: "HeadBucket",
        summary: "Checks that a bucket exists (404 if not) and gives its region.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "DeleteBucket",
        summary: "Deletes an empty bucket.",
        options: r#"
            --bucket  The bucket (BucketNotEmpty while it holds objects).
        "#,
    },
    Words {
        service: S3,
        api: "PutObject",
        summary: "Stores an object (text, up to 256 KiB in the simulator); its ETag is the MD5 of the body.",
        options: r#"
            --bucket        The bucket.
            --key           The object's key (name), up to 1024 bytes.
            --body          A file to upload (from your files; none: an empty object).
            --content-type  The MIME type (default binary/octet-stream).
            --metadata      key=value ... (user metadata)
        "#,
    },
    Words {
        service: S3,
        api: "GetObject",
        summary: "Downloads an object into a file (the last word: OUTFILE) and prints its metadata.",
        options: r#"
            --bucket   The bucket.
            --key      The object's key.
            --outfile  (positional: get-object --bucket B --key K OUTFILE) the file to write.
        "#,
    },
    Words {
        service: S3,
        api: "HeadObject",
        summary: "Shows an object's metadata (404 if there is no such key).",
        options: r#"
            --bucket  The bucket.
            --key     The object's key.
        "#,
    },
    Words {
        service: S3,
        api: "ListObjectsV2",
        summary: "Lists a bucket's objects by key; with --delimiter, keys roll up into CommonPrefixes.",
        options: r#"
            --bucket       The bucket.
            --prefix       Only keys that start with it.
            --delimiter    Usually '/': keys with it after the prefix are listed once as a CommonPrefix.
            --start-after  Only keys after this one.
        "#,
    },
    Words {
        service: S3,
        api: "ListObjects",
        summary: "Lists a bucket's objects, version 1 of the listing (a --marker to start after; each object with its Owner).",
        options: r#"
            --bucket       The bucket.
            --prefix       Only keys that start with it.
            --delimiter    Usually '/': keys with it after the prefix are listed once as a CommonPrefix.
        "#,
    },
    Words {
        service: S3,
        api: "GetBucketLocation",
        summary: "Shows the bucket's Region: LocationConstraint, null for us-east-1.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "DeleteObject",
        summary: "Deletes an object (succeeds for a key that is not there too).",
        options: r#"
            --bucket  The bucket.
            --key     The object's key.
        "#,
    },
    Words {
        service: S3,
        api: "DeleteObjects",
        summary: "Deletes up to 1000 objects in one request.",
        options: r#"
            --bucket  The bucket.
            --delete  Objects=[{Key=string},{Key=string}],Quiet=boolean
        "#,
    },
    Words {
        service: S3,
        api: "CopyObject",
        summary: "Copies an object, within a bucket or to another one.",
        options: r#"
            --bucket              The destination bucket.
            --key                 The destination key.
            --copy-source         SOURCE-BUCKET/SOURCE-KEY
            --content-type        The new MIME type (with --metadata-directive REPLACE).
            --metadata-directive  COPY (default) | REPLACE
            --metadata            key=value ... (with --metadata-directive REPLACE)
        "#,
    },
    Words {
        service: S3,
        api: "PutBucketPolicy",
        summary: "Sets a bucket's policy (a JSON document whose resources are this bucket and its objects).",
        options: r#"
            --bucket  The bucket.
            --policy  The policy JSON (file://policy.json).
        "#,
    },
    Words {
        service: S3,
        api: "GetBucketPolicy",
        summary: "Shows a bucket's policy.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "DeleteBucketPolicy",
        summary: "Removes a bucket's policy.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "PutBucketNotificationConfiguration",
        summary: "Replaces a bucket's notification configuration; '{\"EventBridgeConfiguration\": {}}' sends its object events to EventBridge.",
        options: r#"
            --bucket                       The bucket.
            --notification-configuration   '{"EventBridgeConfiguration": {}}' (on) or '{}' (off); topic, queue and Lambda configurations are not simulated.
            --skip-destination-validation  Accepted (EventBridge needs no validation).
        "#,
    },
    Words {
        service: S3,
        api: "GetBucketNotificationConfiguration",
        summary: "Shows a bucket's notification configuration.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "PutBucketTagging",
        summary: "Replaces a bucket's tags.",
        options: r#"
            --bucket   The bucket.
            --tagging  TagSet=[{Key=string,Value=string},...]
        "#,
    },
    Words {
        service: S3,
        api: "GetBucketTagging",
        summary: "Shows a bucket's tags (NoSuchTagSet if it has none).",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: S3,
        api: "DeleteBucketTagging",
        summary: "Removes a bucket's tags.",
        options: r#"
            --bucket  The bucket.
        "#,
    },
    Words {
        service: Efs,
        api: "CreateFileSystem",
        summary: "Creates a file system (fs-…): creating for 5 seconds, then available.",
        options: r#"
            --creation-token                   1 to 64 characters; a token in use is FileSystemAlreadyExists (the AWS CLI makes one up when omitted).
            --performance-mode                 generalPurpose (default) | maxIO
            --encrypted                        Encrypt at rest with the aws/elasticfilesystem key (default: not encrypted).
            --kms-key-id                       A KMS key for --encrypted.
            --throughput-mode                  bursting (default) | provisioned | elastic
            --provisioned-throughput-in-mibps  1 to 10240, with --throughput-mode provisioned.
            --tags                             Key=string,Value=string ... (Name names it).
        "#,
    },
    Words {
        service: Efs,
        api: "DescribeFileSystems",
        summary: "Shows your file systems, one by id or creation token, or all of them.",
        options: r#"
            --creation-token  The file system with this creation token.
            --file-system-id  One file system.
        "#,
    },
    Words {
        service: Efs,
        api: "DeleteFileSystem",
        summary: "Deletes a file system, its access points and its files (FileSystemInUse while it has mount targets).",
        options: r#"
            --file-system-id  The file system.
        "#,
    },
    Words {
        service: Efs,
        api: "CreateMountTarget",
        summary: "Creates a mount target in a subnet: one per Availability Zone, creating for 60 seconds, then available.",
        options: r#"
            --file-system-id   An available file system.
            --subnet-id        A subnet of the VPC its other mount targets are in.
            --ip-address       A free address of the subnet (default: the lowest free one).
            --security-groups  Up to 5 groups of the subnet's VPC (default: the VPC's default group); they must allow TCP 2049 from the clients.
        "#,
    },
    Words {
        service: Efs,
        api: "DescribeMountTargets",
        summary: "Shows the mount targets of a file system (or one mount target, or an access point's file system's).",
        options: r#"
            --file-system-id   The file system.
            --mount-target-id  One mount target.
            --access-point-id  The file system of this access point.
        "#,
    },
    Words {
        service: Efs,
        api: "DeleteMountTarget",
        summary: "Deletes a mount target: tasks in its Availability Zone can no longer mount the file system.",
        options: r#"
            --mount-target-id  The mount target.
        "#,
    },
    Words {
        service: Efs,
        api: "DescribeMountTargetSecurityGroups",
        summary: "Shows a mount target's security groups.",
        options: r#"
            --mount-target-id  The mount target.
        "#,
    },
    Words {
        service: Efs,
        api: "ModifyMountTargetSecurityGroups",
        summary: "Replaces an available mount target's security groups (tasks already running keep their mounts).",
        options: r#"
            --mount-target-id  The mount target.
            --security-groups  Up to 5 groups of its VPC.
        "#,
    },
    Words {
        service: Efs,
        api: "CreateAccessPoint",
        summary: "Creates an access point (fsap-…): a root directory and a POSIX user for the clients that mount through it.",
        options: r#"
            --client-token    1 to 64 characters; a token in use is AccessPointAlreadyExists (the AWS CLI makes one up when omitted).
            --tags            Key=string,Value=string ...
            --file-system-id  An available file system.
            --posix-user      Uid=integer,Gid=integer,SecondaryGids=integer,integer
            --root-directory  Path=string,CreationInfo={OwnerUid=integer,OwnerGid=integer,Permissions=string} (Path: / or up to 4 levels).
        "#,
    },
    Words {
        service: Efs,
        api: "DescribeAccessPoints",
        summary: "Shows access points: one, a file system's, or all of them.",
        options: r#"
            --access-point-id  One access point.
            --file-system-id   The file system's access points.
        "#,
    },
    Words {
        service: Efs,
        api: "DeleteAccessPoint",
        summary: "Deletes an access point.",
        options: r#"
            --access-point-id  The access point.
        "#,
    },
    Words {
        service: Efs,
        api: "TagResource",
        summary: "Adds or replaces tags of a file system or access point.",
        options: r#"
            --resource-id  A file system (fs-…) or access point (fsap-…) id.
            --tags         Key=string,Value=string ...
        "#,
    },
    Words {
        service: Efs,
        api: "UntagResource",
        summary: "Removes tags from a file system or access point.",
        options: r#"
            --resource-id  A file system or access point id.
            --tag-keys     The keys to remove.
        "#,
    },
    Words {
        service: Efs,
        api: "ListTagsForResource",
        summary: "Shows the tags of a file system or access point.",
        options: r#"
            --resource-id  A file system or access point id.
        "#,
    },
];
