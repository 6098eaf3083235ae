//! The validated course, as the app uses it.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::markdown::Heading;

/// The whole course: every lesson, sorted by [`Lesson::order`].
///
/// Obtain the embedded course with [`crate::course`], or build one from
/// source files with [`crate::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Course {
    /// Lessons in course order (ascending [`Lesson::order`], which is unique).
    pub lessons: Vec<Lesson>,
    /// Labs in order (ascending [`Lab::order`](crate::Lab::order)).
    pub labs: Vec<crate::labs::Lab>,
}

impl Course {
    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|lesson| lesson.id == id)
    }

    /// The question with this id (ids are unique across the course), with
    /// the lesson whose quiz holds it.
    pub fn question(&self, id: &str) -> Option<(&Lesson, &Question)> {
        self.lessons.iter().find_map(|lesson| {
            lesson
                .quiz
                .as_ref()?
                .questions
                .iter()
                .find(|question| question.id == id)
                .map(|question| (lesson, question))
        })
    }

    /// The lab with this id.
    pub fn lab(&self, id: &str) -> Option<&crate::labs::Lab> {
        self.labs.iter().find(|lab| lab.id == id)
    }

    /// The labs that belong to lesson `id`, in lab order.
    pub fn labs_of(&self, id: &str) -> impl Iterator<Item = &crate::labs::Lab> {
        self.labs
            .iter()
            .filter(move |lab| lab.lessons.iter().any(|l| l.lesson == id))
    }

    /// The lesson after `id` in course order, if any.
    pub fn next(&self, id: &str) -> Option<&Lesson> {
        let index = self.lessons.iter().position(|lesson| lesson.id == id)?;
        self.lessons.get(index + 1)
    }

    /// The lesson before `id` in course order, if any.
    pub fn previous(&self, id: &str) -> Option<&Lesson> {
        let index = self.lessons.iter().position(|lesson| lesson.id == id)?;
        index.checked_sub(1).and_then(|i| self.lessons.get(i))
    }
}

/// One lesson: front matter, rendered body and its quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// Stable slug (`docker`), used in URLs, links (`lesson:docker`) and as
    /// the quiz file name. Never change it once published.
    pub id: String,
    /// Display title (plain text).
    pub title: String,
    /// Position in the course; unique, ascending, starting at 1.
    pub order: u32,
    /// One-sentence summary (plain text) for lesson lists.
    pub summary: String,
    /// Estimated reading time in minutes, if the author gave one.
    pub minutes: Option<u32>,
    /// The rendered body, safe to inject into the page. Its headings carry
    /// the ids listed in [`Lesson::headings`].
    pub html: String,
    /// The body's headings in order (for a table of contents and anchors).
    pub headings: Vec<Heading>,
    /// The lesson's quiz, if `content/quizzes/<id>.toml` exists.
    pub quiz: Option<Quiz>,
}

impl Lesson {
    /// The heading with this anchor id.
    pub fn heading(&self, id: &str) -> Option<&Heading> {
        self.headings.iter().find(|heading| heading.id == id)
    }
}

/// The questions of one lesson, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// At least one question.
    pub questions: Vec<Question>,
}

/// Whether a question has one right answer or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Exactly one option is correct (radio buttons).
    Single,
    /// Multiple response: two or more options are correct and at least one
    /// is wrong (check boxes). The answer is right only if exactly the
    /// correct options are selected.
    Multiple,
}

impl QuestionKind {
    /// The spelling used in quiz files: `single` or `multiple`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One quiz question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id, unique across the whole course (store answers under it).
    pub id: String,
    /// Single choice or multiple response.
    pub kind: QuestionKind,
    /// Anchor id of the lesson heading this question tests (one of the
    /// lesson's [`Lesson::headings`]); link to it with `#<section>`.
    pub section: String,
    /// The rendered prompt (block HTML).
    pub prompt_html: String,
    /// The options in file order (at least two).
    pub options: Vec<Choice>,
}

/// One answer option of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stable id, unique within its question (`a`, `b`, …).
    pub id: String,
    /// The rendered option text. Inline HTML (no `<p>` wrapper) when the
    /// text is a single paragraph, so it can sit inside a `<label>`.
    pub html: String,
    /// Whether this option belongs to the right answer.
    pub correct: bool,
    /// Why this option is right or wrong (block HTML), shown after grading.
    pub explanation_html: String,
}

