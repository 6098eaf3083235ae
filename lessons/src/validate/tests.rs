//! One test per validation rule: deliberately broken content, and the exact
//! `path:line: message` diagnostics it must produce.
#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;

const LESSON_PATH: &str = "content/lessons/01-alpha.md";
const QUIZ_PATH: &str = "content/quizzes/alpha.toml";

/// A valid lesson `alpha` with headings `intro` and `details`.
const LESSON: &str = "\
+++
id = \"alpha\"
title = \"Alpha\"
order = 1
summary = \"The first lesson.\"
+++

## Intro

Some text.

## Details

More text.
";

/// A valid lesson `beta` (order 2) with heading `overview`.
const BETA: &str = "\
+++
id = \"beta\"
title = \"Beta\"
order = 2
summary = \"The second lesson.\"
minutes = 7
+++

## Overview

Text.
";

/// A valid quiz question for lesson `alpha` (10 lines).
const QUESTION: &str = "\
[[question]]
id = \"alpha-one\"
kind = \"single\"
section = \"intro\"
prompt = \"Pick *one*.\"
  [[question.option]]
  id = \"a\"
  text = \"Right\"
  correct = true
  explanation = \"Because.\"
  [[question.option]]
  id = \"b\"
  text = \"Wrong\"
  explanation = \"Because not.\"
";

fn file<'a>(path: &'a str, text: &'a str) -> SourceFile<'a> {
    SourceFile { path, text }
}

