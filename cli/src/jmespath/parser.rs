//! The JMESPath parser: a Pratt parser with the specification's binding
//! powers, turning tokens into the expression tree ([`compile`]), with
//! limits on length and nesting.

use super::lexer::*;
use super::*;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
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
pub(super) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Longest expression accepted (a query is typed by a person).
const MAX_LEN: usize = 4096;
/// Deepest nesting accepted, so no input can exhaust the stack.
const MAX_DEPTH: usize = 64;

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
