//! The ECS sample: a `RegisterTaskDefinition` request for Fargate and a `CreateService` request, as
//! typed structs serialized to JSON. Field names and types follow the Amazon ECS API Reference
//! (`API_RegisterTaskDefinition`, `API_ContainerDefinition`, `API_CreateService`); only
//! parameters Fargate accepts appear, and none of the read-only fields of a described task
//! definition (`taskDefinitionArn`, `revision`, `status`, ...).

use super::app::AppSpec;
use crate::cost::Purchase;
use crate::pricing::Arch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An obvious placeholder: the 12-digit example account AWS's own documentation uses.
pub const ACCOUNT_PLACEHOLDER: &str = "123456789012";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskDefinition {
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
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuntimePlatform {
    pub cpu_architecture: String,
    pub operating_system_family: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub port_mappings: Vec<PortMapping>,
    pub environment: Vec<KeyValuePair>,
    pub log_configuration: LogConfiguration,
    pub health_check: HealthCheck,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortMapping {
    pub name: String,
    pub container_port: u16,
    /// With awsvpc the host port must equal the container port.
    pub host_port: u16,
    pub protocol: String,
    pub app_protocol: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyValuePair {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogConfiguration {
    pub log_driver: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HealthCheck {
    pub command: Vec<String>,
    pub interval: u32,
    pub timeout: u32,
    pub retries: u32,
    pub start_period: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The `RegisterTaskDefinition` request for the app on Fargate.
#[must_use]
pub fn task_definition(app: &AppSpec) -> TaskDefinition {
    let (cpu, gb) = app.fargate_size;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // valid Fargate sizes
    let units = |x: f64| ((x * 1024.0).round() as u32).to_string();
    let mut log_options = BTreeMap::new();
    log_options.insert("awslogs-group".to_owned(), format!("/ecs/{}", app.name));
    log_options.insert("awslogs-region".to_owned(), app.aws_region.clone());
    log_options.insert("awslogs-stream-prefix".to_owned(), "ecs".to_owned());
    log_options.insert("awslogs-create-group".to_owned(), "true".to_owned());
    TaskDefinition {
        family: app.name.clone(),
        task_role_arn: format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/{}-task", app.name),
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
            image: app.image.clone(),
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
                command: vec!["CMD-SHELL".to_owned(), health_command(app)],
                interval: 30,
                timeout: 5,
                retries: 3,
                start_period: 30,
            },
        }],
        tags: vec![Tag {
            key: "generated-by".to_owned(),
            value: "tradeoff".to_owned(),
        }],
    }
}

/// A health check that needs only Python, which a Python image has (slim images lack curl).
fn health_command(app: &AppSpec) -> String {
    // The path is validated to URL path characters, so it cannot break out of the quotes.
    format!(
        "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:{}{}', timeout=4)\" || exit 1",
        app.port, app.health_path
    )
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateService {
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
    pub propagate_tags: String,
    #[serde(rename = "enableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsVpcConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadBalancer {
    pub target_group_arn: String,
    pub container_name: String,
    pub container_port: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentConfiguration {
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    pub maximum_percent: u32,
    pub minimum_healthy_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

/// The `CreateService` request: Fargate (or Fargate Spot) in the answers' subnets, behind a target
/// group of the shared Application Load Balancer.
#[must_use]
pub fn service(app: &AppSpec) -> CreateService {
    // Fargate Spot runs x86 tasks only.
    let provider = if app.purchase == Purchase::Spot && app.arch == Arch::X86 {
        "FARGATE_SPOT"
    } else {
        "FARGATE"
    };
    CreateService {
        cluster: "default".to_owned(),
        service_name: app.name.clone(),
        task_definition: app.name.clone(),
        desired_count: app.replicas,
        capacity_provider_strategy: vec![CapacityProviderStrategyItem {
            capacity_provider: provider.to_owned(),
            weight: 1,
        }],
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
                app.name
                    .chars()
                    .take(32)
                    .collect::<String>()
                    .trim_end_matches('-')
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
        propagate_tags: "SERVICE".to_owned(),
        enable_ecs_managed_tags: true,
        tags: vec![Tag {
            key: "generated-by".to_owned(),
            value: "tradeoff".to_owned(),
        }],
    }
}
