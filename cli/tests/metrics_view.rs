//! The `View`'s metrics (what the sandbox's charts draw): the last hour of
//! every metric with data, read from the same sources as
//! GetMetricStatistics, the alarms with their thresholds and states, the
//! scaling activities of the hour and each service's desired and RUNNING
//! counts minute by minute.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_cli::shell::Shell;
use stevedore_engine::cloudwatch::view::CHART_MINUTES;
use stevedore_engine::{Sim, SimConfig, SimTime};

fn run(sim: &mut Sim, shell: &mut Shell, line: &str) -> String {
    let out = shell.run(sim, line);
    assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    out.stdout
}

fn scaled_service() -> (Sim, Shell) {
    let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
    let mut shell = Shell::new();
    for line in [
        "aws ecs create-cluster --cluster-name demo",
        r#"aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginxdemos/hello","portMappings":[{"containerPort":80}]}]'"#,
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        "aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/demo/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 4",
        r#"aws application-autoscaling put-scaling-policy --policy-name cpu50 --service-namespace ecs --resource-id service/demo/web --scalable-dimension ecs:service:DesiredCount --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"},"ScaleOutCooldown":60,"ScaleInCooldown":60}'"#,
        "sim advance 2m",
        "sim load service/demo/web cpu=300%",
        "sim advance 10m",
    ] {
        run(&mut sim, &mut shell, line);
    }
    (sim, shell)
}

#[test]
fn a_scaled_service_has_its_utilisation_alarms_activities_and_counts() {
    let (sim, _) = scaled_service();
    let m = sim.view().metrics;
    let dims = vec![
        ("ClusterName".to_owned(), "demo".to_owned()),
        ("ServiceName".to_owned(), "web".to_owned()),
    ];
    let cpu = m
        .series
        .iter()
        .find(|s| s.namespace == "AWS/ECS" && s.metric_name == "CPUUtilization")
        .expect("the service's CPU series");
    assert_eq!(cpu.dimensions, dims);
    assert_eq!(
        (cpu.unit.as_str(), cpu.statistic.as_str()),
        ("Percent", "Average")
    );
    // One point a minute, oldest first, each a minute's start, none from
    // the future; the load pushed the one task to 100 %.
    assert!(cpu.points.len() >= 10, "{:?}", cpu.points);
    assert!(cpu.points.windows(2).all(|w| w[1].0.0 - w[0].0.0 == 60_000));
    assert!(
        cpu.points
            .iter()
            .all(|(at, _)| at.0 % 60_000 == 0 && *at < sim.now())
    );
    assert!(
        cpu.points.iter().any(|(_, v)| *v == 100.0),
        "{:?}",
        cpu.points
    );

    // The policy's two alarms, the high one in ALARM at its target.
    let high = m
        .alarms
        .iter()
        .find(|a| a.name.contains("AlarmHigh"))
        .expect("AlarmHigh");
    assert_eq!((high.threshold, high.state.as_str()), (50.0, "ALARM"));
    assert_eq!(high.dimensions, dims);
    let low = m
        .alarms
        .iter()
        .find(|a| a.name.contains("AlarmLow"))
        .unwrap();
    assert_eq!(low.threshold, 45.0);

    // The scale-out as activities of the service, and its counts: desired
    // went from 1 to 4 and the running count followed.
    let scale_outs: Vec<_> = m
        .activities
        .iter()
        .filter(|a| a.resource == "service/demo/web" && a.status == "Successful")
        .collect();
    assert!(!scale_outs.is_empty(), "{:?}", m.activities);
    assert!(m.activities.windows(2).all(|w| w[0].at <= w[1].at));
    let counts = &m.task_counts[0];
    assert!(counts.service_arn.ends_with(":service/demo/web"));
    assert_eq!(counts.points.first().map(|p| p.1), Some(1));
    assert_eq!(counts.points.last().map(|p| (p.1, p.2)), Some((4, 4)));
    assert!(
        counts.points.iter().any(|p| p.1 > p.2),
        "running lags desired for a while: {:?}",
        counts.points
    );
}

#[test]
fn a_chart_point_is_what_get_metric_statistics_says() {
    let (mut sim, mut shell) = scaled_service();
    let m = sim.view().metrics;
    let cpu = m
        .series
        .iter()
        .find(|s| s.metric_name == "CPUUtilization")
        .unwrap();
    let (at, value) = cpu.points[cpu.points.len() - 3];
    let epoch = at.epoch_ms(SimConfig::with_seed(7).start_epoch_ms) / 1000;
    let out = run(
        &mut sim,
        &mut shell,
        &format!(
            "aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=demo Name=ServiceName,Value=web --start-time {epoch} --end-time {} --period 60 --statistics Average --query 'Datapoints[0].Average'",
            epoch + 60
        ),
    );
    let printed: f64 = out.trim().parse().unwrap();
    assert_eq!(printed, value);
}

