//! ECS on Fargate: tasks billed at the nearest valid task size, per vCPU-hour and GB-hour, plus
//! the Application Load Balancer.

use super::{Calc, Item, Purchase, Workload, hours, money, num, rate};
use crate::pricing::{Arch, Figure, PriceBook};

/// Valid Fargate task sizes: vCPU, and the memory (GB) choices for it.
const SIZES: [(f64, &[f64]); 7] = [
    (0.25, &[0.5, 1.0, 2.0]),
    (0.5, &[1.0, 2.0, 3.0, 4.0]),
    (1.0, &[2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
    (
        2.0,
        &[
            4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0,
        ],
    ),
    (
        4.0,
        &[
            8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0,
            23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0,
        ],
    ),
    (
        8.0,
        &[
            16.0, 20.0, 24.0, 28.0, 32.0, 36.0, 40.0, 44.0, 48.0, 52.0, 56.0, 60.0,
        ],
    ),
    (
        16.0,
        &[
            32.0, 40.0, 48.0, 56.0, 64.0, 72.0, 80.0, 88.0, 96.0, 104.0, 112.0, 120.0,
        ],
    ),
];

/// The smallest valid Fargate task size (vCPU, GB) that holds `vcpu` and `memory_gib`: what AWS
/// bills. `None` above the largest size (16 vCPU, 120 GB).
#[must_use]
pub fn fargate_size(vcpu: f64, memory_gib: f64) -> Option<(f64, f64)> {
    SIZES
        .iter()
        .filter(|(cpu, _)| *cpu >= vcpu - 1e-9)
        .find_map(|(cpu, mems)| {
            mems.iter()
                .find(|m| **m >= memory_gib - 1e-9)
                .map(|m| (*cpu, *m))
        })
}

pub(super) struct Fargate {
    size: (f64, f64),
    task_hours: f64,
    vcpu_price: f64,
    gb_price: f64,
    /// Per vCPU-hour and GB-hour for the discounted task-hours (Spot or a Savings Plan).
    discounted: (f64, f64),
    /// Share off for Spot or a Savings Plan, and the task-hours it applies to.
    share: f64,
    discounted_hours: f64,
    /// Spot at the region's own rates (`true`), or at the general discount (`false`).
    spot_rates: bool,
    alb_hour: f64,
    lcu_hours: f64,
    lcu_price: f64,
}

pub(super) fn calc(w: &Workload, book: &PriceBook) -> Result<Fargate, String> {
    if w.gpus > 0.0 {
        return Err(
            "Fargate offers no GPUs (the 'gpu' parameter is invalid in a Fargate task definition)"
                .to_owned(),
        );
    }
    let Some(size) = fargate_size(w.vcpu, w.memory_gib) else {
        return Err(format!(
            "a {} vCPU / {} GiB replica is above Fargate's largest task, 16 vCPU / 120 GB (Amazon ECS task definition differences for Fargate)",
            num(w.vcpu),
            num(w.memory_gib)
        ));
    };
    let prices = &book.fargate.regions[w.region.index()];
    let (vcpu_price, gb_price, spot) = match w.arch {
        Arch::X86 => (
            prices.x86_vcpu_hour.value,
            prices.x86_gb_hour.value,
            &prices.spot_x86,
        ),
        Arch::Arm => (
            prices.arm_vcpu_hour.value,
            prices.arm_gb_hour.value,
            &prices.spot_arm,
        ),
    };
    let fargate = &book.fargate;
    // The discounted task-hours' prices: Spot at the region's own Spot rates for the
    // architecture (without them, the book's general Spot discount, which the bill calls an
    // estimate); a Savings Plan as a share off.
    let share = match w.purchase {
        Purchase::Spot => fargate.spot_discount.value,
        Purchase::Commit1y => fargate.savings_plan_1y.value,
        Purchase::Commit3y => fargate.savings_plan_3y.value,
        Purchase::OnDemand => 0.0,
    };
    let discounted = match (w.purchase, spot) {
        (Purchase::Spot, Some([c, m])) => (c.value, m.value),
        _ => (vcpu_price * (1.0 - share), gb_price * (1.0 - share)),
    };
    let run_hours = w.run_hours(book);
    let task_hours = w.services * w.replicas * run_hours;
    let alb = &book.alb.regions[w.region.index()];
    Ok(Fargate {
        size,
        task_hours,
        vcpu_price,
        gb_price,
        discounted,
        share,
        spot_rates: spot.is_some(),
        discounted_hours: match w.purchase {
            Purchase::Spot => w.services * spot_tasks(w.replicas) * run_hours,
            _ => task_hours,
        },
        alb_hour: book.hours_per_month * alb.hour.value,
        lcu_hours: w.services * book.alb.lcus_per_service.value * run_hours,
        lcu_price: alb.lcu_hour.value,
    })
}

/// Tasks per service on Fargate Spot: all but the on-demand base the ECS service keeps (the
/// exported service's capacity provider strategy says the same).
fn spot_tasks(replicas: f64) -> f64 {
    (replicas - f64::from(super::FARGATE_SPOT_ON_DEMAND_BASE)).max(0.0)
}

impl Fargate {
    /// Task-hours at the on-demand rates.
    fn full_hours(&self) -> f64 {
        self.task_hours - self.discounted_hours
    }
    fn vcpu(&self) -> f64 {
        self.size.0
            * (self.full_hours() * self.vcpu_price + self.discounted_hours * self.discounted.0)
    }
    fn memory(&self) -> f64 {
        self.size.1
            * (self.full_hours() * self.gb_price + self.discounted_hours * self.discounted.1)
    }
    fn lcus(&self) -> f64 {
        self.lcu_hours * self.lcu_price
    }
}

impl Calc for Fargate {
    fn total(&self) -> f64 {
        self.vcpu() + self.memory() + self.alb_hour + self.lcus()
    }

    fn render(&self, w: &Workload, book: &PriceBook) -> (Vec<Item>, Vec<String>) {
        let usage = w.usage(book, "task");
        let off = num((self.share * 1000.0).round() / 10.0);
        let discount = match w.purchase {
            Purchase::OnDemand => String::new(),
            Purchase::Spot if self.spot_rates => format!(
                ", all on Fargate Spot at ${}/vCPU-h and ${}/GB-h",
                rate(self.discounted.0),
                rate(self.discounted.1)
            ),
            Purchase::Spot => format!(
                ", {} of them on Fargate Spot −{off}%",
                hours(self.discounted_hours)
            ),
            Purchase::Commit1y => format!(", 1-year Compute Savings Plan −{off}%"),
            Purchase::Commit3y => format!(", 3-year Compute Savings Plan −{off}%"),
        };
        let (cpu, mem) = self.size;
        let mut notes = vec![];
        if (cpu - w.vcpu).abs() > 1e-9 || (mem - w.memory_gib).abs() > 1e-9 {
            notes.push(format!(
                "Fargate bills a {} vCPU / {} GB task: the smallest valid size for {} vCPU / {} GiB.",
                num(cpu),
                num(mem),
                num(w.vcpu),
                num(w.memory_gib)
            ));
        }
        if w.purchase == Purchase::Spot && !self.spot_rates {
            notes.push(format!(
                "Estimate: the price book has no Fargate Spot rate for '{}', so Spot is priced at its general discount of {off}%.",
                w.region.id()
            ));
        }
        notes.push(super::AWS_EXCLUDES.to_owned());
        let arch = match w.arch {
            Arch::X86 => "x86",
            Arch::Arm => "ARM",
        };
        let [od_cpu, od_mem] = on_demand_figures(w, book);
        let [d_cpu, d_mem] = discount_figures(w, book);
        let alb = &book.alb.regions[w.region.index()];
        let items = vec![
            Item {
                estimate: super::estimated([Some(od_cpu), d_cpu]),
                item: "Fargate vCPU".to_owned(),
                monthly_usd: self.vcpu(),
                detail: format!(
                    "{usage} × {} vCPU × ${}/vCPU-h ({arch}){discount}",
                    num(cpu),
                    rate(self.vcpu_price)
                ),
            },
            Item {
                estimate: super::estimated([Some(od_mem), d_mem]),
                item: "Fargate memory".to_owned(),
                monthly_usd: self.memory(),
                detail: format!(
                    "{usage} × {} GB × ${}/GB-h ({arch}){discount}",
                    num(mem),
                    rate(self.gb_price)
                ),
            },
            Item {
                estimate: super::estimated([Some(&alb.hour)]),
                item: "Application Load Balancer".to_owned(),
                monthly_usd: self.alb_hour,
                detail: format!(
                    "one ALB shared by all services through listener rules: {} h × ${} = {}",
                    num(book.hours_per_month),
                    rate(self.alb_hour / book.hours_per_month),
                    money(self.alb_hour)
                ),
            },
            Item {
                estimate: super::estimated([Some(&alb.lcu_hour), Some(&book.alb.lcus_per_service)]),
                item: "ALB capacity units".to_owned(),
                monthly_usd: self.lcus(),
                detail: format!(
                    "{} LCU-h at ${}/LCU-h: {} LCU per service while it runs (an assumption: set your traffic in the price book)",
                    hours(self.lcu_hours),
                    rate(self.lcu_price),
                    num(book.alb.lcus_per_service.value)
                ),
            },
        ];
        (items, notes)
    }
}

/// The price book's on-demand vCPU and memory figures for the answers' region and architecture.
fn on_demand_figures<'b>(w: &Workload, book: &'b PriceBook) -> [&'b Figure; 2] {
    let prices = &book.fargate.regions[w.region.index()];
    match w.arch {
        Arch::X86 => [&prices.x86_vcpu_hour, &prices.x86_gb_hour],
        Arch::Arm => [&prices.arm_vcpu_hour, &prices.arm_gb_hour],
    }
}

/// The figures behind the discounted task-hours' vCPU and memory prices: the region's Spot
/// rates, the general Spot discount without them, or a Savings Plan's share.
fn discount_figures<'b>(w: &Workload, book: &'b PriceBook) -> [Option<&'b Figure>; 2] {
    let prices = &book.fargate.regions[w.region.index()];
    let fargate = &book.fargate;
    let spot = match w.arch {
        Arch::X86 => &prices.spot_x86,
        Arch::Arm => &prices.spot_arm,
    };
    match (w.purchase, spot) {
        (Purchase::OnDemand, _) => [None, None],
        (Purchase::Spot, Some([c, m])) => [Some(c), Some(m)],
        (Purchase::Spot, None) => [Some(&fargate.spot_discount); 2],
        (Purchase::Commit1y, _) => [Some(&fargate.savings_plan_1y); 2],
        (Purchase::Commit3y, _) => [Some(&fargate.savings_plan_3y); 2],
    }
}
