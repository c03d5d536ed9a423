//! `recommendation.md`: a decision record in the MADR 4.0 layout. This module works out what to
//! say (pros and cons from the contributions, what to measure, what to warn about); the layout
//! lives in `assets/templates/recommendation.md.j2`.

use super::{AppSpec, Inputs};
use crate::cost::money;
use crate::model::Assessment;
use crate::questionnaire::Questionnaire;
use serde::Serialize;

const TEMPLATE: &str = include_str!("../../assets/templates/recommendation.md.j2");
/// Differences smaller than this (score points) are not worth a pro or a con: the engine's
/// threshold for a reason worth naming.
const NOTABLE: f64 = crate::engine::NOTABLE_GAIN;
/// How many pros and cons to list per option.
const MOST: usize = 5;

#[derive(Serialize)]
struct Record {
    date: String,
    title: String,
    /// What the decision is about, in the questionnaire's words.
    subject: String,
    /// The application's name, when the questionnaire has one.
    app: Option<String>,
    /// The problem, as the questionnaire asks it.
    problem: String,
    questionnaire: String,
    version: String,
    source: Option<String>,
    drivers: Vec<Driver>,
    options: Vec<Considered>,
    chosen: Option<Chosen>,
    warnings: Vec<String>,
    costs: Vec<CostTable>,
    pricing: Option<Pricing>,
    break_even: Vec<String>,
    /// Flips that change the recommendation.
    flips: Vec<String>,
    /// Flips that change only the cheapest option.
    cost_flips: Vec<String>,
    assumed: Vec<String>,
    not_applicable: Vec<String>,
    /// Saved scenarios beside the answers: a table and the answers that differ.
    scenarios: Option<ScenarioSection>,
    /// For a room's consensus: who took part, where they agree and split, vetoes, open ties.
    room: Option<super::comparison::Room>,
    artifacts: Vec<Artifact>,
}

#[derive(Serialize)]
struct Driver {
    name: String,
    answer: String,
    weight: String,
    assumed: bool,
}

#[derive(Serialize)]
struct Considered {
    name: String,
    summary: Option<String>,
    score: String,
    cost: Option<String>,
    excluded: bool,
    reasons: Vec<String>,
    good: Vec<String>,
    bad: Vec<String>,
    chosen: bool,
}

#[derive(Serialize)]
struct Chosen {
    name: String,
    margin: String,
    runner_up: Option<String>,
    /// The first reasons, which the headline names; every one of them is also in `good`.
    because: Vec<String>,
    good: Vec<String>,
    bad: Vec<String>,
    close_call: bool,
    close_call_under: String,
    /// The single changes that would change the recommendation, nearest first.
    deciding: Vec<String>,
    confirmation: Vec<String>,
    /// Eligible options that could not be priced, so cost entered no score: "name: why".
    cost_left_out: Vec<String>,
    /// The lead is under the close-call threshold (not only resting on estimates).
    narrow: bool,
    /// The estimated bill lines the lead rests on, when it rests mostly on them.
    estimate_lead: Vec<String>,
}

#[derive(Serialize)]
struct CostTable {
    name: String,
    total: String,
    items: Vec<CostLine>,
    notes: Vec<String>,
    error: Option<String>,
}

#[derive(Serialize)]
struct CostLine {
    item: String,
    amount: String,
    detail: String,
}

#[derive(Serialize)]
struct Pricing {
    title: String,
    as_of: String,
    aws_region: String,
    gcp_region: String,
    purchase: String,
    estimates: usize,
    /// How old each provider's prices are.
    freshness: String,
    hours_per_month: String,
    sources: Vec<String>,
}

#[derive(Serialize)]
struct ScenarioSection {
    table: super::comparison::MdTable,
    differences: Vec<String>,
}

/// A file of the bundle and how to use it.
#[derive(Serialize)]
pub(crate) struct Artifact {
    pub path: String,
    pub what: String,
}

