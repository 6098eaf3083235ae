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
    /// Nested JSON (an object or a list), passed to the API as is: for
    /// deep shapes such as `--container-definitions`.
    Json,
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
            not_modelled(p(
                "--capacity-providers",
                "capacityProviders",
                Ty::StringList,
                "Capacity provider names.",
            )),
            not_modelled(p(
                "--default-capacity-provider-strategy",
                "defaultCapacityProviderStrategy",
                Ty::StructList(&["capacityProvider", "weight", "base"]),
                "capacityProvider=string,weight=integer,base=integer ...",
            )),
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
                Ty::Json,
                "JSON list of container definitions (name, image, memory, portMappings, ...).",
            )),
            p(
                "--volumes",
                "volumes",
                Ty::Json,
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
                Ty::Json,
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
                "Only families starting with this.",
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
                "Only families starting with this.",
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
            let kebab: String = op
                .api_name
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let lower = c.to_ascii_lowercase();
                    if c.is_ascii_uppercase() && i > 0 {
                        vec!['-', lower]
                    } else {
                        vec![lower]
                    }
                })
                .collect();
            assert_eq!(op.cli_name, kebab);
            for param in op.params {
                let kebab: String = param
                    .member
                    .chars()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        // PascalCase members (IAM, EC2) start with a capital.
                        if c.is_ascii_uppercase() && i == 0 {
                            vec![c.to_ascii_lowercase()]
                        } else if c.is_ascii_uppercase() {
                            vec!['-', c.to_ascii_lowercase()]
                        } else {
                            vec![c]
                        }
                    })
                    .collect();
                assert_eq!(param.option, format!("--{kebab}"), "{}", op.api_name);
            }
        }
    }
}
