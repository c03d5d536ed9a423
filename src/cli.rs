//! The command line: clap definitions and the headless commands. `main.rs` only calls [`run`].

mod questions;

use crate::answers::Answers;
use crate::diagnostic::Diagnostics;
use crate::model::Model;
use crate::questionnaire::{self, Questionnaire};
use crate::report;
use anyhow::{Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) const DEFAULT_QUESTIONNAIRE: &str = questionnaire::DEFAULT;

#[derive(Debug, Parser)]
#[command(
    name = "tradeoff",
    version,
    about = "Explore a platform decision: AWS ECS on Fargate vs GKE, scored and explained",
    long_about = None,
    args_conflicts_with_subcommands = true,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub explore: ExploreArgs,
}

/// With no subcommand: the interactive explorer.
#[derive(Debug, clap::Args)]
pub struct ExploreArgs {
    /// A bundled questionnaire id or a questionnaire file [default: fargate-vs-gke, or the
    /// resumed session's].
    #[arg(short, long, value_name = "Q")]
    pub questionnaire: Option<String>,
    /// Pre-fill the answers from an answers file.
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub answers: Option<PathBuf>,
    /// A price book replacing the bundled list prices.
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
    /// The folder the export dialog offers [default: ./tradeoff-DATE].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Restore the last session (answers are saved as you go), or an earlier one kept in FILE.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub resume: Option<Option<PathBuf>>,
    /// Load an answers file as a scenario to compare (repeat for each participant's file).
    #[arg(long = "scenario", value_name = "FILE")]
    pub scenarios: Vec<PathBuf>,
    /// Line-by-line prompts instead of the full-screen explorer (also when ACCESSIBLE is set, or
    /// without a terminal).
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate questionnaires, answers files or price books: OK per file, or every problem found.
    Check {
        /// Files to check (.toml); each kind is recognised by its contents.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The questionnaire answers files are checked against: a bundled id or a questionnaire
        /// file [default: the one each answers file names].
        #[arg(short, long, value_name = "Q")]
        questionnaire: Option<String>,
    },
    /// List the questions: ids, kinds, choices, ranges and defaults (what an answers file may say).
    Questions {
        /// A bundled questionnaire id or a questionnaire file.
        #[arg(short, long, value_name = "Q", default_value = DEFAULT_QUESTIONNAIRE)]
        questionnaire: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Score an answers file and write the recommendation bundle, without the explorer.
    Report {
        /// The answers file (TOML).
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// The folder to write the bundle into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A bundled questionnaire id or a questionnaire file [default: the one the answers name,
        /// else fargate-vs-gke].
        #[arg(short, long, value_name = "Q")]
        questionnaire: Option<String>,
        /// A price book replacing the bundled list prices (a company's negotiated rates).
        #[arg(long, value_name = "FILE")]
        pricing: Option<PathBuf>,
        /// Which deployable samples to write.
        #[arg(long, value_enum, default_value_t = report::Artifacts::Recommended)]
        artifacts: report::Artifacts,
        /// Replace the bundle's files in a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Several answers files side by side (one per participant): results, disagreements, consensus.
    Compare {
        /// Answers files, two or more.
        #[arg(required = true, num_args = 2.., value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A bundled questionnaire id or a questionnaire file [default: the one the answers name].
        #[arg(short, long, value_name = "Q")]
        questionnaire: Option<String>,
        /// A price book replacing the bundled list prices.
        #[arg(long, value_name = "FILE")]
        pricing: Option<PathBuf>,
        /// Also write comparison.md and comparison.json into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace comparison.md and comparison.json in a folder that is not empty.
        #[arg(long)]
        force: bool,
        /// Fit the text to this many columns [default: the terminal's width, else 100].
        #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
        width: Option<u16>,
    },
    /// A live workshop: participants join over SSH and answer; this screen tallies the room.
    Room(crate::room::Args),
    /// Price books: refresh one from the providers' own price lists.
    #[command(subcommand)]
    Prices(PricesCommand),
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Write a new price book from AWS's price list files and Spot feed, and Google's Cloud
    /// Billing Catalog (with `GCP_BILLING_API_KEY`); figures that cannot be read are kept.
    Refresh {
        /// The new price book [default: ./pricing-DATE.toml]. Never the base book itself.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The pricing regions to read.
        #[arg(long, value_delimiter = ',', default_values = ["us", "eu", "asia"], value_parser = ["us", "eu", "asia"])]
        regions: Vec<String>,
        /// Read the providers' files from this folder instead of the network (aws/, aws-spot/,
        /// gcp/, laid out as the servers' paths).
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The price book to start from [default: the bundled one].
        #[arg(long, value_name = "FILE")]
        pricing: Option<PathBuf>,
        /// Replace --out when it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs a parsed command line. Errors are the caller's to print; they mean exit code 1.
///
/// # Errors
/// Invalid input, a refused overwrite, or a failed write.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => explore(&cli.explore),
        Some(Command::Prices(PricesCommand::Refresh {
            out,
            regions,
            from,
            pricing,
            force,
        })) => prices_refresh(&PricesArgs {
            out: out.as_deref(),
            regions: &regions,
            from: from.as_deref(),
            pricing: pricing.as_deref(),
            force,
        }),
        Some(Command::Compare {
            files,
            questionnaire,
            pricing,
            out,
            force,
            width,
        }) => compare_cmd(
            &files,
            questionnaire.as_deref(),
            pricing.as_deref(),
            out.as_deref(),
            force,
            width,
        ),
        Some(Command::Check {
            files,
            questionnaire,
        }) => check(&files, questionnaire.as_deref()),
        Some(Command::Room(args)) => crate::room::run(&args),
        Some(Command::Questions {
            questionnaire,
            format,
        }) => {
            let q = questionnaire::resolve(&questionnaire)?;
            let text = match format {
                Format::Text => questions::text(&q),
                Format::Json => questions::json(&q),
            };
            say(format_args!("{text}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report {
            answers,
            out,
            questionnaire,
            pricing,
            artifacts,
            force,
        }) => report_cmd(&ReportArgs {
            answers: &answers,
            out: &out,
            questionnaire: questionnaire.as_deref(),
            pricing: pricing.as_deref(),
            artifacts,
            force,
        }),
    }
}

fn check(files: &[PathBuf], q_arg: Option<&str>) -> Result<ExitCode> {
    let mut failed = 0;
    for path in files {
        match check_one(path, q_arg) {
            Ok(summary) => say(format_args!(
                "{}: OK ({})\n",
                crate::text::clean(&path.display().to_string()),
                crate::text::clean(&summary)
            ))?,
            Err(e) => {
                failed += 1;
                eprintln!("{}", error_text(&e));
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failed} of {} file(s) have problems", files.len());
        ExitCode::from(1)
    })
}

/// Writes a command's output. Closed standard output (`| head`) comes back as an io error,
/// which `main` ends on quietly ([`closed_pipe`]).
fn say(args: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)?;
    out.flush()
}

/// Whether an error is standard output closing early, as `head` closes it: not a failure to
/// report, and never a panic.
#[must_use]
pub fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// What kind of file `check` was given, judged by its top-level keys.
enum FileKind {
    Questionnaire,
    Answers,
    PriceBook,
    /// A TOML file with none of the three kinds' keys: its own top-level keys.
    Unknown(Vec<String>),
}

fn file_kind(text: &str) -> FileKind {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        // Unparseable: the questionnaire loader reports where.
        return FileKind::Questionnaire;
    };
    let any = |keys: &[&str]| keys.iter().any(|k| table.contains_key(*k));
    if !any(&[
        "questions",
        "options",
        "sections",
        "id",
        "answers",
        "weights",
        "questionnaire",
        "hours_per_month",
        "machines",
        "sources",
        "regions",
        "fargate",
    ]) {
        return FileKind::Unknown(table.keys().cloned().collect());
    }
    if table.contains_key("hours_per_month") || table.contains_key("machines") {
        FileKind::PriceBook
    } else if table.contains_key("answers")
        || table.contains_key("weights")
        || (table.contains_key("questionnaire") && !table.contains_key("questions"))
    {
        FileKind::Answers
    } else {
        FileKind::Questionnaire
    }
}

/// Validates one questionnaire, answers file or price book, and says what it holds.
fn check_one(path: &Path, q_arg: Option<&str>) -> Result<String> {
    let shown = path.display().to_string();
    let text = crate::fsio::read_text(path)?;
    Ok(match file_kind(&text) {
        FileKind::Questionnaire => {
            let (q, warnings) = questionnaire::check(&shown, &text)?;
            // Warnings are for the author: the file is valid, so they go with the OK.
            for w in &warnings {
                say(format_args!("{w}\n"))?;
            }
            let noted = match warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            format!(
                "questionnaire {}, {} questions{noted}",
                q.id,
                q.questions.len()
            )
        }
        FileKind::Answers => {
            let (q, answers) = answers_from(path, &text, q_arg)?;
            format!(
                "answers for {}, {} of {} questions answered",
                q.id,
                answers.given_count(),
                q.questions.len()
            )
        }
        FileKind::Unknown(keys) => anyhow::bail!(
            "{shown}: not a questionnaire, answers file or price book: it has none of their keys (a questionnaire has [[questions]], an answers file [answers], a price book [[machines]]); its top-level keys are {}",
            keys.iter()
                .take(8)
                .map(|k| crate::diagnostic::quote(k))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        FileKind::PriceBook => {
            let book = crate::pricing::parse(&shown, &text)?;
            format!(
                "price book as of {}, {} machine types, {} sources",
                book.as_of,
                book.machines.len(),
                book.sources.len()
            )
        }
    })
}

/// Loads answers for the questionnaire they name (or `q_arg`, or the default).
///
/// # Errors
/// An unreadable file, an unknown questionnaire, or every problem in the answers.
pub(crate) fn load_answers(path: &Path, q_arg: Option<&str>) -> Result<(Questionnaire, Answers)> {
    answers_from(path, &crate::fsio::read_text(path)?, q_arg)
}

/// [`load_answers`] for text already read (a pipe can be read only once).
fn answers_from(path: &Path, text: &str, q_arg: Option<&str>) -> Result<(Questionnaire, Answers)> {
    let named = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("questionnaire")?.as_str().map(str::to_owned));
    let q = match (q_arg, named.as_deref()) {
        (Some(q), _) => questionnaire::resolve(q)?,
        (None, Some(id)) if !questionnaire::is_builtin(id) => beside(path, id)?,
        (None, Some(id)) => questionnaire::builtin(id)?,
        (None, None) => questionnaire::builtin(DEFAULT_QUESTIONNAIRE)?,
    };
    let answers = Answers::parse(&q, &path.display().to_string(), text)?;
    Ok((q, answers))
}

/// The questionnaire an exported bundle keeps beside its answers, when it is the one they name.
///
/// # Errors
/// None there, or one with another id: the message says to pass `-q FILE`.
fn beside(path: &Path, id: &str) -> Result<Questionnaire> {
    let candidate = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(report::QUESTIONNAIRE_FILE);
    let found = candidate
        .is_file()
        .then(|| questionnaire::resolve(&candidate.to_string_lossy()))
        .transpose()?;
    match found {
        Some(q) if q.id == id => Ok(q),
        _ => bail!(
            "{}: names questionnaire {}, which is not bundled and not in {} beside it; pass -q FILE with the questionnaire file (bundled: {})",
            path.display(),
            crate::diagnostic::quote(id),
            report::QUESTIONNAIRE_FILE,
            crate::diagnostic::one_of(
                &questionnaire::BUILTIN
                    .iter()
                    .map(|(i, _, _)| *i)
                    .collect::<Vec<_>>()
            )
        ),
    }
}

struct ReportArgs<'a> {
    answers: &'a Path,
    out: &'a Path,
    questionnaire: Option<&'a str>,
    pricing: Option<&'a Path>,
    artifacts: report::Artifacts,
    force: bool,
}

