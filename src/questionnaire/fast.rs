//! A direct reader for questionnaire files written in the usual layout, straight from the TOML
//! parser's events into the raw structs: no generic table in between, and strings borrowed.
//!
//! It is an accelerator, never an authority. It accepts a file only when it can see the whole
//! meaning itself: plain keys (dotted only as `points.<option>` and `exclude.<option>`), the
//! known headers (`[source]`, `[[options]]`, `[[sections]]`, `[[questions]]`,
//! `[[questions.choices]]`), values of the expected types, no duplicates, every required field.
//! Anything else (other dotted keys or headers, an unknown field, a wrong type, any syntax error)
//! makes it give up, and the caller reads the file with `toml` and serde, which give the same
//! result on what this accepts and the usual messages on what it does not. The tests hold the two
//! readers to the same output, spans included.
//!
//! It exists for large questionnaires: a 5,000-question file (2 MB) took 40 ms through `toml`'s
//! generic tables and serde, and takes about 20 ms here.

use super::raw::{
    Pairs, RawChoice, RawKind, RawOption, RawQuestion, RawQuestionnaire, RawSection, RawSource, S,
    Str,
};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::borrow::Cow;
use std::ops::Range;
use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source};

/// Deeper than any default value needs; the caller's reader handles deeper ones.
const MAX_DEPTH: usize = 16;
/// The parser's own nesting limit, which is what keeps it off the end of the stack. The same as
/// `toml`'s.
const PARSER_DEPTH: u32 = 80;

/// The whole questionnaire, or `None` when the file is not in a shape this reader takes.
pub fn questionnaire(text: &str) -> Option<RawQuestionnaire<'_>> {
    let mut r = Reader::new(text)?;
    r.document(false)?;
    r.finish()
}

/// A piece holding only `[[questions]]` tables, or `None` as for [`questionnaire`].
pub fn questions(text: &str) -> Option<Vec<S<RawQuestion<'_>>>> {
    let mut r = Reader::new(text)?;
    r.document(true)?;
    r.root.is_empty().then_some(r.questions)
}

/// Whether any error was reported.
#[derive(Default)]
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _: ParseError) {
        self.0 = true;
    }
}

/// Which table the key/value lines now go to.
#[derive(Clone, Copy)]
enum Target {
    Root,
    Source,
    Option,
    Section,
    Question,
    Choice,
}

#[derive(Default)]
struct Root<'a> {
    id: Option<S<Str<'a>>>,
    title: Option<S<Str<'a>>>,
    version: Option<S<Str<'a>>>,
    description: Option<Str<'a>>,
}

impl Root<'_> {
    fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.title.is_none()
            && self.version.is_none()
            && self.description.is_none()
    }
}

#[derive(Default)]
struct SourceFields {
    title: Option<String>,
    url: Option<String>,
    sections: Option<Vec<String>>,
}

/// A table under construction: its header's span and the fields seen so far.
struct Open<T> {
    span: Range<usize>,
    fields: T,
}

#[derive(Default)]
struct OptionFields<'a> {
    id: Option<S<Str<'a>>>,
    name: Option<S<Str<'a>>>,
    summary: Option<Str<'a>>,
    artifact: Option<super::Artifact>,
    cost_model: Option<super::CostModel>,
}

#[derive(Default)]
struct SectionFields<'a> {
    id: Option<S<Str<'a>>>,
    title: Option<S<Str<'a>>>,
}

#[derive(Default)]
struct QuestionFields<'a> {
    id: Option<S<Str<'a>>>,
    section: Option<S<Str<'a>>>,
    kind: Option<S<RawKind>>,
    prompt: Option<S<Str<'a>>>,
    driver: Option<Str<'a>>,
    help: Option<Str<'a>>,
    cite: Option<S<Str<'a>>>,
    weight: Option<S<f64>>,
    show_if: Option<S<Str<'a>>>,
    default: Option<S<toml::Value>>,
    /// Inline (`choices = [...]`) or from `[[questions.choices]]` headers, with the span serde
    /// gives either: the array, or the first header.
    choices: Option<(Range<usize>, Vec<S<RawChoice<'a>>>, bool)>,
    open_choice: Option<Open<ChoiceFields<'a>>>,
    min: Option<S<f64>>,
    max: Option<S<f64>>,
    exclusive_min: Option<S<bool>>,
    step: Option<S<f64>>,
    integer: Option<S<bool>>,
    unit: Option<S<Str<'a>>>,
    at_least: Option<S<Str<'a>>>,
    pattern: Option<S<Str<'a>>>,
    pattern_hint: Option<S<Str<'a>>>,
    max_length: Option<S<i64>>,
    key_pattern: Option<S<Str<'a>>>,
    key_hint: Option<S<Str<'a>>>,
    max_entries: Option<S<i64>>,
}

