//! The course, fetched from the build's static files instead of compiled
//! into the shell (`stevedore_lessons::data`: the index, and one body per
//! lesson). The shell carries no Markdown or TOML and no parser for them:
//! it reads JSON the build wrote from the validated course.
//!
//! - The index (titles, order, headings, quizzes, labs) is loaded once,
//!   before the app's pages are drawn: [`crate::App`] shows "Loading the
//!   course…", or what went wrong with a "Try again" button, until it is
//!   here. From then on [`course`] hands it out, as
//!   `stevedore_lessons::course()` did.
//! - A lesson's body is fetched by the lesson page that shows it
//!   ([`body`]), once per lesson, with its own loading and failure states.
//! - A prerendered lesson page's loader (`runner/src/boot.js`) fetches both
//!   alongside the wasm and leaves their texts in
//!   `window.__stevedoreCourse`; [`App`](crate::App) takes them from there
//!   before its first drawing, so the app draws the lesson at once and
//!   takes the page over in the same task.
//! - The browser tests [`install`] the course the lessons crate compiles in
//!   (tests only: the shell does not link it).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use leptos::prelude::*;
use stevedore_lessons::Course;
use stevedore_lessons::data::{INDEX_PATH, body_path, read_body, read_index};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where a prerendered page's loader leaves the texts it fetched:
/// `{ index: "…", lessons: { "<id>": "…" } }`.
pub const PRELOADED_GLOBAL: &str = "__stevedoreCourse";

/// Something being fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load<T> {
    /// Not here yet.
    Loading,
    /// Here.
    Ready(T),
    /// Failed: what went wrong, in a sentence (the page offers to try again).
    Failed(String),
}

static COURSE: OnceLock<Course> = OnceLock::new();

thread_local! {
    static INDEX: RefCell<Option<Load<()>>> = const { RefCell::new(None) };
    static INDEX_CHANGED: ArcTrigger = ArcTrigger::new();
    static BODIES: RefCell<HashMap<String, Load<Rc<str>>>> = RefCell::new(HashMap::new());
    static BODIES_CHANGED: ArcTrigger = ArcTrigger::new();
}

/// The course's index, once loaded.
///
/// # Panics
///
/// Before the index is loaded: the app draws no page before that
/// ([`index`] is `Ready`), and the browser tests [`install`] it first.
#[allow(
    clippy::expect_used,
    reason = "pages are drawn only once the course is here (App)"
)]
pub fn course() -> &'static Course {
    COURSE
        .get()
        .expect("the course is used before it was loaded (see app/src/course.rs)")
}

/// Installs a whole course at once: the index, and every lesson's body
/// that is not empty. For the browser tests (the course the lessons crate
/// compiles in); a second call changes nothing.
pub fn install(whole: Course) -> &'static Course {
    let bodies: Vec<(String, String)> = whole
        .lessons
        .iter()
        .filter(|l| !l.html.is_empty())
        .map(|l| (l.id.clone(), l.html.clone()))
        .collect();
    let installed = COURSE.get_or_init(|| whole);
    BODIES.with_borrow_mut(|map| {
        for (id, html) in bodies {
            map.entry(id).or_insert_with(|| Load::Ready(Rc::from(html)));
        }
    });
    INDEX.with_borrow_mut(|state| *state = Some(Load::Ready(())));
    INDEX_CHANGED.with(ArcTrigger::notify);
    BODIES_CHANGED.with(ArcTrigger::notify);
    installed
}

