//! A lesson page: the rendered lesson, its labs ("Try it: lab …") and its
//! quiz. The lesson's text is fetched when the page first shows it
//! ([`crate::course::body`]); its header, labs, quiz and pager come from
//! the course's index and show at once.

use crate::components::lesson_body::RenderedBody;
use crate::components::quiz::QuizView;
use crate::components::retry::RetryWrong;
use crate::course::Load;
use crate::progress::ProgressHandle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Opening a lesson marks it read (simple and honest: "opened", with the
    // time; the progress page says "opened", not "finished").
    if let Some(progress) = ProgressHandle::from_context() {
        Effect::new(move |_| {
            let id = id();
            if crate::course::course().lesson(&id).is_some() {
                progress.mark_read(&id);
            }
        });
    }
    move || {
        let course = crate::course::course();
        let id = id();
        let Some(lesson) = course.lesson(&id) else {
            return view! {
                <article class="lesson">
                    <h1>"Lesson not found"</h1>
                    <p>{format!("There is no lesson called '{id}'.")} " " <A href="/">"Back to the course"</A></p>
                </article>
            }
            .into_any();
        };
        let previous = course
            .previous(&lesson.id)
            .map(|l| (format!("/lessons/{}", l.id), l.title.clone()));
        let next = course
            .next(&lesson.id)
            .map(|l| (format!("/lessons/{}", l.id), l.title.clone()));
        view! {
            <article class="lesson">
                <header class="lesson-header">
                    <p class="eyebrow">{format!("Lesson {}", lesson.order)}</p>
                    <h1>{lesson.title.clone()}</h1>
                    <p class="summary">{lesson.summary.clone()}</p>
                </header>
                <LessonText id=lesson.id.clone() headings=lesson.headings.clone() />
                <crate::pages::labs::LessonLabs lesson_id=lesson.id.clone() />
                {lesson.quiz.clone().map(|quiz| view! { <QuizView quiz=quiz lesson_id=lesson.id.clone() /> })}
                <RetryWrong lesson_id=lesson.id.clone() />
                <nav class="pager" aria-label="Lessons">
                    {previous.map(|(href, title)| view! { <A href=href attr:class="prev">{format!("← {title}")}</A> })}
                    {next.map(|(href, title)| view! { <A href=href attr:class="next">{format!("{title} →")}</A> })}
                </nav>
            </article>
        }
        .into_any()
    }
}

/// The lesson's text (fetched once: [`crate::course::body`]), with its
/// table of contents; a message while it loads, or what went wrong and
/// "Try again". A link to a section of the text (`/lessons/<id>#<section>`,
/// or the quiz below it) arrives before the text when it has to be
/// fetched: once the text is drawn, the page goes to that section.
#[component]
fn LessonText(id: String, headings: Vec<stevedore_lessons::Heading>) -> impl IntoView {
    let waited = StoredValue::new(false);
    move || match crate::course::body(&id) {
        Load::Ready(html) => {
            if waited.get_value() {
                waited.set_value(false);
                request_animation_frame(scroll_to_hash);
            }
            view! { <RenderedBody html=html.to_string() headings=headings.clone() /> }.into_any()
        }
        Load::Loading => {
            waited.set_value(true);
            view! {
            <p class="loading lesson-body" role="status" data-testid="lesson-loading">"Loading the lesson…"</p>
            }
            .into_any()
        }
        Load::Failed(message) => {
            let id = id.clone();
            view! {
                <div class="panel load-failed lesson-body" role="alert" data-testid="lesson-failed">
                    <p>{format!("The lesson's text could not be loaded: {message}.")}</p>
                    <button type="button" on:click=move |_| crate::course::retry_body(&id)>"Try again"</button>
                </div>
            }
            .into_any()
        }
    }
}

/// Brings the element the address's `#fragment` names into view, if the
/// page has it.
fn scroll_to_hash() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(hash) = window.location().hash() else {
        return;
    };
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(element) = window.document().and_then(|d| d.get_element_by_id(id)) {
        element.scroll_into_view();
    }
}
