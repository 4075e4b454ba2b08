//! NegMAS agreement on the shared corpus. Needs `DETENTE_CORPUS` (the folder holding `domains/`
//! and `domains-geniusweb/`); skipped, saying so, when it is unset.

use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let path = std::env::var_os("DETENTE_CORPUS")?;
    Some(PathBuf::from(path))
}

#[test]
fn agrees_with_negmas_on_the_shared_corpus() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: set DETENTE_CORPUS to the shared corpus folder to run this test");
        return;
    };
    let files = super::golden::golden_files(
        &super::repo_root().join("tests/golden/negmas/analysis/corpus"),
    );
    assert!(!files.is_empty(), "no corpus analysis golden files");
    let mut failures = Vec::new();
    for file in &files {
        let name = file
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let folder = match name.strip_prefix("gw-") {
            Some(rest) => corpus.join("domains-geniusweb").join(rest),
            None => corpus.join("domains").join(&name),
        };
        for problem in super::golden::check(&folder, file) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
