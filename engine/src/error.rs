//! Expected failures, as AWS names them. A learner's mistake is an
//! [`ApiError`] value, never a panic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The AWS error codes the engine can return (the `__type` of an AWS JSON
/// error, the `(Code)` in the AWS CLI's `An error occurred (Code) …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    /// The request is wrong in a way that is the caller's fault.
    ClientException,
    /// A parameter has an invalid value.
    InvalidParameterException,
    /// The request body does not match the operation's input shape.
    SerializationException,
    /// Something the simulator does not model (yet); AWS would accept it.
    UnsupportedFeatureException,
    /// The operation does not exist for the service.
    UnknownOperationException,
    ClusterNotFoundException,
    ClusterContainsServicesException,
    ClusterContainsTasksException,
    ClusterContainsContainerInstancesException,
    ServiceNotFoundException,
    ServiceNotActiveException,
    LimitExceededException,
    /// ECS: a resource still in use (a capacity provider with tasks).
    ResourceInUseException,
    // EC2 (query protocol): `as_str` gives AWS's dotted code.
    InvalidParameterValue,
    InvalidParameter,
    InvalidParameterCombination,
    MissingParameter,
    InvalidVpcIdNotFound,
    InvalidVpcRange,
    VpcIdNotSpecified,
    InvalidSubnetIdNotFound,
    InvalidSubnetRange,
    InvalidSubnetConflict,
    InvalidGroupNotFound,
    InvalidNetworkInterfaceIdNotFound,
    InvalidPaginationToken,
    InvalidNextToken,
    InvalidGroupDuplicate,
    InvalidPermissionDuplicate,
    InvalidPermissionNotFound,
    CannotDelete,
    DependencyViolation,
    InvalidLaunchTemplateNameAlreadyExistsException,
    InvalidLaunchTemplateNameNotFoundException,
    InvalidLaunchTemplateNameMalformedException,
    InvalidLaunchTemplateIdNotFound,
    InvalidAmiIdMalformed,
    InvalidAmiIdNotFound,
    InvalidUserDataMalformed,
    InvalidInstanceIdNotFound,
    InsufficientFreeAddressesInSubnet,
    // Systems Manager.
    ParameterNotFound,
    ValidationException,
    // EC2 Auto Scaling.
    ValidationError,
    AlreadyExists,
    ResourceInUse,
    ScalingActivityInProgress,
    /// Auto Scaling's `LimitExceeded` (`LimitExceededFault`).
    AutoScalingLimitExceeded,
    // IAM (botocore shape names; `as_str` gives IAM's wire codes, which the
    // AWS CLI prints: `An error occurred (NoSuchEntity) …`).
    NoSuchEntityException,
    EntityAlreadyExistsException,
    DeleteConflictException,
    MalformedPolicyDocumentException,
    InvalidInputException,
    /// IAM's `LimitExceeded` (ECS's is [`ErrorCode::LimitExceededException`]).
    IamLimitExceeded,
    RepositoryNotFoundException,
    RepositoryAlreadyExistsException,
    RepositoryNotEmptyException,
    ImageNotFoundException,
    ImageTagAlreadyExistsException,
    ImageAlreadyExistsException,
    LifecyclePolicyNotFoundException,
    LifecyclePolicyPreviewNotFoundException,
    RepositoryPolicyNotFoundException,
    ScanNotFoundException,
    // Elastic Load Balancing (botocore shape names; `as_str` gives the wire
    // codes the AWS CLI prints: `An error occurred (LoadBalancerNotFound)`).
    DuplicateLoadBalancerNameException,
    DuplicateTargetGroupNameException,
    DuplicateListenerException,
    DuplicateTagKeysException,
    LoadBalancerNotFoundException,
    TargetGroupNotFoundException,
    ListenerNotFoundException,
    RuleNotFoundException,
    PriorityInUseException,
    InvalidConfigurationRequestException,
    InvalidTargetException,
    InvalidSecurityGroupException,
    InvalidLoadBalancerActionException,
    IncompatibleProtocolsException,
    UnsupportedProtocolException,
    SubnetNotFoundException,
    OperationNotPermittedException,
    TooManyTargetsException,
    TooManyLoadBalancersException,
    TooManyTargetGroupsException,
    TooManyListenersException,
    TooManyRulesException,
    TooManyActionsException,
    TooManyTagsException,
    TargetGroupAssociationLimitException,
    // Classic Load Balancers (botocore `elb`; the codes they share with
    // ELBv2 use the variants above).
    InvalidEndPointException,
    InvalidSchemeException,
    LoadBalancerAttributeNotFoundException,
    // CloudWatch (botocore shape names ResourceNotFound, InvalidFormatFault).
    ResourceNotFound,
    // Application Auto Scaling.
    ObjectNotFoundException,
    InvalidFormat,
    // CloudWatch Logs.
    ResourceNotFoundException,
    ResourceAlreadyExistsException,
    // EventBridge and EventBridge Scheduler.
    InvalidEventPatternException,
    ConflictException,
    // Amazon SQS (botocore shape names; `as_str` gives the query-protocol
    // codes the AWS CLI prints for the JSON protocol, F19.6).
    QueueDoesNotExist,
    QueueNameExists,
    QueueDeletedRecently,
    InvalidAttributeName,
    InvalidAttributeValue,
    InvalidAddress,
    InvalidMessageContents,
    ReceiptHandleIsInvalid,
    MessageNotInflight,
    PurgeQueueInProgress,
    EmptyBatchRequest,
    TooManyEntriesInBatchRequest,
    BatchEntryIdsNotDistinct,
    InvalidBatchEntryId,
    // Amazon SNS (botocore shape names; `as_str` gives the query codes;
    // its InvalidParameter is EC2's variant).
    NotFoundException,
    // Amazon S3 (REST-XML codes, F21.2); `HttpNotFound` is a HEAD
    // request's error, which has no body: the AWS CLI prints `(404)`.
    NoSuchBucket,
    NoSuchKey,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    InvalidBucketName,
    BucketNotEmpty,
    TooManyBuckets,
    AccessDenied,
    NoSuchBucketPolicy,
    MalformedPolicy,
    NoSuchTagSet,
    InvalidTag,
    InvalidArgument,
    InvalidRequest,
    MalformedXML,
    EntityTooLarge,
    KeyTooLongError,
    InvalidLocationConstraint,
    IllegalLocationConstraintException,
    HttpNotFound,
    // Amazon DynamoDB (its others are shared: ResourceNotFoundException,
    // ResourceInUseException, ValidationException).
    ConditionalCheckFailedException,
    // Amazon EFS (REST-JSON error shapes, F23.1–F23.3).
    BadRequest,
    FileSystemAlreadyExists,
    FileSystemNotFound,
    FileSystemInUse,
    MountTargetConflict,
    MountTargetNotFound,
    SubnetNotFound,
    SecurityGroupNotFound,
    SecurityGroupLimitExceeded,
    IncorrectFileSystemLifeCycleState,
    IncorrectMountTargetState,
    IpAddressInUse,
    NoFreeAddressesInSubnet,
    AccessPointNotFound,
    AccessPointAlreadyExists,
    AccessPointLimitExceeded,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ClientException => "ClientException",
            ErrorCode::InvalidParameterException => "InvalidParameterException",
            ErrorCode::SerializationException => "SerializationException",
            ErrorCode::UnsupportedFeatureException => "UnsupportedFeatureException",
            ErrorCode::UnknownOperationException => "UnknownOperationException",
            ErrorCode::ClusterNotFoundException => "ClusterNotFoundException",
            ErrorCode::ClusterContainsServicesException => "ClusterContainsServicesException",
            ErrorCode::ClusterContainsTasksException => "ClusterContainsTasksException",
            ErrorCode::ClusterContainsContainerInstancesException => {
                "ClusterContainsContainerInstancesException"
            }
            ErrorCode::LimitExceededException => "LimitExceededException",
            ErrorCode::ResourceInUseException => "ResourceInUseException",
            ErrorCode::ServiceNotFoundException => "ServiceNotFoundException",
            ErrorCode::ServiceNotActiveException => "ServiceNotActiveException",
            ErrorCode::InvalidParameterValue => "InvalidParameterValue",
            ErrorCode::InvalidParameter => "InvalidParameter",
            ErrorCode::InvalidParameterCombination => "InvalidParameterCombination",
            ErrorCode::MissingParameter => "MissingParameter",
            ErrorCode::InvalidVpcIdNotFound => "InvalidVpcID.NotFound",
            ErrorCode::InvalidVpcRange => "InvalidVpc.Range",
            ErrorCode::VpcIdNotSpecified => "VPCIdNotSpecified",
            ErrorCode::InvalidSubnetIdNotFound => "InvalidSubnetID.NotFound",
            ErrorCode::InvalidSubnetRange => "InvalidSubnet.Range",
            ErrorCode::InvalidSubnetConflict => "InvalidSubnet.Conflict",
            ErrorCode::InvalidGroupNotFound => "InvalidGroup.NotFound",
            ErrorCode::InvalidNetworkInterfaceIdNotFound => "InvalidNetworkInterfaceID.NotFound",
            ErrorCode::InvalidPaginationToken => "InvalidPaginationToken",
            ErrorCode::InvalidNextToken => "InvalidNextToken",
            ErrorCode::InvalidGroupDuplicate => "InvalidGroup.Duplicate",
            ErrorCode::InvalidPermissionDuplicate => "InvalidPermission.Duplicate",
            ErrorCode::InvalidPermissionNotFound => "InvalidPermission.NotFound",
            ErrorCode::CannotDelete => "CannotDelete",
            ErrorCode::DependencyViolation => "DependencyViolation",
            ErrorCode::InvalidLaunchTemplateNameAlreadyExistsException => {
                "InvalidLaunchTemplateName.AlreadyExistsException"
            }
            ErrorCode::InvalidLaunchTemplateNameNotFoundException => {
                "InvalidLaunchTemplateName.NotFoundException"
            }
            ErrorCode::InvalidLaunchTemplateNameMalformedException => {
                "InvalidLaunchTemplateName.MalformedException"
            }
            ErrorCode::InvalidLaunchTemplateIdNotFound => "InvalidLaunchTemplateId.NotFound",
            ErrorCode::InvalidAmiIdMalformed => "InvalidAMIID.Malformed",
            ErrorCode::InvalidAmiIdNotFound => "InvalidAMIID.NotFound",
            ErrorCode::InvalidUserDataMalformed => "InvalidUserData.Malformed",
            ErrorCode::InvalidInstanceIdNotFound => "InvalidInstanceID.NotFound",
            ErrorCode::InsufficientFreeAddressesInSubnet => "InsufficientFreeAddressesInSubnet",
            ErrorCode::ValidationError => "ValidationError",
            ErrorCode::ParameterNotFound => "ParameterNotFound",
            ErrorCode::ValidationException => "ValidationException",
            ErrorCode::AlreadyExists => "AlreadyExists",
            ErrorCode::ResourceInUse => "ResourceInUse",
            ErrorCode::ScalingActivityInProgress => "ScalingActivityInProgress",
            ErrorCode::NoSuchEntityException => "NoSuchEntity",
            ErrorCode::EntityAlreadyExistsException => "EntityAlreadyExists",
            ErrorCode::DeleteConflictException => "DeleteConflict",
            ErrorCode::MalformedPolicyDocumentException => "MalformedPolicyDocument",
            ErrorCode::InvalidInputException => "InvalidInput",
            ErrorCode::IamLimitExceeded => "LimitExceeded",
            ErrorCode::AutoScalingLimitExceeded => "LimitExceeded",
            ErrorCode::RepositoryNotFoundException => "RepositoryNotFoundException",
            ErrorCode::RepositoryAlreadyExistsException => "RepositoryAlreadyExistsException",
            ErrorCode::RepositoryNotEmptyException => "RepositoryNotEmptyException",
            ErrorCode::ImageNotFoundException => "ImageNotFoundException",
            ErrorCode::ImageTagAlreadyExistsException => "ImageTagAlreadyExistsException",
            ErrorCode::ImageAlreadyExistsException => "ImageAlreadyExistsException",
            ErrorCode::LifecyclePolicyNotFoundException => "LifecyclePolicyNotFoundException",
            ErrorCode::LifecyclePolicyPreviewNotFoundException => {
                "LifecyclePolicyPreviewNotFoundException"
            }
            ErrorCode::QueueDoesNotExist => "AWS.SimpleQueueService.NonExistentQueue",
            ErrorCode::QueueNameExists => "QueueAlreadyExists",
            ErrorCode::QueueDeletedRecently => "AWS.SimpleQueueService.QueueDeletedRecently",
            ErrorCode::InvalidAttributeName => "InvalidAttributeName",
            ErrorCode::InvalidAttributeValue => "InvalidAttributeValue",
            ErrorCode::InvalidAddress => "InvalidAddress",
            ErrorCode::InvalidMessageContents => "InvalidMessageContents",
            ErrorCode::ReceiptHandleIsInvalid => "ReceiptHandleIsInvalid",
            ErrorCode::MessageNotInflight => "AWS.SimpleQueueService.MessageNotInflight",
            ErrorCode::PurgeQueueInProgress => "AWS.SimpleQueueService.PurgeQueueInProgress",
            ErrorCode::EmptyBatchRequest => "AWS.SimpleQueueService.EmptyBatchRequest",
            ErrorCode::TooManyEntriesInBatchRequest => {
                "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"
            }
            ErrorCode::BatchEntryIdsNotDistinct => {
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"
            }
            ErrorCode::InvalidBatchEntryId => "AWS.SimpleQueueService.InvalidBatchEntryId",
            ErrorCode::NotFoundException => "NotFound",
            ErrorCode::RepositoryPolicyNotFoundException => "RepositoryPolicyNotFoundException",
            ErrorCode::ScanNotFoundException => "ScanNotFoundException",
            ErrorCode::DuplicateLoadBalancerNameException => "DuplicateLoadBalancerName",
            ErrorCode::DuplicateTargetGroupNameException => "DuplicateTargetGroupName",
            ErrorCode::DuplicateListenerException => "DuplicateListener",
            ErrorCode::DuplicateTagKeysException => "DuplicateTagKeys",
            ErrorCode::LoadBalancerNotFoundException => "LoadBalancerNotFound",
            ErrorCode::TargetGroupNotFoundException => "TargetGroupNotFound",
            ErrorCode::ListenerNotFoundException => "ListenerNotFound",
            ErrorCode::RuleNotFoundException => "RuleNotFound",
            ErrorCode::PriorityInUseException => "PriorityInUse",
            ErrorCode::InvalidConfigurationRequestException => "InvalidConfigurationRequest",
            ErrorCode::InvalidTargetException => "InvalidTarget",
            ErrorCode::InvalidSecurityGroupException => "InvalidSecurityGroup",
            ErrorCode::InvalidLoadBalancerActionException => "InvalidLoadBalancerAction",
            ErrorCode::IncompatibleProtocolsException => "IncompatibleProtocols",
            ErrorCode::UnsupportedProtocolException => "UnsupportedProtocol",
            ErrorCode::SubnetNotFoundException => "SubnetNotFound",
            ErrorCode::OperationNotPermittedException => "OperationNotPermitted",
            ErrorCode::TooManyTargetsException => "TooManyTargets",
            ErrorCode::TooManyLoadBalancersException => "TooManyLoadBalancers",
            ErrorCode::TooManyTargetGroupsException => "TooManyTargetGroups",
            ErrorCode::TooManyListenersException => "TooManyListeners",
            ErrorCode::TooManyRulesException => "TooManyRules",
            ErrorCode::TooManyActionsException => "TooManyActions",
            ErrorCode::TooManyTagsException => "TooManyTags",
            ErrorCode::TargetGroupAssociationLimitException => "TargetGroupAssociationLimit",
            ErrorCode::InvalidEndPointException => "InvalidInstance",
            ErrorCode::InvalidSchemeException => "InvalidScheme",
            ErrorCode::LoadBalancerAttributeNotFoundException => "LoadBalancerAttributeNotFound",
            ErrorCode::ResourceNotFound => "ResourceNotFound",
            ErrorCode::ObjectNotFoundException => "ObjectNotFoundException",
            ErrorCode::InvalidFormat => "InvalidFormat",
            ErrorCode::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorCode::ConditionalCheckFailedException => "ConditionalCheckFailedException",
            ErrorCode::ResourceAlreadyExistsException => "ResourceAlreadyExistsException",
            ErrorCode::InvalidEventPatternException => "InvalidEventPatternException",
            ErrorCode::ConflictException => "ConflictException",
            ErrorCode::NoSuchBucket => "NoSuchBucket",
            ErrorCode::NoSuchKey => "NoSuchKey",
            ErrorCode::BucketAlreadyExists => "BucketAlreadyExists",
            ErrorCode::BucketAlreadyOwnedByYou => "BucketAlreadyOwnedByYou",
            ErrorCode::InvalidBucketName => "InvalidBucketName",
            ErrorCode::BucketNotEmpty => "BucketNotEmpty",
            ErrorCode::TooManyBuckets => "TooManyBuckets",
            ErrorCode::AccessDenied => "AccessDenied",
            ErrorCode::NoSuchBucketPolicy => "NoSuchBucketPolicy",
            ErrorCode::MalformedPolicy => "MalformedPolicy",
            ErrorCode::NoSuchTagSet => "NoSuchTagSet",
            ErrorCode::InvalidTag => "InvalidTag",
            ErrorCode::InvalidArgument => "InvalidArgument",
            ErrorCode::InvalidRequest => "InvalidRequest",
            ErrorCode::MalformedXML => "MalformedXML",
            ErrorCode::EntityTooLarge => "EntityTooLarge",
            ErrorCode::KeyTooLongError => "KeyTooLongError",
            ErrorCode::InvalidLocationConstraint => "InvalidLocationConstraint",
            ErrorCode::IllegalLocationConstraintException => "IllegalLocationConstraintException",
            ErrorCode::HttpNotFound => "404",
            ErrorCode::BadRequest => "BadRequest",
            ErrorCode::FileSystemAlreadyExists => "FileSystemAlreadyExists",
            ErrorCode::FileSystemNotFound => "FileSystemNotFound",
            ErrorCode::FileSystemInUse => "FileSystemInUse",
            ErrorCode::MountTargetConflict => "MountTargetConflict",
            ErrorCode::MountTargetNotFound => "MountTargetNotFound",
            ErrorCode::SubnetNotFound => "SubnetNotFound",
            ErrorCode::SecurityGroupNotFound => "SecurityGroupNotFound",
            ErrorCode::SecurityGroupLimitExceeded => "SecurityGroupLimitExceeded",
            ErrorCode::IncorrectFileSystemLifeCycleState => "IncorrectFileSystemLifeCycleState",
            ErrorCode::IncorrectMountTargetState => "IncorrectMountTargetState",
            ErrorCode::IpAddressInUse => "IpAddressInUse",
            ErrorCode::NoFreeAddressesInSubnet => "NoFreeAddressesInSubnet",
            ErrorCode::AccessPointNotFound => "AccessPointNotFound",
            ErrorCode::AccessPointAlreadyExists => "AccessPointAlreadyExists",
            ErrorCode::AccessPointLimitExceeded => "AccessPointLimitExceeded",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An AWS service error: a code and a message a learner can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
    /// `operation: the simulator does not model 'what' yet.`: something
    /// AWS would accept that the simulator does not model.
    pub fn unsupported(operation: &str, what: &str) -> Self {
        Self::new(
            ErrorCode::UnsupportedFeatureException,
            format!("{operation}: the simulator does not model '{what}' yet."),
        )
    }
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParameterException, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}
