//! The ingestion engine: a bounded in-memory queue, batching on size and time, writes in
//! emission order with retries, and draining that settles every accepted event.
//!
//! Input arrives as encoded emissions from the JS thread (`enqueue_encoded`, a cheap call);
//! a decoder task turns them into events, a flusher task writes them. Both run on the
//! runtime handed to [`Engine::start`]; neither keeps a Node process alive.

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
use super::config::EngineSettings;
use super::emission::decode_emissions;
use crate::store::{EventStore, StoreError};

/// Counters since start, for `getEventIngestionMetrics()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineMetrics {
  pub accepted: u64,
  pub stored: u64,
  pub failed: u64,
  pub retries: u64,
  pub pending: u64,
}

pub(crate) struct Shared {
  settings: EngineSettings,
  store: Arc<dyn EventStore>,
  hooks: Arc<dyn EngineHooks>,
  state: Mutex<QueueState>,
  /// Wakes the flusher: input arrived, a flush or drain was asked for.
  wake: Notify,
  /// Wakes retry sleeps: a drain deadline was set.
  deadline_set: Notify,
  /// Bumped on every state change; waiters re-check their condition.
  changed: watch::Sender<()>,
  stored: AtomicU64,
  failed: AtomicU64,
  retries: AtomicU64,
}

impl Shared {
  fn lock(&self) -> MutexGuard<'_, QueueState> {
    self
      .state
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  fn update<T>(&self, change: impl FnOnce(&mut QueueState) -> T) -> T {
    let result = change(&mut self.lock());
    self.changed.send_replace(());
    result
  }

  async fn wait_until(&self, condition: impl Fn(&QueueState) -> bool) {
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

pub struct Engine {
  shared: Arc<Shared>,
  input: Mutex<Option<mpsc::UnboundedSender<Encoded>>>,
  tasks: Mutex<Vec<JoinHandle<()>>>,
}

/// The engine no longer accepts events (it is shutting down).
#[derive(Debug, PartialEq, Eq)]
pub struct Closed;

impl Engine {
  pub fn start(
    settings: EngineSettings,
    store: Arc<dyn EventStore>,
    hooks: Arc<dyn EngineHooks>,
    runtime: &Handle,
  ) -> Self {
    let shared = Arc::new(Shared {
      settings,
      store,
      hooks,
      state: Mutex::new(QueueState::default()),
      wake: Notify::new(),
      deadline_set: Notify::new(),
      changed: watch::channel(()).0,
      stored: AtomicU64::new(0),
      failed: AtomicU64::new(0),
      retries: AtomicU64::new(0),
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

  pub fn store(&self) -> &Arc<dyn EventStore> {
    &self.shared.store
  }

  pub fn settings(&self) -> &EngineSettings {
    &self.shared.settings
  }

  /// Accepts `count` emissions encoded as one JSON array (UTF-8, copied), their timestamps
  /// counting from `timestamp_base` (see `emission`). Cheap: decoding happens on the runtime.
  /// Returns the sequence number of the last one (for [`Engine::attempted`]).
  pub fn enqueue_encoded(
    &self,
    json: &[u8],
    count: usize,
    timestamp_base: i64,
  ) -> Result<u64, Closed> {
    let input = self
      .input
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    let input = input.as_ref().ok_or(Closed)?;
    let sequence = self.shared.update(|state| {
      state.decoding += count;
      state.accepted += count as u64;
      state.accepted
    });
    input
      .send(Encoded {
        json: json.to_vec(),
        count,
        timestamp_base,
      })
      .map_err(|_| Closed)?;
    Ok(sequence)
  }

  /// Resolves once event `sequence` had its first write attempt, or the store is down and
  /// it waits for a retry (so callers are not held up by an outage).
  pub async fn attempted(&self, sequence: u64) {
    self
      .shared
      .wait_until(|state| state.attempted >= sequence || state.outage || state.closed)
      .await;
  }

  pub fn has_room(&self) -> bool {
    self.shared.lock().pending() < self.shared.settings.max_queue_size
  }

  /// Resolves when the queue has room again (backpressure for `emitEvent`).
  pub async fn room(&self) {
    let limit = self.shared.settings.max_queue_size;
    self
      .shared
      .wait_until(|state| state.pending() < limit)
      .await;
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

impl Drop for Engine {
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

/// Emissions as they arrive from the JS thread, not yet decoded.
struct Encoded {
  json: Vec<u8>,
  count: usize,
  timestamp_base: i64,
}

async fn decode_input(shared: Arc<Shared>, mut encoded: mpsc::UnboundedReceiver<Encoded>) {
  while let Some(Encoded {
    json,
    count,
    timestamp_base,
  }) = encoded.recv().await
  {
    let (events, failure) = match decode_emissions(&json, timestamp_base) {
      Ok(events) => (events, None),
      Err(error) => (Vec::new(), Some(error)),
    };
    // One update: the events move from `decoding` to the queue without a moment in between.
    shared.update(|state| {
      state.decoding -= count;
      if failure.is_some() {
        state.attempted += count as u64;
      }
      state.queue.push(events);
    });
    shared.wake.notify_one();
    if let Some(error) = failure {
      shared.failed.fetch_add(count as u64, Ordering::Relaxed);
      let error = StoreError::rejected(format!("{count} undecodable event(s): {error}"));
      shared.hooks.gave_up(&error, Vec::new().into()).await;
    }
  }
}

/// Takes batches off the queue and writes them: one at a time when `batchSize` is 1 (each
/// `emitEvent` waits for its own write), else up to the store's `max_in_flight` at once, each
/// up to its `max_batch_rows` when a backlog has built up.
async fn flush_batches(shared: Arc<Shared>) {
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
  let mut deliveries = JoinSet::new();
  let mut next_tick = Instant::now() + interval;
  loop {
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
    }
  }
}
