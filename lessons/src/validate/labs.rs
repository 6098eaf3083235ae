//! Lab files (`content/labs/NN-<id>.toml`): parsing and the checks that
//! need no engine (see [`crate::labs`]). Goals are kept as JSON tables;
//! `stevedore_cli::labs` checks their kinds and fields against the
//! engine's vocabulary, and replays the scripts.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Diags, Markdown, Owner, Place, TomlSource, check_markdown, file_name};
use crate::labs::{Difficulty, Lab, LabGoal, LabStep, LessonRef, Script};

const LAB_KEYS: [&str; 9] = [
    "id",
    "title",
    "order",
    "lessons",
    "minutes",
    "difficulty",
    "intro",
    "start",
    "step",
];
const STEP_KEYS: [&str; 5] = ["title", "text", "hints", "solution", "goal"];

/// A lab as parsed, before the cross-file checks.
pub(super) struct LabDraft<'a> {
    pub(super) path: &'a str,
    pub(super) id: Option<(String, usize)>,
    pub(super) order: Option<(u32, usize)>,
    title: Option<String>,
    /// (lesson, section, line).
    lessons: Vec<(String, Option<String>, usize)>,
    minutes: Option<u32>,
    difficulty: Option<Difficulty>,
    intro: Option<Markdown>,
    start: Script,
    steps: Vec<StepDraft>,
    complete: bool,
}

struct StepDraft {
    line: usize,
    title: Option<String>,
    text: Option<Markdown>,
    hints: Vec<Markdown>,
    solution: Option<Script>,
    goals: Vec<LabGoal>,
}

/// The text of a string value and the file line of its first line of
/// text (a multi-line string's text starts on the line after `"""`).
fn script(source: &TomlSource<'_>, value: &Spanned<DeValue<'_>>, text: &str) -> Script {
    let start = value.span().start;
    let line = source.line(start);
    let raw = source.text.get(start..).unwrap_or_default();
    let multi = raw.starts_with("\"\"\"\n")
        || raw.starts_with("'''\n")
        || raw.starts_with("\"\"\"\r\n")
        || raw.starts_with("'''\r\n");
    Script {
        text: text.to_owned(),
        line: if multi { line + 1 } else { line },
    }
}

/// A TOML value as JSON (goals are plain data); `Err` names what cannot be
/// one (a date).
fn to_json(value: &DeValue<'_>) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    Ok(match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let n = i64::from_str_radix(&digits, i.radix())
                .map_err(|_| format!("the integer {i} is out of range"))?;
            Value::from(n)
        }
        DeValue::Float(f) => {
            let x: f64 = f
                .as_str()
                .replace('_', "")
                .parse()
                .map_err(|_| format!("the number {f} is not supported"))?;
            serde_json::Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| format!("the number {f} is not supported"))?
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => return Err(format!("dates ({d}) are not goal values")),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|v| to_json(v.get_ref()))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => {
            let mut map = serde_json::Map::new();
            for (k, v) in t.iter() {
                map.insert(k.get_ref().to_string(), to_json(v.get_ref())?);
            }
            Value::Object(map)
        }
    })
}

