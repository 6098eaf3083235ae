//! Practice exams: a seeded draw across the course, a time limit computed
//! from a start time passed in, answers kept without feedback until
//! submitted, all-or-nothing scoring per question as in the exam, and a
//! scaled score.
//!
//! The real exam reports a scaled score from 100 to 1,000 and passes at 720;
//! AWS does not publish the scaling, so [`scaled_score`] maps the share of
//! right answers linearly onto 100–1,000 and the app calls it an estimate.

use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;
use crate::Course;

/// Default number of questions in a practice exam.
pub const DEFAULT_EXAM_SIZE: usize = 30;
/// The time limit: 60 minutes.
pub const EXAM_LIMIT_MS: i64 = 60 * 60 * 1000;
/// The passing scaled score of SAA-C03.
pub const PASS_SCALED_SCORE: u32 = 720;

/// One lesson's share of an exam result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LessonScore {
    pub lesson: String,
    pub correct: u32,
    pub total: u32,
}

/// A submitted practice exam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExamAttempt {
    /// Started (ms since the Unix epoch).
    pub started_ms: i64,
    /// Submitted.
    pub submitted_ms: i64,
    /// Time taken, at most the limit.
    pub duration_ms: i64,
    /// True when time ran out and the exam submitted itself.
    pub timed_out: bool,
    /// Question ids in the order shown.
    pub questions: Vec<String>,
    /// The option ids selected for each question (empty: unanswered).
    pub answers: Vec<Vec<String>>,
    /// Whether each answer was right, as graded when submitted.
    pub results: Vec<bool>,
    /// Right answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// Scaled score, 100–1000.
    pub scaled: u32,
    /// Per lesson, in course order.
    pub by_lesson: Vec<LessonScore>,
}

impl ExamAttempt {
    /// Whether the scaled score reaches the pass mark.
    pub fn passed(&self) -> bool {
        self.scaled >= PASS_SCALED_SCORE
    }

    /// Checks the record is self-consistent (lengths, counts, score range).
    pub fn check(&self) -> Result<(), String> {
        let n = self.questions.len();
        if self.answers.len() != n || self.results.len() != n {
            return Err(format!(
                "{n} questions but {} answers and {} results",
                self.answers.len(),
                self.results.len()
            ));
        }
        if self.total as usize != n {
            return Err(format!("total {} but {n} questions", self.total));
        }
        let right = self.results.iter().filter(|r| **r).count();
        if self.correct as usize != right {
            return Err(format!(
                "correct {} but {right} right results",
                self.correct
            ));
        }
        if self.scaled != scaled_score(self.correct, self.total) {
            return Err(format!(
                "scaled score {} does not match {}/{}",
                self.scaled, self.correct, self.total
            ));
        }
        let sum: u32 = self.by_lesson.iter().map(|l| l.total).sum();
        if sum != self.total || self.by_lesson.iter().any(|l| l.correct > l.total) {
            return Err("the per-lesson breakdown does not add up".into());
        }
        Ok(())
    }
}

