//! `stevedore prerender DIST`: every lesson as a static page of a release
//! build (`DIST/lessons/<id>/index.html`), readable at once and light: the
//! study shell's wasm is not downloaded until the learner uses something
//! that needs it (progressive enhancement).
//!
//! Each page is the build's `index.html` (its styles, icon and service
//! worker) with the lesson as the app draws it — the site's header, the
//! lesson's header, table of contents and text, its labs, its quiz, the
//! pager and the footer — inside `<div id="prerendered">`. Its links are
//! plain links (ordinary page loads: the pages are small). Trunk's eager
//! boot of the shell (the module script that imports the shell's JavaScript
//! and instantiates its wasm, and the `modulepreload`/`preload` links) is
//! taken out of the page ([`take_trunk_boot`]) and replaced by a small
//! loader, `boot.js`, inline, with the same hashed names and integrity
//! hashes ([`Shell`]). The loader:
//!
//! - records the visit as the app would (`stevedore.progress`'s
//!   `lessons[<id>]`, when the stored progress is one it fully reads);
//! - boots the shell the first time the learner uses the quiz (picks an
//!   option or presses a button), fetching with its wasm the course's index
//!   and this lesson's text (`stevedore_lessons::data`, which
//!   [`write_all`] writes too), which it hands to the app
//!   (`window.__stevedoreCourse`: the shell compiles no course in); once
//!   the app has mounted (after the
//!   static copy), it carries the options picked, the buttons pressed,
//!   the focus and the scroll position over to the app and removes the
//!   static copy: from then on the app runs the page and routes in the
//!   browser;
//! - boots the shell when the browser is idle if the page needs the app
//!   to be shown right: stored answers to this lesson's questions or labs
//!   of it done (the app shows the last answers, "Retry the N you got
//!   wrong" and "✓ Done"), or stored progress it does not fully read (the
//!   app reads it leniently and says what it dropped).
//!
//! Static hosts serve `lessons/<id>/` by its `index.html`, as
//! `e2e/server.mjs` does. `./dev test` checks what a cold load of a lesson
//! transfers (`e2e/lesson-weight.mjs`) and the end-to-end test that the
//! app takes over (`e2e/run.mjs`).

use std::path::Path;
use stevedore_lessons::{Course, LAB_PATH_PREFIX, Lesson, Question, QuestionKind, lesson_href};

/// The id of the static copy the loader removes once the app has mounted.
pub const PRERENDERED_ID: &str = "prerendered";

/// The loader (see the module docs); its `__STEVEDORE_BOOT__` becomes the
/// page's [`BootConfig`] as JSON.
const BOOT_JS: &str = include_str!("boot.js");
const BOOT_PLACEHOLDER: &str = "__STEVEDORE_BOOT__";

/// The id of a lesson's quiz section (the app's `QUIZ_ANCHOR`).
const QUIZ_ANCHOR: &str = "lesson-quiz";

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

/// The site's footer, as the app draws it.
fn footer() -> &'static str {
    "<footer class=\"site-footer\"><p>A simulation for study. Not affiliated with Amazon Web Services.</p></footer>"
}

