//! # stevedore-worker
//!
//! The simulator as a Web Worker, so that the study shell (`app/`) loads
//! neither the engine nor the command line's tables, and a day played at
//! 1000× does not run on the thread that draws the page.
//!
//! - [`protocol`]: the messages (JSON texts): the shell's requests with
//!   ids, the worker's answers, view updates, journals to save.
//! - [`host`]: the [`host::Host`] that owns the `Sim`, the shell session
//!   and the wall clock; plain Rust, tested natively.
//! - `web` (wasm32 only): the glue that serves a `Host` over
//!   `postMessage` with a ticking clock; the worker's `main` uses it, and
//!   the page's browser tests run the same glue in the page.

pub mod host;
pub mod protocol;
#[cfg(target_arch = "wasm32")]
pub mod web;
