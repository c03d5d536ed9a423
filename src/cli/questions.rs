//! `tradeoff questions`: what an answers file may say, as text for people or JSON for scripts.

use crate::questionnaire::{Kind, Question, Questionnaire};
use serde::Serialize;
use std::fmt::Write;

pub(crate) fn text(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {} (version {})", q.id, q.title, q.version);
    let options: Vec<String> = q
        .options
        .iter()
        .map(|o| format!("{} ({})", o.id, o.name))
        .collect();
    let _ = writeln!(out, "options: {}", options.join(", "));
    let _ = writeln!(
        out,
        "choices marked * are the defaults an unanswered question takes"
    );
    let width = q.questions.iter().map(|x| x.id.len()).max().unwrap_or(0);
    for (s, section) in q.sections.iter().enumerate() {
        let _ = writeln!(out, "\n{}", section.title);
        for question in q.questions.iter().filter(|x| x.section == s) {
            let _ = writeln!(
                out,
                "  {:width$}  {:9}  {}",
                question.id,
                question.kind.name(),
                values(question)
            );
            let _ = writeln!(out, "  {:width$}  {:9}  {}", "", "", question.prompt);
            if let Some(cond) = &question.show_if_text {
                let _ = writeln!(out, "  {:width$}  {:9}  shown only if: {cond}", "", "");
            }
        }
    }
    out
}

/// The valid values, with the default marked.
fn values(question: &Question) -> String {
    let default = question.display_value(&question.default);
    match &question.kind {
        Kind::Choice(choices) | Kind::Multi(choices) => {
            let picked = |i: usize| match &question.default {
                crate::value::Value::Choice(c) => *c == i,
                crate::value::Value::Multi(cs) => cs.contains(&i),
                _ => false,
            };
            let ids: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if picked(i) {
                        format!("{}*", c.id)
                    } else {
                        c.id.clone()
                    }
                })
                .collect();
            let sep = if matches!(question.kind, Kind::Multi(_)) {
                ", "
            } else {
                " | "
            };
            ids.join(sep)
        }
        Kind::Number(spec) => format!("{}; default {default}", spec.describe()),
        Kind::Text(spec) => {
            let what = spec.hint.clone().unwrap_or_else(|| "text".to_owned());
            format!("{what}; default '{default}'")
        }
        Kind::KeyValue(_) => format!("a table {{ KEY = \"value\" }}; default {default}"),
    }
}

#[derive(Serialize)]
struct Listing<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    options: Vec<OptionItem<'a>>,
    questions: Vec<QuestionItem<'a>>,
}

#[derive(Serialize)]
struct OptionItem<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct QuestionItem<'a> {
    id: &'a str,
    section: &'a str,
    kind: &'static str,
    prompt: &'a str,
    default: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_if: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<ChoiceItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    exclusive_min: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integer: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at_least: Option<&'a str>,
    /// The pattern a text answer must match whole, as the questionnaire wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'a str>,
    /// What the pattern means, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_pattern: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_entries: Option<usize>,
}

/// A pattern as the questionnaire wrote it: the loader anchors it as `^(?:…)$`.
fn written(pattern: Option<&regex::Regex>) -> Option<&str> {
    pattern.map(|p| {
        let s = p.as_str();
        s.strip_prefix("^(?:")
            .and_then(|s| s.strip_suffix(")$"))
            .unwrap_or(s)
    })
}

#[derive(Serialize)]
struct ChoiceItem<'a> {
    id: &'a str,
    label: &'a str,
}

pub(crate) fn json(q: &Questionnaire) -> String {
    let questions = q
        .questions
        .iter()
        .map(|question| {
            let number = match &question.kind {
                Kind::Number(n) => Some(n),
                _ => None,
            };
            let text = match &question.kind {
                Kind::Text(t) => Some(t),
                _ => None,
            };
            let key_value = match &question.kind {
                Kind::KeyValue(k) => Some(k),
                _ => None,
            };
            QuestionItem {
                id: &question.id,
                section: &q.sections[question.section].id,
                kind: question.kind.name(),
                prompt: &question.prompt,
                default: question.value_to_json(&question.default),
                show_if: question.show_if_text.as_deref(),
                choices: question
                    .kind
                    .choices()
                    .iter()
                    .map(|c| ChoiceItem {
                        id: &c.id,
                        label: &c.label,
                    })
                    .collect(),
                min: number.map(|n| n.min),
                max: number.map(|n| n.max),
                exclusive_min: number.is_some_and(|n| n.exclusive_min),
                step: number.map(|n| n.step),
                integer: number.map(|n| n.integer),
                unit: number.and_then(|n| n.unit.as_deref()),
                at_least: number
                    .and_then(|n| n.at_least)
                    .map(|i| q.questions[i].id.as_str()),
                pattern: text.and_then(|t| written(t.pattern.as_ref())),
                pattern_hint: text.and_then(|t| t.hint.as_deref()),
                max_length: text.map(|t| t.max_length),
                key_pattern: key_value.and_then(|k| written(k.key_pattern.as_ref())),
                key_hint: key_value.and_then(|k| k.key_hint.as_deref()),
                max_entries: key_value.map(|k| k.max_entries),
            }
        })
        .collect();
    let listing = Listing {
        id: &q.id,
        title: &q.title,
        version: &q.version,
        options: q
            .options
            .iter()
            .map(|o| OptionItem {
                id: &o.id,
                name: &o.name,
            })
            .collect(),
        questions,
    };
    serde_json::to_string_pretty(&listing).unwrap_or_default() + "\n"
}
