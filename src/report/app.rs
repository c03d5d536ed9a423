//! What the deployable samples are made from: the application's answers, read once.

use crate::cost::{Purchase, Workload, autopilot_requests, fargate_size};
use crate::model::{Assessment, Model};
use crate::pricing::Arch;
use crate::value::Value;
use std::collections::BTreeMap;

/// The application as the answers describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppSpec {
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
    pub privileged: bool,
    /// The AWS and Google Cloud regions the answers priced.
    pub aws_region: String,
    pub gcp_region: String,
    /// The Fargate task size AWS bills for these requests (vCPU, GB).
    pub fargate_size: (f64, f64),
    /// The requests Autopilot bills for them (vCPU, GiB).
    pub autopilot_requests: (f64, f64),
}

impl AppSpec {
    /// Reads the application from the answers; `None` when the questionnaire does not ask for
    /// what a deployable sample needs (name, image, port, health path, sizing).
    #[must_use]
    pub fn from_answers(model: &Model, assessment: &Assessment) -> Option<Self> {
        let q = &model.questionnaire;
        let r = &assessment.evaluation.resolved;
        let w: &Workload = assessment.workload.as_ref()?;
        let value = |id: &str| q.question_index(id).map(|i| &r.values[i]);
        let text = |id: &str| value(id).and_then(Value::as_text).map(str::to_owned);
        let yes = |id: &str| {
            q.question_index(id)
                .and_then(|i| {
                    r.values[i]
                        .as_choice()
                        .map(|c| q.questions[i].choice_id(c) == "yes")
                })
                .unwrap_or(false)
        };
        let port = value("port")?.as_number()?;
        let env = match value("env") {
            Some(Value::Map(m)) => m.clone(),
            _ => BTreeMap::new(),
        };
        let names = &model.prices.regions[w.region.index()];
        #[allow(clippy::cast_possible_truncation)] // bounded by the questionnaire: at most 1000
        let round_up = |x: f64| x.ceil().max(1.0) as i32;
        Some(Self {
            name: text("app_name")?,
            image: text("image")?,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 1..=65535 by validation
            port: port as u16,
            health_path: text("health_path")?,
            env,
            replicas: round_up(w.replicas),
            peak_replicas: round_up(w.peak_replicas.max(w.replicas)),
            vcpu: w.vcpu,
            memory_gib: w.memory_gib,
            arch: w.arch,
            purchase: w.purchase,
            gpu: yes("gpu"),
            privileged: yes("privileged"),
            aws_region: names.aws.clone(),
            gcp_region: names.gcp.clone(),
            fargate_size: fargate_size(w.vcpu, w.memory_gib).unwrap_or((16.0, 120.0)),
            autopilot_requests: autopilot_requests(w.vcpu, w.memory_gib, &model.prices),
        })
    }
}
