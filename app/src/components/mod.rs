pub mod answer_review;
pub mod lesson_body;
pub mod quiz;
pub mod retry;
