//! The one way in: commands shaped like AWS API actions, and their responses.
//!
//! Each operation is declared once in [`operations!`]: its service, its AWS
//! action name, its input shape and its output shape. Input shapes deserialize
//! from the JSON an AWS SDK sends (AWS's field names, via serde), so the
//! command line, the JSON protocol endpoint and tests all build commands the
//! same way: [`Command::from_json`].

use crate::applicationautoscaling::{
    AasEmpty, DeleteScalingPolicyRequest,
    DeleteScheduledActionRequest as AasDeleteScheduledActionRequest,
    DescribeScalableTargetsRequest, DescribeScalableTargetsResponse,
    DescribeScalingActivitiesRequest as AasDescribeScalingActivitiesRequest,
    DescribeScalingActivitiesResponse as AasDescribeScalingActivitiesResponse,
    DescribeScalingPoliciesRequest, DescribeScalingPoliciesResponse,
    DescribeScheduledActionsRequest as AasDescribeScheduledActionsRequest,
    DescribeScheduledActionsResponse as AasDescribeScheduledActionsResponse,
    PutScalingPolicyRequest, PutScalingPolicyResponse, PutScheduledActionRequest,
    RegisterScalableTargetRequest, RegisterScalableTargetResponse, ScalableTargetRequest,
};
use crate::autoscaling::group::*;
use crate::autoscaling::policy::{
    DeletePolicyRequest, DescribePoliciesRequest, DescribePoliciesResponse, ExecutePolicyRequest,
    PolicyEmpty, PutScalingPolicyRequest as AsgPutScalingPolicyRequest,
    PutScalingPolicyResponse as AsgPutScalingPolicyResponse,
};
use crate::autoscaling::scheduled::{
    DeleteScheduledActionType, DescribeScheduledActionsType, PutScheduledUpdateGroupActionType,
    ScheduledActionEmpty, ScheduledActionsType,
};
use crate::cloudwatch::{
    AlarmNamesInput, CloudWatchEmpty, DescribeAlarmHistoryInput, DescribeAlarmHistoryOutput,
    DescribeAlarmsForMetricInput, DescribeAlarmsForMetricOutput, DescribeAlarmsInput,
    DescribeAlarmsOutput, GetMetricDataInput, GetMetricDataOutput, GetMetricStatisticsInput,
    GetMetricStatisticsOutput, ListMetricsInput, ListMetricsOutput, PutMetricAlarmInput,
    PutMetricDataInput, SetAlarmStateInput,
};
use crate::dynamodb::{
    AttributesOutput, BatchGetItemInput, BatchGetItemOutput, BatchWriteItemInput,
    BatchWriteItemOutput, CreateTableInput, DeleteItemInput, DescribeTableOutput, DynamoDbEmpty,
    GetItemInput, GetItemOutput, ListTablesInput, ListTablesOutput, ListTagsOfResourceInput,
    ListTagsOfResourceOutput, PutItemInput, QueryInput, QueryOutput, ScanInput,
    TableDescriptionOutput, TableNameInput, TagResourceInput, UntagResourceInput, UpdateItemInput,
};
use crate::ec2::eni::*;
use crate::ec2::images::{
    DescribeImagesRequest as Ec2DescribeImagesRequest,
    DescribeImagesResponse as Ec2DescribeImagesResponse,
};
use crate::ec2::instance::*;
use crate::ec2::launch_template::*;
use crate::ec2::security_group::*;
use crate::ec2::vpc::*;
use crate::ecr::auth::{
    DeleteRepositoryPolicyRequest, DeleteRepositoryPolicyResponse, GetAuthorizationTokenRequest,
    GetAuthorizationTokenResponse, GetRepositoryPolicyRequest, GetRepositoryPolicyResponse,
    SetRepositoryPolicyRequest, SetRepositoryPolicyResponse,
};
use crate::ecr::images::{
    BatchDeleteImageRequest, BatchDeleteImageResponse, BatchGetImageRequest, BatchGetImageResponse,
    DescribeImagesRequest, DescribeImagesResponse, ListImagesRequest, ListImagesResponse,
    PutImageRequest, PutImageResponse,
};
use crate::ecr::lifecycle::{
    DeleteLifecyclePolicyRequest, DeleteLifecyclePolicyResponse, GetLifecyclePolicyPreviewRequest,
    GetLifecyclePolicyPreviewResponse, GetLifecyclePolicyRequest, GetLifecyclePolicyResponse,
    PutLifecyclePolicyRequest, PutLifecyclePolicyResponse, StartLifecyclePolicyPreviewRequest,
    StartLifecyclePolicyPreviewResponse,
};
use crate::ecr::repository::{
    CreateRepositoryRequest, CreateRepositoryResponse, DeleteRepositoryRequest,
    DeleteRepositoryResponse, DescribeRepositoriesRequest, DescribeRepositoriesResponse,
    PutImageScanningConfigurationRequest, PutImageScanningConfigurationResponse,
    PutImageTagMutabilityRequest, PutImageTagMutabilityResponse,
};
use crate::ecr::repository::{
    ListTagsForResourceRequest, ListTagsForResourceResponse, TagResourceRequest,
    TagResourceResponse, UntagResourceRequest, UntagResourceResponse,
};
use crate::ecr::scan::{
    DescribeImageScanFindingsRequest, DescribeImageScanFindingsResponse, StartImageScanRequest,
    StartImageScanResponse,
};
use crate::ecs::account_settings::{
    DeleteAccountSettingRequest, ListAccountSettingsRequest, ListAccountSettingsResponse,
    PutAccountSettingDefaultRequest, PutAccountSettingRequest, SettingResponse,
};
use crate::ecs::capacity_provider::*;
use crate::ecs::cluster::{
    CreateClusterRequest, CreateClusterResponse, DeleteClusterRequest, DeleteClusterResponse,
    DescribeClustersRequest, DescribeClustersResponse, ListClustersRequest, ListClustersResponse,
    UpdateClusterSettingsRequest, UpdateClusterSettingsResponse,
};
use crate::ecs::container_instance::*;
use crate::ecs::run_task::*;
use crate::ecs::service::{
    CreateServiceRequest, CreateServiceResponse, DeleteServiceRequest, DeleteServiceResponse,
    DescribeServicesRequest, DescribeServicesResponse, ListServicesRequest, ListServicesResponse,
    UpdateServiceRequest, UpdateServiceResponse,
};
use crate::ecs::task_definition::{
    DeleteTaskDefinitionsRequest, DeleteTaskDefinitionsResponse, DeregisterTaskDefinitionRequest,
    DeregisterTaskDefinitionResponse, DescribeTaskDefinitionRequest,
    DescribeTaskDefinitionResponse, ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionFamiliesResponse, ListTaskDefinitionsRequest, ListTaskDefinitionsResponse,
    RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse,
};
use crate::efs::{
    AccessPointDescription, AccessPointIdRequest, CreateAccessPointRequest,
    CreateFileSystemRequest, CreateMountTargetRequest, DescribeAccessPointsRequest,
    DescribeAccessPointsResponse, DescribeFileSystemsRequest, DescribeFileSystemsResponse,
    DescribeMountTargetSecurityGroupsResponse, DescribeMountTargetsRequest,
    DescribeMountTargetsResponse, EfsEmpty, EfsListTagsForResourceRequest,
    EfsListTagsForResourceResponse, EfsTagResourceRequest, EfsUntagResourceRequest,
    FileSystemDescription, FileSystemIdRequest, ModifyMountTargetSecurityGroupsRequest,
    MountTargetDescription, MountTargetIdRequest,
};
use crate::elb::{
    AccessPointNameInput, ApplySecurityGroupsInput, ApplySecurityGroupsOutput, ClassicEmpty,
    ConfigureHealthCheckInput, ConfigureHealthCheckOutput, CreateAccessPointInput,
    CreateAccessPointOutput, CreateLoadBalancerListenerInput, DeleteLoadBalancerListenerInput,
    DescribeAccessPointsInput, DescribeAccessPointsOutput, DescribeEndPointStateInput,
    DescribeEndPointStateOutput, DescribeLoadBalancerAttributesOutput, EndPointsInput,
    EndPointsOutput, ModifyLoadBalancerAttributesInput, ModifyLoadBalancerAttributesOutput,
};
use crate::elbv2::{
    AddTagsRequest, AttributesResponse, CreateListenerRequest, CreateLoadBalancerRequest,
    CreateRuleRequest, CreateTargetGroupRequest, DescribeListenersRequest,
    DescribeLoadBalancersRequest, DescribeRulesRequest, DescribeTagsRequest, DescribeTagsResponse,
    DescribeTargetGroupsRequest, DescribeTargetHealthRequest, DescribeTargetHealthResponse,
    ElbEmpty, ListenerArnRequest, ListenersResponse, LoadBalancerArnRequest, LoadBalancersResponse,
    ModifyListenerRequest, ModifyLoadBalancerAttributesRequest, ModifyRuleRequest,
    ModifyTargetGroupAttributesRequest, ModifyTargetGroupRequest, RemoveTagsRequest,
    RuleArnRequest, RulesResponse, SetRulePrioritiesRequest, SetSecurityGroupsRequest,
    SetSecurityGroupsResponse, TargetGroupArnRequest, TargetGroupsResponse, TargetsRequest,
};
use crate::error::{ApiError, ErrorCode};
use crate::events::{
    DeleteRuleRequest, DescribeRuleResponse, EventsEmpty, EventsListTagsRequest,
    EventsListTagsResponse, EventsTagResourceRequest, EventsUntagResourceRequest, ListRulesRequest,
    ListRulesResponse, ListTargetsByRuleRequest, ListTargetsByRuleResponse, PutEventsRequest,
    PutEventsResponse, PutRuleRequest, PutRuleResponse, PutTargetsRequest, RemoveTargetsRequest,
    RuleNameRequest, TargetsResponse,
};
use crate::iam::{
    AddRoleToInstanceProfileRequest, AttachRolePolicyRequest, CreateInstanceProfileRequest,
    CreateRoleRequest, CreateRoleResponse, DeleteInstanceProfileRequest, DeleteRolePolicyRequest,
    DeleteRoleRequest, DetachRolePolicyRequest, Empty, GetInstanceProfileRequest,
    GetRolePolicyRequest, GetRolePolicyResponse, GetRoleRequest, GetRoleResponse,
    InstanceProfileResponse, ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse,
    ListRolePoliciesRequest, ListRolePoliciesResponse, ListRolesRequest, ListRolesResponse,
    PutRolePolicyRequest, RemoveRoleFromInstanceProfileRequest, SimulatePrincipalPolicyRequest,
    SimulatePrincipalPolicyResponse,
};
use crate::logs::{
    CreateLogGroupRequest, DeleteLogGroupRequest, DescribeLogGroupsRequest,
    DescribeLogGroupsResponse, DescribeLogStreamsRequest, DescribeLogStreamsResponse,
    GetLogEventsRequest, GetLogEventsResponse, LogsEmpty,
};
use crate::s3::{
    BucketRequest, CopyObjectOutput, CopyObjectRequest, CreateBucketOutput, CreateBucketRequest,
    DeleteObjectsOutput, DeleteObjectsRequest, GetBucketLocationOutput, GetBucketPolicyOutput,
    GetBucketTaggingOutput, GetObjectOutput, HeadBucketOutput, ListBucketsOutput,
    ListBucketsRequest, ListObjectsOutput, ListObjectsRequest, ListObjectsV2Output,
    ListObjectsV2Request, NotificationConfigurationOutput, ObjectRequest,
    PutBucketNotificationConfigurationRequest, PutBucketPolicyRequest, PutBucketTaggingRequest,
    PutObjectOutput, PutObjectRequest, S3Empty,
};
use crate::scheduler::{
    DeleteScheduleInput, GetScheduleInput, GetScheduleOutput, ListSchedulesInput,
    ListSchedulesOutput, ScheduleArnOutput, ScheduleInput, SchedulerEmpty,
};
use crate::sim::Sim;
use crate::sns::{
    ConfirmSubscriptionInput, CreateTopicInput, ListSubscriptionsByTopicInput,
    ListSubscriptionsResponse, ListTopicsResponse, NextTokenInput, PublishInput, PublishResponse,
    SetTopicAttributesInput, SnsEmpty, SubscribeInput, SubscriptionArnResponse, TopicArnInput,
    TopicArnResponse, TopicAttributesResponse, UnsubscribeInput,
};
use crate::sqs::{
    ChangeMessageVisibilityRequest, CreateQueueRequest, DeleteMessageBatchRequest,
    DeleteMessageBatchResponse, DeleteMessageRequest, GetQueueAttributesRequest,
    GetQueueAttributesResponse, GetQueueUrlRequest, ListQueuesRequest, ListQueuesResponse,
    QueueUrlRequest, QueueUrlResponse, ReceiveMessageRequest, ReceiveMessageResponse,
    SendMessageBatchRequest, SendMessageBatchResponse, SendMessageRequest, SendMessageResponse,
    SetQueueAttributesRequest, SqsEmpty,
};
use crate::ssm::{
    GetParameterRequest, GetParameterResponse, GetParametersByPathRequest,
    GetParametersByPathResponse, GetParametersRequest, GetParametersResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An AWS service the engine simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Ecs,
    Ecr,
    Ec2,
    AutoScaling,
    Elbv2,
    Elb,
    Cloudwatch,
    ApplicationAutoScaling,
    Iam,
    Logs,
    Ssm,
    Events,
    Scheduler,
    Sqs,
    Sns,
    /// Amazon S3's API, `aws s3api` (the AWS CLI's `aws s3` is its
    /// high-level commands, built on these in the command line).
    S3,
    DynamoDb,
    /// Amazon EFS (`aws efs`).
    Efs,
}

