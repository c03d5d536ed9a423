//! The recommendation bundle through the binary: the decision record, the ECS requests and the
//! Kubernetes manifests, checked against the shapes the cloud APIs accept.
// The citations name API shapes (RegisterTaskDefinition, ContainerDefinition) as prose.
#![allow(clippy::doc_markdown)]

use assert_cmd::Command;
use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::Service;
use serde_json::Value;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(name)
}

/// Runs `report` on answers (a fixture name, or TOML text written to a file) into a new folder.
fn bundle(answers: &Path, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    tradeoff()
        .arg("report")
        .arg("--answers")
        .arg(answers)
        .arg("--out")
        .arg(dir.path().join("b"))
        .args(extra)
        .assert()
        .success();
    dir
}

fn answers_file(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("answers.toml");
    std::fs::write(
        &path,
        format!("questionnaire = \"fargate-vs-gke\"\n[answers]\n{body}"),
    )
    .unwrap();
    path
}

fn read(dir: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join("b").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn files(dir: &tempfile::TempDir) -> Vec<String> {
    let root = dir.path().join("b");
    let mut out = Vec::new();
    for sub in ["", "ecs", "k8s"] {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else {
            continue;
        };
        for e in entries {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                let name = e.file_name().into_string().unwrap();
                out.push(if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                });
            }
        }
    }
    out.sort();
    out
}

// ── ECS ─────────────────────────────────────────────────────────────────────────────────────

#[derive(Clone, Copy, Debug)]
enum J {
    Str,
    Num,
    Bool,
    StrList,
    StrMap,
    List(&'static [(&'static str, J)]),
    Obj(&'static [(&'static str, J)]),
}

/// RegisterTaskDefinition request fields and their JSON types, from the Amazon ECS API Reference,
/// "RegisterTaskDefinition" (docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html),
/// with ContainerDefinition, PortMapping, KeyValuePair, LogConfiguration, HealthCheck,
/// RuntimePlatform and Tag from their pages of the same reference. Only fields this project
/// writes need listing: any other field in the file fails the test.
const TASK_DEFINITION: &[(&str, J)] = &[
    ("family", J::Str),
    ("taskRoleArn", J::Str),
    ("executionRoleArn", J::Str),
    ("networkMode", J::Str),
    ("requiresCompatibilities", J::StrList),
    ("cpu", J::Str),
    ("memory", J::Str),
    (
        "runtimePlatform",
        J::Obj(&[
            ("cpuArchitecture", J::Str),
            ("operatingSystemFamily", J::Str),
        ]),
    ),
    (
        "containerDefinitions",
        J::List(&[
            ("name", J::Str),
            ("image", J::Str),
            ("essential", J::Bool),
            (
                "portMappings",
                J::List(&[
                    ("name", J::Str),
                    ("containerPort", J::Num),
                    ("hostPort", J::Num),
                    ("protocol", J::Str),
                    ("appProtocol", J::Str),
                ]),
            ),
            (
                "environment",
                J::List(&[("name", J::Str), ("value", J::Str)]),
            ),
            (
                "logConfiguration",
                J::Obj(&[("logDriver", J::Str), ("options", J::StrMap)]),
            ),
            (
                "healthCheck",
                J::Obj(&[
                    ("command", J::StrList),
                    ("interval", J::Num),
                    ("timeout", J::Num),
                    ("retries", J::Num),
                    ("startPeriod", J::Num),
                ]),
            ),
        ]),
    ),
    ("tags", J::List(&[("key", J::Str), ("value", J::Str)])),
];

