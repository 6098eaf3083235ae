//! Sandbox meta-commands: `sim …` lines that control the simulation itself
//! and are not AWS syntax. `advance`, `time`, `reset` and `seed` act on the
//! [`Sim`] here; `pause`, `resume` and `speed` only make sense with a wall
//! clock, so they come back in [`Outcome::clock`] for the program that has
//! one (the sandbox's ticker, `stevedore serve`).

use crate::{Outcome, exit};
use stevedore_engine::base::time;
use stevedore_engine::faults::FAULT_HELP;
use stevedore_engine::{Fault, Input, Sim, SimConfig, SimDuration};

/// The longest single `sim advance` (a year), so a typo cannot ask for
/// centuries.
pub const MAX_ADVANCE: SimDuration = SimDuration(365 * 86_400_000);
/// The fastest wall-clock speed-up the sandbox offers.
pub const MAX_SPEED: u32 = 1000;

/// A parsed `sim …` line.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Advance(SimDuration),
    Time,
    Pause,
    Resume,
    Speed(u32),
    /// Start again with this seed.
    Seed(u64),
    /// Start again with the same config.
    Reset,
    Help,
    /// `sim fault …`: inject a fault (`Fault` says which).
    Fault(Fault),
    /// Move time to the next thing due to happen.
    Step,
    /// Take back the last change (and the time since).
    Undo,
    /// What the account costs now and so far.
    Cost,
    /// `sim traffic NAME N/s [PATH]`, `sim traffic NAME off`.
    Traffic(stevedore_engine::elbv2::Traffic),
    /// `sim traffic`: what is in force and the last minute's figures.
    TrafficReport,
    /// `sim load service/C/S cpu=P% [memory=P%] [profile=NAME]`, `… off`.
    Load(stevedore_engine::cloudwatch::Load),
    /// `sim load`: the loads in force.
    LoadReport,
    /// `sim inbox`: the emails SNS delivered.
    Inbox,
    /// `sim produce QUEUE N/s`, `… N`, `… off`.
    Produce(stevedore_engine::sqs::Produce),
    /// `sim produce`: the producers on.
    ProduceReport,
}

/// What a program with a wall clock should do after a `sim` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockControl {
    Pause,
    Resume,
    /// Simulated seconds per wall-clock second.
    Speed(u32),
}

/// `sim cost`: one line per costing resource, then the total
/// (`Total: $X.XXXX per hour, $Y.YY so far`).
pub fn cost_text(report: &stevedore_engine::cost::CostReport) -> String {
    use stevedore_engine::cost::dollars;
    let mut out = String::new();
    let width = report
        .lines
        .iter()
        .map(|l| l.resource.len())
        .max()
        .unwrap_or(0);
    for line in &report.lines {
        out.push_str(&format!(
            "{:width$}  {:28}  {}/h  {} so far\n",
            line.resource,
            line.billed_as,
            dollars(line.per_hour_nanos, 4),
            dollars(line.so_far_nanos, 4),
        ));
    }
    if report.forgotten_nanos > 0 {
        out.push_str(&format!(
            "(stopped tasks and terminated instances no longer listed: {} so far)\n",
            dollars(report.forgotten_nanos, 4)
        ));
    }
    if report.lines.is_empty() && report.forgotten_nanos == 0 {
        out.push_str("Nothing in the account costs anything yet (clusters, task definitions, roles and ECS itself are free).\n");
    }
    out.push_str(&format!(
        "Total: {} per hour, {} so far\n",
        dollars(report.per_hour_nanos, 4),
        dollars(report.so_far_nanos, 2)
    ));
    out
}

