//! The questionnaire model: options, sections and questions, validated and resolved to indices.

mod builtin;
mod lint;
mod load;
mod raw;
mod synthetic;
mod values;

pub(crate) use values::describe;

pub use builtin::{BUILTIN, builtin, is_builtin, resolve};

/// The questionnaire the explorer opens when none is named: the bundled document's.
pub(crate) const DEFAULT: &str = "fargate-vs-gke";
pub use load::{check, parse};
pub use synthetic::synthetic;

use crate::condition::Condition;
use crate::value::Value;
use regex::Regex;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub source: Option<SourceDoc>,
    pub options: Vec<OptionDef>,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    /// Where the cost models read their inputs; present when any option has a cost model.
    pub cost_inputs: Option<CostInputs>,
    /// Where the deployable samples read theirs, found when the questionnaire is loaded.
    pub deploy_inputs: DeployInputs,
    /// What the decision is about, in the record's words ("which platform runs a Python
    /// workload"); by default, "between" and the options' names.
    pub subject: String,
    /// The problem as the record asks it; by default "Which option should we choose?".
    pub problem: String,
    /// How to confirm the decision, whichever option is chosen.
    pub follow_up: Vec<String>,
    /// The file's text when it was read from a file rather than bundled: an export copies it
    /// beside its answers so that they replay.
    pub file_text: Option<String>,
}

/// The questions the deployable samples read, by index: found by id when the questionnaire is
/// loaded (as [`CostInputs`] are), so the samples read values, not ids. `None` where the
/// questionnaire does not ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeployInputs {
    pub app_name: Option<usize>,
    pub image: Option<usize>,
    pub port: Option<usize>,
    pub health_path: Option<usize>,
    pub env: Option<usize>,
    pub gpu: Option<usize>,
    pub privileged: Option<usize>,
    pub storage: Option<usize>,
    pub networking: Option<usize>,
}

impl DeployInputs {
    /// The question ids, in field order: the one list of them.
    pub const IDS: [&'static str; 9] = [
        "app_name",
        "image",
        "port",
        "health_path",
        "env",
        "gpu",
        "privileged",
        "storage",
        "networking",
    ];

    pub(crate) fn find(questions: &[Question]) -> Self {
        let [
            app_name,
            image,
            port,
            health_path,
            env,
            gpu,
            privileged,
            storage,
            networking,
        ] = Self::IDS.map(|id| questions.iter().position(|q| q.id == id));
        Self {
            app_name,
            image,
            port,
            health_path,
            env,
            gpu,
            privileged,
            storage,
            networking,
        }
    }

    /// Every deployment question the questionnaire has.
    pub(crate) fn questions(self) -> impl Iterator<Item = usize> {
        [
            self.app_name,
            self.image,
            self.port,
            self.health_path,
            self.env,
            self.gpu,
            self.privileged,
            self.storage,
            self.networking,
        ]
        .into_iter()
        .flatten()
    }
}

/// The questions the cost models read, by index. The loader checks they exist with the right
/// kinds and choice ids whenever an option names a cost model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostInputs {
    pub services: usize,
    pub replicas: usize,
    pub peak_replicas: usize,
    pub vcpu: usize,
    pub memory_gib: usize,
    pub hours_per_day: usize,
    pub region: usize,
    pub arch: usize,
    pub purchase: usize,
    /// Optional: a `gpu` choice question with a `yes` choice, and a `gpu_count` number question
    /// (GPUs per replica, 1 without it).
    pub gpu: Option<usize>,
    pub gpu_count: Option<usize>,
    /// Optional: `gke_free_tier`, a choice question whose `yes` says the billing account's GKE
    /// free-tier credit is this cluster's (assumed when the question is absent).
    pub free_tier: Option<usize>,
    /// Optional: `sustained_use`, a choice question whose `yes` says Compute Engine's
    /// sustained-use discounts reach the billing account (assumed when absent).
    pub sustained_use: Option<usize>,
}

