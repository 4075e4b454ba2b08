//! Fuzzes the detente TOML reader, and checks that whatever it accepts survives write → read.
#![no_main]

use detente_formats::{read_toml_str, write_toml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = read_toml_str(&String::from_utf8_lossy(data), "t.toml") {
        let text = write_toml(&loaded.scenario);
        let back = read_toml_str(&text, "written.toml").expect("written TOML reads back");
        assert_eq!(back.scenario, loaded.scenario);
    }
});
