//! `sim load`: a demand on a service that the learner sets, so its CPU and
//! memory utilisation (and later its scaling) can be watched.
//!
//! `sim load service/<cluster>/<service> cpu=<P>% [memory=<P>%]
//! [profile=steady|ramp|daily|spike]` fixes a demand equal to P % of the
//! CPU (memory) of the service's tasks RUNNING at that moment. The demand
//! stays as set while tasks come and go, so utilisation falls when the
//! service scales out (MODEL, section 13):
//!
//! task CPU % = idle CPU (`BASE_CPU_PERCENT`) + its traffic's CPU
//!              + demand × profile(t) / running tasks / task CPU × 100,
//!
//! at most 100 (a task cannot use more than its task-level CPU, F8.3);
//! memory likewise from `BASE_MEMORY_PERCENT`. The profile scales the
//! demand over time since it was set:
//! - `steady`: 1;
//! - `ramp`: from 0 to 1 over [`RAMP_MINUTES`], then 1;
//! - `daily`: a day's curve of the simulated UTC clock, 1 at 16:00 and
//!   [`DAILY_LOW`] at 04:00 (a cosine between);
//! - `spike`: 1 for [`SPIKE_MINUTES`], then [`AFTER_SPIKE`].
//!
//! `sim load service/<cluster>/<service> off` removes it.

use super::*;
use serde::{Deserialize, Serialize};

/// MODEL: how long `profile=ramp` takes to reach the full demand.
pub const RAMP_MINUTES: u64 = 60;
/// MODEL: `profile=daily` at its 04:00 low, as a share of its 16:00 peak.
pub const DAILY_LOW: f64 = 0.1;
/// MODEL: how long `profile=spike` lasts, and the share of it left after.
pub const SPIKE_MINUTES: u64 = 10;
pub const AFTER_SPIKE: f64 = 0.1;
/// A demand is at most this many times the service's capacity when set.
pub const MAX_PERCENT: f64 = 1_000.0;

/// `sim load` as an [`Input`](crate::Input): set (`cpu`, `memory`,
/// `profile`) or remove (`off`) a service's demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    /// `service/<cluster>/<service>`, as Application Auto Scaling names it
    /// (F8.1).
    pub resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
}

/// The shapes a demand takes over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Steady,
    Ramp,
    Daily,
    Spike,
}

impl Profile {
    pub fn parse(name: &str) -> Option<Profile> {
        match name {
            "steady" => Some(Profile::Steady),
            "ramp" => Some(Profile::Ramp),
            "daily" => Some(Profile::Daily),
            "spike" => Some(Profile::Spike),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Steady => "steady",
            Profile::Ramp => "ramp",
            Profile::Daily => "daily",
            Profile::Spike => "spike",
        }
    }
}

/// A demand in force.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadRecord {
    /// CPU units and MiB at the profile's full strength.
    pub cpu_units: f64,
    pub memory_mib: f64,
    pub profile: Profile,
    pub since: SimTime,
    /// As given, for the report.
    pub cpu_percent: f64,
    pub memory_percent: f64,
}

impl LoadRecord {
    /// The profile's share of the full demand at `now` (the daily curve
    /// reads the UTC clock: simulated time 0 is `start_epoch_ms`).
    pub fn factor(&self, now: SimTime, start_epoch_ms: u64) -> f64 {
        let elapsed_min = now.0.saturating_sub(self.since.0) as f64 / 60_000.0;
        match self.profile {
            Profile::Steady => 1.0,
            Profile::Ramp => (elapsed_min / RAMP_MINUTES as f64).min(1.0),
            Profile::Spike if elapsed_min < SPIKE_MINUTES as f64 => 1.0,
            Profile::Spike => AFTER_SPIKE,
            Profile::Daily => {
                let hour = (now.epoch_ms(start_epoch_ms) % 86_400_000) as f64 / 3_600_000.0;
                let wave = (1.0 - (std::f64::consts::TAU * (hour - 4.0) / 24.0).cos()) / 2.0;
                DAILY_LOW + (1.0 - DAILY_LOW) * wave
            }
        }
    }
}

