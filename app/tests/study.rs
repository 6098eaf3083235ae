//! Browser tests of the study features: the practice exam, quiz answers
//! recorded into progress, and recovery from bad stored progress.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use leptos::prelude::*;
use stevedore_app::components::quiz::QuizView;
use stevedore_app::pages::exam::ExamPage;
use stevedore_app::pages::progress::ProgressPage;
use stevedore_app::progress::{EXAM_KEY, ProgressHandle, ProgressNotice, STORAGE_KEY};
use stevedore_lessons::study::{Progress, load_lenient};
use stevedore_lessons::{SourceFile, course, validate};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{all, click, container, one, text, tick};

/// Whether `b` comes after `a` in the document.
fn follows(a: &Element, b: &Element) -> bool {
    a.compare_document_position(b) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0
}

fn button(root: &Element, label: &str) -> Element {
    all(root, "button")
        .into_iter()
        .find(|b| text(b).trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?} in {}", root.inner_html()))
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn stored() -> Option<String> {
    storage().get_item(STORAGE_KEY).unwrap()
}

#[wasm_bindgen_test]
async fn exam_answers_without_feedback_then_submits_and_scores() {
    storage().remove_item(STORAGE_KEY).unwrap();
    storage().remove_item(EXAM_KEY).unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        ProgressHandle::provide();
        view! { <ExamPage /> }
    })
    .forget();
    tick().await;
    assert!(
        root.query_selector("[data-testid=exam-result]")
            .unwrap()
            .is_none()
    );

    // The real exam's format by default, and the draw described as it is.
    let rules = text(&one(&root, "[data-testid=exam-rules]"));
    assert!(
        rules.contains("65 questions from all 12 lessons, in proportion"),
        "{rules}"
    );
    assert!(rules.contains("You have 130 minutes"), "{rules}");
    assert!(rules.contains("720 passes"), "{rules}");
    let checked: web_sys::HtmlInputElement =
        one(&root, "input[name=exam-size]:checked").unchecked_into();
    assert_eq!(checked.value(), "65");
    let formats: Vec<String> = all(&root, ".formats label")
        .iter()
        .map(|l| text(l).trim().to_owned())
        .collect();
    assert_eq!(
        formats,
        [
            "Full exam: 65 questions in 130 minutes, as SAA-C03",
            "Shorter set: 30 questions in 60 minutes",
            "Shorter set: 20 questions in 40 minutes",
            "Shorter set: 12 questions in 24 minutes",
        ]
    );
    click(&one(&root, "#exam-size-12"));
    tick().await;
    let rules = text(&one(&root, "[data-testid=exam-rules]"));
    assert!(
        rules.contains("12 questions from all 12 lessons, in proportion to the size of each lesson's quiz: 1 from each."),
        "{rules}"
    );
    assert!(rules.contains("You have 24 minutes"), "{rules}");
    click(&button(&root, "Start the exam"));
    tick().await;

    let nav = all(&root, "nav[aria-label=Questions] button");
    assert_eq!(nav.len(), 12);
    let timer = text(&one(&root, "[role=timer]"));
    assert!(timer == "24:00" || timer == "23:59", "{timer}");
    // One question from each lesson.
    let running = stevedore_lessons::study::ExamSession::from_json(
        &storage().get_item(EXAM_KEY).unwrap().unwrap(),
    )
    .unwrap();
    let mut lessons: Vec<&str> = running
        .questions
        .iter()
        .map(|id| course().question(id).unwrap().0.id.as_str())
        .collect();
    lessons.sort_unstable();
    lessons.dedup();
    assert_eq!(lessons.len(), 12);

    // Answer question 1 right (looked up in the course).
    let fieldset = one(&root, "[data-testid=exam-question]");
    let id = fieldset.get_attribute("data-question-id").unwrap();
    let (_, question) = course().question(&id).unwrap();
    for option in question.options.iter().filter(|o| o.correct) {
        click(&one(&root, &format!("#exam-{}-{}", id, option.id)));
    }
    tick().await;
    // No feedback while the exam runs.
    assert!(all(&root, ".explanation, [data-testid=feedback]").is_empty());
    assert!(
        nav[0]
            .get_attribute("aria-label")
            .unwrap()
            .ends_with(", answered")
    );
    assert_eq!(text(&one(&root, ".exam-bar .answered")), "1 of 12 answered");
    // The running exam is stored, so a reload resumes it.
    let running = storage()
        .get_item(EXAM_KEY)
        .unwrap()
        .expect("exam in storage");
    let resumed = stevedore_lessons::study::ExamSession::from_json(&running).unwrap();
    assert_eq!(resumed.answered(), 1);
    assert_eq!(resumed.questions[0], id);

    // Move on and back: the answer is kept.
    click(&button(&root, "Next"));
    tick().await;
    assert_eq!(
        nav[1].get_attribute("aria-current").as_deref(),
        Some("step")
    );
    click(&nav[0]);
    tick().await;
    let first_right = question.options.iter().find(|o| o.correct).unwrap();
    let input: web_sys::HtmlInputElement =
        one(&root, &format!("#exam-{}-{}", id, first_right.id)).unchecked_into();
    assert!(input.checked());

    // Submit asks first; "Keep working" goes back.
    click(&button(&root, "Submit exam"));
    tick().await;
    let dialog = one(&root, "[role=alertdialog]");
    assert!(
        text(&dialog).contains("11 question(s) are not answered"),
        "{}",
        text(&dialog)
    );
    click(&button(&root, "Keep working"));
    tick().await;
    assert!(root.query_selector("[role=alertdialog]").unwrap().is_none());
    click(&button(&root, "Submit exam"));
    tick().await;
    click(&button(&root, "Submit"));
    tick().await;

    // 1 of 12: 100 + 900 × 1/12 = 175. The result leads with the score,
    // fail, and the weakest lessons with links.
    let result = one(&root, "[data-testid=exam-result]");
    assert_eq!(
        text(&one(&result, "[data-testid=exam-score]")),
        "175 / 1000"
    );
    assert!(text(&result).contains("1 of 12 right"));
    assert!(text(&result).contains("Fail: below the 720 needed to pass"));
    let weakest: Vec<String> = all(&result, "[data-testid=weakest-lessons] a")
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    assert_eq!(weakest.len(), 3, "{weakest:?}");
    let right_lesson = &course().question(&id).unwrap().0.id;
    for href in &weakest {
        let lesson = href.strip_prefix("/lessons/").unwrap();
        assert!(course().lesson(lesson).is_some() && lesson != right_lesson);
    }
    // "Start again" sits in it, under the score, before the weakest
    // lessons; the other formats follow, then the details.
    let again = button(&result, "Start again: 12 questions, 24 minutes");
    let score = one(&result, "[data-testid=exam-score]");
    let weakest_list = one(&result, "[data-testid=weakest-lessons]");
    let start = button(&root, "Start the exam");
    let details = one(&root, "[data-testid=exam-details]");
    assert!(follows(&score, &again) && follows(&again, &weakest_list));
    assert!(follows(&result, &start) && follows(&start, &details));
    assert_eq!(
        text(&one(&root, "#exam-start-title")),
        "Start again",
        "{}",
        root.inner_html()
    );
    assert_eq!(all(&details, "[data-testid=answer-review]").len(), 12);
    assert_eq!(all(&details, ".breakdown tbody tr").len(), 12);
    assert!(
        all(&root, "th")
            .iter()
            .all(|th| !text(th).trim().is_empty()),
        "no empty table header"
    );

    // Kept in storage, so it survives a reload.
    tick().await;
    let saved = load_lenient(stored().as_deref(), course());
    assert_eq!(saved.progress.exams.len(), 1);
    assert_eq!(saved.progress.exams[0].scaled, 175);
    assert_eq!(
        storage().get_item(EXAM_KEY).unwrap(),
        None,
        "no exam running"
    );
    assert!(saved.progress.answers.contains_key(&id));

    // "Start again" starts the same format at once.
    click(&button(&root, "Start again: 12 questions, 24 minutes"));
    tick().await;
    assert_eq!(all(&root, "nav[aria-label=Questions] button").len(), 12);
    storage().remove_item(EXAM_KEY).unwrap();
}

