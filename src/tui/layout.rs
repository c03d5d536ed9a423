//! Where everything goes on screen, computed from the terminal size and the state alone: the
//! renderer draws into these areas and mouse clicks are resolved against the same ones.

use super::app::App;
use crate::questionnaire::Kind;
use ratatui::layout::{Constraint, Layout, Rect};
use std::fmt::Write;

/// Below this the explorer asks for a larger terminal.
pub(crate) const MIN_WIDTH: u16 = 50;
pub(crate) const MIN_HEIGHT: u16 = 14;
/// The question column's width before any side panel gets a column: measured on the default
/// questionnaire, an inner width of 48 keeps every prompt to three lines and wraps its 56
/// choices into 72 lines (60 at 56, 81 at 40, 105 at 24), so below it the question reads worse
/// than stacked.
pub(crate) const QUESTION_MIN: u16 = 50;
/// The side panels' widths: the score, bill and chart column, then the sections list. Each
/// takes its least width before either grows (the sections list first), and the question takes
/// what is left over. The sections list's least width holds its longest title with its count.
/// The score column's least width holds the price dates' line and the chart's legend.
const RIGHT_MIN: u16 = 44;
const RIGHT_WIDTH: u16 = 46;
const SECTIONS_MIN: u16 = 26;
const SECTIONS_WIDTH: u16 = 32;
/// From this size on, the question and the score column sit side by side.
pub(crate) const WIDE_WIDTH: u16 = QUESTION_MIN + RIGHT_MIN;
pub(crate) const WIDE_HEIGHT: u16 = 30;
const CHART_HEIGHT: u16 = 12;
const FLIPS_HEIGHT: u16 = 9;
/// The least height worth giving a panel below the question: a border, a title and two rows.
const PANEL_MIN: u16 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Wide,
    /// The question on top, one of scores / cost / chart below (`v` switches).
    Narrow,
    TooSmall,
}

#[must_use]
pub(crate) fn shape(area: Rect) -> Shape {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        Shape::TooSmall
    } else if area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT {
        Shape::Wide
    } else {
        Shape::Narrow
    }
}

/// The screen's areas. Panels a shape does not show are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Regions {
    pub header: Rect,
    pub sections: Option<Rect>,
    pub question: Rect,
    pub scores: Option<Rect>,
    pub cost: Option<Rect>,
    pub chart: Option<Rect>,
    /// Narrow: the tab line and the one panel below the question.
    pub tabs: Option<Rect>,
    pub below: Option<Rect>,
    pub why: Option<Rect>,
    /// Wide: what would change the outcome, under the question.
    pub flips: Option<Rect>,
    pub hints: Rect,
    /// The rows the focused question needs, when the terminal cannot show it with its choices.
    pub cramped: Option<u16>,
}

/// The side columns' widths (sections, right) for a wide terminal: the question keeps
/// [`QUESTION_MIN`], then each side panel gets its least width, the score column first, then
/// the sections list grows to its full width, then the score column; the question takes the
/// rest.
#[must_use]
fn columns(width: u16) -> (u16, u16) {
    let mut spare = width.saturating_sub(QUESTION_MIN + RIGHT_MIN);
    if spare < SECTIONS_MIN {
        return (0, RIGHT_MIN + spare.min(RIGHT_WIDTH - RIGHT_MIN));
    }
    spare -= SECTIONS_MIN;
    let grow_sections = spare.min(SECTIONS_WIDTH - SECTIONS_MIN);
    spare -= grow_sections;
    let grow_right = spare.min(RIGHT_WIDTH - RIGHT_MIN);
    (SECTIONS_MIN + grow_sections, RIGHT_MIN + grow_right)
}

/// The rows the focused question's panel needs to show its prompt and every choice (or its
/// field), borders included, at an outer width.
#[must_use]
fn question_height(app: &App, width: u16) -> u16 {
    let lines = question_lines(app, width.saturating_sub(2));
    lines.body_top + u16::try_from(lines.body_rows()).unwrap_or(u16::MAX) + 2
}