#[test]
fn the_charts_keep_one_hour() {
    let (mut sim, mut shell) = scaled_service();
    run(&mut sim, &mut shell, "sim advance 2h");
    let m = sim.view().metrics;
    let from = SimTime(sim.now().0 - CHART_MINUTES * 60_000);
    for s in &m.series {
        assert!(s.points.len() as u64 <= CHART_MINUTES, "{}", s.metric_name);
        assert!(s.points.iter().all(|(at, _)| *at >= from));
    }
    for c in &m.task_counts {
        assert_eq!(c.points.len() as u64, CHART_MINUTES);
    }
    // The scale-out happened over an hour ago; the scale-in after the
    // load... there was none (the load stays): no activity is that old.
    assert!(m.activities.iter().all(|a| a.at >= from));
}

#[test]
fn an_account_without_metrics_has_none() {
    let sim = Sim::new(SimConfig::with_seed(7)).unwrap();
    let m = sim.view().metrics;
    assert!(m.is_empty());
    let json = serde_json::to_value(sim.view()).unwrap();
    assert!(
        json.get("metrics").is_none(),
        "left out of the JSON when empty"
    );
}

#[test]
fn alarm_changes_and_service_scaling_are_events_for_the_timeline() {
    let (mut sim, _) = scaled_service();
    let events = sim.drain_events();
    let parts: Vec<(&str, String)> = events.iter().map(|e| e.kind.parts()).collect();
    let alarm = parts
        .iter()
        .find(|(k, d)| {
            *k == "AlarmStateChanged" && d.contains("AlarmHigh") && d.contains("-> ALARM")
        })
        .unwrap_or_else(|| panic!("{parts:?}"));
    assert!(
        alarm
            .1
            .contains("Threshold Crossed: 3 out of the last 3 datapoints"),
        "{}",
        alarm.1
    );
    let scaled: Vec<&String> = parts
        .iter()
        .filter(|(k, _)| *k == "ServiceScalingActivity")
        .map(|(_, d)| d)
        .collect();
    assert!(
        scaled
            .iter()
            .all(|d| d.starts_with("service/demo/web Successful: Setting desired count to")),
        "{scaled:?}"
    );
    // One event per activity DescribeScalingActivities lists by default
    // (not the not-scaled ones).
    let mut shell = Shell::new();
    let listed = run(
        &mut sim,
        &mut shell,
        "aws application-autoscaling describe-scaling-activities --service-namespace ecs --query 'length(ScalingActivities)'",
    );
    assert_eq!(listed.trim(), scaled.len().to_string());
    // The alarm event comes before the activity it caused.
    let first_alarm = parts
        .iter()
        .position(|(k, d)| *k == "AlarmStateChanged" && d.contains("-> ALARM"));
    let first_activity = parts
        .iter()
        .position(|(k, _)| *k == "ServiceScalingActivity");
    assert!(
        first_alarm < first_activity,
        "{first_alarm:?} {first_activity:?}"
    );
}

