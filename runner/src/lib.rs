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
//!   static page of a release build that loads no wasm until its quiz is
//!   used (then the study shell boots and takes the page over).
//! - [`endpoint`] on [`http`]: `stevedore serve --port 4566` answers every
//!   simulated service on 127.0.0.1 in the wire protocol the real AWS CLI
//!   and SDKs speak to it ([`wire`]: AWS JSON 1.0 and 1.1, query, ec2,
//!   REST-JSON).

pub mod endpoint;
pub mod http;
pub mod lab;
pub mod prerender;
pub mod script;
pub mod wire;
