//! Plain mode: the questionnaire as line-by-line prompts, with the score and cost summary after
//! each answer, ending with the same export. For screen readers, slow links and recorded
//! sessions; generic over its input and output so tests drive it without a terminal.

use crate::answers::Answers;
use crate::answers::resolve;
use crate::cost::money;
use crate::model::Model;
use crate::questionnaire::{Kind, Question};
use crate::value::Value;
use anyhow::Result;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// What plain mode calls after every answer (the shell autosaves there).
pub(crate) type OnChange = Box<dyn FnMut(&crate::questionnaire::Questionnaire, &Answers)>;

/// A plain-mode session: what is asked, and where answers and the bundle go.
pub struct Plain {
    pub model: Model,
    pub answers: Answers,
    /// The folder the export question offers.
    pub out_dir: PathBuf,
    /// Called after every change, to autosave.
    pub on_change: OnChange,
    /// Repeat each line read after its prompt, so a transcript of piped input reads as a dialogue.
    pub echo: bool,
    /// Other sets of answers (`--scenario`, or the session's saved scenarios) to set beside the
    /// answers at the end and in the record.
    pub scenarios: Vec<(String, Answers)>,
}

/// What a line typed at a prompt asks for.
enum Reply {
    Keep,
    Answer(Value),
    /// `id = value`: an answer to the question it names, wherever it comes.
    Named(usize, Value),
    Help,
    Stop,
    Invalid(String),
}

impl Plain {
    /// Asks every visible question in order, then offers the export.
    ///
    /// # Errors
    /// Writing to `out` failed, or the export failed.
    pub fn run(&mut self, input: &mut impl BufRead, out: &mut impl Write) -> Result<()> {
        let q = &self.model.questionnaire;
        writeln!(out, "tradeoff · {} (plain mode)", q.title)?;
        writeln!(
            out,
            "Answer each question: Enter keeps the answer in [brackets], ? shows the help, q stops and goes to the summary; `id = value` answers the question `id` from any prompt."
        )?;
        let mut i = 0;
        let mut ended = false;
        while i < q.questions.len() && !ended {
            let visible = resolve(q, &self.answers).visible;
            if !visible[i] {
                i += 1;
                continue;
            }
            let shown = visible.iter().filter(|v| **v).count();
            let position = visible[..=i].iter().filter(|v| **v).count();
            self.ask(i, position, shown, out)?;
            loop {
                write!(out, "> ")?;
                out.flush()?;
                let Some(line) = read_line(input)? else {
                    writeln!(out)?;
                    ended = true;
                    break;
                };
                if self.echo {
                    writeln!(out, "{line}")?;
                }
                match self.reply(i, &line) {
                    Reply::Keep => break,
                    Reply::Answer(v) => {
                        self.answers.set(&self.model.questionnaire, i, v);
                        (self.on_change)(&self.model.questionnaire, &self.answers);
                        self.summary(out)?;
                        break;
                    }
                    Reply::Named(k, v) => {
                        self.answers.set(&self.model.questionnaire, k, v);
                        (self.on_change)(&self.model.questionnaire, &self.answers);
                        let question = &self.model.questionnaire.questions[k];
                        writeln!(
                            out,
                            "  ✓ {}: {}",
                            question.driver,
                            question
                                .short_value(&self.answers.effective(&self.model.questionnaire, k))
                        )?;
                        // This question answered, or hidden by the answer: on to the next.
                        if k == i || !resolve(&self.model.questionnaire, &self.answers).visible[i] {
                            self.summary(out)?;
                            break;
                        }
                    }
                    Reply::Help => {
                        let question = &self.model.questionnaire.questions[i];
                        for l in textwrap::wrap(&question.help, 76) {
                            writeln!(out, "  {l}")?;
                        }
                        if let Some(cite) = &question.cite {
                            writeln!(out, "  (document: {cite})")?;
                        }
                    }
                    Reply::Stop => {
                        ended = true;
                        break;
                    }
                    Reply::Invalid(why) => writeln!(out, "  ✗ {why}")?,
                }
            }
            i += 1;
        }
        writeln!(out)?;
        self.report(out)?;
        self.export(input, out)
    }

