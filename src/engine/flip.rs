//! Flip points: the single answer changes that would change the recommendation.

use super::Evaluation;
use crate::answers::Answers;
use crate::questionnaire::{Kind, Questionnaire};
use crate::value::Value;

/// One answer change that alone changes the recommended option.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipPoint {
    pub question: usize,
    /// The choice answered now, and the one that would flip it.
    pub current: usize,
    pub alternative: usize,
    /// The option that would then be recommended (`None`: every option excluded).
    pub recommends: Option<usize>,
    /// The new recommendation's margin: the larger, the clearer the flip.
    pub margin: f64,
}

/// Every single-choice change that changes the recommendation, largest resulting margin first.
/// `evaluate` scores a set of answers (with costs, where the caller has a price book).
#[must_use]
pub fn flip_points(
    q: &Questionnaire,
    answers: &Answers,
    evaluate: impl Fn(&Answers) -> Evaluation,
) -> Vec<FlipPoint> {
    let base = evaluate(answers);
    let mut out = Vec::new();
    let mut trial = answers.clone();
    for (i, question) in q.questions.iter().enumerate() {
        let (Kind::Choice(choices), Value::Choice(current)) =
            (&question.kind, &base.resolved.values[i])
        else {
            continue;
        };
        if !base.resolved.visible[i] {
            continue;
        }
        for alternative in (0..choices.len()).filter(|c| c != current) {
            trial.set(i, Value::Choice(alternative));
            let e = evaluate(&trial);
            if e.recommended != base.recommended {
                out.push(FlipPoint {
                    question: i,
                    current: *current,
                    alternative,
                    recommends: e.recommended,
                    margin: e.margin,
                });
            }
        }
        match answers.get(i) {
            Some(v) => trial.set(i, v.clone()),
            None => trial.clear(i),
        }
    }
    out.sort_by(|a, b| b.margin.total_cmp(&a.margin));
    out
}
