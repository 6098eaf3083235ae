//! The brief for lessons 2 to 6 (issue 4) and for the docker quiz: each
//! lesson has its sections, a diagram or table, a code example, sandbox and
//! cross-lesson links, and closes with exam tips; each quiz has at least 11
//! questions, at least two of them multiple-response, 4 or 5 options each,
//! with correct answers spread over the option positions.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;

use stevedore_lessons::{QuestionKind, course};

/// (lesson id, order, sections the lesson must have, code block languages it must show)
const LESSONS: [(&str, u32, &[&str], &[&str]); 5] = [
    (
        "containers-on-aws",
        2,
        &[
            "amazon-ecs-the-aws-native-orchestrator",
            "amazon-eks-managed-kubernetes",
            "aws-fargate-serverless-compute-not-an-orchestrator",
            "amazon-ecr-where-images-come-from",
            "choosing-a-service",
        ],
        &["text"],
    ),
    (
        "ecs-launch-types",
        3,
        &[
            "the-ec2-launch-type",
            "the-fargate-launch-type",
            "fargate-task-sizes",
            "networking-awsvpc-bridge-and-host",
            "scaling",
            "cost",
            "side-by-side",
        ],
        &["text", "json", "sh"],
    ),
    (
        "ecs-iam-roles",
        4,
        &[
            "the-ec2-instance-profile",
            "the-task-execution-role",
            "the-task-role",
            "what-the-course-notes-mix-up",
        ],
        &["text", "json"],
    ),
    (
        "load-balancer-integrations",
        5,
        &[
            "the-load-balancer-family",
            "target-types-instance-and-ip",
            "dynamic-host-ports",
            "health-checks-and-their-defaults",
            "choosing-a-load-balancer",
        ],
        &["text", "sh"],
    ),
    (
        "data-volumes-efs",
        6,
        &[
            "ephemeral-storage-on-fargate",
            "amazon-efs-shared-storage-across-tasks-and-azs",
            "fargate-plus-efs-serverless-all-the-way-down",
            "why-s3-cannot-be-mounted",
        ],
        &["text", "json", "sh"],
    ),
];

#[test]
fn lessons_2_to_6_meet_their_brief() {
    for (id, order, sections, languages) in LESSONS {
        let lesson = course()
            .lesson(id)
            .unwrap_or_else(|| panic!("lesson `{id}` exists"));
        assert_eq!(lesson.order, order, "{id}");
        assert!(lesson.minutes.is_some(), "{id}: minutes");
        for section in sections {
            assert!(
                lesson.heading(section).is_some(),
                "{id}: missing section {section}"
            );
        }
        assert_eq!(
            lesson.headings.last().map(|h| h.id.as_str()),
            Some("exam-tips"),
            "{id}: ends with exam tips"
        );
        assert!(lesson.html.contains("<table>"), "{id}: a table");
        for language in languages {
            assert!(
                lesson
                    .html
                    .contains(&format!("<pre><code class=\"language-{language}\">")),
                "{id}: a {language} block"
            );
        }
        assert!(
            lesson.html.contains("href=\"/sandbox?cmd=aws%20"),
            "{id}: a sandbox command link"
        );
        assert!(
            lesson.html.contains("href=\"/lessons/"),
            "{id}: a link to another lesson"
        );
    }
}

#[test]
fn quizzes_of_lessons_1_to_6_meet_their_brief() {
    let ids = ["docker"].into_iter().chain(LESSONS.map(|(id, ..)| id));
    for id in ids {
        let lesson = course().lesson(id).unwrap();
        let quiz = lesson
            .quiz
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has a quiz"));
        assert!(
            quiz.questions.len() >= 11,
            "{id}: {} questions",
            quiz.questions.len()
        );
        let multiple = quiz
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Multiple)
            .count();
        assert!(
            multiple >= 2,
            "{id}: {multiple} multiple-response questions"
        );
        // Positions (0-based) of the correct options of single-choice questions.
        let mut positions = BTreeSet::new();
        for question in &quiz.questions {
            assert!(
                (4..=5).contains(&question.options.len()),
                "{}: {} options",
                question.id,
                question.options.len()
            );
            assert!(
                lesson.heading(&question.section).is_some(),
                "{}",
                question.id
            );
            for (at, choice) in question.options.iter().enumerate() {
                assert!(
                    !choice.explanation_html.trim().is_empty(),
                    "{}",
                    question.id
                );
                if question.kind == QuestionKind::Single && choice.correct {
                    positions.insert(at);
                }
            }
        }
        assert!(
            positions.len() >= 4,
            "{id}: single-choice answers only at positions {positions:?}"
        );
    }
}
