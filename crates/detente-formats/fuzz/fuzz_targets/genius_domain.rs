//! Fuzzes the GENIUS XML domain reader: arbitrary bytes as the domain, a valid profile beside it.
#![no_main]

use detente_formats::{read_genius_str, EvaluationMode, LoadOptions};
use libfuzzer_sys::fuzz_target;

const PROFILE: &str =
    include_str!("../../../../tests/fixtures/genius-quirks/numeric-evaluators/buyer.xml");

fuzz_target!(|data: &[u8]| {
    let domain = String::from_utf8_lossy(data);
    for evaluation in [EvaluationMode::Genius, EvaluationMode::Raw] {
        let _ = read_genius_str(
            "fuzz",
            ("d.xml", &domain),
            &[("p.xml", PROFILE)],
            &LoadOptions { evaluation },
        );
    }
});
