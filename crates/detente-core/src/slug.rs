//! Names as identifiers: the one slug behind the server's HTML ids and the CLI's file names, so a
//! party's name becomes the same identifier everywhere and names in any script stay apart.

/// An identifier-safe form of a name, for HTML ids and file names.
///
/// Letters and digits of any script are kept (ASCII ones lowercased), every other character
/// becomes `-`, and leading and trailing `-` are trimmed. So `"North Korea"` gives
/// `"north-korea"` and `"Росія"` stays `"Росія"` (an HTML id may hold any character but white
/// space, and file systems take UTF-8 names): names in other scripts no longer collapse to an
/// empty id. Names that differ only in ASCII case or punctuation (`"Korea"`, `"KOREA"`,
/// `"Korea!"`) share one slug; a caller that needs an id per name must tell those apart itself.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_owned()
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
    fn names_in_other_scripts_are_distinct_and_never_empty() {
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
            assert!(!s.is_empty(), "{s}");
            assert!(!s.contains(char::is_whitespace), "{s}");
            for t in &slugs[i + 1..] {
                assert_ne!(s, t, "two names share a slug");
            }
        }
        assert_eq!(slug("Росія"), "Росія");
    }
}
