//! Stevedore's course: lessons and quizzes for the containers section of
//! the AWS SAA-C03 exam, their schema, Markdown rendering and validation.
//!
//! The content is compiled into the crate and validated by `cargo test`, so
//! [`course`] hands its users a ready-made [`Course`]: lessons with rendered
//! HTML, a heading list for the table of contents, and quizzes that
//! [`Question::grade`] marks. The study shell (the app's wasm) does not
//! compile it in: at build time [`data`] writes the validated course as
//! static files (`course/index.json` and one body per lesson: Trunk's
//! `post_build` hook runs `src/bin/course-data.rs`, `stevedore prerender`
//! writes them too), and the app fetches them and reads them with serde
//! (no Markdown or TOML parser in the shell).
//!
//! # Layout
//!
//! ```text
//! lessons/
//! ├── build.rs                    embeds content/ (include_str! table)
//! ├── src/bin/course-data.rs      writes the course's files into a build
//! ├── content/
//! │   ├── lessons/NN-<id>.md      one lesson: TOML front matter + Markdown
//! │   ├── quizzes/<id>.toml       the quiz of lesson <id> (optional)
//! │   └── labs/NN-<id>.toml       one lab (see the `labs` module)
//! └── src/
//!     ├── lib.rs                  course(), sources(), these docs
//!     ├── data.rs                 the course as a build's static files
//!     ├── model.rs                Course, Lesson, Quiz, Question, grading
//!     ├── labs.rs                 Lab, LabStep, LabGoal: labs as data
//!     ├── markdown.rs             render_markdown(), slugify(), links
//!     └── validate.rs             validate(), Diagnostic (validate/labs.rs: labs)
//! ```
//!
//! # Lesson files
//!
//! `content/lessons/NN-<id>.md`, where `NN` is the lesson's `order` (two
//! digits or more) and `<id>` its id, starts with TOML front matter between
//! two `+++` lines:
//!
//! ```text
//! +++
//! id = "docker"            # stable slug: a-z, 0-9, single '-'; never rename
//! title = "Docker and containers"
//! order = 1                # unique positive integer; lessons sorted by it
//! summary = "One sentence for the lesson list."
//! minutes = 12             # optional reading time
//! +++
//!
//! ## First section
//! ...
//! ```
//!
//! The body is Markdown (CommonMark with tables, strikethrough and
//! footnotes). Sections start at `##`: the title comes from the front matter,
//! so `#` headings are rejected. Every heading gets an anchor id,
//! [`slugify`] of its text (`## Containers vs virtual machines` →
//! `containers-vs-virtual-machines`), with `-2`, `-3`, … appended to
//! repeats. Raw HTML is rejected (and escaped by the renderer anyway, since
//! the HTML is injected into the page).
//!
//! # Quiz files
//!
//! `content/quizzes/<lesson-id>.toml` holds the quiz of that lesson:
//!
//! ```toml
//! [[question]]
//! id = "docker-vm-difference"      # stable slug, unique across the course
//! kind = "single"                  # or "multiple" (multiple response)
//! section = "containers-vs-virtual-machines"  # heading anchor in the lesson
//! prompt = """
//! A company wants ... Which option is MOST ...?
//! """
//!
//!   [[question.option]]
//!   id = "a"                       # slug, unique within the question
//!   text = "Markdown, usually one line"
//!   correct = true                 # optional, default false
//!   explanation = "Markdown: why this option is right or wrong."
//! ```
//!
//! Rules: a `single` question has exactly one correct option; a `multiple`
//! question has at least two correct options and at least one wrong one
//! (the exam's "Select TWO" style); every question has at least two options;
//! every option has a non-empty `text` and `explanation`; `section` must be
//! the anchor id of a heading of the lesson. Prompts, option texts and
//! explanations are Markdown too, without headings or raw HTML.
//!
//! # Links
//!
//! Lessons and quiz text link to other lessons with the `lesson:` scheme:
//!
//! * `[ECS](lesson:ecs)` — the lesson with id `ecs`;
//! * `[tips](lesson:docker#exam-tips)` — a heading of that lesson;
//! * `[above](#images-and-containers)` — a heading of the current lesson
//!   (in a quiz: of the quiz's lesson);
//! * `[lab 1](lab:create-cluster)` — a lab (`href="/labs/create-cluster"`).
//!
//! The validator checks that the lesson and the heading exist. The renderer
//! turns `lesson:<id>#<anchor>` into `href="/lessons/<id>#<anchor>"` (see
//! [`lesson_href`] and [`LESSON_PATH_PREFIX`]).
//!
//! Links into the sandbox use the `sandbox:` scheme:
//!
//! * `[try it](sandbox:)` — open the sandbox (`href="/sandbox"`);
//! * `[run it](sandbox:?cmd=aws%20ecs%20list-clusters)` — open the sandbox
//!   with its command line prefilled with `aws ecs list-clusters`
//!   (`href="/sandbox?cmd=aws%20ecs%20list-clusters"`; the app reads the
//!   [`SANDBOX_COMMAND_PARAM`] query parameter).
//!
//! The command is percent-encoded: spaces as `%20`, `"` as `%22`, `{`/`}` as
//! `%7B`/`%7D`, `[`/`]` as `%5B`/`%5D`, `+` as `%2B`, `&` as `%26`, `#` as
//! `%23`; letters, digits and `-._~!$'()*,;=:@/?` may stay as they are.
//! [`sandbox_href`] produces the encoding. The validator rejects any other
//! form (`sandbox:run`, `sandbox:?x=1`, an empty `cmd`), a raw `+`, `&`,
//! space or other character that must be encoded, a bad `%` escape, a
//! command that does not decode to UTF-8 text without control characters,
//! a decoded command containing `%` (the app's router decodes twice), and a
//! command that does not start with `aws `. The renderer turns a malformed
//! sandbox link into `#`.
//!
//! A command that fails on purpose (the lesson shows AWS refusing it) ends
//! with `&expect=error` ([`EXPECT_ERROR_SUFFIX`], left out of the href).
//! Every sandbox command is run by a test (`cli/tests/lesson_links.rs`):
//! a lesson's links in order on one fresh account, as a learner following
//! the lesson would, each succeeding unless marked. A command that needs
//! state no earlier link creates belongs in a lab, not in a link; one that
//! needs a service the simulator does not have yet is not a link at all.
//!
//! External links must be
//! absolute `http(s)://` or `mailto:` URLs; relative links and other schemes
//! are rejected (and rendered as `#`).
//!
//! # Validation
//!
//! [`validate`] checks every file (lessons, quizzes and labs: see
//! [`labs`] for the lab rules) and reports every problem, not just the
//! first, as [`Diagnostic`]s that display as `path:line: message`: front
//! matter present, closed and well-formed (missing, unknown and wrongly
//! typed keys, at the key's line), TOML syntax errors at their line,
//! duplicate lesson ids and orders, file names matching the front matter,
//! unique question ids across the course, unique option ids within a
//! question, the correct-option counts above, sections and links resolving,
//! no empty texts, no raw HTML. Problems inside a TOML string (a broken link
//! in an explanation, say) are reported at the line of its key.
//!
//! # Adding a lesson
//!
//! 1. Write `content/lessons/NN-<id>.md` with the front matter above; pick
//!    the next `order` and use it as `NN`.
//! 2. Optionally write `content/quizzes/<id>.toml`; point each question's
//!    `section` at the heading it tests.
//! 3. Run `cargo test -p stevedore-lessons`: the `content_is_valid` test
//!    prints every diagnostic. `build.rs` picks new files up by itself.

