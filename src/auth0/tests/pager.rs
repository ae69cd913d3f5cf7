//! The checkpoint pager: pages from the checkpoint until the API has no more, moves its
//! position past every returned log (kept by the type filter or not), waits out rate limits
//! when the run's budget allows, retries transient failures and surfaces the others.

use std::sync::Arc;
use std::time::Duration;

use super::fake_management_api::{log_id, Canned, FakeManagementApi};
use super::recording_logger::RecordingLogger;
use super::QUICK_BACKOFF;
use crate::auth0::budget::RunBudget;
use crate::auth0::client::{ClientSettings, ManagementClient};
use crate::auth0::error::ErrorKind;
use crate::auth0::pager::{CheckpointPager, Page, PageOutcome, PagerSettings};
use crate::auth0::run_logger::LogLevel;
use crate::events::timestamp::now_millis;

fn pager_for(
  api: &FakeManagementApi,
  types: &[&str],
  budget: RunBudget,
  checkpoint: Option<u32>,
) -> (CheckpointPager, Arc<RecordingLogger>) {
  let mut client = ClientSettings::new(&api.base_url, "client-id", "client-secret");
  client.request_timeout = Duration::from_secs(5);
  let settings = PagerSettings {
    types: types.iter().map(|&code| code.to_owned()).collect(),
    max_retries: 3,
    backoff: QUICK_BACKOFF,
    budget,
  };
  let logger = Arc::new(RecordingLogger::default());
  let pager = CheckpointPager::new(
    Arc::new(ManagementClient::new(client, None).unwrap()),
    settings,
    checkpoint.map(log_id),
    logger.clone(),
  );
  (pager, logger)
}

fn a_minute() -> RunBudget {
  RunBudget::until(now_millis() + 60_000)
}

fn ids(page: &Page) -> Vec<String> {
  page.logs.iter().map(|log| log.head().unwrap().id).collect()
}

fn page(outcome: PageOutcome) -> Page {
  match outcome {
    PageOutcome::Page(page) => page,
    other => panic!("expected a page, got {other:?}"),
  }
}

fn numbered(ids: std::ops::RangeInclusive<u32>) -> Vec<String> {
  ids.map(log_id).collect()
}

#[tokio::test]
async fn pages_from_the_checkpoint_until_the_api_has_no_more() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=25);
  let (mut pager, _) = pager_for(&api, &[], RunBudget::unbounded(), Some(5));
  let first = page(pager.next(10).await.unwrap());
  assert_eq!(ids(&first), numbered(6..=15));
  assert_eq!(pager.position(), Some("0015"));
  let second = page(pager.next(10).await.unwrap());
  assert_eq!(ids(&second), numbered(16..=25));
  assert!(matches!(
    pager.next(10).await.unwrap(),
    PageOutcome::Exhausted
  ));
  assert_eq!(pager.position(), Some("0025"), "kept when nothing came");
  let requests = api.log_requests();
  assert_eq!(requests.len(), 3);
  let asked: Vec<_> = requests
    .iter()
    .map(|request| {
      (
        request.param("from").unwrap().to_owned(),
        request.param("take").unwrap().to_owned(),
        request.param("sort").unwrap().to_owned(),
      )
    })
    .collect();
  assert_eq!(
    asked,
    [
      ("0005".into(), "10".into(), "date:1".into()),
      ("0015".into(), "10".into(), "date:1".into()),
      ("0025".into(), "10".into(), "date:1".into()),
    ]
  );
}

#[tokio::test]
async fn without_a_checkpoint_the_first_page_is_asked_by_number() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=5);
  let (mut pager, logger) = pager_for(&api, &[], RunBudget::unbounded(), None);
  let first = page(pager.next(3).await.unwrap());
  assert_eq!(ids(&first), numbered(1..=3));
  let request = &api.log_requests()[0];
  assert_eq!(
    (request.param("per_page"), request.param("page")),
    (Some("3"), Some("0"))
  );
  assert!(logger.has(LogLevel::Debug, "Requesting logs from page 0"));
  // Then from the position, by checkpoint.
  let second = page(pager.next(3).await.unwrap());
  assert_eq!(ids(&second), numbered(4..=5));
  assert_eq!(api.log_requests()[1].param("from"), Some("0003"));
}

