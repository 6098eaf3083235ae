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
                    .flat_map(|c| {
                        if c.is_ascii_uppercase() {
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