/// The labs "Try it in a lab" (the app's `LessonLabs`).
fn labs(course: &Course, lesson: &Lesson) -> String {
    let items: String = course
        .labs_of(&lesson.id)
        .map(|lab| {
            format!(
                "<li><a href=\"{LAB_PATH_PREFIX}{}\">Try it: lab {}, {}</a> <span class=\"meta\">({} min)</span></li>",
                escape(&lab.id),
                lab.order,
                escape(&lab.title),
                lab.minutes
            )
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<aside class=\"panel lesson-labs\" aria-labelledby=\"lesson-labs-title\" data-testid=\"lesson-labs\">\
         <h2 id=\"lesson-labs-title\">Try it in a lab</h2><ul>{items}</ul></aside>"
    )
}

/// One quiz question before it is answered (the app's `QuestionView`):
/// the same ids, names and values, so the loader can carry the learner's
/// picks over to the app.
fn question(q: &Question, number: usize) -> String {
    let multiple = q.kind == QuestionKind::Multiple;
    let kind = if multiple { "checkbox" } else { "radio" };
    let name = format!("q-{}", escape(&q.id));
    let options: String = q
        .options
        .iter()
        .map(|choice| {
            let id = format!("{name}-{}", escape(&choice.id));
            format!(
                "<div class=\"option\"><label for=\"{id}\"><input type=\"{kind}\" id=\"{id}\" name=\"{name}\" value=\"{}\">\
                 <span class=\"option-text\">{}</span></label></div>",
                escape(&choice.id),
                choice.html
            )
        })
        .collect();
    let choose = if multiple {
        format!(
            "<span class=\"choose\">(Choose {}.)</span>",
            q.correct_count()
        )
    } else {
        String::new()
    };
    format!(
        "<fieldset class=\"question\" data-testid=\"question\"><legend>\
         <span class=\"question-number\">Question {number}</span><span class=\"prompt\">{}</span>{choose}</legend>\
         {options}<button type=\"button\" class=\"check\">Check answer</button></fieldset>",
        q.prompt_html
    )
}

/// The quiz (the app's `QuizView`), before any answer.
fn quiz(lesson: &Lesson) -> String {
    let Some(quiz) = &lesson.quiz else {
        return String::new();
    };
    let count = quiz.questions.len();
    let questions: String = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| question(q, i + 1))
        .collect();
    format!(
        "<section class=\"quiz\" aria-label=\"Quiz\" id=\"{QUIZ_ANCHOR}\"><h2>Check yourself</h2>\
         <p class=\"quiz-intro\">{count} questions in the style of the exam. Check each answer to see why every option is right or wrong.</p>\
         {questions}</section>"
    )
}

/// "Previous" and "next" (the app's pager).
fn pager(course: &Course, lesson: &Lesson) -> String {
    let previous = course.previous(&lesson.id).map_or(String::new(), |l| {
        format!(
            "<a href=\"{}\" class=\"prev\">← {}</a>",
            lesson_href(&l.id, None),
            escape(&l.title)
        )
    });
    let next = course.next(&lesson.id).map_or(String::new(), |l| {
        format!(
            "<a href=\"{}\" class=\"next\">{} →</a>",
            lesson_href(&l.id, None),
            escape(&l.title)
        )
    });
    format!("<nav class=\"pager\" aria-label=\"Lessons\">{previous}{next}</nav>")
}

/// A lesson's article as the app's lesson page draws it for a learner who
/// has not answered its quiz: header, "On this page", the text, its labs,
/// its quiz, the (empty) retry section and the pager.
pub fn article(course: &Course, lesson: &Lesson) -> String {
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
         <h1>{}</h1><p class=\"summary\">{}</p></header>{toc}<div class=\"lesson-body\">{}</div>\
         {}{}<section class=\"retry\" aria-label=\"Retry\"></section>{}</article>",
        lesson.order,
        escape(&lesson.title),
        escape(&lesson.summary),
        lesson.html,
        labs(course, lesson),
        quiz(lesson),
        pager(course, lesson)
    )
}

/// The study shell as Trunk's `index.html` boots it: its hashed names and
/// their integrity hashes (`sha384-…`), when Trunk wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    /// The shell's JavaScript (`/stevedore-app-<hash>.js`).
    pub js: String,
    /// Its wasm (`/stevedore-app-<hash>_bg.wasm`).
    pub wasm: String,
    pub js_integrity: Option<String>,
    pub wasm_integrity: Option<String>,
}

/// The value of attribute `name` in a start tag (`<link a="b" …>`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// The text between `before` and the next `after` in `text`.
fn between<'a>(text: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = text.find(before)? + before.len();
    let end = start + text[start..].find(after)?;
    Some(&text[start..end])
}

