//! Monthly cost per option, and the itemized bill of one of them (`o` switches).

use super::super::app::App;
use super::super::layout::inner;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use crate::cost::money;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let a = &snap.decision.assessment;
    let book = &app.model.prices;
    let width = usize::from(inner(area).width);
    let title = match &a.workload {
        Some(w) => format!(" Monthly cost · {} · {} ", w.region.id(), w.purchase.id()),
        None => " Monthly cost ".to_owned(),
    };
    let mut lines = Vec::new();
    if a.workload.is_none() {
        lines.push(Line::styled(
            "This questionnaire has no sizing questions.",
            theme.dim(),
        ));
    }
    let cheapest = snap.cheapest();
    for (o, def) in q.options.iter().enumerate() {
        let total = match a.costs.get(o) {
            Some(Some(Ok(c))) => money(c.total),
            Some(Some(Err(_))) => "not priced".to_owned(),
            _ => continue,
        };
        let flag = if cheapest == Some(o) {
            " ◀ cheapest"
        } else {
            ""
        };
        // What the last answer did to this bill, where there is room for it.
        let delta = app
            .change
            .as_ref()
            .and_then(|c| c.cost(o))
            .filter(|d| width >= 12 + flag.len() + d.len() + 1 + 9);
        let delta_width = delta.as_ref().map_or(0, |d| crate::text::width(d) + 1);
        let name_width = width.saturating_sub(12 + flag.len() + delta_width).min(20);
        let name = super::option_name(def, name_width);
        let mut spans = vec![
            Span::styled(crate::text::pad(&name, name_width), theme.option(o)),
            Span::raw(format!(" {total:>10}")),
        ];
        if let Some(d) = delta {
            spans.push(Span::styled(format!(" {d}"), theme.strong()));
        }
        spans.push(Span::styled(flag, theme.good()));
        lines.push(Line::from(spans));
    }
    let focus = snap.cost_focus(app);
    if let Some(Some(cost)) = a.costs.get(focus) {
        let rule = format!("─ {} (o: next) ", q.options[focus].name);
        let fill = width.saturating_sub(crate::text::width(&rule));
        lines.push(Line::styled(
            format!("{rule}{}", "─".repeat(fill)),
            theme.option(focus),
        ));
        match cost {
            Ok(c) => {
                for item in &c.items {
                    let amount = money(item.monthly_usd);
                    let label = super::fit(&item.item, width.saturating_sub(amount.len() + 1));
                    let pad = width.saturating_sub(crate::text::width(&label) + amount.len());
                    lines.push(Line::raw(format!("{label}{}{amount}", " ".repeat(pad))));
                }
                for note in &c.notes {
                    lines.push(Line::styled(
                        super::fit(&format!("· {note}"), width),
                        theme.dim(),
                    ));
                }
            }
            Err(why) => lines.push(Line::styled(super::fit(why, width), theme.error())),
        }
    }
    lines.push(Line::styled(
        super::fit(&format!("prices: {}", book.freshness().short()), width),
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines).block(super::block(super::title(&title, area), theme, false)),
        area,
    );
}
