//! The processor's run: logs handed over in batches of `batchSize` from the stored
//! checkpoint, the checkpoint stored after every accepted batch, a failing handler retried
//! then (optionally) skipped, and rate limits, API and token failures ending the run with
//! what was received handed over and the reason in its status.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{json, Value};

use super::fake_management_api::{log, log_id, Canned, FakeManagementApi};
use super::recording_logger::RecordingLogger;
use super::QUICK_BACKOFF;
use crate::auth0::checkpoint_store::tests::MemoryStorage;
use crate::auth0::client::ClientSettings;
use crate::auth0::error::{Auth0Error, ErrorKind};
use crate::auth0::log_entry::LogEntry;
use crate::auth0::processor::{run_processor, BatchHandler, ProcessorSettings, RunOutcome};
use crate::auth0::run_logger::LogLevel;

/// The user's handler: records every call's log ids; refuses the batches `refuses` picks.
struct RecordingHandler {
  calls: Mutex<Vec<Vec<String>>>,
  refuses: fn(&[String]) -> bool,
}

impl RecordingHandler {
  fn accepting() -> Self {
    Self::refusing(|_| false)
  }

  fn refusing(refuses: fn(&[String]) -> bool) -> Self {
    Self {
      calls: Mutex::new(Vec::new()),
      refuses,
    }
  }

  fn calls(&self) -> Vec<Vec<String>> {
    self.calls.lock().unwrap().clone()
  }
}

#[async_trait]
impl BatchHandler for RecordingHandler {
  async fn handle(&self, logs: &[LogEntry]) -> Result<(), Auth0Error> {
    let ids: Vec<String> = logs.iter().map(|log| log.head().unwrap().id).collect();
    self.calls.lock().unwrap().push(ids.clone());
    if (self.refuses)(&ids) {
      return Err(Auth0Error::callback("the handler refused the batch"));
    }
    Ok(())
  }
}

fn settings(batch_size: usize) -> ProcessorSettings {
  ProcessorSettings {
    batch_size,
    max_retries: 2,
    max_run_time: Duration::from_secs(60),
    start_from: None,
    types: Vec::new(),
    skip_failed_batches: false,
    backoff: QUICK_BACKOFF,
  }
}

async fn run(
  api: &FakeManagementApi,
  settings: ProcessorSettings,
  storage: &MemoryStorage,
  handler: &RecordingHandler,
) -> (RunOutcome, Arc<RecordingLogger>) {
  let mut client = ClientSettings::new(&api.base_url, "client-id", "client-secret");
  client.request_timeout = Duration::from_secs(5);
  let logger = Arc::new(RecordingLogger::default());
  let outcome = run_processor(
    client,
    settings,
    Box::new(storage.clone()),
    handler,
    logger.clone(),
  )
  .await
  .unwrap();
  (outcome, logger)
}

fn numbered(ids: std::ops::RangeInclusive<u32>) -> Vec<String> {
  ids.map(log_id).collect()
}

/// The checkpoint after each write to the storage, leaving out writes that kept it.
fn checkpoints_saved(storage: &MemoryStorage) -> Vec<Value> {
  let mut saved: Vec<Value> = Vec::new();
  for write in storage.writes.lock().unwrap().iter() {
    let checkpoint = write.get("checkpointId").cloned().unwrap_or(Value::Null);
    if saved.last() != Some(&checkpoint) {
      saved.push(checkpoint);
    }
  }
  saved
}

fn history(storage: &MemoryStorage) -> Vec<Value> {
  storage.data.lock().unwrap()["logs"]
    .as_array()
    .cloned()
    .unwrap_or_default()
}

