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
//! - hard constraints are vetoes: an answer that rules an option out is the consensus answer
//!   (for several answers, one of the consensus's choices), however few gave it, and is named
//!   with who gave it. Two such answers to one question that cannot both hold are an open tie.
//!   So the consensus answers alone, replayed, give the consensus's result.

use crate::answers::Answers;
use crate::answers::resolve;
use crate::model::Model;
use crate::questionnaire::{Kind, Question, Questionnaire};
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

/// The votes on one question, grouped: each answer (each choice, for a question with several
/// answers) with who gave it, most votes first; and those not counted, with why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Votes {
    pub groups: Vec<(Value, Vec<String>)>,
    pub apart: Vec<(String, Stance)>,
}

impl Disagreement {
    /// Who voted for what; `names` are the columns' names, in column order.
    #[must_use]
    pub(crate) fn votes(&self, question: &Question, names: &[&str]) -> Votes {
        group_votes(question, names, &self.values, &self.stances)
    }
}

/// The votes on question `i` of the sets of answers in `columns`, by the tally's rule: only
/// answers given to the question while it is shown are votes.
#[must_use]
pub(crate) fn votes_on(q: &Questionnaire, columns: &[(&str, &Answers)], i: usize) -> Votes {
    let (names, (values, stances)): (Vec<&str>, (Vec<Value>, Vec<Stance>)) = columns
        .iter()
        .map(|(name, answers)| {
            let resolved = resolve(q, answers);
            let stance = stance_of(&resolved, answers, i);
            (*name, (resolved.values[i].clone(), stance))
        })
        .unzip();
    group_votes(&q.questions[i], &names, &values, &stances)
}

/// How a set of answers stands on question `i`: the one place the tally decides what is a vote.
fn stance_of(resolved: &crate::answers::Resolved, answers: &Answers, i: usize) -> Stance {
    if !resolved.visible[i] {
        Stance::Hidden
    } else if answers.get(i).is_some() {
        Stance::Given
    } else {
        Stance::Assumed
    }
}

/// Each answer (each choice, for a question with several) with who gave it, most votes first;
/// and who was not counted, and why.
fn group_votes(question: &Question, names: &[&str], values: &[Value], stances: &[Stance]) -> Votes {
    let mut groups: Vec<(Value, Vec<String>)> = Vec::new();
    let mut apart = Vec::new();
    for ((name, v), stance) in names.iter().zip(values).zip(stances) {
        if *stance != Stance::Given {
            apart.push(((*name).to_owned(), *stance));
            continue;
        }
        let keys: Vec<Value> = match (&question.kind, v) {
            (Kind::Multi(_), Value::Multi(cs)) => {
                cs.iter().map(|&c| Value::Multi(vec![c])).collect()
            }
            _ => vec![v.clone()],
        };
        for key in keys {
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, by)) => by.push((*name).to_owned()),
                None => groups.push((key, vec![(*name).to_owned()])),
            }
        }
    }
    for (_, by) in &mut groups {
        by.sort();
    }
    // Most votes first, then questionnaire order: the columns' order plays no part.
    groups.sort_by(|(a, x), (b, y)| y.len().cmp(&x.len()).then_with(|| order(question, a, b)));
    apart.sort_by(|a, b| a.0.cmp(&b.0));
    Votes { groups, apart }
}

