//! The decision engine: answers in, scores, exclusions and a recommendation out. Pure and cheap
//! enough to run on every keystroke.
//!
//! # The score
//!
//! Each visible question `q` has an effective weight `w_q` = the questionnaire's weight × the
//! user's multiplier (default 1). Its answer gives each option `o` raw points `p_qo`: the chosen
//! choice's points (summed over the picks of a multi question), plus, for a choice with
//! `cost_points`, `cost_points × max(0, 1 − (cost_o / cheapest − 1) / cost_gap)`: the cheapest
//! option gets them all and an option `cost_gap` dearer (0.5 = 50%) gets none. `lo_q` and `hi_q` are the lowest and
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

pub use flip::{Change, FlipPoint, Outcome, flip_points};

use crate::answers::{Answers, Resolved, resolve};
use crate::questionnaire::Questionnaire;
use crate::value::Value;

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
    /// When the lead rests mostly on bill lines priced from figures marked `estimate`: those
    /// lines, "Option: line (why it is an estimate)". Set by `Model::assess`, which has the bills;
    /// a lead resting on estimates is a close call whatever its size.
    pub estimate_lead: Vec<String>,
}

/// Below this lead, in score points, the recommendation is a close call: the record, the
/// explorer and `compare` say so and name the answers that would decide it.
pub(crate) const CLOSE_CALL: f64 = 5.0;

/// An answer's part in the recommendation: how many more points it gave the recommended option
/// than the runner-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reason {
    pub question: usize,
    pub gain: f64,
}

/// Why the recommended option leads, against the runner-up: the one computation the record's
/// headline and consequences, the explorer's Why line and `recommendation.json` all read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Why {
    pub recommended: usize,
    /// The best other option not excluded; `None` when no other is eligible.
    pub runner_up: Option<usize>,
    /// Answers that favour the recommended option over the runner-up, largest gain first: never
    /// one that gave the runner-up more.
    pub reasons: Vec<Reason>,
    /// Answers that favour the runner-up over the recommended option, largest first.
    pub against: Vec<Reason>,
    /// The lead is under [`CLOSE_CALL`] points.
    pub narrow: bool,
    /// A narrow lead, or one resting mostly on estimated prices (`Evaluation::estimate_lead`).
    pub close_call: bool,
}

/// The smallest gain worth naming, in score points (a reason, a pro or a con).
pub(crate) const NOTABLE_GAIN: f64 = 0.5;

impl Evaluation {
    /// The eligible options, best first, ties in questionnaire order: the one order the
    /// recommendation, the runner-up and every "best of" in the reports are taken from.
    #[must_use]
    pub(crate) fn ranked(&self) -> Vec<usize> {
        ranked(&self.options)
    }

    /// The best eligible option other than `o`, in the order the recommendation is picked.
    #[must_use]
    pub(crate) fn runner_up(&self, o: usize) -> Option<usize> {
        self.ranked().into_iter().find(|&x| x != o)
    }

    /// Why the recommendation leads; `None` when every option is excluded.
    #[must_use]
    pub(crate) fn why(&self) -> Option<Why> {
        let leader = self.recommended?;
        let runner_up = self.runner_up(leader);
        let mut reasons = Vec::new();
        let mut against = Vec::new();
        if let Some(ru) = runner_up {
            for (k, mine) in self.options[leader].contributions.iter().enumerate() {
                let theirs = self.options[ru].contributions[k].points;
                let gain = mine.points - theirs;
                if gain >= NOTABLE_GAIN {
                    reasons.push(Reason {
                        question: mine.question,
                        gain,
                    });
                } else if -gain >= NOTABLE_GAIN {
                    against.push(Reason {
                        question: mine.question,
                        gain: -gain,
                    });
                }
            }
        }
        reasons.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        against.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        let narrow = runner_up.is_some() && self.margin < CLOSE_CALL;
        Some(Why {
            recommended: leader,
            runner_up,
            reasons,
            against,
            narrow,
            close_call: narrow || (runner_up.is_some() && !self.estimate_lead.is_empty()),
        })
    }
}