impl Service {
    pub const ALL: &'static [Service] = &[
        Service::Ecs,
        Service::Ecr,
        Service::Ec2,
        Service::AutoScaling,
        Service::Elbv2,
        Service::Elb,
        Service::Cloudwatch,
        Service::ApplicationAutoScaling,
        Service::Iam,
        Service::Logs,
        Service::Ssm,
        Service::Events,
        Service::Scheduler,
        Service::Sqs,
        Service::Sns,
        Service::S3,
        Service::DynamoDb,
        Service::Efs,
    ];

    /// The name the AWS CLI uses (`aws ecs …`) and ARNs use (`arn:aws:ecs:…`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Service::Ecs => "ecs",
            Service::Ecr => "ecr",
            Service::Ec2 => "ec2",
            Service::AutoScaling => "autoscaling",
            Service::Elbv2 => "elbv2",
            Service::Elb => "elb",
            Service::Cloudwatch => "cloudwatch",
            Service::ApplicationAutoScaling => "application-autoscaling",
            Service::Iam => "iam",
            Service::Logs => "logs",
            Service::Ssm => "ssm",
            Service::Events => "events",
            Service::Scheduler => "scheduler",
            Service::Sqs => "sqs",
            Service::Sns => "sns",
            Service::S3 => "s3api",
            Service::DynamoDb => "dynamodb",
            Service::Efs => "efs",
        }
    }

    pub fn from_cli_name(name: &str) -> Option<Service> {
        Service::ALL.iter().copied().find(|s| s.cli_name() == name)
    }

    /// Services that have at least one operation in this simulator.
    pub fn simulated() -> impl Iterator<Item = Service> {
        Service::ALL
            .iter()
            .copied()
            .filter(|s| OPERATIONS.iter().any(|(service, _)| service == s))
    }
}

