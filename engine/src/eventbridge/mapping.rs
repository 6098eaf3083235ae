//! From internal event to EventBridge event: `Sim::eventbridge_of` (one
//! line per `EventKind`, no catch-all) and the builders it calls for tasks,
//! container instances, service actions and deployments.

use super::*;
use crate::event::EventKind;
use crate::sim::Sim;
use crate::state::TaskStatus;
use crate::time::SimTime;

/// What an internal event becomes: (resource ARN unless the detail holds
/// it, detail).
type Mapped = (Option<String>, Detail);

impl Sim {
    /// The EventBridge form of an internal event (see the table in the
    /// `eventbridge` module documentation).
    /// One line per `EventKind`, no catch-all.
    pub(super) fn eventbridge_of(&mut self, kind: &EventKind) -> Option<Mapped> {
        match kind {
            EventKind::TaskStateChanged { task_arn, .. } => self.eb_task(task_arn),
            EventKind::ContainerInstanceStateChanged {
                container_instance_arn,
                ..
            } => self.eb_container_instance(container_instance_arn),
            EventKind::ServiceAction {
                service_arn,
                event_name,
                reason,
            } => Some(self.eb_service_action(service_arn, event_name, reason.as_deref())),
            EventKind::DeploymentStateChanged {
                service_arn,
                deployment_id,
                event_name,
                reason,
            } => Some(self.eb_deployment(service_arn, deployment_id, event_name, reason)),
            EventKind::AlarmStateChanged {
                alarm_name,
                old_state,
                previous_reason,
                previous_reason_data,
                previous_updated,
                ..
            } => self.eb_alarm(
                alarm_name,
                old_state,
                previous_reason,
                previous_reason_data.as_deref(),
                *previous_updated,
            ),
            EventKind::S3ObjectChanged {
                bucket,
                key,
                created,
                size,
                etag,
                sequencer,
                request_id,
                requester,
                source_ip,
                reason,
            } => {
                let detail = S3ObjectDetail {
                    version: "0",
                    bucket: S3BucketName {
                        name: bucket.clone(),
                    },
                    object: S3ObjectInfo {
                        key: key.clone(),
                        size: *size,
                        etag: etag.clone(),
                        sequencer: sequencer.clone(),
                    },
                    request_id: request_id.clone(),
                    requester: requester.clone(),
                    source_ip_address: source_ip.clone(),
                    reason: reason.clone(),
                    deletion_type: (!created).then_some("Permanently Deleted"),
                };
                let kind = if *created {
                    Detail::S3Created(Box::new(detail))
                } else {
                    Detail::S3Deleted(Box::new(detail))
                };
                Some((Some(crate::s3::bucket_arn(bucket)), kind))
            }
            EventKind::ClusterCreated { .. }
            | EventKind::ClusterDeleted { .. }
            | EventKind::CapacityProviderChanged { .. }
            | EventKind::ClusterCapacityProvidersChanged { .. }
            | EventKind::ClusterSettingChanged { .. }
            | EventKind::ClusterForgotten { .. }
            | EventKind::InstanceStateChanged { .. }
            | EventKind::ScalingActivity { .. }
            | EventKind::ServiceScalingActivity { .. }
            | EventKind::AutoScalingGroupDeleted { .. }
            | EventKind::AgentRegistrationFailed { .. }
            | EventKind::TaskDefinitionRegistered { .. }
            | EventKind::TaskDefinitionDeregistered { .. }
            | EventKind::TaskDefinitionDeleted { .. }
            | EventKind::RoleCreated { .. }
            | EventKind::RoleDeleted { .. }
            | EventKind::RolePolicyChanged { .. }
            | EventKind::EcrRepositoryCreated { .. }
            | EventKind::LogGroupCreated { .. }
            | EventKind::LogGroupDeleted { .. }
            | EventKind::LogStreamCreated { .. }
            | EventKind::EcrRepositoryDeleted { .. }
            | EventKind::EcrImagePushed { .. }
            | EventKind::EcrImageUntagged { .. }
            | EventKind::EcrImageDeleted { .. }
            | EventKind::EcrImageExpired { .. }
            | EventKind::EcrImageScanCompleted { .. }
            // Health changes and exits publish through the task's own state
            // changes (TaskStateChanged, with a new version); a fault is the
            // simulator's, not AWS's.
            | EventKind::ContainerHealthChanged { .. }
            | EventKind::TargetHealthChanged { .. }
            | EventKind::ContainerExited { .. }
            | EventKind::FaultInjected { .. }
            | EventKind::AccountSettingChanged { .. }
            // EventBridge publishes no event for its own invocations (they
            // are metrics, F24.6).
            | EventKind::TargetInvoked { .. } => None,
        }
    }

    fn iso(&self, time: SimTime) -> IsoTime {
        IsoTime {
            time,
            start_epoch_ms: self.config.start_epoch_ms,
        }
    }