#[test]
fn an_alarm_state_change_is_published_to_eventbridge_as_cloudwatch_words_it() {
    let (mut sim, _) = scaled_service();
    let events: Vec<serde_json::Value> = sim
        .drain_eventbridge_events()
        .iter()
        .map(|e| e.to_json())
        .filter(|e| e["source"] == "aws.cloudwatch")
        .collect();
    let to_alarm = events
        .iter()
        .find(|e| {
            e["detail"]["state"]["value"] == "ALARM"
                && e["detail"]["alarmName"]
                    .as_str()
                    .unwrap_or("")
                    .contains("AlarmHigh")
        })
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(to_alarm["detail-type"], "CloudWatch Alarm State Change");
    let arn = to_alarm["resources"][0].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:cloudwatch:us-east-1:123456789012:alarm:TargetTracking-service/demo/web-AlarmHigh-"), "{arn}");
    let d = &to_alarm["detail"];
    // It was OK on the idle minutes before the load.
    assert_eq!(d["previousState"]["value"], "OK");
    assert!(
        d["previousState"]["reason"]
            .as_str()
            .unwrap()
            .contains("was not greater than the threshold")
    );
    assert!(d["previousState"]["timestamp"].as_str() < d["state"]["timestamp"].as_str());
    assert!(
        d["state"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Threshold Crossed: 3 out of the last 3 datapoints")
    );
    assert!(
        d["state"]["timestamp"]
            .as_str()
            .unwrap()
            .ends_with(".000+0000"),
        "{}",
        d["state"]["timestamp"]
    );
    let stat = &d["configuration"]["metrics"][0]["metricStat"];
    assert_eq!(stat["metric"]["name"], "CPUUtilization");
    assert_eq!(stat["metric"]["namespace"], "AWS/ECS");
    assert_eq!(stat["metric"]["dimensions"]["ServiceName"], "web");
    assert_eq!(
        (stat["period"].as_u64(), stat["stat"].as_str()),
        (Some(60), Some("Average"))
    );
    // A rule's pattern on it matches, as the console's "alarm goes into
    // ALARM" example writes it.
    let pattern = serde_json::json!({
        "source": ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        "detail": {"state": {"value": ["ALARM"]}}
    });
    assert_eq!(
        stevedore_engine::eventbridge::matches(&pattern, to_alarm),
        Ok(true)
    );
    // Each change once: as many events as StateUpdate history items.
    let mut shell = Shell::new();
    let updates = run(
        &mut sim,
        &mut shell,
        "aws cloudwatch describe-alarm-history --history-item-type StateUpdate --query 'length(AlarmHistoryItems)'",
    );
    assert_eq!(updates.trim(), events.len().to_string());
}

/// An alarm whose actions name an SNS topic notifies it on each change
/// (F16.11): the email subscriber gets CloudWatch's text, others its JSON.
#[test]
fn an_alarm_notifies_its_sns_topic_by_email_and_json() {
    let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
    let mut shell = Shell::new();
    let topic = "arn:aws:sns:us-east-1:123456789012:ops";
    for line in [
        "aws sns create-topic --name ops",
        &format!(
            "aws sns subscribe --topic-arn {topic} --protocol email --notification-endpoint ops@example.com"
        ),
        r#"aws sqs create-queue --queue-name alarms --attributes '{"Policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:alarms\"}]}"}'"#,
        &format!(
            "aws sns subscribe --topic-arn {topic} --protocol sqs --notification-endpoint arn:aws:sqs:us-east-1:123456789012:alarms --attributes RawMessageDelivery=true"
        ),
    ] {
        run(&mut sim, &mut shell, line);
    }
    let inbox = run(&mut sim, &mut shell, "sim inbox");
    let token = inbox
        .split("Token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .unwrap_or_else(|| panic!("{inbox}"))
        .to_owned();
    run(
        &mut sim,
        &mut shell,
        &format!("aws sns confirm-subscription --topic-arn {topic} --token {token}"),
    );
    for line in [
        "aws ecs create-cluster --cluster-name demo",
        r#"aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginxdemos/hello"}]'"#,
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        &format!(
            "aws cloudwatch put-metric-alarm --alarm-name cpu-high --alarm-description 'CPU over 80' --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=demo Name=ServiceName,Value=web --statistic Average --period 60 --evaluation-periods 2 --threshold 80 --comparison-operator GreaterThanThreshold --alarm-actions {topic}"
        ),
        "sim advance 2m",
        "sim load service/demo/web cpu=300%",
        "sim advance 4m",
    ] {
        run(&mut sim, &mut shell, line);
    }
    let inbox = run(&mut sim, &mut shell, "sim inbox");
    let mail = inbox
        .split("\n#")
        .find(|m| m.contains("Subject: ALARM: \"cpu-high\" in US East (N. Virginia)"))
        .unwrap_or_else(|| panic!("{inbox}"));
    assert!(mail.contains("You are receiving this email because your Amazon CloudWatch Alarm \"cpu-high\" in the US East (N. Virginia) region has entered the ALARM state, because \"Threshold Crossed: 2 datapoints ["), "{mail}");
    assert!(
        mail.contains("- State Change:               OK -> ALARM"),
        "{mail}"
    );
    assert!(mail.contains("- The alarm is in the ALARM state when the metric is GreaterThanThreshold 80.0 for 120 seconds."), "{mail}");
    assert!(
        mail.contains(
            "- Dimensions:                          [ClusterName = demo] [ServiceName = web]"
        ),
        "{mail}"
    );
    assert!(
        mail.contains("- ALARM: [arn:aws:sns:us-east-1:123456789012:ops]"),
        "{mail}"
    );
    assert!(
        mail.contains("If you wish to stop receiving notifications from this topic"),
        "SNS's footer: {mail}"
    );
    // Only the ALARM action was set: the earlier OK change sent nothing.
    assert_eq!(
        inbox.matches("Subject: ").count(),
        2,
        "confirmation and the alarm: {inbox}"
    );

    let body = run(
        &mut sim,
        &mut shell,
        "aws sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/alarms --query 'Messages[0].Body' --output text",
    );
    let json: serde_json::Value = serde_json::from_str(body.trim()).unwrap();
    assert_eq!(json["AlarmName"], "cpu-high");
    assert_eq!(json["AlarmDescription"], "CPU over 80");
    assert_eq!(
        (
            json["NewStateValue"].as_str(),
            json["OldStateValue"].as_str()
        ),
        (Some("ALARM"), Some("OK"))
    );
    assert_eq!(json["Region"], "US East (N. Virginia)");
    assert_eq!(json["Trigger"]["Statistic"], "AVERAGE");
    assert_eq!(
        json["Trigger"]["Dimensions"][0],
        serde_json::json!({"value": "demo", "name": "ClusterName"})
    );
    assert!(json["StateChangeTime"].as_str().unwrap().ends_with("+0000"));
}
