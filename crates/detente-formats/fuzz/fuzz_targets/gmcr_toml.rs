//! Fuzzes the GMCR conflict-model TOML reader (which also builds the model's states, moves
//! and payoffs): no input may make it panic.
#![no_main]

use std::path::Path;

use detente_formats::gmcr::read_conflict_toml_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_conflict_toml_str(Path::new("m.toml"), &String::from_utf8_lossy(data));
});
