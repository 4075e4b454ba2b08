//! Building blocks shared by the typed JSON reports (`docs/json-contracts.md`): an object whose
//! keys come from the data (issue and party names) in a fixed order, and an issue value as a
//! JSON scalar.
//!
//! The reports are serde structs so that a key cannot be misspelt or dropped in one branch; these
//! types cover the parts whose keys are not known at compile time.

use detente_core::{Issue, Outcome, OutcomeCount, OutcomeSpace, Value};
use indexmap::IndexMap;

/// A JSON object with keys in insertion order. A repeated key keeps its first position and takes
/// the last value, as `serde_json::Map` with `preserve_order` does (the reports were built with
/// it before they were typed, and must not change); `IndexMap::insert` does exactly that.
pub type Object<V> = IndexMap<String, V>;

/// One issue value or count: a string, an integer or a float. Floats that JSON cannot carry
/// (infinity, NaN) are written as `null` by `serde_json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Scalar {
    /// A discrete value's name, or a number too large for JSON as a decimal string.
    Text(String),
    /// An integer.
    Integer(i64),
    /// An unsigned integer (counts).
    Count(u64),
    /// A float.
    Real(f64),
}

/// Largest integer a JSON number carries exactly (2^53).
const JSON_EXACT_LIMIT: u128 = 1 << 53;

/// A count as a JSON integer up to 2^53, else as a decimal string (so no reader rounds it).
pub fn count(n: u128) -> Scalar {
    if n <= JSON_EXACT_LIMIT {
        Scalar::Count(n as u64)
    } else {
        Scalar::Text(n.to_string())
    }
}

/// A finite outcome count as [`count`] writes it, `None` for an infinite space.
pub fn outcome_count(outcomes: &OutcomeCount) -> Option<Scalar> {
    match outcomes {
        OutcomeCount::Finite(n) => Some(match u128::try_from(n) {
            Ok(n) => count(n),
            Err(_) => Scalar::Text(n.to_string()),
        }),
        OutcomeCount::Infinite => None,
    }
}

/// An outcome as an object issue → value: discrete values as strings, integer and real values as
/// numbers.
pub type Package = Object<Scalar>;

/// `outcome` of `space` as a [`Package`].
pub fn package(space: &OutcomeSpace, outcome: &Outcome) -> Package {
    space
        .issues()
        .iter()
        .zip(outcome)
        .map(|(issue, v)| (issue.name().to_owned(), value(issue, v)))
        .collect()
}

/// A value of `issue` as packages write it: a discrete value's name as a string, integer and real
/// values as numbers.
pub fn value(issue: &Issue, v: &Value) -> Scalar {
    match v {
        Value::Discrete(_) => Scalar::Text(issue.format_value(v)),
        Value::Integer(i) => Scalar::Integer(*i),
        Value::Real(x) => Scalar::Real(*x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_insertion_order_and_replace_repeated_keys_in_place() {
        let object: Object<Scalar> = [
            ("b".to_owned(), Scalar::Integer(1)),
            ("a".to_owned(), Scalar::Real(0.5)),
            ("b".to_owned(), Scalar::Text("x".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            serde_json::to_string(&object).unwrap(),
            r#"{"b":"x","a":0.5}"#
        );
    }

    #[test]
    fn scalars_print_as_json_values_do() {
        let json = |s: Scalar| serde_json::to_string(&s).unwrap();
        assert_eq!(json(Scalar::Real(1.0)), "1.0");
        assert_eq!(json(Scalar::Real(f64::NAN)), "null");
        assert_eq!(json(Scalar::Integer(-3)), "-3");
        assert_eq!(json(Scalar::Count(7)), "7");
        assert_eq!(json(Scalar::Text("a".into())), "\"a\"");
    }
}
