//! The one retry policy: exponential backoff with jitter, used by every store and the Auth0 client.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
  pub first: Duration,
  pub cap: Duration,
}

impl Default for Backoff {
  fn default() -> Self {
    Self {
      first: Duration::from_millis(200),
      cap: Duration::from_secs(30),
    }
  }
}

impl Backoff {
  /// Delay before retry number `attempt` (0-based): `first · 2^attempt`, capped, with
  /// "equal jitter" (between half and all of it) so that clients do not retry in lockstep.
  pub fn delay(&self, attempt: u32) -> Duration {
    let full = self
      .first
      .saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX))
      .min(self.cap);
    let half = full / 2;
    half + half.mul_f64(fastrand::f64())
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn grows_then_caps_with_jitter() {
    let backoff = Backoff::default();
    for _ in 0..100 {
      let first = backoff.delay(0);
      assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(200));
      let third = backoff.delay(2);
      assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(800));
      let late = backoff.delay(40);
      assert!(late >= Duration::from_secs(15) && late <= Duration::from_secs(30));
    }
  }
}
