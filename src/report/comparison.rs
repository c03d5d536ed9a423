//! A comparison of several sets of answers, as a text table, as `comparison.md` and as
//! `comparison.json`.

use crate::compare::{Comparison, Disagreement, Outcome};
use crate::cost::money;
use crate::model::Model;
use crate::questionnaire::Question;
use serde::Serialize;
use std::fmt::Write;

const TEMPLATE: &str = include_str!("../../assets/templates/comparison.md.j2");
const COLUMN: usize = 22;

fn cell(s: &str) -> String {
    format!("{:<COLUMN$}", crate::text::fit(s, COLUMN - 1))
}

/// What each column answered to a disagreement's question: "Room A: yes", one per column.
pub(super) fn said(cmp: &Comparison, d: &Disagreement, question: &Question) -> Vec<String> {
    cmp.columns
        .iter()
        .zip(&d.values)
        .map(|(c, v)| format!("{}: {}", c.name, question.short_value(v)))
        .collect()
}

fn leader(model: &Model, o: &Outcome) -> String {
    o.recommended.map_or("none qualifies".to_owned(), |r| {
        model.questionnaire.options[r].name.clone()
    })
}

/// The table for a terminal.
#[must_use]
pub(crate) fn text(model: &Model, cmp: &Comparison) -> String {
    let q = &model.questionnaire;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Comparing {} sets of answers · {}\n",
        cmp.columns.len(),
        q.title
    );
    let columns: Vec<&Outcome> = cmp
        .columns
        .iter()
        .chain(std::iter::once(&cmp.consensus_outcome))
        .collect();
    let row = |label: &str, cells: Vec<String>| {
        let mut line = cell(label);
        for c in cells {
            line.push_str(&cell(&c));
        }
        line.trim_end().to_owned() + "\n"
    };
    out.push_str(&row("", columns.iter().map(|c| c.name.clone()).collect()));
    out.push_str(&row(
        "Recommended",
        columns
            .iter()
            .map(|c| format!("★ {}", leader(model, c)))
            .collect(),
    ));
    out.push_str(&row(
        "Ahead by",
        columns.iter().map(|c| format!("{:.1}", c.margin)).collect(),
    ));
    for (o, option) in q.options.iter().enumerate() {
        let cells = columns
            .iter()
            .map(|c| {
                let cost = c.costs[o].map_or(String::new(), |t| format!("  {}", money(t)));
                if c.excluded[o] {
                    format!("✗ excluded{cost}")
                } else {
                    format!("{:.1}{cost}", c.scores[o])
                }
            })
            .collect();
        out.push_str(&row(&option.name, cells));
    }
    out.push('\n');
    if cmp.disagreements.is_empty() {
        out.push_str("They agree on every answer.\n");
    } else {
        out.push_str("Disagreements, most decisive first:\n");
        for d in &cmp.disagreements {
            let question = &q.questions[d.question];
            let said = said(cmp, d, question);
            let flag = if d.changes_recommendation {
                "  ← changes the recommendation"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}: {}{flag}", question.driver, said.join(" · "));
        }
        out.push_str(
            "\nConsensus: the majority answer to each disagreement (the median for numbers).\n",
        );
        for t in &cmp.ties {
            let question = &q.questions[t.question];
            let tied: Vec<String> = t.tied.iter().map(|v| question.short_value(v)).collect();
            let _ = writeln!(
                out,
                "  Tie on {}: {} — took {}, listed first.",
                question.driver,
                tied.join(" / "),
                question.short_value(&t.taken)
            );
        }
        let c = &cmp.consensus_outcome;
        let cost = c
            .recommended
            .and_then(|r| c.costs[r])
            .map_or(String::new(), |t| format!(", {} a month", money(t)));
        let _ = writeln!(
            out,
            "  → {} (ahead by {:.1}{cost})",
            leader(model, c),
            c.margin
        );
        if let Some(close) = close_call(model, cmp) {
            let _ = writeln!(out, "  {close}");
        }
    }
    out
}

/// For a consensus that leads by less than the close-call margin: a sentence saying so, with
/// the single changes to the consensus answers that would change it.
fn close_call(model: &Model, cmp: &Comparison) -> Option<String> {
    let c = &cmp.consensus_outcome;
    let two_eligible = c.excluded.iter().filter(|x| !**x).count() > 1;
    if c.recommended.is_none() || !two_eligible || c.margin >= crate::engine::CLOSE_CALL {
        return None;
    }
    let q = &model.questionnaire;
    let deciding = super::flip_text::deciding(q, &model.flip_points(&cmp.consensus));
    let mut text = format!("A close call (under {} points).", crate::engine::CLOSE_CALL);
    if !deciding.is_empty() {
        let _ = write!(text, " It would change with: {}.", deciding.join("; "));
    }
    Some(text)
}

#[derive(Serialize)]
pub(crate) struct ComparisonJson {
    pub questionnaire: String,
    pub columns: Vec<ColumnJson>,
    pub disagreements: Vec<DisagreementJson>,
    pub consensus: ColumnJson,
    /// The consensus answers, by question id.
    pub consensus_answers: std::collections::BTreeMap<String, serde_json::Value>,
    pub ties: Vec<TieJson>,
}

#[derive(Serialize)]
pub(crate) struct ColumnJson {
    pub name: String,
    pub recommended: Option<String>,
    pub margin: f64,
    pub options: Vec<OptionJson>,
}

