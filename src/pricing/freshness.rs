//! Every figure of a price book with the provider it prices, and how old each provider's prices
//! are: the one place the cost panel, the review, the record, the JSON and the warnings read.

use super::{Figure, PriceBook};

/// Prices older than this many days are called stale, and the explorer and `report` warn.
pub const STALE_DAYS: i64 = 90;

/// Whose price list a figure comes from. Fargate Spot apart: it is a snapshot of a feed that
/// moves, not part of AWS's offer files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Aws,
    AwsSpot,
    Google,
    /// The cost model's own assumptions (traffic per load balancer, system Pods' requests): no
    /// provider publishes them, so they say nothing about how old the prices are.
    Assumption,
}

/// The newest and oldest `as_of` of one provider's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dates {
    pub newest: jiff::civil::Date,
    pub oldest: jiff::civil::Date,
}

/// How old the prices are, per provider; `None` where the book has no figure of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    pub aws: Option<Dates>,
    pub aws_spot: Option<Dates>,
    pub google: Option<Dates>,
}

impl PriceBook {
    /// Every figure, with its provider.
    #[must_use]
    pub(crate) fn figures(&self) -> Vec<(Provider, &Figure)> {
        use Provider::{Assumption, Aws, AwsSpot, Google};
        let mut out: Vec<(Provider, &Figure)> = Vec::new();
        let f = &self.fargate;
        for r in &f.regions {
            for x in [
                &r.x86_vcpu_hour,
                &r.x86_gb_hour,
                &r.arm_vcpu_hour,
                &r.arm_gb_hour,
                &r.ephemeral_gb_hour,
            ] {
                out.push((Aws, x));
            }
            for pair in [&r.spot_x86, &r.spot_arm].into_iter().flatten() {
                out.extend(pair.iter().map(|x| (AwsSpot, x)));
            }
        }
        out.push((AwsSpot, &f.spot_discount));
        for x in [
            &f.savings_plan_1y,
            &f.savings_plan_3y,
            &f.ephemeral_included_gb,
        ] {
            out.push((Aws, x));
        }
        out.push((Assumption, &self.alb.lcus_per_service));
        for r in &self.alb.regions {
            out.extend([(Aws, &r.hour), (Aws, &r.lcu_hour)]);
        }
        let g = &self.gke;
        for x in [
            &g.cluster_fee_hour,
            &g.free_tier_credit_month,
            &g.forwarding_rule_first5_hour,
            &g.forwarding_rule_additional_hour,
            &g.cud_flexible_1y,
            &g.cud_flexible_3y,
        ] {
            out.push((Google, x));
        }
        for r in &self.autopilot.regions {
            out.extend([(Google, &r.vcpu_hour), (Google, &r.gib_hour)]);
            for x in [&r.spot_vcpu_hour, &r.spot_gib_hour].into_iter().flatten() {
                out.push((Google, x));
            }
        }
        let rules = &self.autopilot.rules;
        for x in [
            &rules.min_vcpu,
            &rules.vcpu_step,
            &rules.min_memory_gib,
            &rules.min_gib_per_vcpu,
            &rules.max_gib_per_vcpu,
        ] {
            out.push((Google, x));
        }
        for x in [&rules.max_vcpu, &rules.max_memory_gib]
            .into_iter()
            .flatten()
        {
            out.push((Google, x));
        }
        let n = &self.nodes;
        out.extend([
            (Assumption, &n.system_pods_vcpu),
            (Assumption, &n.system_pods_gib),
            (Google, &n.eviction_gib),
            (Google, &n.max_pods),
        ]);
        out.extend(n.boot_disk_gib.iter().map(|x| (Google, x)));
        out.extend(self.gce_spot_discount.iter().flatten().map(|x| (Google, x)));
        for (_, by_region) in &self.gce_spot {
            out.extend(by_region.iter().flatten().map(|x| (Google, x)));
        }
        for c in &self.cuds {
            for x in [&c.one_year, &c.three_year].into_iter().flatten() {
                out.push((Google, x));
            }
        }
        out.extend(self.suds.iter().map(|(_, x)| (Google, x)));
        out.extend(
            self.boot_disk_gib_month
                .iter()
                .flatten()
                .map(|x| (Google, x)),
        );
        for r in &self.gpu.regions {
            out.extend(r.hour.iter().map(|x| (Google, x)));
            out.extend(r.spot_hour.iter().map(|x| (Google, x)));
            out.extend(r.autopilot_premium.iter().flatten().map(|x| (Google, x)));
        }
        for m in &self.machines {
            out.extend(m.hourly.iter().flatten().map(|x| (Google, x)));
        }
        out
    }

