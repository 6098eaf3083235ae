//! The share link of a sandbox session stays short: the journal of a
//! 30-command session (the first 30 commands of the capacity hands-on
//! transcript, with the sandbox's wall clock ticking every 250 ms for 5 s
//! between commands) deflated and in base64url. Prints the sizes; the
//! budget is a link any browser, chat or mail client keeps whole.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use stevedore_engine::{Input, Sim, SimConfig, SimDuration};

/// Browsers take far longer URLs, but 2,000 characters is what every
/// chat, mail client and proxy keeps whole.
const LINK_BUDGET: usize = 2_000;

#[test]
fn the_share_link_of_a_30_command_session_fits_a_link() {
    let transcript = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/capacity_handson.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = transcript
        .lines()
        .filter_map(|l| l.strip_prefix("$ "))
        .take(30)
        .collect();
    assert_eq!(lines.len(), 30);
    let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
    for line in &lines {
        stevedore_cli::run(&mut sim, line);
        for _ in 0..20 {
            sim.apply(Input::Advance(SimDuration::millis(250)));
        }
    }
    let journal = sim.journal();
    let text = journal.to_text();
    let code = stevedore_cli::share::encode(journal);
    eprintln!(
        "share link: {} commands, {} journal entries, {} bytes of journal text, {} characters of share code (budget {LINK_BUDGET})",
        lines.len(),
        journal.len(),
        text.len(),
        code.len()
    );
    // Ticks between two commands are one entry, not twenty.
    assert!(journal.len() <= 2 * lines.len(), "{}", journal.len());
    assert!(code.len() <= LINK_BUDGET, "{} > {LINK_BUDGET}", code.len());
    // And it is the same account.
    let back = stevedore_cli::share::decode(&code)
        .unwrap()
        .replay()
        .unwrap();
    assert_eq!(back.state_fingerprint(), sim.state_fingerprint());
}
