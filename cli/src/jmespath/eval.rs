//! Evaluation of an expression tree on JSON data, by the specification's
//! rules (projections drop `null`s, slices, filters, comparisons).

use super::functions::*;
use super::parser::*;
use serde_json::{Map, Value};

pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

pub(super) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn slice(items: &[Value], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Vec<Value> {
    let len = items.len() as i64;
    let step = step.unwrap_or(1);
    let clamp = |v: i64, low: i64, high: i64| {
        let v = if v < 0 { v + len } else { v };
        v.clamp(low, high)
    };
    let mut out = Vec::new();
    if step > 0 {
        let start = start.map_or(0, |s| clamp(s, 0, len));
        let stop = stop.map_or(len, |s| clamp(s, 0, len));
        let mut i = start;
        while i < stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        let start = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        let mut i = start;
        while i > stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    out
}

fn project(items: &[Value], right: &Node) -> Result<Value, String> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(right, item)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

pub(super) fn eval(node: &Node, data: &Value) -> Result<Value, String> {
    Ok(match node {
        Node::Current => data.clone(),
        Node::Field(name) => data.get(name.as_str()).cloned().unwrap_or(Value::Null),
        Node::Sub(left, right) => {
            let base = eval(left, data)?;
            if base.is_null() {
                Value::Null
            } else {
                eval(right, &base)?
            }
        }
        Node::Index(i) => match data {
            Value::Array(items) => {
                let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                usize::try_from(idx)
                    .ok()
                    .and_then(|i| items.get(i))
                    .cloned()
                    .unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        Node::Slice(start, stop, step) => match data {
            Value::Array(items) => Value::Array(slice(items, *start, *stop, *step)),
            _ => Value::Null,
        },
        Node::Projection(left, right) => match eval(left, data)? {
            Value::Array(items) => project(&items, right)?,
            _ => Value::Null,
        },
        Node::ValueProjection(left, right) => match eval(left, data)? {
            Value::Object(map) => {
                let values: Vec<Value> = map.into_iter().map(|(_, v)| v).collect();
                project(&values, right)?
            }
            _ => Value::Null,
        },
        Node::Flatten(inner) => match eval(inner, data)? {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::Array(inner) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Node::Filter(left, right, condition) => match eval(left, data)? {
            Value::Array(items) => {
                let mut kept = Vec::new();
                for item in items {
                    if truthy(&eval(condition, &item)?) {
                        kept.push(item);
                    }
                }
                project(&kept, right)?
            }
            _ => Value::Null,
        },
        Node::MultiList(items) => {
            if data.is_null() {
                Value::Null
            } else {
                Value::Array(
                    items
                        .iter()
                        .map(|n| eval(n, data))
                        .collect::<Result<_, _>>()?,
                )
            }
        }
        Node::MultiHash(pairs) => {
            if data.is_null() {
                Value::Null
            } else {
                let mut map = Map::new();
                for (k, n) in pairs {
                    map.insert(k.clone(), eval(n, data)?);
                }
                Value::Object(map)
            }
        }
        Node::Pipe(left, right) => eval(right, &eval(left, data)?)?,
        Node::Or(left, right) => {
            let l = eval(left, data)?;
            if truthy(&l) { l } else { eval(right, data)? }
        }
        Node::And(left, right) => {
            let l = eval(left, data)?;
            if truthy(&l) { eval(right, data)? } else { l }
        }
        Node::Not(inner) => Value::Bool(!truthy(&eval(inner, data)?)),
        Node::Compare(op, left, right) => {
            let l = eval(left, data)?;
            let r = eval(right, data)?;
            match op {
                Cmp::Eq => Value::Bool(json_eq(&l, &r)),
                Cmp::Ne => Value::Bool(!json_eq(&l, &r)),
                _ => match (l.as_f64(), r.as_f64()) {
                    (Some(a), Some(b)) => Value::Bool(match op {
                        Cmp::Lt => a < b,
                        Cmp::Le => a <= b,
                        Cmp::Gt => a > b,
                        _ => a >= b,
                    }),
                    _ => Value::Null,
                },
            }
        }
        Node::Literal(v) => v.clone(),
        Node::ExpRef(_) => {
            return Err("an expression reference (&expr) can only be a function argument".into());
        }
        Node::Function(name, args) => call(name, args, data)?,
    })
}
