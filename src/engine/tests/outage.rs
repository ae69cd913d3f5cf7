//! An outage that lasts: nothing is given up while the store is down (only a shutdown
//! deadline or `maxQueueWaitMs` ends a wait), the first batch is retried at capped, jittered
//! intervals, and callers waiting on `attempted` are let go at once.

use std::collections::HashSet;
use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{as_strs, numbered, run_for, settings, Harness};

#[tokio::test(start_paused = true)]
async fn events_wait_out_a_long_outage_and_land_in_order_when_it_ends() {
  let harness = Harness::start(settings(1), FakeStore::new());
  harness.store.set_down(true);
  let names = numbered(5);
  harness.emit_each(&as_strs(&names));
  run_for(10 * 60 * 1000).await;
  assert!(harness.hooks.gave_up().is_empty());
  assert_eq!(harness.engine.pending(), 5);
  let writes = harness.store.writes();
  assert!(
    writes.iter().all(|write| write.types == ["e0"]),
    "only the first event is tried while the store is down"
  );
  // Backoff capped at 1.6 s, jittered between 0.8 s and 1.6 s: about 500 tries in 10 minutes.
  let gaps: Vec<Duration> = writes
    .windows(2)
    .map(|pair| pair[1].started - pair[0].started)
    .collect();
  let capped = &gaps[8..];
  assert!(capped
    .iter()
    .all(|gap| *gap >= Duration::from_millis(800) && *gap <= Duration::from_millis(1_601)));
  let distinct: HashSet<_> = capped.iter().collect();
  assert!(
    distinct.len() > 10,
    "jittered, not in lockstep: {distinct:?}"
  );
  assert_eq!(harness.engine.metrics().retries, writes.len() as u64);

  harness.store.set_down(false);
  run_for(2_000).await;
  assert_eq!(harness.store.stored(), names);
  let metrics = harness.engine.metrics();
  assert_eq!((metrics.stored, metrics.failed, metrics.pending), (5, 0, 0));
}

#[tokio::test(start_paused = true)]
async fn attempted_resolves_during_an_outage_rather_than_wait_for_the_store() {
  let harness = Harness::start(settings(1), FakeStore::new());
  harness.store.set_down(true);
  let first = harness.emit(&["e0"]);
  let last = harness.emit_each(&["e1", "e2"]);
  tokio::time::timeout(Duration::from_secs(1), harness.engine.attempted(first))
    .await
    .expect("the first event's write was attempted");
  tokio::time::timeout(Duration::from_secs(1), harness.engine.attempted(last))
    .await
    .expect("later events are let go while the store is down");
  assert_eq!(harness.store.stored(), Vec::<String>::new());
}
