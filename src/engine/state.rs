//! The queue and its counters, guarded by one mutex; every change wakes the waiters.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use super::chunked_queue::{ChunkedQueue, Taken};

pub(super) struct QueueState<E> {
  pub queue: ChunkedQueue<E>,
  /// Accepted from JS, still being decoded.
  pub decoding: usize,
  /// Taken from the queue, not yet stored or given up on.
  pub in_flight: usize,
  /// Events accepted so far: the sequence number of the last one.
  pub accepted: u64,
  /// Events whose first write attempt has finished (in acceptance order).
  pub attempted: u64,
  /// Runs given up on before their turn (waited too long for room, or undecodable), as
  /// `(first, last)` sequence numbers in order: `attempted` takes them in as it reaches them.
  pub settled_ahead: Vec<(u64, u64)>,
  /// The flush timer fired: send a partial batch.
  pub flush_due: bool,
  /// `drain()` calls under way: send partial batches until nothing is pending.
  pub draining: usize,
  /// No more input; the flusher ends once everything pending is settled.
  pub closed: bool,
  /// The store is down and a batch is waiting to be retried.
  pub outage: bool,
  /// What the store said when it last failed as unavailable (for the give-up message).
  pub last_outage: Option<String>,
  /// While draining: past this instant, batches for a store that is down are given up.
  pub deadline: Option<Instant>,
  /// Runs of events accepted while the queue was full, oldest first, with when each came:
  /// always the last events accepted (one arriving while others wait waits too). They are not
  /// written until admitted, as room appears, and go to `onError` if still waiting after
  /// `maxQueueWaitMs`.
  pub waiting: VecDeque<WaitingRun>,
  /// The events in `waiting`.
  pub waiting_events: usize,
}

/// A run of events accepted while the queue was full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct WaitingRun {
  /// The sequence number of its last event: which run it is.
  pub last: u64,
  pub count: usize,
  pub since: Instant,
}

impl<E> Default for QueueState<E> {
  fn default() -> Self {
    Self {
      queue: ChunkedQueue::default(),
      decoding: 0,
      in_flight: 0,
      accepted: 0,
      attempted: 0,
      settled_ahead: Vec::new(),
      flush_due: false,
      draining: 0,
      closed: false,
      outage: false,
      last_outage: None,
      deadline: None,
      waiting: VecDeque::new(),
      waiting_events: 0,
    }
  }
}

impl<E> QueueState<E> {
  /// Accepted but not yet stored or given up on: `getEventQueueSize()`.
  pub fn pending(&self) -> usize {
    self.decoding + self.queue.len() + self.in_flight
  }

  /// Accepts a run of `count` events: it waits for room if the queue holds `max` already, or
  /// if others wait.
  pub fn accept(&mut self, count: usize, max: usize, now: Instant) -> u64 {
    let last = self.accepted + count as u64;
    if self.pending() >= max || !self.waiting.is_empty() {
      self.waiting.push_back(WaitingRun {
        last,
        count,
        since: now,
      });
      self.waiting_events += count;
    }
    self.decoding += count;
    self.accepted = last;
    last
  }

  /// The first write attempt of the next `count` events, in acceptance order, has finished.
  pub fn attempted_next(&mut self, count: usize) {
    self.attempted += count as u64;
    self.take_in_settled_ahead();
  }

  /// Events `first..=last` were given up on before the events ahead of them were attempted.
  pub fn settled_early(&mut self, first: u64, last: u64) {
    let at = self
      .settled_ahead
      .partition_point(|&(start, _)| start < first);
    self.settled_ahead.insert(at, (first, last));
    self.take_in_settled_ahead();
  }

  fn take_in_settled_ahead(&mut self) {
    while let Some(&(first, last)) = self.settled_ahead.first() {
      if first > self.attempted + 1 {
        break;
      }
      self.attempted = self.attempted.max(last);
      self.settled_ahead.remove(0);
    }
  }

  /// Event `sequence` had its first write attempt, or was given up on.
  pub fn was_attempted(&self, sequence: u64) -> bool {
    self.attempted >= sequence
      || self
        .settled_ahead
        .iter()
        .any(|&(first, last)| (first..=last).contains(&sequence))
  }

