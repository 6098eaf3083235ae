//! The practice exam: a start screen with the formats (the real SAA-C03
//! exam, 65 questions in 130 minutes, and shorter sets at its pace) and
//! what the draw does, the timed exam (a visible countdown, a question
//! navigator, no feedback until submitted), and the result: the scaled
//! score, pass or fail and the weakest lessons first, then "start again",
//! then the per-lesson breakdown and every question reviewed. The last
//! result is read from the progress, so it survives a reload.

use crate::components::answer_review::AnswerReview;
use crate::course::course;
use crate::progress::{ProgressHandle, now_ms};
use leptos::prelude::*;
use std::time::Duration;
use stevedore_lessons::QuestionKind;
use stevedore_lessons::study::rng::seed_from;
use stevedore_lessons::study::{
    DEFAULT_EXAM_SIZE, EXAM_FORMATS, ExamAttempt, ExamSession, FULL_EXAM_SIZE, PASS_SCALED_SCORE,
    describe_draw, draw_exam, exam_limit_ms,
};

/// How a format reads in the list.
fn format_label(n: usize) -> String {
    let minutes = exam_limit_ms(n) / 60_000;
    if n == FULL_EXAM_SIZE {
        format!("Full exam: {n} questions in {minutes} minutes, as SAA-C03")
    } else {
        format!("Shorter set: {n} questions in {minutes} minutes")
    }
}

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

    let start_with = move |n: usize| {
        size.set(n);
        let attempts = h.progress().with_untracked(|p| p.exams.len() as u64);
        let started = now_ms();
        let ids = draw_exam(course(), n, seed_from(&[started as u64, attempts]));
        current.set(0);
        confirming.set(false);
        now.set(started);
        session.set(Some(ExamSession::new(ids, started)));
        scroll_to_top();
    };
    let start = move |_| start_with(size.get_untracked());
    let start_again = Callback::new(start_with);

    // Only starting and submitting switch screens, not each answer.
    let running = Memo::new(move |_| session.with(Option::is_some));
    move || {
        if running.get() {
            view! { <Running session current confirming now submit /> }.into_any()
        } else {
            let last = h.progress().with(|p| p.exams.last().cloned());
            let again = last.is_some();
            view! {
                <div class="exam-page">
                    <h1>"Practice exam"</h1>
                    {last.clone().map(|attempt| view! { <ExamResult attempt again=start_again /> })}
                    <section class="panel exam-start" aria-labelledby="exam-start-title">
                        <h2 id="exam-start-title">
                            {if again { "Start again" } else { "Take a practice exam" }}
                        </h2>
                        <fieldset class="formats">
                            <legend>"Format"</legend>
                            {EXAM_FORMATS
                                .iter()
                                .map(|&n| {
                                    let id = format!("exam-size-{n}");
                                    let label_for = id.clone();
                                    view! {
                                        <label class="format" for=label_for>
                                            <input
                                                type="radio"
                                                id=id
                                                name="exam-size"
                                                value=n.to_string()
                                                checked=n == size.get_untracked()
                                                on:change=move |_| size.set(n)
                                            />
                                            {format_label(n)}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <ul class="rules" data-testid="exam-rules">
                            <li>{move || describe_draw(course(), size.get())}</li>
                            <li>
                                {move || format!(
                                    "You have {} minutes, the real exam's pace of 2 minutes a question. When time runs out the exam is submitted as it is.",
                                    exam_limit_ms(size.get()) / 60_000
                                )}
                            </li>
                            <li>"No feedback until you submit. You can move between questions and change answers."</li>
                            <li>"Each question is right only if you pick exactly the right option(s): no partial credit, as in the exam."</li>
                            <li>{format!("A scaled score from 100 to 1,000; {PASS_SCALED_SCORE} passes, as in SAA-C03. The real exam also has 15 unscored questions and does not publish its scaling: every question counts here, and the score is an estimate.")}</li>
                        </ul>
                        <button type="button" on:click=start>"Start the exam"</button>
                    </section>
                    {last.map(|attempt| view! { <ExamDetails attempt /> })}
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

/// A submitted exam, at a glance: the scaled score, pass or fail, "start
/// again" in the same format, and the lessons to study first, with links.
#[component]
pub fn ExamResult(
    attempt: ExamAttempt,
    /// Starts a new exam of this many questions.
    again: Callback<usize>,
) -> impl IntoView {
    let course = course();
    // The same format again (an exam from an older format: the default).
    let n = attempt.total as usize;
    let n = if EXAM_FORMATS.contains(&n) {
        n
    } else {
        DEFAULT_EXAM_SIZE
    };
    let verdict = if attempt.passed() {
        format!("Pass: at or above {PASS_SCALED_SCORE} (an estimate)")
    } else {
        format!("Fail: below the {PASS_SCALED_SCORE} needed to pass (an estimate)")
    };
    let weakest = attempt
        .weakest(3)
        .into_iter()
        .filter_map(|l| {
            let lesson = course.lesson(&l.lesson)?;
            Some(view! {
                <li>
                    <a href=format!("/lessons/{}", lesson.id)>{lesson.title.clone()}</a>
                    {format!(": {} of {} right", l.correct, l.total)}
                </li>
            })
        })
        .collect::<Vec<_>>();
    let weakest = if weakest.is_empty() {
        view! { <p>"No weak spot: every lesson's questions were right."</p> }.into_any()
    } else {
        view! {
            <h3>"Study these lessons first"</h3>
            <ul class="weakest" data-testid="weakest-lessons">{weakest}</ul>
        }
        .into_any()
    };
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
            <p class="again">
                <button type="button" on:click=move |_| again.run(n)>
                    {format!("Start again: {n} questions, {} minutes", exam_limit_ms(n) / 60_000)}
                </button>
                " "
                <a href="#exam-start-title">"or choose another format"</a>
            </p>
            {weakest}
            <p><a href="#exam-details">"Every lesson and every question, explained"</a></p>
        </section>
    }
}

/// A submitted exam in full: the per-lesson breakdown and the review of
/// every question.
#[component]
pub fn ExamDetails(attempt: ExamAttempt) -> impl IntoView {
    let course = course();
    let breakdown = attempt
        .by_lesson
        .iter()
        .map(|l| {
            let title = course.lesson(&l.lesson).map_or_else(
                || view! { "Questions no longer in the course" }.into_any(),
                |x| view! { <a href=format!("/lessons/{}", x.id)>{x.title.clone()}</a> }.into_any(),
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
        <section class="panel exam-details" aria-labelledby="exam-details" data-testid="exam-details">
            <h2 id="exam-details">"Your last result in detail"</h2>
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
