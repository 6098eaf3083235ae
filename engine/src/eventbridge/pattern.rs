//! EventBridge event patterns: content filtering (F11.3, F11.4), pure.
//!
//! A pattern is a JSON object mirroring the event. Every field it names
//! must be in the event with the same nesting; a field's value in the
//! pattern is an array of alternatives (OR); fields the pattern does not
//! name are wildcards. Alternatives are:
//! - literals: strings match exactly and case-sensitively, numbers by their
//!   JSON text (`300` ≠ `300.0`), `true`/`false`/`null` exactly (F11.4);
//! - `{"prefix": "…"}`, `{"suffix": "…"}`, `{"equals-ignore-case": "…"}`;
//! - `{"anything-but": v}` with `v` a literal, an array of literals, or
//!   `{"prefix": "…"}` / `{"suffix": "…"}`;
//! - `{"numeric": [">", 0, "<=", 5]}` (one or two comparisons);
//! - `{"exists": true|false}` (leaf fields only).
//!
//! `"$or": [pattern, …]` at any level matches if one of its patterns does.
//! When the event's field is an array, the alternative (or the nested
//! pattern, for an array of objects) matches if it matches one of its
//! elements. A field the event lacks matches only
//! `{"exists": false}`.
//!
//! Not modelled (a [`PatternError`] says so): `wildcard`, `cidr`,
//! `prefix`/`suffix` with `equals-ignore-case` inside.

use serde_json::{Map, Value};
use std::fmt;

/// Why a pattern is not valid (EventBridge refuses it at PutRule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Event pattern is not valid. Reason: {}", self.message)
    }
}

impl std::error::Error for PatternError {}

fn invalid(message: impl Into<String>) -> PatternError {
    PatternError {
        message: message.into(),
    }
}

/// Does `event` match `pattern` (F11.4)? `Err` if the pattern is not
/// valid, whatever the event.
pub fn matches(pattern: &Value, event: &Value) -> Result<bool, PatternError> {
    validate_pattern(pattern)?;
    let Value::Object(pattern) = pattern else {
        return Err(invalid("the pattern must be a JSON object"));
    };
    Ok(match_object(pattern, event))
}

/// Checks a pattern's shape without an event.
pub fn validate_pattern(pattern: &Value) -> Result<(), PatternError> {
    match pattern {
        Value::Object(fields) => validate_object(fields, ""),
        _ => Err(invalid("the pattern must be a JSON object")),
    }
}

fn validate_object(fields: &Map<String, Value>, path: &str) -> Result<(), PatternError> {
    if fields.is_empty() && !path.is_empty() {
        return Err(invalid(format!("'{path}' is an empty object")));
    }
    for (key, value) in fields {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if key == "$or" {
            let Value::Array(options) = value else {
                return Err(invalid(format!("'{here}' must be an array of patterns")));
            };
            if options.len() < 2 {
                return Err(invalid(format!("'{here}' needs at least 2 patterns")));
            }
            for option in options {
                match option {
                    Value::Object(o) => validate_object(o, path)?,
                    _ => return Err(invalid(format!("'{here}' must be an array of patterns"))),
                }
            }
            continue;
        }
        match value {
            Value::Object(inner) => validate_object(inner, &here)?,
            Value::Array(alternatives) => {
                if alternatives.is_empty() {
                    return Err(invalid(format!("'{here}' is an empty array")));
                }
                for a in alternatives {
                    validate_alternative(a, &here)?;
                }
            }
            _ => {
                return Err(invalid(format!(
                    "'{here}' must be an object or an array (write [{value}])"
                )));
            }
        }
    }
    Ok(())
}

