//! The recommendation bundle: every file rendered to a string by pure functions, then written
//! together by [`write_bundle`].

mod app;
pub mod comparison;
mod deploy;
pub mod ecs;
pub mod flip_text;
mod json;
pub mod k8s;
mod markdown;
mod names;
pub(crate) mod swap;

pub(crate) use app::AppSpec;
pub(crate) use json::recommendation;

use crate::answers::Answers;
use crate::model::{Assessment, Model};
use crate::questionnaire::{Artifact, CostModel};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Which deployable samples to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Artifacts {
    /// Only the recommended option's (an ECS task definition, or Kubernetes manifests).
    #[default]
    Recommended,
    /// Both, whatever wins.
    All,
}

/// Everything a bundle is made from.
pub(crate) struct Inputs<'a> {
    pub model: &'a Model,
    pub answers: &'a Answers,
    /// What the answers decide: every file reads it, none works anything out again.
    pub decision: &'a crate::model::Decision,
    /// Saved scenarios to compare with the answers in the record (the explorer's `s`).
    pub scenarios: &'a [(String, Answers)],
    /// For a room's consensus: the comparison it came from, which the record reports.
    pub room: Option<&'a crate::compare::Comparison>,
    pub artifacts: Artifacts,
    /// RFC 3339; the only thing that differs between two runs on the same answers.
    pub generated_at: String,
}

/// The bundle's files, relative to the output folder, with their contents.
///
/// # Errors
/// Answers that a target of the samples would refuse (each named, with what is valid), a task
/// definition above ECS's size limit, or a template or serialization failure (neither happens
/// for valid input).
pub(crate) fn render(inputs: &Inputs<'_>) -> Result<Vec<(PathBuf, String)>> {
    let rec = recommendation(inputs);
    let app = AppSpec::from_answers(inputs.model, &inputs.decision.assessment)
        .map_err(anyhow::Error::msg)?;
    let (mut samples, mut listed) = answers_files(&inputs.model.questionnaire);
    let caveats = ecs_caveats(inputs);
    let mut warnings = Vec::new();
    if let Some(app) = &app {
        let plan = plan(inputs);
        let winner_artifact = inputs
            .decision
            .assessment
            .evaluation
            .recommended
            .map(|o| inputs.model.questionnaire.options[o].artifact);
        let ecs_part = plan.ecs.then(|| deploy::EcsPart {
            recommended: winner_artifact == Some(Artifact::Ecs),
            caveats: caveats.clone(),
        });
        if ecs_part.is_some() {
            let task = json(&ecs::task_definition(app));
            if task.len() > ecs::MAX_TASK_DEFINITION_BYTES {
                bail!(
                    "ecs/task-definition.json would be {} bytes, above the {} bytes ECS accepts: shorten the env values or move them to a secret",
                    task.len(),
                    ecs::MAX_TASK_DEFINITION_BYTES
                );
            }
            samples.push(("ecs/task-definition.json".into(), task));
            samples.push(("ecs/service.json".into(), json(&ecs::service(app))));
            samples.push(("ecs/trust-policy.json".into(), json(&ecs::trust_policy())));
            if app.storage == app::Storage::BlockVolumes {
                samples.push((
                    "ecs/infrastructure-trust-policy.json".into(),
                    json(&ecs::infrastructure_trust_policy()),
                ));
            }
            if let Some((target, policy)) = ecs::scaling(app) {
                samples.push(("ecs/scaling-target.json".into(), json(&target)));
                samples.push(("ecs/scaling-policy.json".into(), json(&policy)));
            }
            listed.push(listed_file(
                "ecs/",
                "the ECS requests: task definition, service, the roles' trust policy and, when the peak is above the average, Application Auto Scaling; DEPLOY.md says how to use them",
            ));
            // Only `--artifacts all` writes ECS files for an option the answers rule out.
            warnings.extend(caveats.iter().cloned());
        }
        let gke_part = match plan.k8s {
            Some((flavor, option)) => {
                let mut names = Vec::new();
                for (name, yaml) in k8s::manifests(app, flavor)? {
                    samples.push((PathBuf::from("k8s").join(&name), yaml));
                    names.push(name);
                }
                listed.push(listed_file(
                    "k8s/",
                    "the Kubernetes manifests: `kubectl apply -f k8s/` once the cluster exists (DEPLOY.md)",
                ));
                Some(deploy::GkePart {
                    recommended: inputs.decision.assessment.evaluation.recommended == Some(option),
                    flavor,
                    // The pool recommendation.json reports, so that the two cannot differ.
                    pool: rec.options[option].node_pool.clone(),
                    files: names,
                })
            }
            None => None,
        };
        if ecs_part.is_some() || gke_part.is_some() {
            samples.push(("DEPLOY.md".into(), deploy::render(app, ecs_part, gke_part)?));
            listed.insert(
                0,
                listed_file(
                    "DEPLOY.md",
                    "the commands, in order, from nothing to running (GKE Standard's node pool as priced)",
                ),
            );
        }
    }
    let md = markdown::render(inputs, app.as_ref(), &warnings, listed)?;
    let json_text = serde_json::to_string_pretty(&rec)? + "\n";
    let mut files = vec![
        (PathBuf::from("recommendation.md"), md),
        (PathBuf::from("recommendation.json"), json_text),
        (
            PathBuf::from("answers.toml"),
            inputs.answers.to_toml(&inputs.model.questionnaire),
        ),
    ];
    files.extend(samples);
    Ok(files)
}

