//! CloudWatch metric math (BOTO-CW:MetricDataQuery; F16.7 `Metrics[]`,
//! F11.9 "use metric math instead of a custom metric"): the expressions of
//! GetMetricData's queries and of alarms and target tracking policies
//! whose `Metrics` combine several metrics, such as the backlog per task
//! `m1 / m2` (visible messages over running tasks).
//!
//! What is simulated: numbers, the ids of the other queries, `+ - * / ^`,
//! parentheses, the comparisons `< <= > >= == !=` (1 or 0), and the
//! functions `FILL(x, value|REPEAT)`, `IF(condition, a[, b])`,
//! `METRICS()` (every MetricStat query of the request, as an array) and
//! `SUM`, `AVG`, `MIN`, `MAX` (of an array: one time series, timestamp by
//! timestamp; of one time series: a number). Every other function, and
//! `METRICS('filter')`, `AND`/`OR`/`NOT`, is refused by name.
//!
//! How CloudWatch treats the data (CWUG metric math; MODEL, section 13,
//! where the guide does not say):
//! - two time series combine only at the timestamps both have: a
//!   datapoint missing from either is missing from the result (hence
//!   `FILL`);
//! - a number combines with every datapoint of a series;
//! - a result that is not a finite number (division by zero, `0/0`) is no
//!   datapoint, as JSON and CloudWatch's datapoints have no NaN or
//!   infinity (MODEL): an alarm sees it as missing data and TreatMissingData
//!   decides;
//! - a number as a query's result stands for every period of the range.
//!
//! The evaluator is pure: values are `BTreeMap`s by period start (epoch
//! ms), functions are evaluated in a fixed order.

use std::collections::BTreeMap;

/// One time series: values by period start (epoch ms).
pub type Points = BTreeMap<u64, f64>;

/// What an expression evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(f64),
    Series(Points),
    Array(Vec<Points>),
}

/// Why an expression cannot be read or evaluated: `Invalid` is the
/// learner's mistake (a ValidationError), `Unsupported` a feature the
/// simulator does not model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MathError {
    Invalid(String),
    Unsupported(String),
}

