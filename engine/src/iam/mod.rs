//! AWS IAM: roles (trust policy, managed and inline permissions), instance
//! profiles, and the pure evaluator other modules call:
//! [`Sim::role_allows`] and [`Sim::role_trusts`].
//!
//! Shapes follow botocore `iam/2010-05-08` (PascalCase members). IAM is a
//! global service: ARNs have no region (`arn:aws:iam::<account>:role/<name>`).
//! Error codes are IAM's wire codes (`NoSuchEntity`, `EntityAlreadyExists`,
//! `DeleteConflict`, `MalformedPolicyDocument`, `InvalidInput`,
//! `LimitExceeded`, `ValidationError`), as the AWS CLI prints them.
//!
//! Role existence for task definitions is not checked at registration (F4.8:
//! the ARNs are only shape-checked); the task code checks roles when a task
//! starts, with [`Sim::role_trusts`] and [`Sim::role_allows`].
//!
//! [`Sim::role_allows`]: crate::Sim::role_allows
//! [`Sim::role_trusts`]: crate::Sim::role_trusts

pub mod policy;

mod evaluate;
mod instance_profiles;
mod roles;
mod rules;
mod shapes;

pub use evaluate::*;
pub use shapes::*;

/// Managed policies attached per role (IAM default quota).
pub const MAX_MANAGED_POLICIES_PER_ROLE: usize = 10;
/// Roles per instance profile (fixed at one by IAM).
pub const MAX_ROLES_PER_INSTANCE_PROFILE: usize = 1;
pub const DEFAULT_MAX_SESSION_DURATION: i64 = 3600;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
