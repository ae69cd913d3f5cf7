//! Events for a custom JS provider: their data never leaves JS. The JS side keeps each
//! emission, builds its `AuthEvent` (display included, from the templates `displayRules()`
//! exports) and sends Rust only each emission's time; the engine queues, batches and retries
//! these `HeldEvent`s, and gives each its id.

use uuid::Uuid;

use super::event_id::new_event_id;

/// An event whose data JS holds: its place in emission order, and the id Rust made for it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldEvent {
  /// The engine's sequence number: how JS finds what it kept.
  pub sequence: u64,
  pub id: Uuid,
}

/// A run of emissions made at `times` (epoch milliseconds); the first has sequence `first`.
pub fn held_events(times: &[i64], first: u64) -> Vec<HeldEvent> {
  (first..)
    .zip(times)
    .map(|(sequence, &time)| HeldEvent {
      sequence,
      id: new_event_id(time),
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn numbers_the_run_and_dates_its_ids() {
    // Later than any other test's time: ids stay monotonic across the process, so an earlier
    // time than one already used would take that one's.
    let events = held_events(
      &[2_000_000_000_300, 2_000_000_000_317, 2_000_000_000_317],
      41,
    );
    assert_eq!(
      events
        .iter()
        .map(|event| event.sequence)
        .collect::<Vec<_>>(),
      [41, 42, 43]
    );
    let millis = |event: &HeldEvent| event.id.get_timestamp().unwrap().to_unix();
    assert_eq!(millis(&events[0]), (2_000_000_000, 300_000_000));
    assert_eq!(millis(&events[1]), (2_000_000_000, 317_000_000));
    assert!(events[0].id < events[1].id && events[1].id < events[2].id);
  }
}
