//! The learner's progress: the model, its versioned JSON, forgiving loading
//! from storage and strict import.
//!
//! **Why two ways in.** Loading from browser storage is *forgiving*: the
//! learner cannot see or fix that copy, and a page that refuses to start is
//! worse than one that keeps every valid part and says what it dropped.
//! Importing a file is *strict*: the learner chose the file and can fix it,
//! and an import replaces all progress, so a half-understood file must not
//! silently replace good data. A bad file is refused with an error naming
//! what is wrong, and nothing changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::exam::ExamAttempt;
use super::hash::content_hash;
use super::srs::{MIN_EASE, Recall, ReviewCard};
use crate::{Course, Lesson, Question};

/// The current schema version of stored and exported progress.
///
/// - 1: the first.
/// - 2: review cards may carry `learning` (the same-day learning step after
///   a wrong answer, [`ReviewCard::learning`]). Schema 1 is read as it is:
///   its cards simply are not in a learning step.
pub const SCHEMA_VERSION: u64 = 2;
/// The oldest schema version this one still reads (and upgrades).
pub const OLDEST_SCHEMA_VERSION: u64 = 1;
/// The `app` field of stored and exported progress.
pub const APP_NAME: &str = "stevedore";

/// When a lesson was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LessonRead {
    /// First opened (ms since the Unix epoch).
    pub first_ms: i64,
    /// Last opened.
    pub last_ms: i64,
}

/// The last answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerRecord {
    /// The question's content hash when answered.
    pub hash: String,
    /// The option ids last selected.
    pub selected: Vec<String>,
    /// Whether that answer was right.
    pub correct: bool,
    /// When (ms since the Unix epoch).
    pub at_ms: i64,
    /// How many times the question was answered (≥ 1).
    pub attempts: u32,
}

/// Everything the learner did, keyed by the stable ids of the course.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Progress {
    /// Lesson id → when read.
    pub lessons: BTreeMap<String, LessonRead>,
    /// Question id → last answer.
    pub answers: BTreeMap<String, AnswerRecord>,
    /// Practice exams, oldest first.
    pub exams: Vec<ExamAttempt>,
    /// Question id → spaced-review schedule.
    pub reviews: BTreeMap<String, ReviewCard>,
    /// Lab id → when every goal of the lab was first met.
    pub labs: BTreeMap<String, LabRecord>,
}

/// A lab done: when every goal of every step was first met at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabRecord {
    pub completed_ms: i64,
}

/// The stored and exported file: the progress with its envelope.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProgressFile {
    app: String,
    schema: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exported_ms: Option<i64>,
    lessons: BTreeMap<String, LessonRead>,
    answers: BTreeMap<String, AnswerRecord>,
    exams: Vec<ExamAttempt>,
    reviews: BTreeMap<String, ReviewCard>,
    labs: BTreeMap<String, LabRecord>,
}

/// One lesson's progress, for lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonProgress {
    pub read: bool,
    /// Questions of the lesson's quiz answered at least once.
    pub answered: usize,
    /// Of those, last answered right.
    pub correct: usize,
    /// Questions in the quiz.
    pub total: usize,
    /// Questions of the quiz due for review on the day asked about.
    pub due: usize,
}

impl LessonProgress {
    /// The quiz went badly: something answered, and fewer than
    /// [`GOOD_SHARE_PERCENT`] of the answers last right.
    pub fn went_badly(&self) -> bool {
        self.answered > 0 && self.correct * 100 < self.answered * GOOD_SHARE_PERCENT
    }
}

/// The share of right answers (in percent) below which a lesson's quiz
/// "went badly" and the next step is to reread it: 70%, about the share
/// the exam's pass mark (720 of 100–1,000) needs.
pub const GOOD_SHARE_PERCENT: usize = 70;

/// What the home page suggests next ([`Progress::next_step`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// The quiz of this lesson went badly: reread it and retry the
    /// questions answered wrongly.
    Reread {
        lesson: String,
        correct: usize,
        answered: usize,
    },
    /// Reviews are due today (how many).
    Review(usize),
    /// This lesson was read (the latest one) but its quiz is not finished:
    /// how many of how many are answered.
    Quiz {
        lesson: String,
        answered: usize,
        total: usize,
    },
    /// A lab that practises the lesson just read, not done yet.
    Lab { lab: String, lesson: String },
    /// The next lesson to read (its id).
    Lesson(String),
    /// Everything read and answered: take a practice exam.
    Exam,
}

