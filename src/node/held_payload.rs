//! Held events as JS receives them (see `events::held`): the sequence numbers JS finds its
//! kept emissions by, and the ids Rust made for them, as one JSON array `[runs, ids]`:
//! - `runs`: `first, count` pairs of consecutive sequence numbers, in batch order;
//! - `ids`: every id, hyphenated, 36 characters each, in one string.
//!
//! `lib/ingestion/held-events.js` reads it: one string of ids slices faster than a string per
//! event parses.

use serde::Serialize;

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

/// The payload's fields, in order (`Payload` holds them so; `held-events.js` checks its reader
/// against this list when it loads).
pub const HELD_PAYLOAD: [&str; 2] = ["runs", "ids"];

#[derive(Serialize)]
struct Payload(Vec<u64>, String);

impl ForJs for HeldEvent {
  fn batch_json(events: &[Self]) -> String {
    let mut ids = String::with_capacity(events.len() * 36);
    for event in events {
      ids.push_str(
        event
          .id
          .hyphenated()
          .encode_lower(&mut uuid::Uuid::encode_buffer()),
      );
    }
    serde_json::to_string(&Payload(runs(events), ids)).expect("a held payload serializes")
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::{json, Value};
  use uuid::Uuid;

  fn held(sequence: u64) -> HeldEvent {
    HeldEvent {
      sequence,
      id: Uuid::from_u128(sequence as u128),
    }
  }

  #[test]
  fn runs_and_ids() {
    let events = [held(4), held(5), held(9)];
    let payload: Value = serde_json::from_str(&HeldEvent::batch_json(&events)).unwrap();
    let field = |name: &str| {
      &payload[HELD_PAYLOAD
        .iter()
        .position(|field| *field == name)
        .unwrap()]
    };
    assert_eq!(field("runs"), &json!([4, 2, 9, 1]));
    let ids = field("ids").as_str().unwrap();
    assert_eq!(ids.len(), 3 * 36);
    assert_eq!(&ids[36..72], Uuid::from_u128(5).to_string());
  }
}
