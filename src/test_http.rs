//! A tiny HTTP/1.1 server on 127.0.0.1 for tests (a tokio `TcpListener`, one request per
//! connection): every request is recorded and answered by the test's function.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

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

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Request {
  pub method: String,
  pub path: String,
  pub query: Vec<(String, String)>,
  /// Header names in lower case.
  pub headers: Vec<(String, String)>,
  pub body: Vec<u8>,
}

impl Request {
  pub fn param(&self, name: &str) -> Option<&str> {
    find(&self.query, name)
  }

  pub fn header(&self, name: &str) -> Option<&str> {
    find(&self.headers, name)
  }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
  pairs
    .iter()
    .find(|(key, _)| key == name)
    .map(|(_, value)| value.as_str())
}

type Answer = dyn Fn(&Request) -> Canned + Send + Sync;

pub struct TestServer {
  pub base_url: String,
  requests: Arc<Mutex<Vec<Request>>>,
  server: JoinHandle<()>,
}

impl TestServer {
  pub async fn start(answer: impl Fn(&Request) -> Canned + Send + Sync + 'static) -> Self {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let answer: Arc<Answer> = Arc::new(answer);
    let recorded = Arc::clone(&requests);
    let server = tokio::spawn(async move {
      while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, Arc::clone(&recorded), Arc::clone(&answer)));
      }
    });
    Self {
      base_url,
      requests,
      server,
    }
  }

  pub fn requests(&self) -> Vec<Request> {
    self.requests.lock().unwrap().clone()
  }
}

impl Drop for TestServer {
  fn drop(&mut self) {
    self.server.abort();
  }
}

async fn serve(mut stream: TcpStream, requests: Arc<Mutex<Vec<Request>>>, answer: Arc<Answer>) {
  let Some(request) = read_request(&mut stream).await else {
    return;
  };
  let canned = answer(&request);
  requests.lock().unwrap().push(request);
  let mut head = format!(
    "HTTP/1.1 {} Canned\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
    canned.status,
    canned.body.len()
  );
  for (name, value) in &canned.headers {
    head.push_str(&format!("{name}: {value}\r\n"));
  }
  head.push_str("\r\n");
  let _ = stream.write_all(head.as_bytes()).await;
  let _ = stream.write_all(canned.body.as_bytes()).await;
  let _ = stream.shutdown().await;
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
  let mut lines = head.lines();
  let mut request_line = lines.next()?.split_whitespace();
  let method = request_line.next()?.to_owned();
  let target = request_line.next()?;
  let headers: Vec<(String, String)> = lines
    .filter_map(|line| line.split_once(':'))
    .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
    .collect();
  let content_length = find(&headers, "content-length")
    .and_then(|value| value.parse::<usize>().ok())
    .unwrap_or(0);
  while received.len() < head_end + content_length {
    let read = stream.read(&mut buffer).await.ok()?;
    if read == 0 {
      break;
    }
    received.extend_from_slice(&buffer[..read]);
  }
  let (path, query) = target.split_once('?').unwrap_or((target, ""));
  Some(Request {
    method,
    path: path.to_owned(),
    query: url::form_urlencoded::parse(query.as_bytes())
      .into_owned()
      .collect(),
    headers,
    body: received[head_end..].to_vec(),
  })
}
