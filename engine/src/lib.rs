//! # stevedore-engine
//!
//! A deterministic simulator of AWS container services, in pure Rust: no web,
//! no I/O, no clock, no async. It compiles natively and to wasm32 and gives
//! the same results on both.
//!
//! - **In:** one door, [`Sim::apply`] of an [`Input`]: a [`Command`]
//!   shaped like an AWS API action (built from AWS JSON by
//!   [`Command::from_json`]), time, a [`Fault`], the simulated [`Docker`]
//!   client or a [`Probe`]. Simulated time is milliseconds owned by the
//!   engine. Every input applied is kept in the account's [`Journal`],
//!   which replays to the same state.
//! - **Out:** an [`Output`] (a [`Response`] or an [`ApiError`] with AWS's
//!   error code, …); [`Event`]s ([`Sim::drain_events`]); a plain-data
//!   [`View`] ([`Sim::view`]).
//! - **Determinism:** one seed feeds one named generator ([`rng::Pcg32`]);
//!   state lives in ordered collections; timers fire in (time, sequence)
//!   order. Same config + same commands → same trace.
//!
//! Facts about AWS behaviour come from `shared/aws-behaviour.md`; where AWS is
//! silent the engine uses that file's MODEL values, named as constants.

pub mod applicationautoscaling;
pub mod autoscaling;
pub mod base;
pub mod cloudwatch;
pub mod command;
pub mod config;
pub mod cost;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod elb;
pub mod elbv2;
pub mod error;
pub mod event;
pub mod eventbridge;
pub mod events;
pub mod faults;
pub mod files;
pub mod goals;
pub mod iam;
pub mod images;
pub mod input;
pub mod journal;
pub mod logs;
pub mod reach;
pub mod rng;
pub mod s3;
pub mod scenario;
pub mod scheduler;
mod sim;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod state;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod test_support;
pub mod time;
pub mod view;

pub use command::{Command, OPERATIONS, Response, Service};
pub use config::SimConfig;
pub use error::{ApiError, ErrorCode};
pub use event::{Event, EventKind};
pub use eventbridge::EventBridgeEvent;
pub use faults::Fault;
pub use goals::{Goal, GoalCheck};
pub use images::Docker;
pub use input::{Input, Output, TimeMoved};
pub use journal::{Journal, JournalEntry, JournalError};
pub use reach::Probe;
pub use sim::Sim;
pub use time::{SimDuration, SimTime};
pub use view::View;
