//! DEPLOY.md followed as written. Every `sh` block of each part runs, in order, in one shell:
//!
//! - the AWS part against moto in server mode on 127.0.0.1 (a port the system picks), from an
//!   empty account, with the AWS CLI v1 that `.ci/run` installs and only DEPLOY.md's own
//!   placeholders; afterwards moto must hold the network, roles, log group, image, task
//!   definition, target group, service and scaling that the bundle describes;
//! - the GKE part with the real `gcloud`, which parses every flag before it looks for credentials:
//!   it runs with a throwaway configuration and no account, in a network namespace with only
//!   loopback where `unshare -n` works, so a parse error (exit 2) fails the test and the missing
//!   credentials mean the command parsed. `kubectl` reads the manifests the part applies, offline.
//!
//! `docker` is a stand-in that records what is built and pushed (no Docker engine runs here), so
//! the test checks that each platform pulls exactly the image pushed to its own registry.
//!
//! What moto does not check: IAM policy evaluation, quotas, real networking (a NAT gateway that
//! routes, a load balancer that answers) and running tasks: it reports the running count the test
//! gives it. `.ci/run` installs moto when it is missing. `gcloud` is not in any registry this
//! machine reaches; where it is missing its half is skipped with a note.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

const MOTO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/moto_server.py");
/// The account moto plays: not the files' placeholder `123456789012`, so a placeholder left in
/// a registered request shows.
const ACCOUNT: &str = "111122223333";

/// One bundle's answers; the rest are the questionnaire's defaults.
struct Case {
    answers: &'static [(&'static str, &'static str)],
}

/// x86 and Arm; on-demand, Spot and both commitments; us, eu and asia; GPU and privileged; every
/// storage and networking answer; part-day; names at and past the providers' limits; tag, no tag
/// and digest images.
const CASES: &[Case] = &[
    Case {
        answers: &[
            ("app_name", "\"orders-api\""),
            ("arch", "\"x86\""),
            ("purchase", "\"on-demand\""),
            ("region", "\"us\""),
            ("replicas", "2"),
            ("peak_replicas", "6"),
        ],
    },
    Case {
        answers: &[
            (
                "app_name",
                "\"billing-reconciliation-service-for-the-emea-finance-team\"",
            ),
            ("arch", "\"arm\""),
            ("purchase", "\"spot\""),
            ("region", "\"eu\""),
            ("storage", "\"shared-files\""),
            ("networking", "\"service-mesh\""),
            ("hours_per_day", "10"),
            ("replicas", "3"),
            ("peak_replicas", "3"),
            (
                "image",
                "\"registry.example.com/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"",
            ),
        ],
    },
    Case {
        answers: &[
            ("app_name", "\"inference-gateway-for-batch-scoring\""),
            ("arch", "\"x86\""),
            ("purchase", "\"commit-1y\""),
            ("region", "\"asia\""),
            ("storage", "\"block-volumes\""),
            ("networking", "\"custom\""),
            ("gpu", "\"yes\""),
            ("privileged", "\"yes\""),
            ("hours_per_day", "12"),
            ("replicas", "1.5"),
            ("peak_replicas", "4"),
            ("image", "\"registry.example.com/team/scoring\""),
        ],
    },
    Case {
        answers: &[
            ("app_name", "\"ledger\""),
            ("arch", "\"arm\""),
            ("purchase", "\"commit-3y\""),
            ("region", "\"us\""),
            ("storage", "\"shared-files\""),
            ("services", "40"),
            ("replicas", "2"),
            ("peak_replicas", "2"),
            (
                "image",
                "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/ledger:2026.12.1\"",
            ),
        ],
    },
];

struct Bundle {
    dir: PathBuf,
    rec: Value,
    deploy: String,
}

