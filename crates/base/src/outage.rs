//! Which backend a failure says was out of reach: the web layer answers it with a 503 and a
//! retry, and the queue reads it as the installation's trouble (which passes), not the job's.

/// A backend that could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The database refused or dropped the connection, or none was free in time.
    Database,
    /// The object store could not be connected to, or timed out, after its retries.
    Store,
}

impl Outage {
    /// Which backend, if any, `cause` says was out of reach, looking through its whole chain:
    /// the first database error decides for the database; below an object store error, any
    /// error saying the connection failed decides for the store.
    pub fn of(cause: &anyhow::Error) -> Option<Self> {
        let mut in_store = false;
        for e in cause.chain() {
            if let Some(e) = e.downcast_ref::<sqlx::Error>() {
                return crate::db::is_unreachable(e).then_some(Self::Database);
            }
            in_store |= e.downcast_ref::<object_store::Error>().is_some();
            if in_store && crate::storage::is_unreachable(e) {
                return Some(Self::Store);
            }
        }
        None
    }
}
