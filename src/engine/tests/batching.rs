//! Batching: full batches go at once, the flush interval sends a partial one, a backlog goes
//! in writes of up to the store's `max_batch_rows`, up to its `max_in_flight` at once.

use std::time::Duration;

use super::fake_store::FakeStore;
use super::harness::{as_strs, numbered, run_for, settings, Harness};

#[tokio::test(start_paused = true)]
async fn the_flush_interval_sends_a_partial_batch() {
  let harness = Harness::start(settings(10), FakeStore::new());
  harness.emit(&["e0", "e1", "e2"]);
  run_for(999).await;
  assert!(harness.store.writes().is_empty(), "waits for a full batch");
  run_for(2).await;
  assert_eq!(harness.store.batches(), [["e0", "e1", "e2"]]);
  assert_eq!(
    harness.store.writes()[0].started - harness.started,
    Duration::from_secs(1)
  );
}

#[tokio::test(start_paused = true)]
async fn full_batches_go_at_once_and_the_rest_waits_for_the_interval() {
  let harness = Harness::start(settings(3), FakeStore::new());
  let names = numbered(7);
  harness.emit(&as_strs(&names));
  run_for(10).await;
  assert_eq!(
    harness.store.batches(),
    [["e0", "e1", "e2"], ["e3", "e4", "e5"]]
  );
  run_for(1_000).await;
  assert_eq!(harness.store.batches()[2], ["e6"]);
}

#[tokio::test(start_paused = true)]
async fn a_backlog_is_written_in_batches_of_up_to_max_batch_rows() {
  let store = FakeStore::new()
    .with_max_batch_rows(25)
    .taking(Duration::from_millis(100));
  let harness = Harness::start(settings(10), store);
  let names = numbered(70);
  harness.emit(&as_strs(&names[..10]));
  run_for(1).await;
  // The first batch is being written; sixty more pile up behind it.
  harness.emit(&as_strs(&names[10..]));
  run_for(2_000).await;
  let sizes: Vec<usize> = harness.store.batches().iter().map(Vec::len).collect();
  assert_eq!(sizes, [10, 25, 25, 10]);
  assert_eq!(harness.store.stored(), names);
}

#[tokio::test(start_paused = true)]
async fn up_to_max_in_flight_batches_are_written_at_once() {
  let store = FakeStore::new()
    .with_max_in_flight(3)
    .taking(Duration::from_millis(100));
  let harness = Harness::start(settings(10), store);
  let names = numbered(100);
  harness.emit(&as_strs(&names));
  run_for(10_000).await;
  assert_eq!(harness.store.most_in_flight(), 3);
  let mut stored = harness.store.stored();
  stored.sort();
  let mut expected = names.clone();
  expected.sort();
  assert_eq!(stored, expected);
  // Ten batches, three at a time: four rounds of 100 ms.
  let last_start = harness
    .store
    .writes()
    .iter()
    .map(|write| write.started)
    .max()
    .unwrap();
  assert_eq!(last_start - harness.started, Duration::from_millis(300));
}
