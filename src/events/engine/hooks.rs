//! What the engine tells its embedder: events about to be stored, events given up on.

use async_trait::async_trait;

use crate::store::{Batch, StoreError};

#[async_trait]
pub trait EngineHooks: Send + Sync {
  /// `onEventIngest`: called once per batch, before its first write; never blocks writing for long.
  async fn before_store(&self, events: &Batch);

  /// `onError`: the engine gave up on `events` (rejected rows, or the store still down at
  /// shutdown). `events` is empty when the input itself could not be decoded.
  async fn gave_up(&self, error: &StoreError, events: Batch);
}
