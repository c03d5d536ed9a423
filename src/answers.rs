//! A user's answers and criterion weights: loaded from an answers file, checked against the
//! questionnaire, and written back so `report --answers` replays them exactly.

use crate::diagnostic::{Diagnostic, Diagnostics, Source, did_you_mean, quote};
use crate::questionnaire::{Kind, Questionnaire};
use crate::value::Value;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The largest weight multiplier: what an answers file may give, the explorer's ←→ reach and
/// the flip points search. Past it one criterion silences every other.
pub(crate) const MAX_WEIGHT: f64 = 10.0;
/// A question's multiplier when the user has set none.
pub(crate) const DEFAULT_WEIGHT: f64 = 1.0;

/// What the user said, indexed by question. Unanswered questions are `None` and take defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    values: Vec<Option<Value>>,
    weights: Vec<Option<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    questionnaire: Option<Spanned<String>>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    weights: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

impl Answers {
    /// No answers: every question takes its default.
    #[must_use]
    pub fn new(q: &Questionnaire) -> Self {
        Self {
            values: vec![None; q.questions.len()],
            weights: vec![None; q.questions.len()],
        }
    }

    #[must_use]
    pub fn get(&self, question: usize) -> Option<&Value> {
        self.values.get(question).and_then(Option::as_ref)
    }

    /// Sets an answer the caller has checked against its question, keeping the cross-answer
    /// rule: a number question with `at_least` is never below the effective value of the question
    /// it names (its floor), so a value under it is raised to it, and the given answers that must
    /// be at least this one are raised with it. Setting `replicas` to 20 with `peak_replicas` at 6
    /// makes both 20; a peak left to its default follows through [`resolve`].
    pub fn set(&mut self, q: &Questionnaire, question: usize, value: Value) {
        let value = match (value, self.floor(q, question)) {
            (Value::Number(n), Some(floor)) if n < floor => Value::Number(floor),
            (value, _) => value,
        };
        let Some(slot) = self.values.get_mut(question) else {
            return;
        };
        let raised = value.as_number();
        *slot = Some(value);
        if let Some(x) = raised {
            for j in dependents(q, question) {
                if matches!(self.get(j), Some(Value::Number(d)) if *d < x) {
                    self.set(q, j, Value::Number(x));
                }
            }
        }
    }

    /// Reads typed text (the explorer's field, plain mode) as an answer to question `i`: valid
    /// for the question, and not below its floor.
    ///
    /// # Errors
    /// Why the text is not a valid answer, and what would be.
    pub(crate) fn typed(&self, q: &Questionnaire, i: usize, text: &str) -> Result<Value, String> {
        let value = q.questions[i].parse_text(text)?;
        match self.below_floor(q, i, &value) {
            Some(why) => Err(why),
            None => Ok(value),
        }
    }

    /// The least value question `i` may take with the other answers as they are: the effective
    /// value of the earlier question its `at_least` names. `None` when it has no such rule.
    #[must_use]
    pub(crate) fn floor(&self, q: &Questionnaire, i: usize) -> Option<f64> {
        let Kind::Number(spec) = &q.questions.get(i)?.kind else {
            return None;
        };
        // The loader only accepts an earlier question here, so this recursion ends.
        spec.at_least
            .filter(|&r| r < i)
            .and_then(|r| self.effective_number(q, r))
    }

    /// Question `i`'s effective value, as [`resolve`] gives it: the answer, or the default (a
    /// number's raised to its floor).
    #[must_use]
    pub fn effective(&self, q: &Questionnaire, i: usize) -> Value {
        if let Some(v) = self.get(i) {
            return v.clone();
        }
        match (&q.questions[i].default, self.floor(q, i)) {
            (Value::Number(d), Some(f)) => Value::Number(d.max(f)),
            (default, _) => default.clone(),
        }
    }

    fn effective_number(&self, q: &Questionnaire, i: usize) -> Option<f64> {
        self.effective(q, i).as_number()
    }

    /// Why `value` may not be question `i`'s answer under the cross-answer rule, in the words
    /// every front end shows (the answers file loader, the explorer's fields, plain mode).
    #[must_use]
    pub(crate) fn below_floor(&self, q: &Questionnaire, i: usize, value: &Value) -> Option<String> {
        let n = value.as_number()?;
        let floor = self.floor(q, i)?;
        if n >= floor {
            return None;
        }
        let Kind::Number(spec) = &q.questions[i].kind else {
            return None;
        };
        let r = spec.at_least?;
        let how = if self.get(r).is_some() {
            ""
        } else {
            ", its default"
        };
        Some(format!(
            "{} ({n}) may not be below {} ({floor}{how})",
            quote(&q.questions[i].id),
            quote(&q.questions[r].id)
        ))
    }

    pub(crate) fn clear(&mut self, question: usize) {
        if let Some(slot) = self.values.get_mut(question) {
            *slot = None;
        }
    }

