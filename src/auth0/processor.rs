//! The processor's run (SPEC 2.3): pulls logs from the stored checkpoint, hands them to the
//! handler in batches of `batchSize`, retries a failing handler with backoff, and stores the
//! checkpoint after every accepted batch, so that no log is skipped and none handed twice
//! across runs. Token, network and handler failures end the run with `status.error` set.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Serialize;

use super::budget::RunBudget;
use super::checkpoint_store::{CheckpointStore, StorageContext};
use super::client::{ClientSettings, ManagementClient};
use super::error::Auth0Error;
use super::log_entry::LogEntry;
use super::pager::{CheckpointPager, PageOutcome, PagerSettings};
use super::rate_limit::RATE_LIMIT_WARNING;
use super::run_logger::{LogLevel, RunLogger};
use crate::events::timestamp::{now_millis, to_iso};
use crate::retry::Backoff;

/// Auth0 serves at most this many logs per checkpoint page.
pub const MAX_PAGE: usize = 100;
const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;

#[derive(Clone, Debug)]
pub struct ProcessorSettings {
  pub batch_size: usize,
  pub max_retries: u32,
  pub max_run_time: Duration,
  pub start_from: Option<String>,
  pub types: Vec<String>,
  /// Upstream behaviour: after `max_retries` failures, move the checkpoint past the batch.
  pub skip_failed_batches: bool,
  pub backoff: Backoff,
}

/// The user's `handler(logs)`.
#[async_trait]
pub trait BatchHandler: Send + Sync {
  async fn handle(&self, logs: &[LogEntry]) -> Result<(), Auth0Error>;
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunStatus {
  pub start_checkpoint: Option<String>,
  pub start: String,
  pub end: Option<String>,
  pub logs_processed: u64,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub warning: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub error: Option<Auth0Error>,
  pub checkpoint: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RunOutcome {
  pub status: RunStatus,
  pub checkpoint: Option<String>,
}

/// One run. Rejects only when the storage cannot be read or the final state cannot be saved.
pub async fn run_processor(
  client: ClientSettings,
  settings: ProcessorSettings,
  storage: Box<dyn StorageContext>,
  handler: &dyn BatchHandler,
  logger: Arc<dyn RunLogger>,
) -> Result<RunOutcome, Auth0Error> {
  let started_ms = now_millis();
  let store = Arc::new(CheckpointStore::open(storage).await?);
  let start_checkpoint = store
    .start_checkpoint(settings.start_from.as_deref())
    .await?;
  logger.log(
    LogLevel::Debug,
    format!(
      "Starting logs processor from checkpoint: {}",
      start_checkpoint.as_deref().unwrap_or("none")
    ),
  );
  let status = RunStatus {
    start_checkpoint: start_checkpoint.clone(),
    start: to_iso(started_ms),
    end: None,
    logs_processed: 0,
    warning: None,
    error: None,
    checkpoint: None,
  };
  let budget = RunBudget::until(started_ms + settings.max_run_time.as_millis() as i64);
  let mut run = match ManagementClient::new(client, Some(store.clone())) {
    Ok(client) => {
      let pager_settings = PagerSettings {
        types: settings.types.clone(),
        max_retries: settings.max_retries,
        backoff: settings.backoff,
        budget,
      };
      let pager = CheckpointPager::new(
        Arc::new(client),
        pager_settings,
        start_checkpoint.clone(),
        logger.clone(),
      );
      Run {
        pager,
        store: store.clone(),
        handler,
        settings,
        logger,
        status,
        checkpoint: start_checkpoint,
        buffer: Vec::new(),
        last_log_date: None,
        responses: 0,
        started: Instant::now(),
      }
      .execute()
      .await
    }
    Err(error) => RunOutcome {
      status: RunStatus {
        end: Some(to_iso(now_millis())),
        error: Some(error),
        ..status
      },
      checkpoint: start_checkpoint,
    },
  };
  run.status.checkpoint = run.checkpoint.clone();
  if run.checkpoint != run.status.start_checkpoint || run.status.error.is_some() {
    let status = serde_json::to_value(&run.status).expect("a run status serializes");
    store.finish_run(status, run.checkpoint.as_deref()).await?;
  }
  Ok(run)
}

struct Run<'a> {
  pager: CheckpointPager,
  store: Arc<CheckpointStore>,
  handler: &'a dyn BatchHandler,
  settings: ProcessorSettings,
  logger: Arc<dyn RunLogger>,
  status: RunStatus,
  /// The last position up to which every log was accepted or filtered out.
  checkpoint: Option<String>,
  /// Logs received and kept by the filter, not yet accepted by the handler.
  buffer: Vec<LogEntry>,
  last_log_date: Option<i64>,
  responses: u32,
  started: Instant,
}

impl Run<'_> {
  async fn execute(mut self) -> RunOutcome {
    if let Err(error) = self.pull_and_ship().await {
      self.logger.log(
        LogLevel::Error,
        format!("Processor failed: {}", error.message),
      );
      self.status.error = Some(error);
    }
    let now = now_millis();
    self.status.end = Some(to_iso(now));
    if self.status.logs_processed > 0 && self.status.warning.is_none() {
      if let Some(date) = self.last_log_date.filter(|date| now - date >= WEEK_MS) {
        self.status.warning = Some(format!(
          "Logs are outdated more than for week. Last processed log has date is {}",
          to_iso(date)
        ));
      }
    }
    self.logger.log(
      LogLevel::Debug,
      format!(
        "Processor run complete. Logs processed: {}",
        self.status.logs_processed
      ),
    );
    RunOutcome {
      status: self.status,
      checkpoint: self.checkpoint,
    }
  }

