//! Browser test of the course as fetched files (`stevedore_app::course`):
//! the app's whole page, with `window.fetch` replaced by one the test
//! controls. The course's index and a lesson's text each show a loading
//! message, then what went wrong with "Try again" when the fetch fails, and
//! the page once it succeeds. Its own page: nothing installs the course
//! here beforehand (the other test files do, in `common::container`).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{click, text, tick};

/// Replaces `window.fetch`: `files` (a JS object: path → text) are
/// answered, a path marked `"!offline"` rejects as a network failure does,
/// a text marked `"!slow:…"` is answered after 300 ms, anything else gets
/// a 404. Returns the object, to change as the test goes.
fn fake_fetch() -> js_sys::Object {
    let files = js_sys::Object::new();
    let install = js_sys::Function::new_with_args(
        "files",
        "window.__fetched = [];
         window.fetch = (url) => {
           const path = new URL(url, location.href).pathname;
           window.__fetched.push(path);
           const text = files[path];
           if (text === '!offline') return Promise.reject(new TypeError('Failed to fetch'));
           if (text === undefined) return Promise.resolve(new Response('not here', { status: 404, statusText: 'Not Found' }));
           if (text.startsWith('!slow:')) return new Promise((ok) => setTimeout(() => ok(new Response(text.slice(6), { status: 200 })), 300));
           return Promise.resolve(new Response(text, { status: 200 }));
         };",
    );
    install.call1(&JsValue::NULL, &files).unwrap();
    files
}

fn set(files: &js_sys::Object, path: &str, text: &str) {
    js_sys::Reflect::set(files, &path.into(), &text.into()).unwrap();
}

fn fetched() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list = js_sys::Reflect::get(&window, &"__fetched".into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}

/// The element matching `selector` once it is there (about two seconds).
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        tick().await;
    }
    panic!("no {selector} in {}", root.inner_html())
}

/// The element matching `selector` once its text holds `needle`.
async fn wait_for_text(root: &Element, selector: &str, needle: &str) -> Element {
    for _ in 0..200 {
        if let Some(el) = root.query_selector(selector).unwrap()
            && text(&el).contains(needle)
        {
            return el;
        }
        tick().await;
    }
    panic!("no {selector} saying {needle:?} in {}", root.inner_html())
}

