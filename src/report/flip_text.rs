//! Flip points in words, for the decision record, the explorer and `compare`.

use crate::cost::num;
use crate::engine::{Change, FlipPoint};
use crate::questionnaire::Questionnaire;
use crate::value::Value;

/// For a close call: up to three single changes that would change the recommendation, changed
/// answers before changed weights, each nearest first.
#[must_use]
pub(crate) fn deciding(q: &Questionnaire, flips: &[FlipPoint]) -> Vec<String> {
    let changes = flips.iter().filter(|f| f.recommendation_changes);
    changes
        .clone()
        .filter(|f| !matches!(f.change, Change::Weight { .. }))
        .chain(changes.filter(|f| matches!(f.change, Change::Weight { .. })))
        .take(3)
        .map(|f| change(q, f))
        .collect()
}

/// The change: `Kubernetes experience: "Strong" instead of "Some"`, `Services: 14 instead of 3`.
#[must_use]
pub(crate) fn change(q: &Questionnaire, f: &FlipPoint) -> String {
    let question = &q.questions[f.question];
    match &f.change {
        Change::Choice {
            current,
            alternative,
        } => {
            let label = |c: usize| {
                question
                    .kind
                    .choices()
                    .get(c)
                    .map_or("?", |c| c.label.as_str())
            };
            format!(
                "{}: \"{}\" instead of \"{}\"",
                question.driver,
                label(*alternative),
                label(*current)
            )
        }
        Change::Number { current, threshold } => format!(
            "{}: {} instead of {}",
            question.driver,
            question.display_value(&Value::Number(*threshold)),
            question.display_value(&Value::Number(*current))
        ),
        Change::Weight {
            current,
            multiplier,
        } => {
            format!(
                "{} weighted ×{} instead of ×{}",
                question.driver,
                num(*multiplier),
                num(*current)
            )
        }
    }
}

/// What it would do: `recommends GKE Standard`, `makes GKE Standard the cheapest`.
#[must_use]
pub(crate) fn effect(q: &Questionnaire, f: &FlipPoint) -> String {
    let name = |o: Option<usize>| o.map_or("no option".to_owned(), |o| q.options[o].name.clone());
    match (f.recommendation_changes, f.cheapest_changes) {
        (true, true) => format!(
            "recommends {}, and {} becomes the cheapest",
            name(f.recommends),
            name(f.cheapest)
        ),
        (true, false) => format!("recommends {}", name(f.recommends)),
        (false, _) => format!("makes {} the cheapest", name(f.cheapest)),
    }
}

/// The change in a few words, for narrow panels: `Networking “Service mesh”`, `Services 14`,
/// `Traffic pattern ×7.85`.
#[must_use]
pub(crate) fn brief(q: &Questionnaire, f: &FlipPoint, width: usize) -> String {
    let question = &q.questions[f.question];
    let value = match &f.change {
        Change::Choice { alternative, .. } => {
            format!("“{}”", question.short_value(&Value::Choice(*alternative)))
        }
        Change::Number { threshold, .. } => question.display_value(&Value::Number(*threshold)),
        Change::Weight { multiplier, .. } => format!("×{}", num(*multiplier)),
    };
    // The criterion gives way to the value: shortened at a word, never cut inside one.
    let room = width.saturating_sub(crate::text::width(&value) + 1);
    let driver = crate::text::shorten(&question.driver, room.max(2));
    format!("{driver} {value}")
}
