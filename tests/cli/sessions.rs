//! Starting the explorer afresh never destroys the earlier session: a launch that only looks
//! writes nothing, a change keeps it beside the new one, named on the way out, and `--resume
//! FILE` returns to it with its answers.

use assert_cmd::Command;

fn plain(state: &std::path::Path, args: &[&str], input: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("--plain")
        .args(args)
        .env("TRADEOFF_STATE_DIR", state)
        .write_stdin(input)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn a_launch_that_only_looks_writes_nothing_and_a_change_keeps_the_earlier_session() {
    let state = tempfile::tempdir().unwrap();
    let kept_files = || {
        std::fs::read_dir(state.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("session-")
            })
            .count()
    };
    // First session: one answer ("1" = critical for the first question).
    plain(state.path(), &[], "1\n");
    let first = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(first.contains("ops_priority = \"critical\""), "{first}");
    // Six launches that only look write nothing: the session with answers stays the one
    // `--resume` opens, and no rotation can push it out.
    for _ in 0..6 {
        let out = plain(state.path(), &[], "");
        assert!(
            out.contains("Nothing changed, so nothing was saved"),
            "{out}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(state.path().join("session.toml")).unwrap(),
        first
    );
    assert_eq!(kept_files(), 0);
    // A fresh start that changes an answer keeps the earlier session aside and says where.
    let out = plain(state.path(), &[], "3\n");
    let line = out
        .lines()
        .find(|l| l.starts_with("Earlier session kept: tradeoff --resume "))
        .unwrap_or_else(|| panic!("{out}"));
    // The kept session is named by its file name alone: `--resume` finds it in the folder.
    let kept = line.split("--resume ").nth(1).unwrap().trim();
    assert!(!kept.contains('/'), "{line}");
    assert_eq!(
        std::fs::read_to_string(state.path().join(kept)).unwrap(),
        first
    );
    let now = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(now.contains("ops_priority = \"low\""), "{now}");
    // --resume FILE opens it with its answers.
    let out = plain(state.path(), &["--resume", kept], "");
    assert!(
        out.contains(
            "1) Critical: our primary goal is to minimize operational overhead   [current]"
        ),
        "{out}"
    );
    // Only the newest few are kept.
    for answer in ["1", "2", "3", "1", "2", "3", "1"] {
        plain(state.path(), &[], &format!("{answer}\n"));
    }
    assert_eq!(kept_files(), tradeoff::session::KEEP);
}

#[test]
fn rotation_never_deletes_a_session_with_answers_no_newer_one_has() {
    let state = tempfile::tempdir().unwrap();
    let kept = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(state.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("session-"))
            .collect();
        names.sort();
        names
    };
    // Eight launches, each answering a different question: every kept session has something
    // of its own, so none goes, though more than KEEP are kept.
    let answers = [
        "ops_priority = critical",
        "k8s_expertise = strong",
        "k8s_learning = no",
        "workload_pattern = steady",
        "app_shape = workers",
        "gpu = yes",
        "storage = shared-files",
        "cloud = aws",
    ];
    for line in answers {
        plain(state.path(), &[], &format!("{line}\n"));
    }
    assert_eq!(kept().len(), answers.len() - 1, "{:?}", kept());
    let texts: Vec<String> = kept()
        .iter()
        .map(|n| std::fs::read_to_string(state.path().join(n)).unwrap())
        .collect();
    for line in &answers[..answers.len() - 1] {
        let (id, value) = line.split_once(" = ").unwrap();
        assert!(
            texts
                .iter()
                .any(|t| t.contains(&format!("{id} = \\\"{value}\\\""))
                    || t.contains(&format!("{id} = \"{value}\""))),
            "the session answering {id} was deleted"
        );
    }
    // Sessions whose answers a newer one holds go beyond the newest KEEP.
    for _ in 0..(tradeoff::session::KEEP + 2) {
        plain(state.path(), &[], "cloud = aws\n");
    }
    let after = kept();
    assert!(
        after.len() < answers.len() - 1 + tradeoff::session::KEEP + 2,
        "{after:?}"
    );
}

#[test]
fn each_questionnaire_keeps_its_own_session() {
    let state = tempfile::tempdir().unwrap();
    let other = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/valid/all-kinds.toml");
    let other = other.to_str().unwrap();
    plain(state.path(), &[], "1\n");
    let default_session = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    // Exploring another questionnaire neither replaces nor moves the default one's session.
    let out = plain(state.path(), &["-q", other], "2\n");
    assert!(!out.contains("Earlier session kept"), "{out}");
    assert!(out.contains("session.all-kinds.toml"), "{out}");
    assert!(state.path().join("session.all-kinds.toml").is_file());
    assert_eq!(
        std::fs::read_to_string(state.path().join("session.toml")).unwrap(),
        default_session
    );
    // Each resumes its own.
    let out = plain(state.path(), &["--resume"], "");
    assert!(out.contains("Nothing changed"), "{out}");
    let resumed = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(resumed.contains("ops_priority = \"critical\""), "{resumed}");
    let out = plain(state.path(), &["-q", other, "--resume"], "1\n");
    assert!(out.contains("session.all-kinds.toml"), "{out}");
}

#[test]
fn a_failed_save_says_not_saved_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    // The state folder cannot be made: a file stands where it would go.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("--plain")
        .env("TRADEOFF_STATE_DIR", blocker.join("state"))
        .write_stdin("1\nq\n\n")
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("NOT saved: "), "{stdout}");
    assert!(!stdout.contains("saved in"), "{stdout}");
}
