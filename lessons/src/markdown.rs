//! Markdown → HTML rendering for lessons and quizzes.
//!
//! The HTML produced here is injected into the page as-is, so the renderer
//! never passes raw HTML through: HTML blocks and inline HTML found in the
//! Markdown are escaped and shown as text (and [`crate::validate`] rejects
//! them in course content). Link and image URLs with a scheme other than
//! `http`, `https`, `mailto` or the course's own `lesson:` and `sandbox:`
//! schemes are replaced by `#`.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// URL path under which the app serves a lesson: `lesson:docker#images` is
/// rendered as `href="/lessons/docker#images"`.
pub const LESSON_PATH_PREFIX: &str = "/lessons/";

/// The scheme of internal links between lessons (see the crate docs).
pub const LESSON_SCHEME: &str = "lesson:";

/// The scheme of links that open the sandbox (see the crate docs):
/// `sandbox:` or `sandbox:?cmd=<url-encoded aws command>`.
pub const SANDBOX_SCHEME: &str = "sandbox:";

/// URL path under which the app serves the sandbox: `sandbox:` is rendered
/// as `href="/sandbox"`.
pub const SANDBOX_PATH: &str = "/sandbox";

/// The query parameter of a sandbox link that carries the command to prefill
/// the sandbox's command line with: `/sandbox?cmd=aws%20ecs%20list-clusters`.
pub const SANDBOX_COMMAND_PARAM: &str = "cmd";

/// A heading found while rendering, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, … 6 for `######`.
    pub level: u8,
    /// The `id` attribute given to the heading element: [`slugify`] of the
    /// text, made unique within the document by appending `-2`, `-3`, ….
    pub id: String,
    /// The heading's plain text (inline code included, formatting removed).
    pub text: String,
}

/// The result of [`render_markdown`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Rendered {
    /// HTML fragment, safe to inject into the page.
    pub html: String,
    /// Every heading of the document, in order.
    pub headings: Vec<Heading>,
}

/// Something the validator wants to know about, at a byte offset of the
/// Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// Raw HTML (block or inline); the snippet as written.
    RawHtml(String),
    /// A link or image destination as written.
    Link(String),
    /// A heading of the given level, with its text.
    Heading(u8, String),
    /// A table whose header row has an empty cell (its column, from 1).
    EmptyTableHeader(usize),
}

/// Turns heading text into an anchor id: lowercase; every run of characters
/// that are not alphanumeric becomes a single `-`; no leading or trailing
/// `-`. Text without any alphanumeric character gives `section`.
///
/// ```
/// assert_eq!(stevedore_lessons::slugify("Docker vs. Virtual Machines"), "docker-vs-virtual-machines");
/// assert_eq!(stevedore_lessons::slugify("  ECR -- private & public "), "ecr-private-public");
/// ```
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The `href` the renderer uses for the internal link `lesson:<id>[#<anchor>]`.
///
/// ```
/// assert_eq!(stevedore_lessons::lesson_href("docker", Some("exam-tips")), "/lessons/docker#exam-tips");
/// assert_eq!(stevedore_lessons::lesson_href("docker", None), "/lessons/docker");
/// ```
pub fn lesson_href(id: &str, anchor: Option<&str>) -> String {
    let mut href = format!("{LESSON_PATH_PREFIX}{id}");
    if let Some(anchor) = anchor {
        href.push('#');
        href.push_str(anchor);
    }
    href
}

/// Splits a `lesson:` link into lesson id and optional anchor; `None` if the
/// destination does not use the `lesson:` scheme.
pub(crate) fn parse_lesson_link(dest: &str) -> Option<(&str, Option<&str>)> {
    let rest = dest.strip_prefix(LESSON_SCHEME)?;
    Some(match rest.split_once('#') {
        Some((id, anchor)) => (id, Some(anchor)),
        None => (rest, None),
    })
}

