//! Amazon ECS: the actions and the state they act on.

pub mod cluster;
pub mod container_instance;
pub mod query;
pub mod tags;
pub mod task;
pub mod task_definition;