    /// `ECS Task State Change` (F11.2): the task as it is now. The parts
    /// that never change in a task's life are built once, at its first
    /// event ([`TaskFixed`], kept on `TaskLife::eventbridge`) and shared;
    /// each event copies only what changes ([`TaskSnapshot`]).
    fn eb_task(&mut self, task_arn: &str) -> Option<Mapped> {
        let slot = self.state.tasks.find_slot(task_arn)?;
        let t = self.state.tasks.slot(slot)?;
        // A new fixed part is kept on the task once the snapshot is made
        // (one look-up of the task when the kept one still holds).
        // What the fixed part holds is set when the task is created and
        // never changed after (debug builds, so every test, check it).
        let (fixed, new) = match &t.life.eventbridge {
            Some(f) => {
                debug_assert!(f.still_holds(t), "a task's fixed part changed: {}", t.arn);
                (f.clone(), false)
            }
            None => (std::sync::Arc::new(self.task_fixed(t)), true),
        };
        let l = &t.life;
        let stopped = t.status == TaskStatus::Stopped;
        let containers = l
            .containers
            .iter()
            .map(|c| ContainerNow {
                last_status: if stopped { "STOPPED" } else { c.last_status },
                // The digest of this container's image, once pulled
                // (pullStoppedAt).
                image_digest: l.pull_stopped_at.and_then(|_| c.image_digest.clone()),
                reason: c.reason.clone(),
            })
            .collect();
        // MODEL: the task is CONNECTED to ECS from PENDING until it stops
        // (F11.2 shows it on a RUNNING task).
        let connectivity = matches!(
            t.status,
            TaskStatus::Pending | TaskStatus::Running | TaskStatus::Stopping
        )
        .then_some("CONNECTED")
        .filter(|_| l.last_status != "PROVISIONING");
        let snapshot = TaskSnapshot {
            attachment_status: match l.last_status {
                "PROVISIONING" => "PRECREATED",
                "STOPPED" => "DELETED",
                _ => "ATTACHED",
            },
            connectivity,
            containers,
            desired_status: l.desired_status,
            last_status: l.last_status,
            pull_started_at: l.pull_started_at,
            pull_stopped_at: l.pull_stopped_at,
            started_at: l.started_at,
            stop_code: t.stop_code,
            stopped_at: t.stopped_at,
            stopped_reason: t.stopped_reason.clone(),
            stopping_at: l.stopping_at,
            updated_at: self.now,
            version: l.version,
            fixed,
        };
        if new && let Some(t) = self.state.tasks.slot_mut(slot) {
            t.life.eventbridge = Some(snapshot.fixed.clone());
        }
        Some((None, Detail::Task(snapshot)))
    }

    /// The parts of a task's event detail that do not change in its life,
    /// worded as DescribeTasks words them (`Sim::eni_attachment`,
    /// `Sim::container_arn`, the launch type's words), read from the
    /// record without building the whole shape.
    fn task_fixed(&self, t: &crate::state::TaskRecord) -> TaskFixed {
        let l = &t.life;
        let eni = l.eni_id.as_ref().zip(l.private_ip);
        let containers = l
            .containers
            .iter()
            .enumerate()
            .map(|(i, c)| ContainerFixedParts {
                container_arn: self.container_arn(t, i),
                name: &c.name,
                image: &c.image,
                network_bindings: c.network_bindings(),
                network_interfaces: eni
                    .iter()
                    .map(|(id, ip)| NetworkInterface {
                        attachment_id: crate::base::id::trim_prefix(id, "eni-").to_owned(),
                        private_ipv4_address: crate::base::ipv4::format_ipv4(*ip),
                    })
                    .collect(),
            })
            .collect();
        TaskFixed::new(
            TaskFixedParts {
                container_instance_arn: t.container_instance_arn.as_deref(),
                eni_id: l.eni_id.as_deref(),
                private_ip: l.private_ip,
                availability_zone: &l.availability_zone,
                cluster_arn: &t.cluster_arn,
                cpu: t.cpu,
                created_at: self.iso(l.created_at),
                group: &t.group,
                launch_type: t.launch_type.as_str(),
                memory: t.memory,
                platform_version: t.launch_type.platform_version(),
                started_by: l.started_by.as_deref(),
                task_arn: &t.arn,
                task_definition_arn: &l.task_definition_arn,
                attachment: Self::eni_attachment(t).map(|a| (a.id, a.details)),
            },
            containers,
        )
    }

