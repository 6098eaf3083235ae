//! # stevedore-runner
//!
//! The `stevedore` command, a thin shell around the engine and the command
//! line:
//!
//! - [`script`]: `stevedore run [--json] FILE` runs a script of `aws …` and
//!   `sim …` lines, printing what the AWS CLI would print (or one JSON
//!   object per command), with `# expect-error: CODE` markers.
//! - [`lab`]: `stevedore lab list|check|solution`, the course's labs
//!   (`stevedore_cli::labs`).
//! - [`prerender`]: `stevedore prerender DIST` writes every lesson as a
//!   static page of a release build (its text readable before the wasm).
//! - [`endpoint`] on [`http`]: `stevedore serve --port 4566` answers the AWS
//!   JSON protocol on 127.0.0.1, so the real AWS CLI and SDKs can talk to
//!   the simulator.

pub mod endpoint;
pub mod http;
pub mod lab;
pub mod prerender;
pub mod script;
pub mod wire;
