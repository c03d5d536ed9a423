//! Several sets of answers side by side: each one's recommendation, scores and bill; the
//! questions where they disagree, most decisive first; and a consensus (the majority answer to
//! each disagreement, the median for numbers) with its own result. `tradeoff compare`, the
//! explorer's scenarios view and exported bundles all use it.

use crate::answers::Answers;
use crate::answers::resolve;
use crate::model::Model;
use crate::questionnaire::Kind;
use crate::value::Value;

/// One column's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub name: String,
    pub recommended: Option<usize>,
    pub margin: f64,
    /// Per option.
    pub scores: Vec<f64>,
    pub excluded: Vec<bool>,
    pub costs: Vec<Option<f64>>,
}

/// A question the columns answer differently.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Disagreement {
    pub question: usize,
    /// Each column's effective answer.
    pub values: Vec<Value>,
    /// Whether taking one column's answer instead of another's changes the consensus recommendation.
    pub changes_recommendation: bool,
    /// The largest swing in any option's score across the columns' answers, on the consensus.
    pub swing: f64,
}

/// A disagreement the majority could not settle: the tied answers, and the one taken.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tie {
    pub question: usize,
    pub tied: Vec<Value>,
    pub taken: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub columns: Vec<Outcome>,
    pub disagreements: Vec<Disagreement>,
    pub consensus: Answers,
    pub consensus_outcome: Outcome,
    pub ties: Vec<Tie>,
}

/// Evaluates one set of answers for the table.
#[must_use]
pub(crate) fn outcome(model: &Model, name: &str, answers: &Answers) -> Outcome {
    let a = model.assess(answers);
    let e = &a.evaluation;
    Outcome {
        name: name.to_owned(),
        recommended: e.recommended,
        margin: e.margin,
        scores: e.options.iter().map(|o| o.score).collect(),
        excluded: e
            .options
            .iter()
            .map(crate::engine::OptionResult::excluded)
            .collect(),
        costs: (0..e.options.len()).map(|o| a.total(o)).collect(),
    }
}

#[must_use]
pub(crate) fn compare(model: &Model, columns: &[(String, Answers)]) -> Comparison {
    let q = &model.questionnaire;
    let resolved: Vec<_> = columns.iter().map(|(_, a)| resolve(q, a)).collect();
    let mut consensus = Answers::new(q);
    let mut ties = Vec::new();
    let mut disagreeing = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        let values: Vec<Value> = resolved.iter().map(|r| r.values[i].clone()).collect();
        let answered = columns.iter().any(|(_, a)| a.get(i).is_some());
        let agree = values.windows(2).all(|w| w[0] == w[1]);
        let (value, tie) = settle(&question.kind, &values);
        if let Some(tied) = tie {
            ties.push(Tie {
                question: i,
                tied,
                taken: value.clone(),
            });
        }
        if answered {
            consensus.set(q, i, value);
        }
        if !agree {
            disagreeing.push((i, values));
        }
        // Weights: the median multiplier of those given, where any column set one.
        let weights: Vec<f64> = columns.iter().filter_map(|(_, a)| a.weight(i)).collect();
        if !weights.is_empty() {
            let all: Vec<f64> = columns
                .iter()
                .map(|(_, a)| a.weight(i).unwrap_or(1.0))
                .collect();
            consensus.set_weight(i, Some(median(all)));
        }
    }
    let base = model.evaluate(&consensus);
    let mut disagreements: Vec<Disagreement> = disagreeing
        .into_iter()
        .map(|(i, values)| {
            let mut trial = consensus.clone();
            let mut recommended = Vec::new();
            let mut lo = vec![f64::INFINITY; q.options.len()];
            let mut hi = vec![f64::NEG_INFINITY; q.options.len()];
            for v in &values {
                trial.set(q, i, v.clone());
                let e = model.evaluate(&trial);
                recommended.push(e.recommended);
                for (o, r) in e.options.iter().enumerate() {
                    lo[o] = lo[o].min(r.score);
                    hi[o] = hi[o].max(r.score);
                }
            }
            Disagreement {
                question: i,
                changes_recommendation: recommended.iter().any(|r| *r != base.recommended),
                swing: lo.iter().zip(&hi).map(|(l, h)| h - l).fold(0.0, f64::max),
                values,
            }
        })
        .collect();
    disagreements.sort_by(|a, b| {
        b.changes_recommendation
            .cmp(&a.changes_recommendation)
            .then(b.swing.total_cmp(&a.swing))
    });
    Comparison {
        columns: columns
            .iter()
            .map(|(name, a)| outcome(model, name, a))
            .collect(),
        disagreements,
        consensus_outcome: outcome(model, "consensus", &consensus),
        consensus,
        ties,
    }
}

/// The majority value (first listed among a tie, which is reported), or the median of numbers.
fn settle(kind: &Kind, values: &[Value]) -> (Value, Option<Vec<Value>>) {
    if let Kind::Number(spec) = kind {
        let numbers: Vec<f64> = values.iter().filter_map(Value::as_number).collect();
        let m = median(numbers);
        // The median of an even count may fall between two answers: keep it on the step grid.
        let m = if spec.integer {
            m.round()
        } else {
            (m / spec.step).round() * spec.step
        };
        return (Value::Number(m), None);
    }
    let mut counts: Vec<(&Value, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let tied: Vec<Value> = counts
        .iter()
        .filter(|(_, n)| *n == top)
        .map(|(v, _)| (*v).clone())
        .collect();
    let taken = tied[0].clone();
    (taken, (tied.len() > 1).then_some(tied))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2],
        n => f64::midpoint(xs[n / 2 - 1], xs[n / 2]),
    }
}
