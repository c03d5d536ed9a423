//! The document's guidance, as answers files: the "Choose AWS ECS (Fargate) if" list recommends
//! Fargate, the "Choose GKE if" list a GKE option, and the hard constraints exclude what they must.

use std::path::Path;
use tradeoff::answers::Answers;
use tradeoff::engine::Evaluation;
use tradeoff::model::Model;
use tradeoff::questionnaire::{Questionnaire, builtin};
use tradeoff::value::Value;

fn default_q() -> Questionnaire {
    builtin("fargate-vs-gke").unwrap()
}

fn model() -> Model {
    Model::new(default_q(), tradeoff::pricing::builtin().unwrap())
}

/// Scores as users see them: with the cost model's bills in them.
fn evaluate(a: &Answers) -> Evaluation {
    model().assess(a).evaluation
}

fn fixture(q: &Questionnaire, name: &str) -> Answers {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    Answers::parse(q, name, &text).unwrap()
}

fn answer(q: &Questionnaire, a: &mut Answers, id: &str, choice: &str) {
    let i = q.question_index(id).unwrap();
    let c = q.questions[i].choice_index(choice).unwrap();
    a.set(q, i, Value::Choice(c));
}

fn recommended(q: &Questionnaire, e: &Evaluation) -> String {
    q.options[e.recommended.unwrap()].id.clone()
}

fn excluded(q: &Questionnaire, e: &Evaluation) -> Vec<String> {
    q.options
        .iter()
        .zip(&e.options)
        .filter(|(_, r)| r.excluded())
        .map(|(o, _)| o.id.clone())
        .collect()
}

#[test]
fn choose_ecs_list_recommends_fargate_clearly() {
    let q = default_q();
    let e = evaluate(&fixture(&q, "choose-ecs.toml"));
    assert_eq!(recommended(&q, &e), "ecs-fargate");
    assert!(
        e.margin > 20.0,
        "a textbook case should be clear, margin {}",
        e.margin
    );
    assert!(excluded(&q, &e).is_empty());
}

#[test]
fn choose_gke_list_recommends_a_gke_option() {
    let q = default_q();
    let e = evaluate(&fixture(&q, "choose-gke.toml"));
    assert!(
        recommended(&q, &e).starts_with("gke-"),
        "{}",
        recommended(&q, &e)
    );
}

#[test]
fn kubernetes_without_node_work_on_google_cloud_recommends_autopilot() {
    let q = default_q();
    let e = evaluate(&fixture(&q, "autopilot.toml"));
    assert_eq!(recommended(&q, &e), "gke-autopilot");
}

#[test]
fn gpus_exclude_fargate_whatever_else_is_answered() {
    let q = default_q();
    // Even the strongest Fargate case cannot have GPUs.
    let mut a = fixture(&q, "choose-ecs.toml");
    answer(&q, &mut a, "gpu", "yes");
    let e = evaluate(&a);
    assert_eq!(excluded(&q, &e), ["ecs-fargate"]);
    let fargate = &e.options[q.option_index("ecs-fargate").unwrap()];
    assert!(
        fargate.exclusions[0].reason.contains("GPU"),
        "{:?}",
        fargate.exclusions
    );
    assert_ne!(recommended(&q, &e), "ecs-fargate");
}

#[test]
fn privileged_containers_leave_only_gke_standard() {
    let q = default_q();
    let mut a = fixture(&q, "choose-ecs.toml");
    answer(&q, &mut a, "privileged", "yes");
    let e = evaluate(&a);
    assert_eq!(excluded(&q, &e), ["ecs-fargate", "gke-autopilot"]);
    assert_eq!(recommended(&q, &e), "gke-standard");
    assert!(
        (e.margin - 100.0).abs() < f64::EPSILON,
        "uncontested: margin 100"
    );
}

#[test]
fn weights_of_zero_do_not_lift_hard_constraints() {
    let q = default_q();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "gpu", "yes");
    a.set_weight(q.question_index("gpu").unwrap(), Some(0.0));
    let e = evaluate(&a);
    assert_eq!(excluded(&q, &e), ["ecs-fargate"]);
}

#[test]
fn strong_expertise_hides_the_learning_question_and_its_points() {
    let q = default_q();
    let learning = q.question_index("k8s_learning").unwrap();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "k8s_learning", "no");
    let shown = evaluate(&a);
    assert!(shown.resolved.visible[learning]);
    answer(&q, &mut a, "k8s_expertise", "strong");
    let hidden = evaluate(&a);
    assert!(!hidden.resolved.visible[learning]);
    for option in &hidden.options {
        assert!(option.contributions.iter().all(|c| c.question != learning));
    }
}

#[test]
fn raising_a_weight_moves_the_scores_its_way() {
    let q = default_q();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "cloud", "aws");
    let ecs = q.option_index("ecs-fargate").unwrap();
    let before = evaluate(&a).options[ecs].score;
    a.set_weight(q.question_index("cloud").unwrap(), Some(5.0));
    let after = evaluate(&a).options[ecs].score;
    assert!(after > before + 5.0, "{before} -> {after}");
}

#[test]
fn a_close_call_has_flip_points_and_a_landslide_has_fewer() {
    let q = default_q();
    let close = Answers::new(&q);
    let e = evaluate(&close);
    assert!(
        e.margin < 5.0,
        "all defaults are a close call: {}",
        e.margin
    );
    let recommendation_flips = |a: &Answers| -> Vec<tradeoff::engine::FlipPoint> {
        model()
            .decide(a)
            .flips
            .into_iter()
            .filter(|f| f.recommendation_changes)
            .collect()
    };
    let flips = recommendation_flips(&close);
    assert!(flips.len() >= 3, "{flips:?}");
    for f in &flips {
        assert_ne!(f.recommends, e.recommended);
    }
    let landslide = fixture(&q, "choose-ecs.toml");
    assert!(recommendation_flips(&landslide).len() < flips.len());
}
