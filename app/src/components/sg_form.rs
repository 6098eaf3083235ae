//! Security groups as the console edits them: create a group in a VPC, add
//! an inbound rule (a protocol, a port or range, from an IPv4 or IPv6 CIDR
//! or from another group) and remove one. Each action is its AWS CLI
//! command ([`create_command`], [`ingress_command`]; tested natively by
//! running them), run through the command line so the log shows it.

use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;
use stevedore_engine::view::RuleView;

/// `aws ec2 create-security-group …`, or what is missing.
pub fn create_command(name: &str, description: &str, vpc_id: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Name the security group.".to_owned());
    }
    if description.trim().is_empty() {
        return Err("Describe the security group (AWS requires a description).".to_owned());
    }
    let mut line = format!(
        "aws ec2 create-security-group --group-name {} --description {}",
        shell_quote(name),
        shell_quote(description.trim())
    );
    if !vpc_id.is_empty() {
        line.push_str(&format!(" --vpc-id {}", shell_quote(vpc_id)));
    }
    // The new group's id, so that the rule form can turn to it.
    line.push_str(" --query GroupId --output text");
    Ok(line)
}

/// An inbound rule as the form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `tcp`, `udp`, `icmp` or `all`.
    pub protocol: String,
    /// `80`, `8000-8100`, or empty for all ports (protocol `all`).
    pub ports: String,
    /// A CIDR (`0.0.0.0/0`, `::/0`) or a security group id (`sg-…`).
    pub source: String,
}

impl Rule {
    /// The form's view of a rule the account has.
    pub fn of(rule: &RuleView) -> Rule {
        let protocol = if rule.protocol == "-1" {
            "all".to_owned()
        } else {
            rule.protocol.clone()
        };
        let ports = match (rule.from_port, rule.to_port) {
            (-1, _) => String::new(),
            (a, b) if a == b => a.to_string(),
            (a, b) => format!("{a}-{b}"),
        };
        Rule {
            protocol,
            ports,
            source: rule.peer.clone(),
        }
    }
}

/// `aws ec2 authorize-security-group-ingress …` (or `revoke-…` when
/// `revoke`) for `rule` on `group_id`, or what is wrong with the form.
pub fn ingress_command(group_id: &str, rule: &Rule, revoke: bool) -> Result<String, String> {
    if group_id.is_empty() {
        return Err("Choose the security group.".to_owned());
    }
    let source = rule.source.trim();
    if source.is_empty() {
        return Err(
            "Say where the traffic may come from: a CIDR such as 0.0.0.0/0, or a security group."
                .to_owned(),
        );
    }
    let all = rule.protocol == "all";
    let ports = rule.ports.trim();
    let (from, to) = if all || ports.is_empty() {
        if !all && rule.protocol != "icmp" {
            return Err(format!(
                "A {} rule needs a port or a range such as 8000-8100.",
                rule.protocol
            ));
        }
        (-1, -1)
    } else {
        let parse = |p: &str| -> Result<i32, String> {
            p.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (0..=65_535).contains(n))
                .ok_or_else(|| format!("Ports are whole numbers from 0 to 65535 (got \"{p}\")."))
        };
        match ports.split_once('-') {
            Some((a, b)) => (parse(a)?, parse(b)?),
            None => {
                let p = parse(ports)?;
                (p, p)
            }
        }
    };
    let verb = if revoke { "revoke" } else { "authorize" };
    let head = format!(
        "aws ec2 {verb}-security-group-ingress --group-id {}",
        shell_quote(group_id)
    );
    let protocol = if all { "-1" } else { rule.protocol.as_str() };
    if source.contains(':') {
        // IPv6: only --ip-permissions can say it.
        let ports = if all {
            String::new()
        } else {
            format!(",FromPort={from},ToPort={to}")
        };
        return Ok(format!(
            "{head} --ip-permissions {}",
            shell_quote(&format!(
                "IpProtocol={protocol}{ports},Ipv6Ranges=[{{CidrIpv6={source}}}]"
            ))
        ));
    }
    let mut line = format!("{head} --protocol {}", if all { "all" } else { protocol });
    if !all && from != -1 {
        if from == to {
            line.push_str(&format!(" --port {from}"));
        } else {
            line.push_str(&format!(" --port {from}-{to}"));
        }
    }
    if source.starts_with("sg-") {
        line.push_str(&format!(" --source-group {}", shell_quote(source)));
    } else {
        line.push_str(&format!(" --cidr {}", shell_quote(source)));
    }
    Ok(line)
}

