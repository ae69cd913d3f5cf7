//! `NativeIngestion`: the engine and its store as one JS class; `lib/ingestion.js` drives it.

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;

use super::errors::{invalid_config, invalid_json, query_error, store_error};
use super::event_values::EventValues;
use super::js_dispatch::{DispatchFunction, JsDispatch};
use super::js_provider::{JsHooks, JsProviderStore};
use crate::events::config::{ConfigError, EngineSettings, RawEventsConfig};
use crate::events::display::display_keys;
use crate::events::display_rules::RULES;
use crate::events::emission::decode_emissions;
use crate::events::engine::Engine;
use crate::events::held::{decode_held, HeldEvent};
use crate::events::model::AuthEvent;
use crate::store::query::{EventQuery, QueryOptions};
use crate::store::table_name::TableName;
use crate::store::{open_store, EventStore, StoreError, StoreSpec};

#[napi(object)]
pub struct IngestionCallbacks {
  /// `config.provider` was given: batches go to JS.
  pub custom_provider: bool,
  pub on_event_ingest: bool,
}

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

#[napi]
pub struct NativeIngestion {
  engine: Engines,
}

/// A native store's engine queues whole events; a custom JS provider's queues `HeldEvent`s,
/// whose data stays in JS (`events::held`).
enum Engines {
  Native(Arc<Engine<AuthEvent>>),
  Held(Arc<Engine<HeldEvent>>),
}

/// The first `length` items the caller filled (JS reuses larger buffers).
fn prefix<T>(items: &[T], length: u32) -> &[T] {
  &items[..(length as usize).min(items.len())]
}

/// Emissions sent the other engine's way: a bug in `lib/`, never the user's.
fn wrong_engine(method: &str) -> napi::Error {
  napi::Error::from_reason(format!(
    "auth-ingest: {method} does not fit this ingestion's engine"
  ))
}

/// `$body` with `$engine` bound to whichever engine runs.
macro_rules! with_engine {
  ($engines:expr, $engine:ident => $body:expr) => {
    match $engines {
      Engines::Native($engine) => $body,
      Engines::Held($engine) => $body,
    }
  };
}

fn start(
  config: Value,
  dispatch: Arc<JsDispatch>,
  callbacks: IngestionCallbacks,
) -> std::result::Result<Engines, ConfigError> {
  let raw: RawEventsConfig = serde_json::from_value(config)
    .map_err(|error| ConfigError::new(format!("invalid events configuration: {error}")))?;
  let settings = EngineSettings::from_raw(&raw)?;
  let table = TableName::parse(raw.table_name.as_deref())?;
  let runtime = super::runtime::runtime();
  let _in_runtime = runtime.enter();
  let hooks = Arc::new(JsHooks {
    dispatch: Arc::clone(&dispatch),
    on_event_ingest: callbacks.on_event_ingest,
  });
  if callbacks.custom_provider {
    let store = Arc::new(JsProviderStore::new(dispatch));
    let engine = Engine::start(settings, store, hooks, runtime);
    return Ok(Engines::Held(Arc::new(engine)));
  }
  let store = open_store(StoreSpec {
    client_type: raw.client_type.as_deref().unwrap_or("sqlite"),
    client: &raw.client,
    table,
    timeout: settings.timeout,
    headers: &raw.headers,
    batch_size: settings.batch_size,
  })?;
  let engine = Engine::start(settings, store, hooks, runtime);
  Ok(Engines::Native(Arc::new(engine)))
}

#[napi]
impl NativeIngestion {
  #[napi(constructor)]
  pub fn new(
    config: Value,
    dispatch: DispatchFunction,
    callbacks: IngestionCallbacks,
  ) -> Result<Self> {
    let dispatch = Arc::new(JsDispatch::new(dispatch));
    let engine = start(config, dispatch, callbacks).map_err(invalid_config)?;
    Ok(Self { engine })
  }

  /// A native store's emissions: `count` records encoded as one JSON array in the first
  /// `length` bytes of `utf8` (copied: the caller reuses it), their timestamps in
  /// milliseconds after `timestampBase` (epoch milliseconds; see `events::emission`).
  /// Returns the last one's sequence number, or -1 when shutting down.
  // Bytes rather than a string: Node's UTF-8 encoder is cheaper than napi's string
  // conversion (~0.05 µs per event less on the JS thread).
  #[napi]
  pub fn enqueue(&self, utf8: &[u8], length: u32, count: u32, timestamp_base: f64) -> Result<f64> {
    let Engines::Native(engine) = &self.engine else {
      return Err(wrong_engine("enqueue"));
    };
    let json = prefix(utf8, length).to_vec();
    let base = timestamp_base as i64;
    let accepted = engine.enqueue(count as usize, move |_| {
      decode_emissions(&json, base).map_err(|error| error.to_string())
    });
    Ok(accepted.map_or(-1.0, |sequence| sequence as f64))
  }

  /// A custom provider's emissions (`events::held`): the first `numberCount` of `numbers`
  /// and the text in the first `length` bytes of `utf8` (both copied). Returns as `enqueue`.
  #[napi]
  pub fn enqueue_held(
    &self,
    numbers: &[i32],
    number_count: u32,
    utf8: &[u8],
    length: u32,
    count: u32,
    timestamp_base: f64,
  ) -> Result<f64> {
    let Engines::Held(engine) = &self.engine else {
      return Err(wrong_engine("enqueueHeld"));
    };
    let numbers = prefix(numbers, number_count).to_vec();
    let text = String::from_utf8_lossy(prefix(utf8, length)).into_owned();
    let base = timestamp_base as i64;
    let accepted = engine.enqueue(count as usize, move |first| {
      decode_held(&numbers, &text, base, first)
    });
    Ok(accepted.map_or(-1.0, |sequence| sequence as f64))
  }

