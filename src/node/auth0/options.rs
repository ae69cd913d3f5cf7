//! The options of the JS classes as they cross (`lib/auth0/options.js` builds them, after
//! checking `domain`, `clientId` and `clientSecret` with upstream's messages), into the
//! settings of the Rust core. The processor's defaults are defined here, once.

use std::time::Duration;

use napi_derive::napi;

use crate::auth0::budget::RunBudget;
use crate::auth0::client::ClientSettings;
use crate::auth0::pager::PagerSettings;
use crate::auth0::processor::ProcessorSettings;
use crate::events::timestamp::now_millis;
use crate::retry::Backoff;

/// `LogsProcessor`'s defaults (upstream's), which its `options` show.
#[napi(object)]
pub struct ProcessorDefaults {
  pub batch_size: u32,
  pub max_retries: u32,
  pub max_run_time_seconds: u32,
}

pub const DEFAULTS: ProcessorDefaults = ProcessorDefaults {
  batch_size: 100,
  max_retries: 5,
  max_run_time_seconds: 22,
};

/// The defaults `LogsProcessor` fills its `options` with.
#[napi]
pub fn logs_processor_defaults() -> ProcessorDefaults {
  DEFAULTS
}

/// What every native Auth0 core needs. Numbers that are not finite are ignored.
#[napi(object)]
pub struct NativeClientOptions {
  pub domain: String,
  pub client_id: String,
  pub client_secret: String,
  /// Timeout of one HTTP request, ms (default 10 000).
  pub timeout_ms: Option<f64>,
  /// First retry delay, ms; the delay doubles per retry.
  pub retry_base_delay_ms: Option<f64>,
}

/// `LogsApiStream`'s options.
#[napi(object)]
pub struct NativeStreamOptions {
  pub client: NativeClientOptions,
  pub checkpoint_id: Option<String>,
  /// Log type codes to keep; empty keeps every log.
  pub types: Vec<String>,
  /// Start of the time budget, ms since the epoch (default: now).
  pub start: Option<f64>,
  pub max_retries: Option<f64>,
  pub max_run_time_seconds: Option<f64>,
}

/// `LogsProcessor`'s options.
#[napi(object)]
pub struct NativeProcessorOptions {
  pub client: NativeClientOptions,
  /// Log type codes to ship (`logTypes` plus those of `logLevel`); empty ships every log.
  pub types: Vec<String>,
  pub batch_size: Option<f64>,
  pub max_retries: Option<f64>,
  pub max_run_time_seconds: Option<f64>,
  pub start_from: Option<String>,
  pub skip_failed_batches: bool,
}

fn millis(value: Option<f64>) -> Option<Duration> {
  value
    .filter(|millis| millis.is_finite() && *millis >= 0.0)
    .map(|millis| Duration::from_millis(millis as u64))
}

fn count(value: Option<f64>) -> Option<u32> {
  value
    .filter(|count| count.is_finite() && *count >= 0.0)
    .map(|count| count as u32)
}

impl NativeClientOptions {
  pub fn settings(&self) -> ClientSettings {
    let mut settings = ClientSettings::new(&self.domain, &self.client_id, &self.client_secret);
    if let Some(timeout) = millis(self.timeout_ms).filter(|timeout| !timeout.is_zero()) {
      settings.request_timeout = timeout;
    }
    settings
  }

  fn backoff(&self) -> Backoff {
    let mut backoff = Backoff::default();
    if let Some(first) = millis(self.retry_base_delay_ms) {
      backoff.first = first;
    }
    backoff
  }
}

impl NativeStreamOptions {
  /// The budget is `start + maxRunTimeSeconds` when `maxRunTimeSeconds` is given.
  pub fn pager(&self) -> PagerSettings {
    let start = self.start.map_or_else(now_millis, |start| start as i64);
    let budget = match self
      .max_run_time_seconds
      .filter(|seconds| seconds.is_finite())
    {
      Some(seconds) => RunBudget::until(start + (seconds * 1000.0) as i64),
      None => RunBudget::unbounded(),
    };
    PagerSettings {
      types: self.types.clone(),
      max_retries: count(self.max_retries).unwrap_or(DEFAULTS.max_retries),
      backoff: self.client.backoff(),
      budget,
    }
  }
}

impl NativeProcessorOptions {
  pub fn processor(&self) -> ProcessorSettings {
    let seconds = self
      .max_run_time_seconds
      .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
      .unwrap_or(f64::from(DEFAULTS.max_run_time_seconds));
    ProcessorSettings {
      batch_size: self
        .batch_size
        .filter(|size| *size >= 1.0)
        .map_or(DEFAULTS.batch_size as usize, |size| size as usize),
      max_retries: count(self.max_retries).unwrap_or(DEFAULTS.max_retries),
      max_run_time: Duration::from_secs_f64(seconds),
      start_from: self.start_from.clone().filter(|id| !id.is_empty()),
      types: self.types.clone(),
      skip_failed_batches: self.skip_failed_batches,
      backoff: self.client.backoff(),
    }
  }
}
