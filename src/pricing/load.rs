//! Validating a price book: the raw file into a `PriceBook`, naming every missing or bad figure.

use super::raw::{F, RawBook, RawFigure, S};
use super::{
    Alb, AlbRegion, Autopilot, AutopilotRegion, AutopilotRules, Cud, Fargate, FargateRegion,
    Figure, Gke, Gpu, GpuRegion, Machine, NodeModel, PriceBook, Region, RegionNames, Source,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Source as Text, one_of, quote};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// No price, count or size in a price book comes near this; larger values are typos or attacks
/// that would overflow a bill.
const MAX_FIGURE: f64 = 1_000_000.0;
const MAX_MACHINES: usize = 1000;

/// A number for a message: huge or tiny ones in scientific notation, not hundreds of digits.
fn shown(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e9 || v.abs() < 1e-6) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// What range a figure must lie in.
#[derive(Clone, Copy)]
enum Bound {
    /// A price or amount: 0 or more.
    Price,
    /// A discount or share: from 0 up to (not including) 1.
    Share,
    /// A size or ratio: above 0.
    Positive,
}

/// Parses and validates a price book. `name` is what messages call the file.
///
/// # Errors
/// Every problem found, each as `file:line:col: message`.
pub fn parse(name: &str, text: &str) -> Result<PriceBook, Diagnostics> {
    let src = Text::new(name, text);
    let (raw, unknown): (RawBook, _) = src.deserialize()?;
    let mut v = Validator {
        src,
        problems: unknown,
        source_ids: Vec::new(),
    };
    let mut book = v.book(&raw);
    if v.problems.is_empty() {
        use crate::text::sanitize;
        sanitize(&mut book.title);
        sanitize(&mut book.currency);
        for s in &mut book.sources {
            sanitize(&mut s.title);
            s.url.iter_mut().for_each(sanitize);
        }
        for r in &mut book.regions {
            sanitize(&mut r.aws);
            sanitize(&mut r.gcp);
        }
        sanitize(&mut book.gpu.name);
        for m in &mut book.machines {
            sanitize(&mut m.name);
            sanitize(&mut m.series);
        }
        Ok(book)
    } else {
        Err(Diagnostics::sorted(v.problems))
    }
}

/// The kinds of names a price book gives that go into commands and files, each with the pattern
/// the provider's own names follow.
#[derive(Debug, Clone, Copy)]
enum NameKind {
    AwsRegion,
    GcpRegion,
    MachineType,
    Series,
    Gpu,
}

impl NameKind {
    fn pattern(self) -> (&'static regex::Regex, &'static str) {
        use std::sync::LazyLock;
        static AWS: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$").unwrap());
        static GCP: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"^[a-z]+(-[a-z]+)*[0-9]{1,2}$").unwrap());
        static MACHINE: LazyLock<regex::Regex> = LazyLock::new(|| {
            regex::Regex::new(r"^[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,12}){1,4}$").unwrap()
        });
        static SERIES: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"^[a-z][a-z0-9]{0,9}$").unwrap());
        static GPU: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$").unwrap());
        match self {
            Self::AwsRegion => (&AWS, "'us-east-1'"),
            Self::GcpRegion => (&GCP, "'us-central1'"),
            Self::MachineType => (&MACHINE, "'e2-standard-4'"),
            Self::Series => (&SERIES, "'e2'"),
            Self::Gpu => (&GPU, "'NVIDIA L4'"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::AwsRegion => "AWS region code",
            Self::GcpRegion => "Google Cloud region name",
            Self::MachineType => "Compute Engine machine type",
            Self::Series => "machine series",
            Self::Gpu => "GPU name (letters, digits, spaces, '.', '_' and '-', at most 40)",
        }
    }
}

/// One region of a region-keyed table: its entry if present, its path, and where to point.
type RegionEntry<'r, T> = (Option<&'r S<T>>, String, Range<usize>);

struct Validator<'a> {
    src: Text<'a>,
    problems: Vec<Diagnostic>,
    source_ids: Vec<String>,
}

fn placeholder() -> Figure {
    Figure {
        value: f64::NAN,
        source: 0,
        as_of: String::new(),
        estimate: true,
        note: None,
    }
}