#[must_use]
pub(crate) fn regions(app: &App, area: Rect) -> Regions {
    let options = app.model.questionnaire.options.len();
    match shape(area) {
        Shape::TooSmall => Regions::default(),
        Shape::Wide => {
            let [header, body, why, hints] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Length(1),
            ])
            .areas(area);
            let (sections_width, right_width) = columns(area.width);
            let [sections, middle, right] = Layout::horizontal([
                Constraint::Length(sections_width),
                Constraint::Fill(1),
                Constraint::Length(right_width),
            ])
            .areas(body);
            // The flips panel gives up rows before the question's choices do.
            let need = question_height(app, middle.width);
            let flips_height = FLIPS_HEIGHT.min(middle.height.saturating_sub(need));
            let flips_height = if flips_height < PANEL_MIN {
                0
            } else {
                flips_height
            };
            let [question, flips] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(flips_height)])
                    .areas(middle);
            let scores_height = u16::try_from(options * 2 + 2).unwrap_or(u16::MAX);
            let [scores, cost, chart] = Layout::vertical([
                Constraint::Length(scores_height),
                Constraint::Fill(1),
                Constraint::Length(CHART_HEIGHT),
            ])
            .areas(right);
            Regions {
                header,
                sections: (sections_width > 0).then_some(sections),
                question,
                scores: Some(scores),
                cost: Some(cost),
                chart: Some(chart),
                tabs: None,
                below: None,
                why: Some(why),
                flips: (flips_height > 0).then_some(flips),
                hints,
                cramped: (need > question.height).then_some(need),
            }
        }
        Shape::Narrow => {
            // The question gets its rows first; the panel below takes what is left, up to a
            // third of the screen (half, for the score table), and goes when the score table
            // would not fit whole: a table missing an option would mislead.
            let need = question_height(app, area.width);
            let table = u16::try_from(options + 2).unwrap_or(u16::MAX);
            let free = area.height.saturating_sub(need + 3);
            let wanted = (area.height / 3).max(table).min(area.height / 2);
            let below_height = if free >= table.max(PANEL_MIN) {
                wanted.min(free)
            } else {
                0
            };
            let tabs_height = u16::from(below_height > 0);
            let [header, question, tabs, below, hints] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(tabs_height),
                Constraint::Length(below_height),
                Constraint::Length(1),
            ])
            .areas(area);
            Regions {
                header,
                question,
                tabs: (below_height > 0).then_some(tabs),
                below: (below_height > 0).then_some(below),
                hints,
                cramped: (need > question.height).then_some(need),
                ..Regions::default()
            }
        }
    }
}

/// The inside of a bordered block.
#[must_use]
pub(crate) fn inner(area: Rect) -> Rect {
    ratatui::widgets::Block::bordered().inner(area)
}

/// The question panel's text, wrapped to a width, and where each choice sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuestionLines {
    pub prompt: Vec<String>,
    /// Row offset of the first choice (or of the field) inside the panel.
    pub body_top: u16,
    /// Each choice's wrapped lines (the first carries its key and mark), in order.
    pub choices: Vec<Vec<String>>,
    /// A field's rule, wrapped and indented under it ("a whole number from 1 to 50; ↑↓ step 1").
    pub rule: Vec<String>,
    /// Why the field's text is not a valid answer, wrapped, when it is not.
    pub error: Vec<String>,
}

/// Width of a choice line's prefix: pointer, key, mark ("›1 (•) ").
const CHOICE_PREFIX: usize = 7;

