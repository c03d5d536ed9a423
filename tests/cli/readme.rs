//! The README's and the questionnaire reference's examples are checked as users would run
//! them: documentation that fails `check` fails the build.

use std::path::Path;

/// Every fenced TOML block of a document, with the line it starts on.
fn toml_blocks_of(doc: &str) -> Vec<(usize, String)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
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

fn toml_blocks() -> Vec<(usize, String)> {
    toml_blocks_of("README.md")
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

const REFERENCE: &str = "docs/questionnaire.md";

/// Whether a block is a questionnaire of its own (it names an id before any table).
fn is_whole(text: &str) -> bool {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .any(|l| l.trim_start().starts_with("id ="))
}

#[test]
fn every_example_in_the_questionnaire_reference_passes_check() {
    let blocks = toml_blocks_of(REFERENCE);
    let (line, base) = blocks
        .iter()
        .find(|(_, t)| is_whole(t))
        .expect("the reference starts with a whole questionnaire");
    let name = format!("{REFERENCE}:{line}");
    let (q, warnings) = tradeoff::questionnaire::check(&name, base)
        .unwrap_or_else(|e| panic!("the reference's questionnaire fails check:\n{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut fragments = 0;
    let mut answers = 0;
    for (line, text) in &blocks {
        let name = format!("{REFERENCE}:{line}");
        if is_whole(text) {
            tradeoff::questionnaire::parse(&name, text)
                .unwrap_or_else(|e| panic!("{name} fails check:\n{e}"));
        } else if text.contains("[answers]") {
            tradeoff::answers::Answers::parse(&q, &name, text)
                .unwrap_or_else(|e| panic!("{name}: the answers fail check:\n{e}"));
            answers += 1;
        } else {
            // A fragment adds questions to the whole questionnaire above it.
            let whole = format!("{base}\n{text}");
            tradeoff::questionnaire::parse(&name, &whole)
                .unwrap_or_else(|e| panic!("{name}: the fragment fails check:\n{e}"));
            fragments += 1;
        }
    }
    assert!(fragments >= 4 && answers >= 1, "{blocks:?}");
}

/// The fields a table of a questionnaire accepts, as `check` lists them for a wrong one.
fn accepted_fields(text: &str) -> Vec<String> {
    let e = tradeoff::questionnaire::parse("probe.toml", text)
        .unwrap_err()
        .to_string();
    let line = e
        .lines()
        .find_map(|l| {
            l.split_once("unknown field `zzz`, expected ")
                .map(|(_, rest)| rest)
        })
        .unwrap_or_else(|| panic!("no field list in: {e}"));
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_reference_documents_every_field() {
    let reference =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE)).unwrap();
    let base = "id = \"x\"\ntitle = \"t\"\nversion = \"1\"\n";
    let probes = [
        format!("{base}zzz = 1\n"),
        format!("{base}[[options]]\nid = \"a\"\nname = \"A\"\nzzz = 1\n"),
        format!("{base}[[sections]]\nid = \"s\"\ntitle = \"S\"\nzzz = 1\n"),
        format!("{base}[[questions]]\nzzz = 1\n"),
        format!("{base}[[questions]]\n[[questions.choices]]\nzzz = 1\n"),
        format!("{base}[source]\ntitle = \"T\"\nzzz = 1\n"),
    ];
    for probe in &probes {
        for field in accepted_fields(probe) {
            assert!(
                reference.contains(&format!("`{field}`")),
                "{REFERENCE} does not document `{field}`"
            );
        }
    }
}
