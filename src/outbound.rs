//! HTTP clients for the requests Reel makes itself (the SMS webhook, `reel ingest`): HTTPS with
//! the system's trusted roots, plus any certificates the configuration adds (a private CA, or
//! a self-signed server's own certificate).

use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

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