const LESSON: &str = "+++\nid = \"demo\"\ntitle = \"Demo\"\norder = 1\nsummary = \"A demo lesson.\"\n+++\n\n## Section one\n\nSome text.\n";
const QUIZ: &str = r#"
[[question]]
id = "demo-single"
kind = "single"
section = "section-one"
prompt = "Which one is right?"
  [[question.option]]
  id = "a"
  text = "The wrong one"
  explanation = "Wrong because A."
  [[question.option]]
  id = "b"
  text = "The right one"
  correct = true
  explanation = "Right because B."
"#;

#[wasm_bindgen_test]
async fn quiz_answers_are_recorded_into_progress_and_storage() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let quiz = validate(&[
        SourceFile {
            path: "content/lessons/01-demo.md",
            text: LESSON,
        },
        SourceFile {
            path: "content/quizzes/demo.toml",
            text: QUIZ,
        },
    ])
    .unwrap()
    .lessons[0]
        .quiz
        .clone()
        .unwrap();
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        view! { <QuizView quiz=quiz lesson_id="demo" /> }
    })
    .forget();
    tick().await;
    let h = handle.get_value().unwrap();
    assert!(h.progress().get_untracked().answers.is_empty());

    let radios = all(&root, "input[type=radio]");
    click(&radios[0]);
    click(&button(&root, "Check answer"));
    tick().await;
    let p: Progress = h.progress().get_untracked();
    let record = &p.answers["demo-single"];
    assert_eq!((record.correct, record.attempts), (false, 1));
    assert_eq!(record.selected, ["a"]);
    assert!(
        p.reviews.contains_key("demo-single"),
        "a wrong answer is scheduled for review"
    );

    click(&radios[1]);
    click(&button(&root, "Check answer"));
    tick().await;
    let record = h.progress().get_untracked().answers["demo-single"].clone();
    assert_eq!((record.correct, record.attempts), (true, 2));
    assert_eq!(
        text(&one(&root, "[data-testid=last-answer]")),
        "Your last answer was right (2 attempt(s))."
    );
    let saved = stored().unwrap();
    assert!(saved.contains("\"demo-single\""), "{saved}");
    assert!(saved.contains("\"attempts\":2"), "{saved}");
}

