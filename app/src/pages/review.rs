//! Review: the questions due today (spaced repetition: a same-day learning
//! step, then SM-2's day intervals), one at a time, with feedback; each
//! answer reschedules its question. "Practise my mistakes now" is always
//! offered: the questions whose last answer was wrong, due or not.

use crate::course::course;
use crate::progress::{ProgressHandle, today};
use leptos::prelude::*;
use stevedore_lessons::study::Recall;
use stevedore_lessons::{Question, QuestionKind, lesson_href};

/// Which questions a round asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Today's due reviews: a right answer is rated and moves the schedule.
    Due,
    /// The questions last answered wrongly (`Progress::record_practice`).
    Practice,
}

/// A round of questions, fixed when it starts: answering moves questions
/// out of "due" and "mistakes", and the learner works through the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Round {
    kind: Kind,
    ids: Vec<String>,
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let h = ProgressHandle::from_context().unwrap_or_else(ProgressHandle::provide);
    let due_now = move || h.progress().with(|p| p.due(course(), today()));
    let mistakes_now = move || h.progress().with(|p| p.mistakes(course()));
    let first = h.progress().with_untracked(|p| p.due(course(), today()));
    let round = RwSignal::new((!first.is_empty()).then_some(Round {
        kind: Kind::Due,
        ids: first,
    }));
    let index = RwSignal::new(0usize);
    let start = move |kind: Kind| {
        let ids = match kind {
            Kind::Due => due_now(),
            Kind::Practice => mistakes_now(),
        };
        index.set(0);
        round.set((!ids.is_empty()).then_some(Round { kind, ids }));
    };

    let current = move || {
        let Some(Round { kind, ids }) = round.get() else {
            return view! {
                <p class="feedback right" role="status" data-testid="review-status">
                    "Nothing is due today. A question you answer wrongly, in a quiz, an exam or here, is due again the same day."
                </p>
            }
            .into_any();
        };
        let total = ids.len();
        let i = index.get();
        match ids.get(i).and_then(|id| course().question(id)) {
            Some((lesson, q)) => {
                let what = match kind {
                    Kind::Due => "Due today",
                    Kind::Practice => "Practising your mistakes",
                };
                view! {
                    <p class="review-count" role="status">{format!("{what}: question {} of {total}", i + 1)}</p>
                    <ReviewItem
                        question=q.clone()
                        lesson_id=lesson.id.clone()
                        practice=kind == Kind::Practice
                        on_done=Callback::new(move |()| index.update(|i| *i += 1))
                    />
                }
                .into_any()
            }
            None => {
                let done = match kind {
                    Kind::Due => format!("Done: {total} reviewed."),
                    Kind::Practice => format!("Done: {total} practised."),
                };
                view! {
                    <p class="feedback right" role="status" data-testid="review-done">
                        {done} " "
                        {move || match due_now().len() {
                            0 => "Nothing else is due today: see you tomorrow.".to_owned(),
                            n => format!("{n} still due today: the ones answered wrongly come back until you get them right."),
                        }}
                    </p>
                }
                .into_any()
            }
        }
    };

    // Always there, with live counts.
    let offers = move || {
        let due = due_now().len();
        let mistakes = mistakes_now().len();
        let in_due_round = round.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.kind == Kind::Due && index.get() < r.ids.len())
        });
        view! {
            <section class="panel review-offers" aria-labelledby="offers-title" data-testid="review-offers">
                <h2 id="offers-title">"Practise now"</h2>
                {(due > 0 && !in_due_round)
                    .then(|| {
                        view! {
                            <p>
                                <button type="button" on:click=move |_| start(Kind::Due)>
                                    {format!("Review the {due} due today")}
                                </button>
                            </p>
                        }
                    })}
                {if mistakes > 0 {
                    view! {
                        <p>
                            {format!("{mistakes} question(s) whose last answer was wrong, due today or not: practise them now, as often as you like.")}
                        </p>
                        <p>
                            <button type="button" on:click=move |_| start(Kind::Practice)>
                                "Practise my mistakes now"
                            </button>
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p>
                            "No mistakes to practise: every question you have answered was last answered right. Mistakes from quizzes and exams show up here."
                        </p>
                    }
                    .into_any()
                }}
            </section>
        }
    };

    view! {
        <div class="review-page">
            <h1>"Review"</h1>
            <p class="hint">
                "A question you answer wrongly is due again the same day, until you answer it right. Then it comes back after 1 day, 6 days, and growing intervals (SM-2); a wrong answer starts it over."
            </p>
            {current}
            {offers}
        </div>
    }
}

