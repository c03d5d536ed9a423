//! Flip points: the single changes that would change the outcome. For a choice question, each
//! other answer; for a number, the nearest value on its step grid, either way, at which the
//! recommendation or the cheapest option changes; for a weight, the multiplier at which the
//! recommendation changes. Ranked by how small the change is.
//!
//! Every probe is exact and incremental (see [`Prepared::probe`]): it re-scores only the changed
//! question, the questions whose visibility depends on it, and, for a cost input, the rows priced
//! by cost. Weight thresholds are solved in closed form. So the analysis stays in milliseconds
//! for questionnaires of thousands of questions.

use crate::answers::{Answers, MAX_WEIGHT};
use crate::answers::{Resolved, resolve};
use crate::engine::{Prepared, relative_costs, ruled_out};
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

/// Every flip point, smallest change first. `totals` prices resolved answers (monthly cost per
/// option, NaN where unpriced), or gives `None` when nothing is priced.
#[must_use]
pub fn flip_points(
    q: &Questionnaire,
    answers: &Answers,
    totals: impl Fn(&Resolved) -> Option<Vec<f64>>,
) -> Vec<FlipPoint> {
    let resolved = resolve(q, answers);
    let base_totals = totals(&resolved);
    let prepared = Prepared::new(q, answers, resolved, base_totals.as_deref());
    let (recommended, margin) = prepared.current();
    let base = Outcome {
        recommended,
        cheapest: cheapest(base_totals.as_deref(), &ruled_out(q, &prepared.resolved)),
        margin,
    };
    let cost_inputs: Vec<usize> = q
        .cost_inputs
        .map_or_else(Vec::new, |c| c.questions().collect());
    let lead = prepared.numerator_lead();
    let mut search = Search {
        q,
        answers,
        totals,
        prepared,
        base,
        out: Vec::new(),
    };
    for (i, question) in q.questions.iter().enumerate() {
        if !search.prepared.resolved.visible[i] {
            continue;
        }
        // A cost input re-prices every option; an answer that rules options out changes which
        // are compared for the cheapest.
        let excludes = question
            .kind
            .choices()
            .iter()
            .any(|c| !c.excludes.is_empty());
        let repriced = cost_inputs.contains(&i) || excludes;
        let hides = !search.prepared.dependents_of(i).is_empty();
        match (&question.kind, search.prepared.resolved.values[i].clone()) {
            (Kind::Choice(choices), Value::Choice(current)) => {
                // A question that excludes nothing, prices nothing and hides nothing moves each
                // option's numerator by at most w·(hi − lo): when twice that cannot close the
                // leader's lead, no answer to it changes the recommendation (nor the cheapest
                // option), so it is skipped.
                let can_flip = repriced
                    || hides
                    || 2.0 * search.prepared.weight_of(i) * (question.range.1 - question.range.0)
                        >= lead;
                if can_flip {
                    search.choices(i, repriced, choices.len(), current);
                }
            }
            (Kind::Number(_), Value::Number(current)) if repriced || hides => {
                search.numbers(i, repriced, current);
            }
            _ => {}
        }
        let scored = question.range.1 > question.range.0 && question.weight > 0.0;
        if scored && matches!(question.kind, Kind::Choice(_) | Kind::Multi(_)) {
            search.weights(i);
        }
    }
    let mut out = search.out;
    out.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(b.recommendation_changes.cmp(&a.recommendation_changes))
    });
    out
}

/// The state of one flip analysis: the prepared sums every probe adjusts, and what was found.
struct Search<'q, F> {
    q: &'q Questionnaire,
    answers: &'q Answers,
    totals: F,
    prepared: Prepared<'q>,
    base: Outcome,
    out: Vec<FlipPoint>,
}

