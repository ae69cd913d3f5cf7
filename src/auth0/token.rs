//! Access tokens and where they are cached: in memory, or in a cache the user provides.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::error::Auth0Error;

/// A token is reused only while it has more than this left (upstream: 10 s).
pub const MIN_TOKEN_LIFETIME_MS: i64 = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
  pub token: String,
  /// Milliseconds since the Unix epoch.
  pub expires_at: i64,
}

impl AccessToken {
  pub fn is_fresh(&self, now_ms: i64) -> bool {
    !self.token.is_empty() && self.expires_at - now_ms > MIN_TOKEN_LIFETIME_MS
  }
}

/// `tokenCache` of SPEC 2.1: `getToken()` / `setToken(token | null)`.
#[async_trait]
pub trait TokenCache: Send + Sync {
  async fn get(&self) -> Result<Option<AccessToken>, Auth0Error>;
  async fn set(&self, token: Option<&AccessToken>) -> Result<(), Auth0Error>;
}

#[derive(Default)]
pub struct MemoryTokenCache {
  token: Mutex<Option<AccessToken>>,
}

#[async_trait]
impl TokenCache for MemoryTokenCache {
  async fn get(&self) -> Result<Option<AccessToken>, Auth0Error> {
    Ok(self.token.lock().await.clone())
  }

  async fn set(&self, token: Option<&AccessToken>) -> Result<(), Auth0Error> {
    *self.token.lock().await = token.cloned();
    Ok(())
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn fresh_only_with_more_than_ten_seconds_left() {
    let token = AccessToken {
      token: "t".into(),
      expires_at: 100_000,
    };
    assert!(token.is_fresh(89_999));
    assert!(!token.is_fresh(90_000));
  }

  #[test]
  fn json_uses_the_js_field_names() {
    let token: AccessToken = serde_json::from_str(r#"{"token":"t","expiresAt":5}"#).unwrap();
    assert_eq!(token.expires_at, 5);
    assert_eq!(
      serde_json::to_string(&token).unwrap(),
      r#"{"token":"t","expiresAt":5}"#
    );
  }
}