/// The AWS name of an operation: its variant's name, or the name given
/// with `as` when two services share one (`Ec2DescribeImages as
/// "DescribeImages"`).
macro_rules! aws_name {
    ($op:ident) => {
        stringify!($op)
    };
    ($op:ident $name:literal) => {
        $name
    };
}

macro_rules! operations {
    ($( $service:ident { $( $op:ident $(as $name:literal)? ($req:ty) -> $resp:ty = $handler:ident ),* $(,)? } )*) => {
        /// A request to the simulated AWS API: one variant per supported action.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)] // short-lived values; boxing buys nothing
        pub enum Command {
            $($( $op($req), )*)*
        }

        /// The successful result of a [`Command`], shaped like AWS's response.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum Response {
            $($( $op($resp), )*)*
        }

        /// Every supported operation as (service, AWS action name).
        pub const OPERATIONS: &[(Service, &str)] = &[
            $($( (Service::$service, aws_name!($op $($name)?)), )*)*
        ];

        impl Command {
            pub fn service(&self) -> Service {
                match self {
                    $($( Command::$op(_) => Service::$service, )*)*
                }
            }

            /// The AWS action name, e.g. `CreateCluster`.
            pub fn operation(&self) -> &'static str {
                match self {
                    $($( Command::$op(_) => aws_name!($op $($name)?), )*)*
                }
            }

            /// Builds a command from an action name and its JSON input, as the
            /// AWS JSON protocol carries them.
            pub fn from_json(service: Service, operation: &str, input: Value) -> Result<Command, ApiError> {
                let input = match input {
                    Value::Null => Value::Object(Default::default()),
                    other => other,
                };
                $($(
                    if service == Service::$service && operation == aws_name!($op $($name)?) {
                        return crate::base::json::from_value::<$req>(input)
                            .map(Command::$op)
                            .map_err(|e| input_error(operation, &e));
                    }
                )*)*
                Err(ApiError::new(
                    ErrorCode::UnknownOperationException,
                    format!("The {} service has no operation named '{operation}' in this simulator.", service.cli_name()),
                ))
            }

            /// Runs the command on `sim` (called by [`Sim::execute`]).
            pub(crate) fn dispatch(self, sim: &mut Sim) -> Result<Response, ApiError> {
                match self {
                    $($( Command::$op(input) => sim.$handler(input).map(Response::$op), )*)*
                }
            }

            /// The command's input as AWS JSON.
            pub fn input_json(&self) -> Value {
                let value = match self {
                    $($( Command::$op(input) => serde_json::to_value(input), )*)*
                };
                value.unwrap_or(Value::Null)
            }
        }
    };
}

