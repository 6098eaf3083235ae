//! Reads shell text into a [`Script`]: lists of pipelines of simple
//! commands, with words whose parts are kept apart (literal text, `$NAME`,
//! `${NAME}`, `$(…)`) so that they are expanded only when the command runs,
//! after the commands before it. The whole text is read before anything
//! runs: an unclosed quote, `$(` or here-document, or a feature the sandbox
//! shell does not have, is an error and nothing runs.
//!
//! What is read, as bash reads it: blanks between words; `'…'`; `"…"` with
//! `$` expansions and `\"`, `\\`, `\$`, `` \` `` escapes; `\` escapes
//! outside quotes and backslash-newline continuations; `#` comments; `|`,
//! `&&`, `||`, `;` and newlines between commands; `> file`, `>> file`,
//! `2> file`, `2>&1`; here-documents `<<EOF` / `<<'EOF'` / `<<-EOF`.

/// Part of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text as written, quotes removed; `quoted` when it came from inside
    /// quotes or an escape (no field splitting, and it makes a
    /// here-document's delimiter quoted).
    Text { text: String, quoted: bool },
    /// `$NAME`, `${NAME}` or `$?`.
    Var { name: String, quoted: bool },
    /// `$(…)`: the command text inside.
    Command { text: String, quoted: bool },
}

/// A word: parts written side by side (`arn=$ARN` is text then a variable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when it has no expansion.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    fn any_quoted(&self) -> bool {
        self.parts.iter().any(|p| match p {
            Part::Text { quoted, .. } | Part::Var { quoted, .. } | Part::Command { quoted, .. } => {
                *quoted
            }
        })
    }

    /// `NAME=` at the start, in unquoted text: an assignment's name and
    /// the rest of the word (its value).
    pub fn assignment(&self) -> Option<(String, Word)> {
        let Some(Part::Text {
            text,
            quoted: false,
        }) = self.parts.first()
        else {
            return None;
        };
        let (name, rest) = text.split_once('=')?;
        if !is_name(name) {
            return None;
        }
        let mut value = Word::default();
        if !rest.is_empty() {
            value.parts.push(Part::Text {
                text: rest.to_owned(),
                quoted: false,
            });
        }
        value.parts.extend(self.parts[1..].iter().cloned());
        Some((name.to_owned(), value))
    }
}

/// A shell variable name: a letter or `_`, then letters, digits, `_`.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where a command's output goes, or where its input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `> path` (`append`: `>> path`); `stderr`: `2>`.
    ToFile {
        path: Word,
        append: bool,
        stderr: bool,
    },
    /// `2>&1`.
    ErrToOut,
    /// A here-document as standard input; `expand` unless its delimiter
    /// was quoted.
    Heredoc { body: String, expand: bool },
}

/// One command: its words and redirections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simple {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

/// Commands joined by `|`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pipeline {
    pub commands: Vec<Simple>,
}

/// Whether a pipeline runs after the one before it always (`;`, a new
/// line), only when that one succeeded (`&&`) or only when it failed
/// (`||`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Always,
    IfOk,
    IfFailed,
}

/// Everything the text says, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub pipelines: Vec<(Join, Pipeline)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Word),
    Pipe,
    And,
    Or,
    Semi,
    Newline,
    /// `>`, `>>`, `2>`, `2>>`.
    Out {
        append: bool,
        stderr: bool,
    },
    ErrToOut,
    /// `<<` (`strip_tabs`: `<<-`), followed by its delimiter word; the body
    /// is filled in at the end of the line.
    Heredoc(usize),
}

struct Pending {
    delimiter: String,
    strip_tabs: bool,
    expand: bool,
}

/// What a here-document holds, by its index in [`Tok::Heredoc`].
struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    tokens: Vec<Tok>,
    heredocs: Vec<Option<(String, bool)>>,
    pending: Vec<(usize, Pending)>,
}

/// Why the text cannot run. `unclosed` is set when more lines would
/// complete it (an open quote, `$(`, here-document or trailing `|`/`&&`/`\`),
/// so a reader of a script can add the next line and try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub unclosed: bool,
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError {
        message: message.into(),
        unclosed: false,
    }
}

