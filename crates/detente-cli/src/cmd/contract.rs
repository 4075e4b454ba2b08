//! Building blocks shared by the typed JSON reports (`docs/json-contracts.md`): an object whose
//! keys come from the data (issue and party names) in a fixed order, and an issue value as a
//! JSON scalar.
//!
//! The reports are serde structs so that a key cannot be misspelt or dropped in one branch; these
//! types cover the parts whose keys are not known at compile time.

use detente_core::{Outcome, OutcomeSpace, Value};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON object with keys in insertion order. A repeated key keeps its first position and takes
/// the last value, as `serde_json::Map` with `preserve_order` does (the reports were built with
/// it before they were typed, and must not change).
#[derive(Debug, Clone, PartialEq)]
pub struct Object<V>(Vec<(String, V)>);

impl<V> Object<V> {
    /// Inserts `value` under `key`, replacing the value of an existing key in place.
    pub fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }
}

impl<V> Default for Object<V> {
    fn default() -> Self {
        Object(Vec::new())
    }
}

impl<V> FromIterator<(String, V)> for Object<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut object = Object::default();
        for (k, v) in iter {
            object.insert(k, v);
        }
        object
    }
}

impl<V: Serialize> Serialize for Object<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

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

/// An outcome as an object issue → value: discrete values as strings, integer and real values as
/// numbers.
pub type Package = Object<Scalar>;

/// `outcome` of `space` as a [`Package`].
pub fn package(space: &OutcomeSpace, outcome: &Outcome) -> Package {
    space
        .issues()
        .iter()
        .zip(outcome)
        .map(|(issue, v)| {
            let value = match v {
                Value::Discrete(_) => Scalar::Text(issue.format_value(v)),
                Value::Integer(i) => Scalar::Integer(*i),
                Value::Real(x) => Scalar::Real(*x),
            };
            (issue.name().to_owned(), value)
        })
        .collect()
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
