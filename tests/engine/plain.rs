//! Plain mode driven with in-memory input: prompts, summaries, hidden questions, bad input, export.

use std::io::Cursor;
use std::path::PathBuf;
use tradeoff::answers::Answers;
use tradeoff::model::Model;
use tradeoff::plain::Plain;
use tradeoff::value::Value;

fn run(input: &str, out_dir: PathBuf) -> (String, Answers) {
    let model = Model::new(
        tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    );
    let answers = Answers::new(&model.questionnaire);
    let saves = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = saves.clone();
    let mut plain = Plain {
        model,
        answers,
        out_dir,
        on_change: Box::new(move |_, _| counted.set(counted.get() + 1)),
        echo: true,
        scenarios: Vec::new(),
    };
    let mut out = Vec::new();
    plain
        .run(&mut Cursor::new(input.as_bytes().to_vec()), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        saves.get(),
        plain.answers.given_count().max(saves.get()),
        "every answer is autosaved"
    );
    (text, plain.answers)
}

#[test]
fn each_answer_prints_the_scores_and_costs() {
    let dir = tempfile::tempdir().unwrap();
    let (text, answers) = run("1\n", dir.path().join("b"));
    assert!(text.contains("[1/31] Team & operations — How much does minimizing"));
    assert!(
        text.contains("operations matter?  [ops_priority]"),
        "each prompt names its question's id"
    );
    assert!(
        text.contains("> 1\n  Scores: AWS ECS on Fargate 49.9 ★"),
        "{text}"
    );
    assert!(text.contains("  Monthly: AWS ECS on Fargate $142.07"));
    assert_eq!(answers.given_count(), 1);
    assert!(
        text.contains("Not exported."),
        "end of input skips the export"
    );
}

#[test]
fn hidden_questions_are_skipped_and_bad_input_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let (text, answers) = run("\nstrong\n7\nmaybe\n1\nq\nn\n", dir.path().join("b"));
    assert!(
        !text.contains("willing to invest in learning"),
        "strong expertise hides the learning question"
    );
    assert!(text.contains("[3/30] Workload"), "{text}");
    assert!(text.contains("✗ type a number from 1 to 3"), "{text}");
    assert!(text.contains("✗ type a number from 1 to 3, or one of 'spiky', 'mixed' or 'steady'"));
    let q = tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap();
    let pattern = q.question_index("workload_pattern").unwrap();
    assert_eq!(answers.get(pattern), Some(&Value::Choice(0)));
    assert!(text.contains("Recommended:"));
}

#[test]
fn it_ends_with_the_same_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let (text, _) = run(&format!("3\nq\n{}\n", out.display()), out.clone());
    assert!(text.contains("wrote "), "{text}");
    assert!(out.join("recommendation.md").is_file());
    assert!(out.join("answers.toml").is_file());
}

#[test]
fn a_blank_line_at_the_export_prompt_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    // Quit, then a stray blank line where the folder is asked.
    let (text, _) = run("q\n\n", out.clone());
    assert!(text.contains("Not exported"), "{text}");
    assert!(!out.exists(), "no folder was written");
    // y takes the default folder.
    let (text, _) = run("q\ny\n", out.clone());
    assert!(text.contains("wrote "), "{text}");
    assert!(out.join("recommendation.md").is_file());
}

/// Runs the binary in plain mode with `lines` piped in.
fn piped(args: &[&str], lines: &str) -> (String, tempfile::TempDir) {
    let state = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .env("TRADEOFF_STATE_DIR", state.path())
        .arg("--plain")
        .args(args)
        .write_stdin(lines)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    (String::from_utf8(out).unwrap(), state)
}

#[test]
fn piped_answers_by_id_cannot_shift_when_a_question_hides() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    // k8s_expertise = strong hides k8s_learning: answered by position, every later line would
    // land one question early. By id, each lands where it says.
    let script = format!(
        "k8s_expertise = strong\nworkload_pattern = \"steady\"\nservices = 7\nenv = {{ APP_ENV = \"staging\" }}\nq\n{}\n",
        out.display()
    );
    let (text, _state) = piped(&[], &script);
    assert!(text.contains("wrote "), "{text}");
    let answers = std::fs::read_to_string(out.join("answers.toml")).unwrap();
    for line in [
        "k8s_expertise = \"strong\"",
        "workload_pattern = \"steady\"",
        "services = 7",
        "APP_ENV = \"staging\"",
    ] {
        assert!(answers.contains(line), "{line} missing:\n{answers}");
    }
    assert!(!answers.contains("\nk8s_learning ="), "{answers}");
}

#[test]
fn a_question_with_several_answers_can_be_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let q = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/valid/database.toml");
    let script = format!(
        "features = [\"transactions\", \"streams\"]\nfeatures = -\nq\n{}\n",
        out.display()
    );
    let (text, _state) = piped(&["-q", q.to_str().unwrap()], &script);
    assert!(text.contains("✓ Features: none"), "{text}");
    let answers = std::fs::read_to_string(out.join("answers.toml")).unwrap();
    assert!(answers.contains("features = []"), "{answers}");
}

#[test]
fn an_unknown_id_is_named_with_the_nearest_one() {
    let dir = tempfile::tempdir().unwrap();
    let (text, answers) = run("k8s_expertize = strong\nq\nn\n", dir.path().join("b"));
    assert!(
        text.contains("✗ unknown question 'k8s_expertize'; did you mean 'k8s_expertise'?"),
        "{text}"
    );
    assert_eq!(
        answers.given_count(),
        0,
        "nothing was taken as the question asked"
    );
}
