//! ClickHouse (the `clickhouse` crate: RowBinary over HTTP). A batch is one INSERT; its rows
//! are marked uncertain while the INSERT is under way, and a retry of uncertain rows first
//! reads which ids the server already holds (see `uncertain_ids`). Works with 18.x servers:
//! no schema validation, no settings, no server-side query parameters.

mod connection;
mod errors;
mod row;
mod schema;
mod uncertain_ids;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use clickhouse::Client;
use tokio::sync::Mutex;
use uuid::Uuid;

use self::connection::ClickHouseTarget;
use self::errors::{classify, Classified};
use self::row::{to_seconds, EventRow};
use self::uncertain_ids::UncertainIds;
use super::query::{Cursor, EventPage, EventQuery, EventStats};
use super::sql_page::{page_sql, SqlParam, EVENT_COLUMNS, STATS_SELECT};
use super::table_name::TableName;
use super::{Batch, EventStore, StoreError, StoreSpec};
use crate::cede::cede_after_row;
use crate::config_error::ConfigError;
use crate::events::model::AuthEvent;

pub struct ClickHouseStore {
  client: Client,
  table: TableName,
  /// Scheme, host, port and database: the prefix of every message (never the password).
  target: String,
  timeout: Duration,
  table_ready: AtomicBool,
  creating_table: Mutex<()>,
  uncertain: UncertainIds,
}

impl ClickHouseStore {
  pub fn open(spec: &StoreSpec<'_>) -> Result<Self, ConfigError> {
    let target = ClickHouseTarget::parse(spec.client)?;
    Ok(Self {
      client: target.client(spec.timeout)?,
      table: spec.table.clone(),
      target: target.description,
      timeout: spec.timeout,
      table_ready: AtomicBool::new(false),
      creating_table: Mutex::new(()),
      uncertain: UncertainIds::default(),
    })
  }

  fn settle(&self, classified: Classified) -> StoreError {
    if classified.table_missing {
      self.table_ready.store(false, Ordering::Release);
    }
    classified.error
  }

  fn fail(&self, error: &clickhouse::error::Error) -> StoreError {
    self.settle(classify(&self.target, error))
  }

  async fn ensure_table(&self) -> Result<(), StoreError> {
    if self.table_ready.load(Ordering::Acquire) {
      return Ok(());
    }
    let _creating = self.creating_table.lock().await;
    if self.table_ready.load(Ordering::Acquire) {
      return Ok(());
    }
    if let Some(database) = &self.table.schema {
      let sql = format!("CREATE DATABASE IF NOT EXISTS \"{database}\"");
      self
        .client
        .query(&sql)
        .execute()
        .await
        .map_err(|error| self.fail(&error))?;
    }
    self
      .client
      .query(&schema::create_table_sql(&self.table))
      .execute()
      .await
      .map_err(|error| self.fail(&error))?;
    self.table_ready.store(true, Ordering::Release);
    Ok(())
  }

  async fn insert(&self, events: &[&AuthEvent]) -> Result<(), clickhouse::error::Error> {
    let mut insert = self
      .client
      .insert::<EventRow<'_>>(&self.table.quoted())?
      .with_timeouts(Some(self.timeout), Some(self.timeout));
    for (row, event) in events.iter().enumerate() {
      insert.write(&EventRow::new(event)).await?;
      cede_after_row(row);
    }
    insert.end().await
  }

  /// The ids among `events` that the table already holds (looked up by their time range,
  /// which the table's sort key makes cheap).
  async fn stored_ids(&self, events: &[AuthEvent]) -> Result<HashSet<Uuid>, StoreError> {
    let seconds = events.iter().map(|event| to_seconds(event.timestamp));
    let (from, to) = seconds.fold((u32::MAX, 0), |(low, high), at| (low.min(at), high.max(at)));
    let sql = format!(
      "SELECT toString(id) FROM {} WHERE timestamp >= ? AND timestamp <= ?",
      self.table.quoted()
    );
    let ids: Vec<String> = self
      .client
      .query(&sql)
      .bind(from)
      .bind(to)
      .fetch_all()
      .await
      .map_err(|error| self.fail(&error))?;
    Ok(
      ids
        .iter()
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect(),
    )
  }