/// CreateService request fields, from the Amazon ECS API Reference, "CreateService"
/// (docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html), with
/// CapacityProviderStrategyItem, NetworkConfiguration, AwsVpcConfiguration, LoadBalancer and
/// DeploymentConfiguration from their pages.
const CREATE_SERVICE: &[(&str, J)] = &[
    ("cluster", J::Str),
    ("serviceName", J::Str),
    ("taskDefinition", J::Str),
    ("desiredCount", J::Num),
    (
        "capacityProviderStrategy",
        J::List(&[
            ("capacityProvider", J::Str),
            ("weight", J::Num),
            ("base", J::Num),
        ]),
    ),
    ("platformVersion", J::Str),
    (
        "networkConfiguration",
        J::Obj(&[(
            "awsvpcConfiguration",
            J::Obj(&[
                ("subnets", J::StrList),
                ("securityGroups", J::StrList),
                ("assignPublicIp", J::Str),
            ]),
        )]),
    ),
    (
        "loadBalancers",
        J::List(&[
            ("targetGroupArn", J::Str),
            ("containerName", J::Str),
            ("containerPort", J::Num),
        ]),
    ),
    ("healthCheckGracePeriodSeconds", J::Num),
    (
        "deploymentConfiguration",
        J::Obj(&[
            (
                "deploymentCircuitBreaker",
                J::Obj(&[("enable", J::Bool), ("rollback", J::Bool)]),
            ),
            ("maximumPercent", J::Num),
            ("minimumHealthyPercent", J::Num),
        ]),
    ),
    ("propagateTags", J::Str),
    ("enableECSManagedTags", J::Bool),
    ("tags", J::List(&[("key", J::Str), ("value", J::Str)])),
];

/// Parameters the ECS developer guide lists as invalid for Fargate ("Amazon ECS task definition
/// differences for the Fargate launch type"), plus the read-only fields of DescribeTaskDefinition.
const NOT_ON_FARGATE: &[&str] = &[
    "disableNetworking",
    "dnsSearchDomains",
    "dnsServers",
    "dockerSecurityOptions",
    "extraHosts",
    "gpu",
    "ipcMode",
    "links",
    "placementConstraints",
    "privileged",
    "maxSwap",
    "swappiness",
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
];

fn check_shape(path: &str, value: &Value, shape: &[(&str, J)]) {
    let obj = value
        .as_object()
        .unwrap_or_else(|| panic!("{path} is not an object"));
    for (key, v) in obj {
        let Some((_, kind)) = shape.iter().find(|(k, _)| k == key) else {
            panic!("{path}.{key} is not a field of the API request shape");
        };
        check_type(&format!("{path}.{key}"), v, *kind);
    }
}

fn check_type(path: &str, v: &Value, kind: J) {
    match kind {
        J::Str => assert!(v.is_string(), "{path} must be a string"),
        J::Num => assert!(v.is_u64() || v.is_i64(), "{path} must be an integer"),
        J::Bool => assert!(v.is_boolean(), "{path} must be a boolean"),
        J::StrList => assert!(
            v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "{path} must be a list of strings"
        ),
        J::StrMap => assert!(
            v.as_object()
                .is_some_and(|m| m.values().all(Value::is_string)),
            "{path} must map strings to strings"
        ),
        J::List(shape) => {
            for (i, item) in v
                .as_array()
                .unwrap_or_else(|| panic!("{path} must be a list"))
                .iter()
                .enumerate()
            {
                check_shape(&format!("{path}[{i}]"), item, shape);
            }
        }
        J::Obj(shape) => check_shape(path, v, shape),
    }
}

fn all_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                all_keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| all_keys(v, out)),
        _ => {}
    }
}

/// Valid Fargate CPU units and the memory (MiB) each allows, from the ECS developer guide's task
/// size table.
fn valid_fargate(cpu: u32, mem: u32) -> bool {
    let gb = mem / 1024;
    mem.is_multiple_of(1024)
        && match cpu {
            256 => mem == 512 || gb == 1 || gb == 2,
            512 => (1..=4).contains(&gb),
            1024 => (2..=8).contains(&gb),
            2048 => (4..=16).contains(&gb),
            4096 => (8..=30).contains(&gb),
            8192 => (16..=60).contains(&gb) && gb.is_multiple_of(4),
            16384 => (32..=120).contains(&gb) && gb.is_multiple_of(8),
            _ => false,
        }
}

