//! The layouts of what crosses between Rust and JS on the hot paths, as lists of names: each
//! is declared once, beside the Rust code that reads or writes it, and `lib/` checks its own
//! readers and writers against them when it loads (`lib/ingestion/wire-layouts.js`), so the
//! two sides cannot drift apart unnoticed.

use napi_derive::napi;

use super::event_values::EVENT_VALUES;
use super::held_payload::HELD_PAYLOAD;
use crate::events::emission::EMISSION_RECORD;

#[napi(object, object_from_js = false)]
pub struct WireLayouts {
  /// `emitEvent`'s record for a native store (`events::emission`).
  pub emission_record: Vec<&'static str>,
  /// One event's values when events reach JS from a native store (`event_values`).
  pub event_values: Vec<&'static str>,
  /// A custom provider's batch as JS receives it (`held_payload`).
  pub held_payload: Vec<&'static str>,
}

#[napi]
pub fn wire_layouts() -> WireLayouts {
  WireLayouts {
    emission_record: EMISSION_RECORD.to_vec(),
    event_values: EVENT_VALUES.to_vec(),
    held_payload: HELD_PAYLOAD.to_vec(),
  }
}