/// Validates and returns the diagnostics as `path:line: message` strings;
/// fails the test if validation succeeds.
fn errors(files: &[SourceFile<'_>]) -> Vec<String> {
    match validate(files) {
        Ok(_) => panic!("expected diagnostics, validation succeeded"),
        Err(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
    }
}

/// Diagnostics for a lesson file on its own.
fn lesson_errors(text: &str) -> Vec<String> {
    errors(&[file(LESSON_PATH, text)])
}

/// Diagnostics for the valid lesson `alpha` plus this quiz.
fn quiz_errors(quiz: &str) -> Vec<String> {
    errors(&[file(LESSON_PATH, LESSON), file(QUIZ_PATH, quiz)])
}

/// The valid lesson with its body replaced.
fn lesson_with_body(body: &str) -> String {
    let front = LESSON.split("## Intro").next().unwrap();
    format!("{front}{body}")
}

// ---------------------------------------------------------------------------
// Valid input

#[test]
fn valid_course_builds() {
    let course = validate(&[
        file("content/lessons/02-beta.md", BETA),
        file(LESSON_PATH, LESSON),
        file(QUIZ_PATH, QUESTION),
    ])
    .unwrap();
    let ids: Vec<_> = course.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["alpha", "beta"], "sorted by order, not by input");

    let alpha = course.lesson("alpha").unwrap();
    assert_eq!(alpha.title, "Alpha");
    assert_eq!(alpha.order, 1);
    assert_eq!(alpha.summary, "The first lesson.");
    assert_eq!(alpha.minutes, None);
    assert_eq!(
        alpha.html,
        "<h2 id=\"intro\">Intro</h2>\n<p>Some text.</p>\n<h2 id=\"details\">Details</h2>\n<p>More text.</p>\n"
    );
    let heading_ids: Vec<_> = alpha.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(heading_ids, ["intro", "details"]);

    let quiz = alpha.quiz.as_ref().unwrap();
    assert_eq!(quiz.questions.len(), 1);
    let q = &quiz.questions[0];
    assert_eq!(q.id, "alpha-one");
    assert_eq!(q.kind, QuestionKind::Single);
    assert_eq!(q.section, "intro");
    assert_eq!(q.prompt_html, "<p>Pick <em>one</em>.</p>\n");
    assert_eq!(q.options.len(), 2);
    assert_eq!(q.options[0].id, "a");
    assert_eq!(q.options[0].html, "Right", "option text is inline HTML");
    assert!(q.options[0].correct);
    assert!(!q.options[1].correct, "`correct` defaults to false");
    assert_eq!(q.options[1].explanation_html, "<p>Because not.</p>\n");

    let beta = course.lesson("beta").unwrap();
    assert_eq!(beta.minutes, Some(7));
    assert!(beta.quiz.is_none());
}

#[test]
fn inline_option_tables_are_accepted() {
    let quiz = "\
[[question]]
id = \"q\"
kind = \"multiple\"
section = \"details\"
prompt = \"Pick two.\"
option = [
  { id = \"a\", text = \"A\", correct = true, explanation = \"Yes.\" },
  { id = \"b\", text = \"B\", correct = true, explanation = \"Yes.\" },
  { id = \"c\", text = \"C\", explanation = \"No.\" },
]
";
    let course = validate(&[file(LESSON_PATH, LESSON), file(QUIZ_PATH, quiz)]).unwrap();
    let question = course.question("q").unwrap().1;
    assert_eq!(question.kind, QuestionKind::Multiple);
    assert_eq!(question.correct_count(), 2);
}

#[test]
fn crlf_and_bom_are_tolerated() {
    let text = format!("\u{feff}{}", LESSON.replace('\n', "\r\n"));
    let course = validate(&[file(LESSON_PATH, &text)]).unwrap();
    assert_eq!(course.lessons[0].summary, "The first lesson.");
}

#[test]
fn diagnostic_display_is_path_line_message() {
    let d = Diagnostic {
        path: "content/quizzes/x.toml".into(),
        line: 12,
        message: "oops".into(),
    };
    assert_eq!(d.to_string(), "content/quizzes/x.toml:12: oops");
}

// ---------------------------------------------------------------------------
// Files

#[test]
fn unexpected_file_is_reported() {
    assert_eq!(
        errors(&[file("content/notes.txt", "hello")]),
        ["content/notes.txt:1: unexpected file: course content is \
          `content/lessons/NN-<id>.md`, `content/quizzes/<lesson-id>.toml` and \
          `content/labs/NN-<id>.toml`"]
    );
}

// ---------------------------------------------------------------------------
// Front matter

#[test]
fn missing_front_matter() {
    assert_eq!(
        lesson_errors("## Intro\n\nNo front matter.\n"),
        [
            "content/lessons/01-alpha.md:1: missing front matter: a lesson starts with a `+++` \
          line, then TOML (id, title, order, summary), then another `+++` line"
        ]
    );
}

#[test]
fn unclosed_front_matter() {
    assert_eq!(
        lesson_errors("+++\nid = \"alpha\"\n\n## Intro\n"),
        ["content/lessons/01-alpha.md:1: front matter is not closed: add a `+++` line after it"]
    );
}

#[test]
fn front_matter_toml_syntax_error_has_its_line() {
    let text = LESSON.replace("order = 1", "order = = 1");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:4: TOML syntax error: extra `=`, expected nothing",
            "content/lessons/01-alpha.md:4: TOML syntax error: unexpected key or value, \
             expected newline, `#`",
        ]
    );
}

#[test]
fn missing_front_matter_key() {
    let text = LESSON.replace("summary = \"The first lesson.\"\n", "");
    assert_eq!(
        lesson_errors(&text),
        ["content/lessons/01-alpha.md:1: front matter is missing required key `summary`"]
    );
}

#[test]
fn unknown_front_matter_key() {
    let text = LESSON.replace("order = 1\n", "order = 1\nauthor = \"me\"\n");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:5: unknown key `author` in front matter \
          (allowed: id, title, order, summary, minutes)"
        ]
    );
}

#[test]
fn wrongly_typed_front_matter_keys() {
    let text = LESSON
        .replace("order = 1", "order = \"1\"")
        .replace("title = \"Alpha\"", "title = 3")
        .replace("+++\n\n", "minutes = 0\n+++\n\n");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:3: `title` must be a string, found integer",
            "content/lessons/01-alpha.md:4: `order` must be a positive integer, found string",
            "content/lessons/01-alpha.md:6: `minutes` must be a positive integer, found 0",
        ]
    );
}

#[test]
fn lesson_id_must_be_a_slug() {
    let text = LESSON.replace("id = \"alpha\"", "id = \"Alpha Lesson\"");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:2: `id` must be a slug (lowercase letters and digits, \
          joined by single hyphens), found \"Alpha Lesson\""
        ]
    );
}

#[test]
fn empty_title() {
    let text = LESSON.replace("title = \"Alpha\"", "title = \"  \"");
    assert_eq!(
        lesson_errors(&text),
        ["content/lessons/01-alpha.md:3: `title` must not be empty"]
    );
}

#[test]
fn summary_must_be_one_line() {
    let text = LESSON.replace(
        "summary = \"The first lesson.\"",
        "summary = \"\"\"\nOne.\nTwo.\n\"\"\"",
    );
    assert_eq!(
        lesson_errors(&text),
        ["content/lessons/01-alpha.md:5: `summary` must be a single line"]
    );
}

