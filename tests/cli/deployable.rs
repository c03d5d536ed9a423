//! The exported files as the real clients read them: every manifest through `kubectl` and a
//! YAML 1.1 reader (`PyYAML`, as kubectl's own reader is 1.1) as well as a strict typed 1.2 read,
//! and every ECS request through the AWS API model in botocore and, for a few bundles, through
//! `aws` itself against a local endpoint. Answers cover Arm and x86, every purchase option and
//! region, GPU, privileged, storage, service mesh, peaks above and at the average, and env values
//! that YAML 1.1 or Kubernetes would change.
//!
//! `.ci/run` installs kubectl (Debian's `kubernetes-client`) and the AWS CLI (`PyPI`'s `awscli`,
//! which brings `botocore` and `PyYAML`) when they are missing; elsewhere a missing client skips its
//! check with a note, and under CI it fails.

use assert_cmd::Command;
use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service, ServiceAccount};
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

fn tradeoff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
}

/// A client on PATH, or `None` (a note on stderr) outside CI; under CI its absence fails.
pub(crate) fn client(name: &str, probe: &[&str]) -> Option<PathBuf> {
    let ok = std::process::Command::new(name)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(PathBuf::from(name));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is needed under CI: .ci/run installs it"
    );
    eprintln!("note: {name} is not installed; its check is skipped (.ci/run installs it)");
    None
}

pub(crate) fn python_with(modules: &str) -> Option<PathBuf> {
    client("python3", &["-c", &format!("import {modules}")])
}

const READER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/read.py");

/// Runs `tests/clients/read.py MODE ARGS...` and parses the JSON it prints.
fn run_reader<T: serde::de::DeserializeOwned>(
    python: &Path,
    mode: &str,
    args: &[impl AsRef<std::ffi::OsStr>],
) -> T {
    let mut command = std::process::Command::new(python);
    command.arg(READER).arg(mode).args(args);
    serde_json::from_slice(&stdout_of(&mut command, mode)).unwrap()
}

/// Runs a client and returns what it printed; a failure fails the test with the client's message.
fn stdout_of(command: &mut std::process::Command, what: &str) -> Vec<u8> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The env values every bundle carries: YAML 1.1 types, Kubernetes expansion, quotes, unicode.
const TRICKY_ENV: &[(&str, &str)] = &[
    ("A_NO", "no"),
    ("B_ON", "on"),
    ("C_Y", "y"),
    ("D_HOME", "$HOME"),
    ("E_REF", "$(VAR)"),
    ("F_DOLLARS", "$$"),
    ("G_QUOTES", "it's \"quoted\""),
    ("H_UNDERSCORE_INT", "1_000"),
    ("I_SEXAGESIMAL", "1:20"),
    ("J_DATE", "2026-12-02"),
    ("K_UNICODE", "ünïcødé 🚀"),
    ("L_NULL", "~"),
    ("M_EMPTY", ""),
    ("N_HEX", "0x1F"),
    ("O_FLOAT", ".5"),
];

/// One bundle's answers.
#[derive(Clone, Debug)]
struct Case {
    arch: &'static str,
    purchase: &'static str,
    region: &'static str,
    gpu: bool,
    privileged: bool,
    storage: &'static str,
    networking: &'static str,
    replicas: f64,
    peak: f64,
    name: &'static str,
    image: &'static str,
    memory_gib: f64,
}

