//! The one way in: an [`Input`] applied to the [`Sim`] by [`Sim::apply`]
//! gives an [`Output`]. Every change to a simulated account goes through
//! here — the AWS API, time, faults, the learner's Docker client — and
//! so do probes (`curl`), which only read. Each input applied is recorded
//! in the account's [`Journal`](crate::Journal) with the simulated time it
//! was applied at, so replaying the journal on a fresh `Sim` gives the same
//! state and the same events.
//!
//! Reads that need no input stay methods taking `&self`: [`Sim::view`],
//! [`Sim::next_due`], [`Sim::docker_images`], [`Sim::resolve_image_pull`];
//! so do the outboxes ([`Sim::drain_events`],
//! [`Sim::drain_eventbridge_events`]), which hand out what happened and
//! change nothing a replay would see.

use crate::command::{Command, Response};
use crate::error::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::images::{Docker, DockerError, DockerOutput};
use crate::reach::{Probe, ProbeOutcome};
use crate::sim::Sim;
use crate::time::{SimDuration, SimTime};

/// Something that happens to a simulated account.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // as `Command`: boxing buys nothing
pub enum Input {
    /// An AWS API action (`aws ecs create-cluster …`, a form, an SDK call
    /// through `stevedore serve`).
    Api(Command),
    /// Simulated time moves forward by this much, firing every timer due on
    /// the way, in order.
    Advance(SimDuration),
    /// Simulated time moves to the next due timer ([`Sim::next_due`]) and
    /// fires every timer due then; nothing happens when none is pending.
    StepToNextTimer,
    /// Something goes wrong on purpose (`sim fault …`).
    Fault(Fault),
    /// The learner's simulated Docker client (`docker …`).
    Docker(Docker),
    /// A client's HTTP GET (`curl`): reads the account and changes
    /// nothing, except that a request through a load balancer moves its
    /// target group's rotation on (and is recorded, so a replay spreads
    /// requests the same way).
    Probe(Probe),
    /// The learner writes a file (`cat > task.json <<'EOF'`, an editor):
    /// created or replaced (engine::files).
    WriteFile { path: String, contents: String },
    /// The learner removes a file (`rm`).
    RemoveFile { path: String },
    /// Steady traffic to a load balancer starts, changes or stops (`sim
    /// traffic`, engine/src/elbv2/traffic.rs).
    Traffic(crate::elbv2::Traffic),
    /// A demand on a service is set or removed (`sim load`,
    /// engine/src/cloudwatch/load.rs).
    Load(crate::cloudwatch::Load),
    /// Messages are put on a queue, now or at a rate (`sim produce`,
    /// engine/src/sqs/produce.rs).
    Produce(crate::sqs::Produce),
}

impl From<Command> for Input {
    fn from(command: Command) -> Input {
        Input::Api(command)
    }
}

impl Input {
    /// Whether applying this input can change the account. API reads
    /// (Describe*, List*, Get* except GetAuthorizationToken, S3's Head*,
    /// SimulatePrincipalPolicy, BatchGetImage) and probes cannot; time,
    /// faults, Docker and every other action can. Only inputs that can are
    /// recorded in the journal (a replay without the reads is the same
    /// account, which the replay tests check on every scenario and random
    /// command sequence); undo ([`Sim::undo`]) goes back to before the last
    /// one that is not only time.
    pub fn changes_account(&self) -> bool {
        match self {
            Input::Api(command) => Input::api_changes_account(command),
            Input::Probe(_) => false,
            Input::Advance(_)
            | Input::StepToNextTimer
            | Input::Fault(_)
            | Input::Docker(_)
            | Input::WriteFile { .. }
            | Input::RemoveFile { .. }
            | Input::Traffic(_)
            | Input::Load(_)
            | Input::Produce(_) => true,
        }
    }

    fn api_changes_account(command: &Command) -> bool {
        let op = command.operation();
        let read = op.starts_with("Describe")
            || op.starts_with("List")
            || (op.starts_with("Get") && op != "GetAuthorizationToken")
            || op.starts_with("Head")
            || op == "SimulatePrincipalPolicy"
            || op == "BatchGetImage"
            || (command.service() == crate::command::Service::DynamoDb
                && matches!(op, "Query" | "Scan" | "BatchGetItem"));
        !read
    }

    /// Whether this input only moves time.
    pub fn is_time(&self) -> bool {
        matches!(self, Input::Advance(_) | Input::StepToNextTimer)
    }

