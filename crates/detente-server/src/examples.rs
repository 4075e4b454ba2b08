//! Scenarios bundled with the server, so talks can start without an upload.

/// A two-party hiring negotiation with a zone of agreement (illustrative numbers).
pub const HIRING: &str = include_str!("../examples-data/hiring.json");

/// `(name, format, text)` of every bundled example.
pub const ALL: &[(&str, &str, &str)] = &[("hiring", "json", HIRING)];

/// The bundled example called `name`.
pub fn find(name: &str) -> Option<(&'static str, &'static str)> {
    ALL.iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, format, text)| (*format, *text))
}
