//! Writing one batch: retries with backoff, splitting a refused batch to isolate bad rows,
//! and giving up (to `onError`) only on rows the store refuses or when a drain deadline passes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tokio::time::{sleep, Instant};

use super::{EngineItem, Shared};
use crate::store::{Batch, StoreError, StoreErrorKind};

pub(super) async fn deliver<E: EngineItem>(shared: Arc<Shared<E>>, events: Vec<E>) {
  let count = events.len();
  let batch: Batch<E> = Arc::new(events);
  shared.hooks.before_store(&batch).await;
  write(
    &shared,
    Arc::clone(&batch),
    shared.settings.max_retries,
    Some(count),
  )
  .await;
  shared.update(|state| state.in_flight -= count);
  free_off_the_write_path(batch);
}

/// Freeing 20,000 events takes ~15 ms: on the blocking pool, so the next batch need not wait.
fn free_off_the_write_path<E: EngineItem>(batch: Batch<E>) {
  if Arc::strong_count(&batch) == 1 {
    tokio::task::spawn_blocking(move || drop(batch));
  }
}

enum Next {
  Done,
  Retry,
  Split,
  GiveUp(StoreError),
}

/// `first_attempt_of`: the number of events to mark as attempted after the first try.
fn write<'a, E: EngineItem>(
  shared: &'a Arc<Shared<E>>,
  batch: Batch<E>,
  retries: u32,
  mut first_attempt_of: Option<usize>,
) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
  Box::pin(async move {
    let settings = &shared.settings;
    let mut attempt = 0;
    loop {
      let skipped = {
        let state = shared.lock();
        (state.past_deadline() && state.outage).then(|| {
          StoreError::unavailable(format!(
            "the store stayed unavailable until the shutdown deadline (last error: {})",
            state.last_outage.as_deref().unwrap_or("none")
          ))
        })
      };
      let result = if let Some(error) = skipped {
        Err(error)
      } else {
        match tokio::time::timeout(
          settings.timeout,
          shared.store.ingest_batch(Arc::clone(&batch)),
        )
        .await
        {
          Ok(result) => result,
          Err(_) => Err(StoreError::unavailable(format!(
            "the store did not answer within {} ms",
            settings.timeout.as_millis()
          ))),
        }
      };
      if let Some(count) = first_attempt_of.take() {
        shared.update(|state| state.attempted_next(count));
      }
      let next = match result {
        Ok(()) => Next::Done,
        Err(error) => {
          decide(shared, &error, batch.len(), attempt < retries).unwrap_or(Next::GiveUp(error))
        }
      };
      match next {
        Next::Done => {
          shared
            .stored
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
          shared.update(|state| state.outage = false);
          return;
        }
        Next::Retry => {
          shared.retries.fetch_add(1, Ordering::Relaxed);
          wait_before_retry(shared, attempt).await;
          attempt += 1;
        }
        Next::Split => {
          let middle = batch.len() / 2;
          for half in [&batch[..middle], &batch[middle..]] {
            write(shared, Arc::new(half.to_vec()), 0, None).await;
          }
          return;
        }
        Next::GiveUp(error) => {
          shared
            .failed
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
          shared.hooks.gave_up(&error, batch).await;
          return;
        }
      }
    }
  })
}

/// What to do after a failed write; `None` means give up.
fn decide<E>(
  shared: &Shared<E>,
  error: &StoreError,
  size: usize,
  retries_left: bool,
) -> Option<Next> {
  let retry = shared.settings.retry && !shared.lock().past_deadline();
  match error.kind {
    StoreErrorKind::Unavailable if retry => {
      shared.update(|state| {
        state.outage = true;
        state.last_outage = Some(error.message.clone());
      });
      Some(Next::Retry)
    }
    StoreErrorKind::Unavailable => None,
    StoreErrorKind::Failed if retry && retries_left => Some(Next::Retry),
    _ if size > 1 => Some(Next::Split),
    _ => None,
  }
}

/// Backoff, cut short when a drain deadline is set or passes.
async fn wait_before_retry<E>(shared: &Shared<E>, attempt: u32) {
  let delay = shared.settings.backoff.delay(attempt.min(16));
  let until = Instant::now() + delay;
  let until = shared
    .lock()
    .deadline
    .map_or(until, |deadline| deadline.min(until));
  tokio::select! {
    _ = sleep(until.saturating_duration_since(Instant::now())) => {}
    _ = shared.deadline_set.notified() => {}
  }
}
