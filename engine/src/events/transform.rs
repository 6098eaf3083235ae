//! A target's `InputPath` and `InputTransformer` (F24.4): JSON paths in dot
//! notation (`$`, `$.detail.bucket.name`, with `[n]` for an array item),
//! and templates whose `<name>` placeholders take the values the paths
//! select. Inside a JSON string a placeholder takes the value's text (a
//! string without its quotes); elsewhere its JSON. A path that selects
//! nothing gives `null` (an empty text inside a string; MODEL). A `<word>`
//! that is not in InputPathsMap stays as written.

use super::InputTransformer;
use serde_json::Value;
use std::collections::BTreeMap;

/// F24.4: entries in InputPathsMap, and the template's length.
pub const MAX_PATHS: usize = 100;
pub const MAX_TEMPLATE: usize = 8192;

/// One step of a path: a member or an array index.
enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Result<Vec<Step<'_>>, String> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(format!("'{path}' must start with $"));
    };
    let mut out = Vec::new();
    let mut rest = rest;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = &r[..end];
            if name.is_empty() {
                return Err(format!("'{path}' has an empty member name"));
            }
            out.push(Step::Member(name));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Err(format!("'{path}' has an unclosed ["));
            };
            let index: usize = r[..end]
                .parse()
                .map_err(|_| format!("'{path}': only [n] array indexes are supported"))?;
            out.push(Step::Index(index));
            rest = &r[end + 1..];
        } else {
            return Err(format!(
                "'{path}' is not a JSON path in dot notation (like $.detail.bucket.name)"
            ));
        }
    }
    Ok(out)
}

/// Whether `path` is a path the simulator can follow.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.chars().count() > 256 {
        return Err("a path is at most 256 characters".to_owned());
    }
    steps(path).map(|_| ())
}

/// What `path` selects in `event`, if anything.
pub fn select(event: &Value, path: &str) -> Option<Value> {
    let mut at = event;
    for step in steps(path).ok()? {
        at = match step {
            Step::Member(name) => at.get(name)?,
            Step::Index(i) => at.get(i)?,
        };
    }
    Some(at.clone())
}

/// An InputTransformer as PutTargets checks it (for the ECS targets the
/// simulator has, the output must be JSON: a TaskOverride).
pub fn check_transformer(x: &InputTransformer) -> Result<(), String> {
    let empty = BTreeMap::new();
    let map = x.input_paths_map.as_ref().unwrap_or(&empty);
    if map.len() > MAX_PATHS {
        return Err(format!("InputPathsMap has more than {MAX_PATHS} entries"));
    }
    for (name, path) in map {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        {
            return Err(format!(
                "InputPathsMap key '{name}' must be letters, digits, '_' or '-'"
            ));
        }
        if name.starts_with("aws") {
            return Err(format!(
                "InputPathsMap key '{name}' is reserved: keys may not start with 'aws'"
            ));
        }
        check_path(path).map_err(|e| format!("InputPathsMap '{name}': {e}"))?;
    }
    let len = x.input_template.chars().count();
    if len == 0 || len > MAX_TEMPLATE {
        return Err(format!(
            "InputTemplate must be 1 to {MAX_TEMPLATE} characters"
        ));
    }
    let sample = render(&x.input_template, Some(map), &Value::Null);
    serde_json::from_str::<Value>(&sample).map_err(|e| {
        format!(
            "InputTemplate must give JSON for an ECS target (the RunTask overrides), but with its placeholders filled it reads {sample} ({e})"
        )
    })?;
    Ok(())
}

/// The template with its placeholders filled from `event`.
pub fn render(template: &str, map: Option<&BTreeMap<String, String>>, event: &Value) -> String {
    let empty = BTreeMap::new();
    let map = map.unwrap_or(&empty);
    let mut out = String::with_capacity(template.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && let Some(path) = map.get(&rest[1..end])
        {
            let value = select(event, path);
            if in_string {
                match value {
                    Some(Value::String(s)) => out.push_str(&json_string_body(&s)),
                    Some(v) => out.push_str(&json_string_body(&v.to_string())),
                    None => {}
                }
            } else {
                out.push_str(&value.unwrap_or(Value::Null).to_string());
            }
            rest = &rest[end + 1..];
            escaped = false;
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `s` escaped as the inside of a JSON string.
fn json_string_body(s: &str) -> String {
    let quoted = Value::String(s.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_select_members_and_items() {
        let e = json!({"detail": {"bucket": {"name": "b"}, "list": [1, {"x": "y"}]}});
        assert_eq!(select(&e, "$.detail.bucket.name"), Some(json!("b")));
        assert_eq!(select(&e, "$.detail.list[1].x"), Some(json!("y")));
        assert_eq!(select(&e, "$"), Some(e.clone()));
        assert_eq!(select(&e, "$.nothing"), None);
        assert!(check_path("detail.x").is_err());
        assert!(check_path("$..x").is_err());
        assert!(check_path("$.a[*]").is_err());
    }

    #[test]
    fn placeholders_fill_strings_and_values() {
        // F24.4's example, a container override from the event.
        let map: BTreeMap<String, String> = [
            ("key".to_owned(), "$.detail.object.key".to_owned()),
            ("size".to_owned(), "$.detail.object.size".to_owned()),
            ("gone".to_owned(), "$.detail.nothing".to_owned()),
        ]
        .into();
        let e = json!({"detail": {"object": {"key": "a \"b\".txt", "size": 5}}});
        let t = r#"{"containerOverrides":[{"name":"worker","environment":[{"name":"KEY","value":"<key>"},{"name":"SIZE","value":"<size>"}]}],"n":<size>,"k":<key>,"g":<gone>,"h":"<gone>","other":"<x>"}"#;
        let out: Value = serde_json::from_str(&render(t, Some(&map), &e)).unwrap();
        assert_eq!(
            out["containerOverrides"][0]["environment"][0]["value"],
            "a \"b\".txt"
        );
        assert_eq!(out["containerOverrides"][0]["environment"][1]["value"], "5");
        assert_eq!(out["n"], 5);
        assert_eq!(out["k"], "a \"b\".txt");
        assert_eq!(out["g"], Value::Null);
        assert_eq!(out["h"], "");
        assert_eq!(out["other"], "<x>");
    }

    #[test]
    fn transformers_are_checked() {
        let ok = InputTransformer {
            input_paths_map: Some([("k".to_owned(), "$.detail.k".to_owned())].into()),
            input_template: r#"{"containerOverrides":[{"name":"w","command":["<k>"]}]}"#.to_owned(),
        };
        assert!(check_transformer(&ok).is_ok());
        let not_json = InputTransformer {
            input_template: "hello <k>".to_owned(),
            ..ok.clone()
        };
        assert!(check_transformer(&not_json).unwrap_err().contains("JSON"));
        let reserved = InputTransformer {
            input_paths_map: Some([("aws.x".to_owned(), "$.a".to_owned())].into()),
            ..ok.clone()
        };
        assert!(check_transformer(&reserved).is_err());
        let bad_path = InputTransformer {
            input_paths_map: Some([("k".to_owned(), "detail".to_owned())].into()),
            ..ok
        };
        assert!(check_transformer(&bad_path).is_err());
    }
}
