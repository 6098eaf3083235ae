//! The sandbox: a command line, a "Create cluster" form and a drawing of the
//! simulated account, all driven through the one [`SimHandle`].

use crate::sim_state::{Saving, SimHandle, shell_quote};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `navigator.clipboard.writeText`; throws where there is no clipboard
    /// (an insecure page), which `catch` turns into an `Err`.
    #[wasm_bindgen(catch, js_namespace = ["navigator", "clipboard"], js_name = writeText)]
    pub(crate) fn clipboard_write_text(
        text: &str,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

#[component]
pub fn Sandbox(
    /// The router's `cmd` query parameter (`/sandbox?cmd=…`), so that a
    /// link followed inside the app fills the command line too; without it
    /// (a page mounted alone) the address is read once.
    #[prop(optional, into)]
    cmd: Option<Signal<Option<String>>>,
) -> impl IntoView {
    // The simulator starts with the first page that needs it.
    SimHandle::expect().start();
    // One inspector for the diagram and the timeline's rows.
    crate::components::topology::Selection::provide();
    view! {
        <h1 class="visually-hidden">"Sandbox"</h1>
        <div class="sandbox">
            <section class="panel terminal-panel" aria-labelledby="cli-title">
                <h2 id="cli-title">"Command line"</h2>
                <SimClock />
                <p class="hint">
                    "Type AWS CLI commands, e.g. " <code>"aws ecs create-cluster --cluster-name demo"</code>
                    ". " <code>"aws ecs help"</code> " lists what is supported; " <code>"docker help"</code> " the simulated Docker client; " <code>"curl http://IP"</code> " opens a task's page from your laptop; " <code>"sim help"</code>
                    " controls time (" <code>"sim advance 15m"</code> ", " <code>"sim pause"</code> ", "
                    <code>"sim speed 10"</code> "). Tab completes, ↑/↓ recall earlier commands."
                </p>
                <crate::components::time::TimeControls />
                <CommandLine cmd=cmd />
                <AccountBar />
            </section>
            <div class="side">
                <section class="panel" aria-labelledby="form-title">
                    <h2 id="form-title">"Create cluster"</h2>
                    <CreateClusterForm />
                    <details class="more-form">
                        <summary>"With Amazon EC2 instances (an Auto Scaling group and a capacity provider)"</summary>
                        <crate::components::cluster_form::CreateEc2ClusterForm />
                    </details>
                </section>
                <section class="panel" aria-labelledby="taskdef-title">
                    <h2 id="taskdef-title">"Register task definition"</h2>
                    <crate::components::taskdef_editor::TaskDefinitionEditor />
                </section>
                <section class="panel" aria-labelledby="sg-title">
                    <h2 id="sg-title">"Security groups"</h2>
                    <crate::components::sg_form::SecurityGroupForms />
                </section>
                <section class="panel" aria-labelledby="lb-form-title">
                    <h2 id="lb-form-title">"Create load balancer"</h2>
                    <crate::components::lb_form::CreateLoadBalancerForm />
                </section>
                <section class="panel" aria-labelledby="service-form-title">
                    <h2 id="service-form-title">"Create service"</h2>
                    <crate::components::service_form::CreateServiceForm />
                </section>
                <section class="panel" aria-labelledby="map-title">
                    <h2 id="map-title">"Your account"</h2>
                    <ClusterMap />
                </section>
                <section class="panel" aria-labelledby="cost-title">
                    <h2 id="cost-title">"What it costs"</h2>
                    <crate::components::cost::CostMeter />
                </section>
                <section class="panel" aria-labelledby="topology-title">
                    <h2 id="topology-title">"Network and placement"</h2>
                    <crate::components::topology::Topology />
                </section>
                <section class="panel" aria-labelledby="charts-title">
                    <h2 id="charts-title">"Metrics"</h2>
                    <crate::components::charts::Charts />
                </section>
                <section class="panel" aria-labelledby="files-title">
                    <h2 id="files-title">"Files"</h2>
                    <crate::components::files::FileEditor />
                </section>
                <section class="panel" aria-labelledby="timeline-title">
                    <h2 id="timeline-title">"What happened"</h2>
                    <crate::components::timeline::Timeline />
                </section>
            </div>
        </div>
    }
}

/// Whether the account is saved, sharing it, and starting afresh.
#[component]
fn AccountBar() -> impl IntoView {
    let sim = SimHandle::expect();
    let saving = sim.saving();
    let link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<bool>);
    let share = move |_| {
        sim.share_link(move |url| {
            copied.set(url.as_deref().map(|u| clipboard_write_text(u).is_ok()));
            link.set(url);
        });
    };
    let reset = move |_| {
        if crate::components::confirm(
            "Start a new, empty account? Everything in this sandbox (clusters, tasks, files, time) is removed, here and in this browser's saved copy.",
        ) {
            sim.reset_account();
            link.set(None);
        }
    };
    view! {
        <div class="account-bar" data-testid="account-bar">
            <SimAlerts />
            <p class="saving" data-testid="saving" role="status">
                {move || match saving.get() {
                    Saving::On => view! { "Saved in this browser: a reload brings this account back." }.into_any(),
                    Saving::Off(why) => view! { {why} }.into_any(),
                    Saving::Shared => view! {
                        "You are looking at a shared account; your own sandbox is saved apart and untouched. "
                        <button type="button" on:click=move |_| sim.keep_shared_account()>"Keep this as my sandbox"</button>
                        " "
                        <button type="button" on:click=move |_| sim.back_to_own_account()>"Back to my sandbox"</button>
                    }.into_any(),
                }}
            </p>
            <p class="account-actions">
                <button type="button" on:click=share>"Share a link to this account"</button>
                " "
                <button type="button" class="danger" on:click=reset>"Reset account…"</button>
            </p>
            <Show when=move || link.get().is_some()>
                <p class="share-link">
                    <label for="share-link">
                        {move || match copied.get() {
                            Some(true) => "Link copied. Anyone who opens it gets a copy of this account:",
                            _ => "Copy this link; anyone who opens it gets a copy of this account:",
                        }}
                    </label>
                    <input id="share-link" data-testid="share-link" type="text" readonly prop:value=move || link.get().unwrap_or_default() />
                </p>
            </Show>
        </div>
    }
}

