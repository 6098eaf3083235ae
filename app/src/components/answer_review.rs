//! A question reviewed after the fact: the prompt, what the learner chose,
//! the right answer and why every option is right or wrong.

use leptos::prelude::*;
use stevedore_lessons::{Question, lesson_href};

#[component]
pub fn AnswerReview(
    question: Question,
    #[prop(into)] lesson_id: String,
    selected: Vec<String>,
    number: usize,
) -> impl IntoView {
    let refs: Vec<&str> = selected.iter().map(String::as_str).collect();
    let grade = question.grade(&refs);
    let verdict = if selected.is_empty() {
        "Not answered"
    } else if grade.correct {
        "Right"
    } else {
        "Wrong"
    };
    let class = if grade.correct {
        "answer-review right"
    } else {
        "answer-review wrong"
    };
    let review = lesson_href(&lesson_id, Some(&question.section));
    let options = question
        .options
        .iter()
        .zip(grade.choices)
        .map(|(option, c)| {
            let mark = match (c.correct, c.selected) {
                (true, true) => "Your pick · correct",
                (true, false) => "Correct · not picked",
                (false, true) => "Your pick · wrong",
                (false, false) => "Wrong",
            };
            let class = if c.correct {
                "explanation right"
            } else {
                "explanation wrong"
            };
            view! {
                <li class="reviewed-option">
                    <span class="option-text" inner_html=option.html.clone()></span>
                    <div class=class>
                        <strong>{mark}</strong>
                        <div inner_html=c.explanation_html></div>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class=class data-testid="answer-review" open=!grade.correct>
            <summary>
                <span class="question-number">{format!("Question {number}")}</span>
                " · "
                <strong>{verdict}</strong>
            </summary>
            <div class="prompt" inner_html=question.prompt_html.clone()></div>
            <ul class="reviewed-options">{options}</ul>
            <p><a href=review>"Review this in the lesson"</a></p>
        </details>
    }
}
