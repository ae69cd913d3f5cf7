//! The rate-limit headers of a page of logs, as JS sees them.

use napi_derive::napi;

use crate::auth0::rate_limit::Limits;

/// The rate-limit headers of the answer (null when absent); `reset` in epoch seconds.
#[napi(object, use_nullable = true)]
pub struct RateLimits {
  pub limit: Option<i64>,
  pub remaining: Option<i64>,
  pub reset: Option<i64>,
}

impl From<Limits> for RateLimits {
  fn from(limits: Limits) -> Self {
    Self {
      limit: limits.limit,
      remaining: limits.remaining,
      reset: limits.reset,
    }
  }
}
