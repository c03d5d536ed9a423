//! The explorer's state: answers and where the user is. Scores and costs are never stored here;
//! they are derived from the answers on every frame (see `snapshot`).

use crate::answers::Answers;
use crate::model::Model;
use crate::questionnaire::{Kind, Question};
use crate::value::Value;
use std::path::PathBuf;
use tui_input::Input;

/// What the keyboard is driving.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Moving between questions and answering them.
    Browse,
    /// `/`: jump to a question by typing part of its prompt or id.
    Search { input: Input, cursor: usize },
    /// `w`: each criterion's weight, changed live.
    Weights { cursor: usize },
    /// `e`: where to write the bundle.
    Export(Export),
    /// `?`: every key, scrolled down by `scroll` rows.
    Help { scroll: u16 },
    /// `s`: naming a snapshot of the answers.
    NameScenario { input: Input },
    /// `S`: saved scenarios side by side; the cursor is on a saved scenario, and `ask` is the
    /// question waiting for y or n, if any.
    Scenarios { cursor: usize, ask: Option<Ask> },
    /// `r`, or Tab past the last question: the outcome, what is still assumed, and the export
    /// as the next step; the cursor is on an assumed answer.
    Review { cursor: usize },
}

/// What the scenarios view asks before doing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Load the scenario over answers that are in no scenario.
    Load,
    Delete,
}

#[derive(Debug, Clone)]
pub enum Export {
    /// Typing the folder.
    Editing { input: Input },
    /// The folder holds files: replace the bundle's files in it? `plan` says what else
    /// replacing would do (files removed, the user's set aside), before it is done.
    Confirm { dir: PathBuf, plan: Vec<String> },
    /// Written: the files, and what else the write did, to list.
    Done {
        files: Vec<PathBuf>,
        notes: Vec<String>,
    },
    /// Refused or failed, with why; the folder stays editable.
    Failed { input: Input, message: String },
}

/// Which panel a small terminal shows below the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Scores,
    Cost,
    Chart,
    Flips,
}

impl View {
    #[must_use]
    pub(crate) fn next(self) -> Self {
        match self {
            Self::Scores => Self::Cost,
            Self::Cost => Self::Chart,
            Self::Chart => Self::Flips,
            Self::Flips => Self::Scores,
        }
    }
}

pub struct App {
    /// The questionnaire and prices: shared, never copied, between a room's participants.
    pub model: std::sync::Arc<Model>,
    pub answers: Answers,
    /// The focused question (index into the questionnaire).
    pub focus: usize,
    /// The highlighted choice of the focused choice or multi question.
    pub cursor: usize,
    pub mode: Mode,
    /// The editor of the focused text, number or key/value question.
    pub field: Input,
    /// Why the field's text is not a valid answer, when it is not.
    pub field_error: Option<String>,
    /// The answer as it was when the field took focus: what Esc goes back to.
    pub field_before: Option<Value>,
    /// An edit of the focused field is in progress: keys type into it. A field takes focus
    /// without one, so command keys act; typing a value (or Enter) starts one.
    pub in_edit: bool,
    /// How far the focused question's explanation is scrolled (PgUp/PgDn, the wheel).
    pub help_scroll: u16,
    /// The option whose bill the cost panel itemizes; `None` follows the leader.
    pub cost_option: Option<usize>,
    pub view: View,
    /// The terminal's size, for layout and mouse hit-testing.
    pub size: (u16, u16),
    /// A one-line message for the user (saved, exported, an error).
    pub status: Option<String>,
    /// The export dialog's starting folder.
    pub out_dir: PathBuf,
    /// Where the session is autosaved, when it is.
    /// Saves the session as it changes (none in a room or a test).
    pub saver: Option<crate::session::Saver>,
    /// Named snapshots of the answers, compared side by side with `S`.
    pub scenarios: Vec<(String, Answers)>,
    /// In a live room, the room's name: this explorer is a participant's, over SSH, and
    /// nothing it does touches the facilitator's files.
    pub room: Option<String>,
    /// The day the prices' age is counted to (today; fixed in tests).
    pub today: jiff::civil::Date,
    /// The answers before each change, newest last: what `u` goes back to.
    pub history: Vec<Answers>,
    /// What the last action's change of answers did, shown until the next key.
    pub change: Option<Change>,
    /// A note that stays in the status line until Esc dismisses it (an earlier session kept).
    pub notice: Option<String>,
}

