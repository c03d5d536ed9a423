//! Monthly cost per option, at the price book's rates: a pure function of the answers.
//!
//! Each model first computes plain numbers ([`Calc`]), which the break-even curve evaluates many
//! times, and only then renders them as an itemised breakdown whose every line states its
//! arithmetic. Items are rounded to cents and the total is their sum, so they always add up.

mod autopilot;
mod curve;
mod fargate;
mod standard;

pub(crate) use autopilot::adjust as autopilot_requests;
pub use curve::{Crossover, Curve, curve};
pub use fargate::fargate_size;
pub use standard::{NodePool, SIZING_RULE, node_pool, reserved_gib, reserved_vcpu, sud_multiplier};

use crate::answers::Resolved;
use crate::pricing::{Arch, Figure, PriceBook, Region};
use crate::questionnaire::{CostModel, Questionnaire};
use std::fmt::{self, Write};

/// Tasks per ECS service that stay on on-demand Fargate when the others run on Fargate Spot, so
/// that an interruption never takes the whole service down. The bill and the exported service's
/// capacity provider strategy both read it.
///
/// Zero: "Spot" puts every replica on Spot capacity on both clouds (Fargate Spot, Spot Pods, Spot
/// VMs), so that the options are compared like for like.
pub(crate) const FARGATE_SPOT_ON_DEMAND_BASE: u32 = 0;

/// What no bill includes, by cloud: each bill's notes name them.
pub(crate) const AWS_EXCLUDES: &str = "Leaves out: data transfer and egress, NAT gateways or VPC endpoints, public IPv4 addresses, CloudWatch Logs and metrics, and ECR storage and image pulls.";
pub(crate) const GKE_EXCLUDES: &str = "Leaves out: network egress, Cloud NAT, Cloud Logging and Monitoring beyond the free allotment, load-balancer data processing, and Artifact Registry storage and image pulls.";

/// How capacity is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purchase {
    OnDemand,
    Spot,
    Commit1y,
    Commit3y,
}

impl Purchase {
    const ALL: [Purchase; 4] = [
        Purchase::OnDemand,
        Purchase::Spot,
        Purchase::Commit1y,
        Purchase::Commit3y,
    ];

    #[must_use]
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The `purchase` answer's choice id.
    #[must_use]
    pub(crate) fn id(self) -> &'static str {
        crate::questionnaire::CostInputs::PURCHASES[self as usize]
    }
}

/// The sizing answers the models read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    pub services: f64,
    /// Average running replicas per service.
    pub replicas: f64,
    pub peak_replicas: f64,
    pub vcpu: f64,
    pub memory_gib: f64,
    pub hours_per_day: f64,
    pub region: Region,
    pub arch: Arch,
    pub purchase: Purchase,
    /// GPUs per replica: 0 unless the `gpu` answer is yes (then `gpu_count`, or 1).
    pub gpus: f64,
    /// The billing account's GKE free-tier credit pays this cluster's fee.
    pub free_tier: bool,
    /// Compute Engine's sustained-use discounts reach the billing account.
    pub sustained_use: bool,
}

impl Workload {
    /// Reads the workload from resolved answers; `None` if the questionnaire has no cost inputs.
    #[must_use]
    pub fn from_answers(q: &Questionnaire, r: &Resolved) -> Option<Self> {
        let ci = q.cost_inputs?;
        let num = |i: usize| r.values[i].as_number();
        let choice = |i: usize| r.values[i].as_choice().map(|c| q.questions[i].choice_id(c));
        Some(Self {
            services: num(ci.services)?,
            replicas: num(ci.replicas)?,
            peak_replicas: num(ci.peak_replicas)?,
            vcpu: num(ci.vcpu)?,
            memory_gib: num(ci.memory_gib)?,
            hours_per_day: num(ci.hours_per_day)?,
            region: Region::from_id(choice(ci.region)?)?,
            arch: Arch::from_id(choice(ci.arch)?)?,
            purchase: Purchase::from_id(choice(ci.purchase)?)?,
            gpus: if ci.gpu.and_then(choice) == Some("yes") {
                ci.gpu_count.and_then(num).unwrap_or(1.0)
            } else {
                0.0
            },
            free_tier: ci.free_tier.is_none_or(|i| choice(i) == Some("yes")),
            sustained_use: ci.sustained_use.is_none_or(|i| choice(i) == Some("yes")),
        })
    }

    /// Hours a month each replica runs.
    #[must_use]
    pub(crate) fn run_hours(&self, book: &PriceBook) -> f64 {
        book.hours_per_month * self.hours_per_day / 24.0
    }