// One line per operation: `Action(Input) -> Output = Sim handler method`
// (`Variant as "Action"` when another service has an action of that name).
// Each service has its own block; keep new operations in their service's
// block.
operations! {
    Ecs {
        CreateCluster(CreateClusterRequest) -> CreateClusterResponse = create_cluster,
        DescribeClusters(DescribeClustersRequest) -> DescribeClustersResponse = describe_clusters,
        ListClusters(ListClustersRequest) -> ListClustersResponse = list_clusters,
        DeleteCluster(DeleteClusterRequest) -> DeleteClusterResponse = delete_cluster,
        UpdateClusterSettings(UpdateClusterSettingsRequest) -> UpdateClusterSettingsResponse = update_cluster_settings,
        CreateCapacityProvider(CreateCapacityProviderRequest) -> CreateCapacityProviderResponse = create_capacity_provider,
        DescribeCapacityProviders(DescribeCapacityProvidersRequest) -> DescribeCapacityProvidersResponse = describe_capacity_providers,
        UpdateCapacityProvider(UpdateCapacityProviderRequest) -> UpdateCapacityProviderResponse = update_capacity_provider,
        DeleteCapacityProvider(DeleteCapacityProviderRequest) -> DeleteCapacityProviderResponse = delete_capacity_provider,
        PutClusterCapacityProviders(PutClusterCapacityProvidersRequest) -> PutClusterCapacityProvidersResponse = put_cluster_capacity_providers,
        ListContainerInstances(ListContainerInstancesRequest) -> ListContainerInstancesResponse = list_container_instances,
        DescribeContainerInstances(DescribeContainerInstancesRequest) -> DescribeContainerInstancesResponse = describe_container_instances,
        DeregisterContainerInstance(DeregisterContainerInstanceRequest) -> DeregisterContainerInstanceResponse = deregister_container_instance,
        UpdateContainerInstancesState(UpdateContainerInstancesStateRequest) -> UpdateContainerInstancesStateResponse = update_container_instances_state,
        RunTask(RunTaskRequest) -> RunTaskResponse = run_task,
        StartTask(StartTaskRequest) -> StartTaskResponse = start_task,
        StopTask(StopTaskRequest) -> StopTaskResponse = stop_task,
        DescribeTasks(DescribeTasksRequest) -> DescribeTasksResponse = describe_tasks,
        ListTasks(ListTasksRequest) -> ListTasksResponse = list_tasks,
        CreateService(CreateServiceRequest) -> CreateServiceResponse = create_service,
        DescribeServices(DescribeServicesRequest) -> DescribeServicesResponse = describe_services,
        ListServices(ListServicesRequest) -> ListServicesResponse = list_services,
        UpdateService(UpdateServiceRequest) -> UpdateServiceResponse = update_service,
        DeleteService(DeleteServiceRequest) -> DeleteServiceResponse = delete_service,
        RegisterTaskDefinition(RegisterTaskDefinitionRequest) -> RegisterTaskDefinitionResponse = register_task_definition,
        DescribeTaskDefinition(DescribeTaskDefinitionRequest) -> DescribeTaskDefinitionResponse = describe_task_definition,
        ListTaskDefinitions(ListTaskDefinitionsRequest) -> ListTaskDefinitionsResponse = list_task_definitions,
        ListTaskDefinitionFamilies(ListTaskDefinitionFamiliesRequest) -> ListTaskDefinitionFamiliesResponse = list_task_definition_families,
        DeregisterTaskDefinition(DeregisterTaskDefinitionRequest) -> DeregisterTaskDefinitionResponse = deregister_task_definition,
        DeleteTaskDefinitions(DeleteTaskDefinitionsRequest) -> DeleteTaskDefinitionsResponse = delete_task_definitions,
        PutAccountSetting(PutAccountSettingRequest) -> SettingResponse = put_account_setting,
        PutAccountSettingDefault(PutAccountSettingDefaultRequest) -> SettingResponse = put_account_setting_default,
        ListAccountSettings(ListAccountSettingsRequest) -> ListAccountSettingsResponse = list_account_settings,
        DeleteAccountSetting(DeleteAccountSettingRequest) -> SettingResponse = delete_account_setting,
    }
    Ecr {
        CreateRepository(CreateRepositoryRequest) -> CreateRepositoryResponse = create_repository,
        DescribeRepositories(DescribeRepositoriesRequest) -> DescribeRepositoriesResponse = describe_repositories,
        DeleteRepository(DeleteRepositoryRequest) -> DeleteRepositoryResponse = delete_repository,
        PutImageTagMutability(PutImageTagMutabilityRequest) -> PutImageTagMutabilityResponse = put_image_tag_mutability,
        PutImageScanningConfiguration(PutImageScanningConfigurationRequest) -> PutImageScanningConfigurationResponse = put_image_scanning_configuration,
        ListImages(ListImagesRequest) -> ListImagesResponse = list_images,
        DescribeImages(DescribeImagesRequest) -> DescribeImagesResponse = describe_images,
        BatchDeleteImage(BatchDeleteImageRequest) -> BatchDeleteImageResponse = batch_delete_image,
        BatchGetImage(BatchGetImageRequest) -> BatchGetImageResponse = batch_get_image,
        PutImage(PutImageRequest) -> PutImageResponse = put_image,
        PutLifecyclePolicy(PutLifecyclePolicyRequest) -> PutLifecyclePolicyResponse = put_lifecycle_policy,
        GetLifecyclePolicy(GetLifecyclePolicyRequest) -> GetLifecyclePolicyResponse = get_lifecycle_policy,
        DeleteLifecyclePolicy(DeleteLifecyclePolicyRequest) -> DeleteLifecyclePolicyResponse = delete_lifecycle_policy,
        StartLifecyclePolicyPreview(StartLifecyclePolicyPreviewRequest) -> StartLifecyclePolicyPreviewResponse = start_lifecycle_policy_preview,
        GetLifecyclePolicyPreview(GetLifecyclePolicyPreviewRequest) -> GetLifecyclePolicyPreviewResponse = get_lifecycle_policy_preview,
        GetAuthorizationToken(GetAuthorizationTokenRequest) -> GetAuthorizationTokenResponse = get_authorization_token,
        StartImageScan(StartImageScanRequest) -> StartImageScanResponse = start_image_scan,
        DescribeImageScanFindings(DescribeImageScanFindingsRequest) -> DescribeImageScanFindingsResponse = describe_image_scan_findings,
        SetRepositoryPolicy(SetRepositoryPolicyRequest) -> SetRepositoryPolicyResponse = set_repository_policy,
        GetRepositoryPolicy(GetRepositoryPolicyRequest) -> GetRepositoryPolicyResponse = get_repository_policy,
        DeleteRepositoryPolicy(DeleteRepositoryPolicyRequest) -> DeleteRepositoryPolicyResponse = delete_repository_policy,
        TagResource(TagResourceRequest) -> TagResourceResponse = tag_resource,
        UntagResource(UntagResourceRequest) -> UntagResourceResponse = untag_resource,
        ListTagsForResource(ListTagsForResourceRequest) -> ListTagsForResourceResponse = list_tags_for_resource,
    }
    Ec2 {
        CreateVpc(CreateVpcRequest) -> CreateVpcResponse = create_vpc,
        DescribeVpcs(DescribeVpcsRequest) -> DescribeVpcsResponse = describe_vpcs,
        CreateSubnet(CreateSubnetRequest) -> CreateSubnetResponse = create_subnet,
        DescribeSubnets(DescribeSubnetsRequest) -> DescribeSubnetsResponse = describe_subnets,
        CreateSecurityGroup(CreateSecurityGroupRequest) -> CreateSecurityGroupResponse = create_security_group,
        DescribeSecurityGroups(DescribeSecurityGroupsRequest) -> DescribeSecurityGroupsResponse = describe_security_groups,
        AuthorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest) -> AuthorizeSecurityGroupIngressResponse = authorize_security_group_ingress,
        RevokeSecurityGroupIngress(RevokeSecurityGroupIngressRequest) -> RevokeSecurityGroupIngressResponse = revoke_security_group_ingress,
        DeleteSecurityGroup(DeleteSecurityGroupRequest) -> DeleteSecurityGroupResponse = delete_security_group,
        CreateLaunchTemplate(CreateLaunchTemplateRequest) -> CreateLaunchTemplateResponse = create_launch_template,
        DescribeLaunchTemplates(DescribeLaunchTemplatesRequest) -> DescribeLaunchTemplatesResponse = describe_launch_templates,
        DescribeInstances(DescribeInstancesRequest) -> DescribeInstancesResponse = describe_instances,
        Ec2DescribeImages as "DescribeImages" (Ec2DescribeImagesRequest) -> Ec2DescribeImagesResponse = describe_amis,
        DescribeNetworkInterfaces(DescribeNetworkInterfacesRequest) -> DescribeNetworkInterfacesResponse = describe_network_interfaces,
        TerminateInstances(TerminateInstancesRequest) -> TerminateInstancesResponse = terminate_instances,
    }
    AutoScaling {
        CreateAutoScalingGroup(CreateAutoScalingGroupRequest) -> CreateAutoScalingGroupResponse = create_auto_scaling_group,
        UpdateAutoScalingGroup(UpdateAutoScalingGroupRequest) -> UpdateAutoScalingGroupResponse = update_auto_scaling_group,
        SetDesiredCapacity(SetDesiredCapacityRequest) -> SetDesiredCapacityResponse = set_desired_capacity,
        SetInstanceProtection(SetInstanceProtectionRequest) -> SetInstanceProtectionResponse = set_instance_protection,
        DescribePolicies(DescribePoliciesRequest) -> DescribePoliciesResponse = describe_policies,
        AsgPutScalingPolicy as "PutScalingPolicy" (AsgPutScalingPolicyRequest) -> AsgPutScalingPolicyResponse = asg_put_scaling_policy,
        DeletePolicy(DeletePolicyRequest) -> PolicyEmpty = delete_policy,
        ExecutePolicy(ExecutePolicyRequest) -> PolicyEmpty = execute_policy,
        DescribeAutoScalingGroups(DescribeAutoScalingGroupsRequest) -> DescribeAutoScalingGroupsResponse = describe_auto_scaling_groups,
        DeleteAutoScalingGroup(DeleteAutoScalingGroupRequest) -> DeleteAutoScalingGroupResponse = delete_auto_scaling_group,
        TerminateInstanceInAutoScalingGroup(TerminateInstanceInAutoScalingGroupRequest) -> TerminateInstanceInAutoScalingGroupResponse = terminate_instance_in_auto_scaling_group,
        DescribeScalingActivities(DescribeScalingActivitiesRequest) -> DescribeScalingActivitiesResponse = describe_scaling_activities,
        PutScheduledUpdateGroupAction(PutScheduledUpdateGroupActionType) -> ScheduledActionEmpty = put_scheduled_update_group_action,
        DescribeScheduledActions(DescribeScheduledActionsType) -> ScheduledActionsType = describe_scheduled_actions,
        DeleteScheduledAction(DeleteScheduledActionType) -> ScheduledActionEmpty = delete_scheduled_action,
    }
    Elbv2 {
        CreateLoadBalancer(CreateLoadBalancerRequest) -> LoadBalancersResponse = create_load_balancer,
        DescribeLoadBalancers(DescribeLoadBalancersRequest) -> LoadBalancersResponse = describe_load_balancers,
        DeleteLoadBalancer(LoadBalancerArnRequest) -> ElbEmpty = delete_load_balancer,
        SetSecurityGroups(SetSecurityGroupsRequest) -> SetSecurityGroupsResponse = set_security_groups,
        DescribeLoadBalancerAttributes(LoadBalancerArnRequest) -> AttributesResponse = describe_load_balancer_attributes,
        ModifyLoadBalancerAttributes(ModifyLoadBalancerAttributesRequest) -> AttributesResponse = modify_load_balancer_attributes,
        CreateTargetGroup(CreateTargetGroupRequest) -> TargetGroupsResponse = create_target_group,
        DescribeTargetGroups(DescribeTargetGroupsRequest) -> TargetGroupsResponse = describe_target_groups,
        ModifyTargetGroup(ModifyTargetGroupRequest) -> TargetGroupsResponse = modify_target_group,
        DeleteTargetGroup(TargetGroupArnRequest) -> ElbEmpty = delete_target_group,
        DescribeTargetGroupAttributes(TargetGroupArnRequest) -> AttributesResponse = describe_target_group_attributes,
        ModifyTargetGroupAttributes(ModifyTargetGroupAttributesRequest) -> AttributesResponse = modify_target_group_attributes,
        RegisterTargets(TargetsRequest) -> ElbEmpty = register_targets,
        DeregisterTargets(TargetsRequest) -> ElbEmpty = deregister_targets,
        DescribeTargetHealth(DescribeTargetHealthRequest) -> DescribeTargetHealthResponse = describe_target_health,
        CreateListener(CreateListenerRequest) -> ListenersResponse = create_listener,
        DescribeListeners(DescribeListenersRequest) -> ListenersResponse = describe_listeners,
        ModifyListener(ModifyListenerRequest) -> ListenersResponse = modify_listener,
        DeleteListener(ListenerArnRequest) -> ElbEmpty = delete_listener,
        CreateRule(CreateRuleRequest) -> RulesResponse = create_rule,
        DescribeRules(DescribeRulesRequest) -> RulesResponse = describe_rules,
        ModifyRule(ModifyRuleRequest) -> RulesResponse = modify_rule,
        DeleteRule(RuleArnRequest) -> ElbEmpty = delete_rule,
        SetRulePriorities(SetRulePrioritiesRequest) -> RulesResponse = set_rule_priorities,
        AddTags(AddTagsRequest) -> ElbEmpty = elb_add_tags,
        RemoveTags(RemoveTagsRequest) -> ElbEmpty = elb_remove_tags,
        DescribeTags(DescribeTagsRequest) -> DescribeTagsResponse = elb_describe_tags,
    }
    Elb {
        ClassicCreateLoadBalancer as "CreateLoadBalancer" (CreateAccessPointInput) -> CreateAccessPointOutput = classic_create_load_balancer,
        ClassicDescribeLoadBalancers as "DescribeLoadBalancers" (DescribeAccessPointsInput) -> DescribeAccessPointsOutput = classic_describe_load_balancers,
        ClassicDeleteLoadBalancer as "DeleteLoadBalancer" (AccessPointNameInput) -> ClassicEmpty = classic_delete_load_balancer,
        ConfigureHealthCheck(ConfigureHealthCheckInput) -> ConfigureHealthCheckOutput = configure_health_check,
        RegisterInstancesWithLoadBalancer(EndPointsInput) -> EndPointsOutput = register_instances_with_load_balancer,
        DeregisterInstancesFromLoadBalancer(EndPointsInput) -> EndPointsOutput = deregister_instances_from_load_balancer,
        DescribeInstanceHealth(DescribeEndPointStateInput) -> DescribeEndPointStateOutput = describe_instance_health,
        CreateLoadBalancerListeners(CreateLoadBalancerListenerInput) -> ClassicEmpty = create_load_balancer_listeners,
        DeleteLoadBalancerListeners(DeleteLoadBalancerListenerInput) -> ClassicEmpty = delete_load_balancer_listeners,
        ApplySecurityGroupsToLoadBalancer(ApplySecurityGroupsInput) -> ApplySecurityGroupsOutput = apply_security_groups_to_load_balancer,
        ClassicDescribeLoadBalancerAttributes as "DescribeLoadBalancerAttributes" (AccessPointNameInput) -> DescribeLoadBalancerAttributesOutput = classic_describe_load_balancer_attributes,
        ClassicModifyLoadBalancerAttributes as "ModifyLoadBalancerAttributes" (ModifyLoadBalancerAttributesInput) -> ModifyLoadBalancerAttributesOutput = classic_modify_load_balancer_attributes,
    }
    Cloudwatch {
        PutMetricData(PutMetricDataInput) -> CloudWatchEmpty = put_metric_data,
        ListMetrics(ListMetricsInput) -> ListMetricsOutput = list_metrics,
        GetMetricStatistics(GetMetricStatisticsInput) -> GetMetricStatisticsOutput = get_metric_statistics,
        GetMetricData(GetMetricDataInput) -> GetMetricDataOutput = get_metric_data,
        PutMetricAlarm(PutMetricAlarmInput) -> CloudWatchEmpty = put_metric_alarm,
        DescribeAlarms(DescribeAlarmsInput) -> DescribeAlarmsOutput = describe_alarms,
        DescribeAlarmsForMetric(DescribeAlarmsForMetricInput) -> DescribeAlarmsForMetricOutput = describe_alarms_for_metric,
        DeleteAlarms(AlarmNamesInput) -> CloudWatchEmpty = delete_alarms,
        SetAlarmState(SetAlarmStateInput) -> CloudWatchEmpty = set_alarm_state,
        DescribeAlarmHistory(DescribeAlarmHistoryInput) -> DescribeAlarmHistoryOutput = describe_alarm_history,
        EnableAlarmActions(AlarmNamesInput) -> CloudWatchEmpty = enable_alarm_actions,
        DisableAlarmActions(AlarmNamesInput) -> CloudWatchEmpty = disable_alarm_actions,
    }
    ApplicationAutoScaling {
        RegisterScalableTarget(RegisterScalableTargetRequest) -> RegisterScalableTargetResponse = register_scalable_target,
        DescribeScalableTargets(DescribeScalableTargetsRequest) -> DescribeScalableTargetsResponse = describe_scalable_targets,
        DeregisterScalableTarget(ScalableTargetRequest) -> AasEmpty = deregister_scalable_target,
        PutScalingPolicy(PutScalingPolicyRequest) -> PutScalingPolicyResponse = put_scaling_policy,
        DescribeScalingPolicies(DescribeScalingPoliciesRequest) -> DescribeScalingPoliciesResponse = describe_scaling_policies,
        DeleteScalingPolicy(DeleteScalingPolicyRequest) -> AasEmpty = delete_scaling_policy,
        AasDescribeScalingActivities as "DescribeScalingActivities" (AasDescribeScalingActivitiesRequest) -> AasDescribeScalingActivitiesResponse = aas_describe_scaling_activities,
        PutScheduledAction(PutScheduledActionRequest) -> AasEmpty = put_scheduled_action,
        AasDescribeScheduledActions as "DescribeScheduledActions" (AasDescribeScheduledActionsRequest) -> AasDescribeScheduledActionsResponse = aas_describe_scheduled_actions,
        AasDeleteScheduledAction as "DeleteScheduledAction" (AasDeleteScheduledActionRequest) -> AasEmpty = aas_delete_scheduled_action,
    }
    Iam {
        CreateRole(CreateRoleRequest) -> CreateRoleResponse = create_role,
        GetRole(GetRoleRequest) -> GetRoleResponse = get_role,
        ListRoles(ListRolesRequest) -> ListRolesResponse = list_roles,
        DeleteRole(DeleteRoleRequest) -> Empty = delete_role,
        AttachRolePolicy(AttachRolePolicyRequest) -> Empty = attach_role_policy,
        DetachRolePolicy(DetachRolePolicyRequest) -> Empty = detach_role_policy,
        ListAttachedRolePolicies(ListAttachedRolePoliciesRequest) -> ListAttachedRolePoliciesResponse = list_attached_role_policies,
        PutRolePolicy(PutRolePolicyRequest) -> Empty = put_role_policy,
        GetRolePolicy(GetRolePolicyRequest) -> GetRolePolicyResponse = get_role_policy,
        DeleteRolePolicy(DeleteRolePolicyRequest) -> Empty = delete_role_policy,
        ListRolePolicies(ListRolePoliciesRequest) -> ListRolePoliciesResponse = list_role_policies,
        CreateInstanceProfile(CreateInstanceProfileRequest) -> InstanceProfileResponse = create_instance_profile,
        GetInstanceProfile(GetInstanceProfileRequest) -> InstanceProfileResponse = get_instance_profile,
        AddRoleToInstanceProfile(AddRoleToInstanceProfileRequest) -> Empty = add_role_to_instance_profile,
        RemoveRoleFromInstanceProfile(RemoveRoleFromInstanceProfileRequest) -> Empty = remove_role_from_instance_profile,
        DeleteInstanceProfile(DeleteInstanceProfileRequest) -> Empty = delete_instance_profile,
        SimulatePrincipalPolicy(SimulatePrincipalPolicyRequest) -> SimulatePrincipalPolicyResponse = simulate_principal_policy,
    }
    Logs {
        CreateLogGroup(CreateLogGroupRequest) -> LogsEmpty = create_log_group,
        DeleteLogGroup(DeleteLogGroupRequest) -> LogsEmpty = delete_log_group,
        DescribeLogGroups(DescribeLogGroupsRequest) -> DescribeLogGroupsResponse = describe_log_groups,
        DescribeLogStreams(DescribeLogStreamsRequest) -> DescribeLogStreamsResponse = describe_log_streams,
        GetLogEvents(GetLogEventsRequest) -> GetLogEventsResponse = get_log_events,
    }
    Ssm {
        GetParameter(GetParameterRequest) -> GetParameterResponse = get_parameter,
        GetParameters(GetParametersRequest) -> GetParametersResponse = get_parameters,
        GetParametersByPath(GetParametersByPathRequest) -> GetParametersByPathResponse = get_parameters_by_path,
    }
    Events {
        PutRule(PutRuleRequest) -> PutRuleResponse = put_rule,
        DescribeRule(RuleNameRequest) -> DescribeRuleResponse = describe_rule,
        ListRules(ListRulesRequest) -> ListRulesResponse = list_rules,
        EnableRule(RuleNameRequest) -> EventsEmpty = enable_rule,
        DisableRule(RuleNameRequest) -> EventsEmpty = disable_rule,
        EventsDeleteRule as "DeleteRule" (DeleteRuleRequest) -> EventsEmpty = delete_events_rule,
        PutTargets(PutTargetsRequest) -> TargetsResponse = put_targets,
        ListTargetsByRule(ListTargetsByRuleRequest) -> ListTargetsByRuleResponse = list_targets_by_rule,
        RemoveTargets(RemoveTargetsRequest) -> TargetsResponse = remove_targets,
        PutEvents(PutEventsRequest) -> PutEventsResponse = put_events,
        EventsTagResource as "TagResource" (EventsTagResourceRequest) -> EventsEmpty = events_tag_resource,
        EventsUntagResource as "UntagResource" (EventsUntagResourceRequest) -> EventsEmpty = events_untag_resource,
        EventsListTagsForResource as "ListTagsForResource" (EventsListTagsRequest) -> EventsListTagsResponse = events_list_tags_for_resource,
    }
    Scheduler {
        CreateSchedule(ScheduleInput) -> ScheduleArnOutput = create_schedule,
        GetSchedule(GetScheduleInput) -> GetScheduleOutput = get_schedule,
        UpdateSchedule(ScheduleInput) -> ScheduleArnOutput = update_schedule,
        DeleteSchedule(DeleteScheduleInput) -> SchedulerEmpty = delete_schedule,
        ListSchedules(ListSchedulesInput) -> ListSchedulesOutput = list_schedules,
    }
    Sqs {
        CreateQueue(CreateQueueRequest) -> QueueUrlResponse = create_queue,
        GetQueueUrl(GetQueueUrlRequest) -> QueueUrlResponse = get_queue_url,
        ListQueues(ListQueuesRequest) -> ListQueuesResponse = list_queues,
        GetQueueAttributes(GetQueueAttributesRequest) -> GetQueueAttributesResponse = get_queue_attributes,
        SetQueueAttributes(SetQueueAttributesRequest) -> SqsEmpty = set_queue_attributes,
        DeleteQueue(QueueUrlRequest) -> SqsEmpty = delete_queue,
        SendMessage(SendMessageRequest) -> SendMessageResponse = send_message,
        SendMessageBatch(SendMessageBatchRequest) -> SendMessageBatchResponse = send_message_batch,
        ReceiveMessage(ReceiveMessageRequest) -> ReceiveMessageResponse = receive_message,
        DeleteMessage(DeleteMessageRequest) -> SqsEmpty = delete_message,
        DeleteMessageBatch(DeleteMessageBatchRequest) -> DeleteMessageBatchResponse = delete_message_batch,
        ChangeMessageVisibility(ChangeMessageVisibilityRequest) -> SqsEmpty = change_message_visibility,
        PurgeQueue(QueueUrlRequest) -> SqsEmpty = purge_queue,
    }
    Sns {
        CreateTopic(CreateTopicInput) -> TopicArnResponse = create_topic,
        ListTopics(NextTokenInput) -> ListTopicsResponse = list_topics,
        DeleteTopic(TopicArnInput) -> SnsEmpty = delete_topic,
        GetTopicAttributes(TopicArnInput) -> TopicAttributesResponse = get_topic_attributes,
        SetTopicAttributes(SetTopicAttributesInput) -> SnsEmpty = set_topic_attributes,
        Subscribe(SubscribeInput) -> SubscriptionArnResponse = subscribe,
        ConfirmSubscription(ConfirmSubscriptionInput) -> SubscriptionArnResponse = confirm_subscription,
        ListSubscriptions(NextTokenInput) -> ListSubscriptionsResponse = list_subscriptions,
        ListSubscriptionsByTopic(ListSubscriptionsByTopicInput) -> ListSubscriptionsResponse = list_subscriptions_by_topic,
        Unsubscribe(UnsubscribeInput) -> SnsEmpty = unsubscribe,
        Publish(PublishInput) -> PublishResponse = publish,
    }
    S3 {
        CreateBucket(CreateBucketRequest) -> CreateBucketOutput = create_bucket,
        ListBuckets(ListBucketsRequest) -> ListBucketsOutput = list_buckets,
        HeadBucket(BucketRequest) -> HeadBucketOutput = head_bucket,
        DeleteBucket(BucketRequest) -> S3Empty = delete_bucket,
        PutObject(PutObjectRequest) -> PutObjectOutput = put_object,
        GetObject(ObjectRequest) -> GetObjectOutput = get_object,
        HeadObject(ObjectRequest) -> GetObjectOutput = head_object,
        ListObjectsV2(ListObjectsV2Request) -> ListObjectsV2Output = list_objects_v2,
        ListObjects(ListObjectsRequest) -> ListObjectsOutput = list_objects,
        GetBucketLocation(BucketRequest) -> GetBucketLocationOutput = get_bucket_location,
        DeleteObject(ObjectRequest) -> S3Empty = delete_object,
        DeleteObjects(DeleteObjectsRequest) -> DeleteObjectsOutput = delete_objects,
        CopyObject(CopyObjectRequest) -> CopyObjectOutput = copy_object,
        PutBucketPolicy(PutBucketPolicyRequest) -> S3Empty = put_bucket_policy,
        GetBucketPolicy(BucketRequest) -> GetBucketPolicyOutput = get_bucket_policy,
        DeleteBucketPolicy(BucketRequest) -> S3Empty = delete_bucket_policy,
        PutBucketNotificationConfiguration(PutBucketNotificationConfigurationRequest) -> S3Empty = put_bucket_notification_configuration,
        GetBucketNotificationConfiguration(BucketRequest) -> NotificationConfigurationOutput = get_bucket_notification_configuration,
        PutBucketTagging(PutBucketTaggingRequest) -> S3Empty = put_bucket_tagging,
        GetBucketTagging(BucketRequest) -> GetBucketTaggingOutput = get_bucket_tagging,
        DeleteBucketTagging(BucketRequest) -> S3Empty = delete_bucket_tagging,
    }
    DynamoDb {
        CreateTable(CreateTableInput) -> TableDescriptionOutput = create_table,
        DescribeTable(TableNameInput) -> DescribeTableOutput = describe_table,
        ListTables(ListTablesInput) -> ListTablesOutput = list_tables,
        DeleteTable(TableNameInput) -> TableDescriptionOutput = delete_table,
        PutItem(PutItemInput) -> AttributesOutput = put_item,
        GetItem(GetItemInput) -> GetItemOutput = get_item,
        UpdateItem(UpdateItemInput) -> AttributesOutput = update_item,
        DeleteItem(DeleteItemInput) -> AttributesOutput = delete_item,
        BatchWriteItem(BatchWriteItemInput) -> BatchWriteItemOutput = batch_write_item,
        BatchGetItem(BatchGetItemInput) -> BatchGetItemOutput = batch_get_item,
        Query(QueryInput) -> QueryOutput = query,
        Scan(ScanInput) -> QueryOutput = scan,
        DynamoDbTagResource as "TagResource" (TagResourceInput) -> DynamoDbEmpty = dynamodb_tag_resource,
        DynamoDbUntagResource as "UntagResource" (UntagResourceInput) -> DynamoDbEmpty = dynamodb_untag_resource,
        ListTagsOfResource(ListTagsOfResourceInput) -> ListTagsOfResourceOutput = list_tags_of_resource,
    }
    Efs {
        CreateFileSystem(CreateFileSystemRequest) -> FileSystemDescription = create_file_system,
        DescribeFileSystems(DescribeFileSystemsRequest) -> DescribeFileSystemsResponse = describe_file_systems,
        DeleteFileSystem(FileSystemIdRequest) -> EfsEmpty = delete_file_system,
        CreateMountTarget(CreateMountTargetRequest) -> MountTargetDescription = create_mount_target,
        DescribeMountTargets(DescribeMountTargetsRequest) -> DescribeMountTargetsResponse = describe_mount_targets,
        DeleteMountTarget(MountTargetIdRequest) -> EfsEmpty = delete_mount_target,
        DescribeMountTargetSecurityGroups(MountTargetIdRequest) -> DescribeMountTargetSecurityGroupsResponse = describe_mount_target_security_groups,
        ModifyMountTargetSecurityGroups(ModifyMountTargetSecurityGroupsRequest) -> EfsEmpty = modify_mount_target_security_groups,
        CreateAccessPoint(CreateAccessPointRequest) -> AccessPointDescription = create_access_point,
        DescribeAccessPoints(DescribeAccessPointsRequest) -> DescribeAccessPointsResponse = describe_access_points,
        DeleteAccessPoint(AccessPointIdRequest) -> EfsEmpty = delete_access_point,
        EfsTagResource as "TagResource" (EfsTagResourceRequest) -> EfsEmpty = efs_tag_resource,
        EfsUntagResource as "UntagResource" (EfsUntagResourceRequest) -> EfsEmpty = efs_untag_resource,
        EfsListTagsForResource as "ListTagsForResource" (EfsListTagsForResourceRequest) -> EfsListTagsForResourceResponse = efs_list_tags_for_resource,
    }
}

