//! What the command line knows about each operation: the AWS CLI's option
//! names (from the botocore service models), the API member each one sets,
//! its type, whether it is required, and whether the simulator models it.
//! Adding an operation to the engine means adding a row here.

use stevedore_engine::Service;

/// The type of an option's value, which decides how its words are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Boolean,
    /// One or more words, or a JSON array.
    StringList,
    /// A list of structures: shorthand `k=v,k=v` words, or a JSON array.
    StructList(&'static [&'static str]),
    /// A structure: shorthand `k=v,k=v`, or a JSON object.
    Struct(&'static [&'static str]),
    /// A nested structure: JSON, or the AWS CLI's shorthand with nesting
    /// (`awsvpcConfiguration={subnets=[subnet-1,subnet-2],assignPublicIp=ENABLED}`).
    Json,
    /// A list of nested structures (`--container-definitions`): a JSON list,
    /// or one shorthand structure per word.
    JsonList,
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// `--cluster-name`
    pub option: &'static str,
    /// `clusterName`
    pub member: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// `false` for options AWS accepts that the simulator does not model
    /// yet: they are refused with a plain message, never ignored.
    pub modelled: bool,
    pub help: &'static str,
}

/// How the AWS CLI pages an operation: it hides the API's token and limit
/// members behind `--starting-token`, `--page-size` and `--max-items`.
#[derive(Debug, Clone, Copy)]
pub struct Paginator {
    pub input_token: &'static str,
    pub output_token: &'static str,
    pub limit_key: &'static str,
    pub result_key: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub service: Service,
    /// `create-cluster`
    pub cli_name: &'static str,
    /// `CreateCluster`
    pub api_name: &'static str,
    pub summary: &'static str,
    pub params: &'static [Param],
    pub paginator: Option<Paginator>,
}

const fn p(option: &'static str, member: &'static str, ty: Ty, help: &'static str) -> Param {
    Param {
        option,
        member,
        ty,
        required: false,
        modelled: true,
        help,
    }
}
const fn required(param: Param) -> Param {
    Param {
        required: true,
        ..param
    }
}
const fn not_modelled(param: Param) -> Param {
    Param {
        modelled: false,
        ..param
    }
}

const TAG_FIELDS: &[&str] = &["key", "value"];

/// ECR spells its tag members `Key` and `Value`.
const ECR_TAG_FIELDS: &[&str] = &["Key", "Value"];
const IMAGE_ID_FIELDS: &[&str] = &["imageDigest", "imageTag"];
const EXCLUSION_FIELDS: &[&str] = &["filterType", "filter"];
/// `CapacityProviderStrategyItem` (weight and base are integers:
/// `cli::shorthand` makes them numbers).
const STRATEGY_FIELDS: &[&str] = &["capacityProvider", "weight", "base"];

