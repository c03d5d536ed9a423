//! Converting answers between TOML, JSON and resolved `Value`s, checked against their question.

use super::{Kind, Question};
use crate::diagnostic::{one_of, quote};
use crate::value::Value;
use std::collections::BTreeMap;

impl Question {
    /// Reads an answer written in TOML; the error says what was wrong and what is valid.
    ///
    /// # Errors
    /// A message naming the question, the bad value and the valid ones.
    pub fn parse_value(&self, raw: &toml::Value) -> Result<Value, String> {
        let id = quote(&self.id);
        match &self.kind {
            Kind::Choice(choices) => {
                let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                let toml::Value::String(s) = raw else {
                    return Err(format!(
                        "{id} takes one choice id in quotes, not {}; valid: {}",
                        describe(raw),
                        one_of(&ids)
                    ));
                };
                self.choice_index(s).map(Value::Choice).ok_or_else(|| {
                    format!(
                        "{} is not a choice of {id}; valid: {}",
                        quote(s),
                        one_of(&ids)
                    )
                })
            }
            Kind::Multi(choices) => self.parse_multi(choices, raw),
            Kind::Number(spec) => {
                #[allow(clippy::cast_precision_loss)] // answers are far below 2^53
                let n = match raw {
                    toml::Value::Integer(i) => *i as f64,
                    toml::Value::Float(f) => *f,
                    other => {
                        return Err(format!(
                            "{id} takes {}, not {}",
                            spec.describe(),
                            describe(other)
                        ));
                    }
                };
                match spec.problem(n) {
                    Some(p) => Err(format!("{id} {p}, got {}", quote(&n.to_string()))),
                    None => Ok(Value::Number(n)),
                }
            }
            Kind::Text(spec) => {
                let toml::Value::String(s) = raw else {
                    return Err(format!("{id} takes text in quotes, not {}", describe(raw)));
                };
                match spec.problem(s) {
                    Some(p) => Err(format!("{id}: {} {p}", quote(s))),
                    None => Ok(Value::Text(s.clone())),
                }
            }
            Kind::KeyValue(spec) => parse_map(&id, spec, raw),
        }
    }

    fn parse_multi(&self, choices: &[super::Choice], raw: &toml::Value) -> Result<Value, String> {
        let id = quote(&self.id);
        let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
        let toml::Value::Array(items) = raw else {
            return Err(format!(
                "{id} takes a list of choice ids such as [{}], not {}",
                ids.iter()
                    .take(2)
                    .map(|s| quote(s))
                    .collect::<Vec<_>>()
                    .join(", "),
                describe(raw)
            ));
        };
        let mut picked = Vec::with_capacity(items.len());
        for item in items {
            let toml::Value::String(s) = item else {
                return Err(format!(
                    "{id} lists {}, which is not a choice id; valid: {}",
                    describe(item),
                    one_of(&ids)
                ));
            };
            let i = self.choice_index(s).ok_or_else(|| {
                format!(
                    "{} is not a choice of {id}; valid: {}",
                    quote(s),
                    one_of(&ids)
                )
            })?;
            picked.push(i);
        }
        picked.sort_unstable();
        picked.dedup();
        Ok(Value::Multi(picked))
    }

    /// The answer as it is written in an answers file.
    #[must_use]
    pub(crate) fn value_to_toml(&self, value: &Value) -> toml::Value {
        match value {
            Value::Choice(c) => toml::Value::String(self.choice_id(*c).to_owned()),
            Value::Multi(cs) => toml::Value::Array(
                cs.iter()
                    .map(|c| toml::Value::String(self.choice_id(*c).to_owned()))
                    .collect(),
            ),
            Value::Number(n) => match &self.kind {
                #[allow(clippy::cast_possible_truncation)]
                // integer answers are checked whole and in range
                Kind::Number(spec) if spec.integer => toml::Value::Integer(*n as i64),
                _ => toml::Value::Float(*n),
            },
            Value::Text(s) => toml::Value::String(s.clone()),
            Value::Map(m) => toml::Value::Table(
                m.iter()
                    .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
                    .collect(),
            ),
        }
    }

    /// The answer as JSON, with ids rather than indices.
    #[must_use]
    pub(crate) fn value_to_json(&self, value: &Value) -> serde_json::Value {
        // Every TOML value an answer can be converts to JSON (no dates occur).
        serde_json::to_value(self.value_to_toml(value)).unwrap_or(serde_json::Value::Null)
    }

