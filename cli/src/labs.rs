//! Running labs ([`stevedore_lessons::Lab`]): a lab's account is a fresh
//! [`Sim`] seeded with [`LAB_SEED`], its start state run through one
//! [`Shell`], then the learner's lines in the same shell; its goals are
//! checked against the account with the engine's vocabulary
//! ([`stevedore_engine::goals`]), purely from state.
//!
//! - [`start`]: the lab's account, ready for the learner (the sandbox and
//!   `stevedore lab check` begin here).
//! - [`status`]: every step's goals, met or not, each with its sentence
//!   ([`Goal::describe`]) and what exists now ([`GoalCheck::detail`]): what
//!   a lab page shows after each command.
//! - [`check`]: start, then a script, then [`status`] (`stevedore lab check`).
//! - [`validate`]: the checks `cargo test` runs on every lab, as
//!   `path:line` [`Diagnostic`]s: goals the engine cannot read (unknown
//!   kinds, fields); start and solution lines that fail unexpectedly; after
//!   each step's solution every goal of that step is met, and after the
//!   whole solution every goal of every step; the start state alone meets
//!   none of the last step's goals; and each step's solution without its
//!   last effective line (the last one that changed the account) leaves a
//!   goal of that step unmet, so the goals really check what the solution
//!   does.
//!
//! Scripts (start states, solutions, the learner's) are read as `stevedore
//! run` reads them ([`crate::script`]): `# expect-error` markers, `\`
//! continuations, here-documents.

use crate::Outcome;
use crate::script::{self, Step, judge};
use crate::shell::Shell;
use serde::{Deserialize, Serialize};
use stevedore_engine::goals::{Goal, GoalCheck};
use stevedore_engine::{Sim, SimConfig};
use stevedore_lessons::{Diagnostic, Lab, LabGoal, Script};

/// The seed of every lab's account: a lab replays the same way every time
/// (task ids, addresses, random placement).
pub const LAB_SEED: u64 = 2003;

/// A fresh lab account, before its start state.
pub fn new_sim() -> Sim {
    // The default config is valid; SimConfig::validate only refuses
    // account ids and regions the simulator does not know.
    match Sim::new(SimConfig::with_seed(LAB_SEED)) {
        Ok(sim) => sim,
        Err(e) => unreachable!("the lab config is valid: {}", e.message),
    }
}

/// One line of a script, run.
#[derive(Debug, Clone)]
pub struct LineRun {
    pub step: Step,
    /// The line in the lab file (or the script file) where it starts.
    pub file_line: usize,
    pub outcome: Outcome,
    /// Why it counts as a failure ([`judge`]), if it does.
    pub problem: Option<String>,
    /// Whether it changed the account (time included).
    pub effective: bool,
}

/// The steps of a script's text; `Err` names a malformed marker or an
/// unfinished continuation, with its line in the file.
pub fn parse_script(script: &Script) -> Result<Vec<Step>, String> {
    script::parse(&script.text).map_err(|e| {
        // "line N: …" counts from the script's first line.
        match e
            .strip_prefix("line ")
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(n, msg)| Some((n.parse::<usize>().ok()?, msg)))
        {
            Some((n, msg)) => format!("line {}:{msg}", script.line + n - 1),
            None => e,
        }
    })
}

/// Runs steps in `shell` on `sim`, in order.
pub fn run_steps(
    shell: &mut Shell,
    sim: &mut Sim,
    steps: &[Step],
    first_line: usize,
) -> Vec<LineRun> {
    let mut before = sim.state_fingerprint();
    steps
        .iter()
        .map(|step| {
            let recorded = sim.journal().len();
            let outcome = shell.run(sim, &step.command);
            let after = sim.state_fingerprint();
            // A request through a load balancer moves its rotation on (and
            // is recorded), but it is a look, not a change a goal checks.
            // (An advance merged into the journal's last one adds no entry,
            // and is a change.)
            let new = &sim.journal().entries()[recorded.min(sim.journal().len())..];
            let only_requests = !new.is_empty()
                && new
                    .iter()
                    .all(|e| matches!(e.input, stevedore_engine::Input::Probe(_)));
            let effective = after != before && !only_requests;
            before = after;
            LineRun {
                problem: judge(step, &outcome),
                file_line: first_line + step.line - 1,
                step: step.clone(),
                outcome,
                effective,
            }
        })
        .collect()
}

