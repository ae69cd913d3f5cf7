//! The one TLS client configuration, shared by every HTTPS and TLS connection of the addon.
//!
//! Trusted roots are those Node trusts by default: Mozilla's bundled roots (`webpki-roots`),
//! plus every certificate in the PEM file named by `NODE_EXTRA_CA_CERTS`. Crypto provider:
//! `ring`. A private CA is trusted by pointing `NODE_EXTRA_CA_CERTS` at its certificate; a
//! self-signed certificate used directly as a server certificate is rejected by webpki
//! (`CaUsedAsEndEntity`), so servers need a certificate signed by such a CA.

use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

const EXTRA_CA_CERTS_VAR: &str = "NODE_EXTRA_CA_CERTS";

#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct TlsConfigError(String);

/// The shared client configuration, built on first use (the environment is read once, like Node).
pub fn client_config() -> Result<Arc<ClientConfig>, TlsConfigError> {
  static CONFIG: OnceLock<Result<Arc<ClientConfig>, TlsConfigError>> = OnceLock::new();
  CONFIG
    .get_or_init(|| build_client_config(std::env::var_os(EXTRA_CA_CERTS_VAR).as_deref()))
    .clone()
}

fn build_client_config(
  extra_ca_file: Option<&std::ffi::OsStr>,
) -> Result<Arc<ClientConfig>, TlsConfigError> {
  let mut roots = RootCertStore::empty();
  roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
  if let Some(path) = extra_ca_file.filter(|path| !path.is_empty()) {
    for certificate in read_certificates(path)? {
      roots.add(certificate).map_err(|err| {
        TlsConfigError(format!(
          "{EXTRA_CA_CERTS_VAR}: a certificate in {} cannot be used: {err}",
          path.to_string_lossy()
        ))
      })?;
    }
  }
  let provider = Arc::new(rustls::crypto::ring::default_provider());
  let config = ClientConfig::builder_with_provider(provider)
    .with_safe_default_protocol_versions()
    .map_err(|err| TlsConfigError(err.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
  Ok(Arc::new(config))
}

fn read_certificates(
  path: &std::ffi::OsStr,
) -> Result<Vec<CertificateDer<'static>>, TlsConfigError> {
  let unreadable = |err: &dyn std::fmt::Display| {
    TlsConfigError(format!(
      "{EXTRA_CA_CERTS_VAR}: cannot read certificates from {}: {err}",
      path.to_string_lossy()
    ))
  };
  let certificates = CertificateDer::pem_file_iter(path)
    .map_err(|err| unreadable(&err))?
    .collect::<Result<Vec<_>, _>>()
    .map_err(|err| unreadable(&err))?;
  if certificates.is_empty() {
    return Err(unreadable(&"no PEM certificate found"));
  }
  Ok(certificates)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn builds_with_bundled_roots_only() {
    assert!(build_client_config(None).is_ok());
  }

  #[test]
  fn names_the_variable_when_the_file_is_missing() {
    let error = build_client_config(Some("/nonexistent/ca.pem".as_ref())).unwrap_err();
    assert!(error
      .to_string()
      .starts_with("NODE_EXTRA_CA_CERTS: cannot read"));
  }

  #[test]
  fn rejects_a_file_without_certificates() {
    let path = std::env::temp_dir().join(format!("auth-ingest-no-cert-{}.pem", std::process::id()));
    std::fs::write(&path, "not a certificate\n").unwrap();
    let error = build_client_config(Some(path.as_os_str())).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert!(error.to_string().contains("no PEM certificate found"));
  }
}