impl Case {
    fn toml(&self) -> String {
        let env: Vec<String> = TRICKY_ENV
            .iter()
            .map(|(k, v)| format!("{k} = {}", toml_string(v)))
            .collect();
        format!(
            "questionnaire = \"fargate-vs-gke\"\n[answers]\narch = \"{}\"\npurchase = \"{}\"\nregion = \"{}\"\ngpu = \"{}\"\nprivileged = \"{}\"\nstorage = \"{}\"\nnetworking = \"{}\"\nreplicas = {}\npeak_replicas = {}\napp_name = \"{}\"\nimage = \"{}\"\nmemory_gib = {}\nenv = {{ {} }}\n",
            self.arch,
            self.purchase,
            self.region,
            if self.gpu { "yes" } else { "no" },
            if self.privileged { "yes" } else { "no" },
            self.storage,
            self.networking,
            self.replicas,
            self.peak,
            self.name,
            self.image,
            self.memory_gib,
            env.join(", ")
        )
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// x86/Arm × every purchase option × every region, with the other answers turning over.
fn matrix() -> Vec<Case> {
    const NAMES: [&str; 8] = ["yes", "no", "on", "null", "true", "orders-api", "n", "x1e3"];
    const IMAGES: [&str; 4] = [
        "registry.example.com/python-app:1.0.0",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:2026_12_02-rc1",
        "europe-docker.pkg.dev/proj/repo/api:1.10",
        "registry:5000/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ];
    let mut out = Vec::new();
    let mut k = 0;
    for arch in ["x86", "arm"] {
        for purchase in ["on-demand", "spot", "commit-1y", "commit-3y"] {
            for region in ["us", "eu", "asia"] {
                out.push(Case {
                    arch,
                    purchase,
                    region,
                    gpu: k % 5 == 1,
                    privileged: k % 7 == 3,
                    storage: ["stateless", "shared-files", "block-volumes"][k % 3],
                    networking: ["standard", "service-mesh", "custom"][(k / 3) % 3],
                    replicas: [2.0, 1.5, 3.0][k % 3],
                    peak: if k % 4 == 0 {
                        [2.0, 2.0, 3.0][k % 3]
                    } else {
                        6.0
                    },
                    name: NAMES[k % NAMES.len()],
                    image: IMAGES[k % IMAGES.len()],
                    memory_gib: if k % 11 == 5 { 116.0 } else { 1.0 },
                });
                k += 1;
            }
        }
    }
    out
}

struct Bundle {
    case: Case,
    dir: PathBuf,
}

impl Bundle {
    fn file(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
    fn json(&self, rel: &str) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.file(rel)).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", self.file(rel).display()))
    }
    fn yaml_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(self.dir.join("k8s"))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        out.sort();
        out
    }
}

fn write_bundles(root: &Path, cases: &[Case]) -> Vec<Bundle> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| Bundle {
            case: case.clone(),
            dir: report_all(root, i, &case.toml()),
        })
        .collect()
}

/// `tradeoff report --artifacts all` on the answers file `text` (written as `answers-I.toml` in
/// `root`), into `root/case-I`; returns that folder.
pub(crate) fn report_all(root: &Path, i: usize, text: &str) -> PathBuf {
    let answers = root.join(format!("answers-{i}.toml"));
    std::fs::write(&answers, text).unwrap();
    let dir = root.join(format!("case-{i}"));
    tradeoff()
        .args(["report", "--artifacts", "all", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    dir
}

/// A manifest read strictly (an unknown field fails) as its k8s-openapi type, back to JSON.
fn typed(path: &Path) -> Value {
    fn strict<T: serde::de::DeserializeOwned + serde::Serialize>(path: &Path, text: &str) -> Value {
        let de = serde_norway::Deserializer::from_str(text);
        let mut unknown = Vec::new();
        let v: T = serde_ignored::deserialize(de, |p| unknown.push(p.to_string()))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            unknown.is_empty(),
            "{}: unknown fields {unknown:?}",
            path.display()
        );
        serde_json::to_value(v).unwrap()
    }
    let text = std::fs::read_to_string(path).unwrap();
    match path.file_name().unwrap().to_str().unwrap() {
        "deployment.yaml" => strict::<Deployment>(path, &text),
        "statefulset.yaml" => strict::<StatefulSet>(path, &text),
        "scaler-serviceaccount.yaml" => strict::<ServiceAccount>(path, &text),
        "scaler-role.yaml" => strict::<Role>(path, &text),
        "scaler-rolebinding.yaml" => strict::<RoleBinding>(path, &text),
        "start-cronjob.yaml" | "stop-cronjob.yaml" => strict::<CronJob>(path, &text),
        "service.yaml" => strict::<Service>(path, &text),
        "hpa.yaml" => strict::<HorizontalPodAutoscaler>(path, &text),
        "pvc.yaml" => strict::<PersistentVolumeClaim>(path, &text),
        other => panic!("an unexpected manifest {other}"),
    }
}

/// The manifest that runs the Pods: a `StatefulSet` for block volumes, else a Deployment.
fn workload(c: &Case) -> &'static str {
    if c.storage == "block-volumes" {
        "k8s/statefulset.yaml"
    } else {
        "k8s/deployment.yaml"
    }
}

