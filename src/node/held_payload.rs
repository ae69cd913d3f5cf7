//! Held events as JS receives them (see `events::held`): what Rust made for them, with the
//! sequence numbers JS finds its kept emissions by, as one JSON array
//! `[runs, ids, severities, messages, lengths]`:
//! - `runs`: `first, count` pairs of consecutive sequence numbers, in batch order;
//! - `ids`: every id, hyphenated, 36 characters each, in one string;
//! - `severities`: one letter per event (`s`uccess, `f`ailed, `w`arning, `i`nfo);
//! - `messages`: every display message in one string, `lengths` their UTF-16 lengths.
//!
//! `lib/ingestion/held-events.js` reads it: one string per field slices faster than a string
//! per event parses.

use serde::Serialize;

use super::js_provider::ForJs;
use crate::events::held::HeldEvent;
use crate::events::model::Severity;

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
pub const HELD_PAYLOAD: [&str; 5] = ["runs", "ids", "severities", "messages", "lengths"];

#[derive(Serialize)]
struct Payload(Vec<u64>, String, String, String, Vec<usize>);

/// A severity as one letter in `severities`.
pub fn severity_letter(severity: Severity) -> &'static str {
  &severity.as_str()[..1]
}

impl ForJs for HeldEvent {
  fn batch_json(events: &[Self]) -> String {
    let mut ids = String::with_capacity(events.len() * 36);
    let mut severities = String::with_capacity(events.len());
    let mut messages = String::with_capacity(events.len() * 32);
    let mut lengths = Vec::with_capacity(events.len());
    for event in events {
      ids.push_str(
        event
          .id
          .hyphenated()
          .encode_lower(&mut uuid::Uuid::encode_buffer()),
      );
      severities.push_str(severity_letter(event.display.severity));
      messages.push_str(&event.display.message);
      lengths.push(event.display.message.encode_utf16().count());
    }
    let payload = Payload(runs(events), ids, severities, messages, lengths);
    serde_json::to_string(&payload).expect("a held payload serializes")
  }

  fn released_json(events: &[Self]) -> Option<String> {
    Some(serde_json::to_string(&runs(events)).expect("runs serialize"))
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::model::Display;
  use serde_json::{json, Value};
  use uuid::Uuid;

  fn held(sequence: u64, message: &str, severity: Severity) -> HeldEvent {
    HeldEvent {
      sequence,
      id: Uuid::from_u128(sequence as u128),
      display: Display {
        message: message.to_owned(),
        severity,
      },
    }
  }

  #[test]
  fn runs_ids_severities_and_utf16_lengths() {
    let events = [
      held(4, "Ada joined!", Severity::Success),
      held(5, "Zoë 😀 failed", Severity::Failed),
      held(9, "x \"quoted\"", Severity::Info),
    ];
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
    assert_eq!(field("severities"), &json!("sfi"));
    assert_eq!(
      field("messages"),
      &json!("Ada joined!Zoë 😀 failedx \"quoted\"")
    );
    assert_eq!(field("lengths"), &json!([11, 13, 10]));
    assert_eq!(
      HeldEvent::released_json(&events).as_deref(),
      Some("[4,2,9,1]")
    );
  }
}
