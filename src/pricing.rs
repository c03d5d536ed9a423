//! The price book: public list prices (or a company's own rates), every figure with a source and
//! an as-of date, validated so that each missing or malformed figure is named.

mod freshness;
mod load;
mod raw;
pub mod refresh;

pub use freshness::{Dates, Freshness, Provider, STALE_DAYS, age_days, today};
pub use load::parse;

use anyhow::Result;

/// The bundled price book, embedded so the binary needs no files.
pub const BUILTIN: &str = include_str!("../assets/pricing.toml");
pub(crate) const BUILTIN_NAME: &str = "assets/pricing.toml";

/// The bundled price book.
///
/// # Errors
/// Only if the bundled file is broken, which the tests rule out.
pub fn builtin() -> Result<PriceBook> {
    Ok(parse(BUILTIN_NAME, BUILTIN)?)
}

/// `--pricing FILE`, or the bundled book.
///
/// # Errors
/// An unreadable file, or every problem in it.
pub fn resolve(path: Option<&std::path::Path>) -> Result<PriceBook> {
    match path {
        None => builtin(),
        Some(p) => {
            let text = crate::fsio::read_text(p)?;
            Ok(parse(&p.display().to_string(), &text)?)
        }
    }
}

/// One price or parameter, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// Index into `PriceBook::sources`.
    pub source: usize,
    pub as_of: String,
    /// Derived, or resting on a weak source.
    pub estimate: bool,
    /// How the figure was derived, when it was.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

/// The pricing regions the questionnaire's `region` answer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Us,
    Eu,
    Asia,
}

impl Region {
    pub(crate) const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::Asia];

    #[must_use]
    pub(crate) fn id(self) -> &'static str {
        crate::questionnaire::CostInputs::REGIONS[self.index()]
    }

    #[must_use]
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }

    #[must_use]
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    X86,
    Arm,
}

impl Arch {
    const ALL: [Arch; 2] = [Arch::X86, Arch::Arm];

