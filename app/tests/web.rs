//! Browser tests: components mounted in headless Chromium by
//! `wasm-bindgen-test` (`cargo test -p stevedore-app --target
//! wasm32-unknown-unknown`; `./dev test` sets up the runner).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use leptos::prelude::*;
use stevedore_app::components::lesson_body::LessonBody;
use stevedore_app::components::quiz::QuizView;
use stevedore_app::pages::sandbox::Sandbox;
use stevedore_app::sim_state::SimHandle;
use stevedore_lessons::{SourceFile, validate};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{all, click, container, one, text, tick, until};

#[wasm_bindgen_test]
async fn lesson_body_renders_headings_and_code_from_markdown() {
    let root = container();
    let markdown = "## Images and containers\n\nText with `inline` code.\n\n```dockerfile\nFROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n```\n\n## Where images live\n\n<script>alert(1)</script>\n\n| Aspect | A | B |\n|---|---|---|\n| x | 1 | 2 |\n";
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <LessonBody markdown=markdown /> },
    )
    .forget();
    tick().await;

    let h2s: Vec<String> = all(&root, ".lesson-body h2").iter().map(text).collect();
    assert_eq!(h2s, ["Images and containers", "Where images live"]);
    let ids: Vec<String> = all(&root, ".lesson-body h2")
        .iter()
        .map(|h| h.id())
        .collect();
    assert_eq!(ids, ["images-and-containers", "where-images-live"]);
    let code = root
        .query_selector("pre code.language-dockerfile")
        .unwrap()
        .expect("fenced code block");
    assert!(text(&code).contains("FROM nginx:1.27"));
    // A code block and a table scroll sideways on their own, and a keyboard
    // can reach them to scroll.
    let pre = root.query_selector(".lesson-body pre").unwrap().unwrap();
    assert_eq!(pre.get_attribute("tabindex").as_deref(), Some("0"));
    let scroller = root
        .query_selector(".lesson-body .table-scroll")
        .unwrap()
        .expect("a table wrapper");
    assert_eq!(scroller.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(scroller.query_selector("table thead th").unwrap().is_some());
    // The table of contents links to each heading.
    let toc: Vec<String> = all(&root, "nav.toc a")
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    assert_eq!(toc, ["#images-and-containers", "#where-images-live"]);
    // Raw HTML in content is never injected.
    assert!(
        root.query_selector(".lesson-body script")
            .unwrap()
            .is_none()
    );
}

const LESSON: &str = "+++\nid = \"demo\"\ntitle = \"Demo\"\norder = 1\nsummary = \"A demo lesson.\"\n+++\n\n## Section one\n\nSome text.\n";
const QUIZ: &str = r#"
[[question]]
id = "demo-single"
kind = "single"
section = "section-one"
prompt = "Which one is right?"
  [[question.option]]
  id = "a"
  text = "The wrong one"
  correct = false
  explanation = "Wrong because A."
  [[question.option]]
  id = "b"
  text = "The right one"
  correct = true
  explanation = "Right because B."
  [[question.option]]
  id = "c"
  text = "Another wrong one"
  explanation = "Wrong because C."

[[question]]
id = "demo-multiple"
kind = "multiple"
section = "section-one"
prompt = "Which two are right?"
  [[question.option]]
  id = "a"
  text = "Yes"
  correct = true
  explanation = "A is right."
  [[question.option]]
  id = "b"
  text = "Also yes"
  correct = true
  explanation = "B is right."
  [[question.option]]
  id = "c"
  text = "No"
  explanation = "C is wrong."
"#;

fn demo_quiz() -> stevedore_lessons::Quiz {
    let course = validate(&[
        SourceFile {
            path: "content/lessons/01-demo.md",
            text: LESSON,
        },
        SourceFile {
            path: "content/quizzes/demo.toml",
            text: QUIZ,
        },
    ])
    .unwrap();
    course.lessons[0].quiz.clone().unwrap()
}

