//! JMESPath, the language of `--query`: the part learners use, in pure Rust.
//!
//! Supported: identifiers (bare and `"quoted"`), sub-expressions `a.b`,
//! indexes `[0]` / `[-1]`, slices `[start:stop:step]`, list projections
//! `[*]`, object projections `*`, flatten `[]`, filters `[?expr]` with
//! `== != < <= > >= && || !`, multiselect lists `[a, b]` and hashes
//! `{x: a, y: b}`, pipes `|`, literals `` `json` `` and `'raw strings'`,
//! `@`, expression references `&field`, and the functions `length`,
//! `sort_by`, `max_by`, `min_by`, `contains`, `starts_with`, `ends_with`,
//! `join`, `keys`, `values`, `sort`, `max`, `min`, `sum`, `avg`, `reverse`,
//! `not_null`, `to_string`, `to_number`, `type`, `abs`, `floor`, `ceil`.
//!
//! The parser is a Pratt parser with the binding powers of the JMESPath
//! specification; evaluation follows the specification's rules (projections
//! drop `null`s, comparisons of non-numbers with `<` give `null`, …).
//! Objects keep their key order, so results print as the AWS CLI prints them.

use serde_json::{Map, Value};

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression(Node);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Current,
    Field(String),
    Sub(Box<Node>, Box<Node>),
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left[*] right`, `left[] right` (left is a Flatten), `left[:] right`.
    Projection(Box<Node>, Box<Node>),
    /// `left.* right`
    ValueProjection(Box<Node>, Box<Node>),
    Flatten(Box<Node>),
    Filter(Box<Node>, Box<Node>, Box<Node>),
    MultiList(Vec<Node>),
    MultiHash(Vec<(String, Node)>),
    Pipe(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Compare(Cmp, Box<Node>, Box<Node>),
    Literal(Value),
    Function(String, Vec<Node>),
    ExpRef(Box<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Quoted(String),
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    LBracket,
    RBracket,
    Flatten,
    Filter,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Cmp(Cmp),
    At,
    Ampersand,
    Eof,
}

impl Tok {
    fn binding_power(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Cmp(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

/// Longest expression accepted (a query is typed by a person).
const MAX_LEN: usize = 4096;
/// Deepest nesting accepted, so no input can exhaust the stack.
const MAX_DEPTH: usize = 64;

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let tok = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let mut s = String::new();
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    s.push(chars[i]);
                    i += 1;
                }
                out.push((start, Tok::Ident(s)));
                continue;
            }
            '0'..='9' | '-' => {
                let mut s = String::from(c);
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    s.push(chars[i]);
                    i += 1;
                }
                let n = s
                    .parse::<i64>()
                    .map_err(|_| format!("invalid number '{s}' at column {start}"))?;
                out.push((start, Tok::Number(n)));
                continue;
            }
            '"' => {
                let (raw, next) = delimited(&chars, i, '"')?;
                i = next;
                let s: String = serde_json::from_str(&format!("\"{raw}\""))
                    .map_err(|_| format!("invalid quoted identifier at column {start}"))?;
                out.push((start, Tok::Quoted(s)));
                continue;
            }
            '\'' => {
                let (raw, next) = delimited(&chars, i, '\'')?;
                i = next;
                out.push((start, Tok::Literal(Value::String(raw.replace("\\'", "'")))));
                continue;
            }
            '`' => {
                let (raw, next) = delimited(&chars, i, '`')?;
                i = next;
                let raw = raw.replace("\\`", "`");
                // Like jmespath.py (and so the AWS CLI), `text` that is not
                // JSON is read as the string "text" (the legacy form).
                let value = serde_json::from_str::<Value>(raw.trim())
                    .or_else(|_| {
                        serde_json::from_str::<Value>(&format!("\"{}\"", raw.trim_start()))
                    })
                    .map_err(|_| format!("invalid JSON literal `{raw}` at column {start}"))?;
                out.push((start, Tok::Literal(value)));
                continue;
            }
            '.' => Tok::Dot,
            '*' => Tok::Star,
            '[' => match chars.get(i + 1) {
                Some(']') => {
                    i += 1;
                    Tok::Flatten
                }
                Some('?') => {
                    i += 1;
                    Tok::Filter
                }
                _ => Tok::LBracket,
            },
            ']' => Tok::RBracket,
            '{' => Tok::LBrace,
            '}' => Tok::RBrace,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            ':' => Tok::Colon,
            '@' => Tok::At,
            '|' if chars.get(i + 1) == Some(&'|') => {
                i += 1;
                Tok::Or
            }
            '|' => Tok::Pipe,
            '&' if chars.get(i + 1) == Some(&'&') => {
                i += 1;
                Tok::And
            }
            '&' => Tok::Ampersand,
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Tok::Cmp(Cmp::Ne)
            }
            '!' => Tok::Not,
            '=' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Tok::Cmp(Cmp::Eq)
            }
            '<' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Tok::Cmp(Cmp::Le)
            }
            '<' => Tok::Cmp(Cmp::Lt),
            '>' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Tok::Cmp(Cmp::Ge)
            }
            '>' => Tok::Cmp(Cmp::Gt),
            other => return Err(format!("unexpected character '{other}' at column {start}")),
        };
        i += 1;
        out.push((start, tok));
    }
    out.push((chars.len(), Tok::Eof));
    Ok(out)
}