    /// The `arch` answer's choice id.
    #[must_use]
    pub(crate) fn id(self) -> &'static str {
        crate::questionnaire::CostInputs::ARCHES[self as usize]
    }

    #[must_use]
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RegionNames {
    pub aws: String,
    pub gcp: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FargateRegion {
    pub x86_vcpu_hour: Figure,
    pub x86_gb_hour: Figure,
    pub arm_vcpu_hour: Figure,
    pub arm_gb_hour: Figure,
    pub ephemeral_gb_hour: Figure,
    /// The region's own Fargate Spot rates (per vCPU-hour, per GB-hour), by architecture.
    pub spot_x86: Option<[Figure; 2]>,
    pub spot_arm: Option<[Figure; 2]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fargate {
    pub regions: [FargateRegion; 3],
    /// Share off on-demand for Fargate Spot where a region has no Spot rates of its own.
    pub spot_discount: Figure,
    pub savings_plan_1y: Figure,
    pub savings_plan_3y: Figure,
    /// GiB of ephemeral storage every task gets free.
    pub ephemeral_included_gb: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlbRegion {
    pub hour: Figure,
    pub lcu_hour: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alb {
    pub regions: [AlbRegion; 3],
    /// Model assumption: average LCUs each service's traffic uses.
    pub lcus_per_service: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gke {
    pub cluster_fee_hour: Figure,
    /// Monthly credit that covers one zonal or Autopilot cluster's fee per billing account.
    pub free_tier_credit_month: Figure,
    pub forwarding_rule_first5_hour: Figure,
    pub forwarding_rule_additional_hour: Figure,
    /// Flexible committed-use discounts (Autopilot, Standard, Cloud Run).
    pub cud_flexible_1y: Figure,
    pub cud_flexible_3y: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AutopilotRegion {
    pub vcpu_hour: Figure,
    pub gib_hour: Figure,
    /// Spot Pod prices, where the book has them.
    pub spot_vcpu_hour: Option<Figure>,
    pub spot_gib_hour: Option<Figure>,
}

/// How Autopilot adjusts a Pod's requests before billing them.
#[derive(Debug, Clone, PartialEq)]
pub struct AutopilotRules {
    pub min_vcpu: Figure,
    pub vcpu_step: Figure,
    pub min_memory_gib: Figure,
    pub min_gib_per_vcpu: Figure,
    pub max_gib_per_vcpu: Figure,
    /// The largest general-purpose Pod, where the book says.
    pub max_vcpu: Option<Figure>,
    pub max_memory_gib: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Autopilot {
    pub regions: [AutopilotRegion; 3],
    pub rules: AutopilotRules,
}

/// What a GKE Standard node keeps back from Pods.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeModel {
    pub system_pods_vcpu: Figure,
    pub system_pods_gib: Figure,
    pub eviction_gib: Figure,
    pub max_pods: Figure,
    /// The node pool's default boot disk, GiB; `None`: boot disks are not priced.
    pub boot_disk_gib: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub name: String,
    pub series: String,
    pub arch: Arch,
    pub vcpu: f64,
    pub memory_gib: f64,
    /// GPUs attached to every node of this type (priced apart, from [`Gpu`]).
    pub gpus: u32,
    /// On-demand price per hour by region, GPUs apart; `None` where the type is not offered.
    pub hourly: [Option<Figure>; 3],
}

/// The GPU the samples request, priced per region where the book has figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Gpu {
    pub name: String,
    pub regions: [GpuRegion; 3],
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GpuRegion {
    pub hour: Option<Figure>,
    /// One GPU on a Spot VM.
    pub spot_hour: Option<Figure>,
    /// Autopilot's premiums on a GPU node (per GPU, per node vCPU, per node GiB), all or none.
    pub autopilot_premium: Option<[Figure; 3]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cud {
    pub series: String,
    pub one_year: Option<Figure>,
    pub three_year: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    pub title: String,
    pub as_of: String,
    pub currency: String,
    pub hours_per_month: f64,
    pub sources: Vec<Source>,
    pub regions: [RegionNames; 3],
    pub fargate: Fargate,
    pub alb: Alb,
    pub gke: Gke,
    pub autopilot: Autopilot,
    pub nodes: NodeModel,
    /// Spot VM share off by region, for series without their own (`spot`): a fallback.
    pub gce_spot_discount: [Option<Figure>; 3],
    /// Spot VM share off by machine series and region, from each series' own Spot prices.
    pub gce_spot: Vec<(String, [Option<Figure>; 3])>,
    pub cuds: Vec<Cud>,
    /// Full-month sustained-use discount by machine series (series without one get none).
    pub suds: Vec<(String, Figure)>,
    /// Node boot disk price per GiB-month, by region.
    pub boot_disk_gib_month: [Option<Figure>; 3],
    pub gpu: Gpu,
    pub machines: Vec<Machine>,
}

impl PriceBook {
    #[must_use]
    pub(crate) fn source(&self, figure: &Figure) -> &Source {
        &self.sources[figure.source]
    }

    /// The committed-use discounts of a machine series.
    #[must_use]
    pub(crate) fn cud(&self, series: &str) -> Option<&Cud> {
        self.cuds.iter().find(|c| c.series == series)
    }

    /// The Spot share off for a machine series in a region: the series' own figure, else the
    /// region's fallback (`true` when it is the series' own).
    #[must_use]
    pub(crate) fn gce_spot(&self, series: &str, region: Region) -> Option<(&Figure, bool)> {
        match self.gce_spot.iter().find(|(s, _)| s == series) {
            Some((_, by_region)) => by_region[region.index()].as_ref().map(|f| (f, true)),
            None => self.gce_spot_discount[region.index()]
                .as_ref()
                .map(|f| (f, false)),
        }
    }

    /// The full-month sustained-use discount of a machine series, if it has one.
    #[must_use]
    pub(crate) fn sud(&self, series: &str) -> Option<&Figure> {
        self.suds.iter().find(|(s, _)| s == series).map(|(_, f)| f)
    }
}