#[test]
fn file_name_must_match_order_and_id() {
    assert_eq!(
        errors(&[file("content/lessons/1-alpha.md", LESSON)]),
        [
            "content/lessons/1-alpha.md:2: file name `1-alpha.md` does not match the front \
          matter: expected `01-alpha.md` (`NN-<id>.md` with NN the lesson order)"
        ]
    );
}

#[test]
fn duplicate_lesson_ids() {
    let copy = LESSON.replace("order = 1", "order = 2");
    assert_eq!(
        errors(&[
            file(LESSON_PATH, LESSON),
            file("content/lessons/02-alpha.md", &copy)
        ]),
        [
            "content/lessons/02-alpha.md:2: duplicate lesson id `alpha` \
          (first defined at content/lessons/01-alpha.md:2)"
        ]
    );
}

#[test]
fn duplicate_lesson_orders() {
    let beta = BETA.replace("order = 2", "order = 1");
    assert_eq!(
        errors(&[
            file(LESSON_PATH, LESSON),
            file("content/lessons/01-beta.md", &beta)
        ]),
        ["content/lessons/01-beta.md:4: duplicate lesson order 1 \
          (also used by lesson `alpha` at content/lessons/01-alpha.md:4)"]
    );
}

// ---------------------------------------------------------------------------
// Lesson Markdown

#[test]
fn level_one_heading_in_lesson() {
    // The body starts on line 7, after the closing `+++`.
    let text = lesson_with_body("\n# Alpha again\n\n## Intro\n");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:9: level-1 heading `Alpha again`: the lesson title \
          comes from the front matter, start sections at `##`"
        ]
    );
}

#[test]
fn raw_html_in_lesson() {
    let text = lesson_with_body(
        "\n## Intro\n\nSome <b>bold</b> text.\n\n<div class=\"x\">\nblock\n</div>\n",
    );
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:11: raw HTML is not allowed (it would be shown as text): `<b>`",
            "content/lessons/01-alpha.md:11: raw HTML is not allowed (it would be shown as text): `</b>`",
            "content/lessons/01-alpha.md:13: raw HTML is not allowed (it would be shown as text): `<div class=\"x\">`",
        ]
    );
}

#[test]
fn empty_table_headers_are_reported() {
    let text = lesson_with_body(
        "\n## Intro\n\n| | A | B |\n|---|---|---|\n| x | 1 | 2 |\n\n| Name | |\n|---|---|\n| y | 3 |\n\n| Named | `code` |\n|---|---|\n|  | 4 |\n",
    );
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:11: the header of table column 1 is empty: name the column (a screen reader reads that name with every cell below it)",
            "content/lessons/01-alpha.md:15: the header of table column 2 is empty: name the column (a screen reader reads that name with every cell below it)",
        ],
        "empty body cells are fine"
    );
}

#[test]
fn valid_links_pass() {
    let text = lesson_with_body(
        "\n## Intro\n\n[a](lesson:alpha) [b](lesson:beta#overview) [c](#intro) \
         [d](https://aws.amazon.com/ecr/) [e](mailto:a@example.com)\n",
    );
    validate(&[
        file(LESSON_PATH, &text),
        file("content/lessons/02-beta.md", BETA),
    ])
    .unwrap();
}

#[test]
fn broken_lesson_links() {
    let text = lesson_with_body(
        "\n## Intro\n\n\
         [a](lesson:gamma)\n\
         [b](lesson:beta#nope)\n\
         [c](#nope)\n\
         [d](lesson:)\n\
         [e](lesson:beta#)\n\
         [f](lab:no-such-lab)\n",
    );
    assert_eq!(
        errors(&[
            file(LESSON_PATH, &text),
            file("content/lessons/02-beta.md", BETA)
        ]),
        [
            "content/lessons/01-alpha.md:11: broken link `lesson:gamma`: no lesson has id `gamma`",
            "content/lessons/01-alpha.md:12: broken link `lesson:beta#nope`: lesson `beta` has no heading `nope`",
            "content/lessons/01-alpha.md:13: broken link `#nope`: lesson `alpha` has no heading `nope`",
            "content/lessons/01-alpha.md:14: malformed link `lesson:`: use `lesson:<id>` or `lesson:<id>#<anchor>`",
            "content/lessons/01-alpha.md:15: malformed link `lesson:beta#`: use `lesson:<id>` or `lesson:<id>#<anchor>`",
            "content/lessons/01-alpha.md:16: broken link `lab:no-such-lab`: no lab has id `no-such-lab`",
        ]
    );
}

