//! `stevedore prerender DIST`: every lesson as a static page of a release
//! build (`DIST/lessons/<id>/index.html`), so that a lesson's text is
//! readable before the study shell's wasm has loaded (on a slow phone,
//! seconds earlier). Each page is the build's `index.html` (the same
//! scripts and styles) with the lesson's header, table of contents and
//! rendered text inside `<div id="prerendered">`, the markup the app's
//! lesson page draws; the app removes that div when it mounts and draws the
//! page itself (`app/src/main.rs`). Static hosts serve `lessons/<id>/`
//! by its `index.html`, as `e2e/server.mjs` does.

use std::path::Path;
use stevedore_lessons::{Course, Lesson};

/// The id of the element the app removes when it mounts.
pub const PRERENDERED_ID: &str = "prerendered";

/// Text for HTML: `&`, `<`, `>` and `"` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The site's header, as the app draws it (plain links: they work before
/// the app has loaded).
fn header() -> String {
    let links = [
        ("/", "Course"),
        ("/labs", "Labs"),
        ("/sandbox", "Sandbox"),
        ("/exam", "Exam"),
        ("/review", "Review"),
        ("/progress", "Progress"),
    ]
    .iter()
    .map(|(href, name)| format!("<a href=\"{href}\">{name}</a>"))
    .collect::<String>();
    format!(
        "<a class=\"skip-link\" href=\"#main\">Skip to content</a>\
         <header class=\"site-header\"><a href=\"/\" class=\"brand\">Stevedore</a>\
         <nav aria-label=\"Main\">{links}</nav></header>"
    )
}

/// A lesson's article: header, "On this page" and the text.
pub fn article(lesson: &Lesson) -> String {
    let toc: String = lesson
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| {
            format!(
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&h.id),
                escape(&h.text)
            )
        })
        .collect();
    let toc = if toc.is_empty() {
        String::new()
    } else {
        format!(
            "<nav class=\"toc\" aria-label=\"On this page\"><h2 class=\"toc-title\">On this page</h2><ul>{toc}</ul></nav>"
        )
    };
    format!(
        "<article class=\"lesson\"><header class=\"lesson-header\"><p class=\"eyebrow\">Lesson {}</p>\
         <h1>{}</h1><p class=\"summary\">{}</p></header>{toc}<div class=\"lesson-body\">{}</div></article>",
        lesson.order,
        escape(&lesson.title),
        escape(&lesson.summary),
        lesson.html
    )
}

/// The static page of `lesson`, from the build's `index.html`.
pub fn page(template: &str, lesson: &Lesson) -> Result<String, String> {
    let body = template
        .find("<body>")
        .ok_or("the build's index.html has no <body>")?
        + "<body>".len();
    let mut html = String::with_capacity(template.len() + lesson.html.len() + 2048);
    html.push_str(&template[..body]);
    html.push_str(&format!(
        "<div id=\"{PRERENDERED_ID}\">{}<main id=\"main\">{}</main></div>",
        header(),
        article(lesson)
    ));
    html.push_str(&template[body..]);
    // The page's own title.
    if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
        html.replace_range(
            start..end + "</title>".len(),
            &format!("<title>{} — Stevedore</title>", escape(&lesson.title)),
        );
    }
    Ok(html)
}

/// Writes `dist/lessons/<id>/index.html` for every lesson; returns how many.
pub fn write_all(course: &Course, dist: &Path) -> Result<usize, String> {
    let index = dist.join("index.html");
    let template = std::fs::read_to_string(&index)
        .map_err(|e| format!("{}: {e} (build the app first)", index.display()))?;
    for lesson in &course.lessons {
        let dir = dist.join("lessons").join(&lesson.id);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let file = dir.join("index.html");
        std::fs::write(&file, page(&template, lesson)?)
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(course.lessons.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!doctype html><html><head><title>Stevedore</title><script src=\"/app.js\"></script></head><body><noscript>x</noscript></body></html>";

    #[test]
    fn a_lesson_page_holds_its_text_inside_the_build_page() {
        let course = stevedore_lessons::course();
        let lesson = &course.lessons[0];
        let html = page(TEMPLATE, lesson).unwrap();
        assert!(
            html.contains("<script src=\"/app.js\"></script>"),
            "the build's scripts stay"
        );
        assert!(html.contains(&format!(
            "<title>{} — Stevedore</title>",
            escape(&lesson.title)
        )));
        assert!(html.contains(&format!("<h1>{}</h1>", escape(&lesson.title))));
        assert!(html.contains(&lesson.html), "the rendered text");
        assert!(html.contains("<div id=\"prerendered\">"));
        assert!(html.contains("aria-label=\"On this page\""));
        assert_eq!(html.matches("<h1>").count(), 1);
        assert!(page("<html></html>", lesson).is_err());
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
