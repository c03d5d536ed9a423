//! The cost models, with the arithmetic written out: what each option would cost per month.

use proptest::prelude::*;
use tradeoff::answers::Answers;
use tradeoff::cost::{OptionCost, fargate_size, reserved_gib, reserved_vcpu};
use tradeoff::model::Model;
use tradeoff::questionnaire::builtin;
use tradeoff::value::Value;

fn model() -> Model {
    Model::new(
        builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    )
}

/// Answers from (id, TOML value) pairs, checked like an answers file.
fn answers(m: &Model, pairs: &[(&str, toml::Value)]) -> Answers {
    let q = &m.questionnaire;
    let mut a = Answers::new(q);
    for (id, v) in pairs {
        let i = q.question_index(id).unwrap();
        a.set(q, i, q.questions[i].parse_value(v).unwrap());
    }
    a
}

fn n(x: f64) -> toml::Value {
    toml::Value::Float(x)
}

fn s(x: &str) -> toml::Value {
    toml::Value::String(x.to_owned())
}

fn bill(m: &Model, a: &Answers, option: &str) -> OptionCost {
    let o = m.questionnaire.option_index(option).unwrap();
    m.assess(a).costs[o].clone().unwrap().unwrap()
}

fn item(c: &OptionCost, prefix: &str) -> f64 {
    c.items
        .iter()
        .find(|i| i.item.starts_with(prefix))
        .unwrap()
        .monthly_usd
}

fn one_by_one_by_two(m: &Model) -> Answers {
    answers(
        m,
        &[
            ("services", n(1.0)),
            ("replicas", n(1.0)),
            ("peak_replicas", n(1.0)),
            ("vcpu", n(1.0)),
            ("memory_gib", n(2.0)),
            ("hours_per_day", n(24.0)),
            ("region", s("us")),
            ("arch", s("x86")),
            ("purchase", s("on-demand")),
        ],
    )
}

#[test]
fn fargate_compute_for_one_vcpu_and_two_gib_all_month() {
    let m = model();
    let c = bill(&m, &one_by_one_by_two(&m), "ecs-fargate");
    // 730 h × 0.04048 $/vCPU-h = 29.5504; 730 h × 2 GB × 0.004445 $/GB-h = 6.4897.
    assert!((item(&c, "Fargate vCPU") - 29.55).abs() < 1e-9);
    assert!((item(&c, "Fargate memory") - 6.49).abs() < 1e-9);
    // 730 × (0.04048 + 2 × 0.004445) = 36.04
    assert!((item(&c, "Fargate vCPU") + item(&c, "Fargate memory") - 36.04).abs() < 1e-9);
    // One ALB all month: 730 × 0.0225 = 16.425; one LCU: 730 × 0.008 = 5.84.
    assert!((item(&c, "Application Load Balancer") - 16.43).abs() < 1e-9);
    assert!((item(&c, "ALB capacity units") - 5.84).abs() < 1e-9);
}

#[test]
fn autopilot_compute_for_one_vcpu_and_two_gib_all_month() {
    let m = model();
    let c = bill(&m, &one_by_one_by_two(&m), "gke-autopilot");
    // 730 × (0.0445 + 2 × 0.0049225) = 32.485 + 7.18685 = 39.67 (items rounded to cents).
    let compute = item(&c, "Autopilot Pod vCPU") + item(&c, "Autopilot Pod memory");
    assert!((compute - 39.67).abs() <= 0.011, "{compute}");
    // The fee (730 × 0.10 = 73.00) is covered by the 74.40 free-tier credit.
    assert!(item(&c, "Cluster management fee").abs() < 1e-9);
    // One forwarding rule: 730 × 0.025 = 18.25.
    assert!((item(&c, "Load balancer forwarding rules") - 18.25).abs() < 1e-9);
}

