//! The fuzz targets' property in the normal test suite: no input, random or a mutated real file,
//! makes a reader panic. (The cargo-fuzz targets in `fuzz/` explore the same entry points longer.)

use detente_formats::{read_genius_str, read_geniusweb_str, read_toml_str, LoadOptions};
use proptest::prelude::*;

const DOMAIN: &str =
    include_str!("../../../tests/fixtures/genius-quirks/numeric-evaluators/deal-domain.xml");
const PROFILE: &str =
    include_str!("../../../tests/fixtures/genius-quirks/numeric-evaluators/buyer.xml");
const HYPER_DOMAIN: &str =
    include_str!("../../../tests/fixtures/genius-quirks/hyperrect-comment-first/grid-domain.xml");
const HYPER: &str =
    include_str!("../../../tests/fixtures/genius-quirks/hyperrect-comment-first/north.xml");
const JSON: &str = include_str!("../../../tests/fixtures/genius-quirks/geniusweb/ann.json");
const TOML: &str = include_str!("../../../examples/holiday.toml");

/// Applies byte edits (overwrite, delete, insert) to a seed text.
fn mutate(seed: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for &(pos, op, byte) in edits {
        if bytes.is_empty() {
            bytes.push(byte);
            continue;
        }
        let at = pos % bytes.len();
        match op % 3 {
            0 => bytes[at] = byte,
            1 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, byte),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)
}

fn genius(domain: &str, profile: &str) {
    for evaluation in [
        detente_formats::EvaluationMode::Genius,
        detente_formats::EvaluationMode::Raw,
    ] {
        let _ = read_genius_str(
            "fuzz",
            ("d.xml", domain),
            &[("p.xml", profile)],
            &LoadOptions { evaluation },
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn genius_domain_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        genius(&String::from_utf8_lossy(&bytes), PROFILE);
    }

    #[test]
    fn genius_domain_mutations(e in edits()) {
        genius(&mutate(DOMAIN, &e), PROFILE);
        genius(&mutate(HYPER_DOMAIN, &e), HYPER);
    }

    #[test]
    fn genius_profile_mutations(e in edits()) {
        genius(DOMAIN, &mutate(PROFILE, &e));
        genius(HYPER_DOMAIN, &mutate(HYPER, &e));
    }

    #[test]
    fn geniusweb_json(bytes in prop::collection::vec(any::<u8>(), 0..256), e in edits()) {
        let _ = read_geniusweb_str(&String::from_utf8_lossy(&bytes), "p.json");
        let _ = read_geniusweb_str(&mutate(JSON, &e), "p.json");
    }

    #[test]
    fn toml(bytes in prop::collection::vec(any::<u8>(), 0..256), e in edits()) {
        let _ = read_toml_str(&String::from_utf8_lossy(&bytes), "t.toml");
        let _ = read_toml_str(&mutate(TOML, &e), "t.toml");
    }
}
