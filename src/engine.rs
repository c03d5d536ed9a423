//! The decision engine: answers in, scores, exclusions and a recommendation out. Pure and cheap
//! enough to run on every keystroke.
//!
//! # The score
//!
//! Each visible question `q` has an effective weight `w_q` = the questionnaire's weight × the
//! user's multiplier (default 1). Its answer gives each option `o` raw points `p_qo`: the chosen
//! choice's points (summed over the picks of a multi question), plus, for a choice with
//! `cost_points`, `cost_points × cheapest_cost / cost_o`. `lo_q` and `hi_q` are the lowest and
//! highest raw points any answer to `q` can give any option. With `L = Σ w_q·lo_q` and
//! `U = Σ w_q·hi_q`, the contribution of `q` to `o` is
//!
//! ```text
//! c_qo = 100 · w_q · (p_qo − lo_q) / (U − L)      and      score_o = Σ_q c_qo   (0 ..= 100)
//! ```
//!
//! so every point of a score traces back to one answer, and all options share one scale: 100
//! means every answer favoured the option as much as the questionnaire allows. An answer that
//! gives every option the same raw points ("no preference") says nothing about the choice, so it
//! is left out of `L` and `U` rather than squeezing every score towards the middle. When nothing
//! discriminates (`U = L`), every option scores 50.
//!
//! Exclusions are hard constraints: they apply whatever the weights. The recommendation is the
//! best-scoring option not excluded (ties go to the earlier option); the margin is its lead over
//! the next option not excluded, or 100 when no other option is eligible.

mod flip;

pub use flip::{Change, FlipPoint, Outcome, Reprice, flip_points};

use crate::answers::Answers;
use crate::questionnaire::{Kind, Questionnaire};
use crate::value::Value;

/// The effective answers: given ones, defaults where none was given, and which questions show.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub values: Vec<Value>,
    /// True where the value is the questionnaire's default, not the user's answer.
    pub assumed: Vec<bool>,
    /// False where `show_if` hides the question; hidden questions do not count.
    pub visible: Vec<bool>,
}

/// Fills in defaults and works out which questions are shown.
#[must_use]
pub fn resolve(q: &Questionnaire, answers: &Answers) -> Resolved {
    let n = q.questions.len();
    let mut r = Resolved {
        values: Vec::with_capacity(n),
        assumed: Vec::with_capacity(n),
        visible: Vec::with_capacity(n),
    };
    for (i, question) in q.questions.iter().enumerate() {
        let (mut value, assumed) = match answers.get(i) {
            Some(v) => (v.clone(), false),
            None => (question.default.clone(), true),
        };
        // An assumed default never undercuts the number it must be at least (peak >= average).
        if let (true, Kind::Number(spec), Value::Number(v)) = (assumed, &question.kind, &mut value)
            && let Some(Value::Number(floor)) = spec.at_least.and_then(|f| r.values.get(f))
        {
            *v = v.max(*floor);
        }
        let visible = question.depends_on.iter().all(|&d| r.visible[d])
            && question.show_if.as_ref().is_none_or(|c| c.eval(&r.values));
        r.values.push(value);
        r.assumed.push(assumed);
        r.visible.push(visible);
    }
    r
}

/// How one answer moved one option's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub question: usize,
    /// Score points (0–100 scale); an option's contributions sum to its score.
    pub points: f64,
    /// The answer's raw points for this option, before weighting and scaling.
    pub raw: f64,
    /// The effective weight used.
    pub weight: f64,
}

/// A hard constraint that rules an option out.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub question: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionResult {
    pub score: f64,
    pub exclusions: Vec<Exclusion>,
    pub contributions: Vec<Contribution>,
}

