pub mod lesson_body;
pub mod quiz;
