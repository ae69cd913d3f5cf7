//! The HTTPS store against a local endpoint (plain HTTP on 127.0.0.1): what it posts, and
//! how it classifies the answers, `Retry-After` included: a 408, 429 or 5xx that names one is
//! waited out inside the write (at most `timeoutMs`) before the outage is reported, so the
//! engine's backoff comes on top (`StoreError` itself carries no delay).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::HttpsStore;
use crate::events::emission::test_events;
use crate::store::table_name::TableName;
use crate::store::{EventStore, StoreErrorKind, StoreSpec};
use crate::test_http::{Canned, TestServer};

const TOKEN: &str = "Bearer secret-token-123";

/// An endpoint that answers every request with `canned`.
async fn endpoint(canned: Canned) -> TestServer {
  let canned = Mutex::new(canned);
  TestServer::start(move |_| canned.lock().unwrap().clone()).await
}

fn store(server: &TestServer, batch_size: usize, timeout: Duration) -> HttpsStore {
  store_at(&format!("{}/ingest", server.base_url), batch_size, timeout)
}

fn store_at(url: &str, batch_size: usize, timeout: Duration) -> HttpsStore {
  HttpsStore::open(&StoreSpec {
    client_type: "https",
    client: &Value::String(url.to_owned()),
    table: TableName::parse(None).unwrap(),
    timeout,
    headers: &json!({ "Authorization": TOKEN }),
    batch_size,
  })
  .unwrap()
}

fn body_of(server: &TestServer) -> Value {
  serde_json::from_slice(&server.requests()[0].body).unwrap()
}

#[tokio::test]
async fn a_batch_is_posted_as_json_with_the_configured_headers() {
  let server = endpoint(Canned::new(202, "")).await;
  let store = store(&server, 10, Duration::from_secs(5));
  let events = test_events(["user.signed_in", "user.signed_out"]);
  store.ingest_batch(Arc::new(events.clone())).await.unwrap();
  let request = &server.requests()[0];
  assert_eq!(
    (request.method.as_str(), request.path.as_str()),
    ("POST", "/ingest")
  );
  assert_eq!(request.header("authorization"), Some(TOKEN));
  assert_eq!(request.header("content-type"), Some("application/json"));
  let body = body_of(&server);
  let posted = body["events"].as_array().unwrap();
  assert_eq!(posted.len(), 2);
  assert_eq!(posted[0]["id"], json!(events[0].id.to_string()));
  assert_eq!(posted[1]["type"], json!("user.signed_out"));
}

#[tokio::test]
async fn with_batch_size_1_each_event_is_posted_alone() {
  let server = endpoint(Canned::new(200, "{}")).await;
  let store = store(&server, 1, Duration::from_secs(5));
  store
    .ingest_batch(Arc::new(test_events(["user.joined"])))
    .await
    .unwrap();
  let body = body_of(&server);
  assert_eq!(body["type"], json!("user.joined"));
  assert!(body.get("events").is_none());
}

#[tokio::test]
async fn a_retry_after_is_waited_out_in_the_write_then_reported_as_an_outage() {
  let server = endpoint(Canned::new(429, "slow down").with_header("retry-after", "0.3")).await;
  let store = store(&server, 10, Duration::from_secs(5));
  let started = Instant::now();
  let error = store
    .ingest_batch(Arc::new(test_events(["user.joined"])))
    .await
    .unwrap_err();
  assert!(started.elapsed() >= Duration::from_millis(300));
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
  assert_eq!(
    error.message,
    format!(
      "HTTPS endpoint {}/ingest: answered 429 Too Many Requests slow down",
      server.base_url
    )
  );
}

#[tokio::test]
async fn a_retry_after_longer_than_the_timeout_is_cut_to_the_timeout() {
  let server = endpoint(Canned::new(503, "").with_header("retry-after", "30")).await;
  let store = store(&server, 10, Duration::from_millis(300));
  let started = Instant::now();
  let error = store
    .ingest_batch(Arc::new(test_events(["user.joined"])))
    .await
    .unwrap_err();
  let waited = started.elapsed();
  assert!(
    waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
    "{waited:?}"
  );
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
}

#[tokio::test]
async fn a_refusal_rejects_the_rows_and_blanks_out_the_secrets_it_echoes() {
  let server = endpoint(Canned::new(
    422,
    format!("bad event; you sent Authorization: {TOKEN}"),
  ))
  .await;
  let store = store(&server, 10, Duration::from_secs(5));
  let error = store
    .ingest_batch(Arc::new(test_events(["user.joined"])))
    .await
    .unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Rejected);
  assert!(
    !error.message.contains("secret-token-123"),
    "{}",
    error.message
  );
  assert!(error.message.contains("[redacted]"), "{}", error.message);
}

#[tokio::test]
async fn an_endpoint_that_cannot_be_reached_is_an_outage() {
  let closed = {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
  };
  let store = store_at(
    &format!("http://{closed}/ingest"),
    10,
    Duration::from_secs(5),
  );
  let error = store
    .ingest_batch(Arc::new(test_events(["user.joined"])))
    .await
    .unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
  assert!(
    error.message.starts_with(&format!(
      "HTTPS endpoint http://{closed}/ingest cannot be reached"
    )),
    "{}",
    error.message
  );
}
