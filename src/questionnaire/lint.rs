//! Warnings for a questionnaire that loads but holds parts that do nothing: `cost_points` with no
//! bill to compare, a question nothing reads, a `show_if` no answers can make true. `check`
//! shows them; loading for use does not look, so start-up pays nothing for them.

use super::raw::RawQuestionnaire;
use super::{Artifact, Kind, Question, Questionnaire};
use crate::condition::{Condition, Literal};
use crate::diagnostic::{Diagnostic, Source, quote};
use crate::value::Value;
use std::collections::HashSet;

/// Above this many combinations of the answers a `show_if` reads, it is not tried: a warning
/// must never make `check` slow.
const MAX_COMBINATIONS: usize = 4096;
/// A multi-answer question with more choices is tried with none, each alone, and all.
const MAX_SUBSETS_OF: usize = 8;

pub(super) fn warnings(
    q: &Questionnaire,
    raw: &RawQuestionnaire<'_>,
    src: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let warn = |span: &std::ops::Range<usize>, message: String| {
        src.error(span, format!("warning: {message}"))
    };
    if q.cost_inputs.is_none() {
        for rq in &raw.questions {
            for rc in rq.get_ref().choices.iter().flat_map(toml::Spanned::get_ref) {
                let rc = rc.get_ref();
                if let Some(span) = rc
                    .cost_points
                    .as_ref()
                    .map(toml::Spanned::span)
                    .or_else(|| rc.cost_gap.as_ref().map(toml::Spanned::span))
                {
                    out.push(warn(
                        &span,
                        "'cost_points' and 'cost_gap' do nothing here: no option has a cost_model, so there is no bill to compare; remove them, or give the options a cost model".to_owned(),
                    ));
                }
            }
        }
    }
    let read = read_elsewhere(q);
    let defaults: Vec<Value> = q.questions.iter().map(|x| x.default.clone()).collect();
    for (i, (question, rq)) in q.questions.iter().zip(&raw.questions).enumerate() {
        let rq = rq.get_ref();
        if !changes_a_score(question) && !read.contains(&i) {
            let fix = if question.kind.choices().is_empty() {
                "a number, text or key/value answer counts only through a cost model, the deployable samples, or another question's show_if or at_least; use it in one, or remove it"
            } else {
                "give its choices points or exclusions, or remove it"
            };
            out.push(warn(
                &rq.id.span(),
                format!(
                    "no answer to {} changes a score, a bill, a sample or which questions are shown: {fix}",
                    quote(&question.id)
                ),
            ));
        }
        if let (Some(cond), Some(text)) = (&question.show_if, &rq.show_if)
            && can_hold(q, cond, &defaults) == Some(false)
        {
            out.push(warn(
                &text.span(),
                format!(
                    "show_if of {} is false for every answer, so the question is never asked; check the values it compares",
                    quote(&question.id)
                ),
            ));
        }
    }
    out.sort_by_key(|d| (d.line, d.col));
    out
}

fn changes_a_score(question: &Question) -> bool {
    question.kind.choices().iter().any(|c| {
        c.points.iter().any(|p| *p != 0.0) || !c.excludes.is_empty() || c.cost_points != 0.0
    })
}

/// The questions something other than the score reads: other questions' conditions and
/// floors, the cost models, and the deployable samples.
fn read_elsewhere(q: &Questionnaire) -> HashSet<usize> {
    let mut read: HashSet<usize> = HashSet::new();
    for question in &q.questions {
        read.extend(&question.depends_on);
        if let Kind::Number(spec) = &question.kind {
            read.extend(spec.at_least);
        }
    }
    if let Some(c) = q.cost_inputs {
        read.extend(c.questions());
        if q.options.iter().any(|o| o.artifact != Artifact::None) {
            read.extend(q.deploy_inputs.questions());
        }
    }
    read
}

/// Whether some answers to the questions `cond` reads make it true: `None` when there are too
/// many combinations to try. Comparisons are with constants, so trying each constant, values
/// either side of it and the ends of the range covers every case.
fn can_hold(q: &Questionnaire, cond: &Condition, defaults: &[Value]) -> Option<bool> {
    let mut read = Vec::new();
    cond.questions(&mut read);
    read.sort_unstable();
    read.dedup();
    let sets: Vec<Vec<Value>> = read
        .iter()
        .map(|&i| candidates(&q.questions[i], &literals(cond, i)))
        .collect();
    let combinations = sets
        .iter()
        .try_fold(1_usize, |n, s| n.checked_mul(s.len().max(1)))?;
    if combinations > MAX_COMBINATIONS {
        return None;
    }
    let mut values = defaults.to_vec();
    for k in 0..combinations {
        let mut rest = k;
        for (&i, set) in read.iter().zip(&sets) {
            if !set.is_empty() {
                values[i] = set[rest % set.len()].clone();
                rest /= set.len();
            }
        }
        if cond.eval(&values) {
            return Some(true);
        }
    }
    Some(false)
}

/// The constants `cond` compares question `i` with.
fn literals(cond: &Condition, i: usize) -> Vec<Literal> {
    match cond {
        Condition::And(a, b) | Condition::Or(a, b) => {
            let mut out = literals(a, i);
            out.extend(literals(b, i));
            out
        }
        Condition::Not(a) => literals(a, i),
        Condition::Compare { question, rhs, .. } if *question == i => vec![rhs.clone()],
        _ => Vec::new(),
    }
}

fn candidates(question: &Question, literals: &[Literal]) -> Vec<Value> {
    match &question.kind {
        Kind::Choice(cs) => (0..cs.len()).map(Value::Choice).collect(),
        Kind::Multi(cs) if cs.len() <= MAX_SUBSETS_OF => (0..1_usize << cs.len())
            .map(|bits| Value::Multi((0..cs.len()).filter(|c| bits >> c & 1 == 1).collect()))
            .collect(),
        Kind::Multi(cs) => std::iter::once(Vec::new())
            .chain((0..cs.len()).map(|c| vec![c]))
            .chain(std::iter::once((0..cs.len()).collect()))
            .map(Value::Multi)
            .collect(),
        Kind::Number(spec) => {
            let mut xs = vec![spec.min, spec.max];
            xs.extend(question.default.as_number());
            for l in literals {
                if let Literal::Number(x) = l {
                    let d = if spec.integer {
                        1.0
                    } else {
                        1e-6 * x.abs().max(1.0)
                    };
                    xs.extend([*x - d, *x, *x + d]);
                }
            }
            xs.retain(|x| {
                (*x > spec.min || (!spec.exclusive_min && *x >= spec.min)) && *x <= spec.max
            });
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            xs.into_iter().map(Value::Number).collect()
        }
        Kind::Text(_) => {
            let mut texts: Vec<Value> = literals
                .iter()
                .filter_map(|l| match l {
                    Literal::Text(t) => Some(Value::Text(t.clone())),
                    _ => None,
                })
                .collect();
            // And one answer equal to none of them.
            let other = texts
                .iter()
                .filter_map(Value::as_text)
                .map(str::len)
                .max()
                .unwrap_or(0);
            texts.push(Value::Text("x".repeat(other + 1)));
            texts.push(question.default.clone());
            texts
        }
        Kind::KeyValue(_) => vec![question.default.clone()],
    }
}