#[wasm_bindgen_test]
async fn answering_a_question_shows_feedback_and_every_explanation() {
    let root = container();
    let quiz = demo_quiz();
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <QuizView quiz=quiz lesson_id="demo" /> },
    )
    .forget();
    tick().await;

    let questions = all(&root, "fieldset[data-testid=question]");
    assert_eq!(questions.len(), 2);
    let single = &questions[0];
    assert!(
        all(single, "[data-testid=explanation]").is_empty(),
        "no explanations before checking"
    );

    // Checking with nothing chosen asks for an answer first.
    click(&single.query_selector("button").unwrap().unwrap());
    tick().await;
    assert!(
        text(&single.query_selector("[role=status]").unwrap().unwrap())
            .contains("Choose an answer first")
    );

    // A wrong pick: "Not quite", and every option explained.
    let radios = all(single, "input[type=radio]");
    assert_eq!(radios.len(), 3);
    click(&radios[0]);
    click(&single.query_selector("button").unwrap().unwrap());
    tick().await;
    let feedback = text(
        &single
            .query_selector("[data-testid=feedback]")
            .unwrap()
            .unwrap(),
    );
    assert!(feedback.starts_with("Not quite"), "{feedback}");
    // The feedback points up, where the explanations are.
    assert!(
        feedback.contains("The note under each option above says why"),
        "{feedback}"
    );
    assert!(!feedback.contains("below"), "{feedback}");
    let feedback_el = single
        .query_selector("[data-testid=feedback]")
        .unwrap()
        .unwrap();
    for explanation in all(single, "[data-testid=explanation]") {
        assert!(
            explanation.compare_document_position(&feedback_el)
                & web_sys::Node::DOCUMENT_POSITION_FOLLOWING
                != 0,
            "every explanation is above the feedback"
        );
    }
    let explanations: Vec<String> = all(single, "[data-testid=explanation]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(explanations.len(), 3);
    assert!(explanations[0].contains("Wrong because A."));
    assert!(explanations[1].contains("Right because B."));
    assert!(explanations[2].contains("Wrong because C."));
    assert!(all(single, ".explanation.right").len() == 1);
    // The review link points at the lesson section the question tests.
    let review = single
        .query_selector("[data-testid=feedback] a")
        .unwrap()
        .unwrap();
    assert_eq!(
        review.get_attribute("href").unwrap(),
        "/lessons/demo#section-one"
    );

    // Changing the answer clears the verdict; the right pick is "Correct".
    click(&radios[1]);
    tick().await;
    assert!(
        single
            .query_selector("[data-testid=feedback]")
            .unwrap()
            .is_none()
    );
    click(&single.query_selector("button").unwrap().unwrap());
    tick().await;
    let feedback = text(
        &single
            .query_selector("[data-testid=feedback]")
            .unwrap()
            .unwrap(),
    );
    assert!(feedback.starts_with("Correct"), "{feedback}");
    assert!(feedback.contains("under each option above"), "{feedback}");

    // Multiple response: checkboxes, "(Choose 2.)", no partial credit.
    let multiple = &questions[1];
    assert!(text(multiple).contains("(Choose 2.)"));
    let boxes = all(multiple, "input[type=checkbox]");
    assert_eq!(boxes.len(), 3);
    click(&boxes[0]);
    click(&multiple.query_selector("button").unwrap().unwrap());
    tick().await;
    let feedback = text(
        &multiple
            .query_selector("[data-testid=feedback]")
            .unwrap()
            .unwrap(),
    );
    assert!(
        feedback.contains("1 of the 2 correct options"),
        "{feedback}"
    );
    click(&boxes[1]);
    click(&multiple.query_selector("button").unwrap().unwrap());
    tick().await;
    let feedback = text(
        &multiple
            .query_selector("[data-testid=feedback]")
            .unwrap()
            .unwrap(),
    );
    assert!(feedback.starts_with("Correct"), "{feedback}");
}