#[test]
fn the_task_definition_is_a_register_task_definition_request_fargate_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    for (vcpu, mem, arch) in [
        (0.3, 0.7, "x86"),
        (1.0, 3.0, "arm"),
        (6.0, 20.0, "x86"),
        (0.25, 6.0, "x86"),
    ] {
        let answers = answers_file(
            tmp.path(),
            &format!(
                "vcpu = {vcpu}\nmemory_gib = {mem}\narch = \"{arch}\"\ncloud = \"aws\"\nk8s_expertise = \"none\"\n"
            ),
        );
        let out = bundle(&answers, &["--artifacts", "all"]);
        let td: Value = serde_json::from_str(&read(&out, "ecs/task-definition.json")).unwrap();
        check_shape("taskDefinition", &td, TASK_DEFINITION);
        let mut keys = Vec::new();
        all_keys(&td, &mut keys);
        for bad in NOT_ON_FARGATE {
            assert!(
                !keys.iter().any(|k| k == bad),
                "'{bad}' is not valid on Fargate"
            );
        }
        assert_eq!(td["networkMode"], "awsvpc");
        assert_eq!(
            td["requiresCompatibilities"],
            serde_json::json!(["FARGATE"])
        );
        let cpu: u32 = td["cpu"].as_str().unwrap().parse().unwrap();
        let memory: u32 = td["memory"].as_str().unwrap().parse().unwrap();
        assert!(
            valid_fargate(cpu, memory),
            "{cpu}/{memory} is not a Fargate size"
        );
        assert!(
            f64::from(cpu) >= vcpu * 1024.0 && f64::from(memory) >= mem * 1024.0,
            "the size holds the request"
        );
        let expected_arch = if arch == "arm" { "ARM64" } else { "X86_64" };
        assert_eq!(td["runtimePlatform"]["cpuArchitecture"], expected_arch);
        let c = &td["containerDefinitions"][0];
        assert_eq!(c["essential"], true);
        assert_eq!(
            c["portMappings"][0]["containerPort"], c["portMappings"][0]["hostPort"],
            "awsvpc needs equal ports"
        );
        assert_eq!(c["logConfiguration"]["logDriver"], "awslogs");
        assert!(
            td["executionRoleArn"]
                .as_str()
                .unwrap()
                .contains(":123456789012:")
        );
        let svc: Value = serde_json::from_str(&read(&out, "ecs/service.json")).unwrap();
        check_shape("createService", &svc, CREATE_SERVICE);
    }
}

#[test]
fn the_task_definition_carries_the_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = answers_file(
        tmp.path(),
        "app_name = \"orders-api\"\nimage = \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:7\"\nport = 9000\nhealth_path = \"/health/live\"\nregion = \"eu\"\npurchase = \"spot\"\nenv = { DJANGO_SETTINGS = \"prod\", WORKERS = \"4\" }\ncloud = \"aws\"\n",
    );
    let out = bundle(&answers, &[]);
    let td: Value = serde_json::from_str(&read(&out, "ecs/task-definition.json")).unwrap();
    let c = &td["containerDefinitions"][0];
    assert_eq!(td["family"], "orders-api");
    // The copy DEPLOY.md pushes to the account's ECR in the priced region, with the answer's tag.
    assert_eq!(
        c["image"],
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:7"
    );
    assert_eq!(c["portMappings"][0]["containerPort"], 9000);
    assert_eq!(
        c["environment"],
        serde_json::json!([{"name": "DJANGO_SETTINGS", "value": "prod"}, {"name": "WORKERS", "value": "4"}])
    );
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-region"],
        "eu-west-1"
    );
    // Through the image's shell, with the URL as the command's last word.
    assert_eq!(c["healthCheck"]["command"][0], "CMD-SHELL");
    assert!(
        c["healthCheck"]["command"][1]
            .as_str()
            .unwrap()
            .ends_with(" http://localhost:9000/health/live")
    );
    let svc: Value = serde_json::from_str(&read(&out, "ecs/service.json")).unwrap();
    // Every task on Fargate Spot, as every Pod is on Spot on GKE: like for like.
    assert_eq!(
        svc["capacityProviderStrategy"],
        serde_json::json!([
            {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}
        ])
    );
    assert_eq!(svc["loadBalancers"][0]["containerPort"], 9000);
}

