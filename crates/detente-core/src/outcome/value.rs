//! Values and outcomes.

/// One issue's value in an outcome.
///
/// A discrete value is stored as its index into the value list, so an outcome is a few
/// machine words and comparing outcomes never compares strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Index into a discrete issue's values.
    Discrete(u32),
    /// A value of an integer issue.
    Integer(i64),
    /// A value of a real issue.
    Real(f64),
}

impl Value {
    /// The value as a number, for integer and real values.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Discrete(_) => None,
            Value::Integer(v) => Some(*v as f64),
            Value::Real(x) => Some(*x),
        }
    }
}

/// A complete assignment: one value per issue, in the space's issue order.
pub type Outcome = Vec<Value>;
