//! The end of the questionnaire (`r`, or Tab past the last question): the recommendation, each
//! option's score and monthly cost, what would change the outcome, every answer by section
//! (given or still assumed; Enter goes to one), and the export as the next step.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    snap: &Snapshot,
    cursor: usize,
    theme: Theme,
) {
    let popup = super::centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    let block = super::block(
        super::title(" Review · Esc back to the questions ", popup),
        theme,
        true,
    );
    let inside = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let width = usize::from(inside.width);
    let headline = headline(app, snap);
    // The name column is what the score, cost and note columns leave.
    let name_width = usize::from(inside.width).saturating_sub(6 + 12 + 9 + 3 + 2);
    let rows = option_rows(app, snap, name_width);
    let table_height = u16::try_from(rows.len()).unwrap_or(u16::MAX);
    let changes = change_lines(app, snap, width, theme);
    let (answers, cursor_line) = answer_lines(app, snap, cursor, width, theme);
    let [head, table, _, changes_area, list, footer] = ratatui::layout::Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(table_height),
        Constraint::Length(1),
        Constraint::Length(u16::try_from(changes.len()).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inside);
    let book = &app.model.prices;
    let freshness = book.freshness();
    let stale = !freshness.warnings(app.today).is_empty();
    let prices = format!(
        "prices: {}{}",
        freshness.short(),
        if stale {
            " · stale: tradeoff prices refresh"
        } else {
            ""
        }
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(headline, theme.strong()),
            Line::styled(
                super::fit(&prices, width),
                if stale { theme.error() } else { theme.dim() },
            ),
        ]),
        head,
    );
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(6),
                Constraint::Length(12),
                Constraint::Length(9),
            ],
        )
        .column_spacing(1),
        table,
    );
    frame.render_widget(Paragraph::new(changes), changes_area);
    // The heading stays; the list scrolls to keep the highlighted answer in view.
    let room = usize::from(list.height).saturating_sub(1).max(1);
    let skip = cursor_line.saturating_sub(room);
    let shown: Vec<Line> = answers
        .iter()
        .take(1)
        .chain(answers.iter().skip(1 + skip))
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), list);
    // The next step is always in view.
    frame.render_widget(
        Line::from(vec![
            Span::styled("e", theme.strong()),
            Span::raw(" export the recommendation bundle · "),
            Span::styled("Esc", theme.strong()),
            Span::raw(" back"),
        ]),
        footer,
    );
}

/// "★ GKE Autopilot leads by 8.5", with "a close call" when it is one.
fn headline(app: &App, snap: &Snapshot) -> String {
    let q = &app.model.questionnaire;
    let e = &snap.decision.assessment.evaluation;
    match e.recommended {
        Some(o) => {
            let close = if e.why().is_some_and(|w| w.close_call) {
                " — a close call"
            } else {
                ""
            };
            format!("★ {} leads by {:.1}{close}", q.options[o].name, e.margin)
        }
        None => "No option qualifies: every one is excluded".to_owned(),
    }
}

/// Each option: mark, name, score, monthly cost, and whether it is the cheapest or excluded.
fn option_rows(app: &App, snap: &Snapshot, name_width: usize) -> Vec<Row<'static>> {
    let q = &app.model.questionnaire;
    let e = &snap.decision.assessment.evaluation;
    q.options
        .iter()
        .enumerate()
        .map(|(o, def)| {
            let r = &e.options[o];
            let (mark, cost, note) = snap.standing(o);
            Row::new([
                // The short name where the full one would be cut.
                Cell::from(format!("{mark} {}", super::option_name(def, name_width))),
                Cell::from(format!("{:>5.1}", r.score)),
                Cell::from(format!("{cost:>11}")),
                Cell::from(note),
            ])
        })
        .collect()
}

/// What would change the outcome: the three smallest changes, with a heading.
fn change_lines(app: &App, snap: &Snapshot, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let q = &app.model.questionnaire;
    if snap.decision.flips.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        "What would change it (★ the recommendation, $ only the cheapest):",
        theme.strong(),
    )];
    lines.extend(
        super::flips::ranked(snap)
            .into_iter()
            .take(3)
            .map(|f| super::flips::line(q, f, width.saturating_sub(2), theme)),
    );
    lines.push(Line::raw(""));
    lines
}

/// Every question shown, by section: the answers given (✓) and those still assumed (·), the
/// one at `cursor` highlighted, under a heading; and the line the cursor is on.
fn answer_lines(
    app: &App,
    snap: &Snapshot,
    cursor: usize,
    width: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, usize) {
    let q = &app.model.questionnaire;
    let assumed = snap.decision.assumed().len();
    let shown: usize = snap.sections.iter().map(Vec::len).sum();
    let heading = if assumed == 0 {
        format!("Answers ({shown}, every one given): ↑↓ pick · Enter change it")
    } else {
        format!(
            "Answers ({} given, {assumed} still assumed): ↑↓ pick · Enter answer it",
            shown - assumed
        )
    };
    let mut lines = vec![Line::styled(super::fit(&heading, width), theme.strong())];
    let mut at = 0;
    let mut cursor_line = 0;
    for (s, members) in snap.sections.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        lines.push(Line::styled(
            super::fit(&format!(" {}", q.sections[s].title), width),
            theme.title(),
        ));
        for &i in members {
            let question = &q.questions[i];
            let given = !snap.resolved().assumed[i];
            let text = format!(
                "  {} {}: {}{}",
                if given { "✓" } else { "·" },
                question.driver,
                question.short_value(&snap.resolved().values[i]),
                if given { "" } else { " (assumed)" }
            );
            let style = if at == cursor {
                cursor_line = lines.len();
                theme.selected()
            } else if given {
                ratatui::style::Style::new()
            } else {
                theme.dim()
            };
            lines.push(Line::styled(super::fit(&text, width), style));
            at += 1;
        }
    }
    (lines, cursor_line)
}
