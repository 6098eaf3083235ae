//! The sandbox's shell: what learners type and paste runs as a POSIX shell
//! runs it, for the part of the shell AWS's tutorials and the course use.
//! [`Shell::run`] reads the whole text first ([`parse`]), then runs its
//! commands in order:
//!
//! - variables: `ARN=…`, `export NAME=…`, `unset NAME`, `$NAME`, `${NAME}`,
//!   `$?`; an unset variable is an error that names it (a real shell would
//!   silently make it empty), and `$(…)` runs a command and gives what it
//!   printed (trailing new lines removed). Unquoted expansions split into
//!   words on blanks, as in a shell. Exported `AWS_DEFAULT_OUTPUT` and
//!   `AWS_REGION` / `AWS_DEFAULT_REGION` act as the AWS CLI's defaults.
//! - `|`, `&&`, `||`, `;` and new lines; `> file`, `>> file`, `2> file`, `2>&1`
//!   (`/dev/null` discards; a command that fails leaves its output file
//!   as it was); here-documents (`cat > td.json <<'EOF'`).
//! - builtins [`BUILTINS`]: `echo`, `export`, `unset`, `cat`, `base64`
//!   (GNU coreutils: wraps at 76 columns unless `-w 0`; `-d` decodes),
//!   `ls`, `rm`; and the commands of the crate: `aws`, `docker`, `curl`,
//!   `sim`.
//! - `file://PATH` and `fileb://PATH` option values of `aws` commands are
//!   the file's text, from the account's files (`stevedore_engine::files`,
//!   written by `>` and here-documents).
//!
//! Anything else a shell does is refused with a message that says what is
//! supported; an error in a command's words (an unset variable, a missing
//! file, a failed `$(…)`) stops that command before it runs, so it changes
//! nothing.

mod parse;

pub use parse::{ParseError, Script, parse};

use crate::{Outcome, exit, plain_error as failure, printed};
use parse::{Join, Part, Redirect, Simple, Word};
use std::collections::{BTreeMap, BTreeSet};
use stevedore_engine::base::base64::{decode as base64_decode, encode as base64_encode};
use stevedore_engine::{Input, Sim};

/// The commands the shell runs itself.
pub const BUILTINS: &[&str] = &["base64", "cat", "echo", "export", "ls", "rm", "unset"];

/// Exit status of a shell syntax error (bash's).
pub const SYNTAX_ERROR: i32 = 2;
/// Exit status of a command whose words could not be expanded, or a
/// builtin's failure.
pub const FAILED: i32 = 1;
/// How deep `$(…)` may nest.
const MAX_DEPTH: usize = 8;

/// A shell session: its variables and the status of the last command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shell {
    vars: BTreeMap<String, String>,
    exported: BTreeSet<String>,
    status: i32,
}

impl Shell {
    pub fn new() -> Shell {
        Shell::default()
    }

    /// A variable's value, if it is set.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// Every variable, by name.
    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Runs `text` (one or more lines) against `sim`. What it printed is in
    /// the outcome; the AWS response, error and clock control are the last
    /// command's that had one.
    pub fn run(&mut self, sim: &mut Sim, text: &str) -> Outcome {
        self.run_at(sim, text, 0)
    }

    fn run_at(&mut self, sim: &mut Sim, text: &str, depth: usize) -> Outcome {
        let script = match parse(text) {
            Ok(script) => script,
            Err(e) => {
                self.status = SYNTAX_ERROR;
                return failure(
                    &format!("stevedore: syntax error: {}", e.message),
                    SYNTAX_ERROR,
                );
            }
        };
        let mut total = Outcome::default();
        let mut ran_any = false;
        for (join, pipeline) in &script.pipelines {
            let ok = self.status == exit::OK;
            match join {
                Join::IfOk if ran_any && !ok => continue,
                Join::IfFailed if ran_any && ok => continue,
                _ => {}
            }
            let mut stdin: Option<String> = None;
            let mut last = Outcome::default();
            for (i, command) in pipeline.commands.iter().enumerate() {
                let piped = i + 1 < pipeline.commands.len();
                last = self.simple(sim, command, stdin.take(), depth);
                total.stderr.push_str(&last.stderr);
                if piped {
                    stdin = Some(std::mem::take(&mut last.stdout));
                }
                merge_result(&mut total, &last);
            }
            total.stdout.push_str(&last.stdout);
            self.status = last.exit_code;
            total.exit_code = last.exit_code;
            ran_any = true;
        }
        total
    }

