//! Keeps the app crates' functions short: fails when any function in `crates/detente-server/src`
//! or `crates/detente-cli/src` is longer than [`MAX_LINES`] lines, and lists every one that is.
//!
//! A function is counted from its `fn` line to its closing brace, both included (doc comments and
//! attributes above it are not counted). Nested functions and `async fn`s count on their own and
//! also inside the function that holds them; closures are part of their function, never counted
//! alone. Test code is exempt: inline `#[cfg(test)] mod … { … }` blocks, and the files of
//! out-of-line `#[cfg(test)] mod …;` modules (with or without `#[path]`).
//!
//! The scan reads the text, not a syntax tree (no parser dependency), and relies on rustfmt's
//! layout, which CI enforces: a body opens with `{` at the end of the signature's last line and
//! closes with a `}` (alone, or before a comment) at the `fn` line's indentation. A function whose
//! closing brace is not found there (`#[rustfmt::skip]`, a macro body) fails the check rather than
//! being skipped.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The longest a function may be, in lines.
const MAX_LINES: usize = 100;

/// The source folders checked, relative to the workspace's `crates` folder.
const ROOTS: [&str; 2] = ["detente-server/src", "detente-cli/src"];

/// A function found in a file.
#[derive(Debug)]
struct Function {
    name: String,
    /// 1-based line of the `fn` keyword.
    line: usize,
    /// Lines from the `fn` line to the closing brace, both included; `None` when the closing
    /// brace was not found where rustfmt puts it (the check then fails rather than skip it).
    length: Option<usize>,
}

#[test]
fn no_function_in_the_server_or_the_cli_is_over_100_lines() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut too_long = Vec::new();
    let mut functions = 0;
    for root in ROOTS {
        let mut files = Vec::new();
        rust_files(&crates.join(root), &mut files);
        assert!(!files.is_empty(), "no Rust files under {root}");
        let test_files = test_module_files(&files);
        for file in files.iter().filter(|f| !test_files.contains(*f)) {
            let text = fs::read_to_string(file).expect("read a source file");
            for f in functions_in(&text) {
                functions += 1;
                let shown = file.strip_prefix(&crates).unwrap_or(file).display();
                match f.length {
                    Some(length) if length > MAX_LINES => too_long.push(format!(
                        "{shown}:{}: fn {} is {length} lines",
                        f.line, f.name
                    )),
                    Some(_) => {}
                    None => too_long.push(format!(
                        "{shown}:{}: fn {}: its closing brace is not alone at the `fn` line's indentation, so it cannot be measured",
                        f.line, f.name
                    )),
                }
            }
        }
    }
    // Guards the scan itself: finding nothing would pass for the wrong reason.
    assert!(functions > 200, "only {functions} functions found");
    assert!(
        too_long.is_empty(),
        "functions over {MAX_LINES} lines (split them into well-named smaller ones):\n{}",
        too_long.join("\n")
    );
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read a source folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files of out-of-line test modules declared by `files` (`#[cfg(test)] mod name;`, maybe
/// with `#[path = "…"]`), which the check skips.
fn test_module_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(file).expect("read a source file");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[cfg(test)]" {
                continue;
            }
            let mut path_attr = None;
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                path_attr = path_attr.or_else(|| path_attribute(lines[j]));
                j += 1;
            }
            let Some(name) = lines.get(j).and_then(|l| out_of_line_module(l)) else {
                continue;
            };
            let dir = module_dir(file);
            out.insert(match path_attr {
                Some(path) => file.parent().expect("a file's folder").join(path),
                None => dir.join(format!("{name}.rs")),
            });
            out.insert(dir.join(name).join("mod.rs"));
        }
    }
    out
}

/// `foo.rs` from `#[path = "foo.rs"]`.
fn path_attribute(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("#[path")?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start().strip_prefix('"')?;
    rest.split('"').next()
}

/// `name` from `mod name;` or `pub(crate) mod name;`.
fn out_of_line_module(line: &str) -> Option<&str> {
    let line = line.trim();
    let after = line.split_once("mod ")?.1;
    let name = after.strip_suffix(';')?;
    let visibility = line.split_once("mod ")?.0.trim();
    (visibility.is_empty() || visibility.starts_with("pub")).then_some(name)
}

/// Where the child modules of `file` live: beside it for `mod.rs`, `lib.rs` and `main.rs`, in a
/// folder named after it otherwise.
fn module_dir(file: &Path) -> PathBuf {
    let parent = file.parent().expect("a file's folder");
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem {
        "mod" | "lib" | "main" => parent.to_path_buf(),
        _ => parent.join(stem),
    }
}

