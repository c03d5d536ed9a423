//! Flip points: the single changes that would change the outcome. For a choice question, each
//! other answer; for a number, the nearest value on its step grid, either way, at which the
//! recommendation or the cheapest option changes; for a weight, the multiplier at which the
//! recommendation changes. Ranked by how small the change is.

use crate::answers::{Answers, MAX_WEIGHT};
use crate::engine::resolve;
use crate::questionnaire::{Kind, Questionnaire};
use crate::value::Value;

/// What an evaluation decides, as far as flips are concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub recommended: Option<usize>,
    pub cheapest: Option<usize>,
    pub margin: f64,
}

impl Outcome {
    fn differs(&self, other: &Outcome) -> bool {
        self.recommended != other.recommended || self.cheapest != other.cheapest
    }
}

/// Whether a probe changed an answer the cost models read (so bills must be recomputed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reprice {
    No,
    Yes,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Choice {
        current: usize,
        alternative: usize,
    },
    /// The nearest value, on the question's step grid, at which the outcome changes.
    Number {
        current: f64,
        threshold: f64,
    },
    /// The weight multiplier at which the recommendation changes.
    Weight {
        current: f64,
        multiplier: f64,
    },
}

/// One change that alone changes the recommendation or the cheapest option.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipPoint {
    pub question: usize,
    pub change: Change,
    /// The option recommended after the change (`None`: every option excluded).
    pub recommends: Option<usize>,
    /// The cheapest option after the change.
    pub cheapest: Option<usize>,
    pub recommendation_changes: bool,
    pub cheapest_changes: bool,
    /// How big the change is: for a choice, how many choices away (0 to 1); for a number or a
    /// weight, the relative change (|new − now| / now). The ranking key.
    pub distance: f64,
}

/// Every flip point, smallest change first. `outcome` evaluates answers; it is told whether the
/// change touched an answer the cost models read.
#[must_use]
#[allow(clippy::cast_precision_loss)] // choice counts are tiny
pub fn flip_points(
    q: &Questionnaire,
    answers: &Answers,
    outcome: impl Fn(&Answers, Reprice) -> Outcome,
) -> Vec<FlipPoint> {
    let base = outcome(answers, Reprice::Yes);
    let resolved = resolve(q, answers);
    let cost_inputs = cost_input_questions(q);
    let mut trial = answers.clone();
    let mut out = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        if !resolved.visible[i] {
            continue;
        }
        let reprice = if cost_inputs.contains(&i) {
            Reprice::Yes
        } else {
            Reprice::No
        };
        match (&question.kind, &resolved.values[i]) {
            (Kind::Choice(choices), Value::Choice(current)) => {
                let span = (choices.len() - 1).max(1) as f64;
                for alternative in (0..choices.len()).filter(|c| c != current) {
                    trial.set(i, Value::Choice(alternative));
                    let after = outcome(&trial, reprice);
                    if after.differs(&base) {
                        out.push(point(
                            i,
                            Change::Choice {
                                current: *current,
                                alternative,
                            },
                            &base,
                            &after,
                            current.abs_diff(alternative) as f64 / span,
                        ));
                    }
                }
            }
            (Kind::Number(_), Value::Number(current))
                if reprice == Reprice::Yes || referenced(q, i) =>
            {
                for up in [true, false] {
                    if let Some((threshold, after)) = number_threshold(
                        q,
                        &resolved.values,
                        i,
                        *current,
                        up,
                        &base,
                        &mut trial,
                        &outcome,
                    ) {
                        let distance = relative(*current, threshold);
                        out.push(point(
                            i,
                            Change::Number {
                                current: *current,
                                threshold,
                            },
                            &base,
                            &after,
                            distance,
                        ));
                    }
                    restore(&mut trial, answers, i);
                }
            }
            _ => {}
        }
        restore(&mut trial, answers, i);
        if question.range.1 > question.range.0
            && matches!(question.kind, Kind::Choice(_) | Kind::Multi(_))
        {
            for up in [true, false] {
                if let Some((multiplier, after)) =
                    weight_threshold(i, up, &base, &mut trial, &outcome)
                {
                    let current = answers.weight(i).unwrap_or(1.0);
                    out.push(point(
                        i,
                        Change::Weight {
                            current,
                            multiplier,
                        },
                        &base,
                        &after,
                        relative(current, multiplier),
                    ));
                }
                trial.set_weight(i, answers.weight(i));
            }
        }
    }
    out.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(b.recommendation_changes.cmp(&a.recommendation_changes))
    });
    out
}

/// |to − from| / |from|, with a floor on `from` so that a change from 0 is not infinite.
fn relative(from: f64, to: f64) -> f64 {
    (to - from).abs() / from.abs().max(0.1)
}

fn point(
    question: usize,
    change: Change,
    base: &Outcome,
    after: &Outcome,
    distance: f64,
) -> FlipPoint {
    FlipPoint {
        question,
        change,
        recommends: after.recommended,
        cheapest: after.cheapest,
        recommendation_changes: after.recommended != base.recommended,
        cheapest_changes: after.cheapest != base.cheapest,
        distance,
    }
}

