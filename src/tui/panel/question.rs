//! The focused question: its prompt, the choices or an input field with inline validation, and
//! the document's help text with the section it comes from.

use super::super::app::App;
use super::super::layout::{QuestionLines, inner, question_lines};
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use crate::questionnaire::Kind;
use crate::value::Value;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    snap: &Snapshot,
    theme: Theme,
    active: bool,
) {
    let q = &app.model.questionnaire;
    let question = app.question();
    let in_section = &snap.sections[question.section];
    let position = in_section
        .iter()
        .position(|&i| i == app.focus)
        .map_or(0, |p| p + 1);
    let title = format!(
        " {} · {} of {} ",
        q.sections[question.section].title,
        position,
        in_section.len()
    );
    frame.render_widget(
        super::block(super::title(&title, area), theme, active),
        area,
    );
    let body = inner(area);
    if body.width == 0 || body.height == 0 {
        return;
    }
    let width = usize::from(body.width);
    let layout = question_lines(app, body.width);
    let mut lines: Vec<Line> = layout
        .prompt
        .iter()
        .map(|l| Line::styled(l.clone(), theme.strong()))
        .collect();
    lines.push(Line::raw(""));
    let mut cursor = None;
    if matches!(question.kind, Kind::Choice(_) | Kind::Multi(_)) {
        lines.extend(choice_lines(app, &layout, width, theme, active));
    } else {
        lines.extend(field_lines(app, &layout, width, theme));
        let row = body.y + layout.body_top;
        let scroll = app.field.visual_scroll(width.saturating_sub(4));
        let at = 3 + u16::try_from(app.field.visual_cursor().saturating_sub(scroll)).unwrap_or(0);
        let col = body.x + at;
        if active && row < body.y + body.height && col < body.x + body.width {
            cursor = Some(Position::new(col, row));
        }
    }
    // The question and its choices stay put; the explanation under them scrolls (PgUp/PgDn,
    // the wheel), and the border says when there is more of it.
    let (top_area, rest) = split(body, &layout);
    frame.render_widget(Paragraph::new(lines), top_area);
    let help = help_lines(app, width, theme);
    let total = u16::try_from(help.len()).unwrap_or(u16::MAX);
    let scroll = app.help_scroll.min(total.saturating_sub(rest.height));
    frame.render_widget(Paragraph::new(help).scroll((scroll, 0)), rest);
    let more = match (scroll > 0, scroll + rest.height < total) {
        (false, false) => None,
        (false, true) => Some(" PgDn more ↓ "),
        (true, true) => Some(" PgUp ↑ · PgDn ↓ "),
        (true, false) => Some(" PgUp ↑ "),
    };
    if let Some(more) = more
        && rest.height > 0
    {
        let label = Line::styled(more, theme.dim()).right_aligned();
        let bottom = Rect::new(area.x + 1, area.y + area.height - 1, area.width - 2, 1);
        frame.render_widget(label, bottom);
    }
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
}

/// The panel's inside split into the question with its choices (or field), and the explanation
/// under them.
fn split(body: Rect, layout: &QuestionLines) -> (Rect, Rect) {
    let top = layout.body_top + u16::try_from(layout.body_rows()).unwrap_or(u16::MAX);
    let [top, rest] = Layout::vertical([
        Constraint::Length(top.min(body.height)),
        Constraint::Fill(1),
    ])
    .areas(body);
    (top, rest)
}

/// How far the explanation can scroll in `area`, the question panel: the rows it has past the
/// ones shown.
#[must_use]
pub(crate) fn max_help_scroll(app: &App, area: Rect) -> u16 {
    let body = inner(area);
    let layout = question_lines(app, body.width);
    let (_, rest) = split(body, &layout);
    let total = help_lines(app, usize::from(body.width), Theme { color: false }).len();
    u16::try_from(total)
        .unwrap_or(u16::MAX)
        .saturating_sub(rest.height)
}

/// The choices as a radio or checkbox list, wrapped, the highlighted one reversed.
fn choice_lines(
    app: &App,
    layout: &QuestionLines,
    width: usize,
    theme: Theme,
    active: bool,
) -> Vec<Line<'static>> {
    let question = app.question();
    let multi = matches!(question.kind, Kind::Multi(_));
    let value = app.value(app.focus);
    let mut lines = Vec::new();
    for (i, wrapped) in layout.choices.iter().enumerate() {
        let picked = match &value {
            Value::Choice(c) => *c == i,
            Value::Multi(cs) => cs.contains(&i),
            _ => false,
        };
        let mark = match (multi, picked) {
            (false, true) => "(•)",
            (false, false) => "( )",
            (true, true) => "[x]",
            (true, false) => "[ ]",
        };
        let here = i == app.cursor && active;
        let pointer = if here { "›" } else { " " };
        let key = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".to_owned()
        };
        let style = if here {
            theme.selected()
        } else if picked {
            theme.strong()
        } else {
            Style::new()
        };
        for (k, part) in wrapped.iter().enumerate() {
            let text = if k == 0 {
                format!("{pointer}{key} {mark} {part}")
            } else {
                format!("       {part}")
            };
            lines.push(Line::styled(super::fit(&text, width), style));
        }
    }
    lines
}

/// The input field with its rule and, when the text is not valid, why.
fn field_lines(
    app: &App,
    layout: &QuestionLines,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let scroll = app.field.visual_scroll(width.saturating_sub(4));
    let shown: String = app.field.value().chars().skip(scroll).collect();
    let mut lines = vec![Line::from(vec![
        Span::styled(" › ", theme.title()),
        Span::styled(super::fit(&shown, width.saturating_sub(3)), theme.strong()),
    ])];
    lines.extend(
        layout
            .rule
            .iter()
            .map(|l| Line::styled(l.clone(), theme.dim())),
    );
    lines.extend(
        layout
            .error
            .iter()
            .map(|l| Line::styled(l.clone(), theme.error())),
    );
    lines
}

/// Whether the answer is the user's or assumed, then the document's help and its section.
fn help_lines(app: &App, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let question = app.question();
    let mut lines = vec![Line::raw("")];
    if app.answers.get(app.focus).is_some() {
        lines.push(Line::styled("✓ answered", theme.good()));
    } else {
        let assumed = app.value(app.focus);
        let text = if assumed == question.default {
            format!(
                "Not answered: the default ({}) is assumed.",
                question.display_value(&question.default)
            )
        } else {
            // The cross-answer rule raised the default: say what is used and why.
            let floor = match &question.kind {
                Kind::Number(spec) => spec.at_least.map(|r| &app.model.questionnaire.questions[r]),
                _ => None,
            };
            format!(
                "Not answered: {} is assumed, the default ({}) raised to {}.",
                question.display_value(&assumed),
                question.display_value(&question.default),
                floor.map_or("its floor", |f| f.driver.as_str())
            )
        };
        lines.extend(
            textwrap::wrap(&text, width)
                .into_iter()
                .map(|l| Line::styled(l.into_owned(), theme.dim())),
        );
    }
    lines.push(Line::raw(""));
    lines.extend(
        textwrap::wrap(&question.help, width)
            .into_iter()
            .map(|l| Line::raw(l.into_owned())),
    );
    if let Some(cite) = &question.cite {
        lines.push(Line::raw(""));
        let cite = format!("(document: {cite})");
        lines.extend(
            textwrap::wrap(&cite, width)
                .into_iter()
                .map(|l| Line::styled(l.into_owned(), theme.dim())),
        );
    }
    lines
}