/// A started lab: its account and shell after the start state, and how
/// the start lines went.
#[derive(Debug, Clone)]
pub struct Started {
    pub sim: Sim,
    pub shell: Shell,
    pub lines: Vec<LineRun>,
}

/// The lab's account: a fresh one with the start state run.
pub fn start(lab: &Lab) -> Result<Started, String> {
    let mut sim = new_sim();
    let mut shell = Shell::new();
    let steps = parse_script(&lab.start)?;
    let lines = run_steps(&mut shell, &mut sim, &steps, lab.start.line);
    Ok(Started { sim, shell, lines })
}

/// One goal's state now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalStatus {
    pub kind: String,
    /// What the goal asks for ([`Goal::describe`]), or that the lab file's
    /// goal cannot be read.
    pub description: String,
    pub met: bool,
    /// What exists now ([`GoalCheck::detail`]).
    pub detail: String,
    /// Its line in the lab file.
    pub line: usize,
}

/// One step's goals now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepStatus {
    pub title: String,
    pub goals: Vec<GoalStatus>,
}

impl StepStatus {
    pub fn met(&self) -> bool {
        self.goals.iter().all(|g| g.met)
    }
}

fn goal_status(sim: &Sim, goal: &LabGoal) -> GoalStatus {
    match Goal::from_json(&goal.spec) {
        Ok(g) => {
            let GoalCheck { met, detail } = sim.check_goal(&g);
            GoalStatus {
                kind: g.kind().to_owned(),
                description: g.describe(),
                met,
                detail,
                line: goal.line,
            }
        }
        Err(e) => GoalStatus {
            kind: goal.kind().to_owned(),
            description: "(a goal the simulator cannot read)".to_owned(),
            met: false,
            detail: e,
            line: goal.line,
        },
    }
}

/// Every step's goals against the account as it is now: what a lab page
/// shows (each goal met or not, and why).
pub fn status(sim: &Sim, lab: &Lab) -> Vec<StepStatus> {
    lab.steps
        .iter()
        .map(|step| StepStatus {
            title: step.title.clone(),
            goals: step.goals.iter().map(|g| goal_status(sim, g)).collect(),
        })
        .collect()
}

/// What [`check`] found.
#[derive(Debug, Clone)]
pub struct LabCheck {
    /// The start state's lines that went wrong (a broken lab).
    pub start_problems: Vec<LineRun>,
    /// The script's lines, run after the start state.
    pub lines: Vec<LineRun>,
    pub steps: Vec<StepStatus>,
    pub sim: Sim,
}

impl LabCheck {
    /// Every goal of every step is met.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(StepStatus::met)
    }
}

/// Runs `script` (its text; line numbers count from 1) on the lab's
/// start state, then checks every goal.
pub fn check(lab: &Lab, script_text: &str) -> Result<LabCheck, String> {
    let Started {
        mut sim,
        mut shell,
        lines,
    } = start(lab)?;
    let start_problems = lines.into_iter().filter(|l| l.problem.is_some()).collect();
    let steps = script::parse(script_text)?;
    let lines = run_steps(&mut shell, &mut sim, &steps, 1);
    Ok(LabCheck {
        start_problems,
        steps: status(&sim, lab),
        lines,
        sim,
    })
}

fn diagnostic(lab: &Lab, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        path: lab.path.clone(),
        line,
        message,
    }
}

fn line_problem(lab: &Lab, what: &str, run: &LineRun) -> Option<Diagnostic> {
    let problem = run.problem.as_ref()?;
    let said = match &run.outcome.error {
        Some((_, message)) => message.clone(),
        None => run
            .outcome
            .stderr
            .trim()
            .lines()
            .next()
            .unwrap_or("")
            .to_owned(),
    };
    Some(diagnostic(
        lab,
        run.file_line,
        format!(
            "{what}: `{}` {problem}: {said}",
            first_line(&run.step.command)
        ),
    ))
}

