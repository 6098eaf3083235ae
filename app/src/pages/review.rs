//! Daily review: the questions due today (spaced repetition, SM-2), one at
//! a time, with feedback; each answer reschedules its question.

use crate::progress::{ProgressHandle, today};
use leptos::prelude::*;
use stevedore_lessons::study::Recall;
use stevedore_lessons::{Question, QuestionKind, course, lesson_href};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let h = ProgressHandle::from_context().unwrap_or_else(ProgressHandle::provide);
    // The list is fixed when the page opens: reviewing moves questions out
    // of "due", and the learner works through today's list.
    let due = StoredValue::new(h.progress().with_untracked(|p| p.due(course(), today())));
    let total = due.with_value(Vec::len);
    let index = RwSignal::new(0usize);
    view! {
        <div class="review-page">
            <h1>"Daily review"</h1>
            <p class="hint">
                "Questions you got wrong come back after 1 day, then 6, then at growing intervals (SM-2). A wrong answer starts a question over."
            </p>
            {move || {
                let i = index.get();
                if total == 0 {
                    return view! {
                        <p class="feedback right" role="status">
                            "Nothing is due today. Questions you answer wrongly in a quiz or exam come back here."
                        </p>
                    }
                        .into_any();
                }
                match due.with_value(|d| d.get(i).cloned()).and_then(|id| course().question(&id)) {
                    Some((lesson, q)) => view! {
                        <p class="review-count" role="status">{format!("Question {} of {total}", i + 1)}</p>
                        <ReviewItem
                            question=q.clone()
                            lesson_id=lesson.id.clone()
                            on_done=Callback::new(move |()| index.update(|i| *i += 1))
                        />
                    }
                        .into_any(),
                    None => view! {
                        <p class="feedback right" role="status" data-testid="review-done">
                            {format!("Done: {total} reviewed today. See you tomorrow.")}
                        </p>
                    }
                        .into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn ReviewItem(
    question: Question,
    #[prop(into)] lesson_id: String,
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
        if !grade.correct {
            // Recorded at once: leaving the page does not skip the lapse.
            if let Some(h) = h {
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
        <fieldset class="question" data-testid="review-question">
            <legend>
                <span class="prompt" inner_html=question.prompt_html.clone()></span>
                {(!single).then(|| view! { <span class="choose">{format!("(Choose {need}.)")}</span> })}
            </legend>
            {options}
            {move || match checked.get() {
                None => view! { <button type="button" class="check" on:click=check>"Check answer"</button> }.into_any(),
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
                        <p>"Not quite: this question comes back tomorrow."</p>
                        <p><a href=review_href.clone()>"Review this in the lesson"</a></p>
                        <button type="button" on:click=move |_| on_done.run(())>"Next question"</button>
                    </div>
                }
                    .into_any(),
            }}
        </fieldset>
    }
}