#[component]
pub fn SecurityGroupForms() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let groups = Memo::new(move |_| view_signal.with(|v| v.security_groups.clone()));
    let vpcs = Memo::new(move |_| {
        view_signal.with(|v| {
            v.vpcs
                .iter()
                .map(|x| {
                    (
                        x.id.clone(),
                        format!(
                            "{} {}{}",
                            x.id,
                            x.cidr_block,
                            if x.is_default { " (default)" } else { "" }
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let (name, description, vpc) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (group, protocol, ports, source) = (
        RwSignal::new(String::new()),
        RwSignal::new("tcp".to_owned()),
        RwSignal::new("80".to_owned()),
        RwSignal::new("0.0.0.0/0".to_owned()),
    );
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let run = move |line: Result<String, String>, ok: String| {
        done.set(None);
        match line {
            Err(e) => error.set(Some(e)),
            Ok(line) => {
                error.set(None);
                sim.run_form(line, move |result| match result {
                    Ok(()) => done.set(Some(ok)),
                    Err((code, message)) => error.set(Some(format!("{code}: {message}"))),
                });
            }
        }
    };
    // The group a rule goes to: the one chosen while it exists, else the
    // newest.
    Effect::new(move |_| {
        let list = groups.get();
        if !list.iter().any(|g| g.id == group.get_untracked()) {
            group.set(list.last().map(|g| g.id.clone()).unwrap_or_default());
        }
    });
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let n = name.get_untracked().trim().to_owned();
        match create_command(&n, &description.get_untracked(), &vpc.get_untracked()) {
            Err(e) => error.set(Some(e)),
            Ok(line) => {
                error.set(None);
                sim.run_form_output(line, move |result| match result {
                    Ok(id) => {
                        // The rule form turns to the new group.
                        group.set(id.trim().to_owned());
                        done.set(Some(format!("Created security group {n} ({}).", id.trim())));
                        name.set(String::new());
                        description.set(String::new());
                    }
                    Err((code, message)) => error.set(Some(format!("{code}: {message}"))),
                });
            }
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rule = Rule {
            protocol: protocol.get_untracked(),
            ports: ports.get_untracked(),
            source: source.get_untracked(),
        };
        run(
            ingress_command(&group.get_untracked(), &rule, false),
            "Added the inbound rule.".to_owned(),
        );
    };
    view! {
        <div class="console-form sg-forms">
            <form aria-label="Create security group" on:submit=create novalidate>
                <div class="grid">
                    <div class="field"><label for="sg-name">"Name"</label><input id="sg-name" type="text" autocomplete="off" placeholder="alb-ecs-sg" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="sg-description">"Description"</label><input id="sg-description" type="text" autocomplete="off" placeholder="ALB for ECS" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="sg-vpc">"VPC"</label>
                        <select id="sg-vpc" prop:value=move || vpc.get() on:change=move |ev| vpc.set(event_target_value(&ev))>
                            <option value="">"The default VPC"</option>
                            {move || vpcs.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit">"Create security group"</button>
            </form>
            <form aria-label="Add inbound rule" on:submit=add novalidate>
                <div class="grid">
                    <div class="field"><label for="rule-group">"Security group"</label>
                        <select id="rule-group" prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                            {move || groups.get().into_iter().map(|g| view! { <option value=g.id.clone()>{format!("{} ({})", g.id, g.name)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field"><label for="rule-protocol">"Protocol"</label>
                        <select id="rule-protocol" prop:value=move || protocol.get() on:change=move |ev| protocol.set(event_target_value(&ev))>
                            <option value="tcp">"TCP"</option>
                            <option value="udp">"UDP"</option>
                            <option value="icmp">"ICMP"</option>
                            <option value="all">"All traffic"</option>
                        </select>
                    </div>
                    <div class="field"><label for="rule-ports">"Port or range"</label><input id="rule-ports" type="text" autocomplete="off" placeholder="80 or 8000-8100" prop:value=move || ports.get() on:input=move |ev| ports.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="rule-source">"Source (CIDR or security group id)"</label>
                        <input id="rule-source" type="text" autocomplete="off" list="rule-sources" prop:value=move || source.get() on:input=move |ev| source.set(event_target_value(&ev)) />
                        <datalist id="rule-sources">
                            <option value="0.0.0.0/0">"Anywhere (IPv4)"</option>
                            <option value="::/0">"Anywhere (IPv6)"</option>
                            {move || groups.get().into_iter().map(|g| view! { <option value=g.id.clone()>{g.name.clone()}</option> }).collect_view()}
                        </datalist>
                    </div>
                </div>
                <button type="submit">"Add inbound rule"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || done.get().map(|d| view! { <p class="form-ok" role="status">{d}</p> })}
            <ul class="sg-list">
                {move || groups.get().into_iter().map(|g| {
                    let id = g.id.clone();
                    view! {
                        <li>
                            <p class="card-title">{format!("{} ({}) · {}", g.id, g.name, g.vpc_id)}</p>
                            {if g.ingress.is_empty() {
                                view! { <p class="card-detail">"No inbound rules: nothing can reach it."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="sg-rules">
                                        {g.ingress.iter().map(|r| {
                                            let rule = Rule::of(r);
                                            let words = format!("Inbound {} {} from {}", if rule.protocol == "all" { "all traffic".to_owned() } else { rule.protocol.to_uppercase() }, if rule.ports.is_empty() { "all ports".to_owned() } else { format!("port {}", rule.ports) }, rule.source);
                                            let line = ingress_command(&id, &rule, true);
                                            let label = format!("Remove: {words}");
                                            view! {
                                                <li>
                                                    {words}" "
                                                    <button type="button" class="link-button" aria-label=label on:click=move |_| run(line.clone(), "Removed the inbound rule.".to_owned())>"Remove"</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::{Sim, SimConfig};

    fn run(sim: &mut Sim, shell: &mut stevedore_cli::shell::Shell, line: &str) -> String {
        let out = shell.run(sim, line);
        assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
        out.stdout
    }

    #[test]
    fn lecture_204s_two_groups_made_with_the_forms_commands_and_removed_again() {
        let mut sim = Sim::new(SimConfig::with_seed(11)).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        run(
            &mut sim,
            &mut shell,
            &create_command("alb-ecs-sg", "ALB for ECS", "").unwrap(),
        );
        run(
            &mut sim,
            &mut shell,
            &create_command(" nginx-demo-sg ", "nginx tasks", "").unwrap(),
        );
        let view = sim.view();
        let id = |name: &str| {
            view.security_groups
                .iter()
                .find(|g| g.name == name)
                .unwrap()
                .id
                .clone()
        };
        let (alb, tasks) = (id("alb-ecs-sg"), id("nginx-demo-sg"));
        let http = |source: &str| Rule {
            protocol: "tcp".into(),
            ports: "80".into(),
            source: source.into(),
        };
        for (group, rule) in [
            (&alb, http("0.0.0.0/0")),
            (&alb, http("::/0")),
            (
                &tasks,
                Rule {
                    protocol: "all".into(),
                    ports: String::new(),
                    source: alb.clone(),
                },
            ),
            (
                &tasks,
                Rule {
                    protocol: "tcp".into(),
                    ports: "8000-8100".into(),
                    source: "10.0.0.0/8".into(),
                },
            ),
        ] {
            run(
                &mut sim,
                &mut shell,
                &ingress_command(group, &rule, false).unwrap(),
            );
        }
        let view = sim.view();
        let rules = |gid: &str| {
            view.security_groups
                .iter()
                .find(|g| g.id == gid)
                .unwrap()
                .ingress
                .clone()
        };
        let alb_rules = rules(&alb);
        let peers: Vec<&str> = alb_rules.iter().map(|r| r.peer.as_str()).collect();
        assert_eq!(peers, ["0.0.0.0/0", "::/0"]);
        assert!(
            alb_rules
                .iter()
                .all(|r| (r.protocol.as_str(), r.from_port, r.to_port) == ("tcp", 80, 80))
        );
        let task_rules = rules(&tasks);
        assert!(
            task_rules
                .iter()
                .any(|r| r.protocol == "-1" && r.peer == alb)
        );
        assert!(
            task_rules
                .iter()
                .any(|r| (r.from_port, r.to_port) == (8000, 8100))
        );
        // Each rule as the account has it comes back as the form's rule,
        // and its Remove command takes it away.
        for r in alb_rules.iter().chain(&task_rules) {
            let gid = if alb_rules.contains(r) { &alb } else { &tasks };
            run(
                &mut sim,
                &mut shell,
                &ingress_command(gid, &Rule::of(r), true).unwrap(),
            );
        }
        let view = sim.view();
        assert!(
            view.security_groups
                .iter()
                .filter(|g| g.id == alb || g.id == tasks)
                .all(|g| g.ingress.is_empty())
        );
    }

    #[test]
    fn what_the_forms_refuse_before_a_command() {
        assert_eq!(
            create_command(" ", "d", "").unwrap_err(),
            "Name the security group."
        );
        assert!(
            create_command("web", "", "")
                .unwrap_err()
                .starts_with("Describe")
        );
        assert_eq!(
            create_command("web tier", "it's", "vpc-1").unwrap(),
            "aws ec2 create-security-group --group-name 'web tier' --description 'it'\\''s' --vpc-id vpc-1 --query GroupId --output text"
        );
        let rule = |protocol: &str, ports: &str, source: &str| Rule {
            protocol: protocol.into(),
            ports: ports.into(),
            source: source.into(),
        };
        assert_eq!(
            ingress_command("", &rule("tcp", "80", "0.0.0.0/0"), false).unwrap_err(),
            "Choose the security group."
        );
        assert!(
            ingress_command("sg-1", &rule("tcp", "", "0.0.0.0/0"), false)
                .unwrap_err()
                .contains("needs a port")
        );
        assert!(
            ingress_command("sg-1", &rule("tcp", "70000", "0.0.0.0/0"), false)
                .unwrap_err()
                .starts_with("Ports are whole numbers")
        );
        assert!(
            ingress_command("sg-1", &rule("tcp", "80", " "), false)
                .unwrap_err()
                .starts_with("Say where")
        );
        assert_eq!(
            ingress_command("sg-1", &rule("icmp", "", "0.0.0.0/0"), false).unwrap(),
            "aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol icmp --cidr 0.0.0.0/0"
        );
    }
}
