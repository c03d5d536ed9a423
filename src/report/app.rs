//! What the deployable samples are made from: the application's answers, read once, and checked
//! against every target they reach (an ECS family, a Kubernetes name and label, a URL, a port).

use super::names::Names;
use crate::cost::{Purchase, Workload, autopilot_requests, fargate_size};
use crate::model::{Assessment, Model};
use crate::pricing::Arch;
use crate::value::Value;
use std::collections::BTreeMap;

/// What the workload keeps on disk, as the `storage` answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Storage {
    Stateless,
    SharedFiles,
    BlockVolumes,
}

/// How the Pods are networked, as the `networking` answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Networking {
    Standard,
    ServiceMesh,
    Custom,
}

/// The application as the answers describe it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AppSpec {
    pub name: String,
    pub image: String,
    pub port: u16,
    pub health_path: String,
    pub env: BTreeMap<String, String>,
    /// Replicas to start with (the average, rounded up) and the most to scale to.
    pub replicas: i32,
    pub peak_replicas: i32,
    pub vcpu: f64,
    pub memory_gib: f64,
    pub arch: Arch,
    pub purchase: Purchase,
    pub gpu: bool,
    /// GPUs per replica, when `gpu` (the cost model's count).
    pub gpus: u32,
    pub privileged: bool,
    pub storage: Storage,
    pub networking: Networking,
    /// The AWS and Google Cloud regions the answers priced.
    pub aws_region: String,
    pub gcp_region: String,
    /// Hours a day the replicas run, as priced (24: always on).
    pub hours_per_day: f64,
    /// The cloud resources' names, within each provider's limits.
    pub names: Names,
    /// The Fargate task size AWS bills for these requests (vCPU, GB).
    pub fargate_size: (f64, f64),
    /// The requests Autopilot bills for them (vCPU, GiB).
    pub autopilot_requests: (f64, f64),
}

/// Where shared files are mounted, on both platforms.
pub(crate) const DATA_DIR: &str = "/data";

/// When a part-day workload starts each day on both platforms, and in which time zone; it stops
/// `hours_per_day` later. DEPLOY.md says how to change them.
pub(crate) const START_HOUR: u32 = 8;
pub(crate) const TIME_ZONE: &str = "Etc/UTC";

/// The lowest port a process that is not root may bind: the samples run as a non-root user.
pub(crate) const MIN_PORT: u16 = 1024;

impl AppSpec {
    /// Reads the application from the answers; `Ok(None)` when the questionnaire does not ask for
    /// what a deployable sample needs (name, image, port, health path, sizing).
    ///
    /// # Errors
    /// Every answer that a target of the samples would refuse, one line each, naming the
    /// question, the value and what would be valid.
    pub(crate) fn from_answers(
        model: &Model,
        assessment: &Assessment,
    ) -> Result<Option<Self>, String> {
        let Some(app) = Self::read(model, assessment) else {
            return Ok(None);
        };
        let problems = app.problems();
        if problems.is_empty() {
            Ok(Some(app))
        } else {
            Err(format!(
                "the answers cannot be deployed as written:\n{}",
                problems.join("\n")
            ))
        }
    }

    fn read(model: &Model, assessment: &Assessment) -> Option<Self> {
        let q = &model.questionnaire;
        let r = &assessment.evaluation.resolved;
        let w: &Workload = assessment.workload.as_ref()?;
        let at = q.deploy_inputs;
        let value = |i: Option<usize>| i.map(|i| &r.values[i]);
        let text = |i: Option<usize>| value(i).and_then(Value::as_text).map(str::to_owned);
        let choice = |i: Option<usize>| {
            i.and_then(|i| r.values[i].as_choice().map(|c| q.questions[i].choice_id(c)))
        };
        let port = value(at.port)?.as_number()?;
        let env = match value(at.env) {
            Some(Value::Map(m)) => m.clone(),
            _ => BTreeMap::new(),
        };
        let names = &model.prices.regions[w.region.index()];
        #[allow(clippy::cast_possible_truncation)] // bounded by the questionnaire: at most 1000
        let round_up = |x: f64| x.ceil().max(1.0) as i32;
        let name = text(at.app_name)?;
        Some(Self {
            names: Names::new(&name),
            name,
            image: text(at.image)?,
            // Out-of-range ports become 0, which `problems` names.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            port: if (1.0..=65535.0).contains(&port) {
                port as u16
            } else {
                0
            },
            health_path: text(at.health_path)?,
            env,
            replicas: round_up(w.replicas),
            peak_replicas: round_up(w.peak_replicas.max(w.replicas)),
            vcpu: w.vcpu,
            memory_gib: w.memory_gib,
            arch: w.arch,
            purchase: w.purchase,
            gpu: choice(at.gpu) == Some("yes"),
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 1 or 2 by validation
            gpus: w.gpus.round().max(0.0) as u32,
            privileged: choice(at.privileged) == Some("yes"),
            storage: match choice(at.storage) {
                Some("shared-files") => Storage::SharedFiles,
                Some("block-volumes") => Storage::BlockVolumes,
                _ => Storage::Stateless,
            },
            networking: match choice(at.networking) {
                Some("service-mesh") => Networking::ServiceMesh,
                Some("custom") => Networking::Custom,
                _ => Networking::Standard,
            },
            hours_per_day: w.hours_per_day,
            aws_region: names.aws.clone(),
            gcp_region: names.gcp.clone(),
            fargate_size: fargate_size(w.vcpu, w.memory_gib).unwrap_or((16.0, 120.0)),
            autopilot_requests: autopilot_requests(w.vcpu, w.memory_gib, &model.prices),
        })
    }

    /// The answers some target of the samples would refuse.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !is_dns1035_label(&self.name) {
            out.push(format!(
                "app_name: '{}' cannot name a Kubernetes Service or an ECS service: use 1 to 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (a DNS-1035 label)",
                self.name
            ));
        }
        if let Some(tag) = image_tag(&self.image)
            && !is_label_value(tag)
        {
            out.push(format!(
                "image: the tag '{tag}' cannot be the Kubernetes label app.kubernetes.io/version: use a tag of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
            ));
        }
        if !is_safe_path(&self.health_path) {
            out.push(format!(
                "health_path: '{}' is not a plain URL path: use '/' followed by letters, digits, '-', '.', '_', '~' and '/' (at most 255 characters)",
                self.health_path
            ));
        }
        if self.port < MIN_PORT {
            out.push(format!(
                "port: {} is below {MIN_PORT}: the samples run as a non-root user, which cannot bind it; use a port from {MIN_PORT} to 65535 (the load balancer still serves port 80)",
                self.port
            ));
        }
        for (key, value) in &self.env {
            if let Some(c) = value.chars().find(|c| c.is_control()) {
                let what = if c == '\n' || c == '\r' {
                    "a line break".to_owned()
                } else {
                    format!("the control character U+{:04X}", u32::from(c))
                };
                out.push(format!(
                    "env.{key}: the value holds {what}; environment values in the samples must be one line of printable text (keep multi-line settings in a secret or a file)"
                ));
            }
        }
        out
    }
}

