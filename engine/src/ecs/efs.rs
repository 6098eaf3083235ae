//! EFS volumes in tasks (F23.4–F23.6): when a task's containers are
//! created (PENDING → RUNNING, before the awslogs driver starts) each
//! `efsVolumeConfiguration` volume of its task definition is mounted, as
//! the EFS mount helper does, and a mount that fails stops the task
//! (`TaskFailedToStart`, MODEL) with the stopped reason AWS gives (F23.6,
//! MODEL: its prefix and first clause):
//!
//! 1. The file system's DNS name must resolve in the task's VPC: the file
//!    system exists and has a mount target in the task's Availability Zone
//!    and VPC that is `available` — otherwise `Failed to resolve
//!    "<fs>.efs.<region>.amazonaws.com"` (code 1). A deleted file system
//!    fails the same way.
//! 2. The mount target's security groups must allow NFS, TCP 2049, from
//!    the task: an awsvpc task's ENI (its address or one of its groups), a
//!    bridge or host task's instance ([`crate::ec2::security_group`] rules,
//!    the same check as [`crate::reach`]) — otherwise `mount.nfs4:
//!    Connection timed out` (code 32). TLS (`transitEncryption`) goes to
//!    port 2049 as well; `transitEncryptionPort` is the local stunnel port.
//! 3. An access point must exist and belong to the file system — otherwise
//!    `access denied by server` (MODEL: efs-utils' wording for a refused
//!    mount). IAM authorization needs the task role (MODEL: no file system
//!    policies, so any task role may mount).
//!
//! F23.5: Fargate needs platform version 1.4.0 or later; the simulator
//! runs every Fargate task on 1.4.0 (`LATEST`, [`super::run_task::FARGATE_PLATFORM`])
//! and refuses other versions at launch, so EFS volumes always qualify.
//!
//! The volume's root in the file system is the access point's path, else
//! `rootDirectory` (default `/`); the sample image `stevedore/efs-notes`
//! ([`crate::efs::files`]) writes through it.

use crate::ec2::security_group::Source;
use crate::ecs::task_definition::EfsVolumeConfiguration;
use crate::efs::files::{self, DEFAULT_NOTES_DIR, NOTES_FILE, NOTES_IMAGE};
use crate::sim::Sim;
use crate::state::TaskRecord;

/// NFS (F23.2).
pub const NFS_PORT: u16 = 2049;

const PREFIX: &str = "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: ";