/// The effective weight of a question: the questionnaire's times the user's multiplier.
#[must_use]
pub(crate) fn weight(q: &Questionnaire, answers: &Answers, question: usize) -> f64 {
    q.questions[question].weight * answers.multiplier(question)
}

/// Scores every option for these answers. `costs` are monthly costs per option, when known;
/// without them `cost_points` give nothing.
#[must_use]
pub fn evaluate(q: &Questionnaire, answers: &Answers, costs: Option<&[f64]>) -> Evaluation {
    evaluate_resolved(q, answers, resolve(q, answers), costs)
}

/// [`evaluate`] for answers already resolved (the cost models read them first).
#[must_use]
pub(crate) fn evaluate_resolved(
    q: &Questionnaire,
    answers: &Answers,
    resolved: Resolved,
    costs: Option<&[f64]>,
) -> Evaluation {
    Prepared::new(q, answers, resolved, costs).evaluation()
}

/// The sums an evaluation is made of, kept so that one changed answer, weight or set of costs
/// can be scored exactly without going over every question again: the score is additive, so a
/// change only touches the changed question and those whose visibility depends on it.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'q> {
    q: &'q Questionnaire,
    pub resolved: Resolved,
    /// Effective weight per question.
    weights: Vec<f64>,
    /// Cost over the cheapest's per option, when costs are known.
    relative: Option<Vec<f64>>,
    /// Per question: raw points per option, where the question scores (visible, weighted).
    raw: Vec<Option<Vec<f64>>>,
    /// Σ w·raw per option, over the questions that separate the options.
    sums: Vec<f64>,
    lo: f64,
    hi: f64,
    /// How many exclusions rule out each option.
    excluded: Vec<usize>,
    /// Questions whose raw points depend on the costs (a chosen choice with cost points).
    cost_rows: Vec<usize>,
    /// For each question, the later questions whose `show_if` reads it.
    dependents: Vec<Vec<usize>>,
}

/// What a question adds to the sums: raw points (when it scores) and the exclusions it makes.
struct Part {
    raw: Option<Vec<f64>>,
    excludes: Vec<usize>,
}

impl<'q> Prepared<'q> {
    #[must_use]
    pub(crate) fn new(
        q: &'q Questionnaire,
        answers: &Answers,
        resolved: Resolved,
        costs: Option<&[f64]>,
    ) -> Self {
        let n = q.options.len();
        let mut dependents = vec![Vec::new(); q.questions.len()];
        for (j, question) in q.questions.iter().enumerate() {
            for &d in &question.depends_on {
                dependents[d].push(j);
            }
        }
        let mut p = Prepared {
            q,
            weights: (0..q.questions.len())
                .map(|i| weight(q, answers, i))
                .collect(),
            relative: costs.map(relative_costs),
            raw: vec![None; q.questions.len()],
            sums: vec![0.0; n],
            lo: 0.0,
            hi: 0.0,
            excluded: vec![0; n],
            cost_rows: Vec::new(),
            dependents,
            resolved,
        };
        for i in 0..q.questions.len() {
            let part = p.part(
                i,
                &p.resolved.values[i],
                p.resolved.visible[i],
                p.weights[i],
                p.relative.as_deref(),
            );
            p.add(i, &part, 1.0);
            if p.is_cost_row(i, &p.resolved.values[i]) {
                p.cost_rows.push(i);
            }
            p.raw[i] = part.raw;
        }
        p
    }

    fn is_cost_row(&self, i: usize, value: &Value) -> bool {
        let choices = self.q.questions[i].kind.choices();
        picked(value)
            .iter()
            .any(|&c| choices.get(c).is_some_and(|c| c.cost_points > 0.0))
    }

