//! The cluster query language (F5.6, ECSDG cluster-query-language), the
//! subset the simulator evaluates: subjects `agentConnected`,
//! `ec2InstanceId`, `runningTasksCount`, `attribute:<name>`, `task:group`;
//! operators `== != > >= < <= exists !exists in !in =~ !~` and their word
//! forms; `&& || !` (`and or not`) with parentheses. `=~` takes a pattern
//! with `.`, `*` (repeat the previous item) and literal characters — the part
//! of Java regex the documented examples use. `agentVersion` and
//! `registeredAt` are refused as not modelled.

use crate::error::{ApiError, ErrorCode};

/// What an expression is evaluated against: one container instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subject {
    pub agent_connected: bool,
    pub ec2_instance_id: String,
    pub running_tasks_count: u32,
    pub attributes: Vec<(String, String)>,
    /// `task:group` values of the tasks on the instance.
    pub task_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Test {
        subject: String,
        op: Op,
        args: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterException, message)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Word(String),
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() && !"()[],".contains(chars[i]) {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
        }
    }
    out
}

fn op_of(word: &str) -> Option<Op> {
    Some(match word {
        "==" | "equals" => Op::Eq,
        "!=" | "not_equals" => Op::Ne,
        ">" | "greater_than" => Op::Gt,
        ">=" | "greater_than_equal" => Op::Ge,
        "<" | "less_than" => Op::Lt,
        "<=" | "less_than_equal" => Op::Le,
        "exists" => Op::Exists,
        "!exists" | "not_exists" => Op::NotExists,
        "in" => Op::In,
        "!in" | "not_in" => Op::NotIn,
        "=~" | "matches" => Op::Matches,
        "!~" | "not_matches" => Op::NotMatches,
        _ => return None,
    })
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn word_is(&self, words: &[&str]) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if words.contains(&w.as_str()))
    }
    fn or(&mut self) -> Result<Expr, ApiError> {
        let mut left = self.and()?;
        while self.word_is(&["||", "or"]) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, ApiError> {
        let mut left = self.unary()?;
        while self.word_is(&["&&", "and"]) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }
    fn unary(&mut self) -> Result<Expr, ApiError> {
        if self.word_is(&["!", "not"]) {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let e = self.or()?;
            if self.next() != Some(Tok::RParen) {
                return Err(bad("The expression has an unclosed '('."));
            }
            return Ok(e);
        }
        self.test()
    }
    fn test(&mut self) -> Result<Expr, ApiError> {
        let Some(Tok::Word(subject)) = self.next() else {
            return Err(bad(
                "Expected a subject such as attribute:ecs.instance-type.",
            ));
        };
        let known = subject.starts_with("attribute:")
            || [
                "agentConnected",
                "ec2InstanceId",
                "runningTasksCount",
                "task:group",
            ]
            .contains(&subject.as_str());
        if subject == "agentVersion" || subject == "registeredAt" {
            return Err(ApiError::new(
                ErrorCode::UnsupportedFeatureException,
                format!("The simulator does not model the query subject '{subject}' yet."),
            ));
        }
        if !known {
            return Err(bad(format!(
                "Unknown subject '{subject}' in the expression."
            )));
        }
        let Some(Tok::Word(op_word)) = self.next() else {
            return Err(bad(format!("Expected an operator after '{subject}'.")));
        };
        let op = op_of(&op_word).ok_or_else(|| bad(format!("Unknown operator '{op_word}'.")))?;
        let args = match op {
            Op::Exists | Op::NotExists => Vec::new(),
            Op::In | Op::NotIn => {
                if self.next() != Some(Tok::LBracket) {
                    return Err(bad(format!("'{op_word}' takes a list: [a, b].")));
                }
                let mut list = Vec::new();
                loop {
                    match self.next() {
                        Some(Tok::Word(w)) => list.push(w),
                        Some(Tok::Comma) => {}
                        Some(Tok::RBracket) => break,
                        _ => return Err(bad("The list is not closed with ']'.")),
                    }
                }
                list
            }
            _ => match self.next() {
                Some(Tok::Word(w)) => vec![w],
                _ => return Err(bad(format!("'{op_word}' needs a value."))),
            },
        };
        Ok(Expr::Test { subject, op, args })
    }
}

/// Parses an expression (at most 2,000 characters, F5.3).
pub fn parse(text: &str) -> Result<Expr, ApiError> {
    if text.len() > 2000 {
        return Err(bad("An expression can have at most 2000 characters."));
    }
    let mut p = Parser {
        toks: tokens(text),
        pos: 0,
    };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(bad(format!(
            "Unexpected text after the expression in '{text}'."
        )));
    }
    Ok(e)
}

