//! What one frame shows, derived from the state: scores, bills, the break-even curve and the flip
//! points, computed fresh (a few tens of microseconds) rather than cached beside the answers.

use super::app::App;
use crate::cost::Curve;
use crate::engine::FlipPoint;
use crate::model::Assessment;

pub struct Snapshot {
    pub assessment: Assessment,
    pub curve: Option<Curve>,
    pub flips: Vec<FlipPoint>,
}

impl Snapshot {
    #[must_use]
    pub fn of(app: &App) -> Self {
        Self {
            assessment: app.model.assess(&app.answers),
            curve: app.model.curve(&app.answers),
            flips: app.model.flip_points(&app.answers),
        }
    }

    #[must_use]
    pub fn leader(&self) -> Option<usize> {
        self.assessment.evaluation.recommended
    }

    /// The option whose bill the cost panel itemizes.
    #[must_use]
    pub fn cost_focus(&self, app: &App) -> usize {
        app.cost_option.or(self.leader()).unwrap_or(0)
    }

    /// The cheapest option with a bill.
    #[must_use]
    pub fn cheapest(&self) -> Option<usize> {
        (0..self.assessment.costs.len())
            .filter_map(|o| self.assessment.total(o).map(|t| (o, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(o, _)| o)
    }

    /// The answers that put the leader ahead of the runner-up, largest first: (question, points).
    #[must_use]
    pub fn reasons(&self) -> Vec<(usize, f64)> {
        let e = &self.assessment.evaluation;
        let Some(leader) = e.recommended else {
            return Vec::new();
        };
        let runner_up = (0..e.options.len())
            .filter(|&o| o != leader && !e.options[o].excluded())
            .max_by(|a, b| e.options[*a].score.total_cmp(&e.options[*b].score));
        let Some(runner_up) = runner_up else {
            return Vec::new();
        };
        let mut gains: Vec<(usize, f64)> = e.options[leader]
            .contributions
            .iter()
            .zip(&e.options[runner_up].contributions)
            .map(|(a, b)| (a.question, a.points - b.points))
            .filter(|(_, gain)| *gain >= 0.5)
            .collect();
        gains.sort_by(|a, b| b.1.total_cmp(&a.1));
        gains
    }
}