fn is_literal(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn validate_alternative(a: &Value, here: &str) -> Result<(), PatternError> {
    let Value::Object(op) = a else {
        return if is_literal(a) {
            Ok(())
        } else {
            Err(invalid(format!("'{here}' has a nested array")))
        };
    };
    let (name, operand) = match op.iter().next() {
        Some(entry) if op.len() == 1 => entry,
        _ => {
            return Err(invalid(format!(
                "'{here}' has an operator object that is not exactly one operator"
            )));
        }
    };
    let string = |what: &str| match operand {
        Value::String(_) => Ok(()),
        _ => Err(invalid(format!("'{here}': {what} takes a string"))),
    };
    match name.as_str() {
        "prefix" => string("prefix"),
        "suffix" => string("suffix"),
        "equals-ignore-case" => string("equals-ignore-case"),
        "exists" => match operand {
            Value::Bool(_) => Ok(()),
            _ => Err(invalid(format!("'{here}': exists takes true or false"))),
        },
        "anything-but" => match operand {
            Value::Array(list) if !list.is_empty() && list.iter().all(is_literal) => Ok(()),
            Value::Object(inner) => match inner.iter().next() {
                Some((k, Value::String(_)))
                    if inner.len() == 1 && (k == "prefix" || k == "suffix") =>
                {
                    Ok(())
                }
                _ => Err(invalid(format!(
                    "'{here}': anything-but takes a value, a list of values, or {{\"prefix\"|\"suffix\": \"…\"}}"
                ))),
            },
            v if is_literal(v) => Ok(()),
            _ => Err(invalid(format!(
                "'{here}': anything-but takes a value or a non-empty list of values"
            ))),
        },
        "numeric" => parse_numeric(operand, here).map(|_| ()),
        "wildcard" | "cidr" => Err(invalid(format!(
            "'{here}': the simulator does not model the '{name}' operator yet"
        ))),
        other => Err(invalid(format!("'{here}': unknown operator '{other}'"))),
    }
}

/// `[">", 0, "<=", 5]` → [(">", 0.0), ("<=", 5.0)].
fn parse_numeric<'a>(operand: &'a Value, here: &str) -> Result<Vec<(&'a str, f64)>, PatternError> {
    let bad = || {
        invalid(format!(
            "'{here}': numeric takes one or two comparisons, like [\">\", 0, \"<=\", 5]"
        ))
    };
    let Value::Array(items) = operand else {
        return Err(bad());
    };
    if items.is_empty() || items.len() > 4 || items.len() % 2 != 0 {
        return Err(bad());
    }
    items
        .chunks(2)
        .map(|pair| match (&pair[0], &pair[1]) {
            (Value::String(op), Value::Number(n))
                if ["=", "<", "<=", ">", ">="].contains(&op.as_str()) =>
            {
                n.as_f64().map(|x| (op.as_str(), x)).ok_or_else(bad)
            }
            _ => Err(bad()),
        })
        .collect()
}

// ----------------------------------------------------------------- matching
// (The pattern is valid here: `matches` validated it.)

fn match_object(pattern: &Map<String, Value>, event: &Value) -> bool {
    pattern.iter().all(|(key, p)| {
        if key == "$or" {
            return p.as_array().is_some_and(|options| {
                options
                    .iter()
                    .any(|o| o.as_object().is_some_and(|o| match_object(o, event)))
            });
        }
        let field = event.as_object().and_then(|e| e.get(key));
        match p {
            // An array of objects in the event: one of them must match.
            Value::Object(inner) => match field {
                Some(Value::Array(items)) => items.iter().any(|i| match_object(inner, i)),
                Some(f) => f.is_object() && match_object(inner, f),
                None => false,
            },
            Value::Array(alternatives) => alternatives.iter().any(|a| match_leaf(a, field)),
            _ => false,
        }
    })
}

fn match_leaf(alternative: &Value, field: Option<&Value>) -> bool {
    if let Value::Object(op) = alternative
        && let Some(Value::Bool(want)) = op.get("exists")
    {
        // exists applies to leaf fields.
        let present = field.is_some_and(|f| !f.is_object());
        return present == *want;
    }
    match field {
        None => false,
        Some(Value::Array(items)) => items.iter().any(|item| match_value(alternative, item)),
        Some(value) => match_value(alternative, value),
    }
}

fn literal_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // F11.4: numbers by their string form.
        (Value::Number(x), Value::Number(y)) => x.to_string() == y.to_string(),
        _ => a == b,
    }
}