impl Response {
    /// The response body as AWS JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn input_error(operation: &str, error: &serde_json::Error) -> ApiError {
    let detail = error.to_string();
    if detail.starts_with("unknown field") {
        return ApiError::new(
            ErrorCode::UnsupportedFeatureException,
            format!("{operation}: {detail}. The simulator does not model that parameter."),
        );
    }
    ApiError::new(
        ErrorCode::SerializationException,
        format!("{operation}: the request does not match the operation's input: {detail}."),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_commands_from_aws_json() {
        let cmd = Command::from_json(
            Service::Ecs,
            "CreateCluster",
            json!({"clusterName": "demo", "tags": [{"key": "team", "value": "web"}]}),
        )
        .unwrap();
        assert_eq!(cmd.operation(), "CreateCluster");
        assert_eq!(cmd.service(), Service::Ecs);
        assert_eq!(cmd.input_json()["clusterName"], "demo");
    }

    #[test]
    fn rejects_unknown_operations_and_fields_and_types() {
        let err = Command::from_json(Service::Ecs, "LaunchRocket", json!({})).unwrap_err();
        assert_eq!(err.code, ErrorCode::UnknownOperationException);
        let err = Command::from_json(Service::Ecs, "CreateCluster", json!({"colour": "red"}))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::UnsupportedFeatureException);
        assert!(err.message.contains("colour"), "{err}");
        let err = Command::from_json(Service::Ecs, "CreateCluster", json!({"clusterName": 7}))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::SerializationException);
    }

    #[test]
    fn every_operation_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for op in OPERATIONS {
            assert!(seen.insert(*op), "{op:?} listed twice");
        }
        assert!(OPERATIONS.contains(&(Service::Ecs, "DeleteCluster")));
    }
}
