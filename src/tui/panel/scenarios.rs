//! `s` names a scenario; `S` shows the saved scenarios and the current answers side by side:
//! recommendation, scores, monthly costs, and the answers that differ.

use super::super::app::App;
use super::super::theme::Theme;
use crate::compare::{Comparison, compare};
use crate::cost::money;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use tui_input::Input;

/// The comparison of the current answers ("Now") with every saved scenario.
#[must_use]
pub fn table(app: &App) -> Comparison {
    let mut columns = vec![("Now".to_owned(), app.answers.clone())];
    columns.extend(app.scenarios.iter().cloned());
    compare(&app.model, &columns)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, cursor: usize, theme: Theme) {
    let q = &app.model.questionnaire;
    let cmp = table(app);
    let rows = u16::try_from(
        cmp.columns.len().max(q.options.len()) + q.options.len() + cmp.disagreements.len() + 8,
    )
    .unwrap_or(u16::MAX);
    let popup = super::centered(area, area.width.saturating_sub(4), rows);
    let inner_width = usize::from(popup.width.saturating_sub(2));
    let label_width = 24.min(inner_width / 3);
    let column_width =
        ((inner_width.saturating_sub(label_width)) / cmp.columns.len().max(1)).clamp(6, 26);
    let cell = |s: &str| format!("{:<column_width$}", super::fit(s, column_width - 1));
    let row = |label: &str, cells: Vec<(String, ratatui::style::Style)>| {
        let mut spans = vec![Span::styled(
            format!("{:<label_width$}", super::fit(label, label_width - 1)),
            theme.strong(),
        )];
        spans.extend(
            cells
                .into_iter()
                .map(|(c, style)| Span::styled(cell(&c), style)),
        );
        Line::from(spans)
    };
    let style_of = |k: usize| {
        if k == cursor + 1 {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        }
    };
    let mut lines = vec![row(
        "",
        cmp.columns
            .iter()
            .enumerate()
            .map(|(k, c)| (c.name.clone(), style_of(k)))
            .collect(),
    )];
    let leader = |c: &crate::compare::Outcome| {
        c.recommended
            .map_or("none".to_owned(), |r| format!("★ {}", q.options[r].name))
    };
    lines.push(row(
        "Recommended",
        cmp.columns
            .iter()
            .enumerate()
            .map(|(k, c)| (leader(c), style_of(k)))
            .collect(),
    ));
    for (o, option) in q.options.iter().enumerate() {
        lines.push(row(
            &option.name,
            cmp.columns
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let cost = c.costs[o].map_or(String::new(), |t| format!(" {}", money(t)));
                    let text = if c.excluded[o] {
                        format!("✗{cost}")
                    } else {
                        format!("{:.1}{cost}", c.scores[o])
                    };
                    (text, style_of(k))
                })
                .collect(),
        ));
    }
    lines.push(Line::raw(""));
    if cmp.disagreements.is_empty() {
        lines.push(Line::styled(
            "The scenarios and the current answers agree on every answer.",
            theme.dim(),
        ));
    } else {
        lines.push(Line::styled("Answers that differ:", theme.dim()));
        for d in &cmp.disagreements {
            let question = &q.questions[d.question];
            lines.push(row(
                &question.driver,
                d.values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (question.short_value(v), style_of(k)))
                    .collect(),
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "←→ pick a scenario · Enter load it · d delete · Esc close",
        theme.dim(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Scenarios ", theme, true)),
        popup,
    );
}

/// The naming dialog for `s`.
pub fn render_name(frame: &mut Frame, area: Rect, input: &Input, theme: Theme) {
    let popup = super::centered(area, 60, 5);
    let lines = vec![
        Line::from(vec![
            Span::styled(" Name: ", theme.strong()),
            Span::raw(input.value().to_owned()),
        ]),
        Line::raw(""),
        Line::styled(
            " Enter saves the current answers under this name · Esc cancels",
            theme.dim(),
        ),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Save as scenario ", theme, true)),
        popup,
    );
    let col = popup.x + 8 + u16::try_from(input.visual_cursor()).unwrap_or(0);
    if col < popup.x + popup.width && popup.height > 1 {
        frame.set_cursor_position(Position::new(col, popup.y + 1));
    }
}
