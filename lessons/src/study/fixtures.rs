//! Small courses for the tests of this module.

use crate::{Choice, Course, Lesson, Question, QuestionKind, Quiz};

pub fn question(id: &str, correct: &[&str]) -> Question {
    Question {
        id: id.into(),
        kind: if correct.len() > 1 {
            QuestionKind::Multiple
        } else {
            QuestionKind::Single
        },
        section: "s".into(),
        prompt_html: format!("<p>{id}?</p>\n"),
        options: ["a", "b", "c", "d"]
            .iter()
            .map(|o| Choice {
                id: (*o).into(),
                html: format!("option {o}"),
                correct: correct.contains(o),
                explanation_html: format!("<p>why {o}</p>\n"),
            })
            .collect(),
    }
}

/// A lab `id` (no steps) that practises lesson `lesson`.
pub fn lab(id: &str, lesson: &str, order: u32) -> crate::Lab {
    crate::Lab {
        id: id.into(),
        title: format!("Lab {id}"),
        order,
        lessons: vec![crate::LessonRef {
            lesson: lesson.into(),
            section: None,
        }],
        minutes: 10,
        difficulty: crate::Difficulty::Beginner,
        intro_html: String::new(),
        start: crate::Script::default(),
        steps: Vec::new(),
        path: format!("content/labs/{order:02}-{id}.toml"),
    }
}

/// Lessons `l1`, `l2`, … with `sizes[i]` questions each (`l1-q1`, …; the
/// right answer is `b`). A size of 0 means no quiz.
pub fn course(sizes: &[usize]) -> Course {
    Course {
        lessons: sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let id = format!("l{}", i + 1);
                Lesson {
                    id: id.clone(),
                    title: format!("Lesson {}", i + 1),
                    order: i as u32 + 1,
                    summary: String::new(),
                    minutes: None,
                    html: String::new(),
                    headings: Vec::new(),
                    quiz: (n > 0).then(|| Quiz {
                        questions: (1..=n)
                            .map(|k| question(&format!("{id}-q{k}"), &["b"]))
                            .collect(),
                    }),
                }
            })
            .collect(),
        labs: Vec::new(),
    }
}
