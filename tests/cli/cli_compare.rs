//! `tradeoff compare`: a room's answers side by side, through the binary.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn room() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/room");
    ["alice.toml", "bob.toml", "carol.toml"]
        .iter()
        .map(|f| dir.join(f))
        .collect()
}

fn compare(files: &[PathBuf], extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("compare")
        .args(files)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn three_participants_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("room");
    let text = compare(&room(), &["--out", out.to_str().unwrap()]);
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("compare-text", text);
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    let md = md
        .lines()
        .map(|l| {
            if l.contains("sets of answers:") {
                "[date] · 3 sets of answers: alice, bob, carol."
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("comparison-md", md);

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob", "carol"]);
    assert_eq!(json["columns"][1]["recommended"], "gke-standard");
    assert_eq!(json["consensus"]["recommended"], "ecs-fargate");
    // Two of three say spiky: the majority settles it; three different answers tie.
    assert_eq!(json["consensus_answers"]["workload_pattern"], "spiky");
    assert_eq!(json["consensus_answers"]["ops_priority"], "critical");
    assert_eq!(
        json["consensus_answers"]["services"], 8,
        "the median of 6, 12 and 8"
    );
    let ties: Vec<&str> = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["question"].as_str().unwrap())
        .collect();
    // Kubernetes experience is an ordered scale: none, some, strong have a median, some.
    assert_eq!(json["consensus_answers"]["k8s_expertise"], "some");
    // Three different storage answers tie: the default among them is taken, never the first
    // file's, and the tie stays open with what each answer would recommend.
    assert_eq!(ties, ["storage"]);
    let tie = &json["ties"][0];
    assert_eq!(tie["taken"], "stateless");
    assert_eq!(tie["rule"], "default");
    assert_eq!(tie["open"], true);
    assert_eq!(tie["recommends"].as_array().unwrap().len(), 3);
    let disagreed: Vec<&str> = json["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["question"].as_str().unwrap())
        .collect();
    assert!(!disagreed.contains(&"cloud"), "they all said aws");
    let swings: Vec<f64> = json["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["swing"].as_f64().unwrap())
        .collect();
    assert!(
        swings.windows(2).all(|w| w[0] >= w[1]),
        "most decisive first: {swings:?}"
    );
}

#[test]
fn a_disagreement_that_changes_the_recommendation_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let gpu = dir.path().join("dana.toml");
    std::fs::write(&gpu, "questionnaire = \"fargate-vs-gke\"\n[answers]\ngpu = \"yes\"\nops_priority = \"critical\"\n").unwrap();
    let files = [
        room()[0].clone(),
        gpu.clone(),
        gpu.with_file_name("erin.toml"),
    ];
    std::fs::copy(&gpu, &files[2]).unwrap();
    compare(&files, &["--out", dir.path().join("o").to_str().unwrap()]);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("o/comparison.json")).unwrap(),
    )
    .unwrap();
    let first = &json["disagreements"][0];
    assert_eq!(first["question"], "gpu");
    assert_eq!(first["changes_recommendation"], true);
    assert_eq!(
        json["consensus_answers"]["gpu"], "yes",
        "two of three need GPUs"
    );
    assert_ne!(
        json["consensus"]["recommended"], "ecs-fargate",
        "GPUs exclude Fargate"
    );
}

#[test]
fn files_for_another_questionnaire_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("x.toml");
    std::fs::write(&other, "questionnaire = \"something-else\"\n[answers]\n").unwrap();
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("compare")
        .arg(&room()[0])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "these answers are for questionnaire 'something-else'",
        ));
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("compare")
        .arg(&room()[0])
        .assert()
        .code(2);
}

#[test]
fn a_hard_constraint_outvoted_four_to_one_still_rules_the_option_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for name in ["amy", "ben", "cho", "dev"] {
        let f = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &f,
            "questionnaire = \"fargate-vs-gke\"\n[answers]\ngpu = \"no\"\nops_priority = \"critical\"\n",
        )
        .unwrap();
        files.push(f);
    }
    let eve = dir.path().join("eve.toml");
    std::fs::write(
        &eve,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\ngpu = \"yes\"\nops_priority = \"critical\"\n",
    )
    .unwrap();
    files.push(eve);
    let out = dir.path().join("o");
    let text = compare(&files, &["--out", out.to_str().unwrap()]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    // The majority says no GPUs, but eve's need is a veto: it is the consensus answer, so
    // Fargate (no GPUs) is out, and the consensus bundle replays to the same result.
    assert_eq!(json["consensus_answers"]["gpu"], "yes");
    let fargate = &json["consensus"]["options"][0];
    assert_eq!(fargate["id"], "ecs-fargate");
    assert_eq!(fargate["excluded"], true);
    assert_ne!(json["consensus"]["recommended"], "ecs-fargate");
    assert_eq!(json["vetoes"][0]["option"], "ecs-fargate");
    assert_eq!(json["vetoes"][0]["by"], serde_json::json!(["eve"]));
    assert!(
        text.contains("Veto: AWS ECS on Fargate is ruled out") && text.contains("(eve answered"),
        "{text}"
    );
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.contains("Vetoes") && md.contains("eve answered"), "{md}");
}