fn restore(trial: &mut Answers, answers: &Answers, i: usize) {
    match answers.get(i) {
        Some(v) => trial.set(i, v.clone()),
        None => trial.clear(i),
    }
}

fn cost_input_questions(q: &Questionnaire) -> Vec<usize> {
    q.cost_inputs.map_or_else(Vec::new, |c| {
        [
            c.services,
            c.replicas,
            c.peak_replicas,
            c.vcpu,
            c.memory_gib,
            c.hours_per_day,
            c.region,
            c.arch,
            c.purchase,
        ]
        .into_iter()
        .chain(c.gpu)
        .collect()
    })
}

/// Whether a `show_if` reads the question (a number can then change what is asked).
fn referenced(q: &Questionnaire, i: usize) -> bool {
    q.questions.iter().any(|x| x.depends_on.contains(&i))
}

/// Offsets, in grid steps, probed before bisecting: dense near the answer, sparser further out.
const PROBES: [i64; 14] = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256, 512];
/// Weights are searched on a grid of this size.
const WEIGHT_STEP: f64 = 0.05;

/// The first grid offset from the answer (1..=`limit` steps away) at which `probe` reports a
/// change: a coarse scan, then bisection to a single step. Assumes what changed stays changed
/// between two probes, which holds for everything but narrow islands the scan steps over.
fn grid_search(
    limit: i64,
    mut probe: impl FnMut(i64) -> Option<Outcome>,
) -> Option<(i64, Outcome)> {
    let mut same = 0;
    for k in PROBES.iter().map(|&k| k.min(limit)) {
        if k <= same {
            break;
        }
        if let Some(found) = probe(k) {
            let (mut lo, mut hi, mut found) = (same, k, found);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                match probe(mid) {
                    Some(at) => {
                        hi = mid;
                        found = at;
                    }
                    None => lo = mid,
                }
            }
            return Some((hi, found));
        }
        same = k;
    }
    None
}

/// The nearest value from `current`, up or down the question's step grid, at which the outcome
/// changes. Values that would break another answer's `at_least` bound are not probed (that would
/// be two changes).
#[allow(
    clippy::too_many_arguments,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss
)] // grid offsets are small
fn number_threshold(
    q: &Questionnaire,
    values: &[Value],
    i: usize,
    current: f64,
    up: bool,
    base: &Outcome,
    trial: &mut Answers,
    outcome: &impl Fn(&Answers, Reprice) -> Outcome,
) -> Option<(f64, Outcome)> {
    let Kind::Number(spec) = &q.questions[i].kind else {
        return None;
    };
    let sign = if up { 1.0 } else { -1.0 };
    // Bounds from other answers: at least the question it follows, at most what follows it.
    let floor = spec
        .at_least
        .and_then(|f| values[f].as_number())
        .unwrap_or(f64::NEG_INFINITY);
    let ceiling = q
        .questions
        .iter()
        .enumerate()
        .filter(|(_, x)| matches!(&x.kind, Kind::Number(s) if s.at_least == Some(i)))
        .filter_map(|(j, _)| values[j].as_number())
        .fold(f64::INFINITY, f64::min);
    let value_at = |k: i64| current + sign * k as f64 * spec.step;
    let valid = |v: f64| spec.problem(v).is_none() && v >= floor && v <= ceiling;
    let edge = if up {
        spec.max.min(ceiling)
    } else {
        spec.min.max(floor)
    };
    let mut limit = ((edge - current).abs() / spec.step + 1e-9).floor() as i64;
    while limit > 0 && !valid(value_at(limit)) {
        limit -= 1;
    }
    let (k, found) = grid_search(limit, |k| {
        trial.set(i, Value::Number(value_at(k)));
        Some(outcome(trial, Reprice::Yes)).filter(|o| o.differs(base))
    })?;
    Some((value_at(k), found))
}

/// The multiplier, on a 0.05 grid up to 10 or down to 0, at which the recommendation changes.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // at most 200 grid steps
fn weight_threshold(
    i: usize,
    up: bool,
    base: &Outcome,
    trial: &mut Answers,
    outcome: &impl Fn(&Answers, Reprice) -> Outcome,
) -> Option<(f64, Outcome)> {
    let current = trial.weight(i).unwrap_or(1.0);
    let start = (current / WEIGHT_STEP).round() as i64;
    let top = (10.0_f64.min(MAX_WEIGHT) / WEIGHT_STEP).round() as i64;
    let limit = if up { top - start } else { start };
    let at = |k: i64| (start + if up { k } else { -k }) as f64 * WEIGHT_STEP;
    let (k, found) = grid_search(limit, |k| {
        trial.set_weight(i, Some(at(k)));
        Some(outcome(trial, Reprice::No)).filter(|o| o.recommended != base.recommended)
    })?;
    Some((at(k), found))
}