/// A choice's `points` or `exclude` table: its entries, and whether it was written as dotted keys
/// (`points.ecs-fargate = 3`), which may add to it, or inline, which TOML seals.
struct Keyed<'a, V> {
    pairs: Pairs<S<Str<'a>>, V>,
    dotted: bool,
}

#[derive(Default)]
struct ChoiceFields<'a> {
    id: Option<S<Str<'a>>>,
    label: Option<S<Str<'a>>>,
    help: Option<Str<'a>>,
    points: Option<Keyed<'a, S<f64>>>,
    exclude: Option<Keyed<'a, S<Str<'a>>>>,
    cost_points: Option<S<f64>>,
    cost_gap: Option<S<f64>>,
}

/// Sets a field once; a second time is a duplicate key, which this reader leaves to `toml`.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

struct Reader<'a> {
    source: Source<'a>,
    events: Vec<Event>,
    at: usize,
    target: Target,
    root: Root<'a>,
    src: Option<SourceFields>,
    options: Vec<S<RawOption<'a>>>,
    open_option: Option<Open<OptionFields<'a>>>,
    sections: Vec<S<RawSection<'a>>>,
    open_section: Option<Open<SectionFields<'a>>>,
    questions: Vec<S<RawQuestion<'a>>>,
    open_question: Option<Open<QuestionFields<'a>>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Option<Self> {
        let source = Source::new(text);
        let tokens = source.lex().into_vec();
        let mut events = Vec::with_capacity(tokens.len());
        let mut failed = Failed::default();
        let mut receiver = ValidateWhitespace::new(&mut events, source);
        let mut receiver = RecursionGuard::new(&mut receiver, PARSER_DEPTH);
        toml_parser::parser::parse_document(&tokens, &mut receiver, &mut failed);
        if failed.0 {
            return None;
        }
        Some(Self {
            source,
            events,
            at: 0,
            target: Target::Root,
            root: Root::default(),
            src: None,
            options: Vec::new(),
            open_option: None,
            sections: Vec::new(),
            open_section: None,
            questions: Vec::new(),
            open_question: None,
        })
    }

    /// The next event that is not whitespace, a comment or a line break.
    fn next(&mut self) -> Option<Event> {
        while let Some(&e) = self.events.get(self.at) {
            self.at += 1;
            match e.kind() {
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline => {}
                _ => return Some(e),
            }
        }
        None
    }

    fn peek(&mut self) -> Option<EventKind> {
        let e = self.next()?;
        // Back onto `e` itself; the trivia before it stay skipped.
        self.at -= 1;
        Some(e.kind())
    }

    fn expect(&mut self, kind: EventKind) -> Option<Event> {
        self.next().filter(|e| e.kind() == kind)
    }

    fn span(e: Event) -> Range<usize> {
        e.span().start()..e.span().end()
    }

    fn key(&mut self, e: Event) -> Option<S<Str<'a>>> {
        let raw = self.source.get(e)?;
        let mut decoded = Cow::Borrowed("");
        let mut failed = Failed::default();
        raw.decode_key(&mut decoded, &mut failed);
        (!failed.0).then(|| S::new(Self::span(e), Str(decoded)))
    }

    /// A key that is one simple key, followed by its `=`.
    fn single_key(&mut self, first: Event) -> Option<S<Str<'a>>> {
        match self.key_path(first)? {
            (key, None) => Some(key),
            _ => None,
        }
    }

    /// A key of one or two parts (`points.ecs-fargate`), followed by its `=`.
    fn key_path(&mut self, first: Event) -> Option<(S<Str<'a>>, Option<S<Str<'a>>>)> {
        let key = self.key(first)?;
        match self.next()?.kind() {
            EventKind::KeyValSep => Some((key, None)),
            EventKind::KeySep => {
                let e = self.expect(EventKind::SimpleKey)?;
                let sub = self.key(e)?;
                self.expect(EventKind::KeyValSep)?;
                Some((key, Some(sub)))
            }
            _ => None,
        }
    }

    fn scalar(&mut self) -> Option<(Range<usize>, ScalarKind, Cow<'a, str>)> {
        let e = self.expect(EventKind::Scalar)?;
        let raw = self.source.get(e)?;
        let mut decoded = Cow::Borrowed("");
        let mut failed = Failed::default();
        let kind = raw.decode_scalar(&mut decoded, &mut failed);
        (!failed.0).then(|| (Self::span(e), kind, decoded))
    }

    fn string(&mut self) -> Option<S<Str<'a>>> {
        match self.scalar()? {
            (span, ScalarKind::String, s) => Some(S::new(span, Str(s))),
            _ => None,
        }
    }

    fn plain(&mut self) -> Option<Str<'a>> {
        self.string().map(S::into_inner)
    }

    /// A number for an `f64` field: integers widen, as serde's `f64` does.
    fn float(&mut self) -> Option<S<f64>> {
        let (span, kind, s) = self.scalar()?;
        let v = match kind {
            #[allow(clippy::cast_precision_loss)] // what serde does with an integer for an f64
            ScalarKind::Integer(radix) => i64::from_str_radix(&s, radix.value()).ok()? as f64,
            ScalarKind::Float => float(&s)?,
            _ => return None,
        };
        Some(S::new(span, v))
    }

    fn integer(&mut self) -> Option<S<i64>> {
        match self.scalar()? {
            (span, ScalarKind::Integer(radix), s) => {
                Some(S::new(span, i64::from_str_radix(&s, radix.value()).ok()?))
            }
            _ => None,
        }
    }

    fn boolean(&mut self) -> Option<S<bool>> {
        match self.scalar()? {
            (span, ScalarKind::Boolean(b), _) => Some(S::new(span, b)),
            _ => None,
        }
    }

    /// A string naming an enum variant, read by the enum's own serde impl.
    fn variant<T: Deserialize<'a>>(&mut self) -> Option<S<T>> {
        let s = self.string()?;
        let span = s.span();
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            s.get_ref().as_str().into_deserializer();
        T::deserialize(de).ok().map(|v| S::new(span, v))
    }

    /// Any value, as `toml::Value` (a question's `default`).
    fn value(&mut self, depth: usize) -> Option<S<toml::Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            EventKind::Scalar => {
                let (span, kind, s) = self.scalar()?;
                let v = match kind {
                    ScalarKind::String => toml::Value::String(s.into_owned()),
                    ScalarKind::Boolean(b) => toml::Value::Boolean(b),
                    ScalarKind::Integer(radix) => {
                        toml::Value::Integer(i64::from_str_radix(&s, radix.value()).ok()?)
                    }
                    ScalarKind::Float => toml::Value::Float(float(&s)?),
                    ScalarKind::DateTime => toml::Value::Datetime(s.parse().ok()?),
                };
                Some(S::new(span, v))
            }
            EventKind::ArrayOpen => {
                let open = self.next()?;
                let mut items = Vec::new();
                let close = self.list(EventKind::ArrayClose, |r| {
                    items.push(r.value(depth + 1)?.into_inner());
                    Some(())
                })?;
                Some(S::new(
                    open.span().start()..close.end,
                    toml::Value::Array(items),
                ))
            }
            EventKind::InlineTableOpen => {
                let open = self.next()?;
                let mut table = toml::Table::new();
                let close = self.list(EventKind::InlineTableClose, |r| {
                    let first = r.expect(EventKind::SimpleKey)?;
                    let key = r.single_key(first)?.into_inner().to_string();
                    let value = r.value(depth + 1)?.into_inner();
                    table.insert(key, value).is_none().then_some(())
                })?;
                Some(S::new(
                    open.span().start()..close.end,
                    toml::Value::Table(table),
                ))
            }
            _ => None,
        }
    }

    /// Items separated by commas up to `close` (a trailing comma allowed); returns the span of
    /// `close`. The opening event is already read.
    fn list(
        &mut self,
        close: EventKind,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<Range<usize>> {
        loop {
            if self.peek()? == close {
                return Some(Self::span(self.next()?));
            }
            item(self)?;
            match self.next()? {
                e if e.kind() == close => return Some(Self::span(e)),
                e if e.kind() == EventKind::ValueSep => {}
                _ => return None,
            }
        }
    }

    /// An inline table of `key = value` read by `value`, in file order.
    fn pairs<V>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<V>,
    ) -> Option<Pairs<S<Str<'a>>, V>> {
        self.expect(EventKind::InlineTableOpen)?;
        let mut pairs: Vec<(S<Str<'a>>, V)> = Vec::new();
        self.list(EventKind::InlineTableClose, |r| {
            let first = r.expect(EventKind::SimpleKey)?;
            let key = r.single_key(first)?;
            if pairs.iter().any(|(k, _)| k.get_ref() == key.get_ref()) {
                return None;
            }
            let v = value(r)?;
            pairs.push((key, v));
            Some(())
        })?;
        Some(Pairs(pairs))
    }

    fn document(&mut self, questions_only: bool) -> Option<()> {
        while let Some(e) = self.next() {
            match e.kind() {
                EventKind::SimpleKey => match self.key_path(e)? {
                    (key, None) => self.field(key.get_ref().as_str())?,
                    (key, Some(sub)) if matches!(self.target, Target::Choice) => {
                        self.choice_field(key.get_ref().as_str(), Some(sub))?;
                    }
                    _ => return None,
                },
                EventKind::StdTableOpen => {
                    let path = self.header(EventKind::StdTableClose)?;
                    let source = matches!(path.0.as_slice(), [key] if key.as_str() == "source");
                    if !source || self.src.is_some() || questions_only {
                        return None;
                    }
                    self.src = Some(SourceFields::default());
                    self.target = Target::Source;
                }
                EventKind::ArrayTableOpen => {
                    let (path, end) = self.header(EventKind::ArrayTableClose)?;
                    let span = e.span().start()..end;
                    self.array_table(&path, span, questions_only)?;
                }
                _ => return None,
            }
        }
        self.close_tables()
    }

    /// The keys of a header up to `close`, and where it ends.
    fn header(&mut self, close: EventKind) -> Option<(Vec<Str<'a>>, usize)> {
        let mut path = Vec::new();
        loop {
            let e = self.expect(EventKind::SimpleKey)?;
            path.push(self.key(e)?.into_inner());
            match self.next()? {
                e if e.kind() == close => return Some((path, e.span().end())),
                e if e.kind() == EventKind::KeySep => {}
                _ => return None,
            }
        }
    }

    fn array_table(
        &mut self,
        path: &[Str<'a>],
        span: Range<usize>,
        questions_only: bool,
    ) -> Option<()> {
        let path: Vec<&str> = path.iter().map(Str::as_str).collect();
        match path.as_slice() {
            ["questions", "choices"] => {
                let q = self.open_question.as_mut()?;
                close_choice(&mut q.fields)?;
                match &mut q.fields.choices {
                    None => q.fields.choices = Some((span.clone(), Vec::new(), true)),
                    Some((_, _, true)) => {}
                    Some((_, _, false)) => return None,
                }
                q.fields.open_choice = Some(Open {
                    span,
                    fields: ChoiceFields::default(),
                });
                self.target = Target::Choice;
                return Some(());
            }
            [one] if questions_only && *one != "questions" => return None,
            _ => {}
        }
        self.close_tables()?;
        match path.as_slice() {
            ["options"] => {
                self.open_option = Some(Open {
                    span,
                    fields: OptionFields::default(),
                });
                self.target = Target::Option;
            }
            ["sections"] => {
                self.open_section = Some(Open {
                    span,
                    fields: SectionFields::default(),
                });
                self.target = Target::Section;
            }
            ["questions"] => {
                self.open_question = Some(Open {
                    span,
                    fields: QuestionFields::default(),
                });
                self.target = Target::Question;
            }
            _ => return None,
        }
        Some(())
    }

    /// Finishes the open option, section or question, checking their required fields.
    fn close_tables(&mut self) -> Option<()> {
        if let Some(o) = self.open_option.take() {
            let f = o.fields;
            self.options.push(S::new(
                o.span,
                RawOption {
                    id: f.id?,
                    name: f.name?,
                    summary: f.summary,
                    artifact: f.artifact,
                    cost_model: f.cost_model,
                },
            ));
        }
        if let Some(s) = self.open_section.take() {
            let f = s.fields;
            self.sections.push(S::new(
                s.span,
                RawSection {
                    id: f.id?,
                    title: f.title?,
                },
            ));
        }
        if let Some(q) = self.open_question.take() {
            let mut f = q.fields;
            close_choice(&mut f)?;
            self.questions.push(S::new(
                q.span,
                RawQuestion {
                    id: f.id?,
                    section: f.section?,
                    kind: f.kind?,
                    prompt: f.prompt?,
                    driver: f.driver,
                    help: f.help.unwrap_or_default(),
                    cite: f.cite,
                    weight: f.weight,
                    show_if: f.show_if,
                    default: f.default,
                    choices: f.choices.map(|(span, c, _)| S::new(span, c)),
                    min: f.min,
                    max: f.max,
                    exclusive_min: f.exclusive_min,
                    step: f.step,
                    integer: f.integer,
                    unit: f.unit,
                    at_least: f.at_least,
                    pattern: f.pattern,
                    pattern_hint: f.pattern_hint,
                    max_length: f.max_length,
                    key_pattern: f.key_pattern,
                    key_hint: f.key_hint,
                    max_entries: f.max_entries,
                },
            ));
        }
        Some(())
    }

    fn finish(mut self) -> Option<RawQuestionnaire<'a>> {
        self.close_tables()?;
        let source = match self.src {
            None => None,
            Some(s) => Some(RawSource {
                title: s.title?,
                url: s.url,
                sections: s.sections.unwrap_or_default(),
            }),
        };
        Some(RawQuestionnaire {
            id: self.root.id?,
            title: self.root.title?,
            version: self.root.version?,
            description: self.root.description,
            source,
            options: self.options,
            sections: self.sections,
            questions: self.questions,
        })
    }

    /// One `key = value` line in the current table.
    fn field(&mut self, key: &str) -> Option<()> {
        match self.target {
            Target::Root => {
                let v = self.string()?;
                let f = &mut self.root;
                match key {
                    "id" => set(&mut f.id, v),
                    "title" => set(&mut f.title, v),
                    "version" => set(&mut f.version, v),
                    "description" => set(&mut f.description, v.into_inner()),
                    _ => None,
                }
            }
            Target::Source => {
                let value = if key == "sections" {
                    let mut all = Vec::new();
                    self.expect(EventKind::ArrayOpen)?;
                    self.list(EventKind::ArrayClose, |r| {
                        all.push(r.plain()?.to_string());
                        Some(())
                    })?;
                    return set(&mut self.src.as_mut()?.sections, all);
                } else {
                    self.plain()?.to_string()
                };
                let f = self.src.as_mut()?;
                match key {
                    "title" => set(&mut f.title, value),
                    "url" => set(&mut f.url, value),
                    _ => None,
                }
            }
            Target::Option => match key {
                "id" | "name" | "summary" => {
                    let v = self.string()?;
                    let f = &mut self.open_option.as_mut()?.fields;
                    match key {
                        "id" => set(&mut f.id, v),
                        "name" => set(&mut f.name, v),
                        _ => set(&mut f.summary, v.into_inner()),
                    }
                }
                "artifact" => {
                    let v = self.variant()?.into_inner();
                    set(&mut self.open_option.as_mut()?.fields.artifact, v)
                }
                "cost_model" => {
                    let v = self.variant()?.into_inner();
                    set(&mut self.open_option.as_mut()?.fields.cost_model, v)
                }
                _ => None,
            },
            Target::Section => {
                let v = self.string()?;
                let f = &mut self.open_section.as_mut()?.fields;
                match key {
                    "id" => set(&mut f.id, v),
                    "title" => set(&mut f.title, v),
                    _ => None,
                }
            }
            Target::Question => self.question_field(key),
            Target::Choice => self.choice_field(key, None),
        }
    }

    fn question_field(&mut self, key: &str) -> Option<()> {
        macro_rules! put {
            ($field:ident, $read:expr) => {{
                let v = $read;
                set(&mut self.open_question.as_mut()?.fields.$field, v)
            }};
        }
        match key {
            "id" => put!(id, self.string()?),
            "section" => put!(section, self.string()?),
            "kind" => put!(kind, self.variant()?),
            "prompt" => put!(prompt, self.string()?),
            "driver" => put!(driver, self.plain()?),
            "help" => put!(help, self.plain()?),
            "cite" => put!(cite, self.string()?),
            "weight" => put!(weight, self.float()?),
            "show_if" => put!(show_if, self.string()?),
            "default" => put!(default, self.value(0)?),
            "min" => put!(min, self.float()?),
            "max" => put!(max, self.float()?),
            "exclusive_min" => put!(exclusive_min, self.boolean()?),
            "step" => put!(step, self.float()?),
            "integer" => put!(integer, self.boolean()?),
            "unit" => put!(unit, self.string()?),
            "at_least" => put!(at_least, self.string()?),
            "pattern" => put!(pattern, self.string()?),
            "pattern_hint" => put!(pattern_hint, self.string()?),
            "max_length" => put!(max_length, self.integer()?),
            "key_pattern" => put!(key_pattern, self.string()?),
            "key_hint" => put!(key_hint, self.string()?),
            "max_entries" => put!(max_entries, self.integer()?),
            "choices" => {
                let open = self.expect(EventKind::ArrayOpen)?;
                let mut choices = Vec::new();
                let close = self.list(EventKind::ArrayClose, |r| {
                    choices.push(r.inline_choice()?);
                    Some(())
                })?;
                let span = open.span().start()..close.end;
                put!(choices, (span, choices, false))
            }
            _ => None,
        }
    }

    fn inline_choice(&mut self) -> Option<S<RawChoice<'a>>> {
        let open = self.expect(EventKind::InlineTableOpen)?;
        let mut fields = ChoiceFields::default();
        let close = self.list(EventKind::InlineTableClose, |r| {
            let first = r.expect(EventKind::SimpleKey)?;
            let (key, sub) = r.key_path(first)?;
            r.choice_value(key.get_ref().as_str(), sub, &mut fields)
        })?;
        let span = open.span().start()..close.end;
        Some(S::new(span, choice(fields)?))
    }

    fn choice_field(&mut self, key: &str, sub: Option<S<Str<'a>>>) -> Option<()> {
        let mut fields = self.open_question.as_mut()?.fields.open_choice.take()?;
        self.choice_value(key, sub, &mut fields.fields)?;
        self.open_question.as_mut()?.fields.open_choice = Some(fields);
        Some(())
    }

    /// One field of a choice. `points` and `exclude` may also be written a key at a time
    /// (`points.ecs-fargate = 3`), but not both ways in one choice: TOML seals an inline table.
    fn choice_value(
        &mut self,
        key: &str,
        sub: Option<S<Str<'a>>>,
        f: &mut ChoiceFields<'a>,
    ) -> Option<()> {
        if let Some(sub) = sub {
            return match key {
                "points" => dotted(&mut f.points, sub, self.float()?),
                "exclude" => dotted(&mut f.exclude, sub, self.string()?),
                _ => None,
            };
        }
        match key {
            "id" => set(&mut f.id, self.string()?),
            "label" => set(&mut f.label, self.string()?),
            "help" => set(&mut f.help, self.plain()?),
            "points" => set(
                &mut f.points,
                Keyed {
                    pairs: self.pairs(Self::float)?,
                    dotted: false,
                },
            ),
            "exclude" => set(
                &mut f.exclude,
                Keyed {
                    pairs: self.pairs(Self::string)?,
                    dotted: false,
                },
            ),
            "cost_points" => set(&mut f.cost_points, self.float()?),
            "cost_gap" => set(&mut f.cost_gap, self.float()?),
            _ => None,
        }
    }
}