pub const HELP: &str = "\
Sandbox commands (not AWS syntax; they control the simulation):

  sim advance DURATION   move simulated time forward: 90s, 15m, 2h, 500ms, 1d
  sim step               move time to the next thing due to happen (a task
                         starting, a health check, a deployment step) and
                         let it happen
  sim time               show the simulated time
  sim cost               what the account costs per hour now and in total
                         so far (us-east-1 list prices, no free tier)
  sim traffic NAME N/s [PATH]
                         send N requests a second to a load balancer (its
                         name or DNS name); each minute's requests per
                         target, answers and response time are kept
  sim traffic NAME off   stop it
  sim traffic            the traffic in force and the last minute's figures
  sim load service/CLUSTER/SERVICE cpu=P% [memory=P%] [profile=NAME]
                         a demand on a service: P % of its running tasks'
                         CPU (memory) now, kept as tasks come and go;
                         profile steady (default), ramp (over an hour),
                         daily (peak 16:00) or spike (10 minutes); see
                         aws cloudwatch get-metric-statistics
  sim load service/CLUSTER/SERVICE off
                         remove it
  sim load               the loads in force
  sim produce QUEUE N/s  put N messages a second on a queue (its name or
                         URL), for workers to drain; NumberOfMessagesSent
                         counts them
  sim produce QUEUE N    put N messages on it now
  sim produce QUEUE off  stop the rate
  sim produce            the producers on and their queues' depth
  sim inbox              the emails SNS sent to your addresses (subscription
                         confirmations with their token, notifications)
  sim pause              stop the wall clock (time then moves only with sim advance)
  sim resume             start the wall clock again
  sim speed N            N simulated seconds per real second (1 to 1000)
  sim undo               take back the last change (a command, a fault, a
                         docker push…): the account goes back to just before
                         it, time included
  sim seed N             start again, empty, with random seed N
  sim reset              start again, empty, with the same seed
  sim help               this text

";

/// [`HELP`] followed by the faults (`stevedore_engine::faults::FAULT_HELP`).
pub fn help() -> String {
    format!("{HELP}{FAULT_HELP}")
}

/// Runs a fault on the simulator: what happened, or why not.
fn run_fault(sim: &mut Sim, fault: Fault) -> Outcome {
    match sim.apply(Input::Fault(fault)).fault() {
        Ok(what) => said(format!("{what}\n")),
        Err(e) => Outcome {
            stderr: format!("{}\n", e.message),
            exit_code: exit::SERVICE,
            ..Outcome::default()
        },
    }
}

