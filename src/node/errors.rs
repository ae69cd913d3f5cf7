//! Rust errors to JS errors, in one place. `InvalidArg` becomes a `TypeError` in `lib/`.

use napi::{Error, Status};

use crate::events::config::ConfigError;
use crate::store::{StoreError, StoreErrorKind};

pub fn invalid_config(error: ConfigError) -> Error {
  Error::new(Status::InvalidArg, error.0)
}

pub fn store_error(error: StoreError) -> Error {
  Error::new(Status::GenericFailure, error.message)
}

/// Query options the store refused before running anything are the caller's mistake.
pub fn query_error(error: StoreError) -> Error {
  match error.kind {
    StoreErrorKind::Rejected => Error::new(Status::InvalidArg, error.message),
    _ => store_error(error),
  }
}

pub fn invalid_json(what: &str, error: serde_json::Error) -> Error {
  Error::new(Status::InvalidArg, format!("{what}: {error}"))
}
