//! Errors of the Auth0 log tools as values with a kind; `node` maps them to JS classes.

use std::time::Duration;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
  /// A bad option (JS `ArgumentError`).
  InvalidArgument,
  /// The Management API answered with an error (JS `ManagementApiError`).
  ManagementApi,
  /// The Management API answered 429, or its budget is spent; `retry_after` says for how long.
  RateLimited,
  /// No answer: connection refused or cut, TLS failure.
  Network,
  /// No complete answer within the request timeout or the run's time budget.
  Timeout,
  /// A 2xx answer whose body is not what the API sends (malformed JSON, an HTML page).
  InvalidResponse,
  /// A JS callback (token cache, storage, handler) failed.
  Callback,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct Auth0Error {
  pub kind: ErrorKind,
  pub code: String,
  pub message: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub status: Option<u16>,
  #[serde(skip)]
  pub retry_after: Option<Duration>,
}

impl Auth0Error {
  pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
    Self {
      kind,
      code: code.to_owned(),
      message: message.into(),
      status: None,
      retry_after: None,
    }
  }

  pub fn invalid_argument(message: impl Into<String>) -> Self {
    Self::new(ErrorKind::InvalidArgument, "invalid_argument", message)
  }

  pub fn management_api(code: &str, message: impl Into<String>, status: u16) -> Self {
    Self::new(ErrorKind::ManagementApi, code, message).with_status(status)
  }

  pub fn rate_limited(retry_after: Option<Duration>) -> Self {
    Self {
      retry_after,
      ..Self::new(
        ErrorKind::RateLimited,
        "too_many_requests",
        super::rate_limit::RATE_LIMIT_WARNING,
      )
    }
    .with_status(429)
  }

  pub fn network(message: impl Into<String>) -> Self {
    Self::new(ErrorKind::Network, "network_error", message)
  }

  pub fn timeout(message: impl Into<String>) -> Self {
    Self::new(ErrorKind::Timeout, "timeout", message)
  }

  pub fn invalid_response(message: impl Into<String>, status: u16) -> Self {
    Self::new(ErrorKind::InvalidResponse, "invalid_response", message).with_status(status)
  }

  pub fn callback(message: impl Into<String>) -> Self {
    Self::new(ErrorKind::Callback, "callback_failed", message)
  }

  pub fn with_status(mut self, status: u16) -> Self {
    self.status = Some(status);
    self
  }

  /// Worth trying again with the same request: the failure says nothing about the request.
  pub fn is_transient(&self) -> bool {
    match self.kind {
      ErrorKind::Network | ErrorKind::Timeout | ErrorKind::InvalidResponse => true,
      ErrorKind::ManagementApi => matches!(self.status, Some(408) | Some(500..=599)),
      ErrorKind::RateLimited | ErrorKind::InvalidArgument | ErrorKind::Callback => false,
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn server_failures_and_lost_answers_are_transient() {
    assert!(Auth0Error::management_api("x", "x", 503).is_transient());
    assert!(Auth0Error::network("cut").is_transient());
    assert!(Auth0Error::invalid_response("html", 200).is_transient());
    assert!(!Auth0Error::management_api("forbidden", "x", 403).is_transient());
    assert!(!Auth0Error::rate_limited(None).is_transient());
  }

  #[test]
  fn serializes_kind_code_message_and_status() {
    let json =
      serde_json::to_string(&Auth0Error::management_api("unauthorized", "no", 401)).unwrap();
    assert_eq!(
      json,
      r#"{"kind":"managementApi","code":"unauthorized","message":"no","status":401}"#
    );
  }
}
