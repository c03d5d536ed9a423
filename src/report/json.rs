//! `recommendation.json`: the machine-readable result, shaped as DESIGN.md's contract says.

use super::Inputs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub tool: Tool,
    pub questionnaire: QuestionnaireRef,
    pub generated_at: String,
    /// The best option not excluded; null only when every option is excluded.
    pub recommended: Option<String>,
    pub margin: f64,
    pub options: Vec<OptionOut>,
    pub flip_points: Vec<FlipOut>,
    /// Every question's effective answer, given or assumed, by id.
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Questions answered by their default.
    pub assumed: Vec<String>,
    /// Questions hidden by their `show_if`, which did not count.
    pub not_applicable: Vec<String>,
    /// The user's weight multipliers, by question id.
    pub weights: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionOut {
    pub id: String,
    pub name: String,
    pub score: f64,
    pub excluded: bool,
    pub exclusions: Vec<ExclusionOut>,
    pub contributions: Vec<ContributionOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExclusionOut {
    pub question: String,
    pub answer: serde_json::Value,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributionOut {
    pub question: String,
    pub answer: serde_json::Value,
    /// Score points; an option's contributions add up to its score (to rounding).
    pub points: f64,
    pub raw_points: f64,
    pub weight: f64,
    pub assumed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlipOut {
    pub question: String,
    pub current: String,
    pub alternative: String,
    pub recommends: Option<String>,
}

/// Two decimals: what a reader needs, and stable across platforms.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[must_use]
pub fn recommendation(inputs: &Inputs<'_>) -> Recommendation {
    let q = inputs.questionnaire;
    let e = inputs.evaluation;
    let r = &e.resolved;
    let answer = |i: usize| q.questions[i].value_to_json(&r.values[i]);
    let option_id = |o: Option<usize>| o.map(|o| q.options[o].id.clone());
    Recommendation {
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            title: q.title.clone(),
            version: q.version.clone(),
        },
        generated_at: inputs.generated_at.clone(),
        recommended: option_id(e.recommended),
        margin: round2(e.margin),
        options: q
            .options
            .iter()
            .zip(&e.options)
            .map(|(def, res)| OptionOut {
                id: def.id.clone(),
                name: def.name.clone(),
                score: round2(res.score),
                excluded: res.excluded(),
                exclusions: res
                    .exclusions
                    .iter()
                    .map(|x| ExclusionOut {
                        question: q.questions[x.question].id.clone(),
                        answer: answer(x.question),
                        reason: x.reason.clone(),
                    })
                    .collect(),
                contributions: res
                    .contributions
                    .iter()
                    .map(|c| ContributionOut {
                        question: q.questions[c.question].id.clone(),
                        answer: answer(c.question),
                        points: round2(c.points),
                        raw_points: round2(c.raw),
                        weight: c.weight,
                        assumed: r.assumed[c.question],
                    })
                    .collect(),
            })
            .collect(),
        flip_points: inputs
            .flips
            .iter()
            .map(|f| {
                let question = &q.questions[f.question];
                FlipOut {
                    question: question.id.clone(),
                    current: question.choice_id(f.current).to_owned(),
                    alternative: question.choice_id(f.alternative).to_owned(),
                    recommends: option_id(f.recommends),
                }
            })
            .collect(),
        answers: q
            .questions
            .iter()
            .enumerate()
            .map(|(i, question)| (question.id.clone(), answer(i)))
            .collect(),
        assumed: ids_where(q, &r.assumed, true),
        not_applicable: ids_where(q, &r.visible, false),
        weights: q
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, question)| inputs.answers.weight(i).map(|w| (question.id.clone(), w)))
            .collect(),
    }
}

fn ids_where(q: &crate::questionnaire::Questionnaire, flags: &[bool], want: bool) -> Vec<String> {
    q.questions
        .iter()
        .zip(flags)
        .filter(|(_, f)| **f == want)
        .map(|(question, _)| question.id.clone())
        .collect()
}
