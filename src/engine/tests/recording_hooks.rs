//! Hooks for the engine's tests: record what the engine announced and gave up on.

use std::sync::Mutex;

use async_trait::async_trait;
use tokio::time::Instant;

use crate::engine::hooks::EngineHooks;
use crate::events::model::AuthEvent;
use crate::store::{Batch, StoreError};

/// One call of `gave_up` (`onError`).
#[derive(Clone, Debug)]
pub struct GaveUp {
  pub at: Instant,
  pub error: StoreError,
  pub types: Vec<String>,
}

#[derive(Default)]
pub struct RecordingHooks {
  before_store: Mutex<Vec<Vec<String>>>,
  gave_up: Mutex<Vec<GaveUp>>,
}

fn types_of(events: &[AuthEvent]) -> Vec<String> {
  events
    .iter()
    .map(|event| event.event_type.clone())
    .collect()
}

impl RecordingHooks {
  /// The batches announced by `before_store` (`onEventIngest`).
  pub fn announced(&self) -> Vec<Vec<String>> {
    self.before_store.lock().unwrap().clone()
  }

  pub fn gave_up(&self) -> Vec<GaveUp> {
    self.gave_up.lock().unwrap().clone()
  }

  /// The events given up on, in the order they were.
  pub fn given_up_types(&self) -> Vec<String> {
    self
      .gave_up()
      .into_iter()
      .flat_map(|gave_up| gave_up.types)
      .collect()
  }
}

#[async_trait]
impl EngineHooks for RecordingHooks {
  async fn before_store(&self, events: &Batch<AuthEvent>) {
    self.before_store.lock().unwrap().push(types_of(events));
  }

  async fn gave_up(&self, error: &StoreError, events: Batch<AuthEvent>) {
    self.gave_up.lock().unwrap().push(GaveUp {
      at: Instant::now(),
      error: error.clone(),
      types: types_of(&events),
    });
  }
}