/// What the page must say about the simulator: it crashed (with a
/// restart from the account's journal), or a notice about the account (a
/// share link or a saved lab that could not be opened).
#[component]
pub(crate) fn SimAlerts() -> impl IntoView {
    let sim = SimHandle::expect();
    let crashed = sim.crashed();
    let notice = sim.notice();
    view! {
        <Show when=move || crashed.get().is_some()>
            <p class="notice" role="alert" data-testid="crashed">
                "The simulator stopped because of a bug (" {move || crashed.get().unwrap_or_default()}
                "). Your work is kept: restart it to carry on where it was. "
                <button type="button" on:click=move |_| sim.restart()>"Restart the simulator"</button>
            </p>
        </Show>
        <Show when=move || notice.get().is_some()>
            <p class="notice" role="alert">
                {move || notice.get().unwrap_or_default()} " "
                <button type="button" on:click=move |_| sim.dismiss_notice()>"Dismiss"</button>
            </p>
        </Show>
    }
}

/// The simulated time and whether the wall clock is moving it.
#[component]
pub(crate) fn SimClock() -> impl IntoView {
    let sim = SimHandle::expect();
    let now = sim.now();
    let clock = sim.clock();
    let ready = sim.ready();
    view! {
        <p class="sim-clock" data-testid="sim-clock" title="Simulated time since the start; sim pause, sim resume, sim speed N">
            {move || if ready.get() { clock.get().label(now.get()) } else { "Starting the simulator…".to_owned() }}
        </p>
    }
}

/// A button that copies `text` to the clipboard.
#[component]
fn CopyButton(text: String) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| copied.set(Some(clipboard_write_text(&text).is_ok()));
    view! {
        <button type="button" class="copy" aria-label="Copy output" on:click=copy>
            {move || match copied.get() {
                None => "Copy",
                Some(true) => "Copied",
                Some(false) => "No clipboard",
            }}
        </button>
    }
}

/// The `cmd` query parameter of the page's address, if any (lessons link to
/// `/sandbox?cmd=<url-encoded command>`).
fn command_from_location() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("cmd").filter(|c| !c.trim().is_empty())
}

