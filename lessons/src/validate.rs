//! Parsing and validation of course sources, with `path:line` diagnostics.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::markdown::{
    ALLOWED_SCHEMES, Finding, LAB_SCHEME, LESSON_SCHEME, Rendered, SANDBOX_SCHEME,
    parse_lesson_link, parse_sandbox_link, render_inline, render_with_findings, url_scheme,
};
use crate::model::{Choice, Course, Lesson, Question, QuestionKind, Quiz};

mod labs;

/// One course source file: a lesson (`content/lessons/NN-<id>.md`), a quiz
/// (`content/quizzes/<lesson-id>.toml`) or a lab (`content/labs/NN-<id>.toml`). `path` is relative to the crate
/// root and always uses `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceFile<'a> {
    /// Path relative to the crate root, e.g. `content/lessons/01-docker.md`.
    pub path: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// A problem found in the course sources. Displays as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The [`SourceFile::path`] of the offending file.
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, and usually how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for Diagnostic {}

const FRONT_MATTER_KEYS: [&str; 5] = ["id", "title", "order", "summary", "minutes"];
const QUIZ_KEYS: [&str; 1] = ["question"];
const QUESTION_KEYS: [&str; 5] = ["id", "kind", "section", "prompt", "option"];
const OPTION_KEYS: [&str; 4] = ["id", "text", "correct", "explanation"];

