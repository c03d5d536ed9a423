//! Several sets of answers side by side (a room's participants, or saved scenarios): each one's
//! recommendation, scores and bill; the questions where they disagree, most decisive first; and
//! a consensus with its own result. `tradeoff compare`, the explorer's scenarios view and
//! exported bundles all use it.
//!
//! The consensus is a tally that does not depend on the order of the sets:
//! - only answers given to questions shown are votes; assumed defaults and answers to hidden
//!   questions are shown apart and not counted;
//! - a choice takes the most frequent answer, an `ordered` choice the median, a number the
//!   median (on its step grid), a multi-answer question every choice at least half pick, a
//!   weight the median multiplier;
//! - ties are never settled by order: the questionnaire's default when it is among the tied
//!   answers, else the earliest tied choice; the tie stays marked open, with what each way of
//!   settling it would recommend;
//! - hard constraints are vetoes: an answer that rules an option out rules it out of the
//!   consensus, named with who gave it, however few did.

use crate::answers::Answers;
use crate::answers::resolve;
use crate::model::Model;
use crate::questionnaire::{Kind, Question};
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

/// How one set of answers stands on a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// Answered while the question was shown: a vote.
    Given,
    /// Shown but not answered: the default is assumed, and it is not a vote.
    Assumed,
    /// Hidden by `show_if` for these answers: not a vote, whatever the file says.
    Hidden,
}

/// A question the columns answer differently.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Disagreement {
    pub question: usize,
    /// Each column's effective answer.
    pub values: Vec<Value>,
    /// Each column's stance: only `Given` answers are counted.
    pub stances: Vec<Stance>,
    /// Whether taking one column's answer instead of another's changes the consensus recommendation.
    pub changes_recommendation: bool,
    /// The largest swing in any option's score across the columns' answers, on the consensus.
    pub swing: f64,
}

/// A hard constraint: an answer that rules an option out, and who gave it. The consensus rules
/// the option out too, however few gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Veto {
    pub option: usize,
    pub question: usize,
    pub choice: usize,
    /// The columns that gave the answer, sorted.
    pub by: Vec<String>,
    /// The questionnaire's reason for the exclusion.
    pub reason: String,
}

/// How an open tie was settled for the consensus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieRule {
    /// The questionnaire's default was among the tied answers.
    Default,
    /// The tied answer that comes first in the questionnaire (or, for text, first in order).
    Earliest,
}

/// A question the votes could not settle: the tied answers, the one the consensus takes and by
/// which rule, and what each would recommend. It stays open for the room to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub question: usize,
    /// In questionnaire order.
    pub tied: Vec<Value>,
    pub taken: Value,
    pub rule: TieRule,
    /// For each tied answer, the consensus recommendation with it.
    pub recommends: Vec<Option<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub columns: Vec<Outcome>,
    pub(crate) disagreements: Vec<Disagreement>,
    pub consensus: Answers,
    pub consensus_outcome: Outcome,
    pub ties: Vec<Tie>,
    pub vetoes: Vec<Veto>,
}

/// Evaluates one set of answers for the table.
#[must_use]
pub(crate) fn outcome(model: &Model, name: &str, answers: &Answers) -> Outcome {
    let a = model.assess(answers);
    outcome_of(name, &a, &a.evaluation)
}

