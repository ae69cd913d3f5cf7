//! `drain` (`flush()`): writes everything accepted so far at once, partial batches and
//! events waiting for room included, and resolves once all of it is settled; without a
//! deadline it waits out an outage.

use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{as_strs, numbered, run_for, settings, Harness};

#[tokio::test(start_paused = true)]
async fn drain_writes_a_partial_batch_at_once_and_resolves_once_it_is_stored() {
  let harness = Harness::start(
    settings(10),
    FakeStore::new().taking(Duration::from_millis(50)),
  );
  harness.emit(&["e0", "e1", "e2"]);
  harness.engine.drain(None).await;
  assert_eq!(harness.elapsed(), Duration::from_millis(50));
  assert_eq!(harness.store.batches(), [["e0", "e1", "e2"]]);
  assert_eq!(harness.engine.pending(), 0);
  assert!(harness.engine.accepting(), "a drain is not a shutdown");
  harness.emit(&["e3"]);
  run_for(2_000).await;
  assert_eq!(harness.store.batches()[1], ["e3"], "then batches as before");
}

#[tokio::test(start_paused = true)]
async fn drain_without_a_deadline_waits_out_an_outage() {
  let harness = Harness::start(settings(1), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  let store = harness.store.clone();
  tokio::spawn(async move {
    run_for(60_000).await;
    store.set_down(false);
  });
  harness.engine.drain(None).await;
  assert!(harness.elapsed() >= Duration::from_secs(60));
  assert_eq!(harness.store.stored(), ["e0", "e1"]);
  assert!(harness.hooks.gave_up().is_empty());
}

#[tokio::test(start_paused = true)]
async fn drain_admits_the_events_waiting_for_room_rather_than_let_them_expire() {
  let mut small_queue = settings(1);
  small_queue.max_queue_size = 2;
  small_queue.max_queue_wait = Duration::from_secs(1);
  let harness = Harness::start(
    small_queue,
    FakeStore::new().taking(Duration::from_millis(500)),
  );
  let names = numbered(5);
  harness.emit_each(&as_strs(&names));
  harness.engine.drain(None).await;
  assert_eq!(harness.store.stored(), names);
  let metrics = harness.engine.metrics();
  assert_eq!((metrics.stored, metrics.dropped), (5, 0));
  assert!(harness.hooks.gave_up().is_empty());
}