    /// The usage a bill's detail lines start from: "8 services × 3 tasks × 730 h".
    #[must_use]
    pub(crate) fn usage(&self, book: &PriceBook, replica: &str) -> String {
        format!(
            "{} × {} × {} h",
            count(self.services, "service"),
            count(self.replicas, replica),
            hours(self.run_hours(book))
        )
    }
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub item: String,
    pub monthly_usd: f64,
    /// The arithmetic and assumptions behind the figure, in one line.
    pub detail: String,
    /// Why the line is an estimate, when a figure behind it is marked `estimate` in the price
    /// book: that figure's note.
    pub estimate: Option<String>,
}

/// The first estimated figure among those behind a bill line, as its note says.
pub(crate) fn estimated<'a>(
    figures: impl IntoIterator<Item = Option<&'a Figure>>,
) -> Option<String> {
    figures.into_iter().flatten().find(|f| f.estimate).map(|f| {
        f.note
            .clone()
            .unwrap_or_else(|| "a figure marked estimate in the price book".to_owned())
    })
}

/// An option's estimated monthly bill.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCost {
    pub total: f64,
    pub items: Vec<Item>,
    /// Things a reader should know: a discount that does not apply, an estimate used.
    pub notes: Vec<String>,
}

/// A model's numbers before rendering.
pub(crate) trait Calc {
    /// The unrounded monthly total.
    fn total(&self) -> f64;
    /// The itemised bill, with notes.
    fn render(&self, w: &Workload, book: &PriceBook) -> (Vec<Item>, Vec<String>);
}

/// The numbers of one option's model, or why it cannot be priced.
pub(crate) fn calc<'b>(
    model: CostModel,
    w: &Workload,
    book: &'b PriceBook,
) -> Result<Box<dyn Calc + 'b>, String> {
    let c: Box<dyn Calc + 'b> = match model {
        CostModel::Fargate => Box::new(fargate::calc(w, book)?),
        CostModel::GkeAutopilot => autopilot::calc(w, book)?,
        CostModel::GkeStandard => Box::new(standard::calc(w, book)?),
    };
    // The questionnaire's bounds keep every bill far below this; one above it is not a figure
    // anyone could sign. Checked here, so the record, the what-ifs and the curve all agree.
    let total = c.total();
    if !total.is_finite() || total > MAX_BILL {
        return Err(format!(
            "the answers ({} services × {} replicas × {} vCPU) give a bill above {} a month",
            num(w.services),
            num(w.replicas),
            num(w.vcpu),
            money_whole(MAX_BILL)
        ));
    }
    Ok(c)
}

/// The unrounded monthly total of one option, or NaN when it cannot be priced.
#[must_use]
pub(crate) fn total(model: CostModel, w: &Workload, book: &PriceBook) -> f64 {
    calc(model, w, book).map_or(f64::NAN, |c| c.total())
}

/// Every option's bill: `None` for an option without a cost model, `Err` with the reason when
/// the price book cannot price it.
#[must_use]
pub fn estimate(
    q: &Questionnaire,
    book: &PriceBook,
    w: &Workload,
) -> Vec<Option<Result<OptionCost, String>>> {
    q.options
        .iter()
        .map(|o| {
            let model = o.cost_model?;
            Some(calc(model, w, book).map(|c| {
                let (items, notes) = c.render(w, book);
                let items: Vec<Item> = items
                    .into_iter()
                    .map(|i| Item {
                        monthly_usd: cents(i.monthly_usd),
                        ..i
                    })
                    .collect();
                let total = cents(items.iter().map(|i| i.monthly_usd).sum());
                OptionCost {
                    total,
                    items,
                    notes,
                }
            }))
        })
        .collect()
}

/// The largest monthly bill the tool prints: far above any real deployment, and far below
/// where a figure in cents stops being exact.
pub(crate) const MAX_BILL: f64 = 1e12;

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// "$1,234.56".
#[must_use]
pub(crate) fn money(x: f64) -> String {
    money_to(x, true)
}

/// "$1,235": to the dollar, for narrow places.
#[must_use]
pub(crate) fn money_whole(x: f64) -> String {
    money_to(x, false)
}

fn money_to(x: f64, with_cents: bool) -> String {
    let x = if with_cents { x } else { x.round() };
    let cents = (x * 100.0).round();
    let sign = if cents < 0.0 { "-" } else { "" };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // bills are far below 2^63 cents
    let cents = cents.abs() as u64;
    let grouped = thousands(cents / 100);
    if with_cents {
        format!("{sign}${grouped}.{:02}", cents % 100)
    } else {
        format!("{sign}${grouped}")
    }
}