/// Parses the words after `sim`.
pub fn parse(words: &[String]) -> Result<Meta, String> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["advance", d] => match SimDuration::parse(d) {
            Some(d) if d <= MAX_ADVANCE => Ok(Meta::Advance(d)),
            Some(_) => Err("sim advance: at most 365d at a time.".to_owned()),
            None => Err(format!(
                "sim advance: '{d}' is not a duration; write a number and a unit: 90s, 15m, 2h, 500ms, 1d."
            )),
        },
        ["advance"] => Err("sim advance: how long? For example: sim advance 90s".to_owned()),
        ["time"] => Ok(Meta::Time),
        ["inbox"] => Ok(Meta::Inbox),
        ["cost"] => Ok(Meta::Cost),
        ["traffic"] => Ok(Meta::TrafficReport),
        ["traffic", lb, "off"] => Ok(Meta::Traffic(stevedore_engine::elbv2::Traffic {
            load_balancer: (*lb).to_owned(),
            rate: None,
            path: None,
        })),
        ["traffic", lb, rate, rest @ ..] if rest.len() <= 1 => {
            let n = rate
                .strip_suffix("/s")
                .and_then(|n| n.parse::<u32>().ok())
                .ok_or_else(|| {
                    format!(
                        "sim traffic: '{rate}' is not a rate; write requests per second as N/s, for example 20/s (or 'off')."
                    )
                })?;
            Ok(Meta::Traffic(stevedore_engine::elbv2::Traffic {
                load_balancer: (*lb).to_owned(),
                rate: Some(n),
                path: rest.first().map(|p| (*p).to_owned()),
            }))
        }
        ["produce"] => Ok(Meta::ProduceReport),
        ["produce", queue, what] => {
            let mut p = stevedore_engine::sqs::Produce {
                queue: (*queue).to_owned(),
                rate: None,
                burst: None,
                off: false,
            };
            let number = |n: &str| n.parse::<u64>().ok();
            match (*what, what.strip_suffix("/s").and_then(number)) {
                ("off", _) => p.off = true,
                (_, Some(rate)) => p.rate = Some(rate),
                (n, None) => {
                    p.burst = Some(number(n).ok_or_else(|| {
                        format!(
                            "sim produce: '{n}' is not a rate (N/s, for example 20/s), a number of messages (500) or off."
                        )
                    })?)
                }
            }
            Ok(Meta::Produce(p))
        }
        ["produce", ..] => Err(
            "sim produce: write 'sim produce QUEUE N/s', 'sim produce QUEUE N' (a burst), 'sim produce QUEUE off', or 'sim produce' for the producers on."
                .to_owned(),
        ),
        ["load"] => Ok(Meta::LoadReport),
        ["load", resource, "off"] => Ok(Meta::Load(stevedore_engine::cloudwatch::Load {
            resource_id: (*resource).to_owned(),
            cpu_percent: None,
            memory_percent: None,
            profile: None,
            off: true,
        })),
        ["load", resource, rest @ ..] if !rest.is_empty() => {
            let mut load = stevedore_engine::cloudwatch::Load {
                resource_id: (*resource).to_owned(),
                cpu_percent: None,
                memory_percent: None,
                profile: None,
                off: false,
            };
            for word in rest {
                let (key, value) = word.split_once('=').ok_or_else(|| {
                    format!("sim load: '{word}' is not KEY=VALUE (cpu=70%, memory=50%, profile=ramp).")
                })?;
                let percent = || {
                    value
                        .strip_suffix('%')
                        .unwrap_or(value)
                        .parse::<f64>()
                        .map_err(|_| format!("sim load: {key}={value} is not a percentage such as 70%."))
                };
                match key {
                    "cpu" => load.cpu_percent = Some(percent()?),
                    "memory" => load.memory_percent = Some(percent()?),
                    "profile" => load.profile = Some(value.to_owned()),
                    _ => {
                        return Err(format!(
                            "sim load: '{key}' is not cpu, memory or profile."
                        ));
                    }
                }
            }
            Ok(Meta::Load(load))
        }
        ["load", ..] => Err(
            "sim load: write 'sim load service/CLUSTER/SERVICE cpu=P% [memory=P%] [profile=steady|ramp|daily|spike]', '… off', or 'sim load' for the loads in force."
                .to_owned(),
        ),
        ["traffic", ..] => Err(
            "sim traffic: write 'sim traffic NAME N/s [PATH]', 'sim traffic NAME off', or 'sim traffic' for the figures."
                .to_owned(),
        ),
        ["pause"] => Ok(Meta::Pause),
        ["resume"] => Ok(Meta::Resume),
        ["speed", n] => match n.trim_end_matches('x').parse::<u32>() {
            Ok(n) if (1..=MAX_SPEED).contains(&n) => Ok(Meta::Speed(n)),
            _ => Err(format!(
                "sim speed: '{n}' is not a speed; give a whole number from 1 to {MAX_SPEED}."
            )),
        },
        ["seed", n] => n
            .parse::<u64>()
            .map(Meta::Seed)
            .map_err(|_| format!("sim seed: '{n}' is not a whole number.")),
        ["reset"] => Ok(Meta::Reset),
        [] | ["help"] => Ok(Meta::Help),
        ["fault", rest @ ..] => Fault::parse(rest).map(Meta::Fault),
        ["step"] => Ok(Meta::Step),
        ["undo"] => Ok(Meta::Undo),
        [other, ..] => Err(format!(
            "sim: '{}' is not a sandbox command (or has the wrong number of words). Try 'sim help'.",
            other
        )),
    }
}

/// `T+01:02:03` and the AWS timestamp it stands for.
pub fn describe_time(sim: &Sim) -> String {
    let now = sim.now();
    format!(
        "{} ({})",
        time::elapsed(now.0, false),
        time::iso8601(
            now.epoch_ms(sim.config().start_epoch_ms),
            time::Precision::Seconds
        )
    )
}

fn said(text: String) -> Outcome {
    Outcome {
        stdout: text,
        ..Outcome::default()
    }
}