#[tokio::test]
async fn hands_logs_in_batches_and_stores_the_checkpoint_after_each() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=25);
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &handler).await;
  assert_eq!(
    handler.calls(),
    [numbered(1..=10), numbered(11..=20), numbered(21..=25)]
  );
  assert_eq!(
    checkpoints_saved(&storage),
    [Value::Null, json!("0010"), json!("0020"), json!("0025")]
  );
  let status = &outcome.status;
  assert_eq!(status.logs_processed, 25);
  assert_eq!(status.start_checkpoint, None);
  assert_eq!(outcome.checkpoint.as_deref(), Some("0025"));
  assert!(status.error.is_none() && status.warning.is_none());
  // No more than the batch still needs is asked for; the first page by number.
  let asked: Vec<_> = api
    .log_requests()
    .iter()
    .map(|request| {
      request
        .param("take")
        .or(request.param("per_page"))
        .unwrap()
        .to_owned()
    })
    .collect();
  assert_eq!(asked, ["10", "10", "10", "5"]);
  let runs = history(&storage);
  assert_eq!(runs.len(), 1);
  assert_eq!(runs[0]["logsProcessed"], json!(25));
  assert_eq!(runs[0]["checkpoint"], json!("0025"));
}

#[tokio::test]
async fn the_next_run_starts_where_the_last_stopped_and_an_idle_run_writes_nothing() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=5);
  let storage = MemoryStorage::default();
  let first = RecordingHandler::accepting();
  run(&api, settings(10), &storage, &first).await;
  assert_eq!(first.calls(), [numbered(1..=5)]);

  api.add_logs(6..=8);
  let second = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &second).await;
  assert_eq!(second.calls(), [numbered(6..=8)]);
  assert_eq!(outcome.status.start_checkpoint.as_deref(), Some("0005"));
  assert_eq!(api.log_requests()[2].param("from"), Some("0005"));

  let writes = storage.writes.lock().unwrap().len();
  let idle = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &idle).await;
  assert!(idle.calls().is_empty());
  assert_eq!(outcome.checkpoint.as_deref(), Some("0008"));
  assert_eq!(
    storage.writes.lock().unwrap().len(),
    writes,
    "nothing to store"
  );
  assert_eq!(history(&storage).len(), 2);
}

#[tokio::test]
async fn start_from_replaces_the_stored_checkpoint() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=6);
  let storage = MemoryStorage::default();
  *storage.data.lock().unwrap() = json!({ "checkpointId": "0005" });
  let handler = RecordingHandler::accepting();
  let mut from_two = settings(10);
  from_two.start_from = Some(log_id(2));
  let (outcome, _) = run(&api, from_two, &storage, &handler).await;
  assert_eq!(handler.calls(), [numbered(3..=6)]);
  assert_eq!(outcome.status.start_checkpoint.as_deref(), Some("0002"));
}

#[tokio::test]
async fn only_logs_of_the_chosen_types_are_handed_over_and_the_checkpoint_passes_the_rest() {
  let api = FakeManagementApi::start().await;
  // Every third log is a failed login ("f").
  api.add_logs(1..=10);
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let mut failed_logins = settings(2);
  failed_logins.types = vec!["f".to_owned()];
  let (outcome, _) = run(&api, failed_logins, &storage, &handler).await;
  assert_eq!(handler.calls(), [vec!["0003", "0006"], vec!["0009"]]);
  assert_eq!(outcome.status.logs_processed, 3);
  assert_eq!(outcome.checkpoint.as_deref(), Some("0010"));
  let first = &api.log_requests()[0];
  assert_eq!(
    (first.param("per_page"), first.param("q")),
    (Some("100"), Some("type:f"))
  );
}

#[tokio::test]
async fn a_handler_that_keeps_failing_ends_the_run_and_keeps_the_checkpoint() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=4);
  let storage = MemoryStorage::default();
  *storage.data.lock().unwrap() = json!({ "checkpointId": "0000" });
  let handler = RecordingHandler::refusing(|_| true);
  let (outcome, logger) = run(&api, settings(2), &storage, &handler).await;
  assert_eq!(
    handler.calls(),
    vec![numbered(1..=2); 3],
    "the first try and max_retries (2) retries"
  );
  let error = outcome.status.error.as_ref().unwrap();
  assert_eq!(
    (error.kind, error.message.as_str()),
    (ErrorKind::Callback, "the handler refused the batch")
  );
  assert_eq!(outcome.checkpoint.as_deref(), Some("0000"));
  assert_eq!(outcome.status.logs_processed, 0);
  assert!(logger.has(
    LogLevel::Error,
    "Processor failed: the handler refused the batch"
  ));
  let runs = history(&storage);
  assert_eq!(runs.len(), 1, "a failed run is recorded");
  assert_eq!(runs[0]["error"]["kind"], json!("callback"));
}