impl Validator<'_> {
    fn err(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let d = self.src.error(span, message);
        self.problems.push(d);
    }

    /// A name that goes into commands and files (DEPLOY.md's shell blocks, the ECS JSON, the
    /// records) must match its pattern: nothing from a price book reaches a shell unchecked.
    fn name(&mut self, value: &S<String>, what: &str, kind: NameKind) {
        let (pattern, example) = kind.pattern();
        if !pattern.is_match(value.get_ref()) {
            self.err(
                &value.span(),
                format!(
                    "{what} {} is not a valid {}; for example {example}",
                    quote(value.get_ref()),
                    kind.noun()
                ),
            );
        }
    }

    /// A required figure; `at` is where to point when it is missing.
    fn fig(
        &mut self,
        f: Option<&S<RawFigure>>,
        path: &str,
        at: &Range<usize>,
        bound: Bound,
    ) -> Figure {
        if let Some(f) = f {
            self.figure(f, path, bound)
        } else {
            self.err(at, format!("missing figure '{path}'"));
            placeholder()
        }
    }

    fn figure(&mut self, f: &S<RawFigure>, path: &str, bound: Bound) -> Figure {
        let raw = f.get_ref();
        let value = *raw.value.get_ref();
        let (ok, valid) = match bound {
            Bound::Price => (
                (0.0..=MAX_FIGURE).contains(&value),
                "a number from 0 to 1000000",
            ),
            Bound::Share => (
                (0.0..1.0).contains(&value),
                "a share from 0 up to 1 (0.25 = 25%)",
            ),
            Bound::Positive => (
                value > 0.0 && value <= MAX_FIGURE,
                "a number above 0 and at most 1000000",
            ),
        };
        if !value.is_finite() || !ok {
            self.err(
                &raw.value.span(),
                format!("'{path}' is {}; it must be {valid}", quote(&shown(value))),
            );
        }
        let source = self
            .source_ids
            .iter()
            .position(|s| s == raw.source.get_ref())
            .unwrap_or_else(|| {
                let known = self.source_ids.clone();
                self.err(
                    &raw.source.span(),
                    format!(
                        "'{path}' names the source {}, which [sources] does not define; defined: {}",
                        quote(raw.source.get_ref()),
                        one_of(&known)
                    ),
                );
                0
            });
        self.date(&raw.as_of, &format!("'{path}' as_of"));
        Figure {
            value,
            source,
            as_of: raw.as_of.get_ref().clone(),
            estimate: raw.estimate,
            note: raw.note.clone(),
        }
    }

    /// Two optional prices that go together: both or neither.
    fn pair(
        &mut self,
        figures: [Option<&S<RawFigure>>; 2],
        paths: [&str; 2],
        at: &Range<usize>,
    ) -> Option<[Figure; 2]> {
        match figures {
            [Some(a), Some(b)] => Some([
                self.figure(a, paths[0], Bound::Price),
                self.figure(b, paths[1], Bound::Price),
            ]),
            [None, None] => None,
            _ => {
                self.err(
                    at,
                    format!("give both '{}' and '{}', or neither", paths[0], paths[1]),
                );
                None
            }
        }
    }

    fn date(&mut self, d: &S<String>, what: &str) {
        if d.get_ref().parse::<jiff::civil::Date>().is_err() {
            self.err(
                &d.span(),
                format!(
                    "{what} {} is not a date; write YYYY-MM-DD",
                    quote(d.get_ref())
                ),
            );
        }
    }

    /// The three regions of a region-keyed table, in `Region` order; unknown keys are errors.
    fn regional<'r, T>(
        &mut self,
        map: &'r BTreeMap<S<String>, S<T>>,
        path: &str,
        at: &Range<usize>,
    ) -> [RegionEntry<'r, T>; 3] {
        for key in map.keys() {
            if Region::from_id(key.get_ref()).is_none() {
                self.err(
                    &key.span(),
                    format!(
                        "unknown region {} in '{path}'; valid: 'us', 'eu' or 'asia'",
                        quote(key.get_ref())
                    ),
                );
            }
        }
        Region::ALL.map(|r| {
            let entry = map
                .iter()
                .find(|(k, _)| k.get_ref() == r.id())
                .map(|(_, v)| v);
            let span = entry.map_or_else(|| at.clone(), S::span);
            (entry, format!("{path}.{}", r.id()), span)
        })
    }

    /// The whole book: each table is read by its own method, in file order, and every problem
    /// found is collected.
    fn book(&mut self, raw: &RawBook) -> PriceBook {
        let sources = self.sources(raw);
        let hours = self.header(raw);
        PriceBook {
            title: raw.title.get_ref().clone(),
            as_of: raw.as_of.get_ref().clone(),
            currency: raw.currency.get_ref().clone(),
            hours_per_month: hours,
            sources,
            regions: self.regions(raw),
            fargate: self.fargate(raw),
            alb: self.alb(raw),
            gke: self.gke(raw),
            autopilot: self.autopilot(raw),
            nodes: self.nodes(raw),
            gce_spot_discount: self.gce_spot_discount(raw),
            gce_spot: self.gce_spot(raw),
            cuds: self.cuds(raw),
            suds: self.suds(raw),
            boot_disk_gib_month: self.boot_disks(raw),
            gpu: self.gpu(raw),
            machines: self.machines(raw),
        }
    }

    fn sources(&mut self, raw: &RawBook) -> Vec<Source> {
        let mut sources = Vec::new();
        for (id, s) in &raw.sources {
            if s.get_ref().title.get_ref().trim().is_empty() {
                self.err(
                    &s.get_ref().title.span(),
                    format!("source {} has an empty title", quote(id.get_ref())),
                );
            }
            self.source_ids.push(id.get_ref().clone());
            sources.push(Source {
                id: id.get_ref().clone(),
                title: s.get_ref().title.get_ref().clone(),
                url: s.get_ref().url.clone(),
            });
        }
        if sources.is_empty() {
            self.err(&(0..0), "no [sources]: every figure must name its source");
        }
        sources
    }

    fn header(&mut self, raw: &RawBook) -> f64 {
        self.date(&raw.as_of, "'as_of'");
        let hours = *raw.hours_per_month.get_ref();
        if !(hours.is_finite() && (600.0..=800.0).contains(&hours)) {
            self.err(
                &raw.hours_per_month.span(),
                format!(
                    "'hours_per_month' {} is not plausible; list prices use 730",
                    quote(&hours.to_string())
                ),
            );
        }
        hours
    }

    fn regions(&mut self, raw: &RawBook) -> [RegionNames; 3] {
        let whole = 0..0;
        self.regional(&raw.regions, "regions", &whole)
            .map(|(r, path, span)| {
                if let Some(r) = r {
                    self.name(
                        &r.get_ref().aws,
                        &format!("{path}.aws"),
                        NameKind::AwsRegion,
                    );
                    self.name(
                        &r.get_ref().gcp,
                        &format!("{path}.gcp"),
                        NameKind::GcpRegion,
                    );
                    return RegionNames {
                        aws: r.get_ref().aws.get_ref().clone(),
                        gcp: r.get_ref().gcp.get_ref().clone(),
                    };
                }
                {
                    self.err(
                        &span,
                        format!("missing '[{path}]' (aws = \"...\", gcp = \"...\")"),
                    );
                    RegionNames {
                        aws: String::new(),
                        gcp: String::new(),
                    }
                }
            })
    }

    fn fargate(&mut self, raw: &RawBook) -> Fargate {
        let whole = 0..0;
        let empty = BTreeMap::new();
        let fg = raw.fargate.as_ref();
        let fg_at = fg.map_or(whole.clone(), S::span);
        let fg_raw = fg.map(S::get_ref);
        let fargate_prices = self
            .regional(
                fg_raw.map_or(&empty, |f| &f.prices),
                "fargate.prices",
                &fg_at,
            )
            .map(|(r, path, at)| {
                let r = r.map(S::get_ref);
                let pick =
                    |f: fn(&super::raw::RawFargateRegion) -> &F| r.and_then(|r| f(r).as_ref());
                FargateRegion {
                    x86_vcpu_hour: self.fig(
                        pick(|r| &r.x86_vcpu_hour),
                        &format!("{path}.x86_vcpu_hour"),
                        &at,
                        Bound::Price,
                    ),
                    x86_gb_hour: self.fig(
                        pick(|r| &r.x86_gb_hour),
                        &format!("{path}.x86_gb_hour"),
                        &at,
                        Bound::Price,
                    ),
                    arm_vcpu_hour: self.fig(
                        pick(|r| &r.arm_vcpu_hour),
                        &format!("{path}.arm_vcpu_hour"),
                        &at,
                        Bound::Price,
                    ),
                    arm_gb_hour: self.fig(
                        pick(|r| &r.arm_gb_hour),
                        &format!("{path}.arm_gb_hour"),
                        &at,
                        Bound::Price,
                    ),
                    ephemeral_gb_hour: self.fig(
                        pick(|r| &r.ephemeral_gb_hour),
                        &format!("{path}.ephemeral_gb_hour"),
                        &at,
                        Bound::Price,
                    ),
                    spot_x86: self.pair(
                        [
                            pick(|r| &r.spot_x86_vcpu_hour),
                            pick(|r| &r.spot_x86_gb_hour),
                        ],
                        [
                            &format!("{path}.spot_x86_vcpu_hour"),
                            &format!("{path}.spot_x86_gb_hour"),
                        ],
                        &at,
                    ),
                    spot_arm: self.pair(
                        [
                            pick(|r| &r.spot_arm_vcpu_hour),
                            pick(|r| &r.spot_arm_gb_hour),
                        ],
                        [
                            &format!("{path}.spot_arm_vcpu_hour"),
                            &format!("{path}.spot_arm_gb_hour"),
                        ],
                        &at,
                    ),
                }
            });
        Fargate {
            regions: fargate_prices,
            spot_discount: self.fig(
                fg_raw.and_then(|f| f.spot_discount.as_ref()),
                "fargate.spot_discount",
                &fg_at,
                Bound::Share,
            ),
            savings_plan_1y: self.fig(
                fg_raw.and_then(|f| f.savings_plan_1y.as_ref()),
                "fargate.savings_plan_1y",
                &fg_at,
                Bound::Share,
            ),
            savings_plan_3y: self.fig(
                fg_raw.and_then(|f| f.savings_plan_3y.as_ref()),
                "fargate.savings_plan_3y",
                &fg_at,
                Bound::Share,
            ),
            ephemeral_included_gb: self.fig(
                fg_raw.and_then(|f| f.ephemeral_included_gb.as_ref()),
                "fargate.ephemeral_included_gb",
                &fg_at,
                Bound::Price,
            ),
        }
    }

    fn alb(&mut self, raw: &RawBook) -> Alb {
        let whole = 0..0;
        let alb = raw.alb.as_ref();
        let alb_at = alb.map_or(whole.clone(), S::span);
        let alb_raw = alb.map(S::get_ref);
        let empty_alb = BTreeMap::new();
        let alb_prices = self.regional(
            alb_raw.map_or(&empty_alb, |a| &a.prices),
            "alb.prices",
            &alb_at,
        );
        let alb_regions = alb_prices.map(|(r, path, at)| {
            let r = r.map(S::get_ref);
            AlbRegion {
                hour: self.fig(
                    r.and_then(|r| r.hour.as_ref()),
                    &format!("{path}.hour"),
                    &at,
                    Bound::Price,
                ),
                lcu_hour: self.fig(
                    r.and_then(|r| r.lcu_hour.as_ref()),
                    &format!("{path}.lcu_hour"),
                    &at,
                    Bound::Price,
                ),
            }
        });
        Alb {
            regions: alb_regions,
            lcus_per_service: self.fig(
                alb_raw.and_then(|a| a.lcus_per_service.as_ref()),
                "alb.lcus_per_service",
                &alb_at,
                Bound::Price,
            ),
        }
    }

    fn gke(&mut self, raw: &RawBook) -> Gke {
        let whole = 0..0;
        let g = raw.gke.as_ref();
        let g_at = g.map_or(whole.clone(), S::span);
        let g = g.map(S::get_ref);
        Gke {
            cluster_fee_hour: self.fig(
                g.and_then(|g| g.cluster_fee_hour.as_ref()),
                "gke.cluster_fee_hour",
                &g_at,
                Bound::Price,
            ),
            free_tier_credit_month: self.fig(
                g.and_then(|g| g.free_tier_credit_month.as_ref()),
                "gke.free_tier_credit_month",
                &g_at,
                Bound::Price,
            ),
            forwarding_rule_first5_hour: self.fig(
                g.and_then(|g| g.forwarding_rule_first5_hour.as_ref()),
                "gke.forwarding_rule_first5_hour",
                &g_at,
                Bound::Price,
            ),
            forwarding_rule_additional_hour: self.fig(
                g.and_then(|g| g.forwarding_rule_additional_hour.as_ref()),
                "gke.forwarding_rule_additional_hour",
                &g_at,
                Bound::Price,
            ),
            cud_flexible_1y: self.fig(
                g.and_then(|g| g.cud_flexible_1y.as_ref()),
                "gke.cud_flexible_1y",
                &g_at,
                Bound::Share,
            ),
            cud_flexible_3y: self.fig(
                g.and_then(|g| g.cud_flexible_3y.as_ref()),
                "gke.cud_flexible_3y",
                &g_at,
                Bound::Share,
            ),
        }
    }

    fn autopilot(&mut self, raw: &RawBook) -> Autopilot {
        let whole = 0..0;
        let ap = raw.autopilot.as_ref();
        let ap_at = ap.map_or(whole.clone(), S::span);
        let ap = ap.map(S::get_ref);
        let empty_ap = BTreeMap::new();
        let ap_regions = self.regional(ap.map_or(&empty_ap, |a| &a.prices), "autopilot.prices", &ap_at).map(|(r, path, at)| {
            let r = r.map(S::get_ref);
            let spot_vcpu = r.and_then(|r| r.spot_vcpu_hour.as_ref()).map(|f| self.figure(f, &format!("{path}.spot_vcpu_hour"), Bound::Price));
            let spot_gib = r.and_then(|r| r.spot_gib_hour.as_ref()).map(|f| self.figure(f, &format!("{path}.spot_gib_hour"), Bound::Price));
            if spot_vcpu.is_some() != spot_gib.is_some() {
                self.err(&at, format!("'{path}' has only one of spot_vcpu_hour and spot_gib_hour; give both or neither"));
            }
            AutopilotRegion {
                vcpu_hour: self.fig(r.and_then(|r| r.vcpu_hour.as_ref()), &format!("{path}.vcpu_hour"), &at, Bound::Price),
                gib_hour: self.fig(r.and_then(|r| r.gib_hour.as_ref()), &format!("{path}.gib_hour"), &at, Bound::Price),
                spot_vcpu_hour: spot_vcpu,
                spot_gib_hour: spot_gib,
            }
        });
        let rule = |v: &mut Self, f: Option<&S<RawFigure>>, name: &str| {
            v.fig(f, &format!("autopilot.{name}"), &ap_at, Bound::Positive)
        };
        let rules = AutopilotRules {
            min_vcpu: rule(self, ap.and_then(|a| a.min_vcpu.as_ref()), "min_vcpu"),
            vcpu_step: rule(self, ap.and_then(|a| a.vcpu_step.as_ref()), "vcpu_step"),
            min_memory_gib: rule(
                self,
                ap.and_then(|a| a.min_memory_gib.as_ref()),
                "min_memory_gib",
            ),
            min_gib_per_vcpu: rule(
                self,
                ap.and_then(|a| a.min_gib_per_vcpu.as_ref()),
                "min_gib_per_vcpu",
            ),
            max_gib_per_vcpu: rule(
                self,
                ap.and_then(|a| a.max_gib_per_vcpu.as_ref()),
                "max_gib_per_vcpu",
            ),
            max_vcpu: ap
                .and_then(|a| a.max_vcpu.as_ref())
                .map(|f| self.figure(f, "autopilot.max_vcpu", Bound::Positive)),
            max_memory_gib: ap
                .and_then(|a| a.max_memory_gib.as_ref())
                .map(|f| self.figure(f, "autopilot.max_memory_gib", Bound::Positive)),
        };
        if rules.min_gib_per_vcpu.value >= rules.max_gib_per_vcpu.value {
            self.err(
                &ap_at,
                "'autopilot.min_gib_per_vcpu' must be below 'autopilot.max_gib_per_vcpu'",
            );
        }
        Autopilot {
            regions: ap_regions,
            rules,
        }
    }

    fn gpu(&mut self, raw: &RawBook) -> Gpu {
        let whole = 0..0;
        let gpu = raw.gpu.as_ref().map(S::get_ref);
        let gpu_at = raw.gpu.as_ref().map_or(whole.clone(), S::span);
        let empty_gpu = BTreeMap::new();
        let gpu_regions = self
            .regional(gpu.map_or(&empty_gpu, |g| &g.prices), "gpu.prices", &gpu_at)
            .map(|(r, path, at)| {
                let Some(r) = r.map(S::get_ref) else {
                    return GpuRegion::default();
                };
                let opt = |v: &mut Self, f: &F, name: &str, bound| {
                    f.as_ref()
                        .map(|f| v.figure(f, &format!("{path}.{name}"), bound))
                };
                let hour = opt(self, &r.hour, "hour", Bound::Price);
                let spot_hour = opt(self, &r.spot_hour, "spot_hour", Bound::Price);
                let premium = [
                    opt(self, &r.autopilot_gpu_premium_hour, "autopilot_gpu_premium_hour", Bound::Price),
                    opt(self, &r.autopilot_vcpu_premium_hour, "autopilot_vcpu_premium_hour", Bound::Price),
                    opt(self, &r.autopilot_gib_premium_hour, "autopilot_gib_premium_hour", Bound::Price),
                ];
                let given = premium.iter().filter(|p| p.is_some()).count();
                if given != 0 && given != 3 {
                    self.err(&at, format!("'{path}' gives some of the three autopilot_*_premium_hour figures; give all three or none"));
                }
                let autopilot_premium = match premium {
                    [Some(g), Some(c), Some(m)] => Some([g, c, m]),
                    _ => None,
                };
                GpuRegion {
                    hour,
                    spot_hour,
                    autopilot_premium,
                }
            });
        if let Some(g) = gpu {
            self.name(&g.name, "gpu.name", NameKind::Gpu);
        }
        Gpu {
            name: gpu.map_or_else(|| "GPU".to_owned(), |g| g.name.get_ref().clone()),
            regions: gpu_regions,
        }
    }

    fn nodes(&mut self, raw: &RawBook) -> NodeModel {
        let whole = 0..0;
        let n = raw.gke_nodes.as_ref();
        let n_at = n.map_or(whole.clone(), S::span);
        let n = n.map(S::get_ref);
        NodeModel {
            system_pods_vcpu: self.fig(
                n.and_then(|n| n.system_pods_vcpu.as_ref()),
                "gke_nodes.system_pods_vcpu",
                &n_at,
                Bound::Price,
            ),
            system_pods_gib: self.fig(
                n.and_then(|n| n.system_pods_gib.as_ref()),
                "gke_nodes.system_pods_gib",
                &n_at,
                Bound::Price,
            ),
            eviction_gib: self.fig(
                n.and_then(|n| n.eviction_gib.as_ref()),
                "gke_nodes.eviction_gib",
                &n_at,
                Bound::Price,
            ),
            max_pods: self.fig(
                n.and_then(|n| n.max_pods.as_ref()),
                "gke_nodes.max_pods",
                &n_at,
                Bound::Positive,
            ),
            boot_disk_gib: n
                .and_then(|n| n.boot_disk_gib.as_ref())
                .map(|f| self.figure(f, "gke_nodes.boot_disk_gib", Bound::Positive)),
        }
    }

    fn gce_spot(&mut self, raw: &RawBook) -> Vec<(String, [Option<Figure>; 3])> {
        let gce = raw.gce.as_ref().map(S::get_ref);
        let mut out = Vec::new();
        for (series, by_region) in gce.map_or(&BTreeMap::new(), |g| &g.spot) {
            let path = format!("gce.spot.{}", series.get_ref());
            let figures = self
                .regional(by_region.get_ref(), &path, &by_region.span())
                .map(|(f, path, _)| f.map(|f| self.figure(f, &path, Bound::Share)));
            out.push((series.get_ref().clone(), figures));
        }
        out
    }

    fn gce_spot_discount(&mut self, raw: &RawBook) -> [Option<Figure>; 3] {
        let whole = 0..0;
        let gce = raw.gce.as_ref();
        let gce_at = gce.map_or(whole.clone(), S::span);
        let gce = gce.map(S::get_ref);
        let empty_spot = BTreeMap::new();
        self.regional(
            gce.map_or(&empty_spot, |g| &g.spot_discount),
            "gce.spot_discount",
            &gce_at,
        )
        .map(|(f, path, _)| f.map(|f| self.figure(f, &path, Bound::Share)))
    }

    fn cuds(&mut self, raw: &RawBook) -> Vec<Cud> {
        let gce = raw.gce.as_ref().map(S::get_ref);
        let mut cuds = Vec::new();
        for (series, c) in gce.map_or(&BTreeMap::new(), |g| &g.cud) {
            let path = format!("gce.cud.{}", series.get_ref());
            cuds.push(Cud {
                series: series.get_ref().clone(),
                one_year: c
                    .get_ref()
                    .one_year
                    .as_ref()
                    .map(|f| self.figure(f, &format!("{path}.one_year"), Bound::Share)),
                three_year: c
                    .get_ref()
                    .three_year
                    .as_ref()
                    .map(|f| self.figure(f, &format!("{path}.three_year"), Bound::Share)),
            });
        }
        cuds
    }

    fn suds(&mut self, raw: &RawBook) -> Vec<(String, Figure)> {
        let gce = raw.gce.as_ref().map(S::get_ref);
        let mut suds = Vec::new();
        for (series, f) in gce.map_or(&BTreeMap::new(), |g| &g.sud) {
            let path = format!("gce.sud.{}", series.get_ref());
            suds.push((
                series.get_ref().clone(),
                self.figure(f, &path, Bound::Share),
            ));
        }
        suds
    }

    fn boot_disks(&mut self, raw: &RawBook) -> [Option<Figure>; 3] {
        let whole = 0..0;
        let gce = raw.gce.as_ref();
        let gce_at = gce.map_or(whole.clone(), S::span);
        let gce = gce.map(S::get_ref);
        let empty_disk = BTreeMap::new();
        self.regional(
            gce.map_or(&empty_disk, |g| &g.boot_disk_gib_month),
            "gce.boot_disk_gib_month",
            &gce_at,
        )
        .map(|(f, path, _)| f.map(|f| self.figure(f, &path, Bound::Price)))
    }

    fn machines(&mut self, raw: &RawBook) -> Vec<Machine> {
        if raw.machines.len() > MAX_MACHINES {
            self.err(
                &(0..0),
                format!(
                    "{} [[machines]] is more than a price book may hold ({MAX_MACHINES})",
                    raw.machines.len()
                ),
            );
            return Vec::new();
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for m in &raw.machines {
            let r = m.get_ref();
            let name = r.name.get_ref().clone();
            if name.trim().is_empty() || !seen.insert(name.clone()) {
                self.err(
                    &r.name.span(),
                    format!("machine name {} is empty or used twice", quote(&name)),
                );
            } else {
                self.name(&r.name, "machine name", NameKind::MachineType);
            }
            self.name(&r.series, "machine series", NameKind::Series);
            for (v, what) in [(&r.vcpu, "vcpu"), (&r.memory_gib, "memory_gib")] {
                if !(v.get_ref().is_finite() && *v.get_ref() > 0.0 && *v.get_ref() <= 65536.0) {
                    self.err(
                        &v.span(),
                        format!(
                            "machine {}: '{what}' must be a number above 0 and at most 65536",
                            quote(&name)
                        ),
                    );
                }
            }
            let hourly = [&r.us, &r.eu, &r.asia].map(|f| {
                f.as_ref()
                    .map(|f| self.figure(f, &format!("machines.{name}"), Bound::Price))
            });
            if hourly.iter().all(Option::is_none) {
                self.err(
                    &m.span(),
                    format!(
                        "machine {} has no price in any region ('us', 'eu' or 'asia')",
                        quote(&name)
                    ),
                );
            }
            out.push(Machine {
                name,
                series: r.series.get_ref().clone(),
                arch: *r.arch.get_ref(),
                vcpu: *r.vcpu.get_ref(),
                memory_gib: *r.memory_gib.get_ref(),
                gpus: r.gpus.as_ref().map_or(0, |g| *g.get_ref()),
                hourly,
            });
        }
        for region in Region::ALL {
            let offered = out
                .iter()
                .any(|m| m.arch == super::Arch::X86 && m.hourly[region.index()].is_some());
            if !offered {
                let at = raw.machines.first().map_or(0..0, S::span);
                self.err(
                    &at,
                    format!(
                        "no x86 machine type has a '{}' price; GKE Standard cannot be priced there",
                        region.id()
                    ),
                );
            }
        }
        out
    }
}
