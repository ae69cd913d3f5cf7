//! A Management API for the pager's and processor's tests, on the test HTTP server: a
//! tenant's logs served oldest first from a checkpoint (`from`/`take`, or `page`/
//! `per_page`), a token endpoint, and scripted answers (429, 5xx, bad bodies) for the next
//! log requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::events::timestamp::{now_millis, to_iso};
use crate::test_http::TestServer;
pub use crate::test_http::{Canned, Request};

#[derive(Default)]
struct Tenant {
  /// Oldest first; ids are zero-padded numbers, so they sort as they were logged.
  logs: Mutex<Vec<Value>>,
  /// Answers for the next `GET /api/v2/logs`, before the logs themselves are served.
  scripted: Mutex<VecDeque<Canned>>,
  /// Headers added to every served page of logs.
  page_headers: Mutex<Vec<(String, String)>>,
  token: Mutex<Option<Canned>>,
}

pub struct FakeManagementApi {
  pub base_url: String,
  tenant: Arc<Tenant>,
  server: TestServer,
}

/// A log of the fake tenant: `_id` number `id` (zero-padded), of type `log_type`, dated
/// `id` milliseconds after an hour ago.
pub fn log(id: u32, log_type: &str) -> Value {
  json!({
    "_id": log_id(id),
    "type": log_type,
    "date": to_iso(now_millis() - 3_600_000 + i64::from(id)),
    "details": { "n": id },
  })
}

pub fn log_id(id: u32) -> String {
  format!("{id:04}")
}

impl FakeManagementApi {
  pub async fn start() -> Self {
    let tenant = Arc::new(Tenant::default());
    let serving = Arc::clone(&tenant);
    let server = TestServer::start(move |request| answer(&serving, request)).await;
    Self {
      base_url: server.base_url.clone(),
      tenant,
      server,
    }
  }

  /// Adds logs numbered `ids`, every third of type `f` (failed login), the others `s`.
  pub fn add_logs(&self, ids: impl IntoIterator<Item = u32>) {
    let mut logs = self.tenant.logs.lock().unwrap();
    for id in ids {
      logs.push(log(id, if id % 3 == 0 { "f" } else { "s" }));
    }
  }

  pub fn add_log(&self, log: Value) {
    self.tenant.logs.lock().unwrap().push(log);
  }

  pub fn answer_next_log_request(&self, canned: Canned) {
    self.tenant.scripted.lock().unwrap().push_back(canned);
  }

  pub fn add_page_header(&self, name: &str, value: impl Into<String>) {
    let header = (name.to_owned(), value.into());
    self.tenant.page_headers.lock().unwrap().push(header);
  }

  pub fn answer_token_requests(&self, canned: Canned) {
    *self.tenant.token.lock().unwrap() = Some(canned);
  }

  pub fn requests(&self) -> Vec<Request> {
    self.server.requests()
  }

  pub fn log_requests(&self) -> Vec<Request> {
    self
      .requests()
      .into_iter()
      .filter(|request| request.path == "/api/v2/logs")
      .collect()
  }
}

fn answer(tenant: &Tenant, request: &Request) -> Canned {
  match request.path.as_str() {
    "/oauth/token" => tenant
      .token
      .lock()
      .unwrap()
      .clone()
      .unwrap_or_else(|| Canned::new(200, r#"{"access_token":"test-token","expires_in":86400}"#)),
    "/api/v2/logs" => {
      if let Some(scripted) = tenant.scripted.lock().unwrap().pop_front() {
        return scripted;
      }
      let mut page = Canned::new(200, serve_logs(tenant, request).to_string());
      page.headers = tenant.page_headers.lock().unwrap().clone();
      page
    }
    _ => Canned::new(404, r#"{"error":"not_found"}"#),
  }
}

/// The page the real API serves for `from`/`take` (logs after `from`, oldest first) or
/// `page`/`per_page`; the `q` filter is not applied (the pager filters again anyway).
fn serve_logs(tenant: &Tenant, request: &Request) -> Value {
  let logs = tenant.logs.lock().unwrap();
  let number = |name: &str| {
    request
      .param(name)
      .and_then(|text| text.parse::<usize>().ok())
  };
  let after = |log: &&Value| match request.param("from") {
    Some(from) => log["_id"].as_str().unwrap() > from,
    None => true,
  };
  let (skip, count) = match number("take") {
    Some(take) => (0, take),
    None => {
      let per_page = number("per_page").unwrap_or(50);
      (number("page").unwrap_or(0) * per_page, per_page)
    }
  };
  Value::Array(
    logs
      .iter()
      .filter(after)
      .skip(skip)
      .take(count)
      .cloned()
      .collect(),
  )
}
