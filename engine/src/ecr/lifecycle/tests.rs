//! Lifecycle policy rules and evaluation, checked on the examples of the ECR
//! User Guide (ECRUG:lifecycle_policy_examples, F10.4).

#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::ecr::ImageRecord;

const DAY: u64 = 86_400_000;

fn image(name: &str, tags: &[&str], pushed_days_ago: u64, now: SimTime) -> ImageRecord {
    ImageRecord {
        digest: crate::images::digest_of(name),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        size_bytes: 1,
        pushed_at: SimTime(now.0 - pushed_days_ago * DAY),
        push_seq: 0,
        base: String::new(),
        scan: None,
        last_pulled_at: None,
    }
}

fn expired_names(policy: &str, images: &[(&str, ImageRecord)], now: SimTime) -> Vec<String> {
    let policy = parse_policy(policy).unwrap();
    let result = evaluate(&policy, images.iter().map(|(_, i)| i), now);
    result
        .iter()
        .map(|e| {
            images
                .iter()
                .find(|(_, i)| i.digest == e.digest)
                .map(|(n, _)| format!("{n}@{}", e.rule_priority))
                .unwrap()
        })
        .collect()
}

const NOW: SimTime = SimTime(100 * DAY);

/// "Filtering on multiple rules" (ECRUG:lifecycle_policy_examples): rule 1
/// (prod, keep 1) expires A; rule 2 (beta, keep 1) would also mark B, but B
/// carries a prod tag so rule 1 saw it and rule 2 may not expire it.
#[test]
fn higher_priority_rule_protects_what_it_selects() {
    let images = [
        ("A", image("A", &["beta-1", "prod-1"], 10, NOW)),
        ("B", image("B", &["beta-2", "prod-2"], 9, NOW)),
        ("C", image("C", &["beta-3"], 8, NOW)),
    ];
    let policy = r#"{"rules":[
      {"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},
      {"rulePriority":2,"description":"Rule 2","selection":{"tagStatus":"tagged","tagPrefixList":["beta"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(policy, &images, NOW), ["A@1"]);
}

/// "Filtering on multiple tags in a single rule": every listed prefix must
/// match some tag of the image.
#[test]
fn all_prefixes_must_match() {
    let images = [
        ("A", image("A", &["alpha-1", "beta-1", "gamma-1"], 10, NOW)),
        ("B", image("B", &["alpha-2", "beta-2"], 9, NOW)),
        ("C", image("C", &["alpha-3", "beta-3", "gamma-3"], 8, NOW)),
    ];
    let two = r#"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["alpha","beta"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(two, &images, NOW), ["A@1", "B@1"]);
    let three = r#"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["alpha","beta","gamma"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(three, &images, NOW), ["A@1"]);
}

/// sinceImagePushed expires images pushed more than N days ago; untagged
/// rules see only untagged images; an `any` rule (last) expires what no
/// earlier rule selected, oldest first.
#[test]
fn age_untagged_and_any_rules() {
    let images = [
        ("old-untagged", image("u1", &[], 20, NOW)),
        ("new-untagged", image("u2", &[], 2, NOW)),
        ("v1", image("v1", &["v1"], 30, NOW)),
        ("v2", image("v2", &["v2"], 25, NOW)),
        ("v3", image("v3", &["v3"], 1, NOW)),
    ];
    let policy = r#"{"rules":[
      {"rulePriority":1,"description":"untagged older than 14 days","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}},
      {"rulePriority":10,"description":"keep 2 of everything","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}}]}"#;
    // Rule 1 expires old-untagged and protects new-untagged (it selected
    // it); rule 10 keeps the 2 newest of all 5 (v3, new-untagged) and
    // expires v1 and v2.
    assert_eq!(
        expired_names(policy, &images, NOW),
        ["v1@10", "v2@10", "old-untagged@1"]
    );
}

#[test]
fn tag_pattern_lists_use_wildcards() {
    let images = [
        ("a", image("a", &["release-1.0-rc1"], 5, NOW)),
        ("b", image("b", &["release-1.0"], 4, NOW)),
        ("c", image("c", &["release-1.1-rc1"], 3, NOW)),
    ];
    let policy = r#"{"rules":[{"rulePriority":1,"description":"drop release candidates","selection":{"tagStatus":"tagged","tagPatternList":["release-*-rc*"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(policy, &images, NOW), ["a@1"]);
}

#[test]
fn invalid_policies_are_refused_with_a_reason() {
    let rule = |sel: &str| {
        format!(
            r#"{{"rules":[{{"rulePriority":1,"description":"a rule with a long enough description","selection":{sel},"action":{{"type":"expire"}}}}]}}"#
        )
    };
    let cases = [
        (
            rule(r#"{"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":1}"#),
            "exactly one of tagPrefixList",
        ),
        (
            rule(
                r#"{"tagStatus":"untagged","tagPrefixList":["x"],"countType":"imageCountMoreThan","countNumber":1}"#,
            ),
            "only allowed with tagStatus tagged",
        ),
        (
            rule(r#"{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":0}"#),
            "positive integer",
        ),
        (
            rule(r#"{"tagStatus":"any","countType":"sinceImagePushed","countNumber":3}"#),
            "countUnit \"days\"",
        ),
        (
            rule(
                r#"{"tagStatus":"any","countType":"imageCountMoreThan","countUnit":"days","countNumber":3}"#,
            ),
            "countUnit is only allowed",
        ),
        (
            rule(r#"{"tagStatus":"some","countType":"imageCountMoreThan","countNumber":3}"#),
            "tagStatus must be",
        ),
        (
            rule(r#"{"tagStatus":"any","countType":"imageCountMoreThan"}"#),
            "missing required properties ([\"countNumber\"])",
        ),
        (
            rule(
                r#"{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1,"colour":"red"}"#,
            ),
            "unknown property \"colour\"",
        ),
        ("{\"rules\":[]}".to_owned() + &" ".repeat(100), "non-empty"),
        ("not json".repeat(20), "not valid JSON"),
        ("{}".to_owned(), "length between 100 and 30720"),
    ];
    for (text, expected) in cases {
        let err = parse_policy(&text).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterException, "{text}");
        assert!(err.message.contains(expected), "{text}\n=> {err}");
    }
    let two = |a: &str, b: &str| format!(r#"{{"rules":[{a},{b}]}}"#);
    let any1 = r#"{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}"#;
    let untagged2 = r#"{"rulePriority":2,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}"#;
    let untagged3 = r#"{"rulePriority":3,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}"#;
    let prod1 = r#"{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}"#;
    let prod2 = r#"{"rulePriority":2,"selection":{"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}"#;
    for (text, expected) in [
        (two(any1, untagged2), "must have the highest rulePriority"),
        (
            two(untagged2, untagged3),
            "only one rule may select untagged",
        ),
        (two(prod1, prod2), "used by more than one rule"),
        (two(prod1, any1), "rulePriority values must be unique"),
    ] {
        let err = parse_policy(&text).unwrap_err();
        assert!(err.message.contains(expected), "{text}\n=> {err}");
    }
    let transition =
        rule(r#"{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1}"#)
            .replace("expire", "transition");
    assert_eq!(
        parse_policy(&transition).unwrap_err().code,
        ErrorCode::UnsupportedFeatureException
    );
}

/// Pushes in the same simulated millisecond keep their push order.
#[test]
fn same_instant_pushes_expire_in_push_order() {
    let mut first = image("first", &[], 0, NOW);
    first.push_seq = 1;
    let mut second = image("second", &[], 0, NOW);
    second.push_seq = 2;
    let images = [("first", first), ("second", second)];
    let policy = r#"{"rules":[{"rulePriority":1,"description":"keep one untagged image","selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(policy, &images, NOW), ["first@1"]);
}

/// "Filtering on Multiple Rules", Example B: the same images with the rule
/// priorities swapped; rule 1 (beta, keep 1) expires A and B, rule 2 (prod)
/// adds nothing.
#[test]
fn multiple_rules_example_b() {
    let images = [
        ("A", image("A", &["beta-1", "prod-1"], 10, NOW)),
        ("B", image("B", &["beta-2", "prod-2"], 9, NOW)),
        ("C", image("C", &["beta-3"], 8, NOW)),
    ];
    let policy = r#"{"rules":[
      {"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["beta"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},
      {"rulePriority":2,"description":"Rule 2","selection":{"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(policy, &images, NOW), ["A@1", "B@1"]);
}

/// "Filtering on Multiple Tags in a Single Rule", Example A: images must
/// carry both prefixes; of those (C, F) only C is older than 5 days.
#[test]
fn multiple_tags_example_a_with_age() {
    let images = [
        ("A", image("A", &["alpha-1"], 12, NOW)),
        ("B", image("B", &["beta-1"], 11, NOW)),
        ("C", image("C", &["alpha-2", "beta-2"], 10, NOW)),
        ("D", image("D", &["alpha-3"], 4, NOW)),
        ("E", image("E", &["beta-3"], 3, NOW)),
        ("F", image("F", &["alpha-4", "beta-4"], 2, NOW)),
    ];
    let policy = r#"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["alpha","beta"],"countType":"sinceImagePushed","countNumber":5,"countUnit":"days"},"action":{"type":"expire"}}]}"#;
    assert_eq!(expired_names(policy, &images, NOW), ["C@1"]);
}
