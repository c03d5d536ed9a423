//! Exports never lose what a user made: only files the earlier bundle wrote (by its manifest and
//! their hashes) are replaced or removed, nothing is written through a link, and a failure or a
//! crash at any step of the write leaves the earlier bundle or the new one, never a mix.

use assert_cmd::Command;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::cargo_bin("tradeoff").unwrap()
}

/// Two answers files whose bundles differ in their files: GKE manifests, then an ECS bundle.
fn answers(dir: &Path) -> (PathBuf, PathBuf) {
    let gke = dir.join("gke.toml");
    std::fs::write(
        &gke,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\nk8s_expertise = \"strong\"\n",
    )
    .unwrap();
    let ecs = dir.join("ecs.toml");
    std::fs::write(
        &ecs,
        "questionnaire = \"fargate-vs-gke\"\n[answers]\nk8s_expertise = \"none\"\nops_priority = \"critical\"\ncloud = \"aws\"\n",
    )
    .unwrap();
    (gke, ecs)
}

fn report(answers: &Path, out: &Path, force: bool) -> assert_cmd::assert::Assert {
    let mut cmd = tradeoff();
    cmd.args(["report", "--answers"])
        .arg(answers)
        .arg("--out")
        .arg(out);
    if force {
        cmd.arg("--force");
    }
    cmd.assert()
}

/// Every file under `dir` (links as their targets' names), relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                out.insert(
                    rel,
                    std::fs::read_link(&path)
                        .unwrap()
                        .to_string_lossy()
                        .as_bytes()
                        .to_vec(),
                );
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The bundle's files as its manifest lists them, each checked against its hash.
fn manifest_paths(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(".tradeoff-bundle.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn force_never_writes_or_deletes_through_a_link_in_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, _) = answers(tmp.path());
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    for name in ["deployment.yaml", "service.yaml", "hpa.yaml"] {
        std::fs::write(outside.join(name), format!("mine: {name}\n")).unwrap();
    }
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("k8s")).unwrap();
    let before = tree(&outside);
    let assert = report(&gke, &out, true).failure();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("is a symbolic link"), "{err}");
    assert_eq!(tree(&outside), before, "files outside the folder changed");
}

#[test]
fn force_replaces_only_the_earlier_bundles_unchanged_files_and_lists_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, ecs) = answers(tmp.path());
    let out = tmp.path().join("out");
    // The user's own files, two of them at names a bundle writes, before any bundle.
    std::fs::create_dir_all(out.join("k8s")).unwrap();
    std::fs::write(out.join("DEPLOY.md"), "my own deploy notes\n").unwrap();
    std::fs::write(out.join("k8s/deployment.yaml"), "my own manifest\n").unwrap();
    std::fs::write(out.join("NOTES.md"), "notes\n").unwrap();
    // Without --force the report says what --force would do, before doing anything.
    let assert = report(&gke, &out, false).failure();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("--force keeps your DEPLOY.md as DEPLOY.md.kept-"),
        "{err}"
    );
    let previewed = err
        .split("DEPLOY.md as ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    let assert = report(&gke, &out, true).success();
    let said = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        said.contains("kept your k8s/deployment.yaml as k8s/deployment.yaml.kept-"),
        "{said}"
    );
    // What the refusal said --force would do is what it did, to the name.
    assert!(
        said.contains(&format!("kept your DEPLOY.md as {previewed} ")),
        "{previewed}: {said}"
    );
    let files = tree(&out);
    let kept: Vec<&Vec<u8>> = files
        .iter()
        .filter(|(k, _)| k.contains(".kept-"))
        .map(|(_, v)| v)
        .collect();
    assert!(
        kept.contains(&&b"my own deploy notes\n".to_vec()),
        "{files:?}"
    );
    assert!(kept.contains(&&b"my own manifest\n".to_vec()));
    assert_eq!(files["NOTES.md"], b"notes\n");
    // The user edits one bundle file; the next bundle (ECS) keeps the edit, removes the GKE
    // manifests it no longer has, and says so.
    std::fs::write(out.join("k8s/service.yaml"), "edited by hand\n").unwrap();
    let assert = report(&ecs, &out, true).success();
    let said = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(said.contains("removed k8s/deployment.yaml"), "{said}");
    assert!(said.contains("left k8s/service.yaml alone"), "{said}");
    let files = tree(&out);
    assert_eq!(files["k8s/service.yaml"], b"edited by hand\n");
    assert!(!files.contains_key("k8s/deployment.yaml"));
    assert!(!files.contains_key("k8s/hpa.yaml"));
    assert!(files.contains_key("ecs/task-definition.json"));
    assert!(
        !files
            .keys()
            .any(|k| k.contains(".tradeoff-") && !k.ends_with("bundle.json")),
        "scratch files left: {:?}",
        files.keys()
    );
    // Bundle files follow the umask like any file the user writes, not a temporary file's 0600.
    std::fs::write(tmp.path().join("probe"), "x").unwrap();
    let umask_mode = std::fs::metadata(tmp.path().join("probe"))
        .unwrap()
        .permissions()
        .mode();
    let mode = std::fs::metadata(out.join("recommendation.md"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, umask_mode & 0o777);
}

/// The folder with an earlier GKE bundle and user files in it, as a tree.
fn prepared(tmp: &Path, gke: &Path) -> PathBuf {
    let out = tmp.join("out");
    let _ = std::fs::remove_dir_all(&out);
    report(gke, &out, false).success();
    std::fs::write(out.join("NOTES.md"), "notes\n").unwrap();
    std::fs::write(out.join("k8s/service.yaml"), "edited by hand\n").unwrap();
    out
}

