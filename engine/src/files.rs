//! The learner's files: a small file system that belongs to the simulated
//! account, as a home directory belongs to the laptop the AWS CLI runs on.
//! The command line writes it (`cat > task-def.json <<'EOF'`, `echo … >
//! file`, later the sandbox's editor) and reads it (`file://` and
//! `fileb://` option values, `cat`, `docker build`'s `Dockerfile`). Writes
//! go in through [`Sim::apply`] as [`Input::WriteFile`] and
//! [`Input::RemoveFile`], so the journal replays them with the rest of the
//! account; reads are [`Sim::file`] and [`Sim::files`].
//!
//! Paths are text: relative ones (`task.json`, `./app/Dockerfile`) and
//! `~/…` are in the home directory [`HOME`]; absolute ones (`/tmp/x.json`)
//! stand as they are. `.` and `..` components are resolved. Files hold
//! UTF-8 text. MODEL limits: [`MAX_FILES`] files of at most
//! [`MAX_FILE_BYTES`] bytes each.
//!
//! [`Input::WriteFile`]: crate::Input::WriteFile
//! [`Input::RemoveFile`]: crate::Input::RemoveFile

use crate::error::ApiError;
use crate::sim::Sim;
use std::collections::BTreeMap;

/// The learner's home directory (where relative paths start).
pub const HOME: &str = "/home/learner";
/// MODEL: most files an account's file system holds.
pub const MAX_FILES: usize = 200;
/// MODEL: the largest file, in bytes (task definitions, policies, user
/// data and Dockerfiles are far smaller).
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// MODEL: the longest path, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;

/// The files, by absolute path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub by_path: BTreeMap<String, String>,
}

/// The absolute path `path` names, or why it is not a path.
pub fn resolve(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Err("a file name is empty".to_owned());
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(format!(
            "a path is at most {MAX_PATH_BYTES} bytes long (this one is {})",
            path.len()
        ));
    }
    if let Some(c) = path.chars().find(|c| c.is_control()) {
        return Err(format!("a path cannot hold control characters ({:?})", c));
    }
    let full = if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path == "~" {
        HOME.to_owned()
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{HOME}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Ok(format!("/{}", parts.join("/")))
}

/// How a path is shown: relative to [`HOME`] when it is inside it.
pub fn display(path: &str) -> String {
    path.strip_prefix(HOME)
        .and_then(|p| p.strip_prefix('/'))
        .map_or_else(|| path.to_owned(), str::to_owned)
}

fn refused(message: String) -> ApiError {
    ApiError::invalid_parameter(message)
}

impl Sim {
    /// The text of the file at `path` (relative, `~/…` or absolute), if
    /// there is one.
    pub fn file(&self, path: &str) -> Option<&str> {
        let path = resolve(path).ok()?;
        self.state.files.by_path.get(&path).map(String::as_str)
    }

    /// Every file: (absolute path, size in bytes), by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.state
            .files
            .by_path
            .iter()
            .map(|(p, text)| (p.as_str(), text.len()))
    }

    /// Writes (creates or replaces) a file; what the shell says on success
    /// is nothing, so the result is the resolved path.
    pub(crate) fn write_file(&mut self, path: &str, contents: &str) -> Result<String, ApiError> {
        let path = resolve(path).map_err(refused)?;
        if path == "/" || path == HOME {
            return Err(refused(format!("{}: Is a directory", display(&path))));
        }
        if contents.len() > MAX_FILE_BYTES {
            return Err(refused(format!(
                "{}: the sandbox keeps files of at most {} KiB (this one is {} bytes).",
                display(&path),
                MAX_FILE_BYTES / 1024,
                contents.len()
            )));
        }
        let files = &mut self.state.files.by_path;
        if !files.contains_key(&path) && files.len() >= MAX_FILES {
            return Err(refused(format!(
                "{}: the sandbox keeps at most {MAX_FILES} files; remove some with rm.",
                display(&path)
            )));
        }
        files.insert(path.clone(), contents.to_owned());
        Ok(path)
    }

    /// Removes a file.
    pub(crate) fn remove_file(&mut self, path: &str) -> Result<String, ApiError> {
        let path = resolve(path).map_err(refused)?;
        match self.state.files.by_path.remove(&path) {
            Some(_) => Ok(path),
            None => Err(refused(format!(
                "cannot remove '{}': No such file or directory",
                display(&path)
            ))),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::{Input, SimConfig};

    #[test]
    fn paths_resolve_in_the_home_directory() {
        assert_eq!(resolve("task.json").unwrap(), "/home/learner/task.json");
        assert_eq!(resolve("./a/../b.json").unwrap(), "/home/learner/b.json");
        assert_eq!(resolve("~/x").unwrap(), "/home/learner/x");
        assert_eq!(resolve("/tmp//x.json").unwrap(), "/tmp/x.json");
        assert_eq!(resolve("/../..").unwrap(), "/");
        assert!(resolve("").is_err());
        assert!(resolve("a\nb").is_err());
        assert_eq!(display("/home/learner/app/Dockerfile"), "app/Dockerfile");
        assert_eq!(display("/tmp/x"), "/tmp/x");
    }

    #[test]
    fn writes_are_inputs_with_limits() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let out = sim.apply(Input::WriteFile {
            path: "td.json".into(),
            contents: "{}".into(),
        });
        assert!(matches!(out, crate::Output::File(Ok(_))), "{out:?}");
        assert_eq!(sim.file("./td.json"), Some("{}"));
        assert_eq!(sim.file("/home/learner/td.json"), Some("{}"));
        let big = "x".repeat(MAX_FILE_BYTES + 1);
        let out = sim.apply(Input::WriteFile {
            path: "big".into(),
            contents: big,
        });
        assert!(matches!(out, crate::Output::File(Err(_))));
        assert_eq!(sim.file("big"), None);
        let mut write = |path: &str, contents: &str| {
            sim.apply(Input::WriteFile {
                path: path.into(),
                contents: contents.into(),
            })
            .file()
        };
        for n in 1..MAX_FILES {
            write(&format!("f{n}"), "").unwrap();
        }
        let err = write("one-more", "").unwrap_err();
        assert!(err.message.contains("at most 200 files"), "{err}");
        // Replacing a file is fine at the limit.
        write("td.json", "[]").unwrap();
        let err = sim
            .apply(Input::RemoveFile {
                path: "nope".into(),
            })
            .file()
            .unwrap_err();
        assert!(err.message.contains("No such file"), "{err}");
        sim.apply(Input::RemoveFile {
            path: "td.json".into(),
        });
        assert_eq!(sim.file("td.json"), None);
        // The journal replays the files too.
        let replayed = sim.journal().replay().unwrap();
        assert_eq!(replayed.state_fingerprint(), sim.state_fingerprint());
    }
}
