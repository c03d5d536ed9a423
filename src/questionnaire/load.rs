//! Stage two of loading: raw serde structs validated into the model, every problem collected.

use super::raw::{RawChoice, RawKind, RawQuestion, RawQuestionnaire, S, Str};
use super::{
    Choice, CostInputs, KeyValueSpec, Kind, NumberSpec, OptionDef, Question, Questionnaire,
    Section, SourceDoc, TextSpec,
};
use crate::condition::{self, Scope, ScopeKind};
use crate::diagnostic::{Diagnostic, Diagnostics, Source, did_you_mean, one_of, quote};
use crate::value::Value;
use regex::{Regex, RegexBuilder};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// Words a question id may not be, since conditions read them as operators.
const KEYWORDS: [&str; 5] = ["and", "or", "not", "in", "contains"];
const MAX_ID_LEN: usize = 64;
const DEFAULT_MAX_TEXT: usize = 256;
const DEFAULT_MAX_ENTRIES: usize = 100;
/// Points outside this are almost certainly a typo (a missing decimal point, say).
const MAX_POINTS: f64 = 1000.0;
/// The premium at which an option has lost all its cost points, when a choice does not say:
/// an option twice as dear as the cheapest gets none.
pub(crate) const DEFAULT_COST_GAP: f64 = 1.0;
const MAX_COST_GAP: f64 = 10.0;
/// Far beyond any real decision, and small enough that nothing grows without bound.
const MAX_OPTIONS: usize = 64;
const MAX_SECTIONS: usize = 1000;
const MAX_QUESTIONS: usize = 20_000;
const MAX_CHOICES: usize = 100;

/// Parses and validates a questionnaire. `name` is what messages call the file.
///
/// # Errors
/// Every problem found, each as `file:line:col: message`.
pub fn parse(name: &str, text: &str) -> Result<Questionnaire, Diagnostics> {
    load(name, text, false).map(|(q, _)| q)
}

/// [`parse`], and the warnings `check` shows an author: parts of the file that do nothing.
///
/// # Errors
/// As [`parse`].
pub fn check(name: &str, text: &str) -> Result<(Questionnaire, Vec<Diagnostic>), Diagnostics> {
    load(name, text, true)
}

fn load(
    name: &str,
    text: &str,
    lint: bool,
) -> Result<(Questionnaire, Vec<Diagnostic>), Diagnostics> {
    let src = Source::new(name, text);
    let (raw, unknown): (RawQuestionnaire<'_>, _) = src.deserialize()?;
    for (count, max, what) in [
        (raw.options.len(), MAX_OPTIONS, "[[options]]"),
        (raw.sections.len(), MAX_SECTIONS, "[[sections]]"),
        (raw.questions.len(), MAX_QUESTIONS, "[[questions]]"),
    ] {
        if count > max {
            return Err(Diagnostics::single(src.error(
                &(0..0),
                format!("{count} {what} is more than a questionnaire may hold ({max}); split it"),
            )));
        }
    }
    let mut v = Validator {
        src,
        problems: unknown,
        patterns: std::collections::HashMap::new(),
    };
    let mut q = v.questionnaire(&raw);
    if v.problems.is_empty() {
        let warnings = if lint {
            super::lint::warnings(&q, &raw, &v.src)
        } else {
            Vec::new()
        };
        q.sanitize();
        Ok((q, warnings))
    } else {
        Err(Diagnostics::sorted(v.problems))
    }
}

struct Validator<'a> {
    src: Source<'a>,
    problems: Vec<Diagnostic>,
    /// Compiled patterns by their text: large questionnaires repeat the same few.
    patterns: std::collections::HashMap<String, Regex>,
}

