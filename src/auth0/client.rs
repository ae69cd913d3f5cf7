//! The Management API client (SPEC 2.1): client-credentials tokens and `GET /api/v2/logs`,
//! over one pooled HTTPS client.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Mutex;

use super::error::Auth0Error;
use super::log_entry::{parse_logs, LogEntry};
use super::rate_limit::{retry_after, Limits};
use super::token::{AccessToken, MemoryTokenCache, TokenCache};
use crate::events::timestamp::now_millis;
use crate::http::http_client;

pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct ClientSettings {
  /// `https://<domain>`, or the domain as given when it has a scheme (tests, proxies).
  pub base_url: String,
  pub audience: String,
  pub client_id: String,
  pub client_secret: String,
  pub request_timeout: Duration,
}

impl ClientSettings {
  pub fn new(domain: &str, client_id: &str, client_secret: &str) -> Self {
    let base_url = if domain.contains("://") {
      domain.trim_end_matches('/').to_owned()
    } else {
      format!("https://{domain}")
    };
    Self {
      audience: format!("{base_url}/api/v2/"),
      base_url,
      client_id: client_id.to_owned(),
      client_secret: client_secret.to_owned(),
      request_timeout: DEFAULT_REQUEST_TIMEOUT,
    }
  }
}

/// What `getLogs` resolves with.
#[derive(Debug)]
pub struct LogsResponse {
  pub logs: Vec<LogEntry>,
  pub limits: Limits,
}

pub struct ManagementClient {
  settings: ClientSettings,
  http: reqwest::Client,
  /// The user's cache, consulted before every request (another process may have put a newer
  /// token in it), or an in-memory one.
  cache: Arc<dyn TokenCache>,
  /// Held while a token is looked up (and fetched), so that concurrent requests fetch one.
  lookup: Mutex<()>,
}

#[derive(Deserialize)]
struct TokenBody {
  access_token: Option<String>,
  expires_in: Option<f64>,
}

impl ManagementClient {
  pub fn new(
    settings: ClientSettings,
    cache: Option<Arc<dyn TokenCache>>,
  ) -> Result<Self, Auth0Error> {
    let http =
      http_client(settings.request_timeout).map_err(|err| Auth0Error::network(err.to_string()))?;
    Ok(Self {
      settings,
      http,
      cache: cache.unwrap_or_else(|| Arc::new(MemoryTokenCache::default())),
      lookup: Mutex::new(()),
    })
  }

  pub fn settings(&self) -> &ClientSettings {
    &self.settings
  }

  /// `getAccessToken()`: always asks `POST /oauth/token`.
  pub async fn fetch_token(&self, timeout: Option<Duration>) -> Result<AccessToken, Auth0Error> {
    let settings = &self.settings;
    let body = serde_json::json!({
      "audience": settings.audience,
      "client_id": settings.client_id,
      "client_secret": settings.client_secret,
      "grant_type": "client_credentials",
    });
    let request = self
      .http
      .post(format!("{}/oauth/token", settings.base_url))
      .header("accept", "application/json")
      .header("content-type", "application/json")
      .body(body.to_string());
    let (status, _, body) = send(request, timeout).await?;
    if status == 401 {
      return Err(Auth0Error::management_api(
        "unauthorized",
        format!("Invalid credentials for {}", settings.client_id),
        401,
      ));
    }
    if !(200..300).contains(&status) {
      if let Some(error) = api_error(&body, status) {
        return Err(error);
      }
    }
    let parsed: Option<TokenBody> = serde_json::from_slice(&body).ok();
    match parsed {
      Some(TokenBody {
        access_token: Some(token),
        expires_in,
      }) if (200..300).contains(&status) && !token.is_empty() => Ok(AccessToken {
        token,
        expires_at: now_millis() + (expires_in.unwrap_or(0.0) * 1000.0) as i64,
      }),
      _ => Err(Auth0Error::management_api(
        "unknown_error",
        format!(
          "Unknown error from Management API or no access_token was provided: {}",
          body_excerpt(&body, status)
        ),
        status,
      )),
    }
  }

  /// `getAccessTokenCached()`, as upstream: the cached token while it has more than 10 s
  /// left, else a new one, stored in the cache. The cache is asked every time. `true` when
  /// the token was just fetched.
  pub async fn cached_token(
    &self,
    timeout: Option<Duration>,
  ) -> Result<(AccessToken, bool), Auth0Error> {
    let _lookup = self.lookup.lock().await;
    if let Some(token) = self
      .cache
      .get()
      .await?
      .filter(|token| token.is_fresh(now_millis()))
    {
      return Ok((token, false));
    }
    let token = self.fetch_token(timeout).await?;
    self.cache.set(Some(&token)).await?;
    Ok((token, true))
  }

  /// Clears the cache (`setToken(null)`).
  pub async fn clear_token(&self) -> Result<(), Auth0Error> {
    self.cache.set(None).await
  }

