//! Files from elsewhere are hostile until checked: escape sequences never reach the terminal,
//! absurd sizes and numbers are refused with a message, and nothing hangs, overflows or panics.

use assert_cmd::Command;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// Bytes that would drive a terminal: ESC, CSI (C1), BEL and the bidi override.
fn assert_inert(what: &str, text: &str) {
    for (bad, name) in [
        ('\u{1b}', "ESC"),
        ('\u{9b}', "CSI"),
        ('\u{7}', "BEL"),
        ('\u{202e}', "RLO"),
    ] {
        assert!(!text.contains(bad), "{what} contains {name}:\n{text:?}");
    }
}

fn stderr_of(args: &[&str], extra: &[&Path]) -> String {
    let out = tradeoff().args(args).args(extra).output().unwrap();
    assert!(!out.status.success());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn escape_sequences_in_a_questionnaire_never_reach_the_terminal() {
    let q = fixture("escapes.toml");
    let out = tradeoff()
        .args(["questions", "-q"])
        .arg(&q)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        text.contains("Evil \u{FFFD}]0;pwned\u{FFFD} title"),
        "the title survives, made visible: {text}"
    );
    assert_inert("questions", &text);

    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"hostile\"\n[answers]\nlevel = \"high\"\n",
    )
    .unwrap();
    tradeoff()
        .arg("report")
        .arg("-q")
        .arg(&q)
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(dir.path().join("b"))
        .assert()
        .success();
    for f in ["recommendation.md", "recommendation.json"] {
        assert_inert(
            f,
            &std::fs::read_to_string(dir.path().join("b").join(f)).unwrap(),
        );
    }

    let model = tradeoff::model::Model::new(
        tradeoff::questionnaire::parse("escapes.toml", &std::fs::read_to_string(&q).unwrap())
            .unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    );
    let a = tradeoff::answers::Answers::new(&model.questionnaire);
    let mut app = tradeoff::tui::app::App::new(model, a, PathBuf::from("o"));
    app.size = (120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| tradeoff::tui::ui::render(f, &app, tradeoff::tui::theme::Theme { color: false }))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("Which \u{FFFD}[H\u{FFFD}[2Jlevel?"),
        "{screen}"
    );
    assert_inert("the explorer's screen", &screen);
}

#[test]
fn hostile_text_in_an_answers_file_is_escaped_in_messages_and_refused_as_answers() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\n\"x\\u001b]0;pwned\\u0007\" = 1\nenv = { APP = \"a\\u001b[2Jb\" }\napp_name = \"a\\u001bb\"\n",
    )
    .unwrap();
    let stderr = stderr_of(
        &["report", "--out", "/nonexistent/never", "--answers"],
        &[&answers],
    );
    assert_inert("stderr", &stderr);
    assert!(
        stderr.contains("unknown question 'x\\u{1b}]0;pwned\\u{7}'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("'env' has a control character in the value of 'APP'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("'app_name': 'a\\u{1b}b' contains a control character"),
        "{stderr}"
    );
    // toml's own message repeats a bad key verbatim: it is escaped too.
    std::fs::write(
        &answers,
        "questionnaire = \"fargate-vs-gke\"\n\"\\u001b[2J\" = 1\n",
    )
    .unwrap();
    let stderr = stderr_of(
        &["report", "--out", "/nonexistent/never", "--answers"],
        &[&answers],
    );
    assert_inert("stderr", &stderr);
    assert!(stderr.contains("unknown field `\\u{1b}[2J`"), "{stderr}");
}

#[test]
fn absurd_sizes_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, "# ".to_owned() + &"x".repeat(5 * 1024 * 1024)).unwrap();
    assert!(stderr_of(&["check"], &[&big]).contains("larger than 4 MiB"));

    let mut many = String::from("id = \"many\"\ntitle = \"T\"\nversion = \"1\"\n");
    for i in 0..65 {
        let _ = write!(
            many,
            "[[options]]
id = \"o{i}\"
name = \"O{i}\"
"
        );
    }
    let path = dir.path().join("many.toml");
    std::fs::write(&path, many).unwrap();
    assert!(
        stderr_of(&["check"], &[&path])
            .contains("65 [[options]] is more than a questionnaire may hold (64)")
    );

    let nested = dir.path().join("nested.toml");
    std::fs::write(
        &nested,
        format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    let out = tradeoff().arg("check").arg(&nested).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "deep nesting is an error, not a crash"
    );
}