    fn simple(
        &mut self,
        sim: &mut Sim,
        command: &Simple,
        stdin: Option<String>,
        depth: usize,
    ) -> Outcome {
        match self.simple_inner(sim, command, stdin, depth) {
            Ok(outcome) => outcome,
            Err(outcome) => outcome,
        }
    }

    #[allow(clippy::result_large_err)] // the error is the outcome to print
    fn simple_inner(
        &mut self,
        sim: &mut Sim,
        command: &Simple,
        mut stdin: Option<String>,
        depth: usize,
    ) -> Result<Outcome, Outcome> {
        // Assignments before the command word.
        let mut assignments = Vec::new();
        let mut words = command.words.iter().peekable();
        while let Some((name, value)) = words.peek().and_then(|w| w.assignment()) {
            words.next();
            assignments.push((name, value));
        }
        let rest: Vec<&Word> = words.collect();
        if !rest.is_empty() && !assignments.is_empty() {
            return Err(failure(
                &format!(
                    "stevedore: '{}=…' before a command is not supported here: set it on its own line first ({0}=…), then run the command",
                    assignments[0].0
                ),
                FAILED,
            ));
        }
        for redirect in &command.redirects {
            if let Redirect::Heredoc { body, expand } = redirect {
                stdin = Some(if *expand {
                    self.expand_text(sim, body, depth)?
                } else {
                    body.clone()
                });
            }
        }
        let mut outcome = if rest.is_empty() {
            let mut values = Vec::new();
            for (name, value) in &assignments {
                values.push((name.clone(), self.expand_joined(sim, value, depth)?));
            }
            for (name, value) in values {
                self.vars.insert(name, value);
            }
            Outcome::default()
        } else {
            let mut fields = Vec::new();
            for word in &rest {
                fields.extend(self.expand(sim, word, depth)?);
            }
            if fields.is_empty() {
                Outcome::default()
            } else {
                self.command(sim, &fields, stdin.as_deref())
            }
        };
        self.redirect(sim, &command.redirects, &mut outcome, depth)?;
        Ok(outcome)
    }

    /// Runs one command with its words expanded.
    fn command(&mut self, sim: &mut Sim, words: &[String], stdin: Option<&str>) -> Outcome {
        let args = &words[1..];
        match words[0].as_str() {
            "echo" => echo(args),
            "export" => self.export(args),
            "unset" => {
                for name in args {
                    self.vars.remove(name);
                    self.exported.remove(name);
                }
                Outcome::default()
            }
            "cat" => cat(sim, args, stdin),
            "base64" => base64(sim, args, stdin),
            "ls" => ls(sim, args),
            "rm" => rm(sim, args),
            "aws" => match self.aws_words(sim, words) {
                Ok(words) => crate::run_command(sim, &words, stdin),
                Err(outcome) => outcome,
            },
            _ => crate::run_command(sim, words, stdin),
        }
    }

    fn export(&mut self, args: &[String]) -> Outcome {
        for arg in args {
            match arg.split_once('=') {
                Some((name, value)) if parse::is_name(name) => {
                    self.vars.insert(name.to_owned(), value.to_owned());
                    self.exported.insert(name.to_owned());
                }
                None if parse::is_name(arg) => {
                    self.exported.insert(arg.clone());
                }
                _ => {
                    return failure(
                        &format!("stevedore: export: '{arg}': not a valid identifier"),
                        FAILED,
                    );
                }
            }
        }
        Outcome::default()
    }

