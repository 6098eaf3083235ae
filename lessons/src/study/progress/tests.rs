#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::study::exam::ExamSession;
use crate::study::fixtures::course;

fn pick(o: &str) -> Vec<String> {
    vec![o.to_owned()]
}

/// Progress with one of everything, on a course of two lessons.
fn sample() -> (Course, Progress) {
    let c = course(&[3, 2]);
    let mut p = Progress::default();
    p.mark_read("l1", 1_000);
    p.mark_read("l1", 2_000);
    let q = |id: &str| c.question(id).unwrap().1.clone();
    p.record_answer(&q("l1-q1"), &pick("b"), 3_000, 10);
    p.record_answer(&q("l1-q2"), &pick("a"), 4_000, 10);
    let mut s = ExamSession::new(vec!["l1-q3".into(), "l2-q1".into()], 5_000);
    s.choose(0, "b", true, true);
    p.exams.push(s.submit(&c, 65_000));
    (c, p)
}

#[test]
fn answers_are_recorded_and_wrong_ones_scheduled() {
    let (c, p) = sample();
    assert_eq!(
        p.lessons["l1"],
        LessonRead {
            first_ms: 1_000,
            last_ms: 2_000
        }
    );
    let a = &p.answers["l1-q2"];
    assert_eq!((a.correct, a.attempts, a.at_ms), (false, 1, 4_000));
    assert_eq!(a.selected, ["a"]);
    assert_eq!(a.hash, content_hash(c.question("l1-q2").unwrap().1));
    assert!(p.answers["l1-q1"].correct);
    // Only the wrong one is on the schedule, in its learning step: due
    // again the same day, not tomorrow.
    assert_eq!(p.reviews.keys().collect::<Vec<_>>(), ["l1-q2"]);
    assert_eq!(p.reviews["l1-q2"].due_day, 10);
    assert!(p.reviews["l1-q2"].learning);
    assert!(p.due(&c, 9).is_empty());
    assert_eq!(p.due(&c, 10), ["l1-q2"]);
    assert_eq!(p.due(&c, 11), ["l1-q2"]);
    assert_eq!(
        p.lesson_progress(&c.lessons[0], 10),
        LessonProgress {
            read: true,
            answered: 2,
            correct: 1,
            total: 3,
            due: 1,
        }
    );
    assert_eq!(
        p.lesson_progress(&c.lessons[1], 10),
        LessonProgress {
            read: false,
            answered: 0,
            correct: 0,
            total: 2,
            due: 0,
        }
    );
}

#[test]
fn seven_wrong_answers_can_be_practised_the_same_day() {
    let c = course(&[7]);
    let mut p = Progress::default();
    let questions = &c.lessons[0].quiz.as_ref().unwrap().questions;
    for q in questions {
        p.record_answer(q, &pick("a"), 1_000, 20);
    }
    assert_eq!(p.due(&c, 20).len(), 7, "due today, not tomorrow");
    assert_eq!(p.mistakes(&c).len(), 7);
    // Reviewed right: out of today's list, back tomorrow (SM-2's 1 day).
    p.record_review(&questions[0], &pick("b"), Recall::Right, 2_000, 20);
    assert_eq!(p.due(&c, 20).len(), 6);
    assert_eq!(p.reviews[&questions[0].id].due_day, 21);
    // Wrong again: still due today.
    p.record_review(&questions[1], &pick("c"), Recall::Right, 2_000, 20);
    assert_eq!(p.due(&c, 20).len(), 6);
    assert_eq!(p.mistakes(&c).len(), 6);
}