/// A count with thousands separated: "99,900".
#[must_use]
pub(crate) fn thousands(n: impl Into<u64>) -> String {
    let whole = n.into().to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// A unit price: at least two decimals ($0.10), more where the price has them ($0.0049225).
#[must_use]
pub(crate) fn rate(x: f64) -> Num {
    let cents = x * 100.0;
    Num {
        x,
        min_decimals: if (cents - cents.round()).abs() < 1e-9 {
            2
        } else {
            0
        },
    }
}

/// Hours for a breakdown line: at most two decimals.
#[must_use]
pub(crate) fn hours(x: f64) -> Num {
    num((x * 100.0).round() / 100.0)
}

/// "1 task", "3 tasks".
#[must_use]
pub(crate) fn count(n: f64, what: &str) -> Count<'_> {
    Count { n, what }
}

/// A count and its noun, plural unless the count is one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Count<'a> {
    n: f64,
    what: &'a str,
}

impl fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.what;
        if (self.n - 1.0).abs() < f64::EPSILON {
            write!(f, "1 {what}")
        } else {
            write!(f, "{} {what}s", num(self.n))
        }
    }
}

/// A number without trailing zeros: 0.5, 2, 0.0049225.
#[must_use]
pub(crate) fn num(x: f64) -> Num {
    Num { x, min_decimals: 0 }
}

/// A number as a breakdown line shows it: at most seven decimals, trailing zeros dropped down to
/// `min_decimals`. Written straight into the line, so a bill's many figures cost no allocations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    x: f64,
    min_decimals: usize,
}

impl Num {
    fn write(self, out: &mut impl fmt::Write) -> fmt::Result {
        const MAX_DECIMALS: usize = 7;
        let x = self.x;
        let scaled = (x * 1e7).round();
        if !scaled.is_finite() || scaled.abs() >= 9e15 {
            // Too large for the digit count below (or not finite): let the formatter say it.
            return write!(out, "{x}");
        }
        #[allow(clippy::cast_possible_truncation)] // below 2^53 just above
        let mut digits = scaled as i64;
        let mut decimals = MAX_DECIMALS;
        while decimals > self.min_decimals && digits % 10 == 0 {
            digits /= 10;
            decimals -= 1;
        }
        if decimals == 0 {
            // Whole: so -0.00000001 does not read "-0".
            return write!(out, "{digits}");
        }
        // Integer arithmetic on the rounded digits: float formatting at a precision is the
        // slowest part of rendering a bill.
        let unit = 10_i64.pow(u32::try_from(decimals).unwrap_or(0));
        let sign = if digits < 0 { "-" } else { "" };
        let digits = digits.unsigned_abs();
        let unit = unit.unsigned_abs();
        write!(out, "{sign}{}.{:0decimals$}", digits / unit, digits % unit)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() {
            return self.write(f);
        }
        // Padded in a column: the rare case, so it may allocate.
        let mut s = String::new();
        self.write(&mut s)?;
        f.pad(&s)
    }
}

/// Forwarding rules GKE needs: one per service (each exported Service of type `LoadBalancer` gets
/// one). Google charges one hourly minimum that covers the first five rules together, and a rate
/// for each rule after the fifth.
pub(crate) fn forwarding_usd(w: &Workload, book: &PriceBook) -> f64 {
    let g = &book.gke;
    let rest = (w.services - 5.0).max(0.0);
    book.hours_per_month
        * (g.forwarding_rule_first5_hour.value + rest * g.forwarding_rule_additional_hour.value)
}

pub(crate) fn forwarding_item(w: &Workload, book: &PriceBook) -> Item {
    let g = &book.gke;
    let rest = (w.services - 5.0).max(0.0);
    let h = book.hours_per_month;
    let mut detail = format!(
        "{} forwarding rule(s), one per Service of type LoadBalancer: the first five together {} h × ${}",
        num(w.services),
        num(h),
        rate(g.forwarding_rule_first5_hour.value)
    );
    if rest > 0.0 {
        let _ = write!(
            detail,
            " + {} more × {} h × ${}",
            num(rest),
            num(h),
            rate(g.forwarding_rule_additional_hour.value)
        );
    }
    detail.push_str("; data processing not included");
    Item {
        item: "Load balancer forwarding rules".to_owned(),
        monthly_usd: forwarding_usd(w, book),
        detail,
        estimate: estimated([
            Some(&g.forwarding_rule_first5_hour),
            (rest > 0.0).then_some(&g.forwarding_rule_additional_hour),
        ]),
    }
}

/// One GPU's hourly price in the answers' region, or why it cannot be priced there.
pub(crate) fn gpu_hour(w: &Workload, book: &PriceBook) -> Result<f64, String> {
    book.gpu.regions[w.region.index()]
        .hour
        .as_ref()
        .map(|f| f.value)
        .ok_or_else(|| {
            format!(
                "the price book has no {} price for '{}'",
                book.gpu.name,
                w.region.id()
            )
        })
}