/// Sets an input's or a text area's value as typing does.
fn type_into(input: &web_sys::HtmlElement, value: &str) {
    js_sys::Reflect::set(input, &"value".into(), &value.into()).unwrap();
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn sandbox_command_line_and_form_drive_the_same_simulator() {
    forget_saved_sandbox();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        SimHandle::provide(common::in_page());
        view! { <Sandbox /> }
    })
    .forget();
    tick().await;

    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&cli, "aws ecs create-cluster --cluster-name from-cli");
    press(&cli, "Enter");
    tick().await;
    let entries = all(&root, "[data-testid=cli-entry]");
    assert_eq!(entries.len(), 1);
    assert!(text(&entries[0]).contains("\"clusterName\": \"from-cli\""));
    assert_eq!(cli.value(), "", "the line is cleared after running");

    // A here-document: Enter on an unfinished one runs nothing (the text
    // area takes the new line); once closed, the whole text runs, and the
    // file is in the account.
    type_into(&cli, "cat > td.json <<'EOF'\n{\"family\": \"web\"}");
    press(&cli, "Enter");
    tick().await;
    assert_eq!(all(&root, "[data-testid=cli-entry]").len(), 1);
    type_into(&cli, "cat > td.json <<'EOF'\n{\"family\": \"web\"}\nEOF");
    press(&cli, "Enter");
    tick().await;
    type_into(&cli, "N=td.json; cat $N");
    press(&cli, "Enter");
    tick().await;
    let entries = all(&root, "[data-testid=cli-entry]");
    assert_eq!(entries.len(), 3);
    assert!(
        text(&entries[2]).contains("{\"family\": \"web\"}"),
        "{}",
        text(&entries[2])
    );

    // History: ArrowUp recalls the last command.
    press(&cli, "ArrowUp");
    tick().await;
    assert_eq!(cli.value(), "N=td.json; cat $N");

    let name: HtmlInputElement = root
        .query_selector("#cluster-name")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&name, "from-form");
    click(
        &root
            .query_selector("form[aria-label='Create cluster'] button[type=submit]")
            .unwrap()
            .unwrap(),
    );
    tick().await;
    let drawn: Vec<String> = all(&root, "[data-testid=cluster]")
        .iter()
        .map(|c| c.get_attribute("data-cluster-name").unwrap())
        .collect();
    assert_eq!(drawn, ["from-cli", "from-form"]);

    // An invalid name: the AWS error in the form, nothing drawn.
    type_into(&name, "bad name!");
    click(
        &root
            .query_selector("form[aria-label='Create cluster'] button[type=submit]")
            .unwrap()
            .unwrap(),
    );
    tick().await;
    let alert = text(&root.query_selector("form [role=alert]").unwrap().unwrap());
    assert!(alert.starts_with("InvalidParameterException"), "{alert}");
    assert_eq!(all(&root, "[data-testid=cluster]").len(), 2);

    // The command line sees what the form made; deleting removes the drawing.
    click(
        &root
            .query_selector("button[aria-label='Delete cluster from-cli']")
            .unwrap()
            .unwrap(),
    );
    tick().await;
    let drawn: Vec<String> = all(&root, "[data-testid=cluster]")
        .iter()
        .map(|c| c.get_attribute("data-cluster-name").unwrap())
        .collect();
    assert_eq!(drawn, ["from-form"]);
    type_into(&cli, "aws ecs list-clusters");
    press(&cli, "Enter");
    tick().await;
    let last = all(&root, "[data-testid=cli-entry]").pop().unwrap();
    assert!(text(&last).contains("cluster/from-form"));
    assert!(!text(&last).contains("cluster/from-cli"));
}

fn press(input: &web_sys::HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn sandbox_takes_a_command_from_the_address_completes_and_shows_the_clock() {
    forget_saved_sandbox();
    // A lesson link: /sandbox?cmd=<url-encoded command>. The command is put
    // on the line, not run.
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?cmd=aws%20ecs%20list-clusters"),
        )
        .unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        SimHandle::provide(common::in_page());
        view! { <Sandbox /> }
    })
    .forget();
    tick().await;
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?"))
        .unwrap();
    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(cli.value(), "aws ecs list-clusters");
    assert!(
        all(&root, "[data-testid=cli-entry]").is_empty(),
        "a prefilled command is not run"
    );

    // Tab completes an operation name.
    type_into(&cli, "aws ecs delete-cl");
    press(&cli, "Tab");
    tick().await;
    assert_eq!(cli.value(), "aws ecs delete-cluster ");

    // `sim advance` moves the simulated clock shown above the terminal.
    let clock = root
        .query_selector("[data-testid=sim-clock]")
        .unwrap()
        .unwrap();
    assert!(text(&clock).contains("T+00:00:00"), "{}", text(&clock));
    type_into(&cli, "sim pause");
    press(&cli, "Enter");
    type_into(&cli, "sim advance 90s");
    press(&cli, "Enter");
    tick().await;
    // 90 s on top of the few wall-clock ticks (×1) before the pause.
    assert!(text(&clock).contains("T+00:01:3"), "{}", text(&clock));
    assert!(text(&clock).contains("paused"), "{}", text(&clock));
}

/// The sandbox's saved account is shared by every test of this page.
fn forget_saved_sandbox() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .remove_item(stevedore_app::sim_state::SANDBOX_KEY)
        .unwrap();
}

fn cluster_names(handle: &SimHandle) -> Vec<String> {
    handle
        .view()
        .get_untracked()
        .active_clusters()
        .map(|c| c.name.clone())
        .collect()
}

/// A page load: a handle that starts the simulator and opens the account.
async fn open_sandbox() -> SimHandle {
    let owner = leptos::reactive::owner::Owner::new();
    let handle = owner.with(|| SimHandle::provide(common::in_page()));
    handle.start();
    until(|| handle.ready().get_untracked()).await;
    // The account is open once the answer to the opening is in.
    tick().await;
    std::mem::forget(owner);
    handle
}

/// Runs a line and lets its answer come back.
async fn run(handle: &SimHandle, line: &str) {
    handle.run_line(line);
    tick().await;
}

