//! A comparison of several sets of answers, as a text table, as `comparison.md` and as
//! `comparison.json`.

use crate::compare::{Comparison, Disagreement, Outcome, Stance, Tie, TieRule, Veto};
use crate::cost::money;
use crate::model::Model;
use crate::questionnaire::Question;
use crate::value::Value;
use serde::Serialize;
use std::fmt::Write;

const TEMPLATE: &str = include_str!("../../assets/templates/comparison.md.j2");

/// How the consensus is tallied, in one sentence for every output.
const CONSENSUS_RULE: &str = "the most frequent answer given to each question (the median for numbers and \
ordered scales, each choice at least half pick for several), counting neither assumed defaults \
nor hidden questions; an answer that rules an option out is in the consensus however few gave it \
(a veto), and ties are settled by a stated rule, never by the order of the answers.";

/// What each column answered to a disagreement's question: "Room A: yes", one per column.
/// Assumed defaults and hidden questions are marked: they are not votes.
pub(super) fn said(cmp: &Comparison, d: &Disagreement, question: &Question) -> Vec<String> {
    cmp.columns
        .iter()
        .zip(&d.values)
        .zip(&d.stances)
        .map(|((c, v), stance)| match stance {
            Stance::Given => format!("{}: {}", c.name, question.short_value(v)),
            Stance::Assumed => format!("{}: ({} assumed)", c.name, question.short_value(v)),
            Stance::Hidden => format!("{}: (not asked)", c.name),
        })
        .collect()
}

