//! Lists of networks written in CIDR notation (`203.0.113.0/24`, `2001:db8::/32`, or a single
//! address), and whether an address falls in one: the edge's allow and deny lists.

use std::collections::HashSet;
use std::net::IpAddr;

/// Entries one list may hold: far more than any hand-kept list, and a bound on what a
/// mistaken configuration can make every request look through.
pub const MAX_ENTRIES: usize = 100_000;

/// A set of IPv4 and IPv6 networks.
///
/// Networks are kept by prefix length, each length as a hash set of masked addresses, so a
/// lookup costs one hash probe per distinct length in the list (at most 33 + 129), however many
/// networks it holds. IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a dual-stack socket
/// reports) are looked up as the IPv4 address they carry, and entries written that way are
/// stored as IPv4.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetList {
    v4: Vec<(u8, HashSet<u32>)>,
    v6: Vec<(u8, HashSet<u128>)>,
    entries: usize,
}

impl NetList {
    /// Parses every entry, or says which one is not an address or a network. Host bits set
    /// under the prefix (`10.1.2.3/8`) are cleared, as routers read them.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        if entries.len() > MAX_ENTRIES {
            return Err(format!("{} entries; at most {MAX_ENTRIES}", entries.len()));
        }
        let mut list = Self::default();
        for entry in entries {
            let text = entry.as_ref().trim();
            let (ip, len) = parse_net(text).ok_or_else(|| format!("`{text}` is not an address or a network like 203.0.113.0/24"))?;
            list.insert(ip, len);
        }
        Ok(list)
    }

    fn insert(&mut self, ip: IpAddr, len: u8) {
        self.entries += 1;
        match ip {
            IpAddr::V4(v4) => add(&mut self.v4, len, mask_v4(u32::from(v4), len)),
            IpAddr::V6(v6) => add(&mut self.v6, len, mask_v6(u128::from(v6), len)),
        }
    }

    /// Whether `ip` is in one of the networks.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match ip.to_canonical() {
            IpAddr::V4(v4) => {
                let a = u32::from(v4);
                self.v4.iter().any(|(len, nets)| nets.contains(&mask_v4(a, *len)))
            }
            IpAddr::V6(v6) => {
                let a = u128::from(v6);
                self.v6.iter().any(|(len, nets)| nets.contains(&mask_v6(a, *len)))
            }
        }
    }

    /// Whether the list holds no network at all.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// How many entries it was made from.
    pub fn len(&self) -> usize {
        self.entries
    }
}

fn add<T: std::hash::Hash + Eq>(by_len: &mut Vec<(u8, HashSet<T>)>, len: u8, net: T) {
    match by_len.iter_mut().find(|(l, _)| *l == len) {
        Some((_, nets)) => {
            nets.insert(net);
        }
        None => {
            by_len.push((len, HashSet::from([net])));
            // Shorter prefixes first: wide blocks are the likelier match in a deny list.
            by_len.sort_by_key(|(l, _)| *l);
        }
    }
}

/// `ADDRESS` or `ADDRESS/LENGTH`, as a canonical address and a prefix length in its family.
fn parse_net(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = match text.split_once('/') {
        Some((addr, len)) => (addr, Some(len)),
        None => (text, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let len = match len {
        // Digits only: `u8::from_str` would also take a leading `+`.
        Some(len) if !len.is_empty() && len.len() <= 3 && len.bytes().all(|b| b.is_ascii_digit()) => len.parse::<u8>().ok()?,
        Some(_) => return None,
        None => max,
    };
    if len > max {
        return None;
    }
    // An IPv4-mapped network is the IPv4 network it covers.
    if let IpAddr::V6(v6) = ip {
        if let Some(v4) = v6.to_ipv4_mapped() {
            if len >= 96 {
                return Some((IpAddr::V4(v4), len - 96));
            }
        }
    }
    Some((ip, len))
}

fn mask_v4(a: u32, len: u8) -> u32 {
    // A shift by the full width overflows, so /0 is its own case.
    if len == 0 {
        0
    } else {
        a & (u32::MAX << (32 - u32::from(len)))
    }
}

fn mask_v6(a: u128, len: u8) -> u128 {
    if len == 0 {
        0
    } else {
        a & (u128::MAX << (128 - u32::from(len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_and_single_addresses_match_what_they_cover_and_nothing_else() {
        let list = NetList::parse(&["203.0.113.0/24", "198.51.100.7", "2001:db8::/32", "0.0.0.0/32"]).unwrap();
        assert_eq!(list.len(), 4);
        for inside in ["203.0.113.0", "203.0.113.255", "198.51.100.7", "2001:db8::1", "2001:db8:ffff::9", "0.0.0.0"] {
            assert!(list.contains(ip(inside)), "{inside}");
        }
        for outside in ["203.0.114.0", "203.0.112.255", "198.51.100.8", "2001:db9::1", "::1", "1.2.3.4"] {
            assert!(!list.contains(ip(outside)), "{outside}");
        }
    }

    #[test]
    fn whole_families_and_mapped_addresses_are_understood() {
        let everyone_v4 = NetList::parse(&["0.0.0.0/0"]).unwrap();
        assert!(everyone_v4.contains(ip("8.8.8.8")));
        // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
        assert!(everyone_v4.contains(ip("::ffff:8.8.8.8")));
        assert!(!everyone_v4.contains(ip("2001:db8::1")));
        let everyone_v6 = NetList::parse(&["::/0"]).unwrap();
        assert!(everyone_v6.contains(ip("2001:db8::1")) && !everyone_v6.contains(ip("8.8.8.8")));
        // Written mapped, stored as the IPv4 network.
        let mapped = NetList::parse(&["::ffff:10.0.0.0/104"]).unwrap();
        assert!(mapped.contains(ip("10.200.0.1")) && !mapped.contains(ip("11.0.0.1")));
    }

    #[test]
    fn host_bits_are_cleared_and_bad_entries_are_named() {
        let list = NetList::parse(&["10.1.2.3/8"]).unwrap();
        assert!(list.contains(ip("10.255.0.1")));
        for bad in
            ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/+8", "10.0.0/8", "example.org", "", "10.0.0.0/8/8", "1.2.3.4/-1"]
        {
            let refused = NetList::parse(&["192.0.2.1", bad]).unwrap_err();
            assert!(refused.contains(&format!("`{bad}`")), "{bad:?}: {refused}");
        }
        assert!(NetList::parse::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_long_list_is_looked_up_by_prefix_length() {
        let entries: Vec<String> = (0..20_000u32).map(|i| format!("{}/32", Ipv4Addr::from(0x0a00_0000 + i * 3))).collect();
        let list = NetList::parse(&entries).unwrap();
        assert_eq!(list.v4.len(), 1, "one length, one set");
        assert!(list.contains(ip("10.0.0.3")) && !list.contains(ip("10.0.0.4")));
    }
}
