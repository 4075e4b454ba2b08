//! Helpers shared by the integration tests. Each test target compiles its own copy and uses its
//! own part of them, hence the `dead_code` allowances.

#[allow(dead_code)]
pub mod e2e;
#[allow(dead_code)]
pub mod webdriver;
