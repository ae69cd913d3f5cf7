//! HTTPS endpoint (reqwest over the shared TLS configuration, `clientType` https): `POST url`
//! with `Content-Type: application/json` and the configured headers; the body is the event
//! (when `batchSize` is 1) or `{ "events": [...] }`. 408, 429 and 5xx are outages (a `Retry-After`
//! is waited out first); other non-2xx answers refuse the rows. Write-only (SPEC 1.6).

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Client, Response, StatusCode, Url};
use serde::Serialize;
use serde_json::Value;

use super::{Batch, EventStore, StoreError, StoreSpec};
use crate::config_error::ConfigError;
use crate::events::model::AuthEvent;
use crate::http::http_client;

/// Longest `Retry-After` honoured before the engine's own backoff takes over.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

pub struct HttpsStore {
  client: Client,
  url: Url,
  headers: HeaderMap,
  /// Scheme, host, port and path: the prefix of every message (no credentials, no query).
  target: String,
  /// Header values and URL credentials / query values, blanked out of anything the endpoint
  /// answers before it is put in a message (an endpoint may echo what it was sent).
  secrets: Vec<String>,
  timeout: Duration,
  /// `batchSize > 1`: every body is `{ "events": [...] }`, even a batch of one.
  batched: bool,
}

#[derive(Serialize)]
struct BatchBody<'a> {
  events: &'a [AuthEvent],
}

impl HttpsStore {
  pub fn open(spec: &StoreSpec<'_>) -> Result<Self, ConfigError> {
    let invalid = |why: &str| {
      ConfigError::new(format!(
        "events.client for clientType 'https' {why}; it must be the endpoint URL (https://… or, for local use, http://…)"
      ))
    };
    let url = match spec.client {
      Value::String(text) => {
        Url::parse(text).map_err(|error| invalid(&format!("is not a valid URL ({error})")))?
      }
      Value::Null => return Err(invalid("is missing")),
      _ => return Err(invalid("is not a string")),
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
      return Err(invalid("is not an http:// or https:// URL"));
    }
    let client = http_client(spec.timeout).map_err(|error| ConfigError::new(error.to_string()))?;
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    let headers = headers(spec.headers)?;
    let secrets = secrets_of(&url, &headers);
    Ok(Self {
      client,
      headers,
      secrets,
      target: format!("HTTPS endpoint {shown}"),
      url,
      timeout: spec.timeout,
      batched: spec.batch_size > 1,
    })
  }

  async fn answer(&self, response: Response) -> Result<(), StoreError> {
    let status = response.status();
    if status.is_success() {
      return Ok(());
    }
    let retry_after = retry_after(&response);
    let body = response.text().await.unwrap_or_default();
    let mut excerpt: String = body.chars().take(200).collect();
    for secret in &self.secrets {
      excerpt = excerpt.replace(secret.as_str(), "[redacted]");
    }
    let message = format!("{}: answered {status} {}", self.target, excerpt.trim())
      .trim_end()
      .to_owned();
    if is_outage(status) {
      if let Some(wait) = retry_after {
        tokio::time::sleep(wait.min(MAX_RETRY_AFTER).min(self.timeout)).await;
      }
      Err(StoreError::unavailable(message))
    } else {
      Err(StoreError::rejected(message))
    }
  }

  fn network_error(&self, error: &reqwest::Error) -> StoreError {
    let cause = std::error::Error::source(error)
      .map(|cause| format!(": {cause}"))
      .unwrap_or_default();
    // reqwest's own text names the URL, query included: describe the failure without it.
    let what = if error.is_timeout() {
      "did not answer in time"
    } else if error.is_connect() {
      "cannot be reached"
    } else {
      "failed"
    };
    StoreError::unavailable(format!("{} {what}{cause}", self.target))
  }
}

fn secrets_of(url: &Url, headers: &HeaderMap) -> Vec<String> {
  let from_url = url
    .password()
    .map(str::to_owned)
    .into_iter()
    .chain(url.query_pairs().map(|(_, value)| value.into_owned()));
  // A whole value (`Bearer abc…`) and, for an endpoint echoing only the token, its words.
  let from_headers = headers
    .iter()
    .filter(|(name, _)| *name != CONTENT_TYPE)
    .filter_map(|(_, value)| value.to_str().ok())
    .flat_map(|value| {
      let words = value.split_whitespace().filter(|word| word.len() >= 8);
      std::iter::once(value).chain(words).map(str::to_owned)
    });
  from_url
    .chain(from_headers)
    .filter(|secret| secret.len() >= 4)
    .collect()
}

