//! Amazon ECS: the actions and the state they act on.

pub mod cluster;
pub mod tags;
pub mod task_definition;