/// How many changes `u` can undo.
pub const UNDO_STEPS: usize = 100;

/// What one change of answers did to the outcome: each option's score and monthly bill moved by
/// (after minus before), and the questions it showed or hid.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub scores: Vec<f64>,
    /// `None` where either side has no bill.
    pub costs: Vec<Option<f64>>,
    pub appeared: Vec<usize>,
    pub disappeared: Vec<usize>,
}

impl Change {
    /// The difference between the outcomes of two sets of answers.
    #[must_use]
    pub fn between(model: &Model, before: &Answers, after: &Answers) -> Self {
        let (a, b) = (model.assess(before), model.assess(after));
        let n = model.questionnaire.options.len();
        let scores = (0..n)
            .map(|o| b.evaluation.options[o].score - a.evaluation.options[o].score)
            .collect();
        let costs = (0..n).map(|o| Some(b.total(o)? - a.total(o)?)).collect();
        let (was, now) = (
            &a.evaluation.resolved.visible,
            &b.evaluation.resolved.visible,
        );
        let flipped = |from: bool| -> Vec<usize> {
            (0..was.len())
                .filter(|&i| was[i] == from && now[i] != from)
                .collect()
        };
        Self {
            scores,
            costs,
            appeared: flipped(false),
            disappeared: flipped(true),
        }
    }

    /// A score's change as the panels show it ("+3.2", "−1.0"), or nothing under 0.05.
    #[must_use]
    pub fn score(&self, o: usize) -> Option<String> {
        let d = *self.scores.get(o)?;
        (d.abs() >= 0.05).then(|| format!("{}{:.1}", sign(d), d.abs()))
    }

    /// A bill's change as the panels show it ("+$12/mo", "−$41/mo"), or nothing under a cent.
    #[must_use]
    pub fn cost(&self, o: usize) -> Option<String> {
        let d = (*self.costs.get(o)?)?;
        let amount = if d.abs() >= 10.0 {
            crate::cost::money_whole(d.abs())
        } else {
            crate::cost::money(d.abs())
        };
        (d.abs() >= 0.005).then(|| format!("{}{amount}/mo", sign(d)))
    }

