//! The questionnaire file as written: serde structs that only check shape, with spans kept for messages.

use super::{Artifact, CostModel};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire {
    pub id: S<String>,
    pub title: S<String>,
    pub version: S<String>,
    pub description: Option<String>,
    pub source: Option<RawSource>,
    #[serde(default)]
    pub options: Vec<S<RawOption>>,
    #[serde(default)]
    pub sections: Vec<S<RawSection>>,
    #[serde(default)]
    pub questions: Vec<S<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub url: Option<String>,
    #[serde(default)]
    pub sections: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: S<String>,
    pub name: S<String>,
    pub summary: Option<String>,
    pub artifact: Option<Artifact>,
    pub cost_model: Option<CostModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: S<String>,
    pub title: S<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawKind {
    Choice,
    Multi,
    Number,
    Text,
    KeyValue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: S<String>,
    pub section: S<String>,
    pub kind: S<RawKind>,
    pub prompt: S<String>,
    /// A short name for the criterion, for reports ("Kubernetes experience").
    pub driver: Option<String>,
    #[serde(default)]
    pub help: String,
    pub cite: Option<S<String>>,
    pub weight: Option<S<f64>>,
    pub show_if: Option<S<String>>,
    pub default: Option<S<toml::Value>>,
    // choice and multi
    pub choices: Option<S<Vec<S<RawChoice>>>>,
    // number
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub exclusive_min: Option<S<bool>>,
    pub step: Option<S<f64>>,
    pub integer: Option<S<bool>>,
    pub unit: Option<S<String>>,
    pub at_least: Option<S<String>>,
    // text
    pub pattern: Option<S<String>>,
    pub pattern_hint: Option<S<String>>,
    pub max_length: Option<S<i64>>,
    // key-value
    pub key_pattern: Option<S<String>>,
    pub key_hint: Option<S<String>>,
    pub max_entries: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub id: S<String>,
    pub label: S<String>,
    pub help: Option<String>,
    #[serde(default)]
    pub points: BTreeMap<S<String>, S<f64>>,
    #[serde(default)]
    pub exclude: BTreeMap<S<String>, S<String>>,
    pub cost_points: Option<S<f64>>,
}