/// The text between `chars[open]` and its closing `quote` (backslash escapes
/// kept), and the index after the close.
fn delimited(chars: &[char], open: usize, quote: char) -> Result<(String, usize), String> {
    let mut s = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                s.push('\\');
                s.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((s, i + 1)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(format!("unclosed {quote} starting at column {open}"))
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::Eof, |t| &t.1)
    }
    fn peek_at(&self, ahead: usize) -> &Tok {
        self.toks.get(self.pos + ahead).map_or(&Tok::Eof, |t| &t.1)
    }
    fn column(&self) -> usize {
        self.toks.get(self.pos).map_or(0, |t| t.0)
    }
    fn next(&mut self) -> Tok {
        let tok = self.peek().clone();
        self.pos += 1;
        tok
    }
    fn unexpected(&self) -> String {
        match self.peek() {
            Tok::Eof => "unexpected end of expression".to_owned(),
            tok => format!("unexpected token {tok:?} at column {}", self.column()),
        }
    }
    fn expect(&mut self, want: &Tok) -> Result<(), String> {
        if self.peek() == want {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("expression nested too deeply".to_owned());
        }
        let tok = self.next();
        let mut left = self.nud(tok)?;
        while rbp < self.peek().binding_power() {
            let tok = self.next();
            left = self.led(tok, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, tok: Tok) -> Result<Node, String> {
        Ok(match tok {
            Tok::Ident(name) | Tok::Quoted(name) => Node::Field(name),
            Tok::Literal(v) => Node::Literal(v),
            Tok::At => Node::Current,
            Tok::Star => {
                let right = self.projection_rhs(Tok::Star.binding_power())?;
                Node::ValueProjection(Box::new(Node::Current), Box::new(right))
            }
            Tok::Flatten => {
                let right = self.projection_rhs(Tok::Flatten.binding_power())?;
                Node::Projection(
                    Box::new(Node::Flatten(Box::new(Node::Current))),
                    Box::new(right),
                )
            }
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(Node::Current, index)?
                }
                Tok::Star if self.peek_at(1) == &Tok::RBracket => {
                    self.pos += 2;
                    let right = self.projection_rhs(Tok::Star.binding_power())?;
                    Node::Projection(Box::new(Node::Current), Box::new(right))
                }
                _ => self.multi_list()?,
            },
            Tok::Filter => self.filter(Node::Current)?,
            Tok::LBrace => self.multi_hash()?,
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Tok::RParen)?;
                inner
            }
            Tok::Not => Node::Not(Box::new(self.expression(Tok::Not.binding_power())?)),
            Tok::Ampersand => Node::ExpRef(Box::new(self.expression(0)?)),
            _ => {
                self.pos -= 1;
                return Err(self.unexpected());
            }
        })
    }

    fn led(&mut self, tok: Tok, left: Node) -> Result<Node, String> {
        Ok(match tok {
            Tok::Dot => {
                if self.peek() == &Tok::Star {
                    self.pos += 1;
                    let right = self.projection_rhs(Tok::Dot.binding_power())?;
                    Node::ValueProjection(Box::new(left), Box::new(right))
                } else {
                    let right = self.dot_rhs(Tok::Dot.binding_power())?;
                    Node::Sub(Box::new(left), Box::new(right))
                }
            }
            Tok::Pipe => Node::Pipe(
                Box::new(left),
                Box::new(self.expression(Tok::Pipe.binding_power())?),
            ),
            Tok::Or => Node::Or(
                Box::new(left),
                Box::new(self.expression(Tok::Or.binding_power())?),
            ),
            Tok::And => Node::And(
                Box::new(left),
                Box::new(self.expression(Tok::And.binding_power())?),
            ),
            Tok::Cmp(op) => Node::Compare(
                op,
                Box::new(left),
                Box::new(self.expression(Tok::Cmp(op).binding_power())?),
            ),
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(&Tok::Star)?;
                    self.expect(&Tok::RBracket)?;
                    let right = self.projection_rhs(Tok::Star.binding_power())?;
                    Node::Projection(Box::new(left), Box::new(right))
                }
            },
            Tok::Flatten => {
                let right = self.projection_rhs(Tok::Flatten.binding_power())?;
                Node::Projection(Box::new(Node::Flatten(Box::new(left))), Box::new(right))
            }
            Tok::Filter => self.filter(left)?,
            Tok::LParen => {
                let Node::Field(name) = left else {
                    return Err("only a function name can be followed by '('".to_owned());
                };
                let mut args = Vec::new();
                while self.peek() != &Tok::RParen {
                    args.push(self.expression(0)?);
                    if self.peek() == &Tok::Comma {
                        self.pos += 1;
                    } else if self.peek() != &Tok::RParen {
                        return Err(self.unexpected());
                    }
                }
                self.pos += 1;
                Node::Function(name, args)
            }
            _ => {
                self.pos -= 1;
                return Err(self.unexpected());
            }
        })
    }

    fn filter(&mut self, left: Node) -> Result<Node, String> {
        let condition = self.expression(0)?;
        self.expect(&Tok::RBracket)?;
        let right = if self.peek() == &Tok::Flatten {
            Node::Current
        } else {
            self.projection_rhs(Tok::Filter.binding_power())?
        };
        Ok(Node::Filter(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    /// After `[`: `n]` or `start:stop:step]`.
    fn index_expression(&mut self) -> Result<Node, String> {
        let mut parts: [Option<i64>; 3] = [None, None, None];
        let mut part = 0;
        let mut colons = 0;
        loop {
            match self.next() {
                Tok::Number(n) if parts[part].is_none() => parts[part] = Some(n),
                Tok::Colon if colons < 2 => {
                    colons += 1;
                    part += 1;
                }
                Tok::RBracket => break,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
        if colons == 0 {
            match parts[0] {
                Some(n) => Ok(Node::Index(n)),
                None => Err("empty index".to_owned()),
            }
        } else {
            if parts[2] == Some(0) {
                return Err("slice step cannot be 0".to_owned());
            }
            Ok(Node::Slice(parts[0], parts[1], parts[2]))
        }
    }

    fn project_if_slice(&mut self, left: Node, index: Node) -> Result<Node, String> {
        let is_slice = matches!(index, Node::Slice(..));
        let indexed = Node::Sub(Box::new(left), Box::new(index));
        if is_slice {
            let right = self.projection_rhs(Tok::Star.binding_power())?;
            Ok(Node::Projection(Box::new(indexed), Box::new(right)))
        } else {
            Ok(indexed)
        }
    }

    fn projection_rhs(&mut self, rbp: u8) -> Result<Node, String> {
        if self.peek().binding_power() < 10 {
            return Ok(Node::Current);
        }
        match self.peek() {
            Tok::LBracket | Tok::Filter => self.expression(rbp),
            Tok::Dot => {
                self.pos += 1;
                self.dot_rhs(rbp)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn dot_rhs(&mut self, rbp: u8) -> Result<Node, String> {
        match self.peek() {
            Tok::Ident(_) | Tok::Quoted(_) | Tok::Star => self.expression(rbp),
            Tok::LBracket => {
                self.pos += 1;
                self.multi_list()
            }
            Tok::LBrace => {
                self.pos += 1;
                self.multi_hash()
            }
            _ => Err(self.unexpected()),
        }
    }

    fn multi_list(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.next() {
                Tok::Comma => {}
                Tok::RBracket => break,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
        Ok(Node::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Node, String> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.next() {
                Tok::Ident(k) | Tok::Quoted(k) => k,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            };
            self.expect(&Tok::Colon)?;
            pairs.push((key, self.expression(0)?));
            match self.next() {
                Tok::Comma => {}
                Tok::RBrace => break,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
        Ok(Node::MultiHash(pairs))
    }
}

/// Parses a JMESPath expression; `Err` says what is wrong and where.
pub fn compile(text: &str) -> Result<Expression, String> {
    if text.len() > MAX_LEN {
        return Err(format!("expression longer than {MAX_LEN} characters"));
    }
    let mut parser = Parser {
        toks: lex(text)?,
        pos: 0,
        depth: 0,
    };
    let node = parser.expression(0)?;
    if parser.peek() != &Tok::Eof {
        return Err(parser.unexpected());
    }
    Ok(Expression(node))
}

impl Expression {
    /// Evaluates the expression on `data`; `Err` is a type error in a
    /// function call, as JMESPath reports it.
    pub fn search(&self, data: &Value) -> Result<Value, String> {
        eval(&self.0, data)
    }
}

/// Compiles and evaluates in one go.
pub fn search(expression: &str, data: &Value) -> Result<Value, String> {
    compile(expression)?.search(data)
}

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

fn json_eq(a: &Value, b: &Value) -> bool {
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

fn eval(node: &Node, data: &Value) -> Result<Value, String> {
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

fn call(name: &str, args: &[Node], data: &Value) -> Result<Value, String> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(expr: &str, data: Value) -> Value {
        search(expr, &data).unwrap_or_else(|e| panic!("{expr}: {e}"))
    }

    // Examples from the JMESPath specification and tutorial
    // (jmespath.org/specification.html, jmespath.org/tutorial.html).
    #[test]
    fn basic_expressions() {
        assert_eq!(s("a", json!({"a": "foo", "b": "bar"})), json!("foo"));
        assert_eq!(s("d", json!({"a": "foo"})), Value::Null);
        assert_eq!(
            s("a.b.c.d", json!({"a": {"b": {"c": {"d": "value"}}}})),
            json!("value")
        );
        assert_eq!(s("[1]", json!(["a", "b", "c"])), json!("b"));
        assert_eq!(s("[-1]", json!(["a", "b", "c"])), json!("c"));
        assert_eq!(s("[5]", json!(["a"])), Value::Null);
        assert_eq!(
            s(
                "a.b.c[0].d[1][0]",
                json!({"a": {"b": {"c": [{"d": [0, [1, 2]]}, {"d": [3, 4]}]}}})
            ),
            json!(1)
        );
        assert_eq!(s("\"with space\"", json!({"with space": 1})), json!(1));
    }

    #[test]
    fn slices() {
        let data = json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(s("[0:5]", data.clone()), json!([0, 1, 2, 3, 4]));
        assert_eq!(s("[5:10]", data.clone()), json!([5, 6, 7, 8, 9]));
        assert_eq!(s("[:5]", data.clone()), json!([0, 1, 2, 3, 4]));
        assert_eq!(s("[::2]", data.clone()), json!([0, 2, 4, 6, 8]));
        assert_eq!(
            s("[::-1]", data.clone()),
            json!([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
        );
        assert_eq!(s("[-2:]", data.clone()), json!([8, 9]));
        assert_eq!(s("[8:2:-3]", data), json!([8, 5]));
        assert!(compile("[::0]").is_err());
    }

    #[test]
    fn projections() {
        let people = json!({"people": [
            {"first": "James", "last": "d"},
            {"first": "Jacob", "last": "e"},
            {"first": "Jayden", "last": "f"},
            {"missing": "different"}
        ], "foo": {"bar": "baz"}});
        assert_eq!(
            s("people[*].first", people.clone()),
            json!(["James", "Jacob", "Jayden"])
        );
        assert_eq!(
            s("people[:2].first", people.clone()),
            json!(["James", "Jacob"])
        );
        let ops = json!({"ops": {
            "functionA": {"numArgs": 2},
            "functionB": {"numArgs": 3},
            "functionC": {"variadic": true}
        }});
        assert_eq!(s("ops.*.numArgs", ops), json!([2, 3]));
        let reservations = json!({"reservations": [
            {"instances": [{"state": "running"}, {"state": "stopped"}]},
            {"instances": [{"state": "terminated"}, {"state": "running"}]}
        ]});
        assert_eq!(
            s("reservations[*].instances[*].state", reservations.clone()),
            json!([["running", "stopped"], ["terminated", "running"]])
        );
        assert_eq!(
            s("reservations[].instances[].state", reservations),
            json!(["running", "stopped", "terminated", "running"])
        );
        assert_eq!(
            s("[]", json!([[0, 1], 2, [3], 4, [5, [6, 7]]])),
            json!([0, 1, 2, 3, 4, 5, [6, 7]])
        );
        // A projection stops at a pipe.
        assert_eq!(s("people[*].first | [0]", people), json!("James"));
    }

    #[test]
    fn filters() {
        let machines = json!({"machines": [
            {"name": "a", "state": "running", "cpu": 2},
            {"name": "b", "state": "stopped", "cpu": 4},
            {"name": "c", "state": "running", "cpu": 8}
        ]});
        assert_eq!(
            s("machines[?state=='running'].name", machines.clone()),
            json!(["a", "c"])
        );
        assert_eq!(
            s("machines[?state!='running'].name", machines.clone()),
            json!(["b"])
        );
        assert_eq!(
            s("machines[?cpu > `2`].name", machines.clone()),
            json!(["b", "c"])
        );
        assert_eq!(
            s("machines[?cpu <= `4`].name", machines.clone()),
            json!(["a", "b"])
        );
        assert_eq!(
            s(
                "machines[?state=='running' && cpu > `4`].name",
                machines.clone()
            ),
            json!(["c"])
        );
        assert_eq!(
            s("machines[?name=='a' || name=='b'].cpu", machines.clone()),
            json!([2, 4])
        );
        assert_eq!(
            s("machines[?!(state=='running')].name", machines.clone()),
            json!(["b"])
        );
        assert_eq!(s("machines[?state < 'x']", machines), json!([]));
    }

    #[test]
    fn multiselect_and_pipes() {
        let people = json!({"people": [
            {"name": "a", "state": {"name": "up"}},
            {"name": "b", "state": {"name": "down"}}
        ]});
        assert_eq!(
            s("people[].[name, state.name]", people.clone()),
            json!([["a", "up"], ["b", "down"]])
        );
        let hashed = s("people[].{Name: name, State: state.name}", people.clone());
        assert_eq!(
            hashed,
            json!([{"Name": "a", "State": "up"}, {"Name": "b", "State": "down"}])
        );
        // Key order is the expression's order, as the AWS CLI prints it.
        let keys: Vec<_> = hashed[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["Name", "State"]);
        assert_eq!(s("people[*].name | [1]", people), json!("b"));
        assert_eq!(s("foo.[a, b]", json!({"foo": null})), Value::Null);
    }

    #[test]
    fn functions() {
        let data = json!({"people": [
            {"name": "b", "age": 30, "tags": ["x"]},
            {"name": "a", "age": 50, "tags": []},
            {"name": "c", "age": 40, "tags": ["x", "y"]}
        ], "arns": ["arn:aws:ecs:x:cluster/a", "arn:aws:ecs:x:cluster/b"]});
        assert_eq!(s("length(people)", data.clone()), json!(3));
        assert_eq!(s("length('abc')", data.clone()), json!(3));
        assert_eq!(
            s("sort_by(people, &age)[].name", data.clone()),
            json!(["b", "c", "a"])
        );
        assert_eq!(s("max_by(people, &age).name", data.clone()), json!("a"));
        assert_eq!(s("min_by(people, &age).name", data.clone()), json!("b"));
        assert_eq!(
            s("people[?contains(tags, 'y')].name", data.clone()),
            json!(["c"])
        );
        assert_eq!(s("contains('foobar', 'oba')", data.clone()), json!(true));
        assert_eq!(
            s(
                "arns[?starts_with(@, 'arn:aws:ecs')] | length(@)",
                data.clone()
            ),
            json!(2)
        );
        assert_eq!(
            s("join(', ', people[].name)", data.clone()),
            json!("b, a, c")
        );
        assert_eq!(
            s("keys(people[0])", data.clone()),
            json!(["name", "age", "tags"])
        );
        assert_eq!(s("values({a: `1`, b: `2`})", data.clone()), json!([1, 2]));
        assert_eq!(
            s("sort(people[].name)", data.clone()),
            json!(["a", "b", "c"])
        );
        assert_eq!(s("max(people[].age)", data.clone()), json!(50));
        assert_eq!(s("sum(people[].age)", data.clone()), json!(120));
        assert_eq!(s("avg(people[].age)", data.clone()), json!(40));
        assert_eq!(
            s("people[?length(tags) > `0`].name", data.clone()),
            json!(["b", "c"])
        );
        assert_eq!(
            s("not_null(missing, people[0].name)", data.clone()),
            json!("b")
        );
        assert!(
            search("length(`1`)", &data)
                .unwrap_err()
                .contains("invalid type")
        );
        assert!(search("sort_by(people, age)", &data).is_err());
        assert!(search("nope(@)", &data).is_err());
        assert!(search("length(@, @)", &data).is_err());
    }

    #[test]
    fn literals_and_truthiness() {
        assert_eq!(s("`\"x\"`", json!({})), json!("x"));
        // Legacy unquoted literal, accepted by jmespath.py.
        assert_eq!(s("`x`", json!({})), json!("x"));
        assert_eq!(s("'it\\'s'", json!({})), json!("it's"));
        assert_eq!(s("a || b", json!({"a": [], "b": "y"})), json!("y"));
        assert_eq!(s("a && b", json!({"a": "", "b": "y"})), json!(""));
        assert_eq!(s("!a", json!({"a": {}})), json!(true));
        assert_eq!(s("a == `1.0`", json!({"a": 1})), json!(true));
    }

    #[test]
    fn bad_expressions_are_errors_not_panics() {
        for bad in [
            "",
            "[",
            "]",
            "a.",
            "a[",
            "a[?",
            "a[?b",
            "{",
            "{a",
            "{a:",
            "{a: b",
            "a.[",
            "foo(",
            "'open",
            "`\"`",
            "\"open",
            "a..b",
            "[1:2:3:4]",
            "a[*",
            "a[x]",
            "&",
            "a |",
            "||",
            "(a",
            "a)",
            "#",
            "-",
            "[-]",
            "a.1",
            "*.[",
            "a[?b==]",
        ] {
            assert!(compile(bad).is_err(), "{bad:?} should not compile");
        }
        let deep = "(".repeat(500) + "a" + &")".repeat(500);
        assert!(compile(&deep).is_err());
        assert!(compile(&"a.".repeat(3000)).is_err());
        assert!(search("&a", &json!({})).is_err());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod fuzz {
    use super::*;
    use serde_json::json;
    use stevedore_engine::rng::Pcg32;

    /// Random mutations of valid expressions: an answer or an error, never
    /// a panic.
    #[test]
    fn mutated_expressions_never_panic() {
        let seeds = [
            "clusters[?status=='ACTIVE' && length(tags) > `0`].{n: clusterName, t: tags[0].key}",
            "sort_by(items, &size)[-2:].name | join(', ', @)",
            "a.b[*].c[][0:10:2] || `[]`",
            "max_by(people, &age).name",
            "keys(@) | [?starts_with(@, 'a')]",
        ];
        let data = json!({"clusters": [{"status": "ACTIVE", "clusterName": "x", "tags": [{"key": "k"}]}],
            "items": [{"size": 1, "name": "a"}, {"size": 2, "name": "b"}], "a": {"b": [{"c": [[1, 2], 3]}]},
            "people": [{"age": 3, "name": "p"}]});
        let alphabet: Vec<char> = "[]{}()'`\"@&|!=<>.,:*?-09az ".chars().collect();
        let mut rng = Pcg32::from_seed(11);
        for i in 0..5_000 {
            let mut text: Vec<char> = seeds[i % seeds.len()].chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(text.len() as u32 + 1) as usize;
                if rng.below(2) == 0 && at < text.len() {
                    text.remove(at);
                } else {
                    text.insert(
                        at.min(text.len()),
                        alphabet[rng.below(alphabet.len() as u32) as usize],
                    );
                }
            }
            let text: String = text.into_iter().collect();
            let _ = search(&text, &data);
        }
    }
}
