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
/// ECR spells its tag members `Key` and `Value`.
const ECR_TAG_FIELDS: &[&str] = &["Key", "Value"];
const IMAGE_ID_FIELDS: &[&str] = &["imageDigest", "imageTag"];
const EXCLUSION_FIELDS: &[&str] = &["filterType", "filter"];

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
            p(
                "--next-token",
                "nextToken",
                Ty::String,
                "The token from a previous page.",
            ),
            p(
                "--max-results",
                "maxResults",
                Ty::Integer,
                "1 to 1000 findings per page.",
            ),
        ],
        paginator: None,
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
