// The allocator of the page (and of the browser benchmark, bench/tests/browser.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The page's memcmp and bcmp (eight bytes at a time; see the crate).
#[cfg(target_arch = "wasm32")]
use stevedore_wasm_mem as _;

fn main() {
    console_error_panic_hook::set_once();
    // A prerendered page (`stevedore prerender`) keeps its static copy,
    // `<div id="prerendered">`, while the app mounts after it: the page's
    // loader (runner/src/boot.js) then carries what the learner did there
    // (answers picked, a button pressed, where they had scrolled) over to
    // the app and removes the copy, in the same task.
    leptos::mount::mount_to_body(stevedore_app::App);
}