    fn ask(&self, i: usize, position: usize, shown: usize, out: &mut impl Write) -> Result<()> {
        let q = &self.model.questionnaire;
        let question = &q.questions[i];
        let value = self.value(i);
        // The id beside the prompt: what `id = value` (and an answers file) calls the question.
        writeln!(
            out,
            "\n[{position}/{shown}] {} — {}  [{}]",
            q.sections[question.section].title, question.prompt, question.id
        )?;
        match &question.kind {
            Kind::Choice(choices) | Kind::Multi(choices) => {
                for (k, c) in choices.iter().enumerate() {
                    let picked = match &value {
                        Value::Choice(x) => *x == k,
                        Value::Multi(xs) => xs.contains(&k),
                        _ => false,
                    };
                    writeln!(
                        out,
                        "  {}) {}{}",
                        k + 1,
                        c.label,
                        if picked { "   [current]" } else { "" }
                    )?;
                }
                if matches!(question.kind, Kind::Multi(_)) {
                    writeln!(
                        out,
                        "  (type the numbers of every choice that applies, separated by spaces; - for none)"
                    )?;
                }
            }
            Kind::Number(spec) => writeln!(
                out,
                "  {} [{}]",
                spec.describe(),
                question.display_value(&value)
            )?,
            Kind::Text(spec) => writeln!(
                out,
                "  {} [{}]",
                spec.hint.clone().unwrap_or_else(|| "text".to_owned()),
                question.display_value(&value)
            )?,
            Kind::KeyValue(_) => writeln!(
                out,
                "  KEY=value pairs separated by spaces [{}]",
                question.text_of(&value)
            )?,
        }
        Ok(())
    }

    /// The value as scored: the answer, or its default raised to its floor (an assumed peak
    /// follows the replicas), from the one rule the engine uses.
    fn value(&self, i: usize) -> Value {
        self.answers.effective(&self.model.questionnaire, i)
    }

    fn reply(&self, i: usize, line: &str) -> Reply {
        let text = line.trim();
        match text {
            "" => return Reply::Keep,
            "?" => return Reply::Help,
            "q" | "quit" => return Reply::Stop,
            _ => {}
        }
        if let Some(named) = self.named(text) {
            return named;
        }
        self.parse_reply(i, text)
            .map_or_else(Reply::Invalid, Reply::Answer)
    }

    /// `id = value`, spaced as an answers file writes it (so that `KEY=value` stays an entry of
    /// a key/value answer), when `id` is a question's; `value` as an answers file writes it or
    /// as a prompt takes it.
    fn named(&self, text: &str) -> Option<Reply> {
        let q = &self.model.questionnaire;
        let (key, rest) = text.split_once('=')?;
        if !key.ends_with(char::is_whitespace) || !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let id = key.trim();
        let Some(k) = q.question_index(id) else {
            // `id = value` with an id no question has: name it, rather than reading the line
            // as an answer to the question asked.
            let looks_like_id = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            return looks_like_id.then(|| Reply::Invalid(crate::answers::unknown_question(q, id)));
        };
        let question = &q.questions[k];
        let value = match toml::from_str::<toml::Table>(text) {
            Ok(table) if table.len() == 1 => table
                .values()
                .next()
                .map_or_else(|| Err("no value".to_owned()), |v| question.parse_value(v)),
            _ => self.parse_reply(k, rest.trim()),
        }
        .map_err(|why| format!("{}: {why}", question.id));
        let value = value.and_then(|v| match self.answers.below_floor(q, k, &v) {
            Some(why) => Err(why),
            None => Ok(v),
        });
        Some(value.map_or_else(Reply::Invalid, |v| Reply::Named(k, v)))
    }

    /// A value typed at question `i`'s prompt: a choice's number or id, every choice for a
    /// question with several answers (`-` for none), or a typed value.
    fn parse_reply(&self, i: usize, text: &str) -> Result<Value, String> {
        let question = &self.model.questionnaire.questions[i];
        match &question.kind {
            Kind::Choice(choices) => pick(question, choices.len(), text).map(Value::Choice),
            Kind::Multi(_) if matches!(text, "-" | "none") => Ok(Value::Multi(Vec::new())),
            Kind::Multi(choices) => text
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .map(|w| pick(question, choices.len(), w))
                .collect::<Result<Vec<usize>, String>>()
                .map(|mut cs| {
                    cs.sort_unstable();
                    cs.dedup();
                    Value::Multi(cs)
                }),
            _ => self.answers.typed(&self.model.questionnaire, i, text),
        }
    }

    /// The scores and bills, one line each, after every answer.
    fn summary(&self, out: &mut impl Write) -> Result<()> {
        self.summary_of(&self.model.decide(&self.answers), out)
    }

    fn summary_of(&self, d: &crate::model::Decision, out: &mut impl Write) -> Result<()> {
        let q = &self.model.questionnaire;
        let a = &d.assessment;
        let e = &a.evaluation;
        let scores: Vec<String> = q
            .options
            .iter()
            .zip(&e.options)
            .enumerate()
            .map(|(o, (def, r))| {
                let mark = if r.excluded() {
                    " (excluded)"
                } else if e.recommended == Some(o) {
                    " ★"
                } else {
                    ""
                };
                format!("{} {:.1}{mark}", def.name, r.score)
            })
            .collect();
        writeln!(out, "  Scores: {}", scores.join(" · "))?;
        let costs: Vec<String> = q
            .options
            .iter()
            .enumerate()
            .filter_map(|(o, def)| a.total(o).map(|t| format!("{} {}", def.name, money(t))))
            .collect();
        if !costs.is_empty() {
            writeln!(out, "  Monthly: {}", costs.join(" · "))?;
        }
        Ok(())
    }