/// The functions with a body in `text`, outside inline `#[cfg(test)]` modules.
fn functions_in(text: &str) -> Vec<Function> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "#[cfg(test)]" {
            if let Some(end) = inline_test_module_end(&lines, i) {
                i = end + 1;
                continue;
            }
        }
        if let Some(name) = fn_name(line) {
            if let Some(end) = body_end(&lines, i) {
                out.push(Function {
                    name: name.to_string(),
                    line: i + 1,
                    length: end.map(|end| end - i + 1),
                });
            }
        }
        i += 1;
    }
    out
}

/// When the `#[cfg(test)]` at `at` opens an inline module (`mod tests {`), the line of its
/// closing brace.
fn inline_test_module_end(lines: &[&str], at: usize) -> Option<usize> {
    let mut j = at + 1;
    while j < lines.len() && lines[j].trim_start().starts_with("#[") {
        j += 1;
    }
    let line = lines.get(j)?;
    let opens_module = line.contains("mod ") && line.trim_end().ends_with('{');
    if !opens_module {
        return None;
    }
    closing_brace(lines, j)
}

/// The function's name when `line` starts a function item: `fn`, after any of `pub(…)`,
/// `const`, `async`, `unsafe`, `extern "…"`.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("fn ") {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            return (end > 0).then(|| &after[..end]);
        }
        rest = if let Some(after) = rest.strip_prefix("pub(") {
            after.split_once(')')?.1.trim_start()
        } else if let Some(after) = rest.strip_prefix("extern \"") {
            after.split_once('"')?.1.trim_start()
        } else {
            let word = ["pub ", "const ", "async ", "unsafe ", "default "]
                .into_iter()
                .find(|w| rest.starts_with(w))?;
            rest[word.len()..].trim_start()
        };
    }
}

/// For a function with a body starting at `start`, `Some` of the line of its closing brace
/// (`Some(None)` when that brace cannot be found); `None` for a declaration without a body
/// (`fn f();` in a trait).
fn body_end(lines: &[&str], start: usize) -> Option<Option<usize>> {
    for (j, line) in lines.iter().enumerate().skip(start) {
        let line = line.trim_end();
        if j == start && line.ends_with('}') && line.contains('{') {
            return Some(Some(start)); // One line: `fn f() -> u8 { 1 }`.
        }
        if line.ends_with('{') {
            return Some(closing_brace(lines, start));
        }
        if line.ends_with(';') {
            return None;
        }
    }
    None
}

/// The first line after `start` that is a `}` at `start`'s indentation, alone or followed by a
/// comment. (A `}` at that indentation inside a multi-line string literal would end the count
/// early; rustfmt-formatted code in these crates has none.)
fn closing_brace(lines: &[&str], start: usize) -> Option<usize> {
    let indent = &lines[start][..lines[start].len() - lines[start].trim_start().len()];
    let close = format!("{indent}}}");
    (start + 1..lines.len()).find(|&j| {
        let rest = lines[j].trim_end().strip_prefix(close.as_str());
        rest.is_some_and(|r| r.is_empty() || r.trim_start().starts_with("//"))
    })
}

#[test]
fn the_scan_measures_rustfmt_layout() {
    let text = r#"
pub(crate) async fn outer(
    a: u8,
) -> u8
where
    u8: Copy,
{
    fn inner() -> u8 { 1 }
    let f = |x: u8| {
        x
    };
    f(a)
}

trait T {
    fn declared(&self);
}

#[cfg(test)]
mod tests {
    fn hidden() {
    }
}
"#;
    let found: Vec<(String, Option<usize>)> = functions_in(text)
        .into_iter()
        .map(|f| (f.name, f.length))
        .collect();
    assert_eq!(
        found,
        [
            ("outer".to_string(), Some(12)),
            ("inner".to_string(), Some(1))
        ],
        "closures are not functions, declarations have no body, test modules are skipped"
    );
}

#[test]
fn a_function_whose_end_cannot_be_found_is_reported_not_skipped() {
    let text = "fn commented() {\n    body();\n} // end\n\n#[rustfmt::skip]\nfn misaligned() {\n    body();\n  }\n";
    let found: Vec<(String, Option<usize>)> = functions_in(text)
        .into_iter()
        .map(|f| (f.name, f.length))
        .collect();
    assert_eq!(
        found,
        [
            ("commented".to_string(), Some(3)),
            ("misaligned".to_string(), None)
        ]
    );
}