/// The node a GPU replica runs on, on both GKE options: the cheapest (so the smallest) GPU
/// machine type whose GPU count, vCPU and memory hold one replica after the node's reservations
/// ([`standard::holds`]: the one headroom rule). Autopilot creates one such node per GPU Pod; GKE
/// Standard's GPU node pool uses the same type.
pub(crate) fn gpu_machine<'b>(
    w: &Workload,
    book: &'b PriceBook,
    gpu_hour: f64,
) -> Result<&'b crate::pricing::Machine, String> {
    let region = w.region.index();
    let price = |m: &crate::pricing::Machine| {
        m.hourly[region].as_ref().map_or(f64::INFINITY, |f| f.value) + f64::from(m.gpus) * gpu_hour
    };
    book.machines
        .iter()
        .filter(|m| {
            m.gpus > 0
                && f64::from(m.gpus) >= w.gpus
                && m.arch == w.arch
                && m.hourly[region].is_some()
                && standard::holds(m, book, w.vcpu, w.memory_gib)
        })
        .min_by(|a, b| price(a).total_cmp(&price(b)))
        .ok_or_else(|| {
            format!(
                "no GPU machine type in the price book for '{}' holds a {} vCPU / {} GiB replica with {} GPU(s)",
                w.region.id(),
                num(w.vcpu),
                num(w.memory_gib),
                num(w.gpus)
            )
        })
}

/// The GKE cluster fee, net of the monthly free-tier credit when the answers say the billing
/// account's credit (one zonal or Autopilot cluster) is this cluster's.
pub(crate) fn cluster_fee_usd(w: &Workload, book: &PriceBook) -> f64 {
    let g = &book.gke;
    let fee = book.hours_per_month * g.cluster_fee_hour.value;
    if w.free_tier {
        (fee - g.free_tier_credit_month.value).max(0.0)
    } else {
        fee
    }
}

pub(crate) fn cluster_fee_item(w: &Workload, book: &PriceBook, what: &str) -> Item {
    let g = &book.gke;
    let fee = format!(
        "{} h × ${}/h = {}",
        num(book.hours_per_month),
        rate(g.cluster_fee_hour.value),
        money(book.hours_per_month * g.cluster_fee_hour.value),
    );
    Item {
        item: "Cluster management fee".to_owned(),
        monthly_usd: cluster_fee_usd(w, book),
        estimate: estimated([
            Some(&g.cluster_fee_hour),
            w.free_tier.then_some(&g.free_tier_credit_month),
        ]),
        detail: if w.free_tier {
            format!(
                "{fee}, less the {} monthly free-tier credit, which covers one {what} cluster per billing account (the answers say it is this one)",
                money(g.free_tier_credit_month.value)
            )
        } else {
            format!(
                "{fee}: no free-tier credit, which the answers say another cluster of the billing account already uses"
            )
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{money, num};

    #[test]
    fn numbers_read_as_people_write_them() {
        for (x, shown) in [
            (730.0, "730"),
            (0.5, "0.5"),
            (0.004_922_5, "0.0049225"),
            (243.333_333_33, "243.3333333"),
            (-2.0, "-2"),
            (1.999_999_99, "2"),
            (-0.000_000_01, "0"),
            (-0.25, "-0.25"),
            (0.000_000_1, "0.0000001"),
            (12.05, "12.05"),
            (1e20, "100000000000000000000"),
        ] {
            assert_eq!(num(x).to_string(), shown);
        }
        assert_eq!(super::count(1.0, "task").to_string(), "1 task");
        assert_eq!(super::count(2.5, "task").to_string(), "2.5 tasks");
    }

    #[test]
    fn rates_show_cents_or_every_digit() {
        assert_eq!(super::rate(0.1).to_string(), "0.10");
        assert_eq!(super::rate(2.0).to_string(), "2.00");
        assert_eq!(super::rate(0.025).to_string(), "0.025");
        assert_eq!(super::rate(0.004_922_5).to_string(), "0.0049225");
    }

    #[test]
    fn each_id_names_its_value_and_back() {
        use crate::pricing::{Arch, Region};
        for p in super::Purchase::ALL {
            assert_eq!(super::Purchase::from_id(p.id()), Some(p));
        }
        for r in Region::ALL {
            assert_eq!(Region::from_id(r.id()), Some(r));
        }
        for a in [Arch::X86, Arch::Arm] {
            assert_eq!(Arch::from_id(a.id()), Some(a));
        }
        assert_eq!(super::Purchase::from_id("reserved"), None);
    }

    #[test]
    fn money_has_cents_and_thousands() {
        assert_eq!(money(36.0401), "$36.04");
        assert_eq!(money(0.0), "$0.00");
        assert_eq!(money(1_234_567.891), "$1,234,567.89");
        assert_eq!(money(-5.5), "-$5.50");
    }
}