    /// The user's multiplier for a question's weight, if they set one.
    #[must_use]
    pub fn weight(&self, question: usize) -> Option<f64> {
        self.weights.get(question).copied().flatten()
    }

    /// The user's multiplier for a question, [`DEFAULT_WEIGHT`] when none is set.
    #[must_use]
    pub fn multiplier(&self, question: usize) -> f64 {
        self.weight(question).unwrap_or(DEFAULT_WEIGHT)
    }

    pub fn set_weight(&mut self, question: usize, weight: Option<f64>) {
        if let Some(slot) = self.weights.get_mut(question) {
            *slot = weight.map(|w| w.clamp(0.0, MAX_WEIGHT));
        }
    }

    /// How many questions the user answered (defaults do not count).
    #[must_use]
    pub fn given_count(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }

    /// Parses an answers file for `q`. `name` is what messages call the file.
    ///
    /// # Errors
    /// Every problem found: unknown ids, bad values, a different questionnaire.
    pub fn parse(q: &Questionnaire, name: &str, text: &str) -> Result<Self, Diagnostics> {
        let src = Source::new(name, text);
        let (raw, mut problems): (RawAnswers, Vec<Diagnostic>) = src.deserialize()?;
        if let Some(id) = &raw.questionnaire
            && id.get_ref() != &q.id
        {
            problems.push(src.error(
                &id.span(),
                format!(
                    "these answers are for questionnaire {}, but {} is loaded; pass -q {}",
                    quote(id.get_ref()),
                    quote(&q.id),
                    id.get_ref()
                ),
            ));
            return Err(Diagnostics(problems));
        }
        let mut answers = Self::new(q);
        let mut spans = vec![None; q.questions.len()];
        for (key, value) in &raw.answers {
            let Some(i) = known_question(q, &src, key, &mut problems) else {
                continue;
            };
            match q.questions[i].parse_value(value.get_ref()) {
                Ok(v) => {
                    answers.values[i] = Some(v);
                    spans[i] = Some(value.span());
                }
                Err(message) => problems.push(src.error(&value.span(), message)),
            }
        }
        for (key, value) in &raw.weights {
            let Some(i) = known_question(q, &src, key, &mut problems) else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)] // small integers
            let w = match value.get_ref() {
                toml::Value::Integer(n) => Some(*n as f64),
                toml::Value::Float(f) => Some(*f),
                _ => None,
            };
            match w {
                Some(w) if w.is_finite() && (0.0..=MAX_WEIGHT).contains(&w) => {
                    answers.weights[i] = Some(w);
                }
                _ => problems.push(src.error(
                    &value.span(),
                    format!(
                        "weight of {} must be a number from 0 (ignore it) to {MAX_WEIGHT}, got {}",
                        quote(key.get_ref()),
                        crate::questionnaire::describe(value.get_ref())
                    ),
                )),
            }
        }
        // The cross-answer rule (peak_replicas >= replicas), against effective values: a file
        // that breaks it is refused, not silently changed.
        for (i, span) in spans.iter().enumerate() {
            if let (Some(span), Some(value)) = (span, answers.get(i))
                && let Some(message) = answers.below_floor(q, i, value)
            {
                problems.push(src.error(span, message));
            }
        }
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(Diagnostics::sorted(problems))
        }
    }

    /// The answers file for these answers: given answers as values, and every assumed default as
    /// a comment a user can uncomment. Parsing it back gives the same `Answers`.
    #[must_use]
    pub fn to_toml(&self, q: &Questionnaire) -> String {
        use toml_edit::{DocumentMut, Item, Table};
        let mut doc = DocumentMut::new();
        doc.insert("questionnaire", toml_edit::value(q.id.as_str()));
        let mut answers = Table::new();
        let mut assumed = String::new();
        for (i, question) in q.questions.iter().enumerate() {
            if let Some(v) = &self.values[i] {
                answers.insert(
                    &question.id,
                    Item::Value(edit_value(&question.value_to_toml(v))),
                );
            } else {
                let mut line = Table::new();
                // The value as scored: the default, raised to its floor where it has one.
                let assumed_value = self.effective(q, i);
                line.insert(
                    &question.id,
                    Item::Value(edit_value(&question.value_to_toml(&assumed_value))),
                );
                assumed.push_str("# ");
                assumed.push_str(line.to_string().trim_end());
                assumed.push('\n');
            }
        }
        if let Some(mut key) = doc.key_mut("questionnaire") {
            key.leaf_decor_mut().set_prefix(format!(
                "# Answers for {} (version {}), written by tradeoff.\n\
                 # Replay them with: {}\n",
                q.title.replace(['\n', '\r'], " "),
                q.version.replace(['\n', '\r'], " "),
                replay_command(q)
            ));
        }
        answers.decor_mut().set_prefix("\n");
        doc.insert("answers", Item::Table(answers));
        let comment = if assumed.is_empty() {
            String::new()
        } else {
            format!(
                "\n# Not answered, so these defaults were assumed. Uncomment a line to answer it.\n{assumed}"
            )
        };
        let mut weights = Table::new();
        for (i, question) in q.questions.iter().enumerate() {
            if let Some(w) = self.weights[i] {
                weights.insert(&question.id, toml_edit::value(w));
            }
        }
        if weights.is_empty() {
            doc.set_trailing(comment);
        } else {
            weights.decor_mut().set_prefix(format!("{comment}\n"));
            doc.insert("weights", Item::Table(weights));
        }
        doc.to_string()
    }
}