/// What every bundle lists beside the record, and the copy of a questionnaire read from a
/// file, which travels with its answers so that they replay.
fn answers_files(
    q: &crate::questionnaire::Questionnaire,
) -> (Vec<(PathBuf, String)>, Vec<markdown::Artifact>) {
    let mut files = Vec::new();
    let mut listed = vec![
        listed_file("recommendation.json", "the same result, machine-readable"),
        listed_file(
            "answers.toml",
            &format!("the answers; `{}` replays them", replay_command(q)),
        ),
    ];
    if let Some(text) = &q.file_text {
        files.push((PathBuf::from(QUESTIONNAIRE_FILE), text.clone()));
        listed.push(listed_file(
            QUESTIONNAIRE_FILE,
            "the questionnaire the answers belong to, as it was read",
        ));
    }
    (files, listed)
}

/// Why Fargate cannot run the workload as answered: the ECS option's hard constraints.
fn ecs_caveats(inputs: &Inputs<'_>) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    let e = &inputs.decision.assessment.evaluation;
    (0..q.options.len())
        .filter(|&o| q.options[o].artifact == Artifact::Ecs)
        .flat_map(|o| &e.options[o].exclusions)
        .map(|x| {
            format!(
                "The ECS files are a starting point only: Fargate cannot run this workload as answered ({}: {}).",
                q.questions[x.question].driver, x.reason
            )
        })
        .collect()
}

/// The template environment for markdown files: block tags take their own lines, and a `cell`
/// filter keeps a '|' or a line break in user text from breaking a table.
///
/// # Errors
/// Never for these settings; the type is minijinja's.
pub(crate) fn markdown_env() -> Result<minijinja::Environment<'static>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.add_filter("cell", |s: String| {
        s.replace('|', "\\|").replace(['\n', '\r'], " ")
    });
    env.add_filter("sh", |s: String| shell_word(&s));
    env.add_filter("md", |s: String| markdown_text(&s));
    Ok(env)
}

/// A name a person typed (a scenario, a participant's file), as literal Markdown text: the
/// characters Markdown would read as markup are escaped, so a name shows as typed and can make
/// no link, image, heading or emphasis of its own.
pub(crate) fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::clean(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `s` as one shell word: as it is when it holds only characters no shell treats specially,
/// else in single quotes (a `'` inside becomes `'\''`). DEPLOY.md's commands interpolate
/// every value through it, so no value can run a command of its own.
pub(crate) fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._/:@%+=,-".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn listed_file(path: &str, what: &str) -> markdown::Artifact {
    markdown::Artifact {
        path: path.to_owned(),
        what: what.to_owned(),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Plain structs of strings and numbers always serialize.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Which samples to write: ECS or not, and which Kubernetes flavour for which option.
struct Plan {
    ecs: bool,
    k8s: Option<(k8s::Flavor, usize)>,
}

fn plan(inputs: &Inputs<'_>) -> Plan {
    let q = &inputs.model.questionnaire;
    let e = &inputs.decision.assessment.evaluation;
    let flavor_of = |o: usize| match q.options[o].cost_model {
        Some(CostModel::GkeAutopilot) => (k8s::Flavor::Autopilot, o),
        _ => (k8s::Flavor::Standard, o),
    };
    let winner = e.recommended.map(|o| (o, q.options[o].artifact));
    match inputs.artifacts {
        Artifacts::Recommended => match winner {
            Some((_, Artifact::Ecs)) => Plan {
                ecs: true,
                k8s: None,
            },
            Some((o, Artifact::Kubernetes)) => Plan {
                ecs: false,
                k8s: Some(flavor_of(o)),
            },
            _ => Plan {
                ecs: false,
                k8s: None,
            },
        },
        Artifacts::All => {
            let k8s = match winner {
                Some((o, Artifact::Kubernetes)) => Some(flavor_of(o)),
                // The best-scoring Kubernetes option that is not excluded.
                _ => e
                    .ranked()
                    .into_iter()
                    .find(|&o| q.options[o].artifact == Artifact::Kubernetes)
                    .map(flavor_of),
            };
            Plan { ecs: true, k8s }
        }
    }
}

/// Why a bundle was not written: the folder already holds files and `force` was not given.
/// Front ends ask before replacing: they find this error in the chain, show what replacing
/// would do (`plan`), and offer to force.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}: the folder is not empty; pass --force to replace the bundle's files in it (other files are left alone){}",
    .dir.display(),
    plan_text(.plan)
)]
pub(crate) struct FolderNotEmpty {
    pub dir: PathBuf,
    /// What replacing would remove and set aside, in lines (see [`swap::Plan::lines`]).
    pub plan: Vec<String>,
}