/// The account survives a reload: the journal is saved as the learner works
/// and rebuilt, at the same simulated time, by the next page's handle.
/// A share link opens a copy without touching the saved account until it
/// is kept; a damaged link says so and opens the learner's own.
#[wasm_bindgen_test]
async fn the_sandbox_keeps_its_account_and_shares_it() {
    use stevedore_app::sim_state::{SANDBOX_KEY, Saving};
    forget_saved_sandbox();
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    let first = open_sandbox().await;
    assert_eq!(first.saving().get_untracked(), Saving::On);
    run(&first, "aws ecs create-cluster --cluster-name kept").await;
    run(&first, "sim advance 90s").await;
    let saved = storage.get_item(SANDBOX_KEY).unwrap().unwrap();
    assert!(saved.starts_with("stevedore-journal 1\n"), "{saved}");

    // "Reload": a new handle reads it back.
    let second = open_sandbox().await;
    assert_eq!(cluster_names(&second), ["kept"]);
    assert!(second.now().get_untracked().0 >= 90_000);

    // A share link: the copy opens, the saved account stays as it is.
    run(&second, "aws ecs create-cluster --cluster-name shared-too").await;
    let link = std::rc::Rc::new(std::cell::RefCell::new(None));
    {
        let link = link.clone();
        second.share_link(move |url| *link.borrow_mut() = url);
    }
    tick().await;
    let link = link.borrow().clone().unwrap();
    let fragment = &link[link.find("#j=").unwrap()..];
    run(&second, "aws ecs delete-cluster --cluster shared-too").await;
    let before = storage.get_item(SANDBOX_KEY).unwrap().unwrap();
    window.location().set_hash(fragment).unwrap();
    let opened = open_sandbox().await;
    assert_eq!(opened.saving().get_untracked(), Saving::Shared);
    assert_eq!(cluster_names(&opened), ["kept", "shared-too"]);
    assert_eq!(
        window.location().hash().unwrap(),
        "",
        "the fragment is taken off"
    );
    run(
        &opened,
        "aws ecs create-cluster --cluster-name only-in-the-copy",
    )
    .await;
    assert_eq!(storage.get_item(SANDBOX_KEY).unwrap().unwrap(), before);
    opened.back_to_own_account();
    tick().await;
    assert_eq!(cluster_names(&opened), ["kept"]);

    // A damaged link: a notice, and the learner's own account.
    window.location().set_hash("#j=1nonsense").unwrap();
    let damaged = open_sandbox().await;
    assert_eq!(damaged.saving().get_untracked(), Saving::On);
    assert!(
        damaged
            .notice()
            .get_untracked()
            .unwrap()
            .starts_with("The shared link could not be opened"),
        "{:?}",
        damaged.notice().get_untracked()
    );
    assert_eq!(cluster_names(&damaged), ["kept"]);

    // Stored data this version cannot read: not loaded, not overwritten.
    storage
        .set_item(SANDBOX_KEY, "stevedore-journal 9\nconfig {}\n")
        .unwrap();
    let newer = open_sandbox().await;
    match newer.saving().get_untracked() {
        Saving::Off(why) => assert!(why.contains("newer Stevedore"), "{why}"),
        other => panic!("{other:?}"),
    }
    run(&newer, "aws ecs create-cluster --cluster-name in-memory").await;
    assert_eq!(cluster_names(&newer), ["in-memory"]);
    assert_eq!(
        storage.get_item(SANDBOX_KEY).unwrap().unwrap(),
        "stevedore-journal 9\nconfig {}\n"
    );
    // Reset (confirmed in the page): a fresh account, saved again.
    newer.reset_account();
    tick().await;
    assert!(cluster_names(&newer).is_empty());
    assert!(
        storage
            .get_item(SANDBOX_KEY)
            .unwrap()
            .unwrap()
            .starts_with("stevedore-journal 1")
    );
    forget_saved_sandbox();
}

