//! `ProviderIngestion`: the engine and a custom JS provider as one JS class. The events' data
//! stays in JS (`lib/ingestion/held-events.js`); Rust gets what an id and a display need, and
//! the engine queues, batches and retries these `HeldEvent`s (`events::held`).

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;

use super::{engine_methods, prefix, start_session, IngestionConfig};
use crate::engine::{Engine, Undecodable};
use crate::events::display::compiled_rules;
use crate::events::held::{decode_held, undecodable_run, HeldEvent};
use crate::node::js_dispatch::DispatchFunction;
use crate::node::js_provider::JsProviderStore;

/// Events into a custom JS provider.
#[napi]
pub struct ProviderIngestion {
  engine: Arc<Engine<HeldEvent>>,
}

engine_methods!(ProviderIngestion);

#[napi]
impl ProviderIngestion {
  /// `dispatch` runs the provider's methods and `onEventIngest` / `onError` in JS.
  #[napi(constructor)]
  pub fn new(
    config: IngestionConfig,
    dispatch: DispatchFunction,
    on_event_ingest: bool,
  ) -> Result<Self> {
    let engine = start_session(config, dispatch, on_event_ingest, |_, _, dispatch| {
      Ok(Arc::new(JsProviderStore::new(dispatch)))
    })?;
    Ok(Self { engine })
  }

  /// `count` emissions (`events::held`): the first `numberCount` of `numbers` and the text in
  /// the first `length` bytes of `utf8` (both copied), times in milliseconds after
  /// `timestampBase`. Returns the last one's sequence number, or -1 when shutting down.
  #[napi]
  pub fn enqueue(
    &self,
    numbers: &[i32],
    number_count: u32,
    utf8: &[u8],
    length: u32,
    count: u32,
    timestamp_base: f64,
  ) -> f64 {
    let numbers = prefix(numbers, number_count).to_vec();
    let text = String::from_utf8_lossy(prefix(utf8, length)).into_owned();
    let base = timestamp_base as i64;
    let count = count as usize;
    let accepted = self.engine.enqueue(count, move |first| {
      decode_held(&numbers, &text, base, first).map_err(|reason| Undecodable {
        reason,
        items: undecodable_run(first, count, base),
      })
    });
    accepted.map_or(-1.0, |sequence| sequence as f64)
  }
}

/// A known event type and the metadata keys its display may read (`events::held`).
#[napi(object, object_from_js = false)]
pub struct DisplayRule {
  pub event_type: String,
  pub keys: Vec<&'static str>,
}

/// Every known event type in the order `events::held` numbers them, with the metadata keys
/// its display may read: a custom provider's emissions send only these to Rust.
#[napi]
pub fn display_rules() -> Vec<DisplayRule> {
  compiled_rules()
    .iter()
    .map(|rule| DisplayRule {
      event_type: rule.event_type.to_owned(),
      keys: rule.keys.clone(),
    })
    .collect()
}