#[test]
fn valid_sandbox_links_pass() {
    let text = lesson_with_body(
        "\n## Intro\n\n[try it](sandbox:) and \
         [run](sandbox:?cmd=aws%20ecs%20describe-clusters%20--clusters%20demo)\n",
    );
    let course = validate(&[file(LESSON_PATH, &text)]).unwrap();
    let html = &course.lessons[0].html;
    assert!(html.contains("href=\"/sandbox\""), "{html}");
    assert!(
        html.contains("href=\"/sandbox?cmd=aws%20ecs%20describe-clusters%20--clusters%20demo\""),
        "{html}"
    );
}

#[test]
fn malformed_sandbox_links() {
    let text = lesson_with_body(
        "\n## Intro\n\n\
         [a](sandbox:run)\n\
         [b](sandbox:?cmd=)\n\
         [c](sandbox:?cmd=docker%20ps)\n\
         [d](sandbox:?cmd=aws+ecs)\n\
         [e](sandbox:?cmd=aws%20ecs%G1)\n",
    );
    let usage = "use `sandbox:` or `sandbox:?cmd=<url-encoded aws command>`";
    assert_eq!(
        lesson_errors(&text),
        [
            format!(
                "content/lessons/01-alpha.md:11: malformed sandbox link `sandbox:run`: \
                 unknown sandbox link form; {usage}"
            ),
            format!(
                "content/lessons/01-alpha.md:12: malformed sandbox link `sandbox:?cmd=`: \
                 the command is empty; {usage}"
            ),
            format!(
                "content/lessons/01-alpha.md:13: malformed sandbox link `sandbox:?cmd=docker%20ps`: \
                 the command must be an `aws` command line, found \"docker ps\"; {usage}"
            ),
            format!(
                "content/lessons/01-alpha.md:14: malformed sandbox link `sandbox:?cmd=aws+ecs`: \
                 `+` must be percent-encoded in the command (as `%2B`); {usage}"
            ),
            format!(
                "content/lessons/01-alpha.md:15: malformed sandbox link `sandbox:?cmd=aws%20ecs%G1`: \
                 `%` at character 10 of the command is not followed by two hex digits; {usage}"
            ),
        ]
    );
}

#[test]
fn sandbox_links_in_quiz_text_are_checked() {
    let quiz = QUESTION.replace("Because not.", "Try [it](sandbox:?cmd=ls).");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:14: malformed sandbox link `sandbox:?cmd=ls`: \
          the command must be an `aws` command line, found \"ls\"; \
          use `sandbox:` or `sandbox:?cmd=<url-encoded aws command>`"
        ]
    );
}

#[test]
fn unsafe_and_relative_links() {
    let text = lesson_with_body("\n## Intro\n\n[x](javascript:alert(1))\n\n![img](ecr.png)\n");
    assert_eq!(
        lesson_errors(&text),
        [
            "content/lessons/01-alpha.md:11: link `javascript:alert(1)` uses a disallowed \
             scheme (allowed: http, https, mailto, lesson, lab, sandbox)",
            "content/lessons/01-alpha.md:13: relative link `ecr.png`: link lessons with \
             `lesson:<id>[#<anchor>]` and other pages with an absolute `https://` URL",
        ]
    );
}

// ---------------------------------------------------------------------------
// Quiz files

#[test]
fn quiz_toml_syntax_errors_have_their_lines() {
    let quiz = QUESTION
        .replace("kind = \"single\"", "kind = single")
        .replace("correct = true", "correct = true true");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:3: TOML syntax error: string values must be quoted, \
             expected literal string",
            "content/quizzes/alpha.toml:9: TOML syntax error: string values must be quoted, \
             expected literal string",
        ]
    );
}

#[test]
fn quiz_for_unknown_lesson() {
    assert_eq!(
        errors(&[file("content/quizzes/gamma.toml", QUESTION)]),
        [
            "content/quizzes/gamma.toml:1: quiz file is for lesson `gamma`, but no lesson has \
          that id (a quiz is named `content/quizzes/<lesson-id>.toml`)"
        ]
    );
}