#[test]
fn practising_mistakes_reviews_what_is_due_and_keeps_other_schedules() {
    let c = course(&[3]);
    let q = |i: usize| c.lessons[0].quiz.as_ref().unwrap().questions[i].clone();
    let mut p = Progress::default();
    p.record_answer(&q(0), &pick("a"), 1_000, 20); // learning, due 20
    p.record_answer(&q(1), &pick("a"), 1_000, 15); // wrong days ago…
    let card = p.reviews.get_mut(&q(1).id).unwrap();
    (card.due_day, card.learning) = (25, false); // …and not due until day 25
    assert_eq!(p.mistakes(&c), [q(0).id.clone(), q(1).id.clone()]);
    assert_eq!(p.due(&c, 20), [q(0).id.clone()]);
    // Right on a due question: its review, out of today's list.
    assert!(p.record_practice(&q(0), &pick("b"), 2_000, 20));
    assert_eq!(p.reviews[&q(0).id].due_day, 21);
    // Right on one not due: recorded, its schedule unchanged.
    let before = p.reviews[&q(1).id].clone();
    assert!(p.record_practice(&q(1), &pick("b"), 2_000, 20));
    assert_eq!(p.reviews[&q(1).id], before);
    assert!(p.mistakes(&c).is_empty());
    // Wrong: back in today's learning step.
    assert!(!p.record_practice(&q(1), &pick("a"), 3_000, 20));
    assert_eq!(p.due(&c, 20), [q(1).id.clone()]);
}

#[test]
fn review_moves_the_schedule() {
    let (c, mut p) = sample();
    let q = c.question("l1-q2").unwrap().1.clone();
    assert!(p.record_review(&q, &pick("b"), Recall::Right, 9_000, 11));
    let card = &p.reviews["l1-q2"];
    // After the learning step (rep 0), a right answer: interval 1, due day 12.
    assert_eq!(
        (card.repetitions, card.due_day, card.learning),
        (1, 12, false)
    );
    assert_eq!(p.answers["l1-q2"].attempts, 2);
    assert!(!p.record_review(&q, &pick("c"), Recall::Right, 9_500, 12));
    assert_eq!(p.reviews["l1-q2"].repetitions, 0);
    assert_eq!(p.reviews["l1-q2"].due_day, 12);
}

#[test]
fn next_step_follows_the_learner() {
    let mut c = course(&[4, 3, 2]);
    c.labs.push(crate::study::fixtures::lab("lab-1", "l1", 1));
    let qs = |l: usize| c.lessons[l].quiz.as_ref().unwrap().questions.clone();
    let mut p = Progress::default();
    let mut now = 1_000;
    let mut tick = || {
        now += 1_000;
        now
    };
    let day = 30;
    assert_eq!(p.next_step(&c, day), NextStep::Lesson("l1".into()));
    p.mark_read("l1", tick());
    assert_eq!(
        p.next_step(&c, day),
        NextStep::Quiz {
            lesson: "l1".into(),
            answered: 0,
            total: 4
        },
        "the quiz of the lesson just read"
    );
    // 0 of 4 right: reread and retry it, not the next lesson, and before
    // the 4 reviews now due.
    for q in &qs(0) {
        p.record_answer(q, &pick("a"), tick(), day);
    }
    assert_eq!(p.due(&c, day).len(), 4);
    let reread = NextStep::Reread {
        lesson: "l1".into(),
        correct: 0,
        answered: 4,
    };
    assert_eq!(p.next_step(&c, day), reread);
    // 2 of 4 is still below 70%; 3 of 4 is not. Then the due reviews.
    for q in &qs(0)[..2] {
        p.record_answer(q, &pick("b"), tick(), day);
    }
    assert!(matches!(
        p.next_step(&c, day),
        NextStep::Reread { correct: 2, .. }
    ));
    p.record_answer(&qs(0)[2], &pick("b"), tick(), day);
    assert_eq!(p.next_step(&c, day), NextStep::Review(4));
    for q in &qs(0) {
        p.record_review(q, &pick("b"), Recall::Right, tick(), day);
    }
    // The lab of the lesson just read, then the next lesson.
    assert_eq!(
        p.next_step(&c, day),
        NextStep::Lab {
            lab: "lab-1".into(),
            lesson: "l1".into()
        }
    );
    p.record_lab_completed("lab-1", tick());
    assert_eq!(p.next_step(&c, day), NextStep::Lesson("l2".into()));
    // Jumping ahead: the next step follows the lesson just read.
    p.mark_read("l3", tick());
    assert!(matches!(p.next_step(&c, day), NextStep::Quiz { ref lesson, .. } if lesson == "l3"));
    for q in &qs(2) {
        p.record_answer(q, &pick("b"), tick(), day);
    }
    // Nothing unread after l3: the first unread lesson.
    assert_eq!(p.next_step(&c, day), NextStep::Lesson("l2".into()));
    p.mark_read("l2", tick());
    p.mark_read("l1", tick()); // back to lesson 1: its quiz is done
    assert_eq!(
        p.next_step(&c, day),
        NextStep::Quiz {
            lesson: "l2".into(),
            answered: 0,
            total: 3
        },
        "everything read: the quiz left"
    );
    // Two lessons went badly: the latest one first.
    p.record_answer(&qs(1)[0], &pick("a"), tick(), day);
    assert!(matches!(p.next_step(&c, day), NextStep::Reread { ref lesson, .. } if lesson == "l2"));
    p.record_answer(&qs(2)[0], &pick("a"), tick(), day);
    p.record_answer(&qs(2)[1], &pick("a"), tick(), day);
    assert!(matches!(p.next_step(&c, day), NextStep::Reread { ref lesson, .. } if lesson == "l3"));
    // Everything right and reviewed: the exam.
    for l in 0..3 {
        for q in &qs(l) {
            p.record_review(q, &pick("b"), Recall::Right, tick(), day);
        }
    }
    assert_eq!(p.next_step(&c, day), NextStep::Exam);
}

