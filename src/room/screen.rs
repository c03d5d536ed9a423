//! The facilitator's screen: how to join, who is here and where each stands, the questions
//! that split the room (most decisive first), and the consensus with its score and cost. It
//! redraws whenever the room changes.

use super::server::Shared;
use super::{Info, export, join_lines};
use crate::compare::{Comparison, compare};
use crate::cost::money;
use anyhow::{Context, Result};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use std::sync::Arc;
use std::time::Duration;

/// How often the screen looks for the room's changes: a participant's answer shows within
/// this, plus the time to draw.
const POLL: Duration = Duration::from_millis(10);

struct View {
    /// The highlighted split, as a row of the list drawn last.
    cursor: usize,
    /// The question of the highlighted split: the highlight follows it when answers re-sort the
    /// list, and `s` spotlights it.
    cursor_question: Option<usize>,
    status: Option<String>,
    /// An export refused because the folder holds files: `E` replaces.
    confirm_replace: bool,
    /// `q` or Esc was pressed once: a second ends the room, any other key goes on.
    confirm_quit: bool,
}

pub(crate) fn run(shared: &Arc<Shared>, info: &Info) -> Result<()> {
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let result = run_loop(&mut terminal, shared, info);
    ratatui::restore();
    result
}

fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    shared: &Arc<Shared>,
    info: &Info,
) -> Result<()> {
    let mut view = View {
        cursor: 0,
        cursor_question: None,
        status: info.note.clone(),
        confirm_replace: false,
        confirm_quit: false,
    };
    let mut drawn: Option<u64> = None;
    let mut dirty = true;
    loop {
        let version = shared.room().version;
        if dirty || drawn != Some(version) {
            // The tally once per frame: with 50 people it is most of the frame's time.
            let tally = tally(shared);
            let questions: Vec<usize> = tally.as_ref().map_or_else(Vec::new, |t| {
                t.cmp.disagreements.iter().map(|d| d.question).collect()
            });
            follow(&mut view, &questions);
            terminal.draw(|frame| render(frame, shared, info, &view, tally.as_ref()))?;
            drawn = Some(version);
            dirty = false;
        }
        if !event::poll(POLL)? {
            continue;
        }
        dirty = true;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Ok(());
        }
        if !act(shared, info, &mut view, key.code) {
            return Ok(());
        }
    }
}

/// Keeps the highlight on its question wherever the splits (`questions`, in the order drawn)
/// now put it, within the list, and records the question it is on.
fn follow(view: &mut View, questions: &[usize]) {
    if let Some(at) = view
        .cursor_question
        .and_then(|q| questions.iter().position(|&x| x == q))
    {
        view.cursor = at;
    }
    view.cursor = view.cursor.min(questions.len().saturating_sub(1));
    view.cursor_question = questions.get(view.cursor).copied();
}

/// `n` / `p`: the spotlight on the next or previous question of the questionnaire, answered or
/// not.
fn step_spotlight(shared: &Shared, view: &mut View, forward: bool) {
    let mut room = shared.room();
    let n = room.model.questionnaire.questions.len();
    let next = match (room.spotlight, forward) {
        (None, _) => 0,
        (Some(q), true) => (q + 1) % n,
        (Some(q), false) => (q + n - 1) % n,
    };
    room.spotlight = Some(next);
    view.status = Some(format!(
        "Spotlight on {} ({} of {n}; n next, p previous, s off): it is on everyone's screen.",
        room.model.questionnaire.questions[next].driver,
        next + 1
    ));
    let _ = room.changed();
}

