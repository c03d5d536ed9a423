//! The focused question: its prompt, the choices or an input field with inline validation, and
//! the document's help text with the section it comes from.

use super::super::app::App;
use super::super::layout::{QuestionLines, inner, question_lines};
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use crate::questionnaire::Kind;
use crate::value::Value;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
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
    frame.render_widget(super::block(title, theme, active), area);
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
        let (field, at) = field_lines(app, width, theme);
        lines.extend(field);
        let row = body.y + layout.body_top;
        let col = body.x + at;
        if active && row < body.y + body.height && col < body.x + body.width {
            cursor = Some(Position::new(col, row));
        }
    }
    lines.extend(help_lines(app, width, theme));
    frame.render_widget(Paragraph::new(lines), body);
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
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

/// The input field with its rule and, when the text is not valid, why; and the cursor's column.
fn field_lines(app: &App, width: usize, theme: Theme) -> (Vec<Line<'static>>, u16) {
    let question = app.question();
    let scroll = app.field.visual_scroll(width.saturating_sub(4));
    let shown: String = app.field.value().chars().skip(scroll).collect();
    let mut lines = vec![Line::from(vec![
        Span::styled(" › ", theme.title()),
        Span::styled(super::fit(&shown, width.saturating_sub(3)), theme.strong()),
    ])];
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
    let options = || {
        textwrap::Options::new(width.max(4))
            .initial_indent("   ")
            .subsequent_indent("   ")
    };
    let wrapped = |text: &str, style: Style| -> Vec<Line<'static>> {
        textwrap::wrap(text, options())
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), style))
            .collect()
    };
    lines.extend(wrapped(&rule, theme.dim()));
    if let Some(err) = &app.field_error {
        lines.extend(wrapped(&format!("✗ {err}"), theme.error()));
    }
    let column = 3 + u16::try_from(app.field.visual_cursor().saturating_sub(scroll)).unwrap_or(0);
    (lines, column)
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