#[tokio::test]
async fn the_position_moves_past_logs_the_type_filter_drops() {
  let api = FakeManagementApi::start().await;
  // Every third log is a failed login ("f"), the others successes ("s").
  api.add_logs(1..=7);
  let (mut pager, _) = pager_for(&api, &["f"], RunBudget::unbounded(), Some(0));
  let kept = page(pager.next(100).await.unwrap());
  assert_eq!(ids(&kept), ["0003", "0006"]);
  assert_eq!(pager.position(), Some("0007"));
  assert_eq!(api.log_requests()[0].param("q"), Some("type:f"));
  // A page where the filter keeps nothing still moves the position.
  api.add_logs([8]);
  let none_kept = page(pager.next(100).await.unwrap());
  assert!(none_kept.logs.is_empty());
  assert_eq!(pager.position(), Some("0008"));
}

#[tokio::test]
async fn several_types_are_asked_of_the_api_as_one_query() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=3);
  let (mut pager, _) = pager_for(&api, &["s", "f"], RunBudget::unbounded(), Some(0));
  assert_eq!(ids(&page(pager.next(100).await.unwrap())).len(), 3);
  assert_eq!(api.log_requests()[0].param("q"), Some("type:s OR type:f"));
}

#[tokio::test]
async fn a_429_is_waited_out_when_the_budget_allows_then_asked_again() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=3);
  api.answer_next_log_request(
    Canned::new(429, r#"{"error":"too_many_requests"}"#).with_header("retry-after", "0"),
  );
  let (mut pager, logger) = pager_for(&api, &[], a_minute(), Some(0));
  let logs = page(pager.next(10).await.unwrap());
  assert_eq!(ids(&logs), numbered(1..=3));
  assert_eq!(api.log_requests().len(), 2);
  // Retry-After: 0 still waits the backoff's first delay.
  assert!(logger.has(
    LogLevel::Info,
    "Rate limit reached, waiting 5ms for its reset."
  ));
}

#[tokio::test]
async fn a_429_with_no_budget_to_wait_ends_the_paging_as_rate_limited() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=3);
  api.answer_next_log_request(Canned::new(429, "{}").with_header("retry-after", "30"));
  // Without a budget a run may not wait; with one too short for 30 s neither.
  for budget in [
    RunBudget::unbounded(),
    RunBudget::until(now_millis() + 5_000),
  ] {
    let (mut pager, _) = pager_for(&api, &[], budget, Some(0));
    assert!(matches!(
      pager.next(10).await.unwrap(),
      PageOutcome::RateLimited
    ));
    api.answer_next_log_request(Canned::new(429, "{}").with_header("retry-after", "30"));
  }
  assert_eq!(api.log_requests().len(), 2);
}

#[tokio::test]
async fn a_spent_rate_limit_is_waited_for_before_the_next_request() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=6);
  api.add_page_header("x-ratelimit-limit", "50");
  api.add_page_header("x-ratelimit-remaining", "0");
  // Reset one second ago: the wait is over at once (and not asked of a run without budget).
  api.add_page_header("x-ratelimit-reset", (now_millis() / 1000 - 1).to_string());
  let (mut pager, logger) = pager_for(&api, &[], a_minute(), Some(0));
  let first = page(pager.next(3).await.unwrap());
  assert_eq!(first.limits.remaining, Some(0));
  assert_eq!(first.limits.limit, Some(50));
  let second = page(pager.next(3).await.unwrap());
  assert_eq!(ids(&second), numbered(4..=6));
  assert!(logger.has(
    LogLevel::Info,
    "Rate limit reached, waiting 0ms for its reset."
  ));

  let (mut unbudgeted, _) = pager_for(&api, &[], RunBudget::unbounded(), Some(0));
  page(unbudgeted.next(3).await.unwrap());
  let asked = api.log_requests().len();
  assert!(matches!(
    unbudgeted.next(3).await.unwrap(),
    PageOutcome::RateLimited
  ));
  assert_eq!(api.log_requests().len(), asked, "no request once spent");
}