#[test]
fn the_same_room_in_any_order_reaches_the_same_consensus() {
    let files = room();
    let orders = [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]];
    let mut seen = Vec::new();
    for order in orders {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        let ordered: Vec<PathBuf> = order.iter().map(|&i| files[i].clone()).collect();
        compare(&ordered, &["--out", out.to_str().unwrap()]);
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
                .unwrap();
        seen.push((
            json["consensus"].clone(),
            json["consensus_answers"].clone(),
            json["ties"].clone(),
        ));
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:#?}");
}

#[test]
fn six_participants_fit_a_hundred_columns_with_every_cost_whole() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let mut files = room();
    for (from, name) in [(0, "dana"), (1, "erin"), (2, "frank")] {
        let to = dir.path().join(format!("{name}.toml"));
        std::fs::copy(&files[from], &to).unwrap();
        files.push(to);
    }
    for width in ["100", "80"] {
        let text = compare(&files, &["--width", width]);
        let limit: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(line.width() <= limit, "{} > {limit}: {line}", line.width());
        }
        assert!(!text.contains("$…"), "a cost was cut:\n{text}");
        // Everyone is there, on one page or the next, and the consensus last.
        for name in [
            "alice",
            "bob",
            "carol",
            "dana",
            "erin",
            "frank",
            "consensus",
        ] {
            assert!(text.contains(name), "{name} missing:\n{text}");
        }
    }
}

/// Five participants' files: a GPU need and a privileged need each outvoted 4–1, and a split
/// on the cloud the organization is invested in.
fn five(dir: &Path) -> Vec<PathBuf> {
    let people = [
        (
            "amy",
            "gpu = \"no\"\ncloud = \"aws\"\nk8s_expertise = \"strong\"",
        ),
        ("ben", "gpu = \"no\"\ncloud = \"gcp\"\nprivileged = \"yes\""),
        ("cho", "gpu = \"no\"\ncloud = \"aws\"\nservices = 6"),
        ("dev", "gpu = \"no\"\ncloud = \"gcp\"\nservices = 2"),
        (
            "eve",
            "gpu = \"yes\"\ncloud = \"both\"\nprivileged = \"no\"",
        ),
    ];
    people
        .iter()
        .map(|(name, answers)| {
            let f = dir.join(format!("{name}.toml"));
            std::fs::write(
                &f,
                format!(
                    "questionnaire = \"fargate-vs-gke\"\n[answers]\nops_priority = \"critical\"\n{answers}\n"
                ),
            )
            .unwrap();
            f
        })
        .collect()
}

#[test]
fn the_consensus_bundle_replays_with_report_to_the_same_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let files = five(dir.path());
    let out = dir.path().join("room");
    let text = compare(&files, &["--out", out.to_str().unwrap()]);
    let consensus = out.join("consensus");
    for f in [
        "recommendation.md",
        "recommendation.json",
        "answers.toml",
        "DEPLOY.md",
    ] {
        assert!(consensus.join(f).is_file(), "{f} missing; {text}");
    }
    let answers = std::fs::read_to_string(consensus.join("answers.toml")).unwrap();
    // Both needs are vetoes: in the consensus answers whoever raised them.
    assert!(
        answers.contains("gpu = \"yes\"") && answers.contains("privileged = \"yes\""),
        "{answers}"
    );

    let replay = dir.path().join("replay");
    common::replay(&consensus.join("answers.toml"), &replay);
    let ours = common::recommendation(&consensus);
    assert_eq!(ours, common::recommendation(&replay));
    let cmp: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    assert_eq!(
        ours["recommended"], cmp["consensus"]["recommended"],
        "the bundle recommends what the comparison's consensus does"
    );

    // The record says who was in the room and what it settled, and how.
    let md = std::fs::read_to_string(consensus.join("recommendation.md")).unwrap();
    for needle in [
        "### The room",
        "amy, ben, cho, dev, eve",
        "Agreed by everyone who answered",
        "Where the room splits",
        "AWS ×2 (amy, cho)",
        "Google Cloud ×2 (ben, dev)",
        "Vetoes",
        "eve answered",
        "ben answered",
        "Open ties",
    ] {
        assert!(md.contains(needle), "{needle:?} missing:\n{md}");
    }
    // Without --out, the text shows the same sections.
    for needle in ["Agreed:", "AWS ×2 (amy, cho)", "Veto:", "Tie on"] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}

#[test]
fn a_privileged_need_outvoted_four_to_one_names_who_raised_it() {
    let dir = tempfile::tempdir().unwrap();
    let files = five(dir.path());
    let out = dir.path().join("o");
    compare(&files, &["--out", out.to_str().unwrap()]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    let vetoes = json["vetoes"].as_array().unwrap();
    let by = |question: &str| -> Vec<Value> {
        vetoes
            .iter()
            .filter(|v| v["question"] == question)
            .map(|v| v["by"].clone())
            .collect()
    };
    // Privileged containers rule out Fargate and Autopilot: two vetoes, both ben's.
    let privileged = by("privileged");
    assert!(!privileged.is_empty());
    assert!(
        privileged.iter().all(|b| *b == serde_json::json!(["ben"])),
        "{privileged:?}"
    );
    assert_eq!(by("gpu"), vec![serde_json::json!(["eve"])]);
    let options = json["consensus"]["options"].as_array().unwrap();
    let fargate = options.iter().find(|o| o["id"] == "ecs-fargate").unwrap();
    assert_eq!(fargate["excluded"], true);
}