    /// `ECS Container Instance State Change`: the instance as it is now.
    fn eb_container_instance(&mut self, arn: &str) -> Option<Mapped> {
        let ci = self.state.container_instances.get(arn)?;
        let fixed = match &ci.eventbridge {
            Some(f) => {
                debug_assert!(f.still_holds(ci), "attributes changed, part kept: {arn}");
                f.clone()
            }
            None => {
                let f = std::sync::Arc::new(ContainerInstanceFixed {
                    attributes: ci
                        .attributes
                        .iter()
                        .map(|(name, value)| crate::ecs::container_instance::Attribute {
                            name: name.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                    cluster_arn: ci.cluster_arn.clone(),
                    container_instance_arn: ci.arn.clone(),
                    ec2_instance_id: ci.ec2_instance_id.clone(),
                });
                if let Some(ci) = self.state.container_instances.get_mut(arn) {
                    ci.eventbridge = Some(f.clone());
                }
                f
            }
        };
        let ci = self.state.container_instances.get(arn)?;
        // The fields of DescribeContainerInstances' shape that the event
        // shows, from the record (the shape would also look up the capacity
        // provider and format what the event does not show).
        let (registered, remaining, used) = self.container_instance_amounts(ci);
        let detail = ContainerInstanceDetail {
            agent_connected: ci.agent_connected,
            fixed: SharedContainerInstance(fixed),
            pending_tasks_count: used.pending,
            registered_at: self.iso(ci.registered_at),
            registered_resources: EventResources(registered),
            remaining_resources: EventResources(remaining),
            running_tasks_count: used.running,
            status: ci.status.as_str(),
            version: ci.version,
            version_info: crate::ecs::container_instance::VersionInfo {
                agent_version: crate::ecs::container_instance::AGENT_VERSION,
            },
            updated_at: self.iso(self.now),
        };
        Some((None, Detail::ContainerInstance(detail)))
    }

    /// `ECS Service Action` (F11.5): no `detail.version` (F11.1).
    fn eb_service_action(
        &self,
        service_arn: &str,
        event_name: &str,
        reason: Option<&str>,
    ) -> Mapped {
        let detail = ServiceActionDetail {
            event_type: service_action_type(event_name),
            event_name: event_name.to_owned(),
            cluster_arn: self.cluster_arn_of_service(service_arn),
            created_at: self.iso(self.now),
            reason: reason.map(str::to_owned),
        };
        (Some(service_arn.to_owned()), Detail::ServiceAction(detail))
    }

    /// `CloudWatch Alarm State Change` (F16.11): the alarm as it is now and
    /// the state it left. Its metric's `id` is UUID-shaped from the alarm's
    /// ARN (no random draw).
    fn eb_alarm(
        &self,
        name: &str,
        old_state: &str,
        old_reason: &str,
        old_data: Option<&str>,
        old_updated: SimTime,
    ) -> Option<Mapped> {
        let a = self.state.cloudwatch.alarms.get(name)?;
        let stamp = |t: SimTime| {
            let iso =
                crate::base::time::iso8601(self.epoch_ms(t), crate::base::time::Precision::Millis);
            format!("{}+0000", iso.trim_end_matches('Z'))
        };
        let dimensions: serde_json::Map<String, serde_json::Value> = a
            .metric
            .dimensions
            .iter()
            .map(|d| (d.name.clone(), serde_json::Value::from(d.value.clone())))
            .collect();
        let mut configuration = serde_json::json!({
            "metrics": [{
                "id": uuid_shaped(self.config.seed, crate::base::hash::fnv1a64(a.arn.as_bytes())),
                "metricStat": {
                    "metric": {
                        "namespace": a.metric.namespace,
                        "name": a.metric.name,
                        "dimensions": dimensions,
                    },
                    "period": a.period,
                    "stat": a.statistic,
                },
                "returnData": true,
            }],
        });
        if let Some(d) = &a.description {
            configuration["description"] = serde_json::Value::from(d.clone());
        }
        let detail = AlarmDetail {
            alarm_name: a.name.clone(),
            state: AlarmStateDetail {
                value: a.state.to_owned(),
                reason: a.state_reason.clone(),
                reason_data: a.state_reason_data.clone(),
                timestamp: stamp(a.state_updated),
            },
            previous_state: AlarmStateDetail {
                value: old_state.to_owned(),
                reason: old_reason.to_owned(),
                reason_data: old_data.map(str::to_owned),
                timestamp: stamp(old_updated),
            },
            configuration,
        };
        Some((Some(a.arn.clone()), Detail::Alarm(Box::new(detail))))
    }

    /// `ECS Deployment State Change` (F11.5).
    fn eb_deployment(
        &self,
        service_arn: &str,
        deployment_id: &str,
        event_name: &str,
        reason: &str,
    ) -> Mapped {
        let detail = DeploymentDetail {
            event_type: deployment_event_type(event_name),
            event_name: event_name.to_owned(),
            deployment_id: deployment_id.to_owned(),
            updated_at: self.iso(self.now),
            reason: reason.to_owned(),
        };
        (Some(service_arn.to_owned()), Detail::Deployment(detail))
    }

    /// The cluster of a service: from its record, else from its ARN
    /// (`…:service/<cluster>/<name>`).
    fn cluster_arn_of_service(&self, service_arn: &str) -> String {
        if let Some(s) = self.state.services.get(service_arn) {
            return s.cluster_arn.clone();
        }
        let cluster = self
            .arns
            .resource("ecs", service_arn)
            .and_then(|r| r.strip_prefix("service/"))
            .and_then(|r| r.split('/').next())
            .unwrap_or_default();
        self.arns.arn("ecs", &format!("cluster/{cluster}"))
    }
}
