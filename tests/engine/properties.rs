//! Properties of the engine over generated answers. The loaders' fuzz targets are in fuzz.rs.

use proptest::prelude::*;
use std::path::Path;
use tradeoff::answers::Answers;
use tradeoff::engine::evaluate;
use tradeoff::questionnaire::{Kind, Questionnaire, builtin, parse};
use tradeoff::value::Value;

fn default_q() -> Questionnaire {
    builtin("fargate-vs-gke").unwrap()
}

fn all_kinds_q() -> Questionnaire {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/valid/all-kinds.toml");
    parse("all-kinds.toml", &std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Random answers for a questionnaire: each question unanswered or answered in its range, and a
/// random weight multiplier on some.
fn answers_for(q: &Questionnaire) -> impl Strategy<Value = Answers> + use<> {
    let n = q.questions.len();
    let q = q.clone();
    (
        proptest::collection::vec((any::<bool>(), 0.0..1.0_f64, any::<u64>()), n),
        proptest::collection::vec(proptest::option::of(0.0..10.0_f64), n),
    )
        .prop_map(move |(picks, weights)| {
            let mut a = Answers::new(&q);
            for (i, ((answer, x, bits), w)) in picks.into_iter().zip(weights).enumerate() {
                a.set_weight(i, w);
                if !answer {
                    continue;
                }
                let question = &q.questions[i];
                let value = match &question.kind {
                    #[allow(clippy::cast_possible_truncation)]
                    Kind::Choice(cs) => Value::Choice((bits % cs.len() as u64) as usize),
                    Kind::Multi(cs) => {
                        Value::Multi((0..cs.len()).filter(|c| bits >> c & 1 == 1).collect())
                    }
                    Kind::Number(spec) => {
                        let v = spec.min + x * (spec.max - spec.min);
                        Value::Number(if spec.integer { v.round() } else { v })
                    }
                    _ => continue,
                };
                a.set(&q, i, value);
            }
            a
        })
}

fn costs() -> impl Strategy<Value = Option<Vec<f64>>> {
    proptest::option::of(proptest::collection::vec(0.0..5000.0_f64, 3))
}

fn check_evaluation(q: &Questionnaire, a: &Answers, costs: Option<&[f64]>) {
    let e = evaluate(q, a, costs);
    if let Some(r) = e.recommended {
        assert!(
            !e.options[r].excluded(),
            "an excluded option was recommended"
        );
        for (o, result) in e.options.iter().enumerate() {
            if !result.excluded() {
                assert!(
                    result.score <= e.options[r].score + 1e-9,
                    "option {o} outscores the winner"
                );
            }
        }
    } else {
        assert!(
            e.options
                .iter()
                .all(tradeoff::engine::OptionResult::excluded)
        );
    }
    // The documented formula, recomputed from the questionnaire's ranges.
    let contributing: std::collections::BTreeMap<usize, f64> = e.options[0]
        .contributions
        .iter()
        .map(|c| (c.question, c.weight))
        .collect();
    let span: f64 = contributing
        .iter()
        .map(|(&i, w)| w * (q.questions[i].range.1 - q.questions[i].range.0))
        .sum();
    for result in &e.options {
        assert!(
            (0.0..=100.0).contains(&result.score),
            "score {}",
            result.score
        );
        let sum: f64 = result.contributions.iter().map(|c| c.points).sum();
        if span > 0.0 {
            assert!(
                (sum - result.score).abs() < 1e-6,
                "contributions {sum} != score {}",
                result.score
            );
        } else {
            assert!((result.score - 50.0).abs() < 1e-9);
        }
        for c in &result.contributions {
            let question = &q.questions[c.question];
            assert!(
                e.resolved.visible[c.question],
                "a hidden question contributed"
            );
            let expected = 100.0 * c.weight * (c.raw - question.range.0) / span;
            assert!(
                (c.points - expected).abs() < 1e-9,
                "{}: {} vs {expected}",
                question.id,
                c.points
            );
            assert!(c.raw >= question.range.0 - 1e-9 && c.raw <= question.range.1 + 1e-9);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn default_questionnaire_scores_are_sound(a in answers_for(&default_q()), costs in costs()) {
        check_evaluation(&default_q(), &a, costs.as_deref());
    }

    #[test]
    fn every_kind_of_question_scores_soundly(a in answers_for(&all_kinds_q()), costs in costs()) {
        check_evaluation(&all_kinds_q(), &a, costs.as_deref());
    }
}

/// Named answers, one set per participant.
type Room = Vec<(String, Answers)>;

/// A room of 3 to 6 participants, named p0, p1, …, and the same room in another order.
fn room_and_permutation() -> impl Strategy<Value = (Room, Room)> {
    let q = default_q();
    proptest::collection::vec(answers_for(&q), 3..=6).prop_flat_map(|sets| {
        let room: Room = sets
            .into_iter()
            .enumerate()
            .map(|(i, a)| (format!("p{i}"), a))
            .collect();
        (Just(room.clone()), Just(room).prop_shuffle())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn the_consensus_does_not_depend_on_the_order_of_the_room((room, shuffled) in room_and_permutation()) {
        let model = tradeoff::model::Model::new(default_q(), tradeoff::pricing::builtin().unwrap());
        let a = tradeoff::compare::compare(&model, &room);
        let b = tradeoff::compare::compare(&model, &shuffled);
        prop_assert_eq!(&a.consensus, &b.consensus);
        prop_assert_eq!(&a.consensus_outcome, &b.consensus_outcome);
        prop_assert_eq!(&a.ties, &b.ties);
        prop_assert_eq!(&a.vetoes, &b.vetoes);
        // The columns are the same results, in the room's order.
        let mut names_a: Vec<_> = a.columns.iter().map(|c| c.name.clone()).collect();
        let names_b: Vec<_> = shuffled.iter().map(|(n, _)| n.clone()).collect();
        prop_assert_eq!(&b.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(), &names_b);
        names_a.sort();
        let mut sorted_b = names_b.clone();
        sorted_b.sort();
        prop_assert_eq!(names_a, sorted_b);
    }
}
