//! `course-data [DIR]`: writes the course's static files (the
//! `stevedore_lessons::data` module) into a build's directory: `DIR`, or
//! else Trunk's `TRUNK_STAGING_DIR` (Trunk.toml runs it as a `post_build`
//! hook, in `trunk build` and `trunk serve` alike). Invalid content stops
//! the build with every diagnostic.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut stderr = std::io::stderr();
    let Some(dir) = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
    else {
        let _ = writeln!(
            stderr,
            "course-data: say where to write (a build's directory), or run it from Trunk"
        );
        return ExitCode::from(2);
    };
    let course = match stevedore_lessons::try_course() {
        Ok(course) => course,
        Err(diagnostics) => {
            for d in diagnostics {
                let _ = writeln!(stderr, "{d}");
            }
            let _ = writeln!(stderr, "course-data: the course is invalid");
            return ExitCode::FAILURE;
        }
    };
    match stevedore_lessons::data::write(course, std::path::Path::new(&dir)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(stderr, "course-data: {message}");
            ExitCode::FAILURE
        }
    }
}
