//! The files tasks keep on an EFS file system: a map from absolute path
//! (within the file system) to text, in the account's state, so that every
//! task mounting the file system — in any Availability Zone, through any
//! access point whose root covers the path — reads what the others wrote.
//! Writes happen only through the simulator (deterministic); the one
//! writer today is the sample image `stevedore/efs-notes`
//! ([`NOTES_IMAGE`]): at start it appends a line with its task id and
//! Availability Zone to `notes.txt` in the directory of its EFS mount
//! (`NOTES_DIR` in its environment, default [`DEFAULT_NOTES_DIR`]), and it
//! serves that file's content over HTTP on port 80.
//!
//! MODEL caps (AWS has none this small): a file system keeps at most
//! [`MAX_FILES`] files, a file at most [`MAX_FILE_BYTES`] bytes — an
//! append that would pass the cap drops the file's oldest lines first.

use crate::sim::Sim;

/// MODEL: files per file system.
pub const MAX_FILES: usize = 64;
/// MODEL: bytes per file (oldest lines dropped beyond it).
pub const MAX_FILE_BYTES: usize = 8192;
/// The simulator's own sample image (engine/src/images/catalogue.rs).
pub const NOTES_IMAGE: &str = "stevedore/efs-notes";
/// Where `stevedore/efs-notes` writes when `NOTES_DIR` is not set.
pub const DEFAULT_NOTES_DIR: &str = "/mnt/efs";
/// The file it appends to and serves.
pub const NOTES_FILE: &str = "notes.txt";

/// `dir` + `/` + `name`, with one slash between.
pub fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let name = name.trim_start_matches('/');
    if name.is_empty() {
        if dir.is_empty() {
            "/".to_owned()
        } else {
            dir.to_owned()
        }
    } else {
        format!("{dir}/{name}")
    }
}

impl Sim {
    /// The content of `path` on file system `fs_id`, if it has been written.
    pub(crate) fn efs_read(&self, fs_id: &str, path: &str) -> Option<&str> {
        self.state
            .efs
            .file_systems
            .get(fs_id)
            .and_then(|f| f.files.get(path))
            .map(String::as_str)
    }

    /// Appends `line` (and a newline) to `path` on `fs_id`, within the
    /// MODEL caps; `false` when the file system is gone or full.
    pub(crate) fn efs_append(&mut self, fs_id: &str, path: &str, line: &str) -> bool {
        let Some(fs) = self.state.efs.file_systems.get_mut(fs_id) else {
            return false;
        };
        if !fs.files.contains_key(path) && fs.files.len() >= MAX_FILES {
            return false;
        }
        let file = fs.files.entry(path.to_owned()).or_default();
        file.push_str(line);
        file.push('\n');
        while file.len() > MAX_FILE_BYTES {
            match file.find('\n') {
                Some(end) if end + 1 < file.len() => {
                    file.drain(..=end);
                }
                _ => {
                    file.truncate(MAX_FILE_BYTES);
                }
            }
        }
        true
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn join_puts_one_slash_between() {
        assert_eq!(join("/", "notes.txt"), "/notes.txt");
        assert_eq!(join("/app/", "/notes.txt"), "/app/notes.txt");
        assert_eq!(join("/app", ""), "/app");
    }
}
