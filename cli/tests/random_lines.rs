//! Seeded random `aws` lines: every `$ aws …` line of
//! `tests/transcripts/*.txt` is the corpus (so new transcripts widen it
//! without new code), mutated at the option level: options dropped,
//! duplicated, borrowed from other lines, values swapped between options,
//! replaced by boundary numbers, empty / huge / odd strings or names of
//! resources that exist; interleaved with the transcripts' `$ docker …` lines
//! (run by the engine's scenario runner) and `advance` of random durations.
//! After every line: no panic, the invariants hold, and a refused line
//! (no response) changed nothing.
//!
//! Sequence `i` uses seed `i`; a failure prints its seed and its lines up to
//! the failure. Reproduce with
//! `STEVEDORE_SEED=N cargo test -p stevedore-cli --test random_lines`;
//! `STEVEDORE_FUZZ_ITERATIONS=N` sets the number of sequences.

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use serde_json::Value;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;
use stevedore_cli::run;
use stevedore_engine::rng::Pcg32;
use stevedore_engine::scenario::Runner;
use stevedore_engine::{Input, SimConfig, SimDuration};

const DEFAULT_SEQUENCES: u64 = 1_500;
const MAX_STEPS: u32 = 40;

struct Corpus {
    /// `aws` lines split into words (quotes kept).
    aws: Vec<Vec<String>>,
    /// `$ docker …` lines as scenario steps.
    docker: Vec<String>,
    /// Every `--option value…` group of every line.
    options: Vec<Vec<String>>,
}

/// Splits on spaces outside single and double quotes, keeping the quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, ' ') => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        word.push(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `--option` groups: each option with the values after it.
fn option_groups(words: &[String]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for w in words.iter().skip(3) {
        if w.starts_with("--") || groups.is_empty() {
            groups.push(vec![w.clone()]);
        } else if let Some(last) = groups.last_mut() {
            last.push(w.clone());
        }
    }
    groups
}

fn corpus() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut corpus = Corpus {
        aws: Vec::new(),
        docker: Vec::new(),
        options: Vec::new(),
    };
    for file in files {
        for line in fs::read_to_string(&file).unwrap().lines() {
            if let Some(command) = line.strip_prefix("$ aws ") {
                let w = words(&format!("aws {command}"));
                corpus.options.extend(option_groups(&w));
                corpus.aws.push(w);
            } else if let Some(command) = line.strip_prefix("$ docker ") {
                if command.starts_with("login") {
                    corpus.docker.push("docker login".to_owned());
                } else {
                    corpus.docker.push(format!("docker {command}"));
                }
            }
        }
    }
    assert!(
        !corpus.aws.is_empty(),
        "no `$ aws` lines in {}",
        dir.display()
    );
    corpus
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

struct Gen {
    rng: Pcg32,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n.max(1) as u32) as usize
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.rng.below(100) < percent
    }

    fn value(&mut self, names: &[String]) -> String {
        if !names.is_empty() && self.chance(40) {
            return format!("'{}'", names[self.below(names.len())]);
        }
        let odd = [
            "0",
            "-1",
            "1",
            "1001",
            "9223372036854775807",
            "18446744073709551616",
            "1e300",
            "''",
            "\"\"",
            "'with space'",
            "'Ω-ünïcode'",
            "'{}'",
            "'[]'",
            "'{\"a\":'",
            "key=,value=",
            "=",
            ",,,",
            "true",
            "null",
            "--",
        ];
        match self.below(odd.len() + 1) {
            i if i < odd.len() => odd[i].to_owned(),
            _ => "x".repeat(300),
        }
    }

    fn line(&mut self, corpus: &Corpus, names: &[String]) -> String {
        let base = &corpus.aws[self.below(corpus.aws.len())];
        let head: Vec<String> = base[..3.min(base.len())].to_vec();
        let mut groups = option_groups(base);
        let mutations = if self.chance(30) {
            0
        } else {
            1 + self.below(3)
        };
        for _ in 0..mutations {
            match self.below(6) {
                0 if !groups.is_empty() => {
                    let i = self.below(groups.len());
                    groups.remove(i);
                }
                1 if !groups.is_empty() => {
                    let i = self.below(groups.len());
                    let g = groups[i].clone();
                    groups.insert(i, g);
                }
                2 if !corpus.options.is_empty() => {
                    let g = corpus.options[self.below(corpus.options.len())].clone();
                    let at = self.below(groups.len() + 1);
                    groups.insert(at, g);
                }
                3 if groups.len() >= 2 => {
                    let a = self.below(groups.len());
                    let b = self.below(groups.len());
                    let va: Vec<String> = groups[a][1..].to_vec();
                    let vb: Vec<String> = groups[b][1..].to_vec();
                    groups[a].truncate(1);
                    groups[a].extend(vb);
                    groups[b].truncate(1);
                    groups[b].extend(va);
                }
                _ if !groups.is_empty() => {
                    let i = self.below(groups.len());
                    let v = self.value(names);
                    let g = &mut groups[i];
                    if g.len() > 1 {
                        let j = 1 + self.below(g.len() - 1);
                        g[j] = v;
                    } else {
                        g.push(v);
                    }
                }
                _ => {}
            }
        }
        let mut all = head;
        all.extend(groups.into_iter().flatten());
        all.join(" ")
    }
}