/// What `--force` would do, a line each, for [`FolderNotEmpty`]'s message.
fn plan_text(plan: &[String]) -> String {
    plan.iter()
        .map(|l| format!("\n  --force {l}"))
        .collect::<Vec<_>>()
        .concat()
}

/// A bundle written: its files, and what the write did to what was there.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub files: Vec<PathBuf>,
    pub plan: swap::Plan,
}

impl Written {
    /// "wrote PATH" for each file, then what else the write did (removed, kept aside).
    #[must_use]
    pub(crate) fn lines(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|p| format!("wrote {}", p.display()))
            .chain(self.plan.lines(true))
            .collect()
    }
}

/// What a bundle is made for: the answers, and what the record sets beside them.
pub(crate) struct Subject<'a> {
    pub model: &'a Model,
    pub answers: &'a Answers,
    /// Saved scenarios the record compares the answers with.
    pub scenarios: &'a [(String, Answers)],
    /// For a room's consensus: the comparison it came from.
    pub room: Option<&'a crate::compare::Comparison>,
    pub artifacts: Artifacts,
}

/// Renders the bundle's files for `subject`, stamped with the time now, and the assessment they
/// were made from.
///
/// # Errors
/// See [`render`].
pub(crate) fn files_for(subject: &Subject<'_>) -> Result<(Assessment, Vec<(PathBuf, String)>)> {
    let Subject {
        model,
        answers,
        scenarios,
        room,
        artifacts,
    } = *subject;
    let decision = model.decide(answers);
    let files = render(&Inputs {
        model,
        answers,
        decision: &decision,
        scenarios,
        room,
        artifacts,
        generated_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)?
            .to_string(),
    })?;
    Ok((decision.assessment, files))
}

pub(crate) use crate::answers::{QUESTIONNAIRE_FILE, replay_command};

/// Each eligible option that could not be priced, "name (why)": what the record's outcome and
/// `recommendation.json` say when cost was left out of the score.
pub(crate) fn cost_left_out(inputs: &Inputs<'_>) -> Vec<String> {
    let q = &inputs.model.questionnaire;
    inputs
        .decision
        .assessment
        .cost_left_out()
        .into_iter()
        .map(|(o, why)| format!("{} ({why})", q.options[o].name))
        .collect()
}

/// Renders the bundle for `subject` and writes it into `out` (see [`write_bundle`]): the one
/// way every front end exports. Returns the assessment it was made from and the files written.
///
/// # Errors
/// [`FolderNotEmpty`] when `out` holds files and not `force`; a render or write failure.
pub(crate) fn bundle(
    subject: &Subject<'_>,
    out: &Path,
    force: bool,
) -> Result<(Assessment, Written)> {
    let (assessment, files) = files_for(subject)?;
    let written = write_bundle(out, &files, force)?;
    Ok((assessment, written))
}

/// Writes a rendered bundle into `out`. A folder that already holds files is refused unless
/// `force`; then the earlier bundle's files are replaced or removed and nothing else is: see
/// [`swap`]. All files land, or none do.
///
/// # Errors
/// A refused overwrite, or the file that could not be written and why.
pub(crate) fn write_bundle(
    out: &Path,
    files: &[(PathBuf, String)],
    force: bool,
) -> Result<Written> {
    let rels: Vec<PathBuf> = files.iter().map(|(rel, _)| rel.clone()).collect();
    if out.exists() {
        if !out.is_dir() {
            bail!(
                "{}: exists and is not a folder; choose a folder for the bundle",
                out.display()
            );
        }
        let non_empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
        if non_empty && !force {
            return Err(FolderNotEmpty {
                dir: out.to_path_buf(),
                plan: swap::plan(out, &rels)?.lines(false),
            }
            .into());
        }
    }
    let bytes: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(rel, text)| (rel.clone(), text.as_bytes().to_vec()))
        .collect();
    let plan = swap::write(out, &bytes)?;
    Ok(Written {
        files: rels.iter().map(|rel| out.join(rel)).collect(),
        plan,
    })
}

#[cfg(test)]
mod shell_tests {
    use super::shell_word;

    #[test]
    fn a_shell_word_is_bare_when_safe_and_single_quoted_otherwise() {
        assert_eq!(shell_word("us-central1"), "us-central1");
        assert_eq!(
            shell_word("europe-docker.pkg.dev/p/app:1.2"),
            "europe-docker.pkg.dev/p/app:1.2"
        );
        assert_eq!(shell_word("$(touch x)"), "'$(touch x)'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a b;c"), "'a b;c'");
    }
}

#[cfg(test)]
mod markdown_tests {
    use super::markdown_text;

    #[test]
    fn a_typed_name_makes_no_markup() {
        assert_eq!(markdown_text("plain name-1"), "plain name-1");
        assert_eq!(
            markdown_text("[click](http://x) **b** <script>"),
            "\\[click\\](http://x) \\*\\*b\\*\\* \\<script\\>"
        );
        assert_eq!(markdown_text("a\u{1b}[2J"), "a\u{FFFD}\\[2J");
    }
}
