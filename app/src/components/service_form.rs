//! Create a service as the console's form does: cluster, task definition,
//! compute (a launch type or the cluster's capacity provider strategy),
//! networking for `awsvpc` tasks, a load balancer's target group, and
//! service auto scaling (target tracking on average CPU). [`commands`]
//! turns the form into the AWS CLI lines that do it (tested natively by
//! running them); the component runs them one by one through the command
//! line, so the log shows each, and stops at the first AWS refuses.

use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;
use stevedore_engine::View;

/// What the form holds (strings as typed; the lists as chosen).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceForm {
    pub cluster: String,
    /// `family:revision`.
    pub task_definition: String,
    pub name: String,
    pub desired: String,
    /// `FARGATE`, `EC2`, or `strategy` for the cluster's default capacity
    /// provider strategy.
    pub compute: String,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub public_ip: bool,
    /// A target group ARN, or empty for none.
    pub target_group: String,
    pub container_port: String,
    pub grace_seconds: String,
    pub scaling: bool,
    pub min: String,
    pub max: String,
    pub cpu_target: String,
}

fn number(what: &str, text: &str, min: i64, max: i64) -> Result<i64, String> {
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{what}: a whole number, please (got \"{}\").", text.trim()))?;
    if n < min || n > max {
        return Err(format!("{what}: from {min} to {max}."));
    }
    Ok(n)
}

/// The subnets as a form's choices: (id, `id · zone · public|private`).
pub fn subnet_options(v: &View) -> Vec<(String, String)> {
    v.subnets
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                format!(
                    "{} · {} · {}",
                    s.id,
                    s.availability_zone,
                    if s.public { "public" } else { "private" }
                ),
            )
        })
        .collect()
}

/// The security groups as a form's choices: (id, `id (name)`).
pub fn group_options(v: &View) -> Vec<(String, String)> {
    v.security_groups
        .iter()
        .map(|g| (g.id.clone(), format!("{} ({})", g.id, g.name)))
        .collect()
}

/// The AWS CLI lines that create the service (and its auto scaling), or
/// what is missing. The form checks only what it must to write the lines
/// (numbers, required choices); everything else is AWS's to refuse.
pub fn commands(view: &View, f: &ServiceForm) -> Result<Vec<String>, String> {
    if f.cluster.is_empty() {
        return Err("Choose a cluster.".to_owned());
    }
    if f.task_definition.is_empty() {
        return Err("Choose a task definition.".to_owned());
    }
    if f.name.trim().is_empty() {
        return Err("Name the service.".to_owned());
    }
    let desired = number("Desired tasks", &f.desired, 0, 5_000)?;
    let (family, revision) = f
        .task_definition
        .split_once(':')
        .unwrap_or((f.task_definition.as_str(), ""));
    let definition = view
        .task_definitions
        .iter()
        .find(|d| d.family == family && d.revision.to_string() == revision);
    let name = f.name.trim();
    let mut line = format!(
        "aws ecs create-service --cluster {} --service-name {} --task-definition {} --desired-count {desired}",
        shell_quote(&f.cluster),
        shell_quote(name),
        shell_quote(&f.task_definition)
    );
    match f.compute.as_str() {
        "FARGATE" | "EC2" => line.push_str(&format!(" --launch-type {}", f.compute)),
        // The cluster's default strategy applies when neither is given.
        _ => {}
    }
    if definition.is_some_and(|d| d.network_mode == "awsvpc") {
        if f.subnets.is_empty() {
            return Err("An awsvpc task needs at least one subnet.".to_owned());
        }
        let mut config = format!("awsvpcConfiguration={{subnets=[{}]", f.subnets.join(","));
        if !f.security_groups.is_empty() {
            config.push_str(&format!(
                ",securityGroups=[{}]",
                f.security_groups.join(",")
            ));
        }
        if f.compute == "FARGATE" || f.compute == "strategy" {
            config.push_str(if f.public_ip {
                ",assignPublicIp=ENABLED"
            } else {
                ",assignPublicIp=DISABLED"
            });
        }
        config.push('}');
        line.push_str(&format!(
            " --network-configuration {}",
            shell_quote(&config)
        ));
    }
    if !f.target_group.is_empty() {
        let port = number("Container port", &f.container_port, 1, 65_535)?;
        let container = definition
            .and_then(|d| d.containers.first())
            .map(|(n, _)| n.clone())
            .ok_or("The task definition has no container to register.")?;
        line.push_str(&format!(
            " --load-balancers {}",
            shell_quote(&format!(
                "targetGroupArn={},containerName={container},containerPort={port}",
                f.target_group
            ))
        ));
        if !f.grace_seconds.trim().is_empty() {
            let grace = number(
                "Health check grace period",
                &f.grace_seconds,
                0,
                2_147_483_647,
            )?;
            line.push_str(&format!(" --health-check-grace-period-seconds {grace}"));
        }
    }
    let mut out = vec![line];
    if f.scaling {
        let min = number("Minimum tasks", &f.min, 0, 5_000)?;
        let max = number("Maximum tasks", &f.max, 0, 5_000)?;
        if max < min {
            return Err("Maximum tasks must be at least the minimum.".to_owned());
        }
        let target = number("Target CPU utilization", &f.cpu_target, 1, 100)?;
        let resource = format!("service/{}/{name}", f.cluster);
        out.push(format!(
            "aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id {} --min-capacity {min} --max-capacity {max}",
            shell_quote(&resource)
        ));
        out.push(format!(
            "aws application-autoscaling put-scaling-policy --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id {} --policy-name cpu{target} --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{{\"TargetValue\":{target},\"PredefinedMetricSpecification\":{{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\"}}}}'",
            shell_quote(&resource)
        ));
    }
    Ok(out)
}