#[test]
fn conditions_nested_too_deep_or_too_long_are_refused() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/questionnaires/valid/all-kinds.toml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (condition, expected) in [
        (
            format!("{}level == 'high'{}", "(".repeat(40), ")".repeat(40)),
            "nested more than 32 deep",
        ),
        (
            format!("{}level == 'high'", "not ".repeat(40)),
            "nested more than 32 deep",
        ),
        (
            vec!["level == 'high'"; 200].join(" or "),
            "longer than 2000 characters",
        ),
    ] {
        let text = base.replace(
            "show_if = \"level == 'high'\"",
            &format!("show_if = \"{condition}\""),
        );
        let path = dir.path().join("q.toml");
        std::fs::write(&path, text).unwrap();
        let stderr = stderr_of(&["check"], &[&path]);
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn absurd_numbers_are_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(&answers, "[answers]\nservices = nan\nvcpu = inf\nmemory_gib = 1e308\nreplicas = -inf\n[weights]\ngpu = 1e308\n").unwrap();
    let stderr = stderr_of(
        &["report", "--out", "/nonexistent/never", "--answers"],
        &[&answers],
    );
    for expected in [
        "'services' must be a finite number",
        "'vcpu' must be a finite number",
        "'memory_gib' is out of range",
        "'replicas' must be a finite number",
        "weight of 'gpu' must be a number from 0",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    let book =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/pricing.toml"))
            .unwrap()
            .replacen(
                "cluster_fee_hour = { value = 0.1,",
                "cluster_fee_hour = { value = 1e308,",
                1,
            );
    assert!(book.contains("1e308"));
    let path = dir.path().join("p.toml");
    std::fs::write(&path, book).unwrap();
    assert!(
        stderr_of(&["check"], &[&path])
            .contains("'gke.cluster_fee_hour' is '1e308'; it must be a number from 0 to 1000000")
    );
}

#[test]
fn a_damaged_session_is_reported_and_set_aside_never_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("session.toml");
    std::fs::write(&session, "version = 1\nquestionnaire = \"fargate-vs-gke\"\nfocus = \"gpu\"\nanswers = \"\"\"\n[answers]\ngpu = \"yes\"\n").unwrap();
    let err = tradeoff::session::load(&session).unwrap_err().to_string();
    assert!(err.contains("the saved session is damaged"), "{err}");
    assert!(!session.exists());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(
        aside[0].display().to_string().contains("damaged"),
        "{aside:?}"
    );
    assert!(
        std::fs::read_to_string(&aside[0])
            .unwrap()
            .contains("gpu = \"yes\""),
        "the damaged copy keeps the answers"
    );
}

#[test]
fn a_hundred_thousand_unknown_keys_are_counted_past_the_first_hundred() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typos.toml");
    let mut text = String::from("questionnaire = \"fargate-vs-gke\"\n[answers]\n");
    for i in 0..100_000 {
        let _ = writeln!(text, "k{i} = 1");
    }
    std::fs::write(&file, text).unwrap();
    let out = tradeoff().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let all = format!("{stdout}{stderr}");
    // The first hundred in file order, each with its line, then one line counting the rest.
    assert!(
        all.contains("typos.toml:3:1: unknown question 'k0'"),
        "{all}"
    );
    assert!(
        all.contains("typos.toml:102:1: unknown question 'k99'"),
        "{all}"
    );
    assert!(
        all.contains("typos.toml:103:1: and 99,900 more problems from here on"),
        "{all}"
    );
    assert!(all.lines().count() < 110, "{} lines", all.lines().count());
}

#[test]
fn a_fifo_or_a_device_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available here");
        return;
    }
    for args in [
        vec!["check".to_owned(), fifo.display().to_string()],
        vec![
            "report".to_owned(),
            "--answers".to_owned(),
            fifo.display().to_string(),
            "--out".to_owned(),
            dir.path().join("out").display().to_string(),
        ],
        vec!["check".to_owned(), "/dev/zero".to_owned()],
    ] {
        // A reader blocked on the FIFO would never return: the timeout makes that a failure.
        let out = tradeoff()
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_price_book_cannot_put_a_command_into_deploy_md() {
    let dir = tempfile::tempdir().unwrap();
    let book =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/pricing.toml"))
            .unwrap();
    for (from, to, what) in [
        (
            "gcp = \"us-central1\"",
            "gcp = \"us-central1$(touch PWNED)\"",
            "regions.us.gcp",
        ),
        (
            "aws = \"us-east-1\"",
            "aws = \"us-east-1; touch PWNED\"",
            "regions.us.aws",
        ),
        (
            "name = \"e2-standard-2\"",
            "name = \"e2-standard-2`touch PWNED`\"",
            "machine name",
        ),
        (
            "name = \"NVIDIA L4\"",
            "name = \"NVIDIA L4\\u001b[2J\"",
            "gpu.name",
        ),
    ] {
        assert!(book.contains(from), "{from}");
        let file = dir.path().join("prices.toml");
        std::fs::write(&file, book.replacen(from, to, 1)).unwrap();
        // check names the value with file:line:col and what a valid one looks like.
        let err = stderr_of(&["check"], &[&file]);
        assert!(
            err.contains("prices.toml:") && err.contains(what) && err.contains("for example"),
            "{what}: {err}"
        );
        assert_inert(what, &err);
        // and the explorer's export refuses the book before writing anything.
        let out = dir.path().join("bundle");
        let result = tradeoff()
            .args(["report", "--answers"])
            .arg(fixture("../answers/autopilot.toml"))
            .arg("--pricing")
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1), "{what}");
        assert!(!out.exists(), "{what}: a bundle was written");
    }
    assert!(!dir.path().join("PWNED").exists());
}