fn report_cmd(args: &ReportArgs<'_>) -> Result<ExitCode> {
    let (q, answers) = load_answers(args.answers, args.questionnaire)?;
    let model = Model::new(q, crate::pricing::resolve(args.pricing)?);
    let (assessment, written) = report::bundle(
        &report::Subject {
            model: &model,
            answers: &answers,
            scenarios: &[],
            room: None,
            artifacts: args.artifacts,
        },
        args.out,
        args.force,
    )?;
    let q = &model.questionnaire;
    let e = &assessment.evaluation;
    let winner = e
        .recommended
        .map_or("no option: every option is excluded".to_owned(), |o| {
            let cost = assessment.total(o).map_or(String::new(), |t| {
                format!(", {} a month", crate::cost::money(t))
            });
            format!(
                "{} (score {:.1}, ahead by {:.1}{cost})",
                q.options[o].name, e.options[o].score, e.margin
            )
        });
    say(format_args!("Recommended: {winner}\n"))?;
    for line in written.lines() {
        say(format_args!("{}\n", crate::text::clean(&line)))?;
    }
    stale_prices_warning(&model.prices);
    Ok(ExitCode::SUCCESS)
}

struct PricesArgs<'a> {
    out: Option<&'a Path>,
    regions: &'a [String],
    from: Option<&'a Path>,
    pricing: Option<&'a Path>,
    force: bool,
}