/// A simulator that dies (a panic is a bug, but must not freeze the page):
/// the page says so and restarts it from the account's journal.
#[wasm_bindgen_test]
async fn a_crashed_simulator_is_shown_and_restarts_from_the_journal() {
    use std::cell::Cell;
    use std::rc::Rc;
    use stevedore_app::sim_state::Backend;
    forget_saved_sandbox();
    // A backend that, when told to, dies on the next request as a
    // panicking worker does: it reports the crash and answers nothing.
    let crash_next = Rc::new(Cell::new(false));
    struct Crashy(
        stevedore_worker::web::Served,
        Rc<Cell<bool>>,
        Rc<dyn Fn(String)>,
    );
    impl Backend for Crashy {
        fn post(&self, text: String) {
            if self.1.replace(false) {
                (self.2)(stevedore_worker::protocol::to_text(
                    &stevedore_worker::protocol::Message {
                        re: None,
                        reply: stevedore_worker::protocol::Reply::Crashed(
                            "panicked at a bug".to_owned(),
                        ),
                    },
                ));
                return;
            }
            self.0.receive(&text);
        }
    }
    let spawn: stevedore_app::sim_state::Spawn = {
        let crash_next = crash_next.clone();
        Rc::new(move |deliver: Rc<dyn Fn(String)>| {
            Ok(Rc::new(Crashy(
                stevedore_worker::web::serve_in_page(deliver.clone()),
                crash_next.clone(),
                deliver,
            )) as Rc<dyn Backend>)
        })
    };
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        SimHandle::provide(spawn.clone());
        view! { <Sandbox /> }
    })
    .forget();
    until(|| text(&root).contains("T+")).await;
    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&cli, "aws ecs create-cluster --cluster-name survives");
    press(&cli, "Enter");
    until(|| all(&root, "[data-testid=cluster]").len() == 1).await;

    crash_next.set(true);
    type_into(&cli, "aws ecs list-clusters");
    press(&cli, "Enter");
    until(|| {
        root.query_selector("[data-testid=crashed]")
            .unwrap()
            .is_some()
    })
    .await;
    let alert = text(&one(&root, "[data-testid=crashed]"));
    assert!(alert.contains("stopped because of a bug"), "{alert}");

    click(&one(&root, "[data-testid=crashed] button"));
    until(|| {
        root.query_selector("[data-testid=crashed]")
            .unwrap()
            .is_none()
    })
    .await;
    until(|| text(&root).contains("the simulator restarted")).await;
    let drawn: Vec<String> = all(&root, "[data-testid=cluster]")
        .iter()
        .map(|c| c.get_attribute("data-cluster-name").unwrap())
        .collect();
    assert_eq!(drawn, ["survives"], "rebuilt from the journal");
    forget_saved_sandbox();
}

