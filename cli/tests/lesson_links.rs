//! Every "run this in the sandbox" link of the lessons runs: a lesson's
//! `sandbox:?cmd=…` links in order, on one fresh sandbox account (the
//! sandbox's default config, as a learner following the lesson gets), each
//! succeeding, or, when marked `&expect=error`, refused by AWS with a
//! service error (not a usage error of the command line). Failures name
//! the lesson file and line.

use stevedore_cli::shell::Shell;
use stevedore_engine::{Sim, SimConfig};
use stevedore_lessons::{sandbox_commands, sources};

#[test]
fn every_sandbox_link_in_the_lessons_runs() {
    let mut problems = Vec::new();
    let mut count = 0;
    for file in sources()
        .iter()
        .filter(|f| f.path.starts_with("content/lessons/") && f.path.ends_with(".md"))
    {
        let mut sim = Sim::new(SimConfig::default()).expect("the default config is valid");
        let mut shell = Shell::new();
        for link in sandbox_commands(file.text) {
            count += 1;
            let outcome = shell.run(&mut sim, &link.command);
            let said = format!("{}{}", outcome.stdout, outcome.stderr);
            let problem = match (link.expect_error, outcome.is_ok(), &outcome.error) {
                (false, true, _) | (true, false, Some(_)) => None,
                (false, false, _) => Some(format!("fails: {}", said.trim())),
                (true, true, _) => Some("is marked &expect=error but succeeds".to_owned()),
                (true, false, None) => Some(format!(
                    "is marked &expect=error but is not an AWS error: {}",
                    said.trim()
                )),
            };
            if let Some(problem) = problem {
                problems.push(format!(
                    "lessons/{}:{}: `{}` {problem}",
                    file.path, link.line, link.command
                ));
            }
        }
    }
    assert!(
        count >= 10,
        "only {count} sandbox links found: is the reader right?"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
