//! A custom `provider` written in JS, and the `onEventIngest` / `onError` hooks, seen from Rust.

use std::sync::Arc;

use async_trait::async_trait;

use super::js_dispatch::{DispatchOperation, JsDispatch};
use crate::engine::hooks::EngineHooks;
use crate::engine::EngineItem;
use crate::events::held::HeldEvent;
use crate::store::{Batch, EventStore, StoreError};

/// How a batch of the engine's items reaches JS.
pub trait ForJs: EngineItem {
  /// The batch as the text `lib/ingestion/dispatch.js` turns into `AuthEvent`s: event values
  /// as JSON (`event_values`), or a held payload (`held_payload`).
  fn batch_text(events: &[Self]) -> String;
}

/// `config.provider`: batches go to its `ingestBatch` (or `ingest`, one by one, in order).
/// JS holds the events' data; batches carry what Rust made for them (`held_payload`).
pub struct JsProviderStore {
  dispatch: Arc<JsDispatch>,
}

impl JsProviderStore {
  pub fn new(dispatch: Arc<JsDispatch>) -> Self {
    Self { dispatch }
  }
}

#[async_trait]
impl EventStore<HeldEvent> for JsProviderStore {
  async fn ingest_batch(&self, events: Batch<HeldEvent>) -> Result<(), StoreError> {
    self
      .dispatch
      .call(
        DispatchOperation::IngestBatch,
        HeldEvent::batch_text(&events),
      )
      .await
      .map(|_| ())
      .map_err(|message| StoreError::failed(format!("provider failed: {message}")))
  }

  async fn health_check(&self) -> Result<(), StoreError> {
    match self
      .dispatch
      .call(DispatchOperation::HealthCheck, String::new())
      .await
    {
      Ok(answer) if answer == "true" => Ok(()),
      Ok(_) => Err(StoreError::unavailable(
        "provider.healthCheck() returned false",
      )),
      Err(message) => Err(StoreError::unavailable(format!(
        "provider.healthCheck() failed: {message}"
      ))),
    }
  }

  async fn shutdown(&self) -> Result<(), StoreError> {
    self
      .dispatch
      .call(DispatchOperation::Shutdown, String::new())
      .await
      .map(|_| ())
      .map_err(|message| StoreError::failed(format!("provider.shutdown() failed: {message}")))
  }
}

/// `onEventIngest` and `onError`; without `onError`, JS reports failures on `console.error`.
pub struct JsHooks {
  pub dispatch: Arc<JsDispatch>,
  pub on_event_ingest: bool,
}

#[async_trait]
impl<E: ForJs> EngineHooks<E> for JsHooks {
  async fn before_store(&self, events: &Batch<E>) {
    // Encoding a batch, then building it in JS, costs up to ~1 µs per event: only when asked for.
    if !self.on_event_ingest {
      return;
    }
    let _ = self
      .dispatch
      .call(DispatchOperation::EventIngest, E::batch_text(events))
      .await;
  }

  async fn gave_up(&self, error: &StoreError, events: Batch<E>) {
    let message = serde_json::to_string(&error.message).expect("a string serializes");
    let payload = format!("{message}\n{}", E::batch_text(&events));
    let _ = self.dispatch.call(DispatchOperation::Error, payload).await;
  }
}
