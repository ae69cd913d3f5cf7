//! The one configuration error of `StudioConfig["events"]`: engine settings (`events`) and
//! store options (`store`) both raise it, so it lives beside them rather than in either, and
//! `store` does not import `events::config` (`node` turns it into a JS `TypeError`).

/// A configuration that would lose events if accepted; becomes a JS `TypeError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl ConfigError {
  pub fn new(message: impl Into<String>) -> Self {
    Self(message.into())
  }
}