/// Runs sequence `seed`; returns its lines (up to a failure) and the failure.
fn sequence(
    seed: u64,
    corpus: &Corpus,
    steps: &mut u64,
    ok: &mut u64,
) -> (Vec<String>, Option<String>) {
    let mut lines = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut g = Gen {
            rng: Pcg32::new(seed, 0xc11),
        };
        let mut runner = Runner::new(SimConfig::with_seed(seed)).unwrap();
        for _ in 0..1 + g.rng.below(MAX_STEPS) {
            *steps += 1;
            let roll = g.below(100);
            if roll < 10 {
                let ms = [0, 1_000, 30_000, 3_600_000, 90_000_000][g.below(5)];
                lines.push(format!("advance {ms}ms"));
                runner.sim_mut().apply(Input::Advance(SimDuration(ms)));
            } else if roll < 22 && !corpus.docker.is_empty() {
                let line = corpus.docker[g.below(corpus.docker.len())].clone();
                lines.push(line.clone());
                if let Err(e) = runner.step(0, &line)
                    && e.message.starts_with("invariant broken")
                {
                    return Some(e.to_string());
                }
            } else {
                let mut names = Vec::new();
                strings(
                    &serde_json::to_value(runner.sim().view()).unwrap(),
                    &mut names,
                );
                names.retain(|n| !n.contains('\''));
                let line = g.line(corpus, &names);
                lines.push(line.clone());
                let before = runner.sim().view();
                let outcome = run(runner.sim_mut(), &line);
                *ok += u64::from(outcome.is_ok());
                // A line that ran no AWS action changes nothing, but for
                // the learner's files (`… > file` writes one).
                let account = |mut v: stevedore_engine::View| {
                    v.files.clear();
                    v
                };
                if outcome.response.is_none() && account(runner.sim().view()) != account(before) {
                    return Some(format!(
                        "refused (exit {}: {}) yet the view changed",
                        outcome.exit_code,
                        outcome.stderr.trim()
                    ));
                }
                // (`2>` sends the message elsewhere on purpose; `aws s3 ls`
                // of a key prefix that matched nothing exits 1 silently, as
                // the AWS CLI does.)
                let silent_ls = line.starts_with("aws s3 ls ") && outcome.exit_code == 1;
                if !outcome.is_ok()
                    && outcome.stderr.trim().is_empty()
                    && !line.contains("2>")
                    && !silent_ls
                {
                    return Some(format!("exit {} with nothing on stderr", outcome.exit_code));
                }
            }
            runner.sim_mut().drain_events();
            if let Err(broken) = runner.sim().check_invariants() {
                return Some(format!("invariant broken: {broken}"));
            }
        }
        None
    }));
    let failure = outcome.unwrap_or_else(|p| {
        Some(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panic".to_owned()),
        )
    });
    (lines, failure)
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
    })
}

#[test]
fn random_aws_lines_never_panic_and_refusals_change_nothing() {
    let corpus = corpus();
    let seeds: Vec<u64> = match env_u64("STEVEDORE_SEED") {
        Some(seed) => vec![seed],
        None => (0..env_u64("STEVEDORE_FUZZ_ITERATIONS").unwrap_or(DEFAULT_SEQUENCES)).collect(),
    };
    let started = Instant::now();
    let mut steps = 0;
    let mut ok = 0;
    let mut failures = Vec::new();
    for &seed in &seeds {
        let (lines, failure) = sequence(seed, &corpus, &mut steps, &mut ok);
        if seeds.len() == 1 {
            println!("sequence seed {seed}:\n{}", lines.join("\n"));
        }
        if let Some(message) = failure {
            let text = format!(
                "sequence seed {seed} failed at line {}: {message}\n\
                 reproduce: STEVEDORE_SEED={seed} cargo test -p stevedore-cli --test random_lines\n\
                 lines up to the failure (Sim seed {seed}):\n{}\n",
                lines.len(),
                lines.join("\n")
            );
            println!("{text}");
            failures.push(text);
            if failures.len() >= 3 {
                break;
            }
        }
    }
    println!(
        "random aws lines: {} sequences, {steps} steps ({ok} lines succeeded) in {:.2?}",
        seeds.len(),
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ok > 0, "no line succeeded: the corpus proves little");
}

#[test]
fn words_keep_quoted_json_together() {
    assert_eq!(
        words(r#"aws ecs create-cluster --cli-input-json '{"clusterName": "x"}' --tags "a b""#),
        [
            "aws",
            "ecs",
            "create-cluster",
            "--cli-input-json",
            r#"'{"clusterName": "x"}'"#,
            "--tags",
            "\"a b\""
        ]
    );
}
