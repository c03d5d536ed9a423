//! Draws a whole frame: picks the shape for the terminal's size and lets each panel draw itself.

use super::app::{App, Mode, View};
use super::layout::{Shape, regions, shape};
use super::panel;
use super::snapshot::Snapshot;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};

pub fn render(frame: &mut Frame, app: &App, theme: Theme) {
    let area = frame.area();
    let shape = shape(area);
    if shape == Shape::TooSmall {
        too_small(frame, area, theme);
        return;
    }
    let r = regions(app, area);
    if let Some(need) = r.cramped {
        // The rows the question needs, plus the header, the status line and the rest of the
        // frame around the question panel.
        let needed = need + area.height - r.question.height;
        let text = format!(
            "Enlarge the terminal: this question and its choices need {needed} rows (this one has {}).",
            area.height
        );
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.strong())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let snap = Snapshot::of(app);
    panel::header::render(frame, r.header, app, &snap, theme);
    if let Some(sections) = r.sections {
        panel::sections::render(frame, sections, app, &snap.sections, theme);
    }
    match &app.mode {
        Mode::Weights { cursor } => panel::weights::render(frame, r.question, app, *cursor, theme),
        _ => panel::question::render(
            frame,
            r.question,
            app,
            &snap,
            theme,
            matches!(app.mode, Mode::Browse),
        ),
    }
    if let Some(area) = r.scores {
        panel::scores::render(frame, area, app, &snap, theme);
    }
    if let Some(area) = r.cost {
        panel::cost::render(frame, area, app, &snap, theme);
    }
    if let Some(area) = r.chart {
        panel::chart::render(frame, area, app, &snap, theme);
    }
    if let (Some(tabs), Some(below)) = (r.tabs, r.below) {
        const TABS: [(View, &str); 4] = [
            (View::Scores, "Score & cost"),
            (View::Cost, "Bill"),
            (View::Chart, "Chart"),
            (View::Flips, "Flips"),
        ];
        let titles = TABS.map(|(_, name)| name);
        // Each title is padded by one space either side, with no divider: " Score & cost  Bill …".
        let used: usize = titles.iter().map(|t| t.len() + 2).sum();
        let [strip, hint] = Layout::horizontal([
            Constraint::Length(u16::try_from(used).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ])
        .areas(tabs);
        frame.render_widget(
            Tabs::new(titles)
                .select(TABS.iter().position(|(v, _)| *v == app.view))
                .style(theme.dim())
                .highlight_style(theme.selected())
                .divider(""),
            strip,
        );
        frame.render_widget(Span::styled("  (v switches)", theme.dim()), hint);
        match app.view {
            View::Scores => panel::summary::render(frame, below, app, &snap, theme),
            View::Cost => panel::cost::render(frame, below, app, &snap, theme),
            View::Chart => panel::chart::render(frame, below, app, &snap, theme),
            View::Flips => panel::flips::render(frame, below, app, &snap, theme),
        }
    }
    if let Some(flips) = r.flips {
        panel::flips::render(frame, flips, app, &snap, theme);
    }
    if let Some(why) = r.why {
        panel::why::render(frame, why, app, &snap, theme);
    }
    panel::hints::render(frame, r.hints, app, theme, shape == Shape::Narrow);
    match &app.mode {
        Mode::Help { scroll } => panel::help::render(frame, area, *scroll, theme),
        Mode::Search { input, cursor } => {
            panel::search::render(frame, area, app, input, *cursor, theme);
        }
        Mode::Export(state) => panel::export::render(frame, area, state, theme),
        Mode::NameScenario { input } => panel::scenarios::render_name(frame, area, input, theme),
        Mode::Scenarios { cursor, ask } => {
            panel::scenarios::render(frame, area, app, *cursor, *ask, theme);
        }
        Mode::Review { cursor } => panel::review::render(frame, area, app, &snap, *cursor, theme),
        Mode::Browse | Mode::Weights { .. } => {}
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = format!(
        "Enlarge the terminal: tradeoff needs at least {}×{} (this one is {}×{}).",
        super::layout::MIN_WIDTH,
        super::layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.strong())).wrap(Wrap { trim: true }),
        area,
    );
}
