//! A full queue: events that arrive while `maxQueueSize` events are pending are accepted
//! but wait; they are admitted in order as room appears, or handed to `gave_up` (and counted
//! as `dropped`) once they have waited `maxQueueWaitMs`. `room()` waits as long, no longer.

use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{as_strs, numbered, run_for, settings, Harness};
use crate::engine::Undecodable;
use crate::events::config::EngineSettings;
use crate::store::StoreErrorKind;

/// Room for two events, and a one-second wait for more.
fn two_events_and_one_second() -> EngineSettings {
  let mut settings = settings(1);
  settings.max_queue_size = 2;
  settings.max_queue_wait = Duration::from_secs(1);
  settings
}

#[tokio::test(start_paused = true)]
async fn events_that_arrive_while_the_queue_is_full_wait_and_are_admitted_in_order() {
  let store = FakeStore::new().taking(Duration::from_millis(100));
  let harness = Harness::start(two_events_and_one_second(), store);
  let names = numbered(6);
  harness.emit_each(&as_strs(&names));
  assert!(!harness.engine.has_room());
  assert_eq!(harness.engine.pending(), 6);
  run_for(50).await;
  assert_eq!(harness.engine.shared.lock().waiting_events, 4);
  run_for(650).await;
  assert_eq!(harness.store.stored(), names);
  assert!(harness.hooks.gave_up().is_empty());
  let metrics = harness.engine.metrics();
  assert_eq!(
    (metrics.accepted, metrics.stored, metrics.dropped),
    (6, 6, 0)
  );
}

#[tokio::test(start_paused = true)]
async fn events_that_wait_longer_than_max_queue_wait_go_to_gave_up_run_by_run() {
  let harness = Harness::start(two_events_and_one_second(), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  run_for(100).await;
  harness.emit(&["e2", "e3"]);
  run_for(200).await;
  harness.emit(&["e4"]);
  assert_eq!(harness.engine.pending(), 5);

  run_for(801).await;
  let gave_up = harness.hooks.gave_up();
  assert_eq!(gave_up.len(), 1, "the run that came at 100 ms, at 1100 ms");
  assert_eq!(gave_up[0].types, ["e2", "e3"]);
  assert_eq!(
    gave_up[0].at - harness.started,
    Duration::from_millis(1_100)
  );
  assert_eq!(gave_up[0].error.kind, StoreErrorKind::Unavailable);
  assert_eq!(
    gave_up[0].error.message,
    "the queue was full (2 events) for 1000 ms (maxQueueWaitMs): event not stored (the store: fake store: down)"
  );
  assert_eq!(harness.engine.metrics().dropped, 2);

  run_for(200).await;
  assert_eq!(harness.hooks.given_up_types(), ["e2", "e3", "e4"]);
  assert_eq!(
    harness.hooks.gave_up()[1].at - harness.started,
    Duration::from_millis(1_300)
  );
  let metrics = harness.engine.metrics();
  assert_eq!(
    (metrics.dropped, metrics.pending, metrics.failed),
    (3, 2, 0)
  );

  harness.store.set_down(false);
  run_for(2_000).await;
  assert_eq!(harness.store.stored(), ["e0", "e1"]);
  assert_eq!(
    harness.accounted_for_sorted(),
    ["e0", "e1", "e2", "e3", "e4"]
  );
}

#[tokio::test(start_paused = true)]
async fn a_store_merely_slower_than_events_arrive_is_named_as_such() {
  let store = FakeStore::new().taking(Duration::from_secs(5));
  let mut slow = two_events_and_one_second();
  slow.timeout = Duration::from_secs(10);
  let harness = Harness::start(slow, store);
  harness.emit_each(&["e0", "e1", "e2"]);
  run_for(1_001).await;
  let gave_up = harness.hooks.gave_up();
  assert_eq!(gave_up.len(), 1);
  assert_eq!(gave_up[0].types, ["e2"]);
  assert!(gave_up[0]
    .error
    .message
    .ends_with("(the store: slower than events arrive)"));
}

#[tokio::test(start_paused = true)]
async fn room_resolves_as_soon_as_the_queue_has_room() {
  let harness = Harness::start(two_events_and_one_second(), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  let store = harness.store.clone();
  tokio::spawn(async move {
    run_for(300).await;
    store.set_down(false);
  });
  harness.engine.room().await;
  assert!(harness.engine.has_room());
  let waited = harness.elapsed();
  // Back at 300 ms; the next retry comes within the backoff (at most 400 ms by then).
  assert!(
    waited >= Duration::from_millis(300) && waited < Duration::from_millis(1_000),
    "{waited:?}"
  );
}

#[tokio::test(start_paused = true)]
async fn room_gives_up_waiting_after_max_queue_wait() {
  let harness = Harness::start(two_events_and_one_second(), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  harness.engine.room().await;
  assert_eq!(harness.elapsed(), Duration::from_secs(1));
  assert!(!harness.engine.has_room(), "still full: the store is down");
}

/// Fixed with this test: the run stayed in `waiting` with no events behind it, so the
/// arithmetic of admission underflowed (a panic in debug builds; in release, events held
/// back, phantom rows counted in flight and a drain that never ended).
#[tokio::test(start_paused = true)]
async fn an_undecodable_run_that_arrived_while_full_does_not_stay_waiting() {
  let harness = Harness::start(two_events_and_one_second(), FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1"]);
  harness
    .engine
    .enqueue(3, |_| Err(Undecodable::reason("not JSON")))
    .unwrap();
  harness.emit(&["e5"]);
  run_for(100).await;
  assert_eq!(
    harness.hooks.gave_up()[0].error.kind,
    StoreErrorKind::Rejected
  );
  assert_eq!(harness.engine.pending(), 3, "e0, e1 and the waiting e5");
  run_for(1_000).await;
  assert_eq!(harness.hooks.given_up_types(), ["e5"], "e5 waited too long");
  assert_eq!(harness.engine.metrics().dropped, 1);
  harness.store.set_down(false);
  run_for(2_000).await;
  assert_eq!(harness.store.stored(), ["e0", "e1"]);
  assert_eq!(harness.engine.pending(), 0);
  tokio::time::timeout(Duration::from_secs(10), harness.engine.shutdown())
    .await
    .expect("nothing is left pending for ever")
    .unwrap();
}

#[tokio::test(start_paused = true)]
async fn with_max_queue_wait_0_an_event_arriving_while_full_is_given_up_at_once() {
  let mut no_wait = two_events_and_one_second();
  no_wait.max_queue_wait = Duration::ZERO;
  let harness = Harness::start(no_wait, FakeStore::new());
  harness.store.set_down(true);
  harness.emit_each(&["e0", "e1", "e2"]);
  harness.engine.room().await;
  assert_eq!(harness.elapsed(), Duration::ZERO);
  run_for(1).await;
  assert_eq!(harness.hooks.given_up_types(), ["e2"]);
  assert_eq!(harness.engine.metrics().dropped, 1);
  assert_eq!(harness.engine.pending(), 2);
}
