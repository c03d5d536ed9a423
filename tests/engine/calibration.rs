//! The default questionnaire's scoring, pinned to the document: each bullet of "Choose AWS ECS
//! (Fargate) if" moves the margin towards Fargate and each of "Choose GKE if" towards GKE; an
//! answer that only says "we don't need X" gives no points; the four strongest answers decide on
//! their own; and cost importance means what its label says. Scores include the live bills.

use tradeoff::answers::Answers;
use tradeoff::engine::Evaluation;
use tradeoff::model::Model;
use tradeoff::questionnaire::builtin;
use tradeoff::value::Value;

fn model() -> Model {
    Model::new(
        builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    )
}

/// The defaults with these answers on top; numbers are written as TOML values.
fn answers(m: &Model, pairs: &[(&str, &str)]) -> Answers {
    let q = &m.questionnaire;
    let mut given = Answers::new(q);
    for (id, text) in pairs {
        let i = q.question_index(id).unwrap();
        let value = match q.questions[i].choice_index(text) {
            Some(choice) => Value::Choice(choice),
            None => q.questions[i]
                .parse_value(&text.parse::<toml::Value>().unwrap())
                .unwrap(),
        };
        given.set(q, i, value);
    }
    given
}

fn evaluate(m: &Model, pairs: &[(&str, &str)]) -> Evaluation {
    m.assess(&answers(m, pairs)).evaluation
}

fn score(m: &Model, e: &Evaluation, option: &str) -> f64 {
    e.options[m.questionnaire.option_index(option).unwrap()].score
}

/// Fargate's score less the better GKE option's: positive when Fargate leads.
fn fargate_lead(m: &Model, pairs: &[(&str, &str)]) -> f64 {
    let e = evaluate(m, pairs);
    score(m, &e, "ecs-fargate") - score(m, &e, "gke-autopilot").max(score(m, &e, "gke-standard"))
}

fn recommended(m: &Model, pairs: &[(&str, &str)]) -> (String, f64) {
    let e = evaluate(m, pairs);
    (
        m.questionnaire.options[e.recommended.unwrap()].id.clone(),
        e.margin,
    )
}

/// (question, the answer that carries the bullet, the answer it is compared with).
const FARGATE_BULLETS: &[(&str, &str, &str)] = &[
    ("ops_priority", "critical", "important"),
    ("app_shape", "web-api", "multi-service"),
    ("app_shape", "workers", "multi-service"),
    ("workload_pattern", "spiky", "mixed"),
    ("k8s_expertise", "none", "some"),
    ("k8s_learning", "no", "yes"),
    ("cloud", "aws", "neither"),
];

const GKE_BULLETS: &[(&str, &str, &str)] = &[
    ("gpu", "yes", "no"),
    ("storage", "block-volumes", "stateless"),
    ("networking", "service-mesh", "standard"),
    ("networking", "custom", "standard"),
    ("k8s_standard", "yes", "no"),
    ("k8s_standard", "planned", "no"),
    ("workload_pattern", "steady", "mixed"),
    ("k8s_expertise", "strong", "some"),
    ("k8s_learning", "yes", "no"),
    ("app_shape", "multi-service", "web-api"),
    ("portability", "required", "not-needed"),
];

#[test]
fn each_bullet_moves_the_margin_to_its_side() {
    let m = model();
    for (q, with, without) in FARGATE_BULLETS {
        let (a, b) = (
            fargate_lead(&m, &[(q, with)]),
            fargate_lead(&m, &[(q, without)]),
        );
        assert!(
            a > b + 1.0,
            "{q} = {with} moves towards Fargate: {a} vs {b}"
        );
    }
    for (q, with, without) in GKE_BULLETS {
        let (a, b) = (
            fargate_lead(&m, &[(q, with)]),
            fargate_lead(&m, &[(q, without)]),
        );
        assert!(a < b - 1.0, "{q} = {with} moves towards GKE: {a} vs {b}");
    }
}

