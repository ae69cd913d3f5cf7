//! What the engine tells its embedder: events about to be stored, or given up on.

use async_trait::async_trait;

use crate::events::model::AuthEvent;
use crate::store::{Batch, StoreError};

#[async_trait]
pub trait EngineHooks<E: Send + Sync + 'static = AuthEvent>: Send + Sync {
  /// `onEventIngest`: called once per batch, before its first write; never blocks writing for long.
  async fn before_store(&self, events: &Batch<E>);

  /// `onError`: the engine gave up on `events` (rejected rows, or the store still down at
  /// shutdown, or input that could not be decoded: then `events` is what could be recovered
  /// of it, perhaps nothing).
  async fn gave_up(&self, error: &StoreError, events: Batch<E>);
}