/// Renders the decision record.
///
/// # Errors
/// A template error (the bundled template is tested).
pub(crate) fn render(
    inputs: &Inputs<'_>,
    app: Option<&AppSpec>,
    warnings: &[String],
    artifacts: Vec<Artifact>,
) -> Result<String, minijinja::Error> {
    let mut record = record(inputs, app, artifacts);
    record.warnings.splice(0..0, warnings.iter().cloned());
    let mut env = super::markdown_env()?;
    env.add_template("recommendation.md", TEMPLATE)?;
    env.get_template("recommendation.md")?
        .render(minijinja::value::Serde(&record))
}

/// One question's contribution to each option, and its weight, in questionnaire order.
struct Row {
    question: usize,
    points: Vec<f64>,
}

fn rows(q: &Questionnaire, a: &Assessment) -> Vec<Row> {
    let e = &a.evaluation;
    let Some(first) = e.options.first() else {
        return Vec::new();
    };
    first
        .contributions
        .iter()
        .enumerate()
        // Cost points are spoken of as cost, with the bill, not as an answer.
        .filter(|(_, c)| !q.questions[c.question].weighs_cost())
        .map(|(k, c)| Row {
            question: c.question,
            points: e
                .options
                .iter()
                .map(|o| o.contributions[k].points)
                .collect(),
        })
        .collect()
}

/// The decision record's content, section by section.
fn record(inputs: &Inputs<'_>, app: Option<&AppSpec>, artifacts: Vec<Artifact>) -> Record {
    let q = &inputs.model.questionnaire;
    let e = &inputs.decision.assessment.evaluation;
    let rows = rows(q, &inputs.decision.assessment);
    let options = considered(inputs, &rows);
    let chosen = chosen(inputs, &options);
    let drivers = drivers(inputs, &rows);
    let costs = cost_tables(inputs);
    let pricing = pricing(inputs);
    let break_even = break_even(inputs);
    let flips = flip_sentences(inputs, true);
    let cost_flips = flip_sentences(inputs, false);
    // The application's name when the questionnaire has one, else the questionnaire's words.
    let for_app = app.map_or(String::new(), |app| format!(" for `{}`", app.name));
    let title = match e.recommended {
        Some(o) => format!("Choose {}{for_app}", q.options[o].name),
        None => format!("No option qualifies{for_app}"),
    };

    Record {
        date: inputs
            .generated_at
            .get(..10)
            .unwrap_or(&inputs.generated_at)
            .to_owned(),
        title,
        subject: q.subject.clone(),
        app: app.map(|app| app.name.clone()),
        problem: q.problem.clone(),
        questionnaire: q.title.clone(),
        version: q.version.clone(),
        source: q.source.as_ref().map(|s| s.title.clone()),
        drivers,
        options,
        chosen,
        warnings: warnings(inputs, app),
        costs,
        pricing,
        break_even,
        flips,
        cost_flips,
        scenarios: super::json::scenario_comparison(inputs).map(|cmp| {
            let columns: Vec<&crate::compare::Outcome> = cmp.columns.iter().collect();
            ScenarioSection {
                table: super::comparison::md_table(inputs.model, &columns),
                differences: cmp
                    .disagreements
                    .iter()
                    .map(|d| {
                        let question = &q.questions[d.question];
                        let said = super::comparison::said(&cmp, d, question);
                        format!("{}: {}", question.driver, said.join("; "))
                    })
                    .collect(),
            }
        }),
        room: inputs
            .room
            .map(|cmp| super::comparison::room(inputs.model, cmp)),
        assumed: inputs
            .decision
            .assumed()
            .into_iter()
            .map(|i| said(inputs, i))
            .collect(),
        not_applicable: inputs
            .decision
            .not_applicable()
            .into_iter()
            .map(|i| q.questions[i].driver.clone())
            .collect(),
        artifacts,
    }
}

/// How the record quotes an answer: the effective value, as its question shows it.
fn answer(inputs: &Inputs<'_>, i: usize) -> String {
    let question = &inputs.model.questionnaire.questions[i];
    question.display_value(&inputs.decision.assessment.evaluation.resolved.values[i])
}

