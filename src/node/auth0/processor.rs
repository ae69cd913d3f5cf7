//! `runLogsProcessor` and `logsProcessorReport`: the cores of `LogsProcessor.run` and
//! `getReport` (SPEC 2.3).

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use serde_json::Value;

use super::super::js_dispatch::{DispatchFunction, JsDispatch};
use super::callbacks::{JsHandler, JsRunLogger, JsStorage};
use super::errors::{invalid_options, to_js_error};
use super::options::NativeOptions;
use crate::auth0::processor::run_processor;
use crate::auth0::run_logger::{RunLogger, SilentLogger};
use crate::auth0::run_report::run_report;

/// One run; `dispatch` serves `read`, `write`, `handle` and `log`. Resolves
/// `{ status, checkpoint }` as JSON.
#[napi]
pub async fn run_logs_processor(
  options: String,
  dispatch: DispatchFunction,
  has_logger: bool,
) -> Result<String> {
  let options: NativeOptions = serde_json::from_str(&options).map_err(invalid_options)?;
  let dispatch = Arc::new(JsDispatch::new(dispatch));
  let logger: Arc<dyn RunLogger> = if has_logger {
    Arc::new(JsRunLogger::start(Arc::clone(&dispatch)))
  } else {
    Arc::new(SilentLogger)
  };
  let storage = Box::new(JsStorage(Arc::clone(&dispatch)));
  let handler = JsHandler(dispatch);
  let outcome = run_processor(
    options.client(),
    options.processor(),
    storage,
    &handler,
    logger,
  )
  .await
  .map_err(to_js_error)?;
  Ok(serde_json::to_string(&outcome).expect("a run outcome serializes"))
}

/// `{ type: 'report', processed, warnings, errors, checkpoint }` as JSON.
#[napi]
pub fn logs_processor_report(storage: String, start_ms: f64, end_ms: f64) -> Result<String> {
  let document: Value = serde_json::from_str(&storage).map_err(invalid_options)?;
  let report = run_report(&document, start_ms as i64, end_ms as i64);
  Ok(serde_json::to_string(&report).expect("a report serializes"))
}
