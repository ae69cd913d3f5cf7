//! Store failures, classified by what the engine should do about them.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreErrorKind {
  /// The store could not be reached or did not answer (down, timeout, 5xx, 429): wait and retry.
  Unavailable,
  /// The store answered and refused these rows (constraint, type, 4xx): retrying the same rows
  /// will not help; split the batch to find the bad ones.
  Rejected,
  /// Anything else (for example a custom JS provider that threw): retried a few times.
  Failed,
  /// The provider does not implement this operation.
  Unsupported,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
  pub kind: StoreErrorKind,
  pub message: String,
}

impl StoreError {
  pub fn new(kind: StoreErrorKind, message: impl Into<String>) -> Self {
    Self {
      kind,
      message: message.into(),
    }
  }

  pub fn unavailable(message: impl Into<String>) -> Self {
    Self::new(StoreErrorKind::Unavailable, message)
  }

  pub fn rejected(message: impl Into<String>) -> Self {
    Self::new(StoreErrorKind::Rejected, message)
  }

  pub fn failed(message: impl Into<String>) -> Self {
    Self::new(StoreErrorKind::Failed, message)
  }

  pub fn unsupported(operation: &str) -> Self {
    Self::new(
      StoreErrorKind::Unsupported,
      format!("this provider does not support {operation}"),
    )
  }
}

impl fmt::Display for StoreError {
  fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    formatter.write_str(&self.message)
  }
}

impl std::error::Error for StoreError {}