/// "Kubernetes experience is “None”".
fn said_is(inputs: &Inputs<'_>, i: usize) -> String {
    let driver = &inputs.model.questionnaire.questions[i].driver;
    format!("{driver} is “{}”", answer(inputs, i))
}

/// "Kubernetes experience: None".
fn said(inputs: &Inputs<'_>, i: usize) -> String {
    let driver = &inputs.model.questionnaire.questions[i].driver;
    format!("{driver}: {}", answer(inputs, i))
}

/// Each option's case: what favours it and what counts against it, exclusions first.
fn considered(inputs: &Inputs<'_>, rows: &[Row]) -> Vec<Considered> {
    let q = &inputs.model.questionnaire;
    let assessment = &inputs.decision.assessment;
    let e = &assessment.evaluation;
    let cheapest = assessment
        .cheapest()
        .and_then(|o| assessment.total(o).map(|t| (o, t)));
    let mut options: Vec<Considered> = Vec::new();
    for (o, def) in q.options.iter().enumerate() {
        let res = &e.options[o];
        let mut good: Vec<(f64, String)> = Vec::new();
        let mut bad: Vec<(f64, String)> = Vec::new();
        for row in rows {
            let mine = row.points[o];
            let others: Vec<(usize, f64)> = row
                .points
                .iter()
                .copied()
                .enumerate()
                .filter(|(other, _)| *other != o)
                .collect();
            #[allow(clippy::cast_precision_loss)] // a handful of options
            let average = others.iter().map(|(_, p)| p).sum::<f64>() / others.len().max(1) as f64;
            let lead = mine - average;
            let is = said_is(inputs, row.question);
            if lead >= NOTABLE {
                good.push((lead, format!("{is} (+{lead:.1})")));
            } else if -lead >= NOTABLE {
                let best = others
                    .iter()
                    .fold(others[0], |acc, x| if x.1 > acc.1 { *x } else { acc });
                bad.push((
                    -lead,
                    format!(
                        "{is}, which favours {} (−{:.1})",
                        q.options[best.0].name, -lead
                    ),
                ));
            }
        }
        good.sort_by(|x, y| y.0.total_cmp(&x.0));
        bad.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut good: Vec<String> = good.into_iter().take(MOST).map(|(_, s)| s).collect();
        let mut bad: Vec<String> = bad.into_iter().take(MOST).map(|(_, s)| s).collect();
        if let (Some(total), Some((c, cheapest_total))) = (assessment.total(o), cheapest) {
            if c == o {
                good.insert(
                    0,
                    format!(
                        "it is the cheapest eligible option, at {} a month",
                        money(total)
                    ),
                );
            } else if total > cheapest_total {
                bad.insert(
                    0,
                    format!(
                        "it costs {} a month, {} more than {}",
                        money(total),
                        money(total - cheapest_total),
                        q.options[c].name
                    ),
                );
            }
        }
        let reasons: Vec<String> = res.exclusions.iter().map(|x| x.reason.clone()).collect();
        bad.splice(0..0, reasons.iter().cloned());
        options.push(Considered {
            name: def.name.clone(),
            summary: def.summary.clone(),
            score: format!("{:.1}", res.score),
            cost: assessment.total(o).map(money),
            excluded: res.excluded(),
            reasons,
            good,
            bad,
            chosen: e.recommended == Some(o),
        });
    }

    options
}