impl Sim {
    /// The task's EFS volumes by name.
    fn efs_volumes(&self, task: &TaskRecord) -> Vec<(String, EfsVolumeConfiguration)> {
        self.task_definition_by_arn(&task.life.task_definition_arn)
            .map(|td| {
                td.def
                    .volumes
                    .iter()
                    .filter_map(|v| {
                        v.efs_volume_configuration
                            .clone()
                            .map(|c| (v.name.clone(), c))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The network the task's NFS client speaks from: its VPC, address and
    /// security groups (the ENI's in awsvpc mode, else its instance's).
    fn efs_client(&self, task: &TaskRecord) -> Option<(String, u32, Vec<String>)> {
        if let (Some(subnet), Some(ip)) = (&task.life.subnet_id, task.life.private_ip) {
            let vpc = self.state.subnets.get(subnet)?.vpc_id.clone();
            return Some((vpc, ip, task.life.security_groups.clone()));
        }
        let ci = self
            .state
            .container_instances
            .get(task.container_instance_arn.as_deref()?)?;
        let instance = self.state.instances.get(&ci.ec2_instance_id)?;
        Some((
            instance.vpc_id.clone(),
            instance.private_ip,
            instance.security_groups.clone(),
        ))
    }

    /// F23.6: mounts the task's EFS volumes; `Err(stopped reason)` for the
    /// first that cannot be mounted.
    pub(crate) fn mount_efs_volumes(&self, task_arn: &str) -> Result<(), String> {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return Ok(());
        };
        let volumes = self.efs_volumes(task);
        if volumes.is_empty() {
            return Ok(());
        }
        let Some((vpc, ip, groups)) = self.efs_client(task) else {
            return Ok(());
        };
        for (_, volume) in volumes {
            let fs_id = &volume.file_system_id;
            let dns = format!("{fs_id}.efs.{}.amazonaws.com", self.config.region);
            let unresolved = || {
                format!(
                    "{PREFIX}Failed to resolve \"{dns}\" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID. See https://docs.aws.amazon.com/console/efs/mount-dns-name for more detail. Attempting to lookup mount target ip address using botocore. Failed to import necessary dependency botocore, please install botocore first. : unsuccessful EFS utils command execution; code: 1"
                )
            };
            let fs = self.efs_file_system(fs_id).ok_or_else(unresolved)?;
            let target = self
                .state
                .efs
                .mount_targets
                .values()
                .find(|m| {
                    m.file_system_id == fs.id
                        && m.vpc_id == vpc
                        && m.availability_zone == task.life.availability_zone
                        && m.life_cycle_state(self.now) == "available"
                })
                .ok_or_else(unresolved)?;
            let admitted = std::iter::once(Source::Cidr(ip))
                .chain(groups.iter().cloned().map(Source::Group))
                .any(|from| self.admits_ingress(&target.security_groups, &from, "tcp", NFS_PORT));
            if !admitted {
                return Err(format!(
                    "{PREFIX}b'mount.nfs4: Connection timed out' : unsuccessful EFS utils command execution; code: 32"
                ));
            }
            if let Some(ap) = volume.access_point_id()
                && self
                    .state
                    .efs
                    .access_points
                    .get(ap)
                    .is_none_or(|a| a.file_system_id != fs.id)
            {
                return Err(format!(
                    "{PREFIX}b'mount.nfs4: access denied by server while mounting 127.0.0.1:/' : unsuccessful EFS utils command execution; code: 32"
                ));
            }
            if volume.iam_enabled()
                && self
                    .task_definition_by_arn(&task.life.task_definition_arn)
                    .and_then(|td| td.task_role_arn())
                    .is_none()
            {
                return Err(format!(
                    "{PREFIX}b'mount.nfs4: access denied by server while mounting 127.0.0.1:/' : unsuccessful EFS utils command execution; code: 32"
                ));
            }
        }
        Ok(())
    }

    /// The volume's root in its file system: the access point's path, else
    /// `rootDirectory` (default `/`).
    fn efs_root(&self, volume: &EfsVolumeConfiguration) -> String {
        if let Some(ap) = volume
            .access_point_id()
            .and_then(|id| self.state.efs.access_points.get(id))
        {
            return ap.path.clone();
        }
        volume
            .root_directory
            .clone()
            .unwrap_or_else(|| "/".to_owned())
    }

    /// Where container `index` of the task (a `stevedore/efs-notes`) keeps
    /// its notes: (file system, path in it) when its `NOTES_DIR` is an EFS
    /// mount point, else `None` (its own, unshared storage).
    pub(crate) fn efs_notes_location(
        &self,
        task: &TaskRecord,
        index: usize,
    ) -> Option<(String, String)> {
        let c = task.life.containers.get(index)?;
        let td = self.task_definition_by_arn(&task.life.task_definition_arn)?;
        let def = td.containers().iter().find(|d| d.name == c.name)?;
        let dir = def
            .environment
            .iter()
            .find(|kv| kv.name == "NOTES_DIR")
            .map_or(DEFAULT_NOTES_DIR, |kv| kv.value.as_str());
        let dir = dir.trim_end_matches('/');
        let mount = def
            .mount_points
            .iter()
            .find(|m| m.container_path.as_deref().map(|p| p.trim_end_matches('/')) == Some(dir))?;
        let volume = self
            .efs_volumes(task)
            .into_iter()
            .find(|(name, _)| Some(name.as_str()) == mount.source_volume.as_deref())?
            .1;
        Some((
            volume.file_system_id.clone(),
            files::join(&self.efs_root(&volume), NOTES_FILE),
        ))
    }

    /// The line a `stevedore/efs-notes` container writes when it starts.
    fn efs_note_line(&self, task: &TaskRecord) -> String {
        let id = task.arn.rsplit('/').next().unwrap_or(&task.arn);
        let at = self.iso8601(
            task.life.started_at.unwrap_or(self.now),
            crate::base::time::Precision::Seconds,
        );
        format!("{at} task {id} in {}", task.life.availability_zone)
    }

    /// At RUNNING: each `stevedore/efs-notes` container appends its line.
    pub(crate) fn start_efs_notes(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        let mut writes = Vec::new();
        for (index, c) in task.life.containers.iter().enumerate() {
            if !is_notes_image(&c.image) {
                continue;
            }
            if let Some((fs, path)) = self.efs_notes_location(task, index) {
                writes.push((fs, path, self.efs_note_line(task)));
            }
        }
        for (fs, path, line) in writes {
            self.efs_append(&fs, &path, &line);
        }
    }

    /// The body `stevedore/efs-notes` serves: its notes file, read now
    /// (what every task sharing the file system wrote), or only its own
    /// line when its notes directory is not an EFS mount.
    pub(crate) fn efs_notes_body(&self, task: &TaskRecord, index: usize) -> String {
        match self.efs_notes_location(task, index) {
            Some((fs, path)) => self.efs_read(&fs, &path).unwrap_or("").to_owned(),
            None => format!("{}\n", self.efs_note_line(task)),
        }
    }
}

/// Whether a container image is the sample `stevedore/efs-notes`.
pub fn is_notes_image(image: &str) -> bool {
    // Without a registry, the repository is the reference's path, a part
    // of the text: a reference that does not contain the name is not it,
    // and needs no parse (every task's containers are asked at RUNNING).
    image.contains(NOTES_IMAGE)
        && crate::ecs::task_definition::parse_image(image)
            .is_ok_and(|i| i.registry.is_none() && i.repository == NOTES_IMAGE)
}
