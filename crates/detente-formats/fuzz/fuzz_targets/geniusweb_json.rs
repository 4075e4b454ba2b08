//! Fuzzes the GeniusWeb JSON profile reader (with its embedded domain).
#![no_main]

use detente_formats::read_geniusweb_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_geniusweb_str(&String::from_utf8_lossy(data), "p.json");
});
