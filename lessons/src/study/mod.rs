//! Study progress as pure logic: what the learner read and answered, their
//! practice exams and spaced review, stored as versioned JSON.
//!
//! No web, storage or clock here: times and days come in as arguments
//! (milliseconds since the Unix epoch, and day numbers), randomness comes
//! from a seed. The app (`app/src/progress.rs`) owns the state in the
//! browser and calls these functions; everything here is tested natively.
//!
//! - [`progress`]: the [`Progress`] model, forgiving loading from storage
//!   ([`load_lenient`]), strict import ([`import_strict`]) and [`export_json`].
//! - [`srs`]: SM-2 spaced repetition, after a same-day learning step.
//! - [`exam`]: practice exams (draw, timing, scoring, scaled score).
//! - [`retry`]: the questions last answered wrongly, options shuffled.
//! - [`hash`]: FNV-1a 64 and the content hash of a question.
//! - [`rng`]: SplitMix64, a tiny seeded generator, and a shuffle.

pub mod exam;
pub mod hash;
pub mod progress;
pub mod retry;
pub mod rng;
pub mod srs;

pub use exam::{
    DEFAULT_EXAM_SIZE, EXAM_FORMATS, ExamAttempt, ExamSession, FULL_EXAM_LIMIT_MS, FULL_EXAM_SIZE,
    LessonScore, MS_PER_QUESTION, PASS_SCALED_SCORE, describe_draw, draw_exam, exam_limit_ms,
    exam_quota, scaled_score, time_left_ms,
};
pub use hash::{content_hash, fnv1a64};
pub use progress::{
    APP_NAME, AnswerRecord, GOOD_SHARE_PERCENT, ImportError, Imported, LabRecord, LessonProgress,
    LessonRead, Loaded, NextStep, OLDEST_SCHEMA_VERSION, Progress, SCHEMA_VERSION, export_json,
    import_strict, load_lenient,
};
pub use retry::{retry_questions, shuffled_options};
pub use rng::SplitMix64;
pub use srs::{Recall, ReviewCard};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

#[cfg(test)]
pub(crate) mod fixtures;
