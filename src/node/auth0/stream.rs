//! `NativeLogsStream`: the paging core that `LogsApiStream` (a JS `Readable`) holds (SPEC 2.2).

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use tokio::sync::Mutex;

use super::callbacks::{JsRunLogger, LoggerCallback, TokenCacheCallbacks};
use super::client::management_client;
use super::errors::to_js_error;
use super::options::NativeStreamOptions;
use super::page::RateLimits;
use crate::auth0::log_entry::logs_to_json;
use crate::auth0::pager::{CheckpointPager, PageOutcome};
use crate::auth0::rate_limit::RATE_LIMIT_WARNING;
use crate::auth0::run_logger::{RunLogger, SilentLogger};

/// What one `next(take)` found.
#[napi(string_enum = "camelCase")]
pub enum StreamStepKind {
  /// A page (possibly empty after the type filter): `logs`, `limits` and `position`.
  Page,
  /// No log after the position: the stream ends.
  End,
  /// The rate limit is spent and no time is left to wait for it: the stream ends with
  /// `warning`.
  RateLimited,
}

#[napi(object)]
pub struct StreamStep {
  pub kind: StreamStepKind,
  /// `Page`: the JSON text of the array of logs kept by the type filter, as served.
  #[napi(ts_type = "string /* JSON: Auth0 log objects[] */")]
  pub logs: Option<String>,
  pub limits: Option<RateLimits>,
  /// `Page`: the `_id` of the last log returned (kept or not), the new checkpoint.
  pub position: Option<String>,
  /// `RateLimited`: the status warning.
  pub warning: Option<String>,
}

impl StreamStep {
  fn ended(kind: StreamStepKind, warning: Option<&str>) -> Self {
    Self {
      kind,
      logs: None,
      limits: None,
      position: None,
      warning: warning.map(str::to_owned),
    }
  }
}

#[napi]
pub struct NativeLogsStream {
  pager: Arc<Mutex<CheckpointPager>>,
}

#[napi]
impl NativeLogsStream {
  #[napi(constructor)]
  pub fn new(
    options: NativeStreamOptions,
    token_cache: Option<TokenCacheCallbacks>,
    logger: Option<LoggerCallback>,
  ) -> Result<Self> {
    let client = management_client(&options.client, token_cache)?;
    let logger: Arc<dyn RunLogger> = match logger {
      Some(logger) => Arc::new(JsRunLogger(logger)),
      None => Arc::new(SilentLogger),
    };
    let pager = CheckpointPager::new(
      Arc::new(client),
      options.pager(),
      options.checkpoint_id.clone(),
      logger,
    );
    Ok(Self {
      pager: Arc::new(Mutex::new(pager)),
    })
  }

  /// The next page of up to `take` logs after the position.
  #[napi]
  pub async fn next(&self, take: u32) -> Result<StreamStep> {
    let pager = Arc::clone(&self.pager);
    let mut pager = pager.lock().await;
    let outcome = pager.next(take).await.map_err(to_js_error)?;
    Ok(match outcome {
      PageOutcome::Page(page) => StreamStep {
        kind: StreamStepKind::Page,
        logs: Some(logs_to_json(&page.logs)),
        limits: Some(page.limits.into()),
        position: pager.position().map(str::to_owned),
        warning: None,
      },
      PageOutcome::Exhausted => StreamStep::ended(StreamStepKind::End, None),
      PageOutcome::RateLimited => {
        StreamStep::ended(StreamStepKind::RateLimited, Some(RATE_LIMIT_WARNING))
      }
    })
  }
}
