//! Fuzzes the GMCR+ `.gmcr` save-file reader (which also builds the model's states, moves
//! and payoffs): no input may make it panic.
#![no_main]

use std::path::Path;

use detente_formats::gmcr::read_gmcr_plus_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_gmcr_plus_str(Path::new("m.gmcr"), &String::from_utf8_lossy(data));
});
