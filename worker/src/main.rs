//! The simulator's Web Worker. Trunk builds it beside the study shell
//! (`index.html`: `data-type="worker"`, with a loader shim); the shell
//! starts it from the sandbox and lab pages only
//! (`app/src/sim_state/worker.rs`). See `web.rs` for what it does.

// The engine's allocator and memcmp (see app/Cargo.toml).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
#[cfg(target_arch = "wasm32")]
use stevedore_wasm_mem as _;

#[cfg(target_arch = "wasm32")]
fn main() {
    stevedore_worker::web::serve_in_worker();
}

/// Natively there is nothing to run: the worker exists in the browser.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
