//! The one way to build an HTTP client: reqwest over the shared TLS configuration, with
//! connection reuse (keep-alive pool) and connect + whole-request timeouts.

use std::time::Duration;

use crate::tls::{client_config, TlsConfigError};

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, thiserror::Error)]
pub enum HttpClientError {
  #[error(transparent)]
  Tls(#[from] TlsConfigError),
  #[error("cannot build the HTTP client: {0}")]
  Build(String),
}

/// An HTTP client whose every request (connect, headers and body) ends within `request_timeout`.
pub fn http_client(request_timeout: Duration) -> Result<reqwest::Client, HttpClientError> {
  let tls = client_config()?;
  reqwest::Client::builder()
    .use_preconfigured_tls((*tls).clone())
    .connect_timeout(DEFAULT_CONNECT_TIMEOUT.min(request_timeout))
    .timeout(request_timeout)
    .pool_idle_timeout(Duration::from_secs(60))
    .tcp_nodelay(true)
    .user_agent(concat!("auth-ingest/", env!("CARGO_PKG_VERSION")))
    .build()
    .map_err(|err| HttpClientError::Build(err.to_string()))
}
