//! The ingestion engine: a bounded in-memory queue, batching on size and time, writes in
//! emission order with retries, and draining that settles every accepted event.
//!
//! Input arrives from the JS thread still encoded (`enqueue`, a cheap call); a decoder task
//! turns it into items, a flusher task writes them. Both run on the runtime handed to
//! [`Engine::start`]; neither keeps a Node process alive. An item is whatever the store takes:
//! an `AuthEvent` for native stores, a `HeldEvent` for a custom JS provider.

mod chunked_queue;
mod delivery;
pub mod hooks;
mod state;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{sleep_until, Instant};

use self::hooks::EngineHooks;
use self::state::QueueState;
use crate::cede::cede_cpu;
use crate::events::config::EngineSettings;
use crate::events::model::AuthEvent;
use crate::store::{Batch, EventStore, StoreError};

/// What the engine queues and hands its store.
pub trait EngineItem: Clone + Send + Sync + 'static {}

impl<E: Clone + Send + Sync + 'static> EngineItem for E {}

/// Counters since start, for `getEventIngestionMetrics()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineMetrics {
  pub accepted: u64,
  pub stored: u64,
  pub failed: u64,
  pub retries: u64,
  pub pending: u64,
  /// Given up on because they waited `maxQueueWaitMs` for room in a full queue.
  pub dropped: u64,
}

pub(crate) struct Shared<E> {
  settings: EngineSettings,
  store: Arc<dyn EventStore<E>>,
  hooks: Arc<dyn EngineHooks<E>>,
  state: Mutex<QueueState<E>>,
  /// Wakes the flusher: input arrived, a flush or drain was asked for.
  wake: Notify,
  /// Wakes retry sleeps: a drain deadline was set.
  deadline_set: Notify,
  /// Wakes the flusher to time a wait: events arrived while the queue was full.
  began_waiting: Notify,
  /// Bumped on every state change; waiters re-check their condition.
  changed: watch::Sender<()>,
  stored: AtomicU64,
  failed: AtomicU64,
  retries: AtomicU64,
  dropped: AtomicU64,
}

impl<E> Shared<E> {
  fn lock(&self) -> MutexGuard<'_, QueueState<E>> {
    self
      .state
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Changes the state, admits waiting events if that made room, and wakes the waiters.
  fn update<T>(&self, change: impl FnOnce(&mut QueueState<E>) -> T) -> T {
    let result = {
      let mut state = self.lock();
      let result = change(&mut state);
      state.admit(self.settings.max_queue_size);
      result
    };
    self.changed.send_replace(());
    result
  }

  async fn wait_until(&self, condition: impl Fn(&QueueState<E>) -> bool) {
    let mut changes = self.changed.subscribe();
    loop {
      if condition(&self.lock()) {
        return;
      }
      if changes.changed().await.is_err() {
        return;
      }
    }
  }
}

pub struct Engine<E: EngineItem = AuthEvent> {
  shared: Arc<Shared<E>>,
  input: Mutex<Option<mpsc::UnboundedSender<Encoded<E>>>>,
  tasks: Mutex<Vec<JoinHandle<()>>>,
}

/// The engine no longer accepts events (it is shutting down).
#[derive(Debug, PartialEq, Eq)]
pub struct Closed;

impl<E: EngineItem> Engine<E> {
  pub fn start(
    settings: EngineSettings,
    store: Arc<dyn EventStore<E>>,
    hooks: Arc<dyn EngineHooks<E>>,
    runtime: &Handle,
  ) -> Self {
    let shared = Arc::new(Shared {
      settings,
      store,
      hooks,
      state: Mutex::new(QueueState::default()),
      wake: Notify::new(),
      deadline_set: Notify::new(),
      began_waiting: Notify::new(),
      changed: watch::channel(()).0,
      stored: AtomicU64::new(0),
      failed: AtomicU64::new(0),
      retries: AtomicU64::new(0),
      dropped: AtomicU64::new(0),
    });
    let (input, encoded) = mpsc::unbounded_channel();
    let tasks = vec![
      runtime.spawn(decode_input(Arc::clone(&shared), encoded)),
      runtime.spawn(flush_batches(Arc::clone(&shared))),
    ];
    Self {
      shared,
      input: Mutex::new(Some(input)),
      tasks: Mutex::new(tasks),
    }
  }

  pub fn store(&self) -> &Arc<dyn EventStore<E>> {
    &self.shared.store
  }

  pub fn settings(&self) -> &EngineSettings {
    &self.shared.settings
  }