impl<F: Fn(&Resolved) -> Option<Vec<f64>>> Search<'_, F> {
    /// The outcome with question `i` set to `value`, re-priced when `repriced`.
    fn probe(&mut self, i: usize, repriced: bool, value: &Value) -> Outcome {
        if !repriced {
            let (recommended, margin) = self.prepared.probe(i, value, None);
            return Outcome {
                recommended,
                cheapest: self.base.cheapest,
                margin,
            };
        }
        let saved = set_with_floors(
            self.q,
            self.answers,
            &mut self.prepared.resolved.values,
            i,
            value.clone(),
        );
        let new_totals = (self.totals)(&self.prepared.resolved);
        restore_values(&mut self.prepared.resolved.values, saved);
        let relative = new_totals.as_deref().map(relative_costs);
        // The probe keeps exclusion counts, visibility included: no pass over every question.
        let ((recommended, margin), out) =
            self.prepared.probe_ruled_out(i, value, relative.as_deref());
        Outcome {
            recommended,
            cheapest: cheapest(new_totals.as_deref(), &out),
            margin,
        }
    }

    /// Each other answer to a choice question that changes the outcome.
    #[allow(clippy::cast_precision_loss)] // a handful of choices
    fn choices(&mut self, i: usize, repriced: bool, count: usize, current: usize) {
        let span = (count - 1).max(1) as f64;
        for alternative in (0..count).filter(|c| *c != current) {
            let after = self.probe(i, repriced, &Value::Choice(alternative));
            if after.differs(&self.base) {
                let distance = current.abs_diff(alternative) as f64 / span;
                let change = Change::Choice {
                    current,
                    alternative,
                };
                self.out
                    .push(point(i, change, &self.base, &after, distance));
            }
        }
    }

    /// The nearest value either way at which a number question changes the outcome.
    fn numbers(&mut self, i: usize, repriced: bool, current: f64) {
        let bounds = number_bounds(self.q, &self.prepared.resolved.values, i);
        let (q, base) = (self.q, self.base);
        for up in [true, false] {
            let found = number_threshold(q, i, current, up, bounds, &base, |v| {
                self.probe(i, repriced, &Value::Number(v))
            });
            if let Some((threshold, after)) = found {
                let change = Change::Number { current, threshold };
                self.out.push(point(
                    i,
                    change,
                    &base,
                    &after,
                    relative(current, threshold),
                ));
            }
        }
    }

    /// The weight multiplier either way at which the recommendation changes.
    fn weights(&mut self, i: usize) {
        for up in [true, false] {
            if let Some((multiplier, after)) =
                weight_threshold(self.q, &self.prepared, i, up, &self.base)
            {
                let current = self.answers.multiplier(i);
                let change = Change::Weight {
                    current,
                    multiplier,
                };
                self.out.push(point(
                    i,
                    change,
                    &self.base,
                    &after,
                    relative(current, multiplier),
                ));
            }
        }
    }
}

/// The cheapest option not ruled out; `totals` are `None` when the comparison is incomplete.
fn cheapest(totals: Option<&[f64]>, ruled_out: &[bool]) -> Option<usize> {
    totals.and_then(|t| super::cheapest(t, |o| ruled_out[o]))
}

/// Sets question `i` to `value` among resolved values, raising any assumed answer that must be
/// at least it (as `resolve` does); returns what to put back.
fn set_with_floors(
    q: &Questionnaire,
    answers: &Answers,
    values: &mut [Value],
    i: usize,
    value: Value,
) -> Vec<(usize, Value)> {
    let mut saved = vec![(i, std::mem::replace(&mut values[i], value))];
    if let Value::Number(floor) = values[i] {
        for (j, x) in q.questions.iter().enumerate() {
            if let (Kind::Number(spec), Value::Number(d)) = (&x.kind, &x.default)
                && spec.at_least == Some(i)
                && answers.get(j).is_none()
            {
                saved.push((
                    j,
                    std::mem::replace(&mut values[j], Value::Number(d.max(floor))),
                ));
            }
        }
    }
    saved
}

fn restore_values(values: &mut [Value], saved: Vec<(usize, Value)>) {
    for (j, v) in saved.into_iter().rev() {
        values[j] = v;
    }
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

/// Offsets, in grid steps, probed before bisecting: dense near the answer, sparser further out.
const PROBES: [i64; 14] = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256, 512];
/// Weight multipliers are reported on a grid of this size.
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