#[wasm_bindgen_test]
async fn the_course_and_a_lessons_text_are_fetched_with_loading_and_retry() {
    let course = stevedore_lessons::course();
    let data = stevedore_lessons::data::files(course).unwrap();
    let files = fake_fetch();
    set(&files, "/course/index.json", "!offline");

    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), stevedore_app::App).forget();

    // Loading, then the failure in words, with a way to try again; never a
    // blank page.
    let loading = root
        .query_selector("[data-testid=course-loading]")
        .unwrap()
        .expect("a loading message at once");
    assert_eq!(text(&loading), "Loading the course…");
    let failed = wait_for(&root, "[data-testid=course-failed]").await;
    assert_eq!(failed.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        text(&failed).contains("The course could not be loaded: the course's index: the network did not answer (are you offline?)."),
        "{}",
        text(&failed)
    );
    assert!(root.query_selector(".site-header nav").unwrap().is_some());

    // A host that answers with its index.html (an SPA fallback) is refused.
    set(&files, "/course/index.json", "<!doctype html><html></html>");
    click(&failed.query_selector("button").unwrap().unwrap());
    let failed = wait_for_text(
        &root,
        "[data-testid=course-failed]",
        "not the course's index",
    )
    .await;

    // The index arrives: the home page's course map, every lesson listed.
    set(&files, &format!("/{}", data[0].0), &data[0].1);
    click(&failed.query_selector("button").unwrap().unwrap());
    let map = wait_for(&root, "nav.course-map").await;
    for lesson in &course.lessons {
        assert!(text(&map).contains(&lesson.title), "{}", lesson.title);
    }
    assert!(
        !fetched().iter().any(|p| p.starts_with("/course/lessons/")),
        "the home page fetches no lesson's text: {:?}",
        fetched()
    );

    // In-app to the first lesson: its header and quiz at once (the index),
    // its text fetched; a failed fetch says so and tries again.
    let lesson = &course.lessons[0];
    let body_path = format!("/course/lessons/{}.json", lesson.id);
    set(&files, &body_path, "!offline");
    let link = map
        .query_selector(&format!("a[href='/lessons/{}']", lesson.id))
        .unwrap()
        .unwrap();
    click(&link);
    let failed = wait_for(&root, "[data-testid=lesson-failed]").await;
    assert!(
        text(&failed).contains(&format!(
            "The lesson's text could not be loaded: the text of lesson '{}'",
            lesson.id
        )),
        "{}",
        text(&failed)
    );
    let header = root.query_selector("article.lesson h1").unwrap().unwrap();
    assert_eq!(text(&header), lesson.title);
    assert!(
        root.query_selector("#lesson-quiz, .quiz")
            .unwrap()
            .is_some(),
        "the quiz shows meanwhile"
    );

    let body = data
        .iter()
        .find(|(p, _)| format!("/{p}") == body_path)
        .unwrap();
    set(&files, &body_path, &body.1);
    click(&failed.query_selector("button").unwrap().unwrap());
    let shown = wait_for(&root, "div.lesson-body:not([role])").await;
    assert_eq!(
        shown.inner_html().trim_end_matches("<!---->"),
        lesson.html,
        "the text, as the build rendered it"
    );
    assert!(root.query_selector("nav.toc").unwrap().is_some());

    // Fetched once: back home and to the lesson again asks nothing more.
    let asked = fetched().iter().filter(|p| **p == body_path).count();
    click(&root.query_selector("a.brand").unwrap().unwrap());
    let map = wait_for(&root, "nav.course-map").await;
    click(
        &map.query_selector(&format!("a[href='/lessons/{}']", lesson.id))
            .unwrap()
            .unwrap(),
    );
    wait_for(&root, "div.lesson-body:not([role])").await;
    assert_eq!(fetched().iter().filter(|p| **p == body_path).count(), asked);

    // A link to a section of a lesson whose text is not here yet: the
    // router arrives before the text; once it is drawn, the page goes to
    // that section.
    let next = &course.lessons[1];
    let section = next
        .headings
        .last()
        .expect("the second lesson has headings");
    let next_path = format!("/course/lessons/{}.json", next.id);
    let next_body = data
        .iter()
        .find(|(p, _)| format!("/{p}") == next_path)
        .unwrap();
    set(&files, &next_path, &format!("!slow:{}", next_body.1));
    let link = document.create_element("a").unwrap();
    link.set_attribute("href", &format!("/lessons/{}#{}", next.id, section.id))
        .unwrap();
    link.set_text_content(Some("to a section"));
    root.append_child(&link).unwrap();
    click(&link);
    let want = format!("/lessons/{}", next.id);
    let window = web_sys::window().unwrap();
    let selector = format!("div.lesson-body:not([role]) [id='{}']", section.id);
    let mut top = None;
    let mut waited = false;
    for _ in 0..100 {
        let here = window.location().pathname().unwrap() == want;
        waited |= here
            && root
                .query_selector("[data-testid=lesson-loading]")
                .unwrap()
                .is_some();
        top = root
            .query_selector(&selector)
            .unwrap()
            .filter(|_| here)
            .map(|el| el.get_bounding_client_rect().top());
        if top.is_some_and(|t| t.abs() < 2.0) {
            break;
        }
        tick().await;
    }
    assert!(waited, "the page showed before the text arrived");
    assert!(
        top.is_some_and(|t| t.abs() < 2.0),
        "section {:?} at {top:?} px from the top of the window, not scrolled to",
        section.id
    );
}
