//! The listener: closes connections from addresses the edge's lists refuse, admits the rest
//! within the caps (overall and per client address), serves each over HTTP/1.1 with a header
//! timeout that also ends idle keep-alive connections and limits on the request head, and
//! drains them on shutdown. `axum::serve` has neither timeouts nor caps, so a host holding
//! silent sockets could otherwise use up every file descriptor.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::http::client_ip::ClientIpConfig;
use reel_base::config::ServerConfig;
use reel_core::platform::edge::Edge;
use reel_core::platform::ratelimit::ip_bucket;

/// How connections are bounded.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Time to send a request's headers, from the connection's start or the previous answer.
    pub header_timeout: Duration,
    /// Open connections at most.
    pub max_connections: usize,
    /// Open connections at most per client address (IPv6 by /64); trusted proxies are exempt.
    pub max_per_client: usize,
    /// Header lines a request may carry (431 beyond).
    pub max_headers: usize,
    /// Bytes of a request head at most (431 beyond).
    pub max_header_bytes: usize,
    /// Who the trusted proxies are.
    pub client_ip: Arc<ClientIpConfig>,
    /// The address lists, checked on a connection's own address unless it is a trusted proxy
    /// (whose clients are checked per request).
    pub edge: Option<Arc<Edge>>,
}

impl ConnectionLimits {
    /// The limits `server.*` sets, with the trusted proxies of `client_ip` and the lists of
    /// `edge`.
    pub fn from_config(server: &ServerConfig, client_ip: Arc<ClientIpConfig>, edge: Option<Arc<Edge>>) -> Self {
        Self {
            header_timeout: Duration::from_secs(server.header_timeout_secs.max(1)),
            max_connections: server.max_connections.max(1),
            max_per_client: server.max_connections_per_ip.max(1),
            max_headers: server.max_headers,
            max_header_bytes: server.max_header_bytes,
            client_ip,
            edge,
        }
    }
}

/// Serves `app` on `listener` until `shutdown`, then stops accepting and waits for open
/// connections to finish their requests.
pub async fn serve(listener: TcpListener, app: Router, limits: ConnectionLimits, shutdown: CancellationToken) {
    raise_descriptor_limit(limits.max_connections);
    let open = Open::default();
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of descriptors, say: wait for some to be given back rather than spin.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_millis(100)) => continue,
                        () = shutdown.cancelled() => break,
                    }
                }
            },
            () = shutdown.cancelled() => break,
        };
        if let Some(edge) = limits.edge.as_ref().filter(|_| !limits.client_ip.is_trusted_proxy(peer.ip())) {
            if edge.listed(peer.ip(), "connection").is_some() {
                let _ = stream.try_write(DENIAL);
                continue;
            }
        }
        let Some(slot) = open.admit(peer.ip(), &limits) else {
            refuse(&stream, peer);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |mut request: axum::http::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .max_headers(limits.max_headers)
            .max_header_size(limits.max_header_bytes)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // hyper answered these itself (431) or closed the connection (a head not sent in time).
                let reason = if e.is_parse_too_large() {
                    Some("headers")
                } else if e.is_timeout() {
                    Some("header_timeout")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    metrics::counter!("reel_edge_refusals_total", "reason" => reason, "class" => "connection").increment(1);
                }
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The answer a connection from a refused address gets before it is closed: the same words
/// as a refused request's, so neither tells which list the address is on.
const DENIAL: &[u8] = b"HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 43\r\nconnection: close\r\n\r\nrequests from this address are not accepted";

/// The answer a connection over a cap gets before it is closed, so a client (or a proxy whose
/// address is not in `rate_limit.trusted_proxies`) sees why.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: 21\r\nretry-after: 1\r\nconnection: close\r\n\r\ntoo many connections\n";

/// Answers 503 on a connection over a cap and closes it. The write never waits (a new
/// socket's buffer takes it), so refusing costs nothing under a flood.
fn refuse(stream: &tokio::net::TcpStream, peer: std::net::SocketAddr) {
    metrics::counter!("reel_connections_refused_total").increment(1);
    let _ = stream.try_write(REFUSAL);
    // Once a minute at most, whoever floods.
    static LAST_WARNED: AtomicI64 = AtomicI64::new(0);
    let now = reel_base::domain::now_ms();
    if now - LAST_WARNED.load(Ordering::Relaxed) > 60_000 {
        LAST_WARNED.store(now, Ordering::Relaxed);
        tracing::warn!(%peer, "refused a connection over server.max_connections or max_connections_per_ip (a proxy in front belongs in rate_limit.trusted_proxies)");
    }
}

/// Errors of one incoming connection (it went away before it was accepted), not of the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset)
}

