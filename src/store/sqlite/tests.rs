//! The SQLite store against real files in a temporary directory: the table it creates, what
//! it writes and reads back, and how it classifies SQLite's failures for the engine.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use serde_json::Value;

use super::SqliteStore;
use crate::events::emission::decode_emissions;
use crate::events::model::{AuthEvent, EventStatus};
use crate::store::query::{EventQuery, QueryOptions, SortOrder};
use crate::store::table_name::TableName;
use crate::store::{EventStore, StoreErrorKind, StoreSpec};

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
  fn new() -> Self {
    let path = std::env::temp_dir().join(format!(
      "auth-ingest-sqlite-{}-{}",
      std::process::id(),
      fastrand::u64(..)
    ));
    std::fs::create_dir_all(&path).unwrap();
    Self(path)
  }

  fn file(&self, name: &str) -> PathBuf {
    self.0.join(name)
  }
}

impl Drop for TempDir {
  fn drop(&mut self) {
    let _ = std::fs::remove_dir_all(&self.0);
  }
}

fn open_with(path: &Path, table: Option<&str>, timeout: Duration) -> SqliteStore {
  let client = Value::String(path.to_str().unwrap().to_owned());
  SqliteStore::open(&StoreSpec {
    client_type: "sqlite",
    client: &client,
    table: TableName::parse(table).unwrap(),
    timeout,
    headers: &Value::Null,
    batch_size: 100,
  })
  .unwrap()
}

fn open(path: &Path) -> SqliteStore {
  open_with(path, None, Duration::from_secs(5))
}

/// `count` events one millisecond apart, of two types and two users, every fifth failed,
/// with metadata, an IP and a user agent.
fn events(count: usize) -> Vec<AuthEvent> {
  let records: Vec<String> = (0..count)
    .map(|index| {
      let (event_type, user) = if index % 2 == 0 {
        ("user.signed_in", "u-even")
      } else {
        ("session.created", "u-odd")
      };
      let status = if index % 5 == 0 { "failed" } else { "success" };
      format!(
        r#"["{event_type}","{status}","{user}","s{index}","o1",{{"index":{index},"note":"n\u00e9"}},"10.0.0.{}","UA {index}",{index}]"#,
        index % 250
      )
    })
    .collect();
  let json = format!("[{}]", records.join(","));
  decode_emissions(json.as_bytes(), 1_700_000_000_000).unwrap()
}

fn query(options: QueryOptions) -> EventQuery {
  EventQuery::from_options(options).unwrap()
}

/// Every page of `options`' query, following `nextCursor`.
async fn all_pages(store: &SqliteStore, options: QueryOptions) -> (Vec<AuthEvent>, usize) {
  let mut events = Vec::new();
  let mut pages = 0;
  let mut after = None;
  loop {
    let page = store
      .query(&query(QueryOptions {
        after: after.take(),
        ..options.clone()
      }))
      .await
      .unwrap();
    pages += 1;
    events.extend(page.events);
    match page.next_cursor {
      Some(cursor) => after = Some(cursor),
      None => return (events, pages),
    }
  }
}

fn journal_mode(path: &Path) -> String {
  Connection::open(path)
    .unwrap()
    .query_row("PRAGMA journal_mode", [], |row| row.get(0))
    .unwrap()
}

fn names_in(path: &Path, kind: &str) -> Vec<String> {
  let connection = Connection::open(path).unwrap();
  let mut statement = connection
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap();
  let names = statement
    .query_map([kind], |row| row.get(0))
    .unwrap()
    .collect::<rusqlite::Result<Vec<String>>>()
    .unwrap();
  names
}

#[tokio::test]
async fn creates_the_table_and_its_indexes_in_wal_mode_on_first_use() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  let store = open(&path);
  assert!(!path.exists(), "nothing is opened before the first use");
  store.health_check().await.unwrap();
  assert_eq!(journal_mode(&path), "wal");
  assert_eq!(names_in(&path, "table"), ["auth_events"]);
  assert_eq!(
    names_in(&path, "index"),
    [
      "idx_auth_events_id_timestamp",
      "idx_auth_events_timestamp",
      "idx_auth_events_type",
      "idx_auth_events_user_id"
    ]
  );
  store.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_file_in_rollback_journal_mode_is_switched_to_wal() {
  let directory = TempDir::new();
  let path = directory.file("legacy.db");
  let legacy = Connection::open(&path).unwrap();
  legacy
    .pragma_update(None, "journal_mode", "DELETE")
    .unwrap();
  legacy.execute_batch("CREATE TABLE other (x)").unwrap();
  drop(legacy);
  assert_eq!(journal_mode(&path), "delete");
  let store = open(&path);
  store.ingest_batch(Arc::new(events(3))).await.unwrap();
  assert_eq!(journal_mode(&path), "wal");
  assert_eq!(names_in(&path, "table"), ["auth_events", "other"]);
}

