//! HTTP clients for the requests Reel makes itself (the SMS webhook, the alarm webhook,
//! `reel ingest`): HTTPS with the system's trusted roots, plus any certificates the
//! configuration adds (a private CA, or a self-signed server's own certificate); and a client
//! that only reaches public addresses, for URLs an admin typed that Reel calls on its own.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

/// A client builder that also trusts the PEM certificates in `ca_file`, when one is named.
/// A file that cannot be read or holds no certificate is an error, never ignored: a silently
/// dropped CA would only show up later as refused connections.
pub fn client_with_roots(ca_file: Option<&Path>) -> Result<reqwest::ClientBuilder, String> {
    let mut builder = reqwest::Client::builder();
    let Some(path) = ca_file.filter(|p| !p.as_os_str().is_empty()) else { return Ok(builder) };
    let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let certificates =
        reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("{}: not PEM certificates ({e})", path.display()))?;
    if certificates.is_empty() {
        return Err(format!("{}: holds no certificate", path.display()));
    }
    for certificate in certificates {
        builder = builder.add_root_certificate(certificate);
    }
    Ok(builder)
}

/// Whether an address is one a request from Reel must not reach unless told it may: loopback,
/// private, link-local, unique-local, carrier-grade NAT, benchmarking (198.18.0.0/15), reserved
/// (240.0.0.0/4), unspecified, multicast or broadcast (the machine itself, its network, the
/// cloud's metadata service); and an IPv6 address that carries an IPv4 one (mapped,
/// IPv4-compatible, NAT64's `64:ff9b::/96`, 6to4's `2002::/16`) when that one is, since a
/// gateway or the host's own stack may deliver it there. Local-use NAT64 (`64:ff9b:1::/48`) is
/// always private.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (18..20).contains(&b))
                || a >= 240
                || a == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_ipv4(v6) {
                return is_private(IpAddr::V4(v4));
            }
            let [first, second, ..] = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x64 && second == 0xff9b)
        }
    }
}

/// The IPv4 address an IPv6 one carries: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`, deprecated but still routed by some stacks), NAT64 (`64:ff9b::a.b.c.d`) or
/// 6to4 (`2002:aabb:ccdd::/48`).
fn embedded_ipv4(v6: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let low = std::net::Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // `::` and `::1` are IPv6's own unspecified and loopback addresses.
        [0, 0, 0, 0, 0, 0, 0, 0 | 1] => None,
        [0, 0, 0, 0, 0, 0, _, _] | [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low),
        [0x2002, hi, lo, ..] => Some(std::net::Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}

/// A resolver that answers only public addresses (see [`is_private`]): a client built with it
/// (`ClientBuilder::dns_resolver`) is never sent to this machine or its network by what a name
/// resolves to, on any connection it makes. A URL whose host is an address is not resolved:
/// check it with [`refuse_private_host`].
pub struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let public: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.filter(|a| !is_private(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address (allow private ones in the configuration if it is meant)").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Refuses a URL whose host is a private address given as such (a resolver never sees it).
pub fn refuse_private_host(url: &reqwest::Url) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let Ok(ip) = host.parse::<IpAddr>() else { return Ok(()) };
    match is_private(ip) {
        true => Err(format!("{ip} is a private address (allow it in the configuration if it is meant)")),
        false => Ok(()),
    }
}

/// A client for `url` that connects only to the addresses its host resolved to now, refusing
/// private ones unless `allow_private`: pinning the checked address means a second lookup
/// cannot swap a public answer for a private one. No redirects are followed, and no proxy
/// from the environment is used.
pub async fn pinned_client(url: &reqwest::Url, allow_private: bool, timeout: Duration) -> Result<reqwest::Client, String> {
    let host = url.host_str().ok_or("the URL has no host")?.trim_start_matches('[').trim_end_matches(']').to_string();
    let port = url.port_or_known_default().ok_or("the URL has no port")?;
    let addrs: Vec<SocketAddr> =
        tokio::net::lookup_host((host.as_str(), port)).await.map_err(|e| format!("resolving {host}: {e}"))?.collect();
    if addrs.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    // The address itself is not said: this text reaches people who did not set up the network.
    if !allow_private && addrs.iter().any(|a| is_private(a.ip())) {
        return Err(format!("{host} resolves to a private address (allow private addresses in the configuration if it is meant)"));
    }
    reqwest::Client::builder()
        // A proxy from the environment would resolve the host itself, past the check.
        .no_proxy()
        .resolve_to_addrs(&host, &addrs)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.without_url().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_known_as_such() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "198.18.0.1",
            "198.19.255.254",
            "240.0.0.1",
            "255.255.255.255",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::8.8.8.8",
            "::127.0.0.1",
            "::10.0.0.1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "100.128.0.1", "198.20.0.1", "64:ff9b::808:808", "2002:808:808::1"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn the_public_only_resolver_answers_no_private_address() {
        use reqwest::dns::Resolve;
        let name = |n: &str| n.parse::<reqwest::dns::Name>().unwrap();
        let e = PublicOnly.resolve(name("localhost")).await.err().expect("localhost is refused").to_string();
        assert!(e.contains("no public address"), "{e}");
        let client = reqwest::Client::builder().dns_resolver(std::sync::Arc::new(PublicOnly)).build().unwrap();
        let e = client.get("http://localhost:9/").send().await.unwrap_err();
        assert!(format!("{e:?}").contains("no public address"), "{e:?}");
        assert!(refuse_private_host(&reqwest::Url::parse("http://127.0.0.1:9/").unwrap()).is_err());
        assert!(refuse_private_host(&reqwest::Url::parse("http://[64:ff9b::a00:1]/").unwrap()).is_err());
        assert!(refuse_private_host(&reqwest::Url::parse("https://sms.example/send").unwrap()).is_ok(), "names go to the resolver");
    }

    #[tokio::test]
    async fn a_url_on_a_private_address_is_refused_unless_allowed() {
        let url = reqwest::Url::parse("http://127.0.0.1:9/hook").unwrap();
        let e = pinned_client(&url, false, Duration::from_secs(1)).await.unwrap_err();
        assert!(e.contains("private"), "{e}");
        assert!(pinned_client(&url, true, Duration::from_secs(1)).await.is_ok());
    }

    #[test]
    fn an_unreadable_or_empty_ca_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        assert!(client_with_roots(Some(&missing)).unwrap_err().contains("missing.pem"));
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        assert!(client_with_roots(Some(&empty)).unwrap_err().contains("empty.pem"));
        assert!(client_with_roots(None).is_ok());
    }
}