#[tokio::test]
async fn skip_failed_batches_moves_the_checkpoint_past_a_refused_batch() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=4);
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::refusing(|ids| ids.contains(&"0002".to_owned()));
  let mut skipping = settings(2);
  skipping.skip_failed_batches = true;
  let (outcome, logger) = run(&api, skipping, &storage, &handler).await;
  assert_eq!(outcome.checkpoint.as_deref(), Some("0002"));
  assert_eq!(outcome.status.logs_processed, 0);
  assert!(outcome.status.error.is_some(), "the run still ends failed");
  assert!(logger.has(
    LogLevel::Error,
    "Skipping logs from 0001 to 0002 after 2 retries."
  ));
  // The next run carries on after the skipped batch.
  let next = RecordingHandler::accepting();
  run(&api, settings(2), &storage, &next).await;
  assert_eq!(next.calls(), [numbered(3..=4)]);
}

#[tokio::test]
async fn a_rate_limit_with_no_time_to_wait_ends_the_run_with_a_warning_after_shipping() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=5);
  // The first page spends the rate limit until a reset far beyond the run's 5 s.
  api.add_page_header("x-ratelimit-remaining", "0");
  api.add_page_header("x-ratelimit-reset", "9999999999");
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let mut five_seconds = settings(10);
  five_seconds.max_run_time = Duration::from_secs(5);
  let (outcome, _) = run(&api, five_seconds, &storage, &handler).await;
  assert_eq!(handler.calls(), [numbered(1..=5)]);
  assert_eq!(
    outcome.status.warning.as_deref(),
    Some("Auth0 Management API rate limit reached.")
  );
  assert!(outcome.status.error.is_none());
  assert_eq!(outcome.checkpoint.as_deref(), Some("0005"));
  assert_eq!(
    api.log_requests().len(),
    1,
    "no request while the limit is spent"
  );
}

#[tokio::test]
async fn an_api_error_ends_the_run_after_shipping_what_was_received() {
  let api = FakeManagementApi::start().await;
  // A first page of three logs; asked for more, the API refuses.
  let first_page = format!("[{},{},{}]", log(1, "s"), log(2, "s"), log(3, "s"));
  api.answer_next_log_request(Canned::new(200, first_page));
  api.answer_next_log_request(Canned::new(
    403,
    r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope"}"#,
  ));
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &handler).await;
  assert_eq!(handler.calls(), [numbered(1..=3)]);
  let error = outcome.status.error.as_ref().unwrap();
  assert_eq!(
    (error.code.as_str(), error.message.as_str(), error.status),
    ("Forbidden", "Insufficient scope", Some(403))
  );
  assert_eq!(outcome.checkpoint.as_deref(), Some("0003"));
  assert_eq!(
    storage.data.lock().unwrap()["logs_access_token"],
    Value::Null,
    "a 403 clears the token"
  );
}

#[tokio::test]
async fn bad_credentials_end_the_run_before_any_log_is_asked_for() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=3);
  api.answer_token_requests(Canned::new(401, r#"{"error":"access_denied"}"#));
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &handler).await;
  let error = outcome.status.error.as_ref().unwrap();
  assert_eq!(
    (error.code.as_str(), error.message.as_str(), error.status),
    (
      "unauthorized",
      "Invalid credentials for client-id",
      Some(401)
    )
  );
  assert!(handler.calls().is_empty());
  let requests = api.requests();
  assert_eq!(requests.len(), 1);
  assert_eq!(
    (requests[0].method.as_str(), requests[0].path.as_str()),
    ("POST", "/oauth/token")
  );
  assert_eq!(history(&storage).len(), 1);
}

#[tokio::test]
async fn logs_older_than_a_week_give_a_warning() {
  let api = FakeManagementApi::start().await;
  let mut old = log(1, "s");
  old["date"] = json!("2020-01-01T00:00:00.000Z");
  api.add_log(old);
  let storage = MemoryStorage::default();
  let handler = RecordingHandler::accepting();
  let (outcome, _) = run(&api, settings(10), &storage, &handler).await;
  assert_eq!(
    outcome.status.warning.as_deref(),
    Some("Logs are outdated more than for week. Last processed log has date is 2020-01-01T00:00:00.000Z")
  );
}