#[tokio::test]
async fn writes_a_batch_and_reads_every_field_back() {
  let directory = TempDir::new();
  let store = open(&directory.file("events.db"));
  // 123 rows: two statements of 50 rows, then 23 one by one.
  let written = events(123);
  store.ingest_batch(Arc::new(written.clone())).await.unwrap();
  assert_eq!(store.count().await.unwrap(), 123);
  let (read, pages) = all_pages(
    &store,
    QueryOptions {
      limit: Some(50.0),
      sort: Some(SortOrder::Asc),
      ..Default::default()
    },
  )
  .await;
  assert_eq!(pages, 3);
  assert_eq!(read.len(), written.len());
  for (read, written) in read.iter().zip(&written) {
    assert_eq!(read.id, written.id);
    assert_eq!(read.event_type, written.event_type);
    assert_eq!(read.timestamp, written.timestamp);
    assert_eq!(read.status, written.status);
    assert_eq!(read.user_id, written.user_id);
    assert_eq!(read.session_id, written.session_id);
    assert_eq!(read.organization_id, written.organization_id);
    assert_eq!(read.metadata.to_value(), written.metadata.to_value());
    assert_eq!(read.ip_address, written.ip_address);
    assert_eq!(read.user_agent, written.user_agent);
    assert_eq!(read.source, written.source);
    assert_eq!(read.display, written.display);
  }
}

#[tokio::test]
async fn pages_newest_first_and_filters_by_type_user_and_time() {
  let directory = TempDir::new();
  let store = open(&directory.file("events.db"));
  let written = events(40);
  store.ingest_batch(Arc::new(written.clone())).await.unwrap();
  let (newest_first, _) = all_pages(
    &store,
    QueryOptions {
      limit: Some(7.0),
      ..Default::default()
    },
  )
  .await;
  let ids: Vec<_> = newest_first.iter().map(|event| event.id).collect();
  let expected: Vec<_> = written.iter().rev().map(|event| event.id).collect();
  assert_eq!(ids, expected);

  let (signed_in, _) = all_pages(
    &store,
    QueryOptions {
      event_type: Some("user.signed_in".into()),
      ..Default::default()
    },
  )
  .await;
  assert_eq!(signed_in.len(), 20);
  assert!(signed_in
    .iter()
    .all(|event| event.event_type == "user.signed_in"));

  let (odd_user, _) = all_pages(
    &store,
    QueryOptions {
      user_id: Some("u-odd".into()),
      ..Default::default()
    },
  )
  .await;
  assert_eq!(odd_user.len(), 20);

  let page = store
    .query(&query(QueryOptions {
      since: Some(written[30].timestamp),
      limit: Some(100.0),
      ..Default::default()
    }))
    .await
    .unwrap();
  assert_eq!(page.events.len(), 10);
  assert!(!page.has_more);
}

#[tokio::test]
async fn counts_statuses_and_severities_in_stats() {
  let directory = TempDir::new();
  let store = open(&directory.file("events.db"));
  let written = events(50);
  store.ingest_batch(Arc::new(written.clone())).await.unwrap();
  let stats = store.stats().await.unwrap();
  let failed = written
    .iter()
    .filter(|event| event.status == EventStatus::Failed)
    .count() as u64;
  assert_eq!(stats.total, 50);
  assert_eq!(failed, 10);
  assert_eq!(stats.failed, failed);
  assert_eq!(
    stats.success + stats.failed + stats.warning + stats.info,
    50
  );
}

#[tokio::test]
async fn a_row_whose_id_is_stored_already_is_skipped() {
  let directory = TempDir::new();
  let store = open(&directory.file("events.db"));
  let first = events(60);
  store.ingest_batch(Arc::new(first.clone())).await.unwrap();
  // Retried after an ambiguous failure, with one new event: only that one is added.
  let mut retried = first.clone();
  retried.extend(events(1));
  store.ingest_batch(Arc::new(retried)).await.unwrap();
  assert_eq!(store.count().await.unwrap(), 61);
}

#[tokio::test]
async fn a_schema_qualified_table_is_created_and_used_in_that_schema() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  let store = open_with(&path, Some("main.audit_log"), Duration::from_secs(5));
  store.ingest_batch(Arc::new(events(5))).await.unwrap();
  assert_eq!(store.count().await.unwrap(), 5);
  assert_eq!(names_in(&path, "table"), ["audit_log"]);
  assert!(names_in(&path, "index").contains(&"idx_audit_log_user_id".to_owned()));
  let page = store.query(&query(QueryOptions::default())).await.unwrap();
  assert_eq!(page.events.len(), 5);
}

