//! An answer's value, in resolved form: choices are indices into their question's choice list.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Choice(usize),
    /// Selected choice indices, ascending, no repeats.
    Multi(Vec<usize>),
    Number(f64),
    Text(String),
    Map(BTreeMap<String, String>),
}

impl Value {
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }

    #[must_use]
    pub(crate) fn as_choice(&self) -> Option<usize> {
        match self {
            Self::Choice(c) => Some(*c),
            _ => None,
        }
    }

    #[must_use]
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            _ => None,
        }
    }
}
