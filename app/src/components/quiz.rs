//! A quiz: each question answered and checked on its own, with the
//! explanation of every option shown once checked. Each check is recorded
//! in the learner's progress when a [`ProgressHandle`] is in context.

use crate::progress::ProgressHandle;
use leptos::prelude::*;
use stevedore_lessons::{Grade, Question, QuestionKind, Quiz, lesson_href};

/// The `id` of a lesson's quiz section, for links to it
/// (`/lessons/docker#lesson-quiz`). No heading of the course has it (a
/// test below checks).
pub const QUIZ_ANCHOR: &str = "lesson-quiz";

/// Where the quiz's feedback sends the learner: the explanations appear
/// under each option, above the feedback.
pub const EXPLANATIONS_ABOVE: &str =
    "The note under each option above says why it is right or wrong.";

#[component]
pub fn QuizView(quiz: Quiz, #[prop(into)] lesson_id: String) -> impl IntoView {
    let count = quiz.questions.len();
    view! {
        <section class="quiz" aria-label="Quiz" id=QUIZ_ANCHOR>
            <h2>"Check yourself"</h2>
            <p class="quiz-intro">
                {format!("{count} questions in the style of the exam. Check each answer to see why every option is right or wrong.")}
            </p>
            {quiz
                .questions
                .into_iter()
                .enumerate()
                .map(|(i, q)| view! { <QuestionView question=q number=i + 1 lesson_id=lesson_id.clone() /> })
                .collect_view()}
        </section>
    }
}

#[component]
pub fn QuestionView(
    question: Question,
    number: usize,
    #[prop(into)] lesson_id: String,
    /// Prefix of the form controls' ids, so the same question can appear
    /// twice on a page (the quiz and a retry).
    #[prop(into, default = "q".to_owned())]
    prefix: String,
) -> impl IntoView {
    let progress = ProgressHandle::from_context();
    let selected = RwSignal::new(Vec::<String>::new());
    let grade = RwSignal::new(None::<Grade>);
    let nudge = RwSignal::new(false);
    let multiple = question.kind == QuestionKind::Multiple;
    let need = question.correct_count();
    let name = format!("{prefix}-{}", question.id);
    let review = lesson_href(&lesson_id, Some(&question.section));
    let q = StoredValue::new(question.clone());

    let check = move |_| {
        let picks = selected.get_untracked();
        if picks.is_empty() {
            nudge.set(true);
            return;
        }
        nudge.set(false);
        let refs: Vec<&str> = picks.iter().map(String::as_str).collect();
        grade.set(Some(q.with_value(|q| q.grade(&refs))));
        if let Some(progress) = progress {
            q.with_value(|q| progress.record_answer(q, &picks));
        }
    };

    let options = question
        .options
        .into_iter()
        .enumerate()
        .map(|(index, choice)| {
            let id = choice.id.clone();
            let input_id = format!("{name}-{}", choice.id);
            let toggle = {
                let id = id.clone();
                move |ev: leptos::ev::Event| {
                    let checked = event_target_checked(&ev);
                    selected.update(|s| {
                        if !multiple {
                            s.clear();
                        }
                        s.retain(|x| x != &id);
                        if checked {
                            s.push(id.clone());
                        }
                    });
                    grade.set(None);
                }
            };
            let explanation = move || {
                grade.get().and_then(|g| g.choices.get(index).cloned()).map(|c| {
                    let verdict = match (c.correct, c.selected) {
                        (true, true) => "Your pick · a correct answer",
                        (true, false) => "A correct answer you did not pick",
                        (false, true) => "Your pick · not a correct answer",
                        (false, false) => "Not a correct answer",
                    };
                    let class = if c.correct { "explanation right" } else { "explanation wrong" };
                    view! {
                        <div class=class data-testid="explanation">
                            <strong>{verdict}</strong>
                            <div inner_html=c.explanation_html></div>
                        </div>
                    }
                })
            };
            let kind = if multiple { "checkbox" } else { "radio" };
            let label_for = input_id.clone();
            view! {
                <div class="option">
                    <label for=label_for>
                        <input type=kind id=input_id name=name.clone() value=id.clone() on:change=toggle />
                        <span class="option-text" inner_html=choice.html></span>
                    </label>
                    {explanation}
                </div>
            }
        })
        .collect_view();

    let feedback = move || {
        if nudge.get() {
            return Some(
                view! { <p class="feedback hint" role="status">"Choose an answer first."</p> }
                    .into_any(),
            );
        }
        grade.get().map(|g| {
            let (class, text) = if g.correct {
                ("feedback right", format!("Correct! {EXPLANATIONS_ABOVE}"))
            } else if multiple {
                (
                    "feedback wrong",
                    format!(
                        "Not quite: you found {} of the {} correct options and picked {} wrong one(s). {EXPLANATIONS_ABOVE}",
                        g.hits(),
                        need,
                        g.wrong_picks()
                    ),
                )
            } else {
                ("feedback wrong", format!("Not quite. {EXPLANATIONS_ABOVE}"))
            };
            view! {
                <div class=class data-testid="feedback" role="status">
                    <p>{text}</p>
                    <p><a href=review.clone()>"Review this in the lesson"</a></p>
                </div>
            }
            .into_any()
        })
    };

    // What the learner answered last time (this visit or an earlier one).
    let question_id = question.id.clone();
    let last = move || {
        let record = progress?
            .progress()
            .with(|p| p.answers.get(&question_id).cloned())?;
        let verdict = if record.correct { "right" } else { "wrong" };
        Some(view! {
            <p class="last-answer" data-testid="last-answer">
                {format!("Your last answer was {verdict} ({} attempt(s)).", record.attempts)}
            </p>
        })
    };

    view! {
        <fieldset class="question" data-testid="question">
            <legend>
                <span class="question-number">{format!("Question {number}")}</span>
                <span class="prompt" inner_html=question.prompt_html></span>
                {multiple.then(|| view! { <span class="choose">{format!("(Choose {need}.)")}</span> })}
            </legend>
            {options}
            <button type="button" class="check" on:click=check>"Check answer"</button>
            {feedback}
            {last}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_heading_of_the_course_takes_the_quiz_anchor() {
        for lesson in &stevedore_lessons::course().lessons {
            assert!(
                lesson.heading(super::QUIZ_ANCHOR).is_none(),
                "{}",
                lesson.id
            );
        }
    }
}