/// The lab page: the goals follow the account (whatever changed it), hints
/// come one at a time, "show solution" fills the command line without
/// running it, undo and reset stop at the lab's start state, a reload
/// brings the lab back, and a lab whose every goal is met is recorded in
/// the progress.
#[wasm_bindgen_test]
async fn a_lab_page_checks_goals_gives_hints_and_records_completion() {
    use stevedore_app::pages::labs::LabPage;
    use stevedore_app::progress::ProgressHandle;
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    let key = stevedore_app::sim_state::Account::Lab("create-cluster".to_owned()).storage_key();
    storage.remove_item(&key).unwrap();
    storage
        .remove_item(stevedore_app::progress::STORAGE_KEY)
        .unwrap();
    // The page asks before filling in the solution or resetting: yes.
    js_sys::Reflect::set(
        &window,
        &"confirm".into(),
        &js_sys::Function::new_no_args("return true"),
    )
    .unwrap();

    let mount = |root: &web_sys::HtmlElement| {
        let progress = std::rc::Rc::new(std::cell::Cell::new(None));
        let sim = std::rc::Rc::new(std::cell::Cell::new(None));
        {
            let (progress, sim) = (progress.clone(), sim.clone());
            leptos::mount::mount_to(root.clone(), move || {
                sim.set(Some(SimHandle::provide(common::in_page())));
                progress.set(Some(ProgressHandle::provide()));
                view! { <leptos_router::components::Router><LabPage id="create-cluster".to_owned() /></leptos_router::components::Router> }
            })
            .forget();
        }
        (sim.get().unwrap(), progress.get().unwrap())
    };
    let goals = |root: &web_sys::HtmlElement| -> Vec<bool> {
        all(root, "[data-testid=goal]")
            .iter()
            .map(|g| g.get_attribute("data-met").as_deref() == Some("true"))
            .collect()
    };
    let root = container();
    let (sim, progress) = mount(&root);
    until(|| !goals(&root).is_empty()).await;
    let start = goals(&root);
    assert_eq!(start.len(), 6, "lab 1 has six goals over four steps");
    assert!(start.iter().all(|met| !met), "{start:?}");
    let unmet = text(&all(&root, "[data-testid=goal]")[0]);
    assert!(unmet.contains("Not yet"), "{unmet}");
    assert!(
        unmet.contains("no cluster named DemoCluster"),
        "what is still wrong: {unmet}"
    );

    // Hints, one at a time.
    let step1 = all(&root, "[data-testid=lab-step]")[0].clone();
    assert!(all(&step1, "[data-testid=hint]").is_empty());
    click(&one(&step1, ".hints button"));
    tick().await;
    assert_eq!(all(&step1, "[data-testid=hint]").len(), 1);
    click(&one(&step1, ".hints button"));
    tick().await;
    assert_eq!(all(&step1, "[data-testid=hint]").len(), 2);

    // Show solution: on the command line, not run.
    let show = all(&step1, ".hints button")
        .into_iter()
        .find(|b| text(b).contains("Show solution"))
        .unwrap();
    click(&show);
    tick().await;
    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        cli.value()
            .starts_with("aws ecs create-cluster --cluster-name DemoCluster"),
        "{}",
        cli.value()
    );
    assert!(!goals(&root)[0], "nothing ran yet");
    press(&cli, "Enter");
    until(|| goals(&root)[0]).await;
    assert!(goals(&root)[0], "the goal is met once the line ran");
    let announced = text(&one(&root, "[data-testid=announce]"));
    assert!(
        announced.starts_with("Goal met: A cluster named DemoCluster"),
        "{announced}"
    );
    assert!(!announced.contains(".."), "{announced}");

    // Undo takes it back; undo again stops at the start state.
    click(
        &all(&root, "button")
            .into_iter()
            .find(|b| text(b) == "Undo last change")
            .unwrap(),
    );
    until(|| !goals(&root)[0]).await;
    assert!(!goals(&root)[0]);
    sim.undo();
    tick().await;
    let last = sim.log().get_untracked().last().cloned().unwrap();
    assert!(last.output.contains("start state"), "{}", last.output);

    // The whole solution, line by line from the lab: every goal met.
    let lab = stevedore_lessons::course().lab("create-cluster").unwrap();
    for step in &lab.steps {
        let before = sim.log().get_untracked().len();
        sim.run_line(step.solution.text.trim_end());
        until(|| sim.log().get_untracked().len() > before).await;
        let ran = sim.log().get_untracked().last().cloned().unwrap();
        assert!(ran.ok, "{}\n{}", ran.command, ran.output);
    }
    until(|| goals(&root).iter().all(|m| *m)).await;
    assert!(goals(&root).iter().all(|m| *m), "{:?}", goals(&root));
    until(|| {
        root.query_selector("[data-testid=lab-complete]")
            .unwrap()
            .is_some()
    })
    .await;
    // The account's drawing follows: the card drawn when the cluster was
    // created now counts the instance that registered since.
    let counts = one(
        &root,
        "[data-testid=cluster][data-cluster-name=DemoCluster] [data-testid=counts]",
    );
    assert_eq!(text(&all(&counts, "dd")[0]), "1", "{}", text(&counts));
    // The topology draws the instance in its subnet, registered in the
    // cluster.
    let instances = all(
        &root,
        "[data-testid=topology] [data-testid=topology-instance]",
    );
    assert_eq!(instances.len(), 1);
    let card = text(&instances[0]);
    assert!(
        card.contains("t2.micro")
            && card.contains("running")
            && card.contains("DemoCluster (ACTIVE)"),
        "{card}"
    );
    // Inspecting it: its describe output, not added to the log.
    let log_before = sim.log().get_untracked().len();
    click(&one(&instances[0], "button"));
    until(|| {
        root.query_selector("[data-testid=inspector-output]")
            .unwrap()
            .is_some_and(|o| text(&o).contains("\"InstanceType\": \"t2.micro\""))
    })
    .await;
    let inspector = text(&one(&root, "[data-testid=inspector]"));
    assert!(
        inspector.contains("$ aws ec2 describe-instances --instance-ids i-"),
        "{inspector}"
    );
    assert!(inspector.contains("InstanceStateChanged"), "{inspector}");
    assert_eq!(
        sim.log().get_untracked().len(),
        log_before,
        "not in the log"
    );
    // The cost meter: the instance and its address, per hour.
    until(|| text(&one(&root, "[data-testid=cost-meter]")).contains("EC2 instance")).await;
    let meter = text(&one(&root, "[data-testid=cost-meter]"));
    assert!(
        meter.contains("$0.0166 per hour"),
        "t2.micro and its IPv4: {meter}"
    );
    assert!(
        progress
            .progress()
            .get_untracked()
            .lab_completed("create-cluster"),
        "recorded in the progress"
    );

    // A reload: the lab comes back as it was.
    let again = container();
    let (_sim2, _) = mount(&again);
    until(|| goals(&again).len() == 6 && goals(&again).iter().all(|m| *m)).await;
    assert!(goals(&again).iter().all(|m| *m), "{:?}", goals(&again));

    // Reset: the start state again (the lab stays done).
    click(
        &all(&again, "button")
            .into_iter()
            .find(|b| text(b) == "Reset lab…")
            .unwrap(),
    );
    until(|| goals(&again).iter().all(|m| !m)).await;
    assert!(goals(&again).iter().all(|m| !m), "{:?}", goals(&again));
    assert!(
        progress
            .progress()
            .get_untracked()
            .lab_completed("create-cluster"),
        "a reset keeps the lab done"
    );
    storage.remove_item(&key).unwrap();
    storage
        .remove_item(stevedore_app::progress::STORAGE_KEY)
        .unwrap();
}

