//! The progress page: per-lesson progress, export to a JSON file, import
//! from a file (refused with the reason, changing nothing, when invalid),
//! and reset with a confirmation.

use crate::course::course;
use crate::progress::{ProgressHandle, today};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let h = ProgressHandle::from_context().unwrap_or_else(ProgressHandle::provide);
    let message = RwSignal::new(None::<(bool, String)>);
    let confirming = RwSignal::new(false);
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_ref.get() {
            let _ = button.focus();
        }
    });

    // One row per lesson: read, answered, right, due, and its labs done
    // (the labs that practise it, `Course::labs_of`).
    let rows = course()
        .lessons
        .iter()
        .map(|lesson| {
            let p = move || h.progress().with(|p| p.lesson_progress(lesson, today()));
            let labs = move || {
                let of: Vec<_> = course().labs_of(&lesson.id).collect();
                if of.is_empty() {
                    return "None".to_owned();
                }
                let done = h.progress().with(|p| of.iter().filter(|l| p.lab_completed(&l.id)).count());
                format!("{done} of {}", of.len())
            };
            view! {
                <tr role="row" data-testid="lesson-progress" data-lesson=lesson.id.clone()>
                    <th scope="row" role="rowheader"><a href=format!("/lessons/{}", lesson.id)>{lesson.title.clone()}</a></th>
                    <td role="cell" data-label="Read">{move || if p().read { "Yes" } else { "Not yet" }}</td>
                    <td role="cell" data-label="Answered">{move || format!("{} of {}", p().answered, p().total)}</td>
                    <td role="cell" data-label="Right">{move || format!("{} of {}", p().correct, p().answered)}</td>
                    <td role="cell" data-label="Due for review">{move || p().due.to_string()}</td>
                    <td role="cell" data-label="Labs done">{labs}</td>
                </tr>
            }
        })
        .collect_view();

    let summary = move || {
        h.progress().with(|p| {
            format!(
                "{} of {} labs done · {} practice exam(s) taken · {} question(s) in review, {} due today",
                p.labs_completed(course()),
                course().labs.len(),
                p.exams.len(),
                p.reviews.len(),
                p.due(course(), today()).len()
            )
        })
    };

    let export = move |_| {
        let json = h.export();
        match download("stevedore-progress.json", &json) {
            Ok(()) => message.set(Some((
                true,
                "Exported: your browser saved stevedore-progress.json.".into(),
            ))),
            Err(()) => message.set(Some((
                false,
                "The export could not start in this browser.".into(),
            ))),
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            let outcome = match text {
                None => Err("the file could not be read".to_owned()),
                Some(text) => h.import(&text),
            };
            message.set(Some(match outcome {
                Ok(notes) if notes.is_empty() => (true, format!("Imported {name}.")),
                Ok(notes) => (
                    true,
                    format!(
                        "Imported {name}. Reset because the question changed since: {}",
                        notes.join("; ")
                    ),
                ),
                Err(e) => (false, format!("Import refused, nothing changed: {e}.")),
            }));
        });
    };

    view! {
        <div class="progress-page">
            <h1>"Your progress"</h1>
            <p>{summary}</p>
            // On a phone the CSS shows each row as a card (style.css): the
            // explicit roles keep it a table for screen readers, which a
            // change of `display` can otherwise undo.
            <table class="progress-table" role="table">
                <caption>"By lesson"</caption>
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">"Lesson"</th>
                        <th scope="col" role="columnheader">"Read"</th>
                        <th scope="col" role="columnheader">"Answered"</th>
                        <th scope="col" role="columnheader">"Right"</th>
                        <th scope="col" role="columnheader">"Due for review"</th>
                        <th scope="col" role="columnheader">"Labs done"</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">{rows}</tbody>
            </table>
            <p class="hint" data-testid="progress-table-key">
                "Answered: the lesson's quiz questions you have answered, in a quiz, an exam or a review. Right: how many of those your latest answer got right. Due for review: how many to practise today. Labs done: the labs that practise the lesson whose every goal you met."
            </p>
            <p class="hint">
                "Progress lives in this browser only. Export it to keep a copy or move it to another browser."
            </p>
            <section class="panel" aria-labelledby="keep-title">
                <h2 id="keep-title">"Keep or move your progress"</h2>
                <p><button type="button" on:click=export>"Export progress"</button></p>
                <p>
                    <label for="import-file">"Import progress from a file (replaces what is here)"</label>
                    <br />
                    <input type="file" id="import-file" accept="application/json,.json" on:change=import />
                </p>
                {move || {
                    message
                        .get()
                        .map(|(ok, text)| {
                            if ok {
                                view! { <p class="form-ok" role="status" data-testid="progress-message">{text}</p> }.into_any()
                            } else {
                                view! { <p class="form-error" role="alert" data-testid="progress-message">{text}</p> }.into_any()
                            }
                        })
                }}
            </section>
            <section class="panel" aria-labelledby="reset-title">
                <h2 id="reset-title">"Start over"</h2>
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Reset progress…"</button>
                <Show when=move || confirming.get()>
                    <div class="confirm" role="alertdialog" aria-labelledby="reset-confirm-title" aria-describedby="reset-confirm-text">
                        <h3 id="reset-confirm-title">"Erase all progress?"</h3>
                        <p id="reset-confirm-text">
                            "Lessons read, answers, exams and reviews will be erased from this browser. This cannot be undone; export first to keep a copy."
                        </p>
                        <button
                            type="button"
                            class="danger"
                            on:click=move |_| {
                                h.reset();
                                confirming.set(false);
                                message.set(Some((true, "Progress reset.".into())));
                            }
                        >
                            "Erase everything"
                        </button>
                        " "
                        <button type="button" class="secondary" node_ref=cancel_ref on:click=move |_| confirming.set(false)>
                            "Cancel"
                        </button>
                    </div>
                </Show>
            </section>
        </div>
    }
}

/// Offers `text` as a file download (a Blob URL on a temporary link).
fn download(name: &str, text: &str) -> Result<(), ()> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(())?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Revoked later: the download starts asynchronously.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
