//! Which country a client is in: looked up once per request in the operator's MaxMind-format
//! database (`[geo] database`) and kept for the request's handling, so that what decides
//! whether an item may be watched here (every listing's audience, every single item's check)
//! reads it without each handler passing it down. Away from a request (a job, the command
//! line) the country is unknown, as it is without a database.

use std::net::IpAddr;
use std::path::Path;

use anyhow::Context as _;
use reel_base::domain::availability::Country;

/// The country database, if the operator gave one.
pub struct Geo {
    reader: Option<maxminddb::Reader<Vec<u8>>>,
}

impl Geo {
    /// No database: every client's country is unknown.
    pub fn none() -> Self {
        Self { reader: None }
    }

    /// Reads the database at `path`; a file that is missing or no MaxMind database stops the
    /// start with that reason.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("geo.database: reading {}", path.display()))?;
        let reader = maxminddb::Reader::from_source(bytes)
            .map_err(|e| anyhow::anyhow!("geo.database: {} is not a MaxMind-format database: {e}", path.display()))?;
        tracing::info!(path = %path.display(), kind = %reader.metadata().database_type, "country database read");
        Ok(Self { reader: Some(reader) })
    }

    /// Whether there is a database, so that items may be limited to some countries.
    pub fn is_on(&self) -> bool {
        self.reader.is_some()
    }

    /// The country of `ip`: the record's `country`, else its `registered_country` (an address
    /// of an ISP's range whose users' country the database does not know); `None` for an
    /// address it does not hold or without a database.
    pub fn country(&self, ip: IpAddr) -> Option<Country> {
        let found = self.reader.as_ref()?.lookup(ip.to_canonical()).ok()?;
        let code = |field: &'static str| -> Option<Country> {
            let code: &str = found.decode_path(&maxminddb::path![field, "iso_code"]).ok()??;
            code.parse().ok()
        };
        code("country").or_else(|| code("registered_country"))
    }
}

tokio::task_local! {
    /// The country of the client whose request is being answered.
    static CLIENT_COUNTRY: Option<Country>;
}

/// Runs `fut` (one request's handling) with `country` as its client's.
pub async fn for_client<F: std::future::Future>(country: Option<Country>, fut: F) -> F::Output {
    CLIENT_COUNTRY.scope(country, fut).await
}

/// The country of the client whose request is being answered; `None` when it is unknown or
/// away from a request.
pub fn client_country() -> Option<Country> {
    CLIENT_COUNTRY.try_with(|c| *c).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_or_one_that_is_no_database_stops_the_start_with_the_setting_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Geo::open(&dir.path().join("none.mmdb")).err().expect("refused");
        assert!(missing.to_string().contains("geo.database"), "{missing}");
        let junk = dir.path().join("junk.mmdb");
        std::fs::write(&junk, b"not a database").unwrap();
        let refused = Geo::open(&junk).err().expect("refused");
        assert!(refused.to_string().contains("not a MaxMind-format database"), "{refused}");
    }

    #[tokio::test]
    async fn the_country_is_the_requests_own_and_unknown_elsewhere() {
        let fr: Option<Country> = "FR".parse().ok();
        assert_eq!(for_client(fr, async { client_country() }).await, fr);
        assert_eq!(client_country(), None);
        assert_eq!(Geo::none().country("81.2.69.160".parse().unwrap()), None);
    }
}
