//! A lesson's text, rendered from Markdown, with a table of contents.

use leptos::prelude::*;
use stevedore_lessons::render_markdown;

/// Renders Markdown (through the lessons crate, which escapes raw HTML) and
/// lists its `##` headings as an "On this page" table of contents.
#[component]
pub fn LessonBody(#[prop(into)] markdown: String) -> impl IntoView {
    let rendered = render_markdown(&markdown);
    view! { <RenderedBody html=rendered.html headings=rendered.headings /> }
}

/// The same, for a lesson already rendered by the lessons crate.
#[component]
pub fn RenderedBody(html: String, headings: Vec<stevedore_lessons::Heading>) -> impl IntoView {
    let toc: Vec<_> = headings.into_iter().filter(|h| h.level == 2).collect();
    let has_toc = !toc.is_empty();
    view! {
        <Show when=move || has_toc>
            <nav class="toc" aria-label="On this page">
                <h2 class="toc-title">"On this page"</h2>
                <ul>
                    {toc
                        .clone()
                        .into_iter()
                        .map(|h| view! { <li><a href=format!("#{}", h.id)>{h.text}</a></li> })
                        .collect_view()}
                </ul>
            </nav>
        </Show>
        <div class="lesson-body" inner_html=html></div>
    }
}
