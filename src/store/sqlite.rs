//! SQLite (rusqlite, bundled): the embedded default store. One connection, used from the
//! blocking pool so writes never run on the JS thread; WAL journal; a transaction per batch.
//! The file may be the application's own, open in its `better-sqlite3` or `node:sqlite` too
//! (`shared_file`).

mod shared_file;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row, Statement};
use serde_json::Value;
use uuid::Uuid;

use super::query::{EventPage, EventQuery, EventStats};
use super::sql_page::{page_sql, SqlParam, EVENT_COLUMNS, STATS_SELECT};
use super::table_name::TableName;
use super::{Batch, EventStore, StoreError, StoreSpec};
use crate::cede::cede_cpu;
use crate::config_error::ConfigError;
use crate::events::metadata::Metadata;
use crate::events::model::{AuthEvent, Display, EventStatus};
use crate::events::timestamp::{parse_iso, to_iso};

pub const DEFAULT_FILE: &str = "auth-events.db";

pub struct SqliteStore {
  path: PathBuf,
  table: TableName,
  busy_timeout: Duration,
  connection: Arc<Mutex<Option<Connection>>>,
}

impl SqliteStore {
  pub fn open(spec: &StoreSpec<'_>) -> Result<Self, ConfigError> {
    let path = match spec.client {
      Value::Null => DEFAULT_FILE,
      Value::String(path) if !path.is_empty() => path.as_str(),
      _ => {
        return Err(ConfigError::new(format!(
          "events.client for clientType {:?} must be a database file path or a better-sqlite3 / node:sqlite database opened on a file",
          spec.client_type
        )))
      }
    };
    shared_file::prepare(Path::new(path)).map_err(ConfigError::new)?;
    Ok(Self {
      path: PathBuf::from(path),
      table: spec.table.clone(),
      busy_timeout: spec.timeout,
      connection: Arc::new(Mutex::new(None)),
    })
  }

  /// Runs `work` on the blocking pool with the connection, opening it (and the table) first.
  async fn with_connection<T: Send + 'static>(
    &self,
    work: impl FnOnce(&mut Connection, &TableName) -> rusqlite::Result<T> + Send + 'static,
  ) -> Result<T, StoreError> {
    let connection = Arc::clone(&self.connection);
    let path = self.path.clone();
    let table = self.table.clone();
    let busy_timeout = self.busy_timeout;
    tokio::task::spawn_blocking(move || {
      let mut guard = connection
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
      if guard.is_none() {
        *guard = Some(connect(&path, &table, busy_timeout).map_err(|error| {
          StoreError::unavailable(format!(
            "cannot open SQLite database {}: {error}",
            path.display()
          ))
        })?);
      }
      let connection = guard.as_mut().expect("opened above");
      work(connection, &table).map_err(classify)
    })
    .await
    .map_err(|error| StoreError::failed(format!("SQLite worker stopped: {error}")))?
  }
}

fn connect(
  path: &PathBuf,
  table: &TableName,
  busy_timeout: Duration,
) -> rusqlite::Result<Connection> {
  let connection = Connection::open(path)?;
  connection.busy_timeout(busy_timeout)?;
  // SQLite keeps the old mode when it cannot switch (another connection in a transaction
  // that changes it back, say): busy, so the store retries the open later.
  let journal: String =
    connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
  if !journal.eq_ignore_ascii_case("wal") {
    return Err(rusqlite::Error::SqliteFailure(
      rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
      Some(format!("journal_mode stayed {journal}: WAL is needed")),
    ));
  }
  connection.pragma_update(None, "synchronous", "NORMAL")?;
  // Checkpoint the WAL every ~40 MB instead of every 4 MB: ingestion is write-heavy.
  connection.pragma_update(None, "wal_autocheckpoint", 10_000)?;
  // A 64 MB page cache (the default is 2 MB) keeps the indexes' pages in memory between batches.
  connection.pragma_update(None, "cache_size", -65_536)?;
  // Multi-row INSERTs keep a statement journal (to undo a half-done statement); in memory,
  // not a temporary file, it costs a copy per page instead of a write() system call.
  connection.pragma_update(None, "temp_store", "MEMORY")?;
  connection.execute_batch(&create_table_sql(table))?;
  Ok(connection)
}

