//! The options object of the JS classes, as JSON, into the settings of the Rust core.
//! `lib/auth0/options.js` has already checked `domain`, `clientId` and `clientSecret`.

use std::time::Duration;

use serde::Deserialize;

use crate::auth0::budget::RunBudget;
use crate::auth0::client::ClientSettings;
use crate::auth0::pager::PagerSettings;
use crate::auth0::processor::ProcessorSettings;
use crate::events::timestamp::now_millis;
use crate::retry::Backoff;

const DEFAULT_MAX_RETRIES: u32 = 5;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeOptions {
  domain: String,
  client_id: String,
  client_secret: String,
  /// Timeout of one HTTP request (**beyond**), ms.
  timeout_ms: Option<f64>,
  /// First retry delay (**beyond**), ms; the delay doubles per retry.
  retry_base_delay_ms: Option<f64>,
  pub checkpoint_id: Option<String>,
  types: Option<Vec<String>>,
  start: Option<f64>,
  max_retries: Option<f64>,
  max_run_time_seconds: Option<f64>,
  batch_size: Option<f64>,
  start_from: Option<String>,
  skip_failed_batches: Option<bool>,
}

fn millis(value: Option<f64>) -> Option<Duration> {
  value
    .filter(|millis| millis.is_finite() && *millis >= 0.0)
    .map(|millis| Duration::from_millis(millis as u64))
}

impl NativeOptions {
  pub fn client(&self) -> ClientSettings {
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

  fn max_retries(&self) -> u32 {
    self
      .max_retries
      .filter(|retries| retries.is_finite() && *retries >= 0.0)
      .map_or(DEFAULT_MAX_RETRIES, |retries| retries as u32)
  }

  fn types(&self) -> Vec<String> {
    self.types.clone().unwrap_or_default()
  }

  /// `LogsApiStream`: the budget is `start + maxRunTimeSeconds` when `maxRunTimeSeconds` is given.
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
      types: self.types(),
      max_retries: self.max_retries(),
      backoff: self.backoff(),
      budget,
    }
  }

  pub fn processor(&self) -> ProcessorSettings {
    let seconds = self
      .max_run_time_seconds
      .filter(|seconds| seconds.is_finite() && *seconds >= 0.0);
    ProcessorSettings {
      batch_size: self
        .batch_size
        .filter(|size| *size >= 1.0)
        .map_or(100, |size| size as usize),
      max_retries: self.max_retries(),
      max_run_time: Duration::from_secs_f64(seconds.unwrap_or(22.0)),
      start_from: self.start_from.clone(),
      types: self.types(),
      skip_failed_batches: self.skip_failed_batches.unwrap_or(false),
      backoff: self.backoff(),
    }
  }
}
