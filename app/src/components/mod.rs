pub mod answer_review;
pub mod cost;
pub mod lesson_body;
pub mod quiz;
pub mod retry;
pub mod time;
pub mod timeline;
pub mod topology;