  /// Accepts `count` items still encoded: `decode` turns them into items on the runtime, off
  /// the caller's thread, given the first one's sequence number. Returns the last one's
  /// (for [`Engine::attempted`]).
  pub fn enqueue(
    &self,
    count: usize,
    decode: impl FnOnce(u64) -> Result<Vec<E>, Undecodable> + Send + 'static,
  ) -> Result<u64, Closed> {
    let input = self
      .input
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    let input = input.as_ref().ok_or(Closed)?;
    let max = self.shared.settings.max_queue_size;
    let (sequence, waits) = self.shared.update(|state| {
      let sequence = state.accept(count, max, Instant::now());
      (sequence, state.waiting_events > 0)
    });
    if waits {
      self.shared.began_waiting.notify_one();
    }
    let first = sequence + 1 - count as u64;
    input
      .send(Encoded {
        count,
        last: sequence,
        decode: Box::new(move || decode(first)),
      })
      .map_err(|_| Closed)?;
    Ok(sequence)
  }

  /// Resolves once event `sequence` had its first write attempt, or the store is down and
  /// it waits for a retry (so callers are not held up by an outage).
  pub async fn attempted(&self, sequence: u64) {
    self
      .shared
      .wait_until(|state| state.was_attempted(sequence) || state.outage || state.closed)
      .await;
  }

  /// Not shut down (nor shutting down).
  pub fn accepting(&self) -> bool {
    self
      .input
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
      .is_some()
  }

  pub fn has_room(&self) -> bool {
    self.shared.lock().pending() < self.shared.settings.max_queue_size
  }

  /// Resolves when the queue has room again (backpressure for `emitEvent`), or after
  /// `maxQueueWaitMs`, when the events that waited that long go to `onError`.
  pub async fn room(&self) {
    let limit = self.shared.settings.max_queue_size;
    let room = self.shared.wait_until(|state| state.pending() < limit);
    let _ = tokio::time::timeout(self.shared.settings.max_queue_wait, room).await;
  }

  pub fn pending(&self) -> usize {
    self.shared.lock().pending()
  }

  pub fn metrics(&self) -> EngineMetrics {
    let shared = &self.shared;
    let state = shared.lock();
    EngineMetrics {
      accepted: state.accepted,
      stored: shared.stored.load(Ordering::Relaxed),
      failed: shared.failed.load(Ordering::Relaxed),
      retries: shared.retries.load(Ordering::Relaxed),
      pending: state.pending() as u64,
      dropped: shared.dropped.load(Ordering::Relaxed),
    }
  }

  /// Writes everything accepted so far. With a `deadline`, batches for a store that is still
  /// down past it are handed to `onError` instead of waiting longer.
  pub async fn drain(&self, deadline: Option<Instant>) {
    let shared = &self.shared;
    shared.update(|state| {
      state.draining += 1;
      if let Some(deadline) = deadline {
        state.deadline = Some(
          state
            .deadline
            .map_or(deadline, |current| current.min(deadline)),
        );
      }
    });
    shared.wake.notify_one();
    shared.deadline_set.notify_waiters();
    shared.wait_until(|state| state.pending() == 0).await;
    shared.update(|state| {
      state.draining -= 1;
      if state.draining == 0 {
        state.deadline = None;
      }
    });
  }