/// "AWS ×3 (alice, bob, carol) · GCP ×2 (dan, erin); not counted: fay (assumed)": the votes
/// on a disagreement, most first, and who was not counted and why.
pub(crate) fn votes_line(cmp: &Comparison, d: &Disagreement, question: &Question) -> String {
    let names: Vec<&str> = cmp.columns.iter().map(|c| c.name.as_str()).collect();
    let votes = d.votes(question, &names);
    let mut line = votes
        .groups
        .iter()
        .map(|(v, by)| {
            format!(
                "{} ×{} ({})",
                question.short_value(v),
                by.len(),
                by.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    if !votes.apart.is_empty() {
        let apart: Vec<String> = votes
            .apart
            .iter()
            .map(|(name, stance)| match stance {
                Stance::Hidden => format!("{name} (not asked)"),
                _ => format!("{name} (assumed)"),
            })
            .collect();
        if !line.is_empty() {
            line.push_str("; ");
        }
        let _ = write!(line, "not counted: {}", apart.join(", "));
    }
    line
}

/// "Kubernetes experience: None", for each question every set of answers agrees on.
pub(super) fn agreements(model: &Model, cmp: &Comparison) -> Vec<String> {
    let q = &model.questionnaire;
    cmp.agreements
        .iter()
        .map(|&i| {
            let question = &q.questions[i];
            let value = cmp.consensus.effective(q, i);
            format!("{}: {}", question.driver, question.short_value(&value))
        })
        .collect()
}

/// The room behind a consensus, for its decision record: who took part, where they agree and
/// split (with counts), vetoes and open ties.
#[derive(Serialize)]
pub(crate) struct Room {
    names: Vec<String>,
    table: MdTable,
    agreements: Vec<String>,
    disagreements: Vec<String>,
    vetoes: Vec<String>,
    ties: Vec<String>,
    rule: &'static str,
}

#[must_use]
pub(crate) fn room(model: &Model, cmp: &Comparison) -> Room {
    let q = &model.questionnaire;
    let columns: Vec<&Outcome> = cmp.columns.iter().collect();
    Room {
        names: cmp.columns.iter().map(|c| c.name.clone()).collect(),
        table: md_table(model, &columns),
        agreements: agreements(model, cmp),
        disagreements: cmp
            .disagreements
            .iter()
            .map(|d| {
                let question = &q.questions[d.question];
                let flag = if d.changes_recommendation {
                    " (changes the recommendation)"
                } else {
                    ""
                };
                format!(
                    "{}{flag}: {}",
                    question.driver,
                    votes_line(cmp, d, question)
                )
            })
            .collect(),
        vetoes: cmp.vetoes.iter().map(|v| veto_line(model, v)).collect(),
        ties: cmp.ties.iter().map(|t| tie_line(model, t, false)).collect(),
        rule: CONSENSUS_RULE,
    }
}

/// "Tie on Kubernetes experience: None / Strong — open; the consensus takes None (the
/// questionnaire's default). None → AWS ECS on Fargate · Strong → GKE Standard".
pub(crate) fn tie_line(model: &Model, t: &Tie, short: bool) -> String {
    let q = &model.questionnaire;
    let question = &q.questions[t.question];
    let show = |v: &Value| {
        if short {
            question.short_value(v)
        } else {
            question.display_value(v)
        }
    };
    let tied: Vec<String> = t.tied.iter().map(show).collect();
    let why = match t.rule {
        TieRule::Default => "the questionnaire's default",
        TieRule::Earliest => "the first of them in the questionnaire",
    };
    let each: Vec<String> = t
        .tied
        .iter()
        .zip(&t.recommends)
        .map(|(v, r)| {
            let to = r.map_or("no option", |o| q.options[o].name.as_str());
            format!("{} → {to}", show(v))
        })
        .collect();
    format!(
        "Tie on {}: {} — open; the consensus takes {} ({why}). {}",
        question.driver,
        tied.join(" / "),
        show(&t.taken),
        each.join(" · ")
    )
}

/// "GKE Standard is ruled out: Fargate offers no GPUs (raised by Alice)".
pub(crate) fn veto_line(model: &Model, v: &Veto) -> String {
    let q = &model.questionnaire;
    let question = &q.questions[v.question];
    format!(
        "{} is ruled out: {} ({} answered {} “{}”)",
        q.options[v.option].name,
        v.reason,
        v.by.join(", "),
        question.driver,
        question.kind.choices()[v.choice].label
    )
}

fn leader(model: &Model, o: &Outcome) -> String {
    o.recommended.map_or("none qualifies".to_owned(), |r| {
        model.questionnaire.options[r].name.clone()
    })
}

/// The widest a column of the text table gets; names longer than it are cut, figures never.
const MAX_COLUMN: usize = 24;

/// The table for a terminal `width` columns wide: as many answer sets side by side as fit, the
/// rest on further pages of the same table; the lists below wrap to the width.
#[must_use]
pub(crate) fn text(model: &Model, cmp: &Comparison, width: usize) -> String {
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
    out.push_str(&paged_table(model, &columns, width));
    out.push('\n');
    let wrap = |text: &str| -> String {
        let options = textwrap::Options::new(width.max(20))
            .initial_indent("  ")
            .subsequent_indent("      ");
        textwrap::fill(text, options) + "\n"
    };
    let agreed = agreements(model, cmp);
    if !agreed.is_empty() {
        out.push_str("Agreed:\n");
        out.push_str(&wrap(&agreed.join(" · ")));
        out.push('\n');
    }
    if cmp.disagreements.is_empty() {
        out.push_str("They agree on every answer.\n");
    } else {
        out.push_str("Disagreements, most decisive first:\n");
        for d in &cmp.disagreements {
            let question = &q.questions[d.question];
            let flag = if d.changes_recommendation {
                "  ← changes the recommendation"
            } else {
                ""
            };
            out.push_str(&wrap(&format!(
                "{}: {}{flag}",
                question.driver,
                votes_line(cmp, d, question)
            )));
        }
    }
    out.push('\n');
    out.push_str(&textwrap::fill(
        &format!("Consensus: {CONSENSUS_RULE}"),
        width.max(20),
    ));
    out.push('\n');
    for v in &cmp.vetoes {
        out.push_str(&wrap(&format!("Veto: {}.", veto_line(model, v))));
    }
    for t in &cmp.ties {
        out.push_str(&wrap(&tie_line(model, t, true)));
    }
    let c = &cmp.consensus_outcome;
    let cost = c
        .recommended
        .and_then(|r| c.costs[r])
        .map_or(String::new(), |t| format!(", {} a month", money(t)));
    out.push_str(&wrap(&format!(
        "→ {} (ahead by {:.1}{cost})",
        leader(model, c),
        c.margin
    )));
    if let Some(close) = close_call(model, cmp) {
        out.push_str(&wrap(&close));
    }
    out
}

/// The options against the columns, as many columns side by side as fit `width`, the rest on
/// further pages with the same rows.
fn paged_table(model: &Model, columns: &[&Outcome], width: usize) -> String {
    let q = &model.questionnaire;
    let mut out = String::new();
    // Each column's cells below its name: the figures, which are never cut.
    let cells: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            let mut v = vec![
                c.recommended
                    .map_or("none".to_owned(), |r| format!("★ {}", q.options[r].short)),
                format!("{:.1}", c.margin),
            ];
            v.extend(q.options.iter().enumerate().map(|(o, _)| {
                let cost = c.costs[o].map_or(String::new(), |t| format!("  {}", money(t)));
                if c.excluded[o] {
                    format!("✗{cost}")
                } else {
                    format!("{:.1}{cost}", c.scores[o])
                }
            }));
            v
        })
        .collect();
    let labels: Vec<String> = ["Recommended".to_owned(), "Ahead by".to_owned()]
        .into_iter()
        .chain(q.options.iter().map(|o| o.name.clone()))
        .collect();
    let label_width = labels
        .iter()
        .map(|l| crate::text::width(l))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN)
        + 2;
    let column_width = cells
        .iter()
        .flatten()
        .map(|c| crate::text::width(c))
        .max()
        .unwrap_or(0)
        .clamp(8, MAX_COLUMN)
        + 2;
    let per_page = (width.saturating_sub(label_width) / column_width).max(1);
    for (page, chunk) in (0..columns.len())
        .collect::<Vec<_>>()
        .chunks(per_page)
        .enumerate()
    {
        if page > 0 {
            out.push('\n');
        }
        let row = |label: &str, row: &mut dyn Iterator<Item = String>| {
            let mut line = crate::text::pad(label, label_width - 2) + "  ";
            for c in row {
                line.push_str(&crate::text::pad(&c, column_width - 2));
                line.push_str("  ");
            }
            line.trim_end().to_owned() + "\n"
        };
        out.push_str(&row(
            "",
            &mut chunk.iter().map(|&k| columns[k].name.clone()),
        ));
        for (r, label) in labels.iter().enumerate() {
            out.push_str(&row(label, &mut chunk.iter().map(|&k| cells[k][r].clone())));
        }
    }
    out
}