#[wasm_bindgen_test]
async fn corrupt_storage_is_survived_and_valid_parts_kept() {
    let first = &course().lessons[0].id;
    let bad = format!(
        r#"{{"app":"stevedore","schema":1,"lessons":{{"{first}":{{"firstMs":1,"lastMs":2}},"gone":{{"firstMs":"x"}}}},"answers":{{"x":5}},"exams":"bad","theme":"dark"}}"#
    );
    storage().set_item(STORAGE_KEY, &bad).unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        ProgressHandle::provide();
        view! { <ProgressNotice /> <ProgressPage /> }
    })
    .forget();
    tick().await;

    let notice = one(&root, "[data-testid=progress-notice]");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    let said = text(&notice);
    for part in ["'gone'", "'x'", "practice exams", "'theme'"] {
        assert!(said.contains(part), "{part} in {said}");
    }
    // The page works and shows the kept lesson as opened.
    let rows = all(&root, "[data-testid=lesson-progress]");
    assert_eq!(rows.len(), course().lessons.len());
    assert_eq!(text(&one(&rows[0], "td")), "Yes");
    assert_eq!(text(&one(&rows[1], "td")), "Not yet");
    // The cleaned copy replaced the bad one (so the notice shows once).
    let saved = stored().unwrap();
    assert!(!saved.contains("theme"));
    let reloaded = load_lenient(Some(&saved), course());
    assert!(reloaded.dropped.is_empty(), "{:?}", reloaded.dropped);
    assert!(reloaded.progress.lessons.contains_key(first));
    click(&button(&notice, "Dismiss"));
    tick().await;
    assert!(
        root.query_selector("[data-testid=progress-notice]")
            .unwrap()
            .is_none()
    );

    // Not JSON at all: the page still works.
    storage().set_item(STORAGE_KEY, "{{{ not json").unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        ProgressHandle::provide();
        view! { <ProgressNotice /> <ProgressPage /> }
    })
    .forget();
    tick().await;
    assert!(text(&one(&root, "[data-testid=progress-notice]")).contains("not readable JSON"));
    assert_eq!(
        all(&root, "[data-testid=lesson-progress]").len(),
        course().lessons.len()
    );
}

#[wasm_bindgen_test]
async fn newer_version_data_is_left_alone_until_the_learner_chooses() {
    let future = r#"{"app":"stevedore","schema":99,"lessons":{}}"#;
    storage().set_item(STORAGE_KEY, future).unwrap();
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        view! { <ProgressNotice /> }
    })
    .forget();
    tick().await;
    let h = handle.get_value().unwrap();
    assert!(text(&one(&root, "[role=alert]")).contains("schema 99"));
    h.mark_read(&course().lessons[0].id);
    tick().await;
    assert_eq!(stored().as_deref(), Some(future), "not overwritten");
    click(&one(&root, "[role=alert] button"));
    tick().await;
    assert!(stored().unwrap().contains(&course().lessons[0].id));
}

