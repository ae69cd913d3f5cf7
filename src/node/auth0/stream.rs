//! `NativeLogsStream`: the paging core that `LogsApiStream` (a JS `Readable`) holds (SPEC 2.2).

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use tokio::sync::Mutex;

use super::super::js_dispatch::{DispatchFunction, JsDispatch};
use super::callbacks::JsRunLogger;
use super::client::management_client;
use super::errors::{invalid_options, to_js_error};
use super::options::NativeOptions;
use crate::auth0::log_entry::logs_to_json;
use crate::auth0::pager::{CheckpointPager, PageOutcome};
use crate::auth0::run_logger::{RunLogger, SilentLogger};

#[napi]
pub struct NativeLogsStream {
  pager: Arc<Mutex<CheckpointPager>>,
}

#[napi]
impl NativeLogsStream {
  #[napi(constructor)]
  pub fn new(
    options: String,
    dispatch: DispatchFunction,
    has_token_cache: bool,
    has_logger: bool,
  ) -> Result<Self> {
    let options: NativeOptions = serde_json::from_str(&options).map_err(invalid_options)?;
    let dispatch = Arc::new(JsDispatch::new(dispatch));
    let client = management_client(&options, &dispatch, has_token_cache)?;
    let logger: Arc<dyn RunLogger> = if has_logger {
      Arc::new(JsRunLogger::start(Arc::clone(&dispatch)))
    } else {
      Arc::new(SilentLogger)
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

  /// The next page as JSON: `{ kind: 'page', logs, limits, position }`, `{ kind: 'end' }`
  /// or `{ kind: 'rateLimited' }`.
  #[napi]
  pub async fn next(&self, take: u32) -> Result<String> {
    let pager = Arc::clone(&self.pager);
    let mut pager = pager.lock().await;
    let outcome = pager.next(take).await.map_err(to_js_error)?;
    Ok(match outcome {
      PageOutcome::Page(page) => format!(
        r#"{{"kind":"page","logs":{},"limits":{},"position":{}}}"#,
        logs_to_json(&page.logs),
        serde_json::to_string(&page.limits).expect("limits serialize"),
        serde_json::to_string(&pager.position()).expect("a position serializes"),
      ),
      PageOutcome::Exhausted => r#"{"kind":"end"}"#.to_owned(),
      PageOutcome::RateLimited => r#"{"kind":"rateLimited"}"#.to_owned(),
    })
  }
}
