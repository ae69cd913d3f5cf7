//! A store for the engine's tests: answers each write from a script, records every write
//! with the paused clock's time, and never touches I/O (paused time needs pure async).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::{sleep, Instant};

use crate::events::model::AuthEvent;
use crate::store::{Batch, EventStore, StoreError};

/// How the store answers one write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
  Ok,
  /// Down (an outage): the engine waits and retries.
  Unavailable,
  /// Down, after waiting out a `Retry-After` of this long inside the write (as the HTTPS
  /// store does with a 429 or 503).
  UnavailableAfter(Duration),
  /// Some other failure: retried `max_retries` times.
  Failed,
  /// The rows were refused.
  Rejected,
}

/// One call of `ingest_batch`.
#[derive(Clone, Debug)]
pub struct Write {
  pub started: Instant,
  pub types: Vec<String>,
  pub answer: Answer,
}

#[derive(Default)]
pub struct FakeStore {
  /// Answers for the next writes, in order; then `Ok`.
  script: Mutex<VecDeque<Answer>>,
  /// While set, every write is `Unavailable` (the script is not consumed).
  down: AtomicBool,
  /// A batch holding an event of this type is `Rejected` (a row the store refuses).
  refused_type: Option<String>,
  /// How long each write takes.
  write_time: Duration,
  max_in_flight: usize,
  max_batch_rows: Option<usize>,
  /// `shutdown` never finishes (a connection that does not close).
  shutdown_hangs: bool,
  writes: Mutex<Vec<Write>>,
  in_flight: AtomicUsize,
  most_in_flight: AtomicUsize,
}

impl FakeStore {
  pub fn new() -> Self {
    Self {
      max_in_flight: 1,
      ..Self::default()
    }
  }

  pub fn answering(self, answers: impl IntoIterator<Item = Answer>) -> Self {
    self.script.lock().unwrap().extend(answers);
    self
  }

  pub fn refusing_type(mut self, event_type: &str) -> Self {
    self.refused_type = Some(event_type.to_owned());
    self
  }

  pub fn taking(mut self, write_time: Duration) -> Self {
    self.write_time = write_time;
    self
  }

  pub fn with_max_in_flight(mut self, max_in_flight: usize) -> Self {
    self.max_in_flight = max_in_flight;
    self
  }

  pub fn with_max_batch_rows(mut self, max_batch_rows: usize) -> Self {
    self.max_batch_rows = Some(max_batch_rows);
    self
  }

  pub fn hanging_on_shutdown(mut self) -> Self {
    self.shutdown_hangs = true;
    self
  }

  pub fn set_down(&self, down: bool) {
    self.down.store(down, Ordering::SeqCst);
  }

  pub fn writes(&self) -> Vec<Write> {
    self.writes.lock().unwrap().clone()
  }

  /// The types of each write's events, write by write.
  pub fn batches(&self) -> Vec<Vec<String>> {
    self.writes().into_iter().map(|write| write.types).collect()
  }

  /// The events stored, in the order they were stored.
  pub fn stored(&self) -> Vec<String> {
    self
      .writes()
      .into_iter()
      .filter(|write| write.answer == Answer::Ok)
      .flat_map(|write| write.types)
      .collect()
  }

  /// The most writes that were under way at once.
  pub fn most_in_flight(&self) -> usize {
    self.most_in_flight.load(Ordering::SeqCst)
  }

  fn answer_for(&self, types: &[String]) -> Answer {
    if self.down.load(Ordering::SeqCst) {
      return Answer::Unavailable;
    }
    if let Some(answer) = self.script.lock().unwrap().pop_front() {
      return answer;
    }
    let refused = self.refused_type.as_ref();
    if refused.is_some_and(|refused| types.contains(refused)) {
      return Answer::Rejected;
    }
    Answer::Ok
  }
}

#[async_trait]
impl EventStore for FakeStore {
  async fn ingest_batch(&self, events: Batch<AuthEvent>) -> Result<(), StoreError> {
    let types: Vec<String> = events
      .iter()
      .map(|event| event.event_type.clone())
      .collect();
    let started = Instant::now();
    let now_in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    self
      .most_in_flight
      .fetch_max(now_in_flight, Ordering::SeqCst);
    if !self.write_time.is_zero() {
      sleep(self.write_time).await;
    }
    let answer = self.answer_for(&types);
    if let Answer::UnavailableAfter(wait) = answer {
      sleep(wait).await;
    }
    self.in_flight.fetch_sub(1, Ordering::SeqCst);
    self.writes.lock().unwrap().push(Write {
      started,
      types,
      answer: answer.clone(),
    });
    match answer {
      Answer::Ok => Ok(()),
      Answer::Unavailable => Err(StoreError::unavailable("fake store: down")),
      Answer::UnavailableAfter(_) => Err(StoreError::unavailable("fake store: 429, Retry-After")),
      Answer::Failed => Err(StoreError::failed("fake store: failed")),
      Answer::Rejected => Err(StoreError::rejected("fake store: row refused")),
    }
  }

  fn max_in_flight(&self) -> usize {
    self.max_in_flight
  }

  fn max_batch_rows(&self) -> Option<usize> {
    self.max_batch_rows
  }

  async fn health_check(&self) -> Result<(), StoreError> {
    Ok(())
  }

  async fn shutdown(&self) -> Result<(), StoreError> {
    if self.shutdown_hangs {
      std::future::pending::<()>().await;
    }
    Ok(())
  }
}