    /// The answer for people: choice labels, numbers with their unit.
    #[must_use]
    pub(crate) fn display_value(&self, value: &Value) -> String {
        let choices = self.kind.choices();
        let label = |c: usize| choices.get(c).map_or("?", |c| c.label.as_str());
        match value {
            Value::Choice(c) => label(*c).to_owned(),
            Value::Multi(cs) if cs.is_empty() => "none".to_owned(),
            Value::Multi(cs) => cs.iter().map(|c| label(*c)).collect::<Vec<_>>().join(", "),
            Value::Number(n) => match &self.kind {
                Kind::Number(spec) => match &spec.unit {
                    Some(u) => format!("{n} {u}"),
                    None => n.to_string(),
                },
                _ => n.to_string(),
            },
            Value::Text(s) => s.clone(),
            Value::Map(m) if m.is_empty() => "none".to_owned(),
            Value::Map(m) => m
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The answer in a few words: a choice's `short` ("Steady" for "Steady: high-density, …");
    /// other answers as `display_value`.
    #[must_use]
    pub(crate) fn short_value(&self, value: &Value) -> String {
        match value {
            Value::Choice(c) => self
                .kind
                .choices()
                .get(*c)
                .map_or_else(|| self.display_value(value), |choice| choice.short.clone()),
            _ => self.display_value(value),
        }
    }

    /// The id of a choice of this question.
    #[must_use]
    pub(crate) fn choice_id(&self, c: usize) -> &str {
        self.kind.choices().get(c).map_or("", |c| c.id.as_str())
    }
}

fn parse_map(id: &str, spec: &super::KeyValueSpec, raw: &toml::Value) -> Result<Value, String> {
    let toml::Value::Table(t) = raw else {
        return Err(format!(
            "{id} takes a table such as {{ KEY = \"value\" }}, not {}",
            describe(raw)
        ));
    };
    let mut map = BTreeMap::new();
    for (k, v) in t {
        let toml::Value::String(s) = v else {
            return Err(format!(
                "{id}: the value of {} must be text in quotes, not {}",
                quote(k),
                describe(v)
            ));
        };
        map.insert(k.clone(), s.clone());
    }
    match spec.problem(&map) {
        Some(p) => Err(format!("{id} {p}")),
        None => Ok(Value::Map(map)),
    }
}

/// "the number 3", "the text 'x'", for messages about a value of the wrong type.
#[must_use]
pub(crate) fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the text {}", quote(s)),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("{b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

impl Question {
    /// How a value reads as typed text (the explorer's field, plain mode): `3`, `orders-api`, `APP_ENV=production LOG=info`.
    #[must_use]
    pub(crate) fn text_of(&self, value: &Value) -> String {
        match value {
            Value::Number(n) => crate::cost::num(*n).to_string(),
            Value::Text(s) => s.clone(),
            Value::Map(m) => m
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            Value::Choice(_) | Value::Multi(_) => self.display_value(value),
        }
    }

    /// Reads typed text (the explorer's field, plain mode) as an answer to the question.
    ///
    /// # Errors
    /// Why the text is not a valid answer, and what would be.
    pub(crate) fn parse_text(&self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let raw = match &self.kind {
            Kind::Number(_) => {
                let n: f64 = text
                    .parse()
                    .map_err(|_| format!("'{text}' is not a number; type {}", self.range_text()))?;
                toml::Value::Float(n)
            }
            Kind::Text(_) => toml::Value::String(text.to_owned()),
            Kind::KeyValue(_) => {
                let mut table = toml::Table::new();
                for pair in text.split([' ', ',']).filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').ok_or_else(|| {
                        format!("'{pair}' is not KEY=value; separate pairs with spaces")
                    })?;
                    table.insert(k.to_owned(), toml::Value::String(v.to_owned()));
                }
                toml::Value::Table(table)
            }
            Kind::Choice(_) | Kind::Multi(_) => return Err("choose with the arrow keys".to_owned()),
        };
        self.parse_value(&raw)
    }

    fn range_text(&self) -> String {
        match &self.kind {
            Kind::Number(spec) => spec.describe(),
            _ => String::new(),
        }
    }
}