impl Bundle {
    fn write(root: &Path, i: usize, case: &Case) -> Self {
        let mut text = String::from("questionnaire = \"fargate-vs-gke\"\n[answers]\n");
        for (k, v) in case.answers {
            text.push_str(k);
            text.push_str(" = ");
            text.push_str(v);
            text.push('\n');
        }
        let dir = crate::deployable::report_all(root, i, &text);
        let rec = serde_json::from_str(
            &std::fs::read_to_string(dir.join("recommendation.json")).unwrap(),
        )
        .unwrap();
        let deploy = std::fs::read_to_string(dir.join("DEPLOY.md")).unwrap();
        Self { dir, rec, deploy }
    }

    fn answer(&self, id: &str) -> &Value {
        &self.rec["answers"][id]
    }

    fn app(&self) -> String {
        self.answer("app_name").as_str().unwrap().to_owned()
    }

    fn image(&self) -> String {
        self.answer("image").as_str().unwrap().to_owned()
    }

    fn replicas(&self) -> u64 {
        let value = self.answer("replicas").as_f64().unwrap();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = value.ceil().max(1.0) as u64;
        n
    }
}

/// The `sh` blocks of the part whose `##` heading starts with `part`, in order; the blocks marked
/// `sh alternative` (the existing-VPC path) are left out.
fn blocks(deploy: &str, part: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_part = false;
    let mut code: Option<String> = None;
    for event in Parser::new(deploy) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_part = heading.take().is_some_and(|h| h.starts_with(part));
            }
            Event::Text(t) if heading.is_some() => heading.as_mut().unwrap().push_str(&t),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if in_part => {
                if &*info == "sh" {
                    code = Some(String::new());
                } else {
                    assert!(
                        info.starts_with("sh alternative"),
                        "an unknown block: {info}"
                    );
                }
            }
            Event::Text(t) if code.is_some() => code.as_mut().unwrap().push_str(&t),
            Event::End(TagEnd::CodeBlock) => out.extend(code.take()),
            _ => {}
        }
    }
    out
}

