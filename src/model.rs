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

/// What the answers come to: scores with cost in them, and each option's bill.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub evaluation: Evaluation,
    /// `None` when the questionnaire has no sizing questions.
    pub workload: Option<Workload>,
    /// Per option: `None` without a cost model, `Err` when it cannot be priced.
    pub costs: Vec<Option<Result<OptionCost, String>>>,
}

impl Assessment {
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

    /// Scores and bills for a set of answers.
    #[must_use]
    pub fn assess(&self, answers: &Answers) -> Assessment {
        let q = &self.questionnaire;
        let resolved = engine::resolve(q, answers);
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
        let evaluation =
            engine::evaluate_resolved(q, answers, resolved, workload.map(|_| totals.as_slice()));
        Assessment {
            evaluation,
            workload,
            costs,
        }
    }

    /// Monthly totals per option (NaN where unpriced), without breakdowns.
    fn totals(&self, resolved: &engine::Resolved) -> Option<Vec<f64>> {
        let q = &self.questionnaire;
        Workload::from_answers(q, resolved).map(|w| {
            q.options
                .iter()
                .map(|o| {
                    o.cost_model
                        .map_or(f64::NAN, |m| cost::total(m, &w, &self.prices))
                })
                .collect()
        })
    }

    /// Scores only, with costs computed without their breakdowns: for repeated what-ifs.
    #[must_use]
    pub fn evaluate(&self, answers: &Answers) -> Evaluation {
        let q = &self.questionnaire;
        let resolved = engine::resolve(q, answers);
        let totals = self.totals(&resolved);
        engine::evaluate_resolved(q, answers, resolved, totals.as_deref())
    }

    /// Each single change of answer, number or weight that would change the recommendation or
    /// the cheapest option, smallest change first.
    #[must_use]
    pub fn flip_points(&self, answers: &Answers) -> Vec<FlipPoint> {
        engine::flip_points(&self.questionnaire, answers, |resolved| {
            self.totals(resolved)
        })
    }

    /// The break-even curve for these answers' workload.
    #[must_use]
    pub fn curve(&self, answers: &Answers) -> Option<Curve> {
        let resolved = engine::resolve(&self.questionnaire, answers);
        let w = Workload::from_answers(&self.questionnaire, &resolved)?;
        Some(cost::curve(&self.questionnaire, &self.prices, &w))
    }
}
