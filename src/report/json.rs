//! `recommendation.json`: the machine-readable result, shaped as DESIGN.md's contract says.

use super::Inputs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Recommendation {
    pub tool: Tool,
    pub questionnaire: QuestionnaireRef,
    pub generated_at: String,
    /// The best option not excluded; null only when every option is excluded.
    pub recommended: Option<String>,
    pub margin: f64,
    /// The cheapest option the answers leave eligible; null when one of them cannot be priced.
    #[serde(default)]
    pub cheapest: Option<String>,
    /// Why the recommended option leads the runner-up: the answers behind the record's headline
    /// and consequences and the explorer's Why line. Null when every option is excluded.
    pub why: Option<WhyOut>,
    pub options: Vec<OptionOut>,
    pub flip_points: Vec<FlipOut>,
    /// The price book and the pricing answers the costs use; null without sizing questions.
    pub pricing: Option<PricingOut>,
    /// Where the cheapest option changes as average utilization (replicas / peak) varies.
    pub break_even: Option<BreakEvenOut>,
    /// Every question's effective answer, given or assumed, by id.
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Questions answered by their default.
    pub assumed: Vec<String>,
    /// Questions hidden by their `show_if`, which did not count.
    pub not_applicable: Vec<String>,
    /// The user's weight multipliers, by question id.
    pub weights: BTreeMap<String, f64>,
    /// The saved scenarios beside these answers ("Now"), when the explorer had any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenarios: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WhyOut {
    /// The best other option not excluded; null when no other is eligible.
    pub runner_up: Option<String>,
    /// True when the margin is under the close-call threshold (`close_call_under` points).
    pub close_call: bool,
    pub close_call_under: f64,
    /// When the lead rests mostly on bill lines priced from estimated figures (a close call
    /// whatever the margin): those lines, with why each is an estimate.
    pub estimate_lead: Vec<String>,
    /// Eligible options that could not be priced, so cost entered no score: "name (why)".
    pub cost_left_out: Vec<String>,
    /// Answers that gave the recommended option more points than the runner-up, largest first;
    /// `points` is the difference.
    pub reasons: Vec<ReasonOut>,
    /// Answers that gave the runner-up more points than the recommended option.
    pub against: Vec<ReasonOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ReasonOut {
    pub question: String,
    pub answer: serde_json::Value,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct QuestionnaireRef {
    pub id: String,
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OptionOut {
    pub id: String,
    pub name: String,
    pub score: f64,
    pub excluded: bool,
    pub exclusions: Vec<ExclusionOut>,
    /// The estimated monthly bill; null when the option cannot be priced (see `cost_error`).
    pub monthly_cost_usd: Option<f64>,
    /// Items that sum to `monthly_cost_usd`.
    pub cost_breakdown: Vec<CostItemOut>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_error: Option<String>,
    /// GKE Standard: the node pool the bill prices, which DEPLOY.md creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_pool: Option<NodePoolOut>,
    pub contributions: Vec<ContributionOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NodePoolOut {
    pub machine_type: String,
    /// Nodes while the workload runs, as priced.
    pub nodes: u32,
    pub min_nodes: u32,
    pub max_nodes: u32,
    pub replicas_per_node: u32,
    pub spot: bool,
    /// `x86` or `arm`.
    pub arch: String,
    /// GPUs attached to each node (0 without).
    pub gpus: u32,
}

impl From<crate::cost::NodePool> for NodePoolOut {
    fn from(p: crate::cost::NodePool) -> Self {
        Self {
            machine_type: p.machine_type,
            nodes: p.nodes,
            min_nodes: p.min_nodes,
            max_nodes: p.max_nodes,
            replicas_per_node: p.replicas_per_node,
            spot: p.spot,
            arch: p.arch.id().to_owned(),
            gpus: p.gpus,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CostItemOut {
    pub item: String,
    pub monthly_usd: f64,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PricingOut {
    pub title: String,
    pub as_of: String,
    pub currency: String,
    pub region: String,
    pub aws_region: String,
    pub gcp_region: String,
    pub purchase: String,
    pub hours_per_month: f64,
    /// How old each provider's prices are: the newest and oldest `as_of` of its figures.
    pub freshness: FreshnessOut,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FreshnessOut {
    pub aws: Option<DatesOut>,
    /// The Fargate Spot rates: a snapshot of a feed that moves.
    pub aws_spot: Option<DatesOut>,
    pub google: Option<DatesOut>,
    /// From this age in days (of a provider's newest figure) the tool warns.
    pub stale_after_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DatesOut {
    pub newest: String,
    pub oldest: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BreakEvenOut {
    pub current_utilization: f64,
    pub crossovers: Vec<CrossoverOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CrossoverOut {
    /// Average replicas as a share of peak replicas, 0 to 1.
    pub utilization: f64,
    /// The cheapest option below this utilization, and above it.
    pub cheapest_below: String,
    pub cheapest_above: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ExclusionOut {
    pub question: String,
    pub answer: serde_json::Value,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ContributionOut {
    pub question: String,
    pub answer: serde_json::Value,
    /// Score points; an option's contributions add up to its score (to rounding).
    pub points: f64,
    pub raw_points: f64,
    pub weight: f64,
    pub assumed: bool,
}

/// One change that alone would change the recommendation or the cheapest option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FlipOut {
    pub question: String,
    /// "choice", "number" or "weight".
    pub kind: String,
    /// The answer (or weight multiplier) now.
    pub current: serde_json::Value,
    /// The other choice that would flip it (kind "choice").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// The nearest value, on the question's step grid, that would flip it (kind "number").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The weight multiplier that would flip it (kind "weight").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<f64>,
    /// The option that would then be recommended, and the one that would be cheapest.
    pub recommends: Option<String>,
    pub cheapest: Option<String>,
    /// What changes: "recommendation", "cheapest", or both.
    pub changes: Vec<String>,
    /// The size of the change relative to what the question allows (0 to 1); the list's order.
    pub distance: f64,
}

/// Two decimals: what a reader needs, and stable across platforms.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[must_use]
pub(crate) fn recommendation(inputs: &Inputs<'_>) -> Recommendation {
    let q = &inputs.model.questionnaire;
    let e = &inputs.decision.assessment.evaluation;
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
        cheapest: inputs.decision.cheapest().map(|o| q.options[o].id.clone()),
        why: e.why().map(|why| {
            let reason = |r: &crate::engine::Reason| ReasonOut {
                question: q.questions[r.question].id.clone(),
                answer: q.questions[r.question].value_to_json(&e.resolved.values[r.question]),
                points: round2(r.gain),
            };
            WhyOut {
                runner_up: why.runner_up.map(|o| q.options[o].id.clone()),
                close_call: why.close_call,
                close_call_under: crate::engine::CLOSE_CALL,
                estimate_lead: e.estimate_lead.clone(),
                cost_left_out: super::cost_left_out(inputs),
                reasons: why.reasons.iter().map(reason).collect(),
                against: why.against.iter().map(reason).collect(),
            }
        }),
        options: options_out(inputs),
        flip_points: inputs
            .decision
            .flips
            .iter()
            .map(|f| flip_out(q, f))
            .collect(),
        pricing: pricing_out(inputs),
        break_even: inputs.decision.curve.as_ref().map(|c| BreakEvenOut {
            current_utilization: round2(c.current),
            crossovers: c
                .crossovers
                .iter()
                .map(|x| CrossoverOut {
                    utilization: round2(x.utilization),
                    cheapest_below: q.options[x.from].id.clone(),
                    cheapest_above: q.options[x.to].id.clone(),
                })
                .collect(),
        }),
        answers: q
            .questions
            .iter()
            .enumerate()
            .map(|(i, question)| (question.id.clone(), answer(i)))
            .collect(),
        assumed: ids(q, &inputs.decision.assumed()),
        not_applicable: ids(q, &inputs.decision.not_applicable()),
        scenarios: scenario_comparison(inputs).map(|cmp| {
            serde_json::to_value(super::comparison::json(inputs.model, &cmp)).unwrap_or_default()
        }),
        weights: q
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, question)| inputs.answers.weight(i).map(|w| (question.id.clone(), w)))
            .collect(),
    }
}

/// Each option: its score and why, its exclusions, and its bill.
fn options_out(inputs: &Inputs<'_>) -> Vec<OptionOut> {
    let q = &inputs.model.questionnaire;
    let e = &inputs.decision.assessment.evaluation;
    let costs = &inputs.decision.assessment.costs;
    let r = &e.resolved;
    let answer = |i: usize| q.questions[i].value_to_json(&r.values[i]);
    q.options
        .iter()
        .zip(&e.options)
        .zip(costs)
        .map(|((def, res), cost)| OptionOut {
            id: def.id.clone(),
            name: def.name.clone(),
            score: round2(res.score),
            excluded: res.excluded(),
            monthly_cost_usd: match cost {
                Some(Ok(c)) => Some(c.total),
                _ => None,
            },
            cost_breakdown: match cost {
                Some(Ok(c)) => c
                    .items
                    .iter()
                    .map(|i| CostItemOut {
                        item: i.item.clone(),
                        monthly_usd: i.monthly_usd,
                        detail: i.detail.clone(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            cost_notes: match cost {
                Some(Ok(c)) => c.notes.clone(),
                _ => Vec::new(),
            },
            cost_error: match cost {
                Some(Err(why)) => Some(why.clone()),
                _ => None,
            },
            node_pool: (def.cost_model == Some(crate::questionnaire::CostModel::GkeStandard))
                .then_some(inputs.decision.assessment.workload.as_ref())
                .flatten()
                .and_then(|w| crate::cost::node_pool(w, &inputs.model.prices).ok())
                .map(NodePoolOut::from),
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
        .collect()
}

/// The answers ("Now") and the saved scenarios compared, when there are scenarios.
#[must_use]
pub(crate) fn scenario_comparison(inputs: &Inputs<'_>) -> Option<crate::compare::Comparison> {
    if inputs.scenarios.is_empty() {
        return None;
    }
    let mut columns = vec![("Now".to_owned(), inputs.answers.clone())];
    columns.extend(inputs.scenarios.iter().cloned());
    Some(crate::compare::compare(inputs.model, &columns))
}

fn flip_out(q: &crate::questionnaire::Questionnaire, f: &crate::engine::FlipPoint) -> FlipOut {
    use crate::engine::Change;
    let question = &q.questions[f.question];
    let option_id = |o: Option<usize>| o.map(|o| q.options[o].id.clone());
    let (kind, current, alternative, threshold, multiplier) = match &f.change {
        Change::Choice {
            current,
            alternative,
        } => (
            "choice",
            serde_json::Value::from(question.choice_id(*current)),
            Some(question.choice_id(*alternative).to_owned()),
            None,
            None,
        ),
        Change::Number { current, threshold } => (
            "number",
            serde_json::Value::from(*current),
            None,
            Some(*threshold),
            None,
        ),
        Change::Weight {
            current,
            multiplier,
        } => (
            "weight",
            serde_json::Value::from(*current),
            None,
            None,
            Some(*multiplier),
        ),
    };
    let mut changes = Vec::new();
    if f.recommendation_changes {
        changes.push("recommendation".to_owned());
    }
    if f.cheapest_changes {
        changes.push("cheapest".to_owned());
    }
    FlipOut {
        question: question.id.clone(),
        kind: kind.to_owned(),
        current,
        alternative,
        threshold,
        multiplier,
        recommends: option_id(f.recommends),
        cheapest: option_id(f.cheapest),
        changes,
        distance: round2(f.distance),
    }
}

fn ids(q: &crate::questionnaire::Questionnaire, questions: &[usize]) -> Vec<String> {
    questions
        .iter()
        .map(|&i| q.questions[i].id.clone())
        .collect()
}

/// The price book and the pricing answers the costs use, with how old the prices are.
fn pricing_out(inputs: &Inputs<'_>) -> Option<PricingOut> {
    let book = &inputs.model.prices;
    inputs.decision.assessment.workload.map(|w| {
        let names = &book.regions[w.region.index()];
        PricingOut {
            title: book.title.clone(),
            as_of: book.as_of.clone(),
            currency: book.currency.clone(),
            region: w.region.id().to_owned(),
            aws_region: names.aws.clone(),
            gcp_region: names.gcp.clone(),
            purchase: w.purchase.id().to_owned(),
            hours_per_month: book.hours_per_month,
            freshness: {
                let f = book.freshness();
                let dates = |d: Option<crate::pricing::Dates>| {
                    d.map(|d| DatesOut {
                        newest: d.newest.to_string(),
                        oldest: d.oldest.to_string(),
                    })
                };
                FreshnessOut {
                    aws: dates(f.aws),
                    aws_spot: dates(f.aws_spot),
                    google: dates(f.google),
                    stale_after_days: crate::pricing::STALE_DAYS,
                }
            },
        }
    })
}
