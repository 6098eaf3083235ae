//! DynamoDB's expressions: condition (ConditionExpression,
//! FilterExpression, KeyConditionExpression), projection and update
//! expressions, with `#name` and `:value` placeholders.
//!
//! Conditions: `=`, `<>`, `<`, `<=`, `>`, `>=`, `BETWEEN … AND …`,
//! `IN (…)`, `attribute_exists`, `attribute_not_exists`, `attribute_type`,
//! `begins_with`, `contains`, `size`, `AND`, `OR`, `NOT` and parentheses,
//! with DynamoDB's precedence (comparisons, then NOT, AND, OR). Paths are
//! names, `#placeholders`, `.member` and `[index]`. Updates: `SET` (`=` a
//! value, `path + :n`, `path - :n`, `if_not_exists`, `list_append`),
//! `REMOVE`, `ADD` (numbers and sets) and `DELETE` (from sets).
//!
//! A bare attribute name may not be one of DynamoDB's reserved words
//! (`reserved.rs`: `status`, `name`, `total`, … need a `#placeholder`).
//! Syntax errors name the token as DynamoDB does, with a shorter `near`.

use super::value::{AttributeValue, Decimal, Item, parse_number, validation};
use crate::error::ApiError;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Name(String),
    Index(usize),
}

pub type Path = Vec<Step>;

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Path(Path),
    Value(AttributeValue),
    Size(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Compare(Operand, Cmp, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(Path),
    NotExists(Path),
    Type(Path, Operand),
    BeginsWith(Path, Operand),
    Contains(Path, Operand),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

/// A SET action's value.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    Operand(UpdateOperand),
    Plus(UpdateOperand, UpdateOperand),
    Minus(UpdateOperand, UpdateOperand),
}

#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOperand {
    Path(Path),
    Value(AttributeValue),
    IfNotExists(Path, Box<UpdateOperand>),
    ListAppend(Box<UpdateOperand>, Box<UpdateOperand>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Set(Path, SetValue),
    Remove(Path),
    Add(Path, AttributeValue),
    Delete(Path, AttributeValue),
}

/// The request's placeholders, and which of them the expressions used.
pub struct Placeholders<'a> {
    pub names: &'a BTreeMap<String, String>,
    pub values: &'a BTreeMap<String, AttributeValue>,
    used_names: BTreeSet<String>,
    used_values: BTreeSet<String>,
}

impl<'a> Placeholders<'a> {
    pub fn new(
        names: &'a BTreeMap<String, String>,
        values: &'a BTreeMap<String, AttributeValue>,
    ) -> Self {
        Placeholders {
            names,
            values,
            used_names: BTreeSet::new(),
            used_values: BTreeSet::new(),
        }
    }

    /// DynamoDB refuses placeholders no expression used.
    pub fn check_all_used(&self) -> Result<(), ApiError> {
        let unused: Vec<&str> = self
            .names
            .keys()
            .filter(|k| !self.used_names.contains(*k))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            return Err(validation(format!(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                unused.join(", ")
            )));
        }
        let unused: Vec<&str> = self
            .values
            .keys()
            .filter(|k| !self.used_values.contains(*k))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            return Err(validation(format!(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                unused.join(", ")
            )));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Name(String),
    Value(String),
    Number(usize),
    Sym(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::Name(s) | Tok::Value(s) => s.clone(),
            Tok::Number(n) => n.to_string(),
            Tok::Sym(s) => (*s).to_owned(),
        }
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
    }
}

const SYMBOLS: &[&str] = &[
    "<>", "<=", ">=", "=", "<", ">", "(", ")", "[", "]", ",", ".", "+", "-",
];

/// DynamoDB's limit on an expression's length (4 KB).
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// MODEL: how deeply parentheses and NOTs may nest (DynamoDB's own limit,
/// 300 operators per expression, is not modelled).
pub const MAX_NESTING: usize = 50;

struct Parser<'p, 'a> {
    kind: &'static str,
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    ph: &'p mut Placeholders<'a>,
}