/// Carries out a key. Returns false to quit.
fn act(shared: &Shared, info: &Info, view: &mut View, code: KeyCode) -> bool {
    let replace = std::mem::take(&mut view.confirm_replace);
    let quitting = std::mem::take(&mut view.confirm_quit);
    match code {
        // Quitting ends every participant's session: it asks first.
        KeyCode::Char('q') | KeyCode::Esc if quitting => return false,
        KeyCode::Char('q') | KeyCode::Esc => {
            view.confirm_quit = true;
            view.status = Some(
                "End the room for everyone? q or Esc again ends it, any other key goes on (it stays saved: tradeoff room --resume)."
                    .to_owned(),
            );
        }
        KeyCode::Up | KeyCode::Char('k') => {
            view.cursor = view.cursor.saturating_sub(1);
            view.cursor_question = None;
        }
        KeyCode::Down | KeyCode::Char('j') => {
            view.cursor += 1;
            view.cursor_question = None;
        }
        KeyCode::Char('s') => {
            // The question highlighted, not whatever row it was: answers may have re-sorted.
            let question = view.cursor_question;
            let mut room = shared.room();
            room.spotlight = match (room.spotlight, question) {
                (Some(now), Some(q)) if now == q => None,
                (_, q) => q,
            };
            view.status = Some(match room.spotlight {
                Some(q) => format!(
                    "Spotlight on {}: it is on everyone's screen.",
                    room.model.questionnaire.questions[q].driver
                ),
                None => "Spotlight off.".to_owned(),
            });
            let _ = room.changed();
        }
        // Step the spotlight through the questionnaire, answered or not.
        KeyCode::Char('n' | 'p') => step_spotlight(shared, view, code == KeyCode::Char('n')),
        KeyCode::Char('v' | 'a' | 'l') => {
            let mut room = shared.room();
            let (flag, what) = match code {
                KeyCode::Char('v') => (
                    &mut room.reveal,
                    "the room's counts on participants' screens",
                ),
                KeyCode::Char('a') => (&mut room.anonymous, "names hidden on this screen"),
                _ => (&mut room.locked, "answers locked"),
            };
            *flag = !*flag;
            let on = *flag;
            view.status = Some(format!("{} {what}.", if on { "On:" } else { "Off:" }));
            let _ = room.changed();
        }
        KeyCode::Char('e' | 'E') => {
            let force = replace && code == KeyCode::Char('E');
            view.status = Some(match export(shared, &info.out_dir, force) {
                Ok(written) => format!(
                    "Exported {} files into {}.{}",
                    written.files.len(),
                    info.out_dir.display(),
                    written
                        .plan
                        .lines(true)
                        .iter()
                        .map(|l| format!(" Also {l}."))
                        .collect::<Vec<_>>()
                        .concat()
                ),
                Err(e) if e.is::<crate::report::FolderNotEmpty>() => {
                    view.confirm_replace = true;
                    let besides = e
                        .downcast_ref::<crate::report::FolderNotEmpty>()
                        .map(|f| {
                            f.plan
                                .iter()
                                .map(|l| format!(" It {l}."))
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                        .concat();
                    format!(
                        "{} already holds files: E replaces the export's files in it.{besides}",
                        info.out_dir.display()
                    )
                }
                Err(e) => format!("Not exported: {e:#}"),
            });
        }
        _ => {}
    }
    true
}

/// One frame's view of the room, taken under one lock so that its parts agree: the
/// participants as the screen names them, whether each is here, and their tally.
struct Tally {
    model: Arc<crate::model::Model>,
    columns: Vec<(String, crate::answers::Answers)>,
    here: Vec<bool>,
    cmp: Comparison,
}

fn tally(shared: &Shared) -> Option<Tally> {
    let room = shared.room();
    let mut columns = room.columns();
    if columns.is_empty() {
        return None;
    }
    if room.anonymous {
        for (k, (name, _)) in columns.iter_mut().enumerate() {
            *name = format!("P{}", k + 1);
        }
    }
    let here = room.participants.values().map(|p| p.connected).collect();
    let model = room.model.clone();
    drop(room);
    let cmp = compare(&model, &columns);
    Some(Tally {
        model,
        columns,
        here,
        cmp,
    })
}

fn render(frame: &mut Frame, shared: &Shared, info: &Info, view: &View, tally: Option<&Tally>) {
    let title = title(shared);
    let people = tally.map_or_else(Vec::new, rows);
    let joins = join_lines(info);
    let splits = tally.map_or(0, |t| t.cmp.disagreements.len());
    let consensus_rows = tally
        .map_or(1, |t| 1 + t.cmp.vetoes.len() + t.cmp.ties.len())
        .min(8);
    let [head, join, table, split_area, consensus, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::try_from(joins.len().min(4) + 2).unwrap_or(6)),
        Constraint::Length(who_height(people.len(), frame.area())),
        Constraint::Min(3),
        Constraint::Length(u16::try_from(consensus_rows + 2).unwrap_or(10)),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        Line::styled(title, Style::new().add_modifier(Modifier::BOLD)),
        head,
    );
    let mut join_text: Vec<Line> = joins.iter().take(4).map(|l| Line::raw(l.clone())).collect();
    join_text.push(Line::raw(format!("host key {}", info.fingerprint)));
    frame.render_widget(
        Paragraph::new(join_text).block(Block::new().borders(Borders::TOP).title(" Join ")),
        join,
    );
    who_is_here(frame, table, &people);
    let spotlight = shared.room().spotlight;
    let lines: Vec<Line> = tally.map_or_else(
        || vec![Line::raw("Nobody has answered yet.")],
        |t| split_lines(&t.model, &t.cmp, view.cursor, spotlight),
    );
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new().borders(Borders::TOP).title(format!(
                " Where the room splits ({splits}), most decisive first "
            )),
        ),
        split_area,
    );
    frame.render_widget(
        Paragraph::new(consensus_line(tally))
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::TOP).title(" Consensus ")),
        consensus,
    );
    let flags = {
        let room = shared.room();
        format!(
            "s spotlight · n/p step it · v reveal {} · a anonymous {} · l lock {} · e export · q quit",
            on(room.reveal),
            on(room.anonymous),
            on(room.locked)
        )
    };
    frame.render_widget(Line::raw(view.status.clone().unwrap_or(flags)), hints);
}

