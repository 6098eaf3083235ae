//! Practice exams: a seeded draw across the course, a time limit computed
//! from a start time passed in, answers kept without feedback until
//! submitted, all-or-nothing scoring per question as in the exam, and a
//! scaled score.
//!
//! The real SAA-C03 exam has 65 questions in 130 minutes, reports a scaled
//! score from 100 to 1,000 and passes at 720. [`EXAM_FORMATS`] offers that
//! format and shorter timed sets with the same pace (two minutes per
//! question). AWS does not publish the scaling, so [`scaled_score`] maps the
//! share of right answers linearly onto 100–1,000 and the app calls it an
//! estimate.

use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;
use crate::Course;

/// Questions in the real exam (SAA-C03: 65, of which 15 unscored; here all
/// count).
pub const FULL_EXAM_SIZE: usize = 65;
/// The real exam's time: 130 minutes.
pub const FULL_EXAM_LIMIT_MS: i64 = 130 * 60 * 1000;
/// Time per question, the real exam's pace: 130 minutes / 65 = 2 minutes.
pub const MS_PER_QUESTION: i64 = FULL_EXAM_LIMIT_MS / FULL_EXAM_SIZE as i64;
/// The sizes offered: the full exam first, then shorter timed sets. The
/// smallest has one question per lesson of the course.
pub const EXAM_FORMATS: [usize; 4] = [FULL_EXAM_SIZE, 30, 20, 12];
/// Default number of questions in a practice exam: the real exam's.
pub const DEFAULT_EXAM_SIZE: usize = FULL_EXAM_SIZE;
/// The passing scaled score of SAA-C03.
pub const PASS_SCALED_SCORE: u32 = 720;

/// The time limit of an exam of `questions` questions, at the real exam's
/// pace ([`MS_PER_QUESTION`]): 65 → 130 minutes, 20 → 40 minutes.
pub fn exam_limit_ms(questions: usize) -> i64 {
    MS_PER_QUESTION.saturating_mul(questions as i64)
}

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

    /// The lessons to study first: those with a wrong answer, the lowest
    /// share right first (then the most questions missed, then course
    /// order), at most `n`. Questions no longer in the course are left out.
    pub fn weakest(&self, n: usize) -> Vec<&LessonScore> {
        let mut weak: Vec<(usize, &LessonScore)> = self
            .by_lesson
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.lesson.is_empty() && l.correct < l.total)
            .collect();
        weak.sort_by(|(ia, a), (ib, b)| {
            // a.correct / a.total < b.correct / b.total, without division.
            (u64::from(a.correct) * u64::from(b.total))
                .cmp(&(u64::from(b.correct) * u64::from(a.total)))
                .then((b.total - b.correct).cmp(&(a.total - a.correct)))
                .then(ia.cmp(ib))
        });
        weak.into_iter().take(n).map(|(_, l)| l).collect()
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

/// How many questions each lesson gives to an exam of `n`: in proportion
/// to the size of each lesson's quiz, by largest remainder (Hamilton's
/// method); lessons tied on the remainder are chosen by the seed, so a
/// small exam favours no lesson. Never more than a lesson has; `n` is
/// capped at the course's questions. Lessons without questions get 0.
/// `(lesson id, count)` in course order.
pub fn exam_quota(course: &Course, n: usize, seed: u64) -> Vec<(String, usize)> {
    let sizes: Vec<usize> = course
        .lessons
        .iter()
        .map(|l| l.quiz.as_ref().map_or(0, |q| q.questions.len()))
        .collect();
    let available: usize = sizes.iter().sum();
    let n = n.min(available);
    let mut quota: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut remainders: Vec<(usize, usize)> = Vec::new();
    for (i, &s) in sizes.iter().enumerate() {
        // n ≤ available, so n × s / available ≤ s.
        quota.push(n * s / available.max(1));
        if s > 0 {
            remainders.push((n * s % available.max(1), i));
        }
    }
    // The seats left over go to the largest remainders; ties in seeded order.
    let mut order: Vec<usize> = (0..remainders.len()).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let mut ranked: Vec<(usize, usize, usize)> = order
        .into_iter()
        .enumerate()
        .map(|(rank, k)| (remainders[k].0, rank, remainders[k].1))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = n - quota.iter().sum::<usize>();
    for (_, _, i) in ranked.into_iter().take(left) {
        quota[i] += 1;
    }
    course
        .lessons
        .iter()
        .zip(quota)
        .map(|(l, q)| (l.id.clone(), q))
        .collect()
}

/// Draws `n` question ids across the course with a seeded generator: each
/// lesson gives its [`exam_quota`], picked at random from its quiz; then
/// the whole exam is shuffled. Fewer than `n` if the course has fewer
/// questions.
pub fn draw_exam(course: &Course, n: usize, seed: u64) -> Vec<String> {
    let mut rng = SplitMix64::new(seed);
    let quota = exam_quota(course, n, rng.next_u64());
    let mut drawn: Vec<String> = Vec::with_capacity(n);
    for (lesson, (_, q)) in course.lessons.iter().zip(&quota) {
        let Some(quiz) = &lesson.quiz else { continue };
        let mut pool: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
        rng.shuffle(&mut pool);
        drawn.extend(pool.into_iter().take(*q).map(str::to_owned));
    }
    rng.shuffle(&mut drawn);
    drawn
}

/// What an exam of `n` questions draws, in one sentence for the start
/// screen, from the same rule as [`exam_quota`]: how many lessons it covers
/// and how many questions each gives.
pub fn describe_draw(course: &Course, n: usize) -> String {
    let with_quiz = course
        .lessons
        .iter()
        .filter(|l| l.quiz.as_ref().is_some_and(|q| !q.questions.is_empty()))
        .count();
    let available: usize = course
        .lessons
        .iter()
        .map(|l| l.quiz.as_ref().map_or(0, |q| q.questions.len()))
        .sum();
    let n = n.min(available);
    // The counts do not depend on the seed except for ties; any seed shows
    // the range.
    let counts: Vec<usize> = exam_quota(course, n, 0)
        .into_iter()
        .map(|(_, c)| c)
        .filter(|&c| c > 0)
        .collect();
    let (lo, hi) = (
        counts.iter().copied().min().unwrap_or(0),
        counts.iter().copied().max().unwrap_or(0),
    );
    let each = if lo == hi {
        format!("{lo}")
    } else if hi == lo + 1 {
        format!("{lo} or {hi}")
    } else {
        format!("{lo} to {hi}")
    };
    let lessons = if counts.len() == with_quiz {
        format!("all {with_quiz} lessons")
    } else {
        format!("{} of the {with_quiz} lessons", counts.len())
    };
    format!(
        "{n} questions from {lessons}, in proportion to the size of each lesson's quiz: {each} from each."
    )
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
    /// A new exam, timed at the real exam's pace ([`exam_limit_ms`]).
    pub fn new(questions: Vec<String>, started_ms: i64) -> Self {
        let n = questions.len();
        ExamSession {
            questions,
            answers: vec![Vec::new(); n],
            started_ms,
            limit_ms: exam_limit_ms(n),
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
