//! `runLogsProcessor` and `logsProcessorReport`: the cores of `LogsProcessor.run` and
//! `getReport` (SPEC 2.3).

use std::sync::Arc;

use napi::Result;
use napi_derive::napi;
use serde_json::Value;

use super::super::errors::NativeErrorInfo;
use super::callbacks::{JsHandler, JsRunLogger, JsStorage, LoggerCallback, ProcessorCallbacks};
use super::errors::{error_info, to_js_error};
use super::options::NativeProcessorOptions;
use crate::auth0::error::Auth0Error;
use crate::auth0::processor::{run_processor, RunOutcome};
use crate::auth0::run_logger::{RunLogger, SilentLogger};
use crate::auth0::run_report::run_report;

/// A run's status; `start`/`end` as ISO 8601 texts.
#[napi(object, use_nullable = true)]
pub struct NativeRunStatus {
  pub start_checkpoint: Option<String>,
  pub start: String,
  pub end: Option<String>,
  pub logs_processed: f64,
  pub warning: Option<String>,
  /// Set when the run failed.
  pub error: Option<NativeErrorInfo>,
  pub checkpoint: Option<String>,
}

#[napi(object, use_nullable = true)]
pub struct NativeRunOutcome {
  pub status: NativeRunStatus,
  pub checkpoint: Option<String>,
}

impl From<RunOutcome> for NativeRunOutcome {
  fn from(outcome: RunOutcome) -> Self {
    let status = outcome.status;
    Self {
      status: NativeRunStatus {
        start_checkpoint: status.start_checkpoint,
        start: status.start,
        end: status.end,
        logs_processed: status.logs_processed as f64,
        warning: status.warning,
        error: status.error.map(error_info),
        checkpoint: status.checkpoint,
      },
      checkpoint: outcome.checkpoint,
    }
  }
}

/// One run. Resolves with `status.error` set when the run failed; rejects only when the
/// storage cannot be read or the final state cannot be saved.
#[napi]
pub async fn run_logs_processor(
  options: NativeProcessorOptions,
  callbacks: ProcessorCallbacks,
  logger: Option<LoggerCallback>,
) -> Result<NativeRunOutcome> {
  let logger: Arc<dyn RunLogger> = match logger {
    Some(logger) => Arc::new(JsRunLogger(logger)),
    None => Arc::new(SilentLogger),
  };
  let ProcessorCallbacks {
    read,
    write,
    handle,
  } = callbacks;
  let outcome = run_processor(
    options.client.settings(),
    options.processor(),
    Box::new(JsStorage { read, write }),
    &JsHandler(handle),
    logger,
  )
  .await
  .map_err(to_js_error)?;
  Ok(outcome.into())
}

/// `getReport`'s totals.
#[napi(object)]
pub struct NativeRunReport {
  #[napi(js_name = "type", ts_type = "'report'")]
  pub report_type: String,
  pub processed: f64,
  pub warnings: f64,
  pub errors: f64,
  pub checkpoint: String,
}

/// `{ type: 'report', processed, warnings, errors, checkpoint }` over the runs of the stored
/// document between the two dates. `documentJson`: the JSON text of what
/// `storageContext.read()` resolved (see `ProcessorCallbacks`).
#[napi]
pub fn logs_processor_report(
  #[napi(ts_arg_type = "string /* JSON: the storageContext document */")] document_json: String,
  start_ms: f64,
  end_ms: f64,
) -> Result<NativeRunReport> {
  let document: Value = serde_json::from_str(&document_json).map_err(|error| {
    to_js_error(Auth0Error::invalid_argument(format!(
      "The stored data is not JSON: {error}"
    )))
  })?;
  let report = run_report(&document, start_ms as i64, end_ms as i64)
    .map_err(|reason| to_js_error(Auth0Error::invalid_argument(reason)))?;
  Ok(NativeRunReport {
    report_type: report.report_type.to_owned(),
    processed: report.processed as f64,
    warnings: report.warnings as f64,
    errors: report.errors as f64,
    checkpoint: report.checkpoint,
  })
}