// ── Kubernetes ──────────────────────────────────────────────────────────────────────────────

/// Deserializes a manifest into its k8s-openapi type, failing on any field the type lacks.
fn strict<T: serde::de::DeserializeOwned>(name: &str, yaml: &str) -> T {
    let de = serde_norway::Deserializer::from_str(yaml);
    let mut unknown = Vec::new();
    let value: T = serde_ignored::deserialize(de, |path| unknown.push(path.to_string()))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        unknown.is_empty(),
        "{name}: fields Kubernetes does not know: {unknown:?}"
    );
    value
}

#[test]
fn the_strict_reader_does_catch_a_misspelt_field() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  tpye: LoadBalancer\n";
    let caught = std::panic::catch_unwind(|| strict::<Service>("svc", yaml));
    assert!(caught.is_err(), "a misspelt field must fail the check");
}

#[test]
fn manifests_are_valid_kubernetes_objects_that_match_each_other() {
    for (answers, flavor) in [
        ("autopilot.toml", "Autopilot"),
        ("choose-gke.toml", "Standard"),
    ] {
        let out = bundle(&fixture(answers), &[]);
        // Block volumes (choose-gke.toml) run as a StatefulSet, anything else as a Deployment.
        let (kind, name, selector, template) = if files(&out)
            .contains(&"k8s/statefulset.yaml".to_owned())
        {
            let set: StatefulSet = strict("statefulset.yaml", &read(&out, "k8s/statefulset.yaml"));
            let spec = set.spec.unwrap();
            (
                "StatefulSet",
                set.metadata.name.unwrap(),
                spec.selector,
                spec.template,
            )
        } else {
            let dep: Deployment = strict("deployment.yaml", &read(&out, "k8s/deployment.yaml"));
            let spec = dep.spec.unwrap();
            (
                "Deployment",
                dep.metadata.name.unwrap(),
                spec.selector,
                spec.template,
            )
        };
        let svc: Service = strict("service.yaml", &read(&out, "k8s/service.yaml"));
        let hpa: HorizontalPodAutoscaler = strict("hpa.yaml", &read(&out, "k8s/hpa.yaml"));
        assert!(read(&out, "k8s/service.yaml").contains(&format!("GKE {flavor}")));

        let pod_labels = template.metadata.unwrap().labels.unwrap();
        assert_eq!(
            selector.match_labels.as_ref(),
            Some(&pod_labels),
            "selector equals the pod labels"
        );
        assert!(pod_labels.contains_key("app.kubernetes.io/name"));
        assert_eq!(
            svc.spec.as_ref().unwrap().selector.as_ref(),
            Some(&pod_labels)
        );
        let svc_spec = svc.spec.unwrap();
        assert_eq!(svc_spec.type_.as_deref(), Some("LoadBalancer"));
        assert_eq!(svc_spec.ports.unwrap()[0].port, 80);

        let pod = template.spec.unwrap();
        let c = &pod.containers[0];
        let res = c.resources.as_ref().unwrap();
        let (req, lim) = (res.requests.as_ref().unwrap(), res.limits.as_ref().unwrap());
        if flavor == "Autopilot" {
            assert_eq!(req, lim, "Autopilot: requests equal limits");
        }
        assert!(req.contains_key("cpu") && req.contains_key("memory"));
        for probe in [&c.readiness_probe, &c.liveness_probe] {
            assert_eq!(
                probe
                    .as_ref()
                    .unwrap()
                    .http_get
                    .as_ref()
                    .unwrap()
                    .path
                    .as_deref(),
                Some("/healthz")
            );
        }
        let sc = c.security_context.as_ref().unwrap();
        assert_eq!(sc.allow_privilege_escalation, Some(false));
        assert_eq!(
            sc.capabilities.as_ref().unwrap().drop.as_deref(),
            Some(&["ALL".to_owned()][..])
        );
        let psc = pod.security_context.unwrap();
        assert_eq!(psc.run_as_non_root, Some(true));
        assert_eq!(psc.seccomp_profile.unwrap().type_, "RuntimeDefault");

        let hpa = hpa.spec.unwrap();
        assert_eq!(hpa.scale_target_ref.name, name);
        assert_eq!(hpa.scale_target_ref.kind, kind);
        assert!(hpa.max_replicas > hpa.min_replicas.unwrap());
    }
}

