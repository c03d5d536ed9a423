//! GKE Standard: the replicas bin-packed onto the cheapest machine type of the catalog, after
//! GKE's node reservations and system Pods, billed per node-hour; plus the cluster fee (less the
//! free tier) and forwarding rules.

use super::{
    Calc, Item, Purchase, Workload, cluster_fee_item, cluster_fee_usd, forwarding_item,
    forwarding_usd, gpu_hour, hours, num, rate,
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

/// How the GKE Standard node pool is sized, in one place: the bill's note, the record and the
/// node pool in DEPLOY.md (whose autoscaler range is 1 to the peak's nodes) all follow it.
pub const SIZING_RULE: &str = "Node pool sizing: while the workload runs, the pool holds the nodes the average replicas pack onto, with no spare node, as the pay-per-use options bill the average replicas and nothing more; off-hours, one node stays up for system Pods. The cluster autoscaler adds nodes up to what the peak needs; those extra node-hours are not in this estimate, on any option.";

pub(super) struct Standard<'b> {
    machine: &'b Machine,
    alloc: (f64, f64),
    per_node: f64,
    peak: f64,
    /// Nodes while the workload runs, and the one that stays up for system Pods otherwise.
    nodes: f64,
    node_hours: f64,
    /// Node-hours as billed after the sustained-use discount (`node_hours` without one).
    billed_node_hours: f64,
    sud: Option<f64>,
    hourly: f64,
    /// Per GPU, for a GPU workload.
    gpu_hour: Option<f64>,
    /// Boot disk per node: GiB, and the price per GiB-hour, when the book prices them.
    disk_hour: Option<(f64, f64)>,
    factor: f64,
    /// The GPUs' multiplier: a commitment's share; 1 for Spot, whose GPU rate is its own.
    gpu_factor: f64,
    fixed: f64,
}

/// The share of the list price a node pays under a sustained-use discount when it runs
/// `fraction` of the month: each further quarter of the month is billed lower, in equal steps,
/// down to the series' full-month discount `d` on average (N2: 100%, 86.7%, 73.3%, 60%).
#[must_use]
pub fn sud_multiplier(fraction: f64, d: f64) -> f64 {
    if fraction <= 0.0 {
        return 1.0;
    }
    let step = d / 1.5;
    let billed: f64 = (0..4)
        .map(|k| {
            let k = f64::from(k);
            let used = (fraction - k / 4.0).clamp(0.0, 0.25);
            used * (1.0 - k * step)
        })
        .sum();
    billed / fraction
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

/// What a node of this machine type leaves for Pods (vCPU, GiB) after GKE's reservations, the
/// eviction threshold and the system Pods: the one headroom rule for every node-based bill, GKE
/// Standard's node pool and the GPU nodes Autopilot creates.
#[must_use]
pub(crate) fn allocatable(m: &Machine, book: &PriceBook) -> (f64, f64) {
    let n = &book.nodes;
    (
        m.vcpu - reserved_vcpu(m.vcpu) - n.system_pods_vcpu.value,
        m.memory_gib - reserved_gib(m.memory_gib) - n.eviction_gib.value - n.system_pods_gib.value,
    )
}

/// Whether a node of this machine type holds one replica of `vcpu` / `gib` beside its overhead.
#[must_use]
pub(crate) fn holds(m: &Machine, book: &PriceBook, vcpu: f64, gib: f64) -> bool {
    let (cpu, mem) = allocatable(m, book);
    cpu + 1e-9 >= vcpu && mem + 1e-9 >= gib
}

fn pool(m: &Machine, w: &Workload, book: &PriceBook) -> Option<Pool> {
    let n = &book.nodes;
    let (alloc_cpu, alloc_gib) = allocatable(m, book);
    let fit = |have: f64, need: f64| ((have + 1e-9) / need).floor();
    let mut per_node = fit(alloc_cpu, w.vcpu)
        .min(fit(alloc_gib, w.memory_gib))
        .min(n.max_pods.value);
    if w.gpus > 0.0 {
        per_node = per_node.min((f64::from(m.gpus) / w.gpus).floor());
    }
    if per_node < 1.0 {
        return None;
    }
    let average = (w.services * w.replicas / per_node).ceil().max(1.0);
    let peak = (w.services * w.peak_replicas.max(w.replicas) / per_node)
        .ceil()
        .max(1.0);
    // The autoscaler follows the average: the same headroom rule as the pay-per-use bills, which
    // bill the average replicas and nothing more.
    let nodes = average.min(peak);
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

/// The price multiplier the purchase option gives a machine; `None` when Spot is asked for and
/// the book has no Spot figure for the machine's series in the region.
fn factor(m: &Machine, w: &Workload, book: &PriceBook) -> Option<f64> {
    Some(match w.purchase {
        Purchase::OnDemand => 1.0,
        Purchase::Spot => 1.0 - book.gce_spot(&m.series, w.region)?.0.value,
        Purchase::Commit1y | Purchase::Commit3y => 1.0 - cud(m, w, book).map_or(0.0, |d| d.value),
    })
}

pub(super) fn calc<'b>(w: &Workload, book: &'b PriceBook) -> Result<Standard<'b>, String> {
    let region = w.region.index();
    let gpu_hour = if w.gpus > 0.0 {
        Some(gpu_rate(w, book)?)
    } else {
        None
    };
    // A GPU workload runs on the GPU node Autopilot would create for one replica (the same rule
    // on both GKE options, picked at on-demand prices); any other on machines without GPUs.
    let gpu_node = match gpu_hour {
        Some(_) => Some(super::gpu_machine(w, book, super::gpu_hour(w, book)?)?),
        None => None,
    };
    let gpu_fits = |m: &Machine| match gpu_node {
        Some(node) => std::ptr::eq(m, node),
        None => m.gpus == 0,
    };
    // The machine type whose whole bill (nodes, GPUs, disks, discounts) is the lowest.
    let mut best: Option<Standard<'b>> = None;
    for m in book
        .machines
        .iter()
        .filter(|m| m.arch == w.arch && gpu_fits(m))
    {
        let (Some(price), Some(p), Some(factor)) =
            (&m.hourly[region], pool(m, w, book), factor(m, w, book))
        else {
            continue;
        };
        let candidate = priced(m, price.value, &p, w, book, gpu_hour, factor);
        if best.as_ref().is_none_or(|b| candidate.total() < b.total()) {
            best = Some(candidate);
        }
    }
    best.ok_or_else(|| {
        format!(
            "no {} machine type{} in the price book for '{}' fits a {} vCPU / {} GiB Pod after GKE's reservations{}",
            match w.arch {
                crate::pricing::Arch::X86 => "x86",
                crate::pricing::Arch::Arm => "ARM",
            },
            if w.gpus > 0.0 {
                format!(" with {} GPU(s)", num(w.gpus))
            } else {
                String::new()
            },
            w.region.id(),
            num(w.vcpu),
            num(w.memory_gib),
            if w.purchase == Purchase::Spot {
                " and has a Spot price there"
            } else {
                ""
            }
        )
    })
}

