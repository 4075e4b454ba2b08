//! Names as identifiers: the one slug behind the server's HTML ids and the CLI's file names, so a
//! party's name becomes the same identifier everywhere and names in any script stay apart.

/// An identifier-safe form of a name, for HTML ids and file names.
///
/// Letters and digits of any script are kept (ASCII ones lowercased), every other character
/// becomes `-`, and leading and trailing `-` are trimmed. So `"North Korea"` gives
/// `"north-korea"` and `"Росія"` stays `"Росія"` (an HTML id may hold any character but white
/// space, and file systems take UTF-8 names): names in other scripts no longer collapse to an
/// empty id. Names that differ only in ASCII case or punctuation (`"Korea"`, `"KOREA"`,
/// `"Korea!"`) share one slug; [`distinct_slugs`] tells those apart.
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

/// One slug per name, distinct for distinct names: each name's [`slug`], with `_s` and the
/// name's place (its seat, 0-based) where the slug is empty or shared (names that differ only in
/// ASCII case or punctuation, or have no letter or digit). A slug never holds `_s`, so a
/// suffixed slug cannot meet a plain one. So `["Korea", "KOREA", "Japan", "!!!"]` gives
/// `["korea_s0", "korea_s1", "japan", "_s3"]`; names whose slugs are distinct and non-empty keep
/// their plain slugs.
pub fn distinct_slugs(names: &[String]) -> Vec<String> {
    let slugs: Vec<String> = names.iter().map(|n| slug(n)).collect();
    slugs
        .iter()
        .enumerate()
        .map(|(seat, s)| {
            if s.is_empty() || slugs.iter().filter(|t| *t == s).count() > 1 {
                format!("{s}_s{seat}")
            } else {
                s.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{distinct_slugs, slug};

    #[test]
    fn shared_or_empty_slugs_get_their_seat() {
        let names = ["Korea", "KOREA", "Japan", "!!!", "North Korea"].map(String::from);
        assert_eq!(
            distinct_slugs(&names),
            ["korea_s0", "korea_s1", "japan", "_s3", "north-korea"]
        );
        let plain = ["Ukraine", "Росія"].map(String::from);
        assert_eq!(distinct_slugs(&plain), ["ukraine", "Росія"]);
        assert!(distinct_slugs(&[]).is_empty());
    }

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
