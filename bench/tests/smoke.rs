//! The scaled-down fleet day (5 instances, 3 services, 2 simulated hours):
//! keeps the benchmark compiling and checks that its workload really runs.
//! Not a timing test.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_bench::{Kind, Workload, run, run_with_sim};

#[test]
fn smoke_plan_has_both_network_modes() {
    let plan = Workload::smoke().plan();
    assert_eq!(plan.len(), 3);
    assert!(plan.iter().any(|s| s.kind == Kind::Bridge));
    assert!(plan.iter().any(|s| s.kind == Kind::Fargate));
    assert_eq!(plan.iter().map(|s| s.desired).sum::<u32>(), 30);
    let full = Workload::fleet_day().plan();
    assert_eq!(full.len(), 30);
    assert_eq!(full.iter().map(|s| s.desired).sum::<u32>(), 2_000);
    // The engine's MODEL limit is 200 tasks per service.
    assert!(full.iter().all(|s| s.desired <= 200));
}

#[test]
fn smoke_workload_runs() {
    let w = Workload::smoke();
    let (report, sim) = run_with_sim(&w).unwrap();
    sim.check_invariants().unwrap();
    let view = sim.view();
    // Every desired task is RUNNING at the end, by the events and by the view.
    assert_eq!(report.desired_tasks, 30);
    assert_eq!(report.running_at_end, 30);
    let running = view
        .tasks
        .iter()
        .filter(|t| t.last_status == "RUNNING" && t.desired_status == "RUNNING")
        .count();
    assert_eq!(running, 30);
    assert!(
        view.tasks
            .iter()
            .any(|t| t.launch_type == "FARGATE" && t.last_status == "RUNNING")
    );
    assert!(
        view.tasks
            .iter()
            .any(|t| t.launch_type == "EC2" && t.last_status == "RUNNING")
    );
    // Crashes: ceil(30 × 1 %) = 1 per hour; both were replaced (still 30
    // running). The second is STOPPED in the view; the first one's record
    // expired an hour after it stopped (F1.6).
    assert_eq!(report.crashes, 2);
    let crashed = view
        .tasks
        .iter()
        .filter(|t| {
            t.last_status == "STOPPED" && t.stop_code.as_deref() == Some("EssentialContainerExited")
        })
        .count();
    assert_eq!(crashed, 1);
    // One instance terminated (at 1 h 30); the group replaced it.
    assert_eq!(report.instances_terminated, 1);
    let running_instances = view
        .instances
        .iter()
        .filter(|i| i.state == "running")
        .count();
    assert_eq!(running_instances, 5);
    assert!(view.tasks.iter().any(|t| {
        t.stopped_reason
            .as_deref()
            .is_some_and(|r| r.starts_with("Host EC2"))
    }));
    // Every service was deployed every hour (a new revision each time) and
    // each deployment finished: one COMPLETED PRIMARY deployment per service,
    // on revision 3 (registered at setup, then once per hour).
    assert_eq!(report.deployments, 3 * 2);
    assert_eq!(report.deployments_refused, 0);
    assert_eq!(report.faults, 2 + 1);
    assert_eq!(view.services.len(), 3);
    for s in &view.services {
        assert_eq!(s.deployments.len(), 1, "{s:?}");
        let primary = &s.deployments[0];
        assert_eq!(primary.status, "PRIMARY");
        assert_eq!(primary.rollout_state, "COMPLETED", "{s:?}");
        assert!(
            primary
                .task_definition_arn
                .ends_with(&format!("{}:3", s.name))
        );
        assert_eq!(primary.task_arns.len() as u32, s.desired_count);
    }
    // Replacements started: more starts than the 30 desired tasks.
    assert!(report.tasks_started >= 30 + 2);
    assert!(report.events > 0 && report.timers_fired > 0);
    assert_eq!(report.sim_seconds, 2 * 3600 + 60);
}

#[test]
fn the_clock_is_only_read_by_the_caller() {
    let mut reads = 0;
    let mut clock = || {
        reads += 1;
        f64::from(reads) * 10.0
    };
    let report = run(&Workload::smoke(), &mut clock).unwrap();
    assert_eq!(reads, 3);
    assert_eq!(report.setup_wall_ms, 10.0);
    assert_eq!(report.wall_ms, 20.0);
}

/// The undo measurement's session really is a busy sandbox, and undo of
/// it works.
#[test]
fn the_undo_session_has_200_entries_and_undoes() {
    let mut ticks = 0.0;
    let mut clock = || {
        ticks += 1.0;
        ticks
    };
    let report = stevedore_bench::undo::measure_undo(200, 2, &mut clock);
    assert!(report.entries >= 200, "{report:?}");
    assert!(report.tasks >= 20, "{report:?}");
    assert_eq!(report.ms, [1.0, 1.0]);
}
