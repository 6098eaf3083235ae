//! Share links: an account's [`Journal`] as a short, URL-safe text, and
//! back. The journal's text form (`stevedore_engine::journal`) is deflated
//! (raw DEFLATE, the best compression) and written in base64url without
//! padding (RFC 4648 §5: `A–Z a–z 0–9 - _`), behind a version letter, so
//! it can sit in a URL fragment (`/sandbox#j=…`) as it is.
//!
//! Decoding is all or nothing: a text that is not base64url, does not
//! inflate, inflates past [`MAX_JOURNAL_BYTES`], or is not a journal this
//! engine reads (a newer format says so) is refused with a message for
//! the learner, and nothing is applied.

use stevedore_engine::base::base64;
use stevedore_engine::{Journal, Sim};

/// The first character of a share code: the encoding's version (`1`:
/// deflate + base64url of the journal text). A code from a newer Stevedore
/// starts with another character and is refused with a clear message.
pub const CODE_VERSION: char = '1';
/// The most journal text a share code may inflate to (a long session's
/// journal is tens of kilobytes; this bounds a hostile code).
pub const MAX_JOURNAL_BYTES: usize = 4 * 1024 * 1024;

/// The share code of a journal.
pub fn encode(journal: &Journal) -> String {
    encode_text(&journal.to_text())
}

/// Deflates `text` and writes it in base64url behind [`CODE_VERSION`].
fn encode_text(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
    format!("{CODE_VERSION}{}", base64::encode_url(&packed))
}

/// The share code of an account's journal.
pub fn encode_sim(sim: &Sim) -> String {
    encode(sim.journal())
}

/// Reads a share code back into a journal (not yet replayed: the caller
/// replays it with [`Journal::replay`]).
pub fn decode(code: &str) -> Result<Journal, String> {
    let code = code.trim();
    let Some(version) = code.chars().next() else {
        return Err("The share code is empty.".to_owned());
    };
    if version != CODE_VERSION {
        return Err(if version.is_ascii_digit() && version > CODE_VERSION {
            format!(
                "This share code was made by a newer Stevedore (version {version}); this one reads version {CODE_VERSION}."
            )
        } else {
            "This is not a Stevedore share code.".to_owned()
        });
    }
    let bytes = base64::decode_url(&code[1..]).map_err(|c| {
        format!(
            "The share code has a character that does not belong in it ('{}'); was it copied whole?",
            char::from(c)
        )
    })?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_JOURNAL_BYTES)
        .map_err(|_| "The share code is damaged or cut short; was it copied whole?".to_owned())?;
    let text = String::from_utf8(text)
        .map_err(|_| "The share code does not hold a journal.".to_owned())?;
    Journal::parse(&text).map_err(|e| format!("The share code's journal cannot be read: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::SimConfig;

    fn session() -> Sim {
        let mut sim = Sim::new(SimConfig::with_seed(7)).unwrap();
        for line in [
            "aws ecs create-cluster --cluster-name demo",
            "sim advance 90s",
            "aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\"}]'",
            "sim fault lose-az us-east-1a",
            "docker pull nginx",
        ] {
            crate::run(&mut sim, line);
        }
        sim
    }

    #[test]
    fn a_code_reads_back_into_the_same_journal_and_account() {
        let sim = session();
        let code = encode_sim(&sim);
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{code}"
        );
        let journal = decode(&code).unwrap();
        assert_eq!(&journal, sim.journal());
        assert_eq!(
            journal.replay().unwrap().state_fingerprint(),
            sim.state_fingerprint()
        );
    }

    #[test]
    fn bad_codes_are_refused_with_a_reason() {
        let code = encode_sim(&session());
        let cases = [
            (String::new(), "empty"),
            ("x123".to_owned(), "not a Stevedore share code"),
            (format!("2{}", &code[1..]), "newer Stevedore (version 2)"),
            (format!("{}!", &code[..20]), "does not belong"),
            (code[..code.len() / 2].to_owned(), "damaged or cut short"),
            // Valid deflate of a text that is not a journal.
            (encode_text("hello, world"), "not a Stevedore journal"),
            (
                encode_text("stevedore-journal 9\nconfig {}\n"),
                "newer Stevedore (format 9)",
            ),
        ];
        for (code, want) in cases {
            let err = decode(&code).unwrap_err();
            assert!(err.contains(want), "{code:?}: {err}");
        }
    }
}