#[test]
fn storage_round_trip_keeps_everything() {
    let (c, p) = sample();
    let json = p.to_storage_json();
    let loaded = load_lenient(Some(&json), &c);
    assert_eq!(loaded.dropped, Vec::<String>::new());
    assert_eq!(loaded.future_version, None);
    assert_eq!(loaded.progress, p);
    // Nothing stored: empty, nothing to report.
    assert_eq!(load_lenient(None, &c), Loaded::default());
}

#[test]
fn corrupt_storage_starts_afresh_and_says_so() {
    let c = course(&[1]);
    for text in ["{not json", "[1,2]", "\"hello\"", ""] {
        let loaded = load_lenient(Some(text), &c);
        assert_eq!(loaded.progress, Progress::default(), "{text}");
        assert_eq!(loaded.dropped.len(), 1, "{text}: {:?}", loaded.dropped);
    }
}

#[test]
fn partial_storage_keeps_every_valid_part() {
    let (c, p) = sample();
    let mut v: Value = serde_json::from_str(&p.to_storage_json()).unwrap();
    // A broken answer, a broken lesson record, a broken exam, a wrong type
    // for reviews, and an unknown field.
    v["answers"]["l1-q1"]["correct"] = Value::from("yes");
    v["lessons"]["l2"] = serde_json::json!({"firstMs": "soon"});
    v["exams"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"score": 3}));
    v["reviews"] = Value::from(7);
    v["theme"] = Value::from("dark");
    let loaded = load_lenient(Some(&v.to_string()), &c);
    let kept = &loaded.progress;
    assert_eq!(kept.lessons, p.lessons, "the valid lesson stays");
    assert_eq!(kept.answers.keys().collect::<Vec<_>>(), ["l1-q2"]);
    assert_eq!(kept.answers["l1-q2"], p.answers["l1-q2"]);
    assert_eq!(kept.exams, p.exams, "the valid exam stays");
    assert!(kept.reviews.is_empty());
    let report = loaded.dropped.join("\n");
    assert_eq!(loaded.dropped.len(), 5, "{report}");
    for needle in [
        "answer to 'l1-q1'",
        "lesson 'l2'",
        "practice exam #2",
        "'reviews'",
        "'theme'",
    ] {
        assert!(report.contains(needle), "{needle} in {report}");
    }
}