/// Takes what a prerendered page's loader fetched (see the module docs),
/// if anything; texts that do not read are left to be fetched again.
pub fn take_preloaded() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str(PRELOADED_GLOBAL);
    let Ok(found) = js_sys::Reflect::get(&window, &key) else {
        return;
    };
    if found.is_undefined() || found.is_null() {
        return;
    }
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    if COURSE.get().is_none() {
        let index = js_sys::Reflect::get(&found, &JsValue::from_str("index"))
            .ok()
            .and_then(|v| v.as_string());
        match index.as_deref().map(read_index) {
            Some(Ok(course)) => {
                let _ = COURSE.set(course);
                INDEX.with_borrow_mut(|state| *state = Some(Load::Ready(())));
            }
            _ => return,
        }
    }
    let Ok(lessons) = js_sys::Reflect::get(&found, &JsValue::from_str("lessons")) else {
        return;
    };
    let Ok(ids) = js_sys::Reflect::own_keys(&lessons) else {
        return;
    };
    for id in ids.iter().filter_map(|id| id.as_string()) {
        let text = js_sys::Reflect::get(&lessons, &JsValue::from_str(&id))
            .ok()
            .and_then(|v| v.as_string());
        if let Some(Ok(html)) = text.map(|t| read_body(&id, &t)) {
            BODIES.with_borrow_mut(|map| map.insert(id, Load::Ready(Rc::from(html))));
        }
    }
}

/// The index: `Ready` once [`course`] may be used, else loading (the
/// first call starts the fetch) or failed. Reactive: a closure that calls
/// it is run again when that changes.
pub fn index() -> Load<&'static Course> {
    INDEX_CHANGED.with(ArcTrigger::track);
    let state = INDEX.with_borrow(Clone::clone);
    match state {
        Some(Load::Ready(())) => COURSE.get().map_or(Load::Loading, Load::Ready),
        Some(Load::Failed(message)) => Load::Failed(message),
        Some(Load::Loading) => Load::Loading,
        None => {
            INDEX.with_borrow_mut(|state| *state = Some(Load::Loading));
            wasm_bindgen_futures::spawn_local(async {
                let state = match fetch_text(INDEX_PATH).await {
                    Ok(text) => match read_index(&text) {
                        Ok(course) => {
                            let _ = COURSE.set(course);
                            Load::Ready(())
                        }
                        Err(message) => Load::Failed(message),
                    },
                    Err(message) => Load::Failed(format!("the course's index: {message}")),
                };
                INDEX.with_borrow_mut(|s| *s = Some(state));
                INDEX_CHANGED.with(ArcTrigger::notify);
            });
            Load::Loading
        }
    }
}

/// After a failure: fetch the index again.
pub fn retry_index() {
    INDEX.with_borrow_mut(|state| {
        if matches!(state, Some(Load::Failed(_))) {
            *state = None;
        }
    });
    INDEX_CHANGED.with(ArcTrigger::notify);
}

/// Lesson `id`'s rendered body (safe HTML, from the build): fetched on the
/// first call, then kept. Reactive, as [`index`].
pub fn body(id: &str) -> Load<Rc<str>> {
    BODIES_CHANGED.with(ArcTrigger::track);
    if let Some(state) = BODIES.with_borrow(|map| map.get(id).cloned()) {
        return state;
    }
    BODIES.with_borrow_mut(|map| map.insert(id.to_owned(), Load::Loading));
    let id = id.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        let state = match fetch_text(&body_path(&id)).await {
            Ok(text) => match read_body(&id, &text) {
                Ok(html) => Load::Ready(Rc::from(html)),
                Err(message) => Load::Failed(message),
            },
            Err(message) => Load::Failed(format!("the text of lesson '{id}': {message}")),
        };
        BODIES.with_borrow_mut(|map| map.insert(id, state));
        BODIES_CHANGED.with(ArcTrigger::notify);
    });
    Load::Loading
}

/// After a failure: fetch lesson `id`'s body again.
pub fn retry_body(id: &str) {
    BODIES.with_borrow_mut(|map| {
        if matches!(map.get(id), Some(Load::Failed(_))) {
            map.remove(id);
        }
    });
    BODIES_CHANGED.with(ArcTrigger::notify);
}

/// A file of the site as text; an error in a sentence (offline, or the
/// server's status).
async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let offline = |_| "the network did not answer (are you offline?)".to_owned();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(offline)?
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response.text().map_err(|_| "no text".to_owned())?;
    JsFuture::from(text)
        .await
        .map_err(offline)?
        .as_string()
        .ok_or_else(|| "not text".to_owned())
}
