//! GKE Standard: the replicas bin-packed onto the cheapest machine type of the catalog, after
//! GKE's node reservations and system Pods, billed per node-hour; plus the cluster fee (less the
//! free tier) and forwarding rules.

use super::{
    Calc, Item, Purchase, Workload, cluster_fee_item, cluster_fee_usd, forwarding_item,
    forwarding_usd, hours, num, rate,
};
use crate::pricing::{Machine, PriceBook};

/// CPU GKE reserves on a node: 6% of the first core, 1% of the next, 0.5% of the next two and
/// 0.25% of every core above four (the official "Plan GKE Standard node sizes" formula).
#[must_use]
pub fn reserved_vcpu(cores: f64) -> f64 {
    let band = |lo: f64, hi: f64| (cores.min(hi) - lo).max(0.0);
    0.06 * band(0.0, 1.0)
        + 0.01 * band(1.0, 2.0)
        + 0.005 * band(2.0, 4.0)
        + 0.0025 * band(4.0, f64::INFINITY)
}

/// Memory GKE reserves on a node: 255 MiB below 1 GiB; else 25% of the first 4 GiB, 20% of the
/// next 4, 10% of the next 8, 6% of the next 112 and 2% above 128.
#[must_use]
pub fn reserved_gib(gib: f64) -> f64 {
    if gib < 1.0 {
        return 255.0 / 1024.0;
    }
    let band = |lo: f64, hi: f64| (gib.min(hi) - lo).max(0.0);
    0.25 * band(0.0, 4.0)
        + 0.20 * band(4.0, 8.0)
        + 0.10 * band(8.0, 16.0)
        + 0.06 * band(16.0, 128.0)
        + 0.02 * band(128.0, f64::INFINITY)
}

pub(super) struct Standard<'b> {
    machine: &'b Machine,
    alloc: (f64, f64),
    per_node: f64,
    peak: f64,
    /// Nodes while the workload runs, and the one that stays up for system Pods otherwise.
    nodes: f64,
    node_hours: f64,
    hourly: f64,
    factor: f64,
    fixed: f64,
}

/// A candidate node pool on one machine type.
struct Pool {
    alloc: (f64, f64),
    per_node: f64,
    nodes: f64,
    /// Nodes the peak needs: the most the autoscaler may add.
    peak: f64,
    node_hours: f64,
}

fn pool(m: &Machine, w: &Workload, book: &PriceBook) -> Option<Pool> {
    let n = &book.nodes;
    let alloc_cpu = m.vcpu - reserved_vcpu(m.vcpu) - n.system_pods_vcpu.value;
    let alloc_gib =
        m.memory_gib - reserved_gib(m.memory_gib) - n.eviction_gib.value - n.system_pods_gib.value;
    let fit = |have: f64, need: f64| ((have + 1e-9) / need).floor();
    let per_node = fit(alloc_cpu, w.vcpu)
        .min(fit(alloc_gib, w.memory_gib))
        .min(n.max_pods.value);
    if per_node < 1.0 {
        return None;
    }
    let average = (w.services * w.replicas / per_node).ceil().max(1.0);
    let peak = (w.services * w.peak_replicas.max(w.replicas) / per_node)
        .ceil()
        .max(1.0);
    // The autoscaler follows the average; one node more (never beyond what the peak needs) is the
    // headroom that lets replicas scale towards the peak while new nodes boot.
    let nodes = (average + 1.0).min(peak);
    let run = w.run_hours(book);
    let idle = book.hours_per_month - run;
    Some(Pool {
        alloc: (alloc_cpu, alloc_gib),
        per_node,
        nodes,
        peak,
        node_hours: nodes * run + idle,
    })
}

/// The committed-use discount of a machine's series for the answers' term, if any.
fn cud<'b>(m: &Machine, w: &Workload, book: &'b PriceBook) -> Option<&'b crate::pricing::Figure> {
    let c = book.cud(&m.series)?;
    match w.purchase {
        Purchase::Commit1y => c.one_year.as_ref(),
        Purchase::Commit3y => c.three_year.as_ref(),
        _ => None,
    }
}

/// The price multiplier the purchase option gives a machine.
fn factor(m: &Machine, w: &Workload, book: &PriceBook) -> f64 {
    match w.purchase {
        Purchase::OnDemand => 1.0,
        Purchase::Spot => 1.0 - book.gce_spot_discount[w.region.index()].value,
        Purchase::Commit1y | Purchase::Commit3y => 1.0 - cud(m, w, book).map_or(0.0, |d| d.value),
    }
}

