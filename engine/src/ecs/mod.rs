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
pub mod health;
pub mod placement;
pub mod query;
pub mod run_task;
pub mod service;
pub mod tags;
pub mod task;
pub mod task_definition;