/// The `href` the renderer uses for a sandbox link: [`SANDBOX_PATH`], plus
/// `?cmd=` and the percent-encoded `command` if there is one. Every byte but
/// ASCII letters, digits and `-._~` is encoded, so the result is the same
/// whether the app decodes the query as a URI component or as a form
/// (`+` is sent as `%2B`, never as a space).
///
/// ```
/// assert_eq!(stevedore_lessons::sandbox_href(None), "/sandbox");
/// assert_eq!(
///     stevedore_lessons::sandbox_href(Some("aws ecs list-clusters")),
///     "/sandbox?cmd=aws%20ecs%20list-clusters"
/// );
/// ```
pub fn sandbox_href(command: Option<&str>) -> String {
    let mut href = SANDBOX_PATH.to_owned();
    if let Some(command) = command {
        href.push('?');
        href.push_str(SANDBOX_COMMAND_PARAM);
        href.push('=');
        for byte in command.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                href.push(char::from(byte));
            } else {
                href.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    href
}

/// A well-formed sandbox link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SandboxLink<'a> {
    /// `sandbox:`: open the sandbox.
    Open,
    /// `sandbox:?cmd=<encoded>`: open it with the command line prefilled.
    Command {
        /// The value as written (percent-encoded), passed through to the href.
        encoded: &'a str,
        /// The decoded command.
        command: String,
        /// `…&expect=error`: the lesson shows an error on purpose (an
        /// invalid size, a refused name); the link tests check that AWS
        /// refuses it. The href leaves the marker out.
        expect_error: bool,
    },
}

/// The scheme of links to a lab: `lab:<id>`, rendered as
/// `href="/labs/<id>"` ([`LAB_PATH_PREFIX`]); the validator checks the lab
/// exists.
pub const LAB_SCHEME: &str = "lab:";
/// URL path under which the app serves a lab: `/labs/<id>`.
pub const LAB_PATH_PREFIX: &str = "/labs/";

/// The marker after a sandbox link's command that says the command fails
/// on purpose: `sandbox:?cmd=<encoded>&expect=error`.
pub const EXPECT_ERROR_SUFFIX: &str = "&expect=error";

/// One `sandbox:?cmd=…` link of a lesson's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCommand {
    /// Its line in the Markdown (1-based).
    pub line: usize,
    /// The decoded command.
    pub command: String,
    /// Marked `&expect=error`: the lesson shows AWS refusing it.
    pub expect_error: bool,
}