#[test]
fn not_needing_something_is_not_a_reason() {
    let m = model();
    let q = &m.questionnaire;
    for (id, choice) in [
        ("privileged", "no"),
        ("gpu", "no"),
        ("storage", "stateless"),
        ("storage", "shared-files"),
        ("networking", "standard"),
        ("k8s_standard", "no"),
        ("portability", "not-needed"),
        ("cloud", "neither"),
        ("cloud", "both"),
        ("observability", "no-preference"),
        ("observability", "cloud-native"),
        ("delivery", "no-preference"),
    ] {
        let e = evaluate(&m, &[(id, choice)]);
        let i = q.question_index(id).unwrap();
        for o in &e.options {
            let points: f64 = o
                .contributions
                .iter()
                .filter(|c| c.question == i)
                .map(|c| c.points)
                .sum();
            assert!(points.abs() < 1e-9, "{id} = {choice} gives {points} points");
        }
    }
}

#[test]
fn the_four_strongest_answers_each_decide_on_their_own() {
    let m = model();
    let (defaults, margin) = recommended(&m, &[]);
    assert!(
        margin < 5.0,
        "the defaults are a close call: {defaults} by {margin}"
    );
    for (pairs, side) in [
        (&[("ops_priority", "critical")][..], "ecs-fargate"),
        (
            &[("k8s_expertise", "none"), ("k8s_learning", "no")][..],
            "ecs-fargate",
        ),
        (&[("k8s_standard", "yes")][..], "gke"),
        (&[("k8s_expertise", "strong")][..], "gke"),
    ] {
        let (winner, _) = recommended(&m, pairs);
        assert!(winner.starts_with(side), "{pairs:?} recommends {winner}");
        // Deciding means between the clouds: the two GKE modes may stay close to each other.
        let lead = fargate_lead(&m, pairs);
        let lead = if side == "gke" { -lead } else { lead };
        assert!(lead >= 5.0, "{pairs:?} decides clearly: {lead}");
    }
}

/// The profile the scoring review reported: a steady fleet where GKE Standard is about a fifth
/// cheaper and nothing needs Kubernetes.
const STEADY_FLEET: &[(&str, &str)] = &[
    ("services", "30"),
    ("replicas", "4"),
    ("peak_replicas", "4"),
    ("vcpu", "1"),
    ("memory_gib", "4"),
];

#[test]
fn decisive_cost_recommends_the_cheapest_eligible_option() {
    let m = model();
    for base in [&[][..], STEADY_FLEET] {
        let mut pairs = base.to_vec();
        pairs.push(("cost_importance", "decisive"));
        let a = answers(&m, &pairs);
        let assessed = m.assess(&a);
        let e = &assessed.evaluation;
        let cheapest = (0..m.questionnaire.options.len())
            .filter(|&o| !e.options[o].excluded())
            .min_by(|&x, &y| {
                assessed
                    .total(x)
                    .unwrap()
                    .total_cmp(&assessed.total(y).unwrap())
            })
            .unwrap();
        assert_eq!(e.recommended, Some(cheapest), "{pairs:?}");
    }
}

#[test]
fn important_cost_lets_a_fifth_cheaper_bill_outweigh_one_soft_preference() {
    let m = model();
    // The steady fleet: GKE Standard is cheaper by more than 20%. One soft preference for
    // Fargate's tooling does not outweigh it; with cost minor, it does.
    let mut pairs = STEADY_FLEET.to_vec();
    pairs.push(("delivery", "aws-native"));
    pairs.push(("app_shape", "multi-service"));
    pairs.push(("k8s_learning", "no"));
    let a = answers(&m, &pairs);
    let assessed = m.assess(&a);
    let o = |id| m.questionnaire.option_index(id).unwrap();
    let (standard, fargate) = (
        assessed.total(o("gke-standard")).unwrap(),
        assessed.total(o("ecs-fargate")).unwrap(),
    );
    assert!(fargate > standard * 1.2, "{fargate} vs {standard}");
    let lead = |pairs: &[(&str, &str)]| fargate_lead(&m, pairs);
    let important = lead(&pairs);
    pairs.push(("cost_importance", "minor"));
    let minor = lead(&pairs);
    assert!(important < minor, "{important} vs {minor}");
    let mut without_cost = pairs.clone();
    without_cost.pop();
    assert!(
        recommended(&m, &without_cost).0 == "gke-standard",
        "important cost: the cheaper GKE Standard wins"
    );
}

