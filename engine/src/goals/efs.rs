//! The `efs_file_system` and `task_stopped` goals (see the module docs of
//! `goals`).

use super::{GoalCheck, family_of, short};
use crate::ec2::security_group::Source;
use crate::sim::Sim;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EfsFileSystemGoal {
    /// Its `Name` tag (or its id).
    pub name: String,
    /// Available mount targets in at least this many Availability Zones.
    #[serde(default)]
    pub mount_targets: Option<usize>,
    /// Every mount target allows NFS (TCP 2049) from this security group
    /// (name or id).
    #[serde(default)]
    pub nfs_from: Option<String>,
    /// Its files hold lines that `stevedore/efs-notes` tasks in at least
    /// this many Availability Zones wrote.
    #[serde(default)]
    pub written_from_zones: Option<usize>,
}

impl EfsFileSystemGoal {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.mount_targets {
            parts.push(format!(
                "has available mount targets in {n} Availability Zones"
            ));
        }
        if let Some(g) = &self.nfs_from {
            parts.push(format!("lets NFS (TCP 2049) in from {g}"));
        }
        if let Some(n) = self.written_from_zones {
            parts.push(format!(
                "holds lines written by tasks in {n} Availability Zones"
            ));
        }
        if parts.is_empty() {
            format!("EFS file system {} exists.", self.name)
        } else {
            format!("EFS file system {} {}.", self.name, parts.join(", "))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskStoppedGoal {
    pub cluster: String,
    pub family: String,
    /// A stopped task of the family says this in its stoppedReason.
    pub reason_contains: String,
}

impl TaskStoppedGoal {
    pub(crate) fn describe(&self) -> String {
        format!(
            "A task of {} in cluster {} stopped with a reason that contains \"{}\".",
            self.family, self.cluster, self.reason_contains
        )
    }
}

impl Sim {
    pub(crate) fn check_efs_file_system(&self, g: &EfsFileSystemGoal) -> GoalCheck {
        let efs = &self.state.efs;
        let Some(fs) = efs
            .file_systems
            .values()
            .find(|f| f.id == g.name || f.name() == Some(g.name.as_str()))
        else {
            return GoalCheck::unmet(format!("no EFS file system named {}", g.name));
        };
        let targets: Vec<_> = efs
            .mount_targets
            .values()
            .filter(|m| m.file_system_id == fs.id)
            .collect();
        let available: BTreeSet<&str> = targets
            .iter()
            .filter(|m| m.life_cycle_state(self.now) == "available")
            .map(|m| m.availability_zone.as_str())
            .collect();
        let zones_written: BTreeSet<&str> = fs
            .files
            .values()
            .flat_map(|f| f.lines())
            .filter_map(|l| l.rsplit_once(" in ").map(|(_, az)| az))
            .collect();
        let now = format!(
            "{} ({}): {}; {} mount target(s), available in {}; lines from {}",
            fs.id,
            fs.life_cycle_state(self.now),
            if fs.files.is_empty() {
                "no files".to_owned()
            } else {
                format!("{} file(s)", fs.files.len())
            },
            targets.len(),
            if available.is_empty() {
                "no zone".to_owned()
            } else {
                available.iter().copied().collect::<Vec<_>>().join(", ")
            },
            if zones_written.is_empty() {
                "no zone".to_owned()
            } else {
                zones_written.iter().copied().collect::<Vec<_>>().join(", ")
            }
        );
        let mut wrong = Vec::new();
        if g.mount_targets.is_some_and(|n| available.len() < n) {
            wrong.push("too few available mount targets".to_owned());
        }
        if let Some(from) = &g.nfs_from {
            match self.find_group(from) {
                None => wrong.push(format!("there is no security group {from}")),
                Some(group) => {
                    let source = Source::Group(group.id.clone());
                    let closed: Vec<&str> = targets
                        .iter()
                        .filter(|m| !self.admits_ingress(&m.security_groups, &source, "tcp", 2049))
                        .map(|m| m.availability_zone.as_str())
                        .collect();
                    if targets.is_empty() || !closed.is_empty() {
                        wrong.push(format!(
                            "no NFS (TCP 2049) from {from} at the mount targets in {}",
                            if closed.is_empty() {
                                "any zone".to_owned()
                            } else {
                                closed.join(", ")
                            }
                        ));
                    }
                }
            }
        }
        if g.written_from_zones
            .is_some_and(|n| zones_written.len() < n)
        {
            wrong.push("lines from too few zones".to_owned());
        }
        if wrong.is_empty() {
            GoalCheck::met(now)
        } else {
            GoalCheck::unmet(format!("{now} ({})", wrong.join("; ")))
        }
    }

    pub(crate) fn check_task_stopped(&self, g: &TaskStoppedGoal) -> GoalCheck {
        let cluster = match self.active_cluster(&g.cluster) {
            Ok(c) => c,
            Err(why) => return GoalCheck::unmet(why),
        };
        let stopped: Vec<_> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.cluster_arn == cluster.arn
                    && family_of(&t.life.task_definition_arn) == g.family
                    && t.stopped_reason.is_some()
            })
            .collect();
        if let Some(t) = stopped.iter().find(|t| {
            t.stopped_reason
                .as_deref()
                .is_some_and(|r| r.contains(&g.reason_contains))
        }) {
            return GoalCheck::met(format!(
                "task {} stopped: {}",
                short(&t.arn),
                t.stopped_reason.as_deref().unwrap_or("")
            ));
        }
        match stopped
            .iter()
            .max_by_key(|t| (t.stopped_at, t.life.created_at))
        {
            Some(t) => GoalCheck::unmet(format!(
                "the latest stopped task {} says: {}",
                short(&t.arn),
                t.stopped_reason.as_deref().unwrap_or("")
            )),
            None => GoalCheck::unmet(format!(
                "no task of family {} has stopped in cluster {}",
                g.family, g.cluster
            )),
        }
    }
}
