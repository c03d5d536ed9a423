//! Answers files through `tradeoff report`: every class of mistake is reported at its line and
//! column with what would be valid, and nothing is written.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn invalid_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn invalid_answers_report_every_problem_and_write_nothing() {
    let files = invalid_fixtures();
    assert!(files.len() >= 6);
    for path in files {
        let shown = path.display().to_string();
        let expected: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| format!("{shown}:{e}"))
            .collect();
        assert!(!expected.is_empty(), "{shown} has no # expect: lines");
        let out_dir = tempfile::tempdir().unwrap();
        let bundle = out_dir.path().join("bundle");
        let out = tradeoff()
            .args(["report", "-q", "fargate-vs-gke", "--answers"])
            .arg(&path)
            .arg("--out")
            .arg(&bundle)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let reported: Vec<&str> = stderr.lines().collect();
        assert_eq!(reported, expected, "{shown}");
        assert!(
            !bundle.exists(),
            "{shown}: a bundle was written despite errors"
        );
    }
}

#[test]
fn answers_name_their_questionnaire_so_q_is_optional() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"no-such-questionnaire\"\n[answers]\n",
    )
    .unwrap();
    let out = tradeoff()
        .args(["report", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("names questionnaire 'no-such-questionnaire', which is not bundled")
            && stderr.contains("pass -q FILE")
            && stderr.contains("bundled: 'fargate-vs-gke'"),
        "{stderr}"
    );
}

#[test]
fn a_missing_or_binary_answers_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("bin.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = tradeoff()
        .args(["report", "--answers"])
        .arg(&binary)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8 text"));
    tradeoff()
        .args(["report", "--answers", "missing.toml", "--out"])
        .arg(dir.path().join("o"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("missing.toml: cannot open"));
}