/// Takes Trunk's eager boot of the shell out of the build's `index.html`:
/// the module script that imports the shell's JavaScript and instantiates
/// its wasm, and the `<link rel="modulepreload">` and `<link
/// rel="preload">` of those two files. Returns the page without them and
/// the shell's names and integrity hashes. Fails when the page does not
/// look as Trunk 0.21 writes it, or still names the wasm afterwards (it
/// would still load it).
pub fn take_trunk_boot(template: &str) -> Result<(String, Shell), String> {
    const OPEN: &str = "<script type=\"module\">";
    const CLOSE: &str = "</script>";
    let unknown = "the build's index.html has no boot script as Trunk 0.21 writes it \
                   (<script type=\"module\"> with import init … from '…js' and module_or_path: '…wasm')";
    let mut page = template.to_owned();
    let (start, end, js, wasm) = loop_scripts(&page, OPEN, CLOSE)
        .find_map(|(start, end)| {
            let script = &page[start..end];
            let js = between(script, "import init, * as bindings from '", "'")?;
            let wasm = between(script, "module_or_path: '", "'")?;
            Some((start, end, js.to_owned(), wasm.to_owned()))
        })
        .ok_or(unknown)?;
    page.replace_range(start..end, "");
    let mut shell = Shell {
        js,
        wasm,
        js_integrity: None,
        wasm_integrity: None,
    };
    // The preload links of the two files (any order, anywhere).
    let mut from = 0;
    while let Some(offset) = page[from..].find("<link ") {
        let start = from + offset;
        let Some(len) = page[start..].find('>') else {
            break;
        };
        let end = start + len + 1;
        let tag = &page[start..end];
        let rel = attribute(tag, "rel");
        let href = attribute(tag, "href");
        let integrity = attribute(tag, "integrity").map(str::to_owned);
        match (rel, href) {
            (Some("modulepreload"), Some(href)) if href == shell.js => {
                shell.js_integrity = integrity;
                page.replace_range(start..end, "");
            }
            (Some("preload"), Some(href)) if href == shell.wasm => {
                shell.wasm_integrity = integrity;
                page.replace_range(start..end, "");
            }
            _ => from = end,
        }
    }
    let wasm_name = shell.wasm.trim_start_matches('/');
    if page.contains(wasm_name) {
        return Err(format!(
            "the build's index.html still names {wasm_name} once Trunk's boot script and preload links are out: \
             a lesson page would still load the shell's wasm at once"
        ));
    }
    Ok((page, shell))
}

/// The byte ranges of every `OPEN…CLOSE` element of `page`.
fn loop_scripts<'a>(
    page: &'a str,
    open: &'a str,
    close: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + page[from..].find(open)?;
        let end = start + page[start..].find(close)? + close.len();
        from = end;
        Some((start, end))
    })
}

/// What the loader of one page knows (`boot.js`'s `BOOT`).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct BootConfig<'a> {
    js: &'a str,
    wasm: &'a str,
    wasm_integrity: Option<&'a str>,
    /// The lesson the page shows (its visit is recorded).
    lesson: &'a str,
    /// The course's index and this lesson's body (`stevedore_lessons::data`),
    /// fetched beside the wasm and handed to the app.
    index: &'static str,
    body: String,
    /// Its quiz's question ids and its labs' ids: stored progress about
    /// them makes the loader boot the app when idle.
    questions: Vec<&'a str>,
    labs: Vec<&'a str>,
}