/// One participant's columns in "Who is here": name, here or away, progress, recommendation.
const WHO_WIDTHS: [u16; 4] = [24, 8, 9, 22];

/// How many participants sit side by side in `width`: as many groups of [`WHO_WIDTHS`] as fit.
fn who_columns(width: u16) -> usize {
    let group: u16 = WHO_WIDTHS.iter().sum::<u16>() + 2;
    usize::from((width / group).max(1))
}

/// The height "Who is here" takes: every participant in columns, up to half the screen (at
/// least 8 rows); the rest are counted in its last cell.
fn who_height(people: usize, area: ratatui::layout::Rect) -> u16 {
    let per_column = people.div_ceil(who_columns(area.width));
    let wanted = u16::try_from(per_column + 2).unwrap_or(u16::MAX);
    wanted.min((area.height / 2).max(8))
}

/// "Who is here": participants in as many columns as the width holds, filled down then across;
/// when they do not all fit, the last cell says how many more there are and how many of them are
/// here.
fn who_is_here(frame: &mut Frame, area: ratatui::layout::Rect, people: &[Vec<String>]) {
    let columns = who_columns(area.width);
    let rows_shown = usize::from(area.height.saturating_sub(2)).max(1);
    let capacity = rows_shown * columns;
    let (shown, more) = if people.len() > capacity {
        (capacity - 1, &people[capacity - 1..])
    } else {
        (people.len(), &people[people.len()..])
    };
    let cells = shown + usize::from(!more.is_empty());
    let per_column = cells.div_ceil(columns).max(1);
    let cell_rows: Vec<Row> = (0..per_column.min(rows_shown))
        .map(|r| {
            let mut cells = Vec::new();
            for c in 0..columns {
                let k = c * per_column + r;
                let group: Vec<String> = if k < shown {
                    people[k].clone()
                } else if k == shown && !more.is_empty() {
                    let here = more.iter().filter(|p| p[1].contains("here")).count();
                    vec![format!("+{} more ({here} here)", more.len())]
                } else {
                    Vec::new()
                };
                cells.extend((0..4).map(|i| Cell::from(group.get(i).cloned().unwrap_or_default())));
            }
            Row::new(cells)
        })
        .collect();
    let widths: Vec<Constraint> = (0..columns)
        .flat_map(|_| WHO_WIDTHS.map(Constraint::Length))
        .collect();
    let header: Vec<&str> = (0..columns)
        .flat_map(|_| ["Participant", "", "Answered", "Recommends"])
        .collect();
    frame.render_widget(
        Table::new(cell_rows, widths)
            .column_spacing(1)
            .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
            .block(Block::new().borders(Borders::TOP).title(" Who is here ")),
        area,
    );
}

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// The title line.
fn title(shared: &Shared) -> String {
    let room = shared.room();
    let connected = room.participants.values().filter(|p| p.connected).count();
    // What the room needs most first, so a narrow screen cuts the name, not the code.
    format!(
        "code {} · {} participants, {connected} connected{} · {}",
        room.code,
        room.participants.len(),
        if room.locked { " · locked" } else { "" },
        room.name
    )
}

/// One row per participant: name, here or away, progress, and what their answers recommend
/// (the tally's own result for them, not evaluated again).
fn rows(t: &Tally) -> Vec<Vec<String>> {
    let q = &t.model.questionnaire;
    t.columns
        .iter()
        .zip(&t.here)
        .zip(&t.cmp.columns)
        .map(|(((name, answers), here), outcome)| {
            let (answered, shown) = crate::answers::resolve(q, answers).progress();
            let leads = outcome
                .recommended
                .map_or("none qualifies".to_owned(), |o| {
                    format!("{} by {:.1}", q.options[o].short, outcome.margin)
                });
            vec![
                name.clone(),
                if *here { "● here" } else { "○ away" }.to_owned(),
                format!("{answered}/{shown}"),
                leads,
            ]
        })
        .collect()
}

