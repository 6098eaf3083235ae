use super::*;
use crate::protocol::{Message, Reply, Request, Saved, Saving, Update};

fn run(host: &mut Host, line: &str, now_ms: f64) -> Vec<Message> {
    host.handle(
        1,
        Request::Run {
            line: line.to_owned(),
            form: false,
        },
        now_ms,
    )
}

fn ran(messages: &[Message]) -> &crate::protocol::Ran {
    messages
        .iter()
        .find_map(|m| match &m.reply {
            Reply::Ran(ran) => Some(ran),
            _ => None,
        })
        .unwrap()
}

fn update(messages: &[Message]) -> &Update {
    messages
        .iter()
        .find_map(|m| match &m.reply {
            Reply::Update(u) => Some(&**u),
            _ => None,
        })
        .unwrap()
}

fn journal(messages: &[Message]) -> Option<String> {
    messages.iter().find_map(|m| match &m.reply {
        Reply::Journal(text) => Some(text.clone()),
        _ => None,
    })
}

fn opened(messages: &[Message]) -> (Saving, Option<String>, Option<(String, String)>) {
    match &messages[0].reply {
        Reply::Opened {
            saving,
            notice,
            restored,
        } => (saving.clone(), notice.clone(), restored.clone()),
        other => panic!("{other:?}"),
    }
}

fn cluster_names(update: &Update) -> Vec<String> {
    update
        .view
        .as_ref()
        .unwrap()
        .active_clusters()
        .map(|c| c.name.clone())
        .collect()
}

fn open(host: &mut Host, saved: Saved, share: Option<String>) -> Vec<Message> {
    host.handle(9, Request::Open { saved, share }, 0.0)
}

#[test]
fn a_command_answers_updates_the_view_and_sends_the_journal() {
    let mut host = Host::new();
    let opening = open(&mut host, Saved::Nothing, None);
    assert_eq!(opening[0].re, Some(9));
    assert_eq!(opened(&opening).0, Saving::On);
    assert!(cluster_names(update(&opening)).is_empty());

    let out = run(
        &mut host,
        "aws ecs create-cluster --cluster-name demo",
        10.0,
    );
    assert_eq!(out[0].re, Some(1), "the answer comes first, with the id");
    let answer = ran(&out);
    assert!(answer.ok);
    assert!(
        answer.output.contains("\"clusterName\": \"demo\""),
        "{}",
        answer.output
    );
    assert_eq!(cluster_names(update(&out)), ["demo"]);
    assert!(
        update(&out)
            .events
            .iter()
            .any(|e| matches!(e.kind, stevedore_engine::EventKind::ClusterCreated { .. })),
        "{:?}",
        update(&out).events
    );
    let saved = journal(&out).expect("a change sends the journal");
    assert!(saved.starts_with("stevedore-journal 1\n"), "{saved}");

    // A read changes nothing: no journal to save.
    let out = run(&mut host, "aws ecs list-clusters", 20.0);
    assert!(ran(&out).ok);
    assert_eq!(journal(&out), None);

    // A service error: its code and message, for a form.
    let out = run(
        &mut host,
        "aws ecs create-cluster --cluster-name 'bad name!'",
        30.0,
    );
    let answer = ran(&out);
    assert!(!answer.ok);
    assert_eq!(
        answer.error.as_ref().map(|(code, _)| code.as_str()),
        Some("InvalidParameterException")
    );
    assert_eq!(
        cluster_names(update(&out)),
        ["demo"],
        "a refused command changes nothing"
    );
}

