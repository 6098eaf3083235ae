//! Create a cluster with EC2 capacity as lecture 203's console does: the
//! console makes (through CloudFormation) an instance role if there is
//! none, a launch template with the ECS-optimized AMI and user data that
//! names the cluster, an Auto Scaling group, and a capacity provider for
//! it beside FARGATE and FARGATE_SPOT. [`commands`] writes those steps as
//! the AWS CLI lines a learner would type (tested natively by running
//! them); the component runs them one by one through the command line.

use crate::components::files::write_command;
use crate::components::service_form::{commands_preview, submit_commands};
use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;
use stevedore_engine::View;

/// Instance types offered (what the ECS console lists first).
pub const INSTANCE_TYPES: [&str; 4] = ["t3.small", "t3.medium", "m5.large", "c5.large"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterForm {
    pub name: String,
    pub instance_type: String,
    pub min: String,
    pub max: String,
    pub desired: String,
    /// Managed scaling on the capacity provider (cluster auto scaling).
    pub managed_scaling: bool,
}

impl Default for ClusterForm {
    fn default() -> Self {
        ClusterForm {
            name: String::new(),
            instance_type: "t3.small".to_owned(),
            min: "0".to_owned(),
            max: "4".to_owned(),
            desired: "1".to_owned(),
            managed_scaling: true,
        }
    }
}

const ROLE: &str = "ecsInstanceRole";

/// The AWS CLI lines, or what the form is missing.
pub fn commands(view: &View, f: &ClusterForm) -> Result<Vec<String>, String> {
    let name = f.name.trim();
    if name.is_empty() {
        return Err("Name the cluster.".to_owned());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(
            "A cluster name has letters, numbers, hyphens and underscores only.".to_owned(),
        );
    }
    let n = |what: &str, v: &str| -> Result<u32, String> {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("{what}: a whole number, please."))
    };
    let (min, max, desired) = (
        n("Minimum", &f.min)?,
        n("Maximum", &f.max)?,
        n("Desired", &f.desired)?,
    );
    if !(min <= desired && desired <= max) {
        return Err("The desired capacity must be between the minimum and the maximum.".to_owned());
    }
    let q = shell_quote;
    let mut out = Vec::new();
    if !view.instance_profiles.iter().any(|p| p.name == ROLE) {
        out.push(format!("aws iam create-role --role-name {ROLE} --assume-role-policy-document '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"ec2.amazonaws.com\"}},\"Action\":\"sts:AssumeRole\"}}]}}'"));
        out.push(format!("aws iam attach-role-policy --role-name {ROLE} --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"));
        out.push(format!(
            "aws iam create-instance-profile --instance-profile-name {ROLE}"
        ));
        out.push(format!(
            "aws iam add-role-to-instance-profile --instance-profile-name {ROLE} --role-name {ROLE}"
        ));
    }
    let user_data = format!("{name}-user-data.sh");
    out.push(write_command(
        &user_data,
        &format!("#!/bin/bash\necho ECS_CLUSTER={name} >> /etc/ecs/ecs.config\n"),
    ));
    out.push("AMI=$(aws ssm get-parameters --names /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id --query 'Parameters[0].Value' --output text)".to_owned());
    out.push(format!(
        "aws ec2 create-launch-template --launch-template-name {} --launch-template-data \"{{\\\"ImageId\\\":\\\"$AMI\\\",\\\"InstanceType\\\":\\\"{}\\\",\\\"IamInstanceProfile\\\":{{\\\"Name\\\":\\\"{ROLE}\\\"}},\\\"UserData\\\":\\\"$(base64 -w 0 {})\\\"}}\"",
        q(&format!("{name}-lt")),
        f.instance_type,
        q(&user_data)
    ));
    out.push("SUBNETS=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query \"join(',', Subnets[].SubnetId)\" --output text)".to_owned());
    out.push(format!(
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name {} --launch-template {} --min-size {min} --max-size {max} --desired-capacity {desired} --vpc-zone-identifier \"$SUBNETS\"{}",
        q(&format!("{name}-asg")),
        q(&format!("LaunchTemplateName={name}-lt,Version=$Latest")),
        if f.managed_scaling { " --new-instances-protected-from-scale-in" } else { "" }
    ));
    out.push(format!("aws ecs create-cluster --cluster-name {}", q(name)));
    let scaling = if f.managed_scaling {
        "managedScaling={status=ENABLED,targetCapacity=100},managedTerminationProtection=ENABLED"
    } else {
        "managedScaling={status=DISABLED},managedTerminationProtection=DISABLED"
    };
    out.push(format!(
        "aws ecs create-capacity-provider --name {} --auto-scaling-group-provider {}",
        q(&format!("{name}-cp")),
        q(&format!("autoScalingGroupArn={name}-asg,{scaling}"))
    ));
    out.push(format!(
        "aws ecs put-cluster-capacity-providers --cluster {} --capacity-providers FARGATE FARGATE_SPOT {} --default-capacity-provider-strategy {}",
        q(name),
        q(&format!("{name}-cp")),
        q(&format!("capacityProvider={name}-cp,weight=1"))
    ));
    Ok(out)
}

