//! Shutdown: stops accepting, writes what is pending at once (no waiting for the flush
//! interval), and within `timeoutMs` hands what a down store cannot take to `gave_up`.

use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{run_for, settings, Harness};
use crate::engine::Closed;
use crate::store::StoreErrorKind;

#[tokio::test(start_paused = true)]
async fn shutdown_gives_what_a_down_store_cannot_take_to_gave_up_at_the_deadline() {
  let mut two_seconds = settings(1);
  two_seconds.timeout = Duration::from_secs(2);
  let harness = Harness::start(two_seconds, FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1", "e2"]);
  run_for(500).await;
  let asked = tokio::time::Instant::now();
  harness.engine.shutdown().await.unwrap();
  let took = asked.elapsed();
  assert!(
    took >= Duration::from_secs(2) && took <= Duration::from_millis(2_001),
    "shutdown took {took:?}"
  );
  let gave_up = harness.hooks.gave_up();
  assert_eq!(harness.hooks.given_up_types(), ["e0", "e1", "e2"]);
  for gave_up in &gave_up {
    assert_eq!(gave_up.error.kind, StoreErrorKind::Unavailable);
    assert_eq!(
      gave_up.error.message,
      "the store stayed unavailable until the shutdown deadline (last error: fake store: down)"
    );
  }
  assert_eq!(
    harness.accounted_for_sorted(),
    ["e0", "e1", "e2"],
    "every event settled"
  );
  let metrics = harness.engine.metrics();
  assert_eq!((metrics.failed, metrics.pending), (3, 0));
  assert!(!harness.engine.accepting());
  assert_eq!(harness.engine.enqueue(1, |_| Ok(Vec::new())), Err(Closed));
}

#[tokio::test(start_paused = true)]
async fn shutdown_writes_a_partial_batch_at_once_when_the_store_is_up() {
  let harness = Harness::start(settings(10), FakeStore::new());
  harness.emit(&["e0", "e1", "e2"]);
  harness.engine.shutdown().await.unwrap();
  assert_eq!(
    harness.elapsed(),
    Duration::ZERO,
    "no flush interval waited"
  );
  assert_eq!(harness.store.batches(), [["e0", "e1", "e2"]]);
  assert!(harness.hooks.gave_up().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_store_back_before_the_deadline_takes_everything() {
  let harness = Harness::start(settings(1), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  run_for(1_000).await;
  let store = harness.store.clone();
  tokio::spawn(async move {
    run_for(1_000).await;
    store.set_down(false);
  });
  harness.engine.shutdown().await.unwrap();
  assert!(
    harness.elapsed() < Duration::from_secs(5),
    "before the deadline"
  );
  assert_eq!(harness.store.stored(), ["e0", "e1"]);
  assert!(harness.hooks.gave_up().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_store_that_does_not_close_within_timeout_fails_the_shutdown_after_writing() {
  let harness = Harness::start(settings(1), FakeStore::new().hanging_on_shutdown());
  harness.emit(&["e0"]);
  let error = harness.engine.shutdown().await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
  assert_eq!(error.message, "store shutdown timed out");
  assert_eq!(harness.elapsed(), Duration::from_secs(5), "timeoutMs");
  assert_eq!(harness.store.stored(), ["e0"]);
}
