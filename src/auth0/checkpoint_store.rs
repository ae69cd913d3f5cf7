//! What the processor keeps in the user's `storageContext` (SPEC 2.3): `checkpointId`,
//! `startFrom`, `logs_access_token` (the token cache) and the run history `logs`, trimmed
//! by its 5 oldest entries once the document reaches 400 KB. Other fields are kept as they are.

use async_trait::async_trait;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::error::Auth0Error;
use super::token::{AccessToken, TokenCache};

const HISTORY_LIMIT_BYTES: usize = 400 * 1024;
const HISTORY_TRIM: usize = 5;

/// `storageContext` of SPEC 2.3: `read()` and `write(data)`.
#[async_trait]
pub trait StorageContext: Send + Sync {
  async fn read(&self) -> Result<Value, Auth0Error>;
  async fn write(&self, data: &Value) -> Result<(), Auth0Error>;
}

/// The storage document of one run: read once when the run starts, written at every change.
pub struct CheckpointStore {
  storage: Box<dyn StorageContext>,
  document: Mutex<Map<String, Value>>,
}

impl CheckpointStore {
  pub async fn open(storage: Box<dyn StorageContext>) -> Result<Self, Auth0Error> {
    let document = match storage.read().await? {
      Value::Object(document) => document,
      _ => Map::new(),
    };
    Ok(Self {
      storage,
      document: Mutex::new(document),
    })
  }

  /// The checkpoint to start from; a `startFrom` that differs from the stored one replaces it.
  pub async fn start_checkpoint(
    &self,
    start_from: Option<&str>,
  ) -> Result<Option<String>, Auth0Error> {
    let mut document = self.document.lock().await;
    if let Some(start_from) = start_from.filter(|id| !id.is_empty()) {
      if document.get("startFrom").and_then(Value::as_str) != Some(start_from) {
        document.insert("startFrom".into(), start_from.into());
        document.insert("checkpointId".into(), start_from.into());
        self.write(&document).await?;
      }
    }
    Ok(text_field(&document, "checkpointId"))
  }

  pub async fn save_checkpoint(&self, checkpoint: &str) -> Result<(), Auth0Error> {
    let mut document = self.document.lock().await;
    document.insert("checkpointId".into(), checkpoint.into());
    self.write(&document).await
  }

  /// Appends the run's status (with its `checkpoint`) to the history and stores the checkpoint.
  pub async fn finish_run(
    &self,
    status: Value,
    checkpoint: Option<&str>,
  ) -> Result<(), Auth0Error> {
    let mut document = self.document.lock().await;
    let size = Value::Object(document.clone()).to_string().len();
    let history = document
      .entry("logs")
      .or_insert_with(|| Value::Array(Vec::new()));
    if !history.is_array() {
      *history = Value::Array(Vec::new());
    }
    let history = history.as_array_mut().expect("history is an array");
    if size >= HISTORY_LIMIT_BYTES && !history.is_empty() {
      history.drain(..HISTORY_TRIM.min(history.len()));
    }
    history.push(status);
    document.insert(
      "checkpointId".into(),
      checkpoint.map_or(Value::Null, Value::from),
    );
    self.write(&document).await
  }

  async fn write(&self, document: &Map<String, Value>) -> Result<(), Auth0Error> {
    self.storage.write(&Value::Object(document.clone())).await
  }
}

fn text_field(document: &Map<String, Value>, key: &str) -> Option<String> {
  document
    .get(key)
    .and_then(Value::as_str)
    .filter(|text| !text.is_empty())
    .map(str::to_owned)
}

#[async_trait]
impl TokenCache for CheckpointStore {
  async fn get(&self) -> Result<Option<AccessToken>, Auth0Error> {
    let document = self.document.lock().await;
    Ok(
      document
        .get("logs_access_token")
        .and_then(|token| serde_json::from_value(token.clone()).ok()),
    )
  }

  async fn set(&self, token: Option<&AccessToken>) -> Result<(), Auth0Error> {
    let mut document = self.document.lock().await;
    let value = token.map_or(Value::Null, |token| {
      serde_json::to_value(token).expect("a token serializes")
    });
    document.insert("logs_access_token".into(), value);
    self.write(&document).await
  }
}

#[cfg(test)]
pub(crate) mod tests {
  use std::sync::{Arc, Mutex as StdMutex};

  use super::*;
  use serde_json::json;

  /// A storage context kept in memory that records every write.
  #[derive(Clone, Default)]
  pub struct MemoryStorage {
    pub data: Arc<StdMutex<Value>>,
    pub writes: Arc<StdMutex<Vec<Value>>>,
  }

  #[async_trait]
  impl StorageContext for MemoryStorage {
    async fn read(&self) -> Result<Value, Auth0Error> {
      Ok(self.data.lock().unwrap().clone())
    }

    async fn write(&self, data: &Value) -> Result<(), Auth0Error> {
      *self.data.lock().unwrap() = data.clone();
      self.writes.lock().unwrap().push(data.clone());
      Ok(())
    }
  }

  async fn store_with(data: Value) -> (CheckpointStore, MemoryStorage) {
    let storage = MemoryStorage::default();
    *storage.data.lock().unwrap() = data;
    (
      CheckpointStore::open(Box::new(storage.clone()))
        .await
        .unwrap(),
      storage,
    )
  }

  #[tokio::test]
  async fn a_new_start_from_replaces_the_checkpoint_once() {
    let (store, storage) = store_with(json!({"checkpointId": "10", "mine": 1})).await;
    assert_eq!(
      store.start_checkpoint(None).await.unwrap().as_deref(),
      Some("10")
    );
    assert_eq!(
      store.start_checkpoint(Some("5")).await.unwrap().as_deref(),
      Some("5")
    );
    assert_eq!(
      store.start_checkpoint(Some("5")).await.unwrap().as_deref(),
      Some("5")
    );
    assert_eq!(storage.writes.lock().unwrap().len(), 1);
    assert_eq!(
      *storage.data.lock().unwrap(),
      json!({"checkpointId": "5", "startFrom": "5", "mine": 1})
    );
  }

  #[tokio::test]
  async fn keeps_the_token_in_the_document() {
    let (store, storage) = store_with(Value::Null).await;
    assert_eq!(store.get().await.unwrap(), None);
    let token = AccessToken {
      token: "t".into(),
      expires_at: 9,
    };
    store.set(Some(&token)).await.unwrap();
    assert_eq!(store.get().await.unwrap(), Some(token));
    assert_eq!(
      storage.data.lock().unwrap()["logs_access_token"],
      json!({"token": "t", "expiresAt": 9})
    );
    store.set(None).await.unwrap();
    assert_eq!(
      storage.data.lock().unwrap()["logs_access_token"],
      Value::Null
    );
  }

  #[tokio::test]
  async fn trims_the_five_oldest_runs_past_400_kb() {
    let padding = "x".repeat(HISTORY_LIMIT_BYTES);
    let history: Vec<Value> = (0..7).map(|run| json!({"run": run})).collect();
    let (store, storage) = store_with(json!({"logs": history, "padding": padding})).await;
    store
      .finish_run(json!({"run": 7}), Some("99"))
      .await
      .unwrap();
    let data = storage.data.lock().unwrap().clone();
    assert_eq!(data["logs"], json!([{"run": 5}, {"run": 6}, {"run": 7}]));
    assert_eq!(data["checkpointId"], json!("99"));
  }
}
