//! Scripts of command lines, as `stevedore run` and the labs read them.
//!
//! - Blank lines and lines starting with `#` are skipped.
//! - A line that is meant to fail ends with a marker:
//!   `aws ecs delete-cluster --cluster nope  # expect-error: ClusterNotFoundException`
//!   (the code is the AWS error code, or `UsageError` for a command-line
//!   mistake; `# expect-error` alone accepts any failure). A marked line
//!   that succeeds, or fails with another code, is a mismatch
//!   ([`judge`]).
//! - A line ending in `\` continues on the next line; a command the
//!   shell reads as unfinished (a here-document, an open quote or `$(`)
//!   takes the lines that complete it.
//!
//! One [`crate::shell::Shell`] runs a whole script, so variables set on
//! one line are there on the next.

use crate::{Outcome, exit};

/// The marker that says a line is expected to fail.
pub const EXPECT_ERROR: &str = "# expect-error";

/// One command of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1-based line number where the command starts.
    pub line: usize,
    pub command: String,
    /// `Some(None)`: any failure expected; `Some(Some(code))`: that code.
    pub expect_error: Option<Option<String>>,
}

/// Splits a script into steps. `Err` names the line of a bad marker.
pub fn parse(source: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    // A command the shell reads as unfinished (a here-document, an open
    // quote or `$(`): the lines that complete it, kept as they are.
    let mut open: Option<(usize, String)> = None;
    for (index, raw) in source.lines().enumerate() {
        let number = index + 1;
        if let Some((start, so_far)) = open.take() {
            let text = format!("{so_far}\n{raw}");
            match crate::shell::parse(&text) {
                Err(e) if e.unclosed => open = Some((start, text)),
                _ => steps.push(Step {
                    line: start,
                    command: text,
                    expect_error: None,
                }),
            }
            continue;
        }
        let (start, mut text) = match pending.take() {
            Some((start, so_far)) => (start, format!("{so_far} {}", raw.trim())),
            None => {
                let trimmed = raw.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                (number, trimmed.to_owned())
            }
        };
        if let Some(stripped) = text.strip_suffix('\\') {
            text = stripped.trim_end().to_owned();
            pending = Some((start, text));
            continue;
        }
        if matches!(crate::shell::parse(&text), Err(e) if e.unclosed)
            && !text.contains(EXPECT_ERROR)
        {
            open = Some((start, text));
            continue;
        }
        let (command, expect_error) = match text.rfind(EXPECT_ERROR) {
            Some(at) => {
                let marker = text[at + EXPECT_ERROR.len()..].trim();
                let code = match marker.strip_prefix(':') {
                    Some(code) if code.trim().is_empty() => None,
                    Some(code) => {
                        let code = code.trim();
                        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                            return Err(format!(
                                "line {start}: '{code}' is not an error code (write '# expect-error: ClusterNotFoundException')"
                            ));
                        }
                        Some(code.to_owned())
                    }
                    None if marker.is_empty() => None,
                    None => {
                        return Err(format!(
                            "line {start}: write the marker as '# expect-error: CODE' or '# expect-error'"
                        ));
                    }
                };
                (text[..at].trim_end().to_owned(), Some(code))
            }
            None => (text, None),
        };
        steps.push(Step {
            line: start,
            command,
            expect_error,
        });
    }
    if let Some((start, _)) = pending {
        return Err(format!(
            "line {start}: the script ends inside a continued line (trailing '\\')"
        ));
    }
    if let Some((start, text)) = open {
        // Run as it is: the shell says what is unfinished.
        steps.push(Step {
            line: start,
            command: text,
            expect_error: None,
        });
    }
    Ok(steps)
}

/// The error code a failed outcome stands for: the AWS code, or
/// `UsageError` / `CommandNotFound` for command-line mistakes.
pub fn error_code(outcome: &Outcome) -> Option<String> {
    if outcome.is_ok() {
        return None;
    }
    Some(match &outcome.error {
        Some((code, _)) => code.clone(),
        None if outcome.exit_code == exit::NOT_FOUND => "CommandNotFound".to_owned(),
        None => "UsageError".to_owned(),
    })
}

/// Why a step's outcome makes its script fail, if it does: an unexpected
/// failure, another error code than marked, or a success although marked.
pub fn judge(step: &Step, outcome: &Outcome) -> Option<String> {
    let got = error_code(outcome);
    match (&step.expect_error, &got) {
        (None, None) => None,
        (None, Some(code)) => Some(format!("failed unexpectedly with {code}")),
        (Some(None), Some(_)) => None,
        (Some(Some(want)), Some(code)) if want == code => None,
        (Some(Some(want)), Some(code)) => Some(format!("expected {want}, got {code}")),
        (Some(want), None) => Some(format!(
            "expected {}, but it succeeded",
            want.as_deref().unwrap_or("an error")
        )),
    }
}
