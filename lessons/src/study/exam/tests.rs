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
    // 15 of 30 questions: each lesson gives half its quiz, 1, 10 and 4.
    assert_eq!(counts.get("l1"), Some(&1));
    assert_eq!(counts.get("l2"), Some(&10));
    assert_eq!(counts.get("l4"), Some(&4));
    assert_eq!(counts.get("l3"), None);
    // More than the course has: everything, once.
    assert_eq!(draw_exam(&c, 100, 1).len(), 30);
    // Fewer than the lessons: 2 × (2, 20, 8) / 30 = 0.13, 1.33, 0.53: l2
    // gets one, and the largest remainder (l4) the other.
    let few = draw_exam(&c, 2, 3);
    assert_eq!(few.len(), 2);
    assert_eq!(
        per_lesson(&few),
        BTreeMap::from([("l2".to_owned(), 1), ("l4".to_owned(), 1)])
    );
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
    let limit = FULL_EXAM_LIMIT_MS;
    assert_eq!(time_left_ms(1_000, 1_000, limit), 7_800_000);
    assert_eq!(time_left_ms(1_000, 61_000, limit), 7_740_000);
    assert_eq!(time_left_ms(0, 7_800_000, limit), 0);
    assert_eq!(time_left_ms(0, 9_999_999, limit), 0);
    assert_eq!(time_left_ms(5_000, 0, limit), limit, "clock went back");
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
    // Four questions: eight minutes at two per question.
    assert_eq!(s.limit_ms, 8 * 60_000);
    let early = s.submit(&c, 10_000 + 5 * 60_000);
    assert_eq!(early.results, [true, false, true, false]);
    assert_eq!((early.correct, early.total, early.scaled), (2, 4, 550));
    assert!(!early.timed_out);
    assert_eq!(early.duration_ms, 5 * 60_000);
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
    assert!(!s.is_over(10_000 + 8 * 60_000 - 1));
    assert!(s.is_over(10_000 + 8 * 60_000));
    let late = s.submit(&c, 10_000 + 8 * 60_000 + 5_000);
    assert!(late.timed_out);
    assert_eq!(late.duration_ms, 8 * 60_000);
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

#[test]
fn the_formats_are_the_real_exam_and_shorter_sets_at_its_pace() {
    assert_eq!(EXAM_FORMATS[0], 65);
    assert_eq!(exam_limit_ms(65), 130 * 60_000, "SAA-C03: 130 minutes");
    assert_eq!(MS_PER_QUESTION, 2 * 60_000);
    for n in EXAM_FORMATS {
        assert_eq!(exam_limit_ms(n), n as i64 * 2 * 60_000);
        let s = ExamSession::new(vec!["x".to_owned(); n], 0);
        assert_eq!(s.limit_ms, exam_limit_ms(n));
    }
    assert_eq!(DEFAULT_EXAM_SIZE, FULL_EXAM_SIZE);
    assert_eq!(PASS_SCALED_SCORE, 720);
}

#[test]
fn the_quota_is_proportional_within_one_question() {
    let sizes = [11, 12, 13, 11, 12, 11, 10, 11, 11, 11, 12, 11];
    let total: usize = sizes.iter().sum();
    let c = course(&sizes);
    for n in [1, 5, 12, 20, 30, 65, total, 500] {
        for seed in 0..50 {
            let quota = exam_quota(&c, n, seed);
            let n = n.min(total);
            assert_eq!(quota.iter().map(|q| q.1).sum::<usize>(), n);
            for ((_, q), s) in quota.iter().zip(sizes) {
                // |q − n × s / total| < 1
                let exact = n * s;
                assert!(
                    *q * total + total > exact && exact + total > *q * total,
                    "n {n}, size {s}: {q}"
                );
            }
        }
    }
    // Ties on the remainder go by the seed: a 5-question exam of 12 equal
    // lessons covers 5 of them, different ones for different seeds.
    let equal = course(&[10; 12]);
    let covered = |seed| {
        exam_quota(&equal, 5, seed)
            .into_iter()
            .filter(|q| q.1 > 0)
            .map(|q| q.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(covered(1).len(), 5);
    assert!((2..20).any(|seed| covered(seed) != covered(1)));
}

#[test]
fn the_description_says_what_the_draw_does() {
    let c = course(&[11, 12, 13, 11, 12, 11, 10, 11, 11, 11, 12, 11]);
    assert_eq!(
        describe_draw(&c, 65),
        "65 questions from all 12 lessons, in proportion to the size of each lesson's quiz: 5 or 6 from each."
    );
    assert_eq!(
        describe_draw(&c, 12),
        "12 questions from all 12 lessons, in proportion to the size of each lesson's quiz: 1 from each."
    );
    assert_eq!(
        describe_draw(&c, 5),
        "5 questions from 5 of the 12 lessons, in proportion to the size of each lesson's quiz: 1 from each."
    );
    let uneven = course(&[2, 20, 0, 8]);
    assert_eq!(
        describe_draw(&uneven, 15),
        "15 questions from all 3 lessons, in proportion to the size of each lesson's quiz: 1 to 10 from each."
    );
    // What it says holds for every draw.
    for n in [5, 12, 30, 65] {
        for seed in 0..100 {
            let counts = per_lesson(&draw_exam(&c, n, seed));
            let said = describe_draw(&c, n);
            assert!(said.starts_with(&format!("{n} questions")));
            if n >= 12 {
                assert_eq!(counts.len(), 12, "{said}");
            } else {
                assert_eq!(counts.len(), n, "{said}");
            }
        }
    }
}

#[test]
fn the_weakest_lessons_come_first() {
    let c = course(&[3, 3, 3, 3]);
    let ids: Vec<String> = [
        "l1-q1", "l1-q2", "l2-q1", "l2-q2", "l2-q3", "l3-q1", "l4-q1", "l4-q2",
    ]
    .map(String::from)
    .into();
    let mut s = ExamSession::new(ids, 0);
    // l1: 1 of 2; l2: 1 of 3; l3: 1 of 1; l4: 0 of 2.
    for i in [0, 2, 5] {
        s.choose(i, "b", true, true);
    }
    let attempt = s.submit(&c, 1_000);
    let weakest: Vec<(&str, u32, u32)> = attempt
        .weakest(5)
        .into_iter()
        .map(|l| (l.lesson.as_str(), l.correct, l.total))
        .collect();
    assert_eq!(weakest, [("l4", 0, 2), ("l2", 1, 3), ("l1", 1, 2)]);
    assert_eq!(attempt.weakest(1).len(), 1);
    // All right: nothing weak.
    let mut all = ExamSession::new(vec!["l1-q1".into()], 0);
    all.choose(0, "b", true, true);
    assert!(all.submit(&c, 1).weakest(3).is_empty());
}