    /// An `aws` command's words with `file://` values read and the
    /// exported AWS CLI variables applied.
    #[allow(clippy::result_large_err)]
    fn aws_words(&self, sim: &Sim, words: &[String]) -> Result<Vec<String>, Outcome> {
        let mut out = Vec::with_capacity(words.len() + 4);
        for (i, word) in words.iter().enumerate() {
            let path = word
                .strip_prefix("file://")
                .or_else(|| word.strip_prefix("fileb://"));
            match path {
                Some(path) if i > 0 => {
                    let option = words[..i]
                        .iter()
                        .rev()
                        .find(|w| w.starts_with("--"))
                        .map_or("", String::as_str);
                    let text = sim.file(path).ok_or_else(|| {
                        failure(
                            &format!(
                                "\nError parsing parameter '{option}': Unable to load paramfile {word}: [Errno 2] No such file or directory: '{path}'"
                            ),
                            exit::USAGE,
                        )
                    })?;
                    out.push(text.to_owned());
                }
                _ => out.push(word.clone()),
            }
        }
        let has = |out: &[String], flag: &str| out.iter().any(|w| w == flag);
        let exported = |name: &str| {
            self.exported
                .contains(name)
                .then(|| self.vars.get(name))
                .flatten()
                .filter(|v| !v.is_empty())
                .cloned()
        };
        if !has(&out, "--output")
            && let Some(output) = exported("AWS_DEFAULT_OUTPUT")
        {
            out.extend(["--output".to_owned(), output]);
        }
        if !has(&out, "--region")
            && let Some(region) = exported("AWS_REGION").or_else(|| exported("AWS_DEFAULT_REGION"))
        {
            out.extend(["--region".to_owned(), region]);
        }
        Ok(out)
    }

    /// A word's fields: expansions outside quotes split on blanks.
    #[allow(clippy::result_large_err)]
    fn expand(&mut self, sim: &mut Sim, word: &Word, depth: usize) -> Result<Vec<String>, Outcome> {
        let mut fields: Vec<String> = Vec::new();
        // Whether the field being built exists (quoted empty text makes one).
        let mut current: Option<String> = None;
        for part in &word.parts {
            let (value, split) = match part {
                Part::Text { text, .. } => (text.clone(), false),
                Part::Var { name, quoted } => (self.value_of(name)?, !quoted),
                Part::Command { text, quoted } => (self.substitute(sim, text, depth)?, !quoted),
            };
            if !split {
                current.get_or_insert_with(String::new).push_str(&value);
                continue;
            }
            let mut pieces = value.split([' ', '\t', '\n']).peekable();
            let starts_blank = value.starts_with([' ', '\t', '\n']);
            if starts_blank && let Some(c) = current.take() {
                fields.push(c);
            }
            while let Some(piece) = pieces.next() {
                if !piece.is_empty() {
                    current.get_or_insert_with(String::new).push_str(piece);
                }
                if pieces.peek().is_some()
                    && let Some(c) = current.take()
                {
                    fields.push(c);
                }
            }
        }
        fields.extend(current);
        Ok(fields)
    }

    /// A word as one string (assignments, redirection targets).
    #[allow(clippy::result_large_err)]
    fn expand_joined(
        &mut self,
        sim: &mut Sim,
        word: &Word,
        depth: usize,
    ) -> Result<String, Outcome> {
        let mut out = String::new();
        for part in &word.parts {
            match part {
                Part::Text { text, .. } => out.push_str(text),
                Part::Var { name, .. } => out.push_str(&self.value_of(name)?),
                Part::Command { text, .. } => out.push_str(&self.substitute(sim, text, depth)?),
            }
        }
        Ok(out)
    }

