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
    let mut lines: Vec<Line> = ranked(snap)
        .into_iter()
        .take(height)
        .map(|f| line(q, f, width, theme))
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "No single change of answer or weight would change the outcome.",
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::block(
            super::title(" What would change it · ★ recommends · $ cheapest ", area),
            theme,
            false,
        )),
        area,
    );
}

/// The flips as the panels list them: changes of recommendation first, then those that change
/// only the cheapest option; within each, the smallest change first.
pub(super) fn ranked(snap: &Snapshot) -> Vec<&crate::engine::FlipPoint> {
    let mut flips: Vec<_> = snap.decision.flips.iter().collect();
    flips.sort_by(|a, b| {
        b.recommendation_changes
            .cmp(&a.recommendation_changes)
            .then(a.distance.total_cmp(&b.distance))
    });
    flips
}

/// One flip in a line: ★ when it changes the recommendation, $ when only the cheapest option,
/// the change, and the option it leads to.
pub(super) fn line(
    q: &crate::questionnaire::Questionnaire,
    f: &crate::engine::FlipPoint,
    width: usize,
    theme: Theme,
) -> Line<'static> {
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
    let room = width.saturating_sub(crate::text::width(effect) + 5);
    let change = flip_text::brief(q, f, room);
    Line::from(vec![
        Span::styled(mark, style),
        Span::raw(super::fit(&change, room)),
        Span::styled(format!(" → {effect}"), style),
    ])
}