/// `prices refresh`: exit 0 when any figure came from a provider's list, 1 when none did.
fn prices_refresh(args: &PricesArgs<'_>) -> Result<ExitCode> {
    use crate::pricing::{Region, refresh};
    let (base_name, base_text) = match args.pricing {
        Some(p) => (p.display().to_string(), crate::fsio::read_text(p)?),
        None => (
            "the bundled price book".to_owned(),
            crate::pricing::BUILTIN.to_owned(),
        ),
    };
    let base = crate::pricing::parse(&base_name, &base_text)?;
    let today = crate::pricing::today();
    let out = args.out.map_or_else(
        || PathBuf::from(format!("pricing-{today}.toml")),
        Path::to_path_buf,
    );
    if let Some(p) = args.pricing
        && same_file(p, &out)
    {
        bail!(
            "{}: the refresh never edits a price book in place; give --out another file",
            out.display()
        );
    }
    if out.exists() && !args.force {
        bail!(
            "{}: already exists; pass --force to replace it, or --out another file",
            out.display()
        );
    }
    let mut regions: Vec<Region> = args
        .regions
        .iter()
        .filter_map(|r| Region::from_id(r))
        .collect();
    regions.dedup();
    let fetcher = match args.from {
        Some(dir) => {
            if !dir.is_dir() {
                bail!("{}: --from needs a folder of price files", dir.display());
            }
            refresh::Fetcher::Dir(dir.to_path_buf())
        }
        None => refresh::Fetcher::from_env(),
    };
    let outcome = refresh::refresh(&fetcher, &base, &base_text, &regions, today)?;
    say(format_args!("{}", outcome.summary()))?;
    if outcome.refreshed() == 0 {
        say(format_args!(
            "Nothing was refreshed: no price book written.\n"
        ))?;
        return Ok(ExitCode::from(1));
    }
    crate::fsio::write_atomic(&out, outcome.text.as_bytes())?;
    say(format_args!(
        "Wrote {} from {base_name}: {} figures changed, {} read again unchanged, {} kept. Check it with `tradeoff check {}`.\n",
        out.display(),
        outcome.changed.len(),
        outcome.confirmed.len(),
        outcome.kept.len(),
        out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Warns on stderr when a provider's prices are `STALE_DAYS` old or more.
fn stale_prices_warning(book: &crate::pricing::PriceBook) {
    for w in book.freshness().warnings(crate::pricing::today()) {
        eprintln!("warning: {w}");
    }
}

fn explore(args: &ExploreArgs) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let accessible = std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty());
    let plain = args.plain
        || accessible
        || !std::io::stdout().is_terminal()
        || !std::io::stdin().is_terminal();
    let Opened {
        q_ref,
        q,
        session_path,
        resumed,
        replaces_another,
    } = open_session(args)?;
    let answers = match (&args.answers, &resumed) {
        (Some(path), _) => load_answers(path, Some(&q_ref))?.1,
        (None, Some(s)) => {
            crate::answers::Answers::parse(&q, &session_path.display().to_string(), &s.answers)?
        }
        (None, None) => crate::answers::Answers::new(&q),
    };
    // A relative questionnaire path is remembered absolute, so --resume works from anywhere.
    let q_ref = if std::path::Path::new(&q_ref).exists() {
        std::fs::canonicalize(&q_ref).map_or(q_ref, |p| p.display().to_string())
    } else {
        q_ref
    };
    let model = Model::new(q, crate::pricing::resolve(args.pricing.as_deref())?);
    let out = args.out.clone().unwrap_or_else(|| {
        let date = jiff::Timestamp::now().strftime("%Y-%m-%d");
        PathBuf::from(format!("tradeoff-{date}"))
    });
    let mut app = crate::tui::app::App::new(model, answers, out);
    let (saver, shared_note) = crate::session::Saver::open(session_path.clone(), replaces_another);
    app.saver = Some(saver);
    if let Some(s) = &resumed {
        for saved in &s.scenarios {
            match crate::answers::Answers::parse(
                &app.model.questionnaire,
                &saved.name,
                &saved.answers,
            ) {
                Ok(a) => app.scenarios.push((crate::text::clean(&saved.name), a)),
                Err(e) => {
                    app.status = Some(format!(
                        "Scenario '{}' could not be restored: {e}",
                        saved.name
                    ));
                }
            }
        }
    }
    if !args.scenarios.is_empty() {
        app.scenarios
            .extend(load_columns_for(&app.model.questionnaire, &args.scenarios)?);
    }
    let options = crate::tui::Options {
        questionnaire_ref: q_ref,
        focus: resumed.map(|s| s.focus),
    };
    // Nothing is written until something changes: a launch that only looks leaves the last
    // session as it was, for `--resume`.
    if app
        .saver
        .as_ref()
        .is_some_and(crate::session::Saver::will_keep)
    {
        app.notice = Some(
            "New session: the last stays what tradeoff --resume opens until you answer".to_owned(),
        );
    }
    // Another explorer on this session: this one saves to a copy, and says so first.
    if let Some(note) = shared_note {
        app.notice = Some(note);
    }
    if let Some(w) = app.model.prices.freshness().warnings(app.today).first() {
        app.status.get_or_insert_with(|| format!("Warning: {w}"));
    }
    if plain {
        return explore_plain(app, &options.questionnaire_ref);
    }
    let app = crate::tui::run(app, &options)?;
    let (answered, shown) = app.resolved().progress();
    let (line, code) = exit_line(app.saver.as_ref(), answered, shown);
    say(format_args!("{line}\n"))?;
    Ok(code)
}

/// What the explorer says on the way out (where the answers are, that nothing changed, or that
/// the last change was NOT saved), and its exit status: 1 when the answers are not saved.
fn exit_line(
    saver: Option<&crate::session::Saver>,
    answered: usize,
    shown: usize,
) -> (String, ExitCode) {
    match saver {
        Some(crate::session::Saver {
            failed: Some(why), ..
        }) => (
            format!("{answered} of {shown} questions answered; NOT saved: {why}"),
            ExitCode::from(1),
        ),
        Some(s) if s.saved => {
            let kept = s.kept_note().map_or(String::new(), |n| format!("\n{n}"));
            (
                format!(
                    "{answered} of {shown} questions answered; saved in {}. `tradeoff --resume` continues.{kept}",
                    s.path.display()
                ),
                ExitCode::SUCCESS,
            )
        }
        Some(_) => (
            "Nothing changed, so nothing was saved; `tradeoff --resume` opens the last session."
                .to_owned(),
            ExitCode::SUCCESS,
        ),
        None => (
            format!("{answered} of {shown} questions answered."),
            ExitCode::SUCCESS,
        ),
    }
}

/// The explorer as plain prompts, autosaving like the full screen.
fn explore_plain(app: crate::tui::app::App, q_ref: &str) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let q_ref = q_ref.to_owned();
    // Plain mode does not edit scenarios: the session keeps the ones it resumed.
    let scenarios = app.scenarios.clone();
    let saver = std::rc::Rc::new(std::cell::RefCell::new(app.saver.clone()));
    let shared = saver.clone();
    let mut session = crate::plain::Plain {
        model: std::sync::Arc::unwrap_or_clone(app.model),
        answers: app.answers,
        out_dir: app.out_dir,
        on_change: Box::new(move |q, answers| {
            let mut saver = shared.borrow_mut();
            let Some(saver) = saver.as_mut() else {
                return;
            };
            // Plain mode has no status line: a failed save goes to stderr; where an earlier
            // session was kept, the last line says.
            if let Err(e) = saver.save(&q_ref, q, answers, 0, &scenarios) {
                eprintln!("warning: the answers could not be saved: {e:#}");
            }
        }),
        echo: !std::io::stdin().is_terminal(),
        scenarios: app.scenarios,
    };
    for line in app.notice.iter().chain(&app.status) {
        say(format_args!("{line}\n"))?;
    }
    let stdin = std::io::stdin();
    session.run(&mut stdin.lock(), &mut std::io::stdout().lock())?;
    let (answered, shown) =
        crate::answers::resolve(&session.model.questionnaire, &session.answers).progress();
    let (line, code) = exit_line(saver.borrow().as_ref(), answered, shown);
    say(format_args!("{line}\n"))?;
    Ok(code)
}