/// Draws `n` question ids across the course with a seeded generator:
/// proportionally to each lesson's quiz size (largest remainder), at least
/// one per lesson when `n` allows, never more than a lesson has; then
/// shuffled. Fewer than `n` if the course has fewer questions.
pub fn draw_exam(course: &Course, n: usize, seed: u64) -> Vec<String> {
    let mut rng = SplitMix64::new(seed);
    let pools: Vec<Vec<&str>> = course
        .lessons
        .iter()
        .filter_map(|l| l.quiz.as_ref())
        .map(|q| {
            q.questions
                .iter()
                .map(|q| q.id.as_str())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let sizes: Vec<usize> = pools.iter().map(Vec::len).collect();
    let available: usize = sizes.iter().sum();
    let n = n.min(available);
    let mut quota = vec![0usize; pools.len()];
    if n < pools.len() {
        // Not enough for one each: n lessons chosen at random.
        let mut order: Vec<usize> = (0..pools.len()).collect();
        rng.shuffle(&mut order);
        for &i in order.iter().take(n) {
            quota[i] = 1;
        }
    } else {
        quota.iter_mut().for_each(|q| *q = 1);
        let mut left = n - pools.len();
        // Largest remainder on the rest, capped at each pool's size.
        while left > 0 {
            let room: usize = sizes.iter().zip(&quota).map(|(s, q)| s - q).sum();
            if room == 0 {
                break;
            }
            let share: Vec<(usize, usize, usize)> = sizes
                .iter()
                .zip(&quota)
                .enumerate()
                .map(|(i, (s, q))| {
                    let free = s - q;
                    (i, free * left / room, free * left % room)
                })
                .collect();
            let whole: usize = share.iter().map(|s| s.1).sum();
            if whole > 0 {
                for (i, w, _) in &share {
                    quota[*i] += w;
                }
                left -= whole;
            } else {
                let mut by_rest = share.clone();
                by_rest.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
                let chosen: Vec<usize> = by_rest
                    .into_iter()
                    .filter(|s| sizes[s.0] > quota[s.0])
                    .take(left)
                    .map(|s| s.0)
                    .collect();
                for i in chosen {
                    quota[i] += 1;
                    left -= 1;
                }
            }
        }
    }
    let mut drawn: Vec<String> = Vec::with_capacity(n);
    for (pool, q) in pools.iter().zip(&quota) {
        let mut pool = pool.clone();
        rng.shuffle(&mut pool);
        drawn.extend(pool.into_iter().take(*q).map(str::to_owned));
    }
    rng.shuffle(&mut drawn);
    drawn
}

/// Time left, never negative.
pub fn time_left_ms(started_ms: i64, now_ms: i64, limit_ms: i64) -> i64 {
    (started_ms + limit_ms - now_ms).clamp(0, limit_ms)
}

/// The share of right answers mapped linearly onto 100–1000 (rounded).
pub fn scaled_score(correct: u32, total: u32) -> u32 {
    if total == 0 {
        return 100;
    }
    let correct = u64::from(correct.min(total));
    let total = u64::from(total);
    100 + ((900 * correct + total / 2) / total) as u32
}

/// An exam in progress: the questions, the answers so far, the clock. The
/// app keeps it in storage, so a reload resumes it (the clock keeps running
/// from `started_ms`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExamSession {
    pub questions: Vec<String>,
    pub answers: Vec<Vec<String>>,
    pub started_ms: i64,
    pub limit_ms: i64,
}

impl ExamSession {
    pub fn new(questions: Vec<String>, started_ms: i64) -> Self {
        let n = questions.len();
        ExamSession {
            questions,
            answers: vec![Vec::new(); n],
            started_ms,
            limit_ms: EXAM_LIMIT_MS,
        }
    }

    /// Sets or clears one option of question `index`; `single` questions
    /// keep only the last option chosen.
    pub fn choose(&mut self, index: usize, option: &str, on: bool, single: bool) {
        let Some(answer) = self.answers.get_mut(index) else {
            return;
        };
        if single {
            answer.clear();
        }
        answer.retain(|o| o != option);
        if on {
            answer.push(option.to_owned());
        }
    }

    /// Serialized for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored session; `None` if it is unreadable or inconsistent
    /// (then the exam is simply not resumed).
    pub fn from_json(text: &str) -> Option<Self> {
        let s: ExamSession = serde_json::from_str(text).ok()?;
        (s.answers.len() == s.questions.len() && !s.questions.is_empty() && s.limit_ms > 0)
            .then_some(s)
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| !a.is_empty()).count()
    }

    pub fn time_left_ms(&self, now_ms: i64) -> i64 {
        time_left_ms(self.started_ms, now_ms, self.limit_ms)
    }

    pub fn is_over(&self, now_ms: i64) -> bool {
        self.time_left_ms(now_ms) == 0
    }

    /// Grades every answer (all-or-nothing per question; a question no
    /// longer in the course counts as wrong) and builds the attempt.
    pub fn submit(&self, course: &Course, now_ms: i64) -> ExamAttempt {
        let results: Vec<bool> = self
            .questions
            .iter()
            .zip(&self.answers)
            .map(|(id, answer)| {
                course.question(id).is_some_and(|(_, q)| {
                    !answer.is_empty()
                        && q.grade(&answer.iter().map(String::as_str).collect::<Vec<_>>())
                            .correct
                })
            })
            .collect();
        let mut by_lesson: Vec<LessonScore> = Vec::new();
        for lesson in &course.lessons {
            let mut score = LessonScore {
                lesson: lesson.id.clone(),
                correct: 0,
                total: 0,
            };
            for (id, right) in self.questions.iter().zip(&results) {
                if course.question(id).is_some_and(|(l, _)| l.id == lesson.id) {
                    score.total += 1;
                    score.correct += u32::from(*right);
                }
            }
            if score.total > 0 {
                by_lesson.push(score);
            }
        }
        let orphans = self
            .questions
            .iter()
            .filter(|id| course.question(id).is_none())
            .count() as u32;
        if orphans > 0 {
            by_lesson.push(LessonScore {
                lesson: String::new(),
                correct: 0,
                total: orphans,
            });
        }
        let correct = results.iter().filter(|r| **r).count() as u32;
        let total = self.questions.len() as u32;
        let timed_out = self.is_over(now_ms);
        ExamAttempt {
            started_ms: self.started_ms,
            submitted_ms: now_ms,
            duration_ms: (now_ms - self.started_ms).clamp(0, self.limit_ms),
            timed_out,
            questions: self.questions.clone(),
            answers: self.answers.clone(),
            results,
            correct,
            total,
            scaled: scaled_score(correct, total),
            by_lesson,
        }
    }
}

#[cfg(test)]
mod tests;
