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
    fixed: f64,
}

/// Autopilot's adjustment of a Pod's requests: raise CPU and memory to their minimums, round CPU
/// up to its step, then raise whichever is short to keep memory within the GiB-per-vCPU range.
#[must_use]
pub(crate) fn adjust(vcpu: f64, gib: f64, book: &PriceBook) -> (f64, f64) {
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

/// The bill for these answers: general-purpose Pods, or GPU nodes for a GPU workload.
pub(super) fn calc<'b>(w: &Workload, book: &'b PriceBook) -> Result<Box<dyn Calc + 'b>, String> {
    if w.gpus > 0.0 {
        return Ok(Box::new(gpu_calc(w, book)?));
    }
    let (vcpu, gib) = adjust(w.vcpu, w.memory_gib, book);
    let rules = &book.autopilot.rules;
    for (have, max, what) in [
        (vcpu, &rules.max_vcpu, "vCPU"),
        (gib, &rules.max_memory_gib, "GiB"),
    ] {
        if let Some(max) = max
            && have > max.value
            && w.arch == Arch::X86
        {
            return Err(format!(
                "a Pod of {} {what} is above Autopilot's general-purpose maximum of {} {what} ({}, {}); it would run on the Balanced compute class, which the price book does not price",
                num(have),
                num(max.value),
                book.source(max).title,
                max.as_of
            ));
        }
    }
    let r = &book.autopilot.regions[w.region.index()];
    if w.purchase == Purchase::Spot && (r.spot_vcpu_hour.is_none() || r.spot_gib_hour.is_none()) {
        // Billing Spot at regular rates would compare Spot on one side with on-demand on the
        // other: the option is left unpriced, and the record says why.
        return Err(format!(
            "the price book has no Autopilot Spot Pod price for '{}'",
            w.region.id()
        ));
    }
    Ok(Box::new(general_purpose(w, book, (vcpu, gib))))
}

fn general_purpose(w: &Workload, book: &PriceBook, (vcpu, gib): (f64, f64)) -> Autopilot {
    let r = &book.autopilot.regions[w.region.index()];
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
        fixed: cluster_fee_usd(w, book) + forwarding_usd(w, book),
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
        if w.arch == Arch::Arm {
            notes.push(
                "Arm Pods run on the Scale-Out compute class; priced at general-purpose rates."
                    .to_owned(),
            );
        }
        notes.push(super::GKE_EXCLUDES.to_owned());
        let r = &book.autopilot.regions[w.region.index()];
        let g = &book.gke;
        let cud = match w.purchase {
            Purchase::Commit1y => Some(&g.cud_flexible_1y),
            Purchase::Commit3y => Some(&g.cud_flexible_3y),
            _ => None,
        };
        let (cpu_fig, mem_fig) = if self.spot {
            (r.spot_vcpu_hour.as_ref(), r.spot_gib_hour.as_ref())
        } else {
            (Some(&r.vcpu_hour), Some(&r.gib_hour))
        };
        let items = vec![
            Item {
                estimate: super::estimated([cpu_fig, cud]),
                item: "Autopilot Pod vCPU".to_owned(),
                monthly_usd: self.cpu_cost(),
                detail: format!(
                    "{usage} × {} vCPU × ${}/vCPU-h{discount}",
                    num(self.vcpu),
                    rate(self.vcpu_price)
                ),
            },
            Item {
                estimate: super::estimated([mem_fig, cud]),
                item: "Autopilot Pod memory".to_owned(),
                monthly_usd: self.mem_cost(),
                detail: format!(
                    "{usage} × {} GiB × ${}/GiB-h{discount}",
                    num(self.gib),
                    rate(self.gib_price)
                ),
            },
            cluster_fee_item(w, book, "Autopilot"),
            forwarding_item(w, book),
        ];
        (items, notes)
    }
}

