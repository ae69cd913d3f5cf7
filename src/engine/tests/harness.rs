//! An engine on the test's (paused) runtime with a fake store and recording hooks, and the
//! few moves every test makes: emit, let time pass, look.

use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::time::{sleep, Instant};

use super::fake_store::FakeStore;
use super::recording_hooks::RecordingHooks;
use crate::engine::Engine;
use crate::events::config::EngineSettings;
use crate::events::emission::test_events;
use crate::retry::Backoff;

pub struct Harness {
  pub engine: Engine,
  pub store: Arc<FakeStore>,
  pub hooks: Arc<RecordingHooks>,
  pub started: Instant,
}

/// Settings for tests: `batch_size` events a batch, a 100 ms first backoff capped at 1.6 s.
pub fn settings(batch_size: usize) -> EngineSettings {
  EngineSettings {
    batch_size,
    flush_interval: Duration::from_secs(1),
    max_queue_size: 1_000,
    max_queue_wait: Duration::from_secs(10),
    max_retries: 3,
    retry: true,
    backoff: Backoff {
      first: Duration::from_millis(100),
      cap: Duration::from_millis(1_600),
    },
    timeout: Duration::from_secs(5),
  }
}

impl Harness {
  pub fn start(settings: EngineSettings, store: FakeStore) -> Self {
    let store = Arc::new(store);
    let hooks = Arc::new(RecordingHooks::default());
    let engine = Engine::start(settings, store.clone(), hooks.clone(), &Handle::current());
    Self {
      engine,
      store,
      hooks,
      started: Instant::now(),
    }
  }

  /// Emits events of these types as one run (one `emitEvent` call's worth); returns the
  /// last one's sequence number.
  pub fn emit(&self, types: &[&str]) -> u64 {
    let types: Vec<String> = types.iter().map(|&name| name.to_owned()).collect();
    self
      .engine
      .enqueue(types.len(), move |_| {
        Ok(test_events(types.iter().map(String::as_str)))
      })
      .expect("the engine accepts events")
  }

  /// Emits each type as a run of its own, one after the other.
  pub fn emit_each(&self, types: &[&str]) -> u64 {
    types
      .iter()
      .map(|&name| self.emit(&[name]))
      .last()
      .unwrap_or(0)
  }

  /// Every event stored or given up on so far, sorted (nothing else will become of them).
  pub fn accounted_for_sorted(&self) -> Vec<String> {
    let mut events = self.store.stored();
    events.extend(self.hooks.given_up_types());
    events.sort();
    events
  }

  /// Time since the harness started, on the paused clock.
  pub fn elapsed(&self) -> Duration {
    self.started.elapsed()
  }
}

/// Lets the engine's tasks run for `millis` of (paused, instantly passing) time.
pub async fn run_for(millis: u64) {
  sleep(Duration::from_millis(millis)).await;
}

/// `"e0"`, `"e1"`, … : events whose order can be checked.
pub fn numbered(count: usize) -> Vec<String> {
  (0..count).map(|index| format!("e{index}")).collect()
}

pub fn as_strs(names: &[String]) -> Vec<&str> {
  names.iter().map(String::as_str).collect()
}
