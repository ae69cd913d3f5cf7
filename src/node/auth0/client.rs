//! `NativeLogsClient`: the core of `LogsApiClient` (SPEC 2.1).

use std::sync::Arc;

use napi::bindgen_prelude::within_runtime_if_available;
use napi::Result;
use napi_derive::napi;
use serde_json::Value;

use super::super::js_dispatch::{DispatchFunction, JsDispatch};
use super::callbacks::JsTokenCache;
use super::errors::{invalid_options, to_js_error};
use super::options::NativeOptions;
use crate::auth0::client::{LogsResponse, ManagementClient};
use crate::auth0::log_entry::logs_to_json;
use crate::auth0::token::TokenCache;

/// A client over the user's `tokenCache` when there is one (`dispatch` serves
/// `getToken`/`setToken`), else over an in-memory cache.
pub fn management_client(
  options: &NativeOptions,
  dispatch: &Arc<JsDispatch>,
  has_token_cache: bool,
) -> Result<ManagementClient> {
  let cache: Option<Arc<dyn TokenCache>> =
    has_token_cache.then(|| Arc::new(JsTokenCache(Arc::clone(dispatch))) as Arc<dyn TokenCache>);
  within_runtime_if_available(|| ManagementClient::new(options.client(), cache))
    .map_err(to_js_error)
}

pub fn logs_response_json(response: &LogsResponse) -> String {
  let limits = serde_json::to_string(&response.limits).expect("limits serialize");
  format!(
    r#"{{"logs":{},"limits":{limits}}}"#,
    logs_to_json(&response.logs)
  )
}

#[napi]
pub struct NativeLogsClient {
  client: Arc<ManagementClient>,
}

#[napi]
impl NativeLogsClient {
  #[napi(constructor)]
  pub fn new(options: String, dispatch: DispatchFunction, has_token_cache: bool) -> Result<Self> {
    let options: NativeOptions = serde_json::from_str(&options).map_err(invalid_options)?;
    let dispatch = Arc::new(JsDispatch::new(dispatch));
    Ok(Self {
      client: Arc::new(management_client(&options, &dispatch, has_token_cache)?),
    })
  }

  /// `{ token, expiresAt }` as JSON.
  #[napi]
  pub async fn get_access_token(&self) -> Result<String> {
    let token = self.client.fetch_token(None).await.map_err(to_js_error)?;
    Ok(serde_json::to_string(&token).expect("a token serializes"))
  }

  #[napi]
  pub async fn get_access_token_cached(&self) -> Result<String> {
    let (token, _) = self.client.cached_token(None).await.map_err(to_js_error)?;
    Ok(serde_json::to_string(&token).expect("a token serializes"))
  }

  /// `params` is a JSON object of query parameters; resolves `{ logs, limits }` as JSON.
  #[napi]
  pub async fn get_logs(&self, params: String) -> Result<String> {
    let params = query_pairs(&params)?;
    let response = self
      .client
      .get_logs(&params, None)
      .await
      .map_err(to_js_error)?;
    Ok(logs_response_json(&response))
  }
}

/// Like Node's `querystring.stringify`: arrays repeat the key, null/undefined give `key=`.
fn query_pairs(params: &str) -> Result<Vec<(String, String)>> {
  let params: Option<serde_json::Map<String, Value>> =
    serde_json::from_str(params).map_err(invalid_options)?;
  let mut pairs = Vec::new();
  for (key, value) in params.unwrap_or_default() {
    let values = match value {
      Value::Array(values) => values,
      value => vec![value],
    };
    for value in values {
      let text = match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
      };
      pairs.push((key.clone(), text));
    }
  }
  Ok(pairs)
}