#[test]
fn foreign_and_stale_parts_are_dropped() {
    let (c, p) = sample();
    let mut v: Value = serde_json::from_str(&p.to_storage_json()).unwrap();
    v["lessons"]["gone-lesson"] = serde_json::json!({"firstMs": 1, "lastMs": 1});
    v["answers"]["gone-q"] = v["answers"]["l1-q1"].clone();
    v["reviews"]["gone-q"] = v["reviews"]["l1-q2"].clone();
    let loaded = load_lenient(Some(&v.to_string()), &c);
    assert_eq!(loaded.progress, p);
    assert_eq!(loaded.dropped.len(), 3, "{:?}", loaded.dropped);

    // Another app's data under our key: nothing kept.
    let loaded = load_lenient(Some(r#"{"app":"other","schema":1,"lessons":{}}"#), &c);
    assert_eq!(loaded.progress, Progress::default());
    assert!(loaded.dropped[0].contains("another app"));
}

#[test]
fn a_changed_question_resets_only_its_own_answer_and_schedule() {
    let (mut c, p) = sample();
    let json = p.to_storage_json();
    c.lessons[0].quiz.as_mut().unwrap().questions[1].prompt_html = "<p>Reworded?</p>".into();
    let loaded = load_lenient(Some(&json), &c);
    assert!(!loaded.progress.answers.contains_key("l1-q2"));
    assert!(!loaded.progress.reviews.contains_key("l1-q2"));
    assert_eq!(loaded.progress.answers["l1-q1"], p.answers["l1-q1"]);
    assert_eq!(loaded.dropped.len(), 1);
    assert!(
        loaded.dropped[0].contains("'l1-q2' changed"),
        "{:?}",
        loaded.dropped
    );
}

#[test]
fn old_and_future_versions() {
    let (c, p) = sample();
    let mut v: Value = serde_json::from_str(&p.to_storage_json()).unwrap();
    // No version (or a nonsense one): read field by field, said once.
    v.as_object_mut().unwrap().remove("schema");
    let loaded = load_lenient(Some(&v.to_string()), &c);
    assert_eq!(loaded.progress, p);
    assert_eq!(loaded.dropped.len(), 1);
    assert!(loaded.dropped[0].contains("no usable schema version"));
    v["schema"] = Value::from(0);
    assert_eq!(load_lenient(Some(&v.to_string()), &c).progress, p);
    // A newer version: keep nothing, flag it so the app does not overwrite.
    v["schema"] = Value::from(3);
    let loaded = load_lenient(Some(&v.to_string()), &c);
    assert_eq!(loaded.progress, Progress::default());
    assert_eq!(loaded.future_version, Some(3));
    assert!(loaded.dropped[0].contains("newer version"));
}

/// Progress as schema 1 stored it (before the learning step): a review card
/// without `learning`, due the day after the wrong answer.
const SCHEMA_1: &str = r#"{"app":"stevedore","schema":1,
  "lessons":{"l1":{"firstMs":1000,"lastMs":2000}},
  "answers":{"l1-q2":{"hash":"HASH","selected":["a"],"correct":false,"atMs":4000,"attempts":1}},
  "exams":[],
  "reviews":{"l1-q2":{"hash":"HASH","ease":1960,"interval":1,"repetitions":0,"dueDay":11,"lastDay":10}},
  "labs":{}}"#;

#[test]
fn schema_1_progress_loads_without_losing_anything() {
    let c = course(&[3, 2]);
    let hash = content_hash(c.question("l1-q2").unwrap().1);
    let old = SCHEMA_1.replace("HASH", &hash);
    let loaded = load_lenient(Some(&old), &c);
    assert_eq!(loaded.dropped, Vec::<String>::new(), "read silently");
    assert_eq!(loaded.future_version, None);
    let p = &loaded.progress;
    assert_eq!(p.lessons["l1"].last_ms, 2000);
    assert!(!p.answers["l1-q2"].correct);
    let card = &p.reviews["l1-q2"];
    assert_eq!(
        (card.ease, card.interval, card.due_day, card.learning),
        (1960, 1, 11, false),
        "kept as it was"
    );
    // Saved again, it is schema 2, and reads back the same.
    let again = p.to_storage_json();
    assert!(again.contains("\"schema\":2"), "{again}");
    assert_eq!(&load_lenient(Some(&again), &c).progress, p);
    // An exported schema-1 file imports too.
    assert_eq!(&import_strict(&old, &c).unwrap().progress, p);
    // Answered wrongly again now: the card enters the learning step.
    let mut p = p.clone();
    p.record_answer(c.question("l1-q2").unwrap().1, &pick("c"), 5_000, 12);
    assert_eq!(p.due(&c, 12), ["l1-q2"]);
}

#[test]
fn export_then_import_round_trips() {
    let (c, p) = sample();
    let text = export_json(&p, 99_000);
    assert!(
        text.contains("\n  \"app\": \"stevedore\""),
        "pretty, with the app name"
    );
    assert!(text.contains("\"schema\": 2"));
    assert!(text.contains("\"exportedMs\": 99000"));
    let imported = import_strict(&text, &c).unwrap();
    assert_eq!(imported.progress, p);
    assert!(imported.notes.is_empty());
    // An export also loads from storage without complaint.
    assert!(load_lenient(Some(&text), &c).dropped.is_empty());
}

#[test]
fn import_refuses_bad_files_with_a_clear_reason() {
    let (c, p) = sample();
    let good: Value = serde_json::from_str(&export_json(&p, 1)).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        import_strict(&v.to_string(), &c).unwrap_err().0
    };
    let cases: Vec<(String, &str)> = vec![
        (import_strict("{oops", &c).unwrap_err().0, "not valid JSON"),
        (import_strict("[]", &c).unwrap_err().0, "not a JSON object"),
        (with(&|v| v["app"] = "other".into()), "its app is \"other\""),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("app");
            }),
            "no \"app\" field",
        ),
        (with(&|v| v["schema"] = 3.into()), "newer version"),
        (
            with(&|v| v["schema"] = "1".into()),
            "\"schema\" must be a number from 1 to 2",
        ),
        (
            with(&|v| v["schema"] = 0.into()),
            "\"schema\" must be a number from 1 to 2",
        ),
        (with(&|v| v["extra"] = 1.into()), "unknown field `extra`"),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("answers");
            }),
            "missing field `answers`",
        ),
        (
            with(&|v| v["answers"]["l1-q1"]["correct"] = "yes".into()),
            "invalid type",
        ),
        (
            with(&|v| v["lessons"]["nope"] = good["lessons"]["l1"].clone()),
            "no lesson 'nope'",
        ),
        (
            with(&|v| v["answers"]["nope"] = good["answers"]["l1-q1"].clone()),
            "no question 'nope'",
        ),
        (
            with(&|v| v["answers"]["l1-q1"]["selected"] = serde_json::json!(["z"])),
            "has no option 'z'",
        ),
        (
            with(&|v| v["answers"]["l1-q1"]["correct"] = false.into()),
            "does not match",
        ),
        (
            with(&|v| v["answers"]["l1-q1"]["attempts"] = 0.into()),
            "at least 1",
        ),
        (
            with(&|v| v["reviews"]["l1-q2"]["ease"] = 1000.into()),
            "below the minimum",
        ),
        (
            with(&|v| v["exams"][0]["scaled"] = 999.into()),
            "exams[0]: scaled score",
        ),
    ];
    for (message, expected) in cases {
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
    }
}