#[derive(Serialize)]
pub(crate) struct OptionJson {
    pub id: String,
    pub score: f64,
    pub excluded: bool,
    pub monthly_cost_usd: Option<f64>,
}

#[derive(Serialize)]
pub(crate) struct DisagreementJson {
    pub question: String,
    pub answers: std::collections::BTreeMap<String, serde_json::Value>,
    pub changes_recommendation: bool,
    pub swing: f64,
}

#[derive(Serialize)]
pub(crate) struct TieJson {
    pub question: String,
    pub tied: Vec<serde_json::Value>,
    pub taken: serde_json::Value,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn column_json(model: &Model, c: &Outcome) -> ColumnJson {
    let q = &model.questionnaire;
    ColumnJson {
        name: c.name.clone(),
        recommended: c.recommended.map(|r| q.options[r].id.clone()),
        margin: round2(c.margin),
        options: q
            .options
            .iter()
            .enumerate()
            .map(|(o, def)| OptionJson {
                id: def.id.clone(),
                score: round2(c.scores[o]),
                excluded: c.excluded[o],
                monthly_cost_usd: c.costs[o],
            })
            .collect(),
    }
}

#[must_use]
pub(crate) fn json(model: &Model, cmp: &Comparison) -> ComparisonJson {
    let q = &model.questionnaire;
    ComparisonJson {
        questionnaire: q.id.clone(),
        columns: cmp.columns.iter().map(|c| column_json(model, c)).collect(),
        disagreements: cmp
            .disagreements
            .iter()
            .map(|d| {
                let question = &q.questions[d.question];
                DisagreementJson {
                    question: question.id.clone(),
                    answers: cmp
                        .columns
                        .iter()
                        .zip(&d.values)
                        .map(|(c, v)| (c.name.clone(), question.value_to_json(v)))
                        .collect(),
                    changes_recommendation: d.changes_recommendation,
                    swing: round2(d.swing),
                }
            })
            .collect(),
        consensus: column_json(model, &cmp.consensus_outcome),
        consensus_answers: q
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, question)| {
                cmp.consensus
                    .get(i)
                    .map(|v| (question.id.clone(), question.value_to_json(v)))
            })
            .collect(),
        ties: cmp
            .ties
            .iter()
            .map(|t| {
                let question = &q.questions[t.question];
                TieJson {
                    question: question.id.clone(),
                    tied: t.tied.iter().map(|v| question.value_to_json(v)).collect(),
                    taken: question.value_to_json(&t.taken),
                }
            })
            .collect(),
    }
}

/// A table of options against columns, for markdown.
#[derive(Serialize)]
pub(crate) struct MdTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[must_use]
pub(crate) fn md_table(model: &Model, columns: &[&Outcome]) -> MdTable {
    let q = &model.questionnaire;
    let mut rows = vec![
        std::iter::once("Recommended".to_owned())
            .chain(columns.iter().map(|c| leader(model, c)))
            .collect(),
        std::iter::once("Ahead by".to_owned())
            .chain(columns.iter().map(|c| format!("{:.1}", c.margin)))
            .collect(),
    ];
    for (o, option) in q.options.iter().enumerate() {
        rows.push(
            std::iter::once(option.name.clone())
                .chain(columns.iter().map(|c| {
                    let cost = c.costs[o].map_or(String::new(), |t| format!(", {}", money(t)));
                    if c.excluded[o] {
                        format!("excluded{cost}")
                    } else {
                        format!("{:.1}{cost}", c.scores[o])
                    }
                }))
                .collect(),
        );
    }
    MdTable {
        header: std::iter::once(String::new())
            .chain(columns.iter().map(|c| c.name.clone()))
            .collect(),
        rows,
    }
}

/// `comparison.md`, or the scenarios section of a decision record.
///
/// # Errors
/// A template error (the bundled template is tested).
pub(crate) fn markdown(
    model: &Model,
    cmp: &Comparison,
    date: &str,
) -> Result<String, minijinja::Error> {
    let q = &model.questionnaire;
    let columns: Vec<&Outcome> = cmp
        .columns
        .iter()
        .chain(std::iter::once(&cmp.consensus_outcome))
        .collect();
    let disagreements: Vec<(String, Vec<String>, bool)> = cmp
        .disagreements
        .iter()
        .map(|d| {
            let question = &q.questions[d.question];
            (
                question.driver.clone(),
                d.values.iter().map(|v| question.display_value(v)).collect(),
                d.changes_recommendation,
            )
        })
        .collect();
    let ties: Vec<String> = cmp
        .ties
        .iter()
        .map(|t| {
            let question = &q.questions[t.question];
            let tied: Vec<String> = t.tied.iter().map(|v| question.display_value(v)).collect();
            format!(
                "{}: {} (took {}, listed first)",
                question.driver,
                tied.join(" / "),
                question.display_value(&t.taken)
            )
        })
        .collect();
    let mut env = super::markdown_env()?;
    env.add_template("comparison.md", TEMPLATE)?;
    env.get_template("comparison.md")?
        .render(minijinja::context! {
            title => q.title.clone(),
            date => date,
            names => cmp.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
            table => minijinja::value::Serde(md_table(model, &columns)),
            disagreements => disagreements,
            ties => ties,
            consensus => leader(model, &cmp.consensus_outcome),
            margin => format!("{:.1}", cmp.consensus_outcome.margin),
            close_call => close_call(model, cmp),
        })
}
