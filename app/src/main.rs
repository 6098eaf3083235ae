// The allocator of the page (and of the browser benchmark, bench/tests/browser.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The page's memcmp and bcmp (eight bytes at a time; see the crate).
#[cfg(target_arch = "wasm32")]
use stevedore_wasm_mem as _;

fn main() {
    console_error_panic_hook::set_once();
    // A lesson served as a static page (`stevedore prerender`) shows its
    // text before this runs; the app draws the same page in its place.
    if let Some(prerendered) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prerendered"))
    {
        prerendered.remove();
    }
    leptos::mount::mount_to_body(stevedore_app::App);
}
