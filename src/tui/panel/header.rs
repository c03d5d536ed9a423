//! The top line: what is being decided, progress, and who leads.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let e = &snap.decision.assessment.evaluation;
    let (answered, shown) = snap.resolved().progress();
    let alone = e.options.iter().filter(|r| !r.excluded()).count() == 1;
    let leading = match e.recommended {
        Some(o) if alone => {
            format!(
                "leading: {} (the only option not excluded)",
                q.options[o].name
            )
        }
        Some(o) => format!("leading: {} (+{:.1})", q.options[o].name, e.margin),
        None => "no option qualifies".to_owned(),
    };
    let short = match e.recommended {
        Some(o) if alone => format!("★ {} (only one left)", q.options[o].short),
        Some(o) => format!("★ {} +{:.1}", q.options[o].short, e.margin),
        None => "no option qualifies".to_owned(),
    };
    let width = usize::from(area.width);
    // The leader matters most, then progress, then the title: try the long forms first, then
    // the short ones, and cut the title at a word when that is all that is left to cut.
    let rights = [
        format!("{answered}/{shown} answered · {leading} "),
        format!("{answered}/{shown} · {short} "),
    ];
    let title = format!(" tradeoff · {}", q.title);
    let mut chosen = None;
    for right in &rights {
        let room = width.saturating_sub(crate::text::width(right) + 1);
        if crate::text::width(&title) <= room {
            chosen = Some((title.clone(), right.clone()));
            break;
        }
    }
    let (left, right) = chosen.unwrap_or_else(|| {
        let right = rights[1].clone();
        let room = width.saturating_sub(crate::text::width(&right) + 1);
        (crate::text::fit_words(&title, room), right)
    });
    let pad = width.saturating_sub(crate::text::width(&left) + crate::text::width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.title()),
        Span::raw(" ".repeat(pad)),
        Span::styled(crate::text::fit(&right, width), theme.strong()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
