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
//! - [`course`] fetches the course the build wrote as files (the index
//!   before any page is drawn, a lesson's text by its page) and hands it
//!   out: the shell compiles none of it in.
//! - [`pages`]: home (next step, course map), lesson (text, its labs, quiz,
//!   retry), sandbox (command line, form, drawing of the account), labs
//!   (the list, and a lab: steps, live goals, hints, solution, beside the
//!   command line), exam, review, progress.
//! - [`components`]: pieces pages share and browser tests mount on their
//!   own (the quiz, the lesson body, and for the sandbox and lab pages the
//!   time controls, the timeline of events, the topology and its
//!   inspector, the cost meter and the file editor).
//!
//! # What takes the bytes
//!
//! Measured Dec 8, 2026 with `twiggy top` on the release wasm after
//! `wasm-opt -Oz -g` (names kept; `-Oz` without `-g` gives the shipped
//! bytes). Build by hand: `cargo build --release --target
//! wasm32-unknown-unknown -p stevedore-app`, `wasm-bindgen --target web
//! --keep-debug`, `wasm-opt -Oz -g`, `twiggy top -n 40` (and `twiggy
//! paths`/`monos`). Without `-g` this gives byte for byte what Trunk ships.
//!
//! | the shell (`stevedore-app-*_bg.wasm`, 2,022,846 B, brotli 563,402; was 2,809,617 B, brotli 767,368, with the course compiled in) | bytes |
//! |---|---|
//! | ~~the course's sources (Markdown, TOML), compiled in~~: now fetched ([`course`]) | 0 (was 553 K, brotli about 108 K) |
//! | ~~the course parsed at start: stevedore_lessons, pulldown-cmark, toml, indexmap~~: the shell reads JSON the build wrote | 0 (was 190 K) |
//! | other data (tables, strings) | 227 K |
//! | Leptos: tachys, reactive_graph, either_of, router, `IntoAny` | 780 K |
//! | serde readers (the worker's `Update`: `View`, events; now also the course's index) | 355 K |
//! | core, alloc, fmt, std (generic instances) | 407 K |
//! | the app's own code | 128 K |
//!
//! The rows below the first two are the twiggy figures of the build with
//! the course compiled in (not measured again); the totals are Trunk's
//! release build (`trunk build --release --offline`, then `node
//! e2e/precompress.mjs dist`) on Dec 8, 2026: −786,771 B raw, −203,966 B
//! brotli. The course now travels as data (`dist/course/`, written by the
//! build from the validated course: `stevedore_lessons::data`): the index
//! (titles, headings, quizzes, labs) is 412,997 B, brotli 72,292, fetched
//! once when the app starts; a lesson's text 10–21 K, brotli about 5 K,
//! fetched by its page. A prerendered lesson's loader fetches both beside
//! the wasm.
//!
//! | the worker (`stevedore-worker_bg.wasm`, 4,408,676 B, brotli 1,140,036; was 4,631,263 B, brotli 1,163,716) | bytes |
//! |---|---|
//! | the engine | 1,841 K (of it `Command::from_json`, every input's reader from a JSON value, inlined: 456 K; `Command::dispatch`: 437 K) |
//! | data (CLI tables and words, image catalogue, strings) | 596 K |
//! | core, alloc, fmt (generic instances: maps, vectors and sorts of the engine's types) | 893 K |
//! | serde readers and writers outside the engine's own functions | 487 K |
//! | the worker (`Host::update` writes the `View`: 161 K) and the CLI | 474 K |
//!
//! Done: the worker protocol's `Reply` has a hand-written reader that takes
//! the tag first, as `to_text` writes it (the derived one also compiled a
//! buffered reader of every variant, `View` included: −270 K raw, −57 K
//! brotli), and the shell writes its "worker crashed" message without the
//! writer of every reply (−33 K, −7 K brotli). Tried, no gain: `wasm-opt
//! -Oz --converge` on the worker (4,606,743 B, no smaller than -Oz);
//! `panic = "abort"` is already
//! wasm32-unknown-unknown's default, `-Zfmt-debug` needs nightly, and
//! `wasm-opt` without `-g` already drops the names. Done too: the
//! course out of the shell (above). Next, by size: `Event`'s reader goes
//! through serde's buffered `Content` (`#[serde(flatten)]` and an internal
//! tag: 81 K in `EventKind` alone) and could be hand-written like
//! `Reply`'s, keeping its JSON.
//!
//! The worker (Dec 8, 2026, measured on `--target no-modules` as Trunk
//! builds it, byte for byte `dist/`'s): operation inputs, goal kinds and
//! journal entries are read through their map reader only
//! (`engine/src/base/json.rs`: `serde_json::from_value` also compiled an
//! array reader per shape; `Command::from_json` 515 K → 456 K), and
//! `PageRequest::page` sorts positions with one sort instead of one stable
//! sort per item type (sorts 320 K → 242 K): −222,587 B raw, −23,680 B
//! brotli (brotli packs the repeated generic code well, so raw bytes fall
//! about ten times faster than brotli's). Still there, by size: the derived
//! map readers themselves (456 K), every handler inlined into `dispatch`
//! (437 K, unique code), stable sorts and `BTreeMap::from_iter` sorts in
//! the services (about 60 instances, 242 K), the readers of nested shapes
//! (`Vec<Shape>` and `Option<Shape>` fields) still through
//! `serde_json::Value` with their array readers.

pub mod components;
pub mod course;
pub mod pages;
pub mod progress;
pub mod sim_state;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

/// The app: once the course's index is here ([`course`]), the pages;
/// until then "Loading the course…", or what went wrong and "Try again".
#[component]
pub fn App() -> impl IntoView {
    course::take_preloaded();
    move || {
        match course::index() {
        course::Load::Ready(_) => view! { <Shell /> }.into_any(),
        course::Load::Loading => view! {
            <Waiting>
                <p class="loading" role="status" data-testid="course-loading">"Loading the course…"</p>
            </Waiting>
        }
        .into_any(),
        course::Load::Failed(message) => view! {
            <Waiting>
                <div class="panel load-failed" role="alert" data-testid="course-failed">
                    <p>{format!("The course could not be loaded: {message}.")}</p>
                    <button type="button" on:click=|_| course::retry_index()>"Try again"</button>
                </div>
            </Waiting>
        }
        .into_any(),
    }
    }
}

/// The site's sections, in the header's order: the header drawn while the
/// course loads ([`Waiting`]) and the app's ([`Shell`]) list the same.
const MAIN_NAV: [(&str, &str); 6] = [
    ("/", "Course"),
    ("/labs", "Labs"),
    ("/sandbox", "Sandbox"),
    ("/exam", "Exam"),
    ("/review", "Review"),
    ("/progress", "Progress"),
];

/// The site's frame while the course loads (plain links: no router yet).
#[component]
fn Waiting(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href="/" class="brand">"Stevedore"</a>
            <nav aria-label="Main">
                {MAIN_NAV.map(|(href, label)| view! { <a href=href>{label}</a> })}
            </nav>
        </header>
        <main id="main">{children()}</main>
    }
}

/// The pages, the course loaded.
#[component]
fn Shell() -> impl IntoView {
    sim_state::SimHandle::provide(sim_state::worker::spawn());
    progress::ProgressHandle::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">"Stevedore"</A>
                <nav aria-label="Main">
                    {MAIN_NAV.map(|(href, label)| view! { <A href=href>{label}</A> })}
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