/// One rule of [`Progress::next_step`]: the step it suggests, if it applies.
type NextStepRule = fn(&Progress, &Course, i64) -> Option<NextStep>;

/// The rules of [`Progress::next_step`], in order of priority; the first
/// that applies wins.
///
/// Labs join here when they exist: a rule "the lab that practises the
/// lesson just read, if not done" goes between [`quiz_of_lesson_just_read`]
/// and [`next_lesson`], with a `NextStep::Lab` variant.
const NEXT_STEP_RULES: [NextStepRule; 6] = [
    reread_a_lesson_that_went_badly,
    review_what_is_due,
    quiz_of_lesson_just_read,
    lab_of_lesson_just_read,
    next_lesson,
    unanswered_quiz,
];

/// The latest lesson whose quiz went badly (by its latest answer).
fn reread_a_lesson_that_went_badly(p: &Progress, course: &Course, today: i64) -> Option<NextStep> {
    course
        .lessons
        .iter()
        .filter_map(|lesson| {
            let lp = p.lesson_progress(lesson, today);
            lp.went_badly()
                .then(|| (p.last_answer_ms(lesson), lesson, lp))
        })
        // Latest first; on a tie the earlier lesson.
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.order.cmp(&a.1.order)))
        .map(|(_, lesson, lp)| NextStep::Reread {
            lesson: lesson.id.clone(),
            correct: lp.correct,
            answered: lp.answered,
        })
}

fn review_what_is_due(p: &Progress, course: &Course, today: i64) -> Option<NextStep> {
    let due = p.due(course, today).len();
    (due > 0).then_some(NextStep::Review(due))
}

/// The lesson opened last, if its quiz has questions not answered yet.
fn quiz_of_lesson_just_read(p: &Progress, course: &Course, today: i64) -> Option<NextStep> {
    let lesson = p.lesson_just_read(course)?;
    let lp = p.lesson_progress(lesson, today);
    (lp.answered < lp.total).then(|| NextStep::Quiz {
        lesson: lesson.id.clone(),
        answered: lp.answered,
        total: lp.total,
    })
}

/// The first lab (in lab order) that practises the lesson opened last and
/// is not done yet.
fn lab_of_lesson_just_read(p: &Progress, course: &Course, _today: i64) -> Option<NextStep> {
    let lesson = p.lesson_just_read(course)?;
    course
        .labs_of(&lesson.id)
        .find(|lab| !p.lab_completed(&lab.id))
        .map(|lab| NextStep::Lab {
            lab: lab.id.clone(),
            lesson: lesson.id.clone(),
        })
}

/// The first unread lesson after the one just read, else the first unread.
fn next_lesson(p: &Progress, course: &Course, _today: i64) -> Option<NextStep> {
    let unread = |l: &&Lesson| !p.lessons.contains_key(&l.id);
    let after = p
        .lesson_just_read(course)
        .and_then(|just| course.lessons.iter().position(|l| l.id == just.id))
        .map_or(0, |i| i + 1);
    course.lessons[after.min(course.lessons.len())..]
        .iter()
        .find(unread)
        .or_else(|| course.lessons.iter().find(unread))
        .map(|l| NextStep::Lesson(l.id.clone()))
}

/// Everything read: the first lesson with quiz questions never answered.
fn unanswered_quiz(p: &Progress, course: &Course, today: i64) -> Option<NextStep> {
    course.lessons.iter().find_map(|lesson| {
        let lp = p.lesson_progress(lesson, today);
        (lp.answered < lp.total).then(|| NextStep::Quiz {
            lesson: lesson.id.clone(),
            answered: lp.answered,
            total: lp.total,
        })
    })
}

impl Progress {
    /// Serializes the progress as stored in the browser (compact).
    pub fn to_storage_json(&self) -> String {
        serde_json::to_string(&self.file(None)).unwrap_or_default()
    }

