//! One decision per set of answers: the explorer, plain mode, the record, the JSON and
//! `compare`'s consensus all say the same recommendation, cheapest option, assumed answers,
//! close call and crossovers, because each reads the one `Decision`. Four cases that once
//! disagreed are pinned here, with a plain default case.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tradeoff::answers::Answers;
use tradeoff::model::Model;

/// What every front end must agree on, by option and question ids.
#[derive(Debug, PartialEq)]
struct Said {
    recommended: Option<String>,
    cheapest: Option<String>,
    assumed: Vec<String>,
    close_call: bool,
    crossovers: Vec<(String, String)>,
}

struct Case {
    name: &'static str,
    answers: &'static str,
    /// A price book to replace the bundled one, as a change to its text.
    hours_per_month: Option<u32>,
}

const CASES: [Case; 5] = [
    Case {
        name: "defaults",
        answers: "",
        hours_per_month: None,
    },
    // Fargate and Autopilot are excluded: Standard is the only eligible option, so no crossover
    // between the excluded two may be named.
    Case {
        name: "privileged",
        answers: "privileged = \"yes\"\n",
        hours_per_month: None,
    },
    // `gpu_count` is hidden by `gpu = no`: not applicable, never assumed.
    Case {
        name: "hidden",
        answers: "gpu = \"no\"\n",
        hours_per_month: None,
    },
    // The peak's default (4) is raised to the replicas (10): every front end shows 10.
    Case {
        name: "floor",
        answers: "replicas = 10\n",
        hours_per_month: None,
    },
    // A month of 720 hours: the record says so, as every bill line uses it.
    Case {
        name: "720 hours",
        answers: "services = 2\n",
        hours_per_month: Some(720),
    },
];

fn book_text(hours: Option<u32>) -> String {
    let text = tradeoff::pricing::BUILTIN.to_owned();
    match hours {
        Some(h) => text.replace("hours_per_month = 730", &format!("hours_per_month = {h}")),
        None => text,
    }
}

fn model(hours: Option<u32>) -> Model {
    Model::new(
        tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::parse("book.toml", &book_text(hours)).unwrap(),
    )
}

fn answers_text(case: &Case) -> String {
    format!(
        "questionnaire = \"fargate-vs-gke\"\n[answers]\n{}",
        case.answers
    )
}

fn id(m: &Model, o: Option<usize>) -> Option<String> {
    o.map(|o| m.questionnaire.options[o].id.clone())
}

fn name_to_id(m: &Model, name: &str) -> String {
    m.questionnaire
        .options
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no option named {name}"))
        .id
        .clone()
}

/// The truth: the library's one decision.
fn decided(m: &Model, a: &Answers) -> Said {
    let d = m.decide(a);
    Said {
        recommended: id(m, d.recommended()),
        cheapest: id(m, d.cheapest()),
        assumed: d
            .assumed()
            .iter()
            .map(|&i| m.questionnaire.questions[i].id.clone())
            .collect(),
        close_call: d.close_call(),
        crossovers: d.curve.as_ref().map_or_else(Vec::new, |c| {
            c.crossovers
                .iter()
                .map(|x| (id(m, Some(x.from)).unwrap(), id(m, Some(x.to)).unwrap()))
                .collect()
        }),
    }
}