/// A GPU workload on Autopilot: each Pod gets a G2 node, billed at the Compute Engine price of
/// the node and its GPUs plus Autopilot's accelerator premiums (per GPU, node vCPU and node GiB).
pub(super) struct AutopilotGpu<'b> {
    machine: &'b crate::pricing::Machine,
    pod_hours: f64,
    node_hour: f64,
    gpu_hour: f64,
    /// Premium per node-hour: GPUs, vCPU and GiB together.
    premium_hour: f64,
    fixed: f64,
}

fn gpu_calc<'b>(w: &Workload, book: &'b PriceBook) -> Result<AutopilotGpu<'b>, String> {
    let region = w.region.index();
    if w.purchase != Purchase::OnDemand {
        return Err(format!(
            "the price book has no Autopilot {} rate for GPU nodes",
            w.purchase.id()
        ));
    }
    let g = &book.gpu.regions[region];
    let gpu_hour = super::gpu_hour(w, book)?;
    let [p_gpu, p_vcpu, p_gib] = g.autopilot_premium.as_ref().ok_or_else(|| {
        format!(
            "the price book has no Autopilot GPU premium for '{}'",
            w.region.id()
        )
    })?;
    let machine = super::gpu_machine(w, book, gpu_hour)?;
    Ok(AutopilotGpu {
        machine,
        pod_hours: w.services * w.replicas * w.run_hours(book),
        node_hour: machine.hourly[region].as_ref().map_or(0.0, |f| f.value),
        gpu_hour,
        premium_hour: f64::from(machine.gpus) * p_gpu.value
            + machine.vcpu * p_vcpu.value
            + machine.memory_gib * p_gib.value,
        fixed: cluster_fee_usd(w, book) + forwarding_usd(w, book),
    })
}

impl AutopilotGpu<'_> {
    fn gpus(&self) -> f64 {
        f64::from(self.machine.gpus)
    }
}

impl Calc for AutopilotGpu<'_> {
    fn total(&self) -> f64 {
        self.pod_hours * (self.node_hour + self.gpus() * self.gpu_hour + self.premium_hour)
            + self.fixed
    }

    fn render(&self, w: &Workload, book: &PriceBook) -> (Vec<Item>, Vec<String>) {
        let usage = w.usage(book, "Pod");
        let m = self.machine;
        let g = &book.gpu.regions[w.region.index()];
        let items = vec![
            Item {
                estimate: super::estimated([m.hourly[w.region.index()].as_ref()]),
                item: format!("Autopilot GPU nodes ({})", m.name),
                monthly_usd: self.pod_hours * self.node_hour,
                detail: format!(
                    "{usage}, one {} node each ({} vCPU / {} GiB) × ${}/h",
                    m.name,
                    num(m.vcpu),
                    num(m.memory_gib),
                    rate(self.node_hour)
                ),
            },
            Item {
                estimate: super::estimated([g.hour.as_ref()]),
                item: format!("GPUs ({})", book.gpu.name),
                monthly_usd: self.pod_hours * self.gpus() * self.gpu_hour,
                detail: format!(
                    "{usage} × {} GPU(s) × ${}/GPU-h",
                    num(self.gpus()),
                    rate(self.gpu_hour)
                ),
            },
            Item {
                estimate: super::estimated(g.autopilot_premium.iter().flatten().map(Some)),
                item: "Autopilot accelerator premium".to_owned(),
                monthly_usd: self.pod_hours * self.premium_hour,
                detail: format!(
                    "{usage} × ${}/h: Autopilot's premium per GPU, node vCPU and node GiB",
                    rate(self.premium_hour)
                ),
            },
            cluster_fee_item(w, book, "Autopilot"),
            forwarding_item(w, book),
        ];
        let notes = vec![
            format!(
                "GPU Pods are billed by the node Autopilot creates for them ({} for {} vCPU / {} GiB and {} GPU(s): the smallest that holds the Pod after the node's reservations, as on GKE Standard), not by their requests.",
                m.name,
                num(w.vcpu),
                num(w.memory_gib),
                num(w.gpus)
            ),
            super::GKE_EXCLUDES.to_owned(),
        ];
        (items, notes)
    }
}