#[test]
fn no_autoscaler_when_the_peak_is_the_average() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = answers_file(
        tmp.path(),
        "replicas = 3\npeak_replicas = 3\nk8s_expertise = \"strong\"\nworkload_pattern = \"steady\"\n",
    );
    let out = bundle(&answers, &["--artifacts", "all"]);
    assert!(files(&out).contains(&"k8s/deployment.yaml".to_owned()));
    assert!(!files(&out).contains(&"k8s/hpa.yaml".to_owned()));
}

#[test]
fn gpus_and_privileges_reach_the_manifests_and_the_report_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = answers_file(tmp.path(), "gpu = \"yes\"\nprivileged = \"yes\"\n");
    let out = bundle(&answers, &[]);
    let dep: Deployment = strict("deployment.yaml", &read(&out, "k8s/deployment.yaml"));
    let pod = dep.spec.unwrap().template.spec.unwrap();
    let c = &pod.containers[0];
    let limits = c.resources.as_ref().unwrap().limits.as_ref().unwrap();
    assert_eq!(
        limits.get("nvidia.com/gpu").map(|q| q.0.as_str()),
        Some("1")
    );
    assert!(
        pod.node_selector
            .unwrap()
            .contains_key("cloud.google.com/gke-accelerator")
    );
    assert_eq!(c.security_context.as_ref().unwrap().privileged, Some(true));
    let md = read(&out, "recommendation.md");
    assert!(
        md.contains("Choose GKE Standard for `python-app`"),
        "privileged leaves only Standard"
    );
    assert!(
        md.contains("`privileged: true`"),
        "the report warns about privileges"
    );
    assert!(md.contains("nvidia.com/gpu"));
    assert!(md.contains("excluded: Fargate runs no privileged containers"));
}

// ── The bundle, one focused snapshot per thing a reader relies on ──────────────────────────

/// The part of a Markdown file from the heading `from` up to the next heading of its level.
fn section(md: &str, from: &str) -> String {
    let level = from.split(' ').next().unwrap_or("##");
    let rest = md
        .split(&format!("{from}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {from}"));
    let end = rest
        .match_indices(&format!("\n{level} "))
        .next()
        .map_or(rest.len(), |(i, _)| i);
    format!("{from}\n{}", &rest[..end])
}

/// What the JSON decides, without the bills' arithmetic: the outcome, each option's standing,
/// what is assumed, and the flips' and crossovers' shape.
fn json_outcome(rec: &Value) -> String {
    let mut text = String::new();
    for key in ["recommended", "margin", "cheapest"] {
        let _ = writeln!(text, "{key}: {}", rec[key]);
    }
    let _ = writeln!(text, "close_call: {}", rec["why"]["close_call"]);
    for o in rec["options"].as_array().unwrap() {
        let _ = writeln!(
            text,
            "{}: score {} · {} a month · excluded {} · {} bill lines",
            o["id"],
            o["score"],
            o["monthly_cost_usd"],
            o["excluded"],
            o["cost_breakdown"].as_array().map_or(0, Vec::len)
        );
    }
    let _ = writeln!(text, "assumed: {}", rec["assumed"]);
    let _ = writeln!(text, "not applicable: {}", rec["not_applicable"]);
    let _ = writeln!(
        text,
        "flips: {} · crossovers: {}",
        rec["flip_points"].as_array().unwrap().len(),
        rec["break_even"]["crossovers"]
    );
    text
}

