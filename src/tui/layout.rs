//! Where everything goes on screen, computed from the terminal size and the state alone: the
//! renderer draws into these areas and mouse clicks are resolved against the same ones.

use super::app::App;
use crate::questionnaire::Kind;
use ratatui::layout::{Constraint, Layout, Rect};
use std::fmt::Write;

/// Below this the explorer asks for a larger terminal.
pub(crate) const MIN_WIDTH: u16 = 50;
pub(crate) const MIN_HEIGHT: u16 = 14;
/// From this size on, every panel is shown at once.
pub(crate) const WIDE_WIDTH: u16 = 100;
pub(crate) const WIDE_HEIGHT: u16 = 30;
const SECTIONS_WIDTH: u16 = 26;
const RIGHT_WIDTH: u16 = 46;
const CHART_HEIGHT: u16 = 12;
const FLIPS_HEIGHT: u16 = 9;

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
}

#[must_use]
pub(crate) fn regions(area: Rect, options: usize) -> Regions {
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
            let [sections, middle, right] = Layout::horizontal([
                Constraint::Length(SECTIONS_WIDTH),
                Constraint::Fill(1),
                Constraint::Length(RIGHT_WIDTH),
            ])
            .areas(body);
            let [question, flips] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(FLIPS_HEIGHT)])
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
                sections: Some(sections),
                question,
                scores: Some(scores),
                cost: Some(cost),
                chart: Some(chart),
                tabs: None,
                below: None,
                why: Some(why),
                flips: Some(flips),
                hints,
            }
        }
        Shape::Narrow => {
            let scores_height = u16::try_from(options * 2 + 2).unwrap_or(u16::MAX);
            let below_height = (area.height / 3).max(scores_height).min(area.height / 2);
            let [header, question, tabs, below, hints] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Length(below_height),
                Constraint::Length(1),
            ])
            .areas(area);
            Regions {
                header,
                question,
                tabs: Some(tabs),
                below: Some(below),
                hints,
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
    QuestionLines {
        prompt,
        body_top,
        choices,
    }
}

impl QuestionLines {
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
    Question(usize),
    Section(usize),
    Option(usize),
}

fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

#[must_use]
pub(crate) fn hit(app: &App, column: u16, row: u16) -> Option<Hit> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let regions = regions(area, app.model.questionnaire.options.len());
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
    if contains(question, column, row)
        && matches!(app.question().kind, Kind::Choice(_) | Kind::Multi(_))
    {
        let lines = question_lines(app, question.width);
        let offset = usize::from((row - question.y).checked_sub(lines.body_top)?);
        return lines.choice_at(offset).map(Hit::Choice);
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
