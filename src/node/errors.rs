//! Rust errors to JS errors, in one place, for both APIs.
//!
//! Every error the addon throws or rejects with is described by a [`NativeErrorInfo`]:
//! the public class's `name`, a `code`, the `message` and, for Management API answers, the
//! HTTP `status`. `lib/errors.js` (`publicError`) is the one function that turns that
//! description into the public error class.
//!
//! A description crosses in one of two ways:
//! - returned inside a value (a run's `status.error`): as the `NativeErrorInfo` object;
//! - thrown or rejected: napi-rs rejects an `async` call with an error whose `code` can only
//!   be one of its fixed `Status` names, so the description travels in the error's message,
//!   in one compact form, `SEP name SEP code SEP status SEP message` with `SEP` the ASCII
//!   unit separator U+001F (`status` empty when there is none). No message, code or name
//!   contains U+001F (they are cleaned here), so the form is unambiguous, and `fromNative`
//!   in `lib/errors.js` decodes it. An error that does not start with U+001F is not ours
//!   and passes through unchanged.

use napi::{Error, Status};
use napi_derive::napi;

use crate::events::config::ConfigError;
use crate::store::{StoreError, StoreErrorKind};

/// Starts and separates the fields of a thrown error's description (U+001F, see the module
/// docs of `src/node/errors.rs`).
#[napi]
pub const ERROR_SEPARATOR: &str = "\u{1f}";

/// The public class a native error becomes in JS.
#[napi(string_enum)]
#[derive(Debug, PartialEq, Eq)]
pub enum ErrorName {
  /// Event ingestion: a bad configuration or argument.
  TypeError,
  /// Auth0 log tools: a bad option (upstream `ArgumentError`, status 400).
  ArgumentError,
  /// Auth0 log tools: the Management API failed or answered with an error.
  ManagementApiError,
  /// Anything else: a store failure, a user callback that failed.
  Error,
}

impl ErrorName {
  fn as_str(&self) -> &'static str {
    match self {
      Self::TypeError => "TypeError",
      Self::ArgumentError => "ArgumentError",
      Self::ManagementApiError => "ManagementApiError",
      Self::Error => "Error",
    }
  }
}

/// What JS needs to build the public error.
#[napi(object, use_nullable = true)]
#[derive(Debug, PartialEq, Eq)]
pub struct NativeErrorInfo {
  pub name: ErrorName,
  pub code: String,
  pub message: String,
  /// The HTTP status of a Management API answer (null when there was no answer).
  pub status: Option<u32>,
}

fn clean(text: &str) -> std::borrow::Cow<'_, str> {
  if text.contains(ERROR_SEPARATOR) {
    text.replace(ERROR_SEPARATOR, " ").into()
  } else {
    text.into()
  }
}

impl NativeErrorInfo {
  pub fn new(name: ErrorName, code: &str, message: impl Into<String>) -> Self {
    Self {
      name,
      code: code.to_owned(),
      message: message.into(),
      status: None,
    }
  }

  /// The error to throw or reject with, its description encoded in the message.
  pub fn into_error(self) -> Error {
    let status = match self.name {
      ErrorName::TypeError | ErrorName::ArgumentError => Status::InvalidArg,
      _ => Status::GenericFailure,
    };
    Error::new(status, self.encoded())
  }

  /// `SEP name SEP code SEP status SEP message` (see the module docs).
  fn encoded(&self) -> String {
    let http = self
      .status
      .map(|status| status.to_string())
      .unwrap_or_default();
    format!(
      "{ERROR_SEPARATOR}{}{ERROR_SEPARATOR}{}{ERROR_SEPARATOR}{http}{ERROR_SEPARATOR}{}",
      self.name.as_str(),
      clean(&self.code),
      clean(&self.message),
    )
  }
}

pub fn invalid_argument(message: impl Into<String>) -> Error {
  NativeErrorInfo::new(ErrorName::TypeError, "invalid_argument", message).into_error()
}

pub fn invalid_config(error: ConfigError) -> Error {
  NativeErrorInfo::new(ErrorName::TypeError, "invalid_config", error.0).into_error()
}

pub fn store_error(error: StoreError) -> Error {
  let code = match error.kind {
    StoreErrorKind::Unavailable => "store_unavailable",
    StoreErrorKind::Rejected => "store_rejected",
    StoreErrorKind::Failed => "store_failed",
    StoreErrorKind::Unsupported => "unsupported",
  };
  NativeErrorInfo::new(ErrorName::Error, code, error.message).into_error()
}

/// Query options the store refused before running anything are the caller's mistake.
pub fn query_error(error: StoreError) -> Error {
  match error.kind {
    StoreErrorKind::Rejected => invalid_argument(error.message),
    _ => store_error(error),
  }
}

pub fn invalid_json(what: &str, error: serde_json::Error) -> Error {
  invalid_argument(format!("{what}: {error}"))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn encodes_name_code_status_and_message_without_separators_inside() {
    let mut info = NativeErrorInfo::new(ErrorName::ManagementApiError, "Forbidden", "No\u{1f}pe");
    info.status = Some(403);
    assert_eq!(
      info.encoded(),
      "\u{1f}ManagementApiError\u{1f}Forbidden\u{1f}403\u{1f}No pe"
    );
    let info = NativeErrorInfo::new(ErrorName::TypeError, "invalid_argument", "bad");
    assert_eq!(
      info.encoded(),
      "\u{1f}TypeError\u{1f}invalid_argument\u{1f}\u{1f}bad"
    );
  }
}