#[test]
fn import_resets_answers_to_changed_questions_with_a_note() {
    let (mut c, p) = sample();
    let text = export_json(&p, 1);
    c.lessons[0].quiz.as_mut().unwrap().questions[0].options[0].correct = true;
    let imported = import_strict(&text, &c).unwrap();
    assert!(!imported.progress.answers.contains_key("l1-q1"));
    assert!(imported.progress.answers.contains_key("l1-q2"));
    assert_eq!(imported.notes.len(), 1);
}

#[test]
fn a_lab_done_is_recorded_once_and_travels_with_the_progress() {
    let (c, mut p) = sample();
    assert!(!p.lab_completed("create-cluster"));
    assert!(p.record_lab_completed("create-cluster", 7_000));
    assert!(
        !p.record_lab_completed("create-cluster", 9_000),
        "the first completion stays"
    );
    assert_eq!(p.labs["create-cluster"].completed_ms, 7_000);
    assert!(p.lab_completed("create-cluster"));

    let text = export_json(&p, 99_000);
    assert!(text.contains("\"completedMs\": 7000"), "{text}");
    assert_eq!(import_strict(&text, &c).unwrap().progress, p);
    assert_eq!(load_lenient(Some(&text), &c).progress, p);

    // A malformed record is dropped, with a note, and the rest kept.
    let broken = text.replace("\"completedMs\": 7000", "\"completedMs\": \"soon\"");
    let loaded = load_lenient(Some(&broken), &c);
    assert!(loaded.progress.labs.is_empty());
    assert_eq!(loaded.progress.lessons, p.lessons);
    assert!(
        loaded.dropped.iter().any(|d| d.contains("create-cluster")),
        "{:?}",
        loaded.dropped
    );
}