    /// A short description for people: `ecs CreateCluster {"clusterName":"a"}`
    /// (the input cut at 100 characters), `advance 1m30s`,
    /// `fault kill-task 1a2b…`, `docker push …`, `curl 3.80.1.2:80/`.
    pub fn describe(&self) -> String {
        match self {
            Input::Api(command) => {
                let mut input = command.input_json().to_string();
                if input.chars().count() > 100 {
                    input = input.chars().take(99).collect::<String>() + "…";
                }
                format!(
                    "{} {} {input}",
                    command.service().cli_name(),
                    command.operation()
                )
            }
            Input::Advance(d) => format!("advance {}", d.label()),
            Input::StepToNextTimer => "step to the next timer".to_owned(),
            Input::Fault(fault) => format!("fault {fault}"),
            Input::Docker(docker) => docker.describe(),
            Input::Probe(probe) => format!(
                "curl {}:{}{}",
                crate::base::ipv4::format_ipv4(probe.destination),
                probe.port,
                probe.path
            ),
            Input::WriteFile { path, contents } => {
                format!("write {path} ({} bytes)", contents.len())
            }
            Input::RemoveFile { path } => format!("rm {path}"),
            Input::Traffic(t) => match t.rate {
                Some(r) => format!(
                    "traffic {} {r}/s {}",
                    t.load_balancer,
                    t.path.as_deref().unwrap_or("/")
                ),
                None => format!("traffic {} off", t.load_balancer),
            },
            Input::Load(l) => match (l.off, l.cpu_percent, l.memory_percent) {
                (true, _, _) => format!("load {} off", l.resource_id),
                (false, cpu, memory) => format!(
                    "load {} cpu={}% memory={}% {}",
                    l.resource_id,
                    cpu.unwrap_or(0.0),
                    memory.unwrap_or(0.0),
                    l.profile.as_deref().unwrap_or("steady")
                ),
            },
            Input::Produce(p) => match (p.rate, p.burst) {
                (Some(r), _) => format!("produce {} {r}/s", p.queue),
                (None, Some(n)) => format!("produce {} {n}", p.queue),
                (None, None) => format!("produce {} off", p.queue),
            },
        }
    }
}

/// How simulated time moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeMoved {
    pub from: SimTime,
    pub to: SimTime,
    pub timers_fired: u64,
}

/// What applying an [`Input`] gave, one variant per kind of input.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // short-lived values; boxing buys nothing
pub enum Output {
    Api(Result<Response, ApiError>),
    /// For [`Input::Advance`] and [`Input::StepToNextTimer`].
    Time(TimeMoved),
    /// What the fault did (one sentence), or why it could not.
    Fault(Result<String, ApiError>),
    Docker(Result<DockerOutput, DockerError>),
    Probe(ProbeOutcome),
    /// For [`Input::WriteFile`] and [`Input::RemoveFile`]: the file's
    /// absolute path, or why not.
    File(Result<String, ApiError>),
    /// For [`Input::Traffic`]: what it does, or why not.
    Traffic(Result<String, ApiError>),
    /// For [`Input::Load`]: what it does, or why not.
    Load(Result<String, ApiError>),
    /// For [`Input::Produce`]: what it does, or why not.
    Produce(Result<String, ApiError>),
}

impl Output {
    /// The API result of an [`Input::Api`]. Any other output is a caller's
    /// mistake, reported as a `ClientException` rather than a panic.
    pub fn api(self) -> Result<Response, ApiError> {
        match self {
            Output::Api(result) => result,
            other => Err(wrong_output("an API response", &other)),
        }
    }

    /// The result of an [`Input::Fault`] (see [`Output::api`]).
    pub fn fault(self) -> Result<String, ApiError> {
        match self {
            Output::Fault(result) => result,
            other => Err(wrong_output("a fault's result", &other)),
        }
    }

    /// The result of an [`Input::Docker`] (see [`Output::api`]).
    pub fn docker(self) -> Result<DockerOutput, DockerError> {
        match self {
            Output::Docker(result) => result,
            other => Err(DockerError {
                message: wrong_output("a docker result", &other).message,
                code: None,
            }),
        }
    }

    /// The result of an [`Input::Traffic`] (see [`Output::api`]).
    pub fn traffic(self) -> Result<String, ApiError> {
        match self {
            Output::Traffic(result) => result,
            other => Err(wrong_output("a traffic change", &other)),
        }
    }

    /// The result of an [`Input::Load`] (see [`Output::api`]).
    pub fn load(self) -> Result<String, ApiError> {
        match self {
            Output::Load(result) => result,
            other => Err(wrong_output("a load change", &other)),
        }
    }