    fn file(&self, exported_ms: Option<i64>) -> ProgressFile {
        ProgressFile {
            app: APP_NAME.into(),
            schema: SCHEMA_VERSION,
            exported_ms,
            lessons: self.lessons.clone(),
            answers: self.answers.clone(),
            exams: self.exams.clone(),
            reviews: self.reviews.clone(),
            labs: self.labs.clone(),
        }
    }

    /// Records that a lesson was opened.
    pub fn mark_read(&mut self, lesson_id: &str, now_ms: i64) {
        self.lessons
            .entry(lesson_id.to_owned())
            .and_modify(|r| r.last_ms = now_ms)
            .or_insert(LessonRead {
                first_ms: now_ms,
                last_ms: now_ms,
            });
    }

    /// Records an answer to a quiz question and returns whether it was
    /// right. A wrong answer puts the question on the review schedule in
    /// its learning step, due again today (or lapses it if already there).
    pub fn record_answer(
        &mut self,
        question: &Question,
        selected: &[String],
        now_ms: i64,
        today: i64,
    ) -> bool {
        let refs: Vec<&str> = selected.iter().map(String::as_str).collect();
        let correct = question.grade(&refs).correct;
        let hash = content_hash(question);
        let attempts = self
            .answers
            .get(&question.id)
            .filter(|r| r.hash == hash)
            .map_or(0, |r| r.attempts);
        self.answers.insert(
            question.id.clone(),
            AnswerRecord {
                hash: hash.clone(),
                selected: selected.to_vec(),
                correct,
                at_ms: now_ms,
                attempts: attempts.saturating_add(1),
            },
        );
        if !correct {
            let card = self
                .reviews
                .entry(question.id.clone())
                .or_insert_with(|| ReviewCard::new(hash.clone(), today));
            if card.hash != hash {
                *card = ReviewCard::new(hash, today);
            }
            card.review(Recall::Wrong, today);
        }
        correct
    }

    /// A review of a scheduled (or any) question: records the answer and
    /// moves its schedule. Right answers are rated `Right` or `Hard` by the
    /// learner; a wrong one is always `Wrong`.
    pub fn record_review(
        &mut self,
        question: &Question,
        selected: &[String],
        recall_if_right: Recall,
        now_ms: i64,
        today: i64,
    ) -> bool {
        let refs: Vec<&str> = selected.iter().map(String::as_str).collect();
        let correct = question.grade(&refs).correct;
        if !correct {
            // record_answer lapses the card.
            return self.record_answer(question, selected, now_ms, today);
        }
        self.record_answer(question, selected, now_ms, today);
        let hash = content_hash(question);
        let card = self
            .reviews
            .entry(question.id.clone())
            .or_insert_with(|| ReviewCard::new(hash, today));
        card.review(recall_if_right, today);
        true
    }

    /// Question ids due for review on `today` that still exist in the
    /// course, earliest due first.
    pub fn due(&self, course: &Course, today: i64) -> Vec<String> {
        let mut due: Vec<(&i64, &String)> = self
            .reviews
            .iter()
            .filter(|(id, card)| card.is_due(today) && course.question(id).is_some())
            .map(|(id, card)| (&card.due_day, id))
            .collect();
        due.sort();
        due.into_iter().map(|(_, id)| id.clone()).collect()
    }

