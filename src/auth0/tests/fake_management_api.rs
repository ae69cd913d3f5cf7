//! A tiny Management API on 127.0.0.1 for the pager's and processor's tests: a tenant's logs
//! served oldest first from a checkpoint (`from`/`take`, or `page`/`per_page`), a token
//! endpoint, and scripted answers (429, 5xx, bad bodies) for the next log requests. Plain
//! HTTP/1.1 over a tokio `TcpListener`, one request per connection.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::events::timestamp::{now_millis, to_iso};

/// An answer: status, extra headers and a body.
#[derive(Clone, Debug)]
pub struct Canned {
  pub status: u16,
  pub headers: Vec<(String, String)>,
  pub body: String,
}

impl Canned {
  pub fn new(status: u16, body: impl Into<String>) -> Self {
    Self {
      status,
      headers: Vec::new(),
      body: body.into(),
    }
  }

  pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
    self.headers.push((name.to_owned(), value.into()));
    self
  }
}

/// A request the API received.
#[derive(Clone, Debug)]
pub struct Request {
  pub method: String,
  pub path: String,
  pub query: Vec<(String, String)>,
}

impl Request {
  pub fn param(&self, name: &str) -> Option<&str> {
    self
      .query
      .iter()
      .find(|(key, _)| key == name)
      .map(|(_, value)| value.as_str())
  }
}

#[derive(Default)]
struct Tenant {
  /// Oldest first; ids are zero-padded numbers, so they sort as they were logged.
  logs: Mutex<Vec<Value>>,
  /// Answers for the next `GET /api/v2/logs`, before the logs themselves are served.
  scripted: Mutex<VecDeque<Canned>>,
  /// Headers added to every served page of logs.
  page_headers: Mutex<Vec<(String, String)>>,
  token: Mutex<Option<Canned>>,
  requests: Mutex<Vec<Request>>,
}

pub struct FakeManagementApi {
  pub base_url: String,
  tenant: Arc<Tenant>,
  server: JoinHandle<()>,
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
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let tenant = Arc::new(Tenant::default());
    let serving = Arc::clone(&tenant);
    let server = tokio::spawn(async move {
      while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, Arc::clone(&serving)));
      }
    });
    Self {
      base_url,
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
    self.tenant.requests.lock().unwrap().clone()
  }

  pub fn log_requests(&self) -> Vec<Request> {
    self
      .requests()
      .into_iter()
      .filter(|request| request.path == "/api/v2/logs")
      .collect()
  }
}

impl Drop for FakeManagementApi {
  fn drop(&mut self) {
    self.server.abort();
  }
}

async fn serve(mut stream: TcpStream, tenant: Arc<Tenant>) {
  let Some(request) = read_request(&mut stream).await else {
    return;
  };
  tenant.requests.lock().unwrap().push(request.clone());
  let answer = answer(&tenant, &request);
  let mut head = format!(
    "HTTP/1.1 {} Canned\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
    answer.status,
    answer.body.len()
  );
  for (name, value) in &answer.headers {
    head.push_str(&format!("{name}: {value}\r\n"));
  }
  head.push_str("\r\n");
  let _ = stream.write_all(head.as_bytes()).await;
  let _ = stream.write_all(answer.body.as_bytes()).await;
  let _ = stream.shutdown().await;
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

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
  let mut received = Vec::new();
  let mut buffer = [0u8; 4096];
  let head_end = loop {
    let read = stream.read(&mut buffer).await.ok()?;
    if read == 0 {
      return None;
    }
    received.extend_from_slice(&buffer[..read]);
    if let Some(end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
      break end + 4;
    }
  };
  let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
  let content_length = head
    .lines()
    .filter_map(|line| line.split_once(':'))
    .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
    .and_then(|(_, value)| value.trim().parse::<usize>().ok())
    .unwrap_or(0);
  while received.len() < head_end + content_length {
    let read = stream.read(&mut buffer).await.ok()?;
    if read == 0 {
      break;
    }
    received.extend_from_slice(&buffer[..read]);
  }
  let mut request_line = head.lines().next()?.split_whitespace();
  let method = request_line.next()?.to_owned();
  let target = request_line.next()?;
  let (path, query) = target.split_once('?').unwrap_or((target, ""));
  Some(Request {
    method,
    path: path.to_owned(),
    query: url::form_urlencoded::parse(query.as_bytes())
      .into_owned()
      .collect(),
  })
}