#[test]
fn a_small_task_is_billed_at_the_next_valid_fargate_size() {
    assert_eq!(fargate_size(0.3, 0.7), Some((0.5, 1.0)));
    assert_eq!(fargate_size(0.25, 0.5), Some((0.25, 0.5)));
    assert_eq!(
        fargate_size(0.25, 3.0),
        Some((0.5, 3.0)),
        "memory beyond 2 GB needs 0.5 vCPU"
    );
    assert_eq!(fargate_size(1.0, 8.5), Some((2.0, 9.0)));
    assert_eq!(
        fargate_size(8.0, 17.0),
        Some((8.0, 20.0)),
        "8 vCPU sizes step by 4 GB"
    );
    assert_eq!(fargate_size(16.0, 121.0), None);
    let m = model();
    let mut a = one_by_one_by_two(&m);
    let q = &m.questionnaire;
    a.set(q, q.question_index("vcpu").unwrap(), Value::Number(0.3));
    a.set(
        q,
        q.question_index("memory_gib").unwrap(),
        Value::Number(0.7),
    );
    let c = bill(&m, &a, "ecs-fargate");
    // 730 × 0.5 × 0.04048 = 14.776; 730 × 1 × 0.004445 = 3.24485.
    assert!((item(&c, "Fargate vCPU") - 14.78).abs() < 1e-9);
    assert!((item(&c, "Fargate memory") - 3.24).abs() < 1e-9);
    assert!(
        c.notes.iter().any(|n| n.contains("0.5 vCPU / 1 GB task")),
        "{:?}",
        c.notes
    );
}

#[test]
fn gke_node_reservations_follow_the_official_formula() {
    // The official example: a 4-vCPU node keeps 80m back (3920m allocatable).
    assert!((reserved_vcpu(4.0) - 0.08).abs() < 1e-12);
    // 6% + 1% + 2 × 0.5% + 4 × 0.25% = 0.09 of an 8-core node.
    assert!((reserved_vcpu(8.0) - 0.09).abs() < 1e-12);
    // 16 GiB: 25% of 4 + 20% of 4 + 10% of 8 = 2.6 GiB.
    assert!((reserved_gib(16.0) - 2.6).abs() < 1e-12);
    assert!((reserved_gib(0.6) - 255.0 / 1024.0).abs() < 1e-12);
}

fn dense_steady(m: &Model) -> Answers {
    answers(
        m,
        &[
            ("services", n(40.0)),
            ("replicas", n(3.0)),
            ("peak_replicas", n(3.0)),
            ("vcpu", n(1.0)),
            ("memory_gib", n(2.0)),
            ("hours_per_day", n(24.0)),
        ],
    )
}

fn small_spiky(m: &Model) -> Answers {
    answers(
        m,
        &[
            ("services", n(3.0)),
            ("replicas", n(1.0)),
            ("peak_replicas", n(3.0)),
            ("vcpu", n(0.25)),
            ("memory_gib", n(0.5)),
            ("hours_per_day", n(8.0)),
        ],
    )
}

#[test]
fn a_steady_dense_workload_costs_less_on_gke_standard_than_on_fargate() {
    let m = model();
    let a = dense_steady(&m);
    let fargate = bill(&m, &a, "ecs-fargate").total;
    let standard = bill(&m, &a, "gke-standard").total;
    // Fargate: 120 tasks × 730 h × (0.04048 + 2 × 0.004445) = 4324.81 before the load balancer.
    assert!(fargate > 4324.0, "{fargate}");
    assert!(
        standard < fargate * 0.9,
        "standard {standard} vs fargate {fargate}"
    );
}

#[test]
fn a_small_spiky_workload_costs_less_on_fargate_than_on_gke_standard() {
    let m = model();
    let a = small_spiky(&m);
    let fargate = bill(&m, &a, "ecs-fargate").total;
    let standard = bill(&m, &a, "gke-standard").total;
    // Fargate: 3 tasks × 243.33 h × (0.25 × 0.04048 + 0.5 × 0.004445) = 9.01 of compute.
    assert!(
        fargate < standard,
        "fargate {fargate} vs standard {standard}"
    );
}