impl Question {
    /// How many options are correct (1 for single-choice questions); the app
    /// can show "Select TWO" from this.
    pub fn correct_count(&self) -> usize {
        self.options.iter().filter(|choice| choice.correct).count()
    }

    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|choice| choice.id == id)
    }

    /// Grades a selection of option ids. The answer is right only if the set
    /// of selected ids equals the set of correct ids: for multiple-response
    /// questions there is no partial credit, as in the exam. Repeated ids
    /// count once; ids that name no option make the answer wrong and are
    /// listed in [`Grade::unknown`].
    pub fn grade(&self, selected: &[&str]) -> Grade {
        let selected: BTreeSet<&str> = selected.iter().copied().collect();
        let choices: Vec<ChoiceGrade> = self
            .options
            .iter()
            .map(|choice| ChoiceGrade {
                id: choice.id.clone(),
                selected: selected.contains(choice.id.as_str()),
                correct: choice.correct,
                explanation_html: choice.explanation_html.clone(),
            })
            .collect();
        let unknown: Vec<String> = selected
            .iter()
            .filter(|id| self.option(id).is_none())
            .map(|id| (*id).to_owned())
            .collect();
        let correct = unknown.is_empty() && choices.iter().all(ChoiceGrade::agrees);
        Grade {
            correct,
            choices,
            unknown,
        }
    }
}

/// The outcome of [`Question::grade`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// True if exactly the correct options were selected.
    pub correct: bool,
    /// Every option of the question, in question order.
    pub choices: Vec<ChoiceGrade>,
    /// Selected ids that name no option of the question (sorted). Non-empty
    /// means the answer is wrong.
    pub unknown: Vec<String>,
}

impl Grade {
    /// Correct options that were selected.
    pub fn hits(&self) -> usize {
        self.choices
            .iter()
            .filter(|c| c.correct && c.selected)
            .count()
    }

    /// Correct options that were not selected.
    pub fn misses(&self) -> usize {
        self.choices
            .iter()
            .filter(|c| c.correct && !c.selected)
            .count()
    }

    /// Wrong options that were selected.
    pub fn wrong_picks(&self) -> usize {
        self.choices
            .iter()
            .filter(|c| !c.correct && c.selected)
            .count()
    }
}

/// How one option fared in a [`Grade`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceGrade {
    /// The option's id.
    pub id: String,
    /// Whether the learner selected it.
    pub selected: bool,
    /// Whether it is part of the right answer.
    pub correct: bool,
    /// Why it is right or wrong (block HTML).
    pub explanation_html: String,
}

impl ChoiceGrade {
    /// True if the learner treated this option rightly: selected a correct
    /// option or left a wrong one alone.
    pub fn agrees(&self) -> bool {
        self.selected == self.correct
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: &str, correct: bool) -> Choice {
        Choice {
            id: id.into(),
            html: format!("option {id}"),
            correct,
            explanation_html: format!("<p>why {id}</p>\n"),
        }
    }

    fn question(kind: QuestionKind, correct: &[&str]) -> Question {
        Question {
            id: "q".into(),
            kind,
            section: "s".into(),
            prompt_html: "<p>?</p>\n".into(),
            options: ["a", "b", "c", "d"]
                .iter()
                .map(|id| choice(id, correct.contains(id)))
                .collect(),
        }
    }

    fn flags(grade: &Grade) -> Vec<(&str, bool, bool)> {
        grade
            .choices
            .iter()
            .map(|c| (c.id.as_str(), c.selected, c.correct))
            .collect()
    }

    #[test]
    fn single_right_answer() {
        let q = question(QuestionKind::Single, &["b"]);
        let grade = q.grade(&["b"]);
        assert!(grade.correct);
        assert_eq!(
            flags(&grade),
            [
                ("a", false, false),
                ("b", true, true),
                ("c", false, false),
                ("d", false, false)
            ]
        );
        assert_eq!(grade.choices[1].explanation_html, "<p>why b</p>\n");
        assert!(grade.unknown.is_empty());
    }

