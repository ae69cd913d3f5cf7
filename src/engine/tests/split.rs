//! A batch the store refuses is split in halves until the refused rows stand alone: the good
//! rows land, only the bad ones go to `gave_up`.

use super::fake_store::{Answer, FakeStore};
use super::harness::{run_for, settings, Harness};
use crate::store::StoreErrorKind;

#[tokio::test(start_paused = true)]
async fn a_refused_batch_is_split_until_only_the_bad_row_is_given_up() {
  let harness = Harness::start(settings(8), FakeStore::new().refusing_type("bad"));
  harness.emit(&["e0", "e1", "e2", "e3", "e4", "bad", "e6", "e7"]);
  run_for(100).await;
  assert_eq!(
    harness.store.batches(),
    [
      vec!["e0", "e1", "e2", "e3", "e4", "bad", "e6", "e7"],
      vec!["e0", "e1", "e2", "e3"],
      vec!["e4", "bad", "e6", "e7"],
      vec!["e4", "bad"],
      vec!["e4"],
      vec!["bad"],
      vec!["e6", "e7"],
    ]
  );
  assert_eq!(
    harness.store.stored(),
    ["e0", "e1", "e2", "e3", "e4", "e6", "e7"]
  );
  let gave_up = harness.hooks.gave_up();
  assert_eq!(gave_up.len(), 1);
  assert_eq!(gave_up[0].types, ["bad"]);
  assert_eq!(gave_up[0].error.kind, StoreErrorKind::Rejected);
  let metrics = harness.engine.metrics();
  assert_eq!(
    (
      metrics.stored,
      metrics.failed,
      metrics.retries,
      metrics.pending
    ),
    (7, 1, 0, 0)
  );
  assert_eq!(harness.hooks.announced().len(), 1, "announced once, whole");
  assert_eq!(harness.accounted_for_sorted().len(), 8);
}

#[tokio::test(start_paused = true)]
async fn every_bad_row_of_a_batch_is_found_and_only_those_are_given_up() {
  let harness = Harness::start(settings(6), FakeStore::new().refusing_type("bad"));
  harness.emit(&["bad", "e1", "e2", "e3", "e4", "bad"]);
  run_for(100).await;
  assert_eq!(harness.store.stored(), ["e1", "e2", "e3", "e4"]);
  assert_eq!(harness.hooks.given_up_types(), ["bad", "bad"]);
  assert_eq!(harness.engine.metrics().failed, 2);
}

#[tokio::test(start_paused = true)]
async fn a_refused_single_event_is_given_up_without_a_retry() {
  let harness = Harness::start(settings(1), FakeStore::new().refusing_type("bad"));
  harness.emit_each(&["bad", "e1"]);
  run_for(10_000).await;
  assert_eq!(harness.store.batches(), [["bad"], ["e1"]]);
  assert_eq!(harness.hooks.given_up_types(), ["bad"]);
  assert_eq!(harness.engine.metrics().retries, 0);
}

#[tokio::test(start_paused = true)]
async fn a_batch_that_keeps_failing_is_split_once_its_retries_are_spent() {
  // Four failures spend the first try and the 3 retries; the halves are then tried once.
  let harness = Harness::start(
    settings(4),
    FakeStore::new().answering(vec![Answer::Failed; 4]),
  );
  harness.emit(&["e0", "e1", "e2", "e3"]);
  run_for(10_000).await;
  assert_eq!(
    harness.store.batches()[4..],
    [vec!["e0", "e1"], vec!["e2", "e3"]]
  );
  assert_eq!(harness.store.stored(), ["e0", "e1", "e2", "e3"]);
  assert!(harness.hooks.gave_up().is_empty());
}
