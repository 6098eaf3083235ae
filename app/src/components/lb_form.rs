//! Create an Application Load Balancer as lecture 204's console flow does:
//! the load balancer (scheme, subnets in at least two Availability Zones,
//! security groups), a target group (target type, port, health check path)
//! and a listener forwarding to it. [`commands`] writes the three AWS CLI
//! lines, passing the new ARNs on in shell variables (tested natively by
//! running them); the component runs them one by one through the command
//! line and stops at the first AWS refuses.

use crate::components::service_form::{commands_preview, submit_commands};
use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;
use stevedore_engine::View;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LbForm {
    pub name: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub target_group: String,
    /// `ip` (awsvpc tasks) or `instance` (bridge and host tasks).
    pub target_type: String,
    pub port: String,
    pub health_path: String,
    pub listener_port: String,
}

/// The AWS CLI lines, or what the form is missing.
pub fn commands(view: &View, f: &LbForm) -> Result<Vec<String>, String> {
    let name = f.name.trim();
    if name.is_empty() {
        return Err("Name the load balancer.".to_owned());
    }
    let tg = f.target_group.trim();
    if tg.is_empty() {
        return Err("Name the target group.".to_owned());
    }
    if f.subnets.len() < 2 {
        return Err(
            "An Application Load Balancer needs subnets in at least two Availability Zones."
                .to_owned(),
        );
    }
    let port = |what: &str, text: &str| -> Result<u32, String> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=65_535).contains(p))
            .ok_or_else(|| format!("{what}: a port from 1 to 65535."))
    };
    let target_port = port("Target port", &f.port)?;
    let listener_port = port("Listener port", &f.listener_port)?;
    let path = f.health_path.trim();
    if !path.starts_with('/') {
        return Err("The health check path starts with / (for example /).".to_owned());
    }
    let vpc = view
        .subnets
        .iter()
        .find(|s| s.id == f.subnets[0])
        .map(|s| s.vpc_id.clone())
        .ok_or("Choose subnets the account has.")?;
    let mut lb = format!(
        "LB_ARN=$(aws elbv2 create-load-balancer --name {} --type application --scheme {} --subnets {}",
        shell_quote(name),
        shell_quote(&f.scheme),
        f.subnets
            .iter()
            .map(|s| shell_quote(s))
            .collect::<Vec<_>>()
            .join(" ")
    );
    if !f.security_groups.is_empty() {
        lb.push_str(&format!(
            " --security-groups {}",
            f.security_groups
                .iter()
                .map(|s| shell_quote(s))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    lb.push_str(" --query 'LoadBalancers[0].LoadBalancerArn' --output text)");
    let group = format!(
        "TG_ARN=$(aws elbv2 create-target-group --name {} --protocol HTTP --port {target_port} --vpc-id {} --target-type {} --health-check-path {} --query 'TargetGroups[0].TargetGroupArn' --output text)",
        shell_quote(tg),
        shell_quote(&vpc),
        shell_quote(&f.target_type),
        shell_quote(path)
    );
    let listener = format!(
        "aws elbv2 create-listener --load-balancer-arn \"$LB_ARN\" --protocol HTTP --port {listener_port} --default-actions Type=forward,TargetGroupArn=\"$TG_ARN\""
    );
    Ok(vec![lb, group, listener])
}

#[component]
pub fn CreateLoadBalancerForm() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let form = RwSignal::new(LbForm {
        scheme: "internet-facing".to_owned(),
        target_type: "ip".to_owned(),
        port: "80".to_owned(),
        health_path: "/".to_owned(),
        listener_port: "80".to_owned(),
        ..LbForm::default()
    });
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);
    let subnets = Memo::new(move |_| view_signal.with(super::service_form::subnet_options));
    let groups = Memo::new(move |_| view_signal.with(super::service_form::group_options));
    let toggle_in = move |list: fn(&mut LbForm) -> &mut Vec<String>, id: String| {
        form.update(|f| {
            let l = list(f);
            if let Some(i) = l.iter().position(|x| *x == id) {
                l.remove(i);
            } else {
                l.push(id);
            }
        });
    };
    let field = move |get: fn(&LbForm) -> String, set: fn(&mut LbForm, String)| {
        (
            move || form.with(get),
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                form.update(|f| set(f, value));
            },
        )
    };
    let (name_value, name_input) = field(|f| f.name.clone(), |f, v| f.name = v);
    let (tg_value, tg_input) = field(|f| f.target_group.clone(), |f, v| f.target_group = v);
    let (port_value, port_input) = field(|f| f.port.clone(), |f, v| f.port = v);
    let (path_value, path_input) = field(|f| f.health_path.clone(), |f, v| f.health_path = v);
    let (listener_value, listener_input) =
        field(|f| f.listener_port.clone(), |f, v| f.listener_port = v);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let lines = view_signal.with_untracked(|v| commands(v, &f));
        submit_commands(sim, lines, f.name.trim().to_owned(), error, created);
    };
    let checkboxes = move |items: Memo<Vec<(String, String)>>,
                           list: fn(&mut LbForm) -> &mut Vec<String>,
                           has: fn(&LbForm, &str) -> bool| {
        move || {
            items
                .get()
                .into_iter()
                .map(|(id, label)| {
                    let checked = {
                        let id = id.clone();
                        move || form.with(|f| has(f, &id))
                    };
                    let flip = move |_| toggle_in(list, id.clone());
                    view! { <label class="choice"><input type="checkbox" prop:checked=checked on:change=flip />{label}</label> }
                })
                .collect_view()
        }
    };
    view! {
        <form class="console-form" aria-label="Create load balancer" on:submit=submit novalidate>
            <div class="grid">
                <div class="field"><label for="lb-name">"Load balancer name"</label><input id="lb-name" type="text" autocomplete="off" placeholder="DemoALBForECS" prop:value=name_value on:input=name_input /></div>
                <div class="field"><label for="lb-scheme">"Scheme"</label>
                    <select id="lb-scheme" prop:value=move || form.with(|f| f.scheme.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.scheme = v); }>
                        <option value="internet-facing">"Internet-facing"</option>
                        <option value="internal">"Internal"</option>
                    </select>
                </div>
            </div>
            <fieldset>
                <legend>"Subnets (at least two Availability Zones)"</legend>
                <div class="choices">{checkboxes(subnets, |f| &mut f.subnets, |f, id| f.subnets.iter().any(|s| s == id))}</div>
            </fieldset>
            <fieldset>
                <legend>"Security groups (none: the VPC's default group)"</legend>
                <div class="choices">{checkboxes(groups, |f| &mut f.security_groups, |f, id| f.security_groups.iter().any(|s| s == id))}</div>
            </fieldset>
            <fieldset>
                <legend>"Target group and listener"</legend>
                <div class="grid">
                    <div class="field"><label for="lb-tg">"Target group name"</label><input id="lb-tg" type="text" autocomplete="off" placeholder="nginx-ecs" prop:value=tg_value on:input=tg_input /></div>
                    <div class="field"><label for="lb-target-type">"Target type"</label>
                        <select id="lb-target-type" prop:value=move || form.with(|f| f.target_type.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.target_type = v); }>
                            <option value="ip">"IP addresses (awsvpc tasks, Fargate)"</option>
                            <option value="instance">"Instances (bridge tasks on EC2)"</option>
                        </select>
                    </div>
                    <div class="field"><label for="lb-port">"Target port"</label><input id="lb-port" type="number" min="1" max="65535" prop:value=port_value on:input=port_input /></div>
                    <div class="field"><label for="lb-path">"Health check path"</label><input id="lb-path" type="text" autocomplete="off" prop:value=path_value on:input=path_input /></div>
                    <div class="field"><label for="lb-listener">"Listener port (HTTP)"</label><input id="lb-listener" type="number" min="1" max="65535" prop:value=listener_value on:input=listener_input /></div>
                </div>
            </fieldset>
            <button type="submit">"Create load balancer"</button>
            {commands_preview(move || {
                let f = form.get();
                view_signal.with(|v| commands(v, &f))
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || created.get().map(|n| view! { <p class="form-ok" role="status">{format!("Created load balancer {n} with its target group and listener.")}</p> })}
        </form>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::{Sim, SimConfig};

    fn run(sim: &mut Sim, shell: &mut stevedore_cli::shell::Shell, line: &str) {
        let out = shell.run(sim, line);
        assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    }

    #[test]
    fn the_forms_lines_make_an_alb_a_target_group_and_a_listener() {
        let mut sim = Sim::new(SimConfig::with_seed(13)).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        let view = sim.view();
        let mut by_zone = view.subnets.clone();
        by_zone.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone));
        let form = LbForm {
            name: "DemoALBForECS".into(),
            scheme: "internet-facing".into(),
            subnets: by_zone.iter().take(2).map(|s| s.id.clone()).collect(),
            security_groups: Vec::new(),
            target_group: "nginx-ecs".into(),
            target_type: "ip".into(),
            port: "80".into(),
            health_path: "/".into(),
            listener_port: "80".into(),
        };
        let lines = commands(&view, &form).unwrap();
        assert_eq!(lines.len(), 3);
        for line in &lines {
            run(&mut sim, &mut shell, line);
        }
        let view = sim.view();
        let lb = &view.load_balancers[0];
        assert_eq!(
            (lb.name.as_str(), lb.scheme.as_str()),
            ("DemoALBForECS", "internet-facing")
        );
        assert_eq!(lb.zones.len(), 2);
        assert_eq!(lb.listeners[0].port, 80);
        let tg = &view.target_groups[0];
        assert_eq!(
            (tg.name.as_str(), tg.target_type.as_str(), tg.port),
            ("nginx-ecs", "ip", 80)
        );
        assert_eq!(tg.load_balancer_arns, std::slice::from_ref(&lb.arn));
    }

    #[test]
    fn what_the_form_needs() {
        let sim = Sim::new(SimConfig::with_seed(13)).unwrap();
        let view = sim.view();
        let good = LbForm {
            name: "a".into(),
            scheme: "internal".into(),
            subnets: view.subnets.iter().take(2).map(|s| s.id.clone()).collect(),
            target_group: "t".into(),
            target_type: "instance".into(),
            port: "8080".into(),
            health_path: "/health".into(),
            listener_port: "80".into(),
            ..LbForm::default()
        };
        assert!(commands(&view, &good).is_ok());
        let with = |f: fn(&mut LbForm)| {
            let mut form = good.clone();
            f(&mut form);
            commands(&view, &form).unwrap_err()
        };
        assert_eq!(with(|f| f.name.clear()), "Name the load balancer.");
        assert!(
            with(|f| {
                f.subnets.truncate(1);
            })
            .contains("at least two Availability Zones")
        );
        assert!(with(|f| f.port = "0".into()).starts_with("Target port"));
        assert!(with(|f| f.health_path = "health".into()).contains("starts with /"));
        assert_eq!(
            with(|f| f.subnets = vec!["subnet-x".into(), "subnet-y".into()]),
            "Choose subnets the account has."
        );
    }
}
