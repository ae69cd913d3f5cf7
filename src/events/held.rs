//! Events for a custom JS provider: their data never leaves JS. The JS side keeps each
//! emission and sends only what Rust needs to give it an id and a display; the engine queues,
//! batches and retries these `HeldEvent`s, and JS builds the `AuthEvent`s from what it kept.
//!
//! A run of emissions arrives as numbers plus one text holding their strings back to back,
//! which JS builds far faster than JSON (V8's `JSON.stringify` costs ~40 ns per string). Per
//! emission, the numbers are:
//! - the type: its index in `RULES`, or -1 followed by the UTF-16 length of the type's name
//!   in the text;
//! - the status: 0 success, 1 failed;
//! - the time, in milliseconds after a base passed alongside;
//! - for each key of `display_keys(type)`: -1 when the metadata has no text there, else the
//!   UTF-16 length of that text (a non-empty string, or a finite number as JS prints it).

use std::borrow::Cow;

use uuid::Uuid;

use super::display::{compiled_rules, display_for};
use super::display_template::Key;
use super::event_id::new_event_id;
use super::metadata::MetadataFields;
use super::model::{Display, EventStatus, Severity};

/// An event whose data JS holds: its place in emission order, and what Rust made for it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldEvent {
  /// The engine's sequence number: how JS finds what it kept.
  pub sequence: u64,
  pub id: Uuid,
  pub display: Display,
}

/// Decodes a run of emissions (see above); the first has sequence `first`.
pub fn decode_held(
  numbers: &[i32],
  text: &str,
  timestamp_base: i64,
  first: u64,
) -> Result<Vec<HeldEvent>, String> {
  let mut numbers = numbers.iter().copied();
  let mut next = || numbers.next().ok_or("the numbers end mid-emission");
  let mut text = Utf16Cursor(text);
  let mut events = Vec::new();
  while let Ok(type_index) = next() {
    // A known type's rule, or the name of a type without one.
    let (rule, unknown_type) = match usize::try_from(type_index) {
      Ok(index) => (
        Some(
          compiled_rules()
            .get(index)
            .ok_or_else(|| format!("no event type has index {index}"))?,
        ),
        "",
      ),
      Err(_) => (None, text.take(next()?)?),
    };
    let status = match next()? {
      0 => EventStatus::Success,
      1 => EventStatus::Failed,
      other => return Err(format!("invalid status code {other}")),
    };
    let timestamp = timestamp_base + i64::from(next()?);
    let display = match rule {
      Some(rule) => {
        let mut values = Vec::with_capacity(rule.keys.len());
        for _ in &rule.keys {
          let length = next()?;
          values.push((length >= 0).then(|| text.take(length)).transpose()?);
        }
        rule.display(
          status,
          &HeldValues {
            keys: &rule.keys,
            values,
          },
        )
      }
      None => display_for(
        unknown_type,
        status,
        &HeldValues {
          keys: &[],
          values: Vec::new(),
        },
      ),
    };
    events.push(HeldEvent {
      sequence: first + events.len() as u64,
      id: new_event_id(timestamp),
      display,
    });
  }
  Ok(events)
}

/// The events of a run that could not be decoded, so they can go to `onError` and be let go
/// of: their sequence numbers, fresh ids, and a display saying what happened.
pub fn undecodable_run(first: u64, count: usize, timestamp: i64) -> Vec<HeldEvent> {
  (first..first + count as u64)
    .map(|sequence| HeldEvent {
      sequence,
      id: new_event_id(timestamp),
      display: Display {
        message: "event could not be decoded".to_owned(),
        severity: Severity::Failed,
      },
    })
    .collect()
}

/// The display values of one emission, in the order of its rule's keys.
struct HeldValues<'a> {
  keys: &'static [&'static str],
  values: Vec<Option<&'a str>>,
}