#[test]
fn one_quiz_per_lesson() {
    assert_eq!(
        errors(&[
            file(LESSON_PATH, LESSON),
            file(QUIZ_PATH, QUESTION),
            file(
                "drafts/quizzes/alpha.toml",
                &QUESTION.replace("alpha-one", "alpha-two")
            ),
        ]),
        [
            "drafts/quizzes/alpha.toml:1: lesson `alpha` already has a quiz in content/quizzes/alpha.toml"
        ]
    );
}

#[test]
fn quiz_file_name_must_be_a_slug() {
    assert_eq!(
        errors(&[
            file(LESSON_PATH, LESSON),
            file("content/quizzes/Alpha Quiz.toml", QUESTION)
        ]),
        [
            "content/quizzes/Alpha Quiz.toml:1: quiz file name `Alpha Quiz.toml` must be \
          `<lesson-id>.toml` with a slug id"
        ]
    );
}

#[test]
fn quiz_without_questions() {
    assert_eq!(
        quiz_errors("# nothing yet\n"),
        ["content/quizzes/alpha.toml:1: quiz has no questions: add `[[question]]` tables"]
    );
    assert_eq!(
        quiz_errors("question = []\n"),
        ["content/quizzes/alpha.toml:1: quiz has no questions: add `[[question]]` tables"]
    );
}

#[test]
fn quiz_top_level_shape() {
    assert_eq!(
        quiz_errors("title = \"Quiz\"\nquestion = \"what?\"\n"),
        [
            "content/quizzes/alpha.toml:1: unknown key `title` in quiz (allowed: question)",
            "content/quizzes/alpha.toml:2: `question` must be an array of tables \
             (`[[question]]`), found string",
        ]
    );
}

#[test]
fn question_missing_keys_are_reported_at_its_header() {
    let quiz = format!(
        "{QUESTION}\n[[question]]\nid = \"alpha-two\"\n  [[question.option]]\n  id = \"a\"\n  \
         text = \"A\"\n  correct = true\n  explanation = \"E\"\n  [[question.option]]\n  \
         id = \"b\"\n  text = \"B\"\n  explanation = \"E\"\n"
    );
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:16: question `alpha-two` is missing required key `kind`",
            "content/quizzes/alpha.toml:16: question `alpha-two` is missing required key `section`",
            "content/quizzes/alpha.toml:16: question `alpha-two` is missing required key `prompt`",
        ]
    );
}

#[test]
fn question_without_id() {
    let quiz = QUESTION.replace("id = \"alpha-one\"\n", "");
    assert_eq!(
        quiz_errors(&quiz),
        ["content/quizzes/alpha.toml:1: question is missing required key `id`"]
    );
}

#[test]
fn unknown_question_and_option_keys() {
    let quiz = QUESTION
        .replace("prompt = ", "difficulty = 3\nprompt = ")
        .replace("  text = \"Wrong\"", "  text = \"Wrong\"\n  hint = \"no\"");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:5: unknown key `difficulty` in question `alpha-one` \
             (allowed: id, kind, section, prompt, option)",
            "content/quizzes/alpha.toml:15: unknown key `hint` in option `b` of question \
             `alpha-one` (allowed: id, text, correct, explanation)",
        ]
    );
}

#[test]
fn question_ids_are_unique_across_the_course() {
    let beta_quiz = QUESTION.replace("section = \"intro\"", "section = \"overview\"");
    assert_eq!(
        errors(&[
            file(LESSON_PATH, LESSON),
            file("content/lessons/02-beta.md", BETA),
            file(QUIZ_PATH, QUESTION),
            file("content/quizzes/beta.toml", &beta_quiz),
        ]),
        [
            "content/quizzes/beta.toml:2: duplicate question id `alpha-one` \
          (first defined at content/quizzes/alpha.toml:2)"
        ]
    );
}

#[test]
fn question_id_must_be_a_slug() {
    let quiz = QUESTION.replace("id = \"alpha-one\"", "id = \"alpha_one\"");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:2: `id` must be a slug (lowercase letters and digits, \
          joined by single hyphens), found \"alpha_one\""
        ]
    );
}

#[test]
fn option_ids_are_unique_within_a_question() {
    let quiz = QUESTION.replace("id = \"b\"", "id = \"a\"");
    assert_eq!(
        quiz_errors(&quiz),
        ["content/quizzes/alpha.toml:12: duplicate option id `a` in question `alpha-one`"]
    );
}

#[test]
fn option_without_id() {
    let quiz = QUESTION.replace("  id = \"b\"\n", "");
    assert_eq!(
        quiz_errors(&quiz),
        ["content/quizzes/alpha.toml:11: option is missing required key `id`"]
    );
}

