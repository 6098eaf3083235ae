//! The labs: a list of every lab by lesson, with the learner's progress,
//! and a lab page: the lab's instructions and its steps' goals as a live
//! checklist beside the sandbox's command line.
//!
//! The goals are checked by the simulator (`stevedore_cli::labs::status`,
//! in the worker) after every change to the lab's account, whatever made
//! it: the command line, the account's buttons, time passing. This page
//! only shows them: each unmet goal with what exists now, a met one
//! announced once (politely), and the lab recorded as done in the progress
//! when every goal of every step is met at once.

use crate::course::course;
use crate::pages::sandbox::{ClusterMap, CommandLine, SimAlerts, SimClock};
use crate::progress::ProgressHandle;
use crate::sim_state::{Account, Saving, SimHandle, StepStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use stevedore_lessons::{Lab, LessonRef};

/// `/labs/<id>`.
pub fn lab_href(id: &str) -> String {
    format!("/labs/{id}")
}

/// `/lessons/<id>` or `/lessons/<id>#<section>`.
fn lesson_href(lesson: &LessonRef) -> String {
    match &lesson.section {
        Some(section) => format!("/lessons/{}#{section}", lesson.lesson),
        None => format!("/lessons/{}", lesson.lesson),
    }
}

/// What a lab link says about it: minutes and difficulty.
fn lab_meta(lab: &Lab) -> String {
    format!(
        "{} steps · about {} min · {}",
        lab.steps.len(),
        lab.minutes,
        lab.difficulty.as_str()
    )
}

/// The list of labs, under the lesson each practises first.
#[component]
pub fn LabsPage() -> impl IntoView {
    let course = course();
    let progress = ProgressHandle::from_context();
    let done = move |id: &str| progress.is_some_and(|p| p.progress().with(|p| p.lab_completed(id)));
    let total = course.labs.len();
    let count = move || progress.map_or(0, |p| p.progress().with(|p| p.labs_completed(course)));
    let groups: Vec<_> = course
        .lessons
        .iter()
        .filter_map(|lesson| {
            let labs: Vec<&Lab> = course
                .labs
                .iter()
                .filter(|lab| lab.lessons.first().is_some_and(|l| l.lesson == lesson.id))
                .collect();
            (!labs.is_empty()).then_some((lesson, labs))
        })
        .collect();
    view! {
        <article class="labs-page">
            <h1>"Labs"</h1>
            <p class="tagline">
                "Hands-on exercises in the simulated account: each step has goals the simulator checks as you work, hints one at a time, and a reference solution. Any correct way counts: the command line, the account's buttons, another order."
            </p>
            <p data-testid="labs-done" role="status">{move || format!("{} of {total} labs done.", count())}</p>
            {groups
                .into_iter()
                .map(|(lesson, labs)| {
                    view! {
                        <section class="lab-group">
                            <h2>
                                <A href=format!("/lessons/{}", lesson.id)>{format!("Lesson {}: {}", lesson.order, lesson.title)}</A>
                            </h2>
                            <ul class="lab-list">
                                {labs
                                    .into_iter()
                                    .map(|lab| {
                                        let id = lab.id.clone();
                                        view! {
                                            <li data-testid="lab-item" data-lab=lab.id.clone()>
                                                <A href=lab_href(&lab.id)>{format!("Lab {}: {}", lab.order, lab.title)}</A>
                                                <p class="meta">{lab_meta(lab)}</p>
                                                {move || done(&id).then(|| view! { <p class="lab-done">"✓ Done"</p> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </article>
    }
}

/// "Try it: lab …" links for a lesson (nothing when it has no lab).
#[component]
pub fn LessonLabs(lesson_id: String) -> impl IntoView {
    let course = course();
    let progress = ProgressHandle::from_context();
    let labs: Vec<&Lab> = course.labs_of(&lesson_id).collect();
    (!labs.is_empty()).then(|| {
        view! {
            <aside class="panel lesson-labs" aria-labelledby="lesson-labs-title" data-testid="lesson-labs">
                <h2 id="lesson-labs-title">"Try it in a lab"</h2>
                <ul>
                    {labs
                        .into_iter()
                        .map(|lab| {
                            let id = lab.id.clone();
                            let done = move || progress.is_some_and(|p| p.progress().with(|p| p.lab_completed(&id)));
                            view! {
                                <li>
                                    <A href=lab_href(&lab.id)>{format!("Try it: lab {}, {}", lab.order, lab.title)}</A>
                                    " " <span class="meta">{format!("({} min)", lab.minutes)}</span>
                                    {move || done().then(|| view! { " " <span class="lab-done">"✓ Done"</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </aside>
        }
    })
}

/// The router's lab page: the lab named in the address.
#[component]
pub fn LabRoute() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        view! { <LabPage id=id /> }
    }
}

/// One lab: instructions and goals beside the command line.
#[component]
pub fn LabPage(id: String) -> impl IntoView {
    let Some(lab) = course().lab(&id) else {
        return view! {
            <article class="lab">
                <h1>"Lab not found"</h1>
                <p>{format!("There is no lab called '{id}'.")} " " <A href="/labs">"All labs"</A></p>
            </article>
        }
        .into_any();
    };
    let sim = SimHandle::expect();
    sim.open_lab(lab);
    let account = sim.account();
    let this = Account::Lab(lab.id.clone());
    // The goals, once the worker has opened this lab's account.
    let status = {
        let raw = sim.lab_status();
        let this = this.clone();
        Memo::new(move |_| {
            if account.get().as_ref() == Some(&this) {
                raw.get()
            } else {
                None
            }
        })
    };
    let complete = Memo::new(move |_| {
        status.with(|s| {
            s.as_ref()
                .is_some_and(|steps| steps.iter().all(StepStatus::met))
        })
    });
    // Done: recorded in the progress (once; doing it again keeps the date).
    if let Some(progress) = ProgressHandle::from_context() {
        let lab_id = lab.id.clone();
        Effect::new(move |_| {
            if complete.get() {
                progress.record_lab_completed(&lab_id);
            }
        });
    }
    // One polite announcement per goal that becomes met (not per tick, and
    // not for the goals already met when the lab opens).
    let announcement = RwSignal::new(String::new());
    Effect::new(move |previous: Option<Option<Vec<Vec<bool>>>>| {
        let now: Option<Vec<Vec<bool>>> = status.with(|s| {
            s.as_ref().map(|steps| {
                steps
                    .iter()
                    .map(|st| st.goals.iter().map(|g| g.met).collect())
                    .collect()
            })
        });
        if let (Some(Some(before)), Some(after)) = (&previous, &now) {
            let newly: Vec<String> = status.with_untracked(|s| {
                s.iter()
                    .flatten()
                    .zip(
                        after
                            .iter()
                            .zip(before.iter().chain(std::iter::repeat(&Vec::new()))),
                    )
                    .flat_map(|(step, (after, before))| {
                        step.goals
                            .iter()
                            .zip(after.iter().enumerate())
                            .filter(|(_, (i, met))| {
                                **met && !before.get(*i).copied().unwrap_or(false)
                            })
                            .map(|(goal, _)| {
                                format!("Goal met: {}.", goal.description.trim_end_matches('.'))
                            })
                    })
                    .collect()
            });
            if !newly.is_empty() {
                let done = after.iter().flatten().all(|m| *m);
                let mut text = newly.join(" ");
                if done {
                    text.push_str(" Lab complete: every goal is met.");
                }
                announcement.set(text);
            }
        }
        now
    });
    // "Show solution" puts the lines on the command line.
    let fill = RwSignal::new(None::<String>);
    let cmd = Signal::derive(move || fill.get());
    let next = course()
        .labs
        .iter()
        .find(|l| l.order > lab.order)
        .map(|l| (lab_href(&l.id), format!("Lab {}: {}", l.order, l.title)));
    let saving = sim.saving();
    let undo = move |_| sim.undo();
    let reset = move |_| {
        if crate::components::confirm(
            "Put this lab's account back to its start state? What you did in it is removed (the lab stays marked done if it was).",
        ) {
            sim.reset_account();
        }
    };
    let steps = lab
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let goals = move || status.with(|s| s.as_ref().and_then(|s| s.get(index).cloned()));
            let step_met = move || goals().is_some_and(|g| g.met());
            // The step to work on: the first one not met.
            let current = move || {
                status.with(|s| {
                    s.as_ref().is_some_and(|steps| steps.iter().position(|st| !st.met()) == Some(index))
                })
            };
            let hints = step.hints_html.clone();
            let hint_count = hints.len();
            let shown = RwSignal::new(0usize);
            let solution = step.solution.text.trim_end().to_owned();
            let show_solution = move |_| {
                if crate::components::confirm(
                    "Put this step's reference solution on the command line? Nothing runs until you press Enter; reading it first teaches more.",
                ) {
                    fill.set(Some(solution.clone()));
                }
            };
            let heading_id = format!("step-{}", index + 1);
            let labelled_by = heading_id.clone();
            view! {
                <section class="lab-step" class:current=current class:met=step_met aria-labelledby=labelled_by data-testid="lab-step">
                    <h3 id=heading_id>
                        {format!("Step {}: {}", index + 1, step.title)}
                        {move || if step_met() {
                            view! { " " <span class="step-state done">"done"</span> }.into_any()
                        } else if current() {
                            view! { " " <span class="step-state now">"now"</span> }.into_any()
                        } else {
                            ().into_any()
                        }}
                    </h3>
                    <div class="lesson-body" inner_html=step.text_html.clone()></div>
                    <h4 class="goals-title">"Goals"</h4>
                    <ul class="goals" data-testid="goals">
                        {move || match goals() {
                            None => view! { <li class="goal pending">"Checking…"</li> }.into_any(),
                            Some(st) => st
                                .goals
                                .into_iter()
                                .map(|g| {
                                    let (mark, label) = if g.met { ("✓", "Met") } else { ("○", "Not yet") };
                                    view! {
                                        <li class="goal" class:met=g.met data-testid="goal" data-met=g.met.to_string()>
                                            <span class="mark" aria-hidden="true">{mark}</span>
                                            <span class="visually-hidden">{format!("{label}: ")}</span>
                                            <span class="goal-text">{g.description}</span>
                                            {(!g.met && !g.detail.is_empty()).then(|| view! { <span class="goal-detail">{g.detail}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any(),
                        }}
                    </ul>
                    <div class="hints" data-testid="hints">
                        {hints
                            .into_iter()
                            .enumerate()
                            .map(|(i, html)| view! {
                                <Show when=move || { shown.get() > i }>
                                    <div class="hint-box" data-testid="hint">
                                        <p class="hint-label">{format!("Hint {} of {hint_count}", i + 1)}</p>
                                        <div inner_html=html.clone()></div>
                                    </div>
                                </Show>
                            })
                            .collect_view()}
                        <p class="lab-buttons">
                            <Show when=move || { shown.get() < hint_count }>
                                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += 1)>
                                    {move || if shown.get() == 0 { format!("Show a hint (1 of {hint_count})") } else { format!("Next hint ({} of {hint_count})", shown.get() + 1) }}
                                </button>
                                " "
                            </Show>
                            <button type="button" class="secondary" on:click=show_solution>"Show solution…"</button>
                        </p>
                    </div>
                </section>
            }
        })
        .collect_view();
    let lessons = lab
        .lessons
        .iter()
        .map(|l| {
            let title = course()
                .lesson(&l.lesson)
                .map(|lesson| lesson.title.clone())
                .unwrap_or_else(|| l.lesson.clone());
            view! { <li><A href=lesson_href(l)>{title}</A></li> }
        })
        .collect_view();
    view! {
        <article class="lab-page">
            <nav class="breadcrumb" aria-label="Breadcrumb"><A href="/labs">"Labs"</A> " › " {format!("Lab {}", lab.order)}</nav>
            <h1>{format!("Lab {}: {}", lab.order, lab.title)}</h1>
            <p class="meta">{lab_meta(lab)}</p>
            <p class="visually-hidden" aria-live="polite" data-testid="announce">{move || announcement.get()}</p>
            <div class="lab-layout">
                <section class="panel lab-guide" aria-labelledby="lab-guide-title">
                    <h2 id="lab-guide-title">"Instructions"</h2>
                    <div class="lesson-body" inner_html=lab.intro_html.clone()></div>
                    <p class="practises">"Practises: "</p>
                    <ul class="practises-list">{lessons}</ul>
                    <Show when=move || complete.get()>
                        <div class="lab-complete" data-testid="lab-complete">
                            <p><strong>"Lab complete: every goal is met."</strong> " It is marked done in your progress."</p>
                            {next.clone().map(|(href, title)| view! { <p><A href=href>{format!("Next: {title} →")}</A></p> })}
                        </div>
                    </Show>
                    {steps}
                </section>
                <section class="panel terminal-panel" aria-labelledby="lab-cli-title">
                    <h2 id="lab-cli-title">"Command line"</h2>
                    <SimClock />
                    <crate::components::time::TimeControls />
                    <CommandLine cmd=Some(cmd) />
                    <div class="account-bar">
                        <SimAlerts />
                        <p class="saving" role="status">
                            {move || match saving.get() {
                                Saving::On => "Saved in this browser: a reload brings this lab back as you left it.".to_owned(),
                                Saving::Off(why) => why,
                                Saving::Shared => String::new(),
                            }}
                        </p>
                        <p class="account-actions">
                            <button type="button" on:click=undo>"Undo last change"</button>
                            " "
                            <button type="button" class="danger" on:click=reset>"Reset lab…"</button>
                        </p>
                    </div>
                    <h2 class="account-title">"Your account"</h2>
                    <ClusterMap />
                    <h2 class="account-title">"What it costs"</h2>
                    <crate::components::cost::CostMeter />
                    <h2 class="account-title">"Network and placement"</h2>
                    <crate::components::topology::Topology />
                    <h2 class="account-title">"Metrics"</h2>
                    <crate::components::charts::Charts />
                </section>
            </div>
        </article>
    }
    .into_any()
}
