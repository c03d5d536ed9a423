//! The ECS sample: a `RegisterTaskDefinition` request for Fargate and a `CreateService` request, as
//! typed structs serialized to JSON. Field names and types follow the Amazon ECS API Reference
//! (`API_RegisterTaskDefinition`, `API_ContainerDefinition`, `API_CreateService`); only
//! parameters Fargate accepts appear, and none of the read-only fields of a described task
//! definition (`taskDefinitionArn`, `revision`, `status`, ...).

use super::app::{AppSpec, DATA_DIR, Storage};
use crate::cost::Purchase;
use crate::pricing::Arch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An obvious placeholder: the 12-digit example account AWS's own documentation uses.
pub(crate) const ACCOUNT_PLACEHOLDER: &str = "123456789012";
/// The placeholder EFS file system in the task definition, for shared files.
pub(crate) const EFS_PLACEHOLDER: &str = "fs-0123456789abcdef0";

/// The image the tasks pull: the one DEPLOY.md pushes to this account's ECR repository in the
/// priced region, or the image as given when it is pinned by digest.
#[must_use]
pub(crate) fn image(app: &AppSpec) -> String {
    app.image_in(&format!(
        "{}/{}",
        registry(ACCOUNT_PLACEHOLDER, &app.aws_region),
        app.names.repository
    ))
}

/// An account's ECR registry in a region.
#[must_use]
pub(crate) fn registry(account: &str, region: &str) -> String {
    format!("{account}.dkr.ecr.{region}.amazonaws.com")
}