    /// The lesson's questions whose last answer was wrong, in quiz order.
    pub fn wrong_in<'a>(&self, lesson: &'a Lesson) -> Vec<&'a Question> {
        lesson.quiz.as_ref().map_or_else(Vec::new, |quiz| {
            quiz.questions
                .iter()
                .filter(|q| self.answers.get(&q.id).is_some_and(|a| !a.correct))
                .collect()
        })
    }

    /// One lesson's progress, with its questions due for review on `today`.
    pub fn lesson_progress(&self, lesson: &Lesson, today: i64) -> LessonProgress {
        let questions = lesson.quiz.as_ref().map_or(&[][..], |q| &q.questions[..]);
        let records: Vec<&AnswerRecord> = questions
            .iter()
            .filter_map(|q| self.answers.get(&q.id))
            .collect();
        LessonProgress {
            read: self.lessons.contains_key(&lesson.id),
            answered: records.len(),
            correct: records.iter().filter(|r| r.correct).count(),
            total: questions.len(),
            due: questions
                .iter()
                .filter(|q| self.reviews.get(&q.id).is_some_and(|c| c.is_due(today)))
                .count(),
        }
    }

    /// The lesson opened most recently, if any.
    pub fn lesson_just_read<'a>(&self, course: &'a Course) -> Option<&'a Lesson> {
        course
            .lessons
            .iter()
            .filter_map(|l| self.lessons.get(&l.id).map(|r| (r.last_ms, l)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.order.cmp(&a.1.order)))
            .map(|(_, l)| l)
    }

    /// When a question of the lesson's quiz was last answered (0: never).
    fn last_answer_ms(&self, lesson: &Lesson) -> i64 {
        lesson
            .quiz
            .iter()
            .flat_map(|q| &q.questions)
            .filter_map(|q| self.answers.get(&q.id).map(|a| a.at_ms))
            .max()
            .unwrap_or(0)
    }

    /// What to do next, following the learner: reread and retry a lesson
    /// whose quiz went badly, then review what is due, then answer the quiz
    /// of the lesson just read, then do its labs, then read the next
    /// lesson, then finish any quiz left, then take a practice exam, in
    /// that order of rules.
    pub fn next_step(&self, course: &Course, today: i64) -> NextStep {
        NEXT_STEP_RULES
            .iter()
            .find_map(|rule| rule(self, course, today))
            .unwrap_or(NextStep::Exam)
    }

    /// Records lab `id` as done at `now_ms`; the first completion stays
    /// (doing a lab again does not move its date). `false` when it was
    /// already recorded.
    pub fn record_lab_completed(&mut self, id: &str, now_ms: i64) -> bool {
        if self.labs.contains_key(id) {
            return false;
        }
        self.labs.insert(
            id.to_owned(),
            LabRecord {
                completed_ms: now_ms,
            },
        );
        true
    }

    /// Whether lab `id` was done.
    pub fn lab_completed(&self, id: &str) -> bool {
        self.labs.contains_key(id)
    }

    /// How many of the course's labs were done (labs no longer in the
    /// course do not count).
    pub fn labs_completed(&self, course: &Course) -> usize {
        course
            .labs
            .iter()
            .filter(|lab| self.lab_completed(&lab.id))
            .count()
    }

    /// The questions whose last answer was wrong, in course order: what
    /// "practise my mistakes" asks, whether due or not.
    pub fn mistakes(&self, course: &Course) -> Vec<String> {
        course
            .lessons
            .iter()
            .flat_map(|l| l.quiz.iter().flat_map(|q| &q.questions))
            .filter(|q| self.answers.get(&q.id).is_some_and(|a| !a.correct))
            .map(|q| q.id.clone())
            .collect()
    }

    /// An answer while practising mistakes: recorded like a quiz answer (a
    /// wrong one keeps or puts the question in today's learning step). A
    /// right answer to a question due today counts as its review (rated
    /// `Right`), so it leaves today's list; one not due yet keeps its
    /// schedule, as practising early should.
    pub fn record_practice(
        &mut self,
        question: &Question,
        selected: &[String],
        now_ms: i64,
        today: i64,
    ) -> bool {
        let due = self
            .reviews
            .get(&question.id)
            .is_some_and(|c| c.is_due(today) && c.hash == content_hash(question));
        if due {
            self.record_review(question, selected, Recall::Right, now_ms, today)
        } else {
            self.record_answer(question, selected, now_ms, today)
        }
    }

    /// Drops what no longer fits the course: lessons and questions that are
    /// gone, and answers and schedules whose question changed (its content
    /// hash differs). Returns one line per thing dropped.
    pub fn reconcile(&mut self, course: &Course) -> Vec<String> {
        let mut notes = Vec::new();
        self.lessons.retain(|id, _| {
            let keep = course.lesson(id).is_some();
            if !keep {
                notes.push(format!("lesson '{id}' is no longer in the course"));
            }
            keep
        });
        let mut changed = Vec::new();
        self.answers.retain(|id, record| match course.question(id) {
            None => {
                notes.push(format!("question '{id}' is no longer in the course"));
                false
            }
            Some((_, q)) if content_hash(q) != record.hash => {
                changed.push(id.clone());
                false
            }
            Some(_) => true,
        });
        self.reviews.retain(|id, card| match course.question(id) {
            None => {
                notes.push(format!(
                    "the review of question '{id}' (no longer in the course)"
                ));
                false
            }
            Some((_, q)) if content_hash(q) != card.hash => {
                if !changed.contains(id) {
                    changed.push(id.clone());
                }
                false
            }
            Some(_) => true,
        });
        changed.sort();
        for id in changed {
            notes.push(format!(
                "question '{id}' changed since you answered it, so its answer and review were reset"
            ));
        }
        notes
    }
}

