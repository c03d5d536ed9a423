//! `tradeoff check` on fixture questionnaires, through the binary: valid ones pass, and every
//! invalid one reports each problem its `# expect: LINE:COL: message` comments name, exactly.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// The `# expect:` lines of a fixture, as the `file:line:col: message` lines they promise.
fn expectations(path: &Path) -> Vec<String> {
    let shown = path.display().to_string();
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|e| format!("{shown}:{e}"))
        .collect()
}

#[test]
fn the_default_questionnaire_passes_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/fargate-vs-gke.toml");
    tradeoff()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "OK (fargate-vs-gke, 29 questions)",
        ));
}

#[test]
fn valid_questionnaires_pass_check() {
    for path in fixtures("questionnaires/valid") {
        tradeoff()
            .arg("check")
            .arg(&path)
            .assert()
            .success()
            .stdout(predicates::str::contains(": OK"));
    }
}

#[test]
fn invalid_questionnaires_report_every_problem_at_its_line_and_column() {
    for path in fixtures("questionnaires/invalid") {
        let expected = expectations(&path);
        assert!(
            !expected.is_empty(),
            "{} has no # expect: lines",
            path.display()
        );
        let out = tradeoff()
            .arg("check")
            .arg(&path)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let reported: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.ends_with("have problems"))
            .collect();
        for line in &expected {
            assert!(
                reported.contains(&line.as_str()),
                "missing:\n  {line}\ngot:\n{stderr}"
            );
        }
        assert_eq!(
            reported.len(),
            expected.len(),
            "{}: unexpected extra problems:\n{stderr}",
            path.display()
        );
    }
}

#[test]
fn check_reads_every_file_and_fails_if_any_fails() {
    let valid = fixtures("questionnaires/valid").remove(0);
    let out = tradeoff()
        .arg("check")
        .arg(&valid)
        .arg("no/such/file.toml")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains(": OK"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no/such/file.toml: cannot open"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 file(s) have problems"), "{stderr}");
}

#[test]
fn usage_errors_exit_with_2() {
    tradeoff().arg("check").assert().code(2);
    tradeoff()
        .args(["questions", "--format", "yaml"])
        .assert()
        .code(2);
    tradeoff().arg("frobnicate").assert().code(2);
}