/// The text DEPLOY.md replaces in `ecs/task-definition.json` to make the copy it registers, with
/// what replaces it (shell words: `$ACCOUNT_ID`, `$AWS_REGION`, `$EFS_ID`). Each is written by this
/// module, so each appears exactly where it is meant: roles, image, log region, file system.
#[must_use]
pub(crate) fn fills(app: &AppSpec) -> Vec<(String, String)> {
    let mut out = vec![
        (
            format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/"),
            "arn:aws:iam::$ACCOUNT_ID:role/".to_owned(),
        ),
        (
            format!("\"awslogs-region\": \"{}\"", app.aws_region),
            "\"awslogs-region\": \"$AWS_REGION\"".to_owned(),
        ),
    ];
    if !app.image_by_digest() {
        out.push((
            format!("{}/", registry(ACCOUNT_PLACEHOLDER, &app.aws_region)),
            format!("{}/", registry("$ACCOUNT_ID", "$AWS_REGION")),
        ));
    }
    if app.storage == Storage::SharedFiles {
        out.push((
            format!("\"fileSystemId\": \"{EFS_PLACEHOLDER}\""),
            "\"fileSystemId\": \"$EFS_ID\"".to_owned(),
        ));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TaskDefinition {
    pub family: String,
    pub task_role_arn: String,
    pub execution_role_arn: String,
    pub network_mode: String,
    pub requires_compatibilities: Vec<String>,
    /// CPU units (1024 = 1 vCPU), as a string.
    pub cpu: String,
    /// MiB, as a string.
    pub memory: String,
    pub runtime_platform: RuntimePlatform,
    pub container_definitions: Vec<ContainerDefinition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RuntimePlatform {
    pub cpu_architecture: String,
    pub operating_system_family: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub port_mappings: Vec<PortMapping>,
    pub environment: Vec<KeyValuePair>,
    pub log_configuration: LogConfiguration,
    pub health_check: HealthCheck,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mount_points: Vec<MountPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MountPoint {
    pub source_volume: String,
    pub container_path: String,
    pub read_only: bool,
}

/// A task volume: Amazon EFS for shared files, or an EBS volume that the service attaches to each
/// task when it starts, for block volumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Volume {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efs_volume_configuration: Option<EfsVolumeConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_at_launch: Option<bool>,
}

/// `CreateService`'s volume configuration: an EBS volume ECS creates for each task it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ServiceVolumeConfiguration {
    pub name: String,
    #[serde(rename = "managedEBSVolume")]
    pub managed_ebs_volume: ManagedEbsVolume,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ManagedEbsVolume {
    pub role_arn: String,
    pub volume_type: String,
    #[serde(rename = "sizeInGiB")]
    pub size_in_gib: u32,
    pub encrypted: bool,
    pub filesystem_type: String,
}

/// The role ECS uses to create and attach the tasks' EBS volumes.
pub(crate) const INFRASTRUCTURE_ROLE: &str = "ecsInfrastructureRole";
/// The size of each task's EBS volume: EBS's smallest gp3 volume is 1 GiB; this leaves room and
/// is stated in DEPLOY.md, which says how to change it.
pub(crate) const EBS_GIB: u32 = 20;

/// The volume the task mounts at `DATA_DIR`, if the answers keep files: EFS for shared files, an
/// EBS volume per task for block volumes.
fn data_volume(app: &AppSpec) -> Option<Volume> {
    match app.storage {
        Storage::Stateless => None,
        Storage::SharedFiles => Some(Volume {
            name: "data".to_owned(),
            efs_volume_configuration: Some(EfsVolumeConfiguration {
                file_system_id: EFS_PLACEHOLDER.to_owned(),
                root_directory: "/".to_owned(),
                transit_encryption: "ENABLED".to_owned(),
            }),
            configured_at_launch: None,
        }),
        Storage::BlockVolumes => Some(Volume {
            name: "data".to_owned(),
            efs_volume_configuration: None,
            configured_at_launch: Some(true),
        }),
    }
}

/// For block volumes: the EBS volume the service gives each task, created by `INFRASTRUCTURE_ROLE`.
fn ebs_volumes(app: &AppSpec) -> Vec<ServiceVolumeConfiguration> {
    if app.storage != Storage::BlockVolumes {
        return Vec::new();
    }
    vec![ServiceVolumeConfiguration {
        name: "data".to_owned(),
        managed_ebs_volume: ManagedEbsVolume {
            role_arn: format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/{INFRASTRUCTURE_ROLE}"),
            volume_type: "gp3".to_owned(),
            size_in_gib: EBS_GIB,
            encrypted: true,
            filesystem_type: "ext4".to_owned(),
        },
    }]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EfsVolumeConfiguration {
    pub file_system_id: String,
    pub root_directory: String,
    pub transit_encryption: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PortMapping {
    pub name: String,
    pub container_port: u16,
    /// With awsvpc the host port must equal the container port.
    pub host_port: u16,
    pub protocol: String,
    pub app_protocol: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyValuePair {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct LogConfiguration {
    pub log_driver: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct HealthCheck {
    pub command: Vec<String>,
    pub interval: u32,
    pub timeout: u32,
    pub retries: u32,
    pub start_period: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tag {
    pub key: String,
    pub value: String,
}

/// The `RegisterTaskDefinition` request for the app on Fargate.
#[must_use]
pub(crate) fn task_definition(app: &AppSpec) -> TaskDefinition {
    let (cpu, gb) = app.fargate_size;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // valid Fargate sizes
    let units = |x: f64| ((x * 1024.0).round() as u32).to_string();
    let mut log_options = BTreeMap::new();
    log_options.insert("awslogs-group".to_owned(), log_group(app));
    log_options.insert("awslogs-region".to_owned(), app.aws_region.clone());
    log_options.insert("awslogs-stream-prefix".to_owned(), "ecs".to_owned());
    // No `awslogs-create-group`: it needs logs:CreateLogGroup, which AWS's managed execution-role
    // policy does not grant. DEPLOY.md creates the group instead.
    TaskDefinition {
        family: app.name.clone(),
        task_role_arn: format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/{}", task_role(app)),
        execution_role_arn: format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/ecsTaskExecutionRole"),
        network_mode: "awsvpc".to_owned(),
        requires_compatibilities: vec!["FARGATE".to_owned()],
        cpu: units(cpu),
        memory: units(gb),
        runtime_platform: RuntimePlatform {
            cpu_architecture: match app.arch {
                Arch::X86 => "X86_64",
                Arch::Arm => "ARM64",
            }
            .to_owned(),
            operating_system_family: "LINUX".to_owned(),
        },
        container_definitions: vec![ContainerDefinition {
            name: app.name.clone(),
            image: image(app),
            essential: true,
            port_mappings: vec![PortMapping {
                name: "http".to_owned(),
                container_port: app.port,
                host_port: app.port,
                protocol: "tcp".to_owned(),
                app_protocol: "http".to_owned(),
            }],
            environment: app
                .env
                .iter()
                .map(|(name, value)| KeyValuePair {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            log_configuration: LogConfiguration {
                log_driver: "awslogs".to_owned(),
                options: log_options,
            },
            health_check: HealthCheck {
                command: health_command(app),
                interval: 30,
                timeout: 5,
                retries: 3,
                start_period: 30,
            },
            mount_points: data_volume(app)
                .map(|_| MountPoint {
                    source_volume: "data".to_owned(),
                    container_path: DATA_DIR.to_owned(),
                    read_only: false,
                })
                .into_iter()
                .collect(),
        }],
        volumes: data_volume(app).into_iter().collect(),
        tags: vec![Tag {
            key: "generated-by".to_owned(),
            value: "tradeoff".to_owned(),
        }],
    }
}

/// The IAM role the application's code runs as.
#[must_use]
pub(crate) fn task_role(app: &AppSpec) -> String {
    app.names.task_role.clone()
}

/// The `CloudWatch` Logs group the container logs to (DEPLOY.md creates it).
#[must_use]
pub(crate) fn log_group(app: &AppSpec) -> String {
    format!("/ecs/{}", app.name)
}

/// A health check that needs only a shell and Python, which a Python image has (slim images lack
/// curl): `python3` where there is one, else `python`. The URL is an argument, not code, and
/// `AppSpec` allows only letters, digits and `-._~/` in the path, so nothing in it is shell syntax.
fn health_command(app: &AppSpec) -> Vec<String> {
    vec![
        "CMD-SHELL".to_owned(),
        format!(
            "exec \"$(command -v python3 || command -v python)\" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)' http://localhost:{}{}",
            app.port, app.health_path
        ),
    ]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateService {
    pub cluster: String,
    pub service_name: String,
    pub task_definition: String,
    pub desired_count: i32,
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub platform_version: String,
    pub network_configuration: NetworkConfiguration,
    pub load_balancers: Vec<LoadBalancer>,
    pub health_check_grace_period_seconds: u32,
    pub deployment_configuration: DeploymentConfiguration,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_configurations: Vec<ServiceVolumeConfiguration>,
    pub propagate_tags: String,
    #[serde(rename = "enableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    pub weight: u32,
    pub base: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NetworkConfiguration {
    pub awsvpc_configuration: AwsVpcConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct LoadBalancer {
    pub target_group_arn: String,
    pub container_name: String,
    pub container_port: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DeploymentConfiguration {
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    pub maximum_percent: u32,
    pub minimum_healthy_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

/// The capacity providers a service runs on: Fargate; or, for Spot, every task on Fargate Spot
/// (x86 and, since 2024-09, ARM64), with `FARGATE_SPOT_ON_DEMAND_BASE` tasks on on-demand Fargate
/// when that base is above zero. Spot means all replicas on Spot on both clouds, so that the
/// options compare like for like; the Fargate bill prices the same split.
#[must_use]
pub(crate) fn capacity_providers(purchase: Purchase) -> Vec<CapacityProviderStrategyItem> {
    let item = |provider: &str, weight, base| CapacityProviderStrategyItem {
        capacity_provider: provider.to_owned(),
        weight,
        base,
    };
    let base = crate::cost::FARGATE_SPOT_ON_DEMAND_BASE;
    match purchase {
        Purchase::Spot if base > 0 => vec![item("FARGATE", 0, base), item("FARGATE_SPOT", 1, 0)],
        Purchase::Spot => vec![item("FARGATE_SPOT", 1, 0)],
        _ => vec![item("FARGATE", 1, 0)],
    }
}

/// The cluster the service runs in; DEPLOY.md creates it with both Fargate capacity providers.
pub(crate) const CLUSTER: &str = "default";

/// The `CreateService` request: Fargate (or Fargate Spot) in the answers' subnets, behind a target
/// group of the shared Application Load Balancer.
#[must_use]
pub(crate) fn service(app: &AppSpec) -> CreateService {
    CreateService {
        cluster: CLUSTER.to_owned(),
        service_name: app.name.clone(),
        task_definition: app.name.clone(),
        desired_count: app.replicas,
        capacity_provider_strategy: capacity_providers(app.purchase),
        platform_version: "LATEST".to_owned(),
        network_configuration: NetworkConfiguration {
            awsvpc_configuration: AwsVpcConfiguration {
                subnets: vec![
                    "subnet-0123456789abcdef0".to_owned(),
                    "subnet-0123456789abcdef1".to_owned(),
                ],
                security_groups: vec!["sg-0123456789abcdef0".to_owned()],
                assign_public_ip: "DISABLED".to_owned(),
            },
        },
        load_balancers: vec![LoadBalancer {
            target_group_arn: format!(
                "arn:aws:elasticloadbalancing:{}:{ACCOUNT_PLACEHOLDER}:targetgroup/{}/0123456789abcdef",
                app.aws_region,
                // Target group names are at most 32 characters and may not end with '-'.
                target_group_name(app)
            ),
            container_name: app.name.clone(),
            container_port: app.port,
        }],
        health_check_grace_period_seconds: 60,
        deployment_configuration: DeploymentConfiguration {
            deployment_circuit_breaker: DeploymentCircuitBreaker {
                enable: true,
                rollback: true,
            },
            maximum_percent: 200,
            minimum_healthy_percent: 100,
        },
        volume_configurations: ebs_volumes(app),
        propagate_tags: "SERVICE".to_owned(),
        enable_ecs_managed_tags: true,
        tags: vec![Tag {
            key: "generated-by".to_owned(),
            value: "tradeoff".to_owned(),
        }],
    }
}

/// The target group's name: at most 32 characters, not ending with '-'.
#[must_use]
pub(crate) fn target_group_name(app: &AppSpec) -> String {
    app.names.target_group.clone()
}

/// Application Auto Scaling's `RegisterScalableTarget` request: the service's desired count may
/// range from the average replicas to the peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct RegisterScalableTarget {
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    pub min_capacity: i32,
    pub max_capacity: i32,
}

/// Application Auto Scaling's `PutScalingPolicy` request: target tracking on average CPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct PutScalingPolicy {
    pub policy_name: String,
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    pub policy_type: String,
    pub target_tracking_scaling_policy_configuration: TargetTracking,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct TargetTracking {
    pub target_value: f64,
    pub predefined_metric_specification: PredefinedMetric,
    pub scale_out_cooldown: u32,
    pub scale_in_cooldown: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct PredefinedMetric {
    pub predefined_metric_type: String,
}

/// The CPU utilization the service scales to keep, as the Kubernetes autoscaler does.
pub(crate) const TARGET_CPU_PERCENT: i32 = 70;

pub(crate) fn scaling_resource(app: &AppSpec) -> String {
    format!("service/{CLUSTER}/{}", app.name)
}

/// The two Application Auto Scaling requests, when the peak is above the average; none otherwise.
#[must_use]
pub(crate) fn scaling(app: &AppSpec) -> Option<(RegisterScalableTarget, PutScalingPolicy)> {
    (app.peak_replicas > app.replicas).then(|| {
        let dimension = "ecs:service:DesiredCount".to_owned();
        (
            RegisterScalableTarget {
                service_namespace: "ecs".to_owned(),
                resource_id: scaling_resource(app),
                scalable_dimension: dimension.clone(),
                min_capacity: app.replicas,
                max_capacity: app.peak_replicas,
            },
            PutScalingPolicy {
                policy_name: format!("{}-cpu-{TARGET_CPU_PERCENT}", app.name),
                service_namespace: "ecs".to_owned(),
                resource_id: scaling_resource(app),
                scalable_dimension: dimension,
                policy_type: "TargetTrackingScaling".to_owned(),
                target_tracking_scaling_policy_configuration: TargetTracking {
                    target_value: f64::from(TARGET_CPU_PERCENT),
                    predefined_metric_specification: PredefinedMetric {
                        predefined_metric_type: "ECSServiceAverageCPUUtilization".to_owned(),
                    },
                    scale_out_cooldown: 60,
                    scale_in_cooldown: 300,
                },
            },
        )
    })
}

/// The trust policy that lets ECS tasks assume the execution and task roles (IAM's JSON policy
/// grammar: `aws iam create-role --assume-role-policy-document file://ecs/trust-policy.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct TrustPolicy {
    pub version: String,
    pub statement: Vec<TrustStatement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct TrustStatement {
    pub effect: String,
    pub principal: Principal,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(crate) struct Principal {
    pub service: String,
}

/// The trust policy of the tasks' roles.
#[must_use]
pub(crate) fn trust_policy() -> TrustPolicy {
    trusting("ecs-tasks.amazonaws.com")
}

/// The trust policy of `INFRASTRUCTURE_ROLE`, which ECS itself assumes to manage EBS volumes.
#[must_use]
pub(crate) fn infrastructure_trust_policy() -> TrustPolicy {
    trusting("ecs.amazonaws.com")
}

fn trusting(service: &str) -> TrustPolicy {
    TrustPolicy {
        version: "2012-10-17".to_owned(),
        statement: vec![TrustStatement {
            effect: "Allow".to_owned(),
            principal: Principal {
                service: service.to_owned(),
            },
            action: "sts:AssumeRole".to_owned(),
        }],
    }
}

/// The most a task definition may hold: ECS refuses a larger `RegisterTaskDefinition` request.
pub(crate) const MAX_TASK_DEFINITION_BYTES: usize = 64 * 1024;