/// One GPU's hourly rate for the answers' purchase option: the Spot VM rate for Spot (none in
/// the book: unpriced, never the on-demand rate billed as Spot), else the on-demand rate.
fn gpu_rate(w: &Workload, book: &PriceBook) -> Result<f64, String> {
    if w.purchase != Purchase::Spot {
        return gpu_hour(w, book);
    }
    book.gpu.regions[w.region.index()]
        .spot_hour
        .as_ref()
        .map(|f| f.value)
        .ok_or_else(|| {
            format!(
                "the price book has no Spot price for {} in '{}'",
                book.gpu.name,
                w.region.id()
            )
        })
}

/// One machine type's pool, priced.
fn priced<'b>(
    machine: &'b Machine,
    hourly: f64,
    p: &Pool,
    w: &Workload,
    book: &PriceBook,
    gpu_hour: Option<f64>,
    factor: f64,
) -> Standard<'b> {
    let run = w.run_hours(book);
    // One node runs the whole month (it keeps the system Pods up off-hours), the rest only while
    // the workload runs: each earns the sustained-use discount its share of the month gives.
    let sud = match (w.purchase, book.sud(&machine.series)) {
        (Purchase::OnDemand, Some(d)) if w.sustained_use => Some(d.value),
        _ => None,
    };
    let billed_node_hours = sud.map_or(p.node_hours, |d| {
        let month = book.hours_per_month;
        let others = (p.node_hours - month).max(0.0);
        month * sud_multiplier(1.0, d) + others * sud_multiplier(run / month, d)
    });
    Standard {
        machine,
        alloc: p.alloc,
        per_node: p.per_node,
        peak: p.peak,
        nodes: p.nodes,
        node_hours: p.node_hours,
        hourly,
        billed_node_hours,
        sud,
        gpu_hour,
        disk_hour: match (
            &book.nodes.boot_disk_gib,
            &book.boot_disk_gib_month[w.region.index()],
        ) {
            (Some(gib), Some(rate)) => Some((gib.value, rate.value / book.hours_per_month)),
            _ => None,
        },
        factor,
        gpu_factor: if w.purchase == Purchase::Spot {
            1.0
        } else {
            factor
        },
        fixed: cluster_fee_usd(w, book) + forwarding_usd(w, book),
    }
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
    /// GPUs attached to each node (0 without).
    pub gpus: u32,
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
        gpus: s.machine.gpus,
    })
}

impl Standard<'_> {
    fn nodes_cost(&self) -> f64 {
        self.billed_node_hours * self.hourly * self.factor
    }
    fn gpus(&self) -> f64 {
        f64::from(self.machine.gpus)
    }
    fn gpu_cost(&self) -> f64 {
        self.gpu_hour
            .map_or(0.0, |g| self.node_hours * self.gpus() * g * self.gpu_factor)
    }
    fn disk_cost(&self) -> f64 {
        self.disk_hour
            .map_or(0.0, |(gib, rate)| self.node_hours * gib * rate)
    }
}

