//! What one frame shows, derived from the state: scores, bills, the break-even curve and the flip
//! points, computed fresh (a few tens of microseconds) rather than cached beside the answers.

use super::app::App;
use crate::model::Decision;

pub struct Snapshot {
    /// What the answers decide: the one value every panel reads.
    pub decision: Decision,
    /// The visible questions of each section.
    pub sections: Vec<Vec<usize>>,
}

impl Snapshot {
    #[must_use]
    pub fn of(app: &App) -> Self {
        let decision = app.model.decide(&app.answers);
        let sections = decision
            .evaluation()
            .resolved
            .by_section(&app.model.questionnaire);
        Self { decision, sections }
    }

    /// The effective answers the frame shows.
    #[must_use]
    pub(crate) fn resolved(&self) -> &crate::answers::Resolved {
        &self.decision.assessment.evaluation.resolved
    }

    #[must_use]
    pub(crate) fn leader(&self) -> Option<usize> {
        self.decision.assessment.evaluation.recommended
    }

    /// The option whose bill the cost panel itemizes.
    #[must_use]
    pub(crate) fn cost_focus(&self, app: &App) -> usize {
        app.cost_option.or(self.leader()).unwrap_or(0)
    }

    /// The cheapest eligible option, when every eligible option has a bill.
    #[must_use]
    pub(crate) fn cheapest(&self) -> Option<usize> {
        self.decision.assessment.cheapest()
    }

    /// Why the leader leads the runner-up (the engine's one computation of it).
    #[must_use]
    pub(crate) fn why(&self) -> Option<crate::engine::Why> {
        self.decision.assessment.evaluation.why()
    }

    /// How an option stands, as the compact tables show it: a mark (★ leads, ✗ excluded), its
    /// monthly cost ("not priced" without one), and "cheapest" or "excluded".
    #[must_use]
    pub(crate) fn standing(&self, o: usize) -> (&'static str, String, &'static str) {
        let e = &self.decision.assessment.evaluation;
        let excluded = e.options[o].excluded();
        let mark = if excluded {
            "✗"
        } else if e.recommended == Some(o) {
            "★"
        } else {
            " "
        };
        let cost = self
            .decision
            .assessment
            .total(o)
            .map_or_else(|| "not priced".to_owned(), crate::cost::money);
        let note = if excluded {
            "excluded"
        } else if self.cheapest() == Some(o) {
            "cheapest"
        } else {
            ""
        };
        (mark, cost, note)
    }
}