/// For a consensus that is a close call (the consensus's own decision says so): a sentence
/// saying why, with the single changes to the consensus answers that would change it.
fn close_call(model: &Model, cmp: &Comparison) -> Option<String> {
    let decision = model.decide(&cmp.consensus);
    let why = decision.why().filter(|w| w.close_call)?;
    let q = &model.questionnaire;
    let deciding = super::flip_text::deciding(q, &decision.flips);
    let mut text = if why.narrow {
        format!("A close call (under {} points).", crate::engine::CLOSE_CALL)
    } else {
        "A close call: the lead rests mostly on estimated prices.".to_owned()
    };
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
    pub vetoes: Vec<VetoJson>,
}

#[derive(Serialize)]
pub(crate) struct VetoJson {
    pub option: String,
    pub question: String,
    pub answer: String,
    pub by: Vec<String>,
    pub reason: String,
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
    /// Ties are never settled by order: `default` or `earliest`, and the tie stays open.
    pub rule: &'static str,
    pub open: bool,
    /// What the consensus would recommend with each tied answer (option ids; null: none).
    pub recommends: Vec<Option<String>>,
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
                    rule: match t.rule {
                        TieRule::Default => "default",
                        TieRule::Earliest => "earliest",
                    },
                    open: true,
                    recommends: t
                        .recommends
                        .iter()
                        .map(|r| r.map(|o| q.options[o].id.clone()))
                        .collect(),
                }
            })
            .collect(),
        vetoes: cmp
            .vetoes
            .iter()
            .map(|v| {
                let question = &q.questions[v.question];
                VetoJson {
                    option: q.options[v.option].id.clone(),
                    question: question.id.clone(),
                    answer: question.kind.choices()[v.choice].id.clone(),
                    by: v.by.clone(),
                    reason: v.reason.clone(),
                }
            })
            .collect(),
    }
}

/// Where a room's export puts the consensus's bundle (DESIGN.md's layout).
const CONSENSUS_DIR: &str = "consensus";

/// What `compare --out` and a room's export write: `comparison.md`, `comparison.json`, and the
/// consensus as a full bundle in `consensus/`, whose `answers.toml` replays with `report`.
///
/// # Errors
/// A render failure (see [`super::render`]).
pub(crate) fn files(
    model: &Model,
    cmp: &Comparison,
) -> anyhow::Result<Vec<(std::path::PathBuf, String)>> {
    let date = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let mut files = vec![
        ("comparison.md".into(), markdown(model, cmp, &date)?),
        (
            "comparison.json".into(),
            serde_json::to_string_pretty(&json(model, cmp))? + "\n",
        ),
    ];
    let (_, consensus) = super::files_for(&super::Subject {
        model,
        answers: &cmp.consensus,
        scenarios: &[],
        room: Some(cmp),
        artifacts: super::Artifacts::Recommended,
    })?;
    files.extend(
        consensus
            .into_iter()
            .map(|(rel, text)| (std::path::Path::new(CONSENSUS_DIR).join(rel), text)),
    );
    Ok(files)
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
    let ties: Vec<String> = cmp.ties.iter().map(|t| tie_line(model, t, false)).collect();
    let vetoes: Vec<String> = cmp.vetoes.iter().map(|v| veto_line(model, v)).collect();
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
            vetoes => vetoes,
            rule => CONSENSUS_RULE,
            consensus => leader(model, &cmp.consensus_outcome),
            margin => format!("{:.1}", cmp.consensus_outcome.margin),
            close_call => close_call(model, cmp),
        })
}