fn lex(kind: &str, text: &str) -> Result<Vec<Tok>, ApiError> {
    let mut toks = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' || c == ':' {
            let start = i;
            i += 1;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            if s.len() == 1 {
                return Err(syntax(kind, &s, &s));
            }
            toks.push(if c == '#' {
                Tok::Name(s)
            } else {
                Tok::Value(s)
            });
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            toks.push(Tok::Number(s.parse().unwrap_or(usize::MAX)));
            continue;
        }
        if word(c) {
            let start = i;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            toks.push(Tok::Ident(chars[start..i].iter().collect()));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        match SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
            Some(s) => {
                toks.push(Tok::Sym(s));
                i += s.len();
            }
            None => {
                let near: String = chars[i.saturating_sub(2)..chars.len().min(i + 3)]
                    .iter()
                    .collect();
                return Err(validation(format!(
                    "Invalid {kind}: Invalid token: \"{c}\", near: \"{}\"",
                    near.trim()
                )));
            }
        }
    }
    Ok(toks)
}

fn syntax(kind: &str, token: &str, near: &str) -> ApiError {
    validation(format!(
        "Invalid {kind}: Syntax error; token: \"{token}\", near: \"{near}\""
    ))
}

impl<'p, 'a> Parser<'p, 'a> {
    fn new(kind: &'static str, text: &str, ph: &'p mut Placeholders<'a>) -> Result<Self, ApiError> {
        if text.trim().is_empty() {
            return Err(validation(format!(
                "Invalid {kind}: The expression can not be empty;"
            )));
        }
        if text.len() > MAX_EXPRESSION_BYTES {
            return Err(validation(format!(
                "Invalid {kind}: Expression size has exceeded the maximum allowed size; expression size: {}",
                text.len()
            )));
        }
        Ok(Parser {
            kind,
            toks: lex(kind, text)?,
            pos: 0,
            depth: 0,
            ph,
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn error_here(&self) -> ApiError {
        let token = self.peek().map_or("<EOF>".to_owned(), Tok::text);
        let near: Vec<String> = self.toks
            [self.pos.saturating_sub(1)..self.toks.len().min(self.pos + 2)]
            .iter()
            .map(Tok::text)
            .collect();
        syntax(self.kind, &token, &near.join(" "))
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if self.peek()
            == Some(&Tok::Sym(match SYMBOLS.iter().find(|x| **x == s) {
                Some(x) => x,
                None => return false,
            }))
        {
            self.pos += 1;
            return true;
        }
        false
    }

    fn expect_sym(&mut self, s: &str) -> Result<(), ApiError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        if self.peek().is_some_and(|t| t.keyword(word)) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn done(&self) -> Result<(), ApiError> {
        if self.pos < self.toks.len() {
            return Err(self.error_here());
        }
        Ok(())
    }

    fn name(&mut self) -> Result<String, ApiError> {
        match self.peek().cloned() {
            Some(Tok::Ident(s)) => {
                if super::reserved::is_reserved(&s) {
                    return Err(validation(format!(
                        "Invalid {}: Attribute name is a reserved keyword; reserved keyword: {s}",
                        self.kind
                    )));
                }
                self.pos += 1;
                Ok(s)
            }
            Some(Tok::Name(s)) => {
                self.pos += 1;
                let Some(real) = self.ph.names.get(&s) else {
                    return Err(validation(format!(
                        "Invalid {}: An expression attribute name used in the document path is not defined; attribute name: {s}",
                        self.kind
                    )));
                };
                self.ph.used_names.insert(s);
                Ok(real.clone())
            }
            _ => Err(self.error_here()),
        }
    }

    fn path(&mut self) -> Result<Path, ApiError> {
        let mut path = vec![Step::Name(self.name()?)];
        loop {
            if self.eat_sym(".") {
                path.push(Step::Name(self.name()?));
            } else if self.eat_sym("[") {
                let Some(Tok::Number(n)) = self.peek().cloned() else {
                    return Err(self.error_here());
                };
                self.pos += 1;
                self.expect_sym("]")?;
                path.push(Step::Index(n));
            } else {
                return Ok(path);
            }
        }
    }

    fn value(&mut self) -> Result<AttributeValue, ApiError> {
        let Some(Tok::Value(s)) = self.peek().cloned() else {
            return Err(self.error_here());
        };
        self.pos += 1;
        let Some(v) = self.ph.values.get(&s) else {
            return Err(validation(format!(
                "Invalid {}: An expression attribute value used in expression is not defined; attribute value: {s}",
                self.kind
            )));
        };
        self.ph.used_values.insert(s);
        Ok(v.clone())
    }

    fn is_call(&self, name: &str) -> bool {
        self.peek().is_some_and(|t| t.keyword(name))
            && self.toks.get(self.pos + 1) == Some(&Tok::Sym("("))
    }

    fn operand(&mut self) -> Result<Operand, ApiError> {
        if self.is_call("size") {
            self.pos += 2;
            let p = self.path()?;
            self.expect_sym(")")?;
            return Ok(Operand::Size(p));
        }
        match self.peek() {
            Some(Tok::Value(_)) => Ok(Operand::Value(self.value()?)),
            Some(Tok::Ident(_) | Tok::Name(_)) => Ok(Operand::Path(self.path()?)),
            _ => Err(self.error_here()),
        }
    }

    fn or(&mut self) -> Result<Cond, ApiError> {
        let mut left = self.and()?;
        while self.eat_keyword("OR") {
            left = Cond::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Cond, ApiError> {
        let mut left = self.not()?;
        while self.eat_keyword("AND") {
            left = Cond::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn deeper(&mut self) -> Result<(), ApiError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(validation(format!(
                "Invalid {}: the simulator reads at most {MAX_NESTING} nested parentheses and NOTs",
                self.kind
            )));
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Cond, ApiError> {
        if self.eat_keyword("NOT") {
            self.deeper()?;
            let c = Cond::Not(Box::new(self.not()?));
            self.depth -= 1;
            return Ok(c);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Cond, ApiError> {
        if self.eat_sym("(") {
            self.deeper()?;
            let c = self.or()?;
            self.expect_sym(")")?;
            self.depth -= 1;
            return Ok(c);
        }
        for f in [
            "attribute_exists",
            "attribute_not_exists",
            "attribute_type",
            "begins_with",
            "contains",
        ] {
            if self.is_call(f) {
                self.pos += 2;
                let p = self.path()?;
                let c = match f {
                    "attribute_exists" => Cond::Exists(p),
                    "attribute_not_exists" => Cond::NotExists(p),
                    _ => {
                        self.expect_sym(",")?;
                        let o = self.operand()?;
                        match f {
                            "attribute_type" => Cond::Type(p, o),
                            "begins_with" => Cond::BeginsWith(p, o),
                            _ => Cond::Contains(p, o),
                        }
                    }
                };
                self.expect_sym(")")?;
                return Ok(c);
            }
        }
        let left = self.operand()?;
        if self.eat_keyword("BETWEEN") {
            let low = self.operand()?;
            if !self.eat_keyword("AND") {
                return Err(self.error_here());
            }
            let high = self.operand()?;
            return Ok(Cond::Between(left, low, high));
        }
        if self.eat_keyword("IN") {
            self.expect_sym("(")?;
            let mut list = vec![self.operand()?];
            while self.eat_sym(",") {
                list.push(self.operand()?);
            }
            self.expect_sym(")")?;
            return Ok(Cond::In(left, list));
        }
        let cmp = match self.peek() {
            Some(Tok::Sym("=")) => Cmp::Eq,
            Some(Tok::Sym("<>")) => Cmp::Ne,
            Some(Tok::Sym("<")) => Cmp::Lt,
            Some(Tok::Sym("<=")) => Cmp::Le,
            Some(Tok::Sym(">")) => Cmp::Gt,
            Some(Tok::Sym(">=")) => Cmp::Ge,
            _ => return Err(self.error_here()),
        };
        self.pos += 1;
        let right = self.operand()?;
        Ok(Cond::Compare(left, cmp, right))
    }

    fn update_operand(&mut self) -> Result<UpdateOperand, ApiError> {
        self.deeper()?;
        let o = self.update_operand_inner();
        self.depth -= 1;
        o
    }

    fn update_operand_inner(&mut self) -> Result<UpdateOperand, ApiError> {
        if self.is_call("if_not_exists") {
            self.pos += 2;
            let p = self.path()?;
            self.expect_sym(",")?;
            let v = self.update_operand()?;
            self.expect_sym(")")?;
            return Ok(UpdateOperand::IfNotExists(p, Box::new(v)));
        }
        if self.is_call("list_append") {
            self.pos += 2;
            let a = self.update_operand()?;
            self.expect_sym(",")?;
            let b = self.update_operand()?;
            self.expect_sym(")")?;
            return Ok(UpdateOperand::ListAppend(Box::new(a), Box::new(b)));
        }
        match self.peek() {
            Some(Tok::Value(_)) => Ok(UpdateOperand::Value(self.value()?)),
            Some(Tok::Ident(_) | Tok::Name(_)) => Ok(UpdateOperand::Path(self.path()?)),
            _ => Err(self.error_here()),
        }
    }

    fn update(&mut self) -> Result<Vec<Action>, ApiError> {
        let mut actions = Vec::new();
        let mut seen = BTreeSet::new();
        while let Some(Tok::Ident(word)) = self.peek().cloned() {
            let clause = word.to_ascii_uppercase();
            if !["SET", "REMOVE", "ADD", "DELETE"].contains(&clause.as_str()) {
                return Err(self.error_here());
            }
            if !seen.insert(clause.clone()) {
                return Err(validation(format!(
                    "Invalid UpdateExpression: The \"{clause}\" section can only be used once in an update expression;"
                )));
            }
            self.pos += 1;
            loop {
                let path = self.path()?;
                actions.push(match clause.as_str() {
                    "SET" => {
                        self.expect_sym("=")?;
                        let a = self.update_operand()?;
                        let value = if self.eat_sym("+") {
                            SetValue::Plus(a, self.update_operand()?)
                        } else if self.eat_sym("-") {
                            SetValue::Minus(a, self.update_operand()?)
                        } else {
                            SetValue::Operand(a)
                        };
                        Action::Set(path, value)
                    }
                    "REMOVE" => Action::Remove(path),
                    "ADD" => Action::Add(path, self.value()?),
                    _ => Action::Delete(path, self.value()?),
                });
                if !self.eat_sym(",") {
                    break;
                }
            }
        }
        if actions.is_empty() {
            return Err(self.error_here());
        }
        Ok(actions)
    }
}

/// Parses a condition (`kind` names the parameter in errors).
pub fn parse_condition(
    kind: &'static str,
    text: &str,
    ph: &mut Placeholders,
) -> Result<Cond, ApiError> {
    let mut p = Parser::new(kind, text, ph)?;
    let c = p.or()?;
    p.done()?;
    Ok(c)
}

/// Parses a ProjectionExpression: paths separated by commas.
pub fn parse_projection(text: &str, ph: &mut Placeholders) -> Result<Vec<Path>, ApiError> {
    let mut p = Parser::new("ProjectionExpression", text, ph)?;
    let mut paths = vec![p.path()?];
    while p.eat_sym(",") {
        paths.push(p.path()?);
    }
    p.done()?;
    Ok(paths)
}

pub fn parse_update(text: &str, ph: &mut Placeholders) -> Result<Vec<Action>, ApiError> {
    let mut p = Parser::new("UpdateExpression", text, ph)?;
    let actions = p.update()?;
    p.done()?;
    Ok(actions)
}

// ------------------------------------------------------------ evaluation ---

pub fn get<'i>(item: &'i Item, path: &[Step]) -> Option<&'i AttributeValue> {
    let (Step::Name(first), rest) = path.split_first()? else {
        return None;
    };
    let mut v = item.get(first)?;
    for step in rest {
        v = match (step, v) {
            (Step::Name(n), AttributeValue::M(m)) => m.get(n)?,
            (Step::Index(i), AttributeValue::L(l)) => l.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn size_of(v: &AttributeValue) -> Option<usize> {
    Some(match v {
        AttributeValue::S(s) => s.chars().count(),
        AttributeValue::B(b) => crate::base::base64::decode(b)?.len(),
        AttributeValue::Ss(v) | AttributeValue::Ns(v) | AttributeValue::Bs(v) => v.len(),
        AttributeValue::M(m) => m.len(),
        AttributeValue::L(l) => l.len(),
        _ => return None,
    })
}

fn resolve(item: &Item, o: &Operand) -> Option<AttributeValue> {
    match o {
        Operand::Path(p) => get(item, p).cloned(),
        Operand::Value(v) => Some(v.clone()),
        Operand::Size(p) => get(item, p)
            .and_then(size_of)
            .map(|n| AttributeValue::N(n.to_string())),
    }
}

/// Whether `item` (empty when there is none) satisfies `cond`.
pub fn eval(cond: &Cond, item: &Item) -> bool {
    match cond {
        Cond::Compare(a, cmp, b) => {
            let (Some(x), Some(y)) = (resolve(item, a), resolve(item, b)) else {
                return *cmp == Cmp::Ne;
            };
            match cmp {
                Cmp::Eq => x.same(&y),
                Cmp::Ne => !x.same(&y),
                _ => x.compare(&y).is_some_and(|o| match cmp {
                    Cmp::Lt => o == Ordering::Less,
                    Cmp::Le => o != Ordering::Greater,
                    Cmp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                }),
            }
        }
        Cond::Between(a, lo, hi) => {
            let (Some(x), Some(l), Some(h)) =
                (resolve(item, a), resolve(item, lo), resolve(item, hi))
            else {
                return false;
            };
            x.compare(&l).is_some_and(|o| o != Ordering::Less)
                && x.compare(&h).is_some_and(|o| o != Ordering::Greater)
        }
        Cond::In(a, list) => resolve(item, a).is_some_and(|x| {
            list.iter()
                .any(|o| resolve(item, o).is_some_and(|y| x.same(&y)))
        }),
        Cond::Exists(p) => get(item, p).is_some(),
        Cond::NotExists(p) => get(item, p).is_none(),
        Cond::Type(p, o) => match (get(item, p), resolve(item, o)) {
            (Some(v), Some(AttributeValue::S(t))) => v.type_name() == t,
            _ => false,
        },
        Cond::BeginsWith(p, o) => match (get(item, p), resolve(item, o)) {
            (Some(AttributeValue::S(s)), Some(AttributeValue::S(prefix))) => {
                s.starts_with(prefix.as_str())
            }
            (Some(AttributeValue::B(b)), Some(AttributeValue::B(prefix))) => {
                let d = crate::base::base64::decode;
                matches!((d(b), d(&prefix)), (Some(b), Some(p)) if b.starts_with(&p))
            }
            _ => false,
        },
        Cond::Contains(p, o) => match (get(item, p), resolve(item, o)) {
            (Some(AttributeValue::S(s)), Some(AttributeValue::S(sub))) => s.contains(sub.as_str()),
            (Some(AttributeValue::Ss(set)), Some(AttributeValue::S(x))) => set.contains(&x),
            (Some(AttributeValue::Bs(set)), Some(AttributeValue::B(x))) => set.contains(&x),
            (Some(AttributeValue::Ns(set)), Some(AttributeValue::N(x))) => set
                .iter()
                .any(|n| AttributeValue::N(n.clone()).same(&AttributeValue::N(x.clone()))),
            (Some(AttributeValue::L(list)), Some(x)) => list.iter().any(|v| v.same(&x)),
            _ => false,
        },
        Cond::And(a, b) => eval(a, item) && eval(b, item),
        Cond::Or(a, b) => eval(a, item) || eval(b, item),
        Cond::Not(a) => !eval(a, item),
    }
}

/// The item with only the projected paths (map members kept by name, list
/// elements in their order).
pub fn project(item: &Item, paths: &[Path]) -> Item {
    let mut out = Item::new();
    for path in paths {
        let Some(v) = get(item, path) else { continue };
        let Some((Step::Name(first), rest)) = path.split_first() else {
            continue;
        };
        let slot = out
            .entry(first.clone())
            .or_insert_with(|| match rest.first() {
                Some(Step::Index(_)) => AttributeValue::L(Vec::new()),
                Some(Step::Name(_)) => AttributeValue::M(BTreeMap::new()),
                None => v.clone(),
            });
        if rest.is_empty() {
            *slot = v.clone();
            continue;
        }
        insert_projected(slot, rest, v);
    }
    out
}

fn insert_projected(slot: &mut AttributeValue, rest: &[Step], v: &AttributeValue) {
    let Some((step, tail)) = rest.split_first() else {
        *slot = v.clone();
        return;
    };
    let fresh = |tail: &[Step]| match tail.first() {
        Some(Step::Index(_)) => AttributeValue::L(Vec::new()),
        Some(Step::Name(_)) => AttributeValue::M(BTreeMap::new()),
        None => v.clone(),
    };
    match (step, slot) {
        (Step::Name(n), AttributeValue::M(m)) => {
            let child = m.entry(n.clone()).or_insert_with(|| fresh(tail));
            insert_projected(child, tail, v);
        }
        (Step::Index(_), AttributeValue::L(l)) => {
            // Projected list elements keep their relative order.
            let mut child = fresh(tail);
            insert_projected(&mut child, tail, v);
            l.push(child);
        }
        _ => {}
    }
}

fn update_value(item: &Item, o: &UpdateOperand) -> Result<AttributeValue, ApiError> {
    match o {
        UpdateOperand::Value(v) => Ok(v.clone()),
        UpdateOperand::Path(p) => get(item, p).cloned().ok_or_else(|| {
            validation(
                "The provided expression refers to an attribute that does not exist in the item",
            )
        }),
        UpdateOperand::IfNotExists(p, v) => match get(item, p) {
            Some(x) => Ok(x.clone()),
            None => update_value(item, v),
        },
        UpdateOperand::ListAppend(a, b) => match (update_value(item, a)?, update_value(item, b)?) {
            (AttributeValue::L(mut x), AttributeValue::L(y)) => {
                x.extend(y);
                Ok(AttributeValue::L(x))
            }
            _ => Err(validation(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: M",
            )),
        },
    }
}

fn number(v: &AttributeValue) -> Result<Decimal, ApiError> {
    match v {
        AttributeValue::N(n) => parse_number(n),
        _ => Err(validation(
            "An operand in the update expression has an incorrect data type",
        )),
    }
}

/// Writes `v` at `path` in `item` (parents must exist).
fn put_at(item: &mut Item, path: &[Step], v: AttributeValue) -> Result<(), ApiError> {
    let missing =
        || validation("The document path provided in the update expression is invalid for update");
    let Some((Step::Name(first), rest)) = path.split_first() else {
        return Err(missing());
    };
    if rest.is_empty() {
        item.insert(first.clone(), v);
        return Ok(());
    }
    let mut slot = item.get_mut(first).ok_or_else(missing)?;
    for (i, step) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        slot = match (step, slot) {
            (Step::Name(n), AttributeValue::M(m)) => {
                if last {
                    m.insert(n.clone(), v);
                    return Ok(());
                }
                m.get_mut(n).ok_or_else(missing)?
            }
            (Step::Index(idx), AttributeValue::L(l)) => {
                if last {
                    // Past the end appends, as DynamoDB does.
                    if *idx < l.len() {
                        l[*idx] = v;
                    } else {
                        l.push(v);
                    }
                    return Ok(());
                }
                l.get_mut(*idx).ok_or_else(missing)?
            }
            _ => return Err(missing()),
        };
    }
    Err(missing())
}

fn remove_at(item: &mut Item, path: &[Step]) {
    let Some((Step::Name(first), rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        item.remove(first);
        return;
    }
    let Some(mut slot) = item.get_mut(first) else {
        return;
    };
    for (i, step) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        slot = match (step, slot) {
            (Step::Name(n), AttributeValue::M(m)) => {
                if last {
                    m.remove(n);
                    return;
                }
                let Some(s) = m.get_mut(n) else { return };
                s
            }
            (Step::Index(idx), AttributeValue::L(l)) => {
                if last {
                    if *idx < l.len() {
                        l.remove(*idx);
                    }
                    return;
                }
                let Some(s) = l.get_mut(*idx) else { return };
                s
            }
            _ => return,
        };
    }
}

fn set_union(
    a: &AttributeValue,
    b: &AttributeValue,
    remove: bool,
) -> Result<Option<AttributeValue>, ApiError> {
    use AttributeValue::*;
    let merge = |x: &[String], y: &[String], numeric: bool| -> Vec<String> {
        let same = |p: &String, q: &String| {
            if numeric {
                N(p.clone()).same(&N(q.clone()))
            } else {
                p == q
            }
        };
        let mut out: Vec<String> = if remove {
            x.iter()
                .filter(|p| !y.iter().any(|q| same(p, q)))
                .cloned()
                .collect()
        } else {
            let mut out = x.to_vec();
            out.extend(y.iter().filter(|q| !x.iter().any(|p| same(p, q))).cloned());
            out
        };
        if numeric {
            out.sort_by(|p, q| {
                let d = |s: &String| Decimal::parse(s).unwrap_or_else(Decimal::zero);
                d(p).cmp(&d(q))
            });
        } else {
            out.sort();
        }
        out
    };
    let wrap = |v: Vec<String>, f: fn(Vec<String>) -> AttributeValue| {
        if v.is_empty() { None } else { Some(f(v)) }
    };
    Ok(match (a, b) {
        (Ss(x), Ss(y)) => wrap(merge(x, y, false), Ss),
        (Ns(x), Ns(y)) => wrap(merge(x, y, true), Ns),
        (Bs(x), Bs(y)) => wrap(merge(x, y, false), Bs),
        _ => {
            return Err(validation(
                "An operand in the update expression has an incorrect data type",
            ));
        }
    })
}

/// Applies update actions to `item` (a new item when there was none).
pub fn apply_update(item: &mut Item, actions: &[Action]) -> Result<(), ApiError> {
    let before = item.clone();
    for action in actions {
        match action {
            Action::Set(path, value) => {
                let v = match value {
                    SetValue::Operand(o) => update_value(&before, o)?,
                    SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
                        let x = number(&update_value(&before, a)?)?;
                        let mut y = number(&update_value(&before, b)?)?;
                        if matches!(value, SetValue::Minus(..)) {
                            y = y.negate();
                        }
                        AttributeValue::N(parse_number(&x.add(&y).to_text())?.to_text())
                    }
                };
                put_at(item, path, v)?;
            }
            Action::Remove(path) => remove_at(item, path),
            Action::Add(path, v) => {
                let current = get(item, path).cloned();
                let new = match (current, v) {
                    (None, v) => v.clone(),
                    (Some(AttributeValue::N(c)), AttributeValue::N(d)) => {
                        let sum = parse_number(&c)?.add(&parse_number(d)?);
                        AttributeValue::N(parse_number(&sum.to_text())?.to_text())
                    }
                    (Some(c), v) => set_union(&c, v, false)?.unwrap_or(c),
                };
                if !matches!(
                    new,
                    AttributeValue::N(_)
                        | AttributeValue::Ss(_)
                        | AttributeValue::Ns(_)
                        | AttributeValue::Bs(_)
                ) {
                    return Err(validation(
                        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: ".to_owned()
                            + v.type_name(),
                    ));
                }
                put_at(item, path, new)?;
            }
            Action::Delete(path, v) => {
                if let Some(c) = get(item, path).cloned() {
                    match set_union(&c, v, true)? {
                        Some(rest) => put_at(item, path, rest)?,
                        None => remove_at(item, path),
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ph_values() -> BTreeMap<String, AttributeValue> {
        BTreeMap::from([
            (":one".to_owned(), AttributeValue::N("1".into())),
            (":ten".to_owned(), AttributeValue::N("10".into())),
            (":a".to_owned(), AttributeValue::S("a".into())),
        ])
    }

    #[test]
    fn conditions_parse_and_evaluate_with_precedence() {
        let names = BTreeMap::from([("#s".to_owned(), "status".to_owned())]);
        let values = ph_values();
        let mut ph = Placeholders::new(&names, &values);
        let c = parse_condition(
            "ConditionExpression",
            "n BETWEEN :one AND :ten AND NOT attribute_exists(#s) OR begins_with(k, :a)",
            &mut ph,
        )
        .unwrap();
        ph.check_all_used().unwrap();
        let item = Item::from([("n".to_owned(), AttributeValue::N("9".into()))]);
        assert!(eval(&c, &item));
        let item = Item::from([("n".to_owned(), AttributeValue::N("11".into()))]);
        assert!(!eval(&c, &item));
        let item = Item::from([("k".to_owned(), AttributeValue::S("abc".into()))]);
        assert!(eval(&c, &item));
    }

    #[test]
    fn placeholders_must_be_defined_and_used() {
        let names = BTreeMap::new();
        let values = ph_values();
        let mut ph = Placeholders::new(&names, &values);
        let e = parse_condition("ConditionExpression", "#x = :one", &mut ph).unwrap_err();
        assert!(e.message.contains("attribute name: #x"), "{e}");
        let mut ph = Placeholders::new(&names, &values);
        parse_condition("ConditionExpression", "a = :one", &mut ph).unwrap();
        let e = ph.check_all_used().unwrap_err();
        assert_eq!(
            e.message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :ten}"
        );
        let e = parse_condition("ConditionExpression", "a = ", &mut ph).unwrap_err();
        assert!(e.message.contains("token: \"<EOF>\""), "{e}");
        let deep = format!("{}a = :one{}", "(".repeat(2000), ")".repeat(2000));
        let e = parse_condition("ConditionExpression", &deep, &mut ph).unwrap_err();
        assert!(e.message.contains("nested"), "{e}");
        let long = format!("a = :one{}", " OR a = :one".repeat(400));
        let e = parse_condition("ConditionExpression", &long, &mut ph).unwrap_err();
        assert!(e.message.contains("Expression size has exceeded"), "{e}");
        let e = parse_condition("ConditionExpression", "Status = :a", &mut ph).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status"
        );
    }

    #[test]
    fn updates_set_add_remove_and_delete() {
        let names = BTreeMap::new();
        let values = BTreeMap::from([
            (":n".to_owned(), AttributeValue::N("2.5".into())),
            (":s".to_owned(), AttributeValue::Ss(vec!["x".into()])),
        ]);
        let mut ph = Placeholders::new(&names, &values);
        let actions = parse_update(
            "SET c = if_not_exists(c, :n) + :n, m = :n ADD tags :s, hits :n REMOVE gone",
            &mut ph,
        )
        .unwrap();
        let mut item = Item::from([("gone".to_owned(), AttributeValue::Bool(true))]);
        apply_update(&mut item, &actions).unwrap();
        assert_eq!(item["c"], AttributeValue::N("5".into()));
        assert_eq!(item["hits"], AttributeValue::N("2.5".into()));
        assert_eq!(item["tags"], AttributeValue::Ss(vec!["x".into()]));
        assert!(!item.contains_key("gone"));
    }
}
