//! Ids of rows whose INSERT may or may not have been applied (the connection broke after the
//! request was sent, or the write was cancelled by a timeout). MergeTree has no unique key and
//! ClickHouse 18.x no insert deduplication for it, so a retry of such rows first asks the
//! server which of them it already holds and writes only the others.
//!
//! Ids are marked before an INSERT is sent and cleared once its outcome is known; a write
//! future dropped mid-flight leaves them marked, which is exactly the uncertain case.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard};

use uuid::Uuid;

use crate::events::model::AuthEvent;

#[derive(Default)]
pub struct UncertainIds(Mutex<HashSet<Uuid>>);

impl UncertainIds {
  fn lock(&self) -> MutexGuard<'_, HashSet<Uuid>> {
    self
      .0
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Whether any of `events` may already be stored.
  pub fn any<'a>(&self, mut events: impl Iterator<Item = &'a AuthEvent>) -> bool {
    let ids = self.lock();
    !ids.is_empty() && events.any(|event| ids.contains(&event.id))
  }

  pub fn mark<'a>(&self, events: impl Iterator<Item = &'a AuthEvent>) {
    self.lock().extend(events.map(|event| event.id));
  }

  pub fn clear<'a>(&self, events: impl Iterator<Item = &'a AuthEvent>) {
    let mut ids = self.lock();
    if !ids.is_empty() {
      for event in events {
        ids.remove(&event.id);
      }
    }
  }
}