fn first_line(command: &str) -> &str {
    command.lines().next().unwrap_or(command)
}

/// The checks of one lab that need the engine (see the module docs);
/// empty when it is sound.
pub fn validate(lab: &Lab) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for step in &lab.steps {
        for goal in &step.goals {
            if let Err(e) = Goal::from_json(&goal.spec) {
                out.push(diagnostic(lab, goal.line, e));
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    let mut started = match start(lab) {
        Ok(s) => s,
        Err(e) => return vec![diagnostic(lab, lab.start.line, format!("start state: {e}"))],
    };
    out.extend(
        started
            .lines
            .iter()
            .filter_map(|l| line_problem(lab, "start state", l)),
    );
    if let Some(last) = lab.steps.last() {
        for status in last.goals.iter().map(|g| goal_status(&started.sim, g)) {
            if status.met {
                out.push(diagnostic(
                    lab,
                    status.line,
                    format!(
                        "the start state alone already meets this goal of the last step: {}",
                        status.detail
                    ),
                ));
            }
        }
    }
    for (k, step) in lab.steps.iter().enumerate() {
        let number = k + 1;
        let steps = match parse_script(&step.solution) {
            Ok(s) => s,
            Err(e) => {
                out.push(diagnostic(
                    lab,
                    step.solution.line,
                    format!("step {number}'s solution: {e}"),
                ));
                return out;
            }
        };
        let (before_sim, before_shell) = (started.sim.clone(), started.shell.clone());
        let runs = run_steps(
            &mut started.shell,
            &mut started.sim,
            &steps,
            step.solution.line,
        );
        out.extend(
            runs.iter()
                .filter_map(|l| line_problem(lab, &format!("step {number}'s solution"), l)),
        );
        for status in step.goals.iter().map(|g| goal_status(&started.sim, g)) {
            if !status.met {
                out.push(diagnostic(
                    lab,
                    status.line,
                    format!(
                        "after step {number}'s solution this goal is not met: {}",
                        status.detail
                    ),
                ));
            }
        }
        // The solution without its last effective line must leave a goal
        // of the step unmet.
        match runs.iter().rposition(|r| r.effective) {
            None => out.push(diagnostic(
                lab,
                step.solution.line,
                format!("step {number}'s solution changes nothing"),
            )),
            Some(last) => {
                let (mut sim, mut shell) = (before_sim, before_shell);
                let without: Vec<Step> = steps
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != last)
                    .map(|(_, s)| s.clone())
                    .collect();
                run_steps(&mut shell, &mut sim, &without, step.solution.line);
                if step.goals.iter().all(|g| goal_status(&sim, g).met) {
                    out.push(diagnostic(
                        lab,
                        runs[last].file_line,
                        format!(
                            "step {number}'s goals are all met without this line (its solution's last effective line), so they do not check what it does: `{}`",
                            first_line(&runs[last].step.command)
                        ),
                    ));
                }
            }
        }
    }
    // After the whole solution, every goal of every step holds (what
    // `stevedore lab check` asks of a learner's script).
    for (k, step) in lab.steps.iter().enumerate() {
        for status in step.goals.iter().map(|g| goal_status(&started.sim, g)) {
            if !status.met {
                out.push(diagnostic(
                    lab,
                    status.line,
                    format!(
                        "after the whole solution this goal of step {} is no longer met: {}",
                        k + 1,
                        status.detail
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|d| d.line);
    out.dedup();
    out
}

/// The whole solution of a lab, step after step, as one script (what
/// `stevedore lab check LAB SOLUTION` passes with).
pub fn solution_script(lab: &Lab) -> String {
    let mut out = String::new();
    for (k, step) in lab.steps.iter().enumerate() {
        out.push_str(&format!("# Step {}: {}\n", k + 1, step.title));
        out.push_str(&step.solution.text);
        if !step.solution.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