// ---- forgiving load ------------------------------------------------------

/// The result of [`load_lenient`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loaded {
    /// Every valid part that was stored.
    pub progress: Progress,
    /// What was dropped, one plain sentence each (shown once to the learner).
    pub dropped: Vec<String>,
    /// Set when the stored data comes from a newer version of the app:
    /// nothing was kept, and the stored copy must not be overwritten until
    /// the learner decides.
    pub future_version: Option<u64>,
}

/// Loads stored progress, keeping every valid part. `None` (nothing stored)
/// gives empty progress with nothing to report.
pub fn load_lenient(text: Option<&str>, course: &Course) -> Loaded {
    let mut loaded = Loaded::default();
    let Some(text) = text else {
        return loaded;
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            loaded.dropped.push(format!(
                "the saved progress is not readable JSON ({e}); starting afresh"
            ));
            return loaded;
        }
    };
    let Value::Object(mut object) = value else {
        loaded
            .dropped
            .push("the saved progress is not a JSON object; starting afresh".into());
        return loaded;
    };
    match object.remove("app") {
        Some(Value::String(app)) if app == APP_NAME => {}
        None => loaded
            .dropped
            .push("the saved progress does not say which app wrote it".into()),
        Some(other) => {
            loaded.dropped.push(format!(
                "the saved data belongs to another app ({other}); starting afresh"
            ));
            return loaded;
        }
    }
    match object.remove("schema") {
        // Older versions are read as they are: each added only optional
        // fields (see SCHEMA_VERSION).
        Some(Value::Number(n))
            if n
                .as_u64()
                .is_some_and(|v| (OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&v)) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > SCHEMA_VERSION) => {
            let v = n.as_u64().unwrap_or_default();
            loaded.future_version = Some(v);
            loaded.dropped.push(format!(
                "the saved progress was written by a newer version of Stevedore (schema {v}; this one reads {SCHEMA_VERSION}); it was not loaded and is kept as it is"
            ));
            return loaded;
        }
        // Version 0 never existed: anything else without a usable version is
        // read as the current schema, field by field.
        other => loaded.dropped.push(format!(
            "the saved progress has no usable schema version ({}); read what matches version {SCHEMA_VERSION}",
            other.map_or_else(|| "missing".to_owned(), |v| v.to_string())
        )),
    }
    object.remove("exportedMs");

    let p = &mut loaded.progress;
    let d = &mut loaded.dropped;
    p.lessons = map_field(&mut object, "lessons", "lesson", d);
    p.answers = map_field(&mut object, "answers", "answer to", d);
    p.reviews = map_field(&mut object, "reviews", "review of", d);
    p.labs = map_field(&mut object, "labs", "lab", d);
    p.exams = match object.remove("exams") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                match serde_json::from_value::<ExamAttempt>(item)
                    .map_err(|e| e.to_string())
                    .and_then(|a| a.check().map(|()| a))
                {
                    Ok(a) => Some(a),
                    Err(e) => {
                        d.push(format!("practice exam #{} ({e})", i + 1));
                        None
                    }
                }
            })
            .collect(),
        Some(_) => {
            d.push("the practice exams (not a list)".into());
            Vec::new()
        }
    };
    for key in object.keys() {
        d.push(format!("an unknown part '{key}'"));
    }
    p.reviews.retain(|id, card| {
        let ok = card.ease >= MIN_EASE;
        if !ok {
            d.push(format!("the review of '{id}' (ease below 1.3)"));
        }
        ok
    });
    let notes = p.reconcile(course);
    d.extend(notes);
    loaded
}