/// The well-formed `sandbox:?cmd=…` links of a Markdown text, in order
/// (malformed ones are the validator's business).
pub fn sandbox_commands(md: &str) -> Vec<SandboxCommand> {
    Parser::new_ext(md, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => match parse_sandbox_link(&dest_url) {
                Some(Ok(SandboxLink::Command {
                    command,
                    expect_error,
                    ..
                })) => Some(SandboxCommand {
                    line: md[..range.start].matches('\n').count() + 1,
                    command,
                    expect_error,
                }),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Characters a `cmd` value may contain unencoded besides ASCII letters and
/// digits: RFC 3986 query characters, minus `&` (it would end the parameter),
/// `+` (form decoding turns it into a space) and `#` (it would end the query).
const SANDBOX_RAW_CHARS: &str = "-._~!$'()*,;=:@/?";

/// Parses a `sandbox:` link: `None` if `dest` does not use the scheme,
/// otherwise the link or what is wrong with it.
pub(crate) fn parse_sandbox_link(dest: &str) -> Option<Result<SandboxLink<'_>, String>> {
    let rest = dest.strip_prefix(SANDBOX_SCHEME)?;
    if rest.is_empty() {
        return Some(Ok(SandboxLink::Open));
    }
    let Some(encoded) = rest
        .strip_prefix('?')
        .and_then(|query| query.strip_prefix(SANDBOX_COMMAND_PARAM))
        .and_then(|query| query.strip_prefix('='))
    else {
        return Some(Err("unknown sandbox link form".to_owned()));
    };
    let (encoded, expect_error) = match encoded.strip_suffix(EXPECT_ERROR_SUFFIX) {
        Some(command) => (command, true),
        None => (encoded, false),
    };
    Some(decode_command(encoded).map(|command| SandboxLink::Command {
        encoded,
        command,
        expect_error,
    }))
}

/// Percent-decodes and checks the `cmd` value of a sandbox link.
fn decode_command(encoded: &str) -> Result<String, String> {
    if encoded.is_empty() {
        return Err("the command is empty".to_owned());
    }
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(value) = hex else {
                return Err(format!(
                    "`%` at character {} of the command is not followed by two hex digits",
                    i + 1
                ));
            };
            decoded.push(value);
            i += 3;
        } else if byte.is_ascii_alphanumeric() || SANDBOX_RAW_CHARS.as_bytes().contains(&byte) {
            decoded.push(byte);
            i += 1;
        } else {
            let c = encoded[i..].chars().next().unwrap_or('?');
            return Err(format!(
                "`{}` must be percent-encoded in the command (as `{}`)",
                c.escape_default(),
                sandbox_href(Some(&c.to_string())).trim_start_matches("/sandbox?cmd=")
            ));
        }
    }
    let Ok(command) = String::from_utf8(decoded) else {
        return Err("the decoded command is not valid UTF-8".to_owned());
    };
    if command.chars().any(char::is_control) {
        return Err("the command contains a control character (a line break?)".to_owned());
    }
    if command.contains('%') {
        // The app's router decodes query values twice (URLSearchParams, then
        // decodeURIComponent), so a literal `%` would not survive.
        return Err("the command contains a literal `%`, which the app cannot pass on".to_owned());
    }
    if !command.starts_with("aws ") || command.trim_end() == "aws" {
        return Err(format!(
            "the command must be an `aws` command line, found {command:?}"
        ));
    }
    Ok(command)
}

/// The scheme of a URL (lowercased), if it has one. Whitespace and control
/// characters are ignored, as browsers do.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = compact.find(':')?;
    let before = &compact[..colon];
    if before.is_empty() || before.contains(['/', '?', '#']) {
        return None;
    }
    Some(before.to_ascii_lowercase())
}

/// Schemes allowed in links besides `lesson:`.
pub(crate) const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

