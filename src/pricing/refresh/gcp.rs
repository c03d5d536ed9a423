//! Google's own price list: the Cloud Billing Catalog's SKUs for Compute Engine and Kubernetes
//! Engine, read with an API key (Google publishes no credential-free price feed). Machine prices
//! are built from the series' core and RAM SKUs; Spot from the `Spot Preemptible` SKUs; Autopilot
//! from its Pod SKUs, whose CPU SKU is priced per mCPU.

use super::fetch::{Fetcher, Origin, Request};
use super::{Found, Kept, Path, SourceDef, Update};
use crate::pricing::{Machine, PriceBook, Region};
use serde::Deserialize;
use std::collections::BTreeSet;

const COMPUTE: &str = "6F81-5844-456A";
const KUBERNETES: &str = "CCD8-9BF1-090E";
/// More pages than any service has: a guard against a server that never stops paging.
const MAX_PAGES: usize = 500;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[serde(default)]
    skus: Vec<Sku>,
    #[serde(default)]
    next_page_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // the names are the Catalog's keys
struct Sku {
    sku_id: String,
    description: String,
    category: Category,
    #[serde(default)]
    service_regions: Vec<String>,
    #[serde(default)]
    pricing_info: Vec<PricingInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Category {
    #[serde(default)]
    usage_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PricingInfo {
    pricing_expression: Expression,
    #[serde(default)]
    effective_time: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Expression {
    #[serde(default)]
    tiered_rates: Vec<Tier>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tier {
    unit_price: Money,
}

#[derive(Deserialize)]
struct Money {
    #[serde(default)]
    units: String,
    #[serde(default)]
    nanos: i64,
}

impl Sku {
    /// The hourly price: the first tier with a price (a free first tier is skipped), in USD.
    fn price(&self) -> Option<f64> {
        let info = self.pricing_info.last()?;
        let price = |t: &Tier| {
            let units: f64 = if t.unit_price.units.is_empty() {
                0.0
            } else {
                t.unit_price.units.parse().ok()?
            };
            #[allow(clippy::cast_precision_loss)] // nanos are below 1e9
            Some(units + t.unit_price.nanos as f64 / 1e9)
        };
        let prices: Vec<f64> = info
            .pricing_expression
            .tiered_rates
            .iter()
            .filter_map(price)
            .collect();
        prices
            .iter()
            .copied()
            .find(|p| *p > 0.0)
            .or_else(|| prices.first().copied())
    }
}

/// Every SKU of one Catalog service, page after page.
fn skus(fetcher: &Fetcher, service: &str) -> anyhow::Result<Vec<Sku>> {
    let path = format!("/v1/services/{service}/skus");
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = BTreeSet::new();
    for _ in 0..MAX_PAGES {
        let page: Page = fetcher.json(&Request {
            origin: Origin::Google,
            path: &path,
            page_token: token.as_deref(),
        })?;
        out.extend(page.skus);
        if page.next_page_token.is_empty() {
            return Ok(out);
        }
        if !seen.insert(page.next_page_token.clone()) {
            anyhow::bail!(
                "{path}: the page token {:?} came twice",
                page.next_page_token
            );
        }
        token = Some(page.next_page_token);
    }
    anyhow::bail!("{path}: more than {MAX_PAGES} pages")
}

/// What a figure is read from: SKUs whose description starts with one of `prefixes`, of that
/// usage type (any when `None`), sold in `region`.
struct Query<'a> {
    prefixes: Vec<String>,
    usage: Option<&'a str>,
    region: &'a str,
}

/// The SKUs a query matches, with their prices.
fn find<'s>(all: &'s [Sku], q: &Query<'_>) -> Vec<(&'s Sku, f64)> {
    all.iter()
        .filter(|s| {
            q.prefixes
                .iter()
                .any(|p| s.description.starts_with(p.as_str()))
        })
        .filter(|s| q.usage.is_none_or(|u| s.category.usage_type == u))
        .filter(|s| s.service_regions.iter().any(|r| r == q.region))
        .filter_map(|s| s.price().map(|p| (s, p)))
        .collect()
}

/// The one price the query's SKUs agree on, or why there is none.
fn one<'s>(all: &'s [Sku], q: &Query<'_>) -> Result<(&'s Sku, f64), String> {
    let hits = find(all, q);
    let distinct: BTreeSet<u64> = hits.iter().map(|(_, p)| p.to_bits()).collect();
    match (hits.first(), distinct.len()) {
        (Some(hit), 1) => Ok(*hit),
        (None, _) => Err(format!(
            "no SKU described as '{}…' in {}",
            q.prefixes[0], q.region
        )),
        _ => Err(format!(
            "ambiguous: {} SKUs described as '{}…' in {} have {} prices ({})",
            hits.len(),
            q.prefixes[0],
            q.region,
            distinct.len(),
            hits.iter()
                .map(|(s, p)| format!("{p} SKU {}", s.sku_id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn note(sku: &Sku, factor: f64) -> String {
    let effective = sku
        .pricing_info
        .last()
        .map_or("", |i| i.effective_time.as_str());
    let per = if (factor - 1.0).abs() > f64::EPSILON {
        format!(", × {factor} (priced per mCPU)")
    } else {
        String::new()
    };
    format!(
        "Cloud Billing Catalog SKU {} '{}'{per}, effective {effective}",
        sku.sku_id, sku.description
    )
}

fn key(parts: &[&str]) -> Path {
    Path::Key(parts.iter().map(|p| (*p).to_owned()).collect())
}

/// Reads every Google figure it can for `regions` into `found`; `today` dates them, since the
/// Catalog publishes no date of its own.
pub(super) fn read(
    fetcher: &Fetcher,
    book: &PriceBook,
    regions: &[Region],
    today: &str,
    found: &mut Found,
) {
    let compute = skus(fetcher, COMPUTE);
    let gke = skus(fetcher, KUBERNETES);
    found.source(SourceDef {
        id: "gcp-billing-catalog".to_owned(),
        title: format!(
            "Google Cloud Billing Catalog API, Compute Engine and Kubernetes Engine SKUs, read {today} (OFFICIAL)"
        ),
        url: Some("https://cloud.google.com/billing/docs/how-to/understanding-costs#catalog".to_owned()),
    });
    let take =
        |found: &mut Found, path: Path, got: Result<(&Sku, f64), String>, factor: f64| match got {
            Ok((sku, price)) => found.updates.push(Update::new(
                path,
                price * factor,
                "gcp-billing-catalog",
                today,
                note(sku, factor),
            )),
            Err(why) => found.kept.push(Kept::new(&path.shown(), why)),
        };
    match &gke {
        Err(e) => found.kept.push(Kept::new(
            "the GKE figures (Autopilot Pods, cluster fee)",
            format!("the Kubernetes Engine SKUs could not be read: {e:#}"),
        )),
        Ok(gke) => {
            let fee = one(
                gke,
                &Query {
                    prefixes: vec!["Zonal Kubernetes Clusters".to_owned()],
                    usage: None,
                    region: "global",
                },
            );
            take(found, key(&["gke", "cluster_fee_hour"]), fee, 1.0);
            for &region in regions {
                let name = book.regions[region.index()].gcp.as_str();
                let q = |prefix: &str| Query {
                    prefixes: vec![prefix.to_owned()],
                    usage: None,
                    region: name,
                };
                for (figure, prefix, factor) in [
                    ("vcpu_hour", "Autopilot Pod mCPU Requests", 1000.0),
                    ("gib_hour", "Autopilot Pod Memory Requests", 1.0),
                    ("spot_vcpu_hour", "Autopilot Spot Pod mCPU Requests", 1000.0),
                    ("spot_gib_hour", "Autopilot Spot Pod Memory Requests", 1.0),
                ] {
                    let path = key(&["autopilot", "prices", region.id(), figure]);
                    take(found, path, one(gke, &q(prefix)), factor);
                }
                premiums(gke, region, name, today, found);
            }
        }
    }
    match &compute {
        Err(e) => found.kept.push(Kept::new(
            "the Compute Engine figures (machines, Spot, GPUs)",
            format!("the Compute Engine SKUs could not be read: {e:#}"),
        )),
        Ok(compute) => {
            for &region in regions {
                let name = book.regions[region.index()].gcp.as_str();
                for (figure, prefix, usage) in [
                    ("hour", "Nvidia L4 GPU running in", Some("OnDemand")),
                    (
                        "spot_hour",
                        "Spot Preemptible Nvidia L4 GPU running in",
                        None,
                    ),
                ] {
                    let path = key(&["gpu", "prices", region.id(), figure]);
                    let q = Query {
                        prefixes: vec![prefix.to_owned()],
                        usage,
                        region: name,
                    };
                    take(found, path, one(compute, &q), 1.0);
                }
                machines(compute, book, region, name, today, found);
            }
        }
    }
}

/// Autopilot's accelerator premiums in a region: all three, or none (a book takes them together).
fn premiums(gke: &[Sku], region: Region, name: &str, today: &str, found: &mut Found) {
    let figures = [
        ("autopilot_gpu_premium_hour", "Autopilot L4 Premium", 1.0),
        (
            "autopilot_vcpu_premium_hour",
            "Autopilot Accelerator CPU Premium",
            1.0,
        ),
        (
            "autopilot_vcpu_premium_hour",
            "Autopilot Accelerator mCPU Premium",
            1000.0,
        ),
        (
            "autopilot_gib_premium_hour",
            "Autopilot Accelerator Memory Premium",
            1.0,
        ),
    ];
    let mut got = Vec::new();
    let mut missing = Vec::new();
    for (figure, prefix, factor) in figures {
        if got.iter().any(|(f, _, _)| *f == figure) {
            continue;
        }
        let q = Query {
            prefixes: vec![prefix.to_owned()],
            usage: None,
            region: name,
        };
        match one(gke, &q) {
            Ok((sku, price)) => got.push((figure, price * factor, note(sku, factor))),
            Err(why) if !find(gke, &q).is_empty() => missing.push(why),
            Err(_) => {}
        }
    }
    if got.len() == 3 {
        for (figure, price, note) in got {
            let path = key(&["gpu", "prices", region.id(), figure]);
            found
                .updates
                .push(Update::new(path, price, "gcp-billing-catalog", today, note));
        }
    } else {
        found.kept.push(Kept::new(
            &format!("gpu.prices.{}.autopilot_*_premium_hour", region.id()),
            if missing.is_empty() {
                format!(
                    "the Catalog has {} of Autopilot's three L4 premiums in {name}; they are taken together",
                    got.len()
                )
            } else {
                missing.join("; ")
            },
        ));
    }
}

/// A series' SKU descriptions: "N2 Instance Core running in …", "T2A Arm Instance Core …".
fn component(series: &str, what: &str, spot: bool) -> Vec<String> {
    let s = series.to_uppercase();
    let lead = if spot { "Spot Preemptible " } else { "" };
    vec![
        format!("{lead}{s} Instance {what} running in "),
        format!("{lead}{s} Arm Instance {what} running in "),
    ]
}

/// One machine's hourly price from its series' core and RAM SKUs, on-demand or Spot.
fn machine_price(
    compute: &[Sku],
    m: &Machine,
    region: &str,
    spot: bool,
) -> Result<(f64, String), String> {
    let usage = if spot { None } else { Some("OnDemand") };
    let q = |what: &str| Query {
        prefixes: component(&m.series, what, spot),
        usage,
        region,
    };
    let (core_sku, core) = one(compute, &q("Core"))?;
    let (ram_sku, ram) = one(compute, &q("Ram"))?;
    Ok((
        m.vcpu * core + m.memory_gib * ram,
        format!(
            "{} × {core} (SKU {}) + {} GiB × {ram} (SKU {}), Cloud Billing Catalog",
            m.vcpu, core_sku.sku_id, m.memory_gib, ram_sku.sku_id
        ),
    ))
}

/// Each machine type the book prices in the region, and each series' Spot share there.
fn machines(
    compute: &[Sku],
    book: &PriceBook,
    region: Region,
    name: &str,
    today: &str,
    found: &mut Found,
) {
    let mut spot_done = BTreeSet::new();
    for m in &book.machines {
        if m.hourly[region.index()].is_none() {
            continue;
        }
        let path = Path::Machine {
            name: m.name.clone(),
            region: region.id().to_owned(),
        };
        let on_demand = machine_price(compute, m, name, false);
        match &on_demand {
            Ok((price, note)) => found.updates.push(Update::new(
                path.clone(),
                *price,
                "gcp-billing-catalog",
                today,
                note.clone(),
            )),
            Err(why) => found.kept.push(Kept::new(&path.shown(), why.clone())),
        }
        // The series' Spot share, from its first machine the book prices here.
        if !spot_done.insert(m.series.clone()) {
            continue;
        }
        let spot_path = key(&["gce", "spot", &m.series, region.id()]);
        match (&on_demand, machine_price(compute, m, name, true)) {
            (Ok((od, _)), Ok((spot, note))) if *od > 0.0 && spot <= *od => {
                let share = ((1.0 - spot / od) * 10_000.0).round() / 10_000.0;
                found.updates.push(
                    Update::new(
                        spot_path,
                        share,
                        "gcp-billing-catalog",
                        today,
                        format!(
                            "1 - Spot / on-demand for {}: {note}; a Spot price moves",
                            m.name
                        ),
                    )
                    .estimate(),
                );
            }
            (_, Err(why)) => found.kept.push(Kept::new(&spot_path.shown(), why)),
            _ => found.kept.push(Kept::new(
                &spot_path.shown(),
                format!("no on-demand price for {} to compare Spot with", m.name),
            )),
        }
    }
}
