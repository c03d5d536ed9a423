//! The break-even curve: each option's monthly cost as average utilization (average replicas as a
//! share of the peak) goes from 5% to 100%, and where the cheapest option changes.

use super::{Workload, calc};
use crate::pricing::PriceBook;
use crate::questionnaire::Questionnaire;

/// Utilization steps, in percent.
const FROM: u32 = 5;
const TO: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// Utilization of each point, 0.05 to 1.0.
    pub utilization: Vec<f64>,
    /// Per option, the monthly cost at each point (NaN where the option cannot be priced).
    pub costs: Vec<Vec<f64>>,
    pub crossovers: Vec<Crossover>,
    /// The answers' own utilization: replicas / `peak_replicas`.
    pub current: f64,
    /// Per option, whether the answers leave it eligible: only eligible options can be the
    /// cheapest, so only they make crossovers (a chart may still draw the others).
    pub eligible: Vec<bool>,
}

/// Where the cheapest option changes from `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossover {
    pub utilization: f64,
    pub from: usize,
    pub to: usize,
}

impl Curve {
    /// The cheapest priced eligible option at a point.
    #[must_use]
    pub fn cheapest(&self, point: usize) -> Option<usize> {
        (0..self.costs.len())
            .filter(|&o| self.eligible[o] && self.costs[o][point].is_finite())
            .min_by(|&a, &b| self.costs[a][point].total_cmp(&self.costs[b][point]))
    }
}

/// The curve for a workload, holding its peak and varying its average replicas; `ruled_out`
/// says which options the answers exclude.
#[must_use]
pub fn curve(q: &Questionnaire, book: &PriceBook, w: &Workload, ruled_out: &[bool]) -> Curve {
    let utilization: Vec<f64> = (FROM..=TO).map(|p| f64::from(p) / 100.0).collect();
    let costs: Vec<Vec<f64>> = q
        .options
        .iter()
        .map(|option| {
            utilization
                .iter()
                .map(|&share| {
                    let at = Workload {
                        replicas: share * w.peak_replicas,
                        ..*w
                    };
                    option
                        .cost_model
                        .and_then(|m| calc(m, &at, book).ok())
                        .map_or(f64::NAN, |c| c.total())
                })
                .collect()
        })
        .collect();
    let mut curve = Curve {
        utilization,
        costs,
        crossovers: Vec::new(),
        current: if w.peak_replicas > 0.0 {
            w.replicas / w.peak_replicas
        } else {
            1.0
        },
        eligible: (0..q.options.len())
            .map(|o| !ruled_out.get(o).copied().unwrap_or(false))
            .collect(),
    };
    curve.crossovers = crossovers(&curve);
    curve
}

/// Runs of points shorter than this (in percentage points) are not a change of cheapest option:
/// where GKE Standard's cost climbs in node-sized steps across a rising line, the two trade places
/// every few points, and only the lasting change is worth a reader's attention.
const MIN_RUN: usize = 3;

/// The lasting changes of cheapest option, each at the interpolated point where the costs meet.
fn crossovers(curve: &Curve) -> Vec<Crossover> {
    // Runs of consecutive points with the same cheapest option: (option, first point, last point).
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..curve.utilization.len() {
        let Some(o) = curve.cheapest(i) else { continue };
        match runs.last_mut() {
            Some((last, _, end)) if *last == o => *end = i,
            _ => runs.push((o, i, i)),
        }
    }
    // Fold each short run into the run before it, then join neighbours that now agree.
    let mut lasting: Vec<(usize, usize, usize)> = Vec::new();
    for run in runs {
        let short = run.2 - run.1 + 1 < MIN_RUN;
        match lasting.last_mut() {
            Some(prev) if short || prev.0 == run.0 => prev.2 = run.2,
            _ => lasting.push(run),
        }
    }
    lasting
        .windows(2)
        .map(|pair| {
            let ((before, _, _), (after, i, _)) = (pair[0], pair[1]);
            // Where the two costs meet between the last point of one run and the first of the next.
            let gap = |point: usize| curve.costs[before][point] - curve.costs[after][point];
            let (d0, d1) = (gap(i - 1), gap(i));
            let (u0, u1) = (curve.utilization[i - 1], curve.utilization[i]);
            let t = if (d1 - d0).abs() > f64::EPSILON {
                (-d0 / (d1 - d0)).clamp(0.0, 1.0)
            } else {
                0.5
            };
            Crossover {
                utilization: u0 + t * (u1 - u0),
                from: before,
                to: after,
            }
        })
        .collect()
}
