//! Score and monthly cost together, one row per option, for terminals too small for the score
//! and cost panels side by side (80×24, 60×20): ★ leader, $ cheapest, ✗ excluded.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row, Table};

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let e = &snap.decision.assessment.evaluation;
    let block = super::block(
        super::title(" Score and monthly cost · ★ leads · $ cheapest ", area),
        theme,
        false,
    );
    let inside = block.inner(area);
    frame.render_widget(block, area);
    let name_width = q
        .options
        .iter()
        .map(|o| crate::text::width(&o.short))
        .max()
        .unwrap_or(0)
        .min(16);
    // What the last answer did to each score and bill, in columns of their own while shown.
    let deltas: Vec<(String, String)> = (0..q.options.len())
        .map(|o| {
            let c = app.change.as_ref();
            (
                c.and_then(|c| c.score(o)).unwrap_or_default(),
                c.and_then(|c| c.cost(o)).unwrap_or_default(),
            )
        })
        .collect();
    let score_delta = deltas
        .iter()
        .map(|d| d.0.chars().count())
        .max()
        .unwrap_or(0);
    let cost_delta = deltas
        .iter()
        .map(|d| d.1.chars().count())
        .max()
        .unwrap_or(0);
    // Each column is spaced by one, empty or not.
    let spacing = |w: usize| w + 1;
    // Mark, name, bar, score, cost and note share the width; the bar takes what is left.
    let bar_width = usize::from(inside.width).saturating_sub(
        2 + name_width + 6 + 11 + 9 + 5 + spacing(score_delta) + spacing(cost_delta),
    );
    let rows: Vec<Row> = q
        .options
        .iter()
        .enumerate()
        .map(|(o, def)| {
            let r = &e.options[o];
            let (mark, cost, note) = snap.standing(o);
            // The title's "$ cheapest" explains the mark.
            let note = if note == "cheapest" {
                "$ cheapest"
            } else {
                note
            };
            let style = if r.excluded() {
                theme.dim()
            } else {
                theme.option(o)
            };
            let (score_change, cost_change) = deltas[o].clone();
            Row::new([
                Cell::from(mark),
                Cell::from(super::fit(&def.short, name_width)),
                Cell::from(super::scores::bar(r.score / 100.0, bar_width)).style(style),
                Cell::from(format!("{:>5.1}", r.score)),
                Cell::from(score_change).style(theme.strong()),
                Cell::from(format!("{cost:>11}")),
                Cell::from(cost_change).style(theme.strong()),
                Cell::from(note),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(1),
        Constraint::Length(u16::try_from(name_width).unwrap_or(0)),
        Constraint::Length(u16::try_from(bar_width).unwrap_or(0)),
        Constraint::Length(5),
        Constraint::Length(u16::try_from(score_delta).unwrap_or(0)),
        Constraint::Length(11),
        Constraint::Length(u16::try_from(cost_delta).unwrap_or(0)),
        Constraint::Length(10),
    ];
    frame.render_widget(Table::new(rows, widths).column_spacing(1), inside);
}