/// The time controls run the `sim` commands (the log shows them) and the
/// timeline lists what happened, newest first, filtered by kind and text.
#[wasm_bindgen_test]
async fn time_controls_and_the_timeline_follow_the_simulator() {
    forget_saved_sandbox();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        SimHandle::provide(common::in_page());
        view! { <Sandbox /> }
    })
    .forget();
    until(|| text(&root).contains("T+")).await;
    let controls = one(&root, "[data-testid=time-controls]");
    let button = |label: &str| {
        all(&controls, "button")
            .into_iter()
            .find(|b| text(b).contains(label))
            .unwrap_or_else(|| panic!("no button {label}"))
    };
    let clock = || text(&one(&root, "[data-testid=sim-clock]"));
    click(&button("Pause"));
    until(|| clock().contains("paused")).await;
    assert!(clock().contains("paused"), "{}", clock());
    assert!(text(&button("Resume")).contains("Resume"));
    click(&button("100×"));
    until(|| clock().contains("×100")).await;
    assert_eq!(
        button("100×").get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        button("1×").get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    let commands: Vec<String> = all(&root, "[data-testid=cli-entry] .cli-command")
        .iter()
        .map(text)
        .collect();
    assert!(
        commands.iter().any(|c| c.contains("sim pause")),
        "{commands:?}"
    );
    assert!(
        commands.iter().any(|c| c.contains("sim speed 100")),
        "{commands:?}"
    );

    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&cli, "aws ecs create-cluster --cluster-name seen");
    press(&cli, "Enter");
    let rows = || all(&root, "[data-testid=timeline-event]");
    until(|| !rows().is_empty()).await;
    let first = text(&rows()[0]);
    assert!(
        first.contains("ClusterCreated") && first.contains("cluster/seen"),
        "{first}"
    );

    // Filtered by text: nothing matches; by kind: only that kind.
    let search: HtmlInputElement = one(&root, ".timeline input[type=search]").unchecked_into();
    type_into(&search, "no-such-thing");
    tick().await;
    assert!(rows().is_empty());
    type_into(&search, "");
    tick().await;
    let select: web_sys::HtmlSelectElement = one(&root, ".timeline select").unchecked_into();
    select.set_value("ClusterCreated");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert!(!rows().is_empty());
    assert!(
        rows()
            .iter()
            .all(|r| r.get_attribute("data-kind").as_deref() == Some("ClusterCreated"))
    );

    // Next event: `sim step` runs (the clock is paused, time still moves).
    click(&button("Next event"));
    until(|| {
        all(&root, "[data-testid=cli-entry] .cli-command")
            .iter()
            .any(|c| text(c).contains("sim step"))
    })
    .await;
    forget_saved_sandbox();
}

/// A task picked in the topology: the inspector's buttons make things go
/// wrong through the command line (the log shows the `sim fault` line),
/// and the diagram follows.
#[wasm_bindgen_test]
async fn the_inspector_runs_faults_on_what_it_shows() {
    forget_saved_sandbox();
    let root = container();
    let handle = std::rc::Rc::new(std::cell::Cell::new(None));
    {
        let handle = handle.clone();
        leptos::mount::mount_to(root.clone(), move || {
            handle.set(Some(SimHandle::provide(common::in_page())));
            view! { <Sandbox /> }
        })
        .forget();
    }
    let sim = handle.get().unwrap();
    until(|| text(&root).contains("T+")).await;
    for line in [
        "aws ecs create-cluster --cluster-name faults",
        r#"aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginx:1.27","essential":true}]'"#,
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs run-task --cluster faults --task-definition web --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        "sim advance 2m",
    ] {
        run(&sim, line).await;
    }
    let chips = || all(&root, "[data-testid=topology] [data-testid=topology-task]");
    until(|| chips().len() == 1).await;
    assert!(
        text(&chips()[0]).contains("web:1 RUNNING"),
        "{}",
        text(&chips()[0])
    );
    click(&one(&chips()[0], "button"));
    until(|| {
        root.query_selector("[data-testid=inspector-output]")
            .unwrap()
            .is_some_and(|o| text(&o).contains("\"lastStatus\": \"RUNNING\""))
    })
    .await;
    let kill = all(&root, "[data-testid=inspector] .inspector-actions button")
        .into_iter()
        .find(|b| text(b) == "Kill its container")
        .unwrap();
    click(&kill);
    run(&sim, "sim advance 1m").await;
    let commands: Vec<String> = all(&root, "[data-testid=cli-entry] .cli-command")
        .iter()
        .map(text)
        .collect();
    assert!(
        commands.iter().any(|c| c.contains("sim fault kill-task ")),
        "{commands:?}"
    );
    until(|| chips().is_empty()).await;
    assert!(chips().is_empty(), "the stopped task left the diagram");
    forget_saved_sandbox();
}

