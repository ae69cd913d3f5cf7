//! Decoded events waiting to be written, kept in the chunks they were decoded in: adding and
//! taking (under the engine's lock, which the JS thread also takes) move chunks, not events,
//! so a 20,000-event batch leaves the queue in microseconds.

use std::collections::VecDeque;

pub(super) struct ChunkedQueue<E> {
  chunks: VecDeque<Vec<E>>,
  len: usize,
}

impl<E> Default for ChunkedQueue<E> {
  fn default() -> Self {
    Self {
      chunks: VecDeque::new(),
      len: 0,
    }
  }
}

/// Events taken from the front of the queue, still in their chunks.
pub(super) struct Taken<E>(Vec<Vec<E>>);

impl<E> ChunkedQueue<E> {
  pub fn len(&self) -> usize {
    self.len
  }

  pub fn push(&mut self, chunk: Vec<E>) {
    if !chunk.is_empty() {
      self.len += chunk.len();
      self.chunks.push_back(chunk);
    }
  }

  /// The first `count` events (fewer if the queue is shorter); only the last chunk taken may
  /// be split.
  pub fn take(&mut self, count: usize) -> Taken<E> {
    let mut taken = Vec::new();
    let mut wanted = count.min(self.len);
    self.len -= wanted;
    while wanted > 0 {
      let mut chunk = self
        .chunks
        .pop_front()
        .expect("len counts the chunks' events");
      if chunk.len() > wanted {
        self.chunks.push_front(chunk.split_off(wanted));
      }
      wanted -= chunk.len();
      taken.push(chunk);
    }
    Taken(taken)
  }

  /// The events from `at` on, leaving the first `at` (`at` ≤ `len`).
  pub fn split_off(&mut self, at: usize) -> Self {
    let mut front = Self::default();
    let taken = self.take(at);
    for chunk in taken.0 {
      front.push(chunk);
    }
    std::mem::swap(self, &mut front);
    front
  }

  /// Appends `other`'s events after these.
  pub fn append(&mut self, other: Self) {
    self.len += other.len;
    self.chunks.extend(other.chunks);
  }
}

impl<E> Taken<E> {
  /// One batch, in order; copies events only when they came in more than one chunk. Call it
  /// outside the lock.
  pub fn into_batch(self) -> Vec<E> {
    let mut chunks = self.0;
    if chunks.len() == 1 {
      return chunks.pop().expect("one chunk");
    }
    let mut batch = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for chunk in chunks {
      batch.extend(chunk);
    }
    batch
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::emission::test_events;
  use crate::events::model::AuthEvent;

  fn chunk(types: &[&str]) -> Vec<AuthEvent> {
    test_events(types.iter().copied())
  }

  fn types(batch: &[AuthEvent]) -> Vec<&str> {
    batch
      .iter()
      .map(|event| event.event_type.as_str())
      .collect()
  }

  #[test]
  fn takes_across_chunks_in_order_and_splits_only_the_last() {
    let mut queue = ChunkedQueue::default();
    queue.push(chunk(&["a", "b"]));
    queue.push(Vec::new());
    queue.push(chunk(&["c", "d", "e"]));
    assert_eq!(queue.len(), 5);
    assert_eq!(types(&queue.take(3).into_batch()), ["a", "b", "c"]);
    assert_eq!(queue.len(), 2);
    assert_eq!(types(&queue.take(10).into_batch()), ["d", "e"]);
    assert_eq!(queue.len(), 0);
    assert!(queue.take(1).into_batch().is_empty());
  }

  #[test]
  fn splits_off_a_tail_and_appends_it_back() {
    let mut queue = ChunkedQueue::default();
    queue.push(chunk(&["a", "b", "c"]));
    queue.push(chunk(&["d", "e"]));
    let mut tail = queue.split_off(2);
    assert_eq!((queue.len(), tail.len()), (2, 3));
    assert_eq!(types(&tail.take(2).into_batch()), ["c", "d"]);
    queue.append(tail);
    assert_eq!(types(&queue.take(10).into_batch()), ["a", "b", "e"]);
  }
}