#[component]
pub(crate) fn CommandLine(cmd: Option<Signal<Option<String>>>) -> impl IntoView {
    let sim = SimHandle::expect();
    // A lesson can open the sandbox with a command ready to run
    // (`/sandbox?cmd=…`): it is put on the line, not run.
    let line = RwSignal::new(String::new());
    let input_ref = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        let wanted = match cmd {
            Some(cmd) => cmd.get().filter(|c| !c.trim().is_empty()),
            None => command_from_location(),
        };
        if let Some(text) = wanted {
            line.set(text);
            if let Some(input) = input_ref.get() {
                let _ = input.focus();
            }
        }
    });
    let choices = RwSignal::new(Vec::<String>::new());
    let history = StoredValue::new(Vec::<String>::new());
    let cursor = StoredValue::new(None::<usize>);
    let log = sim.log();
    let log_box = NodeRef::<leptos::html::Div>::new();
    // Keep the newest entry in sight.
    Effect::new(move |_| {
        log.track();
        if let Some(el) = log_box.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        // Tab completes; on an empty line it moves focus as usual.
        "Tab" if !line.get_untracked().is_empty() => {
            ev.prevent_default();
            let text = line.get_untracked();
            let asked = text.clone();
            sim.complete(&text, move |completed, candidates| {
                // Only if the learner has not typed on meanwhile.
                if line.get_untracked() == asked {
                    line.set(completed);
                    choices.set(candidates);
                }
            });
        }
        "Enter" => {
            let text = line.get_untracked();
            // Shift+Enter, or a command the shell reads as unfinished (a
            // here-document, an open quote): a new line, as a shell's
            // second prompt.
            let unfinished = matches!(stevedore_cli::shell::parse(&text), Err(e) if e.unclosed);
            if ev.shift_key() || unfinished {
                return;
            }
            choices.set(Vec::new());
            ev.prevent_default();
            if text.trim().is_empty() {
                return;
            }
            sim.run_line(&text);
            history.update_value(|h| {
                if h.last() != Some(&text) {
                    h.push(text.clone());
                }
            });
            cursor.set_value(None);
            line.set(String::new());
        }
        // History, while the command is one line.
        "ArrowUp" | "ArrowDown" if !line.get_untracked().contains('\n') => {
            ev.prevent_default();
            let up = ev.key() == "ArrowUp";
            let len = history.with_value(Vec::len);
            if len == 0 {
                return;
            }
            let next = match (cursor.get_value(), up) {
                (None, true) => Some(len - 1),
                (None, false) => None,
                (Some(i), true) => Some(i.saturating_sub(1)),
                (Some(i), false) if i + 1 < len => Some(i + 1),
                (Some(_), false) => None,
            };
            cursor.set_value(next);
            line.set(
                next.and_then(|i| history.with_value(|h| h.get(i).cloned()))
                    .unwrap_or_default(),
            );
        }
        _ => {}
    };

    view! {
        <div class="terminal">
            <div class="cli-log" data-testid="cli-log" aria-live="polite" node_ref=log_box>
                <For
                    each=move || log.get()
                    key=|entry| entry.id
                    children=move |entry| {
                        let class = if entry.ok { "cli-entry" } else { "cli-entry error" };
                        view! {
                            <div class=class data-testid="cli-entry">
                                <div class="cli-command">
                                    <span class="prompt-sign" aria-hidden="true">"$ "</span>
                                    {entry.command}
                                    {entry.from_form.then(|| view! { <span class="badge">"from the form"</span> })}
                                </div>
                                <pre>{entry.output.clone()}</pre>
                                <CopyButton text=entry.output />
                            </div>
                        }
                    }
                />
            </div>
            <div class="cli-input">
                <span class="prompt-sign" aria-hidden="true">"$"</span>
                <textarea
                    node_ref=input_ref
                    aria-label="AWS command line"
                    aria-describedby="cli-hint"
                    placeholder="aws ecs list-clusters"
                    autocomplete="off"
                    spellcheck="false"
                    rows=move || line.with(|l| l.split('\n').count().clamp(1, 12).to_string())
                    prop:value=move || line.get()
                    on:input=move |ev| line.set(event_target_value(&ev))
                    on:keydown=on_keydown
                ></textarea>
            </div>
            <p class="cli-hint" id="cli-hint">
                "Enter runs the command; Shift+Enter starts a new line (a here-document or an open quote goes on by itself). Variables, $(…), pipes and cat > file <<'EOF' work as in a shell."
            </p>
            <Show when=move || !choices.get().is_empty()>
                <p class="completions" data-testid="completions" role="status">
                    {move || choices.get().join("  ")}
                </p>
            </Show>
        </div>
    }
}

