//! `attempted(sequence)`, what `emitEvent` awaits with `batchSize` 1: it resolves once that
//! event's first write has finished or it was given up on, not because events after it were
//! given up on early (waited too long for room, undecodable). During an outage it resolves
//! at once (`outage.rs`).

use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{settings, Harness};
use crate::engine::Undecodable;
use crate::events::config::EngineSettings;

/// A store that takes 3 s a write; room for two events, a one-second wait for more.
fn slow_store_and_small_queue() -> (EngineSettings, FakeStore) {
  let mut settings = settings(1);
  settings.max_queue_size = 2;
  settings.max_queue_wait = Duration::from_secs(1);
  settings.timeout = Duration::from_secs(10);
  (settings, FakeStore::new().taking(Duration::from_secs(3)))
}

#[tokio::test(start_paused = true)]
async fn attempted_waits_for_the_first_write_when_the_store_is_up() {
  let harness = Harness::start(
    settings(1),
    FakeStore::new().taking(Duration::from_millis(300)),
  );
  let sequence = harness.emit(&["e0"]);
  harness.engine.attempted(sequence).await;
  assert_eq!(harness.elapsed(), Duration::from_millis(300));
  assert_eq!(harness.store.stored(), ["e0"]);
}

/// Fixed with this test: the given-up run counted as attempted at once, so `emitEvent`
/// for an event still being written resolved early.
#[tokio::test(start_paused = true)]
async fn an_event_given_up_after_waiting_does_not_count_as_an_earlier_ones_attempt() {
  let (settings, store) = slow_store_and_small_queue();
  let harness = Harness::start(settings, store);
  let first = harness.emit(&["e0"]);
  harness.emit_each(&["e1", "e2"]);
  harness.engine.attempted(first).await;
  assert_eq!(
    harness.elapsed(),
    Duration::from_secs(3),
    "e0's write ends at 3 s; e2 was given up at 1 s"
  );
  assert_eq!(harness.hooks.given_up_types(), ["e2"]);
}

/// Fixed with this test, as the one above: an undecodable run counted as attempted at once,
/// so the events accepted before it were let go before their writes.
#[tokio::test(start_paused = true)]
async fn an_undecodable_run_does_not_count_as_an_earlier_ones_attempt() {
  let (settings, store) = slow_store_and_small_queue();
  let harness = Harness::start(settings, store);
  let first = harness.emit(&["e0"]);
  let undecodable = harness
    .engine
    .enqueue(2, |_| Err(Undecodable::reason("not JSON")))
    .unwrap();
  tokio::time::timeout(
    Duration::from_millis(1),
    harness.engine.attempted(undecodable),
  )
  .await
  .expect("an undecodable event is given up on at once");
  harness.engine.attempted(first).await;
  assert_eq!(harness.elapsed(), Duration::from_secs(3));
  let later = harness.emit(&["e3"]);
  harness.engine.attempted(later).await;
  assert_eq!(
    harness.elapsed(),
    Duration::from_secs(6),
    "counted past the gap"
  );
}