pub(super) fn parse_lab<'a>(
    file: &super::SourceFile<'a>,
    diags: &mut Diags,
) -> Option<LabDraft<'a>> {
    let path = file.path;
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    let source = TomlSource {
        path,
        text,
        first_line: 1,
    };
    let doc = source.parse(text, diags)?;
    let doc = doc.get_ref();
    let before = diags.0.len();
    let owner = Owner::required("lab", 1);
    source.unknown_keys(diags, doc, &LAB_KEYS, "lab");
    let id = source.slug(diags, doc, "id", &owner);
    let title = source.string(diags, doc, "title", &owner, true);
    let order = source.positive(diags, doc, "order", &owner);
    let minutes = source.positive(diags, doc, "minutes", &owner);
    let difficulty =
        source
            .string(diags, doc, "difficulty", &owner, false)
            .and_then(|(word, line)| {
                let parsed = Difficulty::parse(&word);
                if parsed.is_none() {
                    diags.push(
                        path,
                        line,
                        format!(
                            "`difficulty` must be \"beginner\", \"intermediate\" or \"advanced\", found {word:?}"
                        ),
                    );
                }
                parsed
            });
    let intro = source.markdown(diags, doc, "intro", &owner, false);
    if let (Some((id, line)), Some((order, _))) = (&id, &order) {
        let expected = format!("{order:02}-{id}.toml");
        let actual = file_name(path);
        if actual != expected {
            diags.push(
                path,
                *line,
                format!(
                    "file name `{actual}` does not match the lab: expected `{expected}` \
                     (`NN-<id>.toml` with NN the lab's order)"
                ),
            );
        }
    }

    let mut lessons = Vec::new();
    match source.field(diags, doc, "lessons", &owner) {
        None => {}
        Some(value) => match value.get_ref().as_array() {
            Some(array) if !array.is_empty() => {
                for item in array.iter() {
                    let line = source.line(item.span().start);
                    match item.get_ref().as_str() {
                        Some(s) => {
                            let (lesson, section) = match s.split_once('#') {
                                Some((l, a)) => (l.to_owned(), Some(a.to_owned())),
                                None => (s.to_owned(), None),
                            };
                            lessons.push((lesson, section, line));
                        }
                        None => diags.push(
                            path,
                            line,
                            "`lessons` lists lesson ids as strings (`<id>` or `<id>#<anchor>`)",
                        ),
                    }
                }
            }
            Some(_) => diags.push(
                path,
                source.line(value.span().start),
                "`lessons` must name at least one lesson",
            ),
            None => source.wrong_type(diags, "lessons", "an array of lesson ids", value),
        },
    }

    let start = match doc.get("start") {
        None => Script::default(),
        Some(value) => match value.get_ref().as_str() {
            Some(s) => script(&source, value, s),
            None => {
                source.wrong_type(diags, "start", "a string of command lines", value);
                Script::default()
            }
        },
    };

    let mut steps = Vec::new();
    match source.tables(diags, doc, "step", "[[step]]") {
        Some(tables) if !tables.is_empty() => {
            for (line, table) in tables {
                steps.push(parse_step(&source, diags, line, table));
            }
        }
        Some(_) => diags.push(path, 1, "a lab needs at least one `[[step]]`"),
        None => {
            if !doc.contains_key("step") {
                diags.push(path, 1, "a lab needs at least one `[[step]]`");
            }
        }
    }
    Some(LabDraft {
        path,
        id,
        order,
        title: title.map(|(t, _)| t.trim().to_owned()),
        lessons,
        minutes: minutes.map(|(m, _)| m),
        difficulty,
        intro,
        start,
        steps,
        complete: diags.0.len() == before,
    })
}

fn parse_step(
    source: &TomlSource<'_>,
    diags: &mut Diags,
    line: usize,
    table: &DeTable<'_>,
) -> StepDraft {
    let path = source.path;
    let owner = Owner::required("step", line);
    source.unknown_keys(diags, table, &STEP_KEYS, "step");
    let title = source
        .string(diags, table, "title", &owner, true)
        .map(|(t, _)| t.trim().to_owned());
    let text = source.markdown(diags, table, "text", &owner, false);
    let mut hints = Vec::new();
    match table.get("hints") {
        None => diags.push(
            path,
            line,
            "step has no hints: add `hints = [\"…\"]` (revealed one at a time)",
        ),
        Some(value) => match value.get_ref().as_array() {
            Some(array) if !array.is_empty() => {
                for item in array.iter() {
                    let hint_line = source.line(item.span().start);
                    match item.get_ref().as_str() {
                        Some(s) if !s.trim().is_empty() => {
                            let (rendered, findings) = crate::markdown::render_with_findings(s);
                            hints.push(Markdown {
                                rendered,
                                findings: findings
                                    .into_iter()
                                    .map(|(_, f)| (hint_line, f))
                                    .collect(),
                            });
                        }
                        _ => diags.push(
                            path,
                            source.line(item.span().start),
                            "each hint is a non-empty Markdown string",
                        ),
                    }
                }
            }
            Some(_) => diags.push(
                path,
                source.line(value.span().start),
                "step has no hints: `hints` is empty",
            ),
            None => source.wrong_type(diags, "hints", "an array of Markdown strings", value),
        },
    }
    let solution = source
        .field(diags, table, "solution", &owner)
        .and_then(|value| match value.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Some(script(source, value, s)),
            Some(_) => {
                diags.push(
                    path,
                    source.line(value.span().start),
                    "`solution` must not be empty",
                );
                None
            }
            None => {
                source.wrong_type(diags, "solution", "a string of command lines", value);
                None
            }
        });
    let mut goals = Vec::new();
    match source.tables(diags, table, "goal", "[[step.goal]]") {
        Some(tables) if !tables.is_empty() => {
            for (goal_line, goal) in tables {
                match goal.get("kind") {
                    Some(kind) if kind.get_ref().as_str().is_some_and(|k| !k.is_empty()) => {}
                    Some(kind) => {
                        source.wrong_type(diags, "kind", "the goal's kind, a string", kind);
                        continue;
                    }
                    None => {
                        diags.push(
                            path,
                            goal_line,
                            "goal has no `kind` (cluster, service, tasks, …)",
                        );
                        continue;
                    }
                }
                match to_json(&DeValue::Table(goal.clone())) {
                    Ok(spec) => goals.push(LabGoal {
                        spec,
                        line: goal_line,
                    }),
                    Err(why) => diags.push(path, goal_line, format!("goal: {why}")),
                }
            }
        }
        Some(_) => diags.push(path, line, "step has no goals: add `[[step.goal]]` tables"),
        None => {
            if !table.contains_key("goal") {
                diags.push(path, line, "step has no goals: add `[[step.goal]]` tables");
            }
        }
    }
    StepDraft {
        line,
        title,
        text,
        hints,
        solution,
        goals,
    }
}

