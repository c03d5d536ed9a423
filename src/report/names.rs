//! The cloud resources' names, made from `app_name` once, each within its provider's limit. A name
//! that would pass the limit keeps as much of `app_name` as fits and ends in a short hash of the
//! whole name, so it is stable from one export to the next and two long names that share a prefix
//! still differ.

use sha2::{Digest, Sha256};

/// Each provider limit the names are held to, as the provider documents it.
pub(crate) mod limit {
    /// GKE: a cluster name is 1 to 40 characters (`gcloud container clusters create`).
    pub const GKE_CLUSTER: usize = 40;
    /// IAM: a role name is at most 64 characters.
    pub const IAM_ROLE: usize = 64;
    /// Elastic Load Balancing: a target group or load balancer name is at most 32 characters.
    pub const ELB: usize = 32;
    /// Artifact Registry: a repository id is at most 63 characters.
    pub const ARTIFACT_REPOSITORY: usize = 63;
    /// EFS: a creation token is at most 64 characters.
    pub const EFS_TOKEN: usize = 64;
    /// Compute Engine: an address or SSL certificate name is at most 63 characters.
    pub const GCE_RESOURCE: usize = 63;
}

/// The names DEPLOY.md and the files use for one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Names {
    pub gke_cluster: String,
    pub task_role: String,
    pub target_group: String,
    pub load_balancer: String,
    /// The ECR repository and the Artifact Registry repository (both at most 63 here).
    pub repository: String,
    pub efs_token: String,
    /// The global address and the Google-managed certificate of the optional HTTPS step on GKE.
    pub gce_address: String,
    pub gce_certificate: String,
    /// Every name that had to be shortened, as (what it names, the name).
    pub shortened: Vec<(&'static str, String)>,
}

impl Names {
    /// The names for `app` (a DNS-1035 label of at most 63 characters, checked by `AppSpec`).
    pub(crate) fn new(app: &str) -> Self {
        let mut shortened = Vec::new();
        let mut name = |what: &'static str, suffix: &str, max: usize| {
            let out = fit(app, suffix, max);
            if out.len() < app.len() + suffix.len() {
                shortened.push((what, out.clone()));
            }
            out
        };
        let gke_cluster = name("the GKE cluster", "-cluster", limit::GKE_CLUSTER);
        let task_role = name("the IAM task role", "-task", limit::IAM_ROLE);
        let target_group = name("the target group", "", limit::ELB);
        let load_balancer = name("the load balancer", "", limit::ELB);
        let repository = name("the image repository", "", limit::ARTIFACT_REPOSITORY);
        let efs_token = name("the EFS creation token", "", limit::EFS_TOKEN);
        let gce_address = name("the HTTPS address", "-ip", limit::GCE_RESOURCE);
        let gce_certificate = name("the HTTPS certificate", "-cert", limit::GCE_RESOURCE);
        // The target group and the load balancer share a name: say it once.
        shortened.dedup_by(|a, b| a.1 == b.1);
        Self {
            gke_cluster,
            task_role,
            target_group,
            load_balancer,
            repository,
            efs_token,
            gce_address,
            gce_certificate,
            shortened,
        }
    }
}

/// `base` + `suffix` when that is at most `max` characters; otherwise as much of `base` as fits,
/// a '-' and the first six hex digits of `base`'s SHA-256, then `suffix`. Never ends in '-'
/// before the suffix, so every name stays a valid label.
#[must_use]
pub(crate) fn fit(base: &str, suffix: &str, max: usize) -> String {
    if base.len() + suffix.len() <= max {
        return format!("{base}{suffix}");
    }
    let digest = Sha256::digest(base.as_bytes());
    let hash = format!("{:02x}{:02x}{:02x}", digest[0], digest[1], digest[2]);
    let keep = max.saturating_sub(suffix.len() + hash.len() + 1);
    let prefix = base
        .get(..keep.min(base.len()))
        .unwrap_or_default()
        .trim_end_matches('-');
    format!("{prefix}-{hash}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::{Names, fit, limit};

    #[test]
    fn short_names_are_kept_and_long_ones_fit_stably() {
        let short = Names::new("orders-api");
        assert_eq!(short.gke_cluster, "orders-api-cluster");
        assert_eq!(short.task_role, "orders-api-task");
        assert!(short.shortened.is_empty());

        let long = "a".repeat(30) + "-billing-reconciliation-service";
        assert_eq!(long.len(), 61);
        let names = Names::new(&long);
        assert!(names.gke_cluster.len() <= limit::GKE_CLUSTER);
        assert!(names.gke_cluster.ends_with("-cluster"));
        assert!(names.task_role.len() <= limit::IAM_ROLE);
        assert!(names.target_group.len() <= limit::ELB);
        assert_eq!(names, Names::new(&long), "the same name every time");
        // Two long names that share their first 32 characters still differ.
        let other = "a".repeat(30) + "-billing-reconciliation-servic2";
        assert_ne!(Names::new(&other).gke_cluster, names.gke_cluster);
        assert!(
            names
                .shortened
                .iter()
                .any(|(what, _)| *what == "the GKE cluster")
        );
        // A prefix that would end in '-' drops it: no "--".
        let dashed = fit("abcd-efgh-ijkl", "", 12);
        assert!(!dashed.contains("--"), "{dashed}");
        assert!(dashed.len() <= 12);
        for n in [33, 40, 59, 60, 63] {
            let name = "b".repeat(n);
            let names = Names::new(&name);
            assert!(names.gke_cluster.len() <= limit::GKE_CLUSTER, "{n}");
            assert!(names.task_role.len() <= limit::IAM_ROLE, "{n}");
            assert!(names.load_balancer.len() <= limit::ELB, "{n}");
        }
    }
}
