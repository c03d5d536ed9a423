//! The second bundled questionnaire, written only as data: it loads, scores, exports and runs in
//! the explorer like the default one.

use assert_cmd::Command;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use tradeoff::answers::Answers;
use tradeoff::model::Model;

fn report(dir: &std::path::Path, body: &str) -> serde_json::Value {
    let answers = dir.join("a.toml");
    std::fs::write(
        &answers,
        format!("questionnaire = \"gke-autopilot-vs-standard\"\n[answers]\n{body}"),
    )
    .unwrap();
    let out = dir.join("b");
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["report", "--force", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(out.join("recommendation.json")).unwrap())
        .unwrap()
}

#[test]
fn it_is_bundled_and_passes_check() {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args([
            "questions",
            "-q",
            "gke-autopilot-vs-standard",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"bin_packing\""));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questionnaires/gke-autopilot-vs-standard.toml");
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("check")
        .arg(path)
        .assert()
        .success();
}

#[test]
fn a_team_that_wants_no_node_work_gets_autopilot_and_its_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let rec = report(
        dir.path(),
        "node_ops = \"google\"\nbin_packing = \"low\"\npod_sla = \"yes\"\n",
    );
    assert_eq!(rec["recommended"], "gke-autopilot");
    let deployment = std::fs::read_to_string(dir.path().join("b/k8s/deployment.yaml")).unwrap();
    assert!(deployment.contains("on GKE Autopilot"));
    assert!(
        rec["options"][0]["monthly_cost_usd"].as_f64().unwrap() > 0.0,
        "the cost models price it too"
    );
}

#[test]
fn privileged_pods_or_node_access_leave_only_standard() {
    let dir = tempfile::tempdir().unwrap();
    for body in [
        "privileged = \"yes\"\nnode_ops = \"google\"\n",
        "node_access = \"yes\"\nbin_packing = \"low\"\n",
    ] {
        let rec = report(dir.path(), body);
        assert_eq!(rec["recommended"], "gke-standard", "{body}");
        assert_eq!(rec["options"][0]["excluded"], true);
    }
    let rec = report(
        dir.path(),
        "bin_packing = \"high\"\nnode_tuning = \"exact\"\n",
    );
    assert_eq!(rec["recommended"], "gke-standard");
}

#[test]
fn the_explorer_runs_it() {
    let model = Model::new(
        tradeoff::questionnaire::builtin("gke-autopilot-vs-standard").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    );
    let answers = Answers::new(&model.questionnaire);
    let mut app = tradeoff::tui::app::App::new(model, answers, PathBuf::from("out"));
    for (w, h) in [(120, 40), (80, 24)] {
        app.size = (w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                tradeoff::tui::ui::render(f, &app, tradeoff::tui::theme::Theme { color: false });
            })
            .unwrap();
        let text = terminal.backend().to_string();
        assert!(
            text.contains("GKE Autopilot vs GKE Standard") || text.contains("leading:"),
            "{text}"
        );
        assert!(text.contains("Who should look after the nodes"));
    }
}