fn match_value(alternative: &Value, value: &Value) -> bool {
    let Value::Object(op) = alternative else {
        return literal_equal(alternative, value);
    };
    let Some((name, operand)) = op.iter().next() else {
        return false;
    };
    let text = value.as_str();
    let operand_text = operand.as_str().unwrap_or_default();
    match name.as_str() {
        "prefix" => text.is_some_and(|t| t.starts_with(operand_text)),
        "suffix" => text.is_some_and(|t| t.ends_with(operand_text)),
        "equals-ignore-case" => {
            text.is_some_and(|t| t.to_lowercase() == operand_text.to_lowercase())
        }
        "anything-but" => match operand {
            Value::Array(list) => !list.iter().any(|l| literal_equal(l, value)),
            Value::Object(inner) => match (inner.get("prefix"), inner.get("suffix"), text) {
                (Some(Value::String(p)), _, Some(t)) => !t.starts_with(p.as_str()),
                (_, Some(Value::String(s)), Some(t)) => !t.ends_with(s.as_str()),
                _ => false,
            },
            literal => !literal_equal(literal, value),
        },
        "numeric" => {
            let (Some(x), Ok(comparisons)) = (value.as_f64(), parse_numeric(operand, "")) else {
                return false;
            };
            comparisons.iter().all(|(op, n)| match *op {
                "=" => x == *n,
                "<" => x < *n,
                "<=" => x <= *n,
                ">" => x > *n,
                ">=" => x >= *n,
                _ => false,
            })
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A stopped Fargate task as ECS publishes it (F11.2, abridged).
    fn stopped_task() -> Value {
        json!({
            "version": "0", "id": "3317b2af-0000-4000-8000-000000000000",
            "detail-type": "ECS Task State Change", "source": "aws.ecs",
            "account": "111122223333", "time": "2020-01-23T17:57:58Z", "region": "us-west-2",
            "resources": ["arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad"],
            "detail": {
                "clusterArn": "arn:aws:ecs:us-west-2:111122223333:cluster/default",
                "containers": [{"name": "app", "lastStatus": "STOPPED", "exitCode": 1}],
                "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                "stopCode": "EssentialContainerExited",
                "stoppedReason": "Essential container in task exited",
                "cpu": "256", "version": 5
            }
        })
    }

    fn m(pattern: Value, event: &Value) -> bool {
        matches(&pattern, event).unwrap()
    }

    #[test]
    fn the_course_pattern_for_stopped_tasks_matches_them() {
        // F11.3, first example.
        let pattern = json!({"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
            "detail": {"lastStatus": ["STOPPED"], "stoppedReason": ["Essential container in task exited"]}});
        let event = stopped_task();
        assert!(m(pattern.clone(), &event));
        let mut running = event.clone();
        running["detail"]["lastStatus"] = json!("RUNNING");
        assert!(!m(pattern.clone(), &running));
        let mut other_source = event;
        other_source["source"] = json!("aws.ec2");
        assert!(!m(pattern, &other_source));
    }

    #[test]
    fn per_cluster_pattern() {
        // F11.3, second example.
        let pattern = json!({"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
            "detail": {"clusterArn": ["arn:aws:ecs:us-west-2:111122223333:cluster/default"]}});
        let mut event = stopped_task();
        assert!(m(pattern.clone(), &event));
        event["detail"]["clusterArn"] = json!("arn:aws:ecs:us-west-2:111122223333:cluster/other");
        assert!(!m(pattern, &event));
    }

    #[test]
    fn values_are_exact_case_sensitive_and_ored() {
        let event = stopped_task();
        assert!(m(
            json!({"detail": {"lastStatus": ["RUNNING", "STOPPED"]}}),
            &event
        ));
        assert!(!m(json!({"detail": {"lastStatus": ["stopped"]}}), &event));
        assert!(!m(json!({"detail": {"lastStatus": ["STOPPED "]}}), &event));
        // A field the event lacks never matches a value.
        assert!(!m(json!({"detail": {"nope": ["STOPPED"]}}), &event));
        // Nesting must be the same.
        assert!(!m(json!({"lastStatus": ["STOPPED"]}), &event));
        // The empty pattern matches everything.
        assert!(m(json!({}), &event));
    }

    #[test]
    fn numbers_compare_by_their_json_text() {
        // F11.4: 300 ≠ 300.0; a number never equals a string.
        let event = json!({"detail": {"n": 300}});
        assert!(m(json!({"detail": {"n": [300]}}), &event));
        assert!(!m(json!({"detail": {"n": [300.0]}}), &event));
        assert!(!m(json!({"detail": {"n": ["300"]}}), &event));
        assert!(!m(json!({"detail": {"cpu": [256]}}), &stopped_task()));
    }

    #[test]
    fn event_arrays_match_if_any_element_does() {
        let event = stopped_task();
        assert!(m(
            json!({"resources": [{"prefix": "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/"}]}),
            &event
        ));
        assert!(m(
            json!({"detail": {"containers": {"exitCode": [1]}}}),
            &event
        ));
        assert!(!m(
            json!({"detail": {"containers": {"exitCode": [0]}}}),
            &event
        ));
    }

    #[test]
    fn operators() {
        let event = stopped_task();
        let d = |p: Value| json!({ "detail": p });
        assert!(m(
            d(json!({"stoppedReason": [{"prefix": "Essential"}]})),
            &event
        ));
        assert!(!m(
            d(json!({"stoppedReason": [{"prefix": "essential"}]})),
            &event
        ));
        assert!(m(
            d(json!({"stoppedReason": [{"suffix": "exited"}]})),
            &event
        ));
        assert!(m(
            d(json!({"lastStatus": [{"equals-ignore-case": "stopped"}]})),
            &event
        ));
        assert!(m(
            d(json!({"stopCode": [{"anything-but": "UserInitiated"}]})),
            &event
        ));
        assert!(!m(
            d(
                json!({"stopCode": [{"anything-but": ["UserInitiated", "EssentialContainerExited"]}]})
            ),
            &event
        ));
        assert!(!m(
            d(json!({"stopCode": [{"anything-but": {"prefix": "Essential"}}]})),
            &event
        ));
        assert!(m(
            d(json!({"stopCode": [{"anything-but": {"suffix": "Initiated"}}]})),
            &event
        ));
        // anything-but does not match a missing field.
        assert!(!m(d(json!({"nope": [{"anything-but": "x"}]})), &event));
        assert!(m(
            d(json!({"version": [{"numeric": [">", 4, "<=", 5]}]})),
            &event
        ));
        assert!(!m(d(json!({"version": [{"numeric": ["<", 5]}]})), &event));
        assert!(m(d(json!({"version": [{"numeric": ["=", 5]}]})), &event));
        // numeric needs a number: "256" is a string.
        assert!(!m(d(json!({"cpu": [{"numeric": [">", 0]}]})), &event));
        assert!(m(d(json!({"stopCode": [{"exists": true}]})), &event));
        assert!(!m(d(json!({"stopCode": [{"exists": false}]})), &event));
        assert!(m(d(json!({"startedAt": [{"exists": false}]})), &event));
        assert!(!m(d(json!({"startedAt": [{"exists": true}]})), &event));
    }

    #[test]
    fn or_of_patterns() {
        let event = stopped_task();
        let p = json!({"source": ["aws.ecs"], "$or": [
            {"detail": {"lastStatus": ["RUNNING"]}},
            {"detail": {"stopCode": ["EssentialContainerExited"]}}
        ]});
        assert!(m(p, &event));
        let p = json!({"$or": [{"detail": {"lastStatus": ["RUNNING"]}}, {"source": ["aws.ec2"]}]});
        assert!(!m(p, &event));
    }

    #[test]
    fn invalid_patterns_are_errors_whatever_the_event() {
        let event = stopped_task();
        for bad in [
            json!(["aws.ecs"]),
            json!({"source": "aws.ecs"}),
            json!({"source": []}),
            json!({"detail": {}}),
            json!({"source": [["aws.ecs"]]}),
            json!({"source": [{"prefix": 1}]}),
            json!({"source": [{"prefix": "a", "suffix": "b"}]}),
            json!({"source": [{"unknown-op": "a"}]}),
            json!({"source": [{"wildcard": "aws.*"}]}),
            json!({"detail": {"version": [{"numeric": [">"]}]}}),
            json!({"detail": {"version": [{"numeric": ["~", 1]}]}}),
            json!({"detail": {"version": [{"exists": "yes"}]}}),
            json!({"detail": {"x": [{"anything-but": []}]}}),
            json!({"$or": [{"source": ["aws.ecs"]}]}),
            json!({"$or": {"source": ["aws.ecs"]}}),
        ] {
            let err = matches(&bad, &event).unwrap_err();
            assert!(
                err.to_string().starts_with("Event pattern is not valid"),
                "{bad}: {err}"
            );
        }
        let err = matches(&json!({"source": [{"wildcard": "aws.*"}]}), &event).unwrap_err();
        assert!(err.message.contains("does not model"), "{err}");
    }
}
