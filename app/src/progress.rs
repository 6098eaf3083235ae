//! The one owner of the learner's progress in the app (as `sim_state` owns
//! the Sim). It loads `localStorage["stevedore.progress"]` once at start,
//! forgivingly (`stevedore_lessons::study::load_lenient`), saves every
//! change back, and exposes the progress as a signal. Pages record answers,
//! reads, reviews and exams through its methods; nothing else touches the
//! stored copy. A storage failure (quota, storage disabled) never breaks a
//! page: the progress stays in memory and a message says so.

use crate::course::course;
use leptos::prelude::*;
use stevedore_lessons::Question;
use stevedore_lessons::study::{
    ExamAttempt, ExamSession, Progress, Recall, export_json, import_strict, load_lenient,
};

/// The `localStorage` key.
pub const STORAGE_KEY: &str = "stevedore.progress";
/// The `localStorage` key of the practice exam in progress, if any.
pub const EXAM_KEY: &str = "stevedore.exam";

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Today as a day number (days since 1970-01-01) in the learner's time
/// zone, so reviews fall due at local midnight.
pub fn today() -> i64 {
    let date = js_sys::Date::new_0();
    let local = date.get_time() - date.get_timezone_offset() * 60_000.0;
    (local / 86_400_000.0).floor() as i64
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[derive(Clone, Copy)]
pub struct ProgressHandle {
    progress: RwSignal<Progress>,
    /// What loading dropped, shown once until dismissed.
    notice: RwSignal<Vec<String>>,
    /// Set when storage holds progress from a newer version: it was not
    /// loaded, and saving is paused so it is not overwritten until the
    /// learner decides.
    paused: RwSignal<Option<u64>>,
    /// Set when the last save failed.
    storage_error: RwSignal<Option<String>>,
    /// The practice exam in progress (kept across pages and reloads).
    exam: RwSignal<Option<ExamSession>>,
}

impl ProgressHandle {
    /// Loads from storage and starts saving changes.
    pub fn new() -> Self {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let loaded = load_lenient(stored.as_deref(), course());
        let handle = ProgressHandle {
            progress: RwSignal::new(loaded.progress),
            notice: RwSignal::new(loaded.dropped),
            paused: RwSignal::new(loaded.future_version),
            storage_error: RwSignal::new(None),
            exam: RwSignal::new(
                storage()
                    .and_then(|s| s.get_item(EXAM_KEY).ok().flatten())
                    .and_then(|text| ExamSession::from_json(&text)),
            ),
        };
        Effect::new(move |previous: Option<()>| {
            let json = handle.exam.with(|e| e.as_ref().map(ExamSession::to_json));
            if previous.is_none() {
                return;
            }
            if let Some(s) = storage() {
                let _ = match json {
                    Some(json) => s.set_item(EXAM_KEY, &json),
                    None => s.remove_item(EXAM_KEY),
                };
            }
        });
        let had_data = stored.is_some();
        Effect::new(move |previous: Option<()>| {
            let json = handle.progress.with(Progress::to_storage_json);
            // Nothing stored and nothing done yet: nothing to write.
            if previous.is_none() && !had_data {
                return;
            }
            if handle.paused.get().is_some() {
                return;
            }
            handle.save(&json);
        });
        handle
    }

    /// Creates the handle and puts it in context for the pages.
    pub fn provide() -> Self {
        let handle = Self::new();
        provide_context(handle);
        handle
    }

    /// The handle in context, if any (components mounted alone in tests
    /// may have none; they then record nothing).
    pub fn from_context() -> Option<Self> {
        use_context::<Self>()
    }

    fn save(&self, json: &str) {
        let result = storage()
            .ok_or(())
            .and_then(|s| s.set_item(STORAGE_KEY, json).map_err(|_| ()));
        let error = result.err().map(|()| {
            "Your progress could not be saved in this browser (storage is full or turned off). It is kept until you close the page: export it from the Progress page to keep a copy.".to_owned()
        });
        if self.storage_error.get_untracked() != error {
            self.storage_error.set(error);
        }
    }

    /// The practice exam in progress; the exam page reads and writes it.
    pub fn exam_session(&self) -> RwSignal<Option<ExamSession>> {
        self.exam
    }

    pub fn progress(&self) -> ReadSignal<Progress> {
        self.progress.read_only()
    }
    pub fn notice(&self) -> ReadSignal<Vec<String>> {
        self.notice.read_only()
    }
    pub fn dismiss_notice(&self) {
        self.notice.set(Vec::new());
    }
    pub fn paused(&self) -> ReadSignal<Option<u64>> {
        self.paused.read_only()
    }
    pub fn storage_error(&self) -> ReadSignal<Option<String>> {
        self.storage_error.read_only()
    }

    /// The learner chose to start afresh over data from a newer version:
    /// saving resumes (and overwrites it).
    pub fn resume_saving(&self) {
        self.paused.set(None);
    }

    /// Records a quiz answer; returns whether it was right.
    pub fn record_answer(&self, question: &Question, selected: &[String]) -> bool {
        let mut correct = false;
        self.progress.update(|p| {
            correct = p.record_answer(question, selected, now_ms(), today());
        });
        correct
    }

    /// Records a spaced-review answer and reschedules the question.
    pub fn record_review(&self, question: &Question, selected: &[String], if_right: Recall) {
        self.progress.update(|p| {
            p.record_review(question, selected, if_right, now_ms(), today());
        });
    }

    /// Records an answer while practising mistakes
    /// (`Progress::record_practice`); returns whether it was right.
    pub fn record_practice(&self, question: &Question, selected: &[String]) -> bool {
        let mut correct = false;
        self.progress.update(|p| {
            correct = p.record_practice(question, selected, now_ms(), today());
        });
        correct
    }

    /// Records a lab as done (every goal met); nothing changes when it was
    /// already.
    pub fn record_lab_completed(&self, lab_id: &str) {
        if !self.progress.with_untracked(|p| p.lab_completed(lab_id)) {
            self.progress
                .update(|p| _ = p.record_lab_completed(lab_id, now_ms()));
        }
    }

    pub fn mark_read(&self, lesson_id: &str) {
        self.progress.update(|p| p.mark_read(lesson_id, now_ms()));
    }

    /// Keeps a submitted exam, and records its answered questions like quiz
    /// answers (wrong ones join the review schedule).
    pub fn add_exam(&self, attempt: ExamAttempt) {
        let course = course();
        self.progress.update(|p| {
            let (now, day) = (now_ms(), today());
            for (id, answer) in attempt.questions.iter().zip(&attempt.answers) {
                if let (Some((_, q)), false) = (course.question(id), answer.is_empty()) {
                    p.record_answer(q, answer, now, day);
                }
            }
            p.exams.push(attempt);
        });
    }

    /// The full progress as pretty JSON.
    pub fn export(&self) -> String {
        self.progress.with_untracked(|p| export_json(p, now_ms()))
    }

    /// Replaces all progress with an exported file, or changes nothing and
    /// returns why the file was refused. On success, returns the answers
    /// reset because their question changed since the export.
    pub fn import(&self, text: &str) -> Result<Vec<String>, String> {
        let imported = import_strict(text, course()).map_err(|e| e.0)?;
        self.paused.set(None);
        self.progress.set(imported.progress);
        Ok(imported.notes)
    }

    /// Erases all progress.
    pub fn reset(&self) {
        self.paused.set(None);
        self.progress.set(Progress::default());
    }
}

impl Default for ProgressHandle {
    fn default() -> Self {
        Self::new()
    }
}

/// Messages about stored progress, shown at the top of every page: what
/// loading dropped (once), a newer version's data left alone, a failed save.
#[component]
pub fn ProgressNotice() -> impl IntoView {
    let Some(h) = ProgressHandle::from_context() else {
        return ().into_any();
    };
    view! {
        {move || {
            let dropped = h.notice().get();
            (!dropped.is_empty())
                .then(|| {
                    view! {
                        <div class="notice" role="status" data-testid="progress-notice">
                            <p>
                                "Some of your saved progress could not be read and was left out (what could be read was kept):"
                            </p>
                            <ul>{dropped.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                            <button type="button" on:click=move |_| h.dismiss_notice()>"Dismiss"</button>
                        </div>
                    }
                })
        }}
        {move || {
            h.paused()
                .get()
                .map(|v| {
                    view! {
                        <div class="notice warning" role="alert">
                            <p>
                                {format!("Your saved progress was written by a newer version of Stevedore (schema {v}). It was left untouched, and nothing you do here is saved until you choose.")}
                            </p>
                            <button type="button" on:click=move |_| h.resume_saving()>
                                "Start afresh here (replaces the newer data)"
                            </button>
                        </div>
                    }
                })
        }}
        {move || {
            h.storage_error()
                .get()
                .map(|e| view! { <div class="notice warning" role="alert"><p>{e}</p></div> })
        }}
    }
    .into_any()
}