fn map_field<T: serde::de::DeserializeOwned>(
    object: &mut Map<String, Value>,
    key: &str,
    what: &str,
    dropped: &mut Vec<String>,
) -> BTreeMap<String, T> {
    match object.remove(key) {
        None => BTreeMap::new(),
        Some(Value::Object(items)) => items
            .into_iter()
            .filter_map(|(id, item)| match serde_json::from_value::<T>(item) {
                Ok(v) => Some((id, v)),
                Err(e) => {
                    dropped.push(format!("the {what} '{id}' ({e})"));
                    None
                }
            })
            .collect(),
        Some(_) => {
            dropped.push(format!("'{key}' (not an object)"));
            BTreeMap::new()
        }
    }
}

// ---- export and strict import ---------------------------------------------

/// The full progress as pretty JSON, with the app name, schema version and
/// export time.
pub fn export_json(progress: &Progress, now_ms: i64) -> String {
    serde_json::to_string_pretty(&progress.file(Some(now_ms))).unwrap_or_default()
}

/// Why an import was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An accepted import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub progress: Progress,
    /// Answers reset because their question changed since the export.
    pub notes: Vec<String>,
}

/// Reads an exported file strictly: every field known and well-typed, the
/// right app and schema, ids that exist in the course, option ids that
/// exist in their question, consistent exam records. The first problem is
/// returned as an error naming it; the caller then changes nothing.
/// Answers to questions whose content changed since the export are not an
/// error: they are reset, and listed in [`Imported::notes`].
pub fn import_strict(text: &str, course: &Course) -> Result<Imported, ImportError> {
    let err = |m: String| Err(ImportError(m));
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ImportError(format!("the file is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return err("the file is not a Stevedore progress file: it is not a JSON object".into());
    };
    match object.get("app") {
        Some(Value::String(app)) if app == APP_NAME => {}
        Some(other) => {
            return err(format!(
                "the file is not a Stevedore progress file: its app is {other}, not \"{APP_NAME}\""
            ));
        }
        None => {
            return err(
                "the file is not a Stevedore progress file: it has no \"app\" field".into(),
            );
        }
    }
    match object.get("schema").and_then(Value::as_u64) {
        Some(v) if (OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&v) => {}
        Some(v) if v > SCHEMA_VERSION => {
            return err(format!(
                "the file was exported by a newer version of Stevedore (schema {v}); this version reads schema {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}"
            ));
        }
        _ => {
            return err(format!(
                "the file's \"schema\" must be a number from {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}"
            ));
        }
    }
    let file: ProgressFile = serde_json::from_value(value)
        .map_err(|e| ImportError(format!("the file does not match the progress format: {e}")))?;

    for id in file.lessons.keys() {
        if course.lesson(id).is_none() {
            return err(format!("lessons: there is no lesson '{id}' in this course"));
        }
    }
    for (id, record) in &file.answers {
        let Some((_, q)) = course.question(id) else {
            return err(format!(
                "answers: there is no question '{id}' in this course"
            ));
        };
        if record.attempts == 0 {
            return err(format!("answers.{id}: attempts must be at least 1"));
        }
        if record.hash == content_hash(q) {
            if let Some(bad) = record.selected.iter().find(|o| q.option(o).is_none()) {
                return err(format!(
                    "answers.{id}: question '{id}' has no option '{bad}'"
                ));
            }
            if q.grade(
                &record
                    .selected
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            )
            .correct
                != record.correct
            {
                return err(format!(
                    "answers.{id}: \"correct\" does not match the selected options"
                ));
            }
        }
    }
    for (id, card) in &file.reviews {
        if course.question(id).is_none() {
            return err(format!(
                "reviews: there is no question '{id}' in this course"
            ));
        }
        if card.ease < MIN_EASE {
            return err(format!(
                "reviews.{id}: ease {} is below the minimum 1300",
                card.ease
            ));
        }
    }
    for (i, exam) in file.exams.iter().enumerate() {
        exam.check()
            .map_err(|e| ImportError(format!("exams[{i}]: {e}")))?;
    }
    let mut progress = Progress {
        lessons: file.lessons,
        answers: file.answers,
        exams: file.exams,
        reviews: file.reviews,
        labs: file.labs,
    };
    let notes = progress.reconcile(course);
    Ok(Imported { progress, notes })
}

#[cfg(test)]
mod tests;