impl OptionResult {
    #[must_use]
    pub fn excluded(&self) -> bool {
        !self.exclusions.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per option, in questionnaire order.
    pub options: Vec<OptionResult>,
    /// The best option not excluded; `None` only when every option is excluded.
    pub recommended: Option<usize>,
    pub margin: f64,
    pub resolved: Resolved,
}

/// The effective weight of a question: the questionnaire's times the user's multiplier.
#[must_use]
pub fn weight(q: &Questionnaire, answers: &Answers, question: usize) -> f64 {
    q.questions[question].weight * answers.weight(question).unwrap_or(1.0)
}

/// Scores every option for these answers. `costs` are monthly costs per option, when known;
/// without them `cost_points` give nothing.
#[must_use]
pub fn evaluate(q: &Questionnaire, answers: &Answers, costs: Option<&[f64]>) -> Evaluation {
    evaluate_resolved(q, answers, resolve(q, answers), costs)
}

/// [`evaluate`] for answers already resolved (the cost models read them first).
#[must_use]
pub fn evaluate_resolved(
    q: &Questionnaire,
    answers: &Answers,
    resolved: Resolved,
    costs: Option<&[f64]>,
) -> Evaluation {
    let n_opt = q.options.len();
    let relative_cost = costs.map(relative_costs);

    let (mut lo_sum, mut hi_sum) = (0.0, 0.0);
    let mut raw_rows: Vec<(usize, f64, Vec<f64>)> = Vec::new();
    let mut options: Vec<OptionResult> = (0..n_opt)
        .map(|_| OptionResult {
            score: 0.0,
            exclusions: Vec::new(),
            contributions: Vec::new(),
        })
        .collect();

    for (i, question) in q.questions.iter().enumerate() {
        if !resolved.visible[i] {
            continue;
        }
        let picked: &[usize] = match &resolved.values[i] {
            Value::Choice(c) => std::slice::from_ref(c),
            Value::Multi(cs) => cs,
            _ => continue,
        };
        let choices = question.kind.choices();
        for &c in picked {
            for (o, reason) in &choices[c].excludes {
                options[*o].exclusions.push(Exclusion {
                    question: i,
                    reason: reason.clone(),
                });
            }
        }
        let w = weight(q, answers, i);
        if w <= 0.0 {
            continue;
        }
        let mut raw = vec![0.0; n_opt];
        for &c in picked {
            let choice = &choices[c];
            for (o, r) in raw.iter_mut().enumerate() {
                *r += choice.points[o];
                if let Some(rel) = &relative_cost {
                    *r += choice.cost_points * rel[o];
                }
            }
        }
        if raw.iter().all(|r| (r - raw[0]).abs() < 1e-9) {
            continue;
        }
        lo_sum += w * question.range.0;
        hi_sum += w * question.range.1;
        raw_rows.push((i, w, raw));
    }

    let span = hi_sum - lo_sum;
    for (i, w, raw) in raw_rows {
        let lo = q.questions[i].range.0;
        for (o, result) in options.iter_mut().enumerate() {
            let points = if span > 0.0 {
                100.0 * w * (raw[o] - lo) / span
            } else {
                0.0
            };
            result.score += points;
            result.contributions.push(Contribution {
                question: i,
                points,
                raw: raw[o],
                weight: w,
            });
        }
    }
    for result in &mut options {
        result.score = if span > 0.0 {
            result.score.clamp(0.0, 100.0)
        } else {
            50.0
        };
    }

    let (recommended, margin) = pick(&options);
    Evaluation {
        options,
        recommended,
        margin,
        resolved,
    }
}

/// The best eligible option and its lead over the next eligible one.
fn pick(options: &[OptionResult]) -> (Option<usize>, f64) {
    let mut eligible: Vec<(usize, f64)> = options
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.excluded())
        .map(|(i, r)| (i, r.score))
        .collect();
    // Stable: equal scores keep questionnaire order.
    eligible.sort_by(|a, b| b.1.total_cmp(&a.1));
    match eligible.as_slice() {
        [] => (None, 0.0),
        [(only, _)] => (Some(*only), 100.0),
        [(best, s1), (_, s2), ..] => (Some(*best), s1 - s2),
    }
}

/// Each option's cost score in 0..=1: the cheapest gets 1, one twice as dear gets 0.5.
/// Options without a known positive cost get 0.
fn relative_costs(costs: &[f64]) -> Vec<f64> {
    let cheapest = costs
        .iter()
        .copied()
        .filter(|c| c.is_finite() && *c > 0.0)
        .fold(f64::INFINITY, f64::min);
    costs
        .iter()
        .map(|&c| {
            if c.is_finite() && c > 0.0 && cheapest.is_finite() {
                cheapest / c
            } else {
                0.0
            }
        })
        .collect()
}
