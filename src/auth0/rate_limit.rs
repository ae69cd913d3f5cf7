//! The Management API's rate-limit headers and how long they say to wait.

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::Serialize;

/// Upstream's words for a spent rate limit: the message of a 429 error and the warning of a
/// run or stream it ended.
pub const RATE_LIMIT_WARNING: &str = "Auth0 Management API rate limit reached.";

/// `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` (epoch seconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Limits {
  pub limit: Option<i64>,
  pub remaining: Option<i64>,
  pub reset: Option<i64>,
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<i64> {
  headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

impl Limits {
  pub fn from_headers(headers: &HeaderMap) -> Self {
    Self {
      limit: header_number(headers, "x-ratelimit-limit"),
      remaining: header_number(headers, "x-ratelimit-remaining"),
      reset: header_number(headers, "x-ratelimit-reset"),
    }
  }

  pub fn is_spent(&self) -> bool {
    self.remaining.is_some_and(|remaining| remaining < 1)
  }

  /// Time until the budget is renewed, if the reset header says.
  pub fn until_reset(&self, now_ms: i64) -> Option<Duration> {
    let reset_ms = self.reset?.checked_mul(1000)?;
    Some(Duration::from_millis(
      reset_ms.saturating_sub(now_ms).max(0) as u64,
    ))
  }
}

/// How long a 429 asks to wait: `Retry-After` (seconds) first, else the reset header.
pub fn retry_after(headers: &HeaderMap, now_ms: i64) -> Option<Duration> {
  header_number(headers, "retry-after")
    .map(|seconds| Duration::from_secs(seconds.max(0) as u64))
    .or_else(|| Limits::from_headers(headers).until_reset(now_ms))
}

#[cfg(test)]
mod tests {
  use super::*;
  use reqwest::header::HeaderValue;

  fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
      map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    map
  }

  #[test]
  fn reads_the_three_headers() {
    let limits = Limits::from_headers(&headers(&[
      ("x-ratelimit-limit", "50"),
      ("x-ratelimit-remaining", "0"),
      ("x-ratelimit-reset", "1700000010"),
    ]));
    assert_eq!(limits.limit, Some(50));
    assert!(limits.is_spent());
    assert_eq!(
      limits.until_reset(1_700_000_008_500),
      Some(Duration::from_millis(1500))
    );
    assert_eq!(limits.until_reset(1_700_000_011_000), Some(Duration::ZERO));
  }

  #[test]
  fn retry_after_wins_over_reset() {
    let map = headers(&[("retry-after", "2"), ("x-ratelimit-reset", "1700000010")]);
    assert_eq!(
      retry_after(&map, 1_700_000_000_000),
      Some(Duration::from_secs(2))
    );
    assert_eq!(retry_after(&HeaderMap::new(), 0), None);
  }
}