    /// A here-document's body with `$NAME`, `${NAME}` and `$(…)` expanded
    /// (as inside double quotes), and its backslashes as bash reads them
    /// there: `\$`, `` \` `` and `\\` stand for the character, a backslash
    /// before a new line joins the lines, any other backslash (`\"`
    /// included, unlike inside double quotes) is itself.
    #[allow(clippy::result_large_err)]
    fn expand_text(&mut self, sim: &mut Sim, body: &str, depth: usize) -> Result<String, Outcome> {
        // Read the body as the inside of a double-quoted word.
        let mut inside = String::with_capacity(body.len() + 8);
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some('$' | '`' | '\\') => {
                        inside.push('\\');
                        inside.extend(chars.next());
                    }
                    Some('\n') => {
                        chars.next();
                    }
                    _ => inside.push_str("\\\\"),
                },
                '"' => inside.push_str("\\\""),
                c => inside.push(c),
            }
        }
        let quoted = format!("\"{inside}\"");
        let script = parse(&format!("x {quoted}"))
            .map_err(|e| failure(&format!("stevedore: here-document: {}", e.message), FAILED))?;
        let word = script
            .pipelines
            .first()
            .and_then(|(_, p)| p.commands.first())
            .and_then(|c| c.words.get(1))
            .cloned()
            .unwrap_or_default();
        self.expand_joined(sim, &word, depth)
    }

    #[allow(clippy::result_large_err)]
    fn value_of(&self, name: &str) -> Result<String, Outcome> {
        if name == "?" {
            return Ok(self.status.to_string());
        }
        self.vars.get(name).cloned().ok_or_else(|| {
            failure(
                &format!(
                    "stevedore: ${name} is not set, so this command did not run. Set it first ({name}=value, or {name}=$(aws … --query … --output text)); to pass the text ${name} itself, put it in single quotes: '${name}'."
                ),
                FAILED,
            )
        })
    }

    /// `$(text)`: what it prints, trailing new lines removed; its own
    /// variables do not leak out (a subshell).
    #[allow(clippy::result_large_err)]
    fn substitute(&mut self, sim: &mut Sim, text: &str, depth: usize) -> Result<String, Outcome> {
        if depth >= MAX_DEPTH {
            return Err(failure("stevedore: $(…) nested too deeply", FAILED));
        }
        let mut inner = self.clone();
        let outcome = inner.run_at(sim, text, depth + 1);
        if !outcome.is_ok() {
            let mut failed = failure(
                &format!(
                    "stevedore: the command in $({}) failed (exit status {}), so this command did not run.",
                    text.trim(),
                    outcome.exit_code
                ),
                outcome.exit_code,
            );
            failed.stderr = format!("{}{}", outcome.stderr, failed.stderr);
            return Err(failed);
        }
        Ok(outcome.stdout.trim_end_matches('\n').to_owned())
    }

    /// Applies `> file`, `>> file`, `2> file` and `2>&1` to what a command
    /// printed.
    #[allow(clippy::result_large_err)]
    fn redirect(
        &mut self,
        sim: &mut Sim,
        redirects: &[Redirect],
        outcome: &mut Outcome,
        depth: usize,
    ) -> Result<(), Outcome> {
        for redirect in redirects {
            match redirect {
                Redirect::ErrToOut => {
                    let err = std::mem::take(&mut outcome.stderr);
                    outcome.stdout.push_str(&err);
                }
                Redirect::ToFile {
                    path,
                    append,
                    stderr,
                } => {
                    let path = self.expand_joined(sim, path, depth)?;
                    let text = if *stderr {
                        std::mem::take(&mut outcome.stderr)
                    } else {
                        std::mem::take(&mut outcome.stdout)
                    };
                    // A command that failed leaves its output file as it
                    // was (a shell would have emptied it first).
                    if path == "/dev/null" || (!outcome.is_ok() && !stderr) {
                        continue;
                    }
                    let contents = if *append {
                        format!("{}{text}", sim.file(&path).unwrap_or_default())
                    } else {
                        text
                    };
                    if let Err(e) = sim
                        .apply(Input::WriteFile {
                            path: path.clone(),
                            contents,
                        })
                        .file()
                    {
                        return Err(failure(
                            &format!("stevedore: {path}: {}", e.message),
                            FAILED,
                        ));
                    }
                }
                Redirect::Heredoc { .. } => {}
            }
        }
        Ok(())
    }
}