/// The functions AWS has beyond those simulated: named when refused.
const AWS_FUNCTIONS: &[&str] = &[
    "ABS",
    "ANOMALY_DETECTION_BAND",
    "AVG",
    "CEIL",
    "DATAPOINT_COUNT",
    "DB_PERF_INSIGHTS",
    "DIFF",
    "DIFF_TIME",
    "FILL",
    "FIRST",
    "FLOOR",
    "IF",
    "INSIGHT_RULE_METRIC",
    "LAMBDA",
    "LAST",
    "LOG",
    "LOG10",
    "MAX",
    "METRIC_COUNT",
    "METRICS",
    "MIN",
    "MINUTE",
    "HOUR",
    "DAY",
    "DATE",
    "MONTH",
    "YEAR",
    "EPOCH",
    "PERIOD",
    "RATE",
    "REMOVE_EMPTY",
    "RUNNING_SUM",
    "SEARCH",
    "SERVICE_QUOTA",
    "SLICE",
    "SORT",
    "STDDEV",
    "SUM",
    "TIME_SERIES",
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Ident(String),
    Str,
    Op(&'static str),
    LParen,
    RParen,
    Comma,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Id(String),
    Neg(Box<Expr>),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
    /// `REPEAT`, only as FILL's second argument.
    Repeat,
}

fn tokens(text: &str) -> Result<Vec<Token>, MathError> {
    let bad = |what: String| MathError::Invalid(what);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Token::LParen);
                i += 1;
            }
            ')' => {
                out.push(Token::RParen);
                i += 1;
            }
            ',' => {
                out.push(Token::Comma);
                i += 1;
            }
            '+' | '-' | '*' | '/' | '^' => {
                out.push(Token::Op(match c {
                    '+' => "+",
                    '-' => "-",
                    '*' => "*",
                    '/' => "/",
                    _ => "^",
                }));
                i += 1;
            }
            '<' | '>' | '=' | '!' => {
                let two = chars.get(i + 1) == Some(&'=');
                let op = match (c, two) {
                    ('<', true) => "<=",
                    ('<', false) => "<",
                    ('>', true) => ">=",
                    ('>', false) => ">",
                    ('=', true) => "==",
                    ('!', true) => "!=",
                    _ => return Err(bad(format!("Unexpected character '{c}' at position {i}."))),
                };
                out.push(Token::Op(op));
                i += if two { 2 } else { 1 };
            }
            '"' | '\'' => {
                let end = chars[i + 1..].iter().position(|x| *x == c);
                let Some(end) = end else {
                    return Err(bad("Unterminated string.".to_owned()));
                };
                out.push(Token::Str);
                i += end + 2;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || chars[i] == '.'
                        || ((chars[i] == 'e' || chars[i] == 'E')
                            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())))
                {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let n: f64 = s
                    .parse()
                    .map_err(|_| bad(format!("'{s}' is not a number.")))?;
                out.push(Token::Num(n));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            c => return Err(bad(format!("Unexpected character '{c}' at position {i}."))),
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn op(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Some(Token::Op(o)) if ops.contains(o) => {
                let o = *o;
                self.at += 1;
                Some(o)
            }
            _ => None,
        }
    }

    fn comparison(&mut self) -> Result<Expr, MathError> {
        let left = self.sum()?;
        if let Some(op) = self.op(&["<", "<=", ">", ">=", "==", "!="]) {
            let right = self.sum()?;
            return Ok(Expr::Bin(op, Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Expr, MathError> {
        let mut e = self.product()?;
        while let Some(op) = self.op(&["+", "-"]) {
            e = Expr::Bin(op, Box::new(e), Box::new(self.product()?));
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr, MathError> {
        let mut e = self.unary()?;
        while let Some(op) = self.op(&["*", "/"]) {
            e = Expr::Bin(op, Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, MathError> {
        if self.op(&["-"]).is_some() {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        let base = self.primary()?;
        if self.op(&["^"]).is_some() {
            return Ok(Expr::Bin("^", Box::new(base), Box::new(self.unary()?)));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Expr, MathError> {
        let invalid = |m: &str| Err(MathError::Invalid(m.to_owned()));
        match self.next() {
            Some(Token::Num(n)) => Ok(Expr::Num(n)),
            Some(Token::LParen) => {
                let e = self.comparison()?;
                match self.next() {
                    Some(Token::RParen) => Ok(e),
                    _ => invalid("A parenthesis is not closed."),
                }
            }
            Some(Token::Ident(name)) => {
                if self.peek() != Some(&Token::LParen) {
                    if name == "REPEAT" {
                        return Ok(Expr::Repeat);
                    }
                    if name == "LINEAR" {
                        return Err(MathError::Unsupported(
                            "FILL(…, LINEAR) (FILL with a number or REPEAT is simulated)".into(),
                        ));
                    }
                    if ["AND", "OR", "NOT"].contains(&name.as_str()) {
                        return Err(MathError::Unsupported(format!(
                            "the logical operator {name}"
                        )));
                    }
                    return Ok(Expr::Id(name));
                }
                self.at += 1;
                let mut args = Vec::new();
                if self.peek() == Some(&Token::RParen) {
                    self.at += 1;
                } else {
                    loop {
                        if self.peek() == Some(&Token::Str) {
                            return Err(MathError::Unsupported(format!(
                                "{name} with a text argument (METRICS() without a filter is simulated)"
                            )));
                        }
                        args.push(self.comparison()?);
                        match self.next() {
                            Some(Token::Comma) => continue,
                            Some(Token::RParen) => break,
                            _ => return invalid("A function's arguments are not closed."),
                        }
                    }
                }
                check_function(&name, args.len())?;
                Ok(Expr::Call(name, args))
            }
            Some(Token::Str) => Err(MathError::Unsupported(
                "text in an expression (SEARCH and METRICS filters)".into(),
            )),
            Some(t) => Err(MathError::Invalid(format!("Unexpected {}.", describe(&t)))),
            None => invalid("The expression ends too early."),
        }
    }
}

fn describe(t: &Token) -> String {
    match t {
        Token::Num(n) => format!("number {n}"),
        Token::Ident(s) => format!("'{s}'"),
        Token::Str => "text".into(),
        Token::Op(o) => format!("'{o}'"),
        Token::LParen => "'('".into(),
        Token::RParen => "')'".into(),
        Token::Comma => "','".into(),
    }
}

fn check_function(name: &str, n: usize) -> Result<(), MathError> {
    let wanted: &[usize] = match name {
        "FILL" => &[2],
        "IF" => &[2, 3],
        "METRICS" => &[0],
        "SUM" | "AVG" | "MIN" | "MAX" => &[1],
        other if AWS_FUNCTIONS.contains(&other) || other == "OR" || other == "NOT" => {
            return Err(MathError::Unsupported(format!(
                "the metric math function {other} (FILL, IF, METRICS, SUM, AVG, MIN and MAX are simulated)"
            )));
        }
        other => {
            return Err(MathError::Invalid(format!("Unknown function {other}.")));
        }
    };
    if wanted.contains(&n) {
        Ok(())
    } else {
        Err(MathError::Invalid(format!(
            "{name} takes {} argument{}; {n} given.",
            wanted
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" or "),
            if wanted == [1] { "" } else { "s" }
        )))
    }
}

/// Reads an expression.
pub fn parse(text: &str) -> Result<Expr, MathError> {
    if text.trim().is_empty() {
        return Err(MathError::Invalid("The expression is empty.".into()));
    }
    let mut p = Parser {
        toks: tokens(text)?,
        at: 0,
    };
    let e = p.comparison()?;
    if let Some(t) = p.peek() {
        return Err(MathError::Invalid(format!(
            "Unexpected {} after the expression.",
            describe(t)
        )));
    }
    Ok(e)
}

/// The ids an expression reads (METRICS() reads the MetricStat ones).
pub fn references(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Id(id) => out.push(id.clone()),
        Expr::Neg(x) => references(x, out),
        Expr::Bin(_, a, b) => {
            references(a, out);
            references(b, out);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| references(a, out)),
        Expr::Num(_) | Expr::Repeat => {}
    }
}

/// What an expression is evaluated against: the period starts of the
/// range, ascending (FILL fills them), each query's value by id, and the
/// MetricStat queries' ids in request order (METRICS()).
pub struct Context<'a> {
    pub timestamps: &'a [u64],
    pub values: &'a BTreeMap<String, Value>,
    pub metric_ids: &'a [String],
}

fn finite(points: impl Iterator<Item = (u64, f64)>) -> Points {
    points.filter(|(_, v)| v.is_finite()).collect()
}

fn apply(op: &str, a: f64, b: f64) -> f64 {
    let truth = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "^" => a.powf(b),
        "<" => truth(a < b),
        "<=" => truth(a <= b),
        ">" => truth(a > b),
        ">=" => truth(a >= b),
        "==" => truth(a == b),
        _ => truth(a != b),
    }
}

fn binary(op: &str, a: Value, b: Value) -> Result<Value, MathError> {
    use Value::*;
    Ok(match (a, b) {
        (Scalar(x), Scalar(y)) => Scalar(apply(op, x, y)),
        (Series(s), Scalar(y)) => Series(finite(s.into_iter().map(|(t, x)| (t, apply(op, x, y))))),
        (Scalar(x), Series(s)) => Series(finite(s.into_iter().map(|(t, y)| (t, apply(op, x, y))))),
        (Series(s), Series(r)) => Series(finite(
            s.into_iter()
                .filter_map(|(t, x)| r.get(&t).map(|y| (t, apply(op, x, *y)))),
        )),
        (Array(arr), other) => Array(
            arr.into_iter()
                .map(|s| match binary(op, Series(s), other.clone())? {
                    Series(s) => Ok(s),
                    _ => Err(arrays()),
                })
                .collect::<Result<_, _>>()?,
        ),
        (other, Array(arr)) => Array(
            arr.into_iter()
                .map(|s| match binary(op, other.clone(), Series(s))? {
                    Series(s) => Ok(s),
                    _ => Err(arrays()),
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

fn arrays() -> MathError {
    MathError::Unsupported("an operation between two arrays of time series".into())
}

/// Evaluates an expression.
pub fn eval(e: &Expr, cx: &Context<'_>) -> Result<Value, MathError> {
    match e {
        Expr::Num(n) => Ok(Value::Scalar(*n)),
        Expr::Id(id) => cx
            .values
            .get(id)
            .cloned()
            .ok_or_else(|| MathError::Invalid(format!("Unrecognized metric id '{id}'."))),
        Expr::Repeat => Err(MathError::Invalid(
            "REPEAT is only valid as FILL's second argument.".into(),
        )),
        Expr::Neg(x) => binary("*", eval(x, cx)?, Value::Scalar(-1.0)),
        Expr::Bin(op, a, b) => binary(op, eval(a, cx)?, eval(b, cx)?),
        Expr::Call(name, args) => call(name, args, cx),
    }
}

fn call(name: &str, args: &[Expr], cx: &Context<'_>) -> Result<Value, MathError> {
    match name {
        "METRICS" => Ok(Value::Array(
            cx.metric_ids
                .iter()
                .filter_map(|id| match cx.values.get(id) {
                    Some(Value::Series(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
        )),
        "FILL" => {
            let with = match &args[1] {
                Expr::Repeat => None,
                other => match eval(other, cx)? {
                    Value::Scalar(v) => Some(v),
                    _ => {
                        return Err(MathError::Unsupported(
                            "FILL with a time series as the value (a number or REPEAT is simulated)"
                                .into(),
                        ));
                    }
                },
            };
            let fill = |s: Points| -> Points {
                let mut out = Points::new();
                let mut last: Option<f64> = None;
                for t in cx.timestamps {
                    match s.get(t) {
                        Some(v) => {
                            last = Some(*v);
                            out.insert(*t, *v);
                        }
                        None => {
                            if let Some(v) = with.or(last) {
                                out.insert(*t, v);
                            }
                        }
                    }
                }
                out
            };
            Ok(match eval(&args[0], cx)? {
                Value::Scalar(v) => Value::Scalar(v),
                Value::Series(s) => Value::Series(fill(s)),
                Value::Array(a) => Value::Array(a.into_iter().map(fill).collect()),
            })
        }
        "IF" => {
            let cond = eval(&args[0], cx)?;
            let a = eval(&args[1], cx)?;
            let b = match args.get(2) {
                Some(x) => Some(eval(x, cx)?),
                None => None,
            };
            let at = |v: &Value, t: u64| -> Result<Option<f64>, MathError> {
                Ok(match v {
                    Value::Scalar(x) => Some(*x),
                    Value::Series(s) => s.get(&t).copied(),
                    Value::Array(_) => {
                        return Err(MathError::Unsupported(
                            "IF with an array of time series".into(),
                        ));
                    }
                })
            };
            match cond {
                Value::Scalar(c) => {
                    let chosen = if c != 0.0 { Some(a) } else { b };
                    Ok(chosen.unwrap_or(Value::Series(Points::new())))
                }
                Value::Series(c) => {
                    // Type errors show whatever the data.
                    at(&a, 0)?;
                    if let Some(b) = &b {
                        at(b, 0)?;
                    }
                    let mut out = Points::new();
                    for (t, cv) in c {
                        let v = if cv != 0.0 {
                            at(&a, t)?
                        } else {
                            match &b {
                                Some(b) => at(b, t)?,
                                None => None,
                            }
                        };
                        if let Some(v) = v.filter(|v| v.is_finite()) {
                            out.insert(t, v);
                        }
                    }
                    Ok(Value::Series(out))
                }
                Value::Array(_) => Err(MathError::Unsupported(
                    "IF with an array of time series as the condition".into(),
                )),
            }
        }
        _ => {
            // SUM, AVG, MIN, MAX.
            let reduce = |vals: &[f64]| -> f64 {
                match name {
                    "SUM" => vals.iter().sum(),
                    "AVG" => vals.iter().sum::<f64>() / vals.len() as f64,
                    "MIN" => vals.iter().copied().fold(f64::INFINITY, f64::min),
                    _ => vals.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                }
            };
            Ok(match eval(&args[0], cx)? {
                Value::Scalar(v) => Value::Scalar(v),
                Value::Series(s) => {
                    let vals: Vec<f64> = s.values().copied().collect();
                    Value::Scalar(if vals.is_empty() {
                        f64::NAN
                    } else {
                        reduce(&vals)
                    })
                }
                Value::Array(arr) => {
                    let mut by_time: BTreeMap<u64, Vec<f64>> = BTreeMap::new();
                    for s in &arr {
                        for (t, v) in s {
                            by_time.entry(*t).or_default().push(*v);
                        }
                    }
                    Value::Series(finite(by_time.into_iter().map(|(t, v)| (t, reduce(&v)))))
                }
            })
        }
    }
}

/// A query's value as one time series over the range: a number stands for
/// every period; not finite is no datapoint; an array is refused.
pub fn as_series(v: Value, timestamps: &[u64]) -> Result<Points, MathError> {
    match v {
        Value::Series(s) => Ok(s),
        Value::Scalar(x) if x.is_finite() => Ok(timestamps.iter().map(|t| (*t, x)).collect()),
        Value::Scalar(_) => Ok(Points::new()),
        Value::Array(_) => Err(MathError::Invalid(
            "The expression must produce a single time series.".into(),
        )),
    }
}

/// The queries' values, each expression after the queries it reads:
/// `metrics` are the MetricStat queries' series by id, `expressions` the
/// parsed expressions by id (request order). Fails on an unknown id or a
/// circular reference.
pub fn evaluate_all(
    metrics: BTreeMap<String, Points>,
    metric_ids: &[String],
    expressions: &[(String, Expr)],
    timestamps: &[u64],
) -> Result<BTreeMap<String, Value>, (String, MathError)> {
    let mut values: BTreeMap<String, Value> = metrics
        .into_iter()
        .map(|(k, v)| (k, Value::Series(v)))
        .collect();
    let mut left: Vec<&(String, Expr)> = expressions.iter().collect();
    while !left.is_empty() {
        let ready = left.iter().position(|(_, e)| {
            let mut refs = Vec::new();
            references(e, &mut refs);
            refs.iter().all(|r| values.contains_key(r))
        });
        let Some(i) = ready else {
            // Either an unknown id or a cycle: the first expression says.
            let (id, e) = left[0];
            let mut refs = Vec::new();
            references(e, &mut refs);
            let known =
                |r: &String| values.contains_key(r) || expressions.iter().any(|(x, _)| x == r);
            let err = match refs.iter().find(|r| !known(r)) {
                Some(r) => MathError::Invalid(format!("Unrecognized metric id '{r}'.")),
                None => MathError::Invalid("Circular dependency between expressions.".into()),
            };
            return Err((id.clone(), err));
        };
        let (id, e) = left.remove(i);
        let cx = Context {
            timestamps,
            values: &values,
            metric_ids,
        };
        let v = eval(e, &cx).map_err(|err| (id.clone(), err))?;
        values.insert(id.clone(), v);
    }
    Ok(values)
}

// ------------------------------------------------ queries of a request ---

use super::{MetricDataQuery, MetricKey, STATISTICS, check_dimensions, check_unit, invalid};
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;

/// MODEL (BOTO-CW:MetricDataQuery.Id): an Id is 1–255 characters.
const MAX_ID: usize = 255;

/// A query read and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Stat {
        key: MetricKey,
        stat: String,
        unit: Option<String>,
        /// Milliseconds.
        period: u64,
    },
    Expr(Expr),
}

/// The queries of a GetMetricData call, or an alarm's or a policy's
/// `Metrics`, checked: ids (a lowercase letter first, then letters,
/// digits and underscores; unique), exactly one of MetricStat and
/// Expression each, the MetricStats' statistics, units and periods, the
/// expressions read and their ids known, no circular reference. `member`
/// names the list in the messages (`MetricDataQueries`, `Metrics`).
pub fn check_queries(
    queries: &[MetricDataQuery],
    operation: &str,
    member: &str,
) -> Result<Vec<(String, Query)>, ApiError> {
    let mut out: Vec<(String, Query)> = Vec::new();
    for q in queries {
        let id_ok = q.id.len() <= MAX_ID
            && q.id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && q.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !id_ok {
            return Err(invalid(format!(
                "The value {} for parameter {member}.member.Id is invalid: an Id starts with a lowercase letter and has only letters, digits and underscores.",
                q.id
            )));
        }
        if out.iter().any(|(id, _)| *id == q.id) {
            return Err(invalid(format!(
                "The value {} for parameter {member}.member.Id is used more than once.",
                q.id
            )));
        }
        let query = match (&q.metric_stat, &q.expression) {
            (Some(s), None) => {
                if !STATISTICS.contains(&s.stat.as_str()) {
                    return Err(ApiError::unsupported(
                        operation,
                        &format!(
                            "Stat {} (only SampleCount, Average, Sum, Minimum, Maximum)",
                            s.stat
                        ),
                    ));
                }
                if let Some(u) = &s.unit {
                    check_unit(u)?;
                }
                let period = checked_period(s.period)?;
                check_dimensions(&s.metric.dimensions)?;
                let (Some(ns), Some(name)) = (&s.metric.namespace, &s.metric.metric_name) else {
                    return Err(ApiError::new(
                        ErrorCode::MissingParameter,
                        "A MetricStat's Metric needs a Namespace and a MetricName.",
                    ));
                };
                let dims: Vec<(&str, &str)> = s
                    .metric
                    .dimensions
                    .iter()
                    .map(|d| (d.name.as_str(), d.value.as_str()))
                    .collect();
                Query::Stat {
                    key: MetricKey::new(ns, name, &dims),
                    stat: s.stat.clone(),
                    unit: s.unit.clone(),
                    period,
                }
            }
            (None, Some(text)) => {
                if let Some(p) = q.period {
                    checked_period(p)?;
                }
                Query::Expr(parse(text).map_err(|e| math_error(operation, &q.id, e))?)
            }
            _ => {
                return Err(ApiError::new(
                    ErrorCode::InvalidParameterCombination,
                    format!(
                        "Each element of {member} needs exactly one of MetricStat and Expression."
                    ),
                ));
            }
        };
        out.push((q.id.clone(), query));
    }
    // The ids and the order: evaluated once over no data (what an
    // expression is made of does not depend on the data).
    evaluate_queries(&out, |_| Points::new(), &[0])
        .map_err(|(id, e)| math_error(operation, &id, e))?;
    Ok(out)
}

/// A MathError as the API answers it.
pub fn math_error(operation: &str, id: &str, e: MathError) -> ApiError {
    match e {
        MathError::Invalid(m) => ApiError::new(
            ErrorCode::ValidationError,
            format!("Error in expression '{id}': {m}"),
        ),
        MathError::Unsupported(what) => ApiError::unsupported(operation, &what),
    }
}

/// 1, 5, 10, 30 or a multiple of 60 seconds; the simulated data is
/// one-minute data, so below 60 a period still holds a minute. In ms.
pub fn checked_period(period: i64) -> Result<u64, ApiError> {
    match period {
        1 | 5 | 10 | 30 => Ok(60_000),
        p if p >= 60 && p % 60 == 0 => Ok(p as u64 * 1000),
        p => Err(invalid(format!(
            "The parameter Period must be 1, 5, 10, 30 or a multiple of 60 (got {p})."
        ))),
    }
}

/// Every query's value: `series` reads a MetricStat query's points.
pub fn evaluate_queries(
    queries: &[(String, Query)],
    series: impl Fn(&Query) -> Points,
    timestamps: &[u64],
) -> Result<BTreeMap<String, Value>, (String, MathError)> {
    let mut metrics = BTreeMap::new();
    let mut ids = Vec::new();
    let mut exprs = Vec::new();
    for (id, q) in queries {
        match q {
            Query::Stat { .. } => {
                metrics.insert(id.clone(), series(q));
                ids.push(id.clone());
            }
            Query::Expr(e) => exprs.push((id.clone(), e.clone())),
        }
    }
    evaluate_all(metrics, &ids, &exprs, timestamps)
}

impl Sim {
    /// Every query's points over [start, end): the MetricStats each in its
    /// own period, the expressions over the periods of `period` (ms).
    pub(crate) fn query_points(
        &self,
        queries: &[(String, Query)],
        start: u64,
        end: u64,
        period: u64,
    ) -> Result<BTreeMap<String, Points>, (String, MathError)> {
        // Only expressions need the periods (FILL, numbers); GetMetricData
        // bounds their number (F16.5), an alarm's are few.
        let has_expression = queries.iter().any(|(_, q)| matches!(q, Query::Expr(_)));
        let timestamps: Vec<u64> = if has_expression {
            (0..)
                .map(|i| start + i * period.max(1))
                .take_while(|t| *t < end)
                .collect()
        } else {
            Vec::new()
        };
        let read = |q: &Query| -> Points {
            let Query::Stat {
                key,
                stat,
                unit,
                period,
            } = q
            else {
                return Points::new();
            };
            self.aggregate(key, unit.as_deref(), start, end, *period)
                .map(|(_, b)| b.into_iter().map(|(t, s)| (t, s.get(stat))).collect())
                .unwrap_or_default()
        };
        // An array (METRICS()) is no one series: only read by others.
        Ok(evaluate_queries(queries, read, &timestamps)?
            .into_iter()
            .filter_map(|(id, v)| as_series(v, &timestamps).ok().map(|p| (id, p)))
            .collect())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const T: [u64; 4] = [0, 60_000, 120_000, 180_000];

    fn series(points: &[(u64, f64)]) -> Points {
        points.iter().copied().collect()
    }

    fn run(expr: &str, vars: &[(&str, Points)]) -> Result<Value, MathError> {
        let values: BTreeMap<String, Value> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::Series(v.clone())))
            .collect();
        let ids: Vec<String> = vars.iter().map(|(k, _)| (*k).to_owned()).collect();
        eval(
            &parse(expr)?,
            &Context {
                timestamps: &T,
                values: &values,
                metric_ids: &ids,
            },
        )
    }

    #[test]
    fn arithmetic_follows_precedence_and_parentheses() {
        assert_eq!(run("1 + 2 * 3", &[]), Ok(Value::Scalar(7.0)));
        assert_eq!(run("(1 + 2) * 3", &[]), Ok(Value::Scalar(9.0)));
        assert_eq!(run("-2 ^ 2", &[]), Ok(Value::Scalar(-4.0)));
        assert_eq!(run("10 / 4 - 1", &[]), Ok(Value::Scalar(1.5)));
        assert_eq!(run("2 * 3 > 5", &[]), Ok(Value::Scalar(1.0)));
    }

    #[test]
    fn backlog_per_task_divides_where_both_have_data() {
        let m1 = series(&[(0, 300.0), (60_000, 150.0), (120_000, 90.0)]);
        let m2 = series(&[(0, 3.0), (60_000, 0.0), (180_000, 2.0)]);
        // 60 000: division by zero is no datapoint; 120 000 and 180 000:
        // one side missing, no datapoint.
        assert_eq!(
            run("m1 / m2", &[("m1", m1.clone()), ("m2", m2.clone())]),
            Ok(Value::Series(series(&[(0, 100.0)])))
        );
        // FILL gives the missing ones a value first.
        assert_eq!(
            run("FILL(m1, 0) / FILL(m2, 1)", &[("m1", m1), ("m2", m2)]),
            Ok(Value::Series(series(&[
                (0, 100.0),
                (120_000, 90.0),
                (180_000, 0.0)
            ])))
        );
        assert_eq!(
            run("0 / 0", &[]).map(|v| as_series(v, &T)),
            Ok(Ok(Points::new()))
        );
    }

    #[test]
    fn fill_repeat_and_if() {
        let m1 = series(&[(60_000, 5.0), (180_000, 7.0)]);
        assert_eq!(
            run("FILL(m1, REPEAT)", &[("m1", m1.clone())]),
            Ok(Value::Series(series(&[
                (60_000, 5.0),
                (120_000, 5.0),
                (180_000, 7.0)
            ])))
        );
        let m2 = series(&[(60_000, 0.0), (180_000, 2.0)]);
        assert_eq!(
            run(
                "IF(m2 > 0, m1 / m2, m1)",
                &[("m1", m1.clone()), ("m2", m2.clone())]
            ),
            Ok(Value::Series(series(&[(60_000, 5.0), (180_000, 3.5)])))
        );
        assert_eq!(
            run("IF(m2, m1)", &[("m1", m1), ("m2", m2)]),
            Ok(Value::Series(series(&[(180_000, 7.0)])))
        );
    }

    #[test]
    fn arrays_and_their_reductions() {
        let a = series(&[(0, 1.0), (60_000, 2.0)]);
        let b = series(&[(0, 3.0)]);
        assert_eq!(
            run("SUM(METRICS())", &[("a", a.clone()), ("b", b.clone())]),
            Ok(Value::Series(series(&[(0, 4.0), (60_000, 2.0)])))
        );
        assert_eq!(
            run("MAX(METRICS() * 2)", &[("a", a.clone()), ("b", b.clone())]),
            Ok(Value::Series(series(&[(0, 6.0), (60_000, 4.0)])))
        );
        assert_eq!(run("AVG(a)", &[("a", a.clone())]), Ok(Value::Scalar(1.5)));
        assert_eq!(
            as_series(run("METRICS()", &[("a", a), ("b", b)]).unwrap(), &T),
            Err(MathError::Invalid(
                "The expression must produce a single time series.".into()
            ))
        );
    }

    #[test]
    fn what_is_not_simulated_is_named_and_mistakes_are_invalid() {
        for (text, want) in [
            ("RATE(m1)", "RATE"),
            ("ANOMALY_DETECTION_BAND(m1, 2)", "ANOMALY_DETECTION_BAND"),
            ("SEARCH('x', 'Average', 60)", "SEARCH"),
            ("METRICS('cpu')", "METRICS"),
            ("FILL(m1, LINEAR)", "LINEAR"),
        ] {
            let got = parse(text);
            assert!(
                matches!(&got, Err(MathError::Unsupported(m)) if m.contains(want)),
                "{text}: {got:?}"
            );
        }
        for text in ["m1 +", "(m1", "m1 m2", "FOO(m1)", "FILL(m1)", "", "m1 # 2"] {
            assert!(matches!(parse(text), Err(MathError::Invalid(_))), "{text}");
        }
    }

    #[test]
    fn expressions_evaluate_in_dependency_order_and_cycles_fail() {
        let metrics: BTreeMap<String, Points> = [("m1".to_owned(), series(&[(0, 10.0)]))]
            .into_iter()
            .collect();
        let ids = vec!["m1".to_owned()];
        let exprs = vec![
            ("e2".to_owned(), parse("e1 * 2").unwrap()),
            ("e1".to_owned(), parse("m1 + 1").unwrap()),
        ];
        let v = evaluate_all(metrics.clone(), &ids, &exprs, &T).unwrap();
        assert_eq!(v["e2"], Value::Series(series(&[(0, 22.0)])));
        let cyclic = vec![
            ("e1".to_owned(), parse("e2").unwrap()),
            ("e2".to_owned(), parse("e1").unwrap()),
        ];
        assert!(matches!(
            evaluate_all(metrics.clone(), &ids, &cyclic, &T),
            Err((_, MathError::Invalid(m))) if m.contains("Circular")
        ));
        let unknown = vec![("e1".to_owned(), parse("m9 / m1").unwrap())];
        assert_eq!(
            evaluate_all(metrics, &ids, &unknown, &T).err(),
            Some((
                "e1".to_owned(),
                MathError::Invalid("Unrecognized metric id 'm9'.".into())
            ))
        );
    }
}
