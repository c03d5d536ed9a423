//! One line: the answers that decide it now, and the nearest answer that would flip it; for a
//! close call, the changes that would decide it first.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let r = &snap.decision.assessment.evaluation.resolved;
    let why = snap.why();
    let reasons: Vec<String> = why
        .iter()
        .flat_map(|w| &w.reasons)
        .take(3)
        .map(|reason| {
            let question = &q.questions[reason.question];
            format!(
                "{} “{}” +{:.1}",
                super::fit(&question.driver, 18),
                super::fit(&question.short_value(&r.values[reason.question]), 16),
                reason.gain
            )
        })
        .collect();
    let close = why.as_ref().is_some_and(|w| w.close_call);
    let why = if reasons.is_empty() {
        "Why: no answer separates the leader yet".to_owned()
    } else {
        format!("Why: {}", reasons.join(" · "))
    };
    let width = usize::from(area.width);
    // What leads the line, and what follows it in dim type where there is room.
    let (head, tail) = if close {
        // A close call leads with what decides it: the nearest changes of answer.
        let e = &snap.decision.assessment.evaluation;
        let deciding = crate::report::flip_text::deciding(q, &snap.decision.flips);
        let narrow = snap.why().is_some_and(|w| w.narrow);
        let head = match e.estimate_lead.first() {
            Some(line) if !narrow => format!(
                " Close call (+{:.1}) resting on estimated prices: {line}",
                e.margin
            ),
            _ => format!(
                " Close call (+{:.1}), would flip with: {}",
                e.margin,
                deciding.first().map_or("no single change", String::as_str)
            ),
        };
        (super::fit(&head, width), Some(why))
    } else {
        let flip = snap
            .decision
            .flips
            .iter()
            .find(|f| f.recommendation_changes)
            .map(|f| format!("Would flip: {}", crate::report::flip_text::change(q, f)));
        (format!(" {why}"), flip)
    };
    let room = width.saturating_sub(crate::text::width(&head) + 3);
    let mut spans = vec![Span::styled(head, theme.strong())];
    // The tail shows when at least its first few words fit.
    let tail = tail
        .map(|t| crate::text::fit_words(&t, room))
        .filter(|t| crate::text::width(t) > 12);
    if let Some(tail) = tail {
        spans.push(Span::raw("   "));
        spans.push(Span::styled(tail, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