  /// Stops accepting, writes everything pending (giving up on what a down store cannot take
  /// within `timeout`), stops the tasks and closes the store.
  pub async fn shutdown(&self) -> Result<(), StoreError> {
    self
      .input
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
      .take();
    let timeout = self.shared.settings.timeout;
    self.drain(Some(Instant::now() + timeout)).await;
    self.shared.update(|state| state.closed = true);
    self.shared.wake.notify_one();
    let tasks = std::mem::take(
      &mut *self
        .tasks
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    for task in tasks {
      let _ = task.await;
    }
    match tokio::time::timeout(timeout, self.shared.store.shutdown()).await {
      Ok(result) => result,
      Err(_) => Err(StoreError::unavailable("store shutdown timed out")),
    }
  }
}

impl<E: EngineItem> Drop for Engine<E> {
  fn drop(&mut self) {
    for task in self
      .tasks
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
      .iter()
    {
      task.abort();
    }
  }
}

/// `count` items as they arrive from the JS thread, with the work that decodes them.
struct Encoded<E> {
  count: usize,
  /// The sequence number of the last of them.
  last: u64,
  decode: Box<dyn FnOnce() -> Result<Vec<E>, Undecodable> + Send>,
}

/// Input that could not be decoded, and why: `onError` hears of it with no events, as none
/// can be rebuilt from it.
pub struct Undecodable {
  pub reason: String,
}

impl Undecodable {
  pub fn reason(reason: impl Into<String>) -> Self {
    Self {
      reason: reason.into(),
    }
  }
}

async fn decode_input<E: EngineItem>(
  shared: Arc<Shared<E>>,
  mut encoded: mpsc::UnboundedReceiver<Encoded<E>>,
) {
  while let Some(Encoded {
    count,
    last,
    decode,
  }) = encoded.recv().await
  {
    let (events, failure) = match decode() {
      Ok(events) => (events, None),
      Err(undecodable) => (Vec::new(), Some(undecodable)),
    };
    // One update: the events move from `decoding` to the queue without a moment in between.
    shared.update(|state| {
      state.decoding -= count;
      if failure.is_some() {
        state.forget_waiting(last);
        state.settled_early(last + 1 - count as u64, last);
      }
      state.queue.push(events);
    });
    shared.wake.notify_one();
    cede_cpu();
    if let Some(Undecodable { reason }) = failure {
      shared.failed.fetch_add(count as u64, Ordering::Relaxed);
      let error = StoreError::rejected(format!("{count} undecodable event(s): {reason}"));
      shared.hooks.gave_up(&error, Arc::new(Vec::new())).await;
    }
  }
}

/// Takes batches off the queue and writes them: one at a time when `batchSize` is 1 (each
/// `emitEvent` waits for its own write), else up to the store's `max_in_flight` at once, each
/// up to its `max_batch_rows` when a backlog has built up.
async fn flush_batches<E: EngineItem>(shared: Arc<Shared<E>>) {
  let interval = shared.settings.flush_interval;
  let batch_size = shared.settings.batch_size;
  let (window, max_rows) = if batch_size > 1 {
    let max_rows = shared.store.max_batch_rows().unwrap_or(batch_size);
    (
      shared.store.max_in_flight().max(1),
      max_rows.max(batch_size),
    )
  } else {
    (1, 1)
  };
  let queue_wait = shared.settings.max_queue_wait;
  let mut deliveries = JoinSet::new();
  let mut next_tick = Instant::now() + interval;
  loop {
    let wait_ends = shared.lock().next_wait_end(queue_wait);
    while deliveries.len() < window {
      let Some(taken) = shared.lock().take_batch(batch_size, max_rows) else {
        break;
      };
      deliveries.spawn(delivery::deliver(Arc::clone(&shared), taken.into_batch()));
    }
    if deliveries.is_empty() {
      let state = shared.lock();
      if state.closed && state.pending() == 0 {
        return;
      }
    }
    tokio::select! {
      Some(_) = deliveries.join_next(), if !deliveries.is_empty() => {}
      _ = shared.wake.notified(), if deliveries.len() < window => {}
      _ = sleep_until(next_tick), if batch_size > 1 => {
        next_tick = Instant::now() + interval;
        shared.lock().flush_due = true;
      }
      _ = sleep_until(wait_ends.unwrap_or(next_tick)), if wait_ends.is_some() => {
        give_up_on_waited_too_long(&shared);
      }
      _ = shared.began_waiting.notified(), if wait_ends.is_none() => {}
    }
  }
}

/// Hands the events that waited `maxQueueWaitMs` for room in a full queue to `onError`.
fn give_up_on_waited_too_long<E: EngineItem>(shared: &Arc<Shared<E>>) {
  let settings = &shared.settings;
  let taken = shared.update(|state| {
    let taken = state.take_waited_too_long(settings.max_queue_wait, Instant::now())?;
    let error =
      StoreError::unavailable(format!(
      "the queue was full ({} events) for {} ms (maxQueueWaitMs): event not stored (the store: {})",
      settings.max_queue_size,
      settings.max_queue_wait.as_millis(),
      state.last_outage.as_deref().unwrap_or("slower than events arrive")
    ));
    Some((taken, error))
  });
  let Some((taken, error)) = taken else {
    return;
  };
  let batch: Batch<E> = Arc::new(taken.into_batch());
  shared
    .dropped
    .fetch_add(batch.len() as u64, Ordering::Relaxed);
  let shared = Arc::clone(shared);
  tokio::spawn(async move {
    shared.hooks.gave_up(&error, batch).await;
  });
}

#[cfg(test)]
mod tests;