impl CostInputs {
    /// Every question the cost models read.
    pub(crate) fn questions(self) -> impl Iterator<Item = usize> {
        [
            self.services,
            self.replicas,
            self.peak_replicas,
            self.vcpu,
            self.memory_gib,
            self.hours_per_day,
            self.region,
            self.arch,
            self.purchase,
        ]
        .into_iter()
        .chain(self.gpu)
        .chain(self.gpu_count)
        .chain(self.free_tier)
        .chain(self.sustained_use)
    }

    /// The largest `max` each of [`Self::NUMBERS`] may have: any answer within them prices
    /// below `cost::MAX_BILL`, and every count × price stays an exact figure.
    pub(crate) const NUMBER_CAPS: [f64; 6] = [10_000.0, 100_000.0, 100_000.0, 192.0, 1536.0, 24.0];
    /// The largest `max` of `gpu_count`.
    pub(crate) const GPU_COUNT_CAP: f64 = 16.0;

    /// Number questions, then choice questions with the choice ids each must offer.
    pub const NUMBERS: [&'static str; 6] = [
        "services",
        "replicas",
        "peak_replicas",
        "vcpu",
        "memory_gib",
        "hours_per_day",
    ];
    pub(crate) const CHOICES: [(&'static str, &'static [&'static str]); 3] = [
        ("region", &Self::REGIONS),
        ("arch", &Self::ARCHES),
        ("purchase", &Self::PURCHASES),
    ];
    /// The choice ids of the cost questions, in the order of `pricing::Region`,
    /// `pricing::Arch` and `cost::Purchase`, whose ids these are: the one list of each.
    pub(crate) const REGIONS: [&'static str; 3] = ["us", "eu", "asia"];
    pub(crate) const ARCHES: [&'static str; 2] = ["x86", "arm"];
    pub(crate) const PURCHASES: [&'static str; 4] = ["on-demand", "spot", "commit-1y", "commit-3y"];
}

/// The document a questionnaire's content comes from.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub title: String,
    pub url: Option<String>,
    /// Section headings a question's `cite` may name.
    pub sections: Vec<String>,
}

/// One of the alternatives being decided between.
#[derive(Debug, Clone)]
pub struct OptionDef {
    pub id: String,
    pub name: String,
    /// A few words for narrow places (the flips panel, the chart's legend, tables).
    pub short: String,
    pub summary: Option<String>,
    pub artifact: Artifact,
    pub cost_model: Option<CostModel>,
    /// How to confirm the decision once this option is chosen.
    pub follow_up: Vec<String>,
}

/// Which deployable sample an option exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Artifact {
    Ecs,
    Kubernetes,
    None,
}

/// Which cost model prices an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostModel {
    Fargate,
    GkeAutopilot,
    GkeStandard,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub section: usize,
    pub prompt: String,
    /// A short name for the criterion, for reports; the prompt when the file gives none.
    pub driver: String,
    pub help: String,
    /// The section of the source document the help text comes from.
    pub cite: Option<String>,
    /// Multiplier on every point of this question (the user's `[weights]` multiply it again).
    pub weight: f64,
    pub show_if: Option<Condition>,
    /// The condition as written, for display.
    pub show_if_text: Option<String>,
    /// Questions `show_if` reads: when one is hidden, so is this one.
    pub depends_on: Vec<usize>,
    pub kind: Kind,
    pub default: Value,
    /// Lowest and highest points any answer can give any option, before weighting.
    pub range: (f64, f64),
    /// A choice question whose choices form a scale, in order: a room's consensus takes the
    /// median answer rather than the most frequent one.
    pub ordered: bool,
}

/// A label in a few words: up to its first colon outside brackets ("None: stateless, data lives
/// in managed services" reads "None"), else the whole label. Never cut at a comma, which would
/// cut mid-clause ("AWS, and contracts forbid data leaving AWS"), nor inside brackets.
#[must_use]
pub fn short_label(label: &str) -> String {
    let mut depth = 0_i32;
    for (at, c) in label.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ':' if depth == 0 => {
                let head = label[..at].trim();
                if !head.is_empty() {
                    return head.to_owned();
                }
            }
            _ => {}
        }
    }
    label.trim().to_owned()
}

