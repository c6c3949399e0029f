//! Telling an object store that cannot be reached (refused, dropped, timed out) from one that
//! answered with an error: the first passes, so its requests get 503 and its jobs a retry.

use std::error::Error;

/// Whether `e`, an error from inside an object store's chain, says the store could not be
/// reached or stopped answering midway. S3 errors carry reqwest's, hyper's or the socket's own
/// error a few levels down; any of them decides.
pub fn is_unreachable(e: &(dyn Error + 'static)) -> bool {
    if let Some(e) = e.downcast_ref::<reqwest::Error>() {
        if e.is_connect() || e.is_timeout() {
            return true;
        }
    }
    if let Some(e) = e.downcast_ref::<hyper::Error>() {
        // The connection was closed before, or while, the answer came.
        if e.is_closed() || e.is_incomplete_message() || e.is_canceled() || e.is_timeout() {
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