/// `.`, `*` and literal characters, anchored at both ends.
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        if p.is_empty() {
            return t.is_empty();
        }
        let first = |c: char| p[0] == '.' || p[0] == c;
        if p.len() >= 2 && p[1] == '*' {
            if go(&p[2..], t) {
                return true;
            }
            return !t.is_empty() && first(t[0]) && go(p, &t[1..]);
        }
        !t.is_empty() && first(t[0]) && go(&p[1..], &t[1..])
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&p, &t)
}

impl Expr {
    pub fn matches(&self, s: &Subject) -> bool {
        match self {
            Expr::And(a, b) => a.matches(s) && b.matches(s),
            Expr::Or(a, b) => a.matches(s) || b.matches(s),
            Expr::Not(e) => !e.matches(s),
            Expr::Test { subject, op, args } => {
                let values: Vec<String> = match subject.as_str() {
                    "agentConnected" => vec![s.agent_connected.to_string()],
                    "ec2InstanceId" => vec![s.ec2_instance_id.clone()],
                    "runningTasksCount" => vec![s.running_tasks_count.to_string()],
                    "task:group" => s.task_groups.clone(),
                    other => {
                        let name = other.trim_start_matches("attribute:");
                        s.attributes
                            .iter()
                            .filter(|(n, _)| n == name)
                            .map(|(_, v)| v.clone())
                            .collect()
                    }
                };
                let arg = args.first().map(String::as_str).unwrap_or_default();
                let cmp = |v: &String| -> Option<std::cmp::Ordering> {
                    match (v.parse::<f64>(), arg.parse::<f64>()) {
                        (Ok(a), Ok(b)) => a.partial_cmp(&b),
                        _ => Some(v.as_str().cmp(arg)),
                    }
                };
                use std::cmp::Ordering::*;
                match op {
                    Op::Exists => !values.is_empty(),
                    Op::NotExists => values.is_empty(),
                    Op::Eq => values.iter().any(|v| v == arg),
                    Op::Ne => !values.iter().any(|v| v == arg),
                    Op::Gt => values.iter().any(|v| cmp(v) == Some(Greater)),
                    Op::Ge => values
                        .iter()
                        .any(|v| matches!(cmp(v), Some(Greater | Equal))),
                    Op::Lt => values.iter().any(|v| cmp(v) == Some(Less)),
                    Op::Le => values.iter().any(|v| matches!(cmp(v), Some(Less | Equal))),
                    Op::In => values.iter().any(|v| args.contains(v)),
                    Op::NotIn => !values.iter().any(|v| args.contains(v)),
                    Op::Matches => values.iter().any(|v| pattern_matches(arg, v)),
                    Op::NotMatches => !values.iter().any(|v| pattern_matches(arg, v)),
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn subject(az: &str, itype: &str, running: u32, groups: &[&str]) -> Subject {
        Subject {
            agent_connected: true,
            ec2_instance_id: "i-01".into(),
            running_tasks_count: running,
            attributes: vec![
                ("ecs.availability-zone".into(), az.into()),
                ("ecs.instance-type".into(), itype.into()),
            ],
            task_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    #[test]
    fn evaluates_the_documented_examples() {
        // F5.6 examples, verbatim.
        let s = subject("us-east-1a", "t2.small", 1, &["service:production"]);
        let t = |e: &str| parse(e).unwrap().matches(&s);
        assert!(t("attribute:ecs.instance-type == t2.small"));
        assert!(t(
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"
        ));
        assert!(!t(
            "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d"
        ));
        assert!(t(
            "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d"
        ));
        assert!(t("task:group == service:production"));
        assert!(!t("not(task:group == service:production)"));
        assert!(t("runningTasksCount == 1"));
        assert!(t("runningTasksCount < 2 && agentConnected == true"));
        assert!(t(
            "attribute:custom !exists || attribute:ecs.os-type exists"
        ));
        assert!(t("attribute:ecs.availability-zone !in [us-east-1c]"));
        assert!(t(
            "(runningTasksCount > 5 or runningTasksCount >= 1) and ec2InstanceId == i-01"
        ));
    }

    #[test]
    fn refuses_malformed_expressions() {
        for bad in [
            "",
            "attribute:x ==",
            "colour == red",
            "runningTasksCount in a",
            "(agentConnected == true",
            "a == b c",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("registeredAt > 2020").unwrap_err().code,
            ErrorCode::UnsupportedFeatureException
        );
    }
}
