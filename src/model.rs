//! A questionnaire with its price book: everything needed to assess a set of answers.

use crate::answers::Answers;
use crate::cost::{self, Curve, OptionCost, Workload};
use crate::engine::{self, Evaluation, FlipPoint};
use crate::pricing::PriceBook;
use crate::questionnaire::Questionnaire;

#[derive(Debug, Clone)]
pub struct Model {
    pub questionnaire: Questionnaire,
    pub prices: PriceBook,
}

/// Everything a set of answers decides, computed once: the scores and bills, the flips and the
/// break-even curve. The explorer's panels, plain mode, every file of a bundle, `compare`'s
/// consensus and the room read this one value and never work anything out again, so they
/// cannot disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub assessment: Assessment,
    /// Each single change that would change the recommendation or the cheapest option, smallest
    /// first.
    pub flips: Vec<FlipPoint>,
    /// Where the cheapest eligible option changes with utilization; `None` when the eligible
    /// options cannot all be priced.
    pub curve: Option<Curve>,
}

impl Decision {
    #[must_use]
    pub fn evaluation(&self) -> &Evaluation {
        &self.assessment.evaluation
    }

    /// The recommended option: the best-scoring one not excluded.
    #[must_use]
    pub fn recommended(&self) -> Option<usize> {
        self.assessment.evaluation.recommended
    }

    /// The cheapest option not ruled out, when the comparison is complete.
    #[must_use]
    pub fn cheapest(&self) -> Option<usize> {
        self.assessment.cheapest()
    }

    /// The questions shown but not answered, whose defaults are assumed. A question hidden by
    /// its `show_if` is not applicable, never assumed.
    #[must_use]
    pub fn assumed(&self) -> Vec<usize> {
        self.assessment.evaluation.resolved.assumed_shown()
    }

    /// The questions hidden by their `show_if`: they do not count.
    #[must_use]
    pub fn not_applicable(&self) -> Vec<usize> {
        let visible = &self.assessment.evaluation.resolved.visible;
        (0..visible.len()).filter(|&i| !visible[i]).collect()
    }

    /// Why the recommendation leads, with whether it is a close call.
    #[must_use]
    pub(crate) fn why(&self) -> Option<engine::Why> {
        self.assessment.evaluation.why()
    }

    /// Whether the recommendation is a close call: a narrow lead, or one resting on estimates.
    #[must_use]
    pub fn close_call(&self) -> bool {
        self.why().is_some_and(|w| w.close_call)
    }
}

/// What the answers come to: scores with cost in them, and each option's bill.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub evaluation: Evaluation,
    /// `None` when the questionnaire has no sizing questions.
    pub workload: Option<Workload>,
    /// Per option: `None` without a cost model, `Err` when it cannot be priced.
    pub costs: Vec<Option<Result<OptionCost, String>>>,
    /// Whether the bills can be compared ([`comparable`]): the scores' cost points and the
    /// cheapest option both depend on it.
    complete: bool,
}

impl Assessment {
    /// The cheapest option not ruled out, when the comparison is complete.
    #[must_use]
    pub fn cheapest(&self) -> Option<usize> {
        if !self.complete {
            return None;
        }
        let totals: Vec<f64> = (0..self.costs.len())
            .map(|o| self.total(o).unwrap_or(f64::NAN))
            .collect();
        engine::cheapest(&totals, |o| self.evaluation.options[o].excluded())
    }

    /// Why cost was left out of the scores: each option the answers do not rule out that has a
    /// cost model but no bill, with the reason. Empty when the bills are compared.
    #[must_use]
    pub fn cost_left_out(&self) -> Vec<(usize, &str)> {
        if self.complete {
            return Vec::new();
        }
        self.costs
            .iter()
            .enumerate()
            .filter(|(o, _)| !self.evaluation.options[*o].excluded())
            .filter_map(|(o, c)| match c {
                Some(Err(why)) => Some((o, why.as_str())),
                _ => None,
            })
            .collect()
    }

    /// An option's monthly total, when it has one.
    #[must_use]
    pub fn total(&self, option: usize) -> Option<f64> {
        match self.costs.get(option)? {
            Some(Ok(c)) => Some(c.total),
            _ => None,
        }
    }
}

impl Model {
    #[must_use]
    pub fn new(questionnaire: Questionnaire, prices: PriceBook) -> Self {
        Self {
            questionnaire,
            prices,
        }
    }

    /// Everything the answers decide: what every front end reads.
    #[must_use]
    pub fn decide(&self, answers: &Answers) -> Decision {
        Decision {
            assessment: self.assess(answers),
            flips: self.flip_points(answers),
            curve: self.curve(answers),
        }
    }