#[wasm_bindgen_test]
async fn import_refuses_a_bad_file_and_reset_asks_first() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        view! { <ProgressPage /> }
    })
    .forget();
    tick().await;
    let h = handle.get_value().unwrap();
    h.mark_read(&course().lessons[0].id);
    let before = h.progress().get_untracked();
    let err = h.import(r#"{"app":"stevedore","schema":1}"#).unwrap_err();
    assert!(err.contains("missing field"), "{err}");
    assert_eq!(h.progress().get_untracked(), before, "nothing changed");
    // A good file (an export) is accepted.
    let exported = h.export();
    assert_eq!(h.import(&exported), Ok(vec![]));

    click(&button(&root, "Reset progress…"));
    tick().await;
    let dialog = one(&root, "[role=alertdialog]");
    click(&button(&dialog, "Cancel"));
    tick().await;
    assert_eq!(h.progress().get_untracked(), before);
    click(&button(&root, "Reset progress…"));
    tick().await;
    click(&button(&root, "Erase everything"));
    tick().await;
    assert_eq!(h.progress().get_untracked(), Progress::default());
    assert_eq!(
        text(&one(&root, "[data-testid=progress-message]")),
        "Progress reset."
    );
}

#[wasm_bindgen_test]
async fn retry_offers_the_questions_last_answered_wrongly() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let lesson = &course().lessons[0];
    let questions = &lesson.quiz.as_ref().unwrap().questions;
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    let id = lesson.id.clone();
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        view! { <stevedore_app::components::retry::RetryWrong lesson_id=id.clone() /> }
    })
    .forget();
    tick().await;
    assert!(
        all(&root, "button").is_empty(),
        "nothing wrong yet, no offer"
    );
    let h = handle.get_value().unwrap();
    let wrong = |q: &stevedore_lessons::Question| {
        vec![q.options.iter().find(|o| !o.correct).unwrap().id.clone()]
    };
    h.record_answer(&questions[0], &wrong(&questions[0]));
    h.record_answer(&questions[2], &wrong(&questions[2]));
    tick().await;
    click(&button(&root, "Retry the 2 you got wrong"));
    tick().await;
    let asked: Vec<String> = all(&root, "fieldset[data-testid=question] input")
        .iter()
        .map(|i| i.get_attribute("name").unwrap())
        .collect();
    assert!(asked.iter().all(|n| n.starts_with("retry1-")), "{asked:?}");
    assert_eq!(all(&root, "fieldset[data-testid=question]").len(), 2);
    click(&button(&root, "Done retrying"));
    tick().await;
    assert!(all(&root, "fieldset").is_empty());
}

#[wasm_bindgen_test]
async fn review_asks_the_due_question_and_reschedules_it() {
    use stevedore_app::progress::today;
    let (_, question) = course()
        .question(&course().lessons[0].quiz.as_ref().unwrap().questions[0].id)
        .unwrap();
    let wrong = vec![
        question
            .options
            .iter()
            .find(|o| !o.correct)
            .unwrap()
            .id
            .clone(),
    ];
    let mut p = Progress::default();
    // Answered wrongly five days ago: due four days ago, so due today.
    p.record_answer(question, &wrong, 0, today() - 5);
    storage()
        .set_item(STORAGE_KEY, &p.to_storage_json())
        .unwrap();
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        view! { <stevedore_app::pages::review::ReviewPage /> }
    })
    .forget();
    tick().await;
    assert_eq!(
        text(&one(&root, ".review-count")),
        "Due today: question 1 of 1"
    );
    for option in question.options.iter().filter(|o| o.correct) {
        click(&one(
            &root,
            &format!("#review-{}-{}", question.id, option.id),
        ));
    }
    click(&button(&root, "Check answer"));
    tick().await;
    assert!(text(&one(&root, ".feedback.right")).contains("How did it feel?"));
    assert!(!all(&root, ".explanation").is_empty(), "explanations shown");
    click(&button(&root, "Good"));
    tick().await;
    assert!(text(&one(&root, "[data-testid=review-done]")).contains("1 reviewed"));
    let card = handle
        .get_value()
        .unwrap()
        .progress()
        .get_untracked()
        .reviews[&question.id]
        .clone();
    // After the learning step, the first success → SM-2's interval 1.
    assert_eq!(
        (card.repetitions, card.interval, card.due_day),
        (1, 1, today() + 1)
    );
}

fn wrong_pick(q: &stevedore_lessons::Question) -> Vec<String> {
    vec![q.options.iter().find(|o| !o.correct).unwrap().id.clone()]
}