  async fn pull_and_ship(&mut self) -> Result<(), Auth0Error> {
    loop {
      while self.buffer.len() >= self.settings.batch_size {
        self.ship(self.settings.batch_size).await?;
      }
      if !self.has_time_left() {
        self.logger.log(
          LogLevel::Debug,
          "No time left for additional requests".to_owned(),
        );
        break;
      }
      let page = self.pager.next(self.next_take()).await;
      self.responses += 1;
      match page {
        Ok(PageOutcome::Page(page)) => {
          self.buffer.extend(page.logs);
          if self.buffer.is_empty() {
            self.checkpoint = self.pager.position().map(str::to_owned);
          }
        }
        Ok(PageOutcome::Exhausted) => break,
        Ok(PageOutcome::RateLimited) => {
          self.status.warning = Some(RATE_LIMIT_WARNING.to_owned());
          break;
        }
        Err(error) => {
          self.flush().await?;
          return Err(error);
        }
      }
    }
    self.flush().await
  }

  /// Up to 100, and no more than the batch still needs when Auth0 is not asked to filter.
  fn next_take(&self) -> u32 {
    let wanted = if self.settings.types.is_empty() {
      self
        .settings
        .batch_size
        .saturating_sub(self.buffer.len())
        .max(1)
    } else {
      MAX_PAGE
    };
    wanted.min(MAX_PAGE) as u32
  }

  /// Upstream's rule: continue while the time left covers an average response.
  fn has_time_left(&self) -> bool {
    let Some(left) = self.pager.budget().time_left() else {
      return true;
    };
    let average = self.started.elapsed() / self.responses.max(1);
    !left.is_zero() && left >= average
  }

  async fn flush(&mut self) -> Result<(), Auth0Error> {
    while !self.buffer.is_empty() {
      self
        .ship(self.buffer.len().min(self.settings.batch_size))
        .await?;
    }
    Ok(())
  }

  /// Hands the first `count` buffered logs to the handler until it accepts them.
  async fn ship(&mut self, count: usize) -> Result<(), Auth0Error> {
    let mut attempt = 0;
    loop {
      let result = self.handler.handle(&self.buffer[..count]).await;
      let Err(error) = result else { break };
      let delay = self.settings.backoff.delay(attempt);
      if attempt < self.settings.max_retries && self.pager.budget().allows(delay) {
        attempt += 1;
        self.logger.log(
          LogLevel::Error,
          format!(
            "The handler failed ({}), retry {attempt} of {}.",
            error.message, self.settings.max_retries
          ),
        );
        tokio::time::sleep(delay).await;
        continue;
      }
      if self.settings.skip_failed_batches {
        let id_of = |log: &LogEntry| log.head().map(|head| head.id).unwrap_or_default();
        let (first, last) = (id_of(&self.buffer[0]), id_of(&self.buffer[count - 1]));
        self.logger.log(
          LogLevel::Error,
          format!("Skipping logs from {first} to {last} after {attempt} retries."),
        );
        self.accept(count, false).await?;
      }
      return Err(error);
    }
    self.accept(count, true).await
  }

  /// Moves the checkpoint past the first `count` buffered logs and stores it.
  async fn accept(&mut self, count: usize, handled: bool) -> Result<(), Auth0Error> {
    let last = self
      .buffer
      .drain(..count)
      .next_back()
      .expect("a batch is never empty");
    let head = last.head().ok();
    if handled {
      self.status.logs_processed += count as u64;
      self.last_log_date = head
        .as_ref()
        .and_then(|head| head.date)
        .or(self.last_log_date);
    }
    let checkpoint = if self.buffer.is_empty() {
      self.pager.position().map(str::to_owned)
    } else {
      head.map(|head| head.id)
    };
    if let Some(checkpoint) = checkpoint {
      self.store.save_checkpoint(&checkpoint).await?;
      self.checkpoint = Some(checkpoint);
    }
    Ok(())
  }
}