fn unclosed(message: impl Into<String>) -> ParseError {
    ParseError {
        message: message.into(),
        unclosed: true,
    }
}

/// Reads `text` (one or more lines).
pub fn parse(text: &str) -> Result<Script, ParseError> {
    let mut lexer = Lexer {
        chars: text.char_indices().peekable(),
        text,
        tokens: Vec::new(),
        heredocs: Vec::new(),
        pending: Vec::new(),
    };
    lexer.run()?;
    let Lexer {
        tokens, heredocs, ..
    } = lexer;
    build(tokens, &heredocs)
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), ParseError> {
        let mut word: Option<Word> = None;
        while let Some((at, c)) = self.chars.next() {
            match c {
                ' ' | '\t' | '\r' => self.end_word(&mut word)?,
                '\n' => {
                    self.end_word(&mut word)?;
                    self.tokens.push(Tok::Newline);
                    self.read_heredoc_bodies()?;
                }
                '#' if word.is_none() => while self.chars.next_if(|(_, c)| *c != '\n').is_some() {},
                '\'' => {
                    let mut text = String::new();
                    loop {
                        match self.chars.next() {
                            Some((_, '\'')) => break,
                            Some((_, c)) => text.push(c),
                            None => {
                                return Err(unclosed(
                                    "the text ends inside a 'single-quoted' string: close it with '",
                                ));
                            }
                        }
                    }
                    push_text(&mut word, &text, true);
                }
                '"' => self.double_quoted(&mut word)?,
                '\\' => match self.chars.next() {
                    Some((_, '\n')) => {}
                    Some((_, c)) => push_text(&mut word, &c.to_string(), true),
                    None => {
                        return Err(unclosed("the text ends with a \\: the command goes on"));
                    }
                },
                '$' => {
                    let part = self.dollar(false)?;
                    word.get_or_insert_with(Word::default).parts.push(part);
                }
                '`' => {
                    return Err(error(
                        "backquotes `…` are not supported here: write $(…) instead",
                    ));
                }
                '|' => {
                    self.end_word(&mut word)?;
                    if self.chars.next_if(|(_, c)| *c == '|').is_some() {
                        self.tokens.push(Tok::Or);
                    } else {
                        self.tokens.push(Tok::Pipe);
                    }
                }
                '&' => {
                    self.end_word(&mut word)?;
                    if self.chars.next_if(|(_, c)| *c == '&').is_some() {
                        self.tokens.push(Tok::And);
                    } else {
                        return Err(error("& (running in the background) is not supported here"));
                    }
                }
                ';' => {
                    self.end_word(&mut word)?;
                    self.tokens.push(Tok::Semi);
                }
                '>' => {
                    // `2>`: the word so far is just the digit 2.
                    let stderr = word.as_ref().and_then(Word::literal).as_deref() == Some("2")
                        && !word.as_ref().is_some_and(Word::any_quoted);
                    if stderr {
                        word = None;
                    } else {
                        self.end_word(&mut word)?;
                    }
                    let append = self.chars.next_if(|(_, c)| *c == '>').is_some();
                    if !append && self.chars.next_if(|(_, c)| *c == '&').is_some() {
                        if stderr && self.chars.next_if(|(_, c)| *c == '1').is_some() {
                            self.tokens.push(Tok::ErrToOut);
                            continue;
                        }
                        return Err(error("only 2>&1 is supported among the >& forms"));
                    }
                    self.tokens.push(Tok::Out { append, stderr });
                }
                '<' => {
                    self.end_word(&mut word)?;
                    if self.chars.next_if(|(_, c)| *c == '<').is_none() {
                        return Err(error(
                            "input redirection (< file) is not supported here: use cat FILE | command, or a here-document (<<EOF)",
                        ));
                    }
                    if self.chars.next_if(|(_, c)| *c == '<').is_some() {
                        return Err(error("here-strings (<<<) are not supported here"));
                    }
                    let strip_tabs = self.chars.next_if(|(_, c)| *c == '-').is_some();
                    self.heredoc_delimiter(strip_tabs)?;
                }
                '(' | ')' => {
                    return Err(error(format!(
                        "'{c}': subshells and grouping are not supported here"
                    )));
                }
                _ => {
                    let _ = at;
                    push_text(&mut word, &c.to_string(), false);
                }
            }
        }
        self.end_word(&mut word)?;
        if let Some((_, p)) = self.pending.first() {
            return Err(unclosed(format!(
                "the here-document <<{0} is not closed: end it with a line that says {0}",
                p.delimiter
            )));
        }
        Ok(())
    }

    fn end_word(&mut self, word: &mut Option<Word>) -> Result<(), ParseError> {
        if let Some(w) = word.take() {
            self.tokens.push(Tok::Word(w));
        }
        Ok(())
    }

    fn double_quoted(&mut self, word: &mut Option<Word>) -> Result<(), ParseError> {
        let w = word.get_or_insert_with(Word::default);
        // An empty "" still makes a word.
        w.parts.push(Part::Text {
            text: String::new(),
            quoted: true,
        });
        loop {
            match self.chars.next() {
                Some((_, '"')) => return Ok(()),
                Some((_, '\\')) => match self.chars.next() {
                    Some((_, c @ ('"' | '\\' | '$' | '`'))) => push_part_text(w, c, true),
                    Some((_, '\n')) => {}
                    Some((_, c)) => {
                        push_part_text(w, '\\', true);
                        push_part_text(w, c, true);
                    }
                    None => break,
                },
                Some((_, '$')) => {
                    let part = self.dollar(true)?;
                    w.parts.push(part);
                }
                Some((_, '`')) => {
                    return Err(error(
                        "backquotes `…` are not supported here: write $(…) instead",
                    ));
                }
                Some((_, c)) => push_part_text(w, c, true),
                None => break,
            }
        }
        Err(unclosed(
            "the text ends inside a \"double-quoted\" string: close it with \"",
        ))
    }

    /// After a `$`.
    fn dollar(&mut self, quoted: bool) -> Result<Part, ParseError> {
        match self.chars.peek().map(|(_, c)| *c) {
            Some('(') => {
                self.chars.next();
                if self.chars.next_if(|(_, c)| *c == '(').is_some() {
                    return Err(error("arithmetic $((…)) is not supported here"));
                }
                let text = self.command_text()?;
                Ok(Part::Command { text, quoted })
            }
            Some('{') => {
                self.chars.next();
                let mut name = String::new();
                loop {
                    match self.chars.next() {
                        Some((_, '}')) => break,
                        Some((_, c)) => name.push(c),
                        None => return Err(unclosed("the text ends inside ${…}: close it with }")),
                    }
                }
                if !is_name(&name) {
                    return Err(error(format!(
                        "${{{name}}}: only ${{NAME}} is supported here (no :-, #, % or other operators)"
                    )));
                }
                Ok(Part::Var { name, quoted })
            }
            Some('?') => {
                self.chars.next();
                Ok(Part::Var {
                    name: "?".to_owned(),
                    quoted,
                })
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some((_, c)) = self
                    .chars
                    .next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
                {
                    name.push(c);
                }
                Ok(Part::Var { name, quoted })
            }
            // A lone `$` is itself.
            _ => Ok(Part::Text {
                text: "$".to_owned(),
                quoted,
            }),
        }
    }

    /// The text of `$(…)` up to its matching `)`, quotes respected.
    fn command_text(&mut self) -> Result<String, ParseError> {
        let start = self.chars.peek().map_or(self.text.len(), |(i, _)| *i);
        let mut depth = 1;
        while let Some((at, c)) = self.chars.next() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(self.text[start..at].to_owned());
                    }
                }
                '\'' if !self.skip_until('\'') => break,
                '"' => loop {
                    match self.chars.next() {
                        Some((_, '\\')) => {
                            self.chars.next();
                        }
                        Some((_, '"')) => break,
                        Some(_) => {}
                        None => {
                            return Err(unclosed("the text ends inside $(…): close it with )"));
                        }
                    }
                },
                '\\' => {
                    self.chars.next();
                }
                _ => {}
            }
        }
        Err(unclosed("the text ends inside $(…): close it with )"))
    }

    fn skip_until(&mut self, end: char) -> bool {
        for (_, c) in self.chars.by_ref() {
            if c == end {
                return true;
            }
        }
        false
    }

    fn heredoc_delimiter(&mut self, strip_tabs: bool) -> Result<(), ParseError> {
        while self
            .chars
            .next_if(|(_, c)| *c == ' ' || *c == '\t')
            .is_some()
        {}
        let mut word: Option<Word> = None;
        loop {
            match self.chars.peek().map(|(_, c)| *c) {
                None | Some(' ' | '\t' | '\n' | ';' | '&' | '|' | '>' | '<') => break,
                // A quoted part of the delimiter: taken as it is.
                Some(quote @ ('\'' | '"')) => {
                    self.chars.next();
                    let mut text = String::new();
                    loop {
                        match self.chars.next() {
                            Some((_, c)) if c == quote => break,
                            Some((_, c)) => text.push(c),
                            None => {
                                return Err(unclosed(
                                    "the here-document's delimiter has an open quote",
                                ));
                            }
                        }
                    }
                    push_text(&mut word, &text, true);
                }
                Some('\\') => {
                    self.chars.next();
                    if let Some((_, c)) = self.chars.next() {
                        push_text(&mut word, &c.to_string(), true);
                    }
                }
                Some(c) => {
                    self.chars.next();
                    push_text(&mut word, &c.to_string(), false);
                }
            }
        }
        let Some(word) = word else {
            return Err(error("<< needs a delimiter word, as in <<'EOF'"));
        };
        let delimiter = word.literal().unwrap_or_default();
        if delimiter.is_empty() {
            return Err(error("<< needs a delimiter word, as in <<'EOF'"));
        }
        let index = self.heredocs.len();
        self.heredocs.push(None);
        self.tokens.push(Tok::Heredoc(index));
        self.pending.push((
            index,
            Pending {
                delimiter,
                strip_tabs,
                expand: !word.any_quoted(),
            },
        ));
        Ok(())
    }

    /// At the start of a line after one with `<<`: each pending
    /// here-document's lines, up to its delimiter line.
    fn read_heredoc_bodies(&mut self) -> Result<(), ParseError> {
        for (index, p) in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            let mut closed = false;
            while self.chars.peek().is_some() {
                let mut line = String::new();
                let mut ended = false;
                for (_, c) in self.chars.by_ref() {
                    if c == '\n' {
                        ended = true;
                        break;
                    }
                    line.push(c);
                }
                let line = line.strip_suffix('\r').unwrap_or(&line).to_owned();
                let line = if p.strip_tabs {
                    line.trim_start_matches('\t').to_owned()
                } else {
                    line
                };
                if line == p.delimiter {
                    closed = true;
                    break;
                }
                body.push_str(&line);
                body.push('\n');
                if !ended {
                    break;
                }
            }
            if !closed {
                return Err(unclosed(format!(
                    "the here-document <<{0} is not closed: end it with a line that says {0}",
                    p.delimiter
                )));
            }
            self.heredocs[index] = Some((body, p.expand));
        }
        Ok(())
    }
}

