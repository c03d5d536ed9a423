//! `DEPLOY.md`: the ordered commands from nothing to running for each platform whose files the
//! bundle holds, with GKE Standard's node pool exactly as the bill prices it.

use super::app::{AppSpec, Networking, Storage};
use super::json::NodePoolOut;
use super::{ecs, k8s};
use crate::cost::Purchase;
use crate::pricing::Arch;
use serde::Serialize;

const TEMPLATE: &str = include_str!("../../assets/templates/deploy.md.j2");

/// What the ECS part is made from.
pub(crate) struct EcsPart {
    pub recommended: bool,
    /// Why Fargate cannot run this workload as answered, if it cannot.
    pub caveats: Vec<String>,
}

/// What the GKE part is made from.
pub(crate) struct GkePart {
    pub recommended: bool,
    pub flavor: k8s::Flavor,
    /// The priced node pool, as `recommendation.json` has it (GKE Standard only).
    pub pool: Option<NodePoolOut>,
    /// The manifests written, by file name.
    pub files: Vec<String>,
}

#[derive(Serialize)]
struct Doc {
    app: String,
    image: String,
    /// The image is pinned by digest: deployed as given, never built or pushed.
    digest: bool,
    /// The tag each cloud's copy of the image is pushed with.
    tag: String,
    platform: &'static str,
    data_dir: &'static str,
    port: u16,
    health_path: String,
    replicas: i32,
    peak_replicas: i32,
    target_cpu: i32,
    /// The replicas run part of the day, as priced: hours, and minutes for the schedule.
    part_day: bool,
    hours: String,
    minutes: u32,
    start_hour: u32,
    time_zone: &'static str,
    notes: Vec<String>,
    ecs: Option<EcsDoc>,
    gke: Option<GkeDoc>,
}

#[derive(Serialize)]
struct Step {
    title: String,
    body: String,
}

// The template's switches, one per answer it reads: a flat record is what the template wants.
#[allow(clippy::struct_excessive_bools)]
#[derive(Serialize)]
struct EcsDoc {
    recommended: bool,
    caveats: Vec<String>,
    region: String,
    cluster: &'static str,
    log_group: String,
    task_role: String,
    target_group: String,
    load_balancer: String,
    repository: String,
    efs: bool,
    efs_token: String,
    ebs: bool,
    ebs_gib: u32,
    infrastructure_role: &'static str,
    scaling_resource: String,
    scaling: bool,
    spot: bool,
    spot_base: u32,
    /// The command that writes `filled/ecs/task-definition.json`.
    fill: String,
    /// The numbers of the steps after the optional storage step.
    n: EcsNumbers,
    steps: Vec<Step>,
}

#[derive(Serialize)]
struct EcsNumbers {
    register: u32,
    balancer: u32,
    service: u32,
    scaling: u32,
}

// The template's switches, one per answer it reads: a flat record is what the template wants.
#[allow(clippy::struct_excessive_bools)]
#[derive(Serialize)]
struct GkeDoc {
    recommended: bool,
    autopilot: bool,
    mode: &'static str,
    region: String,
    zone: String,
    cluster: String,
    pool: Option<NodePoolOut>,
    repository: String,
    address: String,
    certificate: String,
    /// The command that writes the manifests' copies under `filled/k8s/`.
    fill: String,
    compute_class: Option<&'static str>,
    /// `deployment` or `statefulset`, and `Deployment` or `StatefulSet`.
    kind: &'static str,
    kind_name: &'static str,
    spot: bool,
    gpu: bool,
    accelerator: &'static str,
    filestore: bool,
    files: Vec<String>,
    steps: Vec<Step>,
}

/// `s` with a backslash before each character `special` names.
fn backslashed(s: &str, special: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `sed` expressions, one per placeholder, in double quotes so that the shell fills in the
/// variables each replacement names (`$ACCOUNT_ID`); everything else is literal to both.
fn sed_expressions(fills: &[(String, String)]) -> String {
    let in_quotes = |c: char| matches!(c, '"' | '\\' | '`');
    fills
        .iter()
        .map(|(from, to)| {
            let pattern = backslashed(from, |c| "\\.[]*^$|".contains(c));
            let replacement = backslashed(to, |c| "\\&|".contains(c));
            format!(
                "-e \"s|{}|{}|g\"",
                backslashed(&pattern, |c| in_quotes(c) || c == '$'),
                backslashed(&replacement, in_quotes)
            )
        })
        .collect::<Vec<_>>()
        .join(" \\\n  ")
}

/// The command that copies the task definition and the service request into `filled/ecs/` with
/// this account's values in place of the placeholders.
fn ecs_fill(app: &AppSpec) -> String {
    format!(
        "for f in ecs/task-definition.json ecs/service.json; do\n  sed {} \\\n    \"$f\" > \"filled/$f\"\ndone",
        sed_expressions(&ecs::fills(app)).replace("\n  ", "\n    ")
    )
}

/// The command that copies the manifests into `filled/k8s/`, with this project's image.
fn k8s_fill(app: &AppSpec) -> String {
    let fills = k8s::fills(app);
    if fills.is_empty() {
        "cp k8s/*.yaml filled/k8s/".to_owned()
    } else {
        format!(
            "for f in k8s/*.yaml; do\n  sed {} \"$f\" > \"filled/$f\"\ndone",
            sed_expressions(&fills)
        )
    }
}

fn platform(app: &AppSpec) -> &'static str {
    match app.arch {
        Arch::X86 => "linux/amd64",
        Arch::Arm => "linux/arm64",
    }
}