/// Keeps the last AWS response, error, operation and clock control seen.
fn merge_result(total: &mut Outcome, last: &Outcome) {
    if last.operation.is_some() {
        total.operation = last.operation;
        total.response = last.response.clone();
        total.error = last.error.clone();
    } else if last.error.is_some() {
        total.error = last.error.clone();
    }
    if last.clock.is_some() {
        total.clock = last.clock;
    }
}

/// `echo [-n] WORDS…`.
fn echo(args: &[String]) -> Outcome {
    let (newline, args) = match args.first().map(String::as_str) {
        Some("-n") => (false, &args[1..]),
        _ => (true, args),
    };
    let mut text = args.join(" ");
    if newline {
        text.push('\n');
    }
    printed(text)
}

/// `cat [FILE…]`: the files, or standard input.
fn cat(sim: &Sim, args: &[String], stdin: Option<&str>) -> Outcome {
    if args.is_empty() {
        return printed(stdin.unwrap_or_default().to_owned());
    }
    let mut out = String::new();
    for path in args {
        if path == "-" {
            out.push_str(stdin.unwrap_or_default());
            continue;
        }
        match sim.file(path) {
            Some(text) => out.push_str(text),
            None => {
                let mut o = failure(&format!("cat: {path}: No such file or directory"), FAILED);
                o.stdout = out;
                return o;
            }
        }
    }
    printed(out)
}

