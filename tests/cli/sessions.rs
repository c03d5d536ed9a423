//! Starting the explorer afresh never destroys the earlier session: it is kept beside the new
//! one, named on the way out, and `--resume FILE` returns to it with its answers.

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
fn a_fresh_start_keeps_the_earlier_session_and_resume_file_returns_to_it() {
    let state = tempfile::tempdir().unwrap();
    // First session: one answer ("1" = critical for the first question).
    plain(state.path(), &[], "1\n");
    let first = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(first.contains("ops_priority = \"critical\""), "{first}");
    // A fresh start without --resume: the first session is kept, and the output says where.
    let out = plain(state.path(), &[], "");
    let line = out
        .lines()
        .find(|l| l.starts_with("The earlier session was kept"))
        .unwrap_or_else(|| panic!("{out}"));
    let kept = line
        .split("--resume ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap();
    assert_eq!(std::fs::read_to_string(kept).unwrap(), first);
    let now = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(
        !now.contains("ops_priority = \"critical\""),
        "a fresh session"
    );
    // --resume FILE restores it.
    plain(state.path(), &["--resume", kept], "");
    let resumed = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(resumed.contains("ops_priority = \"critical\""), "{resumed}");
    // Only the newest few are kept.
    for _ in 0..7 {
        plain(state.path(), &[], "");
    }
    let kept_count = std::fs::read_dir(state.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("session-")
        })
        .count();
    assert_eq!(kept_count, tradeoff::session::KEEP);
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
    let out = plain(state.path(), &["-q", other], "");
    assert!(!out.contains("earlier session was kept"), "{out}");
    assert!(out.contains("session.all-kinds.toml"), "{out}");
    assert!(state.path().join("session.all-kinds.toml").is_file());
    assert_eq!(
        std::fs::read_to_string(state.path().join("session.toml")).unwrap(),
        default_session
    );
    // Each resumes its own.
    let out = plain(state.path(), &["--resume"], "");
    assert!(
        out.contains("Answers saved in") && out.contains("session.toml"),
        "{out}"
    );
    let resumed = std::fs::read_to_string(state.path().join("session.toml")).unwrap();
    assert!(resumed.contains("ops_priority = \"critical\""), "{resumed}");
    let out = plain(state.path(), &["-q", other, "--resume"], "");
    assert!(out.contains("session.all-kinds.toml"), "{out}");
}