fn is_outage(status: StatusCode) -> bool {
  status == StatusCode::REQUEST_TIMEOUT
    || status == StatusCode::TOO_MANY_REQUESTS
    || status.is_server_error()
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs and is ignored).
fn retry_after(response: &Response) -> Option<Duration> {
  let seconds: f64 = response
    .headers()
    .get(RETRY_AFTER)?
    .to_str()
    .ok()?
    .trim()
    .parse()
    .ok()?;
  (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// `events.headers`: names and values must be valid HTTP; values are never echoed.
fn headers(config: &Value) -> Result<HeaderMap, ConfigError> {
  let mut headers = HeaderMap::new();
  headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
  let fields = match config {
    Value::Null => return Ok(headers),
    Value::Object(fields) => fields,
    _ => {
      return Err(ConfigError::new(
        "events.headers must be an object of header names to string values",
      ))
    }
  };
  for (name, value) in fields {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
      ConfigError::new(format!(
        "events.headers: {name:?} is not a valid header name"
      ))
    })?;
    let value = match value {
      Value::String(text) => HeaderValue::from_str(text),
      Value::Number(number) => HeaderValue::from_str(&number.to_string()),
      _ => {
        return Err(ConfigError::new(format!(
          "events.headers[{name:?}] must be a string"
        )))
      }
    }
    .map_err(|_| {
      ConfigError::new(format!(
        "events.headers[{name:?}] is not a valid header value (no line breaks or control characters)"
      ))
    })?;
    headers.insert(header, value);
  }
  Ok(headers)
}

#[async_trait]
impl EventStore for HttpsStore {
  /// An HTTP endpoint takes concurrent requests; one round trip at a time wastes it.
  fn max_in_flight(&self) -> usize {
    4
  }

  async fn ingest_batch(&self, events: Batch) -> Result<(), StoreError> {
    let body = match events.as_slice() {
      [event] if !self.batched => serde_json::to_vec(event),
      events => serde_json::to_vec(&BatchBody { events }),
    }
    .map_err(|error| StoreError::rejected(format!("cannot encode the events: {error}")))?;
    let response = self
      .client
      .post(self.url.clone())
      .headers(self.headers.clone())
      .body(body)
      .send()
      .await
      .map_err(|error| self.network_error(&error))?;
    self.answer(response).await
  }

  /// Reachability: any answer but a 5xx to `HEAD url` counts.
  async fn health_check(&self) -> Result<(), StoreError> {
    let response = self
      .client
      .head(self.url.clone())
      .headers(self.headers.clone())
      .send()
      .await
      .map_err(|error| self.network_error(&error))?;
    if response.status().is_server_error() {
      Err(StoreError::unavailable(format!(
        "{}: answered {}",
        self.target,
        response.status()
      )))
    } else {
      Ok(())
    }
  }
}

#[cfg(test)]
mod endpoint_tests;

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn headers_are_validated_without_echoing_values() {
    let good = headers(&json!({ "Authorization": "Bearer t0ken", "X-Count": 3 })).unwrap();
    assert_eq!(good.get("authorization").unwrap(), "Bearer t0ken");
    assert_eq!(good.get(CONTENT_TYPE).unwrap(), "application/json");
    let error = headers(&json!({ "Authorization": "Bearer t0ken\nX: y" })).unwrap_err();
    assert!(!error.0.contains("t0ken"), "{}", error.0);
    assert!(headers(&json!({ "bad name": "v" })).is_err());
  }

  #[test]
  fn outages_are_408_429_and_5xx() {
    for code in [408, 429, 500, 502, 503] {
      assert!(is_outage(StatusCode::from_u16(code).unwrap()), "{code}");
    }
    for code in [400, 401, 403, 404, 422] {
      assert!(!is_outage(StatusCode::from_u16(code).unwrap()), "{code}");
    }
  }
}
