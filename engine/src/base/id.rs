//! Resource ids made from well-mixed bits: a counter mixed with a seed
//! ([`bits`]), printed as AWS prints its ids: a prefix and 17 hex digits
//! (`vpc-0a1b2c3d4e5f67890`), 32 hex digits, or a UUID.

use super::hash::splitmix64;
use super::hex::push_hex;

/// The bits of id number `counter` of a run seeded with `seed`: distinct
/// counters give unrelated-looking bits.
pub fn bits(seed: u64, counter: u64) -> u64 {
    splitmix64(seed ^ splitmix64(counter))
}

/// `prefix-0` and the 16 hex digits of `bits`: 17 digits after the dash,
/// the form of `vpc-`, `subnet-`, `sg-`, `i-`… ids.
pub fn prefixed(prefix: &str, bits: u64) -> String {
    let mut id = String::with_capacity(prefix.len() + 18);
    id.push_str(prefix);
    id.push_str("-0");
    push_hex(&mut id, bits, 16);
    id
}

/// 32 lowercase hex digits: `a`'s then `b`'s.
pub fn hex32(a: u64, b: u64) -> String {
    let mut id = String::with_capacity(32);
    push_hex(&mut id, a, 16);
    push_hex(&mut id, b, 16);
    id
}

/// [`hex32`] of `a` and `b` in UUID form, `8-4-4-4-12` digits.
pub fn uuid(a: u64, b: u64) -> String {
    // Written in place around the dashes: one allocation, no per-part
    // copies.
    fn put_hex(out: &mut [u8], mut v: u64) {
        for d in out.iter_mut().rev() {
            *d = b"0123456789abcdef"[(v & 0xf) as usize];
            v >>= 4;
        }
    }
    let mut buf = [b'-'; 36];
    put_hex(&mut buf[0..8], a >> 32);
    put_hex(&mut buf[9..13], a >> 16);
    put_hex(&mut buf[14..18], a);
    put_hex(&mut buf[19..23], b >> 48);
    put_hex(&mut buf[24..36], b);
    String::from_utf8(buf.to_vec()).unwrap_or_default()
}

/// [`uuid`] with the version (4, random) and variant (RFC 4122) bits set:
/// `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`, V one of `8 9 a b`.
pub fn uuid_v4(a: u64, b: u64) -> String {
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    uuid(a, b)
}

/// Whether two ids or ARNs of one kind are the same. Such ids share their
/// length and, within an account, their first bytes (an ARN's first
/// 60-odd): the last byte, of the resource's own id, tells most apart
/// before the whole is compared.
#[inline]
pub fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// `s` without every leading `prefix` (what `str::trim_start_matches`
/// gives for a `&str` pattern), without building a substring searcher.
#[inline]
pub fn trim_prefix<'a>(mut s: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return s;
    }
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn trim_prefix_is_trim_start_matches() {
        for s in [
            "eni-0abc",
            "eni-eni-1",
            "eni-",
            "",
            "xeni-",
            "en",
            "eni-eni-",
        ] {
            for p in ["eni-", "", "e"] {
                assert_eq!(trim_prefix(s, p), s.trim_start_matches(p), "{s:?} {p:?}");
            }
        }
    }

    #[test]
    fn ids_have_aws_shapes() {
        assert_eq!(prefixed("vpc", 0xabc), "vpc-00000000000000abc");
        assert_eq!(prefixed("i", u64::MAX), "i-0ffffffffffffffff");
        let (a, b) = (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210);
        let hex = hex32(a, b);
        assert_eq!(hex, "0123456789abcdeffedcba9876543210");
        let u = uuid(a, b);
        assert_eq!(u, "01234567-89ab-cdef-fedc-ba9876543210");
        assert_eq!(u.replace('-', ""), hex);
        assert_eq!(uuid_v4(a, b), "01234567-89ab-4def-bedc-ba9876543210");
        assert_eq!(uuid_v4(0, 0), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn bits_differ_by_counter_and_seed() {
        assert_ne!(bits(0, 1), bits(0, 2));
        assert_ne!(bits(0, 1), bits(1, 1));
        assert_eq!(bits(7, 3), splitmix64(7 ^ splitmix64(3)));
    }
}