#[test]
fn bundles_for_each_winner() {
    for (name, winner, artifact) in [
        ("choose-ecs.toml", "ecs-fargate", "ecs/task-definition.json"),
        ("choose-gke.toml", "gke-standard", "k8s/statefulset.yaml"),
        ("autopilot.toml", "gke-autopilot", "k8s/deployment.yaml"),
    ] {
        let out = bundle(&fixture(name), &[]);
        let rec: Value = serde_json::from_str(&read(&out, "recommendation.json")).unwrap();
        assert_eq!(rec["recommended"], winner);
        // The files written: which samples a winner gets.
        insta::assert_snapshot!(format!("files-{winner}"), files(&out).join("\n"));
        // The record's outcome, in the words a design document quotes.
        let md = read(&out, "recommendation.md");
        insta::assert_snapshot!(
            format!("record-outcome-{winner}"),
            section(&md, "## Decision Outcome")
        );
        insta::assert_snapshot!(
            format!("record-options-{winner}"),
            section(&md, "## Considered Options")
        );
        insta::assert_snapshot!(format!("json-outcome-{winner}"), json_outcome(&rec));
        // The sample a user deploys, and the steps DEPLOY.md gives.
        insta::assert_snapshot!(format!("artifact-{winner}"), read(&out, artifact));
        let deploy = read(&out, "DEPLOY.md");
        let steps: Vec<&str> = deploy.lines().filter(|l| l.starts_with('#')).collect();
        insta::assert_snapshot!(format!("deploy-steps-{winner}"), steps.join("\n"));
    }
}

#[test]
fn the_decision_record_follows_madr_and_names_things() {
    let out = bundle(&fixture("choose-ecs.toml"), &[]);
    let md = read(&out, "recommendation.md");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Context and Problem Statement",
            "## Decision Drivers",
            "## Considered Options",
            "## Decision Outcome",
            "## Pros and Cons of the Options",
            "## More Information"
        ]
    );
    assert!(md.starts_with("---\nstatus: proposed\ndate: "));
    for sub in [
        "### Consequences",
        "### Confirmation",
        "### Estimated monthly cost",
        "### Price book",
    ] {
        assert!(md.contains(sub), "missing {sub}");
    }
    // Names, not ids.
    for id in [
        "ecs-fargate",
        "gke-autopilot",
        "gke-standard",
        "k8s_expertise",
        "workload_pattern",
    ] {
        assert!(!md.contains(id), "raw id '{id}' in the decision record");
    }
    assert!(md.contains("Chosen option: \"AWS ECS on Fargate\""));
    assert!(!md.contains("\n\n\n"), "no runs of blank lines");
}

