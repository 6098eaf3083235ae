//! The home page: what Stevedore is and the course map.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let course = stevedore_lessons::course();
    view! {
        <section class="hero">
            <h1>"Stevedore"</h1>
            <p class="tagline">
                "Study AWS containers for the Solutions Architect Associate exam: read a lesson, check yourself with exam-style questions, then try it in a simulated AWS account that runs in your browser. No AWS account, no bill."
            </p>
            <p><A href="/sandbox" attr:class="button">"Open the sandbox"</A></p>
        </section>
        <nav class="course-map" aria-label="Course">
            <h2>"The course"</h2>
            <ol>
                {course
                    .lessons
                    .iter()
                    .map(|lesson| {
                        let questions = lesson.quiz.as_ref().map_or(0, |q| q.questions.len());
                        let minutes = lesson.minutes.map(|m| format!("{m} min read · "));
                        view! {
                            <li>
                                <A href=format!("/lessons/{}", lesson.id)>{lesson.title.clone()}</A>
                                <p class="summary">{lesson.summary.clone()}</p>
                                <p class="meta">{minutes}{format!("{questions} questions")}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