#[test]
fn spot_puts_every_replica_on_spot_on_both_clouds_at_each_regions_own_rates() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    set(&m, &mut a, "purchase", &s("spot"));
    set(&m, &mut a, "replicas", &n(3.0));
    set(&m, &mut a, "peak_replicas", &n(3.0));
    // Fargate: all 3 × 730 = 2190 task-h on Spot at us-east-1's own x86 Spot rate 0.01288871.
    let x86 = bill(&m, &a, "ecs-fargate");
    assert!(
        (item(&x86, "Fargate vCPU") - (2190.0_f64 * 0.012_888_71 * 100.0).round() / 100.0).abs()
            < 1e-9,
        "{x86:?}"
    );
    set(&m, &mut a, "arch", &s("arm"));
    // ARM at its own Spot rate (0.01030969), not the x86 discount.
    let arm = bill(&m, &a, "ecs-fargate");
    assert!(
        (item(&arm, "Fargate vCPU") - (2190.0_f64 * 0.010_309_69 * 100.0).round() / 100.0).abs()
            < 1e-9,
        "{arm:?}"
    );
    assert!(
        !arm.notes.iter().any(|n| n.contains("Estimate")),
        "{:?}",
        arm.notes
    );
    // Autopilot: every Pod at the Spot Pod rates.
    set(&m, &mut a, "arch", &s("x86"));
    let autopilot = bill(&m, &a, "gke-autopilot");
    assert!(
        autopilot.items[0].detail.contains("Spot Pod prices"),
        "{autopilot:?}"
    );
    // Asia has no Fargate Spot rate: the general discount, said to be an estimate.
    set(&m, &mut a, "region", &s("asia"));
    let asia = bill(&m, &a, "ecs-fargate");
    assert!(
        asia.notes
            .iter()
            .any(|n| n.starts_with("Estimate: the price book has no Fargate Spot rate")),
        "{:?}",
        asia.notes
    );
}

#[test]
fn a_missing_spot_price_is_said_and_not_billed_as_spot() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    set(&m, &mut a, "purchase", &s("spot"));
    set(&m, &mut a, "region", &s("eu"));
    let assessed = m.assess(&a);
    let autopilot = m.questionnaire.option_index("gke-autopilot").unwrap();
    match &assessed.costs[autopilot] {
        Some(Err(why)) => assert!(
            why.contains("no Autopilot Spot Pod price for 'eu'"),
            "{why}"
        ),
        other => panic!("Autopilot Spot in eu has no price: {other:?}"),
    }
    // The record and the JSON say cost was left out, and why.
    let left_out = assessed.cost_left_out();
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0].0, autopilot);
    // ARM on GKE Standard in eu: C4A has no Spot price in the book, so no node pool is priced.
    set(&m, &mut a, "arch", &s("arm"));
    let standard = m.questionnaire.option_index("gke-standard").unwrap();
    match &m.assess(&a).costs[standard] {
        Some(Err(why)) => assert!(why.contains("Spot price"), "{why}"),
        other => panic!("no ARM Spot machine in eu: {other:?}"),
    }
}

#[test]
fn the_free_tier_credit_and_sustained_use_are_answers() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    let fee = |a: &Answers, option: &str| item(&bill(&m, a, option), "Cluster management fee");
    // With the credit, the $73.00 fee is covered; without it, both GKE bills pay it.
    assert!(fee(&a, "gke-autopilot").abs() < 1e-9);
    set(&m, &mut a, "gke_free_tier", &s("no"));
    assert!((fee(&a, "gke-autopilot") - 73.0).abs() < 1e-9);
    assert!((fee(&a, "gke-standard") - 73.0).abs() < 1e-9);
    // The defaults assume both; the flips name what happens without the credit.
    let defaults = answers(&m, &[]);
    let credit = m.questionnaire.question_index("gke_free_tier").unwrap();
    assert!(m.assess(&defaults).evaluation.resolved.assumed[credit]);
    assert!(
        m.decide(&defaults)
            .flips
            .iter()
            .any(|f| f.question == credit),
        "the credit is a flip candidate"
    );
}

