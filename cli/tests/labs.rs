//! The labs (lessons/content/labs/) replayed through the engine: every
//! reference solution meets every goal of its step, and of every step by
//! the end; the start state meets none of the last step's goals; a
//! solution without its last effective line leaves a goal unmet
//! (`stevedore_cli::labs::validate`). Broken fixtures show the
//! diagnostics, as `path:line: message`.
#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::labs;
use stevedore_lessons::{Lab, SourceFile, course, validate};

#[test]
fn every_lab_replays_and_its_goals_check_what_the_solution_does() {
    let labs = &course().labs;
    let mut problems = Vec::new();
    for lab in labs {
        problems.extend(labs::validate(lab).iter().map(ToString::to_string));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the labs:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(labs.len() >= 8, "{} labs", labs.len());
}

#[test]
fn every_lab_passes_lab_check_with_its_whole_solution() {
    for lab in &course().labs {
        let check = labs::check(lab, &labs::solution_script(lab)).unwrap();
        assert!(check.start_problems.is_empty(), "{}", lab.id);
        let failed: Vec<_> = check.lines.iter().filter(|l| l.problem.is_some()).collect();
        assert!(failed.is_empty(), "{}: {failed:?}", lab.id);
        assert!(check.passed(), "{}: {:#?}", lab.id, check.steps);
    }
}

const LESSON: &str = "+++
id = \"alpha\"
title = \"Alpha\"
order = 1
summary = \"A lesson.\"
+++

## Intro

Text.
";

/// A lab with two steps; each `{…}` is replaced by the test.
const LAB: &str = r#"id = "fixture"
title = "Fixture"
order = 1
lessons = ["alpha"]
minutes = 5
difficulty = "beginner"
intro = "A fixture."
start = """
aws ecs create-cluster --cluster-name first
"""

[[step]]
title = "One"
text = "Make a cluster."
hints = ["create-cluster"]
solution = """
aws ecs create-cluster --cluster-name demo
aws ecs list-clusters
"""

  [[step.goal]]
  kind = "{KIND}"
  name = "demo"

[[step]]
title = "Two"
text = "Make a repository."
hints = ["create-repository"]
solution = """
aws ecr create-repository --repository-name app
aws ecr describe-repositories
{LAST}
"""

  [[step.goal]]
  kind = "repository"
  name = "{REPO}"
"#;

fn lab(kind: &str, last: &str, repo: &str) -> Lab {
    let text = LAB
        .replace("{KIND}", kind)
        .replace("{LAST}", last)
        .replace("{REPO}", repo);
    let course = validate(&[
        SourceFile {
            path: "content/lessons/01-alpha.md",
            text: LESSON,
        },
        SourceFile {
            path: "content/labs/01-fixture.toml",
            text: &text,
        },
    ])
    .unwrap();
    course.labs[0].clone()
}

fn diagnostics(lab: &Lab) -> Vec<String> {
    labs::validate(lab)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_sound_fixture_has_no_diagnostics() {
    let lab = lab("cluster", "", "app");
    assert_eq!(diagnostics(&lab), Vec::<String>::new());
    let status = labs::status(&labs::start(&lab).unwrap().sim, &lab);
    assert!(!status[0].met());
    assert_eq!(
        status[0].goals[0].detail,
        "there is no cluster named demo (clusters: first)"
    );
    assert_eq!(
        status[0].goals[0].description,
        "A cluster named demo exists."
    );
    assert_eq!(status[0].goals[0].line, 21);
}

#[test]
fn unknown_goal_kinds_are_reported_at_the_goal() {
    assert_eq!(
        diagnostics(&lab("clustr", "", "app")),
        [
            "content/labs/01-fixture.toml:21: unknown goal kind `clustr` (known kinds: cluster, auto_scaling_group, capacity_provider, task_definition, tasks, service, security_group_ingress, http, repository, lifecycle_policy, role, task_exit, load_balancer, target_group, scaling_policy, scaling_activity, scheduled_action, scheduled_task, event_task, task_started_by, email_received, sns_subscription, sqs_queue, s3_bucket, dynamodb_item, efs_file_system, task_stopped)"
        ]
    );
}

#[test]
fn goals_the_solution_does_not_meet_and_failing_lines_are_reported() {
    assert_eq!(
        diagnostics(&lab(
            "cluster",
            "aws ecr delete-repository --repository-name nope",
            "other"
        )),
        [
            "content/labs/01-fixture.toml:32: step 2's solution: `aws ecr delete-repository --repository-name nope` failed unexpectedly with RepositoryNotFoundException: The repository with name 'nope' does not exist in the registry with id '123456789012'",
            "content/labs/01-fixture.toml:35: after step 2's solution this goal is not met: there is no ECR repository named other (repositories: app)",
            "content/labs/01-fixture.toml:35: after the whole solution this goal of step 2 is no longer met: there is no ECR repository named other (repositories: app)",
        ]
    );
}

#[test]
fn goals_that_do_not_check_the_last_effective_line_are_reported() {
    // The last line that changes the account is the tag: the goal only
    // asks for the repository, so it passes without it.
    assert_eq!(
        diagnostics(&lab(
            "cluster",
            "aws ecr tag-resource --resource-arn arn:aws:ecr:us-east-1:123456789012:repository/app --tags Key=team,Value=web",
            "app"
        )),
        [
            "content/labs/01-fixture.toml:32: step 2's goals are all met without this line (its solution's last effective line), so they do not check what it does: `aws ecr tag-resource --resource-arn arn:aws:ecr:us-east-1:123456789012:repository/app --tags Key=team,Value=web`"
        ]
    );
}

#[test]
fn a_start_state_that_already_meets_the_last_goals_is_reported() {
    let mut broken = lab("cluster", "", "app");
    broken
        .start
        .text
        .push_str("aws ecr create-repository --repository-name app\n");
    assert_eq!(
        diagnostics(&broken),
        [
            "content/labs/01-fixture.toml:30: step 2's solution: `aws ecr create-repository --repository-name app` failed unexpectedly with RepositoryAlreadyExistsException: The repository with name 'app' already exists in the registry with id '123456789012'",
            "content/labs/01-fixture.toml:30: step 2's solution changes nothing",
            "content/labs/01-fixture.toml:35: the start state alone already meets this goal of the last step: repository app holds 0 images (tags: none)",
        ]
    );
}

#[test]
fn check_runs_a_learners_script_on_the_start_state() {
    let lab = lab("cluster", "", "app");
    let check = labs::check(&lab, "aws ecs create-cluster --cluster-name demo\n").unwrap();
    assert!(!check.passed());
    assert!(check.steps[0].met());
    assert!(!check.steps[1].met());
    let check = labs::check(
        &lab,
        "aws ecs create-cluster --cluster-name demo\naws ecr create-repository --repository-name app\n",
    )
    .unwrap();
    assert!(check.passed(), "{:?}", check.steps);
    assert_eq!(check.lines.len(), 2);
    assert!(
        check
            .lines
            .iter()
            .all(|l| l.effective && l.problem.is_none())
    );
}