/// Runs `lines` in order through the command line (each logged as a
/// form's), stopping at the first refused.
pub(crate) fn run_all(
    sim: SimHandle,
    mut lines: Vec<String>,
    done: impl FnOnce(Result<(), String>) + 'static,
) {
    if lines.is_empty() {
        done(Ok(()));
        return;
    }
    let first = lines.remove(0);
    sim.run_form(first, move |result| match result {
        Ok(()) => run_all(sim, lines, done),
        Err((code, message)) => done(Err(format!("{code}: {message}"))),
    });
}

/// A form's submission: `lines` (or what the form lacks) run in order,
/// `created` set to `name` when all went through, `error` to the first
/// refusal.
pub(crate) fn submit_commands(
    sim: SimHandle,
    lines: Result<Vec<String>, String>,
    name: String,
    error: RwSignal<Option<String>>,
    created: RwSignal<Option<String>>,
) {
    created.set(None);
    match lines {
        Err(e) => error.set(Some(e)),
        Ok(lines) => {
            error.set(None);
            run_all(sim, lines, move |result| match result {
                Ok(()) => created.set(Some(name)),
                Err(e) => error.set(Some(e)),
            });
        }
    }
}

/// What a form will run, before it runs it (or what it lacks).
pub(crate) fn commands_preview(
    text: impl Fn() -> Result<Vec<String>, String> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <details class="cli-preview">
            <summary>"The AWS CLI commands this runs"</summary>
            <pre tabindex="0">{move || text().map_or_else(|e| e, |l| l.join("\n"))}</pre>
        </details>
    }
}

