//! `tradeoff prices refresh` against recorded price-list files in the providers' shapes
//! (`tests/fixtures/prices`), served from 127.0.0.1 on a port the system picks, and read from a
//! folder with `--from`. No test reaches a real price list.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prices")
}

/// A copy of the fixtures to change, less the folders named.
fn copy_fixtures(to: &Path, without: &[&str]) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    copy(&fixtures(), to);
    for w in without {
        std::fs::remove_dir_all(to.join(w)).unwrap();
    }
}

/// A static file server for a folder on 127.0.0.1, port 0: `/gcp/...` paths answer Google's
/// paging (`pageToken` picks `skus-TOKEN.json`) and need `key=KEY`. It stops when dropped.
struct Server {
    http: std::sync::Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    port: u16,
}

impl Server {
    fn start(root: PathBuf, key: &'static str) -> Self {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let url = req.url().to_owned();
                let (path, query) = url.split_once('?').unwrap_or((&url, ""));
                let param = |name: &str| {
                    query
                        .split('&')
                        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                        .map(str::to_owned)
                };
                let rel = path.trim_start_matches('/');
                let file = if rel.starts_with("gcp/") {
                    if param("key").as_deref() != Some(key) {
                        let _ = req.respond(tiny_http::Response::empty(403));
                        continue;
                    }
                    let page = param("pageToken").map_or(String::new(), |t| format!("-{t}"));
                    root.join(format!("{rel}{page}.json"))
                } else {
                    root.join(rel)
                };
                let _ = match std::fs::read(&file) {
                    Ok(body) if !rel.contains("..") => {
                        req.respond(tiny_http::Response::from_data(body))
                    }
                    _ => req.respond(tiny_http::Response::empty(404)),
                };
            }
        });
        Self {
            http: server,
            thread: Some(thread),
            port,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `tradeoff` with the price lists at the server, and nothing from the caller's environment
/// that would send it elsewhere.
fn tradeoff(server: &Server, cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tradeoff").unwrap();
    cmd.current_dir(cwd)
        .env("TRADEOFF_AWS_PRICING_URL", server.url("/aws"))
        .env(
            "TRADEOFF_AWS_SPOT_URL",
            server.url("/aws-spot/fargate-spot-prices.json"),
        )
        .env("TRADEOFF_GCP_BILLING_URL", server.url("/gcp"))
        .env_remove("GCP_BILLING_API_KEY");
    for proxy in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The Fargate bill in `recommendation.json` for the defaults (us, x86, on-demand) priced by
/// `book`.
fn fargate_bill(dir: &Path, book: &Path) -> Value {
    let answers = dir.join("answers.toml");
    std::fs::write(&answers, "questionnaire = \"fargate-vs-gke\"\n[answers]\n").unwrap();
    let out = dir.join("bundle");
    Command::cargo_bin("tradeoff")
        .unwrap()
        .args(["report", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .arg("--pricing")
        .arg(book)
        .assert()
        .success();
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("recommendation.json")).unwrap())
            .unwrap();
    json["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "ecs-fargate")
        .unwrap()
        .clone()
}

fn item(option: &Value, name: &str) -> (f64, String) {
    let i = option["cost_breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == name)
        .unwrap();
    (
        i["monthly_usd"].as_f64().unwrap(),
        i["detail"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn a_served_aws_tree_becomes_a_price_book_that_bills_the_served_rates() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(fixtures(), "unused");
    let out = tradeoff(&server, tmp.path())
        .args(["prices", "refresh", "--out", "book.toml"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("fargate.prices.us.x86_vcpu_hour: 0.04048 → 0.04112 (+1.6%)"),
        "{text}"
    );
    assert!(text.contains("SKU 8CESGAFWKAJ98PME"), "{text}");
    // Without a key, Google's figures are kept, and the summary says why.
    assert!(
        text.contains("every Google Cloud figure: GCP_BILLING_API_KEY is not set"),
        "{text}"
    );
    let book = tmp.path().join("book.toml");
    Command::cargo_bin("tradeoff")
        .unwrap()
        .arg("check")
        .arg(&book)
        .assert()
        .success()
        .stdout(predicates::str::contains("OK (price book as of"));
    let written = std::fs::read_to_string(&book).unwrap();
    assert!(
        written.contains("source = \"aws-offer-ecs\", as_of = \"2026-11-20\""),
        "{written}"
    );
    // The Savings Plans join on the on-demand SKU: 1 - 0.032896 / 0.04112 = 0.2.
    assert!(written.contains("savings_plan_1y = { value = 0.2, source = \"aws-savings-plans\""));
    // The report bills Fargate at exactly the served rates: 3 services × 2 tasks × 730 h.
    let fargate = fargate_bill(tmp.path(), &book);
    let (vcpu, detail) = item(&fargate, "Fargate vCPU");
    assert!(detail.contains("$0.04112/vCPU-h"), "{detail}");
    assert!((vcpu - (4380.0_f64 * 0.5 * 0.04112 * 100.0).round() / 100.0).abs() < 1e-9);
    let (memory, detail) = item(&fargate, "Fargate memory");
    assert!(detail.contains("$0.004515/GB-h"), "{detail}");
    assert!((memory - (4380.0_f64 * 1.0 * 0.004_515 * 100.0).round() / 100.0).abs() < 1e-9);
}

#[test]
fn missing_spot_and_load_balancer_files_keep_their_figures_and_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("served");
    copy_fixtures(&root, &["aws-spot", "aws/offers/v1.0/aws/AWSELB", "gcp"]);
    let server = Server::start(root, "unused");
    let out = tradeoff(&server, tmp.path())
        .args(["prices", "refresh", "--regions", "us,eu"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("the Fargate Spot rates: the Spot feed could not be read"),
        "{text}"
    );
    assert!(
        text.contains("the AWSELB figures: its region index could not be read"),
        "{text}"
    );
    // Asia was not asked for, so nothing of it is read or named.
    assert!(!text.contains("prices.asia"), "{text}");
    let today = jiff::Zoned::now().date();
    let book = std::fs::read_to_string(tmp.path().join(format!("pricing-{today}.toml"))).unwrap();
    // The load balancer's figure is the bundled one, with its old source.
    assert!(
        book.contains("hour = { value = 0.0225, source = \"elb-pricing\""),
        "{book}"
    );
}

#[test]
fn google_pages_are_joined_with_the_key_and_the_mcpu_price_is_scaled() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(fixtures(), "test-key");
    let out = tradeoff(&server, tmp.path())
        .env("GCP_BILLING_API_KEY", "test-key")
        .args(["prices", "refresh", "--regions", "us", "--out", "g.toml"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let book = std::fs::read_to_string(tmp.path().join("g.toml")).unwrap();
    let parsed = tradeoff::pricing::parse("g.toml", &book).unwrap();
    let machine = |name: &str| {
        parsed
            .machines
            .iter()
            .find(|m| m.name == name)
            .unwrap()
            .hourly[0]
            .clone()
            .unwrap()
    };
    // E2 from the first page: 2 × 0.021811 + 8 × 0.002923; N2 from the page the token names.
    assert!((machine("e2-standard-2").value - (2.0 * 0.021_811 + 8.0 * 0.002_923)).abs() < 1e-12);
    let n2 = machine("n2-standard-4");
    assert!((n2.value - (4.0 * 0.031_611 + 16.0 * 0.004_237)).abs() < 1e-12);
    assert_eq!(
        n2.source,
        parsed
            .sources
            .iter()
            .position(|s| s.id == "gcp-billing-catalog")
            .unwrap()
    );
    // The Autopilot CPU SKU is per mCPU: 0.0000445 × 1000.
    let ap = &parsed.autopilot.regions[0];
    assert!(
        (ap.vcpu_hour.value - 0.0445).abs() < 1e-12,
        "{}",
        ap.vcpu_hour.value
    );
    assert!(text.contains("autopilot.prices.us.vcpu_hour"), "{text}");
    // A wrong key is a refused request: Google's figures are kept, AWS's still read.
    let out = tradeoff(&server, tmp.path())
        .env("GCP_BILLING_API_KEY", "wrong")
        .args(["prices", "refresh", "--regions", "us", "--out", "w.toml"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("the Compute Engine SKUs could not be read"),
        "{text}"
    );
    assert!(text.contains("403"), "{text}");
}

#[test]
fn from_a_folder_the_same_files_give_the_same_book() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(fixtures(), "k");
    tradeoff(&server, tmp.path())
        .env("GCP_BILLING_API_KEY", "k")
        .args(["prices", "refresh", "--out", "served.toml"])
        .assert()
        .success();
    Command::cargo_bin("tradeoff")
        .unwrap()
        .current_dir(tmp.path())
        .args(["prices", "refresh", "--out", "folder.toml", "--from"])
        .arg(fixtures())
        .assert()
        .success();
    let read = |f: &str| std::fs::read_to_string(tmp.path().join(f)).unwrap();
    assert_eq!(read("served.toml"), read("folder.toml"));
}

#[test]
fn an_ambiguous_usage_type_keeps_the_old_figure_and_names_the_prices() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("files");
    copy_fixtures(&root, &["gcp"]);
    // A second SKU with the same usage type at another price.
    let offer = root.join("aws/offers/v1.0/aws/AmazonECS/20261120103012/us-east-1/index.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&offer).unwrap()).unwrap();
    let mut product = json["products"]["PBZNQUSEXZUC34C9"].clone();
    product["sku"] = "ZZZZTWINSKU00001".into();
    json["products"]["ZZZZTWINSKU00001"] = product;
    let mut term = json["terms"]["OnDemand"]["PBZNQUSEXZUC34C9"].clone();
    let dims = term["PBZNQUSEXZUC34C9.JRTCKXETXF"]["priceDimensions"]
        .as_object_mut()
        .unwrap();
    for d in dims.values_mut() {
        d["pricePerUnit"]["USD"] = "0.0050000000".into();
    }
    json["terms"]["OnDemand"]["ZZZZTWINSKU00001"] = term;
    std::fs::write(&offer, serde_json::to_string(&json).unwrap()).unwrap();
    let out = Command::cargo_bin("tradeoff")
        .unwrap()
        .current_dir(tmp.path())
        .args([
            "prices",
            "refresh",
            "--regions",
            "us",
            "--out",
            "b.toml",
            "--from",
        ])
        .arg(&root)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("fargate.prices.us.x86_gb_hour: ambiguous: usage type *Fargate-GB-Hours in us-east-1 has 2 prices: 0.004515 (SKU PBZNQUSEXZUC34C9), 0.005 (SKU ZZZZTWINSKU00001)"),
        "{text}"
    );
    let book = std::fs::read_to_string(tmp.path().join("b.toml")).unwrap();
    assert!(
        book.contains("x86_gb_hour = { value = 0.004445, source = \"vantage\""),
        "{book}"
    );
}

#[test]
fn nothing_read_means_no_book_and_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::cargo_bin("tradeoff")
        .unwrap()
        .current_dir(tmp.path())
        .args(["prices", "refresh", "--out", "b.toml", "--from"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("the offer index could not be read"), "{text}");
    assert!(text.contains("no price book written"), "{text}");
    assert!(!tmp.path().join("b.toml").exists());
}

#[test]
fn the_base_book_is_never_edited_in_place_and_an_existing_file_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("ours.toml");
    std::fs::write(&base, tradeoff::pricing::BUILTIN).unwrap();
    Command::cargo_bin("tradeoff")
        .unwrap()
        .args(["prices", "refresh", "--pricing"])
        .arg(&base)
        .arg("--out")
        .arg(&base)
        .arg("--from")
        .arg(fixtures())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "never edits a price book in place",
        ));
    assert_eq!(
        std::fs::read_to_string(&base).unwrap(),
        tradeoff::pricing::BUILTIN
    );
    let other = tmp.path().join("other.toml");
    std::fs::write(&other, "mine").unwrap();
    Command::cargo_bin("tradeoff")
        .unwrap()
        .args(["prices", "refresh", "--out"])
        .arg(&other)
        .arg("--from")
        .arg(fixtures())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");
}

#[test]
fn an_index_cannot_send_the_client_to_another_server() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("files");
    copy_fixtures(&root, &["gcp"]);
    let index = root.join("aws/offers/v1.0/aws/index.json");
    let text = std::fs::read_to_string(&index).unwrap().replace(
        "\"/offers/v1.0/aws/AWSELB/current/region_index.json\"",
        "\"https://attacker.example/x.json\"",
    );
    std::fs::write(&index, text).unwrap();
    let server = Server::start(root, "k");
    let out = tradeoff(&server, tmp.path())
        .args(["prices", "refresh", "--regions", "us"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("the AWSELB figures: its region index could not be read")
            && text.contains("refused: the path leaves the price list's server"),
        "{text}"
    );
}