#[test]
fn single_choice_needs_exactly_one_correct_option() {
    let none = QUESTION.replace("correct = true", "correct = false");
    assert_eq!(
        quiz_errors(&none),
        [
            "content/quizzes/alpha.toml:1: single-choice question `alpha-one` must have exactly \
          one correct option, found 0"
        ]
    );
    let two = QUESTION.replace("  text = \"Wrong\"", "  text = \"Wrong\"\n  correct = true");
    assert_eq!(
        quiz_errors(&two),
        [
            "content/quizzes/alpha.toml:1: single-choice question `alpha-one` must have exactly \
          one correct option, found 2"
        ]
    );
}

#[test]
fn multiple_response_needs_two_correct_and_one_wrong() {
    let one = QUESTION.replace("kind = \"single\"", "kind = \"multiple\"");
    assert_eq!(
        quiz_errors(&one),
        [
            "content/quizzes/alpha.toml:1: multiple-response question `alpha-one` must have at \
          least 2 correct options, found 1"
        ]
    );
    let all = one.replace("  text = \"Wrong\"", "  text = \"Wrong\"\n  correct = true");
    assert_eq!(
        quiz_errors(&all),
        [
            "content/quizzes/alpha.toml:1: multiple-response question `alpha-one` must have at \
          least one wrong option"
        ]
    );
}

#[test]
fn question_needs_two_options() {
    let quiz: String = QUESTION
        .lines()
        .take(10)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:1: question `alpha-one` needs at least 2 options \
          (`[[question.option]]`), found 1"
        ]
    );
}

#[test]
fn invalid_kind() {
    let quiz = QUESTION.replace("kind = \"single\"", "kind = \"multi\"");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:3: `kind` must be \"single\" or \"multiple\", found \"multi\""
        ]
    );
}

#[test]
fn correct_must_be_a_boolean() {
    let quiz = QUESTION.replace("correct = true", "correct = \"yes\"");
    assert_eq!(
        quiz_errors(&quiz),
        ["content/quizzes/alpha.toml:9: `correct` must be a boolean, found string"]
    );
}

#[test]
fn every_option_needs_an_explanation() {
    let missing = QUESTION.replace("  explanation = \"Because not.\"\n", "");
    assert_eq!(
        quiz_errors(&missing),
        [
            "content/quizzes/alpha.toml:11: option `b` of question `alpha-one` is missing \
          required key `explanation`"
        ]
    );
    let empty = QUESTION.replace("\"Because not.\"", "\"\"");
    assert_eq!(
        quiz_errors(&empty),
        ["content/quizzes/alpha.toml:14: `explanation` must not be empty"]
    );
}

#[test]
fn prompts_and_option_texts_must_not_be_empty() {
    let quiz = QUESTION
        .replace("prompt = \"Pick *one*.\"", "prompt = \"\"\"\n\n\"\"\"")
        .replace("text = \"Right\"", "text = \" \"");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:5: `prompt` must not be empty",
            "content/quizzes/alpha.toml:10: `text` must not be empty",
        ]
    );
}

#[test]
fn section_must_name_a_heading_of_the_lesson() {
    let quiz = QUESTION.replace("section = \"intro\"", "section = \"introduction\"");
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:4: section `introduction` is not a heading of lesson \
          `alpha` (its headings: intro, details)"
        ]
    );
}

#[test]
fn quiz_markdown_is_checked_at_the_key_line() {
    let quiz = QUESTION
        .replace(
            "prompt = \"Pick *one*.\"",
            "prompt = \"\"\"\n## Question\nPick <em>one</em>.\n\"\"\"",
        )
        .replace(
            "explanation = \"Because not.\"",
            "explanation = \"See [details](#detail) and [beta](lesson:beta).\"",
        );
    assert_eq!(
        quiz_errors(&quiz),
        [
            "content/quizzes/alpha.toml:5: headings are not allowed in quiz text: `Question`",
            "content/quizzes/alpha.toml:5: raw HTML is not allowed (it would be shown as text): `<em>`",
            "content/quizzes/alpha.toml:5: raw HTML is not allowed (it would be shown as text): `</em>`",
            "content/quizzes/alpha.toml:17: broken link `#detail`: lesson `alpha` has no heading `detail`",
            "content/quizzes/alpha.toml:17: broken link `lesson:beta`: no lesson has id `beta`",
        ]
    );
}