impl Validator<'_> {
    fn err(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let d = self.src.error(span, message);
        self.problems.push(d);
    }

    fn non_empty(&mut self, value: &S<Str<'_>>, what: &str) -> String {
        if value.get_ref().trim().is_empty() {
            self.err(&value.span(), format!("{what} is empty; write some text"));
        }
        value.get_ref().to_string()
    }

    fn id(&mut self, id: &S<Str<'_>>, what: &str, seen: &mut HashSet<String>) -> String {
        let s = id.get_ref();
        let valid = !s.is_empty()
            && s.len() <= MAX_ID_LEN
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            self.err(
                &id.span(),
                format!(
                    "{what} id {} is not valid; use up to {MAX_ID_LEN} letters, digits, '_' or '-', starting with a letter or digit",
                    quote(s)
                ),
            );
        } else if !seen.insert(s.to_string()) {
            self.err(
                &id.span(),
                format!("{what} id {} is used twice; ids must be unique", quote(s)),
            );
        }
        s.to_string()
    }

    fn questionnaire(&mut self, raw: &RawQuestionnaire) -> Questionnaire {
        let id = self.id(&raw.id, "questionnaire", &mut HashSet::new());
        let title = self.non_empty(&raw.title, "'title'");
        let version = self.non_empty(&raw.version, "'version'");
        let source = raw.source.as_ref().map(|s| SourceDoc {
            title: s.title.clone(),
            url: s.url.clone(),
            sections: s.sections.clone(),
        });

        let mut seen = HashSet::new();
        let mut options = Vec::new();
        for o in &raw.options {
            let o = o.get_ref();
            let name = self.non_empty(&o.name, "option 'name'");
            options.push(OptionDef {
                id: self.id(&o.id, "option", &mut seen),
                short: o
                    .short
                    .as_ref()
                    .map_or_else(|| name.clone(), |s| self.non_empty(s, "option 'short'")),
                name,
                summary: o.summary.as_ref().map(ToString::to_string),
                artifact: o.artifact.unwrap_or(super::Artifact::None),
                cost_model: o.cost_model,
                follow_up: o.follow_up.clone(),
            });
        }
        if options.len() < 2 {
            self.err(
                &raw.options.first().map_or(0..0, S::span),
                format!(
                    "a decision needs at least two [[options]], found {}",
                    options.len()
                ),
            );
        }

        let mut seen = HashSet::new();
        let mut sections = Vec::new();
        for s in &raw.sections {
            let s = s.get_ref();
            sections.push(Section {
                id: self.id(&s.id, "section", &mut seen),
                title: self.non_empty(&s.title, "section 'title'"),
            });
        }
        if sections.is_empty() {
            self.err(
                &(0..0),
                "no [[sections]]: questions are grouped into sections; add at least one",
            );
        }

        let mut ctx = Ctx {
            options: &options,
            sections: &sections,
            cites: source.as_ref().map(|s| s.sections.as_slice()),
            questions: Vec::new(),
            seen: HashSet::new(),
            index: std::collections::HashMap::new(),
        };
        for rq in &raw.questions {
            // Kept even when it has problems, so later questions that name it are not
            // reported as naming an unknown question: one mistake, one message.
            let q = self.question(rq.get_ref(), &mut ctx);
            ctx.index.entry(q.id.clone()).or_insert(ctx.questions.len());
            ctx.questions.push(q);
        }
        let questions = ctx.questions;
        if raw.questions.is_empty() {
            self.err(&(0..0), "no [[questions]]: add at least one");
        }
        for (i, s) in raw.sections.iter().enumerate() {
            if !questions.iter().any(|q| q.section == i) {
                let title = quote(&s.get_ref().id.get_ref().clone());
                self.err(&s.span(), format!("section {title} has no questions"));
            }
        }
        let cost_inputs = self.cost_inputs(raw, &options, &questions);
        let deploy_inputs = super::DeployInputs::find(&questions);
        let (subject, problem) = self.wording(raw, &options);
        Questionnaire {
            subject,
            problem,
            follow_up: raw.follow_up.clone(),
            file_text: None,
            id,
            title,
            version,
            description: raw.description.as_ref().map(ToString::to_string),
            source,
            options,
            sections,
            questions,
            cost_inputs,
            deploy_inputs,
        }
    }

    /// The record's words: the subject ("between" and the options' names by default) and the
    /// problem it asks.
    fn wording(&mut self, raw: &RawQuestionnaire, options: &[OptionDef]) -> (String, String) {
        let subject = raw.subject.as_ref().map_or_else(
            || {
                let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
                format!("between {}", crate::text::and_list(&names))
            },
            |s| self.non_empty(s, "'subject'"),
        );
        let problem = raw.problem.as_ref().map_or_else(
            || "Which option should we choose?".to_owned(),
            |s| self.non_empty(s, "'problem'"),
        );
        (subject, problem)
    }

    /// When an option names a cost model, the sizing questions it reads must exist.
    fn cost_inputs(
        &mut self,
        raw: &RawQuestionnaire,
        options: &[OptionDef],
        questions: &[Question],
    ) -> Option<CostInputs> {
        let priced = options.iter().position(|o| o.cost_model.is_some())?;
        let at = raw.options[priced].span();
        let option = quote(&options[priced].id);
        let find = |v: &mut Self, id: &str, ok: &dyn Fn(&Question) -> bool, what: &str| {
            let found = questions.iter().position(|q| q.id == id && ok(q));
            if found.is_none() {
                v.err(
                    &at,
                    format!(
                        "option {option} has a cost model, which needs {what} question {}",
                        quote(id)
                    ),
                );
            }
            found
        };
        let numbers: Vec<Option<usize>> = CostInputs::NUMBERS
            .iter()
            .map(|id| find(self, id, &|q| matches!(q.kind, Kind::Number(_)), "a number"))
            .collect();
        let gpu_count = questions
            .iter()
            .position(|q| q.id == "gpu_count" && matches!(q.kind, Kind::Number(_)));
        let capped = numbers
            .iter()
            .zip(CostInputs::NUMBER_CAPS)
            .filter_map(|(i, cap)| Some(((*i)?, cap)))
            .chain(gpu_count.map(|i| (i, CostInputs::GPU_COUNT_CAP)));
        for (i, cap) in capped {
            if let Kind::Number(spec) = &questions[i].kind
                && spec.max > cap
            {
                let at = raw.questions[i]
                    .get_ref()
                    .max
                    .as_ref()
                    .map_or_else(|| raw.questions[i].span(), S::span);
                self.err(
                    &at,
                    format!(
                        "'max' of {} is {}; a question the cost models read may go up to {} at most, so that every bill stays a figure",
                        quote(&questions[i].id),
                        crate::cost::num(spec.max),
                        crate::cost::num(cap)
                    ),
                );
            }
        }
        let choices: Vec<Option<usize>> = CostInputs::CHOICES
            .iter()
            .map(|(id, ids)| {
                let what = format!("a choice question offering {}; the", one_of(ids));
                find(
                    self,
                    id,
                    &|q| ids.iter().all(|c| q.choice_index(c).is_some()),
                    &what,
                )
            })
            .collect();
        Some(CostInputs {
            services: numbers[0]?,
            replicas: numbers[1]?,
            peak_replicas: numbers[2]?,
            vcpu: numbers[3]?,
            memory_gib: numbers[4]?,
            hours_per_day: numbers[5]?,
            region: choices[0]?,
            arch: choices[1]?,
            purchase: choices[2]?,
            gpu: questions
                .iter()
                .position(|q| q.id == "gpu" && q.choice_index("yes").is_some()),
            gpu_count,
            free_tier: questions
                .iter()
                .position(|q| q.id == "gke_free_tier" && q.choice_index("yes").is_some()),
            sustained_use: questions
                .iter()
                .position(|q| q.id == "sustained_use" && q.choice_index("yes").is_some()),
        })
    }

    fn question(&mut self, rq: &RawQuestion, ctx: &mut Ctx<'_>) -> Question {
        let id = self.id(&rq.id, "question", &mut ctx.seen);
        if KEYWORDS.contains(&id.as_str()) {
            self.err(
                &rq.id.span(),
                format!(
                    "question id {} is a word conditions use; choose another",
                    quote(&id)
                ),
            );
        }
        let section = self.section_of(rq, &id, ctx);
        let prompt = self.non_empty(&rq.prompt, "'prompt'");
        let weight = self.question_weight(rq);
        self.check_cite(rq, ctx);
        let kind = self.kind(rq, &id, ctx);
        let show_if = self.show_if(rq, ctx);
        let mut depends_on = Vec::new();
        if let Some(c) = &show_if {
            c.questions(&mut depends_on);
            depends_on.sort_unstable();
            depends_on.dedup();
        }
        let mut question = Question {
            id,
            section: section.unwrap_or(0),
            driver: rq
                .driver
                .as_ref()
                .map_or_else(|| prompt.clone(), ToString::to_string),
            prompt,
            help: rq.help.trim().to_owned(),
            cite: rq.cite.as_ref().map(|c| c.get_ref().to_string()),
            weight,
            show_if,
            show_if_text: rq.show_if.as_ref().map(|s| s.get_ref().to_string()),
            depends_on,
            kind,
            default: Value::Number(0.0),
            range: (0.0, 0.0),
            ordered: rq.ordered.as_ref().is_some_and(|o| *o.get_ref()),
        };
        question.range = score_range(&question.kind, ctx.options.len());
        // On a bad default the placeholder stays; the load fails with the problem reported.
        if let Some(default) = self.default(rq, &question) {
            question.default = default;
        }
        question
    }

    /// The index of the question's section, or `None` (reported) when no section has that id.
    fn section_of(&mut self, rq: &RawQuestion, id: &str, ctx: &Ctx<'_>) -> Option<usize> {
        let section = ctx
            .sections
            .iter()
            .position(|s| s.id == rq.section.get_ref().as_str());
        if section.is_none() {
            let ids: Vec<&str> = ctx.sections.iter().map(|s| s.id.as_str()).collect();
            self.err(
                &rq.section.span(),
                format!(
                    "unknown section {} for question {}; valid: {}",
                    quote(rq.section.get_ref()),
                    quote(id),
                    one_of(&ids)
                ),
            );
        }
        section
    }

    fn question_weight(&mut self, rq: &RawQuestion) -> f64 {
        rq.weight.as_ref().map_or(1.0, |w| {
            let v = *w.get_ref();
            if !v.is_finite() || v < 0.0 {
                self.err(
                    &w.span(),
                    format!(
                        "weight {} is not valid; use a finite number, 0 or more",
                        quote(&v.to_string())
                    ),
                );
            }
            v
        })
    }

    /// A `cite` must name a section of the source document, when the document lists them.
    fn check_cite(&mut self, rq: &RawQuestion, ctx: &Ctx<'_>) {
        if let (Some(cite), Some(known)) = (&rq.cite, ctx.cites)
            && !known.is_empty()
            && !known.iter().any(|k| k == cite.get_ref().as_str())
        {
            self.err(
                &cite.span(),
                format!(
                    "cite {} is not a section of the source document; valid: {}",
                    quote(cite.get_ref()),
                    one_of(known)
                ),
            );
        }
    }

    /// The question's kind with its own fields; fields of another kind are reported.
    fn kind(&mut self, rq: &RawQuestion, id: &str, ctx: &Ctx<'_>) -> Kind {
        let kind_name = match rq.kind.get_ref() {
            RawKind::Choice => "choice",
            RawKind::Multi => "multi",
            RawKind::Number => "number",
            RawKind::Text => "text",
            RawKind::KeyValue => "key-value",
        };
        self.misplaced(rq, *rq.kind.get_ref(), id, kind_name);
        match rq.kind.get_ref() {
            RawKind::Choice | RawKind::Multi => {
                let multi = *rq.kind.get_ref() == RawKind::Multi;
                if let (true, Some(ordered)) = (multi, &rq.ordered) {
                    self.err(
                        &ordered.span(),
                        format!(
                            "'ordered' applies to choice questions; {} is a multi question, whose choices are counted one by one",
                            quote(id)
                        ),
                    );
                }
                let choices = self.choices(rq, id, multi, ctx.options);
                if multi {
                    Kind::Multi(choices)
                } else {
                    Kind::Choice(choices)
                }
            }
            RawKind::Number => Kind::Number(self.number(rq, id, &ctx.questions)),
            RawKind::Text => Kind::Text(TextSpec {
                pattern: self.regex(rq.pattern.as_ref()),
                hint: rq.pattern_hint.as_ref().map(|h| h.get_ref().to_string()),
                max_length: self.count(rq.max_length.as_ref(), DEFAULT_MAX_TEXT, "max_length"),
            }),
            RawKind::KeyValue => Kind::KeyValue(KeyValueSpec {
                key_pattern: self.regex(rq.key_pattern.as_ref()),
                key_hint: rq.key_hint.as_ref().map(|h| h.get_ref().to_string()),
                max_entries: self.count(
                    rq.max_entries.as_ref(),
                    DEFAULT_MAX_ENTRIES,
                    "max_entries",
                ),
            }),
        }
    }

    /// The compiled `show_if`, over the questions before this one.
    fn show_if(&mut self, rq: &RawQuestion, ctx: &Ctx<'_>) -> Option<crate::condition::Condition> {
        let text = rq.show_if.as_ref()?;
        let scope = ScopeOf(&ctx.questions, &ctx.index);
        match condition::compile(text.get_ref(), &scope) {
            Ok(c) => Some(c),
            Err(e) => {
                // +1 steps over the opening quote of the TOML string.
                let at = text.span().start + 1 + e.offset;
                self.err(&(at..at), format!("in show_if: {}", e.message));
                None
            }
        }
    }

    fn misplaced(&mut self, rq: &RawQuestion, kind: RawKind, id: &str, kind_name: &str) {
        type Fields<'f> = Vec<(&'f str, Option<Range<usize>>)>;
        let groups: [(RawKind, &str, Fields<'_>); 5] = [
            (
                RawKind::Choice,
                "choice",
                vec![("ordered", rq.ordered.as_ref().map(S::span))],
            ),
            (
                RawKind::Choice,
                "choice and multi",
                vec![("choices", rq.choices.as_ref().map(S::span))],
            ),
            (
                RawKind::Number,
                "number",
                vec![
                    ("min", rq.min.as_ref().map(S::span)),
                    ("max", rq.max.as_ref().map(S::span)),
                    ("exclusive_min", rq.exclusive_min.as_ref().map(S::span)),
                    ("step", rq.step.as_ref().map(S::span)),
                    ("integer", rq.integer.as_ref().map(S::span)),
                    ("unit", rq.unit.as_ref().map(S::span)),
                    ("at_least", rq.at_least.as_ref().map(S::span)),
                ],
            ),
            (
                RawKind::Text,
                "text",
                vec![
                    ("pattern", rq.pattern.as_ref().map(S::span)),
                    ("pattern_hint", rq.pattern_hint.as_ref().map(S::span)),
                    ("max_length", rq.max_length.as_ref().map(S::span)),
                ],
            ),
            (
                RawKind::KeyValue,
                "key-value",
                vec![
                    ("key_pattern", rq.key_pattern.as_ref().map(S::span)),
                    ("key_hint", rq.key_hint.as_ref().map(S::span)),
                    ("max_entries", rq.max_entries.as_ref().map(S::span)),
                ],
            ),
        ];
        for (group_kind, group_name, fields) in groups {
            let same =
                group_kind == kind || (group_kind == RawKind::Choice && kind == RawKind::Multi);
            if same {
                continue;
            }
            for (field, span) in fields {
                if let Some(span) = span {
                    self.err(
                        &span,
                        format!(
                            "'{field}' applies to {group_name} questions; {} is a {kind_name} question",
                            quote(id)
                        ),
                    );
                }
            }
        }
    }

    fn choices(
        &mut self,
        rq: &RawQuestion,
        id: &str,
        multi: bool,
        options: &[OptionDef],
    ) -> Vec<Choice> {
        let Some(raw) = &rq.choices else {
            self.err(
                &rq.id.span(),
                format!("question {} has no [[questions.choices]]", quote(id)),
            );
            return Vec::new();
        };
        if raw.get_ref().len() > MAX_CHOICES {
            self.err(
                &raw.span(),
                format!(
                    "question {} has {} choices; at most {MAX_CHOICES} are allowed",
                    quote(id),
                    raw.get_ref().len()
                ),
            );
            return Vec::new();
        }
        let needed = if multi { 1 } else { 2 };
        if raw.get_ref().len() < needed {
            self.err(
                &raw.span(),
                format!(
                    "question {} needs at least {needed} choices, found {}",
                    quote(id),
                    raw.get_ref().len()
                ),
            );
        }
        let mut seen = HashSet::new();
        raw.get_ref()
            .iter()
            .map(|c| self.choice(c.get_ref(), options, &mut seen))
            .collect()
    }

    fn choice(
        &mut self,
        rc: &RawChoice,
        options: &[OptionDef],
        seen: &mut HashSet<String>,
    ) -> Choice {
        let id = self.id(&rc.id, "choice", seen);
        let label = self.non_empty(&rc.label, "choice 'label'");
        let mut points = vec![0.0; options.len()];
        for (option, p) in &rc.points.0 {
            let value = *p.get_ref();
            if !value.is_finite() || value.abs() > MAX_POINTS {
                self.err(
                    &p.span(),
                    format!(
                        "points {} are not valid; use a number from -{MAX_POINTS} to {MAX_POINTS}",
                        quote(&value.to_string())
                    ),
                );
            }
            if let Some(i) = self.option(option, options) {
                points[i] = value;
            }
        }
        let mut excludes = Vec::new();
        for (option, reason) in &rc.exclude.0 {
            if reason.get_ref().trim().is_empty() {
                self.err(
                    &reason.span(),
                    "an exclusion needs a reason people can read",
                );
            }
            if let Some(i) = self.option(option, options) {
                excludes.push((i, reason.get_ref().trim().to_owned()));
            }
        }
        let cost_points = rc.cost_points.as_ref().map_or(0.0, |c| {
            let v = *c.get_ref();
            if !v.is_finite() || !(0.0..=MAX_POINTS).contains(&v) {
                self.err(
                    &c.span(),
                    format!(
                        "cost_points {} are not valid; use a number from 0 to {MAX_POINTS}",
                        quote(&v.to_string())
                    ),
                );
            }
            v
        });
        let cost_gap = rc.cost_gap.as_ref().map_or(DEFAULT_COST_GAP, |g| {
            let v = *g.get_ref();
            if !(v.is_finite() && v > 0.0 && v <= MAX_COST_GAP) {
                self.err(
                    &g.span(),
                    format!(
                        "cost_gap {} is not valid; use a share above 0 and at most {MAX_COST_GAP} (0.5: an option 50% dearer than the cheapest gets no cost points)",
                        quote(&v.to_string())
                    ),
                );
            }
            v
        });
        let short = rc.short.as_ref().map_or_else(
            || super::short_label(&label),
            |s| self.non_empty(s, "choice 'short'"),
        );
        Choice {
            id,
            label,
            short,
            help: rc.help.as_ref().map(ToString::to_string),
            points,
            excludes,
            cost_points,
            cost_gap,
        }
    }

    fn option(&mut self, id: &S<Str<'_>>, options: &[OptionDef]) -> Option<usize> {
        let found = options.iter().position(|o| o.id == id.get_ref().as_str());
        if found.is_none() {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            let hint = did_you_mean(id.get_ref(), ids.iter().copied())
                .map_or(String::new(), |m| format!(" (did you mean {}?)", quote(m)));
            self.err(
                &id.span(),
                format!(
                    "unknown option {}{hint}; valid: {}",
                    quote(id.get_ref()),
                    one_of(&ids)
                ),
            );
        }
        found
    }

    fn number(&mut self, rq: &RawQuestion, id: &str, earlier: &[Question]) -> NumberSpec {
        let integer = rq.integer.as_ref().is_some_and(|i| *i.get_ref());
        let mut bound = |b: Option<&S<f64>>, name: &str| -> f64 {
            let Some(b) = b else {
                self.err(
                    &rq.id.span(),
                    format!("number question {} needs '{name}'", quote(id)),
                );
                return 0.0;
            };
            let v = *b.get_ref();
            if !v.is_finite() || v.abs() > 1e12 {
                self.err(
                    &b.span(),
                    format!(
                        "'{name}' {} is not a sane bound; use a finite number within ±1e12",
                        quote(&v.to_string())
                    ),
                );
            } else if integer && v.fract() != 0.0 {
                self.err(
                    &b.span(),
                    format!(
                        "'{name}' {} must be whole for an integer question",
                        quote(&v.to_string())
                    ),
                );
            }
            v
        };
        let min = bound(rq.min.as_ref(), "min");
        let max = bound(rq.max.as_ref(), "max");
        if let (Some(lo), Some(hi)) = (&rq.min, &rq.max)
            && min >= max
        {
            self.err(
                &hi.span(),
                format!(
                    "'max' {} must be above 'min' {}",
                    quote(&hi.get_ref().to_string()),
                    quote(&lo.get_ref().to_string())
                ),
            );
        }
        let step = rq.step.as_ref().map_or(1.0, |s| {
            let v = *s.get_ref();
            if !v.is_finite() || v <= 0.0 || (max > min && v > max - min) {
                self.err(
                    &s.span(),
                    format!(
                        "'step' {} is not valid; use a number above 0 and at most max - min",
                        quote(&v.to_string())
                    ),
                );
            }
            v
        });
        let at_least = rq.at_least.as_ref().and_then(|r| {
            let found = earlier
                .iter()
                .position(|q| q.id == r.get_ref().as_str() && matches!(q.kind, Kind::Number(_)));
            if found.is_none() {
                self.err(
                    &r.span(),
                    format!(
                        "at_least {} must name an earlier number question",
                        quote(r.get_ref())
                    ),
                );
            }
            found
        });
        NumberSpec {
            min,
            max,
            exclusive_min: rq.exclusive_min.as_ref().is_some_and(|e| *e.get_ref()),
            step,
            integer,
            unit: rq.unit.as_ref().map(|u| u.get_ref().to_string()),
            at_least,
        }
    }

    fn regex(&mut self, pattern: Option<&S<Str<'_>>>) -> Option<Regex> {
        let p = pattern?;
        if let Some(re) = self.patterns.get(p.get_ref().as_str()) {
            // A Regex clone shares its compiled program.
            return Some(re.clone());
        }
        match RegexBuilder::new(&format!("^(?:{})$", p.get_ref()))
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => {
                self.patterns.insert(p.get_ref().to_string(), re.clone());
                Some(re)
            }
            Err(e) => {
                let why = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid")
                    .trim()
                    .to_owned();
                self.err(
                    &p.span(),
                    format!(
                        "pattern {} is not a valid regular expression: {why}",
                        quote(p.get_ref())
                    ),
                );
                None
            }
        }
    }

    fn count(&mut self, value: Option<&S<i64>>, default: usize, name: &str) -> usize {
        value.map_or(default, |v| {
            usize::try_from(*v.get_ref())
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .unwrap_or_else(|| {
                    self.err(
                        &v.span(),
                        format!(
                            "'{name}' {} is not valid; use a whole number from 1 to 100000",
                            quote(&v.get_ref().to_string())
                        ),
                    );
                    default
                })
        })
    }

    fn default(&mut self, rq: &RawQuestion, q: &Question) -> Option<Value> {
        let Some(raw) = &rq.default else {
            return match &q.kind {
                Kind::Multi(_) => Some(Value::Multi(Vec::new())),
                Kind::KeyValue(_) => Some(Value::Map(BTreeMap::new())),
                _ => {
                    self.err(
                        &rq.id.span(),
                        format!("question {} needs a 'default' answer", quote(&q.id)),
                    );
                    None
                }
            };
        };
        match q.parse_value(raw.get_ref()) {
            Ok(v) => Some(v),
            Err(message) => {
                self.err(&raw.span(), format!("default: {message}"));
                None
            }
        }
    }
}

