//! The pager and the processor on their own, against a fake Management API on 127.0.0.1
//! (real HTTP through the real client; real time, with millisecond backoffs).

mod fake_management_api;
mod recording_logger;

mod pager;
mod processor;

use std::time::Duration;

use crate::retry::Backoff;

/// Retries a few milliseconds apart, so that the tests run quickly.
const QUICK_BACKOFF: Backoff = Backoff {
  first: Duration::from_millis(5),
  cap: Duration::from_millis(20),
};