#[component]
fn CreateClusterForm() -> impl IntoView {
    let sim = SimHandle::expect();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cluster_name = name.get_untracked();
        // An empty name: AWS's default cluster, as the console does.
        let cli = if cluster_name.is_empty() {
            "aws ecs create-cluster".to_owned()
        } else {
            format!(
                "aws ecs create-cluster --cluster-name {}",
                shell_quote(&cluster_name)
            )
        };
        sim.run_form(cli, move |result| match result {
            Ok(()) => {
                error.set(None);
                created.set(Some(if cluster_name.is_empty() {
                    "default".to_owned()
                } else {
                    cluster_name
                }));
                name.set(String::new());
            }
            Err((code, message)) => {
                created.set(None);
                error.set(Some(format!("{code}: {message}")));
            }
        });
    };

    view! {
        <form class="create-cluster" aria-label="Create cluster" on:submit=submit novalidate>
            <label for="cluster-name">"Cluster name"</label>
            <div class="row">
                <input
                    id="cluster-name"
                    type="text"
                    placeholder="DemoCluster"
                    autocomplete="off"
                    aria-describedby="cluster-name-help"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button type="submit">"Create cluster"</button>
            </div>
            <p id="cluster-name-help" class="hint">
                "Up to 255 letters, numbers, hyphens and underscores. Leave it empty for a cluster named "
                <code>"default"</code> "."
            </p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || created.get().map(|n| view! { <p class="form-ok" role="status">{format!("Created cluster {n}.")}</p> })}
        </form>
    }
}

#[component]
pub(crate) fn ClusterMap() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let delete_error = RwSignal::new(None::<String>);
    let clusters = move || view_signal.with(|v| v.active_clusters().cloned().collect::<Vec<_>>());
    let region = move || view_signal.with(|v| format!("Account {} · {}", v.account_id, v.region));

    view! {
        <p class="account">{region}</p>
        {move || delete_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <div class="cluster-map" data-testid="cluster-map">
            <Show when=move || !clusters().is_empty() fallback=|| view! { <p class="empty">"No clusters yet. Create one with the form or the command line."</p> }>
                <For
                    each=clusters
                    key=|c| (c.name.clone(), c.created_at)
                    children=move |c| {
                        let name = c.name.clone();
                        let delete = {
                            let name = name.clone();
                            move |_| {
                                let cli = format!("aws ecs delete-cluster --cluster {}", shell_quote(&name));
                                sim.run_form(cli, move |result| match result {
                                    Ok(()) => delete_error.set(None),
                                    Err((code, message)) => delete_error.set(Some(format!("{code}: {message}"))),
                                });
                            }
                        };
                        // The counts follow the account (the card itself is kept
                        // while the cluster lives).
                        let count = {
                            let arn = c.arn.clone();
                            move |field: fn(&stevedore_engine::view::ClusterView) -> u32| {
                                let arn = arn.clone();
                                move || view_signal.with(|v| v.clusters.iter().find(|c| c.arn == arn).map_or(0, field))
                            }
                        };
                        // Live tasks with a public IP (Fargate, assignPublicIp ENABLED):
                        // what `curl` from the laptop reaches, if the security group allows it.
                        let cluster_arn = c.arn.clone();
                        let public = move || {
                            view_signal.with(|v| {
                                v.tasks
                                    .iter()
                                    .filter(|t| t.cluster_arn == cluster_arn)
                                    .filter_map(|t| t.public_ip.clone())
                                    .collect::<Vec<_>>()
                            })
                        };
                        // F9.6: the cluster's capacity providers, its default
                        // strategy and where its live tasks run.
                        let capacity = {
                            let name = name.clone();
                            move || view_signal.with(|v| {
                                let c = v.clusters.iter().find(|c| c.name == name)?;
                                if c.capacity_providers.is_empty() {
                                    return None;
                                }
                                let mut text = format!("Capacity providers: {}", c.capacity_providers.join(", "));
                                if !c.default_capacity_provider_strategy.is_empty() {
                                    let items: Vec<String> = c
                                        .default_capacity_provider_strategy
                                        .iter()
                                        .map(|(p, weight, base)| format!("{p} weight {weight} base {base}"))
                                        .collect();
                                    text.push_str(&format!(" · default strategy: {}", items.join(", ")));
                                }
                                let mut per: Vec<(String, usize)> = Vec::new();
                                for t in v.tasks.iter().filter(|t| t.cluster_arn == c.arn && t.last_status != "STOPPED") {
                                    if let Some(p) = &t.capacity_provider {
                                        match per.iter_mut().find(|(q, _)| q == p) {
                                            Some((_, n)) => *n += 1,
                                            None => per.push((p.clone(), 1)),
                                        }
                                    }
                                }
                                if !per.is_empty() {
                                    let items: Vec<String> = per.iter().map(|(p, n)| format!("{p} {n}")).collect();
                                    text.push_str(&format!(" · tasks: {}", items.join(", ")));
                                }
                                Some(text)
                            })
                        };
                        view! {
                            <article class="cluster" data-testid="cluster" data-cluster-name=name.clone()>
                                <header>
                                    <span class="cluster-icon" aria-hidden="true"></span>
                                    <h3>{name.clone()}</h3>
                                    <span class="status">"ACTIVE"</span>
                                </header>
                                <p class="arn">{c.arn.clone()}</p>
                                <dl class="counts" data-testid="counts">
                                    <div><dt>"Instances"</dt><dd>{count(|c| c.registered_container_instances)}</dd></div>
                                    <div><dt>"Services"</dt><dd>{count(|c| c.active_services)}</dd></div>
                                    <div><dt>"Running tasks"</dt><dd>{count(|c| c.running_tasks)}</dd></div>
                                    <div><dt>"Pending tasks"</dt><dd>{count(|c| c.pending_tasks)}</dd></div>
                                </dl>
                                {move || {
                                    let ips = public();
                                    (!ips.is_empty()).then(|| view! {
                                        <p class="hint" data-testid="public-ips">
                                            "Public IPs: "
                                            {ips.into_iter().map(|ip| view! { <code>{format!("curl http://{ip}")}</code>" " }).collect::<Vec<_>>()}
                                        </p>
                                    })
                                }}
                                {move || capacity().map(|text| view! { <p class="capacity-providers" data-testid="capacity-providers">{text}</p> })}
                                <button type="button" class="danger" aria-label=format!("Delete cluster {name}") on:click=delete>
                                    "Delete"
                                </button>
                                <ContainerLogs cluster_arn=c.arn.clone() />
                            </article>
                        }
                    }
                />
            </Show>
        </div>
    }
}