/// What the explorer starts from: the questionnaire, the session file it saves into, the
/// session it resumes, and the line that says where an earlier session was kept.
struct Opened {
    q_ref: String,
    q: Questionnaire,
    session_path: PathBuf,
    resumed: Option<crate::session::Session>,
    /// The session file belongs to another session than the one this run continues: the first
    /// save keeps it aside.
    replaces_another: bool,
}

/// Finds the questionnaire and its session file (one per questionnaire), loads the session to
/// resume (`--resume` for that file, `--resume FILE` for a kept one), and keeps aside whatever
/// session file this run would otherwise overwrite: starting afresh, or resuming a kept session,
/// never destroys another.
fn open_session(args: &ExploreArgs) -> Result<Opened> {
    let named = args
        .questionnaire
        .as_deref()
        .map(questionnaire::resolve)
        .transpose()?;
    let resume_file = match &args.resume {
        None => None,
        Some(Some(file)) => Some(crate::session::locate(file)?),
        Some(None) => Some(crate::session::path_for(
            named
                .as_ref()
                .map_or(DEFAULT_QUESTIONNAIRE, |q| q.id.as_str()),
        )?),
    };
    let resumed = resume_file
        .as_deref()
        .map(crate::session::load)
        .transpose()?;
    let q_ref = args
        .questionnaire
        .clone()
        .or_else(|| resumed.as_ref().map(|s| s.questionnaire.clone()))
        .unwrap_or_else(|| DEFAULT_QUESTIONNAIRE.to_owned());
    let q = match named {
        Some(q) => q,
        None => questionnaire::resolve(&q_ref)?,
    };
    let session_path = crate::session::path_for(&q.id)?;
    let continues = resume_file
        .as_deref()
        .is_some_and(|f| same_file(f, &session_path));
    Ok(Opened {
        q_ref,
        q,
        session_path,
        resumed,
        replaces_another: !continues,
    })
}