#[test]
fn a_gpu_replica_gets_the_smallest_g2_node_that_holds_it_on_both_gke_options() {
    let m = model();
    let a = answers(
        &m,
        &[
            ("gpu", s("yes")),
            ("gpu_count", n(1.0)),
            ("services", n(1.0)),
            ("replicas", n(2.0)),
            ("peak_replicas", n(2.0)),
            ("vcpu", n(8.0)),
            ("memory_gib", n(32.0)),
        ],
    );
    // 8 vCPU / 32 GiB does not fit g2-standard-8 after its reservations: g2-standard-12, one L4.
    let autopilot = bill(&m, &a, "gke-autopilot");
    assert!(
        autopilot.items[0].item.contains("g2-standard-12"),
        "{autopilot:?}"
    );
    // One L4 per Pod: 2 Pods × 730 h × $0.56004.
    assert!(
        (item(&autopilot, "GPUs (NVIDIA L4)") - 817.66).abs() < 1e-9,
        "{autopilot:?}"
    );
    let standard = bill(&m, &a, "gke-standard");
    assert!(
        standard.items[0].item.contains("g2-standard-12"),
        "{standard:?}"
    );
    assert!(
        (item(&standard, "GPUs (NVIDIA L4)") - 817.66).abs() < 1e-9,
        "{standard:?}"
    );
    // Every region prices Autopilot's GPU nodes now.
    for region in ["eu", "asia"] {
        let mut r = a.clone();
        set(&m, &mut r, "region", &s(region));
        assert!(m.assess(&r).cheapest().is_some(), "{region}");
    }
}

#[test]
fn the_first_five_forwarding_rules_share_one_charge() {
    let m = model();
    let for_services = |services: f64| {
        let a = answers(&m, &[("services", n(services))]);
        let autopilot = item(
            &bill(&m, &a, "gke-autopilot"),
            "Load balancer forwarding rules",
        );
        let standard = item(
            &bill(&m, &a, "gke-standard"),
            "Load balancer forwarding rules",
        );
        assert!((autopilot - standard).abs() < 1e-9);
        standard
    };
    // 730 h × $0.025 covers one to five rules; each rule after the fifth adds 730 h × $0.01.
    assert!((for_services(1.0) - 18.25).abs() < 1e-9);
    assert!((for_services(3.0) - 18.25).abs() < 1e-9);
    assert!((for_services(5.0) - 18.25).abs() < 1e-9);
    assert!((for_services(6.0) - 25.55).abs() < 1e-9);
    assert!((for_services(8.0) - 40.15).abs() < 1e-9);
}

fn set(model: &Model, answers: &mut Answers, id: &str, value: &toml::Value) {
    let q = &model.questionnaire;
    let i = q.question_index(id).unwrap();
    answers.set(q, i, q.questions[i].parse_value(value).unwrap());
}

#[test]
fn gpus_are_priced_on_gke_and_fargate_says_it_has_none() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    set(&m, &mut a, "gpu", &s("yes"));
    let o = |id| m.questionnaire.option_index(id).unwrap();
    let assessed = m.assess(&a);
    match &assessed.costs[o("ecs-fargate")] {
        Some(Err(why)) => assert!(why.contains("Fargate offers no GPUs"), "{why}"),
        other => panic!("Fargate is not priced with GPUs: {other:?}"),
    }
    // Standard: one g2-standard-4 node (1 replica) all month: the VM less its L4 at
    // $0.146792/h, and the L4 at $0.56004/h: 730 h × 0.56004 = 408.83.
    let standard = bill(&m, &a, "gke-standard");
    assert!(
        standard.items[0].item.contains("g2-standard-4"),
        "{standard:?}"
    );
    assert!((item(&standard, "GPUs (NVIDIA L4)") - 408.83).abs() < 1e-9);
    // Autopilot: the node, its GPU and the premium 0.067 + 4 × 0.003 + 16 × 0.00035 = 0.0846/h:
    // 730 × 0.0846 = 61.76.
    let autopilot = bill(&m, &a, "gke-autopilot");
    assert!((item(&autopilot, "GPUs (NVIDIA L4)") - 408.83).abs() < 1e-9);
    assert!((item(&autopilot, "Autopilot accelerator premium") - 61.76).abs() < 1e-9);
    // Fargate is ruled out, so the comparison of the two GKE bills is complete.
    assert!(assessed.cheapest().is_some());
    // Two GPUs per replica take the two-GPU G2 shape.
    set(&m, &mut a, "gpu_count", &n(2.0));
    let two = bill(&m, &a, "gke-standard");
    assert!(two.items[0].item.contains("g2-standard-24"), "{two:?}");
}

