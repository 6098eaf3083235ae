//! `memcmp` and `bcmp` for wasm32 that compare eight bytes at a time.
//!
//! On `wasm32-unknown-unknown` the standard library's `memcmp` (from
//! `compiler_builtins`) goes one byte per loop turn. The engine compares
//! ARNs all the time (map keys, equality), and ARNs share their first
//! 40–60 bytes (`arn:aws:ecs:us-east-1:123456789012:container-instance/…`),
//! so in the fleet-day benchmark that loop was about 30 % of the page's
//! time (a Node CPU profile). These definitions take the place of the
//! built-in ones (which are weak symbols) wherever this crate is linked:
//! the page (`app`) and the browser benchmark. Natively nothing changes:
//! only [`compare`] exists there, for the tests.
#![no_std]

/// What `memcmp(a, b, n)` returns: negative, zero or positive as the first
/// differing byte of `a` is below, equal to or above that of `b`.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes.
#[allow(unsafe_code)]
#[inline]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: i + 8 <= n, and the caller gives n readable bytes.
        let (x, y) = unsafe {
            (
                a.add(i).cast::<u64>().read_unaligned(),
                b.add(i).cast::<u64>().read_unaligned(),
            )
        };
        if x != y {
            // As big-endian numbers, two words order as their bytes do.
            return if u64::from_be(x) < u64::from_be(y) {
                -1
            } else {
                1
            };
        }
        i += 8;
    }
    while i < n {
        // SAFETY: i < n.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// The C library's `memcmp`, eight bytes at a time.
///
/// # Safety
/// As [`compare`].
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the same contract.
    unsafe { compare(a, b, n) }
}

/// `memcmp` when only equality matters (LLVM calls it for `==`).
///
/// # Safety
/// As [`compare`].
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the same contract.
    unsafe { compare(a, b, n) }
}

#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::compare;
    use core::cmp::Ordering;

    fn sign(a: &[u8], b: &[u8]) -> Ordering {
        assert_eq!(a.len(), b.len());
        // SAFETY: both slices have a.len() bytes.
        unsafe { compare(a.as_ptr(), b.as_ptr(), a.len()) }.cmp(&0)
    }

    #[test]
    fn orders_as_byte_slices_do() {
        // Every length around the 8-byte steps, a difference at every
        // place (in the words and in the tail), bytes above 0x7f.
        let base = *b"arn:aws:ecs:us-east-1:123456789012:task/";
        for n in 0..=base.len() {
            let a = &base[..n];
            assert_eq!(sign(a, a), Ordering::Equal, "n={n}");
            for at in 0..n {
                for delta in [1u8, 0x80, 0xff] {
                    let mut b = base;
                    b[at] = b[at].wrapping_add(delta);
                    let b = &b[..n];
                    assert_eq!(sign(a, b), a.cmp(b), "n={n} at={at} delta={delta}");
                    assert_eq!(sign(b, a), b.cmp(a), "n={n} at={at} delta={delta}");
                }
            }
        }
    }

    #[test]
    fn the_first_difference_decides_not_a_later_one() {
        let a = *b"aaaaaaab_zzzzzzz";
        let b = *b"aaaaaaac_aaaaaaa";
        assert_eq!(sign(&a, &b), Ordering::Less);
        let a = *b"0123456789abcdeZ0";
        let b = *b"0123456789abcdea0";
        assert_eq!(sign(&a, &b), Ordering::Less);
    }
}