    fn report(&self, out: &mut impl Write) -> Result<()> {
        let q = &self.model.questionnaire;
        let d = self.model.decide(&self.answers);
        let e = d.evaluation();
        match e.recommended {
            Some(o) => writeln!(
                out,
                "Recommended: {}, ahead by {:.1} points.",
                q.options[o].name, e.margin
            )?,
            None => writeln!(out, "No option qualifies: every option is excluded.")?,
        }
        self.summary_of(&d, out)?;
        for (name, answers) in &self.scenarios {
            let o = crate::compare::outcome(&self.model, name, answers);
            let leader = o.recommended.map_or("no option qualifies".to_owned(), |r| {
                let cost = o.costs[r].map_or(String::new(), |t| format!(", {}", money(t)));
                format!("{}, ahead by {:.1}{cost}", q.options[r].name, o.margin)
            });
            writeln!(out, "  Scenario {}: {leader}", crate::text::clean(name))?;
        }
        for f in d.flips.iter().filter(|f| f.recommendation_changes).take(3) {
            writeln!(
                out,
                "  Would change it: {} ({})",
                crate::report::flip_text::change(q, f),
                crate::report::flip_text::effect(q, f)
            )?;
        }
        Ok(())
    }

    fn export(&self, input: &mut impl BufRead, out: &mut impl Write) -> Result<()> {
        // The review, as the explorer ends: what is still assumed, before the export.
        let q = &self.model.questionnaire;
        let d = self.model.decide(&self.answers);
        let resolved = &d.evaluation().resolved;
        let assumed = d.assumed();
        if assumed.is_empty() {
            writeln!(out, "\nEvery question shown is answered.")?;
        } else {
            writeln!(out, "\nStill assumed ({}):", assumed.len())?;
            for i in assumed {
                let question = &q.questions[i];
                writeln!(
                    out,
                    "  {}: {}",
                    question.driver,
                    question.short_value(&resolved.values[i])
                )?;
            }
        }
        write!(
            out,
            "\nExport the bundle into which folder? Type it, or y for {} (Enter skips) ",
            self.out_dir.display()
        )?;
        out.flush()?;
        // Only an explicit answer writes: a blank line (a stray one in piped input, say) skips.
        let dir = match read_line(input)?.as_deref().map(str::trim) {
            None => {
                writeln!(out, "\nNot exported.")?;
                return Ok(());
            }
            Some("" | "n" | "N" | "no") => {
                writeln!(out, "Not exported.")?;
                return Ok(());
            }
            Some("y" | "Y" | "yes") => self.out_dir.clone(),
            Some(l) => PathBuf::from(l),
        };
        let bundle = |force| {
            crate::report::bundle(
                &crate::report::Subject {
                    model: &self.model,
                    answers: &self.answers,
                    scenarios: &self.scenarios,
                    room: None,
                    artifacts: crate::report::Artifacts::Recommended,
                },
                &dir,
                force,
            )
        };
        let (_, written) = match bundle(false) {
            Err(e) if e.is::<crate::report::FolderNotEmpty>() => {
                writeln!(
                    out,
                    "{} already holds files. Other files are left alone.",
                    crate::text::clean(&dir.display().to_string())
                )?;
                // What replacing would do besides, before it is done.
                for line in e
                    .downcast_ref::<crate::report::FolderNotEmpty>()
                    .map(|f| f.plan.as_slice())
                    .unwrap_or_default()
                {
                    writeln!(out, "  It {}", crate::text::clean(line))?;
                }
                write!(out, "Replace the bundle's files in it? [y/N] ")?;
                out.flush()?;
                if !matches!(
                    read_line(input)?.as_deref().map(str::trim),
                    Some("y" | "Y" | "yes")
                ) {
                    writeln!(out, "Not exported.")?;
                    return Ok(());
                }
                bundle(true)?
            }
            result => result?,
        };
        for line in written.lines() {
            writeln!(out, "{}", crate::text::clean(&line))?;
        }
        Ok(())
    }
}

/// A choice by its number (1-based) or its id.
fn pick(question: &Question, count: usize, text: &str) -> Result<usize, String> {
    if let Ok(n) = text.parse::<usize>() {
        return (1..=count)
            .contains(&n)
            .then(|| n - 1)
            .ok_or_else(|| format!("type a number from 1 to {count}"));
    }
    question.choice_index(text).ok_or_else(|| {
        let ids: Vec<&str> = question
            .kind
            .choices()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        format!(
            "type a number from 1 to {count}, or one of {}",
            crate::diagnostic::one_of(&ids)
        )
    })
}

/// A line without its newline; `None` at the end of the input.
fn read_line(input: &mut impl BufRead) -> Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}