/// The loader's two scripts for `<head>`: an import map holding the
/// shell JavaScript's integrity hash (so the loader's `import()` is checked
/// as Trunk's `modulepreload` was) and the loader itself.
fn loader(shell: &Shell, course: &Course, lesson: &Lesson) -> Result<String, String> {
    let config = BootConfig {
        js: &shell.js,
        wasm: &shell.wasm,
        wasm_integrity: shell.wasm_integrity.as_deref(),
        lesson: &lesson.id,
        index: stevedore_lessons::data::INDEX_PATH,
        body: stevedore_lessons::data::body_path(&lesson.id),
        questions: lesson
            .quiz
            .iter()
            .flat_map(|q| &q.questions)
            .map(|q| q.id.as_str())
            .collect(),
        labs: course.labs_of(&lesson.id).map(|l| l.id.as_str()).collect(),
    };
    let json = script_json(&serde_json::to_string(&config).map_err(|e| e.to_string())?);
    if BOOT_JS.matches(BOOT_PLACEHOLDER).count() != 1 {
        return Err(format!("boot.js must name {BOOT_PLACEHOLDER} once"));
    }
    // Whole-line comments out: they are for this repository's readers.
    let source: String = BOOT_JS
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    let source = source.replace(BOOT_PLACEHOLDER, &json);
    let import_map = shell.js_integrity.as_ref().map_or(String::new(), |hash| {
        let map = serde_json::json!({ "integrity": { &shell.js: hash } });
        format!(
            "<script type=\"importmap\">{}</script>",
            script_json(&map.to_string())
        )
    });
    Ok(format!(
        "{import_map}<script type=\"module\">\n{source}</script>"
    ))
}

