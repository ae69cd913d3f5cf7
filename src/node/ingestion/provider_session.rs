//! `ProviderIngestion`: the engine and a custom JS provider as one JS class. The events' data
//! stays in JS (`lib/ingestion/held-events.js`), which also renders their display from the
//! templates `display_rules` exports; Rust gets each emission's time, and the engine queues, batches,
//! retries and gives ids to these `HeldEvent`s (`events::held`).

use std::sync::Arc;

use napi::{Error, Result, Status};
use napi_derive::napi;

use super::{engine_methods, start_session, IngestionConfig};
use crate::engine::Engine;
use crate::events::held::{held_events, HeldEvent};
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

  /// `count` emissions, whose times (epoch milliseconds) `times` holds as a ring: from `start`
  /// on, wrapping around at its end (its length is a power of two; copied). Returns the last
  /// one's sequence number, or -1 when shutting down.
  #[napi]
  pub fn enqueue(&self, times: &[f64], start: u32, count: u32) -> Result<f64> {
    let times = ring_times(times, start as usize, count as usize)
      .map_err(|reason| Error::new(Status::InvalidArg, reason))?;
    let accepted = self
      .engine
      .enqueue(times.len(), move |first| Ok(held_events(&times, first)));
    Ok(accepted.map_or(-1.0, |sequence| sequence as f64))
  }
}

/// The `count` times of `ring` from `start` on, wrapping around, in whole milliseconds.
fn ring_times(ring: &[f64], start: usize, count: usize) -> std::result::Result<Vec<i64>, String> {
  if !ring.len().is_power_of_two() || start >= ring.len() || count > ring.len() {
    return Err(format!(
      "{count} emission times from {start} of a ring of {}",
      ring.len()
    ));
  }
  let mask = ring.len() - 1;
  Ok(
    (start..start + count)
      .map(|index| ring[index & mask] as i64)
      .collect(),
  )
}

#[cfg(test)]
mod tests {
  use super::ring_times;

  #[test]
  fn ring_times_wrap_around_the_end() {
    let ring = [10.0, 11.0, 12.0, 13.0];
    assert_eq!(ring_times(&ring, 2, 3), Ok(vec![12, 13, 10]));
    assert_eq!(ring_times(&ring, 0, 4), Ok(vec![10, 11, 12, 13]));
    assert_eq!(ring_times(&ring, 3, 0), Ok(vec![]));
  }

  #[test]
  fn ring_times_refuse_what_the_ring_cannot_hold() {
    let refused = |ring: &[f64], start, count| ring_times(ring, start, count).unwrap_err();
    assert_eq!(
      refused(&[1.0; 4], 0, 5),
      "5 emission times from 0 of a ring of 4"
    );
    assert_eq!(
      refused(&[1.0; 4], 4, 1),
      "1 emission times from 4 of a ring of 4"
    );
    assert_eq!(
      refused(&[1.0; 3], 0, 1),
      "1 emission times from 0 of a ring of 3"
    );
  }
}
