//! Lowercase hexadecimal: of bytes (digests, pagination tokens) and of the
//! low digits of a number (ids), without the formatting machinery where
//! ids are made for every task.

/// Two lowercase hex digits a byte (`format!("{b:02x}")` of each).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        push_hex(&mut out, u64::from(b), 2);
    }
    out
}

/// The bytes of an even-length ASCII text of hex pairs (either case), or
/// `None`. Each pair is read as `u8::from_str_radix(pair, 16)` reads it.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Appends the low `digits` hex digits of `v` (at most 16), lowercase and
/// zero-padded: `format!("{v:0digits$x}")` for values that fit.
pub fn push_hex(out: &mut String, v: u64, digits: u32) {
    let mut buf = [b'0'; 16];
    let digits = digits.min(16) as usize;
    for (i, d) in buf[..digits].iter_mut().rev().enumerate() {
        *d = b"0123456789abcdef"[((v >> (i * 4)) & 0xf) as usize];
    }
    out.push_str(std::str::from_utf8(&buf[..digits]).unwrap_or_default());
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn push_hex_prints_as_format_would() {
        for v in [0, 1, 0xabc, 0xdead_beef, u64::MAX, 0x0123_4567_89ab_cdef] {
            let mut out = String::from("x");
            push_hex(&mut out, v, 16);
            assert_eq!(out, format!("x{v:016x}"));
        }
        let mut out = String::new();
        push_hex(&mut out, 0x2a, 8);
        assert_eq!(out, "0000002a");
    }

    #[test]
    fn bytes_round_trip() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(&[0, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(decode("000fA0ff").unwrap(), [0, 0x0f, 0xa0, 0xff]);
        assert_eq!(decode("").unwrap(), b"");
        for bad in ["0", "zz", "0é", "abc"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
