//! The engine stays pure: no web, I/O, clock, async or hash-ordered state.
//! Checked on its manifest (what it may depend on) and its source (what it
//! may call).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::Path;

#[test]
fn engine_depends_only_on_serde() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    let names: Vec<&str> = deps
        .lines()
        .filter_map(|l| l.split(['=', '.']).next())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        names,
        ["serde", "serde_json"],
        "engine dependencies changed: {names:?}"
    );
}

#[test]
fn engine_source_has_no_io_clock_async_or_hash_iteration() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::io",
        "std::time",
        "std::thread",
        "std::env",
        "std::process",
        "Instant::now",
        "SystemTime",
        "async fn",
        ".await",
        "HashMap",
        "HashSet",
        "thread_rng",
        "SmallRng",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
    ];
    let mut offenders = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in forbidden {
                    if code.contains(word) {
                        offenders.push(format!("{}:{}: {word}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "impure engine code:\n{}",
        offenders.join("\n")
    );
}