/// The recommended option's case, from the engine's one computation of why it leads.
fn chosen(inputs: &Inputs<'_>, options: &[Considered]) -> Option<Chosen> {
    let q = &inputs.model.questionnaire;
    let assessment = &inputs.decision.assessment;
    let e = &assessment.evaluation;
    e.why().map(|why| {
        let o = why.recommended;
        let bill = |x: usize| {
            assessment
                .total(x)
                .map_or_else(|| "unpriced".to_owned(), money)
        };
        // One reason, in words: the answer, or for cost the two bills.
        let reason = |i: usize, favoured: usize, other: usize| {
            if q.questions[i].weighs_cost() {
                format!(
                    "{} costs {} a month against {} for {}",
                    q.options[favoured].name,
                    bill(favoured),
                    bill(other),
                    q.options[other].name
                )
            } else {
                said_is(inputs, i)
            }
        };
        let ru = why.runner_up.unwrap_or(o);
        let good: Vec<String> = why
            .reasons
            .iter()
            .map(|r| format!("{} (+{:.1})", reason(r.question, o, ru), r.gain))
            .collect();
        let mut bad: Vec<String> = why
            .against
            .iter()
            .map(|r| {
                format!(
                    "{}, which favours {} (−{:.1})",
                    reason(r.question, ru, o),
                    q.options[ru].name,
                    r.gain
                )
            })
            .collect();
        bad.extend(options[o].reasons.iter().cloned());
        let deciding = super::flip_text::deciding(q, &inputs.decision.flips);
        Chosen {
            name: q.options[o].name.clone(),
            margin: format!("{:.1}", e.margin),
            runner_up: why.runner_up.map(|x| q.options[x].name.clone()),
            because: good.iter().take(3).cloned().collect(),
            good,
            bad,
            close_call: why.close_call,
            close_call_under: format!("{}", crate::engine::CLOSE_CALL),
            deciding,
            confirmation: confirmation(inputs, o),
            narrow: why.narrow,
            estimate_lead: e.estimate_lead.clone(),
            cost_left_out: super::cost_left_out(inputs),
        }
    })
}

/// The criteria that moved the scores, with the answer and weight each had.
fn drivers(inputs: &Inputs<'_>, rows: &[Row]) -> Vec<Driver> {
    let q = &inputs.model.questionnaire;
    let resolved = &inputs.decision.assessment.evaluation.resolved;
    rows.iter()
        .map(|row| {
            let w = row.points.first().map_or(1.0, |_| {
                crate::engine::weight(q, inputs.answers, row.question)
            });
            Driver {
                name: q.questions[row.question].driver.clone(),
                answer: answer(inputs, row.question),
                weight: format!("{w}"),
                assumed: resolved.assumed[row.question],
            }
        })
        .collect()
}

/// Each option's itemized bill, or why it has none.
fn cost_tables(inputs: &Inputs<'_>) -> Vec<CostTable> {
    let q = &inputs.model.questionnaire;
    let assessment = &inputs.decision.assessment;
    q.options
        .iter()
        .zip(&assessment.costs)
        .filter_map(|(def, cost)| {
            let cost = cost.as_ref()?;
            Some(match cost {
                Ok(c) => CostTable {
                    name: def.name.clone(),
                    total: money(c.total),
                    items: c
                        .items
                        .iter()
                        .map(|i| CostLine {
                            item: i.item.clone(),
                            amount: money(i.monthly_usd),
                            detail: i.detail.clone(),
                        })
                        .collect(),
                    notes: c.notes.clone(),
                    error: None,
                },
                Err(why) => CostTable {
                    name: def.name.clone(),
                    total: "unknown".to_owned(),
                    items: Vec::new(),
                    notes: Vec::new(),
                    error: Some(why.clone()),
                },
            })
        })
        .collect()
}

/// The price book behind the bills, for the workload's region and purchase option.
fn pricing(inputs: &Inputs<'_>) -> Option<Pricing> {
    let q = &inputs.model.questionnaire;
    let assessment = &inputs.decision.assessment;
    let book = &inputs.model.prices;
    assessment.workload.map(|w| {
        let names = &book.regions[w.region.index()];
        Pricing {
            title: book.title.clone(),
            as_of: book.as_of.clone(),
            aws_region: names.aws.clone(),
            gcp_region: names.gcp.clone(),
            purchase: q.cost_inputs.map_or_else(
                || w.purchase.id().to_owned(),
                |ci| answer(inputs, ci.purchase),
            ),
            estimates: book.estimates(),
            freshness: book.freshness().summary(),
            hours_per_month: crate::cost::num(book.hours_per_month).to_string(),
            sources: book
                .sources
                .iter()
                .map(|s| match &s.url {
                    Some(u) => format!("{} <{u}>", s.title),
                    None => s.title.clone(),
                })
                .collect(),
        }
    })
}

