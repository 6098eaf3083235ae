//! Fargate Spot interruption (F2.9, F1.8): the fault that gives FARGATE_SPOT
//! tasks their two-minute notice, and the timer that stops them after it.

use super::*;
use crate::base::arn::LastSegment;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::TaskStatus;

impl Sim {
    /// Fault: Fargate Spot capacity is reclaimed (F2.9). `task` names a
    /// FARGATE_SPOT task (ARN or id), `None` picks the first RUNNING one
    /// (by ARN), `Some("all")` interrupts every RUNNING one. Each gets the
    /// two-minute notice now: desiredStatus STOPPED, stopCode
    /// `TerminationNotice`, stoppedReason `Your Spot Task was interrupted.`,
    /// lastStatus still RUNNING (F1.8); [`SPOT_NOTICE`] later it stops. Its
    /// service starts a replacement at the notice, per its strategy.
    pub(crate) fn fault_spot_interruption_now(
        &mut self,
        task: Option<&str>,
    ) -> Result<String, ApiError> {
        let spot_running = |t: &crate::state::TaskRecord| {
            t.status == TaskStatus::Running
                && t.life.desired_status == "RUNNING"
                && t.life.capacity_provider_name.as_deref() == Some(FARGATE_SPOT)
        };
        let arns: Vec<String> = match task {
            Some("all") => self
                .state
                .tasks
                .values()
                .filter(|t| spot_running(t))
                .map(|t| t.arn.clone())
                .collect(),
            Some(id) => {
                let Some(t) = self
                    .state
                    .tasks
                    .values()
                    .find(|t| t.arn == id || t.arn.last_segment() == id)
                else {
                    return Err(ApiError::invalid_parameter(format!(
                        "fault: no task '{id}' (give its ARN or id, or 'all')."
                    )));
                };
                if !spot_running(t) {
                    return Err(ApiError::invalid_parameter(format!(
                        "fault: task {} is not a RUNNING FARGATE_SPOT task (capacity provider {}, {}).",
                        t.arn,
                        t.life.capacity_provider_name.as_deref().unwrap_or("none"),
                        t.life.last_status
                    )));
                }
                vec![t.arn.clone()]
            }
            None => self
                .state
                .tasks
                .values()
                .find(|t| spot_running(t))
                .map(|t| t.arn.clone())
                .into_iter()
                .collect(),
        };
        if arns.is_empty() {
            return Err(ApiError::invalid_parameter(
                "fault: there is no RUNNING FARGATE_SPOT task to interrupt.",
            ));
        }
        let description = format!(
            "Fargate Spot capacity reclaimed: {} task(s) get the two-minute interruption notice.",
            arns.len()
        );
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        for arn in &arns {
            let Some(t) = self.state.tasks.get_mut(arn) else {
                continue;
            };
            t.life.desired_status = "STOPPED";
            t.stop_code = Some(SPOT_STOP_CODE);
            t.stopped_reason = Some(SPOT_INTERRUPTED.into());
            t.life.version += 1;
            let (group, cluster) = (t.group.clone(), t.cluster_arn.clone());
            self.emit(EventKind::TaskStateChanged {
                task_arn: arn.clone(),
                last_status: "RUNNING",
                stopped_reason: Some(SPOT_INTERRUPTED.into()),
            });
            self.schedule(
                SPOT_NOTICE,
                Timer::SpotInterruption {
                    task_arn: arn.clone(),
                },
            );
            // F2.9: the service scheduler launches a replacement.
            if group.starts_with("service:") {
                self.service_task_stopped(&group, &cluster, true);
            }
        }
        Ok(format!(
            "{description} They stop at {} ({}).",
            self.now.saturating_add(SPOT_NOTICE),
            arns.iter()
                .map(|a| a.last_segment())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// Timer: the two minutes of a Spot notice are over; the task stops
    /// (STOPPING → STOPPED, stopCode TerminationNotice, F1.8).
    pub(crate) fn spot_interruption_due(&mut self, task_arn: &str) {
        let due = self.state.tasks.get(task_arn).is_some_and(|t| {
            t.status == TaskStatus::Running && t.stop_code == Some(SPOT_STOP_CODE)
        });
        if due {
            self.begin_task_stop(task_arn, SPOT_STOP_CODE, SPOT_INTERRUPTED);
        }
    }
}