/// The bounds other answers put on a number question: at least the question it follows, at
/// most whatever must be at least it.
fn number_bounds(q: &Questionnaire, values: &[Value], i: usize) -> (f64, f64) {
    let Kind::Number(spec) = &q.questions[i].kind else {
        return (f64::NEG_INFINITY, f64::INFINITY);
    };
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
    (floor, ceiling)
}

/// The nearest value from `current`, up or down the question's step grid, at which the outcome
/// changes. Values outside `bounds` (set by other answers) are not probed: that would be two
/// changes.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // grid offsets are small
fn number_threshold(
    q: &Questionnaire,
    i: usize,
    current: f64,
    up: bool,
    (floor, ceiling): (f64, f64),
    base: &Outcome,
    mut probe: impl FnMut(f64) -> Outcome,
) -> Option<(f64, Outcome)> {
    let Kind::Number(spec) = &q.questions[i].kind else {
        return None;
    };
    let sign = if up { 1.0 } else { -1.0 };
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
        Some(probe(value_at(k))).filter(|o| o.differs(base))
    })?;
    Some((value_at(k), found))
}

/// The multiplier, on a 0.05 grid up to 10 or down to 0, at which the recommendation changes.
/// The score's denominator is shared by all options, so the ranking moves only with the
/// numerators, which are linear in the weight: each challenger's crossing is solved exactly, and
/// the leader on the grid beyond it is read from the same numerators.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::many_single_char_names
)] // the algebra's names; at most 200 grid steps
fn weight_threshold(
    q: &Questionnaire,
    prepared: &Prepared<'_>,
    i: usize,
    up: bool,
    base: &Outcome,
) -> Option<(f64, Outcome)> {
    let leader = base.recommended?;
    let question_weight = q.questions[i].weight;
    let w0 = prepared.weight_of(i);
    let raw = prepared.raw_of(i)?.to_vec();
    let sums = prepared.sums();
    // With weight w the leader's numerator minus a challenger's changes by (w − w0)·Δraw.
    let crossing = (0..raw.len())
        .filter(|&o| o != leader && !prepared.excluded(o))
        .filter_map(|o| {
            let slope = raw[o] - raw[leader];
            (slope.abs() > 1e-12)
                .then(|| w0 + (sums[leader] - sums[o]) / slope)
                .filter(|w| if up { *w > w0 } else { *w < w0 })
        })
        .reduce(|a, b| if up { a.min(b) } else { a.max(b) })?;
    let m = crossing / question_weight;
    let top = MAX_WEIGHT;
    // Snap to the grid beyond the crossing, then read the leader there from the same linear
    // numerators (ties go to the earlier option, as in `pick`); step once more on a tie.
    let mut k = if up {
        (m / WEIGHT_STEP - 1e-9).ceil()
    } else {
        (m / WEIGHT_STEP + 1e-9).floor()
    } as i64;
    for _ in 0..2 {
        let multiplier = k as f64 * WEIGHT_STEP;
        if !(-1e-9..=top + 1e-9).contains(&multiplier) {
            return None;
        }
        let dw = question_weight * multiplier.max(0.0) - w0;
        let recommended = (0..raw.len())
            .filter(|&o| !prepared.excluded(o))
            .map(|o| (o, sums[o] + dw * raw[o]))
            .fold(None, |best: Option<(usize, f64)>, (o, v)| match best {
                Some((_, b)) if b >= v - 1e-12 => best,
                _ => Some((o, v)),
            })
            .map(|(o, _)| o);
        if recommended != base.recommended {
            let multiplier = (multiplier.max(0.0) * 100.0).round() / 100.0;
            return Some((
                multiplier,
                Outcome {
                    recommended,
                    cheapest: base.cheapest,
                    margin: base.margin,
                },
            ));
        }
        k += if up { 1 } else { -1 };
    }
    None
}