struct Ctx<'a> {
    options: &'a [OptionDef],
    sections: &'a [Section],
    cites: Option<&'a [String]>,
    questions: Vec<Question>,
    seen: HashSet<String>,
    /// Question id to index, for conditions (the first question with an id wins).
    index: std::collections::HashMap<String, usize>,
}

/// Conditions may name only questions defined before the one they belong to.
struct ScopeOf<'a>(&'a [Question], &'a std::collections::HashMap<String, usize>);

impl Scope for ScopeOf<'_> {
    fn question(&self, id: &str) -> Result<usize, String> {
        self.1.get(id).copied().ok_or_else(|| {
            let hint = did_you_mean(id, self.0.iter().map(|q| q.id.as_str()))
                .map_or(String::new(), |m| format!(" (did you mean {}?)", quote(m)));
            format!(
                "{} is not an earlier question{hint}; a condition may only name questions above it",
                quote(id)
            )
        })
    }

    fn kind(&self, question: usize) -> ScopeKind {
        match &self.0[question].kind {
            Kind::Choice(_) => ScopeKind::Choice,
            Kind::Multi(_) => ScopeKind::Multi,
            Kind::Number(_) => ScopeKind::Number,
            Kind::Text(_) => ScopeKind::Text,
            Kind::KeyValue(_) => ScopeKind::Map,
        }
    }

    fn choice(&self, question: usize, id: &str) -> Result<usize, String> {
        let q = &self.0[question];
        q.choice_index(id).ok_or_else(|| {
            let ids: Vec<&str> = q.kind.choices().iter().map(|c| c.id.as_str()).collect();
            format!(
                "{} is not a choice of {}; valid: {}",
                quote(id),
                quote(&q.id),
                one_of(&ids)
            )
        })
    }
}

/// The lowest and highest points one answer can give any option (see `engine` for the formula).
fn score_range(kind: &Kind, options: usize) -> (f64, f64) {
    match kind {
        Kind::Choice(choices) => choices.iter().fold((0.0_f64, 0.0_f64), |(lo, hi), c| {
            let cmin = c.points.iter().copied().fold(f64::INFINITY, f64::min);
            let cmax = c.points.iter().copied().fold(f64::NEG_INFINITY, f64::max) + c.cost_points;
            (lo.min(cmin), hi.max(cmax))
        }),
        Kind::Multi(choices) => (0..options).fold((0.0_f64, 0.0_f64), |(lo, hi), o| {
            let neg: f64 = choices.iter().map(|c| c.points[o].min(0.0)).sum();
            let pos: f64 = choices
                .iter()
                .map(|c| (c.points[o] + c.cost_points).max(0.0))
                .sum();
            (lo.min(neg), hi.max(pos))
        }),
        _ => (0.0, 0.0),
    }
}
