//! "What would change it": the smallest changes that would change the recommendation, then those
//! that would only change the cheapest option, live.

use super::super::app::App;
use super::super::layout::inner;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use crate::report::flip_text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let width = usize::from(inner(area).width);
    let height = usize::from(inner(area).height);
    let mut flips: Vec<_> = snap.decision.flips.iter().collect();
    // Changes of recommendation first; within each, the smallest change first.
    flips.sort_by(|a, b| {
        b.recommendation_changes
            .cmp(&a.recommendation_changes)
            .then(a.distance.total_cmp(&b.distance))
    });
    let mut lines: Vec<Line> = flips
        .iter()
        .take(height)
        .map(|f| {
            let (mark, style) = if f.recommendation_changes {
                ("★ ", theme.strong())
            } else {
                ("$ ", theme.dim())
            };
            let to = if f.recommendation_changes {
                f.recommends
            } else {
                f.cheapest
            };
            let effect = to.map_or("none", |o| q.options[o].short.as_str());
            let change = flip_text::brief(q, f);
            let room = width.saturating_sub(crate::text::width(effect) + 5);
            let effect = effect.to_owned();
            Line::from(vec![
                Span::styled(mark, style),
                Span::raw(super::fit(&change, room)),
                Span::styled(format!(" → {effect}"), style),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "No single change of answer or weight would change the outcome.",
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::block(
            " What would change it · ★ recommends · $ cheapest ",
            theme,
            false,
        )),
        area,
    );
}