  /// `getLogs(params)`: one page. A 401 with a cached token clears it and tries once more with
  /// a new token; a 403 clears the token and fails.
  pub async fn get_logs(
    &self,
    params: &[(String, String)],
    timeout: Option<Duration>,
  ) -> Result<LogsResponse, Auth0Error> {
    let mut url =
      reqwest::Url::parse(&format!("{}/api/v2/logs", self.settings.base_url)).map_err(|err| {
        Auth0Error::invalid_argument(format!("The provided domain is invalid: {err}"))
      })?;
    if !params.is_empty() {
      url.query_pairs_mut().extend_pairs(params);
    }
    let mut renewed = false;
    loop {
      let (token, fresh) = self.cached_token(timeout).await?;
      let request = self
        .http
        .get(url.clone())
        .bearer_auth(&token.token)
        .header("content-type", "application/json");
      let (status, headers, body) = send(request, timeout).await?;
      let limits = Limits::from_headers(&headers);
      match status {
        200..=299 => {
          let logs = parse_logs(&body).map_err(|reason| {
            Auth0Error::invalid_response(
              format!("Unexpected response from the Management API: {reason}"),
              status,
            )
          })?;
          return Ok(LogsResponse { logs, limits });
        }
        401 if !fresh && !renewed => {
          self.clear_token().await?;
          renewed = true;
        }
        403 => {
          self.clear_token().await?;
          return Err(api_error(&body, status).unwrap_or_else(|| unknown_error(&body, status)));
        }
        429 => {
          return Err(Auth0Error::rate_limited(retry_after(
            &headers,
            now_millis(),
          )))
        }
        _ => return Err(api_error(&body, status).unwrap_or_else(|| unknown_error(&body, status))),
      }
    }
  }
}

async fn send(
  request: reqwest::RequestBuilder,
  timeout: Option<Duration>,
) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Auth0Error> {
  let request = match timeout {
    Some(timeout) => request.timeout(timeout),
    None => request,
  };
  let response = request.send().await.map_err(transport_error)?;
  let status = response.status().as_u16();
  let headers = response.headers().clone();
  let body = response.bytes().await.map_err(transport_error)?.into();
  Ok((status, headers, body))
}

fn transport_error(err: reqwest::Error) -> Auth0Error {
  let err = err.without_url();
  if err.is_timeout() {
    return Auth0Error::timeout("The request to the Management API timed out");
  }
  let mut message = format!("The request to the Management API failed: {err}");
  let mut source = std::error::Error::source(&err);
  while let Some(cause) = source {
    message.push_str(&format!(": {cause}"));
    source = cause.source();
  }
  Auth0Error::network(message)
}

/// `{ error, error_description }` (OAuth) or `{ error, message }` (Management API) bodies.
fn api_error(body: &[u8], status: u16) -> Option<Auth0Error> {
  let value: Value = serde_json::from_slice(body).ok()?;
  let text = |key: &str| {
    value
      .get(key)
      .and_then(Value::as_str)
      .filter(|text| !text.is_empty())
  };
  let code = text("error")?;
  let message = text("error_description")
    .or_else(|| text("message"))
    .unwrap_or(code);
  Some(Auth0Error::management_api(code, message, status))
}

fn unknown_error(body: &[u8], status: u16) -> Auth0Error {
  Auth0Error::management_api(
    "unknown_error",
    format!(
      "Unknown error from Management API: {}",
      body_excerpt(body, status)
    ),
    status,
  )
}

fn body_excerpt(body: &[u8], status: u16) -> String {
  let text = String::from_utf8_lossy(body);
  let text = text.trim();
  if text.is_empty() {
    return status.to_string();
  }
  text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn a_bare_domain_means_https() {
    let settings = ClientSettings::new("tenant.eu.auth0.com", "id", "secret");
    assert_eq!(settings.base_url, "https://tenant.eu.auth0.com");
    assert_eq!(settings.audience, "https://tenant.eu.auth0.com/api/v2/");
  }

  #[test]
  fn a_domain_with_a_scheme_is_used_as_given() {
    let settings = ClientSettings::new("http://127.0.0.1:4010/", "id", "secret");
    assert_eq!(settings.base_url, "http://127.0.0.1:4010");
    assert_eq!(settings.audience, "http://127.0.0.1:4010/api/v2/");
  }

  #[test]
  fn error_bodies_give_code_and_message() {
    let error = api_error(
      br#"{"error":"access_denied","error_description":"Nope"}"#,
      400,
    )
    .unwrap();
    assert_eq!(
      (error.code.as_str(), error.message.as_str(), error.status),
      ("access_denied", "Nope", Some(400))
    );
    let error = api_error(
      br#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope"}"#,
      403,
    )
    .unwrap();
    assert_eq!(error.message, "Insufficient scope");
    assert!(api_error(b"<html></html>", 502).is_none());
    assert_eq!(
      unknown_error(b"", 502).message,
      "Unknown error from Management API: 502"
    );
  }
}