/// What the containers of a cluster's tasks wrote (the View's
/// `container_logs`, engine/src/ecs/aws_cli.rs), newest task first; where
/// AWS keeps the lines follows the container's log driver.
#[component]
fn ContainerLogs(cluster_arn: String) -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let logs = Memo::new(move |_| {
        view_signal.with(|v| {
            v.tasks
                .iter()
                .filter(|t| t.cluster_arn == cluster_arn)
                .flat_map(|t| {
                    let task_id = t.arn.rsplit('/').next().unwrap_or_default().to_owned();
                    t.container_logs
                        .iter()
                        .map(move |c| (task_id.clone(), c.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || logs.with(|l| !l.is_empty())>
            <section class="container-logs" data-testid="container-logs">
                <h4>"Container logs"</h4>
                <For
                    each=move || logs.get()
                    key=|(task, c)| (task.clone(), c.container.clone(), c.lines.len())
                    children=move |(task, c)| {
                        let where_kept = match (c.log_driver.as_deref(), c.log_group.as_deref()) {
                            (Some("awslogs"), Some(group)) => format!("CloudWatch Logs {group}"),
                            (Some(driver), _) => format!("log driver {driver}"),
                            (None, _) => "no log driver: AWS keeps these only on the host".to_owned(),
                        };
                        let exit = c.exit_code.map(|code| format!(" · exit code {code}")).unwrap_or_default();
                        view! {
                            <details data-testid="container-log">
                                <summary>{format!("{} in task {task}{exit} ({where_kept})", c.container)}</summary>
                                <pre>{c.lines.iter().map(|(_, line)| line.as_str()).collect::<Vec<_>>().join("\n")}</pre>
                            </details>
                        }
                    }
                />
            </section>
        </Show>
    }
}
