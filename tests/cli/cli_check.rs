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
            "OK (questionnaire fargate-vs-gke, 32 questions)",
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

/// Runs `check` on every fixture of a folder and requires exactly its `# expect:` lines.
fn assert_expected_problems(dir: &str) {
    for path in fixtures(dir) {
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
fn invalid_questionnaires_report_every_problem_at_its_line_and_column() {
    assert_expected_problems("questionnaires/invalid");
}

#[test]
fn invalid_price_books_name_every_missing_or_malformed_figure() {
    assert_expected_problems("pricing/invalid");
}

#[test]
fn the_bundled_price_book_passes_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/pricing.toml");
    tradeoff()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains("OK (price book as of"));
}

#[test]
fn report_refuses_a_broken_price_book_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    tradeoff()
        .arg("report")
        .arg("--answers")
        .arg(root.join("tests/fixtures/answers/choose-ecs.toml"))
        .arg("--pricing")
        .arg(root.join("tests/fixtures/pricing/invalid/missing-figures.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "missing figure 'gke.cluster_fee_hour'",
        ));
    assert!(!out.exists());
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

#[test]
fn the_json_listing_gives_each_text_rule_its_own_field() {
    let out = tradeoff()
        .args(["questions", "--format", "json"])
        .assert()
        .success();
    let listing: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let question = |id: &str| {
        listing["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    let app_name = question("app_name");
    let pattern =
        regex::Regex::new(&format!("^(?:{})$", app_name["pattern"].as_str().unwrap())).unwrap();
    // A script can check an answer with the pattern it is given, and show the hint.
    assert!(pattern.is_match("orders-api") && !pattern.is_match("Orders_API"));
    assert!(
        app_name["pattern_hint"]
            .as_str()
            .unwrap()
            .contains("DNS-1035")
    );
    assert_eq!(app_name["max_length"], 63);
    let env = question("env");
    assert!(env["key_pattern"].as_str().is_some() && env["key_hint"].as_str().is_some());
}

#[test]
fn answers_for_a_custom_questionnaire_are_checked_with_q_and_every_problem_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let q = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/valid/all-kinds.toml");
    let answers = dir.path().join("team.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"all-kinds\"\n[answers]\nmain = \"nope\"\ncount = \"many\"\nunknown_q = 1\n",
    )
    .unwrap();
    // Without -q, the file names a questionnaire check cannot find, and says what to pass.
    let without = tradeoff().args(["check"]).arg(&answers).assert().code(1);
    let stderr = String::from_utf8_lossy(&without.get_output().stderr).into_owned();
    assert!(stderr.contains("pass -q FILE"), "{stderr}");
    // With -q, every problem in the file, one line each.
    let with = tradeoff()
        .args(["check", "-q"])
        .arg(&q)
        .arg(&answers)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&with.get_output().stderr).into_owned();
    for expected in ["'main'", "'count'", "'unknown_q'"] {
        assert!(stderr.contains(expected), "{expected} in:\n{stderr}");
    }
    assert!(
        stderr.lines().filter(|l| l.contains("team.toml:")).count() >= 3,
        "{stderr}"
    );
    // A file that can be read only once (a pipe) is checked as written, not as empty.
    tradeoff()
        .args(["check", "-q"])
        .arg(&q)
        .arg("/dev/stdin")
        .write_stdin(std::fs::read_to_string(&answers).unwrap())
        .assert()
        .code(1);
    // A valid file passes.
    std::fs::write(&answers, "questionnaire = \"all-kinds\"\n[answers]\n").unwrap();
    tradeoff()
        .args(["check", "-q"])
        .arg(&q)
        .arg(&answers)
        .assert()
        .success();
}

#[test]
fn parts_that_do_nothing_are_warnings_and_the_file_still_passes() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaires/warnings.toml");
    let out = tradeoff()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let shown = path.display().to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{shown}:27:11: warning: show_if of 'big' is false for every answer, so the question is never asked; check the values it compares"
            ),
            format!(
                "{shown}:33:15: warning: 'cost_points' and 'cost_gap' do nothing here: no option has a cost_model, so there is no bill to compare; remove them, or give the options a cost model"
            ),
            format!(
                "{shown}:38:6: warning: no answer to 'mood' changes a score, a bill, a sample or which questions are shown: give its choices points or exclusions, or remove it"
            ),
            format!("{shown}: OK (questionnaire w, 3 questions, 3 warnings)"),
        ]
    );
}

#[test]
fn the_bundled_and_example_questionnaires_have_no_warnings() {
    for path in [
        "questionnaires/fargate-vs-gke.toml",
        "questionnaires/gke-autopilot-vs-standard.toml",
        "tests/fixtures/questionnaires/valid/database.toml",
    ] {
        let out = tradeoff()
            .arg("check")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .assert()
            .success()
            .get_output()
            .clone();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains("warning"), "{path}: {stdout}");
    }
}

#[test]
fn answers_for_a_questionnaire_file_list_every_problem_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let q = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/valid/database.toml");
    let answers = dir.path().join("team.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"orders-database\"\nteam = \"a typo\"\n[answers]\nqueries = \"sql\"\norders_per_day = 0\nfeatures = [\"streams\", \"joins\"]\n[wieghts]\n",
    )
    .unwrap();
    let out = tradeoff()
        .args(["check", "-q"])
        .arg(&q)
        .arg(&answers)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let shown = answers.display().to_string();
    for needle in [
        format!("{shown}:2:1: unknown field `team`"),
        format!("{shown}:4:11: 'sql' is not a choice of 'queries'"),
        format!("{shown}:5:18: 'orders_per_day' is out of range"),
        format!("{shown}:6:12: 'joins' is not a choice of 'features'"),
        format!("{shown}:7:2: unknown field `wieghts`"),
    ] {
        assert!(stderr.contains(&needle), "{needle:?} missing:\n{stderr}");
    }
}
