//! Names as identifiers: the one slug behind the server's HTML ids and the CLI's file names, so a
//! party's name becomes the same identifier everywhere and distinct names stay apart.

use std::fmt::Write as _;

/// An identifier-safe, ASCII-only form of a name, for HTML ids and file names.
///
/// ASCII letters and digits are kept (lowercased), every other ASCII character becomes `-`
/// (leading and trailing ones trimmed), and every non-ASCII character becomes `_` followed by the
/// hex of its UTF-8 bytes. So `"North Korea"` gives `"north-korea"` and `"Росія"` gives
/// `"_d0a0_d0be_d181_d196_d18f"`: names in any script keep distinct slugs. Names that differ only
/// in ASCII case or punctuation (`"Korea"`, `"KOREA"`, `"Korea!"`) share one; a caller that needs
/// an id per name must tell those apart itself.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii() {
            out.push('-');
        } else {
            out.push('_');
            let mut utf8 = [0u8; 4];
            for b in c.encode_utf8(&mut utf8).bytes() {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn ascii_names_read_as_before() {
        assert_eq!(slug("North Korea"), "north-korea");
        assert_eq!(slug(" Miami-Dade (county) "), "miami-dade--county");
        assert_eq!(slug("unit price"), "unit-price");
    }

    #[test]
    fn names_in_other_scripts_are_distinct_ascii_and_never_empty() {
        let names = [
            "Україна",
            "Росія",
            "Украіна",
            "中国",
            "中國",
            "Côte d’Ivoire",
            "Cote d'Ivoire",
        ];
        let slugs: Vec<String> = names.iter().map(|n| slug(n)).collect();
        for (i, s) in slugs.iter().enumerate() {
            assert!(!s.is_empty() && s.is_ascii(), "{s}");
            assert!(!s.contains(char::is_whitespace), "{s}");
            for t in &slugs[i + 1..] {
                assert_ne!(s, t, "two names share a slug");
            }
        }
        assert_eq!(slug("Росія"), "_d0a0_d0be_d181_d196_d18f");
    }
}
