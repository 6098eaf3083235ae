//! The JMESPath functions (`length`, `sort_by`, `join`, …) and the type
//! checks and sort keys their arguments need.

use super::eval::*;
use super::parser::*;
use serde_json::Value;

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn invalid(function: &str, v: &Value, expected: &str) -> String {
    format!(
        "In function {function}(), invalid type for value: {v}, expected one of: {expected}, received: \"{}\"",
        type_name(v)
    )
}

fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// Sort key for `sort`, `sort_by`, `max_by`…: all numbers or all strings.
fn sort_keys(function: &str, keys: &[Value]) -> Result<(), String> {
    let all_numbers = keys.iter().all(Value::is_number);
    let all_strings = keys.iter().all(Value::is_string);
    if all_numbers || all_strings {
        Ok(())
    } else {
        let bad = keys
            .iter()
            .find(|k| !k.is_number() && !k.is_string())
            .or_else(|| keys.first())
            .cloned()
            .unwrap_or(Value::Null);
        Err(invalid(function, &bad, "['number', 'string']"))
    }
}

fn compare_keys(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

pub(super) fn call(name: &str, args: &[Node], data: &Value) -> Result<Value, String> {
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "Invalid arity for function {name}(): expected {n} argument(s), got {}",
                args.len()
            ))
        }
    };
    let arg = |i: usize| eval(&args[i], data);
    let expref = |i: usize| match &args[i] {
        Node::ExpRef(inner) => Ok(inner.as_ref()),
        _ => Err(format!(
            "In function {name}(), argument {} must be an expression reference (&expr)",
            i + 1
        )),
    };
    let array = |v: Value| match v {
        Value::Array(a) => Ok(a),
        other => Err(invalid(name, &other, "['array']")),
    };
    Ok(match name {
        "length" => {
            arity(1)?;
            match arg(0)? {
                Value::String(s) => Value::from(s.chars().count()),
                Value::Array(a) => Value::from(a.len()),
                Value::Object(o) => Value::from(o.len()),
                other => return Err(invalid(name, &other, "['string', 'array', 'object']")),
            }
        }
        "sort_by" | "max_by" | "min_by" => {
            arity(2)?;
            let items = array(arg(0)?)?;
            let key = expref(1)?;
            let mut keyed = Vec::with_capacity(items.len());
            for item in items {
                keyed.push((eval(key, &item)?, item));
            }
            let keys: Vec<Value> = keyed.iter().map(|(k, _)| k.clone()).collect();
            sort_keys(name, &keys)?;
            match name {
                "sort_by" => {
                    keyed.sort_by(|a, b| compare_keys(&a.0, &b.0));
                    Value::Array(keyed.into_iter().map(|(_, v)| v).collect())
                }
                "max_by" => keyed
                    .into_iter()
                    .reduce(|best, x| {
                        if compare_keys(&x.0, &best.0).is_gt() {
                            x
                        } else {
                            best
                        }
                    })
                    .map_or(Value::Null, |(_, v)| v),
                _ => keyed
                    .into_iter()
                    .reduce(|best, x| {
                        if compare_keys(&x.0, &best.0).is_lt() {
                            x
                        } else {
                            best
                        }
                    })
                    .map_or(Value::Null, |(_, v)| v),
            }
        }
        "sort" | "max" | "min" => {
            arity(1)?;
            let mut items = array(arg(0)?)?;
            sort_keys(name, &items)?;
            items.sort_by(compare_keys);
            match name {
                "sort" => Value::Array(items),
                "max" => items.pop().unwrap_or(Value::Null),
                _ => items.into_iter().next().unwrap_or(Value::Null),
            }
        }
        "contains" => {
            arity(2)?;
            let needle = arg(1)?;
            match arg(0)? {
                Value::Array(a) => Value::Bool(a.iter().any(|x| json_eq(x, &needle))),
                Value::String(s) => match &needle {
                    Value::String(n) => Value::Bool(s.contains(n.as_str())),
                    _ => Value::Bool(false),
                },
                other => return Err(invalid(name, &other, "['array', 'string']")),
            }
        }
        "starts_with" | "ends_with" => {
            arity(2)?;
            match (arg(0)?, arg(1)?) {
                (Value::String(s), Value::String(p)) => Value::Bool(if name == "starts_with" {
                    s.starts_with(p.as_str())
                } else {
                    s.ends_with(p.as_str())
                }),
                (Value::String(_), other) | (other, _) => {
                    return Err(invalid(name, &other, "['string']"));
                }
            }
        }
        "join" => {
            arity(2)?;
            let Value::String(glue) = arg(0)? else {
                return Err(invalid(name, &arg(0)?, "['string']"));
            };
            let items = array(arg(1)?)?;
            let mut parts = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => parts.push(s),
                    other => return Err(invalid(name, &other, "['array-string']")),
                }
            }
            Value::String(parts.join(&glue))
        }
        "keys" | "values" => {
            arity(1)?;
            match arg(0)? {
                Value::Object(o) => Value::Array(if name == "keys" {
                    o.keys().map(|k| Value::String(k.clone())).collect()
                } else {
                    o.values().cloned().collect()
                }),
                other => return Err(invalid(name, &other, "['object']")),
            }
        }
        "sum" | "avg" => {
            arity(1)?;
            let items = array(arg(0)?)?;
            let mut total = 0.0;
            for item in &items {
                total += item
                    .as_f64()
                    .ok_or_else(|| invalid(name, item, "['array-number']"))?;
            }
            if name == "sum" {
                number(total)
            } else if items.is_empty() {
                Value::Null
            } else {
                number(total / items.len() as f64)
            }
        }
        "abs" | "floor" | "ceil" => {
            arity(1)?;
            let v = arg(0)?;
            let n = v.as_f64().ok_or_else(|| invalid(name, &v, "['number']"))?;
            number(match name {
                "abs" => n.abs(),
                "floor" => n.floor(),
                _ => n.ceil(),
            })
        }
        "reverse" => {
            arity(1)?;
            match arg(0)? {
                Value::Array(mut a) => {
                    a.reverse();
                    Value::Array(a)
                }
                Value::String(s) => Value::String(s.chars().rev().collect()),
                other => return Err(invalid(name, &other, "['array', 'string']")),
            }
        }
        "not_null" => {
            if args.is_empty() {
                return Err(format!(
                    "Invalid arity for function {name}(): expected at least 1 argument"
                ));
            }
            for i in 0..args.len() {
                let v = arg(i)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Value::Null
        }
        "to_string" => {
            arity(1)?;
            match arg(0)? {
                s @ Value::String(_) => s,
                other => Value::String(other.to_string()),
            }
        }
        "to_number" => {
            arity(1)?;
            match arg(0)? {
                n @ Value::Number(_) => n,
                Value::String(s) => s.trim().parse::<f64>().map_or(Value::Null, number),
                _ => Value::Null,
            }
        }
        "type" => {
            arity(1)?;
            Value::String(type_name(&arg(0)?).to_owned())
        }
        other => return Err(format!("Unknown function: {other}()")),
    })
}