#[derive(Debug, Clone)]
pub enum Kind {
    Choice(Vec<Choice>),
    Multi(Vec<Choice>),
    Number(NumberSpec),
    Text(TextSpec),
    KeyValue(KeyValueSpec),
}

impl Kind {
    #[must_use]
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Choice(_) => "choice",
            Self::Multi(_) => "multi",
            Self::Number(_) => "number",
            Self::Text(_) => "text",
            Self::KeyValue(_) => "key-value",
        }
    }

    #[must_use]
    pub(crate) fn choices(&self) -> &[Choice] {
        match self {
            Self::Choice(c) | Self::Multi(c) => c,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// A few words for narrow places: the `short` the file gives, or [`short_label`].
    pub short: String,
    pub help: Option<String>,
    /// Points per option, indexed like `Questionnaire::options`.
    pub points: Vec<f64>,
    /// Hard constraints: options this answer rules out, with the reason.
    pub excludes: Vec<(usize, String)>,
    /// Points shared out by monthly cost: the cheapest option gets all of them, and an option
    /// loses them in proportion to how much dearer it is, all of them at `cost_gap`.
    pub cost_points: f64,
    /// The premium over the cheapest (0.5 = 50% dearer) at which an option has no cost points.
    pub cost_gap: f64,
}

#[derive(Debug, Clone)]
pub struct NumberSpec {
    pub min: f64,
    pub max: f64,
    /// The answer must be strictly greater than `min`.
    pub exclusive_min: bool,
    pub step: f64,
    pub integer: bool,
    pub unit: Option<String>,
    /// An earlier number question this one may not be below.
    pub at_least: Option<usize>,
}

impl NumberSpec {
    /// Why `n` is not a valid answer, if it is not.
    #[must_use]
    pub(crate) fn problem(&self, n: f64) -> Option<String> {
        let range = self.describe();
        if !n.is_finite() {
            return Some(format!("must be a finite number ({range})"));
        }
        if self.integer && n.fract() != 0.0 {
            return Some(format!("must be a whole number ({range})"));
        }
        let low = if self.exclusive_min {
            n <= self.min
        } else {
            n < self.min
        };
        if low || n > self.max {
            return Some(format!("is out of range ({range})"));
        }
        None
    }

    /// "a whole number from 1 to 500", "a number above 0 and at most 64 GiB".
    #[must_use]
    pub(crate) fn describe(&self) -> String {
        let what = if self.integer {
            "a whole number"
        } else {
            "a number"
        };
        let unit = self
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" {u}"));
        if self.exclusive_min {
            format!("{what} above {} and at most {}{unit}", self.min, self.max)
        } else {
            format!("{what} from {} to {}{unit}", self.min, self.max)
        }
    }
}

#[derive(Debug, Clone)]
pub struct TextSpec {
    /// Anchored: the whole answer must match.
    pub pattern: Option<Regex>,
    /// What the pattern means, in words, for error messages.
    pub hint: Option<String>,
    pub max_length: usize,
}