// ---------------------------------------------------------------------------
// Everything is reported

#[test]
fn every_problem_is_reported_sorted_by_path_and_line() {
    let lesson = LESSON
        .replace("title = \"Alpha\"", "title = \"\"")
        .replace("order = 1\n", "order = 1\ncolour = \"red\"\n")
        + "\n[broken](lesson:nowhere)\n";
    let quiz = QUESTION
        .replace("section = \"intro\"", "section = \"missing\"")
        .replace("id = \"b\"", "id = \"a\"")
        .replace("  explanation = \"Because.\"\n", "");
    assert_eq!(
        errors(&[
            file(QUIZ_PATH, &quiz),
            file(LESSON_PATH, &lesson),
            file("content/stray.md", "x"),
        ]),
        [
            "content/lessons/01-alpha.md:3: `title` must not be empty",
            "content/lessons/01-alpha.md:5: unknown key `colour` in front matter \
             (allowed: id, title, order, summary, minutes)",
            "content/lessons/01-alpha.md:17: broken link `lesson:nowhere`: no lesson has id `nowhere`",
            "content/quizzes/alpha.toml:4: section `missing` is not a heading of lesson `alpha` \
             (its headings: intro, details)",
            "content/quizzes/alpha.toml:6: option `a` of question `alpha-one` is missing required \
             key `explanation`",
            "content/quizzes/alpha.toml:11: duplicate option id `a` in question `alpha-one`",
            "content/stray.md:1: unexpected file: course content is `content/lessons/NN-<id>.md`, \
             `content/quizzes/<lesson-id>.toml` and `content/labs/NN-<id>.toml`",
        ]
    );
}

#[test]
fn slug_shapes() {
    assert!(is_slug("docker"));
    assert!(is_slug("docker-vm-2"));
    assert!(!is_slug(""));
    assert!(!is_slug("-docker"));
    assert!(!is_slug("docker-"));
    assert!(!is_slug("docker--vm"));
    assert!(!is_slug("Docker"));
    assert!(!is_slug("docker_vm"));
}

#[test]
fn front_matter_splitting() {
    assert_eq!(
        split_front_matter("+++\na = 1\n+++\nbody"),
        Some(("a = 1\n", 14))
    );
    assert_eq!(split_front_matter("+++\n+++\n"), Some(("", 8)));
    assert_eq!(split_front_matter("+++\na = 1\n"), None);
    assert_eq!(split_front_matter("\n+++\na = 1\n+++\n"), None);
}

// ---------------------------------------------------------------------------
// Labs

const LAB_PATH: &str = "content/labs/01-first-lab.toml";

/// A valid lab for lesson `alpha` (lines numbered in the comments).
const LAB: &str = r#"id = "first-lab"
title = "First lab"
order = 1
lessons = ["alpha", "alpha#details"]
minutes = 10
difficulty = "beginner"
intro = "Make a *cluster*."
start = """
aws ecs create-cluster --cluster-name old
"""

[[step]]
title = "Create it"
text = "Run [the command](lesson:alpha#intro)."
hints = ["Use `aws ecs create-cluster`.", "Name it demo."]
solution = """
aws ecs create-cluster --cluster-name demo
"""

  [[step.goal]]
  kind = "cluster"
  name = "demo"
  capacity_providers = ["FARGATE"]
  registered_instances = 0
"#;

fn lab_errors(lab: &str) -> Vec<String> {
    errors(&[file(LESSON_PATH, LESSON), file(LAB_PATH, lab)])
}

#[test]
fn valid_lab_builds_with_goals_as_data() {
    let course = validate(&[file(LESSON_PATH, LESSON), file(LAB_PATH, LAB)]).unwrap();
    assert_eq!(course.labs.len(), 1);
    let lab = course.lab("first-lab").unwrap();
    assert_eq!(lab.title, "First lab");
    assert_eq!(lab.path, LAB_PATH);
    assert_eq!(lab.difficulty, crate::Difficulty::Beginner);
    assert_eq!(lab.minutes, 10);
    assert_eq!(lab.lessons.len(), 2);
    assert_eq!(lab.lessons[1].section.as_deref(), Some("details"));
    assert_eq!(lab.intro_html, "<p>Make a <em>cluster</em>.</p>\n");
    assert_eq!(
        lab.start.text,
        "aws ecs create-cluster --cluster-name old\n"
    );
    assert_eq!(
        lab.start.line, 9,
        "the script's first line, after the opening quotes"
    );
    let step = &lab.steps[0];
    assert_eq!(step.line, 12);
    assert_eq!(step.title, "Create it");
    assert_eq!(step.hints_html.len(), 2);
    assert!(step.text_html.contains("href=\"/lessons/alpha#intro\""));
    assert_eq!(step.solution.line, 17);
    assert_eq!(step.goals.len(), 1);
    assert_eq!(step.goals[0].line, 20);
    assert_eq!(step.goals[0].kind(), "cluster");
    assert_eq!(
        step.goals[0].spec,
        serde_json::json!({"kind": "cluster", "name": "demo", "capacity_providers": ["FARGATE"], "registered_instances": 0})
    );
    assert_eq!(course.labs_of("alpha").count(), 1);
    assert_eq!(course.labs_of("beta").count(), 0);
}

