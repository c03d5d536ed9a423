//! `s` names a scenario; `S` shows the saved scenarios and the current answers side by side:
//! recommendation, scores, monthly costs, and the answers that differ.

use super::super::action::{Context, hint_line};
use super::super::app::{App, Ask};
use super::super::theme::Theme;
use crate::compare::{Comparison, compare};
use crate::cost::{money, money_whole};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table, Wrap};
use tui_input::Input;

/// The comparison of the current answers ("Now") with every saved scenario.
#[must_use]
pub(crate) fn table(app: &App) -> Comparison {
    let mut columns = vec![("Now".to_owned(), app.answers.clone())];
    columns.extend(app.scenarios.iter().cloned());
    compare(&app.model, &columns)
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cursor: usize,
    ask: Option<Ask>,
    theme: Theme,
) {
    let q = &app.model.questionnaire;
    let cmp = table(app);
    let rows = u16::try_from(
        // The names and recommendations, each option, a gap, the note, the differing answers,
        // a gap, two lines for the keys or a question, and the border.
        2 + q.options.len() + 2 + cmp.disagreements.len() + 1 + 2 + 2,
    )
    .unwrap_or(u16::MAX);
    let popup = super::centered(area, area.width.saturating_sub(4), rows);
    let block = super::block(" Scenarios ", theme, true);
    let inside = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let inner_width = usize::from(inside.width);
    let label_width = 24.min(inner_width / 3);
    let window = window(cmp.columns.len(), cursor + 1, inner_width - label_width);
    let shown = window.len();
    let column_width = ((inner_width.saturating_sub(label_width)) / shown.max(1)).clamp(6, 26);
    // The table lays the cells out; `fit` marks what it cuts with an ellipsis and leaves a
    // column's last cell blank, between it and the next.
    let row = |label: &str, cells: Vec<(String, Style)>| {
        Row::new(
            std::iter::once(
                Cell::from(super::fit(label, label_width.saturating_sub(1))).style(theme.strong()),
            )
            .chain(cells.into_iter().map(|(c, style)| {
                Cell::from(super::fit(&c, column_width.saturating_sub(1))).style(style)
            })),
        )
    };
    let style_of = |k: usize| {
        if k == cursor + 1 {
            theme.selected()
        } else {
            Style::new()
        }
    };
    let each = |text: &dyn Fn(&crate::compare::Outcome) -> String| {
        cmp.columns
            .iter()
            .enumerate()
            .filter(|(k, _)| window.contains(k))
            .map(|(k, c)| (text(c), style_of(k)))
            .collect()
    };
    let cell = column_width.saturating_sub(1);
    let mut rows = vec![
        row("", each(&|c| c.name.clone())),
        row(
            "Recommended",
            each(&|c| {
                c.recommended
                    .map_or("none".to_owned(), |r| format!("★ {}", q.options[r].short))
            }),
        ),
    ];
    for (o, option) in q.options.iter().enumerate() {
        rows.push(row(&option.name, each(&|c| standing(c, o, cell))));
    }
    let mut differ = Vec::new();
    for d in &cmp.disagreements {
        let question = &q.questions[d.question];
        differ.push(row(
            &question.driver,
            d.values
                .iter()
                .enumerate()
                .filter(|(k, _)| window.contains(k))
                .map(|(k, v)| (question.short_value(v), style_of(k)))
                .collect(),
        ));
    }
    let widths: Vec<Constraint> = std::iter::once(label_width)
        .chain(std::iter::repeat_n(column_width, shown))
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(0)))
        .collect();
    let paged = (shown < cmp.columns.len()).then(|| {
        format!(
            "Columns {}–{} of {}; ←→ shows the others.",
            window.start + 1,
            window.end,
            cmp.columns.len()
        )
    });
    let note = if differ.is_empty() {
        "The scenarios and the current answers agree on every answer."
    } else {
        "Answers that differ:"
    };
    let note = paged.map_or_else(|| note.to_owned(), |p| format!("{p} {note}"));
    draw(
        frame,
        inside,
        rows,
        differ,
        &widths,
        [
            Line::styled(note, theme.dim()),
            bottom_line(app, cursor, ask, theme),
        ],
    );
}

/// The line under the scenarios: the question waiting for y or n, or the keys.
fn bottom_line(app: &App, cursor: usize, ask: Option<Ask>, theme: Theme) -> Line<'static> {
    let name = app.scenarios.get(cursor).map_or("", |(n, _)| n.as_str());
    let confirm = hint_line(Context::ScenarioConfirm, false);
    match ask {
        Some(Ask::Load) => Line::styled(
            format!("Load '{name}' over the current answers? They are in no scenario. {confirm}"),
            theme.strong(),
        ),
        Some(Ask::Delete) => Line::styled(
            format!("Delete scenario '{name}'? {confirm}"),
            theme.strong(),
        ),
        None => Line::styled(hint_line(Context::Scenarios, false), theme.dim()),
    }
}

/// The narrowest a column gets before the others go to further pages.
const MIN_COLUMN: usize = 12;

/// The columns shown in `width`: as many as fit at a readable width, the rest a ←→ away, and
/// the `selected` one always among them.
fn window(columns: usize, selected: usize, width: usize) -> std::ops::Range<usize> {
    let shown = columns.min((width / MIN_COLUMN).max(1));
    let first = selected
        .saturating_sub(shown.saturating_sub(1))
        .min(columns - shown);
    first..first + shown
}

/// "42.0 $142.07" for option `o` in a cell `width` wide: a figure is never cut, so to the
/// dollar where the cents do not fit.
fn standing(c: &crate::compare::Outcome, o: usize, width: usize) -> String {
    let score = if c.excluded[o] {
        "✗".to_owned()
    } else {
        format!("{:.1}", c.scores[o])
    };
    match c.costs[o] {
        Some(t) => {
            let full = format!("{score} {}", money(t));
            if crate::text::width(&full) <= width {
                full
            } else {
                format!("{score} {}", money_whole(t))
            }
        }
        None => score,
    }
}

/// The scores table, a note, the differing answers and the keys, one under the other.
fn draw(
    frame: &mut Frame,
    area: Rect,
    rows: Vec<Row<'_>>,
    differ: Vec<Row<'_>>,
    widths: &[Constraint],
    [note, bottom]: [Line<'_>; 2],
) {
    let height =
        |rows: &[Row<'_>]| Constraint::Length(u16::try_from(rows.len()).unwrap_or(u16::MAX));
    let [table, _, note_area, differ_area, _, hint] = Layout::vertical([
        height(&rows),
        Constraint::Length(1),
        Constraint::Length(1),
        height(&differ),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Table::new(rows, widths.to_vec()).column_spacing(0), table);
    frame.render_widget(note, note_area);
    frame.render_widget(
        Table::new(differ, widths.to_vec()).column_spacing(0),
        differ_area,
    );
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: true }), hint);
}

pub fn render_name(frame: &mut Frame, area: Rect, input: &Input, theme: Theme) {
    let width = 60.min(area.width);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Name: ", theme.strong()),
            Span::raw(input.value().to_owned()),
        ]),
        Line::raw(""),
    ];
    lines.extend(super::sentences(
        "Enter saves the current answers under this name · Esc cancels",
        usize::from(width.saturating_sub(2)),
        theme.dim(),
    ));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = super::centered(area, width, height);
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
