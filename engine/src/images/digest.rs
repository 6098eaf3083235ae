//! OCI/Docker content digests: `sha256:` and the SHA-256 of the content in
//! 64 lowercase hex digits (F10.1).

use crate::base::sha256::sha256_hex;

/// An OCI/Docker content digest: `sha256:` + 64 lowercase hex digits.
pub fn digest_of(content: &str) -> String {
    format!("sha256:{}", sha256_hex(content.as_bytes()))
}

/// Whether `text` is a well-formed `sha256:<64 hex>` digest.
pub fn is_sha256_digest(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_well_formed() {
        let d = digest_of("nginx:1.27");
        assert!(is_sha256_digest(&d), "{d}");
        assert_ne!(d, digest_of("nginx:1.26"));
        assert!(!is_sha256_digest("sha256:ABC"));
        assert!(!is_sha256_digest(&d.replace("sha256:", "md5:")));
    }
}
