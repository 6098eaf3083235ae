//! DOM helpers shared by the browser tests (`mod common;` in each test
//! file). Each test file uses a subset of them.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh element in the document to mount into. The app's pages read
/// the course the build writes as files (`stevedore_app::course`): here it
/// is installed from the one the lessons crate compiles in.
pub fn container() -> HtmlElement {
    stevedore_app::course::install(stevedore_lessons::course().clone());
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// Lets the reactive system run its scheduled effects.
pub async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Clicks an element as a user would (the browser dispatches `click`).
pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// The first element matching `selector`, or a test failure naming it.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

/// A simulator served in the page, through the worker's own glue
/// (`stevedore_worker::web`): what `SimHandle::provide` takes in the
/// browser tests instead of a Web Worker.
pub fn in_page() -> stevedore_app::sim_state::Spawn {
    use stevedore_app::sim_state::Backend;
    struct InPage(stevedore_worker::web::Served);
    impl Backend for InPage {
        fn post(&self, text: String) {
            self.0.receive(&text);
        }
    }
    std::rc::Rc::new(|deliver| {
        Ok(
            std::rc::Rc::new(InPage(stevedore_worker::web::serve_in_page(deliver)))
                as std::rc::Rc<dyn Backend>,
        )
    })
}

/// Waits (up to about two seconds) until `ready` holds, letting the page
/// and the simulator run meanwhile.
pub async fn until(mut ready: impl FnMut() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        tick().await;
    }
}