    /// The questions the change showed or hid, in a sentence, when it did.
    #[must_use]
    pub fn shown_hidden(&self, model: &Model) -> Option<String> {
        let names = |qs: &[usize]| -> String {
            let names: Vec<&str> = qs
                .iter()
                .map(|&i| model.questionnaire.questions[i].driver.as_str())
                .collect();
            crate::text::and_list(&names)
        };
        let mut parts = Vec::new();
        if !self.appeared.is_empty() {
            parts.push(format!("Now asked: {}.", names(&self.appeared)));
        }
        if !self.disappeared.is_empty() {
            parts.push(format!("No longer asked: {}.", names(&self.disappeared)));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

fn sign(d: f64) -> char {
    if d < 0.0 { '−' } else { '+' }
}

impl App {
    #[must_use]
    pub fn new(
        model: impl Into<std::sync::Arc<Model>>,
        answers: Answers,
        out_dir: PathBuf,
    ) -> Self {
        let mut app = Self {
            model: model.into(),
            answers,
            focus: 0,
            cursor: 0,
            mode: Mode::Browse,
            field: Input::default(),
            field_error: None,
            field_before: None,
            in_edit: false,
            help_scroll: 0,
            cost_option: None,
            room: None,
            view: View::default(),
            size: (120, 40),
            status: None,
            out_dir,
            saver: None,
            scenarios: Vec::new(),
            today: crate::pricing::today(),
            history: Vec::new(),
            change: None,
            notice: None,
        };
        app.focus_question(app.first_visible());
        app
    }

    /// The whole screen, as the layout sees it.
    #[must_use]
    pub(crate) fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1)
    }

    #[must_use]
    pub fn question(&self) -> &Question {
        &self.model.questionnaire.questions[self.focus]
    }

    /// The effective answers, for the current answers.
    #[must_use]
    pub(crate) fn resolved(&self) -> crate::answers::Resolved {
        crate::answers::resolve(&self.model.questionnaire, &self.answers)
    }

    /// Which questions `show_if` shows, for the current answers.
    #[must_use]
    pub(crate) fn visible(&self) -> Vec<bool> {
        self.resolved().visible
    }

    fn first_visible(&self) -> usize {
        self.visible().iter().position(|v| *v).unwrap_or(0)
    }

    /// The effective value of a question, as scored: the answer, or its default (raised to its
    /// floor: an assumed peak follows the replicas).
    #[must_use]
    pub fn value(&self, question: usize) -> Value {
        self.answers.effective(&self.model.questionnaire, question)
    }

    /// Moves the focus, putting the cursor on the current choice and loading the field editor.
    pub fn focus_question(&mut self, question: usize) {
        self.focus = question.min(self.model.questionnaire.questions.len().saturating_sub(1));
        self.field_error = None;
        let value = self.value(self.focus);
        self.cursor = match &value {
            Value::Choice(c) => *c,
            Value::Multi(cs) => cs.first().copied().unwrap_or(0),
            _ => 0,
        };
        self.field = Input::new(self.question().text_of(&value));
        self.field_before = self.answers.get(self.focus).cloned();
        self.in_edit = false;
        self.help_scroll = 0;
    }

    /// Focuses the focused question again after the answers changed under it (undo, a loaded
    /// scenario): the previous visible question when they hid it.
    pub(crate) fn refocus(&mut self) {
        let focus = if self.visible()[self.focus] {
            self.focus
        } else {
            self.step(false)
        };
        self.focus_question(focus);
    }

    /// Whether the focused question is edited as text (text, number, key/value).
    #[must_use]
    pub(crate) fn editing(&self) -> bool {
        matches!(
            self.question().kind,
            Kind::Number(_) | Kind::Text(_) | Kind::KeyValue(_)
        )
    }

    /// The next (or previous) visible question, wrapping around.
    #[must_use]
    pub(crate) fn step(&self, forward: bool) -> usize {
        let visible = self.visible();
        let n = visible.len();
        (1..=n)
            .map(|k| {
                if forward {
                    (self.focus + k) % n
                } else {
                    (self.focus + n - k) % n
                }
            })
            .find(|&i| visible[i])
            .unwrap_or(self.focus)
    }

    /// The visible questions of each section, for the current answers.
    #[must_use]
    pub(crate) fn sections(&self) -> Vec<Vec<usize>> {
        self.resolved().by_section(&self.model.questionnaire)
    }

    /// Questions matching a search, in questionnaire order: id, prompt or driver containing every
    /// typed word.
    #[must_use]
    pub(crate) fn search(&self, text: &str) -> Vec<usize> {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        self.visible_where(|q| {
            let hay = format!("{} {} {}", q.id, q.prompt, q.driver).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
    }

    /// The questions whose weight changes scores: visible choice questions with points.
    #[must_use]
    pub(crate) fn weighted(&self) -> Vec<usize> {
        self.visible_where(|q| q.range.1 > q.range.0)
    }

    /// The visible questions that `keep` accepts, in questionnaire order.
    fn visible_where(&self, keep: impl Fn(&Question) -> bool) -> Vec<usize> {
        let visible = self.visible();
        self.model
            .questionnaire
            .questions
            .iter()
            .enumerate()
            .filter(|&(i, q)| visible[i] && keep(q))
            .map(|(i, _)| i)
            .collect()
    }
}