/// What `recommendation.json` says.
fn from_json(json: &Value) -> Said {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    Said {
        recommended: json["recommended"].as_str().map(str::to_owned),
        cheapest: json["cheapest"].as_str().map(str::to_owned),
        assumed: strings(&json["assumed"]),
        close_call: json["why"]["close_call"].as_bool().unwrap(),
        crossovers: json["break_even"]["crossovers"]
            .as_array()
            .map_or_else(Vec::new, |xs| {
                xs.iter()
                    .map(|x| {
                        (
                            x["cheapest_below"].as_str().unwrap().to_owned(),
                            x["cheapest_above"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            }),
    }
}

/// What the decision record says, read as a person reads it.
fn from_record(m: &Model, md: &str) -> Said {
    let q = &m.questionnaire;
    let chosen = md
        .lines()
        .find_map(|l| l.strip_prefix("Chosen option: \""))
        .and_then(|rest| rest.split('"').next())
        .map(|name| name_to_id(m, name));
    let cheapest = q
        .options
        .iter()
        .find(|o| {
            md.split(&format!("### {}\n", o.name))
                .nth(1)
                .is_some_and(|section| {
                    section
                        .split("\n### ")
                        .next()
                        .unwrap_or("")
                        .contains("it is the cheapest eligible option")
                })
        })
        .map(|o| o.id.clone());
    let assumptions = md
        .split("### Assumptions\n")
        .nth(1)
        .map_or("", |rest| rest.split("\n### ").next().unwrap_or(""));
    let assumed = q
        .questions
        .iter()
        .filter(|question| assumptions.contains(&format!("* {}: ", question.driver)))
        .map(|question| question.id.clone())
        .collect();
    let break_even = md
        .split("### Break-even\n")
        .nth(1)
        .map_or("", |rest| rest.split("\n### ").next().unwrap_or(""));
    let crossovers = break_even
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once("the cheapest option changes from ")?;
            let (from, to) = rest.trim_end_matches('.').split_once(" to ")?;
            Some((name_to_id(m, from), name_to_id(m, to)))
        })
        .collect::<Vec<_>>();
    Said {
        recommended: chosen,
        cheapest,
        assumed,
        close_call: md.contains("**This is a close call**"),
        crossovers,
    }
}

fn write_case(dir: &Path, case: &Case) -> (std::path::PathBuf, std::path::PathBuf) {
    let answers = dir.join("answers.toml");
    std::fs::write(&answers, answers_text(case)).unwrap();
    let book = dir.join("book.toml");
    std::fs::write(&book, book_text(case.hours_per_month)).unwrap();
    (answers, book)
}

/// The bundle `report` writes, and `compare`'s consensus bundle; returns the JSON.
fn check_files(m: &Model, case: &Case, dir: &Path, truth: &Said) -> Value {
    let (answers_file, book) = write_case(dir, case);
    let tmp = dir;
    // The bundle `report` writes: the JSON and the record.
    let out = tmp.join("bundle");
    Command::cargo_bin("tradeoff")
        .unwrap()
        .args(["report", "--answers"])
        .arg(&answers_file)
        .arg("--pricing")
        .arg(&book)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let json = common::recommendation(&out);
    assert_eq!(
        from_json(&json),
        *truth,
        "{}: recommendation.json",
        case.name
    );
    let md = std::fs::read_to_string(out.join("recommendation.md")).unwrap();
    let record = from_record(m, &md);
    assert_eq!(
        record.recommended, truth.recommended,
        "{}: record",
        case.name
    );
    assert_eq!(
        record.assumed, truth.assumed,
        "{}: record's assumptions",
        case.name
    );
    assert_eq!(record.close_call, truth.close_call, "{}: record", case.name);
    assert_eq!(
        record.crossovers, truth.crossovers,
        "{}: record's break-even",
        case.name
    );
    if truth.recommended != truth.cheapest {
        assert_eq!(
            record.cheapest, truth.cheapest,
            "{}: record's cheapest",
            case.name
        );
    }
    let month = m.prices.hours_per_month;
    assert!(
        md.contains(&format!("A month is {month} hours")),
        "{}: the record's month",
        case.name
    );

    // `compare` of two copies of the answers: its consensus bundle says the same.
    let copy = tmp.join("copy.toml");
    std::fs::copy(&answers_file, &copy).unwrap();
    let room = tmp.join("room");
    Command::cargo_bin("tradeoff")
        .unwrap()
        .arg("compare")
        .arg(&answers_file)
        .arg(&copy)
        .arg("--pricing")
        .arg(&book)
        .arg("--out")
        .arg(&room)
        .assert()
        .success();
    let consensus = common::recommendation(&room.join("consensus"));
    assert_eq!(
        from_json(&consensus),
        *truth,
        "{}: compare's consensus",
        case.name
    );

    json
}

/// The explorer: its header, its cost panel's cheapest mark and its review.
fn check_explorer(m: &Model, a: &Answers, case: &Case, truth: &Said) {
    // The explorer: its header, its cost panel's cheapest mark and its review.
    let mut app = tradeoff::tui::app::App::new(m.clone(), a.clone(), "out".into());
    app.today = jiff::civil::date(2026, 12, 7);
    let screen = common::screen(&mut app, 120, 40);
    let header = screen.lines().next().unwrap();
    match &truth.recommended {
        Some(o) => {
            let option = &m.questionnaire.options[m.questionnaire.option_index(o).unwrap()];
            assert!(
                header.contains(&format!("leading: {}", option.name))
                    || header.contains(&format!("★ {}", option.short)),
                "{}: {header}",
                case.name
            );
        }
        None => panic!("{}: every case recommends an option", case.name),
    }
    let cheapest_line = screen.lines().find(|l| l.contains("◀ cheapest"));
    match &truth.cheapest {
        Some(o) => {
            let name = &m.questionnaire.options[m.questionnaire.option_index(o).unwrap()].name;
            assert!(
                cheapest_line.is_some_and(|l| l.contains(name.as_str())),
                "{}: cost panel {cheapest_line:?}",
                case.name
            );
        }
        None => assert!(cheapest_line.is_none(), "{}", case.name),
    }
    app.mode = tradeoff::tui::app::Mode::Review { cursor: 0 };
    let review = common::screen(&mut app, 120, 40);
    assert!(
        review.contains(&if truth.assumed.is_empty() {
            "every one given".to_owned()
        } else {
            format!("{} still assumed)", truth.assumed.len())
        }),
        "{}: {review}",
        case.name
    );
    assert_eq!(
        review.contains("a close call"),
        truth.close_call,
        "{}: review",
        case.name
    );
}

/// Plain mode: its prompts show the values the engine scores, and its end says the same.
fn check_plain(m: &Model, a: &Answers, case: &Case, truth: &Said, json: &Value, dir: &Path) {
    let tmp = dir;
    // Plain mode: its prompts show the values the engine scores, and its end says the same.
    let mut plain = tradeoff::plain::Plain {
        model: m.clone(),
        answers: a.clone(),
        out_dir: tmp.join("plain"),
        on_change: Box::new(|_, _| {}),
        echo: true,
        scenarios: Vec::new(),
    };
    let mut text = Vec::new();
    plain
        .run(
            &mut std::io::Cursor::new("\n".repeat(40) + "q\n\n"),
            &mut text,
        )
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    let name = |o: &Option<String>| {
        let o = o.as_ref().unwrap();
        m.questionnaire.options[m.questionnaire.option_index(o).unwrap()]
            .name
            .clone()
    };
    assert!(
        text.contains(&format!("Recommended: {},", name(&truth.recommended))),
        "{}: {text}",
        case.name
    );
    assert!(
        text.contains(&format!("Still assumed ({}):", truth.assumed.len())),
        "{}: plain's assumptions",
        case.name
    );
    let peak = json["answers"]["peak_replicas"].as_f64().unwrap();
    let prompt = text
        .split("How many replicas does each service need at peak?  [peak_replicas]\n")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_default();
    assert!(
        prompt.ends_with(&format!("[{peak} replicas]")),
        "{}: plain shows the peak the engine prices ({peak}): {prompt}",
        case.name
    );
}

#[test]
fn every_front_end_says_what_the_one_decision_says() {
    for case in &CASES {
        let tmp = tempfile::tempdir().unwrap();
        let m = model(case.hours_per_month);
        let a = Answers::parse(&m.questionnaire, "answers.toml", &answers_text(case)).unwrap();
        let truth = decided(&m, &a);
        let json = check_files(&m, case, tmp.path(), &truth);
        check_explorer(&m, &a, case, &truth);
        check_plain(&m, &a, case, &truth, &json, tmp.path());
    }
}

#[test]
fn the_four_disagreements_stay_fixed() {
    let m = model(None);
    let parse = |text: &str| {
        Answers::parse(
            &m.questionnaire,
            "a.toml",
            &format!("questionnaire = \"fargate-vs-gke\"\n[answers]\n{text}"),
        )
        .unwrap()
    };
    // Privileged: only Standard is eligible, so it is the cheapest and nothing crosses over.
    let d = m.decide(&parse("privileged = \"yes\"\n"));
    assert_eq!(id(&m, d.cheapest()).as_deref(), Some("gke-standard"));
    assert!(d.curve.as_ref().unwrap().crossovers.is_empty());
    // Hidden: not applicable, and so not assumed.
    let d = m.decide(&parse(""));
    let gpu_count = m.questionnaire.question_index("gpu_count").unwrap();
    assert!(d.not_applicable().contains(&gpu_count));
    assert!(!d.assumed().contains(&gpu_count));
    // The floor: the assumed peak follows the replicas, in the bill and in the answers.
    let a = parse("replicas = 10\n");
    let peak = m.questionnaire.question_index("peak_replicas").unwrap();
    assert_eq!(
        a.effective(&m.questionnaire, peak),
        tradeoff::value::Value::Number(10.0)
    );
    // 720 hours: every bill line and the month agree.
    let m720 = model(Some(720));
    let d = m720.decide(&parse(""));
    for cost in d.assessment.costs.iter().flatten().flatten() {
        assert!(
            cost.items.iter().all(|i| !i.detail.contains("730")),
            "{cost:?}"
        );
    }
}