impl Calc for Standard<'_> {
    fn total(&self) -> f64 {
        self.nodes_cost() + self.gpu_cost() + self.disk_cost() + self.fixed
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
            "{} ({} vCPU / {} GiB) leaves {} vCPU / {} GiB for Pods after GKE's reservations and system Pods: {} of {} vCPU / {} GiB per node.",
            m.name,
            num(m.vcpu),
            num(m.memory_gib),
            num((self.alloc.0 * 100.0).round() / 100.0),
            num((self.alloc.1 * 100.0).round() / 100.0),
            super::count(self.per_node, "replica"),
            num(w.vcpu),
            num(w.memory_gib)
        )];
        notes.extend(note);
        let sud = self.sud.map_or(String::new(), |d| {
            format!(
                ", sustained-use discount (up to −{}% for a node that runs all month) = {} billed node-h",
                num(d * 100.0),
                hours(self.billed_node_hours)
            )
        });
        notes.extend(self.policy_notes(w, book));
        let discount_figure = match w.purchase {
            Purchase::OnDemand => self.sud.and_then(|_| book.sud(&m.series)),
            Purchase::Spot => book.gce_spot(&m.series, w.region).map(|(f, _)| f),
            Purchase::Commit1y | Purchase::Commit3y => cud(m, w, book),
        };
        let mut items = vec![Item {
            estimate: super::estimated([m.hourly[w.region.index()].as_ref(), discount_figure]),
            item: format!("GKE Standard nodes ({})", m.name),
            monthly_usd: self.nodes_cost(),
            detail: format!(
                "{} node(s) × {} h{idle_text} = {} node-h × ${}/h{discount}{sud}; the cheapest machine type that packs {} average / {} peak replicas",
                num(self.nodes),
                hours(run),
                hours(self.node_hours),
                rate(self.hourly),
                num(w.services * w.replicas),
                num(w.services * w.peak_replicas)
            ),
        }];
        items.extend(self.gpu_and_disk_items(w, book, &discount));
        items.push(cluster_fee_item(w, book, "zonal"));
        items.push(forwarding_item(w, book));
        (items, notes)
    }
}

impl Standard<'_> {
    /// The notes every Standard bill carries: the sizing rule, estimated Spot discounts, the
    /// sustained-use discount's reach, and what the bill leaves out.
    fn policy_notes(&self, w: &Workload, book: &PriceBook) -> Vec<String> {
        let m = self.machine;
        let mut out = Vec::new();
        out.push(SIZING_RULE.to_owned());
        if w.purchase == Purchase::Spot
            && let Some((f, false)) = book.gce_spot(&m.series, w.region)
        {
            out.push(format!(
                "Estimate: the price book has no {} Spot price for '{}', so Spot is priced at the region's general Spot discount of {}%.",
                m.series.to_uppercase(),
                w.region.id(),
                num((f.value * 1000.0).round() / 10.0)
            ));
        }
        if self.sud.is_some() {
            out.push("Sustained-use discounts reach only self-serve (online) billing accounts: an invoiced account pays the list price (answer sustained_use = no).".to_owned());
        } else if w.purchase == Purchase::OnDemand && book.sud(&m.series).is_some() {
            out.push(
                "No sustained-use discount: the answers say it does not reach the billing account."
                    .to_owned(),
            );
        }
        out.push(super::GKE_EXCLUDES.to_owned());
        out
    }

    /// The GPU line (for a GPU workload) and the boot-disk line (when the book prices disks).
    fn gpu_and_disk_items(&self, w: &Workload, book: &PriceBook, discount: &str) -> Vec<Item> {
        let mut items = Vec::new();
        if let Some(g) = self.gpu_hour {
            let gpu = &book.gpu.regions[w.region.index()];
            let (figure, discount) = if w.purchase == Purchase::Spot {
                (gpu.spot_hour.as_ref(), ", the Spot VM rate")
            } else {
                (gpu.hour.as_ref(), discount)
            };
            items.push(Item {
                estimate: super::estimated([figure]),
                item: format!("GPUs ({})", book.gpu.name),
                monthly_usd: self.gpu_cost(),
                detail: format!(
                    "{} node-h × {} GPU(s) per node × ${}/GPU-h{discount}; {} replica(s) per node at {} GPU(s) each",
                    hours(self.node_hours),
                    num(self.gpus()),
                    rate(g),
                    num(self.per_node),
                    num(w.gpus)
                ),
            });
        }
        if let Some((gib, rate_hour)) = self.disk_hour {
            items.push(Item {
                estimate: super::estimated([
                    book.nodes.boot_disk_gib.as_ref(),
                    book.boot_disk_gib_month[w.region.index()].as_ref(),
                ]),
                item: "Node boot disks".to_owned(),
                monthly_usd: self.disk_cost(),
                detail: format!(
                    "{} node-h × {} GiB pd-balanced (the node pool default) at ${}/GiB-month",
                    hours(self.node_hours),
                    num(gib),
                    rate(rate_hour * book.hours_per_month)
                ),
            });
        }
        items
    }
}