/// Loads answers files that must all belong to one questionnaire (the first file's, or `q_arg`),
/// each named by its file stem (with its folder when two stems are the same).
///
/// # Errors
/// An unreadable file, or every problem in one.
pub(crate) fn load_columns(
    files: &[PathBuf],
    q_arg: Option<&str>,
) -> Result<(Questionnaire, Vec<(String, crate::answers::Answers)>)> {
    let (q, _) = load_answers(&files[0], q_arg)?;
    let columns = load_columns_for(&q, files)?;
    Ok((q, columns))
}

/// Loads answers files for a known questionnaire, named by file stem.
///
/// # Errors
/// An unreadable file, or every problem in one.
pub(crate) fn load_columns_for(
    q: &Questionnaire,
    files: &[PathBuf],
) -> Result<Vec<(String, crate::answers::Answers)>> {
    // A column is named by its file: cleaned, as it reaches the terminal and the records.
    let stem = |p: &Path| {
        crate::text::clean(&p.file_stem().map_or_else(
            || p.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        ))
    };
    let mut columns = Vec::with_capacity(files.len());
    for path in files {
        let text = crate::fsio::read_text(path)?;
        let answers = crate::answers::Answers::parse(q, &path.display().to_string(), &text)?;
        columns.push((stem(path), answers));
    }
    let names: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
    for (k, (name, _)) in columns.iter_mut().enumerate() {
        if names.iter().filter(|n| *n == name).count() > 1 {
            *name = crate::text::clean(&files[k].display().to_string());
        }
    }
    Ok(columns)
}