#[test]
fn an_unpriced_option_means_no_option_is_called_cheapest() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    set(&m, &mut a, "purchase", &s("spot"));
    set(&m, &mut a, "region", &s("eu"));
    let assessed = m.assess(&a);
    let autopilot = m.questionnaire.option_index("gke-autopilot").unwrap();
    assert!(matches!(&assessed.costs[autopilot], Some(Err(_))));
    assert_eq!(assessed.cheapest(), None);
    assert!(
        m.decide(&a).curve.is_none(),
        "no break-even on an incomplete comparison"
    );
    // And no option gets cost points from it.
    let ci = m.questionnaire.question_index("cost_importance").unwrap();
    for o in &assessed.evaluation.options {
        assert!(
            o.contributions
                .iter()
                .all(|c| c.question != ci || c.points == 0.0)
        );
    }
}

#[test]
fn a_replica_above_autopilots_maximum_is_not_priced_on_autopilot() {
    let m = model();
    let mut a = one_by_one_by_two(&m);
    set(&m, &mut a, "vcpu", &n(16.0));
    set(&m, &mut a, "memory_gib", &n(116.0));
    let autopilot = m.questionnaire.option_index("gke-autopilot").unwrap();
    match &m.assess(&a).costs[autopilot] {
        Some(Err(why)) => assert!(
            why.contains("general-purpose maximum of 110 GiB")
                && why.contains("autopilot-cost-calculator"),
            "{why}"
        ),
        other => panic!("above Autopilot's maximum: {other:?}"),
    }
}

#[test]
fn standard_nodes_carry_boot_disks_and_n2_earns_sustained_use() {
    let m = model();
    let a = one_by_one_by_two(&m);
    // One node all month with a 100 GiB pd-balanced disk at $0.10/GiB-month: $10.00.
    let standard = bill(&m, &a, "gke-standard");
    assert!((item(&standard, "Node boot disks") - 10.0).abs() < 1e-9);
    // N2 all month: 20% off; a quarter of the month: none.
    assert!((tradeoff::cost::sud_multiplier(1.0, 0.2) - 0.8).abs() < 1e-9);
    assert!((tradeoff::cost::sud_multiplier(0.25, 0.2) - 1.0).abs() < 1e-9);
    assert!(
        (tradeoff::cost::sud_multiplier(0.5, 0.2) - (0.25 + 0.25 * (1.0 - 0.2 / 1.5)) / 0.5).abs()
            < 1e-9
    );
}

#[test]
fn cost_importance_gives_the_cheaper_option_points() {
    let m = model();
    let q = &m.questionnaire;
    let mut a = dense_steady(&m);
    let ci = q.question_index("cost_importance").unwrap();
    a.set(
        q,
        ci,
        Value::Choice(q.questions[ci].choice_index("decisive").unwrap()),
    );
    let e = m.assess(&a).evaluation;
    let points = |option: &str| {
        e.options[q.option_index(option).unwrap()]
            .contributions
            .iter()
            .find(|c| c.question == ci)
            .unwrap()
            .points
    };
    assert!(points("gke-standard") > points("ecs-fargate"));
}

#[test]
fn the_break_even_curve_finds_where_the_cheapest_option_changes() {
    let model = model();
    let m = &model;
    // 20 services peaking at 10 replicas of 1 vCPU / 2 GiB: Fargate wins when the average is
    // low, nodes win as it approaches the peak.
    let a = answers(
        m,
        &[
            ("services", n(20.0)),
            ("replicas", n(3.0)),
            ("peak_replicas", n(10.0)),
            ("vcpu", n(1.0)),
            ("memory_gib", n(2.0)),
        ],
    );
    let curve = m.decide(&a).curve.unwrap();
    assert_eq!(curve.utilization.len(), 96);
    assert!((curve.current - 0.3).abs() < 1e-9);
    let q = &m.questionnaire;
    let fargate = q.option_index("ecs-fargate").unwrap();
    assert_eq!(curve.cheapest(0), Some(fargate));
    assert_ne!(curve.cheapest(95), Some(fargate));
    let cross = curve.crossovers.iter().find(|x| x.from == fargate).unwrap();
    assert!((0.05..1.0).contains(&cross.utilization));
    // At the crossover the two costs are close (interpolated between 1% steps).
    let point = curve
        .utilization
        .iter()
        .position(|u| *u >= cross.utilization - 0.005)
        .unwrap();
    let (from, to) = (&curve.costs[cross.from], &curve.costs[cross.to]);
    let gap = (from[point] - to[point]).abs() / from[point];
    assert!(gap < 0.05, "{gap}");
}