impl AppSpec {
    /// Whether the image is given by digest (`repo@sha256:...`): deployed as given, never rebuilt.
    #[must_use]
    pub(crate) fn image_by_digest(&self) -> bool {
        self.image.contains('@')
    }

    /// The image a platform pulls: the copy DEPLOY.md pushes to `repository` (a registry path
    /// without tag), with the image's tag; or the image as given when it is pinned by digest.
    #[must_use]
    pub(crate) fn image_in(&self, repository: &str) -> String {
        if self.image_by_digest() {
            self.image.clone()
        } else {
            format!("{repository}:{}", self.push_tag())
        }
    }

    /// The tag the image is pushed with to each cloud's registry (`latest` when it has none).
    #[must_use]
    pub(crate) fn push_tag(&self) -> &str {
        image_tag(&self.image).unwrap_or("latest")
    }

    /// Minutes a day the replicas run, as priced: the stop time is this long after the start.
    #[must_use]
    pub(crate) fn run_minutes(&self) -> u32 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 1440
        let minutes = (self.hours_per_day.clamp(0.0, 24.0) * 60.0).round() as u32;
        minutes
    }

    /// Whether the replicas run only part of the day, as priced.
    #[must_use]
    pub(crate) fn part_day(&self) -> bool {
        self.hours_per_day < 24.0
    }
}

/// The tag of an image reference, if it has one ("repo/app:1.2" -> "1.2"; a registry port is not a tag).
#[must_use]
pub(crate) fn image_tag(image: &str) -> Option<&str> {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    Some(last.split_once(':')?.1)
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A DNS-1035 label: what a Kubernetes Service name must be.
fn is_dns1035_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A Kubernetes label value (non-empty here: an empty tag is not a tag).
fn is_label_value(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.starts_with(is_alnum)
        && s.ends_with(is_alnum)
        && s.chars()
            .all(|c| is_alnum(c) || matches!(c, '-' | '_' | '.'))
}

/// A path that is the same in a URL, an ALB health check and a probe, with nothing to escape.
fn is_safe_path(s: &str) -> bool {
    s.len() <= 255
        && s.starts_with('/')
        && s.chars()
            .all(|c| is_alnum(c) || matches!(c, '-' | '.' | '_' | '~' | '/'))
}

#[cfg(test)]
mod tests {
    use super::{image_tag, is_dns1035_label, is_label_value, is_safe_path};

    #[test]
    fn names_tags_and_paths() {
        assert!(is_dns1035_label("orders-api"));
        assert!(!is_dns1035_label("9lives-api"));
        assert!(!is_dns1035_label("api-"));
        assert!(!is_dns1035_label(&"a".repeat(64)));
        assert_eq!(image_tag("registry:5000/team/app:1.2"), Some("1.2"));
        assert_eq!(image_tag("registry:5000/team/app"), None);
        assert_eq!(image_tag("app:v1@sha256:abc"), Some("v1"));
        assert!(is_label_value("1.2.3_rc1"));
        assert!(!is_label_value("build_"));
        assert!(!is_label_value(&"a".repeat(64)));
        assert!(is_safe_path("/healthz"));
        assert!(is_safe_path("/api/v1/health-check"));
        assert!(!is_safe_path("/x'y"));
        assert!(!is_safe_path("/$(reboot)"));
        assert!(!is_safe_path("healthz"));
    }
}