    /// What question `i` adds with this value, visibility and weight.
    fn part(
        &self,
        i: usize,
        value: &Value,
        visible: bool,
        w: f64,
        relative: Option<&[f64]>,
    ) -> Part {
        let choices = self.q.questions[i].kind.choices();
        let picks = picked(value);
        if !visible || choices.is_empty() {
            return Part {
                raw: None,
                excludes: Vec::new(),
            };
        }
        let excludes = picks
            .iter()
            .flat_map(|&c| choices[c].excludes.iter().map(|(o, _)| *o))
            .collect();
        if w <= 0.0 {
            return Part {
                raw: None,
                excludes,
            };
        }
        let mut raw = vec![0.0; self.q.options.len()];
        for &c in picks {
            let choice = &choices[c];
            for (o, r) in raw.iter_mut().enumerate() {
                *r += choice.points[o]
                    + relative.map_or(0.0, |ratio| {
                        choice.cost_points * cost_share(ratio[o], choice.cost_gap)
                    });
            }
        }
        Part {
            raw: Some(raw),
            excludes,
        }
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) a question's part from the sums.
    fn add(&mut self, i: usize, part: &Part, sign: f64) {
        for &o in &part.excludes {
            if sign > 0.0 {
                self.excluded[o] += 1;
            } else {
                self.excluded[o] -= 1;
            }
        }
        if let Some(raw) = &part.raw
            && separates(raw)
        {
            let w = self.weights[i] * sign;
            let (lo, hi) = self.q.questions[i].range;
            for (s, r) in self.sums.iter_mut().zip(raw) {
                *s += w * r;
            }
            self.lo += w * lo;
            self.hi += w * hi;
        }
    }

    /// (recommended, margin) from the current sums, in one pass: the best eligible option (the
    /// earlier one on a tie, as in `pick`) and its lead over the next.
    fn outcome(&self) -> (Option<usize>, f64) {
        let span = self.hi - self.lo;
        let mut first: Option<(usize, f64)> = None;
        let mut second: Option<f64> = None;
        for o in (0..self.sums.len()).filter(|&o| self.excluded[o] == 0) {
            let score = if span > 0.0 {
                (100.0 * (self.sums[o] - self.lo) / span).clamp(0.0, 100.0)
            } else {
                50.0
            };
            match first {
                Some((_, top)) if score <= top => {
                    second = Some(second.map_or(score, |s: f64| s.max(score)));
                }
                _ => {
                    second = first.map(|(_, top)| second.map_or(top, |s: f64| s.max(top)));
                    first = Some((o, score));
                }
            }
        }
        match (first, second) {
            (None, _) => (None, 0.0),
            (Some((o, _)), None) => (Some(o), 100.0),
            (Some((o, top)), Some(next)) => (Some(o), top - next),
        }
    }

    /// The outcome if question `i` had `value` and the options cost `relative` (when given):
    /// exact, touching only `i`, the questions whose visibility depends on it, and the rows
    /// priced by cost. The state is left as it was.
    pub(crate) fn probe(
        &mut self,
        i: usize,
        value: &Value,
        relative: Option<&[f64]>,
    ) -> (Option<usize>, f64) {
        self.probe_with(i, value, relative, Self::outcome)
    }

    /// [`Prepared::probe`], also giving which options the probed answers rule out.
    pub(crate) fn probe_ruled_out(
        &mut self,
        i: usize,
        value: &Value,
        relative: Option<&[f64]>,
    ) -> ((Option<usize>, f64), Vec<bool>) {
        self.probe_with(i, value, relative, |p| {
            (p.outcome(), p.excluded.iter().map(|&n| n > 0).collect())
        })
    }

