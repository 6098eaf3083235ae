//! Small non-cryptographic hashes, stable on every platform and release
//! (unlike `std`'s `DefaultHasher`): SplitMix64 to spread a counter's or a
//! seed's bits, FNV-1a 64 over bytes, and Fx for hash tables.

/// SplitMix64's output function: turns a counter into well-spread bits.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a, 64 bits.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Fx (rustc's `FxHasher` step: rotate, xor, multiply) over the whole
/// length of `bytes` and its last `tail` bytes, with the high half folded
/// into the low one (tables that pick buckets by the low bits want it).
/// Keys that differ mostly at the end (ARNs ending in a random id) hash as
/// well by their tail as by all of them.
pub fn fx_tail(bytes: &[u8], tail: usize) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let bytes = &bytes[bytes.len().saturating_sub(tail)..];
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h ^ (h >> 32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // The first outputs of SplitMix64 seeded with 0 (state 0x9e37…,
        // 2×0x9e37…): the reference generator's sequence.
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
        assert_eq!(splitmix64(0x9e37_79b9_7f4a_7c15), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn fnv1a64_reference_vectors() {
        // Fowler/Noll/Vo test suite.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fx_tail_reads_only_the_tail_and_the_length() {
        let a = b"arn:aws:svc:us-east-1:123456789012:thing/a/0123456789abcdef";
        let b = b"arn:aws:svc:eu-west-1:999999999999:thing/a/0123456789abcdef";
        assert_eq!(fx_tail(a, 16), fx_tail(b, 16));
        assert_ne!(fx_tail(a, 64), fx_tail(b, 64));
        assert_ne!(fx_tail(b"x", 16), fx_tail(b"xx", 16));
        assert_eq!(fx_tail(b"", 16), 0);
    }
}