/// The order answers are listed in, whoever gave them: choices as the questionnaire lists
/// them, numbers from the smallest, other values by their text.
fn order(question: &Question, a: &Value, b: &Value) -> std::cmp::Ordering {
    let first = |v: &Value| match v {
        Value::Choice(c) => Some(*c),
        Value::Multi(cs) => Some(cs.first().copied().unwrap_or(0)),
        _ => None,
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        _ => first(a)
            .cmp(&first(b))
            .then_with(|| question.text_of(a).cmp(&question.text_of(b))),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub columns: Vec<Outcome>,
    /// Questions every column answered alike, at least one of them by a vote, in questionnaire order.
    pub agreements: Vec<usize>,
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

/// Compares the columns and tallies their consensus. Permuting the columns permutes the
/// columns of the result and changes nothing else.
#[must_use]
pub fn compare(model: &Model, columns: &[(String, Answers)]) -> Comparison {
    let q = &model.questionnaire;
    let resolved: Vec<_> = columns.iter().map(|(_, a)| resolve(q, a)).collect();
    let stance = |p: usize, i: usize| stance_of(&resolved[p], &columns[p].1, i);
    let mut consensus = Answers::new(q);
    let mut open = Vec::new();
    let mut disagreeing = Vec::new();
    let mut agreements = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        let votes: Vec<&Value> = (0..columns.len())
            .filter(|&p| stance(p, i) == Stance::Given)
            .map(|p| &resolved[p].values[i])
            .collect();
        if !votes.is_empty() {
            let (value, tie) = settle(question, &votes);
            let (value, tie) = uphold_vetoes(question, &votes, value, tie);
            if let Some((tied, rule)) = tie {
                open.push((i, tied, value.clone(), rule));
            }
            consensus.set(q, i, value);
        }
        let values: Vec<Value> = resolved.iter().map(|r| r.values[i].clone()).collect();
        if !values.windows(2).all(|w| w[0] == w[1]) {
            let stances = (0..columns.len()).map(|p| stance(p, i)).collect();
            disagreeing.push((i, values, stances));
        } else if !votes.is_empty() {
            agreements.push(i);
        }
        // Weights: the median multiplier, where any column set one (1 for those that did not).
        if columns.iter().any(|(_, a)| a.weight(i).is_some()) {
            let all: Vec<f64> = columns.iter().map(|(_, a)| a.multiplier(i)).collect();
            consensus.set_weight(i, Some(median(all)));
        }
    }
    let vetoes = vetoes(model, columns, &consensus, &resolved, &stance);
    let assessment = model.assess(&consensus);
    let ties = open
        .into_iter()
        .map(|(i, tied, taken, rule)| {
            let recommends = tied
                .iter()
                .map(|v| {
                    let mut trial = consensus.clone();
                    trial.set(q, i, v.clone());
                    model.evaluate(&trial).recommended
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
                assessment.evaluation.recommended,
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
    Comparison {
        columns: columns
            .iter()
            .map(|(name, a)| outcome(model, name, a))
            .collect(),
        agreements,
        disagreements,
        consensus_outcome: outcome_of("consensus", &assessment, &assessment.evaluation),
        consensus,
        ties,
        vetoes,
    }
}

/// How much a disagreement matters: each column's answer tried on the consensus.
fn disagreement(
    model: &Model,
    consensus: &Answers,
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
    for v in &values {
        trial.set(q, i, v.clone());
        let e = model.evaluate(&trial);
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

/// The consensus's answers that rule an option out, each with who gave it. Only given answers
/// name anyone: a default that rules an option out is the questionnaire's, not a veto.
fn vetoes(
    model: &Model,
    columns: &[(String, Answers)],
    consensus: &Answers,
    resolved: &[crate::answers::Resolved],
    stance: &impl Fn(usize, usize) -> Stance,
) -> Vec<Veto> {
    let q = &model.questionnaire;
    let mut found = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        let Some(value) = consensus.get(i) else {
            continue;
        };
        for &c in crate::engine::picked(value) {
            let mut by: Vec<String> = (0..columns.len())
                .filter(|&p| {
                    stance(p, i) == Stance::Given
                        && crate::engine::picked(&resolved[p].values[i]).contains(&c)
                })
                .map(|p| columns[p].0.clone())
                .collect();
            by.sort();
            for (o, reason) in &question.kind.choices()[c].excludes {
                if !by.is_empty() {
                    found.push(Veto {
                        option: *o,
                        question: i,
                        choice: c,
                        by: by.clone(),
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
    found.sort_by_key(|v| (v.option, v.question, v.choice));
    found
}

/// A vote that rules an option out overrides the tally: a multi-answer question takes its
/// choice in as well; a choice question takes it, and two or more such answers that cannot
/// all hold are a tie for the room (settled for now by the order-free rule of [`tie`]).
fn uphold_vetoes(
    question: &Question,
    votes: &[&Value],
    value: Value,
    tie_found: Option<(Vec<Value>, TieRule)>,
) -> (Value, Option<(Vec<Value>, TieRule)>) {
    let choices = question.kind.choices();
    let mut vetoing: Vec<usize> = votes
        .iter()
        .flat_map(|v| crate::engine::picked(v))
        .copied()
        .filter(|&c| choices.get(c).is_some_and(|ch| !ch.excludes.is_empty()))
        .collect();
    vetoing.sort_unstable();
    vetoing.dedup();
    match (&question.kind, vetoing.as_slice()) {
        (_, []) => (value, tie_found),
        (Kind::Multi(_), _) => {
            let mut picked = crate::engine::picked(&value).to_vec();
            picked.extend(&vetoing);
            picked.sort_unstable();
            picked.dedup();
            (Value::Multi(picked), None)
        }
        (_, [only]) => (Value::Choice(*only), None),
        (_, several) => tie(
            question,
            several.iter().map(|&c| Value::Choice(c)).collect(),
        ),
    }
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
    tied.sort_by(|a, b| order(question, a, b));
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