#[must_use]
pub(crate) fn question_lines(app: &App, width: u16) -> QuestionLines {
    let width = usize::from(width.max(1));
    let wrap = |text: &str, w: usize| -> Vec<String> {
        textwrap::wrap(text, w.max(1))
            .into_iter()
            .map(std::borrow::Cow::into_owned)
            .collect()
    };
    let prompt = wrap(&app.question().prompt, width);
    let body_top = u16::try_from(prompt.len() + 1).unwrap_or(u16::MAX);
    let q = &app.model.questionnaire;
    let choices = app
        .question()
        .kind
        .choices()
        .iter()
        .map(|choice| {
            let mut text = choice.label.clone();
            if !choice.excludes.is_empty() {
                let names: Vec<&str> = choice
                    .excludes
                    .iter()
                    .map(|(o, _)| q.options[*o].name.as_str())
                    .collect();
                let _ = write!(text, " (✗ rules out {})", names.join(", "));
            }
            wrap(&text, width.saturating_sub(CHOICE_PREFIX))
        })
        .collect();
    let question = app.question();
    let rule = match &question.kind {
        Kind::Number(spec) => format!(
            "{}; ↑↓ step {}",
            spec.describe(),
            crate::cost::num(spec.step)
        ),
        Kind::Text(spec) => spec.hint.clone().unwrap_or_else(|| "text".to_owned()),
        Kind::KeyValue(_) => "KEY=value pairs, separated by spaces".to_owned(),
        Kind::Choice(_) | Kind::Multi(_) => String::new(),
    };
    let indented = |text: &str| -> Vec<String> {
        let options = textwrap::Options::new(width.max(4))
            .initial_indent("   ")
            .subsequent_indent("   ");
        textwrap::wrap(text, options)
            .into_iter()
            .map(std::borrow::Cow::into_owned)
            .collect()
    };
    let error = app
        .field_error
        .as_ref()
        .map(|e| indented(&format!("✗ {e}")))
        .unwrap_or_default();
    QuestionLines {
        prompt,
        body_top,
        choices,
        rule: indented(&rule),
        error,
    }
}

impl QuestionLines {
    /// The rows under the prompt: every choice's lines, or the field with its rule and error.
    #[must_use]
    pub(crate) fn body_rows(&self) -> usize {
        if self.choices.is_empty() {
            1 + self.rule.len() + self.error.len()
        } else {
            self.choices.iter().map(Vec::len).sum()
        }
    }

    /// The choice drawn on a row offset from `body_top`, if any.
    #[must_use]
    pub(crate) fn choice_at(&self, offset: usize) -> Option<usize> {
        let mut row = 0;
        for (i, lines) in self.choices.iter().enumerate() {
            if offset < row + lines.len() {
                return Some(i);
            }
            row += lines.len();
        }
        None
    }
}

/// One row of the section list: a section, or one of the focused section's questions under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionRow {
    Section(usize),
    Question(usize),
}

/// The section list's rows: every section, the focused one unfolded into its visible questions
/// (`sections`, as [`crate::answers::Resolved::by_section`] gives them).
#[must_use]
pub(crate) fn section_rows(app: &App, sections: &[Vec<usize>]) -> Vec<SectionRow> {
    let current = app.question().section;
    let mut rows = Vec::new();
    for (s, members) in sections.iter().enumerate() {
        rows.push(SectionRow::Section(s));
        if s == current {
            rows.extend(members.iter().map(|&i| SectionRow::Question(i)));
        }
    }
    rows
}

/// What a click lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hit {
    Choice(usize),
    /// The question panel anywhere but a choice: its explanation scrolls under the wheel.
    Explanation,
    Question(usize),
    Section(usize),
    Option(usize),
}

fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

#[must_use]
pub(crate) fn hit(app: &App, column: u16, row: u16) -> Option<Hit> {
    let regions = regions(app, app.area());
    if let Some(sections) = regions.sections {
        let inside = inner(sections);
        if contains(inside, column, row) {
            let rows = section_rows(app, &app.sections());
            return match rows.get(usize::from(row - inside.y))? {
                SectionRow::Section(s) => Some(Hit::Section(*s)),
                SectionRow::Question(q) => Some(Hit::Question(*q)),
            };
        }
    }
    let question = inner(regions.question);
    if contains(question, column, row) {
        if matches!(app.question().kind, Kind::Choice(_) | Kind::Multi(_)) {
            let lines = question_lines(app, question.width);
            let choice = usize::from(row - question.y)
                .checked_sub(usize::from(lines.body_top))
                .and_then(|offset| lines.choice_at(offset));
            if let Some(c) = choice {
                return Some(Hit::Choice(c));
            }
        }
        return Some(Hit::Explanation);
    }
    // The score panel gives each option two rows; the compact table below the question, one.
    let (scores, rows_per_option) = match (regions.scores, regions.below) {
        (Some(scores), _) => (scores, 2),
        (None, Some(below)) if app.view == super::app::View::Scores => (below, 1),
        _ => return None,
    };
    let inside = inner(scores);
    if contains(inside, column, row) {
        let o = usize::from((row - inside.y) / rows_per_option);
        return (o < app.model.questionnaire.options.len()).then_some(Hit::Option(o));
    }
    None
}
