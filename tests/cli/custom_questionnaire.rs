//! A questionnaire of the user's own, about something other than the bundled decision: its
//! record speaks its words only, its bundle carries it, and its answers replay from the bundle.

use crate::common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn questionnaire() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaires/valid/database.toml")
}

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn write_answers(dir: &Path, name: &str, answers: &str) -> PathBuf {
    let f = dir.join(format!("{name}.toml"));
    std::fs::write(
        &f,
        format!("questionnaire = \"orders-database\"\n[answers]\n{answers}\n"),
    )
    .unwrap();
    f
}

/// Words that belong to the bundled decision and to no other.
const BUNDLED_WORDS: [&str; 9] = [
    "Python",
    "platform",
    "workload",
    "Fargate",
    "GKE",
    "Kubernetes",
    "container",
    "ECS",
    "operations",
];

fn assert_own_words(what: &str, text: &str) {
    for word in BUNDLED_WORDS {
        assert!(
            !text.to_lowercase().contains(&word.to_lowercase()),
            "{what} says {word:?}:\n{text}"
        );
    }
}

#[test]
fn the_record_speaks_the_questionnaires_words_and_the_bundle_replays() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write_answers(
        dir.path(),
        "team",
        "queries = \"keys\"\nwriters = \"many\"\nfeatures = [\"streams\"]",
    );
    let out = dir.path().join("bundle");
    tradeoff()
        .args(["report", "-q"])
        .arg(questionnaire())
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();

    let md = std::fs::read_to_string(out.join("recommendation.md")).unwrap();
    assert_own_words("recommendation.md", &md);
    for needle in [
        "# Choose DynamoDB",
        "We are deciding which database keeps the orders service's data",
        "Which database should the orders service use?",
        "Watch throttled requests per table.",
        "Review the p99 query latency",
    ] {
        assert!(md.contains(needle), "{needle:?} missing:\n{md}");
    }

    // The questionnaire travels with its answers, and the replay line names it.
    assert_eq!(
        std::fs::read_to_string(out.join("questionnaire.toml")).unwrap(),
        std::fs::read_to_string(questionnaire()).unwrap()
    );
    let replayable = std::fs::read_to_string(out.join("answers.toml")).unwrap();
    assert!(
        replayable.contains("tradeoff report -q questionnaire.toml --answers answers.toml"),
        "{replayable}"
    );
    // As the line says, from inside the bundle; and from anywhere, without -q.
    let again = dir.path().join("again");
    tradeoff()
        .current_dir(&out)
        .args([
            "report",
            "-q",
            "questionnaire.toml",
            "--answers",
            "answers.toml",
            "--out",
        ])
        .arg(&again)
        .assert()
        .success();
    let elsewhere = dir.path().join("elsewhere");
    common::replay(&out.join("answers.toml"), &elsewhere);
    let ours = common::recommendation(&out);
    assert_eq!(ours["recommended"], "dynamodb");
    assert_eq!(ours, common::recommendation(&again));
    assert_eq!(ours, common::recommendation(&elsewhere));
}

#[test]
fn a_rooms_consensus_on_a_custom_questionnaire_is_a_bundle_that_replays() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "ana",
            "queries = \"keys\"\nsql_skill = \"none\"\nwriters = \"few\"",
        ),
        (
            "bo",
            "queries = \"joins\"\nsql_skill = \"expert\"\nwriters = \"one\"",
        ),
        (
            "cy",
            "queries = \"keys\"\nsql_skill = \"some\"\nwriters = \"few\"",
        ),
        (
            "di",
            "queries = \"joins\"\nsql_skill = \"expert\"\nwriters = \"few\"",
        ),
        (
            "ed",
            "queries = \"keys\"\nsql_skill = \"some\"\nwriters = \"many\"",
        ),
    ]
    .map(|(name, answers)| write_answers(dir.path(), name, answers));
    let out = dir.path().join("room");
    let text = tradeoff()
        .arg("compare")
        .args(&files)
        .arg("-q")
        .arg(questionnaire())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert_own_words("compare's text", &text);
    let consensus = out.join("consensus");
    let md = std::fs::read_to_string(consensus.join("recommendation.md")).unwrap();
    assert_own_words("the consensus record", &md);
    assert_own_words(
        "comparison.md",
        &std::fs::read_to_string(out.join("comparison.md")).unwrap(),
    );
    // ed's many writers rule SQLite out, outvoted or not; the ordered scale takes its median.
    assert!(
        md.contains("SQLite on a volume is ruled out") && md.contains("(ed answered"),
        "{md}"
    );
    let answers = std::fs::read_to_string(consensus.join("answers.toml")).unwrap();
    assert!(answers.contains("writers = \"many\""), "{answers}");
    assert!(answers.contains("sql_skill = \"some\""), "{answers}");
    assert!(consensus.join("questionnaire.toml").is_file());

    let replay = dir.path().join("replay");
    common::replay(&consensus.join("answers.toml"), &replay);
    assert_eq!(
        common::recommendation(&consensus),
        common::recommendation(&replay)
    );
}
