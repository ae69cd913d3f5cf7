//! The validated engine settings of `StudioConfig["events"]` (SPEC 1.1). Their error,
//! [`ConfigError`], is shared with the store options (`crate::config_error`).

use std::time::Duration;

use serde_json::Value;

pub use crate::config_error::ConfigError;
use crate::retry::Backoff;

/// The plain-data part of the JS configuration, values not yet validated (`node` fills it
/// from the typed `IngestionConfig` that crosses the seam).
#[derive(Debug, Default)]
pub struct RawEventsConfig {
  pub client_type: Option<String>,
  pub client: Value,
  pub table_name: Option<String>,
  pub batch_size: Option<f64>,
  pub flush_interval: Option<f64>,
  pub max_queue_size: Option<f64>,
  pub max_queue_wait_ms: Option<f64>,
  pub max_retries: Option<f64>,
  pub retry_on_error: Option<bool>,
  pub timeout_ms: Option<f64>,
  pub headers: Value,
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
  pub fn from_raw(raw: &RawEventsConfig) -> Result<Self, ConfigError> {
    let defaults = Self::default();
    let batch_size = whole_number("batchSize", raw.batch_size, 1)?.unwrap_or(1);
    let max_queue_size = whole_number("maxQueueSize", raw.max_queue_size, 1)?
      .unwrap_or(defaults.max_queue_size)
      .max(batch_size);
    let timeout = whole_number("timeoutMs", raw.timeout_ms, 1)?
      .map_or(defaults.timeout, |ms| Duration::from_millis(ms as u64));
    Ok(Self {
      batch_size,
      flush_interval: whole_number("flushInterval", raw.flush_interval, 1)?
        .map_or(defaults.flush_interval, |ms| {
          Duration::from_millis(ms as u64)
        }),
      max_queue_size,
      max_queue_wait: whole_number("maxQueueWaitMs", raw.max_queue_wait_ms, 0)?
        .map_or(timeout, |ms| Duration::from_millis(ms as u64)),
      max_retries: whole_number("maxRetries", raw.max_retries, 0)?
        .map_or(defaults.max_retries, |n| n.min(u32::MAX as usize) as u32),
      retry: raw.retry_on_error.unwrap_or(true),
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
    let raw = RawEventsConfig {
      batch_size: Some(0.0),
      ..Default::default()
    };
    assert_eq!(
      EngineSettings::from_raw(&raw).unwrap_err().0,
      "events.batchSize must be an integer >= 1, got 0"
    );
    let raw = RawEventsConfig {
      flush_interval: Some(2.5),
      ..Default::default()
    };
    assert!(EngineSettings::from_raw(&raw).is_err());
  }

  #[test]
  fn defaults_and_queue_at_least_one_batch() {
    let raw = RawEventsConfig {
      batch_size: Some(500.0),
      max_queue_size: Some(10.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_raw(&raw).unwrap();
    assert_eq!(settings.batch_size, 500);
    assert_eq!(settings.max_queue_size, 500);
    assert_eq!(settings.flush_interval, Duration::from_secs(5));
    assert!(settings.retry);
  }

  #[test]
  fn a_full_queue_is_waited_on_for_timeout_ms_unless_told() {
    let raw = RawEventsConfig {
      timeout_ms: Some(750.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_raw(&raw).unwrap();
    assert_eq!(settings.max_queue_wait, Duration::from_millis(750));
    let raw = RawEventsConfig {
      timeout_ms: Some(750.0),
      max_queue_wait_ms: Some(0.0),
      ..Default::default()
    };
    let settings = EngineSettings::from_raw(&raw).unwrap();
    assert_eq!(settings.max_queue_wait, Duration::ZERO);
    let raw = RawEventsConfig {
      max_queue_wait_ms: Some(-1.0),
      ..Default::default()
    };
    assert_eq!(
      EngineSettings::from_raw(&raw).unwrap_err().0,
      "events.maxQueueWaitMs must be an integer >= 0, got -1"
    );
  }
}
