//! Monthly cost against average utilization for every option, with the crossovers and the
//! answers' own utilization marked.

use super::super::app::App;
use super::super::layout::inner;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use crate::cost::money;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

/// Without colour, each option's line gets its own marker, named in the legend.
const MARKERS: [Marker; 3] = [Marker::Braille, Marker::Block, Marker::Bar];
const MARKS: [&str; 3] = ["⣿", "█", "▄"];

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let Some(curve) = &snap.decision.curve else {
        frame.render_widget(
            Paragraph::new(Line::styled("No sizing questions: no curve.", theme.dim()))
                .block(super::block(" Cost vs utilization ", theme, false)),
            area,
        );
        return;
    };
    let crossings: Vec<String> = curve
        .crossovers
        .iter()
        .map(|x| format!("⇄ {:.0}%", x.utilization * 100.0))
        .collect();
    let title = format!(
        " Cost vs utilization · now {:.0}%{}{} ",
        curve.current * 100.0,
        if crossings.is_empty() { "" } else { " · " },
        crossings.join(" ")
    );
    let block = super::block(super::title(&title, area), theme, false);
    let body = inner(area);
    if body.width < 16 || body.height < 5 {
        frame.render_widget(block, area);
        return;
    }
    let series: Vec<Vec<(f64, f64)>> = curve
        .costs
        .iter()
        .map(|costs| {
            curve
                .utilization
                .iter()
                .zip(costs)
                .filter(|(_, c)| c.is_finite())
                .map(|(u, c)| (u * 100.0, *c))
                .collect()
        })
        .collect();
    let top = series
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let now = curve.current.clamp(0.05, 1.0) * 100.0;
    let marker = vec![(now, 0.0), (now, top)];
    let mut datasets: Vec<Dataset> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(o, s)| {
            Dataset::default()
                .name(q.options[o].name.clone())
                .marker(if theme.color {
                    Marker::Braille
                } else {
                    MARKERS[o % MARKERS.len()]
                })
                .graph_type(GraphType::Line)
                .style(Style::new().fg(theme.option_color(o)))
                .data(s)
        })
        .collect();
    datasets.push(
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&marker),
    );
    frame.render_widget(block, area);
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([5.0, 100.0])
                .labels(["5%", "50%", "100%"])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top * 1.05])
                .labels(["$0".to_owned(), money(top)])
                .style(theme.dim()),
        )
        // The legend box would hide the lines: a line below the chart names them instead.
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Length(0),
            ratatui::layout::Constraint::Length(0),
        ));
    let [plot, legend] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Fill(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(body);
    frame.render_widget(chart, plot);
    frame.render_widget(
        Paragraph::new(legend_line(app, &series, legend.width, theme)),
        legend,
    );
}

/// The options' names under their marks, closer together when they do not fit, or the marks
/// alone when even that does not.
fn legend_line(app: &App, series: &[Vec<(f64, f64)>], width: u16, theme: Theme) -> Line<'static> {
    use ratatui::text::Span;
    let q = &app.model.questionnaire;
    let build = |lead: &str, gap: &str, names: bool| -> Line<'static> {
        let mut spans = vec![Span::raw(lead.to_owned())];
        for (o, s) in series.iter().enumerate() {
            if s.is_empty() {
                continue;
            }
            let mark = if theme.color {
                "━"
            } else {
                MARKS[o % MARKS.len()]
            };
            let text = if names {
                format!("{mark} {}{gap}", q.options[o].short)
            } else {
                format!("{mark} ")
            };
            spans.push(Span::styled(text, theme.option(o)));
        }
        spans.push(Span::styled("• now", theme.dim()));
        Line::from(spans)
    };
    [build(" ", "  ", true), build("", " ", true)]
        .into_iter()
        .find(|l| l.width() <= usize::from(width))
        .unwrap_or_else(|| build(" ", "", false))
}
