//! Event ids: UUIDv7, so ids sort by creation time (monotonic within one millisecond).

use std::sync::Mutex;

use uuid::timestamp::context::ContextV7;
use uuid::{Timestamp, Uuid};

static CONTEXT: Mutex<ContextV7> = Mutex::new(ContextV7::new());

pub fn new_event_id(millis: i64) -> Uuid {
  let millis = millis.max(0) as u64;
  let context = CONTEXT
    .lock()
    .unwrap_or_else(|poisoned| poisoned.into_inner());
  let timestamp =
    Timestamp::from_unix(&*context, millis / 1000, (millis % 1000) as u32 * 1_000_000);
  Uuid::new_v7(timestamp)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn time_ordered_and_monotonic() {
    let ids: Vec<Uuid> = (0..1000).map(|_| new_event_id(1_795_370_534_317)).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(ids[0].get_version_num(), 7);
    assert!(new_event_id(1_795_370_534_318) > ids[999]);
  }
}
