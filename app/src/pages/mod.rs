pub mod exam;
pub mod home;
pub mod labs;
pub mod lesson;
pub mod progress;
pub mod review;
pub mod sandbox;