impl MetadataFields for HeldValues<'_> {
  fn text(&self, key: &str) -> Option<Cow<'_, str>> {
    let index = self.keys.iter().position(|known| *known == key)?;
    self.values[index].map(Cow::Borrowed)
  }

  fn key_text(&self, key: Key) -> Option<Cow<'_, str>> {
    self
      .values
      .get(key.index)
      .copied()
      .flatten()
      .map(Cow::Borrowed)
  }
}

/// Reads a UTF-8 text in pieces measured in UTF-16 code units, as JS measures strings.
struct Utf16Cursor<'a>(&'a str);

impl<'a> Utf16Cursor<'a> {
  fn take(&mut self, units: i32) -> Result<&'a str, String> {
    let units = usize::try_from(units).map_err(|_| format!("invalid length {units}"))?;
    let mut counted = 0;
    let mut end = 0;
    for character in self.0.chars() {
      if counted >= units {
        break;
      }
      counted += character.len_utf16();
      end += character.len_utf8();
    }
    if counted != units {
      return Err(format!("the text ends inside a piece of {units} units"));
    }
    let (piece, rest) = self.0.split_at(end);
    self.0 = rest;
    Ok(piece)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::events::model::Severity;

  fn index_of(event_type: &str) -> i32 {
    crate::events::display_rules::RULES
      .iter()
      .position(|rule| rule.event_type == event_type)
      .unwrap() as i32
  }

  #[test]
  fn decodes_runs_in_order_with_ids_and_displays() {
    #[rustfmt::skip]
    let numbers = [
      index_of("user.logged_in"), 0, 0, 12, -1,
      index_of("invitation.created"), 1, 17, 3, 4, -1,
      -1, 12, 0, 20,
    ];
    let text = "Ada Lovelacea@xAcmecustom.thing";
    // Later than any other test's time: ids stay monotonic across the process, so an earlier
    // time than one already used would take that one's.
    let events = decode_held(&numbers, text, 2_000_000_000_300, 41).unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
      events
        .iter()
        .map(|event| event.sequence)
        .collect::<Vec<_>>(),
      [41, 42, 43]
    );
    assert_eq!(events[0].display.message, "Ada Lovelace logged in");
    assert_eq!(events[0].display.severity, Severity::Success);
    assert_eq!(
      events[1].display.message,
      r#"Failed to create invitation for "a@x" to join "Acme""#
    );
    assert_eq!(events[1].display.severity, Severity::Failed);
    assert_eq!(events[2].display.message, "custom.thing");
    assert_eq!(events[2].display.severity, Severity::Info);
    let millis = |event: &HeldEvent| event.id.get_timestamp().unwrap().to_unix();
    assert_eq!(millis(&events[0]), (2_000_000_000, 300_000_000));
    assert_eq!(millis(&events[1]), (2_000_000_000, 317_000_000));
    assert!(events[0].id < events[1].id && events[1].id < events[2].id);
  }

  #[test]
  fn lengths_count_utf16_units_as_js_does() {
    let joined = index_of("user.joined");
    // "Zoë 😀": 5 characters, 6 UTF-16 units, 9 UTF-8 bytes.
    let events = decode_held(&[joined, 0, 0, 6, 3], "Zoë 😀a@x", 0, 1).unwrap();
    assert_eq!(events[0].display.message, "Zoë 😀 joined!");
    let events = decode_held(&[joined, 0, 0, -1, 3], "a@x", 0, 1).unwrap();
    assert_eq!(events[0].display.message, "a@x joined!");
  }

  #[test]
  fn rejects_what_js_never_sends() {
    let joined = index_of("user.joined");
    assert!(decode_held(&[joined, 2, 0, -1, -1], "", 0, 1).is_err());
    assert!(decode_held(&[joined, 0, 0, 4, -1], "Ada", 0, 1).is_err());
    assert!(decode_held(&[joined, 0, 0, -1], "", 0, 1).is_err());
    assert!(decode_held(&[9_999, 0, 0], "", 0, 1).is_err());
    assert!(decode_held(&[-1, 5, 0, 0], "abc", 0, 1).is_err());
  }
}
