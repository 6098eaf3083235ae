//! "Retry the N you got wrong": the lesson's questions whose last answer was
//! wrong, asked again with their options shuffled.

use crate::components::quiz::QuestionView;
use crate::progress::{ProgressHandle, today};
use leptos::prelude::*;
use stevedore_lessons::Question;
use stevedore_lessons::study::{retry_questions, rng::seed_from};

#[component]
pub fn RetryWrong(#[prop(into)] lesson_id: String) -> impl IntoView {
    let Some(h) = ProgressHandle::from_context() else {
        return ().into_any();
    };
    let Some(lesson) = crate::course::course().lesson(&lesson_id) else {
        return ().into_any();
    };
    let round = RwSignal::new(None::<Vec<Question>>);
    let rounds = StoredValue::new(0u64);
    let wrong = move || h.progress().with(|p| p.wrong_in(lesson).len());
    let start = move |_| {
        rounds.update_value(|r| *r += 1);
        // Seeded by the day and the round: a new order each time.
        let seed = seed_from(&[today() as u64, rounds.get_value()]);
        round.set(Some(
            h.progress()
                .with_untracked(|p| retry_questions(lesson, p, seed)),
        ));
    };
    let id = lesson.id.clone();
    view! {
        <section class="retry" aria-label="Retry">
            {move || match round.get() {
                None => {
                    let n = wrong();
                    (n > 0)
                        .then(|| {
                            view! {
                                <p class="retry-offer">
                                    <button type="button" on:click=start>
                                        {format!("Retry the {n} you got wrong")}
                                    </button>
                                    " Options come in a new order."
                                </p>
                            }
                        })
                        .into_any()
                }
                Some(questions) => {
                    let count = questions.len();
                    let id = id.clone();
                    view! {
                        <h2>{format!("Retry: {count} question(s)")}</h2>
                        {questions
                            .into_iter()
                            .enumerate()
                            .map(|(i, q)| {
                                view! {
                                    <QuestionView
                                        question=q
                                        number=i + 1
                                        lesson_id=id.clone()
                                        prefix=format!("retry{}", rounds.get_value())
                                    />
                                }
                            })
                            .collect_view()}
                        <button type="button" on:click=move |_| round.set(None)>
                            "Done retrying"
                        </button>
                    }
                        .into_any()
                }
            }}
        </section>
    }
    .into_any()
}