/// Open connections, overall and by client.
#[derive(Clone, Default)]
struct Open {
    counts: Arc<Mutex<Counts>>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_client: HashMap<String, usize>,
}

/// One admitted connection; dropping it gives its place back.
struct Slot {
    open: Open,
    client: Option<String>,
}

impl Open {
    /// A place for a connection from `ip`, or `None` when a cap is reached.
    fn admit(&self, ip: IpAddr, limits: &ConnectionLimits) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.total >= limits.max_connections {
            return None;
        }
        // A proxy of ours carries many clients: its own count would lock them all out.
        let client = (!limits.client_ip.is_trusted_proxy(ip)).then(|| ip_bucket(ip));
        if let Some(client) = &client {
            let n = counts.by_client.entry(client.clone()).or_default();
            if *n >= limits.max_per_client {
                return None;
            }
            *n += 1;
        }
        counts.total += 1;
        Some(Slot { open: self.clone(), client })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.open.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.total -= 1;
        if let Some(client) = &self.client {
            if let Some(n) = counts.by_client.get_mut(client) {
                *n -= 1;
                if *n == 0 {
                    counts.by_client.remove(client);
                }
            }
        }
    }
}

/// Raises this process's open-file limit to the hard limit: every connection holds one, and
/// the usual soft limit (1024) is below the connection cap.
fn raise_descriptor_limit(max_connections: usize) {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            if limit < max_connections as u64 + 256 {
                tracing::warn!(
                    limit,
                    max_connections,
                    "the open-file limit is below server.max_connections; lower the cap or raise the limit"
                );
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not raise the open-file limit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(total: usize, per_client: usize, trusted: &[&str]) -> ConnectionLimits {
        let config = reel_base::config::RateLimitConfig {
            client_ip_header: if trusted.is_empty() { String::new() } else { "X-Forwarded-For".into() },
            trusted_proxies: trusted.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        ConnectionLimits {
            header_timeout: Duration::from_secs(1),
            max_connections: total,
            max_per_client: per_client,
            max_headers: 64,
            max_header_bytes: 16 << 10,
            client_ip: Arc::new(ClientIpConfig::from_config(&config).unwrap()),
            edge: None,
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn each_client_gets_its_share_and_places_come_back() {
        let (open, limits) = (Open::default(), limits(10, 2, &[]));
        let a1 = open.admit(ip("192.0.2.1"), &limits).unwrap();
        let _a2 = open.admit(ip("192.0.2.1"), &limits).unwrap();
        assert!(open.admit(ip("192.0.2.1"), &limits).is_none());
        let _b = open.admit(ip("192.0.2.2"), &limits).unwrap();
        // One client's IPv6 /64 is one client.
        let _c = open.admit(ip("2001:db8::1"), &limits).unwrap();
        let _c2 = open.admit(ip("2001:db8::2"), &limits).unwrap();
        assert!(open.admit(ip("2001:db8::3"), &limits).is_none());
        drop(a1);
        assert!(open.admit(ip("192.0.2.1"), &limits).is_some());
    }

    #[test]
    fn the_overall_cap_holds_and_trusted_proxies_are_exempt_from_the_client_cap() {
        let (open, limits) = (Open::default(), limits(3, 1, &["10.0.0.1"]));
        let held: Vec<_> = (0..3).map(|_| open.admit(ip("10.0.0.1"), &limits).unwrap()).collect();
        assert!(open.admit(ip("192.0.2.9"), &limits).is_none(), "over the overall cap");
        drop(held);
        assert_eq!(open.counts.lock().unwrap().total, 0);
        assert!(open.counts.lock().unwrap().by_client.is_empty());
    }
}
