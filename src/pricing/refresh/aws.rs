//! AWS's own price lists, read without credentials: the Price List bulk offer files (`AmazonECS`,
//! `AWSELB`), the Compute Savings Plans files joined to them on `discountedSku`, and the Fargate
//! Spot feed the Fargate pricing page reads. Products are matched on `regionCode` and the
//! usage-type suffix, since the usage-type prefixes are irregular (`USE1-`, `EU-`, `APS1-`, none).

use super::fetch::{Fetcher, Origin, Request};
use super::{Found, Kept, Path, SourceDef, Update};
use crate::pricing::{PriceBook, Region};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Deserialize)]
struct OfferIndex {
    offers: HashMap<String, OfferRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // the names are the index's keys
struct OfferRef {
    current_region_index_url: Option<String>,
    /// The documented name of the Savings Plans index link, and the one the live index uses.
    savings_plan_version_index_url: Option<String>,
    current_savings_plan_index_url: Option<String>,
}

#[derive(Deserialize)]
struct RegionIndex {
    regions: HashMap<String, RegionRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegionRef {
    current_version_url: String,
}

/// A regional offer file, keeping only what the figures need.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    #[serde(rename = "offerCode")]
    code: String,
    version: String,
    publication_date: String,
    products: HashMap<String, Product>,
    terms: Terms,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    product_family: Option<String>,
    attributes: HashMap<String, String>,
}

#[derive(Deserialize)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: HashMap<String, HashMap<String, Term>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Term {
    price_dimensions: HashMap<String, Dimension>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Dimension {
    price_per_unit: HashMap<String, String>,
}

#[derive(Deserialize)]
struct SpRegionIndex {
    regions: Vec<SpRegionRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpRegionRef {
    region_code: String,
    version_url: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpOffer {
    version: String,
    publication_date: String,
    products: Vec<SpProduct>,
    terms: SpTerms,
}

#[derive(Deserialize)]
struct SpProduct {
    sku: String,
    attributes: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpTerms {
    savings_plan: Vec<SpTerm>,
}

#[derive(Deserialize)]
struct SpTerm {
    sku: String,
    rates: Vec<SpRate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpRate {
    discounted_sku: String,
    discounted_rate: SpPrice,
}

#[derive(Deserialize)]
struct SpPrice {
    price: String,
}

#[derive(Deserialize)]
struct SpotFeed {
    #[serde(default)]
    metadata: HashMap<String, String>,
    prices: Vec<SpotPrice>,
}

#[derive(Deserialize)]
struct SpotPrice {
    unit: String,
    price: HashMap<String, String>,
    attributes: HashMap<String, String>,
}

/// The ECS figures of each region: the figure's key and the usage-type suffix that prices it.
const ECS: [(&str, &str); 5] = [
    ("x86_vcpu_hour", "Fargate-vCPU-Hours:perCPU"),
    ("x86_gb_hour", "Fargate-GB-Hours"),
    ("arm_vcpu_hour", "Fargate-ARM-vCPU-Hours:perCPU"),
    ("arm_gb_hour", "Fargate-ARM-GB-Hours"),
    ("ephemeral_gb_hour", "Fargate-EphemeralStorage-GB-Hours"),
];

/// The Application Load Balancer's figures: key, usage-type suffix.
const ALB: [(&str, &str); 2] = [("hour", "LoadBalancerUsage"), ("lcu_hour", "LCUUsage")];
const ALB_FAMILY: &str = "Load Balancer-Application";

/// The Spot feed's units and the figures they price, a pair per architecture: a book takes an
/// architecture's two Spot rates together or not at all.
const SPOT: [[(&str, &str); 2]; 2] = [
    [
        ("vCPU-Hours", "spot_x86_vcpu_hour"),
        ("GB-Hours", "spot_x86_gb_hour"),
    ],
    [
        ("ARM-vCPU-Hours", "spot_arm_vcpu_hour"),
        ("ARM-GB-Hours", "spot_arm_gb_hour"),
    ],
];

fn key(parts: &[&str]) -> Path {
    Path::Key(parts.iter().map(|p| (*p).to_owned()).collect())
}

/// Whether a usage type is `suffix` after any region prefix (or none).
fn usage_is(usage_type: &str, suffix: &str) -> bool {
    usage_type == suffix
        || usage_type
            .strip_suffix(suffix)
            .is_some_and(|prefix| prefix.ends_with('-'))
}

/// "2026-09-11T12:44:25Z" or "20260911124425" → "2026-09-11".
pub(super) fn date_of(stamp: &str) -> Option<String> {
    let digits: String = stamp.chars().filter(char::is_ascii_digit).take(8).collect();
    if digits.len() < 8 {
        return None;
    }
    let d = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]);
    d.parse::<jiff::civil::Date>().ok().map(|_| d)
}

/// Reads every AWS figure it can for `regions` into `found`.
pub(super) fn read(fetcher: &Fetcher, book: &PriceBook, regions: &[Region], found: &mut Found) {
    let index: OfferIndex = match fetcher.json(&Request {
        origin: Origin::Aws,
        path: "/offers/v1.0/aws/index.json",
        page_token: None,
    }) {
        Ok(i) => i,
        Err(e) => {
            found.kept.push(Kept::new(
                "every AWS offer figure (Fargate, load balancer, Savings Plans)",
                format!("the offer index could not be read: {e:#}"),
            ));
            spot(fetcher, book, regions, found);
            return;
        }
    };
    // The x86 vCPU on-demand SKU and price per region: what the Savings Plans join on.
    let mut vcpu_skus: BTreeMap<usize, (String, f64)> = BTreeMap::new();
    offer(
        fetcher,
        &index,
        "AmazonECS",
        book,
        regions,
        found,
        |offer, region, name, found| {
            let hits = figures_of(offer, "fargate", None, &ECS, region, name, found);
            if let Some((_, sku, price)) = hits.into_iter().find(|h| h.0 == "x86_vcpu_hour") {
                vcpu_skus.insert(region.index(), (sku, price));
            }
        },
    );
    offer(
        fetcher,
        &index,
        "AWSELB",
        book,
        regions,
        found,
        |offer, region, name, found| {
            figures_of(offer, "alb", Some(ALB_FAMILY), &ALB, region, name, found);
        },
    );
    savings_plans(fetcher, &index, book, regions, &vcpu_skus, found);
    spot(fetcher, book, regions, found);
}

/// The figures one regional offer prices, `(figure, usage-type suffix)` each under
/// `table.prices.REGION`: each one found is an update naming the offer, SKU and usage type.
/// Returns what was found, `(figure, SKU, price)`.
fn figures_of(
    offer: &Offer,
    table: &str,
    family: Option<&str>,
    figures: &[(&'static str, &str)],
    region: Region,
    name: &str,
    found: &mut Found,
) -> Vec<(&'static str, String, f64)> {
    let source = match table {
        "fargate" => "aws-offer-ecs",
        _ => "aws-offer-elb",
    };
    let mut out = Vec::new();
    for &(figure, suffix) in figures {
        let path = key(&[table, "prices", region.id(), figure]);
        let hits = matching(offer, name, family, suffix);
        if let Some((sku, price)) = one(&path, &hits, suffix, name, found) {
            found.updates.push(Update::new(
                path,
                price,
                source,
                &offer.publication_date,
                format!(
                    "AWS offer {} {}, SKU {sku}, usage type *{suffix}",
                    offer.code, offer.version
                ),
            ));
            out.push((figure, sku, price));
        }
    }
    out
}

/// The SKUs of `offer` in region `name` whose usage type is `suffix`, with their on-demand USD
/// prices.
fn matching(offer: &Offer, name: &str, family: Option<&str>, suffix: &str) -> Vec<(String, f64)> {
    let mut hits: Vec<(String, f64)> = offer
        .products
        .iter()
        .filter(|(_, p)| {
            p.attributes.get("regionCode").is_none_or(|r| r == name)
                && family.is_none_or(|f| p.product_family.as_deref() == Some(f))
                && p.attributes
                    .get("usagetype")
                    .is_some_and(|u| usage_is(u, suffix))
        })
        .flat_map(|(sku, _)| {
            offer
                .terms
                .on_demand
                .get(sku)
                .into_iter()
                .flat_map(|terms| terms.values())
                .flat_map(|t| t.price_dimensions.values())
                .filter_map(|d| d.price_per_unit.get("USD")?.parse::<f64>().ok())
                .map(move |price| (sku.clone(), price))
        })
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    hits
}

/// The one price the hits agree on, or the reason the old figure is kept.
fn one(
    path: &Path,
    hits: &[(String, f64)],
    suffix: &str,
    region: &str,
    found: &mut Found,
) -> Option<(String, f64)> {
    let distinct: BTreeSet<u64> = hits.iter().map(|(_, p)| p.to_bits()).collect();
    match (hits.first(), distinct.len()) {
        (Some(hit), 1) => Some(hit.clone()),
        (None, _) => {
            found.kept.push(Kept::new(
                &path.shown(),
                format!("no product in {region} has usage type *{suffix}"),
            ));
            None
        }
        _ => {
            let prices: Vec<String> = hits
                .iter()
                .map(|(sku, p)| format!("{p} (SKU {sku})"))
                .collect();
            found.kept.push(Kept::new(
                &path.shown(),
                format!(
                    "ambiguous: usage type *{suffix} in {region} has {} prices: {}",
                    distinct.len(),
                    prices.join(", ")
                ),
            ));
            None
        }
    }
}

/// Walks one service's region index and regional offers, calling `each` per region read.
fn offer(
    fetcher: &Fetcher,
    index: &OfferIndex,
    code: &str,
    book: &PriceBook,
    regions: &[Region],
    found: &mut Found,
    mut each: impl FnMut(&Offer, Region, &str, &mut Found),
) {
    let id = match code {
        "AmazonECS" => "aws-offer-ecs",
        _ => "aws-offer-elb",
    };
    let Some(url) = index
        .offers
        .get(code)
        .and_then(|o| o.current_region_index_url.as_deref())
    else {
        found.kept.push(Kept::new(
            &format!("the {code} figures"),
            format!("the offer index lists no {code} region index"),
        ));
        return;
    };
    let region_index: RegionIndex = match fetcher.json(&Request {
        origin: Origin::Aws,
        path: url,
        page_token: None,
    }) {
        Ok(r) => r,
        Err(e) => {
            found.kept.push(Kept::new(
                &format!("the {code} figures"),
                format!("its region index could not be read: {e:#}"),
            ));
            return;
        }
    };
    for &region in regions {
        let name = book.regions[region.index()].aws.as_str();
        let Some(r) = region_index.regions.get(name) else {
            found.kept.push(Kept::new(
                &format!("the {code} figures for '{}'", region.id()),
                format!("the {code} region index has no {name}"),
            ));
            continue;
        };
        match fetcher.json::<Offer>(&Request {
            origin: Origin::Aws,
            path: &r.current_version_url,
            page_token: None,
        }) {
            Ok(offer) => {
                found.source(SourceDef {
                    id: id.to_owned(),
                    title: format!(
                        "AWS Price List bulk offer {code}, version {}, published {} (OFFICIAL)",
                        offer.version, offer.publication_date
                    ),
                    url: Some(format!(
                        "{AWS_LIST}/offers/v1.0/aws/{code}/current/region_index.json"
                    )),
                });
                each(&offer, region, name, found);
            }
            Err(e) => found.kept.push(Kept::new(
                &format!("the {code} figures for '{}'", region.id()),
                format!("{e:#}"),
            )),
        }
    }
}

const AWS_LIST: &str = super::fetch::AWS_PRICING_URL;

/// The Compute Savings Plans' share off Fargate's x86 vCPU rate, 1 and 3 years, No Upfront: the
/// plan's rate for the on-demand SKU (`discountedSku`) against the on-demand price. Read from
/// the first region asked for whose on-demand SKU is known (the shares are the same in every
/// region).
fn savings_plans(
    fetcher: &Fetcher,
    index: &OfferIndex,
    book: &PriceBook,
    regions: &[Region],
    vcpu_skus: &BTreeMap<usize, (String, f64)>,
    found: &mut Found,
) {
    const WHAT: &str = "fargate.savings_plan_1y and fargate.savings_plan_3y";
    let url = index
        .offers
        .get("AWSComputeSavingsPlan")
        .and_then(|o| {
            o.current_savings_plan_index_url
                .clone()
                .or_else(|| o.savings_plan_version_index_url.clone())
        })
        .unwrap_or_else(|| {
            "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json".to_owned()
        });
    let Some((region, (sku, on_demand))) = regions
        .iter()
        .find_map(|r| vcpu_skus.get(&r.index()).map(|s| (*r, s)))
    else {
        found.kept.push(Kept::new(
            WHAT,
            "no Fargate x86 vCPU SKU was read, so the Savings Plans have nothing to join on",
        ));
        return;
    };
    let name = &book.regions[region.index()].aws;
    let read = || read_savings_plans(fetcher, &url, name);
    let sp = match read() {
        Ok(sp) => sp,
        Err(e) => {
            found.kept.push(Kept::new(WHAT, format!("{e:#}")));
            return;
        }
    };
    found.source(SourceDef {
        id: "aws-savings-plans".to_owned(),
        title: format!(
            "AWS Price List Compute Savings Plans ({name}), version {}, published {} (OFFICIAL): No Upfront rates joined to the AmazonECS SKUs",
            sp.version, sp.publication_date
        ),
        url: Some(format!(
            "{AWS_LIST}/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
        )),
    });
    for (term, figure) in [("1yr", "savings_plan_1y"), ("3yr", "savings_plan_3y")] {
        let path = key(&["fargate", figure]);
        let plans: Vec<&str> = sp
            .products
            .iter()
            .filter(|p| {
                p.attributes.get("purchaseOption").map(String::as_str) == Some("No Upfront")
                    && p.attributes.get("purchaseTerm").map(String::as_str) == Some(term)
            })
            .map(|p| p.sku.as_str())
            .collect();
        let rates: BTreeSet<u64> = sp
            .terms
            .savings_plan
            .iter()
            .filter(|t| plans.contains(&t.sku.as_str()))
            .flat_map(|t| &t.rates)
            .filter(|r| &r.discounted_sku == sku)
            .filter_map(|r| r.discounted_rate.price.parse::<f64>().ok())
            .map(f64::to_bits)
            .collect();
        match (rates.len(), rates.first()) {
            (1, Some(bits)) if *on_demand > 0.0 => {
                let rate = f64::from_bits(*bits);
                let share = ((1.0 - rate / on_demand) * 10_000.0).round() / 10_000.0;
                found.updates.push(Update::new(
                    path,
                    share,
                    "aws-savings-plans",
                    &sp.publication_date,
                    format!(
                        "{term} No Upfront: {rate} vs {on_demand} on-demand per vCPU-hour (SKU {sku}, {name})"
                    ),
                ));
            }
            (0, _) => found.kept.push(Kept::new(
                &path.shown(),
                format!("no {term} No Upfront Savings Plan rate for SKU {sku}"),
            )),
            _ => found.kept.push(Kept::new(
                &path.shown(),
                format!(
                    "ambiguous: {} {term} No Upfront rates for SKU {sku}",
                    rates.len()
                ),
            )),
        }
    }
}

/// The Compute Savings Plans file of one region, through their region index.
fn read_savings_plans(fetcher: &Fetcher, url: &str, name: &str) -> anyhow::Result<SpOffer> {
    let index: SpRegionIndex = fetcher.json(&Request {
        origin: Origin::Aws,
        path: url,
        page_token: None,
    })?;
    let r = index
        .regions
        .iter()
        .find(|r| r.region_code == name)
        .ok_or_else(|| anyhow::anyhow!("the Savings Plans region index has no {name}"))?;
    fetcher.json(&Request {
        origin: Origin::Aws,
        path: &r.version_url,
        page_token: None,
    })
}

/// Fargate Spot rates per region and architecture, from the feed the pricing page reads.
fn spot(fetcher: &Fetcher, book: &PriceBook, regions: &[Region], found: &mut Found) {
    let feed: SpotFeed = match fetcher.json(&Request {
        origin: Origin::AwsSpot,
        path: "",
        page_token: None,
    }) {
        Ok(f) => f,
        Err(e) => {
            found.kept.push(Kept::new(
                "the Fargate Spot rates",
                format!("the Spot feed could not be read: {e:#}"),
            ));
            return;
        }
    };
    let version = feed
        .metadata
        .get("source:version")
        .cloned()
        .unwrap_or_default();
    let Some(as_of) = date_of(&version) else {
        found.kept.push(Kept::new(
            "the Fargate Spot rates",
            format!("the Spot feed's source:version {version:?} is not a time"),
        ));
        return;
    };
    found.source(SourceDef {
        id: "aws-spot-feed".to_owned(),
        title: format!(
            "The Fargate Spot price feed the AWS Fargate pricing page reads: an undocumented snapshot of {version}; AWS does not guarantee it, and the rates move often"
        ),
        url: Some("https://aws.amazon.com/fargate/pricing/".to_owned()),
    });
    for &region in regions {
        let name = &book.regions[region.index()].aws;
        for pair in SPOT {
            let rates = pair.map(|(unit, figure)| {
                let prices: BTreeSet<u64> = feed
                    .prices
                    .iter()
                    .filter(|p| p.unit == unit && p.attributes.get("aws:region") == Some(name))
                    .filter_map(|p| p.price.get("USD")?.parse::<f64>().ok())
                    .map(f64::to_bits)
                    .collect();
                let path = key(&["fargate", "prices", region.id(), figure]);
                let rate = match (prices.len(), prices.first()) {
                    (1, Some(bits)) => Ok(f64::from_bits(*bits)),
                    (0, _) => Err(format!("the Spot feed has no {unit} rate for {name}")),
                    (n, _) => Err(format!(
                        "ambiguous: the Spot feed has {n} {unit} rates for {name}"
                    )),
                };
                (path, unit, rate)
            });
            match rates {
                [(p0, u0, Ok(r0)), (p1, u1, Ok(r1))] => {
                    for (path, unit, rate) in [(p0, u0, r0), (p1, u1, r1)] {
                        found.updates.push(
                            Update::new(
                                path,
                                rate,
                                "aws-spot-feed",
                                &as_of,
                                format!("Fargate Spot feed {unit}, {name}, snapshot {version}: a Spot rate moves"),
                            )
                            .estimate(),
                        );
                    }
                }
                [(p0, _, r0), (p1, _, r1)] => {
                    let why = r0.err().or(r1.err()).unwrap_or_default();
                    for path in [p0, p1] {
                        found.kept.push(Kept::new(
                            &path.shown(),
                            format!("{why}; an architecture's Spot rates are taken in pairs"),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{date_of, usage_is};

    #[test]
    fn usage_types_match_on_the_suffix_whatever_the_prefix() {
        for ut in [
            "USE1-Fargate-GB-Hours",
            "EU-Fargate-GB-Hours",
            "APS1-Fargate-GB-Hours",
            "Fargate-GB-Hours",
        ] {
            assert!(usage_is(ut, "Fargate-GB-Hours"), "{ut}");
        }
        for ut in [
            "USE1-Fargate-ARM-GB-Hours",
            "EU-Fargate-Windows-GB-Hours",
            "USE1-XFargate-GB-Hours",
        ] {
            assert!(!usage_is(ut, "Fargate-GB-Hours"), "{ut}");
        }
    }

    #[test]
    fn stamps_become_dates() {
        assert_eq!(date_of("20260928120000").as_deref(), Some("2026-09-28"));
        assert_eq!(
            date_of("2026-09-11T12:44:25Z").as_deref(),
            Some("2026-09-11")
        );
        assert_eq!(date_of("20261399"), None);
        assert_eq!(date_of(""), None);
    }
}
