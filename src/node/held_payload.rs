//! Held events as JS receives them (see `events::held`): the sequence numbers JS finds its
//! kept emissions by, and the ids Rust made for them, as one text:
//! - `runs`, on the first line: a JSON array of `first, count` pairs of consecutive sequence
//!   numbers, in batch order;
//! - `ids`, the rest: every id, hyphenated, 36 characters each.
//!
//! `lib/ingestion/held-events.js` reads it: the ids are sliced out of the text itself, which
//! costs less than parsing them as JSON (~10 µs a batch of 1,000 less on the JS thread).

use super::js_provider::ForJs;
use crate::events::held::HeldEvent;

/// `first, count` pairs covering `events`' sequence numbers, in order.
fn runs(events: &[HeldEvent]) -> Vec<u64> {
  let mut runs: Vec<u64> = Vec::new();
  for event in events {
    match runs.as_mut_slice() {
      [.., first, count] if *first + *count == event.sequence => *count += 1,
      _ => runs.extend([event.sequence, 1]),
    }
  }
  runs
}

/// The payload's parts, in order (`batch_text` writes them so; `held-events.js` checks its
/// reader against this list when it loads).
pub const HELD_PAYLOAD: [&str; 2] = ["runs", "ids"];

const ID_LENGTH: usize = uuid::fmt::Hyphenated::LENGTH;

impl ForJs for HeldEvent {
  fn batch_text(events: &[Self]) -> String {
    let runs = serde_json::to_string(&runs(events)).expect("runs serialize");
    let mut text = String::with_capacity(runs.len() + 1 + events.len() * ID_LENGTH);
    text.push_str(&runs);
    text.push('\n');
    for event in events {
      text.push_str(
        event
          .id
          .hyphenated()
          .encode_lower(&mut uuid::Uuid::encode_buffer()),
      );
    }
    text
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use uuid::Uuid;

  fn held(sequence: u64) -> HeldEvent {
    HeldEvent {
      sequence,
      id: Uuid::from_u128(sequence as u128),
    }
  }

  #[test]
  fn runs_then_ids() {
    assert_eq!(HELD_PAYLOAD, ["runs", "ids"], "the order written below");
    let events = [held(4), held(5), held(9)];
    let text = HeldEvent::batch_text(&events);
    let (runs, ids) = text.split_once('\n').unwrap();
    assert_eq!(runs, "[4,2,9,1]");
    assert_eq!(ids.len(), 3 * ID_LENGTH);
    assert_eq!(&ids[36..72], Uuid::from_u128(5).to_string());
  }
}
