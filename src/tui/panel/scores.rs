//! A bar per option, 0–100: ★ marks the leader, ✗ an excluded option with its reason.

use super::super::app::App;
use super::super::layout::inner;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Eighths of a cell, for smooth bars.
const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// A bar of `width` cells filled to `share` (0..=1).
#[must_use]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)] // a few hundred cells at most
pub(crate) fn bar(share: f64, width: usize) -> String {
    let eighths = (share.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    s.push_str(PARTS[eighths % 8]);
    let used = crate::text::width(&s);
    s.push_str(&" ".repeat(width.saturating_sub(used)));
    s
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let e = &snap.decision.assessment.evaluation;
    let width = usize::from(inner(area).width);
    let name_width = q
        .options
        .iter()
        .map(|o| crate::text::width(&o.name))
        .max()
        .unwrap_or(0)
        .min(18);
    let bar_width = width.saturating_sub(name_width + 10);
    let mut lines = Vec::new();
    for (o, def) in q.options.iter().enumerate() {
        let res = &e.options[o];
        let leader = e.recommended == Some(o);
        let mark = if res.excluded() {
            "✗"
        } else if leader {
            "★"
        } else {
            " "
        };
        let name = crate::text::pad(&super::option_name(def, name_width), name_width);
        let style = if res.excluded() {
            theme.dim()
        } else {
            theme.option(o)
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{mark} {name} "),
                if leader {
                    theme.strong()
                } else {
                    ratatui::style::Style::new()
                },
            ),
            Span::styled(bar(res.score / 100.0, bar_width), style),
            Span::styled(
                format!(" {:>5.1}", res.score),
                if leader {
                    theme.strong()
                } else {
                    ratatui::style::Style::new()
                },
            ),
        ]));
        let delta = app.change.as_ref().and_then(|c| c.score(o));
        let room = width.saturating_sub(delta.as_ref().map_or(0, |d| d.len() + 1));
        let detail = if let Some(x) = res.exclusions.first() {
            Line::styled(
                super::fit(&format!("  excluded: {}", x.reason), room),
                theme.error(),
            )
        } else if leader {
            Line::styled(
                super::fit(&format!("  leads by {:.1}", e.margin), room),
                theme.dim(),
            )
        } else {
            Line::raw("")
        };
        // What the last answer did to this score, at the right of its second row.
        let detail = match delta {
            Some(d) => {
                let mut detail = detail;
                let used = detail.width();
                detail.push_span(Span::raw(" ".repeat(width.saturating_sub(used + d.len()))));
                detail.push_span(Span::styled(d, theme.strong()));
                detail
            }
            None => detail,
        };
        lines.push(detail);
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Score ", theme, false)),
        area,
    );
}
