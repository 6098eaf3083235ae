//! The engine's one source of randomness: PCG32 (PCG-XSH-RR, 64-bit state,
//! 32-bit output), as specified by M. E. O'Neill's reference implementation
//! `pcg32_random_r`. Pure integer arithmetic, so the same seed gives the same
//! numbers natively and in wasm.

use serde::{Deserialize, Serialize};

const MULTIPLIER: u64 = 6_364_136_223_846_793_005;
/// The stream used when the simulation is seeded with a single number.
const DEFAULT_STREAM: u64 = 0x5745_5645_444f_5245; // "STEVEDORE"-ish, any odd-after-shift value works

/// PCG-XSH-RR 64/32. Not cryptographic; chosen for being small, fast, well
/// specified and portable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pcg32 {
    state: u64,
    inc: u64,
}

impl Pcg32 {
    /// `pcg32_srandom_r(seed, stream)` from the reference implementation.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Pcg32 {
            state: 0,
            inc: (stream << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    /// Seeded from one number, on the engine's default stream.
    pub fn from_seed(seed: u64) -> Self {
        Self::new(seed, DEFAULT_STREAM)
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    pub fn next_u64(&mut self) -> u64 {
        (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())
    }

    /// Uniform in `0..bound` without modulo bias (`pcg32_boundedrand_r`).
    /// `bound` must be non-zero.
    pub fn below(&mut self, bound: u32) -> u32 {
        assert!(bound > 0, "Pcg32::below(0)");
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let r = self.next_u32();
            if r >= threshold {
                return r % bound;
            }
        }
    }

    /// `n` lowercase hex digits, for resource ids such as task ids.
    pub fn hex(&mut self, n: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| char::from(DIGITS[self.below(16) as usize]))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// The first outputs of the reference `pcg32-demo` (seed 42, stream 54).
    #[test]
    fn matches_reference_implementation() {
        let mut rng = Pcg32::new(42, 54);
        let got: Vec<u32> = (0..6).map(|_| rng.next_u32()).collect();
        assert_eq!(
            got,
            [
                0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e
            ]
        );
    }

    #[test]
    fn bounded_values_stay_in_range_and_cover_it() {
        let mut rng = Pcg32::from_seed(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let v = rng.below(6) as usize;
            seen[v] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn hex_ids_have_the_requested_length() {
        let mut rng = Pcg32::from_seed(1);
        let id = rng.hex(32);
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