/// `base64 [-d] [-w COLS] [FILE]`, as GNU coreutils' base64.
fn base64(sim: &Sim, args: &[String], stdin: Option<&str>) -> Outcome {
    let mut decode = false;
    let mut wrap = 76;
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        match arg {
            "-d" | "--decode" => decode = true,
            "-w" | "--wrap" => {
                let Some(n) = args.get(i + 1).and_then(|v| v.parse().ok()) else {
                    return failure(
                        "base64: -w needs a number of columns (0: no wrapping)",
                        FAILED,
                    );
                };
                wrap = n;
                i += 1;
            }
            _ if arg.starts_with("-w") || arg.starts_with("--wrap=") => {
                let n = arg.trim_start_matches("--wrap=").trim_start_matches("-w");
                let Ok(n) = n.parse() else {
                    return failure(&format!("base64: invalid wrap size: '{n}'"), FAILED);
                };
                wrap = n;
            }
            _ if arg.starts_with('-') && arg != "-" => {
                return failure(
                    &format!("base64: unrecognized option '{arg}' (the sandbox has -d and -w)"),
                    FAILED,
                );
            }
            _ if file.is_none() => file = Some(arg),
            _ => return failure(&format!("base64: extra operand '{arg}'"), FAILED),
        }
        i += 1;
    }
    let input = match file {
        Some(path) if path != "-" => match sim.file(path) {
            Some(text) => text.to_owned(),
            None => {
                return failure(
                    &format!("base64: {path}: No such file or directory"),
                    FAILED,
                );
            }
        },
        _ => stdin.unwrap_or_default().to_owned(),
    };
    if decode {
        let clean: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        return match base64_decode(&clean).map(String::from_utf8) {
            Some(Ok(text)) => printed(text),
            Some(Err(_)) => failure(
                "base64: the decoded data is not text (the sandbox shows text only)",
                FAILED,
            ),
            None => failure("base64: invalid input", FAILED),
        };
    }
    let encoded = base64_encode(input.as_bytes());
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 76 + 1);
    if wrap == 0 {
        out.push_str(&encoded);
    } else {
        for (i, c) in encoded.chars().enumerate() {
            if i > 0 && i % wrap == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    printed(out)
}

/// `ls [DIR]`: the files there, one per line.
fn ls(sim: &Sim, args: &[String]) -> Outcome {
    let dir = match args {
        [] => stevedore_engine::files::HOME.to_owned(),
        [dir] => match stevedore_engine::files::resolve(dir) {
            Ok(d) => d,
            Err(e) => return failure(&format!("ls: {e}"), FAILED),
        },
        _ => return failure("ls: one directory at a time here", FAILED),
    };
    let prefix = if dir == "/" {
        "/".to_owned()
    } else {
        format!("{dir}/")
    };
    let mut names: Vec<String> = sim
        .files()
        .filter_map(|(path, _)| path.strip_prefix(&prefix))
        .map(|rest| match rest.split_once('/') {
            Some((d, _)) => format!("{d}/"),
            None => rest.to_owned(),
        })
        .collect();
    names.dedup();
    if names.is_empty() && sim.file(&dir).is_some() {
        return printed(format!("{}\n", args.first().map_or("", String::as_str)));
    }
    printed(names.iter().map(|n| format!("{n}\n")).collect())
}

/// `rm [-f] FILE…`.
fn rm(sim: &mut Sim, args: &[String]) -> Outcome {
    let force = args.first().is_some_and(|a| a == "-f");
    let files = if force { &args[1..] } else { args };
    if files.is_empty() {
        return failure("rm: missing operand", FAILED);
    }
    let mut out = Outcome::default();
    for path in files {
        if let Err(e) = sim.apply(Input::RemoveFile { path: path.clone() }).file()
            && !force
        {
            out.stderr.push_str(&format!("rm: {}\n", e.message));
            out.exit_code = FAILED;
        }
    }
    out
}

/// Splits a line into words without expansions (see [`Shell`] for the
/// whole shell): blanks separate words; quotes and backslashes as in a
/// POSIX shell. The words of `line`, or a message if a quote is left open.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("the line ends inside a 'single-quoted' string".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => {
                                return Err(
                                    "the line ends inside a \"double-quoted\" string".into()
                                );
                            }
                        },
                        Some(c) => word.push(c),
                        None => {
                            return Err("the line ends inside a \"double-quoted\" string".into());
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
                None => {}
            },
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::split;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split("aws ecs  list-clusters").unwrap(),
            ["aws", "ecs", "list-clusters"]
        );
        assert_eq!(
            split(r#"--tags 'key=a b,value=c' "x\"y" a\ b '' "#).unwrap(),
            ["--tags", "key=a b,value=c", "x\"y", "a b", ""]
        );
        assert_eq!(split("a \\\n b").unwrap(), ["a", "b"]);
        assert_eq!(
            split(r#"--cli-input-json '{"clusterName": "x"}'"#).unwrap()[1],
            r#"{"clusterName": "x"}"#
        );
        assert!(split("'open").is_err());
        assert!(split("\"open").is_err());
        assert!(split("").unwrap().is_empty());
    }

    /// An unquoted here-document's backslashes, as bash reads them (checked
    /// against bash 5): `\$`, `\\` and `` \` `` are the character, `\"` and
    /// `\q` keep their backslash, a backslash-new line joins the lines;
    /// with the delimiter quoted, nothing changes.
    #[test]
    fn here_document_backslashes_as_bash_reads_them() {
        let mut sim = stevedore_engine::Sim::new(stevedore_engine::SimConfig::default()).unwrap();
        let mut shell = super::Shell::new();
        let body = "a \\$X $X \\\\ \\\" \\q \"q\" \\`b\\` end\\\njoined";
        let out = shell.run(&mut sim, &format!("X=val\ncat <<JSON\n{body}\nJSON"));
        assert_eq!(
            out.stdout, "a $X val \\ \\\" \\q \"q\" `b` endjoined\n",
            "{}",
            out.stderr
        );
        let out = shell.run(&mut sim, &format!("cat <<'JSON'\n{body}\nJSON"));
        assert_eq!(out.stdout, format!("{body}\n"));
    }
}