/// Where along utilization the cheapest option changes.
fn break_even(inputs: &Inputs<'_>) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    inputs.decision.curve.as_ref().map_or_else(Vec::new, |c| {
        let now = format!("This workload runs at {:.0}% average utilization.", c.current * 100.0);
        if c.crossovers.is_empty() {
            let only = c.cheapest(0).map_or("No option".to_owned(), |o| q.options[o].name.clone());
            vec![format!("From 5% to 100% average utilization (average replicas as a share of the peak), {only} stays the cheapest. {now}")]
        } else {
            let mut lines: Vec<String> = c
                .crossovers
                .iter()
                .map(|x| {
                    format!(
                        "At {:.0}% average utilization the cheapest option changes from {} to {}.",
                        x.utilization * 100.0,
                        q.options[x.from].name,
                        q.options[x.to].name
                    )
                })
                .collect();
            lines.push(now);
            lines
        }
    })
}

/// The flip points as sentences: those that change the recommendation, or (`false`) only the
/// cheapest option.
fn flip_sentences(inputs: &Inputs<'_>, recommendation: bool) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    inputs
        .decision
        .flips
        .iter()
        .filter(|f| f.recommendation_changes == recommendation)
        .map(|f| {
            format!(
                "{} {}.",
                super::flip_text::change(q, f),
                super::flip_text::effect(q, f)
            )
        })
        .collect()
}

/// What to measure after rollout to confirm the decision.
fn confirmation(inputs: &Inputs<'_>, o: usize) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    let a = &inputs.decision.assessment;
    let mut out = Vec::new();
    if let Some(total) = a.total(o) {
        out.push(format!(
            "After the first full month, compare the bill with the estimate of {} a month; a gap above 20% means the sizing answers or the price book need another look.",
            money(total)
        ));
    }
    if let Some(c) = inputs.decision.curve.as_ref()
        && let Some(x) = c.crossovers.iter().min_by(|x, y| {
            (x.utilization - c.current)
                .abs()
                .total_cmp(&(y.utilization - c.current).abs())
        })
    {
        out.push(format!(
            "Measure average utilization (average replicas against the peak): the estimate assumes {:.0}%, and at {:.0}% the cheapest option changes from {} to {}.",
            c.current * 100.0,
            x.utilization * 100.0,
            q.options[x.from].name,
            q.options[x.to].name
        ));
    }
    out.extend(q.options[o].follow_up.iter().cloned());
    out.extend(q.follow_up.iter().cloned());
    out
}

/// Things a reader must act on before using the bundle.
fn warnings(inputs: &Inputs<'_>, app: Option<&AppSpec>) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    let r = &inputs.decision.assessment.evaluation.resolved;
    let mut out = Vec::new();
    let Some(app) = app else {
        return out;
    };
    if app.privileged {
        out.push("The workload needs privileged access: the Kubernetes Deployment runs its container with `privileged: true`, which gives it root on the node. Run it on a dedicated node pool, have it reviewed for security, and grant specific capabilities instead if they are enough.".to_owned());
    }
    if app.gpu {
        out.push(format!(
            "The Deployment requests {} `nvidia.com/gpu` per replica and selects `{}` nodes: DEPLOY.md creates GKE Standard's GPU node pool as priced; Autopilot provisions GPU nodes itself.",
            app.gpus.max(1),
            super::k8s::GPU_ACCELERATOR
        ));
    }
    if let Some(i) = q.question_index("image")
        && r.assumed[i]
    {
        out.push(format!(
            "The container image is the questionnaire's placeholder `{}`: answer `image` before deploying.",
            app.image
        ));
    }
    out
}