  /// A run that could not be decoded adds no events: if it waits, it stops waiting (else
  /// `waiting_events` would count events that never reach the queue).
  pub fn forget_waiting(&mut self, last: u64) {
    if let Some(index) = self.waiting.iter().position(|run| run.last == last) {
      let run = self.waiting.remove(index).expect("found just now");
      self.waiting_events -= run.count;
    }
  }

  /// Admits waiting runs, oldest first, while fewer than `max` admitted events are pending
  /// (all of them while draining or closing: everything is to be written then).
  pub fn admit(&mut self, max: usize) {
    let everything = self.draining > 0 || self.closed;
    while let Some(&WaitingRun { count, .. }) = self.waiting.front() {
      if !everything && self.pending() - self.waiting_events >= max {
        break;
      }
      self.waiting.pop_front();
      self.waiting_events -= count;
    }
  }

  /// When the oldest waiting run's wait ends.
  pub fn next_wait_end(&self, wait: Duration) -> Option<Instant> {
    self.waiting.front().map(|run| run.since + wait)
  }

  /// Takes out of the queue the waiting runs whose wait has ended (once none is still
  /// decoding: they are the last events accepted, so the queue's tail); they count as
  /// attempted.
  pub fn take_waited_too_long(&mut self, wait: Duration, now: Instant) -> Option<Taken<E>> {
    if self.decoding > 0 {
      return None;
    }
    let first_waiting = self.queue.len() - self.waiting_events;
    let mut expired = 0;
    while let Some(&WaitingRun { last, count, since }) = self.waiting.front() {
      if since + wait > now {
        break;
      }
      self.waiting.pop_front();
      self.waiting_events -= count;
      expired += count;
      self.settled_early(last + 1 - count as u64, last);
    }
    if expired == 0 {
      return None;
    }
    let mut waiting = self.queue.split_off(first_waiting);
    let taken = waiting.take(expired);
    self.queue.append(waiting);
    Some(taken)
  }

  /// The next batch to write, if one is due: a full one (up to `max_rows` when a backlog has
  /// built up), or a partial one when flushing and nothing more is being decoded (events
  /// still decoding are microseconds away and would otherwise split a batch in two).
  pub fn take_batch(&mut self, batch_size: usize, max_rows: usize) -> Option<Taken<E>> {
    let flushing = self.flush_due || self.draining > 0 || self.closed;
    // Waiting events are the last accepted: those not still decoding are the queue's tail.
    let admitted = self.queue.len() - self.waiting_events.saturating_sub(self.decoding);
    if admitted == 0 {
      if self.decoding == 0 {
        self.flush_due = false;
      }
      return None;
    }
    if admitted < batch_size && (!flushing || self.decoding > 0) {
      return None;
    }
    let size = admitted.min(max_rows);
    self.in_flight += size;
    Some(self.queue.take(size))
  }

