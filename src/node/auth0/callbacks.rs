//! The user's JS objects behind the core's traits: token cache, storage context, handler and
//! logger. Each is one typed, weak threadsafe function (it never keeps Node alive by itself),
//! wrapped in `lib/auth0/callbacks.js` as an async function, and called with
//! `call_async_catch`, so a callback that throws becomes a `Callback` error, not a crash.

use napi::bindgen_prelude::{FnArgs, Promise, Undefined};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use napi_derive::napi;
use serde_json::Value;

use async_trait::async_trait;

use crate::auth0::checkpoint_store::StorageContext;
use crate::auth0::error::Auth0Error;
use crate::auth0::log_entry::{logs_to_json, LogEntry};
use crate::auth0::processor::BatchHandler;
use crate::auth0::run_logger::{LogLevel, RunLogger};
use crate::auth0::token::{AccessToken, TokenCache};

/// An access token as JS sees it.
#[napi(object)]
pub struct NativeToken {
  pub token: String,
  /// Milliseconds since the epoch.
  pub expires_at: i64,
}

impl From<AccessToken> for NativeToken {
  fn from(token: AccessToken) -> Self {
    Self {
      token: token.token,
      expires_at: token.expires_at,
    }
  }
}

impl From<NativeToken> for AccessToken {
  fn from(token: NativeToken) -> Self {
    Self {
      token: token.token,
      expires_at: token.expires_at,
    }
  }
}

/// A level of the user's `logger`.
#[napi(string_enum = "lowercase")]
pub enum NativeLogLevel {
  Debug,
  Info,
  Error,
}

impl From<LogLevel> for NativeLogLevel {
  fn from(level: LogLevel) -> Self {
    match level {
      LogLevel::Debug => Self::Debug,
      LogLevel::Info => Self::Info,
      LogLevel::Error => Self::Error,
    }
  }
}

/// A weak threadsafe function `(args) => Promise<R>` (weak: it never keeps Node alive).
type AsyncFunction<Args, R> = ThreadsafeFunction<Args, Promise<R>, Args, Status, false, true>;
type ReadFunction = AsyncFunction<(), String>;
type WriteFunction = AsyncFunction<String, Undefined>;
type HandleFunction = AsyncFunction<String, Undefined>;
type LogFunction = ThreadsafeFunction<
  FnArgs<(NativeLogLevel, String)>,
  Undefined,
  FnArgs<(NativeLogLevel, String)>,
  Status,
  false,
  true,
>;

/// The user's `tokenCache`: `getToken()` resolves a token or null (what is not a token is
/// null), `setToken(token | null)`.
#[napi(object, object_to_js = false)]
pub struct TokenCacheCallbacks {
  #[napi(ts_type = "() => Promise<NativeToken | null>")]
  pub get_token: AsyncFunction<(), Option<NativeToken>>,
  #[napi(ts_type = "(token: NativeToken | null) => Promise<undefined>")]
  pub set_token: AsyncFunction<Option<NativeToken>, Undefined>,
}

/// The user's logger; never throws.
#[napi(object, object_to_js = false)]
pub struct LoggerCallback {
  #[napi(ts_type = "(level: NativeLogLevel, message: string) => void")]
  pub log: LogFunction,
}

/// What a processor run calls: the user's `storageContext` and handler.
///
/// The storage document crosses as JSON text both ways: a document means what
/// `JSON.stringify` keeps of it (as in upstream's stores: `undefined` dropped, a `Date` as its
/// ISO text), which napi's object conversion does not give (it refuses `undefined`, reads a
/// `Date` as `{}`), and it is written after every batch, with up to 400 KB of run history.
#[napi(object, object_to_js = false)]
pub struct ProcessorCallbacks {
  /// `JSON.stringify(await storageContext.read() ?? {})`.
  #[napi(ts_type = "() => Promise<string /* JSON: the storageContext document */>")]
  pub read: ReadFunction,
  /// `storageContext.write(JSON.parse(documentJson))`.
  #[napi(
    ts_type = "(documentJson: string /* JSON: the storageContext document */) => Promise<undefined>"
  )]
  pub write: WriteFunction,
  /// The handler, given the batch as the JSON text of an array of logs (parsed in JS: faster
  /// than building the objects through napi).
  #[napi(ts_type = "(logsJson: string /* JSON: Auth0 log objects[] */) => Promise<undefined>")]
  pub handle: HandleFunction,
}

/// Awaits a callback's promise; a throw or a rejection becomes a `Callback` error.
async fn settle<T: napi::bindgen_prelude::FromNapiValue + 'static>(
  promise: napi::Result<Promise<T>>,
  what: &str,
) -> Result<T, Auth0Error> {
  let failed =
    |error: napi::Error| Auth0Error::callback(format!("{what} failed: {}", error.reason));
  promise.map_err(failed)?.await.map_err(failed)
}

pub struct JsTokenCache(pub TokenCacheCallbacks);

#[async_trait]
impl TokenCache for JsTokenCache {
  async fn get(&self) -> Result<Option<AccessToken>, Auth0Error> {
    let token = settle(
      self.0.get_token.call_async_catch(()).await,
      "tokenCache.getToken()",
    )
    .await?;
    Ok(token.map(AccessToken::from))
  }

  async fn set(&self, token: Option<&AccessToken>) -> Result<(), Auth0Error> {
    let token = token.cloned().map(NativeToken::from);
    settle(
      self.0.set_token.call_async_catch(token).await,
      "tokenCache.setToken()",
    )
    .await
  }
}

pub struct JsStorage {
  pub read: ReadFunction,
  pub write: WriteFunction,
}

#[async_trait]
impl StorageContext for JsStorage {
  async fn read(&self) -> Result<Value, Auth0Error> {
    let text = settle(
      self.read.call_async_catch(()).await,
      "storageContext.read()",
    )
    .await?;
    serde_json::from_str(&text).map_err(|error| {
      Auth0Error::callback(format!(
        "storageContext.read() returned invalid JSON: {error}"
      ))
    })
  }

  async fn write(&self, data: &Value) -> Result<(), Auth0Error> {
    settle(
      self.write.call_async_catch(data.to_string()).await,
      "storageContext.write()",
    )
    .await
  }
}

pub struct JsHandler(pub HandleFunction);

#[async_trait]
impl BatchHandler for JsHandler {
  async fn handle(&self, logs: &[LogEntry]) -> Result<(), Auth0Error> {
    settle(
      self.0.call_async_catch(logs_to_json(logs)).await,
      "The handler",
    )
    .await
  }
}

/// Messages are queued on the threadsafe function in order; none is awaited.
pub struct JsRunLogger(pub LoggerCallback);

impl RunLogger for JsRunLogger {
  fn log(&self, level: LogLevel, message: String) {
    let _ = self.0.log.call(
      (NativeLogLevel::from(level), message).into(),
      ThreadsafeFunctionCallMode::NonBlocking,
    );
  }
}