    /// Reads `read` off the state as it would be with question `i` at `value`.
    fn probe_with<R>(
        &mut self,
        i: usize,
        value: &Value,
        relative: Option<&[f64]>,
        read: impl FnOnce(&Self) -> R,
    ) -> R {
        if relative.is_none() && self.dependents[i].is_empty() {
            return self.probe_alone(i, value, read);
        }
        // Which questions can change: i, everything whose show_if reads a changed one, and the
        // cost-priced rows when the costs change.
        let mut touched = vec![i];
        let mut k = 0;
        while k < touched.len() {
            for &d in &self.dependents[touched[k]] {
                if !touched.contains(&d) {
                    touched.push(d);
                }
            }
            k += 1;
        }
        if relative.is_some() {
            touched.extend(
                self.cost_rows
                    .iter()
                    .filter(|c| !touched.contains(c))
                    .collect::<Vec<_>>(),
            );
        }
        touched.sort_unstable();
        let old_value = std::mem::replace(&mut self.resolved.values[i], value.clone());
        let mut undo = Vec::with_capacity(touched.len());
        for &t in &touched {
            let question = &self.q.questions[t];
            let visible = question
                .depends_on
                .iter()
                .all(|&d| self.resolved.visible[d])
                && question
                    .show_if
                    .as_ref()
                    .is_none_or(|c| c.eval(&self.resolved.values));
            // What t gave before the probe: its stored points, and the exclusions of its old value.
            let before_value = if t == i {
                &old_value
            } else {
                &self.resolved.values[t]
            };
            let mut before = self.part(
                t,
                before_value,
                self.resolved.visible[t],
                self.weights[t],
                self.relative.as_deref(),
            );
            before.raw.clone_from(&self.raw[t]);
            self.add(t, &before, -1.0);
            let after = self.part(
                t,
                &self.resolved.values[t],
                visible,
                self.weights[t],
                relative.or(self.relative.as_deref()),
            );
            self.add(t, &after, 1.0);
            undo.push((t, self.resolved.visible[t], before, after));
            self.resolved.visible[t] = visible;
        }
        let result = read(self);
        for (t, was_visible, before, after) in undo.into_iter().rev() {
            self.add(t, &after, -1.0);
            self.add(t, &before, 1.0);
            self.resolved.visible[t] = was_visible;
        }
        self.resolved.values[i] = old_value;
        result
    }

    /// [`Prepared::probe`] for the common case, a new answer to a question no other question's
    /// visibility reads, with the costs unchanged: the sums are adjusted for that question alone,
    /// without allocating.
    fn probe_alone<R>(&mut self, i: usize, value: &Value, read: impl FnOnce(&Self) -> R) -> R {
        let before = self.part(
            i,
            &self.resolved.values[i],
            self.resolved.visible[i],
            self.weights[i],
            self.relative.as_deref(),
        );
        let after = self.part(
            i,
            value,
            self.resolved.visible[i],
            self.weights[i],
            self.relative.as_deref(),
        );
        self.add(i, &before, -1.0);
        self.add(i, &after, 1.0);
        let result = read(self);
        self.add(i, &after, -1.0);
        self.add(i, &before, 1.0);
        result
    }

    /// (recommended, margin) as evaluated.
    #[must_use]
    pub(crate) fn current(&self) -> (Option<usize>, f64) {
        self.outcome()
    }

    /// The leader's lead over the best other eligible option, in numerator units (Σ w·raw): no
    /// single answer that moves any option's numerator by less than half of it can change the
    /// recommendation.
    #[must_use]
    pub(crate) fn numerator_lead(&self) -> f64 {
        let (Some(leader), _) = self.outcome() else {
            return 0.0;
        };
        (0..self.sums.len())
            .filter(|&o| o != leader && self.excluded[o] == 0)
            .map(|o| self.sums[leader] - self.sums[o])
            .fold(f64::INFINITY, f64::min)
    }

    /// Σ w·raw per option and the raw points of question `i`, for solving weight thresholds.
    #[must_use]
    pub(crate) fn sums(&self) -> &[f64] {
        &self.sums
    }

    #[must_use]
    pub(crate) fn raw_of(&self, i: usize) -> Option<&[f64]> {
        self.raw[i].as_deref()
    }

    #[must_use]
    pub(crate) fn excluded(&self, o: usize) -> bool {
        self.excluded[o] > 0
    }

    /// The later questions whose `show_if` reads question `i`.
    #[must_use]
    pub(crate) fn dependents_of(&self, i: usize) -> &[usize] {
        &self.dependents[i]
    }

    #[must_use]
    pub(crate) fn weight_of(&self, i: usize) -> f64 {
        self.weights[i]
    }

