pub mod answer_review;
pub mod charts;
pub mod cluster_form;
pub mod cost;
pub mod files;
pub mod lb_form;
pub mod lesson_body;
pub mod quiz;
pub mod retry;
pub mod service_form;
pub mod sg_form;
pub mod taskdef_editor;
pub mod time;
pub mod timeline;
pub mod topology;

/// Asks the learner to confirm (`window.confirm`); `false` where the
/// browser cannot ask.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}