fn compare_cmd(
    files: &[PathBuf],
    q_arg: Option<&str>,
    pricing: Option<&Path>,
    out: Option<&Path>,
    force: bool,
    width: Option<u16>,
) -> Result<ExitCode> {
    let (q, columns) = load_columns(files, q_arg)?;
    let model = Model::new(q, crate::pricing::resolve(pricing)?);
    let cmp = crate::compare::compare(&model, &columns);
    // The terminal's width when there is one (a projector's, say); 100 for a pipe or a file.
    let width = width.unwrap_or_else(|| {
        use std::io::IsTerminal;
        std::io::stdout()
            .is_terminal()
            .then(|| ratatui::crossterm::terminal::size().ok())
            .flatten()
            .map_or(100, |(w, _)| w)
    });
    say(format_args!(
        "{}",
        report::comparison::text(&model, &cmp, usize::from(width))
    ))?;
    if let Some(out) = out {
        let files = report::comparison::files(&model, &cmp)?;
        for line in report::write_bundle(out, &files, force)?.lines() {
            say(format_args!("{}\n", crate::text::clean(&line)))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How an error is shown: diagnostics as `file:line:col: message` lines, anything else as
/// `error: ...` with its causes.
#[must_use]
pub fn error_text(e: &anyhow::Error) -> String {
    // Errors quote file names and values from files: cleaned, so that no escape sequence in
    // them reaches the terminal (a diagnostic cleans its own file name and message).
    if let Some(d) = e.downcast_ref::<Diagnostics>() {
        return d.to_string();
    }
    crate::text::clean_lines(&format!("error: {e:#}"))
}