    /// The full evaluation: scores, exclusions with reasons, and every contribution.
    #[must_use]
    pub(crate) fn evaluation(self) -> Evaluation {
        let q = self.q;
        let span = self.hi - self.lo;
        let mut options: Vec<OptionResult> = (0..q.options.len())
            .map(|_| OptionResult {
                score: 0.0,
                exclusions: Vec::new(),
                contributions: Vec::new(),
            })
            .collect();
        for (i, question) in q.questions.iter().enumerate() {
            if !self.resolved.visible[i] {
                continue;
            }
            let choices = question.kind.choices();
            for &c in picked(&self.resolved.values[i]) {
                for (o, reason) in &choices[c].excludes {
                    options[*o].exclusions.push(Exclusion {
                        question: i,
                        reason: reason.clone(),
                    });
                }
            }
            let Some(raw) = &self.raw[i] else { continue };
            if !separates(raw) {
                continue;
            }
            let (w, lo) = (self.weights[i], question.range.0);
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
            estimate_lead: Vec::new(),
            options,
            recommended,
            margin,
            resolved: self.resolved,
        }
    }
}

/// The cheapest priced option that is not ruled out: one rule for the explorer, the record and
/// the flip points.
pub(crate) fn cheapest(totals: &[f64], ruled_out: impl Fn(usize) -> bool) -> Option<usize> {
    (0..totals.len())
        .filter(|&o| totals[o].is_finite() && !ruled_out(o))
        .min_by(|a, b| totals[*a].total_cmp(&totals[*b]))
}

/// Which options the visible answers rule out, whatever the scores.
#[must_use]
pub(crate) fn ruled_out(q: &Questionnaire, r: &Resolved) -> Vec<bool> {
    let mut out = vec![false; q.options.len()];
    for (i, question) in q.questions.iter().enumerate() {
        if !r.visible[i] {
            continue;
        }
        let choices = question.kind.choices();
        for &c in picked(&r.values[i]) {
            for (o, _) in &choices[c].excludes {
                out[*o] = true;
            }
        }
    }
    out
}

/// The choices an answer picks (none for other kinds).
pub(crate) fn picked(value: &Value) -> &[usize] {
    match value {
        Value::Choice(c) => std::slice::from_ref(c),
        Value::Multi(cs) => cs,
        _ => &[],
    }
}

/// An answer that gives every option the same points says nothing about the choice.
fn separates(raw: &[f64]) -> bool {
    raw.iter().any(|r| (r - raw[0]).abs() >= 1e-9)
}

/// The options not excluded, best score first (the earlier option on a tie).
fn ranked(options: &[OptionResult]) -> Vec<usize> {
    let mut eligible: Vec<usize> = (0..options.len())
        .filter(|&o| !options[o].excluded())
        .collect();
    // A stable sort: equal scores keep questionnaire order.
    eligible.sort_by(|a, b| options[*b].score.total_cmp(&options[*a].score));
    eligible
}

/// The best eligible option and its lead over the next eligible one.
fn pick(options: &[OptionResult]) -> (Option<usize>, f64) {
    match ranked(options).as_slice() {
        [] => (None, 0.0),
        [only] => (Some(*only), 100.0),
        [top, next, ..] => (Some(*top), options[*top].score - options[*next].score),
    }
}

/// Each option's monthly cost over the cheapest option's (1 for the cheapest); infinite for an
/// option without a known positive cost, which gets no cost points.
pub(crate) fn relative_costs(costs: &[f64]) -> Vec<f64> {
    let cheapest = costs
        .iter()
        .copied()
        .filter(|c| c.is_finite() && *c > 0.0)
        .fold(f64::INFINITY, f64::min);
    costs
        .iter()
        .map(|&c| {
            if c.is_finite() && c > 0.0 && cheapest.is_finite() {
                c / cheapest
            } else {
                f64::INFINITY
            }
        })
        .collect()
}

/// The share of a choice's cost points an option keeps at `ratio` (its cost over the cheapest's):
/// all of them for the cheapest, none from `gap` dearer (0.5: 50% dearer), linear in between.
#[must_use]
pub(crate) fn cost_share(ratio: f64, gap: f64) -> f64 {
    if ratio.is_finite() {
        (1.0 - (ratio - 1.0) / gap).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
