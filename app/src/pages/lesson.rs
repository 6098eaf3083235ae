//! A lesson page: the rendered lesson, its labs ("Try it: lab …") and its
//! quiz.

use crate::components::lesson_body::RenderedBody;
use crate::components::quiz::QuizView;
use crate::components::retry::RetryWrong;
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
            if stevedore_lessons::course().lesson(&id).is_some() {
                progress.mark_read(&id);
            }
        });
    }
    move || {
        let course = stevedore_lessons::course();
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
                <RenderedBody html=lesson.html.clone() headings=lesson.headings.clone() />
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
