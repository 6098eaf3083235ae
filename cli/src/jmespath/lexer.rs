//! The JMESPath lexer: the text of an expression as tokens, each with its
//! column, and the binding power the parser gives each token.

use super::parser::*;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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
    pub(super) fn binding_power(&self) -> u8 {
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

pub(super) fn lex(text: &str) -> Result<Vec<(usize, Tok)>, String> {
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