pub const OPERATIONS: &[Operation] = &[
    Operation {
        service: Service::Ecs,
        cli_name: "create-cluster",
        api_name: "CreateCluster",
        summary: "Creates a new Amazon ECS cluster (named `default` if no name is given).",
        params: &[
            p(
                "--cluster-name",
                "clusterName",
                Ty::String,
                "Up to 255 letters, numbers, hyphens and underscores.",
            ),
            p(
                "--tags",
                "tags",
                Ty::StructList(TAG_FIELDS),
                "key=string,value=string ...",
            ),
            p(
                "--settings",
                "settings",
                Ty::StructList(&["name", "value"]),
                "name=containerInsights,value=enabled|disabled|enhanced",
            ),
            not_modelled(p(
                "--configuration",
                "configuration",
                Ty::Struct(&["executeCommandConfiguration", "managedStorageConfiguration"]),
                "Execute command and managed storage configuration.",
            )),
            p(
                "--capacity-providers",
                "capacityProviders",
                Ty::StringList,
                "Capacity provider names: FARGATE, FARGATE_SPOT, or ones from create-capacity-provider (at most 20).",
            ),
            p(
                "--default-capacity-provider-strategy",
                "defaultCapacityProviderStrategy",
                Ty::StructList(STRATEGY_FIELDS),
                "capacityProvider=string,weight=integer,base=integer ...",
            ),
            not_modelled(p(
                "--service-connect-defaults",
                "serviceConnectDefaults",
                Ty::Struct(&["namespace"]),
                "namespace=string",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-clusters",
        api_name: "DescribeClusters",
        summary: "Describes one or more clusters; unknown ones are listed under failures.",
        params: &[
            p(
                "--clusters",
                "clusters",
                Ty::StringList,
                "Up to 100 cluster names or ARNs (default: default).",
            ),
            p(
                "--include",
                "include",
                Ty::StringList,
                "ATTACHMENTS | CONFIGURATIONS | SETTINGS | STATISTICS | TAGS",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-clusters",
        api_name: "ListClusters",
        summary: "Lists the ARNs of your ACTIVE clusters.",
        params: &[],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "clusterArns",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "delete-cluster",
        api_name: "DeleteCluster",
        summary: "Deletes an empty cluster (it becomes INACTIVE).",
        params: &[required(p(
            "--cluster",
            "cluster",
            Ty::String,
            "The short name or full ARN of the cluster.",
        ))],
        paginator: None,
    },
    // ---- ECS capacity providers (engine/src/ecs/capacity_provider.rs) ----
    Operation {
        service: Service::Ecs,
        cli_name: "create-capacity-provider",
        api_name: "CreateCapacityProvider",
        summary: "Creates an Auto Scaling group capacity provider (managed scaling is not simulated yet).",
        params: &[
            required(p(
                "--name",
                "name",
                Ty::String,
                "Up to 255 letters, numbers, hyphens and underscores; not starting with aws, ecs or fargate.",
            )),
            p(
                "--auto-scaling-group-provider",
                "autoScalingGroupProvider",
                Ty::Json,
                "autoScalingGroupArn=arn,managedScaling={status=DISABLED},managedTerminationProtection=DISABLED",
            ),
            p(
                "--tags",
                "tags",
                Ty::StructList(TAG_FIELDS),
                "key=string,value=string ...",
            ),
            not_modelled(p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster-scoped (Managed Instances) providers.",
            )),
            not_modelled(p(
                "--managed-instances-provider",
                "managedInstancesProvider",
                Ty::Json,
                "ECS Managed Instances.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-capacity-providers",
        api_name: "DescribeCapacityProviders",
        summary: "Describes capacity providers (all of them, FARGATE and FARGATE_SPOT included, if none is named).",
        params: &[
            p(
                "--capacity-providers",
                "capacityProviders",
                Ty::StringList,
                "Names or ARNs.",
            ),
            p("--include", "include", Ty::StringList, "TAGS"),
            p("--max-results", "maxResults", Ty::Integer, "1 to 10."),
            not_modelled(p(
                "--next-token",
                "nextToken",
                Ty::String,
                "Pagination token.",
            )),
            not_modelled(p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster-scoped (Managed Instances) providers.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "update-capacity-provider",
        api_name: "UpdateCapacityProvider",
        summary: "Changes an Auto Scaling group capacity provider's managed settings.",
        params: &[
            required(p("--name", "name", Ty::String, "Name or ARN.")),
            p(
                "--auto-scaling-group-provider",
                "autoScalingGroupProvider",
                Ty::Json,
                "managedScaling={status=DISABLED},managedTerminationProtection=DISABLED,managedDraining=DISABLED",
            ),
            not_modelled(p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster-scoped (Managed Instances) providers.",
            )),
            not_modelled(p(
                "--managed-instances-provider",
                "managedInstancesProvider",
                Ty::Json,
                "ECS Managed Instances.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "delete-capacity-provider",
        api_name: "DeleteCapacityProvider",
        summary: "Deletes a capacity provider no cluster uses (DELETE_FAILED while one does).",
        params: &[
            required(p(
                "--capacity-provider",
                "capacityProvider",
                Ty::String,
                "Name or ARN.",
            )),
            not_modelled(p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster-scoped (Managed Instances) providers.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "put-cluster-capacity-providers",
        api_name: "PutClusterCapacityProviders",
        summary: "Replaces a cluster's capacity providers and default capacity provider strategy.",
        params: &[
            required(p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN.",
            )),
            required(p(
                "--capacity-providers",
                "capacityProviders",
                Ty::StringList,
                "Every provider the cluster should have (omitted ones are removed).",
            )),
            required(p(
                "--default-capacity-provider-strategy",
                "defaultCapacityProviderStrategy",
                Ty::StructList(STRATEGY_FIELDS),
                "capacityProvider=string,weight=integer,base=integer ... ('[]' for none)",
            )),
        ],
        paginator: None,
    },
    // ---- ECS task definitions (engine/src/ecs/task_definition.rs) ----
    Operation {
        service: Service::Ecs,
        cli_name: "register-task-definition",
        api_name: "RegisterTaskDefinition",
        summary: "Registers a new revision of a task definition family.",
        params: &[
            required(p(
                "--family",
                "family",
                Ty::String,
                "Up to 255 letters, numbers, hyphens and underscores.",
            )),
            p(
                "--task-role-arn",
                "taskRoleArn",
                Ty::String,
                "The IAM role the containers use for AWS API calls.",
            ),
            p(
                "--execution-role-arn",
                "executionRoleArn",
                Ty::String,
                "The IAM role ECS uses to pull images and send logs.",
            ),
            p(
                "--network-mode",
                "networkMode",
                Ty::String,
                "bridge | host | awsvpc | none (Fargate: awsvpc).",
            ),
            required(p(
                "--container-definitions",
                "containerDefinitions",
                Ty::JsonList,
                "JSON list of container definitions (name, image, memory, portMappings, ...).",
            )),
            p(
                "--volumes",
                "volumes",
                Ty::JsonList,
                "JSON list of volumes: [{\"name\": \"data\", \"host\": {\"sourcePath\": \"/srv\"}}].",
            ),
            p(
                "--placement-constraints",
                "placementConstraints",
                Ty::StructList(&["type", "expression"]),
                "type=memberOf,expression=string ...",
            ),
            p(
                "--requires-compatibilities",
                "requiresCompatibilities",
                Ty::StringList,
                "EC2 | FARGATE",
            ),
            p(
                "--cpu",
                "cpu",
                Ty::String,
                "Task CPU units (\"256\") or vCPU (\"0.25 vCPU\").",
            ),
            p(
                "--memory",
                "memory",
                Ty::String,
                "Task memory in MiB (\"512\") or GB (\"0.5 GB\").",
            ),
            p(
                "--tags",
                "tags",
                Ty::StructList(TAG_FIELDS),
                "key=string,value=string ...",
            ),
            p("--pid-mode", "pidMode", Ty::String, "host | task"),
            p("--ipc-mode", "ipcMode", Ty::String, "host | task | none"),
            not_modelled(p(
                "--proxy-configuration",
                "proxyConfiguration",
                Ty::Json,
                "App Mesh proxy configuration.",
            )),
            not_modelled(p(
                "--inference-accelerators",
                "inferenceAccelerators",
                Ty::JsonList,
                "Elastic Inference accelerators.",
            )),
            p(
                "--ephemeral-storage",
                "ephemeralStorage",
                Ty::Json,
                "{\"sizeInGiB\": 21..200} (Fargate).",
            ),
            p(
                "--runtime-platform",
                "runtimePlatform",
                Ty::Struct(&["cpuArchitecture", "operatingSystemFamily"]),
                "cpuArchitecture=X86_64|ARM64,operatingSystemFamily=LINUX",
            ),
            not_modelled(p(
                "--enable-fault-injection",
                "enableFaultInjection",
                Ty::Boolean,
                "Fault injection.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-task-definition",
        api_name: "DescribeTaskDefinition",
        summary: "Describes a task definition: family (latest ACTIVE), family:revision or ARN.",
        params: &[
            required(p(
                "--task-definition",
                "taskDefinition",
                Ty::String,
                "family, family:revision or full ARN.",
            )),
            p("--include", "include", Ty::StringList, "TAGS"),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-task-definitions",
        api_name: "ListTaskDefinitions",
        summary: "Lists task definition ARNs (ACTIVE by default).",
        params: &[
            p(
                "--family-prefix",
                "familyPrefix",
                Ty::String,
                "The full family name (only its revisions are listed).",
            ),
            p(
                "--status",
                "status",
                Ty::String,
                "ACTIVE | INACTIVE | DELETE_IN_PROGRESS",
            ),
            p("--sort", "sort", Ty::String, "ASC | DESC"),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "taskDefinitionArns",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-task-definition-families",
        api_name: "ListTaskDefinitionFamilies",
        summary: "Lists task definition family names.",
        params: &[
            p(
                "--family-prefix",
                "familyPrefix",
                Ty::String,
                "The full family name (only its revisions are listed).",
            ),
            p("--status", "status", Ty::String, "ACTIVE | INACTIVE | ALL"),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "families",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "deregister-task-definition",
        api_name: "DeregisterTaskDefinition",
        summary: "Marks a task definition revision INACTIVE.",
        params: &[required(p(
            "--task-definition",
            "taskDefinition",
            Ty::String,
            "family:revision or full ARN.",
        ))],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "delete-task-definitions",
        api_name: "DeleteTaskDefinitions",
        summary: "Deletes INACTIVE task definition revisions (they become DELETE_IN_PROGRESS).",
        params: &[required(p(
            "--task-definitions",
            "taskDefinitions",
            Ty::StringList,
            "Up to 10 family:revision or ARNs.",
        ))],
        paginator: None,
    },
    // ---- ECS account settings (engine/src/ecs/account_settings.rs) ----
    Operation {
        service: Service::Ecs,
        cli_name: "put-account-setting",
        api_name: "PutAccountSetting",
        summary: "Sets an account setting for you (the root user: the account default) or for --principal-arn. Only awsvpcTrunking has an effect in the simulator.",
        params: &[
            required(p(
                "--name",
                "name",
                Ty::String,
                "awsvpcTrunking (simulated) | serviceLongArnFormat | taskLongArnFormat | containerInstanceLongArnFormat | containerInsights | fargateFIPSMode | tagResourceAuthorization | fargateTaskRetirementWaitPeriod | guardDutyActivate | defaultLogDriverMode | fargateEventWindows",
            )),
            required(p(
                "--value",
                "value",
                Ty::String,
                "enabled | disabled (containerInsights: also enhanced; tagResourceAuthorization: on | off; fargateTaskRetirementWaitPeriod: 0 | 7 | 14; defaultLogDriverMode: blocking | non-blocking)",
            )),
            p(
                "--principal-arn",
                "principalArn",
                Ty::String,
                "arn:aws:iam::ACCOUNT:root, …:user/NAME or …:role/NAME (default: you).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "put-account-setting-default",
        api_name: "PutAccountSettingDefault",
        summary: "Sets an account setting for every user and role that has no setting of its own.",
        params: &[
            required(p(
                "--name",
                "name",
                Ty::String,
                "The setting name (see put-account-setting).",
            )),
            required(p(
                "--value",
                "value",
                Ty::String,
                "The value (see put-account-setting).",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-account-settings",
        api_name: "ListAccountSettings",
        summary: "Lists account settings set for a principal, or with --effective-settings the values in force.",
        params: &[
            p("--name", "name", Ty::String, "Only this setting."),
            p(
                "--value",
                "value",
                Ty::String,
                "Only settings with this value (needs --name).",
            ),
            p(
                "--principal-arn",
                "principalArn",
                Ty::String,
                "The user or role to list for (default: you).",
            ),
            p(
                "--effective-settings",
                "effectiveSettings",
                Ty::Boolean,
                "Show the value in force for every setting (own, else the account default, else AWS's).",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "settings",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "delete-account-setting",
        api_name: "DeleteAccountSetting",
        summary: "Deletes a principal's own account setting (it falls back to the account default).",
        params: &[
            required(p("--name", "name", Ty::String, "The setting name.")),
            p(
                "--principal-arn",
                "principalArn",
                Ty::String,
                "The user or role (default: you).",
            ),
        ],
        paginator: None,
    },
    // ---- IAM (engine/src/iam/) ----
    Operation {
        service: Service::Iam,
        cli_name: "create-role",
        api_name: "CreateRole",
        summary: "Creates a role with a trust policy saying who may assume it.",
        params: &[
            p("--path", "Path", Ty::String, "/ by default."),
            required(p(
                "--role-name",
                "RoleName",
                Ty::String,
                "Up to 64 letters, numbers and +=,.@_-",
            )),
            required(p(
                "--assume-role-policy-document",
                "AssumeRolePolicyDocument",
                Ty::String,
                "The trust policy, as JSON text.",
            )),
            p(
                "--description",
                "Description",
                Ty::String,
                "Up to 1000 characters.",
            ),
            p(
                "--max-session-duration",
                "MaxSessionDuration",
                Ty::Integer,
                "3600..43200 seconds.",
            ),
            not_modelled(p(
                "--permissions-boundary",
                "PermissionsBoundary",
                Ty::String,
                "A managed policy ARN.",
            )),
            p(
                "--tags",
                "Tags",
                Ty::StructList(&["Key", "Value"]),
                "Key=string,Value=string ...",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "get-role",
        api_name: "GetRole",
        summary: "Describes a role.",
        params: &[required(p(
            "--role-name",
            "RoleName",
            Ty::String,
            "The role's name.",
        ))],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "list-roles",
        api_name: "ListRoles",
        summary: "Lists the account's roles.",
        params: &[p(
            "--path-prefix",
            "PathPrefix",
            Ty::String,
            "/ by default.",
        )],
        paginator: Some(Paginator {
            input_token: "Marker",
            output_token: "Marker",
            limit_key: "MaxItems",
            result_key: "Roles",
        }),
    },
    Operation {
        service: Service::Iam,
        cli_name: "delete-role",
        api_name: "DeleteRole",
        summary: "Deletes a role with no policies and no instance profile.",
        params: &[required(p(
            "--role-name",
            "RoleName",
            Ty::String,
            "The role's name.",
        ))],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "attach-role-policy",
        api_name: "AttachRolePolicy",
        summary: "Attaches an AWS managed policy to a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            required(p(
                "--policy-arn",
                "PolicyArn",
                Ty::String,
                "e.g. arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "detach-role-policy",
        api_name: "DetachRolePolicy",
        summary: "Detaches a managed policy from a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            required(p(
                "--policy-arn",
                "PolicyArn",
                Ty::String,
                "The policy ARN.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "list-attached-role-policies",
        api_name: "ListAttachedRolePolicies",
        summary: "Lists the managed policies attached to a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            p("--path-prefix", "PathPrefix", Ty::String, "/ by default."),
        ],
        paginator: Some(Paginator {
            input_token: "Marker",
            output_token: "Marker",
            limit_key: "MaxItems",
            result_key: "AttachedPolicies",
        }),
    },
    Operation {
        service: Service::Iam,
        cli_name: "put-role-policy",
        api_name: "PutRolePolicy",
        summary: "Adds or replaces an inline policy of a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            required(p(
                "--policy-name",
                "PolicyName",
                Ty::String,
                "The inline policy's name.",
            )),
            required(p(
                "--policy-document",
                "PolicyDocument",
                Ty::String,
                "The policy, as JSON text.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "get-role-policy",
        api_name: "GetRolePolicy",
        summary: "Shows an inline policy of a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            required(p(
                "--policy-name",
                "PolicyName",
                Ty::String,
                "The inline policy's name.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "delete-role-policy",
        api_name: "DeleteRolePolicy",
        summary: "Deletes an inline policy of a role.",
        params: &[
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
            required(p(
                "--policy-name",
                "PolicyName",
                Ty::String,
                "The inline policy's name.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "list-role-policies",
        api_name: "ListRolePolicies",
        summary: "Lists the names of a role's inline policies.",
        params: &[required(p(
            "--role-name",
            "RoleName",
            Ty::String,
            "The role's name.",
        ))],
        paginator: Some(Paginator {
            input_token: "Marker",
            output_token: "Marker",
            limit_key: "MaxItems",
            result_key: "PolicyNames",
        }),
    },
    Operation {
        service: Service::Iam,
        cli_name: "create-instance-profile",
        api_name: "CreateInstanceProfile",
        summary: "Creates an instance profile (a container for one role, for EC2 instances).",
        params: &[
            required(p(
                "--instance-profile-name",
                "InstanceProfileName",
                Ty::String,
                "Up to 128 letters, numbers and +=,.@_-",
            )),
            p("--path", "Path", Ty::String, "/ by default."),
            p(
                "--tags",
                "Tags",
                Ty::StructList(&["Key", "Value"]),
                "Key=string,Value=string ...",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "get-instance-profile",
        api_name: "GetInstanceProfile",
        summary: "Describes an instance profile and its role.",
        params: &[required(p(
            "--instance-profile-name",
            "InstanceProfileName",
            Ty::String,
            "The instance profile's name.",
        ))],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "add-role-to-instance-profile",
        api_name: "AddRoleToInstanceProfile",
        summary: "Puts a role in an instance profile (one role per profile).",
        params: &[
            required(p(
                "--instance-profile-name",
                "InstanceProfileName",
                Ty::String,
                "The instance profile's name.",
            )),
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "remove-role-from-instance-profile",
        api_name: "RemoveRoleFromInstanceProfile",
        summary: "Takes a role out of an instance profile.",
        params: &[
            required(p(
                "--instance-profile-name",
                "InstanceProfileName",
                Ty::String,
                "The instance profile's name.",
            )),
            required(p("--role-name", "RoleName", Ty::String, "The role's name.")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "delete-instance-profile",
        api_name: "DeleteInstanceProfile",
        summary: "Deletes an instance profile that holds no role.",
        params: &[required(p(
            "--instance-profile-name",
            "InstanceProfileName",
            Ty::String,
            "The instance profile's name.",
        ))],
        paginator: None,
    },
    // ---- ECS container instances -------------------------------------
    Operation {
        service: Service::Ecs,
        cli_name: "list-container-instances",
        api_name: "ListContainerInstances",
        summary: "Lists the container instances of a cluster (every status but INACTIVE unless --status says otherwise).",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            p(
                "--filter",
                "filter",
                Ty::String,
                "A cluster query language expression, e.g. \"attribute:ecs.instance-type == t2.micro\".",
            ),
            p(
                "--status",
                "status",
                Ty::String,
                "ACTIVE | DRAINING | REGISTERING | DEREGISTERING | REGISTRATION_FAILED",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "containerInstanceArns",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-container-instances",
        api_name: "DescribeContainerInstances",
        summary: "Describes container instances: registered and remaining CPU, memory and ports, status, attributes.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--container-instances",
                "containerInstances",
                Ty::StringList,
                "Container instance ids or ARNs.",
            )),
            not_modelled(p(
                "--include",
                "include",
                Ty::StringList,
                "TAGS | CONTAINER_INSTANCE_HEALTH",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "deregister-container-instance",
        api_name: "DeregisterContainerInstance",
        summary: "Removes a container instance from its cluster (--force stops its tasks).",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--container-instance",
                "containerInstance",
                Ty::String,
                "Container instance id or ARN.",
            )),
            p(
                "--force",
                "force",
                Ty::Boolean,
                "Deregister even if tasks are running (--no-force).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "update-container-instances-state",
        api_name: "UpdateContainerInstancesState",
        summary: "Sets container instances to DRAINING or back to ACTIVE.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--container-instances",
                "containerInstances",
                Ty::StringList,
                "Container instance ids or ARNs.",
            )),
            required(p("--status", "status", Ty::String, "ACTIVE | DRAINING")),
        ],
        paginator: None,
    },
    // ---- ECS tasks (engine/src/ecs/run_task.rs) ------------------------
    Operation {
        service: Service::Ecs,
        cli_name: "run-task",
        api_name: "RunTask",
        summary: "Starts tasks from a task definition on EC2 container instances (placed by strategy and constraints) or on Fargate.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--task-definition",
                "taskDefinition",
                Ty::String,
                "family, family:revision or ARN.",
            )),
            p("--count", "count", Ty::Integer, "1 to 10 tasks."),
            p("--launch-type", "launchType", Ty::String, "EC2 | FARGATE"),
            p(
                "--network-configuration",
                "networkConfiguration",
                Ty::Json,
                "awsvpcConfiguration={subnets=[subnet-…],securityGroups=[sg-…],assignPublicIp=ENABLED} (JSON)",
            ),
            p(
                "--placement-strategy",
                "placementStrategy",
                Ty::StructList(&["type", "field"]),
                "type=binpack,field=memory type=spread,field=attribute:ecs.availability-zone ...",
            ),
            p(
                "--placement-constraints",
                "placementConstraints",
                Ty::StructList(&["type", "expression"]),
                "type=distinctInstance | type=memberOf,expression=\"…\"",
            ),
            p(
                "--started-by",
                "startedBy",
                Ty::String,
                "A label for ListTasks --started-by.",
            ),
            p(
                "--group",
                "group",
                Ty::String,
                "Task group (default family:<family>).",
            ),
            p(
                "--platform-version",
                "platformVersion",
                Ty::String,
                "Fargate: LATEST (1.4.0).",
            ),
            not_modelled(p(
                "--overrides",
                "overrides",
                Ty::Json,
                "Container overrides.",
            )),
            p(
                "--capacity-provider-strategy",
                "capacityProviderStrategy",
                Ty::StructList(STRATEGY_FIELDS),
                "capacityProvider=string,weight=integer,base=integer ... (not with --launch-type)",
            ),
            not_modelled(p("--tags", "tags", Ty::StructList(TAG_FIELDS), "Tags.")),
            not_modelled(p(
                "--enable-execute-command",
                "enableExecuteCommand",
                Ty::Boolean,
                "ECS Exec.",
            )),
            not_modelled(p(
                "--enable-ecs-managed-tags",
                "enableECSManagedTags",
                Ty::Boolean,
                "Managed tags.",
            )),
            not_modelled(p(
                "--propagate-tags",
                "propagateTags",
                Ty::String,
                "TASK_DEFINITION | SERVICE | NONE",
            )),
            not_modelled(p(
                "--reference-id",
                "referenceId",
                Ty::String,
                "Reference id.",
            )),
            not_modelled(p(
                "--client-token",
                "clientToken",
                Ty::String,
                "Idempotency token.",
            )),
            not_modelled(p(
                "--volume-configurations",
                "volumeConfigurations",
                Ty::JsonList,
                "EBS volumes.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "start-task",
        api_name: "StartTask",
        summary: "Starts a task on each named container instance.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--task-definition",
                "taskDefinition",
                Ty::String,
                "family, family:revision or ARN.",
            )),
            required(p(
                "--container-instances",
                "containerInstances",
                Ty::StringList,
                "Up to 10 container instance ids or ARNs.",
            )),
            p(
                "--network-configuration",
                "networkConfiguration",
                Ty::Json,
                "awsvpcConfiguration (JSON)",
            ),
            p("--started-by", "startedBy", Ty::String, "A label."),
            p("--group", "group", Ty::String, "Task group."),
            not_modelled(p(
                "--overrides",
                "overrides",
                Ty::Json,
                "Container overrides.",
            )),
            not_modelled(p("--tags", "tags", Ty::StructList(TAG_FIELDS), "Tags.")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "stop-task",
        api_name: "StopTask",
        summary: "Stops a task (stopCode UserInitiated).",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p("--task", "task", Ty::String, "Task id or ARN.")),
            p(
                "--reason",
                "reason",
                Ty::String,
                "Shown as stoppedReason (default: Task stopped by user).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-tasks",
        api_name: "DescribeTasks",
        summary: "Describes tasks: lastStatus, desiredStatus, containers, stopCode and stoppedReason.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--tasks",
                "tasks",
                Ty::StringList,
                "Up to 100 task ids or ARNs.",
            )),
            not_modelled(p("--include", "include", Ty::StringList, "TAGS")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-tasks",
        api_name: "ListTasks",
        summary: "Lists task ARNs (desired status RUNNING unless --desired-status says otherwise).",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            p(
                "--container-instance",
                "containerInstance",
                Ty::String,
                "Only tasks on this instance.",
            ),
            p(
                "--family",
                "family",
                Ty::String,
                "Only tasks of this family.",
            ),
            p(
                "--started-by",
                "startedBy",
                Ty::String,
                "Only tasks with this startedBy.",
            ),
            p(
                "--service-name",
                "serviceName",
                Ty::String,
                "Only tasks of this service.",
            ),
            p(
                "--desired-status",
                "desiredStatus",
                Ty::String,
                "RUNNING | PENDING | STOPPED",
            ),
            p("--launch-type", "launchType", Ty::String, "EC2 | FARGATE"),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "taskArns",
        }),
    },
    // ---- ECS services (engine/src/ecs/service.rs) ---------------------
    Operation {
        service: Service::Ecs,
        cli_name: "create-service",
        api_name: "CreateService",
        summary: "Creates a service: REPLICA keeps desiredCount tasks running, DAEMON one task per container instance.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--service-name",
                "serviceName",
                Ty::String,
                "The service name.",
            )),
            p(
                "--task-definition",
                "taskDefinition",
                Ty::String,
                "family, family:revision or ARN.",
            ),
            p(
                "--desired-count",
                "desiredCount",
                Ty::Integer,
                "Tasks to keep running (REPLICA only).",
            ),
            p("--launch-type", "launchType", Ty::String, "EC2 | FARGATE"),
            p(
                "--network-configuration",
                "networkConfiguration",
                Ty::Json,
                "awsvpcConfiguration (JSON)",
            ),
            p(
                "--placement-strategy",
                "placementStrategy",
                Ty::StructList(&["type", "field"]),
                "type=spread,field=attribute:ecs.availability-zone ...",
            ),
            p(
                "--placement-constraints",
                "placementConstraints",
                Ty::StructList(&["type", "expression"]),
                "type=distinctInstance ...",
            ),
            p(
                "--scheduling-strategy",
                "schedulingStrategy",
                Ty::String,
                "REPLICA (default) | DAEMON (one task per container instance; no --desired-count or --placement-strategy; not on Fargate)",
            ),
            not_modelled(p(
                "--load-balancers",
                "loadBalancers",
                Ty::JsonList,
                "Target groups.",
            )),
            p(
                "--deployment-configuration",
                "deploymentConfiguration",
                Ty::Json,
                "Rolling update settings as JSON (nested, so not shorthand): {\"maximumPercent\":200,\"minimumHealthyPercent\":100,\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}}",
            ),
            not_modelled(p(
                "--deployment-controller",
                "deploymentController",
                Ty::Json,
                "ECS | CODE_DEPLOY | EXTERNAL",
            )),
            p(
                "--capacity-provider-strategy",
                "capacityProviderStrategy",
                Ty::StructList(STRATEGY_FIELDS),
                "capacityProvider=string,weight=integer,base=integer ... (not with --launch-type)",
            ),
            not_modelled(p(
                "--service-registries",
                "serviceRegistries",
                Ty::JsonList,
                "Cloud Map.",
            )),
            p(
                "--health-check-grace-period-seconds",
                "healthCheckGracePeriodSeconds",
                Ty::Integer,
                "Seconds after a task starts during which the scheduler ignores its health checks (default 0).",
            ),
            not_modelled(p(
                "--platform-version",
                "platformVersion",
                Ty::String,
                "Fargate platform.",
            )),
            not_modelled(p("--tags", "tags", Ty::StructList(TAG_FIELDS), "Tags.")),
            not_modelled(p(
                "--client-token",
                "clientToken",
                Ty::String,
                "Idempotency token.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "describe-services",
        api_name: "DescribeServices",
        summary: "Describes services: desired, running and pending counts, events.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--services",
                "services",
                Ty::StringList,
                "Up to 10 service names or ARNs.",
            )),
            not_modelled(p("--include", "include", Ty::StringList, "TAGS")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "list-services",
        api_name: "ListServices",
        summary: "Lists the ARNs of a cluster's services.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            p("--launch-type", "launchType", Ty::String, "EC2 | FARGATE"),
            p(
                "--scheduling-strategy",
                "schedulingStrategy",
                Ty::String,
                "REPLICA | DAEMON",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "serviceArns",
        }),
    },
    Operation {
        service: Service::Ecs,
        cli_name: "update-service",
        api_name: "UpdateService",
        summary: "Changes a service's desired count, task definition (rolling deployment) or deployment configuration.",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--service",
                "service",
                Ty::String,
                "Service name or ARN.",
            )),
            p(
                "--desired-count",
                "desiredCount",
                Ty::Integer,
                "Tasks to keep running.",
            ),
            p(
                "--task-definition",
                "taskDefinition",
                Ty::String,
                "A new revision: starts a rolling deployment.",
            ),
            p(
                "--force-new-deployment",
                "forceNewDeployment",
                Ty::Boolean,
                "Redeploy the same revision (--no-force-new-deployment).",
            ),
            p(
                "--deployment-configuration",
                "deploymentConfiguration",
                Ty::Json,
                "Rolling update settings as JSON (nested, so not shorthand): {\"maximumPercent\":200,\"minimumHealthyPercent\":100,\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}}",
            ),
            not_modelled(p(
                "--network-configuration",
                "networkConfiguration",
                Ty::Json,
                "awsvpcConfiguration",
            )),
            p(
                "--health-check-grace-period-seconds",
                "healthCheckGracePeriodSeconds",
                Ty::Integer,
                "Seconds after a task starts during which the scheduler ignores its health checks.",
            ),
            p(
                "--capacity-provider-strategy",
                "capacityProviderStrategy",
                Ty::StructList(STRATEGY_FIELDS),
                "A new strategy: starts a rolling deployment.",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecs,
        cli_name: "delete-service",
        api_name: "DeleteService",
        summary: "Deletes a service scaled to 0 (or with --force).",
        params: &[
            p(
                "--cluster",
                "cluster",
                Ty::String,
                "Cluster name or ARN (default: default).",
            ),
            required(p(
                "--service",
                "service",
                Ty::String,
                "Service name or ARN.",
            )),
            p(
                "--force",
                "force",
                Ty::Boolean,
                "Delete even if scaled above 0.",
            ),
        ],
        paginator: None,
    },
    // ---- EC2 ---------------------------------------------------------
    Operation {
        service: Service::Ec2,
        cli_name: "create-vpc",
        api_name: "CreateVpc",
        summary: "Creates a VPC with an IPv4 block between /16 and /28.",
        params: &[
            p("--cidr-block", "CidrBlock", Ty::String, "e.g. 10.0.0.0/16"),
            p(
                "--instance-tenancy",
                "InstanceTenancy",
                Ty::String,
                "default",
            ),
            not_modelled(p(
                "--amazon-provided-ipv6-cidr-block",
                "AmazonProvidedIpv6CidrBlock",
                Ty::Boolean,
                "IPv6 block.",
            )),
            not_modelled(p(
                "--tag-specifications",
                "TagSpecifications",
                Ty::JsonList,
                "Tags.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-vpcs",
        api_name: "DescribeVpcs",
        summary: "Describes VPCs (filters: vpc-id, is-default, cidr, cidr-block).",
        params: &[
            p("--vpc-ids", "VpcIds", Ty::StringList, "VPC ids."),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Vpcs",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "create-subnet",
        api_name: "CreateSubnet",
        summary: "Creates a subnet inside a VPC's block in one Availability Zone.",
        params: &[
            required(p("--vpc-id", "VpcId", Ty::String, "The VPC.")),
            p(
                "--cidr-block",
                "CidrBlock",
                Ty::String,
                "e.g. 10.0.1.0/24 (inside the VPC, not overlapping).",
            ),
            p(
                "--availability-zone",
                "AvailabilityZone",
                Ty::String,
                "e.g. us-east-1a",
            ),
            not_modelled(p(
                "--ipv6-cidr-block",
                "Ipv6CidrBlock",
                Ty::String,
                "IPv6 block.",
            )),
            not_modelled(p(
                "--tag-specifications",
                "TagSpecifications",
                Ty::JsonList,
                "Tags.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-subnets",
        api_name: "DescribeSubnets",
        summary: "Describes subnets (filters: vpc-id, subnet-id, availability-zone, default-for-az).",
        params: &[
            p("--subnet-ids", "SubnetIds", Ty::StringList, "Subnet ids."),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Subnets",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-network-interfaces",
        api_name: "DescribeNetworkInterfaces",
        summary: "Describes the ENIs of awsvpc tasks (Association.PublicIp: a Fargate task's public IP).",
        params: &[
            p(
                "--network-interface-ids",
                "NetworkInterfaceIds",
                Ty::StringList,
                "ENI ids.",
            ),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "NetworkInterfaces",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "create-security-group",
        api_name: "CreateSecurityGroup",
        summary: "Creates a security group: no inbound rules, all outbound traffic allowed.",
        params: &[
            required(p(
                "--description",
                "Description",
                Ty::String,
                "What the group is for.",
            )),
            required(p(
                "--group-name",
                "GroupName",
                Ty::String,
                "Unique in its VPC; not sg-*.",
            )),
            p(
                "--vpc-id",
                "VpcId",
                Ty::String,
                "The VPC (default: the default VPC).",
            ),
            not_modelled(p(
                "--tag-specifications",
                "TagSpecifications",
                Ty::JsonList,
                "Tags.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-security-groups",
        api_name: "DescribeSecurityGroups",
        summary: "Describes security groups and their rules (filters: vpc-id, group-name, group-id).",
        params: &[
            p("--group-ids", "GroupIds", Ty::StringList, "Group ids."),
            p(
                "--group-names",
                "GroupNames",
                Ty::StringList,
                "Group names (default VPC).",
            ),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "SecurityGroups",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "authorize-security-group-ingress",
        api_name: "AuthorizeSecurityGroupIngress",
        summary: "Adds inbound rules: --ip-permissions, or --protocol/--port with --cidr or --source-group.",
        params: SECURITY_GROUP_INGRESS_PARAMS,
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "revoke-security-group-ingress",
        api_name: "RevokeSecurityGroupIngress",
        summary: "Removes inbound rules (named exactly as they were added).",
        params: SECURITY_GROUP_INGRESS_PARAMS,
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "delete-security-group",
        api_name: "DeleteSecurityGroup",
        summary: "Deletes a security group no instance uses and no other group references.",
        params: &[
            p("--group-id", "GroupId", Ty::String, "The group id."),
            p(
                "--group-name",
                "GroupName",
                Ty::String,
                "The group name (default VPC).",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "create-launch-template",
        api_name: "CreateLaunchTemplate",
        summary: "Creates a launch template (ImageId, InstanceType, IamInstanceProfile, SecurityGroupIds, UserData).",
        params: &[
            required(p(
                "--launch-template-name",
                "LaunchTemplateName",
                Ty::String,
                "3-128 characters.",
            )),
            required(p(
                "--launch-template-data",
                "LaunchTemplateData",
                Ty::Json,
                "JSON: {\"ImageId\": \"ami-…\", \"InstanceType\": \"t2.micro\", \"UserData\": \"<base64>\", …}",
            )),
            p(
                "--version-description",
                "VersionDescription",
                Ty::String,
                "A description of version 1.",
            ),
            not_modelled(p(
                "--client-token",
                "ClientToken",
                Ty::String,
                "Idempotency token.",
            )),
            not_modelled(p(
                "--tag-specifications",
                "TagSpecifications",
                Ty::JsonList,
                "Tags.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-launch-templates",
        api_name: "DescribeLaunchTemplates",
        summary: "Describes launch templates.",
        params: &[
            p(
                "--launch-template-ids",
                "LaunchTemplateIds",
                Ty::StringList,
                "Template ids.",
            ),
            p(
                "--launch-template-names",
                "LaunchTemplateNames",
                Ty::StringList,
                "Template names.",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "LaunchTemplates",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-instances",
        api_name: "DescribeInstances",
        summary: "Describes EC2 instances (filters: instance-id, instance-state-name, instance-type, subnet-id, vpc-id, availability-zone, tag:aws:autoscaling:groupName).",
        params: &[
            p(
                "--instance-ids",
                "InstanceIds",
                Ty::StringList,
                "Instance ids.",
            ),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Reservations",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "describe-images",
        api_name: "DescribeImages",
        summary: "Describes the public AMIs the simulator has: the Amazon ECS-optimized and Amazon Linux AMIs (filters: name, architecture, image-id, owner-alias, owner-id, state, description; * and ? wildcards).",
        params: &[
            p("--image-ids", "ImageIds", Ty::StringList, "AMI ids."),
            p(
                "--owners",
                "Owners",
                Ty::StringList,
                "amazon, self, or account ids.",
            ),
            p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string,string ...",
            ),
            not_modelled(p(
                "--executable-users",
                "ExecutableUsers",
                Ty::StringList,
                "Users with launch permissions.",
            )),
            not_modelled(p(
                "--include-deprecated",
                "IncludeDeprecated",
                Ty::Boolean,
                "Include deprecated AMIs.",
            )),
            not_modelled(p(
                "--include-disabled",
                "IncludeDisabled",
                Ty::Boolean,
                "Include disabled AMIs.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Images",
        }),
    },
    Operation {
        service: Service::Ec2,
        cli_name: "terminate-instances",
        api_name: "TerminateInstances",
        summary: "Terminates instances (an Auto Scaling group replaces its own).",
        params: &[
            required(p(
                "--instance-ids",
                "InstanceIds",
                Ty::StringList,
                "Instance ids.",
            )),
            not_modelled(p(
                "--dry-run",
                "DryRun",
                Ty::Boolean,
                "Check permissions only.",
            )),
        ],
        paginator: None,
    },
    // ---- EC2 Auto Scaling ----------------------------------------------
    Operation {
        service: Service::AutoScaling,
        cli_name: "create-auto-scaling-group",
        api_name: "CreateAutoScalingGroup",
        summary: "Creates an Auto Scaling group that keeps DesiredCapacity instances of a launch template across its subnets.",
        params: &[
            required(p(
                "--auto-scaling-group-name",
                "AutoScalingGroupName",
                Ty::String,
                "The group name.",
            )),
            p(
                "--launch-template",
                "LaunchTemplate",
                Ty::Struct(LAUNCH_TEMPLATE_FIELDS),
                "LaunchTemplateName=string,Version=$Latest",
            ),
            required(p(
                "--min-size",
                "MinSize",
                Ty::Integer,
                "Minimum instances.",
            )),
            required(p(
                "--max-size",
                "MaxSize",
                Ty::Integer,
                "Maximum instances.",
            )),
            p(
                "--desired-capacity",
                "DesiredCapacity",
                Ty::Integer,
                "Instances to keep (default: min size).",
            ),
            p(
                "--vpc-zone-identifier",
                "VPCZoneIdentifier",
                Ty::String,
                "\"subnet-a,subnet-b\"",
            ),
            p(
                "--availability-zones",
                "AvailabilityZones",
                Ty::StringList,
                "Zones (their default subnets).",
            ),
            not_modelled(p(
                "--launch-configuration-name",
                "LaunchConfigurationName",
                Ty::String,
                "Deprecated launch configurations.",
            )),
            not_modelled(p(
                "--mixed-instances-policy",
                "MixedInstancesPolicy",
                Ty::Json,
                "Several instance types.",
            )),
            not_modelled(p(
                "--instance-id",
                "InstanceId",
                Ty::String,
                "Copy an instance's settings.",
            )),
            not_modelled(p(
                "--target-group-arns",
                "TargetGroupARNs",
                Ty::StringList,
                "Load balancer target groups.",
            )),
            not_modelled(p("--tags", "Tags", Ty::JsonList, "Tags.")),
            not_modelled(p(
                "--default-cooldown",
                "DefaultCooldown",
                Ty::Integer,
                "Seconds (default 300).",
            )),
            p("--health-check-type", "HealthCheckType", Ty::String, "EC2"),
            not_modelled(p(
                "--health-check-grace-period",
                "HealthCheckGracePeriod",
                Ty::Integer,
                "Seconds.",
            )),
            not_modelled(p(
                "--new-instances-protected-from-scale-in",
                "NewInstancesProtectedFromScaleIn",
                Ty::Boolean,
                "Scale-in protection.",
            )),
            not_modelled(p(
                "--capacity-rebalance",
                "CapacityRebalance",
                Ty::Boolean,
                "Spot rebalancing.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "update-auto-scaling-group",
        api_name: "UpdateAutoScalingGroup",
        summary: "Changes a group's sizes, launch template or subnets; it then launches or terminates instances.",
        params: &[
            required(p(
                "--auto-scaling-group-name",
                "AutoScalingGroupName",
                Ty::String,
                "The group name.",
            )),
            p(
                "--launch-template",
                "LaunchTemplate",
                Ty::Struct(LAUNCH_TEMPLATE_FIELDS),
                "LaunchTemplateName=string,Version=$Latest",
            ),
            p("--min-size", "MinSize", Ty::Integer, "Minimum instances."),
            p("--max-size", "MaxSize", Ty::Integer, "Maximum instances."),
            p(
                "--desired-capacity",
                "DesiredCapacity",
                Ty::Integer,
                "Instances to keep.",
            ),
            p(
                "--vpc-zone-identifier",
                "VPCZoneIdentifier",
                Ty::String,
                "\"subnet-a,subnet-b\"",
            ),
            not_modelled(p(
                "--default-cooldown",
                "DefaultCooldown",
                Ty::Integer,
                "Seconds.",
            )),
            p("--health-check-type", "HealthCheckType", Ty::String, "EC2"),
            not_modelled(p(
                "--health-check-grace-period",
                "HealthCheckGracePeriod",
                Ty::Integer,
                "Seconds.",
            )),
            not_modelled(p(
                "--new-instances-protected-from-scale-in",
                "NewInstancesProtectedFromScaleIn",
                Ty::Boolean,
                "Scale-in protection.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "set-desired-capacity",
        api_name: "SetDesiredCapacity",
        summary: "Sets how many instances the group keeps (between min and max).",
        params: &[
            required(p(
                "--auto-scaling-group-name",
                "AutoScalingGroupName",
                Ty::String,
                "The group name.",
            )),
            required(p(
                "--desired-capacity",
                "DesiredCapacity",
                Ty::Integer,
                "Instances to keep.",
            )),
            not_modelled(p(
                "--honor-cooldown",
                "HonorCooldown",
                Ty::Boolean,
                "Wait for the cooldown.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "describe-auto-scaling-groups",
        api_name: "DescribeAutoScalingGroups",
        summary: "Describes Auto Scaling groups and their instances.",
        params: &[
            p(
                "--auto-scaling-group-names",
                "AutoScalingGroupNames",
                Ty::StringList,
                "Group names (default: all).",
            ),
            not_modelled(p(
                "--filters",
                "Filters",
                Ty::StructList(FILTER_FIELDS),
                "Name=string,Values=string ...",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxRecords",
            result_key: "AutoScalingGroups",
        }),
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "delete-auto-scaling-group",
        api_name: "DeleteAutoScalingGroup",
        summary: "Deletes an empty group; --force-delete terminates its instances first.",
        params: &[
            required(p(
                "--auto-scaling-group-name",
                "AutoScalingGroupName",
                Ty::String,
                "The group name.",
            )),
            p(
                "--force-delete",
                "ForceDelete",
                Ty::Boolean,
                "Terminate the instances too (--no-force-delete).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "terminate-instance-in-auto-scaling-group",
        api_name: "TerminateInstanceInAutoScalingGroup",
        summary: "Terminates one instance of a group, lowering the desired capacity or replacing it.",
        params: &[
            required(p(
                "--instance-id",
                "InstanceId",
                Ty::String,
                "The instance.",
            )),
            required(p(
                "--should-decrement-desired-capacity",
                "ShouldDecrementDesiredCapacity",
                Ty::Boolean,
                "--should-decrement-desired-capacity | --no-should-decrement-desired-capacity",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::AutoScaling,
        cli_name: "describe-scaling-activities",
        api_name: "DescribeScalingActivities",
        summary: "Lists a group's launches and terminations, newest first.",
        params: &[
            p(
                "--auto-scaling-group-name",
                "AutoScalingGroupName",
                Ty::String,
                "The group name.",
            ),
            p(
                "--activity-ids",
                "ActivityIds",
                Ty::StringList,
                "Activity ids.",
            ),
            not_modelled(p(
                "--include-deleted-groups",
                "IncludeDeletedGroups",
                Ty::Boolean,
                "Activities of deleted groups.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxRecords",
            result_key: "Activities",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "create-repository",
        api_name: "CreateRepository",
        summary: "Creates a private repository (F10.2 name rules; MUTABLE tags and AES256 by default).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "2-256 characters: lowercase letters, numbers, . _ - and / for namespaces.",
            )),
            p(
                "--tags",
                "tags",
                Ty::StructList(ECR_TAG_FIELDS),
                "Key=string,Value=string ...",
            ),
            p(
                "--image-tag-mutability",
                "imageTagMutability",
                Ty::String,
                "MUTABLE | IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION",
            ),
            p(
                "--image-tag-mutability-exclusion-filters",
                "imageTagMutabilityExclusionFilters",
                Ty::StructList(EXCLUSION_FIELDS),
                "filterType=WILDCARD,filter=string ...",
            ),
            p(
                "--image-scanning-configuration",
                "imageScanningConfiguration",
                Ty::Struct(&["scanOnPush"]),
                "scanOnPush=true|false",
            ),
            p(
                "--encryption-configuration",
                "encryptionConfiguration",
                Ty::Struct(&["encryptionType", "kmsKey"]),
                "encryptionType=AES256|KMS|KMS_DSSE,kmsKey=string",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "describe-repositories",
        api_name: "DescribeRepositories",
        summary: "Describes repositories (all of them, or the ones named).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            p(
                "--repository-names",
                "repositoryNames",
                Ty::StringList,
                "Up to 100 repository names.",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "repositories",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "delete-repository",
        api_name: "DeleteRepository",
        summary: "Deletes a repository; with --force also the images in it.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            p(
                "--force",
                "force",
                Ty::Boolean,
                "Delete the repository even if it contains images.",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "put-image-tag-mutability",
        api_name: "PutImageTagMutability",
        summary: "Sets whether image tags can be overwritten.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-tag-mutability",
                "imageTagMutability",
                Ty::String,
                "MUTABLE | IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION",
            )),
            p(
                "--image-tag-mutability-exclusion-filters",
                "imageTagMutabilityExclusionFilters",
                Ty::StructList(EXCLUSION_FIELDS),
                "filterType=WILDCARD,filter=string ...",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "put-image-scanning-configuration",
        api_name: "PutImageScanningConfiguration",
        summary: "Turns scan on push on or off for a repository.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-scanning-configuration",
                "imageScanningConfiguration",
                Ty::Struct(&["scanOnPush"]),
                "scanOnPush=true|false",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "list-images",
        api_name: "ListImages",
        summary: "Lists the image IDs in a repository (one entry per tag; untagged images by digest).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            p(
                "--filter",
                "filter",
                Ty::Struct(&["tagStatus"]),
                "tagStatus=TAGGED|UNTAGGED|ANY",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "imageIds",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "describe-images",
        api_name: "DescribeImages",
        summary: "Describes images: digest, tags, size, push time, scan status.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            p(
                "--image-ids",
                "imageIds",
                Ty::StructList(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string ...",
            ),
            p(
                "--filter",
                "filter",
                Ty::Struct(&["tagStatus"]),
                "tagStatus=TAGGED|UNTAGGED|ANY",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "imageDetails",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "batch-delete-image",
        api_name: "BatchDeleteImage",
        summary: "Deletes images by digest, or removes tags (an image goes with its last tag).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-ids",
                "imageIds",
                Ty::StructList(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string ...",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "batch-get-image",
        api_name: "BatchGetImage",
        summary: "Gets image manifests.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-ids",
                "imageIds",
                Ty::StructList(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string ...",
            )),
            p(
                "--accepted-media-types",
                "acceptedMediaTypes",
                Ty::StringList,
                "Manifest media types (only the Docker v2 manifest is simulated).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "put-lifecycle-policy",
        api_name: "PutLifecyclePolicy",
        summary: "Sets a repository's lifecycle policy (evaluated within 24 hours, then daily).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--lifecycle-policy-text",
                "lifecyclePolicyText",
                Ty::String,
                "The policy JSON: {\"rules\":[...]}",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "get-lifecycle-policy",
        api_name: "GetLifecyclePolicy",
        summary: "Shows a repository's lifecycle policy.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "delete-lifecycle-policy",
        api_name: "DeleteLifecyclePolicy",
        summary: "Deletes a repository's lifecycle policy.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "start-lifecycle-policy-preview",
        api_name: "StartLifecyclePolicyPreview",
        summary: "Previews what a lifecycle policy would expire now.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            p(
                "--lifecycle-policy-text",
                "lifecyclePolicyText",
                Ty::String,
                "The policy to preview (default: the repository's).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "get-lifecycle-policy-preview",
        api_name: "GetLifecyclePolicyPreview",
        summary: "Shows the result of a lifecycle policy preview.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            not_modelled(p(
                "--image-ids",
                "imageIds",
                Ty::StructList(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string ...",
            )),
            p(
                "--filter",
                "filter",
                Ty::Struct(&["tagStatus"]),
                "tagStatus=TAGGED|UNTAGGED|ANY",
            ),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "previewResults",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "get-authorization-token",
        api_name: "GetAuthorizationToken",
        summary: "Gets a registry token for docker login (valid 12 hours).",
        params: &[p(
            "--registry-ids",
            "registryIds",
            Ty::StringList,
            "Deprecated: the token covers every registry you can access.",
        )],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "start-image-scan",
        api_name: "StartImageScan",
        summary: "Starts a basic scan of an image (once per image per 24 hours).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-id",
                "imageId",
                Ty::Struct(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "describe-image-scan-findings",
        api_name: "DescribeImageScanFindings",
        summary: "Shows the findings of an image's scan.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-id",
                "imageId",
                Ty::Struct(IMAGE_ID_FIELDS),
                "imageDigest=string,imageTag=string",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key: "imageScanFindings.findings",
        }),
    },
    Operation {
        service: Service::Ecr,
        cli_name: "set-repository-policy",
        api_name: "SetRepositoryPolicy",
        summary: "Sets a repository policy (e.g. to let another account pull).",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--policy-text",
                "policyText",
                Ty::String,
                "The policy JSON (Statement with Effect, Principal, Action).",
            )),
            p(
                "--force",
                "force",
                Ty::Boolean,
                "Set the policy even if it could lock you out.",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "get-repository-policy",
        api_name: "GetRepositoryPolicy",
        summary: "Shows a repository policy.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "delete-repository-policy",
        api_name: "DeleteRepositoryPolicy",
        summary: "Deletes a repository policy.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Iam,
        cli_name: "simulate-principal-policy",
        api_name: "SimulatePrincipalPolicy",
        summary: "Evaluates a role's policies for actions on resources (allowed, explicitDeny, implicitDeny).",
        params: &[
            required(p(
                "--policy-source-arn",
                "PolicySourceArn",
                Ty::String,
                "The role's ARN.",
            )),
            required(p(
                "--action-names",
                "ActionNames",
                Ty::StringList,
                "service:Action ...",
            )),
            p(
                "--resource-arns",
                "ResourceArns",
                Ty::StringList,
                "Resource ARNs (default *).",
            ),
            not_modelled(p(
                "--policy-input-list",
                "PolicyInputList",
                Ty::StringList,
                "Extra policies to include.",
            )),
            not_modelled(p(
                "--permissions-boundary-policy-input-list",
                "PermissionsBoundaryPolicyInputList",
                Ty::StringList,
                "A permissions boundary to include.",
            )),
            not_modelled(p(
                "--resource-policy",
                "ResourcePolicy",
                Ty::String,
                "A resource-based policy.",
            )),
            not_modelled(p(
                "--resource-owner",
                "ResourceOwner",
                Ty::String,
                "The resource owner's account.",
            )),
            not_modelled(p("--caller-arn", "CallerArn", Ty::String, "The caller.")),
            not_modelled(p(
                "--context-entries",
                "ContextEntries",
                Ty::JsonList,
                "Condition context keys.",
            )),
            not_modelled(p(
                "--resource-handling-option",
                "ResourceHandlingOption",
                Ty::String,
                "EC2 scenario.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "put-image",
        api_name: "PutImage",
        summary: "Adds a tag to an image by its manifest (from batch-get-image); new images come with docker push.",
        params: &[
            p(
                "--registry-id",
                "registryId",
                Ty::String,
                "The AWS account ID of the registry (default: yours).",
            ),
            required(p(
                "--repository-name",
                "repositoryName",
                Ty::String,
                "The repository name, e.g. team-a/web-app.",
            )),
            required(p(
                "--image-manifest",
                "imageManifest",
                Ty::String,
                "The image manifest JSON (from batch-get-image).",
            )),
            p(
                "--image-manifest-media-type",
                "imageManifestMediaType",
                Ty::String,
                "application/vnd.docker.distribution.manifest.v2+json",
            ),
            p(
                "--image-tag",
                "imageTag",
                Ty::String,
                "The tag to put on the image (1-300 characters).",
            ),
            p(
                "--image-digest",
                "imageDigest",
                Ty::String,
                "The image digest, sha256:<64 hex>.",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "tag-resource",
        api_name: "TagResource",
        summary: "Adds or changes tags on a repository.",
        params: &[
            required(p(
                "--resource-arn",
                "resourceArn",
                Ty::String,
                "The repository ARN.",
            )),
            required(p(
                "--tags",
                "tags",
                Ty::StructList(ECR_TAG_FIELDS),
                "Key=string,Value=string ...",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "untag-resource",
        api_name: "UntagResource",
        summary: "Removes tags from a repository.",
        params: &[
            required(p(
                "--resource-arn",
                "resourceArn",
                Ty::String,
                "The repository ARN.",
            )),
            required(p(
                "--tag-keys",
                "tagKeys",
                Ty::StringList,
                "The keys of the tags to remove.",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ecr,
        cli_name: "list-tags-for-resource",
        api_name: "ListTagsForResource",
        summary: "Lists the tags of a repository.",
        params: &[required(p(
            "--resource-arn",
            "resourceArn",
            Ty::String,
            "The repository ARN.",
        ))],
        paginator: None,
    },
    // ---- CloudWatch Logs (engine/src/logs.rs) ----
    Operation {
        service: Service::Logs,
        cli_name: "create-log-group",
        api_name: "CreateLogGroup",
        summary: "Creates a log group (awslogs containers write streams into it).",
        params: &[
            required(p(
                "--log-group-name",
                "logGroupName",
                Ty::String,
                "1-512 of a-z A-Z 0-9 _ - / . #, e.g. /ecs/web.",
            )),
            not_modelled(p("--kms-key-id", "kmsKeyId", Ty::String, "A KMS key ARN.")),
            not_modelled(p("--tags", "tags", Ty::Json, "key=value,...")),
            not_modelled(p(
                "--log-group-class",
                "logGroupClass",
                Ty::String,
                "STANDARD | INFREQUENT_ACCESS",
            )),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Logs,
        cli_name: "delete-log-group",
        api_name: "DeleteLogGroup",
        summary: "Deletes a log group and its streams.",
        params: &[required(p(
            "--log-group-name",
            "logGroupName",
            Ty::String,
            "The log group.",
        ))],
        paginator: None,
    },
    Operation {
        service: Service::Logs,
        cli_name: "describe-log-groups",
        api_name: "DescribeLogGroups",
        summary: "Lists log groups, by name.",
        params: &[
            p(
                "--log-group-name-prefix",
                "logGroupNamePrefix",
                Ty::String,
                "Only groups whose names start with this.",
            ),
            not_modelled(p(
                "--account-identifiers",
                "accountIdentifiers",
                Ty::StringList,
                "Linked accounts.",
            )),
            not_modelled(p(
                "--log-group-name-pattern",
                "logGroupNamePattern",
                Ty::String,
                "A substring to match.",
            )),
            not_modelled(p(
                "--include-linked-accounts",
                "includeLinkedAccounts",
                Ty::Boolean,
                "Include linked accounts.",
            )),
            not_modelled(p(
                "--log-group-class",
                "logGroupClass",
                Ty::String,
                "STANDARD | INFREQUENT_ACCESS",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "limit",
            result_key: "logGroups",
        }),
    },
    Operation {
        service: Service::Logs,
        cli_name: "describe-log-streams",
        api_name: "DescribeLogStreams",
        summary: "Lists a log group's streams (awslogs: prefix/container/task-id).",
        params: &[
            required(p(
                "--log-group-name",
                "logGroupName",
                Ty::String,
                "The log group.",
            )),
            p(
                "--log-stream-name-prefix",
                "logStreamNamePrefix",
                Ty::String,
                "Only streams whose names start with this.",
            ),
            p(
                "--order-by",
                "orderBy",
                Ty::String,
                "LogStreamName (default) | LastEventTime",
            ),
            p(
                "--descending",
                "descending",
                Ty::Boolean,
                "Newest / last name first.",
            ),
            not_modelled(p(
                "--log-group-identifier",
                "logGroupIdentifier",
                Ty::String,
                "The group's name or ARN.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "limit",
            result_key: "logStreams",
        }),
    },
    Operation {
        service: Service::Logs,
        cli_name: "get-log-events",
        api_name: "GetLogEvents",
        summary: "Reads a log stream's events (the lines a container wrote).",
        params: &[
            p(
                "--log-group-name",
                "logGroupName",
                Ty::String,
                "The log group.",
            ),
            required(p(
                "--log-stream-name",
                "logStreamName",
                Ty::String,
                "The stream, e.g. ecs/cli/<task-id>.",
            )),
            p(
                "--start-time",
                "startTime",
                Ty::Integer,
                "Epoch milliseconds (inclusive).",
            ),
            p(
                "--end-time",
                "endTime",
                Ty::Integer,
                "Epoch milliseconds (exclusive).",
            ),
            not_modelled(p(
                "--next-token",
                "nextToken",
                Ty::String,
                "A token from a previous call.",
            )),
            p("--limit", "limit", Ty::Integer, "1..10000 events."),
            p(
                "--start-from-head",
                "startFromHead",
                Ty::Boolean,
                "Oldest events first (default: the newest page).",
            ),
            not_modelled(p(
                "--log-group-identifier",
                "logGroupIdentifier",
                Ty::String,
                "The group's name or ARN.",
            )),
            not_modelled(p("--unmask", "unmask", Ty::Boolean, "Show masked data.")),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ssm,
        cli_name: "get-parameter",
        api_name: "GetParameter",
        summary: "Gets a parameter: the simulator has AWS's public parameters that name the current ECS-optimized and Amazon Linux AMIs.",
        params: &[
            required(p(
                "--name",
                "Name",
                Ty::String,
                "The parameter's name, e.g. /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id.",
            )),
            p(
                "--with-decryption",
                "WithDecryption",
                Ty::Boolean,
                "Decrypt SecureString values (the public parameters are plain Strings).",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ssm,
        cli_name: "get-parameters",
        api_name: "GetParameters",
        summary: "Gets up to 10 parameters; names that do not exist come back in InvalidParameters.",
        params: &[
            required(p("--names", "Names", Ty::StringList, "Parameter names.")),
            p(
                "--with-decryption",
                "WithDecryption",
                Ty::Boolean,
                "Decrypt SecureString values.",
            ),
        ],
        paginator: None,
    },
    Operation {
        service: Service::Ssm,
        cli_name: "get-parameters-by-path",
        api_name: "GetParametersByPath",
        summary: "Gets the parameters under a path (one level, or every level with --recursive).",
        params: &[
            required(p(
                "--path",
                "Path",
                Ty::String,
                "A path, e.g. /aws/service/ecs/optimized-ami/amazon-linux-2023.",
            )),
            p(
                "--recursive",
                "Recursive",
                Ty::Boolean,
                "Every level below the path.",
            ),
            p(
                "--with-decryption",
                "WithDecryption",
                Ty::Boolean,
                "Decrypt SecureString values.",
            ),
            not_modelled(p(
                "--parameter-filters",
                "ParameterFilters",
                Ty::JsonList,
                "Filters.",
            )),
        ],
        paginator: Some(Paginator {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Parameters",
        }),
    },
];

const FILTER_FIELDS: &[&str] = &["Name", "Values"];
const LAUNCH_TEMPLATE_FIELDS: &[&str] = &["LaunchTemplateId", "LaunchTemplateName", "Version"];

/// authorize/revoke-security-group-ingress. Like the AWS CLI
/// (awscli/customizations/ec2/secgroupsimplify.py), the API's scalar members
/// are replaced by --protocol, --port, --cidr, --source-group and
/// --group-owner, which [`crate::customize`] turns into IpPermissions.
const SECURITY_GROUP_INGRESS_PARAMS: &[Param] = &[
    p("--group-id", "GroupId", Ty::String, "The group to change."),
    p(
        "--group-name",
        "GroupName",
        Ty::String,
        "The group to change, by name (default VPC).",
    ),
    p(
        "--ip-permissions",
        "IpPermissions",
        Ty::JsonList,
        "JSON: [{\"IpProtocol\": \"tcp\", \"FromPort\": 80, \"ToPort\": 80, \"IpRanges\": [{\"CidrIp\": \"0.0.0.0/0\"}]}]",
    ),
    p(
        "--protocol",
        "Protocol",
        Ty::String,
        "tcp | udp | icmp | all (or a number)",
    ),
    p(
        "--port",
        "Port",
        Ty::String,
        "A port (80) or range (8000-8080); -1 for all.",
    ),
    p(
        "--cidr",
        "Cidr",
        Ty::String,
        "Source IPv4 CIDR, e.g. 0.0.0.0/0",
    ),
    p(
        "--source-group",
        "SourceGroup",
        Ty::String,
        "Source security group id (sg-…) or name.",
    ),
    not_modelled(p(
        "--group-owner",
        "GroupOwner",
        Ty::String,
        "Account of the source group.",
    )),
    not_modelled(p(
        "--tag-specifications",
        "TagSpecifications",
        Ty::JsonList,
        "Tags.",
    )),
    not_modelled(p(
        "--dry-run",
        "DryRun",
        Ty::Boolean,
        "Check permissions only.",
    )),
];

pub fn operations_of(service: Service) -> impl Iterator<Item = &'static Operation> {
    OPERATIONS.iter().filter(move |op| op.service == service)
}

pub fn find(service: Service, cli_name: &str) -> Option<&'static Operation> {
    operations_of(service).find(|op| op.cli_name == cli_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// botocore's `xform_name` with `-`: `VPCZoneIdentifier` →
    /// `vpc-zone-identifier`, `clusterName` → `cluster-name`,
    /// `TargetGroupARNs` → `target-group-arns`.
    fn xform_name(name: &str) -> String {
        let name = name.replace("ARNs", "Arns");
        let chars: Vec<char> = name.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    out.push('-');
                }
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn xform_name_follows_botocore() {
        for (member, option) in [
            ("VPCZoneIdentifier", "vpc-zone-identifier"),
            ("clusterName", "cluster-name"),
            ("TargetGroupARNs", "target-group-arns"),
            ("DescribeVpcs", "describe-vpcs"),
            ("CidrBlock", "cidr-block"),
        ] {
            assert_eq!(xform_name(member), option);
        }
    }

    /// Every engine operation has a command and every command an engine
    /// operation, with option names spelled as the AWS CLI spells them.
    #[test]
    fn table_matches_the_engine() {
        for (service, api) in stevedore_engine::OPERATIONS {
            assert!(
                OPERATIONS
                    .iter()
                    .any(|op| op.service == *service && op.api_name == *api),
                "engine operation {api} has no command line"
            );
        }
        for op in OPERATIONS {
            assert!(
                stevedore_engine::OPERATIONS.contains(&(op.service, op.api_name)),
                "{} is not in the engine",
                op.api_name
            );
            assert_eq!(op.cli_name, xform_name(op.api_name));
            for param in op.params {
                assert_eq!(
                    param.option,
                    format!("--{}", xform_name(param.member)),
                    "{}",
                    op.api_name
                );
            }
        }
    }
}