#[test]
fn a_failure_at_any_step_of_the_write_leaves_the_folder_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, ecs) = answers(tmp.path());
    let mut step = 1;
    loop {
        let out = prepared(tmp.path(), &gke);
        let before = tree(&out);
        let result = tradeoff()
            .args(["report", "--force", "--answers"])
            .arg(&ecs)
            .arg("--out")
            .arg(&out)
            .env("TRADEOFF_TEST_FAULT_AT", step.to_string())
            .output()
            .unwrap();
        if result.status.success() {
            // Past the last step: the new bundle stands.
            assert!(manifest_paths(&out).contains(&"ecs/task-definition.json".to_owned()));
            break;
        }
        let err = String::from_utf8_lossy(&result.stderr);
        assert!(err.contains("injected fault"), "step {step}: {err}");
        assert!(err.contains("nothing was changed"), "step {step}: {err}");
        assert_eq!(tree(&out), before, "step {step} left the folder changed");
        step += 1;
        assert!(step < 100, "the write never finished");
    }
    assert!(step > 10, "only {step} steps were tried");
}

#[test]
fn a_crash_at_any_step_is_rolled_back_by_the_next_write() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, ecs) = answers(tmp.path());
    let mut step = 1;
    loop {
        let out = prepared(tmp.path(), &gke);
        let user: Vec<Vec<u8>> = vec![b"notes\n".to_vec(), b"edited by hand\n".to_vec()];
        let result = tradeoff()
            .args(["report", "--force", "--answers"])
            .arg(&ecs)
            .arg("--out")
            .arg(&out)
            .env("TRADEOFF_TEST_CRASH_AT", step.to_string())
            .output()
            .unwrap();
        let crashed = !result.status.success();
        // The next write into the folder (here the same one, again) first rolls the
        // unfinished one back, then writes whole.
        report(&ecs, &out, true).success();
        let files = tree(&out);
        for path in manifest_paths(&out) {
            assert!(files.contains_key(&path), "step {step}: {path} missing");
        }
        assert!(
            files.contains_key("ecs/task-definition.json"),
            "step {step}"
        );
        assert!(!files.contains_key("k8s/deployment.yaml"), "step {step}");
        for mine in &user {
            assert!(
                files.values().any(|v| v == mine),
                "step {step}: a user's file was lost: {:?}",
                files.keys()
            );
        }
        assert!(
            !files
                .keys()
                .any(|k| k.contains(".tradeoff-") && !k.ends_with("bundle.json")),
            "step {step}: scratch files left: {:?}",
            files.keys()
        );
        if !crashed {
            break;
        }
        step += 1;
        assert!(step < 100, "the write never finished");
    }
    assert!(step > 10, "only {step} steps were tried");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any sequence of exports into a folder holding user files, some at names a bundle
    /// writes, leaves every user file's bytes in the folder.
    #[test]
    fn exports_leave_every_user_file_byte_identical(
        names in proptest::collection::btree_set(
            prop_oneof![
                Just("DEPLOY.md"),
                Just("answers.toml"),
                Just("recommendation.md"),
                Just("k8s/deployment.yaml"),
                Just("k8s/hpa.yaml"),
                Just("ecs/service.json"),
                Just("notes.txt"),
                Just("k8s/extra.yaml"),
            ],
            1..5,
        ),
        order in proptest::collection::vec(any::<bool>(), 1..4),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let (gke, ecs) = answers(tmp.path());
        let out = tmp.path().join("out");
        let mut mine = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let path = out.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let bytes = format!("user file {i}: {name}\n").into_bytes();
            std::fs::write(&path, &bytes).unwrap();
            mine.push(bytes);
        }
        for use_gke in order {
            report(if use_gke { &gke } else { &ecs }, &out, true).success();
        }
        let files = tree(&out);
        for bytes in &mine {
            prop_assert!(files.values().any(|v| v == bytes), "lost {:?}", String::from_utf8_lossy(bytes));
        }
    }
}

#[test]
fn a_file_size_limit_fails_the_export_with_a_message_and_leaves_the_folder_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, ecs) = answers(tmp.path());
    let out = prepared(tmp.path(), &gke);
    let before = tree(&out);
    // `ulimit -f 8`: no file above 8 KiB, and recommendation.md is larger.
    let result = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 8 && exec \"$0\" report --force --answers \"$1\" --out \"$2\"")
        .arg(env!("CARGO_BIN_EXE_tradeoff"))
        .arg(&ecs)
        .arg(&out)
        .output();
    let Ok(result) = result else {
        eprintln!("SKIPPED: no bash to set a file-size limit with");
        return;
    };
    assert_eq!(result.status.code(), Some(1), "{result:?}");
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(tree(&out), before, "the folder changed");
}

#[test]
fn a_journal_naming_paths_outside_the_folder_is_refused_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let (gke, ecs) = answers(tmp.path());
    let out = prepared(tmp.path(), &gke);
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    // A journal left in the folder that would move a file from outside it into it.
    std::fs::write(
        out.join(".tradeoff-bundle.journal"),
        r#"[{"Aside":{"from":"../victim.txt","to":"stolen.txt"}}]"#,
    )
    .unwrap();
    let before = tree(&out);
    let assert = report(&ecs, &out, true).failure();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("journal is damaged"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(tree(&out), before, "the folder changed");
}
