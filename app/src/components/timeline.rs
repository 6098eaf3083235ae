//! What happened in the account, newest first: the engine's events (task
//! state changes, service actions, deployments, scaling activities, …) as
//! the worker sends them, filterable by kind and by text. A row about a
//! resource the inspector can show (a task, a service, an instance, a
//! target group, an alarm, …) opens it there.

use crate::components::topology::{Inspect, Selection};
use crate::sim_state::SimHandle;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Shows `pick` in the page's inspector and moves there (focus included,
/// for keyboards and screen readers).
fn open_in_inspector(selected: RwSignal<Option<Inspect>>, pick: Inspect) {
    selected.set(Some(pick));
    // The inspector renders on the next frame.
    request_animation_frame(|| {
        if let Some(title) = document()
            .get_element_by_id("inspector-title")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            title.scroll_into_view();
            let _ = title.focus();
        }
    });
}

/// How many rows the timeline shows at most (the handle keeps more).
pub const SHOWN: usize = 100;

#[component]
pub fn Timeline() -> impl IntoView {
    let sim = SimHandle::expect();
    let selected = Selection::get_or_new();
    let events = sim.events();
    let kind = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    // The kinds present, for the filter, in order of first appearance.
    let kinds = Memo::new(move |_| {
        events.with(|events| {
            let mut seen: Vec<&'static str> = Vec::new();
            for e in events {
                let (name, _) = e.kind.parts();
                if !seen.contains(&name) {
                    seen.push(name);
                }
            }
            seen.sort_unstable();
            seen
        })
    });
    let rows = Memo::new(move |_| {
        let (kind, text) = (kind.get(), text.get().to_lowercase());
        events.with(|events| {
            events
                .iter()
                .rev()
                .map(|e| {
                    let (name, detail) = e.kind.parts();
                    (e, name, detail)
                })
                .filter(|(_, name, detail)| {
                    (kind.is_empty() || *name == kind)
                        && (text.is_empty() || detail.to_lowercase().contains(&text))
                })
                .take(SHOWN)
                // The resource only for the rows shown.
                .map(|(e, name, detail)| (e.seq, e.time, name, detail, Inspect::about(&e.kind)))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="timeline" data-testid="timeline">
            <div class="timeline-filters">
                <label>
                    "Kind "
                    <select on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        <option value="">"All"</option>
                        <For each=move || kinds.get() key=|k| *k children=|k| view! { <option value=k>{k}</option> } />
                    </select>
                </label>
                <label>
                    "Containing "
                    <input type="search" placeholder="a name, an id, a status" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
            </div>
            <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="empty">"Nothing yet: what happens in the account shows here."</p> }>
                <ol class="timeline-list" tabindex="0" aria-label="Events, newest first">
                    <For
                        each=move || rows.get()
                        key=|(seq, ..)| *seq
                        children=move |(_, time, name, detail, pick)| view! {
                            <li data-testid="timeline-event" data-kind=name>
                                <span class="when">{stevedore_engine::base::time::elapsed(time.0, false)}</span>
                                " " <span class="kind">{name}</span>
                                " " <span class="what">{detail}</span>
                                {pick.map(|pick| {
                                    let label = format!("Inspect {}", pick.label());
                                    view! {
                                        " "
                                        <button type="button" class="link" aria-label=label.clone() title=label on:click=move |_| open_in_inspector(selected, pick.clone())>
                                            "Inspect"
                                        </button>
                                    }
                                })}
                            </li>
                        }
                    />
                </ol>
            </Show>
        </div>
    }
}