/// The checks across files (unique ids and orders, lessons and links
/// that resolve), then the labs, sorted by order.
pub(super) fn finish(
    drafts: Vec<LabDraft<'_>>,
    diags: &mut Diags,
    anchors: &HashMap<&str, Vec<&str>>,
) -> Vec<Lab> {
    let mut first_id: HashMap<String, (String, usize)> = HashMap::new();
    let mut first_order: HashMap<u32, (String, usize)> = HashMap::new();
    for lab in &drafts {
        if let Some((id, line)) = &lab.id {
            if let Some((path, first)) = first_id.get(id) {
                diags.push(
                    lab.path,
                    *line,
                    format!("duplicate lab id `{id}` (first defined at {path}:{first})"),
                );
            } else {
                first_id.insert(id.clone(), (lab.path.to_owned(), *line));
            }
        }
        if let Some((order, line)) = lab.order {
            if let Some((path, first)) = first_order.get(&order) {
                diags.push(
                    lab.path,
                    line,
                    format!("duplicate lab order {order} (first used at {path}:{first})"),
                );
            } else {
                first_order.insert(order, (lab.path.to_owned(), line));
            }
        }
        for (lesson, section, line) in &lab.lessons {
            match anchors.get(lesson.as_str()) {
                None => diags.push(
                    lab.path,
                    *line,
                    format!("`lessons`: no lesson has id `{lesson}`"),
                ),
                Some(headings) => {
                    if let Some(section) = section
                        && !headings.contains(&section.as_str())
                    {
                        diags.push(
                            lab.path,
                            *line,
                            format!("`lessons`: lesson `{lesson}` has no heading `{section}`"),
                        );
                    }
                }
            }
        }
        let texts = lab.intro.iter().chain(
            lab.steps
                .iter()
                .flat_map(|s| s.text.iter().chain(s.hints.iter())),
        );
        for md in texts {
            check_markdown(diags, lab.path, md, Place::Lab, anchors);
        }
    }
    let mut labs: Vec<Lab> = drafts.into_iter().filter_map(build).collect();
    labs.sort_by_key(|lab| lab.order);
    labs
}

fn build(draft: LabDraft<'_>) -> Option<Lab> {
    if !draft.complete {
        return None;
    }
    let steps = draft
        .steps
        .into_iter()
        .map(|s| {
            Some(LabStep {
                title: s.title?,
                text_html: s.text?.rendered.html,
                hints_html: s.hints.into_iter().map(|h| h.rendered.html).collect(),
                goals: s.goals,
                solution: s.solution?,
                line: s.line,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Lab {
        id: draft.id?.0,
        title: draft.title?,
        order: draft.order?.0,
        lessons: draft
            .lessons
            .into_iter()
            .map(|(lesson, section, _)| LessonRef { lesson, section })
            .collect(),
        minutes: draft.minutes?,
        difficulty: draft.difficulty?,
        intro_html: draft.intro?.rendered.html,
        start: draft.start,
        steps,
        path: draft.path.to_owned(),
    })
}
