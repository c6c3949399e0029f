//! The body read timeout of uploads: an upload's body may take as long as it takes, but a
//! client that stops sending holds a connection and a staging file for nothing. After
//! `server.upload_idle_timeout_secs` without a byte, the body ends with [`BodyIdle`]; the
//! upload keeps what arrived (a tus client resumes from there).

use std::time::Duration;

use axum::body::Body;
use futures::StreamExt;

/// The error an idle upload body ends with.
#[derive(Debug, Clone, Copy)]
pub struct BodyIdle(pub Duration);

impl std::fmt::Display for BodyIdle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nothing arrived for {} s (server.upload_idle_timeout_secs)", self.0.as_secs())
    }
}

impl std::error::Error for BodyIdle {}

impl BodyIdle {
    /// The idle timeout behind a body read error, if that is what it was (it may be wrapped
    /// once for each body it passed through).
    pub fn behind(e: &axum::Error) -> Option<Self> {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(c) = cause {
            if let Some(idle) = c.downcast_ref::<Self>() {
                return Some(*idle);
            }
            cause = c.source();
        }
        None
    }
}

/// `body`, ended with [`BodyIdle`] once nothing arrives for `idle`.
pub fn idle_limited(body: Body, idle: Duration) -> Body {
    let stream = body.into_data_stream();
    Body::from_stream(futures::stream::unfold(Some(stream), move |state| async move {
        let mut stream = state?;
        match tokio::time::timeout(idle, stream.next()).await {
            Ok(Some(item)) => Some((item, Some(stream))),
            Ok(None) => None,
            Err(_) => {
                metrics::counter!("reel_edge_refusals_total", "reason" => "body_timeout", "class" => "api").increment(1);
                Some((Err(axum::Error::new(BodyIdle(idle))), None))
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    #[tokio::test]
    async fn a_body_that_stops_sending_ends_with_the_reason() {
        let (tx, rx) = futures::channel::mpsc::unbounded::<Result<Bytes, std::io::Error>>();
        tx.unbounded_send(Ok(Bytes::from_static(b"first"))).unwrap();
        let mut stream = idle_limited(Body::from_stream(rx), Duration::from_millis(200)).into_data_stream();
        assert_eq!(stream.next().await.unwrap().unwrap(), Bytes::from_static(b"first"));
        let e = stream.next().await.unwrap().unwrap_err();
        assert!(BodyIdle::behind(&e).is_some(), "{e}");
        assert!(stream.next().await.is_none());
        drop(tx);
    }

    #[tokio::test]
    async fn a_body_that_keeps_sending_is_passed_whole() {
        let chunks = (0..3).map(|i| Ok::<_, std::io::Error>(Bytes::from(vec![i; 10])));
        let body = idle_limited(Body::from_stream(futures::stream::iter(chunks)), Duration::from_secs(5));
        let all = axum::body::to_bytes(body, 1 << 10).await.unwrap();
        assert_eq!(all.len(), 30);
    }
}
