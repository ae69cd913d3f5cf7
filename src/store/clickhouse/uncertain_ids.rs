//! Ids of rows whose INSERT may or may not have been applied (the connection broke after the
//! request was sent, or the write was cancelled by a timeout). MergeTree has no unique key and
//! ClickHouse 18.x no insert deduplication for it, so a retry of such rows first asks the
//! server which of them it already holds and writes only the others.
//!
//! Each INSERT is marked as one attempt before it is sent (its ids copied into a list) and
//! unmarked once its outcome is known; a write future dropped mid-flight leaves its attempt
//! marked, which is exactly the uncertain case. Ids are time-ordered (UUIDv7), so the batches
//! in flight together span disjoint id ranges: a batch is looked up id by id only against
//! attempts whose range overlaps its own, which in practice means a retry of rows in doubt.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard};

use uuid::Uuid;

use crate::events::model::AuthEvent;

/// One marked INSERT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt(u64);

#[derive(Default)]
pub struct UncertainIds(Mutex<Attempts>);

#[derive(Default)]
struct Attempts {
  next: u64,
  marked: Vec<Marked>,
}

struct Marked {
  attempt: Attempt,
  /// None when the INSERT had no rows.
  range: Option<IdRange>,
  ids: Vec<Uuid>,
}

/// The smallest and the largest of some ids.
#[derive(Clone, Copy)]
struct IdRange {
  first: Uuid,
  last: Uuid,
}

impl IdRange {
  fn of<'a>(events: impl Iterator<Item = &'a AuthEvent>) -> Option<Self> {
    events.fold(None, |range: Option<Self>, event| {
      let id = event.id;
      Some(range.map_or(
        Self {
          first: id,
          last: id,
        },
        |range| Self {
          first: range.first.min(id),
          last: range.last.max(id),
        },
      ))
    })
  }

  fn overlaps(&self, other: &Self) -> bool {
    self.first <= other.last && other.first <= self.last
  }
}

impl Attempts {
  /// The marked attempts whose ids may include some in `range`.
  fn overlapping(&mut self, range: IdRange) -> impl Iterator<Item = &mut Marked> {
    self
      .marked
      .iter_mut()
      .filter(move |marked| marked.range.is_some_and(|own| own.overlaps(&range)))
  }
}

impl UncertainIds {
  fn lock(&self) -> MutexGuard<'_, Attempts> {
    self
      .0
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Whether any of `events` may already be stored.
  pub fn any<'a>(&self, mut events: impl Iterator<Item = &'a AuthEvent> + Clone) -> bool {
    let mut attempts = self.lock();
    if attempts.marked.is_empty() {
      return false;
    }
    let Some(range) = IdRange::of(events.clone()) else {
      return false;
    };
    let uncertain: HashSet<Uuid> = attempts
      .overlapping(range)
      .flat_map(|marked| marked.ids.iter().copied())
      .collect();
    !uncertain.is_empty() && events.any(|event| uncertain.contains(&event.id))
  }

  /// Marks the rows of an INSERT about to be sent.
  pub fn mark<'a>(&self, events: impl Iterator<Item = &'a AuthEvent> + Clone) -> Attempt {
    let range = IdRange::of(events.clone());
    let ids = events.map(|event| event.id).collect();
    let mut attempts = self.lock();
    let attempt = Attempt(attempts.next);
    attempts.next += 1;
    attempts.marked.push(Marked {
      attempt,
      range,
      ids,
    });
    attempt
  }

  /// The attempt failed before the server could apply it.
  pub fn forget(&self, attempt: Attempt) {
    self
      .lock()
      .marked
      .retain(|marked| marked.attempt != attempt);
  }

  /// `attempt` succeeded and `events` are all known to be stored: none of them is uncertain
  /// any more, whichever earlier attempt marked them.
  pub fn stored<'a>(&self, attempt: Attempt, events: impl Iterator<Item = &'a AuthEvent> + Clone) {
    let mut attempts = self.lock();
    attempts.marked.retain(|marked| marked.attempt != attempt);
    let Some(range) = IdRange::of(events.clone()) else {
      return;
    };
    let mut stored: Option<HashSet<Uuid>> = None;
    for marked in attempts.overlapping(range) {
      let stored = stored.get_or_insert_with(|| events.clone().map(|event| event.id).collect());
      marked.ids.retain(|id| !stored.contains(id));
    }
    attempts.marked.retain(|marked| !marked.ids.is_empty());
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::emission::test_events;

  fn events(count: usize) -> Vec<AuthEvent> {
    test_events(vec!["user.joined"; count])
  }

  #[test]
  fn a_settled_attempt_leaves_nothing_uncertain() {
    let uncertain = UncertainIds::default();
    let batch = events(3);
    let attempt = uncertain.mark(batch.iter());
    assert!(uncertain.any(batch.iter()));
    uncertain.stored(attempt, batch.iter());
    assert!(!uncertain.any(batch.iter()));

    let attempt = uncertain.mark(batch.iter());
    uncertain.forget(attempt);
    assert!(!uncertain.any(batch.iter()));
  }

  #[test]
  fn an_abandoned_attempt_stays_uncertain_until_its_rows_are_stored() {
    let uncertain = UncertainIds::default();
    let batch = events(4);
    let other = events(2);
    // A write future dropped mid-flight: marked, never settled.
    uncertain.mark(batch.iter());
    assert!(uncertain.any(batch[3..].iter()));
    assert!(!uncertain.any(other.iter()));
    // Other INSERTs come and go without touching it.
    let attempt = uncertain.mark(other.iter());
    uncertain.stored(attempt, other.iter());
    assert!(uncertain.any(batch[..1].iter()));
    // The retry writes part of the rows (the others were found stored) and succeeds.
    let retry = uncertain.mark(batch[2..].iter());
    uncertain.stored(retry, batch.iter());
    assert!(!uncertain.any(batch.iter()));
  }
}
