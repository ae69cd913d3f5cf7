//! A custom `provider` written in JS, and the `onEventIngest` / `onError` hooks, seen from Rust.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;

use super::event_values::{event_values_json, EventValues};
use super::js_dispatch::JsDispatch;
use crate::events::engine::hooks::EngineHooks;
use crate::store::{Batch, EventStore, StoreError};

/// `config.provider`: batches go to its `ingestBatch` (or `ingest`, one by one, in order).
pub struct JsProviderStore {
  dispatch: Arc<JsDispatch>,
}

impl JsProviderStore {
  pub fn new(dispatch: Arc<JsDispatch>) -> Self {
    Self { dispatch }
  }
}

#[async_trait]
impl EventStore for JsProviderStore {
  async fn ingest_batch(&self, events: Batch) -> Result<(), StoreError> {
    self
      .dispatch
      .call("ingestBatch", event_values_json(&events))
      .await
      .map(|_| ())
      .map_err(|message| StoreError::failed(format!("provider failed: {message}")))
  }

  async fn health_check(&self) -> Result<(), StoreError> {
    match self.dispatch.call("healthCheck", String::new()).await {
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
      .call("shutdown", String::new())
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
impl EngineHooks for JsHooks {
  async fn before_store(&self, events: &Batch) {
    // Encoding a batch, then building it in JS, costs ~1 µs per event: only when asked for.
    if !self.on_event_ingest {
      return;
    }
    let _ = self
      .dispatch
      .call("eventIngest", event_values_json(events))
      .await;
  }

  async fn gave_up(&self, error: &StoreError, events: Batch) {
    let failure = Failure {
      message: &error.message,
      events: EventValues(&events),
    };
    let payload = serde_json::to_string(&failure).expect("a failure serializes");
    let _ = self.dispatch.call("error", payload).await;
  }
}

/// What `onError` receives: the reason and the events given up on.
#[derive(Serialize)]
struct Failure<'a> {
  message: &'a str,
  events: EventValues<'a>,
}
