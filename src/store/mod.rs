//! Pure Rust: where events are kept. One file per backend behind [`EventStore`].

pub mod clickhouse;
pub mod error;
pub mod https;
pub mod postgres;
pub mod query;
pub mod sql_page;
pub mod sqlite;
pub mod table_name;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

use crate::config_error::ConfigError;
use crate::events::model::AuthEvent;
pub use error::{StoreError, StoreErrorKind};
pub use query::{EventPage, EventQuery, EventStats};
use table_name::TableName;

/// Events written together, shared (not copied: a `Vec` moves in whole) between the engine and
/// a store's worker.
pub type Batch<E = AuthEvent> = Arc<Vec<E>>;

/// A place events are written to and, for database stores, read back from. `E` is what the
/// engine hands it: whole events for native stores, `HeldEvent`s for a custom JS provider.
/// Every method may be called concurrently; writes keep the order of `events`.
#[async_trait]
pub trait EventStore<E: Send + Sync + 'static = AuthEvent>: Send + Sync {
  /// Writes all `events` or none of them. A row whose id is already stored is skipped, so
  /// a batch retried after an ambiguous failure does not duplicate.
  async fn ingest_batch(&self, events: Batch<E>) -> Result<(), StoreError>;

  async fn query(&self, _query: &EventQuery) -> Result<EventPage, StoreError> {
    Err(StoreError::unsupported("query"))
  }

  async fn count(&self) -> Result<u64, StoreError> {
    Err(StoreError::unsupported("count"))
  }

  async fn stats(&self) -> Result<EventStats, StoreError> {
    Err(StoreError::unsupported("getStats"))
  }

  /// How many batches the engine may write at once in batched mode. Stores whose server takes
  /// concurrent writes well raise it; batches in flight together may then land in any order.
  fn max_in_flight(&self) -> usize {
    1
  }

  /// When a backlog builds up, the engine may write up to this many rows at once instead of
  /// `batchSize` (stores where each write has a large fixed cost). `None`: exactly `batchSize`.
  fn max_batch_rows(&self) -> Option<usize> {
    None
  }

  /// A real round trip to the store.
  async fn health_check(&self) -> Result<(), StoreError>;

  /// Releases connections. Called once, after the last write.
  async fn shutdown(&self) -> Result<(), StoreError> {
    Ok(())
  }
}

/// How to reach a native store: everything but the JS objects, already validated.
pub struct StoreSpec<'a> {
  pub client_type: &'a str,
  pub client: &'a Value,
  pub table: TableName,
  pub timeout: Duration,
  pub headers: &'a Value,
  /// `batchSize`: 1 means every event is written on its own.
  pub batch_size: usize,
}

pub const CLIENT_TYPES: &str =
  "'postgres', 'prisma', 'drizzle', 'clickhouse', 'https', 'sqlite' or 'node-sqlite'";

/// Opens the native store for `clientType`. Connecting happens later, in the background.
pub fn open_store(spec: StoreSpec<'_>) -> Result<Arc<dyn EventStore>, ConfigError> {
  match spec.client_type {
    "sqlite" | "node-sqlite" => Ok(Arc::new(sqlite::SqliteStore::open(&spec)?)),
    "postgres" | "prisma" | "drizzle" => Ok(Arc::new(postgres::PostgresStore::open(&spec)?)),
    "clickhouse" => Ok(Arc::new(clickhouse::ClickHouseStore::open(&spec)?)),
    "https" => Ok(Arc::new(https::HttpsStore::open(&spec)?)),
    other => Err(ConfigError::new(format!(
      "events.clientType must be one of {CLIENT_TYPES}; got {other:?}"
    ))),
  }
}