/// Stand-ins for `docker` and `kubectl`, and a wrapper that runs the real `gcloud`: each logs its
/// arguments, one line per call, to `$STUB_LOG`.
fn stubs(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let write = |name: &str, body: &str| {
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    // `docker login --password-stdin` reads the password: read it, as docker does.
    write(
        "docker",
        "echo \"docker $*\" >> \"$STUB_LOG\"\n[ \"$1\" = login ] && cat > /dev/null\nexit 0\n",
    );
    // kubectl reads every file it is asked to apply, offline, and prints the objects' names; it
    // makes what it is asked to create on the client only.
    write(
        "kubectl",
        "echo \"kubectl $*\" >> \"$STUB_LOG\"\nif [ \"$1\" = apply ]; then\n  exec \"$REAL_KUBECTL\" label --local -o name -f \"$3\" tradeoff.test/applied=yes\nfi\nif [ \"$1\" = create ]; then\n  exec \"$REAL_KUBECTL\" \"$@\" --dry-run=client -o name\nfi\nexit 0\n",
    );
    // gcloud parses the whole command line before it asks for credentials: exit 2 is a parse
    // error; anything else means it parsed. `projects describe` answers with a project number.
    write(
        "gcloud",
        "err=$($GCLOUD_PREFIX \"$REAL_GCLOUD\" \"$@\" 2>&1 >/dev/null); rc=$?\nif [ $rc -eq 2 ]; then\n  echo \"PARSE ERROR: gcloud $*: $(echo \"$err\" | head -n 1)\" >> \"$STUB_LOG\"; echo \"$err\" >&2; exit 2\nfi\necho \"gcloud $*\" >> \"$STUB_LOG\"\n[ \"$1 $2\" = \"projects describe\" ] && echo 123456789\nexit 0\n",
    );
    bin
}

/// Moto on 127.0.0.1, from an empty state; stops when dropped (its stdin closes).
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    fn start(python: &Path, running: u64) -> Self {
        let mut child = std::process::Command::new(python)
            .arg(MOTO)
            .env("MOTO_ACCOUNT_ID", ACCOUNT)
            .env("MOTO_ECS_SERVICE_RUNNING", running.to_string())
            .env("MOTO_ACM_VALIDATION_WAIT", "0")
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("moto said {line:?}"));
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A shell in the bundle's folder with nothing of the machine's cloud settings, the stand-ins
/// first on PATH.
fn shell(dir: &Path, home: &Path, bin: &Path, log: &Path) -> std::process::Command {
    // At most ten minutes, and at most 10 MiB in any file it writes (its output included).
    let mut command = std::process::Command::new("sh");
    command
        .args([
            "-c",
            "ulimit -f 20480 && exec timeout 600 bash -eu -o pipefail -c \"$1\"",
            "sh",
        ])
        .current_dir(dir)
        .env_clear()
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("HOME", home)
        .env("STUB_LOG", log);
    command
}

/// Runs `script` in `command`, its output going to files beside the log (bounded memory,
/// whatever it prints); a failure shows the end of each and the stand-ins' log.
fn run(mut command: std::process::Command, script: &str, what: &str, log: &Path) {
    let out = log.with_extension("out");
    let err = log.with_extension("err");
    let status = command
        .arg(script)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .status()
        .unwrap();
    let tail = |path: &Path| {
        let text = std::fs::read(path).unwrap_or_default();
        let from = text.len().saturating_sub(4000);
        String::from_utf8_lossy(&text[from..]).into_owned()
    };
    assert!(
        status.success(),
        "{what}: exit {:?}\n--- stderr (end)\n{}\n--- stdout (end)\n{}\n--- calls\n{}",
        status.code(),
        tail(&err),
        tail(&out),
        logged(log).join("\n")
    );
}

/// `aws ARGS --output json` against moto, as the test reads its state.
fn aws(moto: &Moto, region: &str, args: &[&str]) -> Value {
    let out = std::process::Command::new("aws")
        .args(args)
        .args(["--output", "json", "--region", region])
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn logged(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The image `docker push` sent, if any.
fn pushed(log: &[String]) -> Vec<String> {
    log.iter()
        .filter_map(|l| l.strip_prefix("docker push "))
        .map(str::to_owned)
        .collect()
}

/// The AWS part, from an empty account, and what moto holds afterwards.
fn aws_part(b: &Bundle, python: &Path, work: &Path) {
    let script = blocks(&b.deploy, "AWS ECS on Fargate").join("\n");
    assert!(script.contains("aws ec2 create-vpc"), "{}", b.dir.display());
    let moto = Moto::start(python, b.replicas());
    let home = work.join("home-aws");
    std::fs::create_dir_all(&home).unwrap();
    let bin = stubs(work);
    let log = work.join("aws.log");
    let mut command = shell(&b.dir, &home, &bin, &log);
    command
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    run(
        command,
        &script,
        &format!("{}: the AWS part", b.dir.display()),
        &log,
    );

    // The region the estimate priced, as the files name it.
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(b.dir.join("ecs/task-definition.json")).unwrap(),
    )
    .unwrap();
    let region =
        written["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-region"]
            .as_str()
            .unwrap()
            .to_owned();
    let region = region.as_str();
    let vpc = aws_network(b, &moto, region);
    let log = logged(&log);
    aws_service(b, &moto, region, &vpc, &log);
}

/// The network: a VPC named for the app, four subnets in two zones, a NAT gateway, and the
/// tasks' security group open to the load balancer on the app's port. Returns the VPC's id.
fn aws_network(b: &Bundle, moto: &Moto, region: &str) -> String {
    let app = b.app();
    let vpcs = aws(
        moto,
        region,
        &[
            "ec2",
            "describe-vpcs",
            "--filters",
            &format!("Name=tag:Name,Values={app}"),
        ],
    );
    let vpc = vpcs["Vpcs"][0]["VpcId"]
        .as_str()
        .expect("the VPC")
        .to_owned();
    let subnets = aws(
        moto,
        region,
        &[
            "ec2",
            "describe-subnets",
            "--filters",
            &format!("Name=vpc-id,Values={vpc}"),
        ],
    );
    let zones: std::collections::BTreeSet<&str> = subnets["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["AvailabilityZone"].as_str().unwrap())
        .collect();
    assert_eq!(subnets["Subnets"].as_array().unwrap().len(), 4, "{app}");
    assert_eq!(zones.len(), 2, "two zones");
    let nat = aws(moto, region, &["ec2", "describe-nat-gateways"]);
    assert_eq!(nat["NatGateways"][0]["VpcId"], vpc.as_str());
    let groups = aws(
        moto,
        region,
        &[
            "ec2",
            "describe-security-groups",
            "--filters",
            &format!("Name=vpc-id,Values={vpc}"),
        ],
    );
    let task_sg = groups["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["GroupName"] == format!("{app}-tasks"))
        .expect("the tasks' security group");
    assert_eq!(
        task_sg["IpPermissions"][0]["FromPort"].as_u64(),
        b.answer("port").as_u64()
    );

    vpc
}

/// The service, its task definition, image, roles, log group, target group, storage and scaling.
fn aws_service(b: &Bundle, moto: &Moto, region: &str, vpc: &str, log: &[String]) {
    let app = b.app();
    // The task definition as registered: this account's roles, the image pushed, this region.
    let service = &aws(
        moto,
        region,
        &[
            "ecs",
            "describe-services",
            "--cluster",
            "default",
            "--services",
            &app,
        ],
    )["services"][0];
    assert_eq!(service["status"], "ACTIVE");
    assert_eq!(service["desiredCount"].as_u64(), Some(b.replicas()));
    assert_eq!(service["runningCount"], service["desiredCount"], "stable");
    let task = &aws(
        moto,
        region,
        &[
            "ecs",
            "describe-task-definition",
            "--task-definition",
            service["taskDefinition"].as_str().unwrap(),
        ],
    )["taskDefinition"];
    let text = task.to_string();
    assert!(
        !text.contains("123456789012"),
        "{app}: a placeholder account is left: {text}"
    );
    assert!(task["taskRoleArn"].as_str().unwrap().contains(ACCOUNT));
    let container = &task["containerDefinitions"][0];
    assert_eq!(
        container["logConfiguration"]["options"]["awslogs-region"],
        region
    );
    let image = container["image"].as_str().unwrap();
    if b.image().contains('@') {
        assert_eq!(image, b.image(), "a digest image is deployed as given");
        assert!(pushed(log).is_empty(), "and never rebuilt: {log:?}");
    } else {
        assert_eq!(
            pushed(log),
            [image.to_owned()],
            "the image pulled is the one pushed"
        );
        assert!(image.starts_with(&format!("{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/")));
        let repos = aws(moto, region, &["ecr", "describe-repositories"]);
        let repo = image.split('/').nth(1).unwrap().split(':').next().unwrap();
        assert_eq!(repos["repositories"][0]["repositoryName"], repo);
    }
    // The load balancer's target group, in the VPC, is the service's.
    let target = service["loadBalancers"][0]["targetGroupArn"]
        .as_str()
        .unwrap();
    let groups = aws(
        moto,
        region,
        &[
            "elbv2",
            "describe-target-groups",
            "--target-group-arns",
            target,
        ],
    );
    assert_eq!(groups["TargetGroups"][0]["VpcId"], vpc);
    assert!(
        groups["TargetGroups"][0]["TargetGroupName"]
            .as_str()
            .unwrap()
            .len()
            <= 32
    );

    aws_storage_and_scaling(b, moto, region, task);
}

/// The roles, the log group, shared files and scaling, as the bundle describes them.
fn aws_storage_and_scaling(b: &Bundle, moto: &Moto, region: &str, task: &Value) {
    let app = b.app();
    let container = &task["containerDefinitions"][0];
    let role = task["taskRoleArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert!(role.len() <= 64);
    aws(moto, region, &["iam", "get-role", "--role-name", &role]);
    aws(
        moto,
        region,
        &["iam", "get-role", "--role-name", "ecsTaskExecutionRole"],
    );
    let group = container["logConfiguration"]["options"]["awslogs-group"]
        .as_str()
        .unwrap();
    let groups = aws(
        moto,
        region,
        &[
            "logs",
            "describe-log-groups",
            "--log-group-name-prefix",
            group,
        ],
    );
    assert_eq!(groups["logGroups"][0]["logGroupName"], group);

    // Shared files: the file system the task mounts, reachable from both private subnets.
    if b.answer("storage") == "shared-files" {
        let fs = task["volumes"][0]["efsVolumeConfiguration"]["fileSystemId"]
            .as_str()
            .unwrap();
        let targets = aws(
            moto,
            region,
            &["efs", "describe-mount-targets", "--file-system-id", fs],
        );
        assert_eq!(targets["MountTargets"].as_array().unwrap().len(), 2);
    }

    // Block volumes: ECS's own role for EBS exists, and the service asks for a volume per task
    // made by it in this account.
    if b.answer("storage") == "block-volumes" {
        aws(
            moto,
            region,
            &["iam", "get-role", "--role-name", "ecsInfrastructureRole"],
        );
        let filled: Value = serde_json::from_str(
            &std::fs::read_to_string(b.dir.join("filled/ecs/service.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            filled["volumeConfigurations"][0]["managedEBSVolume"]["roleArn"],
            format!("arn:aws:iam::{ACCOUNT}:role/ecsInfrastructureRole")
        );
        assert_eq!(task["volumes"][0]["configuredAtLaunch"], true);
    }

    // Scaling: between the average and the peak, and off outside the hours priced.
    let scales = b.dir.join("ecs/scaling-target.json").exists();
    let part_day = b.answer("hours_per_day").as_f64().unwrap() < 24.0;
    if scales || part_day {
        let targets = aws(
            moto,
            region,
            &[
                "application-autoscaling",
                "describe-scalable-targets",
                "--service-namespace",
                "ecs",
            ],
        );
        assert_eq!(
            targets["ScalableTargets"][0]["ResourceId"],
            format!("service/default/{app}")
        );
        let actions = aws(
            moto,
            region,
            &[
                "application-autoscaling",
                "describe-scheduled-actions",
                "--service-namespace",
                "ecs",
            ],
        );
        assert_eq!(
            actions["ScheduledActions"].as_array().unwrap().len(),
            if part_day { 2 } else { 0 }
        );
    }
}

/// The GKE part: every gcloud command parses, the nodes may read the registry, and the Pods pull
/// the image pushed to it.
fn gke_part(b: &Bundle, gcloud: &Path, kubectl: &Path, work: &Path) {
    let script = blocks(&b.deploy, "GKE").join("\n");
    assert!(
        script.contains("gcloud container clusters"),
        "{}",
        b.dir.display()
    );
    let home = work.join("home-gke");
    let config = work.join("gcloud-config");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&config).unwrap();
    let bin = stubs(work);
    let log = work.join("gke.log");
    let isolated = std::process::Command::new("unshare")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let mut command = shell(&b.dir, &home, &bin, &log);
    command
        .env("REAL_GCLOUD", gcloud)
        .env("REAL_KUBECTL", kubectl)
        .env("GCLOUD_PREFIX", if isolated { "unshare -n" } else { "" })
        .env("CLOUDSDK_CONFIG", &config)
        .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    run(
        command,
        &script,
        &format!("{}: the GKE part", b.dir.display()),
        &log,
    );
    let log_path = log;
    let log = logged(&log_path);
    assert!(
        !log.iter().any(|l| l.starts_with("PARSE ERROR")),
        "{log:#?}"
    );
    let gcloud_calls = log.iter().filter(|l| l.starts_with("gcloud ")).count();
    assert!(gcloud_calls >= 6, "{log:#?}");
    assert!(
        log.iter().any(|l| l.contains("add-iam-policy-binding")
            && l.contains("serviceAccount:123456789-compute@developer.gserviceaccount.com")
            && l.contains("roles/artifactregistry.reader")),
        "the nodes' service account may read Artifact Registry: {log:#?}"
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("kubectl apply -f filled/k8s/"))
    );
    let kind = if b.answer("storage") == "block-volumes" {
        "statefulset"
    } else {
        "deployment"
    };
    let deployment: Value = serde_norway::from_str(
        &std::fs::read_to_string(b.dir.join(format!("filled/k8s/{kind}.yaml"))).unwrap(),
    )
    .unwrap();
    // Part-day: the stop job runs the hours priced after the start job.
    let hours = b.answer("hours_per_day").as_u64().unwrap();
    if hours < 24 {
        let stop: Value = serde_norway::from_str(
            &std::fs::read_to_string(b.dir.join("filled/k8s/stop-cronjob.yaml")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            stop["spec"]["schedule"],
            format!("0 {} * * *", (8 + hours) % 24)
        );
        let args =
            &stop["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"];
        assert_eq!(args[1], format!("{kind}/{}", b.app()));
    }
    let image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
        .as_str()
        .unwrap();
    if b.image().contains('@') {
        assert_eq!(image, b.image());
        assert!(pushed(&log).is_empty());
    } else {
        assert_eq!(
            pushed(&log),
            [image.to_owned()],
            "the image pulled is the one pushed"
        );
        assert!(
            image.contains("-docker.pkg.dev/your-project-id/"),
            "{image}"
        );
    }
    // An autoscaler alone sets the replicas of the Deployment it manages.
    assert_eq!(
        deployment["spec"].get("replicas").is_none(),
        b.dir.join("k8s/hpa.yaml").exists()
    );
}

#[test]
fn deploy_md_runs_from_an_empty_account_to_a_stable_service() {
    let Some(python) = crate::deployable::python_with("moto.server") else {
        return;
    };
    assert!(
        crate::deployable::client("aws", &["--version"]).is_some(),
        "the AWS CLI comes with the checks above"
    );
    let tmp = tempfile::tempdir().unwrap();
    let bundles: Vec<Bundle> = CASES
        .iter()
        .enumerate()
        .map(|(i, c)| Bundle::write(tmp.path(), i, c))
        .collect();
    let flavours: std::collections::BTreeSet<bool> = bundles
        .iter()
        .map(|b| b.deploy.contains("## GKE Autopilot"))
        .collect();
    assert_eq!(flavours.len(), 2, "both GKE flavours are covered");
    let gcloud = on_path("gcloud");
    if gcloud.is_none() {
        eprintln!(
            "note: gcloud is not installed (it comes only from Google's package repository); DEPLOY.md's gcloud commands are not run"
        );
    }
    // The real kubectl by its full path: the stand-in of the same name comes first on PATH.
    let kubectl = crate::deployable::client("kubectl", &["version", "--client"])
        .and_then(|_| on_path("kubectl"));
    std::thread::scope(|scope| {
        for (i, b) in bundles.iter().enumerate() {
            let work = tmp.path().join(format!("work-{i}"));
            let (python, gcloud, kubectl) = (&python, &gcloud, &kubectl);
            scope.spawn(move || {
                std::fs::create_dir_all(&work).unwrap();
                aws_part(b, python, &work);
                if let (Some(gcloud), Some(kubectl)) = (gcloud, kubectl) {
                    gke_part(b, gcloud, kubectl, &work);
                }
            });
        }
    });
}

/// A program's full path on PATH, if it is there. `gcloud` comes only from Google's own package
/// repository, which `.ci/run` cannot reach, so where it is missing its half is skipped.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
