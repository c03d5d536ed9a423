//! The questionnaire file as written: serde structs that only check shape, with spans kept for
//! messages. `toml` and serde fill them.

use super::{Artifact, CostModel};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

/// A string from the file: borrowed from its text unless TOML escapes made it new.
///
/// `Cow<str>` would do, but serde only borrows a `Cow` that is a field itself, and these are
/// inside `Spanned`. A large file holds hundreds of thousands of strings, and copying and then
/// freeing each one was a measurable part of reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Str<'a>(pub(super) Cow<'a, str>);

impl Str<'_> {
    #[must_use]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<Str<'a>>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestionnaire<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub title: S<Str<'a>>,
    #[serde(borrow)]
    pub version: S<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    /// What the decision is about, for the record: "which platform runs a Python workload".
    #[serde(borrow)]
    pub subject: Option<S<Str<'a>>>,
    /// The problem as a question, for the record: "Which option should run it?".
    #[serde(borrow)]
    pub problem: Option<S<Str<'a>>>,
    /// How to confirm the decision after it is made, whichever option is chosen.
    #[serde(default)]
    pub follow_up: Vec<String>,
    pub source: Option<RawSource>,
    #[serde(default)]
    #[serde(borrow)]
    pub options: Vec<S<RawOption<'a>>>,
    #[serde(default)]
    #[serde(borrow)]
    pub sections: Vec<S<RawSection<'a>>>,
    #[serde(default)]
    #[serde(borrow)]
    pub questions: Vec<S<RawQuestion<'a>>>,
}

/// A TOML table's entries in file order. The parser has already refused duplicate keys, so a
/// map would only add a node allocation per table and a search per lookup.
#[derive(Debug)]
pub(crate) struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: String,
    pub url: Option<String>,
    #[serde(default)]
    pub sections: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub name: S<Str<'a>>,
    #[serde(borrow)]
    pub summary: Option<Str<'a>>,
    /// A few words for narrow places (panels, tables): "Fargate".
    #[serde(borrow)]
    pub short: Option<S<Str<'a>>>,
    pub artifact: Option<Artifact>,
    pub cost_model: Option<CostModel>,
    /// How to confirm the decision once this option is chosen.
    #[serde(default)]
    pub follow_up: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub title: S<Str<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawKind {
    Choice,
    Multi,
    Number,
    Text,
    KeyValue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub section: S<Str<'a>>,
    pub kind: S<RawKind>,
    #[serde(borrow)]
    pub prompt: S<Str<'a>>,
    /// A short name for the criterion, for reports ("Kubernetes experience").
    #[serde(borrow)]
    pub driver: Option<Str<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub help: Str<'a>,
    #[serde(borrow)]
    pub cite: Option<S<Str<'a>>>,
    pub weight: Option<S<f64>>,
    #[serde(borrow)]
    pub show_if: Option<S<Str<'a>>>,
    pub default: Option<S<toml::Value>>,
    // choice and multi
    #[serde(borrow)]
    pub choices: Option<S<Vec<S<RawChoice<'a>>>>>,
    // number
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub exclusive_min: Option<S<bool>>,
    pub step: Option<S<f64>>,
    pub integer: Option<S<bool>>,
    #[serde(borrow)]
    pub unit: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub at_least: Option<S<Str<'a>>>,
    // text
    #[serde(borrow)]
    pub pattern: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub pattern_hint: Option<S<Str<'a>>>,
    pub max_length: Option<S<i64>>,
    // key-value
    #[serde(borrow)]
    pub key_pattern: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub key_hint: Option<S<Str<'a>>>,
    pub max_entries: Option<S<i64>>,
    // choice: the choices are a scale, in order (a room's consensus takes the median)
    pub ordered: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub label: S<Str<'a>>,
    #[serde(borrow)]
    pub help: Option<Str<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub points: Pairs<S<Str<'a>>, S<f64>>,
    #[serde(default)]
    #[serde(borrow)]
    pub exclude: Pairs<S<Str<'a>>, S<Str<'a>>>,
    pub cost_points: Option<S<f64>>,
    pub cost_gap: Option<S<f64>>,
    /// A few words for narrow places; by default the label up to its first colon.
    #[serde(borrow)]
    pub short: Option<S<Str<'a>>>,
}