#[component]
pub fn CreateEc2ClusterForm() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let form = RwSignal::new(ClusterForm::default());
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);
    let field = move |id: &'static str,
                      label: &'static str,
                      get: fn(&ClusterForm) -> String,
                      set: fn(&mut ClusterForm, String)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" autocomplete="off" prop:value=move || form.with(get) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } />
            </div>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let lines = view_signal.with_untracked(|v| commands(v, &f));
        submit_commands(sim, lines, f.name.trim().to_owned(), error, created);
    };
    view! {
        <form class="console-form" aria-label="Cluster with EC2 instances" on:submit=submit novalidate>
            <p class="hint">"Fargate is always there. This adds Amazon EC2 instances as the console does: an Auto Scaling group of ECS-optimized instances that join the cluster, and a capacity provider for it."</p>
            <div class="grid">
                {field("ec2c-name", "Cluster name", |f| f.name.clone(), |f, v| f.name = v)}
                <div class="field">
                    <label for="ec2c-type">"Instance type"</label>
                    <select id="ec2c-type" prop:value=move || form.with(|f| f.instance_type.clone()) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.instance_type = v); }>
                        {INSTANCE_TYPES.into_iter().map(|t| view! { <option value=t>{t}</option> }).collect_view()}
                    </select>
                </div>
                {field("ec2c-min", "Minimum instances", |f| f.min.clone(), |f, v| f.min = v)}
                {field("ec2c-max", "Maximum instances", |f| f.max.clone(), |f, v| f.max = v)}
                {field("ec2c-desired", "Desired instances", |f| f.desired.clone(), |f, v| f.desired = v)}
            </div>
            <label class="choice"><input type="checkbox" prop:checked=move || form.with(|f| f.managed_scaling) on:change=move |_| form.update(|f| f.managed_scaling = !f.managed_scaling) />"Managed scaling (cluster auto scaling) with termination protection"</label>
            <button type="submit">"Create cluster"</button>
            {commands_preview(move || {
                let f = form.get();
                view_signal.with(|v| commands(v, &f))
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || created.get().map(|n| view! { <p class="form-ok" role="status">{format!("Created cluster {n} with its Auto Scaling group and capacity provider.")}</p> })}
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
    fn the_forms_lines_make_a_cluster_whose_instances_join_it() {
        let mut sim = Sim::new(SimConfig::with_seed(17)).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        let form = ClusterForm {
            name: "DemoCluster".into(),
            desired: "2".into(),
            ..ClusterForm::default()
        };
        for line in commands(&sim.view(), &form).unwrap() {
            run(&mut sim, &mut shell, &line);
        }
        run(&mut sim, &mut shell, "sim advance 5m");
        let view = sim.view();
        let cluster = view
            .clusters
            .iter()
            .find(|c| c.name == "DemoCluster")
            .unwrap();
        assert_eq!(
            cluster.capacity_providers,
            ["FARGATE", "FARGATE_SPOT", "DemoCluster-cp"]
        );
        assert_eq!(
            cluster.registered_container_instances, 2,
            "both instances joined"
        );
        let cp = view
            .capacity_providers
            .iter()
            .find(|p| p.name == "DemoCluster-cp")
            .unwrap();
        assert_eq!(cp.managed_termination_protection, "ENABLED");
        // A second cluster reuses the instance role: no IAM lines again.
        let again = commands(
            &view,
            &ClusterForm {
                name: "Second".into(),
                ..ClusterForm::default()
            },
        )
        .unwrap();
        assert!(
            again.iter().all(|l| !l.starts_with("aws iam ")),
            "{again:?}"
        );
        for line in again {
            run(&mut sim, &mut shell, &line);
        }
    }

    #[test]
    fn what_the_form_refuses() {
        let sim = Sim::new(SimConfig::with_seed(17)).unwrap();
        let view = sim.view();
        let with = |f: fn(&mut ClusterForm)| {
            let mut form = ClusterForm {
                name: "c".into(),
                ..ClusterForm::default()
            };
            f(&mut form);
            commands(&view, &form).unwrap_err()
        };
        assert_eq!(with(|f| f.name.clear()), "Name the cluster.");
        assert!(with(|f| f.name = "a b".into()).contains("letters, numbers"));
        assert!(with(|f| f.desired = "9".into()).contains("between the minimum and the maximum"));
        assert!(with(|f| f.max = "x".into()).starts_with("Maximum"));
    }
}
