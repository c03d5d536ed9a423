//! The README's examples are checked as users would run them: documentation that fails
//! `check` fails the build.

use std::path::Path;

/// Every fenced TOML block of the README, with the line it starts on.
fn toml_blocks() -> Vec<(usize, String)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in readme.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```toml") => current = Some((n + 2, String::new())),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_toml_example_in_the_readme_passes_check() {
    let blocks = toml_blocks();
    assert!(
        blocks.len() >= 2,
        "the README shows a questionnaire and answers"
    );
    let mut questionnaires = 0;
    let mut answers = 0;
    for (line, text) in &blocks {
        let name = format!("README.md:{line}");
        if text.contains("[[questions]]") {
            let q = tradeoff::questionnaire::parse(&name, text)
                .unwrap_or_else(|e| panic!("the README's questionnaire fails check:\n{e}"));
            assert!(q.questions.len() >= 3, "{name}: a real example");
            questionnaires += 1;
        } else if text.contains("[answers]") {
            let named: toml::Table = toml::from_str(text).unwrap();
            let id = named["questionnaire"].as_str().unwrap();
            let q = tradeoff::questionnaire::builtin(id).unwrap();
            tradeoff::answers::Answers::parse(&q, &name, text)
                .unwrap_or_else(|e| panic!("the README's answers fail check:\n{e}"));
            answers += 1;
        }
    }
    assert!(questionnaires >= 1 && answers >= 1, "{blocks:?}");
}