/// Steps both platforms share, for answers the files alone cannot carry out.
fn notes(app: &AppSpec, gke: bool, both: bool) -> Vec<String> {
    let mut out = Vec::new();
    if gke && !app.env.is_empty() {
        out.push("Environment values are literal: in the manifests a `$` before `(` or `$` is written as `$$`, so that Kubernetes does not expand `$(NAME)` and the container sees the value as answered (as ECS passes it).".to_owned());
    }
    if both && !app.image_by_digest() {
        out.push(format!(
            "Each cloud pulls its own copy of the image: `{}` is built once and pushed to ECR for ECS and to Artifact Registry for GKE, and each platform's files pull the copy pushed to its registry.",
            app.image
        ));
    }
    if !app.names.shortened.is_empty() {
        let list: Vec<String> = app
            .names
            .shortened
            .iter()
            .map(|(what, name)| format!("{what} is `{name}`"))
            .collect();
        out.push(format!(
            "`{}` is longer than some providers allow, so a few names end in a short hash of it: {}.",
            app.name,
            list.join(", ")
        ));
    }
    out
}

fn ecs_steps(app: &AppSpec) -> Vec<Step> {
    // Storage is in the numbered steps: EFS before the task definition, EBS with the roles and
    // the service.
    let mut out = Vec::new();
    if app.networking != Networking::Standard {
        out.push(Step {
            title: "Networking".to_owned(),
            body: "The files set up plain load-balanced HTTP. ECS has no Istio or Linkerd sidecar injection; ECS Service Connect gives service-to-service discovery and traffic metrics: add a `serviceConnectConfiguration` to `ecs/service.json` if that is enough.".to_owned(),
        });
    }
    out
}

fn gke_steps(app: &AppSpec, flavor: k8s::Flavor) -> Vec<Step> {
    let mut out = Vec::new();
    match app.storage {
        Storage::Stateless => {}
        Storage::SharedFiles => out.push(Step {
            title: "Shared files: Filestore".to_owned(),
            body: format!(
                "`k8s/pvc.yaml` claims a 1 TiB `ReadWriteMany` Filestore share (storage class `{}`, the smallest basic-HDD share), mounted at `/data`. {} Filestore is billed on its own and is not in the estimate.",
                k8s::FILESTORE_CLASS,
                match flavor {
                    k8s::Flavor::Autopilot =>
                        "Autopilot has the Filestore CSI driver enabled.",
                    k8s::Flavor::Standard =>
                        "The cluster above is created with the Filestore CSI driver add-on.",
                }
            ),
        }),
        Storage::BlockVolumes => out.push(Step {
            title: "Block volumes".to_owned(),
            body: format!(
                "The Pods run as a StatefulSet (`k8s/statefulset.yaml`), so that each replica gets a Persistent Disk of its own: a `ReadWriteOnce` claim of {} on the `{}` class (balanced Persistent Disk), made when the replica first starts, which follows it when it moves to another node and stays when it is scaled away. Change `storage` in its `volumeClaimTemplates` before applying for another size. Disks are billed on their own and are not in the estimate.",
                k8s::DISK_SIZE,
                k8s::DISK_CLASS
            ),
        }),
    }
    match app.networking {
        Networking::Standard => {}
        Networking::ServiceMesh => out.push(Step {
            title: "Service mesh".to_owned(),
            body: "The Pods carry `sidecar.istio.io/inject: \"true\"`, so Istio or Cloud Service Mesh injects its sidecar. Install the mesh before applying:\n\n```sh\ngcloud container fleet mesh enable --project \"$PROJECT_ID\"\ngcloud container clusters update \"$CLUSTER\" --fleet-project \"$PROJECT_ID\" --location \"$(gcloud container clusters list --filter name=$CLUSTER --format 'value(location)')\"\ngcloud container fleet mesh update --management automatic --memberships \"$CLUSTER\" --project \"$PROJECT_ID\"\n```\n\nWith Linkerd instead, annotate the namespace `linkerd.io/inject=enabled`.".to_owned(),
        }),
        Networking::Custom => out.push(Step {
            title: "Custom networking".to_owned(),
            body: "The files set up plain load-balanced HTTP. Add the network policies, extra interfaces or CNI settings the workload needs before applying; they depend on your network, so no file here makes them.".to_owned(),
        }),
    }
    out
}