fn rewrite_url(dest: CowStr<'_>) -> CowStr<'_> {
    match parse_sandbox_link(&dest) {
        Some(Ok(SandboxLink::Open)) => return CowStr::Borrowed(SANDBOX_PATH),
        Some(Ok(SandboxLink::Command { encoded, .. })) => {
            return CowStr::from(format!("{SANDBOX_PATH}?{SANDBOX_COMMAND_PARAM}={encoded}"));
        }
        Some(Err(_)) => return CowStr::Borrowed("#"),
        None => {}
    }
    if let Some(id) = dest.strip_prefix(LAB_SCHEME) {
        return CowStr::from(format!("{LAB_PATH_PREFIX}{id}"));
    }
    if let Some((id, anchor)) = parse_lesson_link(&dest) {
        if id.is_empty() {
            return CowStr::Borrowed("#");
        }
        return CowStr::from(lesson_href(id, anchor));
    }
    match url_scheme(&dest) {
        Some(scheme) if !ALLOWED_SCHEMES.contains(&scheme.as_str()) => CowStr::Borrowed("#"),
        _ => dest,
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Renders Markdown (CommonMark plus tables, strikethrough and footnotes) to
/// an HTML fragment that is safe to inject into the page.
///
/// * Headings get an `id` (see [`Heading::id`]) and are listed in
///   [`Rendered::headings`].
/// * Fenced code blocks become `<pre tabindex="0"><code
///   class="language-xxx">` with escaped content: a long line scrolls the
///   block sideways, and a keyboard can reach it to scroll it.
/// * Tables are wrapped in `<div class="table-scroll" tabindex="0">`, the
///   element that scrolls sideways when a table is wider than the screen,
///   reachable by keyboard for the same reason.
/// * Raw HTML is escaped, never passed through.
/// * `lesson:<id>` and `lesson:<id>#<anchor>` links become
///   [`lesson_href`]; `sandbox:` becomes `/sandbox` and
///   `sandbox:?cmd=<encoded>` becomes `/sandbox?cmd=<encoded>` (a malformed
///   sandbox link becomes `#`); links with any scheme other than `http`,
///   `https` and `mailto` become `#`.
///
/// ```
/// let r = stevedore_lessons::render_markdown("## Hello *world*\n\n<b>hi</b>\n");
/// assert_eq!(r.html, "<h2 id=\"hello-world\">Hello <em>world</em></h2>\n<p>&lt;b&gt;hi&lt;/b&gt;</p>\n");
/// assert_eq!(r.headings[0].id, "hello-world");
/// ```
pub fn render_markdown(md: &str) -> Rendered {
    render_with_findings(md).0
}

/// [`render_markdown`], also returning what the validator checks, each with
/// the byte offset where it starts in `md`.
pub(crate) fn render_with_findings(md: &str) -> (Rendered, Vec<(usize, Finding)>) {
    let mut findings = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids = HashSet::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    // While inside a heading: (its start index in `events`, its level, its text so far).
    let mut open_heading: Option<(usize, HeadingLevel, String, usize)> = None;
    // Inside an HTML block, whether its first line has been reported.
    let mut html_block: Option<bool> = None;
    // In a table's header row: the column of the cell being read, and
    // whether that cell has any content yet.
    let mut head_cell: Option<(usize, bool)> = None;
    let mut in_table_head = false;

    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let snippet = html.trim();
                // One finding per HTML block (its first line), one per inline tag.
                if !snippet.is_empty() && html_block != Some(true) {
                    findings.push((range.start, Finding::RawHtml(snippet.to_owned())));
                    html_block = html_block.map(|_| true);
                }
                Event::Text(html)
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(false);
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::HtmlBlock) => {
                html_block = None;
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                findings.push((range.start, Finding::Link(dest_url.to_string())));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: rewrite_url(dest_url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                findings.push((range.start, Finding::Link(dest_url.to_string())));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: rewrite_url(dest_url),
                    title,
                    id,
                })
            }
            other => other,
        };

        match (&event, in_table_head) {
            (Event::Start(Tag::TableHead), _) => {
                in_table_head = true;
                head_cell = None;
            }
            (Event::End(TagEnd::TableHead), _) => in_table_head = false,
            (Event::Start(Tag::TableCell), true) => {
                let column = head_cell.map_or(1, |(c, _)| c + 1);
                head_cell = Some((column, false));
            }
            (Event::End(TagEnd::TableCell), true) => {
                if let Some((column, false)) = head_cell {
                    findings.push((range.start, Finding::EmptyTableHeader(column)));
                }
            }
            (_, true) => {
                if let Some((_, filled)) = head_cell.as_mut() {
                    *filled = true;
                }
            }
            _ => {}
        }

        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open_heading = Some((events.len(), level, String::new(), range.start));
                // Placeholder, replaced when the heading ends and its id is known.
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, level_open, text, offset)) = open_heading.take() {
                    let text = text.trim().to_owned();
                    let id = unique_id(&mut used_ids, &slugify(&text));
                    let number = level_number(level_open);
                    findings.push((offset, Finding::Heading(number, text.clone())));
                    events[start] = Event::Start(Tag::Heading {
                        level: level_open,
                        id: Some(CowStr::from(id.clone())),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                    headings.push(Heading {
                        level: number,
                        id,
                        text,
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            event => {
                if let Some((_, _, text, _)) = open_heading.as_mut() {
                    match &event {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        Event::SoftBreak | Event::HardBreak => text.push(' '),
                        _ => {}
                    }
                }
                events.push(event);
            }
        }
    }

    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Raw HTML was turned into text above (escaped), so these tags come
    // only from code blocks and tables.
    let html = html
        .replace("<pre>", "<pre tabindex=\"0\">")
        .replace(
            "<table>",
            "<div class=\"table-scroll\" tabindex=\"0\"><table>",
        )
        .replace("</table>", "</table></div>");
    (Rendered { html, headings }, findings)
}

/// Renders Markdown meant for inline use (an answer option's label): a
/// document that is a single paragraph is returned without the `<p>` wrapper.
pub(crate) fn render_inline(md: &str) -> (Rendered, Vec<(usize, Finding)>) {
    let (mut rendered, findings) = render_with_findings(md);
    if let Some(inner) = rendered
        .html
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>\n"))
        && !inner.contains("<p>")
        && !inner.contains("</p>")
    {
        rendered.html = inner.to_owned();
    }
    (rendered, findings)
}

fn unique_id(used: &mut HashSet<String>, base: &str) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn slugify_rules() {
        assert_eq!(slugify("What Docker is"), "what-docker-is");
        assert_eq!(
            slugify("Docker vs. Virtual Machines"),
            "docker-vs-virtual-machines"
        );
        assert_eq!(slugify("--ECS / EKS / Fargate--"), "ecs-eks-fargate");
        assert_eq!(slugify("Amazon ECR (private)"), "amazon-ecr-private");
        assert_eq!(slugify("Step 2: `docker run`"), "step-2-docker-run");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify(""), "section");
    }

    #[test]
    fn headings_get_ids_and_are_listed() {
        let r = render_markdown("# Title\n\n## Images & containers\n\n### Tags: `latest`\n");
        assert_eq!(
            r.headings,
            vec![
                Heading {
                    level: 1,
                    id: "title".into(),
                    text: "Title".into()
                },
                Heading {
                    level: 2,
                    id: "images-containers".into(),
                    text: "Images & containers".into()
                },
                Heading {
                    level: 3,
                    id: "tags-latest".into(),
                    text: "Tags: latest".into()
                },
            ]
        );
        assert_eq!(
            r.html,
            "<h1 id=\"title\">Title</h1>\n\
             <h2 id=\"images-containers\">Images &amp; containers</h2>\n\
             <h3 id=\"tags-latest\">Tags: <code>latest</code></h3>\n"
        );
    }

    #[test]
    fn duplicate_heading_ids_are_numbered() {
        let r = render_markdown("## Setup\n\n## Setup\n\n## Setup 2\n\n## Setup\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        // The third heading's natural slug `setup-2` is already taken.
        assert_eq!(ids, ["setup", "setup-2", "setup-2-2", "setup-3"]);
    }

    #[test]
    fn setext_headings_are_handled() {
        let r = render_markdown("Intro\n-----\n");
        assert_eq!(r.headings[0].id, "intro");
        assert_eq!(r.headings[0].level, 2);
        assert_eq!(r.html, "<h2 id=\"intro\">Intro</h2>\n");
    }

    #[test]
    fn fenced_code_gets_language_class_and_escaping() {
        let r = render_markdown("```dockerfile\nFROM alpine\nRUN echo \"<hi>\" && true\n```\n");
        assert_eq!(
            r.html,
            "<pre tabindex=\"0\"><code class=\"language-dockerfile\">FROM alpine\n\
             RUN echo \"&lt;hi&gt;\" &amp;&amp; true\n</code></pre>\n"
        );
    }

    #[test]
    fn code_language_is_escaped() {
        let r = render_markdown("```a\"onclick=x\nbody\n```\n");
        assert_eq!(
            r.html,
            "<pre tabindex=\"0\"><code class=\"language-a&quot;onclick=x\">body\n</code></pre>\n"
        );
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let r = render_markdown(
            "<script>alert(1)</script>\n\nText with <img src=x onerror=alert(1)> inline.\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert_eq!(
            r.html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n\
             <p>Text with &lt;img src=x onerror=alert(1)&gt; inline.</p>\n"
        );
    }

    #[test]
    fn raw_html_is_reported_as_finding() {
        let (_, findings) = render_with_findings("a\n\n<div>\nx\n</div>\n\nb <b>c</b>\n");
        let html: Vec<_> = findings
            .iter()
            .filter_map(|(at, f)| match f {
                Finding::RawHtml(s) => Some((*at, s.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(html[0], (3, "<div>"));
        assert_eq!(html.last(), Some(&(25, "</b>")));
    }

    #[test]
    fn lesson_links_are_rewritten() {
        let r = render_markdown("See [ECR](lesson:ecr#pricing) and [ECS](lesson:ecs).\n");
        assert_eq!(
            r.html,
            "<p>See <a href=\"/lessons/ecr#pricing\">ECR</a> and <a href=\"/lessons/ecs\">ECS</a>.</p>\n"
        );
    }

    #[test]
    fn sandbox_links_are_rewritten() {
        let r = render_markdown(
            "[try it](sandbox:) and [run](sandbox:?cmd=aws%20ecs%20list-clusters)\n",
        );
        assert_eq!(
            r.html,
            "<p><a href=\"/sandbox\">try it</a> and \
             <a href=\"/sandbox?cmd=aws%20ecs%20list-clusters\">run</a></p>\n"
        );
    }

    #[test]
    fn malformed_sandbox_links_become_hash() {
        let r = render_markdown(
            "[a](sandbox:foo) [b](sandbox:?cmd=) [c](sandbox:?x=1) [d](sandbox:?cmd=ls%20-l) [e](sandbox:?cmd=aws%2)\n",
        );
        assert_eq!(r.html.matches("href=\"#\"").count(), 5, "{}", r.html);
        assert!(!r.html.contains("/sandbox"), "{}", r.html);
    }

    #[test]
    fn lab_links_and_expected_errors() {
        let r = render_markdown("[lab 1](lab:create-cluster)\n");
        assert!(
            r.html.contains("href=\"/labs/create-cluster\""),
            "{}",
            r.html
        );
        let md = "text\n[bad](sandbox:?cmd=aws%20ecs%20x&expect=error) and [good](sandbox:?cmd=aws%20ecs%20y)\n";
        let r = render_markdown(md);
        assert!(
            r.html.contains("href=\"/sandbox?cmd=aws%20ecs%20x\""),
            "the marker is left out: {}",
            r.html
        );
        assert_eq!(
            sandbox_commands(md),
            [
                SandboxCommand {
                    line: 2,
                    command: "aws ecs x".to_owned(),
                    expect_error: true
                },
                SandboxCommand {
                    line: 2,
                    command: "aws ecs y".to_owned(),
                    expect_error: false
                },
            ]
        );
    }

    #[test]
    fn sandbox_link_parsing() {
        assert_eq!(parse_sandbox_link("lesson:docker"), None);
        assert_eq!(parse_sandbox_link("sandbox:"), Some(Ok(SandboxLink::Open)));
        assert_eq!(
            parse_sandbox_link("sandbox:?cmd=aws%20ecs%20run-task%20--count%202%20--cluster=demo"),
            Some(Ok(SandboxLink::Command {
                encoded: "aws%20ecs%20run-task%20--count%202%20--cluster=demo",
                command: "aws ecs run-task --count 2 --cluster=demo".to_owned(),
                expect_error: false,
            }))
        );
        // Lowercase hex and multi-byte UTF-8 decode too.
        assert_eq!(
            parse_sandbox_link("sandbox:?cmd=aws%20ecs%20x%3a%C3%A9"),
            Some(Ok(SandboxLink::Command {
                encoded: "aws%20ecs%20x%3a%C3%A9",
                command: "aws ecs x:\u{e9}".to_owned(),
                expect_error: false,
            }))
        );
        let err = |dest: &str| match parse_sandbox_link(dest) {
            Some(Err(message)) => message,
            other => panic!("{dest}: expected an error, got {other:?}"),
        };
        assert_eq!(err("sandbox:foo"), "unknown sandbox link form");
        assert_eq!(err("sandbox:#x"), "unknown sandbox link form");
        assert_eq!(
            err("sandbox:?command=aws%20s3"),
            "unknown sandbox link form"
        );
        assert_eq!(err("sandbox:?cmd="), "the command is empty");
        assert_eq!(
            err("sandbox:?cmd=aws%20ecs%2"),
            "`%` at character 10 of the command is not followed by two hex digits"
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20ecs%zz"),
            "`%` at character 10 of the command is not followed by two hex digits"
        );
        assert_eq!(
            err("sandbox:?cmd=aws+ecs"),
            "`+` must be percent-encoded in the command (as `%2B`)"
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20ecs&x=1"),
            "`&` must be percent-encoded in the command (as `%26`)"
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20%FF"),
            "the decoded command is not valid UTF-8"
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20ecs%0Als"),
            "the command contains a control character (a line break?)"
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20ecs%2525"),
            "the command contains a literal `%`, which the app cannot pass on"
        );
        assert_eq!(
            err("sandbox:?cmd=docker%20ps"),
            "the command must be an `aws` command line, found \"docker ps\""
        );
        assert_eq!(
            err("sandbox:?cmd=aws%20"),
            "the command must be an `aws` command line, found \"aws \""
        );
    }

    #[test]
    fn sandbox_href_round_trips_through_the_parser() {
        for command in [
            "aws ecs list-clusters",
            "aws ecs register-task-definition --family web --container-definitions '[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]'",
            "aws ecs run-task --cluster demo --overrides {\"a\":\"b+c&d #e\"}",
        ] {
            let href = sandbox_href(Some(command));
            let dest = href.replacen(SANDBOX_PATH, SANDBOX_SCHEME, 1);
            match parse_sandbox_link(&dest) {
                Some(Ok(SandboxLink::Command {
                    command: decoded, ..
                })) => {
                    assert_eq!(decoded, command);
                }
                other => panic!("{dest}: {other:?}"),
            }
            // Nothing a query decoder could misread is left unencoded.
            let query = href.trim_start_matches("/sandbox?cmd=");
            assert!(!query.contains(['+', '&', '#', ' ', '"']), "{href}");
        }
    }

    #[test]
    fn dangerous_schemes_are_neutralised() {
        let r = render_markdown(
            "[a](javascript:alert(1)) [b](JavaScript:x) [c](data:text/html,x) ![i](vbscript:x)\n",
        );
        assert!(!r.html.to_lowercase().contains("script:"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
        assert_eq!(r.html.matches("href=\"#\"").count(), 3, "{}", r.html);
        assert!(r.html.contains("src=\"#\""), "{}", r.html);
    }

    #[test]
    fn ordinary_links_are_kept() {
        let r = render_markdown(
            "[hub](https://hub.docker.com) [mail](mailto:a@b.c) [rel](other#x) [frag](#top)\n",
        );
        assert_eq!(
            r.html,
            "<p><a href=\"https://hub.docker.com\">hub</a> <a href=\"mailto:a@b.c\">mail</a> \
             <a href=\"other#x\">rel</a> <a href=\"#top\">frag</a></p>\n"
        );
    }

    #[test]
    fn tables_and_strikethrough_render() {
        let r = render_markdown("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n");
        assert!(
            r.html
                .starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<td><del>2</del></td>"), "{}", r.html);
    }

    #[test]
    fn url_scheme_detection() {
        assert_eq!(url_scheme("https://x"), Some("https".into()));
        assert_eq!(
            url_scheme(" Java\tScript:alert(1)"),
            Some("javascript".into())
        );
        assert_eq!(url_scheme("/path:with-colon"), None);
        assert_eq!(url_scheme("#a:b"), None);
        assert_eq!(url_scheme("relative"), None);
    }

    #[test]
    fn inline_rendering_strips_single_paragraph() {
        assert_eq!(
            render_inline("Use **ECR**").0.html,
            "Use <strong>ECR</strong>"
        );
        assert_eq!(
            render_inline("one\n\ntwo").0.html,
            "<p>one</p>\n<p>two</p>\n"
        );
    }
}
