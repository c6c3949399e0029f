//! `Problem`: why a capability refused or failed, in the terms its answer will need — a status,
//! a stable machine code, a message for people, the cause for the log, and when to try again.
//! Capabilities return it whoever calls them; the web layer's `Problem` answers with it.

use http::StatusCode;

use crate::platform::edge::Refused;
use crate::platform::ratelimit::RetryAfter;
use reel_base::outage::Outage;

/// A refusal or failure: a status, a stable machine code and a human message.
///
/// 5xx problems keep their cause for the log and show the client nothing internal.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    code: &'static str,
    message: String,
    cause: Option<anyhow::Error>,
    retry_after: Option<u64>,
}

impl Problem {
    /// An error with an explicit status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), cause: None, retry_after: None }
    }
    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
    /// 401: no or unknown credentials.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "a valid API token or session is required")
    }
    /// 403: credentials are valid but do not open this resource.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    /// 404: nothing here (also used where saying "forbidden" would leak existence).
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", format!("{what} not found"))
    }
    /// 409: the request conflicts with the current state.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }
    /// 413: the body is larger than allowed.
    pub fn too_large(limit: u64) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large", format!("the upload exceeds the limit of {limit} bytes"))
    }
    /// 429: slow down, with the seconds to wait.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", "too many requests; try again later");
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }
    /// 503: not now, with the seconds to wait (an archived item being restored).
    pub fn unavailable(code: &'static str, message: impl Into<String>, retry_after_secs: u64) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message);
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }
    /// The same error, telling the client to try again after `secs` (`Retry-After`).
    pub fn retry_in(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs.max(1));
        self
    }
    /// 500: something on our side failed; the cause goes to the log only. When the cause is
    /// the database or the object store being out of reach, a 503 instead, which tells the
    /// client (and a load balancer) to come back shortly rather than that the request is bad.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let cause = cause.into();
        let mut e = match Outage::of(&cause) {
            Some(Outage::Database) => {
                Self::unavailable("database-unavailable", "the database is unavailable or overloaded; try again shortly", OUTAGE_RETRY_SECS)
            }
            Some(Outage::Store) => {
                Self::unavailable("storage-unavailable", "the object store cannot be reached; try again shortly", OUTAGE_RETRY_SECS)
            }
            None => Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error"),
        };
        e.cause = Some(cause);
        e
    }
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The machine-readable code.
    pub fn code(&self) -> &'static str {
        self.code
    }
    /// The message for people.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Seconds to wait before trying again, for 429s and 503s.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }
    /// Logs the cause of an internal error (the client never sees it).
    pub fn log_cause(&self) {
        if let Some(cause) = &self.cause {
            tracing::error!(code = self.code, error = format!("{cause:#}"), "request failed");
        }
    }
}

/// The Retry-After of an outage's 503: about how long a restart or a failover takes.
const OUTAGE_RETRY_SECS: u64 = 5;

impl From<RetryAfter> for Problem {
    fn from(r: RetryAfter) -> Self {
        Problem::too_many_requests(r.as_secs_ceil())
    }
}

impl From<Refused> for Problem {
    fn from(r: Refused) -> Self {
        match r {
            // The same for both lists, so a client cannot tell which one it is on.
            Refused::Listed(_) => Problem::new(StatusCode::FORBIDDEN, "address-refused", "requests from this address are not accepted"),
            Refused::Budget(wait) => wait.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)
    }
}

impl From<sqlx::Error> for Problem {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

impl From<reel_base::storage::StorageError> for Problem {
    fn from(e: reel_base::storage::StorageError) -> Self {
        match e {
            reel_base::storage::StorageError::NotFound(_) => Self::not_found("object"),
            other => Self::internal(other),
        }
    }
}

impl From<reel_base::domain::text::TextError> for Problem {
    fn from(e: reel_base::domain::text::TextError) -> Self {
        Self::bad_request("invalid-text", e.0)
    }
}

/// What a capability returns.
pub type Result<T> = std::result::Result<T, Problem>;

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused")
    }

    #[test]
    fn a_database_out_of_reach_is_a_503_and_a_failed_statement_a_500() {
        for e in [sqlx::Error::PoolTimedOut, sqlx::Error::Io(refused()), sqlx::Error::PoolClosed] {
            let e = Problem::from(e);
            assert_eq!((e.status(), e.code(), e.retry_after()), (StatusCode::SERVICE_UNAVAILABLE, "database-unavailable", Some(5)));
        }
        let e = Problem::internal(anyhow::Error::from(sqlx::Error::PoolTimedOut).context("listing items"));
        assert_eq!(e.code(), "database-unavailable", "the outage is found under a context");
        for e in [sqlx::Error::RowNotFound, sqlx::Error::ColumnNotFound("title".into())] {
            assert_eq!(Problem::from(e).status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
    }

    #[test]
    fn a_store_out_of_reach_is_a_503_and_a_local_disk_error_a_500() {
        let store = object_store::Error::Generic { store: "S3", source: Box::new(refused()) };
        let e = Problem::from(reel_base::storage::StorageError::Store(store));
        assert_eq!((e.status(), e.code()), (StatusCode::SERVICE_UNAVAILABLE, "storage-unavailable"));
        let denied = object_store::Error::Generic { store: "S3", source: Box::new(std::io::Error::other("access denied")) };
        assert_eq!(Problem::from(reel_base::storage::StorageError::Store(denied)).status(), StatusCode::INTERNAL_SERVER_ERROR);
        // A refused connection that is not the store's (an outbound webhook, say) is ours to explain.
        assert_eq!(Problem::internal(refused()).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(Outage::of(&anyhow::anyhow!("no space left")), None);
    }

    #[test]
    fn a_spent_budget_is_a_429_with_its_wait_and_a_listed_address_a_403() {
        let wait = RetryAfter(std::time::Duration::from_millis(1500));
        let e = Problem::from(wait);
        assert_eq!((e.status(), e.retry_after()), (StatusCode::TOO_MANY_REQUESTS, Some(2)));
        assert_eq!(Problem::from(Refused::Budget(wait)).status(), StatusCode::TOO_MANY_REQUESTS);
        for listed in [crate::platform::edge::Listed::Denied, crate::platform::edge::Listed::NotAllowed] {
            let e = Problem::from(Refused::Listed(listed));
            assert_eq!((e.status(), e.code()), (StatusCode::FORBIDDEN, "address-refused"));
        }
    }
}

#[cfg(test)]
mod store_reach {
    //! A store out of reach is told apart from one answering with an error, end to end: from
    //! a real S3 client's failure to the code a request gets.

    use crate::platform::problem::Problem;
    use reel_base::config::StorageConfig;
    use reel_base::storage::{StorageKey, Store};

    /// A store on a real S3 client whose endpoint is `port` on this machine.
    fn s3_at(port: u16) -> Store {
        let config = StorageConfig {
            s3_endpoint: format!("http://127.0.0.1:{port}"),
            s3_path_style: true,
            s3_access_key_id: "key".into(),
            s3_secret_access_key: reel_base::config::Secret::new("secret"),
            ..StorageConfig::default()
        };
        Store::open("s3://bucket", &config).unwrap()
    }

    /// What a request reading from `store` is told: the code of its error.
    async fn refusal(store: &Store) -> &'static str {
        let e = store.get_bytes(&StorageKey::media_file(reel_base::domain::VideoId::new(), "master.m3u8")).await.unwrap_err();
        Problem::from(e).code()
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
