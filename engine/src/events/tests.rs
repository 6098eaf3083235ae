//! EventBridge rules and targets: unit tests.