/// JSON safe inside `<script>`: no `<` (so no `</script>` or `<!--`).
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// The static page of `lesson`, from the build's `index.html` (see the
/// module docs).
pub fn page(template: &str, course: &Course, lesson: &Lesson) -> Result<String, String> {
    let (template, shell) = take_trunk_boot(template)?;
    let head_end = template
        .find("</head>")
        .ok_or("the build's index.html has no </head>")?;
    let body = template
        .find("<body>")
        .ok_or("the build's index.html has no <body>")?
        + "<body>".len();
    let mut html = String::with_capacity(template.len() + lesson.html.len() + 16 * 1024);
    html.push_str(&template[..head_end]);
    html.push_str(&loader(&shell, course, lesson)?);
    html.push_str(&template[head_end..body]);
    html.push_str(&format!(
        "<div id=\"{PRERENDERED_ID}\">{}<main id=\"main\">{}</main>{}</div>",
        header(),
        article(course, lesson),
        footer()
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
        std::fs::write(&file, page(&template, course, lesson)?)
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    // The course's data too (Trunk's hook wrote it already): the pages and
    // the data the app fetches come from the same course.
    stevedore_lessons::data::write(course, dist)?;
    Ok(course.lessons.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The shape of the `index.html` Trunk 0.21 writes for a release build.
    const TEMPLATE: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <title>Stevedore — AWS containers study lab</title>
<script type="module">
import init, * as bindings from '/stevedore-app-1d9b.js';
const wasm = await init({ module_or_path: '/stevedore-app-1d9b_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
    <link rel="stylesheet" href="/style-3d0f.css" integrity="sha384-css"/>
    <link rel="icon" type="image/svg+xml" href="/public/favicon.svg" />
  <link rel="modulepreload" href="/stevedore-app-1d9b.js" crossorigin="anonymous" integrity="sha384-js"><link rel="preload" href="/stevedore-app-1d9b_bg.wasm" crossorigin="anonymous" integrity="sha384-wasm" as="fetch" type="application/wasm"></head>
  <body>
    <noscript>x</noscript>
    <script>navigator.serviceWorker.register('/sw.js');</script>
  </body>
</html>"#;

    #[test]
    fn trunks_eager_boot_comes_out_with_its_names_and_hashes() {
        let (page, shell) = take_trunk_boot(TEMPLATE).unwrap();
        assert_eq!(
            shell,
            Shell {
                js: "/stevedore-app-1d9b.js".into(),
                wasm: "/stevedore-app-1d9b_bg.wasm".into(),
                js_integrity: Some("sha384-js".into()),
                wasm_integrity: Some("sha384-wasm".into()),
            }
        );
        assert!(!page.contains("stevedore-app-1d9b"), "{page}");
        assert!(!page.contains("<script type=\"module\">"));
        assert!(!page.contains("preload"));
        // Everything else stays.
        for kept in [
            "<link rel=\"stylesheet\" href=\"/style-3d0f.css\" integrity=\"sha384-css\"/>",
            "href=\"/public/favicon.svg\"",
            "register('/sw.js')",
            "</head>\n  <body>",
        ] {
            assert!(page.contains(kept), "{kept}");
        }
    }

    #[test]
    fn a_page_trunk_did_not_write_is_refused() {
        let error = take_trunk_boot("<html><head></head><body></body></html>").unwrap_err();
        assert!(error.contains("no boot script"), "{error}");
        // The wasm named anywhere else would still load at once.
        let extra = TEMPLATE.replace(
            "</head>",
            "<link rel=\"prefetch\" href=\"/stevedore-app-1d9b_bg.wasm\"></head>",
        );
        let error = take_trunk_boot(&extra).unwrap_err();
        assert!(error.contains("still names"), "{error}");
    }

    #[test]
    fn a_lesson_page_holds_the_lesson_and_a_loader_not_the_shell() {
        let course = stevedore_lessons::course();
        let lesson = course
            .lessons
            .iter()
            .find(|l| l.quiz.is_some() && course.labs_of(&l.id).next().is_some())
            .unwrap();
        let html = page(TEMPLATE, course, lesson).unwrap();
        assert!(html.contains(&format!(
            "<title>{} — Stevedore</title>",
            escape(&lesson.title)
        )));
        assert!(html.contains(&format!("<h1>{}</h1>", escape(&lesson.title))));
        assert!(html.contains(&lesson.html), "the rendered text");
        assert!(html.contains("<div id=\"prerendered\">"));
        assert!(html.contains("aria-label=\"On this page\""));
        assert_eq!(html.matches("<h1>").count(), 1);
        // Its labs, its quiz (every option, with the app's ids), the pager.
        for lab in course.labs_of(&lesson.id) {
            assert!(html.contains(&format!("<a href=\"/labs/{}\">", lab.id)));
        }
        let quiz = lesson.quiz.as_ref().unwrap();
        assert_eq!(
            html.matches("<fieldset class=\"question\"").count(),
            quiz.questions.len()
        );
        for q in &quiz.questions {
            for choice in &q.options {
                assert!(html.contains(&format!("id=\"q-{}-{}\"", q.id, choice.id)));
            }
        }
        assert!(html.contains("<nav class=\"pager\" aria-label=\"Lessons\">"));
        assert!(html.contains("class=\"site-footer\""));
        // No eager boot: the shell's names only in the loader's data, the
        // JavaScript's hash in the import map.
        assert!(!html.contains("preload"));
        assert!(!html.contains("module_or_path: '"));
        assert!(html.contains(
            r#"<script type="importmap">{"integrity":{"/stevedore-app-1d9b.js":"sha384-js"}}</script>"#
        ));
        assert!(html.contains(&format!(
            r#""js":"/stevedore-app-1d9b.js","wasm":"/stevedore-app-1d9b_bg.wasm","wasmIntegrity":"sha384-wasm","lesson":"{0}","index":"/course/index.json","body":"/course/lessons/{0}.json""#,
            lesson.id
        )));
        assert!(!html.contains(BOOT_PLACEHOLDER));
        // The loader sits in <head>, before the page's own scripts.
        let loader = html.find("const BOOT = ").unwrap();
        assert!(loader < html.find("</head>").unwrap());
        assert!(page("<html></html>", course, lesson).is_err());
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
        assert_eq!(
            script_json(r#"{"a":"</script>"}"#),
            r#"{"a":"\u003c/script>"}"#
        );
    }
}