#[test]
fn escape_sequences_in_file_names_never_reach_the_terminal_or_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let alice = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/room/alice.toml");
    let hostile = dir.path().join("al\u{1b}]0;PWNED\u{7}ice.toml");
    std::fs::copy(&alice, &hostile).unwrap();
    let bob = dir.path().join("bob.toml");
    std::fs::copy(&alice, &bob).unwrap();
    let out = dir.path().join("cmp");
    let result = tradeoff()
        .arg("compare")
        .arg(&hostile)
        .arg(&bob)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(result.status.success());
    assert_inert("compare's output", &String::from_utf8_lossy(&result.stdout));
    for record in ["comparison.md", "consensus/recommendation.md"] {
        assert_inert(record, &std::fs::read_to_string(out.join(record)).unwrap());
    }
    let result = tradeoff().arg("check").arg(&hostile).output().unwrap();
    assert_inert("check's output", &String::from_utf8_lossy(&result.stdout));
    // A file with a problem: its name in the message is cleaned too.
    let bad = dir.path().join("b\u{1b}[2Jad.toml");
    std::fs::write(
        &bad,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\nnope = 1\n",
    )
    .unwrap();
    let err = stderr_of(&["check"], &[&bad]);
    assert!(err.contains("unknown question 'nope'"), "{err}");
    assert_inert("check's error", &err);
    let result = tradeoff()
        .args(["report", "--answers"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("r"))
        .output()
        .unwrap();
    assert_inert("report's error", &String::from_utf8_lossy(&result.stderr));
}

#[test]
fn wide_ranges_are_bounded_where_they_meet_prices() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/fargate-vs-gke.toml"),
    )
    .unwrap();
    // A custom questionnaire whose sizing goes to 1e12: refused at load, naming the bound.
    let services = text.find("id = \"services\"").unwrap();
    let max_at = services + text[services..].find("max = 500").unwrap();
    let wide = format!(
        "{}max = 1000000000000{}",
        &text[..max_at],
        &text[max_at + "max = 500".len()..]
    );
    let file = dir.path().join("wide.toml");
    std::fs::write(&file, &wide).unwrap();
    let err = stderr_of(&["check"], &[&file]);
    assert!(
        err.contains("wide.toml:") && err.contains("'max' of 'services' is 1000000000000"),
        "{err}"
    );
    // At the largest bounds allowed, a bill past $1,000,000,000,000 a month is not printed as a
    // figure: it says which answers gave it.
    let at_caps = wide.replacen("max = 1000000000000", "max = 10000", 1);
    let replicas = at_caps.find("id = \"replicas\"").unwrap();
    let rmax = replicas + at_caps[replicas..].find("max = 1000").unwrap();
    let at_caps = format!(
        "{}max = 100000{}",
        &at_caps[..rmax],
        &at_caps[rmax + "max = 1000".len()..]
    );
    let q = dir.path().join("caps.toml");
    std::fs::write(&q, &at_caps).unwrap();
    tradeoff().arg("check").arg(&q).assert().success();
    let answers = dir.path().join("huge.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\nservices = 10000\nreplicas = 100000\nvcpu = 16\nmemory_gib = 120\n",
    )
    .unwrap();
    let out = dir.path().join("bundle");
    let result = tradeoff()
        .args(["report", "-q"])
        .arg(&q)
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{all}");
    assert!(!all.contains("184,467,440,737,095,516"), "{all}");
    let json = std::fs::read_to_string(out.join("recommendation.json")).unwrap();
    assert!(!json.contains("18446744073709551"), "{json}");
    let md = std::fs::read_to_string(out.join("recommendation.md")).unwrap();
    assert!(
        md.contains("(10000 services × 100000 replicas × 16 vCPU) give a bill above $1,000,000,000,000 a month"),
        "{md}"
    );
}

#[test]
fn check_names_a_file_of_another_kind_for_what_it_is() {
    let cargo = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = stderr_of(&["check"], &[&cargo]);
    assert!(
        err.contains("not a questionnaire, answers file or price book")
            && err.contains("'package'"),
        "{err}"
    );
    assert!(!err.contains("missing field"), "{err}");
}