fn right_picks(q: &stevedore_lessons::Question) -> Vec<String> {
    q.options
        .iter()
        .filter(|o| o.correct)
        .map(|o| o.id.clone())
        .collect()
}

/// Mounts `page` with a fresh progress handle over `progress` in storage.
fn mount_with(
    progress: &Progress,
    page: impl Fn() -> AnyView + 'static,
) -> (web_sys::HtmlElement, ProgressHandle) {
    storage()
        .set_item(STORAGE_KEY, &progress.to_storage_json())
        .unwrap();
    let root = container();
    let handle = StoredValue::new(None::<ProgressHandle>);
    leptos::mount::mount_to(root.clone(), move || {
        handle.set_value(Some(ProgressHandle::provide()));
        page()
    })
    .forget();
    (root, handle.get_value().unwrap())
}

#[wasm_bindgen_test]
async fn seven_wrong_answers_are_due_the_same_day_and_mistakes_can_always_be_practised() {
    use stevedore_app::pages::review::ReviewPage;
    use stevedore_app::progress::today;
    let lesson = &course().lessons[0];
    let questions = &lesson.quiz.as_ref().unwrap().questions[..7];
    let mut p = Progress::default();
    for q in questions {
        p.record_answer(q, &wrong_pick(q), 0, today());
    }
    let (root, h) = mount_with(&p, || view! { <ReviewPage /> }.into_any());
    tick().await;
    // Due today, not tomorrow.
    assert_eq!(
        text(&one(&root, ".review-count")),
        "Due today: question 1 of 7"
    );
    assert!(text(&one(&root, "[data-testid=review-offers]")).contains("Practise my mistakes now"));
    // The question shown (due questions come in the schedule's order).
    let shown = || {
        let id = one(&root, "[data-testid=review-question]")
            .get_attribute("data-question-id")
            .unwrap();
        course().question(&id).unwrap().1.clone()
    };
    // Wrong again: it stays due today.
    let q = shown();
    click(&one(
        &root,
        &format!("#review-{}-{}", q.id, wrong_pick(&q)[0]),
    ));
    click(&button(&root, "Check answer"));
    tick().await;
    assert!(text(&one(&root, ".feedback.wrong")).contains("stays due today"));
    assert_eq!(h.progress().get_untracked().due(course(), today()).len(), 7);
    click(&button(&root, "Next question"));
    tick().await;
    // Right, rated Good: out of today's list, due tomorrow.
    let q = shown();
    for o in right_picks(&q) {
        click(&one(&root, &format!("#review-{}-{o}", q.id)));
    }
    click(&button(&root, "Check answer"));
    tick().await;
    click(&button(&root, "Good"));
    tick().await;
    assert_eq!(
        text(&one(&root, ".review-count")),
        "Due today: question 3 of 7"
    );
    let p = h.progress().get_untracked();
    assert_eq!(p.due(course(), today()).len(), 6);
    assert_eq!(p.reviews[&q.id].due_day, today() + 1);
}

#[wasm_bindgen_test]
async fn practise_my_mistakes_is_offered_when_nothing_is_due() {
    use stevedore_app::pages::review::ReviewPage;
    use stevedore_app::progress::today;
    let q = &course().lessons[1].quiz.as_ref().unwrap().questions[0];
    let mut p = Progress::default();
    p.record_answer(q, &wrong_pick(q), 0, today() - 3);
    let card = p.reviews.get_mut(&q.id).unwrap();
    (card.due_day, card.learning) = (today() + 2, false);
    let (root, h) = mount_with(&p, || view! { <ReviewPage /> }.into_any());
    tick().await;
    assert!(text(&one(&root, "[data-testid=review-status]")).contains("Nothing is due today"));
    click(&button(&root, "Practise my mistakes now"));
    tick().await;
    assert_eq!(
        text(&one(&root, ".review-count")),
        "Practising your mistakes: question 1 of 1"
    );
    for o in right_picks(q) {
        click(&one(&root, &format!("#review-{}-{o}", q.id)));
    }
    click(&button(&root, "Check answer"));
    tick().await;
    assert!(text(&one(&root, ".feedback.right")).starts_with("Right."));
    assert!(!all(&root, ".explanation").is_empty());
    click(&button(&root, "Next question"));
    tick().await;
    assert!(text(&one(&root, "[data-testid=review-done]")).contains("1 practised"));
    let p = h.progress().get_untracked();
    assert!(p.answers[&q.id].correct);
    assert_eq!(p.reviews[&q.id].due_day, today() + 2, "schedule kept");
    assert!(text(&one(&root, "[data-testid=review-offers]")).contains("No mistakes to practise"));
}