#[tokio::test]
async fn transient_failures_are_retried_up_to_max_retries() {
  let api = FakeManagementApi::start().await;
  api.add_logs(1..=2);
  api.answer_next_log_request(Canned::new(503, "upstream down"));
  api.answer_next_log_request(Canned::new(200, "<html>maintenance</html>"));
  let (mut pager, logger) = pager_for(&api, &[], RunBudget::unbounded(), Some(0));
  assert_eq!(ids(&page(pager.next(10).await.unwrap())), numbered(1..=2));
  assert_eq!(api.log_requests().len(), 3);
  let retries: Vec<_> = logger
    .lines()
    .into_iter()
    .filter(|(_, line)| line.starts_with("Request failed"))
    .collect();
  assert_eq!(retries.len(), 2);
  // The delay is jittered: between half and all of the 5 ms first backoff.
  assert!(
    retries[0].1.contains("retry 1 of 3 in "),
    "{}",
    retries[0].1
  );
  assert!(
    retries[1].1.contains("retry 2 of 3 in "),
    "{}",
    retries[1].1
  );
}

#[tokio::test]
async fn a_failure_that_outlasts_the_retries_is_surfaced() {
  let api = FakeManagementApi::start().await;
  for _ in 0..4 {
    api.answer_next_log_request(Canned::new(
      500,
      r#"{"error":"server_error","message":"Internal"}"#,
    ));
  }
  let (mut pager, _) = pager_for(&api, &[], RunBudget::unbounded(), Some(0));
  let error = pager.next(10).await.unwrap_err();
  assert_eq!(error.kind, ErrorKind::ManagementApi);
  assert_eq!(
    (error.code.as_str(), error.message.as_str(), error.status),
    ("server_error", "Internal", Some(500))
  );
  assert_eq!(api.log_requests().len(), 4, "the first try and 3 retries");
}

#[tokio::test]
async fn a_client_error_is_surfaced_at_once() {
  let api = FakeManagementApi::start().await;
  api.answer_next_log_request(Canned::new(
    400,
    r#"{"statusCode":400,"error":"Bad Request","message":"Invalid checkpoint"}"#,
  ));
  let (mut pager, _) = pager_for(&api, &[], RunBudget::unbounded(), Some(0));
  let error = pager.next(10).await.unwrap_err();
  assert_eq!(
    (error.kind, error.message.as_str(), error.status),
    (ErrorKind::ManagementApi, "Invalid checkpoint", Some(400))
  );
  assert_eq!(api.log_requests().len(), 1);
  assert_eq!(pager.position(), Some("0000"), "the position stays");
}

#[tokio::test]
async fn a_log_without_an_id_is_an_invalid_response() {
  let api = FakeManagementApi::start().await;
  api.answer_next_log_request(Canned::new(200, r#"[{"type":"s"}]"#));
  let (mut pager, _) = pager_for(&api, &[], RunBudget::unbounded(), Some(0));
  let error = pager.next(10).await.unwrap_err();
  assert_eq!(error.kind, ErrorKind::InvalidResponse);
  assert_eq!(
    error.message,
    "Unexpected response from the Management API: a log has no _id"
  );
}

#[tokio::test]
async fn a_spent_budget_ends_the_paging_with_a_timeout() {
  let api = FakeManagementApi::start().await;
  let (mut pager, _) = pager_for(&api, &[], RunBudget::until(now_millis() - 1), Some(0));
  let error = pager.next(10).await.unwrap_err();
  assert_eq!(error.kind, ErrorKind::Timeout);
  assert!(api.log_requests().is_empty());
}
