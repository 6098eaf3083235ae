//! The home page: what Stevedore is, what to do next (the step
//! `Progress::next_step` decides from the learner's progress), and the
//! course map with the learner's progress per lesson.

use crate::components::quiz::QUIZ_ANCHOR;
use crate::progress::{ProgressHandle, today};
use leptos::prelude::*;
use leptos_router::components::A;
use stevedore_lessons::study::NextStep;

#[component]
pub fn Home() -> impl IntoView {
    let course = crate::course::course();
    let progress = ProgressHandle::from_context();
    let next = move || {
        let h = progress?;
        let step = h.progress().with(|p| p.next_step(course, today()));
        let title = |id: &str| {
            course
                .lesson(id)
                .map(|l| l.title.clone())
                .unwrap_or_default()
        };
        let (text, href, action) = match step {
            NextStep::Reread {
                lesson,
                correct,
                answered,
            } => (
                format!(
                    "Your answers to “{}” went badly: {correct} of {answered} right. Reread the lesson, then retry the questions you got wrong.",
                    title(&lesson)
                ),
                format!("/lessons/{lesson}"),
                "Reread and retry".to_owned(),
            ),
            NextStep::Review(n) => (
                format!(
                    "{n} question(s) are due for review today: practise them while they are fresh."
                ),
                "/review".to_owned(),
                "Start today's review".to_owned(),
            ),
            NextStep::Quiz {
                lesson,
                answered,
                total,
            } => (
                if answered == 0 {
                    format!(
                        "Check yourself on “{}”: its quiz has {total} questions.",
                        title(&lesson)
                    )
                } else {
                    format!(
                        "Finish the quiz of “{}”: {answered} of {total} answered.",
                        title(&lesson)
                    )
                },
                format!("/lessons/{lesson}#{QUIZ_ANCHOR}"),
                "Go to the quiz".to_owned(),
            ),
            NextStep::Lab { lab, lesson } => {
                let lab = course.lab(&lab);
                (
                    format!(
                        "Try what “{}” taught in the simulated account: {}.",
                        title(&lesson),
                        lab.map_or_else(String::new, |l| format!("lab {}, {}", l.order, l.title))
                    ),
                    lab.map_or_else(|| "/labs".to_owned(), |l| format!("/labs/{}", l.id)),
                    "Start the lab".to_owned(),
                )
            }
            NextStep::Lesson(id) => (
                format!("Next lesson: {}.", title(&id)),
                format!("/lessons/{id}"),
                "Read it".to_owned(),
            ),
            NextStep::Exam => (
                "You read every lesson and answered every quiz. Time to try a practice exam in the real exam's format.".to_owned(),
                "/exam".to_owned(),
                "Take a practice exam".to_owned(),
            ),
        };
        Some(view! {
            <section class="panel next-step" aria-labelledby="next-title" data-testid="next-step">
                <h2 id="next-title">"What to do next"</h2>
                <p>{text}</p>
                <p><a href=href class="button">{action}</a></p>
            </section>
        })
    };
    view! {
        <section class="hero">
            <h1>"Stevedore"</h1>
            <p class="tagline">
                "Study AWS containers for the Solutions Architect Associate exam: read a lesson, check yourself with exam-style questions, then try it in a simulated AWS account that runs in your browser. No AWS account, no bill."
            </p>
            <p><A href="/sandbox" attr:class="button">"Open the sandbox"</A></p>
        </section>
        {next}
        <section class="panel labs-teaser" aria-labelledby="labs-title" data-testid="home-labs">
            <h2 id="labs-title">"Labs"</h2>
            <p>
                {move || {
                    let done = progress.map_or(0, |h| h.progress().with(|p| p.labs_completed(course)));
                    format!("{} hands-on labs in the simulated account, each with goals checked as you work: {done} of {} done.", course.labs.len(), course.labs.len())
                }}
            </p>
            <p><A href="/labs">"See the labs"</A></p>
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
                        let status = move || {
                            let p = progress?.progress().with(|p| p.lesson_progress(lesson, today()));
                            let read = if p.read { "Opened" } else { "Not opened yet" };
                            let done = p.total > 0 && p.correct == p.total;
                            Some(view! {
                                <p class="lesson-progress" class:done=done data-testid="lesson-status">
                                    {format!("{read} · {} of {} answered, {} right", p.answered, p.total, p.correct)}
                                </p>
                            })
                        };
                        view! {
                            <li>
                                <A href=format!("/lessons/{}", lesson.id)>{lesson.title.clone()}</A>
                                <p class="summary">{lesson.summary.clone()}</p>
                                <p class="meta">{minutes}{format!("{questions} questions")}</p>
                                {status}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