    /// How many figures are marked as estimates.
    #[must_use]
    pub(crate) fn estimates(&self) -> usize {
        self.figures().iter().filter(|(_, f)| f.estimate).count()
    }

    /// The newest and oldest dates of each provider's figures.
    #[must_use]
    pub fn freshness(&self) -> Freshness {
        let mut f = Freshness {
            aws: None,
            aws_spot: None,
            google: None,
        };
        // One pass over the figures, widening each provider's range.
        for (provider, figure) in self.figures() {
            let slot = match provider {
                Provider::Aws => &mut f.aws,
                Provider::AwsSpot => &mut f.aws_spot,
                Provider::Google => &mut f.google,
                Provider::Assumption => continue,
            };
            let Ok(d) = figure.as_of.parse::<jiff::civil::Date>() else {
                continue;
            };
            *slot = Some(match slot.take() {
                Some(Dates { newest, oldest }) => Dates {
                    newest: newest.max(d),
                    oldest: oldest.min(d),
                },
                None => Dates {
                    newest: d,
                    oldest: d,
                },
            });
        }
        f
    }
}

impl Freshness {
    /// "AWS prices of 2026-10-02 · Fargate Spot snapshot of 2026-09-28 · Google prices of
    /// 2026-11-26": each provider by its newest figure.
    #[must_use]
    pub fn summary(&self) -> String {
        self.parts()
            .into_iter()
            .map(|(what, d)| format!("{what} {}", d.newest))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The short form for narrow places: "AWS 2026-10-02 · Google 2026-11-26".
    #[must_use]
    pub fn short(&self) -> String {
        [("AWS", &self.aws), ("Google", &self.google)]
            .into_iter()
            .filter_map(|(what, d)| d.as_ref().map(|d| format!("{what} {}", d.newest)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn parts(&self) -> Vec<(&'static str, &Dates)> {
        [
            ("AWS prices of", &self.aws),
            ("Fargate Spot snapshot of", &self.aws_spot),
            ("Google prices of", &self.google),
        ]
        .into_iter()
        .filter_map(|(what, d)| d.as_ref().map(|d| (what, d)))
        .collect()
    }

    /// One warning per provider whose newest price is `STALE_DAYS` or more old on `today`,
    /// naming the command that refreshes them.
    #[must_use]
    pub fn warnings(&self, today: jiff::civil::Date) -> Vec<String> {
        [("AWS", &self.aws), ("Google Cloud", &self.google)]
            .into_iter()
            .filter_map(|(who, d)| {
                let d = d.as_ref()?;
                let days = age_days(d.newest, today);
                (days >= STALE_DAYS).then(|| {
                    format!(
                        "the {who} prices are {days} days old (newest figure {}); run `tradeoff prices refresh` for a price book from the providers' own lists",
                        d.newest
                    )
                })
            })
            .collect()
    }
}

/// Whole days from `then` to `today` (0 when `then` is later).
#[must_use]
pub fn age_days(then: jiff::civil::Date, today: jiff::civil::Date) -> i64 {
    // `until` between civil dates counts in days unless asked for larger units.
    then.until(today)
        .map_or(0, |span| i64::from(span.get_days()).max(0))
}

/// Today in the local time zone.
#[must_use]
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

#[cfg(test)]
mod tests {
    use super::age_days;
    use jiff::civil::date;

    #[test]
    fn ages_count_whole_days() {
        assert_eq!(age_days(date(2026, 9, 8), date(2026, 12, 7)), 90);
        assert_eq!(age_days(date(2026, 12, 8), date(2026, 12, 7)), 0);
    }

    #[test]
    fn the_bundled_book_dates_each_provider() {
        let book = crate::pricing::builtin().expect("the bundled book loads");
        let f = book.freshness();
        let aws = f.aws.clone().expect("AWS figures");
        assert!(aws.oldest <= aws.newest);
        assert!(f.google.is_some() && f.aws_spot.is_some());
        // 400 days on, every provider is stale and named.
        let later = aws
            .newest
            .checked_add(jiff::Span::new().days(400))
            .expect("a date");
        let warnings = f.warnings(later);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("tradeoff prices refresh"));
        let newest = aws
            .newest
            .max(f.google.clone().expect("Google figures").newest);
        assert!(f.warnings(newest).is_empty());
    }
}
