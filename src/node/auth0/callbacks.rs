//! The user's JS objects behind the core's traits: token cache, storage context, handler and
//! logger. Each native object gets one dispatch function from `lib/auth0/dispatch.js`
//! (`dispatch(op, payload) → Promise<string>`, JSON both ways).

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::super::js_dispatch::JsDispatch;
use crate::auth0::checkpoint_store::StorageContext;
use crate::auth0::error::Auth0Error;
use crate::auth0::log_entry::{logs_to_json, LogEntry};
use crate::auth0::processor::BatchHandler;
use crate::auth0::run_logger::{LogLevel, RunLogger};
use crate::auth0::token::{AccessToken, TokenCache};

/// Calls `op`; a rejection becomes a `Callback` error naming what failed.
async fn call(
  dispatch: &JsDispatch,
  op: &str,
  payload: String,
  what: &str,
) -> Result<String, Auth0Error> {
  dispatch
    .call(op, payload)
    .await
    .map_err(|reason| Auth0Error::callback(format!("{what} failed: {reason}")))
}

fn parse(text: &str, what: &str) -> Result<Value, Auth0Error> {
  if text.is_empty() {
    return Ok(Value::Null);
  }
  serde_json::from_str(text)
    .map_err(|err| Auth0Error::callback(format!("{what} returned invalid JSON: {err}")))
}

pub struct JsTokenCache(pub Arc<JsDispatch>);

#[async_trait]
impl TokenCache for JsTokenCache {
  async fn get(&self) -> Result<Option<AccessToken>, Auth0Error> {
    let text = call(&self.0, "getToken", String::new(), "tokenCache.getToken()").await?;
    // A cache may hold anything; what is not a token is no token.
    Ok(serde_json::from_value(parse(&text, "tokenCache.getToken()")?).ok())
  }

  async fn set(&self, token: Option<&AccessToken>) -> Result<(), Auth0Error> {
    let payload = serde_json::to_string(&token).expect("a token serializes");
    call(&self.0, "setToken", payload, "tokenCache.setToken()")
      .await
      .map(drop)
  }
}

pub struct JsStorage(pub Arc<JsDispatch>);

#[async_trait]
impl StorageContext for JsStorage {
  async fn read(&self) -> Result<Value, Auth0Error> {
    let text = call(&self.0, "read", String::new(), "storageContext.read()").await?;
    parse(&text, "storageContext.read()")
  }

  async fn write(&self, data: &Value) -> Result<(), Auth0Error> {
    call(&self.0, "write", data.to_string(), "storageContext.write()")
      .await
      .map(drop)
  }
}

pub struct JsHandler(pub Arc<JsDispatch>);

#[async_trait]
impl BatchHandler for JsHandler {
  async fn handle(&self, logs: &[LogEntry]) -> Result<(), Auth0Error> {
    call(&self.0, "handle", logs_to_json(logs), "The handler")
      .await
      .map(drop)
  }
}

/// Messages go through a queue to one task, so the logger sees them in order.
pub struct JsRunLogger {
  queue: UnboundedSender<String>,
}

impl JsRunLogger {
  pub fn start(dispatch: Arc<JsDispatch>) -> Self {
    let (queue, mut messages) = unbounded_channel::<String>();
    napi::bindgen_prelude::spawn(async move {
      while let Some(message) = messages.recv().await {
        let _ = dispatch.call("log", message).await;
      }
    });
    Self { queue }
  }
}

impl RunLogger for JsRunLogger {
  fn log(&self, level: LogLevel, message: String) {
    let _ = self
      .queue
      .send(serde_json::json!([level.as_str(), message]).to_string());
  }
}
