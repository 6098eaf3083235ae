//! Values of options, as the AWS CLI reads them: JSON when the text starts
//! with `{` or `[`, otherwise shorthand (`key=team,value=web`).

use crate::model::Ty;
use serde_json::{Map, Value};

/// Parses the words given to one option into the JSON its API member takes.
/// `Err` is the text after `Error parsing parameter '--opt': `.
pub fn value(ty: Ty, words: &[String]) -> Result<Value, String> {
    match ty {
        Ty::String => Ok(Value::String(single(words)?.to_owned())),
        Ty::Integer => {
            let word = single(words)?;
            word.parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("invalid int value: '{word}'"))
        }
        Ty::Boolean => Ok(Value::Bool(true)),
        Ty::Json => {
            let word = single(words)?;
            if word.trim_start().starts_with(['{', '[']) {
                json(word)
            } else {
                Err("this option takes JSON here (an object or a list); shorthand for nested structures is not simulated yet".into())
            }
        }
        Ty::StringList => {
            if let [only] = words
                && only.trim_start().starts_with('[')
            {
                let v = json(only)?;
                return match &v {
                    Value::Array(items) if items.iter().all(Value::is_string) => Ok(v),
                    _ => Err("expected a JSON list of strings".into()),
                };
            }
            // One word may also hold a comma-separated list: `a,b`.
            Ok(Value::Array(
                words
                    .iter()
                    .flat_map(|w| w.split(','))
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            ))
        }
        Ty::Struct(fields) => {
            let word = single(words)?;
            if word.trim_start().starts_with('{') {
                let v = json(word)?;
                return check_struct(v, fields);
            }
            structure(word, fields).map(Value::Object)
        }
        Ty::StructList(fields) => {
            if let [only] = words
                && only.trim_start().starts_with('[')
            {
                let v = json(only)?;
                let Value::Array(items) = v else {
                    return Err("expected a JSON list".into());
                };
                return items
                    .into_iter()
                    .map(|item| check_struct(item, fields))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array);
            }
            words
                .iter()
                .map(|w| structure(w, fields).map(Value::Object))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
    }
}

fn single(words: &[String]) -> Result<&str, String> {
    match words {
        [only] => Ok(only),
        [] => Err("expected one argument".into()),
        _ => Err(format!("expected one argument, got {}", words.len())),
    }
}

fn json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("Invalid JSON: {e}\nJSON received: {text}"))
}

fn check_struct(v: Value, fields: &[&str]) -> Result<Value, String> {
    let Value::Object(map) = &v else {
        return Err("expected a JSON object".into());
    };
    if let Some(unknown) = map.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(format!(
            "Unknown key '{unknown}', must be one of: {}",
            fields.join(", ")
        ));
    }
    Ok(v)
}

/// `k=v,k2=v2` where a value may be quoted ("a,b" or 'a,b') to hold commas.
fn structure(text: &str, fields: &[&str]) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            return Err(format!(
                "Expected: '=', received: 'EOF' for input:\n{text}\n{}^",
                " ".repeat(text.len())
            ));
        };
        let key = rest[..eq].trim();
        if key.contains(',') {
            let at = text.len() - rest.len() + key.find(',').unwrap_or(0);
            return Err(format!(
                "Expected: '=', received: ',' for input:\n{text}\n{}^",
                " ".repeat(at)
            ));
        }
        if !fields.contains(&key) {
            return Err(format!(
                "Unknown key '{key}', must be one of: {}",
                fields.join(", ")
            ));
        }
        let after = &rest[eq + 1..];
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let Some(end) = body.find(q) else {
                    return Err(format!(
                        "Expected: '{q}', received: 'EOF' for input:\n{text}"
                    ));
                };
                let tail = &body[end + 1..];
                (
                    body[..end].to_owned(),
                    tail.strip_prefix(',').unwrap_or(tail),
                )
            }
            _ => match after.find(',') {
                Some(comma) => (after[..comma].to_owned(), &after[comma + 1..]),
                None => (after.to_owned(), ""),
            },
        };
        map.insert(key.to_owned(), Value::String(value));
        rest = remaining;
    }
    Ok(map)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|s| s.to_string()).collect()
    }
    const TAG: Ty = Ty::StructList(&["key", "value"]);

    #[test]
    fn shorthand_and_json_give_the_same_value() {
        let short = value(TAG, &words(&["key=team,value=web", "key=env,value='a,b'"])).unwrap();
        let long = value(
            TAG,
            &words(&[r#"[{"key":"team","value":"web"},{"key":"env","value":"a,b"}]"#]),
        )
        .unwrap();
        assert_eq!(short, long);
        assert_eq!(
            short,
            json!([{"key":"team","value":"web"},{"key":"env","value":"a,b"}])
        );
    }

    #[test]
    fn lists_and_scalars() {
        assert_eq!(
            value(Ty::StringList, &words(&["a", "b,c"])).unwrap(),
            json!(["a", "b", "c"])
        );
        assert_eq!(
            value(Ty::StringList, &words(&[r#"["a"]"#])).unwrap(),
            json!(["a"])
        );
        assert_eq!(value(Ty::Integer, &words(&["42"])).unwrap(), json!(42));
        assert_eq!(value(Ty::String, &words(&["x"])).unwrap(), json!("x"));
        assert_eq!(
            value(
                Ty::Json,
                &words(&[r#"[{"name":"web","portMappings":[{"containerPort":80}]}]"#])
            )
            .unwrap(),
            json!([{"name":"web","portMappings":[{"containerPort":80}]}])
        );
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        for (ty, ws, expected) in [
            (TAG, vec!["key"], "Expected: '='"),
            (
                TAG,
                vec!["colour=red"],
                "Unknown key 'colour', must be one of: key, value",
            ),
            (TAG, vec!["[{\"key\": }]"], "Invalid JSON"),
            (TAG, vec![r#"[{"colour":"red"}]"#], "Unknown key 'colour'"),
            (TAG, vec!["key='open"], "Expected: '''"),
            (Ty::Integer, vec!["ten"], "invalid int value: 'ten'"),
            (Ty::String, vec![], "expected one argument"),
            (Ty::String, vec!["a", "b"], "expected one argument, got 2"),
            (Ty::StringList, vec!["[1]"], "list of strings"),
            (Ty::Json, vec!["name=web"], "takes JSON"),
            (Ty::Json, vec!["{oops"], "Invalid JSON"),
        ] {
            let err = value(ty, &words(&ws)).unwrap_err();
            assert!(err.contains(expected), "{ws:?}: {err}");
        }
    }
}
