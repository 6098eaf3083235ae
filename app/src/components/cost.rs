//! The cost meter: what the account costs per hour now and in total so far
//! (`sim cost`, run without entering the log; `stevedore_engine::cost`),
//! refreshed whenever something happens in the account.

use crate::sim_state::SimHandle;
use leptos::prelude::*;

#[component]
pub fn CostMeter() -> impl IntoView {
    let sim = SimHandle::expect();
    let events = sim.events();
    let now = sim.now();
    let text = RwSignal::new(String::new());
    // Something happened, or a simulated minute passed (costs accrue).
    let trigger = Memo::new(move |_| {
        (
            events.with(|e| e.last().map(|e| e.seq)),
            now.get().0 / 60_000,
        )
    });
    Effect::new(move |_| {
        // Read, not only tracked: a memo that is never read is never
        // recomputed, and never says it changed.
        let _ = trigger.get();
        sim.query("sim cost", move |out, ok| {
            if ok {
                text.set(out);
            }
        });
    });
    let total = move || {
        text.with(|t| {
            t.lines()
                .find(|l| l.starts_with("Total: "))
                .map(|l| l.trim_start_matches("Total: ").to_owned())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="cost-meter" data-testid="cost-meter">
            <p class="cost-total"><strong>{total}</strong></p>
            <details>
                <summary>"By resource (" <code>"sim cost"</code> ")"</summary>
                <pre tabindex="0">{move || text.get()}</pre>
            </details>
            <p class="hint">"us-east-1 list prices, no free tier. ECS, clusters and task definitions cost nothing; Fargate tasks, EC2 instances, load balancers (their hours and traffic) and public IPv4 addresses do."</p>
        </div>
    }
}