fn split_lines(
    model: &crate::model::Model,
    cmp: &Comparison,
    cursor: usize,
    spotlight: Option<usize>,
) -> Vec<Line<'static>> {
    let q = &model.questionnaire;
    if cmp.disagreements.is_empty() {
        return vec![Line::raw("Everyone agrees so far.")];
    }
    cmp.disagreements
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let question = &q.questions[d.question];
            let mark = if spotlight == Some(d.question) {
                "◉ "
            } else {
                "  "
            };
            let flag = if d.changes_recommendation {
                " ← decides"
            } else {
                ""
            };
            // What the consensus takes: the most frequent answer, or the median of a scale.
            let taken = cmp.consensus.get(d.question).map_or_else(
                || {
                    let assumed = cmp.consensus.effective(&model.questionnaire, d.question);
                    format!("{} (assumed)", question.short_value(&assumed))
                },
                |v| question.short_value(v),
            );
            let text = format!(
                "{mark}{}: {} → {taken}{flag}",
                question.driver,
                crate::report::comparison::votes_line(cmp, d, question)
            );
            let style = if k == cursor {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect()
}

fn consensus_line(tally: Option<&Tally>) -> Vec<Line<'static>> {
    let Some(Tally { model, cmp, .. }) = tally else {
        return vec![Line::raw("No answers yet.")];
    };
    let q = &model.questionnaire;
    let c = &cmp.consensus_outcome;
    let lead = c.recommended.map_or("no option qualifies".to_owned(), |r| {
        let cost = c.costs[r].map_or(String::new(), |t| format!(", {} a month", money(t)));
        format!("{} ahead by {:.1}{cost}", q.options[r].name, c.margin)
    });
    let mut lines = vec![Line::styled(
        format!("→ {lead}"),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    lines.extend(cmp.vetoes.iter().map(|v| {
        Line::raw(format!(
            "Veto: {}",
            crate::report::comparison::veto_line(model, v)
        ))
    }));
    lines.extend(
        cmp.ties
            .iter()
            .map(|t| Line::raw(crate::report::comparison::tie_line(model, t, true))),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::{Info, Shared, View, render, tally};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn room_of(n: usize) -> Shared {
        let model = crate::model::Model::new(
            crate::questionnaire::builtin("fargate-vs-gke").unwrap(),
            crate::pricing::builtin().unwrap(),
        );
        let mut room = crate::room::state::Room::new(
            model,
            "workshop".to_owned(),
            "code".to_owned(),
            "fargate-vs-gke".to_owned(),
            std::path::PathBuf::from("room.toml"),
        );
        for k in 0..n {
            room.claim(&format!("person{k:02}")).unwrap();
        }
        Shared::new(room)
    }

    fn screen(shared: &Shared, width: u16, height: u16) -> String {
        let info = Info {
            port: 2222,
            listen: "127.0.0.1:2222".parse().unwrap(),
            fingerprint: "SHA256:x".to_owned(),
            state_path: std::path::PathBuf::from("room.toml"),
            out_dir: std::path::PathBuf::from("out"),
            note: None,
        };
        let view = View {
            cursor: 0,
            cursor_question: None,
            status: None,
            confirm_replace: false,
            confirm_quit: false,
        };
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let t = tally(shared);
        terminal
            .draw(|f| render(f, shared, &info, &view, t.as_ref()))
            .unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn the_highlight_follows_its_question_when_the_splits_re_sort() {
        let mut view = View {
            cursor: 0,
            cursor_question: None,
            status: None,
            confirm_replace: false,
            confirm_quit: false,
        };
        super::follow(&mut view, &[7, 3, 9]);
        assert_eq!(view.cursor_question, Some(7));
        view.cursor = 1;
        view.cursor_question = None; // ↓, as a key does
        super::follow(&mut view, &[7, 3, 9]);
        assert_eq!(view.cursor_question, Some(3));
        // New answers put question 3 first: the highlight goes with it.
        super::follow(&mut view, &[3, 9, 7]);
        assert_eq!((view.cursor, view.cursor_question), (0, Some(3)));
        // Its split gone (everyone agrees now): the highlight stays in the list.
        super::follow(&mut view, &[9]);
        assert_eq!((view.cursor, view.cursor_question), (0, Some(9)));
    }

    #[test]
    fn thirty_people_are_each_listed_or_counted_never_dropped() {
        let shared = room_of(30);
        for (w, h) in [(100, 30), (140, 45), (200, 60)] {
            let text = screen(&shared, w, h);
            let listed = (0..30)
                .filter(|k| text.contains(&format!("person{k:02}")))
                .count();
            let more: usize = text
                .split('+')
                .nth(1)
                .and_then(|rest| rest.split(" more").next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert_eq!(listed + more, 30, "{w}x{h}:\n{text}");
        }
        // From 140×45 every one of them is listed by name.
        for (w, h) in [(140, 45), (200, 60)] {
            let text = screen(&shared, w, h);
            assert!(
                (0..30).all(|k| text.contains(&format!("person{k:02}"))),
                "{w}x{h}:\n{text}"
            );
        }
    }
}
