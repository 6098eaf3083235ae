//! The embedded course content must validate: any diagnostic fails
//! `cargo test`, and every one of them is printed.
#![allow(clippy::panic)]

use stevedore_lessons::{QuestionKind, course, sources, try_course, validate};

#[test]
fn content_is_valid() {
    match validate(sources()) {
        Ok(course) => assert!(!course.lessons.is_empty(), "the course has no lessons"),
        Err(diagnostics) => {
            let list: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!(
                "{} problem(s) in the course content:\n{}",
                list.len(),
                list.join("\n")
            );
        }
    }
}

#[test]
fn sources_are_embedded_sorted_by_path() {
    let paths: Vec<&str> = sources().iter().map(|f| f.path).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"content/lessons/01-docker.md"), "{paths:?}");
    assert!(paths.contains(&"content/quizzes/docker.toml"), "{paths:?}");
}

#[test]
fn course_is_validated_once_and_shared() {
    assert!(try_course().is_ok());
    assert!(std::ptr::eq(course(), course()));
}

#[test]
fn lessons_are_in_order() {
    let orders: Vec<u32> = course().lessons.iter().map(|l| l.order).collect();
    let mut sorted = orders.clone();
    sorted.sort_unstable();
    assert_eq!(orders, sorted);
}

/// The brief for lesson 1: its sections, a code block, a diagram, exam tips
/// at the end, and a quiz of at least six questions of both kinds.
#[test]
fn docker_lesson_meets_its_brief() {
    let lesson = course().lesson("docker").expect("lesson `docker` exists");
    assert_eq!(lesson.order, 1);
    for section in [
        "what-docker-is",
        "containers-vs-virtual-machines",
        "images-and-containers",
        "where-images-live-registries",
        "amazon-ecr-private",
        "amazon-ecr-public",
        "how-aws-runs-containers",
    ] {
        assert!(
            lesson.heading(section).is_some(),
            "missing section {section}"
        );
    }
    assert_eq!(
        lesson.headings.last().map(|h| h.id.as_str()),
        Some("exam-tips")
    );
    assert!(
        lesson
            .html
            .contains("<pre tabindex=\"0\"><code class=\"language-dockerfile\">")
    );
    assert!(
        lesson
            .html
            .contains("<pre tabindex=\"0\"><code class=\"language-text\">")
    );
    assert!(
        lesson
            .html
            .contains("<div class=\"table-scroll\" tabindex=\"0\"><table>")
    );

    let quiz = lesson.quiz.as_ref().expect("lesson `docker` has a quiz");
    assert!(
        quiz.questions.len() >= 6,
        "{} questions",
        quiz.questions.len()
    );
    assert!(
        quiz.questions
            .iter()
            .any(|q| q.kind == QuestionKind::Single)
    );
    assert!(
        quiz.questions
            .iter()
            .any(|q| q.kind == QuestionKind::Multiple)
    );
    for question in &quiz.questions {
        assert!(lesson.heading(&question.section).is_some());
        for choice in &question.options {
            assert!(!choice.explanation_html.trim().is_empty());
        }
    }
}

/// Each practice-exam format of the real course covers every lesson, and
/// the start screen's sentence says so, for any seed.
#[test]
fn every_exam_format_covers_every_lesson_as_described() {
    use stevedore_lessons::study::{EXAM_FORMATS, describe_draw, draw_exam};
    let course = course();
    let lessons = course.lessons.iter().filter(|l| l.quiz.is_some()).count();
    for n in EXAM_FORMATS {
        let said = describe_draw(course, n);
        assert!(
            said.starts_with(&format!("{n} questions from all {lessons} lessons")),
            "{said}"
        );
        for seed in 0..200 {
            let ids = draw_exam(course, n, seed);
            assert_eq!(ids.len(), n);
            let mut per_lesson = std::collections::BTreeMap::new();
            for id in &ids {
                let (lesson, _) = course.question(id).expect("a course question");
                *per_lesson.entry(lesson.id.as_str()).or_insert(0usize) += 1;
            }
            assert_eq!(per_lesson.len(), lessons, "{n} questions, seed {seed}");
            let (lo, hi) = (
                per_lesson.values().min().copied().unwrap_or(0),
                per_lesson.values().max().copied().unwrap_or(0),
            );
            let each = if lo == hi {
                format!(": {lo} from each.")
            } else if hi == lo + 1 {
                format!(": {lo} or {hi} from each.")
            } else {
                format!(": {lo} to {hi} from each.")
            };
            assert!(
                said.ends_with(&each),
                "{said} / seed {seed}: {per_lesson:?}"
            );
        }
    }
}

/// The labs of issues 14, 15 (load balancing) and 16 (auto scaling, scheduled scaling), in order, each tied to
/// a lesson, with hints and
/// goals in every step (the engine-side checks are in cli/tests/labs.rs).
#[test]
fn labs_cover_the_hands_on_lectures() {
    let course = course();
    let ids: Vec<&str> = course.labs.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "create-cluster",
            "fargate-task",
            "fargate-or-ec2",
            "iam-roles",
            "ecr",
            "circuit-breaker",
            "troubleshooting",
            "placement",
            "alb-service",
            "alb-troubleshooting",
            "alb-routing",
            "service-auto-scaling",
            "cluster-auto-scaling",
            "alb-request-scaling",
            "step-scaling",
            "scheduled-scaling",
            "scheduled-task",
            "stopped-task-email",
            "sqs-workers",
            "s3-upload-task",
            "efs-shared-files",
            "sqs-backlog-tracking",
        ]
    );
    for lab in &course.labs {
        assert!(
            course.lesson(&lab.lessons[0].lesson).is_some(),
            "{}",
            lab.id
        );
        assert!(!lab.intro_html.is_empty(), "{}", lab.id);
        for step in &lab.steps {
            assert!(
                !step.goals.is_empty() && !step.hints_html.is_empty(),
                "{}",
                lab.id
            );
            assert!(!step.solution.text.trim().is_empty(), "{}", lab.id);
        }
    }
    assert_eq!(
        course
            .labs_of("hands-on-create-cluster")
            .next()
            .map(|l| l.id.as_str()),
        Some("create-cluster")
    );
}
