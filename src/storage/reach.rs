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

#[cfg(test)]
mod tests {
    use crate::config::StorageConfig;
    use crate::error::AppError;
    use crate::storage::{StorageKey, Store};

    /// A store on a real S3 client whose endpoint is `port` on this machine.
    fn s3_at(port: u16) -> Store {
        let config = StorageConfig {
            s3_endpoint: format!("http://127.0.0.1:{port}"),
            s3_path_style: true,
            s3_access_key_id: "key".into(),
            s3_secret_access_key: crate::config::Secret::new("secret"),
            ..StorageConfig::default()
        };
        Store::open("s3://bucket", &config).unwrap()
    }

    /// What a request reading from `store` is told: the code of its error.
    async fn refusal(store: &Store) -> &'static str {
        let e = store.get_bytes(&StorageKey::media_file(crate::domain::VideoId::new(), "master.m3u8")).await.unwrap_err();
        AppError::from(e).code()
    }

    #[tokio::test]
    async fn a_store_refusing_or_dropping_connections_is_out_of_reach() {
        // Nothing listens on a port just freed.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        assert_eq!(refusal(&s3_at(port)).await, "storage-unavailable", "a refused connection");
        // A server that takes each connection and closes it without a word.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                drop(socket);
            }
        });
        assert_eq!(refusal(&s3_at(port)).await, "storage-unavailable", "a dropped connection");
    }

    #[tokio::test]
    async fn a_store_that_answers_with_an_error_is_not_out_of_reach() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let body = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>";
                let answer = format!("HTTP/1.1 403 Forbidden\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                let _ = socket.write_all(answer.as_bytes()).await;
            }
        });
        assert_eq!(refusal(&s3_at(port)).await, "internal");
    }
}