/// The file editor writes, reads back and deletes through the command line.
#[wasm_bindgen_test]
async fn the_file_editor_writes_reads_and_deletes_files() {
    forget_saved_sandbox();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        SimHandle::provide(common::in_page());
        view! { <Sandbox /> }
    })
    .forget();
    until(|| text(&root).contains("T+")).await;
    let editor = one(&root, "[data-testid=file-editor]");
    let path: HtmlInputElement = one(&editor, "#file-path").unchecked_into();
    let body: HtmlTextAreaElement = one(&editor, "#file-text").unchecked_into();
    type_into(&path, "td.json");
    type_into(&body, "{\"family\": \"web\"}\nEOF\n");
    let button = |label: &str| {
        all(&editor, "button")
            .into_iter()
            .find(|b| text(b) == label)
            .unwrap()
    };
    click(&button("Save"));
    until(|| !all(&editor, "[data-testid=file]").is_empty()).await;
    let files: Vec<String> = all(&editor, "[data-testid=file]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("td.json"), "{files:?}");
    let commands: Vec<String> = all(&root, "[data-testid=cli-entry] .cli-command")
        .iter()
        .map(text)
        .collect();
    assert!(
        commands
            .iter()
            .any(|c| c.contains("cat > td.json <<'EOF1'")),
        "{commands:?}"
    );

    // Read back into the editor (after clearing it).
    type_into(&body, "");
    click(&all(&editor, "[data-testid=file]")[0]);
    until(|| body.value().contains("family")).await;
    assert_eq!(body.value(), "{\"family\": \"web\"}\nEOF\n");

    click(&button("Delete"));
    until(|| all(&editor, "[data-testid=file]").is_empty()).await;
    assert!(all(&editor, "[data-testid=file]").is_empty());
    forget_saved_sandbox();
}

/// The task definition editor registers its template and marks the line
/// of a mistake; the charts draw a service's minutes with its alarms.
#[wasm_bindgen_test]
async fn the_editor_marks_a_mistakes_line_and_the_charts_draw_a_scaled_service() {
    forget_saved_sandbox();
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        SimHandle::provide(common::in_page());
        view! { <Sandbox /> }
    })
    .forget();
    until(|| text(&root).contains("T+")).await;
    let form = one(&root, "form[aria-label='Register task definition']");
    let register = || {
        all(&form, "button")
            .into_iter()
            .find(|b| text(b) == "Register")
            .unwrap()
    };
    click(&register());
    until(|| text(&form).contains("Registered task definition nginx-demo:1.")).await;
    let json: HtmlTextAreaElement = one(&form, "#taskdef-json").unchecked_into();
    type_into(
        &json,
        &stevedore_app::components::taskdef_editor::TEMPLATE
            .replace("\"cpu\": \"256\"", "\"cpuu\": \"256\""),
    );
    click(&register());
    until(|| text(&form).contains("Line 5: Parameter validation failed")).await;
    assert_eq!(text(&one(&form, ".gutter span.bad")).trim(), "5");

    let cli: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='AWS command line']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    for line in [
        "aws ecs create-cluster --cluster-name demo",
        "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
        r#"aws ecs create-service --cluster demo --service-name web --task-definition nginx-demo:1 --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}""#,
        "aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/demo/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 3",
        r#"aws application-autoscaling put-scaling-policy --policy-name cpu50 --service-namespace ecs --resource-id service/demo/web --scalable-dimension ecs:service:DesiredCount --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}'"#,
        "sim advance 2m",
        "sim load service/demo/web cpu=200%",
        "sim advance 8m",
    ] {
        let before = all(&root, "[data-testid=cli-entry]").len();
        type_into(&cli, line);
        press(&cli, "Enter");
        until(|| all(&root, "[data-testid=cli-entry]").len() > before).await;
    }
    let charts = one(&root, "[data-testid=charts]");
    until(|| !all(&charts, "g.mark").is_empty()).await;
    let utilisation = one(&charts, "[data-testid=chart-utilization]");
    assert_eq!(
        all(&utilisation, "g.threshold").len(),
        2,
        "AlarmHigh and AlarmLow"
    );
    let label = one(&utilisation, "svg")
        .get_attribute("aria-label")
        .unwrap();
    assert!(label.starts_with("CPU and memory utilization"), "{label}");
    assert!(label.contains("is ALARM"), "{label}");
    let tasks = one(&charts, "[data-testid=chart-tasks]");
    assert_eq!(all(&tasks, "polyline").len(), 2, "desired and running");
    // The table view, kept while the view changes.
    let toggle = all(&tasks, "button")
        .into_iter()
        .find(|b| text(b) == "View as table")
        .unwrap();
    click(&toggle);
    until(|| !all(&tasks, "tbody tr").is_empty()).await;
    let rows = all(&tasks, "tbody tr").len();
    let before = all(&root, "[data-testid=cli-entry]").len();
    type_into(&cli, "sim advance 2m");
    press(&cli, "Enter");
    until(|| all(&root, "[data-testid=cli-entry]").len() > before).await;
    until(|| all(&tasks, "tbody tr").len() > rows).await;
    assert!(all(&tasks, "svg").is_empty(), "still a table");
    forget_saved_sandbox();
}
