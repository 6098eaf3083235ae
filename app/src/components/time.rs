//! The simulated clock as controls: play and pause, speed, step to the next
//! event. Each button runs its `sim …` command through the command line
//! (the log shows it, as it shows a form's CLI equivalent), so the buttons
//! teach the commands.

use crate::sim_state::SimHandle;
use leptos::prelude::*;

/// The speeds offered (simulated seconds per real second).
pub const SPEEDS: [u32; 4] = [1, 10, 100, 1000];

#[component]
pub fn TimeControls() -> impl IntoView {
    let sim = SimHandle::expect();
    let clock = sim.clock();
    let ready = sim.ready();
    let toggle = move |_| {
        sim.run_line(if clock.get_untracked().paused {
            "sim resume"
        } else {
            "sim pause"
        });
    };
    view! {
        <div class="time-controls" role="group" aria-label="Simulated time" data-testid="time-controls">
            <button type="button" class="play" on:click=toggle disabled=move || !ready.get()>
                {move || if clock.get().paused { "Resume" } else { "Pause" }}
            </button>
            <span class="speeds" role="group" aria-label="Speed">
                {SPEEDS
                    .into_iter()
                    .map(|speed| {
                        let pressed = move || clock.get().speed == speed;
                        view! {
                            <button
                                type="button"
                                class="speed"
                                class:current=pressed
                                aria-pressed=move || pressed().to_string()
                                disabled=move || !ready.get()
                                on:click=move |_| sim.run_line(&format!("sim speed {speed}"))
                            >
                                {format!("{speed}×")}
                            </button>
                        }
                    })
                    .collect_view()}
            </span>
            <button type="button" disabled=move || !ready.get() on:click=move |_| sim.run_line("sim step") title="Move time to the next thing due to happen, and let it happen">
                "Next event"
            </button>
        </div>
    }
}