    #[test]
    fn single_wrong_answer() {
        let q = question(QuestionKind::Single, &["b"]);
        let grade = q.grade(&["c"]);
        assert!(!grade.correct);
        assert_eq!(
            (grade.hits(), grade.misses(), grade.wrong_picks()),
            (0, 1, 1)
        );
        assert!(!grade.choices[2].agrees());
        assert!(grade.choices[0].agrees());
    }

    #[test]
    fn single_with_extra_selection_is_wrong() {
        let q = question(QuestionKind::Single, &["b"]);
        assert!(!q.grade(&["b", "c"]).correct);
    }

    #[test]
    fn empty_selection_is_wrong() {
        let q = question(QuestionKind::Single, &["b"]);
        let grade = q.grade(&[]);
        assert!(!grade.correct);
        assert_eq!(grade.misses(), 1);
    }

    #[test]
    fn multiple_exact_set_is_right_in_any_order() {
        let q = question(QuestionKind::Multiple, &["a", "c"]);
        assert!(q.grade(&["c", "a"]).correct);
        assert!(q.grade(&["a", "c", "a"]).correct, "duplicates count once");
    }

    #[test]
    fn multiple_partially_correct_is_wrong() {
        let q = question(QuestionKind::Multiple, &["a", "c"]);
        let grade = q.grade(&["a"]);
        assert!(!grade.correct);
        assert_eq!(
            (grade.hits(), grade.misses(), grade.wrong_picks()),
            (1, 1, 0)
        );
        assert_eq!(
            flags(&grade),
            [
                ("a", true, true),
                ("b", false, false),
                ("c", false, true),
                ("d", false, false)
            ]
        );
    }

    #[test]
    fn multiple_superset_is_wrong() {
        let q = question(QuestionKind::Multiple, &["a", "c"]);
        let grade = q.grade(&["a", "b", "c"]);
        assert!(!grade.correct);
        assert_eq!(
            (grade.hits(), grade.misses(), grade.wrong_picks()),
            (2, 0, 1)
        );
    }

    #[test]
    fn unknown_option_ids_make_the_answer_wrong() {
        let q = question(QuestionKind::Multiple, &["a", "c"]);
        let grade = q.grade(&["a", "c", "zz", "e"]);
        assert!(!grade.correct);
        assert_eq!(grade.unknown, ["e", "zz"]);
        assert_eq!(grade.hits(), 2);

        let q = question(QuestionKind::Single, &["b"]);
        let grade = q.grade(&["B"]);
        assert!(!grade.correct, "ids are case-sensitive");
        assert_eq!(grade.unknown, ["B"]);
    }

    #[test]
    fn correct_count_and_lookup() {
        let q = question(QuestionKind::Multiple, &["a", "c", "d"]);
        assert_eq!(q.correct_count(), 3);
        assert_eq!(q.option("c").map(|c| c.correct), Some(true));
        assert!(q.option("x").is_none());
        assert_eq!(QuestionKind::Multiple.to_string(), "multiple");
    }

    #[test]
    fn course_navigation() {
        let lesson = |id: &str, order| Lesson {
            id: id.into(),
            title: id.into(),
            order,
            summary: String::new(),
            minutes: None,
            html: String::new(),
            headings: Vec::new(),
            quiz: Some(Quiz {
                questions: vec![Question {
                    id: format!("{id}-q"),
                    ..question(QuestionKind::Single, &["a"])
                }],
            }),
        };
        let course = Course {
            lessons: vec![lesson("one", 1), lesson("two", 2), lesson("three", 3)],
            labs: Vec::new(),
        };
        assert_eq!(course.lesson("two").map(|l| l.order), Some(2));
        assert!(course.lesson("four").is_none());
        assert_eq!(course.next("one").map(|l| l.id.as_str()), Some("two"));
        assert!(course.next("three").is_none());
        assert_eq!(course.previous("two").map(|l| l.id.as_str()), Some("one"));
        assert!(course.previous("one").is_none());
        assert_eq!(
            course
                .question("three-q")
                .map(|(l, q)| (l.id.as_str(), q.id.as_str())),
            Some(("three", "three-q"))
        );
        assert!(course.question("nope").is_none());
    }
}