fn push_text(word: &mut Option<Word>, text: &str, quoted: bool) {
    let w = word.get_or_insert_with(Word::default);
    for c in text.chars() {
        push_part_text(w, c, quoted);
    }
    if text.is_empty() {
        w.parts.push(Part::Text {
            text: String::new(),
            quoted,
        });
    }
}

fn push_part_text(word: &mut Word, c: char, quoted: bool) {
    if let Some(Part::Text { text, quoted: q }) = word.parts.last_mut()
        && *q == quoted
    {
        text.push(c);
        return;
    }
    word.parts.push(Part::Text {
        text: c.to_string(),
        quoted,
    });
}

fn build(tokens: Vec<Tok>, heredocs: &[Option<(String, bool)>]) -> Result<Script, ParseError> {
    let mut script = Script::default();
    let mut pipeline = Pipeline::default();
    let mut simple = Simple::default();
    let mut join = Join::Always;
    let mut tokens = tokens.into_iter().peekable();
    // Whether the last thing read was `|` or `&&` (a command must follow).
    let mut dangling: Option<&str> = None;
    while let Some(tok) = tokens.next() {
        match tok {
            Tok::Word(w) => {
                simple.words.push(w);
                dangling = None;
            }
            Tok::Out { append, stderr } => {
                let Some(Tok::Word(path)) = tokens.next() else {
                    return Err(error(format!(
                        "{}{} needs a file name after it",
                        if stderr { "2" } else { "" },
                        if append { ">>" } else { ">" }
                    )));
                };
                simple.redirects.push(Redirect::ToFile {
                    path,
                    append,
                    stderr,
                });
            }
            Tok::ErrToOut => simple.redirects.push(Redirect::ErrToOut),
            Tok::Heredoc(index) => {
                let (body, expand) = heredocs
                    .get(index)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| unclosed("a here-document is not closed"))?;
                simple.redirects.push(Redirect::Heredoc { body, expand });
            }
            Tok::Pipe => {
                if simple.words.is_empty() {
                    return Err(error(
                        "syntax error near '|': a command must come before it",
                    ));
                }
                pipeline.commands.push(std::mem::take(&mut simple));
                dangling = Some("|");
            }
            Tok::And | Tok::Or | Tok::Semi | Tok::Newline => {
                if dangling.is_some() && tok == Tok::Newline {
                    // `a |` or `a &&` at the end of a line goes on.
                    continue;
                }
                if simple.words.is_empty() && !simple.redirects.is_empty() {
                    return Err(error("a redirection needs a command"));
                }
                if !simple.words.is_empty() {
                    pipeline.commands.push(std::mem::take(&mut simple));
                }
                if let Some(op) = dangling {
                    return Err(error(format!("syntax error: a command must follow '{op}'")));
                }
                if pipeline.commands.is_empty() {
                    if tok == Tok::And || tok == Tok::Or {
                        return Err(error(format!(
                            "syntax error near '{}': a command must come before it",
                            if tok == Tok::And { "&&" } else { "||" }
                        )));
                    }
                    continue;
                }
                script.pipelines.push((join, std::mem::take(&mut pipeline)));
                join = match tok {
                    Tok::And => {
                        dangling = Some("&&");
                        Join::IfOk
                    }
                    Tok::Or => {
                        dangling = Some("||");
                        Join::IfFailed
                    }
                    _ => Join::Always,
                };
            }
        }
    }
    if let Some(op) = dangling {
        return Err(unclosed(format!("a command must follow '{op}'")));
    }
    if simple.words.is_empty() && !simple.redirects.is_empty() {
        return Err(error("a redirection needs a command"));
    }
    if !simple.words.is_empty() {
        pipeline.commands.push(simple);
    }
    if !pipeline.commands.is_empty() {
        script.pipelines.push((join, pipeline));
    }
    Ok(script)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<Option<String>>> {
        parse(text)
            .unwrap()
            .pipelines
            .iter()
            .flat_map(|(_, p)| p.commands.iter())
            .map(|c| c.words.iter().map(Word::literal).collect())
            .collect()
    }

    #[test]
    fn reads_words_quotes_and_comments() {
        assert_eq!(
            words("aws ecs  list-clusters # all of them"),
            [vec![
                Some("aws".into()),
                Some("ecs".into()),
                Some("list-clusters".into())
            ]]
        );
        assert_eq!(
            words(r#"x 'a b' "c\"d" e\ f '' """#),
            [vec![
                Some("x".into()),
                Some("a b".into()),
                Some("c\"d".into()),
                Some("e f".into()),
                Some(String::new()),
                Some(String::new())
            ]]
        );
        assert_eq!(
            words("a \\\n b"),
            [vec![Some("a".into()), Some("b".into())]]
        );
        // A # inside a word is text.
        assert_eq!(
            words("echo a#b"),
            [vec![Some("echo".into()), Some("a#b".into())]]
        );
    }

    #[test]
    fn keeps_expansions_apart() {
        let script =
            parse(r#"echo "arn=$ARN" ${X}y $(aws ecs list-clusters --query 'a[0]') $? $"#).unwrap();
        let w = &script.pipelines[0].1.commands[0].words;
        assert_eq!(
            w[1].parts,
            [
                Part::Text {
                    text: "arn=".into(),
                    quoted: true
                },
                Part::Var {
                    name: "ARN".into(),
                    quoted: true
                }
            ]
        );
        assert_eq!(
            w[2].parts[0],
            Part::Var {
                name: "X".into(),
                quoted: false
            }
        );
        assert_eq!(
            w[3].parts,
            [Part::Command {
                text: "aws ecs list-clusters --query 'a[0]'".into(),
                quoted: false
            }]
        );
        assert_eq!(
            w[4].parts,
            [Part::Var {
                name: "?".into(),
                quoted: false
            }]
        );
        assert_eq!(w[5].literal().as_deref(), Some("$"));
    }

    #[test]
    fn reads_lists_pipelines_redirections_and_heredocs() {
        let script = parse(
            "cat > td.json <<'EOF'\n{\"a\": \"$X\"}\nEOF\naws ecr get-login-password | docker login x && echo ok; echo b >> log 2>&1\n",
        )
        .unwrap();
        assert_eq!(script.pipelines.len(), 4);
        let first = &script.pipelines[0].1.commands[0];
        assert_eq!(
            first.redirects[1],
            Redirect::Heredoc {
                body: "{\"a\": \"$X\"}\n".into(),
                expand: false
            }
        );
        assert_eq!(script.pipelines[1].1.commands.len(), 2);
        assert_eq!(script.pipelines[2].0, Join::IfOk);
        assert_eq!(script.pipelines[3].0, Join::Always);
        assert_eq!(
            script.pipelines[3].1.commands[0].redirects,
            [
                Redirect::ToFile {
                    path: Word {
                        parts: vec![Part::Text {
                            text: "log".into(),
                            quoted: false
                        }]
                    },
                    append: true,
                    stderr: false
                },
                Redirect::ErrToOut
            ]
        );
        // <<- strips leading tabs; an unquoted delimiter expands.
        let script = parse("cat <<-END\n\tline $A\n\tEND\n").unwrap();
        assert_eq!(
            script.pipelines[0].1.commands[0].redirects[0],
            Redirect::Heredoc {
                body: "line $A\n".into(),
                expand: true
            }
        );
    }

    #[test]
    fn unfinished_text_says_so_and_unsupported_features_are_named() {
        for open in [
            "echo 'a",
            "echo \"a",
            "echo $(aws",
            "echo ${A",
            "cat <<EOF\nline",
            "aws ecs list-clusters |",
            "a &&",
            "a \\",
        ] {
            let e = parse(open).unwrap_err();
            assert!(e.unclosed, "{open}: {e:?}");
        }
        for (bad, want) in [
            ("sleep 1 &", "background"),
            ("echo `date`", "$(…)"),
            ("cat < f", "input redirection"),
            ("(a)", "subshells"),
            ("echo $((1+2))", "arithmetic"),
            ("echo ${A:-b}", "only ${NAME}"),
            ("| a", "must come before"),
            ("a | | b", "must come before"),
            ("&& a", "must come before"),
            ("> f", "needs a command"),
            ("echo >", "needs a file name"),
            ("cat <<", "delimiter"),
            ("a >& b", "2>&1"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(!e.unclosed, "{bad}");
            assert!(e.message.contains(want), "{bad}: {}", e.message);
        }
        assert_eq!(parse("").unwrap().pipelines.len(), 0);
        assert_eq!(parse("\n# only a comment\n\n").unwrap().pipelines.len(), 0);
    }
}