/// Kubernetes' expansion of an env value (`$(NAME)` for a defined name, `$$` → `$`), with no
/// variables defined: what the container receives.
fn kubernetes_expand(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('$') => {
                chars.next();
                out.push('$');
            }
            Some('(') => {
                // No variable is defined, so a reference stays as it was written.
                out.push('$');
            }
            _ => out.push('$'),
        }
    }
    out
}

fn node_selector(deployment: &Value) -> BTreeMap<String, String> {
    deployment["spec"]["template"]["spec"]["nodeSelector"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_answer_reaches_the_files_and_each_file_reads_the_same_in_every_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = matrix();
    let bundles = write_bundles(tmp.path(), &cases);
    let mut flavours = BTreeMap::new();
    for b in &bundles {
        let rec = b.json("recommendation.json");
        let deploy = std::fs::read_to_string(b.file("DEPLOY.md")).unwrap();
        ecs_reflects_the_answers(b, &deploy);
        let autopilot = kubernetes_reflects_the_answers(b, &deploy, &rec);
        *flavours.entry(autopilot).or_insert(0) += 1;
        for f in b.yaml_files() {
            let name = f.file_name().unwrap().to_str().unwrap().to_owned();
            assert!(
                deploy.contains(&format!("`k8s/{name}`")),
                "DEPLOY.md lists {name}"
            );
        }
    }
    assert!(
        flavours.len() == 2,
        "both GKE flavours are exported somewhere in the matrix: {flavours:?}"
    );
    yaml_1_1_reads_what_was_meant(&bundles);
    kubectl_reads_what_was_meant(&bundles);
    aws_model_accepts_every_request(&bundles);
}

/// The ECS files carry the answers; the scaling files appear exactly when the peak is above the
/// average; files for a workload Fargate cannot run say so.
fn ecs_reflects_the_answers(b: &Bundle, deploy: &str) {
    let c = &b.case;
    // ECS: the answers, the scaling files exactly when the peak is above the average.
    let task = b.json("ecs/task-definition.json");
    let service = b.json("ecs/service.json");
    let container = &task["containerDefinitions"][0];
    let env: BTreeMap<&str, &str> = container["environment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kv| (kv["name"].as_str().unwrap(), kv["value"].as_str().unwrap()))
        .collect();
    for (k, v) in TRICKY_ENV {
        assert_eq!(env[k], *v, "ECS passes env values as they are");
    }
    assert_eq!(
        task["runtimePlatform"]["cpuArchitecture"],
        if c.arch == "arm" { "ARM64" } else { "X86_64" }
    );
    assert!(
        container["logConfiguration"]["options"]
            .get("awslogs-create-group")
            .is_none()
    );
    // python3 where there is one, else python, through the image's shell.
    let health = &container["healthCheck"]["command"];
    assert_eq!(health[0], "CMD-SHELL");
    assert!(
        health[1]
            .as_str()
            .unwrap()
            .contains("command -v python3 || command -v python")
    );
    let providers: Vec<&str> = service["capacityProviderStrategy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["capacityProvider"].as_str().unwrap())
        .collect();
    assert_eq!(
        providers.contains(&"FARGATE_SPOT"),
        c.purchase == "spot",
        "{c:?}: {providers:?}"
    );
    let average = c.replicas.ceil();
    let scales = c.peak > average;
    assert_eq!(b.file("ecs/scaling-target.json").exists(), scales, "{c:?}");
    assert_eq!(b.file("ecs/scaling-policy.json").exists(), scales, "{c:?}");
    if scales {
        let target = b.json("ecs/scaling-target.json");
        assert_eq!(target["MinCapacity"].as_f64(), Some(average));
        assert_eq!(target["MaxCapacity"].as_f64(), Some(c.peak));
        assert!(deploy.contains("file://ecs/scaling-policy.json"));
    }
    assert_eq!(b.file("k8s/hpa.yaml").exists(), scales, "{c:?}");
    if c.gpu || c.privileged {
        assert!(
            deploy.contains("Fargate cannot run this workload"),
            "{c:?}: DEPLOY.md marks the ECS files"
        );
        let record = std::fs::read_to_string(b.file("recommendation.md")).unwrap();
        assert!(record.contains("Fargate cannot run this workload"));
    }
}

/// The manifests carry placement, storage, mesh and env answers; GKE Standard's node pool in
/// DEPLOY.md is the priced one. Returns whether the manifests are for Autopilot.
fn kubernetes_reflects_the_answers(b: &Bundle, deploy: &str, rec: &Value) -> bool {
    let c = &b.case;
    // Kubernetes: placement, storage, mesh, env values that arrive unchanged.
    // Block volumes run as a StatefulSet, each replica with a disk of its own.
    let deployment = typed(&b.file(workload(c)));
    if c.storage == "block-volumes" {
        assert_eq!(deployment["kind"], "StatefulSet");
        let claim = &deployment["spec"]["volumeClaimTemplates"][0];
        assert_eq!(claim["spec"]["accessModes"][0], "ReadWriteOnce");
        assert_eq!(
            deployment["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["name"],
            claim["metadata"]["name"]
        );
    }
    let autopilot = deploy.contains("## GKE Autopilot");
    let selector = node_selector(&deployment);
    assert_eq!(
        selector.get("kubernetes.io/arch").map(String::as_str),
        (c.arch == "arm").then_some("arm64"),
        "{c:?}"
    );
    assert_eq!(
        selector
            .get("cloud.google.com/gke-spot")
            .map(String::as_str),
        (c.purchase == "spot").then_some("true"),
        "{c:?}"
    );
    assert_eq!(
        selector.contains_key("cloud.google.com/gke-accelerator"),
        c.gpu,
        "{c:?}"
    );
    if autopilot && c.arch == "arm" && !c.gpu {
        assert_eq!(selector["cloud.google.com/compute-class"], "Scale-Out");
    }
    if autopilot && c.arch == "x86" && !c.gpu && c.memory_gib > 110.0 {
        assert_eq!(selector["cloud.google.com/compute-class"], "Balanced");
    }
    let pod = &deployment["spec"]["template"];
    assert_eq!(
        pod["metadata"]["labels"]["sidecar.istio.io/inject"].as_str(),
        (c.networking == "service-mesh").then_some("true")
    );
    assert_eq!(b.file("k8s/pvc.yaml").exists(), c.storage == "shared-files");
    let k8s_env: BTreeMap<&str, &str> = pod["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kv| (kv["name"].as_str().unwrap(), kv["value"].as_str().unwrap()))
        .collect();
    for (k, v) in TRICKY_ENV {
        assert_eq!(
            kubernetes_expand(k8s_env[k]),
            *v,
            "Kubernetes hands {k} to the container unchanged"
        );
    }
    // GKE Standard: the node pool DEPLOY.md creates is the one the bill prices.
    if !autopilot {
        let standard = rec["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == "gke-standard")
            .unwrap();
        let pool = &standard["node_pool"];
        let create = format!(
            "--machine-type {} --num-nodes {}",
            pool["machine_type"].as_str().unwrap(),
            pool["nodes"]
        );
        assert!(deploy.contains(&create), "{c:?}: {create}\n{deploy}");
        let range = format!(
            "--enable-autoscaling --min-nodes {} --max-nodes {}",
            pool["min_nodes"], pool["max_nodes"]
        );
        assert!(deploy.contains(&range), "{c:?}: {range}");
        assert_eq!(deploy.contains(" --spot"), c.purchase == "spot", "{c:?}");
        if c.arch == "arm" {
            let machine = pool["machine_type"].as_str().unwrap();
            assert!(machine.starts_with("t2a") || machine.starts_with("c4a"));
        }
    }
    autopilot
}

/// `PyYAML` (YAML 1.1) reads every manifest to the same JSON as the typed 1.2 read.
fn yaml_1_1_reads_what_was_meant(bundles: &[Bundle]) {
    let Some(python) = python_with("yaml") else {
        return;
    };
    let files: Vec<PathBuf> = bundles.iter().flat_map(Bundle::yaml_files).collect();
    let read: BTreeMap<String, Vec<Value>> = run_reader(&python, "yaml", &files);
    for f in &files {
        let docs = &read[f.to_str().unwrap()];
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0],
            typed(f),
            "{}: a YAML 1.1 reader differs",
            f.display()
        );
    }
    // The check can fail: a plain `no` is a boolean to this reader.
    let probe = files[0].with_file_name("probe.txt");
    std::fs::write(&probe, "value: no\n").unwrap();
    let read: BTreeMap<String, Vec<Value>> = run_reader(&python, "yaml", &[&probe]);
    assert_eq!(
        read[probe.to_str().unwrap()][0]["value"],
        Value::Bool(false)
    );
    std::fs::remove_file(probe).unwrap();
}

/// kubectl reads every manifest, offline, to exactly the object that was meant, and decodes the
/// Deployment into its typed Go struct.
fn kubectl_reads_what_was_meant(bundles: &[Bundle]) {
    const MARK: &str = "tradeoff.test/read";
    let Some(kubectl) = client("kubectl", &["version", "--client"]) else {
        return;
    };
    for b in bundles {
        // `label --local` reads each file with kubectl's YAML reader and prints the objects.
        let out = kubectl_local(
            &kubectl,
            "label",
            &b.dir.join("k8s"),
            &format!("{MARK}=yes"),
        );
        let read: Vec<Value> = serde_json::Deserializer::from_slice(&out)
            .into_iter::<Value>()
            .map(Result::unwrap)
            .collect();
        let files = b.yaml_files();
        assert_eq!(read.len(), files.len());
        for (mut object, file) in read.into_iter().zip(&files) {
            let labels = object["metadata"]["labels"].as_object_mut().unwrap();
            assert_eq!(labels.remove(MARK), Some(Value::from("yes")));
            assert_eq!(
                object,
                typed(file),
                "kubectl reads {} differently",
                file.display()
            );
        }
        // `set env --local` decodes the Deployment into its typed struct: a value of the wrong
        // type anywhere in it fails here.
        kubectl_local(
            &kubectl,
            "set env",
            &b.file(workload(&b.case)),
            "TRADEOFF_TEST=1",
        );
    }
}

/// `kubectl VERB --local -o json -f PATH ARG`, offline; fails the test with kubectl's message.
fn kubectl_local(kubectl: &Path, verb: &str, path: &Path, arg: &str) -> Vec<u8> {
    stdout_of(
        std::process::Command::new(kubectl)
            .args(verb.split(' '))
            .args(["--local", "-o", "json", "-f"])
            .arg(path)
            .arg(arg),
        &format!("kubectl {verb} {}", path.display()),
    )
}

/// The request each ECS file is, by the API it goes to.
fn requests(b: &Bundle) -> Vec<(&'static str, &'static str, PathBuf)> {
    let mut out = vec![
        (
            "ecs",
            "RegisterTaskDefinition",
            b.file("ecs/task-definition.json"),
        ),
        ("ecs", "CreateService", b.file("ecs/service.json")),
    ];
    if b.file("ecs/scaling-target.json").exists() {
        out.push((
            "application-autoscaling",
            "RegisterScalableTarget",
            b.file("ecs/scaling-target.json"),
        ));
        out.push((
            "application-autoscaling",
            "PutScalingPolicy",
            b.file("ecs/scaling-policy.json"),
        ));
    }
    out
}

fn aws_model_accepts_every_request(bundles: &[Bundle]) {
    let Some(python) = python_with("botocore") else {
        return;
    };
    let mut args = Vec::new();
    for b in bundles {
        for (service, op, file) in requests(b) {
            args.push(service.to_owned());
            args.push(op.to_owned());
            args.push(file.to_str().unwrap().to_owned());
        }
    }
    // A control the model must refuse: a field the API does not have, a number as a string.
    let control = bundles[0].dir.join("control.json");
    let mut bad = bundles[0].json("ecs/task-definition.json");
    bad["containerDefinitions"][0]["essential"] = Value::from("yes");
    bad["privilegedMode"] = Value::Bool(true);
    std::fs::write(&control, bad.to_string()).unwrap();
    args.extend([
        "ecs".to_owned(),
        "RegisterTaskDefinition".to_owned(),
        control.to_str().unwrap().to_owned(),
    ]);
    let problems: BTreeMap<String, Vec<String>> = run_reader(&python, "aws", &args);
    let control_problems = &problems[control.to_str().unwrap()];
    assert!(
        control_problems
            .iter()
            .any(|p| p.contains("privilegedMode"))
            && control_problems.iter().any(|p| p.contains("essential")),
        "the model refuses the control: {control_problems:?}"
    );
    for (file, found) in problems {
        if file != control.to_str().unwrap() {
            assert!(found.is_empty(), "{file}: {found:?}");
        }
    }
}

/// An HTTP endpoint on 127.0.0.1 that answers `{}` to `expected` requests and returns their
/// bodies, then stops.
fn endpoint(expected: usize) -> (String, std::thread::JoinHandle<Vec<Value>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut bodies = Vec::new();
        for stream in listener.incoming().take(expected) {
            let mut stream = stream.unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(30)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            bodies.push(serde_json::from_slice(&body).unwrap());
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                .unwrap();
        }
        bodies
    });
    (url, handle)
}

#[test]
fn the_aws_cli_sends_each_request_file_as_written() {
    let Some(aws) = client("aws", &["--version"]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Spot with scaling on ARM, and on-demand with the peak at the average.
    let cases: Vec<Case> = matrix()
        .into_iter()
        .filter(|c| {
            (c.arch == "arm" && c.purchase == "spot" && c.region == "asia")
                || (c.arch == "x86" && c.purchase == "on-demand" && c.region == "us")
        })
        .collect();
    let bundles = write_bundles(tmp.path(), &cases);
    let all: Vec<_> = bundles.iter().flat_map(requests).collect();
    assert!(all.len() >= 6, "scaling requests are among them");
    let (url, server) = endpoint(all.len());
    for (service, op, file) in &all {
        let command = op
            .chars()
            .enumerate()
            .flat_map(|(i, ch)| {
                let lower = ch.to_ascii_lowercase();
                if ch.is_ascii_uppercase() && i > 0 {
                    vec!['-', lower]
                } else {
                    vec![lower]
                }
            })
            .collect::<String>();
        stdout_of(
            std::process::Command::new(&aws)
                .args([*service, &command, "--cli-input-json"])
                .arg(format!("file://{}", file.display()))
                .args(["--endpoint-url", &url, "--region", "us-east-1"])
                .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "example")
                .env("AWS_CONFIG_FILE", "/dev/null")
                .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
                .env("AWS_EC2_METADATA_DISABLED", "true"),
            &format!("aws {service} {command} {}", file.display()),
        );
    }
    let bodies = server.join().unwrap();
    for ((_, _, file), body) in all.iter().zip(bodies) {
        let written: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        assert_eq!(body, written, "aws sent {} as written", file.display());
    }
}

#[test]
fn answers_that_cannot_be_deployed_are_refused_by_name_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    for (answer, field, valid) in [
        (
            "app_name = \"9lives-api\"",
            "app_name",
            "starting with a letter",
        ),
        (
            "image = \"r.example.com/app:build_\"",
            "image",
            "starts and ends with a letter or digit",
        ),
        ("health_path = \"/x'y\"", "health_path", "letters, digits"),
        (
            "health_path = \"/$(reboot)\"",
            "health_path",
            "letters, digits",
        ),
        ("port = 80", "port", "1024 to 65535"),
        ("env = { A = \"one\\ntwo\" }", "env", "control character"),
    ] {
        let answers = tmp.path().join("bad.toml");
        std::fs::write(
            &answers,
            format!("questionnaire = \"fargate-vs-gke\"\n[answers]\n{answer}\n"),
        )
        .unwrap();
        let out = tmp.path().join("out");
        let assert = tradeoff()
            .args(["report", "--artifacts", "all", "--answers"])
            .arg(&answers)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains(&format!("'{field}'")) && stderr.contains(valid),
            "{answer}: {stderr}"
        );
        assert!(!out.exists(), "{answer}: nothing is written");
    }
}
