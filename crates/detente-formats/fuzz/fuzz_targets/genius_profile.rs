//! Fuzzes the GENIUS XML profile reader (linear, UNCERTAIN and hyper-rectangle profiles): a valid
//! domain, arbitrary bytes as the profile. The first byte picks the domain.
#![no_main]

use detente_formats::{read_genius_str, EvaluationMode, LoadOptions};
use libfuzzer_sys::fuzz_target;

const DOMAINS: [&str; 3] = [
    include_str!("../../../../tests/fixtures/genius-quirks/numeric-evaluators/deal-domain.xml"),
    include_str!(
        "../../../../tests/fixtures/genius-quirks/hyperrect-comment-first/grid-domain.xml"
    ),
    include_str!("../../../../tests/fixtures/genius-quirks/index-quirks/trip-domain.xml"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let domain = DOMAINS[pick as usize % DOMAINS.len()];
    let profile = String::from_utf8_lossy(rest);
    for evaluation in [EvaluationMode::Genius, EvaluationMode::Raw] {
        let _ = read_genius_str(
            "fuzz",
            ("d.xml", domain),
            &[("p.xml", &profile)],
            &LoadOptions { evaluation },
        );
    }
});