fn outcome_of(name: &str, a: &crate::model::Assessment, e: &crate::engine::Evaluation) -> Outcome {
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

/// The evaluation of `answers` with the vetoes applied: what the consensus decides.
fn decide(model: &Model, answers: &Answers, vetoes: &[Veto]) -> crate::engine::Evaluation {
    let mut e = model.evaluate(answers);
    veto(&mut e, vetoes);
    e
}

/// The vetoes raised by questions other than `question`.
fn others(vetoes: &[Veto], question: usize) -> Vec<Veto> {
    vetoes
        .iter()
        .filter(|v| v.question != question)
        .cloned()
        .collect()
}

fn veto(e: &mut crate::engine::Evaluation, vetoes: &[Veto]) {
    for v in vetoes {
        let reason = format!("{} (raised by {})", v.reason, v.by.join(", "));
        e.exclude(v.option, v.question, reason);
    }
}

/// Compares the columns and tallies their consensus. Permuting the columns permutes the
/// columns of the result and changes nothing else.
#[must_use]
pub fn compare(model: &Model, columns: &[(String, Answers)]) -> Comparison {
    let q = &model.questionnaire;
    let resolved: Vec<_> = columns.iter().map(|(_, a)| resolve(q, a)).collect();
    let stance = |p: usize, i: usize| {
        if !resolved[p].visible[i] {
            Stance::Hidden
        } else if columns[p].1.get(i).is_some() {
            Stance::Given
        } else {
            Stance::Assumed
        }
    };
    let mut consensus = Answers::new(q);
    let mut open = Vec::new();
    let mut disagreeing = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        let votes: Vec<&Value> = (0..columns.len())
            .filter(|&p| stance(p, i) == Stance::Given)
            .map(|p| &resolved[p].values[i])
            .collect();
        if !votes.is_empty() {
            let (value, tie) = settle(question, &votes);
            if let Some((tied, rule)) = tie {
                open.push((i, tied, value.clone(), rule));
            }
            consensus.set(q, i, value);
        }
        let values: Vec<Value> = resolved.iter().map(|r| r.values[i].clone()).collect();
        if !values.windows(2).all(|w| w[0] == w[1]) {
            let stances = (0..columns.len()).map(|p| stance(p, i)).collect();
            disagreeing.push((i, values, stances));
        }
        // Weights: the median multiplier, where any column set one (1 for those that did not).
        if columns.iter().any(|(_, a)| a.weight(i).is_some()) {
            let all: Vec<f64> = columns
                .iter()
                .map(|(_, a)| a.weight(i).unwrap_or(1.0))
                .collect();
            consensus.set_weight(i, Some(median(all)));
        }
    }
    let vetoes = vetoes(model, columns, &resolved, &stance);
    let base = decide(model, &consensus, &vetoes);
    let ties = open
        .into_iter()
        .map(|(i, tied, taken, rule)| {
            // Settling this question one way or another stands in for the vetoes it raised.
            let others = others(&vetoes, i);
            let recommends = tied
                .iter()
                .map(|v| {
                    let mut trial = consensus.clone();
                    trial.set(q, i, v.clone());
                    decide(model, &trial, &others).recommended
                })
                .collect();
            Tie {
                question: i,
                tied,
                taken,
                rule,
                recommends,
            }
        })
        .collect();
    let mut disagreements: Vec<Disagreement> = disagreeing
        .into_iter()
        .map(|(i, values, stances)| {
            disagreement(
                model,
                &consensus,
                &vetoes,
                base.recommended,
                i,
                values,
                stances,
            )
        })
        .collect();
    // A stable sort of questions in questionnaire order: the columns' order plays no part.
    disagreements.sort_by(|a, b| {
        b.changes_recommendation
            .cmp(&a.changes_recommendation)
            .then(b.swing.total_cmp(&a.swing))
    });
    let assessment = model.assess(&consensus);
    let mut decided = assessment.evaluation.clone();
    veto(&mut decided, &vetoes);
    Comparison {
        columns: columns
            .iter()
            .map(|(name, a)| outcome(model, name, a))
            .collect(),
        disagreements,
        consensus_outcome: outcome_of("consensus", &assessment, &decided),
        consensus,
        ties,
        vetoes,
    }
}

/// How much a disagreement matters: each column's answer tried on the consensus.
fn disagreement(
    model: &Model,
    consensus: &Answers,
    vetoes: &[Veto],
    recommended: Option<usize>,
    i: usize,
    values: Vec<Value>,
    stances: Vec<Stance>,
) -> Disagreement {
    let q = &model.questionnaire;
    let mut trial = consensus.clone();
    let mut changes = false;
    let mut lo = vec![f64::INFINITY; q.options.len()];
    let mut hi = vec![f64::NEG_INFINITY; q.options.len()];
    // Settling this question one way or another stands in for the vetoes it raised.
    let others = others(vetoes, i);
    for v in &values {
        trial.set(q, i, v.clone());
        let e = decide(model, &trial, &others);
        changes |= e.recommended != recommended;
        for (o, r) in e.options.iter().enumerate() {
            lo[o] = lo[o].min(r.score);
            hi[o] = hi[o].max(r.score);
        }
    }
    Disagreement {
        question: i,
        changes_recommendation: changes,
        swing: lo.iter().zip(&hi).map(|(l, h)| h - l).fold(0.0, f64::max),
        values,
        stances,
    }
}

