//! `NativeLogsClient`: the core of `LogsApiClient` (SPEC 2.1).

use std::sync::Arc;

use napi::bindgen_prelude::within_runtime_if_available;
use napi::Result;
use napi_derive::napi;

use super::callbacks::{JsTokenCache, NativeToken, TokenCacheCallbacks};
use super::errors::to_js_error;
use super::options::NativeClientOptions;
use super::page::RateLimits;
use crate::auth0::client::ManagementClient;
use crate::auth0::log_entry::logs_to_json;
use crate::auth0::token::TokenCache;

/// A client over the user's `tokenCache` when there is one, else over an in-memory cache.
pub fn management_client(
  options: &NativeClientOptions,
  token_cache: Option<TokenCacheCallbacks>,
) -> Result<ManagementClient> {
  let cache = token_cache.map(|callbacks| Arc::new(JsTokenCache(callbacks)) as Arc<dyn TokenCache>);
  within_runtime_if_available(|| ManagementClient::new(options.settings(), cache))
    .map_err(to_js_error)
}

/// One page of `GET /api/v2/logs`.
#[napi(object)]
pub struct NativeLogsPage {
  /// The JSON text of the array of logs, as the Management API served them: one `JSON.parse`
  /// in JS builds them faster than napi would, property by property.
  #[napi(ts_type = "string /* JSON: Auth0 log objects[] */")]
  pub logs: String,
  pub limits: RateLimits,
}

#[napi]
pub struct NativeLogsClient {
  client: Arc<ManagementClient>,
}

#[napi]
impl NativeLogsClient {
  #[napi(constructor)]
  pub fn new(
    options: NativeClientOptions,
    token_cache: Option<TokenCacheCallbacks>,
  ) -> Result<Self> {
    Ok(Self {
      client: Arc::new(management_client(&options, token_cache)?),
    })
  }

  /// Always asks `POST /oauth/token`.
  #[napi]
  pub async fn get_access_token(&self) -> Result<NativeToken> {
    let token = self.client.fetch_token(None).await.map_err(to_js_error)?;
    Ok(token.into())
  }

  /// The cached token while it has more than 10 s left, else a new one (stored in the cache).
  #[napi]
  pub async fn get_access_token_cached(&self) -> Result<NativeToken> {
    let (token, _) = self.client.cached_token(None).await.map_err(to_js_error)?;
    Ok(token.into())
  }

  /// `GET /api/v2/logs?<query>`; `query` as Node's `querystring.stringify` writes it.
  #[napi]
  pub async fn get_logs(&self, query: String) -> Result<NativeLogsPage> {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
      .into_owned()
      .collect();
    let response = self
      .client
      .get_logs(&params, None)
      .await
      .map_err(to_js_error)?;
    Ok(NativeLogsPage {
      logs: logs_to_json(&response.logs),
      limits: response.limits.into(),
    })
  }
}
