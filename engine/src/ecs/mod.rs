//! Amazon ECS: the actions and the state they act on.

pub mod account_settings;
pub mod agent_config;
pub mod aws_cli;
pub mod capacity_provider;
pub mod cluster;
pub mod container_instance;
pub mod daemon;
pub mod deployment;
#[cfg(test)]
mod drain_tests;
pub mod efs;
pub mod health;
pub mod placement;
pub mod query;
pub mod run_task;
pub mod s3_worker;
pub mod service;
pub mod tags;
pub mod task;
pub mod task_definition;

use crate::base::paginate::Limits;
use crate::error::ApiError;

/// ECS List* paging (nextToken / maxResults): 1–100, 100 when omitted,
/// InvalidParameterException for a bad limit or token.
pub(crate) const fn paging(operation: &'static str) -> Limits {
    Limits::max_results(operation, 100)
}

/// The refusal of a token ListTaskDefinitions, ListTaskDefinitionFamilies
/// or ListAccountSettings did not make (worded unlike [`Limits::bad_token`]).
pub(crate) fn invalid_next_token() -> ApiError {
    ApiError::invalid_parameter(
        "Invalid nextToken: pass back exactly the nextToken a previous call returned.",
    )
}
