//! GKE Autopilot: Pod requests adjusted to Autopilot's rules, billed per vCPU-hour and GiB-hour,
//! plus the cluster fee (less the free tier) and forwarding rules.

use super::{
    Calc, Item, Purchase, Workload, cluster_fee_item, cluster_fee_usd, forwarding_item,
    forwarding_usd, num, rate,
};
use crate::pricing::{Arch, PriceBook};

pub(super) struct Autopilot {
    /// Requests as billed, after Autopilot's adjustments.
    vcpu: f64,
    gib: f64,
    pod_hours: f64,
    vcpu_price: f64,
    gib_price: f64,
    /// The committed-use share off, if any.
    share: f64,
    spot: bool,
    /// Spot was asked for but the book has no Spot price for the region.
    spot_missing: bool,
    fixed: f64,
}

/// Autopilot's adjustment of a Pod's requests: raise CPU and memory to their minimums, round CPU
/// up to its step, then raise whichever is short to keep memory within the GiB-per-vCPU range.
#[must_use]
pub fn adjust(vcpu: f64, gib: f64, book: &PriceBook) -> (f64, f64) {
    let r = &book.autopilot.rules;
    let step = r.vcpu_step.value;
    let round_up = |x: f64| (x / step - 1e-9).ceil() * step;
    let mut cpu = round_up(vcpu.max(r.min_vcpu.value));
    let mut mem = gib.max(r.min_memory_gib.value);
    if mem > cpu * r.max_gib_per_vcpu.value {
        cpu = round_up(mem / r.max_gib_per_vcpu.value);
    }
    mem = mem.max(cpu * r.min_gib_per_vcpu.value);
    (cpu, mem)
}

pub(super) fn calc(w: &Workload, book: &PriceBook) -> Autopilot {
    let r = &book.autopilot.regions[w.region.index()];
    let (vcpu, gib) = adjust(w.vcpu, w.memory_gib, book);
    let spot = match (&r.spot_vcpu_hour, &r.spot_gib_hour) {
        (Some(c), Some(m)) if w.purchase == Purchase::Spot => Some((c.value, m.value)),
        _ => None,
    };
    let (vcpu_price, gib_price) = spot.unwrap_or((r.vcpu_hour.value, r.gib_hour.value));
    let g = &book.gke;
    let share = match w.purchase {
        Purchase::Commit1y => g.cud_flexible_1y.value,
        Purchase::Commit3y => g.cud_flexible_3y.value,
        _ => 0.0,
    };
    Autopilot {
        vcpu,
        gib,
        pod_hours: w.services * w.replicas * w.run_hours(book),
        vcpu_price,
        gib_price,
        share,
        spot: spot.is_some(),
        spot_missing: w.purchase == Purchase::Spot && spot.is_none(),
        fixed: cluster_fee_usd(book) + forwarding_usd(w, book),
    }
}

impl Autopilot {
    fn cpu_cost(&self) -> f64 {
        self.pod_hours * self.vcpu * self.vcpu_price * (1.0 - self.share)
    }
    fn mem_cost(&self) -> f64 {
        self.pod_hours * self.gib * self.gib_price * (1.0 - self.share)
    }
}

impl Calc for Autopilot {
    fn total(&self) -> f64 {
        self.cpu_cost() + self.mem_cost() + self.fixed
    }

    fn render(&self, w: &Workload, book: &PriceBook) -> (Vec<Item>, Vec<String>) {
        let usage = w.usage(book, "Pod");
        let discount = match w.purchase {
            Purchase::Commit1y | Purchase::Commit3y => format!(
                ", {}-year flexible committed-use discount −{}%",
                if w.purchase == Purchase::Commit1y {
                    1
                } else {
                    3
                },
                num(self.share * 100.0)
            ),
            _ if self.spot => ", Spot Pod prices".to_owned(),
            _ => String::new(),
        };
        let mut notes = Vec::new();
        if (self.vcpu - w.vcpu).abs() > 1e-9 || (self.gib - w.memory_gib).abs() > 1e-9 {
            notes.push(format!(
                "Autopilot bills {} vCPU / {} GiB per Pod: {} vCPU / {} GiB raised to its minimums, CPU step and memory-to-CPU ratio.",
                num(self.vcpu),
                num(self.gib),
                num(w.vcpu),
                num(w.memory_gib)
            ));
        }
        if self.spot_missing {
            notes.push(format!(
                "The price book has no Autopilot Spot price for '{}': priced at regular rates.",
                w.region.id()
            ));
        }
        if w.arch == Arch::Arm {
            notes.push(
                "Arm Pods run on the Scale-Out compute class; priced at general-purpose rates."
                    .to_owned(),
            );
        }
        let items = vec![
            Item {
                item: "Autopilot Pod vCPU".to_owned(),
                monthly_usd: self.cpu_cost(),
                detail: format!(
                    "{usage} × {} vCPU × ${}/vCPU-h{discount}",
                    num(self.vcpu),
                    rate(self.vcpu_price)
                ),
            },
            Item {
                item: "Autopilot Pod memory".to_owned(),
                monthly_usd: self.mem_cost(),
                detail: format!(
                    "{usage} × {} GiB × ${}/GiB-h{discount}",
                    num(self.gib),
                    rate(self.gib_price)
                ),
            },
            cluster_fee_item(book, "Autopilot"),
            forwarding_item(w, book),
        ];
        (items, notes)
    }
}