fn create_table_sql(table: &TableName) -> String {
  let name = table.quoted();
  let index_prefix = table
    .schema
    .as_ref()
    .map_or(String::new(), |schema| format!("\"{schema}\"."));
  let bare = format!("\"{}\"", table.table);
  format!(
    "CREATE TABLE IF NOT EXISTS {name} (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      timestamp TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      status TEXT NOT NULL DEFAULT 'success',
      user_id TEXT,
      session_id TEXT,
      organization_id TEXT,
      metadata TEXT DEFAULT '{{}}',
      ip_address TEXT,
      user_agent TEXT,
      source TEXT DEFAULT 'app',
      display_message TEXT,
      display_severity TEXT,
      created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX IF NOT EXISTS {index_prefix}\"{user_id}\" ON {bare}(user_id);
    CREATE INDEX IF NOT EXISTS {index_prefix}\"{kind}\" ON {bare}(type);
    CREATE INDEX IF NOT EXISTS {index_prefix}\"{at}\" ON {bare}(timestamp DESC);
    CREATE INDEX IF NOT EXISTS {index_prefix}\"{id_at}\" ON {bare}(id, timestamp DESC);",
    user_id = table.index_name("user_id"),
    kind = table.index_name("type"),
    at = table.index_name("timestamp"),
    id_at = table.index_name("id_timestamp"),
  )
}

/// Busy/locked/unopenable files are outages; anything else means SQLite refused the rows.
fn classify(error: rusqlite::Error) -> StoreError {
  use rusqlite::ErrorCode::*;
  match error.sqlite_error_code() {
    Some(DatabaseBusy | DatabaseLocked | CannotOpen | SystemIoFailure | DiskFull | ReadOnly) => {
      StoreError::unavailable(format!("SQLite: {error}"))
    }
    _ => StoreError::rejected(format!("SQLite: {error}")),
  }
}

/// Rows per INSERT statement: fewer statement executions, same transaction.
const ROWS_PER_STATEMENT: usize = 50;

fn insert_sql(table: &TableName, rows: usize) -> String {
  let row = format!("({})", vec!["?"; EVENT_COLUMNS.len()].join(", "));
  format!(
    "INSERT INTO {} ({}) VALUES {} ON CONFLICT(id) DO NOTHING",
    table.quoted(),
    EVENT_COLUMNS.join(", "),
    vec![row; rows].join(", ")
  )
}

/// Binds `events` as consecutive rows of an INSERT, in `EVENT_COLUMNS` order.
fn bind_rows(statement: &mut Statement<'_>, events: &[AuthEvent]) -> rusqlite::Result<()> {
  for (row, event) in events.iter().enumerate() {
    let first = row * EVENT_COLUMNS.len() + 1;
    statement.raw_bind_parameter(first, event.id.to_string())?;
    statement.raw_bind_parameter(first + 1, &event.event_type)?;
    statement.raw_bind_parameter(first + 2, to_iso(event.timestamp))?;
    statement.raw_bind_parameter(first + 3, event.status.as_str())?;
    statement.raw_bind_parameter(first + 4, &event.user_id)?;
    statement.raw_bind_parameter(first + 5, &event.session_id)?;
    statement.raw_bind_parameter(first + 6, &event.organization_id)?;
    statement.raw_bind_parameter(first + 7, event.metadata.as_json())?;
    statement.raw_bind_parameter(first + 8, &event.ip_address)?;
    statement.raw_bind_parameter(first + 9, &event.user_agent)?;
    statement.raw_bind_parameter(first + 10, &event.source)?;
    statement.raw_bind_parameter(first + 11, &event.display.message)?;
    statement.raw_bind_parameter(first + 12, event.display.severity.as_str())?;
  }
  Ok(())
}

fn write_events(
  connection: &mut Connection,
  table: &TableName,
  events: &[AuthEvent],
) -> rusqlite::Result<()> {
  let transaction = connection.transaction()?;
  {
    let mut chunks = events.chunks_exact(ROWS_PER_STATEMENT);
    if chunks.len() > 0 {
      let mut insert_many = transaction.prepare_cached(&insert_sql(table, ROWS_PER_STATEMENT))?;
      for chunk in &mut chunks {
        bind_rows(&mut insert_many, chunk)?;
        insert_many.raw_execute()?;
        cede_cpu();
      }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
      let mut insert_one = transaction.prepare_cached(&insert_sql(table, 1))?;
      for event in rest {
        bind_rows(&mut insert_one, std::slice::from_ref(event))?;
        insert_one.raw_execute()?;
      }
    }
  }
  transaction.commit()
}