#[wasm_bindgen_test]
async fn what_to_do_next_follows_the_learner() {
    use leptos_router::components::Router;
    use stevedore_app::pages::home::Home;
    use stevedore_app::progress::{now_ms, today};
    let lesson = &course().lessons[0];
    let mut p = Progress::default();
    p.mark_read(&lesson.id, now_ms());
    let (root, h) = mount_with(&p, || view! { <Router><Home /></Router> }.into_any());
    tick().await;
    let next = || one(&root, "[data-testid=next-step]");
    let total = lesson.quiz.as_ref().unwrap().questions.len();
    assert!(
        text(&next()).contains(&format!(
            "Check yourself on “{}”: its quiz has {total} questions",
            lesson.title
        )),
        "{}",
        text(&next())
    );
    assert_eq!(
        one(&next(), "a").get_attribute("href").unwrap(),
        format!("/lessons/{}#lesson-quiz", lesson.id)
    );
    // 0 of 4 right: reread and retry, not the next lesson.
    for q in &lesson.quiz.as_ref().unwrap().questions[..4] {
        h.record_answer(q, &wrong_pick(q));
    }
    tick().await;
    assert!(
        text(&next()).contains(&format!(
            "Your answers to “{}” went badly: 0 of 4 right",
            lesson.title
        )),
        "{}",
        text(&next())
    );
    assert_eq!(
        one(&next(), "a").get_attribute("href").unwrap(),
        format!("/lessons/{}", lesson.id)
    );
    assert_eq!(text(&one(&next(), "a")), "Reread and retry");
    // Answered right, and reviewed: the rest of the quiz, then the next lesson.
    for q in &lesson.quiz.as_ref().unwrap().questions {
        h.record_review(q, &right_picks(q), stevedore_lessons::study::Recall::Right);
    }
    tick().await;
    assert!(text(&next()).contains(&format!("Next lesson: {}.", course().lessons[1].title)));
    assert_eq!(h.progress().get_untracked().due(course(), today()).len(), 0);
}

#[wasm_bindgen_test]
async fn the_progress_table_says_read_answered_right_and_due() {
    use stevedore_app::progress::{now_ms, today};
    let lesson = &course().lessons[0];
    let questions = &lesson.quiz.as_ref().unwrap().questions;
    let mut p = Progress::default();
    p.mark_read(&lesson.id, now_ms());
    for q in &questions[..3] {
        p.record_answer(q, &wrong_pick(q), 0, today());
    }
    p.record_answer(&questions[3], &right_picks(&questions[3]), 0, today());
    p.record_lab_completed("create-cluster", now_ms());
    let (root, _) = mount_with(&p, || view! { <ProgressPage /> }.into_any());
    tick().await;
    let headers: Vec<String> = all(&root, ".progress-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        headers,
        [
            "Lesson",
            "Read",
            "Answered",
            "Right",
            "Due for review",
            "Labs done"
        ]
    );
    assert!(
        all(&root, "th")
            .iter()
            .all(|th| !text(th).trim().is_empty())
    );
    let row = &all(&root, "[data-testid=lesson-progress]")[0];
    let cells: Vec<String> = all(row, "td").iter().map(text).collect();
    let labs_of_first = course().labs_of(&lesson.id).count();
    let labs_cell = if labs_of_first == 0 {
        "None".to_owned()
    } else {
        format!("0 of {labs_of_first}")
    };
    assert_eq!(
        cells,
        [
            "Yes",
            &format!("4 of {}", questions.len()),
            "1 of 4",
            "3",
            &labs_cell
        ]
    );
    // The hands-on lesson of lab 1: its labs, one of them done.
    let hands_on = &all(&root, "[data-testid=lesson-progress]")
        .into_iter()
        .find(|r| r.get_attribute("data-lesson").as_deref() == Some("hands-on-create-cluster"))
        .unwrap();
    let n = course().labs_of("hands-on-create-cluster").count();
    assert_eq!(
        text(all(hands_on, "td").last().unwrap()),
        format!("1 of {n}")
    );
    assert!(text(&root).contains(&format!("1 of {} labs done", course().labs.len())));
    assert!(
        text(&one(&root, "[data-testid=progress-table-key]"))
            .contains("Due for review: how many to practise today")
    );
}
