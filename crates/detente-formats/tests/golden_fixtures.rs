//! Raw-mode utilities of the generated fixtures (`tests/fixtures/generated/*`, GENIUS XML) equal
//! NegMAS 0.16's, recorded in `tests/golden/negmas/utilities/fixtures/*.json`, to 1e-12.
//!
//! Not gated: the fixtures and golden files live in the repository. While the golden files do not
//! exist yet the test says so and passes; once they exist, every golden file must have its fixture
//! folder and match it.

use std::path::PathBuf;

use detente_formats::{load, EvaluationMode, LoadOptions};

mod common;
use common::{compare_with_golden, golden_dir};

#[test]
fn generated_fixtures_match_negmas() {
    let golden = golden_dir().join("utilities/fixtures");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/generated");
    if !golden.is_dir() {
        eprintln!("skipped: no golden files yet at {}", golden.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no golden files",
        golden.display()
    );
    let mut compared = 0;
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let folder = fixtures.join(&name);
        assert!(
            folder.is_dir(),
            "golden file {} has no fixture folder {}",
            file.display(),
            folder.display()
        );
        let loaded = load(
            &folder,
            &LoadOptions {
                evaluation: EvaluationMode::Raw,
            },
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        compared += compare_with_golden(&name, &loaded, &file);
    }
    eprintln!("compared {compared} utilities with NegMAS");
    assert!(compared > 0);
}
