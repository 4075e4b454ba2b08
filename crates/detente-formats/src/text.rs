//! Reading scenario files as text, with the checks every reader needs first: a size limit (no
//! unbounded allocation), emptiness, UTF-8 (with the line of the first bad byte), and a byte-order
//! mark stripped.

use std::path::Path;

use crate::LoadError;

/// No scenario file comes close: the largest shared one is ~200 KB.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as UTF-8 text, refusing huge, empty and non-text files.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    decode(path, bytes)
}

/// Decodes bytes as UTF-8 text with the same checks as [`read_text`].
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(LoadError::NotText {
                path: path.to_owned(),
                line,
                offset,
            });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    if let Some(offset) = text.find('\0') {
        let line = 1 + text[..offset].matches('\n').count();
        return Err(LoadError::NotText {
            path: path.to_owned(),
            line,
            offset,
        });
    }
    Ok(text)
}

/// 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Parses a finite number whose magnitude stays below `1e15`: larger values are never meaningful
/// utilities, weights or evaluations and only overflow sums later.
pub(crate) fn parse_number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let x: f64 = t.parse().map_err(|_| format!("`{t}` is not a number"))?;
    if !x.is_finite() {
        return Err(format!("`{t}` is not a finite number"));
    }
    if x.abs() > 1e15 {
        return Err(format!("`{t}` is implausibly large (limit 1e15)"));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(parse_number(" 0.5 "), Ok(0.5));
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("inf").is_err());
        assert!(parse_number("1e300").is_err());
        assert!(parse_number("s").is_err());
    }

    #[test]
    fn reports_the_line_of_a_bad_byte() {
        let err = decode(Path::new("f.xml"), b"a\nb\n\xff".to_vec()).unwrap_err();
        assert!(matches!(
            err,
            LoadError::NotText {
                line: 3,
                offset: 4,
                ..
            }
        ));
        assert!(matches!(
            decode(Path::new("f.xml"), b"  \n".to_vec()),
            Err(LoadError::Empty { .. })
        ));
        assert_eq!(decode(Path::new("f"), "\u{feff}x".into()).unwrap(), "x");
    }
}
