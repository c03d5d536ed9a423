//! A large generated questionnaire, for scale tests and benchmarks: `questions` questions in
//! `sections` sections, mixing every kind, with `show_if` conditions, and the default
//! questionnaire's cost, sizing and deployment questions so the cost models run too.

use std::fmt::Write;

/// The TOML text of a generated questionnaire. Deterministic.
#[must_use]
pub fn synthetic(questions: usize, sections: usize) -> String {
    let base = super::BUILTIN[0].2;
    // The GPU count shows only with a `gpu` answer, which this questionnaire has not.
    let tail = base[base
        .find("[[questions]]\nid = \"cost_importance\"")
        .unwrap_or(base.len())..]
        .replace("show_if = \"gpu == 'yes'\"\n", "");
    let tail = tail.as_str();
    let mut s = String::from(
        "id = \"synthetic\"\ntitle = \"Generated\"\nversion = \"1\"\n\n\
         [[options]]\nid = \"ecs-fargate\"\nname = \"Fargate\"\nartifact = \"ecs\"\ncost_model = \"fargate\"\n\n\
         [[options]]\nid = \"gke-autopilot\"\nname = \"Autopilot\"\nartifact = \"kubernetes\"\ncost_model = \"gke-autopilot\"\n\n\
         [[options]]\nid = \"gke-standard\"\nname = \"Standard\"\nartifact = \"kubernetes\"\ncost_model = \"gke-standard\"\n\n",
    );
    for sec in 0..sections {
        let _ = write!(
            s,
            "[[sections]]\nid = \"s{sec}\"\ntitle = \"Section {sec}\"\n\n"
        );
    }
    for id in ["cost", "sizing", "deployment"] {
        let _ = write!(s, "[[sections]]\nid = \"{id}\"\ntitle = \"{id}\"\n\n");
    }
    let per_section = questions.div_ceil(sections.max(1));
    let mut last_choice: Option<usize> = None;
    for i in 0..questions {
        let sec = i / per_section.max(1);
        let _ = write!(
            s,
            "[[questions]]\nid = \"q{i}\"\nsection = \"s{sec}\"\nprompt = \"Generated question {i}?\"\nhelp = \"Help for question {i}.\"\n"
        );
        if i % 7 == 6
            && let Some(c) = last_choice
        {
            let _ = writeln!(s, "show_if = \"q{c} != 'c2'\"");
        }
        match i % 10 {
            0..=6 => {
                let _ = write!(s, "kind = \"choice\"\ndefault = \"c0\"\nchoices = [\n");
                for c in 0..3 {
                    let (a, b, d) = ((i + c) % 5, (i * 3 + c) % 7, (i * 5 + c) % 4);
                    let _ = writeln!(
                        s,
                        "  {{ id = \"c{c}\", label = \"Choice {c}\", points = {{ ecs-fargate = {a}, gke-autopilot = {b}, gke-standard = {d} }} }},"
                    );
                }
                s.push_str("]\n");
                last_choice = Some(i);
            }
            7 => {
                let _ = write!(s, "kind = \"multi\"\nchoices = [\n");
                for c in 0..4 {
                    let _ = writeln!(
                        s,
                        "  {{ id = \"m{c}\", label = \"Pick {c}\", points = {{ gke-standard = {} }} }},",
                        c % 3
                    );
                }
                s.push_str("]\n");
            }
            8 => {
                let _ = write!(
                    s,
                    "kind = \"number\"\ndefault = 5\nmin = 0\nmax = 100\ninteger = true\n"
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "kind = \"text\"\ndefault = \"x\"\npattern = \"[a-z]+\"\n"
                );
            }
        }
        s.push('\n');
    }
    s.push_str(tail);
    s
}