    /// Scores and bills for a set of answers, without the flips and the curve: for a tally of
    /// many participants. Front ends read [`Model::decide`].
    #[must_use]
    pub fn assess(&self, answers: &Answers) -> Assessment {
        let q = &self.questionnaire;
        let resolved = crate::answers::resolve(q, answers);
        let workload = Workload::from_answers(q, &resolved);
        let costs = match &workload {
            Some(w) => cost::estimate(q, &self.prices, w),
            None => vec![None; q.options.len()],
        };
        let totals: Vec<f64> = costs
            .iter()
            .map(|c| match c {
                Some(Ok(c)) => c.total,
                _ => f64::NAN,
            })
            .collect();
        let totals = workload.and_then(|_| comparable(q, &resolved, totals));
        let complete = workload.is_none() || totals.is_some();
        let mut evaluation = engine::evaluate_resolved(q, answers, resolved, totals.as_deref());
        evaluation.estimate_lead = estimate_lead(q, &evaluation, &costs);
        Assessment {
            evaluation,
            workload,
            costs,
            complete,
        }
    }

    /// Monthly totals per option, without breakdowns, when they can be compared.
    fn totals(&self, resolved: &crate::answers::Resolved) -> Option<Vec<f64>> {
        let q = &self.questionnaire;
        let w = Workload::from_answers(q, resolved)?;
        let totals = q
            .options
            .iter()
            .map(|o| {
                o.cost_model
                    .map_or(f64::NAN, |m| cost::total(m, &w, &self.prices))
            })
            .collect();
        comparable(q, resolved, totals)
    }

    /// Scores only, with costs computed without their breakdowns: for repeated what-ifs.
    #[must_use]
    pub(crate) fn evaluate(&self, answers: &Answers) -> Evaluation {
        let q = &self.questionnaire;
        let resolved = crate::answers::resolve(q, answers);
        let totals = self.totals(&resolved);
        engine::evaluate_resolved(q, answers, resolved, totals.as_deref())
    }

    /// Each single change of answer, number or weight that would change the recommendation or
    /// the cheapest option, smallest change first.
    fn flip_points(&self, answers: &Answers) -> Vec<FlipPoint> {
        engine::flip_points(&self.questionnaire, answers, |resolved| {
            self.totals(resolved)
        })
    }

    /// The break-even curve for these answers' workload; none when the options cannot all be
    /// priced, since then no option can be called cheapest.
    fn curve(&self, answers: &Answers) -> Option<Curve> {
        let resolved = crate::answers::resolve(&self.questionnaire, answers);
        self.totals(&resolved)?;
        let w = Workload::from_answers(&self.questionnaire, &resolved)?;
        let ruled_out = engine::ruled_out(&self.questionnaire, &resolved);
        Some(cost::curve(
            &self.questionnaire,
            &self.prices,
            &w,
            &ruled_out,
        ))
    }
}

/// The bill lines a lead rests on when it rests mostly on estimates, else nothing. A lead rests
/// mostly on estimates when the cost answer gives at least half of it, and without the lines
/// priced from estimated figures at most half of the bill gap between the two options remains.
fn estimate_lead(
    q: &Questionnaire,
    e: &Evaluation,
    costs: &[Option<Result<OptionCost, String>>],
) -> Vec<String> {
    let Some(why) = e.why() else {
        return Vec::new();
    };
    let (Some(lead), Some(other)) = (Some(why.recommended), why.runner_up) else {
        return Vec::new();
    };
    let cost_part: f64 = e.options[lead]
        .contributions
        .iter()
        .zip(&e.options[other].contributions)
        .filter(|(c, _)| q.questions[c.question].weighs_cost())
        .map(|(mine, theirs)| mine.points - theirs.points)
        .sum();
    if cost_part <= 0.0 || cost_part < e.margin / 2.0 {
        return Vec::new();
    }
    let (Some(Some(Ok(mine))), Some(Some(Ok(theirs)))) = (costs.get(lead), costs.get(other)) else {
        return Vec::new();
    };
    let estimated = |c: &OptionCost| -> f64 {
        c.items
            .iter()
            .filter(|i| i.estimate.is_some())
            .map(|i| i.monthly_usd)
            .sum()
    };
    let gap = theirs.total - mine.total;
    let firm_gap = gap - (estimated(theirs) - estimated(mine));
    if gap <= 0.0 || firm_gap > gap / 2.0 {
        return Vec::new();
    }
    [(lead, mine), (other, theirs)]
        .into_iter()
        .flat_map(|(o, c)| {
            c.items.iter().filter_map(move |i| {
                i.estimate
                    .as_ref()
                    .map(|why| format!("{}: {} ({why})", q.options[o].name, i.item))
            })
        })
        .collect()
}

/// The totals, when the comparison is complete: every option with a cost model that the answers
/// do not rule out has a bill. Otherwise `None`, so that no option gains cost points from an
/// incomplete comparison (an unpriced GPU bill, say).
fn comparable(
    q: &Questionnaire,
    resolved: &crate::answers::Resolved,
    totals: Vec<f64>,
) -> Option<Vec<f64>> {
    let unpriced = |o: usize| q.options[o].cost_model.is_some() && !totals[o].is_finite();
    if !(0..totals.len()).any(unpriced) {
        // The usual case, and the one flip points probe thousands of times: no need to ask
        // which options are ruled out.
        return Some(totals);
    }
    let out = engine::ruled_out(q, resolved);
    let complete = (0..totals.len()).all(|o| out[o] || !unpriced(o));
    complete.then_some(totals)
}
