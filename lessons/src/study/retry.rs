//! "Retry the ones you got wrong": the questions last answered wrongly,
//! each with its options in a seeded shuffled order.

use super::progress::Progress;
use super::rng::{SplitMix64, seed_from};
use crate::{Lesson, Question};

/// A copy of the question with its options shuffled (ids unchanged, so
/// [`Question::grade`] and stored answers still work).
pub fn shuffled_options(question: &Question, seed: u64) -> Question {
    let mut q = question.clone();
    SplitMix64::new(seed).shuffle(&mut q.options);
    q
}

/// The lesson's questions last answered wrongly, in quiz order, each with
/// options shuffled by a seed mixed from `seed` (the app passes the day and
/// the attempt count) and the question's position.
pub fn retry_questions(lesson: &Lesson, progress: &Progress, seed: u64) -> Vec<Question> {
    progress
        .wrong_in(lesson)
        .into_iter()
        .enumerate()
        .map(|(i, q)| shuffled_options(q, seed_from(&[seed, i as u64])))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::study::fixtures::course;

    #[test]
    fn retry_lists_only_last_wrong_with_shuffled_options() {
        let course = course(&[4]);
        let lesson = &course.lessons[0];
        let qs = &lesson.quiz.as_ref().unwrap().questions;
        let mut p = Progress::default();
        let pick = |o: &str| vec![o.to_owned()];
        p.record_answer(&qs[0], &pick("a"), 1, 0); // wrong
        p.record_answer(&qs[1], &pick("b"), 1, 0); // right
        p.record_answer(&qs[2], &pick("c"), 1, 0); // wrong, then right
        p.record_answer(&qs[2], &pick("b"), 2, 0);
        p.record_answer(&qs[3], &pick("d"), 1, 0); // wrong
        let retry = retry_questions(lesson, &p, 42);
        let ids: Vec<&str> = retry.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["l1-q1", "l1-q4"]);
        // Same seed, same order; the options are a permutation.
        assert_eq!(retry, retry_questions(lesson, &p, 42));
        for (shuffled, original) in retry.iter().zip([&qs[0], &qs[3]]) {
            let mut a: Vec<&str> = shuffled.options.iter().map(|o| o.id.as_str()).collect();
            a.sort_unstable();
            assert_eq!(a, ["a", "b", "c", "d"]);
            assert!(shuffled.grade(&["b"]).correct);
            assert_eq!(shuffled.prompt_html, original.prompt_html);
        }
        // Some seed moves the options (a fixed seed could by chance not).
        assert!((0..10).any(|s| {
            retry_questions(lesson, &p, s)[0]
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                != ["a", "b", "c", "d"]
        }));
        assert_ne!(
            retry_questions(lesson, &p, 1),
            retry_questions(lesson, &p, 2)
        );
    }
}