#[test]
fn lab_links_and_lessons_must_resolve() {
    let lab = LAB
        .replace("\"alpha#details\"", "\"alpha#nope\", \"gamma\"")
        .replace("lesson:alpha#intro", "lesson:alpha#missing");
    assert_eq!(
        lab_errors(&lab),
        [
            "content/labs/01-first-lab.toml:4: `lessons`: lesson `alpha` has no heading `nope`",
            "content/labs/01-first-lab.toml:4: `lessons`: no lesson has id `gamma`",
            "content/labs/01-first-lab.toml:14: broken link `lesson:alpha#missing`: lesson `alpha` has no heading `missing`",
        ]
    );
}

#[test]
fn steps_need_goals_hints_and_a_solution() {
    let lab = LAB.split("[[step]]").next().unwrap().to_owned()
        + "[[step]]\ntitle = \"Empty\"\ntext = \"Nothing.\"\nsolution = \"\"\n\n[[step]]\ntitle = \"No goal kind\"\ntext = \"x\"\nhints = []\nsolution = \"aws ecs list-clusters\"\n  [[step.goal]]\n  name = \"x\"\n";
    assert_eq!(
        lab_errors(&lab),
        [
            "content/labs/01-first-lab.toml:12: step has no hints: add `hints = [\"…\"]` (revealed one at a time)",
            "content/labs/01-first-lab.toml:12: step has no goals: add `[[step.goal]]` tables",
            "content/labs/01-first-lab.toml:15: `solution` must not be empty",
            "content/labs/01-first-lab.toml:20: step has no hints: `hints` is empty",
            "content/labs/01-first-lab.toml:22: goal has no `kind` (cluster, service, tasks, …)",
        ]
    );
}

#[test]
fn lab_fields_are_checked_where_they_are() {
    let lab = LAB
        .replace(
            "difficulty = \"beginner\"",
            "difficulty = \"easy\"\nlevel = 3",
        )
        .replace("order = 1", "order = 2");
    assert_eq!(
        lab_errors(&lab),
        [
            "content/labs/01-first-lab.toml:1: file name `01-first-lab.toml` does not match the lab: expected `02-first-lab.toml` (`NN-<id>.toml` with NN the lab's order)",
            "content/labs/01-first-lab.toml:6: `difficulty` must be \"beginner\", \"intermediate\" or \"advanced\", found \"easy\"",
            "content/labs/01-first-lab.toml:7: unknown key `level` in lab (allowed: id, title, order, lessons, minutes, difficulty, intro, start, step)",
        ]
    );
    let lab = LAB.replace("[[step]]", "[[steps]]");
    assert_eq!(
        lab_errors(&lab),
        [
            "content/labs/01-first-lab.toml:12: unknown key `steps` in lab (allowed: id, title, order, lessons, minutes, difficulty, intro, start, step)",
            "content/labs/01-first-lab.toml:20: `step` must be an array of tables (`[[step]]`), found table",
        ]
    );
}

#[test]
fn lab_ids_and_orders_are_unique() {
    // The same lab under another file name: its id and order repeat.
    let errs = errors(&[
        file(LESSON_PATH, LESSON),
        file(LAB_PATH, LAB),
        file("content/labs/01-first-lab-copy.toml", LAB),
    ]);
    assert!(
        errs.contains(&"content/labs/01-first-lab-copy.toml:1: duplicate lab id `first-lab` (first defined at content/labs/01-first-lab.toml:1)".to_owned()),
        "{errs:?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("duplicate lab order 1")),
        "{errs:?}"
    );
}