/// Every answer given to a shown question that rules an option out, with who gave it.
fn vetoes(
    model: &Model,
    columns: &[(String, Answers)],
    resolved: &[crate::answers::Resolved],
    stance: &impl Fn(usize, usize) -> Stance,
) -> Vec<Veto> {
    let q = &model.questionnaire;
    let mut found: std::collections::BTreeMap<(usize, usize, usize), (Vec<String>, String)> =
        std::collections::BTreeMap::new();
    for (p, (name, _)) in columns.iter().enumerate() {
        for (i, question) in q.questions.iter().enumerate() {
            if stance(p, i) != Stance::Given {
                continue;
            }
            for &c in crate::engine::picked(&resolved[p].values[i]) {
                for (o, reason) in &question.kind.choices()[c].excludes {
                    let entry = found
                        .entry((*o, i, c))
                        .or_insert_with(|| (Vec::new(), reason.clone()));
                    entry.0.push(name.clone());
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((option, question, choice), (mut by, reason))| {
            by.sort();
            Veto {
                option,
                question,
                choice,
                by,
                reason,
            }
        })
        .collect()
}

/// The consensus answer from the votes (at least one), and the tie it leaves open, if any.
fn settle(question: &Question, votes: &[&Value]) -> (Value, Option<(Vec<Value>, TieRule)>) {
    match &question.kind {
        Kind::Number(spec) => {
            let m = median(votes.iter().filter_map(|v| v.as_number()).collect());
            // The median of an even count may fall between two answers: keep it on the grid.
            let m = if spec.integer {
                m.round()
            } else {
                (m / spec.step).round() * spec.step
            };
            (Value::Number(m), None)
        }
        Kind::Multi(choices) => {
            // Each choice on its own: in when at least half the votes pick it.
            let picked = (0..choices.len())
                .filter(|c| {
                    let n = votes
                        .iter()
                        .filter(|v| matches!(v, Value::Multi(cs) if cs.contains(c)))
                        .count();
                    2 * n >= votes.len()
                })
                .collect();
            (Value::Multi(picked), None)
        }
        Kind::Choice(_) if question.ordered => {
            let mut xs: Vec<usize> = votes
                .iter()
                .filter_map(|v| match v {
                    Value::Choice(c) => Some(*c),
                    _ => None,
                })
                .collect();
            xs.sort_unstable();
            let (lo, hi) = (xs[(xs.len() - 1) / 2], xs[xs.len() / 2]);
            if lo == hi {
                (Value::Choice(lo), None)
            } else {
                // An even count whose middle votes differ: the two are tied.
                tie(question, vec![Value::Choice(lo), Value::Choice(hi)])
            }
        }
        _ => {
            let mut counts: Vec<(&Value, usize)> = Vec::new();
            for v in votes {
                match counts.iter_mut().find(|(x, _)| x == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                }
            }
            let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
            let mut tied: Vec<Value> = counts
                .into_iter()
                .filter(|(_, n)| *n == top)
                .map(|(v, _)| v.clone())
                .collect();
            if tied.len() == 1 {
                return (tied.remove(0), None);
            }
            tie(question, tied)
        }
    }
}

/// Settles tied answers without regard to who gave them: the questionnaire's default when it
/// is among them, else the first in questionnaire order (text: in character order).
fn tie(question: &Question, mut tied: Vec<Value>) -> (Value, Option<(Vec<Value>, TieRule)>) {
    tied.sort_by_cached_key(|v| match v {
        Value::Choice(c) => (*c, String::new()),
        other => (0, question.text_of(other)),
    });
    let (taken, rule) = if tied.contains(&question.default) {
        (question.default.clone(), TieRule::Default)
    } else {
        (tied[0].clone(), TieRule::Earliest)
    };
    (taken, Some((tied, rule)))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2],
        n => f64::midpoint(xs[n / 2 - 1], xs[n / 2]),
    }
}
