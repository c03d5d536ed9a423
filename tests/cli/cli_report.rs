//! `tradeoff report` through the binary: what it writes, replay, and overwrite rules.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(name)
}

fn report(answers: &Path, out: &Path) -> assert_cmd::assert::Assert {
    tradeoff()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .arg("--out")
        .arg(out)
        .assert()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn report_writes_an_explained_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    report(&fixture("choose-gke.toml"), &out)
        .success()
        .stdout(predicates::str::contains("Recommended: GKE Standard"));
    let rec = json(&out.join("recommendation.json"));
    assert_eq!(rec["tool"]["name"], "tradeoff");
    assert_eq!(rec["questionnaire"]["id"], "fargate-vs-gke");
    assert_eq!(rec["recommended"], "gke-standard");
    let options = rec["options"].as_array().unwrap();
    let ids: Vec<&str> = options.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ecs-fargate", "gke-autopilot", "gke-standard"]);
    let fargate = &options[0];
    assert_eq!(fargate["excluded"], true);
    assert_eq!(fargate["exclusions"][0]["question"], "gpu");
    for option in options {
        let score = option["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score));
        let sum: f64 = option["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["points"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - score).abs() < 0.2,
            "{} contributions {sum} vs score {score}",
            option["id"]
        );
    }
    // Fargate has no GPUs: its bill says so instead of pricing what it cannot run.
    assert!(fargate["monthly_cost_usd"].is_null());
    assert!(
        fargate["cost_error"]
            .as_str()
            .unwrap()
            .contains("Fargate offers no GPUs")
    );
    for option in &options[1..] {
        let total = option["monthly_cost_usd"].as_f64().unwrap();
        let items = option["cost_breakdown"].as_array().unwrap();
        assert!(items.len() >= 3, "{}", option["id"]);
        let sum: f64 = items
            .iter()
            .map(|i| i["monthly_usd"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - total).abs() < 1e-6,
            "{}: items {sum} vs total {total}",
            option["id"]
        );
        assert!(
            items
                .iter()
                .all(|i| !i["detail"].as_str().unwrap().is_empty())
        );
    }
    assert_eq!(rec["pricing"]["region"], "us");
    assert_eq!(rec["pricing"]["aws_region"], "us-east-1");
    assert_eq!(rec["pricing"]["gcp_region"], "us-central1");
    assert_eq!(rec["pricing"]["purchase"], "on-demand");
    assert!(rec["pricing"]["as_of"].as_str().unwrap().starts_with("20"));
    assert!(rec["break_even"]["crossovers"].is_array());
    // k8s_expertise = strong hides the learning question.
    assert!(
        rec["not_applicable"]
            .as_array()
            .unwrap()
            .contains(&Value::from("k8s_learning"))
    );
    assert!(
        rec["assumed"]
            .as_array()
            .unwrap()
            .contains(&Value::from("cloud"))
    );
    assert_eq!(rec["answers"]["gpu"], "yes");
    assert_eq!(
        rec["answers"]["services"], 3,
        "assumed defaults appear among the answers"
    );
}

#[test]
fn replaying_answers_toml_reproduces_the_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["choose-ecs.toml", "choose-gke.toml", "autopilot.toml"] {
        let first = dir.path().join(format!("first-{name}"));
        let second = dir.path().join(format!("second-{name}"));
        report(&fixture(name), &first).success();
        report(&first.join("answers.toml"), &second).success();
        assert_eq!(
            common::recommendation(&first),
            common::recommendation(&second),
            "{name}"
        );
        assert_eq!(
            std::fs::read_to_string(first.join("answers.toml")).unwrap(),
            std::fs::read_to_string(second.join("answers.toml")).unwrap(),
            "{name}: answers.toml is a fixed point"
        );
    }
}

#[test]
fn a_non_empty_folder_is_refused_without_force_and_force_replaces_only_bundle_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.md"), "mine").unwrap();
    std::fs::write(out.join("recommendation.json"), "old").unwrap();
    report(&fixture("choose-ecs.toml"), &out)
        .code(1)
        .stderr(predicates::str::contains(
            "the folder is not empty; pass --force",
        ));
    assert_eq!(
        std::fs::read_to_string(out.join("recommendation.json")).unwrap(),
        "old"
    );
    tradeoff()
        .arg("report")
        .arg("--answers")
        .arg(fixture("choose-ecs.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        json(&out.join("recommendation.json"))["recommended"],
        "ecs-fargate"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // The "old" recommendation.json no bundle wrote is the user's: moved aside, not lost.
    let at = names
        .iter()
        .position(|n| n.starts_with("recommendation.json.kept-"))
        .unwrap_or_else(|| panic!("{names:?}"));
    let kept = names.remove(at);
    assert_eq!(std::fs::read_to_string(out.join(kept)).unwrap(), "old");
    assert_eq!(
        names,
        [
            ".tradeoff-bundle.json",
            "DEPLOY.md",
            "answers.toml",
            "ecs",
            "notes.md",
            "recommendation.json",
            "recommendation.md"
        ],
        "no temporary files left"
    );
}

#[test]
fn a_write_that_cannot_happen_names_the_file_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    report(&fixture("choose-ecs.toml"), &blocker)
        .code(1)
        .stderr(predicates::str::contains("exists and is not a folder"));
    let nested = blocker.join("bundle");
    report(&fixture("choose-ecs.toml"), &nested)
        .code(1)
        .stderr(predicates::str::contains(
            "recommendation.md: cannot create the folder",
        ));
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}
