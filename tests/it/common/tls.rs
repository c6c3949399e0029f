//! A real TLS server in front of a plain one, for the clients Reel makes requests with: a
//! private CA and a certificate for 127.0.0.1 made by `openssl`, served by a small Python
//! TLS-terminating proxy (`tls_proxy.py`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The proxy; stopped when dropped.
pub struct TlsProxy {
    /// The port it serves TLS on.
    pub port: u16,
    /// The CA certificate (PEM) the server's certificate is signed with; trusting it is what
    /// lets a client in.
    pub ca_file: PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs (scripts/setup --test installs it)");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

impl TlsProxy {
    /// Serves TLS for `127.0.0.1` on a free port, passing connections to `target_port`.
    pub fn start(target_port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
        openssl(
            p,
            &[&["req", "-x509"][..], &ec, &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Reel test CA"]].concat(),
        );
        openssl(p, &[&["req"][..], &ec, &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]].concat());
        std::fs::write(p.join("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
            .unwrap();
        openssl(
            p,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/common/tls_proxy.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args([p.join("server.pem"), p.join("server.key")])
            .arg(target_port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| panic!("the TLS proxy did not start: {line:?}"));
        Self { port, ca_file: p.join("ca.pem"), child, _dir: dir }
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