#[test]
fn the_reviewed_profiles_get_the_documents_answer() {
    let m = model();
    for (pairs, side) in [
        (&[("k8s_expertise", "strong")][..], "gke"),
        (&[("portability", "required")][..], "gke"),
        (&[("privileged", "yes")][..], "gke-standard"),
        (&[("gpu", "yes")][..], "gke"),
        (
            &[
                ("ops_priority", "critical"),
                ("workload_pattern", "spiky"),
                ("k8s_expertise", "none"),
                ("k8s_learning", "no"),
                ("cloud", "aws"),
            ][..],
            "ecs-fargate",
        ),
    ] {
        let (winner, _) = recommended(&m, pairs);
        assert!(winner.starts_with(side), "{pairs:?} recommends {winner}");
    }
}

/// The record's headline reasons, its consequences and `recommendation.json`'s `why` come from
/// one computation: every headline reason is a consequence, and a close call says so.
#[test]
fn one_why_in_the_record_and_the_json() {
    let profiles: &[&[(&str, &str)]] = &[
        &[],
        &[("k8s_expertise", "strong")],
        &[("gpu", "yes")],
        &[("privileged", "yes")],
        &[("ops_priority", "critical"), ("cloud", "aws")],
        STEADY_FLEET,
        &[("cost_importance", "decisive")],
    ];
    let tmp = tempfile::tempdir().unwrap();
    let mut close_calls = 0;
    for (k, pairs) in profiles.iter().enumerate() {
        let answers = tmp.path().join(format!("a{k}.toml"));
        let body: String = pairs
            .iter()
            .map(|(id, v)| {
                if v.parse::<f64>().is_ok() {
                    format!("{id} = {v}\n")
                } else {
                    format!("{id} = \"{v}\"\n")
                }
            })
            .collect();
        std::fs::write(
            &answers,
            format!("questionnaire = \"fargate-vs-gke\"\n[answers]\n{body}"),
        )
        .unwrap();
        let out = tmp.path().join(format!("out{k}"));
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
            .args(["report", "--answers"])
            .arg(&answers)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let md = std::fs::read_to_string(out.join("recommendation.md")).unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("recommendation.json")).unwrap(),
        )
        .unwrap();
        let headline = md
            .lines()
            .find(|l| l.starts_with("Chosen option:"))
            .unwrap();
        let consequences = md
            .split("### Consequences")
            .nth(1)
            .and_then(|rest| rest.split("### Confirmation").next())
            .unwrap();
        let good: Vec<&str> = consequences
            .lines()
            .filter_map(|l| l.strip_prefix("* Good, because "))
            .collect();
        if let Some((_, because)) = headline.split_once("above all because ") {
            for reason in because.trim_end_matches('.').split("; ") {
                assert!(
                    good.contains(&reason),
                    "{pairs:?}: '{reason}' is not a consequence"
                );
            }
        }
        let why = &json["why"];
        let reasons = why["reasons"].as_array().unwrap();
        assert_eq!(reasons.len(), good.len(), "{pairs:?}");
        for r in reasons {
            // A reason never favours the runner-up.
            assert!(r["points"].as_f64().unwrap() > 0.0);
        }
        // A close call: a narrow lead, or one resting mostly on estimated prices.
        let resting = !why["estimate_lead"].as_array().unwrap().is_empty();
        let close =
            (json["margin"].as_f64().unwrap() < 5.0 || resting) && !why["runner_up"].is_null();
        assert_eq!(why["close_call"].as_bool(), Some(close), "{pairs:?}");
        assert_eq!(md.contains("**This is a close call**"), close, "{pairs:?}");
        close_calls += usize::from(close);
    }
    assert!(close_calls >= 1, "the defaults are a close call and say so");
}