/// GKE's zone for a zonal cluster: the `-b` zone exists in every region the price book covers
/// and offers the machine families it prices (E2, N2, T2A, C4A, G2).
fn zone(region: &str) -> String {
    format!("{region}-b")
}

/// Renders DEPLOY.md.
///
/// # Errors
/// A template error (the bundled template is tested).
pub(crate) fn render(
    app: &AppSpec,
    ecs_part: Option<EcsPart>,
    gke_part: Option<GkePart>,
) -> Result<String, minijinja::Error> {
    let both = ecs_part.is_some() && gke_part.is_some();
    let efs = app.storage == Storage::SharedFiles;
    let register = if efs { 9 } else { 8 };
    let doc = Doc {
        app: app.name.clone(),
        image: app.image.clone(),
        digest: app.image_by_digest(),
        tag: app.push_tag().to_owned(),
        platform: platform(app),
        data_dir: super::app::DATA_DIR,
        part_day: app.part_day(),
        hours: crate::cost::hours(app.hours_per_day).to_string(),
        minutes: app.run_minutes(),
        start_hour: super::app::START_HOUR,
        time_zone: super::app::TIME_ZONE,
        port: app.port,
        health_path: app.health_path.clone(),
        replicas: app.replicas,
        peak_replicas: app.peak_replicas,
        target_cpu: ecs::TARGET_CPU_PERCENT,
        notes: notes(app, gke_part.is_some(), both),
        ecs: ecs_part.map(|part| EcsDoc {
            recommended: part.recommended,
            caveats: part.caveats,
            region: app.aws_region.clone(),
            cluster: ecs::CLUSTER,
            log_group: ecs::log_group(app),
            task_role: ecs::task_role(app),
            target_group: ecs::target_group_name(app),
            load_balancer: app.names.load_balancer.clone(),
            repository: app.names.repository.clone(),
            efs,
            efs_token: app.names.efs_token.clone(),
            ebs: app.storage == Storage::BlockVolumes,
            ebs_gib: ecs::EBS_GIB,
            infrastructure_role: ecs::INFRASTRUCTURE_ROLE,
            scaling_resource: ecs::scaling_resource(app),
            scaling: ecs::scaling(app).is_some(),
            spot: app.purchase == Purchase::Spot,
            spot_base: crate::cost::FARGATE_SPOT_ON_DEMAND_BASE,
            fill: ecs_fill(app),
            n: EcsNumbers {
                register,
                balancer: register + 1,
                service: register + 2,
                scaling: register + 3,
            },
            steps: ecs_steps(app),
        }),
        gke: gke_part.map(|part| GkeDoc {
            recommended: part.recommended,
            autopilot: part.flavor == k8s::Flavor::Autopilot,
            mode: match part.flavor {
                k8s::Flavor::Autopilot => "Autopilot",
                k8s::Flavor::Standard => "Standard",
            },
            region: app.gcp_region.clone(),
            zone: zone(&app.gcp_region),
            cluster: app.names.gke_cluster.clone(),
            pool: part.pool,
            repository: app.names.repository.clone(),
            address: app.names.gce_address.clone(),
            certificate: app.names.gce_certificate.clone(),
            fill: k8s_fill(app),
            kind: k8s::Kind::of(app).resource(),
            kind_name: k8s::Kind::of(app).name(),
            compute_class: match part.flavor {
                k8s::Flavor::Autopilot => k8s::autopilot_compute_class(app),
                k8s::Flavor::Standard => None,
            },
            spot: app.purchase == Purchase::Spot,
            gpu: app.gpu,
            accelerator: k8s::GPU_ACCELERATOR,
            filestore: app.storage == Storage::SharedFiles,
            files: part.files,
            steps: gke_steps(app, part.flavor),
        }),
    };
    let mut env = super::markdown_env()?;
    env.add_template("DEPLOY.md", TEMPLATE)?;
    env.get_template("DEPLOY.md")?
        .render(minijinja::value::Serde(&doc))
}