/// Adds `table.key = value` to a table built from dotted keys.
fn dotted<'a, V>(table: &mut Option<Keyed<'a, V>>, key: S<Str<'a>>, value: V) -> Option<()> {
    let table = table.get_or_insert_with(|| Keyed {
        pairs: Pairs::default(),
        dotted: true,
    });
    if !table.dotted
        || table
            .pairs
            .0
            .iter()
            .any(|(k, _)| k.get_ref() == key.get_ref())
    {
        return None;
    }
    table.pairs.0.push((key, value));
    Some(())
}

/// What toml does with a float's text (`DeFloat::to_f64`): an overflow to infinity is an error.
fn float(s: &str) -> Option<f64> {
    let f: f64 = s.parse().ok()?;
    (!f.is_infinite() || s.contains("inf")).then_some(f)
}

fn choice(f: ChoiceFields<'_>) -> Option<RawChoice<'_>> {
    Some(RawChoice {
        id: f.id?,
        label: f.label?,
        help: f.help,
        points: f.points.map(|t| t.pairs).unwrap_or_default(),
        exclude: f.exclude.map(|t| t.pairs).unwrap_or_default(),
        cost_points: f.cost_points,
        cost_gap: f.cost_gap,
    })
}

/// Appends the choice under construction, if any, to its question.
fn close_choice(q: &mut QuestionFields<'_>) -> Option<()> {
    if let Some(open) = q.open_choice.take() {
        let c = choice(open.fields)?;
        q.choices.as_mut()?.1.push(S::new(open.span, c));
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::raw::{Pieces, RawQuestionnaire, read};
    use proptest::prelude::*;
    use std::path::Path;

    /// What `toml` and serde make of a file: the raw structs, spans included, or the error.
    fn reference(text: &str) -> Result<String, String> {
        toml::from_str::<RawQuestionnaire>(text)
            .map(|r| format!("{r:?}"))
            .map_err(|e| e.to_string())
    }

    fn fast(text: &str) -> Option<String> {
        super::questionnaire(text).map(|r| format!("{r:?}"))
    }

    /// The fast reader never takes what `toml` refuses, reads what it takes the same way, and
    /// reading in pieces changes nothing either.
    fn agree(text: &str, pieces: usize) {
        let expected = reference(text);
        if let Some(got) = fast(text) {
            assert_eq!(Ok(got), expected, "the fast reader disagrees on:\n{text}");
        }
        let pieces = Pieces::cut(text, pieces);
        let got = read(text, &pieces)
            .map(|r| format!("{r:?}"))
            .map_err(|e| e.to_string());
        assert_eq!(got, expected, "reading in pieces disagrees on:\n{text}");
    }

    #[test]
    fn reads_the_bundled_and_generated_questionnaires_itself() {
        let generated = crate::questionnaire::synthetic(200, 7);
        let texts = crate::questionnaire::BUILTIN
            .iter()
            .map(|(_, _, t)| *t)
            .chain([generated.as_str()]);
        for text in texts {
            let got = fast(text).expect("the usual layout is read without falling back");
            assert_eq!(Ok(got), reference(text));
            for pieces in 2..=4 {
                agree(text, pieces);
            }
        }
    }

    #[test]
    fn agrees_on_every_fixture() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaires");
        let mut seen = 0;
        for sub in ["valid", "invalid"] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("fixtures") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
                agree(&text, 3);
                seen += 1;
            }
        }
        assert!(seen >= 9, "found only {seen} fixtures");
    }

    /// A small questionnaire the fast reader takes; each case below changes one thing in it.
    const SMALL: &str = "id = \"q\"\ntitle = \"T\"\nversion = \"1\"\n\
        [source]\ntitle = \"Doc\"\n\
        [[options]]\nid = \"a\"\nname = \"A\"\n[[options]]\nid = \"b\"\nname = \"B\"\n\
        [[sections]]\nid = \"s\"\ntitle = \"S\"\n\
        [[questions]]\nid = \"x\"\nsection = \"s\"\nkind = \"choice\"\nprompt = \"P\"\n\
        default = \"c\"\n\
        [[questions.choices]]\nid = \"c\"\nlabel = \"C\"\npoints = { a = 1 }\n\
        [[questions.choices]]\nid = \"d\"\nlabel = \"D\"\nexclude.b = \"why\"\n";

    #[test]
    fn leaves_every_other_layout_to_toml() {
        assert!(fast(SMALL).is_some(), "the base case is read");
        for (from, to, why) in [
            (
                "title = \"T\"",
                "title.x = \"T\"",
                "a dotted key outside points and exclude",
            ),
            (
                "[[options]]\nid = \"a\"",
                "[options]\nid = \"a\"",
                "a table where an array belongs",
            ),
            (
                "version = \"1\"",
                "version = \"1\"\nid = \"again\"",
                "a duplicate key",
            ),
            (
                "version = \"1\"",
                "version = \"1\"\ncolour = \"red\"",
                "an unknown field",
            ),
            ("prompt = \"P\"", "prompt = 1", "a wrong type"),
            ("label = \"C\"\n", "", "a missing required field"),
            (
                "default = \"c\"",
                "default = \"c\"\nchoices = []",
                "extending an inline array",
            ),
            (
                "[source]",
                "[source]\nurl = \"u\"\n[source]",
                "a table defined twice",
            ),
            (
                "points = { a = 1 }",
                "points = { a = 1 }\npoints.b = 2",
                "extending an inline table",
            ),
            (
                "points = { a = 1 }",
                "points.a = 1\npoints.a = 2",
                "a dotted key twice",
            ),
            (
                "points = { a = 1 }",
                "points = { a = 1, a = 2 }",
                "an inline key twice",
            ),
            (
                "points = { a = 1 }",
                "points = { a = 1e999 }",
                "a float that overflows",
            ),
            ("label = \"C\"", "label = \"\\q\"", "a bad escape"),
            ("kind = \"choice\"", "kind = \"chose\"", "an unknown kind"),
        ] {
            assert!(SMALL.contains(from), "{from}");
            let text = SMALL.replacen(from, to, 1);
            assert_eq!(fast(&text), None, "{why} is left to toml");
            agree(&text, 2);
        }
    }

    /// Text that changes what follows it: headers, unterminated strings and arrays, dotted keys,
    /// duplicates, odd numbers and dates.
    const SNIPPETS: &[&str] = &[
        "[[questions]]\n",
        "[[questions.choices]]\nid = \"z\"\nlabel = \"Z\"\n",
        "[[options]]\nid = \"o\"\nname = \"O\"\n",
        "[[sections]]\nid = \"s9\"\ntitle = \"S\"\n",
        "[source]\ntitle = \"x\"\n",
        "\"\"\"\n",
        "'''\n",
        "help = \"\"\"\nsome\n[[questions]]\ntext\"\"\"\n",
        "choices = [\n",
        "]\n",
        "points.a = 1\n",
        "id = \"dup\"\n",
        "weight = inf\n",
        "weight = nan\n",
        "min = 0x10\n",
        "max = 1e400\n",
        "max_length = 9223372036854775808\n",
        "default = { a = 1, b = [1, 2.5, true, 1979-05-27T07:32:00Z] }\n",
        "default = [[[[1]]]]\n",
        "kind = \"text\"\n",
        "exclude = { \"gke-standard\" = \"no\", 'ecs-fargate' = \"\\u00e9\" }\n",
        "points = { ecs-fargate = 1, ecs-fargate = 2 }\n",
        "points.gke-standard = 2\n",
        "exclude.ecs-fargate = \"no\"\n",
        "points = { gke.standard = 1 }\n",
        "# [[questions]]\n",
        "\n",
    ];

    fn mutated() -> impl Strategy<Value = String> {
        let bases = vec![
            crate::questionnaire::BUILTIN[0].2.to_owned(),
            crate::questionnaire::synthetic(40, 4),
        ];
        (
            prop::sample::select(bases),
            prop::collection::vec((any::<prop::sample::Index>(), 0..SNIPPETS.len() + 2), 1..4),
        )
            .prop_map(|(base, edits)| {
                let mut lines: Vec<String> = base.lines().map(|l| format!("{l}\n")).collect();
                for (at, what) in edits {
                    let i = at.index(lines.len());
                    match what.checked_sub(2) {
                        Some(s) => lines.insert(i, SNIPPETS[s].to_owned()),
                        None if what == 0 => {
                            lines.remove(i);
                        }
                        None => {
                            let line = lines[i].clone();
                            lines.insert(i, line);
                        }
                    }
                }
                lines.concat()
            })
    }

    proptest! {
        // Longer: TRADEOFF_FUZZ_CASES=100000 cargo test --release --lib agrees_with_toml
        #![proptest_config(ProptestConfig {
            cases: std::env::var("TRADEOFF_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]
        #[test]
        fn agrees_with_toml_on_edited_files(text in mutated(), pieces in 2usize..5) {
            agree(&text, pieces);
        }
    }
}