pub mod data;
pub mod labs;
mod markdown;
mod model;
pub mod study;
mod validate;

use std::sync::OnceLock;

pub use labs::{Difficulty, Lab, LabGoal, LabStep, LessonRef, Script};
pub use markdown::{
    EXPECT_ERROR_SUFFIX, Heading, LAB_PATH_PREFIX, LAB_SCHEME, LESSON_PATH_PREFIX, LESSON_SCHEME,
    Rendered, SANDBOX_COMMAND_PARAM, SANDBOX_PATH, SANDBOX_SCHEME, SandboxCommand, lesson_href,
    render_markdown, sandbox_commands, sandbox_href, slugify,
};
pub use model::{Choice, ChoiceGrade, Course, Grade, Lesson, Question, QuestionKind, Quiz};
pub use validate::{Diagnostic, SourceFile, validate};

include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// The course source files compiled into the crate, sorted by path.
pub fn sources() -> &'static [SourceFile<'static>] {
    SOURCES
}

/// The embedded course, parsed and validated on first use, or every
/// diagnostic if the content is broken.
pub fn try_course() -> Result<&'static Course, &'static [Diagnostic]> {
    static COURSE: OnceLock<Result<Course, Vec<Diagnostic>>> = OnceLock::new();
    match COURSE.get_or_init(|| validate(sources())) {
        Ok(course) => Ok(course),
        Err(diagnostics) => Err(diagnostics),
    }
}

/// The embedded course, parsed and validated once.
///
/// # Panics
///
/// If the embedded content is invalid. That is a bug: the `content_is_valid`
/// test fails on any invalid content, so it cannot ship. Use [`try_course`]
/// to handle the error instead.
#[allow(
    clippy::panic,
    reason = "invalid embedded content is a build bug that `cargo test` catches"
)]
pub fn course() -> &'static Course {
    match try_course() {
        Ok(course) => course,
        Err(diagnostics) => {
            let list: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!(
                "the embedded course content is invalid (run `cargo test -p stevedore-lessons`):\n{}",
                list.join("\n")
            )
        }
    }
}