/// Runs the words after `sim` on `sim`.
pub fn run(sim: &mut Sim, words: &[String]) -> Outcome {
    let meta = match parse(words) {
        Ok(meta) => meta,
        Err(problem) => {
            return Outcome {
                stderr: format!("{problem}\n"),
                exit_code: exit::USAGE,
                ..Outcome::default()
            };
        }
    };
    match meta {
        Meta::Advance(d) => {
            sim.apply(Input::Advance(d));
            said(format!("{}\n", describe_time(sim)))
        }
        Meta::Time => said(format!("{}\n", describe_time(sim))),
        Meta::Inbox => said(sim.inbox_report()),
        Meta::Cost => said(cost_text(&sim.cost())),
        Meta::TrafficReport => said(sim.traffic_report()),
        Meta::LoadReport => said(sim.load_report()),
        Meta::ProduceReport => said(sim.produce_report()),
        Meta::Produce(p) => match sim.apply(Input::Produce(p)).produce() {
            Ok(what) => said(format!("{what}\n")),
            Err(e) => Outcome {
                stderr: format!("{}\n", e.message),
                exit_code: exit::SERVICE,
                ..Outcome::default()
            },
        },
        Meta::Load(l) => match sim.apply(Input::Load(l)).load() {
            Ok(what) => said(format!("{what}\n")),
            Err(e) => Outcome {
                stderr: format!("{}\n", e.message),
                exit_code: exit::SERVICE,
                ..Outcome::default()
            },
        },
        Meta::Traffic(t) => match sim.apply(Input::Traffic(t)).traffic() {
            Ok(what) => said(format!("{what}\n")),
            Err(e) => Outcome {
                stderr: format!("{}\n", e.message),
                exit_code: exit::SERVICE,
                ..Outcome::default()
            },
        },
        Meta::Help => said(help()),
        Meta::Step => {
            let moved = sim.apply(Input::StepToNextTimer).time();
            match moved {
                Some(m) if m.timers_fired > 0 => said(format!(
                    "{} (+{}; {} thing(s) happened)\n",
                    describe_time(sim),
                    m.to.since(m.from).label(),
                    m.timers_fired
                )),
                _ => said(format!(
                    "{}: nothing is due to happen; time stays where it is.\n",
                    describe_time(sim)
                )),
            }
        }
        Meta::Undo => match sim.undo() {
            None => Outcome {
                stderr: "sim undo: nothing to undo (no change since the account was created).\n"
                    .to_owned(),
                exit_code: exit::USAGE,
                ..Outcome::default()
            },
            Some(Ok((before, input))) => {
                *sim = before;
                said(format!(
                    "Undone: {}\nThe account is as it was just before it; time is {}.\n",
                    input.describe(),
                    describe_time(sim)
                ))
            }
            Some(Err(e)) => Outcome {
                stderr: format!("sim undo: the journal could not be replayed: {e}\n"),
                exit_code: exit::SERVICE,
                ..Outcome::default()
            },
        },
        Meta::Reset | Meta::Seed(_) => {
            let config = match meta {
                Meta::Seed(seed) => SimConfig {
                    seed,
                    ..sim.config().clone()
                },
                _ => sim.config().clone(),
            };
            match Sim::new(config) {
                Ok(fresh) => {
                    *sim = fresh;
                    said(format!(
                        "A fresh, empty account (seed {}); time is {}.\n",
                        sim.config().seed,
                        describe_time(sim)
                    ))
                }
                Err(e) => Outcome {
                    stderr: format!("sim: {}\n", e.message),
                    exit_code: exit::USAGE,
                    ..Outcome::default()
                },
            }
        }
        Meta::Pause => Outcome {
            stdout: "Paused: simulated time now moves only with 'sim advance'.\n".to_owned(),
            clock: Some(ClockControl::Pause),
            ..Outcome::default()
        },
        Meta::Resume => Outcome {
            stdout: "Resumed: simulated time follows the wall clock again.\n".to_owned(),
            clock: Some(ClockControl::Resume),
            ..Outcome::default()
        },
        Meta::Speed(n) => Outcome {
            stdout: format!("Speed: {n} simulated second(s) per real second.\n"),
            clock: Some(ClockControl::Speed(n)),
            ..Outcome::default()
        },
        Meta::Fault(fault) => run_fault(sim, fault),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::SimTime;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_the_meta_commands() {
        assert_eq!(
            parse(&words("advance 90s")),
            Ok(Meta::Advance(SimDuration::seconds(90)))
        );
        assert_eq!(
            parse(&words("advance 15m")),
            Ok(Meta::Advance(SimDuration::minutes(15)))
        );
        assert_eq!(
            parse(&words("advance 2h")),
            Ok(Meta::Advance(SimDuration::hours(2)))
        );
        assert_eq!(parse(&words("time")), Ok(Meta::Time));
        assert_eq!(parse(&words("pause")), Ok(Meta::Pause));
        assert_eq!(parse(&words("resume")), Ok(Meta::Resume));
        assert_eq!(parse(&words("speed 10")), Ok(Meta::Speed(10)));
        assert_eq!(parse(&words("speed 10x")), Ok(Meta::Speed(10)));
        assert_eq!(parse(&words("seed 42")), Ok(Meta::Seed(42)));
        assert_eq!(parse(&words("reset")), Ok(Meta::Reset));
        assert_eq!(parse(&words("help")), Ok(Meta::Help));
        assert_eq!(parse(&words("")), Ok(Meta::Help));
        assert_eq!(
            parse(&words("fault kill-task x --container web --exit-code 2")),
            Ok(Meta::Fault(Fault::KillTask {
                task: "x".into(),
                container: Some("web".into()),
                exit_code: 2
            }))
        );
        assert_eq!(
            parse(&words("fault kill-task x")),
            Ok(Meta::Fault(Fault::KillTask {
                task: "x".into(),
                container: None,
                exit_code: 1
            }))
        );
        assert_eq!(
            parse(&words("fault break-health web-svc")),
            Ok(Meta::Fault(Fault::BreakHealth {
                target: "web-svc".into(),
                container: None
            }))
        );
        assert_eq!(
            parse(&words("fault lose-az us-east-1a")),
            Ok(Meta::Fault(Fault::LoseAz {
                az: "us-east-1a".into()
            }))
        );
        for bad in [
            "fault",
            "fault kill-task",
            "fault kill-task --container web",
            "fault kill-task x --exit-code 300",
            "fault kill-task x --exit-code",
            "fault oom x --exit-code 3",
            "fault lose-az us-east-1a extra",
            "fault explode x",
        ] {
            assert!(parse(&words(bad)).is_err(), "{bad}");
        }
        for bad in [
            "advance",
            "advance 5y",
            "advance -1s",
            "advance 400d",
            "speed 0",
            "speed 1001",
            "speed fast",
            "seed -1",
            "time now",
            "teleport",
            "advance 99999999999999999999s",
        ] {
            assert!(parse(&words(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn advance_time_and_reset_act_on_the_sim() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let out = run(&mut sim, &words("advance 90s"));
        assert_eq!(out.stdout, "T+00:01:30 (2026-01-01T00:01:30Z)\n");
        assert_eq!(sim.now(), SimTime(90_000));
        run(&mut sim, &words("advance 2h"));
        assert_eq!(
            run(&mut sim, &words("time")).stdout,
            "T+02:01:30 (2026-01-01T02:01:30Z)\n"
        );
        let out = run(&mut sim, &words("seed 42"));
        assert!(out.is_ok());
        assert_eq!(sim.config().seed, 42);
        assert_eq!(sim.now(), SimTime(0));
        run(&mut sim, &words("advance 1d"));
        run(&mut sim, &words("reset"));
        assert_eq!(sim.config().seed, 42);
        assert_eq!(sim.now(), SimTime(0));
    }

    #[test]
    fn clock_commands_are_returned_to_the_caller() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        assert_eq!(
            run(&mut sim, &words("pause")).clock,
            Some(ClockControl::Pause)
        );
        assert_eq!(
            run(&mut sim, &words("resume")).clock,
            Some(ClockControl::Resume)
        );
        assert_eq!(
            run(&mut sim, &words("speed 10")).clock,
            Some(ClockControl::Speed(10))
        );
        let fault = run(&mut sim, &words("fault stop-task t"));
        assert_eq!(fault.exit_code, exit::USAGE);
        assert!(fault.stderr.contains("not a fault"));
        let fault = run(&mut sim, &words("fault kill-task nosuchtask"));
        assert_eq!(fault.exit_code, exit::SERVICE);
        assert!(fault.stderr.contains("no task 'nosuchtask'"));
        assert_eq!(sim.now(), SimTime(0));
    }
}
