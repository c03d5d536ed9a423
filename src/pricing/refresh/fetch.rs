//! Where the providers' price files are read from: their HTTPS endpoints (base URLs overridable
//! for tests and mirrors) or a folder holding the same files. Every read is bounded.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::PathBuf;

/// The most any one price file may hold. AWS's regional offer files for the services read here are
/// far smaller; a larger body is refused, not read on.
pub(crate) const MAX_BODY_BYTES: u64 = 1024 * 1024 * 1024;

pub(crate) const AWS_PRICING_URL: &str = "https://pricing.us-east-1.amazonaws.com";
/// The feed the AWS Fargate pricing page reads its Spot prices from: undocumented.
pub(crate) const AWS_SPOT_URL: &str =
    "https://dftu77xade0tc.cloudfront.net/fargate-spot-prices.json";
pub(crate) const GCP_BILLING_URL: &str = "https://cloudbilling.googleapis.com";

/// Whose server a path is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The AWS Price List bulk files: a path such as `/offers/v1.0/aws/index.json`.
    Aws,
    /// The Fargate Spot feed: one file, the path is ignored.
    AwsSpot,
    /// The Cloud Billing Catalog: `/v1/services/ID/skus`, with a page token.
    Google,
}

/// One file to read: where, and for Google's paged lists, which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request<'a> {
    pub origin: Origin,
    pub path: &'a str,
    pub page_token: Option<&'a str>,
}

/// Reads the providers' files, from the network or a folder.
pub enum Fetcher {
    Http {
        agent: ureq::Agent,
        aws: String,
        spot: String,
        google: String,
        google_key: Option<String>,
    },
    /// `--from DIR`: `DIR/aws/<path>`, `DIR/aws-spot/fargate-spot-prices.json`, and
    /// `DIR/gcp/<path>.json` (`<path>-<page token>.json` for later pages).
    Dir(PathBuf),
}

impl Fetcher {
    /// The network, with the base URLs from `TRADEOFF_AWS_PRICING_URL`, `TRADEOFF_AWS_SPOT_URL`
    /// and `TRADEOFF_GCP_BILLING_URL` where set, and the Catalog's key from
    /// `GCP_BILLING_API_KEY`. The client honours `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`.
    #[must_use]
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(120)))
            .user_agent(concat!("tradeoff/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Self::Http {
            agent,
            aws: var("TRADEOFF_AWS_PRICING_URL", AWS_PRICING_URL),
            spot: var("TRADEOFF_AWS_SPOT_URL", AWS_SPOT_URL),
            google: var("TRADEOFF_GCP_BILLING_URL", GCP_BILLING_URL),
            google_key: std::env::var("GCP_BILLING_API_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty()),
        }
    }

    /// Whether Google's Catalog can be read: with a key, or from a folder that holds it.
    #[must_use]
    pub(crate) fn google_readable(&self) -> bool {
        match self {
            Self::Http { google_key, .. } => google_key.is_some(),
            Self::Dir(dir) => dir.join("gcp").is_dir(),
        }
    }

    /// Where a request goes, as the summary names it (no API key in it).
    #[must_use]
    pub(crate) fn describe(&self, r: &Request<'_>) -> String {
        match self {
            Self::Http {
                aws, spot, google, ..
            } => match r.origin {
                Origin::Aws => format!("{}{}", aws.trim_end_matches('/'), r.path),
                Origin::AwsSpot => spot.clone(),
                Origin::Google => format!("{}{}", google.trim_end_matches('/'), r.path),
            },
            Self::Dir(_) => self.file(r).display().to_string(),
        }
    }

    fn file(&self, r: &Request<'_>) -> PathBuf {
        let Self::Dir(dir) = self else {
            return PathBuf::new();
        };
        let rel = r.path.trim_start_matches('/');
        match r.origin {
            Origin::Aws => dir.join("aws").join(rel),
            Origin::AwsSpot => dir.join("aws-spot").join("fargate-spot-prices.json"),
            Origin::Google => {
                let page = r.page_token.map_or(String::new(), |t| format!("-{t}"));
                dir.join("gcp").join(format!("{rel}{page}.json"))
            }
        }
    }

    /// The body of one file, as a bounded reader.
    ///
    /// # Errors
    /// The file cannot be had: not found, refused, a network error, or not a regular file.
    pub(crate) fn open(&self, r: &Request<'_>) -> Result<Box<dyn Read + Send>> {
        let shown = self.describe(r);
        if r.origin != Origin::AwsSpot && path_is_unsafe(r.path) {
            bail!("{shown}: refused: the path leaves the price list's server");
        }
        match self {
            Self::Dir(_) => {
                let path = self.file(r);
                let meta =
                    std::fs::metadata(&path).with_context(|| format!("{shown}: cannot read"))?;
                if !meta.is_file() {
                    bail!("{shown}: not a regular file");
                }
                let f =
                    std::fs::File::open(&path).with_context(|| format!("{shown}: cannot open"))?;
                Ok(Box::new(f.take(MAX_BODY_BYTES)))
            }
            Self::Http {
                agent, google_key, ..
            } => {
                let mut req = agent.get(&shown);
                if r.origin == Origin::Google {
                    req = req.query("currencyCode", "USD").query("pageSize", "5000");
                    if let Some(t) = r.page_token {
                        req = req.query("pageToken", t);
                    }
                    if let Some(k) = google_key {
                        req = req.query("key", k);
                    }
                }
                let resp = req.call().map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
                Ok(Box::new(
                    resp.into_body().into_reader().take(MAX_BODY_BYTES),
                ))
            }
        }
    }

    /// Parses one file as JSON into `T`, streaming: only what `T` keeps is held in memory.
    ///
    /// # Errors
    /// The file cannot be had, or is not the JSON shape `T` reads.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self, r: &Request<'_>) -> Result<T> {
        let reader = std::io::BufReader::with_capacity(256 * 1024, self.open(r)?);
        serde_json::from_reader(reader)
            .with_context(|| format!("{}: not the expected price-list JSON", self.describe(r)))
    }
}

/// A path from a price-list index must stay on its server: an absolute path, without `..` or a
/// scheme. Anything else is refused, so an index cannot send the client elsewhere.
fn path_is_unsafe(path: &str) -> bool {
    !path.starts_with('/')
        || path.starts_with("//")
        || path.contains("..")
        || path.contains("://")
        || path.contains(['\\', '?', '#', ' '])
}

#[cfg(test)]
mod tests {
    use super::path_is_unsafe;

    #[test]
    fn index_paths_stay_on_the_server() {
        assert!(!path_is_unsafe(
            "/offers/v1.0/aws/AmazonECS/20260911124425/us-east-1/index.json"
        ));
        for bad in [
            "https://evil.example/x.json",
            "//evil.example/x",
            "/offers/../../etc/passwd",
            "offers/v1.0",
            "/x?y=1",
        ] {
            assert!(path_is_unsafe(bad), "{bad}");
        }
    }
}
