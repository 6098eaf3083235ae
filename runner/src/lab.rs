//! `stevedore lab …`: the course's labs from the command line
//! (`stevedore_cli::labs` does the work; runner/README.md documents it).
//!
//! - `lab list [--json]`: every lab, in order (id, title, lessons, steps).
//! - `lab check LAB SCRIPT [--json]`: runs SCRIPT on the lab's start state
//!   and prints every goal of every step, met or unmet, with what exists
//!   now; exit status 0 only when every goal is met.
//! - `lab solution LAB`: the lab's reference solution as a script.

use serde_json::{Value, json};
use stevedore_cli::labs::{self, LabCheck, LineRun, StepStatus};
use stevedore_lessons::Lab;

/// The course's lab with this id, or why not.
pub fn find(id: &str) -> Result<&'static Lab, String> {
    let course = stevedore_lessons::try_course().map_err(|_| {
        "the embedded course is invalid (cargo test -p stevedore-lessons)".to_owned()
    })?;
    course.lab(id).ok_or_else(|| {
        let ids: Vec<&str> = course.labs.iter().map(|l| l.id.as_str()).collect();
        format!("no lab named {id} (labs: {})", ids.join(", "))
    })
}

/// `lab list`: one line per lab, or a JSON array.
pub fn list(json: bool) -> Result<String, String> {
    let course = stevedore_lessons::try_course().map_err(|_| {
        "the embedded course is invalid (cargo test -p stevedore-lessons)".to_owned()
    })?;
    if json {
        let labs: Vec<Value> = course
            .labs
            .iter()
            .map(|lab| {
                json!({
                    "id": lab.id,
                    "title": lab.title,
                    "lessons": lab.lessons.iter().map(|l| match &l.section {
                        Some(s) => format!("{}#{s}", l.lesson),
                        None => l.lesson.clone(),
                    }).collect::<Vec<_>>(),
                    "steps": lab.steps.len(),
                    "minutes": lab.minutes,
                    "difficulty": lab.difficulty.as_str(),
                })
            })
            .collect();
        return Ok(format!("{}\n", Value::Array(labs)));
    }
    let mut out = String::new();
    for lab in &course.labs {
        let lesson = lab.lessons.first().map_or("", |l| l.lesson.as_str());
        out.push_str(&format!(
            "{:<24} {} ({lesson}; {} step{}, {} min, {})\n",
            lab.id,
            lab.title,
            lab.steps.len(),
            if lab.steps.len() == 1 { "" } else { "s" },
            lab.minutes,
            lab.difficulty.as_str()
        ));
    }
    Ok(out)
}

fn goal_json(steps: &[StepStatus]) -> Value {
    Value::Array(
        steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "step": i + 1,
                    "title": s.title,
                    "met": s.met(),
                    "goals": s.goals,
                })
            })
            .collect(),
    )
}

fn line_json(line: &LineRun) -> Value {
    let mut v = json!({
        "line": line.file_line,
        "command": line.step.command,
    });
    if let Some(p) = &line.problem {
        v["problem"] = json!(p);
    }
    v
}

/// `lab check`: what to print on stdout, on stderr, and whether every
/// goal is met.
pub fn check(
    lab: &Lab,
    file: &str,
    script: &str,
    json: bool,
) -> Result<(String, String, bool), String> {
    let LabCheck {
        start_problems,
        lines,
        steps,
        ..
    } = labs::check(lab, script).map_err(|e| format!("{file}: {e}"))?;
    let passed = steps.iter().all(StepStatus::met);
    let mut err = String::new();
    for l in &start_problems {
        err.push_str(&format!(
            "stevedore: {}:{}: the lab's start state: {}: {}\n",
            lab.path,
            l.file_line,
            l.problem.as_deref().unwrap_or_default(),
            l.step.command
        ));
    }
    for l in lines.iter().filter(|l| l.problem.is_some()) {
        err.push_str(&format!(
            "stevedore: {file}:{}: {}: {}\n",
            l.file_line,
            l.problem.as_deref().unwrap_or_default(),
            l.step.command.lines().next().unwrap_or_default()
        ));
    }
    if json {
        let out = json!({
            "lab": lab.id,
            "passed": passed,
            "lines": lines.iter().map(line_json).collect::<Vec<_>>(),
            "steps": goal_json(&steps),
        });
        return Ok((format!("{out}\n"), err, passed));
    }
    let mut out = format!("{}: {}\n", lab.id, lab.title);
    let (mut met, mut total) = (0, 0);
    for (i, step) in steps.iter().enumerate() {
        out.push_str(&format!("\nStep {}: {}\n", i + 1, step.title));
        for g in &step.goals {
            total += 1;
            if g.met {
                met += 1;
            }
            out.push_str(&format!(
                "  [{}] {}\n        {}\n",
                if g.met { "met" } else { "unmet" },
                g.description,
                g.detail
            ));
        }
    }
    out.push_str(&format!(
        "\n{met} of {total} goals met{}\n",
        if passed { ": the lab is done." } else { "." }
    ));
    Ok((out, err, passed))
}
