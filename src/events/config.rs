//! The validated engine settings of `StudioConfig["events"]` (SPEC 1.1). Their error,
//! [`ConfigError`], is shared with the store options (`crate::config_error`).

use std::time::Duration;

use serde_json::Value;

pub use crate::config_error::ConfigError;
use crate::retry::Backoff;

/// The plain-data fields of `events` (`EventsConfig`), as `lib/ingestion.js` hands them over
/// once it has checked their types; their values are validated in Rust (the engine's by
/// `EngineSettings::from_config`, the store's by `open_store`).
// The addon (`node` feature) takes it from JS as it is: the ingestion classes' constructors.
#[derive(Debug, Default)]
#[cfg_attr(feature = "node", napi_derive::napi(object))]
pub struct IngestionConfig {
  pub client_type: Option<String>,
  /// What `lib/ingestion/clients.js` made of `client`: a path, a URL or connection fields.
  #[cfg_attr(
    feature = "node",
    napi(ts_type = "string | Record<string, unknown> | null")
  )]
  pub client: Option<Value>,
  pub table_name: Option<String>,
  pub batch_size: Option<f64>,
  pub flush_interval: Option<f64>,
  pub max_queue_size: Option<f64>,
  pub max_queue_wait_ms: Option<f64>,
  pub max_retries: Option<f64>,
  pub retry_on_error: Option<bool>,
  pub timeout_ms: Option<f64>,
  /// Extra HTTP headers for `https` (names and values are checked there).
  #[cfg_attr(
    feature = "node",
    napi(ts_type = "Record<string, string | number> | null")
  )]
  pub headers: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EngineSettings {
  pub batch_size: usize,
  pub flush_interval: Duration,
  pub max_queue_size: usize,
  /// How long events that arrive while the queue is full wait for room before they go to
  /// `onError` (so a long outage cannot hold up the callers of `emitEvent`).
  pub max_queue_wait: Duration,
  /// Retries of a batch the store refused for a reason other than an outage.
  pub max_retries: u32,
  /// `retryOnError: false` hands a failed batch to `onError` at once.
  pub retry: bool,
  pub backoff: Backoff,
  pub timeout: Duration,
}

impl Default for EngineSettings {
  fn default() -> Self {
    Self {
      batch_size: 1,
      flush_interval: Duration::from_millis(5000),
      max_queue_size: 100_000,
      max_queue_wait: Duration::from_millis(10_000),
      max_retries: 5,
      retry: true,
      backoff: Backoff::default(),
      timeout: Duration::from_millis(10_000),
    }
  }
}

impl EngineSettings {
  pub fn from_config(config: &IngestionConfig) -> Result<Self, ConfigError> {
    let defaults = Self::default();
    let batch_size = whole_number("batchSize", config.batch_size, 1)?.unwrap_or(1);
    let max_queue_size = whole_number("maxQueueSize", config.max_queue_size, 1)?
      .unwrap_or(defaults.max_queue_size)
      .max(batch_size);
    let timeout = whole_number("timeoutMs", config.timeout_ms, 1)?
      .map_or(defaults.timeout, |ms| Duration::from_millis(ms as u64));
    Ok(Self {
      batch_size,
      flush_interval: whole_number("flushInterval", config.flush_interval, 1)?
        .map_or(defaults.flush_interval, |ms| {
          Duration::from_millis(ms as u64)
        }),
      max_queue_size,
      max_queue_wait: whole_number("maxQueueWaitMs", config.max_queue_wait_ms, 0)?
        .map_or(timeout, |ms| Duration::from_millis(ms as u64)),
      max_retries: whole_number("maxRetries", config.max_retries, 0)?
        .map_or(defaults.max_retries, |n| n.min(u32::MAX as usize) as u32),
      retry: config.retry_on_error.unwrap_or(true),
      backoff: defaults.backoff,
      timeout,
    })
  }
}

fn whole_number(field: &str, value: Option<f64>, min: usize) -> Result<Option<usize>, ConfigError> {
  match value {
    None => Ok(None),
    Some(number) if number.fract() == 0.0 && number >= min as f64 && number <= 9e15 => {
      Ok(Some(number as usize))
    }
    Some(number) => Err(ConfigError::new(format!(
      "events.{field} must be an integer >= {min}, got {number}"
    ))),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn rejects_batch_size_zero_and_fractions() {
    let config = IngestionConfig {
      batch_size: Some(0.0),
      ..Default::default()
    };
    assert_eq!(
      EngineSettings::from_config(&config).unwrap_err().0,
      "events.batchSize must be an integer >= 1, got 0"
    );
    let config = IngestionConfig {
      flush_interval: Some(2.5),
      ..Default::default()
    };
    assert!(EngineSettings::from_config(&config).is_err());
  }

  #[test]
  fn defaults_and_queue_at_least_one_batch() {
    let config = IngestionConfig {
      batch_size: Some(500.0),
      max_queue_size: Some(10.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_config(&config).unwrap();
    assert_eq!(settings.batch_size, 500);
    assert_eq!(settings.max_queue_size, 500);
    assert_eq!(settings.flush_interval, Duration::from_secs(5));
    assert!(settings.retry);
  }

  #[test]
  fn a_full_queue_is_waited_on_for_timeout_ms_unless_told() {
    let config = IngestionConfig {
      timeout_ms: Some(750.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_config(&config).unwrap();
    assert_eq!(settings.max_queue_wait, Duration::from_millis(750));
    let config = IngestionConfig {
      timeout_ms: Some(750.0),
      max_queue_wait_ms: Some(0.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_config(&config).unwrap();
    assert_eq!(settings.max_queue_wait, Duration::ZERO);
    let config = IngestionConfig {
      max_queue_wait_ms: Some(-1.0),
      ..Default::default()
    };
    assert_eq!(
      EngineSettings::from_config(&config).unwrap_err().0,
      "events.maxQueueWaitMs must be an integer >= 0, got -1"
    );
  }
}
