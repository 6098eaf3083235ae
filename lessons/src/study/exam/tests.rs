#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::study::fixtures::course;
use std::collections::BTreeMap;

fn per_lesson(ids: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for id in ids {
        let lesson = id.split('-').next().unwrap().to_owned();
        *m.entry(lesson).or_insert(0) += 1;
    }
    m
}

#[test]
fn draw_is_proportional_with_one_per_lesson_and_seeded() {
    // 12 lessons of 10–13 questions, like the real course: 30 drawn.
    let c = course(&[11, 12, 13, 11, 12, 11, 11, 11, 11, 11, 12, 11]);
    let ids = draw_exam(&c, 30, 9);
    assert_eq!(ids.len(), 30);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 30, "no repeats");
    let counts = per_lesson(&ids);
    assert_eq!(counts.len(), 12, "every lesson present");
    assert!(counts.values().all(|&n| (2..=3).contains(&n)), "{counts:?}");
    assert_eq!(ids, draw_exam(&c, 30, 9), "same seed, same exam");
    assert_ne!(ids, draw_exam(&c, 30, 10));
}

#[test]
fn draw_follows_lesson_sizes_and_caps() {
    let c = course(&[2, 20, 0, 8]);
    let ids = draw_exam(&c, 15, 1);
    let counts = per_lesson(&ids);
    // 3 lessons with questions get 1 each; 12 more shared 1:19:7 of the
    // free places → 0, 8 (8.4), 3 (3.1) + 1 by remainder.
    assert_eq!(counts.get("l1"), Some(&1));
    assert_eq!(counts.get("l2"), Some(&10));
    assert_eq!(counts.get("l4"), Some(&4));
    assert_eq!(counts.get("l3"), None);
    // More than the course has: everything, once.
    assert_eq!(draw_exam(&c, 100, 1).len(), 30);
    // Fewer than the lessons: one each from n lessons.
    let few = draw_exam(&c, 2, 3);
    assert_eq!(few.len(), 2);
    assert_eq!(per_lesson(&few).len(), 2);
    assert!(draw_exam(&c, 0, 3).is_empty());
}

#[test]
fn scaled_score_is_linear_from_100_to_1000() {
    assert_eq!(scaled_score(0, 30), 100);
    assert_eq!(scaled_score(30, 30), 1000);
    assert_eq!(scaled_score(15, 30), 550);
    // 69% is just below the pass mark, 70% just above.
    assert_eq!(scaled_score(69, 100), 721);
    assert_eq!(scaled_score(68, 100), 712);
    assert_eq!(scaled_score(2, 3), 700);
    assert_eq!(scaled_score(0, 0), 100);
    assert_eq!(scaled_score(5, 3), 1000, "capped");
}

#[test]
fn time_left_counts_down_from_the_start_and_stops_at_zero() {
    assert_eq!(time_left_ms(1_000, 1_000, EXAM_LIMIT_MS), 3_600_000);
    assert_eq!(time_left_ms(1_000, 61_000, EXAM_LIMIT_MS), 3_540_000);
    assert_eq!(time_left_ms(0, 3_600_000, EXAM_LIMIT_MS), 0);
    assert_eq!(time_left_ms(0, 9_999_999, EXAM_LIMIT_MS), 0);
    assert_eq!(
        time_left_ms(5_000, 0, EXAM_LIMIT_MS),
        EXAM_LIMIT_MS,
        "clock went back"
    );
}

#[test]
fn session_keeps_answers_and_scores_all_or_nothing() {
    let mut c = course(&[2, 2]);
    // Make l2-q2 multiple response (b and c).
    c.lessons[1].quiz.as_mut().unwrap().questions[1] =
        crate::study::fixtures::question("l2-q2", &["b", "c"]);
    let ids: Vec<String> = ["l1-q1", "l2-q2", "l2-q1", "l1-q2"]
        .map(String::from)
        .into();
    let mut s = ExamSession::new(ids, 10_000);
    s.choose(0, "a", true, true);
    s.choose(0, "b", true, true); // single: replaces a
    s.choose(1, "b", true, false); // multiple: only one of two → wrong
    s.choose(2, "b", true, true);
    assert_eq!(s.answered(), 3);
    assert_eq!(s.answers[0], ["b"]);
    s.choose(9, "b", true, true); // out of range: ignored
    let early = s.submit(&c, 10_000 + 25 * 60_000);
    assert_eq!(early.results, [true, false, true, false]);
    assert_eq!((early.correct, early.total, early.scaled), (2, 4, 550));
    assert!(!early.timed_out);
    assert_eq!(early.duration_ms, 25 * 60_000);
    assert!(!early.passed());
    assert_eq!(
        early.by_lesson,
        [
            LessonScore {
                lesson: "l1".into(),
                correct: 1,
                total: 2
            },
            LessonScore {
                lesson: "l2".into(),
                correct: 1,
                total: 2
            },
        ]
    );
    assert_eq!(early.check(), Ok(()));

    s.choose(1, "c", true, false);
    s.choose(3, "b", true, true);
    assert!(s.is_over(10_000 + EXAM_LIMIT_MS));
    let late = s.submit(&c, 10_000 + EXAM_LIMIT_MS + 5_000);
    assert!(late.timed_out);
    assert_eq!(late.duration_ms, EXAM_LIMIT_MS);
    assert_eq!((late.correct, late.scaled), (4, 1000));
    assert!(late.passed());
}

#[test]
fn check_refuses_inconsistent_attempts() {
    let c = course(&[2]);
    let s = ExamSession::new(vec!["l1-q1".into(), "l1-q2".into()], 0);
    let good = s.submit(&c, 1000);
    assert_eq!(good.check(), Ok(()));
    let mut bad = good.clone();
    bad.answers.pop();
    assert!(bad.check().unwrap_err().contains("answers"));
    let mut bad = good.clone();
    bad.correct = 2;
    assert!(bad.check().is_err());
    let mut bad = good.clone();
    bad.scaled = 999;
    assert!(bad.check().unwrap_err().contains("scaled"));
    let mut bad = good;
    bad.by_lesson.clear();
    assert!(bad.check().unwrap_err().contains("breakdown"));
}

#[test]
fn session_survives_a_round_trip_and_bad_copies_are_ignored() {
    let mut s = ExamSession::new(vec!["l1-q1".into(), "l1-q2".into()], 7);
    s.choose(1, "c", true, true);
    assert_eq!(ExamSession::from_json(&s.to_json()), Some(s.clone()));
    assert_eq!(ExamSession::from_json("{oops"), None);
    let mut bad = s.clone();
    bad.answers.pop();
    assert_eq!(ExamSession::from_json(&bad.to_json()), None);
    assert_eq!(
        ExamSession::from_json(&ExamSession::new(vec![], 0).to_json()),
        None
    );
}
