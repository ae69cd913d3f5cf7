//! `StoreIngestion`: the engine and a native store as one JS class.

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use serde_json::Value;

use super::query::{EventQueryOptions, EventQueryPage};
use super::{engine_methods, prefix, start_session, IngestionConfig, StoreStats};
use crate::engine::{Engine, Undecodable};
use crate::events::emission::decode_emissions;
use crate::events::model::AuthEvent;
use crate::node::errors::{invalid_json, query_error, store_error};
use crate::node::js_dispatch::DispatchFunction;
use crate::node::json_text::JsonText;
use crate::store::query::EventQuery;
use crate::store::table_name::TableName;
use crate::store::{open_store, EventStore, StoreSpec};

/// Events into a native store: they cross as encoded records and are written from Rust.
#[napi]
pub struct StoreIngestion {
  engine: Arc<Engine<AuthEvent>>,
}

engine_methods!(StoreIngestion);

#[napi]
impl StoreIngestion {
  /// `dispatch` runs `onEventIngest` / `onError` in JS.
  #[napi(constructor)]
  pub fn new(
    config: IngestionConfig,
    dispatch: DispatchFunction,
    on_event_ingest: bool,
  ) -> Result<Self> {
    let engine = start_session(config, dispatch, on_event_ingest, |config, settings, _| {
      open_store(StoreSpec {
        client_type: config.client_type.as_deref().unwrap_or("sqlite"),
        client: config.client.as_ref().unwrap_or(&Value::Null),
        table: TableName::parse(config.table_name.as_deref())?,
        timeout: settings.timeout,
        headers: config.headers.as_ref().unwrap_or(&Value::Null),
        batch_size: settings.batch_size,
      })
    })?;
    Ok(Self { engine })
  }

  /// A native store's emissions: `count` records encoded as one JSON array in the first
  /// `length` bytes of `utf8` (copied: the caller reuses it), their timestamps in
  /// milliseconds after `timestampBase` (epoch milliseconds; see `events::emission`).
  /// Returns the last one's sequence number, or -1 when shutting down.
  // Bytes rather than a string: Node's UTF-8 encoder is cheaper than napi's string
  // conversion (~0.05 µs per event less on the JS thread).
  #[napi]
  pub fn enqueue(
    &self,
    #[napi(
      ts_arg_type = "Uint8Array /* JSON: emission records[], wireLayouts().emissionRecord each */"
    )]
    utf8: &[u8],
    length: u32,
    count: u32,
    timestamp_base: f64,
  ) -> Result<f64> {
    let json = prefix(utf8, length).to_vec();
    let base = timestamp_base as i64;
    let accepted = self.engine.enqueue(count as usize, move |_| {
      decode_emissions(&json, base).map_err(|error| Undecodable::reason(error.to_string()))
    });
    Ok(accepted.map_or(-1.0, |sequence| sequence as f64))
  }

  fn native_store(&self) -> &Arc<dyn EventStore> {
    self.engine.store()
  }

  /// `provider.ingest` / `ingestBatch`: a direct write of complete events, each read as
  /// JSON holds it (a `Date` timestamp as its ISO text; a string or epoch milliseconds are
  /// accepted too) and checked as every `AuthEvent` is.
  #[napi(ts_args_type = "events: Array<import('./types/events').AuthEvent>")]
  pub async fn ingest(&self, events: JsonText) -> Result<()> {
    let events: Vec<AuthEvent> =
      serde_json::from_str(&events.0).map_err(|error| invalid_json("events", error))?;
    self
      .native_store()
      .ingest_batch(events.into())
      .await
      .map_err(store_error)
  }

  /// `provider.query(options)`.
  #[napi]
  pub async fn query(&self, options: EventQueryOptions) -> Result<EventQueryPage> {
    let query = EventQuery::from_options(options.try_into()?).map_err(query_error)?;
    let page = self
      .native_store()
      .query(&query)
      .await
      .map_err(store_error)?;
    Ok(page.into())
  }

  #[napi]
  pub async fn count(&self) -> Result<f64> {
    self
      .native_store()
      .count()
      .await
      .map(|count| count as f64)
      .map_err(store_error)
  }

  #[napi]
  pub async fn stats(&self) -> Result<StoreStats> {
    let stats = self.native_store().stats().await.map_err(store_error)?;
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
impl Drop for StoreIngestion {
  fn drop(&mut self) {
    if self.engine.accepting() {
      let engine = Arc::clone(&self.engine);
      crate::node::runtime::runtime().spawn(async move {
        let _ = engine.shutdown().await;
      });
    }
  }
}