impl TextSpec {
    #[must_use]
    pub(crate) fn problem(&self, s: &str) -> Option<String> {
        if s.chars().count() > self.max_length {
            return Some(format!("is longer than {} characters", self.max_length));
        }
        if s.chars().any(crate::text::is_unsafe) {
            return Some("contains a control character".to_owned());
        }
        match &self.pattern {
            Some(re) if !re.is_match(s) => Some(format!(
                "is not {}",
                self.hint
                    .clone()
                    .unwrap_or_else(|| format!("matched by the pattern '{}'", re.as_str()))
            )),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct KeyValueSpec {
    pub key_pattern: Option<Regex>,
    pub key_hint: Option<String>,
    pub max_entries: usize,
}

impl KeyValueSpec {
    #[must_use]
    pub(crate) fn problem(&self, map: &BTreeMap<String, String>) -> Option<String> {
        if map.len() > self.max_entries {
            return Some(format!("has more than {} entries", self.max_entries));
        }
        for (k, v) in map {
            if k.chars().any(crate::text::is_unsafe) {
                return Some(format!(
                    "has the key {}, which holds a control character",
                    crate::diagnostic::quote(k)
                ));
            }
            if let Some(re) = &self.key_pattern
                && !re.is_match(k)
            {
                let hint = self
                    .key_hint
                    .clone()
                    .unwrap_or_else(|| format!("matched by the pattern '{}'", re.as_str()));
                return Some(format!(
                    "has the key {}, which is not {hint}",
                    crate::diagnostic::quote(k)
                ));
            }
            if v.chars().any(crate::text::is_unsafe) {
                return Some(format!(
                    "has a control character in the value of {}",
                    crate::diagnostic::quote(k)
                ));
            }
        }
        None
    }
}

impl Questionnaire {
    /// Makes every text from the file safe to print (see [`crate::text::clean`]).
    pub(crate) fn sanitize(&mut self) {
        use crate::text::{sanitize, sanitize_lines};
        sanitize(&mut self.title);
        sanitize(&mut self.version);
        sanitize(&mut self.subject);
        sanitize(&mut self.problem);
        self.follow_up.iter_mut().for_each(sanitize);
        if let Some(d) = &mut self.description {
            sanitize_lines(d);
        }
        if let Some(src) = &mut self.source {
            sanitize(&mut src.title);
            src.url.iter_mut().for_each(sanitize);
            src.sections.iter_mut().for_each(sanitize);
        }
        for o in &mut self.options {
            sanitize(&mut o.name);
            sanitize(&mut o.short);
            o.summary.iter_mut().for_each(sanitize_lines);
            o.follow_up.iter_mut().for_each(sanitize);
        }
        for s in &mut self.sections {
            sanitize(&mut s.title);
        }
        for q in &mut self.questions {
            sanitize(&mut q.prompt);
            sanitize(&mut q.driver);
            sanitize_lines(&mut q.help);
            q.cite.iter_mut().for_each(sanitize);
            q.show_if_text.iter_mut().for_each(sanitize);
            for c in match &mut q.kind {
                Kind::Choice(c) | Kind::Multi(c) => c.as_mut_slice(),
                _ => &mut [],
            } {
                sanitize(&mut c.label);
                sanitize(&mut c.short);
                c.help.iter_mut().for_each(sanitize_lines);
                for (_, reason) in &mut c.excludes {
                    sanitize(reason);
                }
            }
            match &mut q.kind {
                Kind::Number(n) => n.unit.iter_mut().for_each(sanitize),
                Kind::Text(t) => t.hint.iter_mut().for_each(sanitize),
                Kind::KeyValue(k) => k.key_hint.iter_mut().for_each(sanitize),
                Kind::Choice(_) | Kind::Multi(_) => {}
            }
            // A default text answer was checked against the pattern; defaults of key/value
            // questions are refused below when they hold control characters.
        }
    }

    #[must_use]
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    #[must_use]
    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }

    #[must_use]
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl Question {
    /// Whether an answer to this question can give cost points: its points are spoken of as
    /// cost, with the bills, rather than as an answer.
    #[must_use]
    pub(crate) fn weighs_cost(&self) -> bool {
        self.kind.choices().iter().any(|c| c.cost_points > 0.0)
    }

    /// The choice index with this id.
    #[must_use]
    pub fn choice_index(&self, id: &str) -> Option<usize> {
        self.kind.choices().iter().position(|c| c.id == id)
    }
}

#[cfg(test)]
mod short_tests {
    use super::short_label;

    #[test]
    fn a_short_label_never_cuts_mid_clause_or_inside_brackets() {
        assert_eq!(
            short_label("None: stateless, data lives in managed services"),
            "None"
        );
        assert_eq!(
            short_label("AWS, and contracts forbid data leaving AWS"),
            "AWS, and contracts forbid data leaving AWS"
        );
        assert_eq!(
            short_label("A service mesh (Istio, Linkerd)"),
            "A service mesh (Istio, Linkerd)"
        );
        assert_eq!(short_label("Ratio (a:b): the rest"), "Ratio (a:b)");
        assert_eq!(
            short_label(": starts with a colon"),
            ": starts with a colon"
        );
    }
}