    /// The result of an [`Input::Produce`] (see [`Output::api`]).
    pub fn produce(self) -> Result<String, ApiError> {
        match self {
            Output::Produce(result) => result,
            other => Err(wrong_output("a produce change", &other)),
        }
    }

    /// The result of an [`Input::WriteFile`] or [`Input::RemoveFile`] (see
    /// [`Output::api`]).
    pub fn file(self) -> Result<String, ApiError> {
        match self {
            Output::File(result) => result,
            other => Err(wrong_output("a file's result", &other)),
        }
    }

    /// The outcome of an [`Input::Probe`], if this is one.
    pub fn probe(self) -> Option<ProbeOutcome> {
        match self {
            Output::Probe(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// How time moved, for [`Input::Advance`] and
    /// [`Input::StepToNextTimer`].
    pub fn time(&self) -> Option<TimeMoved> {
        match self {
            Output::Time(moved) => Some(*moved),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Output::Api(_) => "an API response",
            Output::Time(_) => "a time change",
            Output::Fault(_) => "a fault's result",
            Output::Docker(_) => "a docker result",
            Output::Probe(_) => "a probe's outcome",
            Output::File(_) => "a file's result",
            Output::Traffic(_) => "a traffic change",
            Output::Load(_) => "a load change",
            Output::Produce(_) => "a produce change",
        }
    }
}

fn wrong_output(wanted: &str, got: &Output) -> ApiError {
    ApiError::new(
        ErrorCode::ClientException,
        format!("Expected {wanted} but the input gave {}.", got.kind()),
    )
}

impl Sim {
    /// Applies one input at the current simulated time: the one way to
    /// change the account. An input that can change it is recorded in
    /// [`Sim::journal`] (consecutive [`Input::Advance`]s as one), so the
    /// journal replays to this very state.
    pub fn apply(&mut self, input: Input) -> Output {
        let at = self.now;
        match input {
            Input::Api(command) => {
                if Input::api_changes_account(&command) {
                    self.journal.record(at, Input::Api(command.clone()));
                }
                Output::Api(self.execute(command))
            }
            Input::Advance(by) => {
                self.journal.record(at, Input::Advance(by));
                Output::Time(self.advance_recorded(by))
            }
            // Recorded as the advance it amounts to, so a journal's times
            // follow from its advances alone.
            Input::StepToNextTimer => {
                let by = self
                    .next_due()
                    .map_or(SimDuration(0), |due| due.since(self.now));
                self.journal.record(at, Input::Advance(by));
                Output::Time(self.advance_recorded(by))
            }
            Input::Fault(fault) => {
                let out = self.inject_fault(&fault);
                self.journal.record(at, Input::Fault(fault));
                self.run_scheduler();
                Output::Fault(out)
            }
            Input::Docker(docker) => {
                let out = self.run_docker(&docker);
                self.journal.record(at, Input::Docker(docker));
                Output::Docker(out)
            }
            Input::WriteFile { path, contents } => {
                let out = self.write_file(&path, &contents);
                self.journal.record(at, Input::WriteFile { path, contents });
                Output::File(out)
            }
            Input::RemoveFile { path } => {
                let out = self.remove_file(&path);
                self.journal.record(at, Input::RemoveFile { path });
                Output::File(out)
            }
            Input::Traffic(traffic) => {
                let out = self.set_traffic(&traffic);
                self.journal.record(at, Input::Traffic(traffic));
                Output::Traffic(out)
            }
            Input::Load(load) => {
                let out = self.set_load(&load);
                self.journal.record(at, Input::Load(load));
                Output::Load(out)
            }
            Input::Produce(produce) => {
                let out = self.set_produce(&produce);
                self.journal.record(at, Input::Produce(produce));
                Output::Produce(out)
            }
            // A probe reads the account, except through a load balancer:
            // the request moves its target group's rotation on (and is
            // recorded, so a replay sends it again).
            Input::Probe(probe) => {
                let (outcome, chosen) = self.probe_request(&probe);
                if let Some(tg) = chosen
                    && let Some(group) = self.state.elb.target_groups.get_mut(&tg)
                {
                    group.rotation += 1;
                    self.journal.record(at, Input::Probe(probe));
                }
                Output::Probe(outcome)
            }
        }
    }

    fn advance_recorded(&mut self, by: SimDuration) -> TimeMoved {
        let from = self.now;
        let fired = self.timers_fired();
        self.advance(by);
        TimeMoved {
            from,
            to: self.now,
            timers_fired: self.timers_fired() - fired,
        }
    }
}