pub(super) fn calc<'b>(w: &Workload, book: &'b PriceBook) -> Result<Standard<'b>, String> {
    let region = w.region.index();
    let mut best: Option<(f64, &Machine, Pool)> = None;
    for m in book.machines.iter().filter(|m| m.arch == w.arch) {
        let (Some(price), Some(p)) = (&m.hourly[region], pool(m, w, book)) else {
            continue;
        };
        let cost = p.node_hours * price.value * factor(m, w, book);
        if best.as_ref().is_none_or(|(c, _, _)| cost < *c) {
            best = Some((cost, m, p));
        }
    }
    let Some((_, machine, p)) = best else {
        return Err(format!(
            "no {} machine type in the price book for '{}' fits a {} vCPU / {} GiB Pod after GKE's reservations",
            match w.arch {
                crate::pricing::Arch::X86 => "x86",
                crate::pricing::Arch::Arm => "ARM",
            },
            w.region.id(),
            num(w.vcpu),
            num(w.memory_gib)
        ));
    };
    Ok(Standard {
        machine,
        alloc: p.alloc,
        per_node: p.per_node,
        peak: p.peak,
        nodes: p.nodes,
        node_hours: p.node_hours,
        hourly: machine.hourly[region].as_ref().map_or(0.0, |f| f.value),
        factor: factor(machine, w, book),
        fixed: cluster_fee_usd(book) + forwarding_usd(w, book),
    })
}

/// The node pool GKE Standard is priced on, for the files that create it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePool {
    pub machine_type: String,
    pub arch: crate::pricing::Arch,
    /// Nodes while the workload runs, as priced.
    pub nodes: u32,
    /// The autoscaler's range: one node stays up for system Pods; the peak sets the most.
    pub min_nodes: u32,
    pub max_nodes: u32,
    pub replicas_per_node: u32,
    pub spot: bool,
}

/// The priced node pool, or why the price book cannot price one.
///
/// # Errors
/// No machine type of the answers' architecture fits one replica in the region.
pub fn node_pool(w: &Workload, book: &PriceBook) -> Result<NodePool, String> {
    let s = calc(w, book)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small whole counts
    let whole = |x: f64| x as u32;
    Ok(NodePool {
        machine_type: s.machine.name.clone(),
        arch: s.machine.arch,
        nodes: whole(s.nodes),
        min_nodes: 1,
        max_nodes: whole(s.peak),
        replicas_per_node: whole(s.per_node),
        spot: w.purchase == Purchase::Spot,
    })
}

impl Standard<'_> {
    fn nodes_cost(&self) -> f64 {
        self.node_hours * self.hourly * self.factor
    }
}

impl Calc for Standard<'_> {
    fn total(&self) -> f64 {
        self.nodes_cost() + self.fixed
    }

    fn render(&self, w: &Workload, book: &PriceBook) -> (Vec<Item>, Vec<String>) {
        let m = self.machine;
        let run = w.run_hours(book);
        let idle = book.hours_per_month - run;
        let idle_text = if idle > 0.0 {
            format!(" + 1 node × {} h off-hours for system Pods", hours(idle))
        } else {
            String::new()
        };
        let term = if w.purchase == Purchase::Commit1y {
            1
        } else {
            3
        };
        let (discount, note) = match w.purchase {
            Purchase::OnDemand => (String::new(), None),
            Purchase::Spot => (
                format!(
                    ", Spot VMs −{}%",
                    num(((1.0 - self.factor) * 1000.0).round() / 10.0)
                ),
                None,
            ),
            Purchase::Commit1y | Purchase::Commit3y => match cud(m, w, book) {
                Some(d) => (
                    format!(
                        ", {term}-year committed-use discount −{}%",
                        num(d.value * 100.0)
                    ),
                    None,
                ),
                None => (
                    String::new(),
                    Some(format!(
                        "{} has no committed-use discount: priced on-demand.",
                        m.series.to_uppercase()
                    )),
                ),
            },
        };
        let mut notes = vec![format!(
            "{} ({} vCPU / {} GiB) leaves {} vCPU / {} GiB for Pods after GKE's reservations and system Pods: {} replicas of {} vCPU / {} GiB per node.",
            m.name,
            num(m.vcpu),
            num(m.memory_gib),
            num((self.alloc.0 * 100.0).round() / 100.0),
            num((self.alloc.1 * 100.0).round() / 100.0),
            num(self.per_node),
            num(w.vcpu),
            num(w.memory_gib)
        )];
        notes.extend(note);
        let items = vec![
            Item {
                item: format!("GKE Standard nodes ({})", m.name),
                monthly_usd: self.nodes_cost(),
                detail: format!(
                    "{} node(s) × {} h{idle_text} = {} node-h × ${}/h{discount}; the cheapest machine type that packs {} average / {} peak replicas",
                    num(self.nodes),
                    hours(run),
                    hours(self.node_hours),
                    rate(self.hourly),
                    num(w.services * w.replicas),
                    num(w.services * w.peak_replicas)
                ),
            },
            cluster_fee_item(book, "zonal"),
            forwarding_item(w, book),
        ];
        (items, notes)
    }
}
