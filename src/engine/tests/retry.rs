//! Retries: a failed write is tried again after a backoff that doubles from `backoff.first`,
//! with jitter (between half and all of it), `max_retries` times; then its events go to
//! `gave_up`. The engine itself has no notion of `Retry-After` (`StoreError` carries no
//! delay): a store that is told one waits it out inside its write (the HTTPS store does,
//! capped by `timeoutMs`) and then reports an outage, and the engine's backoff comes on top.

use std::time::Duration;

use super::fake_store::{Answer, FakeStore};
use super::harness::{run_for, settings, Harness};
use crate::store::StoreErrorKind;

const MS: Duration = Duration::from_millis(1);

/// `backoff.first · 2^attempt` of the test settings (100 ms first).
fn full_delay(attempt: u32) -> Duration {
  Duration::from_millis(100 << attempt)
}

#[tokio::test(start_paused = true)]
async fn a_failing_write_is_retried_after_doubling_jittered_delays_then_given_up() {
  let harness = Harness::start(
    settings(1),
    FakeStore::new().answering(vec![Answer::Failed; 4]),
  );
  harness.emit(&["e0"]);
  run_for(10_000).await;
  let writes = harness.store.writes();
  assert_eq!(writes.len(), 4, "the first try and max_retries (3) retries");
  for (attempt, pair) in writes.windows(2).enumerate() {
    let gap = pair[1].started - pair[0].started;
    let full = full_delay(attempt as u32);
    // Timers fire on whole milliseconds: up to 1 ms late.
    assert!(
      gap >= full / 2 && gap <= full + MS,
      "retry {attempt} after {gap:?}, not within [{:?}, {full:?}]",
      full / 2
    );
  }
  let gave_up = harness.hooks.gave_up();
  assert_eq!(gave_up.len(), 1);
  assert_eq!(gave_up[0].types, ["e0"]);
  assert_eq!(gave_up[0].error.kind, StoreErrorKind::Failed);
  assert_eq!(gave_up[0].error.message, "fake store: failed");
  let metrics = harness.engine.metrics();
  assert_eq!(
    (
      metrics.stored,
      metrics.failed,
      metrics.retries,
      metrics.pending
    ),
    (0, 1, 3, 0)
  );
  assert_eq!(harness.accounted_for_sorted(), ["e0"]);
}

#[tokio::test(start_paused = true)]
async fn a_write_that_fails_then_succeeds_is_stored_once_and_announced_once() {
  let harness = Harness::start(
    settings(1),
    FakeStore::new().answering([Answer::Failed, Answer::Failed]),
  );
  harness.emit(&["e0"]);
  run_for(10_000).await;
  assert_eq!(harness.store.writes().len(), 3);
  assert_eq!(harness.store.stored(), ["e0"]);
  assert_eq!(harness.hooks.announced(), [["e0"]]);
  assert!(harness.hooks.gave_up().is_empty());
  let metrics = harness.engine.metrics();
  assert_eq!((metrics.stored, metrics.failed, metrics.retries), (1, 0, 2));
}

#[tokio::test(start_paused = true)]
async fn without_retry_on_error_a_failure_or_an_outage_is_given_up_at_once() {
  let mut no_retry = settings(1);
  no_retry.retry = false;
  let harness = Harness::start(
    no_retry,
    FakeStore::new().answering([Answer::Failed, Answer::Unavailable]),
  );
  harness.emit_each(&["e0", "e1", "e2"]);
  run_for(10_000).await;
  assert_eq!(harness.store.writes().len(), 3, "no write is tried twice");
  assert_eq!(harness.hooks.given_up_types(), ["e0", "e1"]);
  let kinds: Vec<_> = harness
    .hooks
    .gave_up()
    .iter()
    .map(|gave_up| gave_up.error.kind)
    .collect();
  assert_eq!(kinds, [StoreErrorKind::Failed, StoreErrorKind::Unavailable]);
  assert_eq!(harness.store.stored(), ["e2"]);
  assert_eq!(harness.engine.metrics().retries, 0);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_waited_out_by_the_store_comes_before_the_engines_backoff() {
  let retry_after = Duration::from_secs(3);
  let harness = Harness::start(
    settings(1),
    FakeStore::new().answering([Answer::UnavailableAfter(retry_after)]),
  );
  harness.emit(&["e0"]);
  run_for(10_000).await;
  let writes = harness.store.writes();
  assert_eq!(writes.len(), 2);
  let gap = writes[1].started - writes[0].started;
  let backoff = full_delay(0);
  assert!(
    gap >= retry_after + backoff / 2 && gap <= retry_after + backoff + MS,
    "retried after {gap:?}"
  );
  assert_eq!(harness.store.stored(), ["e0"]);
  assert!(harness.hooks.gave_up().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_store_that_does_not_answer_within_timeout_is_an_outage_not_a_refusal() {
  let mut short_timeout = settings(1);
  short_timeout.timeout = Duration::from_secs(1);
  let harness = Harness::start(
    short_timeout,
    FakeStore::new().taking(Duration::from_secs(60)),
  );
  let last = harness.emit(&["e0"]);
  run_for(30_000).await;
  assert!(
    harness.hooks.gave_up().is_empty(),
    "an outage is waited out"
  );
  assert!(harness.engine.metrics().retries >= 5);
  assert!(harness.engine.shared.lock().attempted >= last);
  harness.engine.shutdown().await.unwrap();
  let gave_up = harness.hooks.gave_up();
  assert_eq!(gave_up.len(), 1);
  assert_eq!(gave_up[0].types, ["e0"]);
  // Given up either at the deadline or by the write that ran into it: both say why.
  assert_eq!(gave_up[0].error.kind, StoreErrorKind::Unavailable);
  assert!(
    gave_up[0]
      .error
      .message
      .contains("the store did not answer within 1000 ms"),
    "{}",
    gave_up[0].error.message
  );
}
