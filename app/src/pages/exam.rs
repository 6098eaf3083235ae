//! The practice exam: a start screen with the rules, the timed exam (a
//! visible countdown, a question navigator, no feedback until submitted),
//! and the result (scaled score, per-lesson breakdown, every question
//! reviewed). The last result is read from the progress, so it survives a
//! reload.

use crate::components::answer_review::AnswerReview;
use crate::progress::{ProgressHandle, now_ms};
use leptos::prelude::*;
use std::time::Duration;
use stevedore_lessons::study::rng::seed_from;
use stevedore_lessons::study::{
    DEFAULT_EXAM_SIZE, EXAM_LIMIT_MS, ExamAttempt, ExamSession, PASS_SCALED_SCORE, draw_exam,
};
use stevedore_lessons::{QuestionKind, course};

/// Sizes offered on the start screen.
pub const EXAM_SIZES: [usize; 4] = [5, 10, 30, 65];

fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

#[component]
pub fn ExamPage() -> impl IntoView {
    let h = ProgressHandle::from_context().unwrap_or_else(ProgressHandle::provide);
    // Kept by the progress owner, so leaving the page or reloading resumes
    // the exam; the clock runs from its start time.
    let session = h.exam_session();
    let current = RwSignal::new(0usize);
    let confirming = RwSignal::new(false);
    let now = RwSignal::new(now_ms());
    let size = RwSignal::new(DEFAULT_EXAM_SIZE);

    if let Ok(timer) =
        set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(500))
    {
        on_cleanup(move || timer.clear());
    }

    let submit = move || {
        let attempt = session.with_untracked(|s| s.as_ref().map(|s| s.submit(course(), now_ms())));
        if let Some(attempt) = attempt {
            session.set(None);
            confirming.set(false);
            h.add_exam(attempt);
            scroll_to_top();
        }
    };
    // Time out: submit by itself.
    Effect::new(move |_| {
        let t = now.get();
        if session.with_untracked(|s| s.as_ref().is_some_and(|s| s.is_over(t))) {
            submit();
        }
    });

    let start = move |_| {
        let attempts = h.progress().with_untracked(|p| p.exams.len() as u64);
        let started = now_ms();
        let ids = draw_exam(
            course(),
            size.get_untracked(),
            seed_from(&[started as u64, attempts]),
        );
        current.set(0);
        confirming.set(false);
        now.set(started);
        session.set(Some(ExamSession::new(ids, started)));
        scroll_to_top();
    };

    // Only starting and submitting switch screens, not each answer.
    let running = Memo::new(move |_| session.with(Option::is_some));
    move || {
        if running.get() {
            view! { <Running session current confirming now submit /> }.into_any()
        } else {
            let last = h.progress().with(|p| p.exams.last().cloned());
            view! {
                <div class="exam-page">
                    <h1>"Practice exam"</h1>
                    {last.map(|attempt| view! { <ExamResult attempt /> })}
                    <section class="panel exam-start" aria-labelledby="exam-start-title">
                        <h2 id="exam-start-title">"Take a practice exam"</h2>
                        <ul class="rules">
                            <li>"Questions are drawn from every lesson's quiz, in proportion to its size, at least one per lesson."</li>
                            <li>{format!("You have {} minutes. When time runs out the exam is submitted as it is.", EXAM_LIMIT_MS / 60_000)}</li>
                            <li>"No feedback until you submit. You can move between questions and change answers."</li>
                            <li>"Each question is right only if you pick exactly the right option(s): no partial credit, as in the exam."</li>
                            <li>{format!("You get a scaled score from 100 to 1,000; the exam passes at {PASS_SCALED_SCORE}. Ours is an estimate.")}</li>
                        </ul>
                        <p>
                            <label for="exam-size">"Number of questions "</label>
                            <select
                                id="exam-size"
                                on:change=move |ev| size.set(event_target_value(&ev).parse().unwrap_or(DEFAULT_EXAM_SIZE))
                            >
                                {EXAM_SIZES
                                    .iter()
                                    .map(|n| {
                                        view! {
                                            <option value=n.to_string() selected=*n == size.get_untracked()>
                                                {n.to_string()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </p>
                        <button type="button" on:click=start>"Start the exam"</button>
                    </section>
                </div>
            }
            .into_any()
        }
    }
}

fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

#[component]
fn Running(
    session: RwSignal<Option<ExamSession>>,
    current: RwSignal<usize>,
    confirming: RwSignal<bool>,
    now: RwSignal<i64>,
    submit: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let total = session.with_untracked(|s| s.as_ref().map_or(0, |s| s.questions.len()));
    let answered = move || session.with(|s| s.as_ref().map_or(0, ExamSession::answered));
    let left = move || session.with(|s| s.as_ref().map_or(0, |s| s.time_left_ms(now.get())));
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_ref.get() {
            let _ = button.focus();
        }
    });

    let navigator = (0..total)
        .map(|i| {
            let is_answered =
                move || session.with(|s| s.as_ref().is_some_and(|s| !s.answers[i].is_empty()));
            let label = move || {
                format!(
                    "Question {}{}",
                    i + 1,
                    if is_answered() { ", answered" } else { "" }
                )
            };
            view! {
                <li>
                    <button
                        type="button"
                        class="nav-q"
                        class:answered=is_answered
                        aria-label=label
                        aria-current=move || (current.get() == i).then_some("step")
                        on:click=move |_| current.set(i)
                    >
                        {(i + 1).to_string()}
                    </button>
                </li>
            }
        })
        .collect_view();

    let question = move || {
        let i = current.get();
        let id =
            session.with_untracked(|s| s.as_ref().and_then(|s| s.questions.get(i).cloned()))?;
        let (lesson, q) = course().question(&id)?;
        let single = q.kind == QuestionKind::Single;
        let need = q.correct_count();
        let options = q
            .options
            .iter()
            .map(|o| {
                let input_id = format!("exam-{}-{}", q.id, o.id);
                let label_for = input_id.clone();
                let oid = o.id.clone();
                let checked = {
                    let oid = oid.clone();
                    move || {
                        session.with(|s| s.as_ref().is_some_and(|s| s.answers[i].contains(&oid)))
                    }
                };
                view! {
                    <div class="option">
                        <label for=label_for>
                            <input
                                type=if single { "radio" } else { "checkbox" }
                                id=input_id
                                name=format!("exam-{}", q.id)
                                value=oid.clone()
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    session.update(|s| {
                                        if let Some(s) = s {
                                            s.choose(i, &oid, on, single);
                                        }
                                    });
                                }
                            />
                            <span class="option-text" inner_html=o.html.clone()></span>
                        </label>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="question" data-testid="exam-question" data-question-id=q.id.clone()>
                <legend>
                    <span class="question-number">{format!("Question {} of {total} · {}", i + 1, lesson.title)}</span>
                    <span class="prompt" inner_html=q.prompt_html.clone()></span>
                    {(!single).then(|| view! { <span class="choose">{format!("(Choose {need}.)")}</span> })}
                </legend>
                {options}
            </fieldset>
        })
    };

    let previous = move |_: leptos::ev::MouseEvent| current.update(|c| *c = c.saturating_sub(1));
    let next = move |_: leptos::ev::MouseEvent| {
        current.update(|c| *c = (*c + 1).min(total.saturating_sub(1)))
    };
    view! {
        <div class="exam-running">
            <div class="exam-bar">
                <h1>"Practice exam"</h1>
                <p class="timer" role="timer" aria-label="Time left" data-testid="exam-timer">
                    {move || clock(left())}
                </p>
                <p class="time-warning" role="status">
                    {move || {
                        let ms = left();
                        (ms > 0 && ms <= 5 * 60_000).then_some("Less than five minutes left.")
                    }}
                </p>
                <p class="answered" aria-live="polite">{move || format!("{} of {total} answered", answered())}</p>
            </div>
            <nav aria-label="Questions" class="exam-nav">
                <ol>{navigator}</ol>
            </nav>
            {question}
            <div class="exam-actions">
                <button
                    type="button"
                    disabled=move || current.get() == 0
                    on:click=previous
                >
                    "Previous"
                </button>
                <button
                    type="button"
                    disabled=move || { current.get() + 1 >= total }
                    on:click=next
                >
                    "Next"
                </button>
                <button type="button" class="submit" on:click=move |_| confirming.set(true)>
                    "Submit exam"
                </button>
            </div>
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
                    <h2 id="confirm-title">"Submit the exam?"</h2>
                    <p id="confirm-text">
                        {move || {
                            let open = total - answered();
                            if open == 0 {
                                "Every question is answered. You cannot change answers after submitting.".to_owned()
                            } else {
                                format!("{open} question(s) are not answered and will count as wrong.")
                            }
                        }}
                    </p>
                    <button type="button" on:click=move |_| submit()>"Submit"</button>
                    " "
                    <button type="button" class="secondary" node_ref=cancel_ref on:click=move |_| confirming.set(false)>
                        "Keep working"
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// A submitted exam: score, breakdown and the review of every question.
#[component]
pub fn ExamResult(attempt: ExamAttempt) -> impl IntoView {
    let course = course();
    let verdict = if attempt.passed() {
        format!("At or above the {PASS_SCALED_SCORE} pass mark (an estimate)")
    } else {
        format!("Below the {PASS_SCALED_SCORE} pass mark (an estimate)")
    };
    let breakdown = attempt
        .by_lesson
        .iter()
        .map(|l| {
            let title = course.lesson(&l.lesson).map_or_else(
                || "Questions no longer in the course".to_owned(),
                |x| x.title.clone(),
            );
            view! {
                <tr>
                    <th scope="row">{title}</th>
                    <td>{l.correct}</td>
                    <td>{l.total}</td>
                </tr>
            }
        })
        .collect_view();
    let review = attempt
        .questions
        .iter()
        .zip(&attempt.answers)
        .enumerate()
        .map(|(i, (id, answer))| match course.question(id) {
            Some((lesson, q)) => view! {
                <AnswerReview question=q.clone() lesson_id=lesson.id.clone() selected=answer.clone() number=i + 1 />
            }
            .into_any(),
            None => view! { <p>{format!("Question {}: no longer in the course.", i + 1)}</p> }.into_any(),
        })
        .collect_view();
    view! {
        <section class="panel exam-result" aria-labelledby="result-title" data-testid="exam-result">
            <h2 id="result-title">"Your last result"</h2>
            <p class="score" data-testid="exam-score">
                <strong>{attempt.scaled}</strong>
                " / 1000"
            </p>
            <p class=if attempt.passed() { "verdict right" } else { "verdict wrong" }>{verdict}</p>
            <p>
                {format!(
                    "{} of {} right · {}{}",
                    attempt.correct,
                    attempt.total,
                    clock(attempt.duration_ms),
                    if attempt.timed_out { " · time ran out" } else { "" },
                )}
            </p>
            <p class="hint">
                "AWS does not publish how it scales scores; this maps your share of right answers onto 100–1,000."
            </p>
            <table class="breakdown">
                <caption>"By lesson"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Lesson"</th>
                        <th scope="col">"Right"</th>
                        <th scope="col">"Questions"</th>
                    </tr>
                </thead>
                <tbody>{breakdown}</tbody>
            </table>
            <h3>"Every question"</h3>
            {review}
        </section>
    }
}