impl Sim {
    /// Sets or removes a service's demand (through
    /// [`Input::Load`](crate::Input::Load)).
    pub(crate) fn set_load(&mut self, load: &Load) -> Result<String, ApiError> {
        let bad = |m: String| ApiError::invalid_parameter(format!("sim load: {m}"));
        let Some((cluster, service)) = load
            .resource_id
            .strip_prefix("service/")
            .and_then(|r| r.split_once('/'))
        else {
            return Err(bad(format!(
                "name the service as service/<cluster>/<service> (got '{}').",
                load.resource_id
            )));
        };
        let service_arn = self.service_arn(&self.cluster_arn(cluster), service);
        let Some(record) = self
            .state
            .services
            .get(&service_arn)
            .filter(|s| s.status == crate::state::ServiceStatus::Active)
        else {
            return Err(bad(format!(
                "there is no ACTIVE service {service} in cluster {cluster}."
            )));
        };
        if load.off {
            if self.state.cloudwatch.loads.remove(&service_arn).is_none() {
                return Err(bad(format!("service {service} has no load to remove.")));
            }
            return Ok(format!("Removed the load on {service}."));
        }
        let profile = match load.profile.as_deref() {
            None => Profile::Steady,
            Some(p) => Profile::parse(p).ok_or_else(|| {
                bad(format!(
                    "profile '{p}' is not one of steady, ramp, daily, spike."
                ))
            })?,
        };
        let percent = |p: Option<f64>, what: &str| -> Result<f64, ApiError> {
            match p {
                None => Ok(0.0),
                Some(p) if p.is_finite() && (0.0..=MAX_PERCENT).contains(&p) => Ok(p),
                Some(p) => Err(bad(format!(
                    "{what}={p}% is not a percentage from 0 to {MAX_PERCENT}."
                ))),
            }
        };
        let cpu = percent(load.cpu_percent, "cpu")?;
        let memory = percent(load.memory_percent, "memory")?;
        if load.cpu_percent.is_none() && load.memory_percent.is_none() {
            return Err(bad("give cpu=<P>% and/or memory=<P>% (or off).".to_owned()));
        }
        let group = ["service:", &record.detail.name].concat();
        let running: Vec<(u32, u32)> = self
            .state
            .tasks_in_group(&group)
            .filter(|t| {
                t.status == crate::state::TaskStatus::Running && t.cluster_arn == record.cluster_arn
            })
            .map(|t| (t.cpu, t.memory))
            .collect();
        if running.is_empty() {
            return Err(bad(format!(
                "service {service} has no RUNNING task to measure the load against yet: set it once a task runs."
            )));
        }
        let cpu_units: f64 = running.iter().map(|(c, _)| f64::from(*c)).sum::<f64>() * cpu / 100.0;
        let memory_mib: f64 =
            running.iter().map(|(_, m)| f64::from(*m)).sum::<f64>() * memory / 100.0;
        let n = running.len();
        self.state.cloudwatch.loads.insert(
            service_arn,
            LoadRecord {
                cpu_units,
                memory_mib,
                profile,
                since: self.now,
                cpu_percent: cpu,
                memory_percent: memory,
            },
        );
        self.ensure_minute_timer();
        Ok(format!(
            "Load on {service}: {cpu}% CPU and {memory}% memory of its {n} running task{} ({cpu_units:.0} CPU units, {memory_mib:.0} MiB), {} from now on; AWS/ECS CPUUtilization and MemoryUtilization show it every minute.",
            if n == 1 { "" } else { "s" },
            profile.as_str()
        ))
    }

    /// `sim load` with no arguments: the loads in force.
    pub fn load_report(&self) -> String {
        let loads = &self.state.cloudwatch.loads;
        if loads.is_empty() {
            return "No load. Set some: sim load service/<cluster>/<service> cpu=<P>% [memory=<P>%] [profile=steady|ramp|daily|spike]\n".to_owned();
        }
        let mut out = String::new();
        for (arn, l) in loads {
            let name = arn.rsplit('/').next().unwrap_or(arn);
            out.push_str(&format!(
                "{name}: {}% CPU, {}% memory, {} (now {:.0} % of it)\n",
                l.cpu_percent,
                l.memory_percent,
                l.profile.as_str(),
                l.factor(self.now, self.config.start_epoch_ms) * 100.0
            ));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rec(profile: Profile) -> LoadRecord {
        LoadRecord {
            cpu_units: 100.0,
            memory_mib: 0.0,
            profile,
            since: SimTime(0),
            cpu_percent: 50.0,
            memory_percent: 0.0,
        }
    }

    #[test]
    fn profiles_shape_the_demand() {
        let min = |m: u64| SimTime(m * 60_000);
        // A start at midnight UTC, as the sandbox's.
        let rec = |p| (rec(p), 1_767_225_600_000u64);
        let f = |(r, start): (LoadRecord, u64), at: SimTime| r.factor(at, start);
        assert_eq!(f(rec(Profile::Steady), min(500)), 1.0);
        assert_eq!(f(rec(Profile::Ramp), min(30)), 0.5);
        assert_eq!(f(rec(Profile::Ramp), min(90)), 1.0);
        assert_eq!(f(rec(Profile::Spike), min(9)), 1.0);
        assert_eq!(f(rec(Profile::Spike), min(10)), AFTER_SPIKE);
        assert!((f(rec(Profile::Daily), min(16 * 60)) - 1.0).abs() < 1e-9);
        assert!((f(rec(Profile::Daily), min(4 * 60)) - DAILY_LOW).abs() < 1e-9);
        assert!((f(rec(Profile::Daily), min(10 * 60)) - 0.55).abs() < 1e-9);
    }
}
