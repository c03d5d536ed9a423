//! The price-book file as written: shape only, spans kept for messages. Every figure is optional
//! here so that validation can name all the missing ones at once.

use super::Arch;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;
pub(crate) type F = Option<S<RawFigure>>;
/// Figures keyed by region id.
pub(crate) type ByRegion = BTreeMap<S<String>, S<RawFigure>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFigure {
    pub value: S<f64>,
    pub source: S<String>,
    pub as_of: S<String>,
    #[serde(default)]
    pub estimate: bool,
    /// Free text: how the figure was derived.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBook {
    pub title: S<String>,
    pub as_of: S<String>,
    pub currency: S<String>,
    pub hours_per_month: S<f64>,
    #[serde(default)]
    pub sources: BTreeMap<S<String>, S<RawSource>>,
    #[serde(default)]
    pub regions: BTreeMap<S<String>, S<RawRegion>>,
    pub fargate: Option<S<RawFargate>>,
    pub alb: Option<S<RawAlb>>,
    pub gke: Option<S<RawGke>>,
    pub autopilot: Option<S<RawAutopilot>>,
    pub gke_nodes: Option<S<RawNodes>>,
    pub gce: Option<S<RawGce>>,
    pub gpu: Option<S<RawGpu>>,
    #[serde(default)]
    pub machines: Vec<S<RawMachine>>,
}

/// The GPU the samples request (NVIDIA L4): per-region prices, all optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGpu {
    pub name: S<String>,
    #[serde(default)]
    pub prices: BTreeMap<S<String>, S<RawGpuRegion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGpuRegion {
    /// One GPU attached to a Compute Engine VM, per hour.
    pub hour: F,
    /// One GPU on a Spot VM, per hour.
    pub spot_hour: F,
    /// Autopilot's premiums on a GPU node: per GPU, per node vCPU and per node GiB.
    pub autopilot_gpu_premium_hour: F,
    pub autopilot_vcpu_premium_hour: F,
    pub autopilot_gib_premium_hour: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: S<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegion {
    pub aws: S<String>,
    pub gcp: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFargate {
    pub spot_discount: F,
    pub savings_plan_1y: F,
    pub savings_plan_3y: F,
    pub ephemeral_included_gb: F,
    #[serde(default)]
    pub prices: BTreeMap<S<String>, S<RawFargateRegion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(clippy::struct_field_names)] // the names are the file's keys
pub(crate) struct RawFargateRegion {
    pub x86_vcpu_hour: F,
    pub x86_gb_hour: F,
    pub arm_vcpu_hour: F,
    pub arm_gb_hour: F,
    pub ephemeral_gb_hour: F,
    /// Fargate Spot rates, where the book has the region's own (both of an architecture or none).
    pub spot_x86_vcpu_hour: F,
    pub spot_x86_gb_hour: F,
    pub spot_arm_vcpu_hour: F,
    pub spot_arm_gb_hour: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAlb {
    pub lcus_per_service: F,
    #[serde(default)]
    pub prices: BTreeMap<S<String>, S<RawAlbRegion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(clippy::struct_field_names)] // the names are the file's keys
pub(crate) struct RawAlbRegion {
    pub hour: F,
    pub lcu_hour: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGke {
    pub cluster_fee_hour: F,
    pub free_tier_credit_month: F,
    pub forwarding_rule_first5_hour: F,
    pub forwarding_rule_additional_hour: F,
    pub cud_flexible_1y: F,
    pub cud_flexible_3y: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAutopilot {
    pub min_vcpu: F,
    pub vcpu_step: F,
    pub min_memory_gib: F,
    pub min_gib_per_vcpu: F,
    pub max_gib_per_vcpu: F,
    pub max_vcpu: F,
    pub max_memory_gib: F,
    #[serde(default)]
    pub prices: BTreeMap<S<String>, S<RawAutopilotRegion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(clippy::struct_field_names)] // the names are the file's keys
pub(crate) struct RawAutopilotRegion {
    pub vcpu_hour: F,
    pub gib_hour: F,
    pub spot_vcpu_hour: F,
    pub spot_gib_hour: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNodes {
    pub system_pods_vcpu: F,
    pub system_pods_gib: F,
    pub eviction_gib: F,
    pub max_pods: F,
    pub boot_disk_gib: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGce {
    /// A region's Spot share off for series without their own entry in `spot` (a fallback).
    #[serde(default)]
    pub spot_discount: BTreeMap<S<String>, S<RawFigure>>,
    /// Spot share off by machine series, then region: each series' own Spot prices.
    #[serde(default)]
    pub spot: BTreeMap<S<String>, S<ByRegion>>,
    #[serde(default)]
    pub cud: BTreeMap<S<String>, S<RawCud>>,
    /// The most a sustained-use discount takes off a full month, by machine series.
    #[serde(default)]
    pub sud: BTreeMap<S<String>, S<RawFigure>>,
    /// A node boot disk's price per GiB-month, by region.
    #[serde(default)]
    pub boot_disk_gib_month: BTreeMap<S<String>, S<RawFigure>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCud {
    pub one_year: F,
    pub three_year: F,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMachine {
    pub name: S<String>,
    pub series: S<String>,
    pub arch: S<Arch>,
    pub vcpu: S<f64>,
    pub memory_gib: S<f64>,
    #[serde(default)]
    pub gpus: Option<S<u32>>,
    pub us: F,
    pub eu: F,
    pub asia: F,
}
