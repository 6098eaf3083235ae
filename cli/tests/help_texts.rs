//! Help texts a learner reads carry no internal reference codes: no `F10.2`
//! (the sections of `shared/aws-behaviour.md`), no `MODEL` constants. Code
//! comments may cite them; the words printed by `aws … help`, `sim help`,
//! `docker help` and `curl --help` may not.

#![allow(clippy::unwrap_used, clippy::panic)]

use stevedore_engine::{Sim, SimConfig};

fn run(line: &str) -> String {
    let mut sim = Sim::new(SimConfig::default()).unwrap();
    let outcome = stevedore_cli::run(&mut sim, line);
    assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.stderr);
    outcome.stdout
}

/// An internal code in `text`: `F` and digits, a dot, digits (`F10.2`,
/// `F6.5`), or `MODEL`, or the facts file's name.
fn internal_code(text: &str) -> Option<String> {
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')) {
        let word = word.trim_end_matches('.');
        if let Some(rest) = word.strip_prefix('F')
            && let Some((major, minor)) = rest.split_once('.')
            && !major.is_empty()
            && !minor.is_empty()
            && major.chars().all(|c| c.is_ascii_digit())
            && minor.chars().all(|c| c.is_ascii_digit())
        {
            return Some(word.to_owned());
        }
        if word == "MODEL" || word.contains("aws-behaviour") {
            return Some(word.to_owned());
        }
    }
    None
}

#[test]
fn the_detector_finds_codes() {
    assert_eq!(
        internal_code("Creates a repository (F10.2 name rules)."),
        Some("F10.2".into())
    );
    assert_eq!(internal_code("see F6.5."), Some("F6.5".into()));
    assert_eq!(internal_code("a MODEL value"), Some("MODEL".into()));
    assert_eq!(internal_code("FARGATE, F1, 10.2, t3.F1"), None);
}

#[test]
fn no_help_text_shows_an_internal_code() {
    let mut pages = vec![
        ("aws help".to_owned(), run("aws help")),
        ("sim help".to_owned(), run("sim help")),
        ("docker help".to_owned(), run("docker help")),
        ("curl --help".to_owned(), run("curl --help")),
    ];
    // Every service listed by `aws help`, and every operation each lists.
    let services: Vec<String> = pages[0]
        .1
        .lines()
        .filter_map(|l| l.split_once("(aws ")?.1.strip_suffix(" help)"))
        .map(str::to_owned)
        .collect();
    assert!(services.len() >= 7, "{services:?}");
    let mut operations = 0;
    for service in &services {
        let page = run(&format!("aws {service} help"));
        let ops: Vec<String> = page
            .split("Operations:\n")
            .nth(1)
            .unwrap()
            .lines()
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect();
        assert!(!ops.is_empty(), "{page}");
        for op in ops {
            let line = format!("aws {service} {op} help");
            pages.push((line.clone(), run(&line)));
            operations += 1;
        }
        pages.push((format!("aws {service} help"), page));
    }
    assert!(operations > 90, "{operations} operations");
    for (line, text) in &pages {
        if let Some(code) = internal_code(text) {
            panic!("`{line}` shows the internal code {code}:\n{text}");
        }
    }
    assert!(
        run("aws ecr help")
            .contains("Creates a private repository (a lowercase name; MUTABLE tags and AES256")
    );
}
