pub mod exam;
pub mod home;
pub mod lesson;
pub mod progress;
pub mod review;
pub mod sandbox;
