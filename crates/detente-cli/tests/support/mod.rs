//! Helpers shared by the integration tests.

#[allow(dead_code)] // each test target uses its own part
pub mod e2e;
pub mod webdriver;
