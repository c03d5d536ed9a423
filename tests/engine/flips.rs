//! Flip points on crafted answers: a close call has near flips, a landslide none close by, and
//! every number threshold is exact to the question's step.

use std::path::Path;
use tradeoff::answers::Answers;
use tradeoff::engine::{Change, FlipPoint};
use tradeoff::model::Model;
use tradeoff::value::Value;

fn model() -> Model {
    Model::new(
        tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    )
}

fn fixture(m: &Model, name: &str) -> Answers {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(name);
    Answers::parse(
        &m.questionnaire,
        name,
        &std::fs::read_to_string(path).unwrap(),
    )
    .unwrap()
}

/// (recommended, cheapest) for answers.
fn outcome(m: &Model, a: &Answers) -> (Option<usize>, Option<usize>) {
    let assessment = m.assess(a);
    (assessment.evaluation.recommended, assessment.cheapest())
}

fn with_number(m: &Model, a: &Answers, q: usize, v: f64) -> Answers {
    let mut a = a.clone();
    a.set(&m.questionnaire, q, Value::Number(v));
    a
}

fn check_exact(m: &Model, a: &Answers, flips: &[FlipPoint]) {
    let base = outcome(m, a);
    for f in flips {
        let question = &m.questionnaire.questions[f.question];
        match &f.change {
            Change::Number { current, threshold } => {
                let tradeoff::questionnaire::Kind::Number(spec) = &question.kind else {
                    panic!()
                };
                let at = outcome(m, &with_number(m, a, f.question, *threshold));
                assert_ne!(
                    at, base,
                    "{}: {threshold} must change the outcome",
                    question.id
                );
                assert_eq!(
                    at,
                    (f.recommends, f.cheapest),
                    "{}: the flip reports what happens",
                    question.id
                );
                let back = threshold - (threshold - current).signum() * spec.step;
                assert_eq!(
                    outcome(m, &with_number(m, a, f.question, back)),
                    base,
                    "{}: one step nearer ({back}) must not change it: the threshold is exact to the step",
                    question.id
                );
                let steps = (threshold - current) / spec.step;
                assert!(
                    (steps - steps.round()).abs() < 1e-9,
                    "{}: on the step grid",
                    question.id
                );
            }
            Change::Weight {
                current,
                multiplier,
            } => {
                let mut w = a.clone();
                w.set_weight(f.question, Some(*multiplier));
                assert_ne!(
                    outcome(m, &w).0,
                    base.0,
                    "{}: ×{multiplier} changes the recommendation",
                    question.id
                );
                let nearer = multiplier - (multiplier - current).signum() * 0.1;
                w.set_weight(f.question, Some(nearer));
                assert_eq!(
                    outcome(m, &w).0,
                    base.0,
                    "{}: ×{nearer} does not",
                    question.id
                );
            }
            Change::Choice { alternative, .. } => {
                let mut c = a.clone();
                c.set(&m.questionnaire, f.question, Value::Choice(*alternative));
                assert_eq!(outcome(m, &c), (f.recommends, f.cheapest));
            }
        }
    }
}

#[test]
fn a_close_call_has_near_flips() {
    let m = model();
    let close = Answers::new(&m.questionnaire);
    let flips = m.decide(&close).flips;
    let recommendation: Vec<&FlipPoint> =
        flips.iter().filter(|f| f.recommendation_changes).collect();
    assert!(
        recommendation
            .iter()
            .filter(|f| matches!(f.change, Change::Choice { .. }))
            .count()
            >= 3,
        "{flips:#?}"
    );
    assert!(
        recommendation
            .iter()
            .any(|f| matches!(f.change, Change::Weight { .. }))
    );
    // The nearest recommendation flip is a modest change: one choice away, or a small weight.
    assert!(recommendation[0].distance <= 0.5, "{:?}", recommendation[0]);
    check_exact(&m, &close, &flips);
}

#[test]
fn a_landslide_has_no_near_flip() {
    let m = model();
    let landslide = fixture(&m, "choose-ecs.toml");
    let flips = m.decide(&landslide).flips;
    for f in flips.iter().filter(|f| f.recommendation_changes) {
        // Only a hard constraint (privileged, GPUs) or a large reweighting overturns it.
        match &f.change {
            Change::Choice { .. } => assert!(
                m.assess(&{
                    let mut a = landslide.clone();
                    if let Change::Choice { alternative, .. } = f.change {
                        a.set(&m.questionnaire, f.question, Value::Choice(alternative));
                    }
                    a
                })
                .evaluation
                .options[0]
                    .excluded(),
                "only an exclusion flips a landslide: {f:?}"
            ),
            Change::Weight { multiplier, .. } => {
                assert!(*multiplier >= 3.0 || *multiplier <= 0.2, "{f:?}");
            }
            Change::Number { .. } => panic!("no sizing answer should overturn a landslide: {f:?}"),
        }
    }
    check_exact(&m, &landslide, &flips);
}

#[test]
fn number_thresholds_are_exact_to_the_step() {
    let m = model();
    for name in ["autopilot.toml", "choose-gke.toml", "choose-ecs.toml"] {
        let a = fixture(&m, name);
        let flips = m.decide(&a).flips;
        assert!(
            flips
                .iter()
                .any(|f| matches!(f.change, Change::Number { .. })),
            "{name}: some sizing answer moves the cheapest option"
        );
        check_exact(&m, &a, &flips);
    }
}

#[test]
fn flips_are_ranked_smallest_change_first() {
    let m = model();
    let flips = m.decide(&fixture(&m, "autopilot.toml")).flips;
    for pair in flips.windows(2) {
        assert!(pair[0].distance <= pair[1].distance);
    }
}

#[test]
fn incremental_probes_agree_with_full_evaluation_on_a_large_questionnaire() {
    // 300 generated questions with show_if chains: every flip found incrementally must hold by a
    // full evaluation, and every choice change not reported must leave the outcome alone.
    let q = tradeoff::questionnaire::parse("s.toml", &tradeoff::questionnaire::synthetic(300, 10))
        .unwrap();
    let m = Model::new(q, tradeoff::pricing::builtin().unwrap());
    let mut a = Answers::new(&m.questionnaire);
    for i in (0..m.questionnaire.questions.len()).step_by(3) {
        if let tradeoff::questionnaire::Kind::Choice(cs) = &m.questionnaire.questions[i].kind {
            a.set(&m.questionnaire, i, Value::Choice(i % cs.len()));
        }
    }
    let flips = m.decide(&a).flips;
    check_exact(&m, &a, &flips);
    let base = outcome(&m, &a);
    let resolved = tradeoff::answers::resolve(&m.questionnaire, &a);
    for (i, question) in m
        .questionnaire
        .questions
        .iter()
        .enumerate()
        .filter(|(i, _)| resolved.visible[*i])
    {
        let tradeoff::questionnaire::Kind::Choice(cs) = &question.kind else {
            continue;
        };
        for c in 0..cs.len() {
            let reported = flips.iter().any(|f| {
                f.question == i
                    && matches!(f.change, Change::Choice { alternative, .. } if alternative == c)
            });
            let mut changed = a.clone();
            changed.set(&m.questionnaire, i, Value::Choice(c));
            if !reported {
                assert_eq!(
                    outcome(&m, &changed),
                    base,
                    "{}: choice {c} changes the outcome but was not reported",
                    question.id
                );
            }
        }
    }
}