/// Later questions whose `at_least` names question `i`.
fn dependents(q: &Questionnaire, i: usize) -> impl Iterator<Item = usize> + '_ {
    q.questions
        .iter()
        .enumerate()
        .skip(i + 1)
        .filter(move |(_, x)| matches!(&x.kind, Kind::Number(s) if s.at_least == Some(i)))
        .map(|(j, _)| j)
}

/// The effective answers: given ones, defaults where none was given, and which questions show.
/// Every front end, the report, `compare` and the session loader read answers through it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub values: Vec<Value>,
    /// True where the value is the questionnaire's default, not the user's answer.
    pub assumed: Vec<bool>,
    /// False where `show_if` hides the question; hidden questions do not count.
    pub visible: Vec<bool>,
}

impl Resolved {
    /// The questions shown but not answered, whose defaults are assumed: what a review lists.
    #[must_use]
    pub fn assumed_shown(&self) -> Vec<usize> {
        (0..self.values.len())
            .filter(|&i| self.visible[i] && self.assumed[i])
            .collect()
    }

    /// How many shown questions were answered (not assumed), and how many are shown.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        let shown = self.visible.iter().filter(|v| **v).count();
        let answered = (0..self.visible.len())
            .filter(|&i| self.visible[i] && !self.assumed[i])
            .count();
        (answered, shown)
    }

    /// The visible questions of each section, in questionnaire order: what the section list
    /// counts, the question panel numbers and a click lands on.
    #[must_use]
    pub(crate) fn by_section(&self, q: &Questionnaire) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); q.sections.len()];
        for (i, question) in q.questions.iter().enumerate() {
            if self.visible[i]
                && let Some(s) = out.get_mut(question.section)
            {
                s.push(i);
            }
        }
        out
    }
}

/// Fills in defaults and works out which questions are shown. Each value is
/// [`Answers::effective`]: an assumed number never undercuts its floor (see [`Answers::set`]);
/// given answers already respect it.
#[must_use]
pub fn resolve(q: &Questionnaire, answers: &Answers) -> Resolved {
    let n = q.questions.len();
    let mut r = Resolved {
        values: Vec::with_capacity(n),
        assumed: Vec::with_capacity(n),
        visible: Vec::with_capacity(n),
    };
    for (i, question) in q.questions.iter().enumerate() {
        let value = answers.effective(q, i);
        let assumed = answers.get(i).is_none();
        let visible = question.depends_on.iter().all(|&d| r.visible[d])
            && question.show_if.as_ref().is_none_or(|c| c.eval(&r.values));
        r.values.push(value);
        r.assumed.push(assumed);
        r.visible.push(visible);
    }
    r
}

/// A `toml::Value` as a `toml_edit` value, tables inline so they stay inside `[answers]`.
fn edit_value(v: &toml::Value) -> toml_edit::Value {
    match v {
        toml::Value::String(s) => s.as_str().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => (*f).into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(items) => items
            .iter()
            .map(edit_value)
            .collect::<toml_edit::Array>()
            .into(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), edit_value(v)))
            .collect::<toml_edit::InlineTable>()
            .into(),
    }
}

/// What is said of an id no question has: the nearest id, and where the valid ones are listed.
pub(crate) fn unknown_question(q: &Questionnaire, id: &str) -> String {
    let hint = did_you_mean(id, q.questions.iter().map(|x| x.id.as_str()))
        .map_or(String::new(), |m| format!("did you mean {}? ", quote(m)));
    format!(
        "unknown question {}; {hint}'tradeoff questions -q {}' lists the valid ids",
        quote(id),
        q.id
    )
}

fn known_question(
    q: &Questionnaire,
    src: &Source<'_>,
    key: &Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let found = q.question_index(key.get_ref());
    if found.is_none() {
        problems.push(src.error(&key.span(), unknown_question(q, key.get_ref())));
    }
    found
}

/// The name a bundle gives the copy of a questionnaire read from a file, so that its
/// `answers.toml` replays.
pub(crate) const QUESTIONNAIRE_FILE: &str = "questionnaire.toml";

/// The command that replays a bundle's `answers.toml`, run in the bundle's folder: the answers
/// file's header and the bundle's file list both say it.
#[must_use]
pub(crate) fn replay_command(q: &Questionnaire) -> String {
    let q_arg = if q.file_text.is_some() {
        format!("-q {QUESTIONNAIRE_FILE} ")
    } else {
        String::new()
    };
    format!("tradeoff report {q_arg}--answers answers.toml --out DIR")
}
