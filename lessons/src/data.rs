//! The course as static files of a build, so that the study shell (the
//! app's wasm) carries none of it: neither the Markdown and TOML sources nor
//! the code that parses and renders them.
//!
//! At build time ([`files`], written by `lessons/src/bin/course-data.rs`,
//! which Trunk runs after every build: `Trunk.toml`'s hook) the validated
//! course becomes, under the site's root:
//!
//! - [`INDEX_PATH`], `/course/index.json`: every lesson's id, title, order,
//!   summary, reading time and headings, every quiz (questions, options,
//!   explanations, as rendered HTML) and every lab — what the home page,
//!   the exam, review, progress and the labs need. The lessons' bodies are
//!   left out. It carries [`FORMAT`], so that a shell never reads an index
//!   of another shape.
//! - [`body_path`], `/course/lessons/<id>.json`: one lesson's rendered
//!   body ([`Body`]), fetched by the lesson page that shows it.
//!
//! The app reads them back with [`read_index`] and [`read_body`] (JSON,
//! through serde: no Markdown or TOML parser in the shell). Every file is
//! checked on the way in: a host that answers a missing file with its
//! `index.html` (an SPA fallback) gives an error, not a page of HTML.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Course;

/// The shape of [`INDEX_PATH`]: bump it when the index's JSON changes in a
/// way an older shell cannot read.
pub const FORMAT: u32 = 1;

/// Where the course's files live under the site's root.
pub const DATA_DIR: &str = "course";

/// The course's index (everything but the lessons' bodies).
pub const INDEX_PATH: &str = "/course/index.json";

/// The URL path of lesson `id`'s body.
pub fn body_path(id: &str) -> String {
    format!("/{DATA_DIR}/lessons/{id}.json")
}

/// The index as written: [`FORMAT`] and the course, without bodies.
#[derive(Serialize, Deserialize)]
struct Index {
    format: u32,
    course: Course,
}

/// One lesson's body as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// The lesson's id (checked against the one asked for).
    pub id: String,
    /// The rendered body ([`crate::Lesson::html`]).
    pub html: String,
}

/// Every file of the course's data: (path under the site's root, without
/// the leading `/`; contents). The index first, then one body per lesson in
/// course order.
///
/// # Errors
///
/// If the course cannot be written as JSON (it always can: plain data).
pub fn files(course: &Course) -> Result<Vec<(String, String)>, String> {
    let mut index = Index {
        format: FORMAT,
        course: course.clone(),
    };
    for lesson in &mut index.course.lessons {
        lesson.html.clear();
    }
    let mut out = vec![(
        INDEX_PATH.trim_start_matches('/').to_owned(),
        serde_json::to_string(&index).map_err(|e| e.to_string())?,
    )];
    for lesson in &course.lessons {
        let body = Body {
            id: lesson.id.clone(),
            html: lesson.html.clone(),
        };
        out.push((
            body_path(&lesson.id).trim_start_matches('/').to_owned(),
            serde_json::to_string(&body).map_err(|e| e.to_string())?,
        ));
    }
    Ok(out)
}

/// Writes [`files`] under `root` (a build's directory); returns how many.
///
/// # Errors
///
/// A file that cannot be written, with its path.
pub fn write(course: &Course, root: &Path) -> Result<usize, String> {
    let files = files(course)?;
    for (path, text) in &files {
        let path = root.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.len())
}

/// Reads [`INDEX_PATH`]'s text: the course, every lesson's `html` empty.
///
/// # Errors
///
/// Text that is not an index of this [`FORMAT`], said in a sentence.
pub fn read_index(text: &str) -> Result<Course, String> {
    #[derive(Deserialize)]
    struct Format {
        format: u32,
    }
    let format = serde_json::from_str::<Format>(text)
        .map_err(|_| "the course's index is not the course's index (not its JSON)".to_owned())?
        .format;
    if format != FORMAT {
        return Err(format!(
            "the course's index is of format {format}, this page reads format {FORMAT}: reload the page"
        ));
    }
    serde_json::from_str::<Index>(text)
        .map(|index| index.course)
        .map_err(|e| format!("the course's index is damaged ({e})"))
}

/// Reads [`body_path`]`(id)`'s text: lesson `id`'s body HTML.
///
/// # Errors
///
/// Text that is not that lesson's body, said in a sentence.
pub fn read_body(id: &str, text: &str) -> Result<String, String> {
    let body: Body = serde_json::from_str(text)
        .map_err(|_| format!("the text of lesson '{id}' is not a lesson's text"))?;
    if body.id != id {
        return Err(format!(
            "asked for the text of lesson '{id}', got lesson '{}'",
            body.id
        ));
    }
    Ok(body.html)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn the_files_read_back_as_the_course() {
        let course = crate::course();
        let files = files(course).unwrap();
        assert_eq!(files.len(), 1 + course.lessons.len());
        assert_eq!(files[0].0, "course/index.json");
        let index = read_index(&files[0].1).unwrap();
        assert_eq!(index.labs, course.labs);
        assert_eq!(index.lessons.len(), course.lessons.len());
        for ((path, text), (lesson, read)) in files[1..]
            .iter()
            .zip(course.lessons.iter().zip(&index.lessons))
        {
            assert_eq!(path, &format!("course/lessons/{}.json", lesson.id));
            assert!(read.html.is_empty(), "the index holds no body");
            assert!(!lesson.html.is_empty());
            let mut whole = read.clone();
            whole.html = read_body(&lesson.id, text).unwrap();
            assert_eq!(&whole, lesson);
        }
        // The index carries no body text: it is much smaller than the course.
        let bodies: usize = course.lessons.iter().map(|l| l.html.len()).sum();
        assert!(!files[0].1.contains(&course.lessons[0].html[..200]));
        assert!(bodies > 50_000, "{bodies}");
    }

    #[test]
    fn what_is_not_the_data_is_refused_in_a_sentence() {
        let html = "<!doctype html><html><body></body></html>";
        assert!(
            read_index(html)
                .unwrap_err()
                .contains("not the course's index")
        );
        let other = r#"{"format":999,"course":{"lessons":[],"labs":[]}}"#;
        assert!(read_index(other).unwrap_err().contains("format 999"));
        assert!(
            read_index(r#"{"format":1,"course":{}}"#)
                .unwrap_err()
                .contains("damaged")
        );
        assert!(read_body("docker", html).unwrap_err().contains("'docker'"));
        let body = r#"{"id":"ecs","html":"<p>x</p>"}"#;
        assert!(
            read_body("docker", body)
                .unwrap_err()
                .contains("got lesson 'ecs'")
        );
        assert_eq!(read_body("ecs", body).as_deref(), Ok("<p>x</p>"));
    }
}