#[component]
pub fn CreateServiceForm() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let form = RwSignal::new(ServiceForm {
        desired: "1".to_owned(),
        compute: "FARGATE".to_owned(),
        public_ip: true,
        container_port: "80".to_owned(),
        min: "1".to_owned(),
        max: "4".to_owned(),
        cpu_target: "50".to_owned(),
        ..ServiceForm::default()
    });
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);
    let clusters = Memo::new(move |_| {
        view_signal.with(|v| {
            v.active_clusters()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let definitions = Memo::new(move |_| {
        view_signal.with(|v| {
            v.task_definitions
                .iter()
                .filter(|d| d.status == "ACTIVE")
                .map(|d| format!("{}:{}", d.family, d.revision))
                .collect::<Vec<_>>()
        })
    });
    let awsvpc = Memo::new(move |_| {
        let chosen = form.with(|f| f.task_definition.clone());
        view_signal.with(|v| {
            v.task_definitions.iter().any(|d| {
                format!("{}:{}", d.family, d.revision) == chosen && d.network_mode == "awsvpc"
            })
        })
    });
    // The first cluster and the newest definition until the learner picks.
    Effect::new(move |_| {
        let (c, d) = (clusters.get(), definitions.get());
        form.update(|f| {
            if !c.contains(&f.cluster) {
                f.cluster = c.first().cloned().unwrap_or_default();
            }
            if !d.contains(&f.task_definition) {
                f.task_definition = d.last().cloned().unwrap_or_default();
            }
        });
    });
    let subnets = Memo::new(move |_| view_signal.with(subnet_options));
    let groups = Memo::new(move |_| view_signal.with(group_options));
    let target_groups = Memo::new(move |_| {
        view_signal.with(|v| {
            v.target_groups
                .iter()
                .map(|t| {
                    (
                        t.arn.clone(),
                        format!("{} ({}, port {})", t.name, t.target_type, t.port),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let text = move |get: fn(&ServiceForm) -> String, set: fn(&mut ServiceForm, String)| {
        (
            move || form.with(get),
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                form.update(|f| set(f, value));
            },
        )
    };
    let toggle_in = move |list: fn(&mut ServiceForm) -> &mut Vec<String>, id: String| {
        form.update(|f| {
            let l = list(f);
            if let Some(i) = l.iter().position(|x| *x == id) {
                l.remove(i);
            } else {
                l.push(id);
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let lines = view_signal.with_untracked(|v| commands(v, &f));
        submit_commands(sim, lines, f.name.trim().to_owned(), error, created);
    };
    let (name_value, name_input) = text(|f| f.name.clone(), |f, v| f.name = v);
    let (desired_value, desired_input) = text(|f| f.desired.clone(), |f, v| f.desired = v);
    let (port_value, port_input) = text(|f| f.container_port.clone(), |f, v| f.container_port = v);
    let (grace_value, grace_input) = text(|f| f.grace_seconds.clone(), |f, v| f.grace_seconds = v);
    let (min_value, min_input) = text(|f| f.min.clone(), |f, v| f.min = v);
    let (max_value, max_input) = text(|f| f.max.clone(), |f, v| f.max = v);
    let (cpu_value, cpu_input) = text(|f| f.cpu_target.clone(), |f, v| f.cpu_target = v);

    view! {
        <form class="console-form" aria-label="Create service" on:submit=submit novalidate>
            <Show when=move || !clusters.with(Vec::is_empty) && !definitions.with(Vec::is_empty) fallback=|| view! {
                <p class="empty">"Create a cluster and register a task definition first."</p>
            }>
                <div class="grid">
                    <div class="field"><label for="svc-cluster">"Cluster"</label>
                        <select id="svc-cluster" prop:value=move || form.with(|f| f.cluster.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.cluster = v); }>
                            {move || clusters.get().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field"><label for="svc-taskdef">"Task definition"</label>
                        <select id="svc-taskdef" prop:value=move || form.with(|f| f.task_definition.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.task_definition = v); }>
                            {move || definitions.get().into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field"><label for="svc-name">"Service name"</label><input id="svc-name" type="text" autocomplete="off" placeholder="web" prop:value=name_value on:input=name_input /></div>
                    <div class="field"><label for="svc-desired">"Desired tasks"</label><input id="svc-desired" type="number" min="0" prop:value=desired_value on:input=desired_input /></div>
                    <div class="field"><label for="svc-compute">"Compute"</label>
                        <select id="svc-compute" prop:value=move || form.with(|f| f.compute.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.compute = v); }>
                            <option value="FARGATE">"Launch type: Fargate"</option>
                            <option value="EC2">"Launch type: EC2"</option>
                            <option value="strategy">"The cluster's default capacity provider strategy"</option>
                        </select>
                    </div>
                </div>
                <Show when=move || awsvpc.get()>
                    <fieldset>
                        <legend>"Networking (awsvpc: each task gets its own network interface)"</legend>
                        <p class="hint">"Subnets"</p>
                        <div class="choices">
                            {move || subnets.get().into_iter().map(|(id, label)| {
                                let checked = { let id = id.clone(); move || form.with(|f| f.subnets.contains(&id)) };
                                let flip = { let id = id.clone(); move |_| toggle_in(|f| &mut f.subnets, id.clone()) };
                                view! { <label class="choice"><input type="checkbox" prop:checked=checked on:change=flip />{label}</label> }
                            }).collect_view()}
                        </div>
                        <p class="hint">"Security groups (none: the VPC's default group)"</p>
                        <div class="choices">
                            {move || groups.get().into_iter().map(|(id, label)| {
                                let checked = { let id = id.clone(); move || form.with(|f| f.security_groups.contains(&id)) };
                                let flip = { let id = id.clone(); move |_| toggle_in(|f| &mut f.security_groups, id.clone()) };
                                view! { <label class="choice"><input type="checkbox" prop:checked=checked on:change=flip />{label}</label> }
                            }).collect_view()}
                        </div>
                        <label class="choice public-ip"><input type="checkbox" prop:checked=move || form.with(|f| f.public_ip) on:change=move |_| form.update(|f| f.public_ip = !f.public_ip) />"Public IP (Fargate)"</label>
                    </fieldset>
                </Show>
                <fieldset>
                    <legend>"Load balancing"</legend>
                    <div class="field"><label for="svc-tg">"Target group"</label>
                        <select id="svc-tg" prop:value=move || form.with(|f| f.target_group.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.target_group = v); }>
                            <option value="">"None"</option>
                            {move || target_groups.get().into_iter().map(|(arn, label)| view! { <option value=arn>{label}</option> }).collect_view()}
                        </select>
                    </div>
                    <Show when=move || form.with(|f| !f.target_group.is_empty())>
                        <div class="grid">
                            <div class="field"><label for="svc-port">"Container port"</label><input id="svc-port" type="number" min="1" max="65535" prop:value=port_value on:input=port_input /></div>
                            <div class="field"><label for="svc-grace">"Health check grace period (s)"</label><input id="svc-grace" type="number" min="0" placeholder="0" prop:value=grace_value on:input=grace_input /></div>
                        </div>
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>"Service auto scaling"</legend>
                    <label class="choice"><input type="checkbox" prop:checked=move || form.with(|f| f.scaling) on:change=move |_| form.update(|f| f.scaling = !f.scaling) />"Target tracking on average CPU"</label>
                    <Show when=move || form.with(|f| f.scaling)>
                        <div class="grid">
                            <div class="field"><label for="svc-min">"Minimum tasks"</label><input id="svc-min" type="number" min="0" prop:value=min_value on:input=min_input /></div>
                            <div class="field"><label for="svc-max">"Maximum tasks"</label><input id="svc-max" type="number" min="0" prop:value=max_value on:input=max_input /></div>
                            <div class="field"><label for="svc-cpu">"Target CPU (%)"</label><input id="svc-cpu" type="number" min="1" max="100" prop:value=cpu_value on:input=cpu_input /></div>
                        </div>
                    </Show>
                </fieldset>
                <button type="submit">"Create service"</button>
                {commands_preview(move || {
                let f = form.get();
                view_signal.with(|v| commands(v, &f))
            })}
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || created.get().map(|n| view! { <p class="form-ok" role="status">{format!("Created service {n}.")}</p> })}
        </form>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::Sim;

    fn run(sim: &mut Sim, shell: &mut stevedore_cli::shell::Shell, line: &str) {
        let out = shell.run(sim, line);
        assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    }

    /// Lab 9's account after its first steps: a cluster, a Fargate task
    /// definition, two security groups, an ALB with an ip target group.
    fn alb_account() -> (Sim, stevedore_cli::shell::Shell) {
        let lab = stevedore_lessons::course()
            .labs
            .iter()
            .find(|l| l.id == "alb-service")
            .cloned()
            .unwrap();
        let started = stevedore_cli::labs::start(&lab).unwrap();
        let (mut sim, mut shell) = (started.sim, started.shell);
        // Every step but the last (which creates the service).
        for step in &lab.steps[..lab.steps.len() - 1] {
            for line in step.solution.text.lines().filter(|l| !l.trim().is_empty()) {
                run(&mut sim, &mut shell, line);
            }
        }
        (sim, shell)
    }

    #[test]
    fn the_form_creates_a_fargate_service_behind_the_alb_with_auto_scaling() {
        let (mut sim, mut shell) = alb_account();
        let view = sim.view();
        let def = view
            .task_definitions
            .iter()
            .rev()
            .find(|d| d.network_mode == "awsvpc")
            .unwrap();
        let tg = &view.target_groups[0];
        let tasks_sg = view
            .security_groups
            .iter()
            .find(|g| g.name != "default" && !g.name.to_lowercase().contains("alb"))
            .unwrap();
        let form = ServiceForm {
            cluster: view.active_clusters().next().unwrap().name.clone(),
            task_definition: format!("{}:{}", def.family, def.revision),
            name: "from-form".into(),
            desired: "2".into(),
            compute: "FARGATE".into(),
            // The load balancer's subnets (a target elsewhere is unused).
            subnets: view.load_balancers[0]
                .zones
                .iter()
                .map(|z| z.1.clone())
                .collect(),
            security_groups: vec![tasks_sg.id.clone()],
            public_ip: true,
            target_group: tg.arn.clone(),
            container_port: tg.port.to_string(),
            grace_seconds: "20".into(),
            scaling: true,
            min: "2".into(),
            max: "4".into(),
            cpu_target: "60".into(),
        };
        let lines = commands(&view, &form).unwrap();
        assert_eq!(lines.len(), 3, "{lines:?}");
        for line in &lines {
            run(&mut sim, &mut shell, line);
        }
        run(&mut sim, &mut shell, "sim advance 3m");
        let view = sim.view();
        let service = view
            .services
            .iter()
            .find(|s| s.name == "from-form")
            .unwrap();
        assert_eq!(service.desired_count, 2);
        assert_eq!(service.target_group_arns, std::slice::from_ref(&tg.arn));
        assert_eq!(service.health_check_grace_period_seconds, 20);
        let tg_now = view.target_groups.iter().find(|t| t.arn == tg.arn).unwrap();
        assert!(
            tg_now
                .targets
                .iter()
                .filter(|t| t.state == "healthy")
                .count()
                >= 2,
            "{:?}",
            tg_now.targets
        );
        assert!(
            view.metrics
                .alarms
                .iter()
                .any(|a| a.name.contains("service/")
                    && a.name.contains("/from-form-AlarmHigh")
                    && a.threshold == 60.0)
        );
    }

    #[test]
    fn what_the_form_needs_before_it_writes_a_line() {
        let (sim, _) = alb_account();
        let view = sim.view();
        let def = view
            .task_definitions
            .iter()
            .rev()
            .find(|d| d.network_mode == "awsvpc")
            .unwrap();
        let good = ServiceForm {
            cluster: "DemoCluster".into(),
            task_definition: format!("{}:{}", def.family, def.revision),
            name: "web".into(),
            desired: "1".into(),
            compute: "FARGATE".into(),
            subnets: vec!["subnet-1".into()],
            ..ServiceForm::default()
        };
        assert!(commands(&view, &good).is_ok());
        let with = |f: fn(&mut ServiceForm)| {
            let mut form = good.clone();
            f(&mut form);
            commands(&view, &form).unwrap_err()
        };
        assert_eq!(with(|f| f.cluster.clear()), "Choose a cluster.");
        assert_eq!(with(|f| f.name = " ".into()), "Name the service.");
        assert!(with(|f| f.desired = "two".into()).starts_with("Desired tasks: a whole number"));
        assert_eq!(
            with(|f| f.subnets.clear()),
            "An awsvpc task needs at least one subnet."
        );
        assert!(
            with(|f| {
                f.target_group = "arn:x".into();
                f.container_port = "0".into();
            })
            .starts_with("Container port: from 1")
        );
        assert_eq!(
            with(|f| {
                f.scaling = true;
                f.min = "3".into();
                f.max = "2".into();
                f.cpu_target = "50".into();
            }),
            "Maximum tasks must be at least the minimum."
        );
        // Names with spaces or quotes are quoted for the shell.
        let mut odd = good.clone();
        odd.name = "it's".into();
        assert!(
            commands(&view, &odd).unwrap()[0].contains("--service-name 'it'\\''s'"),
            "{:?}",
            commands(&view, &odd)
        );
    }
}
