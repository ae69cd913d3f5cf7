//! A run's time budget (`start + maxRunTimeSeconds`), in wall-clock milliseconds like upstream.

use std::time::Duration;

use crate::events::timestamp::now_millis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunBudget {
  deadline_ms: Option<i64>,
}

impl RunBudget {
  pub fn unbounded() -> Self {
    Self { deadline_ms: None }
  }

  pub fn until(deadline_ms: i64) -> Self {
    Self {
      deadline_ms: Some(deadline_ms),
    }
  }

  /// `None` when there is no budget.
  pub fn time_left(&self) -> Option<Duration> {
    self
      .deadline_ms
      .map(|deadline| Duration::from_millis((deadline - now_millis()).max(0) as u64))
  }

  pub fn is_spent(&self) -> bool {
    self.time_left().is_some_and(|left| left.is_zero())
  }

  /// Whether sleeping `wait` still ends before the deadline (always, without a budget).
  pub fn allows(&self, wait: Duration) -> bool {
    self.time_left().is_none_or(|left| wait < left)
  }

  /// Waiting for a rate limit to reset needs a budget that says there is time for it.
  pub fn allows_rate_limit_wait(&self, wait: Duration) -> bool {
    self.deadline_ms.is_some() && self.allows(wait)
  }

  /// `timeout`, shortened so that it ends at the deadline.
  pub fn cap(&self, timeout: Duration) -> Duration {
    self.time_left().map_or(timeout, |left| timeout.min(left))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn unbounded_allows_retries_but_not_rate_limit_waits() {
    let budget = RunBudget::unbounded();
    assert!(budget.allows(Duration::from_secs(3600)));
    assert!(!budget.allows_rate_limit_wait(Duration::from_millis(1)));
    assert_eq!(budget.cap(Duration::from_secs(5)), Duration::from_secs(5));
  }

  #[test]
  fn a_deadline_caps_waits_and_timeouts() {
    let budget = RunBudget::until(now_millis() + 60_000);
    assert!(budget.allows_rate_limit_wait(Duration::from_secs(30)));
    assert!(!budget.allows(Duration::from_secs(61)));
    assert!(budget.cap(Duration::from_secs(600)) <= Duration::from_secs(60));
    assert!(RunBudget::until(now_millis() - 1).is_spent());
  }
}
