//! IPv4 addresses as `u32` (most significant byte first) and CIDR blocks:
//! reading and printing the dotted-quad form, and block arithmetic.

use std::fmt;

/// The address of a dotted quad (`10.0.1.4`): four decimal parts of one to
/// three digits, each at most 255; nothing else (no signs, no spaces, no
/// shorter forms).
pub fn parse_ipv4(text: &str) -> Option<u32> {
    let mut parts = text.split('.');
    let mut ip: u32 = 0;
    for _ in 0..4 {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        ip = (ip << 8) | part.parse::<u8>().ok()? as u32;
    }
    parts.next().is_none().then_some(ip)
}

/// The dotted quad of an address: `format!("{}.{}.{}.{}", …)` of its bytes,
/// built without the formatting machinery (addresses are printed for every
/// task).
pub fn format_ipv4(ip: u32) -> String {
    let mut buf = [0u8; 15];
    let mut n = 0;
    for (i, b) in ip.to_be_bytes().into_iter().enumerate() {
        if i > 0 {
            buf[n] = b'.';
            n += 1;
        }
        let digits = [b / 100, b / 10 % 10, b % 10];
        let first = match b {
            100.. => 0,
            10..=99 => 1,
            _ => 2,
        };
        for d in &digits[first..] {
            buf[n] = b'0' + d;
            n += 1;
        }
    }
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// An IPv4 CIDR block, e.g. `172.31.0.0/16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cidr {
    pub base: u32,
    pub prefix: u8,
}

impl Cidr {
    /// `address/prefix`, the prefix 0 to 32. The address may have host
    /// bits set (see [`Self::is_network`]).
    pub fn parse(text: &str) -> Option<Cidr> {
        let (ip, prefix) = text.split_once('/')?;
        let prefix: u8 = prefix.parse().ok().filter(|p| *p <= 32)?;
        let base = parse_ipv4(ip)?;
        Some(Cidr { base, prefix })
    }
    pub fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix))
        }
    }
    /// The base address has no host bits set.
    pub fn is_network(self) -> bool {
        self.base & !self.mask() == 0
    }
    pub fn contains_ip(self, ip: u32) -> bool {
        ip & self.mask() == self.base & self.mask()
    }
    pub fn contains(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_ip(other.base)
    }
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
    /// How many addresses the block spans.
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", format_ipv4(self.base), self.prefix)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn addresses_print_as_format_would() {
        for ip in [
            0,
            1,
            9,
            10,
            99,
            100,
            255,
            0x0a00_0104,
            0xac1f_ff0a,
            u32::MAX,
        ] {
            let b = ip.to_be_bytes();
            assert_eq!(
                format_ipv4(ip),
                format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
            );
            assert_eq!(parse_ipv4(&format_ipv4(ip)), Some(ip));
        }
    }

    #[test]
    fn parses_only_dotted_quads() {
        assert_eq!(parse_ipv4("0.0.0.0"), Some(0));
        assert_eq!(parse_ipv4("255.255.255.255"), Some(u32::MAX));
        assert_eq!(parse_ipv4("10.0.1.4"), Some(0x0a00_0104));
        // Leading zeros are read as decimal (not octal).
        assert_eq!(parse_ipv4("010.000.001.004"), Some(0x0a00_0104));
        for bad in [
            "",
            "10.0.0",
            "10.0.0.0.0",
            "10.0.0.256",
            "10.0.0.-1",
            "10.0.0.+1",
            "10..0.1",
            "10.0.0.1 ",
            " 10.0.0.1",
            "10.0.0.0001",
            "a.b.c.d",
            "10.0.0.1/32",
        ] {
            assert_eq!(parse_ipv4(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cidr_arithmetic() {
        let vpc = Cidr::parse("172.31.0.0/16").unwrap();
        let a = Cidr::parse("172.31.16.0/20").unwrap();
        assert!(vpc.contains(a) && !a.contains(vpc) && a.overlaps(vpc));
        assert!(!a.overlaps(Cidr::parse("172.31.32.0/20").unwrap()));
        assert!(!Cidr::parse("10.0.0.1/16").unwrap().is_network());
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap().mask(), 0);
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap().size(), 1 << 32);
        assert_eq!(Cidr::parse("10.0.0.7/32").unwrap().size(), 1);
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains_ip(parse_ipv4("8.8.8.8").unwrap())
        );
        for bad in [
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/16",
            "10.0.0.0/33",
            "a.b.c.d/1",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
        assert_eq!(a.to_string(), "172.31.16.0/20");
    }
}