/// Parses and validates every source file and builds the [`Course`].
///
/// On failure returns every problem found (not just the first), sorted by
/// path and line. See the crate documentation for the rules.
pub fn validate(files: &[SourceFile<'_>]) -> Result<Course, Vec<Diagnostic>> {
    let mut diags = Diags::default();
    let mut lessons = Vec::new();
    let mut quizzes = Vec::new();
    let mut lab_drafts = Vec::new();
    for file in files {
        match classify(file.path) {
            Some(Kind::Lesson) => {
                if let Some(lesson) = parse_lesson(file, &mut diags) {
                    lessons.push(lesson);
                }
            }
            Some(Kind::Quiz) => {
                if let Some(quiz) = parse_quiz(file, &mut diags) {
                    quizzes.push(quiz);
                }
            }
            Some(Kind::Lab) => {
                if let Some(lab) = labs::parse_lab(file, &mut diags) {
                    lab_drafts.push(lab);
                }
            }
            None => diags.push(
                file.path,
                1,
                "unexpected file: course content is `content/lessons/NN-<id>.md`, \
                 `content/quizzes/<lesson-id>.toml` and `content/labs/NN-<id>.toml`",
            ),
        }
    }

    // Lesson ids and orders are unique.
    let mut first_id: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut first_order: HashMap<u32, (&str, &str, usize)> = HashMap::new();
    for lesson in &lessons {
        if let Some((id, line)) = &lesson.id {
            if let Some((path, first)) = first_id.get(id.as_str()) {
                diags.push(
                    lesson.path,
                    *line,
                    format!("duplicate lesson id `{id}` (first defined at {path}:{first})"),
                );
            } else {
                first_id.insert(id, (lesson.path, *line));
            }
        }
        if let Some((order, line)) = lesson.order {
            if let Some((other, path, first)) = first_order.get(&order) {
                diags.push(
                    lesson.path,
                    line,
                    format!(
                        "duplicate lesson order {order} (also used by lesson `{other}` at {path}:{first})"
                    ),
                );
            } else {
                let id = lesson.id.as_ref().map_or("?", |(id, _)| id.as_str());
                first_order.insert(order, (id, lesson.path, line));
            }
        }
    }

    // Link targets: every lesson's id with its heading ids (for sections
    // and links), and `lab:<id>` for every lab (no headings).
    let mut anchors: HashMap<&str, Vec<&str>> = HashMap::new();
    let lab_links: Vec<String> = lab_drafts
        .iter()
        .filter_map(|lab: &labs::LabDraft<'_>| lab.id.as_ref())
        .map(|(id, _)| format!("{LAB_SCHEME}{id}"))
        .collect();
    for link in &lab_links {
        anchors.insert(link.as_str(), Vec::new());
    }
    for lesson in &lessons {
        if let Some((id, _)) = &lesson.id {
            anchors.entry(id).or_insert_with(|| {
                lesson
                    .body
                    .rendered
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .collect()
            });
        }
    }

    for lesson in &lessons {
        let own = lesson.id.as_ref().map(|(id, _)| id.as_str());
        check_markdown(
            &mut diags,
            lesson.path,
            &lesson.body,
            Place::Lesson(own),
            &anchors,
        );
    }

    let mut quiz_for: HashMap<&str, &str> = HashMap::new();
    let mut first_question: HashMap<&str, (&str, usize)> = HashMap::new();
    for quiz in &quizzes {
        let lesson_anchors = anchors.get(quiz.lesson_id.as_str());
        if lesson_anchors.is_none() {
            diags.push(
                quiz.path,
                1,
                format!(
                    "quiz file is for lesson `{}`, but no lesson has that id \
                     (a quiz is named `content/quizzes/<lesson-id>.toml`)",
                    quiz.lesson_id
                ),
            );
        }
        if let Some(other) = quiz_for.get(quiz.lesson_id.as_str()) {
            diags.push(
                quiz.path,
                1,
                format!("lesson `{}` already has a quiz in {other}", quiz.lesson_id),
            );
        } else {
            quiz_for.insert(&quiz.lesson_id, quiz.path);
        }
        for question in &quiz.questions {
            if let Some((id, line)) = &question.id {
                if let Some((path, first)) = first_question.get(id.as_str()) {
                    diags.push(
                        quiz.path,
                        *line,
                        format!("duplicate question id `{id}` (first defined at {path}:{first})"),
                    );
                } else {
                    first_question.insert(id, (quiz.path, *line));
                }
            }
            if let (Some((section, line)), Some(headings)) = (&question.section, lesson_anchors)
                && !headings.contains(&section.as_str())
            {
                diags.push(
                    quiz.path,
                    *line,
                    format!(
                        "section `{section}` is not a heading of lesson `{}` (its headings: {})",
                        quiz.lesson_id,
                        headings.join(", ")
                    ),
                );
            }
            let place = Place::Quiz(&quiz.lesson_id);
            let texts = std::iter::once(&question.prompt).chain(
                question
                    .options
                    .iter()
                    .flat_map(|o| [&o.text, &o.explanation]),
            );
            for md in texts.flatten() {
                check_markdown(&mut diags, quiz.path, md, place, &anchors);
            }
        }
    }

    let built_labs = labs::finish(lab_drafts, &mut diags, &anchors);

    if !diags.0.is_empty() {
        let mut diags = diags.0;
        diags.sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
        return Err(diags);
    }
    // With no diagnostics every draft field is present, so nothing is dropped here.
    let mut quizzes: HashMap<String, Quiz> = quizzes
        .into_iter()
        .filter_map(|quiz| {
            let questions = quiz.questions.into_iter().map(build_question);
            let questions = questions.collect::<Option<Vec<_>>>()?;
            Some((quiz.lesson_id, Quiz { questions }))
        })
        .collect();
    let mut built: Vec<Lesson> = lessons
        .into_iter()
        .filter_map(|lesson| {
            let (id, _) = lesson.id?;
            Some(Lesson {
                quiz: quizzes.remove(&id),
                id,
                title: lesson.title?,
                order: lesson.order?.0,
                summary: lesson.summary?,
                minutes: lesson.minutes,
                html: lesson.body.rendered.html,
                headings: lesson.body.rendered.headings,
            })
        })
        .collect();
    built.sort_by_key(|lesson| lesson.order);
    Ok(Course {
        lessons: built,
        labs: built_labs,
    })
}

fn build_question(draft: QuestionDraft) -> Option<Question> {
    let options = draft
        .options
        .into_iter()
        .map(|option| {
            Some(Choice {
                id: option.id?.0,
                html: option.text?.rendered.html,
                correct: option.correct?,
                explanation_html: option.explanation?.rendered.html,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Question {
        id: draft.id?.0,
        kind: draft.kind?,
        section: draft.section?.0,
        prompt_html: draft.prompt?.rendered.html,
        options,
    })
}

#[derive(Default)]
struct Diags(Vec<Diagnostic>);

impl Diags {
    fn push(&mut self, path: &str, line: usize, message: impl Into<String>) {
        self.0.push(Diagnostic {
            path: path.to_owned(),
            line,
            message: message.into(),
        });
    }
}

enum Kind {
    Lesson,
    Quiz,
    Lab,
}

fn classify(path: &str) -> Option<Kind> {
    let mut parts = path.rsplit('/');
    let name = parts.next()?;
    match (parts.next()?, name.rsplit_once('.')?.1) {
        ("lessons", "md") => Some(Kind::Lesson),
        ("quizzes", "toml") => Some(Kind::Quiz),
        ("labs", "toml") => Some(Kind::Lab),
        _ => None,
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A slug: lowercase ASCII letters and digits in groups joined by single `-`.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Rendered Markdown plus the validator's findings, each with its line.
struct Markdown {
    rendered: Rendered,
    findings: Vec<(usize, Finding)>,
}

#[derive(Clone, Copy)]
enum Place<'a> {
    /// A lesson body (its id, if valid).
    Lesson(Option<&'a str>),
    /// Text in the quiz of this lesson.
    Quiz(&'a str),
    /// Text in a lab (no lesson of its own).
    Lab,
}

fn check_markdown(
    diags: &mut Diags,
    path: &str,
    md: &Markdown,
    place: Place<'_>,
    anchors: &HashMap<&str, Vec<&str>>,
) {
    let own_lesson = match place {
        Place::Lesson(id) => id,
        Place::Quiz(id) => Some(id),
        Place::Lab => None,
    };
    for (line, finding) in &md.findings {
        let line = *line;
        match finding {
            Finding::RawHtml(html) => diags.push(
                path,
                line,
                format!(
                    "raw HTML is not allowed (it would be shown as text): `{}`",
                    shorten(html)
                ),
            ),
            Finding::Heading(level, text) => match place {
                Place::Lesson(_) if *level == 1 => diags.push(
                    path,
                    line,
                    format!(
                        "level-1 heading `{text}`: the lesson title comes from the front matter, \
                         start sections at `##`"
                    ),
                ),
                Place::Lesson(_) => {}
                Place::Quiz(_) => diags.push(
                    path,
                    line,
                    format!("headings are not allowed in quiz text: `{text}`"),
                ),
                Place::Lab => diags.push(
                    path,
                    line,
                    format!("headings are not allowed in lab text: `{text}`"),
                ),
            },
            Finding::Link(dest) => {
                if let Some(message) = check_link(dest, own_lesson, anchors) {
                    diags.push(path, line, message);
                }
            }
            Finding::EmptyTableHeader(column) => diags.push(
                path,
                line,
                format!(
                    "the header of table column {column} is empty: name the column (a screen \
                     reader reads that name with every cell below it)"
                ),
            ),
        }
    }
}

fn check_link(
    dest: &str,
    own_lesson: Option<&str>,
    anchors: &HashMap<&str, Vec<&str>>,
) -> Option<String> {
    let target = |lesson: &str, anchor: Option<&str>| -> Option<String> {
        let Some(headings) = anchors.get(lesson) else {
            return Some(format!("broken link `{dest}`: no lesson has id `{lesson}`"));
        };
        match anchor {
            Some(anchor) if !headings.contains(&anchor) => Some(format!(
                "broken link `{dest}`: lesson `{lesson}` has no heading `{anchor}`"
            )),
            _ => None,
        }
    };
    if let Some((lesson, anchor)) = parse_lesson_link(dest) {
        if lesson.is_empty() || anchor == Some("") {
            return Some(format!(
                "malformed link `{dest}`: use `{LESSON_SCHEME}<id>` or `{LESSON_SCHEME}<id>#<anchor>`"
            ));
        }
        return target(lesson, anchor);
    }
    if let Some(id) = dest.strip_prefix(LAB_SCHEME) {
        return (!anchors.contains_key(dest))
            .then(|| format!("broken link `{dest}`: no lab has id `{id}`"));
    }
    if let Some(parsed) = parse_sandbox_link(dest) {
        return parsed.err().map(|reason| {
            format!(
                "malformed sandbox link `{dest}`: {reason}; use `{SANDBOX_SCHEME}` or \
                 `{SANDBOX_SCHEME}?cmd=<url-encoded aws command>`"
            )
        });
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        // A bare fragment points into the lesson being read.
        return own_lesson.and_then(|lesson| target(lesson, Some(anchor)));
    }
    match url_scheme(dest) {
        Some(scheme) if ALLOWED_SCHEMES.contains(&scheme.as_str()) => None,
        Some(_) => Some(format!(
            "link `{dest}` uses a disallowed scheme (allowed: {}, lesson, lab, sandbox)",
            ALLOWED_SCHEMES.join(", ")
        )),
        None => Some(format!(
            "relative link `{dest}`: link lessons with `{LESSON_SCHEME}<id>[#<anchor>]` \
             and other pages with an absolute `https://` URL"
        )),
    }
}

fn shorten(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    if first_line.chars().count() > 40 {
        let cut: String = first_line.chars().take(40).collect();
        format!("{cut}…")
    } else {
        first_line.to_owned()
    }
}

// ---------------------------------------------------------------------------
// TOML helpers

/// Where a TOML document sits in its file.
struct TomlSource<'a> {
    path: &'a str,
    text: &'a str,
    /// File line of the document's first line.
    first_line: usize,
}

impl TomlSource<'_> {
    fn line(&self, offset: usize) -> usize {
        self.first_line + line_at(self.text, offset) - 1
    }

    /// Parses the document, reporting every syntax error; `None` if any.
    fn parse<'i>(&self, text: &'i str, diags: &mut Diags) -> Option<Spanned<DeTable<'i>>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table);
        }
        for error in errors {
            let line = error
                .span()
                .map_or(self.first_line, |span| self.line(span.start));
            diags.push(
                self.path,
                line,
                format!("TOML syntax error: {}", error.message()),
            );
        }
        None
    }

    fn unknown_keys(&self, diags: &mut Diags, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for key in table.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                diags.push(
                    self.path,
                    self.line(key.span().start),
                    format!(
                        "unknown key `{}` in {what} (allowed: {})",
                        key.get_ref(),
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// Looks up `key`; reports it at `owner_line` if it is required and missing.
    fn field<'t, 'i>(
        &self,
        diags: &mut Diags,
        table: &'t DeTable<'i>,
        key: &str,
        owner: &Owner<'_>,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let value = table.get(key);
        if value.is_none() && owner.required {
            diags.push(
                self.path,
                owner.line,
                format!("{} is missing required key `{key}`", owner.name),
            );
        }
        value
    }

    fn wrong_type(&self, diags: &mut Diags, key: &str, want: &str, value: &Spanned<DeValue<'_>>) {
        diags.push(
            self.path,
            self.line(value.span().start),
            format!(
                "`{key}` must be {want}, found {}",
                value.get_ref().type_str()
            ),
        );
    }

    /// A required string; `nonempty` also rejects blank strings.
    fn string(
        &self,
        diags: &mut Diags,
        table: &DeTable<'_>,
        key: &str,
        owner: &Owner<'_>,
        nonempty: bool,
    ) -> Option<(String, usize)> {
        let value = self.field(diags, table, key, owner)?;
        let line = self.line(value.span().start);
        let Some(s) = value.get_ref().as_str() else {
            self.wrong_type(diags, key, "a string", value);
            return None;
        };
        if nonempty && s.trim().is_empty() {
            diags.push(self.path, line, format!("`{key}` must not be empty"));
            return None;
        }
        Some((s.to_owned(), line))
    }

    /// A required slug-shaped string.
    fn slug(
        &self,
        diags: &mut Diags,
        table: &DeTable<'_>,
        key: &str,
        owner: &Owner<'_>,
    ) -> Option<(String, usize)> {
        let (s, line) = self.string(diags, table, key, owner, false)?;
        if !is_slug(&s) {
            diags.push(
                self.path,
                line,
                format!(
                    "`{key}` must be a slug (lowercase letters and digits, joined by single hyphens), found {s:?}"
                ),
            );
            return None;
        }
        Some((s, line))
    }

    /// A positive integer that fits in `u32`.
    fn positive(
        &self,
        diags: &mut Diags,
        table: &DeTable<'_>,
        key: &str,
        owner: &Owner<'_>,
    ) -> Option<(u32, usize)> {
        let value = self.field(diags, table, key, owner)?;
        let line = self.line(value.span().start);
        let Some(int) = value.get_ref().as_integer() else {
            self.wrong_type(diags, key, "a positive integer", value);
            return None;
        };
        let parsed = i64::from_str_radix(int.as_str(), int.radix()).ok();
        match parsed
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
        {
            Some(n) => Some((n, line)),
            None => {
                diags.push(
                    self.path,
                    line,
                    format!("`{key}` must be a positive integer, found {int}"),
                );
                None
            }
        }
    }

    /// Markdown text: a non-empty string, rendered.
    fn markdown(
        &self,
        diags: &mut Diags,
        table: &DeTable<'_>,
        key: &str,
        owner: &Owner<'_>,
        inline: bool,
    ) -> Option<Markdown> {
        let (text, line) = self.string(diags, table, key, owner, true)?;
        let (rendered, findings) = if inline {
            render_inline(&text)
        } else {
            render_with_findings(&text)
        };
        Some(Markdown {
            rendered,
            // Findings inside a TOML string are reported at the key's line.
            findings: findings.into_iter().map(|(_, f)| (line, f)).collect(),
        })
    }

    /// An array of tables (`[[key]]` or an inline array of inline tables).
    fn tables<'t, 'i>(
        &self,
        diags: &mut Diags,
        table: &'t DeTable<'i>,
        key: &str,
        header: &str,
    ) -> Option<Vec<(usize, &'t DeTable<'i>)>> {
        let value = table.get(key)?;
        let bad = |diags: &mut Diags, found: &Spanned<DeValue<'_>>| {
            diags.push(
                self.path,
                self.line(found.span().start),
                format!(
                    "`{key}` must be an array of tables (`{header}`), found {}",
                    found.get_ref().type_str()
                ),
            );
        };
        let Some(array) = value.get_ref().as_array() else {
            bad(diags, value);
            return None;
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_table() {
                Some(t) => out.push((self.line(item.span().start), t)),
                None => {
                    bad(diags, item);
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// The table a key belongs to, for "missing key" messages.
struct Owner<'a> {
    name: &'a str,
    line: usize,
    required: bool,
}

impl<'a> Owner<'a> {
    fn required(name: &'a str, line: usize) -> Self {
        Owner {
            name,
            line,
            required: true,
        }
    }

    fn optional(name: &'a str, line: usize) -> Self {
        Owner {
            name,
            line,
            required: false,
        }
    }
}

// ---------------------------------------------------------------------------
// Lessons

struct LessonDraft<'a> {
    path: &'a str,
    id: Option<(String, usize)>,
    title: Option<String>,
    order: Option<(u32, usize)>,
    summary: Option<String>,
    minutes: Option<u32>,
    body: Markdown,
}

fn parse_lesson<'a>(file: &SourceFile<'a>, diags: &mut Diags) -> Option<LessonDraft<'a>> {
    let path = file.path;
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    let Some((front, body_start)) = split_front_matter(text) else {
        let message = if text.lines().next().map(str::trim_end) == Some("+++") {
            "front matter is not closed: add a `+++` line after it"
        } else {
            "missing front matter: a lesson starts with a `+++` line, then TOML \
             (id, title, order, summary), then another `+++` line"
        };
        diags.push(path, 1, message);
        return None;
    };
    let source = TomlSource {
        path,
        text: front,
        first_line: 2,
    };
    let owner = Owner::required("front matter", 1);
    let (id, title, order, summary, minutes) = match source.parse(front, diags) {
        Some(table) => {
            let table = table.get_ref();
            source.unknown_keys(diags, table, &FRONT_MATTER_KEYS, "front matter");
            let id = source.slug(diags, table, "id", &owner);
            let title = source.string(diags, table, "title", &owner, true);
            let order = source.positive(diags, table, "order", &owner);
            let summary = source.string(diags, table, "summary", &owner, true);
            if let Some((summary, line)) = &summary
                && summary.trim().contains('\n')
            {
                diags.push(path, *line, "`summary` must be a single line");
            }
            let minutes =
                source.positive(diags, table, "minutes", &Owner::optional("front matter", 1));
            (id, title, order, summary, minutes)
        }
        None => (None, None, None, None, None),
    };
    if let (Some((id, line)), Some((order, _))) = (&id, &order) {
        let expected = format!("{order:02}-{id}.md");
        let actual = file_name(path);
        if actual != expected {
            diags.push(
                path,
                *line,
                format!(
                    "file name `{actual}` does not match the front matter: expected `{expected}` \
                     (`NN-<id>.md` with NN the lesson order)"
                ),
            );
        }
    }

    let body = &text[body_start..];
    let body_line = line_at(text, body_start);
    let (rendered, findings) = render_with_findings(body);
    let findings = findings
        .into_iter()
        .map(|(offset, f)| (body_line + line_at(body, offset) - 1, f))
        .collect();
    Some(LessonDraft {
        path,
        id,
        title: title.map(|(t, _)| t.trim().to_owned()),
        order,
        summary: summary.map(|(s, _)| s.trim().to_owned()),
        minutes: minutes.map(|(m, _)| m),
        body: Markdown { rendered, findings },
    })
}

/// Splits `+++\n<toml>+++\n<body>`: returns the TOML text and the byte
/// offset where the body starts.
fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    let mut offset = 0;
    let mut toml_start = None;
    for line in text.split_inclusive('\n') {
        let next = offset + line.len();
        if line.trim_end() == "+++" {
            match toml_start {
                None if offset == 0 => toml_start = Some(next),
                Some(start) => return Some((&text[start..offset], next)),
                None => return None,
            }
        } else if toml_start.is_none() {
            return None;
        }
        offset = next;
    }
    None
}

// ---------------------------------------------------------------------------
// Quizzes

struct QuizDraft<'a> {
    path: &'a str,
    lesson_id: String,
    questions: Vec<QuestionDraft>,
}

struct QuestionDraft {
    id: Option<(String, usize)>,
    kind: Option<QuestionKind>,
    section: Option<(String, usize)>,
    prompt: Option<Markdown>,
    options: Vec<OptionDraft>,
}

struct OptionDraft {
    id: Option<(String, usize)>,
    text: Option<Markdown>,
    correct: Option<bool>,
    explanation: Option<Markdown>,
}

fn parse_quiz<'a>(file: &SourceFile<'a>, diags: &mut Diags) -> Option<QuizDraft<'a>> {
    let path = file.path;
    let stem = file_name(path).trim_end_matches(".toml");
    if !is_slug(stem) {
        diags.push(
            path,
            1,
            format!(
                "quiz file name `{}` must be `<lesson-id>.toml` with a slug id",
                file_name(path)
            ),
        );
        return None;
    }
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    let source = TomlSource {
        path,
        text,
        first_line: 1,
    };
    let doc = source.parse(text, diags)?;
    let doc = doc.get_ref();
    source.unknown_keys(diags, doc, &QUIZ_KEYS, "quiz");
    let questions = source.tables(diags, doc, "question", "[[question]]");
    let no_questions = "quiz has no questions: add `[[question]]` tables";
    let questions = match questions {
        Some(q) if !q.is_empty() => q,
        Some(_) => {
            diags.push(path, 1, no_questions);
            return None;
        }
        None => {
            // A `question` key of the wrong type has been reported already.
            if !doc.contains_key("question") {
                diags.push(path, 1, no_questions);
            }
            return None;
        }
    };
    let questions = questions
        .into_iter()
        .map(|(line, table)| parse_question(&source, diags, line, table))
        .collect();
    Some(QuizDraft {
        path,
        lesson_id: stem.to_owned(),
        questions,
    })
}

fn parse_question(
    source: &TomlSource<'_>,
    diags: &mut Diags,
    header_line: usize,
    table: &DeTable<'_>,
) -> QuestionDraft {
    let path = source.path;
    let id = source.slug(
        diags,
        table,
        "id",
        &Owner::required("question", header_line),
    );
    let name = match &id {
        Some((id, _)) => format!("question `{id}`"),
        None => "question".to_owned(),
    };
    let owner = Owner::required(&name, header_line);
    source.unknown_keys(diags, table, &QUESTION_KEYS, &name);
    let kind =
        source
            .string(diags, table, "kind", &owner, false)
            .and_then(|(kind, line)| match kind.as_str() {
                "single" => Some(QuestionKind::Single),
                "multiple" => Some(QuestionKind::Multiple),
                other => {
                    diags.push(
                        path,
                        line,
                        format!("`kind` must be \"single\" or \"multiple\", found {other:?}"),
                    );
                    None
                }
            });
    let section = source.string(diags, table, "section", &owner, true);
    let prompt = source.markdown(diags, table, "prompt", &owner, false);

    let mut options = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (line, option) in source
        .tables(diags, table, "option", "[[question.option]]")
        .unwrap_or_default()
    {
        let option_id = source.slug(diags, option, "id", &Owner::required("option", line));
        let option_name = match &option_id {
            Some((oid, _)) => format!("option `{oid}` of {name}"),
            None => format!("option of {name}"),
        };
        let owner = Owner::required(&option_name, line);
        source.unknown_keys(diags, option, &OPTION_KEYS, &option_name);
        if let Some((oid, id_line)) = &option_id
            && !seen.insert(oid.clone())
        {
            diags.push(
                path,
                *id_line,
                format!("duplicate option id `{oid}` in {name}"),
            );
        }
        let text = source.markdown(diags, option, "text", &owner, true);
        let correct = match option.get("correct") {
            None => Some(false),
            Some(value) => match value.get_ref().as_bool() {
                Some(b) => Some(b),
                None => {
                    source.wrong_type(diags, "correct", "a boolean", value);
                    None
                }
            },
        };
        let explanation = source.markdown(diags, option, "explanation", &owner, false);
        options.push(OptionDraft {
            id: option_id,
            text,
            correct,
            explanation,
        });
    }

    if options.len() < 2 {
        diags.push(
            path,
            header_line,
            format!(
                "{name} needs at least 2 options (`[[question.option]]`), found {}",
                options.len()
            ),
        );
    } else if options.iter().all(|o| o.correct.is_some()) {
        let correct = options.iter().filter(|o| o.correct == Some(true)).count();
        let wrong = options.len() - correct;
        match kind {
            Some(QuestionKind::Single) if correct != 1 => diags.push(
                path,
                header_line,
                format!(
                    "single-choice {name} must have exactly one correct option, found {correct}"
                ),
            ),
            Some(QuestionKind::Multiple) if correct < 2 => diags.push(
                path,
                header_line,
                format!(
                    "multiple-response {name} must have at least 2 correct options, found {correct}"
                ),
            ),
            Some(QuestionKind::Multiple) if wrong == 0 => diags.push(
                path,
                header_line,
                format!("multiple-response {name} must have at least one wrong option"),
            ),
            _ => {}
        }
    }

    QuestionDraft {
        id,
        kind,
        section: section.map(|(s, line)| (s.trim().to_owned(), line)),
        prompt,
        options,
    }
}

#[cfg(test)]
mod tests;