#[test]
fn crossovers_are_lasting_changes_in_order() {
    let m = model();
    // 40 steady services: GKE Standard's node-sized steps cross Fargate's line several times
    // between 34% and 47%; only the lasting change is reported.
    let curve = m.decide(&dense_steady(&m)).curve.unwrap();
    assert_eq!(curve.crossovers.len(), 1, "{:?}", curve.crossovers);
    for pair in curve.crossovers.windows(2) {
        assert!(pair[0].utilization <= pair[1].utilization);
        assert_eq!(pair[0].to, pair[1].from);
    }
    for x in &curve.crossovers {
        assert_ne!(x.from, x.to);
    }
}

fn sized(m: &Model, w: [f64; 6]) -> Answers {
    // The sizing questions, in the order of the array: services, replicas, peak replicas, vCPU,
    // memory, hours a day.
    let pairs: Vec<(&str, toml::Value)> = tradeoff::questionnaire::CostInputs::NUMBERS
        .iter()
        .zip(w)
        .map(|(id, v)| (*id, n(v)))
        .collect();
    answers(m, &pairs)
}

fn workload() -> impl Strategy<Value = [f64; 6]> {
    (
        1u32..60,
        0.5f64..20.0,
        0.0f64..10.0,
        0.05f64..8.0,
        0.1f64..30.0,
        1u32..=24,
    )
        .prop_map(|(s, r, extra, c, mem, h)| [f64::from(s), r, r + extra, c, mem, f64::from(h)])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn bills_have_no_negative_item_and_items_sum_to_the_total(w in workload(), purchase in 0usize..4, region in 0usize..3, arm in any::<bool>()) {
        let m = model();
        let mut a = sized(&m, w);
        let q = &m.questionnaire;
        for (id, c) in [("purchase", purchase), ("region", region), ("arch", usize::from(arm))] {
            a.set(q, q.question_index(id).unwrap(), Value::Choice(c));
        }
        for cost in m.assess(&a).costs {
            let c = match cost.unwrap() {
                Ok(c) => c,
                // Spot is never billed without a Spot price: such an option is unpriced.
                Err(why) => {
                    prop_assert!(purchase == 1 && why.contains("Spot"), "{why}");
                    continue;
                }
            };
            for i in &c.items {
                prop_assert!(i.monthly_usd >= 0.0, "{}: {}", i.item, i.monthly_usd);
                prop_assert!(!i.detail.is_empty());
            }
            let sum: f64 = c.items.iter().map(|i| i.monthly_usd).sum();
            prop_assert!((sum - c.total).abs() < 1e-6, "{sum} vs {}", c.total);
        }
    }

    #[test]
    fn cost_never_falls_when_the_workload_grows(w in workload(), which in 0usize..5, factor in 1.0f64..3.0) {
        let m = model();
        let mut bigger = w;
        // services, replicas (peak kept at least as high), vCPU, memory or hours.
        let field = [0, 1, 3, 4, 5][which];
        bigger[field] = match field {
            0 => (w[0] * factor).round(),
            3 => (w[3] * factor).min(16.0),
            4 => (w[4] * factor).min(120.0),
            5 => (w[5] * factor).round().min(24.0),
            _ => w[field] * factor,
        };
        bigger[2] = bigger[2].max(bigger[1]);
        let (a, b) = (m.assess(&sized(&m, w)), m.assess(&sized(&m, bigger)));
        for o in 0..m.questionnaire.options.len() {
            let (x, y) = (a.total(o).unwrap(), b.total(o).unwrap());
            prop_assert!(y >= x - 0.011, "option {o}: {x} -> {y} when {w:?} -> {bigger:?}");
        }
    }
}