#[component]
fn ReviewItem(
    question: Question,
    #[prop(into)] lesson_id: String,
    /// Practising mistakes: no rating, `record_practice`.
    practice: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    let h = ProgressHandle::from_context();
    let selected = RwSignal::new(Vec::<String>::new());
    let checked = RwSignal::new(None::<stevedore_lessons::Grade>);
    let single = question.kind == QuestionKind::Single;
    let q = StoredValue::new(question.clone());
    let review_href = lesson_href(&lesson_id, Some(&question.section));
    let rate = move |recall: Recall| {
        if let Some(h) = h {
            q.with_value(|q| h.record_review(q, &selected.get_untracked(), recall));
        }
        on_done.run(());
    };
    let check = move |_| {
        let picks = selected.get_untracked();
        if picks.is_empty() {
            return;
        }
        let grade =
            q.with_value(|q| q.grade(&picks.iter().map(String::as_str).collect::<Vec<_>>()));
        // Recorded at once: leaving the page does not skip a lapse. A right
        // review is recorded when rated.
        if let Some(h) = h {
            if practice {
                q.with_value(|q| h.record_practice(q, &picks));
            } else if !grade.correct {
                q.with_value(|q| h.record_review(q, &picks, Recall::Wrong));
            }
        }
        checked.set(Some(grade));
    };
    let options = question
        .options
        .iter()
        .enumerate()
        .map(|(index, o)| {
            let input_id = format!("review-{}-{}", question.id, o.id);
            let label_for = input_id.clone();
            let oid = o.id.clone();
            let explanation = move || {
                checked.get().and_then(|g| g.choices.get(index).cloned()).map(|c| {
                    let class = if c.correct { "explanation right" } else { "explanation wrong" };
                    let mark = if c.correct { "A correct answer" } else { "Not a correct answer" };
                    view! { <div class=class><strong>{mark}</strong><div inner_html=c.explanation_html></div></div> }
                })
            };
            view! {
                <div class="option">
                    <label for=label_for>
                        <input
                            type=if single { "radio" } else { "checkbox" }
                            id=input_id
                            name=format!("review-{}", question.id)
                            disabled=move || checked.get().is_some()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    if single {
                                        s.clear();
                                    }
                                    s.retain(|x| x != &oid);
                                    if on {
                                        s.push(oid.clone());
                                    }
                                });
                            }
                        />
                        <span class="option-text" inner_html=o.html.clone()></span>
                    </label>
                    {explanation}
                </div>
            }
        })
        .collect_view();
    let need = question.correct_count();
    view! {
        <fieldset class="question" data-testid="review-question" data-question-id=question.id.clone()>
            <legend>
                <span class="prompt" inner_html=question.prompt_html.clone()></span>
                {(!single).then(|| view! { <span class="choose">{format!("(Choose {need}.)")}</span> })}
            </legend>
            {options}
            {move || match checked.get() {
                None => view! { <button type="button" class="check" on:click=check>"Check answer"</button> }.into_any(),
                Some(g) if g.correct && practice => view! {
                    <div class="feedback right" role="status">
                        <p>"Right. The note under each option above says why."</p>
                        <button type="button" on:click=move |_| on_done.run(())>"Next question"</button>
                    </div>
                }
                    .into_any(),
                Some(g) if g.correct => view! {
                    <div class="feedback right" role="status">
                        <p>"Right. How did it feel?"</p>
                        <button type="button" on:click=move |_| rate(Recall::Hard)>"Hard: show it sooner"</button>
                        " "
                        <button type="button" on:click=move |_| rate(Recall::Right)>"Good"</button>
                    </div>
                }
                    .into_any(),
                Some(_) => view! {
                    <div class="feedback wrong" role="status">
                        <p>"Not quite: it stays due today, until you answer it right. The note under each option above says why."</p>
                        <p><a href=review_href.clone()>"Review this in the lesson"</a></p>
                        <button type="button" on:click=move |_| on_done.run(())>"Next question"</button>
                    </div>
                }
                    .into_any(),
            }}
        </fieldset>
    }
}
