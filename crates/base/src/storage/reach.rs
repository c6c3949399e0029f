//! Telling an object store that cannot be reached (refused, dropped, timed out) from one that
//! answered with an error: the first passes, so its requests get 503 and its jobs a retry.

use std::error::Error;

use object_store::client::{HttpError, HttpErrorKind};

/// Whether `e`, an error from inside an object store's chain, says the store could not be
/// reached or stopped answering midway. S3 errors carry reqwest's, object_store's own HTTP
/// error or the socket's a few levels down; any of them decides.
pub fn is_unreachable(e: &(dyn Error + 'static)) -> bool {
    if let Some(e) = e.downcast_ref::<reqwest::Error>() {
        // `is_request`: the request failed before its answer's head came (the connection was
        // refused, closed or cut off first; or what answered did not speak HTTP).
        if e.is_connect() || e.is_timeout() || e.is_request() {
            return true;
        }
    }
    if let Some(e) = e.downcast_ref::<HttpError>() {
        // The error of a body read midway, as object_store reads it from the client's below:
        // `Request`, the connection closed before the whole answer came; `Interrupted`, the
        // socket said it broke.
        use HttpErrorKind::{Connect, Interrupted, Request, Timeout};
        if matches!(e.kind(), Connect | Request | Timeout | Interrupted) {
            return true;
        }
    }
    if let Some(e) = e.downcast_ref::<std::io::Error>() {
        use std::io::ErrorKind::{
            BrokenPipe, ConnectionAborted, ConnectionRefused, ConnectionReset, NotConnected, TimedOut, UnexpectedEof,
        };
        return matches!(
            e.kind(),
            ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected | TimedOut | BrokenPipe | UnexpectedEof
        );
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_that_failed_or_dropped_is_out_of_reach_and_an_answer_is_not() {
        for kind in [HttpErrorKind::Connect, HttpErrorKind::Request, HttpErrorKind::Timeout, HttpErrorKind::Interrupted] {
            let e = HttpError::new(kind, std::io::Error::other("connection closed before message completed"));
            assert!(is_unreachable(&e), "{kind:?}");
        }
        for kind in [HttpErrorKind::Decode, HttpErrorKind::Unknown] {
            assert!(!is_unreachable(&HttpError::new(kind, std::io::Error::other("bad body"))), "{kind:?}");
        }
        assert!(is_unreachable(&std::io::Error::from(std::io::ErrorKind::ConnectionRefused)));
        assert!(!is_unreachable(&std::io::Error::from(std::io::ErrorKind::PermissionDenied)));
    }
}