#[tokio::test]
async fn a_file_that_cannot_be_opened_is_an_outage() {
  let directory = TempDir::new();
  let path = directory.file("missing-directory").join("events.db");
  let store = open(&path);
  let error = store.ingest_batch(Arc::new(events(1))).await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
  assert!(
    error
      .message
      .starts_with(&format!("cannot open SQLite database {}: ", path.display())),
    "{}",
    error.message
  );
  // Once the directory exists, the next write opens the file: an outage, not a dead store.
  std::fs::create_dir_all(path.parent().unwrap()).unwrap();
  store.ingest_batch(Arc::new(events(1))).await.unwrap();
  assert_eq!(store.count().await.unwrap(), 1);
}

#[tokio::test]
async fn a_read_only_database_is_an_outage() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  open(&path).health_check().await.unwrap();
  // Tests may run as root, whom file modes do not stop: SQLite's read-only URI mode does.
  let read_only = PathBuf::from(format!("file:{}?mode=ro", path.display()));
  let store = open(&read_only);
  let error = store.ingest_batch(Arc::new(events(1))).await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable, "{}", error.message);
  assert!(error.message.starts_with("SQLite: "), "{}", error.message);
}

#[tokio::test]
async fn a_database_locked_by_another_writer_is_an_outage() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  let store = open_with(&path, None, Duration::from_millis(50));
  store.health_check().await.unwrap();
  let other = Connection::open(&path).unwrap();
  other.execute_batch("BEGIN EXCLUSIVE").unwrap();
  let error = store.ingest_batch(Arc::new(events(1))).await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable, "{}", error.message);
  other.execute_batch("COMMIT").unwrap();
  store.ingest_batch(Arc::new(events(1))).await.unwrap();
}

#[tokio::test]
async fn a_row_the_table_refuses_is_rejected_and_the_batch_written_not_at_all() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  // The application's own table, stricter than ours: no `session.created` events.
  Connection::open(&path)
    .unwrap()
    .execute_batch(
      "CREATE TABLE auth_events (id TEXT PRIMARY KEY, type TEXT NOT NULL CHECK (type <> 'session.created'), \
       timestamp TEXT, status TEXT, user_id TEXT, session_id TEXT, organization_id TEXT, metadata TEXT, \
       ip_address TEXT, user_agent TEXT, source TEXT, display_message TEXT, display_severity TEXT)",
    )
    .unwrap();
  let store = open(&path);
  let error = store.ingest_batch(Arc::new(events(2))).await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Rejected, "{}", error.message);
  assert!(
    error.message.contains("CHECK constraint failed"),
    "{}",
    error.message
  );
  assert_eq!(store.count().await.unwrap(), 0, "all or nothing");
  store.ingest_batch(Arc::new(events(1))).await.unwrap();
  assert_eq!(store.count().await.unwrap(), 1);
}

#[tokio::test]
async fn rows_written_by_other_code_read_back_with_sqlite_times_and_defaults() {
  let directory = TempDir::new();
  let path = directory.file("events.db");
  let store = open(&path);
  store.health_check().await.unwrap();
  Connection::open(&path)
    .unwrap()
    .execute_batch(
      "INSERT INTO auth_events (id, type, timestamp) \
       VALUES ('0190a5c4-0000-7000-8000-000000000001', 'user.joined', '2024-01-02 03:04:05')",
    )
    .unwrap();
  let page = store.query(&query(QueryOptions::default())).await.unwrap();
  let event = &page.events[0];
  assert_eq!(event.timestamp, 1_704_164_645_000);
  assert_eq!(event.status, EventStatus::Success);
  assert_eq!(event.source, "app");
  assert_eq!(event.display.message, "user.joined");
}

#[test]
fn a_client_that_is_not_a_path_is_a_configuration_error() {
  let client = serde_json::json!({ "filename": "x.db" });
  let error = SqliteStore::open(&StoreSpec {
    client_type: "sqlite",
    client: &client,
    table: TableName::parse(None).unwrap(),
    timeout: Duration::from_secs(1),
    headers: &Value::Null,
    batch_size: 1,
  })
  .err()
  .unwrap();
  assert_eq!(
    error.0,
    "events.client for clientType \"sqlite\" must be a database file path or a better-sqlite3 / node:sqlite database opened on a file"
  );
}

#[tokio::test]
async fn a_database_that_cannot_use_wal_is_not_written_and_says_why() {
  // An in-memory database keeps journal_mode MEMORY whatever is asked.
  let store = open(Path::new(":memory:"));
  let error = store.ingest_batch(Arc::new(events(1))).await.unwrap_err();
  assert_eq!(error.kind, StoreErrorKind::Unavailable);
  assert!(
    error
      .message
      .ends_with("journal_mode stayed memory: WAL is needed"),
    "{}",
    error.message
  );
}