fn read_event(row: &Row<'_>) -> rusqlite::Result<AuthEvent> {
  let text = |index: usize| row.get::<_, Option<String>>(index);
  let metadata = text(7)?.map_or_else(Metadata::empty, Metadata::from_stored);
  let event_type: String = row.get(1)?;
  Ok(AuthEvent {
    id: text(0)?
      .and_then(|id| Uuid::parse_str(&id).ok())
      .unwrap_or_default(),
    timestamp: text(2)?.as_deref().and_then(parse_stored_time).unwrap_or(0),
    status: text(3)?
      .as_deref()
      .and_then(EventStatus::parse)
      .unwrap_or_default(),
    user_id: text(4)?,
    session_id: text(5)?,
    organization_id: text(6)?,
    metadata,
    ip_address: text(8)?,
    user_agent: text(9)?,
    source: text(10)?.unwrap_or_else(|| "app".to_owned()),
    display: Display::from_stored(text(11)?, text(12)?.as_deref(), &event_type),
    event_type,
  })
}

/// ISO-8601 as we and the JS package write it, or SQLite's own `YYYY-MM-DD HH:MM:SS` (UTC).
fn parse_stored_time(text: &str) -> Option<i64> {
  parse_iso(text).or_else(|| {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
      .ok()
      .map(|moment| moment.and_utc().timestamp_millis())
  })
}

fn to_sql(param: SqlParam) -> String {
  match param {
    SqlParam::Text(text) => text,
    SqlParam::Millis(millis) => to_iso(millis),
    SqlParam::Id(id) => id.to_string(),
  }
}

#[async_trait]
impl EventStore for SqliteStore {
  /// Under a backlog, fewer and larger transactions: every commit writes each page it dirtied
  /// (the index pages above all) to the WAL again, so 20,000-row commits write far less.
  fn max_batch_rows(&self) -> Option<usize> {
    Some(20_000)
  }

  async fn ingest_batch(&self, events: Batch) -> Result<(), StoreError> {
    self
      .with_connection(move |connection, table| write_events(connection, table, &events))
      .await
  }

  async fn query(&self, query: &EventQuery) -> Result<EventPage, StoreError> {
    let owned = query.clone();
    let events = self
      .with_connection(move |connection, table| {
        let page = page_sql(table, &EVENT_COLUMNS.join(", "), &owned, |n| {
          format!("?{n}")
        });
        let mut statement = connection.prepare_cached(&page.sql)?;
        let rows = statement.query_map(
          params_from_iter(page.params.into_iter().map(to_sql)),
          read_event,
        )?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
      })
      .await?;
    Ok(query.page(events))
  }

  async fn count(&self) -> Result<u64, StoreError> {
    self
      .with_connection(|connection, table| {
        connection.query_row(
          &format!("SELECT COUNT(*) FROM {}", table.quoted()),
          [],
          |row| row.get::<_, i64>(0),
        )
      })
      .await
      .map(|count| count as u64)
  }

  async fn stats(&self) -> Result<EventStats, StoreError> {
    self
      .with_connection(|connection, table| {
        let sql = format!("SELECT {STATS_SELECT} FROM {}", table.quoted());
        connection.query_row(&sql, [], |row| {
          let counts: [Option<i64>; 5] = [
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
          ];
          Ok(EventStats::from_counts(|index| {
            counts[index].unwrap_or(0) as u64
          }))
        })
      })
      .await
  }

  async fn health_check(&self) -> Result<(), StoreError> {
    self
      .with_connection(|connection, _| {
        connection
          .query_row("SELECT 1", [], |row| row.get::<_, i64>(0))
          .optional()
          .map(|_| ())
      })
      .await
  }

  async fn shutdown(&self) -> Result<(), StoreError> {
    let connection = Arc::clone(&self.connection);
    tokio::task::spawn_blocking(move || {
      connection
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
    })
    .await
    .map(|_| ())
    .map_err(|error| StoreError::failed(format!("SQLite worker stopped: {error}")))
  }
}

#[cfg(test)]
mod tests;
