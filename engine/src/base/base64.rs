//! Base64 (RFC 4648): the standard alphabet with `=` padding (§4: ECR
//! authorization tokens, EC2 user data, the AWS CLI's resume tokens) and
//! the URL-safe alphabet without padding (§5: share codes that sit in a
//! URL as they are).

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard base64 of `data`, padded with `=` to a multiple of 4.
pub fn encode(data: &[u8]) -> String {
    encode_with(STANDARD, data, true)
}

/// URL-safe base64 of `data` (`-` and `_` for `+` and `/`), without
/// padding.
pub fn encode_url(data: &[u8]) -> String {
    encode_with(URL_SAFE, data, false)
}

fn encode_with(alphabet: &[u8; 64], data: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn value(alphabet: &[u8; 64], c: u8) -> Option<u32> {
    alphabet.iter().position(|&a| a == c).map(|v| v as u32)
}

/// The bytes of standard, padded base64: a multiple of 4 characters, `=`
/// only at the end and at most two. `None` for anything else (white space
/// included: strip it first where it is allowed).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let chunks = bytes.len() / 4;
    let mut out = Vec::with_capacity(chunks * 3);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(STANDARD, c)?;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

/// The bytes of unpadded URL-safe base64. Bits left over at the end (fewer
/// than a byte's worth) are dropped. `Err` holds the first byte of `text`
/// that is not in the alphabet (`=` included).
pub fn decode_url(text: &str) -> Result<Vec<u8>, u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        acc = (acc << 6) | value(URL_SAFE, c).ok_or(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn standard_matches_rfc4648_vectors() {
        for (plain, coded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(
            decode("IyEvYmluL3NoCmVjaG8gaGVsbG8gPj4gL3RtcC9ncmVldGluZwo=").unwrap(),
            b"#!/bin/sh\necho hello >> /tmp/greeting\n"
        );
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(decode("+/8=").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn standard_refuses_what_is_not_padded_base64() {
        for bad in [
            "Zg", "Zg=", "Zg=a", "Z===", "Z!==", "abc", "Zm9v!A==", "Zg==Zg==", "Zm9v!", "Zm 9v",
            "-_8=", "====",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn url_safe_matches_rfc4648_vectors_without_padding() {
        for (plain, coded) in VECTORS {
            let unpadded = coded.trim_end_matches('=');
            assert_eq!(encode_url(plain.as_bytes()), unpadded);
            assert_eq!(decode_url(unpadded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_url("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode_url("+_8"), Err(b'+'));
        assert_eq!(decode_url("Zg=="), Err(b'='));
        // Round trips over every byte value and length mod 3.
        let data: Vec<u8> = (0..=255).collect();
        for len in [0, 1, 2, 3, 254, 255, 256] {
            let data = &data[..len.min(256)];
            assert_eq!(decode_url(&encode_url(data)).unwrap(), data);
            assert_eq!(decode(&encode(data)).unwrap(), data);
        }
    }
}