  /// `Cursor::EventId` as a position: 18.x cannot compare against a UUID from a subquery.
  async fn resolve_cursor(&self, query: &EventQuery) -> Result<Option<EventQuery>, StoreError> {
    let Some(Cursor::EventId(id)) = query.after else {
      return Ok(Some(query.clone()));
    };
    let sql = format!(
      "SELECT timestamp FROM {} WHERE id = ? LIMIT 1",
      self.table.quoted()
    );
    let at: Option<u32> = self
      .client
      .query(&sql)
      .bind(id.to_string())
      .fetch_optional()
      .await
      .map_err(|error| self.fail(&error))?;
    Ok(at.map(|seconds| EventQuery {
      after: Some(Cursor::Position {
        timestamp: i64::from(seconds) * 1000,
        id,
      }),
      ..query.clone()
    }))
  }
}

#[async_trait]
impl EventStore for ClickHouseStore {
  /// Each INSERT costs a few milliseconds of round trip whatever its size: overlap them.
  /// Row order does not matter to a MergeTree sorted by (timestamp, type).
  fn max_in_flight(&self) -> usize {
    4
  }

  /// Every INSERT creates a part on the server: under a backlog, fewer and larger ones.
  fn max_batch_rows(&self) -> Option<usize> {
    Some(20_000)
  }

  async fn ingest_batch(&self, events: Batch) -> Result<(), StoreError> {
    self.ensure_table().await?;
    let rows: Vec<&AuthEvent> = if self.uncertain.any(events.iter()) {
      let stored = self.stored_ids(&events).await?;
      events
        .iter()
        .filter(|event| !stored.contains(&event.id))
        .collect()
    } else {
      events.iter().collect()
    };
    let attempt = self.uncertain.mark(rows.iter().copied());
    let result = if rows.is_empty() {
      Ok(())
    } else {
      self.insert(&rows).await
    };
    match result {
      Ok(()) => {
        self.uncertain.stored(attempt, events.iter());
        Ok(())
      }
      Err(error) => {
        let classified = classify(&self.target, &error);
        if !classified.maybe_stored {
          self.uncertain.forget(attempt);
        }
        Err(self.settle(classified))
      }
    }
  }

  async fn query(&self, query: &EventQuery) -> Result<EventPage, StoreError> {
    self.ensure_table().await?;
    let Some(resolved) = self.resolve_cursor(query).await? else {
      return Ok(query.page(Vec::new()));
    };
    let page = page_sql(&self.table, &EVENT_COLUMNS.join(", "), &resolved, |_| {
      "?".to_owned()
    });
    let mut select = self.client.query(&page.sql);
    for param in page.params {
      select = match param {
        SqlParam::Text(text) => select.bind(text),
        SqlParam::Millis(millis) => select.bind(to_seconds(millis)),
        SqlParam::Id(id) => select.bind(id.to_string()),
      };
    }
    let rows: Vec<EventRow<'static>> = select
      .fetch_all()
      .await
      .map_err(|error| self.fail(&error))?;
    Ok(query.page(rows.into_iter().map(EventRow::into_event).collect()))
  }

  async fn count(&self) -> Result<u64, StoreError> {
    self.ensure_table().await?;
    let sql = format!("SELECT count() FROM {}", self.table.quoted());
    self
      .client
      .query(&sql)
      .fetch_one::<u64>()
      .await
      .map_err(|error| self.fail(&error))
  }

  async fn stats(&self) -> Result<EventStats, StoreError> {
    self.ensure_table().await?;
    // As text: the sums' types (Nullable or not) differ between server versions.
    let sql = format!("SELECT {STATS_SELECT} FROM {}", self.table.quoted());
    let text = self
      .client
      .query(&sql)
      .fetch_bytes("TabSeparated")
      .map_err(|error| self.fail(&error))?
      .collect()
      .await
      .map_err(|error| self.fail(&error))?;
    let counts: Vec<u64> = String::from_utf8_lossy(&text)
      .trim()
      .split('\t')
      .map(|field| field.parse().unwrap_or(0))
      .collect();
    Ok(EventStats::from_counts(|index| {
      counts.get(index).copied().unwrap_or(0)
    }))
  }

  async fn health_check(&self) -> Result<(), StoreError> {
    self
      .client
      .query("SELECT 1")
      .fetch_one::<u8>()
      .await
      .map(|_| ())
      .map_err(|error| self.fail(&error))
  }
}