  /// The validated `batchSize`.
  #[napi(getter)]
  pub fn batch_size(&self) -> u32 {
    with_engine!(&self.engine, engine => engine.settings().batch_size as u32)
  }

  #[napi]
  pub fn has_room(&self) -> bool {
    with_engine!(&self.engine, engine => engine.has_room())
  }

  #[napi]
  pub async fn room(&self) {
    with_engine!(&self.engine, engine => engine.room().await)
  }

  #[napi]
  pub async fn attempted(&self, sequence: f64) {
    with_engine!(&self.engine, engine => engine.attempted(sequence as u64).await)
  }

  #[napi]
  pub fn pending(&self) -> u32 {
    with_engine!(&self.engine, engine => engine.pending() as u32)
  }

  #[napi]
  pub fn metrics(&self) -> IngestionMetrics {
    let metrics = with_engine!(&self.engine, engine => engine.metrics());
    IngestionMetrics {
      accepted: metrics.accepted as f64,
      stored: metrics.stored as f64,
      failed: metrics.failed as f64,
      retries: metrics.retries as f64,
      pending: metrics.pending as f64,
      dropped: metrics.dropped as f64,
    }
  }

  /// Writes everything pending; past `timeoutMs`, what a down store cannot take goes to `onError`.
  #[napi]
  pub async fn drain(&self) {
    with_engine!(&self.engine, engine => {
      let deadline = Instant::now() + engine.settings().timeout;
      engine.drain(Some(deadline)).await
    })
  }

  #[napi]
  pub async fn shutdown(&self) -> Result<()> {
    with_engine!(&self.engine, engine => engine.shutdown().await).map_err(store_error)
  }

  #[napi]
  pub async fn health_check(&self) -> bool {
    with_engine!(&self.engine, engine => {
      let timeout = engine.settings().timeout;
      matches!(
        tokio::time::timeout(timeout, engine.store().health_check()).await,
        Ok(Ok(()))
      )
    })
  }

  /// The native store, for the provider object's own methods (a custom provider is its own).
  fn native_store(&self) -> Result<&Arc<dyn EventStore>> {
    match &self.engine {
      Engines::Native(engine) => Ok(engine.store()),
      Engines::Held(_) => Err(store_error(StoreError::unsupported(
        "reads through auth-ingest (call the custom provider's own methods)",
      ))),
    }
  }

  /// `provider.ingest` / `ingestBatch`: a direct write of complete events (JSON array).
  #[napi]
  pub async fn ingest(&self, events: String) -> Result<()> {
    let events: Vec<AuthEvent> =
      serde_json::from_str(&events).map_err(|error| invalid_json("events", error))?;
    self
      .native_store()?
      .ingest_batch(events.into())
      .await
      .map_err(store_error)
  }

  /// `provider.query(options)`: options and result as JSON.
  #[napi]
  pub async fn query(&self, options: String) -> Result<String> {
    let options: QueryOptions =
      serde_json::from_str(&options).map_err(|error| invalid_json("query options", error))?;
    let query = EventQuery::from_options(options).map_err(query_error)?;
    let page = self
      .native_store()?
      .query(&query)
      .await
      .map_err(store_error)?;
    let page = PageForJs {
      events: EventValues(&page.events),
      has_more: page.has_more,
      next_cursor: page.next_cursor.as_deref(),
    };
    serde_json::to_string(&page).map_err(|error| invalid_json("query result", error))
  }

  #[napi]
  pub async fn count(&self) -> Result<f64> {
    self
      .native_store()?
      .count()
      .await
      .map(|count| count as f64)
      .map_err(store_error)
  }

  #[napi]
  pub async fn stats(&self) -> Result<StoreStats> {
    let stats = self.native_store()?.stats().await.map_err(store_error)?;
    Ok(StoreStats {
      total: stats.total as f64,
      success: stats.success as f64,
      failed: stats.failed as f64,
      warning: stats.warning as f64,
      info: stats.info as f64,
    })
  }
}

/// The JS object is gone while its ingestion still runs: its environment ended (a worker
/// thread that finished or was terminated). A native store's engine writes what it accepted
/// on the runtime, which outlives the thread; a custom provider's code died with the thread.
impl Drop for NativeIngestion {
  fn drop(&mut self) {
    if let Engines::Native(engine) = &self.engine {
      if engine.accepting() {
        let engine = Arc::clone(engine);
        super::runtime::runtime().spawn(async move {
          let _ = engine.shutdown().await;
        });
      }
    }
  }
}

/// A query's page as JS receives it: its events in the flat layout of `event_values`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageForJs<'a> {
  events: EventValues<'a>,
  has_more: bool,
  next_cursor: Option<&'a str>,
}

/// A known event type and the metadata keys its display may read (`events::held`).
#[napi(object, object_from_js = false)]
pub struct DisplayRule {
  pub event_type: String,
  pub keys: Vec<&'static str>,
}

/// Every known event type in the order `events::held` numbers them, with the metadata keys
/// its display may read: a custom provider's emissions send only these to Rust.
#[napi]
pub fn display_rules() -> Vec<DisplayRule> {
  RULES
    .iter()
    .map(|rule| DisplayRule {
      event_type: rule.event_type.to_owned(),
      keys: display_keys(rule.event_type).to_vec(),
    })
    .collect()
}