  pub fn past_deadline(&self) -> bool {
    self
      .deadline
      .is_some_and(|deadline| Instant::now() >= deadline)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::emission::test_events;
  use crate::events::model::AuthEvent;

  fn state_with(count: usize) -> QueueState<AuthEvent> {
    let mut state = QueueState::default();
    state.queue.push(test_events(vec!["user.joined"; count]));
    state
  }

  /// The size of the batch `take_batch` hands out, if any.
  fn taken(state: &mut QueueState<AuthEvent>, batch_size: usize, max_rows: usize) -> Option<usize> {
    state
      .take_batch(batch_size, max_rows)
      .map(|taken| taken.into_batch().len())
  }

  #[test]
  fn full_batches_only_unless_flushing() {
    let mut state = state_with(25);
    assert_eq!(taken(&mut state, 10, 10), Some(10));
    assert_eq!(taken(&mut state, 10, 10), Some(10));
    assert!(state.take_batch(10, 10).is_none());
    state.flush_due = true;
    assert_eq!(taken(&mut state, 10, 10), Some(5));
    assert!(state.take_batch(10, 10).is_none());
    assert!(!state.flush_due);
    assert_eq!(state.in_flight, 25);
  }

  #[test]
  fn a_flush_waits_for_events_still_decoding_rather_than_split_a_batch() {
    let mut state = state_with(580);
    state.decoding = 720;
    state.draining = 1;
    assert!(state.take_batch(700, 700).is_none());
    state.decoding = 0;
    state.queue.push(test_events(vec!["user.joined"; 720]));
    assert_eq!(taken(&mut state, 700, 700), Some(700));
    assert_eq!(taken(&mut state, 700, 700), Some(600));
  }

  #[test]
  fn runs_accepted_while_full_wait_and_are_admitted_oldest_first_as_room_appears() {
    let start = Instant::now();
    let mut state: QueueState<AuthEvent> = QueueState::default();
    assert_eq!(state.accept(2, 3, start), 2);
    assert!(state.waiting.is_empty());
    state.accept(1, 3, start);
    // Full: the next runs wait, and so does one arriving behind them even with room.
    state.accept(2, 3, start);
    state.accept(1, 3, start + Duration::from_millis(5));
    assert_eq!(state.waiting_events, 3);
    assert_eq!(
      state.next_wait_end(Duration::from_secs(1)),
      Some(start + Duration::from_secs(1))
    );
    state.decoding = 0;
    state.queue.push(test_events(vec!["user.joined"; 6]));
    state.admit(3);
    assert_eq!(state.waiting_events, 3, "still full");
    state.queue.take(2);
    state.admit(3);
    assert_eq!(state.waiting.len(), 1, "room for the older run only");
    assert_eq!(state.waiting_events, 1);
    state.draining = 1;
    state.admit(3);
    assert!(state.waiting.is_empty(), "a drain admits everything");
  }

  #[test]
  fn runs_that_waited_too_long_are_taken_from_the_tail_once_decoded() {
    let start = Instant::now();
    let wait = Duration::from_secs(1);
    let mut state: QueueState<AuthEvent> = QueueState::default();
    state.accept(2, 2, start);
    state.accept(2, 2, start);
    state.accept(1, 2, start + Duration::from_millis(500));
    let later = start + wait;
    assert!(
      state.take_waited_too_long(wait, later).is_none(),
      "not while decoding"
    );
    state.decoding = 0;
    state.queue.push(test_events(["a", "b", "c", "d", "e"]));
    let taken = state
      .take_waited_too_long(wait, later)
      .unwrap()
      .into_batch();
    let types: Vec<_> = taken
      .iter()
      .map(|event| event.event_type.as_str())
      .collect();
    assert_eq!(types, ["c", "d"]);
    assert_eq!((state.queue.len(), state.waiting_events), (3, 1));
    assert!(state.take_waited_too_long(wait, later).is_none());
  }

  #[test]
  fn an_undecodable_waiting_run_stops_waiting() {
    let start = Instant::now();
    let mut state: QueueState<AuthEvent> = QueueState::default();
    state.accept(1, 1, start);
    let undecodable = state.accept(3, 1, start);
    state.accept(1, 1, start);
    state.forget_waiting(undecodable);
    assert_eq!(state.waiting.len(), 1);
    assert_eq!(state.waiting_events, 1);
    state.forget_waiting(undecodable);
    assert_eq!(state.waiting_events, 1, "once only");
  }

  #[test]
  fn runs_settled_early_count_as_attempted_once_the_events_before_them_are() {
    let mut state: QueueState<AuthEvent> = QueueState::default();
    state.settled_early(6, 7);
    state.settled_early(3, 4);
    assert!(state.was_attempted(3) && state.was_attempted(7));
    assert!(!state.was_attempted(1) && !state.was_attempted(5));
    assert_eq!(state.attempted, 0);
    state.attempted_next(2);
    assert_eq!(state.attempted, 4, "3 and 4 taken in");
    state.attempted_next(1);
    assert_eq!(state.attempted, 7);
    assert!(state.settled_ahead.is_empty());
    state.attempted_next(1);
    assert_eq!(state.attempted, 8);
  }

  #[test]
  fn a_backlog_goes_in_larger_writes_up_to_max_rows() {
    let mut state = state_with(95);
    assert_eq!(taken(&mut state, 10, 40), Some(40));
    assert_eq!(taken(&mut state, 10, 40), Some(40));
    assert_eq!(taken(&mut state, 10, 40), Some(15));
    assert_eq!(state.pending(), 95);
  }
}
