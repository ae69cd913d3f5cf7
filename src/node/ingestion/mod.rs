//! Event ingestion as JS drives it (`lib/ingestion.js`): one class per kind of store.
//! - [`StoreIngestion`]: a native store (SQLite, PostgreSQL, ClickHouse, HTTPS); events cross
//!   as encoded records and are written from Rust.
//! - [`ProviderIngestion`]: a custom JS provider; the events are built and kept in JS, and the
//!   engine queues, batches and retries their sequence numbers.
//!
//! Both share the engine-facing methods (`engine_methods!`) and the start-up below.

mod display_rules;
mod provider_session;
mod query;
mod store_session;

use std::sync::Arc;

use napi_derive::napi;

pub use display_rules::{display_rules, unknown_type_severity, DisplayRule};
pub use provider_session::ProviderIngestion;
pub use store_session::StoreIngestion;

use super::errors::invalid_config;
use super::js_dispatch::{DispatchFunction, JsDispatch};
use super::js_provider::{ForJs, JsHooks};
use crate::engine::{Engine, EngineMetrics};
use crate::events::config::{ConfigError, EngineSettings, IngestionConfig};
use crate::store::EventStore;

#[napi(object)]
pub struct StoreStats {
  pub total: f64,
  pub success: f64,
  pub failed: f64,
  pub warning: f64,
  pub info: f64,
}

#[napi(object)]
pub struct IngestionMetrics {
  pub accepted: f64,
  pub stored: f64,
  pub failed: f64,
  pub retries: f64,
  pub pending: f64,
  /// Given up on after waiting `maxQueueWaitMs` for room in a full queue (also in `onError`).
  pub dropped: f64,
}

impl From<EngineMetrics> for IngestionMetrics {
  fn from(metrics: EngineMetrics) -> Self {
    Self {
      accepted: metrics.accepted as f64,
      stored: metrics.stored as f64,
      failed: metrics.failed as f64,
      retries: metrics.retries as f64,
      pending: metrics.pending as f64,
      dropped: metrics.dropped as f64,
    }
  }
}

/// Starts a session's engine on the addon's runtime: the configuration validated, the hooks
/// calling `onEventIngest` / `onError` through `dispatch`, the store made by `open` (inside the
/// runtime, so a store may spawn as it opens).
fn start_session<E: ForJs>(
  config: IngestionConfig,
  dispatch: DispatchFunction,
  on_event_ingest: bool,
  open: impl FnOnce(
    &IngestionConfig,
    &EngineSettings,
    Arc<JsDispatch>,
  ) -> Result<Arc<dyn EventStore<E>>, ConfigError>,
) -> napi::Result<Arc<Engine<E>>> {
  let dispatch = Arc::new(JsDispatch::new(dispatch));
  let settings = EngineSettings::from_config(&config).map_err(invalid_config)?;
  let hooks = Arc::new(JsHooks {
    dispatch: Arc::clone(&dispatch),
    on_event_ingest,
  });
  let runtime = super::runtime::runtime();
  let _in_runtime = runtime.enter();
  let store = open(&config, &settings, dispatch).map_err(invalid_config)?;
  Ok(Arc::new(Engine::start(settings, store, hooks, runtime)))
}

/// The first `length` items the caller filled (JS reuses larger buffers).
fn prefix<T>(items: &[T], length: u32) -> &[T] {
  &items[..(length as usize).min(items.len())]
}

/// The methods both classes have, on their `engine` field: batching settings, backpressure,
/// waiting for writes, metrics, drain, shutdown and health.
macro_rules! engine_methods {
  ($class:ident) => {
    #[napi]
    impl $class {
      /// The validated `batchSize`.
      #[napi(getter)]
      pub fn batch_size(&self) -> u32 {
        self.engine.settings().batch_size as u32
      }

      #[napi]
      pub fn has_room(&self) -> bool {
        self.engine.has_room()
      }

      /// Resolves when the queue has room, or after `maxQueueWaitMs`.
      #[napi]
      pub async fn room(&self) {
        self.engine.room().await
      }

      /// Resolves once event `sequence` had its first write attempt (or the store is down).
      #[napi]
      pub async fn attempted(&self, sequence: f64) {
        self.engine.attempted(sequence as u64).await
      }

      #[napi]
      pub fn pending(&self) -> u32 {
        self.engine.pending() as u32
      }

      #[napi]
      pub fn metrics(&self) -> $crate::node::ingestion::IngestionMetrics {
        self.engine.metrics().into()
      }

      /// Writes everything pending; past `timeoutMs`, what a down store cannot take goes to
      /// `onError`.
      #[napi]
      pub async fn drain(&self) {
        let deadline = tokio::time::Instant::now() + self.engine.settings().timeout;
        self.engine.drain(Some(deadline)).await
      }

      #[napi]
      pub async fn shutdown(&self) -> napi::Result<()> {
        self
          .engine
          .shutdown()
          .await
          .map_err($crate::node::errors::store_error)
      }

      #[napi]
      pub async fn health_check(&self) -> bool {
        let timeout = self.engine.settings().timeout;
        matches!(
          tokio::time::timeout(timeout, self.engine.store().health_check()).await,
          Ok(Ok(()))
        )
      }
    }
  };
}
use engine_methods;