#[test]
fn the_saved_journal_rebuilds_the_account_and_bad_data_is_left_alone() {
    let mut first = Host::new();
    open(&mut first, Saved::Nothing, None);
    run(
        &mut first,
        "aws ecs create-cluster --cluster-name kept",
        0.0,
    );
    let saved = journal(&run(&mut first, "sim advance 90s", 0.0)).unwrap();

    let mut second = Host::new();
    let out = open(&mut second, Saved::Journal(saved), None);
    let (saving, notice, restored) = opened(&out);
    assert_eq!((saving, notice), (Saving::On, None));
    assert_eq!(restored.unwrap().0, "# restored from this browser");
    assert_eq!(cluster_names(update(&out)), ["kept"]);
    assert_eq!(update(&out).now, SimTime(90_000));
    assert!(update(&out).replaced);

    let mut newer = Host::new();
    let out = open(
        &mut newer,
        Saved::Journal("stevedore-journal 9\nconfig {}\n".to_owned()),
        None,
    );
    match opened(&out).0 {
        Saving::Off(why) => assert!(why.contains("newer Stevedore"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(cluster_names(update(&out)).is_empty());

    let mut private = Host::new();
    match opened(&open(&mut private, Saved::NoStorage, None)).0 {
        Saving::Off(why) => assert!(why.contains("storage is turned off"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_share_code_opens_a_copy_and_a_damaged_one_says_so() {
    let mut host = Host::new();
    open(&mut host, Saved::Nothing, None);
    run(
        &mut host,
        "aws ecs create-cluster --cluster-name shared",
        0.0,
    );
    let own = journal(&run(
        &mut host,
        "aws ecs create-cluster --cluster-name own",
        0.0,
    ))
    .unwrap();
    let code = match &host.handle(3, Request::Share, 0.0)[0].reply {
        Reply::ShareCode(code) => code.clone(),
        other => panic!("{other:?}"),
    };

    let mut other = Host::new();
    let out = open(&mut other, Saved::Journal(own.clone()), Some(code));
    let (saving, _, restored) = opened(&out);
    assert_eq!(saving, Saving::Shared);
    assert_eq!(restored.unwrap().0, "# opened from a share link");
    assert_eq!(cluster_names(update(&out)), ["own", "shared"]);

    // Back to the learner's own: their saved journal.
    let out = other.handle(
        4,
        Request::OpenSaved {
            saved: Saved::Journal(own.clone()),
        },
        0.0,
    );
    assert_eq!(opened(&out).0, Saving::On);

    let out = open(
        &mut other,
        Saved::Journal(own),
        Some("1nonsense".to_owned()),
    );
    let (saving, notice, _) = opened(&out);
    assert_eq!(saving, Saving::On);
    assert!(
        notice
            .as_deref()
            .unwrap()
            .starts_with("The shared link could not be opened"),
        "{notice:?}"
    );
    assert_eq!(cluster_names(update(&out)), ["own", "shared"]);
}

#[test]
fn the_wall_clock_moves_time_unless_paused_and_saves_now_and_then() {
    let mut host = Host::new();
    open(&mut host, Saved::Nothing, None);
    assert!(
        host.tick(1_000.0).is_empty(),
        "the first tick only starts the clock"
    );
    let out = host.tick(1_250.0);
    assert_eq!(update(&out).now, SimTime(250));
    assert_eq!(
        journal(&out),
        None,
        "not yet two seconds since the last save"
    );
    let out = host.tick(3_250.0);
    assert_eq!(update(&out).now, SimTime(2_250));
    assert!(journal(&out).is_some(), "time moved and two seconds passed");

    let out = run(&mut host, "sim speed 10", 3_300.0);
    assert_eq!(update(&out).clock.speed, 10);
    host.tick(3_400.0);
    let out = host.tick(3_500.0);
    assert_eq!(update(&out).now, SimTime(2_250 + 1_000));

    run(&mut host, "sim pause", 3_600.0);
    assert!(host.tick(60_000.0).is_empty());
    assert_eq!(host.sim().now(), SimTime(3_250));
    // A background tab: one tick makes up for at most ten seconds.
    run(&mut host, "sim resume", 60_000.0);
    host.tick(60_000.0);
    let out = host.tick(600_000.0);
    assert_eq!(update(&out).now, SimTime(3_250 + 100_000));
}

#[test]
fn completion_undo_and_restore() {
    let mut host = Host::new();
    open(&mut host, Saved::Nothing, None);
    let complete = |host: &mut Host, line: &str| match host
        .handle(
            5,
            Request::Complete {
                line: line.to_owned(),
            },
            0.0,
        )
        .remove(0)
        .reply
    {
        Reply::Completed { line, candidates } => (line, candidates),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        complete(&mut host, "aws ecs delete-cl"),
        ("aws ecs delete-cluster ".to_owned(), Vec::new())
    );
    let (_, candidates) = complete(&mut host, "aws ecs delete-");
    assert!(candidates.len() > 2, "{candidates:?}");

    run(&mut host, "aws ecs create-cluster --cluster-name a", 0.0);
    let text = journal(&run(
        &mut host,
        "aws ecs create-cluster --cluster-name b",
        0.0,
    ))
    .unwrap();
    let out = run(&mut host, "sim undo", 0.0);
    assert!(update(&out).replaced);
    assert_eq!(cluster_names(update(&out)), ["a"]);

    let out = host.handle(6, Request::Restore { journal: text }, 0.0);
    assert_eq!(cluster_names(update(&out)), ["a", "b"]);
    let out = host.handle(7, Request::Reset, 0.0);
    assert!(cluster_names(update(&out)).is_empty());
    assert!(journal(&out).is_some(), "a reset is saved at once");
}

fn open_lab(host: &mut Host, lab: &str, saved: Saved) -> Vec<Message> {
    host.handle(
        4,
        Request::OpenLab {
            lab: Box::new(stevedore_lessons::course().lab(lab).unwrap().clone()),
            saved,
        },
        0.0,
    )
}

/// Whether each goal of each step is met, in order.
fn goals_met(update: &Update) -> Vec<Vec<bool>> {
    update
        .lab
        .as_ref()
        .expect("a lab's update carries its goals")
        .iter()
        .map(|step| step.goals.iter().map(|g| g.met).collect())
        .collect()
}

#[test]
fn a_lab_opens_on_its_start_state_and_its_goals_follow_the_account() {
    let mut host = Host::new();
    let out = open_lab(&mut host, "create-cluster", Saved::Nothing);
    assert_eq!(opened(&out).0, Saving::On);
    let first = goals_met(update(&out));
    assert!(first.iter().flatten().all(|met| !met), "{first:?}");
    assert!(journal(&out).is_some(), "the start state is saved at once");

    // Any correct way passes: here the command line.
    let out = run(
        &mut host,
        "aws ecs create-cluster --cluster-name DemoCluster --capacity-providers FARGATE FARGATE_SPOT",
        10.0,
    );
    assert!(ran(&out).ok);
    let now = goals_met(update(&out));
    assert_eq!(now[0], vec![true], "{now:?}");
    let lab = update(&out).lab.as_ref().unwrap();
    assert!(!lab[1].goals[0].detail.is_empty(), "an unmet goal says why");

    // Time moving sends no goals without a view.
    host.tick(1_000.0);
    let ticked = host.tick(1_250.0);
    assert!(ticked.iter().all(|m| match &m.reply {
        Reply::Update(u) => u.view.is_some() == u.lab.is_some(),
        _ => true,
    }));
}

#[test]
fn a_saved_lab_comes_back_and_a_stale_one_starts_afresh() {
    let mut host = Host::new();
    open_lab(&mut host, "create-cluster", Saved::Nothing);
    let out = run(
        &mut host,
        "aws ecs create-cluster --cluster-name DemoCluster --capacity-providers FARGATE FARGATE_SPOT",
        10.0,
    );
    let saved = journal(&out).unwrap();

    let mut again = Host::new();
    let out = open_lab(&mut again, "create-cluster", Saved::Journal(saved));
    let (saving, notice, restored) = opened(&out);
    assert_eq!((saving, notice), (Saving::On, None));
    assert!(restored.is_some());
    assert_eq!(goals_met(update(&out))[0], vec![true]);

    // A sandbox journal (another config, no start state) is not this lab's.
    let mut sandbox = Host::new();
    open(&mut sandbox, Saved::Nothing, None);
    let other = journal(&run(
        &mut sandbox,
        "aws ecs create-cluster --cluster-name x",
        5.0,
    ))
    .unwrap();
    let mut third = Host::new();
    let out = open_lab(&mut third, "create-cluster", Saved::Journal(other));
    let (_, notice, _) = opened(&out);
    assert!(notice.unwrap().contains("starts again"));
    assert!(goals_met(update(&out)).iter().flatten().all(|met| !met));

    // Unreadable text: the start state, with the reason.
    let out = open_lab(
        &mut third,
        "create-cluster",
        Saved::Journal("nonsense".to_owned()),
    );
    assert!(opened(&out).1.unwrap().contains("could not be restored"));

    // The lab travels through the protocol as JSON.
    let lab = stevedore_lessons::course().lab("create-cluster").unwrap();
    let request = crate::protocol::Envelope {
        id: 1,
        request: Request::OpenLab {
            lab: Box::new(lab.clone()),
            saved: Saved::Nothing,
        },
    };
    let text = crate::protocol::to_text(&request);
    assert_eq!(crate::protocol::from_text(&text), Ok(request));
}

#[test]
fn in_a_lab_undo_stops_at_the_start_state_and_reset_goes_back_to_it() {
    let mut host = Host::new();
    // Lab 7 starts with a broken service: a start state with inputs.
    let out = open_lab(&mut host, "troubleshooting", Saved::Nothing);
    let start = host.sim().journal().len();
    assert!(start > 0, "lab 7's start state changes the account");
    let goals_at_start = goals_met(update(&out));

    let out = run(&mut host, "sim undo", 5.0);
    assert!(!ran(&out).ok);
    assert!(ran(&out).output.contains("start state"));
    assert_eq!(host.sim().journal().len(), start, "nothing was undone");

    let out = run(&mut host, "sim reset", 6.0);
    assert!(ran(&out).output.contains("Reset lab"));
    assert_eq!(host.sim().journal().len(), start);

    run(
        &mut host,
        "aws ecs create-cluster --cluster-name scratch",
        7.0,
    );
    assert_eq!(host.sim().journal().len(), start + 1);
    let out = run(&mut host, "sim undo", 8.0);
    assert!(ran(&out).ok, "{}", ran(&out).output);
    assert_eq!(host.sim().journal().len(), start);

    run(
        &mut host,
        "aws ecs create-cluster --cluster-name scratch",
        9.0,
    );
    let out = host.handle(5, Request::Reset, 10.0);
    assert_eq!(host.sim().journal().len(), start);
    assert_eq!(goals_met(update(&out)), goals_at_start);
    assert!(cluster_names(update(&out)).iter().all(|n| n != "scratch"));

    // Leaving the lab for the sandbox: no goals any more.
    let out = open(&mut host, Saved::Nothing, None);
    assert!(update(&out).lab.is_none());
    let out = run(&mut host, "sim reset", 11.0);
    assert!(ran(&out).ok, "the sandbox's own sim reset works");
}
