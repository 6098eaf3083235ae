//! # stevedore-app
//!
//! The front end: Leptos, client-side rendered, built by Trunk.
//!
//! - [`sim_state`] is the one module that talks to the simulator (a Web
//!   Worker, started by the sandbox page); pages use its
//!   [`sim_state::SimHandle`] from context.
//! - [`progress`] is the one module that owns the learner's progress (and
//!   its copy in `localStorage`); pages use its
//!   [`progress::ProgressHandle`] from context.
//! - [`pages`]: home (next step, course map), lesson (text, its labs, quiz,
//!   retry), sandbox (command line, form, drawing of the account), labs
//!   (the list, and a lab: steps, live goals, hints, solution, beside the
//!   command line), exam, review, progress.
//! - [`components`]: pieces pages share and browser tests mount on their
//!   own (the quiz, the lesson body, and for the sandbox and lab pages the
//!   time controls, the timeline of events, the topology and its
//!   inspector, the cost meter and the file editor).

pub mod components;
pub mod pages;
pub mod progress;
pub mod sim_state;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    sim_state::SimHandle::provide(sim_state::worker::spawn());
    progress::ProgressHandle::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">"Stevedore"</A>
                <nav aria-label="Main">
                    <A href="/">"Course"</A>
                    <A href="/labs">"Labs"</A>
                    <A href="/sandbox">"Sandbox"</A>
                    <A href="/exam">"Exam"</A>
                    <A href="/review">"Review"</A>
                    <A href="/progress">"Progress"</A>
                </nav>
            </header>
            <main id="main">
                <progress::ProgressNotice />
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=pages::home::Home />
                    <Route path=path!("/lessons/:id") view=pages::lesson::LessonPage />
                    <Route path=path!("/sandbox") view=|| {
                        let query = leptos_router::hooks::use_query_map();
                        let cmd = Signal::derive(move || query.with(|q| q.get("cmd")));
                        view! { <pages::sandbox::Sandbox cmd=cmd /> }
                    } />
                    <Route path=path!("/labs") view=pages::labs::LabsPage />
                    <Route path=path!("/labs/:id") view=pages::labs::LabRoute />
                    <Route path=path!("/exam") view=pages::exam::ExamPage />
                    <Route path=path!("/review") view=pages::review::ReviewPage />
                    <Route path=path!("/progress") view=pages::progress::ProgressPage />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"A simulation for study. Not affiliated with Amazon Web Services."</p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p><A href="/">"Back to the course"</A></p>
    }
}