/// Every file of a bundle, with the run's timestamp and date taken out: what two runs on the
/// same answers must agree on byte for byte.
fn bundle_text(out: &tempfile::TempDir) -> String {
    let mut text = String::new();
    for f in files(out) {
        let mut body = read(out, &f);
        if f == "recommendation.json" {
            let mut v: Value = serde_json::from_str(&body).unwrap();
            v["generated_at"] = Value::from("[timestamp]");
            body = serde_json::to_string_pretty(&v).unwrap();
        }
        if f == "recommendation.md" {
            body = body
                .lines()
                .map(|l| {
                    if l.starts_with("date: ") {
                        "date: [date]"
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        let _ = writeln!(text, "════ {f} ════\n{body}");
    }
    text
}

#[test]
fn replaying_answers_toml_gives_the_same_bundle() {
    for name in ["choose-ecs.toml", "autopilot.toml"] {
        let first = bundle(&fixture(name), &["--artifacts", "all"]);
        let second = bundle(
            &first.path().join("b/answers.toml"),
            &["--artifacts", "all"],
        );
        assert_eq!(bundle_text(&first), bundle_text(&second), "{name}");
    }
}

#[test]
fn force_replaces_bundle_files_removes_stale_ones_and_keeps_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b");
    let run = |answers: &Path| {
        tradeoff()
            .arg("report")
            .arg("--answers")
            .arg(answers)
            .arg("--out")
            .arg(&out)
            .arg("--force")
            .assert()
            .success();
    };
    run(&fixture("autopilot.toml"));
    assert!(out.join("k8s/hpa.yaml").exists());
    std::fs::write(out.join("k8s/ingress.yaml"), "mine").unwrap();
    std::fs::write(out.join("NOTES.md"), "mine").unwrap();
    // Same app, now with a steady peak: the autoscaler goes.
    let steady = answers_file(
        tmp.path(),
        "app_name = \"orders-api\"\nreplicas = 2\npeak_replicas = 2\ncloud = \"gcp\"\nk8s_standard = \"yes\"\n",
    );
    run(&steady);
    assert!(
        !out.join("k8s/hpa.yaml").exists(),
        "a stale bundle file is removed"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("k8s/ingress.yaml")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "mine"
    );
}

#[test]
fn a_write_that_fails_part_way_leaves_no_file_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b");
    std::fs::create_dir(&out).unwrap();
    // A file where the k8s folder must go: the fifth file of the bundle cannot be written.
    std::fs::write(out.join("k8s"), "in the way").unwrap();
    let assert = tradeoff()
        .arg("report")
        .arg("--answers")
        .arg(fixture("autopilot.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("k8s/deployment.yaml: cannot create the folder"),
        "{stderr}"
    );
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        left,
        ["k8s"],
        "nothing half-written: no report, no temporary file"
    );
}

/// The ECS health check, run as the container runs it (`/bin/sh -c`), passes in an image whose only
/// Python is `python3`, and in one whose only Python is `python`, and fails when the app does.
#[test]
fn the_health_check_runs_with_python3_or_python_alone() {
    // The interpreter itself (a `python3` on PATH may be a launcher script that needs PATH).
    let Some(python) = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    else {
        eprintln!("note: no python3 on PATH; the health check is not run");
        return;
    };
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let answers = answers_file(
        tmp.path(),
        &format!("app_name = \"orders-api\"\nport = {port}\nhealth_path = \"/health/live\"\n"),
    );
    let out = bundle(&answers, &["--artifacts", "all"]);
    let td: Value = serde_json::from_str(&read(&out, "ecs/task-definition.json")).unwrap();
    let check = td["containerDefinitions"][0]["healthCheck"]["command"][1]
        .as_str()
        .unwrap()
        .replace("localhost", "127.0.0.1");
    let answering = std::thread::spawn(move || {
        for (i, request) in server.incoming_requests().take(3).enumerate() {
            assert_eq!(request.url(), "/health/live");
            let status = if i < 2 { 200 } else { 503 };
            request.respond(tiny_http::Response::empty(status)).unwrap();
        }
    });
    let run = |name: &str| {
        let bin = tmp.path().join(format!("only-{name}"));
        if !bin.exists() {
            std::fs::create_dir_all(&bin).unwrap();
            std::os::unix::fs::symlink(&python, bin.join(name)).unwrap();
        }
        std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(&check)
            .env_clear()
            .env("PATH", &bin)
            .status()
            .unwrap()
            .success()
    };
    assert!(run("python3"), "an image with python3 only");
    assert!(run("python"), "an image with python only");
    assert!(!run("python3"), "the app answers 503: unhealthy");
    answering.join().unwrap();
}
