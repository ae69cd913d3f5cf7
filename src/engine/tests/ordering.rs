//! Order: with `batchSize` 1, or a store that takes one write at a time, events are written
//! one batch at a time in emission order, a retried batch holding back the ones after it.

use std::time::Duration;

use super::fake_store::{Answer, FakeStore};
use super::harness::{as_strs, numbered, run_for, settings, Harness};

#[tokio::test(start_paused = true)]
async fn with_batch_size_1_events_are_written_one_at_a_time_in_emission_order() {
  // The store would take four writes at once; batchSize 1 writes one at a time regardless.
  let store = FakeStore::new()
    .with_max_in_flight(4)
    .with_max_batch_rows(100)
    .taking(Duration::from_millis(10));
  let harness = Harness::start(settings(1), store);
  let names = numbered(10);
  harness.emit_each(&as_strs(&names));
  run_for(1_000).await;
  let batches = harness.store.batches();
  assert_eq!(
    batches.len(),
    10,
    "one event a write, even behind a backlog"
  );
  assert_eq!(harness.store.stored(), names);
  assert_eq!(harness.store.most_in_flight(), 1);
}

#[tokio::test(start_paused = true)]
async fn with_a_window_of_1_a_retried_batch_holds_back_the_next() {
  let store = FakeStore::new().answering([Answer::Failed, Answer::Unavailable]);
  let harness = Harness::start(settings(2), store);
  let names = numbered(6);
  harness.emit_each(&as_strs(&names));
  run_for(10_000).await;
  assert_eq!(
    harness.store.batches(),
    [
      ["e0", "e1"],
      ["e0", "e1"],
      ["e0", "e1"],
      ["e2", "e3"],
      ["e4", "e5"]
    ]
  );
  assert_eq!(harness.store.stored(), names);
  assert_eq!(harness.store.most_in_flight(), 1);
}
